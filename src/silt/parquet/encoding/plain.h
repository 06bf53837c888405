#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "silt/common/status.h"
#include "silt/parquet/encoding/binary_output.h"

namespace silt::parquet {

// PLAIN encoding (Parquet PLAIN = 0). Decoders read `n` values from the start of
// [data, data + size), never past it (too few bytes = Corrupt), and report the bytes they
// used so a caller decoding a page in batches can advance. Encoders append to a string.

/// Fixed-width values (INT32, INT64, FLOAT, DOUBLE: 4 or 8 little-endian bytes;
/// FIXED_LEN_BYTE_ARRAY: byte_width = type_length): copies n * byte_width bytes to `out`.
Status DecodePlainFixed(const uint8_t* data, int64_t size, int64_t n, int byte_width, void* out,
                        int64_t* bytes_consumed);

/// Typed convenience over DecodePlainFixed.
template <typename T>
Status DecodePlain(const uint8_t* data, int64_t size, int64_t n, T* out, int64_t* bytes_consumed) {
  return DecodePlainFixed(data, size, n, static_cast<int>(sizeof(T)), out, bytes_consumed);
}

/// BOOLEAN: values are bits packed LSB-first. Copies input bits [bit_offset,
/// bit_offset + n) to bits [out_offset, out_offset + n) of `out_bits`. The caller keeps
/// bit_offset across batches (a page's values need not end on a byte boundary).
Status DecodePlainBooleans(const uint8_t* data, int64_t size, int64_t bit_offset, int64_t n,
                           uint8_t* out_bits, int64_t out_offset);

/// INT96 timestamps (8-byte little-endian nanoseconds of the day, then a 4-byte signed Julian
/// day) to microseconds since the Unix epoch (Julian day 2440588), with Spark's wrapping
/// 64-bit arithmetic. A nanoseconds-of-day outside (-1 day, 1 day) is Corrupt
/// ("INT96 timestamp out of range").
Status DecodePlainInt96(const uint8_t* data, int64_t size, int64_t n, int64_t* out_micros,
                        int64_t* bytes_consumed);

/// BYTE_ARRAY: [4-byte little-endian length][bytes] per value, appended to `out`. All
/// lengths are validated first, then the output is reserved once and filled.
Status DecodePlainByteArray(const uint8_t* data, int64_t size, int64_t n, BinaryOutput* out,
                            int64_t* bytes_consumed);

/// BYTE_ARRAY as views into `data` (e.g. to build a dictionary from a dictionary page);
/// `out` has room for n views, which live as long as `data`.
Status DecodePlainByteArrayViews(const uint8_t* data, int64_t size, int64_t n,
                                 std::string_view* out, int64_t* bytes_consumed);

/// Appends n fixed-width values (n * byte_width bytes, host order = little-endian).
void EncodePlainFixed(const void* values, int64_t n, int byte_width, std::string* out);

/// Appends bits [bit_offset, bit_offset + n) packed LSB-first; the last byte is zero-padded,
/// so a page's booleans must be encoded in one call.
void EncodePlainBooleans(const uint8_t* bits, int64_t bit_offset, int64_t n, std::string* out);

/// Appends microseconds since the epoch as INT96 (nanoseconds of day + Julian day). Every
/// int64 value is representable (the Julian day stays within int32) and decodes back
/// exactly; the Status is kept for writers that may add checks.
Status EncodePlainInt96(const int64_t* micros, int64_t n, std::string* out);

/// Appends n values given as Arrow int64 offsets (n + 1 entries) into `data`; values longer
/// than 2^31 - 1 bytes are InvalidArgument.
Status EncodePlainByteArray(const int64_t* offsets, const uint8_t* data, int64_t n,
                            std::string* out);

/// Appends n values given as views.
Status EncodePlainByteArray(const std::string_view* values, int64_t n, std::string* out);

}  // namespace silt::parquet
