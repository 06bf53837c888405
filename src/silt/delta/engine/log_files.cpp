#include "silt/delta/engine/log_files.h"

#include <map>
#include <set>

#include "silt/delta/kernel/json_actions.h"

namespace silt::delta {

namespace {

// Log files bigger than this are refused rather than read into memory.
constexpr int64_t kMaxLogFileBytes = int64_t{1} << 30;

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string DeltaLogDir(const std::string& table_root) {
  std::string dir = table_root;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir + "/_delta_log";
}

Result<std::string> ReadLogFile(io::FileSystem& fs, const std::string& path) {
  SILT_ASSIGN_OR_RETURN(auto file, fs.OpenForRead(path));
  SILT_ASSIGN_OR_RETURN(int64_t size, file->Size());
  if (size < 0 || size > kMaxLogFileBytes) {
    return Status::Corrupt("log file too large: " + path + " (" + std::to_string(size) + " bytes)");
  }
  if (size == 0) return std::string();
  SILT_ASSIGN_OR_RETURN(BufferPtr buffer, file->ReadAt(0, size));
  return std::string(reinterpret_cast<const char*>(buffer->data()), static_cast<size_t>(buffer->size()));
}

Result<std::vector<LogFileInfo>> ListDeltaLog(io::FileSystem& fs, const std::string& log_dir) {
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

Result<std::vector<TimedCommit>> ReadCommitHistory(io::FileSystem& fs, const std::string& table_root,
                                                   int64_t to, const InCommitTimestampConfig& timestamps) {
  SILT_ASSIGN_OR_RETURN(auto listing, ListDeltaLog(fs, DeltaLogDir(table_root)));
  std::set<int64_t> versions;
  for (const LogFileInfo& info : listing) {
    auto file = ClassifyLogFile(info);
    if (file && file->kind == LogFileKind::kCommit && file->version <= to) versions.insert(file->version);
  }
  if (!versions.count(to)) {
    return Status::InvalidArgument("commit " + std::to_string(to) + " is not in the log");
  }
  int64_t from = to;
  while (from > 0 && versions.count(from - 1)) --from;
  return ReadCommitRange(fs, table_root, from, to, timestamps);
}

Result<std::vector<TimedCommit>> ReadCommitRange(io::FileSystem& fs, const std::string& table_root,
                                                 int64_t from, int64_t to,
                                                 const InCommitTimestampConfig& timestamps) {
  if (from < 0 || from > to) {
    return Status::InvalidArgument("invalid commit range " + std::to_string(from) + " to " + std::to_string(to));
  }
  const std::string log_dir = DeltaLogDir(table_root);
  SILT_ASSIGN_OR_RETURN(auto listing, ListDeltaLog(fs, log_dir));
  std::map<int64_t, LogFile> commits;
  for (const LogFileInfo& info : listing) {
    auto file = ClassifyLogFile(info);
    if (file && file->kind == LogFileKind::kCommit) commits.emplace(file->version, *file);
  }
  std::vector<TimedCommit> out;
  for (int64_t v = from; v <= to; ++v) {
    auto it = commits.find(v);
    if (it == commits.end()) {
      if (commits.empty() || v < commits.begin()->first) {
        return Status::InvalidArgument("commit " + std::to_string(v) +
                                       " is no longer in the log (cleaned up); the oldest commit is " +
                                       (commits.empty() ? std::string("none") : std::to_string(commits.begin()->first)));
      }
      return Status::Corrupt("Delta log commit " + std::to_string(v) + " is missing");
    }
    SILT_ASSIGN_OR_RETURN(std::string text, ReadLogFile(fs, log_dir + "/" + it->second.info.name));
    TimedCommit commit;
    commit.version = v;
    SILT_ASSIGN_OR_RETURN(commit.actions, ParseCommitJson(text, v));
    SILT_ASSIGN_OR_RETURN(commit.timestamp, CommitTimestamp(v, commit.actions, it->second.info.modification_time,
                                                            timestamps));
    out.push_back(std::move(commit));
  }
  return out;
}

}  // namespace silt::delta
