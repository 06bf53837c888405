#include "silt/parquet/writer_values.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "silt/common/decimal.h"

namespace silt::parquet {

namespace {

/// Calls fn(array, row) for the plain array and row holding each value, in level order.
template <typename Fn>
Status ForEachValue(const WriterLeaf& leaf, const LeafLevels& levels, Fn&& fn) {
  const ArrayData& a = *levels.leaf_array;
  if (levels.all_valid_rows) {
    const uint8_t* bits = a.null_count != 0 ? a.validity() : nullptr;
    if (bits == nullptr) {
      for (int64_t i = 0; i < a.length; ++i) fn(a, i);
    } else {
      for (int64_t i = 0; i < a.length; ++i) {
        if (bit_util::GetBit(bits, a.offset + i)) fn(a, i);
      }
    }
    return Status::OK();
  }
  const int64_t* rows = levels.value_rows.data();
  const int64_t n = levels.num_values;
  switch (a.encoding) {
    case silt::Encoding::kPlain:
      for (int64_t k = 0; k < n; ++k) fn(a, rows[k]);
      return Status::OK();
    case silt::Encoding::kDictionary: {
      const ArrayData& dict = *a.dictionary;
      const int32_t* idx = a.values<int32_t>();
      for (int64_t k = 0; k < n; ++k) {
        const int32_t i = idx[rows[k]];
        if (i < 0 || i >= dict.length) {
          return Status::InvalidArgument("dictionary index " + std::to_string(i) +
                                         " out of range in column '" + leaf.name + "'");
        }
        fn(dict, i);
      }
      return Status::OK();
    }
    case silt::Encoding::kConstant:
      for (int64_t k = 0; k < n; ++k) fn(*a.dictionary, 0);
      return Status::OK();
  }
  return Status::Internal("unknown array encoding");
}

template <typename T>
inline void Store(uint8_t*& dst, T v) {
  std::memcpy(dst, &v, sizeof(T));
  dst += sizeof(T);
}

/// Stages decimal values held as `T` (int64_t for decimal64, __int128 for decimal128),
/// checking each fits the declared precision.
template <typename T>
Status GatherDecimal(const WriterLeaf& leaf, const LeafLevels& levels, uint8_t* dst) {
  const __int128 bound = Pow10Int128(leaf.type->precision());
  bool ok = true;
  __int128 bad = 0;
  auto check = [&](__int128 v) {
    if (v >= bound || v <= -bound) {
      if (ok) bad = v;
      ok = false;
    }
  };
  Status st;
  switch (leaf.conversion) {
    case WriteConversion::kDecimalToInt32:
      st = ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
        const __int128 v = s.values<T>()[r];
        check(v);
        Store(dst, static_cast<int32_t>(v));
      });
      break;
    case WriteConversion::kDecimalToInt64:
      st = ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
        const __int128 v = s.values<T>()[r];
        check(v);
        Store(dst, static_cast<int64_t>(v));
      });
      break;
    default: {
      const int w = leaf.type_length;
      st = ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
        const __int128 v = s.values<T>()[r];
        check(v);
        const auto u = static_cast<unsigned __int128>(v);
        for (int i = 0; i < w; ++i) dst[w - 1 - i] = static_cast<uint8_t>(u >> (8 * i));
        dst += w;
      });
      break;
    }
  }
  SILT_RETURN_NOT_OK(st);
  if (!ok) {
    std::string text;
    AppendInt128(bad, &text);
    return Status::InvalidArgument("decimal value with unscaled value " + text + " does not fit " +
                                   leaf.type->ToString() + " in column '" + leaf.name + "'");
  }
  return Status::OK();
}

Status GatherInterval(const WriterLeaf& leaf, const LeafLevels& levels, uint8_t* dst) {
  // Parquet INTERVAL is three unsigned 32-bit counts: months, days, milliseconds.
  bool ok = true;
  int32_t bad_months = 0, bad_days = 0;
  int64_t bad_nanos = 0;
  SILT_RETURN_NOT_OK(ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
    const uint8_t* p = s.GetFixed(r);
    int32_t months, days;
    int64_t nanos;
    std::memcpy(&months, p, 4);
    std::memcpy(&days, p + 4, 4);
    std::memcpy(&nanos, p + 8, 8);
    const bool good = months >= 0 && days >= 0 && nanos >= 0 && nanos % 1000000 == 0 &&
                      nanos / 1000000 <= std::numeric_limits<uint32_t>::max();
    if (!good && ok) {
      bad_months = months;
      bad_days = days;
      bad_nanos = nanos;
    }
    ok &= good;
    const auto millis = static_cast<uint32_t>(nanos / 1000000);
    std::memcpy(dst, p, 8);
    std::memcpy(dst + 8, &millis, 4);
    dst += 12;
  }));
  if (!ok) {
    return Status::InvalidArgument(
        "interval of " + std::to_string(bad_months) + " months, " + std::to_string(bad_days) +
        " days, " + std::to_string(bad_nanos) + " nanoseconds in column '" + leaf.name +
        "' cannot be stored as a Parquet INTERVAL (non-negative months and days, whole "
        "non-negative milliseconds below 2^32)");
  }
  return Status::OK();
}

}  // namespace

int StagedWidth(const WriterLeaf& leaf) {
  switch (leaf.kind) {
    case ValueKind::kBool: return 1;
    case ValueKind::kInt32:
    case ValueKind::kFloat: return 4;
    case ValueKind::kInt64:
    case ValueKind::kDouble: return 8;
    case ValueKind::kFixed: return leaf.type_length;
    case ValueKind::kByteArray: return 0;
  }
  return 0;
}

Status GatherValues(const WriterLeaf& leaf, const LeafLevels& levels, DenseValues* out) {
  const int64_t n = levels.num_values;
  out->count = n;
  out->fixed = nullptr;
  out->views = nullptr;
  if (leaf.conversion == WriteConversion::kNull || n == 0) {
    out->count = 0;
    return Status::OK();
  }
  const ArrayData& a = *levels.leaf_array;
  const int width = StagedWidth(leaf);
  if (leaf.kind == ValueKind::kByteArray) {
    out->view_storage.resize(static_cast<size_t>(n));
    std::string_view* dst = out->view_storage.data();
    size_t longest = 0;
    SILT_RETURN_NOT_OK(ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
      const std::string_view v = s.GetView(r);
      longest = std::max(longest, v.size());
      *dst++ = v;
    }));
    if (longest > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
      return Status::InvalidArgument("a value of " + std::to_string(longest) +
                                     " bytes in column '" + leaf.name +
                                     "' exceeds the Parquet BYTE_ARRAY limit of 2 GiB");
    }
    out->views = out->view_storage.data();
    return Status::OK();
  }
  // Zero-copy: the values buffer already has the physical layout and no gaps.
  if (leaf.conversion == WriteConversion::kCopy && leaf.kind != ValueKind::kBool &&
      a.encoding == silt::Encoding::kPlain && levels.all_valid_rows &&
      (a.null_count == 0 || a.validity() == nullptr)) {
    out->fixed = a.buffers[1]->data() + a.offset * width;
    return Status::OK();
  }
  out->storage.resize(static_cast<size_t>(n * width));
  uint8_t* dst = out->storage.data();
  out->fixed = dst;
  switch (leaf.conversion) {
    case WriteConversion::kCopy:
      switch (leaf.kind) {
        case ValueKind::kBool:
          return ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
            *dst++ = static_cast<uint8_t>(s.GetBool(r));
          });
        case ValueKind::kInt32:
        case ValueKind::kFloat:
          return ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
            Store(dst, s.values<uint32_t>()[r]);
          });
        case ValueKind::kInt64:
        case ValueKind::kDouble:
          return ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
            Store(dst, s.values<uint64_t>()[r]);
          });
        default:
          return ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
            std::memcpy(dst, s.GetFixed(r), static_cast<size_t>(width));
            dst += width;
          });
      }
    case WriteConversion::kInt8ToInt32:
      return ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
        Store(dst, static_cast<int32_t>(s.values<int8_t>()[r]));
      });
    case WriteConversion::kUInt8ToInt32:
      return ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
        Store(dst, static_cast<int32_t>(s.values<uint8_t>()[r]));
      });
    case WriteConversion::kInt16ToInt32:
      return ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
        Store(dst, static_cast<int32_t>(s.values<int16_t>()[r]));
      });
    case WriteConversion::kUInt16ToInt32:
      return ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
        Store(dst, static_cast<int32_t>(s.values<uint16_t>()[r]));
      });
    case WriteConversion::kInt64ToInt32:
      return ForEachValue(leaf, levels, [&](const ArrayData& s, int64_t r) {
        Store(dst, static_cast<int32_t>(s.values<int64_t>()[r]));
      });
    case WriteConversion::kDecimalToInt32:
    case WriteConversion::kDecimalToInt64:
    case WriteConversion::kDecimalToFixed:
      return leaf.type->id() == TypeId::kDecimal64 ? GatherDecimal<int64_t>(leaf, levels, dst)
                                                   : GatherDecimal<__int128>(leaf, levels, dst);
    case WriteConversion::kInterval: return GatherInterval(leaf, levels, dst);
    case WriteConversion::kBinary:
    case WriteConversion::kNull: break;
  }
  return Status::Internal("unexpected conversion for column '" + leaf.name + "'");
}

}  // namespace silt::parquet
