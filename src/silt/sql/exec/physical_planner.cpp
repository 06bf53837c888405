#include "silt/sql/exec/physical_planner.h"

#include <algorithm>
#include <map>

#include "silt/columnar/builder.h"
#include "silt/sql/exec/expression_eval.h"
#include "silt/sql/exec/operators.h"
#include "silt/sql/plan/statistics.h"

namespace silt::sql {

void ExtractEquiKeys(int left_width, BoundExprPtr* filter,
                     std::vector<std::pair<BoundExprPtr, BoundExprPtr>>* keys) {
  if (!*filter) return;
  std::vector<BoundExprPtr> conjuncts, rest;
  SplitConjunction(*filter, &conjuncts);
  constexpr int kMax = 1 << 30;
  for (const auto& c : conjuncts) {
    if (IsCall(*c, "=") && c->children.size() == 2) {
      const auto& a = c->children[0];
      const auto& b = c->children[1];
      std::vector<int> ca, cb;
      CollectColumns(*a, &ca);
      CollectColumns(*b, &cb);
      if (!ca.empty() && !cb.empty() && a->IsDeterministic() && b->IsDeterministic()) {
        if (ColumnsWithin(*a, 0, left_width) && ColumnsWithin(*b, left_width, kMax)) {
          keys->emplace_back(a, ShiftColumns(b, -left_width));
          continue;
        }
        if (ColumnsWithin(*b, 0, left_width) && ColumnsWithin(*a, left_width, kMax)) {
          keys->emplace_back(b, ShiftColumns(a, -left_width));
          continue;
        }
      }
    }
    rest.push_back(c);
  }
  auto conj = Conjunction(rest);
  *filter = conj.ok() ? *conj : nullptr;
}

namespace {

/// Whether no two rows of `plan` agree on all of `columns`: they include every group key of
/// an aggregate (seen through projections of columns, filters, sorts and limits).
bool ColumnsAreUnique(const LogicalPlan& plan, const std::vector<int>& columns) {
  switch (plan.kind) {
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kLimit:
      return ColumnsAreUnique(*plan.inputs[0], columns);
    case PlanKind::kProjection: {
      std::vector<int> below;
      for (int c : columns) {
        if (plan.exprs[c]->kind == BoundExprKind::kColumn) below.push_back(plan.exprs[c]->index);
      }
      return ColumnsAreUnique(*plan.inputs[0], below);
    }
    case PlanKind::kAggregate: {
      if (!plan.grouping_sets.empty()) return false;
      for (int g = 0; g < static_cast<int>(plan.group_exprs.size()); ++g) {
        if (std::find(columns.begin(), columns.end(), g) == columns.end()) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

class Planner {
 public:
  explicit Planner(const PhysicalPlannerOptions& options) : options_(options) {}

  Result<ExecutionPlanPtr> Plan(const LogicalPlan& plan) {
    SchemaPtr schema = plan.schema.ToSchema();
    std::vector<ExecutionPlanPtr> inputs;
    if (plan.kind != PlanKind::kRecursiveCte) {
      for (const auto& in : plan.inputs) {
        SILT_ASSIGN_OR_RETURN(auto p, Plan(*in));
        inputs.push_back(p);
      }
    }
    switch (plan.kind) {
      case PlanKind::kScan:
        return MakeScanExec(plan.table_name, plan.source, plan.projection, plan.filters, plan.fetch, schema);
      case PlanKind::kEmpty: {
        std::vector<RecordBatchPtr> batches;
        if (plan.produce_one_row) batches.push_back(std::make_shared<RecordBatch>(schema, 1, std::vector<ArrayDataPtr>{}));
        return MakeValuesExec(schema, std::move(batches), "PlaceholderRowExec");
      }
      case PlanKind::kValues:
        return PlanValues(plan, schema);
      case PlanKind::kProjection:
        return MakeProjectionExec(inputs[0], plan.exprs, schema);
      case PlanKind::kFilter:
        return MakeFilterExec(inputs[0], plan.exprs[0]);
      case PlanKind::kLimit:
        return MakeLimitExec(inputs[0], plan.skip, plan.fetch);
      case PlanKind::kSort:
        return MakeSortExec(inputs[0], plan.sort_exprs, plan.fetch);
      case PlanKind::kUnion: {
        auto u = MakeUnionExec(inputs, schema);
        if (!plan.distinct) return u;
        return MakeHashAggregateExec(u, ColumnsOf(plan.schema), {}, {}, schema);
      }
      case PlanKind::kSetOp:
        return MakeSetOpExec(inputs[0], inputs[1], plan.set_op, plan.distinct, schema);
      case PlanKind::kAggregate: {
        std::vector<PhysicalAggregate> aggs;
        for (const auto& call : plan.aggregates) {
          std::vector<DataTypePtr> types;
          std::vector<AggregateOrderKey> orders;
          for (const auto& a : call.args) types.push_back(a->type);
          for (const auto& o : call.order_by) {
            types.push_back(o.expr->type);
            orders.push_back(AggregateOrderKey{o.descending, o.nulls_first});
          }
          SILT_ASSIGN_OR_RETURN(auto bound, BindAggregate(call.name, types, call.distinct, orders));
          aggs.push_back(PhysicalAggregate{call, std::move(bound)});
        }
        return MakeHashAggregateExec(inputs[0], plan.group_exprs, std::move(aggs), plan.grouping_sets, schema);
      }
      case PlanKind::kWindow:
        return MakeWindowExec(inputs[0], plan.window_calls, schema);
      case PlanKind::kJoin: {
        JoinSpec spec;
        spec.type = plan.join_type;
        spec.keys = plan.join_keys;
        spec.filter = plan.join_filter;
        spec.null_equals_null = plan.null_equals_null;
        spec.null_aware = plan.null_aware;
        spec.single_match = plan.distinct;
        ExtractEquiKeys(plan.inputs[0]->schema.size(), &spec.filter, &spec.keys);
        if (spec.single_match && !spec.keys.empty()) {
          // A scalar subquery grouped by its correlation keys has one row per key: no probe
          // row can see two matches, and the join may build on either side.
          std::vector<int> right_keys;
          for (const auto& [l, r] : spec.keys) {
            if (r->kind == BoundExprKind::kColumn) right_keys.push_back(r->index);
          }
          if (ColumnsAreUnique(*plan.inputs[1], right_keys)) spec.single_match = false;
        }
        const bool outer_or_inner = spec.type == JoinType::kInner || spec.type == JoinType::kLeft ||
                                    spec.type == JoinType::kRight || spec.type == JoinType::kFull;
        if (outer_or_inner && !spec.single_match && !spec.null_aware && !spec.keys.empty()) {
          // Hash tables are built on the right input: when the left is smaller, swap the
          // inputs (a LEFT join becomes a RIGHT join: TPC-H Q13's 150K customers are built,
          // 1.5M orders probe) and put the columns back in order with a projection.
          auto l = EstimateRows(*plan.inputs[0]);
          auto r = EstimateRows(*plan.inputs[1]);
          if (l && r && *l < *r) {
            int lw = plan.inputs[0]->schema.size();
            int rw = plan.inputs[1]->schema.size();
            std::vector<int> to_swapped(static_cast<size_t>(lw + rw));
            for (int c = 0; c < lw; ++c) to_swapped[c] = rw + c;
            for (int c = 0; c < rw; ++c) to_swapped[lw + c] = c;
            JoinSpec swapped = spec;
            if (spec.type == JoinType::kLeft) swapped.type = JoinType::kRight;
            if (spec.type == JoinType::kRight) swapped.type = JoinType::kLeft;
            for (auto& [a, b] : swapped.keys) std::swap(a, b);
            if (swapped.filter) swapped.filter = RemapColumns(swapped.filter, to_swapped);
            std::vector<FieldPtr> fields;
            for (int c = 0; c < rw; ++c) fields.push_back(schema->field(lw + c));
            for (int c = 0; c < lw; ++c) fields.push_back(schema->field(c));
            auto join = MakeJoinExec(inputs[1], inputs[0], std::move(swapped), std::make_shared<Schema>(fields));
            std::vector<BoundExprPtr> exprs;
            for (int c = 0; c < lw + rw; ++c) {
              const auto& f = schema->field(c);
              exprs.push_back(MakeColumn(to_swapped[c], f->name, f->type, f->nullable));
            }
            return MakeProjectionExec(join, std::move(exprs), schema);
          }
        }
        if ((spec.type == JoinType::kSemi || spec.type == JoinType::kAnti) && !spec.null_aware &&
            !spec.keys.empty()) {
          // Build on the smaller input: TPC-H Q4's EXISTS over lineitem builds on orders.
          auto l = EstimateRows(*plan.inputs[0]);
          auto r = EstimateRows(*plan.inputs[1]);
          spec.build_left = l && r && *l * 2 < *r;
        }
        if (spec.null_aware && (spec.keys.empty() || spec.keys.size() != plan.join_keys.size())) {
          // Null-aware semantics are defined on the IN key only; keep it first.
        }
        return MakeJoinExec(inputs[0], inputs[1], std::move(spec), schema);
      }
      case PlanKind::kUnnest:
        return MakeUnnestExec(inputs[0], plan.unnest_columns, plan.unnest_outer, schema);
      case PlanKind::kMaterializedCte: {
        auto& result = cte_results_[plan.cte_id];
        if (!result) result = std::make_shared<CteResult>();
        return MakeMaterializedCteExec(plan.cte_name, result, inputs[0]);
      }
      case PlanKind::kWorkTable: {
        auto& table = work_tables_[plan.cte_name];
        if (!table) table = std::make_shared<WorkTable>();
        return MakeWorkTableExec(plan.cte_name, table, schema);
      }
      case PlanKind::kRecursiveCte: {
        auto table = std::make_shared<WorkTable>();
        auto saved = work_tables_[plan.cte_name];
        work_tables_[plan.cte_name] = table;
        SILT_ASSIGN_OR_RETURN(auto anchor, Plan(*plan.inputs[0]));
        SILT_ASSIGN_OR_RETURN(auto recursive, Plan(*plan.inputs[1]));
        work_tables_[plan.cte_name] = saved;
        return MakeRecursiveCteExec(plan.cte_name, anchor, recursive, table, plan.distinct, schema);
      }
    }
    return Status::Internal("unknown logical plan node");
  }

 private:
  Result<ExecutionPlanPtr> PlanValues(const LogicalPlan& plan, const SchemaPtr& schema) {
    // Each row's expressions are evaluated on a one-row batch, then columns concatenated.
    auto one = std::make_shared<RecordBatch>(std::make_shared<Schema>(), 1, std::vector<ArrayDataPtr>{});
    functions::KernelContext kc;
    std::vector<std::vector<ArrayDataPtr>> columns(static_cast<size_t>(schema->num_fields()));
    for (const auto& row : plan.rows) {
      for (size_t c = 0; c < row.size(); ++c) {
        SILT_ASSIGN_OR_RETURN(auto v, EvaluateExpr(*row[c], *one, kc));
        SILT_ASSIGN_OR_RETURN(auto flat, Flatten(v));
        columns[c].push_back(flat);
      }
    }
    std::vector<ArrayDataPtr> cols;
    for (auto& parts : columns) {
      SILT_ASSIGN_OR_RETURN(auto col, Concatenate(parts));
      cols.push_back(col);
    }
    std::vector<RecordBatchPtr> batches;
    if (!plan.rows.empty()) {
      batches.push_back(std::make_shared<RecordBatch>(schema, static_cast<int64_t>(plan.rows.size()), std::move(cols)));
    }
    return MakeValuesExec(schema, std::move(batches), "ValuesExec");
  }

  [[maybe_unused]] const PhysicalPlannerOptions& options_;  // batch sizing, when operators read it
  std::map<std::string, std::shared_ptr<WorkTable>> work_tables_;
  std::map<int, std::shared_ptr<CteResult>> cte_results_;
};

}  // namespace

Result<ExecutionPlanPtr> CreatePhysicalPlan(const LogicalPlan& plan, const PhysicalPlannerOptions& options) {
  Planner planner(options);
  return planner.Plan(plan);
}

}  // namespace silt::sql
