#include "silt/functions/builtin_functions.h"
namespace silt::functions {
Status RegisterMathFunctions(FunctionRegistry*) { return Status::OK(); }
Status RegisterStringFunctions(FunctionRegistry*) { return Status::OK(); }
Status RegisterLikeFunctions(FunctionRegistry*) { return Status::OK(); }
Status RegisterDatetimeFunctions(FunctionRegistry*) { return Status::OK(); }
Status RegisterConditionalFunctions(FunctionRegistry*) { return Status::OK(); }
}
