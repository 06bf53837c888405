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

/// Drops sorts whose order nobody can observe: a full sort (no fetch) feeding a hash
/// aggregate, a hash join, a union input that is re-sorted, or another full sort (the outer
/// sort decides the order). Ordered aggregates sort their own inputs, so aggregates do not
/// need sorted input either.
class EliminateSortsRule : public PhysicalRule {
 public:
  std::string name() const override { return "eliminate_sorts"; }
  Result<ExecutionPlanPtr> Rewrite(const ExecutionPlanPtr& plan, const OptimizerConfig&) const override {
    return Apply(plan, false);
  }

 private:
  static bool IsFullSort(const ExecutionPlan& p) { return p.name() == "SortExec"; }
  /// Operators whose output order does not depend on their input order.
  static bool OrderInsensitive(const ExecutionPlan& p) {
    return p.name() == "HashAggregateExec" || p.name() == "HashJoinExec" || p.name() == "NestedLoopJoinExec" ||
           p.name() == "SortExec" || p.name() == "SortExec(TopK)" || p.name() == "IntersectExec" ||
           p.name() == "ExceptExec";
  }
  /// Operators that keep their input's order row for row.
  static bool OrderPreserving(const ExecutionPlan& p) {
    return p.name() == "ProjectionExec" || p.name() == "FilterExec" || p.name() == "CoalesceBatchesExec";
  }
  /// `unobserved`: nothing above cares about this node's output order.
  static ExecutionPlanPtr Apply(const ExecutionPlanPtr& node, bool unobserved) {
    if (unobserved && IsFullSort(*node)) return Apply(node->children()[0], true);
    bool child_unobserved = OrderInsensitive(*node) || (unobserved && OrderPreserving(*node));
    std::vector<ExecutionPlanPtr> children;
    bool changed = false;
    for (const auto& c : node->children()) {
      auto n = Apply(c, child_unobserved);
      changed = changed || n != c;
      children.push_back(n);
    }
    return changed ? node->WithChildren(children) : node;
  }
};

}  // namespace

std::shared_ptr<const PhysicalRule> MakeEliminateSortsRule() { return std::make_shared<EliminateSortsRule>(); }

std::shared_ptr<const PhysicalRule> MakeCoalesceBatchesRule() { return std::make_shared<CoalesceBatchesRule>(); }

Rulepack DefaultRulepack() {
  Rulepack pack;
  pack.logical = {MakeSimplifyExpressionsRule(), MakePushDownFilterRule(), MakePushDownSemiJoinRule(),
                  MakeReorderJoinsRule(),
                  MakePushDownLimitRule(), MakePushDownProjectionRule()};
  pack.physical = {MakeEliminateSortsRule(), MakeCoalesceBatchesRule()};
  return pack;
}

}  // namespace silt::sql
