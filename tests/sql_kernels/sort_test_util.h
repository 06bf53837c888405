#pragma once

// Helpers for the sort / take / window kernel tests: arrays from optional values in every
// encoding, and results rendered as "1,NULL,3" text.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "silt/columnar/builder.h"
#include "silt/format/value_text.h"

namespace silt::sql::testing {

template <typename T>
using Opt = std::optional<T>;

/// A plain array of `type` from optional values (nullopt is NULL).
template <typename T>
ArrayDataPtr Arr(const DataTypePtr& type, const std::vector<Opt<T>>& values) {
  ArrayBuilder b(type);
  for (const auto& v : values) {
    Status st;
    if (!v) {
      st = b.AppendNull();
    } else if constexpr (std::is_same_v<T, bool>) {
      st = b.AppendBool(*v);
    } else if constexpr (std::is_convertible_v<T, std::string_view>) {
      st = b.AppendString(*v);
    } else {
      st = b.Append<T>(*v);
    }
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  return *b.Finish();
}

inline ArrayDataPtr I64(const std::vector<Opt<int64_t>>& v) { return Arr<int64_t>(int64(), v); }
inline ArrayDataPtr I32(const std::vector<Opt<int32_t>>& v) { return Arr<int32_t>(int32(), v); }
inline ArrayDataPtr F64(const std::vector<Opt<double>>& v) { return Arr<double>(float64(), v); }
inline ArrayDataPtr Str(const std::vector<Opt<std::string>>& v) {
  return Arr<std::string>(utf8(), v);
}

/// A dictionary-encoded array over `dict` with the given indices (nullopt: NULL row).
inline ArrayDataPtr Dict(const ArrayDataPtr& dict, const std::vector<Opt<int32_t>>& idx) {
  auto indices = Arr<int32_t>(int32(), idx);
  auto d = std::make_shared<ArrayData>(*indices);
  d->type = dict->type;
  d->encoding = Encoding::kDictionary;
  d->dictionary = dict;
  return d;
}

/// A constant array repeating the single value of `one` n times.
inline ArrayDataPtr Const(const ArrayDataPtr& one, int64_t n) { return MakeConstantArray(one, n); }

/// Rows rendered as text, joined with ','; NULL for nulls.
inline std::string Text(const ArrayData& a) {
  std::string out;
  for (int64_t i = 0; i < a.length; ++i) {
    if (i > 0) out += ',';
    if (IsValueNull(a, i)) {
      out += "NULL";
    } else {
      AppendValueText(a, i, &out);
    }
  }
  return out;
}

/// Indices joined with ','.
inline std::string Join(const std::vector<int64_t>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(v[i]);
  }
  return out;
}

}  // namespace silt::sql::testing
