// abs, sign, ceil, floor, round, trunc over integers (checked), floats and decimals (exact,
// half away from zero). Result types are in docs/sql_types.md.

#include <algorithm>
#include <cmath>
#include <limits>

#include "silt/common/decimal.h"
#include "silt/functions/builtin_functions.h"
#include "silt/functions/decimal_util.h"
#include "silt/functions/kernel_util.h"

namespace silt::functions {

namespace {

enum class Rounding { kAbs, kSign, kCeil, kFloor, kRound, kTrunc };

const char* RoundingName(Rounding k) {
  switch (k) {
    case Rounding::kAbs: return "abs";
    case Rounding::kSign: return "sign";
    case Rounding::kCeil: return "ceil";
    case Rounding::kFloor: return "floor";
    case Rounding::kRound: return "round";
    case Rounding::kTrunc: return "trunc";
  }
  return "?";
}

// Maps x (plain or constant) and an optional digits argument row by row with
// fn(x, digits, &out) -> bool; false is an overflow error.
template <typename In, typename Out, typename Fn>
ScalarKernel MapKernel(Rounding kind, DataTypePtr type, Fn fn) {
  return [kind, type, fn](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                          int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(type, n, ctx.pool));
    Out* o = internal::MutableValues<Out>(*out);
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::IntersectValidity(args, n, ctx.pool, &null_count));
    internal::SetValidity(out.get(), validity, null_count);
    internal::FixedArg<In> x(*args[0]);
    const bool has_digits = args.size() > 1;
    std::optional<internal::FixedArg<int64_t>> digits;
    if (has_digits) digits.emplace(*args[1]);
    for (int64_t i = 0; i < n; ++i) {
      if (null_count > 0 && !out->IsValid(i)) {
        o[i] = Out{};
        continue;
      }
      const int64_t d = has_digits ? (*digits)[i] : 0;
      if (!fn(x[i], d, &o[i])) [[unlikely]] {
        return Status::Execution(std::string(RoundingName(kind)) + "(" +
                                 internal::ValueForMessage(internal::ValuesOf(*args[0]), x.scalar ? 0 : i) +
                                 "): " + type->ToString() + " overflow");
      }
    }
    return out;
  };
}

// ---- integers ----

template <typename T>
bool RoundInteger(Rounding kind, T v, int64_t d, T* out) {
  if (d >= 0) {
    *out = v;
    return true;
  }
  if (d <= -19) {
    *out = 0;  // |v| < 0.5 * 10^19
    return true;
  }
  const __int128 p = Pow10Int128(static_cast<int32_t>(-d));
  const __int128 q = kind == Rounding::kRound ? internal::DivRoundHalfAway(v, p) : v / p;
  const __int128 r = q * p;
  if (r < std::numeric_limits<T>::min() || r > std::numeric_limits<T>::max()) return false;
  *out = static_cast<T>(r);
  return true;
}

template <typename T>
ScalarKernel IntegerKernel(Rounding kind, const DataTypePtr& type) {
  switch (kind) {
    case Rounding::kAbs:
      return MapKernel<T, T>(kind, type, [](T v, int64_t, T* out) {
        if (v == std::numeric_limits<T>::min()) return false;
        *out = static_cast<T>(v < 0 ? -v : v);
        return true;
      });
    case Rounding::kSign:
      return MapKernel<T, T>(kind, type, [](T v, int64_t, T* out) {
        *out = static_cast<T>((v > 0) - (v < 0));
        return true;
      });
    default:
      return MapKernel<T, T>(kind, type, [kind](T v, int64_t d, T* out) { return RoundInteger(kind, v, d, out); });
  }
}

// ---- floats ----

double RoundDouble(Rounding kind, double v, int64_t d) {
  auto op = [kind](double x) {
    switch (kind) {
      case Rounding::kCeil: return std::ceil(x);
      case Rounding::kFloor: return std::floor(x);
      case Rounding::kRound: return std::round(x);  // half away from zero
      default: return std::trunc(x);
    }
  };
  if (d == 0 || !std::isfinite(v)) return op(v);
  const double scale = std::pow(10.0, static_cast<double>(std::clamp<int64_t>(d, -400, 400)));
  if (d > 0) {
    const double scaled = v * scale;
    return std::isfinite(scaled) && std::fabs(scaled) < 0x1p53 ? op(scaled) / scale : v;
  }
  const double p = 1.0 / scale;  // 10^-d, exact for the usual small |d|
  return op(v / p) * p;
}

ScalarKernel FloatKernel(Rounding kind) {
  switch (kind) {
    case Rounding::kAbs:
      return MapKernel<double, double>(kind, float64(), [](double v, int64_t, double* out) {
        *out = std::fabs(v);
        return true;
      });
    case Rounding::kSign:
      return MapKernel<double, double>(kind, float64(), [](double v, int64_t, double* out) {
        *out = std::isnan(v) ? v : static_cast<double>((v > 0) - (v < 0));
        return true;
      });
    default:
      return MapKernel<double, double>(kind, float64(), [kind](double v, int64_t d, double* out) {
        *out = RoundDouble(kind, v, d);
        return true;
      });
  }
}

// ---- decimals ----

// v (at `scale`) rounded to `digits` fractional digits, still at `scale`.
bool RoundDecimalDigits(Rounding kind, __int128 v, int32_t scale, int64_t digits, __int128* out) {
  if (digits >= scale) {
    *out = v;
    return true;
  }
  const int64_t k = scale - digits;
  if (k > kMaxDecimal128Precision) {
    *out = 0;
    return true;
  }
  const __int128 p = Pow10Int128(static_cast<int32_t>(k));
  __int128 q = v / p;
  const __int128 r = v % p;
  switch (kind) {
    case Rounding::kRound: q = internal::DivRoundHalfAway(v, p); break;
    case Rounding::kCeil: q += r > 0 ? 1 : 0; break;
    case Rounding::kFloor: q -= r < 0 ? 1 : 0; break;
    default: break;
  }
  return !__builtin_mul_overflow(q, p, out);
}

template <typename In, typename Out>
ScalarKernel DecimalKernel(Rounding kind, DataTypePtr from, DataTypePtr to) {
  const int32_t scale = from->scale();
  const int32_t precision = to->precision();
  const int32_t drop = scale - to->scale();  // digits removed to reach the result scale
  return MapKernel<In, Out>(kind, to, [=](In v, int64_t digits, Out* out) {
    __int128 r;
    switch (kind) {
      case Rounding::kAbs: r = v < 0 ? -static_cast<__int128>(v) : v; break;
      case Rounding::kSign: r = (v > 0) - (v < 0); break;
      default: {
        if (!RoundDecimalDigits(kind, v, scale, drop > 0 ? scale - drop : digits, &r)) return false;
        if (drop > 0) r /= Pow10Int128(drop);  // exact: the dropped digits are zero now
        break;
      }
    }
    if (!internal::FitsPrecision(r, precision)) return false;
    *out = static_cast<Out>(r);
    return true;
  });
}

DataTypePtr DecimalResult(Rounding kind, const DataType& t, bool has_digits) {
  const int32_t p = t.precision(), s = t.scale();
  switch (kind) {
    case Rounding::kAbs: return decimal(p, s);
    case Rounding::kSign: return decimal(1, 0);
    case Rounding::kTrunc:
      return has_digits ? decimal(p, s) : decimal(std::max(1, p - s), 0);
    default:
      return has_digits ? decimal(std::min(kMaxDecimal128Precision, p + 1), s)
                        : decimal(std::min(kMaxDecimal128Precision, std::max(1, p - s + 1)), 0);
  }
}

std::optional<BoundScalarFunction> BindRounding(Rounding kind, const std::vector<DataTypePtr>& args) {
  const bool digits_allowed = kind == Rounding::kRound || kind == Rounding::kTrunc;
  if (args.empty() || args.size() > (digits_allowed ? 2u : 1u)) return std::nullopt;
  const bool has_digits = args.size() == 2;
  if (has_digits && !args[1]->IsInteger() && args[1]->id() != TypeId::kNull) return std::nullopt;
  DataTypePtr x = args[0];
  switch (x->id()) {
    case TypeId::kNull:
    case TypeId::kFloat32: x = float64(); break;
    case TypeId::kUInt8: x = int16(); break;
    case TypeId::kUInt16: x = int32(); break;
    case TypeId::kUInt32: x = int64(); break;
    case TypeId::kUInt64: x = decimal(20, 0); break;
    default: break;
  }
  std::vector<DataTypePtr> params = {x};
  if (has_digits) params.push_back(int64());
  DataTypePtr result;
  ScalarKernel kernel;
  if (x->IsDecimal()) {
    result = DecimalResult(kind, *x, has_digits);
    const bool in64 = x->id() == TypeId::kDecimal64, out64 = result->id() == TypeId::kDecimal64;
    if (in64 && out64) kernel = DecimalKernel<int64_t, int64_t>(kind, x, result);
    if (in64 && !out64) kernel = DecimalKernel<int64_t, __int128>(kind, x, result);
    if (!in64 && out64) kernel = DecimalKernel<__int128, int64_t>(kind, x, result);
    if (!in64 && !out64) kernel = DecimalKernel<__int128, __int128>(kind, x, result);
  } else if (x->id() == TypeId::kFloat64) {
    result = float64();
    kernel = FloatKernel(kind);
  } else if (internal::IsSignedInteger(x->id())) {
    result = x;
    kernel = internal::DispatchSignedInteger(x->id(), [&]<typename T>() { return IntegerKernel<T>(kind, x); });
  } else {
    return std::nullopt;
  }
  return BoundScalarFunction{"", params, result, internal::Elementwise(result, kernel), true};
}

ScalarOverload RoundingOverload(Rounding kind, const std::string& signature) {
  return {signature, [kind](const std::vector<DataTypePtr>& args) { return BindRounding(kind, args); }};
}

}  // namespace

Status RegisterRoundingFunctions(FunctionRegistry* r) {
  SILT_RETURN_NOT_OK(r->Register(
      {"abs", {}, "Absolute value; abs of the most negative integer is an overflow error.",
       "abs(-3) -> 3", {RoundingOverload(Rounding::kAbs, "abs(numeric) -> same type")}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"sign", {"signum"}, "-1, 0 or 1 by the sign of the argument.", "sign(-2.5) -> -1",
       {RoundingOverload(Rounding::kSign, "sign(numeric) -> integer type, float64 or decimal(1,0)")}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"ceil", {"ceiling"}, "Smallest integer not less than the argument.", "ceil(1.2) -> 2",
       {RoundingOverload(Rounding::kCeil, "ceil(numeric) -> integer type, float64 or decimal(p-s+1,0)")}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"floor", {}, "Largest integer not greater than the argument.", "floor(-1.2) -> -2",
       {RoundingOverload(Rounding::kFloor, "floor(numeric) -> integer type, float64 or decimal(p-s+1,0)")}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"round", {}, "Rounds half away from zero, to d fractional digits (d may be negative).",
       "round(2.345, 2) -> 2.35",
       {RoundingOverload(Rounding::kRound, "round(numeric[, int64 d]) -> same kind (decimal: p+1)")}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"trunc", {"truncate"}, "Truncates toward zero, to d fractional digits.", "trunc(-2.789, 1) -> -2.7",
       {RoundingOverload(Rounding::kTrunc, "trunc(numeric[, int64 d]) -> same kind")}}));
  return Status::OK();
}

}  // namespace silt::functions
