#pragma once

// Data skipping: deciding from an add action's partition values and per-file statistics
// whether the file can hold rows matching a predicate (protocol "Per-file Statistics").
// Pure logic over parsed actions; the scan applies it before opening any data file.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "silt/common/status.h"
#include "silt/delta/kernel/actions.h"
#include "silt/delta/kernel/file_stats.h"
#include "silt/delta/kernel/schema.h"
#include "silt/expr/bounds_pruning.h"

namespace silt::delta {

/// Evaluates one predicate against many files of one table version. Build once per scan.
///
/// Semantics (all conservative: a file is dropped only when no row can match):
///  - partition columns: the file's value is exact, so `=`, ranges, IN and IS [NOT] NULL
///    decide precisely; a NULL partition value never satisfies a comparison;
///  - statistics: min/max are bounds of the non-null values; a column whose nullCount
///    equals numRecords is all NULL; string bounds may be truncated prefixes (still valid
///    bounds); timestamp maxima are widened by 1 ms because writers truncate them to
///    milliseconds; float bounds do not cover NaN, so NaN-compatible comparisons keep the
///    file; bounds of columns whose type was widened (delta.typeChanges) are ignored since
///    they were written in the old type;
///  - tightBounds=false (deletion vectors) keeps bounds usable: they still enclose the live
///    rows;
///  - files without stats, columns without stats, unknown columns and expressions other
///    than column-versus-literal comparisons keep the file.
class FileSkipper {
 public:
  /// `logical_schema` is the table schema, `partition_columns` its logical partition
  /// column names (metaData.partitionColumns), `mode` the column mapping mode (stats and
  /// partition values use physical names under a mapping). Plan error for a predicate
  /// naming columns the table lacks.
  static Result<std::unique_ptr<FileSkipper>> Make(SchemaPtr logical_schema,
                                                   const std::vector<std::string>& partition_columns,
                                                   ColumnMappingMode mode, ExprPtr predicate);

  /// False when the file's partition values alone rule it out.
  bool PartitionMayMatch(const Add& add) const;
  /// False when partition values or statistics rule the file out. Unparseable stats keep
  /// the file and count in stats_errors().
  bool MayMatch(const Add& add) const;

  /// Files whose stats JSON did not parse (kept, never skipped on bad stats).
  int64_t stats_errors() const { return stats_errors_; }

 private:
  FileSkipper() = default;
  std::optional<ResolvedBounds> PartitionBounds(const Add& add, const std::vector<std::string>& path) const;
  std::optional<ResolvedBounds> StatsBounds(const FileStats& stats, const std::vector<std::string>& path) const;

  struct ColumnInfo {
    DataTypePtr type;
    bool is_partition = false;
    std::string partition_key;  // physical name used in partitionValues
    bool stats_usable = true;   // false for type-widened columns
  };

  SchemaPtr logical_schema_;
  SchemaPtr stats_schema_;
  ColumnMappingMode mode_ = ColumnMappingMode::kNone;
  std::unique_ptr<ColumnNameMap> names_;
  ExprPtr predicate_;  // column paths rewritten to canonical logical names
  std::map<std::vector<std::string>, ColumnInfo> columns_;
  mutable int64_t stats_errors_ = 0;
};

}  // namespace silt::delta
