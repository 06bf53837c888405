// Statement dispatch and the utility statements: SET, RESET, SHOW / DESCRIBE, EXPLAIN,
// transactions and PRAGMA.
#include "silt/common/ascii.h"
#include "silt/sql/parser/lexer.h"
#include "silt/sql/parser/parser_internal.h"

namespace silt::sql {

Result<StatementPtr> Parser::ParseStatement() {
  DepthScope scope(this);
  SILT_RETURN_NOT_OK(Deepen());
  const Token& token = Peek();
  if (Is(TokenKind::kLParen) || IsQueryKeyword()) {
    auto statement = MakeNode<QueryStatement>(Loc(token));
    SILT_ASSIGN_OR_RETURN(statement->query, ParseQuery());
    return StatementPtr(std::move(statement));
  }
  if (token.kind == TokenKind::kWord) {
    switch (token.keyword) {
      case Keyword::kCreate: return ParseCreate();
      case Keyword::kDrop: return ParseDrop();
      case Keyword::kInsert:
      case Keyword::kReplace: return ParseInsert();
      case Keyword::kUpdate: return ParseUpdate();
      case Keyword::kDelete: return ParseDelete();
      case Keyword::kSet: return ParseSet();
      case Keyword::kReset: return ParseReset();
      case Keyword::kShow:
      case Keyword::kDescribe:
      case Keyword::kDesc: return ParseShow();
      case Keyword::kExplain: return ParseExplain();
      case Keyword::kBegin:
      case Keyword::kStart:
      case Keyword::kCommit:
      case Keyword::kEnd:
      case Keyword::kRollback:
      case Keyword::kAbort: return ParseTransaction();
      case Keyword::kPragma: return ParsePragma();
      default: break;
    }
  }
  return SyntaxError(token);
}

Result<StatementPtr> Parser::ParseSet() {
  auto set = MakeNode<SetStatement>(Here());
  Advance();
  // SESSION / LOCAL / GLOBAL are scopes unless they are the variable itself (SET local = 1).
  bool assignment_next = Is(TokenKind::kEq, 1) || IsKeyword(Keyword::kTo, 1);
  if (!assignment_next) {
    if (Accept(Keyword::kSession)) {
      set->scope = SetScope::kSession;
    } else if (Accept(Keyword::kLocal)) {
      set->scope = SetScope::kLocal;
    } else if (Accept(Keyword::kGlobal)) {
      set->scope = SetScope::kGlobal;
    }
  }
  if (IsKeyword(Keyword::kTime) && IsKeyword(Keyword::kZone, 1)) {
    // SET TIME ZONE x is SET timezone = x.
    set->name.push_back(Identifier{"timezone", false, Here()});
    Advance();
    Advance();
  } else {
    SILT_ASSIGN_OR_RETURN(set->name, ParseQualifiedName(NameUse::kStrict));
    if (!Accept(TokenKind::kEq) && !Accept(Keyword::kTo)) return SyntaxError(Peek(), "'=' or TO");
  }
  if (Accept(Keyword::kDefault)) {
    set->to_default = true;
    return StatementPtr(std::move(set));
  }
  do {
    const Token& value = Peek();
    bool ends_value =
        Is(TokenKind::kComma, 1) || Is(TokenKind::kSemicolon, 1) || Is(TokenKind::kEnd, 1);
    bool complete_expression =
        value.keyword == Keyword::kTrue || value.keyword == Keyword::kFalse ||
        value.keyword == Keyword::kNull || value.keyword == Keyword::kCurrentDate ||
        value.keyword == Keyword::kCurrentTime || value.keyword == Keyword::kCurrentTimestamp ||
        value.keyword == Keyword::kLocaltime || value.keyword == Keyword::kLocaltimestamp;
    if (value.kind == TokenKind::kWord && ends_value && !complete_expression &&
        GetKeywordCategory(value.keyword) != KeywordCategory::kUnreserved) {
      // SET x = on: a lone keyword value is kept as a bare word.
      auto word = MakeNode<ColumnRefExpr>(Loc(value));
      word->parts.push_back(Identifier{std::string(Text(value)), false, Loc(value)});
      Advance();
      set->values.push_back(std::move(word));
    } else {
      SILT_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
      set->values.push_back(std::move(expr));
    }
  } while (Accept(TokenKind::kComma));
  return StatementPtr(std::move(set));
}

Result<StatementPtr> Parser::ParseReset() {
  auto reset = MakeNode<ResetStatement>(Here());
  Advance();
  if (Accept(Keyword::kAll)) {
    reset->all = true;
  } else {
    SILT_ASSIGN_OR_RETURN(reset->name, ParseQualifiedName(NameUse::kStrict));
  }
  return StatementPtr(std::move(reset));
}

Result<StatementPtr> Parser::ParseShow() {
  auto show = MakeNode<ShowStatement>(Here());
  if (!IsKeyword(Keyword::kShow)) {  // DESCRIBE t / DESC t
    Advance();
    show->show = ShowKind::kColumns;
    SILT_ASSIGN_OR_RETURN(show->name, ParseQualifiedName(NameUse::kStrict));
    return StatementPtr(std::move(show));
  }
  Advance();
  if (Accept(Keyword::kAll)) {
    show->show = ShowKind::kAll;
  } else if (IsKeyword(Keyword::kTables) && !Is(TokenKind::kDot, 1)) {
    Advance();
    show->show = ShowKind::kTables;
  } else if (IsKeyword(Keyword::kColumns) &&
             (IsKeyword(Keyword::kFrom, 1) || IsKeyword(Keyword::kIn, 1))) {
    Advance();
    Advance();
    show->show = ShowKind::kColumns;
    SILT_ASSIGN_OR_RETURN(show->name, ParseQualifiedName(NameUse::kStrict));
  } else {
    SILT_ASSIGN_OR_RETURN(show->name, ParseQualifiedName(NameUse::kStrict));
  }
  return StatementPtr(std::move(show));
}

namespace {

bool LookupExplainFormat(std::string_view word, ExplainFormat* format) {
  struct Entry {
    std::string_view word;
    ExplainFormat format;
  };
  static constexpr Entry kFormats[] = {{"TEXT", ExplainFormat::kText},
                                       {"INDENT", ExplainFormat::kIndent},
                                       {"TREE", ExplainFormat::kTree},
                                       {"JSON", ExplainFormat::kJson},
                                       {"GRAPHVIZ", ExplainFormat::kGraphviz}};
  for (const Entry& entry : kFormats) {
    if (EqualsIgnoreAsciiCase(entry.word, word)) {
      *format = entry.format;
      return true;
    }
  }
  return false;
}

}  // namespace

Result<StatementPtr> Parser::ParseExplain() {
  auto explain = MakeNode<ExplainStatement>(Here());
  Advance();
  auto parse_format = [&]() -> Status {
    const Token& token = Peek();
    if (token.kind != TokenKind::kWord || !LookupExplainFormat(Text(token), &explain->format)) {
      return SyntaxError(token, "TEXT, INDENT, TREE, JSON or GRAPHVIZ");
    }
    Advance();
    return Status::OK();
  };
  if (Is(TokenKind::kLParen) && Peek(1).kind == TokenKind::kWord && !IsQueryKeyword(1)) {
    // EXPLAIN (ANALYZE [bool], VERBOSE [bool], FORMAT name) statement
    Advance();
    do {
      const Token& option = Peek();
      if (Accept(Keyword::kFormat)) {
        SILT_RETURN_NOT_OK(parse_format());
        continue;
      }
      bool* flag = IsKeyword(Keyword::kAnalyze)   ? &explain->analyze
                   : IsKeyword(Keyword::kVerbose) ? &explain->verbose
                                                  : nullptr;
      if (flag == nullptr) return ErrorAt(option, "unknown EXPLAIN option");
      Advance();
      bool off = Peek().kind == TokenKind::kWord && EqualsIgnoreAsciiCase(Text(Peek()), "OFF");
      if (off || IsKeyword(Keyword::kFalse)) {
        Advance();
        *flag = false;
      } else {
        if (IsKeyword(Keyword::kTrue) || IsKeyword(Keyword::kOn)) Advance();
        *flag = true;
      }
    } while (Accept(TokenKind::kComma));
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  } else {
    while (true) {
      if (Accept(Keyword::kAnalyze)) {
        explain->analyze = true;
      } else if (Accept(Keyword::kVerbose)) {
        explain->verbose = true;
      } else if (Accept(Keyword::kFormat)) {
        SILT_RETURN_NOT_OK(parse_format());
      } else {
        break;
      }
    }
  }
  SILT_ASSIGN_OR_RETURN(explain->statement, ParseStatement());
  return StatementPtr(std::move(explain));
}

Result<StatementPtr> Parser::ParseTransaction() {
  auto transaction = MakeNode<TransactionStatement>(Here());
  Keyword keyword = Advance().keyword;
  switch (keyword) {
    case Keyword::kBegin:
      transaction->action = TransactionKind::kBegin;
      if (!Accept(Keyword::kTransaction)) Accept(Keyword::kWork);
      break;
    case Keyword::kStart:
      transaction->action = TransactionKind::kBegin;
      SILT_RETURN_NOT_OK(Expect(Keyword::kTransaction));
      break;
    case Keyword::kCommit:
    case Keyword::kEnd:
      transaction->action = TransactionKind::kCommit;
      if (!Accept(Keyword::kTransaction)) Accept(Keyword::kWork);
      break;
    default:  // ROLLBACK / ABORT
      transaction->action = TransactionKind::kRollback;
      if (!Accept(Keyword::kTransaction)) Accept(Keyword::kWork);
      break;
  }
  return StatementPtr(std::move(transaction));
}

Result<StatementPtr> Parser::ParsePragma() {
  auto pragma = MakeNode<PragmaStatement>(Here());
  Advance();
  SILT_ASSIGN_OR_RETURN(pragma->name, ParseIdentifier(NameUse::kStrict));
  if (Accept(TokenKind::kEq)) {
    pragma->assign = true;
    SILT_ASSIGN_OR_RETURN(ExprPtr value, ParseExpr());
    pragma->args.push_back(std::move(value));
  } else if (Accept(TokenKind::kLParen)) {
    if (!Accept(TokenKind::kRParen)) {
      SILT_ASSIGN_OR_RETURN(pragma->args, ParseExprList());
      SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    }
  }
  return StatementPtr(std::move(pragma));
}

}  // namespace silt::sql
