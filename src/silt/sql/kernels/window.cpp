// Window functions: return types, ranking and lag/lead over partitions and peer groups, and
// the dispatch to the frame-based evaluators (window_aggregate.cpp).

#include "silt/sql/kernels/window.h"

#include <algorithm>
#include <string>

#include "silt/common/decimal.h"
#include "silt/sql/kernels/take.h"
#include "silt/sql/kernels/window_internal.h"

namespace silt::sql {
namespace {

using internal::WindowLayout;

bool IsIntegerType(const DataType& t) { return t.IsInteger(); }

Status ArgCount(std::string_view name, const std::vector<DataTypePtr>& args, size_t lo, size_t hi) {
  if (args.size() < lo || args.size() > hi) {
    return Status::Plan("window function " + std::string(name) + " does not take " +
                        std::to_string(args.size()) + " argument(s)");
  }
  return Status::OK();
}

Status IntegerArg(std::string_view name, const DataTypePtr& t, const char* what) {
  if (t->id() == TypeId::kNull || IsIntegerType(*t)) return Status::OK();
  return Status::Plan(std::string(name) + ": " + what + " must be an integer, not " + t->ToString());
}

/// row_number, rank, dense_rank, percent_rank, cume_dist, ntile.
Result<ArrayDataPtr> EvaluateRanking(const WindowCall& call, const WindowLayout& l, MemoryPool* pool) {
  const int64_t n = l.num_rows;
  const std::string& name = call.name;
  if (name == "percent_rank" || name == "cume_dist") {
    std::vector<double> out(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      const int64_t size = l.partition_end[i] - l.partition_start[i];
      if (name == "percent_rank") {
        out[i] = size <= 1 ? 0.0
                           : static_cast<double>(l.peer_start[i] - l.partition_start[i]) /
                                 static_cast<double>(size - 1);
      } else {
        out[i] = static_cast<double>(l.peer_end[i] - l.partition_start[i]) / static_cast<double>(size);
      }
    }
    return internal::MakeFloat64Column(out, {}, pool);
  }
  std::vector<int64_t> out(static_cast<size_t>(n));
  std::vector<uint8_t> valid;
  if (name == "row_number") {
    for (int64_t i = 0; i < n; ++i) out[i] = i - l.partition_start[i] + 1;
  } else if (name == "rank") {
    for (int64_t i = 0; i < n; ++i) out[i] = l.peer_start[i] - l.partition_start[i] + 1;
  } else if (name == "dense_rank") {
    for (int64_t i = 0; i < n; ++i) {
      out[i] = l.group_index[i] - l.group_index[l.partition_start[i]] + 1;
    }
  } else {  // ntile: the bucket count is read at each partition's first row
    SILT_ASSIGN_OR_RETURN(auto arg, Flatten(call.args[0], pool));
    valid.assign(static_cast<size_t>(n), 1);
    for (size_t p = 0; p + 1 < l.partition_starts.size(); ++p) {
      const int64_t ps = l.partition_starts[p];
      const int64_t pe = l.partition_starts[p + 1];
      if (arg->IsNull(ps)) {
        std::fill(valid.begin() + ps, valid.begin() + pe, 0);
        continue;
      }
      const int64_t buckets = internal::ReadInteger(*arg, ps);
      if (buckets <= 0) return Status::Execution("argument of ntile must be greater than zero");
      const int64_t size = pe - ps;
      const int64_t per = size / buckets;
      const int64_t extra = size % buckets;  // the first `extra` buckets get one more row
      for (int64_t j = 0; j < size; ++j) {
        const int64_t big = extra * (per + 1);
        out[ps + j] = j < big ? j / (per + 1) + 1 : extra + (j - big) / per + 1;
      }
    }
  }
  return internal::MakeInt64Column(out, valid, pool);
}

/// lag / lead: the row `offset` rows before/after within the partition, else the default.
Result<ArrayDataPtr> EvaluateLagLead(const WindowCall& call, const WindowLayout& l, MemoryPool* pool) {
  const int64_t n = l.num_rows;
  const bool lag = call.name == "lag";
  SILT_ASSIGN_OR_RETURN(auto value, Flatten(call.args[0], pool));
  ArrayDataPtr offsets;
  if (call.args.size() >= 2) {
    SILT_ASSIGN_OR_RETURN(offsets, Flatten(call.args[1], pool));
  }
  // A default value gathers from the concatenation [value, default]: row i's default is n + i.
  ArrayDataPtr source = value;
  bool has_default = false;
  if (call.args.size() == 3 && call.args[2]->type->id() != TypeId::kNull) {
    if (!call.args[2]->type->Equals(*value->type)) {
      return Status::Plan(call.name + ": the default must have the value's type " +
                          value->type->ToString() + ", not " + call.args[2]->type->ToString());
    }
    SILT_ASSIGN_OR_RETURN(auto def, Flatten(call.args[2], pool));
    SILT_ASSIGN_OR_RETURN(source, Concatenate({value, def}, pool));
    has_default = true;
  }
  internal::NonNullIndex nn;
  if (call.ignore_nulls) nn = internal::BuildNonNullIndex(*value);
  const int64_t num_nn = static_cast<int64_t>(nn.positions.size());
  std::vector<int64_t> rows(static_cast<size_t>(n), -1);
  for (int64_t i = 0; i < n; ++i) {
    int64_t k = 1;
    if (offsets) {
      if (offsets->IsNull(i)) continue;  // a NULL offset yields NULL
      k = internal::ReadInteger(*offsets, i);
    }
    const int64_t ps = l.partition_start[i];
    const int64_t pe = l.partition_end[i];
    // Backwards distance: lag k = lead -k.
    const int64_t back = lag ? k : (k == INT64_MIN ? INT64_MAX : -k);
    int64_t target = -1;
    if (back == 0) {
      target = i;
    } else if (!call.ignore_nulls) {
      if (back > 0 ? back <= i - ps : -back < pe - i) target = i - back;
    } else if (back > 0) {
      const int64_t pos = nn.before[i] - back;  // back-th non-NULL row before i
      if (pos >= 0 && nn.positions[pos] >= ps) target = nn.positions[pos];
    } else {
      const int64_t fwd = -back;
      if (fwd <= num_nn - nn.before[i + 1]) {
        const int64_t pos = nn.before[i + 1] + fwd - 1;  // fwd-th non-NULL row after i
        if (nn.positions[pos] < pe) target = nn.positions[pos];
      }
    }
    rows[i] = target >= 0 ? target : (has_default ? n + i : -1);
  }
  return Take(source, rows.data(), n, pool);
}

}  // namespace

bool IsWindowOnlyFunctionName(std::string_view name) {
  static const char* const kNames[] = {"row_number", "rank",       "dense_rank",
                                       "percent_rank", "cume_dist", "ntile",
                                       "lag",        "lead",       "first_value",
                                       "last_value", "nth_value"};
  for (const char* k : kNames) {
    if (name == k) return true;
  }
  return false;
}

Result<DataTypePtr> WindowFunctionReturnType(std::string_view name,
                                             const std::vector<DataTypePtr>& args) {
  if (name == "row_number" || name == "rank" || name == "dense_rank") {
    SILT_RETURN_NOT_OK(ArgCount(name, args, 0, 0));
    return int64();
  }
  if (name == "percent_rank" || name == "cume_dist") {
    SILT_RETURN_NOT_OK(ArgCount(name, args, 0, 0));
    return float64();
  }
  if (name == "ntile") {
    SILT_RETURN_NOT_OK(ArgCount(name, args, 1, 1));
    SILT_RETURN_NOT_OK(IntegerArg(name, args[0], "the bucket count"));
    return int64();
  }
  if (name == "lag" || name == "lead") {
    SILT_RETURN_NOT_OK(ArgCount(name, args, 1, 3));
    if (args.size() >= 2) SILT_RETURN_NOT_OK(IntegerArg(name, args[1], "the offset"));
    if (args.size() == 3 && args[2]->id() != TypeId::kNull && !args[2]->Equals(*args[0])) {
      return Status::Plan(std::string(name) + ": the default (" + args[2]->ToString() +
                          ") must have the value's type " + args[0]->ToString());
    }
    return args[0];
  }
  if (name == "first_value" || name == "last_value") {
    SILT_RETURN_NOT_OK(ArgCount(name, args, 1, 1));
    return args[0];
  }
  if (name == "nth_value") {
    SILT_RETURN_NOT_OK(ArgCount(name, args, 2, 2));
    SILT_RETURN_NOT_OK(IntegerArg(name, args[1], "the row number"));
    return args[0];
  }
  if (name == "count") {
    SILT_RETURN_NOT_OK(ArgCount(name, args, 0, 1));
    return int64();
  }
  if (name == "sum" || name == "avg") {
    SILT_RETURN_NOT_OK(ArgCount(name, args, 1, 1));
    const DataType& t = *args[0];
    if (t.IsInteger()) return name == "sum" ? int64() : float64();
    if (t.IsFloating()) return float64();
    if (t.IsDecimal()) {
      if (name == "sum") return decimal128(38, t.scale());
      if (t.scale() + 4 > 38) {
        return Status::NotSupported("avg of decimal with scale above 34 (" + t.ToString() + ")");
      }
      return decimal(std::min(38, t.precision() + 4), t.scale() + 4);
    }
    return Status::Plan(std::string(name) + " does not apply to " + t.ToString());
  }
  if (name == "min" || name == "max") {
    SILT_RETURN_NOT_OK(ArgCount(name, args, 1, 1));
    if (args[0]->IsNested()) {
      return Status::Plan(std::string(name) + " does not apply to " + args[0]->ToString());
    }
    return args[0];
  }
  return Status::NotSupported("window function " + std::string(name) + " is not supported");
}

Result<ArrayDataPtr> EvaluateWindow(const WindowCall& call,
                                    const std::vector<ArrayDataPtr>& partition_keys,
                                    const std::vector<ArrayDataPtr>& order_keys,
                                    const std::vector<SortKeyOrder>& orders, int64_t num_rows,
                                    MemoryPool* pool) {
  std::vector<DataTypePtr> arg_types;
  for (const auto& a : call.args) {
    if (a->length != num_rows) {
      return Status::Internal(call.name + ": argument has " + std::to_string(a->length) +
                              " rows, expected " + std::to_string(num_rows));
    }
    arg_types.push_back(a->type);
  }
  if (orders.size() != order_keys.size()) {
    return Status::Internal("window: " + std::to_string(order_keys.size()) + " order keys but " +
                            std::to_string(orders.size()) + " orders");
  }
  SILT_ASSIGN_OR_RETURN(auto type, WindowFunctionReturnType(call.name, arg_types));
  const std::string& name = call.name;
  const bool navigation = name == "lag" || name == "lead" || name == "first_value" ||
                          name == "last_value" || name == "nth_value";
  if (call.ignore_nulls && !navigation) {
    return Status::NotSupported("IGNORE NULLS for window function " + name);
  }
  SILT_ASSIGN_OR_RETURN(auto layout, internal::ComputeWindowLayout(partition_keys, order_keys,
                                                                   num_rows, pool));
  if (name == "lag" || name == "lead") return EvaluateLagLead(call, layout, pool);
  if (IsWindowOnlyFunctionName(name) && !navigation) return EvaluateRanking(call, layout, pool);
  SILT_ASSIGN_OR_RETURN(auto frames,
                        internal::ComputeFrames(call, layout, order_keys, orders, pool));
  if (navigation) return internal::EvaluateFrameValue(call, layout, frames, pool);
  return internal::EvaluateFrameAggregate(call, type, layout, frames, pool);
}

}  // namespace silt::sql
