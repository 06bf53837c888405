#include "silt/functions/function_registry.h"

#include <algorithm>

#include "silt/functions/builtin_functions.h"

namespace silt::functions {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string TypeList(const std::vector<DataTypePtr>& types) {
  std::string s;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) s += ", ";
    s += types[i]->ToString();
  }
  return s;
}

// Levenshtein distance, for "did you mean" suggestions.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

const FunctionRegistry& FunctionRegistry::Default() {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry();
    Status st = RegisterBuiltinFunctions(r);
    SILT_DCHECK(st.ok());
    (void)st;
    return r;
  }();
  return *registry;
}

Status FunctionRegistry::Register(ScalarFunctionDef def) {
  if (def.overloads.empty()) {
    return Status::InvalidArgument("function '" + def.name + "' has no overloads");
  }
  def.name = Lower(def.name);
  std::vector<std::string> names = {def.name};
  for (const auto& alias : def.aliases) names.push_back(Lower(alias));
  for (const auto& n : names) {
    if (by_name_.count(n)) {
      return Status::InvalidArgument("function name '" + n + "' is already registered");
    }
  }
  const size_t index = functions_.size();
  functions_.push_back(std::move(def));
  for (auto& n : names) by_name_.emplace(std::move(n), index);
  return Status::OK();
}

const ScalarFunctionDef* FunctionRegistry::Find(std::string_view name) const {
  auto it = by_name_.find(Lower(name));
  return it == by_name_.end() ? nullptr : &functions_[it->second];
}

Result<BoundScalarFunction> FunctionRegistry::BindScalar(
    std::string_view name, const std::vector<DataTypePtr>& arg_types) const {
  const ScalarFunctionDef* def = Find(name);
  if (def == nullptr) {
    std::string msg = "unknown function '" + std::string(name) + "'";
    const std::string lower = Lower(name);
    std::vector<std::string> close;
    for (const auto& [n, index] : by_name_) {
      if (EditDistance(lower, n) <= std::max<size_t>(1, lower.size() / 4)) close.push_back(n);
    }
    if (!close.empty()) {
      msg += "; did you mean ";
      for (size_t i = 0; i < close.size() && i < 5; ++i) msg += (i ? ", " : "") + close[i];
      msg += "?";
    }
    return Status::Plan(msg);
  }
  std::optional<BoundScalarFunction> best;
  int best_cost = 0;
  for (const auto& overload : def->overloads) {
    auto bound = overload.bind(arg_types);
    if (!bound) continue;
    int cost = 0;
    for (size_t i = 0; i < arg_types.size() && i < bound->arg_types.size(); ++i) {
      if (!arg_types[i]->Equals(*bound->arg_types[i])) ++cost;
    }
    if (!best || cost < best_cost) {
      best = std::move(bound);
      best_cost = cost;
      if (cost == 0) break;
    }
  }
  if (!best) {
    std::string msg = "no function matches " + def->name + "(" + TypeList(arg_types) +
                      "); candidates: ";
    for (size_t i = 0; i < def->overloads.size(); ++i) {
      msg += (i ? ", " : "") + def->overloads[i].signature;
    }
    return Status::Plan(msg);
  }
  best->name = def->name;
  best->deterministic = def->deterministic;
  return std::move(*best);
}

std::vector<std::string> FunctionRegistry::ScalarFunctionNames() const {
  std::vector<std::string> names;
  names.reserve(functions_.size());
  for (const auto& f : functions_) names.push_back(f.name);
  std::sort(names.begin(), names.end());
  return names;
}

Status RegisterBuiltinFunctions(FunctionRegistry* registry) {
  SILT_RETURN_NOT_OK(RegisterArithmeticFunctions(registry));
  SILT_RETURN_NOT_OK(RegisterMathFunctions(registry));
  SILT_RETURN_NOT_OK(RegisterBitwiseFunctions(registry));
  SILT_RETURN_NOT_OK(RegisterStringFunctions(registry));
  SILT_RETURN_NOT_OK(RegisterLikeFunctions(registry));
  SILT_RETURN_NOT_OK(RegisterRegexpFunctions(registry));
  SILT_RETURN_NOT_OK(RegisterDatetimeFunctions(registry));
  SILT_RETURN_NOT_OK(RegisterConditionalFunctions(registry));
  SILT_RETURN_NOT_OK(RegisterComparisonFunctions(registry));
  SILT_RETURN_NOT_OK(RegisterNestedFunctions(registry));
  return Status::OK();
}

}  // namespace silt::functions
