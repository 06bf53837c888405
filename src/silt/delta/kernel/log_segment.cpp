#include "silt/delta/kernel/log_segment.h"

#include <algorithm>
#include <map>

namespace silt::delta {
namespace {

// Parses exactly `width` decimal digits at the start of `s`; nullopt on non-digits or
// values beyond int64 (20-digit versions can overflow; such names are not ours).
std::optional<int64_t> ParseDigits(std::string_view s, size_t width) {
  if (s.size() < width) return std::nullopt;
  int64_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return std::nullopt;
    int digit = c - '0';
    if (value > (INT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

bool IsUuidLike(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
  });
}

constexpr size_t kVersionWidth = 20;
constexpr size_t kPartWidth = 10;

// A complete set of checkpoint files at one version, ranked: V2 first (it may carry
// sidecars but is one authoritative file), then a single classic file, then multi-part.
struct CheckpointChoice {
  std::vector<LogFile> parts;
};

}  // namespace

std::optional<LogFile> ClassifyLogFile(const LogFileInfo& info) {
  std::string_view name = info.name;
  LogFile file;
  file.info = info;
  if (name == "_last_checkpoint") {
    file.kind = LogFileKind::kLastCheckpoint;
    return file;
  }
  auto version = ParseDigits(name, kVersionWidth);
  if (!version || name.size() <= kVersionWidth || name[kVersionWidth] != '.') {
    return std::nullopt;
  }
  file.version = *version;
  std::string_view rest = name.substr(kVersionWidth + 1);
  if (rest == "json") {
    file.kind = LogFileKind::kCommit;
    file.is_json = true;
    return file;
  }
  if (rest == "crc") {
    file.kind = LogFileKind::kChecksum;
    return file;
  }
  // <end>.compacted.json
  if (auto end = ParseDigits(rest, kVersionWidth);
      end && rest.substr(kVersionWidth) == ".compacted.json") {
    if (*end <= *version) return std::nullopt;  // the protocol requires end > start
    file.kind = LogFileKind::kCompaction;
    file.end_version = *end;
    file.is_json = true;
    return file;
  }
  constexpr std::string_view kCheckpointPrefix = "checkpoint.";
  if (rest.substr(0, kCheckpointPrefix.size()) != kCheckpointPrefix) return std::nullopt;
  rest.remove_prefix(kCheckpointPrefix.size());
  if (rest == "parquet") {
    file.kind = LogFileKind::kCheckpoint;
    return file;
  }
  // %010d.%010d.parquet
  auto part = ParseDigits(rest, kPartWidth);
  if (part && rest.size() == 2 * kPartWidth + 9 && rest[kPartWidth] == '.' &&
      rest.substr(2 * kPartWidth + 1) == ".parquet") {
    auto num_parts = ParseDigits(rest.substr(kPartWidth + 1), kPartWidth);
    if (!num_parts || *part < 1 || *part > *num_parts || *num_parts > INT32_MAX) {
      return std::nullopt;
    }
    file.kind = LogFileKind::kMultiPartCheckpoint;
    file.part = static_cast<int32_t>(*part);
    file.num_parts = static_cast<int32_t>(*num_parts);
    return file;
  }
  // <uuid>.json | <uuid>.parquet
  size_t dot = rest.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view ext = rest.substr(dot + 1);
  if ((ext != "json" && ext != "parquet") || !IsUuidLike(rest.substr(0, dot))) {
    return std::nullopt;
  }
  file.kind = LogFileKind::kV2Checkpoint;
  file.is_json = ext == "json";
  return file;
}

Result<LogSegment> BuildLogSegment(const std::vector<LogFileInfo>& listing,
                                   std::optional<int64_t> target_version,
                                   const std::optional<LastCheckpointInfo>& /*hint*/) {
  std::map<int64_t, LogFile> commits;
  std::map<int64_t, LogFile> checksums;
  std::map<int64_t, std::vector<LogFile>> v2_checkpoints;
  std::map<int64_t, std::vector<LogFile>> classic_checkpoints;
  // version -> num_parts -> part -> file
  std::map<int64_t, std::map<int32_t, std::map<int32_t, LogFile>>> multi_part;
  for (const LogFileInfo& info : listing) {
    auto file = ClassifyLogFile(info);
    if (!file) continue;
    switch (file->kind) {
      case LogFileKind::kCommit: commits.emplace(file->version, *file); break;
      case LogFileKind::kChecksum: checksums.emplace(file->version, *file); break;
      case LogFileKind::kV2Checkpoint: v2_checkpoints[file->version].push_back(*file); break;
      case LogFileKind::kCheckpoint: classic_checkpoints[file->version].push_back(*file); break;
      case LogFileKind::kMultiPartCheckpoint:
        multi_part[file->version][file->num_parts].emplace(file->part, *file);
        break;
      case LogFileKind::kCompaction:
      case LogFileKind::kLastCheckpoint: break;  // optional accelerators; not needed
    }
  }

  // Complete checkpoints by version, best candidate per version.
  std::map<int64_t, CheckpointChoice> complete;
  auto by_name = [](const LogFile& a, const LogFile& b) { return a.info.name < b.info.name; };
  for (auto& [version, files] : v2_checkpoints) {
    std::sort(files.begin(), files.end(), by_name);
    complete.emplace(version, CheckpointChoice{{files.front()}});
  }
  for (auto& [version, files] : classic_checkpoints) {
    complete.emplace(version, CheckpointChoice{{files.front()}});
  }
  for (auto& [version, sets] : multi_part) {
    for (auto& [num_parts, parts] : sets) {
      if (static_cast<int64_t>(parts.size()) != num_parts) continue;  // incomplete
      CheckpointChoice choice;
      for (auto& [part, file] : parts) choice.parts.push_back(file);  // map: part order
      complete.emplace(version, std::move(choice));
      break;
    }
  }

  if (commits.empty() && complete.empty()) {
    return Status::InvalidArgument(
        "not a Delta table: _delta_log holds no commit or complete checkpoint");
  }
  int64_t latest = commits.empty() ? -1 : commits.rbegin()->first;
  if (!complete.empty()) latest = std::max(latest, complete.rbegin()->first);
  int64_t target = target_version.value_or(latest);
  if (target < 0) {
    return Status::InvalidArgument("Delta version " + std::to_string(target) + " is negative");
  }
  if (target > latest) {
    return Status::InvalidArgument("Delta version " + std::to_string(target) +
                                   " does not exist; the latest version is " +
                                   std::to_string(latest));
  }

  LogSegment segment;
  segment.version = target;
  auto cp = complete.upper_bound(target);  // first checkpoint > target
  if (cp != complete.begin()) {
    --cp;
    segment.checkpoint_version = cp->first;
    segment.checkpoint_parts = cp->second.parts;
  } else if (!commits.contains(0)) {
    if (!complete.empty()) {
      return Status::InvalidArgument(
          "Delta version " + std::to_string(target) +
          " cannot be reconstructed: its log was cleaned up; the earliest available version "
          "is " +
          std::to_string(complete.begin()->first));
    }
    return Status::Corrupt(
        "Delta log has no checkpoint and commit 0 is missing (earliest "
        "commit is " +
        std::to_string(commits.begin()->first) + ")");
  }
  int64_t start = segment.checkpoint_version ? *segment.checkpoint_version + 1 : 0;
  for (int64_t v = start; v <= target; ++v) {
    auto it = commits.find(v);
    if (it == commits.end()) {
      return Status::Corrupt("Delta log versions are not contiguous: commit " + std::to_string(v) +
                             " is missing (needed for version " + std::to_string(target) + ")");
    }
    segment.commits.push_back(it->second);
  }
  if (auto it = checksums.find(target); it != checksums.end()) segment.checksum = it->second;
  return segment;
}

}  // namespace silt::delta
