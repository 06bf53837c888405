#include "silt/delta/kernel/partition_values.h"

#include <gtest/gtest.h>

#include <cmath>

namespace silt::delta {
namespace {

Scalar MustParse(std::optional<std::string_view> text, const DataTypePtr& type) {
  auto r = ParsePartitionValue(text, type);
  EXPECT_TRUE(r.ok()) << (text ? std::string(*text) : "null") << ": " << r.status().ToString();
  return r.ok() ? *r : Scalar();
}

TEST(PartitionValuesTest, Nulls) {
  for (const auto& type : {int32(), int64(), float64(), boolean(), date32(), decimal(10, 2),
                           timestamp(TimeUnit::kMicro, "UTC"), utf8(), binary()}) {
    Scalar s = MustParse(std::nullopt, type);
    EXPECT_TRUE(s.is_null());
    EXPECT_TRUE(s.type()->Equals(*type));
  }
  // The protocol: "An empty string for any type translates to a null partition value".
  for (const auto& type : {int8(), int32(), float32(), boolean(), date32(), decimal(5, 1),
                           timestamp(TimeUnit::kMicro, ""), utf8(), binary()}) {
    Scalar s = MustParse("", type);
    EXPECT_TRUE(s.is_null()) << type->ToString();
    EXPECT_TRUE(s.type()->Equals(*type));
  }
  EXPECT_EQ(MustParse(" ", utf8()).string_value(), " ");
}

TEST(PartitionValuesTest, Numbers) {
  EXPECT_EQ(MustParse("-128", int8()).int_value(), -128);
  EXPECT_EQ(MustParse("32767", int16()).int_value(), 32767);
  EXPECT_EQ(MustParse("123456", int32()).int_value(), 123456);
  EXPECT_EQ(MustParse("-9223372036854775808", int64()).int_value(), INT64_MIN);
  EXPECT_DOUBLE_EQ(MustParse("1.5", float64()).double_value(), 1.5);
  EXPECT_DOUBLE_EQ(MustParse("-2.25", float32()).double_value(), -2.25);
  EXPECT_TRUE(std::isnan(MustParse("NaN", float64()).double_value()));
  Scalar d = MustParse("123.45", decimal(10, 2));
  EXPECT_EQ(d.decimal_value(), static_cast<__int128>(12345));
  EXPECT_EQ(d.type()->id(), TypeId::kDecimal64);
  Scalar big = MustParse("-12345678901234567890.123456789", decimal(38, 9));
  EXPECT_EQ(big.type()->id(), TypeId::kDecimal128);
  EXPECT_FALSE(ParsePartitionValue("128", int8()).ok());
  EXPECT_FALSE(ParsePartitionValue("abc", int32()).ok());
  EXPECT_EQ(ParsePartitionValue("12345.6", decimal(4, 1)).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(PartitionValuesTest, BoolsAndStrings) {
  EXPECT_TRUE(MustParse("true", boolean()).bool_value());
  EXPECT_FALSE(MustParse("false", boolean()).bool_value());
  EXPECT_FALSE(ParsePartitionValue("maybe", boolean()).ok());
  EXPECT_EQ(MustParse("a b/c=d%20", utf8()).string_value(), "a b/c=d%20");
  EXPECT_EQ(MustParse(std::string_view("\x01\x02\x00", 3), binary()).string_value(),
            std::string("\x01\x02\x00", 3));
}

TEST(PartitionValuesTest, DatesAndTimestamps) {
  EXPECT_EQ(MustParse("1970-01-02", date32()).int_value(), 1);
  EXPECT_EQ(MustParse("2021-09-08", date32()).int_value(), 18878);
  auto utc = timestamp(TimeUnit::kMicro, "UTC");
  auto ntz = timestamp(TimeUnit::kMicro, "");
  EXPECT_EQ(MustParse("1970-01-01 00:00:00", utc).int_value(), 0);
  EXPECT_EQ(MustParse("1970-01-01 00:00:01.000001", utc).int_value(), 1000001);
  EXPECT_EQ(MustParse("1970-01-01T00:00:00.123456Z", utc).int_value(), 123456);
  EXPECT_EQ(MustParse("1970-01-01T01:00:00+01:00", utc).int_value(), 0);
  // The ISO-8601 spelling written by Spark for delta/kernel-timestamp-partition-col-ISO8601.
  EXPECT_EQ(MustParse("2024-01-02T03:04:05.000000Z", utc).int_value(),
            MustParse("2024-01-02 03:04:05", utc).int_value());
  EXPECT_EQ(MustParse("2021-11-18 02:30:00.123456", ntz).int_value(), 1637202600123456);
  EXPECT_TRUE(MustParse("2021-11-18 02:30:00", ntz).type()->Equals(*ntz));
  EXPECT_FALSE(ParsePartitionValue("2021-13-01", date32()).ok());
  EXPECT_FALSE(ParsePartitionValue("yesterday", utc).ok());
}

TEST(PartitionValuesTest, NestedNotSupported) {
  auto r = ParsePartitionValue("x", list(field("element", int32())));
  EXPECT_EQ(r.status().code(), StatusCode::kNotSupported);
}

TEST(PartitionValuesTest, ConstantColumns) {
  auto col = MakePartitionColumn(Scalar::Int(7, int32()), int32(), 1000);
  ASSERT_TRUE(col.ok()) << col.status().ToString();
  const ArrayData& a = **col;
  EXPECT_EQ(a.encoding, Encoding::kConstant);
  EXPECT_EQ(a.length, 1000);
  EXPECT_EQ(a.null_count, 0);
  ASSERT_NE(a.dictionary, nullptr);
  EXPECT_EQ(a.dictionary->length, 1);
  EXPECT_EQ(a.dictionary->values<int32_t>()[0], 7);
  EXPECT_TRUE(ValidateArray(a).ok());

  auto nulls = MakePartitionColumn(Scalar::Null(), date32(), 5);
  ASSERT_TRUE(nulls.ok());
  EXPECT_EQ((*nulls)->null_count, 5);
  EXPECT_TRUE((*nulls)->IsNull(3));
  EXPECT_TRUE((*nulls)->type->Equals(*date32()));

  auto s = MakePartitionColumn(Scalar::String("abc"), utf8(), 3);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->dictionary->GetView(0), "abc");
  auto flat = Flatten(*s);
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ((*flat)->encoding, Encoding::kPlain);
  EXPECT_EQ((*flat)->GetView(2), "abc");

  for (const auto& [text, type] : std::vector<std::pair<std::string, DataTypePtr>>{
           {"1", int8()},
           {"2", int16()},
           {"3", int64()},
           {"1.5", float32()},
           {"2.5", float64()},
           {"true", boolean()},
           {"12.34", decimal(6, 2)},
           {"12.34", decimal(30, 2)},
           {"2020-01-01", date32()},
           {"2020-01-01 00:00:00", timestamp(TimeUnit::kMicro, "UTC")},
           {"xy", binary()}}) {
    Scalar v = MustParse(text, type);
    auto c = MakePartitionColumn(v, type, 4);
    ASSERT_TRUE(c.ok()) << type->ToString() << ": " << c.status().ToString();
    EXPECT_TRUE((*c)->type->Equals(*type));
    EXPECT_TRUE(ValidateArray(**c).ok()) << type->ToString();
    auto f = Flatten(*c);
    ASSERT_TRUE(f.ok());
    EXPECT_EQ((*f)->length, 4);
  }
  auto dec = MakePartitionColumn(MustParse("-1.25", decimal(6, 2)), decimal(6, 2), 2);
  ASSERT_TRUE(dec.ok());
  EXPECT_EQ((*dec)->dictionary->values<int64_t>()[0], -125);

  EXPECT_EQ(MakePartitionColumn(Scalar::String("x"), int32(), 3).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(MakePartitionColumn(Scalar::Int(1, int32()), int32(), -1).ok());
  auto empty = MakePartitionColumn(Scalar::Int(1, int32()), int32(), 0);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ((*empty)->length, 0);
}

}  // namespace
}  // namespace silt::delta
