#include "silt/common/decimal.h"

#include <algorithm>
#include <cmath>

namespace silt {

namespace {
constexpr __int128 kInt128Max = static_cast<__int128>(~static_cast<unsigned __int128>(0) >> 1);

struct Pow10Table {
  __int128 values[kMaxDecimal128Precision + 1];
  constexpr Pow10Table() : values() {
    __int128 v = 1;
    for (int i = 0; i <= kMaxDecimal128Precision; ++i) {
      values[i] = v;
      if (i < kMaxDecimal128Precision) v *= 10;
    }
  }
};
constexpr Pow10Table kPow10;

unsigned __int128 AbsUnsigned(__int128 v) {
  // Negating through the unsigned type keeps INT128_MIN well-defined.
  return v < 0 ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(v)
               : static_cast<unsigned __int128>(v);
}

void AppendUnsigned(unsigned __int128 v, std::string* out) {
  char buf[40];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  while (n > 0) out->push_back(buf[--n]);
}
}  // namespace

__int128 Pow10Int128(int32_t n) {
  if (n < 0) return 1;
  if (n > kMaxDecimal128Precision) n = kMaxDecimal128Precision;
  return kPow10.values[n];
}

bool MultiplyByPow10(__int128 value, int32_t n, __int128* out) {
  if (n <= 0 || value == 0) {
    *out = value;
    return n >= 0 || value == 0;
  }
  if (n > kMaxDecimal128Precision) return false;
  __int128 p = kPow10.values[n];
  __int128 limit = kInt128Max / p;
  if (value > limit || value < -limit) return false;
  *out = value * p;
  return true;
}

int32_t DecimalDigitCount(__int128 value) {
  unsigned __int128 v = AbsUnsigned(value);
  int32_t digits = 1;
  while (v >= 10) {
    v /= 10;
    ++digits;
  }
  return digits;
}

void AppendInt128(__int128 value, std::string* out) {
  if (value < 0) out->push_back('-');
  AppendUnsigned(AbsUnsigned(value), out);
}

void AppendDecimal(__int128 unscaled, int32_t scale, std::string* out) {
  if (scale <= 0) {
    AppendInt128(unscaled, out);
    if (unscaled != 0) out->append(static_cast<size_t>(-static_cast<int64_t>(scale)), '0');
    return;
  }
  if (unscaled < 0) out->push_back('-');
  std::string digits;
  AppendUnsigned(AbsUnsigned(unscaled), &digits);
  if (digits.size() <= static_cast<size_t>(scale)) {
    digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
  }
  size_t int_digits = digits.size() - static_cast<size_t>(scale);
  out->append(digits, 0, int_digits);
  out->push_back('.');
  out->append(digits, int_digits, std::string::npos);
}

double DecimalToDouble(__int128 unscaled, int32_t scale) {
  double v = static_cast<double>(unscaled);
  if (scale == 0) return v;
  if (scale > 0) return v / std::pow(10.0, scale);
  return v * std::pow(10.0, -scale);
}

Result<ParsedDecimal> ParseDecimalText(std::string_view text) {
  auto invalid = [&]() {
    return Status::InvalidArgument("invalid decimal number '" + std::string(text) + "'");
  };
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  ParsedDecimal out;
  unsigned __int128 acc = 0;
  int32_t significant = 0;
  int32_t int_digits = 0;
  int32_t frac_digits = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (seen_point) return invalid();
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return invalid();
    (seen_point ? frac_digits : int_digits)++;
    if (acc == 0 && c == '0') continue;  // leading zeros are not significant
    if (++significant > kMaxDecimal128Precision) {
      return Status::InvalidArgument("decimal number '" + std::string(text) +
                                     "' has more than 38 significant digits");
    }
    acc = acc * 10 + static_cast<unsigned>(c - '0');
  }
  if (int_digits + frac_digits == 0) return invalid();
  out.unscaled = negative ? -static_cast<__int128>(acc) : static_cast<__int128>(acc);
  out.scale = frac_digits;
  out.precision = std::max<int32_t>({1, significant, frac_digits});
  if (out.precision > kMaxDecimal128Precision) {
    return Status::InvalidArgument("decimal number '" + std::string(text) +
                                   "' needs more than 38 digits of precision");
  }
  return out;
}

Result<__int128> ParseDecimalAtScale(std::string_view text, int32_t scale) {
  SILT_ASSIGN_OR_RETURN(ParsedDecimal d, ParseDecimalText(text));
  if (d.scale <= scale) {
    __int128 v;
    if (!MultiplyByPow10(d.unscaled, scale - d.scale, &v)) {
      return Status::InvalidArgument("decimal number '" + std::string(text) +
                                     "' does not fit at scale " + std::to_string(scale));
    }
    return v;
  }
  if (d.unscaled == 0) return __int128{0};
  __int128 divisor = Pow10Int128(d.scale - scale);
  if (d.scale - scale > kMaxDecimal128Precision || d.unscaled % divisor != 0) {
    return Status::InvalidArgument("decimal number '" + std::string(text) +
                                   "' has more than " + std::to_string(scale) +
                                   " fractional digits");
  }
  return d.unscaled / divisor;
}

}  // namespace silt
