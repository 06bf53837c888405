// Checkpoint Parquet rows -> Action values (PROTOCOL.md "Checkpoint Schema"). The file
// actions are decoded by checkpoint_file_actions.cpp; the rare kinds are here.
#include "silt/delta/engine/checkpoint_file_actions.h"
#include "silt/delta/engine/checkpoint_reader.h"

namespace silt::delta {

namespace {

using checkpoint_internal::AddColumns;
using checkpoint_internal::BoolColumn;
using checkpoint_internal::ColumnBinder;
using checkpoint_internal::IntColumn;
using checkpoint_internal::MissingField;
using checkpoint_internal::OptionalInt;
using checkpoint_internal::OptionalString;
using checkpoint_internal::OptionalStringList;
using checkpoint_internal::OptionalStringMap;
using checkpoint_internal::ReadStringMap;
using checkpoint_internal::RemoveColumns;
using checkpoint_internal::RequiredInt32;
using checkpoint_internal::StringColumn;
using checkpoint_internal::StringListColumn;
using checkpoint_internal::StringMapColumn;

// Top-level columns are matched by exact name: the protocol spells them one way.
const ArrayData* TopLevel(const RecordBatch& batch, std::string_view name) {
  const Schema& schema = *batch.schema();
  for (int i = 0; i < schema.num_fields(); ++i) {
    if (schema.field(i)->name == name) return batch.column(i).get();
  }
  return nullptr;
}

// The reader projects `add.path`, `add.size`, ... as separate columns when the checkpoint
// reader skips `add.stats_parsed` (see ReadCheckpoint). They are regrouped into one `add`
// struct whose validity is that of `add.path` (required: null exactly where add is null).
Result<ArrayDataPtr> RegroupDottedStruct(const RecordBatch& batch, std::string_view name) {
  const std::string prefix = std::string(name) + ".";
  std::vector<FieldPtr> fields;
  std::vector<ArrayDataPtr> children;
  const ArrayData* path = nullptr;
  const Schema& schema = *batch.schema();
  for (int i = 0; i < schema.num_fields(); ++i) {
    const std::string& column = schema.field(i)->name;
    if (column.rfind(prefix, 0) != 0) continue;
    std::string child = column.substr(prefix.size());
    if (child == "path") path = batch.column(i).get();
    fields.push_back(field(child, schema.field(i)->type));
    children.push_back(batch.column(i));
  }
  if (fields.empty()) return ArrayDataPtr();
  if (path == nullptr) {
    return Status::Corrupt("checkpoint column '" + std::string(name) + "' has no path field");
  }
  auto out = std::make_shared<ArrayData>();
  out->type = struct_(std::move(fields));
  out->length = batch.num_rows();
  if (path->encoding == Encoding::kConstant) {
    // One value for every row: all adds, or (a null path) no add at all.
    if (!path->dictionary->IsValid(0)) return ArrayDataPtr();
    out->buffers.push_back(nullptr);
  } else {
    out->null_count = path->null_count;
    out->offset = path->offset;
    out->buffers.push_back(path->buffers.empty() ? nullptr : path->buffers[0]);
  }
  out->children = std::move(children);
  return out;
}

// Decodes one batch. Every column of an action is bound once; rows are then read in place.
class BatchDecoder {
 public:
  explicit BatchDecoder(int64_t first_row) : first_row_(first_row) {}

  Status Bind(const RecordBatch& batch);
  Status Decode(int64_t num_rows, std::vector<Action>* out);

 private:
  Status DecodeMetadata(int64_t row, std::vector<Action>* out) const;
  Status DecodeProtocol(int64_t row, std::vector<Action>* out) const;
  Status DecodeTxn(int64_t row, std::vector<Action>* out) const;
  Status DecodeDomain(int64_t row, std::vector<Action>* out) const;
  Status DecodeCheckpointMetadata(int64_t row, std::vector<Action>* out) const;
  Status DecodeSidecar(int64_t row, std::vector<Action>* out) const;
  Status Missing(std::string_view field, int64_t row) const {
    return MissingField(field, first_row_ + row);
  }

  int64_t first_row_;
  ColumnBinder binder_;
  ArrayDataPtr regrouped_add_;
  AddColumns add_;
  RemoveColumns remove_;
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

Status BatchDecoder::Bind(const RecordBatch& batch) {
  ColumnBinder& b = binder_;
  for (const auto& column : batch.columns()) {
    if (!column || column->length < batch.num_rows()) {
      return Status::Corrupt("checkpoint batch column shorter than the batch");
    }
    // Buffer sizes, offsets and dictionary indices, in one linear pass per batch, so that
    // the per-row reads below stay inside the buffers whatever the file held.
    SILT_RETURN_NOT_OK(ValidateArray(*column));
  }
  auto top = [&](std::string_view name, const ArrayData** out) -> Status {
    *out = TopLevel(batch, name);
    if (*out != nullptr && (*out)->type->id() != TypeId::kStruct) {
      return Status::Corrupt("checkpoint column '" + std::string(name) + "' has type " +
                             (*out)->type->ToString() + ", expected a struct");
    }
    return Status::OK();
  };

  const ArrayData* add = nullptr;
  SILT_RETURN_NOT_OK(top("add", &add));
  if (add == nullptr) {
    SILT_ASSIGN_OR_RETURN(regrouped_add_, RegroupDottedStruct(batch, "add"));
    add = regrouped_add_.get();
  }
  SILT_RETURN_NOT_OK(add_.Bind(&b, add));
  const ArrayData* remove = nullptr;
  SILT_RETURN_NOT_OK(top("remove", &remove));
  SILT_RETURN_NOT_OK(remove_.Bind(&b, remove));

  auto& m = metadata_;
  SILT_RETURN_NOT_OK(top("metaData", &m.s));
  SILT_RETURN_NOT_OK(b.BindString(m.s, "id", "metaData.id", &m.id));
  SILT_RETURN_NOT_OK(b.BindString(m.s, "name", "metaData.name", &m.name));
  SILT_RETURN_NOT_OK(b.BindString(m.s, "description", "metaData.description", &m.description));
  SILT_RETURN_NOT_OK(b.BindStruct(m.s, "format", "metaData.format", &m.format));
  SILT_RETURN_NOT_OK(b.BindString(m.format, "provider", "metaData.format.provider", &m.provider));
  SILT_RETURN_NOT_OK(b.BindStringMap(m.format, "options", "metaData.format.options", &m.options));
  SILT_RETURN_NOT_OK(b.BindString(m.s, "schemaString", "metaData.schemaString", &m.schema_string));
  SILT_RETURN_NOT_OK(
      b.BindStringList(m.s, "partitionColumns", "metaData.partitionColumns", &m.partition_columns));
  SILT_RETURN_NOT_OK(
      b.BindStringMap(m.s, "configuration", "metaData.configuration", &m.configuration));
  SILT_RETURN_NOT_OK(b.BindInt(m.s, "createdTime", "metaData.createdTime", &m.created_time));

  auto& p = protocol_;
  SILT_RETURN_NOT_OK(top("protocol", &p.s));
  SILT_RETURN_NOT_OK(
      b.BindInt(p.s, "minReaderVersion", "protocol.minReaderVersion", &p.min_reader));
  SILT_RETURN_NOT_OK(
      b.BindInt(p.s, "minWriterVersion", "protocol.minWriterVersion", &p.min_writer));
  SILT_RETURN_NOT_OK(
      b.BindStringList(p.s, "readerFeatures", "protocol.readerFeatures", &p.reader_features));
  SILT_RETURN_NOT_OK(
      b.BindStringList(p.s, "writerFeatures", "protocol.writerFeatures", &p.writer_features));

  SILT_RETURN_NOT_OK(top("txn", &txn_.s));
  SILT_RETURN_NOT_OK(b.BindString(txn_.s, "appId", "txn.appId", &txn_.app_id));
  SILT_RETURN_NOT_OK(b.BindInt(txn_.s, "version", "txn.version", &txn_.version));
  SILT_RETURN_NOT_OK(b.BindInt(txn_.s, "lastUpdated", "txn.lastUpdated", &txn_.last_updated));

  SILT_RETURN_NOT_OK(top("domainMetadata", &domain_.s));
  SILT_RETURN_NOT_OK(b.BindString(domain_.s, "domain", "domainMetadata.domain", &domain_.domain));
  SILT_RETURN_NOT_OK(b.BindString(domain_.s, "configuration", "domainMetadata.configuration",
                                  &domain_.configuration));
  SILT_RETURN_NOT_OK(b.BindBool(domain_.s, "removed", "domainMetadata.removed", &domain_.removed));

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

Status BatchDecoder::DecodeMetadata(int64_t row, std::vector<Action>* out) const {
  auto& c = metadata_;
  if (!c.id.Valid(row)) return Missing("metaData.id", row);
  if (!c.schema_string.Valid(row)) return Missing("metaData.schemaString", row);
  Metadata& m = std::get<Metadata>(out->emplace_back(std::in_place_type<Metadata>));
  m.id.assign(c.id.Get(row));
  m.name = OptionalString(c.name, row);
  m.description = OptionalString(c.description, row);
  // Every Delta table's format is Parquet; a missing provider is read as that.
  m.format.provider = c.provider.Valid(row) ? std::string(c.provider.Get(row)) : "parquet";
  if (c.options.Valid(row)) ReadStringMap(c.options, row, &m.format.options);
  m.schema_string.assign(c.schema_string.Get(row));
  if (auto columns = OptionalStringList(c.partition_columns, row))
    m.partition_columns = std::move(*columns);
  if (c.configuration.Valid(row)) ReadStringMap(c.configuration, row, &m.configuration);
  m.created_time = OptionalInt(c.created_time, row);
  return Status::OK();
}

Status BatchDecoder::DecodeProtocol(int64_t row, std::vector<Action>* out) const {
  auto& c = protocol_;
  Protocol p;
  SILT_ASSIGN_OR_RETURN(
      p.min_reader_version,
      RequiredInt32(c.min_reader, "protocol.minReaderVersion", row, first_row_ + row));
  SILT_ASSIGN_OR_RETURN(
      p.min_writer_version,
      RequiredInt32(c.min_writer, "protocol.minWriterVersion", row, first_row_ + row));
  p.reader_features = OptionalStringList(c.reader_features, row);
  p.writer_features = OptionalStringList(c.writer_features, row);
  out->emplace_back(std::move(p));
  return Status::OK();
}

Status BatchDecoder::DecodeTxn(int64_t row, std::vector<Action>* out) const {
  if (!txn_.app_id.Valid(row)) return Missing("txn.appId", row);
  if (!txn_.version.Valid(row)) return Missing("txn.version", row);
  Txn t;
  t.app_id.assign(txn_.app_id.Get(row));
  t.version = txn_.version.Get(row);
  t.last_updated = OptionalInt(txn_.last_updated, row);
  out->emplace_back(std::move(t));
  return Status::OK();
}

Status BatchDecoder::DecodeDomain(int64_t row, std::vector<Action>* out) const {
  if (!domain_.domain.Valid(row)) return Missing("domainMetadata.domain", row);
  if (!domain_.configuration.Valid(row)) return Missing("domainMetadata.configuration", row);
  DomainMetadata d;
  d.domain.assign(domain_.domain.Get(row));
  d.configuration.assign(domain_.configuration.Get(row));
  d.removed = domain_.removed.Valid(row) && domain_.removed.Get(row);
  out->emplace_back(std::move(d));
  return Status::OK();
}

Status BatchDecoder::DecodeCheckpointMetadata(int64_t row, std::vector<Action>* out) const {
  auto& c = checkpoint_metadata_;
  if (!c.version.Valid(row)) return Missing("checkpointMetadata.version", row);
  CheckpointMetadata m;
  m.version = c.version.Get(row);
  m.tags = OptionalStringMap(c.tags, row);
  out->emplace_back(std::move(m));
  return Status::OK();
}

Status BatchDecoder::DecodeSidecar(int64_t row, std::vector<Action>* out) const {
  auto& c = sidecar_;
  if (!c.path.Valid(row)) return Missing("sidecar.path", row);
  Sidecar s;
  s.path.assign(c.path.Get(row));
  s.size_in_bytes = c.size_in_bytes.Valid(row) ? c.size_in_bytes.Get(row) : 0;
  s.modification_time = c.modification_time.Valid(row) ? c.modification_time.Get(row) : 0;
  s.tags = OptionalStringMap(c.tags, row);
  out->emplace_back(std::move(s));
  return Status::OK();
}

Status BatchDecoder::Decode(int64_t num_rows, std::vector<Action>* out) {
  auto present = [](const ArrayData* s, int64_t row) { return s != nullptr && s->IsValid(row); };
  // Adds dominate checkpoints; the other kinds are tested only when a row is not an add.
  for (int64_t row = 0; row < num_rows; ++row) {
    if (add_.Present(row)) {
      SILT_RETURN_NOT_OK(add_.Decode(row, first_row_ + row, out));
      continue;
    }
    if (remove_.Present(row)) SILT_RETURN_NOT_OK(remove_.Decode(row, first_row_ + row, out));
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

}  // namespace silt::delta
