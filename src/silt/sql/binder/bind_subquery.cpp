// Subqueries in expressions become joins onto the enclosing block's input:
//   EXISTS (q)          -> mark join, the mark column is the value
//   x IN (q)            -> mark join on x = q.col, null-aware (SQL's three-valued IN)
//   (q) as a scalar     -> left join; more than one matching row is an execution error
// Correlated subqueries are decorrelated first: predicates referring to the outer block are
// pulled up out of the subquery (through filters, projections and aggregates, which then
// group by the inner side of each correlated equality) and become the join condition.
#include <algorithm>

#include "silt/functions/type_coercion.h"
#include "silt/sql/kernels/aggregate.h"
#include "silt/sql/binder/binder_internal.h"

namespace silt::sql {
// Declared in sql/kernels/window.h, whose WindowFrame clashes with the AST's.
Result<DataTypePtr> WindowFunctionReturnType(std::string_view name,
                                             const std::vector<DataTypePtr>& arg_types);
}  // namespace silt::sql

namespace silt::sql::binder_internal {

namespace {

bool HasOuterRef(const BoundExpr& e) {
  if (e.kind == BoundExprKind::kOuterColumn) return true;
  for (const auto& c : e.children) {
    if (HasOuterRef(*c)) return true;
  }
  return false;
}


/// Result of pulling correlated predicates out of a subquery plan: the plan (its original
/// columns at the same positions, maybe more appended) and the predicates, over the plan's
/// columns (kColumn) and the outer block's columns (kOuterColumn).
struct PulledUp {
  LogicalPlanPtr plan;
  std::vector<BoundExprPtr> predicates;
  /// Select-list expressions that read the outer block: deferred[i] (over the plan's columns
  /// and kOuterColumn) is the value of output column i, which holds a NULL placeholder in the
  /// plan. Shorter than the schema or null entries: ordinary columns.
  std::vector<BoundExprPtr> deferred;
};

bool AnyDeferred(const PulledUp& p) {
  for (const auto& d : p.deferred) {
    if (d) return true;
  }
  return false;
}

/// `e` (over in.plan's columns) with deferred columns replaced by their expressions.
BoundExprPtr ResolveDeferred(const BoundExprPtr& e, const PulledUp& in) {
  if (!AnyDeferred(in)) return e;
  std::vector<BoundExprPtr> columns;
  for (int i = 0; i < in.plan->schema.size(); ++i) {
    const auto& c = in.plan->schema.columns[i];
    const bool deferred = i < static_cast<int>(in.deferred.size()) && in.deferred[i];
    columns.push_back(deferred ? in.deferred[i] : MakeColumn(i, c.name, c.type, c.nullable));
  }
  return SubstituteColumns(e, columns);
}

Status Unsupported(const std::string& what) {
  return Status::NotSupported("correlated subquery: " + what + " is not supported yet");
}

Result<PulledUp> PullUp(const LogicalPlanPtr& plan) {
  if (!PlanHasOuterRef(*plan)) return PulledUp{plan, {}, {}};
  switch (plan->kind) {
    case PlanKind::kFilter: {
      SILT_ASSIGN_OR_RETURN(auto in, PullUp(plan->inputs[0]));
      std::vector<BoundExprPtr> conjuncts, keep;
      SplitConjunction(ResolveDeferred(plan->exprs[0], in), &conjuncts);
      for (const auto& c : conjuncts) (HasOuterRef(*c) ? in.predicates : keep).push_back(c);
      if (!keep.empty()) {
        SILT_ASSIGN_OR_RETURN(auto pred, Conjunction(keep));
        in.plan = MakeFilter(in.plan, pred);
      }
      return in;
    }
    case PlanKind::kProjection: {
      SILT_ASSIGN_OR_RETURN(auto in, PullUp(plan->inputs[0]));
      // Expressions reading the outer block are deferred: evaluated after the join, over the
      // inner columns they use (kept as extra outputs) and the outer columns.
      std::vector<BoundExprPtr> exprs, deferred(plan->exprs.size());
      for (size_t i = 0; i < plan->exprs.size(); ++i) {
        BoundExprPtr e = ResolveDeferred(plan->exprs[i], in);
        if (HasOuterRef(*e)) {
          deferred[i] = e;
          SILT_ASSIGN_OR_RETURN(e, MakeNullLiteral(e->type));
        }
        exprs.push_back(e);
      }
      std::vector<std::string> names;
      for (const auto& c : plan->schema.columns) names.push_back(c.name);
      std::vector<int> mapping(static_cast<size_t>(in.plan->schema.size()), -1);
      std::vector<int> used;
      for (const auto& p : in.predicates) CollectColumns(*p, &used);
      for (const auto& d : deferred) {
        if (d) CollectColumns(*d, &used);
      }
      for (int col : used) {
        if (mapping[col] >= 0) continue;
        for (size_t i = 0; i < exprs.size(); ++i) {
          if (exprs[i]->kind == BoundExprKind::kColumn && exprs[i]->index == col) mapping[col] = static_cast<int>(i);
        }
        if (mapping[col] < 0) {
          const auto& c = in.plan->schema.columns[col];
          mapping[col] = static_cast<int>(exprs.size());
          exprs.push_back(MakeColumn(col, c.name, c.type, c.nullable));
          names.push_back(c.name);
        }
      }
      PulledUp out;
      out.plan = MakeProjection(in.plan, exprs, names);
      for (const auto& p : in.predicates) out.predicates.push_back(RemapColumns(p, mapping));
      for (auto& d : deferred) {
        if (d) d = RemapColumns(d, mapping);
      }
      out.deferred = std::move(deferred);
      return out;
    }
    case PlanKind::kAggregate: {
      if (!plan->grouping_sets.empty()) return Unsupported("GROUPING SETS");
      SILT_ASSIGN_OR_RETURN(auto in, PullUp(plan->inputs[0]));
      if (AnyDeferred(in)) return Unsupported("an outer column in the select list below an aggregate");
      // Each predicate must be inner_expr = outer_expr; inner_expr becomes a group key.
      auto agg = ClonePlan(*plan);
      agg->inputs = {in.plan};
      std::vector<BoundExprPtr> outer_sides;
      std::vector<int> added;
      for (const auto& p : in.predicates) {
        if (!IsCall(*p, "=") || p->children.size() != 2) {
          return Unsupported("a non-equality correlated predicate below an aggregate");
        }
        BoundExprPtr inner = p->children[0], outer = p->children[1];
        if (HasOuterRef(*inner)) std::swap(inner, outer);
        std::vector<int> cols;
        CollectColumns(*outer, &cols);
        if (HasOuterRef(*inner) || !cols.empty()) {
          return Unsupported("a correlated predicate mixing inner and outer columns below an aggregate");
        }
        int g = -1;
        for (size_t i = 0; i < agg->group_exprs.size(); ++i) {
          if (agg->group_exprs[i]->Equals(*inner)) g = static_cast<int>(i);
        }
        if (g < 0) {
          g = static_cast<int>(agg->group_exprs.size());
          agg->group_exprs.push_back(inner);
          added.push_back(g);
        }
        outer_sides.push_back(outer);
        (void)g;
      }
      // Schema: original groups, new groups, aggregates; then a projection restores the
      // original order with the new groups appended.
      size_t old_groups = plan->group_exprs.size();
      agg->schema.columns.clear();
      for (const auto& g : agg->group_exprs) {
        agg->schema.columns.push_back(PlanColumn{"", g->kind == BoundExprKind::kColumn ? g->name : "group", g->type, g->nullable});
      }
      for (const auto& a : agg->aggregates) agg->schema.columns.push_back(PlanColumn{"", a.name, a.return_type, true});
      std::vector<BoundExprPtr> exprs;
      std::vector<std::string> names;
      auto add = [&](int i) {
        const auto& c = agg->schema.columns[i];
        exprs.push_back(MakeColumn(i, c.name, c.type, c.nullable));
        names.push_back(c.name);
      };
      size_t total_groups = agg->group_exprs.size();
      for (size_t i = 0; i < old_groups; ++i) add(static_cast<int>(i));
      for (size_t i = 0; i < agg->aggregates.size(); ++i) add(static_cast<int>(total_groups + i));
      for (size_t i = old_groups; i < total_groups; ++i) add(static_cast<int>(i));
      PulledUp out;
      out.plan = MakeProjection(agg, exprs, names);
      size_t base = old_groups + agg->aggregates.size();
      for (size_t k = 0; k < in.predicates.size(); ++k) {
        const auto& p = in.predicates[k];
        BoundExprPtr inner = p->children[0];
        if (HasOuterRef(*inner)) inner = p->children[1];
        int g = -1;
        for (size_t i = 0; i < total_groups; ++i) {
          if (agg->group_exprs[i]->Equals(*inner)) g = static_cast<int>(i);
        }
        int out_col = g < static_cast<int>(old_groups) ? g : static_cast<int>(base + (g - old_groups));
        auto eq = MakeCall(functions::FunctionRegistry::Default(), "=",
                           {MakeColumn(out_col, inner->ToString(), inner->type, true), outer_sides[k]});
        if (!eq.ok()) return eq.status();
        out.predicates.push_back(*eq);
      }
      return out;
    }
    case PlanKind::kSort: {
      for (const auto& s : plan->sort_exprs) {
        if (HasOuterRef(*s.expr)) return Unsupported("an outer column in ORDER BY");
      }
      SILT_ASSIGN_OR_RETURN(auto in, PullUp(plan->inputs[0]));
      for (const auto& s : plan->sort_exprs) {
        if (HasOuterRef(*ResolveDeferred(s.expr, in))) return Unsupported("ORDER BY an outer column");
      }
      if (in.predicates.empty()) return PulledUp{WithInputs(*plan, {in.plan}), {}, in.deferred};
      // Order does not matter to a join; a fetch would (per outer row), so refuse it.
      if (plan->fetch) return Unsupported("ORDER BY with LIMIT");
      return in;
    }
    case PlanKind::kLimit: {
      // [ORDER BY ...] LIMIT/OFFSET per outer row: correlated equalities inner = outer become
      // the partition of row_number() OVER (PARTITION BY inner ORDER BY ...), and the limit a
      // filter on it.
      LogicalPlanPtr input = plan->inputs[0];
      std::vector<SortExpr> order;
      if (input->kind == PlanKind::kSort && !input->fetch) {
        order = input->sort_exprs;
        input = input->inputs[0];
      }
      for (const auto& o : order) {
        if (HasOuterRef(*o.expr)) return Unsupported("ORDER BY an outer column");
      }
      SILT_ASSIGN_OR_RETURN(auto in, PullUp(input));
      if (AnyDeferred(in)) return Unsupported("LIMIT below an outer column in the select list");
      WindowCallExpr number;
      number.name = "row_number";
      SILT_ASSIGN_OR_RETURN(number.return_type, WindowFunctionReturnType("row_number", {}));
      for (const auto& p : in.predicates) {
        if (!IsCall(*p, "=") || p->children.size() != 2) return Unsupported("a non-equality correlated predicate below LIMIT");
        BoundExprPtr inner = p->children[0], outer = p->children[1];
        if (HasOuterRef(*inner)) std::swap(inner, outer);
        std::vector<int> cols;
        CollectColumns(*outer, &cols);
        if (HasOuterRef(*inner) || !cols.empty()) return Unsupported("a correlated predicate mixing inner and outer columns below LIMIT");
        number.partition_by.push_back(inner);
      }
      number.order_by = order;
      auto win = std::make_shared<LogicalPlan>();
      win->kind = PlanKind::kWindow;
      win->schema = in.plan->schema;
      const int rn = win->schema.size();
      win->schema.columns.push_back(PlanColumn{"", "__row_number", number.return_type, false});
      win->window_calls = {number};
      win->inputs = {in.plan};
      const auto& registry = functions::FunctionRegistry::Default();
      BoundExprPtr row = MakeColumn(rn, "__row_number", number.return_type, false);
      std::vector<BoundExprPtr> conds;
      SILT_ASSIGN_OR_RETURN(auto after_skip, MakeCall(registry, ">", {row, MakeInt64Literal(plan->skip)}));
      conds.push_back(after_skip);
      if (plan->fetch) {
        SILT_ASSIGN_OR_RETURN(auto within, MakeCall(registry, "<=", {row, MakeInt64Literal(plan->skip + *plan->fetch)}));
        conds.push_back(within);
      }
      SILT_ASSIGN_OR_RETURN(auto keep, Conjunction(conds));
      std::vector<std::string> names;
      for (const auto& c : in.plan->schema.columns) names.push_back(c.name);
      PulledUp out;
      out.plan = MakeProjection(MakeFilter(win, keep), ColumnsOf(in.plan->schema), names);
      out.predicates = std::move(in.predicates);
      return out;
    }
    case PlanKind::kJoin: {
      if (plan->join_filter && HasOuterRef(*plan->join_filter)) return Unsupported("an outer column in a join condition");
      SILT_ASSIGN_OR_RETURN(auto l, PullUp(plan->inputs[0]));
      SILT_ASSIGN_OR_RETURN(auto r, PullUp(plan->inputs[1]));
      if (!l.predicates.empty() || !r.predicates.empty() || AnyDeferred(l) || AnyDeferred(r)) {
        return Unsupported("a correlated predicate inside a join input");
      }
      return PulledUp{plan, {}, {}};
    }
    default:
      return Unsupported("this plan shape");
  }
}

/// Outer references become columns of the outer input; inner columns shift past it.
BoundExprPtr ToJoinSpace(const BoundExprPtr& e, int outer_width) {
  if (e->kind == BoundExprKind::kOuterColumn) return MakeColumn(e->index, e->name, e->type, e->nullable);
  if (e->kind == BoundExprKind::kColumn) return MakeColumn(e->index + outer_width, e->name, e->type, e->nullable);
  if (e->children.empty()) return e;
  std::vector<BoundExprPtr> children;
  for (const auto& c : e->children) children.push_back(ToJoinSpace(c, outer_width));
  return WithChildren(*e, std::move(children));
}

/// Splits join-space predicates into equi keys (left side over the outer input, right over
/// the subquery) and a residual filter.
Status SplitJoinCondition(const std::vector<BoundExprPtr>& predicates, int outer_width,
                          std::vector<std::pair<BoundExprPtr, BoundExprPtr>>* keys,
                          std::vector<BoundExprPtr>* residual) {
  for (const auto& p : predicates) {
    std::vector<BoundExprPtr> conjuncts;
    SplitConjunction(p, &conjuncts);
    for (const auto& c : conjuncts) {
      if (IsCall(*c, "=") && c->children.size() == 2) {
        const auto& a = c->children[0];
        const auto& b = c->children[1];
        constexpr int kMax = 1 << 30;
        if (ColumnsWithin(*a, 0, outer_width) && ColumnsWithin(*b, outer_width, kMax)) {
          keys->emplace_back(a, ShiftColumns(b, -outer_width));
          continue;
        }
        if (ColumnsWithin(*b, 0, outer_width) && ColumnsWithin(*a, outer_width, kMax)) {
          keys->emplace_back(b, ShiftColumns(a, -outer_width));
          continue;
        }
      }
      residual->push_back(c);
    }
  }
  return Status::OK();
}

bool IsCountAggregate(const LogicalPlan& plan, int column) {
  // Follow projections of plain columns down to an aggregate.
  const LogicalPlan* p = &plan;
  int col = column;
  while (p->kind == PlanKind::kProjection) {
    const auto& e = p->exprs[col];
    if (e->kind != BoundExprKind::kColumn) return false;
    col = e->index;
    p = p->inputs[0].get();
  }
  if (p->kind != PlanKind::kAggregate) return false;
  int agg = col - static_cast<int>(p->group_exprs.size());
  return agg >= 0 && agg < static_cast<int>(p->aggregates.size()) && p->aggregates[agg].name == "count";
}

}  // namespace

bool PlanHasOuterRef(const LogicalPlan& plan) {
  auto any = [](const std::vector<BoundExprPtr>& v) {
    for (const auto& e : v) {
      if (e && HasOuterRef(*e)) return true;
    }
    return false;
  };
  if (any(plan.exprs) || any(plan.filters) || any(plan.group_exprs)) return true;
  if (plan.join_filter && HasOuterRef(*plan.join_filter)) return true;
  for (const auto& [l, r] : plan.join_keys) {
    if (HasOuterRef(*l) || HasOuterRef(*r)) return true;
  }
  for (const auto& a : plan.aggregates) {
    if (any(a.args) || (a.filter && HasOuterRef(*a.filter))) return true;
  }
  for (const auto& w : plan.window_calls) {
    if (any(w.args) || any(w.partition_by)) return true;
  }
  for (const auto& s : plan.sort_exprs) {
    if (HasOuterRef(*s.expr)) return true;
  }
  for (const auto& row : plan.rows) {
    if (any(row)) return true;
  }
  for (const auto& in : plan.inputs) {
    if (PlanHasOuterRef(*in)) return true;
  }
  return false;
}

Result<BoundExprPtr> QueryBinder::BindSubquery(const Expr& expr, ExprContext& ctx) {
  if (!ctx.plan) {
    return ErrorAt(StatusCode::kNotSupported, std::string("subqueries are not supported in ") + ctx.clause, expr.loc);
  }
  const Query* query = nullptr;
  BoundExprPtr operand;
  const Expr* operand_ast = nullptr;
  bool negated = false;
  const QuantifiedExpr* quantified = nullptr;
  switch (expr.kind) {
    case ExprKind::kSubquery:
      query = expr.As<SubqueryExpr>().query.get();
      break;
    case ExprKind::kExists:
      query = expr.As<ExistsExpr>().query.get();
      break;
    case ExprKind::kInSubquery:
      query = expr.As<InSubqueryExpr>().subquery.get();
      operand_ast = expr.As<InSubqueryExpr>().operand.get();
      negated = expr.As<InSubqueryExpr>().negated;
      break;
    case ExprKind::kQuantified: {
      const auto& q = expr.As<QuantifiedExpr>();
      if (!q.subquery) return ErrorAt(StatusCode::kNotSupported, "ANY/ALL over arrays is not supported", expr.loc);
      // x = ANY (q) is IN; x <> ALL (q) is NOT IN; other comparisons aggregate q.
      if (q.op == BinaryOp::kEq && !q.all) {
        negated = false;
      } else if (q.op == BinaryOp::kNotEq && q.all) {
        negated = true;
      } else {
        quantified = &q;
      }
      query = q.subquery.get();
      operand_ast = q.left.get();
      break;
    }
    default:
      return Status::Internal("not a subquery");
  }
  // (a, b, ...) IN / op ANY|ALL (q): a row operand, compared column by column.
  std::vector<BoundExprPtr> row;
  if (operand_ast && operand_ast->kind == ExprKind::kRow) {
    for (const auto& e : operand_ast->As<RowExpr>().elements) {
      SILT_ASSIGN_OR_RETURN(auto v, BindExpr(*e, ctx));
      row.push_back(v);
    }
  } else if (operand_ast) {
    SILT_ASSIGN_OR_RETURN(operand, BindExpr(*operand_ast, ctx));
  }

  SILT_ASSIGN_OR_RETURN(auto sub, BindQuery(*query, ctx.scope));
  auto pulled = PullUp(sub);
  if (!pulled.ok() && expr.kind == ExprKind::kSubquery) {
    // A correlated aggregate that equi-key decorrelation cannot handle (u.a > t.a below
    // max(...)): aggregate per outer row instead.
    SILT_ASSIGN_OR_RETURN(auto value, BindCorrelatedAggregate(sub, ctx, expr));
    if (value) return value;
  }
  if (!pulled.ok()) return ErrorAt(pulled.status().code(), pulled.status().message(), expr.loc);
  if (PlanHasOuterRef(*pulled->plan)) {
    return ErrorAt(StatusCode::kNotSupported, "correlated subquery: this shape is not supported yet", expr.loc);
  }
  LogicalPlanPtr& outer_plan = *ctx.plan;
  int outer_width = outer_plan->schema.size();
  int original_width = sub->schema.size();
  std::vector<BoundExprPtr> predicates;
  for (const auto& p : pulled->predicates) predicates.push_back(ToJoinSpace(p, outer_width));
  std::vector<std::pair<BoundExprPtr, BoundExprPtr>> keys;
  std::vector<BoundExprPtr> residual;
  SILT_RETURN_NOT_OK(SplitJoinCondition(predicates, outer_width, &keys, &residual));
  LogicalPlanPtr inner = pulled->plan;
  std::string label = "__subquery" + std::to_string(subquery_counter_++);
  const BoundExprPtr deferred_value = pulled->deferred.empty() ? nullptr : pulled->deferred[0];
  if (deferred_value && expr.kind != ExprKind::kSubquery && expr.kind != ExprKind::kExists) {
    return ErrorAt(StatusCode::kNotSupported, "correlated subquery: an outer column in the select list of IN / ANY / ALL is not supported yet", expr.loc);
  }
  if (!row.empty()) {
    if (!pulled->predicates.empty()) {
      return ErrorAt(StatusCode::kNotSupported, "correlated subquery: row comparisons with a correlated subquery are not supported yet", expr.loc);
    }
    if (original_width != static_cast<int>(row.size())) {
      return ErrorAt(StatusCode::kPlan, "subquery has " + std::to_string(original_width) + " columns, the row " +
                         std::to_string(row.size()), expr.loc);
    }
    // IN is = ANY and NOT IN its negation; a quantified comparison says its own operator.
    BinaryOp op = BinaryOp::kEq;
    bool all = false;
    bool negate = negated;
    if (expr.kind == ExprKind::kQuantified) {
      op = expr.As<QuantifiedExpr>().op;
      all = expr.As<QuantifiedExpr>().all;
      negate = false;
    }
    SILT_ASSIGN_OR_RETURN(auto result, BindRowQuantified(op, all, row, inner, ctx, expr));
    if (negate) return Call("not", {result}, expr);
    return result;
  }
  if (quantified) {
    if (!pulled->predicates.empty()) {
      return ErrorAt(StatusCode::kNotSupported, "correlated subquery: quantified comparisons other than = ANY and <> ALL are not supported yet", expr.loc);
    }
    if (original_width != 1) {
      return ErrorAt(StatusCode::kNotSupported, "row comparisons with ANY/ALL are not supported", expr.loc);
    }
    return BindQuantifiedComparison(*quantified, operand, inner, ctx);
  }

  if (expr.kind == ExprKind::kSubquery) {
    if (original_width != 1) {
      return ErrorAt(StatusCode::kPlan, "subquery must return only one column", expr.loc);
    }
    SILT_ASSIGN_OR_RETURN(auto filter, Conjunction(residual));
    const int inner_width = inner->schema.size();
    if (deferred_value) {
      // A marker column tells a matched row from the left join's NULL padding.
      std::vector<BoundExprPtr> exprs = ColumnsOf(inner->schema);
      std::vector<std::string> names;
      for (const auto& col : inner->schema.columns) names.push_back(col.name);
      exprs.push_back(MakeBoolLiteral(true));
      names.push_back("__matched");
      inner = MakeProjection(inner, exprs, names);
    }
    auto join = ClonePlan(*MakeJoin(outer_plan, inner, JoinType::kLeft, keys, filter));
    join->distinct = true;  // at most one match per outer row (checked when executed)
    outer_plan = join;
    const auto& c = inner->schema.columns[0];
    BoundExprPtr value = MakeColumn(outer_width, c.name, c.type, true);
    if (deferred_value) {
      SILT_ASSIGN_OR_RETURN(auto matched, Call("is_not_null", {MakeColumn(outer_width + inner_width, "__matched", boolean(), true)}, expr));
      auto node = std::make_shared<BoundExpr>();
      node->kind = BoundExprKind::kCase;
      node->type = c.type;
      node->has_else = false;
      node->children = {matched, MakeCast(ToJoinSpace(deferred_value, outer_width), c.type)};
      value = node;
    }
    if (!pulled->predicates.empty() && IsCountAggregate(*inner, 0)) {
      // COUNT over no rows is 0, not the NULL an unmatched left join yields.
      SILT_ASSIGN_OR_RETURN(value, Call("coalesce", {value, MakeCast(MakeInt64Literal(0), c.type)}, expr));
    }
    return value;
  }

  if (operand) {
    if (original_width != 1) {
      return ErrorAt(StatusCode::kPlan, "subquery has too many columns for IN", expr.loc);
    }
    const auto& c = inner->schema.columns[0];
    auto common = functions::CommonSuperType(operand->type, c.type);
    if (!common.ok()) return ErrorAt(StatusCode::kPlan, "IN: " + common.status().message(), expr.loc);
    BoundExprPtr right = MakeCast(MakeColumn(0, c.name, c.type, c.nullable), *common);
    keys.insert(keys.begin(), {MakeCast(operand, *common), right});
  }
  SILT_ASSIGN_OR_RETURN(auto filter, Conjunction(residual));
  auto join = ClonePlan(*MakeJoin(outer_plan, inner, JoinType::kMark, keys, filter, label));
  join->null_aware = operand != nullptr;
  outer_plan = join;
  BoundExprPtr mark = MakeColumn(outer_width, label, boolean(), true);
  if (negated) return Call("not", {mark}, expr);
  return mark;
}

// x op ANY (q) / x op ALL (q) for op other than = ANY and <> ALL: q is reduced to one row
// (min, max, count(*), count(y)) joined onto every outer row, and the three-valued answer
// follows from those. ANY: false over no rows; true when some y satisfies x op y; otherwise
// NULL when x or some y is NULL; otherwise false. ALL is the mirror image.
Result<BoundExprPtr> QueryBinder::BindQuantifiedComparison(const QuantifiedExpr& q, const BoundExprPtr& operand,
                                                           const LogicalPlanPtr& inner, ExprContext& ctx) {
  const auto& c = inner->schema.columns[0];
  auto common = functions::CommonSuperType(operand->type, c.type);
  if (!common.ok()) return ErrorAt(StatusCode::kPlan, "ANY/ALL: " + common.status().message(), q.loc);
  BoundExprPtr y = MakeCast(MakeColumn(0, c.name, c.type, c.nullable), *common);
  auto agg = std::make_shared<LogicalPlan>();
  agg->kind = PlanKind::kAggregate;
  agg->inputs = {inner};
  const char* names[] = {"min", "max", "count", "count"};
  for (int i = 0; i < 4; ++i) {
    AggregateCallExpr call;
    call.name = names[i];
    if (i != 2) call.args.push_back(y);
    std::vector<DataTypePtr> types;
    for (const auto& a : call.args) types.push_back(a->type);
    auto bound = BindAggregate(call.name, types, false);
    if (!bound.ok()) return ErrorAt(bound.status().code(), "ANY/ALL: " + bound.status().message(), q.loc);
    for (size_t k = 0; k < call.args.size(); ++k) call.args[k] = MakeCast(call.args[k], bound->arg_types[k]);
    call.return_type = bound->return_type;
    agg->schema.columns.push_back(PlanColumn{"", call.name, call.return_type, true});
    agg->aggregates.push_back(std::move(call));
  }
  LogicalPlanPtr& outer_plan = *ctx.plan;
  const int w = outer_plan->schema.size();
  outer_plan = MakeJoin(outer_plan, agg, JoinType::kLeft, {}, nullptr);
  BoundExprPtr x = MakeCast(operand, *common);
  BoundExprPtr min = MakeColumn(w, "min", agg->schema.columns[0].type, true);
  BoundExprPtr max = MakeColumn(w + 1, "max", agg->schema.columns[1].type, true);
  BoundExprPtr rows = MakeColumn(w + 2, "count", int64(), true);
  BoundExprPtr values = MakeColumn(w + 3, "count", int64(), true);
  auto cmp = [&](const char* op, const BoundExprPtr& v) { return Call(op, {x, v}, q); };
  // decisive: the condition under which the answer is `!q.all` (ANY: some y satisfies the
  // comparison; ALL: some y fails it).
  BoundExprPtr decisive;
  auto either = [&](const char* op) -> Result<BoundExprPtr> {
    SILT_ASSIGN_OR_RETURN(auto a, cmp(op, min));
    SILT_ASSIGN_OR_RETURN(auto b, cmp(op, max));
    return Call("or", {a, b}, q);
  };
  const bool all = q.all;
  Result<BoundExprPtr> found = Status::Internal("unset");
  switch (q.op) {
    case BinaryOp::kEq:     // = ALL
    case BinaryOp::kNotEq:  // <> ANY
      found = either("<>");
      break;
    case BinaryOp::kLt: found = all ? cmp(">=", min) : cmp("<", max); break;
    case BinaryOp::kLtEq: found = all ? cmp(">", min) : cmp("<=", max); break;
    case BinaryOp::kGt: found = all ? cmp("<=", max) : cmp(">", min); break;
    case BinaryOp::kGtEq: found = all ? cmp("<", max) : cmp(">=", min); break;
    default:
      return ErrorAt(StatusCode::kPlan, "ANY and ALL require one of the comparisons =, <>, <, <=, >, >=", q.loc);
  }
  SILT_ASSIGN_OR_RETURN(decisive, std::move(found));
  SILT_ASSIGN_OR_RETURN(auto no_rows, Call("=", {rows, MakeInt64Literal(0)}, q));
  SILT_ASSIGN_OR_RETURN(auto x_null, Call("is_null", {x}, q));
  SILT_ASSIGN_OR_RETURN(auto some_null, Call("<", {values, rows}, q));
  SILT_ASSIGN_OR_RETURN(auto unknown, Call("or", {x_null, some_null}, q));
  SILT_ASSIGN_OR_RETURN(auto null_bool, MakeNullLiteral(boolean()));
  auto node = std::make_shared<BoundExpr>();
  node->kind = BoundExprKind::kCase;
  node->type = boolean();
  node->has_else = true;
  node->children = {no_rows, MakeBoolLiteral(all), decisive, MakeBoolLiteral(!all), unknown, null_bool,
                    MakeBoolLiteral(all)};
  return BoundExprPtr(node);
}

// PostgreSQL's row comparison of `left` and `right` (equal lengths): = is the AND of the
// column equalities, <> their OR; < <= > >= compare lexicographically, the first pair that is
// unequal (or NULL) deciding.
Result<BoundExprPtr> QueryBinder::RowComparison(BinaryOp op, const std::vector<BoundExprPtr>& left,
                                                const std::vector<BoundExprPtr>& right, const Expr& at) {
  const size_t k = left.size();
  std::vector<BoundExprPtr> l(k), r(k);
  for (size_t i = 0; i < k; ++i) {
    auto common = functions::CommonSuperType(left[i]->type, right[i]->type);
    if (!common.ok()) return ErrorAt(StatusCode::kPlan, "row comparison: " + common.status().message(), at.loc);
    l[i] = MakeCast(left[i], *common);
    r[i] = MakeCast(right[i], *common);
  }
  if (op == BinaryOp::kEq || op == BinaryOp::kNotEq) {
    const char* cmp = op == BinaryOp::kEq ? "=" : "<>";
    SILT_ASSIGN_OR_RETURN(auto out, Call(cmp, {l[0], r[0]}, at));
    for (size_t i = 1; i < k; ++i) {
      SILT_ASSIGN_OR_RETURN(auto c, Call(cmp, {l[i], r[i]}, at));
      SILT_ASSIGN_OR_RETURN(out, Call(op == BinaryOp::kEq ? "and" : "or", {out, c}, at));
    }
    return out;
  }
  const char* last = op == BinaryOp::kLt ? "<" : op == BinaryOp::kLtEq ? "<=" : op == BinaryOp::kGt ? ">" : op == BinaryOp::kGtEq ? ">=" : nullptr;
  if (!last) return ErrorAt(StatusCode::kPlan, "row comparison needs one of =, <>, <, <=, >, >=", at.loc);
  const char* strict = (op == BinaryOp::kLt || op == BinaryOp::kLtEq) ? "<" : ">";
  SILT_ASSIGN_OR_RETURN(auto out, Call(last, {l[k - 1], r[k - 1]}, at));
  for (size_t i = k - 1; i-- > 0;) {
    SILT_ASSIGN_OR_RETURN(auto before, Call(strict, {l[i], r[i]}, at));
    SILT_ASSIGN_OR_RETURN(auto same, Call("=", {l[i], r[i]}, at));
    SILT_ASSIGN_OR_RETURN(auto rest, Call("and", {same, out}, at));
    SILT_ASSIGN_OR_RETURN(out, Call("or", {before, rest}, at));
  }
  return out;
}

// row op ANY|ALL (q) for an uncorrelated q with as many columns as the row: two mark joins
// onto *ctx.plan, one finding a row of q that decides the answer (ANY: the comparison is
// TRUE; ALL: it is FALSE), one finding a row where it is NULL.
Result<BoundExprPtr> QueryBinder::BindRowQuantified(BinaryOp op, bool all, const std::vector<BoundExprPtr>& row,
                                                    const LogicalPlanPtr& inner, ExprContext& ctx, const Expr& at) {
  LogicalPlanPtr& outer_plan = *ctx.plan;
  BoundExprPtr marks[2];
  for (int pass = 0; pass < 2; ++pass) {
    const int w = outer_plan->schema.size();
    std::vector<BoundExprPtr> right;
    for (int j = 0; j < inner->schema.size(); ++j) {
      const auto& c = inner->schema.columns[j];
      right.push_back(MakeColumn(w + j, c.name, c.type, c.nullable));
    }
    SILT_ASSIGN_OR_RETURN(auto cmp, RowComparison(op, row, right, at));
    BoundExprPtr filter;
    if (pass == 0) {
      if (all) {
        SILT_ASSIGN_OR_RETURN(filter, Call("not", {cmp}, at));
      } else {
        filter = cmp;
      }
    } else {
      SILT_ASSIGN_OR_RETURN(filter, Call("is_null", {cmp}, at));
    }
    std::string label = "__subquery" + std::to_string(subquery_counter_++);
    outer_plan = MakeJoin(outer_plan, inner, JoinType::kMark, {}, filter, label);
    marks[pass] = MakeColumn(w, label, boolean(), true);
  }
  SILT_ASSIGN_OR_RETURN(auto null_bool, MakeNullLiteral(boolean()));
  auto node = std::make_shared<BoundExpr>();
  node->kind = BoundExprKind::kCase;
  node->type = boolean();
  node->has_else = true;
  node->children = {marks[0], MakeBoolLiteral(!all), marks[1], null_bool, MakeBoolLiteral(all)};
  return BoundExprPtr(node);
}

namespace {

// A subquery [Projection...] over an ungrouped Aggregate over a correlated input whose
// predicates need not be equalities, evaluated once per row of `outer_plan`: every outer row
// is numbered, left-joined to the inner rows satisfying the predicates and aggregated per row
// number (the outer columns carried with any_value); the projections above the aggregate are
// inlined. The result has the outer columns (same positions, names and qualifiers) followed by
// the subquery's. Null when the subquery has another shape.
Result<LogicalPlanPtr> AggregatePerOuterRow(const LogicalPlanPtr& sub, const LogicalPlanPtr& outer_plan) {
  std::vector<const LogicalPlan*> projections;  // top-down
  const LogicalPlan* node = sub.get();
  while (node->kind == PlanKind::kProjection) {
    for (const auto& e : node->exprs) {
      if (HasOuterRef(*e)) return LogicalPlanPtr();
    }
    projections.push_back(node);
    node = node->inputs[0].get();
  }
  if (node->kind != PlanKind::kAggregate || !node->group_exprs.empty() || !node->grouping_sets.empty()) return LogicalPlanPtr();
  for (const auto& a : node->aggregates) {
    for (const auto& x : a.args) {
      if (HasOuterRef(*x)) return LogicalPlanPtr();
    }
    if (a.filter && HasOuterRef(*a.filter)) return LogicalPlanPtr();
    for (const auto& o : a.order_by) {
      if (HasOuterRef(*o.expr)) return LogicalPlanPtr();
    }
  }
  auto in = PullUp(node->inputs[0]);
  if (!in.ok() || in->predicates.empty() || AnyDeferred(*in) || PlanHasOuterRef(*in->plan)) return LogicalPlanPtr();

  const PlanSchema outer_schema = outer_plan->schema;
  const int w = outer_schema.size();
  // Number the outer rows: row_number() OVER () at column w.
  WindowCallExpr number;
  number.name = "row_number";
  SILT_ASSIGN_OR_RETURN(number.return_type, WindowFunctionReturnType("row_number", {}));
  auto numbered = std::make_shared<LogicalPlan>();
  numbered->kind = PlanKind::kWindow;
  numbered->schema = outer_schema;
  numbered->schema.columns.push_back(PlanColumn{"", "__outer_row", number.return_type, false});
  numbered->window_calls = {number};
  numbered->inputs = {outer_plan};
  // The inner side with a marker column (TRUE on every inner row, NULL on padding).
  LogicalPlanPtr inner = in->plan;
  const int inner_width = inner->schema.size();
  {
    std::vector<BoundExprPtr> exprs = ColumnsOf(inner->schema);
    std::vector<std::string> names;
    for (const auto& c : inner->schema.columns) names.push_back(c.name);
    exprs.push_back(MakeBoolLiteral(true));
    names.push_back("__matched");
    inner = MakeProjection(inner, exprs, names);
  }
  const int left_width = w + 1;
  std::vector<BoundExprPtr> predicates;
  for (const auto& p : in->predicates) predicates.push_back(ToJoinSpace(p, left_width));
  std::vector<std::pair<BoundExprPtr, BoundExprPtr>> keys;
  std::vector<BoundExprPtr> residual;
  SILT_RETURN_NOT_OK(SplitJoinCondition(predicates, left_width, &keys, &residual));
  SILT_ASSIGN_OR_RETURN(auto filter, Conjunction(residual));
  LogicalPlanPtr joined = MakeJoin(numbered, inner, JoinType::kLeft, keys, filter);

  // Aggregate per outer row: group by the row number, carry the outer columns.
  auto agg = std::make_shared<LogicalPlan>();
  agg->kind = PlanKind::kAggregate;
  agg->group_exprs = {MakeColumn(w, "__outer_row", number.return_type, false)};
  agg->schema.columns.push_back(PlanColumn{"", "__outer_row", number.return_type, false});
  for (int i = 0; i < w; ++i) {
    const auto& c = outer_schema.columns[i];
    AggregateCallExpr carry;
    carry.name = "any_value";
    carry.args = {MakeColumn(i, c.name, c.type, c.nullable)};
    auto bound = BindAggregate("any_value", {c.type}, false);
    if (!bound.ok()) return LogicalPlanPtr();
    carry.return_type = bound->return_type;
    agg->schema.columns.push_back(PlanColumn{c.qualifier, c.name, carry.return_type, true});
    agg->aggregates.push_back(std::move(carry));
  }
  const BoundExprPtr marker = MakeColumn(left_width + inner_width, "__matched", boolean(), true);
  for (const auto& a : node->aggregates) {
    AggregateCallExpr call = a;
    for (auto& x : call.args) x = ShiftColumns(x, left_width);
    if (call.filter) call.filter = ShiftColumns(call.filter, left_width);
    for (auto& o : call.order_by) o.expr = ShiftColumns(o.expr, left_width);
    if (call.name == "count" && call.args.empty()) call.args = {marker};  // count(*) counts matches
    agg->schema.columns.push_back(PlanColumn{"", call.name, call.return_type, true});
    agg->aggregates.push_back(std::move(call));
  }
  agg->inputs = {joined};

  // The subquery's columns over the aggregate's output, projections inlined bottom-up.
  std::vector<BoundExprPtr> layer;
  for (size_t j = 0; j < node->aggregates.size(); ++j) {
    const auto& a = node->aggregates[j];
    layer.push_back(MakeColumn(1 + w + static_cast<int>(j), a.name, a.return_type, true));
  }
  for (size_t k = projections.size(); k-- > 0;) {
    std::vector<BoundExprPtr> next;
    for (const auto& e : projections[k]->exprs) next.push_back(SubstituteColumns(e, layer));
    layer = std::move(next);
  }
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names, qualifiers;
  for (int i = 0; i < w; ++i) {
    const auto& c = outer_schema.columns[i];
    exprs.push_back(MakeColumn(1 + i, c.name, c.type, true));
    names.push_back(c.name);
    qualifiers.push_back(c.qualifier);
  }
  for (int i = 0; i < sub->schema.size(); ++i) {
    const auto& c = sub->schema.columns[i];
    exprs.push_back(MakeCast(layer[static_cast<size_t>(i)], c.type));
    names.push_back(c.name);
    qualifiers.push_back("");
  }
  return MakeProjection(agg, exprs, names, qualifiers);
}

// Whether an aggregate in `plan` reads correlated rows: decorrelating it groups by the
// correlation keys, which loses the one row an outer row with no matches should see.
bool AggregatesCorrelatedRows(const LogicalPlan& plan) {
  if (plan.kind == PlanKind::kAggregate && PlanHasOuterRef(*plan.inputs[0])) return true;
  for (const auto& in : plan.inputs) {
    if (AggregatesCorrelatedRows(*in)) return true;
  }
  return false;
}

}  // namespace

// A scalar subquery over a correlated ungrouped aggregate (any correlation): the outer plan
// becomes AggregatePerOuterRow's, whose column w is the value.
Result<BoundExprPtr> QueryBinder::BindCorrelatedAggregate(const LogicalPlanPtr& sub, ExprContext& ctx, const Expr& at) {
  (void)at;
  if (sub->schema.size() != 1) return BoundExprPtr();
  LogicalPlanPtr& outer_plan = *ctx.plan;
  const int w = outer_plan->schema.size();
  SILT_ASSIGN_OR_RETURN(auto plan, AggregatePerOuterRow(sub, outer_plan));
  if (!plan) return BoundExprPtr();
  outer_plan = plan;
  const auto& c = sub->schema.columns[0];
  return MakeColumn(w, c.name, c.type, true);
}

Status SplitJoinKeys(const std::vector<BoundExprPtr>& predicates, int left_width,
                     std::vector<std::pair<BoundExprPtr, BoundExprPtr>>* keys, std::vector<BoundExprPtr>* residual) {
  return SplitJoinCondition(predicates, left_width, keys, residual);
}

Result<LogicalPlanPtr> LateralAggregatePerRow(const LogicalPlanPtr& sub, const LogicalPlanPtr& left) {
  return AggregatePerOuterRow(sub, left);
}

Result<LateralSubquery> QueryBinder::BindLateralSubquery(const Query& query, const Scope& left_scope, int left_width,
                                                         const SourceLocation& loc) {
  SILT_ASSIGN_OR_RETURN(auto sub, BindQuery(query, &left_scope));
  LateralSubquery out;
  out.columns = sub->schema;
  if (!PlanHasOuterRef(*sub)) {
    out.right = sub;
    return out;
  }
  if (AggregatesCorrelatedRows(*sub)) {
    // Needs the left plan: JoinLateral evaluates it per left row (AggregatePerOuterRow).
    out.per_row_aggregate = sub;
    return out;
  }
  auto pulled = PullUp(sub);
  if (!pulled.ok()) return ErrorAt(pulled.status().code(), pulled.status().message(), loc);
  if (PlanHasOuterRef(*pulled->plan)) {
    return ErrorAt(StatusCode::kNotSupported, "correlated subquery: this shape is not supported yet", loc);
  }
  out.right = pulled->plan;
  for (const auto& p : pulled->predicates) out.conjuncts.push_back(ToJoinSpace(p, left_width));
  out.deferred.resize(static_cast<size_t>(sub->schema.size()));
  for (size_t i = 0; i < out.deferred.size() && i < pulled->deferred.size(); ++i) {
    if (pulled->deferred[i]) out.deferred[i] = ToJoinSpace(pulled->deferred[i], left_width);
  }
  return out;
}

}  // namespace silt::sql::binder_internal
