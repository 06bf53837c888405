#pragma once

// Table providers: in-memory tables (CREATE TABLE / INSERT), Parquet files (a file, a
// directory or a glob), Delta tables (a snapshot, with time travel) and CSV files.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "silt/csv/csv_reader.h"
#include "silt/sql/plan/table_source.h"

namespace silt::sql {

/// A table held in memory; rows are appended by INSERT and replaced by UPDATE / DELETE.
class MemoryTable : public TableSource {
 public:
  explicit MemoryTable(SchemaPtr schema) : schema_(std::move(schema)) {}
  SchemaPtr schema() const override { return schema_; }
  std::string kind() const override { return "memory"; }
  TableStatistics statistics() const override;
  Result<std::unique_ptr<TableScan>> Scan(const ScanRequest& request) const override;

  /// Appends batches (columns already of the table's types).
  void Append(std::vector<RecordBatchPtr> batches);
  /// Replaces every row.
  void Replace(std::vector<RecordBatchPtr> batches);
  std::vector<RecordBatchPtr> batches() const;

 private:
  SchemaPtr schema_;
  mutable std::mutex mutex_;
  std::vector<RecordBatchPtr> batches_;
};

/// Parquet files: one path, a directory (every *.parquet inside, sorted) or a glob (`*`, `?`).
Result<std::shared_ptr<TableSource>> OpenParquetTable(const std::string& path);

/// A Delta table at its latest version, or at `version` / `timestamp`.
Result<std::shared_ptr<TableSource>> OpenDeltaTable(const std::string& path,
                                                    std::optional<int64_t> version,
                                                    std::optional<std::string> timestamp);

/// A CSV file read with `options` (schema inferred when not given).
Result<std::shared_ptr<TableSource>> OpenCsvTable(const std::string& path, csv::CsvOptions options);

}  // namespace silt::sql
