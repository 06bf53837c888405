// Variance/stddev (Welford, merged with Chan et al.'s formula) and approx_distinct
// (HyperLogLog with Ertl's estimator, which needs no empirical bias tables).

#include <xxhash.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "silt/sql/kernels/aggregate_internal.h"

namespace silt::sql::internal {

namespace {

enum class Moment : uint8_t { kVarSamp, kVarPop, kStddevSamp, kStddevPop };

class VarianceAccumulator : public GroupedAccumulator {
 public:
  struct State {
    int64_t count = 0;
    double mean = 0;
    double m2 = 0;
  };
  VarianceAccumulator(Moment moment, MemoryPool* pool) : moment_(moment), pool_(pool), states_(pool) {}
  Status Resize(int64_t n) override { return states_.Resize(n); }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    if (args[0]->type->id() == TypeId::kNull) return Status::OK();
    SILT_ASSIGN_OR_RETURN(auto a, Flatten(args[0], pool_));
    const double* values = a->values<double>();
    State* states = states_.data();
    ForEachRow(NullableValidity(*a), a->offset, ids, n, [&](uint32_t g, int64_t i) {
      State& s = states[g];
      ++s.count;
      const double delta = values[i] - s.mean;
      s.mean += delta / static_cast<double>(s.count);
      s.m2 += delta * (values[i] - s.mean);
    });
    return Status::OK();
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<VarianceAccumulator>(other));
    for (int64_t g = 0; g < o->states_.size(); ++g) {
      const State& b = o->states_[g];
      if (b.count == 0) continue;
      State& a = states_[map[g]];
      const double n = static_cast<double>(a.count + b.count);
      const double delta = b.mean - a.mean;
      a.mean += delta * static_cast<double>(b.count) / n;
      a.m2 += b.m2 + delta * delta * static_cast<double>(a.count) * static_cast<double>(b.count) / n;
      a.count += b.count;
    }
    return Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override {
    const int64_t n = states_.size();
    std::vector<double> out(static_cast<size_t>(n), 0);
    std::vector<uint8_t> valid(static_cast<size_t>(n), 0);
    const bool sample = moment_ == Moment::kVarSamp || moment_ == Moment::kStddevSamp;
    for (int64_t g = 0; g < n; ++g) {
      const State& s = states_[g];
      const int64_t denominator = sample ? s.count - 1 : s.count;
      if (denominator <= 0) continue;
      double v = s.m2 / static_cast<double>(denominator);
      if (moment_ == Moment::kStddevSamp || moment_ == Moment::kStddevPop) v = std::sqrt(v);
      out[g] = v;
      valid[g] = 1;
    }
    return MakeFixedArray<double>(float64(), out.data(), valid.data(), n, pool_);
  }
  int64_t memory_bytes() const override { return states_.memory_bytes(); }

 private:
  Moment moment_;
  MemoryPool* pool_;
  PooledVector<State> states_;
};

constexpr int kHllPrecision = 14;
constexpr int64_t kHllRegisters = int64_t{1} << kHllPrecision;
constexpr int kHllMaxRank = 64 - kHllPrecision + 1;

/// Ertl's sigma and tau series ("New cardinality estimation algorithms for HyperLogLog
/// sketches", 2017).
double HllSigma(double x) {
  if (x == 1.0) return std::numeric_limits<double>::infinity();
  double y = 1, z = x, previous;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (z != previous);
  return z;
}

double HllTau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double y = 1, z = 1 - x, previous;
  do {
    x = std::sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (z != previous);
  return z / 3;
}

int64_t HllEstimate(const uint8_t* registers) {
  int64_t histogram[kHllMaxRank + 1] = {};
  for (int64_t i = 0; i < kHllRegisters; ++i) ++histogram[registers[i]];
  const double m = static_cast<double>(kHllRegisters);
  double z = m * HllTau(1.0 - static_cast<double>(histogram[kHllMaxRank]) / m);
  for (int k = kHllMaxRank - 1; k >= 1; --k) z = 0.5 * (z + static_cast<double>(histogram[k]));
  z += m * HllSigma(static_cast<double>(histogram[0]) / m);
  const double alpha_infinity = 0.5 / std::log(2.0);
  return static_cast<int64_t>(std::llround(alpha_infinity * m * m / z));
}

/// Register blocks are allocated for a group on its first non-NULL value (16 KiB each).
class ApproxDistinctAccumulator : public GroupedAccumulator {
 public:
  ApproxDistinctAccumulator(MemoryPool* pool) : pool_(pool), block_of_(pool), registers_(pool) {}
  Status Resize(int64_t n) override { return block_of_.Resize(n, -1); }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    if (args[0]->type->id() == TypeId::kNull) return Status::OK();
    SILT_ASSIGN_OR_RETURN(auto a, Flatten(args[0], pool_));
    const DataType& type = *a->type;
    const int64_t width = type.FixedWidth();
    Status st;
    ForEachRow(NullableValidity(*a), a->offset, ids, n, [&](uint32_t g, int64_t i) {
      uint64_t h;
      if (type.IsBinaryLike()) {
        std::string_view v = a->GetView(i);
        h = XXH3_64bits(v.data(), v.size());
      } else if (type.id() == TypeId::kBool) {
        const uint8_t b = a->GetBool(i);
        h = XXH3_64bits(&b, 1);
      } else if (type.id() == TypeId::kFloat64 || type.id() == TypeId::kFloat32) {
        // Normalized as grouping does: -0.0 is 0.0, one NaN.
        double d = type.id() == TypeId::kFloat64 ? a->values<double>()[i] : a->values<float>()[i];
        if (d == 0) d = 0;
        if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
        h = XXH3_64bits(&d, 8);
      } else {
        h = XXH3_64bits(a->GetFixed(i), static_cast<size_t>(width));
      }
      if (st.ok()) st = Add(g, h);
    });
    return st;
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<ApproxDistinctAccumulator>(other));
    for (int64_t g = 0; g < o->block_of_.size(); ++g) {
      if (o->block_of_[g] < 0) continue;
      SILT_ASSIGN_OR_RETURN(uint8_t * to, Registers(map[g]));
      const uint8_t* from = o->registers_.data() + o->block_of_[g] * kHllRegisters;
      for (int64_t r = 0; r < kHllRegisters; ++r) to[r] = std::max(to[r], from[r]);
    }
    return Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override {
    const int64_t n = block_of_.size();
    std::vector<int64_t> out(static_cast<size_t>(n), 0);
    for (int64_t g = 0; g < n; ++g) {
      if (block_of_[g] >= 0) out[g] = HllEstimate(registers_.data() + block_of_[g] * kHllRegisters);
    }
    return MakeFixedArray<int64_t>(int64(), out.data(), nullptr, n, pool_);
  }
  int64_t memory_bytes() const override {
    return block_of_.memory_bytes() + registers_.memory_bytes();
  }

 private:
  Result<uint8_t*> Registers(uint32_t g) {
    if (block_of_[g] < 0) {
      block_of_[g] = registers_.size() / kHllRegisters;
      SILT_RETURN_NOT_OK(registers_.Resize(registers_.size() + kHllRegisters, 0));
    }
    return registers_.data() + block_of_[g] * kHllRegisters;
  }
  Status Add(uint32_t g, uint64_t h) {
    SILT_ASSIGN_OR_RETURN(uint8_t * regs, Registers(g));
    const uint64_t index = h >> (64 - kHllPrecision);
    // Leading zeros of the remaining bits plus one; the sentinel bit caps it at kHllMaxRank.
    const uint64_t rest = (h << kHllPrecision) | (uint64_t{1} << (kHllPrecision - 1));
    const uint8_t rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
    if (rank > regs[index]) regs[index] = rank;
    return Status::OK();
  }

  MemoryPool* pool_;
  PooledVector<int64_t> block_of_;
  PooledVector<uint8_t> registers_;
};

}  // namespace

Status BindStatisticAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                              size_t num_args, BoundAggregate* out) {
  if (num_args != 1) return Status::Plan("");
  const DataTypePtr& type = types[0];
  if (name == "approx_distinct") {
    if (type->IsNested()) return Status::Plan("");
    out->return_type = int64();
    out->make = [](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
      return std::unique_ptr<GroupedAccumulator>(new ApproxDistinctAccumulator(pool));
    };
    return Status::OK();
  }
  if (!type->IsInteger() && !type->IsFloating() && !type->IsDecimal() &&
      type->id() != TypeId::kNull) {
    return Status::Plan("");
  }
  out->arg_types[0] = float64();
  out->return_type = float64();
  Moment moment = name == "var_samp"     ? Moment::kVarSamp
                  : name == "var_pop"    ? Moment::kVarPop
                  : name == "stddev_pop" ? Moment::kStddevPop
                                         : Moment::kStddevSamp;
  out->make = [moment](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
    return std::unique_ptr<GroupedAccumulator>(new VarianceAccumulator(moment, pool));
  };
  return Status::OK();
}

}  // namespace silt::sql::internal
