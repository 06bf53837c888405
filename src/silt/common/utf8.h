#pragma once

#include <cstdint>

namespace silt {

/// True when [data, data + size) is well-formed UTF-8 (no overlongs, surrogates or code
/// points above U+10FFFF). ASCII runs are checked 8 bytes at a time.
bool ValidateUtf8(const uint8_t* data, int64_t size);

/// Validates each value of an int64-offset string array; returns the index of the first
/// invalid value or -1. Skips per-value work when the whole data range is ASCII.
int64_t FindInvalidUtf8(const int64_t* offsets, const uint8_t* data, int64_t num_values);

}  // namespace silt
