#pragma once

// Translates bound filter conjuncts into the predicate trees (expr/predicate.h) that Parquet
// row-group/page pruning and Delta file skipping understand: comparisons of a column with a
// constant, IS [NOT] NULL, AND / OR / NOT. Anything else has no translation (the scan then
// prunes with the conjuncts that do).

#include <optional>

#include "silt/expr/predicate.h"
#include "silt/sql/plan/bound_expr.h"

namespace silt::sql {

/// The pruning predicate for `filter`, whose columns index `schema` (the scan's output), or
/// null when it has no translation.
silt::ExprPtr ToPruningPredicate(const BoundExpr& filter, const Schema& schema);

/// The value of a one-row array as a Scalar (nullopt for types pruning does not use).
std::optional<Scalar> ScalarFromArray(const ArrayData& value);

}  // namespace silt::sql
