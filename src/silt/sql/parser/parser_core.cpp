// Parser entry points, token helpers, error messages and names.
#include <string>

#include "silt/sql/parser/lexer.h"
#include "silt/sql/parser/parse_error.h"
#include "silt/sql/parser/parser_internal.h"

namespace silt::sql {

bool Parser::Accept(TokenKind kind) {
  if (!Is(kind)) return false;
  Advance();
  return true;
}

bool Parser::Accept(Keyword keyword) {
  if (!IsKeyword(keyword)) return false;
  Advance();
  return true;
}

Status Parser::Expect(TokenKind kind) {
  if (Accept(kind)) return Status::OK();
  return SyntaxError(Peek(), TokenKindName(kind));
}

Status Parser::Expect(Keyword keyword) {
  if (Accept(keyword)) return Status::OK();
  return SyntaxError(Peek(), KeywordText(keyword));
}

std::string_view Parser::Text(const Token& token) const {
  return TokenText(sql_, token);
}

Status Parser::ErrorAt(const Token& token, std::string_view message) const {
  return SqlErrorAt(StatusCode::kParse, sql_, Loc(token), message);
}

Status Parser::SyntaxError(const Token& token, std::string_view expected) const {
  std::string message;
  if (token.kind == TokenKind::kEnd) {
    message = "syntax error at end of input";
  } else {
    std::string_view text = Text(token);
    constexpr size_t kShown = 40;
    message = "syntax error at or near \"";
    message += text.substr(0, kShown);
    if (text.size() > kShown) message += "...";
    message += "\"";
  }
  if (!expected.empty()) {
    message += ", expected ";
    message += expected;
  }
  return ErrorAt(token, message);
}

Status Parser::Deepen() {
  if (++depth_ > options_.max_depth) {
    return ErrorAt(Peek(), "nesting too deep (more than " + std::to_string(options_.max_depth) +
                               " levels of parentheses, subqueries or operators)");
  }
  return Status::OK();
}

bool Parser::IsQueryKeyword(size_t ahead) const {
  return IsKeyword(Keyword::kSelect, ahead) || IsKeyword(Keyword::kWith, ahead) ||
         IsKeyword(Keyword::kValues, ahead) || IsKeyword(Keyword::kFrom, ahead) ||
         IsKeyword(Keyword::kTable, ahead);
}

bool Parser::IsQueryContinuation() const {
  const Token& token = Peek();
  if (token.kind != TokenKind::kWord) return false;
  switch (token.keyword) {
    case Keyword::kUnion:
    case Keyword::kIntersect:
    case Keyword::kExcept:
    case Keyword::kOrder:
    case Keyword::kLimit:
    case Keyword::kOffset:
    case Keyword::kFetch: return true;
    default: return false;
  }
}

// ---- names

bool Parser::IsName(NameUse use, size_t ahead) const {
  const Token& token = Peek(ahead);
  if (token.kind == TokenKind::kQuotedIdent) return true;
  if (token.kind != TokenKind::kWord) return false;
  switch (GetKeywordCategory(token.keyword)) {
    case KeywordCategory::kUnreserved: return true;
    case KeywordCategory::kTypeFunc: return use != NameUse::kStrict;
    case KeywordCategory::kReserved: return use == NameUse::kAny;
  }
  return false;
}

Result<Identifier> Parser::ParseIdentifier(NameUse use) {
  const Token& token = Peek();
  if (!IsName(use)) return SyntaxError(token, "a name");
  Identifier id;
  id.loc = Loc(token);
  if (token.kind == TokenKind::kQuotedIdent) {
    id.name = DecodeQuotedIdentifier(sql_, token);
    id.quoted = true;
  } else {
    id.name = std::string(Text(token));
  }
  Advance();
  return id;
}

Result<QualifiedName> Parser::ParseQualifiedName(NameUse first_use) {
  QualifiedName name;
  SILT_ASSIGN_OR_RETURN(Identifier first, ParseIdentifier(first_use));
  name.push_back(std::move(first));
  while (Is(TokenKind::kDot) && IsName(NameUse::kAny, 1)) {
    Advance();
    SILT_ASSIGN_OR_RETURN(Identifier part, ParseIdentifier(NameUse::kAny));
    name.push_back(std::move(part));
  }
  return name;
}

Result<std::vector<Identifier>> Parser::ParseParenthesizedNames() {
  SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  std::vector<Identifier> names;
  do {
    SILT_ASSIGN_OR_RETURN(Identifier name, ParseIdentifier(NameUse::kStrict));
    names.push_back(std::move(name));
  } while (Accept(TokenKind::kComma));
  SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return names;
}

Result<Identifier> Parser::ParseAliasName() {
  const Token& token = Peek();
  if (token.kind == TokenKind::kString) {
    Identifier id;
    id.loc = Loc(token);
    id.name = DecodeString(sql_, token);
    id.quoted = true;
    if (id.name.empty()) return ErrorAt(token, "zero-length alias");
    Advance();
    return id;
  }
  return ParseIdentifier(NameUse::kAny);
}

bool Parser::IsImplicitAlias() const {
  return IsName(NameUse::kStrict);
}

// ---- entry points

Result<std::vector<StatementPtr>> Parser::ParseStatementList() {
  std::vector<StatementPtr> statements;
  while (true) {
    while (Accept(TokenKind::kSemicolon)) {
    }
    if (Is(TokenKind::kEnd)) break;
    const Token& first = Peek();
    SILT_ASSIGN_OR_RETURN(StatementPtr statement, ParseStatement());
    const Token& last = tokens_[pos_ > 0 ? pos_ - 1 : 0];
    statement->begin_offset = first.offset;
    statement->end_offset = last.offset + last.length;
    statements.push_back(std::move(statement));
    if (!Is(TokenKind::kSemicolon) && !Is(TokenKind::kEnd)) return SyntaxError(Peek());
  }
  return statements;
}

Result<ExprPtr> Parser::ParseSingleExpression() {
  SILT_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
  if (!Is(TokenKind::kEnd)) return SyntaxError(Peek());
  return expr;
}

Result<TypeName> Parser::ParseSingleType() {
  SILT_ASSIGN_OR_RETURN(TypeName type, ParseType());
  if (!Is(TokenKind::kEnd)) return SyntaxError(Peek());
  return type;
}

Result<std::vector<StatementPtr>> ParseStatements(std::string_view sql,
                                                  const ParseOptions& options) {
  std::vector<Token> tokens;
  SILT_RETURN_NOT_OK(Lex(sql, &tokens));
  return Parser(sql, tokens, options).ParseStatementList();
}

Result<StatementPtr> ParseStatement(std::string_view sql, const ParseOptions& options) {
  SILT_ASSIGN_OR_RETURN(std::vector<StatementPtr> statements, ParseStatements(sql, options));
  if (statements.size() != 1) {
    if (statements.empty()) return SqlParseError(sql, 0, "expected a statement");
    return SqlParseError(sql, statements[1]->begin_offset,
                         "expected one statement, found " + std::to_string(statements.size()));
  }
  return std::move(statements[0]);
}

Result<ExprPtr> ParseExpression(std::string_view sql, const ParseOptions& options) {
  std::vector<Token> tokens;
  SILT_RETURN_NOT_OK(Lex(sql, &tokens));
  return Parser(sql, tokens, options).ParseSingleExpression();
}

Result<TypeName> ParseTypeName(std::string_view sql, const ParseOptions& options) {
  std::vector<Token> tokens;
  SILT_RETURN_NOT_OK(Lex(sql, &tokens));
  return Parser(sql, tokens, options).ParseSingleType();
}

}  // namespace silt::sql
