// Window kernels over 1M sorted rows in 1,000 partitions: ranking, a running sum (frame from
// UNBOUNDED PRECEDING), a sliding ROWS frame sum and a sliding min (segment tree). Reported
// as items/s; the sliding cases must not grow with the frame width.

#include <benchmark/benchmark.h>

#include <random>

#include "silt/columnar/builder.h"
#include "silt/sql/kernels/window.h"

namespace {

using namespace silt;
using namespace silt::sql;

constexpr int64_t kRows = 1'000'000;

struct Input {
  ArrayDataPtr partition;  // sorted partition keys
  ArrayDataPtr order;      // sorted order keys within partitions
  ArrayDataPtr value;
};

const Input& Data() {
  static Input in = [] {
    std::mt19937_64 rng(7);
    ArrayBuilder p(int64()), o(int64()), v(int64());
    for (int64_t i = 0; i < kRows; ++i) {
      (void)p.Append<int64_t>(i / 1000);
      (void)o.Append<int64_t>(i % 1000);
      (void)v.Append<int64_t>(static_cast<int64_t>(rng() % 1000000));
    }
    return Input{*p.Finish(), *o.Finish(), *v.Finish()};
  }();
  return in;
}

void Run(benchmark::State& state, WindowCall call) {
  const Input& in = Data();
  for (auto _ : state) {
    auto r = EvaluateWindow(call, {in.partition}, {in.order}, {SortKeyOrder{}}, kRows, MemoryPool::Default());
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_Rank(benchmark::State& state) {
  WindowCall c;
  c.name = "rank";
  Run(state, c);
}
BENCHMARK(BM_Rank)->Unit(benchmark::kMillisecond);

void BM_RunningSum(benchmark::State& state) {
  WindowCall c;
  c.name = "sum";
  c.args = {Data().value};
  Run(state, c);
}
BENCHMARK(BM_RunningSum)->Unit(benchmark::kMillisecond);

WindowCall Sliding(const char* name, int64_t width) {
  WindowCall c;
  c.name = name;
  c.args = {Data().value};
  c.has_frame = true;
  c.frame.unit = WindowFrameUnit::kRows;
  c.frame.start = WindowBound{WindowBoundKind::kPreceding, width, nullptr};
  c.frame.end = WindowBound{WindowBoundKind::kFollowing, width, nullptr};
  return c;
}

void BM_SlidingSum(benchmark::State& state) { Run(state, Sliding("sum", state.range(0))); }
BENCHMARK(BM_SlidingSum)->Arg(10)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_SlidingMin(benchmark::State& state) { Run(state, Sliding("min", state.range(0))); }
BENCHMARK(BM_SlidingMin)->Arg(10)->Arg(500)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
