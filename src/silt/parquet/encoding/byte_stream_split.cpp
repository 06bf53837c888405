#include "silt/parquet/encoding/byte_stream_split.h"

#include <cstring>

namespace silt::parquet {
namespace {

// With the width a compile-time constant, a value is gathered from its W streams into a
// register and stored once.
template <int W>
void GatherFixed(const uint8_t* streams, int64_t stride, int64_t n, uint8_t* out) {
  for (int64_t i = 0; i < n; ++i) {
    uint8_t value[W];
    for (int k = 0; k < W; ++k) value[k] = streams[k * stride + i];
    std::memcpy(out + i * W, value, W);
  }
}

void GatherAny(const uint8_t* streams, int64_t stride, int width, int64_t n, uint8_t* out) {
  for (int k = 0; k < width; ++k) {
    const uint8_t* stream = streams + k * stride;
    for (int64_t i = 0; i < n; ++i) out[i * width + k] = stream[i];
  }
}

template <int W>
void ScatterFixed(const uint8_t* values, int64_t n, uint8_t* streams) {
  for (int64_t i = 0; i < n; ++i) {
    uint8_t value[W];
    std::memcpy(value, values + i * W, W);
    for (int k = 0; k < W; ++k) streams[k * n + i] = value[k];
  }
}

}  // namespace

Status DecodeByteStreamSplit(const uint8_t* data, int64_t size, int width, int64_t start, int64_t n,
                             uint8_t* out) {
  if (width <= 0 || start < 0 || n < 0) {
    return Status::InvalidArgument("bad BYTE_STREAM_SPLIT width or range");
  }
  if (size % width != 0) {
    return Status::Corrupt("BYTE_STREAM_SPLIT data of " + std::to_string(size) +
                           " bytes is not a multiple of the value width " + std::to_string(width));
  }
  const int64_t num_values = size / width;
  if (start > num_values || n > num_values - start) {
    return Status::Corrupt("BYTE_STREAM_SPLIT page holds " + std::to_string(num_values) +
                           " values; asked for " + std::to_string(n) + " from value " +
                           std::to_string(start));
  }
  const uint8_t* streams = data + start;
  switch (width) {
    case 2:
      GatherFixed<2>(streams, num_values, n, out);
      break;
    case 4:
      GatherFixed<4>(streams, num_values, n, out);
      break;
    case 8:
      GatherFixed<8>(streams, num_values, n, out);
      break;
    case 16:
      GatherFixed<16>(streams, num_values, n, out);
      break;
    default:
      GatherAny(streams, num_values, width, n, out);
      break;
  }
  return Status::OK();
}

void EncodeByteStreamSplit(const uint8_t* values, int64_t n, int width, std::string* out) {
  const size_t start = out->size();
  out->resize(start + static_cast<size_t>(n * width));
  auto* streams = reinterpret_cast<uint8_t*>(out->data() + start);
  switch (width) {
    case 2:
      ScatterFixed<2>(values, n, streams);
      break;
    case 4:
      ScatterFixed<4>(values, n, streams);
      break;
    case 8:
      ScatterFixed<8>(values, n, streams);
      break;
    default:
      for (int k = 0; k < width; ++k) {
        for (int64_t i = 0; i < n; ++i) streams[k * n + i] = values[i * width + k];
      }
      break;
  }
}

}  // namespace silt::parquet
