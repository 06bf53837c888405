#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace silt::slt {

/// What a sqllogictest record asks for (SLT.md "Format").
enum class RecordKind : uint8_t {
  kStatementOk,     ///< `statement ok` / `statement count N`: execution must succeed
  kStatementError,  ///< `statement error [...]`: execution must fail (message ignored)
  kQuery,           ///< `query <types> [<sortmode>] [<label>]`
  kHashThreshold,   ///< `hash-threshold N` (accepted, no effect when verifying)
  kHalt,            ///< `halt`: stop running the file
  kInvalid,         ///< a malformed record; `error` says why (the runner counts it as failed)
};

/// How a query's rendered values are ordered before comparison.
enum class SortMode : uint8_t { kNoSort, kRowSort, kValueSort };

/// One `skipif <label>` / `onlyif <label>` line guarding a record.
struct Condition {
  bool only_if = false;  ///< true for onlyif, false for skipif
  std::string label;     ///< second token of the line, as written
};

/// A parsed record. Lines are 1-based line numbers of the file.
struct Record {
  RecordKind kind = RecordKind::kInvalid;
  int64_t line = 0;                   ///< line of the `statement`/`query`/... header
  std::vector<Condition> conditions;  ///< in file order
  std::string sql;                    ///< lines joined by '\n', one trailing ';' stripped
  std::string types;                  ///< query: one letter per result column
  SortMode sort_mode = SortMode::kNoSort;
  std::string label;  ///< query: the optional label token (e.g. "label-46")
  /// Query: the expected result lines (after `----`); statement error: the (ignored) error
  /// message lines. Trailing '\r' removed, otherwise verbatim.
  std::vector<std::string> expected;
  int64_t expected_line = 0;   ///< line of the first expected line (0 when none)
  bool has_separator = false;  ///< a `----` line followed the SQL
  int64_t count = -1;          ///< `statement count N`: N; -1 otherwise
  int64_t hash_threshold = 0;  ///< `hash-threshold N`: N
  bool sqlite_origin = false;  ///< copied from ParseSltFile's argument: render by type letter
  std::string error;           ///< kInvalid: what is wrong
};

/// Parses sqllogictest text into records (SLT.md). Never fails: a malformed record becomes a
/// kInvalid record and parsing resumes after the next blank line. CRLF line ends are
/// accepted; `#` comment lines and blank lines between records are skipped.
/// `origin_is_sqlite` is stored on every record (SQLite-origin files render by type letter).
std::vector<Record> ParseSltFile(std::string_view text, bool origin_is_sqlite);

/// True when the runner with `labels` skips a record with these conditions: a skipif names
/// one of the labels, or an onlyif names a label not in the set (case-insensitive).
bool IsSkipped(const std::vector<Condition>& conditions, const std::vector<std::string>& labels);

}  // namespace silt::slt
