#pragma once

// Building blocks shared by the aggregate implementations (internal to silt_sql_kernels).

#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/memory/buffer.h"
#include "silt/sql/kernels/aggregate.h"

namespace silt::sql::internal {

/// A pool-accounted growable array of a trivially copyable T (per-group state columns).
template <typename T>
class PooledVector {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  explicit PooledVector(MemoryPool* pool) : buffer_(std::make_shared<Buffer>(pool)) {}
  /// Grows (filling new entries with `fill`) or shrinks to n entries.
  Status Resize(int64_t n, T fill = T{}) {
    if (n > size_) {
      SILT_RETURN_NOT_OK(buffer_->Resize(n * static_cast<int64_t>(sizeof(T))));
      T* d = data();
      for (int64_t i = size_; i < n; ++i) d[i] = fill;
    }
    size_ = n;
    return Status::OK();
  }
  /// Appends one value (amortized doubling).
  Status Push(T v) {
    if (static_cast<int64_t>((size_ + 1) * sizeof(T)) > buffer_->capacity()) {
      SILT_RETURN_NOT_OK(buffer_->Reserve((size_ + 1) * static_cast<int64_t>(sizeof(T))));
    }
    data()[size_++] = v;
    return Status::OK();
  }
  T* data() { return buffer_->mutable_data_as<T>(); }
  const T* data() const { return buffer_->data_as<T>(); }
  T& operator[](int64_t i) { return data()[i]; }
  const T& operator[](int64_t i) const { return data()[i]; }
  int64_t size() const { return size_; }
  int64_t memory_bytes() const { return buffer_->capacity(); }

 private:
  BufferPtr buffer_;
  int64_t size_ = 0;
};

/// A plain fixed-width array of n values; `valid` (one byte per value, may be null: all
/// valid) gives the validity.
template <typename T>
Result<ArrayDataPtr> MakeFixedArray(const DataTypePtr& type, const T* values,
                                    const uint8_t* valid, int64_t n, MemoryPool* pool) {
  auto array = std::make_shared<ArrayData>();
  array->type = type;
  array->length = n;
  SILT_ASSIGN_OR_RETURN(auto buffer, Buffer::Allocate(n * static_cast<int64_t>(sizeof(T)), pool));
  if (n > 0) std::memcpy(buffer->mutable_data(), values, static_cast<size_t>(n) * sizeof(T));
  BufferPtr validity;
  if (valid != nullptr) {
    int64_t nulls = 0;
    for (int64_t i = 0; i < n; ++i) nulls += valid[i] == 0;
    if (nulls > 0) {
      SILT_ASSIGN_OR_RETURN(validity, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool));
      for (int64_t i = 0; i < n; ++i) {
        if (valid[i]) bit_util::SetBit(validity->mutable_data(), i);
      }
    }
    array->null_count = nulls;
  }
  array->buffers = {validity, buffer};
  return array;
}

/// A bitmap validity buffer from one byte per value (null when all are valid).
Result<BufferPtr> MakeValidity(const uint8_t* valid, int64_t n, int64_t* null_count,
                               MemoryPool* pool);

/// Whether row i of a plain array is valid (validity may be null).
inline bool RowValid(const uint8_t* validity, int64_t offset, int64_t i) {
  return validity == nullptr || bit_util::GetBit(validity, offset + i);
}

/// The validity bitmap of a plain array when it may hold NULLs, else null.
inline const uint8_t* NullableValidity(const ArrayData& a) {
  return a.null_count != 0 ? a.validity() : nullptr;
}

/// Calls f(group, row) for every row that is not kSkipRow and (when `validity` is given) valid.
template <typename F>
inline void ForEachRow(const uint8_t* validity, int64_t offset, const uint32_t* group_ids,
                       int64_t num_rows, F&& f) {
  if (validity == nullptr) {
    for (int64_t i = 0; i < num_rows; ++i) {
      const uint32_t g = group_ids[i];
      if (g != kSkipRow) f(g, i);
    }
  } else {
    for (int64_t i = 0; i < num_rows; ++i) {
      const uint32_t g = group_ids[i];
      if (g != kSkipRow && bit_util::GetBit(validity, offset + i)) f(g, i);
    }
  }
}

/// A plain bool array from one byte per value and one validity byte per value.
Result<ArrayDataPtr> MakeBoolArray(const uint8_t* values, const uint8_t* valid, int64_t n,
                                   MemoryPool* pool);

/// Checks that an accumulator merged with `other` is of the same class.
template <typename Acc>
Result<Acc*> SameAccumulator(GroupedAccumulator& other) {
  auto* typed = dynamic_cast<Acc*>(&other);
  if (typed == nullptr) return Status::Internal("merging aggregates of different kinds");
  return typed;
}

using AccumulatorFactory = std::function<Result<std::unique_ptr<GroupedAccumulator>>(MemoryPool*)>;

/// Per-family binders: fill return_type/arg_types/make for the function's arguments (the
/// leading `num_args` of `types`) or return a Plan error. `name` is canonical.
Status BindBasicAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                          size_t num_args, BoundAggregate* out);
/// percentile_cont / percentile_disc (fraction argument) and mode() over one ORDER BY key.
Status BindOrderedSetAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                               size_t num_args, const std::vector<AggregateOrderKey>& order_by,
                               BoundAggregate* out);
Status BindCovarianceAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                               size_t num_args, BoundAggregate* out);
/// corr, covar_pop, covar_samp, regr_*.
bool IsCovarianceAggregateName(const std::string& name);
Status BindBitwiseAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                            size_t num_args, BoundAggregate* out);
Status BindMinMaxAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                           size_t num_args, BoundAggregate* out);
Status BindStatisticAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                              size_t num_args, BoundAggregate* out);
Status BindCollectAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                            size_t num_args, const std::vector<AggregateOrderKey>& order_by,
                            BoundAggregate* out);

/// Wraps an accumulator so it sees each (group, arguments) combination once.
Result<std::unique_ptr<GroupedAccumulator>> MakeDistinctAccumulator(
    std::unique_ptr<GroupedAccumulator> inner, std::vector<DataTypePtr> arg_types,
    MemoryPool* pool);

/// "name(type, type)" for error messages.
std::string Signature(const std::string& name, const std::vector<DataTypePtr>& types);

}  // namespace silt::sql::internal
