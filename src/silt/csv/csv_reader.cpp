// CsvReader: dialect detection, header detection and schema inference over a sample of
// rows, then streaming conversion batch by batch.
#include "silt/csv/csv_reader.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "silt/csv/csv_columns.h"
#include "silt/csv/csv_tokenizer.h"
#include "silt/csv/csv_values.h"

namespace silt::csv {
namespace {

// Bytes of the file looked at to choose the delimiter.
constexpr int64_t kDelimiterSampleBytes = 1 << 20;
// A sanity bound on the width of a file (a binary file read as CSV is not a table).
constexpr int64_t kMaxColumns = 100000;

// Picks the delimiter whose rows most consistently share one field count of at least two;
// ties go to more columns, then to the order , ; \t |.
char DetectDelimiter(const std::shared_ptr<io::RandomAccessFile>& file, const std::string& path,
                     int64_t start, int64_t size, const CsvOptions& options) {
  const int64_t end = std::min(size, start + kDelimiterSampleBytes);
  char best = ',';
  double best_consistency = 0;
  int64_t best_fields = 1;
  RowBlock block;
  for (char candidate : {',', ';', '\t', '|'}) {
    if (candidate == options.quote) continue;
    block.Clear();
    CsvTokenizer tokenizer(file, path, start, end, options.chunk_bytes,
                           {candidate, options.quote, options.escape, options.comment});
    Status status = tokenizer.ReadRows(std::max<int64_t>(options.sample_rows, 1), &block);
    int64_t rows = block.num_rows();
    // The sample may end inside a row; a failed or cut-off last row does not vote.
    if ((!status.ok() || end < size) && rows > 1) --rows;
    if (rows == 0) continue;
    std::map<int64_t, int64_t> counts;
    for (int64_t row = 0; row < rows; ++row) ++counts[block.FieldCount(row)];
    auto mode = std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
      return a.second < b.second || (a.second == b.second && a.first < b.first);
    });
    if (mode->first < 2) continue;
    double consistency = static_cast<double>(mode->second) / static_cast<double>(rows);
    if (consistency > best_consistency ||
        (consistency == best_consistency && mode->first > best_fields)) {
      best = candidate;
      best_consistency = consistency;
      best_fields = mode->first;
    }
  }
  return best;
}

// Column names from a header row: unique, empty names replaced by columnN.
std::vector<std::string> HeaderNames(const RowBlock& block, int64_t num_columns) {
  std::vector<std::string> names;
  std::set<std::string> used;
  for (int64_t i = 0; i < num_columns; ++i) {
    std::string base(block.Field(block.row_starts[0] + i));
    if (base.empty()) base = "column" + std::to_string(i + 1);
    std::string name = base;
    for (int suffix = 1; used.count(name) > 0; ++suffix) name = base + "_" + std::to_string(suffix);
    used.insert(name);
    names.push_back(std::move(name));
  }
  return names;
}

DataTypePtr TypeFromMask(uint8_t mask, bool seen) {
  if (!seen) return utf8();
  if (mask & kCandidateBool) return boolean();
  if (mask & kCandidateInt64) return int64();
  if (mask & kCandidateFloat64) return float64();
  if (mask & kCandidateDate32) return date32();
  if (mask & kCandidateTimestamp) return timestamp(TimeUnit::kMicro);
  return utf8();
}

Status CheckOptions(const CsvOptions& options) {
  if (options.batch_rows <= 0) return Status::InvalidArgument("CSV batch_rows must be positive");
  if (options.chunk_bytes <= 0) return Status::InvalidArgument("CSV chunk_bytes must be positive");
  if (options.delimiter && (*options.delimiter == options.quote || *options.delimiter == '\n' ||
                            *options.delimiter == '\r')) {
    return Status::InvalidArgument("CSV delimiter must differ from the quote and line breaks");
  }
  if (options.quote == '\n' || options.quote == '\r' || options.escape == '\n' ||
      options.escape == '\r') {
    return Status::InvalidArgument("CSV quote and escape must not be line breaks");
  }
  return Status::OK();
}

}  // namespace

CsvReader::~CsvReader() = default;

Result<std::unique_ptr<CsvReader>> CsvReader::Open(io::FileSystem* fs, const std::string& path,
                                                   CsvOptions options, MemoryPool* pool) {
  SILT_RETURN_NOT_OK(CheckOptions(options));
  SILT_ASSIGN_OR_RETURN(auto file, fs->OpenForRead(path));
  SILT_ASSIGN_OR_RETURN(int64_t size, file->Size());
  int64_t start = 0;
  if (size >= 3) {
    SILT_ASSIGN_OR_RETURN(BufferPtr head, file->ReadAt(0, 3));
    if (head->size() == 3 && std::memcmp(head->data(), "\xEF\xBB\xBF", 3) == 0) start = 3;
  }
  if (!options.delimiter) options.delimiter = DetectDelimiter(file, path, start, size, options);
  CsvDialect dialect{*options.delimiter, options.quote, options.escape, options.comment};

  // The sample: the first row plus up to sample_rows rows after it.
  RowBlock sample;
  const int64_t sample_rows = std::max<int64_t>(options.sample_rows, 1);
  {
    CsvTokenizer tokenizer(file, path, start, size, options.chunk_bytes, dialect);
    SILT_RETURN_NOT_OK(tokenizer.ReadRows(options.schema ? 1 : sample_rows + 1, &sample));
  }
  int64_t num_columns = options.schema ? options.schema->num_fields()
                        : sample.num_rows() > 0 ? sample.FieldCount(0)
                                                : 0;
  if (num_columns > kMaxColumns) {
    return Status::Corrupt(path + ": more than " + std::to_string(kMaxColumns) + " columns");
  }
  for (int64_t row = 0; row < sample.num_rows(); ++row) {
    if (sample.FieldCount(row) != num_columns) {
      return Status::Corrupt(path + ": line " + std::to_string(sample.row_lines[row]) +
                             ": expected " + std::to_string(num_columns) + " fields, found " +
                             std::to_string(sample.FieldCount(row)));
    }
  }

  // Candidate types of the first row and of the rows after it.
  std::vector<uint8_t> first_mask(num_columns, 0), rest_mask(num_columns, kAllCandidates);
  std::vector<bool> rest_seen(num_columns, false);
  bool first_row_is_text = sample.num_rows() > 0;
  for (int64_t row = 0; row < sample.num_rows(); ++row) {
    for (int64_t col = 0; col < num_columns; ++col) {
      const int64_t k = sample.row_starts[row] + col;
      if (IsNullField(sample, k, options.null_string) || sample.Field(k).empty()) {
        if (row == 0) first_row_is_text = false;
        continue;
      }
      uint8_t mask = CandidateMask(sample.Field(k));
      if (row == 0) {
        first_mask[col] = mask;
        if (mask != 0) first_row_is_text = false;
      } else {
        rest_mask[col] &= mask;
        rest_seen[col] = true;
      }
    }
  }
  const bool has_header = options.has_header.value_or(first_row_is_text);

  std::vector<FieldPtr> fields;
  if (options.schema) {
    for (const FieldPtr& f : options.schema->fields()) fields.push_back(field(f->name, f->type));
  } else {
    std::vector<std::string> names;
    if (has_header && sample.num_rows() > 0) {
      names = HeaderNames(sample, num_columns);
    } else {
      for (int64_t i = 0; i < num_columns; ++i) names.push_back("column" + std::to_string(i + 1));
    }
    for (int64_t col = 0; col < num_columns; ++col) {
      uint8_t mask = rest_mask[col];
      bool seen = rest_seen[col];
      if (!has_header && sample.num_rows() > 0) {
        const int64_t k = sample.row_starts[0] + col;
        if (!IsNullField(sample, k, options.null_string) && !sample.Field(k).empty()) {
          mask &= first_mask[col];
          seen = true;
        }
      }
      fields.push_back(field(names[col], TypeFromMask(mask, seen)));
    }
  }

  std::unique_ptr<CsvReader> reader(new CsvReader());
  reader->path_ = path;
  reader->pool_ = pool;
  reader->schema_ = std::make_shared<Schema>(std::move(fields));
  reader->block_ = std::make_unique<RowBlock>();
  reader->tokenizer_ =
      std::make_unique<CsvTokenizer>(file, path, start, size, options.chunk_bytes, dialect);
  reader->tokenizer_->set_expected_fields(num_columns);
  if (has_header) SILT_RETURN_NOT_OK(reader->tokenizer_->ReadRows(1, reader->block_.get()));
  reader->options_ = std::move(options);
  return reader;
}

Result<RecordBatchPtr> CsvReader::Next() {
  block_->Clear();
  SILT_RETURN_NOT_OK(tokenizer_->ReadRows(options_.batch_rows, block_.get()));
  const int64_t rows = block_->num_rows();
  if (rows == 0) return RecordBatchPtr();
  ColumnContext context{&path_, &options_.null_string, pool_};
  std::vector<ArrayDataPtr> columns;
  columns.reserve(schema_->num_fields());
  for (int col = 0; col < schema_->num_fields(); ++col) {
    SILT_ASSIGN_OR_RETURN(ArrayDataPtr column,
                          ConvertColumn(context, *block_, col, *schema_->field(col)));
    columns.push_back(std::move(column));
  }
  return std::make_shared<RecordBatch>(schema_, rows, std::move(columns));
}

Result<std::vector<RecordBatchPtr>> ReadCsvFile(io::FileSystem* fs, const std::string& path,
                                                const CsvOptions& options) {
  SILT_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(fs, path, options));
  std::vector<RecordBatchPtr> batches;
  while (true) {
    SILT_ASSIGN_OR_RETURN(RecordBatchPtr batch, reader->Next());
    if (batch == nullptr) break;
    batches.push_back(std::move(batch));
  }
  return batches;
}

}  // namespace silt::csv
