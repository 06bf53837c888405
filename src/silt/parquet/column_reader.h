#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/parquet/metadata.h"
#include "silt/parquet/schema.h"

namespace silt::parquet {

/// Options for decoding one column chunk.
struct ColumnDecodeOptions {
  /// Hand dictionary-encoded BYTE_ARRAY chunks on as dictionary arrays (no expansion).
  bool keep_dictionary = true;
  /// Verify page CRCs when the writer stored them.
  bool verify_checksums = true;
  MemoryPool* pool = MemoryPool::Default();
};

/// A contiguous run of rows [first, first + count) of a row group.
struct RowRange {
  int64_t first = 0;
  int64_t count = 0;
};

/// The decoded content of one column chunk (or of selected pages of it): levels and the
/// dense (non-null) leaf values.
struct DecodedColumn {
  BufferPtr def_levels;  // int16 per level; null when max_def_level == 0
  BufferPtr rep_levels;  // int16 per level; null when max_rep_level == 0
  int64_t num_levels = 0;
  int64_t num_rows = 0;
  /// Dense values of the leaf's silt type (length = levels at max definition level), plain
  /// or dictionary-encoded (int32 indices).
  ArrayDataPtr values;
  // Counters for scan metrics.
  int64_t pages_read = 0;
  int64_t pages_skipped = 0;
};

/// Where the pages of a chunk are: the chunk bytes as read from the file, starting at file
/// offset `file_offset`.
struct ChunkBytes {
  const uint8_t* data = nullptr;
  int64_t size = 0;
  int64_t file_offset = 0;
};

/// Decodes every page of a column chunk. `num_rows` is the row group's row count (checked).
/// When `pages` is given (from the offset index) only data pages overlapping `rows` are
/// decoded (flat columns only), and the result covers exactly those pages' rows.
Result<DecodedColumn> DecodeColumnChunk(const LeafDescriptor& leaf, const ColumnMetaData& meta,
                                        const ChunkBytes& chunk, int64_t num_rows,
                                        const ColumnDecodeOptions& options);

/// Decodes only the listed data pages (by index into `locations`), plus the dictionary
/// page at the chunk start if any. Used for page-index skipping on flat columns.
Result<DecodedColumn> DecodeColumnPages(const LeafDescriptor& leaf, const ColumnMetaData& meta,
                                        const ChunkBytes& chunk,
                                        const std::vector<PageLocation>& locations,
                                        const std::vector<int>& selected_pages,
                                        int64_t rows_in_selection,
                                        const ColumnDecodeOptions& options);

}  // namespace silt::parquet
