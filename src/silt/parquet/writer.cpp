#include "silt/parquet/writer.h"

#include <algorithm>
#include <cstring>

#include "silt/common/thread_pool.h"
#include "silt/parquet/writer_column.h"
#include "silt/parquet/writer_levels.h"
#include "silt/parquet/writer_schema.h"
#include "silt/parquet/writer_values.h"

namespace silt::parquet {

namespace {

constexpr char kMagic[] = "PAR1";
// Rows handed to the column writers at a time, so a huge batch cannot overshoot the row
// group byte limit by much.
constexpr int64_t kMaxSliceRows = 64 * 1024;
constexpr int kDefaultZstdLevel = 3;

/// True when `a` has a nested node that is not plain-encoded, or a dictionary that is
/// itself encoded: such columns are flattened before shredding.
bool NeedsFlatten(const ArrayData& a) {
  if (a.type->IsNested()) {
    if (a.encoding != silt::Encoding::kPlain) return true;
    for (const auto& c : a.children) {
      if (NeedsFlatten(*c)) return true;
    }
    return false;
  }
  if (a.encoding != silt::Encoding::kPlain) {
    return !a.dictionary || a.dictionary->encoding != silt::Encoding::kPlain;
  }
  return false;
}

}  // namespace

/// Scratch reused for every leaf of every batch.
struct WriterScratch {
  LeafLevels levels;
  DenseValues values;
};

ParquetFileWriter::~ParquetFileWriter() = default;

Result<std::unique_ptr<ParquetFileWriter>> ParquetFileWriter::Open(
    std::unique_ptr<io::OutputStream> out, SchemaPtr schema, ParquetWriteOptions options) {
  if (!out) return Status::InvalidArgument("Parquet writer needs an output stream");
  if (!schema) return Status::InvalidArgument("Parquet writer needs a schema");
  if (options.page_bytes <= 0 || options.row_group_rows <= 0 || options.max_row_group_bytes <= 0 ||
      options.max_page_rows <= 0) {
    return Status::InvalidArgument(
        "page_bytes, max_page_rows, row_group_rows and max_row_group_bytes must be positive");
  }
  if (!IsCompressionSupported(options.compression)) {
    return Status::NotSupported("cannot write Parquet compression codec " +
                                CompressionCodecName(options.compression));
  }
  if (options.pool == nullptr) options.pool = MemoryPool::Default();
  options.parallelism = std::max(1, options.parallelism);
  int level = options.compression_level;
  if (level == kDefaultCompressionLevel && options.compression == CompressionCodec::kZstd) {
    level = kDefaultZstdLevel;
  }
  // Reject a bad level now rather than at the first page.
  {
    std::string probe;
    const uint8_t byte = 0;
    SILT_RETURN_NOT_OK(Compress(options.compression, level, &byte, 1, &probe));
  }

  std::unique_ptr<ParquetFileWriter> w(new ParquetFileWriter());
  SILT_ASSIGN_OR_RETURN(w->writer_schema_, BuildWriterSchema(*schema));
  ColumnWriterOptions copts;
  copts.codec = options.compression;
  copts.level = level;
  copts.page_bytes = options.page_bytes;
  copts.max_page_rows = options.max_page_rows;
  copts.dictionary = options.dictionary;
  copts.dictionary_limit = options.dictionary_page_bytes_limit;
  copts.statistics = options.write_statistics;
  copts.page_index = options.write_page_index;
  copts.truncate_bytes = options.statistics_truncate_bytes;
  copts.crc = options.write_page_crc;
  copts.data_page_v2 = options.data_page_v2;
  copts.pool = options.pool;
  for (const auto& leaf : w->writer_schema_->leaves) {
    w->columns_.push_back(ColumnChunkWriter::Make(leaf, copts));
  }
  w->out_ = std::move(out);
  w->schema_ = std::move(schema);
  w->options_ = std::move(options);

  FileMetaData& md = w->metadata_;
  md.version = 2;
  md.schema = w->writer_schema_->elements;
  md.created_by = w->options_.created_by;
  md.column_orders.assign(w->writer_schema_->leaves.size(), ColumnOrder{true, false, false});
  KeyValueMetadata kv = w->schema_->metadata();
  for (const auto& entry : w->options_.key_value_metadata) {
    // (No structured binding: clang 14 cannot capture one in the lambda.)
    const std::string& key = entry.first;
    auto it = std::find_if(kv.begin(), kv.end(), [&](const auto& p) { return p.first == key; });
    if (it != kv.end()) {
      it->second = entry.second;
    } else {
      kv.push_back(entry);
    }
  }
  for (auto& [key, value] : kv) md.key_value_metadata.push_back(KeyValue{key, value});

  SILT_RETURN_NOT_OK(w->WriteBytes(kMagic, 4));
  return w;
}

Status ParquetFileWriter::WriteBytes(const void* data, int64_t size) {
  SILT_RETURN_NOT_OK(out_->Write(data, size));
  position_ += size;
  stats_.bytes_written = position_;
  return Status::OK();
}

int64_t ParquetFileWriter::BufferedBytes() const {
  int64_t total = 0;
  for (const auto& c : columns_) total += c->buffered_bytes();
  return total;
}

Status ParquetFileWriter::Write(const RecordBatch& batch) {
  if (closed_) return Status::InvalidArgument("Parquet writer is closed");
  if (failed_)
    return Status::InvalidArgument("Parquet writer failed earlier; the file is unusable");
  if (batch.num_columns() != schema_->num_fields()) {
    return Status::InvalidArgument("batch has " + std::to_string(batch.num_columns()) +
                                   " columns, the Parquet schema " +
                                   std::to_string(schema_->num_fields()));
  }
  for (int i = 0; i < batch.num_columns(); ++i) {
    const ArrayData& col = *batch.column(i);
    const Field& f = *schema_->field(i);
    if (!col.type->Equals(*f.type)) {
      return Status::InvalidArgument("column '" + f.name + "' has type " + col.type->ToString() +
                                     ", the schema says " + f.type->ToString());
    }
    if (col.length != batch.num_rows()) {
      return Status::InvalidArgument("column '" + f.name + "' has " + std::to_string(col.length) +
                                     " rows, the batch " + std::to_string(batch.num_rows()));
    }
  }
  int64_t offset = 0;
  const int64_t n = batch.num_rows();
  while (offset < n) {
    int64_t take = std::min({n - offset, options_.row_group_rows - row_group_rows_, kMaxSliceRows});
    Status st;
    if (offset == 0 && take == n) {
      st = WriteSlice(batch);
    } else {
      st = WriteSlice(*batch.Slice(offset, take));
    }
    if (st.ok() && (row_group_rows_ >= options_.row_group_rows ||
                    BufferedBytes() >= options_.max_row_group_bytes)) {
      st = FlushRowGroup();
    }
    if (!st.ok()) {
      failed_ = true;
      return st;
    }
    offset += take;
  }
  return Status::OK();
}

Status ParquetFileWriter::WriteSlice(const RecordBatch& batch) {
  std::vector<ArrayDataPtr> columns(static_cast<size_t>(batch.num_columns()));
  for (int i = 0; i < batch.num_columns(); ++i) {
    ArrayDataPtr col = batch.column(i);
    if (NeedsFlatten(*col)) {
      SILT_ASSIGN_OR_RETURN(col, Flatten(col, options_.pool));
    }
    columns[static_cast<size_t>(i)] = std::move(col);
  }
  const auto num_leaves = static_cast<int64_t>(writer_schema_->leaves.size());
  SILT_RETURN_NOT_OK(ParallelFor(num_leaves, options_.parallelism, [&](int64_t l) -> Status {
    std::unique_ptr<WriterScratch> scratch;
    {
      std::lock_guard<std::mutex> lock(scratch_mu_);
      if (!scratch_.empty()) {
        scratch = std::move(scratch_.back());
        scratch_.pop_back();
      }
    }
    if (!scratch) scratch = std::make_unique<WriterScratch>();
    const WriterLeaf& leaf = writer_schema_->leaves[static_cast<size_t>(l)];
    const ArrayData& col = *columns[static_cast<size_t>(leaf.field_index)];
    Status st = ShredLeaf(leaf, col, &scratch->levels);
    if (st.ok()) st = GatherValues(leaf, scratch->levels, &scratch->values);
    if (st.ok()) st = columns_[static_cast<size_t>(l)]->Write(scratch->levels, scratch->values);
    std::lock_guard<std::mutex> lock(scratch_mu_);
    scratch_.push_back(std::move(scratch));
    return st;
  }));
  row_group_rows_ += batch.num_rows();
  stats_.rows_written += batch.num_rows();
  return Status::OK();
}

Status ParquetFileWriter::FlushRowGroup() {
  if (closed_) return Status::InvalidArgument("Parquet writer is closed");
  if (row_group_rows_ == 0) return Status::OK();
  RowGroup rg;
  rg.num_rows = row_group_rows_;
  rg.file_offset = position_;
  rg.ordinal = static_cast<int16_t>(std::min<size_t>(metadata_.row_groups.size(), 32767));
  int64_t compressed = 0;
  std::vector<std::optional<ColumnIndex>> column_indexes;
  std::vector<OffsetIndex> offset_indexes;
  FinishedChunk finished;
  for (auto& column : columns_) {
    Status st = column->Finish(out_.get(), position_, &finished);
    if (!st.ok()) {
      failed_ = true;
      return st;
    }
    const ColumnMetaData& meta = *finished.chunk.meta_data;
    position_ += meta.total_compressed_size;
    compressed += meta.total_compressed_size;
    rg.total_byte_size += meta.total_uncompressed_size;
    rg.columns.push_back(std::move(finished.chunk));
    column_indexes.push_back(std::move(finished.column_index));
    offset_indexes.push_back(std::move(finished.offset_index));
  }
  rg.total_compressed_size = compressed;
  stats_.bytes_written = position_;
  metadata_.num_rows += row_group_rows_;
  metadata_.row_groups.push_back(std::move(rg));
  if (options_.write_page_index) {
    column_indexes_.push_back(std::move(column_indexes));
    offset_indexes_.push_back(std::move(offset_indexes));
  }
  row_group_rows_ = 0;
  ++stats_.row_groups;
  return Status::OK();
}

Status ParquetFileWriter::WritePageIndex() {
  std::string buf;
  for (size_t g = 0; g < column_indexes_.size(); ++g) {
    for (size_t c = 0; c < column_indexes_[g].size(); ++c) {
      if (!column_indexes_[g][c]) continue;
      buf.clear();
      SerializeColumnIndex(*column_indexes_[g][c], &buf);
      ColumnChunk& chunk = metadata_.row_groups[g].columns[c];
      chunk.column_index_offset = position_;
      chunk.column_index_length = static_cast<int32_t>(buf.size());
      SILT_RETURN_NOT_OK(WriteBytes(buf.data(), static_cast<int64_t>(buf.size())));
    }
  }
  for (size_t g = 0; g < offset_indexes_.size(); ++g) {
    for (size_t c = 0; c < offset_indexes_[g].size(); ++c) {
      buf.clear();
      SerializeOffsetIndex(offset_indexes_[g][c], &buf);
      ColumnChunk& chunk = metadata_.row_groups[g].columns[c];
      chunk.offset_index_offset = position_;
      chunk.offset_index_length = static_cast<int32_t>(buf.size());
      SILT_RETURN_NOT_OK(WriteBytes(buf.data(), static_cast<int64_t>(buf.size())));
    }
  }
  return Status::OK();
}

Status ParquetFileWriter::Close() {
  if (closed_) return Status::OK();
  if (failed_)
    return Status::InvalidArgument("Parquet writer failed earlier; the file is unusable");
  Status st = FlushRowGroup();
  if (st.ok() && options_.write_page_index) st = WritePageIndex();
  if (st.ok()) {
    std::string footer;
    SerializeFileMetaData(metadata_, &footer);
    const auto length = static_cast<uint32_t>(footer.size());
    footer.append(reinterpret_cast<const char*>(&length), 4);
    footer.append(kMagic, 4);
    st = WriteBytes(footer.data(), static_cast<int64_t>(footer.size()));
  }
  if (st.ok()) st = out_->Close();
  if (!st.ok()) {
    failed_ = true;
    return st;
  }
  closed_ = true;
  column_indexes_.clear();
  offset_indexes_.clear();
  return Status::OK();
}

Status WriteParquetFile(const std::string& path, const std::vector<RecordBatchPtr>& batches,
                        SchemaPtr schema, ParquetWriteOptions options) {
  SILT_ASSIGN_OR_RETURN(auto out, io::LocalFileSystem()->OpenForWrite(path));
  SILT_ASSIGN_OR_RETURN(
      auto writer, ParquetFileWriter::Open(std::move(out), std::move(schema), std::move(options)));
  for (const auto& b : batches) SILT_RETURN_NOT_OK(writer->Write(*b));
  return writer->Close();
}

}  // namespace silt::parquet
