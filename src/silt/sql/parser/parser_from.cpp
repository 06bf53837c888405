// FROM items: tables with time travel, table functions, subqueries, parenthesized joins,
// join chains, and aliases with column lists.
#include "silt/sql/parser/parser_internal.h"

namespace silt::sql {

Result<std::vector<TableRefPtr>> Parser::ParseFromList() {
  std::vector<TableRefPtr> from;
  do {
    SILT_ASSIGN_OR_RETURN(TableRefPtr table, ParseTableRef());
    from.push_back(std::move(table));
  } while (Accept(TokenKind::kComma));
  return from;
}

Result<TableRefPtr> Parser::ParseTableRef() {
  DepthScope scope(this);
  SILT_ASSIGN_OR_RETURN(TableRefPtr left, ParseTablePrimary());
  while (true) {
    SourceLocation loc = Here();
    JoinKind kind = JoinKind::kInner;
    bool natural = false;
    if (IsKeyword(Keyword::kCross) && IsKeyword(Keyword::kJoin, 1)) {
      Advance();
      kind = JoinKind::kCross;
    } else {
      natural = Accept(Keyword::kNatural);
      if (Accept(Keyword::kInner)) {
        kind = JoinKind::kInner;
      } else if (Accept(Keyword::kLeft)) {
        kind = JoinKind::kLeft;
        Accept(Keyword::kOuter);
      } else if (Accept(Keyword::kRight)) {
        kind = JoinKind::kRight;
        Accept(Keyword::kOuter);
      } else if (Accept(Keyword::kFull)) {
        kind = JoinKind::kFull;
        Accept(Keyword::kOuter);
      } else if ((IsKeyword(Keyword::kSemi) || IsKeyword(Keyword::kAnti)) &&
                 IsKeyword(Keyword::kJoin, 1) && !natural) {
        kind = IsKeyword(Keyword::kSemi) ? JoinKind::kSemi : JoinKind::kAnti;
        Advance();
      } else if (!IsKeyword(Keyword::kJoin)) {
        if (natural) return SyntaxError(Peek(), "JOIN");
        return left;
      }
    }
    SILT_RETURN_NOT_OK(Expect(Keyword::kJoin));
    SILT_RETURN_NOT_OK(Deepen());
    auto join = MakeNode<JoinRef>(loc);
    join->join = kind;
    join->natural = natural;
    join->left = std::move(left);
    SILT_ASSIGN_OR_RETURN(join->right, ParseTablePrimary());
    if (kind != JoinKind::kCross && !natural) {
      if (Accept(Keyword::kOn)) {
        SILT_ASSIGN_OR_RETURN(join->on, ParseExpr());
      } else if (Accept(Keyword::kUsing)) {
        SILT_ASSIGN_OR_RETURN(join->using_columns, ParseParenthesizedNames());
      }
    }
    left = std::move(join);
  }
}

Result<TableRefPtr> Parser::ParseTablePrimary() {
  DepthScope scope(this);
  SILT_RETURN_NOT_OK(Deepen());
  SourceLocation loc = Here();
  bool lateral = Accept(Keyword::kLateral);
  TableRefPtr table;
  if (IsKeyword(Keyword::kValues) && Is(TokenKind::kLParen, 1)) {
    // DuckDB's FROM VALUES (...), (...) v(a, b) without parentheses.
    auto subquery = MakeNode<SubqueryRef>(loc);
    subquery->lateral = lateral;
    subquery->query = std::make_unique<Query>();
    subquery->query->loc = loc;
    SILT_ASSIGN_OR_RETURN(subquery->query->body, ParseValuesBody());
    table = std::move(subquery);
  } else if (Is(TokenKind::kLParen)) {
    if (IsQueryKeyword(1)) {
      auto subquery = MakeNode<SubqueryRef>(loc);
      subquery->lateral = lateral;
      SILT_ASSIGN_OR_RETURN(subquery->query, ParseParenthesizedQuery());
      table = std::move(subquery);
    } else {
      SILT_ASSIGN_OR_RETURN(table, ParseParenthesizedTableRef(lateral));
    }
  } else if (IsName(NameUse::kStrict)) {
    SILT_ASSIGN_OR_RETURN(QualifiedName name, ParseQualifiedName(NameUse::kStrict));
    if (Is(TokenKind::kLParen)) {
      auto function = MakeNode<TableFunctionRef>(loc);
      function->lateral = lateral;
      function->call = MakeNode<FunctionExpr>(loc);
      function->call->name = std::move(name);
      SILT_RETURN_NOT_OK(ParseCallArguments(function->call.get()));
      table = std::move(function);
    } else {
      if (lateral) return SyntaxError(Peek(), "'(' after LATERAL name");
      auto base = MakeNode<BaseTableRef>(loc);
      base->name = std::move(name);
      if (IsKeyword(Keyword::kAs, 1) && IsKeyword(Keyword::kOf, 2) &&
          (IsKeyword(Keyword::kVersion) || IsKeyword(Keyword::kTimestamp))) {
        base->time_travel =
            IsKeyword(Keyword::kVersion) ? TimeTravelKind::kVersion : TimeTravelKind::kTimestamp;
        Advance();
        Advance();
        Advance();
      } else if (IsKeyword(Keyword::kFor) && IsKeyword(Keyword::kSystemTime, 1) &&
                 IsKeyword(Keyword::kAs, 2) && IsKeyword(Keyword::kOf, 3)) {
        base->time_travel = TimeTravelKind::kTimestamp;
        for (int i = 0; i < 4; ++i) Advance();
      }
      if (base->time_travel != TimeTravelKind::kNone) {
        SILT_ASSIGN_OR_RETURN(base->time_travel_value, ParseExpr());
      }
      table = std::move(base);
    }
  } else {
    return SyntaxError(Peek(), "a table name, subquery or table function");
  }
  SILT_RETURN_NOT_OK(ParseTableAlias(table.get()));
  if (table->kind == TableRefKind::kBaseTable) {
    // SQLite's index hints NOT INDEXED / INDEXED BY name are accepted and dropped.
    if (IsKeyword(Keyword::kNot) && IsKeyword(Keyword::kIndexed, 1)) {
      Advance();
      Advance();
    } else if (IsKeyword(Keyword::kIndexed) && IsKeyword(Keyword::kBy, 1)) {
      Advance();
      Advance();
      SILT_RETURN_NOT_OK(ParseIdentifier(NameUse::kStrict).status());
    }
  }
  return table;
}

Result<TableRefPtr> Parser::ParseParenthesizedTableRef(bool lateral) {
  SourceLocation loc = Here();
  SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  SILT_ASSIGN_OR_RETURN(TableRefPtr inner, ParseTableRef());
  if (inner->kind == TableRefKind::kSubquery && !inner->alias.has_value() &&
      IsQueryContinuation()) {
    // ((SELECT ...) UNION (SELECT ...)) in FROM: the first operand was read as a subquery.
    auto& first = static_cast<SubqueryRef&>(*inner);
    auto subquery = MakeNode<SubqueryRef>(loc);
    SILT_ASSIGN_OR_RETURN(subquery->query, ContinueQuery(std::move(first.query), loc));
    inner = std::move(subquery);
  }
  SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  if (lateral) {
    if (inner->kind != TableRefKind::kSubquery) {
      return ErrorAt(tokens_[pos_ - 1], "LATERAL needs a subquery or a table function");
    }
    static_cast<SubqueryRef&>(*inner).lateral = true;
  }
  return inner;
}

Status Parser::ParseTableAlias(TableRef* table) {
  const Token& token = Peek();
  std::optional<Identifier> name;
  if (Accept(Keyword::kAs)) {
    SILT_ASSIGN_OR_RETURN(name, ParseIdentifier(NameUse::kAny));
  } else if (IsImplicitAlias() &&
             !((IsKeyword(Keyword::kSemi) || IsKeyword(Keyword::kAnti)) &&
               IsKeyword(Keyword::kJoin, 1)) &&
             !(IsKeyword(Keyword::kIndexed) && IsKeyword(Keyword::kBy, 1))) {
    SILT_ASSIGN_OR_RETURN(name, ParseIdentifier(NameUse::kStrict));
  } else {
    return Status::OK();
  }
  if (table->alias.has_value()) return ErrorAt(token, "table reference already has an alias");
  TableAlias alias;
  alias.name = std::move(*name);
  if (Is(TokenKind::kLParen)) {
    SILT_ASSIGN_OR_RETURN(alias.columns, ParseParenthesizedNames());
  }
  table->alias = std::move(alias);
  return Status::OK();
}

}  // namespace silt::sql
