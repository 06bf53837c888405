// + - * / % and unary minus: integer (checked) and float kernels, and the binding that picks
// the integer, float, decimal or temporal kernel for the argument types.

#include <cmath>
#include <limits>
#include <type_traits>

#include "silt/functions/arithmetic_internal.h"
#include "silt/functions/builtin_functions.h"
#include "silt/functions/kernel_util.h"
#include "silt/functions/type_coercion.h"

namespace silt::functions {

namespace internal {

const char* OpSymbol(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd: return "+";
    case ArithmeticOp::kSubtract: return "-";
    case ArithmeticOp::kMultiply: return "*";
    case ArithmeticOp::kDivide: return "/";
    case ArithmeticOp::kModulo: return "%";
  }
  return "?";
}

}  // namespace internal

namespace {

using internal::ArithmeticOp;
using internal::IsScalar;
using internal::ValuesOf;

// Each op: Fails(a, b, &out) computes out and returns true when the row is an error. Written
// without branches where the compiler can vectorize (add/sub detect overflow from sign bits).
// Add and subtract also expose Flag(): a word whose sign bit is set on overflow, so the loop
// ORs flags together (a vectorizable reduction) instead of accumulating bools.
struct AddInt {
  static constexpr bool kSignFlag = true;
  template <typename T>
  static T Flag(T a, T b, T* out) {
    using U = std::make_unsigned_t<T>;
    const T r = static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
    *out = r;
    return static_cast<T>((a ^ r) & (b ^ r));
  }
  template <typename T>
  static bool Fails(T a, T b, T* out) {
    return Flag(a, b, out) < 0;
  }
};
struct SubtractInt {
  static constexpr bool kSignFlag = true;
  template <typename T>
  static T Flag(T a, T b, T* out) {
    using U = std::make_unsigned_t<T>;
    const T r = static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
    *out = r;
    return static_cast<T>((a ^ b) & (a ^ r));
  }
  template <typename T>
  static bool Fails(T a, T b, T* out) {
    return Flag(a, b, out) < 0;
  }
};

template <typename Op, typename = void>
struct HasSignFlag : std::false_type {};
template <typename Op>
struct HasSignFlag<Op, std::void_t<decltype(Op::kSignFlag)>> : std::true_type {};
struct MultiplyInt {
  template <typename T>
  static bool Fails(T a, T b, T* out) {
    return __builtin_mul_overflow(a, b, out);
  }
};
struct DivideInt {
  template <typename T>
  static bool Fails(T a, T b, T* out) {
    if (b == 0 || (b == -1 && a == std::numeric_limits<T>::min())) {
      *out = 0;
      return true;
    }
    *out = static_cast<T>(a / b);  // C++ truncates toward zero, as PostgreSQL does
    return false;
  }
};
struct ModuloInt {
  template <typename T>
  static bool Fails(T a, T b, T* out) {
    if (b == 0) {
      *out = 0;
      return true;
    }
    *out = b == -1 ? T{0} : static_cast<T>(a % b);  // sign of the dividend; MIN % -1 is 0
    return false;
  }
};

struct AddFloat {
  template <typename T>
  static bool Fails(T a, T b, T* out) {
    *out = a + b;
    return false;
  }
};
struct SubtractFloat {
  template <typename T>
  static bool Fails(T a, T b, T* out) {
    *out = a - b;
    return false;
  }
};
struct MultiplyFloat {
  template <typename T>
  static bool Fails(T a, T b, T* out) {
    *out = a * b;
    return false;
  }
};
struct DivideFloat {
  template <typename T>
  static bool Fails(T a, T b, T* out) {
    *out = b == 0 ? T{0} : a / b;
    return b == 0;
  }
};
struct ModuloFloat {
  template <typename T>
  static bool Fails(T a, T b, T* out) {
    *out = b == 0 ? T{0} : std::fmod(a, b);
    return b == 0;
  }
};

template <typename T, typename Op>
bool BinaryLoop(const T* a, bool a_scalar, const T* b, bool b_scalar, T* out, int64_t n) {
  if constexpr (HasSignFlag<Op>::value) {
    T flags = 0;
    if (!a_scalar && !b_scalar) {
      for (int64_t i = 0; i < n; ++i) flags |= Op::Flag(a[i], b[i], &out[i]);
    } else if (a_scalar && !b_scalar) {
      const T av = a[0];
      for (int64_t i = 0; i < n; ++i) flags |= Op::Flag(av, b[i], &out[i]);
    } else if (!a_scalar) {
      const T bv = b[0];
      for (int64_t i = 0; i < n; ++i) flags |= Op::Flag(a[i], bv, &out[i]);
    } else {
      for (int64_t i = 0; i < n; ++i) flags |= Op::Flag(a[0], b[0], &out[i]);
    }
    return flags < 0;
  }
  bool bad = false;
  if (!a_scalar && !b_scalar) {
    for (int64_t i = 0; i < n; ++i) bad |= Op::Fails(a[i], b[i], &out[i]);
  } else if (a_scalar && !b_scalar) {
    const T av = a[0];
    for (int64_t i = 0; i < n; ++i) bad |= Op::Fails(av, b[i], &out[i]);
  } else if (!a_scalar) {
    const T bv = b[0];
    for (int64_t i = 0; i < n; ++i) bad |= Op::Fails(a[i], bv, &out[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) bad |= Op::Fails(a[0], b[0], &out[i]);
  }
  return bad;
}

template <typename T, typename Op>
ScalarKernel NumericBinaryKernel(DataTypePtr type, ArithmeticOp op) {
  return [type, op](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                    int64_t n) -> Result<ArrayDataPtr> {
    const ArrayData& a = *args[0];
    const ArrayData& b = *args[1];
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(type, n, ctx.pool));
    T* o = internal::MutableValues<T>(*out);
    const T* pa = ValuesOf(a).template values<T>();
    const T* pb = ValuesOf(b).template values<T>();
    const bool bad = BinaryLoop<T, Op>(pa, IsScalar(a), pb, IsScalar(b), o, n);
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::IntersectValidity(args, n, ctx.pool, &null_count));
    internal::SetValidity(out.get(), validity, null_count);
    if (bad) {
      // Only rows that are not NULL count (NULL slots hold arbitrary values).
      internal::FixedArg<T> va(a), vb(b);
      for (int64_t i = 0; i < n; ++i) {
        T r;
        if (!out->IsValid(i) || !Op::Fails(va[i], vb[i], &r)) continue;
        const std::string lhs = internal::ValueForMessage(ValuesOf(a), IsScalar(a) ? 0 : i);
        const std::string rhs = internal::ValueForMessage(ValuesOf(b), IsScalar(b) ? 0 : i);
        const std::string expr = lhs + " " + internal::OpSymbol(op) + " " + rhs;
        if (op == ArithmeticOp::kDivide || op == ArithmeticOp::kModulo) {
          if (vb[i] == T{0}) return Status::Execution("division by zero: " + expr);
        }
        return Status::Execution(type->ToString() + " overflow: " + expr);
      }
    }
    return out;
  };
}

template <typename T>
ScalarKernel IntegerKernel(ArithmeticOp op, const DataTypePtr& type) {
  switch (op) {
    case ArithmeticOp::kAdd: return NumericBinaryKernel<T, AddInt>(type, op);
    case ArithmeticOp::kSubtract: return NumericBinaryKernel<T, SubtractInt>(type, op);
    case ArithmeticOp::kMultiply: return NumericBinaryKernel<T, MultiplyInt>(type, op);
    case ArithmeticOp::kDivide: return NumericBinaryKernel<T, DivideInt>(type, op);
    case ArithmeticOp::kModulo: return NumericBinaryKernel<T, ModuloInt>(type, op);
  }
  return nullptr;
}

template <typename T>
ScalarKernel FloatKernel(ArithmeticOp op, const DataTypePtr& type) {
  switch (op) {
    case ArithmeticOp::kAdd: return NumericBinaryKernel<T, AddFloat>(type, op);
    case ArithmeticOp::kSubtract: return NumericBinaryKernel<T, SubtractFloat>(type, op);
    case ArithmeticOp::kMultiply: return NumericBinaryKernel<T, MultiplyFloat>(type, op);
    case ArithmeticOp::kDivide: return NumericBinaryKernel<T, DivideFloat>(type, op);
    case ArithmeticOp::kModulo: return NumericBinaryKernel<T, ModuloFloat>(type, op);
  }
  return nullptr;
}

// Decimal stand-in for an integer operand: decimal(digits, 0).
DataTypePtr AsDecimal(const DataTypePtr& t) {
  if (t->IsDecimal()) return t;
  switch (t->id()) {
    case TypeId::kInt8:
    case TypeId::kUInt8: return decimal(3, 0);
    case TypeId::kInt16:
    case TypeId::kUInt16: return decimal(5, 0);
    case TypeId::kInt32:
    case TypeId::kUInt32: return decimal(10, 0);
    case TypeId::kInt64: return decimal(19, 0);
    default: return decimal(20, 0);
  }
}

// Unsigned integers compute in the next wider signed type (uint64 as decimal(20,0)).
DataTypePtr SignedForArithmetic(const DataTypePtr& t) {
  switch (t->id()) {
    case TypeId::kUInt8: return int16();
    case TypeId::kUInt16: return int32();
    case TypeId::kUInt32: return int64();
    case TypeId::kUInt64: return decimal(20, 0);
    default: return t;
  }
}

std::optional<BoundScalarFunction> BindNumeric(ArithmeticOp op, const std::vector<DataTypePtr>& args) {
  if (args.size() != 2) return std::nullopt;
  DataTypePtr a = args[0], b = args[1];
  const bool a_null = a->id() == TypeId::kNull, b_null = b->id() == TypeId::kNull;
  if (a_null && b_null) a = b = int64();
  if (a_null) a = b;
  if (b_null) b = a;
  if (!internal::IsNumeric(*a) || !internal::IsNumeric(*b)) return std::nullopt;
  auto common = CommonSuperType(a, b);
  if (!common.ok()) return std::nullopt;
  DataTypePtr t = SignedForArithmetic(*common);
  if (t->IsDecimal()) {
    DataTypePtr da = AsDecimal(a), db = AsDecimal(b);
    DataTypePtr result = internal::DecimalResultType(op, *da, *db);
    return BoundScalarFunction{
        "", {da, db}, result,
        internal::Elementwise(result, internal::MakeDecimalKernel(op, da, db, result)), true};
  }
  ScalarKernel kernel;
  switch (t->id()) {
    case TypeId::kInt8: kernel = IntegerKernel<int8_t>(op, t); break;
    case TypeId::kInt16: kernel = IntegerKernel<int16_t>(op, t); break;
    case TypeId::kInt32: kernel = IntegerKernel<int32_t>(op, t); break;
    case TypeId::kInt64: kernel = IntegerKernel<int64_t>(op, t); break;
    case TypeId::kFloat32: kernel = FloatKernel<float>(op, t); break;
    case TypeId::kFloat64: kernel = FloatKernel<double>(op, t); break;
    default: return std::nullopt;
  }
  return BoundScalarFunction{"", {t, t}, t, internal::Elementwise(t, std::move(kernel)), true};
}

// ---- unary minus ----

template <typename T, bool kDecimal = false>
ScalarKernel NegateKernel(DataTypePtr type) {
  return [type](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                int64_t n) -> Result<ArrayDataPtr> {
    const ArrayData& a = *args[0];
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(type, n, ctx.pool));
    T* o = internal::MutableValues<T>(*out);
    const T* in = a.values<T>();
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::CopyValidity(a, ctx.pool, &null_count));
    internal::SetValidity(out.get(), validity, null_count);
    if constexpr (std::is_floating_point_v<T>) {
      for (int64_t i = 0; i < n; ++i) o[i] = -in[i];
    } else if constexpr (kDecimal) {
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<T>(T{0} - in[i]);  // |v| < 10^p: no overflow
    } else {
      bool bad = false;
      for (int64_t i = 0; i < n; ++i) bad |= SubtractInt::Fails<T>(T{0}, in[i], &o[i]);
      for (int64_t i = 0; bad && i < n; ++i) {
        if (out->IsValid(i) && in[i] == std::numeric_limits<T>::min()) {
          return Status::Execution(type->ToString() + " overflow: -(" +
                                   internal::ValueForMessage(a, i) + ")");
        }
      }
    }
    return out;
  };
}

std::optional<BoundScalarFunction> BindNegate(const std::vector<DataTypePtr>& args) {
  if (args.size() != 1) return std::nullopt;
  DataTypePtr t = args[0]->id() == TypeId::kNull ? int64() : args[0];
  ScalarKernel kernel;
  switch (t->id()) {
    case TypeId::kInt8: kernel = NegateKernel<int8_t>(t); break;
    case TypeId::kInt16: kernel = NegateKernel<int16_t>(t); break;
    case TypeId::kInt32: kernel = NegateKernel<int32_t>(t); break;
    case TypeId::kInt64: kernel = NegateKernel<int64_t>(t); break;
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
      return BindNegate({SignedForArithmetic(t)});
    case TypeId::kUInt64:
      return BindNegate({decimal(20, 0)});
    case TypeId::kFloat32: kernel = NegateKernel<float>(t); break;
    case TypeId::kFloat64: kernel = NegateKernel<double>(t); break;
    case TypeId::kDecimal64: kernel = NegateKernel<int64_t, true>(t); break;
    case TypeId::kDecimal128: kernel = NegateKernel<__int128, true>(t); break;
    case TypeId::kInterval: kernel = internal::MakeIntervalNegate(); break;
    default: return std::nullopt;
  }
  return BoundScalarFunction{"", {t}, t, internal::Elementwise(t, std::move(kernel)), true};
}

ScalarOverload NumericOverload(ArithmeticOp op) {
  const std::string sym = internal::OpSymbol(op);
  return {"numeric " + sym + " numeric -> common numeric type (decimals per docs/sql_types.md)",
          [op](const std::vector<DataTypePtr>& args) { return BindNumeric(op, args); }};
}

ScalarOverload TemporalOverload(ArithmeticOp op, const std::string& text) {
  return {text, [op](const std::vector<DataTypePtr>& args) {
            return internal::BindTemporalArithmetic(op, args);
          }};
}

}  // namespace

Status RegisterArithmeticFunctions(FunctionRegistry* registry) {
  SILT_RETURN_NOT_OK(registry->Register(
      {"+", {}, "Addition; integer overflow is an error.", "1 + 2 -> 3",
       {NumericOverload(ArithmeticOp::kAdd),
        TemporalOverload(ArithmeticOp::kAdd,
                         "date + integer -> date, date/timestamp/time + interval, "
                         "interval + interval -> interval")}}));
  SILT_RETURN_NOT_OK(registry->Register(
      {"-", {}, "Subtraction, or negation with one argument.", "5 - 7 -> -2",
       {NumericOverload(ArithmeticOp::kSubtract),
        TemporalOverload(ArithmeticOp::kSubtract,
                         "date - integer -> date, date - date -> int64 days, timestamp - "
                         "timestamp -> interval, date/timestamp/time - interval, time - time"),
        {"-(numeric or interval) -> same type", BindNegate}}}));
  SILT_RETURN_NOT_OK(registry->Register(
      {"negate", {"negative"}, "Unary minus.", "negate(3) -> -3", {{"negate(numeric or interval) -> same type", BindNegate}}}));
  SILT_RETURN_NOT_OK(registry->Register(
      {"*", {}, "Multiplication; integer overflow is an error.", "6 * 7 -> 42",
       {NumericOverload(ArithmeticOp::kMultiply)}}));
  SILT_RETURN_NOT_OK(registry->Register(
      {"/", {}, "Division; integers truncate toward zero; dividing by zero is an error.",
       "7 / 2 -> 3", {NumericOverload(ArithmeticOp::kDivide)}}));
  SILT_RETURN_NOT_OK(registry->Register(
      {"%", {"mod"}, "Remainder with the sign of the dividend; modulo zero is an error.",
       "-7 % 3 -> -1", {NumericOverload(ArithmeticOp::kModulo)}}));
  return Status::OK();
}

}  // namespace silt::functions
