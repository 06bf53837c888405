// Aggregate name resolution and binding, and the DISTINCT wrapper.

#include "silt/sql/kernels/aggregate.h"

#include <algorithm>

#include "silt/columnar/builder.h"
#include "silt/sql/kernels/aggregate_internal.h"
#include "silt/sql/kernels/group_hash_table.h"

namespace silt::sql {

namespace {

struct AggregateName {
  const char* name;
  const char* canonical;
};

// Every spelling users can type; aliases follow PostgreSQL, DuckDB, MySQL and Trino.
constexpr AggregateName kNames[] = {
    {"count", "count"},           {"sum", "sum"},
    {"avg", "avg"},               {"mean", "avg"},
    {"min", "min"},               {"max", "max"},
    {"any_value", "any_value"},   {"arbitrary", "any_value"},
    {"stddev", "stddev_samp"},    {"stddev_samp", "stddev_samp"},
    {"stddev_pop", "stddev_pop"}, {"variance", "var_samp"},
    {"var_samp", "var_samp"},     {"var_pop", "var_pop"},
    {"bool_and", "bool_and"},     {"every", "bool_and"},
    {"bool_or", "bool_or"},       {"string_agg", "string_agg"},
    {"listagg", "string_agg"},    {"group_concat", "string_agg"},
    {"array_agg", "array_agg"},   {"approx_distinct", "approx_distinct"},
    {"approx_count_distinct", "approx_distinct"},
    {"bit_and", "bit_and"},       {"bit_or", "bit_or"},
    {"bit_xor", "bit_xor"},
    {"corr", "corr"},             {"covar_pop", "covar_pop"},
    {"covar_samp", "covar_samp"}, {"regr_slope", "regr_slope"},
    {"regr_intercept", "regr_intercept"}, {"regr_count", "regr_count"},
    {"regr_r2", "regr_r2"},       {"regr_avgx", "regr_avgx"},
    {"regr_avgy", "regr_avgy"},   {"regr_sxx", "regr_sxx"},
    {"regr_syy", "regr_syy"},     {"regr_sxy", "regr_sxy"},
    {"percentile_cont", "percentile_cont"}, {"percentile_disc", "percentile_disc"},
    {"mode", "mode"},
};

/// What each function accepts, for error messages.
std::string Accepts(const std::string& canonical) {
  if (canonical == "count") return "count(*) or count(any)";
  if (canonical == "sum") return "sum(integer | floating point | decimal | interval)";
  if (canonical == "avg") return "avg(integer | floating point | decimal)";
  if (canonical == "min" || canonical == "max" || canonical == "any_value") {
    return canonical + "(numeric | decimal | bool | utf8 | binary | fixed_binary | date | time | timestamp)";
  }
  if (canonical == "bool_and" || canonical == "bool_or") return canonical + "(bool)";
  if (canonical == "string_agg") return "string_agg(utf8 [, utf8]) or string_agg(binary [, binary])";
  if (canonical == "array_agg") return "array_agg(any)";
  if (canonical == "bit_and" || canonical == "bit_or" || canonical == "bit_xor") return canonical + "(integer)";
  if (canonical == "percentile_cont") return "percentile_cont(fraction) WITHIN GROUP (ORDER BY numeric)";
  if (canonical == "percentile_disc") return "percentile_disc(fraction) WITHIN GROUP (ORDER BY any)";
  if (canonical == "mode") return "mode() WITHIN GROUP (ORDER BY any)";
  if (internal::IsCovarianceAggregateName(canonical)) return canonical + "(numeric Y, numeric X)";
  if (canonical == "approx_distinct") return "approx_distinct(any non-nested type)";
  return canonical + "(integer | floating point | decimal)";
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

const AggregateName* Lookup(std::string_view name) {
  std::string lower = ToLower(name);
  for (const auto& n : kNames) {
    if (lower == n.name) return &n;
  }
  return nullptr;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// Dedupes (group, arguments) with a GroupHashTable over [group id, arguments...] and feeds
/// each combination's first row to the inner accumulator. Sort keys of ordered aggregates
/// are part of the deduplicated key (PostgreSQL requires them to be among the arguments).
class DistinctAccumulator : public GroupedAccumulator {
 public:
  DistinctAccumulator(std::unique_ptr<GroupedAccumulator> inner,
                      std::vector<DataTypePtr> key_types, MemoryPool* pool)
      : inner_(std::move(inner)), pool_(pool), table_(std::move(key_types), pool) {}
  Status Resize(int64_t n) override { return inner_->Resize(n); }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    std::vector<int32_t> selected;
    for (int64_t i = 0; i < n; ++i) {
      if (ids[i] != kSkipRow) selected.push_back(static_cast<int32_t>(i));
    }
    const int64_t m = static_cast<int64_t>(selected.size());
    if (m == 0) return Status::OK();
    std::vector<ArrayDataPtr> keys;
    SILT_ASSIGN_OR_RETURN(auto group_buffer, Buffer::Allocate(m * 4, pool_));
    uint32_t* groups = group_buffer->mutable_data_as<uint32_t>();
    for (int64_t r = 0; r < m; ++r) groups[r] = ids[selected[r]];
    auto group_column = std::make_shared<ArrayData>();
    group_column->type = uint32();
    group_column->length = m;
    group_column->buffers = {nullptr, group_buffer};
    keys.push_back(group_column);
    for (const auto& arg : args) {
      if (m == n) {
        keys.push_back(arg);
        continue;
      }
      ArrayBuilder b(arg->type, pool_);
      SILT_RETURN_NOT_OK(b.AppendIndices(*arg, selected.data(), m));
      SILT_ASSIGN_OR_RETURN(auto gathered, b.Finish());
      keys.push_back(gathered);
    }
    return Feed(keys, m);
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, internal::SameAccumulator<DistinctAccumulator>(other));
    SILT_ASSIGN_OR_RETURN(auto keys, o->table_.GetKeys());
    const int64_t m = o->table_.num_groups();
    if (m == 0) return Status::OK();
    SILT_ASSIGN_OR_RETURN(auto group_buffer, Buffer::Allocate(m * 4, pool_));
    uint32_t* groups = group_buffer->mutable_data_as<uint32_t>();
    const uint32_t* theirs = keys[0]->values<uint32_t>();
    for (int64_t r = 0; r < m; ++r) groups[r] = map[theirs[r]];
    auto group_column = std::make_shared<ArrayData>(*keys[0]);
    group_column->buffers = {nullptr, group_buffer};
    group_column->offset = 0;
    keys[0] = group_column;
    return Feed(keys, m);
  }
  Result<ArrayDataPtr> Finalize() override { return inner_->Finalize(); }
  int64_t memory_bytes() const override { return inner_->memory_bytes() + table_.memory_bytes(); }

 private:
  /// keys = [group ids, arguments...] of m rows (no kSkipRow).
  Status Feed(const std::vector<ArrayDataPtr>& keys, int64_t m) {
    const int64_t before = table_.num_groups();
    SILT_RETURN_NOT_OK(table_.FindOrInsert(keys, m, &distinct_ids_));
    // Ids are dense in first-seen order, so a row is a combination's first when its id is the
    // next unseen one.
    std::vector<uint32_t> feed(static_cast<size_t>(m));
    const uint32_t* groups = keys[0]->values<uint32_t>();
    int64_t next = before;
    for (int64_t r = 0; r < m; ++r) {
      if (distinct_ids_[r] == next) {
        feed[r] = groups[r];
        ++next;
      } else {
        feed[r] = kSkipRow;
      }
    }
    std::vector<ArrayDataPtr> args(keys.begin() + 1, keys.end());
    return inner_->Update(args, feed.data(), m);
  }

  std::unique_ptr<GroupedAccumulator> inner_;
  MemoryPool* pool_;
  GroupHashTable table_;
  std::vector<uint32_t> distinct_ids_;
};

}  // namespace

namespace internal {

std::string Signature(const std::string& name, const std::vector<DataTypePtr>& types) {
  std::string out = name + "(";
  for (size_t i = 0; i < types.size(); ++i) out += (i ? ", " : "") + types[i]->ToString();
  return out + ")";
}

Result<std::unique_ptr<GroupedAccumulator>> MakeDistinctAccumulator(
    std::unique_ptr<GroupedAccumulator> inner, std::vector<DataTypePtr> arg_types,
    MemoryPool* pool) {
  std::vector<DataTypePtr> key_types = {uint32()};
  key_types.insert(key_types.end(), arg_types.begin(), arg_types.end());
  return std::unique_ptr<GroupedAccumulator>(
      new DistinctAccumulator(std::move(inner), std::move(key_types), pool));
}

}  // namespace internal

Result<BoundAggregate> BindAggregate(std::string_view name,
                                     const std::vector<DataTypePtr>& arg_types, bool distinct,
                                     const std::vector<AggregateOrderKey>& order_by) {
  const AggregateName* entry = Lookup(name);
  if (entry == nullptr) {
    std::string lower = ToLower(name);
    std::string msg = "unknown aggregate function " + std::string(name);
    std::vector<std::string> close;
    for (const auto& n : kNames) {
      if (EditDistance(lower, n.name) <= std::max<size_t>(1, lower.size() / 4)) close.push_back(n.name);
    }
    if (!close.empty()) {
      msg += "; did you mean ";
      for (size_t i = 0; i < close.size() && i < 5; ++i) msg += (i ? ", " : "") + close[i];
    }
    return Status::Plan(msg);
  }
  const std::string canonical = entry->canonical;
  for (const auto& t : arg_types) {
    if (!t) return Status::Internal("BindAggregate: null argument type");
  }
  if (order_by.size() > arg_types.size()) {
    return Status::Internal("BindAggregate: more ORDER BY keys than argument types");
  }
  const size_t num_args = arg_types.size() - order_by.size();
  BoundAggregate out;
  out.name = canonical;
  out.arg_types = arg_types;
  out.distinct = distinct;
  Status st;
  if (canonical == "count" || canonical == "sum" || canonical == "avg" ||
      canonical == "bool_and" || canonical == "bool_or") {
    st = internal::BindBasicAggregate(canonical, arg_types, num_args, &out);
  } else if (canonical == "min" || canonical == "max" || canonical == "any_value") {
    st = internal::BindMinMaxAggregate(canonical, arg_types, num_args, &out);
  } else if (canonical == "percentile_cont" || canonical == "percentile_disc" || canonical == "mode") {
    st = internal::BindOrderedSetAggregate(canonical, arg_types, num_args, order_by, &out);
  } else if (internal::IsCovarianceAggregateName(canonical)) {
    st = internal::BindCovarianceAggregate(canonical, arg_types, num_args, &out);
  } else if (canonical == "bit_and" || canonical == "bit_or" || canonical == "bit_xor") {
    st = internal::BindBitwiseAggregate(canonical, arg_types, num_args, &out);
  } else if (canonical == "string_agg" || canonical == "array_agg") {
    st = internal::BindCollectAggregate(canonical, arg_types, num_args, order_by, &out);
  } else {
    st = internal::BindStatisticAggregate(canonical, arg_types, num_args, &out);
  }
  if (!st.ok()) {
    std::vector<DataTypePtr> args(arg_types.begin(), arg_types.begin() + static_cast<long>(num_args));
    return Status::Plan("no aggregate function " + internal::Signature(std::string(name), args) +
                        "; expected " + Accepts(canonical));
  }
  if (distinct) {
    auto inner = out.make;
    auto types = out.arg_types;
    out.make = [inner, types](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
      SILT_ASSIGN_OR_RETURN(auto acc, inner(pool));
      return internal::MakeDistinctAccumulator(std::move(acc), types, pool);
    };
  }
  return out;
}

bool IsAggregateFunctionName(std::string_view name) { return Lookup(name) != nullptr; }

std::vector<std::string> AggregateFunctionNames() {
  std::vector<std::string> names;
  for (const auto& n : kNames) names.emplace_back(n.name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace silt::sql
