#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/thread_pool.h"
#include "silt/expr/predicate.h"
#include "silt/io/file_system.h"
#include "silt/parquet/column_reader.h"
#include "silt/parquet/metadata.h"
#include "silt/parquet/schema.h"

namespace silt::parquet {

/// What to read from a Parquet file and how.
struct ParquetReadOptions {
  /// Top-level column names to read (matched exactly, then case-insensitively); empty = all.
  std::vector<std::string> columns;
  /// When set, called once the footer is read to choose `columns` from the file's schema
  /// (e.g. to match columns by field id, or to leave out columns a file lacks).
  std::function<Result<std::vector<std::string>>(const ParquetSchema&)> choose_columns;
  /// Rows per output batch.
  int64_t batch_size = 64 * 1024;
  /// Prunes row groups and pages that cannot hold rows matching it. Pruning never filters
  /// rows inside a page: callers filter the batches themselves.
  ExprPtr predicate;
  bool use_row_group_statistics = true;
  bool use_page_index = true;
  /// Row groups decoded concurrently (each row group's columns are decoded in parallel too).
  int parallelism = 1;
  /// Dictionary-encoded string chunks come out as dictionary arrays.
  bool keep_dictionary = true;
  bool verify_checksums = true;
  MemoryPool* pool = MemoryPool::Default();
  const CancellationToken* cancel = nullptr;
};

/// Counters of one scan.
struct ParquetScanMetrics {
  int64_t row_groups_total = 0;
  int64_t row_groups_pruned = 0;
  int64_t pages_total = 0;
  int64_t pages_skipped = 0;
  int64_t rows_skipped_by_page_index = 0;
  int64_t bytes_read = 0;
  int64_t footer_bytes = 0;
};

/// Reads one Parquet file: footer once, then projected column chunks of the selected row
/// groups as ranged reads, decoded (optionally in parallel) into record batches.
class ParquetFileReader {
 public:
  /// Opens `file` and parses its footer and schema.
  static Result<std::unique_ptr<ParquetFileReader>> Open(std::shared_ptr<io::RandomAccessFile> file,
                                                         ParquetReadOptions options = {});
  /// Opens a local path or `file:` URI.
  static Result<std::unique_ptr<ParquetFileReader>> Open(const std::string& path,
                                                         ParquetReadOptions options = {});

  const FileMetaData& metadata() const { return metadata_; }
  const ParquetSchema& parquet_schema() const { return *schema_; }
  /// Schema of the batches this reader produces (the projection).
  const SchemaPtr& output_schema() const { return output_schema_; }

  /// Next batch of rows, or null at the end.
  Result<RecordBatchPtr> Next();
  /// All remaining batches.
  Result<std::vector<RecordBatchPtr>> ReadAll();

  /// Decodes one row group (an index into metadata().row_groups) into batches and adds its
  /// counters to `*metrics`. Thread-safe: callers may decode different row groups
  /// concurrently (morsel-driven scans); the row group's columns are decoded in parallel
  /// when options.parallelism > 1.
  Result<std::vector<RecordBatchPtr>> ReadRowGroup(int row_group, ParquetScanMetrics* metrics) const;

  /// Row groups that survive pruning (computed at open).
  const std::vector<int>& selected_row_groups() const { return selected_row_groups_; }
  const ParquetScanMetrics& metrics() const { return metrics_; }

 private:
  ParquetFileReader() = default;
  Status Prepare();
  Status DecodeNextWindow();
  Result<std::vector<RecordBatchPtr>> ReadRowGroupBatches(int row_group, int parallelism,
                                                          int64_t* bytes_read,
                                                          int64_t* pages_read,
                                                          int64_t* pages_skipped,
                                                          int64_t* rows_skipped) const;

  std::shared_ptr<io::RandomAccessFile> file_;
  ParquetReadOptions options_;
  FileMetaData metadata_;
  std::shared_ptr<ParquetSchema> schema_;
  SchemaPtr output_schema_;
  std::vector<const ReadNode*> projected_nodes_;  // owned by schema_
  std::vector<int> selected_row_groups_;
  size_t next_row_group_ = 0;
  std::vector<RecordBatchPtr> pending_;
  size_t pending_pos_ = 0;
  ParquetScanMetrics metrics_;
  int64_t file_size_ = 0;
};

}  // namespace silt::parquet
