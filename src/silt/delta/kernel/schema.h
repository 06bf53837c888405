#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"
#include "silt/common/types.h"
#include "silt/delta/kernel/actions.h"

namespace silt::delta {

/// Field metadata key that marks a Delta `variant` column. Variant is represented as
/// struct<metadata: binary not null, value: binary not null>; the field carrying this key
/// (value `true`, JSON-encoded like every other Delta metadata value) is the variant.
inline constexpr const char* kVariantMetadataKey = kVariantFieldMetadataKey;
/// Delta column metadata keys used by column mapping.
inline constexpr const char* kColumnMappingIdKey = "delta.columnMapping.id";
inline constexpr const char* kColumnMappingPhysicalNameKey = "delta.columnMapping.physicalName";

/// Converts a Delta schemaString (Spark StructType JSON) into a silt schema.
///
/// Types: string -> utf8, long/integer/short/byte -> int64/32/16/8, float/double,
/// boolean, binary, date -> date32, timestamp -> timestamp(us, "UTC"), timestamp_ntz ->
/// timestamp(us, ""), decimal(p,s) -> silt::decimal(p, s), variant -> struct<metadata,
/// value> marked with kVariantMetadataKey; struct/array/map nest with containsNull /
/// valueContainsNull as child nullability. Every field-metadata entry is kept, its value
/// JSON-encoded (a string value keeps its quotes; use FieldMetadataString to decode).
/// NotSupported names an unknown primitive type; malformed JSON or shape is Corrupt.
Result<SchemaPtr> ParseDeltaSchema(std::string_view schema_json);

/// Same as ParseDeltaSchema for a single Delta type JSON value (a quoted primitive name or
/// a struct/array/map object); used by tests and by code reading typeChanges.
Result<DataTypePtr> ParseDeltaType(std::string_view type_json);

/// Raw JSON-encoded metadata value of `key` on `field`, nullopt when absent.
std::optional<std::string> FieldMetadataJson(const Field& field, std::string_view key);
/// The metadata value of `key` when it is a JSON string (decoded), nullopt otherwise.
std::optional<std::string> FieldMetadataString(const Field& field, std::string_view key);
/// The metadata value of `key` when it is a JSON integer, nullopt otherwise.
std::optional<int64_t> FieldMetadataInt(const Field& field, std::string_view key);
/// True when the field is a Delta variant column (see kVariantMetadataKey).
bool IsVariantField(const Field& field);

/// Delta column mapping mode (table property delta.columnMapping.mode).
enum class ColumnMappingMode : uint8_t { kNone, kName, kId };

/// Reads the delta.columnMapping.mode value; empty means none. NotSupported otherwise.
Result<ColumnMappingMode> ParseColumnMappingMode(std::string_view mode);

/// The column mapping mode a table's metaData.configuration sets (none when absent).
Result<ColumnMappingMode> ColumnMappingModeOf(const Metadata& metadata);

/// The schema as stored in data files. For kNone this is `logical` unchanged. For kName
/// and kId every struct field (recursively, through arrays and maps) is renamed to its
/// delta.columnMapping.physicalName and gets field_id = delta.columnMapping.id (readers
/// match Parquet columns by id in kId mode and by name in kName mode). Array elements and
/// map keys/values get ids from delta.columnMapping.nested.ids on the enclosing field when
/// present (IcebergCompat). Metadata is kept. Corrupt when a field lacks the physical name
/// or id the mode requires, or its nested ids are malformed.
Result<SchemaPtr> MakePhysicalSchema(const Schema& logical, ColumnMappingMode mode);

/// Logical <-> physical column paths for every struct field reachable through struct
/// nesting only (paths do not descend into array elements or map entries).
struct ColumnNameMap {
  std::map<std::vector<std::string>, std::vector<std::string>> logical_to_physical;
  std::map<std::vector<std::string>, std::vector<std::string>> physical_to_logical;
};

/// Builds the path maps between `logical` and its physical schema under `mode` (identity
/// maps for kNone). Errors as MakePhysicalSchema.
Result<ColumnNameMap> MakeColumnNameMap(const Schema& logical, ColumnMappingMode mode);

}  // namespace silt::delta
