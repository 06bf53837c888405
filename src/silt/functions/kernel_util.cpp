#include "silt/functions/kernel_util.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "silt/columnar/builder.h"
#include "silt/format/value_text.h"
#include "silt/functions/type_coercion.h"

namespace silt::functions::internal {

Result<BufferPtr> IntersectValidity(const std::vector<ArrayDataPtr>& args, int64_t n,
                                    MemoryPool* pool, int64_t* null_count) {
  *null_count = 0;
  BufferPtr out;
  BufferPtr scratch;
  const int64_t bytes = bit_util::BytesForBits(n);
  for (const auto& arg : args) {
    if (IsScalar(*arg)) {
      if (arg->dictionary->IsValid(0)) continue;
      SILT_ASSIGN_OR_RETURN(auto none, Buffer::AllocateZeroed(bytes, pool));
      *null_count = n;
      return BufferPtr(none);
    }
    if (arg->null_count == 0 || arg->validity() == nullptr) continue;
    if (!out) {
      SILT_ASSIGN_OR_RETURN(out, Buffer::Allocate(bytes, pool));
      bit_util::CopyBits(arg->validity(), arg->offset, out->mutable_data(), 0, n);
      continue;
    }
    const uint8_t* src;
    if (arg->offset % 8 == 0) {
      src = arg->validity() + arg->offset / 8;
    } else {
      if (!scratch) {
      SILT_ASSIGN_OR_RETURN(scratch, Buffer::Allocate(bytes, pool));
    }
      bit_util::CopyBits(arg->validity(), arg->offset, scratch->mutable_data(), 0, n);
      src = scratch->data();
    }
    uint8_t* dst = out->mutable_data();
    for (int64_t i = 0; i < bytes; ++i) dst[i] &= src[i];
  }
  if (!out) return BufferPtr();
  *null_count = n - bit_util::CountSetBits(out->data(), 0, n);
  if (*null_count == 0) return BufferPtr();
  return out;
}

Result<BufferPtr> CopyValidity(const ArrayData& a, MemoryPool* pool, int64_t* null_count) {
  *null_count = 0;
  if (a.null_count == 0 || a.validity() == nullptr) return BufferPtr();
  *null_count = a.null_count;
  if (a.offset == 0) return a.buffers[0];
  SILT_ASSIGN_OR_RETURN(auto out, Buffer::Allocate(bit_util::BytesForBits(a.length), pool));
  bit_util::CopyBits(a.validity(), a.offset, out->mutable_data(), 0, a.length);
  return BufferPtr(out);
}

Result<ArrayDataPtr> MakeFixedOutput(const DataTypePtr& type, int64_t n, MemoryPool* pool) {
  SILT_ASSIGN_OR_RETURN(auto values, Buffer::Allocate(n * type->FixedWidth(), pool));
  auto out = std::make_shared<ArrayData>();
  out->type = type;
  out->length = n;
  out->buffers = {nullptr, std::move(values)};
  return out;
}

Result<ArrayDataPtr> MakeBoolOutput(int64_t n, MemoryPool* pool) {
  SILT_ASSIGN_OR_RETURN(auto bits, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool));
  auto out = std::make_shared<ArrayData>();
  out->type = boolean();
  out->length = n;
  out->buffers = {nullptr, std::move(bits)};
  return out;
}

Status SetNull(ArrayData* out, int64_t i, MemoryPool* pool) {
  if (!out->buffers[0]) {
    SILT_ASSIGN_OR_RETURN(auto bits, Buffer::Allocate(bit_util::BytesForBits(out->length), pool));
    bit_util::SetBitsTo(bits->mutable_data(), 0, out->length, true);
    out->buffers[0] = std::move(bits);
  } else if (!out->buffers[0]->owns_memory() || out->buffers[0].use_count() > 1) {
    // Shared with an input: copy before writing.
    SILT_ASSIGN_OR_RETURN(auto bits, Buffer::Allocate(bit_util::BytesForBits(out->length), pool));
    bit_util::CopyBits(out->buffers[0]->data(), out->offset, bits->mutable_data(), 0, out->length);
    out->buffers[0] = std::move(bits);
    out->offset = 0;
  }
  if (bit_util::GetBit(out->buffers[0]->data(), out->offset + i)) {
    bit_util::ClearBit(out->buffers[0]->mutable_data(), out->offset + i);
    ++out->null_count;
  }
  return Status::OK();
}

Status StringOutput::Init(int64_t bytes) {
  SILT_ASSIGN_OR_RETURN(offsets_buffer_, Buffer::Allocate((n_ + 1) * 8, pool_));
  offsets_ = offsets_buffer_->mutable_data_as<int64_t>();
  offsets_[0] = 0;
  data_buffer_ = std::make_shared<Buffer>(pool_);
  SILT_RETURN_NOT_OK(data_buffer_->Reserve(std::max<int64_t>(bytes, 64)));
  data_ = data_buffer_->mutable_data();
  capacity_ = data_buffer_->capacity();
  return Status::OK();
}

Status StringOutput::Grow(int64_t extra) {
  if (size_ + extra > (int64_t{1} << 40)) {
    return Status::ResourcesExhausted("string result exceeds 1 TiB");
  }
  SILT_RETURN_NOT_OK(data_buffer_->Reserve(std::max(size_ + extra, capacity_ * 2)));
  data_ = data_buffer_->mutable_data();
  capacity_ = data_buffer_->capacity();
  return Status::OK();
}

Result<ArrayDataPtr> StringOutput::Finish(const DataTypePtr& type, BufferPtr validity,
                                          int64_t null_count) {
  data_buffer_->UnsafeSetSize(size_);
  auto out = std::make_shared<ArrayData>();
  out->type = type;
  out->length = n_;
  out->buffers = {nullptr, std::move(offsets_buffer_), std::move(data_buffer_)};
  SetValidity(out.get(), std::move(validity), null_count);
  return out;
}

namespace {

template <typename T>
void GatherFixed(const ArrayData& values, const int32_t* idx, const uint8_t* keep, int64_t n,
                 uint8_t* dst_bytes) {
  const T* src = values.values<T>();
  T* dst = reinterpret_cast<T*>(dst_bytes);
  if (!keep) {
    for (int64_t i = 0; i < n; ++i) dst[i] = src[idx[i]];
    return;
  }
  for (int64_t i = 0; i < n; ++i) dst[i] = bit_util::GetBit(keep, i) ? src[idx[i]] : T{};
}

/// GatherFixed for a value width of 1, 2, 4, 8 or 16 bytes.
void GatherFixedWidth(const ArrayData& values, const int32_t* idx, const uint8_t* keep, int64_t n,
                      int32_t width, uint8_t* dst) {
  switch (width) {
    case 1: GatherFixed<uint8_t>(values, idx, keep, n, dst); break;
    case 2: GatherFixed<uint16_t>(values, idx, keep, n, dst); break;
    case 4: GatherFixed<uint32_t>(values, idx, keep, n, dst); break;
    case 8: GatherFixed<uint64_t>(values, idx, keep, n, dst); break;
    default: GatherFixed<unsigned __int128>(values, idx, keep, n, dst); break;
  }
}

/// Whether every row reads a valid entry: no NULL index, every index in range, no NULL
/// entry (the common case: decoded Parquet dictionaries); then no validity is needed.
bool AllRowsValid(const ArrayData& values, const ArrayData& dict_array, const int32_t* idx) {
  if (dict_array.null_count != 0 || values.null_count != 0) return false;
  uint32_t worst = 0;
  const int64_t n = dict_array.length;
  // Negative indices wrap to huge unsigned values, so one max covers both bounds.
  for (int64_t i = 0; i < n; ++i) worst = std::max(worst, static_cast<uint32_t>(idx[i]));
  return n == 0 || static_cast<int64_t>(worst) < values.length;
}

}  // namespace

Result<ArrayDataPtr> GatherByIndices(const ArrayData& values, const ArrayData& dict_array,
                                     MemoryPool* pool) {
  const int64_t n = dict_array.length;
  const int32_t* idx = dict_array.values<int32_t>();
  const TypeId id = values.type->id();
  const int32_t width = values.type->FixedWidth();
  if (AllRowsValid(values, dict_array, idx) && (id == TypeId::kBool || width == 1 || width == 2 ||
                                                width == 4 || width == 8 || width == 16)) {
    // No validity to compute: a straight gather (a dictionary comparison's TRUE/FALSE per
    // distinct value, expanded to the rows through a byte table, 64 rows per word).
    if (id == TypeId::kBool) {
      SILT_ASSIGN_OR_RETURN(auto out, MakeBoolOutput(n, pool));
      std::vector<uint8_t> table(static_cast<size_t>(values.length));
      for (int64_t v = 0; v < values.length; ++v) table[static_cast<size_t>(v)] = values.GetBool(v) ? 1 : 0;
      uint8_t* bits = out->buffers[1]->mutable_data();
      for (int64_t base = 0; base < n; base += 64) {
        const int64_t m = std::min<int64_t>(64, n - base);
        uint64_t word = 0;
        for (int64_t j = 0; j < m; ++j) word |= uint64_t{table[static_cast<size_t>(idx[base + j])]} << j;
        std::memcpy(bits + base / 8, &word, static_cast<size_t>((m + 7) / 8));
      }
      return out;
    }
    SILT_ASSIGN_OR_RETURN(auto out, MakeFixedOutput(values.type, n, pool));
    GatherFixedWidth(values, idx, nullptr, n, width, out->buffers[1]->mutable_data());
    return out;
  }
  // Which rows read a valid value: index valid, in range, and the entry itself valid.
  SILT_ASSIGN_OR_RETURN(auto keep, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool));
  int64_t null_count = 0;
  for (int64_t i = 0; i < n; ++i) {
    const bool ok = dict_array.IsValid(i) && idx[i] >= 0 && idx[i] < values.length &&
                    values.IsValid(idx[i]);
    if (ok) {
      bit_util::SetBit(keep->mutable_data(), i);
    } else {
      ++null_count;
    }
  }
  const uint8_t* k = keep->data();
  if (id == TypeId::kBool) {
    SILT_ASSIGN_OR_RETURN(auto out, MakeBoolOutput(n, pool));
    uint8_t* bits = out->buffers[1]->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      if (bit_util::GetBit(k, i) && values.GetBool(idx[i])) bit_util::SetBit(bits, i);
    }
    SetValidity(out.get(), keep, null_count);
    return out;
  }
  if (width == 1 || width == 2 || width == 4 || width == 8 || width == 16) {
    SILT_ASSIGN_OR_RETURN(auto out, MakeFixedOutput(values.type, n, pool));
    GatherFixedWidth(values, idx, k, n, width, out->buffers[1]->mutable_data());
    SetValidity(out.get(), keep, null_count);
    return out;
  }
  if (values.type->IsBinaryLike()) {
    int64_t total = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (bit_util::GetBit(k, i)) total += static_cast<int64_t>(values.GetView(idx[i]).size());
    }
    StringOutput out(n, pool);
    SILT_RETURN_NOT_OK(out.Init(total));
    for (int64_t i = 0; i < n; ++i) {
      if (bit_util::GetBit(k, i)) SILT_RETURN_NOT_OK(out.Append(values.GetView(idx[i])));
      out.FinishRow(i);
    }
    return out.Finish(values.type, keep, null_count);
  }
  if (id == TypeId::kNull) return MakeNullArray(values.type, n, pool);
  ArrayBuilder b(values.type, pool);
  for (int64_t i = 0; i < n; ++i) {
    if (bit_util::GetBit(k, i)) {
      SILT_RETURN_NOT_OK(b.AppendRange(values, idx[i], 1));
    } else {
      SILT_RETURN_NOT_OK(b.AppendNull());
    }
  }
  return b.Finish();
}

Result<ArrayDataPtr> DecodeDictionary(const ArrayDataPtr& array, MemoryPool* pool) {
  if (array->encoding != Encoding::kDictionary) return array;
  SILT_ASSIGN_OR_RETURN(auto dict, Flatten(array->dictionary, pool));
  return GatherByIndices(*dict, *array, pool);
}

namespace {

// A constant argument normalized to a 1-row plain value, re-broadcast to `length` rows.
Result<ArrayDataPtr> ConstantOf(const ArrayData& a, int64_t length, MemoryPool* pool) {
  ArrayDataPtr value = a.dictionary;
  if (value->length != 1 || value->encoding != Encoding::kPlain) {
    SILT_ASSIGN_OR_RETURN(value, Flatten(value->Slice(0, 1), pool));
  }
  return MakeConstantArray(std::move(value), length);
}

// A result of one row (plain or constant) broadcast as a constant of n rows.
Result<ArrayDataPtr> Broadcast(const ArrayDataPtr& one, int64_t n, MemoryPool* pool) {
  ArrayDataPtr value = one;
  if (value->encoding == Encoding::kConstant) {
    value = value->dictionary;
  }
  if (value->length != 1 || value->encoding != Encoding::kPlain) {
    SILT_ASSIGN_OR_RETURN(value, Flatten(value->Slice(0, 1), pool));
  }
  return MakeConstantArray(std::move(value), n);
}

}  // namespace

ScalarKernel Elementwise(DataTypePtr return_type, ScalarKernel plain_kernel, NullHandling nulls) {
  return [return_type, kernel = std::move(plain_kernel), nulls](
             const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
             int64_t n) -> Result<ArrayDataPtr> {
    MemoryPool* pool = ctx.pool;
    // No rows, nothing to evaluate: in particular a constant expression that would fail
    // (1 / 0) must not fail over an empty batch.
    if (n == 0) return MakeNullArray(return_type, 0, pool);
    bool all_constant = true;
    int dictionaries = 0;
    int plain_args = 0;
    size_t dict_pos = 0;
    for (size_t i = 0; i < args.size(); ++i) {
      const ArrayData& a = *args[i];
      if (a.encoding == Encoding::kConstant) {
        if (nulls == NullHandling::kPropagate && !a.dictionary->IsValid(0)) {
          SILT_ASSIGN_OR_RETURN(auto null_value, MakeNullArray(return_type, 1, pool));
          return MakeConstantArray(std::move(null_value), n);
        }
        continue;
      }
      all_constant = false;
      if (a.encoding == Encoding::kDictionary) {
        ++dictionaries;
        dict_pos = i;
      } else {
        ++plain_args;
      }
    }
    if (all_constant) {
      // Every argument as its plain 1-row value: kernels see one ordinary row.
      std::vector<ArrayDataPtr> one(args.size());
      for (size_t i = 0; i < args.size(); ++i) {
        SILT_ASSIGN_OR_RETURN(auto c, ConstantOf(*args[i], 1, pool));
        one[i] = c->dictionary;
      }
      SILT_ASSIGN_OR_RETURN(auto result, kernel(ctx, one, 1));
      return Broadcast(result, n, pool);
    }
    // Rows with a NULL index read as NULL after the gather, which is only right when NULL
    // propagates.
    // Only when every other argument is constant (ConstantOf reads a constant's value).
    if (dictionaries == 1 && plain_args == 0 && args[dict_pos]->dictionary->length <= n &&
        (nulls == NullHandling::kPropagate || args[dict_pos]->null_count == 0)) {
      // Evaluate over the distinct values; an error there may come from a value no row
      // references, so on failure fall back to evaluating the rows themselves.
      const ArrayData& dict_array = *args[dict_pos];
      SILT_ASSIGN_OR_RETURN(auto dict, Flatten(dict_array.dictionary, pool));
      std::vector<ArrayDataPtr> over(args.size());
      bool ok = true;
      for (size_t i = 0; i < args.size() && ok; ++i) {
        if (i == dict_pos) {
          over[i] = dict;
        } else {
          auto c = ConstantOf(*args[i], dict->length, pool);
          if (!c.ok()) return c.status();
          over[i] = c.MoveValue();
        }
      }
      auto result = kernel(ctx, over, dict->length);
      if (result.ok()) {
        SILT_ASSIGN_OR_RETURN(auto values, Flatten(*result, pool));
        return GatherByIndices(*values, dict_array, pool);
      }
    }
    if (dictionaries == 0) return kernel(ctx, args, n);
    std::vector<ArrayDataPtr> decoded(args.size());
    for (size_t i = 0; i < args.size(); ++i) {
      SILT_ASSIGN_OR_RETURN(decoded[i], DecodeDictionary(args[i], pool));
    }
    return kernel(ctx, decoded, n);
  };
}

std::string SignatureText(const std::string& name, const std::vector<DataTypePtr>& params,
                          const DataTypePtr& return_type) {
  std::string s = name + "(";
  for (size_t i = 0; i < params.size(); ++i) {
    if (i > 0) s += ", ";
    s += params[i]->ToString();
  }
  s += ") -> " + return_type->ToString();
  return s;
}

ScalarOverload FixedOverload(const std::string& name, std::vector<DataTypePtr> params,
                             DataTypePtr return_type, ScalarKernel plain_kernel,
                             NullHandling nulls) {
  ScalarOverload o;
  o.signature = SignatureText(name, params, return_type);
  ScalarKernel kernel = Elementwise(return_type, std::move(plain_kernel), nulls);
  o.bind = [name, params, return_type, kernel](
               const std::vector<DataTypePtr>& args) -> std::optional<BoundScalarFunction> {
    if (args.size() != params.size()) return std::nullopt;
    for (size_t i = 0; i < args.size(); ++i) {
      if (!args[i]->Equals(*params[i]) && !CanImplicitlyCast(*args[i], *params[i])) {
        return std::nullopt;
      }
    }
    return BoundScalarFunction{name, params, return_type, kernel, true};
  };
  return o;
}

std::string ValueForMessage(const ArrayData& a, int64_t i) {
  if (IsValueNull(a, i)) return "NULL";
  std::string text;
  AppendValueText(a, i, &text);
  if (a.type->id() == TypeId::kUtf8 || a.type->IsBinaryLike() ||
      a.type->id() == TypeId::kDate32 || a.type->id() == TypeId::kTimestamp ||
      a.type->id() == TypeId::kTime64 || a.type->id() == TypeId::kInterval) {
    if (text.size() > 64) {
      size_t cut = 61;
      while (cut > 0 && (static_cast<uint8_t>(text[cut]) & 0xC0) == 0x80) --cut;  // whole code points
      text = text.substr(0, cut) + "...";
    }
    return "'" + text + "'";
  }
  return text;
}

Status RowError(std::string_view function, const std::string& what) {
  return Status::Execution(std::string(function) + ": " + what);
}

}  // namespace silt::functions::internal
