// Primary expressions: literals, parameters, parentheses (expression, row or subquery),
// CASE, CAST, INTERVAL, typed literals, array and struct literals.
#include "silt/sql/parser/lexer.h"
#include "silt/sql/parser/parser_internal.h"

namespace silt::sql {

Result<ExprPtr> Parser::ParsePrimary() {
  const Token& token = Peek();
  SourceLocation loc = Loc(token);
  switch (token.kind) {
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
    case TokenKind::kFloat:
    case TokenKind::kString:
    case TokenKind::kEscapeString:
    case TokenKind::kHexString: return ParseLiteralToken();
    case TokenKind::kParameter: return ParseParameter();
    case TokenKind::kLParen: return ParseParenthesized();
    case TokenKind::kLBracket: return ParseArrayLiteral();
    case TokenKind::kLBrace: return ParseStructLiteral();
    case TokenKind::kQuotedIdent: return ParseNameOrCall();
    case TokenKind::kWord: break;
    default: return SyntaxError(token, "an expression");
  }
  bool call = Is(TokenKind::kLParen, 1);
  switch (token.keyword) {
    case Keyword::kNull:
    case Keyword::kTrue:
    case Keyword::kFalse: {
      auto literal = MakeNode<LiteralExpr>(loc);
      literal->literal_kind =
          token.keyword == Keyword::kNull ? LiteralKind::kNull : LiteralKind::kBoolean;
      literal->boolean_value = token.keyword == Keyword::kTrue;
      Advance();
      return ExprPtr(std::move(literal));
    }
    case Keyword::kCase: return ParseCase();
    case Keyword::kCast: return ParseCast(false);
    case Keyword::kTryCast:
      if (call) return ParseCast(true);
      break;
    case Keyword::kExists: {
      Advance();
      auto exists = MakeNode<ExistsExpr>(loc);
      SILT_ASSIGN_OR_RETURN(exists->query, ParseParenthesizedQuery());
      return ExprPtr(std::move(exists));
    }
    case Keyword::kArray: {
      if (!Is(TokenKind::kLBracket, 1)) return SyntaxError(Peek(1), "'['");
      Advance();
      SILT_ASSIGN_OR_RETURN(ExprPtr array, ParseArrayLiteral());
      array->loc = loc;
      return array;
    }
    case Keyword::kInterval: {
      TokenKind next = Peek(1).kind;
      if (next == TokenKind::kString || next == TokenKind::kEscapeString ||
          next == TokenKind::kInteger || next == TokenKind::kDecimal ||
          next == TokenKind::kLParen) {
        return ParseInterval();
      }
      break;
    }
    case Keyword::kRow:
      if (call) {
        Advance();
        Advance();
        auto row = MakeNode<RowExpr>(loc);
        if (!Accept(TokenKind::kRParen)) {
          SILT_ASSIGN_OR_RETURN(row->elements, ParseExprList());
          SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
        }
        return ExprPtr(std::move(row));
      }
      break;
    case Keyword::kExtract:
    case Keyword::kPosition:
    case Keyword::kSubstring:
    case Keyword::kTrim:
      if (call) return ParseSpecialCall();
      break;
    case Keyword::kCurrentDate:
    case Keyword::kCurrentTime:
    case Keyword::kCurrentTimestamp:
    case Keyword::kLocaltime:
    case Keyword::kLocaltimestamp:
      if (!call) {
        auto function = MakeNode<FunctionExpr>(loc);
        function->syntax = FunctionSyntax::kNoParens;
        function->name.push_back(Identifier{std::string(Text(token)), false, loc});
        Advance();
        return ExprPtr(std::move(function));
      }
      {
        Identifier name{std::string(Text(Advance())), false, loc};
        SILT_ASSIGN_OR_RETURN(std::unique_ptr<FunctionExpr> function,
                              ParseCall({std::move(name)}, loc));
        return ExprPtr(std::move(function));
      }
    case Keyword::kDefault: Advance(); return ExprPtr(MakeNode<DefaultExpr>(loc));
    default: break;
  }
  size_t type_words = BuiltinTypeWords(0);
  if (type_words > 0) {
    TokenKind next = Peek(type_words).kind;
    if (next == TokenKind::kString || next == TokenKind::kEscapeString) {
      return ParseTypedLiteral();
    }
  }
  return ParseNameOrCall();
}

Result<ExprPtr> Parser::ParseParenthesized() {
  // Depth is counted by the ParseExpr / ParseQuery calls below, and here only for "((",
  // which recurses directly; so "(x)" costs what "x" costs plus one.
  DepthScope scope(this);
  SourceLocation loc = Here();
  if (IsQueryKeyword(1)) {
    auto subquery = MakeNode<SubqueryExpr>(loc);
    SILT_ASSIGN_OR_RETURN(subquery->query, ParseParenthesizedQuery());
    return ExprPtr(std::move(subquery));
  }
  SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  ExprPtr first;
  if (Is(TokenKind::kLParen)) {
    // "((" may open a query whose first operand is parenthesized: decide after it.
    SILT_RETURN_NOT_OK(Deepen());
    SILT_ASSIGN_OR_RETURN(ExprPtr inner, ParseParenthesized());
    if (inner->kind == ExprKind::kSubquery && IsQueryContinuation()) {
      auto subquery = MakeNode<SubqueryExpr>(loc);
      SILT_ASSIGN_OR_RETURN(subquery->query,
                            ContinueQuery(std::move(inner->As<SubqueryExpr>().query), loc));
      SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
      return ExprPtr(std::move(subquery));
    }
    SILT_ASSIGN_OR_RETURN(inner, ParsePostfix(std::move(inner)));
    SILT_ASSIGN_OR_RETURN(first, ParseInfix(std::move(inner), kPrecLowest));
  } else {
    SILT_ASSIGN_OR_RETURN(first, ParseExpr());
  }
  if (Is(TokenKind::kComma)) {
    auto row = MakeNode<RowExpr>(loc);
    row->elements.push_back(std::move(first));
    while (Accept(TokenKind::kComma)) {
      SILT_ASSIGN_OR_RETURN(ExprPtr element, ParseExpr());
      row->elements.push_back(std::move(element));
    }
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    return ExprPtr(std::move(row));
  }
  SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return first;
}

Result<std::unique_ptr<Query>> Parser::ParseParenthesizedQuery() {
  SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  SILT_ASSIGN_OR_RETURN(std::unique_ptr<Query> query, ParseQuery());
  SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return query;
}

Result<ExprPtr> Parser::ParseLiteralToken() {
  const Token& token = Peek();
  auto literal = MakeNode<LiteralExpr>(Loc(token));
  switch (token.kind) {
    case TokenKind::kInteger:
      literal->literal_kind = LiteralKind::kInteger;
      literal->text = std::string(Text(token));
      break;
    case TokenKind::kDecimal:
      literal->literal_kind = LiteralKind::kDecimal;
      literal->text = std::string(Text(token));
      break;
    case TokenKind::kFloat:
      literal->literal_kind = LiteralKind::kFloat;
      literal->text = std::string(Text(token));
      break;
    case TokenKind::kString:
      literal->literal_kind = LiteralKind::kString;
      literal->text = DecodeString(sql_, token);
      break;
    case TokenKind::kEscapeString: {
      literal->literal_kind = LiteralKind::kString;
      SILT_ASSIGN_OR_RETURN(literal->text, DecodeEscapeString(sql_, token));
      break;
    }
    case TokenKind::kHexString:
      literal->literal_kind = LiteralKind::kHexString;
      literal->text = std::string(HexStringDigits(sql_, token));
      break;
    default: return SyntaxError(token, "a literal");
  }
  Advance();
  return ExprPtr(std::move(literal));
}

Result<ExprPtr> Parser::ParseParameter() {
  const Token& token = Peek();
  std::string_view digits = Text(token).substr(1);
  uint64_t index = 0;
  for (char c : digits) {
    index = index * 10 + static_cast<uint64_t>(c - '0');
    if (index > 1000000) return ErrorAt(token, "parameter number too large");
  }
  if (Text(token)[0] == '$' && index == 0) return ErrorAt(token, "parameters are numbered from $1");
  auto parameter = MakeNode<ParameterExpr>(Loc(token));
  parameter->index = static_cast<uint32_t>(index);
  Advance();
  return ExprPtr(std::move(parameter));
}

Result<ExprPtr> Parser::ParseCase() {
  auto expr = MakeNode<CaseExpr>(Here());
  Advance();
  if (!IsKeyword(Keyword::kWhen)) {
    SILT_ASSIGN_OR_RETURN(expr->operand, ParseExpr());
  }
  if (!IsKeyword(Keyword::kWhen)) return SyntaxError(Peek(), "WHEN");
  while (Accept(Keyword::kWhen)) {
    CaseWhen arm;
    SILT_ASSIGN_OR_RETURN(arm.when, ParseExpr());
    SILT_RETURN_NOT_OK(Expect(Keyword::kThen));
    SILT_ASSIGN_OR_RETURN(arm.then, ParseExpr());
    expr->whens.push_back(std::move(arm));
  }
  if (Accept(Keyword::kElse)) {
    SILT_ASSIGN_OR_RETURN(expr->else_result, ParseExpr());
  }
  SILT_RETURN_NOT_OK(Expect(Keyword::kEnd));
  return ExprPtr(std::move(expr));
}

Result<ExprPtr> Parser::ParseCast(bool try_cast) {
  auto cast = MakeNode<CastExpr>(Here());
  cast->try_cast = try_cast;
  Advance();
  SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  SILT_ASSIGN_OR_RETURN(cast->operand, ParseExpr());
  SILT_RETURN_NOT_OK(Expect(Keyword::kAs));
  SILT_ASSIGN_OR_RETURN(cast->type, ParseType());
  SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return ExprPtr(std::move(cast));
}

Result<ExprPtr> Parser::ParseInterval() {
  auto interval = MakeNode<IntervalExpr>(Here());
  Advance();
  bool is_string = Is(TokenKind::kString) || Is(TokenKind::kEscapeString);
  if (Is(TokenKind::kLParen)) {
    SILT_ASSIGN_OR_RETURN(interval->value, ParseParenthesized());
  } else {
    SILT_ASSIGN_OR_RETURN(interval->value, ParseLiteralToken());
  }
  if (Peek().kind == TokenKind::kWord) {
    interval->unit = LookupIntervalUnit(Text(Peek()));
  }
  if (interval->unit != IntervalUnit::kNone) {
    Advance();
    if (Accept(Keyword::kTo)) {
      if (Peek().kind == TokenKind::kWord) interval->to_unit = LookupIntervalUnit(Text(Peek()));
      if (interval->to_unit == IntervalUnit::kNone) return SyntaxError(Peek(), "an interval unit");
      Advance();
    }
  } else if (!is_string) {
    return SyntaxError(Peek(), "an interval unit (DAY, MONTH, ...)");
  }
  return ExprPtr(std::move(interval));
}

Result<ExprPtr> Parser::ParseArrayLiteral() {
  auto array = MakeNode<ArrayExpr>(Here());
  SILT_RETURN_NOT_OK(Expect(TokenKind::kLBracket));
  if (!Accept(TokenKind::kRBracket)) {
    SILT_ASSIGN_OR_RETURN(array->elements, ParseExprList());
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRBracket));
  }
  return ExprPtr(std::move(array));
}

Result<ExprPtr> Parser::ParseStructLiteral() {
  auto literal = MakeNode<StructExpr>(Here());
  SILT_RETURN_NOT_OK(Expect(TokenKind::kLBrace));
  if (Accept(TokenKind::kRBrace)) return ExprPtr(std::move(literal));
  do {
    Identifier key;
    if (Is(TokenKind::kString)) {
      key.loc = Here();
      key.name = DecodeString(sql_, Peek());
      key.quoted = true;
      Advance();
    } else {
      SILT_ASSIGN_OR_RETURN(key, ParseIdentifier(NameUse::kAny));
    }
    SILT_RETURN_NOT_OK(Expect(TokenKind::kColon));
    SILT_ASSIGN_OR_RETURN(ExprPtr value, ParseExpr());
    literal->keys.push_back(std::move(key));
    literal->values.push_back(std::move(value));
  } while (Accept(TokenKind::kComma));
  SILT_RETURN_NOT_OK(Expect(TokenKind::kRBrace));
  return ExprPtr(std::move(literal));
}

Result<ExprPtr> Parser::ParseTypedLiteral() {
  auto literal = MakeNode<TypedLiteralExpr>(Here());
  SILT_ASSIGN_OR_RETURN(literal->type, ParseType());
  const Token& token = Peek();
  if (token.kind == TokenKind::kString) {
    literal->value = DecodeString(sql_, token);
  } else if (token.kind == TokenKind::kEscapeString) {
    SILT_ASSIGN_OR_RETURN(literal->value, DecodeEscapeString(sql_, token));
  } else {
    return SyntaxError(token, "a string literal");
  }
  Advance();
  return ExprPtr(std::move(literal));
}

Result<std::vector<ExprPtr>> Parser::ParseExprList() {
  std::vector<ExprPtr> list;
  do {
    SILT_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
    list.push_back(std::move(expr));
  } while (Accept(TokenKind::kComma));
  return list;
}

}  // namespace silt::sql
