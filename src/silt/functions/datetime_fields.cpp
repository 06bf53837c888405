#include "silt/functions/datetime_fields.h"

#include <string>

#include "silt/common/temporal.h"

namespace silt::functions::internal {

namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// Day of week with Monday = 0 (1970-01-01 was a Thursday).
int64_t MondayBased(int64_t days) { return FloorMod(days + 3, 7); }

}  // namespace

Result<DateField> ParseDateField(std::string_view name, std::string_view function) {
  std::string n;
  for (char c : name) {
    if (c == ' ') continue;
    n.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  struct Entry {
    const char* name;
    DateField field;
  };
  static const Entry kFields[] = {
      {"millennium", DateField::kMillennium}, {"millenniums", DateField::kMillennium},
      {"millennia", DateField::kMillennium},  {"mil", DateField::kMillennium},
      {"century", DateField::kCentury},       {"centuries", DateField::kCentury},
      {"cent", DateField::kCentury},          {"decade", DateField::kDecade},
      {"decades", DateField::kDecade},        {"dec", DateField::kDecade},
      {"year", DateField::kYear},             {"years", DateField::kYear},
      {"y", DateField::kYear},                {"yr", DateField::kYear},
      {"yrs", DateField::kYear},              {"isoyear", DateField::kIsoYear},
      {"quarter", DateField::kQuarter},       {"quarters", DateField::kQuarter},
      {"qtr", DateField::kQuarter},           {"month", DateField::kMonth},
      {"months", DateField::kMonth},          {"mon", DateField::kMonth},
      {"mons", DateField::kMonth},            {"week", DateField::kWeek},
      {"weeks", DateField::kWeek},            {"w", DateField::kWeek},
      {"day", DateField::kDay},               {"days", DateField::kDay},
      {"d", DateField::kDay},                 {"dow", DateField::kDayOfWeek},
      {"dayofweek", DateField::kDayOfWeek},   {"weekday", DateField::kDayOfWeek},
      {"isodow", DateField::kIsoDayOfWeek},   {"doy", DateField::kDayOfYear},
      {"dayofyear", DateField::kDayOfYear},   {"hour", DateField::kHour},
      {"hours", DateField::kHour},            {"h", DateField::kHour},
      {"hr", DateField::kHour},               {"hrs", DateField::kHour},
      {"minute", DateField::kMinute},         {"minutes", DateField::kMinute},
      {"m", DateField::kMinute},              {"min", DateField::kMinute},
      {"mins", DateField::kMinute},           {"second", DateField::kSecond},
      {"seconds", DateField::kSecond},        {"s", DateField::kSecond},
      {"sec", DateField::kSecond},            {"secs", DateField::kSecond},
      {"millisecond", DateField::kMillisecond}, {"milliseconds", DateField::kMillisecond},
      {"ms", DateField::kMillisecond},        {"msec", DateField::kMillisecond},
      {"microsecond", DateField::kMicrosecond}, {"microseconds", DateField::kMicrosecond},
      {"us", DateField::kMicrosecond},        {"usec", DateField::kMicrosecond},
      {"epoch", DateField::kEpoch},           {"julian", DateField::kJulian},
      {"timezone", DateField::kTimezone},     {"timezone_hour", DateField::kTimezoneHour},
      {"timezone_minute", DateField::kTimezoneMinute},
  };
  for (const Entry& e : kFields) {
    if (n == e.name) return e.field;
  }
  return Status::Execution(std::string(function) + ": unit '" + std::string(name) +
                           "' not recognized");
}

LocalTime SplitTicks(int64_t ticks, TimeUnit unit) {
  const int64_t per_second = UnitsPerSecond(unit);
  const int64_t seconds = FloorDiv(ticks, per_second);
  LocalTime t;
  t.nanos = (ticks - seconds * per_second) * NanosPerUnit(unit);
  t.days = FloorDiv(seconds, kSecondsPerDay);
  t.second_of_day = seconds - t.days * kSecondsPerDay;
  return t;
}

void IsoWeek(int64_t days, int64_t* iso_year, int64_t* week) {
  // The ISO year of a day is the year of the Thursday of its week.
  const int64_t thursday = days - MondayBased(days) + 3;
  const CivilDate c = CivilFromDays(thursday);
  *iso_year = c.year;
  *week = (thursday - DaysFromCivil(c.year, 1, 1)) / 7 + 1;
}

bool FieldOfTimestamp(DateField field, const LocalTime& t, double* out) {
  const CivilDate c = CivilFromDays(t.days);
  const double fraction = static_cast<double>(t.nanos) / 1e9;
  const int64_t sec = t.second_of_day % 60;
  switch (field) {
    case DateField::kMillennium: *out = static_cast<double>(c.year > 0 ? (c.year + 999) / 1000 : -((999 - c.year) / 1000)); return true;
    case DateField::kCentury: *out = static_cast<double>(c.year > 0 ? (c.year + 99) / 100 : -((99 - c.year) / 100)); return true;
    case DateField::kDecade: *out = static_cast<double>(FloorDiv(c.year, 10)); return true;
    case DateField::kYear: *out = static_cast<double>(c.year); return true;
    case DateField::kQuarter: *out = (c.month - 1) / 3 + 1; return true;
    case DateField::kMonth: *out = c.month; return true;
    case DateField::kDay: *out = c.day; return true;
    case DateField::kDayOfWeek: *out = static_cast<double>((MondayBased(t.days) + 1) % 7); return true;
    case DateField::kIsoDayOfWeek: *out = static_cast<double>(MondayBased(t.days) + 1); return true;
    case DateField::kDayOfYear: *out = static_cast<double>(t.days - DaysFromCivil(c.year, 1, 1) + 1); return true;
    case DateField::kIsoYear:
    case DateField::kWeek: {
      int64_t iso_year, week;
      IsoWeek(t.days, &iso_year, &week);
      *out = static_cast<double>(field == DateField::kWeek ? week : iso_year);
      return true;
    }
    case DateField::kHour: *out = static_cast<double>(t.second_of_day / 3600); return true;
    case DateField::kMinute: *out = static_cast<double>(t.second_of_day / 60 % 60); return true;
    case DateField::kSecond: *out = static_cast<double>(sec) + fraction; return true;
    case DateField::kMillisecond: *out = static_cast<double>(sec) * 1e3 + static_cast<double>(t.nanos) / 1e6; return true;
    case DateField::kMicrosecond: *out = static_cast<double>(sec) * 1e6 + static_cast<double>(t.nanos) / 1e3; return true;
    case DateField::kEpoch:
      *out = static_cast<double>(t.days * kSecondsPerDay + t.second_of_day - t.offset) + fraction;
      return true;
    case DateField::kJulian:
      *out = static_cast<double>(t.days + 2440588) +
             (static_cast<double>(t.second_of_day) + fraction) / kSecondsPerDay;
      return true;
    case DateField::kTimezone: *out = t.offset; return true;
    case DateField::kTimezoneHour: *out = t.offset / 3600; return true;
    case DateField::kTimezoneMinute: *out = t.offset / 60 % 60; return true;
  }
  return false;
}

bool FieldOfTime(DateField field, int64_t nanos, double* out) {
  LocalTime t;
  t.second_of_day = FloorDiv(nanos, kNanosPerSecond);
  t.nanos = nanos - t.second_of_day * kNanosPerSecond;
  switch (field) {
    case DateField::kHour:
    case DateField::kMinute:
    case DateField::kSecond:
    case DateField::kMillisecond:
    case DateField::kMicrosecond: return FieldOfTimestamp(field, t, out);
    case DateField::kEpoch: *out = static_cast<double>(nanos) / 1e9; return true;
    default: return false;
  }
}

bool FieldOfInterval(DateField field, int32_t months, int32_t days, int64_t nanos, double* out) {
  const int64_t year = months / 12;
  const int64_t seconds = nanos / kNanosPerSecond;  // truncates toward zero, like the fields
  const double fraction = static_cast<double>(nanos % kNanosPerSecond) / 1e9;
  switch (field) {
    case DateField::kMillennium: *out = static_cast<double>(year / 1000); return true;
    case DateField::kCentury: *out = static_cast<double>(year / 100); return true;
    case DateField::kDecade: *out = static_cast<double>(year / 10); return true;
    case DateField::kYear: *out = static_cast<double>(year); return true;
    case DateField::kQuarter: *out = static_cast<double>(months % 12 / 3 + 1); return true;
    case DateField::kMonth: *out = months % 12; return true;
    case DateField::kDay: *out = days; return true;
    case DateField::kHour: *out = static_cast<double>(seconds / 3600); return true;
    case DateField::kMinute: *out = static_cast<double>(seconds / 60 % 60); return true;
    case DateField::kSecond: *out = static_cast<double>(seconds % 60) + fraction; return true;
    case DateField::kMillisecond: *out = static_cast<double>(seconds % 60) * 1e3 + static_cast<double>(nanos % kNanosPerSecond) / 1e6; return true;
    case DateField::kMicrosecond: *out = static_cast<double>(seconds % 60) * 1e6 + static_cast<double>(nanos % kNanosPerSecond) / 1e3; return true;
    case DateField::kEpoch:
      // PostgreSQL: a year is 365.25 days, a month 30 days.
      *out = static_cast<double>(year) * 365.25 * kSecondsPerDay +
             static_cast<double>(months % 12) * 30 * kSecondsPerDay +
             static_cast<double>(days) * kSecondsPerDay + static_cast<double>(nanos) / 1e9;
      return true;
    default: return false;
  }
}

bool TruncateLocal(DateField field, LocalTime* t) {
  const CivilDate c = CivilFromDays(t->days);
  auto to_day = [&](int64_t days) {
    t->days = days;
    t->second_of_day = 0;
    t->nanos = 0;
  };
  auto start_of_year = [&](int64_t year) { to_day(DaysFromCivil(year, 1, 1)); };
  switch (field) {
    case DateField::kMicrosecond: t->nanos -= t->nanos % 1000; return true;
    case DateField::kMillisecond: t->nanos -= t->nanos % 1000000; return true;
    case DateField::kSecond: t->nanos = 0; return true;
    case DateField::kMinute:
      t->nanos = 0;
      t->second_of_day -= t->second_of_day % 60;
      return true;
    case DateField::kHour:
      t->nanos = 0;
      t->second_of_day -= t->second_of_day % 3600;
      return true;
    case DateField::kDay: to_day(t->days); return true;
    case DateField::kWeek: to_day(t->days - MondayBased(t->days)); return true;
    case DateField::kMonth: to_day(DaysFromCivil(c.year, c.month, 1)); return true;
    case DateField::kQuarter: to_day(DaysFromCivil(c.year, (c.month - 1) / 3 * 3 + 1, 1)); return true;
    case DateField::kYear: start_of_year(c.year); return true;
    case DateField::kDecade: start_of_year(FloorDiv(c.year, 10) * 10); return true;
    case DateField::kCentury: start_of_year(c.year > 0 ? (c.year - 1) / 100 * 100 + 1 : -((-c.year) / 100 * 100) - 99); return true;
    case DateField::kMillennium: start_of_year(c.year > 0 ? (c.year - 1) / 1000 * 1000 + 1 : -((-c.year) / 1000 * 1000) - 999); return true;
    default: return false;
  }
}

}  // namespace silt::functions::internal
