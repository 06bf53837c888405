#pragma once

// Internal to silt_csv: strict text -> value parsers shared by type inference and column
// conversion, so a value that voted for a type always converts to it.

#include <cstdint>
#include <string_view>

namespace silt::csv {

/// Bits of the types a value parses as, in inference order (narrowest first).
enum CandidateBit : uint8_t {
  kCandidateBool = 1,
  kCandidateInt64 = 2,
  kCandidateFloat64 = 4,
  kCandidateDate32 = 8,
  kCandidateTimestamp = 16,
};
constexpr uint8_t kAllCandidates = 31;

/// `true` / `false` in any case.
bool ReadBool(std::string_view text, bool* out);
/// Optional sign and decimal digits that fit int64.
bool ReadInt64(std::string_view text, int64_t* out);
/// Decimal or exponent forms with an optional sign, `inf`, `infinity`, `nan` (any case).
bool ReadFloat64(std::string_view text, double* out);
/// `YYYY-MM-DD`, a valid calendar date; days since the epoch.
bool ReadDate32(std::string_view text, int32_t* out);
/// `YYYY-MM-DD[( |T)HH:MM:SS[.f...]]` without a zone; microseconds since the epoch (digits
/// beyond microseconds are truncated). A bare date is midnight.
bool ReadTimestampMicros(std::string_view text, int64_t* out);
/// The CandidateBits of every type `text` parses as.
uint8_t CandidateMask(std::string_view text);

}  // namespace silt::csv
