#include "silt/expr/bounds_pruning.h"

#include <cmath>

#include "silt/expr/scalar.h"

namespace silt {

namespace {

bool IsNaN(const Scalar& s) {
  return !s.is_null() && s.type()->IsFloating() && std::isnan(s.double_value());
}

/// Walks the predicate; May(e) is false only when e cannot be TRUE for any covered row.
class BoundsPruner {
 public:
  explicit BoundsPruner(const BoundsResolver& resolve) : resolve_(resolve) {}

  bool May(const Expr& e) {
    switch (e.kind()) {
      case ExprKind::kAnd:
        for (const auto& c : e.children()) {
          if (!May(*c)) return false;
        }
        return true;
      case ExprKind::kOr:
        for (const auto& c : e.children()) {
          if (May(*c)) return true;
        }
        return false;
      case ExprKind::kNot: return MayNot(*e.children()[0]);
      case ExprKind::kLiteral:
        return !e.literal().is_null() &&
               !(e.literal().type()->id() == TypeId::kBool && !e.literal().bool_value());
      case ExprKind::kCompare: return MayCompare(e);
      case ExprKind::kIn: {
        if (!e.children()[0]->is_column()) return true;
        for (const auto& v : e.in_list()) {
          if (v.is_null()) continue;
          if (MayColumnCompare(*e.children()[0], CompareOp::kEq, v)) return true;
        }
        return false;
      }
      case ExprKind::kIsNull:
      case ExprKind::kIsNotNull: {
        if (!e.children()[0]->is_column()) return true;
        auto r = resolve_(e.children()[0]->path());
        if (!r || !r->bounds) return true;
        const ColumnBounds& b = *r->bounds;
        if (e.kind() == ExprKind::kIsNull) return !(b.null_count && *b.null_count == 0);
        return !(b.null_count && b.num_values >= 0 && *b.null_count >= b.num_values);
      }
      default: return true;
    }
  }

 private:
  bool MayNot(const Expr& e) {
    switch (e.kind()) {
      case ExprKind::kNot: return May(*e.children()[0]);
      case ExprKind::kAnd:
        for (const auto& c : e.children()) {
          if (MayNot(*c)) return true;
        }
        return false;
      case ExprKind::kOr:
        for (const auto& c : e.children()) {
          if (!MayNot(*c)) return false;
        }
        return true;
      case ExprKind::kCompare:
        // NOT (a < b) is a >= b for non-NULL operands; NULL operands are never TRUE either way.
        return May(*Expr::Compare(NegateCompareOp(e.compare_op()), e.children()[0],
                                  e.children()[1]));
      case ExprKind::kIsNull: return May(*Expr::IsNotNull(e.children()[0]));
      case ExprKind::kIsNotNull: return May(*Expr::IsNull(e.children()[0]));
      case ExprKind::kLiteral:
        return !e.literal().is_null() &&
               !(e.literal().type()->id() == TypeId::kBool && e.literal().bool_value());
      default: return true;
    }
  }

  bool MayCompare(const Expr& e) {
    const Expr& l = *e.children()[0];
    const Expr& r = *e.children()[1];
    if (l.is_column() && r.is_literal()) return MayColumnCompare(l, e.compare_op(), r.literal());
    if (r.is_column() && l.is_literal()) {
      return MayColumnCompare(r, FlipCompareOp(e.compare_op()), l.literal());
    }
    return true;
  }

  bool MayColumnCompare(const Expr& column, CompareOp op, const Scalar& literal) {
    if (literal.is_null()) return false;  // comparisons with NULL are never TRUE
    auto r = resolve_(column.path());
    if (!r || !r->bounds || !r->type) return true;
    auto coerced = CoerceLiteral(literal, *r->type);
    if (!coerced.ok()) return true;
    const Scalar& v = *coerced;
    const ColumnBounds& b = *r->bounds;
    if (b.null_count && b.num_values >= 0 && *b.null_count >= b.num_values) return false;
    const bool nan_possible = b.is_floating && !(b.nan_count && *b.nan_count == 0);
    const bool v_nan = IsNaN(v);
    if (nan_possible) {
      // NaN rows are not reflected in min/max; they satisfy > and >= and != (and = NaN).
      if (v_nan && (op == CompareOp::kEq || op == CompareOp::kGe || op == CompareOp::kLe)) return true;
      if (!v_nan && (op == CompareOp::kGt || op == CompareOp::kGe || op == CompareOp::kNe)) return true;
    }
    if (!b.min || !b.max) return true;
    auto cmin = b.min->Compare(v);  // sign of min - v
    auto cmax = b.max->Compare(v);
    if (!cmin || !cmax) return true;
    switch (op) {
      case CompareOp::kEq: return *cmin <= 0 && *cmax >= 0;
      case CompareOp::kNe: return !(*cmin == 0 && *cmax == 0);
      case CompareOp::kLt: return *cmin < 0;
      case CompareOp::kLe: return *cmin <= 0;
      case CompareOp::kGt: return *cmax > 0;
      case CompareOp::kGe: return *cmax >= 0;
    }
    return true;
  }

  const BoundsResolver& resolve_;
};

}  // namespace

bool BoundsMayMatch(const Expr& predicate, const BoundsResolver& resolve) {
  BoundsPruner pruner(resolve);
  return pruner.May(predicate);
}

}  // namespace silt
