#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "silt/slt/record.h"

namespace silt::slt {

/// Outcome class of comparing a query's result with its expected block.
enum class CompareStatus : uint8_t {
  kPass,
  kOrderOnly,  ///< the same rows (as a multiset) in a different order; still a failure
  kMismatch,
};

/// Result of CompareResult: a status, a one-line reason and, for failures, a readable diff
/// (`  ` lines match, `- ` expected, `+ ` actual; at most about 20 lines).
struct CompareOutcome {
  CompareStatus status = CompareStatus::kPass;
  std::string reason;
  std::string diff;
};

/// Compares rendered rows (each of `num_columns` values, see RenderValue) with a record's
/// expected lines under SLT.md §7: `N values hashing to H` (MD5 of the sorted values, each
/// followed by '\n'); one value per line when the line count equals rows × columns and there
/// are several columns; otherwise one row per line, split on TAB, or on single spaces when that
/// gives the column count, else compared with the values joined by ' '. Both sides are sorted
/// by `sort_mode` (rowsort: rows byte-wise; valuesort: all values). Values match by
/// ValuesMatch. A nosort result whose rows match only as a multiset is kOrderOnly.
CompareOutcome CompareResult(const std::vector<std::string>& expected_lines,
                             const std::vector<std::vector<std::string>>& actual_rows,
                             size_t num_columns, SortMode sort_mode);

/// True when a rendered `actual` value matches an `expected` one (SLT.md §7): equal strings
/// (trailing whitespace ignored); numbers within 1e-9 relative (integers written without a
/// point or exponent must be equal) or within 10^-d when the expected value has d >= 1
/// fractional digits; NaN and same-signed infinities; true/false against 1/0; times and
/// timestamps that differ only in a `T` versus ' ' date/time separator or in trailing zeros of
/// the fractional seconds (the latter goes beyond SLT.md: DuckDB and PostgreSQL print
/// "14:42:04.35" where silt's text has 6 digits).
bool ValuesMatch(std::string_view actual, std::string_view expected);

/// Parses "N values hashing to H" (H: 32 hex digits). False when `line` has another shape.
bool ParseHashLine(std::string_view line, int64_t* count, std::string* hash);

/// MD5 hex of `values`, each followed by '\n' (sqllogictest's result hash).
std::string HashValues(const std::vector<std::string>& values);

}  // namespace silt::slt
