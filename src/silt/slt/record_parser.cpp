#include <charconv>

#include "silt/common/ascii.h"
#include "silt/slt/record.h"

namespace silt::slt {

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (!IsSpace(c)) return false;
  }
  return true;
}

bool IsComment(std::string_view line) {
  return !line.empty() && line[0] == '#';
}

std::vector<std::string_view> Tokenize(std::string_view line) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsSpace(line[i])) ++i;
    size_t start = i;
    while (i < line.size() && !IsSpace(line[i])) ++i;
    if (i > start) tokens.push_back(line.substr(start, i - start));
  }
  return tokens;
}

// Splits into lines on '\n' and drops one trailing '\r' from each (CRLF files).
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

bool ParseCount(std::string_view token, int64_t* out) {
  auto res = std::from_chars(token.data(), token.data() + token.size(), *out);
  return res.ec == std::errc() && res.ptr == token.data() + token.size();
}

// Reads the SQL lines after the header at `*pos` (up to a blank line or `----`), then the
// block after `----` up to a blank line. Leaves `*pos` on the line that ended the record.
void ReadBody(const std::vector<std::string_view>& lines, size_t* pos, Record* record) {
  size_t i = *pos + 1;
  std::string sql;
  while (i < lines.size() && !IsBlank(lines[i]) && lines[i] != "----") {
    if (!sql.empty()) sql.push_back('\n');
    sql.append(lines[i]);
    ++i;
  }
  if (i < lines.size() && lines[i] == "----") {
    record->has_separator = true;
    ++i;
    if (i < lines.size() && !IsBlank(lines[i])) record->expected_line = static_cast<int64_t>(i) + 1;
    while (i < lines.size() && !IsBlank(lines[i])) {
      record->expected.emplace_back(lines[i]);
      ++i;
    }
  }
  // One optional trailing ';' (after trailing whitespace) is not part of the statement.
  while (!sql.empty() && IsSpace(sql.back())) sql.pop_back();
  if (!sql.empty() && sql.back() == ';') sql.pop_back();
  while (!sql.empty() && IsSpace(sql.back())) sql.pop_back();
  record->sql = std::move(sql);
  *pos = i;
}

void SkipToBlank(const std::vector<std::string_view>& lines, size_t* pos) {
  while (*pos < lines.size() && !IsBlank(lines[*pos])) ++*pos;
}

void ParseHeader(const std::vector<std::string_view>& lines, size_t* pos, Record* r) {
  std::vector<std::string_view> tokens = Tokenize(lines[*pos]);
  std::string_view head = tokens[0];
  auto invalid = [&](std::string message) {
    r->kind = RecordKind::kInvalid;
    r->error = std::move(message);
    SkipToBlank(lines, pos);
  };
  if (head == "statement") {
    std::string_view mode = tokens.size() > 1 ? tokens[1] : std::string_view();
    if (mode == "ok") {
      r->kind = RecordKind::kStatementOk;
    } else if (mode == "error") {
      r->kind = RecordKind::kStatementError;
    } else if (mode == "count") {
      if (tokens.size() < 3 || !ParseCount(tokens[2], &r->count)) {
        return invalid("'statement count' needs a row count");
      }
      r->kind = RecordKind::kStatementOk;
    } else {
      return invalid("unknown statement mode '" + std::string(mode) + "'");
    }
  } else if (head == "query") {
    if (tokens.size() < 2) return invalid("'query' needs column types");
    if (tokens[1] == "error") {
      // DataFusion's `query error`: the query must fail, like `statement error`.
      r->kind = RecordKind::kStatementError;
    } else {
      r->kind = RecordKind::kQuery;
      r->types = std::string(tokens[1]);
      for (char c : r->types) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
          return invalid("bad column types '" + r->types + "'");
      }
      size_t next = 2;
      if (tokens.size() > next) {
        std::string_view sort = tokens[next];
        if (sort == "nosort" || sort == "rowsort" || sort == "valuesort") {
          r->sort_mode = sort == "nosort"    ? SortMode::kNoSort
                         : sort == "rowsort" ? SortMode::kRowSort
                                             : SortMode::kValueSort;
          ++next;
        }
      }
      if (tokens.size() > next && tokens[next][0] != '#') r->label = std::string(tokens[next]);
    }
  } else if (head == "hash-threshold") {
    if (tokens.size() < 2 || !ParseCount(tokens[1], &r->hash_threshold)) {
      return invalid("'hash-threshold' needs a number");
    }
    r->kind = RecordKind::kHashThreshold;
    ++*pos;
    return;
  } else if (head == "halt") {
    r->kind = RecordKind::kHalt;
    ++*pos;
    return;
  } else {
    return invalid("unknown record type '" + std::string(head) + "'");
  }
  ReadBody(lines, pos, r);
  if (r->sql.empty()) {
    r->kind = RecordKind::kInvalid;
    r->error = "record has no SQL";
  }
}

}  // namespace

std::vector<Record> ParseSltFile(std::string_view text, bool origin_is_sqlite) {
  std::vector<std::string_view> lines = SplitLines(text);
  std::vector<Record> records;
  size_t i = 0;
  while (i < lines.size()) {
    if (IsBlank(lines[i]) || IsComment(lines[i])) {
      ++i;
      continue;
    }
    Record r;
    r.sqlite_origin = origin_is_sqlite;
    r.line = static_cast<int64_t>(i) + 1;
    // Conditions; comment lines may sit between them and the record.
    while (i < lines.size() && !IsBlank(lines[i])) {
      if (IsComment(lines[i])) {
        ++i;
        continue;
      }
      std::vector<std::string_view> tokens = Tokenize(lines[i]);
      if (tokens[0] != "skipif" && tokens[0] != "onlyif") break;
      if (tokens.size() < 2 || tokens[1][0] == '#') {
        r.kind = RecordKind::kInvalid;
        r.error = std::string(tokens[0]);
        r.error += " needs a label";
      } else {
        r.conditions.push_back({tokens[0] == "onlyif", std::string(tokens[1])});
      }
      ++i;
    }
    if (!r.error.empty()) {
      SkipToBlank(lines, &i);
    } else if (i >= lines.size() || IsBlank(lines[i])) {
      r.kind = RecordKind::kInvalid;
      r.error = "skipif/onlyif without a record";
    } else {
      r.line = static_cast<int64_t>(i) + 1;
      ParseHeader(lines, &i, &r);
    }
    records.push_back(std::move(r));
  }
  return records;
}

bool IsSkipped(const std::vector<Condition>& conditions, const std::vector<std::string>& labels) {
  for (const Condition& c : conditions) {
    bool has = false;
    for (const std::string& label : labels) has = has || EqualsIgnoreAsciiCase(c.label, label);
    if (c.only_if != has) return true;
  }
  return false;
}

}  // namespace silt::slt
