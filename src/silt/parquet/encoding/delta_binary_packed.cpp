#include "silt/parquet/encoding/delta_binary_packed.h"

#include <algorithm>

#include "silt/parquet/encoding/bit_pack.h"

namespace silt::parquet {
namespace {

// Large enough for any real writer (which use 128), small enough that the products below
// cannot overflow.
constexpr uint64_t kMaxBlockSize = uint64_t{1} << 31;

Status HeaderError(const std::string& what) {
  return Status::Corrupt("DELTA_BINARY_PACKED " + what);
}

}  // namespace

template <typename T>
Status DeltaBinaryPackedDecoder<T>::Init(const uint8_t* data, int64_t size, int64_t max_values) {
  data_ = pos_ = data;
  end_ = data + std::max<int64_t>(size, 0);
  uint64_t block_size;
  uint64_t miniblocks;
  uint64_t total;
  uint64_t first;
  if (!ReadUleb128(&pos_, end_, &block_size) || !ReadUleb128(&pos_, end_, &miniblocks) ||
      !ReadUleb128(&pos_, end_, &total) || !ReadUleb128(&pos_, end_, &first)) {
    pos_ = data_;
    left_ = total_ = 0;
    return HeaderError("header is truncated or malformed");
  }
  left_ = total_ = 0;
  if (block_size == 0 || block_size % 128 != 0 || block_size > kMaxBlockSize) {
    return HeaderError("block size " + std::to_string(block_size) +
                       " is not a positive multiple of 128");
  }
  if (miniblocks == 0 || block_size % miniblocks != 0 || (block_size / miniblocks) % 32 != 0) {
    return HeaderError(std::to_string(miniblocks) + " miniblocks per block of " +
                       std::to_string(block_size) + " values do not give a multiple of 32");
  }
  if (total > static_cast<uint64_t>(std::max<int64_t>(max_values, 0))) {
    return HeaderError("value count " + std::to_string(total) + " exceeds the expected " +
                       std::to_string(max_values));
  }
  miniblocks_ = static_cast<int64_t>(miniblocks);
  miniblock_values_ = static_cast<int64_t>(block_size / miniblocks);
  total_ = left_ = static_cast<int64_t>(total);
  first_pending_ = total > 0;
  // Wider first values and deltas (a writer working in 64 bits) wrap into T.
  last_ = static_cast<U>(ZigZagDecode(first));
  next_miniblock_ = miniblocks_;  // the first delta starts a block
  mb_left_ = 0;
  group_pos_ = group_end_ = 0;
  return Status::OK();
}

template <typename T>
Status DeltaBinaryPackedDecoder<T>::NextMiniblock() {
  if (next_miniblock_ == miniblocks_) {
    uint64_t min_delta;
    if (!ReadUleb128(&pos_, end_, &min_delta)) {
      return HeaderError("block header is truncated or malformed");
    }
    if (end_ - pos_ < miniblocks_) return HeaderError("miniblock bit widths are truncated");
    min_delta_ = static_cast<U>(ZigZagDecode(min_delta));
    widths_ = pos_;
    pos_ += miniblocks_;
    next_miniblock_ = 0;
  }
  const int width = widths_[next_miniblock_++];
  if (width > static_cast<int>(sizeof(T) * 8)) {
    return HeaderError("miniblock bit width " + std::to_string(width) + " exceeds " +
                       std::to_string(sizeof(T) * 8));
  }
  const int64_t bytes = miniblock_values_ / 8 * width;
  if (end_ - pos_ < bytes) return HeaderError("miniblock data is truncated");
  mb_pos_ = pos_;
  mb_end_ = pos_ + bytes;
  pos_ = mb_end_;
  mb_width_ = width;
  mb_left_ = miniblock_values_;
  return Status::OK();
}

template <typename T>
Result<int64_t> DeltaBinaryPackedDecoder<T>::GetBatch(T* out, int64_t n) {
  n = std::min(n, left_);
  if (n <= 0) return int64_t{0};
  U* o = reinterpret_cast<U*>(out);
  int64_t done = 0;
  if (first_pending_) {
    o[done++] = last_;
    first_pending_ = false;
  }
  U last = last_;
  while (done < n) {
    if (group_pos_ < group_end_) {
      last += min_delta_ + group_[group_pos_++];
      o[done++] = last;
      continue;
    }
    if (mb_left_ == 0) {
      last_ = last;
      Status st = NextMiniblock();
      if (!st.ok()) {
        left_ -= done;
        return st;
      }
    }
    const int64_t whole = std::min(n - done, mb_left_) & ~int64_t{7};
    if (whole > 0) {
      // Unpack straight into the output, then turn deltas into values in place.
      UnpackBits(mb_pos_, mb_end_ - mb_pos_, mb_width_, whole, o + done);
      mb_pos_ += whole / 8 * mb_width_;
      mb_left_ -= whole;
      const U md = min_delta_;
      for (int64_t i = done; i < done + whole; ++i) {
        last += md + o[i];
        o[i] = last;
      }
      done += whole;
    } else {
      UnpackBits(mb_pos_, mb_end_ - mb_pos_, mb_width_, 8, group_);
      mb_pos_ += mb_width_;
      mb_left_ -= 8;
      group_pos_ = 0;
      group_end_ = 8;
    }
  }
  last_ = last;
  left_ -= n;
  return n;
}

template <typename T>
Result<int64_t> DeltaBinaryPackedDecoder<T>::Skip(int64_t n) {
  T scratch[256];
  int64_t done = 0;
  while (done < n) {
    SILT_ASSIGN_OR_RETURN(int64_t got, GetBatch(scratch, std::min<int64_t>(256, n - done)));
    if (got == 0) break;
    done += got;
  }
  return done;
}

template <typename T>
void DeltaBinaryPackedEncoder<T>::Put(const T* values, int64_t n) {
  int64_t i = 0;
  if (total_ == 0 && n > 0) {
    first_ = last_ = static_cast<U>(values[0]);
    i = 1;
  }
  for (; i < n; ++i) {
    const auto v = static_cast<U>(values[i]);
    deltas_[num_deltas_++] = static_cast<U>(v - last_);
    last_ = v;
    if (num_deltas_ == kBlockSize) FlushBlock();
  }
  total_ += n;
}

template <typename T>
void DeltaBinaryPackedEncoder<T>::FlushBlock() {
  if (num_deltas_ == 0) return;
  // The frame of reference is the smallest delta read as signed; subtracting it (wrapping)
  // leaves every delta non-negative and within the width of T.
  T min_delta = static_cast<T>(deltas_[0]);
  for (int i = 1; i < num_deltas_; ++i) min_delta = std::min(min_delta, static_cast<T>(deltas_[i]));
  for (int i = 0; i < num_deltas_; ++i)
    deltas_[i] = static_cast<U>(deltas_[i] - static_cast<U>(min_delta));
  std::fill(deltas_ + num_deltas_, deltas_ + kBlockSize, U{0});

  AppendUleb128(ZigZagEncode(static_cast<int64_t>(min_delta)), &blocks_);
  const int used = (num_deltas_ + kMiniblockSize - 1) / kMiniblockSize;
  int widths[kMiniblocks] = {};
  for (int m = 0; m < used; ++m) {
    U max = 0;
    for (int i = 0; i < kMiniblockSize; ++i) max |= deltas_[m * kMiniblockSize + i];
    widths[m] = BitWidthOf(max);
  }
  for (int m = 0; m < kMiniblocks; ++m) blocks_.push_back(static_cast<char>(widths[m]));
  for (int m = 0; m < used; ++m) {
    const size_t old = blocks_.size();
    blocks_.resize(old + static_cast<size_t>(kMiniblockSize / 8 * widths[m]));
    PackBits(deltas_ + m * kMiniblockSize, kMiniblockSize, widths[m],
             reinterpret_cast<uint8_t*>(blocks_.data() + old));
  }
  num_deltas_ = 0;
}

template <typename T>
void DeltaBinaryPackedEncoder<T>::Finish(std::string* out) {
  FlushBlock();
  AppendUleb128(kBlockSize, out);
  AppendUleb128(kMiniblocks, out);
  AppendUleb128(static_cast<uint64_t>(total_), out);
  AppendUleb128(ZigZagEncode(static_cast<int64_t>(static_cast<T>(first_))), out);
  out->append(blocks_);
  blocks_.clear();
  first_ = last_ = 0;
  total_ = 0;
}

template class DeltaBinaryPackedDecoder<int32_t>;
template class DeltaBinaryPackedDecoder<int64_t>;
template class DeltaBinaryPackedEncoder<int32_t>;
template class DeltaBinaryPackedEncoder<int64_t>;

}  // namespace silt::parquet
