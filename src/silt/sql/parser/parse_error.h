#pragma once

#include <cstdint>
#include <string_view>

#include "silt/common/status.h"

namespace silt::sql {

/// Where a token or AST node starts in the SQL text: 1-based line and column (the column
/// counts UTF-8 characters, so a caret lines up under non-ASCII text) and the byte offset.
/// A default-constructed location (line 0) means "unknown", e.g. for synthesized nodes.
struct SourceLocation {
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t offset = 0;
};

/// Line and column of byte `offset` of `sql` (offset is clamped to the text's size).
SourceLocation LocateOffset(std::string_view sql, uint32_t offset);

/// Builds an error of `code` whose message is
///   "<message> (line L, column C)\nLINE L: <source line>\n        ^"
/// with the caret under `location`'s column; long lines are cut to a window around it.
/// The binder uses this with StatusCode::kPlan to point at AST nodes.
Status SqlErrorAt(StatusCode code, std::string_view sql, SourceLocation location,
                  std::string_view message);

/// SqlErrorAt with StatusCode::kParse at byte `offset` of `sql`.
Status SqlParseError(std::string_view sql, uint32_t offset, std::string_view message);

}  // namespace silt::sql
