#pragma once
// Internal to the checkpoint reader: typed, bounds-checked views of the columns of a
// decoded checkpoint batch. Bound once per batch, then read per row without allocating.

#include <cstdint>
#include <optional>
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

// ---- Reading one row's fields (helpers shared by the per-action decoders) ----

/// Corrupt: "checkpoint row N: missing required field 'add.path'".
Status MissingField(std::string_view field, int64_t row_number);

/// A required int32 field; Corrupt when null or out of range. `row_number` names the row.
Result<int32_t> RequiredInt32(const IntColumn& c, std::string_view field, int64_t row,
                              int64_t row_number);

/// The value, or nullopt when null or absent.
inline std::optional<int64_t> OptionalInt(const IntColumn& c, int64_t row) {
  return c.Valid(row) ? std::optional<int64_t>(c.Get(row)) : std::nullopt;
}
/// The value, or nullopt when null or absent.
inline std::optional<std::string> OptionalString(const StringColumn& c, int64_t row) {
  return c.Valid(row) ? std::optional<std::string>(c.Get(row)) : std::nullopt;
}
/// Adds the entries of a valid map row to `*out`; entries with a null value are dropped,
/// as the JSON parser drops them.
inline void ReadStringMap(const StringMapColumn& c, int64_t row, StringMap* out) {
  for (int32_t e = c.Begin(row), end = c.End(row); e < end; ++e) {
    if (c.keys.Valid(e) && c.values.Valid(e)) out->emplace(c.keys.Get(e), c.values.Get(e));
  }
}
/// The map, or nullopt when null or absent.
inline std::optional<StringMap> OptionalStringMap(const StringMapColumn& c, int64_t row) {
  if (!c.Valid(row)) return std::nullopt;
  StringMap m;
  ReadStringMap(c, row, &m);
  return m;
}
/// Adds the entries of a valid partitionValues row (null values kept as nullopt).
inline void ReadPartitionValues(const StringMapColumn& c, int64_t row, PartitionValues* out) {
  for (int32_t e = c.Begin(row), end = c.End(row); e < end; ++e) {
    if (!c.keys.Valid(e)) continue;
    out->emplace(c.keys.Get(e),
                 c.values.Valid(e) ? std::optional<std::string>(c.values.Get(e)) : std::nullopt);
  }
}
/// The list (null items dropped), or nullopt when null or absent.
inline std::optional<std::vector<std::string>> OptionalStringList(const StringListColumn& c,
                                                                  int64_t row) {
  if (!c.Valid(row)) return std::nullopt;
  std::vector<std::string> items;
  items.reserve(static_cast<size_t>(c.End(row) - c.Begin(row)));
  for (int32_t e = c.Begin(row), end = c.End(row); e < end; ++e) {
    if (c.items.Valid(e)) items.emplace_back(c.items.Get(e));
  }
  return items;
}

/// Corrupt: "checkpoint column `path` has type T, expected `expected`".
Status WrongType(const std::string& path, const DataType& type, std::string_view expected);

/// int8..int64.
inline bool IsSignedInteger(TypeId id) {
  return id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 ||
         id == TypeId::kInt64;
}
/// uint8..uint64.
inline bool IsUnsignedInteger(TypeId id) {
  return id == TypeId::kUInt8 || id == TypeId::kUInt16 || id == TypeId::kUInt32 ||
         id == TypeId::kUInt64;
}


}  // namespace silt::delta::checkpoint_internal
