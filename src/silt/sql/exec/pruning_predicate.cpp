#include "silt/sql/exec/pruning_predicate.h"

#include <cstring>

namespace silt::sql {

std::optional<Scalar> ScalarFromArray(const ArrayData& one_row) {
  auto flat_r = Flatten(std::make_shared<ArrayData>(one_row));
  if (!flat_r.ok()) return std::nullopt;
  const ArrayData& a = **flat_r;
  const DataTypePtr& t = a.type;
  if (a.IsNull(0)) return Scalar::Null(t);
  switch (t->id()) {
    case TypeId::kBool:
      return Scalar::Bool(a.GetBool(0));
    case TypeId::kInt8:
      return Scalar::Int(a.values<int8_t>()[0], t);
    case TypeId::kInt16:
      return Scalar::Int(a.values<int16_t>()[0], t);
    case TypeId::kInt32:
      return Scalar::Int(a.values<int32_t>()[0], t);
    case TypeId::kInt64:
      return Scalar::Int(a.values<int64_t>()[0], t);
    case TypeId::kFloat32:
      return Scalar::Float(a.values<float>()[0], t);
    case TypeId::kFloat64:
      return Scalar::Float(a.values<double>()[0], t);
    case TypeId::kDecimal64:
      return Scalar(t, static_cast<__int128>(a.values<int64_t>()[0]));
    case TypeId::kDecimal128: {
      __int128 v;
      std::memcpy(&v, a.GetFixed(0), sizeof(v));
      return Scalar(t, v);
    }
    case TypeId::kUtf8:
      return Scalar::String(std::string(a.GetView(0)));
    case TypeId::kDate32:
      return Scalar::Date(a.values<int32_t>()[0]);
    case TypeId::kTimestamp:
      return Scalar::Timestamp(a.values<int64_t>()[0], t->unit(), t->timezone());
    default:
      return std::nullopt;
  }
}

namespace {

/// A column reference (possibly under an exact-type cast, which pruning cannot see through).
const BoundExpr* ColumnOf(const BoundExpr& e) {
  return e.kind == BoundExprKind::kColumn ? &e : nullptr;
}

std::optional<CompareOp> CompareOf(std::string_view fn) {
  if (fn == "=") return CompareOp::kEq;
  if (fn == "<>") return CompareOp::kNe;
  if (fn == "<") return CompareOp::kLt;
  if (fn == "<=") return CompareOp::kLe;
  if (fn == ">") return CompareOp::kGt;
  if (fn == ">=") return CompareOp::kGe;
  return std::nullopt;
}

}  // namespace

silt::ExprPtr ToPruningPredicate(const BoundExpr& e, const Schema& schema) {
  if (e.kind != BoundExprKind::kCall) return nullptr;
  std::string_view fn = CallName(e);
  if (fn == "and" || fn == "or") {
    auto a = ToPruningPredicate(*e.children[0], schema);
    auto b = ToPruningPredicate(*e.children[1], schema);
    if (fn == "and") {
      if (a && b) return silt::Expr::And(a, b);
      return a ? a : b;  // one conjunct alone still prunes soundly
    }
    return a && b ? silt::Expr::Or(a, b) : nullptr;
  }
  if (fn == "not") {
    auto a = ToPruningPredicate(*e.children[0], schema);
    return a ? silt::Expr::Not(a) : nullptr;
  }
  if ((fn == "is_null" || fn == "is_not_null") && ColumnOf(*e.children[0])) {
    auto col = silt::Expr::Column(schema.field(e.children[0]->index)->name);
    return fn == "is_null" ? silt::Expr::IsNull(col) : silt::Expr::IsNotNull(col);
  }
  auto op = CompareOf(fn);
  if (!op || e.children.size() != 2) return nullptr;
  const BoundExpr* col = ColumnOf(*e.children[0]);
  const BoundExpr* lit = e.children[1].get();
  if (!col) {
    col = ColumnOf(*e.children[1]);
    lit = e.children[0].get();
    op = FlipCompareOp(*op);
  }
  if (!col || lit->kind != BoundExprKind::kLiteral || !lit->type->Equals(*col->type)) return nullptr;
  auto value = ScalarFromArray(*lit->value);
  if (!value || value->is_null()) return nullptr;
  return silt::Expr::Compare(*op, silt::Expr::Column(schema.field(col->index)->name), silt::Expr::Literal(*value));
}

}  // namespace silt::sql
