#pragma once

// The rule-based optimizer (docs/decisions/0006 "Rulepacks"). A rulepack is three ordered
// rule lists: analyzer rules (checks and rewrites before optimization; a policy rule may
// reject the plan), logical rules (run in order, repeated up to optimizer.max_passes times
// until nothing changes) and physical rules (over the executable plan). Every rule has a
// name, a version and the settings it reads; the rulepack's fingerprint hashes them with
// the values of those settings, so the same SQL + data + rulepack always gives the same
// plan and the fingerprint says which rulepack made it.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "silt/sql/exec/execution_plan.h"
#include "silt/sql/exec/physical_planner.h"
#include "silt/sql/plan/logical_plan.h"
#include "silt/sql/plan/statistics.h"

namespace silt::sql {

/// Settings the optimizer and its rules read (name -> value as text).
struct OptimizerConfig {
  std::map<std::string, std::string> settings;
  /// Value of a setting, or `fallback` when unset.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  bool GetBool(const std::string& name, bool fallback) const;
  int64_t GetInt(const std::string& name, int64_t fallback) const;
  /// Whether rule `name` is enabled (`optimizer.enable_<name>`, default true).
  bool RuleEnabled(const std::string& name) const;
};

/// Common description of a rule.
class Rule {
 public:
  virtual ~Rule() = default;
  virtual std::string name() const = 0;
  virtual int version() const { return 1; }
  /// Settings whose values change what the rule does (part of the fingerprint).
  virtual std::vector<std::string> settings() const { return {}; }
};

/// Runs before optimization; may rewrite the plan or reject it with an error.
class AnalyzerRule : public Rule {
 public:
  virtual Result<LogicalPlanPtr> Analyze(const LogicalPlanPtr& plan, const OptimizerConfig& config) const = 0;
};

/// A logical rewrite; returns the input pointer itself when it changes nothing.
class LogicalRule : public Rule {
 public:
  virtual Result<LogicalPlanPtr> Rewrite(const LogicalPlanPtr& plan, const OptimizerConfig& config) const = 0;
};

/// A rewrite of the physical plan; returns the input pointer itself when it changes nothing.
class PhysicalRule : public Rule {
 public:
  virtual Result<ExecutionPlanPtr> Rewrite(const ExecutionPlanPtr& plan, const OptimizerConfig& config) const = 0;
};

/// The ordered rule lists.
struct Rulepack {
  std::vector<std::shared_ptr<const AnalyzerRule>> analyzer;
  std::vector<std::shared_ptr<const LogicalRule>> logical;
  std::vector<std::shared_ptr<const PhysicalRule>> physical;

  /// Stable hex hash of every rule's kind, name and version and of the optimizer settings
  /// and the settings the rules read, with their values in `config`.
  std::string Fingerprint(const OptimizerConfig& config) const;
};

/// silt's built-in rules, in their fixed order.
Rulepack DefaultRulepack();

/// One row of the optimizer trace (EXPLAIN VERBOSE).
struct TraceEntry {
  std::string plan_type;  ///< "logical_plan after push_down_filter", ...
  std::string plan;       ///< plan text, or "SAME TEXT AS ABOVE"
};

/// Everything optimization produced for one query.
struct OptimizedQuery {
  LogicalPlanPtr initial;
  LogicalPlanPtr logical;
  ExecutionPlanPtr physical;
  std::vector<TraceEntry> trace;
  std::string fingerprint;
};

/// Runs the rulepack over a bound plan. A failing rule is an error, or, with
/// optimizer.skip_failed_rules = true, skipped and recorded in the trace.
Result<OptimizedQuery> Optimize(const LogicalPlanPtr& plan, const Rulepack& rulepack,
                                const OptimizerConfig& config,
                                const PhysicalPlannerOptions& physical_options);


}  // namespace silt::sql
