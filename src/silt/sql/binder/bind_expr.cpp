// Expression binding: names, literals, operators, casts, CASE, function calls.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "silt/columnar/builder.h"
#include "silt/functions/cast.h"
#include "silt/functions/nested_functions.h"
#include "silt/functions/type_coercion.h"
#include "silt/sql/binder/binder_internal.h"
#include "silt/sql/kernels/aggregate.h"

namespace silt::sql::binder_internal {

namespace {

Result<BoundExprPtr> FoldCastLiteral(const BoundExprPtr& lit, const DataTypePtr& type) {
  functions::KernelContext kc;
  SILT_ASSIGN_OR_RETURN(auto cast, functions::Cast(kc, lit->value, type, /*try_cast=*/false));
  SILT_ASSIGN_OR_RETURN(auto flat, Flatten(cast));
  return MakeLiteral(flat);
}

bool IsStringLiteral(const Expr& e) {
  return e.kind == ExprKind::kLiteral && e.As<LiteralExpr>().literal_kind == LiteralKind::kString;
}

bool IsNullType(const DataTypePtr& t) { return t->id() == TypeId::kNull; }

/// PostgreSQL's `unknown`: a string literal meeting a value of another type takes that type.
Result<BoundExprPtr> CoerceUntypedString(const Expr& ast, BoundExprPtr bound,
                                         const DataTypePtr& other) {
  if (!IsStringLiteral(ast) || other->id() == TypeId::kUtf8 || IsNullType(other)) return bound;
  if (other->id() == TypeId::kBinary) return FoldCastLiteral(bound, other);
  if (!functions::CanCastExplicitly(*bound->type, *other)) return bound;
  auto folded = FoldCastLiteral(bound, other);
  if (!folded.ok()) {
    return Status::Plan("cannot interpret '" + bound->ToString() + "' as " + other->ToString() +
                        ": " + folded.status().message());
  }
  return folded;
}

/// An integer literal meeting a decimal in arithmetic is a decimal as wide as its value, not
/// as its type (`1 - l_discount` is decimal(1,0) - decimal(15,2) = decimal(16,2), which fits
/// 64-bit storage, instead of decimal(19,0) - decimal(15,2) = decimal(20,2) in 128 bits), as
/// DuckDB types integer constants; docs/sql_types.md.
Result<BoundExprPtr> NarrowIntegerLiteral(BoundExprPtr bound, const DataTypePtr& other) {
  if (bound->kind != BoundExprKind::kLiteral || !other->IsDecimal() || bound->value->IsNull(0)) return bound;
  int64_t v = 0;
  switch (bound->type->id()) {
    case TypeId::kInt8: v = bound->value->values<int8_t>()[0]; break;
    case TypeId::kInt16: v = bound->value->values<int16_t>()[0]; break;
    case TypeId::kInt32: v = bound->value->values<int32_t>()[0]; break;
    case TypeId::kInt64: v = bound->value->values<int64_t>()[0]; break;
    default: return bound;
  }
  uint64_t magnitude = v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  int32_t digits = 1;
  for (uint64_t m = magnitude; m >= 10; m /= 10) ++digits;
  return FoldCastLiteral(bound, decimal(digits, 0));
}

// PostgreSQL's SIMILAR TO pattern as an anchored regular expression: % is .*, _ is ., the
// escape character (empty: none) makes the next character literal, . ^ $ are literal, and
// | * + ? {m,n} ( ) [...] keep their regular expression meaning.
Result<std::string> SimilarToRegex(const std::string& pattern, const std::string& escape) {
  std::string out = "^(?:";
  bool in_bracket = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (!escape.empty() && c == escape[0]) {
      if (i + 1 >= pattern.size()) return Status::Plan("SIMILAR TO pattern must not end with the escape character");
      const char next = pattern[++i];
      if (!std::isalnum(static_cast<unsigned char>(next))) out.push_back('\\');
      out.push_back(next);
      continue;
    }
    if (in_bracket) {
      if (c == ']') in_bracket = false;
      if (c == '\\') out.push_back('\\');
      out.push_back(c);
      continue;
    }
    switch (c) {
      case '%': out += ".*"; break;
      case '_': out.push_back('.'); break;
      case '[': in_bracket = true; out.push_back(c); break;
      case '.': case '^': case '$': case '\\': out.push_back('\\'); out.push_back(c); break;
      default: out.push_back(c); break;
    }
  }
  return out + ")$";
}

Result<ArrayDataPtr> OneRow(const DataTypePtr& type, const std::string& text) {
  ArrayBuilder b(utf8());
  SILT_RETURN_NOT_OK(b.AppendString(text));
  SILT_ASSIGN_OR_RETURN(auto s, b.Finish());
  if (type->id() == TypeId::kUtf8) return s;
  functions::KernelContext kc;
  SILT_ASSIGN_OR_RETURN(auto cast, functions::Cast(kc, s, type, false));
  return Flatten(cast);
}

Result<BoundExprPtr> BindNumberLiteral(const LiteralExpr& lit) {
  const std::string& t = lit.text;
  // A folded unary minus ("-123") does not count toward the precision.
  const size_t sign = !t.empty() && t[0] == '-' ? 1 : 0;
  if (lit.literal_kind == LiteralKind::kInteger) {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec == std::errc() && p == t.data() + t.size()) return MakeInt64Literal(v);
    if (t.size() - sign <= 38) {
      SILT_ASSIGN_OR_RETURN(auto a, OneRow(decimal(static_cast<int32_t>(t.size() - sign), 0), t));
      return MakeLiteral(a);
    }
    SILT_ASSIGN_OR_RETURN(auto a, OneRow(float64(), t));
    return MakeLiteral(a);
  }
  if (lit.literal_kind == LiteralKind::kDecimal) {
    size_t dot = t.find('.');
    int32_t scale = dot == std::string::npos ? 0 : static_cast<int32_t>(t.size() - dot - 1);
    int32_t digits = static_cast<int32_t>(t.size() - sign) - (dot == std::string::npos ? 0 : 1);
    // Leading zeros do not count toward precision.
    size_t first = t.find_first_not_of("0.");
    int32_t significant = first == std::string::npos ? 1 : digits;
    (void)significant;
    int32_t precision = std::max(digits, scale);
    if (precision <= 38) {
      SILT_ASSIGN_OR_RETURN(auto a, OneRow(decimal(std::max(precision, 1), scale), t));
      return MakeLiteral(a);
    }
  }
  SILT_ASSIGN_OR_RETURN(auto a, OneRow(float64(), t));
  return MakeLiteral(a);
}

std::string_view BinaryFunctionName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "or";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNotEq: return "<>";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLtEq: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGtEq: return ">=";
    case BinaryOp::kIsDistinctFrom: return "is_distinct_from";
    case BinaryOp::kIsNotDistinctFrom: return "is_not_distinct_from";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSubtract: return "-";
    case BinaryOp::kMultiply: return "*";
    case BinaryOp::kDivide: return "/";
    case BinaryOp::kModulo: return "%";
    case BinaryOp::kPower: return "power";
    case BinaryOp::kConcat: return "||";
    case BinaryOp::kRegexMatch: return "regexp_like";
    case BinaryOp::kBitAnd: return "&";
    case BinaryOp::kBitOr: return "|";
    case BinaryOp::kBitXor: return "#";
    case BinaryOp::kShiftLeft: return "<<";
    case BinaryOp::kShiftRight: return ">>";
    default: return "";
  }
}

bool IsComparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq:
    case BinaryOp::kNotEq:
    case BinaryOp::kLt:
    case BinaryOp::kLtEq:
    case BinaryOp::kGt:
    case BinaryOp::kGtEq:
    case BinaryOp::kIsDistinctFrom:
    case BinaryOp::kIsNotDistinctFrom:
      return true;
    default:
      return false;
  }
}

const char* IntervalUnitWord(IntervalUnit u) {
  switch (u) {
    case IntervalUnit::kYear: return "year";
    case IntervalUnit::kQuarter: return "quarter";
    case IntervalUnit::kMonth: return "month";
    case IntervalUnit::kWeek: return "week";
    case IntervalUnit::kDay: return "day";
    case IntervalUnit::kHour: return "hour";
    case IntervalUnit::kMinute: return "minute";
    case IntervalUnit::kSecond: return "second";
    case IntervalUnit::kMillisecond: return "millisecond";
    case IntervalUnit::kMicrosecond: return "microsecond";
    default: return "";
  }
}

}  // namespace

Status ErrorAt(StatusCode code, const std::string& message, const SourceLocation& loc) {
  if (loc.line == 0) return Status(code, message);
  return Status(code, message + " (line " + std::to_string(loc.line) + ", column " +
                          std::to_string(loc.column) + ")");
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Suggest(const std::string& name, const std::vector<std::string>& candidates) {
  auto distance = [](const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= b.size(); ++j) {
        size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      }
      std::swap(prev, cur);
    }
    return prev[b.size()];
  };
  std::string lname = Lower(name), best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = distance(lname, Lower(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

bool QueryBinder::NameMatches(const std::string& stored, const std::string& name,
                              bool exact) const {
  if (exact || !options_.ident_normalization) return stored == name;
  return EqualsIgnoreCase(stored, name);
}

bool QueryBinder::NameMatches(const std::string& stored, const Identifier& ident) const {
  return NameMatches(stored, ident.name, ident.quoted);
}

Result<BoundExprPtr> QueryBinder::Call(std::string_view name, std::vector<BoundExprPtr> args,
                                       const Expr& at) {
  auto r = MakeCall(registry(), name, std::move(args));
  if (!r.ok()) return ErrorAt(r.status().code(), r.status().message(), at.loc);
  return r;
}

Result<BoundExprPtr> QueryBinder::FieldOf(const BoundExprPtr& base, const std::string& field, const Expr& at) {
  if (base->type->id() != TypeId::kStruct) {
    return ErrorAt(StatusCode::kPlan,
                   "cannot access field \"" + field + "\" of a " + base->type->ToString() + " value", at.loc);
  }
  auto bound = functions::BindStructExtract(base->type, field);
  if (!bound.ok()) return ErrorAt(bound.status().code(), bound.status().message(), at.loc);
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kCall;
  e->type = bound->return_type;
  e->nullable = true;
  e->function = std::make_shared<functions::BoundScalarFunction>(*bound);
  e->children = {base, MakeStringLiteral(field)};
  return BoundExprPtr(e);
}

Result<BoundExprPtr> QueryBinder::BindColumnRef(const ColumnRefExpr& ref, ExprContext& ctx) {
  const auto& parts = ref.parts;
  // Candidates: (qualifier = parts[0], column = parts[1]) or (column = parts[0]).
  auto lookup = [&](const Scope& scope, const ScopeColumn** found, size_t* consumed) -> Status {
    *found = nullptr;
    int matches = 0;
    if (parts.size() >= 2) {
      for (const auto& c : scope.columns) {
        if (!c.qualifier.empty() && NameMatches(c.qualifier, parts[0]) &&
            NameMatches(c.name, parts[1])) {
          if (!*found || (*found)->index != c.index) ++matches;
          *found = &c;
          *consumed = 2;
        }
      }
    }
    if (matches == 0) {
      for (const auto& c : scope.columns) {
        if (c.qualified_only) continue;
        if (NameMatches(c.name, parts[0])) {
          if (!*found || (*found)->index != c.index) ++matches;
          *found = &c;
          *consumed = 1;
        }
      }
    }
    if (matches > 1) {
      std::string full;
      for (size_t i = 0; i < *consumed; ++i) full += (i ? "." : "") + parts[i].name;
      return ErrorAt(StatusCode::kPlan, "column reference \"" + full + "\" is ambiguous", ref.loc);
    }
    return Status::OK();
  };
  const ScopeColumn* found = nullptr;
  size_t consumed = 0;
  SILT_RETURN_NOT_OK(lookup(*ctx.scope, &found, &consumed));
  BoundExprPtr bound;
  if (!found && ctx.ungrouped_scope) {
    SILT_RETURN_NOT_OK(lookup(*ctx.ungrouped_scope, &found, &consumed));
    if (found) {
      return ErrorAt(StatusCode::kPlan,
                     "column \"" + found->name +
                         "\" must appear in the GROUP BY clause or be used in an aggregate function",
                     ref.loc);
    }
  }
  if (found) {
    bound = MakeColumn(found->index, found->name, found->type, found->nullable);
  } else if (ctx.scope->outer && ctx.allow_outer) {
    SILT_RETURN_NOT_OK(lookup(*ctx.scope->outer, &found, &consumed));
    if (found) {
      auto e = std::make_shared<BoundExpr>();
      e->kind = BoundExprKind::kOuterColumn;
      e->index = found->index;
      e->name = found->name;
      e->type = found->type;
      e->nullable = found->nullable;
      bound = e;
    } else if (ctx.scope->outer->outer) {
      const Scope* s = ctx.scope->outer->outer;
      for (; s && !found; s = s->outer) SILT_RETURN_NOT_OK(lookup(*s, &found, &consumed));
      if (found) {
        return ErrorAt(StatusCode::kNotSupported,
                       "correlated reference to \"" + found->name +
                           "\" two or more query levels up is not supported",
                       ref.loc);
      }
    }
  }
  if (!bound && parts.size() == 1 && ctx.select_aliases && ctx.expanding_aliases) {
    for (const auto& item : *ctx.select_aliases) {
      if (!item.alias || !NameMatches(item.alias->name, parts[0])) continue;
      auto& expanding = *ctx.expanding_aliases;
      if (std::find(expanding.begin(), expanding.end(), &item) != expanding.end()) break;
      expanding.push_back(&item);
      auto aliased = BindExpr(*item.expr, ctx);
      expanding.pop_back();
      return aliased;
    }
  }
  if (!bound) {
    std::string full;
    for (size_t i = 0; i < parts.size(); ++i) full += (i ? "." : "") + parts[i].name;
    std::vector<std::string> names;
    for (const Scope* s = ctx.scope; s; s = s->outer) {
      for (const auto& c : s->columns) names.push_back(c.name);
    }
    std::string hint = Suggest(parts.back().name, names);
    return ErrorAt(StatusCode::kPlan,
                   "column \"" + full + "\" not found" +
                       (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"),
                   ref.loc);
  }
  // Remaining parts are struct fields.
  for (size_t i = consumed; i < parts.size(); ++i) {
    SILT_ASSIGN_OR_RETURN(bound, FieldOf(bound, parts[i].name, ref));
  }
  return bound;
}

Result<BoundExprPtr> QueryBinder::BindComparison(std::string_view op, const Expr& left,
                                                 const Expr& right, ExprContext& ctx) {
  SILT_ASSIGN_OR_RETURN(auto l, BindExpr(left, ctx));
  SILT_ASSIGN_OR_RETURN(auto r, BindExpr(right, ctx));
  SILT_ASSIGN_OR_RETURN(l, CoerceUntypedString(left, l, r->type));
  SILT_ASSIGN_OR_RETURN(r, CoerceUntypedString(right, r, l->type));
  return Call(op, {l, r}, left);
}

Result<BoundExprPtr> QueryBinder::BindExpr(const Expr& expr, ExprContext& ctx) {
  if (ctx.replacements) {
    for (const auto& [ast, bound] : *ctx.replacements) {
      if (*ast == expr) return bound;
    }
  }
  switch (expr.kind) {
    case ExprKind::kColumnRef:
      return BindColumnRef(expr.As<ColumnRefExpr>(), ctx);
    case ExprKind::kLiteral: {
      const auto& lit = expr.As<LiteralExpr>();
      switch (lit.literal_kind) {
        case LiteralKind::kNull:
          return MakeNullLiteral(null());
        case LiteralKind::kBoolean:
          return MakeBoolLiteral(lit.boolean_value);
        case LiteralKind::kString:
          return MakeStringLiteral(lit.text);
        case LiteralKind::kHexString: {
          std::string bytes;
          if (lit.text.size() % 2 != 0) {
            return ErrorAt(StatusCode::kPlan, "hex string literal needs an even number of digits",
                           expr.loc);
          }
          for (size_t i = 0; i < lit.text.size(); i += 2) {
            bytes.push_back(static_cast<char>(std::stoi(lit.text.substr(i, 2), nullptr, 16)));
          }
          SILT_ASSIGN_OR_RETURN(auto a, MakeArray<std::string>(binary(), {bytes}));
          return MakeLiteral(a);
        }
        default:
          return BindNumberLiteral(lit);
      }
    }
    case ExprKind::kTypedLiteral: {
      const auto& lit = expr.As<TypedLiteralExpr>();
      SILT_ASSIGN_OR_RETURN(auto type, BindTypeName(lit.type));
      auto value = OneRow(type, lit.value);
      if (!value.ok()) return ErrorAt(StatusCode::kPlan, value.status().message(), expr.loc);
      return MakeLiteral(*value);
    }
    case ExprKind::kInterval: {
      const auto& iv = expr.As<IntervalExpr>();
      std::string unit = IntervalUnitWord(iv.unit);
      if (iv.value->kind == ExprKind::kLiteral) {
        const auto& lit = iv.value->As<LiteralExpr>();
        std::string text = lit.text;
        if (!unit.empty() && iv.to_unit == IntervalUnit::kNone) text += " " + unit;
        auto value = OneRow(interval(), text);
        if (!value.ok()) return ErrorAt(StatusCode::kPlan, value.status().message(), expr.loc);
        return MakeLiteral(*value);
      }
      if (unit.empty()) return ErrorAt(StatusCode::kPlan, "INTERVAL needs a unit", expr.loc);
      SILT_ASSIGN_OR_RETURN(auto n, BindExpr(*iv.value, ctx));
      SILT_ASSIGN_OR_RETURN(auto one, OneRow(interval(), "1 " + unit));
      return Call("*", {n, MakeLiteral(one)}, expr);
    }
    case ExprKind::kParameter:
      return ErrorAt(StatusCode::kNotSupported, "query parameters are not supported", expr.loc);
    case ExprKind::kUnary: {
      const auto& u = expr.As<UnaryExpr>();
      if (u.op == UnaryOp::kMinus && u.operand->kind == ExprKind::kLiteral) {
        const auto& lit = u.operand->As<LiteralExpr>();
        if (lit.literal_kind == LiteralKind::kInteger || lit.literal_kind == LiteralKind::kDecimal ||
            lit.literal_kind == LiteralKind::kFloat) {
          LiteralExpr neg(lit.loc);
          neg.literal_kind = lit.literal_kind;
          neg.text = "-" + lit.text;
          return BindNumberLiteral(neg);
        }
      }
      SILT_ASSIGN_OR_RETURN(auto operand, BindExpr(*u.operand, ctx));
      switch (u.op) {
        case UnaryOp::kNot:
          return Call("not", {operand}, expr);
        case UnaryOp::kMinus:
          return Call("negate", {operand}, expr);
        case UnaryOp::kPlus:
          return operand;
        case UnaryOp::kBitNot:
          return Call("~", {operand}, expr);
      }
      return Status::Internal("unknown unary operator");
    }
    case ExprKind::kBinary: {
      const auto& b = expr.As<BinaryExpr>();
      if (IsComparison(b.op) && b.left->kind == ExprKind::kRow && b.right->kind == ExprKind::kRow &&
          b.op != BinaryOp::kIsDistinctFrom && b.op != BinaryOp::kIsNotDistinctFrom) {
        const auto& l = b.left->As<RowExpr>().elements;
        const auto& r = b.right->As<RowExpr>().elements;
        if (l.size() != r.size() || l.empty()) {
          return ErrorAt(StatusCode::kPlan, "unequal number of entries in row expressions", expr.loc);
        }
        std::vector<BoundExprPtr> lv, rv;
        for (size_t i = 0; i < l.size(); ++i) {
          SILT_ASSIGN_OR_RETURN(auto x, BindExpr(*l[i], ctx));
          SILT_ASSIGN_OR_RETURN(auto y, BindExpr(*r[i], ctx));
          SILT_ASSIGN_OR_RETURN(x, CoerceUntypedString(*l[i], x, y->type));
          SILT_ASSIGN_OR_RETURN(y, CoerceUntypedString(*r[i], y, x->type));
          lv.push_back(x);
          rv.push_back(y);
        }
        return RowComparison(b.op, lv, rv, expr);
      }
      if (IsComparison(b.op)) return BindComparison(BinaryFunctionName(b.op), *b.left, *b.right, ctx);
      if (b.op == BinaryOp::kRegexIMatch || b.op == BinaryOp::kRegexNotIMatch) {
        // ~* / !~* : case-insensitive regular expression match (PostgreSQL).
        SILT_ASSIGN_OR_RETURN(auto l, BindExpr(*b.left, ctx));
        SILT_ASSIGN_OR_RETURN(auto r, BindExpr(*b.right, ctx));
        SILT_ASSIGN_OR_RETURN(auto m, Call("regexp_like", {l, r, MakeStringLiteral("i")}, expr));
        if (b.op == BinaryOp::kRegexNotIMatch) return Call("not", {m}, expr);
        return m;
      }
      if (b.op == BinaryOp::kRegexNotMatch) {
        SILT_ASSIGN_OR_RETURN(auto m, BindComparison("regexp_like", *b.left, *b.right, ctx));
        return Call("not", {m}, expr);
      }
      std::string_view fn = BinaryFunctionName(b.op);
      if (fn.empty()) {
        return ErrorAt(StatusCode::kNotSupported,
                       "operator " + std::string(BinaryOpSql(b.op)) + " is not supported",
                       expr.loc);
      }
      SILT_ASSIGN_OR_RETURN(auto l, BindExpr(*b.left, ctx));
      SILT_ASSIGN_OR_RETURN(auto r, BindExpr(*b.right, ctx));
      if (b.op != BinaryOp::kConcat) {
        SILT_ASSIGN_OR_RETURN(l, CoerceUntypedString(*b.left, l, r->type));
        SILT_ASSIGN_OR_RETURN(r, CoerceUntypedString(*b.right, r, l->type));
      }
      if (b.op == BinaryOp::kAnd || b.op == BinaryOp::kOr) {
        if (IsNullType(l->type)) l = MakeCast(l, boolean());
        if (IsNullType(r->type)) r = MakeCast(r, boolean());
      }
      // Not for / and %: their result scale follows the divisor's precision.
      if (b.op == BinaryOp::kAdd || b.op == BinaryOp::kSubtract || b.op == BinaryOp::kMultiply) {
        SILT_ASSIGN_OR_RETURN(l, NarrowIntegerLiteral(l, r->type));
        SILT_ASSIGN_OR_RETURN(r, NarrowIntegerLiteral(r, l->type));
      }
      return Call(fn, {l, r}, expr);
    }
    case ExprKind::kIs: {
      const auto& is = expr.As<IsExpr>();
      SILT_ASSIGN_OR_RETURN(auto operand, BindExpr(*is.operand, ctx));
      BoundExprPtr out;
      switch (is.test) {
        case IsKind::kNull:
        case IsKind::kUnknown:
          return Call(is.negated ? "is_not_null" : "is_null", {operand}, expr);
        case IsKind::kTrue:
        case IsKind::kFalse:
          return Call(is.negated ? "is_distinct_from" : "is_not_distinct_from",
                      {MakeCast(operand, boolean()), MakeBoolLiteral(is.test == IsKind::kTrue)},
                      expr);
      }
      return out;
    }
    case ExprKind::kBetween: {
      const auto& b = expr.As<BetweenExpr>();
      SILT_ASSIGN_OR_RETURN(auto ge, BindComparison(">=", *b.operand, *b.low, ctx));
      SILT_ASSIGN_OR_RETURN(auto le, BindComparison("<=", *b.operand, *b.high, ctx));
      SILT_ASSIGN_OR_RETURN(auto both, Call("and", {ge, le}, expr));
      if (b.symmetric) {
        SILT_ASSIGN_OR_RETURN(auto ge2, BindComparison(">=", *b.operand, *b.high, ctx));
        SILT_ASSIGN_OR_RETURN(auto le2, BindComparison("<=", *b.operand, *b.low, ctx));
        SILT_ASSIGN_OR_RETURN(auto swapped, Call("and", {ge2, le2}, expr));
        SILT_ASSIGN_OR_RETURN(both, Call("or", {both, swapped}, expr));
      }
      return b.negated ? Call("not", {both}, expr) : Result<BoundExprPtr>(both);
    }
    case ExprKind::kInList: {
      const auto& in = expr.As<InListExpr>();
      if (in.list.empty()) return MakeBoolLiteral(in.negated);
      BoundExprPtr acc;
      for (const auto& item : in.list) {
        SILT_ASSIGN_OR_RETURN(auto eq, BindComparison("=", *in.operand, *item, ctx));
        if (!acc) {
          acc = eq;
        } else {
          SILT_ASSIGN_OR_RETURN(acc, Call("or", {acc, eq}, expr));
        }
      }
      return in.negated ? Call("not", {acc}, expr) : Result<BoundExprPtr>(acc);
    }
    case ExprKind::kLike: {
      const auto& like = expr.As<LikeExpr>();
      if (like.like == LikeKind::kSimilarTo) {
        // SIMILAR TO a constant pattern: translated to an anchored regular expression.
        if (!IsStringLiteral(*like.pattern) || (like.escape && !IsStringLiteral(*like.escape))) {
          return ErrorAt(StatusCode::kNotSupported, "SIMILAR TO needs a constant pattern and escape", expr.loc);
        }
        std::string escape = "\\";
        if (like.escape) escape = like.escape->As<LiteralExpr>().text;
        if (escape.size() > 1) return ErrorAt(StatusCode::kPlan, "invalid escape string for SIMILAR TO", like.escape->loc);
        auto regex = SimilarToRegex(like.pattern->As<LiteralExpr>().text, escape);
        if (!regex.ok()) return ErrorAt(StatusCode::kPlan, regex.status().message(), like.pattern->loc);
        SILT_ASSIGN_OR_RETURN(auto operand, BindExpr(*like.operand, ctx));
        SILT_ASSIGN_OR_RETURN(auto m, Call("regexp_like", {MakeCast(operand, utf8()), MakeStringLiteral(*regex)}, expr));
        return like.negated ? Call("not", {m}, expr) : Result<BoundExprPtr>(m);
      }
      std::string fn = like.like == LikeKind::kILike ? "ilike" : "like";
      if (like.negated) fn = "not_" + fn;
      SILT_ASSIGN_OR_RETURN(auto operand, BindExpr(*like.operand, ctx));
      SILT_ASSIGN_OR_RETURN(auto pattern, BindExpr(*like.pattern, ctx));
      std::vector<BoundExprPtr> args = {operand, pattern};
      if (like.escape) {
        SILT_ASSIGN_OR_RETURN(auto esc, BindExpr(*like.escape, ctx));
        args.push_back(esc);
      }
      return Call(fn, std::move(args), expr);
    }
    case ExprKind::kCast: {
      const auto& c = expr.As<CastExpr>();
      SILT_ASSIGN_OR_RETURN(auto operand, BindExpr(*c.operand, ctx));
      SILT_ASSIGN_OR_RETURN(auto type, BindTypeName(c.type));
      if (!functions::CanCastExplicitly(*operand->type, *type)) {
        return ErrorAt(StatusCode::kPlan,
                       "cannot cast " + operand->type->ToString() + " to " + type->ToString(),
                       expr.loc);
      }
      return MakeCast(operand, type, c.try_cast);
    }
    case ExprKind::kCase: {
      const auto& c = expr.As<CaseExpr>();
      std::vector<BoundExprPtr> conds, results;
      for (const auto& w : c.whens) {
        BoundExprPtr cond;
        if (c.operand) {
          SILT_ASSIGN_OR_RETURN(cond, BindComparison("=", *c.operand, *w.when, ctx));
        } else {
          SILT_ASSIGN_OR_RETURN(cond, BindExpr(*w.when, ctx));
        }
        conds.push_back(MakeCast(cond, boolean()));
        SILT_ASSIGN_OR_RETURN(auto then, BindExpr(*w.then, ctx));
        results.push_back(then);
      }
      if (c.else_result) {
        SILT_ASSIGN_OR_RETURN(auto e, BindExpr(*c.else_result, ctx));
        results.push_back(e);
      }
      {
        // Untyped string literal results take the first typed result's type (PostgreSQL).
        std::vector<const Expr*> result_asts;
        for (const auto& w : c.whens) result_asts.push_back(w.then.get());
        if (c.else_result) result_asts.push_back(c.else_result.get());
        const DataTypePtr* target = nullptr;
        for (size_t i = 0; i < results.size() && !target; ++i) {
          if (!IsStringLiteral(*result_asts[i]) && !IsNullType(results[i]->type)) target = &results[i]->type;
        }
        for (size_t i = 0; target && i < results.size(); ++i) {
          auto coerced = CoerceUntypedString(*result_asts[i], results[i], *target);
          if (!coerced.ok()) return ErrorAt(coerced.status().code(), coerced.status().message(), result_asts[i]->loc);
          results[i] = *coerced;
        }
      }
      std::vector<DataTypePtr> types;
      for (const auto& r : results) types.push_back(r->type);
      auto common = functions::CommonSuperType(types);
      if (!common.ok()) return ErrorAt(StatusCode::kPlan, "CASE branches have incompatible types: " + common.status().message(), expr.loc);
      auto node = std::make_shared<BoundExpr>();
      node->kind = BoundExprKind::kCase;
      node->type = *common;
      node->has_else = c.else_result != nullptr;
      for (size_t i = 0; i < conds.size(); ++i) {
        node->children.push_back(conds[i]);
        node->children.push_back(MakeCast(results[i], *common));
      }
      if (c.else_result) node->children.push_back(MakeCast(results.back(), *common));
      return BoundExprPtr(node);
    }
    case ExprKind::kFunction:
      return BindFunction(expr.As<FunctionExpr>(), ctx);
    case ExprKind::kSubquery:
    case ExprKind::kExists:
    case ExprKind::kInSubquery:
    case ExprKind::kQuantified:
      return BindSubquery(expr, ctx);
    case ExprKind::kAtTimeZone: {
      const auto& a = expr.As<AtTimeZoneExpr>();
      SILT_ASSIGN_OR_RETURN(auto operand, BindExpr(*a.operand, ctx));
      SILT_ASSIGN_OR_RETURN(auto zone, BindExpr(*a.zone, ctx));
      return Call("at_time_zone", {operand, zone}, expr);
    }
    case ExprKind::kFieldAccess: {
      const auto& f = expr.As<FieldAccessExpr>();
      SILT_ASSIGN_OR_RETURN(auto base, BindExpr(*f.base, ctx));
      return FieldOf(base, f.field.name, expr);
    }
    case ExprKind::kSubscript: {
      const auto& sub = expr.As<SubscriptExpr>();
      SILT_ASSIGN_OR_RETURN(auto base, BindExpr(*sub.base, ctx));
      if (sub.slice) {
        BoundExprPtr lo = MakeCast(MakeNullLiteral(int64()).MoveValue(), int64());
        BoundExprPtr hi = lo;
        if (sub.index) {
          SILT_ASSIGN_OR_RETURN(lo, BindExpr(*sub.index, ctx));
        }
        if (sub.upper) {
          SILT_ASSIGN_OR_RETURN(hi, BindExpr(*sub.upper, ctx));
        }
        return Call("list_slice", {base, lo, hi}, expr);
      }
      SILT_ASSIGN_OR_RETURN(auto index, BindExpr(*sub.index, ctx));
      if (base->type->id() == TypeId::kStruct) {
        // s['field']: the key must be a constant string.
        if (index->kind != BoundExprKind::kLiteral || index->type->id() != TypeId::kUtf8 || index->value->IsNull(0)) {
          return ErrorAt(StatusCode::kPlan, "struct subscripts must be constant field names", expr.loc);
        }
        SILT_ASSIGN_OR_RETURN(auto flat, Flatten(index->value));
        return FieldOf(base, std::string(flat->GetView(0)), expr);
      }
      if (base->type->id() == TypeId::kMap) return Call("map_extract", {base, index}, expr);
      return Call("list_element", {base, index}, expr);
    }
    case ExprKind::kStruct: {
      // {'k': v, ...}: a struct whose fields are the values (never NULL itself).
      const auto& st = expr.As<StructExpr>();
      std::vector<BoundExprPtr> values;
      std::vector<FieldPtr> fields;
      for (size_t i = 0; i < st.values.size(); ++i) {
        SILT_ASSIGN_OR_RETURN(auto v, BindExpr(*st.values[i], ctx));
        if (v->type->id() == TypeId::kNull) v = MakeCast(v, int64());
        for (const auto& f : fields) {
          if (EqualsIgnoreCase(f->name, st.keys[i].name)) {
            return ErrorAt(StatusCode::kPlan, "duplicate struct field \"" + st.keys[i].name + "\"", expr.loc);
          }
        }
        fields.push_back(field(st.keys[i].name, v->type));
        values.push_back(v);
      }
      auto fn = std::make_shared<functions::BoundScalarFunction>();
      fn->name = "struct_pack";
      for (const auto& v : values) fn->arg_types.push_back(v->type);
      fn->return_type = struct_(fields);
      DataTypePtr type = fn->return_type;
      fn->kernel = [type](const functions::KernelContext& kc, const std::vector<ArrayDataPtr>& args,
                          int64_t n) -> Result<ArrayDataPtr> {
        auto out = std::make_shared<ArrayData>();
        out->type = type;
        out->length = n;
        for (const auto& a : args) {
          SILT_ASSIGN_OR_RETURN(auto flat, Flatten(a, kc.pool));
          out->children.push_back(flat);
        }
        return ArrayDataPtr(out);
      };
      auto e = std::make_shared<BoundExpr>();
      e->kind = BoundExprKind::kCall;
      e->type = type;
      e->nullable = false;
      e->function = fn;
      e->children = std::move(values);
      return BoundExprPtr(e);
    }
    case ExprKind::kArray: {
      std::vector<BoundExprPtr> items;
      for (const auto& e : expr.As<ArrayExpr>().elements) {
        SILT_ASSIGN_OR_RETURN(auto v, BindExpr(*e, ctx));
        items.push_back(v);
      }
      return Call("list_value", std::move(items), expr);
    }
    case ExprKind::kRow:
      if (expr.As<RowExpr>().elements.size() == 1) return BindExpr(*expr.As<RowExpr>().elements[0], ctx);
      [[fallthrough]];
    default:
      return ErrorAt(StatusCode::kNotSupported,
                     "this kind of expression is not supported yet", expr.loc);
  }
}

Result<BoundExprPtr> QueryBinder::BindFunction(const FunctionExpr& fn, ExprContext& ctx) {
  std::string name = Lower(fn.name.back().name);
  if (fn.over || fn.over_name) {
    return ErrorAt(StatusCode::kPlan, "window function " + name + " is not allowed in " + ctx.clause,
                   fn.loc);
  }
  if (IsAggregateFunctionName(name)) {
    return ErrorAt(StatusCode::kPlan, "aggregate function " + name + " is not allowed in " + ctx.clause,
                   fn.loc);
  }
  if (fn.distinct || fn.filter || !fn.order_by.empty()) {
    return ErrorAt(StatusCode::kPlan, name + " is not an aggregate function", fn.loc);
  }
  if (name == "grouping") return BindGrouping(fn, ctx);
  std::vector<BoundExprPtr> args;
  for (const auto& a : fn.args) {
    SILT_ASSIGN_OR_RETURN(auto v, BindExpr(*a.value, ctx));
    args.push_back(v);
  }
  if (name == "coalesce" || name == "ifnull" || name == "nvl" || name == "greatest" || name == "least" ||
      name == "nullif") {
    // Type-unifying functions resolve untyped string literals to the first typed argument's
    // type, as PostgreSQL resolves "unknown" (coalesce(int_col, '-1') is an integer).
    const DataTypePtr* target = nullptr;
    for (size_t i = 0; i < args.size() && !target; ++i) {
      if (!IsStringLiteral(*fn.args[i].value) && !IsNullType(args[i]->type)) target = &args[i]->type;
    }
    for (size_t i = 0; target && i < args.size(); ++i) {
      auto coerced = CoerceUntypedString(*fn.args[i].value, args[i], *target);
      if (!coerced.ok()) return ErrorAt(coerced.status().code(), coerced.status().message(), fn.args[i].value->loc);
      args[i] = *coerced;
    }
  }
  switch (fn.syntax) {
    case FunctionSyntax::kPosition:
      if (args.size() == 2) std::swap(args[0], args[1]);
      name = "strpos";
      break;
    case FunctionSyntax::kTrimBoth:
      name = "btrim";
      break;
    case FunctionSyntax::kTrimLeading:
      name = "ltrim";
      break;
    case FunctionSyntax::kTrimTrailing:
      name = "rtrim";
      break;
    default:
      break;
  }
  if ((name == "extract" || name == "date_part") && args.size() == 2 &&
      args[0]->kind == BoundExprKind::kLiteral) {
    name = "date_part";
  }
  return Call(name, std::move(args), fn);
}

bool IsAggregateCall(const Expr& expr) {
  if (expr.kind != ExprKind::kFunction) return false;
  const auto& fn = expr.As<FunctionExpr>();
  if (fn.over || fn.over_name) return false;
  return IsAggregateFunctionName(Lower(fn.name.back().name));
}

namespace {

template <typename Fn>
void VisitChildren(const Expr& e, const Fn& fn) {
  switch (e.kind) {
    case ExprKind::kUnary: fn(*e.As<UnaryExpr>().operand); break;
    case ExprKind::kBinary: fn(*e.As<BinaryExpr>().left); fn(*e.As<BinaryExpr>().right); break;
    case ExprKind::kIs: fn(*e.As<IsExpr>().operand); break;
    case ExprKind::kBetween: {
      const auto& b = e.As<BetweenExpr>();
      fn(*b.operand); fn(*b.low); fn(*b.high);
      break;
    }
    case ExprKind::kInList: {
      const auto& in = e.As<InListExpr>();
      fn(*in.operand);
      for (const auto& x : in.list) fn(*x);
      break;
    }
    case ExprKind::kInSubquery: fn(*e.As<InSubqueryExpr>().operand); break;
    case ExprKind::kQuantified: fn(*e.As<QuantifiedExpr>().left); break;
    case ExprKind::kLike: {
      const auto& l = e.As<LikeExpr>();
      fn(*l.operand); fn(*l.pattern);
      if (l.escape) fn(*l.escape);
      break;
    }
    case ExprKind::kCast: fn(*e.As<CastExpr>().operand); break;
    case ExprKind::kCase: {
      const auto& c = e.As<CaseExpr>();
      if (c.operand) fn(*c.operand);
      for (const auto& w : c.whens) { fn(*w.when); fn(*w.then); }
      if (c.else_result) fn(*c.else_result);
      break;
    }
    case ExprKind::kFunction: {
      const auto& f = e.As<FunctionExpr>();
      for (const auto& a : f.args) fn(*a.value);
      if (f.filter) fn(*f.filter);
      for (const auto& o : f.order_by) fn(*o.expr);
      break;
    }
    case ExprKind::kAtTimeZone: fn(*e.As<AtTimeZoneExpr>().operand); fn(*e.As<AtTimeZoneExpr>().zone); break;
    case ExprKind::kRow: for (const auto& x : e.As<RowExpr>().elements) fn(*x); break;
    case ExprKind::kArray: for (const auto& x : e.As<ArrayExpr>().elements) fn(*x); break;
    case ExprKind::kSubscript: {
      const auto& s = e.As<SubscriptExpr>();
      fn(*s.base);
      if (s.index) fn(*s.index);
      if (s.upper) fn(*s.upper);
      break;
    }
    case ExprKind::kFieldAccess: fn(*e.As<FieldAccessExpr>().base); break;
    case ExprKind::kStar:
      // * REPLACE's expressions may hold aggregates, window calls or unnest.
      for (const auto& r : e.As<StarExpr>().replace) fn(*r.expr);
      break;
    default: break;
  }
}

}  // namespace

void CollectAggregates(const Expr& expr, std::vector<const FunctionExpr*>* out) {
  if (IsAggregateCall(expr)) {
    const auto* fn = &expr.As<FunctionExpr>();
    for (const auto* seen : *out) {
      if (*seen == expr) return;
    }
    out->push_back(fn);
    return;
  }
  if (expr.kind == ExprKind::kFunction && (expr.As<FunctionExpr>().over || expr.As<FunctionExpr>().over_name)) {
    // Aggregates inside a window call's arguments are computed before the window (those of
    // a named window's clauses are collected from the WINDOW clause).
    const auto& f = expr.As<FunctionExpr>();
    for (const auto& a : f.args) CollectAggregates(*a.value, out);
    if (!f.over) return;
    for (const auto& p : f.over->partition_by) CollectAggregates(*p, out);
    for (const auto& o : f.over->order_by) CollectAggregates(*o.expr, out);
    return;
  }
  VisitChildren(expr, [&](const Expr& c) { CollectAggregates(c, out); });
}

void CollectUnnestCalls(const Expr& expr, std::vector<const FunctionExpr*>* out) {
  if (expr.kind == ExprKind::kFunction && !expr.As<FunctionExpr>().over &&
      Lower(expr.As<FunctionExpr>().name.back().name) == "unnest") {
    for (const auto* seen : *out) {
      if (*seen == expr) return;
    }
    out->push_back(&expr.As<FunctionExpr>());
    return;
  }
  VisitChildren(expr, [&](const Expr& c) { CollectUnnestCalls(c, out); });
}

void CollectWindowCalls(const Expr& expr, std::vector<const FunctionExpr*>* out) {
  if (expr.kind == ExprKind::kFunction && (expr.As<FunctionExpr>().over || expr.As<FunctionExpr>().over_name)) {
    for (const auto* seen : *out) {
      if (*seen == expr) return;
    }
    out->push_back(&expr.As<FunctionExpr>());
    return;
  }
  VisitChildren(expr, [&](const Expr& c) { CollectWindowCalls(c, out); });
}

std::string DefaultColumnName(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kColumnRef:
      return expr.As<ColumnRefExpr>().parts.back().name;
    case ExprKind::kFunction:
      return Lower(expr.As<FunctionExpr>().name.back().name);
    case ExprKind::kCast:
      return DefaultColumnName(*expr.As<CastExpr>().operand);
    default:
      return "?column?";
  }
}

Scope ScopeOf(const PlanSchema& schema, const Scope* outer) {
  Scope scope;
  scope.outer = outer;
  for (int i = 0; i < schema.size(); ++i) {
    const auto& c = schema.columns[i];
    scope.columns.push_back(ScopeColumn{c.qualifier, c.name, c.type, c.nullable, i, false});
  }
  return scope;
}

// GROUPING(g1, ..., gk): bit k-1-i is set when gi is not grouped in the row's grouping set
// (always 0 without grouping sets). Read from the aggregate's grouping id column, whose bit
// n-1-j covers group expression j.
Result<BoundExprPtr> QueryBinder::BindGrouping(const FunctionExpr& fn, ExprContext& ctx) {
  if (ctx.num_group_columns < 0) {
    return ErrorAt(StatusCode::kPlan, std::string("GROUPING is not allowed in ") + ctx.clause +
                       " (it needs GROUP BY in the same query)", fn.loc);
  }
  if (fn.args.empty() || fn.args.size() > 31) {
    return ErrorAt(StatusCode::kPlan, "GROUPING takes 1 to 31 arguments", fn.loc);
  }
  const int n = ctx.num_group_columns;
  const int k = static_cast<int>(fn.args.size());
  BoundExprPtr result = MakeInt64Literal(0);
  BoundExprPtr id;
  if (ctx.grouping_id_column >= 0) id = MakeColumn(ctx.grouping_id_column, "__grouping_id", int64(), false);
  for (int i = 0; i < k; ++i) {
    SILT_ASSIGN_OR_RETURN(auto arg, BindExpr(*fn.args[i].value, ctx));
    if (arg->kind != BoundExprKind::kColumn || arg->index >= n) {
      return ErrorAt(StatusCode::kPlan, "arguments to GROUPING must be grouping expressions of the query",
                     fn.args[i].value->loc);
    }
    if (!id) continue;
    SILT_ASSIGN_OR_RETURN(auto bit, Call(">>", {id, MakeInt64Literal(n - 1 - arg->index)}, fn));
    SILT_ASSIGN_OR_RETURN(bit, Call("&", {bit, MakeInt64Literal(1)}, fn));
    SILT_ASSIGN_OR_RETURN(bit, Call("<<", {bit, MakeInt64Literal(k - 1 - i)}, fn));
    SILT_ASSIGN_OR_RETURN(result, Call("|", {result, bit}, fn));
  }
  return result;
}

}  // namespace silt::sql::binder_internal
