#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "silt/common/status.h"

namespace silt {

/// Largest number of decimal digits a decimal128 value can hold.
constexpr int32_t kMaxDecimal128Precision = 38;
/// Largest precision stored as decimal64 (every 18-digit value fits in int64).
constexpr int32_t kMaxDecimal64Precision = 18;

/// 10^n as a 128-bit integer, for 0 <= n <= 38.
__int128 Pow10Int128(int32_t n);

/// Sets *out = value * 10^n (n >= 0); returns false when the result does not fit in 128 bits.
bool MultiplyByPow10(__int128 value, int32_t n, __int128* out);

/// Number of decimal digits of |value| (1 for zero).
int32_t DecimalDigitCount(__int128 value);

/// Appends the base-10 text of `value` ("-170141183460469231731687303715884105728" works).
void AppendInt128(__int128 value, std::string* out);

/// Appends unscaled / 10^scale exactly: (1250, 2) -> "12.50", (-5, 3) -> "-0.005". A negative
/// scale appends zeros: (12, -2) -> "1200".
void AppendDecimal(__int128 unscaled, int32_t scale, std::string* out);

/// Nearest double of unscaled / 10^scale (one rounding for |scale| <= 22).
double DecimalToDouble(__int128 unscaled, int32_t scale);

/// A decimal number read from text: value = unscaled / 10^scale.
struct ParsedDecimal {
  __int128 unscaled = 0;
  int32_t scale = 0;
  /// Significant digits, at least max(1, scale).
  int32_t precision = 1;
};

/// Parses `[+-]digits[.digits]` (or `.digits`), no exponent. InvalidArgument when the text is
/// not a number or has more than 38 significant digits.
Result<ParsedDecimal> ParseDecimalText(std::string_view text);

/// Parses decimal text into an unscaled value at exactly `scale` (e.g. "12.5" at scale 2 ->
/// 1250). Extra fractional digits must be zeros; InvalidArgument otherwise or on overflow.
Result<__int128> ParseDecimalAtScale(std::string_view text, int32_t scale);

}  // namespace silt
