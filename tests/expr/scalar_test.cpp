#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "silt/common/decimal.h"
#include "silt/common/temporal.h"
#include "silt/expr/scalar.h"

namespace silt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Scalar, ToStringLiterals) {
  EXPECT_EQ(Scalar().ToString(), "NULL");
  EXPECT_EQ(Scalar::Null(int32()).ToString(), "NULL");
  EXPECT_EQ(Scalar::Bool(true).ToString(), "true");
  EXPECT_EQ(Scalar::Int(-42).ToString(), "-42");
  EXPECT_EQ(Scalar::Int(7, int8()).ToString(), "7");
  EXPECT_EQ(Scalar::UInt64(UINT64_MAX).ToString(), "18446744073709551615");
  EXPECT_EQ(Scalar::Float(1.5).ToString(), "1.5e0");
  EXPECT_EQ(Scalar::Float(1000).ToString(), "1000e0");
  EXPECT_EQ(Scalar::Float(1e300).ToString(), "1e+300");
  EXPECT_EQ(Scalar::Float(static_cast<float>(0.1), float32()).ToString(), "0.1e0");
  EXPECT_EQ(Scalar::Float(kNaN).ToString(), "DOUBLE 'NaN'");
  EXPECT_EQ(Scalar::Float(-kInf).ToString(), "DOUBLE '-inf'");
  EXPECT_EQ(Scalar::Decimal(1250, 10, 2).ToString(), "12.50");
  EXPECT_EQ(Scalar::String("it's").ToString(), "'it''s'");
  EXPECT_EQ(Scalar::Binary(std::string("\x00\xff", 2)).ToString(), "X'00ff'");
  EXPECT_EQ(Scalar::Date(static_cast<int32_t>(DaysFromCivil(2024, 1, 1))).ToString(),
            "DATE '2024-01-01'");
  EXPECT_EQ(Scalar::Timestamp(1500000, TimeUnit::kMicro).ToString(),
            "TIMESTAMP '1970-01-01 00:00:01.500000'");
  EXPECT_EQ(Scalar::Timestamp(0, TimeUnit::kNano, "UTC").ToString(),
            "TIMESTAMP '1970-01-01 00:00:00Z'");
  EXPECT_EQ(Scalar::Time(3600000000LL, TimeUnit::kMicro).ToString(), "TIME '01:00:00'");
}

TEST(Scalar, CompareExactNumbers) {
  EXPECT_EQ(Scalar::Int(1).Compare(Scalar::Decimal(100, 3, 2)), 0);
  EXPECT_EQ(Scalar::Int(2).Compare(Scalar::Decimal(150, 3, 2)), 1);
  EXPECT_EQ(Scalar::Decimal(150, 3, 2).Compare(Scalar::Decimal(1500, 4, 3)), 0);
  EXPECT_EQ(Scalar::Int(-1, int8()).Compare(Scalar::UInt64(UINT64_MAX)), -1);
  EXPECT_EQ(Scalar::UInt64(UINT64_MAX).Compare(Scalar::Int(INT64_MAX)), 1);
  // Aligning 10^37 (scale 0) to scale 38 overflows 128 bits: the sign decides.
  Scalar big = Scalar::Decimal(Pow10Int128(37), 38, 0);
  Scalar tiny = Scalar::Decimal(1, 38, 38);
  EXPECT_EQ(big.Compare(tiny), 1);
  EXPECT_EQ(tiny.Compare(big), -1);
  EXPECT_EQ(Scalar::Decimal(-Pow10Int128(37), 38, 0).Compare(tiny), -1);
}

TEST(Scalar, Decimal64) {
  Scalar d64(decimal64(10, 2), __int128{1250});
  EXPECT_EQ(d64.ToString(), "12.50");
  EXPECT_EQ(d64.type()->ToString(), "decimal(10,2)");
  EXPECT_EQ(d64.Compare(Scalar::Decimal(1250, 10, 2)), 0);
  EXPECT_EQ(d64.Compare(Scalar::Decimal(125, 3, 1)), 0);
  EXPECT_EQ(d64.Compare(Scalar::Int(12)), 1);
  EXPECT_EQ(d64.Compare(Scalar::Float(12.5)), 0);
  EXPECT_EQ(Scalar::Decimal(1251, 20, 2).Compare(d64), 1);
  // Same value, different storage: not structurally equal.
  EXPECT_FALSE(d64.Equals(Scalar::Decimal(1250, 10, 2)));
  EXPECT_TRUE(d64.Equals(Scalar(decimal64(10, 2), __int128{1250})));
  auto parsed = ParseScalar("12.5", decimal64(10, 2));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->Equals(d64));
  EXPECT_FALSE(ParseScalar("123456789.5", decimal64(10, 2)).ok());
  EXPECT_EQ(ParseScalar("-999999999999999999", decimal64(18, 0))->decimal_value(),
            -static_cast<__int128>(999999999999999999LL));
  // One digit past precision 18 (still inside int64) is out of range.
  EXPECT_FALSE(ParseScalar("1000000000000000000", decimal64(18, 0)).ok());
  EXPECT_FALSE(ParseScalar("99999999999999999999", decimal64(18, 0)).ok());
  EXPECT_FALSE(ParseScalar("0.001", decimal64(18, 2)).ok());
  // A string literal against a decimal64 column reads as a number of its own precision.
  auto c = CoerceLiteral(Scalar::String("99999999999999999999.5"), *decimal64(18, 2));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->Compare(d64), 1);
}

TEST(Scalar, CompareFloats) {
  Scalar nan = Scalar::Float(kNaN);
  EXPECT_EQ(nan.Compare(Scalar::Float(kNaN)), 0);
  EXPECT_EQ(nan.Compare(Scalar::Float(kInf)), 1);
  EXPECT_EQ(Scalar::Float(kInf).Compare(nan), -1);
  EXPECT_EQ(nan.Compare(Scalar::Int(5)), 1);
  EXPECT_EQ(Scalar::Float(-0.0).Compare(Scalar::Float(0.0)), 0);
  EXPECT_EQ(Scalar::Float(1.5).Compare(Scalar::Decimal(15, 2, 1)), 0);
  EXPECT_EQ(Scalar::Int(2).Compare(Scalar::Float(1.5)), 1);
  // The exact side takes the float side's precision: 0.1 (decimal) equals 0.1f.
  Scalar f32 = Scalar::Float(static_cast<float>(0.1), float32());
  EXPECT_EQ(f32.Compare(Scalar::Decimal(1, 1, 1)), 0);
  EXPECT_EQ(Scalar::Decimal(1, 1, 1).Compare(f32), 0);
  // float32 against float64 compares in double: 0.1f != 0.1.
  EXPECT_NE(f32.Compare(Scalar::Float(0.1)), 0);
}

TEST(Scalar, CompareTemporal) {
  Scalar day1 = Scalar::Date(1);
  EXPECT_EQ(day1.Compare(Scalar::Timestamp(86400LL * 1000000, TimeUnit::kMicro)), 0);
  EXPECT_EQ(day1.Compare(Scalar::Timestamp(86400LL * 1000000000 + 1, TimeUnit::kNano)), -1);
  EXPECT_EQ(Scalar::Timestamp(1, TimeUnit::kMilli).Compare(Scalar::Timestamp(1000, TimeUnit::kMicro, "UTC")), 0);
  EXPECT_EQ(Scalar::Time(1, TimeUnit::kMicro).Compare(Scalar::Time(999, TimeUnit::kNano)), 1);
  EXPECT_FALSE(day1.Compare(Scalar::Time(0, TimeUnit::kMicro)).has_value());
}

TEST(Scalar, CompareStringsAndIncomparable) {
  EXPECT_EQ(Scalar::String("a").Compare(Scalar::String("b")), -1);
  EXPECT_EQ(Scalar::String("ab").Compare(Scalar::String("a")), 1);
  EXPECT_EQ(Scalar::String("\xff").Compare(Scalar::String("a")), 1);  // unsigned bytes
  EXPECT_EQ(Scalar::String("x").Compare(Scalar::Binary("x")), 0);
  EXPECT_FALSE(Scalar::Int(1).Compare(Scalar::String("1")).has_value());
  EXPECT_FALSE(Scalar::Bool(true).Compare(Scalar::Int(1)).has_value());
  EXPECT_FALSE(Scalar::Int(1).Compare(Scalar::Null(int64())).has_value());
  EXPECT_FALSE(Scalar().Compare(Scalar()).has_value());
}

TEST(Scalar, ParseScalarForTypes) {
  EXPECT_TRUE(ParseScalar("127", int8())->Equals(Scalar::Int(127, int8())));
  EXPECT_FALSE(ParseScalar("128", int8()).ok());
  EXPECT_FALSE(ParseScalar("-1", uint32()).ok());
  EXPECT_TRUE(ParseScalar("18446744073709551615", uint64())->Equals(Scalar::UInt64(UINT64_MAX)));
  EXPECT_TRUE(ParseScalar("12.5", decimal128(10, 2))->Equals(Scalar::Decimal(1250, 10, 2)));
  EXPECT_FALSE(ParseScalar("123456789.5", decimal128(10, 2)).ok());
  EXPECT_TRUE(std::isnan(ParseScalar("NaN", float64())->double_value()));
  EXPECT_EQ(ParseScalar("-inf", float64())->double_value(), -kInf);
  EXPECT_EQ(ParseScalar("1e400", float64())->double_value(), kInf);
  EXPECT_TRUE(ParseScalar("2024-01-01", date32())
                  ->Equals(Scalar::Date(static_cast<int32_t>(DaysFromCivil(2024, 1, 1)))));
  auto ts = ParseScalar("1970-01-01T01:00:00+01:00", timestamp(TimeUnit::kMilli, "UTC"));
  ASSERT_TRUE(ts.ok());
  EXPECT_EQ(ts->int_value(), 0);
  EXPECT_EQ(ParseScalar("00:00:01", time64(TimeUnit::kMicro))->int_value(), 1000000);
  EXPECT_TRUE(ParseScalar("TRUE", boolean())->bool_value());
  EXPECT_FALSE(ParseScalar("abc", fixed_binary(4)).ok());
  EXPECT_TRUE(ParseScalar("abcd", fixed_binary(4)).ok());
}

TEST(Scalar, NumericLiteralsAndCoercion) {
  EXPECT_TRUE(ParseNumericLiteral("42")->Equals(Scalar::Int(42)));
  EXPECT_TRUE(ParseNumericLiteral("1.50")->Equals(Scalar::Decimal(150, 3, 2)));
  EXPECT_TRUE(ParseNumericLiteral("1e3")->Equals(Scalar::Float(1000)));
  EXPECT_TRUE(ParseNumericLiteral("99999999999999999999")
                  ->Equals(Scalar::Decimal(Pow10Int128(20) - 1, 20, 0)));
  EXPECT_FALSE(ParseNumericLiteral("abc").ok());
  auto d = CoerceLiteral(Scalar::String("2024-01-01"), *date32());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->type()->id(), TypeId::kDate32);
  auto t = CoerceLiteral(Scalar::String("2024-01-01 10:00:00Z"), *timestamp(TimeUnit::kNano));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->type()->timezone(), "UTC");
  EXPECT_EQ(CoerceLiteral(Scalar::String("12"), *int32())->int_value(), 12);
  EXPECT_FALSE(CoerceLiteral(Scalar::String("x"), *int32()).ok());
  EXPECT_EQ(CoerceLiteral(Scalar::String("x"), *utf8())->string_value(), "x");
  EXPECT_EQ(CoerceLiteral(Scalar::Int(1), *utf8())->int_value(), 1);
}

}  // namespace
}  // namespace silt
