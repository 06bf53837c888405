#include "silt/columnar/builder.h"

namespace silt {

// ---- ValidityBuilder ----

Status ValidityBuilder::Materialize(int64_t extra) {
  int64_t need = bit_util::BytesForBits(length_ + extra);
  if (!bits_) {
    bits_ = std::make_shared<Buffer>(pool_);
    SILT_RETURN_NOT_OK(bits_->Reserve(std::max<int64_t>(need, 64)));
    std::memset(bits_->mutable_data(), 0, static_cast<size_t>(bits_->capacity()));
    bit_util::SetBitsTo(bits_->mutable_data(), 0, length_, true);
  } else if (need > bits_->capacity()) {
    int64_t old_cap = bits_->capacity();
    SILT_RETURN_NOT_OK(bits_->Reserve(need));
    std::memset(bits_->mutable_data() + old_cap, 0, static_cast<size_t>(bits_->capacity() - old_cap));
  }
  return Status::OK();
}

Status ValidityBuilder::Append(bool valid) { return AppendRun(valid, 1); }

Status ValidityBuilder::AppendRun(bool valid, int64_t n) {
  if (n <= 0) return Status::OK();
  if (!valid || bits_) {
    SILT_RETURN_NOT_OK(Materialize(n));
    bit_util::SetBitsTo(bits_->mutable_data(), length_, n, valid);
  }
  if (!valid) null_count_ += n;
  length_ += n;
  return Status::OK();
}

BufferPtr ValidityBuilder::Finish() {
  if (null_count_ == 0) return nullptr;
  bits_->UnsafeSetSize(bit_util::BytesForBits(length_));
  return std::move(bits_);
}

// ---- ArrayBuilder ----

ArrayBuilder::ArrayBuilder(DataTypePtr type, MemoryPool* pool)
    : type_(std::move(type)), pool_(pool), validity_(pool) {
  switch (type_->id()) {
    case TypeId::kNull: break;
    case TypeId::kUtf8:
    case TypeId::kBinary: {
      offsets_ = std::make_shared<Buffer>(pool);
      values_ = std::make_shared<Buffer>(pool);
      int64_t zero = 0;
      (void)offsets_->Append(&zero, 8);
      break;
    }
    case TypeId::kList:
    case TypeId::kMap: {
      offsets_ = std::make_shared<Buffer>(pool);
      int32_t zero = 0;
      (void)offsets_->Append(&zero, 4);
      children_.push_back(std::make_unique<ArrayBuilder>(type_->children()[0]->type, pool));
      break;
    }
    case TypeId::kStruct:
      for (const auto& f : type_->children()) {
        children_.push_back(std::make_unique<ArrayBuilder>(f->type, pool));
      }
      break;
    default: values_ = std::make_shared<Buffer>(pool); break;
  }
}

Status ArrayBuilder::AppendNull() { return AppendNulls(1); }

Status ArrayBuilder::AppendNulls(int64_t n) {
  if (n <= 0) return Status::OK();
  SILT_RETURN_NOT_OK(validity_.AppendRun(false, n));
  switch (type_->id()) {
    case TypeId::kNull: return Status::OK();
    case TypeId::kBool: {
      int64_t need = bit_util::BytesForBits(bool_length_ + n);
      int64_t old = values_->size();
      SILT_RETURN_NOT_OK(values_->Resize(need));
      if (need > old) std::memset(values_->mutable_data() + old, 0, static_cast<size_t>(need - old));
      bool_length_ += n;
      return Status::OK();
    }
    case TypeId::kUtf8:
    case TypeId::kBinary: {
      int64_t end = values_->size();
      for (int64_t i = 0; i < n; ++i) SILT_RETURN_NOT_OK(offsets_->Append(&end, 8));
      return Status::OK();
    }
    case TypeId::kList:
    case TypeId::kMap: {
      int32_t end = static_cast<int32_t>(children_[0]->length());
      for (int64_t i = 0; i < n; ++i) SILT_RETURN_NOT_OK(offsets_->Append(&end, 4));
      return Status::OK();
    }
    case TypeId::kStruct:
      for (auto& c : children_) SILT_RETURN_NOT_OK(c->AppendNulls(n));
      return Status::OK();
    default: {
      int64_t w = type_->FixedWidth();
      int64_t old = values_->size();
      SILT_RETURN_NOT_OK(values_->Resize(old + w * n));
      std::memset(values_->mutable_data() + old, 0, static_cast<size_t>(w * n));
      return Status::OK();
    }
  }
}

Status ArrayBuilder::AppendBool(bool v) {
  SILT_RETURN_NOT_OK(validity_.Append(true));
  int64_t need = bit_util::BytesForBits(bool_length_ + 1);
  if (need > values_->size()) {
    SILT_RETURN_NOT_OK(values_->Resize(need));
    values_->mutable_data()[need - 1] = 0;
  }
  bit_util::SetBitTo(values_->mutable_data(), bool_length_++, v);
  return Status::OK();
}

Status ArrayBuilder::AppendFixed(const void* bytes) {
  SILT_RETURN_NOT_OK(validity_.Append(true));
  return values_->Append(bytes, type_->FixedWidth());
}

Status ArrayBuilder::AppendString(std::string_view v) {
  SILT_RETURN_NOT_OK(validity_.Append(true));
  SILT_RETURN_NOT_OK(values_->Append(v.data(), static_cast<int64_t>(v.size())));
  int64_t end = values_->size();
  return offsets_->Append(&end, 8);
}

Status ArrayBuilder::AppendListRow() {
  // Items were appended to child(0) already; the row ends at the child's current length.
  SILT_RETURN_NOT_OK(validity_.Append(true));
  int64_t end = children_[0]->length();
  if (end > INT32_MAX) return Status::ResourcesExhausted("list child exceeds 2^31 items");
  int32_t end32 = static_cast<int32_t>(end);
  return offsets_->Append(&end32, 4);
}

Status ArrayBuilder::AppendStructValid() { return validity_.Append(true); }

Status ArrayBuilder::AppendOne(const ArrayData& src, int64_t row) {
  if (src.encoding == Encoding::kConstant) return AppendOne(*src.dictionary, 0);
  if (src.encoding == Encoding::kDictionary) {
    if (src.IsNull(row)) return AppendNull();
    return AppendOne(*src.dictionary, src.DictIndex(row));
  }
  return AppendPlainRange(src, row, 1);
}

Status ArrayBuilder::AppendRange(const ArrayData& src, int64_t start, int64_t len) {
  if (src.encoding == Encoding::kPlain) return AppendPlainRange(src, start, len);
  for (int64_t i = 0; i < len; ++i) SILT_RETURN_NOT_OK(AppendOne(src, start + i));
  return Status::OK();
}

Status ArrayBuilder::AppendIndices(const ArrayData& src, const int32_t* indices, int64_t n) {
  for (int64_t i = 0; i < n; ++i) SILT_RETURN_NOT_OK(AppendOne(src, indices[i]));
  return Status::OK();
}

Status ArrayBuilder::AppendPlainRange(const ArrayData& src, int64_t start, int64_t len) {
  if (len == 0) return Status::OK();
  // Validity first.
  if (src.null_count == 0 || src.validity() == nullptr) {
    SILT_RETURN_NOT_OK(validity_.AppendRun(true, len));
  } else {
    for (int64_t i = 0; i < len; ++i) SILT_RETURN_NOT_OK(validity_.Append(src.IsValid(start + i)));
  }
  switch (type_->id()) {
    case TypeId::kNull: return Status::OK();
    case TypeId::kBool: {
      int64_t need = bit_util::BytesForBits(bool_length_ + len);
      int64_t old = values_->size();
      SILT_RETURN_NOT_OK(values_->Resize(need));
      if (need > old) std::memset(values_->mutable_data() + old, 0, static_cast<size_t>(need - old));
      bit_util::CopyBits(src.buffers[1]->data(), src.offset + start, values_->mutable_data(),
                         bool_length_, len);
      bool_length_ += len;
      return Status::OK();
    }
    case TypeId::kUtf8:
    case TypeId::kBinary: {
      const int64_t* so = src.binary_offsets();
      int64_t base = values_->size();
      SILT_RETURN_NOT_OK(values_->Append(src.buffers[2]->data() + so[start], so[start + len] - so[start]));
      SILT_RETURN_NOT_OK(offsets_->Reserve(offsets_->size() + 8 * len));
      for (int64_t i = 1; i <= len; ++i) {
        int64_t o = base + (so[start + i] - so[start]);
        offsets_->UnsafeAppend(&o, 8);
      }
      return Status::OK();
    }
    case TypeId::kList:
    case TypeId::kMap: {
      const int32_t* so = src.list_offsets();
      int64_t base = children_[0]->length();
      SILT_RETURN_NOT_OK(
          children_[0]->AppendRange(*src.children[0], so[start], so[start + len] - so[start]));
      if (children_[0]->length() > INT32_MAX) {
        return Status::ResourcesExhausted("list child exceeds 2^31 items");
      }
      SILT_RETURN_NOT_OK(offsets_->Reserve(offsets_->size() + 4 * len));
      for (int64_t i = 1; i <= len; ++i) {
        int32_t o = static_cast<int32_t>(base + (so[start + i] - so[start]));
        offsets_->UnsafeAppend(&o, 4);
      }
      return Status::OK();
    }
    case TypeId::kStruct:
      for (size_t c = 0; c < children_.size(); ++c) {
        SILT_RETURN_NOT_OK(children_[c]->AppendRange(*src.children[c], start, len));
      }
      return Status::OK();
    default: {
      int64_t w = type_->FixedWidth();
      return values_->Append(src.buffers[1]->data() + (src.offset + start) * w, w * len);
    }
  }
}

Result<ArrayDataPtr> ArrayBuilder::Finish() {
  auto out = std::make_shared<ArrayData>();
  out->type = type_;
  out->length = validity_.length();
  out->null_count = validity_.null_count();
  switch (type_->id()) {
    case TypeId::kNull:
      out->null_count = out->length;
      break;
    case TypeId::kUtf8:
    case TypeId::kBinary:
      out->buffers = {validity_.Finish(), std::move(offsets_), std::move(values_)};
      break;
    case TypeId::kList:
    case TypeId::kMap: {
      out->buffers = {validity_.Finish(), std::move(offsets_)};
      SILT_ASSIGN_OR_RETURN(auto child, children_[0]->Finish());
      out->children.push_back(std::move(child));
      break;
    }
    case TypeId::kStruct: {
      out->buffers = {validity_.Finish()};
      for (auto& c : children_) {
        SILT_ASSIGN_OR_RETURN(auto child, c->Finish());
        out->children.push_back(std::move(child));
      }
      break;
    }
    default: out->buffers = {validity_.Finish(), std::move(values_)}; break;
  }
  *this = ArrayBuilder(type_, pool_);
  return out;
}

}  // namespace silt
