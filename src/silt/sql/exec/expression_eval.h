#pragma once

// Vectorized evaluation of bound expressions over a record batch: one call per node per
// batch, kernels from functions/ (no per-row dispatch). Literals become constant arrays;
// CASE evaluates each branch only on the rows that reach it, so an error in a branch that
// no row takes is never raised.

#include "silt/columnar/array.h"
#include "silt/functions/function_registry.h"
#include "silt/sql/plan/bound_expr.h"

namespace silt::sql {

/// Evaluates `expr` over `batch` (num_rows rows of its columns).
Result<ArrayDataPtr> EvaluateExpr(const BoundExpr& expr, const RecordBatch& batch,
                                  const functions::KernelContext& ctx);

/// `expr` with equal computed subtrees (calls and casts) replaced by one shared node:
/// EvaluateExpr computes a node held by several parents once per batch (an IN list is an OR
/// of equalities over copies of its operand).
BoundExprPtr ShareEqualSubtrees(const BoundExprPtr& expr);
/// Row indices where a boolean array is TRUE (NULL and FALSE dropped).
std::vector<int64_t> SelectedRows(const ArrayData& mask);

/// Rows of `batch` where `mask` is TRUE.
Result<RecordBatchPtr> FilterByMask(const RecordBatchPtr& batch, const ArrayData& mask,
                                    MemoryPool* pool);

}  // namespace silt::sql
