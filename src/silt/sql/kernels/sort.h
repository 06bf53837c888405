#pragma once

// ORDER BY kernels: stable sort permutations, TopK and row comparison over key columns.

#include <cstdint>
#include <vector>

#include "silt/columnar/array.h"

namespace silt::sql {

/// ORDER BY direction of one key. silt's default (PostgreSQL): NULLs last ascending, first
/// descending; the caller resolves defaults and passes explicit flags.
struct SortKeyOrder {
  bool descending = false;
  bool nulls_first = false;
};

/// Stable permutation of rows [0, num_rows) ordered by the keys (arrays with num_rows rows,
/// any encoding). Ordering: numbers by value (float NaN greater than every number and equal
/// to NaN, -0.0 == 0.0), decimals by value, utf8/binary byte-wise (memcmp, shorter prefix
/// first), bool false<true, dates/times/timestamps by value, intervals by (months, days,
/// nanos) field-wise. Nested key types are NotSupported. `pool` accounts the key buffers.
Result<std::vector<int64_t>> SortIndices(const std::vector<ArrayDataPtr>& keys,
                                         const std::vector<SortKeyOrder>& orders,
                                         int64_t num_rows, MemoryPool* pool);

/// The first k rows of that order (TopK), in order; O(n log k) time, O(k) key memory.
Result<std::vector<int64_t>> TopKIndices(const std::vector<ArrayDataPtr>& keys,
                                         const std::vector<SortKeyOrder>& orders,
                                         int64_t num_rows, int64_t k, MemoryPool* pool);

/// Three-way comparison of row a of keys_a with row b of keys_b (same key types): <0, 0, >0.
/// For merging sorted runs and TopK thresholds; not for hot loops (one type switch per key).
int CompareRows(const std::vector<ArrayDataPtr>& keys_a, int64_t a,
                const std::vector<ArrayDataPtr>& keys_b, int64_t b,
                const std::vector<SortKeyOrder>& orders);

}  // namespace silt::sql
