#include "silt/sql/parser/parse_error.h"

#include <algorithm>
#include <string>

namespace silt::sql {

namespace {

bool IsUtf8Continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Characters of the excerpt shown on each side of the error column.
constexpr uint32_t kExcerptChars = 60;

}  // namespace

SourceLocation LocateOffset(std::string_view sql, uint32_t offset) {
  uint32_t end = static_cast<uint32_t>(std::min<size_t>(offset, sql.size()));
  SourceLocation location{1, 1, end};
  for (uint32_t i = 0; i < end; ++i) {
    if (sql[i] == '\n') {
      ++location.line;
      location.column = 1;
    } else if (!IsUtf8Continuation(sql[i])) {
      ++location.column;
    }
  }
  return location;
}

Status SqlErrorAt(StatusCode code, std::string_view sql, SourceLocation location,
                  std::string_view message) {
  std::string text(message);
  if (location.line == 0) return Status(code, std::move(text));
  text += " (line " + std::to_string(location.line) + ", column " +
          std::to_string(location.column) + ")";
  size_t offset = std::min<size_t>(location.offset, sql.size());
  size_t newline = offset == 0 ? std::string_view::npos : sql.rfind('\n', offset - 1);
  size_t line_begin = newline == std::string_view::npos ? 0 : newline + 1;
  size_t line_end = sql.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = sql.size();
  if (line_end > line_begin && sql[line_end - 1] == '\r') --line_end;
  // Cut the line to a window of characters around the error so the caret stays readable.
  size_t begin = offset, chars_before = 0;
  while (begin > line_begin && chars_before < kExcerptChars) {
    --begin;
    if (!IsUtf8Continuation(sql[begin])) ++chars_before;
  }
  size_t end = std::max(offset, begin), chars_after = 0;
  while (end < line_end && chars_after < kExcerptChars) {
    ++end;
    while (end < line_end && IsUtf8Continuation(sql[end])) ++end;
    ++chars_after;
  }
  std::string prefix = "LINE " + std::to_string(location.line) + ": ";
  std::string shown;
  size_t caret_column = prefix.size();
  if (begin > line_begin) {
    shown += "...";
    caret_column += 3;
  }
  for (size_t i = begin; i < end; ++i) {
    char c = sql[i];
    unsigned char u = static_cast<unsigned char>(c);
    shown.push_back(c == '\t' ? ' ' : (u < 0x20 || u == 0x7F) ? '?' : c);
  }
  for (size_t i = begin; i < offset && i < end; ++i) {
    if (!IsUtf8Continuation(sql[i])) ++caret_column;
  }
  if (end < line_end) shown += "...";
  text += "\n" + prefix + shown + "\n" + std::string(caret_column, ' ') + "^";
  return Status(code, std::move(text));
}

Status SqlParseError(std::string_view sql, uint32_t offset, std::string_view message) {
  return SqlErrorAt(StatusCode::kParse, sql, LocateOffset(sql, offset), message);
}

}  // namespace silt::sql
