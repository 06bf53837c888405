// Bitwise operators on integers, as PostgreSQL has them: & | # (xor) ~ (not) << >>.
// Both operands of & | # are coerced to a common integer type; shifts keep the left type and
// take any integer amount, reduced modulo the type's width (what PostgreSQL's C shifts do on
// x86-64, and DataFusion's wrapping shifts). ^ stays power, as in PostgreSQL.

#include <type_traits>

#include "silt/functions/builtin_functions.h"
#include "silt/functions/kernel_util.h"

namespace silt::functions {

namespace {

using internal::FixedOverload;
using Args = std::vector<ArrayDataPtr>;

enum class BitOp { kAnd, kOr, kXor, kShiftLeft, kShiftRight };

template <typename T>
T Apply(BitOp op, T x, int64_t y) {
  using U = std::make_unsigned_t<T>;
  // Shift in the promoted width (int for int16, as C does), then narrow.
  using Wide = std::conditional_t<(sizeof(T) < 4), int32_t, T>;
  using UWide = std::make_unsigned_t<Wide>;
  const int mask = static_cast<int>(sizeof(Wide) * 8 - 1);
  switch (op) {
    case BitOp::kAnd: return static_cast<T>(static_cast<U>(x) & static_cast<U>(y));
    case BitOp::kOr: return static_cast<T>(static_cast<U>(x) | static_cast<U>(y));
    case BitOp::kXor: return static_cast<T>(static_cast<U>(x) ^ static_cast<U>(y));
    case BitOp::kShiftLeft:
      return static_cast<T>(static_cast<Wide>(static_cast<UWide>(static_cast<Wide>(x)) << (y & mask)));
    case BitOp::kShiftRight: return static_cast<T>(static_cast<Wide>(x) >> (y & mask));
  }
  return 0;
}

template <typename T, typename R>
ScalarKernel BinaryKernel(BitOp op) {
  return [op](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(args[0]->type, n, ctx.pool));
    T* o = internal::MutableValues<T>(*out);
    internal::FixedArg<T> a(*args[0]);
    internal::FixedArg<R> b(*args[1]);
    for (int64_t i = 0; i < n; ++i) o[i] = Apply<T>(op, a[i], static_cast<int64_t>(b[i]));
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::IntersectValidity(args, n, ctx.pool, &null_count));
    internal::SetValidity(out.get(), validity, null_count);
    return out;
  };
}

template <typename T>
ScalarKernel NotKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(args[0]->type, n, ctx.pool));
    T* o = internal::MutableValues<T>(*out);
    internal::FixedArg<T> a(*args[0]);
    for (int64_t i = 0; i < n; ++i) o[i] = static_cast<T>(~a[i]);
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::CopyValidity(*args[0], ctx.pool, &null_count));
    internal::SetValidity(out.get(), validity, null_count);
    return out;
  };
}

template <typename T>
ScalarOverload Binary(const std::string& name, const DataTypePtr& type, BitOp op) {
  if (op == BitOp::kShiftLeft || op == BitOp::kShiftRight) {
    return FixedOverload(name, {type, int64()}, type, BinaryKernel<T, int64_t>(op));
  }
  return FixedOverload(name, {type, type}, type, BinaryKernel<T, T>(op));
}

Status RegisterBinary(FunctionRegistry* r, const std::string& name, std::vector<std::string> aliases,
                      const std::string& description, const std::string& example, BitOp op) {
  return r->Register({name, std::move(aliases), description, example,
                      {Binary<int16_t>(name, int16(), op), Binary<int32_t>(name, int32(), op),
                       Binary<int64_t>(name, int64(), op)}});
}

}  // namespace

Status RegisterBitwiseFunctions(FunctionRegistry* r) {
  SILT_RETURN_NOT_OK(RegisterBinary(r, "&", {"bitwise_and"}, "Bitwise AND of two integers.", "12 & 10 -> 8", BitOp::kAnd));
  SILT_RETURN_NOT_OK(RegisterBinary(r, "|", {"bitwise_or"}, "Bitwise OR of two integers.", "12 | 10 -> 14", BitOp::kOr));
  SILT_RETURN_NOT_OK(RegisterBinary(r, "#", {"bitwise_xor", "xor"}, "Bitwise exclusive OR of two integers.", "12 # 10 -> 6",
                                    BitOp::kXor));
  SILT_RETURN_NOT_OK(RegisterBinary(r, "<<", {"bitwise_shift_left"}, "Shift left (amount modulo the width).", "1 << 4 -> 16",
                                    BitOp::kShiftLeft));
  SILT_RETURN_NOT_OK(RegisterBinary(r, ">>", {"bitwise_shift_right"}, "Arithmetic shift right (amount modulo the width).",
                                    "-16 >> 2 -> -4", BitOp::kShiftRight));
  return r->Register({"~", {"bitwise_not"}, "Bitwise NOT of an integer.", "~5 -> -6",
                      {FixedOverload("~", {int16()}, int16(), NotKernel<int16_t>()),
                       FixedOverload("~", {int32()}, int32(), NotKernel<int32_t>()),
                       FixedOverload("~", {int64()}, int64(), NotKernel<int64_t>())}});
}

}  // namespace silt::functions
