// FilterBatch and TakeArray: typed gathers for flat types, ArrayBuilder for nested ones.

#include <cstring>

#include "silt/columnar/builder.h"
#include "silt/expr/evaluate.h"

namespace silt {

namespace {

// Gathers validity bits; returns null (and null_count 0) when no gathered row is NULL.
Result<BufferPtr> GatherValidity(const ArrayData& a, const int32_t* idx, int64_t n,
                                 MemoryPool* pool, int64_t* null_count) {
  *null_count = 0;
  const uint8_t* validity = a.validity();
  if (a.null_count == 0 || validity == nullptr) return BufferPtr();
  SILT_ASSIGN_OR_RETURN(BufferPtr bits, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool));
  uint8_t* out = bits->mutable_data();
  int64_t nulls = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (bit_util::GetBit(validity, a.offset + idx[i])) {
      bit_util::SetBit(out, i);
    } else {
      ++nulls;
    }
  }
  *null_count = nulls;
  if (nulls == 0) return BufferPtr();
  return bits;
}

// Length of the run of consecutive source rows starting at idx[i] (selections are often
// clustered, so runs are copied with one memcpy).
inline int64_t RunLength(const int32_t* idx, int64_t i, int64_t n) {
  int64_t j = i + 1;
  while (j < n && idx[j] == idx[j - 1] + 1) ++j;
  return j - i;
}

template <int kWidth>
void GatherFixed(const uint8_t* src, const int32_t* idx, int64_t n, uint8_t* dst) {
  for (int64_t i = 0; i < n;) {
    if (i + 1 < n && idx[i + 1] == idx[i] + 1) {
      int64_t run = RunLength(idx, i, n);
      std::memcpy(dst + i * kWidth, src + static_cast<int64_t>(idx[i]) * kWidth,
                  static_cast<size_t>(run * kWidth));
      i += run;
      continue;
    }
    std::memcpy(dst + i * kWidth, src + static_cast<int64_t>(idx[i]) * kWidth, kWidth);
    ++i;
  }
}

Result<ArrayDataPtr> TakePlain(const ArrayData& a, const int32_t* idx, int64_t n,
                               MemoryPool* pool) {
  const TypeId id = a.type->id();
  if (a.type->IsNested()) {
    ArrayBuilder b(a.type, pool);
    SILT_RETURN_NOT_OK(b.AppendIndices(a, idx, n));
    return b.Finish();
  }
  auto out = std::make_shared<ArrayData>();
  out->type = a.type;
  out->length = n;
  if (id == TypeId::kNull) {
    out->null_count = n;
    return out;
  }
  SILT_ASSIGN_OR_RETURN(BufferPtr validity, GatherValidity(a, idx, n, pool, &out->null_count));
  if (id == TypeId::kBool) {
    SILT_ASSIGN_OR_RETURN(BufferPtr bits, Buffer::AllocateZeroed(bit_util::BytesForBits(n), pool));
    const uint8_t* src = a.buffers[1]->data();
    for (int64_t i = 0; i < n; ++i) {
      if (bit_util::GetBit(src, a.offset + idx[i])) bit_util::SetBit(bits->mutable_data(), i);
    }
    out->buffers = {std::move(validity), std::move(bits)};
    return out;
  }
  if (a.type->IsBinaryLike()) {
    const int64_t* offsets = a.binary_offsets();
    const uint8_t* data = a.buffers[2]->data();
    SILT_ASSIGN_OR_RETURN(BufferPtr out_offsets, Buffer::Allocate((n + 1) * 8, pool));
    int64_t* oo = out_offsets->mutable_data_as<int64_t>();
    int64_t total = 0;
    oo[0] = 0;
    for (int64_t i = 0; i < n; ++i) {
      total += offsets[idx[i] + 1] - offsets[idx[i]];
      oo[i + 1] = total;
    }
    SILT_ASSIGN_OR_RETURN(BufferPtr out_data, Buffer::Allocate(total, pool));
    uint8_t* od = out_data->mutable_data();
    for (int64_t i = 0; i < n;) {
      int64_t run = RunLength(idx, i, n);
      int64_t len = oo[i + run] - oo[i];
      if (len > 0) std::memcpy(od + oo[i], data + offsets[idx[i]], static_cast<size_t>(len));
      i += run;
    }
    out->buffers = {std::move(validity), std::move(out_offsets), std::move(out_data)};
    return out;
  }
  const int64_t w = a.type->FixedWidth();
  if (w <= 0) return Status::NotSupported("cannot gather values of type " + a.type->ToString());
  SILT_ASSIGN_OR_RETURN(BufferPtr values, Buffer::Allocate(n * w, pool));
  const uint8_t* src = a.buffers[1]->data() + a.offset * w;
  uint8_t* dst = values->mutable_data();
  switch (w) {
    case 1: GatherFixed<1>(src, idx, n, dst); break;
    case 2: GatherFixed<2>(src, idx, n, dst); break;
    case 4: GatherFixed<4>(src, idx, n, dst); break;
    case 8: GatherFixed<8>(src, idx, n, dst); break;
    case 16: GatherFixed<16>(src, idx, n, dst); break;
    default:
      for (int64_t i = 0; i < n; ++i) {
        std::memcpy(dst + i * w, src + static_cast<int64_t>(idx[i]) * w, static_cast<size_t>(w));
      }
  }
  out->buffers = {std::move(validity), std::move(values)};
  return out;
}

}  // namespace

Result<ArrayDataPtr> TakeArray(const ArrayDataPtr& array, const int32_t* indices, int64_t n,
                               MemoryPool* pool) {
  const ArrayData& a = *array;
  switch (a.encoding) {
    case Encoding::kConstant: return MakeConstantArray(a.dictionary, n);
    case Encoding::kDictionary: {
      // Keep the dictionary; gather the int32 indices and their validity.
      auto out = std::make_shared<ArrayData>();
      out->type = a.type;
      out->length = n;
      out->encoding = Encoding::kDictionary;
      out->dictionary = a.dictionary;
      SILT_ASSIGN_OR_RETURN(BufferPtr validity,
                            GatherValidity(a, indices, n, pool, &out->null_count));
      SILT_ASSIGN_OR_RETURN(BufferPtr idx, Buffer::Allocate(n * 4, pool));
      GatherFixed<4>(a.buffers[1]->data() + a.offset * 4, indices, n, idx->mutable_data());
      out->buffers = {std::move(validity), std::move(idx)};
      return out;
    }
    case Encoding::kPlain: return TakePlain(a, indices, n, pool);
  }
  return Status::Internal("unknown encoding");
}

Result<RecordBatchPtr> FilterBatch(const RecordBatch& batch, const std::vector<uint8_t>& selection,
                                   MemoryPool* pool) {
  const int64_t rows = batch.num_rows();
  if (static_cast<int64_t>(selection.size()) != rows) {
    return Status::InvalidArgument("selection has " + std::to_string(selection.size()) +
                                   " entries for a batch of " + std::to_string(rows) + " rows");
  }
  if (rows > INT32_MAX) return Status::NotSupported("batches over 2^31 rows cannot be filtered");
  std::vector<int32_t> indices;
  indices.reserve(static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) {
    if (selection[static_cast<size_t>(i)]) indices.push_back(static_cast<int32_t>(i));
  }
  const int64_t n = static_cast<int64_t>(indices.size());
  if (n == rows) {
    return std::make_shared<RecordBatch>(batch.schema(), rows, batch.columns());
  }
  std::vector<ArrayDataPtr> columns;
  columns.reserve(static_cast<size_t>(batch.num_columns()));
  for (const auto& col : batch.columns()) {
    SILT_ASSIGN_OR_RETURN(ArrayDataPtr taken, TakeArray(col, indices.data(), n, pool));
    columns.push_back(std::move(taken));
  }
  return std::make_shared<RecordBatch>(batch.schema(), n, std::move(columns));
}

}  // namespace silt
