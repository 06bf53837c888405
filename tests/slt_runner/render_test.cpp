#include "silt/slt/render.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "silt/columnar/builder.h"
#include "silt/common/temporal.h"

namespace silt::slt {
namespace {

template <typename V>
ArrayDataPtr Arr(const DataTypePtr& type, const std::vector<V>& values,
                 const std::vector<bool>& valid = {}) {
  auto r = MakeArray<V>(type, values, valid);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

std::vector<std::string> RenderAll(const ArrayDataPtr& a, char letter, bool sqlite) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < a->length; ++i) out.push_back(RenderValue(*a, i, letter, sqlite));
  return out;
}

using V = std::vector<std::string>;

TEST(SltRender, NullAndEmptyInBothModes) {
  auto s = Arr<std::string>(utf8(), {"", "x", ""}, {true, true, false});
  EXPECT_EQ(RenderAll(s, 'T', true), (V{"(empty)", "x", "NULL"}));
  EXPECT_EQ(RenderAll(s, 'T', false), (V{"(empty)", "x", "NULL"}));
  auto i = Arr<int64_t>(int64(), {1, 0}, {false, true});
  EXPECT_EQ(RenderAll(i, 'I', true), (V{"NULL", "0"}));
  EXPECT_EQ(RenderAll(i, 'I', false), (V{"NULL", "0"}));
}

TEST(SltRender, SqliteIntegerTruncates) {
  auto f = Arr<double>(float64(), {2.9, -2.9, -0.5, 1e300, std::nan("")});
  EXPECT_EQ(RenderAll(f, 'I', true), (V{"2", "-2", "0", "9223372036854775807", "0"}));
  auto b = Arr<bool>(boolean(), {true, false});
  EXPECT_EQ(RenderAll(b, 'I', true), (V{"1", "0"}));
  auto i = Arr<int32_t>(int32(), {-7, 42});
  EXPECT_EQ(RenderAll(i, 'I', true), (V{"-7", "42"}));
  auto d = Arr<int64_t>(decimal64(10, 2), {1299, -1299, -50});  // 12.99, -12.99, -0.50
  EXPECT_EQ(RenderAll(d, 'I', true), (V{"12", "-12", "0"}));
  auto t = Arr<std::string>(utf8(), {"12abc", "abc", " -3.7"});
  EXPECT_EQ(RenderAll(t, 'I', true), (V{"12", "0", "-3"}));
}

TEST(SltRender, SqliteRealIsPercentPoint3f) {
  auto f = Arr<double>(float64(), {1.0 / 3, -2.5, 1e6, 0.0005, -0.0004});
  EXPECT_EQ(RenderAll(f, 'R', true), (V{"0.333", "-2.500", "1000000.000", "0.001", "-0.000"}));
  auto i = Arr<int64_t>(int64(), {7, -3});
  EXPECT_EQ(RenderAll(i, 'R', true), (V{"7.000", "-3.000"}));
  auto d = Arr<int64_t>(decimal64(10, 2), {1234});
  EXPECT_EQ(RenderAll(d, 'R', true), (V{"12.340"}));
  auto b = Arr<bool>(boolean(), {true});
  EXPECT_EQ(RenderAll(b, 'R', true), (V{"1.000"}));
}

TEST(SltRender, SqliteTextReplacesNonPrintableBytes) {
  auto s = Arr<std::string>(utf8(), {"a\tb", "caf\xc3\xa9", "~ ok", "x\x7f"});
  EXPECT_EQ(RenderAll(s, 'T', true), (V{"a@b", "caf@@", "~ ok", "x@"}));
  // Natural mode leaves the bytes alone.
  EXPECT_EQ(RenderValue(*s, 0, 'T', false), "a\tb");
  auto i = Arr<int64_t>(int64(), {5});
  EXPECT_EQ(RenderValue(*i, 0, 'T', true), "5");
  auto b = Arr<bool>(boolean(), {false});
  EXPECT_EQ(RenderValue(*b, 0, 'T', true), "0");
  auto f = Arr<double>(float64(), {1.0, 0.1, 2.5e20});
  EXPECT_EQ(RenderAll(f, 'T', true), (V{"1.0", "0.1", "2.5e+20"}));
}

TEST(SltRender, NaturalRendering) {
  auto b = Arr<bool>(boolean(), {true, false});
  EXPECT_EQ(RenderAll(b, 'B', false), (V{"true", "false"}));
  EXPECT_EQ(RenderAll(b, 'I', false), (V{"true", "false"}));  // type letter not used
  auto f = Arr<double>(float64(), {0.1, 1.0, -2.5, std::numeric_limits<double>::infinity()});
  EXPECT_EQ(RenderAll(f, 'R', false), (V{"0.1", "1", "-2.5", "inf"}));
  auto d = Arr<int64_t>(decimal64(10, 2), {1250});
  EXPECT_EQ(RenderAll(d, 'R', false), (V{"12.50"}));
  auto date = Arr<int32_t>(date32(), {static_cast<int32_t>(DaysFromCivil(2024, 2, 29))});
  EXPECT_EQ(RenderAll(date, 'D', false), (V{"2024-02-29"}));
  int64_t micros = DaysFromCivil(2020, 1, 2) * 86400000000LL + 3723000000LL + 500;
  auto ts = Arr<int64_t>(timestamp(TimeUnit::kMicro), {micros});
  EXPECT_EQ(RenderAll(ts, 'P', false), (V{"2020-01-02 01:02:03.000500"}));
}

TEST(SltRender, ReadsThroughConstantEncoding) {
  auto value = Arr<int64_t>(int64(), {9});
  ArrayDataPtr constant = MakeConstantArray(value, 3);
  EXPECT_EQ(RenderAll(constant, 'I', true), (V{"9", "9", "9"}));
  EXPECT_EQ(RenderAll(constant, 'R', true), (V{"9.000", "9.000", "9.000"}));
}

}  // namespace
}  // namespace silt::slt
