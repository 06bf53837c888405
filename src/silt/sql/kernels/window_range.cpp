// RANGE frames with offset bounds: `v - offset` / `v + offset` against the single order
// key, found by binary search over each partition's non-NULL rows (sorted by that key).
// Integers, decimals, dates and timestamps compare exactly in 128-bit integers; floats in
// double. NULL keys form one peer group, and a NULL current row's frame is that group.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "silt/common/decimal.h"
#include "silt/common/temporal.h"
#include "silt/functions/interval.h"
#include "silt/sql/kernels/window_internal.h"

namespace silt::sql::internal {
namespace {

using i128 = __int128;
constexpr i128 kI128Max = ~(static_cast<i128>(1) << 127);
constexpr i128 kI128Min = static_cast<i128>(1) << 127;
constexpr int64_t kNanosPerDay = 86400LL * 1000000000LL;

i128 SaturatingAdd(i128 a, i128 b) {
  i128 r;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? kI128Max : kI128Min;
  return r;
}

/// Exact value of row i of an integer/decimal array as an unscaled int128.
i128 ReadExact(const ArrayData& a, int64_t i) {
  switch (a.type->id()) {
    case TypeId::kInt8: return a.values<int8_t>()[i];
    case TypeId::kInt16: return a.values<int16_t>()[i];
    case TypeId::kInt32:
    case TypeId::kDate32: return a.values<int32_t>()[i];
    case TypeId::kUInt8: return a.values<uint8_t>()[i];
    case TypeId::kUInt16: return a.values<uint16_t>()[i];
    case TypeId::kUInt32: return a.values<uint32_t>()[i];
    case TypeId::kUInt64: return a.values<uint64_t>()[i];
    case TypeId::kDecimal128: {
      i128 v;
      std::memcpy(&v, a.GetFixed(i), 16);
      return v;
    }
    default: return a.values<int64_t>()[i];  // int64, decimal64, timestamp
  }
}

double ReadDouble(const ArrayData& a, int64_t i) {
  switch (a.type->id()) {
    case TypeId::kFloat32: return a.values<float>()[i];
    case TypeId::kFloat64: return a.values<double>()[i];
    default: {
      const i128 v = ReadExact(a, i);
      return a.type->IsDecimal() ? DecimalToDouble(v, a.type->scale()) : static_cast<double>(v);
    }
  }
}

bool IsExactNumber(const DataType& t) { return t.IsInteger() || t.IsDecimal(); }

/// The bound for one row in the key's domain, given its (untransformed) key value.
struct IntervalOffset {
  int32_t months = 0;
  int32_t days = 0;
  int64_t nanos = 0;
};

i128 AddInterval(i128 v_ns, int sign, const IntervalOffset& iv) {
  if (iv.months == 0 && iv.days == 0) return SaturatingAdd(v_ns, sign * static_cast<i128>(iv.nanos));
  i128 days = v_ns / kNanosPerDay;
  i128 rem = v_ns % kNanosPerDay;
  if (rem < 0) {
    rem += kNanosPerDay;
    days -= 1;
  }
  int64_t moved = 0;
  if (days > INT32_MAX || days < INT32_MIN ||
      !functions::internal::AddMonthsToDays(static_cast<int64_t>(days), sign * static_cast<int64_t>(iv.months), &moved)) {
    return sign > 0 ? kI128Max : kI128Min;
  }
  const i128 d2 = static_cast<i128>(moved) + sign * static_cast<i128>(iv.days);
  return d2 * kNanosPerDay + rem + sign * static_cast<i128>(iv.nanos);
}

template <typename T>
void SearchBounds(const std::vector<T>& keys, const std::vector<T>& bounds, bool is_start,
                  const WindowLayout& l, const ArrayData& key, bool nulls_first,
                  std::vector<int64_t>* out) {
  const bool has_nulls = key.null_count != 0 && key.validity() != nullptr;
  for (size_t p = 0; p + 1 < l.partition_starts.size(); ++p) {
    const int64_t ps = l.partition_starts[p];
    const int64_t pe = l.partition_starts[p + 1];
    int64_t nulls = 0;
    if (has_nulls) {
      for (int64_t i = ps; i < pe; ++i) nulls += key.IsNull(i) ? 1 : 0;
    }
    const int64_t nn_begin = nulls_first ? ps + nulls : ps;
    const int64_t nn_end = nulls_first ? pe : pe - nulls;
    const int64_t null_begin = nulls_first ? ps : nn_end;
    const int64_t null_end = nulls_first ? nn_begin : pe;
    for (int64_t i = ps; i < pe; ++i) {
      if (i < nn_begin || i >= nn_end) {
        (*out)[i] = is_start ? null_begin : null_end;
        continue;
      }
      const auto first = keys.begin() + nn_begin;
      const auto last = keys.begin() + nn_end;
      const auto it = is_start ? std::lower_bound(first, last, bounds[i])
                               : std::upper_bound(first, last, bounds[i]);
      (*out)[i] = it - keys.begin();
    }
  }
}

Status BadOffset() {
  return Status::Execution("invalid preceding or following size in window function");
}

}  // namespace

Status RangeOffsetBounds(const WindowBound& bound, bool is_start, const WindowLayout& l,
                         const ArrayData& key, const SortKeyOrder& order,
                         std::vector<int64_t>* out) {
  const int64_t n = l.num_rows;
  out->assign(static_cast<size_t>(n), 0);
  if (!bound.range_offset || bound.range_offset->length < 1) {
    return Status::Plan("RANGE offset frame bound without an offset value");
  }
  SILT_ASSIGN_OR_RETURN(auto offset, Flatten(bound.range_offset));
  if (offset->IsNull(0)) return BadOffset();
  const DataType& kt = *key.type;
  const DataType& ot = *offset->type;
  // In the transformed domain keys ascend: descending keys are negated.
  const bool desc = order.descending;
  const bool preceding = bound.kind == WindowBoundKind::kPreceding;
  const int sign = preceding != desc ? -1 : 1;
  const bool has_nulls = key.null_count != 0 && key.validity() != nullptr;
  auto valid = [&](int64_t i) { return !has_nulls || key.IsValid(i); };

  if (kt.id() == TypeId::kDate32 || kt.id() == TypeId::kTimestamp) {
    if (ot.id() != TypeId::kInterval) {
      return Status::Plan("RANGE offset for a " + kt.ToString() + " ORDER BY key must be an interval, not " +
                          ot.ToString());
    }
    IntervalOffset iv;
    std::memcpy(&iv, offset->GetFixed(0), 16);
    if (iv.months < 0 || iv.days < 0 || iv.nanos < 0) return BadOffset();
    if (kt.id() == TypeId::kTimestamp && !kt.timezone().empty() && (iv.months != 0 || iv.days != 0)) {
      return Status::NotSupported(
          "RANGE offsets with months or days over a timestamp with time zone (DST-dependent)");
    }
    const i128 unit_ns = kt.id() == TypeId::kDate32 ? kNanosPerDay : NanosPerUnit(kt.unit());
    std::vector<i128> keys(static_cast<size_t>(n)), bounds(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      if (!valid(i)) continue;
      const i128 v = ReadExact(key, i) * unit_ns;
      keys[i] = desc ? -v : v;
      const i128 b = AddInterval(v, sign, iv);
      bounds[i] = desc ? -b : b;
    }
    SearchBounds(keys, bounds, is_start, l, key, order.nulls_first, out);
    return Status::OK();
  }
  if (!IsExactNumber(kt) && !kt.IsFloating()) {
    return Status::NotSupported("RANGE offset frames over an ORDER BY key of type " + kt.ToString());
  }
  if (!IsExactNumber(ot) && !ot.IsFloating()) {
    return Status::Plan("RANGE offset of type " + ot.ToString() + " does not apply to an ORDER BY key of type " +
                        kt.ToString());
  }
  if (IsExactNumber(kt) && IsExactNumber(ot)) {
    const int32_t ks = kt.IsDecimal() ? kt.scale() : 0;
    const int32_t os = ot.IsDecimal() ? ot.scale() : 0;
    const int32_t scale = std::max(ks, os);
    i128 off;
    if (!MultiplyByPow10(ReadExact(*offset, 0), scale - os, &off)) {
      return Status::NotSupported("RANGE offset too large at the ORDER BY key's scale");
    }
    if (off < 0) return BadOffset();
    std::vector<i128> keys(static_cast<size_t>(n)), bounds(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      if (!valid(i)) continue;
      i128 v;
      if (!MultiplyByPow10(ReadExact(key, i), scale - ks, &v)) {
        return Status::NotSupported("RANGE offset frame: ORDER BY value too large at the offset's scale");
      }
      keys[i] = desc ? -v : v;
      const i128 b = SaturatingAdd(v, sign > 0 ? off : -off);
      bounds[i] = desc ? -b : b;
    }
    SearchBounds(keys, bounds, is_start, l, key, order.nulls_first, out);
    return Status::OK();
  }
  const double off = ReadDouble(*offset, 0);
  if (std::isnan(off) || off < 0) return BadOffset();
  std::vector<double> keys(static_cast<size_t>(n)), bounds(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    if (!valid(i)) continue;
    const double v = ReadDouble(key, i);
    const double b = v + sign * off;
    if (std::isnan(v) || std::isnan(b)) {
      return Status::NotSupported("RANGE offset frames over NaN ORDER BY values (or infinity +/- infinity)");
    }
    keys[i] = desc ? -v : v;
    bounds[i] = desc ? -b : b;
  }
  SearchBounds(keys, bounds, is_start, l, key, order.nulls_first, out);
  return Status::OK();
}

}  // namespace silt::sql::internal
