#include "silt/functions/cast.h"

#include "silt/functions/cast_internal.h"
#include "silt/functions/type_coercion.h"

namespace silt::functions {

namespace internal {

Status CastError(const ArrayData& a, int64_t i, const DataType& to, const std::string& reason) {
  std::string msg = "cannot cast " + ValueForMessage(a, i) + " of type " + a.type->ToString() +
                    " to " + to.ToString();
  if (!reason.empty()) msg += ": " + reason;
  return Status::Execution(msg);
}

}  // namespace internal

namespace {

using internal::CastOptions;

bool IsNumberOrBool(const DataType& t) {
  return internal::IsNumeric(t) || t.id() == TypeId::kBool;
}

Result<ArrayDataPtr> CastPlain(const CastOptions& o, const ArrayDataPtr& array,
                               const DataTypePtr& to);

// binary <-> fixed_binary; binary relabels share the bytes.
Result<ArrayDataPtr> CastBinary(const CastOptions& o, const ArrayData& a, const DataTypePtr& to) {
  MemoryPool* pool = o.context->pool;
  const TypeId f = a.type->id(), t = to->id();
  if ((f == TypeId::kUtf8 || f == TypeId::kBinary) && t == TypeId::kBinary) {
    auto out = std::make_shared<ArrayData>(a);
    out->type = to;
    return out;
  }
  if (f == TypeId::kFixedBinary && t == TypeId::kBinary) {
    const int64_t width = a.type->byte_width();
    internal::StringOutput out(a.length, pool);
    SILT_RETURN_NOT_OK(out.Init(width * a.length));
    for (int64_t i = 0; i < a.length; ++i) {
      if (a.IsValid(i)) {
        SILT_RETURN_NOT_OK(
            out.Append({reinterpret_cast<const char*>(a.GetFixed(i)), static_cast<size_t>(width)}));
      }
      out.FinishRow(i);
    }
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::CopyValidity(a, pool, &null_count));
    return out.Finish(to, validity, null_count);
  }
  if ((f == TypeId::kBinary || f == TypeId::kUtf8 || f == TypeId::kFixedBinary) &&
      t == TypeId::kFixedBinary) {
    const int64_t width = to->byte_width();
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(to, a.length, pool));
    uint8_t* dst = out->buffers[1]->mutable_data();
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::CopyValidity(a, pool, &null_count));
    internal::SetValidity(out.get(), validity, null_count);
    for (int64_t i = 0; i < a.length; ++i) {
      std::memset(dst + i * width, 0, static_cast<size_t>(width));
      if (!a.IsValid(i)) continue;
      std::string_view v = f == TypeId::kFixedBinary
                               ? std::string_view(reinterpret_cast<const char*>(a.GetFixed(i)),
                                                  static_cast<size_t>(a.type->byte_width()))
                               : a.GetView(i);
      if (static_cast<int64_t>(v.size()) != width) {
        if (!o.try_cast) {
          return internal::CastError(a, i, *to, "length " + std::to_string(v.size()) +
                                                    " is not " + std::to_string(width));
        }
        SILT_RETURN_NOT_OK(internal::SetNull(out.get(), i, pool));
        continue;
      }
      std::memcpy(dst + i * width, v.data(), v.size());
    }
    return out;
  }
  return Status::Plan("cannot cast " + a.type->ToString() + " to " + to->ToString());
}

// Lists item-wise (offsets and validity shared), structs field by field.
Result<ArrayDataPtr> CastNested(const CastOptions& o, const ArrayDataPtr& array,
                                const DataTypePtr& to) {
  const ArrayData& a = *array;
  auto out = std::make_shared<ArrayData>(a);
  out->type = to;
  if (a.type->id() == TypeId::kList) {
    SILT_ASSIGN_OR_RETURN(out->children[0],
                          Cast(*o.context, a.children[0], to->children()[0]->type, o.try_cast));
    return out;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    SILT_ASSIGN_OR_RETURN(out->children[i],
                          Cast(*o.context, a.children[i], to->children()[i]->type, o.try_cast));
  }
  return out;
}

Result<ArrayDataPtr> CastPlain(const CastOptions& o, const ArrayDataPtr& array,
                               const DataTypePtr& to) {
  const ArrayData& a = *array;
  const TypeId f = a.type->id(), t = to->id();
  if (f == TypeId::kNull) return MakeNullArray(to, a.length, o.context->pool);
  if (t == TypeId::kUtf8 && f != TypeId::kUtf8) return internal::CastToUtf8(o, a);
  if (f == TypeId::kUtf8 && t != TypeId::kBinary && t != TypeId::kFixedBinary) {
    return internal::CastFromUtf8(o, a, to);
  }
  if (IsNumberOrBool(*a.type) && IsNumberOrBool(*to)) return internal::CastNumeric(o, a, to);
  switch (f) {
    case TypeId::kDate32:
    case TypeId::kTimestamp:
    case TypeId::kTime64:
    case TypeId::kInterval: return internal::CastTemporal(o, a, to);
    case TypeId::kUtf8:
    case TypeId::kBinary:
    case TypeId::kFixedBinary: return CastBinary(o, a, to);
    case TypeId::kList:
    case TypeId::kStruct: return CastNested(o, array, to);
    default: break;
  }
  return Status::Plan("cannot cast " + a.type->ToString() + " to " + to->ToString());
}

}  // namespace

Result<ArrayDataPtr> Cast(const KernelContext& context, const ArrayDataPtr& array,
                          const DataTypePtr& to, bool try_cast) {
  if (array->type->Equals(*to)) return array;
  if (!CanCastExplicitly(*array->type, *to)) {
    return Status::Plan("cannot cast " + array->type->ToString() + " to " + to->ToString());
  }
  CastOptions o{&context, try_cast};
  switch (array->encoding) {
    case Encoding::kPlain: return CastPlain(o, array, to);
    case Encoding::kConstant: {
      ArrayDataPtr value = array->dictionary;
      if (value->length != 1 || value->encoding != Encoding::kPlain) {
        SILT_ASSIGN_OR_RETURN(value, Flatten(value->Slice(0, 1), context.pool));
      }
      SILT_ASSIGN_OR_RETURN(auto cast, CastPlain(o, value, to));
      return MakeConstantArray(std::move(cast), array->length);
    }
    case Encoding::kDictionary: {
      // Convert the distinct values leniently (a value no row references must not fail the
      // cast), then report the first referenced value that did not convert.
      SILT_ASSIGN_OR_RETURN(auto dict, Flatten(array->dictionary, context.pool));
      CastOptions lenient{&context, true};
      SILT_ASSIGN_OR_RETURN(auto cast_dict, CastPlain(lenient, dict, to));
      if (!try_cast) {
        for (int64_t i = 0; i < array->length; ++i) {
          if (!array->IsValid(i)) continue;
          const int32_t k = array->DictIndex(i);
          if (k < 0 || k >= dict->length) continue;
          if (dict->IsValid(k) && !cast_dict->IsValid(k)) {
            // Re-run strictly on the one value for its error message.
            auto strict = CastPlain(o, dict->Slice(k, 1), to);
            if (!strict.ok()) return strict.status();
          }
        }
      }
      auto out = std::make_shared<ArrayData>(*array);
      out->type = to;
      out->dictionary = std::move(cast_dict);
      return out;
    }
  }
  return Status::Internal("unknown encoding");
}

}  // namespace silt::functions
