#pragma once

// Helpers for SQL engine tests: run SQL in a session and read results as text.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "silt/format/value_text.h"
#include "silt/sql/session/session.h"

namespace silt::sql::testing {

/// Rows of a result as text cells ("NULL" for nulls).
inline std::vector<std::vector<std::string>> Rows(const QueryResult& r) {
  std::vector<std::vector<std::string>> out;
  for (const auto& b : r.batches) {
    for (int64_t i = 0; i < b->num_rows(); ++i) {
      std::vector<std::string> row;
      for (int c = 0; c < b->num_columns(); ++c) {
        std::string s;
        if (IsValueNull(*b->column(c), i)) {
          s = "NULL";
        } else {
          AppendValueText(*b->column(c), i, &s);
        }
        row.push_back(s);
      }
      out.push_back(row);
    }
  }
  return out;
}

/// Runs SQL that must succeed and returns its rows.
inline std::vector<std::vector<std::string>> Query(SessionContext& s, const std::string& sql) {
  auto r = s.Sql(sql);
  EXPECT_TRUE(r.ok()) << sql << "\n" << r.status().ToString();
  if (!r.ok()) return {};
  return Rows(*r);
}

/// The repository's test data folder (tests/data).
inline std::filesystem::path TestDataDir() { return std::filesystem::path(SILT_SOURCE_DIR) / "tests/data"; }

/// The shared TPC-H folder, or empty when absent.
inline std::filesystem::path TpchDir() {
  auto p = std::filesystem::path(SILT_SOURCE_DIR) / "../shared/testdata/tpch";
  return std::filesystem::exists(p) ? p : std::filesystem::path();
}

inline std::string ReadText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Registers the eight TPC-H tables of `scale` ("sf0.01") as Parquet tables, in `order`.
inline void RegisterTpch(SessionContext& s, const std::string& scale, const std::vector<std::string>& order) {
  for (const auto& t : order) {
    auto dir = TpchDir() / scale / t;
    ASSERT_TRUE(s.RegisterParquet(t, dir.string()).ok()) << t;
  }
}

inline std::vector<std::string> TpchTables() {
  return {"customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"};
}

}  // namespace silt::sql::testing
