#pragma once

// Window function kernels: ranking, navigation (lag/lead/first/last/nth_value) and
// aggregates over ROWS / RANGE / GROUPS frames, evaluated over rows already sorted by
// (partition keys, order keys).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/sql/kernels/sort.h"

namespace silt::sql {

/// Frame unit of a window frame clause.
enum class WindowFrameUnit : uint8_t { kRows, kRange, kGroups };
/// Kind of one frame bound.
enum class WindowBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing
};

/// One frame bound (`3 PRECEDING`, `CURRENT ROW`, ...).
struct WindowBound {
  WindowBoundKind kind = WindowBoundKind::kUnboundedPreceding;
  int64_t offset = 0;  ///< ROWS / GROUPS offset
  /// RANGE offset: one-row array, numeric (same type family as the single order key) or
  /// interval for date/timestamp keys.
  ArrayDataPtr range_offset;
};

/// A frame clause: unit plus start and end bounds.
struct WindowFrame {
  WindowFrameUnit unit = WindowFrameUnit::kRange;
  WindowBound start;
  WindowBound end{WindowBoundKind::kCurrentRow, 0, nullptr};
};

/// One window function call over rows already sorted by (partition keys, order keys).
struct WindowCall {
  /// Lower case: row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value
  /// last_value nth_value, or an aggregate: count sum avg min max (count(*) = count with no
  /// args).
  std::string name;
  /// Evaluated arguments, num_rows rows each (lag/lead: value, offset?, default?; ntile: n;
  /// nth_value: value, n).
  std::vector<ArrayDataPtr> args;
  /// IGNORE NULLS (lag/lead/first_value/last_value/nth_value); NotSupported elsewhere.
  bool ignore_nulls = false;
  /// Frame; when `has_frame` is false the SQL default applies: with ORDER BY: RANGE BETWEEN
  /// UNBOUNDED PRECEDING AND CURRENT ROW; without: the whole partition.
  bool has_frame = false;
  WindowFrame frame;
};

/// Return type of a window function for argument types (Plan error when it does not apply):
/// row_number/rank/dense_rank/ntile -> int64; percent_rank/cume_dist -> float64;
/// lag/lead/first/last/nth_value -> arg type; count -> int64; sum: ints -> int64, floats ->
/// float64, decimal(p,s) -> decimal(38,s); avg -> float64 (decimal: decimal(min(38,p+4),
/// s+4)); min/max -> arg type.
Result<DataTypePtr> WindowFunctionReturnType(std::string_view name,
                                             const std::vector<DataTypePtr>& arg_types);

/// True for row_number..nth_value (not the aggregates).
bool IsWindowOnlyFunctionName(std::string_view name);

/// Evaluates `call` over num_rows sorted rows. partition_keys / order_keys: the sorted key
/// columns (may be empty); partitions are runs of equal partition keys, peers are runs of
/// equal order keys within a partition (NULLs equal). `orders` holds one entry per order
/// key. Returns num_rows values in the input row order, allocated from pool.
Result<ArrayDataPtr> EvaluateWindow(const WindowCall& call,
                                    const std::vector<ArrayDataPtr>& partition_keys,
                                    const std::vector<ArrayDataPtr>& order_keys,
                                    const std::vector<SortKeyOrder>& orders, int64_t num_rows,
                                    MemoryPool* pool);

}  // namespace silt::sql
