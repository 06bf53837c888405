#include "silt/expr/predicate_parser.h"

#include "silt/common/temporal.h"

namespace silt {

namespace {

enum class TokenKind { kWord, kQuotedIdent, kString, kNumber, kOperator, kLParen, kRParen,
                       kComma, kDot, kSign, kEnd };

struct Token {
  TokenKind kind;
  std::string text;  // unescaped for strings and quoted identifiers
  size_t pos;        // byte offset of the first character
  size_t end;        // byte offset just past the token
};

bool IsWordStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsWordChar(char c) { return IsWordStart(c) || (c >= '0' && c <= '9') || c == '$'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool KeywordIs(const Token& t, std::string_view keyword) {
  if (t.kind != TokenKind::kWord || t.text.size() != keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i) {
    char c = t.text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != keyword[i]) return false;
  }
  return true;
}

Status ErrorAt(size_t pos, const std::string& message) {
  return Status::Parse("at column " + std::to_string(pos + 1) + ": " + message);
}

Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (true) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    if (i >= s.size()) break;
    size_t start = i;
    char c = s[i];
    Token t{TokenKind::kEnd, "", start, start};
    if (c == '\'' || c == '"') {
      // Quoted string or identifier; a doubled quote stands for one quote character.
      t.kind = c == '\'' ? TokenKind::kString : TokenKind::kQuotedIdent;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == c) {
          if (i + 1 < s.size() && s[i + 1] == c) {
            t.text.push_back(c);
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        t.text.push_back(s[i++]);
      }
      if (!closed) {
        return ErrorAt(start, c == '\'' ? "unterminated string literal"
                                        : "unterminated quoted identifier");
      }
      if (t.kind == TokenKind::kQuotedIdent && t.text.empty()) {
        return ErrorAt(start, "empty quoted identifier");
      }
    } else if (IsDigit(c) || (c == '.' && i + 1 < s.size() && IsDigit(s[i + 1]))) {
      t.kind = TokenKind::kNumber;
      while (i < s.size() && IsDigit(s[i])) ++i;
      if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && IsDigit(s[i])) ++i;
      }
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = i + 1;
        if (e < s.size() && (s[e] == '+' || s[e] == '-')) ++e;
        if (e >= s.size() || !IsDigit(s[e])) return ErrorAt(i, "malformed exponent in number");
        i = e;
        while (i < s.size() && IsDigit(s[i])) ++i;
      }
      if (i < s.size() && (IsWordChar(s[i]) || s[i] == '.')) {
        return ErrorAt(start, "malformed number");
      }
      t.text.assign(s.substr(start, i - start));
    } else if (IsWordStart(c)) {
      t.kind = TokenKind::kWord;
      while (i < s.size() && IsWordChar(s[i])) ++i;
      t.text.assign(s.substr(start, i - start));
    } else if (c == '=' || c == '<' || c == '>' || c == '!') {
      t.kind = TokenKind::kOperator;
      ++i;
      if (i < s.size() && (s[i] == '=' || (c == '<' && s[i] == '>'))) ++i;
      t.text.assign(s.substr(start, i - start));
      if (t.text == "!") return ErrorAt(start, "expected != ");
    } else if (c == '(' || c == ')' || c == ',' || c == '.' || c == '-' || c == '+') {
      t.kind = c == '(' ? TokenKind::kLParen
               : c == ')' ? TokenKind::kRParen
               : c == ',' ? TokenKind::kComma
               : c == '.' ? TokenKind::kDot
                          : TokenKind::kSign;
      t.text.assign(1, c);
      ++i;
    } else {
      return ErrorAt(start, std::string("unexpected character '") + c + "'");
    }
    t.end = i;
    tokens.push_back(std::move(t));
  }
  tokens.push_back(Token{TokenKind::kEnd, "", s.size(), s.size()});
  return tokens;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<ExprPtr> ParseAll() {
    SILT_ASSIGN_OR_RETURN(ExprPtr e, ParseOr());
    if (Peek().kind != TokenKind::kEnd) {
      return ErrorAt(Peek().pos, "expected AND, OR or end of predicate, found " + Describe(Peek()));
    }
    return e;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  static std::string Describe(const Token& t) {
    if (t.kind == TokenKind::kEnd) return "end of input";
    if (t.kind == TokenKind::kString) return "string '" + t.text + "'";
    return "'" + t.text + "'";
  }

  Status Expected(const std::string& what) const {
    return ErrorAt(Peek().pos, "expected " + what + ", found " + Describe(Peek()));
  }

  // Depth guard: parentheses and NOT chains recurse; bound them so hostile input cannot
  // overflow the stack.
  Status Enter() {
    if (++depth_ > kMaxPredicateDepth) {
      return ErrorAt(Peek().pos, "predicate is nested too deeply (limit " +
                                     std::to_string(kMaxPredicateDepth) + ")");
    }
    return Status::OK();
  }

  Result<ExprPtr> ParseOr() {
    std::vector<ExprPtr> operands;
    do {
      SILT_ASSIGN_OR_RETURN(ExprPtr e, ParseAnd());
      operands.push_back(std::move(e));
    } while (KeywordIs(Peek(), "OR") && (Next(), true));
    return Expr::Or(std::move(operands));
  }

  Result<ExprPtr> ParseAnd() {
    std::vector<ExprPtr> operands;
    do {
      SILT_ASSIGN_OR_RETURN(ExprPtr e, ParseNot());
      operands.push_back(std::move(e));
    } while (KeywordIs(Peek(), "AND") && (Next(), true));
    return Expr::And(std::move(operands));
  }

  Result<ExprPtr> ParseNot() {
    if (KeywordIs(Peek(), "NOT")) {
      Next();
      SILT_RETURN_NOT_OK(Enter());
      SILT_ASSIGN_OR_RETURN(ExprPtr e, ParseNot());
      --depth_;
      return Expr::Not(std::move(e));
    }
    return ParseTest();
  }

  Result<ExprPtr> ParseTest() {
    SILT_ASSIGN_OR_RETURN(ExprPtr left, ParseOperand());
    const Token& t = Peek();
    if (t.kind == TokenKind::kOperator) {
      Next();
      CompareOp op = t.text == "=" ? CompareOp::kEq
                     : (t.text == "!=" || t.text == "<>") ? CompareOp::kNe
                     : t.text == "<" ? CompareOp::kLt
                     : t.text == "<=" ? CompareOp::kLe
                     : t.text == ">" ? CompareOp::kGt
                     : t.text == ">=" ? CompareOp::kGe
                                      : CompareOp::kEq;
      if (t.text == "==" || t.text == "=<" || t.text == "=>" || t.text == ">>" ||
          t.text == "<<") {
        return ErrorAt(t.pos, "unknown operator '" + t.text + "'");
      }
      SILT_ASSIGN_OR_RETURN(ExprPtr right, ParseOperand());
      return Expr::Compare(op, std::move(left), std::move(right));
    }
    if (KeywordIs(t, "IS")) {
      Next();
      bool negated = KeywordIs(Peek(), "NOT") && (Next(), true);
      if (!KeywordIs(Peek(), "NULL")) return Expected(negated ? "NULL" : "NULL or NOT NULL");
      Next();
      return negated ? Expr::IsNotNull(std::move(left)) : Expr::IsNull(std::move(left));
    }
    bool negated = false;
    if (KeywordIs(t, "NOT")) {
      Next();
      if (!KeywordIs(Peek(), "IN")) return Expected("IN after NOT");
      negated = true;
    }
    if (KeywordIs(Peek(), "IN")) {
      Next();
      if (Peek().kind != TokenKind::kLParen) return Expected("'(' after IN");
      Next();
      std::vector<Scalar> list;
      do {
        SILT_ASSIGN_OR_RETURN(Scalar v, ParseLiteral());
        list.push_back(std::move(v));
      } while (Peek().kind == TokenKind::kComma && (Next(), true));
      if (Peek().kind != TokenKind::kRParen) return Expected("',' or ')' in the IN list");
      Next();
      ExprPtr in = Expr::In(std::move(left), std::move(list));
      return negated ? Expr::Not(std::move(in)) : in;
    }
    return left;
  }

  bool AtLiteral() const {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kString:
      case TokenKind::kNumber:
      case TokenKind::kSign: return true;
      case TokenKind::kWord:
        if (KeywordIs(t, "NULL") || KeywordIs(t, "TRUE") || KeywordIs(t, "FALSE")) return true;
        // Typed literals: a type word directly followed by a string.
        return Peek(1).kind == TokenKind::kString &&
               (KeywordIs(t, "DATE") || KeywordIs(t, "TIMESTAMP") ||
                KeywordIs(t, "TIMESTAMPTZ") || KeywordIs(t, "TIME") ||
                KeywordIs(t, "DOUBLE") || (KeywordIs(t, "X") && Peek(1).pos == t.end));
      default: return false;
    }
  }

  Result<ExprPtr> ParseOperand() {
    const Token& t = Peek();
    if (t.kind == TokenKind::kLParen) {
      Next();
      SILT_RETURN_NOT_OK(Enter());
      SILT_ASSIGN_OR_RETURN(ExprPtr e, ParseOr());
      --depth_;
      if (Peek().kind != TokenKind::kRParen) return Expected("')'");
      Next();
      return e;
    }
    if (AtLiteral()) {
      SILT_ASSIGN_OR_RETURN(Scalar v, ParseLiteral());
      return Expr::Literal(std::move(v));
    }
    if (t.kind == TokenKind::kQuotedIdent ||
        (t.kind == TokenKind::kWord && !IsReserved(t))) {
      std::vector<std::string> path;
      path.push_back(Next().text);
      while (Peek().kind == TokenKind::kDot) {
        Next();
        const Token& f = Peek();
        if (f.kind != TokenKind::kQuotedIdent && f.kind != TokenKind::kWord) {
          return Expected("a field name after '.'");
        }
        path.push_back(Next().text);
      }
      return Expr::ColumnRef(std::move(path));
    }
    return Expected("a column name or literal");
  }

  static bool IsReserved(const Token& t) {
    for (const char* k : {"AND", "OR", "NOT", "IS", "NULL", "IN", "TRUE", "FALSE"}) {
      if (KeywordIs(t, k)) return true;
    }
    return false;
  }

  Result<Scalar> ParseLiteral() {
    if (!AtLiteral()) return Expected("a literal");
    Token t = Next();
    switch (t.kind) {
      case TokenKind::kString: return Scalar::String(t.text);
      case TokenKind::kSign: {
        if (Peek().kind != TokenKind::kNumber) return Expected("a number after '" + t.text + "'");
        Token n = Next();
        return NumberLiteral(t.text + n.text, t.pos);
      }
      case TokenKind::kNumber: return NumberLiteral(t.text, t.pos);
      default: break;
    }
    if (KeywordIs(t, "NULL")) return Scalar::Null();
    if (KeywordIs(t, "TRUE")) return Scalar::Bool(true);
    if (KeywordIs(t, "FALSE")) return Scalar::Bool(false);
    Token str = Next();  // AtLiteral() guaranteed a string follows the type word
    Result<Scalar> value = Status::Internal("unreachable");
    if (KeywordIs(t, "DATE")) {
      value = ParseScalar(str.text, date32());
    } else if (KeywordIs(t, "TIME")) {
      auto nanos = ParseTimeOfDay(str.text);
      if (nanos.ok()) {
        value = (*nanos % 1000 == 0) ? Scalar::Time(*nanos / 1000, TimeUnit::kMicro)
                                     : Scalar::Time(*nanos, TimeUnit::kNano);
      } else {
        value = nanos.status();
      }
    } else if (KeywordIs(t, "DOUBLE")) {
      value = ParseScalar(str.text, float64());
    } else if (KeywordIs(t, "X")) {
      value = HexLiteral(str.text);
    } else {
      value = TimestampLiteral(str.text, KeywordIs(t, "TIMESTAMPTZ"));
    }
    if (!value.ok()) return ErrorAt(str.pos, value.status().message());
    return value;
  }

  static Result<Scalar> TimestampLiteral(const std::string& text, bool force_utc) {
    SILT_ASSIGN_OR_RETURN(ParsedTimestamp ts, ParseTimestamp(text));
    TimeUnit unit = ts.fraction_digits > 6 ? TimeUnit::kNano : TimeUnit::kMicro;
    SILT_ASSIGN_OR_RETURN(int64_t ticks, TimestampToUnit(ts, unit));
    return Scalar::Timestamp(ticks, unit, (ts.has_zone || force_utc) ? "UTC" : "");
  }

  static Result<Scalar> HexLiteral(const std::string& text) {
    if (text.size() % 2 != 0) {
      return Status::InvalidArgument("hex literal needs an even number of digits");
    }
    std::string bytes;
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    for (size_t i = 0; i < text.size(); i += 2) {
      int hi = nibble(text[i]), lo = nibble(text[i + 1]);
      if (hi < 0 || lo < 0) return Status::InvalidArgument("invalid hex digit in X'...'");
      bytes.push_back(static_cast<char>(hi * 16 + lo));
    }
    return Scalar::Binary(std::move(bytes));
  }

  static Result<Scalar> NumberLiteral(const std::string& text, size_t pos) {
    auto v = ParseNumericLiteral(text);
    if (!v.ok()) return ErrorAt(pos, v.status().message());
    return v;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<ExprPtr> ParsePredicate(std::string_view text) {
  SILT_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text));
  if (tokens.size() == 1) return ErrorAt(0, "empty predicate");
  Parser parser(std::move(tokens));
  return parser.ParseAll();
}

}  // namespace silt
