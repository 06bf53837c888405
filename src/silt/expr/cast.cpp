#include "silt/expr/cast.h"

#include <cmath>
#include <limits>

#include "silt/common/decimal.h"

namespace silt {

namespace {

bool IsSignedInteger(TypeId id) {
  return id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 || id == TypeId::kInt64;
}

bool IsBinaryLike(TypeId id) { return id == TypeId::kUtf8 || id == TypeId::kBinary; }

int64_t TicksPerSecond(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMilli: return 1000;
    case TimeUnit::kMicro: return 1000000;
    case TimeUnit::kNano: return 1000000000;
  }
  return 1;
}

/// Reads element i (relative to the array's logical start) as an exact integer.
int64_t IntAt(const ArrayData& a, int64_t i) {
  switch (a.type->id()) {
    case TypeId::kInt8: return a.values<int8_t>()[i];
    case TypeId::kInt16: return a.values<int16_t>()[i];
    case TypeId::kInt32: return a.values<int32_t>()[i];
    default: return a.values<int64_t>()[i];
  }
}

__int128 DecimalAt(const ArrayData& a, int64_t i) {
  if (a.type->id() == TypeId::kDecimal64) return a.values<int64_t>()[i];
  return a.values<__int128>()[i];
}

/// A validity bitmap for the output (offset 0): shared when the input starts at bit 0.
Result<BufferPtr> OutputValidity(const ArrayData& a, MemoryPool* pool) {
  if (a.null_count == 0 || a.validity() == nullptr) return BufferPtr();
  if (a.offset == 0) return a.buffers[0];
  SILT_ASSIGN_OR_RETURN(auto out, Buffer::AllocateZeroed(bit_util::BytesForBits(a.length), pool));
  for (int64_t i = 0; i < a.length; ++i) {
    if (a.IsValid(i)) bit_util::SetBit(out->mutable_data(), i);
  }
  return BufferPtr(out);
}

Status OutOfRange(const ArrayData& a, int64_t i, const DataType& to) {
  std::string v = a.type->IsDecimal() ? std::string() : std::to_string(IntAt(a, i));
  return Status::InvalidArgument("value " + v + " at row " + std::to_string(i) + " of type " +
                                 a.type->ToString() + " does not fit " + to.ToString());
}

/// Converts a plain fixed-width array; `convert(i, out_slot)` writes row i or fails.
template <typename Out, typename Fn>
Result<ArrayDataPtr> MapValues(const ArrayData& a, const DataTypePtr& to, MemoryPool* pool, Fn convert) {
  SILT_ASSIGN_OR_RETURN(auto values, Buffer::Allocate(static_cast<int64_t>(sizeof(Out)) * a.length, pool));
  Out* out = values->mutable_data_as<Out>();
  for (int64_t i = 0; i < a.length; ++i) {
    if (!a.IsValid(i)) {
      out[i] = Out{};
      continue;
    }
    SILT_RETURN_NOT_OK(convert(i, &out[i]));
  }
  auto result = std::make_shared<ArrayData>();
  result->type = to;
  result->length = a.length;
  result->null_count = a.null_count;
  SILT_ASSIGN_OR_RETURN(BufferPtr validity, OutputValidity(a, pool));
  result->buffers = {validity, BufferPtr(values)};
  return result;
}

template <typename Out>
Result<ArrayDataPtr> IntegerToInteger(const ArrayData& a, const DataTypePtr& to, MemoryPool* pool) {
  return MapValues<Out>(a, to, pool, [&](int64_t i, Out* out) -> Status {
    int64_t v = IntAt(a, i);
    if (v < std::numeric_limits<Out>::min() || v > std::numeric_limits<Out>::max()) {
      return OutOfRange(a, i, *to);
    }
    *out = static_cast<Out>(v);
    return Status::OK();
  });
}

template <typename Out>
Result<ArrayDataPtr> ToDecimal(const ArrayData& a, const DataTypePtr& to, MemoryPool* pool) {
  const bool from_int = IsSignedInteger(a.type->id());
  const int32_t from_scale = from_int ? 0 : a.type->scale();
  const int32_t grow = to->scale() - from_scale;
  const __int128 limit = Pow10Int128(to->precision());
  return MapValues<Out>(a, to, pool, [&](int64_t i, Out* out) -> Status {
    __int128 v = from_int ? __int128{IntAt(a, i)} : DecimalAt(a, i);
    __int128 scaled;
    if (!MultiplyByPow10(v, grow, &scaled) || scaled >= limit || scaled <= -limit) {
      return OutOfRange(a, i, *to);
    }
    *out = static_cast<Out>(scaled);
    return Status::OK();
  });
}

Result<ArrayDataPtr> CastPlain(const ArrayDataPtr& array, const DataTypePtr& to, MemoryPool* pool) {
  const ArrayData& a = *array;
  const TypeId from_id = a.type->id();
  const TypeId to_id = to->id();
  if (IsBinaryLike(from_id) && IsBinaryLike(to_id)) {
    auto out = std::make_shared<ArrayData>(a);
    out->type = to;
    return out;
  }
  if (IsSignedInteger(from_id)) {
    switch (to_id) {
      case TypeId::kInt8: return IntegerToInteger<int8_t>(a, to, pool);
      case TypeId::kInt16: return IntegerToInteger<int16_t>(a, to, pool);
      case TypeId::kInt32: return IntegerToInteger<int32_t>(a, to, pool);
      case TypeId::kInt64: return IntegerToInteger<int64_t>(a, to, pool);
      case TypeId::kFloat32:
        return MapValues<float>(a, to, pool, [&](int64_t i, float* o) {
          *o = static_cast<float>(IntAt(a, i));
          return Status::OK();
        });
      case TypeId::kFloat64:
        return MapValues<double>(a, to, pool, [&](int64_t i, double* o) {
          *o = static_cast<double>(IntAt(a, i));
          return Status::OK();
        });
      case TypeId::kDecimal64: return ToDecimal<int64_t>(a, to, pool);
      case TypeId::kDecimal128: return ToDecimal<__int128>(a, to, pool);
      default: break;
    }
  }
  if (from_id == TypeId::kFloat32 && to_id == TypeId::kFloat64) {
    return MapValues<double>(a, to, pool, [&](int64_t i, double* o) {
      *o = a.values<float>()[i];
      return Status::OK();
    });
  }
  if (a.type->IsDecimal() && to->IsDecimal() && to->scale() >= a.type->scale()) {
    if (to_id == TypeId::kDecimal64) return ToDecimal<int64_t>(a, to, pool);
    return ToDecimal<__int128>(a, to, pool);
  }
  if (from_id == TypeId::kDate32 && to_id == TypeId::kTimestamp) {
    const int64_t per_day = 86400 * TicksPerSecond(to->unit());
    return MapValues<int64_t>(a, to, pool, [&](int64_t i, int64_t* o) {
      *o = int64_t{a.values<int32_t>()[i]} * per_day;  // |days| < 2^31: fits even for ns
      return Status::OK();
    });
  }
  if (from_id == TypeId::kTimestamp && to_id == TypeId::kTimestamp) {
    const int64_t from_tps = TicksPerSecond(a.type->unit());
    const int64_t to_tps = TicksPerSecond(to->unit());
    if (from_tps == to_tps) {
      auto out = std::make_shared<ArrayData>(a);
      out->type = to;
      return out;
    }
    return MapValues<int64_t>(a, to, pool, [&](int64_t i, int64_t* o) -> Status {
      int64_t v = a.values<int64_t>()[i];
      if (to_tps > from_tps) {
        if (__builtin_mul_overflow(v, to_tps / from_tps, o)) return OutOfRange(a, i, *to);
      } else {
        int64_t d = from_tps / to_tps;
        *o = v / d - ((v % d) < 0 ? 1 : 0);  // floor: keep the instant's containing tick
      }
      return Status::OK();
    });
  }
  return Status::NotSupported("cannot convert " + a.type->ToString() + " to " + to->ToString());
}

}  // namespace

bool CanCast(const DataType& from, const DataType& to) {
  if (from.Equals(to)) return true;
  const TypeId f = from.id();
  const TypeId t = to.id();
  if (IsBinaryLike(f) && IsBinaryLike(t)) return true;
  if (IsSignedInteger(f) && (IsSignedInteger(t) || to.IsFloating() || to.IsDecimal())) return true;
  if (f == TypeId::kFloat32 && t == TypeId::kFloat64) return true;
  if (from.IsDecimal() && to.IsDecimal() && to.scale() >= from.scale()) return true;
  if (f == TypeId::kDate32 && t == TypeId::kTimestamp) return true;
  return f == TypeId::kTimestamp && t == TypeId::kTimestamp;
}

Result<ArrayDataPtr> CastArray(const ArrayDataPtr& array, const DataTypePtr& to, MemoryPool* pool) {
  if (array->type->Equals(*to)) return array;
  if (!CanCast(*array->type, *to)) {
    return Status::NotSupported("cannot convert " + array->type->ToString() + " to " + to->ToString());
  }
  if (array->encoding != Encoding::kPlain) {
    auto out = std::make_shared<ArrayData>(*array);
    SILT_ASSIGN_OR_RETURN(out->dictionary, CastPlain(array->dictionary, to, pool));
    out->type = to;
    return out;
  }
  return CastPlain(array, to, pool);
}

}  // namespace silt
