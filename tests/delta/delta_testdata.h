#pragma once

// Shared helpers of the tests that read the Delta tables under ../shared/testdata/delta.

#include <simdjson.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "silt/delta/kernel/log_segment.h"
#include "silt/delta/kernel/replay.h"

namespace silt::delta::testing {

/// The shared Delta corpus (absent on machines without it: tests skip).
inline std::filesystem::path DeltaTestData() {
  return std::filesystem::path(SILT_SOURCE_DIR) / "../shared/testdata/delta";
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The regular files of a `_delta_log/` as the kernel takes them (no modification times).
inline std::vector<LogFileInfo> ListLog(const std::filesystem::path& log_dir) {
  std::vector<LogFileInfo> out;
  for (const auto& entry : std::filesystem::directory_iterator(log_dir)) {
    if (!entry.is_regular_file()) continue;
    out.push_back({entry.path().filename().string(), static_cast<int64_t>(entry.file_size()), 0});
  }
  return out;
}

/// One table of manifest.json.
struct ManifestEntry {
  std::string table_root;
  bool negative = false;
  std::optional<int64_t> rows_log_derived;
};

inline std::vector<ManifestEntry> ReadManifest() {
  std::vector<ManifestEntry> out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string text = ReadFile(DeltaTestData() / "manifest.json");
  if (parser.parse(text).get(doc) != simdjson::SUCCESS) return out;
  simdjson::dom::array tables;
  if (doc.get_array().get(tables) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element t : tables) {
    ManifestEntry e;
    std::string_view root;
    if (t["table_root"].get_string().get(root) != simdjson::SUCCESS) continue;
    e.table_root = std::string(root);
    bool negative = false;
    if (t["negative"].get_bool().get(negative) == simdjson::SUCCESS) e.negative = negative;
    int64_t rows = 0;
    if (t["rows_log_derived"].get_int64().get(rows) == simdjson::SUCCESS) e.rows_log_derived = rows;
    out.push_back(std::move(e));
  }
  return out;
}

/// numRecords minus DV cardinality over live adds; nullopt when some add lacks numRecords.
inline std::optional<int64_t> RowsFromStats(const TableState& state) {
  simdjson::dom::parser parser;
  int64_t rows = 0;
  for (const Add& add : state.adds) {
    if (!add.stats) return std::nullopt;
    simdjson::dom::element stats;
    int64_t n = 0;
    if (parser.parse(*add.stats).get(stats) != simdjson::SUCCESS ||
        stats["numRecords"].get_int64().get(n) != simdjson::SUCCESS) {
      return std::nullopt;
    }
    rows += n - (add.deletion_vector ? add.deletion_vector->cardinality : 0);
  }
  return rows;
}

}  // namespace silt::delta::testing
