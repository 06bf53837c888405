#include "silt/csv/csv_values.h"

#include <charconv>
#include <limits>

#include "silt/common/ascii.h"
#include "silt/common/temporal.h"

namespace silt::csv {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at text[pos].
bool ReadDigits(std::string_view text, size_t pos, size_t n, int32_t* out) {
  if (pos + n > text.size()) return false;
  int32_t value = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = text[pos + i];
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

// Parses the YYYY-MM-DD prefix of `text` (exactly 10 bytes) into days since the epoch.
bool ReadDatePrefix(std::string_view text, int64_t* days) {
  int32_t year = 0, month = 0, day = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  if (!ReadDigits(text, 0, 4, &year) || !ReadDigits(text, 5, 2, &month) ||
      !ReadDigits(text, 8, 2, &day)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  *days = DaysFromCivil(year, month, day);
  return true;
}

}  // namespace

bool ReadBool(std::string_view text, bool* out) {
  if (EqualsIgnoreAsciiCase(text, "true")) {
    *out = true;
    return true;
  }
  if (EqualsIgnoreAsciiCase(text, "false")) {
    *out = false;
    return true;
  }
  return false;
}

bool ReadInt64(std::string_view text, int64_t* out) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') {
    ++begin;
    if (begin == end || !IsDigit(*begin)) return false;
  }
  auto [ptr, ec] = std::from_chars(begin, end, *out);
  return ec == std::errc() && ptr == end;
}

bool ReadFloat64(std::string_view text, double* out) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') {
    ++begin;
    if (begin == end || *begin == '-' || *begin == '+') return false;
  }
  // from_chars also accepts "nan(chars)"; keep to the plain spellings.
  if (text.find('(') != std::string_view::npos) return false;
  auto [ptr, ec] = std::from_chars(begin, end, *out, std::chars_format::general);
  return ec == std::errc() && ptr == end;
}

bool ReadDate32(std::string_view text, int32_t* out) {
  int64_t days = 0;
  if (text.size() != 10 || !ReadDatePrefix(text, &days)) return false;
  *out = static_cast<int32_t>(days);
  return true;
}

bool ReadTimestampMicros(std::string_view text, int64_t* out) {
  int64_t days = 0;
  if (!ReadDatePrefix(text, &days)) return false;
  int64_t micros = days * kSecondsPerDay * 1000000;
  if (text.size() == 10) {
    *out = micros;
    return true;
  }
  int32_t hour = 0, minute = 0, second = 0;
  if (text.size() < 19 || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' ||
      text[16] != ':' || !ReadDigits(text, 11, 2, &hour) || !ReadDigits(text, 14, 2, &minute) ||
      !ReadDigits(text, 17, 2, &second) || hour > 23 || minute > 59 || second > 59) {
    return false;
  }
  micros += (hour * 3600LL + minute * 60LL + second) * 1000000;
  if (text.size() > 19) {
    if (text[19] != '.' || text.size() == 20 || text.size() > 29) return false;
    int64_t fraction = 0;
    for (size_t i = 20; i < text.size(); ++i) {
      if (!IsDigit(text[i])) return false;
      if (i < 26) fraction = fraction * 10 + (text[i] - '0');
    }
    for (size_t digits = text.size() - 20; digits < 6; ++digits) fraction *= 10;
    micros += fraction;
  }
  *out = micros;
  return true;
}

uint8_t CandidateMask(std::string_view text) {
  uint8_t mask = 0;
  bool b;
  int64_t i;
  double d;
  int32_t date;
  if (ReadBool(text, &b)) return kCandidateBool;
  if (ReadInt64(text, &i)) mask |= kCandidateInt64;
  if (ReadFloat64(text, &d)) mask |= kCandidateFloat64;
  // Dates and timestamps start with a digit; skip the work for other text.
  if (!text.empty() && IsDigit(text[0]) && text.size() >= 10) {
    if (ReadDate32(text, &date)) mask |= kCandidateDate32;
    int64_t ts;
    if (ReadTimestampMicros(text, &ts)) mask |= kCandidateTimestamp;
  }
  return mask;
}

}  // namespace silt::csv
