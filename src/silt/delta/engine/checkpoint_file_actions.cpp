// Checkpoint `add` / `remove` rows -> Add / Remove actions.
#include "silt/delta/engine/checkpoint_file_actions.h"

namespace silt::delta::checkpoint_internal {

Status DeletionVectorColumns::Bind(ColumnBinder* b, const ArrayData* parent,
                                   const std::string& where) {
  const std::string p = where + ".deletionVector";
  SILT_RETURN_NOT_OK(b->BindStruct(parent, "deletionVector", p, &dv));
  SILT_RETURN_NOT_OK(b->BindString(dv, "storageType", p + ".storageType", &storage_type));
  SILT_RETURN_NOT_OK(
      b->BindString(dv, "pathOrInlineDv", p + ".pathOrInlineDv", &path_or_inline_dv));
  SILT_RETURN_NOT_OK(b->BindInt(dv, "offset", p + ".offset", &offset));
  SILT_RETURN_NOT_OK(b->BindInt(dv, "sizeInBytes", p + ".sizeInBytes", &size_in_bytes));
  return b->BindInt(dv, "cardinality", p + ".cardinality", &cardinality);
}

Result<std::optional<DeletionVectorDescriptor>> DeletionVectorColumns::Read(
    std::string_view where, int64_t row, int64_t row_number) const {
  if (dv == nullptr || !dv->IsValid(row)) return std::optional<DeletionVectorDescriptor>();
  const std::string p = std::string(where) + ".deletionVector.";
  if (!storage_type.Valid(row)) return MissingField(p + "storageType", row_number);
  if (!path_or_inline_dv.Valid(row)) return MissingField(p + "pathOrInlineDv", row_number);
  if (!cardinality.Valid(row)) return MissingField(p + "cardinality", row_number);
  DeletionVectorDescriptor d;
  d.storage_type.assign(storage_type.Get(row));
  d.path_or_inline_dv.assign(path_or_inline_dv.Get(row));
  if (offset.Valid(row)) {
    SILT_ASSIGN_OR_RETURN(d.offset, RequiredInt32(offset, p + "offset", row, row_number));
  }
  SILT_ASSIGN_OR_RETURN(d.size_in_bytes,
                        RequiredInt32(size_in_bytes, p + "sizeInBytes", row, row_number));
  d.cardinality = cardinality.Get(row);
  return std::optional<DeletionVectorDescriptor>(std::move(d));
}

Status AddColumns::Bind(ColumnBinder* b, const ArrayData* add) {
  add_ = add;
  const ArrayData* a = add;
  SILT_RETURN_NOT_OK(b->BindString(a, "path", "add.path", &path_));
  SILT_RETURN_NOT_OK(
      b->BindStringMap(a, "partitionValues", "add.partitionValues", &partition_values_));
  SILT_RETURN_NOT_OK(b->BindInt(a, "size", "add.size", &size_));
  SILT_RETURN_NOT_OK(
      b->BindInt(a, "modificationTime", "add.modificationTime", &modification_time_));
  SILT_RETURN_NOT_OK(b->BindBool(a, "dataChange", "add.dataChange", &data_change_));
  SILT_RETURN_NOT_OK(b->BindString(a, "stats", "add.stats", &stats_));
  SILT_RETURN_NOT_OK(b->BindStringMap(a, "tags", "add.tags", &tags_));
  SILT_RETURN_NOT_OK(dv_.Bind(b, a, "add"));
  SILT_RETURN_NOT_OK(b->BindInt(a, "baseRowId", "add.baseRowId", &base_row_id_));
  SILT_RETURN_NOT_OK(b->BindInt(a, "defaultRowCommitVersion", "add.defaultRowCommitVersion",
                                &default_row_commit_version_));
  SILT_RETURN_NOT_OK(
      b->BindString(a, "clusteringProvider", "add.clusteringProvider", &clustering_provider_));
  SILT_RETURN_NOT_OK(b->BindStruct(a, "stats_parsed", "add.stats_parsed", &stats_parsed_));
  SILT_RETURN_NOT_OK(b->BindStruct(a, "partitionValues_parsed", "add.partitionValues_parsed",
                                   &partition_values_parsed_));
  if (stats_parsed_ != nullptr) SILT_RETURN_NOT_OK(stats_writer_.Bind(*stats_parsed_, b));
  if (partition_values_parsed_ != nullptr) {
    SILT_RETURN_NOT_OK(partitions_reader_.Bind(*partition_values_parsed_, b));
  }
  return Status::OK();
}

Status AddColumns::Decode(int64_t row, int64_t row_number, std::vector<Action>* out) {
  if (!path_.Valid(row)) return MissingField("add.path", row_number);
  if (!size_.Valid(row)) return MissingField("add.size", row_number);
  Add& a = std::get<Add>(out->emplace_back(std::in_place_type<Add>));
  a.path.assign(path_.Get(row));
  if (partition_values_.Valid(row))
    ReadPartitionValues(partition_values_, row, &a.partition_values);
  // Writers with writeStatsAsStruct may leave the string map empty and fill only the typed
  // struct; the struct's field names are the physical partition column names, as are the keys.
  if (a.partition_values.empty() && partition_values_parsed_ != nullptr &&
      partition_values_parsed_->IsValid(row)) {
    partitions_reader_.Read(row, &a.partition_values);
  }
  a.size = size_.Get(row);
  // Optional in practice: checkpoints written by some engines leave these null.
  a.modification_time = modification_time_.Valid(row) ? modification_time_.Get(row) : 0;
  a.data_change = data_change_.Valid(row) && data_change_.Get(row);
  if (stats_.Valid(row)) {
    a.stats.emplace(stats_.Get(row));
  } else if (stats_parsed_ != nullptr && stats_parsed_->IsValid(row)) {
    a.stats.emplace(stats_writer_.Render(row));
  }
  a.tags = OptionalStringMap(tags_, row);
  SILT_ASSIGN_OR_RETURN(a.deletion_vector, dv_.Read("add", row, row_number));
  a.base_row_id = OptionalInt(base_row_id_, row);
  a.default_row_commit_version = OptionalInt(default_row_commit_version_, row);
  a.clustering_provider = OptionalString(clustering_provider_, row);
  return Status::OK();
}

Status RemoveColumns::Bind(ColumnBinder* b, const ArrayData* remove) {
  remove_ = remove;
  const ArrayData* r = remove;
  SILT_RETURN_NOT_OK(b->BindString(r, "path", "remove.path", &path_));
  SILT_RETURN_NOT_OK(
      b->BindInt(r, "deletionTimestamp", "remove.deletionTimestamp", &deletion_timestamp_));
  SILT_RETURN_NOT_OK(b->BindBool(r, "dataChange", "remove.dataChange", &data_change_));
  SILT_RETURN_NOT_OK(b->BindBool(r, "extendedFileMetadata", "remove.extendedFileMetadata",
                                 &extended_file_metadata_));
  SILT_RETURN_NOT_OK(
      b->BindStringMap(r, "partitionValues", "remove.partitionValues", &partition_values_));
  SILT_RETURN_NOT_OK(b->BindInt(r, "size", "remove.size", &size_));
  SILT_RETURN_NOT_OK(b->BindString(r, "stats", "remove.stats", &stats_));
  SILT_RETURN_NOT_OK(b->BindStringMap(r, "tags", "remove.tags", &tags_));
  SILT_RETURN_NOT_OK(dv_.Bind(b, r, "remove"));
  SILT_RETURN_NOT_OK(b->BindInt(r, "baseRowId", "remove.baseRowId", &base_row_id_));
  return b->BindInt(r, "defaultRowCommitVersion", "remove.defaultRowCommitVersion",
                    &default_row_commit_version_);
}

Status RemoveColumns::Decode(int64_t row, int64_t row_number, std::vector<Action>* out) {
  if (!path_.Valid(row)) return MissingField("remove.path", row_number);
  Remove& r = std::get<Remove>(out->emplace_back(std::in_place_type<Remove>));
  r.path.assign(path_.Get(row));
  r.deletion_timestamp = OptionalInt(deletion_timestamp_, row);
  r.data_change = data_change_.Valid(row) && data_change_.Get(row);
  if (extended_file_metadata_.Valid(row)) {
    r.extended_file_metadata = extended_file_metadata_.Get(row);
  }
  if (partition_values_.Valid(row)) {
    r.partition_values.emplace();
    ReadPartitionValues(partition_values_, row, &*r.partition_values);
  }
  r.size = OptionalInt(size_, row);
  r.stats = OptionalString(stats_, row);
  r.tags = OptionalStringMap(tags_, row);
  SILT_ASSIGN_OR_RETURN(r.deletion_vector, dv_.Read("remove", row, row_number));
  r.base_row_id = OptionalInt(base_row_id_, row);
  r.default_row_commit_version = OptionalInt(default_row_commit_version_, row);
  return Status::OK();
}

}  // namespace silt::delta::checkpoint_internal
