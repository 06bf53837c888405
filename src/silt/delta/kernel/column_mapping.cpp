// Column mapping (Delta protocol "Column Mapping"): logical names live in the table schema,
// data files use delta.columnMapping.physicalName / delta.columnMapping.id.
#include "silt/delta/kernel/schema.h"

namespace silt::delta {

namespace {

Result<DataTypePtr> PhysicalType(const DataTypePtr& type, ColumnMappingMode mode,
                                 const std::vector<std::string>& logical_path,
                                 const std::vector<std::string>& physical_path,
                                 ColumnNameMap* names);

Result<FieldPtr> PhysicalField(const Field& f, ColumnMappingMode mode,
                               std::vector<std::string> logical_path,
                               std::vector<std::string> physical_path, ColumnNameMap* names) {
  std::string physical_name = f.name;
  int32_t field_id = f.field_id;
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
  }
  logical_path.push_back(f.name);
  physical_path.push_back(physical_name);
  if (names) {
    names->logical_to_physical[logical_path] = physical_path;
    names->physical_to_logical[physical_path] = logical_path;
  }
  SILT_ASSIGN_OR_RETURN(DataTypePtr t,
                        PhysicalType(f.type, mode, logical_path, physical_path, names));
  return field(std::move(physical_name), std::move(t), f.nullable, f.metadata, field_id);
}

Result<DataTypePtr> PhysicalType(const DataTypePtr& type, ColumnMappingMode mode,
                                 const std::vector<std::string>& logical_path,
                                 const std::vector<std::string>& physical_path,
                                 ColumnNameMap* names) {
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
      // Elements are not named struct fields: recurse into their type, but the name maps
      // stop here (paths never descend into arrays).
      const Field& item = *type->children()[0];
      SILT_ASSIGN_OR_RETURN(DataTypePtr t, PhysicalType(item.type, mode, {}, {}, nullptr));
      return list(field(item.name, std::move(t), item.nullable, item.metadata, item.field_id));
    }
    case TypeId::kMap: {
      const Field& entries = *type->children()[0];
      const Field& key = *entries.type->children()[0];
      const Field& value = *entries.type->children()[1];
      SILT_ASSIGN_OR_RETURN(DataTypePtr k, PhysicalType(key.type, mode, {}, {}, nullptr));
      SILT_ASSIGN_OR_RETURN(DataTypePtr v, PhysicalType(value.type, mode, {}, {}, nullptr));
      return map(field(key.name, std::move(k), key.nullable, key.metadata, key.field_id),
                 field(value.name, std::move(v), value.nullable, value.metadata, value.field_id));
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

}  // namespace silt::delta
