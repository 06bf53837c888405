// Casts among bool, integers, floats and decimals: one typed loop per (source, target) pair.

#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

#include "silt/common/decimal.h"
#include "silt/functions/cast_internal.h"
#include "silt/functions/decimal_util.h"

namespace silt::functions::internal {

namespace {

enum class Kind { kInteger, kFloat, kDecimal };

/// Parameters of one cast, computed once per call.
struct NumericCast {
  int32_t from_scale = 0;
  int32_t to_scale = 0;
  int32_t to_precision = 0;
};

// unscaled * 10^-scale correctly rounded to F. Dividing two exactly representable doubles
// rounds once; other values (DECIMAL(38) magnitudes, long fractions) go through their
// decimal text, which from_chars rounds correctly (pow-based scaling rounds twice and can
// put 99999999999999999999.99999 below 1e20).
template <typename F>
F DecimalToFloat(__int128 unscaled, int32_t scale) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  constexpr __int128 kExact = __int128{1} << 53;
  if constexpr (std::is_same_v<F, double>) {
    if (scale >= 0 && scale <= 22 && unscaled > -kExact && unscaled < kExact) {
      return static_cast<double>(unscaled) / kPow10[scale];
    }
  }
  char digits[48];
  int n = 0;
  unsigned __int128 mag = unscaled < 0 ? -static_cast<unsigned __int128>(unscaled)
                                       : static_cast<unsigned __int128>(unscaled);
  do {
    digits[n++] = static_cast<char>('0' + static_cast<int>(mag % 10));
    mag /= 10;
  } while (mag != 0);
  char buf[64];
  char* p = buf;
  if (unscaled < 0) *p++ = '-';
  while (n > 0) *p++ = digits[--n];
  *p++ = 'e';
  p = std::to_chars(p, buf + sizeof(buf), -scale).ptr;
  F out = 0;
  std::from_chars(buf, p, out);
  return out;
}

// Reads the shortest round-trip decimal form of a finite float as digits * 10^exponent and
// rounds it to `scale` decimal places (half away from zero).
template <typename F>
bool FloatToDecimal(F v, int32_t scale, int32_t precision, __int128* out) {
  if (!std::isfinite(v)) return false;
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  const char* p = buf;
  const bool negative = *p == '-';
  if (negative) ++p;
  uint64_t digits = 0;
  int32_t count = 0;
  while (p < res.ptr && *p != 'e') {
    if (*p != '.') {
      digits = digits * 10 + static_cast<uint64_t>(*p - '0');
      ++count;
    }
    ++p;
  }
  int32_t exponent = 0;
  if (p < res.ptr) std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), res.ptr, exponent);
  // value = digits * 10^(exponent - count + 1); scaled by 10^scale.
  __int128 scaled;
  if (!RescaleDecimal(static_cast<__int128>(digits), exponent - count + 1 + scale, &scaled)) {
    return false;
  }
  if (!FitsPrecision(scaled, precision)) return false;
  *out = negative ? -scaled : scaled;
  return true;
}

template <typename Out>
bool IntegerInRange(__int128 v) {
  return v >= static_cast<__int128>(std::numeric_limits<Out>::min()) &&
         v <= static_cast<__int128>(std::numeric_limits<Out>::max());
}

// Rounds a finite float half away from zero into an integer type; false when out of range.
template <typename Out, typename F>
bool FloatToInteger(F v, Out* out) {
  if (!std::isfinite(v)) return false;
  const double r = std::round(static_cast<double>(v));
  constexpr int kBits = std::numeric_limits<Out>::digits;  // value bits, excluding sign
  const double upper = std::ldexp(1.0, kBits);               // first value out of range
  const double lower = std::numeric_limits<Out>::is_signed ? -upper : 0.0;
  if (!(r >= lower && r < upper)) return false;
  *out = static_cast<Out>(r);
  return true;
}

// Converts one value; In and Out are storage types, kinds say how to read them.
template <typename In, Kind kIn, typename Out, Kind kOut>
bool ConvertOne(In v, const NumericCast& c, Out* out) {
  if constexpr (kIn == Kind::kInteger) {
    if constexpr (kOut == Kind::kInteger) {
      if (!std::in_range<Out>(v)) return false;
      *out = static_cast<Out>(v);
      return true;
    } else if constexpr (kOut == Kind::kFloat) {
      *out = static_cast<Out>(v);
      return true;
    } else {
      __int128 scaled;
      if (!MultiplyByPow10(static_cast<__int128>(v), c.to_scale, &scaled) ||
          !FitsPrecision(scaled, c.to_precision)) {
        return false;
      }
      *out = static_cast<Out>(scaled);
      return true;
    }
  } else if constexpr (kIn == Kind::kFloat) {
    if constexpr (kOut == Kind::kInteger) {
      return FloatToInteger(v, out);
    } else if constexpr (kOut == Kind::kFloat) {
      *out = static_cast<Out>(v);
      return !(std::isinf(*out) && std::isfinite(v));  // double beyond float's range
    } else {
      __int128 scaled;
      if (!FloatToDecimal(v, c.to_scale, c.to_precision, &scaled)) return false;
      *out = static_cast<Out>(scaled);
      return true;
    }
  } else {
    const __int128 value = v;
    if constexpr (kOut == Kind::kInteger) {
      __int128 whole;
      RescaleDecimal(value, -c.from_scale, &whole);
      if (!IntegerInRange<Out>(whole)) return false;
      *out = static_cast<Out>(whole);
      return true;
    } else if constexpr (kOut == Kind::kFloat) {
      *out = DecimalToFloat<Out>(value, c.from_scale);
      return true;
    } else {
      __int128 scaled;
      if (!RescaleDecimal(value, c.to_scale - c.from_scale, &scaled) ||
          !FitsPrecision(scaled, c.to_precision)) {
        return false;
      }
      *out = static_cast<Out>(scaled);
      return true;
    }
  }
}

template <typename In, Kind kIn, typename Out, Kind kOut>
Result<ArrayDataPtr> CastTyped(const CastOptions& o, const ArrayData& a, const DataTypePtr& to,
                               const NumericCast& c) {
  const In* in = a.values<In>();
  return ConvertFixed<Out>(o, a, to, [&](int64_t i, Out* out) {
    return ConvertOne<In, kIn, Out, kOut>(in[i], c, out);
  }, kOut == Kind::kDecimal ? "out of range for its precision" : "out of range");
}

template <typename In, Kind kIn>
Result<ArrayDataPtr> CastToBoolTyped(const CastOptions& o, const ArrayData& a, const NumericCast&) {
  const In* in = a.values<In>();
  return ConvertToBool(o, a, [&](int64_t i, bool* out) {
    *out = in[i] != In{};
    return true;
  });
}

template <typename In, Kind kIn>
Result<ArrayDataPtr> CastFrom(const CastOptions& o, const ArrayData& a, const DataTypePtr& to,
                              const NumericCast& c) {
  switch (to->id()) {
    case TypeId::kBool: return CastToBoolTyped<In, kIn>(o, a, c);
    case TypeId::kInt8: return CastTyped<In, kIn, int8_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kInt16: return CastTyped<In, kIn, int16_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kInt32: return CastTyped<In, kIn, int32_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kInt64: return CastTyped<In, kIn, int64_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kUInt8: return CastTyped<In, kIn, uint8_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kUInt16: return CastTyped<In, kIn, uint16_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kUInt32: return CastTyped<In, kIn, uint32_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kUInt64: return CastTyped<In, kIn, uint64_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kFloat32: return CastTyped<In, kIn, float, Kind::kFloat>(o, a, to, c);
    case TypeId::kFloat64: return CastTyped<In, kIn, double, Kind::kFloat>(o, a, to, c);
    case TypeId::kDecimal64: return CastTyped<In, kIn, int64_t, Kind::kDecimal>(o, a, to, c);
    case TypeId::kDecimal128: return CastTyped<In, kIn, __int128, Kind::kDecimal>(o, a, to, c);
    default: break;
  }
  return Status::Plan("cannot cast " + a.type->ToString() + " to " + to->ToString());
}

// bool -> int8 0/1, the source every bool cast goes through.
Result<ArrayDataPtr> BoolAsInt8(const CastOptions& o, const ArrayData& a) {
  SILT_ASSIGN_OR_RETURN(auto out, MakeFixedOutput(int8(), a.length, o.context->pool));
  int8_t* v = MutableValues<int8_t>(*out);
  for (int64_t i = 0; i < a.length; ++i) v[i] = a.GetBool(i) ? 1 : 0;
  int64_t null_count;
  SILT_ASSIGN_OR_RETURN(auto validity, CopyValidity(a, o.context->pool, &null_count));
  SetValidity(out.get(), validity, null_count);
  return out;
}

}  // namespace

Result<ArrayDataPtr> CastNumeric(const CastOptions& o, const ArrayData& a, const DataTypePtr& to) {
  if (a.type->id() == TypeId::kBool) {
    SILT_ASSIGN_OR_RETURN(auto ints, BoolAsInt8(o, a));
    return CastNumeric(o, *ints, to);
  }
  NumericCast c;
  c.from_scale = a.type->IsDecimal() ? a.type->scale() : 0;
  c.to_scale = to->IsDecimal() ? to->scale() : 0;
  c.to_precision = to->IsDecimal() ? to->precision() : 0;
  switch (a.type->id()) {
    case TypeId::kInt8: return CastFrom<int8_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kInt16: return CastFrom<int16_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kInt32: return CastFrom<int32_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kInt64: return CastFrom<int64_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kUInt8: return CastFrom<uint8_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kUInt16: return CastFrom<uint16_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kUInt32: return CastFrom<uint32_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kUInt64: return CastFrom<uint64_t, Kind::kInteger>(o, a, to, c);
    case TypeId::kFloat32: return CastFrom<float, Kind::kFloat>(o, a, to, c);
    case TypeId::kFloat64: return CastFrom<double, Kind::kFloat>(o, a, to, c);
    case TypeId::kDecimal64: return CastFrom<int64_t, Kind::kDecimal>(o, a, to, c);
    case TypeId::kDecimal128: return CastFrom<__int128, Kind::kDecimal>(o, a, to, c);
    default: break;
  }
  return Status::Plan("cannot cast " + a.type->ToString() + " to " + to->ToString());
}

}  // namespace silt::functions::internal
