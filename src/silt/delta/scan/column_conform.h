#pragma once

// Presenting a column as read from one data file in the table's current logical type:
// physical (column-mapped) names become logical names, struct fields the file lacks
// become NULL, and widened types (int -> long, float -> double, decimal scale-up, date ->
// timestamp_ntz) are converted.

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/common/types.h"
#include "silt/delta/kernel/schema.h"

namespace silt::delta {

/// Converts `file_array` (as decoded from the file) to `logical_type`. `physical_type` has
/// the same shape as `logical_type` with the names (and, in id mode, the field ids) the file
/// should use; struct fields are matched by field id in kId mode when the file carries ids,
/// otherwise by name (exact, then ASCII case-insensitive). Array elements and map entries
/// match by position. Errors: NotSupported when a leaf's file type cannot be presented as
/// the table type (naming both types), InvalidArgument from value conversions.
Result<ArrayDataPtr> ConformColumn(const ArrayDataPtr& file_array, const DataTypePtr& physical_type,
                                   const DataTypePtr& logical_type, ColumnMappingMode mode,
                                   MemoryPool* pool = MemoryPool::Default());

/// Index of the top-level column of `file_fields` that holds `physical` (by field id in kId
/// mode when both carry one, else by name, exact then case-insensitive), or -1.
int FindFileField(const std::vector<FieldPtr>& file_fields, const Field& physical, ColumnMappingMode mode);

}  // namespace silt::delta
