#pragma once

#include "silt/columnar/array.h"
#include "silt/parquet/schema.h"

namespace silt::parquet {

/// Dense decoded values in their Parquet physical layout: fixed-width bytes (INT96 already
/// as int64 micros), boolean bits, or BYTE_ARRAY int64 offsets + bytes.
struct PhysicalValues {
  int64_t length = 0;
  BufferPtr values;
  BufferPtr offsets;
  BufferPtr data;
};

/// Turns physical values into a dense, null-free silt array of `leaf.type` (narrowing,
/// widening decimals and times, half floats, UTF-8 validation). Reuses buffers when the
/// layout is already right.
Result<ArrayDataPtr> ConvertPhysical(const LeafDescriptor& leaf, const PhysicalValues& values,
                                     MemoryPool* pool);

/// Converts a single statistics value (PLAIN bytes without length prefix) to a one-row
/// array of `leaf.type`; used to read min/max statistics.
Result<ArrayDataPtr> ConvertStatisticsValue(const LeafDescriptor& leaf, const std::string& bytes,
                                            MemoryPool* pool = MemoryPool::Default());

}  // namespace silt::parquet
