// Ordered-set aggregates (PostgreSQL's WITHIN GROUP): percentile_cont(f), percentile_disc(f)
// and mode() over one ORDER BY key. Rows with a NULL key are ignored; each group's keys are
// kept and sorted when the aggregate is finalized.

#include <cmath>
#include <string>

#include "silt/columnar/builder.h"
#include "silt/sql/kernels/aggregate_internal.h"
#include "silt/sql/kernels/sort.h"
#include "silt/sql/kernels/take.h"

namespace silt::sql::internal {

namespace {

enum class OrderedSet : uint8_t { kPercentileCont, kPercentileDisc, kMode };

class OrderedSetAccumulator : public GroupedAccumulator {
 public:
  OrderedSetAccumulator(OrderedSet kind, DataTypePtr key_type, AggregateOrderKey order, MemoryPool* pool)
      : kind_(kind), key_type_(std::move(key_type)), order_(order), pool_(pool), groups_(pool) {}
  Status Resize(int64_t n) override {
    num_groups_ = std::max(num_groups_, n);
    return Status::OK();
  }
  // args: [fraction,] key.
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    if (n == 0) return Status::OK();
    const ArrayDataPtr& key_arg = args.back();
    if (key_arg->type->id() == TypeId::kNull) return Status::OK();
    SILT_ASSIGN_OR_RETURN(auto key, Flatten(key_arg, pool_));
    ArrayDataPtr fraction;
    if (args.size() > 1) {
      SILT_ASSIGN_OR_RETURN(fraction, Flatten(args[0], pool_));
    }
    std::vector<int64_t> rows;
    Status st;
    ForEachRow(NullableValidity(*key), key->offset, ids, n, [&](uint32_t g, int64_t i) {
      if (!st.ok()) return;
      st = groups_.Push(g);
      rows.push_back(i);
    });
    SILT_RETURN_NOT_OK(st);
    if (rows.empty()) return Status::OK();
    const auto m = static_cast<int64_t>(rows.size());
    SILT_ASSIGN_OR_RETURN(auto kept, Take(key, rows.data(), m, pool_));
    keys_.push_back(kept);
    if (fraction) {
      SILT_ASSIGN_OR_RETURN(auto f, Take(fraction, rows.data(), m, pool_));
      fractions_.push_back(f);
    }
    return Status::OK();
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<OrderedSetAccumulator>(other));
    for (int64_t e = 0; e < o->groups_.size(); ++e) SILT_RETURN_NOT_OK(groups_.Push(map[o->groups_[e]]));
    keys_.insert(keys_.end(), o->keys_.begin(), o->keys_.end());
    fractions_.insert(fractions_.end(), o->fractions_.begin(), o->fractions_.end());
    return Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override;
  int64_t memory_bytes() const override {
    int64_t bytes = groups_.memory_bytes();
    for (const auto* v : {&keys_, &fractions_}) {
      for (const auto& a : *v) {
        for (const auto& b : a->buffers) bytes += b ? b->size() : 0;
      }
    }
    return bytes;
  }

 private:
  OrderedSet kind_;
  DataTypePtr key_type_;
  AggregateOrderKey order_;
  MemoryPool* pool_;
  int64_t num_groups_ = 0;
  PooledVector<uint32_t> groups_;       // per kept row: its group
  std::vector<ArrayDataPtr> keys_;      // kept keys, in entry order
  std::vector<ArrayDataPtr> fractions_; // the fraction of each kept row (percentiles)
};

Result<ArrayDataPtr> OrderedSetAccumulator::Finalize() {
  const int64_t entries = groups_.size();
  ArrayDataPtr keys, fractions;
  if (keys_.empty()) {
    SILT_ASSIGN_OR_RETURN(keys, MakeNullArray(key_type_, 0, pool_));
  } else {
    SILT_ASSIGN_OR_RETURN(keys, Concatenate(keys_, pool_));
  }
  if (!fractions_.empty()) {
    SILT_ASSIGN_OR_RETURN(fractions, Concatenate(fractions_, pool_));
  }
  // Sort the entries by (group, key in the requested direction).
  ArrayBuilder gb(uint32(), pool_);
  for (int64_t e = 0; e < entries; ++e) SILT_RETURN_NOT_OK(gb.Append<uint32_t>(groups_[e]));
  SILT_ASSIGN_OR_RETURN(auto group_column, gb.Finish());
  std::vector<SortKeyOrder> orders = {SortKeyOrder{}, SortKeyOrder{order_.descending, order_.nulls_first}};
  SILT_ASSIGN_OR_RETURN(auto sorted, SortIndices({group_column, keys}, orders, entries, pool_));
  const int64_t n = num_groups_;
  std::vector<int64_t> starts(static_cast<size_t>(n + 1), 0);
  for (int64_t e = 0; e < entries; ++e) ++starts[groups_[e] + 1];
  for (int64_t g = 0; g < n; ++g) starts[g + 1] += starts[g];

  if (kind_ == OrderedSet::kPercentileCont) {
    std::vector<double> out(static_cast<size_t>(n), 0);
    std::vector<uint8_t> valid(static_cast<size_t>(n), 0);
    const double* v = keys->values<double>();
    for (int64_t g = 0; g < n; ++g) {
      const int64_t begin = starts[g], count = starts[g + 1] - begin;
      if (count == 0) continue;
      const int64_t first = sorted[begin];
      if (fractions->IsNull(first)) continue;
      const double f = fractions->values<double>()[first];
      if (!(f >= 0 && f <= 1)) {
        return Status::Execution("percentile value " + std::to_string(f) + " is not between 0 and 1");
      }
      const double pos = f * static_cast<double>(count - 1);
      const auto lo = static_cast<int64_t>(std::floor(pos)), hi = static_cast<int64_t>(std::ceil(pos));
      const double a = v[sorted[begin + lo]], b = v[sorted[begin + hi]];
      out[g] = lo == hi ? a : a + (pos - static_cast<double>(lo)) * (b - a);
      valid[g] = 1;
    }
    return MakeFixedArray<double>(float64(), out.data(), valid.data(), n, pool_);
  }
  // percentile_disc / mode pick one kept row per group (-1: NULL).
  std::vector<int64_t> pick(static_cast<size_t>(n), -1);
  const std::vector<ArrayDataPtr> key_list = {keys};
  const std::vector<SortKeyOrder> key_order = {SortKeyOrder{}};
  for (int64_t g = 0; g < n; ++g) {
    const int64_t begin = starts[g], count = starts[g + 1] - begin;
    if (count == 0) continue;
    if (kind_ == OrderedSet::kPercentileDisc) {
      const int64_t first = sorted[begin];
      if (fractions->IsNull(first)) continue;
      const double f = fractions->values<double>()[first];
      if (!(f >= 0 && f <= 1)) {
        return Status::Execution("percentile value " + std::to_string(f) + " is not between 0 and 1");
      }
      // The first value whose position in the ordering reaches the fraction.
      int64_t k = static_cast<int64_t>(std::ceil(f * static_cast<double>(count))) - 1;
      k = std::max<int64_t>(0, std::min(k, count - 1));
      pick[g] = sorted[begin + k];
      continue;
    }
    // mode: the longest run of equal keys; the first such run in the ordering wins ties.
    int64_t best = sorted[begin], best_len = 0, run_start = 0;
    for (int64_t e = 1; e <= count; ++e) {
      const bool run_ends = e == count || CompareRows(key_list, sorted[begin + e], key_list, sorted[begin + e - 1], key_order) != 0;
      if (!run_ends) continue;
      if (e - run_start > best_len) {
        best_len = e - run_start;
        best = sorted[begin + run_start];
      }
      run_start = e;
    }
    pick[g] = best;
  }
  return Take(keys, pick.data(), n, pool_);
}

}  // namespace

Status BindOrderedSetAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                               size_t num_args, const std::vector<AggregateOrderKey>& order_by,
                               BoundAggregate* out) {
  if (order_by.size() != 1) return Status::Plan("");
  const size_t key = types.size() - 1;
  OrderedSet kind;
  if (name == "mode") {
    if (num_args != 0) return Status::Plan("");
    kind = OrderedSet::kMode;
  } else {
    if (num_args != 1) return Status::Plan("");
    const DataType& f = *types[0];
    if (!f.IsInteger() && !f.IsFloating() && !f.IsDecimal() && f.id() != TypeId::kNull) return Status::Plan("");
    out->arg_types[0] = float64();
    kind = name == "percentile_cont" ? OrderedSet::kPercentileCont : OrderedSet::kPercentileDisc;
  }
  DataTypePtr key_type = types[key];
  if (key_type->IsNested()) return Status::Plan("");
  if (kind == OrderedSet::kPercentileCont) {
    if (!key_type->IsInteger() && !key_type->IsFloating() && !key_type->IsDecimal() && key_type->id() != TypeId::kNull) {
      return Status::Plan("");
    }
    key_type = out->arg_types[key] = float64();
    out->return_type = float64();
  } else {
    if (key_type->id() == TypeId::kNull) key_type = out->arg_types[key] = int64();
    out->return_type = key_type;
  }
  const AggregateOrderKey order = order_by[0];
  out->make = [kind, key_type, order](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
    return std::unique_ptr<GroupedAccumulator>(new OrderedSetAccumulator(kind, key_type, order, pool));
  };
  return Status::OK();
}

}  // namespace silt::sql::internal
