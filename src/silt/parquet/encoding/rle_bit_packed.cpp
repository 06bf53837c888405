#include "silt/parquet/encoding/rle_bit_packed.h"

#include <cstring>

#include "silt/common/bit_util.h"
#include "silt/parquet/encoding/bit_pack.h"

namespace silt::parquet {

void RleBitPackedDecoder::Reset(const uint8_t* data, int64_t size, int bit_width) {
  pos_ = data;
  end_ = data + (size > 0 ? size : 0);
  bit_width_ = bit_width;
  value_bytes_ = (bit_width + 7) / 8;
  error_ = Status::OK();
  if (bit_width < 0 || bit_width > 32) {
    error_ = Status::Corrupt("RLE/bit-packed bit width " + std::to_string(bit_width) +
                             " is outside 0..32");
    bit_width_ = 0;
    value_bytes_ = 0;
  }
  rle_left_ = 0;
  rle_value_ = 0;
  literal_left_ = 0;
  literal_pos_ = literal_end_ = nullptr;
  group_pos_ = group_end_ = 0;
}

Result<bool> RleBitPackedDecoder::NextRun() {
  if (!error_.ok()) return error_;
  // Loops only to step over empty runs, which carry no values.
  while (pos_ < end_) {
    const uint8_t* p = pos_;
    uint64_t header;
    // Run lengths are limited to 2^31 - 1, so a valid header fits in 32 bits.
    if (!ReadUleb128(&p, end_, &header) || header > 0xFFFFFFFFull) {
      return Status::Corrupt("RLE/bit-packed run header is truncated or overflows");
    }
    const auto count = static_cast<int64_t>(header >> 1);
    const int64_t avail = end_ - p;
    if (header & 1) {
      int64_t values = count * 8;
      int64_t bytes = count * bit_width_;
      if (bytes > avail) {  // implies bit_width_ > 0
        bytes = avail;
        values = avail * 8 / bit_width_;
      }
      literal_pos_ = p;
      literal_end_ = p + bytes;
      literal_left_ = values;
      pos_ = literal_end_;
      if (values > 0) return true;
    } else {
      if (avail < value_bytes_) return Status::Corrupt("RLE run value is truncated");
      uint32_t value = 0;
      std::memcpy(&value, p, static_cast<size_t>(value_bytes_));
      rle_value_ = value;
      rle_left_ = count;
      pos_ = p + value_bytes_;
      if (count > 0) return true;
    }
  }
  return false;
}

template <typename Out>
int64_t RleBitPackedDecoder::GetLiteral(Out* out, int64_t n) {
  int64_t done = 0;
  if (group_pos_ < group_end_) {
    const int64_t take = std::min<int64_t>(n, group_end_ - group_pos_);
    for (int64_t i = 0; i < take; ++i) out[i] = static_cast<Out>(group_[group_pos_ + i]);
    group_pos_ += static_cast<int>(take);
    done = take;
  }
  if (done == n || literal_left_ == 0) return done;
  // Whole groups straight into the output.
  const int64_t whole = std::min(n - done, literal_left_) & ~int64_t{7};
  if (whole > 0) {
    UnpackBits(literal_pos_, literal_end_ - literal_pos_, bit_width_, whole, out + done);
    literal_pos_ += whole / 8 * bit_width_;
    literal_left_ -= whole;
    done += whole;
  }
  if (done < n && literal_left_ > 0) {
    // Fewer than 8 wanted: unpack one group and keep the rest for the next call.
    const int count = static_cast<int>(std::min<int64_t>(8, literal_left_));
    UnpackBits(literal_pos_, literal_end_ - literal_pos_, bit_width_, count, group_);
    literal_pos_ += std::min<int64_t>(bit_width_, literal_end_ - literal_pos_);
    literal_left_ -= count;
    const int take = static_cast<int>(std::min<int64_t>(n - done, count));
    for (int i = 0; i < take; ++i) out[done + i] = static_cast<Out>(group_[i]);
    group_pos_ = take;
    group_end_ = count;
    done += take;
  }
  return done;
}

template <typename Out>
Result<int64_t> RleBitPackedDecoder::GetBatchImpl(Out* out, int64_t n) {
  int64_t done = 0;
  while (done < n) {
    if (rle_left_ > 0) {
      const int64_t take = std::min(rle_left_, n - done);
      std::fill(out + done, out + done + take, static_cast<Out>(rle_value_));
      rle_left_ -= take;
      done += take;
      continue;
    }
    const int64_t got = GetLiteral(out + done, n - done);
    if (got > 0) {
      done += got;
      continue;
    }
    SILT_ASSIGN_OR_RETURN(bool more, NextRun());
    if (!more) break;
  }
  return done;
}

Result<int64_t> RleBitPackedDecoder::GetBatch(int32_t* out, int64_t n) {
  return GetBatchImpl(reinterpret_cast<uint32_t*>(out), n);
}

Result<int64_t> RleBitPackedDecoder::GetBatch(int16_t* out, int64_t n) {
  if (bit_width_ > 16) {
    return Status::Corrupt("bit width " + std::to_string(bit_width_) +
                           " is too wide for 16-bit levels");
  }
  return GetBatchImpl(reinterpret_cast<uint16_t*>(out), n);
}

Status RleBitPackedDecoder::IndexOutOfRange(uint32_t index, int32_t dict_size) {
  return Status::Corrupt("dictionary index out of range: " + std::to_string(index) +
                         " >= dictionary size " + std::to_string(dict_size));
}

namespace {
// Branch-free maximum so the check vectorizes; the error path finds the culprit.
inline bool IndicesInRange(const int32_t* indices, int64_t n, int32_t dict_size, uint32_t* bad) {
  const auto* u = reinterpret_cast<const uint32_t*>(indices);
  uint32_t max = 0;
  for (int64_t i = 0; i < n; ++i) max = std::max(max, u[i]);
  const auto limit = static_cast<uint32_t>(std::max(dict_size, 0));
  if (n == 0 || max < limit) return true;
  for (int64_t i = 0; i < n; ++i) {
    if (u[i] >= limit) {
      *bad = u[i];
      break;
    }
  }
  return false;
}
}  // namespace

Result<int64_t> RleBitPackedDecoder::GetIndices(int32_t* out, int64_t n, int32_t dict_size) {
  SILT_ASSIGN_OR_RETURN(int64_t got, GetBatch(out, n));
  uint32_t bad = 0;
  if (!IndicesInRange(out, got, dict_size, &bad)) return IndexOutOfRange(bad, dict_size);
  return got;
}

Result<int64_t> RleBitPackedDecoder::GetLiteralIndices(int32_t* out, int64_t n, int32_t dict_size) {
  const int64_t got = GetLiteral(reinterpret_cast<uint32_t*>(out), n);
  uint32_t bad = 0;
  if (!IndicesInRange(out, got, dict_size, &bad)) return IndexOutOfRange(bad, dict_size);
  return got;
}

Result<int64_t> RleBitPackedDecoder::GetBatchWithDictionary(const std::string_view* dict,
                                                            int32_t dict_size, BinaryOutput* out,
                                                            int64_t n) {
  int64_t done = 0;
  int32_t indices[kIndexChunk];
  while (done < n) {
    SILT_ASSIGN_OR_RETURN(int64_t got,
                          GetIndices(indices, std::min(kIndexChunk, n - done), dict_size));
    if (got == 0) break;
    int64_t bytes = 0;
    for (int64_t i = 0; i < got; ++i) bytes += static_cast<int64_t>(dict[indices[i]].size());
    SILT_RETURN_NOT_OK(out->Reserve(got, bytes));
    for (int64_t i = 0; i < got; ++i) {
      const std::string_view v = dict[indices[i]];
      out->UnsafeAppend(reinterpret_cast<const uint8_t*>(v.data()), static_cast<int64_t>(v.size()));
    }
    done += got;
  }
  return done;
}

Result<int64_t> RleBitPackedDecoder::GetBitmap(uint8_t* bits, int64_t bit_offset, int64_t n) {
  if (!error_.ok()) return error_;
  if (bit_width_ != 1) {
    return Status::InvalidArgument("GetBitmap needs bit width 1, not " +
                                   std::to_string(bit_width_));
  }
  int64_t done = 0;
  while (done < n) {
    if (rle_left_ > 0) {
      const int64_t take = std::min(rle_left_, n - done);
      bit_util::SetBitsTo(bits, bit_offset + done, take, rle_value_ != 0);
      rle_left_ -= take;
      done += take;
      continue;
    }
    if (group_pos_ < group_end_) {
      bit_util::SetBitTo(bits, bit_offset + done, group_[group_pos_++] != 0);
      ++done;
      continue;
    }
    if (literal_left_ > 0) {
      // With one bit per value a bit-packed run is already a bitmap.
      const int64_t whole = std::min(n - done, literal_left_) & ~int64_t{7};
      if (whole > 0) {
        CopyBitmap(literal_pos_, 0, bits, bit_offset + done, whole);
        literal_pos_ += whole / 8;
        literal_left_ -= whole;
        done += whole;
      } else {
        uint32_t one;
        GetLiteral(&one, 1);
        bit_util::SetBitTo(bits, bit_offset + done, one != 0);
        ++done;
      }
      continue;
    }
    SILT_ASSIGN_OR_RETURN(bool more, NextRun());
    if (!more) break;
  }
  return done;
}

Result<int64_t> RleBitPackedDecoder::Skip(int64_t n) {
  int64_t done = 0;
  uint32_t scratch[8];
  while (done < n) {
    if (rle_left_ > 0) {
      const int64_t take = std::min(rle_left_, n - done);
      rle_left_ -= take;
      done += take;
      continue;
    }
    if (group_pos_ < group_end_) {
      const int take = static_cast<int>(std::min<int64_t>(n - done, group_end_ - group_pos_));
      group_pos_ += take;
      done += take;
      continue;
    }
    if (literal_left_ > 0) {
      const int64_t whole = std::min(n - done, literal_left_) & ~int64_t{7};
      if (whole > 0) {
        literal_pos_ += whole / 8 * bit_width_;
        literal_left_ -= whole;
        done += whole;
      } else {
        done += GetLiteral(scratch, std::min<int64_t>(8, n - done));
      }
      continue;
    }
    SILT_ASSIGN_OR_RETURN(bool more, NextRun());
    if (!more) break;
  }
  return done;
}

RleBitPackedEncoder::RleBitPackedEncoder(int bit_width, std::string* sink)
    : bit_width_(bit_width), sink_(sink) {
  SILT_DCHECK(bit_width >= 0 && bit_width <= 32);
}

void RleBitPackedEncoder::FlushBufferedValues() {
  if (repeat_count_ >= 8) {
    // The 8 buffered values open an RLE run; they are written when the run ends.
    num_buffered_ = 0;
    if (literal_count_ != 0) FlushLiteralRun(/*close_run=*/true);
    return;
  }
  literal_count_ += num_buffered_;
  const int64_t groups = (literal_count_ + 7) / 8;
  // Keep the header within one byte: at most 63 groups per run.
  FlushLiteralRun(/*close_run=*/groups >= 63);
  repeat_count_ = 0;
}

void RleBitPackedEncoder::FlushLiteralRun(bool close_run) {
  if (indicator_pos_ < 0) {
    indicator_pos_ = static_cast<int64_t>(sink_->size());
    sink_->push_back('\0');
  }
  if (num_buffered_ > 0) {
    for (int i = num_buffered_; i < 8; ++i) buffered_[i] = 0;
    const size_t old = sink_->size();
    sink_->resize(old + static_cast<size_t>(bit_width_));
    PackBits(buffered_, 8, bit_width_, reinterpret_cast<uint8_t*>(sink_->data() + old));
    num_buffered_ = 0;
  }
  if (close_run) {
    const int64_t groups = (literal_count_ + 7) / 8;
    (*sink_)[static_cast<size_t>(indicator_pos_)] = static_cast<char>((groups << 1) | 1);
    indicator_pos_ = -1;
    literal_count_ = 0;
  }
}

void RleBitPackedEncoder::FlushRepeatedRun() {
  AppendUleb128(static_cast<uint64_t>(repeat_count_) << 1, sink_);
  const uint32_t value = current_value_;
  sink_->append(reinterpret_cast<const char*>(&value), static_cast<size_t>((bit_width_ + 7) / 8));
  num_buffered_ = 0;
  repeat_count_ = 0;
}

void RleBitPackedEncoder::Flush() {
  if (literal_count_ == 0 && repeat_count_ == 0 && num_buffered_ == 0) return;
  const bool all_repeats =
      literal_count_ == 0 && (num_buffered_ == 0 || repeat_count_ == num_buffered_);
  if (repeat_count_ > 0 && all_repeats) {
    FlushRepeatedRun();
  } else {
    literal_count_ += num_buffered_;
    FlushLiteralRun(/*close_run=*/true);
    repeat_count_ = 0;
  }
}

Status InitRleBooleanDecoder(const uint8_t* data, int64_t size, RleBitPackedDecoder* decoder,
                             int64_t* bytes_consumed) {
  if (size < 4) return Status::Corrupt("RLE boolean data is missing its length prefix");
  const auto length = static_cast<int64_t>(LoadLittleEndian<uint32_t>(data));
  if (length > size - 4) {
    return Status::Corrupt("RLE boolean length " + std::to_string(length) + " exceeds the " +
                           std::to_string(size - 4) + " bytes available");
  }
  decoder->Reset(data + 4, length, 1);
  *bytes_consumed = 4 + length;
  return Status::OK();
}

void EncodeRleBooleans(const uint8_t* bits, int64_t bit_offset, int64_t n, std::string* out) {
  const size_t prefix_pos = out->size();
  out->append(4, '\0');
  RleBitPackedEncoder encoder(1, out);
  for (int64_t i = 0; i < n; ++i) encoder.Put(bit_util::GetBit(bits, bit_offset + i) ? 1 : 0);
  encoder.Flush();
  const auto length = static_cast<uint32_t>(out->size() - prefix_pos - 4);
  std::memcpy(out->data() + prefix_pos, &length, 4);
}

Status InitDictionaryIndexDecoder(const uint8_t* data, int64_t size, RleBitPackedDecoder* decoder) {
  if (size <= 0) {
    decoder->Reset(data, 0, 0);
    return Status::OK();
  }
  const int bit_width = data[0];
  if (bit_width > 32) {
    return Status::Corrupt("dictionary index bit width " + std::to_string(bit_width) +
                           " exceeds 32");
  }
  decoder->Reset(data + 1, size - 1, bit_width);
  return Status::OK();
}

void EncodeDictionaryIndices(const int32_t* indices, int64_t n, int bit_width, std::string* out) {
  out->push_back(static_cast<char>(bit_width));
  RleBitPackedEncoder encoder(bit_width, out);
  encoder.PutBatch(indices, n);
  encoder.Flush();
}

}  // namespace silt::parquet
