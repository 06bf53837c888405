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

/// Hash joins publish their build keys' [min, max] (and, for small builds, the exact key set)
/// to the probe-side scan of each key, through projections, filters, the group keys of
/// aggregates and the left input of lower joins (inner, semi and right joins, where probe
/// rows without a match cannot produce output), and a one-key TopK publishes its running
/// k-th value: the scan drops rows outside and prunes row groups, pages and Delta files it
/// opens afterwards. A scan several operators publish to reads all of them.
class DynamicFiltersRule : public PhysicalRule {
 public:
  std::string name() const override { return "dynamic_filters"; }
  Result<ExecutionPlanPtr> Rewrite(const ExecutionPlanPtr& plan, const OptimizerConfig&) const override {
    return Apply(plan);
  }

 private:
  struct Target {
    int column = -1;
    std::string name;
    DataTypePtr type;
  };

  /// Rebuilds `node` with `filters` attached to the scan that produces its column `col`;
  /// null when the column does not come straight from a scan.
  static ExecutionPlanPtr Attach(const ExecutionPlanPtr& node, int col, const std::shared_ptr<RuntimeFilters>& filters,
                                 Target* target) {
    const std::string n = node->name();
    if (n == "ScanExec") {
      const auto& f = node->schema()->field(col);
      target->column = col;
      target->name = f->name;
      target->type = f->type;
      return AddRuntimeFilters(node, filters, f->name);
    }
    if (n == "HashJoinExec") {
      // A column of the join's left input (the probe side unless build=left): joins whose
      // output values of that column all come from left rows (no right / full join, whose
      // unmatched build rows would multiply when left rows go) pass the filter down, so a
      // join above can filter the scan below this one (TPC-H Q5's lineitem by orders' keys
      // under the join with supplier).
      const JoinSpec* spec = JoinSpecOf(*node);
      const int left_width = node->children()[0]->schema()->num_fields();
      // (A single-match join must still see every row to raise its "more than one row" error.)
      if (!spec || col >= left_width || spec->type == JoinType::kRight || spec->type == JoinType::kFull ||
          spec->single_match) {
        return nullptr;
      }
      auto left = Attach(node->children()[0], col, filters, target);
      return left ? node->WithChildren({left, node->children()[1]}) : nullptr;
    }
    int child_col = col;
    if (n == "ProjectionExec") {
      const auto* exprs = ProjectionExprsOf(*node);
      if (!exprs || (*exprs)[col]->kind != BoundExprKind::kColumn) return nullptr;
      child_col = (*exprs)[col]->index;
    } else if (n == "HashAggregateExec") {
      // A group key: rows whose key cannot match remove whole groups, whose output rows could
      // not have matched either (TPC-H Q17: lineitem's rows of 204 parts reach the aggregate).
      bool grouping_sets = false;
      const auto* groups = AggregateGroupsOf(*node, &grouping_sets);
      if (!groups || grouping_sets || col >= static_cast<int>(groups->size()) ||
          (*groups)[col]->kind != BoundExprKind::kColumn) {
        return nullptr;
      }
      child_col = (*groups)[col]->index;
    } else if (n != "FilterExec" && n != "CoalesceBatchesExec") {
      return nullptr;
    }
    auto child = Attach(node->children()[0], child_col, filters, target);
    return child ? node->WithChildren({child}) : nullptr;
  }

  static Result<ExecutionPlanPtr> Apply(const ExecutionPlanPtr& node) {
    std::vector<ExecutionPlanPtr> children;
    bool changed = false;
    for (const auto& c : node->children()) {
      SILT_ASSIGN_OR_RETURN(auto n, Apply(c));
      changed = changed || n != c;
      children.push_back(n);
    }
    ExecutionPlanPtr current = changed ? node->WithChildren(children) : node;
    if (const auto* keys = TopKKeysOf(*current)) {
      // TopK over one column of a scan: the running k-th key bounds the scan.
      if (keys->size() == 1 && (*keys)[0].expr->kind == BoundExprKind::kColumn) {
        auto filters = std::make_shared<RuntimeFilters>();
        Target target;
        auto attached = Attach(current->children()[0], (*keys)[0].expr->index, filters, &target);
        if (attached) {
          auto sort = WithTopKThreshold(current->WithChildren({attached}), filters, target.column, target.name, target.type);
          if (sort) return sort;
        }
      }
      return current;
    }
    const JoinSpec* spec = JoinSpecOf(*current);
    // Rows with NULL keys match under IS NOT DISTINCT FROM: key filters would drop them.
    if (!spec || spec->keys.empty() || !spec->runtime_filter_targets.empty() || spec->build_left ||
        spec->null_equals_null ||
        (spec->type != JoinType::kInner && spec->type != JoinType::kSemi && spec->type != JoinType::kRight)) {
      return current;
    }
    JoinSpec updated = *spec;
    ExecutionPlanPtr probe = current->children()[0];
    for (size_t k = 0; k < spec->keys.size(); ++k) {
      const auto& probe_key = spec->keys[k].first;
      TypeId id = probe_key->type->id();
      bool integral = id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 ||
                      id == TypeId::kInt64 || id == TypeId::kDate32;
      if (probe_key->kind != BoundExprKind::kColumn || !integral) continue;
      auto filters = std::make_shared<RuntimeFilters>();
      Target target;
      auto attached = Attach(probe, probe_key->index, filters, &target);
      if (!attached) continue;
      probe = attached;
      updated.runtime_filter_targets.push_back({k, target.column, target.name, target.type, filters});
    }
    if (updated.runtime_filter_targets.empty()) return current;
    return MakeJoinExec(probe, current->children()[1], std::move(updated), current->schema());
  }
};

}  // namespace

std::shared_ptr<const PhysicalRule> MakeDynamicFiltersRule() { return std::make_shared<DynamicFiltersRule>(); }

std::shared_ptr<const PhysicalRule> MakeEliminateSortsRule() { return std::make_shared<EliminateSortsRule>(); }

std::shared_ptr<const PhysicalRule> MakeCoalesceBatchesRule() { return std::make_shared<CoalesceBatchesRule>(); }

Rulepack DefaultRulepack() {
  Rulepack pack;
  // common_subexpression_elimination runs once filters have reached their joins and scans
  // and joins are ordered (the projections it adds would only sit in their way) and before
  // push_down_projection, which then prunes the columns the new projections pass through and
  // folds them into the column-only projections below.
  pack.logical = {MakeSimplifyExpressionsRule(), MakePushDownFilterRule(), MakePushDownSemiJoinRule(),
                  MakeReorderJoinsRule(),
                  MakePushDownLimitRule(), MakeCommonSubexpressionEliminationRule(), MakePushDownProjectionRule()};
  pack.physical = {MakeEliminateSortsRule(), MakeDynamicFiltersRule(), MakeCoalesceBatchesRule(),
                   MakeRepartitionPlacementRule()};  // last: exchanges see the final operators
  return pack;
}

}  // namespace silt::sql
