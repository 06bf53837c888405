#pragma once

// Logical plan -> physical plan: picks an operator per node (hash join on equi keys found in
// the join condition, nested loop join otherwise; hash aggregation; sort or TopK) and
// evaluates VALUES rows at planning time.

#include "silt/sql/exec/execution_plan.h"
#include "silt/sql/plan/logical_plan.h"

namespace silt::sql {

struct PhysicalPlannerOptions {
  int64_t batch_size = 8192;
};

Result<ExecutionPlanPtr> CreatePhysicalPlan(const LogicalPlan& plan, const PhysicalPlannerOptions& options);

/// Moves conjuncts of a join filter that compare a left-only expression with a right-only
/// expression by `=` into equi keys (right side re-indexed to the right input).
void ExtractEquiKeys(int left_width, BoundExprPtr* filter,
                     std::vector<std::pair<BoundExprPtr, BoundExprPtr>>* keys);

}  // namespace silt::sql
