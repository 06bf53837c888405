#pragma once

// silt's scalar-function layer: the interface the binder and executor call.
//
// Binding: the binder asks FunctionRegistry::BindScalar(name, argument types) and gets back a
// BoundScalarFunction: the types each argument must be cast to (with Cast(), before calling
// the kernel), the return type and the kernel. Execution: the executor calls
// `kernel(context, args, num_rows)` once per batch.
//
// Kernel contract (every built-in follows it; user-defined functions must too):
//  - `args` holds one array per argument, each exactly of the bound argument type and with
//    `num_rows` rows. An argument may be plain, dictionary- or constant-encoded; a constant
//    argument is how scalars (literals, folded sub-expressions) arrive.
//  - The result has `num_rows` rows and the bound return type; it is plain or constant
//    encoded (constant when every argument was constant). Inputs are never modified; the
//    result may share buffers with them.
//  - Unless a function says otherwise, a NULL in any argument makes that row NULL.
//  - Row errors (overflow, division by zero, invalid arguments) are Status::Execution naming
//    the function and the offending values; a row that is NULL never raises an error.
//  - Kernels are thread-safe: they keep no state between calls.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/common/status.h"
#include "silt/common/types.h"
#include "silt/memory/memory_pool.h"

namespace silt::functions {

/// Per-statement state a kernel may read. Owned by the caller for the duration of a kernel
/// call; cheap to copy.
struct KernelContext {
  /// Pool every output buffer is allocated from.
  MemoryPool* pool = MemoryPool::Default();
  /// The session's time zone (`SET timezone`): an IANA name ("Europe/Berlin"), "UTC" or a
  /// fixed offset ("+05:30"). Used where SQL interprets local wall-clock time: casts between
  /// timestamps with and without time zone, date <-> timestamptz, extract/date_trunc on
  /// timestamptz, current_date, interval arithmetic on timestamptz.
  std::string timezone = "UTC";
  /// Statement start as microseconds since the epoch (UTC). now(), current_timestamp and
  /// current_date return it, so every row and every batch of one statement sees the same
  /// time. When unset, those functions read the system clock once per call.
  std::optional<int64_t> statement_time_us;
  /// Seed for random(): when set, every random() call seeds its generator from it (so a
  /// seeded single-batch evaluation is reproducible; an executor wanting distinct streams per
  /// batch varies the seed). When unset random() seeds from std::random_device.
  std::optional<uint64_t> random_seed;
};

/// A vectorized scalar function body (see the kernel contract at the top of this file).
using ScalarKernel = std::function<Result<ArrayDataPtr>(
    const KernelContext& context, const std::vector<ArrayDataPtr>& args, int64_t num_rows)>;

/// A function resolved for concrete argument types.
struct BoundScalarFunction {
  /// Canonical (registered) name, lower case.
  std::string name;
  /// The types the arguments must be cast to (with functions::Cast) before calling the
  /// kernel; equal to the call's argument types when no coercion is needed.
  std::vector<DataTypePtr> arg_types;
  DataTypePtr return_type;
  ScalarKernel kernel;
  /// False for functions whose result changes between calls with equal inputs (random);
  /// the optimizer must not fold or deduplicate them.
  bool deterministic = true;
};

/// One signature of a function. `bind` returns the bound function for the given argument
/// types, or nullopt when this overload does not apply to them. An overload that needs
/// coercions reports them in BoundScalarFunction::arg_types; BindScalar prefers the overload
/// needing the fewest casts, then the earliest registered.
struct ScalarOverload {
  /// Human-readable signature for error messages and docs: "substr(utf8, int64) -> utf8".
  std::string signature;
  std::function<std::optional<BoundScalarFunction>(const std::vector<DataTypePtr>& arg_types)>
      bind;
};

/// Everything registered under one function name.
struct ScalarFunctionDef {
  /// Lower-case canonical name; operators use their symbol ("+", "||").
  std::string name;
  /// Other names users type for the same function (PostgreSQL / DuckDB / DataFusion).
  std::vector<std::string> aliases;
  std::string description;
  /// An example call and its result: "upper('straße') -> 'STRASSE'".
  std::string example;
  std::vector<ScalarOverload> overloads;
  bool deterministic = true;
};

/// Name -> function table. Built-ins are added by explicit RegisterXxxFunctions calls;
/// user-defined functions go through the same Register(). Not thread-safe while being
/// modified; concurrent const use is safe.
class FunctionRegistry {
 public:
  FunctionRegistry() = default;

  /// The process-wide registry holding every built-in function (built on first use).
  static const FunctionRegistry& Default();

  /// Adds a function. InvalidArgument when the name or an alias is already taken or the
  /// definition has no overloads. Names are matched case-insensitively.
  Status Register(ScalarFunctionDef def);

  /// Resolves `name` (case-insensitive; aliases accepted) for the argument types. Plan error
  /// naming the function and the argument types, listing the candidate signatures, when no
  /// overload applies; Plan error with close names when the function is unknown.
  Result<BoundScalarFunction> BindScalar(std::string_view name,
                                         const std::vector<DataTypePtr>& arg_types) const;

  /// The definition registered under `name` or one of its aliases, or null.
  const ScalarFunctionDef* Find(std::string_view name) const;

  /// Canonical names of every registered function, sorted.
  std::vector<std::string> ScalarFunctionNames() const;

 private:
  std::vector<ScalarFunctionDef> functions_;
  /// Lower-case name or alias -> index into functions_.
  std::map<std::string, size_t, std::less<>> by_name_;
};

/// Registers every built-in scalar function (what Default() holds).
Status RegisterBuiltinFunctions(FunctionRegistry* registry);

}  // namespace silt::functions
