// Column-versus-column comparisons. Each side is first converted, in one typed pass, to a
// common domain (64- or 128-bit integers, doubles, byte views or booleans), then compared in
// a second pass; this keeps the number of template instantiations linear in the types.

#include <cmath>
#include <cstring>
#include <string_view>
#include <vector>

#include "silt/common/decimal.h"
#include "silt/common/temporal.h"
#include "silt/expr/compare_kernels.h"
#include "silt/expr/evaluate.h"

namespace silt::internal {

namespace {

enum class Domain { kInt64, kInt128, kDouble, kBytes, kBool };

template <typename T>
inline T LoadAt(const ArrayData& a, int64_t i) {
  T v;
  std::memcpy(&v, a.buffers[1]->data() + (a.offset + i) * static_cast<int64_t>(sizeof(T)),
              sizeof(T));
  return v;
}

bool IsExact(const DataType& t) { return t.IsInteger() || t.IsDecimal(); }

int32_t ScaleOf(const DataType& t) { return t.IsDecimal() ? t.scale() : 0; }

// Exact values held in at most 64 signed bits that need no rescaling to `scale` compare as
// int64 (e.g. two decimal64 columns of one scale), half the bytes of the 128-bit domain.
bool FitsInt64Domain(const DataType& t, int32_t scale) {
  return t.id() != TypeId::kUInt64 && t.id() != TypeId::kDecimal128 && ScaleOf(t) == scale;
}

template <typename F>
bool VisitInteger(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kInt8: f(int8_t{}); return true;
    case TypeId::kInt16: f(int16_t{}); return true;
    case TypeId::kInt32: f(int32_t{}); return true;
    case TypeId::kInt64: f(int64_t{}); return true;
    case TypeId::kUInt8: f(uint8_t{}); return true;
    case TypeId::kUInt16: f(uint16_t{}); return true;
    case TypeId::kUInt32: f(uint32_t{}); return true;
    case TypeId::kUInt64: f(uint64_t{}); return true;
    default: return false;
  }
}

// Exact numerics at `scale`, or instants/times in nanoseconds (`nanos` true).
Status ToInt128(const ArrayData& a, int64_t n, int32_t scale, bool nanos,
                std::vector<__int128>* out) {
  out->resize(static_cast<size_t>(n));
  __int128* o = out->data();
  const TypeId id = a.type->id();
  if (nanos) {
    const int64_t per = id == TypeId::kDate32 ? kNanosPerDay : NanosPerUnit(a.type->unit());
    if (id == TypeId::kDate32) {
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<__int128>(LoadAt<int32_t>(a, i)) * per;
    } else {
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<__int128>(LoadAt<int64_t>(a, i)) * per;
    }
    return Status::OK();
  }
  const int32_t own = ScaleOf(*a.type);
  if (id == TypeId::kDecimal128) {
    for (int64_t i = 0; i < n; ++i) o[i] = LoadAt<__int128>(a, i);
  } else if (id == TypeId::kDecimal64) {
    for (int64_t i = 0; i < n; ++i) o[i] = LoadAt<int64_t>(a, i);
  } else {
    VisitInteger(id, [&](auto tag) {
      using T = decltype(tag);
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<__int128>(LoadAt<T>(a, i));
    });
  }
  if (own < scale) {
    for (int64_t i = 0; i < n; ++i) {
      if (!MultiplyByPow10(o[i], scale - own, &o[i]) && a.IsValid(i)) {
        return Status::NotSupported("decimal comparison overflows 128 bits");
      }
    }
  }
  return Status::OK();
}

// Signed integers or decimal64 unscaled values as int64 (see FitsInt64Domain).
void ToInt64(const ArrayData& a, int64_t n, std::vector<int64_t>* out) {
  out->resize(static_cast<size_t>(n));
  int64_t* o = out->data();
  if (a.type->id() == TypeId::kDecimal64) {
    if (n > 0) std::memcpy(o, a.buffers[1]->data() + a.offset * 8, static_cast<size_t>(n) * 8);
    return;
  }
  VisitInteger(a.type->id(), [&](auto tag) {
    using T = decltype(tag);
    for (int64_t i = 0; i < n; ++i) o[i] = static_cast<int64_t>(LoadAt<T>(a, i));
  });
}

void ToDouble(const ArrayData& a, int64_t n, bool round_to_float, std::vector<double>* out) {
  out->resize(static_cast<size_t>(n));
  double* o = out->data();
  switch (a.type->id()) {
    case TypeId::kFloat32:
      for (int64_t i = 0; i < n; ++i) o[i] = LoadAt<float>(a, i);
      return;
    case TypeId::kFloat64:
      for (int64_t i = 0; i < n; ++i) o[i] = LoadAt<double>(a, i);
      return;
    case TypeId::kDecimal128: {
      const int32_t scale = a.type->scale();
      for (int64_t i = 0; i < n; ++i) o[i] = DecimalToDouble(LoadAt<__int128>(a, i), scale);
      break;
    }
    case TypeId::kDecimal64: {
      const int32_t scale = a.type->scale();
      for (int64_t i = 0; i < n; ++i) o[i] = DecimalToDouble(LoadAt<int64_t>(a, i), scale);
      break;
    }
    default:
      VisitInteger(a.type->id(), [&](auto tag) {
        using T = decltype(tag);
        for (int64_t i = 0; i < n; ++i) o[i] = static_cast<double>(LoadAt<T>(a, i));
      });
      break;
  }
  if (round_to_float) {
    for (int64_t i = 0; i < n; ++i) o[i] = static_cast<float>(o[i]);
  }
}

void ToBytes(const ArrayData& a, int64_t n, std::vector<std::string_view>* out) {
  out->resize(static_cast<size_t>(n));
  if (a.type->id() == TypeId::kFixedBinary) {
    const size_t w = static_cast<size_t>(a.type->byte_width());
    for (int64_t i = 0; i < n; ++i) {
      (*out)[i] = std::string_view(reinterpret_cast<const char*>(a.GetFixed(i)), w);
    }
    return;
  }
  for (int64_t i = 0; i < n; ++i) (*out)[i] = a.GetView(i);
}

void ToBool(const ArrayData& a, int64_t n, std::vector<uint8_t>* out) {
  out->resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) (*out)[i] = a.GetBool(i) ? 1 : 0;
}

template <typename T, typename Cmp>
void CompareVectors(const std::vector<T>& l, const std::vector<T>& r, int64_t n, Cmp holds,
                    uint8_t* out) {
  for (int64_t i = 0; i < n; ++i) {
    out[i] = static_cast<uint8_t>(static_cast<uint8_t>(holds(l[i], r[i])) << 1);
  }
}

int FloatSign(double x, double y) {
  bool xn = std::isnan(x), yn = std::isnan(y);
  if (xn || yn) return xn == yn ? 0 : (xn ? 1 : -1);
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace

Status CompareColumns(const ArrayData& left, const ArrayData& right, int64_t n, CompareOp op,
                      uint8_t* out) {
  const DataType& lt = *left.type;
  const DataType& rt = *right.type;
  if (lt.id() == TypeId::kNull || rt.id() == TypeId::kNull) {
    if (n > 0) std::memset(out, kTruthNull, static_cast<size_t>(n));
    return Status::OK();
  }
  auto instant = [](const DataType& t) {
    return t.id() == TypeId::kDate32 || t.id() == TypeId::kTimestamp;
  };
  auto bytes = [](const DataType& t) {
    return t.IsBinaryLike() || t.id() == TypeId::kFixedBinary;
  };
  Domain domain;
  int32_t scale = 0;
  bool nanos = false;
  if (IsExact(lt) && IsExact(rt)) {
    scale = std::max(ScaleOf(lt), ScaleOf(rt));
    domain = FitsInt64Domain(lt, scale) && FitsInt64Domain(rt, scale) ? Domain::kInt64
                                                                       : Domain::kInt128;
  } else if ((IsExact(lt) || lt.IsFloating()) && (IsExact(rt) || rt.IsFloating())) {
    domain = Domain::kDouble;
  } else if ((instant(lt) && instant(rt)) ||
             (lt.id() == TypeId::kTime64 && rt.id() == TypeId::kTime64)) {
    domain = Domain::kInt128;
    nanos = true;
  } else if (bytes(lt) && bytes(rt)) {
    domain = Domain::kBytes;
  } else if (lt.id() == TypeId::kBool && rt.id() == TypeId::kBool) {
    domain = Domain::kBool;
  } else {
    return Status::Plan("cannot compare a " + lt.ToString() + " column with a " +
                        rt.ToString() + " column");
  }
  switch (domain) {
    case Domain::kInt64: {
      std::vector<int64_t> l, r;
      ToInt64(left, n, &l);
      ToInt64(right, n, &r);
      CompareVectors(l, r, n, [op](int64_t a, int64_t b) {
        return HoldsForSign(op, a < b ? -1 : (a > b ? 1 : 0));
      }, out);
      break;
    }
    case Domain::kInt128: {
      std::vector<__int128> l, r;
      SILT_RETURN_NOT_OK(ToInt128(left, n, scale, nanos, &l));
      SILT_RETURN_NOT_OK(ToInt128(right, n, scale, nanos, &r));
      CompareVectors(l, r, n, [op](__int128 a, __int128 b) {
        return HoldsForSign(op, a < b ? -1 : (a > b ? 1 : 0));
      }, out);
      break;
    }
    case Domain::kDouble: {
      // The exact side takes the float side's precision, as in Scalar::Compare.
      std::vector<double> l, r;
      ToDouble(left, n, IsExact(lt) && rt.id() == TypeId::kFloat32, &l);
      ToDouble(right, n, IsExact(rt) && lt.id() == TypeId::kFloat32, &r);
      CompareVectors(l, r, n, [op](double a, double b) { return HoldsForSign(op, FloatSign(a, b)); },
                     out);
      break;
    }
    case Domain::kBytes: {
      std::vector<std::string_view> l, r;
      ToBytes(left, n, &l);
      ToBytes(right, n, &r);
      CompareVectors(l, r, n, [op](std::string_view a, std::string_view b) {
        int c = a.compare(b);
        return HoldsForSign(op, c);
      }, out);
      break;
    }
    case Domain::kBool: {
      std::vector<uint8_t> l, r;
      ToBool(left, n, &l);
      ToBool(right, n, &r);
      CompareVectors(l, r, n, [op](uint8_t a, uint8_t b) {
        return HoldsForSign(op, a < b ? -1 : (a > b ? 1 : 0));
      }, out);
      break;
    }
  }
  OverlayNulls(left, n, out);
  OverlayNulls(right, n, out);
  return Status::OK();
}

}  // namespace silt::internal
