#pragma once
// Reading Delta checkpoints (PROTOCOL.md "Checkpoints", "Checkpoint Schema"): classic
// single-file and multi-part Parquet checkpoints, and V2 checkpoints (UUID-named JSON or
// Parquet) whose sidecar files in `_delta_log/_sidecars/` hold the add/remove actions.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/delta/kernel/actions.h"
#include "silt/delta/kernel/log_segment.h"
#include "silt/io/file_system.h"

namespace silt::delta {

/// Counters of one checkpoint read (for tests and EXPLAIN-style diagnostics).
struct CheckpointReadStats {
  int64_t files_read = 0;  // checkpoint parts plus sidecars
  int64_t sidecars_read = 0;
  int64_t rows_read = 0;  // Parquet rows and JSON lines, including all-null rows
  int64_t actions = 0;
  /// Files whose `add.stats_parsed` was not decoded: JSON stats were on every add.
  int64_t stats_parsed_skipped = 0;
};

/// Reads every action of the checkpoint made of `parts` (one file, or all parts of a
/// multi-part checkpoint in part order, as LogSegment::checkpoint_parts lists them) under
/// `table_root`/_delta_log. Sidecar actions are expanded: the add/remove actions of each
/// referenced `_delta_log/_sidecars/` Parquet file are appended and the sidecar actions
/// themselves are kept (replay ignores them). Add actions whose `stats` column is null but
/// whose `stats_parsed` struct is present get the equivalent stats JSON; an empty or absent
/// `partitionValues` map is filled from `partitionValues_parsed`.
/// Errors: IO for storage failures and Corrupt for malformed files, both with the file name
/// in the context; Corrupt when the checkpoint holds no protocol or no metaData action, or a
/// sidecar path leaves the table root.
/// Without `with_file_stats`, Parquet checkpoints skip reading `add.stats` and
/// `add.stats_parsed` (adds come back without stats: enough for snapshots, file counts and
/// history, and far cheaper on tables with many files).
Result<std::vector<Action>> ReadCheckpoint(io::FileSystem& fs, const std::string& table_root,
                                           const std::vector<LogFile>& parts,
                                           CheckpointReadStats* stats = nullptr,
                                           bool with_file_stats = true);

/// Converts the rows of one checkpoint (or sidecar) Parquet batch to actions appended to
/// `*out`: one action per row from whichever of the struct columns `txn`, `add`, `remove`,
/// `metaData`, `protocol`, `domainMetadata`, `checkpointMetadata`, `sidecar` is non-null;
/// rows where all are null are skipped, other columns ignored, absent columns read as null.
/// Corrupt (naming the column and row) on unexpected column types or missing required
/// fields; `first_row` (the batch's first row in its file) only numbers rows in errors.
/// Nothing in the output points into `batch`.
Status AppendCheckpointActions(const RecordBatch& batch, std::vector<Action>* out,
                               int64_t first_row = 0);

/// Renders the row `row` of an `add.stats_parsed` struct array (numRecords, minValues,
/// maxValues, nullCount, tightBounds) as the Delta stats JSON that ParseFileStats reads,
/// appending to `*out`. Null values are omitted; timestamps become ISO-8601 with millisecond
/// precision (`2021-01-01T00:00:00.000Z`, floor-truncated; no `Z` for timestamp_ntz), dates
/// `YYYY-MM-DD`, decimals plain numbers, floats shortest round-trip numbers (NaN and
/// infinities as the strings "NaN", "Infinity", "-Infinity"), strings JSON-escaped (invalid
/// UTF-8 omitted). Binary, list and map values are omitted. Corrupt when `stats_parsed`
/// is not a struct.
Status AppendParsedStatsJson(const ArrayData& stats_parsed, int64_t row, std::string* out);

/// Renders row `row` of an `add.partitionValues_parsed` struct array as serialized Delta
/// partition values (PROTOCOL.md "Partition Value Serialization"), keyed by field name:
/// numbers and booleans as text, dates `YYYY-MM-DD`, timestamps `YYYY-MM-DD HH:MM:SS[.f]`
/// with a `Z` for UTC-adjusted ones, strings and binary verbatim, nulls as std::nullopt.
/// Nested fields are NotSupported (Delta cannot partition by them); a non-struct is Corrupt.
Result<PartitionValues> RenderParsedPartitionValues(const ArrayData& partition_values_parsed,
                                                    int64_t row);

/// The storage path of a sidecar file named by a `sidecar` action's `path`: a (URI-encoded)
/// name relative to `table_root`/_delta_log/_sidecars, or an absolute path or `file:` URI,
/// resolved with table_paths.h (percent-decoded, normalized). Corrupt when it leaves the
/// table root, uses another scheme or is malformed; with a relative `table_root` only
/// relative sidecar paths resolve. Object-store table roots are NotSupported.
Result<std::string> ResolveSidecarPath(const std::string& table_root, std::string_view path);

}  // namespace silt::delta
