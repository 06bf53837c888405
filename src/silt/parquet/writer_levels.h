#pragma once

#include <cstdint>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/parquet/writer_schema.h"

namespace silt::parquet {

/// Definition/repetition levels of one leaf for one batch (Dremel shredding), plus where
/// the leaf's non-null values are in the leaf array. Reused across batches to keep its
/// buffers' capacity.
struct LeafLevels {
  std::vector<int16_t> def;  // empty when max_def_level == 0
  std::vector<int16_t> rep;  // empty when max_rep_level == 0
  int64_t num_levels = 0;
  /// The array holding the leaf's values (inside the batch's column; any encoding).
  const ArrayData* leaf_array = nullptr;
  /// When true the values are the valid rows of [0, leaf_array->length), in order, and
  /// leaf_array is plain; otherwise they are the rows listed in value_rows.
  bool all_valid_rows = false;
  std::vector<int64_t> value_rows;
  int64_t num_values = 0;

  // Scratch for the shredding passes.
  std::vector<int64_t> rows_scratch;
  std::vector<int64_t> rows_next;
  std::vector<int16_t> def_scratch;
  std::vector<int16_t> rep_scratch;
};

/// True when row `i` of leaf array `a` holds a value: the row is valid and, for
/// dictionary arrays, so is the dictionary entry it points to.
inline bool LeafIsValid(const ArrayData& a, int64_t i) {
  if (a.encoding == silt::Encoding::kDictionary) {
    if (!a.IsValid(i)) return false;
    const int32_t idx = a.DictIndex(i);
    return idx < 0 || idx >= a.dictionary->length || a.dictionary->IsValid(idx);
  }
  return a.IsValid(i);
}

/// Computes the levels of `leaf` for every row of `column` (the batch's array of the leaf's
/// top-level field, whose list/struct/map nodes must be plain-encoded; leaves may be of any
/// encoding). A null where the schema says non-nullable, or list offsets outside their
/// child, is InvalidArgument naming the column.
Status ShredLeaf(const WriterLeaf& leaf, const ArrayData& column, LeafLevels* out);

}  // namespace silt::parquet
