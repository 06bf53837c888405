#include "silt/sql/plan/statistics.h"

#include <algorithm>

namespace silt::sql {

namespace {

/// Fraction of the cross product a join's condition keeps: the most selective column
/// equality between the sides (several keys between the same inputs are usually correlated,
/// e.g. partsupp's (partkey, suppkey), so their product would underestimate badly), times
/// 50% per other condition.
double JoinConditionSelectivity(const LogicalPlan& plan) {
  const int lw = plan.inputs[0]->schema.size();
  std::optional<double> equi;
  double other = 1.0;
  auto equality = [&](const BoundExpr& a, const BoundExpr& b) {
    if (a.kind != BoundExprKind::kColumn || b.kind != BoundExprKind::kColumn) return false;
    const BoundExpr& l = a.index < lw ? a : b;
    const BoundExpr& r = a.index < lw ? b : a;
    if (l.index >= lw || r.index < lw) return false;
    double s = EstimateEquiJoinSelectivity(*plan.inputs[0], l.index, *plan.inputs[1], r.index - lw);
    equi = std::min(equi.value_or(1.0), s);
    return true;
  };
  for (const auto& [l, r] : plan.join_keys) {
    if (l->kind == BoundExprKind::kColumn && r->kind == BoundExprKind::kColumn) {
      double s = EstimateEquiJoinSelectivity(*plan.inputs[0], l->index, *plan.inputs[1], r->index);
      equi = std::min(equi.value_or(1.0), s);
    } else {
      other *= 0.1;
    }
  }
  if (plan.join_filter) {
    std::vector<BoundExprPtr> conjuncts;
    SplitConjunction(plan.join_filter, &conjuncts);
    for (const auto& c : conjuncts) {
      if (IsCall(*c, "=") && equality(*c->children[0], *c->children[1])) continue;
      other *= EstimateSelectivity(*c);
    }
  }
  return equi.value_or(1.0) * other;
}

}  // namespace

double EstimateSelectivity(const BoundExpr& predicate) {
  if (IsCall(predicate, "and")) {
    return EstimateSelectivity(*predicate.children[0]) * EstimateSelectivity(*predicate.children[1]);
  }
  if (IsCall(predicate, "or")) {
    double a = EstimateSelectivity(*predicate.children[0]);
    double b = EstimateSelectivity(*predicate.children[1]);
    return a + b - a * b;
  }
  if (IsCall(predicate, "not")) return 1.0 - EstimateSelectivity(*predicate.children[0]);
  // Patterns usually name something specific ('forest%', '%BRASS').
  if (IsCall(predicate, "like") || IsCall(predicate, "ilike")) return 0.1;
  if (IsCall(predicate, "not_like") || IsCall(predicate, "not_ilike")) return 0.9;
  return IsCall(predicate, "=") ? 0.1 : 0.5;
}

double EstimateEquiJoinSelectivity(const LogicalPlan& left, int left_col, const LogicalPlan& right, int right_col) {
  const LogicalPlan* plans[2] = {&left, &right};
  const int cols[2] = {left_col, right_col};
  std::optional<double> ndv[2], rows[2], base[2];
  double min_rows = 1e18;
  for (int k = 0; k < 2; ++k) {
    ndv[k] = EstimateNdv(*plans[k], cols[k]);
    rows[k] = EstimateRows(*plans[k]);
    base[k] = EstimateBaseNdv(*plans[k], cols[k]);
    min_rows = std::min(min_rows, rows[k].value_or(1e18));
  }
  // A side whose values are (nearly) unique is a key: the other side's values lie in its
  // unfiltered domain, which bounds an NDV that min/max ranges overestimate for sparse
  // foreign keys (l_orderkey spans 1..6M with 1.5M values).
  for (int k = 0; k < 2; ++k) {
    bool unique = ndv[k] && rows[k] && *ndv[k] >= 0.9 * *rows[k];
    if (unique && base[k] && ndv[1 - k]) ndv[1 - k] = std::min(*ndv[1 - k], *base[k]);
  }
  // Known NDVs: the larger. Unknown on both sides: assume a key / foreign-key join, so the
  // smaller input's rows are the distinct values (c_nationkey = n_nationkey: 25).
  std::optional<double> known;
  for (int k = 0; k < 2; ++k) {
    if (ndv[k]) known = std::max(known.value_or(1.0), *ndv[k]);
  }
  return 1.0 / std::max(1.0, known ? *known : min_rows);
}

std::optional<double> EstimateRows(const LogicalPlan& plan) {
  switch (plan.kind) {
    case PlanKind::kScan: {
      auto stats = plan.source->statistics();
      std::optional<double> rows;
      if (stats.num_rows) rows = static_cast<double>(*stats.num_rows);
      else if (stats.total_bytes) rows = static_cast<double>(*stats.total_bytes) / 16.0;
      // Scan filters repeat the Filter above the scan (which the estimate applies); they only
      // prune, so they do not reduce the estimate again here.
      if (rows && plan.fetch) *rows = std::min(*rows, static_cast<double>(*plan.fetch));
      return rows;
    }
    case PlanKind::kValues:
      return static_cast<double>(plan.rows.size());
    case PlanKind::kEmpty:
      return plan.produce_one_row ? 1.0 : 0.0;
    case PlanKind::kFilter: {
      auto in = EstimateRows(*plan.inputs[0]);
      if (!in) return in;
      return *in * EstimateSelectivity(*plan.exprs[0]);
    }
    case PlanKind::kAggregate: {
      auto in = EstimateRows(*plan.inputs[0]);
      if (plan.group_exprs.empty()) return 1.0;
      if (!in) return in;
      // A tenth of the input, or fewer when the group keys' NDVs say so (min/max ranges
      // overestimate sparse keys' NDVs: l_orderkey spans 6M values, has 1.5M).
      double groups = 1.0;
      for (const auto& g : plan.group_exprs) {
        auto ndv = g->kind == BoundExprKind::kColumn ? EstimateNdv(*plan.inputs[0], g->index) : std::nullopt;
        if (!ndv || !plan.grouping_sets.empty()) return *in * 0.1;
        groups *= *ndv;
      }
      return std::min(*in * 0.1, groups);
    }
    case PlanKind::kLimit: {
      auto in = EstimateRows(*plan.inputs[0]);
      if (plan.fetch && (!in || *in > static_cast<double>(*plan.fetch))) return static_cast<double>(*plan.fetch);
      return in;
    }
    case PlanKind::kJoin: {
      auto l = EstimateRows(*plan.inputs[0]);
      auto r = EstimateRows(*plan.inputs[1]);
      if (!l || !r) return std::nullopt;
      switch (plan.join_type) {
        case JoinType::kSemi:
          // At most the left rows, and (keys from the right) at most as many as the right has.
          return plan.join_keys.empty() ? *l : std::min(*l, *r);
        case JoinType::kAnti:
        case JoinType::kMark:
          return *l;
        default:
          break;
      }
      // Scalar subqueries joined as single-match joins keep each left row at most once.
      if (plan.distinct) return *l;
      double inner = *l * *r * JoinConditionSelectivity(plan);
      switch (plan.join_type) {
        case JoinType::kLeft: return std::max(inner, *l);
        case JoinType::kRight: return std::max(inner, *r);
        case JoinType::kFull: return std::max(inner, *l + *r);
        default: return inner;
      }
    }
    case PlanKind::kUnion: {
      double total = 0;
      for (const auto& in : plan.inputs) {
        auto e = EstimateRows(*in);
        if (!e) return std::nullopt;
        total += *e;
      }
      return total;
    }
    default:
      return plan.inputs.empty() ? std::nullopt : EstimateRows(*plan.inputs[0]);
  }
}


std::optional<double> EstimateNdv(const LogicalPlan& plan, int column) {
  auto cap = [&](std::optional<double> v) -> std::optional<double> {
    auto rows = EstimateRows(plan);
    if (v && rows) return std::max(1.0, std::min(*v, *rows));
    return v;
  };
  switch (plan.kind) {
    case PlanKind::kScan: {
      auto stats = plan.source->statistics();
      size_t table_col = static_cast<size_t>(plan.projection[column]);
      if (table_col < stats.column_ndv.size()) return cap(stats.column_ndv[table_col]);
      return std::nullopt;
    }
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kLimit:
      return cap(EstimateNdv(*plan.inputs[0], column));
    case PlanKind::kProjection: {
      const auto& e = plan.exprs[column];
      if (e->kind == BoundExprKind::kColumn) return cap(EstimateNdv(*plan.inputs[0], e->index));
      return std::nullopt;
    }
    case PlanKind::kJoin: {
      int lw = plan.inputs[0]->schema.size();
      if (column < lw) return cap(EstimateNdv(*plan.inputs[0], column));
      if (plan.join_type == JoinType::kInner || plan.join_type == JoinType::kLeft ||
          plan.join_type == JoinType::kRight || plan.join_type == JoinType::kFull) {
        return cap(EstimateNdv(*plan.inputs[1], column - lw));
      }
      return std::nullopt;
    }
    case PlanKind::kAggregate: {
      if (column < static_cast<int>(plan.group_exprs.size())) {
        const auto& g = plan.group_exprs[column];
        if (plan.group_exprs.size() == 1) return EstimateRows(plan);
        if (g->kind == BoundExprKind::kColumn) return cap(EstimateNdv(*plan.inputs[0], g->index));
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<double> EstimateBaseNdv(const LogicalPlan& plan, int column) {
  switch (plan.kind) {
    case PlanKind::kScan: {
      auto stats = plan.source->statistics();
      size_t table_col = static_cast<size_t>(plan.projection[column]);
      if (table_col < stats.column_ndv.size() && stats.column_ndv[table_col]) return stats.column_ndv[table_col];
      return std::nullopt;
    }
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kLimit:
      return EstimateBaseNdv(*plan.inputs[0], column);
    case PlanKind::kProjection: {
      const auto& e = plan.exprs[column];
      if (e->kind == BoundExprKind::kColumn) return EstimateBaseNdv(*plan.inputs[0], e->index);
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace silt::sql
