// Query blocks: SELECT (aggregation, windows, DISTINCT, ORDER BY), VALUES, set operations,
// WITH, LIMIT/OFFSET.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <functional>
#include <limits>

#include "silt/functions/cast.h"
#include "silt/functions/type_coercion.h"
#include "silt/sql/binder/binder_internal.h"
#include "silt/sql/kernels/aggregate.h"

namespace silt::sql {
// Declared in sql/kernels/window.h, whose WindowFrame clashes with the AST's (to be renamed).
Result<DataTypePtr> WindowFunctionReturnType(std::string_view name,
                                             const std::vector<DataTypePtr>& arg_types);
bool IsWindowOnlyFunctionName(std::string_view name);
}  // namespace silt::sql

namespace silt::sql::binder_internal {

namespace {

bool IsIntegerLiteral(const Expr& e, int64_t* value) {
  if (e.kind != ExprKind::kLiteral) return false;
  const auto& lit = e.As<LiteralExpr>();
  if (lit.literal_kind != LiteralKind::kInteger) return false;
  // Beyond int64 is still a position, just never one in the select list.
  auto [p, ec] = std::from_chars(lit.text.data(), lit.text.data() + lit.text.size(), *value);
  if (ec != std::errc() || p != lit.text.data() + lit.text.size()) *value = std::numeric_limits<int64_t>::max();
  return true;
}

// A bare constant other than an integer (NULL, TRUE, 1.5, 'x') as a GROUP BY / ORDER BY item
// is an error, as in PostgreSQL: an integer is a select-list position, other constants
// would group or order by nothing.
Status CheckNotNonIntegerConstant(const Expr& e, const char* clause) {
  if (e.kind == ExprKind::kLiteral && e.As<LiteralExpr>().literal_kind != LiteralKind::kInteger) {
    return ErrorAt(StatusCode::kPlan, std::string("non-integer constant in ") + clause, e.loc);
  }
  return Status::OK();
}

const Identifier* SingleName(const Expr& e) {
  if (e.kind != ExprKind::kColumnRef) return nullptr;
  const auto& parts = e.As<ColumnRefExpr>().parts;
  return parts.size() == 1 ? &parts[0] : nullptr;
}

std::string OutputName(const BoundExpr& bound, const Expr& ast) {
  if (bound.kind == BoundExprKind::kColumn && ast.kind == ExprKind::kColumnRef) return bound.name;
  return DefaultColumnName(ast);
}

/// The group-by expressions an element contributes, and the grouping sets it forms
/// (indices into its own expression list).
struct GroupingShape {
  std::vector<const Expr*> exprs;
  std::vector<std::vector<int>> sets;
};

void ShapeOf(const GroupingElement& g, GroupingShape* shape) {
  auto add = [&](const Expr* e) {
    shape->exprs.push_back(e);
    return static_cast<int>(shape->exprs.size()) - 1;
  };
  auto members = [&](const Expr* e) {
    std::vector<int> ids;
    if (e->kind == ExprKind::kRow) {
      for (const auto& x : e->As<RowExpr>().elements) ids.push_back(add(x.get()));
    } else {
      ids.push_back(add(e));
    }
    return ids;
  };
  switch (g.kind) {
    case GroupingKind::kExpr:
      shape->sets = {{add(g.expr.get())}};
      break;
    case GroupingKind::kEmpty:
      shape->sets = {{}};
      break;
    case GroupingKind::kRollup: {
      std::vector<std::vector<int>> parts;
      for (const auto& e : g.exprs) parts.push_back(members(e.get()));
      for (size_t n = parts.size() + 1; n-- > 0;) {
        std::vector<int> set;
        for (size_t i = 0; i < n; ++i) set.insert(set.end(), parts[i].begin(), parts[i].end());
        shape->sets.push_back(set);
      }
      break;
    }
    case GroupingKind::kCube: {
      std::vector<std::vector<int>> parts;
      for (const auto& e : g.exprs) parts.push_back(members(e.get()));
      size_t n = parts.size();
      for (size_t mask = (size_t{1} << n); mask-- > 0;) {
        std::vector<int> set;
        for (size_t i = 0; i < n; ++i) {
          if (mask & (size_t{1} << (n - 1 - i))) set.insert(set.end(), parts[i].begin(), parts[i].end());
        }
        shape->sets.push_back(set);
      }
      break;
    }
    case GroupingKind::kGroupingSets:
      for (const auto& sub : g.sets) {
        GroupingShape inner;
        ShapeOf(sub, &inner);
        int base = static_cast<int>(shape->exprs.size());
        shape->exprs.insert(shape->exprs.end(), inner.exprs.begin(), inner.exprs.end());
        for (auto set : inner.sets) {
          for (int& i : set) i += base;
          shape->sets.push_back(set);
        }
      }
      break;
  }
}

}  // namespace

Result<std::optional<int64_t>> QueryBinder::BindLimitValue(const Expr* expr, const char* what) {
  if (!expr) return std::optional<int64_t>();
  SILT_ASSIGN_OR_RETURN(auto bound, BindConstantExpr(*expr, options_));
  const bool numeric = bound->type->IsInteger() || bound->type->IsDecimal() || bound->type->IsFloating() ||
                       bound->type->id() == TypeId::kNull;
  if (bound->kind != BoundExprKind::kLiteral || !numeric) {
    return ErrorAt(StatusCode::kPlan, std::string(what) + " must be an integer constant", expr->loc);
  }
  if (bound->type->id() == TypeId::kNull || bound->value->IsNull(0)) return std::optional<int64_t>();
  ArrayDataPtr value = bound->value;
  if (!bound->type->Equals(*int64())) {
    // PostgreSQL coerces LIMIT / OFFSET to bigint: LIMIT 1.25 is LIMIT 1 (casts round).
    auto cast = functions::Cast(functions::KernelContext{}, value, int64(), false);
    if (!cast.ok()) return ErrorAt(StatusCode::kPlan, std::string(what) + ": " + cast.status().message(), expr->loc);
    value = *cast;
  }
  SILT_ASSIGN_OR_RETURN(auto flat, Flatten(value));
  int64_t v = flat->values<int64_t>()[0];
  if (v < 0) return ErrorAt(StatusCode::kPlan, std::string(what) + " must not be negative", expr->loc);
  return std::optional<int64_t>(v);
}

// A frame bound; an offset must be a constant: a non-negative integer for ROWS / GROUPS,
// a number or interval for RANGE (checked against the ORDER BY key when executed).
Result<PlanFrameBound> QueryBinder::BindFrameBound(const FrameBound& bound, FrameUnit unit, const char* which) {
  PlanFrameBound out;
  switch (bound.kind) {
    case FrameBoundKind::kUnboundedPreceding: out.kind = PlanFrameBound::kUnboundedPreceding; break;
    case FrameBoundKind::kPreceding: out.kind = PlanFrameBound::kPreceding; break;
    case FrameBoundKind::kCurrentRow: out.kind = PlanFrameBound::kCurrentRow; break;
    case FrameBoundKind::kFollowing: out.kind = PlanFrameBound::kFollowing; break;
    case FrameBoundKind::kUnboundedFollowing: out.kind = PlanFrameBound::kUnboundedFollowing; break;
  }
  if (out.kind != PlanFrameBound::kPreceding && out.kind != PlanFrameBound::kFollowing) return out;
  if (!bound.offset) return Status::Internal("frame bound without an offset");
  const Expr& e = *bound.offset;
  SILT_ASSIGN_OR_RETURN(auto v, BindConstantExpr(e, options_));
  if (v->kind != BoundExprKind::kLiteral) {
    return ErrorAt(StatusCode::kPlan, std::string("frame ") + which + " offset must be a constant", e.loc);
  }
  if (v->value->IsNull(0) || v->type->id() == TypeId::kNull) {
    return ErrorAt(StatusCode::kPlan, std::string("frame ") + which + " offset must not be null", e.loc);
  }
  if (unit != FrameUnit::kRange) {
    if (!v->type->IsInteger()) {
      return ErrorAt(StatusCode::kPlan, std::string("frame ") + which + " offset must be an integer", e.loc);
    }
    if (!v->type->Equals(*int64())) {
      auto cast = functions::Cast(functions::KernelContext{}, v->value, int64(), false);
      if (!cast.ok()) return ErrorAt(StatusCode::kPlan, cast.status().message(), e.loc);
      out.offset = *cast;
      return out;
    }
  }
  out.offset = v->value;
  return out;
}

// The window a call uses, following PostgreSQL's rules for named windows: OVER w copies w;
// OVER (w ...) adds to w an ORDER BY (when w has none) and a frame (w must have none), never
// a PARTITION BY.
Result<ResolvedWindow> QueryBinder::ResolveWindow(const FunctionExpr& fn, const std::vector<NamedWindow>& windows) {
  auto find = [&](const Identifier& name, size_t limit) -> const NamedWindow* {
    for (size_t i = 0; i < limit; ++i) {
      if (NameMatches(windows[i].name.name, name)) return &windows[i];
    }
    return nullptr;
  };
  // Applies `spec` on top of `out` (which holds its base window, if any).
  auto apply = [&](const WindowSpec& spec, bool has_base, ResolvedWindow* out) -> Status {
    if (has_base && !spec.partition_by.empty()) {
      return ErrorAt(StatusCode::kPlan, "cannot override PARTITION BY clause of window \"" + spec.base_window->name + "\"", spec.loc);
    }
    if (has_base && !spec.order_by.empty() && !out->order_by.empty()) {
      return ErrorAt(StatusCode::kPlan, "cannot override ORDER BY clause of window \"" + spec.base_window->name + "\"", spec.loc);
    }
    if (has_base && out->frame) {
      return ErrorAt(StatusCode::kPlan, "cannot copy window \"" + spec.base_window->name + "\" because it has a frame clause", spec.loc);
    }
    for (const auto& p : spec.partition_by) out->partition_by.push_back(p.get());
    for (const auto& o : spec.order_by) out->order_by.push_back(&o);
    if (spec.frame) out->frame = &*spec.frame;
    return Status::OK();
  };
  // Resolves a WINDOW clause entry (which may build on an earlier entry).
  std::function<Status(const NamedWindow&, size_t, ResolvedWindow*)> resolve_named =
      [&](const NamedWindow& w, size_t index, ResolvedWindow* out) -> Status {
    if (w.spec.base_window) {
      const NamedWindow* base = find(*w.spec.base_window, index);
      if (!base) return ErrorAt(StatusCode::kPlan, "window \"" + w.spec.base_window->name + "\" does not exist", w.spec.loc);
      SILT_RETURN_NOT_OK(resolve_named(*base, static_cast<size_t>(base - windows.data()), out));
    }
    return apply(w.spec, w.spec.base_window.has_value(), out);
  };
  ResolvedWindow out;
  if (fn.over_name) {
    const NamedWindow* w = find(*fn.over_name, windows.size());
    if (!w) return ErrorAt(StatusCode::kPlan, "window \"" + fn.over_name->name + "\" does not exist", fn.loc);
    SILT_RETURN_NOT_OK(resolve_named(*w, static_cast<size_t>(w - windows.data()), &out));
    return out;
  }
  if (!fn.over) return Status::Internal("window call without OVER");
  if (fn.over->base_window) {
    const NamedWindow* w = find(*fn.over->base_window, windows.size());
    if (!w) return ErrorAt(StatusCode::kPlan, "window \"" + fn.over->base_window->name + "\" does not exist", fn.over->loc);
    SILT_RETURN_NOT_OK(resolve_named(*w, static_cast<size_t>(w - windows.data()), &out));
  }
  SILT_RETURN_NOT_OK(apply(*fn.over, fn.over->base_window.has_value(), &out));
  return out;
}

namespace {

// Whether `plan` reads the work table of the recursive CTE `name` (a reference to itself).
bool ReadsWorkTable(const LogicalPlan& plan, const std::string& name) {
  if (plan.kind == PlanKind::kWorkTable && plan.cte_name == name) return true;
  for (const auto& in : plan.inputs) {
    if (ReadsWorkTable(*in, name)) return true;
  }
  return false;
}

}  // namespace

Status QueryBinder::BindWith(const WithClause& with, const Scope* outer) {
  for (size_t i = 0; i < with.ctes.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (NameMatches(with.ctes[j].name.name, with.ctes[i].name)) {
        return ErrorAt(StatusCode::kPlan, "WITH query name \"" + with.ctes[i].name.name + "\" specified more than once",
                       with.ctes[i].name.loc);
      }
    }
  }
  for (const auto& cte : with.ctes) {
    CteBinding binding;
    binding.name = cte.name.name;
    for (const auto& c : cte.columns) binding.columns.push_back(c.name);
    const QueryBody& body = *cte.query->body;
    bool self_reference = false;
    if (with.recursive && body.kind == QueryBodyKind::kSetOperation &&
        body.As<SetOperationBody>().op == SetOpKind::kUnion) {
      self_reference = true;
    }
    LogicalPlanPtr anchor, rec;
    std::shared_ptr<LogicalPlan> work;
    if (self_reference) {
      const auto& set = body.As<SetOperationBody>();
      Scope anchor_scope;
      SILT_ASSIGN_OR_RETURN(anchor, BindBody(*set.left, outer, nullptr, &anchor_scope));
      work = std::make_shared<LogicalPlan>();
      work->kind = PlanKind::kWorkTable;
      work->cte_name = binding.name;
      work->schema = anchor->schema;
      for (auto& c : work->schema.columns) c.nullable = true;
      CteBinding self = binding;
      self.plan = work;
      ctes_.push_back(self);
      Scope rec_scope;
      auto recursive = BindBody(*set.right, outer, nullptr, &rec_scope);
      ctes_.pop_back();
      if (!recursive.ok()) return recursive.status();
      rec = *recursive;
      // WITH RECURSIVE whose query never reads itself is an ordinary CTE (PostgreSQL).
      self_reference = ReadsWorkTable(*rec, binding.name);
    }
    if (!self_reference) {
      SILT_ASSIGN_OR_RETURN(auto query_plan, BindQuery(*cte.query, outer));
      binding.materialized = std::make_shared<LogicalPlan>();
      binding.materialized->kind = PlanKind::kMaterializedCte;
      binding.materialized->cte_name = binding.name;
      // Unique in the process: plans bound by different statements may meet (DataFrames).
      static std::atomic<int> next_cte_id{0};
      binding.materialized->cte_id = next_cte_id.fetch_add(1, std::memory_order_relaxed);
      binding.materialized->schema = query_plan->schema;
      binding.materialized->inputs = {query_plan};
      binding.plan = binding.materialized;
    } else {
      const auto& set = body.As<SetOperationBody>();
      if (rec->schema.size() != anchor->schema.size()) {
        return ErrorAt(StatusCode::kPlan, "recursive query \"" + binding.name +
                           "\": both sides of UNION need the same number of columns", cte.name.loc);
      }
      // The recursive term's columns take the anchor's types.
      std::vector<BoundExprPtr> casts;
      std::vector<std::string> names;
      for (int i = 0; i < rec->schema.size(); ++i) {
        const auto& c = rec->schema.columns[i];
        casts.push_back(MakeCast(MakeColumn(i, c.name, c.type, c.nullable), anchor->schema.columns[i].type));
        names.push_back(anchor->schema.columns[i].name);
      }
      rec = MakeProjection(rec, casts, names);
      auto node = std::make_shared<LogicalPlan>();
      node->kind = PlanKind::kRecursiveCte;
      node->cte_name = binding.name;
      node->distinct = !set.all;
      node->schema = work->schema;
      node->inputs = {anchor, rec};
      binding.plan = node;
    }
    if (!binding.columns.empty() && binding.columns.size() > static_cast<size_t>(binding.plan->schema.size())) {
      return ErrorAt(StatusCode::kPlan, "WITH query \"" + binding.name + "\" has " +
                         std::to_string(binding.plan->schema.size()) + " columns but " +
                         std::to_string(binding.columns.size()) + " names", cte.name.loc);
    }
    ctes_.push_back(std::move(binding));
  }
  return Status::OK();
}

Result<LogicalPlanPtr> QueryBinder::BindQuery(const Query& query, const Scope* outer) {
  size_t saved_ctes = ctes_.size();
  auto result = [&]() -> Result<LogicalPlanPtr> {
    if (query.with) SILT_RETURN_NOT_OK(BindWith(*query.with, outer));
    Scope scope;
    LogicalPlanPtr plan;
    bool order_done = false;
    if (query.body->kind == QueryBodyKind::kSelect) {
      SILT_ASSIGN_OR_RETURN(plan, BindSelect(query.body->As<SelectBody>(), outer, &query.order_by, &scope));
      order_done = true;
    } else {
      SILT_ASSIGN_OR_RETURN(plan, BindBody(*query.body, outer, nullptr, &scope));
    }
    return ApplyOrderLimit(plan, scope, query, order_done);
  }();
  for (size_t i = saved_ctes; i < ctes_.size(); ++i) FinishCte(ctes_[i]);
  ctes_.resize(saved_ctes);
  return result;
}

namespace {

/// Whether recomputing the plan per reference costs more than keeping its rows: it joins,
/// aggregates or windows (a scan with filters is cheaper to read again, with pushdown).
bool WorthMaterializing(const LogicalPlan& plan) {
  if (plan.kind == PlanKind::kJoin || plan.kind == PlanKind::kAggregate || plan.kind == PlanKind::kWindow) {
    return true;
  }
  for (const auto& in : plan.inputs) {
    if (WorthMaterializing(*in)) return true;
  }
  return false;
}

/// Whether the plan reads a recursive CTE's work table (its rows change every iteration).
bool ReadsAnyWorkTable(const LogicalPlan& plan) {
  if (plan.kind == PlanKind::kWorkTable) return true;
  for (const auto& in : plan.inputs) {
    if (ReadsAnyWorkTable(*in)) return true;
  }
  return false;
}

}  // namespace

void QueryBinder::FinishCte(const CteBinding& cte) {
  if (!cte.materialized) return;
  const LogicalPlanPtr query_plan = cte.materialized->inputs[0];
  // Read twice or more, correlated with nothing outside, and costly: run once (PostgreSQL
  // materializes CTEs read more than once too). Otherwise every reference inlines the query,
  // so filters and projections push into it.
  if (cte.references->size() >= 2 && !PlanHasOuterRef(*query_plan) && !ReadsAnyWorkTable(*query_plan) &&
      WorthMaterializing(*query_plan)) {
    return;
  }
  for (const auto& reference : *cte.references) {
    PlanSchema names = reference->schema;  // the reference's column names and qualifiers
    *reference = *query_plan;
    reference->schema = std::move(names);
  }
}

Result<LogicalPlanPtr> QueryBinder::ApplyOrderLimit(LogicalPlanPtr plan, const Scope& scope,
                                                    const Query& query, bool order_done) {
  if (!order_done && !query.order_by.empty()) {
    Scope out = ScopeOf(plan->schema, scope.outer);
    std::vector<SortExpr> keys;
    for (const auto& item : query.order_by) {
      SortExpr key;
      int64_t ordinal = 0;
      SILT_RETURN_NOT_OK(CheckNotNonIntegerConstant(*item.expr, "ORDER BY"));
      if (IsIntegerLiteral(*item.expr, &ordinal)) {
        if (ordinal < 1 || ordinal > plan->schema.size()) {
          return ErrorAt(StatusCode::kPlan, "ORDER BY position " + std::to_string(ordinal) +
                             " is not in select list", item.expr->loc);
        }
        const auto& c = plan->schema.columns[ordinal - 1];
        key.expr = MakeColumn(static_cast<int>(ordinal - 1), c.name, c.type, c.nullable);
      } else {
        ExprContext ctx;
        ctx.scope = &out;
        ctx.clause = "ORDER BY";
        ctx.allow_outer = false;
        SILT_ASSIGN_OR_RETURN(key.expr, BindExpr(*item.expr, ctx));
      }
      key.descending = item.direction == SortDirection::kDesc;
      key.nulls_first = item.nulls == NullsOrder::kDefault ? key.descending : item.nulls == NullsOrder::kFirst;
      keys.push_back(key);
    }
    plan = MakeSort(plan, std::move(keys));
  }
  SILT_ASSIGN_OR_RETURN(auto limit, BindLimitValue(query.limit.get(), "LIMIT"));
  SILT_ASSIGN_OR_RETURN(auto offset, BindLimitValue(query.offset.get(), "OFFSET"));
  if (limit || (offset && *offset > 0)) plan = MakeLimit(plan, offset.value_or(0), limit);
  return plan;
}

Result<LogicalPlanPtr> QueryBinder::BindBody(const QueryBody& body, const Scope* outer,
                                             std::vector<const OrderByItem*>* /*order_by*/,
                                             Scope* out_scope) {
  LogicalPlanPtr plan;
  switch (body.kind) {
    case QueryBodyKind::kSelect: {
      SILT_ASSIGN_OR_RETURN(plan, BindSelect(body.As<SelectBody>(), outer, nullptr, out_scope));
      break;
    }
    case QueryBodyKind::kValues: {
      SILT_ASSIGN_OR_RETURN(plan, BindValues(body.As<ValuesBody>()));
      break;
    }
    case QueryBodyKind::kSetOperation: {
      SILT_ASSIGN_OR_RETURN(plan, BindSetOperation(body.As<SetOperationBody>(), outer));
      break;
    }
    case QueryBodyKind::kNested: {
      SILT_ASSIGN_OR_RETURN(plan, BindQuery(*body.As<NestedQueryBody>().query, outer));
      break;
    }
  }
  *out_scope = ScopeOf(plan->schema, outer);
  return plan;
}

Result<LogicalPlanPtr> QueryBinder::BindValues(const ValuesBody& values) {
  Scope empty;
  ExprContext ctx;
  ctx.scope = &empty;
  ctx.clause = "VALUES";
  std::vector<std::vector<BoundExprPtr>> rows;
  size_t width = values.rows.empty() ? 0 : values.rows[0].size();
  for (const auto& row : values.rows) {
    if (row.size() != width) {
      return ErrorAt(StatusCode::kPlan, "VALUES lists must all be the same length", row.empty() ? values.loc : row[0]->loc);
    }
    std::vector<BoundExprPtr> bound;
    for (const auto& e : row) {
      SILT_ASSIGN_OR_RETURN(auto b, BindExpr(*e, ctx));
      bound.push_back(b);
    }
    rows.push_back(std::move(bound));
  }
  auto node = std::make_shared<LogicalPlan>();
  node->kind = PlanKind::kValues;
  for (size_t c = 0; c < width; ++c) {
    std::vector<DataTypePtr> types;
    for (const auto& r : rows) types.push_back(r[c]->type);
    auto common = functions::CommonSuperType(types);
    if (!common.ok()) {
      return ErrorAt(StatusCode::kPlan, "VALUES column " + std::to_string(c + 1) + ": " + common.status().message(), values.loc);
    }
    DataTypePtr type = (*common)->id() == TypeId::kNull ? utf8() : *common;
    bool nullable = false;
    for (auto& r : rows) {
      r[c] = MakeCast(r[c], type);
      nullable = nullable || r[c]->nullable;
    }
    node->schema.columns.push_back(PlanColumn{"", "column" + std::to_string(c + 1), type, true});
  }
  node->rows = std::move(rows);
  return LogicalPlanPtr(node);
}

/// UNION [ALL] BY NAME (DuckDB): columns meet by name, case-insensitively; the output has the
/// left side's columns, then the right side's other columns, and a side without a column
/// gives NULL there.
Status QueryBinder::AlignByName(const SetOperationBody& body, LogicalPlanPtr* left, LogicalPlanPtr* right) {
  std::vector<std::string> names;
  auto find = [&](const std::string& name) -> int {
    for (size_t i = 0; i < names.size(); ++i) {
      if (EqualsIgnoreCase(names[i], name)) return static_cast<int>(i);
    }
    return -1;
  };
  for (const LogicalPlanPtr* side : {left, right}) {
    std::vector<std::string> seen;
    for (const auto& c : (*side)->schema.columns) {
      for (const auto& s : seen) {
        if (EqualsIgnoreCase(s, c.name)) {
          return ErrorAt(StatusCode::kPlan, "UNION BY NAME: column \"" + c.name + "\" appears twice on one side", body.loc);
        }
      }
      seen.push_back(c.name);
      if (find(c.name) < 0) names.push_back(c.name);
    }
  }
  for (LogicalPlanPtr* side : {left, right}) {
    std::vector<BoundExprPtr> exprs(names.size());
    const auto& columns = (*side)->schema.columns;
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
      exprs[static_cast<size_t>(find(columns[i].name))] = MakeColumn(i, columns[i].name, columns[i].type, columns[i].nullable);
    }
    for (auto& e : exprs) {
      if (!e) {
        SILT_ASSIGN_OR_RETURN(e, MakeNullLiteral(null()));
      }
    }
    *side = MakeProjection(*side, std::move(exprs), names);
  }
  return Status::OK();
}

Result<LogicalPlanPtr> QueryBinder::BindSetOperation(const SetOperationBody& body, const Scope* outer) {
  if (body.by_name && body.op != SetOpKind::kUnion) {
    return ErrorAt(StatusCode::kNotSupported, "BY NAME is supported for UNION [ALL] only", body.loc);
  }
  Scope ls, rs;
  SILT_ASSIGN_OR_RETURN(auto left, BindBody(*body.left, outer, nullptr, &ls));
  SILT_ASSIGN_OR_RETURN(auto right, BindBody(*body.right, outer, nullptr, &rs));
  if (body.by_name) {
    SILT_RETURN_NOT_OK(AlignByName(body, &left, &right));
  }
  if (left->schema.size() != right->schema.size()) {
    return ErrorAt(StatusCode::kPlan, "each side of a set operation must have the same number of columns (" +
                       std::to_string(left->schema.size()) + " vs " + std::to_string(right->schema.size()) + ")",
                   body.loc);
  }
  std::vector<BoundExprPtr> lcast, rcast;
  std::vector<std::string> names;
  bool need_l = false, need_r = false;
  for (int i = 0; i < left->schema.size(); ++i) {
    const auto& lc = left->schema.columns[i];
    const auto& rc = right->schema.columns[i];
    auto common = functions::CommonSuperType(lc.type, rc.type);
    if (!common.ok()) {
      return ErrorAt(StatusCode::kPlan, "set operation column " + std::to_string(i + 1) + ": " + common.status().message(), body.loc);
    }
    DataTypePtr t = (*common)->id() == TypeId::kNull ? utf8() : *common;
    need_l = need_l || !lc.type->Equals(*t);
    need_r = need_r || !rc.type->Equals(*t);
    lcast.push_back(MakeCast(MakeColumn(i, lc.name, lc.type, lc.nullable), t));
    rcast.push_back(MakeCast(MakeColumn(i, rc.name, rc.type, rc.nullable), t));
    names.push_back(lc.name);
  }
  std::vector<std::string> rnames;
  for (const auto& c : right->schema.columns) rnames.push_back(c.name);
  if (need_l) left = MakeProjection(left, lcast, names);
  if (need_r) right = MakeProjection(right, rcast, rnames);
  auto node = std::make_shared<LogicalPlan>();
  node->schema = left->schema;
  for (auto& c : node->schema.columns) c.qualifier.clear();
  for (int i = 0; i < node->schema.size(); ++i) {
    node->schema.columns[i].nullable = left->schema.columns[i].nullable || right->schema.columns[i].nullable;
  }
  node->inputs = {left, right};
  if (body.op == SetOpKind::kUnion) {
    node->kind = PlanKind::kUnion;
    node->distinct = !body.all;
  } else {
    node->kind = PlanKind::kSetOp;
    node->set_op = body.op == SetOpKind::kIntersect ? SetOpType::kIntersect : SetOpType::kExcept;
    node->distinct = !body.all;
  }
  return LogicalPlanPtr(node);
}

Result<LogicalPlanPtr> QueryBinder::BindSelect(const SelectBody& select, const Scope* outer,
                                               const std::vector<OrderByItem>* order_by,
                                               Scope* out_scope) {
  Scope scope;
  scope.outer = outer;
  LogicalPlanPtr plan;
  if (select.from.empty()) {
    auto one = std::make_shared<LogicalPlan>();
    one->kind = PlanKind::kEmpty;
    one->produce_one_row = true;
    plan = one;
  } else {
    SILT_ASSIGN_OR_RETURN(plan, BindFrom(select.from, outer, &scope));
  }
  if (select.where) {
    ExprContext ctx;
    ctx.scope = &scope;
    ctx.plan = &plan;
    ctx.clause = "WHERE";
    std::vector<const SelectItem*> expanding;
    ctx.select_aliases = &select.items;
    ctx.expanding_aliases = &expanding;
    SILT_ASSIGN_OR_RETURN(auto pred, BindExpr(*select.where, ctx));
    if (pred->type->id() != TypeId::kBool && pred->type->id() != TypeId::kNull) {
      return ErrorAt(StatusCode::kPlan, "WHERE needs a boolean expression, not " + pred->type->ToString(), select.where->loc);
    }
    plan = MakeFilter(plan, MakeCast(pred, boolean()));
  }

  // Aggregation.
  std::vector<const FunctionExpr*> agg_calls;
  for (const auto& item : select.items) CollectAggregates(*item.expr, &agg_calls);
  for (const auto& w : select.windows) {
    for (const auto& p : w.spec.partition_by) CollectAggregates(*p, &agg_calls);
    for (const auto& o : w.spec.order_by) CollectAggregates(*o.expr, &agg_calls);
  }
  if (select.having) CollectAggregates(*select.having, &agg_calls);
  if (select.qualify) CollectAggregates(*select.qualify, &agg_calls);
  if (order_by) {
    for (const auto& o : *order_by) CollectAggregates(*o.expr, &agg_calls);
  }
  std::vector<std::pair<const Expr*, BoundExprPtr>> replacements;
  Scope post_scope = scope;  // what SELECT / HAVING / ORDER BY see
  bool aggregated = select.group_by.has_value() || !agg_calls.empty() || select.having;
  if (aggregated) {
    GroupingShape shape;
    if (select.group_by) {
      if (select.group_by->all) {
        for (const auto& item : select.items) {
          std::vector<const FunctionExpr*> inner;
          CollectAggregates(*item.expr, &inner);
          if (inner.empty() && item.expr->kind != ExprKind::kStar) {
            GroupingElement dummy;
            shape.exprs.push_back(item.expr.get());
          }
        }
        std::vector<int> all;
        for (size_t i = 0; i < shape.exprs.size(); ++i) all.push_back(static_cast<int>(i));
        shape.sets = {all};
      } else {
        // Cross product of the elements' grouping sets.
        shape.sets = {{}};
        for (const auto& g : select.group_by->items) {
          GroupingShape part;
          ShapeOf(g, &part);
          int base = static_cast<int>(shape.exprs.size());
          shape.exprs.insert(shape.exprs.end(), part.exprs.begin(), part.exprs.end());
          std::vector<std::vector<int>> next;
          for (const auto& a : shape.sets) {
            for (auto b : part.sets) {
              std::vector<int> merged = a;
              for (int& i : b) merged.push_back(i + base);
              next.push_back(merged);
            }
          }
          shape.sets = std::move(next);
        }
      }
    }
    ExprContext gctx;
    gctx.scope = &scope;
    gctx.plan = &plan;
    gctx.clause = "GROUP BY";
    // Bind group expressions, resolving ordinals and select-list aliases; equal expressions
    // share one group column.
    std::vector<BoundExprPtr> group_exprs;
    std::vector<const Expr*> group_asts;
    std::vector<int> expr_to_group;
    for (const Expr* e : shape.exprs) {
      const Expr* target = e;
      int64_t ordinal = 0;
      SILT_RETURN_NOT_OK(CheckNotNonIntegerConstant(*e, "GROUP BY"));
      if (IsIntegerLiteral(*e, &ordinal)) {
        if (ordinal < 1 || ordinal > static_cast<int64_t>(select.items.size())) {
          return ErrorAt(StatusCode::kPlan, "GROUP BY position " + std::to_string(ordinal) + " is not in select list", e->loc);
        }
        target = select.items[ordinal - 1].expr.get();
      } else if (const Identifier* name = SingleName(*e)) {
        bool in_scope = false;
        for (const auto& c : scope.columns) in_scope = in_scope || (!c.qualified_only && NameMatches(c.name, *name));
        if (!in_scope) {
          for (const auto& item : select.items) {
            if (item.alias && NameMatches(item.alias->name, *name)) target = item.expr.get();
          }
        }
      }
      SILT_ASSIGN_OR_RETURN(auto bound, BindExpr(*target, gctx));
      // An untyped NULL key (GROUP BY NULL) resolves to text, as PostgreSQL's unknown does.
      if (bound->type->id() == TypeId::kNull) bound = MakeCast(bound, utf8());
      int found = -1;
      for (size_t i = 0; i < group_exprs.size(); ++i) {
        if (group_exprs[i]->Equals(*bound)) found = static_cast<int>(i);
      }
      if (found < 0) {
        found = static_cast<int>(group_exprs.size());
        group_exprs.push_back(bound);
        group_asts.push_back(target);
      }
      expr_to_group.push_back(found);
      if (target != e) replacements.emplace_back(target, nullptr);  // patched below
    }
    replacements.clear();
    // Aggregate calls, bound against the pre-aggregation scope.
    ExprContext actx;
    actx.scope = &scope;
    actx.plan = &plan;
    actx.clause = "aggregate arguments";
    std::vector<AggregateCallExpr> aggregates;
    for (const FunctionExpr* fn : agg_calls) {
      AggregateCallExpr call;
      call.name = Lower(fn->name.back().name);
      call.distinct = fn->distinct;
      std::vector<DataTypePtr> types;
      for (const auto& a : fn->args) {
        std::vector<const FunctionExpr*> nested;
        CollectAggregates(*a.value, &nested);
        if (!nested.empty()) {
          return ErrorAt(StatusCode::kPlan, "aggregate function calls cannot be nested", a.value->loc);
        }
        SILT_ASSIGN_OR_RETURN(auto v, BindExpr(*a.value, actx));
        call.args.push_back(v);
        types.push_back(v->type);
      }
      std::vector<AggregateOrderKey> orders;
      for (const auto& o : fn->order_by) {
        SILT_ASSIGN_OR_RETURN(auto v, BindExpr(*o.expr, actx));
        SortExpr key{v, o.direction == SortDirection::kDesc, false};
        key.nulls_first = o.nulls == NullsOrder::kDefault ? key.descending : o.nulls == NullsOrder::kFirst;
        call.order_by.push_back(key);
        types.push_back(v->type);
        orders.push_back(AggregateOrderKey{key.descending, key.nulls_first});
      }
      if (fn->filter) {
        SILT_ASSIGN_OR_RETURN(auto f, BindExpr(*fn->filter, actx));
        call.filter = MakeCast(f, boolean());
      }
      auto bound = BindAggregate(call.name, types, call.distinct, orders);
      if (!bound.ok()) return ErrorAt(bound.status().code(), bound.status().message(), fn->loc);
      call.name = bound->name;
      for (size_t i = 0; i < call.args.size(); ++i) call.args[i] = MakeCast(call.args[i], bound->arg_types[i]);
      for (size_t i = 0; i < call.order_by.size(); ++i) {
        call.order_by[i].expr = MakeCast(call.order_by[i].expr, bound->arg_types[call.args.size() + i]);
      }
      call.return_type = bound->return_type;
      aggregates.push_back(std::move(call));
    }
    auto agg = std::make_shared<LogicalPlan>();
    agg->kind = PlanKind::kAggregate;
    agg->group_exprs = group_exprs;
    agg->aggregates = aggregates;
    bool has_sets = shape.sets.size() > 1;
    if (has_sets) {
      for (const auto& set : shape.sets) {
        std::vector<int> groups;
        for (int i : set) {
          int g = expr_to_group[i];
          if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
        }
        std::sort(groups.begin(), groups.end());
        agg->grouping_sets.push_back(groups);
      }
    }
    post_scope = Scope();
    post_scope.outer = outer;
    for (size_t i = 0; i < group_exprs.size(); ++i) {
      const auto& g = group_exprs[i];
      PlanColumn col;
      col.type = g->type;
      col.nullable = g->nullable || has_sets;
      if (g->kind == BoundExprKind::kColumn) {
        col.name = g->name;
        for (const auto& c : scope.columns) {
          if (c.index == g->index && !c.qualified_only) col.qualifier = c.qualifier;
        }
        post_scope.columns.push_back(ScopeColumn{col.qualifier, col.name, col.type, col.nullable, static_cast<int>(i), false});
      } else {
        col.name = DefaultColumnName(*group_asts[i]);
      }
      agg->schema.columns.push_back(col);
      replacements.emplace_back(group_asts[i], MakeColumn(static_cast<int>(i), col.name, col.type, col.nullable));
    }
    for (size_t i = 0; i < aggregates.size(); ++i) {
      int index = static_cast<int>(group_exprs.size() + i);
      agg->schema.columns.push_back(PlanColumn{"", aggregates[i].name, aggregates[i].return_type, true});
      replacements.emplace_back(agg_calls[i], MakeColumn(index, aggregates[i].ToString(), aggregates[i].return_type, true));
    }
    if (has_sets) agg->schema.columns.push_back(PlanColumn{"", "__grouping_id", int64(), false});
    agg->inputs = {plan};
    plan = agg;
  }

  ExprContext pctx;
  pctx.scope = &post_scope;
  pctx.plan = &plan;
  pctx.replacements = &replacements;
  pctx.clause = "SELECT";
  if (aggregated) {
    pctx.ungrouped_scope = &scope;
    const LogicalPlan& agg = *plan;
    pctx.num_group_columns = static_cast<int>(agg.group_exprs.size());
    if (!agg.grouping_sets.empty()) pctx.grouping_id_column = agg.schema.size() - 1;
  }
  if (select.having) {
    pctx.clause = "HAVING";
    std::vector<const SelectItem*> expanding;
    pctx.select_aliases = &select.items;
    pctx.expanding_aliases = &expanding;
    SILT_ASSIGN_OR_RETURN(auto pred, BindExpr(*select.having, pctx));
    pctx.select_aliases = nullptr;
    pctx.expanding_aliases = nullptr;
    plan = MakeFilter(plan, MakeCast(pred, boolean()));
  }

  // Window functions.
  std::vector<const FunctionExpr*> window_asts;
  for (const auto& item : select.items) CollectWindowCalls(*item.expr, &window_asts);
  if (select.qualify) CollectWindowCalls(*select.qualify, &window_asts);
  if (order_by) {
    for (const auto& o : *order_by) CollectWindowCalls(*o.expr, &window_asts);
  }
  if (!window_asts.empty()) {
    pctx.clause = "window function arguments";
    auto win = std::make_shared<LogicalPlan>();
    win->kind = PlanKind::kWindow;
    std::vector<WindowCallExpr> calls;
    for (const FunctionExpr* fn : window_asts) {
      SILT_ASSIGN_OR_RETURN(auto spec, ResolveWindow(*fn, select.windows));
      WindowCallExpr call;
      call.name = Lower(fn->name.back().name);
      call.ignore_nulls = fn->null_treatment == NullTreatment::kIgnoreNulls;
      if (fn->distinct) return ErrorAt(StatusCode::kNotSupported, "DISTINCT in window functions is not supported", fn->loc);
      std::vector<DataTypePtr> types;
      for (const auto& a : fn->args) {
        SILT_ASSIGN_OR_RETURN(auto v, BindExpr(*a.value, pctx));
        // An untyped NULL argument (ntile(NULL), lag(x, NULL)) is an int64 NULL.
        if (v->type->id() == TypeId::kNull) v = MakeCast(v, int64());
        call.args.push_back(v);
        types.push_back(v->type);
      }
      if (!fn->order_by.empty()) {
        return ErrorAt(StatusCode::kNotSupported, "aggregate ORDER BY is not implemented for window functions", fn->loc);
      }
      if (fn->filter) {
        // agg(x) FILTER (WHERE c) OVER ... is agg(CASE WHEN c THEN x END) OVER ...: the window
        // aggregates skip NULL inputs (count(*) counts CASE WHEN c THEN 1 END).
        if (IsWindowOnlyFunctionName(call.name)) {
          return ErrorAt(StatusCode::kPlan, "FILTER is not implemented for non-aggregate window functions", fn->loc);
        }
        SILT_ASSIGN_OR_RETURN(auto cond, BindExpr(*fn->filter, pctx));
        if (call.args.empty()) {
          call.args.push_back(MakeInt64Literal(1));
          types.push_back(int64());
        }
        auto when = std::make_shared<BoundExpr>();
        when->kind = BoundExprKind::kCase;
        when->type = call.args[0]->type;
        when->has_else = false;
        when->children = {MakeCast(cond, boolean()), call.args[0]};
        call.args[0] = when;
      }
      if ((call.name == "lag" || call.name == "lead") && call.args.size() == 3) {
        // lag/lead(value, offset, default): value and default share their common type
        // (PostgreSQL's anycompatible), so lag(int_col, 1, 0) works.
        auto common = functions::CommonSuperType(call.args[0]->type, call.args[2]->type);
        if (common.ok()) {
          call.args[0] = MakeCast(call.args[0], *common);
          call.args[2] = MakeCast(call.args[2], *common);
          types[0] = types[2] = *common;
        }
      }
      for (const auto* p : spec.partition_by) {
        SILT_ASSIGN_OR_RETURN(auto v, BindExpr(*p, pctx));
        call.partition_by.push_back(v);
      }
      for (const auto* op : spec.order_by) {
        const OrderByItem& o = *op;
        SILT_ASSIGN_OR_RETURN(auto v, BindExpr(*o.expr, pctx));
        SortExpr key{v, o.direction == SortDirection::kDesc, false};
        key.nulls_first = o.nulls == NullsOrder::kDefault ? key.descending : o.nulls == NullsOrder::kFirst;
        call.order_by.push_back(key);
      }
      if (spec.frame) {
        const auto& f = *spec.frame;
        if (f.exclude != FrameExclude::kNone && f.exclude != FrameExclude::kNoOthers) {
          return ErrorAt(StatusCode::kNotSupported, "frame EXCLUDE is not supported", fn->loc);
        }
        call.frame = f.unit == FrameUnit::kRows ? WindowFrameKind::kRows
                     : f.unit == FrameUnit::kRange ? WindowFrameKind::kRange
                                                   : WindowFrameKind::kGroups;
        SILT_ASSIGN_OR_RETURN(call.frame_start, BindFrameBound(f.start, f.unit, "starting"));
        SILT_ASSIGN_OR_RETURN(call.frame_end, BindFrameBound(f.end, f.unit, "ending"));
      }
      auto rt = WindowFunctionReturnType(call.name, types);
      if (!rt.ok()) return ErrorAt(rt.status().code(), rt.status().message(), fn->loc);
      call.return_type = *rt;
      calls.push_back(std::move(call));
    }
    win->schema = plan->schema;
    int base = plan->schema.size();
    for (size_t i = 0; i < calls.size(); ++i) {
      win->schema.columns.push_back(PlanColumn{"", calls[i].name, calls[i].return_type, true});
      replacements.emplace_back(window_asts[i], MakeColumn(base + static_cast<int>(i), calls[i].ToString(), calls[i].return_type, true));
    }
    win->window_calls = std::move(calls);
    win->inputs = {plan};
    plan = win;
  }
  if (select.qualify) {
    pctx.clause = "QUALIFY";
    SILT_ASSIGN_OR_RETURN(auto pred, BindExpr(*select.qualify, pctx));
    plan = MakeFilter(plan, MakeCast(pred, boolean()));
  }

  // unnest(list) in the select list: one output row per element (the other items repeat).
  std::vector<const FunctionExpr*> unnest_calls;
  for (const auto& item : select.items) CollectUnnestCalls(*item.expr, &unnest_calls);
  if (!unnest_calls.empty()) {
    // Several unnests zip their lists (PostgreSQL, DuckDB): the longest sets the row count.
    std::vector<BoundExprPtr> exprs = ColumnsOf(plan->schema);
    std::vector<std::string> names, quals;
    for (const auto& c : plan->schema.columns) {
      names.push_back(c.name);
      quals.push_back(c.qualifier);
    }
    std::vector<int> list_cols;
    std::vector<DataTypePtr> item_types;
    pctx.clause = "unnest";
    for (const FunctionExpr* fn : unnest_calls) {
      if (fn->args.size() != 1) return ErrorAt(StatusCode::kPlan, "unnest takes one list argument", fn->loc);
      SILT_ASSIGN_OR_RETURN(auto arg, BindExpr(*fn->args[0].value, pctx));
      if (arg->type->id() != TypeId::kList) {
        return ErrorAt(StatusCode::kPlan, "unnest needs a list, not " + arg->type->ToString(), fn->loc);
      }
      list_cols.push_back(static_cast<int>(exprs.size()));
      item_types.push_back(arg->type->children()[0]->type);
      exprs.push_back(arg);
      std::string list_name("__unnest_list");
      if (unnest_calls.size() > 1) list_name.append(std::to_string(list_cols.size()));
      names.push_back(std::move(list_name));
      quals.push_back("");
    }
    auto projected = MakeProjection(plan, exprs, names, quals);
    auto unnest = std::make_shared<LogicalPlan>();
    unnest->kind = PlanKind::kUnnest;
    unnest->unnest_columns = list_cols;
    unnest->schema = projected->schema;
    unnest->inputs = {projected};
    for (size_t i = 0; i < unnest_calls.size(); ++i) {
      unnest->schema.columns.push_back(PlanColumn{"", "unnest", item_types[i], true});
      int index = unnest->schema.size() - 1;
      replacements.emplace_back(unnest_calls[i], MakeColumn(index, "unnest", item_types[i], true));
    }
    plan = unnest;
  }

  // The select list.
  pctx.clause = "SELECT";
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  std::vector<const Expr*> item_asts;
  for (const auto& item : select.items) {
    if (item.expr->kind == ExprKind::kStar) {
      const auto& star = item.expr->As<StarExpr>();
      bool any = false;
      // DuckDB's modifiers: REPLACE (expr AS column) computes a column in place, RENAME
      // (column AS name) renames it; each must name a column the star expands to.
      std::vector<bool> replace_used(star.replace.size(), false), rename_used(star.rename.size(), false);
      for (const auto& c : scope.columns) {
        if (c.qualified_only) continue;
        if (!star.qualifier.empty() && !NameMatches(c.qualifier, star.qualifier.back())) continue;
        bool excluded = false;
        for (const auto& ex : star.exclude) excluded = excluded || NameMatches(c.name, ex);
        if (excluded) continue;
        std::string output_name = c.name;
        for (size_t r = 0; r < star.rename.size(); ++r) {
          const auto& rn = star.rename[r];
          bool qualifier_ok = rn.column.size() < 2 || NameMatches(c.qualifier, rn.column[rn.column.size() - 2]);
          if (!rename_used[r] && qualifier_ok && NameMatches(c.name, rn.column.back())) {
            output_name = rn.name.name;
            rename_used[r] = true;
            break;
          }
        }
        const StarReplace* replacement = nullptr;
        for (size_t r = 0; r < star.replace.size() && !replacement; ++r) {
          if (!replace_used[r] && NameMatches(c.name, star.replace[r].name)) {
            replacement = &star.replace[r];
            replace_used[r] = true;
          }
        }
        if (replacement) {
          SILT_ASSIGN_OR_RETURN(auto bound, BindExpr(*replacement->expr, pctx));
          exprs.push_back(bound);
          names.push_back(output_name);
          item_asts.push_back(replacement->expr.get());
          any = true;
          continue;
        }
        if (aggregated) {
          // In an aggregate query * may only expand to grouped columns.
          const ScopeColumn* grouped = nullptr;
          for (const auto& g : post_scope.columns) {
            if (g.qualifier == c.qualifier && g.name == c.name) grouped = &g;
          }
          if (!grouped) {
            return ErrorAt(StatusCode::kPlan, "column \"" + (c.qualifier.empty() ? "" : c.qualifier + ".") + c.name +
                               "\" must appear in the GROUP BY clause or be used in an aggregate function", star.loc);
          }
          exprs.push_back(MakeColumn(grouped->index, grouped->name, grouped->type, grouped->nullable));
          names.push_back(output_name);
          item_asts.push_back(nullptr);
          any = true;
          continue;
        }
        exprs.push_back(MakeColumn(c.index, c.name, c.type, c.nullable));
        names.push_back(output_name);
        item_asts.push_back(nullptr);
        any = true;
      }
      for (size_t r = 0; r < star.replace.size(); ++r) {
        if (!replace_used[r]) {
          return ErrorAt(StatusCode::kPlan, "column \"" + star.replace[r].name.name + "\" in * REPLACE is not among the columns * expands to", star.loc);
        }
      }
      for (size_t r = 0; r < star.rename.size(); ++r) {
        if (!rename_used[r]) {
          return ErrorAt(StatusCode::kPlan, "column \"" + star.rename[r].column.back().name + "\" in * RENAME is not among the columns * expands to", star.loc);
        }
      }
      if (!any && !star.qualifier.empty()) {
        return ErrorAt(StatusCode::kPlan, "table \"" + star.qualifier.back().name + "\" not found in FROM", star.loc);
      }
      continue;
    }
    SILT_ASSIGN_OR_RETURN(auto bound, BindExpr(*item.expr, pctx));
    exprs.push_back(bound);
    names.push_back(item.alias ? item.alias->name : OutputName(*bound, *item.expr));
    item_asts.push_back(item.expr.get());
  }
  size_t visible = exprs.size();

  // ORDER BY: output ordinals, output names, select-list expressions, or any expression over
  // the input (added as hidden columns, dropped after sorting).
  std::vector<SortExpr> sort_keys;
  bool distinct = select.distinct == DistinctKind::kDistinct;
  if (order_by) {
    for (const auto& item : *order_by) {
      SortExpr key;
      key.descending = item.direction == SortDirection::kDesc;
      key.nulls_first = item.nulls == NullsOrder::kDefault ? key.descending : item.nulls == NullsOrder::kFirst;
      int column = -1;
      int64_t ordinal = 0;
      SILT_RETURN_NOT_OK(CheckNotNonIntegerConstant(*item.expr, "ORDER BY"));
      if (IsIntegerLiteral(*item.expr, &ordinal)) {
        if (ordinal < 1 || ordinal > static_cast<int64_t>(visible)) {
          return ErrorAt(StatusCode::kPlan, "ORDER BY position " + std::to_string(ordinal) + " is not in select list", item.expr->loc);
        }
        column = static_cast<int>(ordinal - 1);
      } else if (const Identifier* name = SingleName(*item.expr)) {
        for (size_t i = 0; i < visible && column < 0; ++i) {
          if (NameMatches(names[i], *name) && (select.items.size() > i || true)) {
            // Prefer an output column name; ambiguity among outputs resolves to the first.
            column = static_cast<int>(i);
          }
        }
      }
      if (column < 0) {
        for (size_t i = 0; i < visible && column < 0; ++i) {
          if (item_asts[i] && *item_asts[i] == *item.expr) column = static_cast<int>(i);
        }
      }
      if (column < 0) {
        if (distinct) {
          return ErrorAt(StatusCode::kPlan, "for SELECT DISTINCT, ORDER BY expressions must appear in select list", item.expr->loc);
        }
        pctx.clause = "ORDER BY";
        SILT_ASSIGN_OR_RETURN(auto bound, BindExpr(*item.expr, pctx));
        for (size_t i = 0; i < exprs.size() && column < 0; ++i) {
          if (exprs[i]->Equals(*bound)) column = static_cast<int>(i);
        }
        if (column < 0) {
          column = static_cast<int>(exprs.size());
          exprs.push_back(bound);
          names.push_back("__sort" + std::to_string(column));
        }
      }
      key.expr = MakeColumn(column, names[column], exprs[column]->type, exprs[column]->nullable);
      sort_keys.push_back(key);
    }
  }
  // DISTINCT ON (e, ...): its expressions resolve like ORDER BY items (hidden columns when
  // not in the select list).
  std::vector<int> distinct_on;
  if (select.distinct == DistinctKind::kDistinctOn) {
    for (const auto& e : select.distinct_on) {
      int column = -1;
      int64_t ordinal = 0;
      SILT_RETURN_NOT_OK(CheckNotNonIntegerConstant(*e, "DISTINCT ON"));
      if (IsIntegerLiteral(*e, &ordinal)) {
        if (ordinal < 1 || ordinal > static_cast<int64_t>(visible)) {
          return ErrorAt(StatusCode::kPlan, "DISTINCT ON position " + std::to_string(ordinal) + " is not in select list", e->loc);
        }
        column = static_cast<int>(ordinal - 1);
      } else if (const Identifier* name = SingleName(*e)) {
        for (size_t i = 0; i < visible && column < 0; ++i) {
          if (NameMatches(names[i], *name)) column = static_cast<int>(i);
        }
      }
      for (size_t i = 0; i < visible && column < 0; ++i) {
        if (item_asts[i] && *item_asts[i] == *e) column = static_cast<int>(i);
      }
      if (column < 0) {
        pctx.clause = "DISTINCT ON";
        SILT_ASSIGN_OR_RETURN(auto bound, BindExpr(*e, pctx));
        for (size_t i = 0; i < exprs.size() && column < 0; ++i) {
          if (exprs[i]->Equals(*bound)) column = static_cast<int>(i);
        }
        if (column < 0) {
          column = static_cast<int>(exprs.size());
          exprs.push_back(bound);
          names.push_back("__distinct" + std::to_string(column));
        }
      }
      distinct_on.push_back(column);
    }
    // PostgreSQL: the leading ORDER BY keys must be the DISTINCT ON expressions.
    if (!sort_keys.empty()) {
      for (size_t i = 0; i < sort_keys.size() && i < distinct_on.size(); ++i) {
        const int col = sort_keys[i].expr->index;
        if (std::find(distinct_on.begin(), distinct_on.end(), col) == distinct_on.end()) {
          return ErrorAt(StatusCode::kPlan, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions", select.loc);
        }
      }
      if (sort_keys.size() < distinct_on.size()) {
        for (int col : distinct_on) {
          bool found = false;
          for (const auto& k : sort_keys) found = found || k.expr->index == col;
          if (!found) {
            return ErrorAt(StatusCode::kPlan, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions", select.loc);
          }
        }
      }
    }
  }
  plan = MakeProjection(plan, exprs, names);
  if (!distinct_on.empty()) {
    // The first row (in ORDER BY order) of each DISTINCT ON group: row_number() = 1.
    WindowCallExpr call;
    call.name = "row_number";
    for (int col : distinct_on) {
      const auto& c = plan->schema.columns[col];
      call.partition_by.push_back(MakeColumn(col, c.name, c.type, c.nullable));
    }
    call.order_by = sort_keys;
    SILT_ASSIGN_OR_RETURN(call.return_type, WindowFunctionReturnType("row_number", {}));
    auto win = std::make_shared<LogicalPlan>();
    win->kind = PlanKind::kWindow;
    win->schema = plan->schema;
    const int rn = plan->schema.size();
    win->schema.columns.push_back(PlanColumn{"", "__row_number", call.return_type, false});
    win->window_calls = {call};
    win->inputs = {plan};
    auto first = MakeCall(registry(), "=", {MakeColumn(rn, "__row_number", call.return_type, false), MakeInt64Literal(1)});
    if (!first.ok()) return first.status();
    LogicalPlanPtr filtered = MakeFilter(win, *first);
    std::vector<std::string> plain_names;
    for (const auto& c : plan->schema.columns) plain_names.push_back(c.name);
    plan = MakeProjection(filtered, ColumnsOf(plan->schema), plain_names);
  }
  if (distinct) {
    auto agg = std::make_shared<LogicalPlan>();
    agg->kind = PlanKind::kAggregate;
    agg->group_exprs = ColumnsOf(plan->schema);
    agg->schema = plan->schema;
    agg->inputs = {plan};
    plan = agg;
  }
  if (!sort_keys.empty()) plan = MakeSort(plan, std::move(sort_keys));
  if (exprs.size() > visible) {
    std::vector<BoundExprPtr> keep(exprs.begin(), exprs.begin() + static_cast<long>(visible));
    std::vector<BoundExprPtr> cols;
    for (size_t i = 0; i < visible; ++i) cols.push_back(MakeColumn(static_cast<int>(i), names[i], exprs[i]->type, exprs[i]->nullable));
    plan = MakeProjection(plan, cols, std::vector<std::string>(names.begin(), names.begin() + static_cast<long>(visible)));
  }
  *out_scope = ScopeOf(plan->schema, outer);
  return plan;
}

}  // namespace silt::sql::binder_internal
