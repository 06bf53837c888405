#pragma once

// SQL type coercion, written down in one place (docs/sql_types.md explains the same rules
// with tables). The binder uses these for UNION, CASE, COALESCE/GREATEST/LEAST, IN lists,
// comparisons and function arguments.

#include "silt/common/status.h"
#include "silt/common/types.h"

namespace silt::functions {

/// The type both `a` and `b` are implicitly cast to when they meet in one expression:
///  - equal types -> that type (decimal64/decimal128 of one p,s -> the canonical storage);
///  - null with T -> T;
///  - integers -> the narrowest signed integer holding both (uint64 with a signed type ->
///    decimal(20,0));
///  - integer or decimal with decimal -> decimal with max integer digits and max scale
///    (precision capped at 38);
///  - any number with float64, or a non-float32 number with float32 -> float64;
///    float32 with float32 (or int8/int16) -> float32;
///  - date with timestamp -> the timestamp type; timestamps -> the finer unit, with time
///    zone when either has one (the first zone);
///  - time with time -> the finer unit;
///  - utf8 with utf8, binary with binary (or utf8) -> binary;
///  - lists -> list of the items' common type; structs with the same field names -> field-wise.
/// Everything else (e.g. utf8 with int64, bool with int32) is a Plan error naming both types.
/// Untyped string literals are not handled here: the binder types a string literal compared
/// with a value of type T as T (PostgreSQL's `unknown`), see CoerceLiteral in expr/scalar.h.
Result<DataTypePtr> CommonSuperType(const DataTypePtr& a, const DataTypePtr& b);

/// CommonSuperType over a list (folded left to right); Plan error for an empty list.
Result<DataTypePtr> CommonSuperType(const std::vector<DataTypePtr>& types);

/// Whether a value of `from` may be converted to `to` without an explicit CAST (function
/// arguments, set operations): exactly the widenings CommonSuperType can produce. Never
/// loses the integer part of a number; may lose float precision (int64 -> float64, as
/// PostgreSQL does).
bool CanImplicitlyCast(const DataType& from, const DataType& to);

/// Whether an explicit CAST(from AS to) is supported at all (it may still fail on values).
bool CanCastExplicitly(const DataType& from, const DataType& to);

}  // namespace silt::functions
