#include "silt/delta/engine/checkpoint_columns.h"

#include <limits>

namespace silt::delta::checkpoint_internal {

Status MissingField(std::string_view field, int64_t row_number) {
  return Status::Corrupt("checkpoint row " + std::to_string(row_number) +
                         ": missing required field '" + std::string(field) + "'");
}

Result<int32_t> RequiredInt32(const IntColumn& c, std::string_view field, int64_t row,
                              int64_t row_number) {
  if (!c.Valid(row)) return MissingField(field, row_number);
  int64_t v = c.Get(row);
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return Status::Corrupt("checkpoint row " + std::to_string(row_number) + ": field '" +
                           std::string(field) + "' does not fit in 32 bits");
  }
  return static_cast<int32_t>(v);
}

Status WrongType(const std::string& path, const DataType& type, std::string_view expected) {
  return Status::Corrupt("checkpoint column '" + path + "' has type " + type.ToString() +
                         ", expected " + std::string(expected));
}

// ---------------------------------------------------------------------------------------
// ColumnBinder

Result<const ArrayData*> ColumnBinder::Child(const ArrayData* parent, std::string_view name,
                                             const std::string& path) {
  if (parent == nullptr) return nullptr;
  if (parent->type->id() != TypeId::kStruct) {
    return Status::Corrupt("checkpoint column containing '" + path + "' is not a struct");
  }
  const auto& fields = parent->type->children();
  if (parent->children.size() != fields.size()) {
    return Status::Corrupt("checkpoint struct containing '" + path + "' has " +
                           std::to_string(parent->children.size()) + " children for " +
                           std::to_string(fields.size()) + " fields");
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i]->name != name) continue;
    const ArrayDataPtr& child = parent->children[i];
    if (!child || child->length < parent->length) {
      return Status::Corrupt("checkpoint column '" + path + "' is shorter than its struct");
    }
    // Keep the shared pointer reachable for Plain(), which may replace the array.
    keep_alive_.push_back(child);
    return Plain(child.get(), path);
  }
  return nullptr;
}

Result<const ArrayData*> ColumnBinder::Plain(const ArrayData* array, const std::string& path) {
  if (array == nullptr) return nullptr;
  const DataType& type = *array->type;
  if (array->encoding == Encoding::kPlain) return array;
  if (type.IsBinaryLike() && array->dictionary != nullptr &&
      array->dictionary->type->IsBinaryLike() && array->dictionary->encoding == Encoding::kPlain &&
      (array->encoding == Encoding::kDictionary || array->dictionary->length >= 1)) {
    return array;  // StringAt reads dictionary and constant strings in place
  }
  // Anything else (a constant number, a dictionary of structs) is expanded once per batch.
  ArrayDataPtr owner;
  for (const auto& kept : keep_alive_) {
    if (kept.get() == array) owner = kept;
  }
  if (!owner) return Status::Internal("checkpoint column '" + path + "' is not owned");
  auto flat = Flatten(owner);
  if (!flat.ok()) return flat.status().WithContext("flattening checkpoint column '" + path + "'");
  keep_alive_.push_back(*flat);
  return flat->get();
}

Status ColumnBinder::BindStruct(const ArrayData* parent, std::string_view name,
                                const std::string& path, const ArrayData** out) {
  SILT_ASSIGN_OR_RETURN(*out, Child(parent, name, path));
  if (*out != nullptr && (*out)->type->id() != TypeId::kStruct) {
    return WrongType(path, *(*out)->type, "a struct");
  }
  return Status::OK();
}

Status ColumnBinder::BindString(const ArrayData* parent, std::string_view name,
                                const std::string& path, StringColumn* out) {
  SILT_ASSIGN_OR_RETURN(out->a, Child(parent, name, path));
  if (out->a != nullptr && !out->a->type->IsBinaryLike()) {
    return WrongType(path, *out->a->type, "a string");
  }
  return Status::OK();
}

Status ColumnBinder::BindInt(const ArrayData* parent, std::string_view name,
                             const std::string& path, IntColumn* out) {
  SILT_ASSIGN_OR_RETURN(out->a, Child(parent, name, path));
  if (out->a == nullptr) return Status::OK();
  if (!IsSignedInteger(out->a->type->id())) return WrongType(path, *out->a->type, "an integer");
  out->width = out->a->type->FixedWidth();
  return Status::OK();
}

Status ColumnBinder::BindBool(const ArrayData* parent, std::string_view name,
                              const std::string& path, BoolColumn* out) {
  SILT_ASSIGN_OR_RETURN(out->a, Child(parent, name, path));
  if (out->a != nullptr && out->a->type->id() != TypeId::kBool) {
    return WrongType(path, *out->a->type, "a boolean");
  }
  return Status::OK();
}

namespace {

// The offsets of a list/map array must be non-decreasing and stay inside its child. The
// Parquet reader builds them that way from levels; checked once per batch (a linear pass)
// so that no row can read outside the child whatever the file holds.
Status CheckListBounds(const ArrayData& list, const ArrayData& child, const std::string& path) {
  if (list.length == 0) return Status::OK();
  const int32_t* offsets = list.list_offsets();
  bool ok = offsets[0] >= 0 && offsets[list.length] <= child.length;
  for (int64_t i = 0; ok && i < list.length; ++i) ok = offsets[i] <= offsets[i + 1];
  if (!ok) {
    return Status::Corrupt("checkpoint column '" + path + "' has out-of-range list offsets");
  }
  return Status::OK();
}

}  // namespace

Status ColumnBinder::BindStringMap(const ArrayData* parent, std::string_view name,
                                   const std::string& path, StringMapColumn* out) {
  SILT_ASSIGN_OR_RETURN(out->a, Child(parent, name, path));
  if (out->a == nullptr) return Status::OK();
  const ArrayData& map = *out->a;
  if (map.type->id() != TypeId::kMap || map.children.size() != 1 || !map.children[0]) {
    return WrongType(path, *map.type, "a map<string, string>");
  }
  const ArrayData* entries = map.children[0].get();
  SILT_RETURN_NOT_OK(CheckListBounds(map, *entries, path));
  std::string key_path = path + ".key", value_path = path + ".value";
  SILT_RETURN_NOT_OK(BindString(entries,
                                entries->type->children().empty()
                                    ? std::string_view("key")
                                    : entries->type->children()[0]->name,
                                key_path, &out->keys));
  SILT_RETURN_NOT_OK(BindString(entries,
                                entries->type->children().size() < 2
                                    ? std::string_view("value")
                                    : entries->type->children()[1]->name,
                                value_path, &out->values));
  if (out->keys.a == nullptr || out->values.a == nullptr) {
    return WrongType(path, *map.type, "a map<string, string>");
  }
  return Status::OK();
}

Status ColumnBinder::BindStringList(const ArrayData* parent, std::string_view name,
                                    const std::string& path, StringListColumn* out) {
  SILT_ASSIGN_OR_RETURN(out->a, Child(parent, name, path));
  if (out->a == nullptr) return Status::OK();
  const ArrayData& list = *out->a;
  if (list.type->id() != TypeId::kList || list.children.size() != 1 || !list.children[0]) {
    return WrongType(path, *list.type, "a list<string>");
  }
  keep_alive_.push_back(list.children[0]);
  SILT_ASSIGN_OR_RETURN(out->items.a, Plain(list.children[0].get(), path + ".element"));
  if (!out->items.a->type->IsBinaryLike()) {
    return WrongType(path, *list.type, "a list<string>");
  }
  return CheckListBounds(list, *out->items.a, path);
}

}  // namespace silt::delta::checkpoint_internal
