// Runs the schema, partition-value and file-statistics parsers over every Delta log in the
// shared test corpus (../shared/testdata/delta/**/delta/_delta_log/*.json).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "silt/delta/kernel/file_stats.h"
#include "silt/delta/kernel/json_actions.h"
#include "silt/delta/kernel/partition_values.h"
#include "silt/delta/kernel/schema.h"

namespace silt::delta {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> FindLogDirs(const fs::path& root) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    if (it->is_directory() && p.filename() == "_delta_log" &&
        p.parent_path().filename() == "delta") {
      out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The state of one table while walking its log files in name order.
struct TableState {
  std::optional<Metadata> metadata;
  SchemaPtr logical;
  SchemaPtr physical;
  ColumnMappingMode mode = ColumnMappingMode::kNone;
  bool schema_ok = false;
};

TEST(DeltaLogCorpusTest, SchemasPartitionValuesAndStats) {
  fs::path root = fs::path(SILT_SOURCE_DIR) / ".." / "shared" / "testdata" / "delta";
  if (!fs::exists(root)) GTEST_SKIP() << "Delta test data not found at " << root;
  std::vector<fs::path> logs = FindLogDirs(root);
  ASSERT_FALSE(logs.empty());

  int tables = 0, schemas_ok = 0, adds = 0, partition_values = 0, stats_parsed = 0;
  int64_t skipped_bounds = 0;
  std::vector<std::string> no_metadata, unsupported, schema_failures, value_failures,
      log_parse_failures;
  for (const fs::path& log : logs) {
    std::string table = fs::relative(log.parent_path().parent_path(), root).string();
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(log)) {
      // "._name" files are macOS AppleDouble side files, not log entries.
      if (e.is_regular_file() && e.path().extension() == ".json" &&
          !e.path().filename().string().starts_with("._")) {
        files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) continue;
    ++tables;
    TableState state;
    bool saw_metadata = false;
    for (const fs::path& file : files) {
      auto actions = ParseCommitJson(ReadFile(file), 0);
      if (!actions.ok()) {
        log_parse_failures.push_back(table + "/" + file.filename().string() + ": " +
                                     actions.status().ToString());
        continue;
      }
      for (const Action& action : *actions) {
        if (const auto* md = std::get_if<Metadata>(&action)) {
          saw_metadata = true;
          state = TableState{};
          state.metadata = *md;
          auto schema = ParseDeltaSchema(md->schema_string);
          if (!schema.ok()) {
            std::string msg = table + ": " + schema.status().ToString();
            (schema.status().code() == StatusCode::kNotSupported ? unsupported : schema_failures)
                .push_back(msg);
            continue;
          }
          state.logical = *schema;
          auto cfg = md->configuration.find("delta.columnMapping.mode");
          auto mode = ParseColumnMappingMode(cfg == md->configuration.end() ? std::string_view()
                                                                            : cfg->second);
          auto physical = mode.ok() ? MakePhysicalSchema(*state.logical, *mode)
                                    : Result<SchemaPtr>(mode.status());
          if (!physical.ok()) {
            schema_failures.push_back(table + ": " + physical.status().ToString());
            continue;
          }
          state.mode = *mode;
          state.physical = *physical;
          state.schema_ok = true;
        } else if (const auto* add = std::get_if<Add>(&action)) {
          if (!state.schema_ok) continue;
          ++adds;
          std::string where = table + "/" + file.filename().string() + " " + add->path;
          for (const std::string& col : state.metadata->partition_columns) {
            int idx = state.logical->FieldIndex(col);
            if (idx < 0) {
              value_failures.push_back(where + ": partition column '" + col + "' not in schema");
              continue;
            }
            // partitionValues are keyed by physical name when column mapping is on.
            const std::string& key = state.physical->field(idx)->name;
            auto it = add->partition_values.find(key);
            std::optional<std::string_view> text;
            // Writers record every partition column (null as JSON null); an absent key here
            // would mean the physical-name lookup is wrong.
            if (it == add->partition_values.end()) {
              value_failures.push_back(where + ": no partition value keyed '" + key + "'");
            }
            if (it != add->partition_values.end() && it->second) text = *it->second;
            const DataTypePtr& type = state.logical->field(idx)->type;
            auto value = ParsePartitionValue(text, type);
            if (!value.ok()) {
              value_failures.push_back(where + ": " + value.status().ToString());
              continue;
            }
            auto column = MakePartitionColumn(*value, type, 3);
            if (!column.ok()) value_failures.push_back(where + ": " + column.status().ToString());
            ++partition_values;
          }
          if (add->stats) {
            auto stats = ParseFileStats(*add->stats, *state.physical);
            if (!stats.ok()) {
              value_failures.push_back(where + " stats: " + stats.status().ToString());
            } else {
              ++stats_parsed;
              skipped_bounds += stats->skipped_values;
              if (stats->skipped_values > 0) {
                std::cout << "[corpus] unreadable bounds dropped: " << where << " " << *add->stats
                          << "\n";
              }
            }
          }
        }
      }
    }
    if (saw_metadata && state.schema_ok) {
      ++schemas_ok;
    } else if (!saw_metadata) {
      no_metadata.push_back(table);
    }
  }
  std::cout << "[corpus] tables=" << tables << " schemas_ok=" << schemas_ok << " adds=" << adds
            << " partition_values=" << partition_values << " stats=" << stats_parsed
            << " skipped_bounds=" << skipped_bounds << "\n";
  for (const auto& m : no_metadata) std::cout << "[corpus] no metaData in JSON log: " << m << "\n";
  for (const auto& m : unsupported) std::cout << "[corpus] unsupported type: " << m << "\n";
  for (const auto& m : log_parse_failures) std::cout << "[corpus] log not parsed: " << m << "\n";
  for (const auto& m : schema_failures) ADD_FAILURE() << "schema: " << m;
  for (const auto& m : value_failures) ADD_FAILURE() << m;
  EXPECT_GT(schemas_ok, 50);
  EXPECT_GT(stats_parsed, 100);
}

}  // namespace
}  // namespace silt::delta
