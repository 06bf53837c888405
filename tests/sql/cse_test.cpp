// common_subexpression_elimination: plans compute a repeated expression once, answers do not
// depend on the rule, conditionally evaluated expressions stay where they are, names are
// deterministic.
#include <algorithm>

#include "engine_test_util.h"
#include "silt/sql/optimizer/rules.h"

namespace silt::sql {
namespace {

using testing::Query;

constexpr const char* kSwitch = "optimizer.enable_common_subexpression_elimination";

/// Occurrences of `needle` in `text`.
int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) ++n;
  return n;
}

class CseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // b is 0 on every fifth row (division guards matter); c is NULL on every third row.
    Query(s_, "CREATE TABLE t AS SELECT range AS a, range % 5 AS b, "
              "CASE WHEN range % 3 = 0 THEN NULL ELSE range END AS c FROM range(200)");
  }

  /// The optimized logical plan's text.
  std::string Plan(const std::string& sql) {
    auto q = s_.OptimizeQuery(sql);
    EXPECT_TRUE(q.ok()) << sql << "\n" << q.status().ToString();
    return q.ok() ? q->logical->ToText() : "";
  }

  /// Rows of `sql`, sorted (the queries here have no ORDER BY).
  std::vector<std::vector<std::string>> SortedRows(const std::string& sql) {
    auto rows = Query(s_, sql);
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  SessionContext s_;
};

TEST_F(CseTest, ProjectionComputesCommonExpressionOnce) {
  std::string plan = Plan("SELECT (a + b) * 2 AS x, (a + b) * 3 AS y, a FROM t");
  EXPECT_EQ(plan,
            "Projection: __common_expr_1 * 2 AS x, __common_expr_1 * 3 AS y, a\n"
            "  Projection: a, a + b AS __common_expr_1\n"
            "    TableScan: t projection=[a, b]\n");
  EXPECT_EQ(Count(plan, "a + b"), 1);
}

TEST_F(CseTest, AggregateInputsComputedOnce) {
  // TPC-H Q1's shape: one product feeds two aggregates, once alone and once inside a bigger
  // expression.
  std::string plan = Plan("SELECT b, sum(a * (1 - b)), sum(a * (1 - b) * (1 + c)), avg(a) FROM t GROUP BY b");
  // The Projection above the Aggregate only names its columns after the calls.
  std::string below = plan.substr(plan.find("Aggregate:"));
  EXPECT_EQ(Count(below, "a * (1 - b)"), 1) << plan;
  EXPECT_NE(plan.find("aggr=[sum(__common_expr_1), sum(__common_expr_1 * (1 + c)), avg(a)]"), std::string::npos)
      << plan;
  // Only the largest repeated expression: 1 - b repeats only inside it.
  EXPECT_EQ(plan.find("__common_expr_2"), std::string::npos) << plan;
}

TEST_F(CseTest, SmallerExpressionHoistedWhenItRepeatsElsewhere) {
  std::string plan = Plan("SELECT (a + b) * c AS x, (a + b) * c + 1 AS y, a + b AS z FROM t");
  // (a + b) * c is hoisted; a + b still occurs twice (inside it and as z), so it is
  // computed once, one projection further down.
  EXPECT_EQ(plan,
            "Projection: __common_expr_1 AS x, __common_expr_1 + 1 AS y, __common_expr_2 AS z\n"
            "  Projection: __common_expr_2 * c AS __common_expr_1, __common_expr_2\n"
            "    Projection: c, a + b AS __common_expr_2\n"
            "      TableScan: t projection=[a, b, c]\n");
}

TEST_F(CseTest, OutputSchemaUnchanged) {
  for (const char* sql : {"SELECT (a + c) * 2 AS x, (a + c) * 3 AS y, a + c FROM t",
                          "SELECT b, sum(a * c), max(a * c) FROM t GROUP BY b"}) {
    auto q = s_.OptimizeQuery(sql);
    ASSERT_TRUE(q.ok()) << q.status().ToString();
    ASSERT_NE(q->logical->ToText().find("__common_expr_1"), std::string::npos) << sql;
    const auto& before = q->initial->schema.columns;
    const auto& after = q->logical->schema.columns;
    ASSERT_EQ(before.size(), after.size()) << sql;
    for (size_t i = 0; i < before.size(); ++i) {
      EXPECT_EQ(before[i].name, after[i].name) << sql;
      EXPECT_EQ(before[i].qualifier, after[i].qualifier) << sql;
      EXPECT_EQ(before[i].nullable, after[i].nullable) << sql << " column " << i;
      EXPECT_TRUE(before[i].type->Equals(*after[i].type)) << sql;
    }
  }
}

TEST_F(CseTest, AnswersEqualWithRuleOnAndOff) {
  const std::vector<std::string> queries = {
      "SELECT (a + b) * 2, (a + b) * 3, a FROM t",
      "SELECT a * c + 1, (a * c + 1) * 2, a * c FROM t",
      "SELECT b, sum(a * (1 - b)), sum(a * (1 - b) * (1 + c)), count(*) FROM t GROUP BY b",
      "SELECT b + 1, sum(a * (b + 1)), max(a * (b + 1)) FROM t GROUP BY b + 1",
      "SELECT b, sum(a * c) FILTER (WHERE a * c > 100), count(a * c) FROM t GROUP BY b",
      "SELECT coalesce(c, a) + 1, coalesce(c, a) * 2 FROM t",
      "SELECT CASE WHEN b > 2 THEN a ELSE c END, CASE WHEN b > 2 THEN a ELSE c END + 1 FROM t",
      "SELECT x + 1, x + 2 FROM (SELECT a % 7 * 3 AS x FROM t) s WHERE x > 5",
      "SELECT a / (b + 1), a / (b + 1) + a / (b + 1) FROM t LIMIT 7",
  };
  for (const auto& sql : queries) {
    auto on = SortedRows(sql);
    ASSERT_TRUE(s_.SetSetting(kSwitch, "false").ok());
    auto off = SortedRows(sql);
    ASSERT_TRUE(s_.SetSetting(kSwitch, "true").ok());
    EXPECT_FALSE(on.empty()) << sql;
    EXPECT_EQ(on, off) << sql;
  }
}

TEST_F(CseTest, RuleSwitch) {
  const std::string sql = "SELECT (a + b) * 2, (a + b) * 3 FROM t";
  EXPECT_NE(Plan(sql).find("__common_expr_1"), std::string::npos);
  Query(s_, std::string("SET ") + kSwitch + " = false");
  EXPECT_EQ(Plan(sql).find("__common_expr_1"), std::string::npos);
  auto rows = Query(s_, "EXPLAIN VERBOSE " + sql);
  for (const auto& r : rows) EXPECT_EQ(r[0].find("common_subexpression_elimination"), std::string::npos);
}

TEST_F(CseTest, ConditionalExpressionsAreNotHoisted) {
  // Every one of these divides by zero on the rows where b = 0 if the division ran on all
  // rows; the guards keep those rows away from it, so each query must return rows.
  const std::vector<std::string> guarded = {
      // THEN branches
      "SELECT CASE WHEN b <> 0 THEN a / b END, CASE WHEN b <> 0 THEN a / b + 1 END FROM t",
      // ELSE branches
      "SELECT CASE WHEN b = 0 THEN 0 ELSE a / b END, CASE WHEN b = 0 THEN 1 ELSE a / b * 2 END FROM t",
      // a WHEN condition after the first
      "SELECT CASE WHEN b = 0 THEN 0 WHEN a / b > 3 THEN 1 END, CASE WHEN b = 0 THEN 5 WHEN a / b > 3 THEN 6 END "
      "FROM t",
      // COALESCE / IFNULL arguments after the first
      "SELECT coalesce(CASE WHEN b <> 0 THEN 1 END, 1 / b), coalesce(CASE WHEN b <> 0 THEN 2 END, 1 / b) FROM t "
      "WHERE b = 1",
      "SELECT ifnull(CASE WHEN b = 0 THEN 1 END, a / b), ifnull(CASE WHEN b = 0 THEN 2 END, a / b) + 1 FROM t",
      // one guarded use in a projection, one in an aggregate input
      "SELECT b, sum(CASE WHEN b <> 0 THEN a / b END), max(CASE WHEN b <> 0 THEN a / b END + 1) FROM t GROUP BY b",
  };
  for (const auto& sql : guarded) {
    auto r = s_.Sql(sql);
    ASSERT_TRUE(r.ok()) << sql << "\n" << r.status().ToString();
    EXPECT_FALSE(testing::Rows(*r).empty()) << sql;
    std::string plan = Plan(sql);
    EXPECT_EQ(plan.find("/ b AS __common_expr_"), std::string::npos) << sql << "\n" << plan;
  }
  // The first WHEN condition runs on every row: it may be shared.
  std::string plan = Plan("SELECT CASE WHEN b <> 0 THEN a / b END, CASE WHEN b <> 0 THEN a / b + 1 END FROM t");
  EXPECT_NE(plan.find("b <> 0 AS __common_expr_1"), std::string::npos) << plan;
  // With an unconditional occurrence the division runs on every row anyway: it is hoisted
  // and the guarded occurrence reads the column too.
  plan = Plan("SELECT a / (b + 1), CASE WHEN b > 1 THEN a / (b + 1) END FROM t");
  EXPECT_NE(plan.find("a / (b + 1) AS __common_expr_1"), std::string::npos) << plan;
  EXPECT_EQ(Count(plan, "a / (b + 1)"), 1) << plan;
  // Aggregate inputs under FILTER (WHERE ...) count as conditional; the FILTER predicate
  // itself runs on every row.
  plan = Plan("SELECT sum(a * c) FILTER (WHERE b = 1), max(a * c) FILTER (WHERE b = 1) FROM t");
  EXPECT_EQ(plan.find("a * c AS __common_expr_"), std::string::npos) << plan;
  EXPECT_NE(plan.find("b = 1 AS __common_expr_1"), std::string::npos) << plan;
}

TEST_F(CseTest, NonDeterministicAndTrivialExpressionsStay) {
  // random() changes per call (its deterministic argument may still be shared).
  std::string plan = Plan("SELECT random() * a, random() * a FROM t");
  EXPECT_EQ(Count(plan, "random()"), 2) << plan;
  EXPECT_EQ(plan.find("random() * __common_expr_1 AS __common_expr_"), std::string::npos) << plan;
  // Columns and constants are free to evaluate.
  plan = Plan("SELECT a, a, 1 + 2, 1 + 2, CAST(7 AS DOUBLE), CAST(7 AS DOUBLE) FROM t");
  EXPECT_EQ(plan.find("__common_expr_"), std::string::npos) << plan;
  // A filter predicate is left alone (push_down_filter would inline a projection back).
  plan = Plan("SELECT a FROM t WHERE a + b > 10 AND a + b < 50");
  EXPECT_EQ(plan.find("__common_expr_"), std::string::npos) << plan;
}

TEST_F(CseTest, DeterministicNames) {
  const std::string sql =
      "SELECT (a + b) * c, (a + b) * c + 1, a - c, (a - c) * 2, b, sum_c FROM "
      "(SELECT a, b, c, sum(a * c) OVER () AS sum_c FROM t) s";
  std::string first = Plan(sql);
  EXPECT_NE(first.find("__common_expr_2"), std::string::npos) << first;
  EXPECT_EQ(Plan(sql), first);
  SessionContext other;
  Query(other, "CREATE TABLE t AS SELECT range AS a, range % 5 AS b, "
               "CASE WHEN range % 3 = 0 THEN NULL ELSE range END AS c FROM range(200)");
  auto q = other.OptimizeQuery(sql);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->logical->ToText(), first);
  // Numbering continues after names already in the plan, and the rule reaches its fixpoint
  // in one application.
  auto rule = MakeCommonSubexpressionEliminationRule();
  auto again = rule->Rewrite(q->logical, OptimizerConfig{});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->ToText(), first);
}

TEST(CseTpchTest, Q1SharesTheDiscountedPrice) {
  if (testing::TpchDir().empty()) GTEST_SKIP() << "SKIPPED: ../shared/testdata/tpch not found";
  SessionContext s;
  testing::RegisterTpch(s, "sf0.01", testing::TpchTables());
  std::string sql = testing::ReadText(testing::TpchDir() / "queries" / "q01.sql");
  while (!sql.empty() && (sql.back() == '\n' || sql.back() == ';' || sql.back() == ' ')) sql.pop_back();
  auto q = s.OptimizeQuery(sql);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  std::string plan = q->logical->ToText();
  EXPECT_NE(plan.find("sum(__common_expr_1), sum(__common_expr_1 * "), std::string::npos) << plan;
  auto on = Query(s, sql);
  ASSERT_TRUE(s.SetSetting(kSwitch, "false").ok());
  EXPECT_EQ(Query(s, sql), on);
}

}  // namespace
}  // namespace silt::sql
