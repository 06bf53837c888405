#include "silt/delta/engine/snapshot_loader.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "silt/common/temporal.h"
#include "silt/delta/kernel/json_actions.h"
#include "silt/delta/kernel/time_travel.h"

namespace silt::delta {

namespace {

// Commit files bigger than this are refused rather than read into memory.
constexpr int64_t kMaxLogFileBytes = int64_t{1} << 30;

std::string LogDir(const std::string& table_root) {
  std::string dir = table_root;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir + "/_delta_log";
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Result<std::string> ReadWholeFile(io::FileSystem& fs, const std::string& path) {
  SILT_ASSIGN_OR_RETURN(auto file, fs.OpenForRead(path));
  SILT_ASSIGN_OR_RETURN(int64_t size, file->Size());
  if (size < 0 || size > kMaxLogFileBytes) {
    return Status::Corrupt("log file too large: " + path + " (" + std::to_string(size) +
                           " bytes)");
  }
  if (size == 0) return std::string();
  SILT_ASSIGN_OR_RETURN(BufferPtr buffer, file->ReadAt(0, size));
  return std::string(reinterpret_cast<const char*>(buffer->data()),
                     static_cast<size_t>(buffer->size()));
}

Result<std::vector<LogFileInfo>> ListLog(io::FileSystem& fs, const std::string& log_dir) {
  SILT_ASSIGN_OR_RETURN(auto entries, fs.List(log_dir));
  std::vector<LogFileInfo> listing;
  for (const auto& entry : entries) {
    if (entry.is_dir) continue;
    std::string name = BaseName(entry.path);
    if (name.empty()) continue;
    if ((name[0] == '.' || name[0] == '_') && name != "_last_checkpoint") continue;
    listing.push_back({std::move(name), entry.size, entry.mtime_ms});
  }
  return listing;
}

struct LoadedLog {
  LogSegment segment;
  std::vector<CommitActions> commits;
};

Result<LoadedLog> LoadSegment(io::FileSystem& fs, const std::string& log_dir,
                              const std::vector<LogFileInfo>& listing,
                              std::optional<int64_t> version,
                              const std::optional<LastCheckpointInfo>& hint) {
  LoadedLog out;
  SILT_ASSIGN_OR_RETURN(out.segment, BuildLogSegment(listing, version, hint));
  if (out.segment.checkpoint_version.has_value()) {
    return Status::NotSupported("Delta checkpoints are not read yet (version " +
                                std::to_string(out.segment.version) + " needs the checkpoint at " +
                                std::to_string(*out.segment.checkpoint_version) + ")");
  }
  for (const LogFile& commit : out.segment.commits) {
    SILT_ASSIGN_OR_RETURN(std::string text,
                          ReadWholeFile(fs, log_dir + "/" + commit.info.name));
    SILT_ASSIGN_OR_RETURN(auto actions, ParseCommitJson(text, commit.version));
    out.commits.push_back({commit.version, std::move(actions)});
  }
  return out;
}

Result<std::vector<CommitSummary>> Summarize(const LoadedLog& log, const TableState& state) {
  SILT_ASSIGN_OR_RETURN(auto ict, GetInCommitTimestampConfig(state.protocol, state.metadata));
  std::vector<CommitSummary> out;
  out.reserve(log.commits.size());
  for (size_t i = 0; i < log.commits.size(); ++i) {
    CommitSummary summary;
    summary.version = log.commits[i].version;
    SILT_ASSIGN_OR_RETURN(summary.timestamp,
                          CommitTimestamp(summary.version, log.commits[i].actions,
                                          log.segment.commits[i].info.modification_time, ict));
    for (const Action& action : log.commits[i].actions) {
      if (const auto* info = std::get_if<CommitInfo>(&action)) summary.operation = info->operation;
    }
    out.push_back(std::move(summary));
  }
  return out;
}

Result<int64_t> ParseTimestampMillis(const std::string& text) {
  auto parsed = ParseTimestamp(text);
  if (!parsed.ok()) {
    return Status::InvalidArgument("invalid timestamp '" + text + "': " +
                                   parsed.status().message());
  }
  return TimestampToUnit(*parsed, TimeUnit::kMilli);
}

}  // namespace

const std::vector<std::string>& SupportedReaderFeatures() {
  // Reader-writer table features (PROTOCOL.md "Valid Feature Names in Table Features")
  // whose read side silt implements or that need nothing from a reader.
  static const std::vector<std::string> kFeatures = {
      "columnMapping",        "deletionVectors",     "timestampNtz",
      "v2Checkpoint",         "vacuumProtocolCheck", "typeWidening",
      "typeWidening-preview", "variantType",         "variantType-preview",
      "variantShredding-preview"};
  return kFeatures;
}

Status CheckReaderProtocol(const Protocol& protocol) {
  int32_t reader = protocol.min_reader_version;
  if (reader < 1) {
    return Status::Corrupt("invalid minReaderVersion " + std::to_string(reader));
  }
  if (reader <= 2) return Status::OK();
  if (reader > 3) {
    return Status::NotSupported("Delta reader version " + std::to_string(reader) +
                                " is not supported (silt reads versions 1 to 3)");
  }
  if (!protocol.reader_features.has_value()) {
    return Status::Corrupt("minReaderVersion 3 without readerFeatures");
  }
  const auto& supported = SupportedReaderFeatures();
  for (const std::string& feature : *protocol.reader_features) {
    if (std::find(supported.begin(), supported.end(), feature) == supported.end()) {
      return Status::NotSupported("Delta reader feature '" + feature + "' is not supported");
    }
  }
  return Status::OK();
}

Result<DeltaSnapshot> LoadSnapshot(io::FileSystem& fs, const std::string& table_root,
                                   std::optional<int64_t> version,
                                   std::optional<std::string> timestamp_iso8601) {
  if (version.has_value() && timestamp_iso8601.has_value()) {
    return Status::InvalidArgument("give a version or a timestamp, not both");
  }
  if (version.has_value() && *version < 0) {
    return Status::InvalidArgument("negative table version " + std::to_string(*version));
  }
  const std::string log_dir = LogDir(table_root);
  SILT_ASSIGN_OR_RETURN(auto listing, ListLog(fs, log_dir));
  std::optional<LastCheckpointInfo> hint;
  for (const auto& info : listing) {
    if (info.name != "_last_checkpoint") continue;
    auto text = ReadWholeFile(fs, log_dir + "/" + info.name);
    if (!text.ok()) break;
    auto parsed = ParseLastCheckpoint(*text);
    if (parsed.ok()) hint = std::move(*parsed);  // a corrupt hint is ignored
    break;
  }

  std::optional<int64_t> target = version;
  if (timestamp_iso8601.has_value()) {
    SILT_ASSIGN_OR_RETURN(int64_t millis, ParseTimestampMillis(*timestamp_iso8601));
    SILT_ASSIGN_OR_RETURN(LoadedLog latest, LoadSegment(fs, log_dir, listing, std::nullopt, hint));
    SILT_ASSIGN_OR_RETURN(TableState state, ReplayLog({}, std::nullopt, latest.commits));
    SILT_ASSIGN_OR_RETURN(auto ict, GetInCommitTimestampConfig(state.protocol, state.metadata));
    SILT_ASSIGN_OR_RETURN(auto summaries, Summarize(latest, state));
    std::vector<VersionTimestamp> stamps;
    stamps.reserve(summaries.size());
    for (const auto& s : summaries) stamps.push_back({s.version, s.timestamp});
    SILT_ASSIGN_OR_RETURN(int64_t resolved, VersionAtTimestamp(stamps, millis, ict));
    target = resolved;
  }

  SILT_ASSIGN_OR_RETURN(LoadedLog log, LoadSegment(fs, log_dir, listing, target, hint));
  DeltaSnapshot snapshot;
  snapshot.table_root = table_root;
  SILT_ASSIGN_OR_RETURN(snapshot.state, ReplayLog({}, std::nullopt, log.commits));
  SILT_RETURN_NOT_OK(CheckReaderProtocol(snapshot.state.protocol));
  SILT_ASSIGN_OR_RETURN(snapshot.commits, Summarize(log, snapshot.state));
  return snapshot;
}

}  // namespace silt::delta
