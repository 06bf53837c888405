#include "silt/parquet/encoding/levels.h"

#include <algorithm>
#include <cstring>

#include "silt/parquet/encoding/bit_pack.h"

namespace silt::parquet {
namespace {

Status CheckMaxLevel(int16_t max_level) {
  if (max_level < 0) {
    return Status::InvalidArgument("negative max level " + std::to_string(max_level));
  }
  return Status::OK();
}

// Levels are small and the check runs over every decoded batch, so it is a branch-free
// maximum that vectorizes; negative int16 values compare as large unsigned ones.
Status CheckLevels(const int16_t* levels, int64_t n, int16_t max_level) {
  const auto* u = reinterpret_cast<const uint16_t*>(levels);
  uint16_t max = 0;
  for (int64_t i = 0; i < n; ++i) max = std::max(max, u[i]);
  if (max <= static_cast<uint16_t>(max_level)) return Status::OK();
  return Status::Corrupt("level " + std::to_string(max) + " exceeds the maximum level " +
                         std::to_string(max_level));
}

}  // namespace

Status LevelDecoder::InitV1(LevelEncoding encoding, int16_t max_level, int64_t num_values,
                            const uint8_t* data, int64_t size, int64_t* bytes_consumed) {
  SILT_RETURN_NOT_OK(CheckMaxLevel(max_level));
  max_level_ = max_level;
  bit_width_ = LevelBitWidth(max_level);
  encoding_ = encoding;
  *bytes_consumed = 0;
  if (max_level == 0) {
    encoding_ = LevelEncoding::kRle;
    rle_.Reset(data, 0, 0);
    return Status::OK();
  }
  if (encoding == LevelEncoding::kRle) {
    if (size < 4) return Status::Corrupt("levels are missing their 4-byte length prefix");
    const auto length = static_cast<int64_t>(LoadLittleEndian<uint32_t>(data));
    if (length > size - 4) {
      return Status::Corrupt("level data length " + std::to_string(length) + " exceeds the " +
                             std::to_string(size - 4) + " bytes left in the page");
    }
    rle_.Reset(data + 4, length, bit_width_);
    *bytes_consumed = 4 + length;
    return Status::OK();
  }
  if (num_values < 0 || num_values > size * 8 / bit_width_) {
    return Status::Corrupt("bit-packed levels for " + std::to_string(num_values) +
                           " values exceed the " + std::to_string(size) +
                           " bytes left in the page");
  }
  packed_ = data;
  packed_size_ = PackedBytes(num_values, bit_width_);
  packed_bit_pos_ = 0;
  packed_left_ = num_values;
  *bytes_consumed = packed_size_;
  return Status::OK();
}

Status LevelDecoder::InitV2(int16_t max_level, const uint8_t* data, int64_t size) {
  SILT_RETURN_NOT_OK(CheckMaxLevel(max_level));
  max_level_ = max_level;
  bit_width_ = LevelBitWidth(max_level);
  encoding_ = LevelEncoding::kRle;
  if (max_level == 0) {
    rle_.Reset(data, 0, 0);
  } else {
    rle_.Reset(data, size, bit_width_);
  }
  return Status::OK();
}

Result<int64_t> LevelDecoder::GetBatch(int16_t* out, int64_t n) {
  if (max_level_ == 0) {
    std::fill(out, out + n, int16_t{0});
    return n;
  }
  if (encoding_ == LevelEncoding::kBitPacked) return GetBitPacked(out, n);
  SILT_ASSIGN_OR_RETURN(int64_t got, rle_.GetBatch(out, n));
  SILT_RETURN_NOT_OK(CheckLevels(out, got, max_level_));
  return got;
}

Result<int64_t> LevelDecoder::GetBitPacked(int16_t* out, int64_t n) {
  // Values are packed from the most significant bit of each byte; a value of up to 15 bits
  // at bit offset 0..7 lies within 3 bytes.
  const int64_t count = std::min(n, packed_left_);
  const uint32_t mask = (1u << bit_width_) - 1;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t byte = packed_bit_pos_ >> 3;
    const int offset = static_cast<int>(packed_bit_pos_ & 7);
    uint32_t word = static_cast<uint32_t>(packed_[byte]) << 16;
    if (byte + 1 < packed_size_) word |= static_cast<uint32_t>(packed_[byte + 1]) << 8;
    if (byte + 2 < packed_size_) word |= packed_[byte + 2];
    out[i] = static_cast<int16_t>((word >> (24 - offset - bit_width_)) & mask);
    packed_bit_pos_ += bit_width_;
  }
  packed_left_ -= count;
  SILT_RETURN_NOT_OK(CheckLevels(out, count, max_level_));
  return count;
}

Status DecodeLevelsV1(LevelEncoding encoding, int16_t max_level, const uint8_t* data, int64_t size,
                      int64_t num_values, int16_t* out, int64_t* bytes_consumed) {
  LevelDecoder decoder;
  SILT_RETURN_NOT_OK(decoder.InitV1(encoding, max_level, num_values, data, size, bytes_consumed));
  SILT_ASSIGN_OR_RETURN(int64_t got, decoder.GetBatch(out, num_values));
  if (got != num_values) {
    return Status::Corrupt("page has " + std::to_string(got) + " levels, expected " +
                           std::to_string(num_values));
  }
  return Status::OK();
}

Status DecodeLevelsV2(int16_t max_level, const uint8_t* data, int64_t size, int64_t num_values,
                      int16_t* out) {
  LevelDecoder decoder;
  SILT_RETURN_NOT_OK(decoder.InitV2(max_level, data, size));
  SILT_ASSIGN_OR_RETURN(int64_t got, decoder.GetBatch(out, num_values));
  if (got != num_values) {
    return Status::Corrupt("page has " + std::to_string(got) + " levels, expected " +
                           std::to_string(num_values));
  }
  return Status::OK();
}

void EncodeLevels(const int16_t* levels, int64_t n, int16_t max_level, bool length_prefix,
                  std::string* out) {
  if (max_level <= 0) return;
  const size_t prefix_pos = out->size();
  if (length_prefix) out->append(4, '\0');
  RleBitPackedEncoder encoder(LevelBitWidth(max_level), out);
  encoder.PutBatch(levels, n);
  encoder.Flush();
  if (length_prefix) {
    const auto length = static_cast<uint32_t>(out->size() - prefix_pos - 4);
    std::memcpy(out->data() + prefix_pos, &length, 4);
  }
}

void EncodeBitPackedLevels(const int16_t* levels, int64_t n, int16_t max_level, std::string* out) {
  if (max_level <= 0) return;
  const int bit_width = LevelBitWidth(max_level);
  const size_t start = out->size();
  out->append(static_cast<size_t>(PackedBytes(n, bit_width)), '\0');
  auto* bytes = reinterpret_cast<uint8_t*>(out->data() + start);
  int64_t bit = 0;
  for (int64_t i = 0; i < n; ++i) {
    const auto value = static_cast<uint32_t>(levels[i]);
    for (int b = bit_width - 1; b >= 0; --b, ++bit) {
      if ((value >> b) & 1) bytes[bit >> 3] |= static_cast<uint8_t>(0x80 >> (bit & 7));
    }
  }
}

}  // namespace silt::parquet
