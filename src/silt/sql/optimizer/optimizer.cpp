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
  char buf[32];
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

}  // namespace silt::sql

