// SessionContext surface: DataFrames, streamed results, cancellation, the Arrow C stream,
// settings and information_schema, Delta tables with time travel.
#include "engine_test_util.h"
#include "silt/sql/session/dataframe.h"

namespace silt::sql {
namespace {

using testing::Query;

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Query(s_, "CREATE TABLE sales(region TEXT, amount INT, day DATE)");
    Query(s_, "INSERT INTO sales VALUES ('eu', 10, DATE '2024-01-01'), ('us', 20, DATE '2024-01-02'), "
              "('eu', 30, DATE '2024-01-03'), ('apac', NULL, DATE '2024-01-04')");
  }
  SessionContext s_;
};

TEST_F(SessionTest, DataFramePipeline) {
  auto df = s_.Table("sales")
                .Filter("amount IS NOT NULL")
                .Aggregate({"region"}, {"sum(amount) AS total", "count(*) AS n"})
                .Sort({"total DESC"});
  auto r = df.Collect();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto rows = testing::Rows(*r);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"eu", "40", "2"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"us", "20", "1"}));
  auto explained = df.Explain();
  ASSERT_TRUE(explained.ok());
  EXPECT_EQ(testing::Rows(*explained)[0][0], "logical_plan");
  auto joined = s_.Table("sales").Join(s_.SqlDataFrame("SELECT 'eu' AS code, 'Europe' AS name"), "INNER",
                                       "l.region = r.code").Select({"name", "amount"}).Sort({"amount"});
  auto jr = joined.Collect();
  ASSERT_TRUE(jr.ok()) << jr.status().ToString();
  EXPECT_EQ(testing::Rows(*jr).size(), 2u);
  auto bad = s_.Table("sales").Select({"nope"}).Collect();
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("nope"), std::string::npos);
}

TEST_F(SessionTest, ExplainArtifactsP0P1P2) {
  auto a = s_.CaptureExplainArtifacts("SELECT region, sum(amount) FROM sales WHERE amount > 5 GROUP BY region");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->p0_initial_logical.find("Filter"), std::string::npos);
  EXPECT_NE(a->p1_trace.find("## logical_plan after push_down_filter"), std::string::npos);
  EXPECT_NE(a->p2_analyzed_physical.find("output_rows="), std::string::npos);
  EXPECT_EQ(a->rulepack_fingerprint.size(), 16u);
}

TEST_F(SessionTest, StreamAndCancel) {
  Query(s_, "SET execution.batch_size = 1");
  auto stream = s_.ExecuteStream("SELECT amount FROM sales");
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  auto first = (*stream)->Next();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(*first);
  EXPECT_EQ((*first)->num_rows(), 1);
  (*stream)->Cancel();
  auto next = (*stream)->Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kCancelled);
}

TEST_F(SessionTest, ArrowCStream) {
  auto stream = s_.ExecuteStream("SELECT region, amount FROM sales ORDER BY day");
  ASSERT_TRUE(stream.ok());
  ArrowArrayStream c;
  ASSERT_TRUE(ExportQueryStream(std::move(*stream), &c).ok());
  ArrowSchema schema;
  ASSERT_EQ(c.get_schema(&c, &schema), 0);
  auto imported_schema = ImportSchema(&schema);
  ASSERT_TRUE(imported_schema.ok());
  EXPECT_EQ((*imported_schema)->field(0)->name, "region");
  int64_t rows = 0;
  while (true) {
    ArrowArray array;
    ASSERT_EQ(c.get_next(&c, &array), 0);
    if (!array.release) break;
    auto batch = ImportRecordBatch(&array, *imported_schema);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    rows += (*batch)->num_rows();
  }
  EXPECT_EQ(rows, 4);
  c.release(&c);
}

TEST_F(SessionTest, SettingsAndInformationSchema) {
  EXPECT_EQ(Query(s_, "SHOW timezone")[0][1], "UTC");
  Query(s_, "SET timezone = 'Europe/Berlin'");
  EXPECT_EQ(Query(s_, "SELECT value FROM information_schema.df_settings WHERE name = 'timezone'")[0][0],
            "Europe/Berlin");
  EXPECT_FALSE(s_.Sql("SET no_such_setting = 1").ok());
  EXPECT_FALSE(s_.Sql("SET execution.batch_size = -3").ok());
  Query(s_, "RESET timezone");
  EXPECT_EQ(Query(s_, "SHOW timezone")[0][1], "UTC");
  auto cols = Query(s_, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'sales' ORDER BY ordinal_position");
  ASSERT_EQ(cols.size(), 3u);
  EXPECT_EQ(cols[2], (std::vector<std::string>{"day", "date32"}));
}

TEST_F(SessionTest, IdentifiersFoldUnlessQuoted) {
  EXPECT_EQ(Query(s_, "SELECT count(*) FROM SALES WHERE Region = 'eu'")[0][0], "2");
  EXPECT_FALSE(s_.Sql("SELECT \"Region\" FROM sales").ok());
  Query(s_, "SET sql_parser.enable_ident_normalization = false");
  EXPECT_FALSE(s_.Sql("SELECT Region FROM sales").ok());
  EXPECT_EQ(Query(s_, "SELECT count(amount) FROM sales")[0][0], "3");
}

TEST(DeltaSqlTest, DeltaScanTimeTravelAndPruning) {
  auto table = std::filesystem::path(SILT_SOURCE_DIR) / "../shared/testdata/delta/delta/table-with-dv-large/delta";
  if (!std::filesystem::exists(table)) GTEST_SKIP() << "SKIPPED: " << table << " not found";
  SessionContext s;
  std::string path = table.string();
  // Row counts per version from the table's expected-transcribed CSVs (written by Spark).
  EXPECT_EQ(Query(s, "SELECT count(*) FROM delta_scan('" + path + "', version => 0)")[0][0], "2000");
  Query(s, "CREATE EXTERNAL TABLE dv STORED AS DELTA LOCATION '" + path + "'");
  EXPECT_EQ(Query(s, "SELECT count(*) FROM dv VERSION AS OF 0")[0][0], "2000");
  EXPECT_EQ(Query(s, "SELECT count(*) FROM dv")[0][0], Query(s, "SELECT count(*) FROM delta_scan('" + path + "')")[0][0]);
  auto part = std::filesystem::path(SILT_SOURCE_DIR) / "../shared/testdata/delta/delta-rs/delta-0.8.0-partitioned/delta";
  if (!std::filesystem::exists(part)) return;
  Query(s, "CREATE EXTERNAL TABLE p STORED AS DELTA LOCATION '" + part.string() + "'");
  auto analyze = Query(s, "EXPLAIN ANALYZE SELECT count(*) FROM p WHERE year = '2020'");
  ASSERT_EQ(analyze.size(), 1u);
  EXPECT_NE(analyze[0][1].find("files_after_partition_pruning=3"), std::string::npos) << analyze[0][1];
  EXPECT_NE(analyze[0][1].find("files_in_snapshot=6"), std::string::npos) << analyze[0][1];
}

}  // namespace
}  // namespace silt::sql
