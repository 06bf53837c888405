#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "silt/common/status.h"

namespace silt::parquet {

/// Wire type codes of the Thrift compact protocol. In a field header a bool's value is the
/// type itself (kBoolTrue / kBoolFalse); inside lists, sets and maps bools are one byte each.
enum class CompactType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

/// Human-readable name of a compact type code ("i32", "struct", ...), for error messages.
std::string_view CompactTypeName(CompactType type);

/// A decoded field header. `type == kStop` marks the end of a struct.
struct FieldHeader {
  CompactType type = CompactType::kStop;
  int16_t id = 0;
  /// For bool fields: the value carried by the header (no payload follows).
  bool bool_value = false;
};

/// A decoded list or set header.
struct ListHeader {
  CompactType element_type = CompactType::kStop;
  int64_t size = 0;
};

/// A decoded map header. Types are kStop when size == 0.
struct MapHeader {
  CompactType key_type = CompactType::kStop;
  CompactType value_type = CompactType::kStop;
  int64_t size = 0;
};

/// A bounds-checked cursor over Thrift compact-protocol bytes. Does not own the bytes; they
/// must outlive the reader (and any string_view it returns). Every failure is
/// Status::Corrupt naming what was being read; the cursor position is unspecified after an
/// error. Struct nesting is tracked by the caller: each struct parse keeps its own
/// `last_field_id` (starting at 0) and passes it to ReadFieldHeader.
class ThriftCompactReader {
 public:
  /// Default cap for a single binary/string value.
  static constexpr int64_t kDefaultMaxBinaryLength = int64_t{1} << 30;
  /// Default cap on struct/container nesting when skipping unknown fields.
  static constexpr int kDefaultMaxSkipDepth = 64;

  ThriftCompactReader(const uint8_t* data, int64_t size,
                      int64_t max_binary_length = kDefaultMaxBinaryLength)
      : data_(data), size_(size < 0 ? 0 : size), max_binary_length_(max_binary_length) {}

  /// Bytes consumed so far.
  int64_t position() const { return pos_; }
  /// Bytes left to read.
  int64_t remaining() const { return size_ - pos_; }

  /// Unsigned LEB128 varint of at most 10 bytes (overflowing 64 bits is Corrupt).
  Status ReadVarint(uint64_t* out);
  /// A single raw byte (Thrift i8).
  Status ReadByte(int8_t* out);
  /// Zigzag varint integers; values outside the type's range are Corrupt.
  Status ReadI16(int16_t* out);
  Status ReadI32(int32_t* out);
  Status ReadI64(int64_t* out);
  /// 8-byte little-endian IEEE double.
  Status ReadDouble(double* out);
  /// Length-prefixed bytes, checked against the remaining input and the binary cap. The view
  /// points into the reader's input.
  Status ReadBinary(std::string_view* out);
  /// As above, copied into `out`.
  Status ReadBinary(std::string* out);
  /// A bool stored as a container element (one byte; 1 is true, 0 or 2 false).
  Status ReadBool(bool* out);

  /// Reads a field header; `last_field_id` is the id of the previous field of the same
  /// struct (0 at the start) and is updated. Handles short (delta) and long forms.
  Status ReadFieldHeader(int16_t* last_field_id, FieldHeader* out);
  /// Reads a list or set header. The element count is checked against the remaining input
  /// (every element needs at least one byte).
  Status ReadListHeader(ListHeader* out);
  /// Reads a map header; the entry count is checked against the remaining input.
  Status ReadMapHeader(MapHeader* out);

  /// Limits the memory that decoders built on this reader may materialise (default:
  /// unlimited). Small wire values can expand a lot in memory (an empty struct is one byte
  /// on the wire and hundreds in C++), so decoders charge each list before allocating it.
  void set_memory_budget(int64_t bytes) { memory_budget_ = bytes; }
  /// Charges `count` objects of `object_size` bytes; Corrupt once the budget is exceeded.
  Status ChargeMemory(int64_t count, int64_t object_size);

  /// Skips the payload of a field of `type` whose header was just read (bool fields have no
  /// payload). Nested structs/containers deeper than `max_depth` are Corrupt.
  Status Skip(CompactType type, int max_depth = kDefaultMaxSkipDepth);
  /// Skips one container element of `type` (bools take one byte here).
  Status SkipElement(CompactType type, int max_depth = kDefaultMaxSkipDepth);

 private:
  Status SkipValue(CompactType type, bool in_container, int depth_left);
  Status Truncated(std::string_view what) const;

  const uint8_t* data_;
  int64_t size_;
  int64_t pos_ = 0;
  int64_t max_binary_length_;
  int64_t memory_budget_ = std::numeric_limits<int64_t>::max();
};

/// Appends Thrift compact-protocol bytes to a caller-owned string (which must outlive the
/// writer). Struct nesting is tracked internally: StructBegin starts a new field-id context,
/// StructEnd writes the STOP byte and restores the enclosing one. The outermost struct of a
/// message is also bracketed by StructBegin/StructEnd.
class ThriftCompactWriter {
 public:
  explicit ThriftCompactWriter(std::string* out) : out_(out) {}

  /// Opens a struct (as a field value, a list element or a top-level message).
  void StructBegin();
  /// Writes the STOP field and closes the current struct.
  void StructEnd();
  /// Writes a field header for a non-bool field (delta-encoded when 0 < delta <= 15).
  void FieldBegin(int16_t id, CompactType type);
  /// Writes a bool field (the value is encoded in the header).
  void BoolField(int16_t id, bool value);
  /// A bare STOP byte (StructEnd already writes one).
  void WriteStop();

  /// Raw values (no field header): unsigned LEB128 varint, raw byte, zigzag varints,
  /// little-endian double, length-prefixed bytes.
  void WriteVarint(uint64_t value);
  void WriteByte(int8_t value);
  void WriteI16(int16_t value);
  void WriteI32(int32_t value);
  void WriteI64(int64_t value);
  void WriteDouble(double value);
  void WriteBinary(std::string_view value);
  /// A bool as a container element (one byte).
  void WriteBool(bool value);
  /// List (or set) header for `size` elements of `element_type` (use kBoolTrue for bools).
  void ListBegin(CompactType element_type, int64_t size);
  /// Map header.
  void MapBegin(CompactType key_type, CompactType value_type, int64_t size);

  /// Convenience: field header plus value.
  void I32Field(int16_t id, int32_t value) {
    FieldBegin(id, CompactType::kI32);
    WriteI32(value);
  }
  void I64Field(int16_t id, int64_t value) {
    FieldBegin(id, CompactType::kI64);
    WriteI64(value);
  }
  void BinaryField(int16_t id, std::string_view value) {
    FieldBegin(id, CompactType::kBinary);
    WriteBinary(value);
  }

 private:
  std::string* out_;
  int16_t last_field_id_ = 0;
  std::vector<int16_t> stack_;
};

}  // namespace silt::parquet
