#include "silt/sql/plan/statistics.h"

#include <algorithm>

namespace silt::sql {

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
      // Each conjunct keeps a fraction: equality 10%, anything else 50%.
      std::vector<BoundExprPtr> conjuncts;
      SplitConjunction(plan.exprs[0], &conjuncts);
      double f = 1.0;
      for (const auto& c : conjuncts) f *= IsCall(*c, "=") ? 0.1 : 0.5;
      return *in * f;
    }
    case PlanKind::kAggregate: {
      auto in = EstimateRows(*plan.inputs[0]);
      if (plan.group_exprs.empty()) return 1.0;
      if (!in) return in;
      return *in * 0.1;
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
      if (plan.join_keys.empty() && !plan.join_filter) return *l * *r;
      // Equi joins on keys: the larger side (a foreign key into the smaller one).
      return std::max(*l, *r);
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
