#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "../functions/function_test_util.h"
#include "silt/sql/kernels/group_hash_table.h"

namespace silt::sql {
namespace {

using functions::testing::Array;
using functions::testing::Constant;
using functions::testing::Dictionary;
using functions::testing::Int64s;
using functions::testing::Opt;
using functions::testing::Strings;
using functions::testing::Texts;
using Strs = std::vector<std::string>;
using Ids = std::vector<uint32_t>;

std::vector<uint32_t> Insert(GroupHashTable* table, const std::vector<ArrayDataPtr>& keys) {
  std::vector<uint32_t> ids;
  Status st = table->FindOrInsert(keys, keys.empty() ? 0 : keys[0]->length, &ids);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return ids;
}

std::vector<int32_t> Lookup(const GroupHashTable& table, const std::vector<ArrayDataPtr>& keys,
                            bool null_matches) {
  std::vector<int32_t> ids;
  Status st = table.Find(keys, keys[0]->length, null_matches, &ids);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return ids;
}

std::vector<Strs> KeyTexts(const GroupHashTable& table) {
  auto keys = table.GetKeys();
  EXPECT_TRUE(keys.ok()) << keys.status().ToString();
  std::vector<Strs> out;
  for (const auto& k : *keys) {
    EXPECT_TRUE(ValidateArray(*k).ok());
    out.push_back(Texts(k));
  }
  return out;
}

TEST(GroupHashTableTest, Int64KeysGetDenseIdsInFirstSeenOrderAndNullIsAGroup) {
  GroupHashTable table({int64()}, MemoryPool::Default());
  EXPECT_EQ(Insert(&table, {Int64s({7, 3, 7, std::nullopt, 3, -1, std::nullopt})}),
            (Ids{0, 1, 0, 2, 1, 3, 2}));
  EXPECT_EQ(Insert(&table, {Int64s({-1, 8, std::nullopt})}), (Ids{3, 4, 2}));
  EXPECT_EQ(table.num_groups(), 5);
  EXPECT_EQ(KeyTexts(table), (std::vector<Strs>{{"7", "3", "NULL", "-1", "8"}}));
  EXPECT_GT(table.memory_bytes(), 0);
}

TEST(GroupHashTableTest, FindWithAndWithoutNullMatching) {
  for (auto keys : {std::vector<ArrayDataPtr>{Int64s({1, std::nullopt, 2})},
                    std::vector<ArrayDataPtr>{Strings({"a", std::nullopt, "b"})}}) {
    GroupHashTable table({keys[0]->type}, MemoryPool::Default());
    Insert(&table, keys);
    std::vector<ArrayDataPtr> probe = {keys[0]->type->id() == TypeId::kInt64
                                           ? Int64s({2, std::nullopt, 5, 1})
                                           : Strings({"b", std::nullopt, "zz", "a"})};
    EXPECT_EQ(Lookup(table, probe, false), (std::vector<int32_t>{2, -1, -1, 0}));
    EXPECT_EQ(Lookup(table, probe, true), (std::vector<int32_t>{2, 1, -1, 0}));
  }
  // Nothing inserted yet: every row misses.
  GroupHashTable empty({int64()}, MemoryPool::Default());
  EXPECT_EQ(Lookup(empty, {Int64s({1, std::nullopt})}, true), (std::vector<int32_t>{-1, -1}));
}

TEST(GroupHashTableTest, MultiKeyWithStringsAndNulls) {
  GroupHashTable table({utf8(), int32(), utf8()}, MemoryPool::Default());
  auto a = Strings({"x", "x", std::nullopt, "x", "", std::nullopt, "xy"});
  auto b = Array<int32_t>(int32(), {1, 1, 1, std::nullopt, 1, 1, std::nullopt});
  auto c = Strings({"y", "y", "y", "y", "", "y", ""});
  EXPECT_EQ(Insert(&table, {a, b, c}), (Ids{0, 0, 1, 2, 3, 1, 4}));
  // Concatenations that collide as plain bytes ("x"+"y" vs "xy"+"") stay distinct.
  EXPECT_EQ(Insert(&table, {Strings({"xy", "x"}), Array<int32_t>(int32(), {std::nullopt, 1}),
                            Strings({"", "y"})}),
            (Ids{4, 0}));
  EXPECT_EQ(KeyTexts(table), (std::vector<Strs>{{"x", "NULL", "x", "", "xy"},
                                                {"1", "1", "NULL", "1", "NULL"},
                                                {"y", "y", "y", "", ""}}));
  auto probe_a = Strings({"x", std::nullopt, "xy"});
  auto probe_b = Array<int32_t>(int32(), {1, 1, std::nullopt});
  auto probe_c = Strings({"y", "y", ""});
  EXPECT_EQ(Lookup(table, {probe_a, probe_b, probe_c}, false), (std::vector<int32_t>{0, -1, -1}));
  EXPECT_EQ(Lookup(table, {probe_a, probe_b, probe_c}, true), (std::vector<int32_t>{0, 1, 4}));
}

TEST(GroupHashTableTest, FloatsGroupNegativeZeroWithZeroAndAllNaNsTogether) {
  const double nan1 = std::numeric_limits<double>::quiet_NaN();
  const double nan2 = -std::numeric_limits<double>::quiet_NaN();
  auto keys = Array<double>(float64(), {0.0, -0.0, nan1, nan2, 1.5, std::nullopt});
  GroupHashTable single({float64()}, MemoryPool::Default());
  EXPECT_EQ(Insert(&single, {keys}), (Ids{0, 0, 1, 1, 2, 3}));
  EXPECT_EQ(KeyTexts(single), (std::vector<Strs>{{"0", "NaN", "1.5", "NULL"}}));
  // The same through the row layout (two keys).
  GroupHashTable pair({float32(), boolean()}, MemoryPool::Default());
  auto f = Array<float>(float32(), {0.0f, -0.0f, std::nanf(""), -std::nanf(""), 0.0f});
  auto b = Array<bool>(boolean(), {true, true, false, false, std::nullopt});
  EXPECT_EQ(Insert(&pair, {f, b}), (Ids{0, 0, 1, 1, 2}));
}

TEST(GroupHashTableTest, DictionaryAndConstantKeysMatchPlainOnes) {
  auto plain = Strings({"b", "a", std::nullopt, "b", "c"});
  auto ints = Int64s({5, 6, 5, std::nullopt, 6});
  GroupHashTable expected({utf8(), int64()}, MemoryPool::Default());
  GroupHashTable encoded({utf8(), int64()}, MemoryPool::Default());
  EXPECT_EQ(Insert(&encoded, {Dictionary(plain), Dictionary(ints)}),
            Insert(&expected, {plain, ints}));
  EXPECT_EQ(KeyTexts(encoded), KeyTexts(expected));

  GroupHashTable one({int64()}, MemoryPool::Default());
  EXPECT_EQ(Insert(&one, {Int64s({1, 2})}), (Ids{0, 1}));
  EXPECT_EQ(Insert(&one, {Constant(Int64s({2}), 4)}), (Ids{1, 1, 1, 1}));
  EXPECT_EQ(Insert(&one, {Constant(Int64s({std::nullopt}), 2)}), (Ids{2, 2}));
  EXPECT_EQ(Lookup(one, {Constant(Int64s({1}), 3)}, false), (std::vector<int32_t>{0, 0, 0}));
  EXPECT_EQ(Insert(&one, {Dictionary(Int64s({9, std::nullopt, 1}))}), (Ids{3, 2, 0}));
  // Mixed constant and plain keys.
  GroupHashTable mixed({int64(), utf8()}, MemoryPool::Default());
  EXPECT_EQ(Insert(&mixed, {Constant(Int64s({1}), 3), Strings({"a", "b", "a"})}), (Ids{0, 1, 0}));
}

TEST(GroupHashTableTest, OtherKeyTypesRoundTrip) {
  GroupHashTable table({decimal128(30, 2), interval(), fixed_binary(3), date32(), boolean(),
                        binary()},
                       MemoryPool::Default());
  auto dec = Array<__int128>(decimal128(30, 2), {__int128{1} << 100, 5, __int128{1} << 100});
  struct Iv {
    int32_t months, days;
    int64_t nanos;
  };
  ArrayBuilder ib(interval());
  for (Iv v : {Iv{1, 2, 3}, Iv{0, 0, 0}, Iv{1, 2, 3}}) ASSERT_TRUE(ib.AppendFixed(&v).ok());
  auto iv = *ib.Finish();
  ArrayBuilder fb(fixed_binary(3));
  for (const char* v : {"abc", "abd", "abc"}) ASSERT_TRUE(fb.AppendFixed(v).ok());
  auto fixed = *fb.Finish();
  auto dates = Array<int32_t>(date32(), {19000, 19000, 19000});
  auto bools = Array<bool>(boolean(), {true, false, true});
  auto bins = Array<std::string>(binary(), {std::string("\0x", 2), "", std::string("\0x", 2)});
  EXPECT_EQ(Insert(&table, {dec, iv, fixed, dates, bools, bins}), (Ids{0, 1, 0}));
  auto keys = table.GetKeys();
  ASSERT_TRUE(keys.ok());
  for (size_t k = 0; k < keys->size(); ++k) {
    ASSERT_TRUE(ValidateArray(*(*keys)[k]).ok());
    std::vector<Strs> texts = KeyTexts(table);
    EXPECT_EQ(texts[k][0], Texts(std::vector<ArrayDataPtr>{dec, iv, fixed, dates, bools, bins}[k])[0]);
    EXPECT_EQ(texts[k][1], Texts(std::vector<ArrayDataPtr>{dec, iv, fixed, dates, bools, bins}[k])[1]);
  }
}

TEST(GroupHashTableTest, ManyGroupsSurviveGrowth) {
  for (auto type : {int64(), utf8()}) {
    GroupHashTable table({type}, MemoryPool::Default());
    std::mt19937_64 rng(42);
    const int64_t n = 200000;
    std::vector<Opt<int64_t>> ints;
    std::vector<Opt<std::string>> strs;
    for (int64_t i = 0; i < n; ++i) {
      int64_t v = static_cast<int64_t>(rng() % 50000) * 7919;
      ints.push_back(v);
      strs.push_back("key-" + std::to_string(v));
    }
    auto keys = type->id() == TypeId::kInt64 ? Int64s(ints) : Strings(strs);
    auto ids = Insert(&table, {keys});
    auto found = Lookup(table, {keys}, false);
    auto group_keys = table.GetKeys();
    ASSERT_TRUE(group_keys.ok());
    std::vector<Strs> texts = {Texts((*group_keys)[0])};
    Strs input = Texts(keys);
    for (int64_t i = 0; i < n; ++i) {
      ASSERT_EQ(static_cast<int64_t>(ids[i]), found[i]);
      ASSERT_EQ(texts[0][ids[i]], input[i]);
    }
    EXPECT_LE(table.num_groups(), 50000);
    EXPECT_GT(table.num_groups(), 45000);
  }
}

TEST(GroupHashTableTest, PoolLimitIsResourcesExhausted) {
  for (auto type : {int64(), utf8()}) {
    MemoryPool pool("limited", 1 << 20);
    GroupHashTable table({type}, &pool);
    std::vector<Opt<int64_t>> ints;
    std::vector<Opt<std::string>> strs;
    for (int64_t i = 0; i < 200000; ++i) {
      ints.push_back(i);
      strs.push_back("a somewhat long grouping key " + std::to_string(i));
    }
    auto keys = type->id() == TypeId::kInt64 ? Int64s(ints) : Strings(strs);
    std::vector<uint32_t> ids;
    Status st = table.FindOrInsert({keys}, keys->length, &ids);
    EXPECT_EQ(st.code(), StatusCode::kResourcesExhausted) << st.ToString();
    EXPECT_LE(pool.bytes_allocated(), 1 << 20);
  }
}

TEST(GroupHashTableTest, NestedKeysAreNotSupported) {
  GroupHashTable table({list(field("item", int32()))}, MemoryPool::Default());
  std::vector<uint32_t> ids;
  ArrayBuilder b(list(field("item", int32())));
  ASSERT_TRUE(b.AppendNull().ok());
  Status st = table.FindOrInsert({*b.Finish()}, 1, &ids);
  EXPECT_EQ(st.code(), StatusCode::kNotSupported);
  EXPECT_NE(st.message().find("list<int32>"), std::string::npos) << st.message();
}

TEST(GroupHashTableTest, EmptyInputAndNoKeys) {
  GroupHashTable table({int64()}, MemoryPool::Default());
  std::vector<uint32_t> ids = {1, 2};
  ASSERT_TRUE(table.FindOrInsert({Int64s({})}, 0, &ids).ok());
  EXPECT_TRUE(ids.empty());
  auto keys = table.GetKeys();
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ((*keys)[0]->length, 0);
  // No key columns (a global aggregate): every row is group 0.
  GroupHashTable none({}, MemoryPool::Default());
  ASSERT_TRUE(none.FindOrInsert({}, 3, &ids).ok());
  EXPECT_EQ(ids, (Ids{0, 0, 0}));
}

}  // namespace
}  // namespace silt::sql
