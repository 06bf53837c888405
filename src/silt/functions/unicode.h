#pragma once

// UTF-8 code point helpers and Unicode case mapping (ICU) for the string functions and LIKE
// (internal to silt_functions). Invalid UTF-8 never reads out of bounds: a malformed
// sequence counts as one code point per byte and decodes as U+FFFD.

#include <cstdint>
#include <string>
#include <string_view>

#include "silt/common/status.h"

struct UCaseMap;

namespace silt::functions::internal {

/// True for a UTF-8 continuation byte (10xxxxxx).
inline bool IsContinuationByte(char c) { return (static_cast<uint8_t>(c) & 0xC0) == 0x80; }

/// True when every byte is ASCII.
bool IsAscii(std::string_view s);

/// Number of code points (bytes that are not continuation bytes).
int64_t CountCodePoints(std::string_view s);

/// Byte offset just after the first `k` code points of `s` (s.size() when it has fewer).
size_t CodePointOffset(std::string_view s, int64_t k);

/// Bytes of the code point starting at s[i] (1 for a malformed or truncated sequence).
size_t CodePointLength(std::string_view s, size_t i);

/// Decodes the code point at s[*i] and advances *i; malformed input yields U+FFFD and one byte.
int32_t DecodeCodePoint(std::string_view s, size_t* i);

/// Appends the UTF-8 encoding of `cp` (U+FFFD for surrogates or values beyond U+10FFFF).
void AppendCodePoint(int32_t cp, std::string* out);
/// Writes the UTF-8 encoding of `cp` to out (room for 4 bytes); returns the byte count.
int EncodeCodePoint(int32_t cp, char* out);

/// Unicode simple case folding of one code point (for ILIKE: keeps code point counts).
int32_t FoldCase(int32_t cp);
/// Simple upper / lower / title mapping of one code point.
int32_t ToUpperCodePoint(int32_t cp);
int32_t ToLowerCodePoint(int32_t cp);
int32_t ToTitleCodePoint(int32_t cp);
/// Unicode alphanumeric (letters and digits of any script), for initcap word boundaries.
bool IsAlphanumeric(int32_t cp);

/// Full Unicode case mapping of whole strings with ICU's root locale ('ß' upper is "SS",
/// 'İ' lower is "i̇"). One per kernel call; not thread-safe.
class CaseMapper {
 public:
  CaseMapper();
  ~CaseMapper();
  CaseMapper(const CaseMapper&) = delete;
  CaseMapper& operator=(const CaseMapper&) = delete;

  /// Appends upper(s) / lower(s) to *out (ASCII input takes a byte loop).
  Status Upper(std::string_view s, std::string* out);
  Status Lower(std::string_view s, std::string* out);

 private:
  Status Map(bool upper, std::string_view s, std::string* out);
  UCaseMap* map_ = nullptr;
};

/// Appends `s` with every code point simply case-folded (ASCII folded bytewise).
void AppendFolded(std::string_view s, std::string* out);

}  // namespace silt::functions::internal
