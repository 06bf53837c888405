#include "silt/slt/compare.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "silt/common/ascii.h"
#include "silt/slt/md5.h"

namespace silt::slt {

namespace {

constexpr size_t kMaxDiffLines = 20;
// Above this many rows the quadratic multiset search (order-only detection, tolerant
// matching of sorted results) is skipped.
constexpr size_t kMaxMultisetRows = 5000;

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string> Split(std::string_view line, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t end = line.find(sep, start);
    if (end == std::string_view::npos) {
      parts.emplace_back(line.substr(start));
      return parts;
    }
    parts.emplace_back(line.substr(start, end - start));
    start = end + 1;
  }
}

std::string Join(const std::vector<std::string>& values, char sep) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(sep);
    out += values[i];
  }
  return out;
}

/// A number as written: its value, whether it is a plain integer literal, and its
/// fractional digit count.
struct Number {
  double value = 0;
  bool integer_literal = false;
  int fraction_digits = 0;
};

bool ParseNumber(std::string_view s, Number* n) {
  if (s.empty()) return false;
  bool negative = s[0] == '-';
  std::string_view body = (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
  if (EqualsIgnoreAsciiCase(body, "inf") || EqualsIgnoreAsciiCase(body, "infinity")) {
    n->value = negative ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  if (EqualsIgnoreAsciiCase(body, "nan")) {
    n->value = std::nan("");
    return true;
  }
  // Digits [. digits] [e [sign] digits]; from_chars rejects a leading '+', hence `body`.
  size_t i = 0, digits = 0;
  while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i, ++digits;
  n->integer_literal = i == body.size();
  if (i < body.size() && body[i] == '.') {
    ++i;
    size_t start = i;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i;
    n->fraction_digits = static_cast<int>(i - start);
    digits += i - start;
  }
  if (digits == 0) return false;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    size_t start = i;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i;
    if (i == start) return false;
    n->fraction_digits = 0;  // "1.5e3" states no fractional precision of its own
  }
  if (i != body.size()) return false;
  double v = 0;
  auto res = std::from_chars(body.data(), body.data() + body.size(), v);
  if (res.ec != std::errc() && res.ec != std::errc::result_out_of_range) return false;
  n->value = negative ? -v : v;
  return true;
}

bool IsBoolPair(std::string_view word, std::string_view digit) {
  return (EqualsIgnoreAsciiCase(word, "true") && digit == "1") ||
         (EqualsIgnoreAsciiCase(word, "false") && digit == "0");
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// "YYYY-MM-DD" followed by 'T' or ' ' at index 10.
bool HasDatePrefix(std::string_view s) {
  if (s.size() < 11) return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(s[i])) return false;
  }
  return s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == ' ');
}

// A date/time/timestamp spelling in one canonical form: ' ' as the date/time separator and
// no trailing zeros in fractional seconds ("14:42:04.350000" -> "14:42:04.35"; DuckDB and
// PostgreSQL trim them, silt's text writes 6 digits). False when `s` has no HH:MM:SS part.
bool NormalizeTemporal(std::string_view s, std::string* out) {
  size_t start = HasDatePrefix(s) ? 11 : 0;
  // HH:MM:SS at `start` (hours may have more digits in intervals; keep it strict).
  if (s.size() < start + 8 || !IsDigit(s[start]) || !IsDigit(s[start + 1]) || s[start + 2] != ':' ||
      !IsDigit(s[start + 3]) || !IsDigit(s[start + 4]) || s[start + 5] != ':' ||
      !IsDigit(s[start + 6]) || !IsDigit(s[start + 7])) {
    return false;
  }
  out->assign(s);
  if (start == 11) (*out)[10] = ' ';
  size_t dot = start + 8;
  if (dot < out->size() && (*out)[dot] == '.') {
    size_t end = dot + 1;
    while (end < out->size() && IsDigit((*out)[end])) ++end;
    size_t keep = end;
    while (keep > dot + 1 && (*out)[keep - 1] == '0') --keep;
    if (keep == dot + 1) keep = dot;  // ".000000" disappears entirely
    out->erase(keep, end - keep);
  }
  return true;
}

bool TemporalMatch(std::string_view actual, std::string_view expected) {
  std::string a, e;
  return NormalizeTemporal(actual, &a) && NormalizeTemporal(expected, &e) && a == e;
}

bool NumbersMatch(std::string_view actual, std::string_view expected) {
  Number a, e;
  if (!ParseNumber(actual, &a) || !ParseNumber(expected, &e)) return false;
  if (std::isnan(a.value) || std::isnan(e.value)) return std::isnan(a.value) && std::isnan(e.value);
  if (std::isinf(a.value) || std::isinf(e.value)) return a.value == e.value;
  if (a.integer_literal && e.integer_literal) {
    // Exact integers: no tolerance, so 2^63-1 never equals 2^63-2 through doubles.
    int64_t ia = 0, ie = 0;
    auto ra =
        std::from_chars(actual.data() + (actual[0] == '+'), actual.data() + actual.size(), ia);
    auto re = std::from_chars(expected.data() + (expected[0] == '+'),
                              expected.data() + expected.size(), ie);
    if (ra.ec == std::errc() && re.ec == std::errc()) return ia == ie;
    // Beyond int64 the values are floats or decimals (DataFusion writes the double
    // -9223372036854775809 as -9223372036854776000): compare them as doubles below.
  }
  double diff = std::fabs(a.value - e.value);
  double scale = std::max({1.0, std::fabs(a.value), std::fabs(e.value)});
  if (diff <= 1e-9 * scale) return true;
  if (e.fraction_digits > 0) {
    // DuckDB writes floats truncated to the digits shown.
    double tolerance = std::pow(10.0, -e.fraction_digits);
    if (diff <= tolerance * (1 + 1e-9)) return true;
  }
  return false;
}

/// One expected row: the values, or (whole_line) a line to compare with the joined values.
struct ExpectedRow {
  std::vector<std::string> values;
  bool whole_line = false;
};

bool RowMatches(const std::vector<std::string>& actual, const ExpectedRow& expected) {
  if (!expected.whole_line) {
    if (actual.size() != expected.values.size()) return false;
    for (size_t i = 0; i < actual.size(); ++i) {
      if (!ValuesMatch(actual[i], expected.values[i])) return false;
    }
    return true;
  }
  std::string joined = Join(actual, ' ');
  std::string_view line = expected.values[0];
  if (TrimRight(joined) == TrimRight(line)) return true;
  // Tolerant per-token comparison when both sides split into the same number of words.
  std::vector<std::string> a = Split(TrimRight(joined), ' ');
  std::vector<std::string> e = Split(TrimRight(line), ' ');
  if (a.size() != e.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!ValuesMatch(a[i], e[i])) return false;
  }
  return true;
}

std::vector<ExpectedRow> ParseExpectedRows(const std::vector<std::string>& lines,
                                           size_t actual_rows, size_t num_columns) {
  std::vector<ExpectedRow> rows;
  if (num_columns > 1 && lines.size() == actual_rows * num_columns) {
    // SQLite layout: one value per line.
    for (size_t r = 0; r < actual_rows; ++r) {
      ExpectedRow row;
      for (size_t c = 0; c < num_columns; ++c) {
        row.values.emplace_back(TrimRight(lines[r * num_columns + c]));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }
  for (const std::string& raw : lines) {
    std::string_view line = TrimRight(raw);
    ExpectedRow row;
    if (line.find('\t') != std::string_view::npos) {
      row.values = Split(line, '\t');
      if (row.values.size() == num_columns) {
        rows.push_back(std::move(row));
        continue;
      }
    }
    row.values = Split(line, ' ');
    if (row.values.size() != num_columns) {
      row.values = {std::string(line)};
      row.whole_line = num_columns != 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// Rows of `expected` matched one-to-one with rows of `actual` regardless of order (greedy).
bool MultisetMatches(const std::vector<std::vector<std::string>>& actual,
                     const std::vector<ExpectedRow>& expected) {
  if (actual.size() != expected.size() || actual.size() > kMaxMultisetRows) return false;
  std::vector<bool> used(actual.size(), false);
  for (const ExpectedRow& e : expected) {
    bool found = false;
    for (size_t i = 0; i < actual.size() && !found; ++i) {
      if (!used[i] && RowMatches(actual[i], e)) used[i] = found = true;
    }
    if (!found) return false;
  }
  return true;
}

std::string FormatRows(const std::vector<std::string>& values) {
  return Join(values, ' ');
}

std::string BuildDiff(const std::vector<std::vector<std::string>>& actual,
                      const std::vector<ExpectedRow>& expected, size_t* first_bad) {
  std::string diff;
  size_t lines = 0, n = std::max(actual.size(), expected.size());
  bool cut = false;
  *first_bad = n;
  for (size_t i = 0; i < n; ++i) {
    bool has_a = i < actual.size(), has_e = i < expected.size();
    bool same = has_a && has_e && RowMatches(actual[i], expected[i]);
    if (!same && *first_bad == n) *first_bad = i;
    if (lines >= kMaxDiffLines) {
      cut = true;
      continue;
    }
    if (same) {
      diff += "  " + FormatRows(actual[i]) + "\n";
      ++lines;
      continue;
    }
    if (has_e) diff += "- " + FormatRows(expected[i].values) + "\n", ++lines;
    if (has_a) diff += "+ " + FormatRows(actual[i]) + "\n", ++lines;
  }
  if (cut) diff += "  ... (diff cut at " + std::to_string(kMaxDiffLines) + " lines)\n";
  return diff;
}

std::vector<std::string> Flatten(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> values;
  for (const auto& row : rows) values.insert(values.end(), row.begin(), row.end());
  return values;
}

}  // namespace

bool ValuesMatch(std::string_view actual, std::string_view expected) {
  actual = TrimRight(actual);
  expected = TrimRight(expected);
  if (actual == expected) return true;
  if (IsBoolPair(actual, expected) || IsBoolPair(expected, actual)) return true;
  if (TemporalMatch(actual, expected)) return true;
  return NumbersMatch(actual, expected);
}

bool ParseHashLine(std::string_view line, int64_t* count, std::string* hash) {
  line = TrimRight(line);
  constexpr std::string_view kMiddle = " values hashing to ";
  size_t mid = line.find(kMiddle);
  if (mid == std::string_view::npos || mid == 0) return false;
  auto res = std::from_chars(line.data(), line.data() + mid, *count);
  if (res.ec != std::errc() || res.ptr != line.data() + mid) return false;
  std::string_view h = line.substr(mid + kMiddle.size());
  if (h.size() != 32) return false;
  for (char c : h) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  hash->clear();
  for (char c : h) hash->push_back(c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c);
  return true;
}

std::string HashValues(const std::vector<std::string>& values) {
  Md5 md5;
  for (const std::string& v : values) {
    md5.Update(v);
    md5.Update("\n");
  }
  return md5.HexDigest();
}

CompareOutcome CompareResult(const std::vector<std::string>& expected_lines,
                             const std::vector<std::vector<std::string>>& actual_rows,
                             size_t num_columns, SortMode sort_mode) {
  CompareOutcome outcome;
  std::vector<std::vector<std::string>> actual = actual_rows;
  if (sort_mode == SortMode::kRowSort) std::sort(actual.begin(), actual.end());
  if (sort_mode == SortMode::kValueSort) {
    std::vector<std::string> values = Flatten(actual);
    std::sort(values.begin(), values.end());
    actual.clear();
    for (std::string& v : values) actual.push_back({std::move(v)});
  }

  int64_t hash_count = 0;
  std::string hash;
  if (expected_lines.size() == 1 && ParseHashLine(expected_lines[0], &hash_count, &hash)) {
    std::vector<std::string> values = Flatten(actual);
    std::string got = HashValues(values);
    if (static_cast<int64_t>(values.size()) == hash_count && got == hash) return outcome;
    outcome.status = CompareStatus::kMismatch;
    outcome.reason = "expected " + expected_lines[0] + ", got " + std::to_string(values.size()) +
                     " values hashing to " + got;
    return outcome;
  }

  std::vector<ExpectedRow> expected;
  if (sort_mode == SortMode::kValueSort) {
    // Every expected value on its own, sorted like the actual values.
    std::vector<std::string> values;
    for (ExpectedRow& row : ParseExpectedRows(expected_lines, actual_rows.size(), num_columns)) {
      for (std::string& v : row.values) values.push_back(std::move(v));
    }
    std::sort(values.begin(), values.end());
    for (std::string& v : values) expected.push_back({{std::move(v)}, false});
  } else {
    expected = ParseExpectedRows(expected_lines, actual_rows.size(), num_columns);
    if (sort_mode == SortMode::kRowSort) {
      std::sort(expected.begin(), expected.end(),
                [](const ExpectedRow& a, const ExpectedRow& b) { return a.values < b.values; });
    }
  }

  bool in_order = actual.size() == expected.size();
  for (size_t i = 0; in_order && i < actual.size(); ++i)
    in_order = RowMatches(actual[i], expected[i]);
  if (in_order) return outcome;
  bool as_multiset = MultisetMatches(actual, expected);
  // Sorted sides can still pair up differently when tolerant matches sort apart ("1" vs "1.0").
  if (as_multiset && sort_mode != SortMode::kNoSort) return outcome;

  size_t first_bad = 0;
  outcome.diff = BuildDiff(actual, expected, &first_bad);
  bool by_value = sort_mode == SortMode::kValueSort;
  std::string unit = by_value ? "values" : "rows";
  if (as_multiset) {
    outcome.status = CompareStatus::kOrderOnly;
    outcome.reason = "same rows in a different order (nosort)";
  } else if (actual.size() != expected.size()) {
    outcome.status = CompareStatus::kMismatch;
    outcome.reason = "expected " + std::to_string(expected.size()) + " " + unit + ", got " +
                     std::to_string(actual.size());
  } else {
    outcome.status = CompareStatus::kMismatch;
    outcome.reason = std::string(by_value ? "value " : "row ") + std::to_string(first_bad + 1) +
                     " differs: expected '" + FormatRows(expected[first_bad].values) + "', got '" +
                     FormatRows(actual[first_bad]) + "'";
  }
  return outcome;
}

}  // namespace silt::slt
