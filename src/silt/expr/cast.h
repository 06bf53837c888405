#pragma once

// Value-preserving type conversions of whole arrays: what schema evolution and Delta type
// widening need to present a file's column in the table's type (int -> long, float ->
// double, date -> timestamp_ntz, decimal(10,2) -> decimal(12,4), timestamp unit changes).

#include "silt/columnar/array.h"
#include "silt/common/status.h"

namespace silt {

/// True when CastArray supports converting `from` to `to` (it may still fail on values
/// that do not fit, e.g. narrowing integers).
bool CanCast(const DataType& from, const DataType& to);

/// Converts `array` to `to`. Supported: same type (returned as is); integer -> integer
/// (range-checked), float or decimal (precision-checked); float32 -> float64; decimal ->
/// decimal (scale may only grow; precision-checked); date32 -> timestamp (midnight UTC);
/// timestamp -> timestamp of another unit (finer units multiply with overflow checks,
/// coarser ones floor) or time zone; utf8 <-> binary (relabelled, bytes shared).
/// Dictionary and constant encodings are kept (their values are converted).
/// NotSupported for other pairs; InvalidArgument naming the value for one that does not fit.
Result<ArrayDataPtr> CastArray(const ArrayDataPtr& array, const DataTypePtr& to,
                               MemoryPool* pool = MemoryPool::Default());

}  // namespace silt
