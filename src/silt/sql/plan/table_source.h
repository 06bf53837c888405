#pragma once

// The table interface the planner sees (docs/decisions/0006 "Table providers"): a schema,
// statistics for the optimizer, and a scan that accepts a projection, pushed-down filters
// and a limit. In-memory tables, Parquet files, CSV files and Delta tables implement it (in
// sql/exec); the plan layer only holds the pointer.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/types.h"
#include "silt/sql/plan/bound_expr.h"
#include "silt/sql/plan/runtime_key_set.h"

namespace silt::sql {

/// Pulls batches; null at the end.
class BatchStream {
 public:
  virtual ~BatchStream() = default;
  virtual const SchemaPtr& schema() const = 0;
  virtual Result<RecordBatchPtr> Next() = 0;
};
using BatchStreamPtr = std::unique_ptr<BatchStream>;

/// How completely a table applies a pushed-down filter.
enum class FilterPushdown : uint8_t {
  kUnsupported,  ///< not used at all; the plan keeps a Filter
  kInexact,      ///< used for pruning only; the plan keeps a Filter
  kExact,        ///< every returned row satisfies it; no Filter needed
};

/// What the optimizer may know about a table before reading it.
struct TableStatistics {
  std::optional<int64_t> num_rows;
  std::optional<int64_t> total_bytes;
  /// Estimated distinct values per table column (empty or nullopt entries: unknown), e.g.
  /// from min/max statistics of integer and date columns.
  std::vector<std::optional<double>> column_ndv;
};

/// Counters of one scan for EXPLAIN ANALYZE, in a fixed order.
using ScanMetricList = std::vector<std::pair<std::string, int64_t>>;

/// A scan in progress.
class TableScan : public BatchStream {
 public:
  /// Counters so far (files, row groups, bytes read vs pruned ...).
  virtual ScanMetricList metrics() const { return {}; }
};

/// Filter conjuncts that become known while a query runs (a hash join's build-key bounds),
/// shared by the operator that publishes them and the scan that applies them. Conjuncts are
/// over the scan's output columns.
class RuntimeFilters {
 public:
  RuntimeFilters() = default;
  /// Filters of a scan that several operators publish to: reads every part's filters (each
  /// publisher keeps replacing its own part).
  static std::shared_ptr<RuntimeFilters> Combine(std::vector<std::shared_ptr<RuntimeFilters>> parts) {
    auto out = std::make_shared<RuntimeFilters>();
    out->parts_ = std::move(parts);
    return out;
  }
  void Publish(std::vector<BoundExprPtr> conjuncts) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& c : conjuncts) conjuncts_.push_back(std::move(c));
  }
  /// Replaces every conjunct (a TopK tightening its threshold).
  void Set(std::vector<BoundExprPtr> conjuncts) {
    std::lock_guard<std::mutex> lock(mutex_);
    conjuncts_ = std::move(conjuncts);
  }
  std::vector<BoundExprPtr> Get() const {
    std::vector<BoundExprPtr> out;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      out = conjuncts_;
    }
    for (const auto& p : parts_) {
      for (auto& c : p->Get()) out.push_back(std::move(c));
    }
    return out;
  }
  /// Adds an exact key set (rows whose key is outside cannot match).
  void AddKeySet(std::shared_ptr<const RuntimeKeySet> set) {
    std::lock_guard<std::mutex> lock(mutex_);
    key_sets_.push_back(std::move(set));
  }
  std::vector<std::shared_ptr<const RuntimeKeySet>> KeySets() const {
    std::vector<std::shared_ptr<const RuntimeKeySet>> out;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      out = key_sets_;
    }
    for (const auto& p : parts_) {
      for (auto& s : p->KeySets()) out.push_back(std::move(s));
    }
    return out;
  }

 private:
  std::vector<std::shared_ptr<RuntimeFilters>> parts_;  ///< fixed at construction
  mutable std::mutex mutex_;
  std::vector<BoundExprPtr> conjuncts_;
  std::vector<std::shared_ptr<const RuntimeKeySet>> key_sets_;
};

/// What the executor asks a table for.
struct ScanRequest {
  std::vector<int> projection;           ///< table column indices, in output order
  std::vector<BoundExprPtr> filters;     ///< over the projected (output) columns
  std::optional<int64_t> limit;
  int64_t batch_size = 8192;
  MemoryPool* pool = MemoryPool::Default();
  /// Filters published while the query runs; tables read them when they open each file (to
  /// prune files, row groups and pages). Null when there are none.
  std::shared_ptr<RuntimeFilters> runtime_filters;
};

/// A table the planner can scan.
class TableSource {
 public:
  virtual ~TableSource() = default;
  virtual SchemaPtr schema() const = 0;
  /// "memory", "parquet", "delta", "csv", ...
  virtual std::string kind() const = 0;
  /// Text EXPLAIN prints after the table name (e.g. a Delta version); must be deterministic.
  virtual std::string Describe() const { return ""; }
  virtual TableStatistics statistics() const { return {}; }
  /// How the table handles `filter` (over the projected columns of `projection`).
  virtual FilterPushdown SupportsFilter(const BoundExpr& /*filter*/) const {
    return FilterPushdown::kUnsupported;
  }
  virtual Result<std::unique_ptr<TableScan>> Scan(const ScanRequest& request) const = 0;
};

}  // namespace silt::sql
