#pragma once
// Loading one Delta table version from storage: list `_delta_log/`, read the commits,
// replay them, and refuse tables whose protocol this reader does not support.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "silt/common/status.h"
#include "silt/delta/kernel/json_actions.h"
#include "silt/delta/kernel/log_segment.h"
#include "silt/delta/kernel/replay.h"
#include "silt/io/file_system.h"

namespace silt::delta {

/// One commit of a loaded snapshot's log segment, for `history`.
struct CommitSummary {
  int64_t version = 0;
  /// Commit timestamp (ms since the epoch) per time_travel.h's CommitTimestamp.
  int64_t timestamp = 0;
  /// commitInfo.operation, when the commit had one.
  std::optional<std::string> operation;
};

/// A loaded table version: the replayed state plus the commits it was built from.
struct DeltaSnapshot {
  std::string table_root;
  TableState state;
  /// The commits of the segment, ascending: version 0 .. state.version without a
  /// checkpoint, else only those after the checkpoint the snapshot was loaded from.
  std::vector<CommitSummary> commits;
  /// Non-fatal findings, e.g. a version checksum whose file count disagrees with the log.
  std::vector<std::string> warnings;
};

/// What LoadSnapshot reads besides the table state proper.
struct SnapshotLoadOptions {
  /// Per-file statistics (Add::stats). Off skips them in Parquet checkpoints — the bulk of a
  /// big checkpoint — for callers that need no data skipping (snapshot summaries, history).
  bool with_file_stats = true;
};

/// Reader features this reader accepts on a reader-version-3 protocol.
const std::vector<std::string>& SupportedReaderFeatures();

/// The protocol gate: reader versions 1 and 2 pass; 3 requires readerFeatures, each in
/// SupportedReaderFeatures(); anything else is NotSupported naming the version or feature.
Status CheckReaderProtocol(const Protocol& protocol);

/// Checks a replayed state against the version checksum of its version (PROTOCOL.md "State
/// Validation"): the protocol (versions, feature sets) and the metadata id when the checksum
/// records them must agree (Corrupt naming the first field that differs: they decide how the
/// table is read); numFiles and tableSizeBytes mismatches are appended to `warnings` (the log
/// is the source of truth; a stale checksum must not make a table unreadable).
Status CheckVersionChecksum(const VersionChecksum& checksum, const TableState& state,
                            std::vector<std::string>* warnings = nullptr);

/// Loads `table_root` at `version`, or at the latest version whose commit timestamp is <=
/// `timestamp_iso8601` (ISO 8601, UTC unless it carries an offset), or the latest version.
/// The newest complete checkpoint at or before the version is read (checkpoint_reader.h),
/// then the commits after it are replayed; when the version has a `.crc` checksum the
/// result is checked with CheckVersionChecksum. Timestamps resolve over the commit files
/// still in the log, including those before the checkpoint.
/// Hidden names in `_delta_log/` (starting with '.' or '_', except `_last_checkpoint`) are
/// ignored; a corrupt `_last_checkpoint` is ignored. Errors: InvalidArgument for a bad
/// version/timestamp or both given, IO for storage failures, Corrupt for malformed logs,
/// checkpoints or protocol/metadata checksum mismatches, NotSupported from the protocol gate.
Result<DeltaSnapshot> LoadSnapshot(io::FileSystem& fs, const std::string& table_root,
                                   std::optional<int64_t> version,
                                   std::optional<std::string> timestamp_iso8601,
                                   const SnapshotLoadOptions& options = {});

}  // namespace silt::delta
