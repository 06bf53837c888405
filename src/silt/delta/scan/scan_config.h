#pragma once

// Session-level settings of Delta scans and their plan-time validation. The names are
// the SET/SHOW keys (CONTRACTS.md): delta.file_column_name, delta.enable_parquet_pushdown,
// delta.wrap_partition_values, delta.schema_force_view_types.

#include <string>

#include "silt/common/status.h"
#include "silt/common/types.h"

namespace silt::delta {

/// How Delta scans behave. Defaults are what a user gets without any SET.
struct DeltaScanConfig {
  /// delta.file_column_name: when non-empty, every scanned row carries the data file it
  /// came from (the path as the log records it) in a utf8 column of this name. Off by
  /// default; `__source_file` is the conventional name.
  std::string file_column_name;
  /// delta.enable_parquet_pushdown: predicates reach the Parquet reader (row-group and
  /// page pruning). Must stay on: turning it off is refused at plan time.
  bool enable_parquet_pushdown = true;
  /// delta.wrap_partition_values: partition columns come out constant-encoded (one value
  /// per file, never per-row strings). Must stay on.
  bool wrap_partition_values = true;
  /// delta.schema_force_view_types: accepted for compatibility with DataFusion; silt has a
  /// single string layout (decision 0002), so either value reads the same.
  bool schema_force_view_types = false;
  /// Read data/DV files whose paths lie outside the table root (off: such paths are
  /// refused as Corrupt).
  bool allow_outside_paths = false;
  /// Skip files using partition values and statistics (on; off only to compare results).
  bool enable_file_skipping = true;
};

/// Checks `config` against the table schema before any data is read. Plan errors:
/// pushdown or partition wrapping turned off, or a lineage column name that is empty of
/// meaning (whitespace) or equal (case-insensitively) to a table column.
Status ValidateScanConfig(const DeltaScanConfig& config, const Schema& table_schema);

}  // namespace silt::delta
