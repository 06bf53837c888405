#pragma once

#include <string>

#include "silt/sql/parser/ast.h"

namespace silt::sql {

/// Canonical SQL for an AST: keywords upper-case, names as written (quoted names quoted),
/// every operator application parenthesized, aliases with AS, FETCH FIRST printed as LIMIT,
/// x::t as CAST(x AS t). Parsing the result gives a tree equal (operator==) to the input.
std::string ToSql(const Statement& statement);
/// ToSql for a query (no trailing ';').
std::string ToSql(const Query& query);
/// ToSql for an expression; the text is self-delimiting (a primary or parenthesized).
std::string ToSql(const Expr& expr);
/// ToSql for a type name ("DECIMAL(10,2)", "INTEGER[]", "STRUCT(a INTEGER)").
std::string ToSql(const TypeName& type);
/// ToSql for a FROM item.
std::string ToSql(const TableRef& table);

}  // namespace silt::sql
