#include <gtest/gtest.h>

#include "silt/common/decimal.h"
#include "silt/common/temporal.h"

namespace silt {
namespace {

std::string Date(int64_t days) {
  std::string s;
  AppendDate(days, &s);
  return s;
}

std::string Ts(int64_t v, TimeUnit unit, bool utc = false) {
  std::string s;
  AppendTimestamp(v, unit, utc, &s);
  return s;
}

std::string Interval(int32_t months, int32_t days, int64_t nanos) {
  std::string s;
  AppendInterval(months, days, nanos, &s);
  return s;
}

std::string Dec(__int128 v, int32_t scale) {
  std::string s;
  AppendDecimal(v, scale, &s);
  return s;
}

TEST(Temporal, CivilRoundTripsOverAWideRange) {
  for (int64_t days = -1000000; days <= 1000000; days += 37) {
    CivilDate c = CivilFromDays(days);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), days);
    std::string text = Date(days);
    auto parsed = ParseDate(text);
    ASSERT_TRUE(parsed.ok()) << text;
    ASSERT_EQ(*parsed, days) << text;
  }
}

TEST(Temporal, DateRendering) {
  EXPECT_EQ(Date(0), "1970-01-01");
  EXPECT_EQ(Date(-1), "1969-12-31");
  EXPECT_EQ(Date(DaysFromCivil(1, 1, 1)), "0001-01-01");
  EXPECT_EQ(Date(DaysFromCivil(9999, 12, 31)), "9999-12-31");
  EXPECT_EQ(Date(DaysFromCivil(10000, 1, 1)), "+10000-01-01");
  EXPECT_EQ(Date(DaysFromCivil(290000, 1, 1)), "+290000-01-01");
  EXPECT_EQ(Date(DaysFromCivil(-44, 3, 15)), "-0044-03-15");
  EXPECT_EQ(Date(DaysFromCivil(0, 2, 29)), "+0000-02-29");  // year 0 is a leap year
  EXPECT_EQ(Date(DaysFromCivil(2000, 2, 29)), "2000-02-29");
  EXPECT_EQ(*ParseDate("-0044-03-15"), DaysFromCivil(-44, 3, 15));
  EXPECT_EQ(*ParseDate("+290000-01-01"), DaysFromCivil(290000, 1, 1));
}

TEST(Temporal, DateParseErrors) {
  EXPECT_FALSE(ParseDate("2023-02-29").ok());
  EXPECT_FALSE(ParseDate("2024-13-01").ok());
  EXPECT_FALSE(ParseDate("2024-00-10").ok());
  EXPECT_FALSE(ParseDate("2024-01-01x").ok());
  EXPECT_FALSE(ParseDate("").ok());
  EXPECT_FALSE(ParseDate("20240101").ok());
  EXPECT_EQ(ParseDate("bad").status().code(), StatusCode::kInvalidArgument);
}

TEST(Temporal, TimestampRendering) {
  EXPECT_EQ(Ts(0, TimeUnit::kMicro), "1970-01-01 00:00:00");
  EXPECT_EQ(Ts(0, TimeUnit::kMicro, true), "1970-01-01 00:00:00Z");
  EXPECT_EQ(Ts(-1, TimeUnit::kMicro), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(Ts(1500, TimeUnit::kMilli), "1970-01-01 00:00:01.500000");
  EXPECT_EQ(Ts(1, TimeUnit::kNano), "1970-01-01 00:00:00.000000001");
  EXPECT_EQ(Ts(86400LL * 1000000000 + 5000, TimeUnit::kNano), "1970-01-02 00:00:00.000005000");
  EXPECT_EQ(Ts(INT64_MIN, TimeUnit::kNano), "1677-09-21 00:12:43.145224192");
  EXPECT_EQ(Ts(INT64_MAX, TimeUnit::kMicro), "+294247-01-10 04:00:54.775807");
  std::string t;
  AppendTimeOfDay(45296789000LL, TimeUnit::kMicro, &t);
  EXPECT_EQ(t, "12:34:56.789000");
  t.clear();
  AppendTimeOfDay(3600LL * 1000000000, TimeUnit::kNano, &t);
  EXPECT_EQ(t, "01:00:00");
}

TEST(Temporal, TimestampParsing) {
  auto ts = ParseTimestamp("2024-01-02 03:04:05.123456");
  ASSERT_TRUE(ts.ok());
  EXPECT_FALSE(ts->has_zone);
  EXPECT_EQ(ts->fraction_digits, 6);
  EXPECT_EQ(Ts(*TimestampToUnit(*ts, TimeUnit::kMicro), TimeUnit::kMicro),
            "2024-01-02 03:04:05.123456");
  auto z = ParseTimestamp("2024-01-02T03:04:05+02:00");
  ASSERT_TRUE(z.ok());
  EXPECT_TRUE(z->has_zone);
  EXPECT_EQ(Ts(*TimestampToUnit(*z, TimeUnit::kMicro), TimeUnit::kMicro, true),
            "2024-01-02 01:04:05Z");
  auto neg = ParseTimestamp("2024-01-02 23:30:00 -0130");
  ASSERT_TRUE(neg.ok());
  EXPECT_EQ(Ts(*TimestampToUnit(*neg, TimeUnit::kMicro), TimeUnit::kMicro),
            "2024-01-03 01:00:00");
  auto date_only = ParseTimestamp("2024-01-02");
  ASSERT_TRUE(date_only.ok());
  EXPECT_EQ(date_only->seconds, DaysFromCivil(2024, 1, 2) * 86400);
  auto nanos = ParseTimestamp("1970-01-01 00:00:00.000000001Z");
  ASSERT_TRUE(nanos.ok());
  EXPECT_EQ(nanos->fraction_digits, 9);
  EXPECT_EQ(*TimestampToUnit(*nanos, TimeUnit::kNano), 1);
  EXPECT_FALSE(ParseTimestamp("2024-01-02 25:00:00").ok());
  EXPECT_FALSE(ParseTimestamp("2024-01-02 10:00:00.1234567890").ok());
  EXPECT_FALSE(ParseTimestamp("2024-01-02 10:00:00 PST").ok());
  // Far-future instants overflow nanoseconds but not microseconds.
  auto far = ParseTimestamp("3000-01-01 00:00:00");
  ASSERT_TRUE(far.ok());
  EXPECT_FALSE(TimestampToUnit(*far, TimeUnit::kNano).ok());
  EXPECT_TRUE(TimestampToUnit(*far, TimeUnit::kMicro).ok());
  EXPECT_EQ(*ParseTimeOfDay("12:34:56.5"), 45296500000000LL);
}

TEST(Temporal, Intervals) {
  EXPECT_EQ(Interval(14, 3, (4 * 3600 + 5 * 60 + 6) * 1000000000LL + 500000000),
            "P1Y2M3DT4H5M6.5S");
  EXPECT_EQ(Interval(0, 0, 0), "PT0S");
  EXPECT_EQ(Interval(1, 0, 0), "P1M");
  EXPECT_EQ(Interval(0, 0, 1), "PT0.000000001S");
  EXPECT_EQ(Interval(-14, -1, -1500000000), "P-1Y-2M-1DT-1.5S");
  EXPECT_EQ(Interval(0, 0, 3600LL * 1000000000), "PT1H");
}

TEST(Decimal, Text) {
  EXPECT_EQ(Dec(1250, 2), "12.50");
  EXPECT_EQ(Dec(-5, 3), "-0.005");
  EXPECT_EQ(Dec(0, 2), "0.00");
  EXPECT_EQ(Dec(12, 0), "12");
  EXPECT_EQ(Dec(12, -2), "1200");
  __int128 min = static_cast<__int128>(static_cast<unsigned __int128>(1) << 127);
  std::string s;
  AppendInt128(min, &s);
  EXPECT_EQ(s, "-170141183460469231731687303715884105728");
  EXPECT_EQ(Dec(Pow10Int128(38) - 1, 38), "0.99999999999999999999999999999999999999");
  auto p = ParseDecimalText("-0012.500");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(static_cast<int64_t>(p->unscaled), -12500);
  EXPECT_EQ(p->scale, 3);
  EXPECT_EQ(p->precision, 5);
  EXPECT_EQ(ParseDecimalText("0.05")->precision, 2);
  EXPECT_FALSE(ParseDecimalText("1.2.3").ok());
  EXPECT_FALSE(ParseDecimalText("123456789012345678901234567890123456789").ok());
  EXPECT_EQ(static_cast<int64_t>(*ParseDecimalAtScale("12.5", 2)), 1250);
  EXPECT_EQ(static_cast<int64_t>(*ParseDecimalAtScale("12.500", 2)), 1250);
  EXPECT_FALSE(ParseDecimalAtScale("12.505", 2).ok());
  __int128 out;
  EXPECT_FALSE(MultiplyByPow10(Pow10Int128(30), 10, &out));
  EXPECT_TRUE(MultiplyByPow10(-Pow10Int128(30), 8, &out));
  EXPECT_EQ(out, -Pow10Int128(38));
}

}  // namespace
}  // namespace silt
