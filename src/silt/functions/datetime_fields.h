#pragma once

// Calendar fields of dates, timestamps, times and intervals, shared by date_part/extract,
// date_trunc and date_diff (internal to silt_functions).

#include <cstdint>
#include <string_view>

#include "silt/common/status.h"
#include "silt/common/types.h"

namespace silt::functions::internal {

/// A date/time field name as SQL spells it (plurals and abbreviations accepted).
enum class DateField {
  kMillennium,
  kCentury,
  kDecade,
  kYear,
  kIsoYear,
  kQuarter,
  kMonth,
  kWeek,
  kDay,
  kDayOfWeek,     // dow: Sunday = 0
  kIsoDayOfWeek,  // isodow: Monday = 1 .. Sunday = 7
  kDayOfYear,
  kHour,
  kMinute,
  kSecond,        // with the fractional part
  kMillisecond,   // seconds * 1000 with fraction, as PostgreSQL
  kMicrosecond,   // seconds * 10^6
  kEpoch,
  kJulian,
  kTimezone,      // offset in seconds (zone-aware timestamps)
  kTimezoneHour,
  kTimezoneMinute,
};

/// Parses a field name, case-insensitively. Execution error naming `function` when unknown.
Result<DateField> ParseDateField(std::string_view name, std::string_view function);

/// A point in local wall-clock time: days since the epoch, seconds into the day and the
/// sub-second part in nanoseconds; plus the UTC offset that applied (0 without a zone).
struct LocalTime {
  int64_t days = 0;
  int64_t second_of_day = 0;
  int64_t nanos = 0;
  int32_t offset = 0;
};

/// Splits timestamp ticks of `unit` (floor semantics for instants before 1970).
LocalTime SplitTicks(int64_t ticks, TimeUnit unit);

/// The value of `field` at `t`; false when the field does not apply (e.g. timezone of a
/// value without zone is 0, so it applies; week of a time does not).
bool FieldOfTimestamp(DateField field, const LocalTime& t, double* out);
/// The value of `field` for a time of day in nanoseconds.
bool FieldOfTime(DateField field, int64_t nanos, double* out);
/// The value of `field` for an interval.
bool FieldOfInterval(DateField field, int32_t months, int32_t days, int64_t nanos, double* out);

/// Truncates local time to the start of the field's unit (microsecond .. millennium); false for
/// fields that are not truncation units.
bool TruncateLocal(DateField field, LocalTime* t);

/// ISO 8601 week-numbering year and week of a day number.
void IsoWeek(int64_t days, int64_t* iso_year, int64_t* week);

}  // namespace silt::functions::internal
