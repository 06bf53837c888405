// Nested-data functions: struct_extract, list_element, list_slice, list_value, cardinality /
// array_length, list_contains, list_position and map_extract. Indexes are 1-based with
// negative positions counting from the end (DuckDB); an index outside the list reads NULL
// (DuckDB and PostgreSQL arrays). Results that pick values out of a list, map or struct are
// built by gathering child rows (kernel_util's GatherByIndices) rather than value by value.

#include "silt/functions/nested_functions.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "silt/common/ascii.h"
#include "silt/functions/builtin_functions.h"
#include "silt/functions/cast.h"
#include "silt/functions/kernel_util.h"
#include "silt/functions/nested_values.h"
#include "silt/functions/type_coercion.h"

namespace silt::functions {

namespace {

using internal::ArgValid;
using internal::Elementwise;
using internal::FixedArg;
using internal::IsScalar;
using internal::NullHandling;
using Args = std::vector<ArrayDataPtr>;
using Bind = std::optional<BoundScalarFunction>;

// ---- struct_extract ----

// The field's values with the struct's NULL rows masked out. The struct arrives plain (or as
// a 1-row plain value: Elementwise folds constants and dictionaries).
ScalarKernel StructExtractKernel(DataTypePtr field_type, int index) {
  ScalarKernel plain = [index](const KernelContext& ctx, const Args& args,
                               int64_t n) -> Result<ArrayDataPtr> {
    ArrayDataPtr s = args[0];
    if (s->encoding != Encoding::kPlain) {
      SILT_ASSIGN_OR_RETURN(s, Flatten(s, ctx.pool));
    }
    SILT_ASSIGN_OR_RETURN(auto child, Flatten(s->children[static_cast<size_t>(index)], ctx.pool));
    if (s->null_count == 0 || s->validity() == nullptr) return child;
    // Identity gather under the struct's validity: rows of NULL structs read NULL.
    SILT_ASSIGN_OR_RETURN(auto rows, internal::RowIndices::Make(n, ctx.pool));
    int32_t* idx = rows.indices;
    for (int64_t i = 0; i < n; ++i) {
      if (s->IsValid(i)) {
        idx[i] = static_cast<int32_t>(i);
      } else {
        rows.SetNull(i);
      }
    }
    return rows.Gather(child, ctx.pool);
  };
  return Elementwise(std::move(field_type), std::move(plain));
}

BoundScalarFunction StructExtractBound(const DataTypePtr& struct_type, const DataTypePtr& second,
                                       int index) {
  const DataTypePtr& t = struct_type->children()[static_cast<size_t>(index)]->type;
  return BoundScalarFunction{"struct_extract", {struct_type, second}, t, StructExtractKernel(t, index),
                             true};
}

std::string FieldList(const DataType& t) {
  std::string s;
  for (const auto& f : t.children()) s += (s.empty() ? "" : ", ") + f->name;
  return s;
}

// ---- list_element / list_slice ----

ScalarKernel ListElementKernel(const DataTypePtr& item_type) {
  ScalarKernel plain = [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto list, internal::ReadList(args[0], ctx.pool));
    FixedArg<int64_t> index(*args[1]);
    SILT_ASSIGN_OR_RETURN(auto rows, internal::RowIndices::Make(n, ctx.pool));
    for (int64_t i = 0; i < n; ++i) {
      rows.indices[i] = 0;
      if (!list.IsValid(i) || !ArgValid(*args[1], i)) {
        rows.SetNull(i);
        continue;
      }
      const int64_t begin = list.Begin(i), len = list.End(i) - begin, k = index[i];
      // 1-based; -1 is the last item; 0 and positions past either end read NULL.
      const int64_t pos = k > 0 ? k - 1 : (k < 0 ? len + k : -1);
      if (pos < 0 || pos >= len) {
        rows.SetNull(i);
      } else {
        rows.indices[i] = static_cast<int32_t>(begin + pos);
      }
    }
    return rows.Gather(list.items, ctx.pool);
  };
  return Elementwise(item_type, std::move(plain));
}

// A NULL bound is an open end (the list's first or last item); negative bounds count from
// the end; bounds are inclusive and clamped to the list (PostgreSQL / DuckDB slicing).
ScalarKernel ListSliceKernel(const DataTypePtr& list_type) {
  ScalarKernel plain = [list_type](const KernelContext& ctx, const Args& args,
                                   int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto list, internal::ReadList(args[0], ctx.pool));
    FixedArg<int64_t> from(*args[1]), to(*args[2]);
    internal::ListOutput out(n, ctx.pool);
    SILT_RETURN_NOT_OK(out.Init());
    for (int64_t i = 0; i < n; ++i) {
      if (!list.IsValid(i)) {
        out.AppendNull(i);
        continue;
      }
      const int64_t begin = list.Begin(i), len = list.End(i) - begin;
      int64_t lo = ArgValid(*args[1], i) ? from[i] : 1;
      int64_t hi = ArgValid(*args[2], i) ? to[i] : len;
      if (lo < 0) lo = lo < -len ? 0 : len + lo + 1;
      if (hi < 0) hi = hi < -len ? 0 : len + hi + 1;
      lo = std::max<int64_t>(lo, 1);
      hi = std::min(hi, len);
      const int64_t count = hi >= lo ? hi - lo + 1 : 0;
      SILT_RETURN_NOT_OK(out.AppendRange(i, count > 0 ? begin + lo - 1 : begin, count));
    }
    return out.Finish(list_type, *list.items);
  };
  return Elementwise(list_type, std::move(plain), NullHandling::kManual);
}

// ---- list_value ----

// Row i of the result is [arg0[i], arg1[i], ...]; NULL arguments are NULL items.
ScalarKernel ListValueKernel(const DataTypePtr& list_type) {
  ScalarKernel plain = [list_type](const KernelContext& ctx, const Args& args,
                                   int64_t n) -> Result<ArrayDataPtr> {
    const int64_t k = static_cast<int64_t>(args.size());
    if (n * k > INT32_MAX) return Status::ResourcesExhausted("list_value: result exceeds 2^31 items");
    // All arguments' values in one plain array; argument j starts at base[j].
    std::vector<ArrayDataPtr> parts;
    std::vector<int64_t> base;
    int64_t total = 0;
    for (const auto& a : args) {
      ArrayDataPtr v = IsScalar(*a) ? a->dictionary->Slice(0, 1) : a;
      base.push_back(total);
      total += v->length;
      parts.push_back(std::move(v));
    }
    internal::ListOutput out(n, ctx.pool);
    SILT_RETURN_NOT_OK(out.Init());
    if (k == 0) {
      for (int64_t i = 0; i < n; ++i) SILT_RETURN_NOT_OK(out.AppendRange(i, 0, 0));
      SILT_ASSIGN_OR_RETURN(auto empty, MakeNullArray(list_type->children()[0]->type, 0, ctx.pool));
      return out.Finish(list_type, *empty);
    }
    SILT_ASSIGN_OR_RETURN(auto all, Concatenate(parts, ctx.pool));
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t j = 0; j < k; ++j) {
        SILT_RETURN_NOT_OK(out.AppendRange(i, base[j] + (IsScalar(*args[j]) ? 0 : i), 1, j + 1 == k));
      }
    }
    return out.Finish(list_type, *all);
  };
  return Elementwise(list_type, std::move(plain), NullHandling::kManual);
}

// ---- cardinality / array_length ----

// Number of items (map entries); with `dimension`, PostgreSQL's array_length(a, dim): NULL
// for an empty list or any dimension but 1.
ScalarKernel LengthKernel(bool dimension) {
  ScalarKernel plain = [dimension](const KernelContext& ctx, const Args& args,
                                   int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto list, internal::ReadList(args[0], ctx.pool));
    std::optional<FixedArg<int64_t>> dim;
    if (dimension) dim.emplace(*args[1]);
    SILT_ASSIGN_OR_RETURN(auto out, internal::MapFixedRows<int64_t>(ctx, args, n, int64(), [&](int64_t i, int64_t* o) {
      *o = list.End(i) - list.Begin(i);
      return Status::OK();
    }));
    if (dimension) {
      for (int64_t i = 0; i < n; ++i) {
        if (out->IsValid(i) && ((*dim)[i] != 1 || list.End(i) == list.Begin(i))) {
          SILT_RETURN_NOT_OK(internal::SetNull(out.get(), i, ctx.pool));
        }
      }
    }
    return out;
  };
  return Elementwise(int64(), std::move(plain));
}

// ---- list_contains / list_position / map_extract ----

// list_contains: true when a non-NULL item equals the value (NULL items never match, as in
// DuckDB), NULL when the list or the value is NULL.
ScalarKernel ListContainsKernel() {
  ScalarKernel plain = [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto list, internal::ReadList(args[0], ctx.pool));
    SILT_ASSIGN_OR_RETURN(auto needle, internal::ReadValue(args[1], ctx.pool));
    if (needle.values->type->id() == TypeId::kNull) return MakeNullArray(boolean(), n, ctx.pool);
    return internal::VisitEquality(*list.items, *needle.values, [&](auto eq) {
      return internal::MapBoolRows(ctx, args, n, [&](int64_t i) {
        const int64_t r = needle.Row(i);
        for (int64_t e = list.Begin(i), end = list.End(i); e < end; ++e) {
          if (list.items->IsValid(e) && eq(e, r)) return true;
        }
        return false;
      });
    });
  };
  return Elementwise(boolean(), std::move(plain));
}

// list_position: 1-based position of the first item not distinct from the value (a NULL
// value finds the first NULL item, as PostgreSQL's array_position and DuckDB do), NULL
// when absent or when the list is NULL.
ScalarKernel ListPositionKernel() {
  ScalarKernel plain = [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto list, internal::ReadList(args[0], ctx.pool));
    SILT_ASSIGN_OR_RETURN(auto needle, internal::ReadValue(args[1], ctx.pool));
    return internal::VisitEquality(*list.items, *needle.values, [&](auto eq) -> Result<ArrayDataPtr> {
      SILT_ASSIGN_OR_RETURN(auto out, internal::MakeFixedOutput(int64(), n, ctx.pool));
      int64_t* o = internal::MutableValues<int64_t>(*out);
      for (int64_t i = 0; i < n; ++i) {
        o[i] = 0;
        if (!list.IsValid(i)) continue;
        const int64_t r = needle.Row(i);
        const bool want_null = !needle.values->IsValid(r);
        for (int64_t e = list.Begin(i), end = list.End(i); e < end; ++e) {
          const bool item_valid = list.items->IsValid(e);
          if (want_null ? !item_valid : (item_valid && eq(e, r))) {
            o[i] = e - list.Begin(i) + 1;
            break;
          }
        }
      }
      for (int64_t i = 0; i < n; ++i) {
        if (o[i] == 0) SILT_RETURN_NOT_OK(internal::SetNull(out.get(), i, ctx.pool));
      }
      return out;
    });
  };
  return Elementwise(int64(), std::move(plain), NullHandling::kManual);
}

// map_extract: the value of the first entry whose key equals the argument (keys compared in
// the common type of key and argument), NULL when there is none.
ScalarKernel MapExtractKernel(const DataTypePtr& value_type, const DataTypePtr& key_type) {
  ScalarKernel plain = [key_type](const KernelContext& ctx, const Args& args,
                                  int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto map, internal::ReadList(args[0], ctx.pool));
    SILT_ASSIGN_OR_RETURN(auto needle, internal::ReadValue(args[1], ctx.pool));
    const ArrayData& entries = *map.items;
    SILT_ASSIGN_OR_RETURN(auto keys, Cast(ctx, entries.children[0], key_type, false));
    SILT_ASSIGN_OR_RETURN(keys, Flatten(keys, ctx.pool));
    SILT_ASSIGN_OR_RETURN(auto rows, internal::RowIndices::Make(n, ctx.pool));
    SILT_RETURN_NOT_OK(internal::VisitEquality(*keys, *needle.values, [&](auto eq) -> Status {
      for (int64_t i = 0; i < n; ++i) {
        rows.indices[i] = 0;
        const int64_t r = needle.Row(i);
        bool found = false;
        if (map.IsValid(i) && needle.values->IsValid(r)) {
          for (int64_t e = map.Begin(i), end = map.End(i); e < end && !found; ++e) {
            if (entries.IsValid(e) && keys->IsValid(e) && eq(e, r)) {
              rows.indices[i] = static_cast<int32_t>(e);
              found = true;
            }
          }
        }
        if (!found) rows.SetNull(i);
      }
      return Status::OK();
    }));
    return rows.Gather(entries.children[1], ctx.pool);
  };
  return Elementwise(value_type, std::move(plain));
}

// ---- overloads ----

// The list type of a first argument: itself, or list<null> for an untyped NULL.
DataTypePtr AsList(const DataTypePtr& t) {
  if (t->id() == TypeId::kList) return t;
  if (t->id() == TypeId::kNull) return list(field("item", null()));
  return nullptr;
}

bool IsIndex(const DataTypePtr& t) { return t->Equals(*int64()) || CanImplicitlyCast(*t, *int64()); }

// `list` with its item type replaced by `item` (keeping the field's name and nullability).
DataTypePtr WithItem(const DataTypePtr& list_type, const DataTypePtr& item) {
  const FieldPtr& f = list_type->children()[0];
  if (f->type->Equals(*item)) return list_type;
  return list(field(f->name, item, f->nullable));
}

ScalarOverload ListOverload(std::string signature, size_t arity,
                            std::function<Bind(const DataTypePtr& list, const std::vector<DataTypePtr>&)> bind) {
  return {std::move(signature), [arity, bind = std::move(bind)](const std::vector<DataTypePtr>& a) -> Bind {
            if (a.size() != arity) return std::nullopt;
            DataTypePtr l = AsList(a[0]);
            if (!l) return std::nullopt;
            return bind(l, a);
          }};
}

// (list<T>, X): both sides in the common type of T and X.
Bind BindListSearch(const DataTypePtr& l, const std::vector<DataTypePtr>& a, DataTypePtr result,
                    ScalarKernel kernel) {
  auto common = CommonSuperType(l->children()[0]->type, a[1]);
  if (!common.ok()) return std::nullopt;
  return BoundScalarFunction{"", {WithItem(l, *common), *common}, std::move(result), std::move(kernel), true};
}

std::vector<ScalarOverload> LengthOverloads(bool with_maps, bool with_dimension, const std::string& name) {
  std::vector<ScalarOverload> out;
  out.push_back(ListOverload(name + "(list) -> int64", 1, [](const DataTypePtr& l, const auto&) -> Bind {
    return BoundScalarFunction{"", {l}, int64(), LengthKernel(false), true};
  }));
  if (with_maps) {
    out.push_back({name + "(map) -> int64", [](const std::vector<DataTypePtr>& a) -> Bind {
                     if (a.size() != 1 || a[0]->id() != TypeId::kMap) return std::nullopt;
                     return BoundScalarFunction{"", {a[0]}, int64(), LengthKernel(false), true};
                   }});
  }
  if (with_dimension) {
    out.push_back(ListOverload(name + "(list, int64) -> int64", 2, [](const DataTypePtr& l, const auto& a) -> Bind {
      if (!IsIndex(a[1])) return std::nullopt;
      return BoundScalarFunction{"", {l, int64()}, int64(), LengthKernel(true), true};
    }));
  }
  return out;
}

}  // namespace

Result<int> ResolveStructField(const DataTypePtr& struct_type, const std::string& name) {
  if (struct_type->id() != TypeId::kStruct) {
    return Status::Plan("struct_extract: " + struct_type->ToString() + " is not a struct");
  }
  const auto& fields = struct_type->children();
  int found = -1;
  int matches = 0;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i]->name == name) return static_cast<int>(i);
    if (EqualsIgnoreAsciiCase(fields[i]->name, name)) {
      if (found < 0) found = static_cast<int>(i);
      ++matches;
    }
  }
  if (matches > 1) {
    return Status::Plan("struct_extract: field name '" + name + "' is ambiguous in " +
                        struct_type->ToString() + " (fields: " + FieldList(*struct_type) + ")");
  }
  if (found < 0) {
    return Status::Plan("struct_extract: no field '" + name + "' in " + struct_type->ToString() +
                        " (fields: " + FieldList(*struct_type) + ")");
  }
  return found;
}

Result<BoundScalarFunction> BindStructExtract(const DataTypePtr& struct_type, const std::string& field) {
  SILT_ASSIGN_OR_RETURN(int index, ResolveStructField(struct_type, field));
  return StructExtractBound(struct_type, utf8(), index);
}

Result<BoundScalarFunction> BindStructExtractAt(const DataTypePtr& struct_type, int64_t position) {
  if (struct_type->id() != TypeId::kStruct) {
    return Status::Plan("struct_extract: " + struct_type->ToString() + " is not a struct");
  }
  const int64_t count = static_cast<int64_t>(struct_type->children().size());
  if (position < 1 || position > count) {
    return Status::Plan("struct_extract: position " + std::to_string(position) + " is outside 1.." +
                        std::to_string(count) + " for " + struct_type->ToString());
  }
  return StructExtractBound(struct_type, int64(), static_cast<int>(position - 1));
}

Status RegisterNestedFunctions(FunctionRegistry* r) {
  // struct_extract's result type depends on the constant field name, which overloads cannot
  // see: the binder calls BindStructExtract. The entry documents it and reserves the name.
  SILT_RETURN_NOT_OK(r->Register(
      {"struct_extract", {}, "The named field of a struct (s.field, s['field']); bound by the binder with the constant name.",
       "struct_extract({'a': 1, 'b': 'x'}, 'b') -> 'x'",
       {{"struct_extract(struct, constant utf8 name) -> field type",
         [](const std::vector<DataTypePtr>&) -> Bind { return std::nullopt; }}}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"list_element", {"list_extract", "array_extract"},
       "The item at a 1-based position (negative counts from the end); NULL outside the list.",
       "list_element([10, 20, 30], -1) -> 30",
       {ListOverload("list_element(list<T>, int64) -> T", 2, [](const DataTypePtr& l, const auto& a) -> Bind {
         if (!IsIndex(a[1])) return std::nullopt;
         const DataTypePtr& item = l->children()[0]->type;
         return BoundScalarFunction{"", {l, int64()}, item, ListElementKernel(item), true};
       })}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"list_slice", {"array_slice"},
       "Items from begin to end, 1-based and inclusive; negative bounds count from the end, NULL "
       "bounds are open, bounds are clamped to the list.",
       "list_slice([1, 2, 3, 4], 2, -2) -> [2, 3]",
       {ListOverload("list_slice(list<T>, int64, int64) -> list<T>", 3, [](const DataTypePtr& l, const auto& a) -> Bind {
         if (!IsIndex(a[1]) || !IsIndex(a[2])) return std::nullopt;
         return BoundScalarFunction{"", {l, int64(), int64()}, l, ListSliceKernel(l), true};
       })}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"list_value", {"make_array", "list_pack"},
       "A list of the arguments (cast to their common type); NULL arguments are NULL items.",
       "list_value(1, NULL, 2.5) -> [1.0, NULL, 2.5]",
       {{"list_value(T, ...) -> list<T> (T: common super type)", [](const std::vector<DataTypePtr>& a) -> Bind {
          DataTypePtr item = null();
          if (!a.empty()) {
            auto common = CommonSuperType(a);
            if (!common.ok()) return std::nullopt;
            item = *common;
          }
          DataTypePtr type = list(field("item", item));
          return BoundScalarFunction{"", std::vector<DataTypePtr>(a.size(), item), type, ListValueKernel(type), true};
        }}}}));
  SILT_RETURN_NOT_OK(r->Register({"cardinality", {}, "Number of items of a list or entries of a map.",
                                  "cardinality([1, 2, 3]) -> 3", LengthOverloads(true, false, "cardinality")}));
  SILT_RETURN_NOT_OK(r->Register(
      {"array_length", {},
       "Number of items of a list (0 when empty); array_length(list, 1) is PostgreSQL's form: NULL for an "
       "empty list or a dimension other than 1.",
       "array_length([1, 2, 3], 1) -> 3", LengthOverloads(false, true, "array_length")}));
  SILT_RETURN_NOT_OK(r->Register(
      {"list_contains", {"list_has", "array_contains", "array_has"},
       "Whether a non-NULL item equals the value (NULL when the list or the value is NULL).",
       "list_contains([1, 2, NULL], 2) -> true",
       {ListOverload("list_contains(list<T>, T) -> boolean", 2, [](const DataTypePtr& l, const auto& a) {
         return BindListSearch(l, a, boolean(), ListContainsKernel());
       })}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"list_position", {"list_indexof", "array_position", "array_indexof"},
       "1-based position of the first item not distinct from the value (NULL finds a NULL item); NULL when absent.",
       "list_position(['a', 'b'], 'b') -> 2",
       {ListOverload("list_position(list<T>, T) -> int64", 2, [](const DataTypePtr& l, const auto& a) {
         return BindListSearch(l, a, int64(), ListPositionKernel());
       })}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"map_extract", {"element_at"},
       "The value stored under a key (keys compared in the common type of key and argument); NULL when absent.",
       "map_extract(MAP {'a': 1}, 'a') -> 1",
       {{"map_extract(map<K, V>, K) -> V", [](const std::vector<DataTypePtr>& a) -> Bind {
          if (a.size() != 2 || a[0]->id() != TypeId::kMap) return std::nullopt;
          const auto& entry = a[0]->children()[0]->type->children();
          auto common = CommonSuperType(entry[0]->type, a[1]);
          if (!common.ok()) return std::nullopt;
          return BoundScalarFunction{"", {a[0], *common}, entry[1]->type,
                                     MapExtractKernel(entry[1]->type, *common), true};
        }}}}));
  return Status::OK();
}

}  // namespace silt::functions
