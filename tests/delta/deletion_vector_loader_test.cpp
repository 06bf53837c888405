// Deletion vector files: the loader over in-memory and fault-injecting files, and every DV of
// the real DV tables under ../shared/testdata/delta (files 'u', absolute paths 'p', inline 'i').

#include "silt/delta/engine/deletion_vector_loader.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "roaring_test_serializer.h"
#include "silt/delta/kernel/json_actions.h"
#include "silt/delta/kernel/replay.h"
#include "delta_testdata.h"

namespace silt::delta {
namespace {

namespace fs = std::filesystem;
using testing::DeltaTestData;
using testing::ReadFile;
using testing::BuildDvFile;
using testing::ContainerPolicy;
using testing::SerializePortable;

// An in-memory file system whose opened files pass through `wrap` (counting, fault injection).
class WrappingFileSystem : public io::InMemoryFileSystem {
 public:
  std::function<std::shared_ptr<io::RandomAccessFile>(std::shared_ptr<io::RandomAccessFile>)> wrap;
  int opens = 0;

  Result<std::shared_ptr<io::RandomAccessFile>> OpenForRead(const std::string& path) override {
    ++opens;
    SILT_ASSIGN_OR_RETURN(auto file, io::InMemoryFileSystem::OpenForRead(path));
    return wrap ? wrap(file) : file;
  }
};

DeletionVectorDescriptor FileDescriptor(int32_t offset, const std::string& serialized,
                                        int64_t cardinality) {
  DeletionVectorDescriptor d;
  d.storage_type = "u";
  d.path_or_inline_dv = "vBn[lx{q8@P<9BNH/isA";
  d.offset = offset;
  d.size_in_bytes = static_cast<int32_t>(serialized.size());
  d.cardinality = cardinality;
  return d;
}

std::vector<uint64_t> Range(uint64_t begin, uint64_t end, uint64_t step = 1) {
  std::vector<uint64_t> rows;
  for (uint64_t r = begin; r < end; r += step) rows.push_back(r);
  return rows;
}

struct DvFileFixture {
  std::vector<std::vector<uint64_t>> rows = {
      {0, 9}, Range(100, 200000), Range(3, 30000, 3)};  // array, runs, bitmaps
  std::vector<std::string> serialized;
  std::vector<int32_t> offsets;
  std::string file;

  explicit DvFileFixture(size_t padding = 0) {
    serialized = {SerializePortable(rows[0]), SerializePortable(rows[1], ContainerPolicy::kRuns),
                  SerializePortable(rows[2])};
    file = BuildDvFile(serialized, &offsets, padding);
  }
  DeletionVectorDescriptor Descriptor(size_t i) const {
    return FileDescriptor(offsets[i], serialized[i], static_cast<int64_t>(rows[i].size()));
  }
};

constexpr char kPath[] = "/table/deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin";

TEST(DeletionVectorLoader, ReadsEachVectorOfAFileWithOneRangedRead) {
  DvFileFixture fixture;
  WrappingFileSystem fs;
  fs.Put(kPath, fixture.file);
  std::shared_ptr<io::CountingFile> counter;
  fs.wrap = [&](std::shared_ptr<io::RandomAccessFile> f) {
    counter = std::make_shared<io::CountingFile>(f);
    return counter;
  };
  for (size_t i = 0; i < fixture.rows.size(); ++i) {
    auto dv = LoadDeletionVector(fs, kPath, fixture.Descriptor(i));
    ASSERT_TRUE(dv.ok()) << dv.status().ToString();
    EXPECT_EQ(dv->ToRowIndexes(), fixture.rows[i]);
    EXPECT_EQ(counter->reads(), 1);
    EXPECT_EQ(counter->bytes_read(),
              fixture.offsets[i] + 8 + static_cast<int64_t>(fixture.serialized[i].size()));
  }
}

TEST(DeletionVectorLoader, LargeOffsetSkipsTheBytesBefore) {
  DvFileFixture fixture(/*padding=*/100000);
  WrappingFileSystem fs;
  fs.Put(kPath, fixture.file);
  std::shared_ptr<io::CountingFile> counter;
  fs.wrap = [&](std::shared_ptr<io::RandomAccessFile> f) {
    counter = std::make_shared<io::CountingFile>(f);
    return counter;
  };
  auto dv = LoadDeletionVector(fs, kPath, fixture.Descriptor(2));
  ASSERT_TRUE(dv.ok()) << dv.status().ToString();
  EXPECT_EQ(dv->ToRowIndexes(), fixture.rows[2]);
  EXPECT_EQ(counter->reads(), 2);  // the version byte, then the record
  EXPECT_EQ(counter->bytes_read(), 1 + 8 + static_cast<int64_t>(fixture.serialized[2].size()));
}

TEST(DeletionVectorLoader, AbsentOffsetMeansRightAfterTheVersionByte) {
  DvFileFixture fixture;
  WrappingFileSystem fs;
  fs.Put(kPath, fixture.file);
  DeletionVectorDescriptor d = fixture.Descriptor(0);
  d.offset.reset();
  auto dv = LoadDeletionVector(fs, kPath, d);
  ASSERT_TRUE(dv.ok()) << dv.status().ToString();
  EXPECT_EQ(dv->ToRowIndexes(), fixture.rows[0]);
}

TEST(DeletionVectorLoader, InlineAndEmptyNeedNoFile) {
  WrappingFileSystem fs;
  const std::string bytes = SerializePortable({4, 5, 6});
  DeletionVectorDescriptor inline_dv;
  inline_dv.storage_type = "i";
  inline_dv.path_or_inline_dv = EncodeZ85(bytes);
  inline_dv.size_in_bytes = static_cast<int32_t>(bytes.size());
  inline_dv.cardinality = 3;
  auto dv = LoadDeletionVector(fs, "", inline_dv);
  ASSERT_TRUE(dv.ok()) << dv.status().ToString();
  EXPECT_EQ(dv->ToRowIndexes(), (std::vector<uint64_t>{4, 5, 6}));

  DeletionVectorDescriptor empty = FileDescriptor(1, bytes, 0);
  auto none = LoadDeletionVector(fs, "/missing.bin", empty);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(fs.opens, 0);
}

// Loads descriptor `d` from `file` and expects `code` with `needle` and the path in the text.
void ExpectLoadError(const std::string& file, const DeletionVectorDescriptor& d, StatusCode code,
                     const std::string& needle) {
  WrappingFileSystem fs;
  fs.Put(kPath, file);
  auto dv = LoadDeletionVector(fs, kPath, d);
  ASSERT_FALSE(dv.ok());
  EXPECT_EQ(dv.status().code(), code) << dv.status().ToString();
  const std::string text = dv.status().MessageWithContext();
  EXPECT_NE(text.find(needle), std::string::npos) << text;
  EXPECT_NE(text.find(kPath), std::string::npos) << text;
}

TEST(DeletionVectorLoader, CorruptFiles) {
  DvFileFixture fixture;
  const std::string& good = fixture.file;
  const DeletionVectorDescriptor d = fixture.Descriptor(1);
  const size_t data_at = static_cast<size_t>(d.offset.value()) + 4;
  const size_t crc_at = data_at + fixture.serialized[1].size();

  std::string bad = good;
  bad[0] = 2;
  ExpectLoadError(bad, d, StatusCode::kCorrupt, "version 2");
  bad = good;
  bad[data_at + 20] ^= 0x10;
  ExpectLoadError(bad, d, StatusCode::kCorrupt, "CRC-32");
  bad = good;
  bad[crc_at + 3] ^= 1;
  ExpectLoadError(bad, d, StatusCode::kCorrupt, "CRC-32");
  ExpectLoadError(good.substr(0, crc_at + 2), d, StatusCode::kCorrupt, "needs bytes");

  DeletionVectorDescriptor wrong = d;
  wrong.size_in_bytes -= 1;
  ExpectLoadError(good, wrong, StatusCode::kCorrupt, "sizeInBytes");
  wrong = d;
  wrong.cardinality += 1;
  ExpectLoadError(good, wrong, StatusCode::kCorrupt, "descriptor says");
  wrong = d;
  wrong.offset = d.offset.value() + 1;
  ExpectLoadError(good, wrong, StatusCode::kCorrupt, "sizeInBytes");
  wrong = d;
  wrong.offset = static_cast<int32_t>(good.size());
  ExpectLoadError(good, wrong, StatusCode::kCorrupt, "needs bytes");
  wrong = d;
  wrong.offset = 0;
  ExpectLoadError(good, wrong, StatusCode::kCorrupt, "at least 1");
  wrong = d;
  wrong.size_in_bytes = -8;
  ExpectLoadError(good, wrong, StatusCode::kCorrupt, "negative");
  wrong = d;
  wrong.size_in_bytes = 2'000'000'000;  // bounded by the file, never allocated
  ExpectLoadError(good, wrong, StatusCode::kCorrupt, "needs bytes");

  // A well-checksummed record whose bitmap is garbage.
  std::vector<int32_t> offsets;
  const std::string garbage = "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a";
  DeletionVectorDescriptor g = FileDescriptor(1, garbage, 1);
  ExpectLoadError(BuildDvFile({garbage}, &offsets), g, StatusCode::kCorrupt, "magic");

  DeletionVectorDescriptor unknown = d;
  unknown.storage_type = "z";
  WrappingFileSystem fs;
  EXPECT_EQ(LoadDeletionVector(fs, kPath, unknown).status().code(), StatusCode::kCorrupt);
}

TEST(DeletionVectorLoader, StorageErrorsAreIO) {
  DvFileFixture fixture;
  WrappingFileSystem fs;
  auto missing = LoadDeletionVector(fs, kPath, fixture.Descriptor(0));
  EXPECT_EQ(missing.status().code(), StatusCode::kIO);
  EXPECT_NE(missing.status().MessageWithContext().find(kPath), std::string::npos);

  fs.Put(kPath, fixture.file);
  fs.wrap = [](std::shared_ptr<io::RandomAccessFile> f) {
    auto faulty = std::make_shared<io::FaultInjectingFile>(f);
    faulty->FailReadNumber(0, /*sticky=*/true);
    return faulty;
  };
  auto failed = LoadDeletionVector(fs, kPath, fixture.Descriptor(0));
  EXPECT_EQ(failed.status().code(), StatusCode::kIO) << failed.status().ToString();
}

// --- Real tables ---------------------------------------------------------------------------

std::optional<int64_t> ManifestLiveRows(const std::string& table_root) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string text = ReadFile(DeltaTestData() / "manifest.json");
  if (parser.parse(text).get(doc) != simdjson::SUCCESS) return std::nullopt;
  for (simdjson::dom::element t : doc.get_array()) {
    std::string_view root;
    int64_t rows = 0;
    if (t["table_root"].get_string().get(root) == simdjson::SUCCESS && root == table_root &&
        t["rows_log_derived"].get_int64().get(rows) == simdjson::SUCCESS) {
      return rows;
    }
  }
  return std::nullopt;
}

int64_t NumRecords(const Add& add) {
  simdjson::dom::parser parser;
  simdjson::dom::element stats;
  int64_t n = -1;
  if (add.stats && parser.parse(*add.stats).get(stats) == simdjson::SUCCESS) {
    if (stats["numRecords"].get_int64().get(n) != simdjson::SUCCESS) n = -1;
  }
  return n;
}

std::string PercentEncode(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == '%') {
      out += "%25";
    } else if (c == ' ') {
      out += "%20";
    } else {
      out += c;
    }
  }
  return out;
}

std::string PercentDecode(const std::string& uri) {
  std::string out;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && std::isxdigit(uri[i + 1]) &&
        std::isxdigit(uri[i + 2])) {
      out += static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

// The local path of a descriptor's DV file, resolved the way a scan would.
std::string ResolveDvFile(const fs::path& table_root, const DeletionVectorDescriptor& d) {
  if (d.storage_type == "i") return "";  // inline: no file
  auto relative = DeletionVectorRelativePath(d);
  EXPECT_TRUE(relative.ok()) << relative.status().ToString();
  if (d.storage_type == "p") {
    // table-with-dv-special-char is templated (MANIFEST.md): its absolute path names a
    // folder under the table root, substituted here URI-encoded as upstream's test does.
    std::string uri = *relative;
    const std::string placeholder = "{{FOLDER_WITH_SPECIAL_CHAR}}";
    size_t at = uri.find(placeholder);
    if (at != std::string::npos) {
      fs::path folder = fs::absolute(table_root / "folder&with%special char").lexically_normal();
      uri.replace(at, placeholder.size(), PercentEncode(folder.string()));
    }
    return PercentDecode(uri);  // a file: URI, which LocalFileSystem accepts
  }
  fs::path file = table_root / *relative;
  if (!fs::exists(file)) {
    // table-with-dv-large was written by Spark in test mode, which prefixes DV file names with
    // "test%dv%prefix-" (DeltaSQLConf TEST_DV_NAME_PREFIX); no descriptor field records it.
    fs::path test_named = file.parent_path() / ("test%dv%prefix-" + file.filename().string());
    if (fs::exists(test_named)) return test_named.string();
  }
  return file.string();
}

struct DvTableResult {
  int64_t vectors_loaded = 0;
  int64_t live_rows = 0;
  std::vector<std::vector<uint64_t>> live_deleted;  // per live add with a DV
};

// Loads every DV of every add in every commit (checking cardinalities), then sums
// numRecords - deleted rows over the adds live at the latest version.
DvTableResult LoadTableDvs(const std::string& table) {
  DvTableResult result;
  const fs::path root = DeltaTestData() / table;
  std::vector<fs::path> commit_files;
  for (const auto& entry : fs::directory_iterator(root / "_delta_log")) {
    if (entry.path().extension() == ".json") commit_files.push_back(entry.path());
  }
  std::sort(commit_files.begin(), commit_files.end());
  std::vector<CommitActions> commits;
  auto local = io::LocalFileSystem();
  for (const fs::path& file : commit_files) {
    int64_t version = std::stoll(file.stem().string());
    auto actions = ParseCommitJson(ReadFile(file), version);
    EXPECT_TRUE(actions.ok()) << actions.status().ToString();
    if (!actions.ok()) return result;
    for (const Action& action : *actions) {
      const Add* add = std::get_if<Add>(&action);
      if (add == nullptr || !add->deletion_vector) continue;
      const DeletionVectorDescriptor& d = *add->deletion_vector;
      auto dv = LoadDeletionVector(*local, ResolveDvFile(root, d), d);
      EXPECT_TRUE(dv.ok()) << table << " v" << version << ": " << dv.status().ToString();
      if (!dv.ok()) continue;
      EXPECT_EQ(dv->cardinality(), d.cardinality);
      ++result.vectors_loaded;
    }
    commits.push_back({version, actions.MoveValue()});
  }
  auto state = ReplayLog({}, std::nullopt, commits);
  EXPECT_TRUE(state.ok()) << state.status().ToString();
  if (!state.ok()) return result;
  for (const Add& add : state->adds) {
    int64_t records = NumRecords(add);
    EXPECT_GE(records, 0) << table << ": " << add.path << " has no numRecords";
    int64_t deleted = 0;
    if (add.deletion_vector) {
      auto dv = LoadDeletionVector(*local, ResolveDvFile(root, *add.deletion_vector),
                                   *add.deletion_vector);
      if (!dv.ok()) continue;
      deleted = dv->cardinality();
      std::vector<uint64_t> rows = dv->ToRowIndexes();
      EXPECT_TRUE(rows.empty() || rows.back() < static_cast<uint64_t>(records))
          << table << ": " << add.path << " deletes a row past its end";
      result.live_deleted.push_back(std::move(rows));
    }
    result.live_rows += records - deleted;
  }
  return result;
}

class DvTables : public ::testing::TestWithParam<const char*> {};

TEST_P(DvTables, EveryVectorLoadsAndLiveRowsMatchTheManifest) {
  const std::string table = GetParam();
  if (!fs::exists(DeltaTestData() / table)) {
    GTEST_SKIP() << "Delta testdata not found under " << DeltaTestData();
  }
  DvTableResult result = LoadTableDvs(table);
  EXPECT_GT(result.vectors_loaded, 0);
  std::optional<int64_t> expected = ManifestLiveRows(table);
  ASSERT_TRUE(expected.has_value()) << table << " missing from manifest.json";
  EXPECT_EQ(result.live_rows, *expected);
}

INSTANTIATE_TEST_SUITE_P(SharedTestData, DvTables,
                         ::testing::Values("delta-kernel-rs/table-with-dv-small/delta",
                                           "delta/table-with-dv-large/delta",
                                           "delta/table-with-dv-special-char/delta",
                                           "delta-kernel-rs/cdf-table-with-dv/delta",
                                           "delta-kernel-rs/log-replay-dv-key-cases/delta"));

TEST(DvTablesKnownRows, SmallAndSpecialChar) {
  if (!fs::exists(DeltaTestData() / "delta-kernel-rs/table-with-dv-small")) {
    GTEST_SKIP() << "Delta testdata not found under " << DeltaTestData();
  }
  // kernel-rs: 10 rows, the first and last deleted.
  DvTableResult small = LoadTableDvs("delta-kernel-rs/table-with-dv-small/delta");
  ASSERT_EQ(small.live_deleted.size(), 1u);
  EXPECT_EQ(small.live_deleted[0], (std::vector<uint64_t>{0, 9}));
  // range(0, 10) with the even ids deleted ('p' storage).
  DvTableResult special = LoadTableDvs("delta/table-with-dv-special-char/delta");
  ASSERT_EQ(special.live_deleted.size(), 1u);
  EXPECT_EQ(special.live_deleted[0], (std::vector<uint64_t>{0, 2, 4, 6, 8}));
}

}  // namespace
}  // namespace silt::delta
