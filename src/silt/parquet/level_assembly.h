#pragma once

#include <vector>

#include "silt/columnar/array.h"
#include "silt/parquet/column_reader.h"
#include "silt/parquet/schema.h"

namespace silt::parquet {

/// Rebuilds the array of one top-level field from the decoded leaves of its subtree, using
/// repetition and definition levels (Dremel record assembly). `leaves[i]` is the decoded
/// column of leaf i (only the subtree's leaves need be present). The result has `num_rows`
/// rows; level streams that disagree with each other are Corrupt.
Result<ArrayDataPtr> AssembleField(const ReadNode& node,
                                   const std::vector<const DecodedColumn*>& leaves,
                                   int64_t num_rows, MemoryPool* pool);

/// Places dense values at the valid positions of a bitmap of `length` bits (null bitmap
/// means all valid; then dense.length must equal length).
Result<ArrayDataPtr> SpreadDense(const ArrayDataPtr& dense, BufferPtr validity, int64_t null_count,
                                 int64_t length, MemoryPool* pool);

}  // namespace silt::parquet
