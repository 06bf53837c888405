#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"
#include "silt/sql/parser/token.h"

namespace silt::sql {

/// Largest SQL text accepted (token offsets are 32-bit).
constexpr size_t kMaxSqlBytes = size_t{1} << 30;

/// Splits `sql` into tokens, replacing the contents of `tokens`; the last token is always
/// kEnd. Skips whitespace, `-- line` and nested `/* block */` comments. Errors are
/// Status::Parse with line, column and a caret: unterminated strings, identifiers and
/// comments, zero-length quoted identifiers, bad hex digits, "trailing junk after numeric
/// literal" (1abc) and characters that start no token. Never reads outside `sql`.
Status Lex(std::string_view sql, std::vector<Token>* tokens);

/// The source text a token spans (including quotes and prefixes).
inline std::string_view TokenText(std::string_view sql, const Token& token) {
  return sql.substr(token.offset, token.length);
}

/// Name of a kQuotedIdent token: the text between the quotes with doubled quotes collapsed.
std::string DecodeQuotedIdentifier(std::string_view sql, const Token& token);

/// Value of a kString token: the text between the quotes (after an N prefix) with '' -> '.
std::string DecodeString(std::string_view sql, const Token& token);

/// Value of a kEscapeString token (E'...'): '' and the backslash escapes \b \f \n \r \t,
/// \\ \' \ooo (octal), \xHH, \uXXXX and \UXXXXXXXX (code points encoded as UTF-8);
/// any other escaped character stands for itself. A bad code point is a Parse error.
Result<std::string> DecodeEscapeString(std::string_view sql, const Token& token);

/// The hex digits of a kHexString token (between X' and ').
std::string_view HexStringDigits(std::string_view sql, const Token& token);

}  // namespace silt::sql
