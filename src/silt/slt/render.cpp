#include "silt/slt/render.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "silt/format/value_text.h"

namespace silt::slt {

namespace {

// SQLite's numeric reading of text: leading whitespace, then the longest numeric prefix;
// 0 when there is none.
double LeadingNumber(const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  double v = std::strtod(begin, &end);
  if (end == begin) return 0.0;
  // strtod also reads hex floats, "inf" and "nan", which SQLite does not treat as numbers.
  for (const char* p = begin; p < end; ++p) {
    if (*p == 'x' || *p == 'X' || *p == 'n' || *p == 'N') return 0.0;
  }
  return v;
}

// Truncation toward 0 into int64, saturating like sqlite3_column_int64 (NaN becomes 0).
int64_t TruncateToInt64(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9223372036854775807.0) return std::numeric_limits<int64_t>::max();
  if (v <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

std::string RenderSqliteInteger(const DataType& type, const std::string& text) {
  TypeId id = type.id();
  if (id == TypeId::kBool) return text == "true" ? "1" : "0";
  if (type.IsInteger()) return text;
  if (type.IsFloating()) return std::to_string(TruncateToInt64(std::strtod(text.c_str(), nullptr)));
  if (type.IsDecimal()) {
    // Exact: cut the fractional digits ("-0.5" -> "0", not "-0").
    std::string whole = text.substr(0, text.find('.'));
    if (whole == "-0" || whole == "-" || whole.empty()) return "0";
    return whole;
  }
  return std::to_string(TruncateToInt64(LeadingNumber(text)));
}

std::string RenderSqliteReal(TypeId id, const std::string& text) {
  double v;
  if (id == TypeId::kBool) {
    v = text == "true" ? 1.0 : 0.0;
  } else if (id == TypeId::kUtf8 || id == TypeId::kBinary) {
    v = LeadingNumber(text);
  } else {
    // Numbers (and "inf"/"NaN" spellings of floats) read fully.
    v = std::strtod(text.c_str(), nullptr);
  }
  char buf[400];
  std::snprintf(buf, sizeof(buf), "%.3f", v);
  return buf;
}

std::string RenderSqliteText(TypeId id, std::string text) {
  if (id == TypeId::kBool) return text == "true" ? "1" : "0";
  if (id == TypeId::kFloat32 || id == TypeId::kFloat64) {
    double v = std::strtod(text.c_str(), nullptr);
    if (std::isfinite(v)) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.15g", v);
      text = buf;
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
    }
  }
  for (char& c : text) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b > 0x7E) c = '@';
  }
  return text.empty() ? "(empty)" : text;
}

}  // namespace

std::string RenderValue(const ArrayData& array, int64_t row, char type_letter, bool sqlite_mode) {
  if (IsValueNull(array, row)) return "NULL";
  std::string text;
  AppendValueText(array, row, &text);
  if (!sqlite_mode) return text.empty() ? "(empty)" : text;
  TypeId id = array.type->id();
  switch (type_letter) {
    case 'I': return RenderSqliteInteger(*array.type, text);
    case 'R': return RenderSqliteReal(id, text);
    default: return RenderSqliteText(id, std::move(text));
  }
}

}  // namespace silt::slt
