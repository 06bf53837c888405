#pragma once

// The Delta table provider: plans which data files a scan reads (file subset, partition
// and statistics skipping) and streams their rows in the table's logical schema with
// partition columns, the optional lineage column, deletion vectors and the predicate
// applied. This is what `silt delta files|cat` and the SQL engine's table scans use.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/delta/engine/snapshot_loader.h"
#include "silt/delta/kernel/deletion_vector.h"
#include "silt/delta/kernel/schema.h"
#include "silt/delta/scan/scan_config.h"
#include "silt/expr/predicate.h"
#include "silt/io/file_system.h"

namespace silt::delta {

/// What a scan should produce.
struct DeltaScanRequest {
  /// Top-level logical column names in output order (the lineage column may be named);
  /// nullopt = every table column, then the lineage column when configured.
  std::optional<std::vector<std::string>> columns;
  /// Rows must satisfy it (SQL semantics); also drives file, row-group and page skipping.
  ExprPtr predicate;
  /// Stop after this many rows.
  std::optional<int64_t> limit;
  /// Restrict the scan to these live data files (paths exactly as the log records them).
  std::optional<std::vector<std::string>> file_subset;
  /// Columns read from the data files as stored, after the table's columns (e.g. the
  /// `_change_type` of change data files); NULL where a file lacks them.
  std::vector<FieldPtr> extra_file_columns;
  /// Read exactly these files instead of the snapshot's live files (change data feed reads
  /// removed and cdc files): no file skipping; `keep_only_rows`, when set, restricts a file
  /// to those row positions (after its deletion vector).
  struct ExplicitFile {
    Add add;
    std::shared_ptr<const DeletionVector> keep_only_rows;
  };
  std::optional<std::vector<ExplicitFile>> explicit_files;
  /// Threads decoding one file's row groups and columns.
  int parallelism = 1;
  int64_t batch_size = 64 * 1024;
  MemoryPool* pool = MemoryPool::Default();
};

/// Counters of one scan (planning and execution).
struct DeltaScanMetrics {
  int64_t files_in_snapshot = 0;
  int64_t files_after_subset = 0;
  int64_t files_after_partition_pruning = 0;
  int64_t files_after_stats_pruning = 0;
  int64_t files_with_unreadable_stats = 0;
  int64_t files_read = 0;
  int64_t row_groups_total = 0;
  int64_t row_groups_pruned = 0;
  int64_t pages_total = 0;
  int64_t pages_skipped = 0;
  int64_t bytes_read = 0;
  int64_t rows_read = 0;
  int64_t rows_deleted_by_dv = 0;
  int64_t rows_output = 0;
};

/// The files a scan will read, after subset restriction and skipping.
struct PlannedFiles {
  std::vector<const Add*> files;  // point into the snapshot's TableState
  DeltaScanMetrics metrics;       // the planning counters
};

/// The table root as an absolute, normalized local path (relative paths are taken from the
/// current directory; `file:` URIs are decoded).
Result<std::string> AbsoluteTableRoot(const std::string& table_root);

/// Chooses the files of `snapshot` a scan reads: `file_subset` first (InvalidArgument for
/// a path that is not a live file of the version), then partition-value skipping, then
/// statistics skipping (both only with config.enable_file_skipping and a predicate).
/// Plan errors for predicates naming unknown columns.
Result<PlannedFiles> PlanDeltaFiles(const DeltaSnapshot& snapshot, const Schema& logical_schema,
                                    const ExprPtr& predicate, const DeltaScanConfig& config,
                                    const std::optional<std::vector<std::string>>& file_subset);

/// A planned scan over one table version; pull batches with Next().
class DeltaTableScan {
 public:
  /// Validates the configuration and request against the table (Plan errors), plans the
  /// files and resolves every file path under the table root (Corrupt for paths escaping
  /// it) — all before reading any data file.
  static Result<std::unique_ptr<DeltaTableScan>> Make(std::shared_ptr<io::FileSystem> fs,
                                                      std::shared_ptr<const DeltaSnapshot> snapshot,
                                                      DeltaScanRequest request,
                                                      DeltaScanConfig config = {});
  ~DeltaTableScan();

  /// The logical schema of the batches (requested columns, in order).
  const SchemaPtr& output_schema() const;
  /// The files this scan reads, in order.
  const std::vector<const Add*>& files() const;
  /// Next non-empty batch, or null at the end.
  Result<RecordBatchPtr> Next();
  const DeltaScanMetrics& metrics() const;

 private:
  struct State;
  explicit DeltaTableScan(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace silt::delta
