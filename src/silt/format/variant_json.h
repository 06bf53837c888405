#pragma once

// Rendering of Variant values (the binary encoding of the Parquet "Variant" spec, used by
// Delta's variantType feature: a metadata dictionary plus a self-describing value) as JSON.

#include <string>
#include <string_view>

#include "silt/common/status.h"
#include "silt/common/types.h"

namespace silt {

/// True when `field` carries kVariantFieldMetadataKey (common/types.h) = true.
bool IsVariantMarked(const Field& field);

/// Appends the JSON rendering of one variant: objects and arrays as JSON, numbers exact
/// (decimals at their scale), floats shortest (NaN/inf as strings, as elsewhere), strings
/// escaped, dates/timestamps/times/UUIDs as strings in the CSV text forms, binary as a hex
/// string. Corrupt for malformed encodings (every offset and length is checked; nesting is
/// bounded), leaving `out` partially written.
Status AppendVariantJson(std::string_view metadata, std::string_view value, std::string* out);

}  // namespace silt
