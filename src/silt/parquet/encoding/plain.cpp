#include "silt/parquet/encoding/plain.h"

#include <cstring>
#include <limits>

#include "silt/parquet/encoding/bit_pack.h"

namespace silt::parquet {
namespace {

constexpr int64_t kJulianDayOfEpoch = 2440588;
constexpr int64_t kMicrosPerDay = 86400LL * 1000 * 1000;
constexpr int64_t kShortValue = 16;

Status Truncated(const char* what, int64_t n, int64_t size) {
  return Status::Corrupt(std::string("PLAIN ") + what + " data for " + std::to_string(n) +
                         " values is truncated (" + std::to_string(size) + " bytes)");
}

// Walks the length prefixes of n BYTE_ARRAY values, checking each against the remaining
// input; returns the payload total and the bytes the values occupy.
Status ScanByteArrays(const uint8_t* data, int64_t size, int64_t n, int64_t* payload,
                      int64_t* consumed) {
  if (n < 0) return Status::InvalidArgument("negative value count");
  int64_t pos = 0;
  int64_t total = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (size - pos < 4) return Truncated("BYTE_ARRAY", n, size);
    const auto len = static_cast<int64_t>(LoadLittleEndian<uint32_t>(data + pos));
    pos += 4;
    if (len > size - pos) {
      return Status::Corrupt("PLAIN BYTE_ARRAY value " + std::to_string(i) + " of length " +
                             std::to_string(len) + " exceeds the " + std::to_string(size - pos) +
                             " bytes left");
    }
    pos += len;
    total += len;
  }
  *payload = total;
  *consumed = pos;
  return Status::OK();
}

}  // namespace

Status DecodePlainFixed(const uint8_t* data, int64_t size, int64_t n, int byte_width, void* out,
                        int64_t* bytes_consumed) {
  if (n < 0 || byte_width <= 0) {
    return Status::InvalidArgument("bad PLAIN value count or width");
  }
  if (n > size / byte_width) return Truncated("fixed-width", n, size);
  const int64_t bytes = n * byte_width;
  if (bytes > 0) std::memcpy(out, data, static_cast<size_t>(bytes));
  *bytes_consumed = bytes;
  return Status::OK();
}

Status DecodePlainBooleans(const uint8_t* data, int64_t size, int64_t bit_offset, int64_t n,
                           uint8_t* out_bits, int64_t out_offset) {
  if (n < 0 || bit_offset < 0) return Status::InvalidArgument("bad PLAIN BOOLEAN range");
  if (bit_offset > size * 8 || n > size * 8 - bit_offset) {
    return Truncated("BOOLEAN", n, size);
  }
  CopyBitmap(data, bit_offset, out_bits, out_offset, n);
  return Status::OK();
}

Status DecodePlainInt96(const uint8_t* data, int64_t size, int64_t n, int64_t* out_micros,
                        int64_t* bytes_consumed) {
  if (n < 0) return Status::InvalidArgument("negative value count");
  if (n > size / 12) return Truncated("INT96", n, size);
  // Spark's reading (and writing) of INT96 uses wrapping 64-bit arithmetic, so timestamps
  // beyond the Julian-offset range (e.g. year 290000) round-trip through a wrapped day
  // count. Decode the same way; only a nanos-of-day beyond one day cannot come from any
  // writer and is Corrupt.
  constexpr int64_t kNanosPerDay = kMicrosPerDay * 1000;
  for (int64_t i = 0; i < n; ++i) {
    const uint8_t* p = data + i * 12;
    const auto nanos = static_cast<int64_t>(LoadLittleEndian<uint64_t>(p));
    const auto julian = static_cast<int32_t>(LoadLittleEndian<uint32_t>(p + 8));
    if (nanos <= -kNanosPerDay || nanos >= kNanosPerDay) {
      return Status::Corrupt("INT96 timestamp out of range (nanoseconds of day " +
                             std::to_string(nanos) + ")");
    }
    const uint64_t days = static_cast<uint64_t>(static_cast<int64_t>(julian) - kJulianDayOfEpoch);
    out_micros[i] = static_cast<int64_t>(days * static_cast<uint64_t>(kMicrosPerDay) +
                                         static_cast<uint64_t>(nanos / 1000));
  }
  *bytes_consumed = n * 12;
  return Status::OK();
}

Status DecodePlainByteArray(const uint8_t* data, int64_t size, int64_t n, BinaryOutput* out,
                            int64_t* bytes_consumed) {
  int64_t payload = 0;
  int64_t consumed = 0;
  SILT_RETURN_NOT_OK(ScanByteArrays(data, size, n, &payload, &consumed));
  // 16 spare bytes let short values be copied with one fixed-size (branch-free) copy.
  SILT_RETURN_NOT_OK(out->Reserve(n, payload + kShortValue));
  // Second pass over validated input: offsets and bytes written straight into the
  // reserved buffers.
  int64_t end = out->last_offset();
  auto* offsets = reinterpret_cast<int64_t*>(out->offsets->mutable_data() + out->offsets->size());
  uint8_t* dst = out->data->mutable_data() + out->data->size();
  int64_t pos = 0;
  for (int64_t i = 0; i < n; ++i) {
    const auto len = static_cast<int64_t>(LoadLittleEndian<uint32_t>(data + pos));
    if (len <= kShortValue && pos + 4 + kShortValue <= size) {
      std::memcpy(dst, data + pos + 4, kShortValue);
    } else if (len > 0) {
      std::memcpy(dst, data + pos + 4, static_cast<size_t>(len));
    }
    dst += len;
    end += len;
    offsets[i] = end;
    pos += 4 + len;
  }
  out->offsets->UnsafeSetSize(out->offsets->size() + n * 8);
  out->data->UnsafeSetSize(out->data->size() + payload);
  *bytes_consumed = consumed;
  return Status::OK();
}

Status DecodePlainByteArrayViews(const uint8_t* data, int64_t size, int64_t n,
                                 std::string_view* out, int64_t* bytes_consumed) {
  if (n < 0) return Status::InvalidArgument("negative value count");
  int64_t pos = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (size - pos < 4) return Truncated("BYTE_ARRAY", n, size);
    const auto len = static_cast<int64_t>(LoadLittleEndian<uint32_t>(data + pos));
    pos += 4;
    if (len > size - pos) {
      return Status::Corrupt("PLAIN BYTE_ARRAY value " + std::to_string(i) + " of length " +
                             std::to_string(len) + " exceeds the " + std::to_string(size - pos) +
                             " bytes left");
    }
    out[i] = std::string_view(reinterpret_cast<const char*>(data + pos), static_cast<size_t>(len));
    pos += len;
  }
  *bytes_consumed = pos;
  return Status::OK();
}

void EncodePlainFixed(const void* values, int64_t n, int byte_width, std::string* out) {
  out->append(static_cast<const char*>(values), static_cast<size_t>(n * byte_width));
}

void EncodePlainBooleans(const uint8_t* bits, int64_t bit_offset, int64_t n, std::string* out) {
  const size_t start = out->size();
  out->append(static_cast<size_t>((n + 7) / 8), '\0');
  CopyBitmap(bits, bit_offset, reinterpret_cast<uint8_t*>(out->data() + start), 0, n);
}

Status EncodePlainInt96(const int64_t* micros, int64_t n, std::string* out) {
  out->reserve(out->size() + static_cast<size_t>(n * 12));
  for (int64_t i = 0; i < n; ++i) {
    int64_t days = micros[i] / kMicrosPerDay;
    int64_t rem = micros[i] % kMicrosPerDay;
    if (rem < 0) {
      rem += kMicrosPerDay;
      --days;
    }
    // |days| <= 106751992 for any int64, so the Julian day fits in int32; the decoder's
    // wrapping arithmetic restores the exact value even where days * kMicrosPerDay alone
    // would overflow.
    const auto julian = static_cast<int32_t>(days + kJulianDayOfEpoch);
    AppendLittleEndian<uint64_t>(static_cast<uint64_t>(rem * 1000), out);
    AppendLittleEndian<uint32_t>(static_cast<uint32_t>(julian), out);
  }
  return Status::OK();
}

Status EncodePlainByteArray(const int64_t* offsets, const uint8_t* data, int64_t n,
                            std::string* out) {
  for (int64_t i = 0; i < n; ++i) {
    const int64_t len = offsets[i + 1] - offsets[i];
    if (len < 0 || len > std::numeric_limits<int32_t>::max()) {
      return Status::InvalidArgument("BYTE_ARRAY value of " + std::to_string(len) +
                                     " bytes cannot be written");
    }
  }
  out->reserve(out->size() + static_cast<size_t>(n * 4 + (offsets[n] - offsets[0])));
  for (int64_t i = 0; i < n; ++i) {
    const auto len = static_cast<uint32_t>(offsets[i + 1] - offsets[i]);
    AppendLittleEndian<uint32_t>(len, out);
    out->append(reinterpret_cast<const char*>(data + offsets[i]), len);
  }
  return Status::OK();
}

Status EncodePlainByteArray(const std::string_view* values, int64_t n, std::string* out) {
  for (int64_t i = 0; i < n; ++i) {
    if (values[i].size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
      return Status::InvalidArgument("BYTE_ARRAY value of " + std::to_string(values[i].size()) +
                                     " bytes cannot be written");
    }
    AppendLittleEndian<uint32_t>(static_cast<uint32_t>(values[i].size()), out);
    out->append(values[i]);
  }
  return Status::OK();
}

}  // namespace silt::parquet
