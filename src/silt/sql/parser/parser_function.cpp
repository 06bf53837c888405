// Names, function calls (arguments, aggregate and window tails) and the special call
// syntaxes EXTRACT / POSITION / SUBSTRING / TRIM.
#include "silt/sql/parser/lexer.h"
#include "silt/sql/parser/parser_internal.h"

namespace silt::sql {

Result<ExprPtr> Parser::ParseNameOrCall() {
  const Token& token = Peek();
  SourceLocation loc = Loc(token);
  NameUse use = Is(TokenKind::kLParen, 1) ? NameUse::kFunction : NameUse::kStrict;
  if (!IsName(use)) return SyntaxError(token, "an expression");
  QualifiedName parts;
  SILT_ASSIGN_OR_RETURN(Identifier first, ParseIdentifier(use));
  parts.push_back(std::move(first));
  while (Is(TokenKind::kDot)) {
    if (Is(TokenKind::kStar, 1)) {
      Advance();
      Advance();
      auto star = MakeNode<StarExpr>(loc);
      star->qualifier = std::move(parts);
      return ExprPtr(std::move(star));
    }
    if (!IsName(NameUse::kAny, 1)) break;
    Advance();
    SILT_ASSIGN_OR_RETURN(Identifier part, ParseIdentifier(NameUse::kAny));
    parts.push_back(std::move(part));
  }
  if (Is(TokenKind::kLParen)) {
    SILT_ASSIGN_OR_RETURN(std::unique_ptr<FunctionExpr> call, ParseCall(std::move(parts), loc));
    return ExprPtr(std::move(call));
  }
  auto column = MakeNode<ColumnRefExpr>(loc);
  column->parts = std::move(parts);
  return ExprPtr(std::move(column));
}

Result<std::unique_ptr<FunctionExpr>> Parser::ParseCall(QualifiedName name, SourceLocation loc) {
  auto call = MakeNode<FunctionExpr>(loc);
  call->name = std::move(name);
  SILT_RETURN_NOT_OK(ParseCallArguments(call.get()));
  SILT_RETURN_NOT_OK(ParseCallTail(call.get()));
  return call;
}

namespace {

bool AcceptNullTreatment(bool ignore, bool respect, NullTreatment* out) {
  if (ignore) *out = NullTreatment::kIgnoreNulls;
  if (respect) *out = NullTreatment::kRespectNulls;
  return ignore || respect;
}

}  // namespace

Status Parser::ParseCallArguments(FunctionExpr* call) {
  SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  if (Accept(TokenKind::kRParen)) return Status::OK();
  if (Is(TokenKind::kStar) && Is(TokenKind::kRParen, 1)) {
    call->star = true;
    Advance();
    Advance();
    return Status::OK();
  }
  if (Accept(Keyword::kDistinct)) {
    call->distinct = true;
  } else {
    Accept(Keyword::kAll);
  }
  do {
    FunctionArg arg;
    if (IsName(NameUse::kAny) && (Is(TokenKind::kArrow, 1) || Is(TokenKind::kColonEquals, 1))) {
      SILT_ASSIGN_OR_RETURN(arg.name, ParseIdentifier(NameUse::kAny));
      Advance();
    }
    SILT_ASSIGN_OR_RETURN(arg.value, ParseExpr());
    call->args.push_back(std::move(arg));
  } while (Accept(TokenKind::kComma));
  if (IsKeyword(Keyword::kOrder) && IsKeyword(Keyword::kBy, 1)) {
    Advance();
    Advance();
    SILT_ASSIGN_OR_RETURN(call->order_by, ParseOrderByList());
  }
  bool nulls = IsKeyword(Keyword::kNulls, 1);
  if (AcceptNullTreatment(nulls && IsKeyword(Keyword::kIgnore),
                          nulls && IsKeyword(Keyword::kRespect), &call->null_treatment)) {
    Advance();
    Advance();
  }
  return Expect(TokenKind::kRParen);
}

Status Parser::ParseCallTail(FunctionExpr* call) {
  if (IsKeyword(Keyword::kWithin) && IsKeyword(Keyword::kGroup, 1) && Is(TokenKind::kLParen, 2)) {
    if (!call->order_by.empty()) {
      return ErrorAt(Peek(), "cannot use both ORDER BY in the arguments and WITHIN GROUP");
    }
    Advance();
    Advance();
    Advance();
    SILT_RETURN_NOT_OK(Expect(Keyword::kOrder));
    SILT_RETURN_NOT_OK(Expect(Keyword::kBy));
    SILT_ASSIGN_OR_RETURN(call->order_by, ParseOrderByList());
    call->within_group = true;
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  }
  if (IsKeyword(Keyword::kFilter) && Is(TokenKind::kLParen, 1)) {
    Advance();
    Advance();
    Accept(Keyword::kWhere);  // DuckDB allows FILTER (condition)
    SILT_ASSIGN_OR_RETURN(call->filter, ParseExpr());
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  }
  bool nulls = IsKeyword(Keyword::kNulls, 1);
  if (AcceptNullTreatment(nulls && IsKeyword(Keyword::kIgnore),
                          nulls && IsKeyword(Keyword::kRespect), &call->null_treatment)) {
    Advance();
    Advance();
  }
  if (IsKeyword(Keyword::kOver) && (Is(TokenKind::kLParen, 1) || IsName(NameUse::kStrict, 1))) {
    Advance();
    if (Is(TokenKind::kLParen)) {
      SILT_ASSIGN_OR_RETURN(WindowSpec spec, ParseWindowSpec());
      call->over = std::make_unique<WindowSpec>(std::move(spec));
    } else {
      SILT_ASSIGN_OR_RETURN(call->over_name, ParseIdentifier(NameUse::kStrict));
    }
  }
  return Status::OK();
}

namespace {

// Whether `keyword_a` or `keyword_b` appears at parenthesis depth 0 between the token at
// `begin` and the ')' closing the call.
bool HasTopLevelKeyword(const std::vector<Token>& tokens, size_t begin, Keyword keyword_a,
                        Keyword keyword_b) {
  int depth = 0;
  for (size_t i = begin; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    switch (t.kind) {
      case TokenKind::kEnd: return false;
      case TokenKind::kLParen:
      case TokenKind::kLBracket:
      case TokenKind::kLBrace: ++depth; break;
      case TokenKind::kRParen:
      case TokenKind::kRBracket:
      case TokenKind::kRBrace:
        if (depth == 0) return false;
        --depth;
        break;
      case TokenKind::kWord:
        if (depth == 0 && (t.keyword == keyword_a || t.keyword == keyword_b)) return true;
        break;
      default: break;
    }
  }
  return false;
}

}  // namespace

Result<ExprPtr> Parser::ParseSpecialCall() {
  const Token& name_token = Peek();
  SourceLocation loc = Loc(name_token);
  Keyword keyword = name_token.keyword;
  size_t args_begin = pos_ + 2;
  bool special = false;
  switch (keyword) {
    case Keyword::kExtract: {
      TokenKind field = Peek(2).kind;
      special = (field == TokenKind::kWord || field == TokenKind::kQuotedIdent ||
                 field == TokenKind::kString) &&
                IsKeyword(Keyword::kFrom, 3);
      break;
    }
    case Keyword::kPosition:
      special = HasTopLevelKeyword(tokens_, args_begin, Keyword::kIn, Keyword::kIn);
      break;
    case Keyword::kSubstring:
      special = HasTopLevelKeyword(tokens_, args_begin, Keyword::kFrom, Keyword::kFor);
      break;
    default:  // TRIM
      special = IsKeyword(Keyword::kBoth, 2) || IsKeyword(Keyword::kLeading, 2) ||
                IsKeyword(Keyword::kTrailing, 2) ||
                HasTopLevelKeyword(tokens_, args_begin, Keyword::kFrom, Keyword::kFrom);
      break;
  }
  Identifier name{std::string(Text(name_token)), false, loc};
  if (!special) {
    Advance();
    SILT_ASSIGN_OR_RETURN(std::unique_ptr<FunctionExpr> call, ParseCall({std::move(name)}, loc));
    return ExprPtr(std::move(call));
  }
  Advance();
  Advance();
  auto call = MakeNode<FunctionExpr>(loc);
  call->name.push_back(std::move(name));
  auto add_arg = [&](ExprPtr value) {
    call->args.push_back(FunctionArg{std::nullopt, std::move(value)});
  };
  if (keyword == Keyword::kExtract) {
    call->syntax = FunctionSyntax::kExtract;
    const Token& field_token = Peek();
    auto field = MakeNode<LiteralExpr>(Loc(field_token));
    field->literal_kind = LiteralKind::kString;
    if (field_token.kind == TokenKind::kString) {
      field->text = DecodeString(sql_, field_token);
    } else if (field_token.kind == TokenKind::kQuotedIdent) {
      field->text = DecodeQuotedIdentifier(sql_, field_token);
    } else {
      field->text = std::string(Text(field_token));
    }
    Advance();
    Advance();  // FROM
    add_arg(std::move(field));
    SILT_ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
    add_arg(std::move(source));
  } else if (keyword == Keyword::kPosition) {
    call->syntax = FunctionSyntax::kPosition;
    SILT_ASSIGN_OR_RETURN(ExprPtr needle, ParseExpr(kPrecLike + 1));
    SILT_RETURN_NOT_OK(Expect(Keyword::kIn));
    SILT_ASSIGN_OR_RETURN(ExprPtr haystack, ParseExpr());
    add_arg(std::move(needle));
    add_arg(std::move(haystack));
  } else if (keyword == Keyword::kSubstring) {
    call->syntax = FunctionSyntax::kSubstring;
    SILT_ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
    ExprPtr from, length;
    for (int i = 0; i < 2; ++i) {
      if (from == nullptr && Accept(Keyword::kFrom)) {
        SILT_ASSIGN_OR_RETURN(from, ParseExpr());
      } else if (length == nullptr && Accept(Keyword::kFor)) {
        SILT_ASSIGN_OR_RETURN(length, ParseExpr());
      }
    }
    if (from == nullptr && length == nullptr) return SyntaxError(Peek(), "FROM or FOR");
    if (from == nullptr) {  // SUBSTRING(x FOR n) starts at 1
      auto one = MakeNode<LiteralExpr>(loc);
      one->literal_kind = LiteralKind::kInteger;
      one->text.push_back('1');  // not = "1": GCC 12 misreports it (-Wrestrict)
      from = std::move(one);
    }
    add_arg(std::move(source));
    add_arg(std::move(from));
    if (length != nullptr) add_arg(std::move(length));
  } else {
    call->syntax = FunctionSyntax::kTrimBoth;
    if (Accept(Keyword::kLeading)) {
      call->syntax = FunctionSyntax::kTrimLeading;
    } else if (Accept(Keyword::kTrailing)) {
      call->syntax = FunctionSyntax::kTrimTrailing;
    } else {
      Accept(Keyword::kBoth);
    }
    ExprPtr characters, source;
    if (Accept(Keyword::kFrom)) {
      SILT_ASSIGN_OR_RETURN(source, ParseExpr());
    } else {
      SILT_ASSIGN_OR_RETURN(ExprPtr first, ParseExpr());
      if (Accept(Keyword::kFrom)) {
        characters = std::move(first);
        SILT_ASSIGN_OR_RETURN(source, ParseExpr());
      } else {
        source = std::move(first);
      }
    }
    add_arg(std::move(source));
    if (characters != nullptr) add_arg(std::move(characters));
  }
  SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return ExprPtr(std::move(call));
}

Result<WindowSpec> Parser::ParseWindowSpec() {
  WindowSpec spec;
  spec.loc = Here();
  SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  bool clause_keyword = IsKeyword(Keyword::kPartition) || IsKeyword(Keyword::kOrder) ||
                        IsKeyword(Keyword::kRows) || IsKeyword(Keyword::kRange) ||
                        IsKeyword(Keyword::kGroups);
  if (!clause_keyword && IsName(NameUse::kStrict)) {
    SILT_ASSIGN_OR_RETURN(spec.base_window, ParseIdentifier(NameUse::kStrict));
  }
  if (IsKeyword(Keyword::kPartition) && IsKeyword(Keyword::kBy, 1)) {
    Advance();
    Advance();
    SILT_ASSIGN_OR_RETURN(spec.partition_by, ParseExprList());
  }
  if (IsKeyword(Keyword::kOrder) && IsKeyword(Keyword::kBy, 1)) {
    Advance();
    Advance();
    SILT_ASSIGN_OR_RETURN(spec.order_by, ParseOrderByList());
  }
  if (IsKeyword(Keyword::kRows) || IsKeyword(Keyword::kRange) || IsKeyword(Keyword::kGroups)) {
    SILT_ASSIGN_OR_RETURN(spec.frame, ParseWindowFrame());
  }
  SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return spec;
}

Result<WindowFrame> Parser::ParseWindowFrame() {
  WindowFrame frame;
  Keyword unit = Advance().keyword;
  frame.unit = unit == Keyword::kRows    ? FrameUnit::kRows
               : unit == Keyword::kRange ? FrameUnit::kRange
                                         : FrameUnit::kGroups;
  if (Accept(Keyword::kBetween)) {
    SILT_ASSIGN_OR_RETURN(frame.start, ParseFrameBound());
    SILT_RETURN_NOT_OK(Expect(Keyword::kAnd));
    SILT_ASSIGN_OR_RETURN(frame.end, ParseFrameBound());
  } else {
    SILT_ASSIGN_OR_RETURN(frame.start, ParseFrameBound());
    frame.end.kind = FrameBoundKind::kCurrentRow;
  }
  if (Accept(Keyword::kExclude)) {
    if (IsKeyword(Keyword::kCurrent) && IsKeyword(Keyword::kRow, 1)) {
      Advance();
      Advance();
      frame.exclude = FrameExclude::kCurrentRow;
    } else if (Accept(Keyword::kGroup)) {
      frame.exclude = FrameExclude::kGroup;
    } else if (Accept(Keyword::kTies)) {
      frame.exclude = FrameExclude::kTies;
    } else if (IsKeyword(Keyword::kNo) && IsKeyword(Keyword::kOthers, 1)) {
      Advance();
      Advance();
      frame.exclude = FrameExclude::kNoOthers;
    } else {
      return SyntaxError(Peek(), "CURRENT ROW, GROUP, TIES or NO OTHERS");
    }
  }
  return frame;
}

Result<FrameBound> Parser::ParseFrameBound() {
  FrameBound bound;
  if (Accept(Keyword::kUnbounded)) {
    if (Accept(Keyword::kPreceding)) {
      bound.kind = FrameBoundKind::kUnboundedPreceding;
    } else if (Accept(Keyword::kFollowing)) {
      bound.kind = FrameBoundKind::kUnboundedFollowing;
    } else {
      return SyntaxError(Peek(), "PRECEDING or FOLLOWING");
    }
    return bound;
  }
  if (IsKeyword(Keyword::kCurrent) && IsKeyword(Keyword::kRow, 1)) {
    Advance();
    Advance();
    bound.kind = FrameBoundKind::kCurrentRow;
    return bound;
  }
  SILT_ASSIGN_OR_RETURN(bound.offset, ParseExpr(kPrecAnd + 1));
  if (Accept(Keyword::kPreceding)) {
    bound.kind = FrameBoundKind::kPreceding;
  } else if (Accept(Keyword::kFollowing)) {
    bound.kind = FrameBoundKind::kFollowing;
  } else {
    return SyntaxError(Peek(), "PRECEDING or FOLLOWING");
  }
  return bound;
}

}  // namespace silt::sql
