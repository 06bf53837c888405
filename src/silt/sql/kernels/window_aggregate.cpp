// Aggregates and value functions over window frames. Frames of sorted rows have starts and
// ends that never move backwards within a partition, so sums use prefix sums (exact int128
// for integers and decimals), float sums a running total or a segment tree, and min/max a
// monotonic deque over the rows' positions in the argument's sort order (one code path for
// every orderable type, no per-comparison type switch).

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <string>

#include "silt/common/decimal.h"
#include "silt/functions/decimal_util.h"
#include "silt/sql/kernels/take.h"
#include "silt/sql/kernels/window_internal.h"

namespace silt::sql::internal {
namespace {

using i128 = __int128;

template <typename T>
Result<ArrayDataPtr> MakeFixedColumn(const DataTypePtr& type, const std::vector<T>& values,
                                     const std::vector<uint8_t>& valid, MemoryPool* pool) {
  const int64_t n = static_cast<int64_t>(values.size());
  SILT_ASSIGN_OR_RETURN(auto buf, Buffer::Allocate(n * static_cast<int64_t>(sizeof(T)), pool));
  buf->UnsafeSetSize(n * static_cast<int64_t>(sizeof(T)));
  if (n > 0) std::memcpy(buf->mutable_data(), values.data(), sizeof(T) * values.size());
  auto out = std::make_shared<ArrayData>();
  out->type = type;
  out->length = n;
  out->buffers = {nullptr, std::move(buf)};
  if (!valid.empty()) {
    int64_t nulls = 0;
    for (uint8_t v : valid) nulls += v ? 0 : 1;
    if (nulls > 0) {
      SILT_ASSIGN_OR_RETURN(auto bits, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool));
      bits->UnsafeSetSize(bit_util::BytesForBits(n));
      for (int64_t i = 0; i < n; ++i) {
        if (valid[i]) bit_util::SetBit(bits->mutable_data(), i);
      }
      out->buffers[0] = std::move(bits);
      out->null_count = nulls;
    }
  }
  return out;
}

/// Bottom-up segment tree of double sums (sliding float sums: no cancellation from
/// subtracting prefix sums, and infinities stay correct).
class SumTree {
 public:
  explicit SumTree(const std::vector<double>& v) : n_(static_cast<int64_t>(v.size())), t_(2 * v.size()) {
    for (int64_t i = 0; i < n_; ++i) t_[n_ + i] = v[i];
    for (int64_t i = n_ - 1; i > 0; --i) t_[i] = t_[2 * i] + t_[2 * i + 1];
  }
  double Sum(int64_t l, int64_t r) const {
    double left = 0, right = 0;
    for (l += n_, r += n_; l < r; l >>= 1, r >>= 1) {
      if (l & 1) left += t_[l++];
      if (r & 1) right = t_[--r] + right;
    }
    return left + right;
  }

 private:
  int64_t n_;
  std::vector<double> t_;
};

Status CheckMonotone(const WindowLayout& l, const FrameBounds& f) {
  for (int64_t i = 1; i < l.num_rows; ++i) {
    if (l.partition_start[i] == l.partition_start[i - 1] &&
        (f.start[i] < f.start[i - 1] || f.end[i] < f.end[i - 1])) {
      return Status::Internal("window frame bounds move backwards");
    }
  }
  return Status::OK();
}

/// min/max: the rows holding the extreme value of each frame, or -1 for frames without a
/// non-NULL value.
Result<std::vector<int64_t>> ExtremeRows(const ArrayDataPtr& arg, bool is_max,
                                         const WindowLayout& l, const FrameBounds& f,
                                         MemoryPool* pool) {
  const int64_t n = l.num_rows;
  SILT_RETURN_NOT_OK(CheckMonotone(l, f));
  SILT_ASSIGN_OR_RETURN(auto order, SortIndices({arg}, {{false, false}}, n, pool));
  // rank: position in ascending order; NULL rows never win.
  std::vector<int64_t> rank(static_cast<size_t>(n));
  for (int64_t p = 0; p < n; ++p) rank[order[p]] = is_max ? p : -p;
  for (int64_t i = 0; i < n; ++i) {
    if (arg->IsNull(i)) rank[i] = INT64_MIN;
  }
  // Monotonic deque of rows with decreasing rank (the front is the best).
  std::vector<int64_t> out(static_cast<size_t>(n), -1);
  std::deque<int64_t> dq;
  int64_t next = 0;  // next row to push
  for (int64_t i = 0; i < n; ++i) {
    if (i == 0 || l.partition_start[i] != l.partition_start[i - 1]) {
      dq.clear();
      next = l.partition_start[i];
    }
    for (; next < f.end[i]; ++next) {
      while (!dq.empty() && rank[dq.back()] <= rank[next]) dq.pop_back();
      dq.push_back(next);
    }
    while (!dq.empty() && dq.front() < f.start[i]) dq.pop_front();
    if (!dq.empty() && rank[dq.front()] != INT64_MIN) out[i] = dq.front();
  }
  return out;
}

Status SumOverflow(const char* what) { return Status::Execution(std::string(what) + " out of range"); }

}  // namespace

Result<ArrayDataPtr> MakeInt64Column(const std::vector<int64_t>& values,
                                     const std::vector<uint8_t>& valid, MemoryPool* pool) {
  return MakeFixedColumn(int64(), values, valid, pool);
}

Result<ArrayDataPtr> MakeFloat64Column(const std::vector<double>& values,
                                       const std::vector<uint8_t>& valid, MemoryPool* pool) {
  return MakeFixedColumn(float64(), values, valid, pool);
}

int64_t ReadInteger(const ArrayData& a, int64_t i) {
  switch (a.type->id()) {
    case TypeId::kInt8: return a.values<int8_t>()[i];
    case TypeId::kInt16: return a.values<int16_t>()[i];
    case TypeId::kInt32: return a.values<int32_t>()[i];
    case TypeId::kUInt8: return a.values<uint8_t>()[i];
    case TypeId::kUInt16: return a.values<uint16_t>()[i];
    case TypeId::kUInt32: return a.values<uint32_t>()[i];
    case TypeId::kUInt64: {
      const uint64_t v = a.values<uint64_t>()[i];
      return v > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(v);
    }
    default: return a.values<int64_t>()[i];
  }
}

NonNullIndex BuildNonNullIndex(const ArrayData& a) {
  NonNullIndex x;
  x.before.resize(static_cast<size_t>(a.length) + 1);
  x.before[0] = 0;
  for (int64_t i = 0; i < a.length; ++i) {
    const bool valid = a.IsValid(i);
    if (valid) x.positions.push_back(i);
    x.before[i + 1] = x.before[i] + (valid ? 1 : 0);
  }
  return x;
}

Result<ArrayDataPtr> EvaluateFrameAggregate(const WindowCall& call, const DataTypePtr& type,
                                            const WindowLayout& l, const FrameBounds& f,
                                            MemoryPool* pool) {
  const int64_t n = l.num_rows;
  const std::string& name = call.name;
  if (name == "count" && call.args.empty()) {
    std::vector<int64_t> out(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) out[i] = f.end[i] - f.start[i];
    return MakeInt64Column(out, {}, pool);
  }
  SILT_ASSIGN_OR_RETURN(auto arg, Flatten(call.args[0], pool));
  if (name == "min" || name == "max") {
    SILT_ASSIGN_OR_RETURN(auto rows, ExtremeRows(arg, name == "max", l, f, pool));
    return Take(arg, rows.data(), n, pool);
  }
  // Prefix counts of non-NULL values.
  std::vector<int64_t> count_before(static_cast<size_t>(n) + 1, 0);
  for (int64_t i = 0; i < n; ++i) count_before[i + 1] = count_before[i] + (arg->IsValid(i) ? 1 : 0);
  std::vector<int64_t> counts(static_cast<size_t>(n));
  std::vector<uint8_t> valid(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    counts[i] = count_before[f.end[i]] - count_before[f.start[i]];
    valid[i] = counts[i] > 0;
  }
  if (name == "count") return MakeInt64Column(counts, {}, pool);
  const DataType& at = *arg->type;
  const bool avg = name == "avg";
  if (at.IsFloating()) {
    std::vector<double> values(static_cast<size_t>(n), 0.0);
    for (int64_t i = 0; i < n; ++i) {
      if (arg->IsValid(i)) values[i] = at.id() == TypeId::kFloat32 ? arg->values<float>()[i] : arg->values<double>()[i];
    }
    bool running = true;  // every frame starts at its partition start: a running total
    for (int64_t i = 0; i < n && running; ++i) running = f.start[i] == l.partition_start[i];
    SILT_RETURN_NOT_OK(CheckMonotone(l, f));
    std::vector<double> out(static_cast<size_t>(n), 0.0);
    if (running) {
      double acc = 0;
      int64_t next = 0;
      for (int64_t i = 0; i < n; ++i) {
        if (i == 0 || l.partition_start[i] != l.partition_start[i - 1]) {
          acc = 0;
          next = l.partition_start[i];
        }
        for (; next < f.end[i]; ++next) acc += values[next];
        out[i] = acc;
      }
    } else {
      SumTree tree(values);
      for (int64_t i = 0; i < n; ++i) out[i] = tree.Sum(f.start[i], f.end[i]);
    }
    if (avg) {
      for (int64_t i = 0; i < n; ++i) out[i] = valid[i] ? out[i] / static_cast<double>(counts[i]) : 0.0;
    }
    return MakeFloat64Column(out, valid, pool);
  }
  if (!at.IsInteger() && !at.IsDecimal()) {
    return Status::Plan(name + " does not apply to " + at.ToString());
  }
  // Exact prefix sums. int64 inputs cannot overflow 128 bits; decimal128 prefixes can, in
  // which case we refuse rather than answer wrongly.
  std::vector<i128> prefix(static_cast<size_t>(n) + 1, 0);
  for (int64_t i = 0; i < n; ++i) {
    i128 v = 0;
    if (arg->IsValid(i)) {
      switch (at.id()) {
        case TypeId::kInt8: v = arg->values<int8_t>()[i]; break;
        case TypeId::kInt16: v = arg->values<int16_t>()[i]; break;
        case TypeId::kInt32: v = arg->values<int32_t>()[i]; break;
        case TypeId::kUInt8: v = arg->values<uint8_t>()[i]; break;
        case TypeId::kUInt16: v = arg->values<uint16_t>()[i]; break;
        case TypeId::kUInt32: v = arg->values<uint32_t>()[i]; break;
        case TypeId::kUInt64: v = arg->values<uint64_t>()[i]; break;
        case TypeId::kDecimal128: std::memcpy(&v, arg->GetFixed(i), 16); break;
        default: v = arg->values<int64_t>()[i]; break;
      }
    }
    if (__builtin_add_overflow(prefix[i], v, &prefix[i + 1])) {
      return Status::NotSupported("window " + name + " over decimal values whose running total exceeds 128 bits");
    }
  }
  if (at.IsInteger()) {
    if (avg) {
      std::vector<double> out(static_cast<size_t>(n), 0.0);
      for (int64_t i = 0; i < n; ++i) {
        if (valid[i]) out[i] = static_cast<double>(prefix[f.end[i]] - prefix[f.start[i]]) / static_cast<double>(counts[i]);
      }
      return MakeFloat64Column(out, valid, pool);
    }
    std::vector<int64_t> out(static_cast<size_t>(n), 0);
    for (int64_t i = 0; i < n; ++i) {
      if (!valid[i]) continue;
      const i128 s = prefix[f.end[i]] - prefix[f.start[i]];
      if (s > INT64_MAX || s < INT64_MIN) return SumOverflow("sum: bigint");
      out[i] = static_cast<int64_t>(s);
    }
    return MakeInt64Column(out, valid, pool);
  }
  // Decimals: sum -> decimal128(38, s); avg -> `type` (scale s + 4), rounded half away.
  const i128 limit = Pow10Int128(38);
  std::vector<i128> out(static_cast<size_t>(n), 0);
  for (int64_t i = 0; i < n; ++i) {
    if (!valid[i]) continue;
    i128 s = prefix[f.end[i]] - prefix[f.start[i]];
    if (avg) {
      i128 scaled;
      if (!MultiplyByPow10(s, type->scale() - at.scale(), &scaled)) return SumOverflow("avg: decimal");
      s = functions::internal::DivRoundHalfAway(scaled, counts[i]);
      if (!functions::internal::FitsPrecision(s, type->precision())) return SumOverflow("avg: decimal");
    } else if (s >= limit || s <= -limit) {
      return SumOverflow("sum: decimal");
    }
    out[i] = s;
  }
  if (type->id() == TypeId::kDecimal64) {
    std::vector<int64_t> narrow(out.begin(), out.end());
    return MakeFixedColumn(type, narrow, valid, pool);
  }
  return MakeFixedColumn(type, out, valid, pool);
}

Result<ArrayDataPtr> EvaluateFrameValue(const WindowCall& call, const WindowLayout& l,
                                        const FrameBounds& f, MemoryPool* pool) {
  const int64_t n = l.num_rows;
  SILT_ASSIGN_OR_RETURN(auto value, Flatten(call.args[0], pool));
  ArrayDataPtr nth;
  if (call.name == "nth_value") {
    SILT_ASSIGN_OR_RETURN(nth, Flatten(call.args[1], pool));
  }
  NonNullIndex nn;
  if (call.ignore_nulls) nn = BuildNonNullIndex(*value);
  const int64_t num_nn = static_cast<int64_t>(nn.positions.size());
  std::vector<int64_t> rows(static_cast<size_t>(n), -1);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t s = f.start[i];
    const int64_t e = f.end[i];
    if (s >= e) continue;
    if (call.name == "first_value") {
      if (!call.ignore_nulls) {
        rows[i] = s;
      } else if (nn.before[s] < num_nn && nn.positions[nn.before[s]] < e) {
        rows[i] = nn.positions[nn.before[s]];
      }
    } else if (call.name == "last_value") {
      if (!call.ignore_nulls) {
        rows[i] = e - 1;
      } else if (nn.before[e] > 0 && nn.positions[nn.before[e] - 1] >= s) {
        rows[i] = nn.positions[nn.before[e] - 1];
      }
    } else {
      if (nth->IsNull(i)) continue;
      const int64_t k = ReadInteger(*nth, i);
      if (k <= 0) return Status::Execution("argument of nth_value must be greater than zero");
      if (!call.ignore_nulls) {
        if (k <= e - s) rows[i] = s + k - 1;
      } else if (k <= num_nn - nn.before[s] && nn.positions[nn.before[s] + k - 1] < e) {
        rows[i] = nn.positions[nn.before[s] + k - 1];
      }
    }
  }
  return Take(value, rows.data(), n, pool);
}

}  // namespace silt::sql::internal
