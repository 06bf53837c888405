#include "silt/common/temporal.h"

#include <charconv>

namespace silt {

namespace {

// Floor division and the matching non-negative remainder (divisor > 0).
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b < 0) ? q - 1 : q;
}
inline int64_t FloorMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}

void AppendPadded(uint64_t v, int width, std::string* out) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  int len = static_cast<int>(res.ptr - buf);
  for (int i = len; i < width; ++i) out->push_back('0');
  out->append(buf, static_cast<size_t>(len));
}

// Fraction digits for a unit: milli and micro render as microseconds, nano as nanoseconds.
void AppendFraction(int64_t ticks, TimeUnit unit, std::string* out) {
  if (ticks == 0) return;
  out->push_back('.');
  switch (unit) {
    case TimeUnit::kMilli: AppendPadded(static_cast<uint64_t>(ticks) * 1000, 6, out); break;
    case TimeUnit::kMicro: AppendPadded(static_cast<uint64_t>(ticks), 6, out); break;
    case TimeUnit::kNano: AppendPadded(static_cast<uint64_t>(ticks), 9, out); break;
  }
}

void AppendHms(int64_t seconds_of_day, std::string* out) {
  AppendPadded(static_cast<uint64_t>(seconds_of_day / 3600), 2, out);
  out->push_back(':');
  AppendPadded(static_cast<uint64_t>(seconds_of_day / 60 % 60), 2, out);
  out->push_back(':');
  AppendPadded(static_cast<uint64_t>(seconds_of_day % 60), 2, out);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads between min_digits and max_digits decimal digits at s[*pos].
bool ReadDigits(std::string_view s, size_t* pos, int min_digits, int max_digits, int64_t* out) {
  int64_t v = 0;
  int n = 0;
  while (*pos < s.size() && n < max_digits && s[*pos] >= '0' && s[*pos] <= '9') {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
    ++n;
  }
  *out = v;
  return n >= min_digits;
}

// Parses the date prefix of `s`, advancing *pos; returns false when malformed.
bool ReadDate(std::string_view s, size_t* pos, int64_t* days) {
  bool negative = false;
  if (*pos < s.size() && (s[*pos] == '+' || s[*pos] == '-')) negative = s[(*pos)++] == '-';
  int64_t year, month, day;
  if (!ReadDigits(s, pos, 1, 9, &year)) return false;
  if (*pos >= s.size() || s[*pos] != '-') return false;
  ++*pos;
  if (!ReadDigits(s, pos, 1, 2, &month)) return false;
  if (*pos >= s.size() || s[*pos] != '-') return false;
  ++*pos;
  if (!ReadDigits(s, pos, 1, 2, &day)) return false;
  if (negative) year = -year;
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > DaysInMonth(year, static_cast<int32_t>(month))) return false;
  *days = DaysFromCivil(year, static_cast<int32_t>(month), static_cast<int32_t>(day));
  return true;
}

// Parses HH:MM[:SS[.f{1,9}]] at s[*pos] into nanoseconds since midnight.
bool ReadTime(std::string_view s, size_t* pos, int64_t* nanos, int32_t* fraction_digits) {
  int64_t h, m, sec = 0, frac = 0;
  *fraction_digits = 0;
  if (!ReadDigits(s, pos, 1, 2, &h)) return false;
  if (*pos >= s.size() || s[*pos] != ':') return false;
  ++*pos;
  if (!ReadDigits(s, pos, 2, 2, &m)) return false;
  if (*pos < s.size() && s[*pos] == ':') {
    ++*pos;
    if (!ReadDigits(s, pos, 2, 2, &sec)) return false;
    if (*pos < s.size() && s[*pos] == '.') {
      ++*pos;
      size_t start = *pos;
      if (!ReadDigits(s, pos, 1, 9, &frac)) return false;
      if (*pos < s.size() && s[*pos] >= '0' && s[*pos] <= '9') return false;  // > 9 digits
      *fraction_digits = static_cast<int32_t>(*pos - start);
      for (int i = *fraction_digits; i < 9; ++i) frac *= 10;
    }
  }
  if (h > 23 || m > 59 || sec > 59) return false;
  *nanos = ((h * 60 + m) * 60 + sec) * kNanosPerSecond + frac;
  return true;
}

}  // namespace

int64_t DaysFromCivil(int64_t year, int32_t month, int32_t day) {
  // Howard Hinnant's days_from_civil: count in 400-year eras starting on March 1st.
  year -= month <= 2;
  const int64_t era = FloorDiv(year, 400);
  const int64_t yoe = year - era * 400;                                   // [0, 399]
  const int64_t mp = month > 2 ? month - 3 : month + 9;                   // [0, 11]
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;                       // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;                                   // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);            // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                 // [0, 11]
  CivilDate out;
  out.day = static_cast<int32_t>(doy - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<int32_t>(mp < 10 ? mp + 3 : mp - 9);
  out.year = yoe + era * 400 + (out.month <= 2);
  return out;
}

int32_t DaysInMonth(int64_t year, int32_t month) {
  static constexpr int32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[(month - 1) % 12];
}

int64_t UnitsPerSecond(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMilli: return 1000;
    case TimeUnit::kMicro: return 1000000;
    case TimeUnit::kNano: return kNanosPerSecond;
  }
  return 1000000;
}

int64_t NanosPerUnit(TimeUnit unit) { return kNanosPerSecond / UnitsPerSecond(unit); }

void AppendDate(int64_t days, std::string* out) {
  CivilDate d = CivilFromDays(days);
  if (d.year >= 1 && d.year <= 9999) {
    AppendPadded(static_cast<uint64_t>(d.year), 4, out);
  } else {
    out->push_back(d.year < 0 ? '-' : '+');
    AppendPadded(d.year < 0 ? static_cast<uint64_t>(-d.year) : static_cast<uint64_t>(d.year), 4,
                 out);
  }
  out->push_back('-');
  AppendPadded(static_cast<uint64_t>(d.month), 2, out);
  out->push_back('-');
  AppendPadded(static_cast<uint64_t>(d.day), 2, out);
}

void AppendTimestamp(int64_t value, TimeUnit unit, bool utc_suffix, std::string* out) {
  const int64_t per_second = UnitsPerSecond(unit);
  const int64_t seconds = FloorDiv(value, per_second);
  const int64_t ticks = FloorMod(value, per_second);
  AppendDate(FloorDiv(seconds, kSecondsPerDay), out);
  out->push_back(' ');
  AppendHms(FloorMod(seconds, kSecondsPerDay), out);
  AppendFraction(ticks, unit, out);
  if (utc_suffix) out->push_back('Z');
}

void AppendTimeOfDay(int64_t value, TimeUnit unit, std::string* out) {
  const int64_t per_second = UnitsPerSecond(unit);
  uint64_t magnitude = value < 0 ? static_cast<uint64_t>(0) - static_cast<uint64_t>(value)
                                 : static_cast<uint64_t>(value);
  if (value < 0) out->push_back('-');
  AppendHms(static_cast<int64_t>(magnitude / static_cast<uint64_t>(per_second)), out);
  AppendFraction(static_cast<int64_t>(magnitude % static_cast<uint64_t>(per_second)), unit, out);
}

void AppendInterval(int32_t months, int32_t days, int64_t nanos, std::string* out) {
  out->push_back('P');
  if (months == 0 && days == 0 && nanos == 0) {
    out->append("T0S");
    return;
  }
  auto append_num = [out](int64_t v, char suffix) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof(buf), v);
    out->append(buf, res.ptr);
    out->push_back(suffix);
  };
  if (months / 12 != 0) append_num(months / 12, 'Y');
  if (months % 12 != 0) append_num(months % 12, 'M');
  if (days != 0) append_num(days, 'D');
  if (nanos == 0) return;
  out->push_back('T');
  const char* sign = nanos < 0 ? "-" : "";
  uint64_t mag = nanos < 0 ? static_cast<uint64_t>(0) - static_cast<uint64_t>(nanos)
                           : static_cast<uint64_t>(nanos);
  const uint64_t ns_per_s = static_cast<uint64_t>(kNanosPerSecond);
  uint64_t hours = mag / (3600 * ns_per_s);
  uint64_t minutes = mag / (60 * ns_per_s) % 60;
  uint64_t secs = mag / ns_per_s % 60;
  uint64_t frac = mag % ns_per_s;
  if (hours) out->append(sign).append(std::to_string(hours)).push_back('H');
  if (minutes) out->append(sign).append(std::to_string(minutes)).push_back('M');
  if (secs || frac) {
    out->append(sign).append(std::to_string(secs));
    if (frac) {
      std::string digits;
      AppendPadded(frac, 9, &digits);
      while (!digits.empty() && digits.back() == '0') digits.pop_back();
      out->push_back('.');
      out->append(digits);
    }
    out->push_back('S');
  }
}

Result<int64_t> ParseDate(std::string_view text) {
  std::string_view s = Trim(text);
  size_t pos = 0;
  int64_t days;
  if (!ReadDate(s, &pos, &days) || pos != s.size()) {
    return Status::InvalidArgument("invalid date '" + std::string(text) +
                                   "': expected YYYY-MM-DD");
  }
  return days;
}

Result<ParsedTimestamp> ParseTimestamp(std::string_view text) {
  std::string_view s = Trim(text);
  auto invalid = [&]() {
    return Status::InvalidArgument("invalid timestamp '" + std::string(text) +
                                   "': expected YYYY-MM-DD HH:MM:SS[.ffffff][Z|+HH:MM]");
  };
  size_t pos = 0;
  int64_t days;
  if (!ReadDate(s, &pos, &days)) return invalid();
  int64_t nanos_of_day = 0;
  ParsedTimestamp out;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    ++pos;
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (!ReadTime(s, &pos, &nanos_of_day, &out.fraction_digits)) return invalid();
  }
  while (pos < s.size() && s[pos] == ' ') ++pos;
  int64_t offset_seconds = 0;
  if (pos < s.size()) {
    std::string_view zone = s.substr(pos);
    if (zone == "Z" || zone == "z" || zone == "UTC" || zone == "utc") {
      out.has_zone = true;
    } else if (zone[0] == '+' || zone[0] == '-') {
      size_t zp = 1;
      int64_t hh, mm = 0;
      if (!ReadDigits(zone, &zp, 2, 2, &hh)) return invalid();
      if (zp < zone.size() && zone[zp] == ':') ++zp;
      if (zp < zone.size() && !ReadDigits(zone, &zp, 2, 2, &mm)) return invalid();
      if (zp != zone.size() || hh > 23 || mm > 59) return invalid();
      offset_seconds = (hh * 60 + mm) * 60 * (zone[0] == '-' ? -1 : 1);
      out.has_zone = true;
    } else {
      return invalid();
    }
  }
  // |days| < 10^9 * 366, so seconds stay far inside int64.
  out.seconds = days * kSecondsPerDay + nanos_of_day / kNanosPerSecond - offset_seconds;
  out.nanos = static_cast<int32_t>(nanos_of_day % kNanosPerSecond);
  return out;
}

Result<int64_t> TimestampToUnit(const ParsedTimestamp& ts, TimeUnit unit) {
  const int64_t per_second = UnitsPerSecond(unit);
  __int128 v = static_cast<__int128>(ts.seconds) * per_second + ts.nanos / NanosPerUnit(unit);
  if (v > INT64_MAX || v < INT64_MIN) {
    return Status::InvalidArgument("timestamp is out of range for its unit");
  }
  return static_cast<int64_t>(v);
}

Result<int64_t> ParseTimeOfDay(std::string_view text) {
  std::string_view s = Trim(text);
  size_t pos = 0;
  int64_t nanos;
  int32_t digits;
  if (!ReadTime(s, &pos, &nanos, &digits) || pos != s.size()) {
    return Status::InvalidArgument("invalid time '" + std::string(text) +
                                   "': expected HH:MM:SS[.ffffff]");
  }
  return nanos;
}

}  // namespace silt
