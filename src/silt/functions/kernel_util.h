#pragma once

// Building blocks shared by the built-in kernels (internal to silt_functions): argument
// views over plain/constant arrays, validity intersection, output allocation, the
// Elementwise wrapper that handles encodings, and overload helpers for registration.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/functions/function_registry.h"

namespace silt::functions::internal {

/// True for a constant-encoded argument (one value broadcast to every row).
inline bool IsScalar(const ArrayData& a) { return a.encoding == Encoding::kConstant; }

/// The plain array holding an argument's values: itself, or a constant's single value.
inline const ArrayData& ValuesOf(const ArrayData& a) { return IsScalar(a) ? *a.dictionary : a; }

/// Whether row i of a plain-or-constant argument is valid. Arrays of the null type are
/// NULL in every row whether or not they carry a validity buffer.
inline bool ArgValid(const ArrayData& a, int64_t i) {
  const ArrayData& v = ValuesOf(a);
  if (v.type->id() == TypeId::kNull) return false;
  return IsScalar(a) ? v.IsValid(0) : a.IsValid(i);
}

/// Read access to a fixed-width argument that is plain or constant.
template <typename T>
struct FixedArg {
  const T* ptr;
  bool scalar;
  explicit FixedArg(const ArrayData& a)
      : ptr(ValuesOf(a).template values<T>()), scalar(IsScalar(a)) {}
  T operator[](int64_t i) const { return scalar ? ptr[0] : ptr[i]; }
};

/// Read access to a bool argument (value bitmap) that is plain or constant.
struct BoolArg {
  const uint8_t* bits;
  int64_t offset;
  bool scalar;
  explicit BoolArg(const ArrayData& a)
      : bits(ValuesOf(a).buffers[1]->data()), offset(ValuesOf(a).offset), scalar(IsScalar(a)) {}
  bool operator[](int64_t i) const { return bit_util::GetBit(bits, offset + (scalar ? 0 : i)); }
};

/// Read access to a utf8/binary argument that is plain or constant.
struct StringArg {
  const int64_t* offsets;
  const char* data;
  bool scalar;
  explicit StringArg(const ArrayData& a)
      : offsets(ValuesOf(a).binary_offsets()),
        data(reinterpret_cast<const char*>(ValuesOf(a).buffers[2]->data())),
        scalar(IsScalar(a)) {}
  std::string_view operator[](int64_t i) const {
    const int64_t k = scalar ? 0 : i;
    return {data + offsets[k], static_cast<size_t>(offsets[k + 1] - offsets[k])};
  }
};

/// AND of the validity of `args` (plain or constant) over n rows, as a fresh bitmap at
/// offset 0, or null when every row is valid. Sets *null_count.
Result<BufferPtr> IntersectValidity(const std::vector<ArrayDataPtr>& args, int64_t n,
                                    MemoryPool* pool, int64_t* null_count);

/// The validity of one plain array re-based to offset 0 (shared when already at offset 0).
Result<BufferPtr> CopyValidity(const ArrayData& a, MemoryPool* pool, int64_t* null_count);

/// A plain array of `type` with n rows and an uninitialized fixed-width values buffer.
Result<ArrayDataPtr> MakeFixedOutput(const DataTypePtr& type, int64_t n, MemoryPool* pool);

/// A plain bool array with n rows and a zeroed value bitmap.
Result<ArrayDataPtr> MakeBoolOutput(int64_t n, MemoryPool* pool);

/// Writable values of an output made by MakeFixedOutput.
template <typename T>
T* MutableValues(ArrayData& out) {
  return out.buffers[1]->mutable_data_as<T>();
}

/// Sets the validity of an output array.
inline void SetValidity(ArrayData* out, BufferPtr validity, int64_t null_count) {
  out->buffers[0] = null_count == 0 ? nullptr : std::move(validity);
  out->null_count = null_count;
}

/// Clears validity bit i of an output array (allocating an all-valid bitmap first if needed).
Status SetNull(ArrayData* out, int64_t i, MemoryPool* pool);

/// Accumulates a utf8/binary output: offsets for every row plus the bytes. Append() grows
/// geometrically, so the per-row cost is amortized; Reserve() up front avoids regrowth.
class StringOutput {
 public:
  StringOutput(int64_t n, MemoryPool* pool) : n_(n), pool_(pool) {}
  /// Allocates the offsets and reserves `bytes` of data.
  Status Init(int64_t bytes);
  /// Appends bytes to the current row.
  Status Append(std::string_view v) {
    if (size_ + static_cast<int64_t>(v.size()) > capacity_) SILT_RETURN_NOT_OK(Grow(v.size()));
    if (!v.empty()) std::memcpy(data_ + size_, v.data(), v.size());
    size_ += static_cast<int64_t>(v.size());
    return Status::OK();
  }
  /// Makes room for `n` more bytes and returns where to write them (then call Commit).
  Result<char*> Reserve(int64_t n) {
    if (size_ + n > capacity_) SILT_RETURN_NOT_OK(Grow(n));
    return reinterpret_cast<char*>(data_ + size_);
  }
  void Commit(int64_t n) { size_ += n; }
  /// Ends row `row` (rows are finished in order 0, 1, ...).
  void FinishRow(int64_t row) { offsets_[row + 1] = size_; }
  /// Bytes appended so far.
  int64_t size() const { return size_; }
  /// The finished array of `type` (utf8 or binary).
  Result<ArrayDataPtr> Finish(const DataTypePtr& type, BufferPtr validity, int64_t null_count);

 private:
  Status Grow(int64_t extra);
  int64_t n_;
  MemoryPool* pool_;
  BufferPtr offsets_buffer_;
  BufferPtr data_buffer_;
  int64_t* offsets_ = nullptr;
  uint8_t* data_ = nullptr;
  int64_t size_ = 0;
  int64_t capacity_ = 0;
};

/// Largest string a kernel produces (lpad, repeat, ...): requests beyond it are errors
/// rather than attempts to allocate gigabytes.
constexpr int64_t kMaxStringBytes = int64_t{1} << 28;

/// Row loop for NULL-propagating kernels with a utf8/binary result: calls
/// fn(i, StringOutput*) -> Status for every row whose arguments are all valid.
template <typename Fn>
Result<ArrayDataPtr> MapStringRows(const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                                   int64_t n, const DataTypePtr& type, int64_t bytes_hint, Fn&& fn) {
  int64_t null_count;
  SILT_ASSIGN_OR_RETURN(auto validity, IntersectValidity(args, n, ctx.pool, &null_count));
  const uint8_t* valid = validity ? validity->data() : nullptr;
  StringOutput out(n, ctx.pool);
  SILT_RETURN_NOT_OK(out.Init(bytes_hint));
  for (int64_t i = 0; i < n; ++i) {
    if (valid == nullptr || bit_util::GetBit(valid, i)) SILT_RETURN_NOT_OK(fn(i, &out));
    out.FinishRow(i);
  }
  return out.Finish(type, validity, null_count);
}

/// Row loop with a fixed-width result: fn(i, T*) -> Status for rows whose arguments are valid.
template <typename T, typename Fn>
Result<ArrayDataPtr> MapFixedRows(const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                                  int64_t n, const DataTypePtr& type, Fn&& fn) {
  SILT_ASSIGN_OR_RETURN(auto out, MakeFixedOutput(type, n, ctx.pool));
  T* o = MutableValues<T>(*out);
  int64_t null_count;
  SILT_ASSIGN_OR_RETURN(auto validity, IntersectValidity(args, n, ctx.pool, &null_count));
  const uint8_t* valid = validity ? validity->data() : nullptr;
  for (int64_t i = 0; i < n; ++i) {
    o[i] = T{};
    if (valid == nullptr || bit_util::GetBit(valid, i)) SILT_RETURN_NOT_OK(fn(i, &o[i]));
  }
  SetValidity(out.get(), validity, null_count);
  return out;
}

/// Row loop with a bool result: fn(i) -> bool for rows whose arguments are valid.
template <typename Fn>
Result<ArrayDataPtr> MapBoolRows(const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                                 int64_t n, Fn&& fn) {
  SILT_ASSIGN_OR_RETURN(auto out, MakeBoolOutput(n, ctx.pool));
  uint8_t* bits = out->buffers[1]->mutable_data();
  int64_t null_count;
  SILT_ASSIGN_OR_RETURN(auto validity, IntersectValidity(args, n, ctx.pool, &null_count));
  const uint8_t* valid = validity ? validity->data() : nullptr;
  for (int64_t i = 0; i < n; ++i) {
    if ((valid == nullptr || bit_util::GetBit(valid, i)) && fn(i)) bit_util::SetBit(bits, i);
  }
  SetValidity(out.get(), validity, null_count);
  return out;
}

/// Gathers rows of the plain array `values` by the dictionary indices of `dict_array`
/// (rows whose index is NULL become NULL) into a plain array.
Result<ArrayDataPtr> GatherByIndices(const ArrayData& values, const ArrayData& dict_array,
                                     MemoryPool* pool);

/// Expands a dictionary-encoded array into plain layout (plain/constant returned as is).
Result<ArrayDataPtr> DecodeDictionary(const ArrayDataPtr& array, MemoryPool* pool);

/// How a kernel treats NULL arguments.
enum class NullHandling {
  kPropagate,  // any NULL argument makes the row NULL (the wrapper short-circuits constants)
  kManual,     // the kernel looks at NULLs itself (coalesce, concat, ...)
};

/// Wraps a kernel that accepts plain and constant arguments into one that also accepts
/// dictionary arguments and folds encodings: all-constant arguments are evaluated once (as
/// plain 1-row arrays) and returned as a constant; a single dictionary argument (others
/// constant) is evaluated over the distinct values and gathered; a NULL constant argument of
/// a NULL-propagating function yields a NULL constant without calling the kernel. Hence a
/// one-argument kernel only ever sees a plain argument.
ScalarKernel Elementwise(DataTypePtr return_type, ScalarKernel plain_kernel,
                         NullHandling nulls = NullHandling::kPropagate);

/// An overload with fixed parameter types: applies when every argument equals its parameter
/// or implicitly casts to it. The kernel is wrapped with Elementwise.
ScalarOverload FixedOverload(const std::string& name, std::vector<DataTypePtr> params,
                             DataTypePtr return_type, ScalarKernel plain_kernel,
                             NullHandling nulls = NullHandling::kPropagate);

/// "name(t1, t2) -> r" for signatures.
std::string SignatureText(const std::string& name, const std::vector<DataTypePtr>& params,
                          const DataTypePtr& return_type);

/// Renders row i of a plain array for error messages (`'abc'`, `42`, `NULL`).
std::string ValueForMessage(const ArrayData& a, int64_t i);

/// Error for a row: Status::Execution("<function>: <what>").
Status RowError(std::string_view function, const std::string& what);

/// True for the signed integer types int8..int64.
inline bool IsSignedInteger(TypeId id) {
  return id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 ||
         id == TypeId::kInt64;
}
/// True for uint8..uint64.
inline bool IsUnsignedInteger(TypeId id) {
  return id == TypeId::kUInt8 || id == TypeId::kUInt16 || id == TypeId::kUInt32 ||
         id == TypeId::kUInt64;
}
/// Integers, floats and decimals.
inline bool IsNumeric(const DataType& t) {
  return t.IsInteger() || t.IsFloating() || t.IsDecimal();
}

/// Calls `fn.template operator()<T>()` with T the C++ type of a signed integer type id.
template <typename Fn>
auto DispatchSignedInteger(TypeId id, Fn&& fn) {
  switch (id) {
    case TypeId::kInt8: return fn.template operator()<int8_t>();
    case TypeId::kInt16: return fn.template operator()<int16_t>();
    case TypeId::kInt32: return fn.template operator()<int32_t>();
    default: return fn.template operator()<int64_t>();
  }
}

}  // namespace silt::functions::internal
