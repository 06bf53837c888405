#pragma once

// The SQL writer behind ToSql, shared by the to_sql_*.cpp files.

#include <string>
#include <string_view>
#include <vector>

#include "silt/sql/parser/ast.h"

namespace silt::sql {

/// Appends canonical SQL for AST nodes to one string.
class SqlWriter {
 public:
  std::string Take() { return std::move(out_); }

  // to_sql_expr.cpp
  void AppendExpr(const Expr& expr);
  void AppendType(const TypeName& type);
  void AppendIdentifier(const Identifier& id);
  void AppendName(const QualifiedName& name);
  void AppendNames(const std::vector<Identifier>& names);  // a, b, c
  void AppendStringLiteral(std::string_view text);
  void AppendExprList(const std::vector<ExprPtr>& list);
  void AppendOrderBy(const std::vector<OrderByItem>& items);
  void AppendWindowSpec(const WindowSpec& spec);

  // to_sql_query.cpp
  void AppendQuery(const Query& query);
  void AppendBody(const QueryBody& body);
  void AppendSetOperand(const QueryBody& body);
  void AppendTableRef(const TableRef& table);
  void AppendSelectItems(const std::vector<SelectItem>& items);
  void AppendGroupingElement(const GroupingElement& element);

  // to_sql_statement.cpp
  void AppendStatement(const Statement& statement);

  void Append(std::string_view text) { out_.append(text); }

 private:
  void AppendFunction(const FunctionExpr& call);
  void AppendFrameBound(const FrameBound& bound);
  void AppendColumnDef(const ColumnDef& column);
  void AppendOptions(std::string_view keyword, const std::vector<SqlOption>& options);
  void AppendAssignments(const std::vector<Assignment>& assignments);
  void AppendReturning(const std::vector<SelectItem>& items);

  std::string out_;
};

}  // namespace silt::sql
