#include "silt/expr/cast.h"

#include <gtest/gtest.h>

#include "silt/columnar/builder.h"

namespace silt {
namespace {

template <typename T>
ArrayDataPtr Make(DataTypePtr type, std::vector<std::optional<T>> values) {
  ArrayBuilder b(type);
  for (const auto& v : values) {
    if (v) {
      EXPECT_TRUE(b.Append<T>(*v).ok());
    } else {
      EXPECT_TRUE(b.AppendNull().ok());
    }
  }
  return *b.Finish();
}

TEST(CastTest, WidensIntegersKeepingNulls) {
  auto a = Make<int8_t>(int8(), {1, std::nullopt, -128});
  auto out = CastArray(a, int64());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->type->id(), TypeId::kInt64);
  EXPECT_EQ((*out)->values<int64_t>()[0], 1);
  EXPECT_TRUE((*out)->IsNull(1));
  EXPECT_EQ((*out)->values<int64_t>()[2], -128);
}

TEST(CastTest, NarrowingChecksRange) {
  auto a = Make<int32_t>(int32(), {1, 40000});
  EXPECT_EQ(CastArray(a, int16()).status().code(), StatusCode::kInvalidArgument);
  auto ok = Make<int32_t>(int32(), {1, -3});
  EXPECT_TRUE(CastArray(ok, int8()).ok());
}

TEST(CastTest, FloatDecimalDateAndTimestamp) {
  auto f = CastArray(Make<float>(float32(), {3.5f}), float64());
  ASSERT_TRUE(f.ok());
  EXPECT_EQ((*f)->values<double>()[0], 3.5);

  // decimal(10,2) 67.89 -> decimal(12,4) 67.8900
  auto d = CastArray(Make<int64_t>(decimal(10, 2), {6789}), decimal(12, 4));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ((*d)->values<int64_t>()[0], 678900);
  // int 12345 does not fit decimal(4,0)
  EXPECT_FALSE(CastArray(Make<int32_t>(int32(), {12345}), decimal(4, 0)).ok());
  auto i2d = CastArray(Make<int32_t>(int32(), {-7}), decimal(25, 3));
  ASSERT_TRUE(i2d.ok());
  EXPECT_TRUE((*i2d)->values<__int128>()[0] == -7000);

  auto ts = CastArray(Make<int32_t>(date32(), {1}), timestamp(TimeUnit::kMicro));
  ASSERT_TRUE(ts.ok());
  EXPECT_EQ((*ts)->values<int64_t>()[0], 86400LL * 1000000);

  // ns -> us floors negative values toward the earlier tick.
  auto us = CastArray(Make<int64_t>(timestamp(TimeUnit::kNano, "UTC"), {-1500, 2500}),
                      timestamp(TimeUnit::kMicro, "UTC"));
  ASSERT_TRUE(us.ok());
  EXPECT_EQ((*us)->values<int64_t>()[0], -2);
  EXPECT_EQ((*us)->values<int64_t>()[1], 2);
}

TEST(CastTest, UnsupportedPairsAreNamed) {
  auto s = CastArray(Make<double>(float64(), {1.0}), int64());
  EXPECT_EQ(s.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(s.status().message().find("float64"), std::string::npos);
}

}  // namespace
}  // namespace silt
