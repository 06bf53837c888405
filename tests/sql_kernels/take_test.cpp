#include "silt/sql/kernels/take.h"

#include <gtest/gtest.h>

#include "sort_test_util.h"

namespace silt::sql {
namespace {

using testing::Arr;
using testing::Const;
using testing::Dict;
using testing::I64;
using testing::Str;
using testing::Text;

TEST(Take, FixedWidthWithNullIndicesAndNullValues) {
  auto a = I64({10, std::nullopt, 30, 40});
  std::vector<int64_t> idx = {3, -1, 1, 0, 0};
  auto r = Take(a, idx.data(), 5, MemoryPool::Default());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Text(**r), "40,NULL,NULL,10,10");
  EXPECT_EQ((*r)->null_count, 2);
  EXPECT_TRUE(ValidateArray(**r).ok());
}

TEST(Take, NoNullsHasNoValidityBitmap) {
  auto a = I64({1, 2, 3});
  std::vector<int64_t> idx = {2, 1};
  auto r = *Take(a, idx.data(), 2, MemoryPool::Default());
  EXPECT_EQ(Text(*r), "3,2");
  EXPECT_EQ(r->validity(), nullptr);
}

TEST(Take, StringsBoolsDecimalsIntervals) {
  auto s = Str({"a", "", std::nullopt, "long string value"});
  std::vector<int64_t> idx = {3, 2, 1, 0, -1};
  EXPECT_EQ(Text(**Take(s, idx.data(), 5, MemoryPool::Default())),
            "long string value,NULL,,a,NULL");
  auto b = Arr<bool>(boolean(), {true, false, std::nullopt, true});
  EXPECT_EQ(Text(**Take(b, idx.data(), 5, MemoryPool::Default())), "true,NULL,false,true,NULL");
  auto d = Arr<__int128>(decimal128(30, 2), {__int128(12345), __int128(-1), std::nullopt, 7});
  EXPECT_EQ(Text(**Take(d, idx.data(), 5, MemoryPool::Default())), "0.07,NULL,-0.01,123.45,NULL");
}

TEST(Take, SlicedInput) {
  auto a = I64({1, 2, std::nullopt, 4, 5})->Slice(1, 4);
  std::vector<int64_t> idx = {0, 1, 3};
  EXPECT_EQ(Text(**Take(a, idx.data(), 3, MemoryPool::Default())), "2,NULL,5");
  auto s = Str({"x", "y", "z"})->Slice(1, 2);
  std::vector<int64_t> idx2 = {1, 0};
  EXPECT_EQ(Text(**Take(s, idx2.data(), 2, MemoryPool::Default())), "z,y");
}

TEST(Take, DictionaryStaysDictionaryConstantGivesPlain) {
  auto dict = Str({"x", std::nullopt, "zz"});
  auto d = Dict(dict, {2, std::nullopt, 0, 1});
  std::vector<int64_t> idx = {0, 1, 2, 3, -1};
  auto r = *Take(d, idx.data(), 5, MemoryPool::Default());
  EXPECT_EQ(r->encoding, Encoding::kDictionary);
  EXPECT_EQ(r->dictionary, d->dictionary);
  EXPECT_TRUE(ValidateArray(*r).ok());
  EXPECT_EQ(Text(*r), "zz,NULL,x,NULL,NULL");
  auto c = Const(I64({7}), 3);
  std::vector<int64_t> idx2 = {2, -1, 0};
  auto rc = *Take(c, idx2.data(), 3, MemoryPool::Default());
  EXPECT_EQ(rc->encoding, Encoding::kPlain);
  EXPECT_EQ(Text(*rc), "7,NULL,7");
  auto cn = Const(I64({std::nullopt}), 2);
  std::vector<int64_t> idx3 = {1, 0};
  EXPECT_EQ(Text(**Take(cn, idx3.data(), 2, MemoryPool::Default())), "NULL,NULL");
}

TEST(Take, NestedAndNullType) {
  ArrayBuilder lb(list(field("item", int64())));
  ASSERT_TRUE(lb.child(0)->Append<int64_t>(1).ok());
  ASSERT_TRUE(lb.child(0)->Append<int64_t>(2).ok());
  ASSERT_TRUE(lb.AppendListRow().ok());
  ASSERT_TRUE(lb.AppendNull().ok());
  ASSERT_TRUE(lb.child(0)->Append<int64_t>(3).ok());
  ASSERT_TRUE(lb.AppendListRow().ok());
  auto l = *lb.Finish();
  std::vector<int64_t> idx = {2, -1, 0, 1};
  auto r = *Take(l, idx.data(), 4, MemoryPool::Default());
  EXPECT_EQ(Text(*r), "[3],NULL,[1,2],NULL");
  EXPECT_TRUE(ValidateArray(*r).ok());
  auto n = *MakeNullArray(null(), 3);
  EXPECT_EQ(Text(**Take(n, idx.data(), 2, MemoryPool::Default())), "NULL,NULL");
}

TEST(Take, IndexOutOfRangeIsAnError) {
  auto a = I64({1});
  std::vector<int64_t> idx = {1};
  EXPECT_FALSE(Take(a, idx.data(), 1, MemoryPool::Default()).ok());
  idx = {-2};
  EXPECT_FALSE(Take(a, idx.data(), 1, MemoryPool::Default()).ok());
}

TEST(Take, EmptyAndBatch) {
  auto a = I64({1, 2});
  auto r = *Take(a, nullptr, 0, MemoryPool::Default());
  EXPECT_EQ(r->length, 0);
  auto schema = std::make_shared<Schema>(std::vector<FieldPtr>{field("a", int64()), field("s", utf8())});
  RecordBatch batch(schema, 2, {a, Str({"p", "q"})});
  std::vector<int64_t> idx = {1, -1, 0};
  auto out = TakeBatch(batch, idx.data(), 3, MemoryPool::Default());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)->num_rows(), 3);
  EXPECT_EQ((*out)->schema().get(), schema.get());
  EXPECT_EQ(Text(*(*out)->column(0)), "2,NULL,1");
  EXPECT_EQ(Text(*(*out)->column(1)), "q,NULL,p");
}

}  // namespace
}  // namespace silt::sql

namespace silt::sql {
namespace {

TEST(TakeBatch, RunsOfConsecutiveRowsEqualPerColumnTake) {
  // A filter keeping most rows: long runs are copied as blocks; nulls, offsets (a sliced
  // column) and non-fixed-width columns must come out as with Take.
  std::vector<std::optional<int64_t>> ints;
  std::vector<std::optional<std::string>> strs;
  for (int64_t i = 0; i < 300; ++i) {
    ints.push_back(i % 17 == 5 ? std::nullopt : std::optional<int64_t>(i * 3));
    std::string text("s");
    text.append(std::to_string(i));
    strs.push_back(i % 13 == 0 ? std::nullopt : std::optional<std::string>(text));
  }
  auto wide = testing::I64(ints);
  auto sliced = wide->Slice(1, 299);
  auto strings = testing::Str(strs)->Slice(1, 299);
  auto schema = std::make_shared<Schema>(std::vector<FieldPtr>{field("a", int64()), field("b", utf8())});
  RecordBatch batch(schema, 299, {sliced, strings});
  for (int variant = 0; variant < 2; ++variant) {
    std::vector<int64_t> idx;
    for (int64_t i = 0; i < 299; ++i) {
      bool drop = variant == 0 ? i % 50 == 7 : (i * 7919) % 3 == 0;  // few gaps vs scattered
      if (!drop) idx.push_back(variant == 0 ? i : (i * 7919) % 299);
    }
    auto taken = TakeBatch(batch, idx.data(), static_cast<int64_t>(idx.size()), MemoryPool::Default());
    ASSERT_TRUE(taken.ok()) << taken.status().ToString();
    for (int c = 0; c < 2; ++c) {
      auto one = Take(batch.column(c), idx.data(), static_cast<int64_t>(idx.size()), MemoryPool::Default());
      ASSERT_TRUE(one.ok());
      EXPECT_EQ(testing::Text(*(*taken)->column(c)), testing::Text(**one)) << "variant " << variant << " column " << c;
      EXPECT_TRUE(ValidateArray(*(*taken)->column(c)).ok());
    }
  }
  std::vector<int64_t> bad = {0, 299};
  EXPECT_FALSE(TakeBatch(batch, bad.data(), 2, MemoryPool::Default()).ok());
}

}  // namespace
}  // namespace silt::sql
