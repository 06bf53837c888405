// Arrow C Data Interface: zero-copy import of arrays, record batches and streams.
//
// Foreign buffers are wrapped, not copied: every silt Buffer made here views foreign memory
// and holds a shared reference to the moved-in ArrowArray, whose release callback runs when
// the last reference goes. Only layouts silt does not share (int32 string offsets, int64 list
// offsets, narrower dictionary indices, date64, time32, seconds, float16) are converted.
// The C interface carries no buffer sizes: sizes are derived from type, offset and length,
// and the result is checked with ValidateArray before it is returned.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "silt/columnar/arrow_c_data.h"
#include "silt/columnar/arrow_c_data_internal.h"

namespace silt {
namespace internal {
namespace {

alignas(64) const uint8_t kZeroBytes[64] = {};
// Lengths beyond this are certainly bogus and would overflow size arithmetic.
constexpr int64_t kMaxImportLength = int64_t{1} << 48;

using Owner = std::shared_ptr<const void>;

Status ShapeError(const DataType& type, const std::string& what) {
  return Status::InvalidArgument("Arrow array of type " + type.ToString() + ": " + what);
}

/// Checks what every node needs before any size arithmetic.
Status CheckBasics(const ArrowArray& a, const DataType& type) {
  if (a.release == nullptr) return ShapeError(type, "array is released");
  if (a.length < 0 || a.offset < 0) return ShapeError(type, "negative length or offset");
  if (a.length > kMaxImportLength || a.offset > kMaxImportLength) {
    return ShapeError(type, "length or offset too large");
  }
  if (a.null_count < -1 || a.null_count > a.length) return ShapeError(type, "bad null_count");
  return Status::OK();
}

/// Checks the buffer and child counts expected for the node's type.
Status CheckShape(const ArrowArray& a, int64_t n_buffers, int64_t n_children,
                  const DataType& type) {
  auto fail = [&type](const std::string& what) { return ShapeError(type, what); };
  if (a.n_buffers != n_buffers) {
    return fail("expected " + std::to_string(n_buffers) + " buffers, got " +
                std::to_string(a.n_buffers));
  }
  if (n_buffers > 0 && a.buffers == nullptr) return fail("null buffers pointer");
  if (a.n_children != n_children) {
    return fail("expected " + std::to_string(n_children) + " children, got " +
                std::to_string(a.n_children));
  }
  if (n_children > 0 && a.children == nullptr) return fail("null children pointer");
  for (int64_t i = 0; i < n_children; ++i) {
    if (a.children[i] == nullptr) return fail("null child");
  }
  return Status::OK();
}

/// A view of buffer `i` of `size` bytes. A null pointer is accepted only for empty buffers.
Result<BufferPtr> View(const ArrowArray& a, int i, int64_t size, const Owner& owner,
                       const char* what) {
  const void* p = a.buffers[i];
  if (p == nullptr) {
    if (size == 0) return std::make_shared<Buffer>(kZeroBytes, 0, nullptr);
    return Status::InvalidArgument(std::string("Arrow array ") + what + " buffer is null");
  }
  return std::make_shared<Buffer>(static_cast<const uint8_t*>(p), size, owner);
}

/// An offsets buffer of `count` entries of `width` bytes; empty arrays may omit it.
Result<BufferPtr> ViewOffsets(const ArrowArray& a, int64_t count, int width, const Owner& owner) {
  if (a.buffers[1] == nullptr && a.length == 0 && count * width <= 64) {
    return std::make_shared<Buffer>(kZeroBytes, count * width, nullptr);
  }
  return View(a, 1, count * width, owner, "offsets");
}

Result<BufferPtr> ImportValidity(const ArrowArray& a, const Owner& owner, int64_t* null_count) {
  const auto* bits = static_cast<const uint8_t*>(a.buffers[0]);
  *null_count = 0;
  if (bits == nullptr) {
    if (a.null_count > 0) {
      return Status::InvalidArgument("Arrow array has " + std::to_string(a.null_count) +
                                     " nulls but no validity bitmap");
    }
    return BufferPtr();
  }
  if (a.null_count == 0) return BufferPtr();
  *null_count = a.null_count >= 0
                    ? a.null_count
                    : a.length - bit_util::CountSetBits(bits, a.offset, a.length);
  return std::make_shared<Buffer>(bits, bit_util::BytesForBits(a.offset + a.length), owner);
}

/// Copies `n` values, converting each with `convert` (false = out of range). Out-of-range
/// values in null slots (garbage the producer may leave there) become zero.
template <typename Src, typename Dst, typename Fn>
Result<BufferPtr> ConvertValues(const void* src, int64_t n, const Buffer* validity, Fn convert,
                                const char* what) {
  if (src == nullptr && n > 0) {
    return Status::InvalidArgument(std::string("Arrow array ") + what + " buffer is null");
  }
  SILT_ASSIGN_OR_RETURN(auto out, Buffer::Allocate(n * static_cast<int64_t>(sizeof(Dst))));
  Dst* dst = out->mutable_data_as<Dst>();
  const auto* bytes = static_cast<const uint8_t*>(src);
  for (int64_t i = 0; i < n; ++i) {
    Src v;
    std::memcpy(&v, bytes + i * static_cast<int64_t>(sizeof(Src)), sizeof(Src));
    if (!convert(v, &dst[i])) {
      if (validity != nullptr && !bit_util::GetBit(validity->data(), i)) {
        dst[i] = Dst{};
        continue;
      }
      return Status::Corrupt(std::string("Arrow ") + what + " value " + std::to_string(v) +
                             " at index " + std::to_string(i) + " is out of range");
    }
  }
  return out;
}

float HalfToFloat(uint16_t h) {
  const bool negative = (h & 0x8000) != 0;
  const int exponent = (h >> 10) & 0x1f;
  const uint32_t mantissa = h & 0x3ffu;
  float value;
  if (exponent == 0) {
    value = std::ldexp(static_cast<float>(mantissa), -24);  // zero or subnormal
  } else if (exponent == 31) {
    value = mantissa == 0 ? INFINITY : NAN;
  } else {
    value = std::ldexp(static_cast<float>(mantissa | 0x400u), exponent - 25);
  }
  return negative ? -value : value;
}

Result<BufferPtr> ImportIndices(const ArrowArray& a, int bytes, bool is_signed, int64_t end,
                                const Buffer* validity, const Owner& owner) {
  auto to_int32 = [](auto v, int32_t* out) {
    if constexpr (std::is_signed_v<decltype(v)>) {
      if (v < 0) return false;
    }
    if (static_cast<uint64_t>(v) > static_cast<uint64_t>(INT32_MAX)) return false;
    *out = static_cast<int32_t>(v);
    return true;
  };
  const void* src = a.buffers[1];
  const char* what = "dictionary index";
  switch (bytes * (is_signed ? 1 : -1)) {
    case 4: return View(a, 1, end * 4, owner, what);
    case 1: return ConvertValues<int8_t, int32_t>(src, end, validity, to_int32, what);
    case -1: return ConvertValues<uint8_t, int32_t>(src, end, validity, to_int32, what);
    case 2: return ConvertValues<int16_t, int32_t>(src, end, validity, to_int32, what);
    case -2: return ConvertValues<uint16_t, int32_t>(src, end, validity, to_int32, what);
    case -4: return ConvertValues<uint32_t, int32_t>(src, end, validity, to_int32, what);
    case 8: return ConvertValues<int64_t, int32_t>(src, end, validity, to_int32, what);
    default: return ConvertValues<uint64_t, int32_t>(src, end, validity, to_int32, what);
  }
}

Result<BufferPtr> ImportFixedValues(const ArrowArray& a, const ArrowImportNode& plan, int64_t end,
                                    const Buffer* validity, const Owner& owner) {
  const void* src = a.buffers[1];
  switch (plan.layout) {
    case ArrowSourceLayout::kDate64:
      return ConvertValues<int64_t, int32_t>(
          src, end, validity,
          [](int64_t ms, int32_t* days) {
            constexpr int64_t kMsPerDay = 86400000;
            int64_t d = ms / kMsPerDay - (ms % kMsPerDay < 0 ? 1 : 0);  // floor
            if (d < INT32_MIN || d > INT32_MAX) return false;
            *days = static_cast<int32_t>(d);
            return true;
          },
          "date64");
    case ArrowSourceLayout::kTime32Seconds:
    case ArrowSourceLayout::kTime32Millis: {
      const int64_t factor = plan.layout == ArrowSourceLayout::kTime32Seconds ? 1000000 : 1000;
      return ConvertValues<int32_t, int64_t>(
          src, end, validity,
          [factor](int32_t v, int64_t* us) {
            *us = v * factor;
            return true;
          },
          "time32");
    }
    case ArrowSourceLayout::kTimestampSeconds:
      return ConvertValues<int64_t, int64_t>(
          src, end, validity,
          [](int64_t s, int64_t* ms) { return !__builtin_mul_overflow(s, 1000, ms); },
          "timestamp");
    case ArrowSourceLayout::kFloat16:
      return ConvertValues<uint16_t, float>(
          src, end, validity,
          [](uint16_t h, float* f) {
            *f = HalfToFloat(h);
            return true;
          },
          "float16");
    default: return View(a, 1, end * plan.type->FixedWidth(), owner, "values");
  }
}

Result<ArrayDataPtr> ImportNode(const ArrowArray& a, const ArrowImportNode& plan,
                                const Owner& owner, int depth);

Result<ArrayDataPtr> ImportDictionary(const ArrowArray& a, const ArrowImportNode& plan,
                                      const Owner& owner, int depth) {
  std::unique_ptr<ArrowImportNode> implicit;
  const ArrowImportNode* values_plan = plan.dictionary.get();
  int index_bytes = plan.dict_index_bytes;
  bool index_signed = plan.dict_index_signed;
  if (index_bytes == 0) {  // a plan made from a silt type: silt's own int32 convention
    implicit = std::make_unique<ArrowImportNode>(NativeImportNode(plan.type));
    values_plan = implicit.get();
    index_bytes = 4;
    index_signed = true;
  }
  if (a.dictionary == nullptr) {
    return Status::InvalidArgument("dictionary-encoded Arrow array without a dictionary");
  }
  SILT_RETURN_NOT_OK(CheckShape(a, 2, 0, *plan.type));
  auto out = std::make_shared<ArrayData>();
  out->type = plan.type;
  out->length = a.length;
  out->offset = a.offset;
  out->encoding = Encoding::kDictionary;
  SILT_ASSIGN_OR_RETURN(auto validity, ImportValidity(a, owner, &out->null_count));
  SILT_ASSIGN_OR_RETURN(auto indices, ImportIndices(a, index_bytes, index_signed,
                                                    a.offset + a.length, validity.get(), owner));
  out->buffers = {std::move(validity), std::move(indices)};
  SILT_ASSIGN_OR_RETURN(out->dictionary, ImportNode(*a.dictionary, *values_plan, owner, depth + 1));
  return out;
}

Result<ArrayDataPtr> ImportNode(const ArrowArray& a, const ArrowImportNode& plan,
                                const Owner& owner, int depth) {
  if (depth > kMaxArrowNesting) return Status::InvalidArgument("Arrow array nested too deeply");
  // Basic shape first: `end` below must not overflow.
  SILT_RETURN_NOT_OK(CheckBasics(a, *plan.type));
  if (plan.dict_index_bytes != 0 || (a.dictionary != nullptr && plan.from_type)) {
    return ImportDictionary(a, plan, owner, depth);
  }
  if (a.dictionary != nullptr) {
    return Status::InvalidArgument("Arrow array has a dictionary its schema does not declare");
  }
  const DataType& type = *plan.type;
  auto out = std::make_shared<ArrayData>();
  out->type = plan.type;
  out->length = a.length;
  out->offset = a.offset;
  const int64_t end = a.offset + a.length;
  switch (type.id()) {
    case TypeId::kNull:
      SILT_RETURN_NOT_OK(CheckShape(a, 0, 0, type));
      out->null_count = a.length;
      return out;
    case TypeId::kUtf8:
    case TypeId::kBinary: {
      SILT_RETURN_NOT_OK(CheckShape(a, 3, 0, type));
      SILT_ASSIGN_OR_RETURN(auto validity, ImportValidity(a, owner, &out->null_count));
      BufferPtr offsets;
      if (plan.layout == ArrowSourceLayout::kInt32Offsets) {
        SILT_ASSIGN_OR_RETURN(auto narrow, ViewOffsets(a, end + 1, 4, owner));
        auto widen = [](int32_t v, int64_t* w) {
          *w = v;
          return true;
        };
        auto converted = ConvertValues<int32_t, int64_t>(narrow->data(), end + 1, nullptr,
                                                         widen, "string offset");
        SILT_ASSIGN_OR_RETURN(offsets, std::move(converted));
      } else {
        SILT_ASSIGN_OR_RETURN(offsets, ViewOffsets(a, end + 1, 8, owner));
      }
      const int64_t data_size = std::max<int64_t>(0, offsets->data_as<int64_t>()[end]);
      SILT_ASSIGN_OR_RETURN(auto data, View(a, 2, data_size, owner, "data"));
      out->buffers = {std::move(validity), std::move(offsets), std::move(data)};
      return out;
    }
    case TypeId::kList:
    case TypeId::kMap: {
      SILT_RETURN_NOT_OK(CheckShape(a, 2, 1, type));
      SILT_ASSIGN_OR_RETURN(auto validity, ImportValidity(a, owner, &out->null_count));
      BufferPtr offsets;
      if (plan.layout == ArrowSourceLayout::kLargeList) {
        SILT_ASSIGN_OR_RETURN(auto wide, ViewOffsets(a, end + 1, 8, owner));
        auto narrow = [](int64_t v, int32_t* n) {
          if (v < 0 || v > INT32_MAX) return false;
          *n = static_cast<int32_t>(v);
          return true;
        };
        auto converted = ConvertValues<int64_t, int32_t>(wide->data(), end + 1, nullptr, narrow,
                                                         "large list offset");
        SILT_ASSIGN_OR_RETURN(offsets, std::move(converted));
      } else {
        SILT_ASSIGN_OR_RETURN(offsets, ViewOffsets(a, end + 1, 4, owner));
      }
      out->buffers = {std::move(validity), std::move(offsets)};
      SILT_ASSIGN_OR_RETURN(auto child, ImportNode(*a.children[0], plan.children[0], owner, depth + 1));
      out->children.push_back(std::move(child));
      return out;
    }
    case TypeId::kStruct: {
      const auto n = static_cast<int64_t>(plan.children.size());
      SILT_RETURN_NOT_OK(CheckShape(a, 1, n, type));
      SILT_ASSIGN_OR_RETURN(auto validity, ImportValidity(a, owner, &out->null_count));
      out->buffers = {std::move(validity)};
      for (int64_t i = 0; i < n; ++i) {
        SILT_ASSIGN_OR_RETURN(auto child, ImportNode(*a.children[i], plan.children[i], owner, depth + 1));
        // Arrow applies the struct's offset to its children; silt slices them instead.
        if (child->length < end) {
          return Status::Corrupt("Arrow struct child " + std::to_string(i) + " has " +
                                 std::to_string(child->length) + " rows, needs " +
                                 std::to_string(end));
        }
        if (a.offset != 0 || child->length != a.length) child = child->Slice(a.offset, a.length);
        out->children.push_back(std::move(child));
      }
      return out;
    }
    default: {
      SILT_RETURN_NOT_OK(CheckShape(a, 2, 0, type));
      SILT_ASSIGN_OR_RETURN(auto validity, ImportValidity(a, owner, &out->null_count));
      BufferPtr values;
      if (type.id() == TypeId::kBool) {
        SILT_ASSIGN_OR_RETURN(values, View(a, 1, bit_util::BytesForBits(end), owner, "values"));
      } else {
        SILT_ASSIGN_OR_RETURN(values, ImportFixedValues(a, plan, end, validity.get(), owner));
      }
      out->buffers = {std::move(validity), std::move(values)};
      return out;
    }
  }
}

/// Takes ownership of `array` (moved into a shared holder that releases it exactly once).
Result<std::shared_ptr<ArrowArray>> TakeArray(ArrowArray* array) {
  if (array == nullptr) return Status::InvalidArgument("null ArrowArray");
  if (array->release == nullptr) return Status::InvalidArgument("ArrowArray is released");
  std::shared_ptr<ArrowArray> holder(new ArrowArray(*array), [](ArrowArray* a) {
    if (a->release != nullptr) a->release(a);
    delete a;
  });
  array->release = nullptr;
  return holder;
}

/// Releases a consumed foreign schema on scope exit.
struct SchemaReleaser {
  ArrowSchema* schema;
  ~SchemaReleaser() {
    if (schema != nullptr && schema->release != nullptr) schema->release(schema);
  }
};

void ReleaseIfLive(ArrowArray* array) {
  if (array != nullptr && array->release != nullptr) array->release(array);
}

}  // namespace

Result<ArrayDataPtr> ImportArrayWithPlan(ArrowArray* array, const ArrowImportNode& plan) {
  SILT_ASSIGN_OR_RETURN(auto holder, TakeArray(array));
  SILT_ASSIGN_OR_RETURN(auto out, ImportNode(*holder, plan, holder, 0));
  SILT_RETURN_NOT_OK(ValidateArray(*out));
  return out;
}

Result<RecordBatchPtr> ImportRecordBatchWithPlan(ArrowArray* array, SchemaPtr schema,
                                                 const ArrowImportNode& plan) {
  if (plan.type->id() != TypeId::kStruct) {
    ReleaseIfLive(array);
    return Status::InvalidArgument("a record batch must be imported as a struct array");
  }
  SILT_ASSIGN_OR_RETURN(auto data, ImportArrayWithPlan(array, plan));
  if (data->encoding != Encoding::kPlain || data->null_count != 0) {
    return Status::InvalidArgument("an Arrow record batch struct array must have no nulls");
  }
  return std::make_shared<RecordBatch>(std::move(schema), data->length, std::move(data->children));
}

}  // namespace internal

Result<ArrayDataPtr> ImportArray(ArrowArray* array, const DataTypePtr& type) {
  return internal::ImportArrayWithPlan(array, internal::NativeImportNode(type));
}

Result<ArrayDataPtr> ImportArray(ArrowArray* array, ArrowSchema* schema) {
  internal::SchemaReleaser releaser{schema};
  internal::ArrowImportNode plan;
  auto field = schema == nullptr ? Result<FieldPtr>(Status::InvalidArgument("null ArrowSchema"))
                                 : internal::ParseArrowField(*schema, &plan, 0);
  if (!field.ok()) {
    internal::ReleaseIfLive(array);
    return field.status();
  }
  return internal::ImportArrayWithPlan(array, plan);
}

Result<RecordBatchPtr> ImportRecordBatch(ArrowArray* array, SchemaPtr schema) {
  if (schema == nullptr) {
    internal::ReleaseIfLive(array);
    return Status::InvalidArgument("null schema");
  }
  auto plan = internal::NativeImportNode(struct_(schema->fields()));
  return internal::ImportRecordBatchWithPlan(array, std::move(schema), plan);
}

Result<RecordBatchPtr> ImportRecordBatch(ArrowArray* array, ArrowSchema* schema) {
  internal::SchemaReleaser releaser{schema};
  internal::ArrowImportNode plan;
  auto top = schema == nullptr ? Result<FieldPtr>(Status::InvalidArgument("null ArrowSchema"))
                               : internal::ParseArrowField(*schema, &plan, 0);
  if (!top.ok() || (*top)->type->id() != TypeId::kStruct) {
    internal::ReleaseIfLive(array);
    return top.ok() ? Status::InvalidArgument("record batch schema must be a struct ('+s')")
                    : top.status();
  }
  auto silt_schema = std::make_shared<const Schema>((*top)->type->children(), (*top)->metadata);
  return internal::ImportRecordBatchWithPlan(array, std::move(silt_schema), plan);
}

// ---- ArrowStreamReader ----

ArrowStreamReader::ArrowStreamReader() : stream_{} {}

ArrowStreamReader::~ArrowStreamReader() {
  if (stream_.release != nullptr) stream_.release(&stream_);
}

Status ArrowStreamReader::StreamError(int code, const char* what) {
  const char* message = stream_.get_last_error ? stream_.get_last_error(&stream_) : nullptr;
  return Status::IOError(std::string("Arrow stream ") + what + " failed with code " +
                         std::to_string(code) + (message ? ": " + std::string(message) : ""));
}

Result<std::unique_ptr<ArrowStreamReader>> ArrowStreamReader::Open(ArrowArrayStream* stream) {
  if (stream == nullptr || stream->release == nullptr) {
    return Status::InvalidArgument("null or released ArrowArrayStream");
  }
  std::unique_ptr<ArrowStreamReader> reader(new ArrowStreamReader());
  reader->stream_ = *stream;
  stream->release = nullptr;
  if (reader->stream_.get_schema == nullptr || reader->stream_.get_next == nullptr) {
    return Status::InvalidArgument("ArrowArrayStream without callbacks");
  }
  ArrowSchema schema{};
  int rc = reader->stream_.get_schema(&reader->stream_, &schema);
  if (rc != 0) return reader->StreamError(rc, "get_schema");
  internal::SchemaReleaser releaser{&schema};
  reader->plan_ = std::make_unique<internal::ArrowImportNode>();
  SILT_ASSIGN_OR_RETURN(auto top, internal::ParseArrowField(schema, reader->plan_.get(), 0));
  if (top->type->id() != TypeId::kStruct) {
    return Status::InvalidArgument("Arrow stream schema must be a struct ('+s')");
  }
  reader->schema_ = std::make_shared<const Schema>(top->type->children(), top->metadata);
  return reader;
}

Result<RecordBatchPtr> ArrowStreamReader::Next() {
  if (finished_) return RecordBatchPtr();
  ArrowArray array{};
  int rc = stream_.get_next(&stream_, &array);
  if (rc != 0) return StreamError(rc, "get_next");
  if (array.release == nullptr) {
    finished_ = true;
    return RecordBatchPtr();
  }
  return internal::ImportRecordBatchWithPlan(&array, schema_, *plan_);
}

Result<std::vector<RecordBatchPtr>> ArrowStreamReader::ReadAll() {
  std::vector<RecordBatchPtr> out;
  while (true) {
    SILT_ASSIGN_OR_RETURN(auto batch, Next());
    if (batch == nullptr) return out;
    out.push_back(std::move(batch));
  }
}

}  // namespace silt
