#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "silt/common/status.h"

namespace silt::parquet {

/// Streaming decoder of DELTA_BINARY_PACKED (Parquet 5) for T = int32_t or int64_t.
///
/// Layout: header <block size> <miniblocks per block> <total count> <first value (zigzag)>,
/// then blocks of <min delta (zigzag)> <one bit-width byte per miniblock> <miniblocks>.
/// Arithmetic wraps (done unsigned), as the spec requires. Checked: block size a positive
/// multiple of 128, miniblock size a multiple of 32, every used miniblock's bit width at most
/// the width of T, and every block header and used miniblock (including its padding) present
/// in the input. Bit widths of unused trailing miniblocks are ignored, as the spec allows.
/// The input must outlive the decoder.
template <typename T>
class DeltaBinaryPackedDecoder {
  static_assert(std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>);

 public:
  /// Parses the header at the start of [data, data + size). A total count above
  /// `max_values` (e.g. the page's value count) is Corrupt, which bounds what callers
  /// allocate from it.
  Status Init(const uint8_t* data, int64_t size,
              int64_t max_values = std::numeric_limits<int64_t>::max());

  /// The header's total value count.
  int64_t total_values() const { return total_; }
  /// Values not yet returned.
  int64_t values_left() const { return left_; }

  /// Decodes up to `n` values; fewer only when the stream has no more.
  Result<int64_t> GetBatch(T* out, int64_t n);
  /// Skips up to `n` values.
  Result<int64_t> Skip(int64_t n);

  /// Bytes read so far. Once values_left() is 0 this is the size of the whole encoded stream
  /// (header, blocks and the last miniblock's padding), which is where data following it
  /// (DELTA_LENGTH_BYTE_ARRAY bytes, DELTA_BYTE_ARRAY suffixes) begins.
  int64_t bytes_consumed() const { return pos_ - data_; }

 private:
  using U = std::make_unsigned_t<T>;
  Status NextMiniblock();

  const uint8_t* data_ = nullptr;
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  int64_t miniblocks_ = 0;        // per block
  int64_t miniblock_values_ = 0;  // values per miniblock
  int64_t total_ = 0;
  int64_t left_ = 0;
  bool first_pending_ = false;
  U last_ = 0;
  // Current block.
  U min_delta_ = 0;
  const uint8_t* widths_ = nullptr;
  int64_t next_miniblock_ = 0;
  // Current miniblock: next group, end of its bytes, width, deltas left (padding included).
  const uint8_t* mb_pos_ = nullptr;
  const uint8_t* mb_end_ = nullptr;
  int mb_width_ = 0;
  int64_t mb_left_ = 0;
  // One unpacked group of 8 deltas partially consumed.
  U group_[8] = {};
  int group_pos_ = 0;
  int group_end_ = 0;
};

extern template class DeltaBinaryPackedDecoder<int32_t>;
extern template class DeltaBinaryPackedDecoder<int64_t>;

/// Encoder of DELTA_BINARY_PACKED for T = int32_t or int64_t with blocks of 128 values in 4
/// miniblocks of 32 (the common writer layout). Values are buffered until Finish, because
/// the header holds the total count.
template <typename T>
class DeltaBinaryPackedEncoder {
  static_assert(std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>);

 public:
  /// Adds `n` values.
  void Put(const T* values, int64_t n);
  /// Appends the header and all blocks to `out`, then resets for a new stream.
  void Finish(std::string* out);
  /// Values added since the last Finish.
  int64_t num_values() const { return total_; }

 private:
  using U = std::make_unsigned_t<T>;
  static constexpr int kBlockSize = 128;
  static constexpr int kMiniblocks = 4;
  static constexpr int kMiniblockSize = kBlockSize / kMiniblocks;
  void FlushBlock();

  std::string blocks_;
  U deltas_[kBlockSize] = {};
  int num_deltas_ = 0;
  U first_ = 0;
  U last_ = 0;
  int64_t total_ = 0;
};

extern template class DeltaBinaryPackedEncoder<int32_t>;
extern template class DeltaBinaryPackedEncoder<int64_t>;

}  // namespace silt::parquet
