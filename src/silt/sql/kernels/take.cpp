#include "silt/sql/kernels/take.h"

#include <cstring>
#include <string>
#include <vector>

#include "silt/columnar/builder.h"

namespace silt::sql {
namespace {

/// Stretches of consecutive source rows in an index list: a filter that keeps most rows
/// gathers them as a few block copies instead of one load per row.
struct Run {
  int64_t dst = 0;
  int64_t src = 0;
  int64_t length = 0;
};
using Runs = std::vector<Run>;

/// Validity of the gathered rows of a plain array: null when every gathered row is valid.
Result<BufferPtr> GatherValidity(const ArrayData& a, const int64_t* indices, int64_t n,
                                 bool any_null_index, MemoryPool* pool, int64_t* null_count) {
  *null_count = 0;
  const uint8_t* src = a.null_count != 0 ? a.validity() : nullptr;
  if (src == nullptr && !any_null_index) return BufferPtr();
  SILT_ASSIGN_OR_RETURN(auto bits, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool));
  bits->UnsafeSetSize(bit_util::BytesForBits(n));
  uint8_t* dst = bits->mutable_data();
  int64_t nulls = 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = indices[i];
    const bool valid = k >= 0 && (src == nullptr || bit_util::GetBit(src, a.offset + k));
    if (valid) {
      bit_util::SetBit(dst, i);
    } else {
      ++nulls;
    }
  }
  *null_count = nulls;
  if (nulls == 0) return BufferPtr();
  return bits;
}

template <typename T>
void GatherFixed(const T* src, const int64_t* indices, int64_t n, T* dst) {
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = indices[i];
    dst[i] = k >= 0 ? src[k] : T{};
  }
}

struct Bytes16 {
  uint64_t lo = 0;
  uint64_t hi = 0;
};

Result<ArrayDataPtr> TakeFixed(const ArrayData& a, const int64_t* indices, int64_t n, const Runs* runs,
                               MemoryPool* pool) {
  const int64_t width = a.type->FixedWidth();
  SILT_ASSIGN_OR_RETURN(auto values, Buffer::Allocate(width * n, pool));
  values->UnsafeSetSize(width * n);
  const uint8_t* src = a.buffers[1]->data() + a.offset * width;
  uint8_t* dst = values->mutable_data();
  if (runs) {
    for (const Run& r : *runs) {
      std::memcpy(dst + r.dst * width, src + r.src * width, static_cast<size_t>(r.length * width));
    }
  } else switch (width) {
    case 1: GatherFixed(src, indices, n, dst); break;
    case 2:
      GatherFixed(reinterpret_cast<const uint16_t*>(src), indices, n,
                  reinterpret_cast<uint16_t*>(dst));
      break;
    case 4:
      GatherFixed(reinterpret_cast<const uint32_t*>(src), indices, n,
                  reinterpret_cast<uint32_t*>(dst));
      break;
    case 8:
      GatherFixed(reinterpret_cast<const uint64_t*>(src), indices, n,
                  reinterpret_cast<uint64_t*>(dst));
      break;
    case 16:
      GatherFixed(reinterpret_cast<const Bytes16*>(src), indices, n,
                  reinterpret_cast<Bytes16*>(dst));
      break;
    default:
      for (int64_t i = 0; i < n; ++i) {
        if (indices[i] >= 0) {
          std::memcpy(dst + i * width, src + indices[i] * width, static_cast<size_t>(width));
        } else {
          std::memset(dst + i * width, 0, static_cast<size_t>(width));
        }
      }
  }
  auto out = std::make_shared<ArrayData>();
  out->type = a.type;
  out->length = n;
  out->buffers = {nullptr, std::move(values)};
  return out;
}

Result<ArrayDataPtr> TakeBool(const ArrayData& a, const int64_t* indices, int64_t n,
                              MemoryPool* pool) {
  SILT_ASSIGN_OR_RETURN(auto bits, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool));
  bits->UnsafeSetSize(bit_util::BytesForBits(n));
  const uint8_t* src = a.buffers[1]->data();
  uint8_t* dst = bits->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    if (indices[i] >= 0 && bit_util::GetBit(src, a.offset + indices[i])) bit_util::SetBit(dst, i);
  }
  auto out = std::make_shared<ArrayData>();
  out->type = a.type;
  out->length = n;
  out->buffers = {nullptr, std::move(bits)};
  return out;
}

Result<ArrayDataPtr> TakeBinary(const ArrayData& a, const int64_t* indices, int64_t n,
                                MemoryPool* pool) {
  const int64_t* src_offsets = a.binary_offsets();
  int64_t total = 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = indices[i];
    if (k >= 0) total += src_offsets[k + 1] - src_offsets[k];
  }
  SILT_ASSIGN_OR_RETURN(auto offsets, Buffer::Allocate(8 * (n + 1), pool));
  offsets->UnsafeSetSize(8 * (n + 1));
  SILT_ASSIGN_OR_RETURN(auto data, Buffer::Allocate(total, pool));
  data->UnsafeSetSize(total);
  int64_t* dst_offsets = offsets->mutable_data_as<int64_t>();
  const uint8_t* src = a.buffers[2]->data();
  uint8_t* dst = data->mutable_data();
  int64_t pos = 0;
  dst_offsets[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = indices[i];
    if (k >= 0) {
      const int64_t len = src_offsets[k + 1] - src_offsets[k];
      if (len > 0) std::memcpy(dst + pos, src + src_offsets[k], static_cast<size_t>(len));
      pos += len;
    }
    dst_offsets[i + 1] = pos;
  }
  auto out = std::make_shared<ArrayData>();
  out->type = a.type;
  out->length = n;
  out->buffers = {nullptr, std::move(offsets), std::move(data)};
  return out;
}

/// Nested types (list, map, struct) go through ArrayBuilder: they are rare as gathered
/// payload and the builder already knows every child layout.
Result<ArrayDataPtr> TakeNested(const ArrayData& a, const int64_t* indices, int64_t n,
                                MemoryPool* pool) {
  ArrayBuilder builder(a.type, pool);
  for (int64_t i = 0; i < n; ++i) {
    if (indices[i] < 0) {
      SILT_RETURN_NOT_OK(builder.AppendNull());
    } else {
      SILT_RETURN_NOT_OK(builder.AppendRange(a, indices[i], 1));
    }
  }
  return builder.Finish();
}

Result<ArrayDataPtr> TakePlain(const ArrayData& a, const int64_t* indices, int64_t n,
                               bool any_null_index, const Runs* runs, MemoryPool* pool) {
  if (a.type->id() == TypeId::kNull) return MakeNullArray(a.type, n, pool);
  if (a.type->IsNested()) return TakeNested(a, indices, n, pool);
  ArrayDataPtr out;
  if (a.type->id() == TypeId::kBool) {
    SILT_ASSIGN_OR_RETURN(out, TakeBool(a, indices, n, pool));
  } else if (a.type->IsBinaryLike()) {
    SILT_ASSIGN_OR_RETURN(out, TakeBinary(a, indices, n, pool));
  } else if (a.type->FixedWidth() > 0) {
    SILT_ASSIGN_OR_RETURN(out, TakeFixed(a, indices, n, runs, pool));
  } else {
    return Status::NotSupported("Take: unsupported type " + a.type->ToString());
  }
  int64_t null_count = 0;
  SILT_ASSIGN_OR_RETURN(out->buffers[0],
                        GatherValidity(a, indices, n, any_null_index, pool, &null_count));
  out->null_count = null_count;
  return out;
}

/// Checks the indices against `length`; sets whether any is -1 (NULL).
Status CheckIndices(const int64_t* indices, int64_t n, int64_t length, bool* any_null_index) {
  bool any_null = false;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = indices[i];
    if (k < -1 || k >= length) {
      return Status::Internal("Take: index " + std::to_string(k) + " out of range for " +
                              std::to_string(length) + " rows");
    }
    any_null |= k < 0;
  }
  *any_null_index = any_null;
  return Status::OK();
}

/// Take over checked indices; `runs` (optional) describes them as block copies.
Result<ArrayDataPtr> TakeChecked(const ArrayDataPtr& array, const int64_t* indices, int64_t n,
                                 bool any_null_index, const Runs* runs, MemoryPool* pool);

}  // namespace

Result<ArrayDataPtr> Take(const ArrayDataPtr& array, const int64_t* indices, int64_t n,
                          MemoryPool* pool) {
  bool any_null_index = false;
  SILT_RETURN_NOT_OK(CheckIndices(indices, n, array->length, &any_null_index));
  return TakeChecked(array, indices, n, any_null_index, nullptr, pool);
}

namespace {

Result<ArrayDataPtr> TakeChecked(const ArrayDataPtr& array, const int64_t* indices, int64_t n,
                                 bool any_null_index, const Runs* runs, MemoryPool* pool) {
  if (array->encoding == Encoding::kPlain) {
    return TakePlain(*array, indices, n, any_null_index, runs, pool);
  }
  if (array->encoding == Encoding::kDictionary) {
    // Stays dictionary-encoded: gather the int32 indices and share the dictionary (a filter
    // or join over Parquet string columns then copies 4 bytes per row, not the strings).
    const bool has_nulls = array->null_count != 0 && array->validity() != nullptr;
    SILT_ASSIGN_OR_RETURN(auto idx, Buffer::Allocate(static_cast<int64_t>(sizeof(int32_t)) * n, pool));
    idx->UnsafeSetSize(static_cast<int64_t>(sizeof(int32_t)) * n);
    int32_t* dst = reinterpret_cast<int32_t*>(idx->mutable_data());
    const int32_t* src = array->values<int32_t>();
    BufferPtr validity;
    int64_t null_count = 0;
    if (any_null_index || has_nulls) {
      SILT_ASSIGN_OR_RETURN(validity, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool));
      validity->UnsafeSetSize(bit_util::BytesForBits(n));
      uint8_t* bits = validity->mutable_data();
      for (int64_t i = 0; i < n; ++i) {
        const int64_t k = indices[i];
        const bool valid = k >= 0 && !(has_nulls && array->IsNull(k));
        dst[i] = valid ? src[k] : 0;
        if (valid) {
          bit_util::SetBit(bits, i);
        } else {
          ++null_count;
        }
      }
    } else {
      for (int64_t i = 0; i < n; ++i) dst[i] = src[indices[i]];
    }
    auto out = std::make_shared<ArrayData>();
    out->type = array->type;
    out->length = n;
    out->null_count = null_count;
    out->encoding = Encoding::kDictionary;
    out->buffers = {null_count > 0 ? validity : nullptr, std::move(idx)};
    out->dictionary = array->dictionary;
    return ArrayDataPtr(out);
  }
  // Constant: translate to indices into the values array and gather from it.
  std::vector<int64_t> inner(static_cast<size_t>(n));
  if (array->encoding == Encoding::kConstant) {
    for (int64_t i = 0; i < n; ++i) inner[i] = indices[i] < 0 ? -1 : 0;
  } else {
    const bool has_nulls = array->null_count != 0 && array->validity() != nullptr;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t k = indices[i];
      inner[i] = k < 0 || (has_nulls && array->IsNull(k)) ? -1 : array->DictIndex(k);
    }
  }
  return Take(array->dictionary, inner.data(), n, pool);
}

}  // namespace

Result<RecordBatchPtr> TakeBatch(const RecordBatch& batch, const int64_t* indices, int64_t n,
                                 MemoryPool* pool) {
  // One index check for every column (all have the batch's rows), and the indices as runs
  // of consecutive rows when there are few (a filter keeping most of a batch).
  bool any_null_index = false;
  SILT_RETURN_NOT_OK(CheckIndices(indices, n, batch.num_rows(), &any_null_index));
  Runs runs;
  bool use_runs = !any_null_index && n > 0;
  for (int64_t i = 0; i < n && use_runs; ++i) {
    if (i > 0 && indices[i] == indices[i - 1] + 1) {
      ++runs.back().length;
      continue;
    }
    runs.push_back(Run{i, indices[i], 1});
    use_runs = static_cast<int64_t>(runs.size()) * 16 <= n + 16;  // long runs only
  }
  std::vector<ArrayDataPtr> columns;
  columns.reserve(static_cast<size_t>(batch.num_columns()));
  for (const auto& column : batch.columns()) {
    if (column->length != batch.num_rows()) return Status::Internal("TakeBatch: column length differs from the batch's");
    SILT_ASSIGN_OR_RETURN(auto taken, TakeChecked(column, indices, n, any_null_index, use_runs ? &runs : nullptr, pool));
    columns.push_back(std::move(taken));
  }
  return std::make_shared<RecordBatch>(batch.schema(), n, std::move(columns));
}

}  // namespace silt::sql
