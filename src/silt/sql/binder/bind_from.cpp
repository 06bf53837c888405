// FROM: tables, views, CTEs, table functions, derived tables and joins.
#include "silt/sql/binder/binder_internal.h"

namespace silt::sql::binder_internal {

namespace {

/// Adds `plan`'s columns to `scope` under `qualifier`, renamed by an alias column list.
Status AddColumns(const LogicalPlan& plan, const std::string& qualifier,
                  const std::optional<TableAlias>& alias, int offset, Scope* scope) {
  if (alias && alias->columns.size() > static_cast<size_t>(plan.schema.size())) {
    return ErrorAt(StatusCode::kPlan,
                   "table \"" + alias->name.name + "\" has " + std::to_string(plan.schema.size()) +
                       " columns available but " + std::to_string(alias->columns.size()) +
                       " columns specified",
                   alias->name.loc);
  }
  for (int i = 0; i < plan.schema.size(); ++i) {
    const auto& c = plan.schema.columns[i];
    std::string name = alias && static_cast<size_t>(i) < alias->columns.size() ? alias->columns[i].name : c.name;
    scope->columns.push_back(ScopeColumn{qualifier, name, c.type, c.nullable, offset + i, false});
  }
  return Status::OK();
}

/// The column names of a CTE or view declared with a column list, as seen through `alias`:
/// an alias column list renames the leading columns only (PostgreSQL), so
/// `WITH c(x, y) AS (...) SELECT * FROM c t(z)` has columns z, y.
TableAlias MergeColumnNames(const std::vector<std::string>& declared, const std::optional<TableAlias>& alias,
                            const Identifier& default_name) {
  TableAlias merged;
  merged.name = alias ? alias->name : default_name;
  for (const auto& c : declared) merged.columns.push_back(Identifier{c, true, {}});
  if (alias) {
    for (size_t i = 0; i < alias->columns.size(); ++i) {
      if (i < merged.columns.size()) {
        merged.columns[i] = alias->columns[i];
      } else {
        merged.columns.push_back(alias->columns[i]);
      }
    }
  }
  return merged;
}

/// A Projection that only renames columns (derived tables keep their own names in plans).
std::shared_ptr<LogicalPlan> Requalify(LogicalPlanPtr plan, const Scope& scope, int offset) {
  auto p = ClonePlan(*plan);
  for (int i = 0; i < p->schema.size(); ++i) {
    p->schema.columns[i].qualifier = scope.columns[offset + i].qualifier;
    p->schema.columns[i].name = scope.columns[offset + i].name;
  }
  return p;
}

}  // namespace

Result<LogicalPlanPtr> QueryBinder::BindFrom(const std::vector<TableRefPtr>& from,
                                             const Scope* outer, Scope* scope) {
  scope->outer = outer;
  LogicalPlanPtr plan;
  for (const auto& ref : from) {
    if (plan && ref->kind == TableRefKind::kSubquery && ref->As<SubqueryRef>().lateral) {
      SILT_ASSIGN_OR_RETURN(plan, JoinLateral(ref->As<SubqueryRef>(), *ref, plan, JoinType::kInner, nullptr, scope));
      continue;
    }
    if (plan && ref->kind == TableRefKind::kFunction && IsLateralUnnest(ref->As<TableFunctionRef>())) {
      SILT_ASSIGN_OR_RETURN(plan, JoinUnnest(ref->As<TableFunctionRef>(), plan, scope));
      continue;
    }
    Scope item;
    SILT_ASSIGN_OR_RETURN(auto p, BindTableRef(*ref, outer, &item));
    if (!plan) {
      plan = p;
      *scope = item;
      scope->outer = outer;
      continue;
    }
    int offset = plan->schema.size();
    for (auto c : item.columns) {
      c.index += offset;
      scope->columns.push_back(c);
    }
    plan = MakeJoin(plan, p, JoinType::kInner, {}, nullptr);
  }
  return plan;
}

Result<LogicalPlanPtr> QueryBinder::BindTableRef(const TableRef& ref, const Scope* outer, Scope* scope) {
  switch (ref.kind) {
    case TableRefKind::kBaseTable:
      return BindBaseTable(ref.As<BaseTableRef>(), outer, scope);
    case TableRefKind::kFunction:
      return BindTableFunction(ref.As<TableFunctionRef>(), scope);
    case TableRefKind::kSubquery: {
      const auto& sub = ref.As<SubqueryRef>();
      if (sub.lateral) return ErrorAt(StatusCode::kNotSupported, "LATERAL subqueries are not supported", ref.loc);
      SILT_ASSIGN_OR_RETURN(auto plan, BindQuery(*sub.query, outer));
      std::string qualifier = ref.alias ? ref.alias->name.name : "";
      SILT_RETURN_NOT_OK(AddColumns(*plan, qualifier, ref.alias, 0, scope));
      return Requalify(plan, *scope, 0);
    }
    case TableRefKind::kJoin:
      return BindJoin(ref.As<JoinRef>(), outer, scope);
  }
  return Status::Internal("unknown table reference");
}

Result<LogicalPlanPtr> QueryBinder::ScanOf(std::shared_ptr<TableSource> table, const std::string& name,
                                           const std::optional<TableAlias>& alias, Scope* scope) {
  auto scan = std::make_shared<LogicalPlan>();
  scan->kind = PlanKind::kScan;
  scan->table_name = name;
  auto schema = table->schema();
  std::string qualifier = alias ? alias->name.name : name;
  for (int i = 0; i < schema->num_fields(); ++i) {
    const auto& f = schema->field(i);
    scan->projection.push_back(i);
    scan->schema.columns.push_back(PlanColumn{qualifier, f->name, f->type, f->nullable});
  }
  scan->source = std::move(table);
  SILT_RETURN_NOT_OK(AddColumns(*scan, qualifier, alias, 0, scope));
  return Requalify(scan, *scope, 0);
}

Result<LogicalPlanPtr> QueryBinder::BindBaseTable(const BaseTableRef& ref, const Scope* outer, Scope* scope) {
  (void)outer;
  const auto& name = ref.name;
  if (name.size() == 1 && ref.time_travel == TimeTravelKind::kNone) {
    for (size_t i = ctes_.size(); i-- > 0;) {
      const auto& cte = ctes_[i];
      if (!NameMatches(cte.name, name[0])) continue;
      std::optional<TableAlias> alias = ref.alias;
      std::string qualifier = alias ? alias->name.name : cte.name;
      if (!cte.columns.empty()) alias = MergeColumnNames(cte.columns, alias, name[0]);
      SILT_RETURN_NOT_OK(AddColumns(*cte.plan, qualifier, alias, 0, scope));
      auto reference = Requalify(cte.plan, *scope, 0);
      if (cte.materialized) cte.references->push_back(reference);
      return LogicalPlanPtr(reference);
    }
  }
  std::vector<std::string> parts;
  std::vector<bool> exact;
  for (const auto& p : name) {
    parts.push_back(p.name);
    exact.push_back(p.quoted || !options_.ident_normalization);
  }
  TimeTravel tt;
  if (ref.time_travel != TimeTravelKind::kNone) {
    SILT_ASSIGN_OR_RETURN(auto v, BindConstantExpr(*ref.time_travel_value, options_));
    if (v->kind != BoundExprKind::kLiteral || v->value->IsNull(0)) {
      return ErrorAt(StatusCode::kPlan, "time travel needs a constant version or timestamp", ref.loc);
    }
    SILT_ASSIGN_OR_RETURN(auto flat, Flatten(v->value));
    if (ref.time_travel == TimeTravelKind::kVersion) {
      if (!v->type->IsInteger()) return ErrorAt(StatusCode::kPlan, "VERSION AS OF needs an integer", ref.loc);
      tt.version = flat->values<int64_t>()[0];
    } else {
      std::string text = LiteralToSql(*flat);
      if (text.size() >= 2 && text.back() == '\'') {
        text = text.substr(text.find('\'') + 1);
        text.pop_back();
      }
      tt.timestamp = text;
    }
  }
  SILT_ASSIGN_OR_RETURN(auto object, catalog_.Find(parts, exact, tt));
  std::string full;
  for (size_t i = 0; i < parts.size(); ++i) full += (i ? "." : "") + parts[i];
  if (!object) {
    std::string hint = Suggest(parts.back(), catalog_.Names());
    return ErrorAt(StatusCode::kPlan,
                   "table \"" + full + "\" not found" + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"),
                   ref.loc);
  }
  if (object->view_query) {
    // A view binds in its own namespace: the caller's CTEs are not visible inside it.
    std::vector<CteBinding> saved;
    saved.swap(ctes_);
    auto plan = BindQuery(*object->view_query, nullptr);
    saved.swap(ctes_);
    if (!plan.ok()) return plan.status().WithContext("binding view \"" + object->name + "\"");
    std::optional<TableAlias> alias = ref.alias;
    if (!object->view_columns.empty()) alias = MergeColumnNames(object->view_columns, alias, name.back());
    std::string qualifier = ref.alias ? ref.alias->name.name : object->name;
    SILT_RETURN_NOT_OK(AddColumns(**plan, qualifier, alias, 0, scope));
    return Requalify(*plan, *scope, 0);
  }
  return ScanOf(object->table, object->name, ref.alias, scope);
}

Result<LogicalPlanPtr> QueryBinder::BindTableFunction(const TableFunctionRef& ref, Scope* scope) {
  if (ref.lateral) return ErrorAt(StatusCode::kNotSupported, "LATERAL table functions are not supported", ref.loc);
  const auto& call = *ref.call;
  std::vector<ArrayDataPtr> args;
  std::vector<std::pair<std::string, ArrayDataPtr>> named;
  for (const auto& a : call.args) {
    SILT_ASSIGN_OR_RETURN(auto v, BindConstantExpr(*a.value, options_));
    if (v->kind != BoundExprKind::kLiteral) {
      return ErrorAt(StatusCode::kPlan, "table function arguments must be constants", a.value->loc);
    }
    if (a.name) {
      named.emplace_back(Lower(a.name->name), v->value);
    } else {
      args.push_back(v->value);
    }
  }
  std::string name = Lower(call.name.back().name);
  auto table = catalog_.CallTableFunction(name, args, named);
  if (!table.ok()) return ErrorAt(table.status().code(), table.status().message(), ref.loc);
  std::optional<TableAlias> alias = ref.alias;
  if (alias && alias->columns.empty() && (*table)->schema()->num_fields() == 1) {
    // One column: the alias names it too (PostgreSQL: FROM generate_series(1, 3) AS x).
    alias->columns.push_back(alias->name);
  }
  return ScanOf(*table, name, alias, scope);
}

// `left` (whose columns `scope` describes) joined with a LATERAL subquery that may read
// them; `scope` gains the subquery's columns. Its correlated predicates join the two sides;
// select-list expressions over left columns are computed after the join (inner joins only).
Result<LogicalPlanPtr> QueryBinder::JoinLateral(const SubqueryRef& sub, const TableRef& ref, LogicalPlanPtr left,
                                                JoinType type, const Expr* on, Scope* scope) {
  const int left_width = left->schema.size();
  SILT_ASSIGN_OR_RETURN(auto lateral, BindLateralSubquery(*sub.query, *scope, left_width, ref.loc));
  if (lateral.per_row_aggregate) {
    // Exactly one row per left row: an inner join keeps the rows ON accepts, a left join
    // nulls the subquery's columns where ON fails.
    SILT_ASSIGN_OR_RETURN(auto per_row, LateralAggregatePerRow(lateral.per_row_aggregate, left));
    if (!per_row) {
      return ErrorAt(StatusCode::kNotSupported, "LATERAL subqueries aggregating correlated rows are supported only as one ungrouped aggregate", ref.loc);
    }
    LogicalPlan view;
    view.schema = lateral.columns;
    std::string qualifier = ref.alias ? ref.alias->name.name : "";
    SILT_RETURN_NOT_OK(AddColumns(view, qualifier, ref.alias, left_width, scope));
    std::vector<BoundExprPtr> exprs;
    std::vector<std::string> names, qualifiers;
    for (int i = 0; i < per_row->schema.size(); ++i) {
      const auto& c = per_row->schema.columns[i];
      exprs.push_back(MakeColumn(i, c.name, c.type, c.nullable));
      names.push_back(i < left_width ? c.name : scope->columns[i].name);
      qualifiers.push_back(i < left_width ? c.qualifier : qualifier);
    }
    LogicalPlanPtr out = MakeProjection(per_row, exprs, names, qualifiers);
    if (!on) return out;
    ExprContext ctx;
    ctx.scope = scope;
    ctx.clause = "JOIN ON";
    SILT_ASSIGN_OR_RETURN(auto cond, BindExpr(*on, ctx));
    cond = MakeCast(cond, boolean());
    if (type == JoinType::kInner) return MakeFilter(out, cond);
    for (int i = left_width; i < out->schema.size(); ++i) {
      auto when = std::make_shared<BoundExpr>();
      when->kind = BoundExprKind::kCase;
      when->type = exprs[i]->type;
      when->children = {cond, exprs[i]};
      exprs[i] = when;
    }
    return MakeProjection(per_row, exprs, names, qualifiers);
  }
  bool any_deferred = false;
  for (const auto& d : lateral.deferred) any_deferred = any_deferred || d != nullptr;
  if (any_deferred && (type != JoinType::kInner || on)) {
    return ErrorAt(StatusCode::kNotSupported,
                   "a LATERAL subquery selecting outer columns is supported in FROM lists and CROSS JOIN only", ref.loc);
  }
  LogicalPlan view;  // the subquery's own columns, for the scope
  view.schema = lateral.columns;
  std::string qualifier = ref.alias ? ref.alias->name.name : "";
  SILT_RETURN_NOT_OK(AddColumns(view, qualifier, ref.alias, left_width, scope));
  std::vector<BoundExprPtr> conjuncts = lateral.conjuncts;
  if (on) {
    ExprContext ctx;
    ctx.scope = scope;
    ctx.clause = "JOIN ON";
    SILT_ASSIGN_OR_RETURN(auto cond, BindExpr(*on, ctx));
    conjuncts.push_back(MakeCast(cond, boolean()));
  }
  std::vector<std::pair<BoundExprPtr, BoundExprPtr>> keys;
  std::vector<BoundExprPtr> residual;
  SILT_RETURN_NOT_OK(SplitJoinKeys(conjuncts, left_width, &keys, &residual));
  SILT_ASSIGN_OR_RETURN(auto filter, Conjunction(residual));
  LogicalPlanPtr joined = MakeJoin(left, lateral.right, type, keys, filter);
  // Keep the left columns and the subquery's own (decorrelation may have added some).
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names, qualifiers;
  for (int i = 0; i < left_width; ++i) {
    const auto& c = joined->schema.columns[i];
    exprs.push_back(MakeColumn(i, c.name, c.type, c.nullable));
    names.push_back(c.name);
    qualifiers.push_back(c.qualifier);
  }
  for (int i = 0; i < lateral.columns.size(); ++i) {
    const auto& c = joined->schema.columns[left_width + i];
    const auto& d = lateral.deferred.size() > static_cast<size_t>(i) ? lateral.deferred[i] : nullptr;
    exprs.push_back(d ? MakeCast(d, c.type) : MakeColumn(left_width + i, c.name, c.type, c.nullable));
    names.push_back(scope->columns[left_width + i].name);
    qualifiers.push_back(qualifier);
  }
  return MakeProjection(joined, exprs, names, qualifiers);
}

bool QueryBinder::IsLateralUnnest(const TableFunctionRef& ref) const {
  const auto& call = *ref.call;
  if (call.name.size() != 1 || Lower(call.name.back().name) != "unnest" || call.args.size() != 1) return false;
  if (ref.lateral || call.args[0].value->kind == ExprKind::kColumnRef) return true;
  // Without LATERAL: an argument that is not a constant reads the FROM items to its left
  // (PostgreSQL treats function calls in FROM as lateral).
  auto constant = BindConstantExpr(*call.args[0].value, options_);
  return !constant.ok() || (*constant)->kind != BoundExprKind::kLiteral;
}

// `left` joined with unnest(list expression over its columns): each left row repeats once
// per element of its list (NULL and empty lists drop the row); `scope` gains the element
// column (named `unnest`, or by the alias).
Result<LogicalPlanPtr> QueryBinder::JoinUnnest(const TableFunctionRef& ref, LogicalPlanPtr left, Scope* scope,
                                               bool outer) {
  const auto& call = *ref.call;
  ExprContext ctx;
  ctx.scope = scope;
  ctx.clause = "unnest";
  SILT_ASSIGN_OR_RETURN(auto list, BindExpr(*call.args[0].value, ctx));
  if (list->type->id() != TypeId::kList) {
    return ErrorAt(StatusCode::kPlan, "unnest needs a list, not " + list->type->ToString(), call.loc);
  }
  const int lw = left->schema.size();
  std::vector<BoundExprPtr> exprs = ColumnsOf(left->schema);
  std::vector<std::string> names, quals;
  for (const auto& c : left->schema.columns) {
    names.push_back(c.name);
    quals.push_back(c.qualifier);
  }
  exprs.push_back(list);
  names.push_back("__unnest_list");
  quals.push_back("");
  auto projected = MakeProjection(left, exprs, names, quals);
  const DataTypePtr item = list->type->children()[0]->type;
  const std::string qualifier = ref.alias ? ref.alias->name.name : "unnest";
  auto unnest = std::make_shared<LogicalPlan>();
  unnest->kind = PlanKind::kUnnest;
  unnest->unnest_columns = {lw};
  unnest->unnest_outer = outer;
  unnest->schema = projected->schema;
  unnest->schema.columns.push_back(PlanColumn{qualifier, "unnest", item, true});
  unnest->inputs = {projected};
  // Drop the list column: left columns, then the element.
  std::vector<BoundExprPtr> out = ColumnsOf(left->schema);
  out.push_back(MakeColumn(lw + 1, "unnest", item, true));
  names.pop_back();
  quals.pop_back();
  names.push_back("unnest");
  quals.push_back(qualifier);
  // A scalar function's one column takes the alias's name when no column list is given
  // (PostgreSQL: FROM t, unnest(t.tags) AS tag reads `tag`).
  const std::string column = ref.alias && ref.alias->columns.empty() ? ref.alias->name.name : "unnest";
  LogicalPlan element_view;
  element_view.schema.columns.push_back(PlanColumn{qualifier, column, item, true});
  SILT_RETURN_NOT_OK(AddColumns(element_view, qualifier, ref.alias, lw, scope));
  names.back() = scope->columns.back().name;
  return MakeProjection(unnest, std::move(out), names, quals);
}

Result<LogicalPlanPtr> QueryBinder::BindJoin(const JoinRef& ref, const Scope* outer, Scope* scope) {
  if (ref.right->kind == TableRefKind::kFunction && ref.join == JoinKind::kLeft && !ref.natural &&
      ref.using_columns.empty() && IsLateralUnnest(ref.right->As<TableFunctionRef>())) {
    // LEFT JOIN [LATERAL] unnest(...) ON true: rows with NULL or empty lists stay, with a
    // NULL element. (Another ON condition would have to null-extend per row: not supported.)
    const bool on_true = ref.on && ref.on->kind == ExprKind::kLiteral &&
                         ref.on->As<LiteralExpr>().literal_kind == LiteralKind::kBoolean &&
                         ref.on->As<LiteralExpr>().boolean_value;
    if (!on_true) {
      return ErrorAt(StatusCode::kNotSupported, "LEFT JOIN LATERAL unnest(...) is supported with ON true only", ref.loc);
    }
    SILT_ASSIGN_OR_RETURN(auto left, BindTableRef(*ref.left, outer, scope));
    scope->outer = outer;
    return JoinUnnest(ref.right->As<TableFunctionRef>(), left, scope, /*outer=*/true);
  }
  if (ref.right->kind == TableRefKind::kFunction && (ref.join == JoinKind::kCross || ref.join == JoinKind::kInner) &&
      !ref.natural && ref.using_columns.empty() && IsLateralUnnest(ref.right->As<TableFunctionRef>())) {
    // [CROSS | INNER] JOIN [LATERAL] unnest(...) [ON cond]: the unnest, then ON as a filter.
    SILT_ASSIGN_OR_RETURN(auto left, BindTableRef(*ref.left, outer, scope));
    scope->outer = outer;
    SILT_ASSIGN_OR_RETURN(auto plan, JoinUnnest(ref.right->As<TableFunctionRef>(), left, scope));
    if (!ref.on) return plan;
    ExprContext ctx;
    ctx.scope = scope;
    ctx.clause = "JOIN ON";
    SILT_ASSIGN_OR_RETURN(auto cond, BindExpr(*ref.on, ctx));
    return MakeFilter(plan, MakeCast(cond, boolean()));
  }
  if (ref.right->kind == TableRefKind::kSubquery && ref.right->As<SubqueryRef>().lateral) {
    if (ref.natural || !ref.using_columns.empty() ||
        (ref.join != JoinKind::kInner && ref.join != JoinKind::kCross && ref.join != JoinKind::kLeft)) {
      return ErrorAt(StatusCode::kNotSupported, "LATERAL is supported with [INNER|LEFT|CROSS] JOIN ... ON only", ref.loc);
    }
    SILT_ASSIGN_OR_RETURN(auto left, BindTableRef(*ref.left, outer, scope));
    scope->outer = outer;
    return JoinLateral(ref.right->As<SubqueryRef>(), *ref.right, left,
                       ref.join == JoinKind::kLeft ? JoinType::kLeft : JoinType::kInner, ref.on.get(), scope);
  }
  Scope ls, rs;
  SILT_ASSIGN_OR_RETURN(auto left, BindTableRef(*ref.left, outer, &ls));
  SILT_ASSIGN_OR_RETURN(auto right, BindTableRef(*ref.right, outer, &rs));
  int offset = left->schema.size();
  scope->outer = outer;
  scope->columns = ls.columns;
  for (auto c : rs.columns) {
    c.index += offset;
    scope->columns.push_back(c);
  }
  JoinType type = JoinType::kInner;
  switch (ref.join) {
    case JoinKind::kInner:
    case JoinKind::kCross:
      type = JoinType::kInner;
      break;
    case JoinKind::kLeft:
      type = JoinType::kLeft;
      break;
    case JoinKind::kRight:
      type = JoinType::kRight;
      break;
    case JoinKind::kFull:
      type = JoinType::kFull;
      break;
    case JoinKind::kSemi:
      type = JoinType::kSemi;
      break;
    case JoinKind::kAnti:
      type = JoinType::kAnti;
      break;
  }
  // USING / NATURAL: equality on same-named columns; the unqualified name then means the
  // left column (right for RIGHT JOIN, their COALESCE for FULL JOIN).
  std::vector<std::string> using_names;
  if (ref.natural) {
    for (const auto& l : ls.columns) {
      for (const auto& r : rs.columns) {
        if (NameMatches(l.name, r.name, false)) using_names.push_back(l.name);
      }
    }
  }
  for (const auto& u : ref.using_columns) using_names.push_back(u.name);
  std::vector<BoundExprPtr> conjuncts;
  std::vector<std::pair<int, int>> using_pairs;
  for (const auto& name : using_names) {
    int li = -1, ri = -1, left_matches = 0, right_matches = 0;
    for (const auto& c : ls.columns) {
      if (NameMatches(c.name, name, false) && !c.qualified_only) li = c.index, ++left_matches;
    }
    for (const auto& c : rs.columns) {
      if (NameMatches(c.name, name, false) && !c.qualified_only) ri = c.index + offset, ++right_matches;
    }
    if (left_matches > 1 || right_matches > 1) {
      return ErrorAt(StatusCode::kPlan, "common column name \"" + name + "\" appears more than once in " +
                         (left_matches > 1 ? "left" : "right") + " table", ref.loc);
    }
    if (li < 0 || ri < 0) {
      return ErrorAt(StatusCode::kPlan, "column \"" + name + "\" named in USING does not exist on both sides", ref.loc);
    }
    const auto& lc = scope->columns[li];
    const auto& rc = scope->columns[ri];
    auto eq = MakeCall(registry(), "=", {MakeColumn(li, lc.name, lc.type, lc.nullable), MakeColumn(ri, rc.name, rc.type, rc.nullable)});
    if (!eq.ok()) return ErrorAt(StatusCode::kPlan, eq.status().message(), ref.loc);
    conjuncts.push_back(*eq);
    using_pairs.emplace_back(li, ri);
  }
  if (ref.on) {
    ExprContext ctx;
    ctx.scope = scope;
    ctx.clause = "JOIN ON";
    SILT_ASSIGN_OR_RETURN(auto cond, BindExpr(*ref.on, ctx));
    conjuncts.push_back(MakeCast(cond, boolean()));
  }
  SILT_ASSIGN_OR_RETURN(auto filter, Conjunction(conjuncts));
  LogicalPlanPtr plan = MakeJoin(left, right, type, {}, filter);
  if (type == JoinType::kSemi || type == JoinType::kAnti) {
    scope->columns.resize(ls.columns.size());
  }
  if (!using_pairs.empty()) {
    if (type == JoinType::kFull) {
      // Append COALESCE(l, r) per USING column; it is what the bare name means.
      std::vector<BoundExprPtr> exprs = ColumnsOf(plan->schema);
      std::vector<std::string> names;
      for (const auto& c : plan->schema.columns) names.push_back(c.name);
      std::vector<std::string> quals;
      for (const auto& c : plan->schema.columns) quals.push_back(c.qualifier);
      for (auto [li, ri] : using_pairs) {
        auto co = MakeCall(registry(), "coalesce", {exprs[li], exprs[ri]});
        if (!co.ok()) return co.status();
        int index = static_cast<int>(exprs.size());
        exprs.push_back(*co);
        names.push_back(scope->columns[li].name);
        quals.push_back("");
        scope->columns[li].qualified_only = true;
        scope->columns[ri].qualified_only = true;
        scope->columns.push_back(ScopeColumn{"", scope->columns[li].name, (*co)->type, true, index, false});
      }
      plan = MakeProjection(plan, exprs, names, quals);
    } else {
      for (auto [li, ri] : using_pairs) {
        // The hidden side stays reachable through its qualifier.
        int hide = type == JoinType::kRight ? li : ri;
        if (hide < static_cast<int>(scope->columns.size())) scope->columns[hide].qualified_only = true;
      }
    }
  }
  return plan;
}

}  // namespace silt::sql::binder_internal
