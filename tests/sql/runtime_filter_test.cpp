// Runtime key sets (hash join build keys published to probe scans) and where the
// dynamic_filters rule attaches them.
#include <gtest/gtest.h>

#include <limits>

#include "engine_test_util.h"
#include "silt/columnar/builder.h"
#include "silt/sql/plan/runtime_key_set.h"

namespace silt::sql {
namespace {

ArrayDataPtr Ints(const DataTypePtr& type, const std::vector<std::optional<int64_t>>& values) {
  ArrayBuilder b(type);
  for (const auto& v : values) {
    if (!v) {
      EXPECT_TRUE(b.AppendNull().ok());
    } else if (type->id() == TypeId::kInt32) {
      EXPECT_TRUE(b.Append<int32_t>(static_cast<int32_t>(*v)).ok());
    } else {
      EXPECT_TRUE(b.Append<int64_t>(*v).ok());
    }
  }
  auto a = b.Finish();
  EXPECT_TRUE(a.ok());
  return *a;
}

std::vector<int64_t> Selected(const RuntimeKeySet& set, const ArrayData& values) {
  std::vector<int64_t> out;
  set.Select(values, &out);
  return out;
}

TEST(RuntimeKeySetTest, BitmapOverANarrowRange) {
  auto set = RuntimeKeySet::Make(0, *Ints(int64(), {5, 7, 7, std::nullopt, 1000}));
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->size(), 3);
  auto probe = Ints(int64(), {4, 5, 6, 7, std::nullopt, 1000, 1001, -9223372036854775807LL, 0});
  EXPECT_EQ(Selected(*set, *probe), (std::vector<int64_t>{1, 3, 5}));
}

TEST(RuntimeKeySetTest, HashSetOverAWideRange) {
  auto set = RuntimeKeySet::Make(0, *Ints(int64(), {-4000000000000LL, 3, 9000000000000LL, 3}));
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->size(), 3);
  auto probe = Ints(int64(), {3, 4, 9000000000000LL, std::nullopt, -4000000000000LL, 8999999999999LL});
  EXPECT_EQ(Selected(*set, *probe), (std::vector<int64_t>{0, 2, 4}));
  // INT64_MIN marks free slots inside the set; as a key it is tracked on the side.
  const int64_t min = std::numeric_limits<int64_t>::min();
  auto with_min = RuntimeKeySet::Make(0, *Ints(int64(), {min, 9000000000000LL}));
  ASSERT_NE(with_min, nullptr);
  EXPECT_EQ(with_min->size(), 2);
  EXPECT_EQ(Selected(*with_min, *Ints(int64(), {0, min, 9000000000000LL})), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(Selected(*set, *Ints(int64(), {min})), (std::vector<int64_t>{}));
}

TEST(RuntimeKeySetTest, LargeWideSetsAreNotBuilt) {
  std::vector<std::optional<int64_t>> keys;
  for (int64_t i = 0; i < 20000; ++i) keys.push_back(i * 1000000000LL);
  EXPECT_EQ(RuntimeKeySet::Make(0, *Ints(int64(), keys)), nullptr);
}

TEST(RuntimeKeySetTest, Int32AndEmptySets) {
  auto set = RuntimeKeySet::Make(2, *Ints(int32(), {-3, 2}));
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->column(), 2);
  EXPECT_EQ(Selected(*set, *Ints(int32(), {2, -3, 0, std::nullopt})), (std::vector<int64_t>{0, 1}));
  auto empty = RuntimeKeySet::Make(0, *Ints(int64(), {std::nullopt}));
  ASSERT_NE(empty, nullptr);
  EXPECT_TRUE(Selected(*empty, *Ints(int64(), {1, 2})).empty());
  EXPECT_EQ(RuntimeKeySet::Make(0, *Ints(utf8(), {})), nullptr);
}

class DynamicKeySetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::Query(s_, "CREATE TABLE facts AS SELECT range AS k, range % 7 AS v FROM range(100000)");
    testing::Query(s_, "CREATE TABLE picks AS SELECT * FROM (VALUES (17), (5000), (99999), (NULL)) AS t(p)");
  }
  SessionContext s_;
};

TEST_F(DynamicKeySetTest, KeySetFiltersTheScanBelowAnAggregate) {
  // The grouped side is probed; the picks' key set reaches the scan through the group key.
  const std::string sql =
      "SELECT p, c FROM picks JOIN (SELECT k, count(*) AS c FROM facts GROUP BY k) AS g ON p = k ORDER BY p";
  EXPECT_EQ(testing::Query(s_, sql), (std::vector<std::vector<std::string>>{{"17", "1"}, {"5000", "1"}, {"99999", "1"}}));
  auto plan = testing::Query(s_, "EXPLAIN ANALYZE " + sql);
  std::string text = plan[0][1];
  EXPECT_NE(text.find("ScanExec: facts (memory) projection=[k] runtime_filters=[k]"), std::string::npos) << text;
  EXPECT_NE(text.find("rows_removed_by_runtime_filters=99997"), std::string::npos) << text;
}

TEST_F(DynamicKeySetTest, NullSafeJoinsPublishNoKeyFilter) {
  testing::Query(s_, "INSERT INTO facts VALUES (NULL, 1)");
  const std::string sql = "SELECT count(*) FROM facts JOIN picks ON k IS NOT DISTINCT FROM p";
  EXPECT_EQ(testing::Query(s_, sql), (std::vector<std::vector<std::string>>{{"4"}}));
  auto plan = testing::Query(s_, "EXPLAIN " + sql);
  EXPECT_EQ(plan[1][1].find("runtime_filters"), std::string::npos) << plan[1][1];
}

TEST_F(DynamicKeySetTest, FiltersPassThroughJoinsToTheScanBelow) {
  testing::Query(s_, "CREATE TABLE mid AS SELECT range AS g2, range % 7 AS w FROM range(1000)");
  testing::Query(s_, "CREATE TABLE facts2 AS SELECT range AS k2, range % 1000 AS g2f FROM range(100000)");
  const std::string sql =
      "SELECT count(*), sum(w) FROM facts2 JOIN mid ON g2f = g2 JOIN picks ON k2 = p";
  EXPECT_EQ(testing::Query(s_, sql), (std::vector<std::vector<std::string>>{{"3", "8"}}));
  // Both joins publish to the one scan: the upper one through the lower join's probe side.
  auto plan = testing::Query(s_, "EXPLAIN " + sql);
  EXPECT_NE(plan[1][1].find("ScanExec: facts2 (memory) projection=[k2, g2f] runtime_filters=[k2, g2f]"), std::string::npos)
      << plan[1][1];
  // A right join below would null-extend its other rows when left rows go early: no pass.
  const std::string right =
      "SELECT count(*) FROM (SELECT * FROM picks RIGHT JOIN facts2 ON p = k2) AS r JOIN mid ON r.g2f = mid.g2 WHERE w = 3";
  EXPECT_EQ(testing::Query(s_, right), (std::vector<std::vector<std::string>>{{"14300"}}));
}

}  // namespace
}  // namespace silt::sql
