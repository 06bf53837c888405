#include "silt/delta/scan/change_feed.h"

#include <algorithm>
#include <map>

#include "silt/common/ascii.h"
#include "silt/delta/engine/log_files.h"
#include "silt/delta/engine/snapshot_loader.h"
#include "silt/delta/kernel/partition_values.h"
#include "silt/delta/kernel/time_travel.h"
#include "silt/delta/scan/delta_scan.h"
#include "silt/delta/scan/table_deletion_vectors.h"

namespace silt::delta {

namespace {

constexpr const char* kChangeType = "_change_type";

bool ChangeFeedEnabled(const Metadata& metadata) {
  auto it = metadata.configuration.find("delta.enableChangeDataFeed");
  return it != metadata.configuration.end() && EqualsIgnoreAsciiCase(it->second, "true");
}

Status NotEnabled(int64_t version) {
  return Status::InvalidArgument("change data feed is not enabled at version " + std::to_string(version) +
                                 " of the table (table property delta.enableChangeDataFeed)");
}

/// Files of one commit that share a change type (empty: cdc files carrying their own).
struct ChangeGroup {
  int64_t version = 0;
  int64_t timestamp = 0;
  std::string change_type;
  std::vector<DeltaScanRequest::ExplicitFile> files;
};

Add FromRemove(const Remove& r) {
  Add a;
  a.path = r.path;
  a.partition_values = r.partition_values.value_or(PartitionValues{});
  a.size = r.size.value_or(0);
  a.stats = r.stats;
  a.deletion_vector = r.deletion_vector;
  return a;
}

Add FromCdc(const AddCdcFile& c) {
  Add a;
  a.path = c.path;
  a.partition_values = c.partition_values;
  a.size = c.size;
  return a;
}

/// Rows in `a` but not in `b`.
std::vector<uint64_t> Difference(const DeletionVector& a, const DeletionVector& b) {
  std::vector<uint64_t> out;
  for (uint64_t row : a.ToRowIndexes()) {
    if (!b.Contains(row)) out.push_back(row);
  }
  return out;
}

}  // namespace

struct DeltaChangeFeed::State {
  std::shared_ptr<io::FileSystem> fs;
  std::shared_ptr<const DeltaSnapshot> end;
  ChangeFeedRequest request;
  DeltaScanConfig config;
  std::string local_root;
  std::vector<ChangeGroup> groups;
  size_t next_group = 0;
  const ChangeGroup* group = nullptr;
  std::unique_ptr<DeltaTableScan> scan;
  SchemaPtr output_schema;

  Status AddCommit(const TimedCommit& commit, bool partitioned);
  Result<RecordBatchPtr> Decorate(const RecordBatch& batch) const;
};

Status DeltaChangeFeed::State::AddCommit(const TimedCommit& commit, bool partitioned) {
  ChangeGroup cdc{commit.version, commit.timestamp, "", {}};
  for (const Action& action : commit.actions) {
    if (const auto* c = std::get_if<AddCdcFile>(&action)) cdc.files.push_back({FromCdc(*c), nullptr});
  }
  if (!cdc.files.empty()) {
    groups.push_back(std::move(cdc));
    return Status::OK();
  }
  ChangeGroup inserts{commit.version, commit.timestamp, "insert", {}};
  ChangeGroup deletes{commit.version, commit.timestamp, "delete", {}};
  std::map<std::string, const Add*> added;
  std::map<std::string, const Remove*> removed;
  for (const Action& action : commit.actions) {
    if (const auto* a = std::get_if<Add>(&action); a && a->data_change) added[a->path] = a;
    if (const auto* r = std::get_if<Remove>(&action); r && r->data_change) removed[r->path] = r;
  }
  for (const auto& [path, r] : removed) {
    if (partitioned && !r->partition_values) {
      return Status::NotSupported("change data feed over a remove action without partitionValues (file '" +
                                  path + "', version " + std::to_string(commit.version) + ")");
    }
    auto a = added.find(path);
    if (a == added.end()) {
      deletes.files.push_back({FromRemove(*r), nullptr});
      continue;
    }
    // The same file re-added with another deletion vector: report the rows whose state changed.
    DeletionVector old_dv, new_dv;
    if (r->deletion_vector) {
      SILT_ASSIGN_OR_RETURN(old_dv, LoadTableDeletionVector(*fs, local_root, *r->deletion_vector,
                                                            config.allow_outside_paths));
    }
    if (a->second->deletion_vector) {
      SILT_ASSIGN_OR_RETURN(new_dv, LoadTableDeletionVector(*fs, local_root, *a->second->deletion_vector,
                                                            config.allow_outside_paths));
    }
    Add plain = *a->second;
    plain.deletion_vector.reset();
    auto newly_deleted = Difference(new_dv, old_dv);
    auto restored = Difference(old_dv, new_dv);
    if (!newly_deleted.empty()) {
      deletes.files.push_back({plain, std::make_shared<const DeletionVector>(
                                          DeletionVector::FromRowIndexes(std::move(newly_deleted)))});
    }
    if (!restored.empty()) {
      inserts.files.push_back({plain, std::make_shared<const DeletionVector>(
                                          DeletionVector::FromRowIndexes(std::move(restored)))});
    }
    added.erase(a);
  }
  for (const auto& [path, a] : added) inserts.files.push_back({*a, nullptr});
  if (!deletes.files.empty()) groups.push_back(std::move(deletes));
  if (!inserts.files.empty()) groups.push_back(std::move(inserts));
  return Status::OK();
}

Result<RecordBatchPtr> DeltaChangeFeed::State::Decorate(const RecordBatch& batch) const {
  const int64_t n = batch.num_rows();
  std::vector<ArrayDataPtr> columns = batch.columns();
  if (!group->change_type.empty()) {
    SILT_ASSIGN_OR_RETURN(auto ct, MakePartitionColumn(Scalar::String(group->change_type), utf8(), n));
    columns.push_back(std::move(ct));
  }
  SILT_ASSIGN_OR_RETURN(auto version, MakePartitionColumn(Scalar::Int(group->version), int64(), n));
  columns.push_back(std::move(version));
  SILT_ASSIGN_OR_RETURN(auto ts, MakePartitionColumn(Scalar::Timestamp(group->timestamp * 1000, TimeUnit::kMicro, "UTC"),
                                                     timestamp(TimeUnit::kMicro, "UTC"), n));
  columns.push_back(std::move(ts));
  return std::make_shared<RecordBatch>(output_schema, n, std::move(columns));
}

DeltaChangeFeed::DeltaChangeFeed(std::unique_ptr<State> state) : state_(std::move(state)) {}
DeltaChangeFeed::~DeltaChangeFeed() = default;

const SchemaPtr& DeltaChangeFeed::output_schema() const { return state_->output_schema; }

Result<RecordBatchPtr> DeltaChangeFeed::Next() {
  State& s = *state_;
  while (true) {
    if (s.scan) {
      SILT_ASSIGN_OR_RETURN(RecordBatchPtr batch, s.scan->Next());
      if (batch) return s.Decorate(*batch);
      s.scan.reset();
    }
    if (s.next_group >= s.groups.size()) return RecordBatchPtr();
    s.group = &s.groups[s.next_group++];
    DeltaScanRequest scan_request;
    scan_request.explicit_files = s.group->files;
    if (s.group->change_type.empty()) scan_request.extra_file_columns.push_back(field(kChangeType, utf8()));
    scan_request.parallelism = s.request.parallelism;
    scan_request.batch_size = s.request.batch_size;
    scan_request.pool = s.request.pool;
    SILT_ASSIGN_OR_RETURN(s.scan, DeltaTableScan::Make(s.fs, s.end, std::move(scan_request), s.config));
  }
}

Result<std::unique_ptr<DeltaChangeFeed>> DeltaChangeFeed::Make(std::shared_ptr<io::FileSystem> fs,
                                                               const std::string& table_root,
                                                               ChangeFeedRequest request, DeltaScanConfig config) {
  auto s = std::make_unique<State>();
  s->fs = std::move(fs);
  s->config = config;
  if (request.from_version < 0) return Status::InvalidArgument("--from must not be negative");
  if (request.to_version && *request.to_version < request.from_version) {
    return Status::InvalidArgument("change range ends (" + std::to_string(*request.to_version) +
                                   ") before it starts (" + std::to_string(request.from_version) + ")");
  }
  SILT_ASSIGN_OR_RETURN(DeltaSnapshot end, LoadSnapshot(*s->fs, table_root, request.to_version, std::nullopt));
  if (request.from_version > end.state.version) {
    return Status::InvalidArgument("change range starts at version " + std::to_string(request.from_version) +
                                   " but the latest version is " + std::to_string(end.state.version));
  }
  s->end = std::make_shared<const DeltaSnapshot>(std::move(end));
  const TableState& end_state = s->end->state;
  SILT_ASSIGN_OR_RETURN(DeltaSnapshot start, LoadSnapshot(*s->fs, table_root, request.from_version, std::nullopt));
  if (!ChangeFeedEnabled(start.state.metadata)) return NotEnabled(request.from_version);
  SILT_ASSIGN_OR_RETURN(auto ict, GetInCommitTimestampConfig(end_state.protocol, end_state.metadata));
  SILT_ASSIGN_OR_RETURN(auto commits, ReadCommitRange(*s->fs, table_root, request.from_version,
                                                      end_state.version, ict));
  SILT_ASSIGN_OR_RETURN(s->local_root, AbsoluteTableRoot(table_root));
  const bool partitioned = !end_state.metadata.partition_columns.empty();
  for (const TimedCommit& commit : commits) {
    for (const Action& action : commit.actions) {
      if (const auto* m = std::get_if<Metadata>(&action); m && !ChangeFeedEnabled(*m)) {
        return NotEnabled(commit.version);
      }
      if (const auto* p = std::get_if<Protocol>(&action)) SILT_RETURN_NOT_OK(CheckReaderProtocol(*p));
    }
    SILT_RETURN_NOT_OK(s->AddCommit(commit, partitioned));
  }
  SILT_ASSIGN_OR_RETURN(SchemaPtr table_schema, ParseDeltaSchema(end_state.metadata.schema_string));
  std::vector<FieldPtr> fields = table_schema->fields();
  fields.push_back(field(kChangeType, utf8()));
  fields.push_back(field("_commit_version", int64()));
  fields.push_back(field("_commit_timestamp", timestamp(TimeUnit::kMicro, "UTC")));
  s->output_schema = std::make_shared<Schema>(std::move(fields));
  s->request = std::move(request);
  return std::unique_ptr<DeltaChangeFeed>(new DeltaChangeFeed(std::move(s)));
}

}  // namespace silt::delta
