#pragma once

// Deciding from per-column bounds (min/max/null counts) whether any row of a unit of data
// (a Parquet row group or page, a Delta data file) can satisfy a predicate. Shared by the
// Parquet reader and Delta file skipping so both follow one set of NULL/NaN rules.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "silt/expr/predicate.h"

namespace silt {

/// Bounds known about a column over a set of rows.
struct ColumnBounds {
  std::optional<Scalar> min;  // a lower bound of the non-null, non-NaN values
  std::optional<Scalar> max;  // an upper bound of the non-null, non-NaN values
  std::optional<int64_t> null_count;
  std::optional<int64_t> nan_count;
  int64_t num_values = -1;    // rows covered, -1 when unknown
  bool is_floating = false;
};

/// What a bounds source knows about one column path: its type (literals are coerced to it
/// before comparing) and its bounds, nullopt when nothing is recorded.
struct ResolvedBounds {
  DataTypePtr type;
  std::optional<ColumnBounds> bounds;
};

/// Resolves a column path of the predicate; nullopt when the column is unknown to the
/// source (pruning then treats every condition on it as possibly true).
using BoundsResolver = std::function<std::optional<ResolvedBounds>(const std::vector<std::string>& path)>;

/// False only when no row covered by the bounds can make `predicate` TRUE (SQL semantics:
/// comparisons with NULL are never true; NaN is greater than every number, as in
/// PostgreSQL, and is not reflected in min/max unless nan_count says there is none).
bool BoundsMayMatch(const Expr& predicate, const BoundsResolver& resolve);

}  // namespace silt
