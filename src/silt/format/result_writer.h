#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string_view>
#include <vector>

#include "silt/columnar/array.h"

namespace silt {

/// Result formats of the CLI's `--format` (CONTRACTS.md).
enum class OutputFormat : uint8_t { kTable, kCsv, kTsv, kJson, kNdjson };

/// Reads "table", "csv", "tsv", "json" or "ndjson" (case-insensitive); InvalidArgument
/// listing the choices otherwise.
Result<OutputFormat> ParseOutputFormat(std::string_view name);
/// The lower-case name of a format.
const char* OutputFormatName(OutputFormat format);

/// Knobs for the writers; the defaults are what the CLI prints.
struct WriterOptions {
  /// csv/tsv: write the header row of column names.
  bool header = true;
  /// table: show at most this many rows (the first and last halves) and a
  /// "N rows (M shown)" footer; 0 shows every row.
  int64_t max_table_rows = 40;
  /// table: cells wider than this many display columns are cut with "…"; 0 = no limit.
  int32_t max_column_width = 80;
};

/// Streams query results to a std::ostream in one format: Begin once, Write per batch,
/// End once. csv/tsv/json/ndjson write each batch as it arrives; table buffers the rows it
/// shows (at most max_table_rows when set) to size its columns. The stream must outlive the
/// writer; stream failures are reported as IO errors. Not thread-safe.
class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  /// Starts the output for rows of `schema` (csv header, json "[").
  virtual Status Begin(const Schema& schema) = 0;
  /// Writes every row of `batch`, whose columns must match the schema given to Begin.
  virtual Status Write(const RecordBatch& batch) = 0;
  /// Finishes the output (json "]", the table itself) and flushes the stream.
  virtual Status End() = 0;
};

/// A writer of `format` on `out` (not owned).
std::unique_ptr<ResultWriter> MakeResultWriter(OutputFormat format, std::ostream* out,
                                               WriterOptions options = {});

/// Convenience: Begin(schema), Write(each batch), End().
Status WriteBatches(OutputFormat format, const Schema& schema,
                    const std::vector<RecordBatchPtr>& batches, std::ostream* out,
                    WriterOptions options = {});

}  // namespace silt
