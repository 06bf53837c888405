// Column mapping (Delta protocol "Column Mapping"): logical names live in the table schema,
// data files use delta.columnMapping.physicalName / delta.columnMapping.id.
#include <simdjson.h>

#include "silt/delta/kernel/schema.h"

namespace silt::delta {

namespace {

constexpr const char* kNestedIdsKey = "delta.columnMapping.nested.ids";

// Parquet field ids of array elements and map keys/values (IcebergCompat writers): stored
// on the nearest enclosing struct field as {"<physical name>.element": id,
// "<physical name>.value.element": id, ...}. `prefix` is the path of the current slot.
struct NestedIds {
  std::map<std::string, int32_t> ids;
  std::string prefix;

  int32_t Lookup(const std::string& path, int32_t fallback) const {
    auto it = ids.find(path);
    return it == ids.end() ? fallback : it->second;
  }
};

Result<std::map<std::string, int32_t>> ParseNestedIds(const Field& f) {
  std::map<std::string, int32_t> out;
  auto raw = FieldMetadataJson(f, kNestedIdsKey);
  if (!raw) return out;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(*raw);
  simdjson::dom::object obj;
  if (parser.parse(padded).get_object().get(obj) != simdjson::SUCCESS) {
    return Status::Corrupt("field '" + f.name + "' has a malformed " + kNestedIdsKey);
  }
  for (auto [key, value] : obj) {
    int64_t id = 0;
    if (value.get_int64().get(id) != simdjson::SUCCESS || id < 0 || id > INT32_MAX) {
      return Status::Corrupt("field '" + f.name + "' has a malformed " + kNestedIdsKey);
    }
    out.emplace(std::string(key), static_cast<int32_t>(id));
  }
  return out;
}

Result<DataTypePtr> PhysicalType(const DataTypePtr& type, ColumnMappingMode mode,
                                 const std::vector<std::string>& logical_path,
                                 const std::vector<std::string>& physical_path,
                                 const NestedIds& nested, ColumnNameMap* names);

Result<FieldPtr> PhysicalField(const Field& f, ColumnMappingMode mode,
                               std::vector<std::string> logical_path,
                               std::vector<std::string> physical_path, ColumnNameMap* names) {
  std::string physical_name = f.name;
  int32_t field_id = f.field_id;
  NestedIds nested;
  if (mode != ColumnMappingMode::kNone) {
    auto pn = FieldMetadataString(f, kColumnMappingPhysicalNameKey);
    auto id = FieldMetadataInt(f, kColumnMappingIdKey);
    if (!pn) {
      return Status::Corrupt("column mapping is enabled but field '" + f.name + "' has no " +
                             kColumnMappingPhysicalNameKey);
    }
    if (mode == ColumnMappingMode::kId && !id) {
      return Status::Corrupt("column mapping mode 'id' but field '" + f.name + "' has no " +
                             kColumnMappingIdKey);
    }
    if (id && (*id < 0 || *id > INT32_MAX)) {
      return Status::Corrupt("field '" + f.name + "' has an out-of-range column mapping id");
    }
    physical_name = *pn;
    if (id) field_id = static_cast<int32_t>(*id);
    SILT_ASSIGN_OR_RETURN(nested.ids, ParseNestedIds(f));
  }
  nested.prefix = physical_name;
  logical_path.push_back(f.name);
  physical_path.push_back(physical_name);
  if (names) {
    names->logical_to_physical[logical_path] = physical_path;
    names->physical_to_logical[physical_path] = logical_path;
  }
  SILT_ASSIGN_OR_RETURN(DataTypePtr t,
                        PhysicalType(f.type, mode, logical_path, physical_path, nested, names));
  return field(std::move(physical_name), std::move(t), f.nullable, f.metadata, field_id);
}

// The physical form of an array element or map key/value slot named `slot`.
Result<FieldPtr> PhysicalSlot(const Field& item, const char* slot, ColumnMappingMode mode,
                              const NestedIds& nested) {
  NestedIds inner{nested.ids, nested.prefix + "." + slot};
  // Paths of the name maps never descend into arrays or maps.
  SILT_ASSIGN_OR_RETURN(DataTypePtr t, PhysicalType(item.type, mode, {}, {}, inner, nullptr));
  return field(item.name, std::move(t), item.nullable, item.metadata,
               inner.Lookup(inner.prefix, item.field_id));
}

Result<DataTypePtr> PhysicalType(const DataTypePtr& type, ColumnMappingMode mode,
                                 const std::vector<std::string>& logical_path,
                                 const std::vector<std::string>& physical_path,
                                 const NestedIds& nested, ColumnNameMap* names) {
  switch (type->id()) {
    case TypeId::kStruct: {
      std::vector<FieldPtr> children;
      for (const auto& c : type->children()) {
        SILT_ASSIGN_OR_RETURN(FieldPtr pc,
                              PhysicalField(*c, mode, logical_path, physical_path, names));
        children.push_back(std::move(pc));
      }
      return struct_(std::move(children));
    }
    case TypeId::kList: {
      SILT_ASSIGN_OR_RETURN(FieldPtr item,
                            PhysicalSlot(*type->children()[0], "element", mode, nested));
      return list(std::move(item));
    }
    case TypeId::kMap: {
      const Field& entries = *type->children()[0];
      SILT_ASSIGN_OR_RETURN(FieldPtr k,
                            PhysicalSlot(*entries.type->children()[0], "key", mode, nested));
      SILT_ASSIGN_OR_RETURN(FieldPtr v,
                            PhysicalSlot(*entries.type->children()[1], "value", mode, nested));
      return map(std::move(k), std::move(v), type->precision() != 0);
    }
    default: return type;
  }
}

}  // namespace

Result<ColumnMappingMode> ParseColumnMappingMode(std::string_view mode) {
  if (mode.empty() || mode == "none") return ColumnMappingMode::kNone;
  if (mode == "name") return ColumnMappingMode::kName;
  if (mode == "id") return ColumnMappingMode::kId;
  return Status::NotSupported("column mapping mode '" + std::string(mode) + "' is not supported");
}

Result<SchemaPtr> MakePhysicalSchema(const Schema& logical, ColumnMappingMode mode) {
  if (mode == ColumnMappingMode::kNone) return std::make_shared<const Schema>(logical);
  std::vector<FieldPtr> fields;
  for (const auto& f : logical.fields()) {
    SILT_ASSIGN_OR_RETURN(FieldPtr pf, PhysicalField(*f, mode, {}, {}, nullptr));
    fields.push_back(std::move(pf));
  }
  return std::make_shared<const Schema>(std::move(fields), logical.metadata());
}

Result<ColumnNameMap> MakeColumnNameMap(const Schema& logical, ColumnMappingMode mode) {
  ColumnNameMap names;
  for (const auto& f : logical.fields()) {
    SILT_ASSIGN_OR_RETURN(FieldPtr pf, PhysicalField(*f, mode, {}, {}, &names));
    (void)pf;
  }
  return names;
}

Result<ColumnMappingMode> ColumnMappingModeOf(const Metadata& metadata) {
  auto it = metadata.configuration.find("delta.columnMapping.mode");
  if (it == metadata.configuration.end()) return ColumnMappingMode::kNone;
  return ParseColumnMappingMode(it->second);
}

}  // namespace silt::delta
