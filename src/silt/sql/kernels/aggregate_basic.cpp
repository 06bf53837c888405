// count, sum, avg, bool_and, bool_or.

#include <limits>

#include "silt/common/decimal.h"
#include "silt/functions/decimal_util.h"
#include "silt/sql/kernels/aggregate_internal.h"

namespace silt::sql::internal {

namespace {

class CountAccumulator : public GroupedAccumulator {
 public:
  CountAccumulator(bool star, MemoryPool* pool) : star_(star), pool_(pool), counts_(pool) {}
  Status Resize(int64_t n) override { return counts_.Resize(n, 0); }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    int64_t* counts = counts_.data();
    auto count = [&](uint32_t g, int64_t) { ++counts[g]; };
    if (star_) {
      ForEachRow(nullptr, 0, ids, n, count);
      return Status::OK();
    }
    const ArrayDataPtr& arg = args[0];
    if (arg->type->id() == TypeId::kNull) return Status::OK();
    if (arg->encoding == Encoding::kConstant) {
      if (arg->dictionary->IsValid(0)) ForEachRow(nullptr, 0, ids, n, count);
      return Status::OK();
    }
    SILT_ASSIGN_OR_RETURN(auto a, Flatten(arg, pool_));
    ForEachRow(NullableValidity(*a), a->offset, ids, n, count);
    return Status::OK();
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<CountAccumulator>(other));
    for (int64_t g = 0; g < o->counts_.size(); ++g) counts_[map[g]] += o->counts_[g];
    return Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override {
    return MakeFixedArray<int64_t>(int64(), counts_.data(), nullptr, counts_.size(), pool_);
  }
  int64_t memory_bytes() const override { return counts_.memory_bytes(); }

 private:
  bool star_;
  MemoryPool* pool_;
  PooledVector<int64_t> counts_;
};

/// What a SumAccumulator produces.
enum class SumResult : uint8_t { kInt64, kDecimal, kDouble, kAvgDouble, kAvgDecimal };

/// sum/avg over fixed-width input `In`, accumulated in `Acc` (int64 and int128 with overflow
/// checks, or double). Counts non-NULL rows per group (NULL result for a count of 0).
template <typename In, typename Acc, SumResult kResult>
class SumAccumulator : public GroupedAccumulator {
 public:
  SumAccumulator(DataTypePtr arg_type, DataTypePtr return_type, MemoryPool* pool)
      : arg_type_(std::move(arg_type)), return_type_(std::move(return_type)), pool_(pool),
        states_(pool) {}
  Status Resize(int64_t n) override { return states_.Resize(n, State{}); }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    if (args[0]->type->id() == TypeId::kNull) return Status::OK();
    SILT_ASSIGN_OR_RETURN(auto a, Flatten(args[0], pool_));
    const In* values = a->values<In>();
    State* states = states_.data();
    bool overflow = false;
    ForEachRow(NullableValidity(*a), a->offset, ids, n, [&](uint32_t g, int64_t i) {
      State& s = states[g];
      if constexpr (std::is_integral_v<Acc> || std::is_same_v<Acc, __int128>) {
        overflow |= __builtin_add_overflow(s.sum, static_cast<Acc>(values[i]), &s.sum);
      } else {
        s.sum += static_cast<Acc>(values[i]);
      }
      ++s.count;
    });
    return overflow ? OverflowError() : Status::OK();
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<SumAccumulator>(other));
    bool overflow = false;
    for (int64_t g = 0; g < o->states_.size(); ++g) {
      State& t = states_[map[g]];
      const State& from = o->states_[g];
      if constexpr (std::is_integral_v<Acc> || std::is_same_v<Acc, __int128>) {
        overflow |= __builtin_add_overflow(t.sum, from.sum, &t.sum);
      } else {
        t.sum += from.sum;
      }
      t.count += from.count;
    }
    return overflow ? OverflowError() : Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override {
    const int64_t n = states_.size();
    std::vector<uint8_t> valid(static_cast<size_t>(n));
    std::vector<Acc> sums(static_cast<size_t>(n));
    for (int64_t g = 0; g < n; ++g) {
      valid[g] = states_[g].count > 0;
      sums[g] = states_[g].sum;
    }
    if constexpr (kResult == SumResult::kInt64 || kResult == SumResult::kDouble) {
      return MakeFixedArray<Acc>(return_type_, sums.data(), valid.data(), n, pool_);
    } else if constexpr (kResult == SumResult::kDecimal) {
      for (int64_t g = 0; g < n; ++g) {
        if (!functions::internal::FitsPrecision(sums[g], kMaxDecimal128Precision)) {
          return OverflowError();
        }
      }
      return MakeFixedArray<__int128>(return_type_, sums.data(), valid.data(), n, pool_);
    } else if constexpr (kResult == SumResult::kAvgDouble) {
      std::vector<double> out(static_cast<size_t>(n), 0.0);
      for (int64_t g = 0; g < n; ++g) {
        if (valid[g]) out[g] = static_cast<double>(sums[g]) / static_cast<double>(states_[g].count);
      }
      return MakeFixedArray<double>(return_type_, out.data(), valid.data(), n, pool_);
    } else {
      // Exact: sum * 10^(s' - s) / count, rounded half away from zero.
      const int32_t shift = return_type_->scale() - arg_type_->scale();
      std::vector<__int128> out(static_cast<size_t>(n), 0);
      for (int64_t g = 0; g < n; ++g) {
        if (!valid[g]) continue;
        if (!functions::internal::DivideDecimal(sums[g], shift, states_[g].count, &out[g]) ||
            !functions::internal::FitsPrecision(out[g], return_type_->precision())) {
          return Status::Execution("decimal overflow in avg: the result does not fit " +
                                   return_type_->ToString());
        }
      }
      if (return_type_->id() == TypeId::kDecimal64) {
        std::vector<int64_t> narrow(out.begin(), out.end());
        return MakeFixedArray<int64_t>(return_type_, narrow.data(), valid.data(), n, pool_);
      }
      return MakeFixedArray<__int128>(return_type_, out.data(), valid.data(), n, pool_);
    }
  }
  int64_t memory_bytes() const override { return states_.memory_bytes(); }

 private:
  Status OverflowError() const {
    if constexpr (kResult == SumResult::kInt64) {
      return Status::Execution("integer overflow in sum of " + arg_type_->ToString());
    } else if constexpr (kResult == SumResult::kDecimal) {
      return Status::Execution("decimal overflow in sum: the result does not fit " +
                               return_type_->ToString());
    } else {
      return Status::Execution("overflow in avg of " + arg_type_->ToString());
    }
  }

  DataTypePtr arg_type_;
  DataTypePtr return_type_;
  MemoryPool* pool_;
  // Sum and count side by side: one cache line per group update.
  struct State {
    Acc sum{};
    int64_t count = 0;
  };
  PooledVector<State> states_;
};

/// sum(interval): component-wise (months, days, nanoseconds), as PostgreSQL's interval sum
/// without justification.
class IntervalSumAccumulator : public GroupedAccumulator {
 public:
  struct State {
    int64_t months = 0;
    int64_t days = 0;
    int64_t nanos = 0;
    int64_t count = 0;
  };
  explicit IntervalSumAccumulator(MemoryPool* pool) : pool_(pool), states_(pool) {}
  Status Resize(int64_t n) override { return states_.Resize(n); }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    SILT_ASSIGN_OR_RETURN(auto a, Flatten(args[0], pool_));
    const uint8_t* values = a->buffers[1]->data() + a->offset * 16;
    State* states = states_.data();
    bool overflow = false;
    ForEachRow(NullableValidity(*a), a->offset, ids, n, [&](uint32_t g, int64_t i) {
      int32_t months, days;
      int64_t nanos;
      std::memcpy(&months, values + i * 16, 4);
      std::memcpy(&days, values + i * 16 + 4, 4);
      std::memcpy(&nanos, values + i * 16 + 8, 8);
      overflow |= Add(&states[g], State{months, days, nanos, 1});
    });
    return overflow ? Overflow() : Status::OK();
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<IntervalSumAccumulator>(other));
    bool overflow = false;
    for (int64_t g = 0; g < o->states_.size(); ++g) overflow |= Add(&states_[map[g]], o->states_[g]);
    return overflow ? Overflow() : Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override {
    const int64_t n = states_.size();
    std::vector<uint8_t> valid(static_cast<size_t>(n));
    struct IntervalValue {
      int32_t months;
      int32_t days;
      int64_t nanos;
    };
    std::vector<IntervalValue> values(static_cast<size_t>(n), IntervalValue{0, 0, 0});
    for (int64_t g = 0; g < n; ++g) {
      const State& s = states_[g];
      valid[g] = s.count > 0;
      if (s.months < INT32_MIN || s.months > INT32_MAX || s.days < INT32_MIN || s.days > INT32_MAX) {
        return Overflow();
      }
      values[g] = {static_cast<int32_t>(s.months), static_cast<int32_t>(s.days), s.nanos};
    }
    SILT_ASSIGN_OR_RETURN(auto out, MakeFixedArray<IntervalValue>(interval(), values.data(),
                                                                  valid.data(), n, pool_));
    return out;
  }
  int64_t memory_bytes() const override { return states_.memory_bytes(); }

 private:
  static bool Add(State* s, const State& v) {
    bool o = __builtin_add_overflow(s->months, v.months, &s->months);
    o |= __builtin_add_overflow(s->days, v.days, &s->days);
    o |= __builtin_add_overflow(s->nanos, v.nanos, &s->nanos);
    s->count += v.count;
    return o;
  }
  static Status Overflow() { return Status::Execution("interval overflow in sum"); }
  MemoryPool* pool_;
  PooledVector<State> states_;
};

/// bool_and (kAnd) / bool_or.
template <bool kAnd>
class BoolAccumulator : public GroupedAccumulator {
 public:
  explicit BoolAccumulator(MemoryPool* pool) : pool_(pool), values_(pool), seen_(pool) {}
  Status Resize(int64_t n) override {
    SILT_RETURN_NOT_OK(values_.Resize(n, kAnd ? 1 : 0));
    return seen_.Resize(n, 0);
  }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    if (args[0]->type->id() == TypeId::kNull) return Status::OK();
    SILT_ASSIGN_OR_RETURN(auto a, Flatten(args[0], pool_));
    uint8_t* values = values_.data();
    uint8_t* seen = seen_.data();
    const uint8_t* bits = a->buffers[1]->data();
    ForEachRow(NullableValidity(*a), a->offset, ids, n, [&](uint32_t g, int64_t i) {
      const uint8_t v = bit_util::GetBit(bits, a->offset + i);
      values[g] = kAnd ? (values[g] & v) : (values[g] | v);
      seen[g] = 1;
    });
    return Status::OK();
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<BoolAccumulator>(other));
    for (int64_t g = 0; g < o->values_.size(); ++g) {
      if (!o->seen_[g]) continue;
      const uint32_t t = map[g];
      values_[t] = kAnd ? (values_[t] & o->values_[g]) : (values_[t] | o->values_[g]);
      seen_[t] = 1;
    }
    return Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override {
    return MakeBoolArray(values_.data(), seen_.data(), values_.size(), pool_);
  }
  int64_t memory_bytes() const override { return values_.memory_bytes() + seen_.memory_bytes(); }

 private:
  MemoryPool* pool_;
  PooledVector<uint8_t> values_;
  PooledVector<uint8_t> seen_;
};

template <typename Acc>
AccumulatorFactory Make(DataTypePtr arg, DataTypePtr ret) {
  return [arg, ret](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
    return std::unique_ptr<GroupedAccumulator>(new Acc(arg, ret, pool));
  };
}

/// Calls f(In{}) for the C type of an integer type.
template <typename F>
void VisitInteger(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kInt8: f(int8_t{}); break;
    case TypeId::kInt16: f(int16_t{}); break;
    case TypeId::kInt32: f(int32_t{}); break;
    case TypeId::kInt64: f(int64_t{}); break;
    case TypeId::kUInt8: f(uint8_t{}); break;
    case TypeId::kUInt16: f(uint16_t{}); break;
    case TypeId::kUInt32: f(uint32_t{}); break;
    default: f(uint64_t{}); break;
  }
}

Status BindSumOrAvg(bool avg, const DataTypePtr& type, BoundAggregate* out) {
  const TypeId id = type->id();
  if (type->IsInteger()) {
    VisitInteger(id, [&](auto tag) {
      using In = decltype(tag);
      if (avg) {
        out->return_type = float64();
        out->make = Make<SumAccumulator<In, __int128, SumResult::kAvgDouble>>(type, float64());
      } else if (std::is_same_v<In, uint64_t>) {
        // uint64 sums can exceed int64 without being absurd: exact decimal(38,0).
        out->return_type = decimal128(38, 0);
        out->make = Make<SumAccumulator<In, __int128, SumResult::kDecimal>>(type, out->return_type);
      } else {
        out->return_type = int64();
        out->make = Make<SumAccumulator<In, int64_t, SumResult::kInt64>>(type, int64());
      }
    });
    return Status::OK();
  }
  if (type->IsFloating()) {
    out->return_type = float64();
    auto bind = [&](auto tag) {
      using In = decltype(tag);
      out->make = avg ? Make<SumAccumulator<In, double, SumResult::kAvgDouble>>(type, float64())
                      : Make<SumAccumulator<In, double, SumResult::kDouble>>(type, float64());
    };
    if (id == TypeId::kFloat32) bind(float{}); else bind(double{});
    return Status::OK();
  }
  if (type->IsDecimal()) {
    const int32_t p = type->precision(), s = type->scale();
    out->return_type = avg ? decimal(std::min(38, p + 4), std::min(38, s + 4)) : decimal128(38, s);
    auto bind = [&](auto tag) {
      using In = decltype(tag);
      out->make = avg ? Make<SumAccumulator<In, __int128, SumResult::kAvgDecimal>>(type, out->return_type)
                      : Make<SumAccumulator<In, __int128, SumResult::kDecimal>>(type, out->return_type);
    };
    if (id == TypeId::kDecimal64) bind(int64_t{}); else bind(__int128{});
    return Status::OK();
  }
  if (id == TypeId::kInterval && !avg) {
    out->return_type = interval();
    out->make = [](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
      return std::unique_ptr<GroupedAccumulator>(new IntervalSumAccumulator(pool));
    };
    return Status::OK();
  }
  return Status::Plan("");
}

}  // namespace

Result<BufferPtr> MakeValidity(const uint8_t* valid, int64_t n, int64_t* null_count,
                               MemoryPool* pool) {
  int64_t nulls = 0;
  for (int64_t i = 0; i < n; ++i) nulls += valid[i] == 0;
  *null_count = nulls;
  if (nulls == 0) return BufferPtr();
  SILT_ASSIGN_OR_RETURN(auto bits, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool));
  for (int64_t i = 0; i < n; ++i) {
    if (valid[i]) bit_util::SetBit(bits->mutable_data(), i);
  }
  return bits;
}

Result<ArrayDataPtr> MakeBoolArray(const uint8_t* values, const uint8_t* valid, int64_t n,
                                   MemoryPool* pool) {
  auto array = std::make_shared<ArrayData>();
  array->type = boolean();
  array->length = n;
  SILT_ASSIGN_OR_RETURN(auto bits, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool));
  for (int64_t i = 0; i < n; ++i) {
    if (values[i]) bit_util::SetBit(bits->mutable_data(), i);
  }
  SILT_ASSIGN_OR_RETURN(auto validity, MakeValidity(valid, n, &array->null_count, pool));
  array->buffers = {validity, bits};
  return array;
}

Status BindBasicAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                          size_t num_args, BoundAggregate* out) {
  if (name == "count") {
    if (num_args > 1) return Status::Plan("");
    const bool star = num_args == 0;
    out->return_type = int64();
    out->make = [star](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
      return std::unique_ptr<GroupedAccumulator>(new CountAccumulator(star, pool));
    };
    return Status::OK();
  }
  if (num_args != 1) return Status::Plan("");
  DataTypePtr type = types[0];
  if (name == "bool_and" || name == "bool_or") {
    if (type->id() == TypeId::kNull) type = out->arg_types[0] = boolean();
    if (type->id() != TypeId::kBool) return Status::Plan("");
    out->return_type = boolean();
    const bool is_and = name == "bool_and";
    out->make = [is_and](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
      if (is_and) return std::unique_ptr<GroupedAccumulator>(new BoolAccumulator<true>(pool));
      return std::unique_ptr<GroupedAccumulator>(new BoolAccumulator<false>(pool));
    };
    return Status::OK();
  }
  if (type->id() == TypeId::kNull) type = out->arg_types[0] = int64();
  return BindSumOrAvg(name == "avg", type, out);
}

}  // namespace silt::sql::internal
