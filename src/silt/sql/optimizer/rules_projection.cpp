// push_down_projection (column pruning) and push_down_limit.
#include <algorithm>
#include <set>

#include "silt/sql/optimizer/rules.h"

namespace silt::sql {

namespace {

/// A pruned plan and where each old output column went (-1 = dropped).
struct Pruned {
  LogicalPlanPtr plan;
  std::vector<int> mapping;
};

void Cols(const BoundExprPtr& e, std::set<int>* out) {
  if (!e) return;
  std::vector<int> v;
  CollectColumns(*e, &v);
  out->insert(v.begin(), v.end());
}

BoundExprPtr Remap(const BoundExprPtr& e, const std::vector<int>& m) { return e ? RemapColumns(e, m) : e; }

std::vector<int> Identity(int n) {
  std::vector<int> v(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v[i] = i;
  return v;
}

Result<Pruned> Prune(const LogicalPlanPtr& node, const std::set<int>& required);

/// Keeps every column: prune each input with all of its columns.
Result<Pruned> KeepAll(const LogicalPlanPtr& node) {
  std::vector<LogicalPlanPtr> inputs;
  bool changed = false;
  for (const auto& in : node->inputs) {
    std::set<int> all;
    for (int i = 0; i < in->schema.size(); ++i) all.insert(i);
    SILT_ASSIGN_OR_RETURN(auto p, Prune(in, all));
    // The input must keep its exact columns: restore them when pruning reordered.
    LogicalPlanPtr restored = p.plan;
    if (p.mapping != Identity(in->schema.size()) || p.plan->schema.size() != in->schema.size()) {
      std::vector<BoundExprPtr> exprs;
      std::vector<std::string> names, quals;
      for (int i = 0; i < in->schema.size(); ++i) {
        const auto& c = p.plan->schema.columns[p.mapping[i]];
        exprs.push_back(MakeColumn(p.mapping[i], c.name, c.type, c.nullable));
        names.push_back(in->schema.columns[i].name);
        quals.push_back(in->schema.columns[i].qualifier);
      }
      restored = MakeProjection(p.plan, exprs, names, quals);
    }
    changed = changed || restored != in;
    inputs.push_back(restored);
  }
  return Pruned{changed ? WithInputs(*node, inputs) : node, Identity(node->schema.size())};
}

Result<Pruned> Prune(const LogicalPlanPtr& node, const std::set<int>& required) {
  switch (node->kind) {
    case PlanKind::kScan: {
      std::set<int> need = required;
      for (const auto& f : node->filters) Cols(f, &need);
      if (static_cast<int>(need.size()) == node->schema.size()) return Pruned{node, Identity(node->schema.size())};
      auto copy = ClonePlan(*node);
      std::vector<int> mapping(static_cast<size_t>(node->schema.size()), -1);
      copy->projection.clear();
      copy->schema.columns.clear();
      for (int c : need) {
        mapping[c] = static_cast<int>(copy->projection.size());
        copy->projection.push_back(node->projection[c]);
        copy->schema.columns.push_back(node->schema.columns[c]);
      }
      if (copy->projection.empty() && node->schema.size() > 0) {
        // COUNT(*)-style scans still need row counts: keep the first column.
        mapping[0] = 0;
        copy->projection.push_back(node->projection[0]);
        copy->schema.columns.push_back(node->schema.columns[0]);
      }
      for (auto& f : copy->filters) f = Remap(f, mapping);
      return Pruned{copy, mapping};
    }
    case PlanKind::kProjection: {
      std::set<int> need;
      std::vector<int> kept;
      for (int c : required) kept.push_back(c);
      if (kept.empty() && !node->exprs.empty()) kept.push_back(0);
      for (int c : kept) Cols(node->exprs[c], &need);
      SILT_ASSIGN_OR_RETURN(auto in, Prune(node->inputs[0], need));
      std::vector<BoundExprPtr> exprs;
      std::vector<std::string> names, quals;
      std::vector<int> mapping(static_cast<size_t>(node->schema.size()), -1);
      // A projection over a projection of plain columns collapses into one.
      LogicalPlanPtr input = in.plan;
      const std::vector<BoundExprPtr>* inner = nullptr;
      if (input->kind == PlanKind::kProjection) {
        bool columns_only = true;
        for (const auto& e : input->exprs) columns_only = columns_only && e->kind == BoundExprKind::kColumn;
        if (columns_only) inner = &input->exprs;
      }
      for (int c : kept) {
        mapping[c] = static_cast<int>(exprs.size());
        BoundExprPtr e = Remap(node->exprs[c], in.mapping);
        if (inner) e = SubstituteColumns(e, *inner);
        exprs.push_back(e);
        names.push_back(node->schema.columns[c].name);
        quals.push_back(node->schema.columns[c].qualifier);
      }
      if (inner) input = input->inputs[0];
      return Pruned{MakeProjection(input, exprs, names, quals), mapping};
    }
    case PlanKind::kFilter: {
      std::set<int> need = required;
      Cols(node->exprs[0], &need);
      SILT_ASSIGN_OR_RETURN(auto in, Prune(node->inputs[0], need));
      auto filter = MakeFilter(in.plan, Remap(node->exprs[0], in.mapping));
      if (need.size() == required.size()) return Pruned{filter, in.mapping};
      // Columns only the predicate reads are dropped right after it, so joins and aggregates
      // above do not carry them (TPC-H Q13's o_comment into a hash join build).
      std::vector<BoundExprPtr> exprs;
      std::vector<std::string> names, quals;
      std::vector<int> mapping(static_cast<size_t>(node->schema.size()), -1);
      for (int c : required) {
        int pos = in.mapping[c];
        const auto& col = filter->schema.columns[pos];
        mapping[c] = static_cast<int>(exprs.size());
        exprs.push_back(MakeColumn(pos, col.name, col.type, col.nullable));
        names.push_back(col.name);
        quals.push_back(col.qualifier);
      }
      if (exprs.empty()) return Pruned{filter, in.mapping};
      return Pruned{MakeProjection(filter, exprs, names, quals), mapping};
    }
    case PlanKind::kSort: {
      std::set<int> need = required;
      for (const auto& s : node->sort_exprs) Cols(s.expr, &need);
      SILT_ASSIGN_OR_RETURN(auto in, Prune(node->inputs[0], need));
      std::vector<SortExpr> keys = node->sort_exprs;
      for (auto& k : keys) k.expr = Remap(k.expr, in.mapping);
      return Pruned{MakeSort(in.plan, keys, node->fetch), in.mapping};
    }
    case PlanKind::kLimit: {
      SILT_ASSIGN_OR_RETURN(auto in, Prune(node->inputs[0], required));
      return Pruned{MakeLimit(in.plan, node->skip, node->fetch), in.mapping};
    }
    case PlanKind::kAggregate: {
      if (!node->grouping_sets.empty()) return KeepAll(node);
      int groups = static_cast<int>(node->group_exprs.size());
      std::set<int> need;
      for (const auto& g : node->group_exprs) Cols(g, &need);
      std::vector<int> kept_aggs;
      for (size_t a = 0; a < node->aggregates.size(); ++a) {
        if (required.count(groups + static_cast<int>(a))) kept_aggs.push_back(static_cast<int>(a));
      }
      for (int a : kept_aggs) {
        const auto& call = node->aggregates[a];
        for (const auto& arg : call.args) Cols(arg, &need);
        Cols(call.filter, &need);
        for (const auto& o : call.order_by) Cols(o.expr, &need);
      }
      SILT_ASSIGN_OR_RETURN(auto in, Prune(node->inputs[0], need));
      auto copy = ClonePlan(*node);
      copy->inputs = {in.plan};
      for (auto& g : copy->group_exprs) g = Remap(g, in.mapping);
      copy->aggregates.clear();
      copy->schema.columns.resize(static_cast<size_t>(groups));
      std::vector<int> mapping(static_cast<size_t>(node->schema.size()), -1);
      for (int i = 0; i < groups; ++i) mapping[i] = i;
      for (int a : kept_aggs) {
        auto call = node->aggregates[a];
        for (auto& arg : call.args) arg = Remap(arg, in.mapping);
        call.filter = Remap(call.filter, in.mapping);
        for (auto& o : call.order_by) o.expr = Remap(o.expr, in.mapping);
        mapping[groups + a] = static_cast<int>(copy->schema.columns.size());
        copy->aggregates.push_back(call);
        copy->schema.columns.push_back(node->schema.columns[groups + a]);
      }
      return Pruned{copy, mapping};
    }
    case PlanKind::kJoin: {
      int lw = node->inputs[0]->schema.size();
      bool has_right = node->join_type != JoinType::kSemi && node->join_type != JoinType::kAnti &&
                       node->join_type != JoinType::kMark;
      std::set<int> lneed, rneed;
      for (int c : required) {
        if (c < lw) lneed.insert(c);
        else if (has_right) rneed.insert(c - lw);
      }
      for (const auto& [l, r] : node->join_keys) {
        Cols(l, &lneed);
        Cols(r, &rneed);
      }
      if (node->join_filter) {
        std::set<int> both;
        Cols(node->join_filter, &both);
        for (int c : both) (c < lw ? lneed : rneed).insert(c < lw ? c : c - lw);
      }
      SILT_ASSIGN_OR_RETURN(auto l, Prune(node->inputs[0], lneed));
      SILT_ASSIGN_OR_RETURN(auto r, Prune(node->inputs[1], rneed));
      int nlw = l.plan->schema.size();
      std::vector<int> combined(static_cast<size_t>(lw + node->inputs[1]->schema.size()), -1);
      for (int i = 0; i < lw; ++i) combined[i] = l.mapping[i];
      for (size_t i = 0; i < r.mapping.size(); ++i) {
        combined[lw + i] = r.mapping[i] < 0 ? -1 : r.mapping[i] + nlw;
      }
      auto copy = ClonePlan(*node);
      for (auto& [lk, rk] : copy->join_keys) {
        lk = Remap(lk, l.mapping);
        rk = Remap(rk, r.mapping);
      }
      copy->join_filter = node->join_filter ? RemapColumns(node->join_filter, combined) : nullptr;
      auto out = WithInputs(*copy, {l.plan, r.plan});
      std::vector<int> mapping(static_cast<size_t>(node->schema.size()), -1);
      for (int i = 0; i < lw; ++i) mapping[i] = l.mapping[i];
      if (has_right) {
        for (size_t i = 0; i < r.mapping.size(); ++i) mapping[lw + i] = combined[lw + i];
      } else if (node->join_type == JoinType::kMark) {
        mapping[lw] = nlw;
      }
      return Pruned{out, mapping};
    }
    default:
      return KeepAll(node);
  }
}

class PushDownProjectionRule : public LogicalRule {
 public:
  std::string name() const override { return "push_down_projection"; }
  Result<LogicalPlanPtr> Rewrite(const LogicalPlanPtr& plan, const OptimizerConfig&) const override {
    std::set<int> all;
    for (int i = 0; i < plan->schema.size(); ++i) all.insert(i);
    SILT_ASSIGN_OR_RETURN(auto p, Prune(plan, all));
    if (p.plan->ToText() == plan->ToText()) return plan;
    if (p.mapping == Identity(plan->schema.size()) && p.plan->schema.size() == plan->schema.size()) return p.plan;
    std::vector<BoundExprPtr> exprs;
    std::vector<std::string> names;
    for (int i = 0; i < plan->schema.size(); ++i) {
      const auto& c = p.plan->schema.columns[p.mapping[i]];
      exprs.push_back(MakeColumn(p.mapping[i], c.name, c.type, c.nullable));
      names.push_back(plan->schema.columns[i].name);
    }
    return MakeProjection(p.plan, exprs, names);
  }
};

// ---------------------------------------------------------------------------------------
class PushDownLimitRule : public LogicalRule {
 public:
  std::string name() const override { return "push_down_limit"; }
  Result<LogicalPlanPtr> Rewrite(const LogicalPlanPtr& plan, const OptimizerConfig&) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) -> Result<LogicalPlanPtr> {
      if (node->kind != PlanKind::kLimit || !node->fetch) return node;
      int64_t n = node->skip + *node->fetch;
      const auto& in = node->inputs[0];
      if (in->kind == PlanKind::kSort && (!in->fetch || *in->fetch > n)) {
        return WithInputs(*node, {MakeSort(in->inputs[0], in->sort_exprs, n)});
      }
      if (in->kind == PlanKind::kProjection && in->inputs[0]->kind != PlanKind::kLimit) {
        auto limited = MakeLimit(in->inputs[0], 0, n);
        return WithInputs(*node, {WithInputs(*in, {limited})});
      }
      if (in->kind == PlanKind::kScan && in->filters.empty() && (!in->fetch || *in->fetch > n)) {
        auto copy = ClonePlan(*in);
        copy->fetch = n;
        return WithInputs(*node, {LogicalPlanPtr(copy)});
      }
      if (in->kind == PlanKind::kUnion && !in->distinct) {
        std::vector<LogicalPlanPtr> inputs;
        bool changed = false;
        for (const auto& u : in->inputs) {
          bool limited = u->kind == PlanKind::kLimit && u->fetch && *u->fetch <= n && u->skip == 0;
          inputs.push_back(limited ? u : MakeLimit(u, 0, n));
          changed = changed || !limited;
        }
        if (changed) return WithInputs(*node, {WithInputs(*in, inputs)});
      }
      return node;
    });
  }
};

}  // namespace

std::shared_ptr<const LogicalRule> MakePushDownProjectionRule() {
  return std::make_shared<PushDownProjectionRule>();
}
std::shared_ptr<const LogicalRule> MakePushDownLimitRule() { return std::make_shared<PushDownLimitRule>(); }

}  // namespace silt::sql
