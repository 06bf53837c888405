#pragma once

// SQL CAST / TRY_CAST over whole arrays. The conversion matrix (docs/sql_types.md has the
// table): bool, int8..int64, uint8..uint64, float32/64, decimal(p,s), utf8, binary,
// fixed_binary, date32, time64, timestamp (any unit, with or without zone), interval, and
// lists/structs element- and field-wise.
//
// Semantics (PostgreSQL where engines disagree):
//  - numbers: integer narrowing is range-checked; float -> integer and decimal -> integer
//    round half away from zero; float -> decimal reads the float's shortest decimal form and
//    rounds half away from zero at the target scale; decimal -> decimal rescales with the
//    same rounding and checks precision; NaN/inf -> integer or decimal fails; bool <-> number
//    is 0/1 (non-zero is true).
//  - to utf8: CONTRACTS.md text rendering (shortest floats, exact decimals, ISO dates,
//    timestamps with `Z` when zone-aware, ISO 8601 intervals, hex binary, JSON nested).
//  - from utf8: blanks around the text are ignored; integers, decimals (rounded to the
//    scale), floats (`NaN`, `inf`, `infinity`), booleans (t/true/yes/y/on/1 and
//    f/false/no/n/off/0, any case), dates, times, timestamps (a zone in the text -- Z, an
//    offset or an IANA name -- is applied; text without one is read in the session zone for
//    a zone-aware target), intervals (PostgreSQL words `1 year 2 mons 3 days 04:05:06`,
//    `2 weeks ago`, or ISO 8601 `P1Y2M3DT4H`); utf8 -> binary keeps the bytes.
//  - temporal: date -> timestamp is midnight (in the session zone for timestamptz);
//    timestamp -> date / time takes the (session-local, for timestamptz) calendar day or
//    time of day; timestamp <-> timestamptz interprets / renders wall-clock time in the
//    session zone; unit changes multiply with overflow checks or floor.
// Failures are Status::Execution naming the value and both types ("cannot cast '12x' to
// int32"); with try_cast the row becomes NULL instead. An unsupported pair is a Plan error.
// Dictionary-encoded input keeps its encoding (the dictionary is converted; only values the
// rows reference can fail), constant input stays constant.

#include "silt/columnar/array.h"
#include "silt/functions/function_registry.h"

namespace silt::functions {

/// Converts `array` to `to` (see above). Returns the input itself when the types are equal.
Result<ArrayDataPtr> Cast(const KernelContext& context, const ArrayDataPtr& array,
                          const DataTypePtr& to, bool try_cast);

}  // namespace silt::functions
