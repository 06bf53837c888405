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
  std::optional<std::string> checksum;
  bool operator==(const LastCheckpointInfo&) const = default;
};

/// Parses `_last_checkpoint`; `checkpointSchema` and unknown fields are ignored.
/// Missing version/size or wrong types yield Status::Corrupt.
Result<LastCheckpointInfo> ParseLastCheckpoint(std::string_view json);

}  // namespace silt::delta
