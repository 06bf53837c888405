// Date/time functions: date_part/extract, date_trunc, date_diff, make_date, make_timestamp,
// current_date/now/localtimestamp (the statement time from KernelContext), to_timestamp and
// AT TIME ZONE (timezone(zone, ts)). Zone-aware timestamps are read in the session zone.

#include <chrono>
#include <cmath>

#include "silt/common/temporal.h"
#include "silt/functions/builtin_functions.h"
#include "silt/functions/datetime_fields.h"
#include "silt/functions/interval.h"
#include "silt/functions/kernel_util.h"
#include "silt/functions/time_zone.h"

namespace silt::functions {

namespace {

using internal::DateField;
using internal::FixedArg;
using internal::LocalTime;
using internal::StringArg;
using Args = std::vector<ArrayDataPtr>;

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Reads the field argument once when it is constant, per row otherwise.
class FieldArg {
 public:
  FieldArg(const ArrayData& a, std::string function) : arg_(a), function_(std::move(function)) {}
  Result<DateField> Get(int64_t i) {
    if (arg_.scalar && cached_) return *cached_;
    SILT_ASSIGN_OR_RETURN(auto f, internal::ParseDateField(arg_[i], function_));
    cached_ = f;
    return f;
  }

 private:
  StringArg arg_;
  std::string function_;
  std::optional<DateField> cached_;
};

// Local wall-clock view of timestamp ticks (in `zone` for zone-aware types).
LocalTime ToLocal(int64_t ticks, TimeUnit unit, const TimeZone* zone) {
  if (zone == nullptr) return internal::SplitTicks(ticks, unit);
  const int64_t per_second = UnitsPerSecond(unit);
  const int64_t utc = FloorDiv(ticks, per_second);
  const int32_t offset = zone->OffsetAt(utc);
  int64_t local_ticks;
  if (__builtin_add_overflow(ticks, int64_t{offset} * per_second, &local_ticks)) local_ticks = ticks;
  LocalTime t = internal::SplitTicks(local_ticks, unit);
  t.offset = offset;
  return t;
}

Result<std::shared_ptr<const TimeZone>> ZoneFor(const DataType& t, const KernelContext& ctx) {
  if (t.id() != TypeId::kTimestamp || t.timezone().empty()) return std::shared_ptr<const TimeZone>();
  return TimeZone::Find(ctx.timezone);
}

// ---- date_part / extract ----

ScalarKernel DatePartKernel(DataTypePtr source) {
  return [source](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    FieldArg field(*args[0], "date_part");
    SILT_ASSIGN_OR_RETURN(auto zone, ZoneFor(*source, ctx));
    const ArrayData& values = internal::ValuesOf(*args[1]);
    const bool scalar = internal::IsScalar(*args[1]);
    const TypeId id = source->id();
    return internal::MapFixedRows<double>(ctx, args, n, float64(), [&](int64_t i, double* out) -> Status {
      SILT_ASSIGN_OR_RETURN(DateField f, field.Get(i));
      const int64_t row = scalar ? 0 : i;
      bool ok = false;
      switch (id) {
        case TypeId::kDate32: {
          LocalTime t;
          t.days = values.values<int32_t>()[row];
          ok = f <= DateField::kDayOfYear || f == DateField::kEpoch || f == DateField::kJulian
                   ? internal::FieldOfTimestamp(f, t, out) : false;
          break;
        }
        case TypeId::kTimestamp:
          ok = internal::FieldOfTimestamp(f, ToLocal(values.values<int64_t>()[row], source->unit(), zone.get()), out);
          if (f >= DateField::kTimezone && zone == nullptr) ok = false;
          break;
        case TypeId::kTime64:
          ok = internal::FieldOfTime(f, values.values<int64_t>()[row] * NanosPerUnit(source->unit()), out);
          break;
        default: {
          const auto& v = values.values<internal::IntervalValue>()[row];
          ok = internal::FieldOfInterval(f, v.months, v.days, v.nanos, out);
          break;
        }
      }
      if (!ok) {
        return Status::Execution("date_part: unit '" + std::string(StringArg(*args[0])[i]) +
                                 "' not supported for " + source->ToString());
      }
      return Status::OK();
    });
  };
}

std::optional<BoundScalarFunction> BindDatePart(const std::vector<DataTypePtr>& args) {
  if (args.size() != 2 || (args[0]->id() != TypeId::kUtf8 && args[0]->id() != TypeId::kNull)) return std::nullopt;
  DataTypePtr src = args[1];
  const TypeId id = src->id();
  if (id == TypeId::kNull) src = timestamp(TimeUnit::kMicro);
  else if (id != TypeId::kDate32 && id != TypeId::kTimestamp && id != TypeId::kTime64 && id != TypeId::kInterval) {
    return std::nullopt;
  }
  return BoundScalarFunction{"", {utf8(), src}, float64(), internal::Elementwise(float64(), DatePartKernel(src)), true};
}

// ---- date_trunc ----

ScalarKernel DateTruncKernel(DataTypePtr source, DataTypePtr result) {
  return [source, result](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    FieldArg field(*args[0], "date_trunc");
    SILT_ASSIGN_OR_RETURN(auto zone, ZoneFor(*source, ctx));
    const bool is_date = source->id() == TypeId::kDate32;
    const TimeUnit unit = result->unit();
    const int64_t per_second = UnitsPerSecond(unit);
    std::optional<FixedArg<int32_t>> dates;
    std::optional<FixedArg<int64_t>> ticks;
    if (is_date) {
      dates.emplace(*args[1]);
    } else {
      ticks.emplace(*args[1]);
    }
    return internal::MapFixedRows<int64_t>(ctx, args, n, result, [&](int64_t i, int64_t* out) -> Status {
      SILT_ASSIGN_OR_RETURN(DateField f, field.Get(i));
      LocalTime t;
      if (is_date) {
        t.days = (*dates)[i];
      } else {
        t = ToLocal((*ticks)[i], unit, zone.get());
      }
      if (!internal::TruncateLocal(f, &t)) {
        return Status::Execution("date_trunc: unit '" + std::string(StringArg(*args[0])[i]) +
                                 "' not supported");
      }
      int64_t seconds = t.days * kSecondsPerDay + t.second_of_day;
      if (zone != nullptr) seconds = zone->LocalToUtc(seconds);
      if (__builtin_mul_overflow(seconds, per_second, out) ||
          __builtin_add_overflow(*out, t.nanos / NanosPerUnit(unit), out)) {
        return Status::Execution("date_trunc: timestamp out of range");
      }
      return Status::OK();
    });
  };
}

std::optional<BoundScalarFunction> BindDateTrunc(const std::vector<DataTypePtr>& args) {
  if (args.size() != 2 || (args[0]->id() != TypeId::kUtf8 && args[0]->id() != TypeId::kNull)) return std::nullopt;
  DataTypePtr src = args[1];
  if (src->id() == TypeId::kNull) src = timestamp(TimeUnit::kMicro);
  if (src->id() != TypeId::kDate32 && src->id() != TypeId::kTimestamp) return std::nullopt;
  DataTypePtr result = src->id() == TypeId::kDate32 ? timestamp(TimeUnit::kMicro) : src;
  return BoundScalarFunction{"", {utf8(), src}, result,
                             internal::Elementwise(result, DateTruncKernel(src, result)), true};
}

// ---- date_diff: unit boundaries crossed from start to end ----

ScalarKernel DateDiffKernel(DataTypePtr type) {
  return [type](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    FieldArg field(*args[0], "date_diff");
    SILT_ASSIGN_OR_RETURN(auto zone, ZoneFor(*type, ctx));
    FixedArg<int64_t> a(*args[1]), b(*args[2]);
    const TimeUnit unit = type->unit();
    return internal::MapFixedRows<int64_t>(ctx, args, n, int64(), [&](int64_t i, int64_t* out) -> Status {
      SILT_ASSIGN_OR_RETURN(DateField f, field.Get(i));
      LocalTime x = ToLocal(a[i], unit, zone.get()), y = ToLocal(b[i], unit, zone.get());
      const CivilDate cx = CivilFromDays(x.days), cy = CivilFromDays(y.days);
      auto total_nanos = [](const LocalTime& t) {
        return static_cast<__int128>(t.days * kSecondsPerDay + t.second_of_day) * kNanosPerSecond + t.nanos;
      };
      auto boundary_diff = [&](int64_t width_nanos) {
        auto fl = [&](__int128 v) { __int128 q = v / width_nanos; return (v % width_nanos < 0) ? q - 1 : q; };
        return static_cast<int64_t>(fl(total_nanos(y)) - fl(total_nanos(x)));
      };
      switch (f) {
        case DateField::kYear: *out = cy.year - cx.year; break;
        case DateField::kQuarter: *out = (cy.year * 4 + (cy.month - 1) / 3) - (cx.year * 4 + (cx.month - 1) / 3); break;
        case DateField::kMonth: *out = (cy.year * 12 + cy.month) - (cx.year * 12 + cx.month); break;
        case DateField::kWeek: *out = FloorDiv(y.days + 3, 7) - FloorDiv(x.days + 3, 7); break;
        case DateField::kDay: *out = y.days - x.days; break;
        case DateField::kHour: *out = boundary_diff(3600 * kNanosPerSecond); break;
        case DateField::kMinute: *out = boundary_diff(60 * kNanosPerSecond); break;
        case DateField::kSecond: *out = boundary_diff(kNanosPerSecond); break;
        case DateField::kMillisecond: *out = boundary_diff(1000000); break;
        case DateField::kMicrosecond: *out = boundary_diff(1000); break;
        default:
          return Status::Execution("date_diff: unit '" + std::string(StringArg(*args[0])[i]) + "' not supported");
      }
      return Status::OK();
    });
  };
}

std::optional<BoundScalarFunction> BindDateDiff(const std::vector<DataTypePtr>& args) {
  if (args.size() != 3 || args[0]->id() != TypeId::kUtf8) return std::nullopt;
  auto temporal = [](const DataTypePtr& t) { return t->id() == TypeId::kDate32 || t->id() == TypeId::kTimestamp; };
  if (!temporal(args[1]) || !temporal(args[2])) return std::nullopt;
  // Dates compare as midnight timestamps; mixed units use the finer one.
  DataTypePtr t = args[1]->id() == TypeId::kTimestamp ? args[1] : args[2];
  if (t->id() == TypeId::kDate32) t = timestamp(TimeUnit::kMicro);
  if (args[1]->id() == TypeId::kTimestamp && args[2]->id() == TypeId::kTimestamp &&
      UnitsPerSecond(args[2]->unit()) > UnitsPerSecond(args[1]->unit())) {
    t = args[2];
  }
  return BoundScalarFunction{"", {utf8(), t, t}, int64(), internal::Elementwise(int64(), DateDiffKernel(t)), true};
}

// ---- constructors ----

ScalarKernel MakeDateKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    FixedArg<int64_t> y(*args[0]), m(*args[1]), d(*args[2]);
    return internal::MapFixedRows<int32_t>(ctx, args, n, date32(), [&](int64_t i, int32_t* out) -> Status {
      if (m[i] < 1 || m[i] > 12 || y[i] < -5877000 || y[i] > 5877000 || d[i] < 1 ||
          d[i] > DaysInMonth(y[i], static_cast<int32_t>(m[i]))) {
        return Status::Execution("make_date: date field value out of range: " + std::to_string(y[i]) +
                                 "-" + std::to_string(m[i]) + "-" + std::to_string(d[i]));
      }
      *out = static_cast<int32_t>(DaysFromCivil(y[i], static_cast<int32_t>(m[i]), static_cast<int32_t>(d[i])));
      return Status::OK();
    });
  };
}

ScalarKernel MakeTimestampKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    FixedArg<int64_t> y(*args[0]), mo(*args[1]), d(*args[2]), h(*args[3]), mi(*args[4]);
    FixedArg<double> s(*args[5]);
    return internal::MapFixedRows<int64_t>(ctx, args, n, timestamp(TimeUnit::kMicro), [&](int64_t i, int64_t* out) -> Status {
      const double sec = s[i];
      if (mo[i] < 1 || mo[i] > 12 || y[i] < -290000 || y[i] > 290000 || d[i] < 1 ||
          d[i] > DaysInMonth(y[i], static_cast<int32_t>(mo[i])) || h[i] < 0 || h[i] > 23 ||
          mi[i] < 0 || mi[i] > 59 || !(sec >= 0 && sec < 60)) {
        return Status::Execution("make_timestamp: date/time field value out of range");
      }
      const int64_t days = DaysFromCivil(y[i], static_cast<int32_t>(mo[i]), static_cast<int32_t>(d[i]));
      *out = (days * kSecondsPerDay + h[i] * 3600 + mi[i] * 60) * 1000000 +
             static_cast<int64_t>(std::llround(sec * 1e6));
      return Status::OK();
    });
  };
}

// ---- statement time ----

int64_t StatementMicros(const KernelContext& ctx) {
  if (ctx.statement_time_us) return *ctx.statement_time_us;
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

enum class Now { kTimestampTz, kLocalTimestamp, kDate };

ScalarKernel NowKernel(Now kind) {
  return [kind](const KernelContext& ctx, const Args&, int64_t n) -> Result<ArrayDataPtr> {
    const int64_t us = StatementMicros(ctx);
    int64_t local_us = us;
    if (kind != Now::kTimestampTz) {
      SILT_ASSIGN_OR_RETURN(auto zone, TimeZone::Find(ctx.timezone));
      local_us = us + int64_t{zone->OffsetAt(FloorDiv(us, 1000000))} * 1000000;
    }
    if (kind == Now::kDate) {
      SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(date32(), 1, ctx.pool));
      internal::MutableValues<int32_t>(*out)[0] = static_cast<int32_t>(FloorDiv(local_us, kSecondsPerDay * 1000000));
      return MakeConstantArray(out, n);
    }
    const DataTypePtr type = kind == Now::kTimestampTz ? timestamp(TimeUnit::kMicro, "UTC") : timestamp(TimeUnit::kMicro);
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(type, 1, ctx.pool));
    internal::MutableValues<int64_t>(*out)[0] = local_us;
    return MakeConstantArray(out, n);
  };
}

ScalarOverload NowOverload(Now kind, const std::string& name, DataTypePtr type) {
  return {name + "() -> " + type->ToString(), [kind, type](const std::vector<DataTypePtr>& args) -> std::optional<BoundScalarFunction> {
            if (!args.empty()) return std::nullopt;
            return BoundScalarFunction{"", {}, type, NowKernel(kind), true};
          }};
}

// to_timestamp(seconds): a timestamptz from Unix epoch seconds (fractions kept to microseconds).
ScalarKernel ToTimestampKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    FixedArg<double> s(*args[0]);
    return internal::MapFixedRows<int64_t>(ctx, args, n, timestamp(TimeUnit::kMicro, "UTC"), [&](int64_t i, int64_t* out) -> Status {
      const double us = std::nearbyint(s[i] * 1e6);
      if (!(us > -9.2e18 && us < 9.2e18)) {
        return Status::Execution("to_timestamp: timestamp out of range: " + internal::ValueForMessage(internal::ValuesOf(*args[0]), s.scalar ? 0 : i));
      }
      *out = static_cast<int64_t>(us);
      return Status::OK();
    });
  };
}

// ---- AT TIME ZONE ----

// timestamp -> timestamptz (local in zone) or timestamptz -> timestamp (local wall clock).
ScalarKernel AtTimeZoneKernel(DataTypePtr from, DataTypePtr to, int zone_arg, int ts_arg) {
  return [from, to, zone_arg, ts_arg](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg zones(*args[zone_arg]);
    FixedArg<int64_t> ticks(*args[ts_arg]);
    const bool to_local = !from->timezone().empty();
    const int64_t per_second = UnitsPerSecond(from->unit());
    std::shared_ptr<const TimeZone> zone;
    std::string zone_name;
    return internal::MapFixedRows<int64_t>(ctx, args, n, to, [&](int64_t i, int64_t* out) -> Status {
      if (!zone || zones[i] != zone_name) {
        SILT_ASSIGN_OR_RETURN(zone, TimeZone::Find(zones[i]));
        zone_name.assign(zones[i]);
      }
      const int64_t seconds = FloorDiv(ticks[i], per_second);
      const int64_t fraction = ticks[i] - seconds * per_second;
      const int64_t moved = to_local ? zone->UtcToLocal(seconds) : zone->LocalToUtc(seconds);
      if (__builtin_mul_overflow(moved, per_second, out) || __builtin_add_overflow(*out, fraction, out)) {
        return Status::Execution("timezone: timestamp out of range");
      }
      return Status::OK();
    });
  };
}

std::optional<BoundScalarFunction> BindAtTimeZone(const std::vector<DataTypePtr>& args, bool zone_first) {
  if (args.size() != 2) return std::nullopt;
  const int zone_arg = zone_first ? 0 : 1, ts_arg = zone_first ? 1 : 0;
  if (args[zone_arg]->id() != TypeId::kUtf8) return std::nullopt;
  DataTypePtr ts = args[ts_arg];
  if (ts->id() == TypeId::kDate32) ts = timestamp(TimeUnit::kMicro);
  if (ts->id() != TypeId::kTimestamp) return std::nullopt;
  DataTypePtr to = ts->timezone().empty() ? timestamp(ts->unit(), "UTC") : timestamp(ts->unit());
  std::vector<DataTypePtr> params(2);
  params[zone_arg] = utf8();
  params[ts_arg] = ts;
  return BoundScalarFunction{"", params, to, internal::Elementwise(to, AtTimeZoneKernel(ts, to, zone_arg, ts_arg)), true};
}

}  // namespace

Status RegisterDatetimeFunctions(FunctionRegistry* r) {
  SILT_RETURN_NOT_OK(r->Register(
      {"date_part", {"extract", "datepart"},
       "A field (year, quarter, month, week, day, dow, isodow, doy, hour, minute, second, "
       "millisecond, microsecond, epoch, julian, decade, century, millennium, isoyear, "
       "timezone) of a date, timestamp, time or interval, as float64. EXTRACT(f FROM x) binds as "
       "date_part('f', x).",
       "date_part('year', DATE '2024-05-06') -> 2024",
       {{"date_part(utf8, date|timestamp|time|interval) -> float64", BindDatePart}}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"date_trunc", {"datetrunc"},
       "Truncates to the start of a unit (microseconds .. millennium); dates give timestamps.",
       "date_trunc('month', TIMESTAMP '2024-05-06 07:08:09') -> 2024-05-01 00:00:00",
       {{"date_trunc(utf8, date|timestamp) -> timestamp", BindDateTrunc}}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"date_diff", {"datediff"}, "Number of unit boundaries crossed from start to end.",
       "date_diff('month', DATE '2024-01-31', DATE '2024-02-01') -> 1",
       {{"date_diff(utf8, date|timestamp, date|timestamp) -> int64", BindDateDiff}}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"make_date", {}, "The date of year, month, day.", "make_date(2024, 2, 29) -> 2024-02-29",
       {internal::FixedOverload("make_date", {int64(), int64(), int64()}, date32(), MakeDateKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"make_timestamp", {}, "The timestamp of year, month, day, hour, minute, seconds.",
       "make_timestamp(2024, 2, 29, 12, 30, 45.5) -> 2024-02-29 12:30:45.500000",
       {internal::FixedOverload("make_timestamp", {int64(), int64(), int64(), int64(), int64(), float64()},
                                timestamp(TimeUnit::kMicro), MakeTimestampKernel())}}));
  const auto tstz = timestamp(TimeUnit::kMicro, "UTC");
  SILT_RETURN_NOT_OK(r->Register(
      {"now", {"current_timestamp", "transaction_timestamp", "get_current_timestamp"},
       "The statement's start time (KernelContext::statement_time_us).", "now() -> 2024-05-06 07:08:09.123456Z",
       {NowOverload(Now::kTimestampTz, "now", tstz)}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"localtimestamp", {}, "The statement's start time as wall-clock time in the session zone.",
       "localtimestamp() -> 2024-05-06 09:08:09.123456",
       {NowOverload(Now::kLocalTimestamp, "localtimestamp", timestamp(TimeUnit::kMicro))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"current_date", {"today"}, "The statement's date in the session zone.", "current_date() -> 2024-05-06",
       {NowOverload(Now::kDate, "current_date", date32())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"to_timestamp", {}, "The timestamptz of Unix epoch seconds.", "to_timestamp(0) -> 1970-01-01 00:00:00Z",
       {internal::FixedOverload("to_timestamp", {float64()}, tstz, ToTimestampKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"timezone", {},
       "x AT TIME ZONE zone (binds as timezone(zone, x)): a timestamp read as wall-clock time in "
       "zone becomes a timestamptz; a timestamptz becomes the wall-clock time in zone.",
       "timezone('Europe/Berlin', TIMESTAMP '2024-07-01 12:00:00') -> 2024-07-01 10:00:00Z",
       {{"timezone(utf8, timestamp|timestamptz) -> timestamptz|timestamp",
         [](const std::vector<DataTypePtr>& a) { return BindAtTimeZone(a, true); }}}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"at_time_zone", {}, "at_time_zone(x, zone) = timezone(zone, x).",
       "at_time_zone(TIMESTAMPTZ '2024-07-01 10:00:00Z', 'Asia/Tokyo') -> 2024-07-01 19:00:00",
       {{"at_time_zone(timestamp|timestamptz, utf8) -> timestamptz|timestamp",
         [](const std::vector<DataTypePtr>& a) { return BindAtTimeZone(a, false); }}}}));
  return Status::OK();
}

}  // namespace silt::functions
