// Floating-point math functions (sqrt, exp, ln, log, trig, power, ...), pi and random.
// Domain errors follow PostgreSQL: they are Execution errors naming the function and value,
// not NaN. Integer and decimal arguments are implicitly cast to float64.

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <numbers>
#include <random>

#include "silt/functions/builtin_functions.h"
#include "silt/functions/kernel_util.h"

namespace silt::functions {

namespace {

using internal::FixedOverload;

// Fn: double -> double; Check: double -> const char* (nullptr when the input is fine).
template <typename Fn, typename Check>
ScalarKernel UnaryDouble(std::string name, Fn fn, Check check) {
  return [name, fn, check](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                           int64_t n) -> Result<ArrayDataPtr> {
    const ArrayData& a = *args[0];
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(float64(), n, ctx.pool));
    double* o = internal::MutableValues<double>(*out);
    const double* in = a.values<double>();
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::CopyValidity(a, ctx.pool, &null_count));
    internal::SetValidity(out.get(), validity, null_count);
    bool bad = false;
    for (int64_t i = 0; i < n; ++i) {
      o[i] = fn(in[i]);
      bad |= check(in[i], o[i]) != nullptr;
    }
    for (int64_t i = 0; bad && i < n; ++i) {
      const char* why = check(in[i], o[i]);
      if (why != nullptr && a.IsValid(i)) {
        return Status::Execution(name + "(" + internal::ValueForMessage(a, i) + "): " + why);
      }
    }
    return out;
  };
}

const char* NoCheck(double, double) { return nullptr; }

const char* OverflowCheck(double in, double out) {
  return std::isinf(out) && std::isfinite(in) ? "value out of range: overflow" : nullptr;
}

const char* LogCheck(double in, double) {
  if (in == 0) return "cannot take logarithm of zero";
  if (in < 0) return "cannot take logarithm of a negative number";
  return nullptr;
}

const char* UnitRangeCheck(double in, double) {
  return (in < -1 || in > 1) ? "input is out of range" : nullptr;
}

const char* AcoshCheck(double in, double) { return in < 1 ? "input is out of range" : nullptr; }

template <typename Fn, typename Check>
Status RegisterUnary(FunctionRegistry* r, const std::string& name, std::vector<std::string> aliases,
                     const std::string& description, const std::string& example, Fn fn, Check check) {
  return r->Register({name, std::move(aliases), description, example,
                      {FixedOverload(name, {float64()}, float64(), UnaryDouble(name, fn, check))}});
}

// power / log(base, x): binary float64 with PostgreSQL's domain errors.
template <typename Fn>
ScalarKernel BinaryDouble(std::string name, Fn fn) {
  return [name, fn](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                    int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(float64(), n, ctx.pool));
    double* o = internal::MutableValues<double>(*out);
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::IntersectValidity(args, n, ctx.pool, &null_count));
    internal::SetValidity(out.get(), validity, null_count);
    internal::FixedArg<double> a(*args[0]), b(*args[1]);
    for (int64_t i = 0; i < n; ++i) {
      const char* why = nullptr;
      o[i] = fn(a[i], b[i], &why);
      if (why != nullptr && out->IsValid(i)) [[unlikely]] {
        return Status::Execution(name + "(" + internal::ValueForMessage(internal::ValuesOf(*args[0]), a.scalar ? 0 : i) +
                                 ", " + internal::ValueForMessage(internal::ValuesOf(*args[1]), b.scalar ? 0 : i) +
                                 "): " + why);
      }
    }
    return out;
  };
}

double Power(double x, double y, const char** why) {
  if (x == 0 && y < 0) *why = "zero raised to a negative power is undefined";
  if (x < 0 && std::isfinite(y) && std::floor(y) != y) {
    *why = "a negative number raised to a non-integer power yields a complex result";
  }
  const double r = std::pow(x, y);
  if (std::isinf(r) && std::isfinite(x) && std::isfinite(y) && *why == nullptr) {
    *why = "value out of range: overflow";
  }
  return r;
}

double LogBase(double base, double x, const char** why) {
  if (base == 0 || x == 0) *why = "cannot take logarithm of zero";
  if (base < 0 || x < 0) *why = "cannot take logarithm of a negative number";
  if (base == 1 && *why == nullptr) *why = "division by zero";
  return std::log(x) / std::log(base);
}

double Atan2(double y, double x, const char**) { return std::atan2(y, x); }

ScalarKernel PiKernel() {
  return [](const KernelContext& ctx, const std::vector<ArrayDataPtr>&, int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(float64(), n, ctx.pool));
    double* o = internal::MutableValues<double>(*out);
    for (int64_t i = 0; i < n; ++i) o[i] = std::numbers::pi;
    return out;
  };
}

// random(): uniform in [0, 1), one value per row (never folded into a constant).
ScalarKernel RandomKernel() {
  return [](const KernelContext& ctx, const std::vector<ArrayDataPtr>&, int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(float64(), n, ctx.pool));
    double* o = internal::MutableValues<double>(*out);
    std::mt19937_64 rng(ctx.random_seed ? *ctx.random_seed : std::random_device{}());
    for (int64_t i = 0; i < n; ++i) o[i] = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    return out;
  };
}

// gcd / lcm of integers (PostgreSQL): never negative; gcd(0, 0) = 0, lcm(0, x) = 0; a result
// outside the type (gcd(min, 0), lcm overflow) is an error.
template <typename T>
ScalarKernel GcdLcmKernel(bool lcm) {
  return [lcm](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(args[0]->type, n, ctx.pool));
    T* o = internal::MutableValues<T>(*out);
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::IntersectValidity(args, n, ctx.pool, &null_count));
    internal::SetValidity(out.get(), validity, null_count);
    internal::FixedArg<T> a(*args[0]), b(*args[1]);
    for (int64_t i = 0; i < n; ++i) {
      using U = std::make_unsigned_t<T>;
      const T x = a[i], y = b[i];
      U ux = x < 0 ? static_cast<U>(0) - static_cast<U>(x) : static_cast<U>(x);
      U uy = y < 0 ? static_cast<U>(0) - static_cast<U>(y) : static_cast<U>(y);
      U g = ux, h = uy;
      while (h != 0) {
        const U t = g % h;
        g = h;
        h = t;
      }
      U r = g;
      bool overflow = false;
      if (lcm) {
        r = 0;
        if (ux != 0 && uy != 0) overflow = __builtin_mul_overflow(ux / g, uy, &r);
      }
      overflow = overflow || r > static_cast<U>(std::numeric_limits<T>::max());
      if (overflow && out->IsValid(i)) [[unlikely]] {
        return Status::Execution(std::string(lcm ? "lcm" : "gcd") + "(" + std::to_string(x) + ", " + std::to_string(y) +
                                 "): value out of range");
      }
      o[i] = static_cast<T>(r);
    }
    return out;
  };
}

}  // namespace

Status RegisterRoundingFunctions(FunctionRegistry* registry);

Status RegisterMathFunctions(FunctionRegistry* r) {
  for (bool lcm : {false, true}) {
    const std::string name = lcm ? "lcm" : "gcd";
    SILT_RETURN_NOT_OK(r->Register(
        {name, {}, lcm ? "Least common multiple (never negative)." : "Greatest common divisor (never negative).",
         lcm ? "lcm(4, 6) -> 12" : "gcd(12, 18) -> 6",
         {FixedOverload(name, {int32(), int32()}, int32(), GcdLcmKernel<int32_t>(lcm)),
          FixedOverload(name, {int64(), int64()}, int64(), GcdLcmKernel<int64_t>(lcm))}}));
  }
  SILT_RETURN_NOT_OK(RegisterUnary(r, "sqrt", {}, "Square root.", "sqrt(2.0) -> 1.4142135623730951",
      [](double x) { return std::sqrt(x); },
      [](double x, double) -> const char* { return x < 0 ? "cannot take square root of a negative number" : nullptr; }));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "cbrt", {}, "Cube root.", "cbrt(27.0) -> 3",
      [](double x) { return std::cbrt(x); }, NoCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "exp", {}, "e raised to the argument.", "exp(1.0) -> 2.718281828459045",
      [](double x) { return std::exp(x); }, OverflowCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "ln", {}, "Natural logarithm.", "ln(2.718281828459045) -> 1",
      [](double x) { return std::log(x); }, LogCheck));
  SILT_RETURN_NOT_OK(r->Register(
      {"log", {}, "Base-10 logarithm, or log(base, x).", "log(100.0) -> 2",
       {FixedOverload("log", {float64()}, float64(),
                      UnaryDouble("log", [](double x) { return std::log10(x); }, LogCheck)),
        FixedOverload("log", {float64(), float64()}, float64(), BinaryDouble("log", LogBase))}}));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "log10", {}, "Base-10 logarithm.", "log10(1000.0) -> 3",
      [](double x) { return std::log10(x); }, LogCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "log2", {}, "Base-2 logarithm.", "log2(8.0) -> 3",
      [](double x) { return std::log2(x); }, LogCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "sin", {}, "Sine (radians).", "sin(0.0) -> 0",
      [](double x) { return std::sin(x); }, NoCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "cos", {}, "Cosine (radians).", "cos(0.0) -> 1",
      [](double x) { return std::cos(x); }, NoCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "tan", {}, "Tangent (radians).", "tan(0.0) -> 0",
      [](double x) { return std::tan(x); }, NoCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "cot", {}, "Cotangent (radians).", "cot(1.0) -> 0.6420926159343306",
      [](double x) { return 1.0 / std::tan(x); }, NoCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "asin", {}, "Arc sine.", "asin(1.0) -> 1.5707963267948966",
      [](double x) { return std::asin(x); }, UnitRangeCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "acos", {}, "Arc cosine.", "acos(1.0) -> 0",
      [](double x) { return std::acos(x); }, UnitRangeCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "atan", {}, "Arc tangent.", "atan(1.0) -> 0.7853981633974483",
      [](double x) { return std::atan(x); }, NoCheck));
  // Hyperbolic functions as in PostgreSQL: sinh/cosh overflow to infinity, acosh below 1
  // and atanh outside [-1, 1] are errors, atanh(+-1) is +-infinity.
  SILT_RETURN_NOT_OK(RegisterUnary(r, "sinh", {}, "Hyperbolic sine.", "sinh(1.0) -> 1.1752011936438014",
      [](double x) { return std::sinh(x); }, NoCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "cosh", {}, "Hyperbolic cosine.", "cosh(0.0) -> 1",
      [](double x) { return std::cosh(x); }, NoCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "tanh", {}, "Hyperbolic tangent.", "tanh(0.0) -> 0",
      [](double x) { return std::tanh(x); }, NoCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "asinh", {}, "Inverse hyperbolic sine.", "asinh(0.0) -> 0",
      [](double x) { return std::asinh(x); }, NoCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "acosh", {}, "Inverse hyperbolic cosine (argument >= 1).", "acosh(1.0) -> 0",
      [](double x) { return std::acosh(x); }, AcoshCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "atanh", {}, "Inverse hyperbolic tangent (argument in [-1, 1]).", "atanh(0.0) -> 0",
      [](double x) { return std::atanh(x); }, UnitRangeCheck));
  SILT_RETURN_NOT_OK(r->Register(
      {"atan2", {}, "Arc tangent of y/x using the signs of both.", "atan2(1.0, 1.0) -> 0.7853981633974483",
       {FixedOverload("atan2", {float64(), float64()}, float64(), BinaryDouble("atan2", Atan2))}}));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "degrees", {}, "Radians to degrees.", "degrees(pi()) -> 180",
      [](double x) { return x * (180.0 / std::numbers::pi); }, NoCheck));
  SILT_RETURN_NOT_OK(RegisterUnary(r, "radians", {}, "Degrees to radians.", "radians(180.0) -> 3.141592653589793",
      [](double x) { return x * (std::numbers::pi / 180.0); }, NoCheck));
  SILT_RETURN_NOT_OK(r->Register(
      {"power", {"pow"}, "x raised to the power y.", "power(2.0, 10.0) -> 1024",
       {FixedOverload("power", {float64(), float64()}, float64(), BinaryDouble("power", Power))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"isnan", {}, "Whether a float is NaN.", "isnan('NaN'::double) -> true",
       {FixedOverload("isnan", {float64()}, boolean(),
                      [](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) -> Result<ArrayDataPtr> {
                        SILT_ASSIGN_OR_RETURN(auto out, internal::MakeBoolOutput(n, ctx.pool));
                        const double* in = args[0]->values<double>();
                        uint8_t* bits = out->buffers[1]->mutable_data();
                        for (int64_t i = 0; i < n; ++i) {
                          if (std::isnan(in[i])) bit_util::SetBit(bits, i);
                        }
                        int64_t nulls;
                        SILT_ASSIGN_OR_RETURN(auto v, internal::CopyValidity(*args[0], ctx.pool, &nulls));
                        internal::SetValidity(out.get(), v, nulls);
                        return out;
                      })}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"pi", {}, "The constant pi.", "pi() -> 3.141592653589793",
       {FixedOverload("pi", {}, float64(), PiKernel())}}));
  ScalarOverload random{"random() -> float64", [](const std::vector<DataTypePtr>& args) -> std::optional<BoundScalarFunction> {
    if (!args.empty()) return std::nullopt;
    return BoundScalarFunction{"random", {}, float64(), RandomKernel(), false};
  }};
  ScalarFunctionDef random_def{"random", {"rand"}, "Uniform random float64 in [0, 1); not deterministic.",
                               "random() -> 0.8263...", {random}};
  random_def.deterministic = false;
  SILT_RETURN_NOT_OK(r->Register(std::move(random_def)));
  return RegisterRoundingFunctions(r);
}

}  // namespace silt::functions
