#pragma once

#include <cstdint>
#include <string>

namespace silt {

/// True when [data, data + size) is well-formed UTF-8 (no overlongs, surrogates or code
/// points above U+10FFFF). ASCII runs are checked 8 bytes at a time.
bool ValidateUtf8(const uint8_t* data, int64_t size);

/// Validates each value of an int64-offset string array; returns the index of the first
/// invalid value or -1. Skips per-value work when the whole data range is ASCII.
int64_t FindInvalidUtf8(const int64_t* offsets, const uint8_t* data, int64_t num_values);

/// Writes the UTF-8 encoding of code point `cp` to `out` (room for 4 bytes) and returns its
/// length; surrogates and values above U+10FFFF are written as U+FFFD.
int EncodeUtf8(int32_t cp, char* out);

/// Appends the UTF-8 encoding of `cp` (as EncodeUtf8).
inline void AppendUtf8(int32_t cp, std::string* out) {
  char buf[4];
  out->append(buf, static_cast<size_t>(EncodeUtf8(cp, buf)));
}

}  // namespace silt
