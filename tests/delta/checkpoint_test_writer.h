#pragma once
// Test helper: builds Delta checkpoint batches (the Parquet layout of PROTOCOL.md "Checkpoint
// Schema") from Action values and writes them with silt's own Parquet writer.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "silt/columnar/builder.h"
#include "silt/delta/kernel/actions.h"
#include "silt/io/file_system.h"
#include "silt/parquet/writer.h"

namespace silt::delta::testing {

inline DataTypePtr StringMapType() {
  return map(field("key", utf8(), false), field("value", utf8()));
}
inline DataTypePtr StringListType() {
  return list(field("element", utf8()));
}
inline DataTypePtr DeletionVectorType() {
  return struct_({field("storageType", utf8()), field("pathOrInlineDv", utf8()),
                  field("offset", int32()), field("sizeInBytes", int32()),
                  field("cardinality", int64())});
}

/// Which optional columns a written checkpoint has.
struct CheckpointLayout {
  bool add_stats = true;                // the add.stats JSON string column
  DataTypePtr stats_parsed;             // add.stats_parsed when set
  DataTypePtr partition_values_parsed;  // add.partitionValues_parsed when set
  bool v2_columns = true;               // checkpointMetadata and sidecar columns
  bool file_actions_only = false;       // sidecar files: add and remove columns only
};

/// Fills one row of a parsed struct builder (stats_parsed / partitionValues_parsed).
using StructRowFiller = std::function<Status(ArrayBuilder*)>;

/// Accumulates checkpoint rows, one action per row.
class CheckpointWriter {
 public:
  explicit CheckpointWriter(CheckpointLayout layout = {}) : layout_(std::move(layout)) {
    std::vector<FieldPtr> add_fields = {
        field("path", utf8()), field("partitionValues", StringMapType()), field("size", int64()),
        field("modificationTime", int64()), field("dataChange", boolean())};
    if (layout_.add_stats) add_fields.push_back(field("stats", utf8()));
    for (auto f : {field("tags", StringMapType()), field("deletionVector", DeletionVectorType()),
                   field("baseRowId", int64()), field("defaultRowCommitVersion", int64()),
                   field("clusteringProvider", utf8())}) {
      add_fields.push_back(f);
    }
    if (layout_.partition_values_parsed) {
      add_fields.push_back(field("partitionValues_parsed", layout_.partition_values_parsed));
    }
    if (layout_.stats_parsed) add_fields.push_back(field("stats_parsed", layout_.stats_parsed));
    auto remove = struct_({field("path", utf8()), field("deletionTimestamp", int64()),
                           field("dataChange", boolean()), field("extendedFileMetadata", boolean()),
                           field("partitionValues", StringMapType()), field("size", int64()),
                           field("deletionVector", DeletionVectorType()),
                           field("baseRowId", int64()), field("defaultRowCommitVersion", int64())});
    std::vector<FieldPtr> fields;
    if (!layout_.file_actions_only) {
      fields.push_back(field("txn", struct_({field("appId", utf8()), field("version", int64()),
                                             field("lastUpdated", int64())})));
    }
    fields.push_back(field("add", struct_(add_fields)));
    fields.push_back(field("remove", remove));
    if (!layout_.file_actions_only) {
      fields.push_back(field(
          "metaData",
          struct_({field("id", utf8()), field("name", utf8()), field("description", utf8()),
                   field("format",
                         struct_({field("provider", utf8()), field("options", StringMapType())})),
                   field("schemaString", utf8()), field("partitionColumns", StringListType()),
                   field("configuration", StringMapType()), field("createdTime", int64())})));
      fields.push_back(field("protocol", struct_({field("minReaderVersion", int32()),
                                                  field("minWriterVersion", int32()),
                                                  field("readerFeatures", StringListType()),
                                                  field("writerFeatures", StringListType())})));
      fields.push_back(
          field("domainMetadata", struct_({field("domain", utf8()), field("configuration", utf8()),
                                           field("removed", boolean())})));
      if (layout_.v2_columns) {
        fields.push_back(field("checkpointMetadata", struct_({field("version", int64()),
                                                              field("tags", StringMapType())})));
        fields.push_back(
            field("sidecar",
                  struct_({field("path", utf8()), field("sizeInBytes", int64()),
                           field("modificationTime", int64()), field("tags", StringMapType())})));
      }
    }
    schema_ = std::make_shared<Schema>(fields);
    for (const auto& f : fields) builders_.push_back(std::make_unique<ArrayBuilder>(f->type));
  }

  const SchemaPtr& schema() const { return schema_; }
  int64_t num_rows() const { return rows_; }

  /// Appends `action` as one row (its kind's column set, every other column null).
  Status Append(const Action& action) { return AppendAdd(action, nullptr, nullptr); }

  /// Like Append; for an add, `stats_parsed` / `partitions_parsed` fill the parsed structs
  /// (null leaves them null).
  Status AppendAdd(const Action& action, const StructRowFiller& stats_parsed,
                   const StructRowFiller& partitions_parsed) {
    std::string kind = KindOf(action);
    for (size_t i = 0; i < builders_.size(); ++i) {
      ArrayBuilder* b = builders_[i].get();
      if (schema_->field(static_cast<int>(i))->name != kind) {
        SILT_RETURN_NOT_OK(b->AppendNull());
        continue;
      }
      SILT_RETURN_NOT_OK(b->AppendStructValid());
      SILT_RETURN_NOT_OK(std::visit(
          [&](const auto& a) { return Fill(a, b, stats_parsed, partitions_parsed); }, action));
    }
    ++rows_;
    return Status::OK();
  }

  /// A row where every action column is null (readers skip it).
  Status AppendEmptyRow() {
    for (auto& b : builders_) SILT_RETURN_NOT_OK(b->AppendNull());
    ++rows_;
    return Status::OK();
  }

  Result<RecordBatchPtr> Finish() {
    std::vector<ArrayDataPtr> columns;
    for (auto& b : builders_) {
      SILT_ASSIGN_OR_RETURN(auto a, b->Finish());
      columns.push_back(std::move(a));
    }
    return std::make_shared<RecordBatch>(schema_, rows_, std::move(columns));
  }

  /// Finishes and writes the rows as a Parquet file at `path`.
  Status WriteTo(io::FileSystem& fs, const std::string& path, int64_t row_group_rows = 122880) {
    SILT_ASSIGN_OR_RETURN(RecordBatchPtr batch, Finish());
    SILT_ASSIGN_OR_RETURN(auto out, fs.OpenForWrite(path));
    parquet::ParquetWriteOptions options;
    options.row_group_rows = row_group_rows;
    SILT_ASSIGN_OR_RETURN(auto writer,
                          parquet::ParquetFileWriter::Open(std::move(out), schema_, options));
    SILT_RETURN_NOT_OK(writer->Write(*batch));
    return writer->Close();
  }

 private:
  static std::string KindOf(const Action& action) {
    struct Visitor {
      std::string operator()(const Protocol&) const { return "protocol"; }
      std::string operator()(const Metadata&) const { return "metaData"; }
      std::string operator()(const Add&) const { return "add"; }
      std::string operator()(const Remove&) const { return "remove"; }
      std::string operator()(const Txn&) const { return "txn"; }
      std::string operator()(const DomainMetadata&) const { return "domainMetadata"; }
      std::string operator()(const CheckpointMetadata&) const { return "checkpointMetadata"; }
      std::string operator()(const Sidecar&) const { return "sidecar"; }
      std::string operator()(const AddCdcFile&) const { return "cdc"; }
      std::string operator()(const CommitInfo&) const { return "commitInfo"; }
    };
    return std::visit(Visitor{}, action);
  }

  static Status Str(ArrayBuilder* b, const std::optional<std::string>& v) {
    return v ? b->AppendString(*v) : b->AppendNull();
  }
  static Status I64(ArrayBuilder* b, const std::optional<int64_t>& v) {
    return v ? b->Append<int64_t>(*v) : b->AppendNull();
  }
  static Status I32(ArrayBuilder* b, const std::optional<int32_t>& v) {
    return v ? b->Append<int32_t>(*v) : b->AppendNull();
  }
  static Status Bool(ArrayBuilder* b, const std::optional<bool>& v) {
    return v ? b->AppendBool(*v) : b->AppendNull();
  }
  static Status Map(ArrayBuilder* b, const std::optional<StringMap>& m) {
    if (!m) return b->AppendNull();
    ArrayBuilder* entries = b->child(0);
    for (const auto& [k, v] : *m) {
      SILT_RETURN_NOT_OK(entries->AppendStructValid());
      SILT_RETURN_NOT_OK(entries->child(0)->AppendString(k));
      SILT_RETURN_NOT_OK(entries->child(1)->AppendString(v));
    }
    return b->AppendListRow();
  }
  static Status Partitions(ArrayBuilder* b, const std::optional<PartitionValues>& m) {
    if (!m) return b->AppendNull();
    ArrayBuilder* entries = b->child(0);
    for (const auto& [k, v] : *m) {
      SILT_RETURN_NOT_OK(entries->AppendStructValid());
      SILT_RETURN_NOT_OK(entries->child(0)->AppendString(k));
      SILT_RETURN_NOT_OK(Str(entries->child(1), v));
    }
    return b->AppendListRow();
  }
  static Status List(ArrayBuilder* b, const std::optional<std::vector<std::string>>& v) {
    if (!v) return b->AppendNull();
    for (const auto& s : *v) SILT_RETURN_NOT_OK(b->child(0)->AppendString(s));
    return b->AppendListRow();
  }
  static Status Dv(ArrayBuilder* b, const std::optional<DeletionVectorDescriptor>& dv) {
    if (!dv) return b->AppendNull();
    SILT_RETURN_NOT_OK(b->AppendStructValid());
    SILT_RETURN_NOT_OK(b->child(0)->AppendString(dv->storage_type));
    SILT_RETURN_NOT_OK(b->child(1)->AppendString(dv->path_or_inline_dv));
    SILT_RETURN_NOT_OK(I32(b->child(2), dv->offset));
    SILT_RETURN_NOT_OK(b->child(3)->Append<int32_t>(dv->size_in_bytes));
    return b->child(4)->Append<int64_t>(dv->cardinality);
  }

  Status Fill(const Add& a, ArrayBuilder* b, const StructRowFiller& stats_parsed,
              const StructRowFiller& partitions_parsed) {
    int i = 0;
    SILT_RETURN_NOT_OK(b->child(i++)->AppendString(a.path));
    SILT_RETURN_NOT_OK(Partitions(b->child(i++), a.partition_values));
    SILT_RETURN_NOT_OK(b->child(i++)->Append<int64_t>(a.size));
    SILT_RETURN_NOT_OK(b->child(i++)->Append<int64_t>(a.modification_time));
    SILT_RETURN_NOT_OK(b->child(i++)->AppendBool(a.data_change));
    if (layout_.add_stats) SILT_RETURN_NOT_OK(Str(b->child(i++), a.stats));
    SILT_RETURN_NOT_OK(Map(b->child(i++), a.tags));
    SILT_RETURN_NOT_OK(Dv(b->child(i++), a.deletion_vector));
    SILT_RETURN_NOT_OK(I64(b->child(i++), a.base_row_id));
    SILT_RETURN_NOT_OK(I64(b->child(i++), a.default_row_commit_version));
    SILT_RETURN_NOT_OK(Str(b->child(i++), a.clustering_provider));
    if (layout_.partition_values_parsed) {
      ArrayBuilder* p = b->child(i++);
      SILT_RETURN_NOT_OK(partitions_parsed ? partitions_parsed(p) : p->AppendNull());
    }
    if (layout_.stats_parsed) {
      ArrayBuilder* s = b->child(i++);
      SILT_RETURN_NOT_OK(stats_parsed ? stats_parsed(s) : s->AppendNull());
    }
    return Status::OK();
  }
  Status Fill(const Remove& r, ArrayBuilder* b, const StructRowFiller&, const StructRowFiller&) {
    SILT_RETURN_NOT_OK(b->child(0)->AppendString(r.path));
    SILT_RETURN_NOT_OK(I64(b->child(1), r.deletion_timestamp));
    SILT_RETURN_NOT_OK(b->child(2)->AppendBool(r.data_change));
    SILT_RETURN_NOT_OK(Bool(b->child(3), r.extended_file_metadata));
    SILT_RETURN_NOT_OK(Partitions(b->child(4), r.partition_values));
    SILT_RETURN_NOT_OK(I64(b->child(5), r.size));
    SILT_RETURN_NOT_OK(Dv(b->child(6), r.deletion_vector));
    SILT_RETURN_NOT_OK(I64(b->child(7), r.base_row_id));
    return I64(b->child(8), r.default_row_commit_version);
  }
  Status Fill(const Metadata& m, ArrayBuilder* b, const StructRowFiller&, const StructRowFiller&) {
    SILT_RETURN_NOT_OK(b->child(0)->AppendString(m.id));
    SILT_RETURN_NOT_OK(Str(b->child(1), m.name));
    SILT_RETURN_NOT_OK(Str(b->child(2), m.description));
    ArrayBuilder* format = b->child(3);
    SILT_RETURN_NOT_OK(format->AppendStructValid());
    SILT_RETURN_NOT_OK(format->child(0)->AppendString(m.format.provider));
    SILT_RETURN_NOT_OK(Map(format->child(1), m.format.options));
    SILT_RETURN_NOT_OK(b->child(4)->AppendString(m.schema_string));
    SILT_RETURN_NOT_OK(List(b->child(5), m.partition_columns));
    SILT_RETURN_NOT_OK(Map(b->child(6), m.configuration));
    return I64(b->child(7), m.created_time);
  }
  Status Fill(const Protocol& p, ArrayBuilder* b, const StructRowFiller&, const StructRowFiller&) {
    SILT_RETURN_NOT_OK(b->child(0)->Append<int32_t>(p.min_reader_version));
    SILT_RETURN_NOT_OK(b->child(1)->Append<int32_t>(p.min_writer_version));
    SILT_RETURN_NOT_OK(List(b->child(2), p.reader_features));
    return List(b->child(3), p.writer_features);
  }
  Status Fill(const Txn& t, ArrayBuilder* b, const StructRowFiller&, const StructRowFiller&) {
    SILT_RETURN_NOT_OK(b->child(0)->AppendString(t.app_id));
    SILT_RETURN_NOT_OK(b->child(1)->Append<int64_t>(t.version));
    return I64(b->child(2), t.last_updated);
  }
  Status Fill(const DomainMetadata& d, ArrayBuilder* b, const StructRowFiller&,
              const StructRowFiller&) {
    SILT_RETURN_NOT_OK(b->child(0)->AppendString(d.domain));
    SILT_RETURN_NOT_OK(b->child(1)->AppendString(d.configuration));
    return b->child(2)->AppendBool(d.removed);
  }
  Status Fill(const CheckpointMetadata& c, ArrayBuilder* b, const StructRowFiller&,
              const StructRowFiller&) {
    SILT_RETURN_NOT_OK(b->child(0)->Append<int64_t>(c.version));
    return Map(b->child(1), c.tags);
  }
  Status Fill(const Sidecar& s, ArrayBuilder* b, const StructRowFiller&, const StructRowFiller&) {
    SILT_RETURN_NOT_OK(b->child(0)->AppendString(s.path));
    SILT_RETURN_NOT_OK(b->child(1)->Append<int64_t>(s.size_in_bytes));
    SILT_RETURN_NOT_OK(b->child(2)->Append<int64_t>(s.modification_time));
    return Map(b->child(3), s.tags);
  }
  Status Fill(const AddCdcFile&, ArrayBuilder*, const StructRowFiller&, const StructRowFiller&) {
    return Status::InvalidArgument("cdc actions are not written to checkpoints");
  }
  Status Fill(const CommitInfo&, ArrayBuilder*, const StructRowFiller&, const StructRowFiller&) {
    return Status::InvalidArgument("commitInfo actions are not written to checkpoints");
  }

  CheckpointLayout layout_;
  SchemaPtr schema_;
  std::vector<std::unique_ptr<ArrayBuilder>> builders_;
  int64_t rows_ = 0;
};

}  // namespace silt::delta::testing
