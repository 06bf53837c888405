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

}  // namespace silt::sql
