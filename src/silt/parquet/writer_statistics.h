#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace silt::parquet {

// Bounds of BYTE_ARRAY statistics cut to a length limit, so one long value does not bloat
// the footer and page index. Parquet orders BYTE_ARRAY bounds as unsigned bytes, which for
// UTF-8 is code point order, so a string bound stays a valid string when cut on character
// boundaries.

/// A lower bound of `value` of at most `limit` bytes: a prefix, cut on a UTF-8 character
/// boundary when `utf8`. *exact says whether it is `value` itself. limit <= 0 means no limit.
std::string TruncateMin(std::string_view value, int64_t limit, bool utf8, bool* exact);

/// An upper bound of `value` of at most `limit` bytes (a UTF-8 increment may add up to 3):
/// the cut prefix with its last byte (character when `utf8`) incremented, dropping trailing
/// 0xFF bytes (U+10FFFF characters). nullopt when no such bound exists (all 0xFF). *exact
/// says whether the result is `value` itself.
std::optional<std::string> TruncateMax(std::string_view value, int64_t limit, bool utf8,
                                       bool* exact);

}  // namespace silt::parquet
