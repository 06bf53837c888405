// Checkpoint Parquet rows -> Action values (PROTOCOL.md "Checkpoint Schema").
#include <limits>

#include "silt/delta/engine/checkpoint_columns.h"
#include "silt/delta/engine/checkpoint_reader.h"

namespace silt::delta {

namespace {

using checkpoint_internal::BoolColumn;
using checkpoint_internal::ColumnBinder;
using checkpoint_internal::IntColumn;
using checkpoint_internal::ParsedPartitionValuesReader;
using checkpoint_internal::ParsedStatsJsonWriter;
using checkpoint_internal::StringColumn;
using checkpoint_internal::StringListColumn;
using checkpoint_internal::StringMapColumn;

struct DeletionVectorColumns {
  const ArrayData* dv = nullptr;
  StringColumn storage_type, path_or_inline_dv;
  IntColumn offset, size_in_bytes, cardinality;

  Status Bind(ColumnBinder* b, const ArrayData* parent, const std::string& where) {
    const std::string p = where + ".deletionVector";
    SILT_RETURN_NOT_OK(b->BindStruct(parent, "deletionVector", p, &dv));
    SILT_RETURN_NOT_OK(b->BindString(dv, "storageType", p + ".storageType", &storage_type));
    SILT_RETURN_NOT_OK(
        b->BindString(dv, "pathOrInlineDv", p + ".pathOrInlineDv", &path_or_inline_dv));
    SILT_RETURN_NOT_OK(b->BindInt(dv, "offset", p + ".offset", &offset));
    SILT_RETURN_NOT_OK(b->BindInt(dv, "sizeInBytes", p + ".sizeInBytes", &size_in_bytes));
    return b->BindInt(dv, "cardinality", p + ".cardinality", &cardinality);
  }
};

// Decodes one batch. Every column of an action is bound once; rows are then read in place.
class BatchDecoder {
 public:
  explicit BatchDecoder(int64_t first_row) : first_row_(first_row) {}

  Status Bind(const RecordBatch& batch);
  Status Decode(int64_t num_rows, std::vector<Action>* out);

 private:
  Status Missing(std::string_view field, int64_t row) const {
    return Status::Corrupt("checkpoint row " + std::to_string(first_row_ + row) +
                           ": missing required field '" + std::string(field) + "'");
  }
  Result<int32_t> Int32At(const IntColumn& c, std::string_view field, int64_t row) const {
    if (!c.Valid(row)) return Missing(field, row);
    int64_t v = c.Get(row);
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
      return Status::Corrupt("checkpoint row " + std::to_string(first_row_ + row) + ": field '" +
                             std::string(field) + "' does not fit in 32 bits");
    }
    return static_cast<int32_t>(v);
  }
  static std::optional<int64_t> OptInt(const IntColumn& c, int64_t row) {
    return c.Valid(row) ? std::optional<int64_t>(c.Get(row)) : std::nullopt;
  }
  static std::optional<std::string> OptString(const StringColumn& c, int64_t row) {
    return c.Valid(row) ? std::optional<std::string>(c.Get(row)) : std::nullopt;
  }
  static void ReadMap(const StringMapColumn& c, int64_t row, StringMap* out) {
    for (int32_t e = c.Begin(row), end = c.End(row); e < end; ++e) {
      if (!c.keys.Valid(e) || !c.values.Valid(e)) continue;  // as the JSON parser: null drops
      out->emplace(c.keys.Get(e), c.values.Get(e));
    }
  }
  static std::optional<StringMap> OptMap(const StringMapColumn& c, int64_t row) {
    if (!c.Valid(row)) return std::nullopt;
    StringMap m;
    ReadMap(c, row, &m);
    return m;
  }
  static void ReadPartitions(const StringMapColumn& c, int64_t row, PartitionValues* out) {
    for (int32_t e = c.Begin(row), end = c.End(row); e < end; ++e) {
      if (!c.keys.Valid(e)) continue;
      out->emplace(c.keys.Get(e), c.values.Valid(e) ? std::optional<std::string>(c.values.Get(e))
                                                    : std::nullopt);
    }
  }
  static std::optional<std::vector<std::string>> OptList(const StringListColumn& c, int64_t row) {
    if (!c.Valid(row)) return std::nullopt;
    std::vector<std::string> items;
    items.reserve(static_cast<size_t>(c.End(row) - c.Begin(row)));
    for (int32_t e = c.Begin(row), end = c.End(row); e < end; ++e) {
      if (c.items.Valid(e)) items.emplace_back(c.items.Get(e));
    }
    return items;
  }
  Result<std::optional<DeletionVectorDescriptor>> ReadDv(const DeletionVectorColumns& c,
                                                         std::string_view where,
                                                         int64_t row) const;

  Status DecodeAdd(int64_t row, std::vector<Action>* out);
  Status DecodeRemove(int64_t row, std::vector<Action>* out);
  Status DecodeMetadata(int64_t row, std::vector<Action>* out);
  Status DecodeProtocol(int64_t row, std::vector<Action>* out);
  Status DecodeTxn(int64_t row, std::vector<Action>* out);
  Status DecodeDomain(int64_t row, std::vector<Action>* out);
  Status DecodeCheckpointMetadata(int64_t row, std::vector<Action>* out);
  Status DecodeSidecar(int64_t row, std::vector<Action>* out);

  int64_t first_row_;
  ColumnBinder binder_;

  struct {
    const ArrayData* s = nullptr;
    StringColumn path, stats;
    StringMapColumn partition_values, tags;
    IntColumn size, modification_time, base_row_id, default_row_commit_version;
    BoolColumn data_change;
    StringColumn clustering_provider;
    DeletionVectorColumns dv;
    const ArrayData* stats_parsed = nullptr;
    const ArrayData* partition_values_parsed = nullptr;
    ParsedStatsJsonWriter stats_writer;
    ParsedPartitionValuesReader partitions_reader;
  } add_;
  struct {
    const ArrayData* s = nullptr;
    StringColumn path, stats;
    IntColumn deletion_timestamp, size, base_row_id, default_row_commit_version;
    BoolColumn data_change, extended_file_metadata;
    StringMapColumn partition_values, tags;
    DeletionVectorColumns dv;
  } remove_;
  struct {
    const ArrayData* s = nullptr;
    const ArrayData* format = nullptr;
    StringColumn id, name, description, provider, schema_string;
    StringMapColumn options, configuration;
    StringListColumn partition_columns;
    IntColumn created_time;
  } metadata_;
  struct {
    const ArrayData* s = nullptr;
    IntColumn min_reader, min_writer;
    StringListColumn reader_features, writer_features;
  } protocol_;
  struct {
    const ArrayData* s = nullptr;
    StringColumn app_id;
    IntColumn version, last_updated;
  } txn_;
  struct {
    const ArrayData* s = nullptr;
    StringColumn domain, configuration;
    BoolColumn removed;
  } domain_;
  struct {
    const ArrayData* s = nullptr;
    IntColumn version;
    StringMapColumn tags;
  } checkpoint_metadata_;
  struct {
    const ArrayData* s = nullptr;
    StringColumn path;
    IntColumn size_in_bytes, modification_time;
    StringMapColumn tags;
  } sidecar_;
};

// Top-level columns are matched by exact name: the protocol spells them one way.
const ArrayData* TopLevel(const RecordBatch& batch, std::string_view name) {
  const Schema& schema = *batch.schema();
  for (int i = 0; i < schema.num_fields(); ++i) {
    if (schema.field(i)->name == name) return batch.column(i).get();
  }
  return nullptr;
}

Status BatchDecoder::Bind(const RecordBatch& batch) {
  ColumnBinder& b = binder_;
  for (const auto& column : batch.columns()) {
    if (!column || column->length < batch.num_rows()) {
      return Status::Corrupt("checkpoint batch column shorter than the batch");
    }
  }
  auto top = [&](std::string_view name, const ArrayData** out) -> Status {
    *out = TopLevel(batch, name);
    if (*out != nullptr && (*out)->type->id() != TypeId::kStruct) {
      return Status::Corrupt("checkpoint column '" + std::string(name) + "' has type " +
                             (*out)->type->ToString() + ", expected a struct");
    }
    return Status::OK();
  };

  auto& a = add_;
  SILT_RETURN_NOT_OK(top("add", &a.s));
  SILT_RETURN_NOT_OK(b.BindString(a.s, "path", "add.path", &a.path));
  SILT_RETURN_NOT_OK(
      b.BindStringMap(a.s, "partitionValues", "add.partitionValues", &a.partition_values));
  SILT_RETURN_NOT_OK(b.BindInt(a.s, "size", "add.size", &a.size));
  SILT_RETURN_NOT_OK(
      b.BindInt(a.s, "modificationTime", "add.modificationTime", &a.modification_time));
  SILT_RETURN_NOT_OK(b.BindBool(a.s, "dataChange", "add.dataChange", &a.data_change));
  SILT_RETURN_NOT_OK(b.BindString(a.s, "stats", "add.stats", &a.stats));
  SILT_RETURN_NOT_OK(b.BindStringMap(a.s, "tags", "add.tags", &a.tags));
  SILT_RETURN_NOT_OK(a.dv.Bind(&b, a.s, "add"));
  SILT_RETURN_NOT_OK(b.BindInt(a.s, "baseRowId", "add.baseRowId", &a.base_row_id));
  SILT_RETURN_NOT_OK(b.BindInt(a.s, "defaultRowCommitVersion", "add.defaultRowCommitVersion",
                               &a.default_row_commit_version));
  SILT_RETURN_NOT_OK(b.BindString(a.s, "clusteringProvider", "add.clusteringProvider",
                                  &a.clustering_provider));
  SILT_RETURN_NOT_OK(b.BindStruct(a.s, "stats_parsed", "add.stats_parsed", &a.stats_parsed));
  SILT_RETURN_NOT_OK(b.BindStruct(a.s, "partitionValues_parsed", "add.partitionValues_parsed",
                                  &a.partition_values_parsed));
  if (a.stats_parsed != nullptr) SILT_RETURN_NOT_OK(a.stats_writer.Bind(*a.stats_parsed, &b));
  if (a.partition_values_parsed != nullptr) {
    SILT_RETURN_NOT_OK(a.partitions_reader.Bind(*a.partition_values_parsed, &b));
  }

  auto& r = remove_;
  SILT_RETURN_NOT_OK(top("remove", &r.s));
  SILT_RETURN_NOT_OK(b.BindString(r.s, "path", "remove.path", &r.path));
  SILT_RETURN_NOT_OK(b.BindInt(r.s, "deletionTimestamp", "remove.deletionTimestamp",
                               &r.deletion_timestamp));
  SILT_RETURN_NOT_OK(b.BindBool(r.s, "dataChange", "remove.dataChange", &r.data_change));
  SILT_RETURN_NOT_OK(b.BindBool(r.s, "extendedFileMetadata", "remove.extendedFileMetadata",
                                &r.extended_file_metadata));
  SILT_RETURN_NOT_OK(
      b.BindStringMap(r.s, "partitionValues", "remove.partitionValues", &r.partition_values));
  SILT_RETURN_NOT_OK(b.BindInt(r.s, "size", "remove.size", &r.size));
  SILT_RETURN_NOT_OK(b.BindString(r.s, "stats", "remove.stats", &r.stats));
  SILT_RETURN_NOT_OK(b.BindStringMap(r.s, "tags", "remove.tags", &r.tags));
  SILT_RETURN_NOT_OK(r.dv.Bind(&b, r.s, "remove"));
  SILT_RETURN_NOT_OK(b.BindInt(r.s, "baseRowId", "remove.baseRowId", &r.base_row_id));
  SILT_RETURN_NOT_OK(b.BindInt(r.s, "defaultRowCommitVersion",
                               "remove.defaultRowCommitVersion", &r.default_row_commit_version));

  auto& m = metadata_;
  SILT_RETURN_NOT_OK(top("metaData", &m.s));
  SILT_RETURN_NOT_OK(b.BindString(m.s, "id", "metaData.id", &m.id));
  SILT_RETURN_NOT_OK(b.BindString(m.s, "name", "metaData.name", &m.name));
  SILT_RETURN_NOT_OK(b.BindString(m.s, "description", "metaData.description", &m.description));
  SILT_RETURN_NOT_OK(b.BindStruct(m.s, "format", "metaData.format", &m.format));
  SILT_RETURN_NOT_OK(
      b.BindString(m.format, "provider", "metaData.format.provider", &m.provider));
  SILT_RETURN_NOT_OK(
      b.BindStringMap(m.format, "options", "metaData.format.options", &m.options));
  SILT_RETURN_NOT_OK(
      b.BindString(m.s, "schemaString", "metaData.schemaString", &m.schema_string));
  SILT_RETURN_NOT_OK(b.BindStringList(m.s, "partitionColumns", "metaData.partitionColumns",
                                      &m.partition_columns));
  SILT_RETURN_NOT_OK(
      b.BindStringMap(m.s, "configuration", "metaData.configuration", &m.configuration));
  SILT_RETURN_NOT_OK(b.BindInt(m.s, "createdTime", "metaData.createdTime", &m.created_time));

  auto& p = protocol_;
  SILT_RETURN_NOT_OK(top("protocol", &p.s));
  SILT_RETURN_NOT_OK(
      b.BindInt(p.s, "minReaderVersion", "protocol.minReaderVersion", &p.min_reader));
  SILT_RETURN_NOT_OK(
      b.BindInt(p.s, "minWriterVersion", "protocol.minWriterVersion", &p.min_writer));
  SILT_RETURN_NOT_OK(b.BindStringList(p.s, "readerFeatures", "protocol.readerFeatures",
                                      &p.reader_features));
  SILT_RETURN_NOT_OK(b.BindStringList(p.s, "writerFeatures", "protocol.writerFeatures",
                                      &p.writer_features));

  SILT_RETURN_NOT_OK(top("txn", &txn_.s));
  SILT_RETURN_NOT_OK(b.BindString(txn_.s, "appId", "txn.appId", &txn_.app_id));
  SILT_RETURN_NOT_OK(b.BindInt(txn_.s, "version", "txn.version", &txn_.version));
  SILT_RETURN_NOT_OK(b.BindInt(txn_.s, "lastUpdated", "txn.lastUpdated", &txn_.last_updated));

  SILT_RETURN_NOT_OK(top("domainMetadata", &domain_.s));
  SILT_RETURN_NOT_OK(b.BindString(domain_.s, "domain", "domainMetadata.domain", &domain_.domain));
  SILT_RETURN_NOT_OK(b.BindString(domain_.s, "configuration", "domainMetadata.configuration",
                                  &domain_.configuration));
  SILT_RETURN_NOT_OK(
      b.BindBool(domain_.s, "removed", "domainMetadata.removed", &domain_.removed));

  auto& c = checkpoint_metadata_;
  SILT_RETURN_NOT_OK(top("checkpointMetadata", &c.s));
  SILT_RETURN_NOT_OK(b.BindInt(c.s, "version", "checkpointMetadata.version", &c.version));
  SILT_RETURN_NOT_OK(b.BindStringMap(c.s, "tags", "checkpointMetadata.tags", &c.tags));

  auto& s = sidecar_;
  SILT_RETURN_NOT_OK(top("sidecar", &s.s));
  SILT_RETURN_NOT_OK(b.BindString(s.s, "path", "sidecar.path", &s.path));
  SILT_RETURN_NOT_OK(b.BindInt(s.s, "sizeInBytes", "sidecar.sizeInBytes", &s.size_in_bytes));
  SILT_RETURN_NOT_OK(
      b.BindInt(s.s, "modificationTime", "sidecar.modificationTime", &s.modification_time));
  return b.BindStringMap(s.s, "tags", "sidecar.tags", &s.tags);
}

Result<std::optional<DeletionVectorDescriptor>> BatchDecoder::ReadDv(
    const DeletionVectorColumns& c, std::string_view where, int64_t row) const {
  if (c.dv == nullptr || !c.dv->IsValid(row)) return std::optional<DeletionVectorDescriptor>();
  const std::string p = std::string(where) + ".deletionVector.";
  DeletionVectorDescriptor d;
  if (!c.storage_type.Valid(row)) return Missing(p + "storageType", row);
  if (!c.path_or_inline_dv.Valid(row)) return Missing(p + "pathOrInlineDv", row);
  d.storage_type.assign(c.storage_type.Get(row));
  d.path_or_inline_dv.assign(c.path_or_inline_dv.Get(row));
  if (c.offset.Valid(row)) {
    SILT_ASSIGN_OR_RETURN(d.offset, Int32At(c.offset, p + "offset", row));
  }
  SILT_ASSIGN_OR_RETURN(d.size_in_bytes, Int32At(c.size_in_bytes, p + "sizeInBytes", row));
  if (!c.cardinality.Valid(row)) return Missing(p + "cardinality", row);
  d.cardinality = c.cardinality.Get(row);
  return std::optional<DeletionVectorDescriptor>(std::move(d));
}

Status BatchDecoder::DecodeAdd(int64_t row, std::vector<Action>* out) {
  auto& c = add_;
  if (!c.path.Valid(row)) return Missing("add.path", row);
  if (!c.size.Valid(row)) return Missing("add.size", row);
  Add& a = std::get<Add>(out->emplace_back(std::in_place_type<Add>));
  a.path.assign(c.path.Get(row));
  if (c.partition_values.Valid(row)) ReadPartitions(c.partition_values, row, &a.partition_values);
  // Writers with writeStatsAsStruct may leave the string map empty and fill only the typed
  // struct; the struct's field names are the physical partition column names, as are the keys.
  if (a.partition_values.empty() && c.partition_values_parsed != nullptr &&
      c.partition_values_parsed->IsValid(row)) {
    c.partitions_reader.Read(row, &a.partition_values);
  }
  a.size = c.size.Get(row);
  // Optional in practice: checkpoints written by some engines leave these null.
  a.modification_time = c.modification_time.Valid(row) ? c.modification_time.Get(row) : 0;
  a.data_change = c.data_change.Valid(row) && c.data_change.Get(row);
  if (c.stats.Valid(row)) {
    a.stats.emplace(c.stats.Get(row));
  } else if (c.stats_parsed != nullptr && c.stats_parsed->IsValid(row)) {
    a.stats.emplace(c.stats_writer.Render(row));
  }
  a.tags = OptMap(c.tags, row);
  SILT_ASSIGN_OR_RETURN(a.deletion_vector, ReadDv(c.dv, "add", row));
  a.base_row_id = OptInt(c.base_row_id, row);
  a.default_row_commit_version = OptInt(c.default_row_commit_version, row);
  a.clustering_provider = OptString(c.clustering_provider, row);
  return Status::OK();
}

Status BatchDecoder::DecodeRemove(int64_t row, std::vector<Action>* out) {
  auto& c = remove_;
  if (!c.path.Valid(row)) return Missing("remove.path", row);
  Remove& r = std::get<Remove>(out->emplace_back(std::in_place_type<Remove>));
  r.path.assign(c.path.Get(row));
  r.deletion_timestamp = OptInt(c.deletion_timestamp, row);
  r.data_change = c.data_change.Valid(row) && c.data_change.Get(row);
  if (c.extended_file_metadata.Valid(row)) {
    r.extended_file_metadata = c.extended_file_metadata.Get(row);
  }
  if (c.partition_values.Valid(row)) {
    r.partition_values.emplace();
    ReadPartitions(c.partition_values, row, &*r.partition_values);
  }
  r.size = OptInt(c.size, row);
  r.stats = OptString(c.stats, row);
  r.tags = OptMap(c.tags, row);
  SILT_ASSIGN_OR_RETURN(r.deletion_vector, ReadDv(c.dv, "remove", row));
  r.base_row_id = OptInt(c.base_row_id, row);
  r.default_row_commit_version = OptInt(c.default_row_commit_version, row);
  return Status::OK();
}

Status BatchDecoder::DecodeMetadata(int64_t row, std::vector<Action>* out) {
  auto& c = metadata_;
  if (!c.id.Valid(row)) return Missing("metaData.id", row);
  if (!c.schema_string.Valid(row)) return Missing("metaData.schemaString", row);
  Metadata& m = std::get<Metadata>(out->emplace_back(std::in_place_type<Metadata>));
  m.id.assign(c.id.Get(row));
  m.name = OptString(c.name, row);
  m.description = OptString(c.description, row);
  // Every Delta table's format is Parquet; a missing provider is read as that.
  m.format.provider = c.provider.Valid(row) ? std::string(c.provider.Get(row)) : "parquet";
  if (c.options.Valid(row)) ReadMap(c.options, row, &m.format.options);
  m.schema_string.assign(c.schema_string.Get(row));
  if (auto columns = OptList(c.partition_columns, row)) m.partition_columns = std::move(*columns);
  if (c.configuration.Valid(row)) ReadMap(c.configuration, row, &m.configuration);
  m.created_time = OptInt(c.created_time, row);
  return Status::OK();
}

Status BatchDecoder::DecodeProtocol(int64_t row, std::vector<Action>* out) {
  auto& c = protocol_;
  Protocol p;
  SILT_ASSIGN_OR_RETURN(p.min_reader_version,
                        Int32At(c.min_reader, "protocol.minReaderVersion", row));
  SILT_ASSIGN_OR_RETURN(p.min_writer_version,
                        Int32At(c.min_writer, "protocol.minWriterVersion", row));
  p.reader_features = OptList(c.reader_features, row);
  p.writer_features = OptList(c.writer_features, row);
  out->emplace_back(std::move(p));
  return Status::OK();
}

Status BatchDecoder::DecodeTxn(int64_t row, std::vector<Action>* out) {
  if (!txn_.app_id.Valid(row)) return Missing("txn.appId", row);
  if (!txn_.version.Valid(row)) return Missing("txn.version", row);
  Txn t;
  t.app_id.assign(txn_.app_id.Get(row));
  t.version = txn_.version.Get(row);
  t.last_updated = OptInt(txn_.last_updated, row);
  out->emplace_back(std::move(t));
  return Status::OK();
}

Status BatchDecoder::DecodeDomain(int64_t row, std::vector<Action>* out) {
  if (!domain_.domain.Valid(row)) return Missing("domainMetadata.domain", row);
  if (!domain_.configuration.Valid(row)) return Missing("domainMetadata.configuration", row);
  DomainMetadata d;
  d.domain.assign(domain_.domain.Get(row));
  d.configuration.assign(domain_.configuration.Get(row));
  d.removed = domain_.removed.Valid(row) && domain_.removed.Get(row);
  out->emplace_back(std::move(d));
  return Status::OK();
}

Status BatchDecoder::DecodeCheckpointMetadata(int64_t row, std::vector<Action>* out) {
  auto& c = checkpoint_metadata_;
  if (!c.version.Valid(row)) return Missing("checkpointMetadata.version", row);
  CheckpointMetadata m;
  m.version = c.version.Get(row);
  m.tags = OptMap(c.tags, row);
  out->emplace_back(std::move(m));
  return Status::OK();
}

Status BatchDecoder::DecodeSidecar(int64_t row, std::vector<Action>* out) {
  auto& c = sidecar_;
  if (!c.path.Valid(row)) return Missing("sidecar.path", row);
  Sidecar s;
  s.path.assign(c.path.Get(row));
  s.size_in_bytes = c.size_in_bytes.Valid(row) ? c.size_in_bytes.Get(row) : 0;
  s.modification_time = c.modification_time.Valid(row) ? c.modification_time.Get(row) : 0;
  s.tags = OptMap(c.tags, row);
  out->emplace_back(std::move(s));
  return Status::OK();
}

Status BatchDecoder::Decode(int64_t num_rows, std::vector<Action>* out) {
  auto present = [](const ArrayData* s, int64_t row) { return s != nullptr && s->IsValid(row); };
  // Adds dominate checkpoints; the other kinds are tested only when a row is not an add.
  for (int64_t row = 0; row < num_rows; ++row) {
    if (present(add_.s, row)) {
      SILT_RETURN_NOT_OK(DecodeAdd(row, out));
      continue;
    }
    if (present(remove_.s, row)) SILT_RETURN_NOT_OK(DecodeRemove(row, out));
    if (present(metadata_.s, row)) SILT_RETURN_NOT_OK(DecodeMetadata(row, out));
    if (present(protocol_.s, row)) SILT_RETURN_NOT_OK(DecodeProtocol(row, out));
    if (present(txn_.s, row)) SILT_RETURN_NOT_OK(DecodeTxn(row, out));
    if (present(domain_.s, row)) SILT_RETURN_NOT_OK(DecodeDomain(row, out));
    if (present(checkpoint_metadata_.s, row)) {
      SILT_RETURN_NOT_OK(DecodeCheckpointMetadata(row, out));
    }
    if (present(sidecar_.s, row)) SILT_RETURN_NOT_OK(DecodeSidecar(row, out));
  }
  return Status::OK();
}

}  // namespace

Status AppendCheckpointActions(const RecordBatch& batch, std::vector<Action>* out,
                               int64_t first_row) {
  BatchDecoder decoder(first_row);
  SILT_RETURN_NOT_OK(decoder.Bind(batch));
  return decoder.Decode(batch.num_rows(), out);
}

Status AppendParsedStatsJson(const ArrayData& stats_parsed, int64_t row, std::string* out) {
  if (row < 0 || row >= stats_parsed.length) {
    return Status::InvalidArgument("row " + std::to_string(row) + " is out of range");
  }
  ColumnBinder binder;
  ParsedStatsJsonWriter writer;
  SILT_RETURN_NOT_OK(writer.Bind(stats_parsed, &binder));
  out->append(writer.Render(row));
  return Status::OK();
}

Result<PartitionValues> RenderParsedPartitionValues(const ArrayData& partition_values_parsed,
                                                    int64_t row) {
  if (row < 0 || row >= partition_values_parsed.length) {
    return Status::InvalidArgument("row " + std::to_string(row) + " is out of range");
  }
  ColumnBinder binder;
  ParsedPartitionValuesReader reader;
  SILT_RETURN_NOT_OK(reader.Bind(partition_values_parsed, &binder));
  PartitionValues out;
  reader.Read(row, &out);
  return out;
}

}  // namespace silt::delta
