// Two-argument statistics over (Y, X) pairs, as in PostgreSQL: corr, covar_pop, covar_samp and
// the regr_* family. Pairs with a NULL in either argument are skipped. The running means and
// co-moments are updated with Welford's method and merged with Chan et al.'s formula.

#include <cmath>

#include "silt/sql/kernels/aggregate_internal.h"

namespace silt::sql::internal {

namespace {

enum class PairStat : uint8_t {
  kCorr, kCovarPop, kCovarSamp, kSlope, kIntercept, kCount, kR2, kAvgX, kAvgY, kSxx, kSyy, kSxy
};

class PairAccumulator : public GroupedAccumulator {
 public:
  struct State {
    int64_t n = 0;
    double mean_x = 0, mean_y = 0;
    double sxx = 0, syy = 0, sxy = 0;  // co-moments: sums of products of deviations
  };
  PairAccumulator(PairStat stat, MemoryPool* pool) : stat_(stat), pool_(pool), states_(pool) {}
  Status Resize(int64_t n) override { return states_.Resize(n); }
  Status Update(const std::vector<ArrayDataPtr>& args, const uint32_t* ids, int64_t n) override {
    if (args[0]->type->id() == TypeId::kNull || args[1]->type->id() == TypeId::kNull) return Status::OK();
    SILT_ASSIGN_OR_RETURN(auto ya, Flatten(args[0], pool_));
    SILT_ASSIGN_OR_RETURN(auto xa, Flatten(args[1], pool_));
    const double* ys = ya->values<double>();
    const double* xs = xa->values<double>();
    const uint8_t* y_valid = NullableValidity(*ya);
    State* states = states_.data();
    ForEachRow(NullableValidity(*xa), xa->offset, ids, n, [&](uint32_t g, int64_t i) {
      if (!RowValid(y_valid, ya->offset, i)) return;
      State& s = states[g];
      ++s.n;
      const double nn = static_cast<double>(s.n);
      const double dx = xs[i] - s.mean_x;
      const double dy = ys[i] - s.mean_y;
      s.mean_x += dx / nn;
      s.mean_y += dy / nn;
      s.sxx += dx * (xs[i] - s.mean_x);
      s.syy += dy * (ys[i] - s.mean_y);
      s.sxy += dx * (ys[i] - s.mean_y);
    });
    return Status::OK();
  }
  Status Merge(GroupedAccumulator& other, const uint32_t* map) override {
    SILT_ASSIGN_OR_RETURN(auto* o, SameAccumulator<PairAccumulator>(other));
    for (int64_t g = 0; g < o->states_.size(); ++g) {
      const State& b = o->states_[g];
      if (b.n == 0) continue;
      State& a = states_[map[g]];
      const double na = static_cast<double>(a.n), nb = static_cast<double>(b.n), n = na + nb;
      const double dx = b.mean_x - a.mean_x, dy = b.mean_y - a.mean_y;
      a.sxx += b.sxx + dx * dx * na * nb / n;
      a.syy += b.syy + dy * dy * na * nb / n;
      a.sxy += b.sxy + dx * dy * na * nb / n;
      a.mean_x += dx * nb / n;
      a.mean_y += dy * nb / n;
      a.n += b.n;
    }
    return Status::OK();
  }
  Result<ArrayDataPtr> Finalize() override {
    const int64_t n = states_.size();
    if (stat_ == PairStat::kCount) {
      std::vector<int64_t> counts(static_cast<size_t>(n));
      for (int64_t g = 0; g < n; ++g) counts[g] = states_[g].n;
      return MakeFixedArray<int64_t>(int64(), counts.data(), nullptr, n, pool_);
    }
    std::vector<double> out(static_cast<size_t>(n), 0);
    std::vector<uint8_t> valid(static_cast<size_t>(n), 0);
    for (int64_t g = 0; g < n; ++g) {
      const State& s = states_[g];
      double v = 0;
      if (Compute(s, &v)) {
        out[g] = v;
        valid[g] = 1;
      }
    }
    return MakeFixedArray<double>(float64(), out.data(), valid.data(), n, pool_);
  }
  int64_t memory_bytes() const override { return states_.memory_bytes(); }

 private:
  // The statistic of one group; false for NULL (too few rows, or a zero variance where
  // PostgreSQL returns NULL).
  bool Compute(const State& s, double* v) const {
    const double n = static_cast<double>(s.n);
    if (s.n < 1) return false;
    switch (stat_) {
      case PairStat::kCorr:
        if (s.sxx == 0 || s.syy == 0) return false;
        *v = s.sxy / std::sqrt(s.sxx * s.syy);
        return true;
      case PairStat::kCovarPop: *v = s.sxy / n; return true;
      case PairStat::kCovarSamp:
        if (s.n < 2) return false;
        *v = s.sxy / (n - 1);
        return true;
      case PairStat::kSlope:
        if (s.sxx == 0) return false;
        *v = s.sxy / s.sxx;
        return true;
      case PairStat::kIntercept:
        if (s.sxx == 0) return false;
        *v = s.mean_y - s.mean_x * s.sxy / s.sxx;
        return true;
      case PairStat::kR2:
        if (s.sxx == 0) return false;
        *v = s.syy == 0 ? 1.0 : (s.sxy * s.sxy) / (s.sxx * s.syy);
        return true;
      case PairStat::kAvgX: *v = s.mean_x; return true;
      case PairStat::kAvgY: *v = s.mean_y; return true;
      case PairStat::kSxx: *v = s.sxx; return true;
      case PairStat::kSyy: *v = s.syy; return true;
      case PairStat::kSxy: *v = s.sxy; return true;
      case PairStat::kCount: return false;
    }
    return false;
  }

  PairStat stat_;
  MemoryPool* pool_;
  PooledVector<State> states_;
};

}  // namespace

Status BindCovarianceAggregate(const std::string& name, const std::vector<DataTypePtr>& types,
                               size_t num_args, BoundAggregate* out) {
  if (num_args != 2) return Status::Plan("");
  for (size_t i = 0; i < 2; ++i) {
    const DataType& t = *types[i];
    if (!t.IsInteger() && !t.IsFloating() && !t.IsDecimal() && t.id() != TypeId::kNull) return Status::Plan("");
    out->arg_types[i] = float64();
  }
  static const struct {
    const char* name;
    PairStat stat;
  } kStats[] = {{"corr", PairStat::kCorr},           {"covar_pop", PairStat::kCovarPop},
                {"covar_samp", PairStat::kCovarSamp}, {"regr_slope", PairStat::kSlope},
                {"regr_intercept", PairStat::kIntercept}, {"regr_count", PairStat::kCount},
                {"regr_r2", PairStat::kR2},           {"regr_avgx", PairStat::kAvgX},
                {"regr_avgy", PairStat::kAvgY},       {"regr_sxx", PairStat::kSxx},
                {"regr_syy", PairStat::kSyy},         {"regr_sxy", PairStat::kSxy}};
  for (const auto& s : kStats) {
    if (name != s.name) continue;
    const PairStat stat = s.stat;
    out->return_type = stat == PairStat::kCount ? int64() : float64();
    out->make = [stat](MemoryPool* pool) -> Result<std::unique_ptr<GroupedAccumulator>> {
      return std::unique_ptr<GroupedAccumulator>(new PairAccumulator(stat, pool));
    };
    return Status::OK();
  }
  return Status::Plan("");
}

bool IsCovarianceAggregateName(const std::string& name) {
  return name == "corr" || name == "covar_pop" || name == "covar_samp" || name.rfind("regr_", 0) == 0;
}

}  // namespace silt::sql::internal
