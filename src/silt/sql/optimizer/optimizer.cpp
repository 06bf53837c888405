#include "silt/sql/optimizer/optimizer.h"

#include <xxhash.h>

#include <cstdio>

namespace silt::sql {

std::string OptimizerConfig::Get(const std::string& name, const std::string& fallback) const {
  auto it = settings.find(name);
  return it == settings.end() ? fallback : it->second;
}

bool OptimizerConfig::GetBool(const std::string& name, bool fallback) const {
  auto it = settings.find(name);
  if (it == settings.end()) return fallback;
  return it->second == "true" || it->second == "1" || it->second == "on";
}

int64_t OptimizerConfig::GetInt(const std::string& name, int64_t fallback) const {
  auto it = settings.find(name);
  if (it == settings.end()) return fallback;
  try {
    return std::stoll(it->second);
  } catch (...) {
    return fallback;
  }
}

bool OptimizerConfig::RuleEnabled(const std::string& name) const {
  return GetBool("optimizer.enable_" + name, true);
}

namespace {

/// Settings every rulepack fingerprint includes (they steer the driver itself).
const std::vector<std::string>& DriverSettings() {
  static const std::vector<std::string> kNames = {"optimizer.max_passes", "optimizer.skip_failed_rules"};
  return kNames;
}

void HashRule(const char* kind, const Rule& rule, const OptimizerConfig& config, std::string* text) {
  *text += kind;
  *text += ':' + rule.name() + '@' + std::to_string(rule.version());
  *text += " enabled=" + std::string(config.RuleEnabled(rule.name()) ? "1" : "0");
  for (const auto& s : rule.settings()) *text += ' ' + s + '=' + config.Get(s);
  *text += '\n';
}

}  // namespace

std::string Rulepack::Fingerprint(const OptimizerConfig& config) const {
  std::string text;
  for (const auto& s : DriverSettings()) text += s + '=' + config.Get(s) + '\n';
  for (const auto& r : analyzer) HashRule("analyzer", *r, config, &text);
  for (const auto& r : logical) HashRule("logical", *r, config, &text);
  for (const auto& r : physical) HashRule("physical", *r, config, &text);
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(XXH64(text.data(), text.size(), 0)));
  return buf;
}

Result<OptimizedQuery> Optimize(const LogicalPlanPtr& plan, const Rulepack& rulepack,
                                const OptimizerConfig& config,
                                const PhysicalPlannerOptions& physical_options) {
  OptimizedQuery out;
  out.initial = plan;
  out.fingerprint = rulepack.Fingerprint(config);
  const bool skip_failed = config.GetBool("optimizer.skip_failed_rules", false);
  LogicalPlanPtr current = plan;
  std::string last_text = plan->ToText();
  auto record = [&](const std::string& type, const std::string& text) {
    out.trace.push_back({type, text == last_text ? "SAME TEXT AS ABOVE" : text});
    last_text = text;
  };
  for (const auto& rule : rulepack.analyzer) {
    if (!config.RuleEnabled(rule->name())) continue;
    auto r = rule->Analyze(current, config);
    if (!r.ok()) return r.status().WithContext("analyzer rule " + rule->name());
    current = *r;
    record("analyzed_logical_plan after " + rule->name(), current->ToText());
  }
  int64_t passes = std::max<int64_t>(1, config.GetInt("optimizer.max_passes", 3));
  for (int64_t pass = 0; pass < passes; ++pass) {
    bool changed = false;
    for (const auto& rule : rulepack.logical) {
      if (!config.RuleEnabled(rule->name())) continue;
      auto r = rule->Rewrite(current, config);
      if (!r.ok()) {
        if (!skip_failed) return r.status().WithContext("optimizer rule " + rule->name());
        out.trace.push_back({"logical_plan after " + rule->name(), "SKIPPED (failed: " + r.status().message() + ")"});
        continue;
      }
      std::string text = (*r)->ToText();
      if (text != last_text) changed = true;
      current = *r;
      record("logical_plan after " + rule->name(), text);
    }
    if (!changed) break;
  }
  out.logical = current;
  SILT_ASSIGN_OR_RETURN(auto physical, CreatePhysicalPlan(*current, physical_options));
  last_text = physical->ToText();
  out.trace.push_back({"initial_physical_plan", last_text});
  for (const auto& rule : rulepack.physical) {
    if (!config.RuleEnabled(rule->name())) continue;
    auto r = rule->Rewrite(physical, config);
    if (!r.ok()) {
      if (!skip_failed) return r.status().WithContext("physical optimizer rule " + rule->name());
      out.trace.push_back({"physical_plan after " + rule->name(), "SKIPPED (failed: " + r.status().message() + ")"});
      continue;
    }
    physical = *r;
    record("physical_plan after " + rule->name(), physical->ToText());
  }
  out.physical = physical;
  return out;
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

}  // namespace silt::sql

namespace silt::sql {

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

}  // namespace silt::sql
