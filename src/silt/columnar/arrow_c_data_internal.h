#pragma once

// Shared pieces of the Arrow C Data Interface implementation (not a public API).

#include <memory>
#include <string>
#include <vector>

#include "silt/columnar/arrow_c_data.h"

namespace silt::internal {

/// Nesting deeper than this in a foreign schema or array is rejected (stack safety).
constexpr int kMaxArrowNesting = 64;

/// How the foreign buffers of one node are laid out when they differ from silt's layout.
enum class ArrowSourceLayout : uint8_t {
  kNative,           // exactly silt's layout
  kInt32Offsets,     // "u" / "z": widen offsets to int64
  kLargeList,        // "+L": narrow int64 list offsets to int32
  kDate64,           // "tdm": int64 ms -> int32 days
  kTime32Seconds,    // "tts": int32 s -> int64 us
  kTime32Millis,     // "ttm": int32 ms -> int64 us
  kTimestampSeconds, // "tss": int64 s -> int64 ms
  kFloat16,          // "e": half -> float32
};

/// What to expect when importing one node of an Arrow array: the silt type produced, the
/// source layout, dictionary index width, and the plans of children / dictionary values.
struct ArrowImportNode {
  DataTypePtr type;
  ArrowSourceLayout layout = ArrowSourceLayout::kNative;
  /// 0: not dictionary encoded; else the index width in bytes (1, 2, 4, 8).
  int dict_index_bytes = 0;
  bool dict_index_signed = true;
  /// Built from a silt type rather than a schema: a present `dictionary` member is then
  /// accepted as int32-indexed dictionary encoding.
  bool from_type = false;
  std::vector<ArrowImportNode> children;
  std::unique_ptr<ArrowImportNode> dictionary;
};

/// The plan for native-layout data of silt type `type`.
ArrowImportNode NativeImportNode(const DataTypePtr& type);
/// Parses a foreign field description (not released here) and fills its import plan.
Result<FieldPtr> ParseArrowField(const ArrowSchema& schema, ArrowImportNode* plan, int depth);
/// Imports an array (consumed in all cases) following `plan`.
Result<ArrayDataPtr> ImportArrayWithPlan(ArrowArray* array, const ArrowImportNode& plan);
/// Imports a struct array (consumed) as a batch of `schema`, following the struct `plan`.
Result<RecordBatchPtr> ImportRecordBatchWithPlan(ArrowArray* array, SchemaPtr schema,
                                                 const ArrowImportNode& plan);

/// Exports a field description; when `array` is given (already prepared, see
/// PrepareForExport) dictionary encodings found in it are described too.
Status ExportFieldImpl(const std::string& name, const DataTypePtr& type, bool nullable,
                       const KeyValueMetadata& metadata, int32_t field_id,
                       const ArrayData* array, ArrowSchema* out);
/// Exports a struct schema of `fields` (with `columns` giving encodings, may be empty).
Status ExportStructSchema(const std::vector<FieldPtr>& fields, const KeyValueMetadata& metadata,
                          const std::vector<ArrayDataPtr>& columns, ArrowSchema* out);
/// Expands constant encodings and non-plain dictionary values so the array maps onto Arrow.
Result<ArrayDataPtr> PrepareForExport(const ArrayDataPtr& array);

/// The Arrow binary metadata encoding of `metadata` (empty string when there is none).
std::string EncodeArrowMetadata(const KeyValueMetadata& metadata);

/// errno-style code for a failed Status (stream callbacks).
int StatusToErrno(const Status& status);

}  // namespace silt::internal
