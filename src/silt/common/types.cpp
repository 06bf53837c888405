#include "silt/common/types.h"

#include "silt/common/decimal.h"

namespace silt {

int32_t DataType::FixedWidth() const {
  switch (id_) {
    case TypeId::kInt8:
    case TypeId::kUInt8: return 1;
    case TypeId::kInt16:
    case TypeId::kUInt16: return 2;
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kFloat32:
    case TypeId::kDate32: return 4;
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kFloat64:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
    case TypeId::kDecimal64: return 8;
    case TypeId::kDecimal128:
    case TypeId::kInterval: return 16;
    case TypeId::kFixedBinary: return byte_width_;
    default: return 0;
  }
}

bool DataType::IsInteger() const {
  switch (id_) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64: return true;
    default: return false;
  }
}

bool DataType::Equals(const DataType& other) const {
  if (id_ != other.id_ || precision_ != other.precision_ || scale_ != other.scale_ ||
      byte_width_ != other.byte_width_ || children_.size() != other.children_.size()) {
    return false;
  }
  if ((id_ == TypeId::kTimestamp || id_ == TypeId::kTime64) && unit_ != other.unit_) return false;
  if (timezone_ != other.timezone_) return false;
  for (size_t i = 0; i < children_.size(); ++i) {
    const Field& a = *children_[i];
    const Field& b = *other.children_[i];
    if (a.name != b.name || a.nullable != b.nullable || !a.type->Equals(*b.type)) return false;
  }
  return true;
}

namespace {
const char* UnitName(TimeUnit u) {
  switch (u) {
    case TimeUnit::kMilli: return "ms";
    case TimeUnit::kMicro: return "us";
    case TimeUnit::kNano: return "ns";
  }
  return "?";
}
}  // namespace

std::string DataType::ToString() const {
  switch (id_) {
    case TypeId::kNull: return "null";
    case TypeId::kBool: return "boolean";
    case TypeId::kInt8: return "int8";
    case TypeId::kInt16: return "int16";
    case TypeId::kInt32: return "int32";
    case TypeId::kInt64: return "int64";
    case TypeId::kUInt8: return "uint8";
    case TypeId::kUInt16: return "uint16";
    case TypeId::kUInt32: return "uint32";
    case TypeId::kUInt64: return "uint64";
    case TypeId::kFloat32: return "float32";
    case TypeId::kFloat64: return "float64";
    case TypeId::kDecimal64:
    case TypeId::kDecimal128:
      return "decimal(" + std::to_string(precision_) + "," + std::to_string(scale_) + ")";
    case TypeId::kUtf8: return "utf8";
    case TypeId::kBinary: return "binary";
    case TypeId::kFixedBinary: return "fixed_binary(" + std::to_string(byte_width_) + ")";
    case TypeId::kDate32: return "date32";
    case TypeId::kTime64: return std::string("time(") + UnitName(unit_) + ")";
    case TypeId::kTimestamp:
      return std::string("timestamp(") + UnitName(unit_) +
             (timezone_.empty() ? "" : ", " + timezone_) + ")";
    case TypeId::kInterval: return "interval";
    case TypeId::kList: return "list<" + children_[0]->type->ToString() + ">";
    case TypeId::kStruct: {
      std::string s = "struct<";
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i) s += ", ";
        s += children_[i]->name + ": " + children_[i]->type->ToString();
      }
      return s + ">";
    }
    case TypeId::kMap: {
      const auto& entry = children_[0]->type->children();
      return "map<" + entry[0]->type->ToString() + ", " + entry[1]->type->ToString() + ">";
    }
  }
  return "?";
}

std::string Field::ToString() const {
  return name + ": " + type->ToString() + (nullable ? "" : " not null");
}

FieldPtr field(std::string name, DataTypePtr type, bool nullable, KeyValueMetadata metadata,
               int32_t field_id) {
  return std::make_shared<Field>(
      Field{std::move(name), std::move(type), nullable, std::move(metadata), field_id});
}

int Schema::FieldIndex(const std::string& name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i]->name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string Schema::ToString() const {
  std::string s;
  for (const auto& f : fields_) s += f->ToString() + "\n";
  return s;
}

#define SILT_SINGLETON_TYPE(fn, id)                               \
  DataTypePtr fn() {                                              \
    static const DataTypePtr kType = std::make_shared<DataType>(id); \
    return kType;                                                 \
  }
SILT_SINGLETON_TYPE(null, TypeId::kNull)
SILT_SINGLETON_TYPE(boolean, TypeId::kBool)
SILT_SINGLETON_TYPE(int8, TypeId::kInt8)
SILT_SINGLETON_TYPE(int16, TypeId::kInt16)
SILT_SINGLETON_TYPE(int32, TypeId::kInt32)
SILT_SINGLETON_TYPE(int64, TypeId::kInt64)
SILT_SINGLETON_TYPE(uint8, TypeId::kUInt8)
SILT_SINGLETON_TYPE(uint16, TypeId::kUInt16)
SILT_SINGLETON_TYPE(uint32, TypeId::kUInt32)
SILT_SINGLETON_TYPE(uint64, TypeId::kUInt64)
SILT_SINGLETON_TYPE(float32, TypeId::kFloat32)
SILT_SINGLETON_TYPE(float64, TypeId::kFloat64)
SILT_SINGLETON_TYPE(utf8, TypeId::kUtf8)
SILT_SINGLETON_TYPE(binary, TypeId::kBinary)
SILT_SINGLETON_TYPE(date32, TypeId::kDate32)
SILT_SINGLETON_TYPE(interval, TypeId::kInterval)
#undef SILT_SINGLETON_TYPE

DataTypePtr decimal128(int32_t precision, int32_t scale) {
  auto t = std::make_shared<DataType>(TypeId::kDecimal128);
  t->precision_ = precision;
  t->scale_ = scale;
  return t;
}

DataTypePtr decimal64(int32_t precision, int32_t scale) {
  SILT_DCHECK(precision >= 1 && precision <= kMaxDecimal64Precision);
  auto t = std::make_shared<DataType>(TypeId::kDecimal64);
  t->precision_ = precision;
  t->scale_ = scale;
  return t;
}

DataTypePtr decimal(int32_t precision, int32_t scale) {
  return precision <= kMaxDecimal64Precision ? decimal64(precision, scale)
                                             : decimal128(precision, scale);
}

DataTypePtr fixed_binary(int32_t byte_width) {
  auto t = std::make_shared<DataType>(TypeId::kFixedBinary);
  t->byte_width_ = byte_width;
  return t;
}

DataTypePtr time64(TimeUnit unit) {
  auto t = std::make_shared<DataType>(TypeId::kTime64);
  t->unit_ = unit;
  return t;
}

DataTypePtr timestamp(TimeUnit unit, std::string timezone) {
  auto t = std::make_shared<DataType>(TypeId::kTimestamp);
  t->unit_ = unit;
  t->timezone_ = std::move(timezone);
  return t;
}

DataTypePtr list(FieldPtr item) {
  auto t = std::make_shared<DataType>(TypeId::kList);
  t->children_.push_back(std::move(item));
  return t;
}

DataTypePtr struct_(std::vector<FieldPtr> fields) {
  auto t = std::make_shared<DataType>(TypeId::kStruct);
  t->children_ = std::move(fields);
  return t;
}

DataTypePtr map(FieldPtr key, FieldPtr value, bool keys_sorted) {
  auto t = std::make_shared<DataType>(TypeId::kMap);
  t->precision_ = keys_sorted ? 1 : 0;
  t->children_.push_back(
      field("entries", struct_({std::move(key), std::move(value)}), /*nullable=*/false));
  return t;
}

}  // namespace silt
