#include "silt/functions/cast.h"

#include <gtest/gtest.h>

#include "function_test_util.h"
#include "silt/functions/type_coercion.h"

namespace silt::functions {
namespace {

using testing::Array;
using testing::Constant;
using testing::Dictionary;
using testing::FromText;
using testing::Strings;
using testing::Texts;
using Strs = std::vector<std::string>;

// Casts text (first read as `from`) to `to`; "ERROR" on failure, "NULL" for NULL.
std::string CastText(const DataTypePtr& from, const std::string& text, const DataTypePtr& to,
                     bool try_cast = false, const KernelContext& ctx = KernelContext()) {
  auto value = FromText(from, text);
  auto r = Cast(ctx, value, to, try_cast);
  if (!r.ok()) return "ERROR";
  return Texts(*r)[0];
}

struct CastRow {
  DataTypePtr from;
  std::string input;
  DataTypePtr to;
  std::string expected;  // "ERROR" when the cast must fail
};

void RunRows(const std::vector<CastRow>& rows) {
  for (const auto& row : rows) {
    EXPECT_EQ(CastText(row.from, row.input, row.to), row.expected)
        << row.from->ToString() << " '" << row.input << "' -> " << row.to->ToString();
    // TRY_CAST turns every failure into NULL and agrees otherwise.
    const std::string lenient = row.expected == "ERROR" ? "NULL" : row.expected;
    EXPECT_EQ(CastText(row.from, row.input, row.to, true), lenient)
        << "try_cast " << row.from->ToString() << " '" << row.input << "' -> " << row.to->ToString();
  }
}

TEST(CastTest, IntegersAndBooleans) {
  RunRows({
      {int64(), "127", int8(), "127"},
      {int64(), "128", int8(), "ERROR"},
      {int64(), "-129", int8(), "ERROR"},
      {int32(), "-1", uint32(), "ERROR"},
      {uint64(), "18446744073709551615", int64(), "ERROR"},
      {uint64(), "18446744073709551615", decimal(20, 0), "18446744073709551615"},
      {int16(), "-300", int64(), "-300"},
      {int64(), "2", boolean(), "true"},
      {int64(), "0", boolean(), "false"},
      {boolean(), "true", int32(), "1"},
      {boolean(), "false", float64(), "0"},
      {boolean(), "true", decimal(5, 2), "1.00"},
      {int64(), "9007199254740993", float64(), "9007199254740992"},
      {int32(), "7", float32(), "7"},
  });
}

TEST(CastTest, FloatsRoundHalfAwayFromZero) {
  RunRows({
      {float64(), "2.5", int32(), "3"},
      {float64(), "-2.5", int32(), "-3"},
      {float64(), "2.4999", int64(), "2"},
      {float64(), "-0.5", int16(), "-1"},
      {float64(), "0.4", uint8(), "0"},
      {float64(), "-0.6", uint8(), "ERROR"},
      {float64(), "NaN", int32(), "ERROR"},
      {float64(), "inf", int64(), "ERROR"},
      {float64(), "9223372036854775807", int64(), "ERROR"},  // rounds to 2^63
      {float64(), "-9223372036854775808", int64(), "-9223372036854775808"},
      {float64(), "127.4", int8(), "127"},
      {float64(), "127.5", int8(), "ERROR"},
      {float32(), "1.5", int64(), "2"},
      {float64(), "1e300", float32(), "ERROR"},
      {float64(), "0.1", float32(), "0.1"},
      {float32(), "0.1", float64(), "0.10000000149011612"},
      {float64(), "NaN", boolean(), "true"},
  });
}

TEST(CastTest, Decimals) {
  RunRows({
      {decimal(10, 2), "12.35", decimal(12, 4), "12.3500"},
      {decimal(10, 3), "12.345", decimal(10, 2), "12.35"},
      {decimal(10, 3), "-12.345", decimal(10, 2), "-12.35"},
      {decimal(10, 3), "12.344", decimal(10, 2), "12.34"},
      {decimal(10, 2), "999.99", decimal(4, 1), "ERROR"},
      {decimal(10, 2), "99.95", decimal(3, 1), "ERROR"},  // rounds to 100.0
      {decimal(10, 2), "12.50", int32(), "13"},
      {decimal(10, 2), "-12.50", int32(), "-13"},
      {decimal(10, 2), "12.49", int64(), "12"},
      {decimal(20, 0), "300", int8(), "ERROR"},
      {decimal(10, 2), "12.25", float64(), "12.25"},
      {decimal(38, 10), "0.1000000000", float32(), "0.1"},
      {decimal(10, 2), "0.00", boolean(), "false"},
      {int64(), "12345", decimal(4, 0), "ERROR"},
      {int32(), "-7", decimal(25, 3), "-7.000"},
      {float64(), "0.1", decimal(10, 5), "0.10000"},
      {float64(), "1.005", decimal(10, 2), "1.01"},  // shortest form 1.005, not 1.00499...
      {float64(), "-2.5", decimal(5, 0), "-3"},
      {float64(), "1e20", decimal(38, 0), "100000000000000000000"},
      {float64(), "1e-20", decimal(10, 5), "0.00000"},
      {float64(), "123456", decimal(5, 0), "ERROR"},
      {float64(), "NaN", decimal(10, 2), "ERROR"},
      {float32(), "3.25", decimal(10, 1), "3.3"},
      {decimal64(18, 2), "1.25", decimal128(30, 2), "1.25"},
      {decimal128(30, 2), "1.25", decimal64(18, 1), "1.3"},
  });
}

TEST(CastTest, FromStrings) {
  RunRows({
      {utf8(), " 42 ", int32(), "42"},
      {utf8(), "+42", int64(), "42"},
      {utf8(), "4.2", int32(), "ERROR"},
      {utf8(), "", int32(), "ERROR"},
      {utf8(), "99999999999999999999", int64(), "ERROR"},
      {utf8(), "18446744073709551615", uint64(), "18446744073709551615"},
      {utf8(), "1.5e3", float64(), "1500"},
      {utf8(), "-Infinity", float64(), "-inf"},
      {utf8(), "nan", float32(), "NaN"},
      {utf8(), "1e400", float64(), "ERROR"},
      {utf8(), "abc", float64(), "ERROR"},
      {utf8(), "12.345", decimal(10, 2), "12.35"},
      {utf8(), "-1.5e2", decimal(10, 2), "-150.00"},
      {utf8(), "123456.7", decimal(5, 1), "ERROR"},
      {utf8(), "TRUE", boolean(), "true"},
      {utf8(), " off ", boolean(), "false"},
      {utf8(), "maybe", boolean(), "ERROR"},
      {utf8(), "2024-02-29", date32(), "2024-02-29"},
      {utf8(), "2023-02-29", date32(), "ERROR"},
      {utf8(), "2024-02-29 13:00:00", date32(), "2024-02-29"},
      {utf8(), "12:34:56.789", time64(TimeUnit::kMicro), "12:34:56.789000"},
      {utf8(), "25:00:00", time64(TimeUnit::kMicro), "ERROR"},
      {utf8(), "2024-01-01 10:00:00", timestamp(TimeUnit::kMicro), "2024-01-01 10:00:00"},
      {utf8(), "2024-01-01T10:00:00+02:00", timestamp(TimeUnit::kMicro, "UTC"), "2024-01-01 08:00:00Z"},
      {utf8(), "2024-07-01 10:00:00 Europe/Berlin", timestamp(TimeUnit::kMicro, "UTC"), "2024-07-01 08:00:00Z"},
      {utf8(), "2024-01-01 10:00:00 Nowhere/City", timestamp(TimeUnit::kMicro, "UTC"), "ERROR"},
      {utf8(), "1 year 2 mons 3 days 04:05:06.5", interval(), "P1Y2M3DT4H5M6.5S"},
      {utf8(), "P1Y2M3DT4H5M6.5S", interval(), "P1Y2M3DT4H5M6.5S"},
      {utf8(), "P-1M", interval(), "P-1M"},
      {utf8(), "2 weeks ago", interval(), "P-14D"},
      {utf8(), "1.5 days", interval(), "P1DT12H"},
      {utf8(), "1.5 months", interval(), "P1M15D"},
      {utf8(), "-01:30", interval(), "PT-1H-30M"},
      {utf8(), "5 fortnights", interval(), "ERROR"},
      {utf8(), "héllo", binary(), "68c3a96c6c6f"},
      {utf8(), "ab", fixed_binary(2), "6162"},
      {utf8(), "abc", fixed_binary(2), "ERROR"},
  });
}

TEST(CastTest, ToStringsUseContractsText) {
  RunRows({
      {int64(), "-42", utf8(), "-42"},
      {uint64(), "18446744073709551615", utf8(), "18446744073709551615"},
      {float64(), "0.1", utf8(), "0.1"},
      {float32(), "0.1", utf8(), "0.1"},
      {float64(), "1e20", utf8(), "1e+20"},
      {float64(), "-inf", utf8(), "-inf"},
      {decimal(10, 2), "-0.05", utf8(), "-0.05"},
      {decimal(38, 2), "123456789012345678901234567890123456.78", utf8(),
       "123456789012345678901234567890123456.78"},
      {boolean(), "true", utf8(), "true"},
      {date32(), "0044-03-15", utf8(), "0044-03-15"},
      {timestamp(TimeUnit::kMicro), "2024-01-01 00:00:00.5", utf8(), "2024-01-01 00:00:00.500000"},
      {timestamp(TimeUnit::kNano, "UTC"), "2024-01-01 00:00:00.000000001Z", utf8(),
       "2024-01-01 00:00:00.000000001Z"},
      {time64(TimeUnit::kMicro), "01:02:03", utf8(), "01:02:03"},
      {interval(), "1 day 1 minute", utf8(), "P1DT1M"},
      {binary(), "ab", utf8(), "6162"},
  });
}

TEST(CastTest, Temporal) {
  const auto ts_us = timestamp(TimeUnit::kMicro);
  const auto ts_ms = timestamp(TimeUnit::kMilli);
  const auto ts_ns = timestamp(TimeUnit::kNano);
  const auto tstz = timestamp(TimeUnit::kMicro, "UTC");
  RunRows({
      {date32(), "2024-03-10", ts_us, "2024-03-10 00:00:00"},
      {date32(), "2024-03-10", tstz, "2024-03-10 00:00:00Z"},
      {ts_us, "2024-03-10 23:59:59.999999", date32(), "2024-03-10"},
      {ts_us, "1969-12-31 23:59:59.5", date32(), "1969-12-31"},
      {ts_us, "2024-03-10 12:34:56.5", time64(TimeUnit::kMicro), "12:34:56.500000"},
      {ts_us, "2024-03-10 12:34:56.123456", ts_ms, "2024-03-10 12:34:56.123000"},
      {ts_us, "1969-12-31 23:59:59.9995", ts_ms, "1969-12-31 23:59:59.999000"},
      {ts_us, "2024-03-10 12:34:56.123456", ts_ns, "2024-03-10 12:34:56.123456000"},
      {ts_us, "2500-01-01 00:00:00", ts_ns, "ERROR"},
      {ts_us, "2024-01-01 00:00:00", tstz, "2024-01-01 00:00:00Z"},
      {time64(TimeUnit::kMicro), "01:00:00.123456", time64(TimeUnit::kNano), "01:00:00.123456000"},
  });
  // Unsupported pairs are Plan errors even under TRY_CAST.
  auto r = Cast(KernelContext(), FromText(date32(), "2024-01-01"), int32(), true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPlan);
}

TEST(CastTest, SessionTimeZone) {
  KernelContext ny;
  ny.timezone = "America/New_York";
  const auto ts = timestamp(TimeUnit::kMicro);
  const auto tstz = timestamp(TimeUnit::kMicro, "UTC");
  // timestamp -> timestamptz reads wall-clock time in the session zone and back.
  EXPECT_EQ(CastText(ts, "2024-07-01 12:00:00", tstz, false, ny), "2024-07-01 16:00:00Z");
  EXPECT_EQ(CastText(tstz, "2024-01-01 12:00:00Z", ts, false, ny), "2024-01-01 07:00:00");
  EXPECT_EQ(CastText(date32(), "2024-01-01", tstz, false, ny), "2024-01-01 05:00:00Z");
  EXPECT_EQ(CastText(tstz, "2024-01-01 03:00:00Z", date32(), false, ny), "2023-12-31");
  EXPECT_EQ(CastText(tstz, "2024-01-01 03:00:00Z", time64(TimeUnit::kMicro), false, ny), "22:00:00");
  EXPECT_EQ(CastText(utf8(), "2024-01-01 00:00:00", tstz, false, ny), "2024-01-01 05:00:00Z");
  // A zone in the text wins over the session zone.
  EXPECT_EQ(CastText(utf8(), "2024-01-01 00:00:00Z", tstz, false, ny), "2024-01-01 00:00:00Z");
}

TEST(CastTest, EncodingsAndNulls) {
  KernelContext ctx;
  auto text = Strings({"1", std::nullopt, "x", "1"});
  // Plain: error names the value; try_cast yields NULL.
  auto strict = Cast(ctx, text, int32(), false);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().code(), StatusCode::kExecution);
  EXPECT_EQ(strict.status().message(), "cannot cast 'x' of type utf8 to int32");
  EXPECT_EQ(Texts(*Cast(ctx, text, int32(), true)), (Strs{"1", "NULL", "NULL", "1"}));
  // Dictionary: stays a dictionary; an unreferenced bad entry does not fail the cast.
  auto dict = Dictionary(Strings({"1", "2", std::nullopt}), Strings({"bad"}));
  auto cast_dict = Cast(ctx, dict, int64(), false);
  ASSERT_TRUE(cast_dict.ok()) << cast_dict.status().ToString();
  EXPECT_EQ((*cast_dict)->encoding, Encoding::kDictionary);
  EXPECT_EQ(Texts(*cast_dict), (Strs{"1", "2", "NULL"}));
  auto bad_dict = Dictionary(Strings({"1", "bad"}));
  EXPECT_FALSE(Cast(ctx, bad_dict, int64(), false).ok());
  EXPECT_EQ(Texts(*Cast(ctx, bad_dict, int64(), true)), (Strs{"1", "NULL"}));
  // Constant stays constant.
  auto c = Cast(ctx, Constant(Strings({"7"}), 5), int8(), false);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->encoding, Encoding::kConstant);
  EXPECT_EQ(Texts(*c), Strs(5, "7"));
  // NULL type casts to anything.
  EXPECT_EQ(Texts(*Cast(ctx, *MakeNullArray(null(), 2), date32(), false)), (Strs{"NULL", "NULL"}));
  // A slice with an offset keeps its rows.
  auto sliced = Array<int64_t>(int64(), {1, std::nullopt, 300, 4})->Slice(1, 3);
  EXPECT_EQ(Texts(*Cast(ctx, sliced, int8(), true)), (Strs{"NULL", "NULL", "4"}));
}

TEST(CastTest, NestedTypes) {
  KernelContext ctx;
  ArrayBuilder b(list(field("item", int32())));
  ASSERT_TRUE(b.child(0)->Append<int32_t>(1).ok());
  ASSERT_TRUE(b.child(0)->Append<int32_t>(2).ok());
  ASSERT_TRUE(b.AppendListRow().ok());
  ASSERT_TRUE(b.AppendNull().ok());
  auto lists = *b.Finish();
  auto r = Cast(ctx, lists, list(field("item", utf8())), false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Texts(*r), (Strs{"[\"1\",\"2\"]", "NULL"}));
  EXPECT_EQ(Texts(*Cast(ctx, lists, utf8(), false)), (Strs{"[1,2]", "NULL"}));
}

TEST(CastTest, EveryPairIsSupportedOrAPlanError) {
  KernelContext ctx;
  const std::vector<std::pair<DataTypePtr, std::string>> samples = {
      {boolean(), "true"},
      {int8(), "-5"},
      {int16(), "300"},
      {int32(), "70000"},
      {int64(), "-5000000000"},
      {uint8(), "200"},
      {uint16(), "60000"},
      {uint32(), "4000000000"},
      {uint64(), "18000000000000000000"},
      {float32(), "1.5"},
      {float64(), "-2.25"},
      {decimal64(10, 2), "12.34"},
      {decimal128(30, 5), "-1.00001"},
      {utf8(), "12"},
      {binary(), "xy"},
      {fixed_binary(2), "xy"},
      {date32(), "2024-01-02"},
      {time64(TimeUnit::kMicro), "01:02:03"},
      {time64(TimeUnit::kNano), "01:02:03.000000001"},
      {timestamp(TimeUnit::kMilli), "2024-01-02 03:04:05"},
      {timestamp(TimeUnit::kMicro, "UTC"), "2024-01-02 03:04:05Z"},
      {timestamp(TimeUnit::kNano), "2024-01-02 03:04:05.000000001"},
      {interval(), "1 day"},
  };
  int supported = 0;
  for (const auto& [from, text] : samples) {
    auto value = FromText(from, text);
    for (const auto& [to, unused] : samples) {
      auto r = Cast(ctx, value, to, true);
      if (!CanCastExplicitly(*from, *to)) {
        ASSERT_FALSE(r.ok()) << from->ToString() << " -> " << to->ToString();
        EXPECT_EQ(r.status().code(), StatusCode::kPlan);
        continue;
      }
      ++supported;
      ASSERT_TRUE(r.ok()) << from->ToString() << " -> " << to->ToString() << ": "
                          << r.status().ToString();
      EXPECT_TRUE((*r)->type->Equals(*to));
      EXPECT_TRUE(ValidateArray(**r).ok());
      // Everything renders as utf8 and the text reads back as the same value.
      if (to->id() == TypeId::kUtf8 && from->id() != TypeId::kBinary &&
          from->id() != TypeId::kFixedBinary) {
        auto back = Cast(ctx, *r, from, false);
        ASSERT_TRUE(back.ok()) << from->ToString() << " text round trip: " << back.status().ToString();
        EXPECT_EQ(Texts(*back), Texts(value)) << from->ToString();
      }
    }
  }
  EXPECT_GT(supported, 240);
}

TEST(TypeCoercionTest, CommonSuperType) {
  auto common = [](DataTypePtr a, DataTypePtr b) {
    auto r = CommonSuperType(a, b);
    return r.ok() ? (*r)->ToString() : "ERROR";
  };
  EXPECT_EQ(common(int8(), int32()), "int32");
  EXPECT_EQ(common(int32(), uint32()), "int64");
  EXPECT_EQ(common(int64(), uint64()), "decimal(20,0)");
  EXPECT_EQ(common(uint8(), uint16()), "uint16");
  EXPECT_EQ(common(int32(), float32()), "float64");
  EXPECT_EQ(common(int16(), float32()), "float32");
  EXPECT_EQ(common(decimal(10, 2), float32()), "float64");
  EXPECT_EQ(common(int32(), decimal(5, 2)), "decimal(12,2)");
  EXPECT_EQ(common(decimal(10, 2), decimal(5, 4)), "decimal(12,4)");
  EXPECT_EQ(common(decimal(38, 20), int64()), "decimal(38,19)");
  EXPECT_EQ(common(null(), date32()), "date32");
  EXPECT_EQ(common(date32(), timestamp(TimeUnit::kMilli)), "timestamp(ms)");
  EXPECT_EQ(common(timestamp(TimeUnit::kMilli), timestamp(TimeUnit::kNano, "UTC")),
            "timestamp(ns, UTC)");
  EXPECT_EQ(common(utf8(), binary()), "binary");
  EXPECT_EQ(common(utf8(), int64()), "ERROR");
  EXPECT_EQ(common(boolean(), int32()), "ERROR");
  EXPECT_EQ(common(list(field("item", int32())), list(field("item", float64()))), "list<float64>");
  EXPECT_EQ((*CommonSuperType({int8(), null(), decimal(4, 1)}))->ToString(), "decimal(4,1)");
}

TEST(TypeCoercionTest, ImplicitCastsAreTheCommonTypeWidenings) {
  EXPECT_TRUE(CanImplicitlyCast(*int32(), *int64()));
  EXPECT_FALSE(CanImplicitlyCast(*int64(), *int32()));
  EXPECT_FALSE(CanImplicitlyCast(*int32(), *uint64()));
  EXPECT_TRUE(CanImplicitlyCast(*uint32(), *int64()));
  EXPECT_TRUE(CanImplicitlyCast(*int64(), *float64()));
  EXPECT_TRUE(CanImplicitlyCast(*int32(), *decimal(10, 0)));
  EXPECT_FALSE(CanImplicitlyCast(*int32(), *decimal(9, 0)));
  EXPECT_TRUE(CanImplicitlyCast(*decimal(10, 2), *decimal(12, 4)));
  EXPECT_FALSE(CanImplicitlyCast(*decimal(10, 2), *decimal(12, 1)));
  EXPECT_TRUE(CanImplicitlyCast(*decimal(10, 2), *float64()));
  EXPECT_FALSE(CanImplicitlyCast(*float64(), *decimal(38, 10)));
  EXPECT_TRUE(CanImplicitlyCast(*date32(), *timestamp(TimeUnit::kMicro, "UTC")));
  EXPECT_TRUE(CanImplicitlyCast(*timestamp(TimeUnit::kMicro), *timestamp(TimeUnit::kMicro, "UTC")));
  EXPECT_FALSE(CanImplicitlyCast(*timestamp(TimeUnit::kMicro, "UTC"), *timestamp(TimeUnit::kMicro)));
  EXPECT_FALSE(CanImplicitlyCast(*utf8(), *int64()));
  EXPECT_FALSE(CanImplicitlyCast(*int64(), *utf8()));
  EXPECT_TRUE(CanImplicitlyCast(*null(), *utf8()));
  // Every implicit widening is also an explicit cast.
  const std::vector<DataTypePtr> types = {int8(), int64(), uint32(), float32(), float64(),
                                          decimal(10, 2), decimal(38, 4), date32(),
                                          timestamp(TimeUnit::kMicro), utf8(), binary()};
  for (const auto& a : types) {
    for (const auto& b : types) {
      if (CanImplicitlyCast(*a, *b)) {
        EXPECT_TRUE(CanCastExplicitly(*a, *b)) << a->ToString() << " -> " << b->ToString();
      }
      auto common = CommonSuperType(a, b);
      if (common.ok() && !(*common)->IsDecimal()) {
        EXPECT_TRUE(CanImplicitlyCast(*a, **common)) << a->ToString() << " vs " << b->ToString();
      }
    }
  }
}

}  // namespace
}  // namespace silt::functions
