// repartition_placement (docs/decisions/0008): with execution.target_partitions = n > 1,
// hash exchanges go below hash joins (both inputs on their keys), grouped aggregates and
// windows with PARTITION BY (on the keys), and CoalescePartitionsExec below every operator
// that needs all rows in one place and at the root. Partitions run one after another until
// the parallel executor; the plans already have their parallel shape.
#include "silt/sql/exec/operators.h"
#include "silt/sql/optimizer/rules.h"

namespace silt::sql {

namespace {

/// Where the rows of a (rewritten) subtree are: `count` partitions; `keys` lists key lists
/// the rows are hash-partitioned on (each alternative holds; empty when unknown, e.g. after a
/// right join or a projection dropping a key). count 1: one partition.
struct Distribution {
  int count = 1;
  std::vector<std::vector<BoundExprPtr>> keys;
};

/// A rewritten subtree and its distribution.
struct Placed {
  ExecutionPlanPtr plan;
  Distribution dist;
};

bool SameExprs(const std::vector<BoundExprPtr>& a, const std::vector<BoundExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i]->Equals(*b[i])) return false;
  }
  return true;
}

/// Whether every expression of `subset` (non-empty) is one of `set`.
bool Within(const std::vector<BoundExprPtr>& subset, const std::vector<BoundExprPtr>& set) {
  if (subset.empty()) return false;
  for (const auto& e : subset) {
    bool found = false;
    for (const auto& s : set) found = found || e->Equals(*s);
    if (!found) return false;
  }
  return true;
}

bool AllDeterministic(const std::vector<BoundExprPtr>& exprs) {
  for (const auto& e : exprs) {
    if (!e->IsDeterministic()) return false;
  }
  return true;
}

/// The input of an exchange on top of `plan`, or `plan` itself: a new exchange replaces the
/// one below instead of stacking on it.
ExecutionPlanPtr BelowExchange(const ExecutionPlanPtr& plan) {
  if (PartitioningOf(*plan) || plan->name() == "CoalescePartitionsExec") return plan->children()[0];
  return plan;
}

Placed Single(const Placed& in) {
  if (in.dist.count <= 1) return in;
  ExecutionPlanPtr input = BelowExchange(in.plan);
  if (input->output_partitions() <= 1) return {input, {}};
  return {MakeCoalescePartitionsExec(input), {}};
}

/// `in` hash-partitioned on `keys` in `count` partitions. `exact`: on exactly these keys in
/// this order (the two inputs of a join must agree); otherwise rows partitioned on a subset
/// of the keys also qualify (every group of an aggregate is still in one partition).
Placed Hashed(const Placed& in, const std::vector<BoundExprPtr>& keys, int count, bool exact) {
  if (in.dist.count == count) {
    for (const auto& alt : in.dist.keys) {
      if (exact ? SameExprs(alt, keys) : Within(alt, keys)) return in;
    }
  }
  Partitioning p;
  p.kind = Partitioning::Kind::kHash;
  p.exprs = keys;
  p.count = count;
  return {MakeRepartitionExec(BelowExchange(in.plan), std::move(p)), {count, {keys}}};
}

/// The key lists of `dist` as columns of a projection's output (lists with a key the
/// projection does not output are dropped).
Distribution ThroughProjection(const Distribution& dist, const std::vector<BoundExprPtr>& exprs,
                               const SchemaPtr& schema) {
  Distribution out{dist.count, {}};
  for (const auto& alt : dist.keys) {
    std::vector<BoundExprPtr> mapped;
    for (const auto& k : alt) {
      for (size_t i = 0; i < exprs.size(); ++i) {
        if (!exprs[i]->Equals(*k)) continue;
        const auto& f = schema->field(static_cast<int>(i));
        mapped.push_back(MakeColumn(static_cast<int>(i), f->name, f->type, f->nullable));
        break;
      }
    }
    if (mapped.size() == alt.size()) out.keys.push_back(std::move(mapped));
  }
  return out;
}

/// A copy of the probe-side chain down to the scan (through the single-input operators
/// dynamic_filters looks through, and exchanges) without the runtime filters attached to it.
ExecutionPlanPtr WithoutRuntimeFilters(const ExecutionPlanPtr& node) {
  const std::string n = node->name();
  if (n == "ScanExec") {
    if (node->details().find("runtime_filters=") == std::string::npos) return node;
    auto copy = WithRuntimeFilters(node, nullptr, "");
    return copy ? copy : node;
  }
  if (n != "ProjectionExec" && n != "FilterExec" && n != "CoalesceBatchesExec" && n != "HashAggregateExec" &&
      n != "RepartitionExec" && n != "CoalescePartitionsExec") {
    return node;
  }
  auto child = WithoutRuntimeFilters(node->children()[0]);
  return child == node->children()[0] ? node : node->WithChildren({child});
}

class RepartitionPlacementRule : public PhysicalRule {
 public:
  std::string name() const override { return "repartition_placement"; }
  std::vector<std::string> settings() const override {
    return {"execution.target_partitions", "optimizer.repartition_joins", "optimizer.repartition_aggregations"};
  }
  Result<ExecutionPlanPtr> Rewrite(const ExecutionPlanPtr& plan, const OptimizerConfig& config) const override {
    Options opts;
    opts.count = static_cast<int>(std::min<int64_t>(config.GetInt("execution.target_partitions", 1), 1024));
    if (opts.count <= 1) return plan;
    opts.joins = config.GetBool("optimizer.repartition_joins", true);
    opts.aggregations = config.GetBool("optimizer.repartition_aggregations", true);
    Placed root = Single(Place(plan, opts));
    return root.plan;
  }

 private:
  struct Options {
    int count = 1;
    bool joins = true;
    bool aggregations = true;
  };

  static ExecutionPlanPtr Rebuild(const ExecutionPlanPtr& node, const std::vector<Placed>& children) {
    bool changed = false;
    std::vector<ExecutionPlanPtr> plans;
    for (size_t i = 0; i < children.size(); ++i) {
      changed = changed || children[i].plan != node->children()[i];
      plans.push_back(children[i].plan);
    }
    return changed ? node->WithChildren(std::move(plans)) : node;
  }

  static Placed Place(const ExecutionPlanPtr& node, const Options& opts) {
    std::vector<Placed> kids;
    for (const auto& c : node->children()) kids.push_back(Place(c, opts));
    const std::string n = node->name();
    if (kids.empty()) return {node, {}};  // scans, values, work tables: one partition
    if (const Partitioning* p = PartitioningOf(*node)) {
      Distribution d{p->count, {}};
      if (p->kind == Partitioning::Kind::kHash) d.keys.push_back(p->exprs);
      return {Rebuild(node, kids), d};
    }
    if (n == "CoalescePartitionsExec") return {Rebuild(node, kids), {}};
    // Row by row: partition p in, partition p out; input columns keep their positions.
    if (n == "FilterExec" || n == "CoalesceBatchesExec" || n == "UnnestExec") {
      return {Rebuild(node, kids), kids[0].dist};
    }
    if (const auto* exprs = ProjectionExprsOf(*node)) {
      return {Rebuild(node, kids), ThroughProjection(kids[0].dist, *exprs, node->schema())};
    }
    if (const JoinSpec* spec = JoinSpecOf(*node)) return PlaceJoin(node, *spec, kids, opts);
    bool grouping_sets = false;
    if (const auto* groups = AggregateGroupsOf(*node, &grouping_sets)) {
      if (!opts.aggregations || groups->empty() || grouping_sets || !AllDeterministic(*groups)) {
        return {Rebuild(node, {Single(kids[0])}), {}};  // global aggregates and grouping sets
      }
      Placed in = Hashed(kids[0], *groups, opts.count, /*exact=*/false);
      // Output columns 0..g-1 are the group keys: rows are partitioned on the ones the input
      // was partitioned on.
      Distribution d{opts.count, {}};
      for (const auto& alt : in.dist.keys) {
        if (!Within(alt, *groups)) continue;
        std::vector<BoundExprPtr> out_keys;
        for (const auto& k : alt) {
          for (size_t g = 0; g < groups->size(); ++g) {
            if (!(*groups)[g]->Equals(*k)) continue;
            const auto& f = node->schema()->field(static_cast<int>(g));
            out_keys.push_back(MakeColumn(static_cast<int>(g), f->name, f->type, f->nullable));
            break;
          }
        }
        d.keys.push_back(std::move(out_keys));
        break;
      }
      return {Rebuild(node, {in}), d};
    }
    if (const auto* calls = WindowCallsOf(*node)) {
      // Hash on the PARTITION BY keys every call shares: each window partition stays whole.
      std::vector<BoundExprPtr> common;
      if (!calls->empty()) {
        for (const auto& e : (*calls)[0].partition_by) {
          bool everywhere = e->IsDeterministic();
          for (const auto& c : *calls) everywhere = everywhere && Within({e}, c.partition_by);
          if (everywhere && !Within({e}, common)) common.push_back(e);
        }
      }
      if (!opts.aggregations || common.empty()) return {Rebuild(node, {Single(kids[0])}), {}};
      Placed in = Hashed(kids[0], common, opts.count, /*exact=*/false);
      return {Rebuild(node, {in}), in.dist};
    }
    if (n == "UnionExec") {
      // Partition p of a union is partition p of every input: fine when all have n.
      bool same = true;
      for (const auto& k : kids) same = same && k.dist.count == kids[0].dist.count;
      if (same && kids[0].dist.count > 1) return {Rebuild(node, kids), {kids[0].dist.count, {}}};
    }
    // Sort, TopK, limit, set operations, recursive CTEs, unknown operators: one partition.
    std::vector<Placed> single;
    for (const auto& k : kids) single.push_back(Single(k));
    return {Rebuild(node, single), {}};
  }

  static Placed PlaceJoin(const ExecutionPlanPtr& node, const JoinSpec& spec, const std::vector<Placed>& kids,
                          const Options& opts) {
    std::vector<BoundExprPtr> left_keys, right_keys;
    for (const auto& [l, r] : spec.keys) {
      left_keys.push_back(l);
      right_keys.push_back(r);
    }
    // Nested loop joins and null-aware joins (whose result depends on NULLs anywhere in the
    // build input) see all rows in one partition.
    if (!opts.joins || spec.keys.empty() || spec.null_aware || !AllDeterministic(left_keys) ||
        !AllDeterministic(right_keys)) {
      return {Rebuild(node, {Single(kids[0]), Single(kids[1])}), {}};
    }
    Placed left = kids[0];
    JoinSpec partitioned = spec;
    partitioned.partitioned = true;
    if (!spec.runtime_filter_targets.empty()) {
      // One partition's build keys do not bound the whole probe input (0008).
      partitioned.runtime_filter_targets.clear();
      left.plan = WithoutRuntimeFilters(left.plan);
    }
    left = Hashed(left, left_keys, opts.count, /*exact=*/true);
    Placed right = Hashed(kids[1], right_keys, opts.count, /*exact=*/true);
    Distribution d{opts.count, {}};
    switch (spec.type) {
      case JoinType::kInner: {
        // Output = left ++ right columns, and matched rows have equal keys on both sides.
        d.keys.push_back(left_keys);
        int width = node->children()[0]->schema()->num_fields();
        std::vector<BoundExprPtr> shifted;
        for (const auto& k : right_keys) shifted.push_back(ShiftColumns(k, width));
        d.keys.push_back(std::move(shifted));
        break;
      }
      case JoinType::kLeft:
      case JoinType::kSemi:
      case JoinType::kAnti:
      case JoinType::kMark:
        d.keys.push_back(left_keys);
        break;
      default:
        break;  // right / full: unmatched build rows carry NULL left keys in any partition
    }
    return {MakeJoinExec(left.plan, right.plan, std::move(partitioned), node->schema()), d};
  }
};

}  // namespace

std::shared_ptr<const PhysicalRule> MakeRepartitionPlacementRule() {
  return std::make_shared<RepartitionPlacementRule>();
}

}  // namespace silt::sql
