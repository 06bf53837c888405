// LoadSnapshot over the shared Delta tables and small in-memory logs.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "silt/delta/engine/snapshot_loader.h"

namespace silt::delta {
namespace {

namespace fs = std::filesystem;

std::string TableRoot(const std::string& name) {
  return (fs::path(SILT_SOURCE_DIR) / "../shared/testdata/delta" / name / "delta").string();
}

#define SKIP_WITHOUT_TESTDATA()                                                      \
  do {                                                                               \
    if (!fs::exists(fs::path(SILT_SOURCE_DIR) / "../shared/testdata/delta")) {       \
      GTEST_SKIP() << "Delta testdata not found under ../shared/testdata/delta";     \
    }                                                                                \
  } while (0)

Result<DeltaSnapshot> Load(const std::string& name, std::optional<int64_t> version = std::nullopt,
                           std::optional<std::string> timestamp = std::nullopt) {
  return LoadSnapshot(*io::LocalFileSystem(), TableRoot(name), version, timestamp);
}

TEST(SnapshotLoaderTest, JsonOnlyTablesLoadLatest) {
  SKIP_WITHOUT_TESTDATA();
  struct Case {
    const char* table;
    int64_t version;
    size_t files;
  };
  const Case cases[] = {
      {"dat/reference_table_1", 1, 2},
      {"delta-kernel-rs/snapshot-data3", 3, 4},
      {"delta-kernel-rs/basic_partitioned", 1, 6},
      {"delta-kernel-rs/data-reader-timestamp_ntz", 1, 4},
      {"delta-kernel-rs/basic-with-vacuum-protocol-check-feature", 1, 2},
      {"delta-kernel-rs/log-replay-dv-key-cases", 3, 1},
  };
  for (const Case& c : cases) {
    auto snap = Load(c.table);
    ASSERT_TRUE(snap.ok()) << c.table << ": " << snap.status().ToString();
    EXPECT_EQ(snap->state.version, c.version) << c.table;
    EXPECT_EQ(snap->state.adds.size(), c.files) << c.table;
    EXPECT_EQ(snap->commits.size(), static_cast<size_t>(c.version + 1)) << c.table;
  }
}

TEST(SnapshotLoaderTest, TimeTravelByVersion) {
  SKIP_WITHOUT_TESTDATA();
  const size_t expected_files[] = {2, 4, 2, 4};
  for (int64_t v = 0; v <= 3; ++v) {
    auto snap = Load("delta-kernel-rs/snapshot-data3", v);
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    EXPECT_EQ(snap->state.version, v);
    EXPECT_EQ(snap->state.adds.size(), expected_files[v]) << "version " << v;
  }
  auto ref = Load("dat/reference_table_1", 0);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(ref->state.adds.size(), 1u);
  ASSERT_EQ(ref->commits.size(), 1u);
  EXPECT_EQ(ref->commits[0].operation, std::optional<std::string>("WRITE"));
}

TEST(SnapshotLoaderTest, VersionPastLatestIsAnError) {
  SKIP_WITHOUT_TESTDATA();
  auto snap = Load("dat/reference_table_1", 9);
  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().code(), StatusCode::kInvalidArgument) << snap.status().ToString();
  EXPECT_EQ(Load("dat/reference_table_1", -1).status().code(), StatusCode::kInvalidArgument);
}

TEST(SnapshotLoaderTest, TimestampResolution) {
  SKIP_WITHOUT_TESTDATA();
  auto late = Load("dat/reference_table_1", std::nullopt, "2999-01-01T00:00:00+02:00");
  ASSERT_TRUE(late.ok()) << late.status().ToString();
  EXPECT_EQ(late->state.version, 1);
  auto early = Load("dat/reference_table_1", std::nullopt, "1999-01-01");
  EXPECT_EQ(early.status().code(), StatusCode::kInvalidArgument);
  auto bad = Load("dat/reference_table_1", std::nullopt, "yesterday");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Load("dat/reference_table_1", 0, "2999-01-01").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(SnapshotLoaderTest, UnsupportedProtocolsAreRefused) {
  SKIP_WITHOUT_TESTDATA();
  auto v99 = Load("delta-kernel-rs/deltalog-invalid-protocol-version");
  EXPECT_EQ(v99.status().code(), StatusCode::kNotSupported) << v99.status().ToString();
  EXPECT_NE(v99.status().message().find("99"), std::string::npos);
  auto catalog = Load("delta/catalog-owned-preview");
  EXPECT_EQ(catalog.status().code(), StatusCode::kNotSupported) << catalog.status().ToString();
  EXPECT_NE(catalog.status().message().find("catalogManaged"), std::string::npos);
  auto unknown = Load("delta-rs/simple_table_features");
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotSupported) << unknown.status().ToString();
}

TEST(SnapshotLoaderTest, CheckpointedTablesLoadFromTheCheckpoint) {
  SKIP_WITHOUT_TESTDATA();
  // Version 14 = 00000000000000000010.checkpoint.parquet + commits 11..14.
  auto snap = Load("delta-kernel-rs/checkpoint");
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->state.version, 14);
  ASSERT_EQ(snap->commits.size(), 4u);
  EXPECT_EQ(snap->commits.front().version, 11);
}

TEST(SnapshotLoaderTest, ProtocolGate) {
  Protocol p;
  p.min_reader_version = 1;
  EXPECT_TRUE(CheckReaderProtocol(p).ok());
  p.min_reader_version = 2;
  EXPECT_TRUE(CheckReaderProtocol(p).ok());
  p.min_reader_version = 3;
  p.reader_features = std::vector<std::string>{"deletionVectors", "columnMapping"};
  EXPECT_TRUE(CheckReaderProtocol(p).ok());
  p.reader_features->push_back("blahabl");
  Status st = CheckReaderProtocol(p);
  EXPECT_EQ(st.code(), StatusCode::kNotSupported);
  EXPECT_NE(st.message().find("blahabl"), std::string::npos);
  p.min_reader_version = 4;
  p.reader_features = std::vector<std::string>{};
  EXPECT_EQ(CheckReaderProtocol(p).code(), StatusCode::kNotSupported);
}

TEST(SnapshotLoaderTest, HiddenFilesAndCorruptHintAreIgnored) {
  io::InMemoryFileSystem mem;
  const std::string commit0 =
      "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}\n"
      "{\"metaData\":{\"id\":\"t\",\"format\":{\"provider\":\"parquet\",\"options\":{}},"
      "\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[]}\","
      "\"partitionColumns\":[],\"configuration\":{}}}\n"
      "{\"add\":{\"path\":\"a.parquet\",\"partitionValues\":{},\"size\":10,"
      "\"modificationTime\":1,\"dataChange\":true}}\n"
      "{\"commitInfo\":{\"operation\":\"WRITE\"}}\n";
  mem.Put("/t/_delta_log/00000000000000000000.json", commit0);
  mem.Put("/t/_delta_log/._00000000000000000001.json", "garbage");
  mem.Put("/t/_delta_log/_last_checkpoint", "{not json");
  auto snap = LoadSnapshot(mem, "/t/", std::nullopt, std::nullopt);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->state.version, 0);
  ASSERT_EQ(snap->state.adds.size(), 1u);
  EXPECT_EQ(snap->state.adds[0].size, 10);
  ASSERT_EQ(snap->commits.size(), 1u);
  EXPECT_EQ(snap->commits[0].operation, std::optional<std::string>("WRITE"));
}

}  // namespace
}  // namespace silt::delta
