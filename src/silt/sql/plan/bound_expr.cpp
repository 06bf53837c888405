#include "silt/sql/plan/bound_expr.h"

#include <algorithm>

#include "silt/columnar/builder.h"
#include "silt/format/value_text.h"

namespace silt::sql {

namespace {

bool IsOperatorName(std::string_view name) {
  static constexpr std::string_view kOps[] = {"+", "-", "*", "/", "%", "||", "=", "<>", "<",
                                              "<=", ">", ">=", "and", "or"};
  return std::find(std::begin(kOps), std::end(kOps), name) != std::end(kOps);
}

std::string Parenthesize(const BoundExpr& e) {
  std::string text = e.ToString();
  if (e.kind == BoundExprKind::kCall && e.children.size() == 2 && IsOperatorName(CallName(e))) {
    return "(" + text + ")";
  }
  return text;
}

}  // namespace

std::string LiteralToSql(const ArrayData& value) {
  if (IsValueNull(value, 0)) return "NULL";
  std::string text;
  AppendValueText(value, 0, &text);
  switch (value.type->id()) {
    case TypeId::kBool:
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
    case TypeId::kDecimal64:
    case TypeId::kDecimal128:
      return text;
    case TypeId::kDate32:
      return "DATE '" + text + "'";
    case TypeId::kTimestamp:
      return "TIMESTAMP '" + text + "'";
    case TypeId::kInterval:
      return "INTERVAL '" + text + "'";
    default: {
      std::string quoted = "'";
      for (char c : text) {
        if (c == '\'') quoted += '\'';
        quoted += c;
      }
      return quoted + "'";
    }
  }
}

std::string BoundExpr::ToString() const {
  switch (kind) {
    case BoundExprKind::kColumn:
      return name.empty() ? std::string("#").append(std::to_string(index)) : name;
    case BoundExprKind::kOuterColumn:
      return std::string("outer(").append(name).append(")");
    case BoundExprKind::kLiteral:
      return LiteralToSql(*value);
    case BoundExprKind::kCast:
      return std::string(try_cast ? "TRY_CAST(" : "CAST(") + children[0]->ToString() + " AS " +
             type->ToString() + ")";
    case BoundExprKind::kCase: {
      std::string out = "CASE";
      size_t pairs = (children.size() - (has_else ? 1 : 0)) / 2;
      for (size_t i = 0; i < pairs; ++i) {
        out += " WHEN " + children[2 * i]->ToString() + " THEN " + children[2 * i + 1]->ToString();
      }
      if (has_else) out += " ELSE " + children.back()->ToString();
      return out + " END";
    }
    case BoundExprKind::kCall: {
      std::string_view fn = CallName(*this);
      if (children.size() == 2 && IsOperatorName(fn)) {
        std::string op(fn);
        if (op == "and" || op == "or") {
          for (char& c : op) c = static_cast<char>(c - 'a' + 'A');
        }
        return Parenthesize(*children[0]) + " " + op + " " + Parenthesize(*children[1]);
      }
      if (fn == "not" && children.size() == 1) return "NOT " + Parenthesize(*children[0]);
      if (fn == "is_null") return Parenthesize(*children[0]) + " IS NULL";
      if (fn == "is_not_null") return Parenthesize(*children[0]) + " IS NOT NULL";
      std::string out(fn);
      out += "(";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i) out += ", ";
        out += children[i]->ToString();
      }
      return out + ")";
    }
  }
  return "?";
}

bool BoundExpr::Equals(const BoundExpr& other) const {
  if (kind != other.kind || !type->Equals(*other.type) ||
      children.size() != other.children.size()) {
    return false;
  }
  switch (kind) {
    case BoundExprKind::kColumn:
    case BoundExprKind::kOuterColumn:
      if (index != other.index) return false;
      break;
    case BoundExprKind::kLiteral: {
      bool a_null = IsValueNull(*value, 0), b_null = IsValueNull(*other.value, 0);
      if (a_null != b_null) return false;
      if (!a_null) {
        std::string a, b;
        AppendValueText(*value, 0, &a);
        AppendValueText(*other.value, 0, &b);
        if (a != b) return false;
      }
      break;
    }
    case BoundExprKind::kCall:
      if (function->name != other.function->name || !function->deterministic) return false;
      break;
    case BoundExprKind::kCast:
      if (try_cast != other.try_cast) return false;
      break;
    case BoundExprKind::kCase:
      if (has_else != other.has_else) return false;
      break;
  }
  for (size_t i = 0; i < children.size(); ++i) {
    if (!children[i]->Equals(*other.children[i])) return false;
  }
  return true;
}

bool BoundExpr::IsConstant() const {
  if (kind == BoundExprKind::kColumn || kind == BoundExprKind::kOuterColumn) return false;
  if (kind == BoundExprKind::kCall && !function->deterministic) return false;
  for (const auto& c : children) {
    if (!c->IsConstant()) return false;
  }
  return true;
}

bool BoundExpr::IsDeterministic() const {
  if (kind == BoundExprKind::kCall && !function->deterministic) return false;
  for (const auto& c : children) {
    if (!c->IsDeterministic()) return false;
  }
  return true;
}

BoundExprPtr MakeColumn(int index, std::string name, DataTypePtr type, bool nullable) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kColumn;
  e->index = index;
  e->name = std::move(name);
  e->type = std::move(type);
  e->nullable = nullable;
  return e;
}

BoundExprPtr MakeLiteral(ArrayDataPtr one_row_value) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kLiteral;
  e->type = one_row_value->type;
  e->nullable = IsValueNull(*one_row_value, 0);
  e->value = std::move(one_row_value);
  return e;
}

Result<BoundExprPtr> MakeNullLiteral(const DataTypePtr& type) {
  SILT_ASSIGN_OR_RETURN(auto array, MakeNullArray(type, 1));
  return MakeLiteral(std::move(array));
}

BoundExprPtr MakeBoolLiteral(bool value) {
  return MakeLiteral(MakeArray<bool>(boolean(), {value}).MoveValue());
}

BoundExprPtr MakeInt64Literal(int64_t value) {
  return MakeLiteral(MakeArray<int64_t>(int64(), {value}).MoveValue());
}

BoundExprPtr MakeStringLiteral(const std::string& value) {
  return MakeLiteral(MakeArray<std::string>(utf8(), {value}).MoveValue());
}

Result<BoundExprPtr> MakeCall(const functions::FunctionRegistry& registry, std::string_view name,
                              std::vector<BoundExprPtr> args) {
  std::vector<DataTypePtr> types;
  types.reserve(args.size());
  for (const auto& a : args) types.push_back(a->type);
  SILT_ASSIGN_OR_RETURN(auto bound, registry.BindScalar(name, types));
  for (size_t i = 0; i < args.size(); ++i) {
    args[i] = MakeCast(args[i], bound.arg_types[i]);
  }
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kCall;
  e->type = bound.return_type;
  bool nullable = false;
  for (const auto& a : args) nullable = nullable || a->nullable;
  // Functions with their own NULL rules (coalesce, is_null, ...) may differ; being
  // conservative (nullable) is always safe.
  e->nullable = true;
  (void)nullable;
  e->function = std::make_shared<functions::BoundScalarFunction>(std::move(bound));
  e->children = std::move(args);
  return BoundExprPtr(e);
}

BoundExprPtr MakeCast(BoundExprPtr expr, DataTypePtr type, bool try_cast) {
  if (expr->type->Equals(*type) && !try_cast) return expr;
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kCast;
  e->type = std::move(type);
  e->nullable = true;
  e->try_cast = try_cast;
  e->children = {std::move(expr)};
  return e;
}

BoundExprPtr WithChildren(const BoundExpr& expr, std::vector<BoundExprPtr> children) {
  auto e = std::make_shared<BoundExpr>(expr);
  e->children = std::move(children);
  return e;
}

std::string_view CallName(const BoundExpr& expr) {
  if (expr.kind != BoundExprKind::kCall) return {};
  return expr.function->name;
}

bool IsCall(const BoundExpr& expr, std::string_view name) { return CallName(expr) == name; }

void SplitConjunction(const BoundExprPtr& expr, std::vector<BoundExprPtr>* out) {
  if (IsCall(*expr, "and")) {
    for (const auto& c : expr->children) SplitConjunction(c, out);
    return;
  }
  out->push_back(expr);
}

Result<BoundExprPtr> Conjunction(const std::vector<BoundExprPtr>& conjuncts) {
  if (conjuncts.empty()) return BoundExprPtr();
  BoundExprPtr acc = conjuncts[0];
  for (size_t i = 1; i < conjuncts.size(); ++i) {
    SILT_ASSIGN_OR_RETURN(acc, MakeCall(functions::FunctionRegistry::Default(), "and",
                                        {acc, conjuncts[i]}));
  }
  return acc;
}

void CollectColumns(const BoundExpr& expr, std::vector<int>* out) {
  if (expr.kind == BoundExprKind::kColumn) out->push_back(expr.index);
  for (const auto& c : expr.children) CollectColumns(*c, out);
}

bool ColumnsWithin(const BoundExpr& expr, int begin, int end) {
  if (expr.kind == BoundExprKind::kColumn) return expr.index >= begin && expr.index < end;
  for (const auto& c : expr.children) {
    if (!ColumnsWithin(*c, begin, end)) return false;
  }
  return true;
}

namespace {

template <typename Fn>
BoundExprPtr RewriteColumns(const BoundExprPtr& expr, const Fn& fn) {
  if (expr->kind == BoundExprKind::kColumn) return fn(*expr);
  if (expr->children.empty()) return expr;
  std::vector<BoundExprPtr> children;
  children.reserve(expr->children.size());
  bool changed = false;
  for (const auto& c : expr->children) {
    children.push_back(RewriteColumns(c, fn));
    changed = changed || children.back() != c;
  }
  return changed ? WithChildren(*expr, std::move(children)) : expr;
}

}  // namespace

BoundExprPtr RemapColumns(const BoundExprPtr& expr, const std::vector<int>& mapping) {
  return RewriteColumns(expr, [&](const BoundExpr& col) {
    return MakeColumn(mapping[col.index], col.name, col.type, col.nullable);
  });
}

BoundExprPtr ShiftColumns(const BoundExprPtr& expr, int delta) {
  if (delta == 0) return expr;
  return RewriteColumns(expr, [&](const BoundExpr& col) {
    return MakeColumn(col.index + delta, col.name, col.type, col.nullable);
  });
}

BoundExprPtr SubstituteColumns(const BoundExprPtr& expr,
                               const std::vector<BoundExprPtr>& replacements) {
  return RewriteColumns(expr, [&](const BoundExpr& col) { return replacements[col.index]; });
}

}  // namespace silt::sql
