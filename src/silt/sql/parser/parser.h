#pragma once

#include <string_view>
#include <vector>

#include "silt/common/status.h"
#include "silt/sql/parser/ast.h"

namespace silt::sql {

/// Knobs of one parse.
struct ParseOptions {
  /// Deepest nesting accepted: each parenthesis, subquery, operator applied to the result of
  /// another, join, set operation or nested type counts one level. Deeper input is a Parse
  /// error ("nesting too deep"), never a stack overflow. ToSql's output nests up to about
  /// twice as deep as its input (it parenthesizes every operator).
  int max_depth = 256;
};

/// Parses a `;`-separated list of statements (empty statements are skipped, so "" gives an
/// empty list). Each statement records its span (begin_offset/end_offset) in `sql`.
/// Errors are Status::Parse with "(line L, column C)" and a caret line.
Result<std::vector<StatementPtr>> ParseStatements(std::string_view sql,
                                                  const ParseOptions& options = {});

/// Parses exactly one statement (an optional trailing `;` is allowed).
Result<StatementPtr> ParseStatement(std::string_view sql, const ParseOptions& options = {});

/// Parses one expression, e.g. a DEFAULT value or a `--where` filter written in SQL.
Result<ExprPtr> ParseExpression(std::string_view sql, const ParseOptions& options = {});

/// Parses one type name, e.g. "DECIMAL(10, 2)" or "STRUCT(a INT, b VARCHAR[])".
Result<TypeName> ParseTypeName(std::string_view sql, const ParseOptions& options = {});

}  // namespace silt::sql
