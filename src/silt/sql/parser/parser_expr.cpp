// Expressions: prefix operators, the precedence-climbing loop over infix operators, and
// postfix subscripts, casts and field access.
#include "silt/sql/parser/lexer.h"
#include "silt/sql/parser/parser_internal.h"

namespace silt::sql {

namespace {

enum class InfixForm : uint8_t {
  kBinary,
  kComparison,
  kIs,
  kIsNullPostfix,
  kNotNullPostfix,
  kBetween,
  kIn,
  kLike,
  kAtTimeZone,
  kCollate,
};

struct Infix {
  int precedence = -1;
  InfixForm form = InfixForm::kBinary;
  BinaryOp op = BinaryOp::kEq;
  LikeKind like = LikeKind::kLike;
  bool negated = false;  // NOT BETWEEN / NOT IN / NOT LIKE ...
  int tokens = 1;        // tokens making up the operator
};

Infix MakeBinary(int precedence, BinaryOp op, int tokens = 1) {
  Infix infix;
  infix.precedence = precedence;
  infix.op = op;
  infix.tokens = tokens;
  return infix;
}

Infix MakeForm(int precedence, InfixForm form, int tokens = 1) {
  Infix infix;
  infix.precedence = precedence;
  infix.form = form;
  infix.tokens = tokens;
  return infix;
}

Infix MakeComparison(BinaryOp op) {
  Infix infix = MakeBinary(kPrecComparison, op);
  infix.form = InfixForm::kComparison;
  return infix;
}

// Whether `token` can start an operand (used for MySQL's `a DIV b`, where DIV is otherwise a
// name: `SELECT x div FROM t` keeps `div` as the alias).
bool StartsOperand(const Token& token) {
  switch (token.kind) {
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
    case TokenKind::kFloat:
    case TokenKind::kString:
    case TokenKind::kEscapeString:
    case TokenKind::kHexString:
    case TokenKind::kParameter:
    case TokenKind::kQuotedIdent:
    case TokenKind::kLParen:
    case TokenKind::kLBracket:
    case TokenKind::kLBrace:
    case TokenKind::kMinus:
    case TokenKind::kPlus:
    case TokenKind::kTilde: return true;
    case TokenKind::kWord:
      switch (token.keyword) {
        case Keyword::kNull:
        case Keyword::kTrue:
        case Keyword::kFalse:
        case Keyword::kCase:
        case Keyword::kCast:
        case Keyword::kNot:
        case Keyword::kExists:
        case Keyword::kArray:
        case Keyword::kCurrentDate:
        case Keyword::kCurrentTime:
        case Keyword::kCurrentTimestamp:
        case Keyword::kLocaltime:
        case Keyword::kLocaltimestamp: return true;
        default: return GetKeywordCategory(token.keyword) != KeywordCategory::kReserved;
      }
    default: return false;
  }
}

}  // namespace

// Classifies the operator at the parser's position (precedence -1: none).
static Infix PeekInfixAt(const Token& t0, const Token& t1, const Token& t2) {
  switch (t0.kind) {
    case TokenKind::kEq: return MakeComparison(BinaryOp::kEq);
    case TokenKind::kNotEq: return MakeComparison(BinaryOp::kNotEq);
    case TokenKind::kLt: return MakeComparison(BinaryOp::kLt);
    case TokenKind::kLtEq: return MakeComparison(BinaryOp::kLtEq);
    case TokenKind::kGtEq: return MakeComparison(BinaryOp::kGtEq);
    case TokenKind::kGt:
      // The lexer never emits '>>'; two adjacent '>' are a right shift.
      if (t1.kind == TokenKind::kGt && t1.offset == t0.offset + 1) {
        return MakeBinary(kPrecOther, BinaryOp::kShiftRight, 2);
      }
      return MakeComparison(BinaryOp::kGt);
    case TokenKind::kConcat: return MakeBinary(kPrecOther, BinaryOp::kConcat);
    case TokenKind::kAmpersand: return MakeBinary(kPrecOther, BinaryOp::kBitAnd);
    case TokenKind::kPipe: return MakeBinary(kPrecOther, BinaryOp::kBitOr);
    case TokenKind::kHash: return MakeBinary(kPrecOther, BinaryOp::kBitXor);
    case TokenKind::kShiftLeft: return MakeBinary(kPrecOther, BinaryOp::kShiftLeft);
    case TokenKind::kTilde: return MakeBinary(kPrecOther, BinaryOp::kRegexMatch);
    case TokenKind::kTildeStar: return MakeBinary(kPrecOther, BinaryOp::kRegexIMatch);
    case TokenKind::kNotTilde: return MakeBinary(kPrecOther, BinaryOp::kRegexNotMatch);
    case TokenKind::kNotTildeStar: return MakeBinary(kPrecOther, BinaryOp::kRegexNotIMatch);
    case TokenKind::kPlus: return MakeBinary(kPrecAdditive, BinaryOp::kAdd);
    case TokenKind::kMinus: return MakeBinary(kPrecAdditive, BinaryOp::kSubtract);
    case TokenKind::kStar: return MakeBinary(kPrecMultiplicative, BinaryOp::kMultiply);
    case TokenKind::kSlash: return MakeBinary(kPrecMultiplicative, BinaryOp::kDivide);
    case TokenKind::kDoubleSlash: return MakeBinary(kPrecMultiplicative, BinaryOp::kIntegerDivide);
    case TokenKind::kPercent: return MakeBinary(kPrecMultiplicative, BinaryOp::kModulo);
    case TokenKind::kCaret: return MakeBinary(kPrecPower, BinaryOp::kPower);
    case TokenKind::kWord: break;
    default: return {};
  }
  auto is = [](const Token& t, Keyword k) { return t.kind == TokenKind::kWord && t.keyword == k; };
  switch (t0.keyword) {
    case Keyword::kOr: return MakeBinary(kPrecOr, BinaryOp::kOr);
    case Keyword::kAnd: return MakeBinary(kPrecAnd, BinaryOp::kAnd);
    case Keyword::kIs: return MakeForm(kPrecIs, InfixForm::kIs);
    case Keyword::kIsnull: return MakeForm(kPrecIs, InfixForm::kIsNullPostfix);
    case Keyword::kNotnull: return MakeForm(kPrecIs, InfixForm::kNotNullPostfix);
    case Keyword::kBetween: return MakeForm(kPrecLike, InfixForm::kBetween);
    case Keyword::kIn: return MakeForm(kPrecLike, InfixForm::kIn);
    case Keyword::kLike: return MakeForm(kPrecLike, InfixForm::kLike);
    case Keyword::kIlike: {
      Infix infix = MakeForm(kPrecLike, InfixForm::kLike);
      infix.like = LikeKind::kILike;
      return infix;
    }
    case Keyword::kSimilar: {
      if (!is(t1, Keyword::kTo)) return {};
      Infix infix = MakeForm(kPrecLike, InfixForm::kLike, 2);
      infix.like = LikeKind::kSimilarTo;
      return infix;
    }
    case Keyword::kNot: {
      // SQLite's postfix x NOT NULL (IS NOT NULL)
      if (is(t1, Keyword::kNull)) return MakeForm(kPrecIs, InfixForm::kNotNullPostfix, 2);
      // NOT BETWEEN / NOT IN / NOT LIKE / NOT ILIKE / NOT SIMILAR TO
      Infix inner = PeekInfixAt(t1, t2, Token{});
      if (inner.precedence != kPrecLike) return {};
      inner.negated = true;
      inner.tokens += 1;
      return inner;
    }
    case Keyword::kAt:
      if (is(t1, Keyword::kTime) && is(t2, Keyword::kZone)) {
        return MakeForm(kPrecAtTimeZone, InfixForm::kAtTimeZone, 3);
      }
      return {};
    case Keyword::kCollate: return MakeForm(kPrecCollate, InfixForm::kCollate);
    case Keyword::kDiv:  // MySQL's integer division, the same operator as //
      if (!StartsOperand(t1)) return {};
      return MakeBinary(kPrecMultiplicative, BinaryOp::kIntegerDivide);
    default: return {};
  }
}

Result<ExprPtr> Parser::ParseExpr(int min_precedence) {
  DepthScope scope(this);
  SILT_RETURN_NOT_OK(Deepen());
  SILT_ASSIGN_OR_RETURN(ExprPtr left, ParsePrefix());
  return ParseInfix(std::move(left), min_precedence);
}

Result<ExprPtr> Parser::ParsePrefix() {
  const Token& token = Peek();
  SourceLocation loc = Loc(token);
  UnaryOp op;
  int operand_precedence = kPrecUnary;
  if (token.kind == TokenKind::kWord && token.keyword == Keyword::kNot) {
    op = UnaryOp::kNot;
    operand_precedence = kPrecNot;
  } else if (token.kind == TokenKind::kMinus) {
    op = UnaryOp::kMinus;
  } else if (token.kind == TokenKind::kPlus) {
    op = UnaryOp::kPlus;
  } else if (token.kind == TokenKind::kTilde) {
    op = UnaryOp::kBitNot;
  } else {
    SILT_ASSIGN_OR_RETURN(ExprPtr primary, ParsePrimary());
    return ParsePostfix(std::move(primary));
  }
  Advance();
  auto unary = MakeNode<UnaryExpr>(loc);
  unary->op = op;
  SILT_ASSIGN_OR_RETURN(unary->operand, ParseExpr(operand_precedence));
  return ExprPtr(std::move(unary));
}

Result<ExprPtr> Parser::ParsePostfix(ExprPtr base) {
  DepthScope scope(this);
  while (true) {
    const Token& token = Peek();
    SourceLocation loc = Loc(token);
    if (token.kind == TokenKind::kLBracket) {
      SILT_RETURN_NOT_OK(Deepen());
      Advance();
      auto subscript = MakeNode<SubscriptExpr>(loc);
      subscript->base = std::move(base);
      if (!Is(TokenKind::kColon)) {
        SILT_ASSIGN_OR_RETURN(subscript->index, ParseExpr());
      }
      if (Accept(TokenKind::kColon)) {
        subscript->slice = true;
        if (!Is(TokenKind::kRBracket)) {
          SILT_ASSIGN_OR_RETURN(subscript->upper, ParseExpr());
        }
      } else if (subscript->index == nullptr) {
        return SyntaxError(Peek(), "an index");
      }
      SILT_RETURN_NOT_OK(Expect(TokenKind::kRBracket));
      base = std::move(subscript);
    } else if (token.kind == TokenKind::kDoubleColon) {
      SILT_RETURN_NOT_OK(Deepen());
      Advance();
      auto cast = MakeNode<CastExpr>(loc);
      cast->operand = std::move(base);
      SILT_ASSIGN_OR_RETURN(cast->type, ParseType());
      base = std::move(cast);
    } else if (token.kind == TokenKind::kDot && IsName(NameUse::kAny, 1)) {
      SILT_RETURN_NOT_OK(Deepen());
      Advance();
      auto access = MakeNode<FieldAccessExpr>(loc);
      access->base = std::move(base);
      SILT_ASSIGN_OR_RETURN(access->field, ParseIdentifier(NameUse::kAny));
      base = std::move(access);
    } else {
      return base;
    }
  }
}

Result<ExprPtr> Parser::ParseInfix(ExprPtr left, int min_precedence) {
  // Each operator applied here wraps `left` one level deeper, so it counts toward the
  // nesting limit like a parenthesis would (ToSql, operator== and the destructor recurse).
  DepthScope scope(this);
  while (true) {
    Infix infix = PeekInfixAt(Peek(), Peek(1), Peek(2));
    if (infix.precedence < min_precedence || infix.precedence < 0) return left;
    SILT_RETURN_NOT_OK(Deepen());
    SourceLocation loc = Here();
    for (int i = 0; i < infix.tokens; ++i) Advance();
    switch (infix.form) {
      case InfixForm::kBinary: {
        auto binary = MakeNode<BinaryExpr>(loc);
        binary->op = infix.op;
        binary->left = std::move(left);
        SILT_ASSIGN_OR_RETURN(binary->right, ParseExpr(infix.precedence + 1));
        left = std::move(binary);
        break;
      }
      case InfixForm::kComparison: {
        SILT_ASSIGN_OR_RETURN(left, ParseComparison(std::move(left), infix.op, loc));
        break;
      }
      case InfixForm::kIs: {
        SILT_ASSIGN_OR_RETURN(left, ParseIsTest(std::move(left)));
        break;
      }
      case InfixForm::kIsNullPostfix:
      case InfixForm::kNotNullPostfix: {
        auto test = MakeNode<IsExpr>(loc);
        test->test = IsKind::kNull;
        test->negated = infix.form == InfixForm::kNotNullPostfix;
        test->operand = std::move(left);
        left = std::move(test);
        break;
      }
      case InfixForm::kBetween: {
        auto between = MakeNode<BetweenExpr>(loc);
        between->negated = infix.negated;
        between->symmetric = Accept(Keyword::kSymmetric);
        between->operand = std::move(left);
        SILT_ASSIGN_OR_RETURN(between->low, ParseExpr(kPrecOther));
        SILT_RETURN_NOT_OK(Expect(Keyword::kAnd));
        SILT_ASSIGN_OR_RETURN(between->high, ParseExpr(kPrecOther));
        left = std::move(between);
        break;
      }
      case InfixForm::kIn: {
        SILT_ASSIGN_OR_RETURN(left, ParseInTail(std::move(left), infix.negated, loc));
        break;
      }
      case InfixForm::kLike: {
        auto like = MakeNode<LikeExpr>(loc);
        like->like = infix.like;
        like->negated = infix.negated;
        like->operand = std::move(left);
        SILT_ASSIGN_OR_RETURN(like->pattern, ParseExpr(kPrecOther));
        if (Accept(Keyword::kEscape)) {
          SILT_ASSIGN_OR_RETURN(like->escape, ParseExpr(kPrecOther));
        }
        left = std::move(like);
        break;
      }
      case InfixForm::kAtTimeZone: {
        auto at = MakeNode<AtTimeZoneExpr>(loc);
        at->operand = std::move(left);
        SILT_ASSIGN_OR_RETURN(at->zone, ParseExpr(kPrecAtTimeZone + 1));
        left = std::move(at);
        break;
      }
      case InfixForm::kCollate: {
        auto collate = MakeNode<CollateExpr>(loc);
        collate->operand = std::move(left);
        if (Is(TokenKind::kString)) {
          Identifier name;
          name.loc = Here();
          name.name = DecodeString(sql_, Peek());
          name.quoted = true;
          Advance();
          collate->collation.push_back(std::move(name));
        } else {
          SILT_ASSIGN_OR_RETURN(collate->collation, ParseQualifiedName(NameUse::kAny));
        }
        left = std::move(collate);
        break;
      }
    }
  }
}

Result<ExprPtr> Parser::ParseComparison(ExprPtr left, BinaryOp op, SourceLocation loc) {
  bool any = IsKeyword(Keyword::kAny) || IsKeyword(Keyword::kSome);
  bool all = IsKeyword(Keyword::kAll);
  if ((any || all) && Is(TokenKind::kLParen, 1)) {
    Advance();
    auto quantified = MakeNode<QuantifiedExpr>(loc);
    quantified->op = op;
    quantified->all = all;
    quantified->left = std::move(left);
    if (IsQueryKeyword(1)) {
      SILT_ASSIGN_OR_RETURN(quantified->subquery, ParseParenthesizedQuery());
    } else {
      SourceLocation inner_loc = Loc(Advance());
      SILT_ASSIGN_OR_RETURN(ExprPtr array, ParseExpr());
      if (array->kind == ExprKind::kSubquery) {
        // = ANY ((SELECT ...)) and = ANY ((SELECT ...) UNION ...) test a subquery, as in
        // PostgreSQL.
        quantified->subquery = std::move(array->As<SubqueryExpr>().query);
        if (IsQueryContinuation()) {
          SILT_ASSIGN_OR_RETURN(quantified->subquery,
                                ContinueQuery(std::move(quantified->subquery), inner_loc));
        }
      } else {
        quantified->array = std::move(array);
      }
      SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    }
    return ExprPtr(std::move(quantified));
  }
  auto binary = MakeNode<BinaryExpr>(loc);
  binary->op = op;
  binary->left = std::move(left);
  SILT_ASSIGN_OR_RETURN(binary->right, ParseExpr(kPrecComparison + 1));
  return ExprPtr(std::move(binary));
}

Result<ExprPtr> Parser::ParseIsTest(ExprPtr left) {
  SourceLocation loc = left->loc;
  bool negated = Accept(Keyword::kNot);
  IsKind test;
  if (Accept(Keyword::kNull)) {
    test = IsKind::kNull;
  } else if (Accept(Keyword::kTrue)) {
    test = IsKind::kTrue;
  } else if (Accept(Keyword::kFalse)) {
    test = IsKind::kFalse;
  } else if (Accept(Keyword::kUnknown)) {
    test = IsKind::kUnknown;
  } else if (Accept(Keyword::kDistinct)) {
    SILT_RETURN_NOT_OK(Expect(Keyword::kFrom));
    auto binary = MakeNode<BinaryExpr>(loc);
    binary->op = negated ? BinaryOp::kIsNotDistinctFrom : BinaryOp::kIsDistinctFrom;
    binary->left = std::move(left);
    SILT_ASSIGN_OR_RETURN(binary->right, ParseExpr(kPrecIs + 1));
    return ExprPtr(std::move(binary));
  } else {
    return SyntaxError(Peek(), "NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM");
  }
  auto is = MakeNode<IsExpr>(loc);
  is->test = test;
  is->negated = negated;
  is->operand = std::move(left);
  return ExprPtr(std::move(is));
}

Result<ExprPtr> Parser::ParseInTail(ExprPtr left, bool negated, SourceLocation loc) {
  if (!Is(TokenKind::kLParen)) return SyntaxError(Peek(), "'('");
  if (IsQueryKeyword(1)) {
    auto in = MakeNode<InSubqueryExpr>(loc);
    in->negated = negated;
    in->operand = std::move(left);
    SILT_ASSIGN_OR_RETURN(in->subquery, ParseParenthesizedQuery());
    return ExprPtr(std::move(in));
  }
  SourceLocation list_loc = Here();
  Advance();
  auto in = MakeNode<InListExpr>(loc);
  in->negated = negated;
  in->operand = std::move(left);
  if (Accept(TokenKind::kRParen)) return ExprPtr(std::move(in));  // SQLite's empty list
  SILT_ASSIGN_OR_RETURN(ExprPtr first, ParseExpr());
  if (first->kind == ExprKind::kSubquery && IsQueryContinuation()) {
    // x IN ((SELECT a) UNION (SELECT b))
    auto query = std::move(first->As<SubqueryExpr>().query);
    SILT_ASSIGN_OR_RETURN(query, ContinueQuery(std::move(query), list_loc));
    first = nullptr;
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    auto sub = MakeNode<InSubqueryExpr>(loc);
    sub->negated = negated;
    sub->operand = std::move(in->operand);
    sub->subquery = std::move(query);
    return ExprPtr(std::move(sub));
  }
  in->list.push_back(std::move(first));
  while (Accept(TokenKind::kComma)) {
    SILT_ASSIGN_OR_RETURN(ExprPtr item, ParseExpr());
    in->list.push_back(std::move(item));
  }
  SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  if (in->list.size() == 1 && in->list[0]->kind == ExprKind::kSubquery) {
    // x IN ((SELECT ...)) is a subquery test, as in PostgreSQL.
    auto sub = MakeNode<InSubqueryExpr>(loc);
    sub->negated = negated;
    sub->operand = std::move(in->operand);
    sub->subquery = std::move(in->list[0]->As<SubqueryExpr>().query);
    return ExprPtr(std::move(sub));
  }
  return ExprPtr(std::move(in));
}

}  // namespace silt::sql
