// Casts among date32, timestamp (units, with and without zone) and time64.

#include "silt/common/temporal.h"
#include "silt/functions/cast_internal.h"
#include "silt/functions/time_zone.h"

namespace silt::functions::internal {

namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Converts ticks between units: finer multiplies (false on overflow), coarser floors.
bool ConvertUnit(int64_t v, TimeUnit from, TimeUnit to, int64_t* out) {
  const int64_t f = UnitsPerSecond(from), t = UnitsPerSecond(to);
  if (f == t) {
    *out = v;
    return true;
  }
  if (t > f) return !__builtin_mul_overflow(v, t / f, out);
  *out = FloorDiv(v, f / t);
  return true;
}

// Shifts a timestamp by a whole number of seconds, keeping its sub-second ticks.
bool ShiftSeconds(int64_t ticks, int64_t per_second, int64_t (*shift)(const TimeZone&, int64_t),
                  const TimeZone& zone, int64_t* out) {
  const int64_t seconds = FloorDiv(ticks, per_second);
  const int64_t fraction = ticks - seconds * per_second;
  const int64_t moved = shift(zone, seconds);
  int64_t scaled;
  if (__builtin_mul_overflow(moved, per_second, &scaled)) return false;
  return !__builtin_add_overflow(scaled, fraction, out);
}

int64_t LocalToUtc(const TimeZone& z, int64_t s) { return z.LocalToUtc(s); }
int64_t UtcToLocal(const TimeZone& z, int64_t s) { return z.UtcToLocal(s); }

}  // namespace

Result<ArrayDataPtr> CastTemporal(const CastOptions& o, const ArrayData& a, const DataTypePtr& to) {
  const TypeId f = a.type->id(), t = to->id();
  std::shared_ptr<const TimeZone> session;
  auto zone = [&]() -> Result<const TimeZone*> {
    if (!session) {
      SILT_ASSIGN_OR_RETURN(session, TimeZone::Find(o.context->timezone));
    }
    return session.get();
  };
  if (f == TypeId::kDate32 && t == TypeId::kTimestamp) {
    const int64_t per_second = UnitsPerSecond(to->unit());
    const TimeZone* z = nullptr;
    if (!to->timezone().empty()) {
      SILT_ASSIGN_OR_RETURN(z, zone());
    }
    const int32_t* in = a.values<int32_t>();
    return ConvertFixed<int64_t>(o, a, to, [&](int64_t i, int64_t* out) {
      int64_t seconds = int64_t{in[i]} * kSecondsPerDay;
      if (z != nullptr) seconds = z->LocalToUtc(seconds);
      return !__builtin_mul_overflow(seconds, per_second, out);
    }, "out of range");
  }
  if (f == TypeId::kTimestamp && (t == TypeId::kDate32 || t == TypeId::kTime64)) {
    const int64_t per_second = UnitsPerSecond(a.type->unit());
    const TimeZone* z = nullptr;
    if (!a.type->timezone().empty()) {
      SILT_ASSIGN_OR_RETURN(z, zone());
    }
    const int64_t* in = a.values<int64_t>();
    if (t == TypeId::kDate32) {
      return ConvertFixed<int32_t>(o, a, to, [&](int64_t i, int32_t* out) {
        int64_t seconds = FloorDiv(in[i], per_second);
        if (z != nullptr) seconds = z->UtcToLocal(seconds);
        const int64_t days = FloorDiv(seconds, kSecondsPerDay);
        if (days < INT32_MIN || days > INT32_MAX) return false;
        *out = static_cast<int32_t>(days);
        return true;
      }, "out of range");
    }
    const int64_t to_per_second = UnitsPerSecond(to->unit());
    return ConvertFixed<int64_t>(o, a, to, [&](int64_t i, int64_t* out) {
      int64_t seconds = FloorDiv(in[i], per_second);
      const int64_t fraction = in[i] - seconds * per_second;
      if (z != nullptr) seconds = z->UtcToLocal(seconds);
      const int64_t of_day = seconds - FloorDiv(seconds, kSecondsPerDay) * kSecondsPerDay;
      int64_t sub;
      ConvertUnit(fraction, a.type->unit(), to->unit(), &sub);  // < 1 s: cannot overflow
      *out = of_day * to_per_second + sub;
      return true;
    });
  }
  if (f == TypeId::kTimestamp && t == TypeId::kTimestamp) {
    const bool from_zoned = !a.type->timezone().empty();
    const bool to_zoned = !to->timezone().empty();
    const TimeZone* z = nullptr;
    if (from_zoned != to_zoned) {
      SILT_ASSIGN_OR_RETURN(z, zone());
    }
    const int64_t* in = a.values<int64_t>();
    const int64_t per_second = UnitsPerSecond(a.type->unit());
    auto shift = from_zoned ? &UtcToLocal : &LocalToUtc;
    return ConvertFixed<int64_t>(o, a, to, [&](int64_t i, int64_t* out) {
      int64_t v = in[i];
      if (z != nullptr && !ShiftSeconds(v, per_second, shift, *z, &v)) return false;
      return ConvertUnit(v, a.type->unit(), to->unit(), out);
    }, "out of range");
  }
  if (f == TypeId::kTime64 && t == TypeId::kTime64) {
    const int64_t* in = a.values<int64_t>();
    return ConvertFixed<int64_t>(o, a, to, [&](int64_t i, int64_t* out) {
      return ConvertUnit(in[i], a.type->unit(), to->unit(), out);
    });
  }
  return Status::Plan("cannot cast " + a.type->ToString() + " to " + to->ToString());
}

}  // namespace silt::functions::internal
