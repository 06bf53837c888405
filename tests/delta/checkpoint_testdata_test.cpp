// Checkpointed tables of ../shared/testdata/delta loaded through LoadSnapshot and compared
// with a replay of the same version from JSON commits alone (where the commits still exist)
// and with the manifest's row counts.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "silt/delta/engine/checkpoint_reader.h"
#include "silt/delta/engine/snapshot_loader.h"
#include "silt/delta/kernel/file_stats.h"
#include "silt/delta/kernel/json_actions.h"
#include "silt/delta/kernel/schema.h"
#include "delta_testdata.h"

namespace silt::delta {
namespace {

namespace fs = std::filesystem;
using testing::DeltaTestData;
using testing::ListLog;
using testing::ManifestEntry;
using testing::ReadFile;
using testing::ReadManifest;
using testing::RowsFromStats;

#define SKIP_WITHOUT_TESTDATA()                                             \
  do {                                                                      \
    if (!fs::exists(DeltaTestData() / "manifest.json")) {                   \
      GTEST_SKIP() << "Delta testdata not found under " << DeltaTestData(); \
    }                                                                       \
  } while (0)

// Replays `version` from JSON commits 0..version only; nullopt when they are not all there.
std::optional<TableState> ReplayJsonOnly(const fs::path& table_root, int64_t version) {
  fs::path log_dir = table_root / "_delta_log";
  std::vector<CommitActions> commits;
  for (int64_t v = 0; v <= version; ++v) {
    std::string digits = std::to_string(v);
    fs::path file = log_dir / (std::string(20 - digits.size(), '0') + digits + ".json");
    if (!fs::exists(file)) return std::nullopt;
    auto actions = ParseCommitJson(ReadFile(file), v);
    if (!actions.ok()) return std::nullopt;
    commits.push_back({v, actions.MoveValue()});
  }
  auto state = ReplayLog({}, std::nullopt, commits);
  if (!state.ok()) return std::nullopt;
  return state.MoveValue();
}

// The schema stats JSON is keyed by (physical names under column mapping).
SchemaPtr StatsSchema(const Metadata& metadata) {
  auto logical = ParseDeltaSchema(metadata.schema_string);
  if (!logical.ok()) return nullptr;
  auto it = metadata.configuration.find("delta.columnMapping.mode");
  auto mode = ParseColumnMappingMode(it == metadata.configuration.end() ? "" : it->second);
  if (!mode.ok()) return nullptr;
  auto physical = MakePhysicalSchema(**logical, *mode);
  return physical.ok() ? *physical : nullptr;
}

// Differences between two parsed stats documents, as text ("" when equivalent).
std::string CompareStats(const FileStats& a, const FileStats& b) {
  std::string diff;
  if (a.num_records != b.num_records) diff += " numRecords";
  if (a.tight_bounds.value_or(true) != b.tight_bounds.value_or(true)) diff += " tightBounds";
  std::set<std::vector<std::string>> paths;
  for (const auto& [p, c] : a.columns) paths.insert(p);
  for (const auto& [p, c] : b.columns) paths.insert(p);
  auto same = [](const std::optional<Scalar>& x, const std::optional<Scalar>& y) {
    if (x.has_value() != y.has_value()) return false;
    return !x.has_value() || x->Equals(*y);
  };
  for (const auto& p : paths) {
    const ColumnStats* x = a.Find(p);
    const ColumnStats* y = b.Find(p);
    ColumnStats empty;
    if (x == nullptr) x = &empty;
    if (y == nullptr) y = &empty;
    std::string name;
    for (const auto& s : p) name += (name.empty() ? "" : ".") + s;
    if (!same(x->min, y->min)) diff += " min(" + name + ")";
    if (!same(x->max, y->max)) diff += " max(" + name + ")";
    if (x->null_count != y->null_count) diff += " nullCount(" + name + ")";
  }
  return diff;
}

// Compares a checkpoint-loaded state with the JSON replay of the same version: live files
// (every field a checkpoint keeps; stats as parsed statistics), protocol, metadata, txns
// and domains. Returns "" when they agree.
std::string CompareStates(const TableState& loaded, const TableState& json) {
  std::string diff;
  if (!(loaded.protocol == json.protocol)) diff += " protocol;";
  if (!(loaded.metadata == json.metadata)) diff += " metaData;";
  // Some checkpoint writers (delta-rs) drop txn.lastUpdated; appId -> version must agree.
  auto txn_versions = [](const TableState& s) {
    std::map<std::string, int64_t> out;
    for (const auto& [app, txn] : s.txns) out[app] = txn.version;
    return out;
  };
  if (txn_versions(loaded) != txn_versions(json)) diff += " txns;";
  if (loaded.domains != json.domains) diff += " domains;";
  if (loaded.adds.size() != json.adds.size()) {
    return diff + " " + std::to_string(loaded.adds.size()) + " live files vs " +
           std::to_string(json.adds.size()) + ";";
  }
  SchemaPtr schema = StatsSchema(loaded.metadata);
  for (size_t i = 0; i < loaded.adds.size(); ++i) {
    const Add& a = loaded.adds[i];
    const Add& b = json.adds[i];
    std::string where = " add " + b.path + ":";
    if (KeyOf(a) != KeyOf(b)) {
      diff += where + " key;";
      continue;
    }
    if (a.partition_values != b.partition_values) diff += where + " partitionValues;";
    if (a.size != b.size) diff += where + " size;";
    if (a.modification_time != b.modification_time) diff += where + " modificationTime;";
    if (a.tags.value_or(StringMap{}) != b.tags.value_or(StringMap{})) diff += where + " tags;";
    if (a.deletion_vector != b.deletion_vector) diff += where + " deletionVector;";
    if (a.base_row_id != b.base_row_id) diff += where + " baseRowId;";
    if (a.default_row_commit_version != b.default_row_commit_version) {
      diff += where + " defaultRowCommitVersion;";
    }
    if (a.stats.has_value() != b.stats.has_value()) {
      diff += where + " stats presence;";
    } else if (a.stats && schema) {
      auto x = ParseFileStats(*a.stats, *schema);
      auto y = ParseFileStats(*b.stats, *schema);
      if (!x.ok() || !y.ok()) {
        diff += where + " stats parse (" + (x.ok() ? y : x).status().message() + ");";
      } else if (std::string d = CompareStats(*x, *y); !d.empty()) {
        diff += where + " stats" + d + " [" + *a.stats + " vs " + *b.stats + "];";
      }
    }
  }
  return diff;
}

TEST(CheckpointTestData, CheckpointedTablesMatchJsonReplayAndManifest) {
  SKIP_WITHOUT_TESTDATA();
  int tables = 0, compared_json = 0, compared_rows = 0, versions = 0;
  std::string failures;
  for (const ManifestEntry& e : ReadManifest()) {
    if (e.negative) continue;
    fs::path root = DeltaTestData() / e.table_root;
    auto listing = ListLog(root / "_delta_log");
    auto latest = BuildLogSegment(listing, std::nullopt, std::nullopt);
    if (!latest.ok()) continue;
    // Every version with a checkpoint at or before it: the latest and time travel.
    bool any_checkpoint = false;
    for (int64_t v = 0; v <= latest->version; ++v) {
      auto segment = BuildLogSegment(listing, v, std::nullopt);
      if (!segment.ok() || !segment->checkpoint_version) continue;
      any_checkpoint = true;
      auto snap = LoadSnapshot(*io::LocalFileSystem(), root.string(), v, std::nullopt);
      if (!snap.ok()) {
        // Tables whose protocol silt refuses are the protocol gate's business.
        if (snap.status().code() != StatusCode::kNotSupported) {
          failures +=
              e.table_root + " @" + std::to_string(v) + ": " + snap.status().ToString() + "\n";
        }
        continue;
      }
      ++versions;
      EXPECT_EQ(snap->state.version, v) << e.table_root;
      if (auto json = ReplayJsonOnly(root, v)) {
        ++compared_json;
        std::string diff = CompareStates(snap->state, *json);
        if (!diff.empty()) failures += e.table_root + " @" + std::to_string(v) + ":" + diff + "\n";
      }
      if (v == latest->version && e.rows_log_derived) {
        if (auto rows = RowsFromStats(snap->state)) {
          ++compared_rows;
          if (*rows != *e.rows_log_derived) {
            failures += e.table_root + ": rows " + std::to_string(*rows) + " expected " +
                        std::to_string(*e.rows_log_derived) + "\n";
          }
        }
      }
    }
    tables += any_checkpoint;
  }
  EXPECT_EQ(failures, "");
  EXPECT_GE(tables, 25);
  EXPECT_GE(compared_json, 30);
  EXPECT_GE(compared_rows, 20);
  std::cout << "loaded " << versions << " checkpointed versions of " << tables
            << " tables; compared " << compared_json << " with JSON replay and " << compared_rows
            << " with manifest row counts\n";
}

TEST(CheckpointTestData, CheckpointWithoutProtocolIsCorrupt) {
  SKIP_WITHOUT_TESTDATA();
  fs::path root =
      DeltaTestData() /
      "delta-kernel-rs/deltalog-state-reconstruction-from-checkpoint-missing-protocol/delta";
  auto snap = LoadSnapshot(*io::LocalFileSystem(), root.string(), std::nullopt, std::nullopt);
  ASSERT_EQ(snap.status().code(), StatusCode::kCorrupt) << snap.status().ToString();
  // Its metaData row lacks schemaString too, which is found first (both are Corrupt).
  EXPECT_NE(snap.status().message().find("schemaString"), std::string::npos)
      << snap.status().ToString();
  EXPECT_NE(snap.status().ToString().find("00000000000000000010.checkpoint.parquet"),
            std::string::npos)
      << snap.status().ToString();
}

// Every version with a `.crc` that silt can load agrees with its checksum (LoadSnapshot
// checks it: protocol/metadata disagreements are Corrupt, file count/size ones warnings).
// crc-full's checksum lists ten files its only commit never adds: it loads with a warning.
TEST(CheckpointTestData, VersionChecksumsAgree) {
  SKIP_WITHOUT_TESTDATA();
  std::set<std::string> tables;
  int versions = 0;
  std::string failures;
  for (const ManifestEntry& e : ReadManifest()) {
    if (e.negative) continue;
    fs::path root = DeltaTestData() / e.table_root;
    for (const auto& info : ListLog(root / "_delta_log")) {
      auto file = ClassifyLogFile(info);
      if (!file || file->kind != LogFileKind::kChecksum) continue;
      auto snap = LoadSnapshot(*io::LocalFileSystem(), root.string(), file->version, std::nullopt);
      if (!snap.ok()) {
        // Versions whose log was cleaned up cannot be loaded; anything else is a failure.
        if (snap.status().code() != StatusCode::kInvalidArgument) {
          failures += e.table_root + " @" + std::to_string(file->version) + ": " +
                      snap.status().ToString() + "\n";
        }
        continue;
      }
      if (e.table_root == "delta-kernel-rs/crc-full/delta") {
        ASSERT_FALSE(snap->warnings.empty());
        EXPECT_NE(snap->warnings[0].find("numFiles"), std::string::npos) << snap->warnings[0];
        continue;
      }
      for (const std::string& w : snap->warnings) {
        failures += e.table_root + " @" + std::to_string(file->version) + ": " + w + "\n";
      }
      ++versions;
      tables.insert(e.table_root);
    }
  }
  EXPECT_EQ(failures, "");
  EXPECT_GE(tables.size(), 15u);
  std::cout << "checked " << versions << " version checksums of " << tables.size() << " tables\n";
}

TEST(CheckpointTestData, StructOnlyStatsBecomeJson) {
  SKIP_WITHOUT_TESTDATA();
  // writeStatsAsJson=false: the checkpoint has stats_parsed and partitionValues_parsed only.
  fs::path root =
      DeltaTestData() / "delta-kernel-rs/v1-multi-part-partitioned-struct-stats-only/delta";
  auto snap = LoadSnapshot(*io::LocalFileSystem(), root.string(), std::nullopt, std::nullopt);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_FALSE(snap->state.adds.empty());
  for (const Add& add : snap->state.adds) {
    ASSERT_TRUE(add.stats.has_value()) << add.path;
    EXPECT_NE(add.stats->find("\"numRecords\":"), std::string::npos) << *add.stats;
    EXPECT_TRUE(add.partition_values.contains("part")) << add.path;
  }
  EXPECT_EQ(RowsFromStats(snap->state), std::optional<int64_t>(5));
}

}  // namespace
}  // namespace silt::delta
