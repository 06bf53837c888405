#pragma once

// The exact set of a hash join's build keys, published to the probe-side scan when the build
// is small (a runtime / dynamic filter beyond the key range: TPC-H Q17's 204 part keys spread
// over 1..200,000 prune nothing by range, but drop 99.9% of lineitem by membership).

#include <cstdint>
#include <memory>
#include <vector>

#include "silt/columnar/array.h"

namespace silt::sql {

/// A set of integer keys (int8..int64 or date32 values), as a bitmap over [min, max] when
/// the range is small and an open-addressing hash set otherwise.
class RuntimeKeySet {
 public:
  /// The set of the non-null values of `keys` (a flat integer or date array) for output
  /// column `column` of the scan; null when `keys` has another type, or spans more than
  /// 2^24 values with more than 2^14 keys (too slow to probe to pay off).
  static std::shared_ptr<const RuntimeKeySet> Make(int column, const ArrayData& keys);

  int column() const { return column_; }
  int64_t size() const { return size_; }
  /// Appends the rows of `values` (flat, the column's type) whose value is in the set; NULL
  /// rows are never in it.
  void Select(const ArrayData& values, std::vector<int64_t>* selected) const;

 private:
  template <typename T>
  void SelectTyped(const ArrayData& values, std::vector<int64_t>* selected) const;
  bool Contains(int64_t v) const;

  int column_ = -1;
  int64_t size_ = 0;
  int64_t min_ = 0;
  uint64_t range_ = 0;            ///< max - min
  std::vector<uint64_t> bitmap_;  ///< bit (v - min), when the range is small
  std::vector<int64_t> slots_;    ///< hash set otherwise (INT64_MIN marks a free slot)
  bool has_empty_key_ = false;    ///< INT64_MIN is in the set
  uint64_t mask_ = 0;
};

}  // namespace silt::sql
