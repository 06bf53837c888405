#include "silt/functions/type_coercion.h"

#include <algorithm>

#include "silt/common/decimal.h"
#include "silt/functions/kernel_util.h"

namespace silt::functions {

namespace {

using internal::IsNumeric;
using internal::IsSignedInteger;
using internal::IsUnsignedInteger;

// Bytes of an integer type.
int IntegerWidth(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
    case TypeId::kUInt8: return 1;
    case TypeId::kInt16:
    case TypeId::kUInt16: return 2;
    case TypeId::kInt32:
    case TypeId::kUInt32: return 4;
    default: return 8;
  }
}

DataTypePtr SignedOfWidth(int width) {
  switch (width) {
    case 1: return int8();
    case 2: return int16();
    case 4: return int32();
    default: return int64();
  }
}

DataTypePtr UnsignedOfWidth(int width) {
  switch (width) {
    case 1: return uint8();
    case 2: return uint16();
    case 4: return uint32();
    default: return uint64();
  }
}

// Decimal digits an integer type needs (its decimal(p, 0) equivalent).
int32_t IntegerDigits(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
    case TypeId::kUInt8: return 3;
    case TypeId::kInt16:
    case TypeId::kUInt16: return 5;
    case TypeId::kInt32:
    case TypeId::kUInt32: return 10;
    case TypeId::kInt64: return 19;
    default: return 20;  // uint64
  }
}

// Integer digits (p - s) and scale of an exact numeric type.
void ExactShape(const DataType& t, int32_t* int_digits, int32_t* scale) {
  if (t.IsDecimal()) {
    *int_digits = t.precision() - t.scale();
    *scale = t.scale();
  } else {
    *int_digits = IntegerDigits(t.id());
    *scale = 0;
  }
}

int TimeUnitRank(TimeUnit u) {
  switch (u) {
    case TimeUnit::kMilli: return 0;
    case TimeUnit::kMicro: return 1;
    case TimeUnit::kNano: return 2;
  }
  return 1;
}

TimeUnit FinerUnit(TimeUnit a, TimeUnit b) { return TimeUnitRank(a) >= TimeUnitRank(b) ? a : b; }

Status NoCommonType(const DataTypePtr& a, const DataTypePtr& b) {
  return Status::Plan("no common type for " + a->ToString() + " and " + b->ToString());
}

Result<DataTypePtr> CommonNumeric(const DataTypePtr& a, const DataTypePtr& b) {
  if (a->IsFloating() || b->IsFloating()) {
    auto small = [](const DataType& t) {
      return t.id() == TypeId::kFloat32 || t.id() == TypeId::kInt8 || t.id() == TypeId::kInt16 ||
             t.id() == TypeId::kUInt8 || t.id() == TypeId::kUInt16;
    };
    return small(*a) && small(*b) ? float32() : float64();
  }
  if (a->IsDecimal() || b->IsDecimal()) {
    int32_t ia, sa, ib, sb;
    ExactShape(*a, &ia, &sa);
    ExactShape(*b, &ib, &sb);
    const int32_t int_digits = std::max(ia, ib);
    int32_t scale = std::max(sa, sb);
    if (int_digits + scale > kMaxDecimal128Precision) {
      scale = std::max(0, kMaxDecimal128Precision - int_digits);
    }
    const int32_t precision = std::min(kMaxDecimal128Precision, int_digits + scale);
    return decimal(std::max(precision, 1), scale);
  }
  const bool sa = IsSignedInteger(a->id()), sb = IsSignedInteger(b->id());
  const int wa = IntegerWidth(a->id()), wb = IntegerWidth(b->id());
  if (sa == sb) return sa ? SignedOfWidth(std::max(wa, wb)) : UnsignedOfWidth(std::max(wa, wb));
  const int unsigned_width = sa ? wb : wa;
  const int signed_width = sa ? wa : wb;
  if (unsigned_width == 8) return decimal(20, 0);
  return SignedOfWidth(std::max(signed_width, unsigned_width * 2));
}

}  // namespace

Result<DataTypePtr> CommonSuperType(const DataTypePtr& a, const DataTypePtr& b) {
  const TypeId ia = a->id(), ib = b->id();
  if (a->Equals(*b)) return a->IsDecimal() ? decimal(a->precision(), a->scale()) : a;
  if (ia == TypeId::kNull) return b;
  if (ib == TypeId::kNull) return a;
  if (a->IsDecimal() && b->IsDecimal() && a->precision() == b->precision() &&
      a->scale() == b->scale()) {
    return decimal(a->precision(), a->scale());
  }
  if (IsNumeric(*a) && IsNumeric(*b)) return CommonNumeric(a, b);
  if (ia == TypeId::kDate32 && ib == TypeId::kTimestamp) return b;
  if (ia == TypeId::kTimestamp && ib == TypeId::kDate32) return a;
  if (ia == TypeId::kTimestamp && ib == TypeId::kTimestamp) {
    std::string zone = !a->timezone().empty() ? a->timezone() : b->timezone();
    return timestamp(FinerUnit(a->unit(), b->unit()), zone);
  }
  if (ia == TypeId::kTime64 && ib == TypeId::kTime64) return time64(FinerUnit(a->unit(), b->unit()));
  if (a->IsBinaryLike() && b->IsBinaryLike()) return binary();
  if (ia == TypeId::kList && ib == TypeId::kList) {
    const FieldPtr& fa = a->children()[0];
    SILT_ASSIGN_OR_RETURN(auto item, CommonSuperType(fa->type, b->children()[0]->type));
    return list(field(fa->name, item, true));
  }
  if (ia == TypeId::kStruct && ib == TypeId::kStruct &&
      a->children().size() == b->children().size()) {
    std::vector<FieldPtr> fields;
    for (size_t i = 0; i < a->children().size(); ++i) {
      const FieldPtr& fa = a->children()[i];
      const FieldPtr& fb = b->children()[i];
      if (fa->name != fb->name) return NoCommonType(a, b);
      SILT_ASSIGN_OR_RETURN(auto t, CommonSuperType(fa->type, fb->type));
      fields.push_back(field(fa->name, t, true));
    }
    return struct_(std::move(fields));
  }
  return NoCommonType(a, b);
}

Result<DataTypePtr> CommonSuperType(const std::vector<DataTypePtr>& types) {
  if (types.empty()) return Status::Plan("no common type of an empty list");
  DataTypePtr out = types[0];
  for (size_t i = 1; i < types.size(); ++i) {
    SILT_ASSIGN_OR_RETURN(out, CommonSuperType(out, types[i]));
  }
  return out;
}

bool CanImplicitlyCast(const DataType& from, const DataType& to) {
  const TypeId f = from.id(), t = to.id();
  if (from.Equals(to) || f == TypeId::kNull) return true;
  if (from.IsInteger()) {
    if (to.IsInteger()) {
      const int wf = IntegerWidth(f), wt = IntegerWidth(t);
      if (IsSignedInteger(f)) return IsSignedInteger(t) && wt >= wf;
      return IsUnsignedInteger(t) ? wt >= wf : wt > wf;
    }
    if (to.IsFloating()) return true;
    if (to.IsDecimal()) return IntegerDigits(f) <= to.precision() - to.scale();
    return false;
  }
  if (f == TypeId::kFloat32) return t == TypeId::kFloat64;
  if (from.IsDecimal()) {
    if (to.IsFloating()) return true;
    return to.IsDecimal() && to.scale() >= from.scale() &&
           to.precision() - to.scale() >= from.precision() - from.scale();
  }
  if (f == TypeId::kDate32) return t == TypeId::kTimestamp;
  if (f == TypeId::kTimestamp && t == TypeId::kTimestamp) {
    if (TimeUnitRank(to.unit()) < TimeUnitRank(from.unit())) return false;
    return to.timezone().empty() ? from.timezone().empty() : true;
  }
  if (f == TypeId::kTime64) return t == TypeId::kTime64 && TimeUnitRank(to.unit()) >= TimeUnitRank(from.unit());
  if (f == TypeId::kUtf8) return t == TypeId::kBinary;
  if (f == TypeId::kList && t == TypeId::kList) {
    return CanImplicitlyCast(*from.children()[0]->type, *to.children()[0]->type);
  }
  if (f == TypeId::kStruct && t == TypeId::kStruct &&
      from.children().size() == to.children().size()) {
    for (size_t i = 0; i < from.children().size(); ++i) {
      if (from.children()[i]->name != to.children()[i]->name ||
          !CanImplicitlyCast(*from.children()[i]->type, *to.children()[i]->type)) {
        return false;
      }
    }
    return true;
  }
  return false;
}

bool CanCastExplicitly(const DataType& from, const DataType& to) {
  const TypeId f = from.id(), t = to.id();
  if (from.Equals(to) || f == TypeId::kNull) return true;
  if (t == TypeId::kUtf8) return true;  // everything renders as text
  const auto is_number = [](const DataType& x) { return IsNumeric(x) || x.id() == TypeId::kBool; };
  if (f == TypeId::kUtf8) {
    return is_number(to) || t == TypeId::kBinary || t == TypeId::kFixedBinary ||
           t == TypeId::kDate32 || t == TypeId::kTime64 || t == TypeId::kTimestamp ||
           t == TypeId::kInterval;
  }
  if (is_number(from) && is_number(to)) return true;
  if (f == TypeId::kDate32) return t == TypeId::kTimestamp;
  if (f == TypeId::kTimestamp) {
    return t == TypeId::kTimestamp || t == TypeId::kDate32 || t == TypeId::kTime64;
  }
  if (f == TypeId::kTime64) return t == TypeId::kTime64;
  if (f == TypeId::kBinary || f == TypeId::kFixedBinary) {
    return t == TypeId::kBinary || t == TypeId::kFixedBinary;
  }
  if (f == TypeId::kList && t == TypeId::kList) {
    return CanCastExplicitly(*from.children()[0]->type, *to.children()[0]->type);
  }
  if (f == TypeId::kStruct && t == TypeId::kStruct &&
      from.children().size() == to.children().size()) {
    for (size_t i = 0; i < from.children().size(); ++i) {
      if (!CanCastExplicitly(*from.children()[i]->type, *to.children()[i]->type)) return false;
    }
    return true;
  }
  return false;
}

}  // namespace silt::functions
