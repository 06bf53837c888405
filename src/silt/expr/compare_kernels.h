#pragma once

#include <cstdint>
#include <string>

#include "silt/columnar/array.h"
#include "silt/expr/predicate.h"

namespace silt::internal {

/// Compares rows [0, n) of a plain-encoded array with a literal, writing truth values
/// (kTruthNull for NULL rows or a NULL literal). Coercions follow Scalar::Compare exactly,
/// in typed loops. `column_name` is only used in error messages: Plan when the literal
/// cannot be compared with the column's type, NotSupported for nested/interval columns.
Status CompareWithLiteral(const ArrayData& values, int64_t n, CompareOp op,
                          const Scalar& literal, const std::string& column_name, uint8_t* out);

/// Compares rows [0, n) of two plain-encoded arrays under the same rules.
Status CompareColumns(const ArrayData& left, const ArrayData& right, int64_t n, CompareOp op,
                      uint8_t* out);

/// Sets out[i] = kTruthNull where rows [0, n) of a plain array are NULL.
void OverlayNulls(const ArrayData& values, int64_t n, uint8_t* out);

/// Whether `op` holds for a three-way comparison result `c` (<0, 0, >0).
bool HoldsForSign(CompareOp op, int c);

}  // namespace silt::internal
