// Date, time, timestamp and interval arithmetic (PostgreSQL semantics): date +- integer days,
// date - date, date/timestamp/time +- interval, timestamp - timestamp, time - time,
// interval +- interval, date + time. Calendar fields of an interval (months, days) apply to
// local wall-clock time (in the session zone for timestamptz); its nanoseconds are absolute.

#include "silt/common/temporal.h"
#include "silt/functions/arithmetic_internal.h"
#include "silt/functions/interval.h"
#include "silt/functions/kernel_util.h"
#include "silt/functions/time_zone.h"
#include "silt/functions/type_coercion.h"

namespace silt::functions::internal {

namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Runs fn(a_i, b_i, &out_i) -> bool over rows that are not NULL; a false return is an error.
template <typename A, typename B, typename Out, typename Fn>
Result<ArrayDataPtr> BinaryRows(const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                                int64_t n, const DataTypePtr& type, ArithmeticOp op, Fn&& fn) {
  SILT_ASSIGN_OR_RETURN(auto out, MakeFixedOutput(type, n, ctx.pool));
  Out* o = MutableValues<Out>(*out);
  int64_t null_count;
  SILT_ASSIGN_OR_RETURN(auto validity, IntersectValidity(args, n, ctx.pool, &null_count));
  SetValidity(out.get(), validity, null_count);
  FixedArg<A> va(*args[0]);
  FixedArg<B> vb(*args[1]);
  for (int64_t i = 0; i < n; ++i) {
    if (null_count > 0 && !out->IsValid(i)) {
      o[i] = Out{};
      continue;
    }
    if (!fn(va[i], vb[i], &o[i])) [[unlikely]] {
      return Status::Execution(
          "result out of range: " + ValueForMessage(ValuesOf(*args[0]), va.scalar ? 0 : i) + " " +
          OpSymbol(op) + " " + ValueForMessage(ValuesOf(*args[1]), vb.scalar ? 0 : i));
    }
  }
  return out;
}

bool NegateInterval(const IntervalValue& v, IntervalValue* out) {
  if (v.months == INT32_MIN || v.days == INT32_MIN || v.nanos == INT64_MIN) return false;
  *out = {-v.months, -v.days, -v.nanos};
  return true;
}

bool AddIntervals(const IntervalValue& a, const IntervalValue& b, IntervalValue* out) {
  return !__builtin_add_overflow(a.months, b.months, &out->months) &&
         !__builtin_add_overflow(a.days, b.days, &out->days) &&
         !__builtin_add_overflow(a.nanos, b.nanos, &out->nanos);
}

// Adds an interval to timestamp ticks of `unit`; `zone` (may be null) is where the calendar
// fields apply for a zone-aware timestamp.
bool AddIntervalToTicks(int64_t ticks, TimeUnit unit, const IntervalValue& v, const TimeZone* zone,
                        int64_t* out) {
  const int64_t per_second = UnitsPerSecond(unit);
  if (v.months != 0 || v.days != 0) {
    int64_t seconds = FloorDiv(ticks, per_second);
    const int64_t fraction = ticks - seconds * per_second;
    if (zone != nullptr) seconds = zone->UtcToLocal(seconds);
    const int64_t day = FloorDiv(seconds, kSecondsPerDay);
    const int64_t second_of_day = seconds - day * kSecondsPerDay;
    int64_t moved;
    if (!AddMonthsToDays(day, v.months, &moved)) return false;
    moved += v.days;
    if (moved > INT32_MAX * int64_t{366} || moved < INT32_MIN * int64_t{366}) return false;
    seconds = moved * kSecondsPerDay + second_of_day;
    if (zone != nullptr) seconds = zone->LocalToUtc(seconds);
    if (__builtin_mul_overflow(seconds, per_second, &ticks) ||
        __builtin_add_overflow(ticks, fraction, &ticks)) {
      return false;
    }
  }
  return !__builtin_add_overflow(ticks, v.nanos / NanosPerUnit(unit), out);
}

Result<const TimeZone*> SessionZone(const KernelContext& ctx, std::shared_ptr<const TimeZone>* holder) {
  SILT_ASSIGN_OR_RETURN(*holder, TimeZone::Find(ctx.timezone));
  return holder->get();
}

// timestamp +- interval (interval_first: interval + timestamp).
ScalarKernel TimestampIntervalKernel(DataTypePtr ts_type, ArithmeticOp op, bool interval_first) {
  return [ts_type, op, interval_first](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                                       int64_t n) -> Result<ArrayDataPtr> {
    std::shared_ptr<const TimeZone> holder;
    const TimeZone* zone = nullptr;
    if (!ts_type->timezone().empty()) {
      SILT_ASSIGN_OR_RETURN(zone, SessionZone(ctx, &holder));
    }
    const TimeUnit unit = ts_type->unit();
    const bool subtract = op == ArithmeticOp::kSubtract;
    auto apply = [&](int64_t t, IntervalValue v, int64_t* out) {
      if (subtract && !NegateInterval(v, &v)) return false;
      return AddIntervalToTicks(t, unit, v, zone, out);
    };
    if (interval_first) {
      return BinaryRows<IntervalValue, int64_t, int64_t>(
          ctx, args, n, ts_type, op,
          [&](IntervalValue v, int64_t t, int64_t* out) { return apply(t, v, out); });
    }
    return BinaryRows<int64_t, IntervalValue, int64_t>(ctx, args, n, ts_type, op, apply);
  };
}

// date +- interval -> timestamp(us).
ScalarKernel DateIntervalKernel(ArithmeticOp op, bool interval_first) {
  return [op, interval_first](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                              int64_t n) -> Result<ArrayDataPtr> {
    const DataTypePtr type = timestamp(TimeUnit::kMicro);
    auto apply = [&](int32_t d, IntervalValue v, int64_t* out) {
      if (op == ArithmeticOp::kSubtract && !NegateInterval(v, &v)) return false;
      return AddIntervalToTicks(int64_t{d} * kSecondsPerDay * 1000000, TimeUnit::kMicro, v, nullptr, out);
    };
    if (interval_first) {
      return BinaryRows<IntervalValue, int32_t, int64_t>(
          ctx, args, n, type, op, [&](IntervalValue v, int32_t d, int64_t* out) { return apply(d, v, out); });
    }
    return BinaryRows<int32_t, IntervalValue, int64_t>(ctx, args, n, type, op, apply);
  };
}

// time +- interval -> time (wraps around midnight; months and days are ignored).
ScalarKernel TimeIntervalKernel(DataTypePtr time_type, ArithmeticOp op, bool interval_first) {
  return [time_type, op, interval_first](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                                         int64_t n) -> Result<ArrayDataPtr> {
    const int64_t per_unit = NanosPerUnit(time_type->unit());
    const int64_t per_day = kNanosPerDay / per_unit;
    auto apply = [&](int64_t t, IntervalValue v, int64_t* out) {
      int64_t delta = (v.nanos / per_unit) % per_day;
      if (op == ArithmeticOp::kSubtract) delta = -delta;
      int64_t r = (t + delta) % per_day;
      *out = r < 0 ? r + per_day : r;
      return true;
    };
    if (interval_first) {
      return BinaryRows<IntervalValue, int64_t, int64_t>(
          ctx, args, n, time_type, op, [&](IntervalValue v, int64_t t, int64_t* out) { return apply(t, v, out); });
    }
    return BinaryRows<int64_t, IntervalValue, int64_t>(ctx, args, n, time_type, op, apply);
  };
}

bool IsDate(const DataTypePtr& t) { return t->id() == TypeId::kDate32; }
bool IsTimestamp(const DataTypePtr& t) { return t->id() == TypeId::kTimestamp; }
bool IsTime(const DataTypePtr& t) { return t->id() == TypeId::kTime64; }
bool IsInterval(const DataTypePtr& t) { return t->id() == TypeId::kInterval; }
bool IsIntegral(const DataTypePtr& t) {
  return t->IsInteger() && t->id() != TypeId::kUInt64;
}

BoundScalarFunction Make(std::vector<DataTypePtr> args, DataTypePtr result, ScalarKernel kernel) {
  return BoundScalarFunction{"", std::move(args), result, Elementwise(result, std::move(kernel)), true};
}

std::optional<BoundScalarFunction> BindAdd(DataTypePtr a, DataTypePtr b) {
  const auto op = ArithmeticOp::kAdd;
  if (IsDate(a) && IsIntegral(b)) {
    return Make({a, int64()}, date32(), [](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) {
      return BinaryRows<int32_t, int64_t, int32_t>(ctx, args, n, date32(), ArithmeticOp::kAdd, [](int32_t d, int64_t k, int32_t* out) {
        return !__builtin_add_overflow(int64_t{d}, k, &k) && k >= INT32_MIN && k <= INT32_MAX &&
               ((*out = static_cast<int32_t>(k)), true);
      });
    });
  }
  if (IsIntegral(a) && IsDate(b)) {
    return Make({int64(), b}, date32(), [](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) {
      return BinaryRows<int64_t, int32_t, int32_t>(ctx, args, n, date32(), ArithmeticOp::kAdd, [](int64_t k, int32_t d, int32_t* out) {
        return !__builtin_add_overflow(int64_t{d}, k, &k) && k >= INT32_MIN && k <= INT32_MAX &&
               ((*out = static_cast<int32_t>(k)), true);
      });
    });
  }
  if (IsDate(a) && IsInterval(b)) return Make({a, b}, timestamp(TimeUnit::kMicro), DateIntervalKernel(op, false));
  if (IsInterval(a) && IsDate(b)) return Make({a, b}, timestamp(TimeUnit::kMicro), DateIntervalKernel(op, true));
  if (IsTimestamp(a) && IsInterval(b)) return Make({a, b}, a, TimestampIntervalKernel(a, op, false));
  if (IsInterval(a) && IsTimestamp(b)) return Make({a, b}, b, TimestampIntervalKernel(b, op, true));
  if (IsTime(a) && IsInterval(b)) return Make({a, b}, a, TimeIntervalKernel(a, op, false));
  if (IsInterval(a) && IsTime(b)) return Make({a, b}, b, TimeIntervalKernel(b, op, true));
  if (IsInterval(a) && IsInterval(b)) {
    return Make({a, b}, a, [](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) {
      return BinaryRows<IntervalValue, IntervalValue, IntervalValue>(ctx, args, n, interval(), ArithmeticOp::kAdd, AddIntervals);
    });
  }
  if ((IsDate(a) && IsTime(b)) || (IsTime(a) && IsDate(b))) {
    const bool date_first = IsDate(a);
    const DataTypePtr time_type = date_first ? b : a;
    const DataTypePtr result = timestamp(time_type->unit());
    return Make({a, b}, result, [date_first, result](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) -> Result<ArrayDataPtr> {
      const int64_t per_day = kSecondsPerDay * UnitsPerSecond(result->unit());
      auto combine = [per_day](int32_t d, int64_t t, int64_t* out) {
        return !__builtin_mul_overflow(int64_t{d}, per_day, out) && !__builtin_add_overflow(*out, t, out);
      };
      if (date_first) return BinaryRows<int32_t, int64_t, int64_t>(ctx, args, n, result, ArithmeticOp::kAdd, combine);
      return BinaryRows<int64_t, int32_t, int64_t>(ctx, args, n, result, ArithmeticOp::kAdd,
          [&](int64_t t, int32_t d, int64_t* out) { return combine(d, t, out); });
    });
  }
  return std::nullopt;
}

std::optional<BoundScalarFunction> BindSubtract(DataTypePtr a, DataTypePtr b) {
  const auto op = ArithmeticOp::kSubtract;
  if (IsDate(a) && IsIntegral(b)) {
    return Make({a, int64()}, date32(), [](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) {
      return BinaryRows<int32_t, int64_t, int32_t>(ctx, args, n, date32(), ArithmeticOp::kSubtract, [](int32_t d, int64_t k, int32_t* out) {
        return !__builtin_sub_overflow(int64_t{d}, k, &k) && k >= INT32_MIN && k <= INT32_MAX &&
               ((*out = static_cast<int32_t>(k)), true);
      });
    });
  }
  if (IsDate(a) && IsDate(b)) {
    return Make({a, b}, int64(), [](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) {
      return BinaryRows<int32_t, int32_t, int64_t>(ctx, args, n, int64(), ArithmeticOp::kSubtract, [](int32_t x, int32_t y, int64_t* out) {
        *out = int64_t{x} - y;
        return true;
      });
    });
  }
  if (IsDate(a) && IsInterval(b)) return Make({a, b}, timestamp(TimeUnit::kMicro), DateIntervalKernel(op, false));
  if (IsTimestamp(a) && IsInterval(b)) return Make({a, b}, a, TimestampIntervalKernel(a, op, false));
  if (IsTime(a) && IsInterval(b)) return Make({a, b}, a, TimeIntervalKernel(a, op, false));
  if (IsInterval(a) && IsInterval(b)) {
    return Make({a, b}, a, [](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) {
      return BinaryRows<IntervalValue, IntervalValue, IntervalValue>(ctx, args, n, interval(), ArithmeticOp::kSubtract,
          [](IntervalValue x, IntervalValue y, IntervalValue* out) {
            IntervalValue ny;
            return NegateInterval(y, &ny) && AddIntervals(x, ny, out);
          });
    });
  }
  if ((IsTimestamp(a) || IsDate(a)) && (IsTimestamp(b) || IsDate(b))) {
    auto common = CommonSuperType(a, b);
    if (!common.ok() || !IsTimestamp(*common)) return std::nullopt;
    const DataTypePtr t = *common;
    return Make({t, t}, interval(), [t](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) {
      const int64_t per_unit = NanosPerUnit(t->unit());
      return BinaryRows<int64_t, int64_t, IntervalValue>(ctx, args, n, interval(), ArithmeticOp::kSubtract,
          [per_unit](int64_t x, int64_t y, IntervalValue* out) {
            int64_t diff;
            if (__builtin_sub_overflow(x, y, &diff)) return false;
            const __int128 nanos = static_cast<__int128>(diff) * per_unit;
            const __int128 days = nanos / kNanosPerDay;
            if (days > INT32_MAX || days < INT32_MIN) return false;
            *out = {0, static_cast<int32_t>(days), static_cast<int64_t>(nanos - days * kNanosPerDay)};
            return true;
          });
    });
  }
  if (IsTime(a) && IsTime(b)) {
    auto common = CommonSuperType(a, b);
    if (!common.ok()) return std::nullopt;
    const DataTypePtr t = *common;
    return Make({t, t}, interval(), [t](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) {
      const int64_t per_unit = NanosPerUnit(t->unit());
      return BinaryRows<int64_t, int64_t, IntervalValue>(ctx, args, n, interval(), ArithmeticOp::kSubtract,
          [per_unit](int64_t x, int64_t y, IntervalValue* out) {
            *out = {0, 0, (x - y) * per_unit};  // both within one day: cannot overflow
            return true;
          });
    });
  }
  return std::nullopt;
}

}  // namespace

std::optional<BoundScalarFunction> BindTemporalArithmetic(ArithmeticOp op,
                                                          const std::vector<DataTypePtr>& args) {
  if (args.size() != 2) return std::nullopt;
  DataTypePtr a = args[0], b = args[1];
  auto temporal = [](const DataTypePtr& t) { return IsDate(t) || IsTimestamp(t) || IsTime(t) || IsInterval(t); };
  if (!temporal(a) && !temporal(b)) return std::nullopt;
  // NULL next to a temporal value: an interval for +, the same type for -.
  if (a->id() == TypeId::kNull) a = op == ArithmeticOp::kAdd ? interval() : b;
  if (b->id() == TypeId::kNull) b = op == ArithmeticOp::kAdd && !IsInterval(a) ? interval() : a;
  if (op == ArithmeticOp::kAdd) return BindAdd(a, b);
  if (op == ArithmeticOp::kSubtract) return BindSubtract(a, b);
  return std::nullopt;
}

ScalarKernel MakeIntervalNegate() {
  return [](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args, int64_t n) -> Result<ArrayDataPtr> {
    const ArrayData& a = *args[0];
    SILT_ASSIGN_OR_RETURN(auto out, MakeFixedOutput(interval(), n, ctx.pool));
    IntervalValue* o = MutableValues<IntervalValue>(*out);
    const IntervalValue* in = a.values<IntervalValue>();
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, CopyValidity(a, ctx.pool, &null_count));
    SetValidity(out.get(), validity, null_count);
    for (int64_t i = 0; i < n; ++i) {
      if (!NegateInterval(in[i], &o[i]) && a.IsValid(i)) {
        return Status::Execution("interval out of range: -(" + ValueForMessage(a, i) + ")");
      }
    }
    return out;
  };
}

}  // namespace silt::functions::internal
