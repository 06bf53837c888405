#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "silt/common/status.h"
#include "silt/common/types.h"

namespace silt {

constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kNanosPerSecond = 1000000000;
constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;

/// A proleptic Gregorian calendar date; year 0 is 1 BC (astronomical numbering).
struct CivilDate {
  int64_t year = 1970;
  int32_t month = 1;  // 1..12
  int32_t day = 1;    // 1..31
};

/// Days since 1970-01-01 of a civil date (month/day assumed valid).
int64_t DaysFromCivil(int64_t year, int32_t month, int32_t day);
/// Civil date of a day count since 1970-01-01; exact for any |days| < 2^60.
CivilDate CivilFromDays(int64_t days);
/// Number of days in `month` of `year` (leap years per the Gregorian rule).
int32_t DaysInMonth(int64_t year, int32_t month);

/// Ticks per second of a time unit (1000, 10^6, 10^9).
int64_t UnitsPerSecond(TimeUnit unit);
/// Nanoseconds per tick of a time unit.
int64_t NanosPerUnit(TimeUnit unit);

/// Appends `YYYY-MM-DD`; years outside 0001-9999 get a sign and at least four digits
/// (`+290000-01-01`, `-0044-03-15`).
void AppendDate(int64_t days, std::string* out);
/// Appends `YYYY-MM-DD HH:MM:SS[.ffffff]`: the fraction only when non-zero, 6 digits for
/// milli/micro units and 9 for nano; `utc_suffix` appends `Z` (time-zone-aware timestamps).
void AppendTimestamp(int64_t value, TimeUnit unit, bool utc_suffix, std::string* out);
/// Appends `HH:MM:SS[.ffffff]` (fraction digits as for timestamps). Out-of-range values
/// (corrupt data) still render, with a sign or hours beyond 23.
void AppendTimeOfDay(int64_t value, TimeUnit unit, std::string* out);
/// Appends an ISO 8601 duration such as `P1Y2M3DT4H5M6.5S` (`PT0S` when zero); negative
/// components carry their own sign (`P-1M`).
void AppendInterval(int32_t months, int32_t days, int64_t nanos, std::string* out);

/// Parses `[+-]Y...Y-M[M]-D[D]` (year of 1 to 9 digits) into days since the epoch.
/// Surrounding blanks are ignored. InvalidArgument on malformed text or impossible dates.
Result<int64_t> ParseDate(std::string_view text);

/// A timestamp read from text, as an instant: seconds since the epoch plus nanoseconds.
struct ParsedTimestamp {
  int64_t seconds = 0;
  int32_t nanos = 0;  // 0..999999999
  /// True when the text carried `Z`, `UTC` or a numeric offset (already applied).
  bool has_zone = false;
  /// Digits written after the decimal point (0..9).
  int32_t fraction_digits = 0;
};

/// Parses `DATE[(T| )HH:MM[:SS[.fffffffff]]][ ][Z|UTC|+HH[:MM]|-HHMM]`; the offset is
/// subtracted so the result is UTC. InvalidArgument on malformed text.
Result<ParsedTimestamp> ParseTimestamp(std::string_view text);

/// Converts a parsed timestamp to ticks of `unit`, truncating toward negative infinity
/// when the unit is coarser than the text. InvalidArgument when it overflows int64.
Result<int64_t> TimestampToUnit(const ParsedTimestamp& ts, TimeUnit unit);

/// Parses `HH:MM[:SS[.fffffffff]]` into nanoseconds since midnight.
Result<int64_t> ParseTimeOfDay(std::string_view text);

}  // namespace silt
