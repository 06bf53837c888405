#include "silt/delta/kernel/time_travel.h"

#include <algorithm>
#include <charconv>

namespace silt::delta {

Result<InCommitTimestampConfig> GetInCommitTimestampConfig(const Protocol& protocol,
                                                           const Metadata& metadata) {
  InCommitTimestampConfig config;
  bool has_feature = protocol.writer_features &&
                     std::find(protocol.writer_features->begin(), protocol.writer_features->end(),
                               "inCommitTimestamp") != protocol.writer_features->end();
  auto flag = metadata.configuration.find("delta.enableInCommitTimestamps");
  if (!has_feature || flag == metadata.configuration.end() || flag->second != "true") {
    return config;
  }
  config.enabled = true;
  auto version = metadata.configuration.find("delta.inCommitTimestampEnablementVersion");
  if (version != metadata.configuration.end()) {
    const std::string& text = version->second;
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
      return Status::Corrupt("delta.inCommitTimestampEnablementVersion is not a version: '" + text +
                             "'");
    }
    config.enablement_version = value;
  }
  return config;
}

Result<int64_t> CommitTimestamp(int64_t version, const std::vector<Action>& actions,
                                int64_t file_modification_time,
                                const InCommitTimestampConfig& config) {
  if (!config.enabled || version < config.enablement_version) return file_modification_time;
  // Writers put commitInfo first; searching all actions costs nothing and tolerates others.
  for (const Action& action : actions) {
    if (const auto* info = std::get_if<CommitInfo>(&action)) {
      if (info->in_commit_timestamp) return *info->in_commit_timestamp;
    }
  }
  return Status::Corrupt("commit " + std::to_string(version) +
                         " has no inCommitTimestamp although in-commit timestamps are enabled");
}

namespace {

// The last index in [begin, end) whose monotonized timestamp is <= `timestamp`, or -1.
int64_t SearchRange(const std::vector<VersionTimestamp>& commits, size_t begin, size_t end,
                    int64_t timestamp) {
  int64_t found = -1;
  int64_t previous = INT64_MIN;
  for (size_t i = begin; i < end; ++i) {
    int64_t ts = commits[i].timestamp;
    if (i > begin && ts <= previous) ts = previous == INT64_MAX ? previous : previous + 1;
    if (ts > timestamp) break;  // monotonic from here on
    found = static_cast<int64_t>(i);
    previous = ts;
  }
  return found;
}

}  // namespace

Result<int64_t> VersionAtTimestamp(const std::vector<VersionTimestamp>& commits, int64_t timestamp,
                                   const InCommitTimestampConfig& config) {
  if (commits.empty()) {
    return Status::InvalidArgument("the table has no commits to time travel to");
  }
  for (size_t i = 1; i < commits.size(); ++i) {
    if (commits[i].version != commits[i - 1].version + 1) {
      return Status::Internal("VersionAtTimestamp needs contiguous ascending versions");
    }
  }
  size_t begin = 0;
  size_t end = commits.size();
  int64_t first_version = commits.front().version;
  if (config.enabled && config.enablement_version > first_version &&
      config.enablement_version <= commits.back().version) {
    size_t split = static_cast<size_t>(config.enablement_version - first_version);
    if (timestamp >= commits[split].timestamp) {
      begin = split;
    } else {
      end = split;
    }
  }
  int64_t found = SearchRange(commits, begin, end, timestamp);
  if (found < 0) {
    return Status::InvalidArgument("timestamp " + std::to_string(timestamp) +
                                   " ms is before the earliest available "
                                   "commit (version " +
                                   std::to_string(commits.front().version) + " at " +
                                   std::to_string(commits.front().timestamp) + " ms)");
  }
  return commits[static_cast<size_t>(found)].version;
}

}  // namespace silt::delta
