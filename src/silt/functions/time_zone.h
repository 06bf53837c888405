#pragma once

// Time zones from the IANA database as installed by Debian's tzdata package: TZif files
// under /usr/share/zoneinfo (or $TZDIR), read by a small reader (RFC 8536: version 1-4 data
// blocks plus the POSIX TZ footer for instants after the last transition). Chosen over ICU's
// zone API because ICU carries its own, older copy of the database while the issue asks for
// the system's tzdata.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"

namespace silt::functions {

/// One time zone: UTC offsets over time. Immutable and shared; thread-safe.
class TimeZone {
 public:
  /// The zone named `name`: "UTC" (also "Z", "GMT", "Etc/UTC" and case variants), a fixed
  /// offset ("+05:30", "-08", "+0530", "UTC+3" meaning UTC+03:00), or an IANA name
  /// ("Europe/Berlin") read from the zoneinfo directory. Loaded zones are cached for the
  /// process. Execution error naming the zone when it is unknown or its file is invalid.
  static Result<std::shared_ptr<const TimeZone>> Find(std::string_view name);

  /// Parses TZif file contents (any version). Corrupt on malformed or oversized input;
  /// never reads out of bounds. For tests and fuzzing; Find() uses it for files.
  static Result<std::shared_ptr<const TimeZone>> FromTzif(std::string name, std::string_view bytes);

  /// A zone with one fixed offset (seconds east of UTC).
  static std::shared_ptr<const TimeZone> Fixed(std::string name, int32_t offset_seconds);

  const std::string& name() const { return name_; }

  /// Seconds east of UTC in effect at the UTC instant `utc_seconds` (local = utc + offset).
  int32_t OffsetAt(int64_t utc_seconds) const;

  /// The UTC instant of a local wall-clock time (seconds since the epoch as if local were
  /// UTC). PostgreSQL's rules: a time skipped by a forward jump is read with the offset in
  /// effect before the jump; an ambiguous time repeated by a backward jump takes the offset
  /// in effect after it.
  int64_t LocalToUtc(int64_t local_seconds) const;

  /// Local wall-clock seconds of a UTC instant.
  int64_t UtcToLocal(int64_t utc_seconds) const { return utc_seconds + OffsetAt(utc_seconds); }

  /// A POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0"), evaluated after the last transition.
  struct PosixRule {
    int32_t std_offset = 0;  // seconds east of UTC
    int32_t dst_offset = 0;
    bool has_dst = false;
    // Rule dates: kind 'M' (month, week, weekday), 'J' (1..365, no Feb 29) or 'D' (0..365).
    struct Date {
      char kind = 'M';
      int32_t month = 0, week = 0, weekday = 0, day = 0;
      int32_t time = 7200;  // seconds after local midnight (may be negative or > 24h)
    };
    Date start, end;
  };

 private:
  TimeZone() = default;
  int32_t RuleOffset(int64_t utc_seconds) const;

  std::string name_;
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  std::vector<int32_t> offsets_;      // offset after each transition
  int32_t initial_offset_ = 0;        // before the first transition
  bool has_rule_ = false;
  PosixRule rule_;
};

}  // namespace silt::functions
