#include "silt/columnar/array.h"

#include "silt/columnar/builder.h"

namespace silt {

ArrayDataPtr ArrayData::Slice(int64_t start, int64_t len) const {
  auto out = std::make_shared<ArrayData>(*this);
  out->length = len;
  if (encoding == Encoding::kConstant) {
    out->null_count = dictionary->IsValid(0) ? 0 : len;
    return out;
  }
  out->offset = offset + start;
  if (type->id() == TypeId::kStruct) {
    // Struct children carry their own offsets; slice them so consumers can ignore ours.
    for (auto& c : out->children) c = c->Slice(start, len);
    out->offset = offset + start;
  }
  if (null_count == 0) {
    out->null_count = 0;
  } else if (type->id() == TypeId::kNull) {
    out->null_count = len;
  } else if (validity() != nullptr) {
    out->null_count = len - bit_util::CountSetBits(validity(), out->offset, len);
  }
  return out;
}

Result<ArrayDataPtr> MakeNullArray(const DataTypePtr& type, int64_t length, MemoryPool* pool) {
  ArrayBuilder b(type, pool);
  SILT_RETURN_NOT_OK(b.AppendNulls(length));
  return b.Finish();
}

ArrayDataPtr MakeConstantArray(ArrayDataPtr value, int64_t length) {
  auto out = std::make_shared<ArrayData>();
  out->type = value->type;
  out->length = length;
  out->encoding = Encoding::kConstant;
  out->null_count = value->IsValid(0) ? 0 : length;
  out->dictionary = std::move(value);
  return out;
}

namespace {
bool IsPlainEverywhere(const ArrayData& a) {
  if (a.encoding != Encoding::kPlain) return false;
  for (const auto& c : a.children) {
    if (!IsPlainEverywhere(*c)) return false;
  }
  return true;
}
}  // namespace

Result<ArrayDataPtr> Flatten(const ArrayDataPtr& array, MemoryPool* pool) {
  if (IsPlainEverywhere(*array)) return array;
  ArrayBuilder b(array->type, pool);
  SILT_RETURN_NOT_OK(b.AppendRange(*array, 0, array->length));
  return b.Finish();
}

Result<ArrayDataPtr> Concatenate(const std::vector<ArrayDataPtr>& arrays, MemoryPool* pool) {
  if (arrays.empty()) return Status::Internal("Concatenate of zero arrays");
  if (arrays.size() == 1) return Flatten(arrays[0], pool);
  ArrayBuilder b(arrays[0]->type, pool);
  for (const auto& a : arrays) SILT_RETURN_NOT_OK(b.AppendRange(*a, 0, a->length));
  return b.Finish();
}

namespace {
Status CheckBuffer(const ArrayData& a, size_t i, int64_t min_bytes, const char* what) {
  if (a.buffers.size() <= i || !a.buffers[i]) {
    return Status::Corrupt(std::string("array is missing its ") + what + " buffer");
  }
  if (a.buffers[i]->size() < min_bytes) {
    return Status::Corrupt(std::string("array ") + what + " buffer has " +
                           std::to_string(a.buffers[i]->size()) + " bytes, needs " +
                           std::to_string(min_bytes));
  }
  return Status::OK();
}
}  // namespace

Status ValidateArray(const ArrayData& a) {
  if (a.length < 0 || a.offset < 0) return Status::Corrupt("negative array length or offset");
  if (a.encoding == Encoding::kConstant) {
    if (!a.dictionary || a.dictionary->length < 1) {
      return Status::Corrupt("constant array without a value");
    }
    return ValidateArray(*a.dictionary);
  }
  int64_t end = a.offset + a.length;
  if (a.type->id() != TypeId::kNull && a.buffers.size() > 0 && a.buffers[0]) {
    SILT_RETURN_NOT_OK(CheckBuffer(a, 0, bit_util::BytesForBits(end), "validity"));
  }
  if (a.encoding == Encoding::kDictionary) {
    SILT_RETURN_NOT_OK(CheckBuffer(a, 1, end * 4, "dictionary index"));
    if (!a.dictionary) return Status::Corrupt("dictionary array without a dictionary");
    SILT_RETURN_NOT_OK(ValidateArray(*a.dictionary));
    for (int64_t i = 0; i < a.length; ++i) {
      if (a.IsValid(i)) {
        int32_t idx = a.DictIndex(i);
        if (idx < 0 || idx >= a.dictionary->length) {
          return Status::Corrupt("dictionary index " + std::to_string(idx) + " out of range");
        }
      }
    }
    return Status::OK();
  }
  switch (a.type->id()) {
    case TypeId::kNull: return Status::OK();
    case TypeId::kBool: return CheckBuffer(a, 1, bit_util::BytesForBits(end), "values");
    case TypeId::kUtf8:
    case TypeId::kBinary: {
      SILT_RETURN_NOT_OK(CheckBuffer(a, 1, (end + 1) * 8, "offsets"));
      if (a.buffers.size() < 3 || !a.buffers[2]) return Status::Corrupt("missing data buffer");
      const int64_t* o = a.binary_offsets();
      for (int64_t i = 0; i < a.length; ++i) {
        if (o[i] > o[i + 1] || o[i] < 0) return Status::Corrupt("binary offsets not monotonic");
      }
      if (a.length > 0 && o[a.length] > a.buffers[2]->size()) {
        return Status::Corrupt("binary offsets point past the data buffer");
      }
      return Status::OK();
    }
    case TypeId::kList:
    case TypeId::kMap: {
      SILT_RETURN_NOT_OK(CheckBuffer(a, 1, (end + 1) * 4, "offsets"));
      if (a.children.size() != 1) return Status::Corrupt("list array needs one child");
      const int32_t* o = a.list_offsets();
      for (int64_t i = 0; i < a.length; ++i) {
        if (o[i] > o[i + 1] || o[i] < 0) return Status::Corrupt("list offsets not monotonic");
      }
      if (a.length > 0 && o[a.length] > a.children[0]->length) {
        return Status::Corrupt("list offsets point past the child array");
      }
      return ValidateArray(*a.children[0]);
    }
    case TypeId::kStruct: {
      if (a.children.size() != a.type->children().size()) {
        return Status::Corrupt("struct array child count differs from its type");
      }
      for (const auto& c : a.children) {
        if (c->length < a.length) return Status::Corrupt("struct child shorter than parent");
        SILT_RETURN_NOT_OK(ValidateArray(*c));
      }
      return Status::OK();
    }
    default: return CheckBuffer(a, 1, end * a.type->FixedWidth(), "values");
  }
}

std::shared_ptr<RecordBatch> RecordBatch::Slice(int64_t start, int64_t len) const {
  std::vector<ArrayDataPtr> cols;
  cols.reserve(columns_.size());
  for (const auto& c : columns_) cols.push_back(c->Slice(start, len));
  return std::make_shared<RecordBatch>(schema_, len, std::move(cols));
}

}  // namespace silt
