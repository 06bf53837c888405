#include "silt/delta/kernel/replay.h"

#include <algorithm>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace silt::delta {
namespace {

struct FileKeyHash {
  size_t operator()(const FileKey& k) const {
    size_t h = std::hash<std::string>()(k.path);
    return k.dv_id.empty() ? h : h ^ (std::hash<std::string>()(k.dv_id) * 0x9E3779B97F4A7C15ULL);
  }
};

/// The values of `map` moved out in key order.
template <typename V>
std::vector<V> SortedByKey(std::unordered_map<FileKey, V, FileKeyHash>& map) {
  std::vector<std::pair<const FileKey, V>*> entries;
  entries.reserve(map.size());
  for (auto& entry : map) entries.push_back(&entry);
  std::sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  std::vector<V> out;
  out.reserve(entries.size());
  for (auto* entry : entries) out.push_back(std::move(entry->second));
  return out;
}

// Replay runs oldest-to-newest, applying each action to maps keyed like the protocol's
// reconciliation rules. The inputs are already materialized vectors, so the newest-first
// streaming order (which pays off when checkpoint batches are read lazily and can be
// skipped) buys nothing here, and forward application states each rule in one line.
class StateBuilder {
 public:
  // Actions inside one commit are unordered (PROTOCOL.md "Add File and Remove File"), so
  // file order must not decide between an add and a remove of the same key. The file is
  // in the table after the commit, so the add wins: removes are applied before adds. Log
  // compaction files, which list removes and re-adds of one key, rely on the same rule.
  void ApplyBatch(const std::vector<Action>& actions) {
    for (const Action& action : actions) {
      if (!std::holds_alternative<Add>(action)) {
        std::visit([this](const auto& a) { ApplyOne(a); }, action);
      }
    }
    for (const Action& action : actions) {
      if (const Add* add = std::get_if<Add>(&action)) ApplyOne(*add);
    }
  }
  // The same order, moving the file actions out of `actions`.
  void ApplyBatch(std::vector<Action>&& actions) {
    for (Action& action : actions) {
      if (Remove* remove = std::get_if<Remove>(&action)) {
        ApplyOne(std::move(*remove));
      } else if (!std::holds_alternative<Add>(action)) {
        std::visit([this](const auto& a) { ApplyOne(a); }, action);
      }
    }
    for (Action& action : actions) {
      if (Add* add = std::get_if<Add>(&action)) ApplyOne(std::move(*add));
    }
  }

  Result<TableState> Finish(int64_t version) && {
    if (!protocol_) {
      return Status::Corrupt("Delta log for version " + std::to_string(version) +
                             " has no protocol action");
    }
    if (!metadata_) {
      return Status::Corrupt("Delta log for version " + std::to_string(version) +
                             " has no metaData action");
    }
    TableState state;
    state.version = version;
    state.protocol = std::move(*protocol_);
    state.metadata = std::move(*metadata_);
    state.adds = SortedByKey(adds_);
    state.tombstones = SortedByKey(tombstones_);
    state.txns = std::move(txns_);
    state.domains = std::move(domains_);
    state.latest_commit_info = std::move(commit_info_);
    return state;
  }

  void BeginCommit() { commit_info_.reset(); }

 private:
  void ApplyOne(const Protocol& p) { protocol_ = p; }
  void ApplyOne(const Metadata& m) { metadata_ = m; }
  template <typename A>  // const Add& or Add&&
  void ApplyAdd(A&& a) {
    FileKey key = KeyOf(a);
    if (!tombstones_.empty()) tombstones_.erase(key);
    adds_.insert_or_assign(std::move(key), std::forward<A>(a));
  }
  template <typename R>  // const Remove& or Remove&&
  void ApplyRemove(R&& r) {
    FileKey key = KeyOf(r);
    adds_.erase(key);
    tombstones_.insert_or_assign(std::move(key), std::forward<R>(r));
  }
  void ApplyOne(const Add& a) { ApplyAdd(a); }
  void ApplyOne(Add&& a) { ApplyAdd(std::move(a)); }
  void ApplyOne(const Remove& r) { ApplyRemove(r); }
  void ApplyOne(Remove&& r) { ApplyRemove(std::move(r)); }
  void ApplyOne(const Txn& t) { txns_.insert_or_assign(t.app_id, t); }
  void ApplyOne(const DomainMetadata& d) {
    if (d.removed) {
      domains_.erase(d.domain);
    } else {
      domains_.insert_or_assign(d.domain, d);
    }
  }
  void ApplyOne(const CommitInfo& c) { commit_info_ = c; }
  void ApplyOne(const AddCdcFile&) {}
  void ApplyOne(const CheckpointMetadata&) {}
  void ApplyOne(const Sidecar&) {}

  std::optional<Protocol> protocol_;
  std::optional<Metadata> metadata_;
  // Hashed, not ordered: a checkpoint brings ~100k keys and ordered-map inserts dominated
  // snapshot loading; the result is sorted once in Finish.
  std::unordered_map<FileKey, Add, FileKeyHash> adds_;
  std::unordered_map<FileKey, Remove, FileKeyHash> tombstones_;
  std::map<std::string, Txn> txns_;
  std::map<std::string, DomainMetadata> domains_;
  std::optional<CommitInfo> commit_info_;
};

}  // namespace

namespace {

template <typename Actions>  // const std::vector<Action>& or std::vector<Action>&&
Result<TableState> Replay(Actions&& checkpoint_actions, std::optional<int64_t> checkpoint_version,
                          const std::vector<CommitActions>& commits) {
  if (!checkpoint_version && commits.empty()) {
    return Status::InvalidArgument("log replay needs a checkpoint or at least one commit");
  }
  int64_t expected = checkpoint_version ? *checkpoint_version + 1 : 0;
  for (const CommitActions& commit : commits) {
    if (commit.version != expected) {
      return Status::Corrupt("Delta log versions are not contiguous: expected commit " +
                             std::to_string(expected) + ", got " + std::to_string(commit.version));
    }
    ++expected;
  }
  StateBuilder builder;
  builder.ApplyBatch(std::forward<Actions>(checkpoint_actions));
  for (const CommitActions& commit : commits) {
    builder.BeginCommit();
    builder.ApplyBatch(commit.actions);
  }
  return std::move(builder).Finish(expected - 1);
}

}  // namespace

Result<TableState> ReplayLog(const std::vector<Action>& checkpoint_actions,
                             std::optional<int64_t> checkpoint_version,
                             const std::vector<CommitActions>& commits) {
  return Replay(checkpoint_actions, checkpoint_version, commits);
}

Result<TableState> ReplayLog(std::vector<Action>&& checkpoint_actions,
                             std::optional<int64_t> checkpoint_version,
                             const std::vector<CommitActions>& commits) {
  return Replay(std::move(checkpoint_actions), checkpoint_version, commits);
}

}  // namespace silt::delta
