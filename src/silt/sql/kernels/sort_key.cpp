#include "silt/sql/kernels/sort_key.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>

namespace silt::sql::internal {
namespace {

/// Bytes of a key column's value in the normalized key (0: nothing to compare).
Result<int> ValueBytes(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull: return 0;
    case TypeId::kBool: return 1;
    case TypeId::kUtf8:
    case TypeId::kBinary: return 1;  // plus the prefix, chosen per column in Make
    case TypeId::kList:
    case TypeId::kStruct:
    case TypeId::kMap:
      return Status::NotSupported("ORDER BY / window keys of nested type " + type.ToString() +
                                  " are not supported");
    default: return type.FixedWidth();
  }
}

template <typename U>
inline void StoreBigEndian(uint8_t* p, U v) {
  for (int i = static_cast<int>(sizeof(U)) - 1; i >= 0; --i) {
    p[i] = static_cast<uint8_t>(v);
    v = static_cast<U>(v >> 8);
  }
}

/// Order-preserving unsigned image of a signed integer.
template <typename T>
inline auto FlipSign(T v) {
  using U = std::make_unsigned_t<T>;
  return static_cast<U>(static_cast<U>(v) ^ (U{1} << (sizeof(T) * 8 - 1)));
}

inline unsigned __int128 FlipSign(__int128 v) {
  return static_cast<unsigned __int128>(v) ^ (static_cast<unsigned __int128>(1) << 127);
}

/// Order-preserving unsigned image of a float: -0.0 == 0.0, every NaN equal and greatest.
template <typename F, typename U>
inline U FloatKey(F v) {
  if (std::isnan(v)) return ~U{0};
  if (v == 0) v = 0;  // -0.0 -> +0.0
  U bits;
  std::memcpy(&bits, &v, sizeof(U));
  constexpr U kSign = U{1} << (sizeof(U) * 8 - 1);
  return (bits & kSign) ? static_cast<U>(~bits) : static_cast<U>(bits | kSign);
}

/// Calls write(row, value_bytes) for every valid row of [begin, end) after writing the NULL
/// byte; inverts the value bytes for descending keys.
template <typename Write>
void EncodeRows(const ArrayData& a, int byte_offset, bool null_byte, bool descending,
                bool nulls_first, int value_bytes, int64_t begin, int64_t end, uint64_t* out,
                int stride, Write&& write) {
  const bool has_nulls = a.null_count != 0 && a.validity() != nullptr;
  for (int64_t r = begin; r < end; ++r) {
    uint8_t* p = reinterpret_cast<uint8_t*>(out + (r - begin) * stride) + byte_offset;
    const bool valid = !has_nulls || a.IsValid(r);
    if (null_byte) {
      *p++ = valid == nulls_first ? 1 : 0;
    }
    if (!valid) continue;
    write(r, p);
    if (descending) {
      for (int i = 0; i < value_bytes; ++i) p[i] = static_cast<uint8_t>(~p[i]);
    }
  }
}

}  // namespace

Result<NormalizedKeyEncoder> NormalizedKeyEncoder::Make(const std::vector<ArrayDataPtr>& keys,
                                                        const std::vector<SortKeyOrder>& orders,
                                                        int64_t num_rows, MemoryPool* pool,
                                                        bool single_value_word) {
  if (keys.size() != orders.size()) {
    return Status::Internal("sort: " + std::to_string(keys.size()) + " keys but " +
                            std::to_string(orders.size()) + " orders");
  }
  NormalizedKeyEncoder enc;
  int cursor = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i]->length != num_rows) {
      return Status::Internal("sort: key " + std::to_string(i) + " has " +
                              std::to_string(keys[i]->length) + " rows, expected " +
                              std::to_string(num_rows));
    }
    SILT_ASSIGN_OR_RETURN(int value_bytes, ValueBytes(*keys[i]->type));
    SILT_ASSIGN_OR_RETURN(auto flat, Flatten(keys[i], pool));
    enc.flattened_.push_back(flat);
    if (value_bytes == 0) continue;  // a NULL-typed key: every row compares equal
    Column c;
    int64_t max_length = 0;
    if (flat->type->IsBinaryLike()) {
      // Short strings are encoded whole (no tie-breaks); longer ones keep a prefix.
      const int64_t* offs = flat->binary_offsets();
      for (int64_t r = 0; r < num_rows; ++r) max_length = std::max(max_length, offs[r + 1] - offs[r]);
      c.prefix = max_length <= kMaxWholeStringBytes ? static_cast<int>(std::max<int64_t>(max_length, 1))
                                                    : kStringPrefixBytes;
      value_bytes += c.prefix;
    }
    c.array = flat.get();
    c.byte_offset = cursor;
    c.null_byte = !single_value_word && flat->null_count != 0;
    c.descending = orders[i].descending;
    c.nulls_first = orders[i].nulls_first;
    cursor += (c.null_byte ? 1 : 0) + value_bytes;
    if (flat->type->IsBinaryLike() && max_length > c.prefix) {
      cursor = (cursor + 7) / 8 * 8;  // a tie-break segment ends on a word boundary
      enc.ties_.push_back({cursor / 8, flat.get(), c.descending, c.prefix});
    }
    enc.columns_.push_back(c);
  }
  enc.key_words_ = (cursor + 7) / 8;
  if (single_value_word && (enc.key_words_ > 1 || enc.has_ties())) {
    return Status::Internal("sort: single_value_word needs one fixed key of <= 8 bytes");
  }
  return enc;
}

void NormalizedKeyEncoder::EncodeColumn(const Column& c, int64_t begin, int64_t end,
                                        uint64_t* out) const {
  const ArrayData& a = *c.array;
  const int stride = this->stride();
  auto run = [&](int value_bytes, auto&& write) {
    EncodeRows(a, c.byte_offset, c.null_byte, c.descending, c.nulls_first, value_bytes, begin,
               end, out, stride, write);
  };
  switch (a.type->id()) {
    case TypeId::kBool:
      run(1, [&](int64_t r, uint8_t* p) { *p = a.GetBool(r) ? 1 : 0; });
      break;
    case TypeId::kInt8: {
      const int8_t* v = a.values<int8_t>();
      run(1, [&](int64_t r, uint8_t* p) { StoreBigEndian(p, FlipSign(v[r])); });
      break;
    }
    case TypeId::kInt16: {
      const int16_t* v = a.values<int16_t>();
      run(2, [&](int64_t r, uint8_t* p) { StoreBigEndian(p, FlipSign(v[r])); });
      break;
    }
    case TypeId::kInt32:
    case TypeId::kDate32: {
      const int32_t* v = a.values<int32_t>();
      run(4, [&](int64_t r, uint8_t* p) { StoreBigEndian(p, FlipSign(v[r])); });
      break;
    }
    case TypeId::kInt64:
    case TypeId::kDecimal64:
    case TypeId::kTime64:
    case TypeId::kTimestamp: {
      const int64_t* v = a.values<int64_t>();
      run(8, [&](int64_t r, uint8_t* p) { StoreBigEndian(p, FlipSign(v[r])); });
      break;
    }
    case TypeId::kUInt8: {
      const uint8_t* v = a.values<uint8_t>();
      run(1, [&](int64_t r, uint8_t* p) { *p = v[r]; });
      break;
    }
    case TypeId::kUInt16: {
      const uint16_t* v = a.values<uint16_t>();
      run(2, [&](int64_t r, uint8_t* p) { StoreBigEndian(p, v[r]); });
      break;
    }
    case TypeId::kUInt32: {
      const uint32_t* v = a.values<uint32_t>();
      run(4, [&](int64_t r, uint8_t* p) { StoreBigEndian(p, v[r]); });
      break;
    }
    case TypeId::kUInt64: {
      const uint64_t* v = a.values<uint64_t>();
      run(8, [&](int64_t r, uint8_t* p) { StoreBigEndian(p, v[r]); });
      break;
    }
    case TypeId::kFloat32: {
      const float* v = a.values<float>();
      run(4, [&](int64_t r, uint8_t* p) { StoreBigEndian(p, FloatKey<float, uint32_t>(v[r])); });
      break;
    }
    case TypeId::kFloat64: {
      const double* v = a.values<double>();
      run(8,
          [&](int64_t r, uint8_t* p) { StoreBigEndian(p, FloatKey<double, uint64_t>(v[r])); });
      break;
    }
    case TypeId::kDecimal128: {
      run(16, [&](int64_t r, uint8_t* p) {
        __int128 v;
        std::memcpy(&v, a.GetFixed(r), 16);
        StoreBigEndian(p, FlipSign(v));
      });
      break;
    }
    case TypeId::kInterval: {
      run(16, [&](int64_t r, uint8_t* p) {
        const uint8_t* src = a.GetFixed(r);
        int32_t months, days;
        int64_t nanos;
        std::memcpy(&months, src, 4);
        std::memcpy(&days, src + 4, 4);
        std::memcpy(&nanos, src + 8, 8);
        StoreBigEndian(p, FlipSign(months));
        StoreBigEndian(p + 4, FlipSign(days));
        StoreBigEndian(p + 8, FlipSign(nanos));
      });
      break;
    }
    case TypeId::kFixedBinary: {
      const int width = a.type->byte_width();
      run(width, [&](int64_t r, uint8_t* p) { std::memcpy(p, a.GetFixed(r), width); });
      break;
    }
    case TypeId::kUtf8:
    case TypeId::kBinary: {
      const size_t prefix = static_cast<size_t>(c.prefix);
      run(c.prefix + 1, [&](int64_t r, uint8_t* p) {
        const std::string_view s = a.GetView(r);
        const size_t n = std::min<size_t>(s.size(), prefix);
        std::memcpy(p, s.data(), n);
        // Length byte: exact for short strings (so "ab" < "ab\0"), capped for long ones,
        // which then tie-break on the full string.
        p[prefix] = static_cast<uint8_t>(std::min<size_t>(s.size(), prefix + 1));
      });
      break;
    }
    default:
      break;  // rejected by Make
  }
}

void NormalizedKeyEncoder::Encode(int64_t begin, int64_t end, uint64_t* out) const {
  const int stride = this->stride();
  const int64_t n = end - begin;
  for (int64_t i = 0; i < n; ++i) {
    uint64_t* rec = out + i * stride;
    for (int w = 0; w < key_words_; ++w) rec[w] = 0;
    rec[key_words_] = static_cast<uint64_t>(begin + i);
  }
  for (const Column& c : columns_) EncodeColumn(c, begin, end, out);
  // Bytes were written most significant first; load each word as a big-endian integer.
  for (int64_t i = 0; i < n; ++i) {
    uint64_t* rec = out + i * stride;
    for (int w = 0; w < key_words_; ++w) rec[w] = __builtin_bswap64(rec[w]);
  }
}

int NormalizedKeyEncoder::CompareKeys(const uint64_t* a, const uint64_t* b) const {
  int w = 0;
  for (const Tie& tie : ties_) {
    for (; w < tie.word_end; ++w) {
      if (a[w] != b[w]) return a[w] < b[w] ? -1 : 1;
    }
    const int64_t ra = static_cast<int64_t>(a[key_words_]);
    const int64_t rb = static_cast<int64_t>(b[key_words_]);
    if (!tie.array->IsValid(ra)) continue;  // both NULL (the NULL bytes were equal)
    const std::string_view sa = tie.array->GetView(ra);
    const std::string_view sb = tie.array->GetView(rb);
    const size_t prefix = static_cast<size_t>(tie.prefix);
    if (sa.size() <= prefix) continue;  // prefix and exact length were equal
    const int c = sa.substr(prefix).compare(sb.substr(prefix));
    if (c != 0) return (c < 0) != tie.descending ? -1 : 1;
  }
  for (; w < key_words_; ++w) {
    if (a[w] != b[w]) return a[w] < b[w] ? -1 : 1;
  }
  return 0;
}

}  // namespace silt::sql::internal
