#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "silt/columnar/array.h"

namespace silt {

/// True when row `row` of `array` is NULL, looking through dictionary and constant
/// encodings (a NULL index or a NULL dictionary entry both count).
bool IsValueNull(const ArrayData& array, int64_t row);

/// Appends the CSV/text rendering (CONTRACTS.md "CSV output") of a non-NULL value: integers,
/// floats in shortest round-trip form (`inf`, `-inf`, `NaN`), decimals exact at their scale,
/// `YYYY-MM-DD` dates, `YYYY-MM-DD HH:MM:SS[.ffffff]` timestamps (`Z` when zone-aware),
/// `HH:MM:SS[.ffffff]` times, ISO 8601 intervals, raw string bytes, lowercase hex binary, and
/// lists/structs/maps as JSON text. Reads through dictionary/constant encodings at any depth.
/// Appends nothing for a NULL value.
void AppendValueText(const ArrayData& array, int64_t row, std::string* out);

/// Appends the JSON rendering (CONTRACTS.md "JSON / NDJSON output") of a value: `null`,
/// numbers written exactly (decimals keep their scale), floats shortest with "NaN"/"inf"/
/// "-inf" as strings, strings escaped, binary as a hex string, temporal values as strings
/// rendered as in CSV, lists as arrays, structs as objects, maps as arrays of
/// {"key": ..., "value": ...} objects in stored order.
void AppendValueJson(const ArrayData& array, int64_t row, std::string* out);

/// AppendValueJson for a column described by `field`: a field marked as a Variant
/// (variant_json.h) renders as the variant's JSON value, at any nesting depth.
void AppendFieldValueJson(const Field& field, const ArrayData& array, int64_t row, std::string* out);
/// AppendValueText for a column described by `field` (a Variant renders as JSON text).
void AppendFieldValueText(const Field& field, const ArrayData& array, int64_t row, std::string* out);

/// Appends `s` as a JSON string literal: `"` and `\` escaped, \n \r \t \b \f short forms,
/// other control characters as \u00XX; invalid UTF-8 bytes become U+FFFD so the output is
/// always valid JSON.
void AppendJsonString(std::string_view s, std::string* out);

/// Appends bytes as lowercase hex.
void AppendHex(std::string_view bytes, std::string* out);

/// Appends a float in shortest round-trip form, `NaN`, `inf` or `-inf`.
void AppendFloat(double value, bool is_float32, std::string* out);

}  // namespace silt
