#pragma once

// Physical plans (docs/decisions/0006): a tree of ExecutionPlan operators, each producing a
// pull-based stream of record batches per partition. With execution.target_partitions > 1
// the repartition_placement rule (docs/decisions/0008) adds exchanges and the partitions run
// one after another; the parallel executor runs them on threads without changing the
// operator interface.
// Operators account memory to the task's pool, check cancellation once per batch, and keep
// metrics that EXPLAIN ANALYZE prints.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/functions/function_registry.h"
#include "silt/sql/plan/table_source.h"

namespace silt::sql {

/// Per-query execution state shared by all operators.
struct TaskContext {
  MemoryPool* pool = MemoryPool::Default();
  functions::KernelContext kernel;
  int64_t batch_size = 8192;
  /// Set to cancel the query; operators return Status::Cancelled at the next batch.
  std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);
  Status CheckCancelled() const {
    return cancelled->load(std::memory_order_relaxed) ? Status::Cancelled("query cancelled")
                                                      : Status::OK();
  }
};

/// Counters of one operator (summed over its partitions).
struct OperatorMetrics {
  int64_t output_rows = 0;
  int64_t output_batches = 0;
  int64_t elapsed_compute_ns = 0;
  int64_t peak_memory_bytes = 0;
  /// Operator-specific counters in a fixed order (scan files/row groups/bytes ...).
  ScanMetricList extra;
};

class ExecutionPlan;
using ExecutionPlanPtr = std::shared_ptr<ExecutionPlan>;

/// A physical operator.
class ExecutionPlan {
 public:
  virtual ~ExecutionPlan() = default;
  /// Operator name as EXPLAIN prints it ("FilterExec").
  virtual std::string name() const = 0;
  /// Deterministic details after the name ("predicate=a > 1").
  virtual std::string details() const { return ""; }
  const SchemaPtr& schema() const { return schema_; }
  const std::vector<ExecutionPlanPtr>& children() const { return children_; }
  /// Starts producing the rows of `partition` (0 <= partition < output_partitions()).
  virtual Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) = 0;
  /// How many partitions Execute() serves. Default: 1 for leaves (scans, values), the first
  /// child's count for everything else, as row-wise operators (filter, projection) and
  /// partitioned hash joins / aggregates / windows pass partition p through. Operators that
  /// need all rows in one place (sort, limit, global aggregate, set operations, ...) get a
  /// single-partition input from the planner (CoalescePartitionsExec below them), so the
  /// default holds for them too; exchanges (RepartitionExec, CoalescePartitionsExec) override.
  virtual int output_partitions() const {
    return children_.empty() ? 1 : children_[0]->output_partitions();
  }
  /// A copy with other children (physical rules rebuild trees).
  virtual ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> children) const = 0;

  OperatorMetrics& metrics() { return *metrics_; }
  const OperatorMetrics& metrics() const { return *metrics_; }

  /// The tree, indented two spaces per level: `name: details`; with metrics when asked.
  std::string ToText(bool with_metrics = false) const;
  /// The tree as JSON: {"name", "details", ["metrics"], "children": [...]}.
  std::string ToJson(bool with_metrics = false) const;
  /// The tree as boxes (EXPLAIN FORMAT TREE): one box per operator, children below.
  std::string ToTree() const;

 protected:
  SchemaPtr schema_;
  std::vector<ExecutionPlanPtr> children_;
  std::shared_ptr<OperatorMetrics> metrics_ = std::make_shared<OperatorMetrics>();
};

/// Measures compute time into an operator's metrics while alive.
class ComputeTimer {
 public:
  explicit ComputeTimer(OperatorMetrics& m) : m_(m), start_(std::chrono::steady_clock::now()) {}
  ~ComputeTimer() {
    m_.elapsed_compute_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::steady_clock::now() - start_)
                                 .count();
  }

 private:
  OperatorMetrics& m_;
  std::chrono::steady_clock::time_point start_;
};

/// A stream over batches already in memory.
class VectorStream : public BatchStream {
 public:
  VectorStream(SchemaPtr schema, std::vector<RecordBatchPtr> batches)
      : schema_(std::move(schema)), batches_(std::move(batches)) {}
  const SchemaPtr& schema() const override { return schema_; }
  Result<RecordBatchPtr> Next() override {
    if (next_ >= batches_.size()) return RecordBatchPtr();
    return batches_[next_++];
  }

 private:
  SchemaPtr schema_;
  std::vector<RecordBatchPtr> batches_;
  size_t next_ = 0;
};

/// Drains a stream.
Result<std::vector<RecordBatchPtr>> CollectStream(BatchStream& stream);

/// Drains a stream into one batch of `schema` (empty inputs give a zero-row batch), checking
/// cancellation per batch; blocking operators (sort, window, join builds) start with it.
Result<RecordBatchPtr> GatherStream(BatchStream& in, const SchemaPtr& schema, TaskContext& ctx);

/// Runs a plan to completion: every partition, one after another (one partition, 0, unless
/// the plan's root has several).
Result<std::vector<RecordBatchPtr>> CollectPlan(const ExecutionPlanPtr& plan, TaskContext& ctx);

}  // namespace silt::sql
