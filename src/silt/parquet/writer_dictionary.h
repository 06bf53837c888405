#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace silt::parquet {

/// The distinct values of one column chunk, in insertion order, with an open-addressing
/// hash table (linear probing, load <= 1/2) from value to dictionary index. Values live in
/// one arena, so inserting never allocates per value. Fixed-width tables (width > 0) hold
/// width bytes per value; width 0 holds variable-length values (BYTE_ARRAY).
class DictionaryTable {
 public:
  /// `width` bytes per value, or 0 for variable-length values.
  explicit DictionaryTable(int width);

  /// Index of the 4- or 8-byte value `v` (width must equal sizeof(T)), inserted when new.
  template <typename T>
  int32_t GetOrInsertScalar(T v) {
    static_assert(sizeof(T) == 4 || sizeof(T) == 8);
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof(T));
    const uint64_t hash = MixBits(bits);
    size_t pos = static_cast<size_t>(hash) & mask_;
    const auto tag = static_cast<uint32_t>(hash >> 32);
    for (;;) {
      Slot& s = slots_[pos];
      if (s.index < 0) return Insert(&s, hash, reinterpret_cast<const uint8_t*>(&v), sizeof(T));
      if (s.tag == tag && std::memcmp(arena_.data() + static_cast<size_t>(s.index) * sizeof(T), &v,
                                      sizeof(T)) == 0) {
        return s.index;
      }
      pos = (pos + 1) & mask_;
    }
  }

  /// Index of the value [data, data + size) (size == width for fixed tables), inserted when
  /// new.
  int32_t GetOrInsert(const uint8_t* data, int64_t size) {
    const uint64_t hash = HashBytes(data, size);
    size_t pos = static_cast<size_t>(hash) & mask_;
    const auto tag = static_cast<uint32_t>(hash >> 32);
    for (;;) {
      Slot& s = slots_[pos];
      if (s.index < 0) return Insert(&s, hash, data, size);
      if (s.tag == tag) {
        const std::string_view existing = Value(s.index);
        if (static_cast<int64_t>(existing.size()) == size &&
            (size == 0 || std::memcmp(existing.data(), data, static_cast<size_t>(size)) == 0)) {
          return s.index;
        }
      }
      pos = (pos + 1) & mask_;
    }
  }

  /// Number of distinct values.
  int32_t size() const { return static_cast<int32_t>(hashes_.size()); }
  /// Size of the PLAIN-encoded dictionary page (values, plus 4-byte lengths when variable).
  int64_t plain_size() const {
    return static_cast<int64_t>(arena_.size()) + (width_ == 0 ? 4 * int64_t{size()} : 0);
  }
  /// Value `i` as bytes.
  std::string_view Value(int32_t i) const {
    if (width_ > 0) {
      return {arena_.data() + static_cast<size_t>(i) * static_cast<size_t>(width_),
              static_cast<size_t>(width_)};
    }
    const int64_t begin = offsets_[static_cast<size_t>(i)];
    return {arena_.data() + begin,
            static_cast<size_t>(offsets_[static_cast<size_t>(i) + 1] - begin)};
  }
  /// Appends the PLAIN encoding of every value, in index order.
  void EncodePlain(std::string* out) const;
  /// Forgets every value (keeps capacity for the next chunk).
  void Clear();
  /// Approximate heap bytes held.
  int64_t memory_bytes() const;

 private:
  struct Slot {
    uint32_t tag = 0;
    int32_t index = -1;
  };

  static uint64_t MixBits(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
  }
  static uint64_t HashBytes(const uint8_t* data, int64_t size);

  int32_t Insert(Slot* slot, uint64_t hash, const uint8_t* data, int64_t size);
  void Grow();

  int width_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::vector<uint64_t> hashes_;  // per value, for rehashing
  std::string arena_;
  std::vector<int64_t> offsets_;  // variable-length: size() + 1 entries
};

}  // namespace silt::parquet
