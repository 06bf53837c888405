// Micro benchmarks of deletion vectors: parsing the serialized RoaringBitmapArray (bytes/s)
// and building a scan batch's keep-mask (items = rows of the batch), against a per-row
// Contains loop for reference.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "../tests/delta/roaring_test_serializer.h"
#include "silt/common/bit_util.h"
#include "silt/delta/kernel/deletion_vector.h"

namespace silt::delta {
namespace {

constexpr uint64_t kFileRows = 1 << 22;  // a 4M-row data file
constexpr int64_t kBatch = 8192;

// Deleted rows of a file: 0 = 0.1% scattered, 1 = 10% scattered, 2 = 50% scattered (bitmap
// containers), 3 = 10% in runs of 1000.
std::vector<uint64_t> Deleted(int pattern) {
  std::mt19937_64 rng(7);
  std::vector<uint64_t> rows;
  if (pattern == 3) {
    for (uint64_t r = 0; r + 1000 <= kFileRows; r += 10000) {
      for (uint64_t i = 0; i < 1000; ++i) rows.push_back(r + i);
    }
    return rows;
  }
  const uint64_t one_in = pattern == 0 ? 1000 : pattern == 1 ? 10 : 2;
  for (uint64_t r = 0; r < kFileRows; ++r) {
    if (rng() % one_in == 0) rows.push_back(r);
  }
  return rows;
}

void BM_ParseDeletionVector(benchmark::State& state) {
  const int pattern = static_cast<int>(state.range(0));
  const std::string bytes =
      testing::SerializePortable(Deleted(pattern), testing::ContainerPolicy::kMixed);
  for (auto _ : state) {
    auto dv = ParseDeletionVectorBytes(bytes);
    benchmark::DoNotOptimize(dv);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes.size()));
}
BENCHMARK(BM_ParseDeletionVector)->DenseRange(0, 3);

void BM_FillSelection(benchmark::State& state) {
  const DeletionVector dv =
      DeletionVector::FromRowIndexes(Deleted(static_cast<int>(state.range(0))));
  std::vector<uint8_t> keep(static_cast<size_t>(bit_util::BytesForBits(kBatch)));
  uint64_t first = 0;
  for (auto _ : state) {
    dv.FillSelection(first, kBatch, keep.data());
    benchmark::DoNotOptimize(keep.data());
    first = (first + kBatch) % kFileRows;
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_FillSelection)->DenseRange(0, 3);

void BM_FillSelectionBytes(benchmark::State& state) {
  const DeletionVector dv =
      DeletionVector::FromRowIndexes(Deleted(static_cast<int>(state.range(0))));
  std::vector<uint8_t> keep(static_cast<size_t>(kBatch));
  uint64_t first = 0;
  for (auto _ : state) {
    dv.FillSelectionBytes(first, kBatch, keep.data());
    benchmark::DoNotOptimize(keep.data());
    first = (first + kBatch) % kFileRows;
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_FillSelectionBytes)->DenseRange(0, 3);

void BM_ContainsPerRow(benchmark::State& state) {
  const DeletionVector dv =
      DeletionVector::FromRowIndexes(Deleted(static_cast<int>(state.range(0))));
  std::vector<uint8_t> keep(static_cast<size_t>(kBatch));
  uint64_t first = 0;
  for (auto _ : state) {
    for (int64_t i = 0; i < kBatch; ++i) keep[static_cast<size_t>(i)] = !dv.Contains(first + i);
    benchmark::DoNotOptimize(keep.data());
    first = (first + kBatch) % kFileRows;
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_ContainsPerRow)->DenseRange(0, 3);

}  // namespace
}  // namespace silt::delta

BENCHMARK_MAIN();
