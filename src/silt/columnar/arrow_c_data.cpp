// Arrow C Data Interface: schemas (format strings, metadata) in both directions.

#include "silt/columnar/arrow_c_data.h"

#include <cerrno>
#include <charconv>
#include <cstring>

#include "silt/columnar/arrow_c_data_internal.h"
#include "silt/common/decimal.h"

namespace silt {
namespace internal {
namespace {

constexpr const char* kFieldIdKey = "PARQUET:field_id";
// Sanity limits for foreign metadata, which carries no total length we could check against.
constexpr int32_t kMaxMetadataPairs = 1 << 20;
constexpr int32_t kMaxMetadataString = 1 << 30;

/// Everything an exported ArrowSchema points at.
struct SchemaPrivate {
  std::string format;
  std::string name;
  std::string metadata;
  std::vector<ArrowSchema> children;
  std::vector<ArrowSchema*> child_pointers;
  ArrowSchema dictionary{};
};

void ReleaseExportedSchema(ArrowSchema* schema) {
  if (schema == nullptr || schema->release == nullptr) return;
  auto* priv = static_cast<SchemaPrivate*>(schema->private_data);
  // Children may have been moved out by the consumer (their release is then null).
  for (ArrowSchema& child : priv->children) {
    if (child.release != nullptr) child.release(&child);
  }
  if (priv->dictionary.release != nullptr) priv->dictionary.release(&priv->dictionary);
  delete priv;
  schema->release = nullptr;
}

const char* UnitLetter(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMilli: return "m";
    case TimeUnit::kMicro: return "u";
    case TimeUnit::kNano: return "n";
  }
  return "u";
}

Result<std::string> FormatOf(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull: return std::string("n");
    case TypeId::kBool: return std::string("b");
    case TypeId::kInt8: return std::string("c");
    case TypeId::kUInt8: return std::string("C");
    case TypeId::kInt16: return std::string("s");
    case TypeId::kUInt16: return std::string("S");
    case TypeId::kInt32: return std::string("i");
    case TypeId::kUInt32: return std::string("I");
    case TypeId::kInt64: return std::string("l");
    case TypeId::kUInt64: return std::string("L");
    case TypeId::kFloat32: return std::string("f");
    case TypeId::kFloat64: return std::string("g");
    case TypeId::kDecimal128:
      return "d:" + std::to_string(type.precision()) + "," + std::to_string(type.scale());
    case TypeId::kDecimal64:
      return "d:" + std::to_string(type.precision()) + "," + std::to_string(type.scale()) +
             ",64";
    case TypeId::kUtf8: return std::string("U");
    case TypeId::kBinary: return std::string("Z");
    case TypeId::kFixedBinary: return "w:" + std::to_string(type.byte_width());
    case TypeId::kDate32: return std::string("tdD");
    case TypeId::kTime64:
      if (type.unit() == TimeUnit::kMilli) {
        return Status::NotSupported("time64 in milliseconds has no Arrow C format");
      }
      return std::string("tt") + UnitLetter(type.unit());
    case TypeId::kTimestamp:
      return std::string("ts") + UnitLetter(type.unit()) + ":" + type.timezone();
    case TypeId::kInterval: return std::string("tin");
    case TypeId::kList: return std::string("+l");
    case TypeId::kStruct: return std::string("+s");
    case TypeId::kMap: return std::string("+m");
  }
  return Status::NotSupported("type " + type.ToString() + " has no Arrow C format");
}

void AppendInt32(std::string* out, int32_t v) {
  char bytes[4];
  std::memcpy(bytes, &v, 4);  // the spec uses native endianness
  out->append(bytes, 4);
}

Result<KeyValueMetadata> DecodeArrowMetadata(const char* md) {
  KeyValueMetadata out;
  if (md == nullptr) return out;
  auto read_int = [&md]() {
    int32_t v;
    std::memcpy(&v, md, 4);
    md += 4;
    return v;
  };
  auto read_string = [&](std::string* s) -> Status {
    int32_t len = read_int();
    if (len < 0 || len > kMaxMetadataString) {
      return Status::InvalidArgument("Arrow metadata string length " + std::to_string(len));
    }
    s->assign(md, static_cast<size_t>(len));
    md += len;
    return Status::OK();
  };
  int32_t n = read_int();
  if (n < 0 || n > kMaxMetadataPairs) {
    return Status::InvalidArgument("Arrow metadata pair count " + std::to_string(n));
  }
  out.resize(static_cast<size_t>(n));
  for (auto& [key, value] : out) {
    SILT_RETURN_NOT_OK(read_string(&key));
    SILT_RETURN_NOT_OK(read_string(&value));
  }
  return out;
}

Status ParseInt(std::string_view s, int32_t* out, const char* what) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    return Status::InvalidArgument(std::string("bad ") + what + " in Arrow format: '" +
                                   std::string(s) + "'");
  }
  return Status::OK();
}

Result<DataTypePtr> ParseDecimal(std::string_view args) {
  // "P,S" or "P,S,BITS"
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t comma = args.find(',', start);
    parts.push_back(args.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) {
    return Status::InvalidArgument("bad Arrow decimal format 'd:" + std::string(args) + "'");
  }
  int32_t precision = 0, scale = 0, bits = 128;
  SILT_RETURN_NOT_OK(ParseInt(parts[0], &precision, "decimal precision"));
  SILT_RETURN_NOT_OK(ParseInt(parts[1], &scale, "decimal scale"));
  if (parts.size() == 3) SILT_RETURN_NOT_OK(ParseInt(parts[2], &bits, "decimal bit width"));
  if (bits != 128 && bits != 64) {
    return Status::NotSupported("Arrow decimal of " + std::to_string(bits) +
                                " bits (only 64- and 128-bit decimals are supported)");
  }
  const int32_t max_precision = bits == 64 ? kMaxDecimal64Precision : kMaxDecimal128Precision;
  if (precision < 1 || precision > max_precision || scale > precision || scale < -precision) {
    return Status::InvalidArgument("Arrow decimal precision/scale out of range: " +
                                   std::string(args));
  }
  return bits == 64 ? decimal64(precision, scale) : decimal128(precision, scale);
}

Status CheckChildren(const ArrowSchema& s, int64_t expected, const std::string& format) {
  if (expected >= 0 && s.n_children != expected) {
    return Status::InvalidArgument("Arrow format '" + format + "' needs " +
                                   std::to_string(expected) + " children, schema has " +
                                   std::to_string(s.n_children));
  }
  if (s.n_children < 0) return Status::InvalidArgument("negative Arrow schema child count");
  if (s.n_children > 0 && s.children == nullptr) {
    return Status::InvalidArgument("Arrow schema has children but a null children pointer");
  }
  for (int64_t i = 0; i < s.n_children; ++i) {
    if (s.children[i] == nullptr) return Status::InvalidArgument("null Arrow schema child");
  }
  return Status::OK();
}

/// Type of a format string without dictionary; nested formats recurse into the children.
Result<DataTypePtr> ParseType(const ArrowSchema& s, ArrowImportNode* plan, int depth) {
  const std::string format = s.format;
  const bool nested = !format.empty() && format[0] == '+';
  SILT_RETURN_NOT_OK(CheckChildren(s, nested ? -1 : 0, format));
  static const std::pair<const char*, DataTypePtr (*)()> kSimple[] = {
      {"n", null},    {"b", boolean}, {"c", int8},     {"C", uint8},   {"s", int16},
      {"S", uint16},  {"i", int32},   {"I", uint32},   {"l", int64},   {"L", uint64},
      {"f", float32}, {"g", float64}, {"U", utf8},     {"Z", binary},  {"tdD", date32},
      {"tin", interval}};
  for (const auto& [f, make] : kSimple) {
    if (format == f) return make();
  }
  using L = ArrowSourceLayout;
  auto converted = [plan](L layout, DataTypePtr t) {
    plan->layout = layout;
    return t;
  };
  if (format == "u") return converted(L::kInt32Offsets, utf8());
  if (format == "z") return converted(L::kInt32Offsets, binary());
  if (format == "e") return converted(L::kFloat16, float32());
  if (format == "tdm") return converted(L::kDate64, date32());
  if (format == "tts") return converted(L::kTime32Seconds, time64(TimeUnit::kMicro));
  if (format == "ttm") return converted(L::kTime32Millis, time64(TimeUnit::kMicro));
  if (format == "ttu") return time64(TimeUnit::kMicro);
  if (format == "ttn") return time64(TimeUnit::kNano);
  if (format.size() >= 4 && format.compare(0, 2, "ts") == 0 && format[3] == ':') {
    std::string tz = format.substr(4);
    switch (format[2]) {
      case 's': return converted(L::kTimestampSeconds, timestamp(TimeUnit::kMilli, tz));
      case 'm': return timestamp(TimeUnit::kMilli, tz);
      case 'u': return timestamp(TimeUnit::kMicro, tz);
      case 'n': return timestamp(TimeUnit::kNano, tz);
      default: break;
    }
  }
  if (format.compare(0, 2, "d:") == 0) return ParseDecimal(std::string_view(format).substr(2));
  if (format.compare(0, 2, "w:") == 0) {
    int32_t width = 0;
    SILT_RETURN_NOT_OK(ParseInt(std::string_view(format).substr(2), &width, "byte width"));
    if (width <= 0) return Status::InvalidArgument("Arrow fixed binary width must be positive");
    return fixed_binary(width);
  }
  if (format == "+l" || format == "+L" || format == "+m" || format == "+s") {
    if (format != "+s") SILT_RETURN_NOT_OK(CheckChildren(s, 1, format));
    std::vector<FieldPtr> fields;
    plan->children.resize(static_cast<size_t>(s.n_children));
    for (int64_t i = 0; i < s.n_children; ++i) {
      SILT_ASSIGN_OR_RETURN(auto f, ParseArrowField(*s.children[i], &plan->children[i], depth + 1));
      fields.push_back(std::move(f));
    }
    if (format == "+s") return struct_(std::move(fields));
    if (format == "+l") return list(std::move(fields[0]));
    if (format == "+L") return converted(L::kLargeList, list(std::move(fields[0])));
    // Map: one child, a struct of exactly (key, value).
    const DataType& entries = *fields[0]->type;
    if (entries.id() != TypeId::kStruct || entries.children().size() != 2 ||
        plan->children[0].dict_index_bytes != 0) {
      return Status::InvalidArgument("Arrow map child must be a struct of key and value");
    }
    auto type = map(entries.children()[0], entries.children()[1],
                    (s.flags & ARROW_FLAG_MAP_KEYS_SORTED) != 0);
    plan->children[0].type = type->children()[0]->type;
    return type;
  }
  return Status::NotSupported("Arrow format '" + format + "' is not supported");
}

Result<ArrowImportNode> IndexPlan(const std::string& format) {
  ArrowImportNode plan;
  static const struct {
    const char* format;
    int bytes;
    bool is_signed;
  } kIndexTypes[] = {{"c", 1, true}, {"C", 1, false}, {"s", 2, true}, {"S", 2, false},
                     {"i", 4, true}, {"I", 4, false}, {"l", 8, true}, {"L", 8, false}};
  for (const auto& t : kIndexTypes) {
    if (format == t.format) {
      plan.dict_index_bytes = t.bytes;
      plan.dict_index_signed = t.is_signed;
      return plan;
    }
  }
  return Status::InvalidArgument("Arrow dictionary index format '" + format +
                                 "' is not an integer type");
}

}  // namespace

std::string EncodeArrowMetadata(const KeyValueMetadata& metadata) {
  if (metadata.empty()) return {};
  std::string out;
  AppendInt32(&out, static_cast<int32_t>(metadata.size()));
  for (const auto& [key, value] : metadata) {
    AppendInt32(&out, static_cast<int32_t>(key.size()));
    out += key;
    AppendInt32(&out, static_cast<int32_t>(value.size()));
    out += value;
  }
  return out;
}

int StatusToErrno(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return 0;
    case StatusCode::kResourcesExhausted: return ENOMEM;
    case StatusCode::kNotSupported: return ENOSYS;
    case StatusCode::kIO: return EIO;
    default: return EINVAL;
  }
}

ArrowImportNode NativeImportNode(const DataTypePtr& type) {
  ArrowImportNode plan;
  plan.type = type;
  plan.from_type = true;
  for (const auto& child : type->children()) plan.children.push_back(NativeImportNode(child->type));
  return plan;
}

Result<FieldPtr> ParseArrowField(const ArrowSchema& s, ArrowImportNode* plan, int depth) {
  if (depth > kMaxArrowNesting) return Status::InvalidArgument("Arrow schema nested too deeply");
  if (s.release == nullptr) return Status::InvalidArgument("Arrow schema is released");
  if (s.format == nullptr) return Status::InvalidArgument("Arrow schema has a null format");
  DataTypePtr type;
  if (s.dictionary != nullptr) {
    SILT_ASSIGN_OR_RETURN(*plan, IndexPlan(s.format));
    SILT_RETURN_NOT_OK(CheckChildren(s, 0, s.format));
    plan->dictionary = std::make_unique<ArrowImportNode>();
    SILT_ASSIGN_OR_RETURN(auto value_field,
                          ParseArrowField(*s.dictionary, plan->dictionary.get(), depth + 1));
    type = value_field->type;
  } else {
    SILT_ASSIGN_OR_RETURN(type, ParseType(s, plan, depth));
  }
  plan->type = type;
  SILT_ASSIGN_OR_RETURN(auto metadata, DecodeArrowMetadata(s.metadata));
  int32_t field_id = -1;
  for (auto it = metadata.begin(); it != metadata.end(); ++it) {
    if (it->first == kFieldIdKey && ParseInt(it->second, &field_id, "field id").ok()) {
      metadata.erase(it);
      break;
    }
  }
  return field(s.name ? s.name : "", std::move(type), (s.flags & ARROW_FLAG_NULLABLE) != 0,
               std::move(metadata), field_id);
}

Status ExportFieldImpl(const std::string& name, const DataTypePtr& type, bool nullable,
                       const KeyValueMetadata& metadata, int32_t field_id,
                       const ArrayData* array, ArrowSchema* out) {
  auto* priv = new SchemaPrivate();
  *out = ArrowSchema{};
  out->private_data = priv;
  out->release = ReleaseExportedSchema;
  priv->name = name;
  KeyValueMetadata md = metadata;
  if (field_id >= 0) {
    bool present = false;
    for (const auto& kv : md) present |= kv.first == kFieldIdKey;
    if (!present) md.emplace_back(kFieldIdKey, std::to_string(field_id));
  }
  priv->metadata = EncodeArrowMetadata(md);
  out->name = priv->name.c_str();
  out->metadata = priv->metadata.empty() ? nullptr : priv->metadata.data();
  out->flags = nullable ? ARROW_FLAG_NULLABLE : 0;

  Status st;
  if (array != nullptr && array->encoding == Encoding::kDictionary) {
    priv->format = "i";
    st = ExportFieldImpl("", type, true, {}, -1, array->dictionary.get(), &priv->dictionary);
    out->dictionary = &priv->dictionary;
  } else {
    auto format = FormatOf(*type);
    if (!format.ok()) {
      st = format.status();
    } else {
      priv->format = format.MoveValue();
    }
    if (type->id() == TypeId::kMap && type->precision() != 0) {
      out->flags |= ARROW_FLAG_MAP_KEYS_SORTED;
    }
    const auto& fields = type->children();
    priv->children.assign(fields.size(), ArrowSchema{});
    for (size_t i = 0; i < fields.size() && st.ok(); ++i) {
      priv->child_pointers.push_back(&priv->children[i]);
      const ArrayData* child =
          array != nullptr && i < array->children.size() ? array->children[i].get() : nullptr;
      const Field& f = *fields[i];
      st = ExportFieldImpl(f.name, f.type, f.nullable, f.metadata, f.field_id, child,
                           &priv->children[i]);
    }
    out->n_children = static_cast<int64_t>(fields.size());
    out->children = priv->child_pointers.data();
  }
  out->format = priv->format.c_str();
  if (!st.ok()) out->release(out);
  return st;
}

Status ExportStructSchema(const std::vector<FieldPtr>& fields, const KeyValueMetadata& metadata,
                          const std::vector<ArrayDataPtr>& columns, ArrowSchema* out) {
  // Reuse the field path with a plain struct type, then patch in the column encodings.
  auto* priv = new SchemaPrivate();
  *out = ArrowSchema{};
  out->private_data = priv;
  out->release = ReleaseExportedSchema;
  priv->format = "+s";
  priv->metadata = EncodeArrowMetadata(metadata);
  out->format = priv->format.c_str();
  out->name = priv->name.c_str();
  out->metadata = priv->metadata.empty() ? nullptr : priv->metadata.data();
  priv->children.assign(fields.size(), ArrowSchema{});
  priv->child_pointers.resize(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) priv->child_pointers[i] = &priv->children[i];
  out->n_children = static_cast<int64_t>(fields.size());
  out->children = priv->child_pointers.data();
  for (size_t i = 0; i < fields.size(); ++i) {
    const Field& f = *fields[i];
    const ArrayData* column = i < columns.size() ? columns[i].get() : nullptr;
    Status st = ExportFieldImpl(f.name, f.type, f.nullable, f.metadata, f.field_id, column,
                                &priv->children[i]);
    if (!st.ok()) {
      out->release(out);
      return st;
    }
  }
  return Status::OK();
}

}  // namespace internal

Status ExportField(const Field& field, ArrowSchema* out) {
  return internal::ExportFieldImpl(field.name, field.type, field.nullable, field.metadata,
                                   field.field_id, nullptr, out);
}

Status ExportSchema(const Schema& schema, ArrowSchema* out) {
  return internal::ExportStructSchema(schema.fields(), schema.metadata(), {}, out);
}

namespace {
/// Releases a consumed foreign schema on scope exit.
struct SchemaReleaser {
  ArrowSchema* schema;
  ~SchemaReleaser() {
    if (schema != nullptr && schema->release != nullptr) schema->release(schema);
  }
};
}  // namespace

Result<FieldPtr> ImportField(ArrowSchema* schema) {
  if (schema == nullptr) return Status::InvalidArgument("null ArrowSchema");
  SchemaReleaser releaser{schema};
  internal::ArrowImportNode plan;
  return internal::ParseArrowField(*schema, &plan, 0);
}

Result<SchemaPtr> ImportSchema(ArrowSchema* schema) {
  SILT_ASSIGN_OR_RETURN(auto top, ImportField(schema));
  if (top->type->id() != TypeId::kStruct) {
    return Status::InvalidArgument("an Arrow schema must be a struct ('+s'), got " +
                                   top->type->ToString());
  }
  return std::make_shared<const Schema>(top->type->children(), top->metadata);
}

}  // namespace silt
