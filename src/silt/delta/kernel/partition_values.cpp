#include "silt/delta/kernel/partition_values.h"

#include "silt/columnar/builder.h"

namespace silt::delta {

namespace {

Status Mismatch(const Scalar& value, const DataTypePtr& type) {
  return Status::InvalidArgument("partition value of type " + value.type()->ToString() +
                                 " does not match column type " + type->ToString());
}

// Appends the one non-null value of `value` to `b`, checking the storage matches `type`.
Status AppendValue(ArrayBuilder* b, const Scalar& value, const DataTypePtr& type) {
  const auto& s = value.storage();
  switch (type->id()) {
    case TypeId::kBool:
      if (!std::holds_alternative<bool>(s)) return Mismatch(value, type);
      return b->AppendBool(std::get<bool>(s));
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kDate32:
    case TypeId::kTime64:
    case TypeId::kTimestamp: {
      if (!std::holds_alternative<int64_t>(s)) return Mismatch(value, type);
      int64_t v = std::get<int64_t>(s);
      switch (type->FixedWidth()) {
        case 1: return b->Append(static_cast<int8_t>(v));
        case 2: return b->Append(static_cast<int16_t>(v));
        case 4: return b->Append(static_cast<int32_t>(v));
        default: return b->Append(v);
      }
    }
    case TypeId::kUInt64:
      if (!std::holds_alternative<uint64_t>(s)) return Mismatch(value, type);
      return b->Append(std::get<uint64_t>(s));
    case TypeId::kFloat32:
      if (!std::holds_alternative<double>(s)) return Mismatch(value, type);
      return b->Append(static_cast<float>(std::get<double>(s)));
    case TypeId::kFloat64:
      if (!std::holds_alternative<double>(s)) return Mismatch(value, type);
      return b->Append(std::get<double>(s));
    case TypeId::kDecimal64:
      if (!std::holds_alternative<__int128>(s)) return Mismatch(value, type);
      return b->Append(static_cast<int64_t>(std::get<__int128>(s)));
    case TypeId::kDecimal128:
      if (!std::holds_alternative<__int128>(s)) return Mismatch(value, type);
      return b->Append(std::get<__int128>(s));
    case TypeId::kUtf8:
    case TypeId::kBinary:
      if (!std::holds_alternative<std::string>(s)) return Mismatch(value, type);
      return b->AppendString(std::get<std::string>(s));
    case TypeId::kFixedBinary: {
      if (!std::holds_alternative<std::string>(s)) return Mismatch(value, type);
      const std::string& bytes = std::get<std::string>(s);
      if (static_cast<int64_t>(bytes.size()) != type->byte_width()) return Mismatch(value, type);
      return b->AppendFixed(bytes.data());
    }
    default:
      return Status::NotSupported("partition columns of type " + type->ToString() +
                                  " are not supported");
  }
}

}  // namespace

Result<Scalar> ParsePartitionValue(std::optional<std::string_view> text, const DataTypePtr& type) {
  if (type->IsNested()) {
    return Status::NotSupported("partition columns of type " + type->ToString() +
                                " are not supported");
  }
  if (!text.has_value()) return Scalar::Null(type);
  // PROTOCOL.md "Partition Value Serialization": "An empty string for any type translates
  // to a null partition value" -- strings included (Spark writes an empty string partition
  // as __HIVE_DEFAULT_PARTITION__, i.e. null, anyway).
  if (text->empty()) return Scalar::Null(type);
  // ParseScalar already reads every spelling the protocol allows (space or `T` separator,
  // optional fraction, `Z` or numeric offset applied to reach UTC); a text without a zone
  // is taken as UTC for timestamp and as wall-clock for timestamp_ntz, both stored as is.
  auto parsed = ParseScalar(*text, type);
  if (!parsed.ok()) {
    return Status::InvalidArgument("invalid partition value '" + std::string(*text) +
                                   "' for type " + type->ToString() + ": " +
                                   parsed.status().message());
  }
  return parsed;
}

Result<ArrayDataPtr> MakePartitionColumn(const Scalar& value, const DataTypePtr& type,
                                         int64_t num_rows) {
  if (num_rows < 0) return Status::InvalidArgument("negative row count for a partition column");
  ArrayBuilder b(type);
  if (value.is_null()) {
    if (type->IsNested()) {
      return Status::NotSupported("partition columns of type " + type->ToString() +
                                  " are not supported");
    }
    SILT_RETURN_NOT_OK(b.AppendNull());
  } else {
    SILT_RETURN_NOT_OK(AppendValue(&b, value, type));
  }
  SILT_ASSIGN_OR_RETURN(ArrayDataPtr one, b.Finish());
  return MakeConstantArray(std::move(one), num_rows);
}

}  // namespace silt::delta
