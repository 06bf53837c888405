#include "silt/parquet/column_reader.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "silt/parquet/compression.h"
#include "silt/parquet/encoding/byte_stream_split.h"
#include "silt/parquet/encoding/delta_binary_packed.h"
#include "silt/parquet/encoding/delta_byte_array.h"
#include "silt/parquet/encoding/levels.h"
#include "silt/parquet/encoding/plain.h"
#include "silt/parquet/encoding/rle_bit_packed.h"
#include "silt/parquet/value_conversion.h"

namespace silt::parquet {

namespace {

// Decompressed pages larger than this are treated as corrupt headers rather than allocated.
constexpr int64_t kMaxPageBytes = int64_t{1} << 31;

/// Number of levels equal to `value`; 16-bit lanes accumulate in blocks so the loop
/// vectorizes (an int64 accumulator per element does not).
int64_t CountEqual(const int16_t* levels, int64_t n, int16_t value) {
  int64_t total = 0;
  int64_t i = 0;
  while (i < n) {
    const int64_t end = std::min(n, i + 32767);
    int16_t block = 0;
    for (; i < end; ++i) block = static_cast<int16_t>(block + (levels[i] == value));
    total += static_cast<uint16_t>(block);
  }
  return total;
}

template <typename T>
Status DecodeDelta(const uint8_t* data, int64_t size, int64_t n, T* out) {
  DeltaBinaryPackedDecoder<T> dec;
  SILT_RETURN_NOT_OK(dec.Init(data, size, n));
  SILT_ASSIGN_OR_RETURN(int64_t got, dec.GetBatch(out, n));
  if (got != n) return Status::Corrupt("DELTA_BINARY_PACKED page holds too few values");
  return Status::OK();
}

/// Sign-extends n little-endian `From` values at `data` into `To` values at `out`.
template <typename From, typename To>
void WidenPlain(const uint8_t* data, int64_t n, uint8_t* out) {
  To* o = reinterpret_cast<To*>(out);
  for (int64_t i = 0; i < n; ++i) {
    From v;
    std::memcpy(&v, data + i * static_cast<int64_t>(sizeof(From)), sizeof(From));
    o[i] = v;
  }
}

int PhysicalWidth(const LeafDescriptor& leaf) {
  switch (leaf.physical_type) {
    case Type::kInt32:
    case Type::kFloat: return 4;
    case Type::kInt64:
    case Type::kDouble:
    case Type::kInt96: return 8;  // INT96 decodes to int64 microseconds
    case Type::kFixedLenByteArray: return leaf.type_length;
    default: return 0;
  }
}

/// Accumulates the levels and dense physical values of one chunk, page by page.
class ChunkDecoder {
 public:
  ChunkDecoder(const LeafDescriptor& leaf, const ColumnMetaData& meta,
               const ColumnDecodeOptions& options)
      : leaf_(leaf), meta_(meta), options_(options), pool_(options.pool) {}

  Status Init(int64_t expected_levels_hint) {
    width_ = PhysicalWidth(leaf_);
    switch (leaf_.conversion) {
      case LeafConversion::kInt32ToInt8:
      case LeafConversion::kInt32ToInt16:
      case LeafConversion::kTimeMillisToMicros:
      case LeafConversion::kDecimalFromInt32:
      case LeafConversion::kDecimalFromInt64:
      case LeafConversion::kFloat16ToFloat32:
      case LeafConversion::kIntervalFromFixed12:
        convert_per_page_ = true;
        break;
      case LeafConversion::kDecimalFromBytes:
        convert_per_page_ = leaf_.physical_type == Type::kFixedLenByteArray;
        break;
      default: break;
    }
    target_width_ = convert_per_page_ ? leaf_.type->FixedWidth() : width_;
    values_ = std::make_shared<Buffer>(pool_);
    if (leaf_.max_def_level > 0) def_ = std::make_shared<Buffer>(pool_);
    if (leaf_.max_rep_level > 0) rep_ = std::make_shared<Buffer>(pool_);
    if (leaf_.physical_type == Type::kByteArray) {
      offsets_ = std::make_shared<Buffer>(pool_);
      data_ = std::make_shared<Buffer>(pool_);
      int64_t zero = 0;
      SILT_RETURN_NOT_OK(offsets_->Append(&zero, 8));
    }
    if (expected_levels_hint > 0 && expected_levels_hint < (int64_t{1} << 28)) {
      if (def_) SILT_RETURN_NOT_OK(def_->Reserve(expected_levels_hint * 2));
      if (target_width_ > 0) {
        SILT_RETURN_NOT_OK(values_->Reserve(expected_levels_hint * target_width_));
      }
    }
    return Status::OK();
  }

  /// Decodes the page whose header starts at `p` (within [begin, end)). Sets *page_end.
  Status DecodePageAt(const uint8_t* p, const uint8_t* end, const uint8_t** page_end,
                      bool* was_data_page);

  Result<DecodedColumn> Finish();

  int64_t num_levels() const { return num_levels_; }

 private:
  Status DecodeDictionaryPage(const PageHeader& h, const uint8_t* body, int64_t size);
  Status DecodeDataPage(const PageHeader& h, const uint8_t* body, int64_t size);
  Status DecodeValues(Encoding encoding, const uint8_t* data, int64_t size, int64_t n);
  Status DecodePhysicalValues(Encoding encoding, const uint8_t* data, int64_t size, int64_t n);
  Status GatherConvertedDictionary(const uint8_t* data, int64_t size, int64_t n);
  template <typename T>
  Status GatherAs(RleBitPackedDecoder* dec, int64_t n);
  Status DecodeDictionaryValues(const uint8_t* data, int64_t size, int64_t n);
  Status MaterializeIndices();
  Result<const uint8_t*> Decompress(const uint8_t* src, int64_t src_size, int64_t dst_size,
                                    BufferPtr* holder);
  BinaryOutput Binary() { return BinaryOutput{offsets_.get(), data_.get()}; }

  const LeafDescriptor& leaf_;
  const ColumnMetaData& meta_;
  const ColumnDecodeOptions& options_;
  MemoryPool* pool_;
  int width_ = 0;

  BufferPtr def_, rep_;
  int64_t num_levels_ = 0;
  int64_t num_rows_ = 0;

  // Dense physical values: fixed-width bytes, boolean bits, or int32 dictionary indices.
  BufferPtr values_;
  BufferPtr offsets_, data_;  // BYTE_ARRAY values (int64 offsets)
  int64_t num_values_ = 0;
  bool indices_mode_ = false;

  // Dictionary.
  bool has_dictionary_ = false;
  int32_t dict_size_ = 0;
  BufferPtr dict_page_;                    // decompressed dictionary page (owns views)
  std::vector<std::string_view> dict_views_;  // BYTE_ARRAY dictionary
  BufferPtr dict_fixed_;                   // fixed-width dictionary values
  // Fixed-width conversions (decimals, narrow ints, ms times, half floats, intervals) run
  // per page: values_ then holds the final silt layout, not the physical one.
  bool convert_per_page_ = false;
  int target_width_ = 0;
  BufferPtr scratch_;            // one page of physical values
  ArrayDataPtr dict_converted_;  // the dictionary in the final layout

 public:
  int64_t pages_read = 0;
};

Result<const uint8_t*> ChunkDecoder::Decompress(const uint8_t* src, int64_t src_size,
                                                int64_t dst_size, BufferPtr* holder) {
  if (meta_.codec == CompressionCodec::kUncompressed) {
    if (src_size != dst_size) {
      return Status::Corrupt("uncompressed page has " + std::to_string(src_size) +
                             " bytes but its header says " + std::to_string(dst_size));
    }
    return src;
  }
  if (dst_size < 0 || dst_size > kMaxPageBytes) {
    return Status::Corrupt("page claims an uncompressed size of " + std::to_string(dst_size));
  }
  SILT_ASSIGN_OR_RETURN(*holder, Buffer::Allocate(dst_size, pool_));
  SILT_RETURN_NOT_OK(parquet::Decompress(meta_.codec, src, src_size, (*holder)->mutable_data(),
                                         dst_size));
  return static_cast<const uint8_t*>((*holder)->data());
}

Status ChunkDecoder::DecodePageAt(const uint8_t* p, const uint8_t* end, const uint8_t** page_end,
                                  bool* was_data_page) {
  int64_t header_size = 0;
  SILT_ASSIGN_OR_RETURN(PageHeader h, ParsePageHeader(p, end - p, &header_size));
  const uint8_t* body = p + header_size;
  if (h.compressed_page_size < 0 || h.compressed_page_size > end - body) {
    return Status::Corrupt("page of " + std::to_string(h.compressed_page_size) +
                           " bytes runs past the end of the column chunk");
  }
  if (h.uncompressed_page_size < 0) return Status::Corrupt("negative uncompressed page size");
  *page_end = body + h.compressed_page_size;
  if (h.crc.has_value() && options_.verify_checksums) {
    uint32_t actual = Crc32(body, h.compressed_page_size);
    if (actual != static_cast<uint32_t>(*h.crc)) {
      return Status::Corrupt("page checksum mismatch (stored " +
                             std::to_string(static_cast<uint32_t>(*h.crc)) + ", computed " +
                             std::to_string(actual) + ")");
    }
  }
  *was_data_page = false;
  switch (h.type) {
    case PageType::kDictionaryPage:
      return DecodeDictionaryPage(h, body, h.compressed_page_size);
    case PageType::kDataPage:
    case PageType::kDataPageV2:
      *was_data_page = true;
      ++pages_read;
      return DecodeDataPage(h, body, h.compressed_page_size);
    default:
      return Status::OK();  // index pages and unknown page types are skipped
  }
}

Status ChunkDecoder::DecodeDictionaryPage(const PageHeader& h, const uint8_t* body, int64_t size) {
  if (has_dictionary_) return Status::Corrupt("column chunk has a second dictionary page");
  if (!h.dictionary_page_header) return Status::Corrupt("dictionary page without its header");
  const auto& dh = *h.dictionary_page_header;
  if (dh.encoding != Encoding::kPlain && dh.encoding != Encoding::kPlainDictionary) {
    return Status::NotSupported("dictionary page encoding " + EncodingName(dh.encoding));
  }
  if (dh.num_values < 0) return Status::Corrupt("negative dictionary size");
  if (leaf_.physical_type == Type::kBoolean) {
    return Status::Corrupt("BOOLEAN column has a dictionary page");
  }
  SILT_ASSIGN_OR_RETURN(const uint8_t* data,
                        Decompress(body, size, h.uncompressed_page_size, &dict_page_));
  if (!dict_page_) {
    // Uncompressed: views point into the chunk bytes, which outlive this decoder's result
    // only until Finish(); copy so the dictionary array owns its bytes.
    SILT_ASSIGN_OR_RETURN(dict_page_, Buffer::Allocate(h.uncompressed_page_size, pool_));
    if (h.uncompressed_page_size > 0) {
      std::memcpy(dict_page_->mutable_data(), data, static_cast<size_t>(h.uncompressed_page_size));
    }
    data = dict_page_->data();
  }
  const int64_t dsize = h.uncompressed_page_size;
  dict_size_ = dh.num_values;
  int64_t consumed = 0;
  if (leaf_.physical_type == Type::kByteArray) {
    if (dict_size_ > dsize / 4 + 1) return Status::Corrupt("dictionary size exceeds its page");
    dict_views_.resize(static_cast<size_t>(dict_size_));
    SILT_RETURN_NOT_OK(
        DecodePlainByteArrayViews(data, dsize, dict_size_, dict_views_.data(), &consumed));
  } else {
    if (width_ > 0 && dict_size_ > dsize / width_ + 1) {
      return Status::Corrupt("dictionary size exceeds its page");
    }
    SILT_ASSIGN_OR_RETURN(dict_fixed_, Buffer::Allocate(int64_t{dict_size_} * width_, pool_));
    if (leaf_.physical_type == Type::kInt96) {
      SILT_RETURN_NOT_OK(DecodePlainInt96(data, dsize, dict_size_,
                                          dict_fixed_->mutable_data_as<int64_t>(), &consumed));
    } else {
      SILT_RETURN_NOT_OK(DecodePlainFixed(data, dsize, dict_size_, width_,
                                          dict_fixed_->mutable_data(), &consumed));
    }
  }
  has_dictionary_ = true;
  return Status::OK();
}

Status ChunkDecoder::DecodeDataPage(const PageHeader& h, const uint8_t* body, int64_t size) {
  const bool v2 = h.type == PageType::kDataPageV2;
  int64_t num_levels;
  Encoding encoding;
  const uint8_t* values;
  int64_t values_size;
  BufferPtr holder;
  if (def_) SILT_RETURN_NOT_OK(def_->Reserve(def_->size()));
  if (!v2) {
    if (!h.data_page_header) return Status::Corrupt("data page without its header");
    const auto& dh = *h.data_page_header;
    num_levels = dh.num_values;
    encoding = dh.encoding;
    if (num_levels < 0) return Status::Corrupt("negative value count in data page");
    SILT_ASSIGN_OR_RETURN(const uint8_t* page,
                          Decompress(body, size, h.uncompressed_page_size, &holder));
    int64_t page_size = h.uncompressed_page_size;
    int64_t pos = 0;
    auto level_encoding = [](Encoding e) -> Result<LevelEncoding> {
      if (e == Encoding::kRle) return LevelEncoding::kRle;
      if (e == Encoding::kBitPacked) return LevelEncoding::kBitPacked;
      return Status::NotSupported("level encoding " + EncodingName(e));
    };
    if (rep_) {
      SILT_ASSIGN_OR_RETURN(auto le, level_encoding(dh.repetition_level_encoding));
      SILT_RETURN_NOT_OK(rep_->Resize((num_levels_ + num_levels) * 2));
      int64_t used = 0;
      SILT_RETURN_NOT_OK(DecodeLevelsV1(le, leaf_.max_rep_level, page + pos, page_size - pos,
                                        num_levels, rep_->mutable_data_as<int16_t>() + num_levels_,
                                        &used));
      pos += used;
    }
    if (def_) {
      SILT_ASSIGN_OR_RETURN(auto le, level_encoding(dh.definition_level_encoding));
      SILT_RETURN_NOT_OK(def_->Resize((num_levels_ + num_levels) * 2));
      int64_t used = 0;
      SILT_RETURN_NOT_OK(DecodeLevelsV1(le, leaf_.max_def_level, page + pos, page_size - pos,
                                        num_levels, def_->mutable_data_as<int16_t>() + num_levels_,
                                        &used));
      pos += used;
    }
    values = page + pos;
    values_size = page_size - pos;
  } else {
    if (!h.data_page_header_v2) return Status::Corrupt("data page v2 without its header");
    const auto& dh = *h.data_page_header_v2;
    num_levels = dh.num_values;
    encoding = dh.encoding;
    const int64_t rep_len = dh.repetition_levels_byte_length;
    const int64_t def_len = dh.definition_levels_byte_length;
    if (num_levels < 0 || rep_len < 0 || def_len < 0 || rep_len + def_len > size ||
        rep_len + def_len > h.uncompressed_page_size) {
      return Status::Corrupt("data page v2 level sizes do not fit the page");
    }
    if (rep_) {
      SILT_RETURN_NOT_OK(rep_->Resize((num_levels_ + num_levels) * 2));
      SILT_RETURN_NOT_OK(DecodeLevelsV2(leaf_.max_rep_level, body, rep_len, num_levels,
                                        rep_->mutable_data_as<int16_t>() + num_levels_));
    }
    if (def_) {
      SILT_RETURN_NOT_OK(def_->Resize((num_levels_ + num_levels) * 2));
      SILT_RETURN_NOT_OK(DecodeLevelsV2(leaf_.max_def_level, body + rep_len, def_len, num_levels,
                                        def_->mutable_data_as<int16_t>() + num_levels_));
    }
    const uint8_t* compressed = body + rep_len + def_len;
    const int64_t compressed_size = size - rep_len - def_len;
    const int64_t uncompressed_size = h.uncompressed_page_size - rep_len - def_len;
    if (dh.is_compressed && meta_.codec != CompressionCodec::kUncompressed) {
      if (compressed_size == 0 && uncompressed_size == 0) {
        values = compressed;
        values_size = 0;
      } else {
        SILT_ASSIGN_OR_RETURN(values,
                              Decompress(compressed, compressed_size, uncompressed_size, &holder));
        values_size = uncompressed_size;
      }
    } else {
      values = compressed;
      values_size = compressed_size;
    }
  }
  // Count rows (rep == 0) and non-null values (def == max).
  int64_t non_null = num_levels;
  if (def_) {
    const int16_t* d = def_->data_as<int16_t>() + num_levels_;
    const int16_t max_def = leaf_.max_def_level;
    non_null = CountEqual(d, num_levels, max_def);
  }
  if (rep_) {
    num_rows_ += CountEqual(rep_->data_as<int16_t>() + num_levels_, num_levels, 0);
  } else {
    num_rows_ += num_levels;
  }
  num_levels_ += num_levels;
  return DecodeValues(encoding, values, values_size, non_null);
}

Status ChunkDecoder::MaterializeIndices() {
  // A dictionary chunk fell back to another encoding: expand the indices seen so far.
  indices_mode_ = false;
  BufferPtr indices = values_;
  values_ = std::make_shared<Buffer>(pool_);
  const int32_t* idx = indices->data_as<int32_t>();
  BinaryOutput out = Binary();
  for (int64_t i = 0; i < num_values_; ++i) {
    const auto& v = dict_views_[idx[i]];
    SILT_RETURN_NOT_OK(out.Append(reinterpret_cast<const uint8_t*>(v.data()),
                                  static_cast<int64_t>(v.size())));
  }
  return Status::OK();
}

Status ChunkDecoder::DecodeDictionaryValues(const uint8_t* data, int64_t size, int64_t n) {
  if (!has_dictionary_) return Status::Corrupt("dictionary-encoded page but no dictionary page");
  RleBitPackedDecoder dec;
  SILT_RETURN_NOT_OK(InitDictionaryIndexDecoder(data, size, &dec));
  int64_t got = 0;
  if (leaf_.physical_type == Type::kByteArray) {
    if (indices_mode_ || (num_values_ == 0 && options_.keep_dictionary)) {
      indices_mode_ = true;
      SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * 4));
      SILT_ASSIGN_OR_RETURN(got, dec.GetIndices(values_->mutable_data_as<int32_t>() + num_values_,
                                                n, dict_size_));
    } else {
      BinaryOutput out = Binary();
      SILT_ASSIGN_OR_RETURN(got, dec.GetBatchWithDictionary(dict_views_.data(), dict_size_, &out, n));
    }
  } else if (width_ == 4) {
    SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * 4));
    SILT_ASSIGN_OR_RETURN(got, dec.GetBatchWithDictionary(
                                   dict_fixed_->data_as<int32_t>(), dict_size_,
                                   values_->mutable_data_as<int32_t>() + num_values_, n));
  } else if (width_ == 8) {
    SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * 8));
    SILT_ASSIGN_OR_RETURN(got, dec.GetBatchWithDictionary(
                                   dict_fixed_->data_as<int64_t>(), dict_size_,
                                   values_->mutable_data_as<int64_t>() + num_values_, n));
  } else if (width_ > 0) {
    SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * width_));
    std::vector<int32_t> idx(static_cast<size_t>(n));
    SILT_ASSIGN_OR_RETURN(got, dec.GetIndices(idx.data(), n, dict_size_));
    uint8_t* out = values_->mutable_data() + num_values_ * width_;
    for (int64_t i = 0; i < got; ++i) {
      std::memcpy(out + i * width_, dict_fixed_->data() + int64_t{idx[i]} * width_,
                  static_cast<size_t>(width_));
    }
  } else {
    return Status::Corrupt("dictionary encoding on a " + TypeName(leaf_.physical_type) +
                           " column");
  }
  if (got != n) {
    return Status::Corrupt("data page holds " + std::to_string(got) + " dictionary indices, " +
                           std::to_string(n) + " expected");
  }
  num_values_ += n;
  return Status::OK();
}

Status ChunkDecoder::DecodeValues(Encoding encoding, const uint8_t* data, int64_t size,
                                  int64_t n) {
  if (n == 0 || !convert_per_page_) return DecodePhysicalValues(encoding, data, size, n);
  // Convert page by page while the page is hot in cache, straight into the final layout.
  if (encoding == Encoding::kPlainDictionary || encoding == Encoding::kRleDictionary) {
    return GatherConvertedDictionary(data, size, n);
  }
  if (encoding == Encoding::kPlain && (leaf_.conversion == LeafConversion::kDecimalFromInt64 ||
                                       leaf_.conversion == LeafConversion::kDecimalFromInt32)) {
    // The common decimal case: widen straight from the page bytes, one pass. (INT64
    // decimals of precision <= 18 never get here: they are decimal64, read unconverted.)
    if (n > size / width_) {
      return Status::Corrupt("PLAIN decimal data for " + std::to_string(n) +
                             " values is truncated (" + std::to_string(size) + " bytes)");
    }
    SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * target_width_));
    uint8_t* out = values_->mutable_data() + num_values_ * target_width_;
    if (width_ == 8 && target_width_ == 16) {
      WidenPlain<int64_t, __int128>(data, n, out);
    } else if (width_ == 4 && target_width_ == 8) {
      WidenPlain<int32_t, int64_t>(data, n, out);
    } else if (width_ == 4 && target_width_ == 16) {
      WidenPlain<int32_t, __int128>(data, n, out);
    } else {
      return Status::Internal("unexpected decimal widths");
    }
    num_values_ += n;
    return Status::OK();
  }
  BufferPtr target = values_;
  const int64_t target_count = num_values_;
  values_ = scratch_ ? scratch_ : std::make_shared<Buffer>(pool_);
  num_values_ = 0;
  Status st = DecodePhysicalValues(encoding, data, size, n);
  scratch_ = values_;
  values_ = target;
  num_values_ = target_count;
  SILT_RETURN_NOT_OK(st);
  PhysicalValues phys;
  phys.length = n;
  phys.values = scratch_;
  SILT_ASSIGN_OR_RETURN(auto converted, ConvertPhysical(leaf_, phys, pool_));
  const int64_t w = target_width_;
  SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * w));
  std::memcpy(values_->mutable_data() + num_values_ * w, converted->buffers[1]->data(),
              static_cast<size_t>(n * w));
  num_values_ += n;
  return Status::OK();
}

template <typename T>
Status ChunkDecoder::GatherAs(RleBitPackedDecoder* dec, int64_t n) {
  SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * static_cast<int64_t>(sizeof(T))));
  SILT_ASSIGN_OR_RETURN(int64_t got,
                        dec->GetBatchWithDictionary(dict_converted_->buffers[1]->data_as<T>(),
                                                    dict_size_,
                                                    values_->mutable_data_as<T>() + num_values_, n));
  if (got != n) {
    return Status::Corrupt("data page holds " + std::to_string(got) + " dictionary indices, " +
                           std::to_string(n) + " expected");
  }
  num_values_ += n;
  return Status::OK();
}

Status ChunkDecoder::GatherConvertedDictionary(const uint8_t* data, int64_t size, int64_t n) {
  if (!has_dictionary_) return Status::Corrupt("dictionary-encoded page but no dictionary page");
  if (!dict_converted_) {
    PhysicalValues dict;
    dict.length = dict_size_;
    dict.values = dict_fixed_;
    SILT_ASSIGN_OR_RETURN(dict_converted_, ConvertPhysical(leaf_, dict, pool_));
  }
  RleBitPackedDecoder dec;
  SILT_RETURN_NOT_OK(InitDictionaryIndexDecoder(data, size, &dec));
  switch (target_width_) {
    case 1: return GatherAs<uint8_t>(&dec, n);
    case 2: return GatherAs<uint16_t>(&dec, n);
    case 4: return GatherAs<uint32_t>(&dec, n);
    case 8: return GatherAs<uint64_t>(&dec, n);
    case 16: return GatherAs<unsigned __int128>(&dec, n);
    default: return Status::Internal("unexpected converted width");
  }
}

Status ChunkDecoder::DecodePhysicalValues(Encoding encoding, const uint8_t* data, int64_t size,
                                          int64_t n) {
  if (n == 0) return Status::OK();
  if (encoding == Encoding::kPlainDictionary || encoding == Encoding::kRleDictionary) {
    return DecodeDictionaryValues(data, size, n);
  }
  if (indices_mode_) SILT_RETURN_NOT_OK(MaterializeIndices());
  int64_t consumed = 0;
  const Type pt = leaf_.physical_type;
  switch (encoding) {
    case Encoding::kPlain:
      if (pt == Type::kBoolean) {
        SILT_RETURN_NOT_OK(values_->Resize(bit_util::BytesForBits(num_values_ + n)));
        SILT_RETURN_NOT_OK(DecodePlainBooleans(data, size, 0, n, values_->mutable_data(), num_values_));
      } else if (pt == Type::kByteArray) {
        BinaryOutput out = Binary();
        SILT_RETURN_NOT_OK(DecodePlainByteArray(data, size, n, &out, &consumed));
      } else if (pt == Type::kInt96) {
        SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * 8));
        SILT_RETURN_NOT_OK(DecodePlainInt96(
            data, size, n, values_->mutable_data_as<int64_t>() + num_values_, &consumed));
      } else {
        SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * width_));
        SILT_RETURN_NOT_OK(DecodePlainFixed(data, size, n, width_,
                                            values_->mutable_data() + num_values_ * width_,
                                            &consumed));
      }
      break;
    case Encoding::kRle: {
      if (pt != Type::kBoolean) {
        return Status::Corrupt("RLE value encoding on a non-BOOLEAN column");
      }
      RleBitPackedDecoder dec;
      SILT_RETURN_NOT_OK(InitRleBooleanDecoder(data, size, &dec, &consumed));
      SILT_RETURN_NOT_OK(values_->Resize(bit_util::BytesForBits(num_values_ + n)));
      SILT_ASSIGN_OR_RETURN(int64_t got, dec.GetBitmap(values_->mutable_data(), num_values_, n));
      if (got != n) return Status::Corrupt("RLE boolean page holds too few values");
      break;
    }
    case Encoding::kDeltaBinaryPacked:
      if (pt == Type::kInt32) {
        SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * 4));
        SILT_RETURN_NOT_OK(DecodeDelta<int32_t>(
            data, size, n, values_->mutable_data_as<int32_t>() + num_values_));
      } else if (pt == Type::kInt64) {
        SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * 8));
        SILT_RETURN_NOT_OK(DecodeDelta<int64_t>(
            data, size, n, values_->mutable_data_as<int64_t>() + num_values_));
      } else {
        return Status::Corrupt("DELTA_BINARY_PACKED on a " + TypeName(pt) + " column");
      }
      break;
    case Encoding::kDeltaLengthByteArray: {
      if (pt != Type::kByteArray) {
        return Status::Corrupt("DELTA_LENGTH_BYTE_ARRAY on a non-BYTE_ARRAY column");
      }
      DeltaLengthByteArrayDecoder dec;
      SILT_RETURN_NOT_OK(dec.Init(data, size, n));
      BinaryOutput out = Binary();
      SILT_ASSIGN_OR_RETURN(int64_t got, dec.GetBatch(&out, n));
      if (got != n) return Status::Corrupt("DELTA_LENGTH_BYTE_ARRAY page holds too few values");
      break;
    }
    case Encoding::kDeltaByteArray: {
      DeltaByteArrayDecoder dec;
      SILT_RETURN_NOT_OK(dec.Init(data, size, n));
      int64_t got = 0;
      if (pt == Type::kByteArray) {
        BinaryOutput out = Binary();
        SILT_ASSIGN_OR_RETURN(got, dec.GetBatch(&out, n));
      } else if (pt == Type::kFixedLenByteArray) {
        SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * width_));
        SILT_ASSIGN_OR_RETURN(got, dec.GetBatchFixed(values_->mutable_data() + num_values_ * width_,
                                                     width_, n));
      } else {
        return Status::Corrupt("DELTA_BYTE_ARRAY on a " + TypeName(pt) + " column");
      }
      if (got != n) return Status::Corrupt("DELTA_BYTE_ARRAY page holds too few values");
      break;
    }
    case Encoding::kByteStreamSplit:
      if (width_ <= 0 || pt == Type::kInt96) {
        return Status::Corrupt("BYTE_STREAM_SPLIT on a " + TypeName(pt) + " column");
      }
      SILT_RETURN_NOT_OK(values_->Resize((num_values_ + n) * width_));
      SILT_RETURN_NOT_OK(DecodeByteStreamSplit(data, size, width_, 0, n,
                                               values_->mutable_data() + num_values_ * width_));
      break;
    default:
      return Status::NotSupported("value encoding " + EncodingName(encoding) + " for " +
                                  TypeName(pt) + " columns");
  }
  num_values_ += n;
  return Status::OK();
}

Result<DecodedColumn> ChunkDecoder::Finish() {
  DecodedColumn out;
  out.def_levels = def_;
  out.rep_levels = rep_;
  out.num_levels = num_levels_;
  out.num_rows = num_rows_;
  out.pages_read = pages_read;
  PhysicalValues phys;
  phys.length = num_values_;
  phys.values = values_;
  phys.offsets = offsets_;
  phys.data = data_;
  if (indices_mode_) {
    // Convert the dictionary once and hand the indices on.
    PhysicalValues dict;
    dict.length = dict_size_;
    auto doffs = std::make_shared<Buffer>(pool_);
    auto ddata = std::make_shared<Buffer>(pool_);
    int64_t zero = 0;
    SILT_RETURN_NOT_OK(doffs->Append(&zero, 8));
    BinaryOutput bo{doffs.get(), ddata.get()};
    int64_t total = 0;
    for (const auto& v : dict_views_) total += static_cast<int64_t>(v.size());
    SILT_RETURN_NOT_OK(bo.Reserve(dict_size_, total));
    for (const auto& v : dict_views_) {
      bo.UnsafeAppend(reinterpret_cast<const uint8_t*>(v.data()), static_cast<int64_t>(v.size()));
    }
    dict.offsets = doffs;
    dict.data = ddata;
    SILT_ASSIGN_OR_RETURN(auto dict_array, ConvertPhysical(leaf_, dict, pool_));
    auto arr = std::make_shared<ArrayData>();
    arr->type = dict_array->type;
    arr->length = num_values_;
    arr->encoding = silt::Encoding::kDictionary;
    arr->buffers = {nullptr, values_};
    arr->dictionary = std::move(dict_array);
    out.values = std::move(arr);
  } else if (convert_per_page_) {
    auto arr = std::make_shared<ArrayData>();
    arr->type = leaf_.type;
    arr->length = num_values_;
    arr->buffers = {nullptr, values_};
    out.values = std::move(arr);
  } else {
    SILT_ASSIGN_OR_RETURN(out.values, ConvertPhysical(leaf_, phys, pool_));
  }
  return out;
}

Status CheckChunkRange(const ColumnMetaData& meta, const ChunkBytes& chunk) {
  if (chunk.data == nullptr && chunk.size > 0) return Status::Internal("null chunk bytes");
  return Status::OK();
}

}  // namespace

Result<DecodedColumn> DecodeColumnChunk(const LeafDescriptor& leaf, const ColumnMetaData& meta,
                                        const ChunkBytes& chunk, int64_t num_rows,
                                        const ColumnDecodeOptions& options) {
  SILT_RETURN_NOT_OK(CheckChunkRange(meta, chunk));
  ChunkDecoder decoder(leaf, meta, options);
  // Pre-size from the metadata's claims, but never beyond what the chunk's bytes could
  // plausibly hold, so a lying footer cannot make a tiny file allocate gigabytes up front
  // (buffers still grow on demand for highly compressed data).
  const int64_t plausible = std::max<int64_t>(chunk.size * 16, int64_t{1} << 16);
  SILT_RETURN_NOT_OK(decoder.Init(
      std::min({meta.num_values, num_rows * 4 + 1024, plausible})));
  const uint8_t* p = chunk.data;
  const uint8_t* end = chunk.data + chunk.size;
  int page = 0;
  // Stop once every value the metadata promises is decoded: some writers leave padding or
  // index pages after the last data page.
  while (p < end && decoder.num_levels() < meta.num_values) {
    const uint8_t* next = nullptr;
    bool data_page = false;
    Status st = decoder.DecodePageAt(p, end, &next, &data_page);
    if (!st.ok()) {
      return st.WithContext("decoding page " + std::to_string(page) + " of column '" +
                            leaf.PathString() + "'");
    }
    p = next;
    ++page;
  }
  if (decoder.num_levels() != meta.num_values) {
    return Status::Corrupt("column '" + leaf.PathString() + "' holds " +
                           std::to_string(decoder.num_levels()) + " values, its metadata says " +
                           std::to_string(meta.num_values));
  }
  SILT_ASSIGN_OR_RETURN(DecodedColumn out, decoder.Finish());
  if (out.num_rows != num_rows) {
    return Status::Corrupt("column '" + leaf.PathString() + "' holds " +
                           std::to_string(out.num_rows) + " rows, its row group has " +
                           std::to_string(num_rows));
  }
  return out;
}

Result<DecodedColumn> DecodeColumnPages(const LeafDescriptor& leaf, const ColumnMetaData& meta,
                                        const ChunkBytes& chunk,
                                        const std::vector<PageLocation>& locations,
                                        const std::vector<int>& selected_pages,
                                        int64_t rows_in_selection,
                                        const ColumnDecodeOptions& options) {
  ChunkDecoder decoder(leaf, meta, options);
  SILT_RETURN_NOT_OK(decoder.Init(rows_in_selection));
  const uint8_t* end = chunk.data + chunk.size;
  // The dictionary page (if any) precedes the first data page.
  if (!locations.empty() && locations[0].offset > chunk.file_offset) {
    const uint8_t* p = chunk.data;
    const uint8_t* first_data = chunk.data + (locations[0].offset - chunk.file_offset);
    while (p < first_data) {
      const uint8_t* next = nullptr;
      bool data_page = false;
      SILT_RETURN_NOT_OK(decoder.DecodePageAt(p, first_data, &next, &data_page));
      p = next;
    }
  }
  int64_t skipped = static_cast<int64_t>(locations.size() - selected_pages.size());
  for (int idx : selected_pages) {
    const PageLocation& loc = locations[static_cast<size_t>(idx)];
    int64_t rel = loc.offset - chunk.file_offset;
    if (rel < 0 || loc.compressed_page_size < 0 || rel + loc.compressed_page_size > chunk.size) {
      return Status::Corrupt("offset index points outside the column chunk of '" +
                             leaf.PathString() + "'");
    }
    const uint8_t* next = nullptr;
    bool data_page = false;
    Status st = decoder.DecodePageAt(chunk.data + rel, std::min(end, chunk.data + rel + loc.compressed_page_size),
                                     &next, &data_page);
    if (!st.ok()) {
      return st.WithContext("decoding page " + std::to_string(idx) + " of column '" +
                            leaf.PathString() + "'");
    }
  }
  SILT_ASSIGN_OR_RETURN(DecodedColumn out, decoder.Finish());
  if (out.num_rows != rows_in_selection) {
    return Status::Corrupt("selected pages of column '" + leaf.PathString() + "' hold " +
                           std::to_string(out.num_rows) + " rows, the offset index says " +
                           std::to_string(rows_in_selection));
  }
  out.pages_skipped = skipped;
  return out;
}

}  // namespace silt::parquet
