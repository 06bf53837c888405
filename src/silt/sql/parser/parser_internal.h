#pragma once

// The recursive-descent parser shared by the parser_*.cpp files. Expressions use
// precedence climbing with PostgreSQL's operator precedence (lowest first):
//   OR < AND < NOT < IS, ISNULL, NOTNULL < comparison < BETWEEN IN LIKE ILIKE SIMILAR
//   < other operators (|| & | # << >> ~) < + - < * / // % < ^ < AT TIME ZONE < COLLATE
//   < unary + - ~ < [ ] subscript < :: cast < . field
// No backtracking: parenthesized input that may be a query or an expression is decided by
// the token after '(' and, for '((', after the inner parenthesis has been parsed.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"
#include "silt/sql/parser/ast.h"
#include "silt/sql/parser/parser.h"
#include "silt/sql/parser/token.h"

namespace silt::sql {

/// Binding strength of infix operators; a higher number binds tighter.
enum Precedence : int {
  kPrecLowest = 0,
  kPrecOr = 1,
  kPrecAnd = 2,
  kPrecNot = 3,
  kPrecIs = 4,
  kPrecComparison = 5,
  kPrecLike = 6,  // BETWEEN, IN, LIKE, ILIKE, SIMILAR TO
  kPrecOther = 7,
  kPrecAdditive = 8,
  kPrecMultiplicative = 9,
  kPrecPower = 10,
  kPrecAtTimeZone = 11,
  kPrecCollate = 12,
  kPrecUnary = 13,
};

/// Where a name appears, which decides which keywords it may be.
enum class NameUse : uint8_t {
  kStrict,    // column, table, CTE, index, window names: no reserved keywords
  kFunction,  // function names: reserved keywords of class kTypeFunc allowed (LEFT, RIGHT)
  kAny,       // after AS, after '.', struct fields, named arguments: any word
};

class Parser {
 public:
  Parser(std::string_view sql, const std::vector<Token>& tokens, const ParseOptions& options)
      : sql_(sql), tokens_(tokens), options_(options) {}

  Result<std::vector<StatementPtr>> ParseStatementList();
  Result<ExprPtr> ParseSingleExpression();
  Result<TypeName> ParseSingleType();

 private:
  friend class DepthScope;

  // ---- tokens (parser_core.cpp)
  const Token& Peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& Advance() {
    const Token& token = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }
  bool Is(TokenKind kind, size_t ahead = 0) const { return Peek(ahead).kind == kind; }
  bool IsKeyword(Keyword keyword, size_t ahead = 0) const {
    const Token& token = Peek(ahead);
    return token.kind == TokenKind::kWord && token.keyword == keyword;
  }
  bool Accept(TokenKind kind);
  bool Accept(Keyword keyword);
  Status Expect(TokenKind kind);
  Status Expect(Keyword keyword);
  static SourceLocation Loc(const Token& token) { return {token.line, token.column, token.offset}; }
  SourceLocation Here() const { return Loc(Peek()); }
  std::string_view Text(const Token& token) const;
  /// "syntax error at or near "x"[, expected <expected>]" at `token`.
  Status SyntaxError(const Token& token, std::string_view expected = {}) const;
  Status ErrorAt(const Token& token, std::string_view message) const;
  /// Increments the nesting depth (restored by the enclosing DepthScope).
  Status Deepen();
  /// True for SELECT, WITH, VALUES, FROM (DuckDB's FROM-first) or TABLE at `ahead`: a query
  /// starts there.
  bool IsQueryKeyword(size_t ahead = 0) const;
  /// True for UNION, INTERSECT, EXCEPT, ORDER, LIMIT, OFFSET, FETCH: a query continues.
  bool IsQueryContinuation() const;

  // ---- names (parser_core.cpp)
  bool IsName(NameUse use, size_t ahead = 0) const;
  Result<Identifier> ParseIdentifier(NameUse use);
  Result<QualifiedName> ParseQualifiedName(NameUse first_use);
  /// (name, name, ...)
  Result<std::vector<Identifier>> ParseParenthesizedNames();
  /// An alias after AS: any word, a quoted name or a string.
  Result<Identifier> ParseAliasName();
  /// True when the next token can be an alias written without AS.
  bool IsImplicitAlias() const;

  // ---- statements (parser_statement.cpp)
  Result<StatementPtr> ParseStatement();
  Result<StatementPtr> ParseSet();
  Result<StatementPtr> ParseReset();
  Result<StatementPtr> ParseShow();
  Result<StatementPtr> ParseExplain();
  Result<StatementPtr> ParseTransaction();
  Result<StatementPtr> ParsePragma();

  // ---- DDL (parser_ddl.cpp)
  Result<StatementPtr> ParseCreate();
  Status ParseCreateTable(CreateTableStatement* create);
  Status ParseTableElement(CreateTableStatement* create);
  Result<ColumnDef> ParseColumnDef();
  Result<TableConstraint> ParseTableConstraint();
  Result<std::vector<SqlOption>> ParseOptionList();
  Result<StatementPtr> ParseCreateView(SourceLocation loc, bool or_replace, bool temporary);
  Result<StatementPtr> ParseCreateIndex(SourceLocation loc, bool unique);
  Result<StatementPtr> ParseDrop();

  // ---- DML (parser_dml.cpp)
  Result<StatementPtr> ParseInsert();
  Result<StatementPtr> ParseUpdate();
  Result<StatementPtr> ParseDelete();
  Result<std::vector<Assignment>> ParseAssignments();
  Result<std::vector<SelectItem>> ParseReturning();

  // ---- queries (parser_query.cpp)
  Result<std::unique_ptr<Query>> ParseQuery();
  Result<std::unique_ptr<WithClause>> ParseWith();
  Result<QueryBodyPtr> ParseSetOperations(QueryBodyPtr left, int min_precedence);
  Result<QueryBodyPtr> ParseQueryPrimary();
  Result<QueryBodyPtr> ParseSelectBody();
  Result<QueryBodyPtr> ParseValuesBody();
  Status ParseQueryTail(Query* query);
  /// Finishes a query whose first set-operation operand was already parsed as a
  /// parenthesized subquery (the "((SELECT ...) UNION ...)" case).
  Result<std::unique_ptr<Query>> ContinueQuery(std::unique_ptr<Query> first, SourceLocation loc);
  Result<SelectItem> ParseSelectItem();
  Status ParseStarModifiers(StarExpr* star);
  Result<GroupByClause> ParseGroupBy();
  Result<GroupingElement> ParseGroupingElement();
  Result<std::vector<OrderByItem>> ParseOrderByList();
  Result<OrderByItem> ParseOrderByItem();
  Result<std::vector<ExprPtr>> ParseExprList();

  // ---- FROM (parser_from.cpp)
  Result<std::vector<TableRefPtr>> ParseFromList();
  Result<TableRefPtr> ParseTableRef();
  Result<TableRefPtr> ParseTablePrimary();
  Result<TableRefPtr> ParseParenthesizedTableRef(bool lateral);
  Status ParseTableAlias(TableRef* table);

  // ---- expressions (parser_expr.cpp)
  Result<ExprPtr> ParseExpr(int min_precedence = kPrecLowest);
  Result<ExprPtr> ParsePrefix();
  /// Applies [ ], :: and .field suffixes to `base`.
  Result<ExprPtr> ParsePostfix(ExprPtr base);
  /// Applies infix operators binding at least `min_precedence` to `left`.
  Result<ExprPtr> ParseInfix(ExprPtr left, int min_precedence);
  Result<ExprPtr> ParseIsTest(ExprPtr left);
  Result<ExprPtr> ParseInTail(ExprPtr left, bool negated, SourceLocation loc);
  Result<ExprPtr> ParseComparison(ExprPtr left, BinaryOp op, SourceLocation loc);

  // ---- primaries (parser_primary.cpp)
  Result<ExprPtr> ParsePrimary();
  Result<ExprPtr> ParseParenthesized();
  Result<ExprPtr> ParseLiteralToken();
  Result<ExprPtr> ParseParameter();
  Result<ExprPtr> ParseCase();
  Result<ExprPtr> ParseCast(bool try_cast);
  Result<ExprPtr> ParseInterval();
  Result<ExprPtr> ParseArrayLiteral();
  Result<ExprPtr> ParseStructLiteral();
  Result<ExprPtr> ParseTypedLiteral();
  Result<std::unique_ptr<Query>> ParseParenthesizedQuery();

  // ---- names and calls (parser_function.cpp)
  Result<ExprPtr> ParseNameOrCall();
  Result<std::unique_ptr<FunctionExpr>> ParseCall(QualifiedName name, SourceLocation loc);
  Status ParseCallArguments(FunctionExpr* call);
  Status ParseCallTail(FunctionExpr* call);
  Result<ExprPtr> ParseSpecialCall();
  Result<WindowSpec> ParseWindowSpec();
  Result<WindowFrame> ParseWindowFrame();
  Result<FrameBound> ParseFrameBound();

  // ---- types (parser_type.cpp)
  Result<TypeName> ParseType();
  Status ParseTypeParams(TypeName* type);
  Status ParseStructFields(TypeName* type, TokenKind close);
  /// Number of tokens at `ahead` that spell a built-in type name without parameters
  /// (DATE: 1, DOUBLE PRECISION: 2, TIMESTAMP WITH TIME ZONE: 4), else 0.
  size_t BuiltinTypeWords(size_t ahead) const;

  std::string_view sql_;
  const std::vector<Token>& tokens_;
  ParseOptions options_;
  size_t pos_ = 0;
  int depth_ = 0;
};

/// Restores the parser's nesting depth when a recursive parse function returns.
class DepthScope {
 public:
  explicit DepthScope(Parser* parser) : parser_(parser), saved_(parser->depth_) {}
  ~DepthScope() { parser_->depth_ = saved_; }
  DepthScope(const DepthScope&) = delete;
  DepthScope& operator=(const DepthScope&) = delete;

 private:
  Parser* parser_;
  int saved_;
};

/// Allocates an AST node of type T at `loc`.
template <typename T>
std::unique_ptr<T> MakeNode(SourceLocation loc) {
  return std::make_unique<T>(loc);
}

/// Interval unit spelled by a word (DAY, days, ...), or kNone.
IntervalUnit LookupIntervalUnit(std::string_view word);

}  // namespace silt::sql
