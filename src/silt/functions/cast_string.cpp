// Casts to utf8 (CONTRACTS text) and from utf8 (parsing), one typed loop per type.

#include <charconv>
#include <cmath>
#include <limits>

#include "silt/common/decimal.h"
#include "silt/common/temporal.h"
#include "silt/format/value_text.h"
#include "silt/functions/cast_internal.h"
#include "silt/functions/decimal_util.h"
#include "silt/functions/interval.h"
#include "silt/functions/time_zone.h"

namespace silt::functions::internal {

namespace {

// Renders each valid row with render(i, std::string*) into a utf8 array.
template <typename Render>
Result<ArrayDataPtr> RenderRows(const CastOptions& o, const ArrayData& a, Render&& render) {
  MemoryPool* pool = o.context->pool;
  StringOutput out(a.length, pool);
  SILT_RETURN_NOT_OK(out.Init(a.length * 8));
  std::string scratch;
  const bool has_nulls = a.null_count > 0;
  for (int64_t i = 0; i < a.length; ++i) {
    if (!has_nulls || a.IsValid(i)) {
      scratch.clear();
      render(i, &scratch);
      SILT_RETURN_NOT_OK(out.Append(scratch));
    }
    out.FinishRow(i);
  }
  int64_t null_count;
  SILT_ASSIGN_OR_RETURN(auto validity, CopyValidity(a, pool, &null_count));
  return out.Finish(utf8(), validity, null_count);
}

template <typename T>
void AppendInt(T v, std::string* out) {
  char buf[48];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

std::string_view TrimSpace(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

// `[+-]digits` into a 128-bit integer (at most 38 digits).
bool ParseInteger(std::string_view s, __int128* out) {
  s = TrimSpace(s);
  size_t p = 0;
  bool negative = false;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) negative = s[p++] == '-';
  if (p == s.size() || s.size() - p > 38) return false;
  __int128 v = 0;
  for (; p < s.size(); ++p) {
    if (s[p] < '0' || s[p] > '9') return false;
    v = v * 10 + (s[p] - '0');
  }
  *out = negative ? -v : v;
  return true;
}

template <typename F>
bool ParseFloat(std::string_view s, F* out) {
  s = TrimSpace(s);
  bool negative = false;
  std::string_view body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (EqualsNoCase(body, "nan")) {
    *out = std::numeric_limits<F>::quiet_NaN();
    return true;
  }
  if (EqualsNoCase(body, "inf") || EqualsNoCase(body, "infinity")) {
    *out = negative ? -std::numeric_limits<F>::infinity() : std::numeric_limits<F>::infinity();
    return true;
  }
  if (body.empty() || body[0] == '+' || body[0] == '-') return false;
  F v;
  auto res = std::from_chars(body.data(), body.data() + body.size(), v);
  if (res.ec != std::errc() || res.ptr != body.data() + body.size()) return false;
  *out = negative ? -v : v;
  return true;
}

// Decimal text with an optional exponent, rounded to `scale` and checked against `precision`.
bool ParseDecimal(std::string_view s, int32_t scale, int32_t precision, __int128* out) {
  s = TrimSpace(s);
  int32_t exponent = 0;
  const size_t e = s.find_first_of("eE");
  if (e != std::string_view::npos) {
    std::string_view exp_text = s.substr(e + 1);
    if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
    auto res = std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
    if (exp_text.empty() || res.ec != std::errc() || res.ptr != exp_text.data() + exp_text.size() ||
        exponent > 1000 || exponent < -1000) {
      return false;
    }
    s = s.substr(0, e);
  }
  auto parsed = ParseDecimalText(s);
  if (!parsed.ok()) return false;
  __int128 v;
  if (!RescaleDecimal(parsed->unscaled, scale - parsed->scale + exponent, &v)) return false;
  if (!FitsPrecision(v, precision)) return false;
  *out = v;
  return true;
}

bool ParseBool(std::string_view s, bool* out) {
  s = TrimSpace(s);
  for (const char* t : {"t", "true", "yes", "y", "on", "1"}) {
    if (EqualsNoCase(s, t)) {
      *out = true;
      return true;
    }
  }
  for (const char* f : {"f", "false", "no", "n", "off", "0"}) {
    if (EqualsNoCase(s, f)) {
      *out = false;
      return true;
    }
  }
  return false;
}

// Timestamp text as UTC seconds + nanos. Text without a zone is local time in `local_zone`
// (when non-null); a trailing IANA zone name is applied.
bool ParseTimestampText(std::string_view s, const TimeZone* local_zone, ParsedTimestamp* out) {
  s = TrimSpace(s);
  auto parsed = ParseTimestamp(s);
  const TimeZone* zone = local_zone;
  if (!parsed.ok()) {
    const size_t space = s.find_last_of(' ');
    if (space == std::string_view::npos) return false;
    parsed = ParseTimestamp(s.substr(0, space));
    if (!parsed.ok() || parsed->has_zone) return false;
    auto named = TimeZone::Find(TrimSpace(s.substr(space + 1)));
    if (!named.ok()) return false;
    ParsedTimestamp ts = *parsed;
    ts.seconds = (*named)->LocalToUtc(ts.seconds);
    *out = ts;
    return true;
  }
  *out = *parsed;
  if (!out->has_zone && zone != nullptr) out->seconds = zone->LocalToUtc(out->seconds);
  return true;
}

template <typename T>
Result<ArrayDataPtr> ParseIntegers(const CastOptions& o, const ArrayData& a, const DataTypePtr& to) {
  return ConvertFixed<T>(o, a, to, [&](int64_t i, T* out) {
    __int128 v;
    if (!ParseInteger(a.GetView(i), &v) || v < std::numeric_limits<T>::min() ||
        v > std::numeric_limits<T>::max()) {
      return false;
    }
    *out = static_cast<T>(v);
    return true;
  });
}

template <typename T>
Result<ArrayDataPtr> ParseDecimals(const CastOptions& o, const ArrayData& a, const DataTypePtr& to) {
  return ConvertFixed<T>(o, a, to, [&](int64_t i, T* out) {
    __int128 v;
    if (!ParseDecimal(a.GetView(i), to->scale(), to->precision(), &v)) return false;
    *out = static_cast<T>(v);
    return true;
  });
}

template <typename T>
Result<ArrayDataPtr> ParseFloats(const CastOptions& o, const ArrayData& a, const DataTypePtr& to) {
  return ConvertFixed<T>(o, a, to, [&](int64_t i, T* out) { return ParseFloat(a.GetView(i), out); });
}

}  // namespace

Result<ArrayDataPtr> CastToUtf8(const CastOptions& o, const ArrayData& a) {
  switch (a.type->id()) {
    case TypeId::kBool:
      return RenderRows(o, a, [&](int64_t i, std::string* s) { s->append(a.GetBool(i) ? "true" : "false"); });
    case TypeId::kInt8: return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendInt(a.values<int8_t>()[i], s); });
    case TypeId::kInt16: return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendInt(a.values<int16_t>()[i], s); });
    case TypeId::kInt32: return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendInt(a.values<int32_t>()[i], s); });
    case TypeId::kInt64: return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendInt(a.values<int64_t>()[i], s); });
    case TypeId::kUInt8: return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendInt(a.values<uint8_t>()[i], s); });
    case TypeId::kUInt16: return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendInt(a.values<uint16_t>()[i], s); });
    case TypeId::kUInt32: return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendInt(a.values<uint32_t>()[i], s); });
    case TypeId::kUInt64: return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendInt(a.values<uint64_t>()[i], s); });
    case TypeId::kFloat32:
      return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendFloat(a.values<float>()[i], true, s); });
    case TypeId::kFloat64:
      return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendFloat(a.values<double>()[i], false, s); });
    case TypeId::kDecimal64:
      return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendDecimal(a.values<int64_t>()[i], a.type->scale(), s); });
    case TypeId::kDecimal128:
      return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendDecimal(a.values<__int128>()[i], a.type->scale(), s); });
    case TypeId::kDate32:
      return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendDate(a.values<int32_t>()[i], s); });
    case TypeId::kTimestamp: {
      const bool zoned = !a.type->timezone().empty();
      const TimeUnit unit = a.type->unit();
      return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendTimestamp(a.values<int64_t>()[i], unit, zoned, s); });
    }
    case TypeId::kTime64:
      return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendTimeOfDay(a.values<int64_t>()[i], a.type->unit(), s); });
    case TypeId::kInterval:
      return RenderRows(o, a, [&](int64_t i, std::string* s) {
        const IntervalValue& v = a.values<IntervalValue>()[i];
        AppendInterval(v.months, v.days, v.nanos, s);
      });
    case TypeId::kBinary:
      return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendHex(a.GetView(i), s); });
    default:
      // fixed_binary (hex), lists, structs, maps (JSON text).
      return RenderRows(o, a, [&](int64_t i, std::string* s) { AppendValueText(a, i, s); });
  }
}

Result<ArrayDataPtr> CastFromUtf8(const CastOptions& o, const ArrayData& a, const DataTypePtr& to) {
  switch (to->id()) {
    case TypeId::kBool:
      return ConvertToBool(o, a, [&](int64_t i, bool* out) { return ParseBool(a.GetView(i), out); });
    case TypeId::kInt8: return ParseIntegers<int8_t>(o, a, to);
    case TypeId::kInt16: return ParseIntegers<int16_t>(o, a, to);
    case TypeId::kInt32: return ParseIntegers<int32_t>(o, a, to);
    case TypeId::kInt64: return ParseIntegers<int64_t>(o, a, to);
    case TypeId::kUInt8: return ParseIntegers<uint8_t>(o, a, to);
    case TypeId::kUInt16: return ParseIntegers<uint16_t>(o, a, to);
    case TypeId::kUInt32: return ParseIntegers<uint32_t>(o, a, to);
    case TypeId::kUInt64: return ParseIntegers<uint64_t>(o, a, to);
    case TypeId::kFloat32: return ParseFloats<float>(o, a, to);
    case TypeId::kFloat64: return ParseFloats<double>(o, a, to);
    case TypeId::kDecimal64: return ParseDecimals<int64_t>(o, a, to);
    case TypeId::kDecimal128: return ParseDecimals<__int128>(o, a, to);
    case TypeId::kDate32:
      return ConvertFixed<int32_t>(o, a, to, [&](int64_t i, int32_t* out) {
        std::string_view s = a.GetView(i);
        auto days = ParseDate(s);
        int64_t d;
        if (days.ok()) {
          d = *days;
        } else {
          ParsedTimestamp ts;
          if (!ParseTimestampText(s, nullptr, &ts)) return false;
          d = ts.seconds >= 0 ? ts.seconds / kSecondsPerDay
                              : -((-ts.seconds + kSecondsPerDay - 1) / kSecondsPerDay);
        }
        if (d < INT32_MIN || d > INT32_MAX) return false;
        *out = static_cast<int32_t>(d);
        return true;
      });
    case TypeId::kTime64:
      return ConvertFixed<int64_t>(o, a, to, [&](int64_t i, int64_t* out) {
        auto nanos = ParseTimeOfDay(a.GetView(i));
        if (!nanos.ok()) return false;
        *out = *nanos / NanosPerUnit(to->unit());
        return true;
      });
    case TypeId::kTimestamp: {
      std::shared_ptr<const TimeZone> zone;
      if (!to->timezone().empty()) {
        SILT_ASSIGN_OR_RETURN(zone, TimeZone::Find(o.context->timezone));
      }
      return ConvertFixed<int64_t>(o, a, to, [&](int64_t i, int64_t* out) {
        ParsedTimestamp ts;
        if (!ParseTimestampText(a.GetView(i), zone.get(), &ts)) return false;
        auto ticks = TimestampToUnit(ts, to->unit());
        if (!ticks.ok()) return false;
        *out = *ticks;
        return true;
      });
    }
    case TypeId::kInterval:
      return ConvertFixed<IntervalValue>(o, a, to, [&](int64_t i, IntervalValue* out) {
        auto v = ParseInterval(a.GetView(i));
        if (!v.ok()) return false;
        *out = *v;
        return true;
      });
    default: break;
  }
  return Status::Plan("cannot cast utf8 to " + to->ToString());
}

}  // namespace silt::functions::internal
