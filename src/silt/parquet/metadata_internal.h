#pragma once

// Helpers shared by the metadata parsers (metadata_read*.cpp). Not part of the public API.

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "silt/parquet/metadata.h"
#include "silt/parquet/thrift_compact.h"

namespace silt::parquet::internal {

inline bool TypeMatches(CompactType actual, CompactType want) {
  if (want == CompactType::kBoolTrue) {
    return actual == CompactType::kBoolTrue || actual == CompactType::kBoolFalse;
  }
  return actual == want;
}

/// Calls `on_field(header)` for every field of the struct at the cursor until STOP.
/// `on_field` must consume the field's payload (Skip it when unknown). `field_types[id - 1]`
/// is the wire type of field `id`; a known field arriving with another type is skipped, as
/// Thrift-generated readers do (some old writers reused ids, e.g. ColumnMetaData field 15),
/// so a required field then counts as missing.
template <size_t N, typename Fn>
Status ReadStruct(ThriftCompactReader& r, const CompactType (&field_types)[N], Fn&& on_field) {
  int16_t last_id = 0;
  for (;;) {
    FieldHeader h;
    SILT_RETURN_NOT_OK(r.ReadFieldHeader(&last_id, &h));
    if (h.type == CompactType::kStop) return Status::OK();
    if (h.id >= 1 && static_cast<size_t>(h.id) <= N &&
        !TypeMatches(h.type, field_types[h.id - 1])) {
      SILT_RETURN_NOT_OK(r.Skip(h.type));
      continue;
    }
    SILT_RETURN_NOT_OK(on_field(h));
  }
}

/// As above for unions and other structs whose callback checks types itself.
template <typename Fn>
Status ReadStruct(ThriftCompactReader& r, Fn&& on_field) {
  int16_t last_id = 0;
  for (;;) {
    FieldHeader h;
    SILT_RETURN_NOT_OK(r.ReadFieldHeader(&last_id, &h));
    if (h.type == CompactType::kStop) return Status::OK();
    SILT_RETURN_NOT_OK(on_field(h));
  }
}

// Short names for the field type tables.
inline constexpr CompactType kTBool = CompactType::kBoolTrue;
inline constexpr CompactType kTByte = CompactType::kByte;
inline constexpr CompactType kTI16 = CompactType::kI16;
inline constexpr CompactType kTI32 = CompactType::kI32;
inline constexpr CompactType kTI64 = CompactType::kI64;
inline constexpr CompactType kTBinary = CompactType::kBinary;
inline constexpr CompactType kTList = CompactType::kList;
inline constexpr CompactType kTStruct = CompactType::kStruct;

/// Defensive check used by the field readers (ReadStruct already filtered mismatches).
inline Status ExpectType(const FieldHeader& h, CompactType want, const char* what) {
  bool ok = h.type == want;
  if (want == CompactType::kBoolTrue) ok = ok || h.type == CompactType::kBoolFalse;
  if (ok) return Status::OK();
  return Status::Corrupt(std::string(what) + ": expected thrift " +
                         std::string(CompactTypeName(want)) + ", found " +
                         std::string(CompactTypeName(h.type)));
}

inline Status Missing(const char* structure, const char* field) {
  return Status::Corrupt(std::string(structure) + ": required field '" + field +
                         "' is missing");
}

inline Status Negative(const char* what, int64_t value) {
  return Status::Corrupt(std::string(what) + " is negative: " + std::to_string(value));
}

inline Status ReadI32Field(ThriftCompactReader& r, const FieldHeader& h, const char* what,
                           int32_t* out) {
  SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kI32, what));
  return r.ReadI32(out);
}

inline Status ReadI64Field(ThriftCompactReader& r, const FieldHeader& h, const char* what,
                           int64_t* out) {
  SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kI64, what));
  return r.ReadI64(out);
}

inline Status ReadBinaryField(ThriftCompactReader& r, const FieldHeader& h, const char* what,
                              std::string* out) {
  SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kBinary, what));
  return r.ReadBinary(out);
}

inline Status ReadBoolField(const FieldHeader& h, const char* what, bool* out) {
  SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kBoolTrue, what));
  *out = h.bool_value;
  return Status::OK();
}

/// Enums travel as i32; the value is stored as read.
template <typename E>
Status ReadEnumField(ThriftCompactReader& r, const FieldHeader& h, const char* what, E* out) {
  int32_t v;
  SILT_RETURN_NOT_OK(ReadI32Field(r, h, what, &v));
  *out = static_cast<E>(v);
  return Status::OK();
}

/// Reads a list field whose elements have wire type `element_type`, calling
/// `read_element(&out->emplace_back())` for each one.
template <typename T, typename Fn>
Status ReadListField(ThriftCompactReader& r, const FieldHeader& h, CompactType element_type,
                     const char* what, std::vector<T>* out, Fn&& read_element) {
  SILT_RETURN_NOT_OK(ExpectType(h, CompactType::kList, what));
  ListHeader lh;
  SILT_RETURN_NOT_OK(r.ReadListHeader(&lh));
  bool type_ok = lh.element_type == element_type;
  if (element_type == CompactType::kBoolTrue) {
    type_ok = type_ok || lh.element_type == CompactType::kBoolFalse;
  }
  if (lh.size > 0 && !type_ok) {
    return Status::Corrupt(std::string(what) + ": expected list<" +
                           std::string(CompactTypeName(element_type)) + ">, found list<" +
                           std::string(CompactTypeName(lh.element_type)) + ">");
  }
  out->clear();
  // The count is bounded by the input size, but elements can be far larger in memory than
  // on the wire: charge the reader's memory budget, and let the vector grow with what
  // actually parses.
  SILT_RETURN_NOT_OK(r.ChargeMemory(lh.size, static_cast<int64_t>(sizeof(T))));
  out->reserve(static_cast<size_t>(std::min<int64_t>(lh.size, 4096)));
  for (int64_t i = 0; i < lh.size; ++i) {
    T* element = &out->emplace_back();
    SILT_RETURN_NOT_OK(read_element(element));
  }
  return Status::OK();
}

inline Status ReadI64List(ThriftCompactReader& r, const FieldHeader& h, const char* what,
                          std::vector<int64_t>* out) {
  return ReadListField(r, h, CompactType::kI64, what, out,
                       [&](int64_t* v) { return r.ReadI64(v); });
}

inline Status ReadStringList(ThriftCompactReader& r, const FieldHeader& h, const char* what,
                             std::vector<std::string>* out) {
  return ReadListField(r, h, CompactType::kBinary, what, out,
                       [&](std::string* v) { return r.ReadBinary(v); });
}

/// Memory the metadata parsers may materialise for `size` input bytes. Every parquet-testing
/// footer fits in 16x; crafted ones made of minimal column chunks (3 bytes on the wire, ~600
/// in memory) would reach ~200x.
inline int64_t MetadataMemoryBudget(int64_t size) { return 64 * size + (int64_t{1} << 20); }

/// A reader over `data` with the metadata memory budget applied.
inline ThriftCompactReader MetadataReader(const uint8_t* data, int64_t size) {
  ThriftCompactReader r(data, size);
  r.set_memory_budget(MetadataMemoryBudget(size));
  return r;
}

/// thrift Statistics; shared by column chunk and page headers.
Status ReadStatistics(ThriftCompactReader& r, Statistics* out);

}  // namespace silt::parquet::internal
