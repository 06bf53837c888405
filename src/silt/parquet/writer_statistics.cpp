#include "silt/parquet/writer_statistics.h"
#include "silt/common/utf8.h"

#include <cstdint>
#include <vector>

namespace silt::parquet {

namespace {

bool IsContinuation(uint8_t b) { return (b & 0xC0) == 0x80; }

/// Length of a prefix of `value` of at most `limit` bytes that does not split a character.
size_t Utf8Cut(std::string_view value, size_t limit) {
  size_t cut = limit;
  while (cut > 0 && IsContinuation(static_cast<uint8_t>(value[cut]))) --cut;
  return cut;
}

/// Decodes the character starting at s[pos] (well-formed or not): returns its length and
/// code point, or 0 when the bytes there are not a well-formed character.
size_t DecodeChar(std::string_view s, size_t pos, uint32_t* cp) {
  const auto b0 = static_cast<uint8_t>(s[pos]);
  size_t len;
  uint32_t v;
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    v = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    v = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    v = b0 & 0x07;
  } else {
    return 0;
  }
  if (pos + len > s.size()) return 0;
  for (size_t i = 1; i < len; ++i) {
    const auto b = static_cast<uint8_t>(s[pos + i]);
    if (!IsContinuation(b)) return 0;
    v = (v << 6) | (b & 0x3F);
  }
  *cp = v;
  return len;
}


std::optional<std::string> IncrementBytes(std::string_view prefix) {
  size_t n = prefix.size();
  while (n > 0 && static_cast<uint8_t>(prefix[n - 1]) == 0xFF) --n;
  if (n == 0) return std::nullopt;
  std::string out(prefix.substr(0, n));
  out.back() = static_cast<char>(static_cast<uint8_t>(out.back()) + 1);
  return out;
}

/// Increments the last character of `prefix` that can be (dropping U+10FFFF characters
/// after it); falls back to bytes when `prefix` is not well-formed UTF-8.
std::optional<std::string> IncrementUtf8(std::string_view prefix) {
  // Character starts, to walk backwards.
  size_t pos = 0;
  std::vector<size_t> starts;
  while (pos < prefix.size()) {
    uint32_t cp;
    const size_t len = DecodeChar(prefix, pos, &cp);
    if (len == 0) return IncrementBytes(prefix);
    starts.push_back(pos);
    pos += len;
  }
  for (size_t k = starts.size(); k-- > 0;) {
    uint32_t cp = 0;
    DecodeChar(prefix, starts[k], &cp);
    uint32_t next = cp + 1;
    if (next >= 0xD800 && next <= 0xDFFF) next = 0xE000;
    if (next > 0x10FFFF) continue;
    std::string out(prefix.substr(0, starts[k]));
    AppendUtf8(static_cast<int32_t>(next), &out);
    return out;
  }
  return std::nullopt;
}

}  // namespace

std::string TruncateMin(std::string_view value, int64_t limit, bool utf8, bool* exact) {
  if (limit <= 0 || static_cast<int64_t>(value.size()) <= limit) {
    *exact = true;
    return std::string(value);
  }
  *exact = false;
  size_t cut = static_cast<size_t>(limit);
  if (utf8) cut = Utf8Cut(value, cut);
  return std::string(value.substr(0, cut));
}

std::optional<std::string> TruncateMax(std::string_view value, int64_t limit, bool utf8,
                                       bool* exact) {
  if (limit <= 0 || static_cast<int64_t>(value.size()) <= limit) {
    *exact = true;
    return std::string(value);
  }
  *exact = false;
  size_t cut = static_cast<size_t>(limit);
  if (utf8) {
    cut = Utf8Cut(value, cut);
    if (cut == 0) {  // the first character alone is longer than the limit: keep it whole
      uint32_t cp;
      cut = DecodeChar(value, 0, &cp);
      if (cut == 0) return IncrementBytes(value.substr(0, static_cast<size_t>(limit)));
    }
    return IncrementUtf8(value.substr(0, cut));
  }
  return IncrementBytes(value.substr(0, cut));
}

}  // namespace silt::parquet
