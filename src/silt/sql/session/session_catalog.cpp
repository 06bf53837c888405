#include "silt/sql/session/session_catalog.h"

#include "silt/columnar/builder.h"
#include "silt/format/value_text.h"
#include "silt/sql/exec/tables.h"

namespace silt::sql {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

Result<std::string> TextArg(const std::string& fn, const ArrayDataPtr& v) {
  if (!v || v->type->id() != TypeId::kUtf8 || IsValueNull(*v, 0)) {
    return Status::Plan(fn + ": expected a string argument");
  }
  std::string out;
  AppendValueText(*v, 0, &out);
  return out;
}

}  // namespace

CatalogEntry* SessionCatalog::Lookup(const std::string& name, bool exact) {
  auto it = entries_.find(Lower(name));
  if (it == entries_.end()) return nullptr;
  if (exact && it->second.name != name) return nullptr;
  return &it->second;
}

void SessionCatalog::Put(CatalogEntry entry) {
  std::string key = Lower(entry.name);
  entries_[key] = std::move(entry);
}

bool SessionCatalog::Remove(const std::string& name, bool exact) {
  if (!Lookup(name, exact)) return false;
  entries_.erase(Lower(name));
  return true;
}

Result<std::optional<CatalogObject>> SessionCatalog::Find(const std::vector<std::string>& name,
                                                          const std::vector<bool>& exact,
                                                          const TimeTravel& time_travel) const {
  if (name.size() == 2 && Lower(name[0]) == "information_schema") return InformationSchema(Lower(name[1]));
  // Schema qualifiers (main.t, public.t) are accepted and ignored: one namespace for now.
  const std::string& last = name.back();
  auto* self = const_cast<SessionCatalog*>(this);
  CatalogEntry* e = self->Lookup(last, exact.back());
  if (!e) return std::optional<CatalogObject>();
  CatalogObject obj;
  obj.name = e->name;
  if (e->view_query) {
    obj.view_query = e->view_query;
    obj.view_columns = e->view_columns;
    return std::optional<CatalogObject>(obj);
  }
  obj.table = e->table;
  if (time_travel.version || time_travel.timestamp) {
    if (e->format != "delta") {
      return Status::Plan("time travel needs a Delta table; \"" + e->name + "\" is " + e->table->kind());
    }
    SILT_ASSIGN_OR_RETURN(obj.table, OpenDeltaTable(e->location, time_travel.version, time_travel.timestamp));
  }
  return std::optional<CatalogObject>(obj);
}

Result<std::shared_ptr<TableSource>> SessionCatalog::CallTableFunction(
    const std::string& name, const std::vector<ArrayDataPtr>& args,
    const std::vector<std::pair<std::string, ArrayDataPtr>>& named_args) const {
  if (name == "read_parquet" || name == "parquet_scan") {
    if (args.size() != 1) return Status::Plan(name + " expects one path argument");
    SILT_ASSIGN_OR_RETURN(auto path, TextArg(name, args[0]));
    return OpenParquetTable(path);
  }
  if (name == "delta_scan") {
    if (args.empty() || args.size() > 2) return Status::Plan("delta_scan expects a path and optional named version/timestamp");
    SILT_ASSIGN_OR_RETURN(auto path, TextArg(name, args[0]));
    std::optional<int64_t> version;
    std::optional<std::string> timestamp;
    for (const auto& [key, value] : named_args) {
      std::string text;
      AppendValueText(*value, 0, &text);
      if (key == "version") {
        try {
          version = std::stoll(text);
        } catch (...) {
          return Status::Plan("delta_scan: version must be an integer, got '" + text + "'");
        }
      } else if (key == "timestamp") {
        timestamp = text;
      } else {
        return Status::Plan("delta_scan: unknown argument '" + key + "' (expected version or timestamp)");
      }
    }
    return OpenDeltaTable(path, version, timestamp);
  }
  if (name == "read_csv" || name == "read_csv_auto") {
    if (args.size() != 1) return Status::Plan(name + " expects one path argument");
    SILT_ASSIGN_OR_RETURN(auto path, TextArg(name, args[0]));
    csv::CsvOptions options;
    for (const auto& [key, value] : named_args) {
      std::string text;
      AppendValueText(*value, 0, &text);
      SILT_RETURN_NOT_OK(csv::ApplyCsvOption(&options, key, text));
    }
    return OpenCsvTable(path, options);
  }
  if (name == "unnest") {
    // unnest(list constant): one row per element (LATERAL unnest over columns is not supported).
    if (args.size() != 1 || !args[0] || args[0]->type->id() != TypeId::kList) {
      return Status::Plan("unnest expects one list argument");
    }
    SILT_ASSIGN_OR_RETURN(auto flat, Flatten(args[0]));
    const auto& item = args[0]->type->children()[0];
    auto schema = std::make_shared<Schema>(std::vector<FieldPtr>{field("unnest", item->type)});
    auto table = std::make_shared<MemoryTable>(schema);
    if (!flat->IsNull(0)) {
      const int32_t* offs = flat->list_offsets();
      auto values = flat->children[0]->Slice(offs[0], offs[1] - offs[0]);
      SILT_ASSIGN_OR_RETURN(auto plain, Flatten(values));
      table->Append({std::make_shared<RecordBatch>(schema, plain->length, std::vector<ArrayDataPtr>{plain})});
    }
    return std::shared_ptr<TableSource>(table);
  }
  if (name == "range" || name == "generate_series") {
    // range(stop) / range(start, stop[, step]) excludes stop; generate_series includes it.
    std::vector<int64_t> v;
    for (const auto& a : args) {
      if (!a || !a->type->IsInteger() || IsValueNull(*a, 0)) return Status::Plan(name + " expects integer arguments");
      std::string text;
      AppendValueText(*a, 0, &text);
      v.push_back(std::stoll(text));
    }
    if (v.empty() || v.size() > 3) return Status::Plan(name + " expects 1 to 3 arguments");
    int64_t start = v.size() == 1 ? 0 : v[0], stop = v.size() == 1 ? v[0] : v[1], step = v.size() == 3 ? v[2] : 1;
    if (step == 0) return Status::Plan(name + ": step must not be zero");
    bool inclusive = name == "generate_series";
    ArrayBuilder b(int64());
    int64_t count = 0;
    for (int64_t x = start; step > 0 ? (inclusive ? x <= stop : x < stop) : (inclusive ? x >= stop : x > stop); x += step) {
      if (++count > 100000000) return Status::ResourcesExhausted(name + ": more than 100,000,000 rows");
      SILT_RETURN_NOT_OK(b.Append<int64_t>(x));
    }
    SILT_ASSIGN_OR_RETURN(auto col, b.Finish());
    auto schema = std::make_shared<Schema>(std::vector<FieldPtr>{field(name == "range" ? "range" : "generate_series", int64(), false)});
    auto table = std::make_shared<MemoryTable>(schema);
    table->Append({std::make_shared<RecordBatch>(schema, col->length, std::vector<ArrayDataPtr>{col})});
    return std::shared_ptr<TableSource>(table);
  }
  return Status::Plan("unknown table function '" + name +
                      "' (available: read_parquet, delta_scan, read_csv, unnest, range, generate_series)");
}

Result<std::optional<CatalogObject>> SessionCatalog::InformationSchema(const std::string& name) const {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  if (name == "tables") {
    columns = {"table_catalog", "table_schema", "table_name", "table_type"};
    for (const auto& [k, e] : entries_) {
      rows.push_back({"silt", "public", e.name, e.view_query ? "VIEW" : "BASE TABLE"});
    }
    for (const char* t : {"tables", "columns", "df_settings"}) rows.push_back({"silt", "information_schema", t, "VIEW"});
  } else if (name == "columns") {
    columns = {"table_catalog", "table_schema", "table_name", "column_name", "ordinal_position", "data_type", "is_nullable"};
    for (const auto& [k, e] : entries_) {
      if (!e.table) continue;  // view columns need binding; listed by SHOW COLUMNS
      auto schema = e.table->schema();
      for (int i = 0; i < schema->num_fields(); ++i) {
        const auto& f = schema->field(i);
        rows.push_back({"silt", "public", e.name, f->name, std::to_string(i + 1), f->type->ToString(), f->nullable ? "YES" : "NO"});
      }
    }
  } else if (name == "df_settings") {
    columns = {"name", "value"};
    if (settings_) {
      for (const auto& [k, v] : *settings_) rows.push_back({k, v});
    }
  } else {
    return std::optional<CatalogObject>();
  }
  std::vector<FieldPtr> fields;
  std::vector<ArrayDataPtr> arrays;
  for (size_t c = 0; c < columns.size(); ++c) {
    bool is_int = columns[c] == "ordinal_position";
    fields.push_back(field(columns[c], is_int ? int64() : utf8(), false));
    ArrayBuilder b(fields.back()->type);
    for (const auto& r : rows) {
      if (is_int) {
        SILT_RETURN_NOT_OK(b.Append<int64_t>(std::stoll(r[c])));
      } else {
        SILT_RETURN_NOT_OK(b.AppendString(r[c]));
      }
    }
    SILT_ASSIGN_OR_RETURN(auto a, b.Finish());
    arrays.push_back(a);
  }
  auto schema = std::make_shared<Schema>(fields);
  auto table = std::make_shared<MemoryTable>(schema);
  table->Append({std::make_shared<RecordBatch>(schema, static_cast<int64_t>(rows.size()), arrays)});
  CatalogObject obj;
  obj.name = name;
  obj.table = table;
  return std::optional<CatalogObject>(obj);
}

std::vector<std::string> SessionCatalog::Names() const {
  std::vector<std::string> out;
  for (const auto& [k, e] : entries_) out.push_back(e.name);
  return out;
}

}  // namespace silt::sql
