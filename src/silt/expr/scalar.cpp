#include "silt/common/ascii.h"
#include "silt/expr/scalar.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "silt/common/decimal.h"
#include "silt/common/temporal.h"

namespace silt {

namespace {

// Comparison families: values compare only within a family (plus the utf8 coercion).
enum class Family { kNull, kBool, kExact, kFloat, kBytes, kDate, kTimestamp, kTime, kOther };

Family FamilyOf(const DataType& t) {
  switch (t.id()) {
    case TypeId::kNull: return Family::kNull;
    case TypeId::kBool: return Family::kBool;
    case TypeId::kFloat32:
    case TypeId::kFloat64: return Family::kFloat;
    case TypeId::kDecimal64:
    case TypeId::kDecimal128: return Family::kExact;
    case TypeId::kUtf8:
    case TypeId::kBinary:
    case TypeId::kFixedBinary: return Family::kBytes;
    case TypeId::kDate32: return Family::kDate;
    case TypeId::kTimestamp: return Family::kTimestamp;
    case TypeId::kTime64: return Family::kTime;
    default: return t.IsInteger() ? Family::kExact : Family::kOther;
  }
}

struct ExactValue {
  __int128 unscaled;
  int32_t scale;
};

ExactValue ToExact(const Scalar& s) {
  if (const auto* v = std::get_if<int64_t>(&s.storage())) return {*v, 0};
  if (const auto* v = std::get_if<uint64_t>(&s.storage())) return {static_cast<__int128>(*v), 0};
  return {s.decimal_value(), s.type()->scale()};
}

int Sign(__int128 v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

int CompareExact(ExactValue a, ExactValue b) {
  if (a.scale < b.scale) {
    __int128 scaled;
    // Overflow means |a| exceeds every 128-bit value, so a's sign decides.
    if (!MultiplyByPow10(a.unscaled, b.scale - a.scale, &scaled)) return Sign(a.unscaled);
    a.unscaled = scaled;
  } else if (b.scale < a.scale) {
    __int128 scaled;
    if (!MultiplyByPow10(b.unscaled, a.scale - b.scale, &scaled)) return -Sign(b.unscaled);
    b.unscaled = scaled;
  }
  return a.unscaled < b.unscaled ? -1 : (a.unscaled > b.unscaled ? 1 : 0);
}

double ToDouble(const Scalar& s) {
  if (const auto* v = std::get_if<double>(&s.storage())) return *v;
  ExactValue e = ToExact(s);
  return DecimalToDouble(e.unscaled, e.scale);
}

// NaN equals NaN and sorts above every number (PostgreSQL semantics).
int CompareDouble(double a, double b) {
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  return a < b ? -1 : (a > b ? 1 : 0);
}

__int128 ToNanos(const Scalar& s) {
  if (s.type()->id() == TypeId::kDate32) {
    return static_cast<__int128>(s.int_value()) * kNanosPerDay;
  }
  return static_cast<__int128>(s.int_value()) * NanosPerUnit(s.type()->unit());
}

template <typename T>
int Cmp3(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}


Result<double> ParseDouble(std::string_view text) {
  std::string_view s = TrimBlanks(text);
  bool negative = false;
  std::string_view body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (EqualsIgnoreAsciiCase(body, "nan")) return std::numeric_limits<double>::quiet_NaN();
  if (EqualsIgnoreAsciiCase(body, "inf") || EqualsIgnoreAsciiCase(body, "infinity")) {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  double v = 0;
  auto res = std::from_chars(body.data(), body.data() + body.size(), v);
  // from_chars reports out-of-range values; SQL reads them as +-inf, which is what strtod does.
  if (body.empty() || res.ptr != body.data() + body.size() ||
      (res.ec != std::errc() && res.ec != std::errc::result_out_of_range)) {
    return Status::InvalidArgument("invalid floating point number '" + std::string(text) + "'");
  }
  if (res.ec == std::errc::result_out_of_range) {
    // Either overflow or underflow; tell them apart by the exponent's sign.
    bool underflow = body.find("e-") != std::string_view::npos ||
                     body.find("E-") != std::string_view::npos;
    v = underflow ? 0.0 : std::numeric_limits<double>::infinity();
  }
  return negative ? -v : v;
}

Result<int64_t> ParseInt64(std::string_view text) {
  std::string_view s = TrimBlanks(text);
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size()) {
    return Status::InvalidArgument("invalid integer '" + std::string(text) + "'");
  }
  return v;
}

Result<Scalar> ParseBool(std::string_view text) {
  std::string_view s = TrimBlanks(text);
  for (const char* t : {"true", "t", "1", "yes", "y"}) {
    if (EqualsIgnoreAsciiCase(s, t)) return Scalar::Bool(true);
  }
  for (const char* f : {"false", "f", "0", "no", "n"}) {
    if (EqualsIgnoreAsciiCase(s, f)) return Scalar::Bool(false);
  }
  return Status::InvalidArgument("invalid boolean '" + std::string(text) + "'");
}

void AppendQuoted(std::string_view s, std::string* out) {
  out->push_back('\'');
  for (char c : s) {
    if (c == '\'') out->push_back('\'');
    out->push_back(c);
  }
  out->push_back('\'');
}

}  // namespace

Scalar::Scalar() : type_(null()) {}

Scalar Scalar::Null(DataTypePtr type) {
  // Assigning the type to a default (monostate) scalar avoids moving an empty variant, which
  // GCC 12 flags as maybe-uninitialized under sanitizers.
  Scalar s;
  s.type_ = std::move(type);
  return s;
}
Scalar Scalar::Bool(bool v) { return Scalar(boolean(), v); }
Scalar Scalar::Int(int64_t v, DataTypePtr type) { return Scalar(std::move(type), v); }
Scalar Scalar::UInt64(uint64_t v) { return Scalar(uint64(), v); }
Scalar Scalar::Float(double v, DataTypePtr type) { return Scalar(std::move(type), v); }
Scalar Scalar::Decimal(__int128 unscaled, int32_t precision, int32_t scale) {
  return Scalar(decimal128(precision, scale), unscaled);
}
Scalar Scalar::String(std::string v) { return Scalar(utf8(), std::move(v)); }
Scalar Scalar::Binary(std::string bytes, DataTypePtr type) {
  return Scalar(std::move(type), std::move(bytes));
}
Scalar Scalar::Date(int32_t days) { return Scalar(date32(), int64_t{days}); }
Scalar Scalar::Timestamp(int64_t ticks, TimeUnit unit, std::string timezone) {
  return Scalar(timestamp(unit, std::move(timezone)), ticks);
}
Scalar Scalar::Time(int64_t ticks, TimeUnit unit) { return Scalar(time64(unit), ticks); }

std::string Scalar::ToString() const {
  if (is_null()) return "NULL";
  std::string out;
  switch (type_->id()) {
    case TypeId::kBool: return bool_value() ? "true" : "false";
    case TypeId::kUInt64: return std::to_string(uint_value());
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double v = double_value();
      if (std::isnan(v)) return "DOUBLE 'NaN'";
      if (std::isinf(v)) return v > 0 ? "DOUBLE 'inf'" : "DOUBLE '-inf'";
      char buf[64];
      auto res = type_->id() == TypeId::kFloat32
                     ? std::to_chars(buf, buf + sizeof(buf), static_cast<float>(v))
                     : std::to_chars(buf, buf + sizeof(buf), v);
      out.assign(buf, res.ptr);
      // An exponent keeps the literal a float when read back (1000 would read as an integer).
      if (out.find('e') == std::string::npos) out += "e0";
      return out;
    }
    case TypeId::kDecimal64:
    case TypeId::kDecimal128: AppendDecimal(decimal_value(), type_->scale(), &out); return out;
    case TypeId::kUtf8: AppendQuoted(string_value(), &out); return out;
    case TypeId::kBinary:
    case TypeId::kFixedBinary: {
      static constexpr char kHex[] = "0123456789abcdef";
      out = "X'";
      for (unsigned char c : string_value()) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
      }
      out.push_back('\'');
      return out;
    }
    case TypeId::kDate32:
      out = "DATE '";
      AppendDate(int_value(), &out);
      out.push_back('\'');
      return out;
    case TypeId::kTimestamp:
      out = "TIMESTAMP '";
      AppendTimestamp(int_value(), type_->unit(), !type_->timezone().empty(), &out);
      out.push_back('\'');
      return out;
    case TypeId::kTime64:
      out = "TIME '";
      AppendTimeOfDay(int_value(), type_->unit(), &out);
      out.push_back('\'');
      return out;
    default:
      if (const auto* v = std::get_if<int64_t>(&value_)) return std::to_string(*v);
      out = "<";
      out += type_->ToString();
      out += " value>";
      return out;
  }
}

std::optional<int> Scalar::Compare(const Scalar& other) const {
  if (is_null() || other.is_null()) return std::nullopt;
  Family fa = FamilyOf(*type_), fb = FamilyOf(*other.type_);
  switch (fa) {
    case Family::kBool:
      if (fb != Family::kBool) return std::nullopt;
      return Cmp3(bool_value(), other.bool_value());
    case Family::kExact:
      if (fb == Family::kExact) return CompareExact(ToExact(*this), ToExact(other));
      if (fb != Family::kFloat) return std::nullopt;
      [[fallthrough]];
    case Family::kFloat: {
      if (fb != Family::kExact && fb != Family::kFloat) return std::nullopt;
      double a = ToDouble(*this), b = ToDouble(other);
      // The exact side takes the float side's precision (float32 rounds to float).
      if (fa == Family::kExact && other.type_->id() == TypeId::kFloat32) a = static_cast<float>(a);
      if (fb == Family::kExact && type_->id() == TypeId::kFloat32) b = static_cast<float>(b);
      return CompareDouble(a, b);
    }
    case Family::kBytes:
      if (fb != Family::kBytes) return std::nullopt;
      return Cmp3(std::string_view(string_value()), std::string_view(other.string_value()));
    case Family::kDate:
    case Family::kTimestamp:
      if (fb != Family::kDate && fb != Family::kTimestamp) return std::nullopt;
      return Cmp3(ToNanos(*this), ToNanos(other));
    case Family::kTime:
      if (fb != Family::kTime) return std::nullopt;
      return Cmp3(ToNanos(*this), ToNanos(other));
    default: return std::nullopt;
  }
}

bool Scalar::Equals(const Scalar& other) const {
  if (!type_->Equals(*other.type_)) return false;
  if (value_.index() != other.value_.index()) return false;
  if (const auto* d = std::get_if<double>(&value_)) {
    double o = other.double_value();
    return (std::isnan(*d) && std::isnan(o)) || *d == o;
  }
  return value_ == other.value_;
}

Result<Scalar> ParseNumericLiteral(std::string_view text) {
  std::string_view s = TrimBlanks(text);
  bool has_exponent = s.find_first_of("eE") != std::string_view::npos;
  if (!has_exponent) {
    if (s.find('.') == std::string_view::npos) {
      auto i = ParseInt64(s);
      if (i.ok()) return Scalar::Int(*i);
    }
    auto d = ParseDecimalText(s);
    if (d.ok()) return Scalar::Decimal(d->unscaled, d->precision, d->scale);
  }
  SILT_ASSIGN_OR_RETURN(double v, ParseDouble(s));
  if (!has_exponent && (std::isnan(v) || std::isinf(v))) {
    return Status::InvalidArgument("invalid number '" + std::string(text) + "'");
  }
  return Scalar::Float(v);
}

Result<Scalar> ParseScalar(std::string_view text, const DataTypePtr& type) {
  switch (type->id()) {
    case TypeId::kNull: return Scalar::Null();
    case TypeId::kBool: return ParseBool(text);
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32: {
      SILT_ASSIGN_OR_RETURN(int64_t v, ParseInt64(text));
      int64_t lo = INT64_MIN, hi = INT64_MAX;
      switch (type->id()) {
        case TypeId::kInt8: lo = INT8_MIN; hi = INT8_MAX; break;
        case TypeId::kInt16: lo = INT16_MIN; hi = INT16_MAX; break;
        case TypeId::kInt32: lo = INT32_MIN; hi = INT32_MAX; break;
        case TypeId::kUInt8: lo = 0; hi = UINT8_MAX; break;
        case TypeId::kUInt16: lo = 0; hi = UINT16_MAX; break;
        case TypeId::kUInt32: lo = 0; hi = UINT32_MAX; break;
        default: break;
      }
      if (v < lo || v > hi) {
        return Status::InvalidArgument("integer '" + std::string(text) + "' is out of range for " +
                                       type->ToString());
      }
      return Scalar::Int(v, type);
    }
    case TypeId::kUInt64: {
      std::string_view s = TrimBlanks(text);
      if (!s.empty() && s[0] == '+') s.remove_prefix(1);
      uint64_t v = 0;
      auto res = std::from_chars(s.data(), s.data() + s.size(), v);
      if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size()) {
        return Status::InvalidArgument("invalid uint64 '" + std::string(text) + "'");
      }
      return Scalar::UInt64(v);
    }
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      SILT_ASSIGN_OR_RETURN(double v, ParseDouble(text));
      if (type->id() == TypeId::kFloat32) v = static_cast<float>(v);
      return Scalar::Float(v, type);
    }
    case TypeId::kDecimal64:
    case TypeId::kDecimal128: {
      // Both storages hold the value as __int128 in a Scalar; the precision check also keeps
      // a decimal64 value within int64.
      SILT_ASSIGN_OR_RETURN(__int128 v, ParseDecimalAtScale(TrimBlanks(text), type->scale()));
      if (type->precision() > 0 && DecimalDigitCount(v) > type->precision()) {
        return Status::InvalidArgument("decimal '" + std::string(text) + "' does not fit " +
                                       type->ToString());
      }
      return Scalar(type, v);
    }
    case TypeId::kUtf8:
    case TypeId::kBinary: return Scalar(type, std::string(text));
    case TypeId::kFixedBinary:
      if (static_cast<int64_t>(text.size()) != type->byte_width()) {
        return Status::InvalidArgument("value has " + std::to_string(text.size()) +
                                       " bytes, expected " + std::to_string(type->byte_width()));
      }
      return Scalar(type, std::string(text));
    case TypeId::kDate32: {
      SILT_ASSIGN_OR_RETURN(int64_t days, ParseDate(text));
      if (days < INT32_MIN || days > INT32_MAX) {
        return Status::InvalidArgument("date '" + std::string(text) + "' is out of range");
      }
      return Scalar::Date(static_cast<int32_t>(days));
    }
    case TypeId::kTimestamp: {
      SILT_ASSIGN_OR_RETURN(ParsedTimestamp ts, ParseTimestamp(text));
      SILT_ASSIGN_OR_RETURN(int64_t ticks, TimestampToUnit(ts, type->unit()));
      return Scalar(type, ticks);
    }
    case TypeId::kTime64: {
      SILT_ASSIGN_OR_RETURN(int64_t nanos, ParseTimeOfDay(text));
      return Scalar(type, nanos / NanosPerUnit(type->unit()));
    }
    default:
      return Status::NotSupported("cannot read a " + type->ToString() + " value from text");
  }
}

Result<Scalar> CoerceLiteral(const Scalar& literal, const DataType& column_type) {
  if (literal.is_null() || literal.type()->id() != TypeId::kUtf8) return literal;
  switch (FamilyOf(column_type)) {
    case Family::kExact:
    case Family::kFloat:
    case Family::kBool:
    case Family::kDate:
    case Family::kTimestamp:
    case Family::kTime: return ParseComparableString(literal.string_value(), column_type);
    default: return literal;
  }
}

Result<Scalar> ParseComparableString(std::string_view text, const DataType& other) {
  switch (FamilyOf(other)) {
    case Family::kExact:
    case Family::kFloat: {
      auto n = ParseNumericLiteral(text);
      if (n.ok() || FamilyOf(other) != Family::kFloat) return n;
      SILT_ASSIGN_OR_RETURN(double v, ParseDouble(text));  // 'NaN', 'inf'
      return Scalar::Float(v);
    }
    case Family::kBool: return ParseBool(text);
    case Family::kDate: {
      auto d = ParseScalar(text, date32());
      if (d.ok()) return d;
      [[fallthrough]];  // '2024-01-01 12:00' against a date compares as a timestamp
    }
    case Family::kTimestamp: {
      SILT_ASSIGN_OR_RETURN(ParsedTimestamp ts, ParseTimestamp(text));
      TimeUnit unit = ts.fraction_digits > 6 ? TimeUnit::kNano : TimeUnit::kMicro;
      SILT_ASSIGN_OR_RETURN(int64_t ticks, TimestampToUnit(ts, unit));
      return Scalar::Timestamp(ticks, unit, ts.has_zone ? "UTC" : "");
    }
    case Family::kTime: {
      SILT_ASSIGN_OR_RETURN(int64_t nanos, ParseTimeOfDay(text));
      return Scalar::Time(nanos, TimeUnit::kNano);
    }
    default:
      return Status::InvalidArgument("a string cannot be compared with " + other.ToString());
  }
}

}  // namespace silt
