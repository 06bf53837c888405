// Parsing speed of the SQL front end: the 22 TPC-H queries (from ../shared/testdata/tpch).
#include <benchmark/benchmark.h>

#include <cstdio>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "silt/sql/parser/parser.h"

namespace {

std::string TpchQuery(int n) {
  char name[32];  // room for any int: GCC checks the worst case
  std::snprintf(name, sizeof(name), "q%02d.sql", n);
  for (const char* dir : {"../shared/testdata/tpch/queries", "../../shared/testdata/tpch/queries"}) {
    std::ifstream in(std::filesystem::path(dir) / name);
    if (in) {
      std::stringstream ss;
      ss << in.rdbuf();
      return ss.str();
    }
  }
  return {};
}

void BM_ParseTpch(benchmark::State& state) {
  const std::string sql = TpchQuery(static_cast<int>(state.range(0)));
  if (sql.empty()) {
    state.SkipWithError("TPC-H queries not found under ../shared/testdata/tpch/queries");
    return;
  }
  for (auto _ : state) {
    auto statement = silt::sql::ParseStatement(sql);
    benchmark::DoNotOptimize(statement);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(sql.size()));
}
BENCHMARK(BM_ParseTpch)->DenseRange(1, 22);

}  // namespace

BENCHMARK_MAIN();
