#pragma once

// Listing and reading `_delta_log/` through io::FileSystem, shared by snapshot loading and
// the change data feed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "silt/common/status.h"
#include "silt/delta/kernel/actions.h"
#include "silt/delta/kernel/log_segment.h"
#include "silt/delta/kernel/time_travel.h"
#include "silt/io/file_system.h"

namespace silt::delta {

/// `<table_root>/_delta_log` (trailing slashes of the root ignored).
std::string DeltaLogDir(const std::string& table_root);

/// The whole content of a log file; Corrupt for files over 1 GiB (never read into memory).
Result<std::string> ReadLogFile(io::FileSystem& fs, const std::string& path);

/// The files of `log_dir` as the kernel wants them: names only, with size and mtime.
/// Hidden names (starting with '.' or '_', e.g. macOS `._*` copies) are skipped, except
/// `_last_checkpoint`; directories (such as `_sidecars`) are skipped.
Result<std::vector<LogFileInfo>> ListDeltaLog(io::FileSystem& fs, const std::string& log_dir);

/// One commit with its actions and timestamp (ms, per time_travel.h's CommitTimestamp).
struct TimedCommit {
  int64_t version = 0;
  int64_t timestamp = 0;
  std::vector<Action> actions;
};

/// Reads commits `from` .. `to` inclusive (ascending). InvalidArgument when `from` > `to`;
/// InvalidArgument when a commit in the range was cleaned up from the log (before the
/// oldest listed commit) and Corrupt for a gap inside the listed range.
Result<std::vector<TimedCommit>> ReadCommitRange(io::FileSystem& fs, const std::string& table_root,
                                                 int64_t from, int64_t to,
                                                 const InCommitTimestampConfig& timestamps);

/// The commits still in the log that lead up to `to`: the longest contiguous run of commit
/// files ending at `to` (older ones may have been cleaned up after a checkpoint), ascending.
/// InvalidArgument when commit `to` itself is not in the log.
Result<std::vector<TimedCommit>> ReadCommitHistory(io::FileSystem& fs, const std::string& table_root,
                                                   int64_t to, const InCommitTimestampConfig& timestamps);

}  // namespace silt::delta
