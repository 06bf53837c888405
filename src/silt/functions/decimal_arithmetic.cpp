// Exact decimal + - * / %: the result type table of docs/sql_types.md and typed loops over
// decimal64/decimal128 storage. Never goes through doubles; intermediates that outgrow 128
// bits use the 256-bit helpers of decimal_util.h.

#include <algorithm>

#include "silt/common/decimal.h"
#include "silt/functions/arithmetic_internal.h"
#include "silt/functions/decimal_util.h"
#include "silt/functions/kernel_util.h"

namespace silt::functions::internal {

namespace {

constexpr int32_t kMinAdjustedScale = 6;

enum class RowStatus { kOk, kOverflow, kDivideByZero };

/// Per-call constants of one decimal operation.
struct DecimalOp {
  ArithmeticOp op;
  int32_t s1, s2, s;      // operand and result scales
  int32_t precision;      // result precision
  int32_t shift_a = 0, shift_b = 0, drop = 0;  // alignment (add/sub/mod) or scale drop (mul)
  __int128 pow_a = 1, pow_b = 1;
  int32_t div_shift = 0;  // divide: a * 10^div_shift / b

  RowStatus Apply(__int128 a, __int128 b, __int128* out) const {
    __int128 r;
    switch (op) {
      case ArithmeticOp::kAdd:
      case ArithmeticOp::kSubtract: {
        if (op == ArithmeticOp::kSubtract) b = -b;  // |b| < 10^38: cannot overflow
        __int128 x, y;
        if (!__builtin_mul_overflow(a, pow_a, &x) && !__builtin_mul_overflow(b, pow_b, &y) &&
            !__builtin_add_overflow(x, y, &r)) {
          if (drop > 0) r = DivRoundHalfAway(r, Pow10Int128(drop));
        } else if (!AddScaledDecimal(a, shift_a, b, shift_b, drop, &r)) {
          return RowStatus::kOverflow;
        }
        break;
      }
      case ArithmeticOp::kMultiply:
        if (!MultiplyDecimal(a, b, drop, &r)) return RowStatus::kOverflow;
        break;
      case ArithmeticOp::kDivide:
        if (b == 0) return RowStatus::kDivideByZero;
        if (!DivideDecimal(a, div_shift, b, &r)) return RowStatus::kOverflow;
        break;
      case ArithmeticOp::kModulo: {
        if (b == 0) return RowStatus::kDivideByZero;
        __int128 x, y;
        if (__builtin_mul_overflow(a, pow_a, &x) || __builtin_mul_overflow(b, pow_b, &y)) {
          return RowStatus::kOverflow;
        }
        r = x % y;
        break;
      }
    }
    if (!FitsPrecision(r, precision)) return RowStatus::kOverflow;
    *out = r;
    return RowStatus::kOk;
  }
};

template <typename A, typename B, typename Out>
Result<ArrayDataPtr> DecimalLoop(const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                                 int64_t n, const DecimalOp& op, const DataTypePtr& type) {
  const ArrayData& a = *args[0];
  const ArrayData& b = *args[1];
  SILT_ASSIGN_OR_RETURN(auto out, MakeFixedOutput(type, n, ctx.pool));
  Out* o = MutableValues<Out>(*out);
  int64_t null_count;
  SILT_ASSIGN_OR_RETURN(auto validity, IntersectValidity(args, n, ctx.pool, &null_count));
  SetValidity(out.get(), validity, null_count);
  FixedArg<A> va(a);
  FixedArg<B> vb(b);
  // decimal64 x decimal64 into decimal128: the int128 product is exact and has at most
  // p1 + p2 digits, fewer than the result precision p1 + p2 + 1 (never capped: <= 37), so
  // there is nothing to check.
  if constexpr (sizeof(A) == 8 && sizeof(B) == 8 && sizeof(Out) == 16) {
    if (op.op == ArithmeticOp::kMultiply && op.drop == 0) {
      if (!va.scalar && !vb.scalar) {
        for (int64_t i = 0; i < n; ++i) o[i] = static_cast<__int128>(va.ptr[i]) * vb.ptr[i];
      } else {
        for (int64_t i = 0; i < n; ++i) o[i] = static_cast<__int128>(va[i]) * vb[i];
      }
      return out;
    }
  }
  // Fast paths (no NULLs): add/sub whose aligned operands cannot overflow 128 bits, and
  // multiply without a scale drop. One bound check per row against a hoisted 10^precision;
  // rows that fail it (or anything else) go through the general loop below for the error.
  if (null_count == 0 && op.drop == 0 &&
      (op.op == ArithmeticOp::kAdd || op.op == ArithmeticOp::kSubtract || op.op == ArithmeticOp::kMultiply)) {
    const unsigned __int128 bound = static_cast<unsigned __int128>(Pow10Int128(op.precision));
    // Operands are below 10^38 and alignment factors below 10^38 / operand digits keep the
    // aligned values below 2^126 when shift + precision <= 38.
    const bool aligned_safe = a.type->precision() + op.shift_a <= 38 && b.type->precision() + op.shift_b <= 38;
    bool ok = true;
    if (op.op == ArithmeticOp::kMultiply && a.type->precision() + b.type->precision() <= 38) {
      for (int64_t i = 0; i < n; ++i) {
        __int128 r = static_cast<__int128>(va[i]) * static_cast<__int128>(vb[i]);
        ok &= AbsU128(r) < bound;
        o[i] = static_cast<Out>(r);
      }
    } else if (op.op != ArithmeticOp::kMultiply && aligned_safe) {
      const __int128 pa = op.pow_a, pb = op.op == ArithmeticOp::kSubtract ? -op.pow_b : op.pow_b;
      for (int64_t i = 0; i < n; ++i) {
        __int128 r = static_cast<__int128>(va[i]) * pa + static_cast<__int128>(vb[i]) * pb;
        ok &= AbsU128(r) < bound;
        o[i] = static_cast<Out>(r);
      }
    } else {
      ok = false;
    }
    if (ok) return out;
  }
  for (int64_t i = 0; i < n; ++i) {
    if (null_count > 0 && !out->IsValid(i)) {
      o[i] = 0;
      continue;
    }
    __int128 r = 0;
    const RowStatus st = op.Apply(va[i], vb[i], &r);
    if (st != RowStatus::kOk) [[unlikely]] {
      const std::string expr = ValueForMessage(ValuesOf(a), va.scalar ? 0 : i) + " " +
                               OpSymbol(op.op) + " " +
                               ValueForMessage(ValuesOf(b), vb.scalar ? 0 : i);
      if (st == RowStatus::kDivideByZero) return Status::Execution("division by zero: " + expr);
      return Status::Execution("decimal overflow: " + expr + " does not fit " + type->ToString());
    }
    o[i] = static_cast<Out>(r);
  }
  return out;
}

template <typename A, typename B>
Result<ArrayDataPtr> DispatchOut(const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                                 int64_t n, const DecimalOp& op, const DataTypePtr& type) {
  if (type->id() == TypeId::kDecimal64) return DecimalLoop<A, B, int64_t>(ctx, args, n, op, type);
  return DecimalLoop<A, B, __int128>(ctx, args, n, op, type);
}

template <typename A>
Result<ArrayDataPtr> DispatchB(const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                               int64_t n, const DecimalOp& op, const DataTypePtr& type) {
  if (args[1]->type->id() == TypeId::kDecimal64) return DispatchOut<A, int64_t>(ctx, args, n, op, type);
  return DispatchOut<A, __int128>(ctx, args, n, op, type);
}

}  // namespace

DataTypePtr DecimalResultType(ArithmeticOp op, const DataType& a, const DataType& b) {
  const int32_t p1 = a.precision(), s1 = a.scale(), p2 = b.precision(), s2 = b.scale();
  int32_t p = 0, s = 0;
  switch (op) {
    case ArithmeticOp::kAdd:
    case ArithmeticOp::kSubtract:
      s = std::max(s1, s2);
      p = std::max(p1 - s1, p2 - s2) + s + 1;
      break;
    case ArithmeticOp::kMultiply:
      s = s1 + s2;
      p = p1 + p2 + 1;
      break;
    case ArithmeticOp::kDivide:
      s = std::max(kMinAdjustedScale, s1 + p2 + 1);
      p = p1 - s1 + s2 + s;
      break;
    case ArithmeticOp::kModulo:
      s = std::max(s1, s2);
      p = std::min(p1 - s1, p2 - s2) + s;
      break;
  }
  if (p > kMaxDecimal128Precision) {
    const int32_t int_digits = p - s;
    s = std::max(kMaxDecimal128Precision - int_digits, std::min(s, kMinAdjustedScale));
    p = kMaxDecimal128Precision;
  }
  return decimal(std::max(p, 1), s);
}

ScalarKernel MakeDecimalKernel(ArithmeticOp op_kind, DataTypePtr a, DataTypePtr b, DataTypePtr result) {
  DecimalOp op;
  op.op = op_kind;
  op.s1 = a->scale();
  op.s2 = b->scale();
  op.s = result->scale();
  op.precision = result->precision();
  const int32_t aligned = std::max(op.s1, op.s2);
  switch (op_kind) {
    case ArithmeticOp::kAdd:
    case ArithmeticOp::kSubtract:
    case ArithmeticOp::kModulo:
      op.shift_a = aligned - op.s1;
      op.shift_b = aligned - op.s2;
      op.drop = aligned - op.s;
      op.pow_a = Pow10Int128(op.shift_a);
      op.pow_b = Pow10Int128(op.shift_b);
      break;
    case ArithmeticOp::kMultiply: op.drop = op.s1 + op.s2 - op.s; break;
    case ArithmeticOp::kDivide: op.div_shift = op.s - op.s1 + op.s2; break;
  }
  return [op, result](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                      int64_t n) -> Result<ArrayDataPtr> {
    if (args[0]->type->id() == TypeId::kDecimal64) return DispatchB<int64_t>(ctx, args, n, op, result);
    return DispatchB<__int128>(ctx, args, n, op, result);
  };
}

}  // namespace silt::functions::internal
