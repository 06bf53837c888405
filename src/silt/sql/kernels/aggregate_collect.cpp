// string_agg and array_agg: Update keeps the batches and a (group, row) entry per input row;
// Finalize concatenates the batches once, buckets the entries by group (stable, so input
// order is kept), sorts each group by the ORDER BY keys when there are any, and builds the
// result.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

#include "silt/columnar/builder.h"
#include "silt/sql/kernels/aggregate_internal.h"

namespace silt::sql::internal {

namespace {

/// Three-way comparison of rows i and j of one plain sort-key array.
using RowCompare = std::function<int(int64_t, int64_t)>;

template <typename T>
RowCompare CompareValues(const ArrayData& a) {
  const T* v = a.values<T>();
  return [v](int64_t i, int64_t j) {
    if constexpr (std::is_floating_point_v<T>) {
      const bool ni = std::isnan(v[i]), nj = std::isnan(v[j]);
      if (ni || nj) return ni == nj ? 0 : (ni ? 1 : -1);
    }
    return v[i] < v[j] ? -1 : (v[j] < v[i] ? 1 : 0);
  };
}

Result<RowCompare> MakeCompare(const ArrayDataPtr& array) {
  const ArrayData& a = *array;
  switch (a.type->id()) {
    case TypeId::kBool:
      return RowCompare([&a](int64_t i, int64_t j) { return int(a.GetBool(i)) - int(a.GetBool(j)); });
    case TypeId::kInt8: return CompareValues<int8_t>(a);
    case TypeId::kInt16: return CompareValues<int16_t>(a);
    case TypeId::kInt32: case TypeId::kDate32: return CompareValues<int32_t>(a);
    case TypeId::kInt64: case TypeId::kDecimal64: case TypeId::kTime64:
    case TypeId::kTimestamp: return CompareValues<int64_t>(a);
    case TypeId::kUInt8: return CompareValues<uint8_t>(a);
    case TypeId::kUInt16: return CompareValues<uint16_t>(a);
    case TypeId::kUInt32: return CompareValues<uint32_t>(a);
    case TypeId::kUInt64: return CompareValues<uint64_t>(a);
    case TypeId::kFloat32: return CompareValues<float>(a);
    case TypeId::kFloat64: return CompareValues<double>(a);
    case TypeId::kDecimal128: return CompareValues<__int128>(a);
    case TypeId::kUtf8: case TypeId::kBinary:
      return RowCompare([&a](int64_t i, int64_t j) { return a.GetView(i).compare(a.GetView(j)); });
    default:
      return Status::NotSupported("ORDER BY " + a.type->ToString() +
                                  " inside an aggregate is not supported yet");
  }
}

enum class CollectKind : uint8_t { kStringAgg, kArrayAgg };

class CollectAccumulator : public GroupedAccumulator {
 public:
  CollectAccumulator(CollectKind kind, std::vector<DataTypePtr> types, size_t num_args,
                     std::vector<AggregateOrderKey> order_by, MemoryPool* pool)
      : kind_(kind), types_(std::move(types)), num_args_(num_args),
        order_by_(std::move(order_by)), pool_(pool), batches_(types_.size()), groups_(pool),
        rows_(pool) {}
  Status Resize(int64_t n) override {
    num_groups_ = std::max(num_groups_, n);
    return Status::OK();
  }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    if (n == 0) return Status::OK();
    const bool skip_nulls = kind_ == CollectKind::kStringAgg;
    SILT_ASSIGN_OR_RETURN(auto value, Flatten(args[0], pool_));
    const uint8_t* validity = skip_nulls ? NullableValidity(*value) : nullptr;
    if (skip_nulls && value->type->id() == TypeId::kNull) return Status::OK();
    Status st;
    int64_t used = 0;
    ForEachRow(validity, value->offset, ids, n, [&](uint32_t g, int64_t i) {
      if (!st.ok()) return;
      st = groups_.Push(g);
      if (st.ok()) st = rows_.Push(base_ + i);
      ++used;
    });
    SILT_RETURN_NOT_OK(st);
    if (used == 0) return Status::OK();
    for (size_t k = 0; k < types_.size(); ++k) {
      ArrayDataPtr a = k == 0 ? value : args[k];
      if (k > 0) {
        SILT_ASSIGN_OR_RETURN(a, Flatten(a, pool_));
      }
      batches_[k].push_back(a->length == n ? a : a->Slice(0, n));
    }
    base_ += n;
    return Status::OK();
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<CollectAccumulator>(other));
    for (int64_t e = 0; e < o->groups_.size(); ++e) {
      SILT_RETURN_NOT_OK(groups_.Push(map[o->groups_[e]]));
      SILT_RETURN_NOT_OK(rows_.Push(base_ + o->rows_[e]));
    }
    for (size_t k = 0; k < types_.size(); ++k) {
      batches_[k].insert(batches_[k].end(), o->batches_[k].begin(), o->batches_[k].end());
    }
    base_ += o->base_;
    return Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override;
  int64_t memory_bytes() const override {
    int64_t bytes = groups_.memory_bytes() + rows_.memory_bytes();
    for (const auto& arrays : batches_) {
      for (const auto& a : arrays) {
        for (const auto& b : a->buffers) bytes += b ? b->size() : 0;
      }
    }
    return bytes;
  }

 private:
  Result<ArrayDataPtr> BuildStrings(const std::vector<ArrayDataPtr>& columns,
                                    const std::vector<int64_t>& starts,
                                    const std::vector<int64_t>& order);
  Result<ArrayDataPtr> BuildLists(const std::vector<ArrayDataPtr>& columns,
                                  const std::vector<int64_t>& starts,
                                  const std::vector<int64_t>& order);

  CollectKind kind_;
  std::vector<DataTypePtr> types_;  // function arguments, then sort keys
  size_t num_args_;
  std::vector<AggregateOrderKey> order_by_;
  MemoryPool* pool_;
  int64_t num_groups_ = 0;
  std::vector<std::vector<ArrayDataPtr>> batches_;  // per argument: the kept batches
  PooledVector<uint32_t> groups_;                   // per entry: its group
  PooledVector<int64_t> rows_;                      // per entry: row in the concatenation
  int64_t base_ = 0;                                // rows kept so far
};

Result<ArrayDataPtr> CollectAccumulator::Finalize() {
  std::vector<ArrayDataPtr> columns(types_.size());
  for (size_t k = 0; k < types_.size(); ++k) {
    if (batches_[k].empty()) {
      SILT_ASSIGN_OR_RETURN(columns[k], MakeNullArray(types_[k], 0, pool_));
    } else {
      SILT_ASSIGN_OR_RETURN(columns[k], Concatenate(batches_[k], pool_));
    }
    batches_[k].clear();
  }
  // Counting sort of the entries by group; stable, so rows keep their input order.
  const int64_t n = num_groups_;
  std::vector<int64_t> starts(static_cast<size_t>(n + 1), 0);
  for (int64_t e = 0; e < groups_.size(); ++e) ++starts[groups_[e] + 1];
  for (int64_t g = 0; g < n; ++g) starts[g + 1] += starts[g];
  std::vector<int64_t> order(static_cast<size_t>(groups_.size()));
  {
    std::vector<int64_t> next(starts.begin(), starts.end() - 1);
    for (int64_t e = 0; e < groups_.size(); ++e) order[next[groups_[e]]++] = rows_[e];
  }
  if (!order_by_.empty()) {
    std::vector<RowCompare> compares;
    for (size_t k = 0; k < order_by_.size(); ++k) {
      SILT_ASSIGN_OR_RETURN(auto c, MakeCompare(columns[num_args_ + k]));
      compares.push_back(std::move(c));
    }
    auto less = [&](int64_t i, int64_t j) {
      for (size_t k = 0; k < order_by_.size(); ++k) {
        const ArrayData& a = *columns[num_args_ + k];
        const bool vi = a.IsValid(i), vj = a.IsValid(j);
        if (!vi || !vj) {
          if (vi == vj) continue;
          return order_by_[k].nulls_first ? !vi : vi;
        }
        int c = compares[k](i, j);
        if (c != 0) return order_by_[k].descending ? c > 0 : c < 0;
      }
      return false;
    };
    for (int64_t g = 0; g < n; ++g) {
      std::stable_sort(order.begin() + starts[g], order.begin() + starts[g + 1], less);
    }
  }
  return kind_ == CollectKind::kStringAgg ? BuildStrings(columns, starts, order)
                                          : BuildLists(columns, starts, order);
}

Result<ArrayDataPtr> CollectAccumulator::BuildStrings(const std::vector<ArrayDataPtr>& columns,
                                                      const std::vector<int64_t>& starts,
                                                      const std::vector<int64_t>& order) {
  const ArrayData& values = *columns[0];
  const ArrayData* separators = num_args_ > 1 ? columns[1].get() : nullptr;
  const int64_t n = num_groups_;
  std::vector<uint8_t> valid(static_cast<size_t>(n), 0);
  SILT_ASSIGN_OR_RETURN(auto offsets, Buffer::Allocate((n + 1) * 8, pool_));
  auto data = std::make_shared<Buffer>(pool_);
  int64_t* offs = offsets->mutable_data_as<int64_t>();
  for (int64_t g = 0; g < n; ++g) {
    offs[g] = data->size();
    for (int64_t e = starts[g]; e < starts[g + 1]; ++e) {
      const int64_t row = order[e];
      if (e > starts[g]) {
        // PostgreSQL: the separator given with a value goes before it; NULL adds nothing.
        std::string_view sep = ",";
        if (separators != nullptr) {
          sep = separators->IsValid(row) ? separators->GetView(row) : std::string_view();
        }
        SILT_RETURN_NOT_OK(data->Append(sep.data(), static_cast<int64_t>(sep.size())));
      }
      std::string_view v = values.GetView(row);
      SILT_RETURN_NOT_OK(data->Append(v.data(), static_cast<int64_t>(v.size())));
      valid[g] = 1;
    }
  }
  offs[n] = data->size();
  auto array = std::make_shared<ArrayData>();
  array->type = types_[0];
  array->length = n;
  SILT_ASSIGN_OR_RETURN(auto validity, MakeValidity(valid.data(), n, &array->null_count, pool_));
  array->buffers = {validity, offsets, data};
  return array;
}

Result<ArrayDataPtr> CollectAccumulator::BuildLists(const std::vector<ArrayDataPtr>& columns,
                                                    const std::vector<int64_t>& starts,
                                                    const std::vector<int64_t>& order) {
  const int64_t n = num_groups_;
  if (static_cast<int64_t>(order.size()) > INT32_MAX) {
    return Status::NotSupported("array_agg of more than 2^31 values in one aggregate");
  }
  std::vector<int32_t> indices(order.begin(), order.end());
  ArrayBuilder items(types_[0], pool_);
  SILT_RETURN_NOT_OK(items.AppendIndices(*columns[0], indices.data(),
                                         static_cast<int64_t>(indices.size())));
  SILT_ASSIGN_OR_RETURN(auto child, items.Finish());
  std::vector<uint8_t> valid(static_cast<size_t>(n), 0);
  SILT_ASSIGN_OR_RETURN(auto offsets, Buffer::Allocate((n + 1) * 4, pool_));
  int32_t* offs = offsets->mutable_data_as<int32_t>();
  for (int64_t g = 0; g <= n; ++g) {
    offs[g] = static_cast<int32_t>(starts[g]);
    if (g < n) valid[g] = starts[g + 1] > starts[g];
  }
  auto array = std::make_shared<ArrayData>();
  array->type = list(field("item", types_[0]));
  array->length = n;
  SILT_ASSIGN_OR_RETURN(auto validity, MakeValidity(valid.data(), n, &array->null_count, pool_));
  array->buffers = {validity, offsets};
  array->children = {child};
  return array;
}

}  // namespace

Status BindCollectAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                            size_t num_args, const std::vector<AggregateOrderKey>& order_by,
                            BoundAggregate* out) {
  if (name == "array_agg") {
    if (num_args != 1) return Status::Plan("");
    out->return_type = list(field("item", types[0]));
  } else {
    if (num_args != 1 && num_args != 2) return Status::Plan("");
    for (size_t k = 0; k < num_args; ++k) {
      const TypeId id = types[k]->id();
      if (id == TypeId::kNull) out->arg_types[k] = utf8();
      else if (id != TypeId::kUtf8 && id != TypeId::kBinary) return Status::Plan("");
    }
    if (num_args == 2 && out->arg_types[1]->id() != out->arg_types[0]->id()) {
      out->arg_types[1] = out->arg_types[0];  // separator cast to the value's type
    }
    out->return_type = out->arg_types[0];
  }
  const CollectKind kind = name == "array_agg" ? CollectKind::kArrayAgg : CollectKind::kStringAgg;
  auto arg_types = out->arg_types;
  out->make = [kind, arg_types, num_args, order_by](
                  MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
    return std::unique_ptr<GroupedAccumulator>(
        new CollectAccumulator(kind, arg_types, num_args, order_by, pool));
  };
  return Status::OK();
}

}  // namespace silt::sql::internal
