#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "silt/common/status.h"

namespace silt {

/// Logical type identifiers. Physical layout follows Arrow (see docs/decisions/0002).
enum class TypeId : uint8_t {
  kNull,
  kBool,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUInt8,
  kUInt16,
  kUInt32,
  kUInt64,
  kFloat32,
  kFloat64,
  kDecimal128,      // int128 little-endian, precision/scale in the type
  kDecimal64,       // int64 little-endian, precision 1..18 (same logical type as kDecimal128)
  kUtf8,            // int64 offsets + data (LargeUtf8 layout)
  kBinary,          // int64 offsets + data (LargeBinary layout)
  kFixedBinary,     // fixed_width bytes per value
  kDate32,          // days since epoch, int32
  kTime64,          // int64 since midnight, unit us or ns
  kTimestamp,       // int64 since epoch, unit + optional time zone
  kInterval,        // month-day-nano: int32 months, int32 days, int64 nanos (16 bytes)
  kList,            // int32 offsets + child
  kStruct,          // children
  kMap,             // list<struct<key, value>> layout
};

enum class TimeUnit : uint8_t { kMilli, kMicro, kNano };

struct Field;
class DataType;
using DataTypePtr = std::shared_ptr<const DataType>;
using FieldPtr = std::shared_ptr<const Field>;

/// Immutable description of a logical type. Shared by pointer; compare with Equals().
class DataType {
 public:
  TypeId id() const { return id_; }
  int32_t precision() const { return precision_; }
  int32_t scale() const { return scale_; }
  TimeUnit unit() const { return unit_; }
  /// Time zone of a timestamp; empty means "without time zone" (local/ntz semantics).
  const std::string& timezone() const { return timezone_; }
  int32_t byte_width() const { return byte_width_; }
  const std::vector<FieldPtr>& children() const { return children_; }

  /// Bytes per value of the values buffer for fixed-width types; 0 otherwise.
  int32_t FixedWidth() const;
  bool IsFixedWidth() const { return FixedWidth() > 0 || id_ == TypeId::kBool; }
  bool IsBinaryLike() const { return id_ == TypeId::kUtf8 || id_ == TypeId::kBinary; }
  bool IsNested() const {
    return id_ == TypeId::kList || id_ == TypeId::kStruct || id_ == TypeId::kMap;
  }
  bool IsInteger() const;
  bool IsFloating() const { return id_ == TypeId::kFloat32 || id_ == TypeId::kFloat64; }
  /// A decimal of either storage width (decimal64 or decimal128).
  bool IsDecimal() const { return id_ == TypeId::kDecimal64 || id_ == TypeId::kDecimal128; }

  bool Equals(const DataType& other) const;
  /// SQL-ish spelling: "int64", "decimal(10,2)", "timestamp(us, UTC)", "list<int32>".
  /// decimal64 and decimal128 both print as "decimal(p,s)": only their storage differs.
  std::string ToString() const;

  DataType(TypeId id) : id_(id) {}  // NOLINT: use the factory functions below

 private:
  friend DataTypePtr decimal128(int32_t, int32_t);
  friend DataTypePtr decimal64(int32_t, int32_t);
  friend DataTypePtr fixed_binary(int32_t);
  friend DataTypePtr time64(TimeUnit);
  friend DataTypePtr timestamp(TimeUnit, std::string);
  friend DataTypePtr list(FieldPtr);
  friend DataTypePtr struct_(std::vector<FieldPtr>);
  friend DataTypePtr map(FieldPtr, FieldPtr, bool);

  TypeId id_;
  int32_t precision_ = 0;
  int32_t scale_ = 0;
  int32_t byte_width_ = 0;
  TimeUnit unit_ = TimeUnit::kMicro;
  std::string timezone_;
  std::vector<FieldPtr> children_;
};

/// Ordered string metadata on a field or schema (e.g. Parquet key/value, Delta column metadata).
using KeyValueMetadata = std::vector<std::pair<std::string, std::string>>;

/// A named, typed column (or nested child) with nullability and metadata.
struct Field {
  std::string name;
  DataTypePtr type;
  bool nullable = true;
  KeyValueMetadata metadata;
  /// Parquet field id, -1 when absent.
  int32_t field_id = -1;

  std::string ToString() const;
};

/// Field metadata key marking a struct<metadata: binary, value: binary> field as a Variant
/// (value "true"): the binary encoding of the Parquet Variant spec. Result writers render
/// such fields as the variant's JSON value.
inline constexpr const char* kVariantFieldMetadataKey = "silt.variant";

FieldPtr field(std::string name, DataTypePtr type, bool nullable = true,
               KeyValueMetadata metadata = {}, int32_t field_id = -1);

/// An ordered list of top-level fields plus schema-level metadata.
class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<FieldPtr> fields, KeyValueMetadata metadata = {})
      : fields_(std::move(fields)), metadata_(std::move(metadata)) {}

  const std::vector<FieldPtr>& fields() const { return fields_; }
  int num_fields() const { return static_cast<int>(fields_.size()); }
  const FieldPtr& field(int i) const { return fields_[i]; }
  const KeyValueMetadata& metadata() const { return metadata_; }
  /// Index of the first field with exactly this name, -1 when absent.
  int FieldIndex(const std::string& name) const;
  std::string ToString() const;

 private:
  std::vector<FieldPtr> fields_;
  KeyValueMetadata metadata_;
};
using SchemaPtr = std::shared_ptr<const Schema>;

// Type factories (singletons for parameterless types).
DataTypePtr null();
DataTypePtr boolean();
DataTypePtr int8();
DataTypePtr int16();
DataTypePtr int32();
DataTypePtr int64();
DataTypePtr uint8();
DataTypePtr uint16();
DataTypePtr uint32();
DataTypePtr uint64();
DataTypePtr float32();
DataTypePtr float64();
DataTypePtr utf8();
DataTypePtr binary();
DataTypePtr date32();
DataTypePtr interval();
/// A decimal stored as 16-byte unscaled values (any precision 1..38).
DataTypePtr decimal128(int32_t precision, int32_t scale);
/// A decimal stored as 8-byte unscaled values; precision must be 1..18.
DataTypePtr decimal64(int32_t precision, int32_t scale);
/// The canonical storage for decimal(precision, scale): decimal64 when precision <= 18,
/// decimal128 otherwise (what the Parquet reader produces).
DataTypePtr decimal(int32_t precision, int32_t scale);
DataTypePtr fixed_binary(int32_t byte_width);
DataTypePtr time64(TimeUnit unit);
DataTypePtr timestamp(TimeUnit unit, std::string timezone = "");
DataTypePtr list(FieldPtr item);
DataTypePtr struct_(std::vector<FieldPtr> fields);
DataTypePtr map(FieldPtr key, FieldPtr value, bool keys_sorted = false);

}  // namespace silt
