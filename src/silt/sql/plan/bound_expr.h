#pragma once

// Bound expressions: typed trees over column indices, produced by the binder and evaluated by
// the executor without any further resolution (docs/decisions/0006). A column is an index
// into the input row of the plan node that owns the expression (for a join: the left
// input's columns, then the right input's). Scalar calls carry their resolved function, and
// casts are explicit nodes, so evaluation never looks anything up.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/types.h"
#include "silt/functions/function_registry.h"

namespace silt::sql {

enum class BoundExprKind : uint8_t {
  kColumn,   // input column `index`
  kLiteral,  // `value`: a one-row array of `type` (NULL allowed)
  kCall,     // function(children...)
  kCast,     // CAST / TRY_CAST(children[0] AS type)
  kCase,     // CASE WHEN c0 THEN c1 [WHEN c2 THEN c3 ...] [ELSE cN] END (searched form only)
  /// A column of the enclosing query (a correlated subquery's reference, `index` into the
  /// outer input); only exists while binding: decorrelation replaces every one.
  kOuterColumn,
};

struct BoundExpr;
using BoundExprPtr = std::shared_ptr<const BoundExpr>;

/// An immutable typed expression node; share subtrees freely.
struct BoundExpr {
  BoundExprKind kind = BoundExprKind::kLiteral;
  DataTypePtr type;
  bool nullable = true;
  /// kColumn: input column index; `name` is the column's name (printing only).
  int index = -1;
  std::string name;
  /// kLiteral: one-row array.
  ArrayDataPtr value;
  /// kCall: the resolved function (its arg_types equal the children's types).
  std::shared_ptr<const functions::BoundScalarFunction> function;
  /// kCast: TRY_CAST when set.
  bool try_cast = false;
  /// kCase: whether the last child is the ELSE branch.
  bool has_else = false;
  std::vector<BoundExprPtr> children;

  /// Deterministic SQL-like text: `l_quantity < 24`, `sum(a + 1)`, `CAST(x AS int64)`.
  std::string ToString() const;
  /// Structural equality (literals by value).
  bool Equals(const BoundExpr& other) const;
  /// Whether the value never changes between rows or batches (no columns, no volatile calls).
  bool IsConstant() const;
  /// Whether evaluation is deterministic (no random()).
  bool IsDeterministic() const;
};

// Constructors.
BoundExprPtr MakeColumn(int index, std::string name, DataTypePtr type, bool nullable = true);
BoundExprPtr MakeLiteral(ArrayDataPtr one_row_value);
/// A literal NULL of `type`.
Result<BoundExprPtr> MakeNullLiteral(const DataTypePtr& type);
BoundExprPtr MakeBoolLiteral(bool value);
BoundExprPtr MakeInt64Literal(int64_t value);
BoundExprPtr MakeStringLiteral(const std::string& value);
/// Binds `name` over the children's types through the registry, inserting implicit casts.
Result<BoundExprPtr> MakeCall(const functions::FunctionRegistry& registry, std::string_view name,
                              std::vector<BoundExprPtr> args);
/// CAST(expr AS type); returns expr unchanged when the type already matches.
BoundExprPtr MakeCast(BoundExprPtr expr, DataTypePtr type, bool try_cast = false);
/// A copy of `expr` with different children.
BoundExprPtr WithChildren(const BoundExpr& expr, std::vector<BoundExprPtr> children);

/// Name of a function call node ("" for other kinds).
std::string_view CallName(const BoundExpr& expr);
/// Whether `expr` is a call of the named function.
bool IsCall(const BoundExpr& expr, std::string_view name);

/// Splits nested ANDs into conjuncts.
void SplitConjunction(const BoundExprPtr& expr, std::vector<BoundExprPtr>* out);
/// ANDs conjuncts together (null for an empty list).
Result<BoundExprPtr> Conjunction(const std::vector<BoundExprPtr>& conjuncts);
/// Column indices referenced by `expr`, appended (may repeat).
void CollectColumns(const BoundExpr& expr, std::vector<int>* out);
/// Whether every column of `expr` lies in [begin, end).
bool ColumnsWithin(const BoundExpr& expr, int begin, int end);
/// Rewrites column references: column i becomes mapping[i] (which must be >= 0).
BoundExprPtr RemapColumns(const BoundExprPtr& expr, const std::vector<int>& mapping);
/// Adds `delta` to every column index.
BoundExprPtr ShiftColumns(const BoundExprPtr& expr, int delta);
/// Replaces column i by replacements[i] (projection inlining).
BoundExprPtr SubstituteColumns(const BoundExprPtr& expr,
                               const std::vector<BoundExprPtr>& replacements);

/// Renders row 0 of a one-row array as SQL literal text (`'a''b'`, `12.50`, `DATE '...'`).
std::string LiteralToSql(const ArrayData& value);

}  // namespace silt::sql
