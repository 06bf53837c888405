// Entry points of the binder, constant expressions and SQL type names.
#include "silt/sql/binder/binder.h"

#include "silt/functions/cast.h"
#include "silt/sql/binder/binder_internal.h"

namespace silt::sql {

using binder_internal::ErrorAt;

Result<LogicalPlanPtr> BindQuery(const Query& query, const BinderCatalog& catalog,
                                 const BinderOptions& options) {
  binder_internal::QueryBinder binder(catalog, options);
  return binder.BindQuery(query, nullptr);
}

namespace {

class NoCatalog : public BinderCatalog {
 public:
  Result<std::optional<CatalogObject>> Find(const std::vector<std::string>&, const std::vector<bool>&,
                                            const TimeTravel&) const override {
    return std::optional<CatalogObject>();
  }
  Result<std::shared_ptr<TableSource>> CallTableFunction(
      const std::string& name, const std::vector<ArrayDataPtr>&,
      const std::vector<std::pair<std::string, ArrayDataPtr>>&) const override {
    return Status::Plan("table function " + name + " is not allowed here");
  }
  std::vector<std::string> Names() const override { return {}; }
};

/// Folds a constant bound expression to a literal by evaluating its casts and calls on one
/// row (kernels accept constant arrays).
Result<BoundExprPtr> Fold(const BoundExprPtr& e) {
  if (e->kind == BoundExprKind::kLiteral || e->kind == BoundExprKind::kColumn ||
      e->kind == BoundExprKind::kOuterColumn) {
    return e;
  }
  std::vector<BoundExprPtr> children;
  for (const auto& c : e->children) {
    SILT_ASSIGN_OR_RETURN(auto f, Fold(c));
    if (f->kind != BoundExprKind::kLiteral) return e;
    children.push_back(f);
  }
  functions::KernelContext kc;
  ArrayDataPtr out;
  if (e->kind == BoundExprKind::kCast) {
    SILT_ASSIGN_OR_RETURN(out, functions::Cast(kc, children[0]->value, e->type, e->try_cast));
  } else if (e->kind == BoundExprKind::kCall && e->function->deterministic) {
    std::vector<ArrayDataPtr> args;
    for (const auto& c : children) args.push_back(c->value);
    SILT_ASSIGN_OR_RETURN(out, e->function->kernel(kc, args, 1));
  } else {
    return e;
  }
  SILT_ASSIGN_OR_RETURN(auto flat, Flatten(out));
  return MakeLiteral(flat);
}

}  // namespace

Result<BoundExprPtr> BindConstantExpr(const Expr& expr, const BinderOptions& options) {
  NoCatalog catalog;
  binder_internal::QueryBinder binder(catalog, options);
  binder_internal::Scope empty;
  binder_internal::ExprContext ctx;
  ctx.scope = &empty;
  ctx.clause = "a constant expression";
  // A bare word (SET x = on) is a column reference with nowhere to resolve: treat as text.
  if (expr.kind == ExprKind::kColumnRef && expr.As<ColumnRefExpr>().parts.size() == 1) {
    return MakeStringLiteral(expr.As<ColumnRefExpr>().parts[0].name);
  }
  SILT_ASSIGN_OR_RETURN(auto bound, binder.BindExpr(expr, ctx));
  return Fold(bound);
}

Result<DataTypePtr> BindTypeName(const TypeName& type) {
  auto param = [&](size_t i, int64_t def) { return i < type.params.size() ? type.params[i] : def; };
  switch (type.kind) {
    case TypeKind::kBoolean: return boolean();
    case TypeKind::kTinyInt: return int8();
    case TypeKind::kSmallInt: return int16();
    case TypeKind::kInteger: return int32();
    case TypeKind::kBigInt: return int64();
    case TypeKind::kHugeInt: return decimal(38, 0);
    case TypeKind::kReal: return float32();
    case TypeKind::kFloat:
      return !type.params.empty() && type.params[0] <= 24 ? float32() : float64();
    case TypeKind::kDouble: return float64();
    case TypeKind::kDecimal: {
      int64_t p = param(0, 38), s = param(1, type.params.empty() ? 9 : 0);
      if (type.params.empty()) p = 38;
      if (p < 1 || p > 38 || s < 0 || s > p) {
        return ErrorAt(StatusCode::kPlan, "DECIMAL(" + std::to_string(p) + ", " + std::to_string(s) +
                           ") is out of range (precision 1..38, scale 0..precision)", type.loc);
      }
      return decimal(static_cast<int32_t>(p), static_cast<int32_t>(s));
    }
    case TypeKind::kVarchar:
    case TypeKind::kChar:
    case TypeKind::kJson:
      return utf8();
    case TypeKind::kUuid:
      return utf8();
    case TypeKind::kBlob: return binary();
    case TypeKind::kDate: return date32();
    case TypeKind::kTime: return time64(TimeUnit::kMicro);
    case TypeKind::kTimestamp: return timestamp(TimeUnit::kMicro);
    case TypeKind::kTimestampTz: return timestamp(TimeUnit::kMicro, "UTC");
    case TypeKind::kInterval: return interval();
    case TypeKind::kList: {
      SILT_ASSIGN_OR_RETURN(auto item, BindTypeName(type.children[0]));
      return list(field("item", item));
    }
    case TypeKind::kStruct: {
      std::vector<FieldPtr> fields;
      for (size_t i = 0; i < type.children.size(); ++i) {
        SILT_ASSIGN_OR_RETURN(auto t, BindTypeName(type.children[i]));
        fields.push_back(field(type.field_names[i].name, t));
      }
      return struct_(std::move(fields));
    }
    case TypeKind::kMap: {
      SILT_ASSIGN_OR_RETURN(auto k, BindTypeName(type.children[0]));
      SILT_ASSIGN_OR_RETURN(auto v, BindTypeName(type.children[1]));
      return map(field("key", k, false), field("value", v));
    }
    default: {
      std::string n = binder_internal::Lower(type.name.name);
      if (n == "int8" || n == "long") return int64();
      if (n == "int2" || n == "short") return int16();
      if (n == "int1") return int8();
      if (n == "utinyint" || n == "uint8") return uint8();
      if (n == "usmallint" || n == "uint16") return uint16();
      if (n == "uinteger" || n == "uint32") return uint32();
      if (n == "ubigint" || n == "uint64") return uint64();
      if (n == "float4") return float32();
      if (n == "float8") return float64();
      if (n == "numeric") return decimal(38, 9);
      if (n == "timestamp_ntz") return timestamp(TimeUnit::kMicro);
      if (n == "timestamp_ltz") return timestamp(TimeUnit::kMicro, "UTC");
      if (n == "timestamp_ns") return timestamp(TimeUnit::kNano);
      if (n == "timestamp_ms") return timestamp(TimeUnit::kMilli);
      if (n == "bytes") return binary();
      return ErrorAt(StatusCode::kPlan, "unknown type \"" + type.name.name + "\"", type.loc);
    }
  }
}

}  // namespace silt::sql
