// Micro benchmarks of the grouping hash table and aggregates (items = rows; the ns_per_row
// counter is the reciprocal rate): GROUP BY over 10M rows in 64K-row batches with sum(int64),
// for int64 and utf8 keys with 1K and 1M distinct values, and a join-style probe (Find).
#include <benchmark/benchmark.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "silt/columnar/builder.h"
#include "silt/sql/kernels/aggregate.h"
#include "silt/sql/kernels/group_hash_table.h"

namespace silt::sql {
namespace {

constexpr int64_t kRows = 10'000'000;
constexpr int64_t kBatch = 65536;

void SetRowCounters(benchmark::State& state, int64_t rows) {
  state.SetItemsProcessed(state.iterations() * rows);
  state.counters["ns_per_row"] =
      benchmark::Counter(static_cast<double>(state.iterations() * rows),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

struct Batch {
  ArrayDataPtr key;
  ArrayDataPtr value;
};

/// 10M rows of uniformly random keys out of `distinct` values (int64 or "customer#<n>").
const std::vector<Batch>& Batches(int64_t distinct, bool strings) {
  static std::map<std::pair<int64_t, bool>, std::vector<Batch>> cache;
  auto& batches = cache[{distinct, strings}];
  if (!batches.empty()) return batches;
  std::mt19937_64 rng(7);
  for (int64_t start = 0; start < kRows; start += kBatch) {
    const int64_t n = std::min(kBatch, kRows - start);
    ArrayBuilder keys(strings ? utf8() : int64());
    ArrayBuilder values(int64());
    for (int64_t i = 0; i < n; ++i) {
      const int64_t k = static_cast<int64_t>(rng() % static_cast<uint64_t>(distinct));
      if (strings) {
        (void)keys.AppendString("customer#" + std::to_string(k * 7919));
      } else {
        (void)keys.Append<int64_t>(k * 7919);
      }
      (void)values.Append<int64_t>(static_cast<int64_t>(rng() % 1000));
    }
    batches.push_back({*keys.Finish(), *values.Finish()});
  }
  return batches;
}

void BM_GroupBySum(benchmark::State& state, bool strings) {
  const int64_t distinct = state.range(0);
  const auto& batches = Batches(distinct, strings);
  auto bound = *BindAggregate("sum", {int64()}, false);
  std::vector<uint32_t> ids;
  for (auto _ : state) {
    GroupHashTable table({strings ? utf8() : int64()}, MemoryPool::Default());
    auto acc = bound.make(MemoryPool::Default()).MoveValue();
    for (const auto& b : batches) {
      if (!table.FindOrInsert({b.key}, b.key->length, &ids).ok()) state.SkipWithError("insert");
      if (!acc->Resize(table.num_groups()).ok()) state.SkipWithError("resize");
      if (!acc->Update({b.value}, ids.data(), b.key->length).ok()) state.SkipWithError("update");
    }
    auto out = acc->Finalize();
    benchmark::DoNotOptimize(out);
    state.counters["groups"] = static_cast<double>(table.num_groups());
  }
  SetRowCounters(state, kRows);
}

void BM_GroupBySumInt64(benchmark::State& state) { BM_GroupBySum(state, false); }
void BM_GroupBySumUtf8(benchmark::State& state) { BM_GroupBySum(state, true); }
BENCHMARK(BM_GroupBySumInt64)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GroupBySumUtf8)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond);

/// Join probe: the table is built from the keys once, then every row is looked up.
void BM_ProbeInt64(benchmark::State& state) {
  const auto& batches = Batches(state.range(0), false);
  GroupHashTable table({int64()}, MemoryPool::Default());
  std::vector<uint32_t> build_ids;
  for (const auto& b : batches) (void)table.FindOrInsert({b.key}, b.key->length, &build_ids);
  std::vector<int32_t> ids;
  for (auto _ : state) {
    for (const auto& b : batches) {
      if (!table.Find({b.key}, b.key->length, false, &ids).ok()) state.SkipWithError("find");
      benchmark::DoNotOptimize(ids.data());
    }
  }
  SetRowCounters(state, kRows);
}
BENCHMARK(BM_ProbeInt64)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond);

/// APPROX_DISTINCT (HyperLogLog) over every row into one group; Arg = distinct values.
void BM_ApproxDistinct(benchmark::State& state) {
  const auto& batches = Batches(state.range(0), false);
  auto bound = *BindAggregate("approx_distinct", {int64()}, false);
  std::vector<uint32_t> ids(static_cast<size_t>(batches[0].key->length), 0);
  for (auto _ : state) {
    auto acc = bound.make(MemoryPool::Default()).MoveValue();
    if (!acc->Resize(1).ok()) state.SkipWithError("resize");
    for (const auto& b : batches) {
      if (static_cast<int64_t>(ids.size()) < b.key->length) ids.assign(static_cast<size_t>(b.key->length), 0);
      if (!acc->Update({b.key}, ids.data(), b.key->length).ok()) state.SkipWithError("update");
    }
    auto out = acc->Finalize();
    benchmark::DoNotOptimize(out);
  }
  SetRowCounters(state, kRows);
}
BENCHMARK(BM_ApproxDistinct)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace silt::sql

BENCHMARK_MAIN();
