#pragma once

// CSV files as record batches: the reader behind SQL's read_csv('path') and
// CREATE EXTERNAL TABLE ... STORED AS CSV.
//
// Format: RFC 4180 (quoted fields may hold delimiters, doubled quotes and line breaks), LF or
// CRLF line endings, an optional UTF-8 byte order mark, an optional final line break. Blank
// lines are skipped. Unquoted fields are taken verbatim (no trimming).
//
// Schema inference reads up to `sample_rows` rows and gives each column the narrowest of
// bool (true/false, any case), int64, float64 (decimal and exponent forms, inf, nan),
// date32 (YYYY-MM-DD), timestamp(us) without zone (YYYY-MM-DD[ T]HH:MM:SS[.f], a bare date
// counts as midnight), else utf8. NULLs (the empty unquoted field, or `null_string`) do not
// vote; an all-NULL column is utf8.
//
// Header detection (has_header absent): the first row is a header when every one of its
// fields is non-empty and is plain text, i.e. parses as none of the inferred types above (so
// it also fails to parse as the types inferred from the rows below it). Header names are made
// unique (`a`, `a_1`, ...); an empty name becomes columnN. Without a header columns are
// named column1, column2, ...
//
// Errors: a value that does not parse as its column's type (rows after the sample) is
// Execution, naming the file, line, column and value; a row with the wrong number of fields
// or an unterminated quote is Corrupt naming the file and line.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/common/types.h"
#include "silt/io/file_system.h"
#include "silt/memory/memory_pool.h"

namespace silt::csv {

class CsvTokenizer;
struct RowBlock;

/// How to read a CSV file; every field has a default that suits common files.
struct CsvOptions {
  std::optional<bool> has_header;  ///< absent: detect (see the file comment)
  std::optional<char> delimiter;   ///< absent: detect among , ; \t | (most consistent count)
  char quote = '"';
  char escape = '"';               ///< '"' means RFC 4180 doubled quotes
  std::string null_string;         ///< a field equal to this (unquoted) is NULL; so is ""
  int64_t sample_rows = 1000;      ///< rows used for type inference
  SchemaPtr schema;                ///< explicit column names + types (skips inference)
  int64_t batch_rows = 8192;
  std::string comment;             ///< lines starting with this are skipped (empty = none)
  int64_t chunk_bytes = 1 << 20;   ///< bytes per read from the file system
};

/// Parses one SQL OPTIONS / read_csv named argument into `options`. Keys (any case):
/// header|has_header (bool), delimiter|delim|sep (one char; "\t" or a tab for tab),
/// quote, escape, null|nullstr|null_string, sample_size|sample_rows, comment.
/// Unknown keys and malformed values are InvalidArgument.
Status ApplyCsvOption(CsvOptions* options, std::string_view key, std::string_view value);

/// Streaming reader over one file: reads it in chunks of `chunk_bytes` and converts
/// `batch_rows` rows at a time. Keeps the file open until destroyed; not thread-safe.
class CsvReader {
 public:
  ~CsvReader();
  /// Opens `path` on `fs` (which must outlive the reader), detects the dialect and infers
  /// the schema from the first rows.
  static Result<std::unique_ptr<CsvReader>> Open(io::FileSystem* fs, const std::string& path,
                                                 CsvOptions options,
                                                 MemoryPool* pool = MemoryPool::Default());
  /// Inferred (or explicit) schema: all columns nullable.
  const SchemaPtr& schema() const { return schema_; }
  /// Next batch of up to batch_rows rows, or nullptr at the end.
  Result<RecordBatchPtr> Next();

 private:
  CsvReader() = default;

  std::string path_;
  CsvOptions options_;
  MemoryPool* pool_ = nullptr;
  SchemaPtr schema_;
  std::unique_ptr<CsvTokenizer> tokenizer_;
  std::unique_ptr<RowBlock> block_;  // reused by every Next()
};

/// Reads a whole file (tests, small files).
Result<std::vector<RecordBatchPtr>> ReadCsvFile(io::FileSystem* fs, const std::string& path,
                                                const CsvOptions& options);

}  // namespace silt::csv
