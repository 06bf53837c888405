#pragma once

// Shared pieces of the window kernels (internal to silt_sql_kernels): partition and peer
// structure of the sorted rows, frame bounds, and the frame-based evaluators.

#include <cstdint>
#include <vector>

#include "silt/sql/kernels/window.h"

namespace silt::sql::internal {

/// Partitions and peer groups of sorted rows. Per row: the partition [start, end) and the
/// peer group [start, end); plus every peer group start in order (with a final n), and each
/// row's index into that list, for GROUPS frames.
struct WindowLayout {
  int64_t num_rows = 0;
  std::vector<int64_t> partition_starts;  ///< start of every partition, then num_rows
  std::vector<int64_t> partition_start;   ///< per row
  std::vector<int64_t> partition_end;     ///< per row
  std::vector<int64_t> peer_start;        ///< per row
  std::vector<int64_t> peer_end;          ///< per row
  std::vector<int64_t> group_starts;      ///< start of every peer group, then num_rows
  std::vector<int64_t> group_index;       ///< per row: its peer group's index in group_starts
};

/// Computes the layout from the sorted partition and order key columns.
Result<WindowLayout> ComputeWindowLayout(const std::vector<ArrayDataPtr>& partition_keys,
                                         const std::vector<ArrayDataPtr>& order_keys,
                                         int64_t num_rows, MemoryPool* pool);

/// Frame of every row as half-open row ranges [start[i], end[i]) (empty when end <= start;
/// normalized so start <= end). Validates the frame clause (Plan / Execution errors).
struct FrameBounds {
  std::vector<int64_t> start;
  std::vector<int64_t> end;
};
Result<FrameBounds> ComputeFrames(const WindowCall& call, const WindowLayout& layout,
                                  const std::vector<ArrayDataPtr>& order_keys,
                                  const std::vector<SortKeyOrder>& orders, MemoryPool* pool);

/// RANGE frames with an offset bound: fills the bound's rows for every row
/// (`is_start`: first row of the frame; else one past the last row).
Status RangeOffsetBounds(const WindowBound& bound, bool is_start, const WindowLayout& layout,
                         const ArrayData& order_key, const SortKeyOrder& order,
                         std::vector<int64_t>* out);

/// count / sum / avg / min / max over frames; `type` is the result type.
Result<ArrayDataPtr> EvaluateFrameAggregate(const WindowCall& call, const DataTypePtr& type,
                                            const WindowLayout& layout, const FrameBounds& frames,
                                            MemoryPool* pool);

/// first_value / last_value / nth_value over frames.
Result<ArrayDataPtr> EvaluateFrameValue(const WindowCall& call, const WindowLayout& layout,
                                        const FrameBounds& frames, MemoryPool* pool);

/// A plain int64 / float64 array from values and an optional validity (empty: all valid).
Result<ArrayDataPtr> MakeInt64Column(const std::vector<int64_t>& values,
                                     const std::vector<uint8_t>& valid, MemoryPool* pool);
Result<ArrayDataPtr> MakeFloat64Column(const std::vector<double>& values,
                                       const std::vector<uint8_t>& valid, MemoryPool* pool);

/// Reads row i of a flattened integer array of any integer type as int64 (uint64 values
/// above INT64_MAX saturate).
int64_t ReadInteger(const ArrayData& a, int64_t i);

/// Positions of non-NULL rows of `a` in order, and for each i in [0, n] the number of
/// non-NULL rows before i (IGNORE NULLS navigation).
struct NonNullIndex {
  std::vector<int64_t> positions;
  std::vector<int64_t> before;
};
NonNullIndex BuildNonNullIndex(const ArrayData& a);

}  // namespace silt::sql::internal
