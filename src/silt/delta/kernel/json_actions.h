#pragma once

// Parsing of Delta commit files (newline-delimited JSON actions) and `_last_checkpoint`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"
#include "silt/delta/kernel/actions.h"

namespace silt::delta {

/// Parses one commit file's NDJSON text: one action per line, blank lines ignored, unknown
/// action kinds ignored (forward compatibility). Malformed JSON, wrong field types and
/// missing required fields yield Status::Corrupt naming `version` and the 1-based line.
/// The returned actions own their data (nothing points into `ndjson`).
Result<std::vector<Action>> ParseCommitJson(std::string_view ndjson, int64_t version);

/// The contents of `_delta_log/_last_checkpoint` (a hint, possibly stale).
struct LastCheckpointInfo {
  int64_t version = 0;
  int64_t size = 0;  // number of actions in the checkpoint
  std::optional<int64_t> parts;
  std::optional<int64_t> size_in_bytes;
  std::optional<int64_t> num_of_add_files;
  std::optional<StringMap> tags;
  std::optional<std::string> checksum;  // MD5 of the canonicalized JSON; not verified here
  bool operator==(const LastCheckpointInfo&) const = default;
};

/// Parses `_last_checkpoint`; `checkpointSchema` and unknown fields are ignored.
/// Missing version/size or wrong types yield Status::Corrupt.
Result<LastCheckpointInfo> ParseLastCheckpoint(std::string_view json);

/// The useful part of a `%020d.crc` version checksum file: counts to validate a replay
/// against, plus the protocol and metadata (a shortcut when only those are needed).
/// Histograms and `allFiles` are skipped.
struct VersionChecksum {
  int64_t table_size_bytes = 0;
  int64_t num_files = 0;
  int64_t num_metadata = 0;
  int64_t num_protocol = 0;
  std::optional<int64_t> in_commit_timestamp;
  std::optional<std::string> txn_id;
  // Required by today's protocol, absent from checksums written by Delta 1.x/DBR 8.
  std::optional<Protocol> protocol;
  std::optional<Metadata> metadata;
  std::optional<std::vector<Txn>> set_transactions;
  std::optional<std::vector<DomainMetadata>> domain_metadata;
};

/// Parses a version checksum file; missing required fields or wrong types are Corrupt.
Result<VersionChecksum> ParseVersionChecksum(std::string_view json);

}  // namespace silt::delta
