// Physical rules and the default rulepack.
#include "silt/sql/exec/operators.h"
#include "silt/sql/optimizer/rules.h"

namespace silt::sql {

namespace {

class CoalesceBatchesRule : public PhysicalRule {
 public:
  std::string name() const override { return "coalesce_batches"; }
  std::vector<std::string> settings() const override { return {"execution.batch_size"}; }
  Result<ExecutionPlanPtr> Rewrite(const ExecutionPlanPtr& plan, const OptimizerConfig& config) const override {
    int64_t target = config.GetInt("execution.batch_size", 8192);
    return Apply(plan, target);
  }

 private:
  static ExecutionPlanPtr Apply(const ExecutionPlanPtr& node, int64_t target) {
    std::vector<ExecutionPlanPtr> children;
    bool changed = false;
    for (const auto& c : node->children()) {
      auto n = Apply(c, target);
      // Filters and joins can emit many small batches; downstream operators pay per batch.
      if ((c->name() == "FilterExec" || c->name() == "HashJoinExec") && node->name() != "CoalesceBatchesExec") {
        n = MakeCoalesceBatchesExec(n, target);
      }
      changed = changed || n != c;
      children.push_back(n);
    }
    return changed ? node->WithChildren(children) : node;
  }
};

}  // namespace

std::shared_ptr<const PhysicalRule> MakeCoalesceBatchesRule() { return std::make_shared<CoalesceBatchesRule>(); }

Rulepack DefaultRulepack() {
  Rulepack pack;
  pack.logical = {MakeSimplifyExpressionsRule(), MakePushDownFilterRule(), MakePushDownSemiJoinRule(),
                  MakeReorderJoinsRule(),
                  MakePushDownLimitRule(), MakePushDownProjectionRule()};
  pack.physical = {MakeCoalesceBatchesRule()};
  return pack;
}

}  // namespace silt::sql
