// CTEs read more than once run once (MaterializedCte); others inline into their references.
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace silt::sql {
namespace {

using Rows = std::vector<std::vector<std::string>>;

class CteTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::Query(s_, "CREATE TABLE x AS SELECT range AS a, range % 3 AS g FROM range(1000)"); }
  std::string Explain(const std::string& sql, const std::string& form = "EXPLAIN") {
    auto rows = testing::Query(s_, form + " " + sql);
    std::string out;
    for (const auto& r : rows) out += r[1];
    return out;
  }
  static int Count(const std::string& text, const std::string& what) {
    int n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }
  SessionContext s_;
};

TEST_F(CteTest, ReadTwiceRunsOnce) {
  const std::string sql =
      "WITH s AS (SELECT g, sum(a) AS total FROM x GROUP BY g) "
      "SELECT g, total FROM s WHERE total = (SELECT max(total) FROM s)";
  EXPECT_EQ(testing::Query(s_, sql), (Rows{{"0", "166833"}}));
  std::string plan = Explain(sql);
  EXPECT_EQ(Count(plan, "MaterializedCte: s"), 2) << plan;
  EXPECT_EQ(Count(plan, "MaterializedCteExec: name=s"), 2) << plan;
  // Both references read one run of the aggregate: the scan below it produced 1000 rows once.
  std::string analyzed = Explain(sql, "EXPLAIN ANALYZE");
  EXPECT_EQ(Count(analyzed, "ScanExec: x (memory) projection=[a, g], metrics=[output_rows=1000,"), 1) << analyzed;
  EXPECT_EQ(Count(analyzed, "ScanExec: x (memory) projection=[a, g], metrics=[output_rows=0,"), 1) << analyzed;
}

TEST_F(CteTest, ReadOnceOrCheapInlines) {
  std::string once = Explain("WITH s AS (SELECT g, count(*) AS c FROM x GROUP BY g) SELECT * FROM s WHERE g = 1");
  EXPECT_EQ(once.find("MaterializedCte"), std::string::npos) << once;
  EXPECT_NE(once.find("Filter: g = 1\n      TableScan: x"), std::string::npos) << once;
  // Filters only: each reference keeps its own pushdown.
  std::string cheap = Explain("WITH s AS (SELECT a FROM x WHERE g = 1) SELECT * FROM s AS l JOIN s AS r ON l.a = r.a + 3");
  EXPECT_EQ(cheap.find("MaterializedCte"), std::string::npos) << cheap;
  EXPECT_EQ(testing::Query(s_, "WITH s AS (SELECT a FROM x WHERE g = 1) SELECT count(*) FROM s AS l JOIN s AS r ON l.a = r.a + 3"),
            (Rows{{"332"}}));
}

TEST_F(CteTest, CteReadingARecursiveWorkTableIsNotCached) {
  // t depends on the previous iteration's rows; caching it would loop forever.
  const std::string sql =
      "WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL (WITH t AS (SELECT max(n) + 1 AS n FROM r) "
      "SELECT a.n FROM t a JOIN t b ON a.n = b.n WHERE a.n < 4)) SELECT * FROM r";
  EXPECT_EQ(testing::Query(s_, sql), (Rows{{"1"}, {"2"}, {"3"}}));
}

TEST_F(CteTest, NestedAndSameNamedCtes) {
  // Two CTEs named s in different scopes, each read twice: their results must not mix.
  const std::string sql =
      "WITH s AS (SELECT g, count(*) AS c FROM x GROUP BY g) "
      "SELECT (SELECT sum(c) FROM s) + (SELECT max(c) FROM s) AS outer_s, "
      "(WITH s AS (SELECT g, sum(a) AS c FROM x GROUP BY g) SELECT sum(c) + max(c) FROM s) AS inner_s";
  auto rows = testing::Query(s_, sql);
  EXPECT_EQ(rows, (Rows{{"1334", "666333"}}));
}

}  // namespace
}  // namespace silt::sql
