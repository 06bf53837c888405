#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"
#include "silt/common/types.h"
#include "silt/delta/kernel/schema.h"
#include "silt/expr/scalar.h"

namespace silt::delta {

/// Statistics of one leaf (or, for null_count only, one array/map) column of a data file.
struct ColumnStats {
  /// Lower / upper bound typed by the column's type; nullopt when not recorded, JSON null,
  /// or not readable as the column's type (see FileStats::skipped_values).
  std::optional<Scalar> min;
  std::optional<Scalar> max;
  std::optional<int64_t> null_count;
  /// Timestamp bounds are written as ISO-8601 text with millisecond precision, so the true
  /// maximum may be up to 999 us above `max`. Pruning must widen `max` by 1 ms (truncation
  /// makes the lower bound safe as is). Set for every timestamp/timestamp_ntz column.
  bool max_truncated_to_millis = false;
};

/// The parsed `stats` JSON of an add action (protocol "Per-file Statistics"). String bounds
/// may be truncated prefixes (writers cut long strings; the max then carries a tie-breaker
/// suffix), which keeps them valid as bounds but not as exact values.
struct FileStats {
  std::optional<int64_t> num_records;
  /// `tightBounds` (deletion vectors): false means bounds may be wider than the live rows.
  std::optional<bool> tight_bounds;
  /// Keyed by column path (struct nesting): physical names unless a ColumnNameMap was given.
  std::map<std::vector<std::string>, ColumnStats> columns;
  /// Bounds present in the JSON that did not read as the column's type and were dropped.
  int64_t skipped_values = 0;

  /// The stats of `path`, or null when the file recorded none for it.
  const ColumnStats* Find(const std::vector<std::string>& path) const;
};

/// Parses an add action's `stats` string. `stats_schema` names columns the way the JSON
/// does: the physical schema (MakePhysicalSchema) when column mapping is on, the logical
/// schema otherwise. When `names` is given (MakeColumnNameMap), result paths are translated
/// to logical paths. Columns missing from the JSON or from the schema are tolerated, as are
/// unreadable individual bounds (counted in skipped_values). Malformed JSON or a wrong
/// shape at the top level (e.g. numRecords not an integer) is Corrupt.
Result<FileStats> ParseFileStats(std::string_view stats_json, const Schema& stats_schema,
                                 const ColumnNameMap* names = nullptr);

}  // namespace silt::delta
