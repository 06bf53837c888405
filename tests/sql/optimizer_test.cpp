// Optimizer behaviour: golden EXPLAIN VERBOSE per rule, deterministic plans, statistics-driven
// join order, rule switches, custom analyzer and physical rules, decorrelation.
#include <algorithm>
#include <cstdlib>

#include "engine_test_util.h"
#include "silt/columnar/builder.h"
#include "silt/sql/exec/operators.h"
#include "silt/sql/exec/tables.h"

namespace silt::sql {
namespace {

using testing::Query;

/// A memory table t(k int64, v int64) with `rows` rows, k = i % keys.
std::shared_ptr<MemoryTable> MakeTable(int64_t rows, int64_t keys, const std::string& prefix) {
  auto schema = std::make_shared<Schema>(
      std::vector<FieldPtr>{field(prefix + "_k", int64()), field(prefix + "_v", int64())});
  std::vector<int64_t> k, v;
  for (int64_t i = 0; i < rows; ++i) {
    k.push_back(i % keys);
    v.push_back(i);
  }
  auto ka = MakeArray<int64_t>(int64(), k).MoveValue();
  auto va = MakeArray<int64_t>(int64(), v).MoveValue();
  auto t = std::make_shared<MemoryTable>(schema);
  t->Append({std::make_shared<RecordBatch>(schema, rows, std::vector<ArrayDataPtr>{ka, va})});
  return t;
}

/// EXPLAIN VERBOSE text without the fingerprint row (golden files must not change when a
/// rule is added elsewhere in the pack).
std::string ExplainVerbose(SessionContext& s, const std::string& sql) {
  auto rows = Query(s, "EXPLAIN VERBOSE " + sql);
  std::string out;
  for (const auto& r : rows) {
    if (r[0] == "rulepack") continue;
    out += "## " + r[0] + "\n" + r[1];
    if (!r[1].empty() && r[1].back() != '\n') out += "\n";
  }
  return out;
}

void ExpectGolden(const std::string& name, const std::string& actual) {
  auto path = testing::TestDataDir() / "explain" / (name + ".txt");
  if (std::getenv("SILT_UPDATE_GOLDEN")) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << "missing golden file " << path << " (run with SILT_UPDATE_GOLDEN=1)";
  EXPECT_EQ(testing::ReadText(path), actual) << "golden file " << path
                                             << " differs (SILT_UPDATE_GOLDEN=1 rewrites it; review the diff)";
}

class OptimizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_.RegisterTable("fact", MakeTable(10000, 100, "f"));
    s_.RegisterTable("dim", MakeTable(100, 100, "d"));
    s_.RegisterTable("tiny", MakeTable(10, 10, "t"));
  }
  SessionContext s_;
};

TEST_F(OptimizerTest, RuleRowsInTrace) {
  auto rows = Query(s_, "EXPLAIN VERBOSE SELECT f_v FROM fact WHERE f_k = 1");
  ASSERT_GE(rows.size(), 4u);
  EXPECT_EQ(rows.front()[0], "initial_logical_plan");
  EXPECT_EQ(rows.back()[0], "rulepack");
  EXPECT_EQ(rows.back()[1].size(), 16u);  // 64-bit hex fingerprint
  bool saw_same = false, saw_filter = false;
  for (const auto& r : rows) {
    saw_same = saw_same || r[1] == "SAME TEXT AS ABOVE";
    saw_filter = saw_filter || r[0] == "logical_plan after push_down_filter";
  }
  EXPECT_TRUE(saw_same);
  EXPECT_TRUE(saw_filter);
}

// One golden EXPLAIN VERBOSE per logical rule, on a query the rule changes.
TEST_F(OptimizerTest, GoldenSimplifyExpressions) {
  ExpectGolden("simplify_expressions",
               ExplainVerbose(s_, "SELECT f_v + (1 + 2) FROM fact WHERE true AND f_k = 2 * 3"));
}
TEST_F(OptimizerTest, GoldenPushDownFilter) {
  ExpectGolden("push_down_filter",
               ExplainVerbose(s_, "SELECT f_v, d_v FROM fact, dim WHERE f_k = d_k AND d_v > 5"));
}
TEST_F(OptimizerTest, GoldenReorderJoins) {
  ExpectGolden("reorder_joins",
               ExplainVerbose(s_, "SELECT count(*) FROM fact JOIN dim ON f_k = d_k JOIN tiny ON d_k = t_k"));
}
TEST_F(OptimizerTest, GoldenPushDownSemiJoin) {
  ExpectGolden("push_down_semi_join",
               ExplainVerbose(s_, "SELECT f_v, d_v FROM fact JOIN dim ON f_k = d_k WHERE f_k IN (SELECT t_k FROM tiny)"));
}
TEST_F(OptimizerTest, GoldenPushDownLimit) {
  ExpectGolden("push_down_limit", ExplainVerbose(s_, "SELECT f_v FROM fact ORDER BY f_v DESC LIMIT 3"));
}
TEST_F(OptimizerTest, GoldenPushDownProjection) {
  ExpectGolden("push_down_projection",
               ExplainVerbose(s_, "SELECT d_v FROM (SELECT * FROM dim) AS x WHERE d_k < 10"));
}
TEST_F(OptimizerTest, GoldenDecorrelation) {
  ExpectGolden("decorrelate_exists",
               ExplainVerbose(s_, "SELECT d_v FROM dim WHERE EXISTS (SELECT 1 FROM fact WHERE f_k = d_k AND f_v > 9990)"));
  ExpectGolden("decorrelate_scalar",
               ExplainVerbose(s_, "SELECT d_v FROM dim WHERE d_v > (SELECT avg(f_v) FROM fact WHERE f_k = d_k)"));
}

TEST_F(OptimizerTest, GoldenEliminateSorts) {
  ExpectGolden("eliminate_sorts",
               ExplainVerbose(s_, "SELECT f_k, count(*) FROM (SELECT f_k FROM fact ORDER BY f_v) AS s GROUP BY f_k ORDER BY f_k"));
}

TEST_F(OptimizerTest, GoldenDynamicFilters) {
  ExpectGolden("dynamic_filters",
               ExplainVerbose(s_, "SELECT count(*) FROM fact JOIN tiny ON f_k = t_k WHERE t_v < 3"));
  // The build side's key range reaches the probe scan and removes rows there.
  auto analyze = Query(s_, "EXPLAIN ANALYZE SELECT count(*) FROM fact JOIN tiny ON f_k = t_k WHERE t_v < 3");
  ASSERT_EQ(analyze.size(), 1u);
  EXPECT_NE(analyze[0][1].find("rows_removed_by_runtime_filters=9700"), std::string::npos) << analyze[0][1];
  EXPECT_EQ(Query(s_, "SELECT count(*) FROM fact JOIN tiny ON f_k = t_k WHERE t_v < 3")[0][0], "300");
}

TEST_F(OptimizerTest, RuleSwitchChangesTrace) {
  std::string on = ExplainVerbose(s_, "SELECT f_v FROM fact, dim WHERE f_k = d_k");
  Query(s_, "SET optimizer.enable_push_down_filter = false");
  std::string off = ExplainVerbose(s_, "SELECT f_v FROM fact, dim WHERE f_k = d_k");
  EXPECT_NE(on, off);
  EXPECT_NE(on.find("logical_plan after push_down_filter"), std::string::npos);
  EXPECT_EQ(off.find("logical_plan after push_down_filter"), std::string::npos);
  // The fingerprint follows the switch.
  auto fp_off = Query(s_, "EXPLAIN VERBOSE SELECT 1").back()[1];
  Query(s_, "RESET optimizer.enable_push_down_filter");
  auto fp_on = Query(s_, "EXPLAIN VERBOSE SELECT 1").back()[1];
  EXPECT_NE(fp_on, fp_off);
  // Results do not depend on the switch.
  EXPECT_EQ(Query(s_, "SELECT count(*) FROM fact, dim WHERE f_k = d_k")[0][0], "10000");
}

/// The table a join builds on (the right input of the first hash join in the physical plan).
std::string FirstJoinBuildTable(SessionContext& s, const std::string& sql) {
  auto q = s.OptimizeQuery(sql);
  EXPECT_TRUE(q.ok()) << q.status().ToString();
  if (!q.ok()) return "";
  std::vector<ExecutionPlanPtr> stack{q->physical};
  while (!stack.empty()) {
    auto n = stack.back();
    stack.pop_back();
    if (n->name() == "HashJoinExec") {
      auto right = n->children()[1];
      while (right->name() != "ScanExec" && !right->children().empty()) right = right->children()[0];
      return right->details().substr(0, right->details().find(' '));
    }
    for (const auto& c : n->children()) stack.push_back(c);
  }
  return "";
}

TEST(JoinOrderTest, StatisticsDecideTheBuildSide) {
  // Same query text; only which table is large changes.
  SessionContext a, b;
  a.RegisterTable("x", MakeTable(20000, 50, "x"));
  a.RegisterTable("y", MakeTable(50, 50, "y"));
  b.RegisterTable("x", MakeTable(50, 50, "x"));
  b.RegisterTable("y", MakeTable(20000, 50, "y"));
  std::string sql = "SELECT count(*) FROM x, y WHERE x_k = y_k";
  EXPECT_EQ(FirstJoinBuildTable(a, sql), "y");
  EXPECT_EQ(FirstJoinBuildTable(b, sql), "x");
  EXPECT_EQ(Query(a, sql)[0][0], Query(b, sql)[0][0]);
}

/// Rejects scans of `guarded` unless a filter on `key` reached the scan.
class PartitionPolicyRule : public AnalyzerRule {
 public:
  std::string name() const override { return "require_partition_filter"; }
  Result<LogicalPlanPtr> Analyze(const LogicalPlanPtr& plan, const OptimizerConfig&) const override {
    SILT_RETURN_NOT_OK(Check(*plan, false));
    return plan;
  }

 private:
  static Status Check(const LogicalPlan& p, bool filtered_on_key) {
    bool here = filtered_on_key;
    if (p.kind == PlanKind::kFilter && p.exprs[0]->ToString().find("f_k") != std::string::npos) here = true;
    if (p.kind == PlanKind::kScan && p.table_name == "fact" && !here) {
      return Status::Plan("policy: scans of fact need a predicate on its partition column f_k");
    }
    for (const auto& in : p.inputs) SILT_RETURN_NOT_OK(Check(*in, here));
    return Status::OK();
  }
};

/// Caps every query at one row (a physical rule from outside the engine).
class FirstRowOnlyRule : public PhysicalRule {
 public:
  std::string name() const override { return "first_row_only"; }
  Result<ExecutionPlanPtr> Rewrite(const ExecutionPlanPtr& plan, const OptimizerConfig&) const override {
    return MakeLimitExec(plan, 0, 1);
  }
};

TEST_F(OptimizerTest, CustomAnalyzerPolicyRule) {
  std::string before = Query(s_, "EXPLAIN VERBOSE SELECT 1").back()[1];
  s_.rulepack().analyzer.push_back(std::make_shared<PartitionPolicyRule>());
  auto rejected = s_.Sql("SELECT count(*) FROM fact");
  ASSERT_FALSE(rejected.ok());
  EXPECT_NE(rejected.status().message().find("policy"), std::string::npos);
  EXPECT_EQ(Query(s_, "SELECT count(*) FROM fact WHERE f_k = 3")[0][0], "100");
  std::string after = Query(s_, "EXPLAIN VERBOSE SELECT 1").back()[1];
  EXPECT_NE(before, after);  // custom rules join the fingerprint
}

TEST_F(OptimizerTest, CustomPhysicalRule) {
  s_.rulepack().physical.push_back(std::make_shared<FirstRowOnlyRule>());
  EXPECT_EQ(Query(s_, "SELECT f_v FROM fact").size(), 1u);
  auto trace = ExplainVerbose(s_, "SELECT f_v FROM fact");
  EXPECT_NE(trace.find("physical_plan after first_row_only"), std::string::npos);
}

TEST(DeterminismTest, TpchPlansIdenticalAcrossSessionsAndRegistrationOrders) {
  if (testing::TpchDir().empty()) GTEST_SKIP() << "SKIPPED: ../shared/testdata/tpch not found";
  auto order = testing::TpchTables();
  auto reversed = order;
  std::reverse(reversed.begin(), reversed.end());
  for (int q = 1; q <= 22; ++q) {
    char name[32];
    std::snprintf(name, sizeof(name), "q%02d.sql", q);
    std::string sql = testing::ReadText(testing::TpchDir() / "queries" / name);
    while (!sql.empty() && (sql.back() == '\n' || sql.back() == ';' || sql.back() == ' ')) sql.pop_back();
    std::string texts[2];
    for (int run = 0; run < 2; ++run) {
      SessionContext s;
      testing::RegisterTpch(s, "sf0.01", run == 0 ? order : reversed);
      texts[run] = ExplainVerbose(s, sql);
    }
    EXPECT_EQ(texts[0], texts[1]) << name;
    // Correlated subqueries are decorrelated into joins: no subquery survives planning.
    EXPECT_EQ(texts[0].find("outer("), std::string::npos) << name;
    EXPECT_EQ(texts[0].find("Subquery"), std::string::npos) << name;
  }
}

// Golden optimized plans of the TPC-H queries with correlated subqueries: every subquery is a
// join (mark/semi/anti or left join over a grouped aggregate), none survives as a node.
TEST(TpchGoldenTest, CorrelatedQueriesAreDecorrelated) {
  if (testing::TpchDir().empty()) GTEST_SKIP() << "SKIPPED: ../shared/testdata/tpch not found";
  for (int q : {2, 4, 17, 20, 21, 22}) {
    char name[32];
    std::snprintf(name, sizeof(name), "q%02d.sql", q);
    std::string sql = testing::ReadText(testing::TpchDir() / "queries" / name);
    while (!sql.empty() && (sql.back() == '\n' || sql.back() == ';' || sql.back() == ' ')) sql.pop_back();
    SessionContext s;
    testing::RegisterTpch(s, "sf0.01", testing::TpchTables());
    auto rows = Query(s, "EXPLAIN " + sql);
    ASSERT_EQ(rows.size(), 2u);
    std::string text = "## logical_plan\n" + rows[0][1] + "## physical_plan\n" + rows[1][1];
    EXPECT_EQ(text.find("outer("), std::string::npos) << name;
    EXPECT_NE(text.find("Join"), std::string::npos) << name;
    char golden[32];
    std::snprintf(golden, sizeof(golden), "tpch_q%02d", q);
    ExpectGolden(golden, text);
  }
}

TEST(MemoryLimitTest, BigAggregationFailsWithResourcesExhausted) {
  SessionContext s;
  s.RegisterTable("big", MakeTable(300000, 300000, "b"));
  ASSERT_TRUE(s.Sql("SET runtime.memory_limit = 1000000").ok());
  auto r = s.Sql("SELECT b_k, count(*), sum(b_v) FROM big GROUP BY b_k");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourcesExhausted) << r.status().ToString();
  ASSERT_TRUE(s.Sql("SET runtime.memory_limit = 0").ok());
  EXPECT_EQ(Query(s, "SELECT count(*) FROM (SELECT b_k FROM big GROUP BY b_k) t")[0][0], "300000");
}

}  // namespace
}  // namespace silt::sql
