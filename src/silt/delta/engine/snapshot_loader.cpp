#include "silt/delta/engine/snapshot_loader.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

#include "silt/common/temporal.h"
#include "silt/delta/engine/checkpoint_reader.h"
#include "silt/delta/engine/log_files.h"
#include "silt/delta/kernel/json_actions.h"
#include "silt/delta/kernel/time_travel.h"

namespace silt::delta {

namespace {

struct LoadedLog {
  LogSegment segment;
  std::vector<Action> checkpoint_actions;
  std::vector<CommitActions> commits;
};

Result<LoadedLog> LoadSegment(io::FileSystem& fs, const std::string& table_root,
                              const std::vector<LogFileInfo>& listing,
                              std::optional<int64_t> version,
                              const std::optional<LastCheckpointInfo>& hint, bool with_file_stats) {
  const std::string log_dir = DeltaLogDir(table_root);
  LoadedLog out;
  SILT_ASSIGN_OR_RETURN(out.segment, BuildLogSegment(listing, version, hint));
  if (out.segment.checkpoint_version.has_value()) {
    SILT_ASSIGN_OR_RETURN(out.checkpoint_actions,
                          ReadCheckpoint(fs, table_root, out.segment.checkpoint_parts, nullptr,
                                         with_file_stats));
  }
  out.commits.reserve(out.segment.commits.size());
  for (const LogFile& commit : out.segment.commits) {
    SILT_ASSIGN_OR_RETURN(std::string text, ReadLogFile(fs, log_dir + "/" + commit.info.name));
    SILT_ASSIGN_OR_RETURN(auto actions, ParseCommitJson(text, commit.version));
    if (!with_file_stats) {
      // Dropped as each commit is parsed, so thousands of commits never hold them all.
      for (Action& action : actions) {
        if (Add* add = std::get_if<Add>(&action)) add->stats.reset();
      }
    }
    out.commits.push_back({commit.version, std::move(actions)});
  }
  return out;
}

// Consumes the checkpoint actions (moved into the state); segment and commits stay.
Result<TableState> Replay(LoadedLog& log) {
  return ReplayLog(std::move(log.checkpoint_actions), log.segment.checkpoint_version, log.commits);
}

// PROTOCOL.md "State Validation": when the segment's version has a checksum file, the
// replayed state must agree with it.
Status ValidateAgainstChecksum(io::FileSystem& fs, const std::string& log_dir, const LoadedLog& log,
                               const TableState& state, std::vector<std::string>* warnings) {
  if (!log.segment.checksum.has_value()) return Status::OK();
  const std::string& name = log.segment.checksum->info.name;
  auto text = ReadLogFile(fs, log_dir + "/" + name);
  if (!text.ok()) return text.status().WithContext("reading version checksum '" + name + "'");
  auto checksum = ParseVersionChecksum(*text);
  if (!checksum.ok()) {
    return checksum.status().WithContext("reading version checksum '" + name + "'");
  }
  return CheckVersionChecksum(*checksum, state, warnings)
      .WithContext("validating version " + std::to_string(state.version) + " against '" + name +
                   "'");
}

// The latest version whose commit timestamp is <= `millis`, over the contiguous commit
// files that end at the latest version (commits before a checkpoint count too, as long as
// they were not cleaned up). Commit files are read only where in-commit timestamps apply.
Result<int64_t> ResolveTimestamp(io::FileSystem& fs, const std::string& log_dir,
                                 const std::vector<LogFileInfo>& listing, const TableState& latest,
                                 int64_t millis) {
  SILT_ASSIGN_OR_RETURN(auto ict, GetInCommitTimestampConfig(latest.protocol, latest.metadata));
  std::map<int64_t, const LogFileInfo*> commit_files;
  for (const LogFileInfo& info : listing) {
    auto file = ClassifyLogFile(info);
    if (file && file->kind == LogFileKind::kCommit && file->version <= latest.version) {
      commit_files.emplace(file->version, &info);
    }
  }
  if (commit_files.empty()) {
    return Status::InvalidArgument("no commit files to resolve a timestamp against");
  }
  int64_t first = commit_files.rbegin()->first;
  while (commit_files.contains(first - 1)) --first;
  std::vector<VersionTimestamp> stamps;
  for (auto it = commit_files.find(first); it != commit_files.end(); ++it) {
    const int64_t version = it->first;
    const LogFileInfo& info = *it->second;
    std::vector<Action> actions;
    if (ict.enabled && version >= ict.enablement_version) {
      SILT_ASSIGN_OR_RETURN(std::string text, ReadLogFile(fs, log_dir + "/" + info.name));
      SILT_ASSIGN_OR_RETURN(actions, ParseCommitJson(text, version));
    }
    SILT_ASSIGN_OR_RETURN(int64_t ts,
                          CommitTimestamp(version, actions, info.modification_time, ict));
    stamps.push_back({version, ts});
  }
  return VersionAtTimestamp(stamps, millis, ict);
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
    return Status::InvalidArgument("invalid timestamp '" + text +
                                   "': " + parsed.status().message());
  }
  return TimestampToUnit(*parsed, TimeUnit::kMilli);
}

}  // namespace

const std::vector<std::string>& SupportedReaderFeatures() {
  // Reader-writer table features (PROTOCOL.md "Valid Feature Names in Table Features")
  // whose read side silt implements or that need nothing from a reader.
  static const std::vector<std::string> kFeatures = {
      "columnMapping",        "deletionVectors",
      "timestampNtz",         "v2Checkpoint",
      "vacuumProtocolCheck",  "typeWidening",
      "typeWidening-preview", "variantType",
      "variantType-preview",  "variantShredding-preview",
      "variantShredding",     "collations"};
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

Status CheckVersionChecksum(const VersionChecksum& checksum, const TableState& state,
                            std::vector<std::string>* warnings) {
  auto mismatch = [&](std::string_view field, const std::string& replayed,
                      const std::string& recorded) {
    return Status::Corrupt("version checksum disagrees with the log at version " +
                           std::to_string(state.version) + ": " + std::string(field) + " is " +
                           replayed + " after replay but " + recorded + " in the checksum");
  };
  // File counts and sizes only describe the state: the log stays the source of truth, so a
  // stale or hand-edited checksum is reported, not fatal.
  const int64_t num_files = static_cast<int64_t>(state.adds.size());
  if (checksum.num_files != num_files && warnings != nullptr) {
    warnings->push_back(mismatch("numFiles", std::to_string(num_files), std::to_string(checksum.num_files)).message());
  }
  int64_t bytes = 0;
  for (const Add& add : state.adds) bytes += add.size;
  if (checksum.table_size_bytes != bytes && warnings != nullptr) {
    warnings->push_back(mismatch("tableSizeBytes", std::to_string(bytes),
                                 std::to_string(checksum.table_size_bytes)).message());
  }
  if (checksum.protocol.has_value()) {
    const Protocol& p = *checksum.protocol;
    auto versions = [](const Protocol& x) {
      return std::to_string(x.min_reader_version) + "/" + std::to_string(x.min_writer_version);
    };
    if (p.min_reader_version != state.protocol.min_reader_version ||
        p.min_writer_version != state.protocol.min_writer_version) {
      return mismatch("protocol", versions(state.protocol), versions(p));
    }
    // Feature lists are sets; writers need not keep one order in the log and the checksum.
    auto as_set = [](const std::optional<std::vector<std::string>>& f) {
      std::vector<std::string> v = f.value_or(std::vector<std::string>{});
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
      return v;
    };
    auto joined = [](const std::vector<std::string>& v) {
      std::string out = "[";
      for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
      return out + "]";
    };
    if (as_set(p.reader_features) != as_set(state.protocol.reader_features)) {
      return mismatch("protocol.readerFeatures", joined(as_set(state.protocol.reader_features)),
                      joined(as_set(p.reader_features)));
    }
    if (as_set(p.writer_features) != as_set(state.protocol.writer_features)) {
      return mismatch("protocol.writerFeatures", joined(as_set(state.protocol.writer_features)),
                      joined(as_set(p.writer_features)));
    }
  }
  if (checksum.metadata.has_value() && checksum.metadata->id != state.metadata.id) {
    return mismatch("metadata.id", "'" + state.metadata.id + "'",
                    "'" + checksum.metadata->id + "'");
  }
  return Status::OK();
}

Result<DeltaSnapshot> LoadSnapshot(io::FileSystem& fs, const std::string& table_root,
                                   std::optional<int64_t> version,
                                   std::optional<std::string> timestamp_iso8601,
                                   const SnapshotLoadOptions& options) {
  if (version.has_value() && timestamp_iso8601.has_value()) {
    return Status::InvalidArgument("give a version or a timestamp, not both");
  }
  if (version.has_value() && *version < 0) {
    return Status::InvalidArgument("negative table version " + std::to_string(*version));
  }
  const std::string log_dir = DeltaLogDir(table_root);
  SILT_ASSIGN_OR_RETURN(auto listing, ListDeltaLog(fs, log_dir));
  std::optional<LastCheckpointInfo> hint;
  for (const auto& info : listing) {
    if (info.name != "_last_checkpoint") continue;
    auto text = ReadLogFile(fs, log_dir + "/" + info.name);
    if (!text.ok()) break;
    auto parsed = ParseLastCheckpoint(*text);
    if (parsed.ok()) hint = std::move(*parsed);  // a corrupt hint is ignored
    break;
  }

  std::optional<LoadedLog> log;
  std::optional<TableState> state;
  std::optional<int64_t> target = version;
  if (timestamp_iso8601.has_value()) {
    SILT_ASSIGN_OR_RETURN(int64_t millis, ParseTimestampMillis(*timestamp_iso8601));
    SILT_ASSIGN_OR_RETURN(LoadedLog latest,
                          LoadSegment(fs, table_root, listing, std::nullopt, hint, options.with_file_stats));
    SILT_ASSIGN_OR_RETURN(TableState latest_state, Replay(latest));
    SILT_ASSIGN_OR_RETURN(target, ResolveTimestamp(fs, log_dir, listing, latest_state, millis));
    if (*target == latest_state.version) {
      log = std::move(latest);
      state = std::move(latest_state);
    }
  }
  if (!log.has_value()) {
    SILT_ASSIGN_OR_RETURN(log, LoadSegment(fs, table_root, listing, target, hint, options.with_file_stats));
    SILT_ASSIGN_OR_RETURN(state, Replay(*log));
  }
  DeltaSnapshot snapshot;
  snapshot.table_root = table_root;
  snapshot.state = std::move(*state);
  SILT_RETURN_NOT_OK(CheckReaderProtocol(snapshot.state.protocol));
  SILT_RETURN_NOT_OK(ValidateAgainstChecksum(fs, log_dir, *log, snapshot.state, &snapshot.warnings));
  SILT_ASSIGN_OR_RETURN(snapshot.commits, Summarize(*log, snapshot.state));
  return snapshot;
}

}  // namespace silt::delta
