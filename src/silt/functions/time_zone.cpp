#include "silt/functions/time_zone.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "silt/common/temporal.h"

namespace silt::functions {

namespace {

constexpr int64_t kMaxTzifBytes = 1 << 20;
constexpr uint32_t kMaxTransitions = 1 << 16;
constexpr int32_t kMaxOffset = 26 * 3600;

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// Big-endian reader over untrusted bytes; every read is bounds-checked.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool Has(uint64_t n) const { return n <= bytes_.size() - pos_; }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(bytes_[pos_++]);
    return v;
  }
  int64_t I64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(bytes_[pos_++]);
    return static_cast<int64_t>(v);
  }
  uint8_t U8() { return static_cast<uint8_t>(bytes_[pos_++]); }
  void Skip(uint64_t n) { pos_ += n; }
  size_t pos() const { return pos_; }
  std::string_view rest() const { return bytes_.substr(pos_); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

// ---- POSIX TZ strings ("CET-1CEST,M3.5.0,M10.5.0/3") ----

bool ReadZoneName(std::string_view s, size_t* p) {
  if (*p < s.size() && s[*p] == '<') {
    const size_t close = s.find('>', *p);
    if (close == std::string_view::npos) return false;
    *p = close + 1;
    return true;
  }
  const size_t start = *p;
  while (*p < s.size() && ((s[*p] >= 'A' && s[*p] <= 'Z') || (s[*p] >= 'a' && s[*p] <= 'z'))) ++*p;
  return *p - start >= 3;
}

// [+-]hh[:mm[:ss]] as seconds.
bool ReadClockSeconds(std::string_view s, size_t* p, int32_t max_hours, int32_t* out) {
  int sign = 1;
  if (*p < s.size() && (s[*p] == '+' || s[*p] == '-')) sign = s[(*p)++] == '-' ? -1 : 1;
  int32_t parts[3] = {0, 0, 0};
  for (int k = 0; k < 3; ++k) {
    if (k > 0) {
      if (*p >= s.size() || s[*p] != ':') break;
      ++*p;
    }
    const size_t start = *p;
    int32_t v = 0;
    while (*p < s.size() && s[*p] >= '0' && s[*p] <= '9' && *p - start < 3) v = v * 10 + (s[(*p)++] - '0');
    if (*p == start) return false;
    parts[k] = v;
  }
  if (parts[0] > max_hours || parts[1] > 59 || parts[2] > 59) return false;
  *out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

bool ReadInt(std::string_view s, size_t* p, int32_t lo, int32_t hi, int32_t* out) {
  const size_t start = *p;
  int32_t v = 0;
  while (*p < s.size() && s[*p] >= '0' && s[*p] <= '9' && *p - start < 4) v = v * 10 + (s[(*p)++] - '0');
  if (*p == start || v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool ReadRuleDate(std::string_view s, size_t* p, TimeZone::PosixRule::Date* d) {
  if (*p >= s.size()) return false;
  if (s[*p] == 'M') {
    ++*p;
    d->kind = 'M';
    if (!ReadInt(s, p, 1, 12, &d->month) || *p >= s.size() || s[(*p)++] != '.') return false;
    if (!ReadInt(s, p, 1, 5, &d->week) || *p >= s.size() || s[(*p)++] != '.') return false;
    if (!ReadInt(s, p, 0, 6, &d->weekday)) return false;
  } else if (s[*p] == 'J') {
    ++*p;
    d->kind = 'J';
    if (!ReadInt(s, p, 1, 365, &d->day)) return false;
  } else {
    d->kind = 'D';
    if (!ReadInt(s, p, 0, 365, &d->day)) return false;
  }
  d->time = 7200;
  if (*p < s.size() && s[*p] == '/') {
    ++*p;
    if (!ReadClockSeconds(s, p, 167, &d->time)) return false;
  }
  return true;
}

bool ParsePosixRule(std::string_view s, TimeZone::PosixRule* rule) {
  size_t p = 0;
  int32_t west;
  if (!ReadZoneName(s, &p) || !ReadClockSeconds(s, &p, 24, &west)) return false;
  rule->std_offset = -west;
  rule->has_dst = false;
  if (p == s.size()) return true;
  if (!ReadZoneName(s, &p)) return false;
  rule->has_dst = true;
  rule->dst_offset = rule->std_offset + 3600;
  if (p < s.size() && s[p] != ',') {
    if (!ReadClockSeconds(s, &p, 24, &west)) return false;
    rule->dst_offset = -west;
  }
  if (p == s.size()) {
    // No dates: POSIX leaves them implementation-defined; use the US rules as tzcode does.
    rule->start = {'M', 3, 2, 0, 0, 7200};
    rule->end = {'M', 11, 1, 0, 0, 7200};
    return true;
  }
  if (s[p++] != ',' || !ReadRuleDate(s, &p, &rule->start)) return false;
  if (p >= s.size() || s[p++] != ',' || !ReadRuleDate(s, &p, &rule->end)) return false;
  return p == s.size();
}

// Local seconds (since the epoch) at which a rule date's transition happens in `year`.
int64_t RuleLocalSeconds(const TimeZone::PosixRule::Date& d, int64_t year) {
  int64_t days;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (d.kind == 'M') {
    const int64_t first = DaysFromCivil(year, d.month, 1);
    const int64_t first_weekday = ((first + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
    int64_t day = 1 + (d.weekday - first_weekday + 7) % 7 + (d.week - 1) * 7;
    if (day > DaysInMonth(year, d.month)) day -= 7;
    days = first + day - 1;
  } else if (d.kind == 'J') {
    days = DaysFromCivil(year, 1, 1) + d.day - 1 + (leap && d.day >= 60 ? 1 : 0);
  } else {
    days = DaysFromCivil(year, 1, 1) + d.day;
  }
  return days * kSecondsPerDay + d.time;
}

bool ValidOffset(int64_t v) { return v >= -kMaxOffset && v <= kMaxOffset; }

// Fixed offsets: "+05:30", "-08", "+0530", "UTC+3", "GMT-02:00" (ISO sign: east positive).
bool ParseFixedOffset(std::string_view s, int32_t* out) {
  if (s.size() > 3 && (s.substr(0, 3) == "UTC" || s.substr(0, 3) == "GMT")) s.remove_prefix(3);
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return false;
  const int sign = s[0] == '-' ? -1 : 1;
  std::string_view digits = s.substr(1);
  int32_t h = 0, m = 0;
  auto num = [](std::string_view t, int32_t* v) {
    if (t.empty() || t.size() > 2) return false;
    *v = 0;
    for (char c : t) {
      if (c < '0' || c > '9') return false;
      *v = *v * 10 + (c - '0');
    }
    return true;
  };
  const size_t colon = digits.find(':');
  if (colon != std::string_view::npos) {
    if (!num(digits.substr(0, colon), &h) || !num(digits.substr(colon + 1), &m)) return false;
  } else if (digits.size() == 4) {
    if (!num(digits.substr(0, 2), &h) || !num(digits.substr(2), &m)) return false;
  } else if (!num(digits, &h)) {
    return false;
  }
  if (h > 18 || m > 59) return false;
  *out = sign * (h * 3600 + m * 60);
  return true;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string ZoneDirectory() {
  const char* env = std::getenv("TZDIR");
  return env != nullptr && *env != '\0' ? env : "/usr/share/zoneinfo";
}

// A name that can only address a file below the zoneinfo directory.
bool SafeZoneName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name[0] == '/' || name[0] == '.') return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '/' || c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return name.find("//") == std::string_view::npos;
}

Result<std::string> ReadZoneFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::IOError("no zone file " + path);
  std::ifstream in(path, std::ios::binary);
  std::string bytes;
  bytes.resize(kMaxTzifBytes + 1);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (bytes.size() > static_cast<size_t>(kMaxTzifBytes)) {
    return Status::Corrupt("zone file " + path + " is larger than 1 MiB");
  }
  return bytes;
}

}  // namespace

std::shared_ptr<const TimeZone> TimeZone::Fixed(std::string name, int32_t offset_seconds) {
  auto zone = std::shared_ptr<TimeZone>(new TimeZone());
  zone->name_ = std::move(name);
  zone->initial_offset_ = offset_seconds;
  return zone;
}

Result<std::shared_ptr<const TimeZone>> TimeZone::FromTzif(std::string name, std::string_view bytes) {
  auto corrupt = [&](const std::string& what) {
    return Status::Corrupt("time zone file for '" + name + "': " + what);
  };
  Reader r(bytes);
  auto read_header = [&](uint32_t counts[6], char* version) -> Status {
    if (!r.Has(44)) return corrupt("truncated header");
    if (r.rest().substr(0, 4) != "TZif") return corrupt("not a TZif file");
    r.Skip(4);
    *version = static_cast<char>(r.U8());
    r.Skip(15);
    for (int i = 0; i < 6; ++i) counts[i] = r.U32();
    return Status::OK();
  };
  uint32_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  char version;
  SILT_RETURN_NOT_OK(read_header(c, &version));
  int time_size = 4;
  if (version >= '2') {
    // Skip the 32-bit block; the second header describes the 64-bit data that follows.
    const uint64_t v1 = uint64_t{c[3]} * 5 + uint64_t{c[4]} * 6 + c[5] + uint64_t{c[2]} * 8 + c[1] + c[0];
    if (!r.Has(v1)) return corrupt("truncated version 1 data");
    r.Skip(v1);
    SILT_RETURN_NOT_OK(read_header(c, &version));
    time_size = 8;
  }
  const uint32_t timecnt = c[3], typecnt = c[4], charcnt = c[5];
  if (typecnt == 0 || typecnt > 256 || timecnt > kMaxTransitions || charcnt > 65536 ||
      c[2] > kMaxTransitions || (c[0] != 0 && c[0] != typecnt) || (c[1] != 0 && c[1] != typecnt)) {
    return corrupt("implausible counts");
  }
  const uint64_t block = uint64_t{timecnt} * (time_size + 1) + uint64_t{typecnt} * 6 + charcnt +
                         uint64_t{c[2]} * (time_size + 4) + c[1] + c[0];
  if (!r.Has(block)) return corrupt("truncated data block");
  auto zone = std::shared_ptr<TimeZone>(new TimeZone());
  zone->name_ = std::move(name);
  std::vector<int64_t> times(timecnt);
  for (auto& t : times) t = time_size == 8 ? r.I64() : static_cast<int32_t>(r.U32());
  std::vector<uint8_t> indices(timecnt);
  for (auto& k : indices) k = r.U8();
  std::vector<int32_t> type_offsets(typecnt);
  for (auto& off : type_offsets) {
    const int32_t v = static_cast<int32_t>(r.U32());
    r.Skip(2);  // isdst, desigidx
    if (!ValidOffset(v)) return corrupt("UTC offset out of range");
    off = v;
  }
  r.Skip(charcnt + uint64_t{c[2]} * (time_size + 4) + c[1] + c[0]);
  for (uint32_t i = 0; i < timecnt; ++i) {
    if (indices[i] >= typecnt) return corrupt("transition type index out of range");
    if (i > 0 && times[i] <= times[i - 1]) return corrupt("transitions not ascending");
  }
  zone->transitions_ = std::move(times);
  zone->offsets_.reserve(timecnt);
  for (uint8_t k : indices) zone->offsets_.push_back(type_offsets[k]);
  zone->initial_offset_ = type_offsets[0];
  if (version >= '2') {
    std::string_view footer = r.rest();
    if (footer.size() >= 2 && footer[0] == '\n') {
      const size_t end = footer.find('\n', 1);
      if (end == std::string_view::npos) return corrupt("unterminated footer");
      std::string_view tz = footer.substr(1, end - 1);
      if (!tz.empty()) {
        if (!ParsePosixRule(tz, &zone->rule_) || !ValidOffset(zone->rule_.std_offset) ||
            !ValidOffset(zone->rule_.dst_offset)) {
          return corrupt("invalid footer TZ string '" + std::string(tz) + "'");
        }
        zone->has_rule_ = true;
      }
    }
  }
  return std::shared_ptr<const TimeZone>(std::move(zone));
}

int32_t TimeZone::RuleOffset(int64_t utc_seconds) const {
  if (!rule_.has_dst) return rule_.std_offset;
  const int64_t year = CivilFromDays(FloorDiv(utc_seconds + rule_.std_offset, kSecondsPerDay)).year;
  const int64_t start = RuleLocalSeconds(rule_.start, year) - rule_.std_offset;
  const int64_t end = RuleLocalSeconds(rule_.end, year) - rule_.dst_offset;
  const bool dst = start < end ? (utc_seconds >= start && utc_seconds < end)
                               : !(utc_seconds >= end && utc_seconds < start);
  return dst ? rule_.dst_offset : rule_.std_offset;
}

int32_t TimeZone::OffsetAt(int64_t utc_seconds) const {
  if (transitions_.empty()) return has_rule_ ? RuleOffset(utc_seconds) : initial_offset_;
  if (utc_seconds < transitions_.front()) return initial_offset_;
  if (has_rule_ && utc_seconds >= transitions_.back()) return RuleOffset(utc_seconds);
  const size_t k =
      static_cast<size_t>(std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds) -
                          transitions_.begin()) - 1;
  return offsets_[k];
}

int64_t TimeZone::LocalToUtc(int64_t local_seconds) const {
  // Offsets a day either side bracket any single transition near this wall-clock time.
  const int32_t before = OffsetAt(local_seconds - kSecondsPerDay);
  const int32_t after = OffsetAt(local_seconds + kSecondsPerDay);
  const int64_t with_after = local_seconds - after;
  const int64_t with_before = local_seconds - before;
  const bool after_valid = OffsetAt(with_after) == after;
  const bool before_valid = OffsetAt(with_before) == before;
  if (after_valid) return with_after;    // unique, or ambiguous: the offset after the jump
  if (before_valid) return with_before;
  return with_before;                    // skipped time: the offset before the jump
}

Result<std::shared_ptr<const TimeZone>> TimeZone::Find(std::string_view raw_name) {
  std::string_view name = raw_name;
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  const std::string lower = LowerAscii(name);
  if (lower == "utc" || lower == "z" || lower == "gmt" || lower == "etc/utc" ||
      lower == "zulu" || lower == "universal" || lower == "etc/gmt" || lower == "utc0") {
    static const auto utc = Fixed("UTC", 0);
    return utc;
  }
  int32_t fixed;
  if (ParseFixedOffset(name, &fixed)) return Fixed(std::string(name), fixed);

  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const TimeZone>> cache;
  static std::map<std::string, std::string> lower_names;  // built on the first miss
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(std::string(name));
  if (it != cache.end()) return it->second;
  auto unknown = [&]() {
    return Status::Execution("unknown time zone '" + std::string(raw_name) + "'");
  };
  if (!SafeZoneName(name)) return unknown();
  const std::string dir = ZoneDirectory();
  std::string file_name(name);
  auto bytes = ReadZoneFile(dir + "/" + file_name);
  if (!bytes.ok() && bytes.status().code() == StatusCode::kIO) {
    // PostgreSQL matches zone names case-insensitively; index the directory once.
    if (lower_names.empty()) {
      std::error_code ec;
      for (auto entry = std::filesystem::recursive_directory_iterator(dir, ec);
           !ec && entry != std::filesystem::recursive_directory_iterator(); entry.increment(ec)) {
        if (!entry->is_regular_file(ec)) continue;
        std::string rel = std::filesystem::relative(entry->path(), dir, ec).string();
        lower_names.emplace(LowerAscii(rel), rel);
      }
    }
    auto found = lower_names.find(lower);
    if (found == lower_names.end()) return unknown();
    file_name = found->second;
    bytes = ReadZoneFile(dir + "/" + file_name);
  }
  if (!bytes.ok()) return unknown();
  auto zone = FromTzif(file_name, *bytes);
  if (!zone.ok()) {
    return Status::Execution("time zone '" + std::string(raw_name) + "': " + zone.status().message());
  }
  cache.emplace(std::string(name), *zone);
  return *zone;
}

}  // namespace silt::functions
