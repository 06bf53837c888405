#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "silt/common/types.h"
#include "silt/parquet/metadata.h"

namespace silt::parquet {

/// How a leaf's values are staged before encoding (the Parquet physical representation).
enum class ValueKind : uint8_t {
  kBool,       // one byte 0/1 per value
  kInt32,      // int32_t
  kInt64,      // int64_t
  kFloat,      // float
  kDouble,     // double
  kFixed,      // type_length bytes per value
  kByteArray,  // std::string_view per value
};

/// Ordering of min/max statistics (from the logical type's sort order).
enum class StatsOrder : uint8_t {
  kSigned,    // two's complement (ints, dates, times, timestamps, decimals)
  kUnsigned,  // unsigned ints; byte-wise unsigned for BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY
  kFloat,     // IEEE 754, NaN ignored
  kNone,      // undefined (INTERVAL): no min/max
};

/// How a leaf's silt values become staged physical values.
enum class WriteConversion : uint8_t {
  kCopy,  // same bytes (bool bit -> byte)
  kInt8ToInt32,
  kUInt8ToInt32,
  kInt16ToInt32,
  kUInt16ToInt32,
  kInt64ToInt32,  // time64(ms) -> TIME(MILLIS) INT32
  kDecimalToInt32,
  kDecimalToInt64,
  kDecimalToFixed,  // big-endian two's complement of type_length bytes
  kInterval,        // month-day-nano -> 12 bytes months, days, millis
  kBinary,          // int64 offsets -> views
  kNull,            // no values
};

/// One node on the path from a top-level column down to a leaf, as the level generator
/// walks it. Maps are lists of a required entries struct.
struct PathStep {
  enum class Kind : uint8_t { kStruct, kList, kLeaf };
  Kind kind = Kind::kLeaf;
  /// OPTIONAL in Parquet: a null here stops at def_level - 1.
  bool nullable = false;
  /// kStruct: the child the path descends into.
  int child = 0;
  /// Definition level of a present (non-null) node; kList elements are at def_level + 1.
  int16_t def_level = 0;
  /// kList: repetition level of its repeated group.
  int16_t rep_level = 0;
  /// Name of the field for messages.
  std::string name;
};

/// A leaf column of the written schema.
struct WriterLeaf {
  int column_index = 0;  // position among leaves
  int field_index = 0;   // top-level field it belongs to
  std::vector<PathStep> steps;
  std::vector<std::string> path;  // path_in_schema
  std::string name;               // dotted path for messages
  DataTypePtr type;               // silt type of the values
  Type physical_type = Type::kInt32;
  int32_t type_length = 0;
  int16_t max_def_level = 0;
  int16_t max_rep_level = 0;
  ValueKind kind = ValueKind::kInt32;
  StatsOrder order = StatsOrder::kSigned;
  WriteConversion conversion = WriteConversion::kCopy;
  bool is_utf8 = false;  // truncate statistics on UTF-8 character boundaries
};

/// The Parquet schema of a silt schema plus the description of every leaf.
struct WriterSchema {
  std::vector<SchemaElement> elements;  // flattened, depth-first, root first
  std::vector<WriterLeaf> leaves;
  /// Per top-level field: index of its first leaf and number of leaves.
  std::vector<std::pair<int, int>> field_leaves;
};

/// Maps `schema` to Parquet (3-level LISTs, MAP key_value groups, logical + converted
/// types, field ids). Types Parquet cannot hold (empty structs) are NotSupported; nesting
/// deeper than 100 levels is InvalidArgument.
Result<std::unique_ptr<WriterSchema>> BuildWriterSchema(const Schema& schema);

/// Bytes of the smallest two's complement integer holding every decimal of `precision`.
int32_t DecimalByteWidth(int32_t precision);

}  // namespace silt::parquet
