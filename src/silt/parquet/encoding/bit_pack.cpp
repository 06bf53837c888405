#include "silt/parquet/encoding/bit_pack.h"

#include <algorithm>
#include <array>
#include <utility>

#include "silt/common/bit_util.h"

namespace silt::parquet {
namespace {

// One value of a group of 8 packed values of width W. With W and I known at compile time
// every shift and mask is a constant, so a group unpacks into 8 unaligned 64-bit loads,
// shifts and ands. `in` must have W + 8 readable bytes (the last load may run past the group).
template <typename Out, int W, int I>
inline void UnpackOne(const uint8_t* in, Out* out) {
  constexpr int kBit = I * W;
  constexpr int kByte = kBit / 8;
  constexpr int kShift = kBit % 8;
  constexpr uint64_t kMask = W == 64 ? ~uint64_t{0} : (uint64_t{1} << W) - 1;
  uint64_t v = LoadLittleEndian<uint64_t>(in + kByte) >> kShift;
  if constexpr (kShift + W > 64) {
    v |= static_cast<uint64_t>(in[kByte + 8]) << (64 - kShift);
  }
  out[I] = static_cast<Out>(v & kMask);
}

template <typename Out, int W, int... I>
inline void UnpackGroup(const uint8_t* in, Out* out, std::integer_sequence<int, I...>) {
  (UnpackOne<Out, W, I>(in, out), ...);
}

template <typename Out, int W>
void UnpackWidth(const uint8_t* in, int64_t in_size, int64_t num_values, Out* out) {
  if constexpr (W == 0) {
    std::fill(out, out + num_values, Out{0});
  } else {
    constexpr auto kSeq = std::make_integer_sequence<int, 8>();
    const int64_t groups = num_values / 8;
    // Groups whose 8-byte loads stay inside the input take the direct path.
    int64_t fast = in_size >= W + 8 ? (in_size - W - 8) / W + 1 : 0;
    fast = std::min(fast, groups);
    for (int64_t g = 0; g < fast; ++g) UnpackGroup<Out, W>(in + g * W, out + g * 8, kSeq);
    // The last few groups (and a partial tail group) go through a zero-padded copy.
    int64_t done = fast * 8;
    const uint8_t* pos = in + fast * W;
    const uint8_t* end = in + in_size;
    while (done < num_values) {
      uint8_t padded[W + 8] = {};
      std::memcpy(padded, pos, static_cast<size_t>(std::min<int64_t>(W, end - pos)));
      Out group[8];
      UnpackGroup<Out, W>(padded, group, kSeq);
      const int64_t take = std::min<int64_t>(8, num_values - done);
      std::copy(group, group + take, out + done);
      done += take;
      pos += std::min<int64_t>(W, end - pos);
    }
  }
}

template <typename Out>
using UnpackFn = void (*)(const uint8_t*, int64_t, int64_t, Out*);

template <typename Out, int... W>
constexpr auto MakeUnpackTable(std::integer_sequence<int, W...>) {
  return std::array<UnpackFn<Out>, sizeof...(W)>{&UnpackWidth<Out, W>...};
}

constexpr auto kUnpack16 = MakeUnpackTable<uint16_t>(std::make_integer_sequence<int, 17>());
constexpr auto kUnpack32 = MakeUnpackTable<uint32_t>(std::make_integer_sequence<int, 33>());
constexpr auto kUnpack64 = MakeUnpackTable<uint64_t>(std::make_integer_sequence<int, 65>());

// Packs with an accumulator wide enough to hold a pending partial word plus one value.
template <typename In, typename Acc, typename Word>
void PackImpl(const In* values, int64_t num_values, int bit_width, uint8_t* out) {
  if (bit_width == 0) return;
  constexpr int kWordBits = sizeof(Word) * 8;
  const In mask = bit_width == static_cast<int>(sizeof(In) * 8)
                      ? static_cast<In>(~In{0})
                      : static_cast<In>((In{1} << bit_width) - 1);
  Acc acc = 0;
  int bits = 0;
  for (int64_t i = 0; i < num_values; ++i) {
    acc |= static_cast<Acc>(values[i] & mask) << bits;
    bits += bit_width;
    if (bits >= kWordBits) {
      const Word word = static_cast<Word>(acc);
      std::memcpy(out, &word, sizeof(Word));
      out += sizeof(Word);
      acc >>= kWordBits;
      bits -= kWordBits;
    }
  }
  while (bits > 0) {
    *out++ = static_cast<uint8_t>(acc);
    acc >>= 8;
    bits -= 8;
  }
}

}  // namespace

void UnpackBits(const uint8_t* in, int64_t in_size, int bit_width, int64_t num_values,
                uint16_t* out) {
  kUnpack16[static_cast<size_t>(bit_width)](in, in_size, num_values, out);
}

void UnpackBits(const uint8_t* in, int64_t in_size, int bit_width, int64_t num_values,
                uint32_t* out) {
  kUnpack32[static_cast<size_t>(bit_width)](in, in_size, num_values, out);
}

void UnpackBits(const uint8_t* in, int64_t in_size, int bit_width, int64_t num_values,
                uint64_t* out) {
  kUnpack64[static_cast<size_t>(bit_width)](in, in_size, num_values, out);
}

void PackBits(const uint32_t* values, int64_t num_values, int bit_width, uint8_t* out) {
  PackImpl<uint32_t, uint64_t, uint32_t>(values, num_values, bit_width, out);
}

void PackBits(const uint64_t* values, int64_t num_values, int bit_width, uint8_t* out) {
  PackImpl<uint64_t, unsigned __int128, uint64_t>(values, num_values, bit_width, out);
}

void CopyBitmap(const uint8_t* src, int64_t src_offset, uint8_t* dst, int64_t dst_offset,
                int64_t length) {
  if (length <= 0) return;
  // Bring the destination to a byte boundary bit by bit.
  while (length > 0 && (dst_offset & 7) != 0) {
    bit_util::SetBitTo(dst, dst_offset++, bit_util::GetBit(src, src_offset++));
    --length;
  }
  const int shift = static_cast<int>(src_offset & 7);
  const uint8_t* s = src + (src_offset >> 3);
  uint8_t* d = dst + (dst_offset >> 3);
  if (shift == 0) {
    const int64_t whole = length >> 3;
    std::memcpy(d, s, static_cast<size_t>(whole));
    s += whole;
    d += whole;
    length -= whole * 8;
  } else {
    // 64 destination bits come from 9 source bytes; the 9th byte exists while more than
    // 64 source bits remain after this word.
    while (length > 64) {
      uint64_t word = LoadLittleEndian<uint64_t>(s) >> shift;
      word |= static_cast<uint64_t>(s[8]) << (64 - shift);
      std::memcpy(d, &word, 8);
      s += 8;
      d += 8;
      length -= 64;
    }
    while (length >= 8) {
      const uint32_t hi = length > 8 - shift ? s[1] : 0;
      *d++ = static_cast<uint8_t>((s[0] >> shift) | (hi << (8 - shift)));
      ++s;
      length -= 8;
    }
  }
  for (int64_t i = 0; i < length; ++i) {
    bit_util::SetBitTo(d, i, bit_util::GetBit(s, shift + i));
  }
}

}  // namespace silt::parquet
