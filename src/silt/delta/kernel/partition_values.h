#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/common/types.h"
#include "silt/expr/scalar.h"

namespace silt::delta {

/// Reads one serialized Delta partition value (protocol "Partition Value Serialization")
/// as a Scalar of `type`. `text` is the already JSON-unescaped value, nullopt when the key
/// was absent or JSON null; both mean NULL, and so does an empty string for every type
/// (string included, as the protocol says). Rules: integers, floats, decimals and booleans as text;
/// dates `YYYY-MM-DD`; timestamp as `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC) or ISO-8601 with `T` and
/// `Z`/offset (converted to UTC); timestamp_ntz without a zone; string/binary verbatim.
/// InvalidArgument (naming the value and type) when the text does not fit the type;
/// NotSupported for nested types.
Result<Scalar> ParsePartitionValue(std::optional<std::string_view> text, const DataTypePtr& type);

/// A constant-encoded (Encoding::kConstant) column of `num_rows` rows that all equal
/// `value`, of type `type` (a NULL `value` of any type gives an all-null column). The single
/// value is stored once, so partition columns are never materialized per row.
/// InvalidArgument when `value` does not hold a value of `type`.
Result<ArrayDataPtr> MakePartitionColumn(const Scalar& value, const DataTypePtr& type,
                                         int64_t num_rows);

}  // namespace silt::delta
