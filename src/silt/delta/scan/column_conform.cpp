#include "silt/delta/scan/column_conform.h"

#include "silt/common/ascii.h"
#include "silt/expr/cast.h"

namespace silt::delta {

namespace {

/// struct<metadata: binary, value: binary>: how variants are represented (kernel/schema.h).
bool IsVariantShape(const DataType& t) {
  const auto& c = t.children();
  return c.size() == 2 && c[0]->name == "metadata" && c[1]->name == "value" &&
         c[0]->type->id() == TypeId::kBinary && c[1]->type->id() == TypeId::kBinary;
}

bool IsNested(TypeId id) { return id == TypeId::kStruct || id == TypeId::kList || id == TypeId::kMap; }

Result<ArrayDataPtr> Conform(const ArrayDataPtr& a, const DataTypePtr& physical,
                             const DataTypePtr& logical, ColumnMappingMode mode, MemoryPool* pool,
                             bool positional_children);

Result<ArrayDataPtr> ConformNested(const ArrayDataPtr& plain, const DataTypePtr& physical,
                                   const DataTypePtr& logical, ColumnMappingMode mode, MemoryPool* pool,
                                   bool positional_children) {
  const ArrayData& a = *plain;
  auto out = std::make_shared<ArrayData>(a);
  out->type = logical;
  out->children.clear();
  const auto& logical_children = logical->children();
  const auto& physical_children = physical->children();
  if (logical->id() == TypeId::kStruct) {
    const auto& file_children = a.type->children();
    if (IsVariantShape(*logical)) {
      for (const auto& c : file_children) {
        if (c->name == "typed_value") {
          // Shredded variants keep part of each value in typed columns; reading only
          // metadata/value would return wrong values, so refuse clearly.
          return Status::NotSupported("shredded Variant values (a 'typed_value' field in the data file)");
        }
      }
    }
    for (size_t i = 0; i < logical_children.size(); ++i) {
      int j = positional_children
                  ? (i < file_children.size() ? static_cast<int>(i) : -1)
                  : FindFileField(file_children, *physical_children[i], mode);
      if (j < 0) {
        SILT_ASSIGN_OR_RETURN(auto nulls, MakeNullArray(logical_children[i]->type, a.length, pool));
        out->children.push_back(std::move(nulls));
        continue;
      }
      SILT_ASSIGN_OR_RETURN(auto child, Conform(a.children[static_cast<size_t>(j)], physical_children[i]->type,
                                                logical_children[i]->type, mode, pool, false));
      out->children.push_back(std::move(child));
    }
    return out;
  }
  // list / map: one child (items, or the key/value entries struct matched by position).
  SILT_ASSIGN_OR_RETURN(auto child, Conform(a.children[0], physical_children[0]->type,
                                            logical_children[0]->type, mode, pool,
                                            logical->id() == TypeId::kMap));
  out->children.push_back(std::move(child));
  return out;
}

Result<ArrayDataPtr> Conform(const ArrayDataPtr& a, const DataTypePtr& physical,
                             const DataTypePtr& logical, ColumnMappingMode mode, MemoryPool* pool,
                             bool positional_children) {
  const TypeId from = a->type->id();
  const TypeId to = logical->id();
  if (IsNested(to) || IsNested(from)) {
    if (from != to) {
      return Status::NotSupported("a " + a->type->ToString() + " column cannot be read as " +
                                  logical->ToString());
    }
    SILT_ASSIGN_OR_RETURN(ArrayDataPtr plain, Flatten(a, pool));
    return ConformNested(plain, physical, logical, mode, pool, positional_children);
  }
  if (a->type->Equals(*logical)) return a;
  if (!CanCast(*a->type, *logical)) {
    return Status::NotSupported("a " + a->type->ToString() + " column in the data file cannot be read as the table's " +
                                logical->ToString());
  }
  return CastArray(a, logical, pool);
}

}  // namespace

int FindFileField(const std::vector<FieldPtr>& file_fields, const Field& physical, ColumnMappingMode mode) {
  if (mode == ColumnMappingMode::kId && physical.field_id >= 0) {
    bool file_has_ids = false;
    for (size_t i = 0; i < file_fields.size(); ++i) {
      if (file_fields[i]->field_id == physical.field_id) return static_cast<int>(i);
      file_has_ids = file_has_ids || file_fields[i]->field_id >= 0;
    }
    // A file written with ids lacks the column (e.g. it was added later); names could
    // belong to a dropped column of the same name, so they are not consulted.
    if (file_has_ids) return -1;
  }
  for (size_t i = 0; i < file_fields.size(); ++i) {
    if (file_fields[i]->name == physical.name) return static_cast<int>(i);
  }
  for (size_t i = 0; i < file_fields.size(); ++i) {
    if (EqualsIgnoreAsciiCase(file_fields[i]->name, physical.name)) return static_cast<int>(i);
  }
  return -1;
}

Result<ArrayDataPtr> ConformColumn(const ArrayDataPtr& file_array, const DataTypePtr& physical_type,
                                   const DataTypePtr& logical_type, ColumnMappingMode mode,
                                   MemoryPool* pool) {
  return Conform(file_array, physical_type, logical_type, mode, pool, false);
}

}  // namespace silt::delta
