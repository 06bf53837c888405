#pragma once

// Building blocks of the nested-data kernels (internal to silt_functions): plain-or-constant
// list/map and value arguments, row-wise gathers of child values, list output assembly and
// typed equality of values (what list_contains, list_position and map_extract compare with).

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/functions/kernel_util.h"

namespace silt::functions::internal {

/// Whether row i of a plain array holds a value (arrays of the null type never do).
inline bool IsValidRow(const ArrayData& a, int64_t i) {
  return a.type->id() != TypeId::kNull && a.IsValid(i);
}

/// A list or map argument that is plain or constant, with its items flattened. Row i reads
/// row 0 of `list` when the argument is constant. Owns (shares) the arrays it reads.
struct ListArg {
  ArrayDataPtr list;   ///< plain list/map (a constant's single value)
  ArrayDataPtr items;  ///< the child (items, or a map's entries struct), plain everywhere
  const int32_t* offsets = nullptr;
  bool scalar = false;
  int64_t Row(int64_t i) const { return scalar ? 0 : i; }
  bool IsValid(int64_t i) const { return IsValidRow(*list, Row(i)); }
  int64_t Begin(int64_t i) const { return offsets[Row(i)]; }
  int64_t End(int64_t i) const { return offsets[Row(i) + 1]; }
};

/// Reads a plain or constant list/map argument (dictionary arguments are decoded).
Result<ListArg> ReadList(const ArrayDataPtr& arg, MemoryPool* pool);

/// A value argument that is plain or constant, flattened; row i is values[Row(i)].
struct ValueArg {
  ArrayDataPtr values;
  bool scalar = false;
  int64_t Row(int64_t i) const { return scalar ? 0 : i; }
};

/// Reads a plain or constant argument (dictionary arguments are decoded).
Result<ValueArg> ReadValue(const ArrayDataPtr& arg, MemoryPool* pool);

/// One source row per output row (NULL rows allowed), gathered from a child array in one
/// pass: the way list_element, map_extract and struct_extract build their results.
class RowIndices {
 public:
  /// Indices for n rows, every row valid; callers fill `indices` (NULL rows ignore theirs).
  static Result<RowIndices> Make(int64_t n, MemoryPool* pool);
  /// Marks output row i NULL.
  void SetNull(int64_t i) {
    bit_util::ClearBit(validity_->mutable_data(), i);
    ++null_count_;
  }
  /// The rows of `values` (any encoding) at the indices; NULL where marked or where the
  /// source row is NULL.
  Result<ArrayDataPtr> Gather(const ArrayDataPtr& values, MemoryPool* pool) const;

  int32_t* indices = nullptr;

 private:
  int64_t n_ = 0;
  int64_t null_count_ = 0;
  BufferPtr indices_;
  BufferPtr validity_;
};

/// Assembles a list result row by row: each row is a run of child indices (into an items
/// array given at Finish), or NULL. The index vector grows geometrically.
class ListOutput {
 public:
  ListOutput(int64_t n, MemoryPool* pool) : n_(n), pool_(pool) {}
  /// Allocates the offsets and validity.
  Status Init();
  /// Row `row` (rows are finished in order) is NULL.
  void AppendNull(int64_t row);
  /// Appends items [start, start + len) to row `row`; ends the row when `end_row`.
  Status AppendRange(int64_t row, int64_t start, int64_t len, bool end_row = true);
  /// The list array of `list_type` whose items are gathered from `items` (plain at the top).
  Result<ArrayDataPtr> Finish(const DataTypePtr& list_type, const ArrayData& items);

 private:
  int64_t n_;
  MemoryPool* pool_;
  BufferPtr offsets_;
  BufferPtr validity_;
  int64_t null_count_ = 0;
  std::vector<int32_t> indices_;
};

/// Structural equality of row i of `a` and row j of `b` (plain everywhere, same type): NULL
/// equals NULL, NaN equals NaN, intervals compare by length (30-day months), lists, maps and
/// structs item by item. For nested values and types without a typed comparator.
bool ValuesEqual(const ArrayData& a, int64_t i, const ArrayData& b, int64_t j);

/// Interval length in nanoseconds, months counted as 30 days (PostgreSQL's comparison).
inline __int128 IntervalLength(const uint8_t* p) {
  int32_t months, days;
  int64_t nanos;
  std::memcpy(&months, p, 4);
  std::memcpy(&days, p + 4, 4);
  std::memcpy(&nanos, p + 8, 8);
  return (static_cast<__int128>(months) * 30 + days) * 86400000000000LL + nanos;
}

/// Typed equality comparators eq(i, j) between row i of `a` and row j of `b` (both valid).
template <typename T>
struct FixedEquality {
  const T* a;
  const T* b;
  bool operator()(int64_t i, int64_t j) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(a[i]) || std::isnan(b[j])) return std::isnan(a[i]) && std::isnan(b[j]);
    }
    return a[i] == b[j];
  }
};
struct BytesEquality {
  const ArrayData* a;
  const ArrayData* b;
  bool operator()(int64_t i, int64_t j) const { return a->GetView(i) == b->GetView(j); }
};
struct GenericEquality {
  const ArrayData* a;
  const ArrayData* b;
  bool operator()(int64_t i, int64_t j) const { return ValuesEqual(*a, i, *b, j); }
};

/// Calls fn(eq) with the fastest comparator for the (shared) type of `a` and `b`.
template <typename Fn>
auto VisitEquality(const ArrayData& a, const ArrayData& b, Fn&& fn) {
  switch (a.type->id()) {
    case TypeId::kInt8:
    case TypeId::kUInt8: return fn(FixedEquality<uint8_t>{a.values<uint8_t>(), b.values<uint8_t>()});
    case TypeId::kInt16:
    case TypeId::kUInt16: return fn(FixedEquality<uint16_t>{a.values<uint16_t>(), b.values<uint16_t>()});
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kDate32: return fn(FixedEquality<uint32_t>{a.values<uint32_t>(), b.values<uint32_t>()});
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kDecimal64:
    case TypeId::kTime64:
    case TypeId::kTimestamp: return fn(FixedEquality<uint64_t>{a.values<uint64_t>(), b.values<uint64_t>()});
    case TypeId::kFloat32: return fn(FixedEquality<float>{a.values<float>(), b.values<float>()});
    case TypeId::kFloat64: return fn(FixedEquality<double>{a.values<double>(), b.values<double>()});
    case TypeId::kUtf8:
    case TypeId::kBinary: return fn(BytesEquality{&a, &b});
    default: return fn(GenericEquality{&a, &b});
  }
}

}  // namespace silt::functions::internal
