#pragma once

// Gathering rows by index (sort output, join probes, window navigation).

#include <cstdint>

#include "silt/columnar/array.h"

namespace silt::sql {

/// Gathers rows: result row i = array row indices[i]; an index of -1 yields NULL (outer
/// joins). Any input encoding; a dictionary input stays dictionary-encoded (indices gathered,
/// dictionary shared), other results are plain. Allocates from pool. Indices must be
/// -1 or in [0, array->length) (checked: an index out of range is Status::Internal).
Result<ArrayDataPtr> Take(const ArrayDataPtr& array, const int64_t* indices, int64_t n,
                          MemoryPool* pool);

/// Take on every column of a batch (result schema = batch's).
Result<RecordBatchPtr> TakeBatch(const RecordBatch& batch, const int64_t* indices, int64_t n,
                                 MemoryPool* pool);

}  // namespace silt::sql
