#pragma once

// The interval value (month-day-nano, 16 bytes as in types.h) and its text forms
// (internal to silt_functions).

#include <cstdint>
#include <string_view>

#include "silt/common/status.h"

namespace silt::functions::internal {

/// One interval value; the in-memory layout of an interval array's values buffer.
struct IntervalValue {
  int32_t months = 0;
  int32_t days = 0;
  int64_t nanos = 0;
};
static_assert(sizeof(IntervalValue) == 16, "interval layout is 16 bytes");

/// Parses PostgreSQL interval text (`1 year 2 mons 3 days 04:05:06.5`, `-2 hours`, `3 weeks
/// ago`, `@ 1 minute`, a bare number of seconds) or ISO 8601 (`P1Y2M3DT4H5M6.5S`, `P-1M`,
/// `PT-1H`). Fractions spill down as PostgreSQL does (a month is 30 days). InvalidArgument
/// on malformed text or overflow.
Result<IntervalValue> ParseInterval(std::string_view text);

/// Adds `months` calendar months to a day number, clamping the day of month
/// (Jan 31 + 1 month = Feb 28/29). False when the year leaves +-5877641 (date32's range).
bool AddMonthsToDays(int64_t days, int64_t months, int64_t* out);

}  // namespace silt::functions::internal
