// Structural equality of expressions, types and windows (source locations ignored). Used
// by the ToSql round-trip checks in tests and the fuzz target.
#include "silt/sql/parser/ast_equal_internal.h"

namespace silt::sql {

bool operator==(const Identifier& a, const Identifier& b) {
  return a.quoted == b.quoted && a.name == b.name;
}

bool operator==(const TypeName& a, const TypeName& b) {
  return a.kind == b.kind && (a.kind != TypeKind::kNamed || a.name == b.name) &&
         a.params == b.params && a.children == b.children && a.field_names == b.field_names;
}

bool EqualOrderBy(const std::vector<OrderByItem>& a, const std::vector<OrderByItem>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].direction != b[i].direction || a[i].nulls != b[i].nulls ||
        !EqualPtr(a[i].expr, b[i].expr)) {
      return false;
    }
  }
  return true;
}

namespace {

bool EqualBound(const FrameBound& a, const FrameBound& b) {
  return a.kind == b.kind && EqualPtr(a.offset, b.offset);
}

bool EqualFunction(const FunctionExpr& a, const FunctionExpr& b) {
  if (a.name != b.name || a.syntax != b.syntax || a.distinct != b.distinct || a.star != b.star ||
      a.within_group != b.within_group || a.null_treatment != b.null_treatment ||
      a.over_name != b.over_name || a.args.size() != b.args.size() ||
      !EqualOrderBy(a.order_by, b.order_by) || !EqualPtr(a.filter, b.filter) ||
      !EqualPtr(a.over, b.over)) {
    return false;
  }
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (a.args[i].name != b.args[i].name || !EqualPtr(a.args[i].value, b.args[i].value)) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool operator==(const WindowSpec& a, const WindowSpec& b) {
  if (a.base_window != b.base_window || !EqualList(a.partition_by, b.partition_by) ||
      !EqualOrderBy(a.order_by, b.order_by) || a.frame.has_value() != b.frame.has_value()) {
    return false;
  }
  if (!a.frame) return true;
  return a.frame->unit == b.frame->unit && a.frame->exclude == b.frame->exclude &&
         EqualBound(a.frame->start, b.frame->start) && EqualBound(a.frame->end, b.frame->end);
}

bool operator==(const Expr& a, const Expr& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ExprKind::kColumnRef: return a.As<ColumnRefExpr>().parts == b.As<ColumnRefExpr>().parts;
    case ExprKind::kStar: {
      const auto &x = a.As<StarExpr>(), &y = b.As<StarExpr>();
      if (x.qualifier != y.qualifier || x.exclude != y.exclude ||
          x.replace.size() != y.replace.size() || x.rename.size() != y.rename.size()) {
        return false;
      }
      for (size_t i = 0; i < x.replace.size(); ++i) {
        if (x.replace[i].name != y.replace[i].name ||
            !EqualPtr(x.replace[i].expr, y.replace[i].expr)) {
          return false;
        }
      }
      for (size_t i = 0; i < x.rename.size(); ++i) {
        if (x.rename[i].column != y.rename[i].column || x.rename[i].name != y.rename[i].name) {
          return false;
        }
      }
      return true;
    }
    case ExprKind::kLiteral: {
      const auto &x = a.As<LiteralExpr>(), &y = b.As<LiteralExpr>();
      return x.literal_kind == y.literal_kind && x.boolean_value == y.boolean_value &&
             x.text == y.text;
    }
    case ExprKind::kTypedLiteral: {
      const auto &x = a.As<TypedLiteralExpr>(), &y = b.As<TypedLiteralExpr>();
      return x.type == y.type && x.value == y.value;
    }
    case ExprKind::kInterval: {
      const auto &x = a.As<IntervalExpr>(), &y = b.As<IntervalExpr>();
      return x.unit == y.unit && x.to_unit == y.to_unit && EqualPtr(x.value, y.value);
    }
    case ExprKind::kParameter: return a.As<ParameterExpr>().index == b.As<ParameterExpr>().index;
    case ExprKind::kUnary: {
      const auto &x = a.As<UnaryExpr>(), &y = b.As<UnaryExpr>();
      return x.op == y.op && EqualPtr(x.operand, y.operand);
    }
    case ExprKind::kBinary: {
      const auto &x = a.As<BinaryExpr>(), &y = b.As<BinaryExpr>();
      return x.op == y.op && EqualPtr(x.left, y.left) && EqualPtr(x.right, y.right);
    }
    case ExprKind::kIs: {
      const auto &x = a.As<IsExpr>(), &y = b.As<IsExpr>();
      return x.test == y.test && x.negated == y.negated && EqualPtr(x.operand, y.operand);
    }
    case ExprKind::kBetween: {
      const auto &x = a.As<BetweenExpr>(), &y = b.As<BetweenExpr>();
      return x.negated == y.negated && x.symmetric == y.symmetric &&
             EqualPtr(x.operand, y.operand) && EqualPtr(x.low, y.low) && EqualPtr(x.high, y.high);
    }
    case ExprKind::kInList: {
      const auto &x = a.As<InListExpr>(), &y = b.As<InListExpr>();
      return x.negated == y.negated && EqualPtr(x.operand, y.operand) && EqualList(x.list, y.list);
    }
    case ExprKind::kInSubquery: {
      const auto &x = a.As<InSubqueryExpr>(), &y = b.As<InSubqueryExpr>();
      return x.negated == y.negated && EqualPtr(x.operand, y.operand) &&
             EqualPtr(x.subquery, y.subquery);
    }
    case ExprKind::kQuantified: {
      const auto &x = a.As<QuantifiedExpr>(), &y = b.As<QuantifiedExpr>();
      return x.op == y.op && x.all == y.all && EqualPtr(x.left, y.left) &&
             EqualPtr(x.subquery, y.subquery) && EqualPtr(x.array, y.array);
    }
    case ExprKind::kLike: {
      const auto &x = a.As<LikeExpr>(), &y = b.As<LikeExpr>();
      return x.like == y.like && x.negated == y.negated && EqualPtr(x.operand, y.operand) &&
             EqualPtr(x.pattern, y.pattern) && EqualPtr(x.escape, y.escape);
    }
    case ExprKind::kCast: {
      const auto &x = a.As<CastExpr>(), &y = b.As<CastExpr>();
      return x.try_cast == y.try_cast && x.type == y.type && EqualPtr(x.operand, y.operand);
    }
    case ExprKind::kCase: {
      const auto &x = a.As<CaseExpr>(), &y = b.As<CaseExpr>();
      if (x.whens.size() != y.whens.size() || !EqualPtr(x.operand, y.operand) ||
          !EqualPtr(x.else_result, y.else_result)) {
        return false;
      }
      for (size_t i = 0; i < x.whens.size(); ++i) {
        if (!EqualPtr(x.whens[i].when, y.whens[i].when) ||
            !EqualPtr(x.whens[i].then, y.whens[i].then)) {
          return false;
        }
      }
      return true;
    }
    case ExprKind::kFunction: return EqualFunction(a.As<FunctionExpr>(), b.As<FunctionExpr>());
    case ExprKind::kSubquery:
      return EqualPtr(a.As<SubqueryExpr>().query, b.As<SubqueryExpr>().query);
    case ExprKind::kExists: return EqualPtr(a.As<ExistsExpr>().query, b.As<ExistsExpr>().query);
    case ExprKind::kArray: return EqualList(a.As<ArrayExpr>().elements, b.As<ArrayExpr>().elements);
    case ExprKind::kStruct: {
      const auto &x = a.As<StructExpr>(), &y = b.As<StructExpr>();
      return x.keys == y.keys && EqualList(x.values, y.values);
    }
    case ExprKind::kRow: return EqualList(a.As<RowExpr>().elements, b.As<RowExpr>().elements);
    case ExprKind::kSubscript: {
      const auto &x = a.As<SubscriptExpr>(), &y = b.As<SubscriptExpr>();
      return x.slice == y.slice && EqualPtr(x.base, y.base) && EqualPtr(x.index, y.index) &&
             EqualPtr(x.upper, y.upper);
    }
    case ExprKind::kFieldAccess: {
      const auto &x = a.As<FieldAccessExpr>(), &y = b.As<FieldAccessExpr>();
      return x.field == y.field && EqualPtr(x.base, y.base);
    }
    case ExprKind::kAtTimeZone: {
      const auto &x = a.As<AtTimeZoneExpr>(), &y = b.As<AtTimeZoneExpr>();
      return EqualPtr(x.operand, y.operand) && EqualPtr(x.zone, y.zone);
    }
    case ExprKind::kCollate: {
      const auto &x = a.As<CollateExpr>(), &y = b.As<CollateExpr>();
      return x.collation == y.collation && EqualPtr(x.operand, y.operand);
    }
    case ExprKind::kDefault: return true;
  }
  return false;
}

}  // namespace silt::sql
