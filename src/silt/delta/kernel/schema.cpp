#include "silt/delta/kernel/schema.h"

#include <simdjson.h>

#include <charconv>

namespace silt::delta {

namespace {

namespace dom = simdjson::dom;

// Deeply nested schemas are legitimate but a bound keeps hostile input from exhausting the
// stack (simdjson itself caps document depth too).
constexpr int kMaxTypeDepth = 64;

Status JsonError(std::string_view what, simdjson::error_code code) {
  return Status::Corrupt("malformed Delta schema JSON (" + std::string(what) +
                         "): " + simdjson::error_message(code));
}

Result<DataTypePtr> ParseType(dom::element type, int depth);

Result<DataTypePtr> ParseDecimal(std::string_view name) {
  // "decimal" alone is Spark's default decimal(10,0); otherwise "decimal(p,s)" (blanks allowed).
  if (name == "decimal") return decimal(10, 0);
  std::string_view rest = name.substr(7);
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  rest = trim(rest);
  if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')') {
    return Status::Corrupt("malformed decimal type '" + std::string(name) + "'");
  }
  rest = rest.substr(1, rest.size() - 2);
  size_t comma = rest.find(',');
  if (comma == std::string_view::npos) {
    return Status::Corrupt("malformed decimal type '" + std::string(name) + "'");
  }
  std::string_view p_text = trim(rest.substr(0, comma));
  std::string_view s_text = trim(rest.substr(comma + 1));
  int32_t p = 0, s = 0;
  auto rp = std::from_chars(p_text.data(), p_text.data() + p_text.size(), p);
  auto rs = std::from_chars(s_text.data(), s_text.data() + s_text.size(), s);
  if (p_text.empty() || s_text.empty() || rp.ec != std::errc() ||
      rp.ptr != p_text.data() + p_text.size() || rs.ec != std::errc() ||
      rs.ptr != s_text.data() + s_text.size()) {
    return Status::Corrupt("malformed decimal type '" + std::string(name) + "'");
  }
  if (p < 1 || p > 38 || s < 0 || s > p) {
    return Status::NotSupported("decimal precision/scale out of range in '" + std::string(name) +
                                "' (precision 1..38, 0 <= scale <= precision)");
  }
  return decimal(p, s);
}

DataTypePtr VariantType() {
  return struct_({field("metadata", binary(), false), field("value", binary(), false)});
}

Result<DataTypePtr> ParsePrimitive(std::string_view name) {
  if (name == "string") return utf8();
  if (name == "long") return int64();
  if (name == "integer") return int32();
  if (name == "short") return int16();
  if (name == "byte") return int8();
  if (name == "float") return float32();
  if (name == "double") return float64();
  if (name == "boolean") return boolean();
  if (name == "binary") return binary();
  if (name == "date") return date32();
  if (name == "timestamp") return timestamp(TimeUnit::kMicro, "UTC");
  if (name == "timestamp_ntz") return timestamp(TimeUnit::kMicro, "");
  if (name == "variant") return VariantType();
  if (name.starts_with("decimal")) return ParseDecimal(name);
  return Status::NotSupported("Delta type '" + std::string(name) + "' is not supported");
}

// The marker metadata for a field whose Delta type JSON is the primitive "variant", so a
// variant is recognizable wherever it sits (column, array element, map value).
KeyValueMetadata VariantMarker(dom::element type) {
  std::string_view prim;
  if (type.get_string().get(prim) == simdjson::SUCCESS && prim == "variant") {
    return {{kVariantMetadataKey, "true"}};
  }
  return {};
}

Result<KeyValueMetadata> ParseMetadata(dom::element meta) {
  KeyValueMetadata out;
  dom::object obj;
  if (auto err = meta.get_object().get(obj)) return JsonError("field metadata", err);
  for (auto [key, value] : obj) {
    // Keep the exact JSON encoding so nothing (numbers, nested objects, typeChanges) is lost.
    out.emplace_back(std::string(key), simdjson::minify(value));
  }
  return out;
}

Result<FieldPtr> ParseField(dom::element f, int depth) {
  dom::object obj;
  if (auto err = f.get_object().get(obj)) return JsonError("struct field", err);
  std::string_view name;
  if (auto err = obj["name"].get_string().get(name)) return JsonError("field name", err);
  dom::element type;
  if (auto err = obj["type"].get(type))
    return JsonError("type of field '" + std::string(name) + "'", err);
  bool nullable = true;
  dom::element n;
  if (obj["nullable"].get(n) == simdjson::SUCCESS) {
    if (auto err = n.get_bool().get(nullable)) return JsonError("nullable", err);
  }
  KeyValueMetadata metadata;
  dom::element meta;
  if (obj["metadata"].get(meta) == simdjson::SUCCESS && !meta.is_null()) {
    SILT_ASSIGN_OR_RETURN(metadata, ParseMetadata(meta));
  }
  auto type_result = ParseType(type, depth + 1);
  if (!type_result.ok()) {
    return Status(type_result.status().code(),
                  type_result.status().message() + " (field '" + std::string(name) + "')");
  }
  DataTypePtr t = *type_result;
  for (auto& kv : VariantMarker(type)) metadata.push_back(std::move(kv));
  return field(std::string(name), std::move(t), nullable, std::move(metadata));
}

Result<std::vector<FieldPtr>> ParseStructFields(dom::object obj, int depth) {
  dom::array fields;
  if (auto err = obj["fields"].get_array().get(fields)) return JsonError("struct fields", err);
  std::vector<FieldPtr> out;
  for (dom::element f : fields) {
    SILT_ASSIGN_OR_RETURN(FieldPtr fp, ParseField(f, depth));
    out.push_back(std::move(fp));
  }
  return out;
}

Result<DataTypePtr> ParseType(dom::element type, int depth) {
  if (depth > kMaxTypeDepth) return Status::Corrupt("Delta schema nests too deeply");
  std::string_view prim;
  if (type.get_string().get(prim) == simdjson::SUCCESS) return ParsePrimitive(prim);
  dom::object obj;
  if (auto err = type.get_object().get(obj)) return JsonError("type", err);
  std::string_view kind;
  if (auto err = obj["type"].get_string().get(kind)) return JsonError("type kind", err);
  if (kind == "struct") {
    SILT_ASSIGN_OR_RETURN(auto fields, ParseStructFields(obj, depth));
    return struct_(std::move(fields));
  }
  if (kind == "array") {
    dom::element elem;
    if (auto err = obj["elementType"].get(elem)) return JsonError("array elementType", err);
    bool contains_null = true;
    dom::element cn;
    if (obj["containsNull"].get(cn) == simdjson::SUCCESS) {
      if (auto err = cn.get_bool().get(contains_null)) return JsonError("containsNull", err);
    }
    SILT_ASSIGN_OR_RETURN(DataTypePtr item, ParseType(elem, depth + 1));
    return list(field("element", std::move(item), contains_null, VariantMarker(elem)));
  }
  if (kind == "map") {
    dom::element key, value;
    if (auto err = obj["keyType"].get(key)) return JsonError("map keyType", err);
    if (auto err = obj["valueType"].get(value)) return JsonError("map valueType", err);
    bool value_null = true;
    dom::element vn;
    if (obj["valueContainsNull"].get(vn) == simdjson::SUCCESS) {
      if (auto err = vn.get_bool().get(value_null)) return JsonError("valueContainsNull", err);
    }
    SILT_ASSIGN_OR_RETURN(DataTypePtr k, ParseType(key, depth + 1));
    SILT_ASSIGN_OR_RETURN(DataTypePtr v, ParseType(value, depth + 1));
    return map(field("key", std::move(k), false, VariantMarker(key)),
               field("value", std::move(v), value_null, VariantMarker(value)));
  }
  return Status::NotSupported("Delta type '" + std::string(kind) + "' is not supported");
}

}  // namespace

Result<SchemaPtr> ParseDeltaSchema(std::string_view schema_json) {
  dom::parser parser;
  dom::element root;
  simdjson::padded_string padded(schema_json);
  if (auto err = parser.parse(padded).get(root)) return JsonError("document", err);
  dom::object obj;
  if (auto err = root.get_object().get(obj)) return JsonError("root", err);
  std::string_view kind;
  if (auto err = obj["type"].get_string().get(kind)) return JsonError("root type", err);
  if (kind != "struct") return Status::Corrupt("Delta schema root is not a struct");
  SILT_ASSIGN_OR_RETURN(auto fields, ParseStructFields(obj, 0));
  return std::make_shared<const Schema>(std::move(fields));
}

Result<DataTypePtr> ParseDeltaType(std::string_view type_json) {
  dom::parser parser;
  dom::element root;
  simdjson::padded_string padded(type_json);
  if (auto err = parser.parse(padded).get(root)) return JsonError("document", err);
  return ParseType(root, 0);
}

std::optional<std::string> FieldMetadataJson(const Field& field, std::string_view key) {
  for (const auto& [k, v] : field.metadata) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::optional<std::string> FieldMetadataString(const Field& field, std::string_view key) {
  auto raw = FieldMetadataJson(field, key);
  if (!raw) return std::nullopt;
  dom::parser parser;
  std::string_view s;
  simdjson::padded_string padded(*raw);
  if (parser.parse(padded).get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  return std::string(s);
}

std::optional<int64_t> FieldMetadataInt(const Field& field, std::string_view key) {
  auto raw = FieldMetadataJson(field, key);
  if (!raw) return std::nullopt;
  dom::parser parser;
  int64_t v = 0;
  simdjson::padded_string padded(*raw);
  if (parser.parse(padded).get_int64().get(v) != simdjson::SUCCESS) return std::nullopt;
  return v;
}

bool IsVariantField(const Field& field) {
  return FieldMetadataJson(field, kVariantMetadataKey) == std::optional<std::string>("true");
}

}  // namespace silt::delta
