#pragma once

// Delta log actions as plain C++ values (PROTOCOL.md "Actions"). Pure data: no I/O and no
// parsing here; json_actions.h fills them from commit files, the engine from checkpoints.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace silt::delta {

/// String-to-string map as used by configuration, tags and format options.
using StringMap = std::map<std::string, std::string>;
/// Partition values: column name -> serialized value, std::nullopt for a null partition value.
using PartitionValues = std::map<std::string, std::optional<std::string>>;

/// Points at a deletion vector: inline ('i'), relative UUID path ('u') or absolute path ('p').
struct DeletionVectorDescriptor {
  std::string storage_type;
  std::string path_or_inline_dv;
  std::optional<int32_t> offset;
  int32_t size_in_bytes = 0;
  int64_t cardinality = 0;

  /// The protocol's unique id: storageType + pathOrInlineDv, plus "@offset" when present.
  std::string UniqueId() const;
  bool operator==(const DeletionVectorDescriptor&) const = default;
};

/// `protocol`: versions and (for reader 3 / writer 7) the feature lists.
struct Protocol {
  int32_t min_reader_version = 0;
  int32_t min_writer_version = 0;
  std::optional<std::vector<std::string>> reader_features;
  std::optional<std::vector<std::string>> writer_features;
  bool operator==(const Protocol&) const = default;
};

/// `metaData.format`: the data file format (always "parquet" in practice).
struct Format {
  std::string provider;
  StringMap options;
  bool operator==(const Format&) const = default;
};

/// `metaData`: table id, schema (as the raw JSON string), partitioning and configuration.
struct Metadata {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  Format format;
  std::string schema_string;
  std::vector<std::string> partition_columns;
  StringMap configuration;
  std::optional<int64_t> created_time;
  bool operator==(const Metadata&) const = default;
};

/// `add`: a data file that becomes part of the table (path is URI-encoded, often relative).
struct Add {
  std::string path;
  PartitionValues partition_values;
  int64_t size = 0;
  int64_t modification_time = 0;
  bool data_change = false;
  std::optional<std::string> stats;  // raw JSON string, parsed lazily by whoever needs it
  std::optional<StringMap> tags;
  std::optional<DeletionVectorDescriptor> deletion_vector;
  std::optional<int64_t> base_row_id;
  std::optional<int64_t> default_row_commit_version;
  std::optional<std::string> clustering_provider;
  bool operator==(const Add&) const = default;
};

/// `remove`: a logical delete of a file (a tombstone, kept until vacuum's retention passes).
struct Remove {
  std::string path;
  std::optional<int64_t> deletion_timestamp;
  bool data_change = false;
  std::optional<bool> extended_file_metadata;
  std::optional<PartitionValues> partition_values;
  std::optional<int64_t> size;
  std::optional<std::string> stats;
  std::optional<StringMap> tags;
  std::optional<DeletionVectorDescriptor> deletion_vector;
  std::optional<int64_t> base_row_id;
  std::optional<int64_t> default_row_commit_version;
  bool operator==(const Remove&) const = default;
};

/// `cdc`: a change data file written by this commit (read only by change data feed).
struct AddCdcFile {
  std::string path;
  PartitionValues partition_values;
  int64_t size = 0;
  bool data_change = false;
  std::optional<StringMap> tags;
  bool operator==(const AddCdcFile&) const = default;
};

/// `txn`: the latest version an application (appId) committed, for idempotent writes.
struct Txn {
  std::string app_id;
  int64_t version = 0;
  std::optional<int64_t> last_updated;
  bool operator==(const Txn&) const = default;
};

/// `commitInfo`: free-form provenance. The raw (minified) JSON object is kept whole.
struct CommitInfo {
  std::string raw_json;
  std::optional<int64_t> timestamp;
  std::optional<std::string> operation;
  std::optional<int64_t> in_commit_timestamp;
  bool operator==(const CommitInfo&) const = default;
};

/// `domainMetadata`: per-domain configuration string; removed=true deletes the domain.
struct DomainMetadata {
  std::string domain;
  std::string configuration;
  bool removed = false;
  bool operator==(const DomainMetadata&) const = default;
};

/// `checkpointMetadata`: appears once in a V2 checkpoint.
struct CheckpointMetadata {
  int64_t version = 0;
  std::optional<StringMap> tags;
  bool operator==(const CheckpointMetadata&) const = default;
};

/// `sidecar`: a V2 checkpoint's pointer to a file of add/remove actions in _delta_log/_sidecars.
struct Sidecar {
  std::string path;
  int64_t size_in_bytes = 0;
  int64_t modification_time = 0;
  std::optional<StringMap> tags;
  bool operator==(const Sidecar&) const = default;
};

/// One log action. Unknown action kinds never reach this type (parsers drop them).
using Action = std::variant<Protocol, Metadata, Add, Remove, AddCdcFile, Txn, CommitInfo,
                            DomainMetadata, CheckpointMetadata, Sidecar>;

/// The actions of one commit file, in file order.
struct CommitActions {
  int64_t version = 0;
  std::vector<Action> actions;
};

/// Key under which adds and removes reconcile: (path, deletion vector unique id or "").
struct FileKey {
  std::string path;
  std::string dv_id;
  auto operator<=>(const FileKey&) const = default;
};

/// The reconciliation key of an add.
FileKey KeyOf(const Add& add);
/// The reconciliation key of a remove.
FileKey KeyOf(const Remove& remove);

}  // namespace silt::delta
