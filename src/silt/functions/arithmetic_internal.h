#pragma once

// Shared pieces of the arithmetic operators (internal to silt_functions).

#include <optional>
#include <vector>

#include "silt/functions/function_registry.h"

namespace silt::functions::internal {

enum class ArithmeticOp { kAdd, kSubtract, kMultiply, kDivide, kModulo };

/// "+", "-", "*", "/", "%".
const char* OpSymbol(ArithmeticOp op);

/// Result type of a decimal operation (docs/sql_types.md: Spark/Hive rules, precision capped
/// at 38 by reducing the scale to no less than min(scale, 6)).
DataTypePtr DecimalResultType(ArithmeticOp op, const DataType& a, const DataType& b);

/// Kernel computing `a op b` for decimal inputs of types `a` and `b` into `result`, exactly,
/// rounding half away from zero where the result scale drops digits; overflow beyond the
/// result precision and division by zero are Execution errors.
ScalarKernel MakeDecimalKernel(ArithmeticOp op, DataTypePtr a, DataTypePtr b, DataTypePtr result);

/// Binds date/time/timestamp/interval arithmetic, or nullopt when the types are not temporal.
std::optional<BoundScalarFunction> BindTemporalArithmetic(ArithmeticOp op,
                                                          const std::vector<DataTypePtr>& args);

/// Unary minus of an interval.
ScalarKernel MakeIntervalNegate();

}  // namespace silt::functions::internal
