// simplify_expressions and push_down_filter.
#include <cstring>

#include "silt/functions/cast.h"
#include "silt/sql/optimizer/rules.h"

namespace silt::sql {

Result<LogicalPlanPtr> TransformUp(
    const LogicalPlanPtr& plan, const std::function<Result<LogicalPlanPtr>(const LogicalPlanPtr&)>& fn) {
  std::vector<LogicalPlanPtr> inputs;
  bool changed = false;
  for (const auto& in : plan->inputs) {
    SILT_ASSIGN_OR_RETURN(auto n, TransformUp(in, fn));
    changed = changed || n != in;
    inputs.push_back(n);
  }
  LogicalPlanPtr node = changed ? WithInputs(*plan, std::move(inputs)) : plan;
  return fn(node);
}

namespace {

bool IsBoolLiteral(const BoundExpr& e, bool value) {
  if (e.kind != BoundExprKind::kLiteral || e.type->id() != TypeId::kBool || e.value->IsNull(0)) return false;
  auto flat = Flatten(e.value);
  return flat.ok() && (*flat)->GetBool(0) == value;
}

/// `CAST(int_col AS wider) op literal` -> `int_col op literal'` when the literal fits the
/// column's type exactly: the comparison means the same, and scans can prune on it.
BoundExprPtr UnwrapIntegerCast(const BoundExpr& e) {
  static const char* const kOps[] = {"=", "<>", "<", "<=", ">", ">="};
  std::string_view fn = CallName(e);
  bool is_cmp = false;
  for (const char* op : kOps) is_cmp = is_cmp || fn == op;
  if (!is_cmp || e.children.size() != 2) return nullptr;
  int cast_side = e.children[0]->kind == BoundExprKind::kCast ? 0 : 1;
  const auto& cast = e.children[cast_side];
  const auto& lit = e.children[1 - cast_side];
  if (cast->kind != BoundExprKind::kCast || cast->try_cast || lit->kind != BoundExprKind::kLiteral) return nullptr;
  const auto& inner = cast->children[0];
  bool integers = inner->type->IsInteger() && cast->type->IsInteger();
  // Decimal widening (more integer digits or more scale) preserves order too.
  bool decimals = inner->type->IsDecimal() && cast->type->IsDecimal() &&
                  cast->type->scale() >= inner->type->scale() &&
                  cast->type->precision() - cast->type->scale() >= inner->type->precision() - inner->type->scale();
  if (inner->kind != BoundExprKind::kColumn || !(integers || decimals) || !lit->type->Equals(*cast->type)) {
    return nullptr;
  }
  functions::KernelContext kc;
  auto narrowed = functions::Cast(kc, lit->value, inner->type, /*try_cast=*/false);
  if (!narrowed.ok()) return nullptr;  // out of the column's range: keep the cast
  auto flat = Flatten(*narrowed);
  if (!flat.ok() || (*flat)->IsNull(0)) return nullptr;
  if (decimals) {
    // Only when the constant survives the round trip exactly (no digits rounded away).
    auto back = functions::Cast(kc, *flat, cast->type, false);
    if (!back.ok()) return nullptr;
    auto back_flat = Flatten(*back);
    auto lit_flat = Flatten(lit->value);
    if (!back_flat.ok() || !lit_flat.ok()) return nullptr;
    if (std::memcmp((*back_flat)->GetFixed(0), (*lit_flat)->GetFixed(0), static_cast<size_t>(cast->type->FixedWidth())) != 0) {
      return nullptr;
    }
  }
  std::vector<BoundExprPtr> args(2);
  args[cast_side] = inner;
  args[1 - cast_side] = MakeLiteral(*flat);
  auto call = MakeCall(functions::FunctionRegistry::Default(), fn, args);
  return call.ok() ? *call : nullptr;
}

/// `CAST(date_col AS timestamp) op TIMESTAMP t` -> `date_col op' DATE d` with d = t's day:
/// `date + INTERVAL` yields a timestamp (PostgreSQL), which would otherwise cast every row and
/// hide the predicate from pruning. Exact for every operator (t between midnights adjusts it).
BoundExprPtr UnwrapDateCast(const BoundExpr& e) {
  std::string fn(CallName(e));
  if (e.children.size() != 2) return nullptr;
  int cast_side = e.children[0]->kind == BoundExprKind::kCast ? 0 : 1;
  const auto& cast = e.children[cast_side];
  const auto& lit = e.children[1 - cast_side];
  if (cast->kind != BoundExprKind::kCast || cast->try_cast || lit->kind != BoundExprKind::kLiteral) return nullptr;
  const auto& col = cast->children[0];
  if (col->type->id() != TypeId::kDate32 || cast->type->id() != TypeId::kTimestamp ||
      !cast->type->timezone().empty() || !lit->type->Equals(*cast->type)) {
    return nullptr;
  }
  // Normalize to `col op literal`.
  if (cast_side == 1) {
    if (fn == "<") fn = ">";
    else if (fn == ">") fn = "<";
    else if (fn == "<=") fn = ">=";
    else if (fn == ">=") fn = "<=";
  }
  functions::KernelContext kc;
  auto day = functions::Cast(kc, lit->value, date32(), false);
  if (!day.ok()) return nullptr;
  auto back = functions::Cast(kc, *day, cast->type, false);
  if (!back.ok()) return nullptr;
  auto day_flat = Flatten(*day);
  auto lit_flat = Flatten(lit->value);
  auto back_flat = Flatten(*back);
  if (!day_flat.ok() || !lit_flat.ok() || !back_flat.ok() || (*lit_flat)->IsNull(0)) return nullptr;
  bool exact = (*lit_flat)->values<int64_t>()[0] == (*back_flat)->values<int64_t>()[0];
  // The cast to date floors toward the earlier day for times after midnight.
  if (!exact) {
    if (fn == "<") fn = "<=";
    else if (fn == ">=") fn = ">";
    else if (fn != "<=" && fn != ">") return nullptr;  // =, <> with a time of day: keep
  }
  auto call = MakeCall(functions::FunctionRegistry::Default(), fn, {col, MakeLiteral(*day_flat)});
  return call.ok() ? *call : nullptr;
}

BoundExprPtr Simplify(const BoundExprPtr& e) {
  if (e->children.empty()) return e;
  std::vector<BoundExprPtr> children;
  bool changed = false;
  bool all_literal = true;
  for (const auto& c : e->children) {
    auto s = Simplify(c);
    changed = changed || s != c;
    all_literal = all_literal && s->kind == BoundExprKind::kLiteral;
    children.push_back(s);
  }
  BoundExprPtr node = changed ? WithChildren(*e, children) : e;
  if (node->kind == BoundExprKind::kCall) {
    std::string_view fn = CallName(*node);
    if (fn == "and") {
      if (IsBoolLiteral(*children[0], false) || IsBoolLiteral(*children[1], false)) return MakeBoolLiteral(false);
      if (IsBoolLiteral(*children[0], true)) return children[1];
      if (IsBoolLiteral(*children[1], true)) return children[0];
    } else if (fn == "or") {
      if (IsBoolLiteral(*children[0], true) || IsBoolLiteral(*children[1], true)) return MakeBoolLiteral(true);
      if (IsBoolLiteral(*children[0], false)) return children[1];
      if (IsBoolLiteral(*children[1], false)) return children[0];
      // (A AND B) OR (A AND C) -> A AND (B OR C): a join key repeated in every branch of an
      // OR (TPC-H Q19) becomes a conjunct that push_down_filter can turn into a join key.
      std::vector<BoundExprPtr> l, r, common, l_rest, r_rest;
      SplitConjunction(children[0], &l);
      SplitConjunction(children[1], &r);
      for (const auto& a : l) {
        bool shared = false;
        for (const auto& b : r) shared = shared || (a->IsDeterministic() && a->Equals(*b));
        (shared ? common : l_rest).push_back(a);
      }
      if (!common.empty()) {
        for (const auto& b : r) {
          bool shared = false;
          for (const auto& a : common) shared = shared || a->Equals(*b);
          if (!shared) r_rest.push_back(b);
        }
        std::vector<BoundExprPtr> parts = common;
        if (!l_rest.empty() && !r_rest.empty()) {
          auto lc = Conjunction(l_rest);
          auto rc = Conjunction(r_rest);
          if (lc.ok() && rc.ok()) {
            auto either = MakeCall(functions::FunctionRegistry::Default(), "or", {*lc, *rc});
            if (either.ok()) parts.push_back(*either);
          }
        }
        auto all = Conjunction(parts);
        if (all.ok()) return *all;
      }
    } else if (fn == "not" && IsCall(*children[0], "not")) {
      return children[0]->children[0];
    } else if (auto unwrapped = UnwrapIntegerCast(*node)) {
      return unwrapped;
    } else if (auto by_day = UnwrapDateCast(*node)) {
      return by_day;
    }
  }
  if (!all_literal) return node;
  // Fold: evaluate on one row. Failures (1/0) stay unfolded: they raise only if executed.
  functions::KernelContext kc;
  Result<ArrayDataPtr> value = Status::OK();
  if (node->kind == BoundExprKind::kCast) {
    value = functions::Cast(kc, children[0]->value, node->type, node->try_cast);
  } else if (node->kind == BoundExprKind::kCall && node->function->deterministic) {
    std::vector<ArrayDataPtr> args;
    for (const auto& c : children) args.push_back(c->value);
    value = node->function->kernel(kc, args, 1);
  } else {
    return node;
  }
  if (!value.ok()) return node;
  auto flat = Flatten(*value);
  if (!flat.ok()) return node;
  return MakeLiteral(*flat);
}

std::vector<BoundExprPtr> SimplifyAll(const std::vector<BoundExprPtr>& v, bool* changed) {
  std::vector<BoundExprPtr> out;
  for (const auto& e : v) {
    out.push_back(e ? Simplify(e) : e);
    *changed = *changed || out.back() != e;
  }
  return out;
}

class SimplifyExpressionsRule : public LogicalRule {
 public:
  std::string name() const override { return "simplify_expressions"; }
  Result<LogicalPlanPtr> Rewrite(const LogicalPlanPtr& plan, const OptimizerConfig&) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) -> Result<LogicalPlanPtr> {
      bool changed = false;
      auto exprs = SimplifyAll(node->exprs, &changed);
      auto filters = SimplifyAll(node->filters, &changed);
      auto groups = SimplifyAll(node->group_exprs, &changed);
      BoundExprPtr join_filter = node->join_filter ? Simplify(node->join_filter) : nullptr;
      changed = changed || join_filter != node->join_filter;
      if (node->kind == PlanKind::kFilter && IsBoolLiteral(*exprs[0], true)) return node->inputs[0];
      if (node->kind == PlanKind::kJoin && join_filter && IsBoolLiteral(*join_filter, true)) {
        join_filter = nullptr;
        changed = true;
      }
      if (!changed) return node;
      auto copy = ClonePlan(*node);
      copy->exprs = exprs;
      copy->filters = filters;
      copy->group_exprs = groups;
      copy->join_filter = join_filter;
      return LogicalPlanPtr(copy);
    });
  }
};

// ---------------------------------------------------------------------------------------
// push_down_filter

bool RefersOnly(const BoundExpr& e, int begin, int end) {
  std::vector<int> cols;
  CollectColumns(e, &cols);
  for (int c : cols) {
    if (c < begin || c >= end) return false;
  }
  return true;
}

/// Whether `e` is NULL/false whenever every column in [begin, end) it reads is NULL (so
/// rows of an outer join's padded side never pass it).
bool RejectsNullsOf(const BoundExpr& e, int begin, int end) {
  std::vector<int> cols;
  CollectColumns(e, &cols);
  bool touches = false;
  for (int c : cols) touches = touches || (c >= begin && c < end);
  if (!touches) return false;
  // Comparisons and arithmetic return NULL on NULL input; IS NULL, COALESCE, OR, CASE and
  // IS DISTINCT FROM do not.
  std::function<bool(const BoundExpr&)> strict = [&](const BoundExpr& x) -> bool {
    if (x.kind == BoundExprKind::kColumn || x.kind == BoundExprKind::kLiteral) return true;
    if (x.kind == BoundExprKind::kCast) return strict(*x.children[0]);
    if (x.kind != BoundExprKind::kCall) return false;
    std::string_view fn = CallName(x);
    static const char* const kStrict[] = {"=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", "%",
                                          "like", "not_like", "ilike", "not_ilike", "and", "not", "is_not_null", "substr", "||"};
    bool known = false;
    for (const char* k : kStrict) known = known || fn == k;
    if (!known) return false;
    if (fn == "is_not_null") return RefersOnly(x, begin, end) || true;
    for (const auto& c : x.children) {
      if (!strict(*c)) return false;
    }
    return true;
  };
  return strict(e);
}

BoundExprPtr AndAll(const std::vector<BoundExprPtr>& v) {
  auto r = Conjunction(v);
  return r.ok() ? *r : nullptr;
}

LogicalPlanPtr WrapFilter(LogicalPlanPtr plan, const std::vector<BoundExprPtr>& preds) {
  if (preds.empty()) return plan;
  return MakeFilter(std::move(plan), AndAll(preds));
}

void AddUnique(std::vector<BoundExprPtr>* v, const BoundExprPtr& e) {
  for (const auto& x : *v) {
    if (x->Equals(*e)) return;
  }
  v->push_back(e);
}

/// For an OR, the OR of each disjunct's conjuncts that read only columns [begin, end), or
/// null when some disjunct has none (then nothing is implied for that side).
BoundExprPtr DeriveSideDisjunction(const BoundExprPtr& e, int begin, int end) {
  std::vector<BoundExprPtr> disjuncts;
  std::function<void(const BoundExprPtr&)> split = [&](const BoundExprPtr& x) {
    if (IsCall(*x, "or")) {
      for (const auto& c : x->children) split(c);
    } else {
      disjuncts.push_back(x);
    }
  };
  split(e);
  BoundExprPtr result;
  for (const auto& d : disjuncts) {
    std::vector<BoundExprPtr> conj, mine;
    SplitConjunction(d, &conj);
    for (const auto& c : conj) {
      std::vector<int> cols;
      CollectColumns(*c, &cols);
      if (!cols.empty() && RefersOnly(*c, begin, end) && c->IsDeterministic()) mine.push_back(c);
    }
    if (mine.empty()) return nullptr;
    auto part = Conjunction(mine);
    if (!part.ok()) return nullptr;
    if (!result) {
      result = *part;
    } else {
      auto either = MakeCall(functions::FunctionRegistry::Default(), "or", {result, *part});
      if (!either.ok()) return nullptr;
      result = *either;
    }
  }
  return result;
}

class FilterPusher {
 public:
  explicit FilterPusher(const OptimizerConfig& config)
      : null_join_keys_(config.GetBool("optimizer.filter_null_join_keys", false)) {}

  Result<LogicalPlanPtr> Push(const LogicalPlanPtr& node, std::vector<BoundExprPtr> preds) {
    switch (node->kind) {
      case PlanKind::kFilter: {
        std::vector<BoundExprPtr> conj;
        SplitConjunction(node->exprs[0], &conj);
        for (const auto& c : conj) AddUnique(&preds, c);
        return Push(node->inputs[0], preds);
      }
      case PlanKind::kProjection: {
        std::vector<BoundExprPtr> down, keep;
        for (const auto& p : preds) {
          std::vector<int> cols;
          CollectColumns(*p, &cols);
          bool ok = p->IsDeterministic();
          for (int c : cols) ok = ok && node->exprs[c]->IsDeterministic();
          (ok ? down : keep).push_back(ok ? SubstituteColumns(p, node->exprs) : p);
        }
        SILT_ASSIGN_OR_RETURN(auto in, Push(node->inputs[0], down));
        return WrapFilter(WithInputs(*node, {in}), keep);
      }
      case PlanKind::kSort: {
        SILT_ASSIGN_OR_RETURN(auto in, Push(node->inputs[0], node->fetch ? std::vector<BoundExprPtr>{} : preds));
        auto out = WithInputs(*node, {in});
        return node->fetch ? WrapFilter(out, preds) : out;
      }
      case PlanKind::kUnion: {
        std::vector<LogicalPlanPtr> inputs;
        for (const auto& in : node->inputs) {
          SILT_ASSIGN_OR_RETURN(auto p, Push(in, preds));
          inputs.push_back(p);
        }
        return WithInputs(*node, inputs);
      }
      case PlanKind::kAggregate: {
        int groups = static_cast<int>(node->group_exprs.size());
        std::vector<BoundExprPtr> down, keep;
        for (const auto& p : preds) {
          // Without GROUP BY the aggregate yields a row even for no input: HAVING on it must
          // stay above (SELECT 42 HAVING 42 > 80 has no row).
          bool ok = groups > 0 && node->grouping_sets.empty() && RefersOnly(*p, 0, groups) && p->IsDeterministic();
          if (ok) {
            down.push_back(SubstituteColumns(p, node->group_exprs));
          } else {
            keep.push_back(p);
          }
        }
        SILT_ASSIGN_OR_RETURN(auto in, Push(node->inputs[0], down));
        return WrapFilter(WithInputs(*node, {in}), keep);
      }
      case PlanKind::kJoin:
        return PushJoin(node, std::move(preds));
      case PlanKind::kScan: {
        std::vector<BoundExprPtr> usable;
        for (const auto& p : preds) {
          if (p->IsDeterministic() && node->source->SupportsFilter(*p) != FilterPushdown::kUnsupported) usable.push_back(p);
        }
        LogicalPlanPtr scan = node;
        if (!usable.empty()) {
          auto copy = ClonePlan(*node);
          for (const auto& p : usable) AddUnique(&copy->filters, p);
          if (copy->filters.size() != node->filters.size()) scan = copy;
        }
        std::vector<BoundExprPtr> keep;
        for (const auto& p : preds) {
          if (node->source->SupportsFilter(*p) != FilterPushdown::kExact) keep.push_back(p);
        }
        return WrapFilter(scan, keep);
      }
      default: {
        // Not pushed through; recurse into the inputs with no predicates.
        std::vector<LogicalPlanPtr> inputs;
        bool changed = false;
        for (const auto& in : node->inputs) {
          SILT_ASSIGN_OR_RETURN(auto p, Push(in, {}));
          changed = changed || p != in;
          inputs.push_back(p);
        }
        return WrapFilter(changed ? WithInputs(*node, inputs) : node, preds);
      }
    }
  }

 private:
  Result<LogicalPlanPtr> PushJoin(const LogicalPlanPtr& node, std::vector<BoundExprPtr> preds) {
    int lw = node->inputs[0]->schema.size();
    int rw = node->inputs[1]->schema.size();
    JoinType type = node->join_type;
    // Outer joins become inner when a filter above rejects the padded side's NULLs.
    if (type == JoinType::kLeft || type == JoinType::kRight || type == JoinType::kFull) {
      bool right_rejected = false, left_rejected = false;
      for (const auto& p : preds) {
        right_rejected = right_rejected || RejectsNullsOf(*p, lw, lw + rw);
        left_rejected = left_rejected || RejectsNullsOf(*p, 0, lw);
      }
      if (type == JoinType::kLeft && right_rejected) type = JoinType::kInner;
      else if (type == JoinType::kRight && left_rejected) type = JoinType::kInner;
      else if (type == JoinType::kFull && right_rejected && left_rejected) type = JoinType::kInner;
      else if (type == JoinType::kFull && right_rejected) type = JoinType::kRight;
      else if (type == JoinType::kFull && left_rejected) type = JoinType::kLeft;
    }
    // A mark join filtered on its mark is a semi join (NOT mark: an anti join unless the
    // NULL-aware IN semantics matter).
    std::optional<bool> mark_filter;
    if (type == JoinType::kMark) {
      for (auto it = preds.begin(); it != preds.end(); ++it) {
        const auto& p = *it;
        if (p->kind == BoundExprKind::kColumn && p->index == lw) {
          mark_filter = true;
          preds.erase(it);
          break;
        }
        if (IsCall(*p, "not") && p->children[0]->kind == BoundExprKind::kColumn &&
            p->children[0]->index == lw && !node->null_aware) {
          mark_filter = false;
          preds.erase(it);
          break;
        }
      }
      if (mark_filter) type = *mark_filter ? JoinType::kSemi : JoinType::kAnti;
    }
    std::vector<BoundExprPtr> left, right, join_conj, keep;
    std::vector<BoundExprPtr> on;
    if (node->join_filter) SplitConjunction(node->join_filter, &on);
    if (type == JoinType::kInner) {
      // From an OR spanning both sides, each side gets the OR of its own parts (implied, so
      // the original stays): (n1 = 'A' AND n2 = 'B') OR (n1 = 'B' AND n2 = 'A') lets each
      // nation scan keep just 'A' and 'B' (TPC-H Q7).
      std::vector<BoundExprPtr> all = preds;
      all.insert(all.end(), on.begin(), on.end());
      for (const auto& p : all) {
        if (!IsCall(*p, "or") || RefersOnly(*p, 0, lw) || RefersOnly(*p, lw, lw + rw)) continue;
        for (int side = 0; side < 2; ++side) {
          auto derived = DeriveSideDisjunction(p, side == 0 ? 0 : lw, side == 0 ? lw : lw + rw);
          if (!derived) continue;
          if (side == 0) {
            AddUnique(&left, derived);
          } else {
            AddUnique(&right, ShiftColumns(derived, -lw));
          }
        }
      }
    }
    bool inner = type == JoinType::kInner;
    bool output_has_right = type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kRight ||
                            type == JoinType::kFull;
    for (const auto& p : preds) {
      bool det = p->IsDeterministic();
      if (det && RefersOnly(*p, 0, lw) && type != JoinType::kRight && type != JoinType::kFull) {
        left.push_back(p);
      } else if (det && output_has_right && RefersOnly(*p, lw, lw + rw) && type != JoinType::kLeft && type != JoinType::kFull) {
        right.push_back(ShiftColumns(p, -lw));
      } else if (inner && det && output_has_right) {
        join_conj.push_back(p);
      } else {
        keep.push_back(p);
      }
    }
    // ON conjuncts that read one side only go down to it where that keeps semantics.
    for (const auto& c : on) {
      bool det = c->IsDeterministic();
      bool only_left = RefersOnly(*c, 0, lw);
      bool only_right = RefersOnly(*c, lw, lw + rw) && !RefersOnly(*c, 0, 0);
      std::vector<int> cols;
      CollectColumns(*c, &cols);
      if (cols.empty()) only_right = false;
      if (det && only_left && !cols.empty() && (type == JoinType::kInner || type == JoinType::kRight || type == JoinType::kSemi)) {
        left.push_back(c);
      } else if (det && only_right && type != JoinType::kRight && type != JoinType::kFull) {
        right.push_back(ShiftColumns(c, -lw));
      } else {
        join_conj.push_back(c);
      }
    }
    if (null_join_keys_ && type == JoinType::kInner) {
      for (const auto& c : join_conj) {
        if (IsCall(*c, "=") && RefersOnly(*c->children[0], 0, lw) && RefersOnly(*c->children[1], lw, lw + rw)) {
          auto l = MakeCall(functions::FunctionRegistry::Default(), "is_not_null", {c->children[0]});
          auto r = MakeCall(functions::FunctionRegistry::Default(), "is_not_null", {ShiftColumns(c->children[1], -lw)});
          if (l.ok() && c->children[0]->nullable) AddUnique(&left, *l);
          if (r.ok() && c->children[1]->nullable) AddUnique(&right, *r);
        }
      }
    }
    SILT_ASSIGN_OR_RETURN(auto l, Push(node->inputs[0], left));
    SILT_ASSIGN_OR_RETURN(auto r, Push(node->inputs[1], right));
    auto copy = ClonePlan(*node);
    copy->join_type = type;
    copy->join_filter = AndAll(join_conj);
    copy->inputs = {l, r};
    LogicalPlanPtr out = WithInputs(*copy, {l, r});
    if (mark_filter) {
      // Keep the mark column so indices above stay valid: it is constant now.
      std::vector<BoundExprPtr> exprs = ColumnsOf(out->schema);
      std::vector<std::string> names;
      std::vector<std::string> quals;
      for (const auto& c : out->schema.columns) {
        names.push_back(c.name);
        quals.push_back(c.qualifier);
      }
      exprs.push_back(MakeBoolLiteral(*mark_filter));
      names.push_back(node->schema.columns.back().name);
      quals.push_back("");
      out = MakeProjection(out, exprs, names, quals);
    }
    return WrapFilter(out, keep);
  }

  bool null_join_keys_;
};

class PushDownFilterRule : public LogicalRule {
 public:
  std::string name() const override { return "push_down_filter"; }
  std::vector<std::string> settings() const override { return {"optimizer.filter_null_join_keys"}; }
  Result<LogicalPlanPtr> Rewrite(const LogicalPlanPtr& plan, const OptimizerConfig& config) const override {
    FilterPusher pusher(config);
    return pusher.Push(plan, {});
  }
};

}  // namespace

std::shared_ptr<const LogicalRule> MakeSimplifyExpressionsRule() {
  return std::make_shared<SimplifyExpressionsRule>();
}
std::shared_ptr<const LogicalRule> MakePushDownFilterRule() { return std::make_shared<PushDownFilterRule>(); }

}  // namespace silt::sql
