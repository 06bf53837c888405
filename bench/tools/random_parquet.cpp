// silt_random_parquet: writes seeded random-schema Parquet files with silt's
// writer, and next to each the NDJSON (../shared/design/CONTRACTS.md spelling)
// its values must read back as. Used by scripts/roundtrip/roundtrip.py, which
// reads every file with silt, DuckDB and Polars.
//
// usage: silt_random_parquet --out DIR [--seeds A-B | --seeds N] [--max-rows N]
// writes DIR/random-<seed>.parquet, random-<seed>.ndjson (expected rows) and
// random-<seed>.txt (schema and write options).
//
// Schemas nest struct / list / map up to 4 levels around every primitive type
// the writer maps, with nullable and required fields, nulls and empty
// lists/maps at every level, edge values (integer limits, NaN, ±inf, -0,
// subnormals, 38-digit decimals, long and multi-byte strings, dates and
// timestamps far from the epoch). Each file also draws its own write options
// (codec, page and row group sizes, v1/v2 pages, dictionary on/off, CRCs, batch
// boundaries).
//
// The expected NDJSON is rendered here from the generated values, independently
// of silt's reader and result formatters, so a bug in either shows up as a
// difference.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "silt/columnar/builder.h"
#include "silt/io/file_system.h"
#include "silt/parquet/writer.h"

using namespace silt;

namespace {

using Int128 = __int128;

/// Seeded choices.
class Rng {
public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  bool Coin(double p) {
    return std::uniform_real_distribution<double>(0, 1)(gen_) < p;
  }
  int64_t Int(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(gen_);
  }
  uint64_t Bits() { return gen_(); }
  template <typename T> const T &Pick(const std::vector<T> &v) {
    return v[static_cast<size_t>(Int(0, static_cast<int64_t>(v.size()) - 1))];
  }

private:
  std::mt19937_64 gen_;
};

// ------------------------------------------------------------------ JSON text
// of values

/// prefix followed by the decimal digits of n (appended: GCC 12 warns on
/// "literal" + string).
std::string Numbered(const char *prefix, int64_t n) {
  std::string s = prefix;
  s += std::to_string(n);
  return s;
}

std::string Quote(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string Hex(const std::string &bytes) {
  static const char *kDigits = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out + "\"";
}

template <typename F> std::string FloatText(F v) {
  if (std::isnan(v))
    return "\"NaN\"";
  if (std::isinf(v))
    return v > 0 ? "\"inf\"" : "\"-inf\"";
  // Shortest round-trip text, in scientific notation when large: to_chars would
  // otherwise print every digit of the integer value (401213456384 for a
  // float32), which reads as an exact integer rather than as a float.
  char buf[64];
  const bool large = std::fabs(v) >= F(1e15);
  auto r = large ? std::to_chars(buf, buf + sizeof buf, v,
                                 std::chars_format::scientific)
                 : std::to_chars(buf, buf + sizeof buf, v);
  std::string text(buf, r.ptr);
  if (text.find_first_of(".e") == std::string::npos)
    text += ".0";
  return text;
}

std::string Int128Text(Int128 v) {
  if (v == 0)
    return "0";
  const bool negative = v < 0;
  std::string digits;
  while (v != 0) {
    int d = static_cast<int>(v % 10);
    digits += static_cast<char>('0' + (negative ? -d : d));
    v /= 10;
  }
  if (negative)
    digits += '-';
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string DecimalText(Int128 unscaled, int scale) {
  const bool negative = unscaled < 0;
  std::string digits = Int128Text(negative ? -unscaled : unscaled);
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) {
      digits =
          std::string(static_cast<size_t>(scale) + 1 - digits.size(), '0') +
          digits;
    }
    const size_t point = digits.size() - static_cast<size_t>(scale);
    digits = digits.substr(0, point) + '.' + digits.substr(point);
  }
  if (negative)
    digits.insert(digits.begin(), '-');
  return digits;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

std::string DateText(int64_t days) {
  // civil-from-days (proleptic Gregorian, astronomical year numbering)
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2);
  char buf[96];
  if (y >= 1 && y <= 9999) {
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld",
                  static_cast<long long>(y), static_cast<long long>(m),
                  static_cast<long long>(d));
  } else {
    std::snprintf(buf, sizeof buf, "%c%04lld-%02lld-%02lld", y < 0 ? '-' : '+',
                  static_cast<long long>(y < 0 ? -y : y),
                  static_cast<long long>(m), static_cast<long long>(d));
  }
  return buf;
}

/// HH:MM:SS[.f] of `ticks` (`per_second` per second) within a day; `digits`
/// fraction digits.
std::string TimeOfDayText(int64_t ticks, int64_t per_second, int digits) {
  const int64_t seconds = ticks / per_second;
  int64_t fraction = ticks % per_second;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld",
                static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60),
                static_cast<long long>(seconds % 60));
  std::string out = buf;
  if (fraction != 0) {
    for (int64_t p = per_second; p < (digits == 9 ? 1000000000 : 1000000);
         p *= 10)
      fraction *= 10;
    std::snprintf(buf, sizeof buf, ".%0*lld", digits,
                  static_cast<long long>(fraction));
    out += buf;
  }
  return out;
}

std::string TimestampText(int64_t ticks, int64_t per_second, bool utc) {
  const int64_t per_day = per_second * 86400;
  const int64_t days = FloorDiv(ticks, per_day);
  const int digits = per_second == 1000000000 ? 9 : 6;
  std::string text = DateText(days) + " " +
                     TimeOfDayText(ticks - days * per_day, per_second, digits);
  return Quote(utc ? text + "Z" : text);
}

std::string IntervalText(int32_t months, int32_t days, int64_t millis) {
  std::string out = "P";
  if (months / 12)
    out += std::to_string(months / 12) + "Y";
  if (months % 12)
    out += std::to_string(months % 12) + "M";
  if (days)
    out += std::to_string(days) + "D";
  std::string time;
  if (millis / 3600000)
    time += std::to_string(millis / 3600000) + "H";
  if (millis / 60000 % 60)
    time += std::to_string(millis / 60000 % 60) + "M";
  if (millis % 60000)
    time += DecimalText(millis % 60000, 3) + "S";
  if (out == "P" && time.empty())
    return "\"PT0S\"";
  return "\"" + out + (time.empty() ? "" : "T" + time) + "\"";
}

// ------------------------------------------------------------------ schemas

std::vector<DataTypePtr> PrimitiveTypes() {
  return {boolean(),
          int8(),
          int16(),
          int32(),
          int64(),
          uint8(),
          uint16(),
          uint32(),
          uint64(),
          float32(),
          float64(),
          decimal128(1, 0),
          decimal128(9, 3),
          decimal128(18, 18),
          decimal64(1, 0),
          decimal64(12, 4),
          decimal64(18, 18),
          decimal128(20, 2),
          decimal128(38, 0),
          decimal128(38, 19),
          utf8(),
          binary(),
          fixed_binary(1),
          fixed_binary(16),
          date32(),
          time64(TimeUnit::kMilli),
          time64(TimeUnit::kMicro),
          time64(TimeUnit::kNano),
          timestamp(TimeUnit::kMilli),
          timestamp(TimeUnit::kMicro),
          timestamp(TimeUnit::kNano),
          timestamp(TimeUnit::kMilli, "UTC"),
          timestamp(TimeUnit::kMicro, "UTC"),
          timestamp(TimeUnit::kNano, "UTC"),
          interval(),
          null()};
}

/// Random schemas: struct / list / map nested up to `depth` levels.
class SchemaGenerator {
public:
  explicit SchemaGenerator(Rng *rng)
      : rng_(rng), primitives_(PrimitiveTypes()) {}

  FieldPtr Field(const std::string &name, int depth) {
    DataTypePtr type = Type(depth);
    return field(name, type, type->id() == TypeId::kNull || rng_->Coin(0.75));
  }

  DataTypePtr Type(int depth) {
    if (depth <= 0 || rng_->Coin(0.35))
      return rng_->Pick(primitives_);
    switch (rng_->Int(0, 2)) {
    case 0:
      return list(Field("element", depth - 1));
    case 1: {
      static const std::vector<std::string> kNames = {"a",        "b",  "x y",
                                                      "\xc3\xa9", "n1", "key"};
      std::vector<FieldPtr> fields;
      std::set<std::string> used;
      const int64_t n = rng_->Int(1, 4);
      for (int64_t i = 0; i < n; ++i) {
        std::string name = rng_->Pick(kNames);
        if (!used.insert(name).second)
          name = Numbered("f", i);
        used.insert(name);
        fields.push_back(Field(name, depth - 1));
      }
      return struct_(std::move(fields));
    }
    default: {
      static const std::vector<DataTypePtr> kKeys = {
          utf8(), int32(), int64(), date32(), binary(), decimal128(9, 2)};
      return map(field("key", rng_->Pick(kKeys), false),
                 Field("value", depth - 1));
    }
    }
  }

private:
  Rng *rng_;
  std::vector<DataTypePtr> primitives_;
};

// ------------------------------------------------------------------ values

/// Appends random values to builders and returns their expected JSON text.
class ValueGenerator {
public:
  ValueGenerator(Rng *rng, double null_p) : rng_(rng), null_p_(null_p) {}

  Result<std::string> Append(ArrayBuilder *b, const silt::Field &f) {
    if (f.type->id() == TypeId::kNull || (f.nullable && rng_->Coin(null_p_))) {
      SILT_RETURN_NOT_OK(b->AppendNull());
      return std::string("null");
    }
    return AppendValue(b, *f.type);
  }

private:
  Result<std::string> AppendValue(ArrayBuilder *b, const DataType &t) {
    switch (t.id()) {
    case TypeId::kBool: {
      const bool v = rng_->Coin(0.5);
      SILT_RETURN_NOT_OK(b->AppendBool(v));
      return std::string(v ? "true" : "false");
    }
    case TypeId::kInt8:
      return Integer<int8_t>(b);
    case TypeId::kInt16:
      return Integer<int16_t>(b);
    case TypeId::kInt32:
      return Integer<int32_t>(b);
    case TypeId::kInt64:
      return Integer<int64_t>(b);
    case TypeId::kUInt8:
      return Integer<uint8_t>(b);
    case TypeId::kUInt16:
      return Integer<uint16_t>(b);
    case TypeId::kUInt32:
      return Integer<uint32_t>(b);
    case TypeId::kUInt64:
      return Integer<uint64_t>(b);
    case TypeId::kFloat32:
      return Floating<float>(b);
    case TypeId::kFloat64:
      return Floating<double>(b);
    case TypeId::kDecimal128: {
      Int128 v = Decimal(t.precision());
      SILT_RETURN_NOT_OK(b->Append<Int128>(v));
      return DecimalText(v, t.scale());
    }
    case TypeId::kDecimal64: {
      Int128 v = Decimal(t.precision()); // < 10^18 in magnitude: fits int64
      SILT_RETURN_NOT_OK(b->Append<int64_t>(static_cast<int64_t>(v)));
      return DecimalText(v, t.scale());
    }
    case TypeId::kUtf8: {
      std::string s = Text();
      SILT_RETURN_NOT_OK(b->AppendString(s));
      return Quote(s);
    }
    case TypeId::kBinary: {
      std::string s = Bytes(rng_->Coin(0.1) ? 0 : rng_->Int(1, 24));
      SILT_RETURN_NOT_OK(b->AppendString(s));
      return Hex(s);
    }
    case TypeId::kFixedBinary: {
      std::string s = Bytes(t.byte_width());
      SILT_RETURN_NOT_OK(b->AppendFixed(s.data()));
      return Hex(s);
    }
    case TypeId::kDate32: {
      // Mostly recent dates; some far away (year -3000 .. 7000); the int32
      // limits in days are beyond what DuckDB's and Polars' dates hold, so they
      // are left out.
      const int32_t days =
          static_cast<int32_t>(rng_->Coin(0.8) ? rng_->Int(-25000, 50000)
                                               : rng_->Int(-1800000, 1830000));
      SILT_RETURN_NOT_OK(b->Append<int32_t>(days));
      return Quote(DateText(days));
    }
    case TypeId::kTime64: {
      const int64_t per_second = PerSecond(t.unit());
      int64_t v = rng_->Int(0, 86400 * per_second - 1);
      if (rng_->Coin(0.3))
        v -= v % per_second; // whole seconds
      SILT_RETURN_NOT_OK(b->Append<int64_t>(v));
      return Quote(
          TimeOfDayText(v, per_second, per_second == 1000000000 ? 9 : 6));
    }
    case TypeId::kTimestamp: {
      const int64_t per_second = PerSecond(t.unit());
      // ns: from 1677-09-22 (DuckDB's TIMESTAMP_NS starts there, 23h47m after
      // the int64 limit) to the int64 limit in 2262; ms/us: years 0001..9999.
      const int64_t lo = per_second == 1000000000 ? -9223286400LL * per_second
                                                  : -62135596800LL * per_second;
      const int64_t hi = per_second == 1000000000
                             ? std::numeric_limits<int64_t>::max() - 1
                             : 253402300799LL * per_second;
      int64_t v = rng_->Coin(0.7)
                      ? rng_->Int(-2208988800LL, 4102444800LL) * per_second +
                            rng_->Int(0, per_second - 1)
                      : rng_->Int(lo, hi);
      if (rng_->Coin(0.2))
        v = FloorDiv(v, per_second) * per_second;
      SILT_RETURN_NOT_OK(b->Append<int64_t>(v));
      return TimestampText(v, per_second, !t.timezone().empty());
    }
    case TypeId::kInterval: {
      // Parquet's INTERVAL holds unsigned 32-bit months, days and milliseconds.
      const auto months = static_cast<int32_t>(rng_->Int(0, 1200));
      const auto days = static_cast<int32_t>(rng_->Int(0, 400));
      const int64_t millis = rng_->Coin(0.3) ? 0 : rng_->Int(0, 86400000LL * 3);
      const int64_t nanos = millis * 1000000;
      uint8_t bytes[16];
      std::memcpy(bytes, &months, 4);
      std::memcpy(bytes + 4, &days, 4);
      std::memcpy(bytes + 8, &nanos, 8);
      SILT_RETURN_NOT_OK(b->AppendFixed(bytes));
      return IntervalText(months, days, millis);
    }
    case TypeId::kList: {
      const int64_t n = rng_->Coin(0.15) ? 0 : rng_->Int(1, 4);
      std::string out = "[";
      for (int64_t i = 0; i < n; ++i) {
        SILT_ASSIGN_OR_RETURN(std::string v,
                              Append(b->child(0), *t.children()[0]));
        if (i)
          out += ',';
        out += v;
      }
      SILT_RETURN_NOT_OK(b->AppendListRow());
      return out + "]";
    }
    case TypeId::kMap: {
      const int64_t n = rng_->Coin(0.15) ? 0 : rng_->Int(1, 4);
      const DataType &entries = *t.children()[0]->type;
      ArrayBuilder *eb = b->child(0);
      std::set<std::string> keys; // keys of one map are distinct
      std::string out = "[";
      for (int64_t i = 0; i < n;) {
        // Draw the key into a scratch builder first, so a repeated key can be
        // dropped.
        ArrayBuilder scratch(entries.children()[0]->type);
        SILT_ASSIGN_OR_RETURN(
            std::string k, AppendValue(&scratch, *entries.children()[0]->type));
        if (!keys.insert(k).second)
          continue;
        SILT_ASSIGN_OR_RETURN(auto key_array, scratch.Finish());
        SILT_RETURN_NOT_OK(eb->child(0)->AppendRange(*key_array, 0, 1));
        SILT_ASSIGN_OR_RETURN(std::string v,
                              Append(eb->child(1), *entries.children()[1]));
        SILT_RETURN_NOT_OK(eb->AppendStructValid());
        if (i)
          out += ',';
        out += "{\"key\":";
        out += k;
        out += ",\"value\":";
        out += v;
        out += '}';
        ++i;
      }
      SILT_RETURN_NOT_OK(b->AppendListRow());
      return out + "]";
    }
    case TypeId::kStruct: {
      std::string out = "{";
      for (size_t c = 0; c < t.children().size(); ++c) {
        const silt::Field &f = *t.children()[c];
        SILT_ASSIGN_OR_RETURN(std::string v,
                              Append(b->child(static_cast<int>(c)), f));
        if (c)
          out += ',';
        out += Quote(f.name);
        out += ':';
        out += v;
      }
      SILT_RETURN_NOT_OK(b->AppendStructValid());
      return out + "}";
    }
    default:
      return Status::NotSupported("no random values of " + t.ToString());
    }
  }

  static int64_t PerSecond(TimeUnit unit) {
    switch (unit) {
    case TimeUnit::kMilli:
      return 1000;
    case TimeUnit::kMicro:
      return 1000000;
    case TimeUnit::kNano:
      return 1000000000;
    }
    return 1;
  }

  template <typename T> Result<std::string> Integer(ArrayBuilder *b) {
    T v;
    switch (rng_->Int(0, 5)) {
    case 0:
      v = std::numeric_limits<T>::min();
      break;
    case 1:
      v = std::numeric_limits<T>::max();
      break;
    case 2:
      v = static_cast<T>(rng_->Bits());
      break;
    default:
      v = static_cast<T>(rng_->Int(0, 200) - (std::is_signed_v<T> ? 100 : 0));
      break;
    }
    SILT_RETURN_NOT_OK(b->Append<T>(v));
    return std::is_signed_v<T> ? std::to_string(static_cast<int64_t>(v))
                               : std::to_string(static_cast<uint64_t>(v));
  }

  template <typename F> Result<std::string> Floating(ArrayBuilder *b) {
    using L = std::numeric_limits<F>;
    static const std::vector<F> kEdges = {
        L::quiet_NaN(), L::infinity(), -L::infinity(), F(-0.0),         F(0),
        L::max(),       L::lowest(),   L::min(),       L::denorm_min(), F(0.1),
        F(-1.5),        F(1e10)};
    F v;
    if (rng_->Coin(0.25)) {
      v = rng_->Pick(kEdges);
    } else if (rng_->Coin(0.5)) {
      v = static_cast<F>(rng_->Int(-100000, 100000)) /
          F(8); // dictionary-friendly repeats
    } else {
      uint64_t bits = rng_->Bits();
      if constexpr (sizeof(F) == 4) {
        auto b32 = static_cast<uint32_t>(bits);
        std::memcpy(&v, &b32, 4);
      } else {
        std::memcpy(&v, &bits, 8);
      }
      if (std::isnan(v))
        v = F(1) / F(3); // random NaN payloads: the sign of a NaN is not kept
    }
    SILT_RETURN_NOT_OK(b->Append<F>(v));
    // A float32 is written as the shortest text of its exact (widened) value:
    // the shortest float32 text is not unique when two candidates are equally
    // near (-3812711.25 prints as -3812711.2 here and -3812711.3 in DuckDB's
    // rendering), and compare_ndjson.py accepts any float32 spelling within
    // 1e-6 of an exact float32 value.
    return FloatText(static_cast<double>(v));
  }

  Int128 Decimal(int precision) {
    Int128 bound = 1;
    for (int i = 0; i < precision; ++i)
      bound *= 10;
    Int128 v;
    if (rng_->Coin(0.15)) {
      v = bound - 1;
    } else {
      const int64_t digits = rng_->Int(1, precision);
      v = 0;
      for (int64_t i = 0; i < digits; ++i)
        v = v * 10 + rng_->Int(0, 9);
    }
    return rng_->Coin(0.5) ? -v : v;
  }

  std::string Bytes(int64_t n) {
    std::string s(static_cast<size_t>(n), '\0');
    for (auto &c : s)
      c = static_cast<char>(rng_->Int(0, 255));
    return s;
  }

  std::string Text() {
    static const std::vector<std::string> kWords = {"",
                                                    "a",
                                                    "apple",
                                                    "banana",
                                                    "\xc3\xa9t\xc3\xa9",
                                                    "\xe6\x97\xa5\xe6\x9c\xac",
                                                    "\xf0\x9f\x98\x80 emoji",
                                                    "quote \" and \\ backslash",
                                                    "tab\tnew\nline",
                                                    "zz"};
    if (rng_->Coin(0.6))
      return rng_->Pick(kWords);
    std::string s;
    const int64_t n = rng_->Coin(0.15)
                          ? rng_->Int(65, 300)
                          : rng_->Int(0, 20); // > 64: truncated stats
    static const std::vector<std::string> kPieces = {"a",
                                                     "b",
                                                     "Z",
                                                     "0",
                                                     " ",
                                                     "\xc3\xbc",
                                                     "\xe2\x82\xac",
                                                     "\xf0\x9f\x8d\x95",
                                                     "\x01",
                                                     "\x7f",
                                                     "/"};
    for (int64_t i = 0; i < n; ++i)
      s += rng_->Pick(kPieces);
    return s;
  }

  Rng *rng_;
  double null_p_;
};

// ------------------------------------------------------------------ files

struct FileSpec {
  SchemaPtr schema;
  parquet::ParquetWriteOptions options;
  int64_t rows = 0;
  std::string description;
};

FileSpec DrawSpec(Rng *rng, int64_t max_rows) {
  FileSpec spec;
  SchemaGenerator schemas(rng);
  std::vector<FieldPtr> fields;
  const int64_t n = rng->Int(1, 8);
  for (int64_t i = 0; i < n; ++i)
    fields.push_back(schemas.Field(Numbered("c", i), 4));
  spec.schema = std::make_shared<Schema>(std::move(fields));
  const int64_t r = rng->Int(0, 9);
  spec.rows = r == 0 ? 0 : r == 1 ? 1 : rng->Int(2, max_rows);
  auto &o = spec.options;
  using C = parquet::CompressionCodec;
  static const std::vector<C> kCodecs = {
      C::kUncompressed, C::kSnappy, C::kZstd, C::kGzip, C::kLz4Raw, C::kBrotli};
  static const std::vector<std::string> kCodecNames = {
      "none", "snappy", "zstd", "gzip", "lz4_raw", "brotli"};
  const auto codec = static_cast<size_t>(rng->Int(0, 5));
  o.compression = kCodecs[codec];
  o.page_bytes =
      rng->Pick(std::vector<int64_t>{256, 4096, 65536, int64_t{1} << 20});
  o.max_page_rows = rng->Pick(std::vector<int64_t>{7, 100, 20000});
  o.row_group_rows =
      rng->Pick(std::vector<int64_t>{50, 1000, int64_t{1} << 20});
  o.data_page_v2 = rng->Coin(0.5);
  o.dictionary = rng->Coin(0.7);
  o.dictionary_page_bytes_limit = rng->Coin(0.3) ? 512 : int64_t{1} << 20;
  o.write_page_crc = rng->Coin(0.5);
  o.statistics_truncate_bytes = rng->Pick(std::vector<int64_t>{0, 8, 64});
  std::ostringstream d;
  d << "rows " << spec.rows << "\ncodec " << kCodecNames[codec]
    << "\npage_bytes " << o.page_bytes << "\nmax_page_rows " << o.max_page_rows
    << "\nrow_group_rows " << o.row_group_rows << "\ndata_page_v2 "
    << o.data_page_v2 << "\ndictionary " << o.dictionary
    << "\ndictionary_page_bytes_limit " << o.dictionary_page_bytes_limit
    << "\npage_crc " << o.write_page_crc << "\nstatistics_truncate_bytes "
    << o.statistics_truncate_bytes << "\nschema\n"
    << spec.schema->ToString() << "\n";
  spec.description = d.str();
  return spec;
}

Status WriteText(const std::string &path, const std::string &text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f)
    return Status::IOError("cannot write " + path);
  return Status::OK();
}

Status WriteSeed(const std::string &dir, uint64_t seed, int64_t max_rows) {
  Rng rng(seed * 0x9E3779B97F4A7C15ULL + 1);
  FileSpec spec = DrawSpec(&rng, max_rows);
  ValueGenerator values(&rng,
                        rng.Pick(std::vector<double>{0.0, 0.1, 0.3, 0.6}));
  const std::string base =
      dir + Numbered("/random-", static_cast<int64_t>(seed));
  SILT_ASSIGN_OR_RETURN(auto out,
                        io::LocalFileSystem()->OpenForWrite(base + ".parquet"));
  SILT_ASSIGN_OR_RETURN(
      auto writer, parquet::ParquetFileWriter::Open(std::move(out), spec.schema,
                                                    spec.options));
  std::string ndjson;
  std::string batches = "batches";
  // Rows arrive in a few batches of random sizes, so batch and page boundaries
  // differ.
  for (int64_t done = 0; done < spec.rows;) {
    const int64_t n =
        std::min(spec.rows - done,
                 rng.Coin(0.5) ? rng.Int(1, 50) : rng.Int(1, spec.rows));
    std::vector<std::vector<std::string>> cells(
        static_cast<size_t>(spec.schema->num_fields()));
    std::vector<ArrayDataPtr> columns;
    for (int c = 0; c < spec.schema->num_fields(); ++c) {
      const silt::Field &f = *spec.schema->field(c);
      ArrayBuilder b(f.type);
      for (int64_t i = 0; i < n; ++i) {
        SILT_ASSIGN_OR_RETURN(std::string v, values.Append(&b, f));
        cells[static_cast<size_t>(c)].push_back(std::move(v));
      }
      SILT_ASSIGN_OR_RETURN(auto array, b.Finish());
      columns.push_back(array);
    }
    for (int64_t i = 0; i < n; ++i) {
      ndjson += "{";
      for (int c = 0; c < spec.schema->num_fields(); ++c) {
        if (c)
          ndjson += ',';
        ndjson += Quote(spec.schema->field(c)->name);
        ndjson += ':';
        ndjson += cells[static_cast<size_t>(c)][static_cast<size_t>(i)];
      }
      ndjson += "}\n";
    }
    SILT_RETURN_NOT_OK(
        writer->Write(RecordBatch(spec.schema, n, std::move(columns))));
    batches += Numbered(" ", n);
    done += n;
  }
  SILT_RETURN_NOT_OK(writer->Close());
  SILT_RETURN_NOT_OK(WriteText(base + ".ndjson", ndjson));
  return WriteText(base + ".txt",
                   Numbered("seed ", static_cast<int64_t>(seed)) + "\n" +
                       spec.description + batches + "\n");
}

int Usage() {
  std::cerr << "usage: silt_random_parquet --out DIR [--seeds A-B | --seeds N] "
               "[--max-rows N]\n";
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  std::string dir;
  uint64_t first = 1, last = 20;
  int64_t max_rows = 2000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc)
      return Usage();
    std::string v = argv[++i];
    if (a == "--out") {
      dir = v;
    } else if (a == "--seeds") {
      const auto dash = v.find('-');
      if (dash == std::string::npos) {
        last = std::stoull(v);
      } else {
        first = std::stoull(v.substr(0, dash));
        last = std::stoull(v.substr(dash + 1));
      }
    } else if (a == "--max-rows") {
      max_rows = std::max<int64_t>(2, std::stoll(v));
    } else {
      return Usage();
    }
  }
  if (dir.empty())
    return Usage();
  int failures = 0;
  for (uint64_t seed = first; seed <= last; ++seed) {
    Status st = WriteSeed(dir, seed, max_rows);
    if (!st.ok()) {
      std::cerr << "seed " << seed << ": " << st.ToString() << "\n";
      ++failures;
    }
  }
  return failures ? 1 : 0;
}
