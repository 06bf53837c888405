#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "silt/columnar/array.h"

namespace silt {

/// Accumulates a validity bitmap; allocates nothing until the first null.
class ValidityBuilder {
 public:
  explicit ValidityBuilder(MemoryPool* pool) : pool_(pool) {}
  Status Append(bool valid);
  Status AppendRun(bool valid, int64_t n);
  int64_t length() const { return length_; }
  int64_t null_count() const { return null_count_; }
  /// Finished bitmap, or null when there are no nulls.
  BufferPtr Finish();

 private:
  Status Materialize(int64_t extra);
  MemoryPool* pool_;
  BufferPtr bits_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
};

/// Builds a plain array of any type, value by value or by copying ranges of existing arrays
/// (any encoding). Used for tests, concatenation, flattening and writers' staging; hot scan
/// paths write buffers directly instead.
class ArrayBuilder {
 public:
  explicit ArrayBuilder(DataTypePtr type, MemoryPool* pool = MemoryPool::Default());

  const DataTypePtr& type() const { return type_; }
  int64_t length() const { return validity_.length(); }

  Status AppendNull();
  Status AppendNulls(int64_t n);
  Status AppendBool(bool v);
  /// Fixed-width value from raw bytes (FixedWidth() bytes).
  Status AppendFixed(const void* bytes);
  template <typename T>
  Status Append(T v) {
    return AppendFixed(&v);
  }
  Status AppendString(std::string_view v);
  /// Closes a valid list/map row whose items were already appended to child(0).
  Status AppendListRow();
  /// Marks a valid struct row; append one value to every child.
  Status AppendStructValid();
  ArrayBuilder* child(int i) { return children_[i].get(); }

  /// Appends rows [start, start + len) of `src`, which must have this builder's type.
  Status AppendRange(const ArrayData& src, int64_t start, int64_t len);
  /// Appends the given rows of `src` in order (a gather / take).
  Status AppendIndices(const ArrayData& src, const int32_t* indices, int64_t n);

  Result<ArrayDataPtr> Finish();

 private:
  Status AppendOne(const ArrayData& src, int64_t row);
  Status AppendPlainRange(const ArrayData& src, int64_t start, int64_t len);

  DataTypePtr type_;
  MemoryPool* pool_;
  ValidityBuilder validity_;
  BufferPtr values_;   // fixed values, bool bits, or binary bytes
  BufferPtr offsets_;  // int64 (binary) or int32 (list)
  int64_t bool_length_ = 0;
  std::vector<std::unique_ptr<ArrayBuilder>> children_;
};

/// Convenience: builds an array from a vector of optional values (tests, small literals).
template <typename T>
Result<ArrayDataPtr> MakeArray(const DataTypePtr& type, const std::vector<T>& values,
                               const std::vector<bool>& valid = {}) {
  ArrayBuilder b(type);
  for (size_t i = 0; i < values.size(); ++i) {
    if (!valid.empty() && !valid[i]) {
      SILT_RETURN_NOT_OK(b.AppendNull());
    } else if constexpr (std::is_same_v<T, bool>) {
      SILT_RETURN_NOT_OK(b.AppendBool(values[i]));
    } else if constexpr (std::is_convertible_v<T, std::string_view>) {
      SILT_RETURN_NOT_OK(b.AppendString(values[i]));
    } else {
      SILT_RETURN_NOT_OK(b.Append(values[i]));
    }
  }
  return b.Finish();
}

}  // namespace silt
