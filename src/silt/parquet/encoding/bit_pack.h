#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

namespace silt::parquet {

static_assert(std::endian::native == std::endian::little,
              "silt's Parquet encodings assume a little-endian host");

// Low-level kernels shared by the Parquet encodings: LSB-first bit packing (the order used by
// the RLE/bit-packing hybrid and DELTA_BINARY_PACKED), ULEB128 / zigzag varints and bitmap
// copies. Callers validate lengths; these functions trust the sizes they are given.

/// Unpacks `num_values` values of `bit_width` bits packed LSB-first from `in` into `out`.
/// `in_size` is the number of readable bytes at `in` and must be at least
/// ceil(num_values * bit_width / 8); the kernel never reads past it. Works in groups of 8
/// values (bit_width bytes each) with a specialized loop per width. bit_width <= 16.
void UnpackBits(const uint8_t* in, int64_t in_size, int bit_width, int64_t num_values,
                uint16_t* out);
/// As above for bit_width <= 32.
void UnpackBits(const uint8_t* in, int64_t in_size, int bit_width, int64_t num_values,
                uint32_t* out);
/// As above for bit_width <= 64.
void UnpackBits(const uint8_t* in, int64_t in_size, int bit_width, int64_t num_values,
                uint64_t* out);

/// Packs the low `bit_width` bits (<= 32) of each of `num_values` values LSB-first into `out`,
/// which must have room for PackedBytes(num_values, bit_width) bytes (all of them written).
void PackBits(const uint32_t* values, int64_t num_values, int bit_width, uint8_t* out);
/// As above for 64-bit values, bit_width <= 64.
void PackBits(const uint64_t* values, int64_t num_values, int bit_width, uint8_t* out);

/// Bytes needed to hold `num_values` packed values of `bit_width` bits.
inline int64_t PackedBytes(int64_t num_values, int bit_width) {
  return (num_values * bit_width + 7) / 8;
}

/// Number of bits needed to represent `max_value` (0 for 0).
inline int BitWidthOf(uint64_t max_value) { return 64 - std::countl_zero(max_value); }

/// Copies `length` bits from src (starting at bit src_offset) to dst (at bit dst_offset),
/// a word at a time. Reads only bytes that hold source bits; bits of dst outside the
/// destination range are preserved.
void CopyBitmap(const uint8_t* src, int64_t src_offset, uint8_t* dst, int64_t dst_offset,
                int64_t length);

/// Reads a ULEB128 varint of at most 10 bytes at *pos (not past `end`), advancing *pos.
/// Returns false when the input is truncated or the value does not fit in 64 bits.
inline bool ReadUleb128(const uint8_t** pos, const uint8_t* end, uint64_t* out) {
  const uint8_t* p = *pos;
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) return false;
    const uint8_t byte = *p++;
    if (shift == 63 && byte > 1) return false;
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *pos = p;
      *out = value;
      return true;
    }
  }
  return false;
}

/// Appends `value` as a ULEB128 varint.
inline void AppendUleb128(uint64_t value, std::string* out) {
  uint8_t bytes[10];
  int n = 0;
  while (value >= 0x80) {
    bytes[n++] = static_cast<uint8_t>(value | 0x80);
    value >>= 7;
  }
  bytes[n++] = static_cast<uint8_t>(value);
  out->append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(n));
}

/// Zigzag mapping of signed to unsigned (0, -1, 1, -2 ... -> 0, 1, 2, 3 ...).
inline uint64_t ZigZagEncode(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
/// Inverse of ZigZagEncode.
inline int64_t ZigZagDecode(uint64_t value) {
  return static_cast<int64_t>((value >> 1) ^ (~(value & 1) + 1));
}

/// Reads a little-endian value of type T from possibly unaligned memory.
template <typename T>
inline T LoadLittleEndian(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

/// Appends the little-endian bytes of `value`.
template <typename T>
inline void AppendLittleEndian(T value, std::string* out) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

}  // namespace silt::parquet
