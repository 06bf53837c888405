// Checkpoints written by silt's own Parquet writer into an in-memory file system: classic,
// multi-part and V2 (JSON/Parquet with sidecars) checkpoints, later commits, corrupt and
// hostile files, parsed-stats rendering and version checksums.

#include "silt/delta/engine/checkpoint_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <iostream>
#include <random>

#include "checkpoint_test_writer.h"
#include "silt/common/temporal.h"
#include "silt/delta/engine/snapshot_loader.h"
#include "silt/delta/kernel/file_stats.h"
#include "silt/delta/kernel/partition_values.h"
#include "silt/delta/kernel/schema.h"

namespace silt::delta {
namespace {

using testing::CheckpointLayout;
using testing::CheckpointWriter;

constexpr const char* kRoot = "/t";
constexpr const char* kLog = "/t/_delta_log/";
constexpr const char* kSchema =
    "{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,"
    "\"metadata\":{}}]}";

std::string V(int64_t version) {
  std::string digits = std::to_string(version);
  return std::string(20 - digits.size(), '0') + digits;
}

Protocol MakeProtocol(int32_t reader = 1, int32_t writer = 2) {
  Protocol p;
  p.min_reader_version = reader;
  p.min_writer_version = writer;
  return p;
}

Metadata MakeMetadata(std::string id = "table-id") {
  Metadata m;
  m.id = std::move(id);
  m.format.provider = "parquet";
  m.schema_string = kSchema;
  m.created_time = 1;
  return m;
}

Add MakeAdd(const std::string& path, int64_t size = 100, int64_t rows = 10) {
  Add a;
  a.path = path;
  a.size = size;
  a.modification_time = 7;
  a.stats = "{\"numRecords\":" + std::to_string(rows) + "}";
  return a;
}

Remove MakeRemove(const std::string& path) {
  Remove r;
  r.path = path;
  r.deletion_timestamp = 5;
  r.data_change = true;
  return r;
}

std::string ProtocolJson() {
  return "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}\n";
}
std::string MetadataJson(const std::string& id = "table-id") {
  return "{\"metaData\":{\"id\":\"" + id +
         "\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"{\\\"type\\\":"
         "\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\","
         "\\\"nullable\\\":true,\\\"metadata\\\":{}}]}\",\"partitionColumns\":[],"
         "\"configuration\":{}}}\n";
}
std::string AddJson(const std::string& path, int64_t size = 100) {
  return "{\"add\":{\"path\":\"" + path +
         "\",\"partitionValues\":{},\"size\":" + std::to_string(size) +
         ",\"modificationTime\":7,\"dataChange\":true,\"stats\":\"{\\\"numRecords\\\":10}\"}}\n";
}
std::string RemoveJson(const std::string& path) {
  return "{\"remove\":{\"path\":\"" + path + "\",\"deletionTimestamp\":9,\"dataChange\":true}}\n";
}

std::vector<std::string> LivePaths(const TableState& state) {
  std::vector<std::string> out;
  for (const Add& a : state.adds) out.push_back(a.path);
  return out;
}
std::vector<std::string> TombstonePaths(const TableState& state) {
  std::vector<std::string> out;
  for (const Remove& r : state.tombstones) out.push_back(r.path);
  return out;
}

Result<DeltaSnapshot> Load(io::FileSystem& fs, std::optional<int64_t> version = std::nullopt,
                           std::optional<std::string> timestamp = std::nullopt) {
  return LoadSnapshot(fs, kRoot, version, timestamp);
}

// A classic checkpoint at version 2 of: protocol, metadata, adds b and c, tombstone a, txn.
Status WriteClassicCheckpoint(io::InMemoryFileSystem& fs, int64_t version = 2) {
  CheckpointWriter w;
  Txn txn;
  txn.app_id = "app";
  txn.version = 4;
  for (const Action& a : std::vector<Action>{MakeProtocol(), MakeMetadata(), MakeAdd("b"),
                                             MakeAdd("c", 200, 20), MakeRemove("a"), txn}) {
    SILT_RETURN_NOT_OK(w.Append(a));
  }
  return w.WriteTo(fs, kLog + V(version) + ".checkpoint.parquet");
}

TEST(CheckpointReaderTest, ClassicCheckpointPlusLaterCommits) {
  io::InMemoryFileSystem fs;
  // Commits 0 and 1 were cleaned up; the checkpoint at 2 stands for them.
  fs.Put(kLog + V(2) + ".json", RemoveJson("a"));
  ASSERT_TRUE(WriteClassicCheckpoint(fs).ok());
  fs.Put(kLog + V(3) + ".json", AddJson("d") + RemoveJson("b"));

  auto snap = Load(fs);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->state.version, 3);
  EXPECT_EQ(LivePaths(snap->state), (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(TombstonePaths(snap->state), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(snap->state.protocol, MakeProtocol());
  EXPECT_EQ(snap->state.metadata, MakeMetadata());
  ASSERT_TRUE(snap->state.txns.contains("app"));
  EXPECT_EQ(snap->state.txns.at("app").version, 4);
  ASSERT_EQ(snap->commits.size(), 1u);
  EXPECT_EQ(snap->commits[0].version, 3);
  // The checkpoint's add carries its fields through.
  const Add& c = snap->state.adds[0];
  EXPECT_EQ(c.size, 200);
  EXPECT_EQ(c.modification_time, 7);
  EXPECT_EQ(c.stats, std::optional<std::string>("{\"numRecords\":20}"));

  auto at2 = Load(fs, 2);
  ASSERT_TRUE(at2.ok()) << at2.status().ToString();
  EXPECT_EQ(LivePaths(at2->state), (std::vector<std::string>{"b", "c"}));
  EXPECT_TRUE(at2->commits.empty());
  EXPECT_EQ(Load(fs, 1).status().code(), StatusCode::kInvalidArgument);
}

TEST(CheckpointReaderTest, RemoveThenAddAcrossTheCheckpointBoundary) {
  io::InMemoryFileSystem fs;
  fs.Put(kLog + V(0) + ".json", ProtocolJson() + MetadataJson() + AddJson("x") + AddJson("y"));
  fs.Put(kLog + V(1) + ".json", RemoveJson("x"));
  CheckpointWriter w;
  for (const Action& a :
       std::vector<Action>{MakeProtocol(), MakeMetadata(), MakeRemove("x"), MakeAdd("y")}) {
    ASSERT_TRUE(w.Append(a).ok());
  }
  ASSERT_TRUE(w.WriteTo(fs, kLog + V(1) + ".checkpoint.parquet").ok());
  // Re-add the tombstoned file and remove the checkpointed one.
  fs.Put(kLog + V(2) + ".json", AddJson("x", 300) + RemoveJson("y"));
  auto snap = Load(fs);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(LivePaths(snap->state), (std::vector<std::string>{"x"}));
  EXPECT_EQ(snap->state.adds[0].size, 300);
  EXPECT_EQ(TombstonePaths(snap->state), (std::vector<std::string>{"y"}));
  // Before the checkpoint, the JSON commits alone reconstruct the table.
  auto at0 = Load(fs, 0);
  ASSERT_TRUE(at0.ok()) << at0.status().ToString();
  EXPECT_EQ(LivePaths(at0->state), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(at0->commits.size(), 1u);
}

TEST(CheckpointReaderTest, MultiPartCheckpointReadsEveryPart) {
  io::InMemoryFileSystem fs;
  std::vector<std::vector<Action>> parts = {{MakeMetadata(), MakeAdd("a")},
                                            {MakeAdd("b"), MakeRemove("z")},
                                            {MakeAdd("c"), MakeProtocol()}};
  for (size_t i = 0; i < parts.size(); ++i) {
    CheckpointWriter w;
    for (const Action& a : parts[i]) ASSERT_TRUE(w.Append(a).ok());
    std::string part = std::to_string(i + 1);
    ASSERT_TRUE(w.WriteTo(fs, kLog + V(4) + ".checkpoint." + std::string(10 - part.size(), '0') +
                                  part + ".0000000003.parquet")
                    .ok());
  }
  fs.Put(kLog + V(5) + ".json", AddJson("d"));
  // An incomplete multi-part checkpoint at 5 (2 of 3 parts) must be ignored.
  CheckpointWriter junk;
  ASSERT_TRUE(junk.Append(MakeAdd("junk")).ok());
  ASSERT_TRUE(junk.WriteTo(fs, kLog + V(5) + ".checkpoint.0000000001.0000000003.parquet").ok());
  fs.Put(kLog + V(5) + ".checkpoint.0000000002.0000000003.parquet", "not parquet");

  CheckpointReadStats stats;
  auto segment_parts = BuildLogSegment(
      std::vector<LogFileInfo>{{V(4) + ".checkpoint.0000000001.0000000003.parquet", 0, 0},
                               {V(4) + ".checkpoint.0000000002.0000000003.parquet", 0, 0},
                               {V(4) + ".checkpoint.0000000003.0000000003.parquet", 0, 0}},
      4, std::nullopt);
  ASSERT_TRUE(segment_parts.ok()) << segment_parts.status().ToString();
  auto actions = ReadCheckpoint(fs, kRoot, segment_parts->checkpoint_parts, &stats);
  ASSERT_TRUE(actions.ok()) << actions.status().ToString();
  EXPECT_EQ(actions->size(), 6u);
  EXPECT_EQ(stats.files_read, 3);

  auto snap = Load(fs);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->state.version, 5);
  EXPECT_EQ(LivePaths(snap->state), (std::vector<std::string>{"a", "b", "c", "d"}));
}

// Writes a sidecar Parquet file of file actions under `path`.
void WriteSidecar(io::InMemoryFileSystem& fs, const std::string& path,
                  const std::vector<Action>& actions) {
  CheckpointLayout layout;
  layout.file_actions_only = true;
  CheckpointWriter w(layout);
  for (const Action& a : actions) ASSERT_TRUE(w.Append(a).ok());
  ASSERT_TRUE(w.WriteTo(fs, path).ok());
}

Sidecar MakeSidecar(const std::string& path) {
  Sidecar s;
  s.path = path;
  s.size_in_bytes = 1;
  s.modification_time = 1;
  return s;
}

Protocol V2Protocol() {
  Protocol p = MakeProtocol(3, 7);
  p.reader_features = std::vector<std::string>{"v2Checkpoint"};
  p.writer_features = std::vector<std::string>{"v2Checkpoint"};
  return p;
}

TEST(CheckpointReaderTest, V2JsonCheckpointWithSidecars) {
  io::InMemoryFileSystem fs;
  WriteSidecar(fs, "/t/_delta_log/_sidecars/one.parquet", {MakeAdd("a"), MakeRemove("gone")});
  WriteSidecar(fs, "/t/_delta_log/_sidecars/with space.parquet", {MakeAdd("b")});
  WriteSidecar(fs, "/t/_delta_log/_sidecars/abs.parquet", {MakeAdd("c")});
  std::string checkpoint =
      "{\"checkpointMetadata\":{\"version\":3,\"tags\":{}}}\n"
      "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":["
      "\"v2Checkpoint\"],\"writerFeatures\":[\"v2Checkpoint\"]}}\n" +
      MetadataJson() +
      "{\"sidecar\":{\"path\":\"one.parquet\",\"sizeInBytes\":1,\"modificationTime\":1}}\n"
      "{\"sidecar\":{\"path\":\"with%20space.parquet\",\"sizeInBytes\":1,"
      "\"modificationTime\":1}}\n"
      "{\"sidecar\":{\"path\":\"file:///t/_delta_log/_sidecars/abs.parquet\",\"sizeInBytes\":1,"
      "\"modificationTime\":1}}\n";
  fs.Put(kLog + V(3) + ".checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json", checkpoint);
  fs.Put(kLog + V(4) + ".json", AddJson("d"));
  auto snap = Load(fs);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->state.version, 4);
  EXPECT_EQ(LivePaths(snap->state), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(TombstonePaths(snap->state), (std::vector<std::string>{"gone"}));
  EXPECT_EQ(snap->state.protocol, V2Protocol());
}

TEST(CheckpointReaderTest, V2ParquetCheckpointWithSidecars) {
  io::InMemoryFileSystem fs;
  WriteSidecar(fs, "/t/_delta_log/_sidecars/s1.parquet", {MakeAdd("a"), MakeAdd("b")});
  WriteSidecar(fs, "/t/_delta_log/_sidecars/s2.parquet", {MakeAdd("c")});
  CheckpointWriter w;
  CheckpointMetadata cm;
  cm.version = 2;
  for (const Action& a :
       std::vector<Action>{cm, V2Protocol(), MakeMetadata(), MakeSidecar("s1.parquet"),
                           MakeSidecar("s2.parquet"), MakeSidecar("./s1.parquet")}) {
    ASSERT_TRUE(w.Append(a).ok());
  }
  std::string name = V(2) + ".checkpoint.0a8d73ee-aa83-49d0-9583-c99db75b89b2.parquet";
  ASSERT_TRUE(w.WriteTo(fs, kLog + name).ok());
  CheckpointReadStats stats;
  LogFile part;
  part.info.name = name;
  part.kind = LogFileKind::kV2Checkpoint;
  part.version = 2;
  auto actions = ReadCheckpoint(fs, kRoot, {part}, &stats);
  ASSERT_TRUE(actions.ok()) << actions.status().ToString();
  EXPECT_EQ(stats.sidecars_read, 2);  // s1.parquet is listed twice but read once
  EXPECT_EQ(stats.files_read, 3);
  auto snap = Load(fs);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(LivePaths(snap->state), (std::vector<std::string>{"a", "b", "c"}));

  // checkpointMetadata naming another version is corrupt.
  CheckpointWriter bad;
  cm.version = 7;
  for (const Action& a : std::vector<Action>{cm, V2Protocol(), MakeMetadata()}) {
    ASSERT_TRUE(bad.Append(a).ok());
  }
  ASSERT_TRUE(bad.WriteTo(fs, kLog + name).ok());
  EXPECT_EQ(Load(fs).status().code(), StatusCode::kCorrupt);
}

TEST(CheckpointReaderTest, SidecarPathsOutsideTheTableAreCorrupt) {
  EXPECT_EQ(*ResolveSidecarPath("/t", "a.parquet"), "/t/_delta_log/_sidecars/a.parquet");
  EXPECT_EQ(*ResolveSidecarPath("/t/", "a%20b.parquet"), "/t/_delta_log/_sidecars/a b.parquet");
  EXPECT_EQ(*ResolveSidecarPath("file:///t", "/t/_delta_log/_sidecars/a.parquet"),
            "/t/_delta_log/_sidecars/a.parquet");
  EXPECT_EQ(*ResolveSidecarPath("rel/t", "a.parquet"), "rel/t/_delta_log/_sidecars/a.parquet");
  // Inside the table root but outside _sidecars is tolerated (still the table's own files).
  EXPECT_TRUE(ResolveSidecarPath("/t", "../x.parquet").ok());
  for (const char* p : {"../../../etc/passwd", "%2E%2E/%2E%2E/%2E%2E/x.parquet", "/etc/passwd",
                        "file:///other/x.parquet", "s3://bucket/x.parquet", "", "bad%zz"}) {
    EXPECT_EQ(ResolveSidecarPath("/t", p).status().code(), StatusCode::kCorrupt) << p;
  }
  EXPECT_EQ(ResolveSidecarPath("rel/t", "/abs/x.parquet").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(ResolveSidecarPath("rel/t", "../../../x.parquet").status().code(),
            StatusCode::kCorrupt);

  io::InMemoryFileSystem fs;
  WriteSidecar(fs, "/secret.parquet", {MakeAdd("stolen")});
  fs.Put(kLog + V(0) + ".checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json",
         "{\"checkpointMetadata\":{\"version\":0}}\n" + ProtocolJson() + MetadataJson() +
             "{\"sidecar\":{\"path\":\"../../../secret.parquet\",\"sizeInBytes\":1,"
             "\"modificationTime\":1}}\n");
  auto snap = Load(fs);
  ASSERT_EQ(snap.status().code(), StatusCode::kCorrupt) << snap.status().ToString();
  EXPECT_NE(snap.status().ToString().find("secret.parquet"), std::string::npos);
}

TEST(CheckpointReaderTest, MissingSidecarIsAnIoErrorNamingIt) {
  io::InMemoryFileSystem fs;
  fs.Put(kLog + V(0) + ".checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json",
         "{\"checkpointMetadata\":{\"version\":0}}\n" + ProtocolJson() + MetadataJson() +
             "{\"sidecar\":{\"path\":\"nowhere.parquet\",\"sizeInBytes\":1,"
             "\"modificationTime\":1}}\n");
  auto snap = Load(fs);
  ASSERT_EQ(snap.status().code(), StatusCode::kIO) << snap.status().ToString();
  EXPECT_NE(snap.status().ToString().find("nowhere.parquet"), std::string::npos);
}

TEST(CheckpointReaderTest, CheckpointWithoutProtocolOrMetadataIsCorrupt) {
  for (bool drop_protocol : {true, false}) {
    io::InMemoryFileSystem fs;
    CheckpointWriter w;
    const Action kept = drop_protocol ? Action(MakeMetadata()) : Action(MakeProtocol());
    ASSERT_TRUE(w.Append(kept).ok());
    ASSERT_TRUE(w.Append(MakeAdd("a")).ok());
    ASSERT_TRUE(w.WriteTo(fs, kLog + V(1) + ".checkpoint.parquet").ok());
    // A later commit restating both does not make the checkpoint valid.
    fs.Put(kLog + V(2) + ".json", ProtocolJson() + MetadataJson());
    auto snap = Load(fs);
    ASSERT_EQ(snap.status().code(), StatusCode::kCorrupt) << snap.status().ToString();
    EXPECT_NE(snap.status().message().find(drop_protocol ? "no protocol" : "no metaData"),
              std::string::npos)
        << snap.status().ToString();
  }
}

TEST(CheckpointReaderTest, TruncatedAndGarbageCheckpointsAreCorrupt) {
  io::InMemoryFileSystem source;
  ASSERT_TRUE(WriteClassicCheckpoint(source).ok());
  auto file = source.OpenForRead(kLog + V(2) + ".checkpoint.parquet");
  ASSERT_TRUE(file.ok());
  int64_t size = *(*file)->Size();
  auto bytes_buf = (*file)->ReadAt(0, size);
  ASSERT_TRUE(bytes_buf.ok());
  std::string bytes(reinterpret_cast<const char*>((*bytes_buf)->data()), static_cast<size_t>(size));

  for (std::string broken : {bytes.substr(0, bytes.size() / 2), bytes.substr(0, 3), std::string(),
                             std::string(5000, 'x'), "PAR1" + std::string(100, '\0') + "PAR1"}) {
    io::InMemoryFileSystem fs;
    fs.Put(kLog + V(2) + ".checkpoint.parquet", broken);
    auto snap = Load(fs);
    ASSERT_FALSE(snap.ok());
    EXPECT_EQ(snap.status().code(), StatusCode::kCorrupt) << snap.status().ToString();
    EXPECT_NE(snap.status().ToString().find(V(2) + ".checkpoint.parquet"), std::string::npos)
        << snap.status().ToString();
  }

  // Mutated bytes never crash: every load either succeeds or reports an error.
  std::mt19937 rng(42);
  int failures = 0;
  for (int i = 0; i < 300; ++i) {
    std::string mutated = bytes;
    for (int k = 0; k < 4; ++k) {
      mutated[rng() % mutated.size()] = static_cast<char>(rng() & 0xff);
    }
    io::InMemoryFileSystem fs;
    fs.Put(kLog + V(2) + ".checkpoint.parquet", mutated);
    failures += !Load(fs).ok();
  }
  EXPECT_GT(failures, 0);
}

TEST(CheckpointReaderTest, AllNullRowsAndAbsentColumns) {
  io::InMemoryFileSystem fs;
  CheckpointLayout layout;
  layout.add_stats = false;
  layout.v2_columns = false;
  CheckpointWriter w(layout);
  ASSERT_TRUE(w.AppendEmptyRow().ok());
  ASSERT_TRUE(w.Append(MakeProtocol()).ok());
  ASSERT_TRUE(w.AppendEmptyRow().ok());
  ASSERT_TRUE(w.Append(MakeMetadata()).ok());
  ASSERT_TRUE(w.Append(MakeAdd("a")).ok());
  ASSERT_TRUE(w.WriteTo(fs, kLog + V(0) + ".checkpoint.parquet").ok());
  auto snap = Load(fs);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_EQ(snap->state.adds.size(), 1u);
  EXPECT_FALSE(snap->state.adds[0].stats.has_value());  // no stats column at all
}

TEST(CheckpointReaderTest, MissingRequiredFieldIsCorruptNamingIt) {
  CheckpointWriter w;
  ASSERT_TRUE(w.Append(MakeProtocol()).ok());
  auto batch = w.Finish();
  ASSERT_TRUE(batch.ok());
  // Null out protocol.minReaderVersion by replacing the column with one built that way.
  auto type = (*batch)->schema()->field(4)->type;
  ASSERT_EQ((*batch)->schema()->field(4)->name, "protocol");
  ArrayBuilder b(type);
  ASSERT_TRUE(b.AppendStructValid().ok());
  ASSERT_TRUE(b.child(0)->AppendNull().ok());
  ASSERT_TRUE(b.child(1)->Append<int32_t>(2).ok());
  ASSERT_TRUE(b.child(2)->AppendNull().ok());
  ASSERT_TRUE(b.child(3)->AppendNull().ok());
  auto protocol = b.Finish();
  ASSERT_TRUE(protocol.ok());
  auto columns = (*batch)->columns();
  columns[4] = *protocol;
  RecordBatch patched((*batch)->schema(), 1, columns);
  std::vector<Action> out;
  Status st = AppendCheckpointActions(patched, &out, 41);
  EXPECT_EQ(st.code(), StatusCode::kCorrupt);
  EXPECT_NE(st.message().find("protocol.minReaderVersion"), std::string::npos) << st.ToString();
  EXPECT_NE(st.message().find("row 41"), std::string::npos) << st.ToString();

  // A column of the wrong type is Corrupt too.
  auto bad_schema = std::make_shared<Schema>(std::vector<FieldPtr>{field("add", int64())});
  auto ints = MakeArray<int64_t>(int64(), {1});
  RecordBatch wrong(bad_schema, 1, {*ints});
  EXPECT_EQ(AppendCheckpointActions(wrong, &out).code(), StatusCode::kCorrupt);
}

// stats_parsed with every kind of leaf Delta writes, rendered to JSON and read back.
TEST(CheckpointReaderTest, ParsedStatsRoundTripThroughParseFileStats) {
  auto values_type = struct_(
      {field("i8", int8()), field("i16", int16()), field("i32", int32()), field("i64", int64()),
       field("f32", float32()), field("f64", float64()), field("d64", decimal64(10, 3)),
       field("d128", decimal128(30, 5)), field("day", date32()),
       field("ts", timestamp(TimeUnit::kMicro, "UTC")), field("ntz", timestamp(TimeUnit::kMicro)),
       field("s", utf8()), field("flag", boolean()), field("bin", binary()),
       field("nested", struct_({field("x", int32())}))});
  auto counts_i64 = struct_({field("i64", int64()), field("s", int64()),
                             field("nested", struct_({field("x", int64())}))});
  auto stats_type = struct_({field("numRecords", int64()), field("minValues", values_type),
                             field("maxValues", values_type), field("nullCount", counts_i64),
                             field("tightBounds", boolean())});
  ArrayBuilder b(stats_type);
  ASSERT_TRUE(b.AppendStructValid().ok());
  ASSERT_TRUE(b.child(0)->Append<int64_t>(1000).ok());
  const int64_t ts = 1609459200123456;  // 2021-01-01T00:00:00.123456Z
  const int64_t old_ts = -1;            // 1969-12-31T23:59:59.999999Z
  for (int side = 1; side <= 2; ++side) {
    ArrayBuilder* v = b.child(side);
    ASSERT_TRUE(v->AppendStructValid().ok());
    ASSERT_TRUE(v->child(0)->Append<int8_t>(-8).ok());
    ASSERT_TRUE(v->child(1)->Append<int16_t>(1600).ok());
    ASSERT_TRUE(v->child(2)->Append<int32_t>(-32).ok());
    ASSERT_TRUE(v->child(3)->Append<int64_t>(int64_t{1} << 60).ok());
    ASSERT_TRUE(v->child(4)->Append<float>(0.1f).ok());
    ASSERT_TRUE(v->child(5)->Append<double>(side == 1 ? -2.5e-300 : INFINITY).ok());
    ASSERT_TRUE(v->child(6)->Append<int64_t>(-12345).ok());  // -12.345
    ASSERT_TRUE(v->child(7)->Append<__int128>(__int128{1} << 80).ok());
    ASSERT_TRUE(v->child(8)->Append<int32_t>(-719162).ok());  // 0001-01-01
    ASSERT_TRUE(v->child(9)->Append<int64_t>(side == 1 ? old_ts : ts).ok());
    ASSERT_TRUE(v->child(10)->Append<int64_t>(ts).ok());
    ASSERT_TRUE(v->child(11)->AppendString(side == 1 ? "a\"b\\c\n\x01 ü" : "zz").ok());
    ASSERT_TRUE(v->child(12)->AppendBool(side == 2).ok());
    ASSERT_TRUE(v->child(13)->AppendString("\xff").ok());
    ASSERT_TRUE(v->child(14)->AppendStructValid().ok());
    ASSERT_TRUE(v->child(14)->child(0)->Append<int32_t>(side).ok());
  }
  ArrayBuilder* nc = b.child(3);
  ASSERT_TRUE(nc->AppendStructValid().ok());
  ASSERT_TRUE(nc->child(0)->Append<int64_t>(0).ok());
  ASSERT_TRUE(nc->child(1)->AppendNull().ok());
  ASSERT_TRUE(nc->child(2)->AppendStructValid().ok());
  ASSERT_TRUE(nc->child(2)->child(0)->Append<int64_t>(3).ok());
  ASSERT_TRUE(b.child(4)->AppendBool(false).ok());
  auto array = b.Finish();
  ASSERT_TRUE(array.ok());

  std::string json;
  ASSERT_TRUE(AppendParsedStatsJson(**array, 0, &json).ok());
  EXPECT_NE(json.find("\"ts\":\"2021-01-01T00:00:00.123Z\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"ts\":\"1969-12-31T23:59:59.999Z\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"ntz\":\"2021-01-01T00:00:00.123\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"day\":\"0001-01-01\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"d64\":-12.345"), std::string::npos) << json;
  EXPECT_NE(json.find("\"f64\":\"Infinity\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"s\":\"a\\\"b\\\\c\\n\\u0001 ü\""), std::string::npos) << json;
  EXPECT_EQ(json.find("bin"), std::string::npos) << json;  // binary bounds are left out
  EXPECT_NE(json.find("\"tightBounds\":false"), std::string::npos) << json;

  auto schema = ParseDeltaSchema(
      "{\"type\":\"struct\",\"fields\":["
      "{\"name\":\"i8\",\"type\":\"byte\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"i16\",\"type\":\"short\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"i32\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"i64\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"f32\",\"type\":\"float\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"f64\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"d64\",\"type\":\"decimal(10,3)\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"d128\",\"type\":\"decimal(30,5)\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"day\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"ts\",\"type\":\"timestamp\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"ntz\",\"type\":\"timestamp_ntz\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"s\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"flag\",\"type\":\"boolean\",\"nullable\":true,\"metadata\":{}},"
      "{\"name\":\"nested\",\"type\":{\"type\":\"struct\",\"fields\":[{\"name\":\"x\","
      "\"type\":\"integer\",\"nullable\":true,\"metadata\":{}}]},\"nullable\":true,"
      "\"metadata\":{}}]}");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  auto stats = ParseFileStats(json, **schema);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString() << "\n" << json;
  EXPECT_EQ(stats->skipped_values, 0) << json;
  EXPECT_EQ(stats->num_records, std::optional<int64_t>(1000));
  EXPECT_EQ(stats->tight_bounds, std::optional<bool>(false));
  auto min_of = [&](const std::string& c) { return stats->Find({c})->min; };
  auto max_of = [&](const std::string& c) { return stats->Find({c})->max; };
  auto scalar = [](const DataTypePtr& type, const char* text) { return *ParseScalar(text, type); };
  const auto& f = (*schema)->fields();
  auto type_of = [&](const std::string& c) {
    for (const auto& x : f) {
      if (x->name == c) return x->type;
    }
    return DataTypePtr();
  };
  EXPECT_TRUE(min_of("i8")->Equals(scalar(type_of("i8"), "-8")));
  EXPECT_TRUE(min_of("i16")->Equals(scalar(type_of("i16"), "1600")));
  EXPECT_TRUE(min_of("i32")->Equals(scalar(type_of("i32"), "-32")));
  EXPECT_TRUE(min_of("i64")->Equals(scalar(type_of("i64"), "1152921504606846976")));
  EXPECT_TRUE(min_of("f32")->Equals(scalar(type_of("f32"), "0.1")));
  EXPECT_TRUE(min_of("f64")->Equals(scalar(type_of("f64"), "-2.5e-300")));
  EXPECT_TRUE(max_of("f64")->Equals(scalar(type_of("f64"), "inf")));
  EXPECT_TRUE(min_of("d64")->Equals(scalar(type_of("d64"), "-12.345")));
  EXPECT_TRUE(min_of("d128")->Equals(scalar(type_of("d128"), "12089258196146291747.06176")));
  EXPECT_TRUE(min_of("day")->Equals(scalar(type_of("day"), "0001-01-01")));
  EXPECT_TRUE(min_of("ts")->Equals(scalar(type_of("ts"), "1969-12-31T23:59:59.999Z")));
  EXPECT_TRUE(max_of("ts")->Equals(scalar(type_of("ts"), "2021-01-01T00:00:00.123Z")));
  EXPECT_TRUE(stats->Find({"ts"})->max_truncated_to_millis);
  EXPECT_TRUE(min_of("ntz")->Equals(scalar(type_of("ntz"), "2021-01-01 00:00:00.123")));
  EXPECT_TRUE(min_of("s")->Equals(scalar(type_of("s"), "a\"b\\c\n\x01 ü")));
  EXPECT_TRUE(max_of("s")->Equals(scalar(type_of("s"), "zz")));
  EXPECT_TRUE(min_of("flag")->Equals(scalar(type_of("flag"), "false")));
  EXPECT_TRUE(max_of("flag")->Equals(scalar(type_of("flag"), "true")));
  EXPECT_TRUE(stats->Find({"nested", "x"})->max->Equals(Scalar(int32(), int64_t{2})));
  EXPECT_EQ(stats->Find({"nested", "x"})->null_count, std::optional<int64_t>(3));
  EXPECT_EQ(stats->Find({"i64"})->null_count, std::optional<int64_t>(0));
  EXPECT_EQ(stats->Find({"s"})->null_count, std::nullopt);
}

TEST(CheckpointReaderTest, ParsedPartitionValuesRoundTrip) {
  auto type = struct_({field("i", int32()), field("s", utf8()), field("d", date32()),
                       field("ts", timestamp(TimeUnit::kMicro, "UTC")),
                       field("ntz", timestamp(TimeUnit::kMicro)), field("dec", decimal64(9, 2)),
                       field("b", boolean()), field("f", float64()), field("none", int64())});
  ArrayBuilder b(type);
  ASSERT_TRUE(b.AppendStructValid().ok());
  ASSERT_TRUE(b.child(0)->Append<int32_t>(-7).ok());
  ASSERT_TRUE(b.child(1)->AppendString("a b/c=d").ok());
  ASSERT_TRUE(b.child(2)->Append<int32_t>(18628).ok());  // 2021-01-01
  ASSERT_TRUE(b.child(3)->Append<int64_t>(1609459200000001).ok());
  ASSERT_TRUE(b.child(4)->Append<int64_t>(1609459200000000).ok());
  ASSERT_TRUE(b.child(5)->Append<int64_t>(12345).ok());
  ASSERT_TRUE(b.child(6)->AppendBool(true).ok());
  ASSERT_TRUE(b.child(7)->Append<double>(0.25).ok());
  ASSERT_TRUE(b.child(8)->AppendNull().ok());
  auto array = b.Finish();
  ASSERT_TRUE(array.ok());
  auto values = RenderParsedPartitionValues(**array, 0);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ(values->at("i"), "-7");
  EXPECT_EQ(values->at("s"), "a b/c=d");
  EXPECT_EQ(values->at("d"), "2021-01-01");
  EXPECT_EQ(values->at("ts"), "2021-01-01 00:00:00.000001Z");
  EXPECT_EQ(values->at("ntz"), "2021-01-01 00:00:00");
  EXPECT_EQ(values->at("dec"), "123.45");
  EXPECT_EQ(values->at("b"), "true");
  EXPECT_EQ(values->at("f"), "0.25");
  EXPECT_EQ(values->at("none"), std::nullopt);
  // Each string reads back (partition_values.h) as the value it came from.
  for (const auto& f : type->children()) {
    const auto& text = values->at(f->name);
    auto scalar =
        ParsePartitionValue(text ? std::optional<std::string_view>(*text) : std::nullopt, f->type);
    ASSERT_TRUE(scalar.ok()) << f->name << ": " << scalar.status().ToString();
  }
  EXPECT_TRUE(ParsePartitionValue(values->at("ts"), timestamp(TimeUnit::kMicro, "UTC"))
                  ->Equals(Scalar(timestamp(TimeUnit::kMicro, "UTC"), int64_t{1609459200000001})));

  // Through a checkpoint: the empty string map is filled from the typed struct.
  io::InMemoryFileSystem fs;
  CheckpointLayout layout;
  layout.partition_values_parsed = struct_({field("p", int32())});
  CheckpointWriter w(layout);
  ASSERT_TRUE(w.Append(MakeProtocol()).ok());
  ASSERT_TRUE(w.Append(MakeMetadata()).ok());
  ASSERT_TRUE(w.AppendAdd(MakeAdd("a"), nullptr, [](ArrayBuilder* p) {
                 SILT_RETURN_NOT_OK(p->AppendStructValid());
                 return p->child(0)->Append<int32_t>(42);
               }).ok());
  Add keeps = MakeAdd("b");
  keeps.partition_values["p"] = "7";  // a non-empty map wins over the struct
  ASSERT_TRUE(w.AppendAdd(keeps, nullptr, [](ArrayBuilder* p) {
                 SILT_RETURN_NOT_OK(p->AppendStructValid());
                 return p->child(0)->AppendNull();
               }).ok());
  ASSERT_TRUE(w.WriteTo(fs, kLog + V(0) + ".checkpoint.parquet").ok());
  auto snap = Load(fs);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_EQ(snap->state.adds.size(), 2u);
  EXPECT_EQ(snap->state.adds[0].partition_values, (PartitionValues{{"p", "42"}}));
  EXPECT_EQ(snap->state.adds[1].partition_values, (PartitionValues{{"p", "7"}}));
}

TEST(CheckpointReaderTest, StatsParsedFillsMissingStatsOnly) {
  io::InMemoryFileSystem fs;
  CheckpointLayout layout;
  layout.stats_parsed = struct_({field("numRecords", int64())});
  CheckpointWriter w(layout);
  ASSERT_TRUE(w.Append(MakeProtocol()).ok());
  ASSERT_TRUE(w.Append(MakeMetadata()).ok());
  auto fill = [](int64_t n) {
    return [n](ArrayBuilder* s) {
      SILT_RETURN_NOT_OK(s->AppendStructValid());
      return s->child(0)->Append<int64_t>(n);
    };
  };
  Add no_json = MakeAdd("a");
  no_json.stats.reset();
  ASSERT_TRUE(w.AppendAdd(no_json, fill(5), nullptr).ok());
  ASSERT_TRUE(w.AppendAdd(MakeAdd("b", 100, 10), fill(99), nullptr).ok());  // JSON wins
  Add neither = MakeAdd("c");
  neither.stats.reset();
  ASSERT_TRUE(w.AppendAdd(neither, nullptr, nullptr).ok());
  ASSERT_TRUE(w.WriteTo(fs, kLog + V(0) + ".checkpoint.parquet").ok());
  auto snap = Load(fs);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_EQ(snap->state.adds.size(), 3u);
  EXPECT_EQ(snap->state.adds[0].stats, std::optional<std::string>("{\"numRecords\":5}"));
  EXPECT_EQ(snap->state.adds[1].stats, std::optional<std::string>("{\"numRecords\":10}"));
  EXPECT_EQ(snap->state.adds[2].stats, std::nullopt);
}

// With JSON stats on every add, stats_parsed is not even decoded; add is regrouped from
// its projected fields.
TEST(CheckpointReaderTest, StatsParsedIsSkippedWhenEveryAddHasJsonStats) {
  io::InMemoryFileSystem fs;
  CheckpointLayout layout;
  layout.stats_parsed = struct_({field("numRecords", int64())});
  layout.partition_values_parsed = struct_({field("p", utf8())});
  CheckpointWriter w(layout);
  ASSERT_TRUE(w.Append(MakeProtocol()).ok());
  ASSERT_TRUE(w.Append(MakeMetadata()).ok());
  ASSERT_TRUE(w.Append(MakeRemove("r")).ok());
  auto fill = [](ArrayBuilder* s) {
    SILT_RETURN_NOT_OK(s->AppendStructValid());
    return s->child(0)->Append<int64_t>(99);
  };
  Add a = MakeAdd("a", 100, 10);
  a.partition_values["p"] = "x";
  a.tags = StringMap{{"k", "v"}};
  ASSERT_TRUE(w.AppendAdd(a, fill, nullptr).ok());
  ASSERT_TRUE(w.AppendEmptyRow().ok());
  Add b = MakeAdd("b", 200, 20);
  b.deletion_vector = DeletionVectorDescriptor{"u", "ab^-aqEH.-t@S}K{vb[*k^", 1, 36, 2};
  ASSERT_TRUE(w.AppendAdd(b, fill, [](ArrayBuilder* p) {
                 SILT_RETURN_NOT_OK(p->AppendStructValid());
                 return p->child(0)->AppendString("y");
               }).ok());
  ASSERT_TRUE(w.WriteTo(fs, kLog + V(0) + ".checkpoint.parquet").ok());
  LogFile part;
  part.info.name = V(0) + ".checkpoint.parquet";
  part.kind = LogFileKind::kCheckpoint;
  CheckpointReadStats stats;
  auto actions = ReadCheckpoint(fs, kRoot, {part}, &stats);
  ASSERT_TRUE(actions.ok()) << actions.status().ToString();
  EXPECT_EQ(stats.stats_parsed_skipped, 1);
  ASSERT_EQ(actions->size(), 5u);
  EXPECT_EQ(std::get<Add>((*actions)[3]), a);
  Add b_read = b;
  b_read.partition_values = {{"p", "y"}};  // the empty map was filled from the struct
  EXPECT_EQ(std::get<Add>((*actions)[4]), b_read);
  EXPECT_EQ(std::get<Remove>((*actions)[2]), MakeRemove("r"));
}

std::string Checksum(int64_t files, int64_t bytes, const std::string& id) {
  return "{\"tableSizeBytes\":" + std::to_string(bytes) + ",\"numFiles\":" + std::to_string(files) +
         ",\"numMetadata\":1,\"numProtocol\":1,\"protocol\":{\"minReaderVersion\":1,"
         "\"minWriterVersion\":2},\"metadata\":" +
         MetadataJson(id).substr(12, MetadataJson(id).size() - 12 - 2) + "}";
}

TEST(CheckpointReaderTest, VersionChecksumMismatchIsCorruptNamingTheField) {
  struct Case {
    std::string crc;
    const char* field;  // nullptr: agrees
    bool fatal;         // counts only warn: the log is the source of truth
  };
  const Case cases[] = {
      {Checksum(3, 400, "table-id"), nullptr, false},
      {Checksum(2, 400, "table-id"), "numFiles", false},
      {Checksum(3, 401, "table-id"), "tableSizeBytes", false},
      {Checksum(3, 400, "other-id"), "metadata.id", true},
  };
  for (const Case& c : cases) {
    io::InMemoryFileSystem fs;
    ASSERT_TRUE(WriteClassicCheckpoint(fs, 2).ok());  // b (100 bytes), c (200 bytes)
    fs.Put(kLog + V(3) + ".json", AddJson("d", 100));
    fs.Put(kLog + V(3) + ".crc", c.crc);
    auto snap = Load(fs);
    if (c.field == nullptr) {
      ASSERT_TRUE(snap.ok()) << snap.status().ToString() << "\n" << c.crc;
      EXPECT_TRUE(snap->warnings.empty());
      continue;
    }
    if (!c.fatal) {
      ASSERT_TRUE(snap.ok()) << snap.status().ToString();
      ASSERT_EQ(snap->warnings.size(), 1u);
      EXPECT_NE(snap->warnings[0].find(c.field), std::string::npos) << snap->warnings[0];
      continue;
    }
    ASSERT_EQ(snap.status().code(), StatusCode::kCorrupt) << c.field;
    EXPECT_NE(snap.status().message().find(c.field), std::string::npos) << snap.status().ToString();
    EXPECT_NE(snap.status().ToString().find(V(3) + ".crc"), std::string::npos);
    // Versions without a checksum are not affected.
    EXPECT_TRUE(Load(fs, 2).ok());
  }
  // The protocol is compared too, feature lists as sets.
  TableState state;
  state.protocol = V2Protocol();
  state.protocol.writer_features->push_back("appendOnly");
  VersionChecksum crc;
  crc.protocol = state.protocol;
  std::reverse(crc.protocol->writer_features->begin(), crc.protocol->writer_features->end());
  EXPECT_TRUE(CheckVersionChecksum(crc, state).ok());
  crc.protocol->reader_features->push_back("deletionVectors");
  EXPECT_NE(CheckVersionChecksum(crc, state).message().find("readerFeatures"), std::string::npos);
  crc.protocol = MakeProtocol(1, 2);
  EXPECT_NE(CheckVersionChecksum(crc, state).message().find("protocol"), std::string::npos);
}

TEST(CheckpointReaderTest, TimestampTravelReachesCommitsBeforeTheCheckpoint) {
  io::InMemoryFileSystem fs;
  // In-commit timestamps (the in-memory file system has no modification times).
  const std::string protocol =
      "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,\"writerFeatures\":["
      "\"inCommitTimestamp\"]}}\n";
  std::string metadata = MetadataJson();
  metadata.replace(metadata.find("\"configuration\":{}"), 18,
                   "\"configuration\":{\"delta.enableInCommitTimestamps\":\"true\"}");
  auto info = [](int64_t ts) {
    return "{\"commitInfo\":{\"inCommitTimestamp\":" + std::to_string(ts) + "}}\n";
  };
  fs.Put(kLog + V(0) + ".json", info(1000) + protocol + metadata + AddJson("a"));
  fs.Put(kLog + V(1) + ".json", info(2000) + AddJson("b"));
  fs.Put(kLog + V(2) + ".json", info(3000) + AddJson("c"));
  fs.Put(kLog + V(3) + ".json", info(4000) + AddJson("d"));
  CheckpointWriter w;
  Protocol p = MakeProtocol(1, 7);
  p.writer_features = std::vector<std::string>{"inCommitTimestamp"};
  Metadata m = MakeMetadata();
  m.configuration["delta.enableInCommitTimestamps"] = "true";
  for (const Action& a : std::vector<Action>{p, m, MakeAdd("a"), MakeAdd("b"), MakeAdd("c")}) {
    ASSERT_TRUE(w.Append(a).ok());
  }
  ASSERT_TRUE(w.WriteTo(fs, kLog + V(2) + ".checkpoint.parquet").ok());
  const std::pair<const char*, int64_t> cases[] = {{"1970-01-01T00:00:01.500Z", 0},
                                                   {"1970-01-01T00:00:02Z", 1},
                                                   {"1970-01-01T00:00:03.999Z", 2},
                                                   {"1970-01-01T00:00:05Z", 3}};
  for (const auto& [ts, version] : cases) {
    auto snap = Load(fs, std::nullopt, std::string(ts));
    ASSERT_TRUE(snap.ok()) << ts << ": " << snap.status().ToString();
    EXPECT_EQ(snap->state.version, version) << ts;
    EXPECT_EQ(snap->state.adds.size(), static_cast<size_t>(version + 1)) << ts;
  }
  EXPECT_EQ(Load(fs, std::nullopt, std::string("1970-01-01T00:00:00.5Z")).status().code(),
            StatusCode::kInvalidArgument);
}

// 100,000 adds with 20-column JSON stats read back whole; with stats only as stats_parsed
// the JSON is rendered per add. (Timings: bench/delta_log.)
TEST(CheckpointReaderTest, LargeCheckpointLoadsCompletely) {
  constexpr int kFiles = 100000;
  constexpr int kColumns = 20;
  for (bool parsed_only : {false, true}) {
    io::InMemoryFileSystem fs;
    CheckpointLayout layout;
    std::vector<FieldPtr> value_fields, count_fields;
    for (int c = 0; c < kColumns; ++c) {
      value_fields.push_back(field("col_" + std::to_string(c), int64()));
      count_fields.push_back(field("col_" + std::to_string(c), int64()));
    }
    if (parsed_only) {
      layout.add_stats = false;
      layout.stats_parsed = struct_(
          {field("numRecords", int64()), field("minValues", struct_(value_fields)),
           field("maxValues", struct_(value_fields)), field("nullCount", struct_(count_fields))});
    }
    CheckpointWriter w(layout);
    ASSERT_TRUE(w.Append(MakeProtocol()).ok());
    ASSERT_TRUE(w.Append(MakeMetadata()).ok());
    std::string stats;
    for (int i = 0; i < kFiles; ++i) {
      Add a = MakeAdd("part-" + std::to_string(i) + "-c000.snappy.parquet", 1000 + i, 1000);
      if (parsed_only) {
        a.stats.reset();
        ASSERT_TRUE(w.AppendAdd(
                         a,
                         [&](ArrayBuilder* s) {
                           SILT_RETURN_NOT_OK(s->AppendStructValid());
                           SILT_RETURN_NOT_OK(s->child(0)->Append<int64_t>(1000));
                           for (int k = 1; k <= 3; ++k) {
                             SILT_RETURN_NOT_OK(s->child(k)->AppendStructValid());
                             for (int c = 0; c < kColumns; ++c) {
                               SILT_RETURN_NOT_OK(s->child(k)->child(c)->Append<int64_t>(
                                   k == 3 ? 0 : int64_t{i} * 1000 + c * (k == 1 ? 1 : 7)));
                             }
                           }
                           return Status::OK();
                         },
                         nullptr)
                        .ok());
        continue;
      }
      stats = "{\"numRecords\":1000,\"minValues\":{";
      for (int c = 0; c < kColumns; ++c) {
        stats += (c ? ",\"col_" : "\"col_") + std::to_string(c) +
                 "\":" + std::to_string(int64_t{i} * 1000 + c);
      }
      stats += "},\"maxValues\":{";
      for (int c = 0; c < kColumns; ++c) {
        stats += (c ? ",\"col_" : "\"col_") + std::to_string(c) +
                 "\":" + std::to_string(int64_t{i} * 1000 + c * 7);
      }
      stats += "},\"nullCount\":{";
      for (int c = 0; c < kColumns; ++c) {
        stats += (c ? ",\"col_" : "\"col_") + std::to_string(c) + "\":0";
      }
      stats += "}}";
      a.stats = stats;
      ASSERT_TRUE(w.Append(a).ok());
    }
    ASSERT_TRUE(w.WriteTo(fs, kLog + V(10) + ".checkpoint.parquet").ok());
    auto size = fs.Stat(kLog + V(10) + ".checkpoint.parquet");
    ASSERT_TRUE(size.ok());

    // Speed is measured by bench/delta_log (never by a timed unit test); this checks that a
    // 100k-file checkpoint reads completely and correctly.
    CheckpointReadStats read_stats;
    LogFile part;
    part.info.name = V(10) + ".checkpoint.parquet";
    part.kind = LogFileKind::kCheckpoint;
    part.version = 10;
    auto actions = ReadCheckpoint(fs, kRoot, {part}, &read_stats);
    ASSERT_TRUE(actions.ok()) << actions.status().ToString();
    EXPECT_EQ(actions->size(), static_cast<size_t>(kFiles + 2));
    actions = Result<std::vector<Action>>(std::vector<Action>{});

    auto snap = Load(fs);
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    ASSERT_EQ(snap->state.adds.size(), static_cast<size_t>(kFiles));
    const std::string& some = *snap->state.adds[5].stats;
    EXPECT_NE(some.find("\"col_19\":"), std::string::npos) << some;
  }
}

}  // namespace
}  // namespace silt::delta
