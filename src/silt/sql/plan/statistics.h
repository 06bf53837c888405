#pragma once

// Cardinality estimates over logical plans from table statistics (row counts, NDVs from
// min/max ranges) and fixed selectivities; used for join ordering and build-side choice.

#include <optional>

#include "silt/sql/plan/logical_plan.h"

namespace silt::sql {

/// Estimated output rows of a plan from table statistics (nullopt when unknown).
std::optional<double> EstimateRows(const LogicalPlan& plan);
/// Estimated distinct values of output column `column` (nullopt when unknown).
std::optional<double> EstimateNdv(const LogicalPlan& plan, int column);
/// NDV of the table column behind output `column` before any filter (nullopt when the column
/// does not come straight from a scan with statistics).
std::optional<double> EstimateBaseNdv(const LogicalPlan& plan, int column);
/// Fraction of the cross product of `left` and `right` that `left_col = right_col` keeps:
/// 1 / the larger NDV, where a (nearly) unique side bounds the other side's NDV by its own
/// unfiltered domain (key containment: a foreign key's values lie among the keys).
double EstimateEquiJoinSelectivity(const LogicalPlan& left, int left_col, const LogicalPlan& right, int right_col);
/// Fraction of rows a predicate keeps: 10% per equality or LIKE, IN lists and ORs add up
/// their branches, NOT inverts, 50% for anything else.
double EstimateSelectivity(const BoundExpr& predicate);

}  // namespace silt::sql
