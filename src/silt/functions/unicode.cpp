#include "silt/functions/unicode.h"
#include "silt/common/utf8.h"

#include <unicode/uchar.h>
#include <unicode/ucasemap.h>

#include <cstring>

namespace silt::functions::internal {

bool IsAscii(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t acc = 0;
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    acc |= w;
    p += 8;
    n -= 8;
  }
  for (size_t i = 0; i < n; ++i) acc |= static_cast<uint8_t>(p[i]);
  return (acc & 0x8080808080808080ULL) == 0;
}

int64_t CountCodePoints(std::string_view s) {
  int64_t continuation = 0;
  const char* p = s.data();
  size_t n = s.size();
  // Count continuation bytes 8 at a time: a byte is 10xxxxxx when bit 7 is set and bit 6 not.
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    continuation += __builtin_popcountll(w & ~(w << 1) & 0x8080808080808080ULL);
    p += 8;
    n -= 8;
  }
  for (size_t i = 0; i < n; ++i) continuation += IsContinuationByte(p[i]) ? 1 : 0;
  return static_cast<int64_t>(s.size()) - continuation;
}

size_t CodePointLength(std::string_view s, size_t i) {
  const auto c = static_cast<uint8_t>(s[i]);
  size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + len > s.size()) return 1;
  for (size_t k = 1; k < len; ++k) {
    if (!IsContinuationByte(s[i + k])) return 1;
  }
  return len;
}

size_t CodePointOffset(std::string_view s, int64_t k) {
  size_t i = 0;
  if (IsAscii(s)) return k >= static_cast<int64_t>(s.size()) ? s.size() : static_cast<size_t>(std::max<int64_t>(k, 0));
  for (int64_t c = 0; c < k && i < s.size(); ++c) i += CodePointLength(s, i);
  return i;
}

int32_t DecodeCodePoint(std::string_view s, size_t* i) {
  const size_t len = CodePointLength(s, *i);
  const auto c = static_cast<uint8_t>(s[*i]);
  int32_t cp;
  if (len == 1) {
    cp = c < 0x80 ? c : 0xFFFD;
  } else {
    cp = c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<uint8_t>(s[*i + k]) & 0x3F);
  }
  *i += len;
  return cp;
}

int EncodeCodePoint(int32_t cp, char* out) { return EncodeUtf8(cp, out); }

void AppendCodePoint(int32_t cp, std::string* out) {
  char buf[4];
  out->append(buf, static_cast<size_t>(EncodeCodePoint(cp, buf)));
}

int32_t FoldCase(int32_t cp) { return u_foldCase(cp, U_FOLD_CASE_DEFAULT); }
int32_t ToUpperCodePoint(int32_t cp) { return u_toupper(cp); }
int32_t ToLowerCodePoint(int32_t cp) { return u_tolower(cp); }
int32_t ToTitleCodePoint(int32_t cp) { return u_totitle(cp); }
bool IsAlphanumeric(int32_t cp) { return u_isalnum(cp) != 0; }

CaseMapper::CaseMapper() {
  UErrorCode status = U_ZERO_ERROR;
  map_ = ucasemap_open("", 0, &status);
  if (U_FAILURE(status)) map_ = nullptr;
}

CaseMapper::~CaseMapper() {
  if (map_ != nullptr) ucasemap_close(map_);
}

Status CaseMapper::Upper(std::string_view s, std::string* out) { return Map(true, s, out); }
Status CaseMapper::Lower(std::string_view s, std::string* out) { return Map(false, s, out); }

Status CaseMapper::Map(bool upper, std::string_view s, std::string* out) {
  if (IsAscii(s)) {
    const size_t start = out->size();
    out->append(s);
    for (size_t i = start; i < out->size(); ++i) {
      char& c = (*out)[i];
      if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return Status::OK();
  }
  if (map_ == nullptr) return Status::Internal("ICU case mapping is unavailable");
  if (s.size() > static_cast<size_t>(INT32_MAX / 4)) return Status::Execution("string too long for case mapping");
  const size_t start = out->size();
  // Full case mapping grows a string by at most 3x (e.g. U+0390 -> three code points).
  int32_t capacity = static_cast<int32_t>(s.size()) * 3 + 16;
  for (int attempt = 0; attempt < 2; ++attempt) {
    out->resize(start + static_cast<size_t>(capacity));
    UErrorCode status = U_ZERO_ERROR;
    const int32_t len = upper ? ucasemap_utf8ToUpper(map_, out->data() + start, capacity, s.data(),
                                                     static_cast<int32_t>(s.size()), &status)
                              : ucasemap_utf8ToLower(map_, out->data() + start, capacity, s.data(),
                                                     static_cast<int32_t>(s.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      capacity = len;
      continue;
    }
    if (U_FAILURE(status)) {
      out->resize(start);
      return Status::Execution(std::string("case mapping failed: ") + u_errorName(status));
    }
    out->resize(start + static_cast<size_t>(len));
    return Status::OK();
  }
  out->resize(start);
  return Status::Internal("case mapping buffer sizing failed");
}

void AppendFolded(std::string_view s, std::string* out) {
  if (IsAscii(s)) {
    const size_t start = out->size();
    out->append(s);
    for (size_t i = start; i < out->size(); ++i) {
      char& c = (*out)[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return;
  }
  size_t i = 0;
  while (i < s.size()) {
    const size_t begin = i;
    const int32_t cp = DecodeCodePoint(s, &i);
    if (cp == 0xFFFD && i - begin == 1 && static_cast<uint8_t>(s[begin]) >= 0x80) {
      out->push_back(s[begin]);  // keep malformed bytes as they are
      continue;
    }
    AppendCodePoint(FoldCase(cp), out);
  }
}

}  // namespace silt::functions::internal
