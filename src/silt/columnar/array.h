#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "silt/common/bit_util.h"
#include "silt/common/status.h"
#include "silt/common/types.h"
#include "silt/memory/buffer.h"

namespace silt {

/// How an array's values are physically stored.
enum class Encoding : uint8_t {
  kPlain,       // Arrow layout for `type`
  kDictionary,  // buffers[1] = int32 indices into `dictionary` (an array of `type`)
  kConstant,    // every row equals dictionary[0] (scalar broadcast, e.g. partition values)
};

struct ArrayData;
using ArrayDataPtr = std::shared_ptr<ArrayData>;

/// Arrow-layout column data. Buffers by type (plain encoding):
///  - all types: buffers[0] = validity bitmap, null when every value is valid
///  - bool: buffers[1] = value bitmap; fixed width: buffers[1] = values
///  - utf8/binary: buffers[1] = int64 offsets (length + 1), buffers[2] = bytes
///  - list/map: buffers[1] = int32 offsets (length + 1), children[0] = items / entries struct
///  - struct: children, one per field, each of the same logical length
///  - null: no buffers
/// `offset` is a logical slice start applied to this array's own buffers. Struct children are
/// indexed by row directly (Slice() slices them too), so the parent offset never applies to
/// them. Shared immutably once built.
struct ArrayData {
  DataTypePtr type;
  int64_t length = 0;
  int64_t null_count = 0;
  int64_t offset = 0;
  Encoding encoding = Encoding::kPlain;
  std::vector<BufferPtr> buffers;
  std::vector<ArrayDataPtr> children;
  /// Dictionary values (kDictionary) or the single value (kConstant).
  ArrayDataPtr dictionary;

  bool IsValid(int64_t i) const {
    if (encoding == Encoding::kConstant) return dictionary->IsValid(0);
    if (null_count == 0 || buffers.empty() || !buffers[0]) return true;
    return bit_util::GetBit(buffers[0]->data(), offset + i);
  }
  bool IsNull(int64_t i) const { return !IsValid(i); }
  const uint8_t* validity() const { return buffers.empty() || !buffers[0] ? nullptr : buffers[0]->data(); }

  /// Typed pointer to the values buffer (buffers[1]) at the logical start.
  template <typename T>
  const T* values() const {
    return buffers[1]->data_as<T>() + offset;
  }
  /// Int64 offsets of utf8/binary at the logical start.
  const int64_t* binary_offsets() const { return buffers[1]->data_as<int64_t>() + offset; }
  /// Int32 offsets of list/map at the logical start.
  const int32_t* list_offsets() const { return buffers[1]->data_as<int32_t>() + offset; }
  std::string_view GetView(int64_t i) const {
    const int64_t* offs = binary_offsets();
    return {reinterpret_cast<const char*>(buffers[2]->data()) + offs[i],
            static_cast<size_t>(offs[i + 1] - offs[i])};
  }
  const uint8_t* GetFixed(int64_t i) const {
    return buffers[1]->data() + (offset + i) * type->FixedWidth();
  }
  bool GetBool(int64_t i) const { return bit_util::GetBit(buffers[1]->data(), offset + i); }
  /// Dictionary index of row i (kDictionary only).
  int32_t DictIndex(int64_t i) const { return values<int32_t>()[i]; }

  /// A zero-copy slice of rows [start, start + len).
  ArrayDataPtr Slice(int64_t start, int64_t len) const;
};

/// An all-null array of `type` and `length`.
Result<ArrayDataPtr> MakeNullArray(const DataTypePtr& type, int64_t length,
                                   MemoryPool* pool = MemoryPool::Default());
/// A constant-encoded array repeating row `index` of `value` `length` times.
ArrayDataPtr MakeConstantArray(ArrayDataPtr value, int64_t length);
/// Expands dictionary/constant encodings (recursively) into plain layout; returns the input
/// unchanged when it is already plain everywhere.
Result<ArrayDataPtr> Flatten(const ArrayDataPtr& array, MemoryPool* pool = MemoryPool::Default());
/// Concatenates arrays of the same type into one plain array.
Result<ArrayDataPtr> Concatenate(const std::vector<ArrayDataPtr>& arrays,
                                 MemoryPool* pool = MemoryPool::Default());
/// Checks structural invariants (buffer sizes, offsets monotonic and in bounds, children
/// lengths, dictionary indices in range). Used on imported and decoded data and in tests.
Status ValidateArray(const ArrayData& array);

/// Rows of equal length with a schema.
class RecordBatch {
 public:
  RecordBatch(SchemaPtr schema, int64_t num_rows, std::vector<ArrayDataPtr> columns)
      : schema_(std::move(schema)), num_rows_(num_rows), columns_(std::move(columns)) {}
  const SchemaPtr& schema() const { return schema_; }
  int64_t num_rows() const { return num_rows_; }
  int num_columns() const { return static_cast<int>(columns_.size()); }
  const ArrayDataPtr& column(int i) const { return columns_[i]; }
  const std::vector<ArrayDataPtr>& columns() const { return columns_; }
  std::shared_ptr<RecordBatch> Slice(int64_t start, int64_t len) const;

 private:
  SchemaPtr schema_;
  int64_t num_rows_;
  std::vector<ArrayDataPtr> columns_;
};
using RecordBatchPtr = std::shared_ptr<RecordBatch>;

}  // namespace silt
