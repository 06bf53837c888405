#pragma once

// Binding helpers for nested-data functions whose result type depends on a constant argument
// (the registry's overloads only see argument types). The kernels themselves live in
// nested_functions.cpp with the other list/map/struct functions (RegisterNestedFunctions).

#include <string>

#include "silt/functions/function_registry.h"

namespace silt::functions {

/// Index of the field `name` in `struct_type`: the field spelled exactly so, else the one
/// field matching case-insensitively. Plan error when `struct_type` is not a struct, when no
/// field matches (listing the struct's fields) or when several match only case-insensitively.
Result<int> ResolveStructField(const DataTypePtr& struct_type, const std::string& name);

/// Binds struct_extract(s, 'name') (the binder's s.name / s['name']) for a struct type and a
/// constant field name, resolved with ResolveStructField. The result has arg_types
/// {struct_type, utf8}, return_type the field's type and a kernel reading the field chosen
/// here (the second argument, the field name as a constant, is accepted and ignored; a call
/// with only the struct argument works too). A row is NULL when the struct or the field is.
Result<BoundScalarFunction> BindStructExtract(const DataTypePtr& struct_type,
                                              const std::string& field);

/// Binds struct_extract(s, position) (DuckDB's positional form): `position` is 1-based.
/// Plan error when it is outside 1..number of fields. Same kernel shape as BindStructExtract
/// (arg_types {struct_type, int64}).
Result<BoundScalarFunction> BindStructExtractAt(const DataTypePtr& struct_type, int64_t position);

}  // namespace silt::functions
