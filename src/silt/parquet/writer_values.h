#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "silt/parquet/writer_levels.h"
#include "silt/parquet/writer_schema.h"

namespace silt::parquet {

/// The non-null values of one leaf for one batch, in Parquet physical layout and level
/// order. `fixed` / `views` point either into the batch (zero-copy) or into the reusable
/// storage below; either way they stay valid until the next GatherValues or the batch dies.
struct DenseValues {
  int64_t count = 0;
  /// kBool: one byte 0/1 per value; other fixed kinds: width bytes per value.
  const uint8_t* fixed = nullptr;
  /// kByteArray values.
  const std::string_view* views = nullptr;

  std::vector<uint8_t> storage;
  std::vector<std::string_view> view_storage;
};

/// Collects the values that `levels` locates (expanding dictionary/constant arrays and
/// converting to the physical type). Values Parquet cannot represent (an INTERVAL with
/// negative parts or sub-millisecond nanoseconds, a decimal beyond its precision, a
/// BYTE_ARRAY over 2 GiB) are InvalidArgument naming the column.
Status GatherValues(const WriterLeaf& leaf, const LeafLevels& levels, DenseValues* out);

/// Bytes per staged value of `leaf` (0 for kByteArray).
int StagedWidth(const WriterLeaf& leaf);

}  // namespace silt::parquet
