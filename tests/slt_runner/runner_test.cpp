#include "silt/slt/runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "silt/columnar/builder.h"

namespace silt::slt {
namespace {

namespace fs = std::filesystem;

template <typename V>
ArrayDataPtr Arr(const DataTypePtr& type, const std::vector<V>& values,
                 const std::vector<bool>& valid = {}) {
  auto r = MakeArray<V>(type, values, valid);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

QueryOutput Output(std::vector<std::pair<std::string, ArrayDataPtr>> columns) {
  std::vector<FieldPtr> fields;
  std::vector<ArrayDataPtr> arrays;
  for (auto& [name, a] : columns) {
    fields.push_back(field(name, a->type));
    arrays.push_back(a);
  }
  QueryOutput out;
  out.schema = std::make_shared<Schema>(fields);
  int64_t rows = arrays.empty() ? 0 : arrays[0]->length;
  out.batches.push_back(std::make_shared<RecordBatch>(out.schema, rows, arrays));
  return out;
}

/// Canned answers per SQL string; SQL it does not know fails with a Plan error, "THROW"
/// throws. Every executed statement is appended to a log shared by all instances.
class FakeDatabase : public Database {
 public:
  FakeDatabase(const std::map<std::string, QueryOutput>* answers, std::vector<std::string>* log)
      : answers_(answers), log_(log) {}
  Result<QueryOutput> Execute(const std::string& sql) override {
    log_->push_back(sql);
    if (sql == "THROW") throw std::runtime_error("boom");
    if (sql.rfind("CREATE", 0) == 0 || sql.rfind("INSERT", 0) == 0) return QueryOutput{};
    auto it = answers_->find(sql);
    if (it == answers_->end()) return Status::Plan("unknown statement: " + sql);
    return it->second;
  }

 private:
  const std::map<std::string, QueryOutput>* answers_;
  std::vector<std::string>* log_;
};

class SltRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    answers_["SELECT 1"] = Output({{"c", Arr<int64_t>(int64(), {1})}});
    answers_["SELECT two"] =
        Output({{"a", Arr<int64_t>(int64(), {2, 1})}, {"b", Arr<std::string>(utf8(), {"y", "x"})}});
    answers_["SELECT half"] = Output({{"h", Arr<double>(float64(), {1.5})}});
    answers_["SELECT nothing"] = Output({{"n", Arr<int64_t>(int64(), {})}});
  }

  DatabaseFactory Factory() {
    return [this]() -> Result<std::unique_ptr<Database>> {
      ++databases_;
      return std::unique_ptr<Database>(new FakeDatabase(&answers_, &log_));
    };
  }

  RunSummary RunText(const std::string& path, const std::string& text, bool verbose = false) {
    RunOptions options;
    options.verbose = verbose;
    int64_t printed = 0;
    RunSummary summary;
    out_.str("");
    RunFileText(path, text, Factory(), options, out_, &summary, &printed);
    return summary;
  }

  std::map<std::string, QueryOutput> answers_;
  std::vector<std::string> log_;
  int databases_ = 0;
  std::ostringstream out_;
};

TEST_F(SltRunnerTest, CountsStatementAndQueryRecords) {
  RunSummary s = RunText("a.slt",
                         "hash-threshold 8\n\nstatement ok\nCREATE TABLE t(a INT)\n\n"
                         "query I\nSELECT 1\n----\n1\n\n"
                         "query IT rowsort\nSELECT two\n----\n1 x\n2 y\n\n"
                         "statement error\nSELECT bad\n----\nsome message\n\n\n"
                         "query I\nSELECT nothing\n");
  EXPECT_EQ(s.passed, 5);
  EXPECT_EQ(s.failed, 0);
  EXPECT_EQ(s.skipped, 0);
  EXPECT_EQ(s.files, 1);
  EXPECT_EQ(out_.str(), "");  // no failures, nothing printed in non-verbose mode
  EXPECT_EQ(databases_, 1);
}

TEST_F(SltRunnerTest, StatementOkFailureShowsEngineMessage) {
  RunSummary s = RunText("dir/a.slt", "\nstatement ok\nDROP TABLE nope;\n", /*verbose=*/true);
  EXPECT_EQ(s.failed, 1);
  std::string out = out_.str();
  EXPECT_NE(out.find("dir/a.slt:2: statement failed: Plan: unknown statement: DROP TABLE nope"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    DROP TABLE nope\n"), std::string::npos) << out;
  EXPECT_EQ(log_, std::vector<std::string>{"DROP TABLE nope"});  // ';' stripped
}

TEST_F(SltRunnerTest, StatementErrorPassesOnlyWhenExecutionFails) {
  RunSummary s =
      RunText("a.slt", "statement error\nSELECT bad\n\nstatement error\nSELECT 1\n", true);
  EXPECT_EQ(s.passed, 1);
  EXPECT_EQ(s.failed, 1);
  EXPECT_NE(out_.str().find("a.slt:4: statement succeeded but an error was expected"),
            std::string::npos)
      << out_.str();
}

TEST_F(SltRunnerTest, QueryFailures) {
  RunSummary s = RunText("a.slt",
                         "query II\nSELECT 1\n----\n1\n\n"       // column count differs
                         "query I\nSELECT missing\n----\n1\n\n"  // engine error
                         "query I\nSELECT 1\n----\n2\n",         // value differs
                         true);
  EXPECT_EQ(s.failed, 3);
  std::string out = out_.str();
  EXPECT_NE(out.find("a.slt:1: expected 2 columns (types 'II'), got 1"), std::string::npos) << out;
  EXPECT_NE(out.find("a.slt:6: query failed: Plan: unknown statement"), std::string::npos) << out;
  EXPECT_NE(out.find("a.slt:11: row 1 differs: expected '2', got '1'"), std::string::npos) << out;
  EXPECT_NE(out.find("  expected:\n    2\n  actual:\n    1\n"), std::string::npos) << out;
}

TEST_F(SltRunnerTest, SkipIfAndOnlyIfSkipWithoutExecuting) {
  RunSummary s = RunText("a.slt",
                         "skipif postgresql\nquery I\nSELECT x\n----\n1\n\n"
                         "onlyif mysql # comment\nstatement ok\nSELECT y\n\n"
                         "onlyif silt\nquery I\nSELECT 1\n----\n1\n\n"
                         "skipif mysql\nquery I\nSELECT 1\n----\n1\n");
  EXPECT_EQ(s.skipped, 2);
  EXPECT_EQ(s.passed, 2);
  EXPECT_EQ(log_, (std::vector<std::string>{"SELECT 1", "SELECT 1"}));
}

TEST_F(SltRunnerTest, HaltStopsTheFile) {
  RunSummary s = RunText("a.slt",
                         "onlyif mssql\nhalt\n\nquery I\nSELECT 1\n----\n1\n\n"
                         "halt\n\nquery I\nSELECT 1\n----\n1\n\nstatement ok\nSELECT z\n");
  EXPECT_EQ(s.passed, 1);
  EXPECT_EQ(s.skipped, 2);
  EXPECT_EQ(s.failed, 0);
  EXPECT_EQ(log_.size(), 1u);
}

TEST_F(SltRunnerTest, OrderOnlyMismatchIsCountedSeparately) {
  RunSummary s = RunText("a.slt", "query IT\nSELECT two\n----\n1 x\n2 y\n", true);
  EXPECT_EQ(s.failed, 1);
  EXPECT_EQ(s.order_only_failures, 1);
  EXPECT_NE(out_.str().find("a.slt:1: same rows in a different order"), std::string::npos)
      << out_.str();
}

TEST_F(SltRunnerTest, EngineExceptionIsAFailure) {
  RunSummary s = RunText("a.slt", "statement error\nTHROW\n\nquery I\nSELECT 1\n----\n1\n", true);
  EXPECT_EQ(s.failed, 1);
  EXPECT_EQ(s.passed, 1);
  EXPECT_NE(out_.str().find("boom"), std::string::npos) << out_.str();
}

TEST_F(SltRunnerTest, MalformedRecordIsAFailure) {
  RunSummary s = RunText("a.slt", "frobnicate\n\nquery I\nSELECT 1\n----\n1\n", true);
  EXPECT_EQ(s.failed, 1);
  EXPECT_EQ(s.passed, 1);
  EXPECT_NE(out_.str().find("a.slt:1: malformed record: unknown record type 'frobnicate'"),
            std::string::npos)
      << out_.str();
}

TEST_F(SltRunnerTest, SqliteOriginRendersByTypeLetter) {
  const std::string text = "query R\nSELECT half\n----\n1.500\n\nquery I\nSELECT half\n----\n1\n";
  RunSummary sqlite = RunText("corpus/sqlite/x.test", text);
  EXPECT_EQ(sqlite.passed, 2);
  // Natural rendering elsewhere: 1.5 is within 10^-3 of 1.500 but not equal to the integer 1.
  RunSummary other = RunText("corpus/duckdb/x.test", text);
  EXPECT_EQ(other.passed, 1);
  EXPECT_EQ(other.failed, 1);
  EXPECT_EQ(out_.str(), "corpus/duckdb/x.test: 1 passed, 1 failed\n");
}

// Records copied from sqlite/random/select/slt_good_1.test; the fake engine answers with the
// rows SQLite returns (in SQLite's order), so the hash checks rendering, rowsort and the
// row-major MD5 layout against the corpus.
TEST_F(SltRunnerTest, SqliteCorpusHashesMatch) {
  answers_["SELECT DISTINCT * FROM tab1 WHERE NOT col0 <> ( + col0 )"] =
      Output({{"col0", Arr<int64_t>(int64(), {64, 3, 80})},
              {"col1", Arr<int64_t>(int64(), {10, 26, 13})},
              {"col2", Arr<int64_t>(int64(), {57, 54, 96})}});
  answers_["SELECT * FROM tab0 WHERE col2 NOT IN ( col2 + col2 )"] =
      Output({{"col0", Arr<int32_t>(int32(), {89, 35, 24})},
              {"col1", Arr<int32_t>(int32(), {91, 97, 86})},
              {"col2", Arr<double>(float64(), {82.0, 1.0, 33.0})}});  // I truncates floats
  std::string text =
      "hash-threshold 8\r\n\r\n"
      "query III rowsort\r\n"
      "SELECT DISTINCT * FROM tab1 WHERE NOT col0 <> ( + col0 )\r\n"
      "----\r\n"
      "9 values hashing to 8d6692e6d41505c3ad42d919bd9ecd0d\r\n\r\n"
      "query III rowsort label-1\r\n"
      "SELECT * FROM tab0 WHERE col2 NOT IN ( col2 + col2 )\r\n"
      "----\r\n"
      "9 values hashing to 38a1673e2e09d694c8cec45c797034a7\r\n\r\n"
      // Without rowsort the same rows in SQLite's order hash differently.
      "query III nosort\r\n"
      "SELECT * FROM tab0 WHERE col2 NOT IN ( col2 + col2 )\r\n"
      "----\r\n"
      "9 values hashing to 38a1673e2e09d694c8cec45c797034a7\r\n";
  RunSummary s = RunText("corpus/sqlite/random/select/slt_good_1.test", text, true);
  EXPECT_EQ(s.passed, 2) << out_.str();
  EXPECT_EQ(s.failed, 1);
  EXPECT_NE(out_.str().find("slt_good_1.test:13: expected 9 values hashing to "
                            "38a1673e2e09d694c8cec45c797034a7, got 9 values hashing to "),
            std::string::npos)
      << out_.str();
  // The actual values are listed one per line, as the SQLite layout writes them.
  EXPECT_NE(out_.str().find("  actual:\n    89\n    91\n    82\n    35\n"), std::string::npos)
      << out_.str();
}

TEST_F(SltRunnerTest, FactoryFailureFailsTheFile) {
  RunOptions options;
  RunSummary summary;
  int64_t printed = 0;
  DatabaseFactory failing = []() -> Result<std::unique_ptr<Database>> {
    return Status::Internal("no memory");
  };
  RunFileText("a.slt", "query I\nSELECT 1\n", failing, options, out_, &summary, &printed);
  EXPECT_EQ(summary.failed, 1);
  EXPECT_NE(out_.str().find("a.slt: cannot create a database: Internal: no memory"),
            std::string::npos);
}

TEST(SltRunner, SqliteOriginRule) {
  EXPECT_TRUE(IsSqliteOrigin("../shared/testdata/slt/sqlite/evidence/in1.test"));
  EXPECT_TRUE(IsSqliteOrigin("sqlite/a.test"));
  EXPECT_FALSE(IsSqliteOrigin("sqlite.test"));
  EXPECT_FALSE(IsSqliteOrigin("x/sqlite_like/a.test"));
  EXPECT_FALSE(IsSqliteOrigin("../shared/testdata/slt/duckdb/cast/a.test"));
}

// Folders run recursively in sorted order, each file in a fresh database; unreadable paths
// fail with a message; the last line is the contract's summary.
TEST_F(SltRunnerTest, RunPathsOverFolders) {
  fs::path root = fs::temp_directory_path() / ("silt_slt_runner_" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "b" / "sqlite");
  fs::create_directories(root / "a");
  auto write = [](const fs::path& p, const std::string& text) { std::ofstream(p) << text; };
  write(root / "b" / "sqlite" / "s.test", "query R\nSELECT half\n----\n1.500\n");
  write(root / "b" / "z.slt", "query I\nSELECT 1\n----\n2\n");
  write(root / "a" / "y.slt", "statement ok\nSELECT nope\n\nskipif silt\nstatement ok\nSELECT 1\n");
  write(root / "a" / "ignored.txt", "statement ok\nSELECT nope\n");
  std::string missing = (root / "missing.slt").string();

  std::ostringstream out;
  Result<RunSummary> result = RunPaths({root.string(), missing}, Factory(), RunOptions(), out);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->files, 4);
  EXPECT_EQ(result->passed, 1);
  EXPECT_EQ(result->failed, 3);
  EXPECT_EQ(result->skipped, 1);
  EXPECT_EQ(databases_, 3);
  std::string expected = (root / "a" / "y.slt").string() + ": 0 passed, 1 failed\n" +
                         (root / "b" / "z.slt").string() + ": 0 passed, 1 failed\n" + missing +
                         ": cannot read the file\n1 passed, 3 failed, 1 skipped\n";
  EXPECT_EQ(out.str(), expected);
  fs::remove_all(root);
}

TEST_F(SltRunnerTest, VerboseOutputIsCappedPerRun) {
  std::string text;
  for (int i = 0; i < 5; ++i) text += "statement ok\nSELECT nope\n\n";
  RunOptions options;
  options.verbose = true;
  options.max_failures_printed = 2;
  RunSummary summary;
  int64_t printed = 0;
  RunFileText("a.slt", text, Factory(), options, out_, &summary, &printed);
  EXPECT_EQ(summary.failed, 5);
  EXPECT_EQ(printed, 5);
  std::string out = out_.str();
  EXPECT_NE(out.find("a.slt:1:"), std::string::npos);
  EXPECT_NE(out.find("a.slt:4:"), std::string::npos);
  EXPECT_EQ(out.find("a.slt:7:"), std::string::npos);
}

}  // namespace
}  // namespace silt::slt
