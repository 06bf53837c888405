// The Delta scan provider over the shared tables: file skipping golden counts, identical
// rows with skipping on and off, configuration validation, lineage column, file subsets,
// limits, and refusing data paths that escape the table root.
#include "silt/delta/scan/delta_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "silt/columnar/builder.h"
#include "silt/delta/kernel/deletion_vector.h"
#include "silt/expr/predicate_parser.h"
#include "silt/parquet/writer.h"
#include "roaring_test_serializer.h"
#include "silt/format/result_writer.h"
#include "delta_testdata.h"

namespace silt::delta {
namespace {

namespace fs = std::filesystem;
using testing::DeltaTestData;
using testing::ReadFile;

#define SKIP_WITHOUT_TESTDATA()                                                   \
  if (!fs::exists(DeltaTestData())) {                                             \
    GTEST_SKIP() << "Delta testdata not found under ../shared/testdata/delta";    \
  }

std::shared_ptr<const DeltaSnapshot> Load(const std::string& table) {
  auto snap = LoadSnapshot(*io::LocalFileSystem(), (DeltaTestData() / table / "delta").string(),
                           std::nullopt, std::nullopt);
  EXPECT_TRUE(snap.ok()) << table << ": " << snap.status().ToString();
  if (!snap.ok()) return nullptr;
  return std::make_shared<const DeltaSnapshot>(snap.MoveValue());
}

/// Every row of a scan as sorted CSV lines (header first).
Result<std::vector<std::string>> ScanRows(std::shared_ptr<const DeltaSnapshot> snap, DeltaScanRequest request,
                                          DeltaScanConfig config = {}, DeltaScanMetrics* metrics = nullptr) {
  SILT_ASSIGN_OR_RETURN(auto scan, DeltaTableScan::Make(io::LocalFileSystem(), snap, std::move(request), config));
  std::vector<RecordBatchPtr> batches;
  for (;;) {
    SILT_ASSIGN_OR_RETURN(auto b, scan->Next());
    if (!b) break;
    batches.push_back(std::move(b));
  }
  std::ostringstream out;
  SILT_RETURN_NOT_OK(WriteBatches(OutputFormat::kCsv, *scan->output_schema(), batches, &out));
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  if (lines.size() > 1) std::sort(lines.begin() + 1, lines.end());
  if (metrics) *metrics = scan->metrics();
  return lines;
}

struct PruningCase {
  const char* table;
  const char* predicate;
  int64_t files_kept;
};

// Expected counts follow from each table's log (stats and partition values); comments
// explain the conservative cases.
const PruningCase kPruningCases[] = {
    // One file, one row, every column 0 / '0' / 2000-01-01 / 2000-01-01T08:00Z.
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_int = 0", 1},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_int > 0", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_long < 0", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_byte != 0", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_short IN (1, 2)", 0},
    // Float bounds never cover NaN, and NaN satisfies '>': the file must be kept.
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_float > 0.5", 1},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_double < -1", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_string = '0'", 1},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_string > '0'", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_date > DATE '2000-01-01'", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_date = '2000-01-01'", 1},
    // Timestamp maxima are millisecond-truncated: the bound is widened by 1 ms.
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_timestamp > TIMESTAMP '2000-01-01 08:00:00Z'", 1},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_timestamp > TIMESTAMP '2000-01-01 08:00:00.001Z'", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_timestamp < TIMESTAMP '2000-01-01 08:00:00Z'", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_big_decimal > 0", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_int IS NULL", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_int IS NOT NULL", 1},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "NOT (as_int = 0)", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_int = 1 OR as_long = 0", 1},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types", "as_int = 1 AND as_long = 0", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types-checkpoint", "as_int > 0", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types-checkpoint", "as_string = '0'", 1},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types-columnmapping-name", "as_int > 0", 0},
    {"delta-kernel-rs/data-skipping-basic-stats-all-types-columnmapping-name", "as_long = 0", 1},
    // Six files partitioned by letter (NULL, a, a, b, c, e), one row each, number 1..6.
    {"delta-kernel-rs/basic_partitioned", "letter = 'a'", 2},
    {"delta-kernel-rs/basic_partitioned", "letter IS NULL", 1},
    {"delta-kernel-rs/basic_partitioned", "letter IS NOT NULL", 5},
    {"delta-kernel-rs/basic_partitioned", "letter IN ('b', 'c')", 2},
    {"delta-kernel-rs/basic_partitioned", "letter != 'a'", 3},
    {"delta-kernel-rs/basic_partitioned", "letter > 'b'", 2},
    {"delta-kernel-rs/basic_partitioned", "number > 4", 2},
    {"delta-kernel-rs/basic_partitioned", "letter = 'a' AND number > 3", 1},
    {"delta-kernel-rs/basic_partitioned", "letter = 'z' OR number = 6", 1},
};

TEST(DeltaScanTest, PruningGoldenCountsAndIdenticalRows) {
  SKIP_WITHOUT_TESTDATA();
  for (const PruningCase& c : kPruningCases) {
    SCOPED_TRACE(std::string(c.table) + " WHERE " + c.predicate);
    auto snap = Load(c.table);
    ASSERT_NE(snap, nullptr);
    auto predicate = ParsePredicate(c.predicate);
    ASSERT_TRUE(predicate.ok()) << predicate.status().ToString();
    DeltaScanRequest request;
    request.predicate = *predicate;
    DeltaScanMetrics on_metrics, off_metrics;
    auto on = ScanRows(snap, request, {}, &on_metrics);
    ASSERT_TRUE(on.ok()) << on.status().ToString();
    DeltaScanConfig off_config;
    off_config.enable_file_skipping = false;
    auto off = ScanRows(snap, request, off_config, &off_metrics);
    ASSERT_TRUE(off.ok()) << off.status().ToString();
    EXPECT_EQ(on_metrics.files_after_stats_pruning, c.files_kept);
    EXPECT_EQ(off_metrics.files_after_stats_pruning, off_metrics.files_in_snapshot);
    EXPECT_EQ(*on, *off);
  }
}

TEST(DeltaScanTest, PartitionPruningHappensBeforeStats) {
  SKIP_WITHOUT_TESTDATA();
  auto snap = Load("delta-kernel-rs/basic_partitioned");
  ASSERT_NE(snap, nullptr);
  SchemaPtr schema = *ParseDeltaSchema(snap->state.metadata.schema_string);
  auto plan = PlanDeltaFiles(*snap, *schema, *ParsePredicate("letter = 'a' AND number > 3"), {}, std::nullopt);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->metrics.files_in_snapshot, 6);
  EXPECT_EQ(plan->metrics.files_after_partition_pruning, 2);
  EXPECT_EQ(plan->metrics.files_after_stats_pruning, 1);
}

TEST(DeltaScanTest, ConfigValidationIsAPlanError) {
  SKIP_WITHOUT_TESTDATA();
  auto snap = Load("delta-kernel-rs/basic_partitioned");
  ASSERT_NE(snap, nullptr);
  DeltaScanConfig bad_pushdown;
  bad_pushdown.enable_parquet_pushdown = false;
  DeltaScanConfig bad_wrap;
  bad_wrap.wrap_partition_values = false;
  DeltaScanConfig clash;
  clash.file_column_name = "Number";
  for (const DeltaScanConfig& config : {bad_pushdown, bad_wrap, clash}) {
    auto scan = DeltaTableScan::Make(io::LocalFileSystem(), snap, {}, config);
    EXPECT_EQ(scan.status().code(), StatusCode::kPlan) << scan.status().ToString();
  }
  DeltaScanRequest unknown;
  unknown.columns = std::vector<std::string>{"nope"};
  EXPECT_EQ(DeltaTableScan::Make(io::LocalFileSystem(), snap, unknown).status().code(), StatusCode::kPlan);
  DeltaScanRequest bad_predicate;
  bad_predicate.predicate = *ParsePredicate("nope = 1");
  EXPECT_EQ(DeltaTableScan::Make(io::LocalFileSystem(), snap, bad_predicate).status().code(), StatusCode::kPlan);
}

TEST(DeltaScanTest, LineageColumnSubsetProjectionAndLimit) {
  SKIP_WITHOUT_TESTDATA();
  auto snap = Load("delta-kernel-rs/basic_partitioned");
  ASSERT_NE(snap, nullptr);
  DeltaScanConfig config;
  config.file_column_name = "__source_file";
  DeltaScanRequest request;
  request.columns = std::vector<std::string>{"number", "__source_file", "letter"};
  const std::string file = snap->state.adds[1].path;
  request.file_subset = std::vector<std::string>{file};
  auto rows = ScanRows(snap, request, config);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0], "number,__source_file,letter");
  EXPECT_NE((*rows)[1].find(file), std::string::npos);

  DeltaScanRequest missing;
  missing.file_subset = std::vector<std::string>{"not-a-file.parquet"};
  EXPECT_EQ(DeltaTableScan::Make(io::LocalFileSystem(), snap, missing).status().code(),
            StatusCode::kInvalidArgument);

  DeltaScanRequest limited;
  limited.limit = 4;
  auto four = ScanRows(snap, limited);
  ASSERT_TRUE(four.ok());
  EXPECT_EQ(four->size(), 5u);  // header + 4
}

TEST(DeltaScanTest, DeletedRowsNeverAppear) {
  SKIP_WITHOUT_TESTDATA();
  auto snap = Load("delta-kernel-rs/table-with-dv-small");
  ASSERT_NE(snap, nullptr);
  DeltaScanMetrics metrics;
  auto rows = ScanRows(snap, {}, {}, &metrics);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->size(), 9u);  // header + 8 of 10 rows
  EXPECT_EQ(metrics.rows_deleted_by_dv, 2);
  EXPECT_EQ(std::count(rows->begin(), rows->end(), "0"), 0);
  EXPECT_EQ(std::count(rows->begin(), rows->end(), "9"), 0);
}

TEST(DeltaScanTest, ParallelFileReadingGivesTheSameRowsInOrder) {
  SKIP_WITHOUT_TESTDATA();
  for (const char* table : {"delta/basic-dv-with-checkpoint", "delta/table-with-dv-large",
                            "delta-kernel-rs/basic_partitioned"}) {
    SCOPED_TRACE(table);
    auto snap = Load(table);
    ASSERT_NE(snap, nullptr);
    DeltaScanRequest serial;
    DeltaScanRequest parallel;
    parallel.parallelism = 3;
    DeltaScanMetrics serial_metrics, parallel_metrics;
    auto a = ScanRows(snap, serial, {}, &serial_metrics);
    auto b = ScanRows(snap, parallel, {}, &parallel_metrics);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(serial_metrics.rows_read, parallel_metrics.rows_read);
    EXPECT_EQ(serial_metrics.rows_deleted_by_dv, parallel_metrics.rows_deleted_by_dv);
    EXPECT_EQ(serial_metrics.files_read, parallel_metrics.files_read);
  }
}

/// A one-file table (x int64 = 1, 2, 3) whose add carries an inline DV deleting `deleted`.
std::shared_ptr<const DeltaSnapshot> TableWithInlineDv(const std::string& name, std::vector<uint64_t> deleted) {
  fs::path dir = fs::temp_directory_path() / ("silt_scan_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir / "_delta_log");
  auto schema = std::make_shared<Schema>(std::vector<FieldPtr>{field("x", int64())});
  ArrayBuilder b(int64());
  for (int64_t v : {1, 2, 3}) EXPECT_TRUE(b.Append<int64_t>(v).ok());
  auto batch = std::make_shared<RecordBatch>(schema, 3, std::vector<ArrayDataPtr>{*b.Finish()});
  EXPECT_TRUE(parquet::WriteParquetFile((dir / "part-0.parquet").string(), {batch}, schema).ok());
  const std::string bitmap = testing::SerializePortable(deleted);
  std::ofstream log(dir / "_delta_log" / "00000000000000000000.json");
  log << R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors"]}})"
      << "\n"
      << R"({"metaData":{"id":"t","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"x\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}","partitionColumns":[],"configuration":{}}})"
      << "\n"
      << R"({"add":{"path":"part-0.parquet","partitionValues":{},"size":1,"modificationTime":0,"dataChange":true,"deletionVector":{"storageType":"i","pathOrInlineDv":")"
      << EncodeZ85(bitmap) << R"(","sizeInBytes":)" << bitmap.size() << R"(,"cardinality":)" << deleted.size()
      << "}}}\n";
  log.close();
  auto snap = LoadSnapshot(*io::LocalFileSystem(), dir.string(), std::nullopt, std::nullopt);
  EXPECT_TRUE(snap.ok()) << snap.status().ToString();
  if (!snap.ok()) return nullptr;
  return std::make_shared<const DeltaSnapshot>(snap.MoveValue());
}

TEST(DeltaScanTest, DeletionVectorRowsPastTheFileAreCorrupt) {
  auto ok = TableWithInlineDv("dv_ok", {1});
  ASSERT_NE(ok, nullptr);
  auto rows = ScanRows(ok, {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (std::vector<std::string>{"x", "1", "3"}));
  auto bad = TableWithInlineDv("dv_past_end", {1, 5});
  ASSERT_NE(bad, nullptr);
  auto scan = ScanRows(bad, {});
  EXPECT_EQ(scan.status().code(), StatusCode::kCorrupt) << scan.status().ToString();
}

/// A one-commit table in a temp dir whose add path is `add_path`.
fs::path WriteTableWithPath(const std::string& name, const std::string& add_path) {
  fs::path dir = fs::temp_directory_path() / ("silt_scan_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir / "_delta_log");
  std::ofstream log(dir / "_delta_log" / "00000000000000000000.json");
  log << R"({"protocol":{"minReaderVersion":1,"minWriterVersion":2}})" << "\n"
      << R"({"metaData":{"id":"t","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"x\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}","partitionColumns":[],"configuration":{}}})"
      << "\n"
      << R"({"add":{"path":")" << add_path
      << R"(","partitionValues":{},"size":1,"modificationTime":0,"dataChange":true}})" << "\n";
  return dir;
}

TEST(DeltaScanTest, RefusesPathsEscapingTheTableRoot) {
  int n = 0;
  for (const char* path : {"../escape.parquet", "a/../../escape.parquet", "%2E%2E/escape.parquet",
                           "file:///etc/passwd", "/etc/passwd", "s3://bucket/x.parquet"}) {
    SCOPED_TRACE(path);
    fs::path dir = WriteTableWithPath("escape" + std::to_string(n++), path);
    auto loaded = LoadSnapshot(*io::LocalFileSystem(), dir.string(), std::nullopt, std::nullopt);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    auto snap = std::make_shared<const DeltaSnapshot>(loaded.MoveValue());
    auto scan = DeltaTableScan::Make(io::LocalFileSystem(), snap, {});
    EXPECT_EQ(scan.status().code(), StatusCode::kCorrupt) << scan.status().ToString();
    fs::remove_all(dir);
  }
}

}  // namespace
}  // namespace silt::delta
