// The typed half of ColumnChunkWriter: value encoding (dictionary or PLAIN) and min/max
// statistics, instantiated once per staged value kind so the per-value loops are direct.
#include <cmath>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "silt/parquet/encoding/bit_pack.h"
#include "silt/parquet/writer_column.h"
#include "silt/parquet/writer_dictionary.h"
#include "silt/parquet/writer_statistics.h"

namespace silt::parquet {

namespace {

template <ValueKind K>
struct KindTraits;
template <>
struct KindTraits<ValueKind::kBool> {
  using Value = uint8_t;
};
template <>
struct KindTraits<ValueKind::kInt32> {
  using Value = int32_t;
};
template <>
struct KindTraits<ValueKind::kInt64> {
  using Value = int64_t;
};
template <>
struct KindTraits<ValueKind::kFloat> {
  using Value = float;
};
template <>
struct KindTraits<ValueKind::kDouble> {
  using Value = double;
};
template <>
struct KindTraits<ValueKind::kFixed> {
  using Value = std::string_view;
};
template <>
struct KindTraits<ValueKind::kByteArray> {
  using Value = std::string_view;
};

template <ValueKind K>
class TypedColumnWriter final : public ColumnChunkWriter {
  using Value = typename KindTraits<K>::Value;
  static constexpr bool kBytes = K == ValueKind::kFixed || K == ValueKind::kByteArray;
  static constexpr bool kFloating = K == ValueKind::kFloat || K == ValueKind::kDouble;
  // Bounds are kept as copies: scalars by value, byte values in owned strings.
  using Stored = std::conditional_t<kBytes, std::string, Value>;

 public:
  TypedColumnWriter(const WriterLeaf& leaf, const ColumnWriterOptions& options)
      : ColumnChunkWriter(leaf, options),
        width_(K == ValueKind::kFixed ? leaf.type_length : 0),
        dictionary_(K == ValueKind::kByteArray ? 0
                                               : (kBytes ? leaf.type_length : int(sizeof(Value)))) {
    ResetChunk();
  }

 protected:
  void PutValues(const DenseValues& values, int64_t start, int64_t n) override {
    if (n == 0) return;
    UpdateBounds(values, start, n);
    if constexpr (K != ValueKind::kBool) {
      if (use_dictionary_) {
        PutIndices(values, start, n);
        return;
      }
    }
    PutPlain(values, start, n);
  }

  void PutIndices(const DenseValues& values, int64_t start, int64_t n) {
    {
      const size_t base = indices_.size();
      indices_.resize(base + static_cast<size_t>(n));
      int32_t* out = indices_.data() + base;
      if constexpr (K == ValueKind::kByteArray) {
        const std::string_view* v = values.views + start;
        for (int64_t i = 0; i < n; ++i) {
          out[i] = dictionary_.GetOrInsert(reinterpret_cast<const uint8_t*>(v[i].data()),
                                           static_cast<int64_t>(v[i].size()));
        }
      } else if constexpr (K == ValueKind::kFixed) {
        const uint8_t* p = values.fixed + start * width_;
        for (int64_t i = 0; i < n; ++i) out[i] = dictionary_.GetOrInsert(p + i * width_, width_);
      } else {
        const uint8_t* p = values.fixed + start * static_cast<int64_t>(sizeof(Value));
        for (int64_t i = 0; i < n; ++i) {
          Value v;
          std::memcpy(&v, p + i * static_cast<int64_t>(sizeof(Value)), sizeof(Value));
          out[i] = dictionary_.GetOrInsertScalar(v);
        }
      }
    }
  }

  void PutPlain(const DenseValues& values, int64_t start, int64_t n) {
    if constexpr (K == ValueKind::kBool) {
      bools_.insert(bools_.end(), values.fixed + start, values.fixed + start + n);
    } else if constexpr (K == ValueKind::kByteArray) {
      const std::string_view* v = values.views + start;
      for (int64_t i = 0; i < n; ++i) {
        const auto len = static_cast<uint32_t>(v[i].size());
        plain_.append(reinterpret_cast<const char*>(&len), 4);
        plain_.append(v[i]);
      }
    } else {
      const int64_t w = K == ValueKind::kFixed ? width_ : static_cast<int64_t>(sizeof(Value));
      plain_.append(reinterpret_cast<const char*>(values.fixed + start * w),
                    static_cast<size_t>(n * w));
    }
  }

  int64_t PendingValueBytes() const override {
    if (use_dictionary_) {
      const int width = std::max(1, BitWidthOf(static_cast<uint64_t>(dictionary_.size())));
      return static_cast<int64_t>(indices_.size()) * width / 8 + 1;
    }
    if constexpr (K == ValueKind::kBool) return static_cast<int64_t>(bools_.size() / 8);
    return static_cast<int64_t>(plain_.size());
  }

  Encoding TakePageValues(std::string* out) override {
    if (use_dictionary_) {
      if (indices_.empty()) return Encoding::kPlain;  // a page of nulls needs no dictionary
      const int width = std::max(
          1,
          BitWidthOf(static_cast<uint64_t>(dictionary_.size() > 0 ? dictionary_.size() - 1 : 0)));
      EncodeDictionaryIndices(indices_.data(), static_cast<int64_t>(indices_.size()), width, out);
      indices_.clear();
      return Encoding::kRleDictionary;
    }
    if constexpr (K == ValueKind::kBool) {
      const size_t n = bools_.size();
      const size_t start = out->size();
      out->resize(start + (n + 7) / 8, '\0');
      auto* bits = reinterpret_cast<uint8_t*>(out->data() + start);
      for (size_t i = 0; i < n; ++i) bits[i >> 3] |= static_cast<uint8_t>(bools_[i] << (i & 7));
      bools_.clear();
    } else {
      out->append(plain_);
      plain_.clear();
    }
    return Encoding::kPlain;
  }

  bool TakePageBounds(std::string* min, std::string* max, int64_t* nan_count) override {
    *nan_count = page_nans_;
    chunk_nans_ += page_nans_;
    page_nans_ = 0;
    if (!page_has_bounds_) return false;
    page_has_bounds_ = false;
    Merge(page_min_, page_max_, &chunk_has_bounds_, &chunk_min_, &chunk_max_);
    bool exact;
    EncodeMin(page_min_, min, &exact);
    return EncodeMax(page_max_, max, &exact);
  }

  bool DictionaryFull() const override {
    return use_dictionary_ && dictionary_.plain_size() > options_.dictionary_limit;
  }
  bool UsingDictionary() const override { return use_dictionary_; }

  void TakeDictionary(std::string* out, int32_t* count) override {
    *count = dictionary_.size();
    dictionary_.EncodePlain(out);
    dictionary_.Clear();
    use_dictionary_ = false;
  }

  void ChunkBounds(Statistics* stats) override {
    if constexpr (kFloating) stats->nan_count = chunk_nans_;
    if (!chunk_has_bounds_) return;
    bool exact = true;
    std::string min, max;
    EncodeMin(chunk_min_, &min, &exact);
    stats->min_value = std::move(min);
    stats->is_min_value_exact = exact;
    if (EncodeMax(chunk_max_, &max, &exact)) {
      stats->max_value = std::move(max);
      stats->is_max_value_exact = exact;
    }
  }

  int CompareBounds(const std::string& a, const std::string& b) const override {
    if constexpr (kBytes) {
      const std::string_view x(a), y(b);
      if (K == ValueKind::kFixed && leaf_.order == StatsOrder::kSigned && !x.empty() &&
          !y.empty() && x[0] != y[0]) {
        return static_cast<int8_t>(x[0]) < static_cast<int8_t>(y[0]) ? -1 : 1;
      }
      const int c = x.compare(y);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    } else {
      Value x{}, y{};
      std::memcpy(&x, a.data(), std::min(a.size(), sizeof(Value)));
      std::memcpy(&y, b.data(), std::min(b.size(), sizeof(Value)));
      return Less(x, y) ? -1 : (Less(y, x) ? 1 : 0);
    }
  }

  void ResetChunk() override {
    dictionary_.Clear();
    use_dictionary_ = options_.dictionary && K != ValueKind::kBool;
    indices_.clear();
    plain_.clear();
    bools_.clear();
    page_has_bounds_ = chunk_has_bounds_ = false;
    page_nans_ = chunk_nans_ = 0;
  }

  int64_t DictionaryBytes() const override {
    return use_dictionary_ ? dictionary_.plain_size() : 0;
  }

 private:
  bool Less(const Value& a, const Value& b) const {
    if constexpr (K == ValueKind::kInt32) {
      if (unsigned_) return static_cast<uint32_t>(a) < static_cast<uint32_t>(b);
      return a < b;
    } else if constexpr (K == ValueKind::kInt64) {
      if (unsigned_) return static_cast<uint64_t>(a) < static_cast<uint64_t>(b);
      return a < b;
    } else if constexpr (K == ValueKind::kFixed) {
      if (signed_bytes_ && a[0] != b[0])
        return static_cast<int8_t>(a[0]) < static_cast<int8_t>(b[0]);
      return a < b;  // unsigned byte-wise
    } else {
      return a < b;
    }
  }

  Value Load(const DenseValues& values, int64_t i) const {
    if constexpr (K == ValueKind::kByteArray) {
      return values.views[i];
    } else if constexpr (K == ValueKind::kFixed) {
      return {reinterpret_cast<const char*>(values.fixed + i * width_),
              static_cast<size_t>(width_)};
    } else {
      Value v;
      std::memcpy(&v, values.fixed + i * static_cast<int64_t>(sizeof(Value)), sizeof(Value));
      return v;
    }
  }

  /// Min/max of values [start, start + n) merged into the page's bounds.
  void UpdateBounds(const DenseValues& values, int64_t start, int64_t n) {
    if (leaf_.order == StatsOrder::kNone) return;
    if (!options_.statistics && !options_.page_index) return;
    int64_t i = start;
    const int64_t end = start + n;
    if constexpr (kFloating) {
      while (i < end && std::isnan(Load(values, i))) {
        ++page_nans_;
        ++i;
      }
    }
    if (i == end) return;
    Value mn = Load(values, i);
    Value mx = mn;
    for (++i; i < end; ++i) {
      const Value v = Load(values, i);
      if constexpr (kFloating) {
        if (std::isnan(v)) {
          ++page_nans_;
          continue;
        }
      }
      if (Less(v, mn)) mn = v;
      if (Less(mx, v)) mx = v;
    }
    Merge(mn, mx, &page_has_bounds_, &page_min_, &page_max_);
  }

  template <typename A>
  void Merge(const A& mn, const A& mx, bool* has, Stored* dst_min, Stored* dst_max) const {
    if (!*has) {
      Assign(mn, dst_min);
      Assign(mx, dst_max);
      *has = true;
      return;
    }
    if (Less(Value(mn), Value(*dst_min))) Assign(mn, dst_min);
    if (Less(Value(*dst_max), Value(mx))) Assign(mx, dst_max);
  }

  template <typename A>
  static void Assign(const A& v, Stored* dst) {
    if constexpr (kBytes) {
      dst->assign(v.data(), v.size());  // reuses the string's capacity
    } else {
      *dst = v;
    }
  }

  void EncodeMin(const Stored& v, std::string* out, bool* exact) const {
    *exact = true;
    if constexpr (K == ValueKind::kByteArray) {
      *out = TruncateMin(v, options_.truncate_bytes, leaf_.is_utf8, exact);
    } else if constexpr (kBytes) {
      *out = v;
    } else {
      Value x = v;
      if constexpr (kFloating) {
        if (x == 0) x = -Value(0);  // -0.0 may hide behind +0.0
      }
      out->resize(sizeof(Value));
      std::memcpy(out->data(), &x, sizeof(Value));
    }
  }

  bool EncodeMax(const Stored& v, std::string* out, bool* exact) const {
    *exact = true;
    if constexpr (K == ValueKind::kByteArray) {
      auto m = TruncateMax(v, options_.truncate_bytes, leaf_.is_utf8, exact);
      if (!m) return false;
      *out = std::move(*m);
    } else if constexpr (kBytes) {
      *out = v;
    } else {
      Value x = v;
      if constexpr (kFloating) {
        if (x == 0) x = Value(0);
      }
      out->resize(sizeof(Value));
      std::memcpy(out->data(), &x, sizeof(Value));
    }
    return true;
  }

  const int64_t width_;
  const bool unsigned_ = leaf_.order == StatsOrder::kUnsigned;
  const bool signed_bytes_ = leaf_.order == StatsOrder::kSigned;
  DictionaryTable dictionary_;
  bool use_dictionary_ = false;
  std::vector<int32_t> indices_;  // pending page, dictionary mode
  std::string plain_;             // pending page, PLAIN mode
  std::vector<uint8_t> bools_;    // pending page, BOOLEAN
  bool page_has_bounds_ = false;
  bool chunk_has_bounds_ = false;
  Stored page_min_{}, page_max_{}, chunk_min_{}, chunk_max_{};
  int64_t page_nans_ = 0;
  int64_t chunk_nans_ = 0;
};

}  // namespace

std::unique_ptr<ColumnChunkWriter> ColumnChunkWriter::Make(const WriterLeaf& leaf,
                                                           const ColumnWriterOptions& options) {
  switch (leaf.kind) {
    case ValueKind::kBool:
      return std::make_unique<TypedColumnWriter<ValueKind::kBool>>(leaf, options);
    case ValueKind::kInt32:
      return std::make_unique<TypedColumnWriter<ValueKind::kInt32>>(leaf, options);
    case ValueKind::kInt64:
      return std::make_unique<TypedColumnWriter<ValueKind::kInt64>>(leaf, options);
    case ValueKind::kFloat:
      return std::make_unique<TypedColumnWriter<ValueKind::kFloat>>(leaf, options);
    case ValueKind::kDouble:
      return std::make_unique<TypedColumnWriter<ValueKind::kDouble>>(leaf, options);
    case ValueKind::kFixed:
      return std::make_unique<TypedColumnWriter<ValueKind::kFixed>>(leaf, options);
    case ValueKind::kByteArray:
      return std::make_unique<TypedColumnWriter<ValueKind::kByteArray>>(leaf, options);
  }
  return nullptr;
}

}  // namespace silt::parquet
