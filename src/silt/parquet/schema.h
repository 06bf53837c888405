#pragma once

#include <memory>
#include <string>
#include <vector>

#include "silt/common/types.h"
#include "silt/parquet/metadata.h"

namespace silt::parquet {

/// How a leaf's physical values become silt values.
enum class LeafConversion : uint8_t {
  kNone,             // stored as the silt type's width (int32, int64, float, double, bool,
                     // INT64 decimals of precision <= 18 as decimal64)
  kInt32ToInt8,      // INT(8), INT(16) and their unsigned forms: narrow
  kInt32ToInt16,
  kInt32ToUInt32,    // reinterpret
  kInt64ToUInt64,    // reinterpret
  kTimeMillisToMicros,
  kInt96ToMicros,
  // Decimals become decimal64 (precision <= 18) or decimal128; the leaf type says which.
  kDecimalFromInt32,  // widened to 8 or 16 bytes
  kDecimalFromInt64,  // INT64 declared with precision > 18: widened to 16 bytes
  kDecimalFromBytes,  // big-endian two's complement (FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY)
  kFloat16ToFloat32,
  kIntervalFromFixed12,  // months, days, millis -> month-day-nano
  kUtf8,             // BYTE_ARRAY validated as UTF-8
  kBinary,           // BYTE_ARRAY
  kFixedBinary,      // FIXED_LEN_BYTE_ARRAY
  kNull,             // UNKNOWN logical type: always null
};

/// One leaf column of the Parquet schema with its levels and conversion to silt.
struct LeafDescriptor {
  int column_index = 0;  // position among leaves (= ColumnChunk index in a row group)
  std::vector<std::string> path;
  Type physical_type = Type::kInt32;
  int32_t type_length = 0;
  int16_t max_def_level = 0;
  int16_t max_rep_level = 0;
  DataTypePtr type;  // silt type of the leaf values
  LeafConversion conversion = LeafConversion::kNone;
  /// Min/max statistics may be used (the column order and logical type allow it).
  bool sort_order_signed = true;
  std::string PathString() const;
};

/// Node of the silt-side read tree: how levels of the leaves below rebuild arrays.
struct ReadNode {
  enum class Kind : uint8_t { kLeaf, kStruct, kList };
  Kind kind = Kind::kLeaf;
  FieldPtr field;  // silt field this node produces
  /// Def level at or above which this node's value is non-null.
  int16_t def_level = 0;
  /// Lists: rep level of the repeated node and def level at which the list has an element.
  int16_t rep_level = 0;
  int16_t element_def_level = 0;
  int leaf = -1;  // kLeaf: index into leaves
  std::vector<std::unique_ptr<ReadNode>> children;
  /// First leaf index in this subtree and number of leaves (leaves are contiguous).
  int first_leaf = 0;
  int num_leaves = 0;
};

/// The converted schema of one Parquet file.
class ParquetSchema {
 public:
  /// Converts the flattened thrift schema; malformed trees are Corrupt, unsupported
  /// constructs NotSupported.
  static Result<std::shared_ptr<ParquetSchema>> Make(const FileMetaData& metadata);

  const SchemaPtr& schema() const { return schema_; }
  const std::vector<LeafDescriptor>& leaves() const { return leaves_; }
  /// Top-level read nodes, one per schema field.
  const std::vector<std::unique_ptr<ReadNode>>& fields() const { return fields_; }

 private:
  SchemaPtr schema_;
  std::vector<LeafDescriptor> leaves_;
  std::vector<std::unique_ptr<ReadNode>> fields_;
};

}  // namespace silt::parquet
