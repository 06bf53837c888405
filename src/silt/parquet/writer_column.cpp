#include "silt/parquet/writer_column.h"

#include <algorithm>
#include <limits>

#include "silt/parquet/compression.h"
#include "silt/parquet/encoding/levels.h"

namespace silt::parquet {

namespace {

// Levels handed to the encoders at a time; pages are cut between such batches (extended to
// a row boundary), so a page overshoots page_bytes by at most one batch.
constexpr int64_t kMiniBatchLevels = 1024;

void AppendU32(uint32_t v, std::string* out) { out->append(reinterpret_cast<const char*>(&v), 4); }

Status CheckPageSize(int64_t size, const std::string& column) {
  if (size > std::numeric_limits<int32_t>::max()) {
    return Status::InvalidArgument("a page of column '" + column + "' would hold " +
                                   std::to_string(size) +
                                   " bytes, more than Parquet's 2 GiB page limit");
  }
  return Status::OK();
}

}  // namespace

ColumnChunkWriter::ColumnChunkWriter(const WriterLeaf& leaf, const ColumnWriterOptions& options)
    : leaf_(leaf), options_(options), pages_(std::make_shared<Buffer>(options.pool)) {
  def_width_ = LevelBitWidth(leaf.max_def_level);
  rep_width_ = LevelBitWidth(leaf.max_rep_level);
  ResetLevelEncoders();
}

void ColumnChunkWriter::ResetLevelEncoders() {
  def_sink_.clear();
  rep_sink_.clear();
  if (leaf_.max_def_level > 0) def_encoder_.emplace(def_width_, &def_sink_);
  if (leaf_.max_rep_level > 0) rep_encoder_.emplace(rep_width_, &rep_sink_);
}

int64_t ColumnChunkWriter::buffered_bytes() const {
  return pages_->size() + static_cast<int64_t>(dictionary_page_.size()) + DictionaryBytes() +
         static_cast<int64_t>(def_sink_.size() + rep_sink_.size()) + PendingValueBytes();
}

Status ColumnChunkWriter::Write(const LeafLevels& levels, const DenseValues& values) {
  const int64_t n = levels.num_levels;
  const int16_t* def = leaf_.max_def_level > 0 ? levels.def.data() : nullptr;
  const int16_t* rep = leaf_.max_rep_level > 0 ? levels.rep.data() : nullptr;
  const int16_t max_def = leaf_.max_def_level;
  int64_t pos = 0;
  int64_t vpos = 0;
  while (pos < n) {
    const int64_t room = std::max<int64_t>(1, options_.max_page_rows - page_rows_);
    int64_t end = std::min(n, pos + std::min(kMiniBatchLevels, room));
    if (rep != nullptr) {
      while (end < n && rep[end] != 0) ++end;
    }
    const int64_t count = end - pos;
    int64_t nvals = count;
    if (def != nullptr) {
      nvals = 0;
      for (int64_t i = pos; i < end; ++i) nvals += def[i] == max_def;
      def_encoder_->PutBatch(def + pos, count);
    }
    int64_t rows = count;
    if (rep != nullptr) {
      rows = 0;
      for (int64_t i = pos; i < end; ++i) rows += rep[i] == 0;
      rep_encoder_->PutBatch(rep + pos, count);
    }
    if (vpos + nvals > values.count && leaf_.conversion != WriteConversion::kNull) {
      return Status::Internal("column '" + leaf_.name + "' has fewer values than its levels say");
    }
    if (leaf_.conversion != WriteConversion::kNull) PutValues(values, vpos, nvals);
    page_levels_ += count;
    page_values_ += nvals;
    page_rows_ += rows;
    pos = end;
    vpos += nvals;
    if (DictionaryFull()) {
      // Keep what is encoded against the dictionary, then continue PLAIN.
      SILT_RETURN_NOT_OK(FlushPage());
      SILT_RETURN_NOT_OK(WriteDictionaryPage());
    } else if (page_rows_ >= options_.max_page_rows ||
               static_cast<int64_t>(def_sink_.size() + rep_sink_.size()) + PendingValueBytes() >=
                   options_.page_bytes) {
      SILT_RETURN_NOT_OK(FlushPage());
    }
  }
  return Status::OK();
}

Status ColumnChunkWriter::CompressBody(const std::string& input, std::string** output) {
  if (options_.codec == CompressionCodec::kUncompressed) {
    *output = const_cast<std::string*>(&input);
    return Status::OK();
  }
  SILT_RETURN_NOT_OK(Compress(options_.codec, options_.level,
                              reinterpret_cast<const uint8_t*>(input.data()),
                              static_cast<int64_t>(input.size()), &compressed_buf_));
  *output = &compressed_buf_;
  return Status::OK();
}

void ColumnChunkWriter::NoteEncoding(PageType type, Encoding encoding) {
  for (auto& s : encoding_stats_) {
    if (s.page_type == type && s.encoding == encoding) {
      ++s.count;
      return;
    }
  }
  encoding_stats_.push_back(PageEncodingStats{type, encoding, 1});
}

Status ColumnChunkWriter::FlushPage() {
  if (page_levels_ == 0) return Status::OK();
  values_buf_.clear();
  const Encoding encoding =
      leaf_.conversion == WriteConversion::kNull ? Encoding::kPlain : TakePageValues(&values_buf_);
  if (def_encoder_) def_encoder_->Flush();
  if (rep_encoder_) rep_encoder_->Flush();

  PageHeader header;
  body_buf_.clear();
  std::string* stored = nullptr;
  int64_t uncompressed_size = 0;
  if (!options_.data_page_v2) {
    if (leaf_.max_rep_level > 0) {
      AppendU32(static_cast<uint32_t>(rep_sink_.size()), &body_buf_);
      body_buf_ += rep_sink_;
    }
    if (leaf_.max_def_level > 0) {
      AppendU32(static_cast<uint32_t>(def_sink_.size()), &body_buf_);
      body_buf_ += def_sink_;
    }
    body_buf_ += values_buf_;
    uncompressed_size = static_cast<int64_t>(body_buf_.size());
    SILT_RETURN_NOT_OK(CompressBody(body_buf_, &stored));
    header.type = PageType::kDataPage;
    DataPageHeader dh;
    dh.num_values = static_cast<int32_t>(page_levels_);
    dh.encoding = encoding;
    dh.definition_level_encoding = Encoding::kRle;
    dh.repetition_level_encoding = Encoding::kRle;
    header.data_page_header = dh;
  } else {
    // Levels stay uncompressed in front of the (compressed) values.
    std::string* values = nullptr;
    SILT_RETURN_NOT_OK(CompressBody(values_buf_, &values));
    body_buf_ += rep_sink_;
    body_buf_ += def_sink_;
    body_buf_ += *values;
    stored = &body_buf_;
    uncompressed_size =
        static_cast<int64_t>(rep_sink_.size() + def_sink_.size() + values_buf_.size());
    header.type = PageType::kDataPageV2;
    DataPageHeaderV2 dh;
    dh.num_values = static_cast<int32_t>(page_levels_);
    dh.num_nulls = static_cast<int32_t>(page_levels_ - page_values_);
    dh.num_rows = static_cast<int32_t>(page_rows_);
    dh.encoding = encoding;
    dh.definition_levels_byte_length = static_cast<int32_t>(def_sink_.size());
    dh.repetition_levels_byte_length = static_cast<int32_t>(rep_sink_.size());
    dh.is_compressed = options_.codec != CompressionCodec::kUncompressed;
    header.data_page_header_v2 = dh;
  }
  SILT_RETURN_NOT_OK(CheckPageSize(uncompressed_size, leaf_.name));
  SILT_RETURN_NOT_OK(CheckPageSize(static_cast<int64_t>(stored->size()), leaf_.name));
  header.uncompressed_page_size = static_cast<int32_t>(uncompressed_size);
  header.compressed_page_size = static_cast<int32_t>(stored->size());
  if (options_.crc) {
    header.crc = static_cast<int32_t>(Crc32(reinterpret_cast<const uint8_t*>(stored->data()),
                                            static_cast<int64_t>(stored->size())));
  }
  header_buf_.clear();
  SerializePageHeader(header, &header_buf_);

  const int64_t page_size = static_cast<int64_t>(header_buf_.size() + stored->size());
  locations_.push_back(PageLocation{pages_->size(), static_cast<int32_t>(page_size), chunk_rows_});
  SILT_RETURN_NOT_OK(pages_->Append(header_buf_.data(), static_cast<int64_t>(header_buf_.size())));
  SILT_RETURN_NOT_OK(pages_->Append(stored->data(), static_cast<int64_t>(stored->size())));
  uncompressed_bytes_ += static_cast<int64_t>(header_buf_.size()) + uncompressed_size;
  compressed_bytes_ += page_size;
  NoteEncoding(header.type, encoding);

  // Page index entry.
  std::string min, max;
  int64_t nan_count = 0;
  const bool has_bounds =
      leaf_.conversion != WriteConversion::kNull && TakePageBounds(&min, &max, &nan_count);
  const bool null_page = page_values_ == 0;
  if (!null_page && !has_bounds) column_index_valid_ = false;
  column_index_.null_pages.push_back(null_page);
  column_index_.min_values.push_back(null_page ? std::string() : std::move(min));
  column_index_.max_values.push_back(null_page ? std::string() : std::move(max));
  if (!column_index_.null_counts) column_index_.null_counts.emplace();
  column_index_.null_counts->push_back(page_levels_ - page_values_);
  nan_counts_.push_back(nan_count);

  chunk_levels_ += page_levels_;
  chunk_values_ += page_values_;
  chunk_rows_ += page_rows_;
  page_levels_ = 0;
  page_values_ = 0;
  page_rows_ = 0;
  ResetLevelEncoders();
  return Status::OK();
}

Status ColumnChunkWriter::WriteDictionaryPage() {
  if (!UsingDictionary()) return Status::OK();
  values_buf_.clear();
  int32_t count = 0;
  TakeDictionary(&values_buf_, &count);
  if (count == 0) return Status::OK();  // no page used it
  std::string* stored = nullptr;
  SILT_RETURN_NOT_OK(CompressBody(values_buf_, &stored));
  SILT_RETURN_NOT_OK(CheckPageSize(static_cast<int64_t>(values_buf_.size()), leaf_.name));
  PageHeader header;
  header.type = PageType::kDictionaryPage;
  header.uncompressed_page_size = static_cast<int32_t>(values_buf_.size());
  header.compressed_page_size = static_cast<int32_t>(stored->size());
  if (options_.crc) {
    header.crc = static_cast<int32_t>(Crc32(reinterpret_cast<const uint8_t*>(stored->data()),
                                            static_cast<int64_t>(stored->size())));
  }
  DictionaryPageHeader dh;
  dh.num_values = count;
  dh.encoding = Encoding::kPlain;
  header.dictionary_page_header = dh;
  dictionary_page_.clear();
  SerializePageHeader(header, &dictionary_page_);
  const int64_t header_size = static_cast<int64_t>(dictionary_page_.size());
  dictionary_page_ += *stored;
  uncompressed_bytes_ += header_size + static_cast<int64_t>(values_buf_.size());
  compressed_bytes_ += static_cast<int64_t>(dictionary_page_.size());
  NoteEncoding(PageType::kDictionaryPage, Encoding::kPlain);
  return Status::OK();
}

Status ColumnChunkWriter::Finish(io::OutputStream* out, int64_t position, FinishedChunk* result) {
  SILT_RETURN_NOT_OK(FlushPage());
  SILT_RETURN_NOT_OK(WriteDictionaryPage());
  const bool has_dictionary = !dictionary_page_.empty();
  const int64_t data_offset = position + static_cast<int64_t>(dictionary_page_.size());
  if (has_dictionary) {
    SILT_RETURN_NOT_OK(
        out->Write(dictionary_page_.data(), static_cast<int64_t>(dictionary_page_.size())));
  }
  SILT_RETURN_NOT_OK(out->Write(pages_->data(), pages_->size()));

  ColumnMetaData meta;
  meta.type = leaf_.physical_type;
  std::vector<Encoding> encodings;
  if (leaf_.max_def_level > 0 || leaf_.max_rep_level > 0) encodings.push_back(Encoding::kRle);
  for (const auto& s : encoding_stats_) {
    if (std::find(encodings.begin(), encodings.end(), s.encoding) == encodings.end()) {
      encodings.push_back(s.encoding);
    }
  }
  std::sort(encodings.begin(), encodings.end());
  meta.encodings = std::move(encodings);
  meta.path_in_schema = leaf_.path;
  meta.codec = options_.codec;
  meta.num_values = chunk_levels_;
  meta.total_uncompressed_size = uncompressed_bytes_;
  meta.total_compressed_size = compressed_bytes_;
  meta.data_page_offset = data_offset;
  if (has_dictionary) meta.dictionary_page_offset = position;
  if (options_.statistics) {
    Statistics stats;
    stats.null_count = chunk_levels_ - chunk_values_;
    if (leaf_.conversion != WriteConversion::kNull) ChunkBounds(&stats);
    meta.statistics = std::move(stats);
  }
  meta.encoding_stats = encoding_stats_;

  result->chunk = ColumnChunk{};
  result->chunk.file_offset = position;
  result->chunk.meta_data = std::move(meta);
  result->offset_index = OffsetIndex{};
  for (PageLocation loc : locations_) {
    loc.offset += data_offset;
    result->offset_index.page_locations.push_back(loc);
  }
  result->column_index.reset();
  if (options_.page_index && column_index_valid_ && leaf_.order != StatsOrder::kNone) {
    // Boundary order over the pages that have bounds.
    bool ascending = true;
    bool descending = true;
    int prev = -1;
    for (size_t i = 0; i < column_index_.null_pages.size(); ++i) {
      if (column_index_.null_pages[i]) continue;
      if (prev >= 0) {
        const auto p = static_cast<size_t>(prev);
        const int cmin = CompareBounds(column_index_.min_values[p], column_index_.min_values[i]);
        const int cmax = CompareBounds(column_index_.max_values[p], column_index_.max_values[i]);
        if (cmin > 0 || cmax > 0) ascending = false;
        if (cmin < 0 || cmax < 0) descending = false;
      }
      prev = static_cast<int>(i);
    }
    column_index_.boundary_order = ascending    ? BoundaryOrder::kAscending
                                   : descending ? BoundaryOrder::kDescending
                                                : BoundaryOrder::kUnordered;
    if (leaf_.order == StatsOrder::kFloat) column_index_.nan_counts = nan_counts_;
    result->column_index = std::move(column_index_);
  }

  // Reset for the next row group.
  pages_ = std::make_shared<Buffer>(options_.pool);
  dictionary_page_.clear();
  chunk_levels_ = chunk_values_ = chunk_rows_ = 0;
  uncompressed_bytes_ = compressed_bytes_ = 0;
  encoding_stats_.clear();
  locations_.clear();
  column_index_ = ColumnIndex{};
  nan_counts_.clear();
  column_index_valid_ = true;
  ResetChunk();
  return Status::OK();
}

}  // namespace silt::parquet
