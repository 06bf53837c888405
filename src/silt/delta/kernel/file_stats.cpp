#include "silt/delta/kernel/file_stats.h"

#include <simdjson.h>

namespace silt::delta {

namespace {

namespace od = simdjson::ondemand;

Status JsonError(std::string_view what, simdjson::error_code code) {
  return Status::Corrupt("malformed file statistics JSON (" + std::string(what) +
                         "): " + simdjson::error_message(code));
}

enum class StatKind : uint8_t { kMin, kMax, kNullCount };

const Field* FindChild(const std::vector<FieldPtr>& fields, std::string_view name) {
  for (const auto& f : fields) {
    if (f->name == name) return f.get();
  }
  return nullptr;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// Rewrites a JSON number in exponent form ("0E-10", "1.25E+3", which Spark writes for
// BigDecimal bounds) as plain digits so ParseScalar can read it at the decimal's scale.
// Returns false when the text is not such a number or the exponent is absurd.
bool ExpandExponent(std::string_view text, std::string* out) {
  size_t e = text.find_first_of("eE");
  if (e == std::string_view::npos) return false;
  std::string_view mantissa = text.substr(0, e);
  std::string_view exp_text = text.substr(e + 1);
  bool negative = !mantissa.empty() && mantissa[0] == '-';
  if (negative || (!mantissa.empty() && mantissa[0] == '+')) mantissa.remove_prefix(1);
  int exp_sign = 1;
  if (!exp_text.empty() && (exp_text[0] == '+' || exp_text[0] == '-')) {
    exp_sign = exp_text[0] == '-' ? -1 : 1;
    exp_text.remove_prefix(1);
  }
  if (exp_text.empty() || exp_text.size() > 3) return false;  // |exponent| < 1000
  int exponent = 0;
  for (char c : exp_text) {
    if (c < '0' || c > '9') return false;
    exponent = exponent * 10 + (c - '0');
  }
  exponent *= exp_sign;
  std::string digits;
  int point = -1;
  for (char c : mantissa) {
    if (c == '.' && point < 0) {
      point = static_cast<int>(digits.size());
    } else if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else {
      return false;
    }
  }
  if (digits.empty()) return false;
  if (point < 0) point = static_cast<int>(digits.size());
  const int size = static_cast<int>(digits.size());
  const int new_point = point + exponent;
  std::string result = negative ? "-" : "";
  if (new_point <= 0) {
    result += "0.";
    result += std::string(static_cast<size_t>(-new_point), '0');
    result += digits;
  } else if (new_point >= size) {
    result += digits;
    result += std::string(static_cast<size_t>(new_point - size), '0');
  } else {
    result += std::string_view(digits).substr(0, static_cast<size_t>(new_point));
    result += '.';
    result += std::string_view(digits).substr(static_cast<size_t>(new_point));
  }
  *out = std::move(result);
  return true;
}

// Reads one bound as `type`. Returns true when a bound was stored; false when the JSON
// value cannot be one (null, wrong kind or unreadable text).
Result<std::optional<Scalar>> ReadBound(od::value& v, const DataTypePtr& type) {
  od::json_type jt;
  if (auto err = v.type().get(jt)) return JsonError("bound", err);
  std::string_view text;
  switch (jt) {
    case od::json_type::null: return std::optional<Scalar>();
    case od::json_type::string:
      if (auto err = v.get_string().get(text)) return JsonError("string bound", err);
      break;
    case od::json_type::number: text = TrimRight(v.raw_json_token()); break;
    case od::json_type::boolean: {
      bool b = false;
      if (auto err = v.get_bool().get(b)) return JsonError("boolean bound", err);
      text = b ? "true" : "false";
      break;
    }
    default: return std::optional<Scalar>();
  }
  if (type->IsNested()) return std::optional<Scalar>();
  std::string expanded;
  if (type->IsDecimal() && jt == od::json_type::number && ExpandExponent(text, &expanded)) {
    text = expanded;
  }
  auto parsed = ParseScalar(text, type);
  if (!parsed.ok()) return std::optional<Scalar>();
  return std::optional<Scalar>(std::move(*parsed));
}

struct StatsWalker {
  StatKind kind;
  FileStats* out;

  // Walks one object of minValues/maxValues/nullCount whose keys are children `fields`.
  Status Walk(od::object obj, const std::vector<FieldPtr>& fields, std::vector<std::string>* path) {
    for (auto entry : obj) {
      od::field f;
      if (auto err = std::move(entry).get(f)) return JsonError("stats object", err);
      std::string_view key;
      if (auto err = f.unescaped_key().get(key)) return JsonError("stats key", err);
      od::value v = f.value();
      const Field* column = FindChild(fields, key);
      if (column == nullptr) continue;  // a column dropped from the schema or renamed
      od::json_type jt;
      if (auto err = v.type().get(jt)) return JsonError("stats value", err);
      path->emplace_back(key);
      Status st = Status::OK();
      if (jt == od::json_type::object) {
        od::object child;
        if (auto err = v.get_object().get(child)) return JsonError("stats object", err);
        if (column->type->id() == TypeId::kStruct) {
          st = Walk(child, column->type->children(), path);
        }
      } else if (kind == StatKind::kNullCount) {
        int64_t n = 0;
        if (jt == od::json_type::number && v.get_int64().get(n) == simdjson::SUCCESS && n >= 0) {
          out->columns[*path].null_count = n;
        } else if (jt != od::json_type::null) {
          ++out->skipped_values;
        }
      } else {
        auto bound = ReadBound(v, column->type);
        if (!bound.ok()) {
          st = bound.status();
        } else if (bound->has_value()) {
          ColumnStats& cs = out->columns[*path];
          (kind == StatKind::kMin ? cs.min : cs.max) = std::move(**bound);
          if (column->type->id() == TypeId::kTimestamp) cs.max_truncated_to_millis = true;
        } else if (jt != od::json_type::null) {
          ++out->skipped_values;
        }
      }
      path->pop_back();
      SILT_RETURN_NOT_OK(st);
    }
    return Status::OK();
  }
};

}  // namespace

const ColumnStats* FileStats::Find(const std::vector<std::string>& path) const {
  auto it = columns.find(path);
  return it == columns.end() ? nullptr : &it->second;
}

Result<FileStats> ParseFileStats(std::string_view stats_json, const Schema& stats_schema,
                                 const ColumnNameMap* names) {
  FileStats stats;
  // One parser per thread: stats are parsed once per add action, often thousands in a row,
  // and a parser's buffers are worth reusing.
  thread_local od::parser parser;
  simdjson::padded_string padded(stats_json);
  od::document doc;
  if (auto err = parser.iterate(padded).get(doc)) return JsonError("document", err);
  od::object root;
  if (auto err = doc.get_object().get(root)) return JsonError("root", err);
  std::vector<std::string> path;
  for (auto entry : root) {
    od::field f;
    if (auto err = std::move(entry).get(f)) return JsonError("root", err);
    std::string_view key;
    if (auto err = f.unescaped_key().get(key)) return JsonError("key", err);
    od::value v = f.value();
    if (key == "numRecords") {
      int64_t n = 0;
      if (auto err = v.get_int64().get(n)) return JsonError("numRecords", err);
      if (n < 0) return Status::Corrupt("file statistics have negative numRecords");
      stats.num_records = n;
    } else if (key == "tightBounds") {
      bool b = false;
      if (auto err = v.get_bool().get(b)) return JsonError("tightBounds", err);
      stats.tight_bounds = b;
    } else if (key == "minValues" || key == "maxValues" || key == "nullCount") {
      StatKind kind = key == "minValues"   ? StatKind::kMin
                      : key == "maxValues" ? StatKind::kMax
                                           : StatKind::kNullCount;
      bool is_null = false;
      if (auto err = v.is_null().get(is_null)) return JsonError(key, err);
      if (is_null) continue;
      od::object obj;
      if (auto err = v.get_object().get(obj)) return JsonError(key, err);
      StatsWalker walker{kind, &stats};
      SILT_RETURN_NOT_OK(walker.Walk(obj, stats_schema.fields(), &path));
    }
    // Other keys (future statistics) are ignored.
  }
  if (names != nullptr) {
    std::map<std::vector<std::string>, ColumnStats> logical;
    for (auto& [p, cs] : stats.columns) {
      auto it = names->physical_to_logical.find(p);
      logical[it == names->physical_to_logical.end() ? p : it->second] = std::move(cs);
    }
    stats.columns = std::move(logical);
  }
  return stats;
}

}  // namespace silt::delta
