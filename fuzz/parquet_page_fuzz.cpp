// Fuzzes page-level decoding directly: the input is split into a tiny header that chooses
// the column's physical type, levels and codec, and the bytes of one column chunk.
#include <cstdint>
#include <string>

#include "silt/parquet/column_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace silt::parquet;
  if (size < 4) return 0;
  static silt::MemoryPool pool("fuzz", int64_t{256} << 20);
  LeafDescriptor leaf;
  const Type types[] = {Type::kBoolean, Type::kInt32, Type::kInt64, Type::kInt96,
                        Type::kFloat, Type::kDouble, Type::kByteArray, Type::kFixedLenByteArray};
  leaf.physical_type = types[data[0] % 8];
  leaf.type_length = 1 + data[1] % 16;
  leaf.max_def_level = data[2] % 3;
  leaf.max_rep_level = (data[2] / 3) % 2;
  switch (leaf.physical_type) {
    case Type::kBoolean: leaf.type = silt::boolean(); break;
    case Type::kInt32: leaf.type = silt::int32(); break;
    case Type::kInt64: leaf.type = silt::int64(); break;
    case Type::kInt96: leaf.type = silt::timestamp(silt::TimeUnit::kMicro, "UTC");
      leaf.conversion = LeafConversion::kInt96ToMicros; break;
    case Type::kFloat: leaf.type = silt::float32(); break;
    case Type::kDouble: leaf.type = silt::float64(); break;
    case Type::kByteArray: leaf.type = silt::utf8(); leaf.conversion = LeafConversion::kUtf8; break;
    case Type::kFixedLenByteArray: leaf.type = silt::fixed_binary(leaf.type_length);
      leaf.conversion = LeafConversion::kFixedBinary; break;
  }
  const CompressionCodec codecs[] = {CompressionCodec::kUncompressed, CompressionCodec::kSnappy,
                                     CompressionCodec::kGzip, CompressionCodec::kZstd,
                                     CompressionCodec::kLz4Raw, CompressionCodec::kBrotli};
  ColumnMetaData meta;
  meta.type = leaf.physical_type;
  meta.codec = codecs[data[3] % 6];
  meta.num_values = 1 + data[3] / 6 * 7;
  ColumnDecodeOptions options;
  options.pool = &pool;
  ChunkBytes chunk{data + 4, static_cast<int64_t>(size - 4), 4};
  auto result = DecodeColumnChunk(leaf, meta, chunk, meta.num_values, options);
  (void)result;
  return 0;
}
