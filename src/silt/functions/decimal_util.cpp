#include "silt/functions/decimal_util.h"

namespace silt::functions::internal {

namespace {

using U128 = unsigned __int128;
constexpr U128 kMaxPositive = (static_cast<U128>(1) << 127) - 1;

// Little-endian 64-bit limbs of a 256-bit value.
void ToLimbs(const UInt256& v, uint64_t limbs[4]) {
  limbs[0] = static_cast<uint64_t>(v.lo);
  limbs[1] = static_cast<uint64_t>(v.lo >> 64);
  limbs[2] = static_cast<uint64_t>(v.hi);
  limbs[3] = static_cast<uint64_t>(v.hi >> 64);
}

UInt256 FromLimbs(const uint64_t limbs[4]) {
  UInt256 v;
  v.lo = (static_cast<U128>(limbs[1]) << 64) | limbs[0];
  v.hi = (static_cast<U128>(limbs[3]) << 64) | limbs[2];
  return v;
}

// v *= m; false when the product needs more than 256 bits.
bool MultiplyBy64(UInt256* v, uint64_t m) {
  uint64_t limbs[4];
  ToLimbs(*v, limbs);
  U128 carry = 0;
  for (uint64_t& limb : limbs) {
    const U128 p = static_cast<U128>(limb) * m + carry;
    limb = static_cast<uint64_t>(p);
    carry = p >> 64;
  }
  *v = FromLimbs(limbs);
  return carry == 0;
}

// Quotient and remainder of a 256-bit value by a 128-bit divisor (d > 0).
void DivMod256(const UInt256& v, U128 d, UInt256* quotient, U128* remainder) {
  if (v.hi == 0) {
    quotient->hi = 0;
    quotient->lo = v.lo / d;
    *remainder = v.lo % d;
    return;
  }
  // Restoring long division, one bit at a time: only reached for values beyond 128 bits.
  U128 r = 0;
  UInt256 q;
  for (int bit = 255; bit >= 0; --bit) {
    const bool carry = (r >> 127) != 0;
    const U128 next = bit >= 128 ? (v.hi >> (bit - 128)) & 1 : (v.lo >> bit) & 1;
    r = (r << 1) | next;
    if (carry || r >= d) {
      r -= d;  // wraps correctly when carry is set: the true value r + 2^128 exceeds d
      if (bit >= 128) {
        q.hi |= static_cast<U128>(1) << (bit - 128);
      } else {
        q.lo |= static_cast<U128>(1) << bit;
      }
    }
  }
  *quotient = q;
  *remainder = r;
}

}  // namespace

UInt256 MultiplyU128(U128 a, U128 b) {
  const U128 a0 = static_cast<uint64_t>(a), a1 = a >> 64;
  const U128 b0 = static_cast<uint64_t>(b), b1 = b >> 64;
  const U128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  // Middle column: high half of p00 plus the low halves of the cross products.
  const U128 middle = (p00 >> 64) + static_cast<uint64_t>(p01) + static_cast<uint64_t>(p10);
  UInt256 out;
  out.lo = (middle << 64) | static_cast<uint64_t>(p00);
  out.hi = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
  return out;
}

bool MultiplyU256ByPow10(UInt256* v, int32_t n) {
  constexpr uint64_t kPow19 = 10000000000000000000ULL;
  while (n >= 19) {
    if (!MultiplyBy64(v, kPow19)) return false;
    n -= 19;
  }
  uint64_t m = 1;
  for (int32_t i = 0; i < n; ++i) m *= 10;
  return m == 1 || MultiplyBy64(v, m);
}

bool DivideU256RoundHalfAway(const UInt256& v, U128 d, U128* out) {
  UInt256 q;
  U128 r;
  DivMod256(v, d, &q, &r);
  if (q.hi != 0) return false;
  if (r >= d - r) {
    if (q.lo == ~static_cast<U128>(0)) return false;
    ++q.lo;
  }
  if (q.lo > kMaxPositive) return false;
  *out = q.lo;
  return true;
}

bool MultiplyDecimal(__int128 a, __int128 b, int32_t drop, __int128* out) {
  const bool negative = (a < 0) != (b < 0);
  const U128 ua = AbsU128(a), ub = AbsU128(b);
  U128 magnitude;
  if ((ua >> 64) == 0 && (ub >> 64) == 0) {
    U128 p = ua * ub;  // fits: both factors are below 2^64
    if (drop > 0) {
      if (drop > kMaxDecimal128Precision) {
        magnitude = 0;
      } else {
        const U128 d = static_cast<U128>(Pow10Int128(drop));
        U128 q = p / d, r = p % d;
        if (r >= d - r) ++q;
        magnitude = q;
      }
    } else {
      magnitude = p;
    }
  } else {
    UInt256 p = MultiplyU128(ua, ub);
    if (drop > 0) {
      if (drop > kMaxDecimal128Precision) return false;
      if (!DivideU256RoundHalfAway(p, static_cast<U128>(Pow10Int128(drop)), &magnitude)) {
        return false;
      }
    } else {
      if (p.hi != 0) return false;
      magnitude = p.lo;
    }
  }
  if (magnitude > kMaxPositive) return false;
  *out = negative ? -static_cast<__int128>(magnitude) : static_cast<__int128>(magnitude);
  return true;
}

bool AddScaledDecimal(__int128 a, int32_t shift_a, __int128 b, int32_t shift_b, int32_t drop,
                      __int128* out) {
  UInt256 ma, mb;
  ma.lo = AbsU128(a);
  mb.lo = AbsU128(b);
  if (!MultiplyU256ByPow10(&ma, shift_a) || !MultiplyU256ByPow10(&mb, shift_b)) return false;
  const bool na = a < 0, nb = b < 0;
  UInt256 sum;
  bool negative;
  auto less = [](const UInt256& x, const UInt256& y) {
    return x.hi != y.hi ? x.hi < y.hi : x.lo < y.lo;
  };
  if (na == nb) {
    sum.lo = ma.lo + mb.lo;
    sum.hi = ma.hi + mb.hi + (sum.lo < ma.lo ? 1 : 0);
    negative = na;
  } else {
    const bool a_larger = !less(ma, mb);
    const UInt256& big = a_larger ? ma : mb;
    const UInt256& small = a_larger ? mb : ma;
    sum.lo = big.lo - small.lo;
    sum.hi = big.hi - small.hi - (big.lo < small.lo ? 1 : 0);
    negative = a_larger ? na : nb;
  }
  U128 magnitude;
  const U128 divisor = drop > 0 ? static_cast<U128>(Pow10Int128(drop)) : 1;
  if (!DivideU256RoundHalfAway(sum, divisor, &magnitude)) return false;
  *out = negative ? -static_cast<__int128>(magnitude) : static_cast<__int128>(magnitude);
  return true;
}

bool DivideDecimal(__int128 a, int32_t shift, __int128 b, __int128* out) {
  const bool negative = (a < 0) != (b < 0);
  const U128 ua = AbsU128(a), ub = AbsU128(b);
  U128 magnitude;
  if (shift >= 0) {
    if (shift > 2 * kMaxDecimal128Precision) return false;
    UInt256 num;
    num.lo = ua;
    if (!MultiplyU256ByPow10(&num, shift)) return false;
    if (!DivideU256RoundHalfAway(num, ub, &magnitude)) return false;
  } else {
    // a / (b * 10^-shift): the divisor may pass 128 bits, in which case the quotient is 0 or 1.
    if (-shift > kMaxDecimal128Precision) {
      magnitude = 0;
    } else {
      UInt256 den = MultiplyU128(ub, static_cast<U128>(Pow10Int128(-shift)));
      if (den.hi != 0 || (den.lo >> 127) != 0) {
        magnitude = (den.hi == 0 && ua >= den.lo - ua) ? 1 : 0;
      } else {
        const U128 d = den.lo;
        U128 q = ua / d, r = ua % d;
        if (r >= d - r) ++q;
        magnitude = q;
      }
    }
  }
  *out = negative ? -static_cast<__int128>(magnitude) : static_cast<__int128>(magnitude);
  return true;
}

}  // namespace silt::functions::internal
