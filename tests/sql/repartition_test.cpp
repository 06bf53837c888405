// repartition_placement and the exchange operators: plans with several partitions give the
// rows of the single-partition plan (TPC-H, every join type, aggregates and windows over NULL
// keys), the rule's switches, and RepartitionExec / CoalescePartitionsExec on their own.
#include <algorithm>
#include <map>
#include <set>

#include "../functions/function_test_util.h"
#include "engine_test_util.h"
#include "silt/columnar/builder.h"
#include "silt/sql/exec/operators.h"
#include "silt/sql/exec/tables.h"
#include "silt/sql/kernels/group_hash_table.h"

namespace silt::sql {
namespace {

using testing::Query;
using Rows = std::vector<std::vector<std::string>>;

Rows Sorted(Rows rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

/// The physical plan of `sql` (EXPLAIN's last row).
std::string PhysicalPlan(SessionContext& s, const std::string& sql) {
  auto rows = Query(s, "EXPLAIN " + sql);
  return rows.empty() ? "" : rows.back()[1];
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

void SetPartitions(SessionContext& s, int n) {
  ASSERT_TRUE(s.Sql("SET execution.target_partitions = " + std::to_string(n)).ok());
}

// ---------------------------------------------------------------------------------------
// TPC-H: 4 partitions give the rows of 1.

std::string TpchQuery(int q) {
  char name[32];
  std::snprintf(name, sizeof(name), "q%02d.sql", q);
  std::string sql = testing::ReadText(testing::TpchDir() / "queries" / name);
  while (!sql.empty() && (sql.back() == '\n' || sql.back() == ';' || sql.back() == ' ')) sql.pop_back();
  return sql;
}

bool HasOrderBy(const std::string& sql) {
  std::string lower = sql;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("order by") != std::string::npos;
}

TEST(RepartitionTpchTest, FourPartitionsGiveTheRowsOfOne) {
  if (testing::TpchDir().empty()) GTEST_SKIP() << "SKIPPED: ../shared/testdata/tpch not found";
  SessionContext s;
  testing::RegisterTpch(s, "sf0.01", testing::TpchTables());
  for (int q = 1; q <= 22; ++q) {
    SCOPED_TRACE("q" + std::to_string(q));
    const std::string sql = TpchQuery(q);
    SetPartitions(s, 1);
    std::string plan1 = PhysicalPlan(s, sql);
    Rows one = Query(s, sql);
    SetPartitions(s, 4);
    std::string plan4 = PhysicalPlan(s, sql);
    Rows four = Query(s, sql);
    EXPECT_EQ(plan1.find("RepartitionExec"), std::string::npos);
    EXPECT_EQ(plan1.find("CoalescePartitionsExec"), std::string::npos);
    // Every query with a hash join or a grouped aggregate gets exchanges (Q6 has neither).
    bool partitionable = plan1.find("HashJoinExec") != std::string::npos;
    const std::string agg = "HashAggregateExec: gby=[";
    for (size_t pos = plan1.find(agg); pos != std::string::npos; pos = plan1.find(agg, pos + 1)) {
      partitionable = partitionable || plan1[pos + agg.size()] != ']';
    }
    if (partitionable) {
      EXPECT_NE(plan4.find("RepartitionExec: partitioning=Hash("), std::string::npos) << plan4;
      EXPECT_NE(plan4.find("CoalescePartitionsExec"), std::string::npos) << plan4;
    }
    ASSERT_FALSE(one.empty());
    if (HasOrderBy(sql)) {
      EXPECT_EQ(one, four);
    } else {
      EXPECT_EQ(Sorted(one), Sorted(four));
    }
  }
}

// ---------------------------------------------------------------------------------------
// Small tables with NULL keys and small batches: 3 partitions give the rows of 1.

class RepartitionSqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* sql : {
             "SET execution.batch_size = 64",
             "CREATE TABLE big AS SELECT CASE WHEN range % 7 = 0 THEN NULL ELSE range % 50 END AS k, range AS v, "
             "CAST(range % 13 AS VARCHAR) AS s FROM range(3000)",
             "CREATE TABLE r AS SELECT CASE WHEN range % 5 = 0 THEN NULL ELSE range % 60 END AS k, range AS w, "
             "CASE WHEN range % 4 = 0 THEN NULL ELSE CAST(range % 11 AS VARCHAR) END AS s FROM range(200)",
             "CREATE TABLE e (k BIGINT, w BIGINT)",
         }) {
      auto r = s_.Sql(sql);
      ASSERT_TRUE(r.ok()) << sql << "\n" << r.status().ToString();
    }
  }

  /// Rows (sorted) of `sql` with 1 and with 3 partitions must be equal; returns the plan
  /// with 3 partitions.
  std::string ExpectSameRows(const std::string& sql) {
    SCOPED_TRACE(sql);
    SetPartitions(s_, 1);
    Rows one = Query(s_, sql);
    SetPartitions(s_, 3);
    Rows three = Query(s_, sql);
    std::string plan = PhysicalPlan(s_, sql);
    EXPECT_EQ(Sorted(one), Sorted(three)) << plan;
    SetPartitions(s_, 1);
    return plan;
  }

  SessionContext s_;
};

TEST_F(RepartitionSqlTest, JoinsOfEveryType) {
  const std::vector<std::string> partitioned = {
      "SELECT big.k, v, w FROM big JOIN r ON big.k = r.k",
      "SELECT big.k, v, w FROM big LEFT JOIN r ON big.k = r.k",
      "SELECT big.k, v, w FROM big RIGHT JOIN r ON big.k = r.k",
      "SELECT big.k, r.k, v, w FROM big FULL JOIN r ON big.k = r.k",
      "SELECT big.k, v, w FROM big FULL JOIN r ON big.k = r.k AND big.s = r.s",
      "SELECT big.k, v, w FROM big JOIN r ON big.s = r.s AND v < w",
      "SELECT big.k, v, w FROM big LEFT JOIN r ON big.k = r.k AND v % 3 = w % 3",
      "SELECT k, v FROM big WHERE EXISTS (SELECT 1 FROM r WHERE r.k = big.k)",
      "SELECT k, v FROM big WHERE NOT EXISTS (SELECT 1 FROM r WHERE r.k = big.k)",
      "SELECT k, w FROM r WHERE EXISTS (SELECT 1 FROM big WHERE big.k = r.k AND big.v > r.w)",
      "SELECT k, v, (SELECT max(w) FROM r WHERE r.k = big.k) FROM big",
      "SELECT big.k, v, w FROM big JOIN e ON big.k = e.k",
      "SELECT big.k, v, w FROM big LEFT JOIN e ON big.k = e.k",
      "SELECT e.k, v, w FROM big RIGHT JOIN e ON big.k = e.k",
  };
  for (const auto& sql : partitioned) {
    std::string plan = ExpectSameRows(sql);
    EXPECT_NE(plan.find("mode=partitioned"), std::string::npos) << sql << "\n" << plan;
  }
  // Null-aware (NOT IN, IN in the select list) and nested loop joins: one partition.
  for (const std::string sql : {
           "SELECT k, v FROM big WHERE k NOT IN (SELECT k FROM r)",
           "SELECT k, v FROM big WHERE k NOT IN (SELECT k FROM r WHERE k IS NOT NULL)",
           "SELECT k, k IN (SELECT k FROM r) FROM big",
           "SELECT k, w FROM r WHERE k IN (SELECT k FROM big)",
           "SELECT count(*) FROM big JOIN r ON big.k IS NOT DISTINCT FROM r.k",
           "SELECT count(*), sum(v - w) FROM big JOIN r ON big.k < r.k",
           "SELECT count(*) FROM big CROSS JOIN r",
       }) {
    std::string plan = ExpectSameRows(sql);
    EXPECT_EQ(plan.find("mode=partitioned"), std::string::npos) << sql << "\n" << plan;
  }
}

TEST_F(RepartitionSqlTest, AggregatesAndWindows) {
  for (const std::string sql : {
           "SELECT k, count(*), sum(v), min(s), count(DISTINCT s) FROM big GROUP BY k",
           "SELECT k, s, count(*), avg(v) FROM big GROUP BY k, s",
           "SELECT s, string_agg(CAST(v AS VARCHAR), ',' ORDER BY v) FROM big GROUP BY s",
           "SELECT k % 3, count(*) FROM big GROUP BY k % 3 HAVING count(*) > 10",
           "SELECT DISTINCT k FROM big",
           "SELECT count(*), sum(v), count(k), max(s) FROM big",
           "SELECT count(*) FROM e",
           "SELECT k, count(*) FROM e GROUP BY k",
           "SELECT k, s, count(*) FROM big GROUP BY ROLLUP(k, s)",
           "SELECT big.k, count(*), sum(w) FROM big JOIN r ON big.k = r.k GROUP BY big.k",
           "SELECT r.k, count(*) FROM big JOIN r ON big.k = r.k GROUP BY r.k",
           "SELECT big.s, count(*) FROM big JOIN r ON big.k = r.k GROUP BY big.s",
           "SELECT k, v, row_number() OVER (PARTITION BY k ORDER BY v), sum(v) OVER (PARTITION BY k) FROM big",
           "SELECT k, s, sum(v) OVER (PARTITION BY k, s), count(*) OVER (PARTITION BY s, k ORDER BY v) FROM big",
           "SELECT k, s, rank() OVER (PARTITION BY k ORDER BY s), first_value(v) OVER (PARTITION BY s ORDER BY v) "
           "FROM big",
           "SELECT k, v, row_number() OVER (ORDER BY v) FROM big",
           "SELECT k, sum(w) OVER (PARTITION BY k) FROM e",
       }) {
    ExpectSameRows(sql);
  }
  EXPECT_NE(ExpectSameRows("SELECT k, count(*) FROM big GROUP BY k").find("Hash([k], 3)"), std::string::npos);
  // A join's output is already partitioned on its key: no second exchange for the aggregate.
  std::string plan = ExpectSameRows("SELECT big.k, big.s, count(*) FROM big JOIN r ON big.k = r.k GROUP BY big.k, big.s");
  EXPECT_EQ(Count(plan, "RepartitionExec"), 2) << plan;
  // An aggregate's output is partitioned on its group keys: the join above reuses it, and the
  // scan below keeps no runtime filter of the partitioned join.
  plan = ExpectSameRows(
      "SELECT count(*), sum(c) FROM (SELECT k, count(*) AS c FROM big GROUP BY k) AS a JOIN r ON a.k = r.k "
      "WHERE w < 20");
  EXPECT_EQ(Count(plan, "RepartitionExec"), 2) << plan;
  EXPECT_EQ(plan.find("runtime_filters"), std::string::npos) << plan;
  // Global aggregates read one partition.
  plan = ExpectSameRows("SELECT count(*) FROM big JOIN r ON big.k = r.k");
  EXPECT_LT(plan.find("HashAggregateExec: gby=[]"), plan.find("CoalescePartitionsExec")) << plan;
}

TEST_F(RepartitionSqlTest, SetOperationsLimitsAndRecursion) {
  for (const std::string sql : {
           "SELECT k FROM big UNION SELECT k FROM r",
           "SELECT k, count(*) FROM big GROUP BY k UNION ALL SELECT k, count(*) FROM r GROUP BY k",
           "SELECT k FROM big UNION ALL SELECT k FROM r",
           "SELECT k FROM big INTERSECT SELECT k FROM r",
           "SELECT k FROM big EXCEPT ALL SELECT k FROM r",
           "SELECT count(*) FROM (SELECT big.k FROM big JOIN r ON big.k = r.k LIMIT 17) AS t",
           "SELECT k, count(*) AS c FROM big GROUP BY k ORDER BY c DESC, k LIMIT 5",
           "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n + 1 FROM t JOIN r ON t.n = r.k WHERE t.n < 10) "
           "SELECT n, count(*) FROM t GROUP BY n",
           "WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT t.n + 1 FROM t JOIN r ON t.n = r.k WHERE t.n < 40) "
           "SELECT n FROM t",
       }) {
    ExpectSameRows(sql);
  }
  // ORDER BY over a partitioned aggregate: the order survives the exchanges.
  SetPartitions(s_, 3);
  Rows ordered = Query(s_, "SELECT k, count(*) FROM big GROUP BY k ORDER BY k NULLS FIRST");
  SetPartitions(s_, 1);
  EXPECT_EQ(ordered, Query(s_, "SELECT k, count(*) FROM big GROUP BY k ORDER BY k NULLS FIRST"));
}

TEST_F(RepartitionSqlTest, SwitchesAndRoot) {
  const std::string join = "SELECT big.k, count(*) FROM big JOIN r ON big.k = r.k GROUP BY big.k";
  SetPartitions(s_, 1);
  EXPECT_EQ(PhysicalPlan(s_, join).find("Partition"), std::string::npos);
  SetPartitions(s_, 3);
  std::string plan = PhysicalPlan(s_, join);
  EXPECT_EQ(Count(plan, "RepartitionExec"), 2) << plan;
  EXPECT_EQ(plan.rfind("CoalescePartitionsExec", 0), 0u) << plan;  // the root is one partition
  ASSERT_TRUE(s_.Sql("SET optimizer.repartition_joins = false").ok());
  plan = PhysicalPlan(s_, join);
  EXPECT_EQ(plan.find("mode=partitioned"), std::string::npos) << plan;
  EXPECT_EQ(Count(plan, "RepartitionExec"), 1) << plan;  // only the aggregate's
  EXPECT_NE(plan.find("RepartitionExec: partitioning=Hash([k], 3), input_partitions=1"), std::string::npos) << plan;
  ASSERT_TRUE(s_.Sql("SET optimizer.repartition_aggregations = false").ok());
  plan = PhysicalPlan(s_, join);
  EXPECT_EQ(plan.find("Partition"), std::string::npos) << plan;
  ASSERT_TRUE(s_.Sql("RESET optimizer.repartition_joins").ok());
  ASSERT_TRUE(s_.Sql("RESET optimizer.repartition_aggregations").ok());
  ASSERT_TRUE(s_.Sql("SET optimizer.enable_repartition_placement = false").ok());
  EXPECT_EQ(PhysicalPlan(s_, join).find("Partition"), std::string::npos);
  ASSERT_TRUE(s_.Sql("SET optimizer.enable_repartition_placement = true").ok());
  // The settings the rule reads change the fingerprint.
  auto fingerprint = [&]() { return Query(s_, "EXPLAIN VERBOSE SELECT 1").back()[1]; };
  std::string with3 = fingerprint();
  SetPartitions(s_, 4);
  EXPECT_NE(with3, fingerprint());
  // Dynamic filters of a partitioned join are dropped with it (one partition's build keys do
  // not bound the probe scan); with one partition they stay.
  const std::string filtered = "SELECT count(*) FROM big JOIN r ON big.k = r.k WHERE w < 20";
  EXPECT_EQ(PhysicalPlan(s_, filtered).find("runtime_filters"), std::string::npos);
  SetPartitions(s_, 1);
  EXPECT_NE(PhysicalPlan(s_, filtered).find("runtime_filters"), std::string::npos);
  EXPECT_EQ(ExpectSameRows(filtered).find("runtime_filters"), std::string::npos);
  // DataFrame streams and EXPLAIN ANALYZE run multi-partition plans through the root.
  SetPartitions(s_, 3);
  auto analyzed = Query(s_, "EXPLAIN ANALYZE " + join);
  ASSERT_FALSE(analyzed.empty());
  EXPECT_NE(analyzed[0][1].find("RepartitionExec: partitioning=Hash([k], 3), input_partitions=1, metrics=[output_rows="),
            std::string::npos)
      << analyzed[0][1];
}

// ---------------------------------------------------------------------------------------
// The operators on their own.

std::shared_ptr<MemoryTable> KeyTable(int64_t rows) {
  auto schema = std::make_shared<Schema>(std::vector<FieldPtr>{field("k", int64()), field("v", int64())});
  auto t = std::make_shared<MemoryTable>(schema);
  std::vector<RecordBatchPtr> batches;
  for (int64_t start = 0; start < rows; start += 100) {
    ArrayBuilder kb(int64()), vb(int64());
    for (int64_t i = start; i < std::min(rows, start + 100); ++i) {
      EXPECT_TRUE((i % 9 == 0 ? kb.AppendNull() : kb.Append<int64_t>(i % 37)).ok());
      EXPECT_TRUE(vb.Append<int64_t>(i).ok());
    }
    batches.push_back(std::make_shared<RecordBatch>(
        schema, std::min<int64_t>(100, rows - start), std::vector<ArrayDataPtr>{kb.Finish().MoveValue(), vb.Finish().MoveValue()}));
  }
  t->Append(std::move(batches));
  return t;
}

/// Every partition of `plan`: (k text, v) pairs per partition.
std::vector<std::vector<std::pair<std::string, int64_t>>> RunPartitions(const ExecutionPlanPtr& plan, TaskContext& ctx) {
  std::vector<std::vector<std::pair<std::string, int64_t>>> out(static_cast<size_t>(plan->output_partitions()));
  for (int p = 0; p < plan->output_partitions(); ++p) {
    auto stream = plan->Execute(p, ctx);
    EXPECT_TRUE(stream.ok()) << stream.status().ToString();
    if (!stream.ok()) return out;
    auto batches = CollectStream(**stream);
    EXPECT_TRUE(batches.ok()) << batches.status().ToString();
    if (!batches.ok()) return out;
    for (const auto& b : *batches) {
      for (int64_t i = 0; i < b->num_rows(); ++i) {
        std::string k = IsValueNull(*b->column(0), i) ? "NULL" : std::to_string(b->column(0)->values<int64_t>()[i]);
        out[static_cast<size_t>(p)].emplace_back(k, b->column(1)->values<int64_t>()[i]);
      }
    }
  }
  return out;
}

ExecutionPlanPtr ScanOf(const std::shared_ptr<MemoryTable>& t) {
  return MakeScanExec("t", t, {0, 1}, {}, std::nullopt, t->schema());
}

TEST(RepartitionExecTest, HashPutsEachKeyInOnePartitionAndNullsInTheFirst) {
  auto t = KeyTable(1000);
  Partitioning p;
  p.kind = Partitioning::Kind::kHash;
  p.exprs = {MakeColumn(0, "k", int64())};
  p.count = 4;
  auto plan = MakeRepartitionExec(ScanOf(t), p);
  EXPECT_EQ(plan->output_partitions(), 4);
  EXPECT_EQ(plan->details(), "partitioning=Hash([k], 4), input_partitions=1");
  ASSERT_NE(PartitioningOf(*plan), nullptr);
  TaskContext ctx;
  for (int run = 0; run < 2; ++run) {  // a second execution drains the input again
    auto parts = RunPartitions(plan, ctx);
    std::map<std::string, std::set<int>> where;
    std::vector<int64_t> values;
    for (int q = 0; q < 4; ++q) {
      EXPECT_FALSE(parts[q].empty()) << "partition " << q;
      int64_t last = -1;
      for (const auto& [k, v] : parts[q]) {
        where[k].insert(q);
        values.push_back(v);
        EXPECT_LT(last, v) << "input order kept within a partition";
        last = v;
      }
    }
    std::sort(values.begin(), values.end());
    ASSERT_EQ(values.size(), 1000u);
    for (int64_t i = 0; i < 1000; ++i) EXPECT_EQ(values[i], i);
    for (const auto& [k, ps] : where) EXPECT_EQ(ps.size(), 1u) << k;
    EXPECT_EQ(*where["NULL"].begin(), 0);
    EXPECT_EQ(plan->metrics().output_rows, 1000 * (run + 1));
  }
  EXPECT_FALSE(plan->Execute(4, ctx).ok());
}

TEST(RepartitionExecTest, RoundRobinAndCoalesce) {
  auto t = KeyTable(1000);  // ten batches of 100 rows
  Partitioning p;
  p.count = 3;
  auto rr = MakeRepartitionExec(ScanOf(t), p);
  EXPECT_EQ(rr->details(), "partitioning=RoundRobin(3), input_partitions=1");
  TaskContext ctx;
  auto parts = RunPartitions(rr, ctx);
  EXPECT_EQ(parts[0].size(), 400u);
  EXPECT_EQ(parts[1].size(), 300u);
  EXPECT_EQ(parts[2].size(), 300u);
  // Coalescing reads partition 0, then 1, then 2; a hash exchange above drains all of them.
  auto coalesced = MakeCoalescePartitionsExec(rr);
  EXPECT_EQ(coalesced->output_partitions(), 1);
  auto one = RunPartitions(coalesced, ctx);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].size(), 1000u);
  EXPECT_EQ(one[0][0].second, 0);
  EXPECT_EQ(one[0][100].second, 300);  // partition 0 holds batches 0, 3, 6, 9
  EXPECT_FALSE(coalesced->Execute(1, ctx).ok());
  Partitioning h;
  h.kind = Partitioning::Kind::kHash;
  h.exprs = {MakeColumn(0, "k", int64())};
  h.count = 2;
  auto rehash = MakeRepartitionExec(rr, h);
  EXPECT_EQ(rehash->details(), "partitioning=Hash([k], 2), input_partitions=3");
  auto two = RunPartitions(rehash, ctx);
  EXPECT_EQ(two[0].size() + two[1].size(), 1000u);
  auto collected = CollectPlan(rehash, ctx);  // every partition
  ASSERT_TRUE(collected.ok());
  int64_t rows = 0;
  for (const auto& b : *collected) rows += b->num_rows();
  EXPECT_EQ(rows, 1000);
}

TEST(RepartitionExecTest, CancelledDrainFails) {
  auto t = KeyTable(300);
  Partitioning p;
  p.count = 2;
  auto plan = MakeRepartitionExec(ScanOf(t), p);
  TaskContext ctx;
  ctx.cancelled->store(true);
  auto stream = plan->Execute(0, ctx);
  ASSERT_TRUE(stream.ok());
  auto b = (*stream)->Next();
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kCancelled);
}

// Equal keys hash equal whatever their encoding: the two inputs of a join meet.
TEST(RepartitionHashTest, HashRowsIgnoresEncoding) {
  using functions::testing::Constant;
  using functions::testing::Dictionary;
  using functions::testing::Int64s;
  using functions::testing::Strings;
  GroupHashTable strings({utf8()}, MemoryPool::Default());
  auto plain = Strings({"a", "bb", std::nullopt, "a", ""});
  std::vector<uint64_t> h1, h2, h3;
  std::vector<uint8_t> n1, n2, n3;
  ASSERT_TRUE(strings.HashRows({plain}, 5, &h1, &n1).ok());
  ASSERT_TRUE(strings.HashRows({Dictionary(plain)}, 5, &h2, &n2).ok());
  EXPECT_EQ(h1, h2);
  EXPECT_EQ(n1, n2);
  EXPECT_EQ(n1, (std::vector<uint8_t>{0, 0, 1, 0, 0}));
  EXPECT_EQ(h1[0], h1[3]);
  EXPECT_NE(h1[0], h1[1]);
  GroupHashTable ints({int64(), utf8()}, MemoryPool::Default());
  auto k = Int64s({7, 7, 8});
  ASSERT_TRUE(ints.HashRows({k, Strings({"x", "x", "x"})}, 3, &h3, &n3).ok());
  std::vector<uint64_t> h4;
  std::vector<uint8_t> n4;
  ASSERT_TRUE(ints.HashRows({k, Constant(Strings({"x"}), 3)}, 3, &h4, &n4).ok());
  EXPECT_EQ(h3, h4);
  EXPECT_EQ(h3[0], h3[1]);
  EXPECT_NE(h3[0], h3[2]);
  GroupHashTable nested({list(field("item", int64()))}, MemoryPool::Default());
  EXPECT_FALSE(nested.HashRows({plain}, 5, &h1, &n1).ok());
}

}  // namespace
}  // namespace silt::sql
