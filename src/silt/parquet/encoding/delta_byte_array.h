#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"
#include "silt/parquet/encoding/binary_output.h"

namespace silt::parquet {

/// Decoder of DELTA_LENGTH_BYTE_ARRAY (Parquet 6): DELTA_BINARY_PACKED lengths, then all
/// values' bytes back to back. Init decodes and validates every length (non-negative, total
/// within the input), so batches need no further checks. The input must outlive the decoder.
class DeltaLengthByteArrayDecoder {
 public:
  /// Parses the stream at the start of [data, data + size); more than `max_values` values
  /// (the page's value count, which bounds the lengths array allocated here) is Corrupt.
  Status Init(const uint8_t* data, int64_t size, int64_t max_values);

  int64_t total_values() const { return static_cast<int64_t>(lengths_.size()); }
  int64_t values_left() const { return total_values() - next_; }
  /// Size of the whole encoded stream (lengths and bytes).
  int64_t bytes_consumed() const { return bytes_consumed_; }

  /// Appends up to `n` values to `out`.
  Result<int64_t> GetBatch(BinaryOutput* out, int64_t n);
  /// Returns up to `n` values as views into the input.
  int64_t GetViews(std::string_view* out, int64_t n);
  /// Skips up to `n` values.
  int64_t Skip(int64_t n);

 private:
  friend class DeltaByteArrayDecoder;  // reads lengths_ and bytes_ directly

  std::vector<int32_t> lengths_;
  const uint8_t* bytes_ = nullptr;  // bytes of value next_
  int64_t next_ = 0;
  int64_t bytes_consumed_ = 0;
};

/// Decoder of DELTA_BYTE_ARRAY (Parquet 7): DELTA_BINARY_PACKED prefix lengths, then the
/// suffixes as DELTA_LENGTH_BYTE_ARRAY; each value is the first prefix-length bytes of the
/// previous value followed by its suffix. Init checks every prefix length against the
/// previous value's length (Corrupt otherwise). The input must outlive the decoder.
class DeltaByteArrayDecoder {
 public:
  /// Parses the stream at the start of [data, data + size); more than `max_values` values
  /// is Corrupt. Prefix and suffix counts must match.
  Status Init(const uint8_t* data, int64_t size, int64_t max_values);

  int64_t total_values() const { return static_cast<int64_t>(prefix_lengths_.size()); }
  int64_t values_left() const { return total_values() - next_; }
  /// Size of the whole encoded stream.
  int64_t bytes_consumed() const { return suffixes_.bytes_consumed() + prefix_bytes_; }

  /// Appends up to `n` values to `out` (BYTE_ARRAY).
  Result<int64_t> GetBatch(BinaryOutput* out, int64_t n);
  /// Writes up to `n` values of exactly `type_length` bytes each to `out`
  /// (FIXED_LEN_BYTE_ARRAY); a value of another length is Corrupt.
  Result<int64_t> GetBatchFixed(uint8_t* out, int32_t type_length, int64_t n);
  /// Skips up to `n` values (they are still reconstructed: later values may share them).
  Result<int64_t> Skip(int64_t n);

 private:
  std::vector<int32_t> prefix_lengths_;
  DeltaLengthByteArrayDecoder suffixes_;
  int64_t prefix_bytes_ = 0;
  int64_t next_ = 0;
  std::string last_value_;  // the value before next_
};

/// Appends `n` values given as Arrow int64 offsets (n + 1 entries) into `data` as
/// DELTA_LENGTH_BYTE_ARRAY. Values longer than 2^31 - 1 bytes are InvalidArgument.
Status EncodeDeltaLengthByteArray(const int64_t* offsets, const uint8_t* data, int64_t n,
                                  std::string* out);
/// As above from views.
Status EncodeDeltaLengthByteArray(const std::string_view* values, int64_t n, std::string* out);

/// Appends `n` values given as Arrow int64 offsets as DELTA_BYTE_ARRAY.
Status EncodeDeltaByteArray(const int64_t* offsets, const uint8_t* data, int64_t n,
                            std::string* out);
/// As above from views.
Status EncodeDeltaByteArray(const std::string_view* values, int64_t n, std::string* out);
/// As above for FIXED_LEN_BYTE_ARRAY values of `type_length` bytes each.
Status EncodeDeltaByteArrayFixed(const uint8_t* values, int32_t type_length, int64_t n,
                                 std::string* out);

}  // namespace silt::parquet
