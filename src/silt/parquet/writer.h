#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/types.h"
#include "silt/io/file_system.h"
#include "silt/memory/memory_pool.h"
#include "silt/parquet/compression.h"
#include "silt/parquet/metadata.h"

namespace silt::parquet {

class ColumnChunkWriter;
struct WriterSchema;
struct WriterScratch;

/// How ParquetFileWriter lays out and encodes a file.
struct ParquetWriteOptions {
  /// Codec of every column chunk (anything IsCompressionSupported accepts).
  CompressionCodec compression = CompressionCodec::kSnappy;
  /// Codec level; kDefaultCompressionLevel means 3 for ZSTD and the codec default otherwise.
  int compression_level = kDefaultCompressionLevel;
  /// Target uncompressed size of a data page (levels + values).
  int64_t page_bytes = int64_t{1} << 20;
  /// Rows per data page at most, so sparse or tiny values still give the page index
  /// useful granularity.
  int64_t max_page_rows = 20000;
  /// Rows per row group. A row group is also closed early once its buffered (encoded) bytes
  /// exceed max_row_group_bytes. 122,880 (DuckDB's default) bounds the writer's memory to a
  /// few tens of MB for wide tables and gives parallel readers enough morsels; 1M rows
  /// raised peak RSS of a lineitem rewrite from 129 MB to 187 MB.
  int64_t row_group_rows = 122880;
  int64_t max_row_group_bytes = int64_t{128} << 20;
  /// Dictionary-encode every column but BOOLEAN; a chunk whose dictionary grows past
  /// dictionary_page_bytes_limit (PLAIN-encoded size) writes the rest of its pages PLAIN.
  bool dictionary = true;
  int64_t dictionary_page_bytes_limit = int64_t{1} << 20;
  /// Column chunk statistics (min/max/null_count/nan_count).
  bool write_statistics = true;
  /// ColumnIndex + OffsetIndex for every column chunk, after the row groups.
  bool write_page_index = true;
  /// BYTE_ARRAY min/max longer than this are truncated (min to a prefix, max to an
  /// incremented prefix); 0 disables truncation.
  int64_t statistics_truncate_bytes = 64;
  /// CRC-32 of every page body in its header.
  bool write_page_crc = false;
  /// DATA_PAGE_V2 pages (levels uncompressed, values compressed) instead of DATA_PAGE.
  bool data_page_v2 = false;
  /// Footer key/value metadata, appended after the schema's metadata (a key given in both
  /// keeps this value).
  KeyValueMetadata key_value_metadata;
  std::string created_by = "silt version 0.1";
  /// Columns encoded concurrently (levels, values, pages and compression of different
  /// leaves run in parallel; the file is still written in order).
  int parallelism = 1;
  /// Accounts the buffered pages of the row group being built.
  MemoryPool* pool = MemoryPool::Default();
};

/// Counters of a writer.
struct ParquetWriteStats {
  int64_t rows_written = 0;
  int64_t row_groups = 0;
  int64_t bytes_written = 0;  // file bytes so far (all of them once closed)
};

/// Streams record batches into one Parquet file. Pages are encoded as batches arrive and
/// buffered per column chunk until the row group is complete, so memory is bounded by one
/// row group's encoded size. Not thread-safe. Close() must be called to produce a valid
/// file; a writer destroyed without Close() leaves a truncated file behind.
class ParquetFileWriter {
 public:
  ~ParquetFileWriter();

  /// Converts `schema` to a Parquet schema (InvalidArgument / NotSupported for types that
  /// cannot be written) and writes the leading magic to `out`, which the writer owns.
  static Result<std::unique_ptr<ParquetFileWriter>> Open(std::unique_ptr<io::OutputStream> out,
                                                         SchemaPtr schema,
                                                         ParquetWriteOptions options = {});

  /// Appends the rows of `batch`, whose columns must have the schema's types. Arrays may be
  /// sliced and dictionary- or constant-encoded. A null in a non-nullable field, or a value
  /// Parquet cannot represent, is InvalidArgument naming the column; the file is then unusable.
  Status Write(const RecordBatch& batch);

  /// Closes the current row group (if it has rows).
  Status FlushRowGroup();

  /// Writes the last row group, the page index and the footer, and closes the stream.
  Status Close();

  const ParquetWriteStats& stats() const { return stats_; }
  const SchemaPtr& schema() const { return schema_; }
  /// The footer written by Close() (valid after a successful Close()).
  const FileMetaData& metadata() const { return metadata_; }

 private:
  ParquetFileWriter() = default;
  Status WriteSlice(const RecordBatch& batch);
  Status WriteBytes(const void* data, int64_t size);
  Status WritePageIndex();
  int64_t BufferedBytes() const;

  std::unique_ptr<io::OutputStream> out_;
  SchemaPtr schema_;
  ParquetWriteOptions options_;
  std::unique_ptr<WriterSchema> writer_schema_;
  std::vector<std::unique_ptr<ColumnChunkWriter>> columns_;
  // Per-thread scratch, handed out to the tasks of WriteSlice.
  std::vector<std::unique_ptr<WriterScratch>> scratch_;
  std::mutex scratch_mu_;
  FileMetaData metadata_;
  // Page index of every written chunk, [row group][leaf]; empty optionals when discarded.
  std::vector<std::vector<std::optional<ColumnIndex>>> column_indexes_;
  std::vector<std::vector<OffsetIndex>> offset_indexes_;
  int64_t row_group_rows_ = 0;
  int64_t position_ = 0;
  bool closed_ = false;
  bool failed_ = false;
  ParquetWriteStats stats_;
};

/// Writes `batches` (all of `schema`) to a new local file at `path` (or `file:` URI).
Status WriteParquetFile(const std::string& path, const std::vector<RecordBatchPtr>& batches,
                        SchemaPtr schema, ParquetWriteOptions options = {});

}  // namespace silt::parquet
