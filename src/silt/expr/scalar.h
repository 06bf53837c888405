#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "silt/common/status.h"
#include "silt/common/types.h"

namespace silt {

/// A single typed value, possibly NULL: predicate literals, statistics bounds, partition
/// values. Immutable by convention; cheap to copy except for long strings.
///
/// Storage by type: bool -> bool; int8..int64, uint8..uint32, date32 (days), time64 and
/// timestamp (ticks of the type's unit) -> int64_t; uint64 -> uint64_t; float32/float64 ->
/// double; decimal64 and decimal128 -> __int128 (unscaled); utf8/binary/fixed_binary ->
/// std::string.
/// NULL is std::monostate (any type, including the null type).
class Scalar {
 public:
  using Storage = std::variant<std::monostate, bool, int64_t, uint64_t, double, __int128,
                               std::string>;

  /// An untyped NULL (type null()).
  Scalar();
  /// A value of `type` held in `storage`; the caller keeps them consistent (see above).
  Scalar(DataTypePtr type, Storage storage) : type_(std::move(type)), value_(std::move(storage)) {}

  /// NULL of the given type.
  static Scalar Null(DataTypePtr type = null());
  static Scalar Bool(bool v);
  /// A signed integer (or uint8..uint32) of `type`.
  static Scalar Int(int64_t v, DataTypePtr type = int64());
  static Scalar UInt64(uint64_t v);
  /// A float64 (or float32 when `type` says so; the value should then be a float).
  static Scalar Float(double v, DataTypePtr type = float64());
  /// A decimal128(precision, scale) value (literals); use Scalar(decimal64(p, s), v) for a
  /// value read from a decimal64 column.
  static Scalar Decimal(__int128 unscaled, int32_t precision, int32_t scale);
  static Scalar String(std::string v);
  /// Bytes of a binary or fixed_binary type.
  static Scalar Binary(std::string bytes, DataTypePtr type = binary());
  static Scalar Date(int32_t days);
  static Scalar Timestamp(int64_t ticks, TimeUnit unit, std::string timezone = "");
  static Scalar Time(int64_t ticks, TimeUnit unit);

  const DataTypePtr& type() const { return type_; }
  const Storage& storage() const { return value_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(value_); }

  /// Typed accessors; only valid for a non-null scalar of the matching storage.
  bool bool_value() const { return std::get<bool>(value_); }
  int64_t int_value() const { return std::get<int64_t>(value_); }
  uint64_t uint_value() const { return std::get<uint64_t>(value_); }
  double double_value() const { return std::get<double>(value_); }
  __int128 decimal_value() const { return std::get<__int128>(value_); }
  const std::string& string_value() const { return std::get<std::string>(value_); }

  /// SQL literal text that ParsePredicate reads back: `'it''s'`, `42`, `12.50`, `1.5e0`
  /// (floats always carry an exponent so they re-read as floats), `DOUBLE 'NaN'`,
  /// `DATE '2024-01-01'`, `TIMESTAMP '2024-01-01 00:00:00Z'`, `TIME '12:00:00'`,
  /// `X'00ff'`, `true`, `NULL`.
  std::string ToString() const;

  /// Three-way comparison under SQL coercion rules, or nullopt when either side is NULL or
  /// the types are incomparable. The rules (the one place they are written down):
  ///  - bool with bool (false < true);
  ///  - integers and decimals exactly, after aligning scales;
  ///  - a float with any number: the exact side is converted to the float's type (float32
  ///    or float64) and compared as double; NaN equals NaN and is greater than every number;
  ///  - utf8/binary/fixed_binary byte-wise (unsigned bytes, shorter prefix first);
  ///  - date and timestamp (any unit, with or without zone, all taken as UTC instants) on
  ///    one nanosecond time line, a date being midnight; time with time likewise;
  ///  - anything else (e.g. utf8 with date) is incomparable. A string *literal* compared
  ///    with a column is first bound to the column's type by CoerceLiteral.
  std::optional<int> Compare(const Scalar& other) const;

  /// Structural equality: same type (DataType::Equals) and same stored value; NULLs of the
  /// same type are equal and NaN equals NaN. For tests and deduplication, not SQL `=`.
  bool Equals(const Scalar& other) const;

 private:
  DataTypePtr type_;
  Storage value_;
};

/// Reads `text` as a value of exactly `type` (Delta partition values, CSV cells): integers
/// with range checks, decimals at the type's scale, floats (incl. NaN/inf/-inf), dates,
/// timestamps (a zone in the text is applied), times, true/false, strings and raw bytes.
/// InvalidArgument when the text does not fit the type.
Result<Scalar> ParseScalar(std::string_view text, const DataTypePtr& type);

/// Reads a numeric literal the way the predicate parser does: an integer that fits int64 ->
/// int64; other plain digits with an optional point -> decimal(p, s); anything with an
/// exponent (or over 38 digits) -> float64.
Result<Scalar> ParseNumericLiteral(std::string_view text);

/// Binds a literal to the column it is compared with: a utf8 literal against a number,
/// date, timestamp, time or boolean column is read as a literal of that kind
/// (ParseComparableString), as SQL does for untyped string literals (`d >= '2024-01-01'`).
/// Other literals are returned unchanged. InvalidArgument when the text does not read.
Result<Scalar> CoerceLiteral(const Scalar& literal, const DataType& column_type);

/// Reads a string so it can be compared with a value of type `other`: a number literal for
/// numeric types, a date, timestamp (with zone -> UTC timestamp), time or boolean otherwise.
Result<Scalar> ParseComparableString(std::string_view text, const DataType& other);

}  // namespace silt
