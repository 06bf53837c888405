#pragma once

// The physical operators. Each factory returns an ExecutionPlan whose Execute() creates a
// fresh stream (operators keep no per-execution state outside their streams, so a plan can
// run repeatedly, as recursive CTEs do).

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "silt/sql/exec/execution_plan.h"
#include "silt/sql/kernels/aggregate.h"
#include "silt/sql/plan/logical_plan.h"

namespace silt::sql {

ExecutionPlanPtr MakeScanExec(std::string table_name, std::shared_ptr<TableSource> source,
                              std::vector<int> projection, std::vector<BoundExprPtr> filters,
                              std::optional<int64_t> limit, SchemaPtr schema);
/// A copy of a ScanExec that applies and prunes with `filters` once they are published
/// (`description` names the constrained columns in EXPLAIN); null when `scan` is no scan.
/// Adds `filters` (over output `column`) to a ScanExec's runtime filters, next to those other
/// operators publish to it (null for other operators).
ExecutionPlanPtr AddRuntimeFilters(const ExecutionPlanPtr& scan, std::shared_ptr<RuntimeFilters> filters,
                                   const std::string& column);
ExecutionPlanPtr WithRuntimeFilters(const ExecutionPlanPtr& scan, std::shared_ptr<RuntimeFilters> filters,
                                    std::string description);
/// The expressions of a ProjectionExec (null for other operators).
const std::vector<BoundExprPtr>* ProjectionExprsOf(const ExecutionPlan& plan);
/// Rows computed at planning time (VALUES, EmptyRelation).
ExecutionPlanPtr MakeValuesExec(SchemaPtr schema, std::vector<RecordBatchPtr> batches,
                                std::string label);
ExecutionPlanPtr MakeProjectionExec(ExecutionPlanPtr input, std::vector<BoundExprPtr> exprs,
                                    SchemaPtr schema);
ExecutionPlanPtr MakeFilterExec(ExecutionPlanPtr input, BoundExprPtr predicate);
ExecutionPlanPtr MakeLimitExec(ExecutionPlanPtr input, int64_t skip, std::optional<int64_t> fetch);
ExecutionPlanPtr MakeUnionExec(std::vector<ExecutionPlanPtr> inputs, SchemaPtr schema);
/// Batches of at least `target_rows` rows (merges small ones).
ExecutionPlanPtr MakeCoalesceBatchesExec(ExecutionPlanPtr input, int64_t target_rows);

/// One aggregate of a HashAggregateExec.
struct PhysicalAggregate {
  AggregateCallExpr call;
  BoundAggregate bound;
};
/// The group expressions of a HashAggregateExec (null for other operators);
/// `has_grouping_sets` (when given) is set when it computes GROUPING SETS / ROLLUP / CUBE.
const std::vector<BoundExprPtr>* AggregateGroupsOf(const ExecutionPlan& plan, bool* has_grouping_sets = nullptr);
ExecutionPlanPtr MakeHashAggregateExec(ExecutionPlanPtr input, std::vector<BoundExprPtr> group_exprs,
                                       std::vector<PhysicalAggregate> aggregates,
                                       std::vector<std::vector<int>> grouping_sets, SchemaPtr schema);

/// Join options beyond the type.
struct JoinSpec {
  JoinType type = JoinType::kInner;
  /// Equi keys: left expr over the left input, right expr over the right input. Empty =
  /// nested loop join over every pair.
  std::vector<std::pair<BoundExprPtr, BoundExprPtr>> keys;
  /// Residual condition over left ++ right columns.
  BoundExprPtr filter;
  bool null_equals_null = false;
  bool null_aware = false;
  /// Scalar subquery: more than one match for a left row is an error.
  bool single_match = false;
  /// Semi / anti joins only: build the hash table on the left input and probe with the
  /// right (when the left is the smaller), emitting the left rows at the end.
  bool build_left = false;
  /// After the build, the [min, max] of build key `key` is published to `filters` as a
  /// range over column `column` (index, name, type) of a probe-side scan.
  struct RuntimeFilterTarget {
    size_t key = 0;
    int column = 0;
    std::string column_name;
    DataTypePtr column_type;
    std::shared_ptr<RuntimeFilters> filters;
  };
  std::vector<RuntimeFilterTarget> runtime_filter_targets;
  /// Both inputs are hash-partitioned on the keys (RepartitionExec below each, same count):
  /// partition p joins build partition p with probe partition p. Set by the
  /// repartition_placement rule; EXPLAIN prints `mode=partitioned`.
  bool partitioned = false;
};
/// The spec of a JoinExec (null for other operators).
const JoinSpec* JoinSpecOf(const ExecutionPlan& plan);
/// Hash join building on the right input (or a nested loop join without keys).
ExecutionPlanPtr MakeJoinExec(ExecutionPlanPtr left, ExecutionPlanPtr right, JoinSpec spec,
                              SchemaPtr schema);

ExecutionPlanPtr MakeSortExec(ExecutionPlanPtr input, std::vector<SortExpr> keys,
                              std::optional<int64_t> fetch);
/// A copy of a one-key TopK SortExec that publishes its running k-th key to `filters` as a
/// bound on scan column `column` (null for other operators).
ExecutionPlanPtr WithTopKThreshold(const ExecutionPlanPtr& sort, std::shared_ptr<RuntimeFilters> filters, int column,
                                   std::string name, DataTypePtr type);
/// The sort keys of a TopK SortExec (null otherwise).
const std::vector<SortExpr>* TopKKeysOf(const ExecutionPlan& plan);
ExecutionPlanPtr MakeWindowExec(ExecutionPlanPtr input, std::vector<WindowCallExpr> calls,
                                SchemaPtr schema);
/// The calls of a WindowAggExec (null for other operators).
const std::vector<WindowCallExpr>* WindowCallsOf(const ExecutionPlan& plan);
/// INTERSECT / EXCEPT [ALL] (NULLs compare equal, as set operations require).
ExecutionPlanPtr MakeSetOpExec(ExecutionPlanPtr left, ExecutionPlanPtr right, SetOpType op,
                               bool distinct, SchemaPtr schema);

/// One output row per element of the input's list columns `columns`, zipped (input columns
/// repeated, one element column appended per list; a list shorter than the row's longest
/// gives NULL); rows whose lists are all NULL or empty produce none, or with `outer` one row
/// with NULL elements.
ExecutionPlanPtr MakeUnnestExec(ExecutionPlanPtr input, std::vector<int> columns, bool outer, SchemaPtr schema);

/// The rows of a materialized CTE, computed once and shared by its references.
struct CteResult {
  std::mutex mutex;
  bool done = false;
  std::vector<RecordBatchPtr> batches;
};
/// A reference to a materialized CTE: the first reference to be read runs `input` into
/// `result`; every reference reads `result` (the others never run their input).
ExecutionPlanPtr MakeMaterializedCteExec(std::string name, std::shared_ptr<CteResult> result, ExecutionPlanPtr input);

/// Rows of a recursive CTE's working table, shared between the CTE and its work-table scans.
struct WorkTable {
  std::vector<RecordBatchPtr> batches;
};
ExecutionPlanPtr MakeWorkTableExec(std::string name, std::shared_ptr<WorkTable> table, SchemaPtr schema);
/// Runs `anchor`, then `recursive` (which reads `table`) until it yields no new rows.
ExecutionPlanPtr MakeRecursiveCteExec(std::string name, ExecutionPlanPtr anchor,
                                      ExecutionPlanPtr recursive, std::shared_ptr<WorkTable> table,
                                      bool distinct, SchemaPtr schema);

/// How a RepartitionExec distributes its input's rows over `count` output partitions.
struct Partitioning {
  enum class Kind : uint8_t {
    /// By a hash of `exprs` (GroupHashTable::HashRows): equal keys meet in one partition;
    /// rows with a NULL key all go to partition 0.
    kHash,
    /// Whole batches in turn (no key: spreads work, keeps no row placement).
    kRoundRobin,
  };
  Kind kind = Kind::kRoundRobin;
  std::vector<BoundExprPtr> exprs;  ///< kHash: key expressions over the input
  int count = 1;
  /// Deterministic text for EXPLAIN: `Hash([l_orderkey], 4)`, `RoundRobin(4)`.
  std::string ToString() const;
};
/// An exchange: drains every partition of `input` once (on the first Next() of any output
/// partition), buckets the rows by `partitioning`, and serves output partition p from bucket
/// p. Buffered rows are allocated from the TaskContext's pool. A new execution (a partition
/// asked for again, e.g. a recursive CTE re-running its plan) drains the input again.
ExecutionPlanPtr MakeRepartitionExec(ExecutionPlanPtr input, Partitioning partitioning);
/// The partitioning of a RepartitionExec (null for other operators).
const Partitioning* PartitioningOf(const ExecutionPlan& plan);
/// One output partition made of `input`'s partitions 0..n-1, read one after another.
ExecutionPlanPtr MakeCoalescePartitionsExec(ExecutionPlanPtr input);

}  // namespace silt::sql
