#pragma once

#include <cstdint>
#include <string>

#include "silt/common/status.h"

namespace silt::parquet {

// BYTE_STREAM_SPLIT (Parquet 9) for FLOAT, DOUBLE, INT32, INT64 and FIXED_LEN_BYTE_ARRAY
// (e.g. FLOAT16 with width 2): a page of N values of `width` bytes is `width` streams of N
// bytes, stream k holding byte k of every value. N is the page's data size / width.

/// Decodes values [start, start + n) of the page held in [data, data + size) into `out`
/// (n * width bytes, values back to back in little-endian order). Corrupt when size is not a
/// multiple of width or the range lies beyond the page's values.
Status DecodeByteStreamSplit(const uint8_t* data, int64_t size, int width, int64_t start, int64_t n,
                             uint8_t* out);

/// Appends `n` values of `width` bytes (at `values`, back to back) as one page's streams.
void EncodeByteStreamSplit(const uint8_t* values, int64_t n, int width, std::string* out);

}  // namespace silt::parquet
