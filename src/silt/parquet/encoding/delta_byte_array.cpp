#include "silt/parquet/encoding/delta_byte_array.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "silt/parquet/encoding/bit_pack.h"
#include "silt/parquet/encoding/delta_binary_packed.h"

namespace silt::parquet {
namespace {

// Decodes a whole DELTA_BINARY_PACKED stream of int32 lengths into `out`.
Status DecodeAllLengths(const uint8_t* data, int64_t size, int64_t max_values,
                        std::vector<int32_t>* out, int64_t* bytes_consumed) {
  DeltaBinaryPackedDecoder<int32_t> decoder;
  SILT_RETURN_NOT_OK(decoder.Init(data, size, max_values));
  out->resize(static_cast<size_t>(decoder.total_values()));
  SILT_ASSIGN_OR_RETURN(int64_t got, decoder.GetBatch(out->data(), decoder.total_values()));
  if (got != decoder.total_values()) return Status::Internal("delta length count mismatch");
  *bytes_consumed = decoder.bytes_consumed();
  return Status::OK();
}

// Appends offsets for `n` values of the given lengths after Reserve made room.
void AppendOffsets(BinaryOutput* out, const int32_t* lengths, int64_t n) {
  int64_t end = out->last_offset();
  auto* offsets = reinterpret_cast<int64_t*>(out->offsets->mutable_data() + out->offsets->size());
  for (int64_t i = 0; i < n; ++i) {
    end += lengths[i];
    offsets[i] = end;
  }
  out->offsets->UnsafeSetSize(out->offsets->size() + n * 8);
}

}  // namespace

Status DeltaLengthByteArrayDecoder::Init(const uint8_t* data, int64_t size, int64_t max_values) {
  lengths_.clear();
  next_ = 0;
  bytes_consumed_ = 0;
  int64_t header = 0;
  SILT_RETURN_NOT_OK(DecodeAllLengths(data, size, max_values, &lengths_, &header));
  int32_t min_length = 0;
  int64_t total = 0;
  for (int32_t len : lengths_) {
    min_length = std::min(min_length, len);
    total += len;
  }
  if (min_length < 0) {
    lengths_.clear();
    return Status::Corrupt("DELTA_LENGTH_BYTE_ARRAY has a negative length " +
                           std::to_string(min_length));
  }
  if (total > size - header) {
    lengths_.clear();
    return Status::Corrupt("DELTA_LENGTH_BYTE_ARRAY lengths total " + std::to_string(total) +
                           " bytes but only " + std::to_string(size - header) + " remain");
  }
  bytes_ = data + header;
  bytes_consumed_ = header + total;
  return Status::OK();
}

Result<int64_t> DeltaLengthByteArrayDecoder::GetBatch(BinaryOutput* out, int64_t n) {
  n = std::max<int64_t>(0, std::min(n, values_left()));
  const int32_t* lengths = lengths_.data() + next_;
  int64_t total = 0;
  for (int64_t i = 0; i < n; ++i) total += lengths[i];
  SILT_RETURN_NOT_OK(out->Reserve(n, total));
  AppendOffsets(out, lengths, n);
  // The values' bytes are contiguous in the input: one copy.
  if (total > 0) out->data->UnsafeAppend(bytes_, total);
  bytes_ += total;
  next_ += n;
  return n;
}

int64_t DeltaLengthByteArrayDecoder::GetViews(std::string_view* out, int64_t n) {
  n = std::max<int64_t>(0, std::min(n, values_left()));
  for (int64_t i = 0; i < n; ++i) {
    const int32_t len = lengths_[static_cast<size_t>(next_ + i)];
    out[i] = std::string_view(reinterpret_cast<const char*>(bytes_), static_cast<size_t>(len));
    bytes_ += len;
  }
  next_ += n;
  return n;
}

int64_t DeltaLengthByteArrayDecoder::Skip(int64_t n) {
  n = std::max<int64_t>(0, std::min(n, values_left()));
  for (int64_t i = 0; i < n; ++i) bytes_ += lengths_[static_cast<size_t>(next_ + i)];
  next_ += n;
  return n;
}

Status DeltaByteArrayDecoder::Init(const uint8_t* data, int64_t size, int64_t max_values) {
  prefix_lengths_.clear();
  next_ = 0;
  last_value_.clear();
  SILT_RETURN_NOT_OK(DecodeAllLengths(data, size, max_values, &prefix_lengths_, &prefix_bytes_));
  Status st = suffixes_.Init(data + prefix_bytes_, size - prefix_bytes_, max_values);
  if (st.ok() && suffixes_.total_values() != total_values()) {
    st = Status::Corrupt("DELTA_BYTE_ARRAY has " + std::to_string(total_values()) +
                         " prefix lengths but " + std::to_string(suffixes_.total_values()) +
                         " suffixes");
  }
  // Each prefix must come from the previous value (the first value has no previous).
  int64_t previous_length = 0;
  for (size_t i = 0; st.ok() && i < prefix_lengths_.size(); ++i) {
    const int32_t prefix = prefix_lengths_[i];
    if (prefix < 0 || prefix > previous_length) {
      st = Status::Corrupt("DELTA_BYTE_ARRAY prefix length " + std::to_string(prefix) +
                           " of value " + std::to_string(i) + " exceeds the previous value's " +
                           std::to_string(previous_length) + " bytes");
    }
    previous_length = int64_t{prefix} + suffixes_.lengths_[i];
  }
  if (!st.ok()) prefix_lengths_.clear();
  return st;
}

Result<int64_t> DeltaByteArrayDecoder::GetBatch(BinaryOutput* out, int64_t n) {
  n = std::max<int64_t>(0, std::min(n, values_left()));
  const int32_t* prefixes = prefix_lengths_.data() + next_;
  const int32_t* suffixes = suffixes_.lengths_.data() + next_;
  int64_t total = 0;
  for (int64_t i = 0; i < n; ++i) total += int64_t{prefixes[i]} + suffixes[i];
  SILT_RETURN_NOT_OK(out->Reserve(n, total));
  // Reserved up front, so earlier values in this batch stay put and serve as prefixes.
  const uint8_t* previous = reinterpret_cast<const uint8_t*>(last_value_.data());
  int64_t previous_length = static_cast<int64_t>(last_value_.size());
  int64_t end = out->last_offset();
  auto* offsets = reinterpret_cast<int64_t*>(out->offsets->mutable_data() + out->offsets->size());
  Buffer* data = out->data;
  for (int64_t i = 0; i < n; ++i) {
    uint8_t* dst = data->mutable_data() + data->size();
    const int64_t length = int64_t{prefixes[i]} + suffixes[i];
    if (prefixes[i] > 0) std::memcpy(dst, previous, static_cast<size_t>(prefixes[i]));
    if (suffixes[i] > 0)
      std::memcpy(dst + prefixes[i], suffixes_.bytes_, static_cast<size_t>(suffixes[i]));
    suffixes_.bytes_ += suffixes[i];
    data->UnsafeSetSize(data->size() + length);
    end += length;
    offsets[i] = end;
    previous = dst;
    previous_length = length;
  }
  out->offsets->UnsafeSetSize(out->offsets->size() + n * 8);
  if (n > 0)
    last_value_.assign(reinterpret_cast<const char*>(previous),
                       static_cast<size_t>(previous_length));
  suffixes_.next_ += n;
  next_ += n;
  return n;
}

Result<int64_t> DeltaByteArrayDecoder::GetBatchFixed(uint8_t* out, int32_t type_length, int64_t n) {
  n = std::max<int64_t>(0, std::min(n, values_left()));
  const int32_t* prefixes = prefix_lengths_.data() + next_;
  const int32_t* suffixes = suffixes_.lengths_.data() + next_;
  for (int64_t i = 0; i < n; ++i) {
    if (int64_t{prefixes[i]} + suffixes[i] != type_length) {
      return Status::Corrupt(
          "DELTA_BYTE_ARRAY value of " + std::to_string(int64_t{prefixes[i]} + suffixes[i]) +
          " bytes in a FIXED_LEN_BYTE_ARRAY(" + std::to_string(type_length) + ") column");
    }
  }
  const uint8_t* previous = reinterpret_cast<const uint8_t*>(last_value_.data());
  for (int64_t i = 0; i < n; ++i) {
    uint8_t* dst = out + i * type_length;
    if (prefixes[i] > 0) std::memcpy(dst, previous, static_cast<size_t>(prefixes[i]));
    if (suffixes[i] > 0)
      std::memcpy(dst + prefixes[i], suffixes_.bytes_, static_cast<size_t>(suffixes[i]));
    suffixes_.bytes_ += suffixes[i];
    previous = dst;
  }
  if (n > 0)
    last_value_.assign(reinterpret_cast<const char*>(previous), static_cast<size_t>(type_length));
  suffixes_.next_ += n;
  next_ += n;
  return n;
}

Result<int64_t> DeltaByteArrayDecoder::Skip(int64_t n) {
  n = std::max<int64_t>(0, std::min(n, values_left()));
  for (int64_t i = 0; i < n; ++i) {
    const int32_t suffix = suffixes_.lengths_[static_cast<size_t>(next_ + i)];
    last_value_.resize(static_cast<size_t>(prefix_lengths_[static_cast<size_t>(next_ + i)]));
    last_value_.append(reinterpret_cast<const char*>(suffixes_.bytes_),
                       static_cast<size_t>(suffix));
    suffixes_.bytes_ += suffix;
  }
  suffixes_.next_ += n;
  next_ += n;
  return n;
}

namespace {

template <typename GetValue>
Status CheckLengths(int64_t n, const GetValue& get) {
  for (int64_t i = 0; i < n; ++i) {
    if (get(i).size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
      return Status::InvalidArgument("byte array value of " + std::to_string(get(i).size()) +
                                     " bytes cannot be written");
    }
  }
  return Status::OK();
}

template <typename GetValue>
Status EncodeDeltaLength(int64_t n, const GetValue& get, std::string* out) {
  SILT_RETURN_NOT_OK(CheckLengths(n, get));
  DeltaBinaryPackedEncoder<int32_t> lengths;
  int32_t chunk[256];
  for (int64_t i = 0; i < n; i += 256) {
    const int64_t k = std::min<int64_t>(256, n - i);
    for (int64_t j = 0; j < k; ++j) chunk[j] = static_cast<int32_t>(get(i + j).size());
    lengths.Put(chunk, k);
  }
  lengths.Finish(out);
  for (int64_t i = 0; i < n; ++i) out->append(get(i));
  return Status::OK();
}

size_t CommonPrefix(std::string_view a, std::string_view b) {
  const size_t limit = std::min(a.size(), b.size());
  size_t i = 0;
  while (i + 8 <= limit && std::memcmp(a.data() + i, b.data() + i, 8) == 0) i += 8;
  while (i < limit && a[i] == b[i]) ++i;
  return i;
}

template <typename GetValue>
Status EncodeDelta(int64_t n, const GetValue& get, std::string* out) {
  SILT_RETURN_NOT_OK(CheckLengths(n, get));
  DeltaBinaryPackedEncoder<int32_t> prefixes;
  std::vector<std::string_view> suffixes(static_cast<size_t>(n));
  std::string_view previous;
  for (int64_t i = 0; i < n; ++i) {
    const std::string_view value = get(i);
    const auto prefix = static_cast<int32_t>(CommonPrefix(previous, value));
    prefixes.Put(&prefix, 1);
    suffixes[static_cast<size_t>(i)] = value.substr(static_cast<size_t>(prefix));
    previous = value;
  }
  prefixes.Finish(out);
  return EncodeDeltaLength(
      n, [&](int64_t i) { return suffixes[static_cast<size_t>(i)]; }, out);
}

std::string_view ViewAt(const int64_t* offsets, const uint8_t* data, int64_t i) {
  return {reinterpret_cast<const char*>(data) + offsets[i],
          static_cast<size_t>(offsets[i + 1] - offsets[i])};
}

}  // namespace

Status EncodeDeltaLengthByteArray(const int64_t* offsets, const uint8_t* data, int64_t n,
                                  std::string* out) {
  return EncodeDeltaLength(
      n, [&](int64_t i) { return ViewAt(offsets, data, i); }, out);
}

Status EncodeDeltaLengthByteArray(const std::string_view* values, int64_t n, std::string* out) {
  return EncodeDeltaLength(
      n, [&](int64_t i) { return values[i]; }, out);
}

Status EncodeDeltaByteArray(const int64_t* offsets, const uint8_t* data, int64_t n,
                            std::string* out) {
  return EncodeDelta(
      n, [&](int64_t i) { return ViewAt(offsets, data, i); }, out);
}

Status EncodeDeltaByteArray(const std::string_view* values, int64_t n, std::string* out) {
  return EncodeDelta(
      n, [&](int64_t i) { return values[i]; }, out);
}

Status EncodeDeltaByteArrayFixed(const uint8_t* values, int32_t type_length, int64_t n,
                                 std::string* out) {
  return EncodeDelta(
      n,
      [&](int64_t i) {
        return std::string_view(reinterpret_cast<const char*>(values) + i * type_length,
                                static_cast<size_t>(type_length));
      },
      out);
}

}  // namespace silt::parquet
