// common_subexpression_elimination: an expression that a Projection (or the group keys and
// aggregate inputs of an Aggregate) computes more than once is computed once, in a new
// Projection below the node, and referenced from there. TPC-H Q1's
// `l_extendedprice * (1 - l_discount)` feeds two sums; `SELECT (a + b) * 2, (a + b) * 3`
// evaluates `a + b` once.
//
// Safety: a subexpression is hoisted only when at least one of its occurrences is evaluated
// on every input row of the node anyway, so the new Projection cannot raise an error (1/0) or
// do work the original plan would not have done. Which positions are conditional follows
// exec/expression_eval.cpp: CASE evaluates a THEN / later WHEN / ELSE only on the rows that
// reach it, COALESCE / IFNULL an argument after the first only where the earlier ones are
// NULL. Aggregate inputs under FILTER (WHERE ...) also count as conditional: SQL evaluates
// them only for the rows the filter keeps (PostgreSQL does), even though silt's hash
// aggregate currently evaluates them on every row. Occurrences in conditional positions are
// still replaced by the column when another occurrence makes hoisting safe.
//
// Filter predicates are left alone on purpose: push_down_filter moves filters through
// projections by inlining their expressions, so a projection added under a Filter would be
// undone and redone on every optimizer pass, and a predicate over a computed column can no
// longer reach the scan for pruning.
#include <algorithm>
#include <cstdint>
#include <set>
#include <string_view>
#include <unordered_map>

#include "silt/sql/optimizer/rules.h"

namespace silt::sql {

namespace {

constexpr std::string_view kCommonPrefix = "__common_expr_";

/// Whether `expr` evaluates its children after the first only on some rows (the lazy forms
/// of exec/expression_eval.cpp: searched CASE and coalesce / ifnull).
bool EvaluatesLazily(const BoundExpr& expr) {
  if (expr.kind == BoundExprKind::kCase) return true;
  if (expr.kind != BoundExprKind::kCall || !expr.function) return false;
  return expr.function->name == "coalesce" || expr.function->name == "ifnull";
}

uint64_t Mix(uint64_t h, uint64_t v) {
  // hash_combine-style mixing: only needs to spread structurally different trees.
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

uint64_t HashText(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

/// Facts about one expression tree, computed bottom-up in one walk (calling IsConstant() /
/// IsDeterministic() per subtree would be quadratic in the depth of long OR chains).
struct TreeInfo {
  uint64_t hash = 0;  ///< structural hash; equal trees (BoundExpr::Equals) hash equal
  int size = 1;       ///< node count
  bool deterministic = true;
  bool has_column = false;
  bool has_outer = false;
};

/// One distinct candidate subexpression and where it occurs.
struct Candidate {
  BoundExprPtr expr;  ///< its first occurrence
  uint64_t hash = 0;
  int size = 0;
  int count = 0;       ///< occurrences, including those inside already hoisted expressions
  int node_count = 0;  ///< occurrences in the node's own (partly rewritten) expressions
  bool eager = false;  ///< some occurrence is evaluated on every row
};

/// The candidate subexpressions of a node's expressions, in order of first occurrence.
class Occurrences {
 public:
  /// `in_node`: the occurrence is in the node's expressions (not in a hoisted one).
  void Add(const BoundExprPtr& expr, const TreeInfo& info, bool eager, bool in_node) {
    auto& bucket = by_hash_[info.hash];
    for (size_t i : bucket) {
      Candidate& c = list_[i];
      if (c.size == info.size && c.expr->Equals(*expr)) {
        ++c.count;
        c.node_count += in_node ? 1 : 0;
        c.eager = c.eager || eager;
        return;
      }
    }
    bucket.push_back(list_.size());
    list_.push_back(Candidate{expr, info.hash, info.size, 1, in_node ? 1 : 0, eager});
  }

  /// The largest candidate that occurs twice or more, once where it is evaluated on every
  /// row and once in the node's expressions (the first such in occurrence order among equal
  /// sizes), or null.
  const Candidate* Best() const {
    const Candidate* best = nullptr;
    for (const auto& c : list_) {
      if (c.count < 2 || !c.eager || c.node_count == 0) continue;
      if (!best || c.size > best->size) best = &c;
    }
    return best;
  }

 private:
  std::vector<Candidate> list_;
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash_;  // lookup only, never iterated
};

/// Walks `expr`, registering every candidate subexpression; `eager`: whether this position
/// is evaluated on every row of the node.
TreeInfo Visit(const BoundExprPtr& expr, bool eager, bool in_node, Occurrences* occurrences) {
  TreeInfo info;
  info.hash = Mix(0, static_cast<uint64_t>(expr->kind));
  switch (expr->kind) {
    case BoundExprKind::kColumn:
      info.has_column = true;
      info.hash = Mix(info.hash, static_cast<uint64_t>(expr->index));
      break;
    case BoundExprKind::kOuterColumn:
      info.has_outer = true;
      break;
    case BoundExprKind::kCall:
      info.deterministic = expr->function && expr->function->deterministic;
      if (expr->function) info.hash = Mix(info.hash, HashText(expr->function->name));
      break;
    case BoundExprKind::kCast:
      info.hash = Mix(info.hash, expr->try_cast ? 1 : 0);
      break;
    case BoundExprKind::kCase:
      info.hash = Mix(info.hash, expr->has_else ? 1 : 0);
      break;
    case BoundExprKind::kLiteral:
      break;
  }
  const bool lazy = EvaluatesLazily(*expr);
  for (size_t i = 0; i < expr->children.size(); ++i) {
    TreeInfo child = Visit(expr->children[i], eager && !(lazy && i > 0), in_node, occurrences);
    info.hash = Mix(info.hash, child.hash);
    info.size += child.size;
    info.deterministic = info.deterministic && child.deterministic;
    info.has_column = info.has_column || child.has_column;
    info.has_outer = info.has_outer || child.has_outer;
  }
  // Column references and literals are free to evaluate; an expression without columns is
  // a constant the evaluator keeps as one value (hoisting would not save anything).
  bool computed = expr->kind == BoundExprKind::kCall || expr->kind == BoundExprKind::kCast ||
                  expr->kind == BoundExprKind::kCase;
  if (computed && info.deterministic && info.has_column && !info.has_outer) {
    occurrences->Add(expr, info, eager, in_node);
  }
  return info;
}

/// `expr` with every occurrence of `target` replaced by column `index` (named `name`).
BoundExprPtr Replace(const BoundExprPtr& expr, const BoundExpr& target, int index, const std::string& name) {
  if (expr->kind == target.kind && expr->children.size() == target.children.size() && expr->Equals(target)) {
    return MakeColumn(index, name, expr->type, expr->nullable);
  }
  std::vector<BoundExprPtr> children;
  bool changed = false;
  for (const auto& c : expr->children) {
    children.push_back(Replace(c, target, index, name));
    changed = changed || children.back() != c;
  }
  return changed ? WithChildren(*expr, std::move(children)) : expr;
}

/// One expression of the node being rewritten (null ones, like an absent FILTER, are kept).
struct Root {
  BoundExprPtr expr;
  bool eager = true;
  /// A generated column the node outputs this expression as ("" for any other column).
  std::string common_name;
};

int LastCommonIndex(const LogicalPlan& plan);

/// Hands out generated column names for one rewritten node: numbered after the largest one
/// already in the node's input, so the name depends only on the subtree (the copies of a
/// materialized CTE, one per reference, stay identical) and is unique below the node.
class NameGenerator {
 public:
  explicit NameGenerator(const LogicalPlan& input) : input_(input) {}
  std::string Next() {
    if (last_ < 0) last_ = LastCommonIndex(input_);
    return std::string(kCommonPrefix) + std::to_string(++last_);
  }

 private:
  const LogicalPlan& input_;
  int last_ = -1;
};

/// Rewrites one Projection (the node itself when nothing repeats). `names`: the generator of
/// the node this projection was just built for, or null for a node of the plan.
LogicalPlanPtr EliminateInProjection(const LogicalPlanPtr& node, NameGenerator* names);

/// Hoists the common subexpressions of `roots` (expressions over `input`) into a Projection
/// over `input`. Returns that projection and rewrites `roots` to read from it, or returns
/// null and leaves `roots` alone when nothing repeats.
LogicalPlanPtr Eliminate(const LogicalPlanPtr& input, std::vector<Root>* roots, NameGenerator* names) {
  const int width = input->schema.size();
  std::vector<BoundExprPtr> work;
  for (const auto& r : *roots) work.push_back(r.expr);
  std::vector<BoundExprPtr> defs;
  std::vector<std::string> def_names;
  // Largest first, recounting after each replacement. A subexpression of a hoisted one
  // counts once for the hoisted copy (computed on every row) and is hoisted too only when it
  // still occurs in the node's expressions: (a + b) * c twice and a + b alone hoist both;
  // in TPC-H Q1 1 - l_discount occurs only inside the hoisted product and stays there.
  // Every pick replaces at least one occurrence in `work`, so the loop ends.
  while (true) {
    Occurrences occurrences;
    for (size_t i = 0; i < work.size(); ++i) {
      if (work[i]) Visit(work[i], (*roots)[i].eager, /*in_node=*/true, &occurrences);
    }
    for (const auto& d : defs) Visit(d, /*eager=*/true, /*in_node=*/false, &occurrences);
    const Candidate* best = occurrences.Best();
    if (!best) break;
    // Placeholders (columns >= width) should never be inside a later candidate (a tree
    // that contains a hoisted one is larger and would have been picked first); expand them
    // anyway so a definition only ever reads input columns.
    const int index = width + static_cast<int>(defs.size());
    const BoundExprPtr found = best->expr;  // as it appears in `work`
    BoundExprPtr def = found;
    if (!ColumnsWithin(*def, 0, width)) {
      std::vector<BoundExprPtr> expand;
      for (int c = 0; c < width; ++c) {
        const auto& col = input->schema.columns[c];
        expand.push_back(MakeColumn(c, col.name, col.type, col.nullable));
      }
      expand.insert(expand.end(), defs.begin(), defs.end());
      def = SubstituteColumns(def, expand);
    }
    defs.push_back(def);
    // A whole root that is itself a generated column (a hoisted expression shared with
    // another one, one level further down) keeps its name, so the level above passes it
    // through instead of renaming it.
    std::string name;
    for (size_t i = 0; i < work.size() && name.empty(); ++i) {
      if (!(*roots)[i].common_name.empty() && work[i] && work[i]->Equals(*found)) name = (*roots)[i].common_name;
    }
    def_names.push_back(name.empty() ? names->Next() : name);
    bool replaced = false;
    for (auto& w : work) {
      if (!w) continue;
      BoundExprPtr r = Replace(w, *found, index, def_names.back());
      replaced = replaced || r != w;
      w = r;
    }
    if (!replaced) {  // cannot happen (node_count > 0); never loop on it
      defs.pop_back();
      def_names.pop_back();
      break;
    }
  }
  if (defs.empty()) return nullptr;

  // The new projection: the input columns still read, in input order, then the common
  // expressions in the order they were picked.
  std::set<int> read;
  for (const auto& w : work) {
    if (!w) continue;
    std::vector<int> cols;
    CollectColumns(*w, &cols);
    for (int c : cols) {
      if (c < width) read.insert(c);
    }
  }
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> out_names, qualifiers;
  std::vector<int> mapping(static_cast<size_t>(width) + defs.size(), -1);
  for (int c : read) {
    const auto& col = input->schema.columns[c];
    mapping[c] = static_cast<int>(exprs.size());
    exprs.push_back(MakeColumn(c, col.name, col.type, col.nullable));
    out_names.push_back(col.name);
    qualifiers.push_back(col.qualifier);
  }
  for (size_t k = 0; k < defs.size(); ++k) {
    mapping[static_cast<size_t>(width) + k] = static_cast<int>(exprs.size());
    exprs.push_back(defs[k]);
    out_names.push_back(def_names[k]);
    qualifiers.push_back("");
  }
  // The definitions may share subexpressions among themselves ((a+b)*c and (a+b)*c + d):
  // eliminate those in the new projection too, so one application reaches the fixpoint.
  LogicalPlanPtr below = EliminateInProjection(MakeProjection(input, exprs, out_names, qualifiers), names);
  for (size_t i = 0; i < work.size(); ++i) {
    (*roots)[i].expr = work[i] ? RemapColumns(work[i], mapping) : nullptr;
  }
  return below;
}

bool SameSchema(const PlanSchema& a, const PlanSchema& b) {
  if (a.size() != b.size()) return false;
  for (int i = 0; i < a.size(); ++i) {
    const auto& x = a.columns[i];
    const auto& y = b.columns[i];
    if (x.name != y.name || x.qualifier != y.qualifier || x.nullable != y.nullable || !x.type->Equals(*y.type)) {
      return false;
    }
  }
  return true;
}

LogicalPlanPtr EliminateInProjection(const LogicalPlanPtr& node, NameGenerator* names) {
  NameGenerator own(*node->inputs[0]);
  if (!names) names = &own;
  std::vector<Root> roots;
  for (int i = 0; i < node->schema.size(); ++i) {
    const std::string& name = node->schema.columns[i].name;
    bool generated = name.compare(0, kCommonPrefix.size(), kCommonPrefix) == 0;
    roots.push_back({node->exprs[i], true, generated ? name : ""});
  }
  LogicalPlanPtr below = Eliminate(node->inputs[0], &roots, names);
  if (!below) return node;
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> out_names, qualifiers;
  for (int i = 0; i < node->schema.size(); ++i) {
    exprs.push_back(roots[i].expr);
    out_names.push_back(node->schema.columns[i].name);
    qualifiers.push_back(node->schema.columns[i].qualifier);
  }
  auto out = MakeProjection(below, std::move(exprs), std::move(out_names), std::move(qualifiers));
  // Replacements carry each occurrence's own type and nullability, so this holds; keep the
  // original node rather than change the output schema if it ever does not.
  return SameSchema(out->schema, node->schema) ? out : node;
}

LogicalPlanPtr EliminateInAggregate(const LogicalPlanPtr& node) {
  NameGenerator own(*node->inputs[0]);
  NameGenerator* names = &own;
  // Roots in a fixed order: group keys, then per aggregate its arguments, ORDER BY keys and
  // FILTER. Inputs of a filtered aggregate are conditional (see the top of the file).
  std::vector<Root> roots;
  for (const auto& g : node->group_exprs) roots.push_back({g, true, ""});
  for (const auto& call : node->aggregates) {
    const bool eager = call.filter == nullptr;
    for (const auto& a : call.args) roots.push_back({a, eager, ""});
    for (const auto& o : call.order_by) roots.push_back({o.expr, eager, ""});
    roots.push_back({call.filter, true, ""});
  }
  LogicalPlanPtr below = Eliminate(node->inputs[0], &roots, names);
  if (!below) return node;
  auto copy = ClonePlan(*node);  // keeps the schema: aggregate outputs do not change
  copy->inputs = {below};
  size_t next = 0;
  for (auto& g : copy->group_exprs) g = roots[next++].expr;
  for (auto& call : copy->aggregates) {
    for (auto& a : call.args) a = roots[next++].expr;
    for (auto& o : call.order_by) o.expr = roots[next++].expr;
    call.filter = roots[next++].expr;
  }
  return copy;
}

/// The largest N of a `__common_expr_N` column anywhere in `plan` (0 when none): new names
/// continue after it, also when the rule runs again on its own output.
int LastCommonIndex(const LogicalPlan& plan) {
  int last = 0;
  for (const auto& c : plan.schema.columns) {
    std::string_view name = c.name;
    if (name.size() <= kCommonPrefix.size() || name.substr(0, kCommonPrefix.size()) != kCommonPrefix) continue;
    std::string_view digits = name.substr(kCommonPrefix.size());
    if (digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      continue;
    }
    last = std::max(last, std::stoi(std::string(digits)));
  }
  for (const auto& in : plan.inputs) last = std::max(last, LastCommonIndex(*in));
  return last;
}

class CommonSubexpressionEliminationRule : public LogicalRule {
 public:
  std::string name() const override { return "common_subexpression_elimination"; }
  Result<LogicalPlanPtr> Rewrite(const LogicalPlanPtr& plan, const OptimizerConfig&) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) -> Result<LogicalPlanPtr> {
      switch (node->kind) {
        case PlanKind::kProjection:
          return EliminateInProjection(node, nullptr);
        case PlanKind::kAggregate:
          return EliminateInAggregate(node);
        default:
          return node;
      }
    });
  }
};

}  // namespace

std::shared_ptr<const LogicalRule> MakeCommonSubexpressionEliminationRule() {
  return std::make_shared<CommonSubexpressionEliminationRule>();
}

}  // namespace silt::sql
