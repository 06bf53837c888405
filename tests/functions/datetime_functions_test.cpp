#include <gtest/gtest.h>

#include <filesystem>

#include "function_test_util.h"
#include "silt/functions/time_zone.h"

namespace silt::functions {
namespace {

using testing::CallTexts;
using testing::CheckEncodings;
using testing::Eval;
using testing::FromText;
using testing::Strings;
using Strs = std::vector<std::string>;

const auto s = utf8();
const auto ts = timestamp(TimeUnit::kMicro);
const auto tstz = timestamp(TimeUnit::kMicro, "UTC");

bool HaveZoneinfo() { return std::filesystem::exists("/usr/share/zoneinfo/America/New_York"); }

TEST(DatePartTest, FieldsOfTimestamps) {
  const std::string t = "2024-02-29 13:45:30.25";
  auto part = [&](const std::string& field) { return Eval("date_part", {{s, field}, {ts, t}}); };
  EXPECT_EQ(part("year"), "2024");
  EXPECT_EQ(part("YEAR"), "2024");
  EXPECT_EQ(part("quarter"), "1");
  EXPECT_EQ(part("month"), "2");
  EXPECT_EQ(part("day"), "29");
  EXPECT_EQ(part("hour"), "13");
  EXPECT_EQ(part("minute"), "45");
  EXPECT_EQ(part("second"), "30.25");
  EXPECT_EQ(part("milliseconds"), "30250");
  EXPECT_EQ(part("microsecond"), "30250000");
  EXPECT_EQ(part("dow"), "4");      // Thursday
  EXPECT_EQ(part("isodow"), "4");
  EXPECT_EQ(part("doy"), "60");
  EXPECT_EQ(part("week"), "9");
  EXPECT_EQ(part("epoch"), "1709214330.25");
  EXPECT_EQ(part("decade"), "202");
  EXPECT_EQ(part("century"), "21");
  EXPECT_EQ(part("millennium"), "3");
  EXPECT_EQ(part("fortnight"), "ERROR: date_part: unit 'fortnight' not recognized");
  EXPECT_EQ(Eval("extract", {{s, "dow"}, {date32(), "2024-03-03"}}), "0");  // Sunday
  EXPECT_EQ(Eval("extract", {{s, "isodow"}, {date32(), "2024-03-03"}}), "7");
  // ISO weeks: 2021-01-03 belongs to 2020's week 53.
  EXPECT_EQ(Eval("date_part", {{s, "week"}, {date32(), "2021-01-03"}}), "53");
  EXPECT_EQ(Eval("date_part", {{s, "isoyear"}, {date32(), "2021-01-03"}}), "2020");
  EXPECT_EQ(Eval("date_part", {{s, "epoch"}, {date32(), "1970-01-02"}}), "86400");
  EXPECT_EQ(Eval("date_part", {{s, "hour"}, {date32(), "1970-01-02"}}).rfind("ERROR", 0), 0u);
  EXPECT_EQ(Eval("date_part", {{s, "year"}, {ts, "1969-12-31 23:59:59"}}), "1969");
  EXPECT_EQ(Eval("date_part", {{s, "second"}, {timestamp(TimeUnit::kNano), "2024-01-01 00:00:01.000000001"}}),
            "1.000000001");
}

TEST(DatePartTest, TimesIntervalsAndZones) {
  EXPECT_EQ(Eval("date_part", {{s, "hour"}, {time64(TimeUnit::kMicro), "13:14:15"}}), "13");
  EXPECT_EQ(Eval("date_part", {{s, "epoch"}, {time64(TimeUnit::kMicro), "01:00:00.5"}}), "3600.5");
  EXPECT_EQ(Eval("date_part", {{s, "year"}, {time64(TimeUnit::kMicro), "01:00:00"}}).rfind("ERROR", 0), 0u);
  EXPECT_EQ(Eval("date_part", {{s, "month"}, {interval(), "1 year 14 mons"}}), "2");
  EXPECT_EQ(Eval("date_part", {{s, "year"}, {interval(), "1 year 14 mons"}}), "2");
  EXPECT_EQ(Eval("date_part", {{s, "hour"}, {interval(), "2 days 25:30:00"}}), "25");
  EXPECT_EQ(Eval("date_part", {{s, "epoch"}, {interval(), "1 month"}}), "2592000");
  EXPECT_EQ(Eval("date_part", {{s, "epoch"}, {interval(), "1 year"}}), "31557600");
  if (!HaveZoneinfo()) GTEST_SKIP() << "tzdata not installed (/usr/share/zoneinfo)";
  KernelContext ny;
  ny.timezone = "America/New_York";
  EXPECT_EQ(Eval("date_part", {{s, "hour"}, {tstz, "2024-07-01 12:00:00Z"}}, ny), "8");
  EXPECT_EQ(Eval("date_part", {{s, "day"}, {tstz, "2024-07-01 02:00:00Z"}}, ny), "30");
  EXPECT_EQ(Eval("date_part", {{s, "timezone"}, {tstz, "2024-07-01 02:00:00Z"}}, ny), "-14400");
  EXPECT_EQ(Eval("date_part", {{s, "epoch"}, {tstz, "2024-07-01 02:00:00Z"}}, ny), "1719799200");
  EXPECT_EQ(Eval("date_part", {{s, "hour"}, {tstz, "2024-07-01 12:00:00Z"}}), "12");
}

TEST(DatePartTest, Encodings) {
  auto dates = testing::Array<int32_t>(date32(), {19000, std::nullopt, 19500, 19000});
  EXPECT_EQ(CheckEncodings("date_part", Strings({"year"}), {FromText(date32(), "2024-05-06")}),
            (Strs{"2024"}));
  EXPECT_EQ(CallTexts("date_part", {testing::Constant(Strings({"year"}), 4), dates}),
            (Strs{"2022", "NULL", "2023", "2022"}));
  EXPECT_EQ(CallTexts("date_part", {testing::Constant(Strings({"month"}), 4), testing::Dictionary(dates)}),
            (Strs{"1", "NULL", "5", "1"}));
}

TEST(DateTruncTest, Units) {
  const std::string t = "2024-05-15 13:45:30.123456";
  auto trunc = [&](const std::string& unit) { return Eval("date_trunc", {{s, unit}, {ts, t}}); };
  EXPECT_EQ(trunc("microseconds"), "2024-05-15 13:45:30.123456");
  EXPECT_EQ(trunc("milliseconds"), "2024-05-15 13:45:30.123000");
  EXPECT_EQ(trunc("second"), "2024-05-15 13:45:30");
  EXPECT_EQ(trunc("minute"), "2024-05-15 13:45:00");
  EXPECT_EQ(trunc("hour"), "2024-05-15 13:00:00");
  EXPECT_EQ(trunc("day"), "2024-05-15 00:00:00");
  EXPECT_EQ(trunc("week"), "2024-05-13 00:00:00");  // Monday
  EXPECT_EQ(trunc("month"), "2024-05-01 00:00:00");
  EXPECT_EQ(trunc("quarter"), "2024-04-01 00:00:00");
  EXPECT_EQ(trunc("year"), "2024-01-01 00:00:00");
  EXPECT_EQ(trunc("decade"), "2020-01-01 00:00:00");
  EXPECT_EQ(trunc("century"), "2001-01-01 00:00:00");
  EXPECT_EQ(trunc("millennium"), "2001-01-01 00:00:00");
  EXPECT_EQ(trunc("dow"), "ERROR: date_trunc: unit 'dow' not supported");
  EXPECT_EQ(Eval("date_trunc", {{s, "month"}, {date32(), "2024-05-15"}}), "2024-05-01 00:00:00");
  EXPECT_EQ(Eval("date_trunc", {{s, "day"}, {ts, "1969-12-31 23:00:00"}}), "1969-12-31 00:00:00");
  if (!HaveZoneinfo()) GTEST_SKIP() << "tzdata not installed (/usr/share/zoneinfo)";
  KernelContext berlin;
  berlin.timezone = "Europe/Berlin";
  // Local midnight in Berlin (CEST, +02:00) is 22:00 UTC the day before.
  EXPECT_EQ(Eval("date_trunc", {{s, "day"}, {tstz, "2024-07-01 12:00:00Z"}}, berlin), "2024-06-30 22:00:00Z");
}

TEST(DateDiffTest, Boundaries) {
  EXPECT_EQ(Eval("date_diff", {{s, "month"}, {date32(), "2024-01-31"}, {date32(), "2024-02-01"}}), "1");
  EXPECT_EQ(Eval("date_diff", {{s, "year"}, {date32(), "2024-12-31"}, {date32(), "2023-01-01"}}), "-1");
  EXPECT_EQ(Eval("date_diff", {{s, "day"}, {ts, "2024-01-01 23:59:00"}, {ts, "2024-01-02 00:01:00"}}), "1");
  EXPECT_EQ(Eval("date_diff", {{s, "hour"}, {ts, "2024-01-01 10:59:00"}, {ts, "2024-01-01 12:00:00"}}), "2");
  EXPECT_EQ(Eval("date_diff", {{s, "week"}, {date32(), "2024-05-12"}, {date32(), "2024-05-13"}}), "1");
  EXPECT_EQ(Eval("date_diff", {{s, "quarter"}, {date32(), "2024-03-31"}, {date32(), "2024-04-01"}}), "1");
  EXPECT_EQ(Eval("datediff", {{s, "second"}, {date32(), "2024-01-01"}, {ts, "2024-01-01 00:00:10"}}), "10");
}

TEST(DateFunctionsTest, Constructors) {
  EXPECT_EQ(Eval("make_date", {{int64(), "2024"}, {int64(), "2"}, {int64(), "29"}}), "2024-02-29");
  EXPECT_EQ(Eval("make_date", {{int32(), "2023"}, {int32(), "2"}, {int32(), "29"}}),
            "ERROR: make_date: date field value out of range: 2023-2-29");
  EXPECT_EQ(Eval("make_timestamp", {{int64(), "2024"}, {int64(), "2"}, {int64(), "29"}, {int64(), "12"},
                                    {int64(), "30"}, {float64(), "45.5"}}),
            "2024-02-29 12:30:45.500000");
  EXPECT_EQ(Eval("to_timestamp", {{int64(), "0"}}), "1970-01-01 00:00:00Z");
  EXPECT_EQ(Eval("to_timestamp", {{float64(), "1.5"}}), "1970-01-01 00:00:01.500000Z");
  EXPECT_EQ(Eval("to_timestamp", {{float64(), "-1"}}), "1969-12-31 23:59:59Z");
  EXPECT_EQ(Eval("to_timestamp", {{float64(), "NaN"}}).rfind("ERROR", 0), 0u);
}

TEST(DateFunctionsTest, StatementTimeIsStable) {
  KernelContext ctx;
  ctx.statement_time_us = 1719799200123456;  // 2024-07-01 02:00:00.123456 UTC
  EXPECT_EQ(Eval("now", {}, ctx), "2024-07-01 02:00:00.123456Z");
  EXPECT_EQ(Eval("current_timestamp", {}, ctx), "2024-07-01 02:00:00.123456Z");
  EXPECT_EQ(Eval("current_date", {}, ctx), "2024-07-01");
  EXPECT_EQ(Eval("localtimestamp", {}, ctx), "2024-07-01 02:00:00.123456");
  auto r = testing::Call("now", {}, 5, ctx);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->encoding, Encoding::kConstant);
  EXPECT_EQ(testing::Texts(*r), Strs(5, "2024-07-01 02:00:00.123456Z"));
  if (!HaveZoneinfo()) GTEST_SKIP() << "tzdata not installed (/usr/share/zoneinfo)";
  ctx.timezone = "America/Los_Angeles";
  EXPECT_EQ(Eval("current_date", {}, ctx), "2024-06-30");
  EXPECT_EQ(Eval("localtimestamp", {}, ctx), "2024-06-30 19:00:00.123456");
  // Without a statement time the clock is read: some time after 2024.
  EXPECT_GT(Eval("now", {}), "2024");
}

TEST(AtTimeZoneTest, ConvertsBetweenWallClockAndInstants) {
  if (!HaveZoneinfo()) GTEST_SKIP() << "tzdata not installed (/usr/share/zoneinfo)";
  EXPECT_EQ(Eval("timezone", {{s, "Europe/Berlin"}, {ts, "2024-07-01 12:00:00"}}), "2024-07-01 10:00:00Z");
  EXPECT_EQ(Eval("timezone", {{s, "Europe/Berlin"}, {ts, "2024-01-01 12:00:00"}}), "2024-01-01 11:00:00Z");
  EXPECT_EQ(Eval("timezone", {{s, "Asia/Tokyo"}, {tstz, "2024-07-01 10:00:00Z"}}), "2024-07-01 19:00:00");
  EXPECT_EQ(Eval("at_time_zone", {{tstz, "2024-07-01 10:00:00Z"}, {s, "America/New_York"}}), "2024-07-01 06:00:00");
  EXPECT_EQ(Eval("timezone", {{s, "+05:30"}, {ts, "2024-01-01 05:30:00"}}), "2024-01-01 00:00:00Z");
  EXPECT_EQ(Eval("timezone", {{s, "utc"}, {ts, "2024-01-01 05:30:00"}}), "2024-01-01 05:30:00Z");
  EXPECT_EQ(Eval("timezone", {{s, "america/new_york"}, {ts, "2024-01-01 00:00:00"}}), "2024-01-01 05:00:00Z");
  EXPECT_EQ(Eval("timezone", {{s, "Mars/Olympus"}, {ts, "2024-01-01 00:00:00"}}),
            "ERROR: unknown time zone 'Mars/Olympus'");
  EXPECT_EQ(Eval("timezone", {{s, "../../etc/passwd"}, {ts, "2024-01-01 00:00:00"}}),
            "ERROR: unknown time zone '../../etc/passwd'");
  // Per-row zones.
  auto zones = Strings({"UTC", "Asia/Kolkata", std::nullopt});
  auto times = testing::Array<int64_t>(ts, {0, 0, 0});
  EXPECT_EQ(CallTexts("timezone", {zones, times}),
            (Strs{"1970-01-01 00:00:00Z", "1969-12-31 18:30:00Z", "NULL"}));
}

TEST(TimeZoneTest, DaylightSavingTransitions) {
  if (!HaveZoneinfo()) GTEST_SKIP() << "tzdata not installed (/usr/share/zoneinfo)";
  auto ny = TimeZone::Find("America/New_York");
  ASSERT_TRUE(ny.ok()) << ny.status().ToString();
  const int64_t jan = 1704067200;  // 2024-01-01 00:00:00 UTC
  EXPECT_EQ((*ny)->OffsetAt(jan), -5 * 3600);
  EXPECT_EQ((*ny)->OffsetAt(1719792000), -4 * 3600);  // 2024-07-01
  // Far future: past the last transition of the file, the POSIX footer rule applies.
  EXPECT_EQ((*ny)->OffsetAt(4102444800 + 180 * 86400), -4 * 3600);  // 2100-06-30
  EXPECT_EQ((*ny)->OffsetAt(4102444800), -5 * 3600);                 // 2100-01-01
  // 2024-03-10 02:30 does not exist in New York: read with the offset before the jump (EST).
  const int64_t gap_local = 1710037800;  // 2024-03-10 02:30:00 as if UTC
  EXPECT_EQ((*ny)->LocalToUtc(gap_local), gap_local + 5 * 3600);
  // 2024-11-03 01:30 happens twice: the offset after the jump (EST) wins.
  const int64_t overlap_local = 1730597400;  // 2024-11-03 01:30:00 as if UTC
  EXPECT_EQ((*ny)->LocalToUtc(overlap_local), overlap_local + 5 * 3600);
  // Southern hemisphere rule.
  auto sydney = TimeZone::Find("Australia/Sydney");
  ASSERT_TRUE(sydney.ok());
  EXPECT_EQ((*sydney)->OffsetAt(jan), 11 * 3600);
  EXPECT_EQ((*sydney)->OffsetAt(4102444800), 11 * 3600);
  EXPECT_EQ((*sydney)->OffsetAt(4102444800 + 180 * 86400), 10 * 3600);
}

TEST(TimeZoneTest, FixedOffsetsAndBadFiles) {
  EXPECT_EQ((*TimeZone::Find("+05:30"))->OffsetAt(0), 19800);
  EXPECT_EQ((*TimeZone::Find("-08"))->OffsetAt(0), -28800);
  EXPECT_EQ((*TimeZone::Find("UTC+3"))->OffsetAt(0), 10800);
  EXPECT_EQ((*TimeZone::Find("Z"))->OffsetAt(0), 0);
  EXPECT_FALSE(TimeZone::Find("").ok());
  EXPECT_FALSE(TimeZone::Find("+25:00").ok());
  // Untrusted TZif bytes: errors, never crashes.
  EXPECT_EQ(TimeZone::FromTzif("x", "").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(TimeZone::FromTzif("x", "TZif2").status().code(), StatusCode::kCorrupt);
  std::string header = "TZif2" + std::string(15, '\0');
  for (uint32_t count : {0u, 0u, 0u, 100000u, 1u, 4u}) {
    for (int b = 3; b >= 0; --b) header.push_back(static_cast<char>(count >> (8 * b)));
  }
  EXPECT_EQ(TimeZone::FromTzif("x", header).status().code(), StatusCode::kCorrupt);
  if (!HaveZoneinfo()) return;
  // Every prefix of a real file is rejected or parsed, without reading past the end.
  std::string bytes;
  {
    std::FILE* f = std::fopen("/usr/share/zoneinfo/Europe/Berlin", "rb");
    ASSERT_NE(f, nullptr);
    char buf[4096];
    size_t got;
    while ((got = std::fread(buf, 1, sizeof(buf), f)) > 0) bytes.append(buf, got);
    std::fclose(f);
  }
  for (size_t len = 0; len < bytes.size(); len += 7) {
    auto r = TimeZone::FromTzif("prefix", std::string_view(bytes).substr(0, len));
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
    }
  }
  EXPECT_TRUE(TimeZone::FromTzif("Europe/Berlin", bytes).ok());
}

}  // namespace
}  // namespace silt::functions
