#pragma once

// Helpers for the scalar function tests: build arrays in every encoding, call a function by
// name through the registry (binding, casting the arguments, running the kernel) and read
// results back as text.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "silt/columnar/builder.h"
#include "silt/format/value_text.h"
#include "silt/functions/cast.h"
#include "silt/functions/function_registry.h"
#include <cstring>
#include <map>

namespace silt::functions::testing {

/// An optional value for building arrays: nullopt is NULL.
template <typename T>
using Opt = std::optional<T>;

/// A plain array of `type` from optional values.
template <typename T>
ArrayDataPtr Array(const DataTypePtr& type, const std::vector<Opt<T>>& values) {
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

/// utf8 array from optional strings.
inline ArrayDataPtr Strings(const std::vector<Opt<std::string>>& values) {
  return Array<std::string>(utf8(), values);
}

/// int64 array from optional values.
inline ArrayDataPtr Int64s(const std::vector<Opt<int64_t>>& values) {
  return Array<int64_t>(int64(), values);
}

/// A one-value array (for constants).
template <typename T>
ArrayDataPtr One(const DataTypePtr& type, Opt<T> value) {
  return Array<T>(type, {value});
}

/// A constant-encoded array of n rows repeating `value` (a 1-row array).
inline ArrayDataPtr Constant(const ArrayDataPtr& value, int64_t n) {
  return MakeConstantArray(value, n);
}

/// The same rows dictionary-encoded: distinct values (by text) in a dictionary, int32 indices;
/// NULL rows get a NULL index. Adds one unreferenced dictionary entry at the end when
/// `extra` is given, to check kernels ignore values no row uses.
ArrayDataPtr Dictionary(const ArrayDataPtr& plain, const ArrayDataPtr& extra = nullptr);

/// Text of every row (CONTRACTS text rendering), "NULL" for NULL rows.
std::vector<std::string> Texts(const ArrayDataPtr& array);

/// Binds `name` to the argument types, casts the arguments, runs the kernel over
/// `num_rows` rows (default: the first argument's length).
Result<ArrayDataPtr> Call(const std::string& name, const std::vector<ArrayDataPtr>& args,
                          int64_t num_rows = -1, const KernelContext& ctx = KernelContext());

/// Call() then Texts(); a failed call yields {"ERROR: <message>"}.
std::vector<std::string> CallTexts(const std::string& name, const std::vector<ArrayDataPtr>& args,
                                   int64_t num_rows = -1, const KernelContext& ctx = KernelContext());

/// Evaluates a function over one row of constant arguments given as (type, text) pairs cast
/// from utf8, e.g. Eval("substr", {{utf8(), "hello"}, {int64(), "2"}}) -> "ello".
/// NULL arguments are spelled with std::nullopt text. Errors come back as "ERROR: ...".
std::string Eval(const std::string& name,
                 const std::vector<std::pair<DataTypePtr, std::optional<std::string>>>& args,
                 const KernelContext& ctx = KernelContext());

/// Casts the text `value` (utf8) to `type`; the resulting 1-row array.
ArrayDataPtr FromText(const DataTypePtr& type, const std::optional<std::string>& value);

/// Checks a function gives the same text for plain, dictionary and constant encodings of
/// its first argument (other arguments constant), returning the plain result.
std::vector<std::string> CheckEncodings(const std::string& name, const ArrayDataPtr& first,
                                        const std::vector<ArrayDataPtr>& constant_rest = {});

// ---- definitions ----


inline ArrayDataPtr Dictionary(const ArrayDataPtr& plain, const ArrayDataPtr& extra) {
  std::map<std::string, int32_t> index_of;
  std::vector<int64_t> first_row;
  std::vector<int32_t> indices(static_cast<size_t>(plain->length), 0);
  auto validity = *Buffer::AllocateZeroed(bit_util::BytesForBits(plain->length));
  int64_t nulls = 0;
  for (int64_t i = 0; i < plain->length; ++i) {
    if (IsValueNull(*plain, i)) {
      ++nulls;
      continue;
    }
    bit_util::SetBit(validity->mutable_data(), i);
    std::string key;
    AppendValueText(*plain, i, &key);
    auto [it, inserted] = index_of.emplace(key, static_cast<int32_t>(first_row.size()));
    if (inserted) first_row.push_back(i);
    indices[static_cast<size_t>(i)] = it->second;
  }
  ArrayBuilder dict(plain->type);
  for (int64_t row : first_row) EXPECT_TRUE(dict.AppendRange(*plain, row, 1).ok());
  if (extra) {
    EXPECT_TRUE(dict.AppendRange(*extra, 0, 1).ok());
  }
  auto out = std::make_shared<ArrayData>();
  out->type = plain->type;
  out->length = plain->length;
  out->null_count = nulls;
  out->encoding = Encoding::kDictionary;
  auto index_buffer = *Buffer::Allocate(static_cast<int64_t>(indices.size() * 4));
  std::memcpy(index_buffer->mutable_data(), indices.data(), indices.size() * 4);
  out->buffers = {nulls ? BufferPtr(validity) : nullptr, index_buffer};
  out->dictionary = *dict.Finish();
  return out;
}

inline std::vector<std::string> Texts(const ArrayDataPtr& array) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < array->length; ++i) {
    if (IsValueNull(*array, i)) {
      out.push_back("NULL");
      continue;
    }
    std::string s;
    AppendValueText(*array, i, &s);
    out.push_back(s);
  }
  return out;
}

inline Result<ArrayDataPtr> Call(const std::string& name, const std::vector<ArrayDataPtr>& args,
                          int64_t num_rows, const KernelContext& ctx) {
  std::vector<DataTypePtr> types;
  for (const auto& a : args) types.push_back(a->type);
  SILT_ASSIGN_OR_RETURN(auto bound, FunctionRegistry::Default().BindScalar(name, types));
  std::vector<ArrayDataPtr> cast_args;
  for (size_t i = 0; i < args.size(); ++i) {
    SILT_ASSIGN_OR_RETURN(auto c, Cast(ctx, args[i], bound.arg_types[i], false));
    cast_args.push_back(c);
  }
  const int64_t n = num_rows >= 0 ? num_rows : (args.empty() ? 1 : args[0]->length);
  SILT_ASSIGN_OR_RETURN(auto result, bound.kernel(ctx, cast_args, n));
  if (result->length != n) return Status::Internal("kernel returned the wrong length");
  if (!result->type->Equals(*bound.return_type)) {
    return Status::Internal("kernel returned " + result->type->ToString() + ", bound " +
                            bound.return_type->ToString());
  }
  if (result->encoding == Encoding::kPlain) SILT_RETURN_NOT_OK(ValidateArray(*result));
  return result;
}

inline std::vector<std::string> CallTexts(const std::string& name, const std::vector<ArrayDataPtr>& args,
                                   int64_t num_rows, const KernelContext& ctx) {
  auto r = Call(name, args, num_rows, ctx);
  if (!r.ok()) return {"ERROR: " + r.status().message()};
  return Texts(*r);
}

inline ArrayDataPtr FromText(const DataTypePtr& type, const std::optional<std::string>& value) {
  auto text = Strings({value});
  if (type->id() == TypeId::kUtf8) return text;
  if (!value) return *MakeNullArray(type, 1);
  auto cast = Cast(KernelContext(), text, type, false);
  EXPECT_TRUE(cast.ok()) << "cannot build " << type->ToString() << " from '" << *value
                         << "': " << cast.status().ToString();
  return cast.ok() ? *cast : *MakeNullArray(type, 1);
}

inline std::string Eval(const std::string& name,
                 const std::vector<std::pair<DataTypePtr, std::optional<std::string>>>& args,
                 const KernelContext& ctx) {
  std::vector<ArrayDataPtr> arrays;
  for (const auto& [type, text] : args) arrays.push_back(Constant(FromText(type, text), 1));
  auto out = CallTexts(name, arrays, 1, ctx);
  return out.size() == 1 ? out[0] : "?";
}

inline std::vector<std::string> CheckEncodings(const std::string& name, const ArrayDataPtr& first,
                                        const std::vector<ArrayDataPtr>& constant_rest) {
  const int64_t n = first->length;
  std::vector<ArrayDataPtr> rest;
  for (const auto& r : constant_rest) rest.push_back(Constant(r, n));
  std::vector<ArrayDataPtr> plain_args = {first};
  plain_args.insert(plain_args.end(), rest.begin(), rest.end());
  auto plain = CallTexts(name, plain_args);
  std::vector<ArrayDataPtr> dict_args = {Dictionary(first)};
  dict_args.insert(dict_args.end(), rest.begin(), rest.end());
  EXPECT_EQ(CallTexts(name, dict_args), plain) << name << " over a dictionary";
  for (int64_t i = 0; i < n; ++i) {
    std::vector<ArrayDataPtr> const_args = {Constant(first->Slice(i, 1), 3)};
    for (const auto& r : constant_rest) const_args.push_back(Constant(r, 3));
    auto c = CallTexts(name, const_args, 3);
    if (plain.size() == static_cast<size_t>(n) && plain[0].rfind("ERROR", 0) != 0) {
      EXPECT_EQ(c, std::vector<std::string>(3, plain[static_cast<size_t>(i)]))
          << name << " over a constant, row " << i;
    }
  }
  return plain;
}

}  // namespace silt::functions::testing
