// Micro benchmarks of the Parquet value and level decoders (items = decoded values).
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "silt/parquet/encoding/byte_stream_split.h"
#include "silt/parquet/encoding/delta_binary_packed.h"
#include "silt/parquet/encoding/plain.h"
#include "silt/parquet/encoding/rle_bit_packed.h"

namespace silt::parquet {
namespace {

constexpr int64_t kValues = 1 << 20;
constexpr int64_t kBatch = 4096;

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }
int64_t Size(const std::string& s) { return static_cast<int64_t>(s.size()); }

// Random values of the given width: all bit-packed runs.
void BM_RleBitPackedDecode(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  std::mt19937_64 rng(1);
  std::vector<int32_t> values(kValues);
  for (auto& v : values)
    v = static_cast<int32_t>(width == 32 ? rng() : rng() & ((1ull << width) - 1));
  std::string encoded;
  RleBitPackedEncoder encoder(width, &encoded);
  encoder.PutBatch(values.data(), kValues);
  encoder.Flush();
  std::vector<int32_t> out(kBatch);
  for (auto _ : state) {
    RleBitPackedDecoder decoder(Bytes(encoded), Size(encoded), width);
    for (int64_t done = 0; done < kValues; done += kBatch) {
      benchmark::DoNotOptimize(*decoder.GetBatch(out.data(), kBatch));
    }
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_RleBitPackedDecode)->Arg(1)->Arg(3)->Arg(8)->Arg(12)->Arg(17)->Arg(32);

// Definition levels: long runs of 1 with scattered 0s.
void BM_RleLevelsDecode(benchmark::State& state) {
  std::mt19937_64 rng(2);
  std::vector<int16_t> values(kValues);
  for (auto& v : values) v = rng() % 64 == 0 ? 0 : 1;
  std::string encoded;
  RleBitPackedEncoder encoder(1, &encoded);
  encoder.PutBatch(values.data(), kValues);
  encoder.Flush();
  std::vector<int16_t> out(kBatch);
  for (auto _ : state) {
    RleBitPackedDecoder decoder(Bytes(encoded), Size(encoded), 1);
    for (int64_t done = 0; done < kValues; done += kBatch) {
      benchmark::DoNotOptimize(*decoder.GetBatch(out.data(), kBatch));
    }
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_RleLevelsDecode);

void BM_DictionaryGatherInt64(benchmark::State& state) {
  std::mt19937_64 rng(3);
  std::vector<int32_t> indices(kValues);
  for (auto& v : indices) v = static_cast<int32_t>(rng() % 1000);
  std::string encoded;
  EncodeDictionaryIndices(indices.data(), kValues, 10, &encoded);
  std::vector<int64_t> dict(1000);
  std::vector<int64_t> out(kBatch);
  for (auto _ : state) {
    RleBitPackedDecoder decoder;
    (void)InitDictionaryIndexDecoder(Bytes(encoded), Size(encoded), &decoder);
    for (int64_t done = 0; done < kValues; done += kBatch) {
      benchmark::DoNotOptimize(
          *decoder.GetBatchWithDictionary(dict.data(), 1000, out.data(), kBatch));
    }
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_DictionaryGatherInt64);

template <typename T>
void BM_DeltaDecode(benchmark::State& state) {
  std::mt19937_64 rng(4);
  std::vector<T> values(kValues);
  T v = 0;
  for (auto& x : values) x = v += static_cast<T>(rng() % 1000);
  DeltaBinaryPackedEncoder<T> encoder;
  encoder.Put(values.data(), kValues);
  std::string encoded;
  encoder.Finish(&encoded);
  std::vector<T> out(kBatch);
  for (auto _ : state) {
    DeltaBinaryPackedDecoder<T> decoder;
    (void)decoder.Init(Bytes(encoded), Size(encoded));
    for (int64_t done = 0; done < kValues; done += kBatch) {
      benchmark::DoNotOptimize(*decoder.GetBatch(out.data(), kBatch));
    }
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_DeltaDecode<int32_t>);
BENCHMARK(BM_DeltaDecode<int64_t>);

void BM_ByteStreamSplitDecodeDouble(benchmark::State& state) {
  std::vector<double> values(kValues);
  for (int64_t i = 0; i < kValues; ++i) values[i] = static_cast<double>(i) * 0.37;
  std::string encoded;
  EncodeByteStreamSplit(reinterpret_cast<const uint8_t*>(values.data()), kValues, 8, &encoded);
  std::vector<double> out(kValues);
  for (auto _ : state) {
    benchmark::DoNotOptimize(DecodeByteStreamSplit(Bytes(encoded), Size(encoded), 8, 0, kValues,
                                                   reinterpret_cast<uint8_t*>(out.data())));
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_ByteStreamSplitDecodeDouble);

void BM_PlainByteArrayDecode(benchmark::State& state) {
  std::mt19937_64 rng(5);
  std::vector<std::string> strings(kValues);
  for (auto& s : strings) s.assign(rng() % 24, 'x');
  std::vector<std::string_view> views(strings.begin(), strings.end());
  std::string encoded;
  (void)EncodePlainByteArray(views.data(), kValues, &encoded);
  Buffer offsets;
  Buffer data;
  BinaryOutput out{&offsets, &data};
  for (auto _ : state) {
    // Reuse the buffers so the loop measures decoding, not page faults.
    const int64_t zero = 0;
    offsets.UnsafeSetSize(0);
    data.UnsafeSetSize(0);
    (void)offsets.Append(&zero, 8);
    int64_t consumed;
    benchmark::DoNotOptimize(
        DecodePlainByteArray(Bytes(encoded), Size(encoded), kValues, &out, &consumed));
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_PlainByteArrayDecode);

}  // namespace
}  // namespace silt::parquet

BENCHMARK_MAIN();
