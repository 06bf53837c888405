#include "silt/functions/nested_values.h"

#include <algorithm>

namespace silt::functions::internal {

namespace {

// The plain array an argument reads: itself (flattened) or a constant's value as one row.
Result<ArrayDataPtr> PlainValues(const ArrayDataPtr& arg, MemoryPool* pool) {
  if (arg->encoding == Encoding::kConstant) return Flatten(arg->dictionary->Slice(0, 1), pool);
  return Flatten(arg, pool);
}

}  // namespace

Result<ListArg> ReadList(const ArrayDataPtr& arg, MemoryPool* pool) {
  ListArg out;
  out.scalar = arg->encoding == Encoding::kConstant;
  SILT_ASSIGN_OR_RETURN(out.list, PlainValues(arg, pool));
  out.items = out.list->children[0];
  out.offsets = out.list->list_offsets();
  return out;
}

Result<ValueArg> ReadValue(const ArrayDataPtr& arg, MemoryPool* pool) {
  ValueArg out;
  out.scalar = arg->encoding == Encoding::kConstant;
  SILT_ASSIGN_OR_RETURN(out.values, PlainValues(arg, pool));
  return out;
}

// ---- RowIndices ----

Result<RowIndices> RowIndices::Make(int64_t n, MemoryPool* pool) {
  RowIndices out;
  out.n_ = n;
  SILT_ASSIGN_OR_RETURN(out.indices_, Buffer::AllocateZeroed(n * 4, pool));
  SILT_ASSIGN_OR_RETURN(out.validity_, Buffer::Allocate(bit_util::BytesForBits(n), pool));
  bit_util::SetBitsTo(out.validity_->mutable_data(), 0, n, true);
  out.indices = out.indices_->mutable_data_as<int32_t>();
  return out;
}

Result<ArrayDataPtr> RowIndices::Gather(const ArrayDataPtr& values, MemoryPool* pool) const {
  SILT_ASSIGN_OR_RETURN(auto plain, Flatten(values, pool));
  // The indices as a dictionary-encoded column over `plain`, which GatherByIndices expands.
  ArrayData index_column;
  index_column.type = int32();
  index_column.length = n_;
  index_column.null_count = null_count_;
  index_column.buffers = {null_count_ ? validity_ : nullptr, indices_};
  return GatherByIndices(*plain, index_column, pool);
}

// ---- ListOutput ----

Status ListOutput::Init() {
  SILT_ASSIGN_OR_RETURN(offsets_, Buffer::AllocateZeroed((n_ + 1) * 4, pool_));
  SILT_ASSIGN_OR_RETURN(validity_, Buffer::Allocate(bit_util::BytesForBits(n_), pool_));
  bit_util::SetBitsTo(validity_->mutable_data(), 0, n_, true);
  return Status::OK();
}

void ListOutput::AppendNull(int64_t row) {
  bit_util::ClearBit(validity_->mutable_data(), row);
  ++null_count_;
  offsets_->mutable_data_as<int32_t>()[row + 1] = static_cast<int32_t>(indices_.size());
}

Status ListOutput::AppendRange(int64_t row, int64_t start, int64_t len, bool end_row) {
  if (static_cast<int64_t>(indices_.size()) + len > INT32_MAX) {
    return Status::ResourcesExhausted("list result exceeds 2^31 items");
  }
  for (int64_t k = 0; k < len; ++k) indices_.push_back(static_cast<int32_t>(start + k));
  if (end_row) offsets_->mutable_data_as<int32_t>()[row + 1] = static_cast<int32_t>(indices_.size());
  return Status::OK();
}

Result<ArrayDataPtr> ListOutput::Finish(const DataTypePtr& list_type, const ArrayData& items) {
  const int64_t count = static_cast<int64_t>(indices_.size());
  SILT_ASSIGN_OR_RETURN(auto index_buffer, Buffer::Allocate(std::max<int64_t>(count, 1) * 4, pool_));
  if (count > 0) std::memcpy(index_buffer->mutable_data(), indices_.data(), static_cast<size_t>(count) * 4);
  ArrayData index_column;
  index_column.type = int32();
  index_column.length = count;
  index_column.buffers = {nullptr, index_buffer};
  SILT_ASSIGN_OR_RETURN(auto child, GatherByIndices(items, index_column, pool_));
  auto out = std::make_shared<ArrayData>();
  out->type = list_type;
  out->length = n_;
  out->null_count = null_count_;
  out->buffers = {null_count_ ? validity_ : nullptr, offsets_};
  out->children = {std::move(child)};
  return out;
}

// ---- equality ----

bool ValuesEqual(const ArrayData& a, int64_t i, const ArrayData& b, int64_t j) {
  const bool va = IsValidRow(a, i), vb = IsValidRow(b, j);
  if (!va || !vb) return va == vb;
  switch (a.type->id()) {
    case TypeId::kBool: return a.GetBool(i) == b.GetBool(j);
    case TypeId::kFloat32: return FixedEquality<float>{a.values<float>(), b.values<float>()}(i, j);
    case TypeId::kFloat64: return FixedEquality<double>{a.values<double>(), b.values<double>()}(i, j);
    case TypeId::kInterval: return IntervalLength(a.GetFixed(i)) == IntervalLength(b.GetFixed(j));
    case TypeId::kUtf8:
    case TypeId::kBinary: return a.GetView(i) == b.GetView(j);
    case TypeId::kList:
    case TypeId::kMap: {
      const int32_t* oa = a.list_offsets();
      const int32_t* ob = b.list_offsets();
      if (oa[i + 1] - oa[i] != ob[j + 1] - ob[j]) return false;
      for (int32_t k = 0; k < oa[i + 1] - oa[i]; ++k) {
        if (!ValuesEqual(*a.children[0], oa[i] + k, *b.children[0], ob[j] + k)) return false;
      }
      return true;
    }
    case TypeId::kStruct:
      for (size_t c = 0; c < a.children.size(); ++c) {
        if (!ValuesEqual(*a.children[c], i, *b.children[c], j)) return false;
      }
      return true;
    default: {
      const int32_t width = a.type->FixedWidth();
      return width > 0 && std::memcmp(a.GetFixed(i), b.GetFixed(j), static_cast<size_t>(width)) == 0;
    }
  }
}

}  // namespace silt::functions::internal
