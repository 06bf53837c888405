#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "silt/slt/compare.h"
#include "silt/slt/record.h"
#include "silt/slt/runner.h"

namespace silt::slt {
namespace {

namespace fs = std::filesystem;

struct SourceCounts {
  int64_t files = 0, statements = 0, statement_errors = 0, queries = 0, hashed = 0, guarded = 0;
};

// Every file of the shared corpus parses without a malformed record, and the record counts
// per source equal the ones its MANIFEST.md states.
TEST(SltCorpusParse, EveryFileParses) {
  fs::path root = fs::path(SILT_SOURCE_DIR) / "../shared/testdata/slt";
  if (!fs::exists(root)) GTEST_SKIP() << "slt corpus not found under " << root;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".slt" || ext == ".test")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, SourceCounts> counts;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string name = fs::relative(path, root).string();
    std::string text = buffer.str();
    bool sqlite = IsSqliteOrigin(path.string());
    EXPECT_EQ(sqlite, name.rfind("sqlite/", 0) == 0) << name;
    SourceCounts& c = counts[name.substr(0, name.find('/'))];
    ++c.files;
    for (const Record& r : ParseSltFile(text, sqlite)) {
      EXPECT_NE(r.kind, RecordKind::kInvalid) << name << ":" << r.line << ": " << r.error;
      bool counted = r.kind == RecordKind::kStatementOk || r.kind == RecordKind::kStatementError ||
                     r.kind == RecordKind::kQuery;
      if (counted && !r.conditions.empty()) ++c.guarded;  // guarded halts are not counted
      if (r.kind == RecordKind::kStatementOk || r.kind == RecordKind::kStatementError) {
        ++c.statements;
        if (r.kind == RecordKind::kStatementError) ++c.statement_errors;
      } else if (r.kind == RecordKind::kQuery) {
        ++c.queries;
        int64_t n = 0;
        std::string hash;
        if (r.expected.size() == 1 && ParseHashLine(r.expected[0], &n, &hash)) ++c.hashed;
        EXPECT_FALSE(r.types.empty()) << name << ":" << r.line;
      }
    }
  }
  for (const auto& [source, c] : counts) {
    std::cout << "[ slt     ] " << source << ": " << c.files << " files, " << c.statements
              << " statements (" << c.statement_errors << " error), " << c.queries << " queries ("
              << c.hashed << " hashed), " << c.guarded << " guarded\n";
  }
  // Totals from the corpus MANIFEST.md files.
  EXPECT_EQ(counts["sqlite"].files, 11);
  EXPECT_EQ(counts["sqlite"].statements, 1166);
  EXPECT_EQ(counts["sqlite"].statement_errors, 21);
  EXPECT_EQ(counts["sqlite"].queries, 54617);
  EXPECT_EQ(counts["sqlite"].hashed, 3739);
  EXPECT_EQ(counts["sqlite"].guarded, 25478);
  EXPECT_EQ(counts["datafusion"].statements, 190);
  EXPECT_EQ(counts["datafusion"].queries, 594);
  EXPECT_EQ(counts["duckdb"].files, 113);
  EXPECT_EQ(counts["duckdb"].statements, 429);
  EXPECT_EQ(counts["duckdb"].statement_errors, 95);
  EXPECT_EQ(counts["duckdb"].queries, 842);
}

/// An engine that rejects everything.
class RejectingDatabase : public Database {
 public:
  Result<QueryOutput> Execute(const std::string& sql) override {
    return Status::NotSupported("no engine");
  }
};

// The whole corpus through RunPaths: every statement/query record is counted exactly once,
// and the last line is the contract's summary.
TEST(SltCorpusParse, RunPathsCountsEveryRecord) {
  fs::path root = fs::path(SILT_SOURCE_DIR) / "../shared/testdata/slt";
  if (!fs::exists(root)) GTEST_SKIP() << "slt corpus not found under " << root;
  DatabaseFactory factory = []() -> Result<std::unique_ptr<Database>> {
    return std::unique_ptr<Database>(new RejectingDatabase());
  };
  std::ostringstream out;
  Result<RunSummary> result = RunPaths({root.string()}, factory, RunOptions(), out);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->files, 143);
  EXPECT_EQ(result->passed + result->failed + result->skipped,
            1166 + 54617 + 190 + 594 + 429 + 842);
  EXPECT_GT(result->passed, 0);  // `statement error` records pass
  // 14428 guarded records skipped for {silt, postgresql}, plus the 75 records after
  // slt_lang_aggfunc.test's `skipif sqlite` / `halt`.
  EXPECT_EQ(result->skipped, 14428 + 75);
  std::string text = out.str();
  std::string last = std::to_string(result->passed) + " passed, " + std::to_string(result->failed) +
                     " failed, " + std::to_string(result->skipped) + " skipped\n";
  ASSERT_GE(text.size(), last.size());
  EXPECT_EQ(text.substr(text.size() - last.size()), last);
}

}  // namespace
}  // namespace silt::slt
