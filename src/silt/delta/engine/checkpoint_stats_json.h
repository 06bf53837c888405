#pragma once
// Internal to the checkpoint reader: writers that turn the typed `add.stats_parsed` and
// `add.partitionValues_parsed` structs of a checkpoint back into the strings of the JSON log
// format (see AppendParsedStatsJson and RenderParsedPartitionValues in checkpoint_reader.h).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "silt/delta/engine/checkpoint_columns.h"

namespace silt::delta::checkpoint_internal {

/// Writes `stats_parsed` rows as Delta stats JSON (see AppendParsedStatsJson). Rendering
/// runs once per add over tens of values, so values are read through pointers cached at
/// Bind and written into one reused buffer.
class ParsedStatsJsonWriter {
 public:
  /// Binds to a struct array; Corrupt when it is not one or a buffer is too short.
  Status Bind(const ArrayData& stats_parsed, ColumnBinder* binder);
  /// The JSON object of row `row` (which must be valid); valid until the next call.
  std::string_view Render(int64_t row);

 private:
  enum class Kind : uint8_t {
    kStruct,
    kInt,
    kUInt,
    kFloat32,
    kFloat64,
    kBool,
    kDecimal64,
    kDecimal128,
    kDate,
    kTimestamp,
    kString,
  };
  struct Node {
    std::string key_json;  // "\"name\":"
    const ArrayData* array = nullptr;
    const uint8_t* validity = nullptr;  // null when every row is valid
    const uint8_t* values = nullptr;    // fixed-width values (at the array's offset) or bits
    int64_t offset = 0;                 // the array's offset (for validity and bool bits)
    Kind kind = Kind::kStruct;
    int width = 8;                     // integers and floats: bytes per value
    int32_t scale = 0;                 // decimals
    TimeUnit unit = TimeUnit::kMicro;  // timestamps
    bool utc = true;                   // timestamps: `Z` suffix unless timestamp_ntz
    std::vector<Node> children;
  };
  Status BindNode(const ArrayData* array, const std::string& path, ColumnBinder* binder, Node* node,
                  bool* keep);
  bool WriteValue(const Node& node, int64_t row);
  bool WriteObject(const Node& node, int64_t row);
  char* Reserve(size_t extra);
  void WriteBytes(std::string_view bytes);

  Node root_;
  std::vector<char> buffer_;
  size_t size_ = 0;
  std::string scratch_;
};

/// Reads `partitionValues_parsed` rows as serialized partition values.
class ParsedPartitionValuesReader {
 public:
  /// Binds to a struct array of primitive fields; NotSupported for nested fields, Corrupt
  /// when the array is not a struct.
  Status Bind(const ArrayData& parsed, ColumnBinder* binder);
  /// Fills `*out` with row `row` (which must be valid); `*out` is cleared first.
  void Read(int64_t row, PartitionValues* out) const;

 private:
  struct Field {
    std::string name;
    const ArrayData* array = nullptr;
  };
  std::vector<Field> fields_;
};

}  // namespace silt::delta::checkpoint_internal
