#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "silt/common/status.h"
#include "silt/parquet/encoding/binary_output.h"

namespace silt::parquet {

/// Streaming decoder of the RLE / bit-packing hybrid encoding (Parquet RLE = 3) for bit
/// widths 0..32: a sequence of runs, each either one value repeated (RLE) or groups of 8
/// bit-packed values. `data` holds the runs only (no length prefix) and must outlive the
/// decoder. Calls may be interleaved freely; each continues where the last stopped.
///
/// Every Get* returns the number of values produced, fewer than asked only at the end of
/// the input, or Corrupt for a malformed run (truncated or overflowing header, truncated RLE
/// value, bit width outside 0..32). A bit-packed run cut short by the end of the input
/// yields the values it fully contains.
class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder() = default;
  /// Decodes the runs in [data, data + size) with `bit_width` bits per value.
  RleBitPackedDecoder(const uint8_t* data, int64_t size, int bit_width) {
    Reset(data, size, bit_width);
  }
  /// Restarts on new input. An invalid bit width makes every later Get* return Corrupt.
  void Reset(const uint8_t* data, int64_t size, int bit_width);

  int bit_width() const { return bit_width_; }

  /// Decodes up to `n` values. Values with bit 31 set come out negative.
  Result<int64_t> GetBatch(int32_t* out, int64_t n);
  /// Decodes up to `n` values into 16 bits (levels); needs bit_width <= 16.
  Result<int64_t> GetBatch(int16_t* out, int64_t n);
  /// Decodes up to `n` dictionary indices; an index >= dict_size is Corrupt
  /// ("dictionary index out of range").
  Result<int64_t> GetIndices(int32_t* out, int64_t n, int32_t dict_size);
  /// Decodes up to `n` indices and writes dict[index] to out (bounds-checked against
  /// dict_size; RLE runs are checked once and filled).
  template <typename T>
  Result<int64_t> GetBatchWithDictionary(const T* dict, int32_t dict_size, T* out, int64_t n);
  /// Decodes up to `n` indices and appends dict[index] (views into the dictionary page) to
  /// `out`.
  Result<int64_t> GetBatchWithDictionary(const std::string_view* dict, int32_t dict_size,
                                         BinaryOutput* out, int64_t n);
  /// Decodes up to `n` one-bit values into a bitmap at bits [bit_offset, bit_offset + n);
  /// needs bit_width == 1. Bit-packed runs are copied as bitmaps, RLE runs set ranges.
  Result<int64_t> GetBitmap(uint8_t* bits, int64_t bit_offset, int64_t n);
  /// Skips up to `n` values without decoding whole groups.
  Result<int64_t> Skip(int64_t n);

 private:
  static constexpr int64_t kIndexChunk = 512;

  // Reads the next run header; false at the end of the input.
  Result<bool> NextRun();
  // Values from the current bit-packed run only (0 when none are left).
  template <typename Out>
  int64_t GetLiteral(Out* out, int64_t n);
  template <typename Out>
  Result<int64_t> GetBatchImpl(Out* out, int64_t n);
  Result<int64_t> GetLiteralIndices(int32_t* out, int64_t n, int32_t dict_size);
  static Status IndexOutOfRange(uint32_t index, int32_t dict_size);

  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  int value_bytes_ = 0;  // bytes of an RLE run's value
  Status error_;
  // Current RLE run.
  int64_t rle_left_ = 0;
  uint32_t rle_value_ = 0;
  // Current bit-packed run: values not yet unpacked, next group, end of the run's bytes.
  int64_t literal_left_ = 0;
  const uint8_t* literal_pos_ = nullptr;
  const uint8_t* literal_end_ = nullptr;
  // A partially consumed group of 8 unpacked values.
  uint32_t group_[8] = {};
  int group_pos_ = 0;
  int group_end_ = 0;
};

template <typename T>
Result<int64_t> RleBitPackedDecoder::GetBatchWithDictionary(const T* dict, int32_t dict_size,
                                                            T* out, int64_t n) {
  int64_t done = 0;
  int32_t indices[kIndexChunk];
  while (done < n) {
    if (rle_left_ > 0) {
      if (rle_value_ >= static_cast<uint32_t>(std::max(dict_size, 0))) {
        return IndexOutOfRange(rle_value_, dict_size);
      }
      const int64_t take = std::min(rle_left_, n - done);
      std::fill(out + done, out + done + take, dict[rle_value_]);
      rle_left_ -= take;
      done += take;
      continue;
    }
    SILT_ASSIGN_OR_RETURN(int64_t got,
                          GetLiteralIndices(indices, std::min(kIndexChunk, n - done), dict_size));
    if (got > 0) {
      for (int64_t i = 0; i < got; ++i) out[done + i] = dict[indices[i]];
      done += got;
      continue;
    }
    SILT_ASSIGN_OR_RETURN(bool more, NextRun());
    if (!more) break;
  }
  return done;
}

/// Encoder of the RLE / bit-packing hybrid (no length prefix), appending to `sink`, which
/// must outlive it. Follows the usual writer strategy: 8 or more repeats of a value that
/// start on a group boundary become an RLE run, everything else is bit-packed in groups of
/// 8 (runs of at most 63 groups, so each bit-packed header is one byte).
class RleBitPackedEncoder {
 public:
  /// bit_width in 0..32; values must fit in it.
  RleBitPackedEncoder(int bit_width, std::string* sink);

  /// Adds one value.
  void Put(uint32_t value) {
    if (value == current_value_) {
      ++repeat_count_;
      if (repeat_count_ > 8) return;  // extending an RLE run: nothing to buffer
    } else {
      if (repeat_count_ >= 8) FlushRepeatedRun();
      repeat_count_ = 1;
      current_value_ = value;
    }
    buffered_[num_buffered_++] = value;
    if (num_buffered_ == 8) FlushBufferedValues();
  }
  /// Adds `n` values (int16 levels, int32 indices or uint32); long repeats are counted
  /// without per-value work.
  template <typename T>
  void PutBatch(const T* values, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      const auto v = static_cast<uint32_t>(values[i]);
      if (repeat_count_ >= 8 && v == current_value_) {
        int64_t j = i + 1;
        while (j < n && static_cast<uint32_t>(values[j]) == current_value_) ++j;
        repeat_count_ += j - i;
        i = j - 1;
        continue;
      }
      Put(v);
    }
  }
  /// Writes all pending values; a final partial group is padded with zeros. The encoder
  /// may be reused afterwards (new runs follow).
  void Flush();

 private:
  void FlushBufferedValues();
  void FlushLiteralRun(bool close_run);
  void FlushRepeatedRun();

  int bit_width_;
  std::string* sink_;
  uint32_t buffered_[8] = {};
  int num_buffered_ = 0;
  uint32_t current_value_ = 0;
  int64_t repeat_count_ = 0;
  int64_t literal_count_ = 0;   // values in the open bit-packed run
  int64_t indicator_pos_ = -1;  // sink offset of its reserved header byte
};

/// RLE-encoded BOOLEAN values (both data page versions): a 4-byte little-endian length,
/// then hybrid runs of bit width 1. Points `decoder` at the runs and sets *bytes_consumed
/// to 4 + length. Use decoder->GetBitmap to read.
Status InitRleBooleanDecoder(const uint8_t* data, int64_t size, RleBitPackedDecoder* decoder,
                             int64_t* bytes_consumed);
/// Appends `n` booleans from bits [bit_offset, bit_offset + n) in the RLE BOOLEAN format.
void EncodeRleBooleans(const uint8_t* bits, int64_t bit_offset, int64_t n, std::string* out);

/// RLE_DICTIONARY / PLAIN_DICTIONARY data page values: one byte bit width (<= 32), then runs
/// to the end of the data. Empty data yields a decoder with no values.
Status InitDictionaryIndexDecoder(const uint8_t* data, int64_t size, RleBitPackedDecoder* decoder);
/// Appends the bit-width byte and the runs of `n` indices (each < 2^bit_width).
void EncodeDictionaryIndices(const int32_t* indices, int64_t n, int bit_width, std::string* out);

}  // namespace silt::parquet
