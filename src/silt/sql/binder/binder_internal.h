#pragma once

// Internal state of the binder (binder.h): scopes, the per-query-block binder and the
// expression binding context. Split over bind_*.cpp files by topic.

#include <map>
#include <string>
#include <vector>

#include "silt/sql/binder/binder.h"

namespace silt::sql::binder_internal {

/// A column visible to name resolution.
struct ScopeColumn {
  std::string qualifier;  ///< table alias or name, "" for derived columns
  std::string name;
  DataTypePtr type;
  bool nullable = true;
  int index = -1;  ///< column of the current input plan
  /// Hidden duplicates of USING / NATURAL join columns: reachable with a qualifier only.
  bool qualified_only = false;
};

/// The names visible in one query block, plus its enclosing block (correlation).
struct Scope {
  std::vector<ScopeColumn> columns;
  const Scope* outer = nullptr;
};

/// A CTE visible by name.
struct CteBinding {
  std::string name;
  LogicalPlanPtr plan;  ///< bound CTE query (or the work table while binding a recursive one)
  std::vector<std::string> columns;
  /// A non-recursive CTE's plan is a MaterializedCte node over its query until the end of the
  /// WITH's scope, where CTEs read fewer than twice (or cheap to recompute) become their query.
  std::shared_ptr<LogicalPlan> materialized;
  /// The plan node of every reference so far (each a copy of `materialized` with the
  /// reference's column names), rewritten in place when the CTE is inlined.
  std::shared_ptr<std::vector<std::shared_ptr<LogicalPlan>>> references =
      std::make_shared<std::vector<std::shared_ptr<LogicalPlan>>>();
};

class QueryBinder;

/// A LATERAL subquery decorrelated against the FROM items to its left: `right` to join on
/// `conjuncts` (over left ++ right columns); its first `columns.size()` columns are the
/// subquery's, and deferred[i] (when set, over left ++ right) computes column i after the join.
struct LateralSubquery {
  LogicalPlanPtr right;
  PlanSchema columns;
  std::vector<BoundExprPtr> conjuncts;
  std::vector<BoundExprPtr> deferred;
  /// Set instead of `right` for a subquery aggregating correlated rows: evaluated per left
  /// row with LateralAggregatePerRow.
  LogicalPlanPtr per_row_aggregate;
};

/// A window call's effective specification after resolving named windows (pointers into the
/// AST, which outlives binding).
struct ResolvedWindow {
  std::vector<const Expr*> partition_by;
  std::vector<const OrderByItem*> order_by;
  const WindowFrame* frame = nullptr;
};

/// What an expression is bound against.
struct ExprContext {
  const Scope* scope = nullptr;
  /// The block's input plan; subqueries in the expression are joined onto it (so it grows by
  /// columns at the end). Null where subqueries are not allowed.
  LogicalPlanPtr* plan = nullptr;
  /// AST nodes already bound (aggregate calls, group keys, window calls after their nodes):
  /// a node equal to one of these binds to the given expression.
  const std::vector<std::pair<const Expr*, BoundExprPtr>>* replacements = nullptr;
  /// Clause name for errors ("WHERE", "GROUP BY", ...).
  const char* clause = "expression";
  /// Aggregation: the scope before grouping, to explain a column that is neither grouped
  /// nor aggregated ("must appear in the GROUP BY clause ...").
  const Scope* ungrouped_scope = nullptr;
  /// References to the enclosing block are allowed (subquery bodies).
  bool allow_outer = true;
  /// After aggregation: the number of group expressions (columns 0..n-1), for GROUPING();
  /// -1 elsewhere.
  int num_group_columns = -1;
  /// With grouping sets: the column holding the grouping id (bit n-1-i set when group
  /// expression i is not in the row's set); -1 without grouping sets.
  int grouping_id_column = -1;
  /// WHERE and HAVING: the block's select list. A name no scope has binds to the select-list
  /// expression it aliases (DuckDB's WHERE, DataFusion's HAVING; PostgreSQL rejects such
  /// queries, so nothing PostgreSQL accepts changes meaning).
  const std::vector<SelectItem>* select_aliases = nullptr;
  /// Aliases being expanded (a self-referencing alias is an unknown column, not a loop).
  std::vector<const SelectItem*>* expanding_aliases = nullptr;
};

/// Binds query blocks; one per statement (shares CTEs and the catalog).
class QueryBinder {
 public:
  QueryBinder(const BinderCatalog& catalog, const BinderOptions& options)
      : catalog_(catalog), options_(options) {}

  Result<LogicalPlanPtr> BindQuery(const Query& query, const Scope* outer);
  Result<BoundExprPtr> BindExpr(const Expr& expr, ExprContext& ctx);

  const BinderOptions& options() const { return options_; }
  const functions::FunctionRegistry& registry() const { return *options_.registry; }
  /// Identifier comparison under the case rules.
  bool NameMatches(const std::string& stored, const Identifier& ident) const;
  bool NameMatches(const std::string& stored, const std::string& name, bool exact) const;

 private:
  // bind_query.cpp
  Result<LogicalPlanPtr> BindBody(const QueryBody& body, const Scope* outer,
                                  std::vector<const OrderByItem*>* order_by_for_select,
                                  Scope* out_scope);
  Result<LogicalPlanPtr> BindSelect(const SelectBody& select, const Scope* outer,
                                    const std::vector<OrderByItem>* order_by, Scope* out_scope);
  Result<LogicalPlanPtr> BindValues(const ValuesBody& values);
  Result<LogicalPlanPtr> BindSetOperation(const SetOperationBody& body, const Scope* outer);
  Status BindWith(const WithClause& with, const Scope* outer);
  /// unnest(...) in FROM whose argument reads earlier FROM items (or is marked LATERAL).
  bool IsLateralUnnest(const TableFunctionRef& ref) const;
  Result<LogicalPlanPtr> JoinUnnest(const TableFunctionRef& ref, LogicalPlanPtr left, Scope* scope,
                                    bool outer = false);
  Status AlignByName(const SetOperationBody& body, LogicalPlanPtr* left, LogicalPlanPtr* right);
  /// At the end of a WITH's scope: keeps the CTE materialized or inlines its query.
  void FinishCte(const CteBinding& cte);
  Result<LogicalPlanPtr> ApplyOrderLimit(LogicalPlanPtr plan, const Scope& scope,
                                         const Query& query, bool order_done);
  Result<std::optional<int64_t>> BindLimitValue(const Expr* expr, const char* what);
  Result<ResolvedWindow> ResolveWindow(const FunctionExpr& fn, const std::vector<NamedWindow>& windows);
  Result<PlanFrameBound> BindFrameBound(const FrameBound& bound, FrameUnit unit, const char* which);

  // bind_from.cpp
  Result<LogicalPlanPtr> BindFrom(const std::vector<TableRefPtr>& from, const Scope* outer,
                                  Scope* scope);
  Result<LogicalPlanPtr> BindTableRef(const TableRef& ref, const Scope* outer, Scope* scope);
  Result<LogicalPlanPtr> BindBaseTable(const BaseTableRef& ref, const Scope* outer, Scope* scope);
  Result<LogicalPlanPtr> BindTableFunction(const TableFunctionRef& ref, Scope* scope);
  Result<LogicalPlanPtr> BindJoin(const JoinRef& ref, const Scope* outer, Scope* scope);
  Result<LogicalPlanPtr> JoinLateral(const SubqueryRef& sub, const TableRef& ref, LogicalPlanPtr left,
                                     JoinType type, const Expr* on, Scope* scope);
  Result<LogicalPlanPtr> ScanOf(std::shared_ptr<TableSource> table, const std::string& name,
                                const std::optional<TableAlias>& alias, Scope* scope);

 public:
  // bind_expr.cpp helpers used by other files
  Result<BoundExprPtr> BindColumnRef(const ColumnRefExpr& ref, ExprContext& ctx);
  /// `base.field` for a struct value (case-insensitive unless an exact match exists).
  Result<BoundExprPtr> FieldOf(const BoundExprPtr& base, const std::string& field, const Expr& at);
  Result<BoundExprPtr> BindFunction(const FunctionExpr& fn, ExprContext& ctx);
  Result<BoundExprPtr> BindGrouping(const FunctionExpr& fn, ExprContext& ctx);
  Result<BoundExprPtr> BindComparison(std::string_view op, const Expr& left, const Expr& right,
                                      ExprContext& ctx);
  Result<BoundExprPtr> Call(std::string_view name, std::vector<BoundExprPtr> args,
                            const Expr& at);
  // bind_subquery.cpp
  Result<BoundExprPtr> BindSubquery(const Expr& expr, ExprContext& ctx);
  Result<LateralSubquery> BindLateralSubquery(const Query& query, const Scope& left_scope, int left_width,
                                              const SourceLocation& loc);
  /// `x op ANY|ALL (q)` for an uncorrelated one-column q already bound to `inner`: joins
  /// q's min/max/counts onto *ctx.plan and returns the boolean.
  /// Row comparison (a, b) op (c, d) with PostgreSQL's semantics (lexicographic for < etc.).
  Result<BoundExprPtr> RowComparison(BinaryOp op, const std::vector<BoundExprPtr>& left,
                                     const std::vector<BoundExprPtr>& right, const Expr& at);
  /// `(a, b, ...) op ANY|ALL (q)` (IN is = ANY) for an uncorrelated q bound to `inner`.
  Result<BoundExprPtr> BindRowQuantified(BinaryOp op, bool all, const std::vector<BoundExprPtr>& row,
                                         const LogicalPlanPtr& inner, ExprContext& ctx, const Expr& at);
  /// A scalar subquery over a correlated ungrouped aggregate with non-equality correlation;
  /// null when the subquery has another shape.
  Result<BoundExprPtr> BindCorrelatedAggregate(const LogicalPlanPtr& sub, ExprContext& ctx, const Expr& at);
  Result<BoundExprPtr> BindQuantifiedComparison(const QuantifiedExpr& q, const BoundExprPtr& operand,
                                                const LogicalPlanPtr& inner, ExprContext& ctx);

  std::vector<CteBinding> ctes_;

 private:
  const BinderCatalog& catalog_;
  const BinderOptions& options_;
  int subquery_counter_ = 0;
};

/// Splits join conditions over left ++ right columns into equi keys (left expression, right
/// expression over the right input) and a residual filter.
Status SplitJoinKeys(const std::vector<BoundExprPtr>& predicates, int left_width,
                     std::vector<std::pair<BoundExprPtr, BoundExprPtr>>* keys, std::vector<BoundExprPtr>* residual);
/// `left` with the columns of the correlated aggregate subquery `sub` appended, computed once
/// per left row; null when `sub` has an unsupported shape.
Result<LogicalPlanPtr> LateralAggregatePerRow(const LogicalPlanPtr& sub, const LogicalPlanPtr& left);
/// Error with the expression's source location ("... at line 1, column 8").
/// Whether the plan reads a column of an enclosing query (a correlated subquery's reference).
bool PlanHasOuterRef(const LogicalPlan& plan);
Status ErrorAt(StatusCode code, const std::string& message, const SourceLocation& loc);
/// Scope built from a plan's schema (every column, qualifiers as in the schema).
Scope ScopeOf(const PlanSchema& schema, const Scope* outer);
/// The name a SELECT item gets without an alias (column name, function name, "?column?").
std::string DefaultColumnName(const Expr& expr);
/// Whether an AST expression is a call of an aggregate function (not windowed).
bool IsAggregateCall(const Expr& expr);
/// Collects aggregate calls (outside subqueries and window specifications).
void CollectAggregates(const Expr& expr, std::vector<const FunctionExpr*>* out);
/// Collects window calls (function calls with OVER).
void CollectWindowCalls(const Expr& expr, std::vector<const FunctionExpr*>* out);
/// Collects unnest(...) calls of a select item (outside subqueries).
void CollectUnnestCalls(const Expr& expr, std::vector<const FunctionExpr*>* out);
/// Case-insensitive ASCII equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
/// Lower-cased ASCII copy.
std::string Lower(std::string_view s);
/// Closest names to `name` among `candidates` for "did you mean" hints ("" when none).
std::string Suggest(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace silt::sql::binder_internal
