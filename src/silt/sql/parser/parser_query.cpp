// Queries: WITH, set operations (INTERSECT binds tighter than UNION and EXCEPT), SELECT and
// VALUES bodies, GROUP BY, ORDER BY, LIMIT / OFFSET / FETCH.
#include "silt/sql/parser/parser_internal.h"

namespace silt::sql {

namespace {

// A parenthesized query that only wraps a body leaves no node behind.
QueryBodyPtr BodyFromQuery(std::unique_ptr<Query> query, SourceLocation loc) {
  if (query->with == nullptr && query->order_by.empty() && query->limit == nullptr &&
      query->offset == nullptr) {
    return std::move(query->body);
  }
  auto nested = MakeNode<NestedQueryBody>(loc);
  nested->query = std::move(query);
  return nested;
}

// A query that only wraps a parenthesized query with its own clauses is that query:
// ((WITH a AS (...) SELECT ...)) and ((SELECT 1 LIMIT 1) LIMIT ALL) have one tree each.
std::unique_ptr<Query> Unwrap(std::unique_ptr<Query> query) {
  if (query->with == nullptr && query->order_by.empty() && query->limit == nullptr &&
      query->offset == nullptr && query->body->kind == QueryBodyKind::kNested) {
    return std::move(static_cast<NestedQueryBody&>(*query->body).query);
  }
  return query;
}

}  // namespace

Result<std::unique_ptr<Query>> Parser::ParseQuery() {
  DepthScope scope(this);
  SILT_RETURN_NOT_OK(Deepen());
  auto query = std::make_unique<Query>();
  query->loc = Here();
  if (IsKeyword(Keyword::kWith)) {
    SILT_ASSIGN_OR_RETURN(query->with, ParseWith());
  }
  SILT_ASSIGN_OR_RETURN(QueryBodyPtr first, ParseQueryPrimary());
  SILT_ASSIGN_OR_RETURN(query->body, ParseSetOperations(std::move(first), 0));
  SILT_RETURN_NOT_OK(ParseQueryTail(query.get()));
  return Unwrap(std::move(query));
}

Result<std::unique_ptr<Query>> Parser::ContinueQuery(std::unique_ptr<Query> first,
                                                     SourceLocation loc) {
  auto query = std::make_unique<Query>();
  query->loc = loc;
  QueryBodyPtr body = BodyFromQuery(std::move(first), loc);
  SILT_ASSIGN_OR_RETURN(query->body, ParseSetOperations(std::move(body), 0));
  SILT_RETURN_NOT_OK(ParseQueryTail(query.get()));
  return Unwrap(std::move(query));
}

Result<std::unique_ptr<WithClause>> Parser::ParseWith() {
  SILT_RETURN_NOT_OK(Expect(Keyword::kWith));
  auto with = std::make_unique<WithClause>();
  with->recursive = Accept(Keyword::kRecursive);
  do {
    CommonTableExpr cte;
    SILT_ASSIGN_OR_RETURN(cte.name, ParseIdentifier(NameUse::kStrict));
    if (Is(TokenKind::kLParen)) {
      SILT_ASSIGN_OR_RETURN(cte.columns, ParseParenthesizedNames());
    }
    SILT_RETURN_NOT_OK(Expect(Keyword::kAs));
    if (Accept(Keyword::kMaterialized)) {
      cte.materialization = CteMaterialization::kMaterialized;
    } else if (IsKeyword(Keyword::kNot) && IsKeyword(Keyword::kMaterialized, 1)) {
      Advance();
      Advance();
      cte.materialization = CteMaterialization::kNotMaterialized;
    }
    SILT_ASSIGN_OR_RETURN(cte.query, ParseParenthesizedQuery());
    with->ctes.push_back(std::move(cte));
  } while (Accept(TokenKind::kComma));
  return with;
}

Result<QueryBodyPtr> Parser::ParseSetOperations(QueryBodyPtr left, int min_precedence) {
  DepthScope scope(this);
  while (true) {
    const Token& token = Peek();
    SetOpKind op;
    int precedence;
    if (IsKeyword(Keyword::kUnion)) {
      op = SetOpKind::kUnion;
      precedence = 1;
    } else if (IsKeyword(Keyword::kExcept)) {
      op = SetOpKind::kExcept;
      precedence = 1;
    } else if (IsKeyword(Keyword::kIntersect)) {
      op = SetOpKind::kIntersect;
      precedence = 2;
    } else {
      return left;
    }
    if (precedence < min_precedence) return left;
    SILT_RETURN_NOT_OK(Deepen());
    auto set_op = MakeNode<SetOperationBody>(Loc(token));
    Advance();
    set_op->op = op;
    set_op->all = Accept(Keyword::kAll);
    if (!set_op->all) Accept(Keyword::kDistinct);
    if (IsKeyword(Keyword::kBy) && IsKeyword(Keyword::kName, 1)) {
      Advance();
      Advance();
      set_op->by_name = true;
    }
    SILT_ASSIGN_OR_RETURN(QueryBodyPtr right, ParseQueryPrimary());
    SILT_ASSIGN_OR_RETURN(set_op->right, ParseSetOperations(std::move(right), precedence + 1));
    set_op->left = std::move(left);
    left = std::move(set_op);
  }
}

Result<QueryBodyPtr> Parser::ParseQueryPrimary() {
  // No depth of its own: "(" recurses through ParseQuery, which counts.
  if (IsKeyword(Keyword::kSelect) || IsKeyword(Keyword::kFrom)) return ParseSelectBody();
  if (IsKeyword(Keyword::kValues)) return ParseValuesBody();
  if (IsKeyword(Keyword::kTable)) {
    // TABLE t is SELECT * FROM t.
    SourceLocation loc = Here();
    Advance();
    auto select = MakeNode<SelectBody>(loc);
    auto table = MakeNode<BaseTableRef>(Here());
    SILT_ASSIGN_OR_RETURN(table->name, ParseQualifiedName(NameUse::kStrict));
    select->items.push_back(SelectItem{MakeNode<StarExpr>(loc), std::nullopt});
    select->from.push_back(std::move(table));
    return QueryBodyPtr(std::move(select));
  }
  if (Is(TokenKind::kLParen)) {
    SourceLocation loc = Here();
    SILT_ASSIGN_OR_RETURN(std::unique_ptr<Query> inner, ParseParenthesizedQuery());
    return BodyFromQuery(std::move(inner), loc);
  }
  return SyntaxError(Peek(), "SELECT, VALUES or '('");
}

Result<QueryBodyPtr> Parser::ParseValuesBody() {
  auto values = MakeNode<ValuesBody>(Here());
  SILT_RETURN_NOT_OK(Expect(Keyword::kValues));
  do {
    SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
    SILT_ASSIGN_OR_RETURN(std::vector<ExprPtr> row, ParseExprList());
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    values->rows.push_back(std::move(row));
    // DuckDB accepts a trailing comma after the last row.
  } while (Accept(TokenKind::kComma) && Is(TokenKind::kLParen));
  return QueryBodyPtr(std::move(values));
}

namespace {

// Tokens that end a SELECT list, so a comma before them is DuckDB's trailing comma.
bool EndsSelectList(const Token& token) {
  switch (token.kind) {
    case TokenKind::kRParen:
    case TokenKind::kSemicolon:
    case TokenKind::kEnd: return true;
    case TokenKind::kWord:
      switch (token.keyword) {
        case Keyword::kFrom:
        case Keyword::kWhere:
        case Keyword::kGroup:
        case Keyword::kHaving:
        case Keyword::kWindow:
        case Keyword::kQualify:
        case Keyword::kOrder:
        case Keyword::kLimit:
        case Keyword::kOffset:
        case Keyword::kFetch:
        case Keyword::kUnion:
        case Keyword::kIntersect:
        case Keyword::kExcept: return true;
        default: return false;
      }
    default: return false;
  }
}

}  // namespace

Result<QueryBodyPtr> Parser::ParseSelectBody() {
  auto select = MakeNode<SelectBody>(Here());
  // DuckDB's FROM-first form: FROM t [SELECT items] ...; without SELECT it selects *.
  bool from_first = Accept(Keyword::kFrom);
  if (from_first) {
    SILT_ASSIGN_OR_RETURN(select->from, ParseFromList());
    if (!IsKeyword(Keyword::kSelect)) {
      select->items.push_back(SelectItem{MakeNode<StarExpr>(select->loc), std::nullopt});
    }
  }
  if (!from_first || IsKeyword(Keyword::kSelect)) {
    SILT_RETURN_NOT_OK(Expect(Keyword::kSelect));
    if (Accept(Keyword::kDistinct)) {
      select->distinct = DistinctKind::kDistinct;
      if (IsKeyword(Keyword::kOn) && Is(TokenKind::kLParen, 1)) {
        Advance();
        Advance();
        select->distinct = DistinctKind::kDistinctOn;
        SILT_ASSIGN_OR_RETURN(select->distinct_on, ParseExprList());
        SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
      }
    } else if (Accept(Keyword::kAll)) {
      select->distinct = DistinctKind::kAll;
    }
    do {
      if (!select->items.empty() && EndsSelectList(Peek())) break;  // trailing comma
      SILT_ASSIGN_OR_RETURN(SelectItem item, ParseSelectItem());
      select->items.push_back(std::move(item));
    } while (Accept(TokenKind::kComma));
  }
  if (!from_first && Accept(Keyword::kFrom)) {
    SILT_ASSIGN_OR_RETURN(select->from, ParseFromList());
  }
  if (Accept(Keyword::kWhere)) {
    SILT_ASSIGN_OR_RETURN(select->where, ParseExpr());
  }
  if (IsKeyword(Keyword::kGroup)) {
    Advance();
    SILT_RETURN_NOT_OK(Expect(Keyword::kBy));
    SILT_ASSIGN_OR_RETURN(select->group_by, ParseGroupBy());
  }
  if (Accept(Keyword::kHaving)) {
    SILT_ASSIGN_OR_RETURN(select->having, ParseExpr());
  }
  // WINDOW and QUALIFY come in either order (DuckDB writes QUALIFY last, others first).
  while (true) {
    if (select->windows.empty() && Accept(Keyword::kWindow)) {
      do {
        NamedWindow window;
        SILT_ASSIGN_OR_RETURN(window.name, ParseIdentifier(NameUse::kStrict));
        SILT_RETURN_NOT_OK(Expect(Keyword::kAs));
        SILT_ASSIGN_OR_RETURN(window.spec, ParseWindowSpec());
        select->windows.push_back(std::move(window));
      } while (Accept(TokenKind::kComma));
    } else if (select->qualify == nullptr && Accept(Keyword::kQualify)) {
      SILT_ASSIGN_OR_RETURN(select->qualify, ParseExpr());
    } else {
      break;
    }
  }
  return QueryBodyPtr(std::move(select));
}

Result<SelectItem> Parser::ParseSelectItem() {
  SelectItem item;
  if (Is(TokenKind::kStar)) {
    item.expr = MakeNode<StarExpr>(Here());
    Advance();
  } else {
    SILT_ASSIGN_OR_RETURN(item.expr, ParseExpr());
  }
  if (item.expr->kind == ExprKind::kStar) {
    SILT_RETURN_NOT_OK(ParseStarModifiers(&item.expr->As<StarExpr>()));
    return item;
  }
  if (Accept(Keyword::kAs)) {
    SILT_ASSIGN_OR_RETURN(item.alias, ParseAliasName());
  } else if (IsImplicitAlias()) {
    SILT_ASSIGN_OR_RETURN(item.alias, ParseIdentifier(NameUse::kStrict));
  }
  return item;
}

Status Parser::ParseStarModifiers(StarExpr* star) {
  // EXCLUDE (a, b) / EXCLUDE a, REPLACE (expr AS a, ...), RENAME (a AS b, ...), in any order.
  while (true) {
    if (star->exclude.empty() && Accept(Keyword::kExclude)) {
      if (Is(TokenKind::kLParen)) {
        SILT_ASSIGN_OR_RETURN(star->exclude, ParseParenthesizedNames());
      } else {
        SILT_ASSIGN_OR_RETURN(Identifier name, ParseIdentifier(NameUse::kStrict));
        star->exclude.push_back(std::move(name));
      }
    } else if (star->replace.empty() && Accept(Keyword::kReplace)) {
      bool parenthesized = Accept(TokenKind::kLParen);
      do {
        StarReplace replace;
        SILT_ASSIGN_OR_RETURN(replace.expr, ParseExpr());
        SILT_RETURN_NOT_OK(Expect(Keyword::kAs));
        SILT_ASSIGN_OR_RETURN(replace.name, ParseIdentifier(NameUse::kAny));
        star->replace.push_back(std::move(replace));
      } while (parenthesized && Accept(TokenKind::kComma));
      if (parenthesized) SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    } else if (star->rename.empty() && Accept(Keyword::kRename)) {
      bool parenthesized = Accept(TokenKind::kLParen);
      do {
        StarRename rename;
        SILT_ASSIGN_OR_RETURN(rename.column, ParseQualifiedName(NameUse::kStrict));
        SILT_RETURN_NOT_OK(Expect(Keyword::kAs));
        SILT_ASSIGN_OR_RETURN(rename.name, ParseIdentifier(NameUse::kAny));
        star->rename.push_back(std::move(rename));
      } while (parenthesized && Accept(TokenKind::kComma));
      if (parenthesized) SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    } else {
      return Status::OK();
    }
  }
}

Result<GroupByClause> Parser::ParseGroupBy() {
  GroupByClause group_by;
  if (Accept(Keyword::kAll)) {
    group_by.all = true;
    return group_by;
  }
  do {
    SILT_ASSIGN_OR_RETURN(GroupingElement element, ParseGroupingElement());
    group_by.items.push_back(std::move(element));
  } while (Accept(TokenKind::kComma));
  return group_by;
}

Result<GroupingElement> Parser::ParseGroupingElement() {
  DepthScope scope(this);
  SILT_RETURN_NOT_OK(Deepen());
  GroupingElement element;
  if (Is(TokenKind::kLParen) && Is(TokenKind::kRParen, 1)) {
    Advance();
    Advance();
    element.kind = GroupingKind::kEmpty;
    return element;
  }
  bool rollup = IsKeyword(Keyword::kRollup), cube = IsKeyword(Keyword::kCube);
  if ((rollup || cube) && Is(TokenKind::kLParen, 1)) {
    Advance();
    Advance();
    element.kind = rollup ? GroupingKind::kRollup : GroupingKind::kCube;
    SILT_ASSIGN_OR_RETURN(element.exprs, ParseExprList());
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    return element;
  }
  if (IsKeyword(Keyword::kGrouping) && IsKeyword(Keyword::kSets, 1)) {
    Advance();
    Advance();
    SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
    element.kind = GroupingKind::kGroupingSets;
    do {
      SILT_ASSIGN_OR_RETURN(GroupingElement set, ParseGroupingElement());
      element.sets.push_back(std::move(set));
    } while (Accept(TokenKind::kComma));
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    return element;
  }
  SILT_ASSIGN_OR_RETURN(element.expr, ParseExpr());
  return element;
}

Result<std::vector<OrderByItem>> Parser::ParseOrderByList() {
  std::vector<OrderByItem> items;
  do {
    SILT_ASSIGN_OR_RETURN(OrderByItem item, ParseOrderByItem());
    items.push_back(std::move(item));
  } while (Accept(TokenKind::kComma));
  return items;
}

Result<OrderByItem> Parser::ParseOrderByItem() {
  OrderByItem item;
  SILT_ASSIGN_OR_RETURN(item.expr, ParseExpr());
  if (Accept(Keyword::kAsc)) {
    item.direction = SortDirection::kAsc;
  } else if (Accept(Keyword::kDesc)) {
    item.direction = SortDirection::kDesc;
  }
  if (Accept(Keyword::kNulls)) {
    if (Accept(Keyword::kFirst)) {
      item.nulls = NullsOrder::kFirst;
    } else if (Accept(Keyword::kLast)) {
      item.nulls = NullsOrder::kLast;
    } else {
      return SyntaxError(Peek(), "FIRST or LAST");
    }
  }
  return item;
}

Status Parser::ParseQueryTail(Query* query) {
  if (IsKeyword(Keyword::kOrder)) {
    Advance();
    SILT_RETURN_NOT_OK(Expect(Keyword::kBy));
    SILT_ASSIGN_OR_RETURN(query->order_by, ParseOrderByList());
  }
  bool seen_limit = false, seen_offset = false;
  while (true) {
    const Token& token = Peek();
    if (IsKeyword(Keyword::kLimit) && !seen_limit) {
      Advance();
      seen_limit = true;
      if (!Accept(Keyword::kAll)) {
        SILT_ASSIGN_OR_RETURN(query->limit, ParseExpr());
      }
    } else if (IsKeyword(Keyword::kOffset) && !seen_offset) {
      Advance();
      seen_offset = true;
      SILT_ASSIGN_OR_RETURN(query->offset, ParseExpr());
      if (!Accept(Keyword::kRow)) Accept(Keyword::kRows);
    } else if (IsKeyword(Keyword::kFetch) && !seen_limit) {
      Advance();
      seen_limit = true;
      if (!Accept(Keyword::kFirst) && !Accept(Keyword::kNext)) {
        return SyntaxError(Peek(), "FIRST or NEXT");
      }
      if (IsKeyword(Keyword::kRow) || IsKeyword(Keyword::kRows)) {
        auto one = MakeNode<LiteralExpr>(Loc(token));
        one->literal_kind = LiteralKind::kInteger;
        one->text.push_back('1');  // not = "1": GCC 12 misreports it (-Wrestrict)
        query->limit = std::move(one);
      } else {
        SILT_ASSIGN_OR_RETURN(query->limit, ParseExpr(kPrecAdditive));
      }
      if (!Accept(Keyword::kRow) && !Accept(Keyword::kRows)) {
        return SyntaxError(Peek(), "ROW or ROWS");
      }
      SILT_RETURN_NOT_OK(Expect(Keyword::kOnly));
    } else {
      return Status::OK();
    }
  }
}

}  // namespace silt::sql
