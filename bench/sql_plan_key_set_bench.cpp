// Micro benchmark of RuntimeKeySet::Select (a hash join's build keys filtering the probe
// scan): 8M int64 probe values against 204 keys over 1..200,000 (TPC-H Q17's part keys;
// bitmap) and 16,384 keys spread over 1..2^40 (the largest hash set). items = probe rows.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "silt/columnar/builder.h"
#include "silt/sql/plan/runtime_key_set.h"

namespace silt::sql {
namespace {

constexpr int64_t kProbe = 8'000'000;

ArrayDataPtr Column(const std::vector<int64_t>& v) {
  ArrayBuilder b(int64());
  for (int64_t x : v) (void)b.Append<int64_t>(x);
  return *b.Finish();
}

void Run(benchmark::State& state, int64_t keys, int64_t domain) {
  std::mt19937_64 rng(42);
  std::vector<int64_t> build(static_cast<size_t>(keys)), probe(static_cast<size_t>(kProbe));
  for (auto& k : build) k = static_cast<int64_t>(rng() % static_cast<uint64_t>(domain)) + 1;
  for (auto& p : probe) p = static_cast<int64_t>(rng() % static_cast<uint64_t>(domain)) + 1;
  auto set = RuntimeKeySet::Make(0, *Column(build));
  auto column = Column(probe);
  std::vector<int64_t> selected;
  for (auto _ : state) {
    selected.clear();
    set->Select(*column, &selected);
    benchmark::DoNotOptimize(selected.data());
  }
  state.SetItemsProcessed(state.iterations() * kProbe);
  state.counters["ns_per_row"] = benchmark::Counter(static_cast<double>(state.iterations() * kProbe),
                                                    benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["selected"] = static_cast<double>(selected.size());
}

void BM_KeySetBitmap(benchmark::State& state) { Run(state, 204, 200'000); }
void BM_KeySetHash(benchmark::State& state) { Run(state, 16'384, int64_t{1} << 40); }
BENCHMARK(BM_KeySetBitmap)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KeySetHash)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace silt::sql

BENCHMARK_MAIN();
