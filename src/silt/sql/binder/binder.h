#pragma once

// The binder turns a parsed query (sql/parser AST) into a logical plan: it resolves table and
// column names (unquoted identifiers case-insensitively, quoted ones exactly), types every
// expression (implicit casts from functions/type_coercion.h), expands `*`, plans
// aggregation, windows, DISTINCT, ORDER BY and LIMIT, and turns subqueries into joins (mark
// joins for EXISTS / IN, left joins for scalar subqueries), decorrelating correlated ones by
// pulling their correlated predicates up into the join condition.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "silt/functions/function_registry.h"
#include "silt/sql/parser/ast.h"
#include "silt/sql/plan/logical_plan.h"

namespace silt::sql {

/// Delta time travel of a table reference.
struct TimeTravel {
  std::optional<int64_t> version;
  std::optional<std::string> timestamp;
};

/// A named object the binder can read from.
struct CatalogObject {
  std::string name;  ///< as stored (original case)
  /// A table (null for a view).
  std::shared_ptr<TableSource> table;
  /// A view: its query (owned by the catalog, alive while the statement binds) and its
  /// column names (empty = the query's own names).
  const Query* view_query = nullptr;
  std::vector<std::string> view_columns;
};

/// What the binder needs from the session: tables, views and table functions.
class BinderCatalog {
 public:
  virtual ~BinderCatalog() = default;
  /// The object named `name` (one or more parts; `exact` per part says it was quoted), or
  /// nullopt when there is none. Time travel applies to tables that support it.
  virtual Result<std::optional<CatalogObject>> Find(const std::vector<std::string>& name,
                                                    const std::vector<bool>& exact,
                                                    const TimeTravel& time_travel) const = 0;
  /// A table function call (read_parquet, delta_scan, ...) with constant arguments.
  virtual Result<std::shared_ptr<TableSource>> CallTableFunction(
      const std::string& name, const std::vector<ArrayDataPtr>& args,
      const std::vector<std::pair<std::string, ArrayDataPtr>>& named_args) const = 0;
  /// Every table and view name (for "did you mean" suggestions).
  virtual std::vector<std::string> Names() const = 0;
};

/// Settings that change binding.
struct BinderOptions {
  /// `sql_parser.enable_ident_normalization`: unquoted identifiers match case-insensitively.
  bool ident_normalization = true;
  const functions::FunctionRegistry* registry = &functions::FunctionRegistry::Default();
};

/// Binds one query (SELECT / VALUES / set operation with its WITH, ORDER BY, LIMIT).
Result<LogicalPlanPtr> BindQuery(const Query& query, const BinderCatalog& catalog,
                                 const BinderOptions& options);

/// Binds a constant expression (no columns): SET values, LIMIT, table function arguments.
Result<BoundExprPtr> BindConstantExpr(const Expr& expr, const BinderOptions& options);

/// The silt type of a SQL type name (Plan error naming unknown types).
Result<DataTypePtr> BindTypeName(const TypeName& type);

}  // namespace silt::sql
