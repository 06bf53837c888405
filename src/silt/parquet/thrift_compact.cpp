#include "silt/parquet/thrift_compact.h"

#include <cstring>
#include <limits>

namespace silt::parquet {

namespace {

constexpr uint8_t kMaxCompactType = static_cast<uint8_t>(CompactType::kStruct);

int64_t ZigzagDecode(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

uint64_t ZigzagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

bool IsValidType(uint8_t t) { return t <= kMaxCompactType; }

}  // namespace

std::string_view CompactTypeName(CompactType type) {
  switch (type) {
    case CompactType::kStop: return "stop";
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse: return "bool";
    case CompactType::kByte: return "i8";
    case CompactType::kI16: return "i16";
    case CompactType::kI32: return "i32";
    case CompactType::kI64: return "i64";
    case CompactType::kDouble: return "double";
    case CompactType::kBinary: return "binary";
    case CompactType::kList: return "list";
    case CompactType::kSet: return "set";
    case CompactType::kMap: return "map";
    case CompactType::kStruct: return "struct";
  }
  return "unknown";
}

// ---------------------------------------------------------------------------------------
// Reader

Status ThriftCompactReader::Truncated(std::string_view what) const {
  return Status::Corrupt("Thrift: truncated input while reading " + std::string(what) +
                         " at offset " + std::to_string(pos_) + " of " +
                         std::to_string(size_));
}

Status ThriftCompactReader::ReadVarint(uint64_t* out) {
  uint64_t result = 0;
  for (int i = 0; i < 10; ++i) {
    if (pos_ >= size_) return Truncated("varint");
    uint8_t b = data_[pos_++];
    // The tenth byte may only contribute the 64th bit.
    if (i == 9 && (b & 0xFE) != 0) {
      return Status::Corrupt("Thrift: varint overflows 64 bits at offset " +
                             std::to_string(pos_ - 1));
    }
    result |= static_cast<uint64_t>(b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) {
      *out = result;
      return Status::OK();
    }
  }
  return Status::Corrupt("Thrift: varint longer than 10 bytes at offset " +
                         std::to_string(pos_));
}

Status ThriftCompactReader::ReadByte(int8_t* out) {
  if (pos_ >= size_) return Truncated("i8");
  *out = static_cast<int8_t>(data_[pos_++]);
  return Status::OK();
}

Status ThriftCompactReader::ReadI16(int16_t* out) {
  uint64_t v;
  SILT_RETURN_NOT_OK(ReadVarint(&v));
  int64_t s = ZigzagDecode(v);
  if (s < std::numeric_limits<int16_t>::min() || s > std::numeric_limits<int16_t>::max()) {
    return Status::Corrupt("Thrift: i16 value out of range: " + std::to_string(s));
  }
  *out = static_cast<int16_t>(s);
  return Status::OK();
}

Status ThriftCompactReader::ReadI32(int32_t* out) {
  uint64_t v;
  SILT_RETURN_NOT_OK(ReadVarint(&v));
  int64_t s = ZigzagDecode(v);
  if (s < std::numeric_limits<int32_t>::min() || s > std::numeric_limits<int32_t>::max()) {
    return Status::Corrupt("Thrift: i32 value out of range: " + std::to_string(s));
  }
  *out = static_cast<int32_t>(s);
  return Status::OK();
}

Status ThriftCompactReader::ReadI64(int64_t* out) {
  uint64_t v;
  SILT_RETURN_NOT_OK(ReadVarint(&v));
  *out = ZigzagDecode(v);
  return Status::OK();
}

Status ThriftCompactReader::ReadDouble(double* out) {
  if (remaining() < 8) return Truncated("double");
  uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) bits = (bits << 8) | data_[pos_ + i];
  std::memcpy(out, &bits, sizeof(bits));
  pos_ += 8;
  return Status::OK();
}

Status ThriftCompactReader::ReadBinary(std::string_view* out) {
  uint64_t len;
  SILT_RETURN_NOT_OK(ReadVarint(&len));
  if (len > static_cast<uint64_t>(remaining())) {
    return Status::Corrupt("Thrift: binary length " + std::to_string(len) + " exceeds the " +
                           std::to_string(remaining()) + " remaining bytes");
  }
  if (len > static_cast<uint64_t>(max_binary_length_)) {
    return Status::Corrupt("Thrift: binary length " + std::to_string(len) +
                           " exceeds the limit of " + std::to_string(max_binary_length_));
  }
  *out = std::string_view(reinterpret_cast<const char*>(data_ + pos_), len);
  pos_ += static_cast<int64_t>(len);
  return Status::OK();
}

Status ThriftCompactReader::ReadBinary(std::string* out) {
  std::string_view view;
  SILT_RETURN_NOT_OK(ReadBinary(&view));
  out->assign(view.data(), view.size());
  return Status::OK();
}

Status ThriftCompactReader::ReadBool(bool* out) {
  if (pos_ >= size_) return Truncated("bool");
  // Writers disagree on false (0 or 2); true is always 1.
  *out = data_[pos_++] == 1;
  return Status::OK();
}

Status ThriftCompactReader::ReadFieldHeader(int16_t* last_field_id, FieldHeader* out) {
  if (pos_ >= size_) return Truncated("field header");
  uint8_t b = data_[pos_++];
  uint8_t type = b & 0x0F;
  if (type == 0) {
    out->type = CompactType::kStop;
    out->id = 0;
    return Status::OK();
  }
  if (!IsValidType(type)) {
    return Status::Corrupt("Thrift: invalid field type " + std::to_string(type) +
                           " at offset " + std::to_string(pos_ - 1));
  }
  uint8_t delta = b >> 4;
  int16_t id;
  if (delta != 0) {
    int32_t next = int32_t{*last_field_id} + delta;
    if (next > std::numeric_limits<int16_t>::max()) {
      return Status::Corrupt("Thrift: field id overflows i16");
    }
    id = static_cast<int16_t>(next);
  } else {
    SILT_RETURN_NOT_OK(ReadI16(&id));
  }
  out->type = static_cast<CompactType>(type);
  out->id = id;
  out->bool_value = out->type == CompactType::kBoolTrue;
  *last_field_id = id;
  return Status::OK();
}

Status ThriftCompactReader::ReadListHeader(ListHeader* out) {
  if (pos_ >= size_) return Truncated("list header");
  uint8_t b = data_[pos_++];
  uint8_t type = b & 0x0F;
  uint64_t size = b >> 4;
  if (size == 15) SILT_RETURN_NOT_OK(ReadVarint(&size));
  if (size > 0 && (type == 0 || !IsValidType(type))) {
    return Status::Corrupt("Thrift: invalid list element type " + std::to_string(type));
  }
  // Every element, including bools, occupies at least one byte.
  if (size > static_cast<uint64_t>(remaining())) {
    return Status::Corrupt("Thrift: list of " + std::to_string(size) +
                           " elements exceeds the " + std::to_string(remaining()) +
                           " remaining bytes");
  }
  out->element_type = static_cast<CompactType>(type);
  out->size = static_cast<int64_t>(size);
  return Status::OK();
}

Status ThriftCompactReader::ReadMapHeader(MapHeader* out) {
  uint64_t size;
  SILT_RETURN_NOT_OK(ReadVarint(&size));
  if (size == 0) {
    *out = MapHeader{};
    return Status::OK();
  }
  if (pos_ >= size_) return Truncated("map header");
  uint8_t b = data_[pos_++];
  uint8_t key = b >> 4;
  uint8_t value = b & 0x0F;
  if (key == 0 || value == 0 || !IsValidType(key) || !IsValidType(value)) {
    return Status::Corrupt("Thrift: invalid map key/value types " + std::to_string(b));
  }
  // A key and a value take at least one byte each.
  if (size > static_cast<uint64_t>(remaining()) / 2) {
    return Status::Corrupt("Thrift: map of " + std::to_string(size) +
                           " entries exceeds the " + std::to_string(remaining()) +
                           " remaining bytes");
  }
  out->key_type = static_cast<CompactType>(key);
  out->value_type = static_cast<CompactType>(value);
  out->size = static_cast<int64_t>(size);
  return Status::OK();
}

Status ThriftCompactReader::ChargeMemory(int64_t count, int64_t object_size) {
  if (count < 0 || object_size <= 0 || count > memory_budget_ / object_size) {
    return Status::Corrupt("Thrift: decoding " + std::to_string(size_) +
                           " bytes would need more memory than the limit of " +
                           std::to_string(memory_budget_) + " bytes");
  }
  memory_budget_ -= count * object_size;
  return Status::OK();
}

Status ThriftCompactReader::Skip(CompactType type, int max_depth) {
  return SkipValue(type, /*in_container=*/false, max_depth);
}

Status ThriftCompactReader::SkipElement(CompactType type, int max_depth) {
  return SkipValue(type, /*in_container=*/true, max_depth);
}

Status ThriftCompactReader::SkipValue(CompactType type, bool in_container, int depth_left) {
  switch (type) {
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse:
      if (!in_container) return Status::OK();
      [[fallthrough]];
    case CompactType::kByte: {
      int8_t b;
      return ReadByte(&b);
    }
    case CompactType::kI16:
    case CompactType::kI32:
    case CompactType::kI64: {
      uint64_t v;
      return ReadVarint(&v);
    }
    case CompactType::kDouble:
      if (remaining() < 8) return Truncated("double");
      pos_ += 8;
      return Status::OK();
    case CompactType::kBinary: {
      std::string_view v;
      return ReadBinary(&v);
    }
    case CompactType::kList:
    case CompactType::kSet: {
      if (depth_left <= 0) return Status::Corrupt("Thrift: nesting too deep while skipping");
      ListHeader h;
      SILT_RETURN_NOT_OK(ReadListHeader(&h));
      for (int64_t i = 0; i < h.size; ++i) {
        SILT_RETURN_NOT_OK(SkipValue(h.element_type, true, depth_left - 1));
      }
      return Status::OK();
    }
    case CompactType::kMap: {
      if (depth_left <= 0) return Status::Corrupt("Thrift: nesting too deep while skipping");
      MapHeader h;
      SILT_RETURN_NOT_OK(ReadMapHeader(&h));
      for (int64_t i = 0; i < h.size; ++i) {
        SILT_RETURN_NOT_OK(SkipValue(h.key_type, true, depth_left - 1));
        SILT_RETURN_NOT_OK(SkipValue(h.value_type, true, depth_left - 1));
      }
      return Status::OK();
    }
    case CompactType::kStruct: {
      if (depth_left <= 0) return Status::Corrupt("Thrift: nesting too deep while skipping");
      int16_t last_id = 0;
      while (true) {
        FieldHeader h;
        SILT_RETURN_NOT_OK(ReadFieldHeader(&last_id, &h));
        if (h.type == CompactType::kStop) return Status::OK();
        SILT_RETURN_NOT_OK(SkipValue(h.type, false, depth_left - 1));
      }
    }
    case CompactType::kStop:
      break;
  }
  return Status::Corrupt("Thrift: cannot skip a value of type " +
                         std::to_string(static_cast<int>(type)));
}

// ---------------------------------------------------------------------------------------
// Writer

void ThriftCompactWriter::StructBegin() {
  stack_.push_back(last_field_id_);
  last_field_id_ = 0;
}

void ThriftCompactWriter::StructEnd() {
  WriteStop();
  SILT_DCHECK(!stack_.empty());
  last_field_id_ = stack_.back();
  stack_.pop_back();
}

void ThriftCompactWriter::FieldBegin(int16_t id, CompactType type) {
  int32_t delta = int32_t{id} - last_field_id_;
  auto t = static_cast<uint8_t>(type);
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | t));
  } else {
    out_->push_back(static_cast<char>(t));
    WriteI16(id);
  }
  last_field_id_ = id;
}

void ThriftCompactWriter::BoolField(int16_t id, bool value) {
  FieldBegin(id, value ? CompactType::kBoolTrue : CompactType::kBoolFalse);
}

void ThriftCompactWriter::WriteStop() { out_->push_back('\0'); }

void ThriftCompactWriter::WriteVarint(uint64_t value) {
  while (value >= 0x80) {
    out_->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out_->push_back(static_cast<char>(value));
}

void ThriftCompactWriter::WriteByte(int8_t value) { out_->push_back(static_cast<char>(value)); }
void ThriftCompactWriter::WriteI16(int16_t value) { WriteVarint(ZigzagEncode(value)); }
void ThriftCompactWriter::WriteI32(int32_t value) { WriteVarint(ZigzagEncode(value)); }
void ThriftCompactWriter::WriteI64(int64_t value) { WriteVarint(ZigzagEncode(value)); }

void ThriftCompactWriter::WriteDouble(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  for (int i = 0; i < 8; ++i) out_->push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
}

void ThriftCompactWriter::WriteBinary(std::string_view value) {
  WriteVarint(value.size());
  out_->append(value.data(), value.size());
}

void ThriftCompactWriter::WriteBool(bool value) {
  // Matches the reference implementations (1 true, 2 false).
  out_->push_back(static_cast<char>(value ? 1 : 2));
}

void ThriftCompactWriter::ListBegin(CompactType element_type, int64_t size) {
  auto t = static_cast<uint8_t>(element_type);
  if (element_type == CompactType::kBoolFalse) t = static_cast<uint8_t>(CompactType::kBoolTrue);
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | t));
  } else {
    out_->push_back(static_cast<char>(0xF0 | t));
    WriteVarint(static_cast<uint64_t>(size));
  }
}

void ThriftCompactWriter::MapBegin(CompactType key_type, CompactType value_type, int64_t size) {
  WriteVarint(static_cast<uint64_t>(size));
  if (size > 0) {
    out_->push_back(static_cast<char>((static_cast<uint8_t>(key_type) << 4) |
                                      static_cast<uint8_t>(value_type)));
  }
}

}  // namespace silt::parquet
