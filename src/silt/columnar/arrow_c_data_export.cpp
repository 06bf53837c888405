// Arrow C Data Interface: exporting arrays, record batches and streams.

#include <cerrno>

#include "silt/columnar/arrow_c_data.h"
#include "silt/columnar/arrow_c_data_internal.h"

namespace silt {
namespace internal {
namespace {

// Some consumers mishandle null pointers for empty buffers, so empty buffers point here.
alignas(64) const uint8_t kEmptyBytes[64] = {};

/// Everything an exported ArrowArray points at; holding `data` keeps the silt buffers alive.
struct ArrayPrivate {
  ArrayDataPtr data;
  std::vector<BufferPtr> made;  // buffers created for the export (shifted validity)
  std::vector<const void*> buffers;
  std::vector<ArrowArray> children;
  std::vector<ArrowArray*> child_pointers;
  ArrowArray dictionary{};
};

void ReleaseExportedArray(ArrowArray* array) {
  if (array == nullptr || array->release == nullptr) return;
  auto* priv = static_cast<ArrayPrivate*>(array->private_data);
  // Children may have been moved out by the consumer (their release is then null).
  for (ArrowArray& child : priv->children) {
    if (child.release != nullptr) child.release(&child);
  }
  if (priv->dictionary.release != nullptr) priv->dictionary.release(&priv->dictionary);
  delete priv;
  array->release = nullptr;
}

const void* BufferAddress(const ArrayData& a, size_t i) {
  if (i < a.buffers.size() && a.buffers[i] && a.buffers[i]->data() != nullptr) {
    return a.buffers[i]->data();
  }
  return kEmptyBytes;
}

const void* ValidityAddress(const ArrayData& a) {
  return a.null_count > 0 ? a.validity() : nullptr;
}

Status ExportNode(const ArrayDataPtr& data, ArrowArray* out);

Status ExportChildren(const std::vector<ArrayDataPtr>& children, ArrowArray* out,
                      ArrayPrivate* priv) {
  priv->children.assign(children.size(), ArrowArray{});
  priv->child_pointers.resize(children.size());
  for (size_t i = 0; i < children.size(); ++i) priv->child_pointers[i] = &priv->children[i];
  out->n_children = static_cast<int64_t>(children.size());
  out->children = priv->child_pointers.data();
  for (size_t i = 0; i < children.size(); ++i) {
    SILT_RETURN_NOT_OK(ExportNode(children[i], &priv->children[i]));
  }
  return Status::OK();
}

/// Arrow applies a struct's offset to its children, silt does not (its children are already
/// sliced). Export the struct with offset 0 and a validity bitmap starting at its first row.
Status ExportStructValidity(const ArrayData& a, ArrowArray* out, ArrayPrivate* priv) {
  out->offset = 0;
  const uint8_t* bits = static_cast<const uint8_t*>(ValidityAddress(a));
  if (bits == nullptr || a.offset == 0) {
    priv->buffers = {bits};
  } else if (a.offset % 8 == 0) {
    priv->buffers = {bits + a.offset / 8};
  } else {
    SILT_ASSIGN_OR_RETURN(auto shifted, Buffer::AllocateZeroed(bit_util::BytesForBits(a.length)));
    bit_util::CopyBits(bits, a.offset, shifted->mutable_data(), 0, a.length);
    priv->buffers = {shifted->data()};
    priv->made.push_back(std::move(shifted));
  }
  return Status::OK();
}

Status FillNode(const ArrayData& a, ArrowArray* out, ArrayPrivate* priv) {
  if (a.encoding == Encoding::kDictionary) {
    priv->buffers = {ValidityAddress(a), BufferAddress(a, 1)};
    out->dictionary = &priv->dictionary;
    return ExportNode(a.dictionary, &priv->dictionary);
  }
  if (a.encoding != Encoding::kPlain) return Status::Internal("constant array reached export");
  switch (a.type->id()) {
    case TypeId::kNull:
      out->null_count = a.length;
      return Status::OK();
    case TypeId::kUtf8:
    case TypeId::kBinary:
      priv->buffers = {ValidityAddress(a), BufferAddress(a, 1), BufferAddress(a, 2)};
      return Status::OK();
    case TypeId::kList:
    case TypeId::kMap:
      priv->buffers = {ValidityAddress(a), BufferAddress(a, 1)};
      if (a.children.size() != 1) return Status::InvalidArgument("list array without a child");
      return ExportChildren(a.children, out, priv);
    case TypeId::kStruct:
      SILT_RETURN_NOT_OK(ExportStructValidity(a, out, priv));
      return ExportChildren(a.children, out, priv);
    default:
      priv->buffers = {ValidityAddress(a), BufferAddress(a, 1)};
      return Status::OK();
  }
}

Status ExportNode(const ArrayDataPtr& data, ArrowArray* out) {
  auto* priv = new ArrayPrivate();
  priv->data = data;
  *out = ArrowArray{};
  out->length = data->length;
  out->null_count = data->null_count;
  out->offset = data->offset;
  out->private_data = priv;
  out->release = ReleaseExportedArray;
  Status st = FillNode(*data, out, priv);
  out->n_buffers = static_cast<int64_t>(priv->buffers.size());
  // Zero buffers (null type) still get a valid, non-null pointer.
  static const void* no_buffers[1] = {nullptr};
  out->buffers = priv->buffers.empty() ? no_buffers : priv->buffers.data();
  if (!st.ok()) out->release(out);
  return st;
}

bool IsPlainEverywhere(const ArrayData& a) {
  if (a.encoding != Encoding::kPlain) return false;
  for (const auto& c : a.children) {
    if (!IsPlainEverywhere(*c)) return false;
  }
  return true;
}

/// Export state of a C stream: the batches still to hand out and the last error text.
struct StreamPrivate {
  SchemaPtr schema;
  std::vector<RecordBatchPtr> batches;
  size_t next = 0;
  std::string last_error;
};

int StreamFail(ArrowArrayStream* stream, const Status& st) {
  static_cast<StreamPrivate*>(stream->private_data)->last_error = st.ToString();
  return StatusToErrno(st);
}

int StreamGetSchema(ArrowArrayStream* stream, ArrowSchema* out) {
  auto* priv = static_cast<StreamPrivate*>(stream->private_data);
  Status st = ExportSchema(*priv->schema, out);
  return st.ok() ? 0 : StreamFail(stream, st);
}

int StreamGetNext(ArrowArrayStream* stream, ArrowArray* out) {
  auto* priv = static_cast<StreamPrivate*>(stream->private_data);
  if (priv->next >= priv->batches.size()) {
    *out = ArrowArray{};  // released: end of stream
    return 0;
  }
  const RecordBatch& batch = *priv->batches[priv->next];
  // The stream schema is plain, so every batch is exported plain.
  std::vector<ArrayDataPtr> columns;
  columns.reserve(batch.columns().size());
  for (const auto& c : batch.columns()) {
    auto flat = IsPlainEverywhere(*c) ? Result<ArrayDataPtr>(c) : Flatten(c);
    if (!flat.ok()) return StreamFail(stream, flat.status());
    columns.push_back(flat.MoveValue());
  }
  Status st = ExportRecordBatch(RecordBatch(priv->schema, batch.num_rows(), std::move(columns)), out);
  if (!st.ok()) return StreamFail(stream, st);
  ++priv->next;
  return 0;
}

const char* StreamGetLastError(ArrowArrayStream* stream) {
  auto* priv = static_cast<StreamPrivate*>(stream->private_data);
  return priv->last_error.empty() ? nullptr : priv->last_error.c_str();
}

void StreamRelease(ArrowArrayStream* stream) {
  if (stream == nullptr || stream->release == nullptr) return;
  delete static_cast<StreamPrivate*>(stream->private_data);
  stream->release = nullptr;
}

}  // namespace

Result<ArrayDataPtr> PrepareForExport(const ArrayDataPtr& array) {
  if (array->encoding == Encoding::kConstant) return Flatten(array);
  if (array->encoding == Encoding::kDictionary) {
    if (IsPlainEverywhere(*array->dictionary)) return array;
    auto copy = std::make_shared<ArrayData>(*array);
    SILT_ASSIGN_OR_RETURN(copy->dictionary, Flatten(array->dictionary));
    return copy;
  }
  std::shared_ptr<ArrayData> copy;
  for (size_t i = 0; i < array->children.size(); ++i) {
    SILT_ASSIGN_OR_RETURN(auto child, PrepareForExport(array->children[i]));
    if (child != array->children[i]) {
      if (!copy) copy = std::make_shared<ArrayData>(*array);
      copy->children[i] = std::move(child);
    }
  }
  return copy ? copy : array;
}

}  // namespace internal

Status ExportArray(const ArrayDataPtr& array, ArrowArray* out, ArrowSchema* out_schema) {
  if (array == nullptr) return Status::InvalidArgument("cannot export a null array");
  SILT_ASSIGN_OR_RETURN(auto prepared, internal::PrepareForExport(array));
  if (out_schema != nullptr) {
    SILT_RETURN_NOT_OK(internal::ExportFieldImpl("", prepared->type, true, {}, -1,
                                                 prepared.get(), out_schema));
  }
  Status st = internal::ExportNode(prepared, out);
  if (!st.ok() && out_schema != nullptr) out_schema->release(out_schema);
  return st;
}

Status ExportRecordBatch(const RecordBatch& batch, ArrowArray* out, ArrowSchema* out_schema) {
  std::vector<ArrayDataPtr> columns;
  columns.reserve(batch.columns().size());
  for (const auto& c : batch.columns()) {
    SILT_ASSIGN_OR_RETURN(auto prepared, internal::PrepareForExport(c));
    if (prepared->length < batch.num_rows()) {
      return Status::InvalidArgument("record batch column shorter than the batch");
    }
    columns.push_back(std::move(prepared));
  }
  if (out_schema != nullptr) {
    SILT_RETURN_NOT_OK(internal::ExportStructSchema(batch.schema()->fields(),
                                                    batch.schema()->metadata(), columns,
                                                    out_schema));
  }
  // A batch is a struct array without nulls whose children are the columns.
  std::vector<FieldPtr> fields = batch.schema()->fields();
  auto data = std::make_shared<ArrayData>();
  data->type = struct_(std::move(fields));
  data->length = batch.num_rows();
  data->buffers = {nullptr};
  data->children = std::move(columns);
  Status st = internal::ExportNode(data, out);
  if (!st.ok() && out_schema != nullptr) out_schema->release(out_schema);
  return st;
}

Status ExportRecordBatchStream(SchemaPtr schema, std::vector<RecordBatchPtr> batches,
                               ArrowArrayStream* out) {
  if (schema == nullptr) return Status::InvalidArgument("stream export needs a schema");
  for (const auto& b : batches) {
    if (b == nullptr || b->num_columns() != schema->num_fields()) {
      return Status::InvalidArgument("stream batch does not match the stream schema");
    }
  }
  auto* priv = new internal::StreamPrivate{std::move(schema), std::move(batches), 0, {}};
  *out = ArrowArrayStream{};
  out->get_schema = internal::StreamGetSchema;
  out->get_next = internal::StreamGetNext;
  out->get_last_error = internal::StreamGetLastError;
  out->release = internal::StreamRelease;
  out->private_data = priv;
  return Status::OK();
}

}  // namespace silt
