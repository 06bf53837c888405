#pragma once

// Choosing the files that reconstruct one table version from a `_delta_log/` listing.
// Pure logic: the engine lists the directory and passes plain file infos in.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"
#include "silt/delta/kernel/json_actions.h"

namespace silt::delta {

/// One entry of a `_delta_log/` listing: the file name (no directory), size and mtime (ms).
struct LogFileInfo {
  std::string name;
  int64_t size = 0;
  int64_t modification_time = 0;
};

/// What a `_delta_log/` file name denotes.
enum class LogFileKind {
  kCommit,               // %020d.json
  kCheckpoint,           // %020d.checkpoint.parquet
  kMultiPartCheckpoint,  // %020d.checkpoint.%010d.%010d.parquet
  kV2Checkpoint,         // %020d.checkpoint.<uuid>.json|parquet
  kChecksum,             // %020d.crc
  kCompaction,           // %020d.%020d.compacted.json
  kLastCheckpoint,       // _last_checkpoint
};

/// A classified log file. `version` is the (start) version; for compactions `end_version`
/// is the last version covered; multi-part checkpoints carry `part` (1-based) of `num_parts`.
struct LogFile {
  LogFileInfo info;
  LogFileKind kind = LogFileKind::kCommit;
  int64_t version = 0;
  int64_t end_version = 0;
  int32_t part = 0;
  int32_t num_parts = 0;
  bool is_json = false;  // V2 checkpoints: JSON rather than Parquet
};

/// Classifies one file name; std::nullopt for anything the protocol does not name
/// (temporary files, Hadoop .crc side files, directories such as _sidecars).
std::optional<LogFile> ClassifyLogFile(const LogFileInfo& info);

/// The files that reconstruct `version`: an optional complete checkpoint (all parts of a
/// multi-part one, in part order) plus the contiguous commits after it, ascending.
struct LogSegment {
  int64_t version = 0;
  std::optional<int64_t> checkpoint_version;
  std::vector<LogFile> checkpoint_parts;
  std::vector<LogFile> commits;
  /// The `%020d.crc` of `version` when listed (a cheap source of protocol/metadata).
  std::optional<LogFile> checksum;
};

/// Builds the segment for `target_version` (latest when absent).
/// Picks the newest complete checkpoint <= target (V2, then single, then complete multi-part),
/// then requires commits checkpoint+1 .. target without gaps; without a checkpoint version 0
/// must exist. Errors:
///  - InvalidArgument: the table has no log files, or the requested version is past the
///    latest one, or before the earliest reconstructable one (log cleaned up) — user errors;
///  - Corrupt: a missing commit inside the needed range (a real gap in the log).
/// `hint` (the parsed `_last_checkpoint`) is advisory and does not change the choice: the
/// newest complete checkpoint in the listing always wins, so a stale hint is harmless. The
/// engine uses the hint only to decide where to start listing.
Result<LogSegment> BuildLogSegment(const std::vector<LogFileInfo>& listing,
                                   std::optional<int64_t> target_version,
                                   const std::optional<LastCheckpointInfo>& hint);

}  // namespace silt::delta
