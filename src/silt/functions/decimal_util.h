#pragma once

// Exact decimal helpers shared by casts and decimal arithmetic (internal to silt_functions):
// rounding division, rescaling, and a 256-bit intermediate for products and quotients that
// do not fit 128 bits. Rounding is always half away from zero.

#include <cstdint>

#include "silt/common/decimal.h"

namespace silt::functions::internal {

/// |v| as unsigned (well defined for the most negative value).
inline unsigned __int128 AbsU128(__int128 v) {
  return v < 0 ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(v)
               : static_cast<unsigned __int128>(v);
}

/// a / b rounded half away from zero; b > 0.
inline __int128 DivRoundHalfAway(__int128 a, __int128 b) {
  __int128 q = a / b;
  __int128 r = a % b;
  if (r < 0) r = -r;
  if (r >= b - r) q += a < 0 ? -1 : 1;
  return q;
}

/// v scaled by 10^delta: multiplies (false on 128-bit overflow) or divides rounding half away
/// from zero.
inline bool RescaleDecimal(__int128 v, int32_t delta, __int128* out) {
  if (delta >= 0) {
    if (delta > kMaxDecimal128Precision) {
      *out = 0;
      return v == 0;
    }
    return MultiplyByPow10(v, delta, out);
  }
  if (-delta > kMaxDecimal128Precision) {
    *out = 0;  // |v| < 2^127 < 0.5 * 10^39
    return true;
  }
  *out = DivRoundHalfAway(v, Pow10Int128(-delta));
  return true;
}

/// True when |v| < 10^precision.
inline bool FitsPrecision(__int128 v, int32_t precision) {
  return AbsU128(v) < static_cast<unsigned __int128>(Pow10Int128(precision));
}

/// An unsigned 256-bit integer (hi:lo) for exact intermediate products.
struct UInt256 {
  unsigned __int128 hi = 0;
  unsigned __int128 lo = 0;
};

/// Full 128 x 128 -> 256-bit unsigned product.
UInt256 MultiplyU128(unsigned __int128 a, unsigned __int128 b);

/// Multiplies a 256-bit value by 10^n (n <= 38); false on overflow past 256 bits.
bool MultiplyU256ByPow10(UInt256* v, int32_t n);

/// v / d rounded half away from zero (the caller applies the sign); d > 0. Sets *out and
/// returns true when the quotient fits 127 bits.
bool DivideU256RoundHalfAway(const UInt256& v, unsigned __int128 d, unsigned __int128* out);

/// Exact signed product a * b scaled by 10^-drop (rounding half away from zero), or false when
/// the result does not fit 127 bits.
bool MultiplyDecimal(__int128 a, __int128 b, int32_t drop, __int128* out);

/// (a * 10^shift_a + b * 10^shift_b) / 10^drop rounded half away from zero, exactly (256-bit
/// intermediate); false when the result does not fit 127 bits. Shifts and drop <= 38.
bool AddScaledDecimal(__int128 a, int32_t shift_a, __int128 b, int32_t shift_b, int32_t drop,
                      __int128* out);

/// a * 10^shift / b rounded half away from zero (b != 0), or false when it does not fit.
bool DivideDecimal(__int128 a, int32_t shift, __int128 b, __int128* out);

}  // namespace silt::functions::internal
