#include "silt/parquet/schema.h"

namespace silt::parquet {

std::string LeafDescriptor::PathString() const {
  std::string s;
  for (const auto& p : path) {
    if (!s.empty()) s += ".";
    s += p;
  }
  return s;
}

namespace {

constexpr int kMaxSchemaDepth = 128;

/// Thrift schema elements rebuilt as a tree.
struct Element {
  const SchemaElement* e = nullptr;
  std::vector<Element> children;
};

Status BuildTree(const std::vector<SchemaElement>& flat, size_t* pos, Element* out, int depth) {
  if (depth > kMaxSchemaDepth) return Status::Corrupt("Parquet schema nested too deeply");
  if (*pos >= flat.size()) return Status::Corrupt("Parquet schema ends early");
  out->e = &flat[(*pos)++];
  int32_t n = out->e->num_children.value_or(0);
  if (n < 0 || static_cast<size_t>(n) > flat.size() - *pos) {
    return Status::Corrupt("Parquet schema element '" + out->e->name + "' claims " +
                           std::to_string(n) + " children");
  }
  if (!out->e->type.has_value() && n == 0 && depth > 0) {
    // An empty group: legal in thrift but holds no leaves; keep it as an empty struct.
  }
  out->children.resize(static_cast<size_t>(n));
  for (auto& c : out->children) SILT_RETURN_NOT_OK(BuildTree(flat, pos, &c, depth + 1));
  return Status::OK();
}

bool IsRepeated(const Element& el) {
  return el.e->repetition_type == FieldRepetitionType::kRepeated;
}
bool IsOptional(const Element& el) {
  return el.e->repetition_type.value_or(FieldRepetitionType::kRequired) ==
         FieldRepetitionType::kOptional;
}
bool IsGroup(const Element& el) { return !el.e->type.has_value(); }
bool HasLogical(const Element& el, LogicalType::Kind k) {
  return el.e->logical_type.has_value() && el.e->logical_type->kind == k;
}
bool IsListAnnotated(const Element& el) {
  return HasLogical(el, LogicalType::Kind::kList) || el.e->converted_type == ConvertedType::kList;
}
bool IsMapAnnotated(const Element& el) {
  return HasLogical(el, LogicalType::Kind::kMap) || el.e->converted_type == ConvertedType::kMap ||
         el.e->converted_type == ConvertedType::kMapKeyValue;
}

silt::TimeUnit ToSiltUnit(parquet::TimeUnit u) {
  switch (u) {
    case parquet::TimeUnit::kMillis: return silt::TimeUnit::kMilli;
    case parquet::TimeUnit::kMicros: return silt::TimeUnit::kMicro;
    case parquet::TimeUnit::kNanos: return silt::TimeUnit::kNano;
  }
  return silt::TimeUnit::kMicro;
}

Status DecimalType(const SchemaElement& e, int32_t precision, int32_t scale, DataTypePtr* out) {
  if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
    return Status::NotSupported("decimal(" + std::to_string(precision) + "," +
                                std::to_string(scale) + ") of column '" + e.name +
                                "' (silt supports precision 1-38)");
  }
  *out = decimal(precision, scale);  // decimal64 up to 18 digits
  return Status::OK();
}

/// Chooses the silt type and conversion of a primitive element.
Status ConvertLeaf(const SchemaElement& e, LeafDescriptor* leaf) {
  const Type pt = *e.type;
  leaf->physical_type = pt;
  leaf->type_length = e.type_length.value_or(0);
  if (pt == Type::kFixedLenByteArray && (leaf->type_length < 0 || leaf->type_length > (1 << 20))) {
    return Status::Corrupt("column '" + e.name + "' has FIXED_LEN_BYTE_ARRAY length " +
                           std::to_string(leaf->type_length));
  }
  LogicalType lt = e.logical_type.value_or(LogicalType{});
  const auto ct = e.converted_type;
  using K = LogicalType::Kind;
  // Legacy converted types stand in when no logical type is given.
  if (lt.kind == K::kNone && ct.has_value()) {
    switch (*ct) {
      case ConvertedType::kUtf8: lt.kind = K::kString; break;
      case ConvertedType::kEnum: lt.kind = K::kEnum; break;
      case ConvertedType::kJson: lt.kind = K::kJson; break;
      case ConvertedType::kBson: lt.kind = K::kBson; break;
      case ConvertedType::kDecimal:
        lt.kind = K::kDecimal;
        lt.precision = e.precision.value_or(0);
        lt.scale = e.scale.value_or(0);
        break;
      case ConvertedType::kDate: lt.kind = K::kDate; break;
      case ConvertedType::kTimeMillis:
        lt = LogicalType{};
        lt.kind = K::kTime;
        lt.unit = parquet::TimeUnit::kMillis;
        lt.is_adjusted_to_utc = true;
        break;
      case ConvertedType::kTimeMicros:
        lt.kind = K::kTime;
        lt.unit = parquet::TimeUnit::kMicros;
        lt.is_adjusted_to_utc = true;
        break;
      case ConvertedType::kTimestampMillis:
        lt.kind = K::kTimestamp;
        lt.unit = parquet::TimeUnit::kMillis;
        lt.is_adjusted_to_utc = true;
        break;
      case ConvertedType::kTimestampMicros:
        lt.kind = K::kTimestamp;
        lt.unit = parquet::TimeUnit::kMicros;
        lt.is_adjusted_to_utc = true;
        break;
      case ConvertedType::kInt8: lt.kind = K::kInteger; lt.bit_width = 8; lt.is_signed = true; break;
      case ConvertedType::kInt16: lt.kind = K::kInteger; lt.bit_width = 16; lt.is_signed = true; break;
      case ConvertedType::kInt32: lt.kind = K::kInteger; lt.bit_width = 32; lt.is_signed = true; break;
      case ConvertedType::kInt64: lt.kind = K::kInteger; lt.bit_width = 64; lt.is_signed = true; break;
      case ConvertedType::kUint8: lt.kind = K::kInteger; lt.bit_width = 8; lt.is_signed = false; break;
      case ConvertedType::kUint16: lt.kind = K::kInteger; lt.bit_width = 16; lt.is_signed = false; break;
      case ConvertedType::kUint32: lt.kind = K::kInteger; lt.bit_width = 32; lt.is_signed = false; break;
      case ConvertedType::kUint64: lt.kind = K::kInteger; lt.bit_width = 64; lt.is_signed = false; break;
      case ConvertedType::kInterval:
        if (pt == Type::kFixedLenByteArray && leaf->type_length == 12) {
          leaf->type = interval();
          leaf->conversion = LeafConversion::kIntervalFromFixed12;
          leaf->sort_order_signed = false;
          return Status::OK();
        }
        break;
      default: break;
    }
  }
  if (lt.kind == K::kDecimal && lt.precision == 0) {
    lt.precision = e.precision.value_or(0);
    lt.scale = e.scale.value_or(0);
  }
  leaf->conversion = LeafConversion::kNone;
  switch (pt) {
    case Type::kBoolean: leaf->type = boolean(); return Status::OK();
    case Type::kInt32:
      if (lt.kind == K::kDate) {
        leaf->type = date32();
      } else if (lt.kind == K::kDecimal) {
        SILT_RETURN_NOT_OK(DecimalType(e, lt.precision, lt.scale, &leaf->type));
        leaf->conversion = LeafConversion::kDecimalFromInt32;
      } else if (lt.kind == K::kTime && lt.unit == parquet::TimeUnit::kMillis) {
        leaf->type = time64(silt::TimeUnit::kMicro);
        leaf->conversion = LeafConversion::kTimeMillisToMicros;
      } else if (lt.kind == K::kInteger) {
        if (lt.bit_width == 8) {
          leaf->type = lt.is_signed ? int8() : uint8();
          leaf->conversion = LeafConversion::kInt32ToInt8;
        } else if (lt.bit_width == 16) {
          leaf->type = lt.is_signed ? int16() : uint16();
          leaf->conversion = LeafConversion::kInt32ToInt16;
        } else if (!lt.is_signed) {
          leaf->type = uint32();
          leaf->conversion = LeafConversion::kInt32ToUInt32;
        } else {
          leaf->type = int32();
        }
        leaf->sort_order_signed = lt.is_signed;
      } else if (lt.kind == K::kUnknown) {
        leaf->type = null();
        leaf->conversion = LeafConversion::kNull;
      } else {
        leaf->type = int32();
      }
      return Status::OK();
    case Type::kInt64:
      if (lt.kind == K::kDecimal) {
        SILT_RETURN_NOT_OK(DecimalType(e, lt.precision, lt.scale, &leaf->type));
        // INT64 values already are decimal64's layout: no conversion at all.
        leaf->conversion = leaf->type->id() == TypeId::kDecimal64
                               ? LeafConversion::kNone
                               : LeafConversion::kDecimalFromInt64;
      } else if (lt.kind == K::kTimestamp) {
        leaf->type = timestamp(ToSiltUnit(lt.unit), lt.is_adjusted_to_utc ? "UTC" : "");
      } else if (lt.kind == K::kTime) {
        leaf->type = time64(lt.unit == parquet::TimeUnit::kNanos ? silt::TimeUnit::kNano
                                                                 : silt::TimeUnit::kMicro);
      } else if (lt.kind == K::kInteger && !lt.is_signed) {
        leaf->type = uint64();
        leaf->conversion = LeafConversion::kInt64ToUInt64;
        leaf->sort_order_signed = false;
      } else if (lt.kind == K::kUnknown) {
        leaf->type = null();
        leaf->conversion = LeafConversion::kNull;
      } else {
        leaf->type = int64();
      }
      return Status::OK();
    case Type::kInt96:
      // Spark/Impala nanosecond timestamps; read as UTC microseconds as Spark means them.
      leaf->type = timestamp(silt::TimeUnit::kMicro, "UTC");
      leaf->conversion = LeafConversion::kInt96ToMicros;
      leaf->sort_order_signed = false;  // INT96 statistics are not comparable
      return Status::OK();
    case Type::kFloat: leaf->type = float32(); return Status::OK();
    case Type::kDouble: leaf->type = float64(); return Status::OK();
    case Type::kByteArray:
      leaf->sort_order_signed = false;
      if (lt.kind == K::kString || lt.kind == K::kEnum || lt.kind == K::kJson) {
        leaf->type = utf8();
        leaf->conversion = LeafConversion::kUtf8;
      } else if (lt.kind == K::kDecimal) {
        SILT_RETURN_NOT_OK(DecimalType(e, lt.precision, lt.scale, &leaf->type));
        leaf->conversion = LeafConversion::kDecimalFromBytes;
        leaf->sort_order_signed = true;
      } else if (lt.kind == K::kUnknown) {
        leaf->type = null();
        leaf->conversion = LeafConversion::kNull;
      } else {
        leaf->type = binary();
        leaf->conversion = LeafConversion::kBinary;
      }
      return Status::OK();
    case Type::kFixedLenByteArray:
      leaf->sort_order_signed = false;
      if (lt.kind == K::kDecimal) {
        SILT_RETURN_NOT_OK(DecimalType(e, lt.precision, lt.scale, &leaf->type));
        leaf->conversion = LeafConversion::kDecimalFromBytes;
        leaf->sort_order_signed = true;
      } else if (lt.kind == K::kFloat16 && leaf->type_length == 2) {
        leaf->type = float32();
        leaf->conversion = LeafConversion::kFloat16ToFloat32;
        leaf->sort_order_signed = true;
      } else if (lt.kind == K::kUnknown) {
        leaf->type = null();
        leaf->conversion = LeafConversion::kNull;
      } else {
        leaf->type = fixed_binary(leaf->type_length);
        leaf->conversion = LeafConversion::kFixedBinary;
      }
      return Status::OK();
  }
  return Status::Corrupt("column '" + e.name + "' has unknown physical type");
}

class Converter {
 public:
  explicit Converter(std::vector<LeafDescriptor>* leaves) : leaves_(leaves) {}

  /// Converts `el` (as a field of its parent) whose parent levels are def/rep.
  /// `force_required` treats a repeated node as the (required) element of its own list.
  Status Convert(const Element& el, int16_t def, int16_t rep, std::vector<std::string> path,
                 bool force_required, std::unique_ptr<ReadNode>* out, int depth) {
    if (depth > kMaxSchemaDepth) return Status::Corrupt("Parquet schema nested too deeply");
    path.push_back(el.e->name);
    if (el.e->repetition_type == FieldRepetitionType::kVector) {
      return Status::NotSupported("VECTOR repetition of column '" + el.e->name + "'");
    }
    if (IsRepeated(el) && !force_required) {
      // A repeated field outside a LIST/MAP annotation is a list of required elements.
      auto node = std::make_unique<ReadNode>();
      node->kind = ReadNode::Kind::kList;
      node->def_level = def;  // the list itself is never null: absent means empty
      node->rep_level = static_cast<int16_t>(rep + 1);
      node->element_def_level = static_cast<int16_t>(def + 1);
      std::unique_ptr<ReadNode> element;
      path.pop_back();
      SILT_RETURN_NOT_OK(Convert(el, node->element_def_level, node->rep_level, path,
                                 /*force_required=*/true, &element, depth + 1));
      node->field = field(el.e->name, list(element->field), /*nullable=*/false);
      node->children.push_back(std::move(element));
      Finish(node.get());
      *out = std::move(node);
      return Status::OK();
    }
    const bool optional = !force_required && IsOptional(el);
    const int16_t my_def = static_cast<int16_t>(def + (optional ? 1 : 0));
    const int32_t field_id = el.e->field_id.value_or(-1);

    if (!IsGroup(el)) {
      LeafDescriptor leaf;
      leaf.column_index = static_cast<int>(leaves_->size());
      leaf.path = path;
      leaf.max_def_level = my_def;
      leaf.max_rep_level = rep;
      SILT_RETURN_NOT_OK(ConvertLeaf(*el.e, &leaf));
      auto node = std::make_unique<ReadNode>();
      node->kind = ReadNode::Kind::kLeaf;
      node->def_level = my_def;
      node->leaf = leaf.column_index;
      node->field = field(el.e->name, leaf.type, optional || leaf.type->id() == TypeId::kNull,
                          {}, field_id);
      node->first_leaf = leaf.column_index;
      node->num_leaves = 1;
      leaves_->push_back(std::move(leaf));
      *out = std::move(node);
      return Status::OK();
    }

    if (IsListAnnotated(el) && el.children.size() == 1 && IsRepeated(el.children[0])) {
      const Element& repeated = el.children[0];
      auto node = std::make_unique<ReadNode>();
      node->kind = ReadNode::Kind::kList;
      node->def_level = my_def;
      node->rep_level = static_cast<int16_t>(rep + 1);
      node->element_def_level = static_cast<int16_t>(my_def + 1);
      std::unique_ptr<ReadNode> element;
      // Backward-compatibility rules of the Parquet LogicalTypes spec for LIST.
      bool repeated_is_element =
          !IsGroup(repeated) || repeated.children.size() != 1 || repeated.e->name == "array" ||
          repeated.e->name == el.e->name + "_tuple";
      if (repeated_is_element) {
        SILT_RETURN_NOT_OK(Convert(repeated, node->element_def_level, node->rep_level, path,
                                   /*force_required=*/true, &element, depth + 1));
      } else {
        path.push_back(repeated.e->name);
        SILT_RETURN_NOT_OK(Convert(repeated.children[0], node->element_def_level,
                                   node->rep_level, path, false, &element, depth + 1));
      }
      node->field = field(el.e->name, list(element->field), optional, {}, field_id);
      node->children.push_back(std::move(element));
      Finish(node.get());
      *out = std::move(node);
      return Status::OK();
    }

    if (IsMapAnnotated(el) && el.children.size() == 1 && IsRepeated(el.children[0]) &&
        IsGroup(el.children[0]) && !el.children[0].children.empty() &&
        el.children[0].children.size() <= 2) {
      const Element& kv = el.children[0];
      auto node = std::make_unique<ReadNode>();
      node->kind = ReadNode::Kind::kList;
      node->def_level = my_def;
      node->rep_level = static_cast<int16_t>(rep + 1);
      node->element_def_level = static_cast<int16_t>(my_def + 1);
      auto entries = std::make_unique<ReadNode>();
      entries->kind = ReadNode::Kind::kStruct;
      entries->def_level = node->element_def_level;
      path.push_back(kv.e->name);
      for (const auto& c : kv.children) {
        std::unique_ptr<ReadNode> child;
        SILT_RETURN_NOT_OK(Convert(c, node->element_def_level, node->rep_level, path, false,
                                   &child, depth + 1));
        entries->children.push_back(std::move(child));
      }
      if (entries->children.size() == 1) {
        // A map without values (map_no_value.parquet): read as a map whose values are null.
        // Keep it as list<struct<key>> rather than inventing a column.
        std::vector<FieldPtr> fs{entries->children[0]->field};
        entries->field = field(kv.e->name, struct_(fs), false);
        Finish(entries.get());
        node->field = field(el.e->name, list(entries->field), optional, {}, field_id);
      } else {
        FieldPtr key = entries->children[0]->field;
        FieldPtr value = entries->children[1]->field;
        key = field("key", key->type, false, key->metadata, key->field_id);
        value = field("value", value->type, value->nullable, value->metadata, value->field_id);
        entries->field = field("entries", struct_({key, value}), false);
        Finish(entries.get());
        node->field = field(el.e->name, map(key, value), optional, {}, field_id);
      }
      node->children.push_back(std::move(entries));
      Finish(node.get());
      *out = std::move(node);
      return Status::OK();
    }

    // A plain group: a struct.
    auto node = std::make_unique<ReadNode>();
    node->kind = ReadNode::Kind::kStruct;
    node->def_level = my_def;
    std::vector<FieldPtr> fields;
    for (const auto& c : el.children) {
      std::unique_ptr<ReadNode> child;
      SILT_RETURN_NOT_OK(Convert(c, my_def, rep, path, false, &child, depth + 1));
      fields.push_back(child->field);
      node->children.push_back(std::move(child));
    }
    if (fields.empty()) {
      return Status::NotSupported("empty group '" + el.e->name + "' (a struct with no fields)");
    }
    node->field = field(el.e->name, struct_(std::move(fields)), optional, {}, field_id);
    Finish(node.get());
    *out = std::move(node);
    return Status::OK();
  }

 private:
  static void Finish(ReadNode* node) {
    node->first_leaf = node->children.front()->first_leaf;
    node->num_leaves = 0;
    for (const auto& c : node->children) node->num_leaves += c->num_leaves;
  }
  std::vector<LeafDescriptor>* leaves_;
};

}  // namespace

Result<std::shared_ptr<ParquetSchema>> ParquetSchema::Make(const FileMetaData& metadata) {
  if (metadata.schema.empty()) return Status::Corrupt("Parquet footer has an empty schema");
  Element root;
  size_t pos = 0;
  SILT_RETURN_NOT_OK(BuildTree(metadata.schema, &pos, &root, 0));
  if (pos != metadata.schema.size()) {
    return Status::Corrupt("Parquet schema has " + std::to_string(metadata.schema.size() - pos) +
                           " elements outside the root");
  }
  auto out = std::make_shared<ParquetSchema>();
  Converter conv(&out->leaves_);
  std::vector<FieldPtr> fields;
  for (const auto& c : root.children) {
    std::unique_ptr<ReadNode> node;
    SILT_RETURN_NOT_OK(conv.Convert(c, 0, 0, {}, false, &node, 1));
    fields.push_back(node->field);
    out->fields_.push_back(std::move(node));
  }
  // Column orders: an unknown order means min/max statistics must be ignored.
  KeyValueMetadata kv;
  for (const auto& m : metadata.key_value_metadata) kv.emplace_back(m.key, m.value.value_or(""));
  out->schema_ = std::make_shared<Schema>(std::move(fields), std::move(kv));
  return out;
}

}  // namespace silt::parquet
