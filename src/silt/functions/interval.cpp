#include "silt/functions/interval.h"

#include <cmath>
#include <string>

#include "silt/common/temporal.h"

namespace silt::functions::internal {

namespace {

constexpr int64_t kNanosPerMinute = 60 * kNanosPerSecond;
constexpr int64_t kNanosPerHour = 60 * kNanosPerMinute;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Running totals while reading; fractions spill into the next smaller field.
struct Accumulator {
  int64_t months = 0;
  int64_t days = 0;
  long double nanos = 0;  // exact enough for +-10^18 ns with fractions
  bool ok = true;

  void AddMonths(long double v) {
    const long double whole = std::trunc(v);
    months += static_cast<int64_t>(whole);
    AddDays((v - whole) * 30);
  }
  void AddDays(long double v) {
    const long double whole = std::trunc(v);
    days += static_cast<int64_t>(whole);
    nanos += (v - whole) * static_cast<long double>(kNanosPerDay);
  }
  void AddNanos(long double v) { nanos += v; }

  bool Finish(bool negate, IntervalValue* out) const {
    const long double n = std::round(nanos);
    if (!ok || std::fabs(n) > 9.2e18L || months > INT32_MAX || months < -INT32_MAX ||
        days > INT32_MAX || days < -INT32_MAX) {
      return false;
    }
    out->months = static_cast<int32_t>(negate ? -months : months);
    out->days = static_cast<int32_t>(negate ? -days : days);
    const int64_t ns = static_cast<int64_t>(n);
    out->nanos = negate ? -ns : ns;
    return true;
  }
};

// Reads `[+-]digits[.digits]` at s[*pos]; false when there is no number.
bool ReadNumber(std::string_view s, size_t* pos, long double* out) {
  size_t p = *pos;
  bool negative = false;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) negative = s[p++] == '-';
  const size_t start = p;
  long double v = 0;
  while (p < s.size() && IsDigit(s[p])) v = v * 10 + (s[p++] - '0');
  if (p < s.size() && s[p] == '.') {
    ++p;
    long double scale = 0.1L;
    while (p < s.size() && IsDigit(s[p])) {
      v += (s[p++] - '0') * scale;
      scale /= 10;
    }
  }
  if (p == start || (p == start + 1 && s[start] == '.')) return false;
  if (v > 1e19L) return false;
  *out = negative ? -v : v;
  *pos = p;
  return true;
}

// Unit word -> (field, multiplier): field 0 months, 1 days, 2 nanoseconds.
bool LookupUnit(std::string_view w, int* field, long double* mult) {
  struct Unit {
    const char* name;
    int field;
    long double mult;
  };
  static const Unit kUnits[] = {
      {"microsecond", 2, 1e3L}, {"microseconds", 2, 1e3L}, {"us", 2, 1e3L},
      {"usec", 2, 1e3L},        {"usecs", 2, 1e3L},        {"millisecond", 2, 1e6L},
      {"milliseconds", 2, 1e6L}, {"ms", 2, 1e6L},          {"msec", 2, 1e6L},
      {"msecs", 2, 1e6L},       {"second", 2, 1e9L},       {"seconds", 2, 1e9L},
      {"sec", 2, 1e9L},         {"secs", 2, 1e9L},         {"s", 2, 1e9L},
      {"minute", 2, 6e10L},     {"minutes", 2, 6e10L},     {"min", 2, 6e10L},
      {"mins", 2, 6e10L},       {"m", 2, 6e10L},           {"hour", 2, 3.6e12L},
      {"hours", 2, 3.6e12L},    {"hr", 2, 3.6e12L},        {"hrs", 2, 3.6e12L},
      {"h", 2, 3.6e12L},        {"day", 1, 1},             {"days", 1, 1},
      {"d", 1, 1},              {"week", 1, 7},            {"weeks", 1, 7},
      {"w", 1, 7},              {"month", 0, 1},           {"months", 0, 1},
      {"mon", 0, 1},            {"mons", 0, 1},            {"year", 0, 12},
      {"years", 0, 12},         {"yr", 0, 12},             {"yrs", 0, 12},
      {"y", 0, 12},             {"decade", 0, 120},        {"decades", 0, 120},
      {"century", 0, 1200},     {"centuries", 0, 1200},    {"millennium", 0, 12000},
      {"millennia", 0, 12000},  {"millenniums", 0, 12000},
  };
  for (const Unit& u : kUnits) {
    if (w == u.name) {
      *field = u.field;
      *mult = u.mult;
      return true;
    }
  }
  return false;
}

void Add(Accumulator* acc, int field, long double v) {
  if (field == 0) {
    acc->AddMonths(v);
  } else if (field == 1) {
    acc->AddDays(v);
  } else {
    acc->AddNanos(v);
  }
}

// `[+-]H+:MM[:SS[.f]]` at s[*pos] (already known to contain ':').
bool ReadClock(std::string_view s, size_t* pos, Accumulator* acc) {
  size_t p = *pos;
  bool negative = false;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) negative = s[p++] == '-';
  long double parts[3] = {0, 0, 0};
  int count = 0;
  while (count < 3) {
    size_t q = p;
    long double v;
    if (q < s.size() && (s[q] == '+' || s[q] == '-')) return false;
    if (!ReadNumber(s, &q, &v)) return false;
    parts[count++] = v;
    p = q;
    if (p < s.size() && s[p] == ':') {
      ++p;
      continue;
    }
    break;
  }
  if (count < 2) return false;
  long double total = parts[0] * kNanosPerHour + parts[1] * kNanosPerMinute +
                      parts[2] * kNanosPerSecond;
  acc->AddNanos(negative ? -total : total);
  *pos = p;
  return true;
}

bool ParseIso(std::string_view s, IntervalValue* out) {
  Accumulator acc;
  size_t p = 1;  // after 'P'
  bool in_time = false;
  bool any = false;
  while (p < s.size()) {
    if (Lower(s[p]) == 't') {
      if (in_time) return false;
      in_time = true;
      ++p;
      continue;
    }
    long double v;
    if (!ReadNumber(s, &p, &v) || p >= s.size()) return false;
    const char unit = Lower(s[p++]);
    any = true;
    if (!in_time) {
      switch (unit) {
        case 'y': acc.AddMonths(v * 12); break;
        case 'm': acc.AddMonths(v); break;
        case 'w': acc.AddDays(v * 7); break;
        case 'd': acc.AddDays(v); break;
        default: return false;
      }
    } else {
      switch (unit) {
        case 'h': acc.AddNanos(v * kNanosPerHour); break;
        case 'm': acc.AddNanos(v * kNanosPerMinute); break;
        case 's': acc.AddNanos(v * kNanosPerSecond); break;
        default: return false;
      }
    }
  }
  return any && acc.Finish(false, out);
}

}  // namespace

Result<IntervalValue> ParseInterval(std::string_view text) {
  auto invalid = [&]() {
    return Status::InvalidArgument("invalid interval '" + std::string(text) + "'");
  };
  std::string_view s = text;
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  if (s.empty()) return invalid();
  IntervalValue out;
  if (s[0] == 'P' || s[0] == 'p') {
    if (!ParseIso(s, &out)) return invalid();
    return out;
  }
  Accumulator acc;
  bool negate = false;
  bool any = false;
  size_t p = 0;
  if (s[0] == '@') ++p;
  while (p < s.size()) {
    while (p < s.size() && IsSpace(s[p])) ++p;
    if (p >= s.size()) break;
    // A clock "[+-]HH:MM[:SS]" token?
    size_t end = p;
    while (end < s.size() && !IsSpace(s[end])) ++end;
    std::string_view token = s.substr(p, end - p);
    if (token.find(':') != std::string_view::npos) {
      size_t q = p;
      if (!ReadClock(s, &q, &acc) || q != end) return invalid();
      p = end;
      any = true;
      continue;
    }
    if (token == "ago" || token == "AGO" || token == "Ago") {
      negate = true;
      p = end;
      continue;
    }
    long double v;
    if (!ReadNumber(s, &p, &v)) return invalid();
    while (p < s.size() && IsSpace(s[p])) ++p;
    size_t w = p;
    while (w < s.size() && !IsSpace(s[w]) && !IsDigit(s[w]) && s[w] != '+' && s[w] != '-') ++w;
    std::string word;
    for (size_t k = p; k < w; ++k) word.push_back(Lower(s[k]));
    any = true;
    if (word.empty()) {
      acc.AddNanos(v * kNanosPerSecond);  // a bare number counts seconds
      continue;
    }
    int field;
    long double mult;
    if (!LookupUnit(word, &field, &mult)) return invalid();
    Add(&acc, field, v * mult);
    p = w;
  }
  if (!any || !acc.Finish(negate, &out)) return invalid();
  return out;
}

bool AddMonthsToDays(int64_t days, int64_t months, int64_t* out) {
  const CivilDate d = CivilFromDays(days);
  const int64_t total = d.year * 12 + (d.month - 1) + months;
  int64_t year = total >= 0 ? total / 12 : -((-total + 11) / 12);
  const int32_t month = static_cast<int32_t>(total - year * 12) + 1;
  if (year > 5877641 || year < -5877641) return false;
  const int32_t day = std::min(d.day, DaysInMonth(year, month));
  *out = DaysFromCivil(year, month, day);
  return true;
}

}  // namespace silt::functions::internal
