// Micro benchmarks of silt_functions kernels (items = rows; the ns_per_row counter is the
// reciprocal rate): LIKE with a constant pattern over 1M strings against a naive per-row
// matcher and std::regex, checked int64 addition, and decimal multiplication.
#include <benchmark/benchmark.h>

#include <random>
#include <regex>
#include <string>
#include <vector>

#include "silt/columnar/builder.h"
#include "silt/functions/function_registry.h"

namespace silt::functions {
namespace {

constexpr int64_t kRows = 1 << 20;

void SetRowCounters(benchmark::State& state, int64_t rows) {
  state.SetItemsProcessed(state.iterations() * rows);
  state.counters["ns_per_row"] = benchmark::Counter(
      static_cast<double>(state.iterations() * rows), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// 1M product-name-like strings of 10-40 ASCII characters.
const ArrayDataPtr& Names() {
  static const ArrayDataPtr names = [] {
    std::mt19937 rng(3);
    const char* words[] = {"steel", "green", "almond", "metallic", "frosted", "burnished",
                           "chiffon", "lavender", "navy", "powder", "special", "requests"};
    ArrayBuilder b(utf8());
    std::string s;
    for (int64_t i = 0; i < kRows; ++i) {
      s.clear();
      const int words_in_row = 2 + static_cast<int>(rng() % 4);
      for (int w = 0; w < words_in_row; ++w) {
        if (w) s.push_back(' ');
        s += words[rng() % 12];
      }
      (void)b.AppendString(s);
    }
    return *b.Finish();
  }();
  return names;
}

ArrayDataPtr ConstantString(const std::string& v, int64_t n) {
  ArrayBuilder b(utf8());
  (void)b.AppendString(v);
  return MakeConstantArray(*b.Finish(), n);
}

const char* kPatterns[] = {"green%", "%special%requests%", "%requests", "%almond%", "st_el%n%"};

void BM_LikeConstantPattern(benchmark::State& state) {
  const std::string pattern = kPatterns[state.range(0)];
  auto bound = *FunctionRegistry::Default().BindScalar("like", {utf8(), utf8()});
  const std::vector<ArrayDataPtr> args = {Names(), ConstantString(pattern, kRows)};
  KernelContext ctx;
  for (auto _ : state) {
    auto out = bound.kernel(ctx, args, kRows);
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel(pattern);
  SetRowCounters(state, kRows);
}
BENCHMARK(BM_LikeConstantPattern)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

// Textbook recursive LIKE, interpreting the pattern for every row (what a per-row
// implementation without compilation does).
bool NaiveLike(const char* t, const char* te, const char* p, const char* pe) {
  while (p < pe) {
    if (*p == '%') {
      for (const char* k = t; k <= te; ++k) {
        if (NaiveLike(k, te, p + 1, pe)) return true;
      }
      return false;
    }
    if (t == te || (*p != '_' && *p != *t)) return false;
    ++p;
    ++t;
  }
  return t == te;
}

void BM_LikeNaivePerRow(benchmark::State& state) {
  const std::string pattern = kPatterns[state.range(0)];
  const ArrayData& names = *Names();
  std::vector<uint8_t> out(kRows);
  for (auto _ : state) {
    for (int64_t i = 0; i < kRows; ++i) {
      std::string_view v = names.GetView(i);
      out[i] = NaiveLike(v.data(), v.data() + v.size(), pattern.data(), pattern.data() + pattern.size());
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetLabel(pattern);
  SetRowCounters(state, kRows);
}
BENCHMARK(BM_LikeNaivePerRow)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

// std::regex compiled once, regex_match per row (over 64K rows: it is slow).
void BM_LikeStdRegexPerRow(benchmark::State& state) {
  const std::regex re(state.range(0) == 0 ? "green.*" : ".*almond.*");
  const ArrayData& names = *Names();
  constexpr int64_t kRegexRows = 1 << 16;
  std::vector<uint8_t> out(kRegexRows);
  for (auto _ : state) {
    for (int64_t i = 0; i < kRegexRows; ++i) {
      std::string_view v = names.GetView(i);
      out[i] = std::regex_match(v.begin(), v.end(), re);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetLabel(state.range(0) == 0 ? "green%" : "%almond%");
  SetRowCounters(state, kRegexRows);
}
BENCHMARK(BM_LikeStdRegexPerRow)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

template <typename T>
ArrayDataPtr RandomFixed(const DataTypePtr& type, int64_t n, int64_t bound, double null_fraction) {
  std::mt19937_64 rng(5);
  ArrayBuilder b(type);
  for (int64_t i = 0; i < n; ++i) {
    if (null_fraction > 0 && static_cast<double>(rng() % 1000) < null_fraction * 1000) {
      (void)b.AppendNull();
    } else {
      (void)b.Append<T>(static_cast<T>(static_cast<int64_t>(rng() % static_cast<uint64_t>(2 * bound)) - bound));
    }
  }
  return *b.Finish();
}

// range(0): 0 = column + column, 1 = column + constant, 2 = column + column with 10% NULLs.
void BM_Int64AddChecked(benchmark::State& state) {
  const int mode = static_cast<int>(state.range(0));
  auto bound = *FunctionRegistry::Default().BindScalar("+", {int64(), int64()});
  auto a = RandomFixed<int64_t>(int64(), kRows, int64_t{1} << 40, mode == 2 ? 0.1 : 0);
  auto b = mode == 1 ? MakeConstantArray(RandomFixed<int64_t>(int64(), 1, 1000, 0), kRows)
                     : RandomFixed<int64_t>(int64(), kRows, int64_t{1} << 40, mode == 2 ? 0.1 : 0);
  KernelContext ctx;
  for (auto _ : state) {
    auto out = bound.kernel(ctx, {a, b}, kRows);
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel(mode == 0 ? "col+col" : mode == 1 ? "col+const" : "col+col, 10% NULL");
  SetRowCounters(state, kRows);
}
BENCHMARK(BM_Int64AddChecked)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

// range(0): 0 = decimal(15,2) * decimal(15,2) (decimal64 in, decimal128 out),
// 1 = decimal(15,2) * constant, 2 = decimal(38,10) * decimal(38,10) (rounded to scale 6).
void BM_DecimalMultiply(benchmark::State& state) {
  const int mode = static_cast<int>(state.range(0));
  DataTypePtr t = mode == 2 ? decimal(38, 10) : decimal(15, 2);
  ArrayDataPtr a, b;
  if (mode == 2) {
    a = RandomFixed<__int128>(t, kRows, int64_t{1} << 50, 0);
    b = RandomFixed<__int128>(t, kRows, int64_t{1} << 50, 0);
  } else {
    a = RandomFixed<int64_t>(t, kRows, int64_t{1} << 40, 0);
    b = mode == 1 ? MakeConstantArray(RandomFixed<int64_t>(t, 1, 10000, 0), kRows)
                  : RandomFixed<int64_t>(t, kRows, int64_t{1} << 40, 0);
  }
  auto bound = *FunctionRegistry::Default().BindScalar("*", {t, t});
  KernelContext ctx;
  for (auto _ : state) {
    auto out = bound.kernel(ctx, {a, b}, kRows);
    if (!out.ok()) state.SkipWithError(out.status().ToString().c_str());
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel(t->ToString() + " * " + t->ToString() + " -> " + bound.return_type->ToString() +
                 (mode == 1 ? " (constant)" : ""));
  SetRowCounters(state, kRows);
}
BENCHMARK(BM_DecimalMultiply)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace silt::functions

BENCHMARK_MAIN();
