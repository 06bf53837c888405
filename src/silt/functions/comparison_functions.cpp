// Comparison operators (= <> < <= > >=, IS [NOT] DISTINCT FROM) over arguments coerced to
// their common super type, and boolean logic (and, or, not, is_null, is_not_null) with SQL
// three-valued semantics. Orderings follow PostgreSQL: NaN equals NaN and sorts above every
// number; strings compare byte-wise (UTF-8 order); intervals by length (30-day months).

#include <cmath>
#include <cstring>
#include <type_traits>

#include "silt/format/value_text.h"
#include "silt/functions/builtin_functions.h"
#include "silt/functions/kernel_util.h"
#include "silt/functions/type_coercion.h"

namespace silt::functions {

namespace {

using internal::ArgValid;
using internal::IsScalar;
using internal::ValuesOf;
using Args = std::vector<ArrayDataPtr>;

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe, kDistinct, kNotDistinct };

template <typename T>
int Three(T x, T y) {
  if constexpr (std::is_floating_point_v<T>) {
    const bool nx = std::isnan(x), ny = std::isnan(y);
    if (nx || ny) return nx == ny ? 0 : (nx ? 1 : -1);
  }
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool Holds(CompareOp op, int c) {
  switch (op) {
    case CompareOp::kEq:
    case CompareOp::kNotDistinct: return c == 0;
    case CompareOp::kNe:
    case CompareOp::kDistinct: return c != 0;
    case CompareOp::kLt: return c < 0;
    case CompareOp::kLe: return c <= 0;
    case CompareOp::kGt: return c > 0;
    case CompareOp::kGe: return c >= 0;
  }
  return false;
}

// Reads row i of a plain-or-constant argument as a comparable value.
template <typename T>
struct FixedReader {
  using Value = T;
  internal::FixedArg<T> arg;
  explicit FixedReader(const ArrayData& a) : arg(a) {}
  T operator[](int64_t i) const { return arg[i]; }
};
struct BoolReader {
  internal::BoolArg arg;
  explicit BoolReader(const ArrayData& a) : arg(a) {}
  int operator[](int64_t i) const { return arg[i] ? 1 : 0; }
};
struct StringReader {
  internal::StringArg arg;
  explicit StringReader(const ArrayData& a) : arg(a) {}
  std::string_view operator[](int64_t i) const { return arg[i]; }
};
struct IntervalReader {
  internal::FixedArg<unsigned __int128> arg;
  explicit IntervalReader(const ArrayData& a) : arg(a) {}
  __int128 operator[](int64_t i) const {
    const unsigned __int128 raw = arg[i];
    int32_t m, d;
    int64_t ns;
    std::memcpy(&m, reinterpret_cast<const char*>(&raw), 4);
    std::memcpy(&d, reinterpret_cast<const char*>(&raw) + 4, 4);
    std::memcpy(&ns, reinterpret_cast<const char*>(&raw) + 8, 8);
    return (static_cast<__int128>(m) * 30 + d) * 86400000000000LL + ns;
  }
};

int ThreeWay(std::string_view x, std::string_view y) {
  const int c = x.compare(y);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}
template <typename T>
int ThreeWay(T x, T y) {
  return Three(x, y);
}

/// Integer-like values (no NaN ordering to respect): one comparison per row with the
/// operator and the constant side fixed outside the loop, eight results per output byte.
template <typename T, typename Cmp>
void PackCompare(const T* a, bool a_scalar, const T* b, bool b_scalar, int64_t n, uint8_t* bits, Cmp cmp) {
  auto at = [](const T* p, bool scalar, int64_t i) { return scalar ? p[0] : p[i]; };
  int64_t full = n / 8;
  if (!a_scalar && b_scalar) {
    const T y = b[0];
    for (int64_t k = 0; k < full; ++k) {
      const T* x = a + k * 8;
      uint8_t byte = 0;
      for (int j = 0; j < 8; ++j) byte |= static_cast<uint8_t>(cmp(x[j], y)) << j;
      bits[k] = byte;
    }
  } else if (!a_scalar && !b_scalar) {
    for (int64_t k = 0; k < full; ++k) {
      const T* x = a + k * 8;
      const T* z = b + k * 8;
      uint8_t byte = 0;
      for (int j = 0; j < 8; ++j) byte |= static_cast<uint8_t>(cmp(x[j], z[j])) << j;
      bits[k] = byte;
    }
  } else {
    full = 0;
  }
  for (int64_t i = full * 8; i < n; ++i) {
    bits[i >> 3] |= static_cast<uint8_t>(cmp(at(a, a_scalar, i), at(b, b_scalar, i))) << (i & 7);
  }
}

template <typename T>
bool CompareFast(const Args& args, int64_t n, CompareOp op, uint8_t* bits) {
  if constexpr (std::is_floating_point_v<T>) {
    return false;  // NaN sorts above every number (PostgreSQL): the generic path handles it
  } else {
    internal::FixedArg<T> a(*args[0]), b(*args[1]);
    switch (op) {
      case CompareOp::kEq: PackCompare(a.ptr, a.scalar, b.ptr, b.scalar, n, bits, [](T x, T y) { return x == y; }); return true;
      case CompareOp::kNe: PackCompare(a.ptr, a.scalar, b.ptr, b.scalar, n, bits, [](T x, T y) { return x != y; }); return true;
      case CompareOp::kLt: PackCompare(a.ptr, a.scalar, b.ptr, b.scalar, n, bits, [](T x, T y) { return x < y; }); return true;
      case CompareOp::kLe: PackCompare(a.ptr, a.scalar, b.ptr, b.scalar, n, bits, [](T x, T y) { return x <= y; }); return true;
      case CompareOp::kGt: PackCompare(a.ptr, a.scalar, b.ptr, b.scalar, n, bits, [](T x, T y) { return x > y; }); return true;
      case CompareOp::kGe: PackCompare(a.ptr, a.scalar, b.ptr, b.scalar, n, bits, [](T x, T y) { return x >= y; }); return true;
      default: return false;
    }
  }
}

template <typename Reader>
Result<ArrayDataPtr> CompareRows(const KernelContext& ctx, const Args& args, int64_t n, CompareOp op) {
  SILT_ASSIGN_OR_RETURN(auto out, internal::MakeBoolOutput(n, ctx.pool));
  uint8_t* bits = out->buffers[1]->mutable_data();
  Reader a(*args[0]), b(*args[1]);
  const bool distinct_ops = op == CompareOp::kDistinct || op == CompareOp::kNotDistinct;
  if constexpr (requires { typename Reader::Value; }) {
    if (!distinct_ops && CompareFast<typename Reader::Value>(args, n, op, bits)) {
      int64_t null_count;
      SILT_ASSIGN_OR_RETURN(auto validity, internal::IntersectValidity(args, n, ctx.pool, &null_count));
      internal::SetValidity(out.get(), validity, null_count);
      return out;
    }
  }
  if (!distinct_ops) {
    for (int64_t i = 0; i < n; ++i) {
      bits[i >> 3] |= static_cast<uint8_t>(static_cast<uint8_t>(Holds(op, ThreeWay(a[i], b[i]))) << (i & 7));
    }
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::IntersectValidity(args, n, ctx.pool, &null_count));
    internal::SetValidity(out.get(), validity, null_count);
    return out;
  }
  // IS [NOT] DISTINCT FROM: NULL equals NULL, never NULL itself.
  for (int64_t i = 0; i < n; ++i) {
    const bool va = ArgValid(*args[0], i), vb = ArgValid(*args[1], i);
    const int c = (va && vb) ? ThreeWay(a[i], b[i]) : (va == vb ? 0 : 1);
    if (Holds(op, c)) bit_util::SetBit(bits, i);
  }
  return out;
}

ScalarKernel CompareKernel(const DataTypePtr& t, CompareOp op) {
  auto make = [op]<typename Reader>() -> ScalarKernel {
    return [op](const KernelContext& ctx, const Args& args, int64_t n) { return CompareRows<Reader>(ctx, args, n, op); };
  };
  switch (t->id()) {
    case TypeId::kBool: return make.template operator()<BoolReader>();
    case TypeId::kInt8: return make.template operator()<FixedReader<int8_t>>();
    case TypeId::kInt16: return make.template operator()<FixedReader<int16_t>>();
    case TypeId::kInt32:
    case TypeId::kDate32: return make.template operator()<FixedReader<int32_t>>();
    case TypeId::kInt64:
    case TypeId::kDecimal64:
    case TypeId::kTime64:
    case TypeId::kTimestamp: return make.template operator()<FixedReader<int64_t>>();
    case TypeId::kUInt8: return make.template operator()<FixedReader<uint8_t>>();
    case TypeId::kUInt16: return make.template operator()<FixedReader<uint16_t>>();
    case TypeId::kUInt32: return make.template operator()<FixedReader<uint32_t>>();
    case TypeId::kUInt64: return make.template operator()<FixedReader<uint64_t>>();
    case TypeId::kFloat32: return make.template operator()<FixedReader<float>>();
    case TypeId::kFloat64: return make.template operator()<FixedReader<double>>();
    case TypeId::kDecimal128: return make.template operator()<FixedReader<__int128>>();
    case TypeId::kUtf8:
    case TypeId::kBinary: return make.template operator()<StringReader>();
    case TypeId::kInterval: return make.template operator()<IntervalReader>();
    default: return nullptr;
  }
}

ScalarOverload CompareOverload(CompareOp op, const std::string& symbol) {
  const bool distinct = op == CompareOp::kDistinct || op == CompareOp::kNotDistinct;
  return {"T " + symbol + " T -> bool (T: common super type; not nested)",
          [op, distinct](const std::vector<DataTypePtr>& args) -> std::optional<BoundScalarFunction> {
            if (args.size() != 2) return std::nullopt;
            auto common = CommonSuperType(args[0], args[1]);
            if (!common.ok()) return std::nullopt;
            DataTypePtr t = (*common)->id() == TypeId::kNull ? int64() : *common;
            ScalarKernel kernel = CompareKernel(t, op);
            if (!kernel) return std::nullopt;
            return BoundScalarFunction{
                "", {t, t}, boolean(),
                internal::Elementwise(boolean(), std::move(kernel),
                                      distinct ? internal::NullHandling::kManual : internal::NullHandling::kPropagate),
                true};
          }};
}

// ---- boolean logic ----

// AND / OR with three-valued logic: FALSE AND NULL = FALSE, TRUE OR NULL = TRUE.
/// AND / OR over plain, unsliced bool arrays, 64 rows per step (three-valued logic on the
/// value and validity words).
Result<ArrayDataPtr> LogicWords(bool is_and, const ArrayData& a, const ArrayData& b, int64_t n, MemoryPool* pool) {
  SILT_ASSIGN_OR_RETURN(auto out, internal::MakeBoolOutput(n, pool));
  SILT_ASSIGN_OR_RETURN(auto validity, Buffer::Allocate(bit_util::BytesForBits(n), pool));
  const int64_t words = n / 64, tail = n % 64;
  const uint8_t* av = a.buffers[1]->data();
  const uint8_t* bv = b.buffers[1]->data();
  const uint8_t* an = a.null_count > 0 ? a.validity() : nullptr;
  const uint8_t* bn = b.null_count > 0 ? b.validity() : nullptr;
  uint8_t* ov = out->buffers[1]->mutable_data();
  uint8_t* on = validity->mutable_data();
  auto load = [](const uint8_t* p, int64_t w, int64_t bytes) {
    uint64_t x = 0;
    std::memcpy(&x, p + w * 8, static_cast<size_t>(bytes));
    return x;
  };
  int64_t null_count = 0;
  for (int64_t w = 0; w <= words; ++w) {
    int64_t bytes = w < words ? 8 : (tail + 7) / 8;
    if (bytes == 0) break;
    uint64_t mask = w < words ? ~uint64_t{0} : (tail == 64 ? ~uint64_t{0} : ((uint64_t{1} << tail) - 1));
    uint64_t va = an ? load(an, w, bytes) : ~uint64_t{0};
    uint64_t vb = bn ? load(bn, w, bytes) : ~uint64_t{0};
    uint64_t x = load(av, w, bytes) & va, y = load(bv, w, bytes) & vb;
    uint64_t valid, value;
    if (is_and) {
      valid = (va & vb) | (va & ~x) | (vb & ~y);
      value = x & y;
    } else {
      valid = (va & vb) | x | y;
      value = x | y;
    }
    valid &= mask;
    value &= valid;
    null_count += __builtin_popcountll(~valid & mask);
    std::memcpy(ov + w * 8, &value, static_cast<size_t>(bytes));
    std::memcpy(on + w * 8, &valid, static_cast<size_t>(bytes));
  }
  internal::SetValidity(out.get(), null_count > 0 ? validity : nullptr, null_count);
  return out;
}

ScalarKernel LogicKernel(bool is_and) {
  return [is_and](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    // Dictionary-encoded masks (a comparison over a dictionary string column) are expanded
    // once so the word-wise path applies.
    ArrayDataPtr fa = args[0], fb = args[1];
    if (fa->encoding == Encoding::kDictionary) {
      SILT_ASSIGN_OR_RETURN(fa, Flatten(fa, ctx.pool));
    }
    if (fb->encoding == Encoding::kDictionary) {
      SILT_ASSIGN_OR_RETURN(fb, Flatten(fb, ctx.pool));
    }
    const ArrayData& a0 = *fa;
    const ArrayData& b0 = *fb;
    if (a0.encoding == Encoding::kPlain && b0.encoding == Encoding::kPlain && a0.offset == 0 && b0.offset == 0 &&
        a0.type->id() == TypeId::kBool && b0.type->id() == TypeId::kBool) {
      return LogicWords(is_and, a0, b0, n, ctx.pool);
    }
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeBoolOutput(n, ctx.pool));
    SILT_ASSIGN_OR_RETURN(auto validity, Buffer::Allocate(bit_util::BytesForBits(n), ctx.pool));
    uint8_t* bits = out->buffers[1]->mutable_data();
    internal::BoolArg a(*args[0]), b(*args[1]);
    int64_t null_count = 0;
    for (int64_t i = 0; i < n; ++i) {
      const bool va = ArgValid(*args[0], i), vb = ArgValid(*args[1], i);
      const bool x = va && a[i], y = vb && b[i];
      // The dominant value (FALSE for AND, TRUE for OR) decides even against NULL.
      const bool dominant = is_and ? ((va && !x) || (vb && !y)) : ((va && x) || (vb && y));
      const bool valid = dominant || (va && vb);
      const bool value = is_and ? (x && y) : (x || y);
      bit_util::SetBitTo(validity->mutable_data(), i, valid);
      if (valid && value) bit_util::SetBit(bits, i);
      null_count += valid ? 0 : 1;
    }
    internal::SetValidity(out.get(), validity, null_count);
    return out;
  };
}

ScalarKernel NotKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    internal::BoolArg a(*args[0]);
    return internal::MapBoolRows(ctx, args, n, [&](int64_t i) { return !a[i]; });
  };
}

ScalarKernel IsNullKernel(bool want_null) {
  return [want_null](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeBoolOutput(n, ctx.pool));
    uint8_t* bits = out->buffers[1]->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      if (ArgValid(*args[0], i) != want_null) bit_util::SetBit(bits, i);
    }
    return out;
  };
}

ScalarOverload AnyTypeOverload(const std::string& name, ScalarKernel kernel) {
  ScalarKernel wrapped = internal::Elementwise(boolean(), std::move(kernel), internal::NullHandling::kManual);
  return {name + "(any) -> bool", [wrapped](const std::vector<DataTypePtr>& args) -> std::optional<BoundScalarFunction> {
            if (args.size() != 1) return std::nullopt;
            return BoundScalarFunction{"", {args[0]}, boolean(), wrapped, true};
          }};
}

}  // namespace

Status RegisterComparisonFunctions(FunctionRegistry* r) {
  struct Op {
    const char* name;
    std::vector<std::string> aliases;
    CompareOp op;
    const char* description;
    const char* example;
  };
  const Op ops[] = {
      {"=", {"=="}, CompareOp::kEq, "Equality (NULL when either side is NULL).", "1 = 1.0 -> true"},
      {"<>", {"!="}, CompareOp::kNe, "Inequality.", "'a' <> 'b' -> true"},
      {"<", {}, CompareOp::kLt, "Less than.", "DATE '2024-01-01' < TIMESTAMP '2024-01-01 00:00:01' -> true"},
      {"<=", {}, CompareOp::kLe, "Less than or equal.", "2 <= 2 -> true"},
      {">", {}, CompareOp::kGt, "Greater than.", "'b' > 'a' -> true"},
      {">=", {}, CompareOp::kGe, "Greater than or equal.", "'NaN'::double >= 1e308 -> true"},
      {"is_distinct_from", {}, CompareOp::kDistinct, "IS DISTINCT FROM: NULL-safe inequality, never NULL.",
       "is_distinct_from(NULL, 1) -> true"},
      {"is_not_distinct_from", {}, CompareOp::kNotDistinct, "IS NOT DISTINCT FROM: NULL-safe equality.",
       "is_not_distinct_from(NULL, NULL) -> true"},
  };
  for (const Op& op : ops) {
    SILT_RETURN_NOT_OK(r->Register({op.name, op.aliases, op.description, op.example,
                                    {CompareOverload(op.op, op.name)}}));
  }
  SILT_RETURN_NOT_OK(r->Register(
      {"and", {}, "Three-valued AND: FALSE if either side is FALSE, else NULL if either is NULL.",
       "and(NULL, false) -> false",
       {internal::FixedOverload("and", {boolean(), boolean()}, boolean(), LogicKernel(true), internal::NullHandling::kManual)}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"or", {}, "Three-valued OR: TRUE if either side is TRUE, else NULL if either is NULL.",
       "or(NULL, true) -> true",
       {internal::FixedOverload("or", {boolean(), boolean()}, boolean(), LogicKernel(false), internal::NullHandling::kManual)}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"not", {}, "Logical negation (NULL stays NULL).", "not(true) -> false",
       {internal::FixedOverload("not", {boolean()}, boolean(), NotKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"is_null", {"isnull"}, "x IS NULL.", "is_null(NULL) -> true", {AnyTypeOverload("is_null", IsNullKernel(true))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"is_not_null", {"isnotnull"}, "x IS NOT NULL.", "is_not_null(1) -> true",
       {AnyTypeOverload("is_not_null", IsNullKernel(false))}}));
  return Status::OK();
}

}  // namespace silt::functions
