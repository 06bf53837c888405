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
    std::vector<bool> in(n, false);
    if (known) {
      size_t first = 0;
      for (size_t i = 1; i < n; ++i) {
        if (est[i] > est[first]) first = i;
      }
      order.push_back(static_cast<int>(first));
      in[first] = true;
      while (order.size() < n) {
        int best = -1;
        for (size_t k = 0; k < n; ++k) {
          if (in[k]) continue;
          bool connected = false;
          for (const auto& ls : cond_leaves) {
            bool has_k = std::find(ls.begin(), ls.end(), static_cast<int>(k)) != ls.end();
            bool others_in = ls.size() > 1;
            for (int l : ls) others_in = others_in && (l == static_cast<int>(k) || in[l]);
            connected = connected || (has_k && others_in);
          }
          if (connected && (best < 0 || est[k] < est[best])) best = static_cast<int>(k);
        }
        if (best < 0) {
          for (size_t k = 0; k < n; ++k) {
            if (!in[k] && (best < 0 || est[k] < est[best])) best = static_cast<int>(k);
          }
        }
        order.push_back(best);
        in[best] = true;
      }
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

}  // namespace

std::shared_ptr<const LogicalRule> MakeReorderJoinsRule() { return std::make_shared<ReorderJoinsRule>(); }

}  // namespace silt::sql
