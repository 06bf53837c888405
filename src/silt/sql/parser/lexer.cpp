// Hand-written SQL lexer: one pass over the bytes, tokens are spans (no per-token
// allocation), line/column tracked incrementally so huge one-line inputs stay linear.
#include "silt/sql/parser/lexer.h"

#include <string>

#include "silt/sql/parser/parse_error.h"
#include "silt/common/utf8.h"

namespace silt::sql {

namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsWordStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsWordChar(char c) {
  return IsWordStart(c) || IsDigit(c) || c == '$';
}
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

class Lexer {
 public:
  Lexer(std::string_view sql, std::vector<Token>* tokens) : sql_(sql), tokens_(tokens) {}

  Status Run() {
    tokens_->clear();
    tokens_->reserve(std::min<size_t>(sql_.size() / 3 + 2, size_t{1} << 16));
    while (true) {
      SILT_RETURN_NOT_OK(SkipSpaceAndComments());
      if (pos_ >= sql_.size()) {
        Push(TokenKind::kEnd, pos_, pos_);
        return Status::OK();
      }
      SILT_RETURN_NOT_OK(LexToken());
    }
  }

 private:
  char At(size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }

  Status Error(size_t offset, std::string_view message) const {
    return SqlParseError(sql_, static_cast<uint32_t>(offset), message);
  }

  void Push(TokenKind kind, size_t begin, size_t end, Keyword keyword = Keyword::kNone) {
    // Bring line/column forward to `begin`; every byte is visited once over the whole run.
    for (; scan_ < begin; ++scan_) {
      char c = sql_[scan_];
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++column_;
      }
    }
    Token token;
    token.kind = kind;
    token.keyword = keyword;
    token.offset = static_cast<uint32_t>(begin);
    token.length = static_cast<uint32_t>(end - begin);
    token.line = line_;
    token.column = column_;
    tokens_->push_back(token);
  }

  Status SkipSpaceAndComments() {
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (IsSpace(c)) {
        ++pos_;
      } else if (c == '-' && At(pos_ + 1) == '-') {
        while (pos_ < sql_.size() && sql_[pos_] != '\n') ++pos_;
      } else if (c == '/' && At(pos_ + 1) == '*') {
        // Block comments nest, as in PostgreSQL and the SQL standard.
        size_t start = pos_;
        pos_ += 2;
        int depth = 1;
        while (depth > 0) {
          if (pos_ >= sql_.size()) return Error(start, "unterminated /* comment");
          if (sql_[pos_] == '*' && At(pos_ + 1) == '/') {
            --depth;
            pos_ += 2;
          } else if (sql_[pos_] == '/' && At(pos_ + 1) == '*') {
            ++depth;
            pos_ += 2;
          } else {
            ++pos_;
          }
        }
      } else {
        break;
      }
    }
    return Status::OK();
  }

  // Scans a quoted body starting at the opening quote `pos`; a doubled quote is an escaped
  // quote and, when `backslash` is set, a backslash escapes the next byte. Returns the
  // offset just past the closing quote, or npos when unterminated.
  size_t ScanQuoted(size_t pos, char quote, bool backslash) const {
    size_t i = pos + 1;
    while (i < sql_.size()) {
      char c = sql_[i];
      if (backslash && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (At(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        ++i;
      }
    }
    return std::string_view::npos;
  }

  Status LexString(size_t start, size_t quote_pos, TokenKind kind) {
    size_t end = ScanQuoted(quote_pos, '\'', kind == TokenKind::kEscapeString);
    if (end == std::string_view::npos) return Error(start, "unterminated quoted string");
    if (kind == TokenKind::kHexString) {
      for (size_t i = quote_pos + 1; i + 1 < end; ++i) {
        if (!IsHexDigit(sql_[i])) return Error(i, "invalid hexadecimal digit in X'' literal");
      }
    }
    Push(kind, start, end);
    pos_ = end;
    return Status::OK();
  }

  Status LexNumber(size_t start) {
    size_t i = start;
    TokenKind kind = TokenKind::kInteger;
    while (IsDigit(At(i))) ++i;
    if (At(i) == '.') {
      kind = TokenKind::kDecimal;
      ++i;
      while (IsDigit(At(i))) ++i;
    }
    if (At(i) == 'e' || At(i) == 'E') {
      size_t j = i + 1;
      if (At(j) == '+' || At(j) == '-') ++j;
      if (IsDigit(At(j))) {
        kind = TokenKind::kFloat;
        i = j;
        while (IsDigit(At(i))) ++i;
      }
    }
    if (IsWordChar(At(i))) return Error(start, "trailing junk after numeric literal");
    Push(kind, start, i);
    pos_ = i;
    return Status::OK();
  }

  Status LexWord(size_t start) {
    size_t i = start + 1;
    while (i < sql_.size() && IsWordChar(sql_[i])) ++i;
    if (i == start + 1 && At(i) == '\'') {
      switch (sql_[start]) {
        case 'e':
        case 'E': return LexString(start, i, TokenKind::kEscapeString);
        case 'x':
        case 'X': return LexString(start, i, TokenKind::kHexString);
        case 'n':
        case 'N': return LexString(start, i, TokenKind::kString);
        default: break;
      }
    }
    Push(TokenKind::kWord, start, i, LookupKeyword(sql_.substr(start, i - start)));
    pos_ = i;
    return Status::OK();
  }

  Status LexQuotedIdentifier(size_t start, char quote) {
    size_t end = ScanQuoted(start, quote, false);
    if (end == std::string_view::npos) return Error(start, "unterminated quoted identifier");
    if (end == start + 2) return Error(start, "zero-length delimited identifier");
    Push(TokenKind::kQuotedIdent, start, end);
    pos_ = end;
    return Status::OK();
  }

  Status Operator(TokenKind kind, size_t length) {
    Push(kind, pos_, pos_ + length);
    pos_ += length;
    return Status::OK();
  }

  Status LexToken() {
    size_t start = pos_;
    char c = sql_[pos_];
    char next = At(pos_ + 1);
    if (IsWordStart(c)) return LexWord(start);
    if (IsDigit(c) || (c == '.' && IsDigit(next))) return LexNumber(start);
    switch (c) {
      case '\'': return LexString(start, start, TokenKind::kString);
      case '"':
      case '`': return LexQuotedIdentifier(start, c);
      case '(': return Operator(TokenKind::kLParen, 1);
      case ')': return Operator(TokenKind::kRParen, 1);
      case '[': return Operator(TokenKind::kLBracket, 1);
      case ']': return Operator(TokenKind::kRBracket, 1);
      case '{': return Operator(TokenKind::kLBrace, 1);
      case '}': return Operator(TokenKind::kRBrace, 1);
      case ',': return Operator(TokenKind::kComma, 1);
      case ';': return Operator(TokenKind::kSemicolon, 1);
      case '.': return Operator(TokenKind::kDot, 1);
      case '+': return Operator(TokenKind::kPlus, 1);
      case '-': return Operator(TokenKind::kMinus, 1);
      case '*': return Operator(TokenKind::kStar, 1);
      case '%': return Operator(TokenKind::kPercent, 1);
      case '^': return Operator(TokenKind::kCaret, 1);
      case '&': return Operator(TokenKind::kAmpersand, 1);
      case '#': return Operator(TokenKind::kHash, 1);
      case '/':
        return next == '/' ? Operator(TokenKind::kDoubleSlash, 2) : Operator(TokenKind::kSlash, 1);
      case '|':
        return next == '|' ? Operator(TokenKind::kConcat, 2) : Operator(TokenKind::kPipe, 1);
      case '~':
        return next == '*' ? Operator(TokenKind::kTildeStar, 2) : Operator(TokenKind::kTilde, 1);
      case ':':
        if (next == ':') return Operator(TokenKind::kDoubleColon, 2);
        if (next == '=') return Operator(TokenKind::kColonEquals, 2);
        return Operator(TokenKind::kColon, 1);
      case '=':
        if (next == '>') return Operator(TokenKind::kArrow, 2);
        if (next == '=') return Operator(TokenKind::kEq, 2);
        return Operator(TokenKind::kEq, 1);
      case '<':
        if (next == '=') return Operator(TokenKind::kLtEq, 2);
        if (next == '>') return Operator(TokenKind::kNotEq, 2);
        if (next == '<') return Operator(TokenKind::kShiftLeft, 2);
        return Operator(TokenKind::kLt, 1);
      case '>': return next == '=' ? Operator(TokenKind::kGtEq, 2) : Operator(TokenKind::kGt, 1);
      case '!':
        if (next == '=') return Operator(TokenKind::kNotEq, 2);
        if (next == '~') {
          return At(pos_ + 2) == '*' ? Operator(TokenKind::kNotTildeStar, 3)
                                     : Operator(TokenKind::kNotTilde, 2);
        }
        break;
      case '?': {
        size_t i = pos_ + 1;
        while (IsDigit(At(i))) ++i;
        return Operator(TokenKind::kParameter, i - pos_);
      }
      case '$': {
        size_t i = pos_ + 1;
        while (IsDigit(At(i))) ++i;
        if (i == pos_ + 1) return Error(start, "expected a parameter number after '$'");
        if (IsWordChar(At(i))) return Error(start, "trailing junk after parameter");
        return Operator(TokenKind::kParameter, i - pos_);
      }
      default: break;
    }
    unsigned char u = static_cast<unsigned char>(c);
    std::string what =
        (u >= 0x21 && u < 0x7F)
            ? std::string("'") + c + "'"
            : "byte 0x" + std::string(1, "0123456789abcdef"[u >> 4]) + "0123456789abcdef"[u & 15];
    return Error(start, "unexpected character " + what);
  }

  std::string_view sql_;
  std::vector<Token>* tokens_;
  size_t pos_ = 0;
  size_t scan_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 1;
};


int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Text between the quotes of a quoted token whose opening quote is at `quote_pos`.
std::string_view QuotedBody(std::string_view sql, const Token& token, size_t quote_pos) {
  std::string_view text = TokenText(sql, token);
  if (text.size() < quote_pos + 2) return {};
  return text.substr(quote_pos + 1, text.size() - quote_pos - 2);
}

std::string CollapseDoubled(std::string_view body, char quote) {
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    out.push_back(body[i]);
    if (body[i] == quote && i + 1 < body.size() && body[i + 1] == quote) ++i;
  }
  return out;
}

}  // namespace

Status Lex(std::string_view sql, std::vector<Token>* tokens) {
  if (sql.size() > kMaxSqlBytes) return Status::Parse("SQL text is longer than 1 GiB");
  return Lexer(sql, tokens).Run();
}

std::string DecodeQuotedIdentifier(std::string_view sql, const Token& token) {
  std::string_view text = TokenText(sql, token);
  if (text.empty()) return {};
  return CollapseDoubled(QuotedBody(sql, token, 0), text[0]);
}

std::string DecodeString(std::string_view sql, const Token& token) {
  std::string_view text = TokenText(sql, token);
  size_t quote_pos = (!text.empty() && text[0] != '\'') ? 1 : 0;
  return CollapseDoubled(QuotedBody(sql, token, quote_pos), '\'');
}

Result<std::string> DecodeEscapeString(std::string_view sql, const Token& token) {
  std::string_view body = QuotedBody(sql, token, 1);
  uint32_t body_offset = token.offset + 2;
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\'') {  // '' inside the literal
      out.push_back('\'');
      ++i;
      continue;
    }
    if (c != '\\' || i + 1 >= body.size()) {
      out.push_back(c);
      continue;
    }
    size_t escape_at = i;
    char e = body[++i];
    switch (e) {
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'x': {
        int value = 0, digits = 0;
        while (digits < 2 && i + 1 < body.size() && HexValue(body[i + 1]) >= 0) {
          value = value * 16 + HexValue(body[++i]);
          ++digits;
        }
        if (digits == 0)
          out.push_back('x');
        else
          out.push_back(static_cast<char>(value));
        break;
      }
      case 'u':
      case 'U': {
        int want = e == 'u' ? 4 : 8;
        uint32_t cp = 0;
        for (int d = 0; d < want; ++d) {
          if (i + 1 >= body.size() || HexValue(body[i + 1]) < 0) {
            return SqlParseError(sql, body_offset + static_cast<uint32_t>(escape_at),
                                 "invalid Unicode escape: \\" + std::string(1, e) + " needs " +
                                     std::to_string(want) + " hex digits");
          }
          cp = cp * 16 + static_cast<uint32_t>(HexValue(body[++i]));
        }
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          return SqlParseError(sql, body_offset + static_cast<uint32_t>(escape_at),
                               "invalid Unicode escape value");
        }
        AppendUtf8(static_cast<int32_t>(cp), &out);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int value = e - '0', digits = 1;
          while (digits < 3 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7') {
            value = value * 8 + (body[++i] - '0');
            ++digits;
          }
          out.push_back(static_cast<char>(value & 0xFF));
        } else {
          out.push_back(e);
        }
    }
  }
  return out;
}

std::string_view HexStringDigits(std::string_view sql, const Token& token) {
  return QuotedBody(sql, token, 1);
}

}  // namespace silt::sql
