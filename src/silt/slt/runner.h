#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/common/types.h"
#include "silt/slt/record.h"

namespace silt::slt {

/// A query's result as the engine returns it.
struct QueryOutput {
  SchemaPtr schema;  ///< column names and types
  std::vector<RecordBatchPtr> batches;
};

/// One fresh database (each file runs in its own, SLT.md).
class Database {
 public:
  virtual ~Database() = default;
  /// Runs one SQL statement (DDL/DML/anything) and returns its rows (empty output for
  /// statements without rows).
  virtual Result<QueryOutput> Execute(const std::string& sql) = 0;
};

/// Creates the database a file runs in; called once per file.
using DatabaseFactory = std::function<Result<std::unique_ptr<Database>>()>;

/// How RunPaths runs and reports.
struct RunOptions {
  std::vector<std::string> labels = {"silt", "postgresql"};
  bool verbose = false;  ///< print every failure with file:line, SQL, expected vs actual
  int64_t max_failures_printed = 50;  ///< per run, in verbose mode (then just count)
};

/// Record counts of a run. Statement and query records count; control records do not.
struct RunSummary {
  int64_t passed = 0, failed = 0, skipped = 0;
  int64_t files = 0;
  int64_t order_only_failures = 0;
};

/// Runs .slt/.test files and folders (recursively, sorted by path for determinism). Writes
/// progress/failures to `out` and, last, the line "N passed, N failed, N skipped"
/// (CONTRACTS.md). A file that cannot be read counts as a failure with a message.
///
/// Verbose mode prints each failure as `path:line: <reason>` followed by the SQL, the
/// expected and the actual lines (about 20 lines each); otherwise one line
/// `path: N passed, N failed` per file with failures. Records after a `halt` count as
/// skipped. A file whose path has a directory component exactly `sqlite` (for example
/// ../shared/testdata/slt/sqlite/evidence/in1.test) is of SQLite origin (IsSqliteOrigin).
Result<RunSummary> RunPaths(const std::vector<std::string>& paths, const DatabaseFactory& factory,
                            const RunOptions& options, std::ostream& out);

/// Outcome of running one record (RunRecord).
struct RecordOutcome {
  enum class Kind : uint8_t { kPassed, kFailed, kSkipped, kNotCounted };
  Kind kind = Kind::kPassed;
  bool order_only = false;  ///< failed because only the row order differs
  bool halt = false;        ///< a `halt` record ran: stop the file
  std::string reason;       ///< failures: one line
  std::string details;      ///< failures: SQL, expected and actual (verbose output)
};

/// Runs one record against `db` with the runner's `labels`: conditions, execution (an
/// exception thrown by the engine counts as a failure), rendering and comparison.
/// Control records (hash-threshold, halt) are kNotCounted.
/// Runs one record. Convention beyond SLT.md (silt's own suites, e.g. tests/slt/explain.slt):
/// a result value with line breaks (EXPLAIN plans) renders one expected line per text line —
/// the row's cells joined by ' ' with each cell's first line, then each further line of a cell
/// on its own line — and EXPLAIN ANALYZE's `elapsed_compute=` / `peak_mem=` values read as
/// `<masked>`.
RecordOutcome RunRecord(const Record& record, Database* db, const std::vector<std::string>& labels);

/// Runs one file's text in a fresh database from `factory`, adding to `summary`; `path` is
/// used in messages and to decide SQLite origin.
void RunFileText(const std::string& path, std::string_view text, const DatabaseFactory& factory,
                 const RunOptions& options, std::ostream& out, RunSummary* summary,
                 int64_t* failures_printed);

/// True when some directory component of `path` is exactly `sqlite` (SLT.md: SQLite-origin
/// files render values by type letter and may compare by MD5 hash).
bool IsSqliteOrigin(const std::string& path);

}  // namespace silt::slt
