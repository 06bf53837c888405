#include <cctype>
#include "silt/slt/runner.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "silt/slt/compare.h"
#include "silt/slt/render.h"

namespace silt::slt {

namespace {

namespace fs = std::filesystem;

/// Lines of a value, without a trailing empty line.
std::vector<std::string> SplitLines(const std::string& v) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= v.size()) {
    size_t end = v.find('\n', start);
    if (end == std::string::npos) end = v.size();
    out.push_back(v.substr(start, end - start));
    start = end + 1;
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

/// EXPLAIN ANALYZE metrics that change between runs (elapsed time, peak memory) become
/// `<masked>`, so plans compare as golden text.
std::string MaskVolatile(const std::string& v) {
  static const char* const kKeys[] = {"elapsed_compute=", "peak_mem="};
  std::string out = v;
  for (const char* key : kKeys) {
    size_t pos = 0;
    const size_t klen = std::string_view(key).size();
    while ((pos = out.find(key, pos)) != std::string::npos) {
      size_t start = pos + klen, end = start;
      while (end < out.size() && (std::isdigit(static_cast<unsigned char>(out[end])) || out[end] == 'u' || out[end] == 's')) ++end;
      out.replace(start, end - start, "<masked>");
      pos = start;
    }
  }
  return out;
}


constexpr size_t kMaxBlockLines = 20;

using Kind = RecordOutcome::Kind;

// Execute with the engine's exceptions turned into a failure the caller can tell apart.
Result<QueryOutput> GuardedExecute(Database* db, const std::string& sql, bool* threw) {
  *threw = false;
  try {
    return db->Execute(sql);
  } catch (const std::exception& e) {
    *threw = true;
    return Status::Internal(std::string("the engine threw an exception: ") + e.what());
  } catch (...) {
    *threw = true;
    return Status::Internal("the engine threw a non-standard exception");
  }
}

std::string OneLine(const Status& status) {
  return std::string(StatusCodeName(status.code())) + ": " + status.MessageWithContext();
}

// Appends `title` and the lines of `lines`, indented, at most kMaxBlockLines of them.
void AppendBlock(const std::string& title, const std::vector<std::string>& lines,
                 std::string* out) {
  *out += title + ":\n";
  for (size_t i = 0; i < lines.size() && i < kMaxBlockLines; ++i) *out += "    " + lines[i] + "\n";
  if (lines.size() > kMaxBlockLines) {
    *out += "    ... (" + std::to_string(lines.size() - kMaxBlockLines) + " more lines)\n";
  }
}

std::vector<std::string> SplitSql(const std::string& sql) {
  std::vector<std::string> lines;
  std::istringstream in(sql);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

RecordOutcome Fail(const Record& record, std::string reason, const std::vector<std::string>* actual,
                   const std::string& diff = "") {
  RecordOutcome outcome;
  outcome.kind = Kind::kFailed;
  outcome.reason = std::move(reason);
  AppendBlock("  sql", SplitSql(record.sql), &outcome.details);
  if (record.kind == RecordKind::kQuery)
    AppendBlock("  expected", record.expected, &outcome.details);
  if (actual != nullptr) AppendBlock("  actual", *actual, &outcome.details);
  if (!diff.empty()) {
    outcome.details += "  diff (- expected, + actual):\n";
    std::istringstream in(diff);
    for (std::string line; std::getline(in, line);) outcome.details += "    " + line + "\n";
  }
  return outcome;
}

RecordOutcome RunQuery(const Record& record, const QueryOutput& output) {
  int num_columns = 0;
  if (output.schema) {
    num_columns = output.schema->num_fields();
  } else if (!output.batches.empty() && output.batches[0]) {
    num_columns = output.batches[0]->num_columns();
  }
  if (static_cast<size_t>(num_columns) != record.types.size()) {
    return Fail(record,
                "expected " + std::to_string(record.types.size()) + " columns (types '" +
                    record.types + "'), got " + std::to_string(num_columns),
                nullptr);
  }
  std::vector<std::vector<std::string>> rows;
  for (const RecordBatchPtr& batch : output.batches) {
    if (!batch) continue;
    // Engine bugs must not make the runner read out of bounds.
    if (batch->num_columns() != num_columns) {
      return Fail(record,
                  "a result batch has " + std::to_string(batch->num_columns()) +
                      " columns, the schema " + std::to_string(num_columns),
                  nullptr);
    }
    for (int c = 0; c < num_columns; ++c) {
      if (!batch->column(c) || batch->column(c)->length < batch->num_rows()) {
        return Fail(record, "result column " + std::to_string(c + 1) + " is shorter than its batch",
                    nullptr);
      }
    }
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      std::vector<std::string> row;
      row.reserve(num_columns);
      for (int c = 0; c < num_columns; ++c) {
        row.push_back(RenderValue(*batch->column(c), r, record.types[c], record.sqlite_origin));
      }
      rows.push_back(std::move(row));
    }
  }
  // Multi-line values (EXPLAIN plans) render one text line per result line: the row's cells
  // joined by ' ' with each cell's first line, then every further line of a cell on its own
  // line. Values that vary between runs are masked (see MaskVolatile).
  bool multi_line = false;
  for (const auto& row : rows) {
    for (const auto& v : row) multi_line = multi_line || v.find('\n') != std::string::npos;
  }
  if (multi_line && !record.sqlite_origin) {
    std::vector<std::vector<std::string>> lines;
    for (const auto& row : rows) {
      std::vector<std::vector<std::string>> split;
      for (const auto& v : row) split.push_back(SplitLines(MaskVolatile(v)));
      std::string first;
      for (size_t i = 0; i < split.size(); ++i) {
        if (i > 0) first.append(" ");
        if (!split[i].empty()) first.append(split[i][0]);
      }
      lines.push_back({first});
      for (const auto& cell : split) {
        for (size_t k = 1; k < cell.size(); ++k) lines.push_back({cell[k]});
      }
    }
    rows = std::move(lines);
    num_columns = 1;
  }
  CompareOutcome compared = CompareResult(record.expected, rows, num_columns, record.sort_mode);
  if (compared.status == CompareStatus::kPass) return {};
  // Actual values in the layout the expected block uses: one value per line for SQLite files.
  std::vector<std::string> actual_lines;
  for (const auto& row : rows) {
    if (record.sqlite_origin) {
      actual_lines.insert(actual_lines.end(), row.begin(), row.end());
    } else {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) line += (i > 0 ? " " : "") + row[i];
      actual_lines.push_back(std::move(line));
    }
  }
  RecordOutcome outcome = Fail(record, compared.reason, &actual_lines, compared.diff);
  outcome.order_only = compared.status == CompareStatus::kOrderOnly;
  return outcome;
}

void CollectFiles(const std::string& root, std::vector<std::string>* files) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    files->push_back(root);  // a file, or a path that then fails to read with a message
    return;
  }
  std::vector<std::string> found;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    std::string ext = it->path().extension().string();
    if ((ext == ".slt" || ext == ".test") && it->is_regular_file(ec))
      found.push_back(it->path().string());
  }
  if (ec) {
    files->push_back(root);  // reported as unreadable below
    return;
  }
  std::sort(found.begin(), found.end());
  files->insert(files->end(), found.begin(), found.end());
}

bool ReadFile(const std::string& path, std::string* text) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  *text = buffer.str();
  return true;
}

}  // namespace

bool IsSqliteOrigin(const std::string& path) {
  fs::path p(path);
  fs::path parent = p.parent_path();
  for (const fs::path& component : parent) {
    if (component == "sqlite") return true;
  }
  return false;
}

RecordOutcome RunRecord(const Record& record, Database* db,
                        const std::vector<std::string>& labels) {
  RecordOutcome outcome;
  bool skipped = IsSkipped(record.conditions, labels);
  switch (record.kind) {
    case RecordKind::kHashThreshold: outcome.kind = Kind::kNotCounted; return outcome;
    case RecordKind::kHalt:
      outcome.kind = Kind::kNotCounted;
      outcome.halt = !skipped;
      return outcome;
    case RecordKind::kInvalid: return Fail(record, "malformed record: " + record.error, nullptr);
    default: break;
  }
  if (skipped) {
    outcome.kind = Kind::kSkipped;
    return outcome;
  }
  bool threw = false;
  Result<QueryOutput> result = GuardedExecute(db, record.sql, &threw);
  if (threw) return Fail(record, OneLine(result.status()), nullptr);
  switch (record.kind) {
    case RecordKind::kStatementOk:
      if (!result.ok())
        return Fail(record, "statement failed: " + OneLine(result.status()), nullptr);
      return outcome;
    case RecordKind::kStatementError:
      if (result.ok())
        return Fail(record, "statement succeeded but an error was expected", nullptr);
      return outcome;
    default:
      if (!result.ok()) return Fail(record, "query failed: " + OneLine(result.status()), nullptr);
      return RunQuery(record, *result);
  }
}

void RunFileText(const std::string& path, std::string_view text, const DatabaseFactory& factory,
                 const RunOptions& options, std::ostream& out, RunSummary* summary,
                 int64_t* failures_printed) {
  ++summary->files;
  std::vector<Record> records = ParseSltFile(text, IsSqliteOrigin(path));
  Result<std::unique_ptr<Database>> db = Status::Internal("no database factory");
  if (factory) {
    try {
      db = factory();
    } catch (const std::exception& e) {
      db = Status::Internal(std::string("the database factory threw: ") + e.what());
    }
  }
  if (db.ok() && *db == nullptr) db = Status::Internal("the database factory returned null");
  if (!db.ok()) {
    ++summary->failed;
    out << path << ": cannot create a database: " << OneLine(db.status()) << "\n";
    return;
  }
  int64_t passed = 0, failed = 0;
  bool halted = false;
  for (const Record& record : records) {
    bool counted = record.kind != RecordKind::kHalt && record.kind != RecordKind::kHashThreshold;
    if (halted) {
      if (counted) ++summary->skipped;
      continue;
    }
    RecordOutcome outcome = RunRecord(record, db->get(), options.labels);
    switch (outcome.kind) {
      case Kind::kPassed: ++passed; break;
      case Kind::kSkipped: ++summary->skipped; break;
      case Kind::kNotCounted: break;
      case Kind::kFailed:
        ++failed;
        if (outcome.order_only) ++summary->order_only_failures;
        if (options.verbose && *failures_printed < options.max_failures_printed) {
          out << path << ":" << record.line << ": " << outcome.reason << "\n" << outcome.details;
        }
        ++*failures_printed;
        break;
    }
    halted = outcome.halt;
  }
  summary->passed += passed;
  summary->failed += failed;
  if (!options.verbose && failed > 0) {
    out << path << ": " << passed << " passed, " << failed << " failed\n";
  }
  out.flush();  // progress stays visible even if a later file crashes the engine
}

Result<RunSummary> RunPaths(const std::vector<std::string>& paths, const DatabaseFactory& factory,
                            const RunOptions& options, std::ostream& out) {
  if (!factory) return Status::InvalidArgument("RunPaths needs a database factory");
  std::vector<std::string> files;
  for (const std::string& path : paths) CollectFiles(path, &files);
  RunSummary summary;
  int64_t failures_printed = 0;
  for (const std::string& path : files) {
    std::string text;
    if (!ReadFile(path, &text)) {
      ++summary.files;
      ++summary.failed;
      out << path << ": cannot read the file\n";
      continue;
    }
    RunFileText(path, text, factory, options, out, &summary, &failures_printed);
  }
  if (options.verbose && failures_printed > options.max_failures_printed) {
    out << (failures_printed - options.max_failures_printed) << " more failures not printed\n";
  }
  if (summary.order_only_failures > 0) {
    out << summary.order_only_failures << " of the failures differ only in row order\n";
  }
  out << summary.passed << " passed, " << summary.failed << " failed, " << summary.skipped
      << " skipped\n";
  return summary;
}

}  // namespace silt::slt
