#include "silt/delta/kernel/deletion_vector.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>

#include "silt/common/bit_util.h"

namespace silt::delta {

namespace {

constexpr std::string_view kZ85Alphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
constexpr size_t kZ85UuidLength = 20;

// Delta's RoaringBitmapArray magic numbers (little-endian int32 at byte 0).
constexpr uint32_t kPortableMagic = 1681511377;
constexpr uint32_t kNativeMagic = 1681511376;
// RoaringFormatSpec cookies and constants.
constexpr uint32_t kCookieNoRuns = 12346;
constexpr uint32_t kCookieRuns = 12347;
constexpr uint32_t kNoOffsetThreshold = 4;
constexpr uint32_t kMaxContainers = 65536;
constexpr uint32_t kMaxArrayCardinality = 4096;
constexpr uint32_t kBitmapWords = 1024;
// Delta requires bucket keys to have bit 31 clear (Java reads them as signed ints).
constexpr uint32_t kMaxBucketKey = 0x7FFFFFFF;

std::array<int8_t, 256> MakeZ85DecodeTable() {
  std::array<int8_t, 256> table{};
  table.fill(-1);
  for (size_t i = 0; i < kZ85Alphabet.size(); ++i) {
    table[static_cast<uint8_t>(kZ85Alphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}

uint16_t LoadLE16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] | (p[1] << 8));
}
uint32_t LoadLE32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
uint64_t LoadLE64(const uint8_t* p) {
  return static_cast<uint64_t>(LoadLE32(p)) | (static_cast<uint64_t>(LoadLE32(p + 4)) << 32);
}

// Bounds-checked cursor over untrusted bytes; every shortfall is Corrupt.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes)
      : data_(reinterpret_cast<const uint8_t*>(bytes.data())), size_(bytes.size()) {}

  size_t remaining() const { return size_ - pos_; }
  size_t position() const { return pos_; }

  Result<const uint8_t*> Take(uint64_t n, const char* what) {
    if (n > remaining()) {
      return Status::Corrupt("deletion vector truncated: " + std::string(what) + " needs " +
                             std::to_string(n) + " bytes at byte " + std::to_string(pos_) + ", " +
                             std::to_string(remaining()) + " left");
    }
    const uint8_t* p = data_ + pos_;
    pos_ += static_cast<size_t>(n);
    return p;
  }
  Result<uint16_t> U16(const char* what) {
    SILT_ASSIGN_OR_RETURN(const uint8_t* p, Take(2, what));
    return LoadLE16(p);
  }
  Result<uint32_t> U32(const char* what) {
    SILT_ASSIGN_OR_RETURN(const uint8_t* p, Take(4, what));
    return LoadLE32(p);
  }
  Result<uint64_t> U64(const char* what) {
    SILT_ASSIGN_OR_RETURN(const uint8_t* p, Take(8, what));
    return LoadLE64(p);
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

std::string ChunkName(uint64_t key) {
  return "container " + std::to_string(key & 0xFFFF) + " of bucket " + std::to_string(key >> 16);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Z85 and paths

Result<std::string> DecodeZ85(std::string_view encoded) {
  static const std::array<int8_t, 256> kDecode = MakeZ85DecodeTable();
  if (encoded.size() % 5 != 0) {
    return Status::Corrupt("Z85 text length " + std::to_string(encoded.size()) +
                           " is not a multiple of 5");
  }
  std::string out;
  out.reserve(encoded.size() / 5 * 4);
  const size_t groups = encoded.size() / 5;
  for (size_t group = 0; group < groups; ++group) {
    std::string_view text = encoded.substr(group * 5, 5);
    // A group can only start with '#' (84 * 85^4 > 2^32 - 1) in the Rust z85 crate's tail
    // form, which delta-kernel-rs writes: k '#' then a (4 - k)-byte value in 5 - k digits.
    size_t missing = 0;
    while (missing < 3 && text[missing] == '#') ++missing;
    if (missing > 0 && group + 1 != groups) {
      return Status::Corrupt("Z85 group at position " + std::to_string(group * 5) +
                             " starts with '#' but is not the last");
    }
    uint64_t value = 0;
    for (size_t i = missing; i < 5; ++i) {
      int8_t digit = kDecode[static_cast<uint8_t>(text[i])];
      if (digit < 0) {
        return Status::Corrupt("invalid Z85 character at position " +
                               std::to_string(group * 5 + i));
      }
      value = value * 85 + static_cast<uint64_t>(digit);
    }
    const size_t bytes = 4 - missing;
    if (value >> (8 * bytes) != 0) {
      return Status::Corrupt("Z85 group at position " + std::to_string(group * 5) + " exceeds " +
                             std::to_string(8 * bytes) + " bits");
    }
    for (size_t i = 0; i < bytes; ++i) {
      out.push_back(static_cast<char>((value >> (8 * (bytes - 1 - i))) & 0xFF));
    }
  }
  return out;
}

std::string EncodeZ85(std::string_view bytes) {
  std::string padded(bytes);
  padded.resize((bytes.size() + 3) / 4 * 4, '\0');
  std::string out;
  out.reserve(padded.size() / 4 * 5);
  for (size_t i = 0; i < padded.size(); i += 4) {
    uint32_t value = 0;
    for (size_t j = 0; j < 4; ++j) value = (value << 8) | static_cast<uint8_t>(padded[i + j]);
    char group[5];
    for (int j = 4; j >= 0; --j) {
      group[j] = kZ85Alphabet[value % 85];
      value /= 85;
    }
    out.append(group, 5);
  }
  return out;
}

Result<std::string> DecodeZ85Uuid(std::string_view encoded) {
  if (encoded.size() != kZ85UuidLength) {
    return Status::Corrupt("a Z85 UUID has 20 characters, got " + std::to_string(encoded.size()));
  }
  SILT_ASSIGN_OR_RETURN(std::string bytes, DecodeZ85(encoded));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    auto byte = static_cast<uint8_t>(bytes[i]);
    text.push_back(kHex[byte >> 4]);
    text.push_back(kHex[byte & 0xF]);
  }
  return text;
}

Result<std::string> DeletionVectorRelativePath(const DeletionVectorDescriptor& descriptor) {
  const std::string& value = descriptor.path_or_inline_dv;
  if (descriptor.storage_type == "u") {
    if (value.size() < kZ85UuidLength) {
      return Status::Corrupt("deletion vector descriptor 'u' value '" + value +
                             "' is shorter than a 20-character Z85 UUID");
    }
    std::string_view prefix(value.data(), value.size() - kZ85UuidLength);
    auto uuid = DecodeZ85Uuid(std::string_view(value).substr(prefix.size()));
    if (!uuid.ok()) {
      return uuid.status().WithContext("decoding deletion vector descriptor '" + value + "'");
    }
    std::string name = "deletion_vector_" + *uuid + ".bin";
    return prefix.empty() ? name : std::string(prefix) + "/" + name;
  }
  if (descriptor.storage_type == "p") return value;
  if (descriptor.storage_type == "i") {
    return Status::InvalidArgument("an inline deletion vector has no file path");
  }
  return Status::Corrupt("unknown deletion vector storage type '" + descriptor.storage_type + "'");
}

// ---------------------------------------------------------------------------------------------
// DeletionVector

// Appends chunks in ascending key order, validating each against its declared cardinality.
class DeletionVector::Builder {
 public:
  Status StartChunk(uint64_t key) {
    if (!dv_.chunks_.empty() && key <= dv_.chunks_.back().key) {
      return Status::Corrupt("deletion vector keys not ascending at " + ChunkName(key));
    }
    return Status::OK();
  }

  // `data` holds `count` little-endian uint16 values that must be strictly ascending.
  Status AddArray(uint64_t key, const uint8_t* data, uint32_t count) {
    SILT_RETURN_NOT_OK(StartChunk(key));
    Chunk chunk{key, dv_.offsets_.size(), count, ChunkKind::kArray};
    int32_t previous = -1;
    for (uint32_t i = 0; i < count; ++i) {
      uint16_t value = LoadLE16(data + 2 * i);
      if (static_cast<int32_t>(value) <= previous) {
        return Status::Corrupt("deletion vector array values not ascending in " + ChunkName(key));
      }
      previous = value;
      dv_.offsets_.push_back(value);
    }
    dv_.chunks_.push_back(chunk);
    dv_.cardinality_ += count;
    return Status::OK();
  }

  // `data` holds 1024 little-endian words whose popcount must equal `cardinality`.
  Status AddBitmap(uint64_t key, const uint8_t* data, uint32_t cardinality) {
    SILT_RETURN_NOT_OK(StartChunk(key));
    Chunk chunk{key, dv_.words_.size(), kBitmapWords, ChunkKind::kBitmap};
    uint64_t bits = 0;
    for (uint32_t i = 0; i < kBitmapWords; ++i) {
      uint64_t word = LoadLE64(data + 8 * i);
      bits += static_cast<uint64_t>(std::popcount(word));
      dv_.words_.push_back(word);
    }
    if (bits != cardinality) {
      return Status::Corrupt("deletion vector bitmap holds " + std::to_string(bits) +
                             " rows, header says " + std::to_string(cardinality) + " in " +
                             ChunkName(key));
    }
    dv_.chunks_.push_back(chunk);
    dv_.cardinality_ += cardinality;
    return Status::OK();
  }

  // `data` holds `num_runs` (start, length - 1) little-endian uint16 pairs: sorted,
  // non-overlapping, inside 16 bits, covering exactly `cardinality` values.
  Status AddRuns(uint64_t key, const uint8_t* data, uint32_t num_runs, uint32_t cardinality) {
    SILT_RETURN_NOT_OK(StartChunk(key));
    Chunk chunk{key, dv_.offsets_.size(), num_runs, ChunkKind::kRuns};
    int64_t previous_last = -1;
    uint64_t covered = 0;
    for (uint32_t i = 0; i < num_runs; ++i) {
      uint32_t start = LoadLE16(data + 4 * i);
      uint32_t last = start + LoadLE16(data + 4 * i + 2);
      if (last > 0xFFFF || static_cast<int64_t>(start) <= previous_last) {
        return Status::Corrupt("deletion vector run " + std::to_string(i) +
                               " overlaps, is unsorted or leaves 16 bits in " + ChunkName(key));
      }
      previous_last = last;
      covered += last - start + 1;
      dv_.offsets_.push_back(static_cast<uint16_t>(start));
      dv_.offsets_.push_back(static_cast<uint16_t>(last));
    }
    if (covered != cardinality) {
      return Status::Corrupt("deletion vector runs cover " + std::to_string(covered) +
                             " rows, header says " + std::to_string(cardinality) + " in " +
                             ChunkName(key));
    }
    dv_.chunks_.push_back(chunk);
    dv_.cardinality_ += cardinality;
    return Status::OK();
  }

  // Trusted input (FromRowIndexes): sorted unique offsets of one chunk.
  void AddOffsets(uint64_t key, const uint16_t* values, uint32_t count) {
    // The smallest of the three forms, as Roaring's run optimisation would choose.
    uint32_t num_runs = 0;
    for (uint32_t i = 0; i < count; ++i) num_runs += i == 0 || values[i] != values[i - 1] + 1;
    const uint64_t run_bytes = uint64_t{4} * num_runs;
    const uint64_t other_bytes = count <= kMaxArrayCardinality ? uint64_t{2} * count : 8192;
    if (run_bytes < other_bytes) {
      dv_.chunks_.push_back({key, dv_.offsets_.size(), num_runs, ChunkKind::kRuns});
      for (uint32_t i = 0; i < count; ++i) {
        if (i == 0 || values[i] != values[i - 1] + 1) {
          dv_.offsets_.push_back(values[i]);
          dv_.offsets_.push_back(values[i]);
        } else {
          dv_.offsets_.back() = values[i];
        }
      }
    } else if (count <= kMaxArrayCardinality) {
      dv_.chunks_.push_back({key, dv_.offsets_.size(), count, ChunkKind::kArray});
      dv_.offsets_.insert(dv_.offsets_.end(), values, values + count);
    } else {
      dv_.chunks_.push_back({key, dv_.words_.size(), kBitmapWords, ChunkKind::kBitmap});
      size_t base = dv_.words_.size();
      dv_.words_.resize(base + kBitmapWords, 0);
      for (uint32_t i = 0; i < count; ++i) {
        dv_.words_[base + (values[i] >> 6)] |= uint64_t{1} << (values[i] & 63);
      }
    }
    dv_.cardinality_ += count;
  }

  // One standard 32-bit Roaring bitmap (RoaringFormatSpec) whose values get `bucket_key` as
  // their upper 32 bits. Consumes exactly the bitmap's bytes from `in`.
  Status ParseRoaring32(ByteReader& in, uint64_t bucket_key);

  DeletionVector Finish() && {
    // Pools grew by doubling; a long-lived vector should not keep the slack.
    dv_.chunks_.shrink_to_fit();
    dv_.offsets_.shrink_to_fit();
    dv_.words_.shrink_to_fit();
    return std::move(dv_);
  }

 private:
  DeletionVector dv_;
};

DeletionVector DeletionVector::FromRowIndexes(std::vector<uint64_t> rows) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  Builder builder;
  std::vector<uint16_t> offsets;
  size_t i = 0;
  while (i < rows.size()) {
    uint64_t key = rows[i] >> 16;
    offsets.clear();
    for (; i < rows.size() && (rows[i] >> 16) == key; ++i) {
      offsets.push_back(static_cast<uint16_t>(rows[i] & 0xFFFF));
    }
    builder.AddOffsets(key, offsets.data(), static_cast<uint32_t>(offsets.size()));
  }
  return std::move(builder).Finish();
}

template <typename OnRow, typename OnRange, typename OnWord>
void DeletionVector::ForEachDeletedIn(uint64_t first, uint64_t end, OnRow&& on_row,
                                      OnRange&& on_range, OnWord&& on_word) const {
  if (first >= end) return;
  auto it = std::lower_bound(chunks_.begin(), chunks_.end(), first >> 16,
                             [](const Chunk& c, uint64_t key) { return c.key < key; });
  const uint64_t last_key = (end - 1) >> 16;
  for (; it != chunks_.end() && it->key <= last_key; ++it) {
    const uint64_t base = it->key << 16;
    // The chunk-relative range [lo, hi) of rows to visit; hi may be 65536.
    const uint32_t lo = first > base ? static_cast<uint32_t>(first - base) : 0;
    const uint32_t hi = end - base < 65536 ? static_cast<uint32_t>(end - base) : 65536;
    switch (it->kind) {
      case ChunkKind::kArray: {
        const uint16_t* begin = offsets_.data() + it->begin;
        const uint16_t* stop = begin + it->count;
        const uint16_t* v = std::lower_bound(begin, stop, lo);
        for (; v != stop && *v < hi; ++v) on_row(base + *v);
        break;
      }
      case ChunkKind::kRuns: {
        // Runs are (start, last) pairs; find the first whose last reaches lo.
        const uint16_t* pairs = offsets_.data() + it->begin;
        uint32_t left = 0, right = it->count;
        while (left < right) {
          uint32_t mid = (left + right) / 2;
          if (pairs[2 * mid + 1] < lo)
            left = mid + 1;
          else
            right = mid;
        }
        for (uint32_t r = left; r < it->count && pairs[2 * r] < hi; ++r) {
          uint32_t start = std::max<uint32_t>(pairs[2 * r], lo);
          uint32_t stop = std::min<uint32_t>(pairs[2 * r + 1] + 1u, hi);
          on_range(base + start, base + stop);
        }
        break;
      }
      case ChunkKind::kBitmap: {
        const uint64_t* words = words_.data() + it->begin;
        for (uint32_t w = lo >> 6; w <= (hi - 1) >> 6; ++w) {
          uint64_t bits = words[w];
          if (w == lo >> 6) bits &= ~uint64_t{0} << (lo & 63);
          if (w == (hi - 1) >> 6 && (hi & 63) != 0) bits &= (uint64_t{1} << (hi & 63)) - 1;
          if (bits != 0) on_word(base + uint64_t{w} * 64, bits);
        }
        break;
      }
    }
  }
}

namespace {
// End of the row range [first, first + num_rows), saturating instead of wrapping.
uint64_t RangeEnd(uint64_t first, int64_t num_rows) {
  if (num_rows <= 0) return first;
  uint64_t n = static_cast<uint64_t>(num_rows);
  return n > std::numeric_limits<uint64_t>::max() - first ? std::numeric_limits<uint64_t>::max()
                                                          : first + n;
}
}  // namespace

bool DeletionVector::Contains(uint64_t row) const {
  auto it = std::lower_bound(chunks_.begin(), chunks_.end(), row >> 16,
                             [](const Chunk& c, uint64_t key) { return c.key < key; });
  if (it == chunks_.end() || it->key != row >> 16) return false;
  const auto low = static_cast<uint16_t>(row & 0xFFFF);
  switch (it->kind) {
    case ChunkKind::kArray: {
      const uint16_t* begin = offsets_.data() + it->begin;
      return std::binary_search(begin, begin + it->count, low);
    }
    case ChunkKind::kBitmap: return (words_[it->begin + (low >> 6)] >> (low & 63)) & 1;
    case ChunkKind::kRuns: {
      const uint16_t* pairs = offsets_.data() + it->begin;
      uint32_t left = 0, right = it->count;
      while (left < right) {
        uint32_t mid = (left + right) / 2;
        if (pairs[2 * mid + 1] < low)
          left = mid + 1;
        else
          right = mid;
      }
      return left < it->count && pairs[2 * left] <= low;
    }
  }
  return false;
}

int64_t DeletionVector::CountInRange(uint64_t first_row, int64_t num_rows) const {
  int64_t count = 0;
  ForEachDeletedIn(
      first_row, RangeEnd(first_row, num_rows), [&](uint64_t) { ++count; },
      [&](uint64_t begin, uint64_t end) { count += static_cast<int64_t>(end - begin); },
      [&](uint64_t, uint64_t bits) { count += std::popcount(bits); });
  return count;
}

void DeletionVector::FillSelection(uint64_t first_row, int64_t num_rows, uint8_t* keep_bits) const {
  if (num_rows <= 0) return;
  bit_util::SetBitsTo(keep_bits, 0, num_rows, true);
  ForEachDeletedIn(
      first_row, RangeEnd(first_row, num_rows),
      [&](uint64_t row) { bit_util::ClearBit(keep_bits, static_cast<int64_t>(row - first_row)); },
      [&](uint64_t begin, uint64_t end) {
        bit_util::SetBitsTo(keep_bits, static_cast<int64_t>(begin - first_row),
                            static_cast<int64_t>(end - begin), false);
      },
      [&](uint64_t base, uint64_t bits) {
        // Clear the word's bits in the mask a byte at a time. base may lie before first_row,
        // but no set bit does (ForEachDeletedIn masks them), so shift those away first; only
        // bytes holding a set bit are touched, so nothing past the mask is written.
        int64_t position = static_cast<int64_t>(base - first_row);
        if (base < first_row) {
          bits >>= first_row - base;
          position = 0;
        }
        uint8_t* out = keep_bits + (position >> 3);
        const int shift = static_cast<int>(position & 7);
        const uint64_t low = bits << shift;
        const uint64_t high = shift == 0 ? 0 : bits >> (64 - shift);
        for (int k = 0; k < 8; ++k) {
          const auto mask = static_cast<uint8_t>(low >> (8 * k));
          if (mask != 0) out[k] = static_cast<uint8_t>(out[k] & ~mask);
        }
        if (high != 0) out[8] = static_cast<uint8_t>(out[8] & ~high);
      });
}

void DeletionVector::FillSelectionBytes(uint64_t first_row, int64_t num_rows,
                                        uint8_t* keep_bytes) const {
  if (num_rows <= 0) return;
  std::memset(keep_bytes, 1, static_cast<size_t>(num_rows));
  ForEachDeletedIn(
      first_row, RangeEnd(first_row, num_rows),
      [&](uint64_t row) { keep_bytes[row - first_row] = 0; },
      [&](uint64_t begin, uint64_t end) {
        std::memset(keep_bytes + (begin - first_row), 0, static_cast<size_t>(end - begin));
      },
      [&](uint64_t base, uint64_t bits) {
        for (; bits != 0; bits &= bits - 1) {
          keep_bytes[base + static_cast<uint64_t>(std::countr_zero(bits)) - first_row] = 0;
        }
      });
}

std::vector<uint64_t> DeletionVector::ToRowIndexes() const {
  std::vector<uint64_t> rows;
  rows.reserve(static_cast<size_t>(cardinality_));
  ForEachDeletedIn(
      0, std::numeric_limits<uint64_t>::max(), [&](uint64_t row) { rows.push_back(row); },
      [&](uint64_t begin, uint64_t end) {
        for (uint64_t row = begin; row < end; ++row) rows.push_back(row);
      },
      [&](uint64_t base, uint64_t bits) {
        for (; bits != 0; bits &= bits - 1) rows.push_back(base + std::countr_zero(bits));
      });
  return rows;
}

int64_t DeletionVector::MemoryUsage() const {
  return static_cast<int64_t>(chunks_.capacity() * sizeof(Chunk) +
                              offsets_.capacity() * sizeof(uint16_t) +
                              words_.capacity() * sizeof(uint64_t));
}

// ---------------------------------------------------------------------------------------------
// Parsing

Status DeletionVector::Builder::ParseRoaring32(ByteReader& in, uint64_t bucket_key) {
  SILT_ASSIGN_OR_RETURN(uint32_t cookie, in.U32("Roaring cookie"));
  bool has_runs = false;
  uint32_t size = 0;
  const uint8_t* run_flags = nullptr;
  if (cookie == kCookieNoRuns) {
    SILT_ASSIGN_OR_RETURN(size, in.U32("Roaring container count"));
    if (size > kMaxContainers) {
      return Status::Corrupt("deletion vector bucket " + std::to_string(bucket_key) + " claims " +
                             std::to_string(size) + " containers (at most 65536)");
    }
  } else if ((cookie & 0xFFFF) == kCookieRuns) {
    has_runs = true;
    size = (cookie >> 16) + 1;
    SILT_ASSIGN_OR_RETURN(run_flags, in.Take((size + 7) / 8, "Roaring run-container flags"));
  } else {
    return Status::Corrupt("deletion vector bucket " + std::to_string(bucket_key) +
                           " has an unknown Roaring cookie " + std::to_string(cookie));
  }
  SILT_ASSIGN_OR_RETURN(const uint8_t* header, in.Take(uint64_t{4} * size, "Roaring header"));
  if (!has_runs || size >= kNoOffsetThreshold) {
    // Container offsets allow random access; containers follow in order, so skip them.
    SILT_RETURN_NOT_OK(in.Take(uint64_t{4} * size, "Roaring offset header"));
  }
  for (uint32_t i = 0; i < size; ++i) {
    const uint64_t key = (bucket_key << 16) | LoadLE16(header + 4 * i);
    const uint32_t cardinality = uint32_t{LoadLE16(header + 4 * i + 2)} + 1;
    if (has_runs && ((run_flags[i / 8] >> (i % 8)) & 1)) {
      SILT_ASSIGN_OR_RETURN(uint16_t num_runs, in.U16("run container size"));
      SILT_ASSIGN_OR_RETURN(const uint8_t* runs, in.Take(uint64_t{4} * num_runs, "runs"));
      SILT_RETURN_NOT_OK(AddRuns(key, runs, num_runs, cardinality));
    } else if (cardinality <= kMaxArrayCardinality) {
      SILT_ASSIGN_OR_RETURN(const uint8_t* values, in.Take(uint64_t{2} * cardinality, "array"));
      SILT_RETURN_NOT_OK(AddArray(key, values, cardinality));
    } else {
      SILT_ASSIGN_OR_RETURN(const uint8_t* words, in.Take(uint64_t{8} * kBitmapWords, "bitmap"));
      SILT_RETURN_NOT_OK(AddBitmap(key, words, cardinality));
    }
  }
  return Status::OK();
}

Result<DeletionVector> ParseDeletionVectorBytes(std::string_view bytes) {
  ByteReader in(bytes);
  DeletionVector::Builder builder;
  SILT_ASSIGN_OR_RETURN(uint32_t magic, in.U32("magic number"));
  if (magic == kPortableMagic) {
    SILT_ASSIGN_OR_RETURN(uint64_t num_buckets, in.U64("bucket count"));
    // Each bucket takes at least 12 bytes (key, cookie, container count), so larger counts
    // are corrupt; the check also bounds the loop before any bucket is read.
    if (num_buckets > in.remaining() / 12) {
      return Status::Corrupt("deletion vector claims " + std::to_string(num_buckets) +
                             " buckets in " + std::to_string(in.remaining()) + " bytes");
    }
    int64_t previous_key = -1;
    for (uint64_t b = 0; b < num_buckets; ++b) {
      SILT_ASSIGN_OR_RETURN(uint32_t key, in.U32("bucket key"));
      if (key > kMaxBucketKey || static_cast<int64_t>(key) <= previous_key) {
        return Status::Corrupt("deletion vector bucket key " + std::to_string(key) +
                               " is negative or not ascending");
      }
      previous_key = key;
      SILT_RETURN_NOT_OK(builder.ParseRoaring32(in, key));
    }
  } else if (magic == kNativeMagic) {
    // Older format: bitmap i holds the values whose upper 32 bits are i.
    SILT_ASSIGN_OR_RETURN(uint32_t num_bitmaps, in.U32("bitmap count"));
    if (num_bitmaps > kMaxBucketKey + uint64_t{1} || num_bitmaps > in.remaining() / 12) {
      return Status::Corrupt("deletion vector claims " + std::to_string(num_bitmaps) +
                             " bitmaps in " + std::to_string(in.remaining()) + " bytes");
    }
    for (uint32_t i = 0; i < num_bitmaps; ++i) {
      SILT_ASSIGN_OR_RETURN(uint32_t size, in.U32("bitmap size"));
      SILT_ASSIGN_OR_RETURN(const uint8_t* data, in.Take(size, "bitmap"));
      ByteReader bitmap(std::string_view(reinterpret_cast<const char*>(data), size));
      SILT_RETURN_NOT_OK(builder.ParseRoaring32(bitmap, i));
      if (bitmap.remaining() != 0) {
        return Status::Corrupt("deletion vector bitmap " + std::to_string(i) + " has " +
                               std::to_string(bitmap.remaining()) + " unused bytes");
      }
    }
  } else {
    return Status::Corrupt("deletion vector has unknown magic number " + std::to_string(magic));
  }
  if (in.remaining() != 0) {
    return Status::Corrupt("deletion vector has " + std::to_string(in.remaining()) +
                           " trailing bytes");
  }
  return std::move(builder).Finish();
}

Status CheckDeletionVectorCardinality(const DeletionVector& dv,
                                      const DeletionVectorDescriptor& descriptor) {
  if (dv.cardinality() != descriptor.cardinality) {
    return Status::Corrupt("deletion vector holds " + std::to_string(dv.cardinality()) +
                           " rows but its descriptor says " +
                           std::to_string(descriptor.cardinality));
  }
  return Status::OK();
}

Result<DeletionVector> DecodeInlineDeletionVector(const DeletionVectorDescriptor& descriptor) {
  if (descriptor.storage_type != "i") {
    return Status::InvalidArgument("deletion vector storage type '" + descriptor.storage_type +
                                   "' is not inline");
  }
  auto decoded = DecodeZ85(descriptor.path_or_inline_dv);
  if (!decoded.ok()) return decoded.status().WithContext("decoding an inline deletion vector");
  std::string& bytes = *decoded;
  const int64_t size = descriptor.size_in_bytes;
  if (size < 0 || static_cast<int64_t>(bytes.size()) < size ||
      static_cast<int64_t>(bytes.size()) - size >= 4) {
    return Status::Corrupt("inline deletion vector decodes to " + std::to_string(bytes.size()) +
                           " bytes, sizeInBytes is " + std::to_string(size));
  }
  bytes.resize(static_cast<size_t>(size));
  SILT_ASSIGN_OR_RETURN(DeletionVector dv, ParseDeletionVectorBytes(bytes));
  SILT_RETURN_NOT_OK(CheckDeletionVectorCardinality(dv, descriptor));
  return dv;
}

}  // namespace silt::delta
