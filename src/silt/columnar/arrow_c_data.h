#pragma once

// The Arrow C Data Interface and C Stream Interface: zero-copy exchange of columns with any
// Arrow implementation in the same process (pyarrow, DuckDB, Polars, arrow-rs, ...).
//
// The ABI structs are defined at global scope exactly as the Arrow specification writes them,
// behind the canonical include guards, so this header coexists with any other copy.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/common/types.h"

extern "C" {

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  // Array type description
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;

  // Release callback
  void (*release)(struct ArrowSchema*);
  // Opaque producer-specific data
  void* private_data;
};

struct ArrowArray {
  // Array data description
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;

  // Release callback
  void (*release)(struct ArrowArray*);
  // Opaque producer-specific data
  void* private_data;
};

#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

struct ArrowArrayStream {
  // Callbacks providing stream functionality
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);

  // Release callback
  void (*release)(struct ArrowArrayStream*);
  // Opaque producer-specific data
  void* private_data;
};

#endif  // ARROW_C_STREAM_INTERFACE

}  // extern "C"

namespace silt {

// ---- Type mapping ----
//
// silt type            Arrow format exported     also imported (converted on import)
// null, bool, ints     n b c C s S i I l L
// float32, float64     f g                       e (float16 -> float32)
// utf8, binary         U Z (int64 offsets)       u z (int32 offsets widened, data zero-copy)
// decimal128(P,S)      d:P,S                     d:P,S,128 (32/256 bits: NotSupported)
// decimal64(P,S)       d:P,S,64
// fixed_binary(N)      w:N
// date32               tdD                       tdm (date64 -> date32)
// time64(us|ns)        ttu ttn                   tts ttm (time32 -> time64(us))
// timestamp(u, tz)     tsm:tz tsu:tz tsn:tz      tss:tz (seconds -> milliseconds)
// interval             tin (month-day-nano)
// list<T>              +l (int32 offsets)        +L (int64 offsets narrowed, checked)
// struct<...>          +s
// map<K,V>             +m (flag ARROW_FLAG_MAP_KEYS_SORTED)
//
// Field metadata travels in the Arrow binary metadata encoding; a Parquet field id travels
// as the metadata key "PARQUET:field_id" (the convention of Arrow C++ and pyarrow).
// Encoding::kDictionary is exported as an Arrow dictionary array with int32 indices (format
// "i", the value type in `dictionary`); Arrow dictionary arrays import as kDictionary with
// int32 indices (other index widths are converted). Encoding::kConstant is exported expanded.

/// Exports `field` (its plain type) into `out`, which the consumer must release.
Status ExportField(const Field& field, ArrowSchema* out);
/// Exports `schema` as a struct ("+s") whose children are its fields; schema metadata becomes
/// the struct's metadata. Dictionary-encoded columns are not visible in a Schema: use the
/// `out_schema` argument of ExportArray / ExportRecordBatch when exporting such data.
Status ExportSchema(const Schema& schema, ArrowSchema* out);

/// Exports `array` into `out` without copying its buffers (except a struct's validity bitmap
/// when its offset is not a multiple of 8, and kConstant arrays, which are expanded). The
/// exported array holds shared references to the silt buffers until it is released.
/// When `out_schema` is given, it receives the type of exactly what was exported (a field
/// named "", nullable), including dictionary encodings at any nesting level.
Status ExportArray(const ArrayDataPtr& array, ArrowArray* out, ArrowSchema* out_schema = nullptr);
/// Exports `batch` as a struct array (length num_rows, no nulls) whose children are the
/// columns. With `out_schema`, also exports the matching struct schema (dictionary columns
/// included, batch schema metadata kept).
Status ExportRecordBatch(const RecordBatch& batch, ArrowArray* out,
                         ArrowSchema* out_schema = nullptr);
/// Exports `batches` (each of `schema`) as a C stream. Dictionary-encoded columns are expanded
/// so every batch matches the single stream schema. The stream owns the batches.
Status ExportRecordBatchStream(SchemaPtr schema, std::vector<RecordBatchPtr> batches,
                               ArrowArrayStream* out);

/// Imports a field. Consumes `schema`: it is released before returning, success or not.
Result<FieldPtr> ImportField(ArrowSchema* schema);
/// Imports a struct ("+s") schema as a Schema. Consumes `schema` like ImportField.
Result<SchemaPtr> ImportSchema(ArrowSchema* schema);

/// Imports `array`, whose layout is the native Arrow layout of silt type `type` (the formats
/// in the left column above; a dictionary array must have int32 indices). Zero-copy: the
/// result's buffers view the foreign memory and keep the moved-in ArrowArray alive; its
/// release callback runs once, when the last such buffer is destroyed. Consumes `array`
/// (also on failure). Malformed input returns Corrupt / InvalidArgument.
Result<ArrayDataPtr> ImportArray(ArrowArray* array, const DataTypePtr& type);
/// Imports `array` described by `schema` (any supported format, conversions as above).
/// Consumes both.
Result<ArrayDataPtr> ImportArray(ArrowArray* array, ArrowSchema* schema);
/// Imports a struct array (no top-level nulls) as a batch of `schema`. Consumes `array`.
Result<RecordBatchPtr> ImportRecordBatch(ArrowArray* array, SchemaPtr schema);
/// Imports a struct array described by a struct `schema`. Consumes both.
Result<RecordBatchPtr> ImportRecordBatch(ArrowArray* array, ArrowSchema* schema);

namespace internal {
struct ArrowImportNode;
}  // namespace internal

/// Reads record batches from a foreign ArrowArrayStream. Owns the (moved-in) stream and
/// releases it on destruction; batches it returned stay valid after that.
class ArrowStreamReader {
 public:
  /// Takes over `stream` (its release is set to null) and reads its schema.
  static Result<std::unique_ptr<ArrowStreamReader>> Open(ArrowArrayStream* stream);
  ~ArrowStreamReader();
  ArrowStreamReader(const ArrowStreamReader&) = delete;
  ArrowStreamReader& operator=(const ArrowStreamReader&) = delete;

  const SchemaPtr& schema() const { return schema_; }
  /// The next batch, or nullptr once the stream is exhausted.
  Result<RecordBatchPtr> Next();
  /// All remaining batches.
  Result<std::vector<RecordBatchPtr>> ReadAll();

 private:
  ArrowStreamReader();
  Status StreamError(int code, const char* what);

  ArrowArrayStream stream_;
  SchemaPtr schema_;
  std::unique_ptr<internal::ArrowImportNode> plan_;
  bool finished_ = false;
};

}  // namespace silt
