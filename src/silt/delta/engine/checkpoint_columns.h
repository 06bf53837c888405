#pragma once
// Internal to the checkpoint reader: typed, bounds-checked views of the columns of a
// decoded checkpoint batch, and writers that turn `stats_parsed` / `partitionValues_parsed`
// structs back into the strings the log format uses. Bound once per batch, then read per row
// without allocating.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/delta/kernel/actions.h"

namespace silt::delta::checkpoint_internal {

/// The bytes of value `i` of a utf8/binary array, plain, dictionary or constant encoded.
inline std::string_view StringAt(const ArrayData& a, int64_t i) {
  switch (a.encoding) {
    case Encoding::kDictionary: return a.dictionary->GetView(a.DictIndex(i));
    case Encoding::kConstant: return a.dictionary->GetView(0);
    default: return a.GetView(i);
  }
}

/// A string column; `a` is null when the column is absent (every value reads as null).
struct StringColumn {
  const ArrayData* a = nullptr;
  bool Valid(int64_t i) const { return a != nullptr && a->IsValid(i); }
  std::string_view Get(int64_t i) const { return StringAt(*a, i); }
};

/// A signed integer column of any width, read as int64.
struct IntColumn {
  const ArrayData* a = nullptr;
  int width = 8;
  bool Valid(int64_t i) const { return a != nullptr && a->IsValid(i); }
  int64_t Get(int64_t i) const {
    switch (width) {
      case 1: return a->values<int8_t>()[i];
      case 2: return a->values<int16_t>()[i];
      case 4: return a->values<int32_t>()[i];
      default: return a->values<int64_t>()[i];
    }
  }
};

/// A boolean column.
struct BoolColumn {
  const ArrayData* a = nullptr;
  bool Valid(int64_t i) const { return a != nullptr && a->IsValid(i); }
  bool Get(int64_t i) const { return a->GetBool(i); }
};

/// A map<string, string> column: entries [offsets[i], offsets[i + 1]) of keys/values.
struct StringMapColumn {
  const ArrayData* a = nullptr;
  StringColumn keys;
  StringColumn values;
  bool Valid(int64_t i) const { return a != nullptr && a->IsValid(i); }
  int32_t Begin(int64_t i) const { return a->list_offsets()[i]; }
  int32_t End(int64_t i) const { return a->list_offsets()[i + 1]; }
};

/// A list<string> column.
struct StringListColumn {
  const ArrayData* a = nullptr;
  StringColumn items;
  bool Valid(int64_t i) const { return a != nullptr && a->IsValid(i); }
  int32_t Begin(int64_t i) const { return a->list_offsets()[i]; }
  int32_t End(int64_t i) const { return a->list_offsets()[i + 1]; }
};

/// Finds and type-checks the children of struct columns. Errors are Corrupt and name the
/// column path ("add.size"). Arrays that need re-encoding (a constant-encoded number) are
/// flattened and kept alive by the binder, so a binder must outlive the columns it bound.
class ColumnBinder {
 public:
  /// Child `name` of struct array `parent` (null when `parent` is null or lacks the field).
  /// `path` names the child for errors. Corrupt when `parent` is not a struct or the child
  /// is shorter than the parent.
  Result<const ArrayData*> Child(const ArrayData* parent, std::string_view name,
                                 const std::string& path);
  Status BindStruct(const ArrayData* parent, std::string_view name, const std::string& path,
                    const ArrayData** out);
  Status BindString(const ArrayData* parent, std::string_view name, const std::string& path,
                    StringColumn* out);
  Status BindInt(const ArrayData* parent, std::string_view name, const std::string& path,
                 IntColumn* out);
  Status BindBool(const ArrayData* parent, std::string_view name, const std::string& path,
                  BoolColumn* out);
  Status BindStringMap(const ArrayData* parent, std::string_view name, const std::string& path,
                       StringMapColumn* out);
  Status BindStringList(const ArrayData* parent, std::string_view name, const std::string& path,
                        StringListColumn* out);

  /// Checks the type of an already found array (null passes) and, for numbers and booleans,
  /// makes it plain-encoded. Used by the parsed-stats writers on arbitrary struct trees.
  Result<const ArrayData*> Plain(const ArrayData* array, const std::string& path);

 private:
  std::vector<ArrayDataPtr> keep_alive_;
};

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
    kStruct, kInt, kUInt, kFloat32, kFloat64, kBool, kDecimal64, kDecimal128, kDate,
    kTimestamp, kString,
  };
  struct Node {
    std::string key_json;  // "\"name\":"
    const ArrayData* array = nullptr;
    const uint8_t* validity = nullptr;  // null when every row is valid
    const uint8_t* values = nullptr;    // fixed-width values (at the array's offset) or bits
    int64_t offset = 0;                 // the array's offset (for validity and bool bits)
    Kind kind = Kind::kStruct;
    int width = 8;                      // integers and floats: bytes per value
    int32_t scale = 0;                  // decimals
    TimeUnit unit = TimeUnit::kMicro;   // timestamps
    bool utc = true;                    // timestamps: `Z` suffix unless timestamp_ntz
    std::vector<Node> children;
  };
  Status BindNode(const ArrayData* array, const std::string& path, ColumnBinder* binder,
                  Node* node, bool* keep);
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

/// Appends `s` as a JSON string literal (quotes included, control characters escaped).
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace silt::delta::checkpoint_internal
