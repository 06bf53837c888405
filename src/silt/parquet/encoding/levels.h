#pragma once

#include <cstdint>
#include <string>

#include "silt/common/status.h"
#include "silt/parquet/encoding/rle_bit_packed.h"

namespace silt::parquet {

/// How a data page v1 stores repetition/definition levels (the page header's
/// *_level_encoding: RLE = 3, BIT_PACKED = 4). Data page v2 levels are always RLE.
enum class LevelEncoding : uint8_t {
  kRle,        // RLE/bit-packing hybrid (v1: after a 4-byte little-endian length)
  kBitPacked,  // deprecated BIT_PACKED: MSB-first, ceil(num_values * bit_width / 8) bytes
};

/// Bit width of levels in 0..max_level.
inline int LevelBitWidth(int16_t max_level) {
  int width = 0;
  while (width < 16 && (1 << width) <= max_level) ++width;
  return width;
}

/// Streaming decoder of one page's repetition or definition levels. Every level is checked
/// to lie in [0, max_level] (Corrupt otherwise). With max_level 0 nothing is stored and all
/// levels are 0. The input must outlive the decoder.
class LevelDecoder {
 public:
  /// Data page v1: levels at the start of `data` (the page's remaining bytes). Sets
  /// *bytes_consumed to the size of the level section (4 + length for RLE,
  /// ceil(num_values * bit_width / 8) for BIT_PACKED, 0 when max_level is 0).
  Status InitV1(LevelEncoding encoding, int16_t max_level, int64_t num_values, const uint8_t* data,
                int64_t size, int64_t* bytes_consumed);
  /// Data page v2: `data`/`size` is exactly the level section, whose byte length comes from
  /// the page header; RLE runs without a length prefix.
  Status InitV2(int16_t max_level, const uint8_t* data, int64_t size);

  /// Decodes up to `n` levels; fewer only at the end of the input.
  Result<int64_t> GetBatch(int16_t* out, int64_t n);

 private:
  Result<int64_t> GetBitPacked(int16_t* out, int64_t n);

  int16_t max_level_ = 0;
  int bit_width_ = 0;
  LevelEncoding encoding_ = LevelEncoding::kRle;
  RleBitPackedDecoder rle_;
  // BIT_PACKED state: the packed bytes and the number of values left.
  const uint8_t* packed_ = nullptr;
  int64_t packed_size_ = 0;
  int64_t packed_bit_pos_ = 0;
  int64_t packed_left_ = 0;
};

/// Decodes exactly `num_values` data page v1 levels (fewer available = Corrupt) and sets
/// *bytes_consumed to the size of the level section.
Status DecodeLevelsV1(LevelEncoding encoding, int16_t max_level, const uint8_t* data, int64_t size,
                      int64_t num_values, int16_t* out, int64_t* bytes_consumed);
/// Decodes exactly `num_values` data page v2 levels from the whole of `data`/`size`.
Status DecodeLevelsV2(int16_t max_level, const uint8_t* data, int64_t size, int64_t num_values,
                      int16_t* out);

/// Appends `n` levels as RLE/bit-packing hybrid runs of width LevelBitWidth(max_level),
/// preceded by the 4-byte length for data page v1 (`length_prefix`), none for v2. Appends
/// nothing when max_level is 0.
void EncodeLevels(const int16_t* levels, int64_t n, int16_t max_level, bool length_prefix,
                  std::string* out);
/// Appends `n` levels in the deprecated BIT_PACKED encoding (for tests and compatibility).
void EncodeBitPackedLevels(const int16_t* levels, int64_t n, int16_t max_level, std::string* out);

}  // namespace silt::parquet
