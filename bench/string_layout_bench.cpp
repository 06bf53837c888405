// String layout decision (docs/decisions/0002-string-layout.md): int32 offsets vs int64
// offsets (silt's current LargeUtf8 layout) vs 16-byte string views (Umbra / Arrow
// StringView: 4-byte length, then 12 inline bytes or a 4-byte prefix + buffer index + offset).
//
// Operations, each on 1M and 10M rows of short (avg 10 B) and medium (avg 40 B) strings:
//   build    decode a Parquet PLAIN BYTE_ARRAY page (u32 length + bytes) into the layout
//   filter   equality against a constant, writing a selection vector
//   hash     XXH3 of every row into a hash column (the first step of a group-by)
//   groupby  hash + insert into an open-addressing table of 100k groups (key compares)
// Memory footprint is reported as the `bytes_per_row` counter (values + offsets/views).
// Output buffers are allocated and faulted in once per benchmark, so the timings compare
// layouts, not the allocator. Run: build-*/bench/string_layout_bench [--benchmark_min_time=0.2s]

#include <benchmark/benchmark.h>
#include <xxhash.h>

#include <cstdint>
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

enum class Dist { kShort, kMedium };
enum class Layout { kOffsets32, kOffsets64, kViews, kViewsIntoPage };

const char* DistName(Dist d) { return d == Dist::kShort ? "short10B" : "medium40B"; }
const char* LayoutName(Layout l) {
  switch (l) {
    case Layout::kOffsets32: return "offsets32";
    case Layout::kOffsets64: return "offsets64";
    case Layout::kViews: return "views";
    case Layout::kViewsIntoPage: return "views_into_page";
  }
  return "?";
}

constexpr int kDistinct = 100000;  // group-by cardinality
constexpr uint32_t kInlineMax = 12;

/// The 16-byte view: length, then either 12 inline bytes (zero padded) or prefix + location.
struct View {
  uint32_t size;
  union {
    char inlined[12];
    struct {
      char prefix[4];
      uint32_t buffer;
      uint32_t offset;
    } ref;
  };
};
static_assert(sizeof(View) == 16);

/// Distinct values and a decoded page of rows drawn from them.
struct Dataset {
  std::vector<std::string> pool;
  std::vector<uint8_t> page;  // PLAIN BYTE_ARRAY: u32 length + bytes per row
  int64_t rows = 0;
  int64_t value_bytes = 0;
  std::string needle;
};

std::string RandomValue(Dist dist, std::mt19937_64& rng) {
  static const char* kWords[] = {"the", "quick", "final", "pending", "carefully", "ironic",
                                 "deposits", "sleep", "blithely", "furiously", "regular",
                                 "accounts", "packages", "express", "requests", "bold",
                                 "silent", "theodolites", "among", "even", "foxes", "haggle",
                                 "slyly", "special", "instructions", "unusual", "courts"};
  std::string s;
  if (dist == Dist::kShort) {
    size_t len = 4 + rng() % 13;  // 4..16, mean 10
    for (size_t i = 0; i < len; ++i) s += "abcdefghijklmnopqrstuvwxyz0123456789"[rng() % 36];
  } else {
    size_t len = 20 + rng() % 41;  // 20..60, mean 40, TPC-H-comment-like words
    while (s.size() < len) {
      s += kWords[rng() % (sizeof(kWords) / sizeof(kWords[0]))];
      s += ' ';
    }
    s.resize(len);
  }
  return s;
}

const Dataset& GetDataset(Dist dist, int64_t rows) {
  static std::map<std::pair<int, int64_t>, std::unique_ptr<Dataset>> cache;
  auto& slot = cache[{static_cast<int>(dist), rows}];
  if (slot) return *slot;
  slot = std::make_unique<Dataset>();
  Dataset& d = *slot;
  std::mt19937_64 rng(42 + static_cast<int>(dist));
  for (int i = 0; i < kDistinct; ++i) d.pool.push_back(RandomValue(dist, rng));
  d.needle = d.pool[12345];
  d.rows = rows;
  d.page.reserve(static_cast<size_t>(rows) * (dist == Dist::kShort ? 14 : 44));
  for (int64_t i = 0; i < rows; ++i) {
    const std::string& v = d.pool[rng() % kDistinct];
    uint32_t len = static_cast<uint32_t>(v.size());
    const auto* lp = reinterpret_cast<const uint8_t*>(&len);
    d.page.insert(d.page.end(), lp, lp + 4);
    d.page.insert(d.page.end(), v.begin(), v.end());
    d.value_bytes += len;
  }
  return d;
}

// ---- The layouts ----

template <typename Offset>
struct OffsetArray {
  int64_t rows = 0;
  std::unique_ptr<Offset[]> offsets;
  std::unique_ptr<uint8_t[]> data;
  int64_t data_size = 0;

  OffsetArray(int64_t n, int64_t max_bytes)
      : rows(n), offsets(new Offset[n + 1]), data(new uint8_t[max_bytes]) {}
  int64_t Footprint() const { return (rows + 1) * static_cast<int64_t>(sizeof(Offset)) + data_size; }

  bool Build(const uint8_t* page) {
    const uint8_t* p = page;
    int64_t pos = 0;
    offsets[0] = 0;
    for (int64_t i = 0; i < rows; ++i) {
      uint32_t len;
      std::memcpy(&len, p, 4);
      std::memcpy(data.get() + pos, p + 4, len);
      p += 4 + len;
      pos += len;
      // An int32 builder must split the array before 2 GiB; the check is part of its cost.
      if constexpr (sizeof(Offset) == 4) {
        if (pos > INT32_MAX) [[unlikely]] return false;
      }
      offsets[i + 1] = static_cast<Offset>(pos);
    }
    data_size = pos;
    return true;
  }
  const uint8_t* Ptr(int64_t i) const { return data.get() + offsets[i]; }
  uint32_t Len(int64_t i) const { return static_cast<uint32_t>(offsets[i + 1] - offsets[i]); }
  bool EqualsConstant(int64_t i, const std::string& c) const {
    return Len(i) == c.size() && std::memcmp(Ptr(i), c.data(), c.size()) == 0;
  }
  bool RowsEqual(int64_t a, int64_t b) const {
    uint32_t la = Len(a);
    return la == Len(b) && std::memcmp(Ptr(a), Ptr(b), la) == 0;
  }
  uint64_t Hash(int64_t i) const { return XXH3_64bits(Ptr(i), Len(i)); }
};

struct ViewArray {
  int64_t rows = 0;
  std::unique_ptr<View[]> views;
  std::unique_ptr<uint8_t[]> data;
  int64_t data_size = 0;
  const uint8_t* buffers[2] = {nullptr, nullptr};  // 0: own data, 1: the decoded page

  ViewArray(int64_t n, int64_t max_bytes) : rows(n), views(new View[n]), data(new uint8_t[max_bytes]) {
    buffers[0] = data.get();
  }
  int64_t Footprint() const { return rows * 16 + data_size; }

  /// `into_page`: long strings point into the page (zero copy, the page must stay alive).
  void Build(const uint8_t* page, bool into_page) {
    buffers[1] = page;
    const uint8_t* p = page;
    int64_t pos = 0;
    for (int64_t i = 0; i < rows; ++i) {
      uint32_t len;
      std::memcpy(&len, p, 4);
      View& v = views[i];
      v.size = len;
      if (len <= kInlineMax) {
        std::memset(v.inlined, 0, 12);
        std::memcpy(v.inlined, p + 4, len);
      } else {
        std::memcpy(v.ref.prefix, p + 4, 4);
        if (into_page) {
          v.ref.buffer = 1;
          v.ref.offset = static_cast<uint32_t>(p + 4 - page);
        } else {
          std::memcpy(data.get() + pos, p + 4, len);
          v.ref.buffer = 0;
          v.ref.offset = static_cast<uint32_t>(pos);
          pos += len;
        }
      }
      p += 4 + len;
    }
    data_size = pos;
  }
  const uint8_t* Ptr(const View& v) const {
    return v.size <= kInlineMax ? reinterpret_cast<const uint8_t*>(v.inlined)
                                : buffers[v.ref.buffer] + v.ref.offset;
  }
  /// A view of `s`; long values get their prefix only (the caller sets the location).
  static View Make(const std::string& s) {
    View v{};
    v.size = static_cast<uint32_t>(s.size());
    std::memcpy(v.inlined, s.data(), std::min<size_t>(s.size(), kInlineMax));
    return v;
  }
  /// Length + prefix in one 8-byte compare rejects most rows without touching string bytes.
  bool Equals(const View& a, const View& b) const {
    uint64_t a0, b0;
    std::memcpy(&a0, &a, 8);
    std::memcpy(&b0, &b, 8);
    if (a0 != b0) return false;
    if (a.size <= kInlineMax) {
      uint64_t a1, b1;
      std::memcpy(&a1, reinterpret_cast<const char*>(&a) + 8, 8);
      std::memcpy(&b1, reinterpret_cast<const char*>(&b) + 8, 8);
      return a1 == b1;
    }
    return std::memcmp(Ptr(a) + 4, Ptr(b) + 4, a.size - 4) == 0;
  }
  bool RowsEqual(int64_t a, int64_t b) const { return Equals(views[a], views[b]); }
  uint64_t Hash(int64_t i) const { return XXH3_64bits(Ptr(views[i]), views[i].size); }
};

// ---- Operations, shared by the layouts ----

template <typename Array, typename Match>
int64_t Filter(const Array& a, uint32_t* selection, Match match) {
  int64_t k = 0;
  for (int64_t i = 0; i < a.rows; ++i) {
    selection[k] = static_cast<uint32_t>(i);
    k += match(i) ? 1 : 0;
  }
  return k;
}

/// Open addressing, linear probing; slot = (hash, representative row + 1).
struct GroupTable {
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> rows;
  uint64_t mask;
  explicit GroupTable(int log2) : hashes(size_t{1} << log2), rows(size_t{1} << log2), mask((uint64_t{1} << log2) - 1) {}
  void Clear() { std::fill(rows.begin(), rows.end(), 0); }
};

template <typename Array>
int64_t GroupBy(const Array& a, GroupTable* t, uint32_t* group_of_row) {
  int64_t groups = 0;
  for (int64_t i = 0; i < a.rows; ++i) {
    uint64_t h = a.Hash(i);
    uint64_t slot = h & t->mask;
    while (true) {
      uint32_t r = t->rows[slot];
      if (r == 0) {
        t->hashes[slot] = h;
        t->rows[slot] = static_cast<uint32_t>(i + 1);
        ++groups;
        break;
      }
      if (t->hashes[slot] == h && a.RowsEqual(r - 1, i)) break;
      slot = (slot + 1) & t->mask;
    }
    group_of_row[i] = static_cast<uint32_t>(slot);
  }
  return groups;
}

// ---- Benchmarks ----

int64_t MaxBytes(const Dataset& d) { return d.value_bytes + 64; }

void SetCounters(benchmark::State& state, const Dataset& d, int64_t footprint) {
  state.SetItemsProcessed(state.iterations() * d.rows);
  state.counters["bytes_per_row"] = static_cast<double>(footprint) / static_cast<double>(d.rows);
  state.counters["ns_per_row"] = benchmark::Counter(
      static_cast<double>(d.rows) * 1e-9, benchmark::Counter::kIsIterationInvariantRate |
                                              benchmark::Counter::kInvert);
}

void BM_Build(benchmark::State& state, Layout layout, Dist dist, int64_t rows) {
  const Dataset& d = GetDataset(dist, rows);
  int64_t footprint = 0;
  if (layout == Layout::kOffsets32 || layout == Layout::kOffsets64) {
    auto run = [&](auto& array) {
      array.Build(d.page.data());  // untimed: fault the output pages in
      for (auto _ : state) {
        if (!array.Build(d.page.data())) state.SkipWithError("int32 offsets overflow");
        benchmark::DoNotOptimize(array.data.get());
        benchmark::ClobberMemory();
      }
      footprint = array.Footprint();
    };
    if (layout == Layout::kOffsets32) {
      OffsetArray<int32_t> a(rows, MaxBytes(d));
      run(a);
    } else {
      OffsetArray<int64_t> a(rows, MaxBytes(d));
      run(a);
    }
  } else {
    ViewArray a(rows, MaxBytes(d));
    a.Build(d.page.data(), false);  // untimed: fault the output pages in
    for (auto _ : state) {
      a.Build(d.page.data(), layout == Layout::kViewsIntoPage);
      benchmark::DoNotOptimize(a.views.get());
      benchmark::ClobberMemory();
    }
    footprint = a.Footprint();
  }
  SetCounters(state, d, footprint);
}

void BM_Filter(benchmark::State& state, Layout layout, Dist dist, int64_t rows) {
  const Dataset& d = GetDataset(dist, rows);
  std::unique_ptr<uint32_t[]> selection(new uint32_t[rows]);
  int64_t matches = 0, footprint = 0;
  auto run = [&](const auto& array, auto match) {
    for (auto _ : state) {
      matches = Filter(array, selection.get(), match);
      benchmark::DoNotOptimize(matches);
    }
    footprint = array.Footprint();
  };
  if (layout == Layout::kOffsets32) {
    OffsetArray<int32_t> a(rows, MaxBytes(d));
    a.Build(d.page.data());
    run(a, [&](int64_t i) { return a.EqualsConstant(i, d.needle); });
  } else if (layout == Layout::kOffsets64) {
    OffsetArray<int64_t> a(rows, MaxBytes(d));
    a.Build(d.page.data());
    run(a, [&](int64_t i) { return a.EqualsConstant(i, d.needle); });
  } else {
    ViewArray a(rows, MaxBytes(d));
    a.Build(d.page.data(), false);
    View c = ViewArray::Make(d.needle);
    // A long constant lives in a third "buffer": point buffer 1 at it for the compare.
    if (c.size > kInlineMax) {
      a.buffers[1] = reinterpret_cast<const uint8_t*>(d.needle.data());
      c.ref.buffer = 1;
      c.ref.offset = 0;
    }
    run(a, [&](int64_t i) { return a.Equals(a.views[i], c); });
  }
  state.counters["matches"] = static_cast<double>(matches);
  SetCounters(state, d, footprint);
}

void BM_Hash(benchmark::State& state, Layout layout, Dist dist, int64_t rows) {
  const Dataset& d = GetDataset(dist, rows);
  std::unique_ptr<uint64_t[]> hashes(new uint64_t[rows]);
  int64_t footprint = 0;
  auto run = [&](const auto& array) {
    for (auto _ : state) {
      for (int64_t i = 0; i < rows; ++i) hashes[i] = array.Hash(i);
      benchmark::DoNotOptimize(hashes.get());
      benchmark::ClobberMemory();
    }
    footprint = array.Footprint();
  };
  if (layout == Layout::kOffsets32) {
    OffsetArray<int32_t> a(rows, MaxBytes(d));
    a.Build(d.page.data());
    run(a);
  } else if (layout == Layout::kOffsets64) {
    OffsetArray<int64_t> a(rows, MaxBytes(d));
    a.Build(d.page.data());
    run(a);
  } else {
    ViewArray a(rows, MaxBytes(d));
    a.Build(d.page.data(), false);
    run(a);
  }
  SetCounters(state, d, footprint);
}

void BM_GroupBy(benchmark::State& state, Layout layout, Dist dist, int64_t rows) {
  const Dataset& d = GetDataset(dist, rows);
  GroupTable table(18);  // 262144 slots for 100000 groups
  std::unique_ptr<uint32_t[]> groups_of_rows(new uint32_t[rows]);
  int64_t groups = 0, footprint = 0;
  auto run = [&](const auto& array) {
    for (auto _ : state) {
      state.PauseTiming();
      table.Clear();
      state.ResumeTiming();
      groups = GroupBy(array, &table, groups_of_rows.get());
      benchmark::DoNotOptimize(groups);
    }
    footprint = array.Footprint();
  };
  if (layout == Layout::kOffsets32) {
    OffsetArray<int32_t> a(rows, MaxBytes(d));
    a.Build(d.page.data());
    run(a);
  } else if (layout == Layout::kOffsets64) {
    OffsetArray<int64_t> a(rows, MaxBytes(d));
    a.Build(d.page.data());
    run(a);
  } else {
    ViewArray a(rows, MaxBytes(d));
    a.Build(d.page.data(), false);
    run(a);
  }
  if (groups > kDistinct) state.SkipWithError("wrong group count");
  state.counters["groups"] = static_cast<double>(groups);
  SetCounters(state, d, footprint);
}

double Min(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

// CPU time and a min over repetitions: the machine is shared, and preemption only adds.
void Configure(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)->ComputeStatistics("min", Min);
}

void RegisterAll() {
  const int64_t kRows[] = {1000000, 10000000};
  const Dist kDists[] = {Dist::kShort, Dist::kMedium};
  for (int64_t rows : kRows) {
    for (Dist dist : kDists) {
      std::string suffix = std::string("/") + DistName(dist) + "/" + std::to_string(rows / 1000000) + "M";
      for (Layout l : {Layout::kOffsets32, Layout::kOffsets64, Layout::kViews, Layout::kViewsIntoPage}) {
        benchmark::RegisterBenchmark((std::string("build/") + LayoutName(l) + suffix).c_str(),
                                     BM_Build, l, dist, rows)
            ->Apply(Configure);
      }
      for (Layout l : {Layout::kOffsets32, Layout::kOffsets64, Layout::kViews}) {
        benchmark::RegisterBenchmark((std::string("filter/") + LayoutName(l) + suffix).c_str(),
                                     BM_Filter, l, dist, rows)
            ->Apply(Configure);
        benchmark::RegisterBenchmark((std::string("hash/") + LayoutName(l) + suffix).c_str(),
                                     BM_Hash, l, dist, rows)
            ->Apply(Configure);
        benchmark::RegisterBenchmark((std::string("groupby/") + LayoutName(l) + suffix).c_str(),
                                     BM_GroupBy, l, dist, rows)
            ->Apply(Configure);
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  RegisterAll();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
