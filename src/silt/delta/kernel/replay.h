#pragma once

// Log replay: folds checkpoint actions and commits into the state of one table version.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "silt/common/status.h"
#include "silt/delta/kernel/actions.h"

namespace silt::delta {

/// The reconstructed state of one table version. Owns all its data.
struct TableState {
  int64_t version = 0;
  Protocol protocol;
  Metadata metadata;
  /// Live data files, sorted by (path, deletion vector id).
  std::vector<Add> adds;
  /// Removes not superseded by a later add of the same key, sorted by (path, dv id); kept
  /// with their deletionTimestamp so vacuum can apply retention.
  std::vector<Remove> tombstones;
  /// Latest txn per appId.
  std::map<std::string, Txn> txns;
  /// Live domains (the latest domainMetadata per domain, removed ones dropped).
  std::map<std::string, DomainMetadata> domains;
  /// The commitInfo of the newest commit replayed, when it had one (in-commit timestamps).
  std::optional<CommitInfo> latest_commit_info;
};

/// Replays a log segment. `checkpoint_actions` are the (already parsed, sidecars already
/// expanded) actions of the checkpoint at `checkpoint_version`, empty/nullopt without one;
/// `commits` must be ascending and contiguous, starting right after the checkpoint (or at 0).
/// Rules (PROTOCOL.md "Action Reconciliation"): the newest protocol and metadata win; a file
/// (path, dv id) is live when its newest add/remove is an add; txn and domainMetadata keep
/// the newest per key. Within one commit an add beats a remove of the same key whatever
/// their order (actions in a commit are unordered). checkpointMetadata, sidecar and cdc
/// actions do not affect state.
/// Errors: Corrupt when protocol or metadata is missing, commits are out of order or have
/// gaps; InvalidArgument when there is nothing to replay.
Result<TableState> ReplayLog(const std::vector<Action>& checkpoint_actions,
                             std::optional<int64_t> checkpoint_version,
                             const std::vector<CommitActions>& commits);

/// Same as above, but consumes `checkpoint_actions`: its adds and removes are moved into the
/// state instead of copied (a checkpoint of 100k adds carries ~100 MB of stats strings).
Result<TableState> ReplayLog(std::vector<Action>&& checkpoint_actions,
                             std::optional<int64_t> checkpoint_version,
                             const std::vector<CommitActions>& commits);

}  // namespace silt::delta
