#pragma once

// Registration of the built-in scalar functions, one call per family (STYLE.md: explicit
// RegisterXxxFunctions calls, no static-initialisation magic). RegisterBuiltinFunctions in
// function_registry.h calls them all.

#include "silt/functions/function_registry.h"

namespace silt::functions {

/// + - * / % and unary minus on integers (checked), floats, decimals (docs/sql_types.md
/// table), and date/time/timestamp/interval arithmetic.
Status RegisterArithmeticFunctions(FunctionRegistry* registry);
/// & | # ~ << >> on int16/int32/int64 (PostgreSQL's bitwise operators).
Status RegisterBitwiseFunctions(FunctionRegistry* registry);
/// abs, round, ceil, floor, trunc, sqrt, cbrt, power, exp, ln, log, sign, mod, trig, pi,
/// random, ...
Status RegisterMathFunctions(FunctionRegistry* registry);
/// length, lower/upper, substr, concat, trim, pad, replace, split_part, ...
Status RegisterStringFunctions(FunctionRegistry* registry);
/// regexp_like (regexp_matches) and regexp_replace (ICU regular expressions, time-limited).
Status RegisterRegexpFunctions(FunctionRegistry* registry);
/// like, ilike, not_like, not_ilike (patterns compiled once per call; see like.h).
Status RegisterLikeFunctions(FunctionRegistry* registry);
/// extract/date_part, date_trunc, make_date, now/current_date, to_timestamp, AT TIME ZONE.
Status RegisterDatetimeFunctions(FunctionRegistry* registry);
/// coalesce, nullif, greatest, least, ifnull/nvl.
Status RegisterConditionalFunctions(FunctionRegistry* registry);
/// = <> < <= > >= is_distinct_from is_not_distinct_from, and / or / not, is_null / is_not_null.
Status RegisterComparisonFunctions(FunctionRegistry* registry);
/// list_element, list_slice, list_value, cardinality/array_length, list_contains,
/// list_position, map_extract and struct_extract (bound through nested_functions.h).
Status RegisterNestedFunctions(FunctionRegistry* registry);

}  // namespace silt::functions
