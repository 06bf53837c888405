#include "silt/sql/kernels/sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

using namespace std::string_literals;

#include "sort_test_util.h"

namespace silt::sql {
namespace {

using testing::Arr;
using testing::Const;
using testing::Dict;
using testing::F64;
using testing::I32;
using testing::I64;
using testing::Join;
using testing::Opt;
using testing::Str;

std::string Sorted(const std::vector<ArrayDataPtr>& keys, const std::vector<SortKeyOrder>& orders) {
  auto r = SortIndices(keys, orders, keys.empty() ? 0 : keys[0]->length, MemoryPool::Default());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? Join(*r) : "";
}

TEST(SortIndices, NullPlacementAllFourWays) {
  // Both the single-word radix path (int64) and the general path (two keys) are checked.
  auto a = I64({3, std::nullopt, 1, 2, std::nullopt});
  EXPECT_EQ(Sorted({a}, {{false, false}}), "2,3,0,1,4");
  EXPECT_EQ(Sorted({a}, {{false, true}}), "1,4,2,3,0");
  EXPECT_EQ(Sorted({a}, {{true, false}}), "0,3,2,1,4");
  EXPECT_EQ(Sorted({a}, {{true, true}}), "1,4,0,3,2");
  auto s = Str({"c", std::nullopt, "a", "b", std::nullopt});
  EXPECT_EQ(Sorted({s}, {{false, false}}), "2,3,0,1,4");
  EXPECT_EQ(Sorted({s}, {{false, true}}), "1,4,2,3,0");
  EXPECT_EQ(Sorted({s}, {{true, false}}), "0,3,2,1,4");
  EXPECT_EQ(Sorted({s}, {{true, true}}), "1,4,0,3,2");
  auto d = Arr<__int128>(decimal128(30, 0), {3, std::nullopt, 1, 2, std::nullopt});
  EXPECT_EQ(Sorted({d}, {{true, true}}), "1,4,0,3,2");
}

TEST(SortIndices, IntegersOfEveryWidthAndSign) {
  EXPECT_EQ(Sorted({Arr<int8_t>(int8(), {5, -128, 127, 0, -1})}, {{}}), "1,4,3,0,2");
  EXPECT_EQ(Sorted({Arr<int16_t>(int16(), {5, -300, 300})}, {{}}), "1,0,2");
  EXPECT_EQ(Sorted({I32({5, std::numeric_limits<int32_t>::min(), -1})}, {{}}), "1,2,0");
  EXPECT_EQ(Sorted({I64({std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min(), 0})}, {{}}),
            "1,2,0");
  EXPECT_EQ(Sorted({Arr<uint64_t>(uint64(), {~uint64_t{0}, 0, 5})}, {{}}), "1,2,0");
  EXPECT_EQ(Sorted({Arr<uint8_t>(uint8(), {200, 1})}, {{true, false}}), "0,1");
}

TEST(SortIndices, FloatsNaNAndNegativeZero) {
  const double nan = std::nan("");
  const double inf = std::numeric_limits<double>::infinity();
  auto f = F64({nan, 1.0, -inf, inf, -0.0, 0.0, -nan, std::nullopt, -2.5});
  // -0.0 and 0.0 are equal (stable: row 4 before 5); every NaN is greatest and equal.
  EXPECT_EQ(Sorted({f}, {{false, false}}), "2,8,4,5,1,3,0,6,7");
  EXPECT_EQ(Sorted({f}, {{true, false}}), "0,6,3,1,4,5,8,2,7");
  auto f32 = Arr<float>(float32(), {std::nanf(""), -1.0f, 2.0f, -0.0f, 0.0f});
  EXPECT_EQ(Sorted({f32}, {{}}), "1,3,4,2,0");
  // Two keys take the general path: the same rules hold there.
  auto tie = I64({1, 1, 1, 1, 1, 1, 1, 1, 1});
  EXPECT_EQ(Sorted({tie, f}, {{}, {false, false}}), "2,8,4,5,1,3,0,6,7");
}

TEST(SortIndices, StringsSharedPrefixesAndBinaryBytes) {
  auto s = Str({"abcdefghij", "abcdefgh", "abcdefghi", "abcdefghia", "ab", "ab\0"s.substr(0, 3),
                "abcdefgh\xff", "", "abcdefghij"});
  EXPECT_EQ(Sorted({s}, {{false, false}}), "7,4,5,1,2,3,0,8,6");
  EXPECT_EQ(Sorted({s}, {{true, false}}), "6,0,8,3,2,1,5,4,7");
  auto b = Arr<std::string>(binary(), {"\x80", "\x7f", "\x80\x00"s.substr(0, 2)});
  EXPECT_EQ(Sorted({b}, {{}}), "1,0,2");
}

TEST(SortIndices, StringTieBreakThenNextKey) {
  // Long strings with an equal 8-byte prefix must be ordered before the next key is used.
  const std::string p(40, 'p');  // longer than the whole-string limit: prefix + tie-break
  auto s = Str({p + "zzz", p + "aaa", p + "aaa", p});
  auto k = I64({0, 2, 1, 9});
  EXPECT_EQ(Sorted({s, k}, {{}, {}}), "3,2,1,0");
  EXPECT_EQ(Sorted({s, k}, {{true, false}, {}}), "0,2,1,3");
}

TEST(SortIndices, BoolDateTimestampIntervalDecimal) {
  EXPECT_EQ(Sorted({Arr<bool>(boolean(), {true, false, std::nullopt, false})}, {{}}), "1,3,0,2");
  EXPECT_EQ(Sorted({Arr<int32_t>(date32(), {100, -5, 0})}, {{}}), "1,2,0");
  EXPECT_EQ(Sorted({Arr<int64_t>(timestamp(TimeUnit::kMicro, "UTC"), {5, -5})}, {{}}), "1,0");
  EXPECT_EQ(Sorted({Arr<int64_t>(decimal64(10, 2), {-100, 50, 0})}, {{true, false}}), "1,2,0");
  struct Iv {
    int32_t months;
    int32_t days;
    int64_t nanos;
  };
  ArrayBuilder ib(interval());
  for (Iv v : {Iv{1, 0, 0}, Iv{0, 40, 0}, Iv{0, 40, -1}, Iv{-1, 100, 0}}) {
    ASSERT_TRUE(ib.AppendFixed(&v).ok());
  }
  EXPECT_EQ(Sorted({*ib.Finish()}, {{}}), "3,2,1,0");
}

TEST(SortIndices, StabilityAndMultipleKeys) {
  auto a = I64({2, 1, 2, 1, 2, 1});
  EXPECT_EQ(Sorted({a}, {{}}), "1,3,5,0,2,4");
  EXPECT_EQ(Sorted({a}, {{true, false}}), "0,2,4,1,3,5");
  auto b = Str({"x", "y", "x", "x", "w", "y"});
  EXPECT_EQ(Sorted({a, b}, {{}, {true, false}}), "1,5,3,0,2,4");
}

TEST(SortIndices, DictionaryConstantAndSlicedKeys) {
  auto d = Dict(Str({"b", "a", std::nullopt}), {0, 1, 2, std::nullopt, 0});
  EXPECT_EQ(Sorted({d}, {{}}), "1,0,4,2,3");
  auto c = Const(I64({5}), 5);
  EXPECT_EQ(Sorted({c, d}, {{}, {true, true}}), "2,3,0,4,1");
  auto sliced = I64({9, 3, 1, 2})->Slice(1, 3);
  EXPECT_EQ(Sorted({sliced}, {{}}), "1,2,0");
}

TEST(SortIndices, EmptyNoKeysAndErrors) {
  auto r = SortIndices({I64({})}, {{}}, 0, MemoryPool::Default());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  auto none = SortIndices({}, {}, 3, MemoryPool::Default());
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(Join(*none), "0,1,2");
  ArrayBuilder lb(list(field("item", int64())));
  ASSERT_TRUE(lb.AppendListRow().ok());
  auto nested = SortIndices({*lb.Finish()}, {{}}, 1, MemoryPool::Default());
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(nested.status().message().find("list<"), std::string::npos);
  EXPECT_FALSE(SortIndices({I64({1})}, {{}}, 2, MemoryPool::Default()).ok());
}

/// Reference order: std::stable_sort with CompareRows.
std::vector<int64_t> Reference(const std::vector<ArrayDataPtr>& keys,
                               const std::vector<SortKeyOrder>& orders, int64_t n) {
  std::vector<int64_t> rows(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) rows[i] = i;
  std::stable_sort(rows.begin(), rows.end(), [&](int64_t x, int64_t y) {
    return CompareRows(keys, x, keys, y, orders) < 0;
  });
  return rows;
}

std::vector<ArrayDataPtr> RandomKeys(std::mt19937_64& rng, int64_t n) {
  std::vector<Opt<int64_t>> ints;
  std::vector<Opt<std::string>> strs;
  std::vector<Opt<double>> dbls;
  const std::string l(30, 'x');  // some rounds exceed the whole-string limit (ties)
  const std::string words[] = {"", "a", "ab", "abcdefgh", "abcdefghX" + l, "abcdefghY", "zz",
                               "abcdefghX" + l + "Y"};
  for (int64_t i = 0; i < n; ++i) {
    ints.push_back(rng() % 7 == 0 ? Opt<int64_t>() : Opt<int64_t>(int64_t(rng() % 20) - 10));
    strs.push_back(rng() % 9 == 0 ? Opt<std::string>() : Opt<std::string>(words[rng() % 8]));
    const double vals[] = {-1.5, 0.0, -0.0, 2.0, std::nan(""), 1e300};
    dbls.push_back(rng() % 8 == 0 ? Opt<double>() : Opt<double>(vals[rng() % 6]));
  }
  return {I64(ints), Str(strs), F64(dbls)};
}

TEST(SortIndices, MatchesCompareRowsOnRandomData) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 20; ++round) {
    const int64_t n = 1 + static_cast<int64_t>(rng() % 300);
    auto keys = RandomKeys(rng, n);
    std::vector<SortKeyOrder> orders;
    for (int i = 0; i < 3; ++i) orders.push_back({bool(rng() & 1), bool(rng() & 1)});
    std::vector<int> perm = {0, 1, 2};
    std::shuffle(perm.begin(), perm.end(), rng);
    const size_t nkeys = 1 + rng() % 3;
    std::vector<ArrayDataPtr> k;
    std::vector<SortKeyOrder> o;
    for (size_t i = 0; i < nkeys; ++i) {
      k.push_back(keys[perm[i]]);
      o.push_back(orders[i]);
    }
    auto got = SortIndices(k, o, n, MemoryPool::Default());
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(Join(*got), Join(Reference(k, o, n))) << "round " << round;
  }
}

TEST(TopKIndices, EqualsSortThenLimitOnRandomData) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 30; ++round) {
    const int64_t n = static_cast<int64_t>(rng() % 20000);
    auto keys = RandomKeys(rng, n);
    std::vector<ArrayDataPtr> k = {keys[rng() % 3]};
    if (rng() & 1) k.push_back(keys[rng() % 3]);
    std::vector<SortKeyOrder> o(k.size());
    for (auto& x : o) x = {bool(rng() & 1), bool(rng() & 1)};
    const int64_t limit = static_cast<int64_t>(rng() % 6000);
    auto full = SortIndices(k, o, n, MemoryPool::Default());
    auto top = TopKIndices(k, o, n, limit, MemoryPool::Default());
    ASSERT_TRUE(full.ok() && top.ok());
    full->resize(static_cast<size_t>(std::min(n, limit)));
    EXPECT_EQ(Join(*top), Join(*full)) << "round " << round << " n=" << n << " k=" << limit;
  }
}

TEST(TopKIndices, KZeroAndKBeyondRows) {
  auto a = I64({3, 1, 2});
  EXPECT_TRUE(TopKIndices({a}, {{}}, 3, 0, MemoryPool::Default())->empty());
  EXPECT_EQ(Join(*TopKIndices({a}, {{}}, 3, 10, MemoryPool::Default())), "1,2,0");
  EXPECT_EQ(Join(*TopKIndices({a}, {{true, false}}, 3, 1, MemoryPool::Default())), "0");
}

TEST(CompareRows, AcrossArraysAndEncodings) {
  auto a = I64({1, std::nullopt});
  auto b = Dict(I64({0, 1}), {1, 0});
  EXPECT_EQ(CompareRows({a}, 0, {b}, 0, {{}}), 0);
  EXPECT_GT(CompareRows({a}, 0, {b}, 1, {{}}), 0);
  EXPECT_LT(CompareRows({a}, 0, {b}, 1, {{true, false}}), 0);
  EXPECT_GT(CompareRows({a}, 1, {b}, 0, {{false, false}}), 0);
  EXPECT_LT(CompareRows({a}, 1, {b}, 0, {{false, true}}), 0);
  EXPECT_EQ(CompareRows({a}, 1, {a}, 1, {{}}), 0);
  auto s = Str({"abc", "abd"});
  EXPECT_LT(CompareRows({s}, 0, {s}, 1, {{}}), 0);
  EXPECT_EQ(CompareRows({Const(F64({-0.0}), 1)}, 0, {F64({0.0})}, 0, {{}}), 0);
}

}  // namespace
}  // namespace silt::sql
