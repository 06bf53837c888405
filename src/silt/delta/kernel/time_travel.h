#pragma once

// Commit timestamps and timestamp-to-version resolution for time travel (TIMESTAMP AS OF).
// Pure logic: the engine supplies each commit's actions and file modification time.

#include <cstdint>
#include <vector>

#include "silt/common/status.h"
#include "silt/delta/kernel/actions.h"

namespace silt::delta {

/// Whether commit timestamps come from commitInfo.inCommitTimestamp, and from which version.
struct InCommitTimestampConfig {
  bool enabled = false;
  /// First version whose commits carry in-commit timestamps (0 when enabled at creation);
  /// older versions use the commit file's modification time.
  int64_t enablement_version = 0;
};

/// Reads the in-commit-timestamp settings of a snapshot: enabled when the protocol lists the
/// `inCommitTimestamp` writer feature and `delta.enableInCommitTimestamps` is "true";
/// `delta.inCommitTimestampEnablementVersion` bounds it. A malformed version is Corrupt.
Result<InCommitTimestampConfig> GetInCommitTimestampConfig(const Protocol& protocol,
                                                           const Metadata& metadata);

/// The timestamp (ms since the epoch) of commit `version`: its in-commit timestamp when the
/// feature covers the version (missing one = Corrupt), else `file_modification_time`.
Result<int64_t> CommitTimestamp(int64_t version, const std::vector<Action>& actions,
                                int64_t file_modification_time,
                                const InCommitTimestampConfig& config);

/// One commit's version and timestamp, as CommitTimestamp computed it.
struct VersionTimestamp {
  int64_t version = 0;
  int64_t timestamp = 0;
};

/// The latest version whose commit timestamp is <= `timestamp`. `commits` must be ascending
/// and contiguous by version, with timestamps from CommitTimestamp under `config`.
/// File modification times can go backwards (clock skew, copies), so timestamps are first
/// made increasing the way Delta does it: one not greater than its predecessor counts as the
/// predecessor's + 1 ms. With mixed history (in-commit timestamps enabled at a version after
/// the first commit) the two ranges are searched separately, as the protocol's enablement
/// properties intend: a timestamp at or after the enablement commit's in-commit timestamp
/// searches only the in-commit range, an earlier one only the modification-time range.
/// Errors: InvalidArgument when `timestamp` is before the first commit or `commits` is
/// empty; Internal when `commits` is not ascending and contiguous.
Result<int64_t> VersionAtTimestamp(const std::vector<VersionTimestamp>& commits, int64_t timestamp,
                                   const InCommitTimestampConfig& config);

}  // namespace silt::delta
