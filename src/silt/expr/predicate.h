#pragma once

#include <memory>
#include <string>
#include <vector>

#include "silt/expr/scalar.h"

namespace silt {

/// Node kinds of a predicate expression tree.
enum class ExprKind : uint8_t {
  kColumnRef,  // path(): column name, then struct field names for nested fields
  kLiteral,    // literal()
  kCompare,    // compare_op(), children() = {left, right}
  kAnd,        // children(), two or more, all must be TRUE
  kOr,         // children(), two or more
  kNot,        // children() = {operand}
  kIsNull,     // children() = {operand}
  kIsNotNull,  // children() = {operand}
  kIn,         // children() = {operand}, in_list() = literals; NOT IN is Not(In)
};

/// Comparison operators.
enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

/// SQL spelling: "=", "!=", "<", "<=", ">", ">=".
const char* CompareOpToString(CompareOp op);
/// The operator with operands swapped: `a < b` == `b > a`.
CompareOp FlipCompareOp(CompareOp op);
/// The logical negation for non-NULL operands: NOT (a < b) == a >= b.
CompareOp NegateCompareOp(CompareOp op);

class Expr;
/// Expressions are immutable and shared; subtrees may be reused between trees.
using ExprPtr = std::shared_ptr<const Expr>;

/// An immutable predicate expression node. Produced by ParsePredicate and (later) the SQL
/// binder; consumed by EvaluatePredicate and by Parquet/Delta pruning, which only act on
/// column-versus-literal comparisons and treat everything else conservatively.
class Expr {
 public:
  /// A column reference; `path` = {column, field, subfield...}; must not be empty.
  static ExprPtr ColumnRef(std::vector<std::string> path);
  /// A top-level column reference (the name is not split on dots).
  static ExprPtr Column(std::string name);
  static ExprPtr Literal(Scalar value);
  static ExprPtr Compare(CompareOp op, ExprPtr left, ExprPtr right);
  /// Conjunction; a single operand is returned unchanged, nested Ands are not flattened.
  static ExprPtr And(std::vector<ExprPtr> operands);
  static ExprPtr And(ExprPtr a, ExprPtr b) { return And(std::vector<ExprPtr>{a, b}); }
  /// Disjunction; a single operand is returned unchanged.
  static ExprPtr Or(std::vector<ExprPtr> operands);
  static ExprPtr Or(ExprPtr a, ExprPtr b) { return Or(std::vector<ExprPtr>{a, b}); }
  static ExprPtr Not(ExprPtr operand);
  static ExprPtr IsNull(ExprPtr operand);
  static ExprPtr IsNotNull(ExprPtr operand);
  static ExprPtr In(ExprPtr operand, std::vector<Scalar> list);

  ExprKind kind() const { return kind_; }
  /// Column path (kColumnRef only).
  const std::vector<std::string>& path() const { return path_; }
  /// Literal value (kLiteral only).
  const Scalar& literal() const { return literal_; }
  /// Comparison operator (kCompare only).
  CompareOp compare_op() const { return op_; }
  const std::vector<ExprPtr>& children() const { return children_; }
  /// IN list values (kIn only).
  const std::vector<Scalar>& in_list() const { return in_list_; }

  bool is_column() const { return kind_ == ExprKind::kColumnRef; }
  bool is_literal() const { return kind_ == ExprKind::kLiteral; }

  /// Deterministic SQL text that ParsePredicate reads back into an equal tree:
  /// `a = 1 AND ("b c" < 'x' OR s.f IS NULL)`, `x NOT IN (1, 2)`, `NOT (a > 1)`.
  std::string ToString() const;
  /// Structural equality (Scalar::Equals for literals).
  bool Equals(const Expr& other) const;

  /// Public for std::make_shared; use the factories.
  explicit Expr(ExprKind kind) : kind_(kind) {}

 private:
  void AppendTo(std::string* out) const;

  ExprKind kind_;
  CompareOp op_ = CompareOp::kEq;
  std::vector<std::string> path_;
  Scalar literal_;
  std::vector<ExprPtr> children_;
  std::vector<Scalar> in_list_;
};

/// `e` rebuilt over `children` (same kind, operator and IN list); column references and
/// literals, which have no children, are returned unchanged. For rewriting passes.
ExprPtr WithChildren(const ExprPtr& e, std::vector<ExprPtr> children);

/// Writes an identifier bare when it is a plain word ([A-Za-z_][A-Za-z0-9_]*) that is not a
/// predicate keyword, else double-quoted with "" escapes.
void AppendIdentifier(std::string_view name, std::string* out);

}  // namespace silt
