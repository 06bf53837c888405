// coalesce / ifnull / nvl, nullif, greatest, least. Arguments are coerced to their common
// super type (type_coercion.h); NULLs are handled by each function (not propagated).

#include <cmath>
#include <cstring>

#include "silt/columnar/builder.h"
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

// Builds the output by taking row i from argument pick[i] (-1 = NULL).
Result<ArrayDataPtr> TakePicked(const KernelContext& ctx, const Args& args, const DataTypePtr& type,
                                const std::vector<int32_t>& pick, int64_t n) {
  SILT_ASSIGN_OR_RETURN(auto validity, Buffer::AllocateZeroed(bit_util::BytesForBits(n), ctx.pool));
  int64_t null_count = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (pick[i] >= 0) {
      bit_util::SetBit(validity->mutable_data(), i);
    } else {
      ++null_count;
    }
  }
  auto row_of = [&](int32_t k, int64_t i) { return IsScalar(*args[k]) ? int64_t{0} : i; };
  const int32_t width = type->FixedWidth();
  if (type->id() == TypeId::kBool) {
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeBoolOutput(n, ctx.pool));
    for (int64_t i = 0; i < n; ++i) {
      if (pick[i] >= 0 && ValuesOf(*args[pick[i]]).GetBool(row_of(pick[i], i))) {
        bit_util::SetBit(out->buffers[1]->mutable_data(), i);
      }
    }
    internal::SetValidity(out.get(), validity, null_count);
    return out;
  }
  if (width > 0) {
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(type, n, ctx.pool));
    uint8_t* dst = out->buffers[1]->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      if (pick[i] < 0) {
        std::memset(dst + i * width, 0, static_cast<size_t>(width));
      } else {
        std::memcpy(dst + i * width, ValuesOf(*args[pick[i]]).GetFixed(row_of(pick[i], i)),
                    static_cast<size_t>(width));
      }
    }
    internal::SetValidity(out.get(), validity, null_count);
    return out;
  }
  if (type->IsBinaryLike()) {
    internal::StringOutput out(n, ctx.pool);
    SILT_RETURN_NOT_OK(out.Init(n * 8));
    for (int64_t i = 0; i < n; ++i) {
      if (pick[i] >= 0) SILT_RETURN_NOT_OK(out.Append(ValuesOf(*args[pick[i]]).GetView(row_of(pick[i], i))));
      out.FinishRow(i);
    }
    return out.Finish(type, validity, null_count);
  }
  ArrayBuilder b(type, ctx.pool);
  for (int64_t i = 0; i < n; ++i) {
    if (pick[i] < 0) {
      SILT_RETURN_NOT_OK(b.AppendNull());
    } else {
      SILT_RETURN_NOT_OK(b.AppendRange(ValuesOf(*args[pick[i]]), row_of(pick[i], i), 1));
    }
  }
  return b.Finish();
}

ScalarKernel CoalesceKernel(DataTypePtr type) {
  return [type](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    std::vector<int32_t> pick(static_cast<size_t>(n), -1);
    for (size_t k = 0; k < args.size(); ++k) {
      const ArrayData& a = *args[k];
      if (IsScalar(a)) {
        if (!a.dictionary->IsValid(0)) continue;
        for (int64_t i = 0; i < n; ++i) pick[i] = pick[i] < 0 ? static_cast<int32_t>(k) : pick[i];
        break;  // a valid constant ends the search for every row
      }
      for (int64_t i = 0; i < n; ++i) {
        if (pick[i] < 0 && a.IsValid(i)) pick[i] = static_cast<int32_t>(k);
      }
    }
    return TakePicked(ctx, args, type, pick, n);
  };
}

// ---- comparisons for nullif / greatest / least ----

// Three-way comparison of row i of argument a with row j of argument b (same type).
template <typename T>
int CompareFixed(const ArrayData& a, int64_t i, const ArrayData& b, int64_t j) {
  const T x = a.values<T>()[i], y = b.values<T>()[j];
  if constexpr (std::is_floating_point_v<T>) {
    // NaN equals NaN and sorts above every number (PostgreSQL).
    const bool nx = std::isnan(x), ny = std::isnan(y);
    if (nx || ny) return nx == ny ? 0 : (nx ? 1 : -1);
  }
  return x < y ? -1 : (x > y ? 1 : 0);
}

using CompareFn = int (*)(const ArrayData&, int64_t, const ArrayData&, int64_t);

int CompareBool(const ArrayData& a, int64_t i, const ArrayData& b, int64_t j) {
  return static_cast<int>(a.GetBool(i)) - static_cast<int>(b.GetBool(j));
}

int CompareBytes(const ArrayData& a, int64_t i, const ArrayData& b, int64_t j) {
  const std::string_view x = a.GetView(i), y = b.GetView(j);
  const int c = x.compare(y);  // char_traits<char> compares as unsigned char
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int CompareText(const ArrayData& a, int64_t i, const ArrayData& b, int64_t j) {
  std::string x, y;
  AppendValueText(a, i, &x);
  AppendValueText(b, j, &y);
  return x == y ? 0 : (x < y ? -1 : 1);
}

int CompareInterval(const ArrayData& a, int64_t i, const ArrayData& b, int64_t j) {
  // PostgreSQL orders intervals by their length with 30-day months and 24-hour days.
  auto total = [](const ArrayData& x, int64_t r) {
    int32_t m, d;
    int64_t ns;
    const uint8_t* p = x.GetFixed(r);
    std::memcpy(&m, p, 4);
    std::memcpy(&d, p + 4, 4);
    std::memcpy(&ns, p + 8, 8);
    return (static_cast<__int128>(m) * 30 + d) * 86400000000000LL + ns;
  };
  const __int128 x = total(a, i), y = total(b, j);
  return x < y ? -1 : (x > y ? 1 : 0);
}

// Calls make(std::integral_constant<CompareFn, f>) with the comparator of `t`, so kernels
// instantiate per type with the comparison inlined (no indirect call per row).
template <typename Make>
ScalarKernel WithComparator(const DataType& t, Make&& make) {
  switch (t.id()) {
    case TypeId::kBool: return make(std::integral_constant<CompareFn, CompareBool>{});
    case TypeId::kInt8: return make(std::integral_constant<CompareFn, CompareFixed<int8_t>>{});
    case TypeId::kInt16: return make(std::integral_constant<CompareFn, CompareFixed<int16_t>>{});
    case TypeId::kInt32:
    case TypeId::kDate32: return make(std::integral_constant<CompareFn, CompareFixed<int32_t>>{});
    case TypeId::kInt64:
    case TypeId::kDecimal64:
    case TypeId::kTime64:
    case TypeId::kTimestamp: return make(std::integral_constant<CompareFn, CompareFixed<int64_t>>{});
    case TypeId::kUInt8: return make(std::integral_constant<CompareFn, CompareFixed<uint8_t>>{});
    case TypeId::kUInt16: return make(std::integral_constant<CompareFn, CompareFixed<uint16_t>>{});
    case TypeId::kUInt32: return make(std::integral_constant<CompareFn, CompareFixed<uint32_t>>{});
    case TypeId::kUInt64: return make(std::integral_constant<CompareFn, CompareFixed<uint64_t>>{});
    case TypeId::kFloat32: return make(std::integral_constant<CompareFn, CompareFixed<float>>{});
    case TypeId::kFloat64: return make(std::integral_constant<CompareFn, CompareFixed<double>>{});
    case TypeId::kDecimal128: return make(std::integral_constant<CompareFn, CompareFixed<__int128>>{});
    case TypeId::kUtf8:
    case TypeId::kBinary: return make(std::integral_constant<CompareFn, CompareBytes>{});
    case TypeId::kInterval: return make(std::integral_constant<CompareFn, CompareInterval>{});
    default: return make(std::integral_constant<CompareFn, CompareText>{});
  }
}

template <CompareFn kCmp>
ScalarKernel ExtremeKernelT(DataTypePtr type, bool greatest) {
  return [type, greatest](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    std::vector<int32_t> pick(static_cast<size_t>(n), -1);
    for (int64_t i = 0; i < n; ++i) {
      int32_t best = -1;
      for (size_t k = 0; k < args.size(); ++k) {
        if (!ArgValid(*args[k], i)) continue;
        if (best < 0) {
          best = static_cast<int32_t>(k);
          continue;
        }
        const int64_t rk = IsScalar(*args[k]) ? 0 : i, rb = IsScalar(*args[best]) ? 0 : i;
        const int c = kCmp(ValuesOf(*args[k]), rk, ValuesOf(*args[best]), rb);
        if (greatest ? c > 0 : c < 0) best = static_cast<int32_t>(k);
      }
      pick[i] = best;
    }
    return TakePicked(ctx, args, type, pick, n);
  };
}

ScalarKernel ExtremeKernel(DataTypePtr type, bool greatest) {
  return WithComparator(*type, [&](auto cmp) { return ExtremeKernelT<decltype(cmp)::value>(type, greatest); });
}

template <CompareFn kCmp>
ScalarKernel NullIfKernelT(DataTypePtr type) {
  return [type](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    std::vector<int32_t> pick(static_cast<size_t>(n), -1);
    const ArrayData& a = ValuesOf(*args[0]);
    const ArrayData& b = ValuesOf(*args[1]);
    const bool sa = IsScalar(*args[0]), sb = IsScalar(*args[1]);
    for (int64_t i = 0; i < n; ++i) {
      if (!ArgValid(*args[0], i)) continue;
      const bool equal = ArgValid(*args[1], i) && kCmp(a, sa ? 0 : i, b, sb ? 0 : i) == 0;
      pick[i] = equal ? -1 : 0;
    }
    return TakePicked(ctx, args, type, pick, n);
  };
}

ScalarKernel NullIfKernel(DataTypePtr type) {
  return WithComparator(*type, [&](auto cmp) { return NullIfKernelT<decltype(cmp)::value>(type); });
}

// Binds a function over arguments coerced to their common type.
ScalarOverload CommonTypeOverload(const std::string& signature, size_t min_args, size_t max_args,
                                  ScalarKernel (*make)(DataTypePtr)) {
  return {signature, [min_args, max_args, make](const std::vector<DataTypePtr>& args) -> std::optional<BoundScalarFunction> {
            if (args.size() < min_args || args.size() > max_args) return std::nullopt;
            auto common = CommonSuperType(args);
            if (!common.ok()) return std::nullopt;
            DataTypePtr t = (*common)->id() == TypeId::kNull ? null() : *common;
            if (t->IsNested() && make != &CoalesceKernel) return std::nullopt;
            return BoundScalarFunction{"", std::vector<DataTypePtr>(args.size(), t), t,
                                       internal::Elementwise(t, make(t), internal::NullHandling::kManual),
                                       true};
          }};
}

ScalarKernel GreatestKernel(DataTypePtr t) { return ExtremeKernel(std::move(t), true); }
ScalarKernel LeastKernel(DataTypePtr t) { return ExtremeKernel(std::move(t), false); }

}  // namespace

Status RegisterConditionalFunctions(FunctionRegistry* r) {
  constexpr size_t kMany = 1 << 16;
  SILT_RETURN_NOT_OK(r->Register(
      {"coalesce", {}, "The first argument that is not NULL.", "coalesce(NULL, 2, 3) -> 2",
       {CommonTypeOverload("coalesce(T, ...) -> T (common super type)", 1, kMany, CoalesceKernel)}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"ifnull", {"nvl"}, "ifnull(a, b) = coalesce(a, b).", "ifnull(NULL, 'x') -> 'x'",
       {CommonTypeOverload("ifnull(T, T) -> T", 2, 2, CoalesceKernel)}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"nullif", {}, "NULL when a = b, else a.", "nullif(1, 1) -> NULL",
       {CommonTypeOverload("nullif(T, T) -> T", 2, 2, NullIfKernel)}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"greatest", {}, "The largest argument, ignoring NULLs (NULL when all are).", "greatest(1, NULL, 3) -> 3",
       {CommonTypeOverload("greatest(T, ...) -> T", 1, kMany, GreatestKernel)}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"least", {}, "The smallest argument, ignoring NULLs (NULL when all are).", "least(1, NULL, 3) -> 1",
       {CommonTypeOverload("least(T, ...) -> T", 1, kMany, LeastKernel)}}));
  return Status::OK();
}

}  // namespace silt::functions
