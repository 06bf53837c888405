#include "silt/expr/compare_kernels.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "silt/common/decimal.h"
#include "silt/common/temporal.h"
#include "silt/expr/evaluate.h"

namespace silt::internal {

namespace {

constexpr __int128 kInt128Max = static_cast<__int128>(~static_cast<unsigned __int128>(0) >> 1);
constexpr __int128 kInt128Min = -kInt128Max - 1;

inline uint8_t Truth(bool b) { return static_cast<uint8_t>(static_cast<uint8_t>(b) << 1); }

template <CompareOp Op, typename T>
inline bool Holds(const T& a, const T& b) {
  if constexpr (Op == CompareOp::kEq) return a == b;
  if constexpr (Op == CompareOp::kNe) return a != b;
  if constexpr (Op == CompareOp::kLt) return a < b;
  if constexpr (Op == CompareOp::kLe) return a <= b;
  if constexpr (Op == CompareOp::kGt) return a > b;
  if constexpr (Op == CompareOp::kGe) return a >= b;
}

// Floats order NaN above every number and equal to itself (PostgreSQL); see Scalar::Compare.
template <CompareOp Op>
inline bool HoldsFloat(double x, double y) {
  const bool xn = x != x, yn = y != y;
  if constexpr (Op == CompareOp::kEq) return x == y || (xn && yn);
  if constexpr (Op == CompareOp::kNe) return !(x == y || (xn && yn));
  if constexpr (Op == CompareOp::kLt) return x < y || (!xn && yn);
  if constexpr (Op == CompareOp::kLe) return x <= y || yn;
  if constexpr (Op == CompareOp::kGt) return x > y || (xn && !yn);
  if constexpr (Op == CompareOp::kGe) return x >= y || xn;
}

// Calls f with the operator as a compile-time constant so loops carry no per-row switch.
template <typename F>
void WithOp(CompareOp op, F&& f) {
  switch (op) {
    case CompareOp::kEq: f(std::integral_constant<CompareOp, CompareOp::kEq>{}); break;
    case CompareOp::kNe: f(std::integral_constant<CompareOp, CompareOp::kNe>{}); break;
    case CompareOp::kLt: f(std::integral_constant<CompareOp, CompareOp::kLt>{}); break;
    case CompareOp::kLe: f(std::integral_constant<CompareOp, CompareOp::kLe>{}); break;
    case CompareOp::kGt: f(std::integral_constant<CompareOp, CompareOp::kGt>{}); break;
    case CompareOp::kGe: f(std::integral_constant<CompareOp, CompareOp::kGe>{}); break;
  }
}

// Unaligned-safe load of the i-th value (zero-copy buffers may be unaligned).
template <typename T>
inline T Load(const uint8_t* base, int64_t i) {
  T v;
  std::memcpy(&v, base + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return v;
}

template <typename T>
const uint8_t* ValuesBase(const ArrayData& a) {
  return a.buffers[1]->data() + a.offset * static_cast<int64_t>(sizeof(T));
}

template <typename Get, typename T>
void CompareLoop(Get get, int64_t n, CompareOp op, const T& lit, uint8_t* out) {
  WithOp(op, [&](auto tag) {
    constexpr CompareOp kOp = decltype(tag)::value;
    for (int64_t i = 0; i < n; ++i) out[i] = Truth(Holds<kOp>(static_cast<T>(get(i)), lit));
  });
}

template <typename Get>
void CompareFloatLoop(Get get, int64_t n, CompareOp op, double lit, uint8_t* out) {
  WithOp(op, [&](auto tag) {
    constexpr CompareOp kOp = decltype(tag)::value;
    for (int64_t i = 0; i < n; ++i) out[i] = Truth(HoldsFloat<kOp>(get(i), lit));
  });
}

inline int CompareBytes(std::string_view a, std::string_view b) {
  size_t m = std::min(a.size(), b.size());
  int c = m == 0 ? 0 : std::memcmp(a.data(), b.data(), m);
  if (c != 0) return c < 0 ? -1 : 1;
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

template <typename Get>
void CompareBytesLoop(Get get, int64_t n, CompareOp op, std::string_view lit, uint8_t* out) {
  WithOp(op, [&](auto tag) {
    constexpr CompareOp kOp = decltype(tag)::value;
    for (int64_t i = 0; i < n; ++i) out[i] = Truth(Holds<kOp>(CompareBytes(get(i), lit), 0));
  });
}

void Fill(uint8_t* out, int64_t n, uint8_t v) {
  if (n > 0) std::memset(out, v, static_cast<size_t>(n));  // out may be null when n == 0
}

template <typename F>
Status DispatchInteger(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kInt8: f(int8_t{}); break;
    case TypeId::kInt16: f(int16_t{}); break;
    case TypeId::kInt32: f(int32_t{}); break;
    case TypeId::kInt64: f(int64_t{}); break;
    case TypeId::kUInt8: f(uint8_t{}); break;
    case TypeId::kUInt16: f(uint16_t{}); break;
    case TypeId::kUInt32: f(uint32_t{}); break;
    case TypeId::kUInt64: f(uint64_t{}); break;
    default: return Status::Internal("not an integer type");
  }
  return Status::OK();
}

// ---- integer-domain comparisons (ints, decimals, dates, timestamps, times) ----

// The literal expressed in the column's units: lit = q + f with 0 <= f < 1 (exact: f = 0).
// side != 0 when the literal lies beyond every 128-bit value (+1 above, -1 below).
struct Bound {
  int side = 0;
  __int128 q = 0;
  bool exact = true;
};

__int128 FloorDiv128(__int128 a, __int128 b) {
  __int128 q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

bool IsExactNumeric(const DataType& t) { return t.IsInteger() || t.IsDecimal(); }
bool IsTemporalInstant(const DataType& t) {
  return t.id() == TypeId::kDate32 || t.id() == TypeId::kTimestamp;
}

void ExactParts(const Scalar& s, __int128* unscaled, int32_t* scale) {
  if (const auto* v = std::get_if<int64_t>(&s.storage())) {
    *unscaled = *v;
    *scale = 0;
  } else if (const auto* u = std::get_if<uint64_t>(&s.storage())) {
    *unscaled = static_cast<__int128>(*u);
    *scale = 0;
  } else {
    *unscaled = s.decimal_value();
    *scale = s.type()->scale();
  }
}

Bound ExactBound(const Scalar& lit, int32_t column_scale) {
  __int128 u;
  int32_t ls;
  ExactParts(lit, &u, &ls);
  Bound b;
  if (ls <= column_scale) {
    if (!MultiplyByPow10(u, column_scale - ls, &b.q)) b.side = u < 0 ? -1 : 1;
    return b;
  }
  int32_t d = ls - column_scale;
  if (d > kMaxDecimal128Precision) {
    b.q = u < 0 ? -1 : 0;
    b.exact = u == 0;
    return b;
  }
  __int128 p = Pow10Int128(d);
  b.q = FloorDiv128(u, p);
  b.exact = u % p == 0;
  return b;
}

__int128 LiteralNanos(const Scalar& lit) {
  if (lit.type()->id() == TypeId::kDate32) return static_cast<__int128>(lit.int_value()) * kNanosPerDay;
  return static_cast<__int128>(lit.int_value()) * NanosPerUnit(lit.type()->unit());
}

Bound NanosBound(const Scalar& lit, int64_t nanos_per_value) {
  __int128 ns = LiteralNanos(lit);
  Bound b;
  b.q = FloorDiv128(ns, nanos_per_value);
  b.exact = ns % nanos_per_value == 0;
  return b;
}

// A comparison against a bound reduces to a constant or to `x op' q` on column values.
struct DomainPlan {
  bool constant = false;
  uint8_t value = kTruthFalse;
  CompareOp op = CompareOp::kEq;
  __int128 q = 0;
};

DomainPlan PlanDomain(CompareOp op, const Bound& b, __int128 lo, __int128 hi) {
  DomainPlan p;
  // Every column value lies below (+1) or above (-1) the literal.
  auto constant_for_side = [&](int side) {
    p.constant = true;
    p.value = Truth(HoldsForSign(op, side > 0 ? -1 : 1));
    return p;
  };
  if (b.side != 0) return constant_for_side(b.side);
  p.op = op;
  p.q = b.q;
  if (!b.exact) {
    // lit = q + f with 0 < f < 1: no integer equals it; x < lit <=> x <= q; x > lit <=> x > q.
    switch (op) {
      case CompareOp::kEq: p.constant = true; p.value = kTruthFalse; return p;
      case CompareOp::kNe: p.constant = true; p.value = kTruthTrue; return p;
      case CompareOp::kLt:
      case CompareOp::kLe: p.op = CompareOp::kLe; break;
      case CompareOp::kGt:
      case CompareOp::kGe: p.op = CompareOp::kGt; break;
    }
  }
  if (p.q > hi) {
    op = p.op;
    return constant_for_side(1);
  }
  if (p.q < lo) {
    op = p.op;
    return constant_for_side(-1);
  }
  return p;
}

template <typename T>
void CompareIntegers(const ArrayData& a, int64_t n, CompareOp op, const Bound& b, uint8_t* out) {
  DomainPlan p = PlanDomain(op, b, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
  if (p.constant) return Fill(out, n, p.value);
  const uint8_t* base = ValuesBase<T>(a);
  CompareLoop([base](int64_t i) { return Load<T>(base, i); }, n, p.op, static_cast<T>(p.q), out);
}

void CompareDecimals(const ArrayData& a, int64_t n, CompareOp op, const Bound& b, uint8_t* out) {
  DomainPlan p = PlanDomain(op, b, kInt128Min, kInt128Max);
  if (p.constant) return Fill(out, n, p.value);
  const uint8_t* base = ValuesBase<__int128>(a);
  CompareLoop([base](int64_t i) { return Load<__int128>(base, i); }, n, p.op, p.q, out);
}

// Exact column values against a float literal: values take the literal's float precision.
void CompareExactWithFloat(const ArrayData& a, int64_t n, CompareOp op, double lit,
                           bool round_to_float, uint8_t* out) {
  if (a.type->IsDecimal()) {
    auto compare = [&](auto tag) {
      using T = decltype(tag);  // unscaled storage: int64_t or __int128
      const uint8_t* base = ValuesBase<T>(a);
      const int32_t scale = a.type->scale();
      auto get = [=](int64_t i) {
        double d = DecimalToDouble(Load<T>(base, i), scale);
        return round_to_float ? static_cast<double>(static_cast<float>(d)) : d;
      };
      CompareFloatLoop(get, n, op, lit, out);
    };
    if (a.type->id() == TypeId::kDecimal64) return compare(int64_t{});
    return compare(__int128{});
  }
  (void)DispatchInteger(a.type->id(), [&](auto tag) {
    using T = decltype(tag);
    const uint8_t* base = ValuesBase<T>(a);
    if (round_to_float) {
      auto get = [base](int64_t i) {
        return static_cast<double>(static_cast<float>(static_cast<double>(Load<T>(base, i))));
      };
      CompareFloatLoop(get, n, op, lit, out);
    } else {
      CompareFloatLoop([base](int64_t i) { return static_cast<double>(Load<T>(base, i)); }, n,
                       op, lit, out);
    }
  });
}

Status Incomparable(const ArrayData& a, const Scalar& lit, const std::string& name) {
  return Status::Plan("cannot compare column '" + name + "' of type " + a.type->ToString() +
                      " with " + lit.ToString() + " of type " + lit.type()->ToString());
}

std::string_view BinaryView(const int64_t* offsets, const uint8_t* data, int64_t i) {
  return {reinterpret_cast<const char*>(data) + offsets[i],
          static_cast<size_t>(offsets[i + 1] - offsets[i])};
}

}  // namespace

bool HoldsForSign(CompareOp op, int c) {
  switch (op) {
    case CompareOp::kEq: return c == 0;
    case CompareOp::kNe: return c != 0;
    case CompareOp::kLt: return c < 0;
    case CompareOp::kLe: return c <= 0;
    case CompareOp::kGt: return c > 0;
    case CompareOp::kGe: return c >= 0;
  }
  return false;
}

void OverlayNulls(const ArrayData& a, int64_t n, uint8_t* out) {
  if (a.type->id() == TypeId::kNull) return Fill(out, n, kTruthNull);
  const uint8_t* validity = a.validity();
  if (a.null_count == 0 || validity == nullptr) return;
  for (int64_t i = 0; i < n; ++i) {
    if (!bit_util::GetBit(validity, a.offset + i)) out[i] = kTruthNull;
  }
}

Status CompareWithLiteral(const ArrayData& a, int64_t n, CompareOp op, const Scalar& literal,
                          const std::string& name, uint8_t* out) {
  if (literal.is_null() || a.type->id() == TypeId::kNull) {
    Fill(out, n, kTruthNull);
    return Status::OK();
  }
  auto coerced = CoerceLiteral(literal, *a.type);
  if (!coerced.ok()) {
    return Status::Plan("cannot compare column '" + name + "' of type " + a.type->ToString() +
                        " with " + literal.ToString() + ": " + coerced.status().message());
  }
  const Scalar& lit = *coerced;
  const DataType& lt = *lit.type();
  const TypeId id = a.type->id();
  if (a.type->IsNested() || id == TypeId::kInterval) {
    return Status::NotSupported("comparing " + a.type->ToString() + " column '" + name +
                                "' is not supported");
  }
  if (IsExactNumeric(*a.type)) {
    if (IsExactNumeric(lt)) {
      Bound b = ExactBound(lit, a.type->IsDecimal() ? a.type->scale() : 0);
      if (id == TypeId::kDecimal128) {
        CompareDecimals(a, n, op, b, out);
      } else if (id == TypeId::kDecimal64) {
        // The literal at the column's scale; beyond int64 it folds to a constant.
        CompareIntegers<int64_t>(a, n, op, b, out);
      } else {
        SILT_RETURN_NOT_OK(DispatchInteger(id, [&](auto tag) {
          CompareIntegers<decltype(tag)>(a, n, op, b, out);
        }));
      }
    } else if (lt.IsFloating()) {
      CompareExactWithFloat(a, n, op, lit.double_value(), lt.id() == TypeId::kFloat32, out);
    } else {
      return Incomparable(a, lit, name);
    }
  } else if (a.type->IsFloating()) {
    double v;
    if (lt.IsFloating()) {
      v = lit.double_value();
    } else if (IsExactNumeric(lt)) {
      __int128 u;
      int32_t s;
      ExactParts(lit, &u, &s);
      v = DecimalToDouble(u, s);
      if (id == TypeId::kFloat32) v = static_cast<float>(v);
    } else {
      return Incomparable(a, lit, name);
    }
    if (id == TypeId::kFloat32) {
      const uint8_t* base = ValuesBase<float>(a);
      CompareFloatLoop([base](int64_t i) { return static_cast<double>(Load<float>(base, i)); }, n,
                       op, v, out);
    } else {
      const uint8_t* base = ValuesBase<double>(a);
      CompareFloatLoop([base](int64_t i) { return Load<double>(base, i); }, n, op, v, out);
    }
  } else if (id == TypeId::kDate32 || id == TypeId::kTimestamp) {
    if (!IsTemporalInstant(lt)) return Incomparable(a, lit, name);
    if (id == TypeId::kDate32) {
      CompareIntegers<int32_t>(a, n, op, NanosBound(lit, kNanosPerDay), out);
    } else {
      CompareIntegers<int64_t>(a, n, op, NanosBound(lit, NanosPerUnit(a.type->unit())), out);
    }
  } else if (id == TypeId::kTime64) {
    if (lt.id() != TypeId::kTime64) return Incomparable(a, lit, name);
    CompareIntegers<int64_t>(a, n, op, NanosBound(lit, NanosPerUnit(a.type->unit())), out);
  } else if (id == TypeId::kBool) {
    if (lt.id() != TypeId::kBool) return Incomparable(a, lit, name);
    const uint8_t* bits = a.buffers[1]->data();
    const int64_t off = a.offset;
    CompareLoop([=](int64_t i) { return bit_util::GetBit(bits, off + i); }, n, op,
                lit.bool_value(), out);
  } else if (a.type->IsBinaryLike() || id == TypeId::kFixedBinary) {
    if (lt.id() != TypeId::kUtf8 && lt.id() != TypeId::kBinary &&
        lt.id() != TypeId::kFixedBinary) {
      return Incomparable(a, lit, name);
    }
    std::string_view l = lit.string_value();
    if (id == TypeId::kFixedBinary) {
      const size_t w = static_cast<size_t>(a.type->byte_width());
      const char* base = reinterpret_cast<const char*>(a.GetFixed(0));
      CompareBytesLoop([=](int64_t i) { return std::string_view(base + i * w, w); }, n, op, l,
                       out);
    } else {
      const int64_t* offsets = a.binary_offsets();
      const uint8_t* data = a.buffers[2]->data();
      CompareBytesLoop([=](int64_t i) { return BinaryView(offsets, data, i); }, n, op, l, out);
    }
  } else {
    return Incomparable(a, lit, name);
  }
  OverlayNulls(a, n, out);
  return Status::OK();
}

}  // namespace silt::internal
