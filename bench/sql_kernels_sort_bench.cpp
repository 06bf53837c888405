// Sort kernels: SortIndices on 10M int64 rows and on 1M rows of (string, int64), TopK k=100
// on 10M int64 rows. Reported as ns/row (items_per_second inverted).

#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "silt/columnar/builder.h"
#include "silt/sql/kernels/sort.h"

namespace {

using silt::ArrayDataPtr;

ArrayDataPtr RandomInt64(int64_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  silt::ArrayBuilder b(silt::int64());
  for (int64_t i = 0; i < n; ++i) (void)b.Append<int64_t>(static_cast<int64_t>(rng()));
  return *b.Finish();
}

ArrayDataPtr RandomStrings(int64_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  silt::ArrayBuilder b(silt::utf8());
  // 1000 distinct customer-like names: a shared 9-byte prefix exercises the tie-break.
  for (int64_t i = 0; i < n; ++i) {
    (void)b.AppendString("Customer#" + std::to_string(rng() % 1000));
  }
  return *b.Finish();
}

void SortInt64(benchmark::State& state) {
  const int64_t n = state.range(0);
  auto keys = std::vector<ArrayDataPtr>{RandomInt64(n, 1)};
  for (auto _ : state) {
    auto r = silt::sql::SortIndices(keys, {{}}, n, silt::MemoryPool::Default());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(SortInt64)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

void SortStringInt64(benchmark::State& state) {
  const int64_t n = state.range(0);
  auto keys = std::vector<ArrayDataPtr>{RandomStrings(n, 2), RandomInt64(n, 3)};
  for (auto _ : state) {
    auto r = silt::sql::SortIndices(keys, {{}, {true, false}}, n, silt::MemoryPool::Default());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(SortStringInt64)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void TopKInt64(benchmark::State& state) {
  const int64_t n = state.range(0);
  auto keys = std::vector<ArrayDataPtr>{RandomInt64(n, 4)};
  for (auto _ : state) {
    auto r = silt::sql::TopKIndices(keys, {{}}, n, 100, silt::MemoryPool::Default());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(TopKInt64)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
