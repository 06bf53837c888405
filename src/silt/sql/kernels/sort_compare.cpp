// CompareRows: one row against another with a type switch per key. Used to merge sorted
// runs and check TopK thresholds, where a handful of comparisons per batch is the norm;
// bulk sorting goes through normalized keys (sort_key.cpp) instead.

#include <cmath>
#include <cstring>
#include <string_view>

#include "silt/sql/kernels/sort.h"

namespace silt::sql {
namespace {

/// A row of a plain array, after looking through dictionary / constant encodings.
struct ResolvedRow {
  const ArrayData* array;
  int64_t row;
  bool valid;
};

ResolvedRow Resolve(const ArrayData& a, int64_t row) {
  if (a.encoding == Encoding::kConstant) return Resolve(*a.dictionary, 0);
  if (a.encoding == Encoding::kDictionary) {
    if (a.IsNull(row)) return {&a, row, false};
    return Resolve(*a.dictionary, a.DictIndex(row));
  }
  return {&a, row, a.IsValid(row)};
}

template <typename T>
int Three(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

template <typename T>
T Load(const ResolvedRow& r) {
  T v;
  std::memcpy(&v, r.array->GetFixed(r.row), sizeof(T));
  return v;
}

/// Floats: NaN equals NaN and is greater than every number; -0.0 == 0.0.
template <typename F>
int CompareFloat(F a, F b) {
  const bool na = std::isnan(a);
  const bool nb = std::isnan(b);
  if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  return Three(a, b);
}

int CompareValues(const ResolvedRow& a, const ResolvedRow& b) {
  switch (a.array->type->id()) {
    case TypeId::kBool: return Three<int>(a.array->GetBool(a.row), b.array->GetBool(b.row));
    case TypeId::kInt8: return Three(Load<int8_t>(a), Load<int8_t>(b));
    case TypeId::kInt16: return Three(Load<int16_t>(a), Load<int16_t>(b));
    case TypeId::kInt32:
    case TypeId::kDate32: return Three(Load<int32_t>(a), Load<int32_t>(b));
    case TypeId::kInt64:
    case TypeId::kDecimal64:
    case TypeId::kTime64:
    case TypeId::kTimestamp: return Three(Load<int64_t>(a), Load<int64_t>(b));
    case TypeId::kUInt8: return Three(Load<uint8_t>(a), Load<uint8_t>(b));
    case TypeId::kUInt16: return Three(Load<uint16_t>(a), Load<uint16_t>(b));
    case TypeId::kUInt32: return Three(Load<uint32_t>(a), Load<uint32_t>(b));
    case TypeId::kUInt64: return Three(Load<uint64_t>(a), Load<uint64_t>(b));
    case TypeId::kFloat32: return CompareFloat(Load<float>(a), Load<float>(b));
    case TypeId::kFloat64: return CompareFloat(Load<double>(a), Load<double>(b));
    case TypeId::kDecimal128: return Three(Load<__int128>(a), Load<__int128>(b));
    case TypeId::kInterval: {
      const uint8_t* pa = a.array->GetFixed(a.row);
      const uint8_t* pb = b.array->GetFixed(b.row);
      int32_t ma, mb, da, db;
      int64_t na, nb;
      std::memcpy(&ma, pa, 4);
      std::memcpy(&mb, pb, 4);
      std::memcpy(&da, pa + 4, 4);
      std::memcpy(&db, pb + 4, 4);
      std::memcpy(&na, pa + 8, 8);
      std::memcpy(&nb, pb + 8, 8);
      if (ma != mb) return Three(ma, mb);
      if (da != db) return Three(da, db);
      return Three(na, nb);
    }
    case TypeId::kFixedBinary: {
      const int c = std::memcmp(a.array->GetFixed(a.row), b.array->GetFixed(b.row),
                                static_cast<size_t>(a.array->type->byte_width()));
      return Three(c, 0);
    }
    case TypeId::kUtf8:
    case TypeId::kBinary:
      return Three(a.array->GetView(a.row).compare(b.array->GetView(b.row)), 0);
    default:
      return 0;  // NULL-typed keys are all equal; nested keys are rejected by SortIndices
  }
}

}  // namespace

int CompareRows(const std::vector<ArrayDataPtr>& keys_a, int64_t a,
                const std::vector<ArrayDataPtr>& keys_b, int64_t b,
                const std::vector<SortKeyOrder>& orders) {
  for (size_t i = 0; i < orders.size(); ++i) {
    const ResolvedRow ra = Resolve(*keys_a[i], a);
    const ResolvedRow rb = Resolve(*keys_b[i], b);
    if (!ra.valid || !rb.valid) {
      if (ra.valid == rb.valid) continue;
      const bool a_first = !ra.valid == orders[i].nulls_first;
      return a_first ? -1 : 1;
    }
    const int c = CompareValues(ra, rb);
    if (c != 0) return orders[i].descending ? -c : c;
  }
  return 0;
}

}  // namespace silt::sql
