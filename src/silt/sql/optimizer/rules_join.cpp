// reorder_joins: greedy join ordering of inner-join trees from table statistics.
#include <algorithm>

#include "silt/sql/optimizer/rules.h"

namespace silt::sql {

namespace {

bool IsReorderable(const LogicalPlan& p) {
  return p.kind == PlanKind::kJoin && p.join_type == JoinType::kInner && !p.null_equals_null && !p.distinct;
}

struct JoinGraph {
  std::vector<LogicalPlanPtr> leaves;
  std::vector<int> start;  // first global column of each leaf
  std::vector<BoundExprPtr> conditions;  // over the concatenated leaf columns
  int width = 0;
};

/// Collects leaves and conditions of an inner-join tree; `base` is the global index of the
/// node's first column.
void Collect(const LogicalPlanPtr& node, int base, JoinGraph* g) {
  if (!IsReorderable(*node)) {
    g->start.push_back(g->width);
    g->leaves.push_back(node);
    g->width += node->schema.size();
    return;
  }
  int lw = node->inputs[0]->schema.size();
  Collect(node->inputs[0], base, g);
  Collect(node->inputs[1], base + lw, g);
  for (const auto& [l, r] : node->join_keys) {
    auto eq = MakeCall(functions::FunctionRegistry::Default(), "=", {ShiftColumns(l, base), ShiftColumns(r, base + lw)});
    if (eq.ok()) g->conditions.push_back(*eq);
  }
  if (node->join_filter) {
    std::vector<BoundExprPtr> conj;
    SplitConjunction(node->join_filter, &conj);
    for (const auto& c : conj) g->conditions.push_back(ShiftColumns(c, base));
  }
}

class JoinReorderer {
 public:
  Result<LogicalPlanPtr> Rewrite(const LogicalPlanPtr& node) {
    if (!IsReorderable(*node)) {
      std::vector<LogicalPlanPtr> inputs;
      bool changed = false;
      for (const auto& in : node->inputs) {
        SILT_ASSIGN_OR_RETURN(auto p, Rewrite(in));
        changed = changed || p != in;
        inputs.push_back(p);
      }
      return changed ? WithInputs(*node, inputs) : node;
    }
    JoinGraph g;
    Collect(node, 0, &g);
    bool leaves_changed = false;
    for (auto& leaf : g.leaves) {
      SILT_ASSIGN_OR_RETURN(auto p, Rewrite(leaf));
      leaves_changed = leaves_changed || p != leaf;
      leaf = p;
    }
    size_t n = g.leaves.size();
    std::vector<double> est(n);
    bool known = true;
    for (size_t i = 0; i < n; ++i) {
      auto e = EstimateRows(*g.leaves[i]);
      known = known && e.has_value();
      est[i] = e.value_or(1e12);
    }
    // Leaf set of each condition.
    auto leaf_of = [&](int col) {
      size_t i = std::upper_bound(g.start.begin(), g.start.end(), col) - g.start.begin();
      return static_cast<int>(i) - 1;
    };
    std::vector<std::vector<int>> cond_leaves;
    for (const auto& c : g.conditions) {
      std::vector<int> cols;
      CollectColumns(*c, &cols);
      std::vector<int> ls;
      for (int col : cols) ls.push_back(leaf_of(col));
      std::sort(ls.begin(), ls.end());
      ls.erase(std::unique(ls.begin(), ls.end()), ls.end());
      cond_leaves.push_back(ls);
    }
    std::vector<int> order;
    if (known) {
      order = BestOrder(g, est, cond_leaves, leaf_of);
    } else {
      for (size_t i = 0; i < n; ++i) order.push_back(static_cast<int>(i));
    }
    bool identity = true;
    for (size_t i = 0; i < n; ++i) identity = identity && order[i] == static_cast<int>(i);
    if (identity && !leaves_changed && IsLeftDeep(node)) return node;
    // Build the left-deep tree, placing each condition at the first join that has its leaves.
    std::vector<int> position(static_cast<size_t>(g.width), -1);
    std::vector<bool> applied(g.conditions.size(), false);
    std::vector<bool> have(n, false);
    LogicalPlanPtr plan;
    int width = 0;
    for (int leaf : order) {
      const auto& lp = g.leaves[leaf];
      for (int c = 0; c < lp->schema.size(); ++c) position[g.start[leaf] + c] = width + c;
      have[leaf] = true;
      if (!plan) {
        plan = lp;
        width = lp->schema.size();
        // Conditions on this leaf alone (rare: constants) wait for the next join.
        continue;
      }
      std::vector<BoundExprPtr> conds;
      for (size_t ci = 0; ci < g.conditions.size(); ++ci) {
        if (applied[ci]) continue;
        bool ready = true;
        for (int l : cond_leaves[ci]) ready = ready && have[l];
        if (!ready) continue;
        applied[ci] = true;
        conds.push_back(RemapColumns(g.conditions[ci], position));
      }
      auto filter = Conjunction(conds);
      if (!filter.ok()) return filter.status();
      plan = MakeJoin(plan, lp, JoinType::kInner, {}, *filter);
      width += lp->schema.size();
    }
    std::vector<BoundExprPtr> leftovers;
    for (size_t ci = 0; ci < g.conditions.size(); ++ci) {
      if (!applied[ci]) leftovers.push_back(RemapColumns(g.conditions[ci], position));
    }
    if (!leftovers.empty()) {
      SILT_ASSIGN_OR_RETURN(auto f, Conjunction(leftovers));
      plan = MakeFilter(plan, f);
    }
    if (identity) return plan;
    std::vector<BoundExprPtr> exprs;
    std::vector<std::string> names, quals;
    for (int i = 0; i < g.width; ++i) {
      const auto& c = node->schema.columns[i];
      exprs.push_back(MakeColumn(position[i], c.name, c.type, c.nullable));
      names.push_back(c.name);
      quals.push_back(c.qualifier);
    }
    return MakeProjection(plan, exprs, names, quals);
  }

 private:
  /// Selectivity of the conditions joining leaf `k` to the leaves in `in`: the most
  /// selective equality of columns (EstimateEquiJoinSelectivity; several keys between the
  /// same inputs are usually correlated, e.g. partsupp's (partkey, suppkey), so their product
  /// would underestimate badly), times 0.5 per other condition; nullopt when nothing
  /// connects them.
  static std::optional<double> JoinSelectivity(const JoinGraph& g, const std::vector<std::vector<int>>& cond_leaves,
                                               const std::vector<bool>& in, int k,
                                               const std::function<int(int)>& leaf_of) {
    std::optional<double> equi, other;
    for (size_t ci = 0; ci < g.conditions.size(); ++ci) {
      const auto& ls = cond_leaves[ci];
      bool has_k = std::find(ls.begin(), ls.end(), k) != ls.end();
      bool others_in = ls.size() > 1;
      for (int l : ls) others_in = others_in && (l == k || in[l]);
      if (!has_k || !others_in) continue;
      const auto& c = g.conditions[ci];
      if (IsCall(*c, "=") && c->children[0]->kind == BoundExprKind::kColumn &&
          c->children[1]->kind == BoundExprKind::kColumn) {
        int lc = c->children[0]->index, rc = c->children[1]->index;
        int ll = leaf_of(lc), rl = leaf_of(rc);
        double s = EstimateEquiJoinSelectivity(*g.leaves[ll], lc - g.start[ll], *g.leaves[rl], rc - g.start[rl]);
        equi = std::min(equi.value_or(1.0), s);
      } else {
        other = other.value_or(1.0) * EstimateSelectivity(*c);
      }
    }
    if (!equi && !other) return std::nullopt;
    return equi.value_or(1.0) * other.value_or(1.0);
  }

  /// Greedy order from every start leaf; keeps the one with the smallest total of
  /// intermediate result and build sizes (a join builds on its smaller input).
  static std::vector<int> BestOrder(const JoinGraph& g, const std::vector<double>& est,
                                    const std::vector<std::vector<int>>& cond_leaves,
                                    const std::function<int(int)>& leaf_of) {
    size_t n = g.leaves.size();
    std::vector<int> best_order;
    double best_cost = 0;
    for (size_t start = 0; start < n; ++start) {
      std::vector<bool> in(n, false);
      std::vector<int> order{static_cast<int>(start)};
      in[start] = true;
      double rows = est[start], cost = 0;
      while (order.size() < n) {
        int pick = -1;
        double pick_rows = 0;
        bool pick_connected = false;
        for (size_t k = 0; k < n; ++k) {
          if (in[k]) continue;
          auto sel = JoinSelectivity(g, cond_leaves, in, static_cast<int>(k), leaf_of);
          double out = rows * est[k] * sel.value_or(1.0);
          bool connected = sel.has_value();
          // The physical planner builds the hash table on the smaller input.
          auto step = [&](double o, int leaf) { return o + std::min(rows, est[leaf]); };
          bool better = pick < 0 || (connected && !pick_connected) ||
                        (connected == pick_connected && step(out, static_cast<int>(k)) < step(pick_rows, pick));
          if (better) {
            pick = static_cast<int>(k);
            pick_rows = out;
            pick_connected = connected;
          }
        }
        cost += pick_rows + std::min(rows, est[pick]);
        rows = pick_rows;
        order.push_back(pick);
        in[pick] = true;
      }
      if (best_order.empty() || cost < best_cost * (1 - 1e-9)) {
        best_order = order;
        best_cost = cost;
      }
    }
    return best_order;
  }

  static bool IsLeftDeep(const LogicalPlanPtr& node) {
    if (!IsReorderable(*node)) return true;
    if (IsReorderable(*node->inputs[1])) return false;
    return IsLeftDeep(node->inputs[0]);
  }
};

class ReorderJoinsRule : public LogicalRule {
 public:
  std::string name() const override { return "reorder_joins"; }
  Result<LogicalPlanPtr> Rewrite(const LogicalPlanPtr& plan, const OptimizerConfig&) const override {
    JoinReorderer r;
    return r.Rewrite(plan);
  }
};

/// Semi / anti joins move below inner joins to the input their left keys come from, so they
/// filter before the inner joins multiply rows (TPC-H Q18's IN (subquery) on l_orderkey
/// then filters lineitem, not lineitem x orders x customer).
class PushDownSemiJoinRule : public LogicalRule {
 public:
  std::string name() const override { return "push_down_semi_join"; }
  Result<LogicalPlanPtr> Rewrite(const LogicalPlanPtr& plan, const OptimizerConfig&) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) { return Push(node); });
  }

 private:
  /// Pushes a semi / anti join as deep as its keys allow (recursively through nested inner
  /// joins, so it lands on the table it filters).
  static Result<LogicalPlanPtr> Push(const LogicalPlanPtr& node) {
    {
      if (node->kind != PlanKind::kJoin ||
          (node->join_type != JoinType::kSemi && node->join_type != JoinType::kAnti)) {
        return node;
      }
      const auto& inner = node->inputs[0];
      if (!IsReorderable(*inner)) return node;
      int lw = inner->inputs[0]->schema.size();
      int total = inner->schema.size();
      int sw = node->inputs[1]->schema.size();
      std::vector<int> cols;
      for (const auto& [l, r] : node->join_keys) CollectColumns(*l, &cols);
      if (node->join_filter) {
        std::vector<int> fc;
        CollectColumns(*node->join_filter, &fc);
        for (int c : fc) {
          if (c < total) cols.push_back(c);
        }
      }
      if (cols.empty()) return node;
      bool all_left = true, all_right = true;
      for (int c : cols) {
        all_left = all_left && c < lw;
        all_right = all_right && c >= lw;
      }
      if (!all_left && !all_right) return node;
      // Only when the semi join's build side is smaller than the input it would filter: a
      // big build (TPC-H Q21's EXISTS over lineitem) is cheaper to probe late, with few rows.
      {
        auto build = EstimateRows(*node->inputs[1]);
        auto target = EstimateRows(*inner->inputs[all_left ? 0 : 1]);
        if (!build || !target || *build > *target) return node;
      }
      int shift = all_left ? 0 : -lw;
      int side_width = all_left ? lw : total - lw;
      // Columns of the semi join's own condition: side columns shift, subquery columns
      // follow the side's columns.
      std::vector<int> mapping(static_cast<size_t>(total + sw), -1);
      for (int c = 0; c < total; ++c) mapping[c] = c + shift;
      for (int c = 0; c < sw; ++c) mapping[total + c] = side_width + c;
      auto semi = ClonePlan(*node);
      for (auto& [l, r] : semi->join_keys) l = ShiftColumns(l, shift);
      if (node->join_filter) semi->join_filter = RemapColumns(node->join_filter, mapping);
      LogicalPlanPtr side = inner->inputs[all_left ? 0 : 1];
      SILT_ASSIGN_OR_RETURN(auto pushed, Push(WithInputs(*semi, {side, node->inputs[1]})));
      return WithInputs(*inner, all_left ? std::vector<LogicalPlanPtr>{pushed, inner->inputs[1]}
                                         : std::vector<LogicalPlanPtr>{inner->inputs[0], pushed});
    }
  }
};

}  // namespace

std::shared_ptr<const LogicalRule> MakeReorderJoinsRule() { return std::make_shared<ReorderJoinsRule>(); }
std::shared_ptr<const LogicalRule> MakePushDownSemiJoinRule() { return std::make_shared<PushDownSemiJoinRule>(); }

}  // namespace silt::sql
