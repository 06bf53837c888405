#include "silt/sql/session/session.h"

#include <chrono>
#include <mutex>

#include "silt/columnar/builder.h"
#include "silt/format/value_text.h"
#include "silt/functions/cast.h"
#include "silt/sql/binder/binder.h"
#include "silt/sql/exec/physical_planner.h"
#include "silt/sql/exec/tables.h"
#include "silt/sql/parser/parser.h"
#include "silt/sql/parser/to_sql.h"
#include "silt/sql/session/dataframe.h"
#include "silt/sql/session/session_catalog.h"

namespace silt::sql {

namespace {

const std::map<std::string, std::string>& DefaultSettings() {
  static const std::map<std::string, std::string> kDefaults = {
      {"execution.batch_size", "8192"},
      {"execution.target_partitions", "1"},
      {"runtime.memory_limit", "0"},
      {"sql_parser.enable_ident_normalization", "true"},
      {"timezone", "UTC"},
      {"delta.file_column_name", ""},
      {"optimizer.max_passes", "3"},
      {"optimizer.skip_failed_rules", "false"},
      {"optimizer.filter_null_join_keys", "false"},
      {"optimizer.repartition_joins", "true"},
      {"optimizer.repartition_aggregations", "true"},
      // Per-rule switches (the rule names of DefaultRulepack()).
      {"optimizer.enable_simplify_expressions", "true"},
      {"optimizer.enable_push_down_filter", "true"},
      {"optimizer.enable_push_down_semi_join", "true"},
      {"optimizer.enable_reorder_joins", "true"},
      {"optimizer.enable_push_down_limit", "true"},
      {"optimizer.enable_common_subexpression_elimination", "true"},
      {"optimizer.enable_push_down_projection", "true"},
      {"optimizer.enable_eliminate_sorts", "true"},
      {"optimizer.enable_dynamic_filters", "true"},
      {"optimizer.enable_coalesce_batches", "true"},
      {"optimizer.enable_repartition_placement", "true"},
  };
  return kDefaults;
}

std::string LowerName(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string JoinName(const QualifiedName& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) out += (i ? "." : "") + name[i].name;
  return out;
}

Result<RecordBatchPtr> TextRows(const std::vector<std::string>& names,
                                const std::vector<std::vector<std::string>>& rows) {
  std::vector<FieldPtr> fields;
  std::vector<ArrayDataPtr> cols;
  for (size_t c = 0; c < names.size(); ++c) {
    fields.push_back(field(names[c], utf8()));
    ArrayBuilder b(utf8());
    for (const auto& r : rows) SILT_RETURN_NOT_OK(b.AppendString(r[c]));
    SILT_ASSIGN_OR_RETURN(auto a, b.Finish());
    cols.push_back(a);
  }
  return std::make_shared<RecordBatch>(std::make_shared<Schema>(fields), static_cast<int64_t>(rows.size()), cols);
}

QueryResult Empty() {
  QueryResult r;
  r.schema = std::make_shared<Schema>();
  return r;
}

/// DML results: one row, one int64 column `count` with the rows affected (as DataFusion and
/// DuckDB report them).
QueryResult CountResult(int64_t rows) {
  QueryResult r;
  r.schema = std::make_shared<Schema>(std::vector<FieldPtr>{field("count", int64(), false)});
  r.batches = {std::make_shared<RecordBatch>(r.schema, 1, std::vector<ArrayDataPtr>{MakeArray<int64_t>(int64(), {rows}).MoveValue()})};
  r.affected_rows = rows;
  return r;
}

/// Casts a batch's columns to the target schema's types (INSERT, CTAS).
Result<RecordBatchPtr> ConformBatch(const RecordBatchPtr& b, const SchemaPtr& target,
                                    const functions::KernelContext& kc) {
  std::vector<ArrayDataPtr> cols;
  for (int i = 0; i < target->num_fields(); ++i) {
    ArrayDataPtr c = b->column(i);
    if (c->type->id() == TypeId::kNull) {
      SILT_ASSIGN_OR_RETURN(c, MakeNullArray(target->field(i)->type, b->num_rows()));
    } else if (!c->type->Equals(*target->field(i)->type)) {
      SILT_ASSIGN_OR_RETURN(c, functions::Cast(kc, c, target->field(i)->type, false));
    }
    SILT_ASSIGN_OR_RETURN(c, Flatten(c));
    if (!target->field(i)->nullable && c->null_count > 0) {
      return Status::Execution("NULL value in column \"" + target->field(i)->name + "\" violates NOT NULL");
    }
    cols.push_back(c);
  }
  return std::make_shared<RecordBatch>(target, b->num_rows(), std::move(cols));
}

}  // namespace

/// A pool that lives as long as the process: buffers from it may outlive their session.
MemoryPool* NewSessionPool() {
  static std::mutex mutex;
  static std::vector<std::unique_ptr<MemoryPool>> pools;
  std::lock_guard<std::mutex> lock(mutex);
  pools.push_back(std::make_unique<MemoryPool>("session"));
  return pools.back().get();
}

int64_t QueryResult::num_rows() const {
  int64_t n = 0;
  for (const auto& b : batches) n += b->num_rows();
  return n;
}

SessionContext::SessionContext()
    : catalog_(std::make_unique<SessionCatalog>()), settings_(DefaultSettings()),
      pool_(NewSessionPool()) {
  catalog_->set_settings(&settings_);
}

SessionContext::~SessionContext() = default;

void SessionContext::RegisterTable(const std::string& name, std::shared_ptr<TableSource> table) {
  CatalogEntry e;
  e.name = name;
  e.table = std::move(table);
  catalog_->Put(std::move(e));
}

Status SessionContext::RegisterParquet(const std::string& name, const std::string& path) {
  SILT_ASSIGN_OR_RETURN(auto t, OpenParquetTable(path));
  RegisterTable(name, t);
  return Status::OK();
}

Status SessionContext::RegisterDelta(const std::string& name, const std::string& path) {
  SILT_ASSIGN_OR_RETURN(auto t, OpenDeltaTable(path, std::nullopt, std::nullopt));
  CatalogEntry e;
  e.name = name;
  e.table = t;
  e.location = path;
  e.format = "delta";
  catalog_->Put(std::move(e));
  return Status::OK();
}

Result<std::string> SessionContext::GetSetting(const std::string& name) const {
  auto it = settings_.find(LowerName(name));
  if (it == settings_.end()) return Status::Plan("unknown setting \"" + name + "\"");
  return it->second;
}

Status SessionContext::SetSetting(const std::string& name, const std::string& value) {
  std::string key = LowerName(name);
  if (key == "time zone" || key == "time_zone") key = "timezone";
  if (!settings_.count(key)) {
    return Status::Plan("unknown setting \"" + name + "\" (SHOW ALL lists them)");
  }
  if (key == "execution.batch_size" || key == "runtime.memory_limit" || key == "optimizer.max_passes" ||
      key == "execution.target_partitions") {
    try {
      size_t used = 0;
      long long v = std::stoll(value, &used);
      if (used != value.size() || v < 0 || (key == "execution.batch_size" && v == 0)) throw 1;
    } catch (...) {
      return Status::InvalidArgument("setting \"" + key + "\" needs a non-negative integer, got '" + value + "'");
    }
  }
  settings_[key] = value;
  return Status::OK();
}

TaskContext SessionContext::MakeTaskContext() {
  TaskContext ctx;
  pool_->set_limit(std::stoll(settings_["runtime.memory_limit"]));
  ctx.pool = pool_;
  ctx.kernel.pool = pool_;
  ctx.kernel.timezone = settings_["timezone"];
  ctx.kernel.statement_time_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
  ctx.batch_size = std::stoll(settings_["execution.batch_size"]);
  return ctx;
}

Result<QueryResult> SessionContext::Sql(const std::string& sql) {
  QueryResult last = Empty();
  SILT_RETURN_NOT_OK(SqlEach(sql, [&](const QueryResult& r) {
    last = r;
    return Status::OK();
  }));
  return last;
}

Status SessionContext::SqlEach(const std::string& sql,
                               const std::function<Status(const QueryResult&)>& on_result) {
  SILT_ASSIGN_OR_RETURN(auto statements, ParseStatements(sql));
  for (const auto& stmt : statements) {
    std::string text = sql.substr(stmt->begin_offset, stmt->end_offset - stmt->begin_offset);
    SILT_ASSIGN_OR_RETURN(auto result, ExecuteStatement(*stmt, text));
    SILT_RETURN_NOT_OK(on_result(result));
  }
  return Status::OK();
}

Status SessionContext::SqlStreaming(const std::string& sql,
                                    const std::function<Status(const Schema&)>& on_schema,
                                    const std::function<Status(const RecordBatch&)>& on_batch) {
  SILT_ASSIGN_OR_RETURN(auto statements, ParseStatements(sql));
  for (const auto& stmt : statements) {
    if (stmt->kind == StatementKind::kQuery) {
      SILT_ASSIGN_OR_RETURN(auto optimized, OptimizeAst(*stmt->As<QueryStatement>().query));
      QueryStream stream(optimized.physical, MakeTaskContext());
      SILT_RETURN_NOT_OK(on_schema(*stream.schema()));
      while (true) {
        SILT_ASSIGN_OR_RETURN(auto batch, stream.Next());
        if (!batch) break;
        SILT_RETURN_NOT_OK(on_batch(*batch));
      }
      continue;
    }
    std::string text = sql.substr(stmt->begin_offset, stmt->end_offset - stmt->begin_offset);
    SILT_ASSIGN_OR_RETURN(auto result, ExecuteStatement(*stmt, text));
    if (result.schema->num_fields() == 0) continue;
    SILT_RETURN_NOT_OK(on_schema(*result.schema));
    for (const auto& b : result.batches) SILT_RETURN_NOT_OK(on_batch(*b));
  }
  return Status::OK();
}

Result<std::unique_ptr<QueryStream>> SessionContext::ExecuteStream(const std::string& sql) {
  SILT_ASSIGN_OR_RETURN(auto stmt, ParseStatement(sql));
  if (stmt->kind != StatementKind::kQuery) return Status::Plan("ExecuteStream needs a query");
  SILT_ASSIGN_OR_RETURN(auto optimized, OptimizeAst(*stmt->As<QueryStatement>().query));
  return std::make_unique<QueryStream>(optimized.physical, MakeTaskContext());
}

DataFrame SessionContext::SqlDataFrame(const std::string& sql) { return DataFrame(this, sql); }

DataFrame SessionContext::Table(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return DataFrame(this, "SELECT * FROM " + quoted + "\"");
}

Result<LogicalPlanPtr> SessionContext::BindQueryAst(const Query& query) {
  BinderOptions options;
  options.ident_normalization = settings_["sql_parser.enable_ident_normalization"] != "false";
  return BindQuery(query, *catalog_, options);
}

Result<LogicalPlanPtr> SessionContext::PlanQuery(const std::string& sql) {
  SILT_ASSIGN_OR_RETURN(auto stmt, ParseStatement(sql));
  if (stmt->kind != StatementKind::kQuery) return Status::Plan("not a query");
  return BindQueryAst(*stmt->As<QueryStatement>().query);
}

OptimizerConfig SessionContext::MakeOptimizerConfig() const {
  OptimizerConfig config;
  config.settings = settings_;
  return config;
}

Result<OptimizedQuery> SessionContext::OptimizeAst(const Query& query) {
  SILT_ASSIGN_OR_RETURN(auto plan, BindQueryAst(query));
  PhysicalPlannerOptions popts;
  return Optimize(plan, rulepack_, MakeOptimizerConfig(), popts);
}

Result<OptimizedQuery> SessionContext::OptimizeQuery(const std::string& sql) {
  SILT_ASSIGN_OR_RETURN(auto stmt, ParseStatement(sql));
  if (stmt->kind != StatementKind::kQuery) return Status::Plan("not a query");
  return OptimizeAst(*stmt->As<QueryStatement>().query);
}

Result<ExplainArtifacts> SessionContext::CaptureExplainArtifacts(const std::string& sql) {
  SILT_ASSIGN_OR_RETURN(auto optimized, OptimizeQuery(sql));
  ExplainArtifacts out;
  out.p0_initial_logical = optimized.initial->ToText();
  for (const auto& t : optimized.trace) {
    out.p1_trace += "## " + t.plan_type + "\n" + t.plan;
    if (!t.plan.empty() && t.plan.back() != '\n') out.p1_trace += "\n";
  }
  out.p1_trace += "## logical_plan\n" + optimized.logical->ToText();
  TaskContext ctx = MakeTaskContext();
  SILT_ASSIGN_OR_RETURN(auto batches, CollectPlan(optimized.physical, ctx));
  (void)batches;
  out.p2_analyzed_physical = optimized.physical->ToText(/*with_metrics=*/true);
  out.rulepack_fingerprint = optimized.fingerprint;
  return out;
}

Result<QueryResult> SessionContext::RunQuery(const Query& query) {
  SILT_ASSIGN_OR_RETURN(auto optimized, OptimizeAst(query));
  ExecutionPlanPtr physical = optimized.physical;
  TaskContext ctx = MakeTaskContext();
  QueryResult r;
  r.schema = physical->schema();
  SILT_ASSIGN_OR_RETURN(r.batches, CollectPlan(physical, ctx));
  return r;
}

Result<QueryResult> SessionContext::ExecuteStatement(const Statement& stmt, const std::string& sql) {
  switch (stmt.kind) {
    case StatementKind::kQuery:
      return RunQuery(*stmt.As<QueryStatement>().query);
    case StatementKind::kExplain:
      return Explain(stmt.As<ExplainStatement>());
    case StatementKind::kCreateTable:
      return CreateTable(stmt.As<CreateTableStatement>());
    case StatementKind::kCreateView:
      return CreateView(stmt.As<CreateViewStatement>(), sql);
    case StatementKind::kCreateIndex: {
      const auto& idx = stmt.As<CreateIndexStatement>();
      if (!catalog_->Lookup(JoinName(idx.table).substr(0), false) &&
          !catalog_->Lookup(idx.table.back().name, idx.table.back().quoted)) {
        return Status::Plan("table \"" + JoinName(idx.table) + "\" not found");
      }
      // Recorded only: silt plans from statistics, not indexes.
      if (idx.name) {
        std::string key = LowerName(idx.name->name);
        if (indexes_.count(key)) {
          if (idx.if_not_exists) return Empty();
          return Status::Plan("index \"" + idx.name->name + "\" already exists");
        }
        indexes_[key] = LowerName(idx.table.back().name);
      }
      return Empty();
    }
    case StatementKind::kDrop:
      return Drop(stmt.As<DropStatement>());
    case StatementKind::kInsert:
      return Insert(stmt.As<InsertStatement>());
    case StatementKind::kUpdate:
    case StatementKind::kDelete:
      return UpdateOrDelete(stmt);
    case StatementKind::kSet:
    case StatementKind::kReset:
    case StatementKind::kShow:
      return SetOrShow(stmt);
    case StatementKind::kTransaction:
      return Empty();  // autocommit: every statement is its own transaction
    case StatementKind::kPragma:
      return Status::NotSupported("PRAGMA is not supported");
  }
  return Status::Internal("unknown statement");
}

Result<QueryResult> SessionContext::Explain(const ExplainStatement& stmt) {
  if (stmt.statement->kind != StatementKind::kQuery) return Status::NotSupported("EXPLAIN of a non-query statement");
  const Query& query = *stmt.statement->As<QueryStatement>().query;
  SILT_ASSIGN_OR_RETURN(auto optimized, OptimizeAst(query));
  const ExecutionPlanPtr& physical = optimized.physical;
  std::vector<std::vector<std::string>> rows;
  if (stmt.analyze) {
    TaskContext ctx = MakeTaskContext();
    SILT_ASSIGN_OR_RETURN(auto batches, CollectPlan(physical, ctx));
    (void)batches;
    rows.push_back({"Plan with Metrics", stmt.format == ExplainFormat::kJson ? physical->ToJson(true) : physical->ToText(true)});
    if (stmt.verbose) rows.push_back({"rulepack", optimized.fingerprint});
  } else if (stmt.verbose) {
    rows.push_back({"initial_logical_plan", optimized.initial->ToText()});
    for (const auto& t : optimized.trace) rows.push_back({t.plan_type, t.plan});
    rows.push_back({"logical_plan", optimized.logical->ToText()});
    rows.push_back({"physical_plan", physical->ToText(false)});
    rows.push_back({"rulepack", optimized.fingerprint});
  } else if (stmt.format == ExplainFormat::kTree) {
    rows.push_back({"physical_plan", physical->ToTree()});
  } else if (stmt.format == ExplainFormat::kJson) {
    rows.push_back({"physical_plan", physical->ToJson(false)});
  } else {
    rows.push_back({"logical_plan", optimized.logical->ToText()});
    rows.push_back({"physical_plan", physical->ToText(false)});
  }
  SILT_ASSIGN_OR_RETURN(auto batch, TextRows({"plan_type", "plan"}, rows));
  QueryResult r;
  r.schema = batch->schema();
  r.batches = {batch};
  return r;
}

Result<QueryResult> SessionContext::CreateTable(const CreateTableStatement& stmt) {
  const Identifier& id = stmt.name.back();
  if (CatalogEntry* existing = catalog_->Lookup(id.name, id.quoted)) {
    if (stmt.if_not_exists) return Empty();
    if (!stmt.or_replace) return Status::Plan("table \"" + existing->name + "\" already exists");
  }
  CatalogEntry entry;
  entry.name = id.name;
  entry.temporary = stmt.temporary;
  if (stmt.external || stmt.location) {
    std::string format = stmt.stored_as ? LowerName(stmt.stored_as->name)
                         : stmt.using_format ? LowerName(stmt.using_format->name) : "";
    if (!stmt.location) return Status::Plan("CREATE EXTERNAL TABLE needs LOCATION");
    entry.location = *stmt.location;
    entry.format = format;
    if (format == "parquet") {
      SILT_ASSIGN_OR_RETURN(entry.table, OpenParquetTable(*stmt.location));
    } else if (format == "delta") {
      SILT_ASSIGN_OR_RETURN(entry.table, OpenDeltaTable(*stmt.location, std::nullopt, std::nullopt));
    } else if (format == "csv") {
      csv::CsvOptions options;
      for (const auto& o : stmt.options) {
        std::string value = ToSql(*o.value);
        if (value.size() >= 2 && value.front() == '\'') value = value.substr(1, value.size() - 2);
        SILT_RETURN_NOT_OK(csv::ApplyCsvOption(&options, o.key, value));
      }
      SILT_ASSIGN_OR_RETURN(entry.table, OpenCsvTable(*stmt.location, options));
    } else {
      return Status::NotSupported("external table format '" + format + "' (use PARQUET, DELTA or CSV)");
    }
    catalog_->Put(std::move(entry));
    return Empty();
  }
  if (stmt.as_query) {
    SILT_ASSIGN_OR_RETURN(auto result, RunQuery(*stmt.as_query));
    std::vector<FieldPtr> fields;
    for (const auto& f : result.schema->fields()) {
      fields.push_back(field(f->name, f->type->id() == TypeId::kNull ? utf8() : f->type, true));
    }
    auto schema = std::make_shared<Schema>(fields);
    auto table = std::make_shared<MemoryTable>(schema);
    functions::KernelContext kc;
    std::vector<RecordBatchPtr> batches;
    for (const auto& b : result.batches) {
      SILT_ASSIGN_OR_RETURN(auto c, ConformBatch(b, schema, kc));
      batches.push_back(c);
    }
    table->Append(std::move(batches));
    entry.table = table;
    catalog_->Put(std::move(entry));
    QueryResult r = Empty();
    r.affected_rows = result.num_rows();
    return r;
  }
  std::vector<FieldPtr> fields;
  for (const auto& col : stmt.columns) {
    DataTypePtr type = utf8();  // SQLite-style untyped columns hold text
    if (col.type) {
      SILT_ASSIGN_OR_RETURN(type, BindTypeName(*col.type));
    }
    for (const auto& f : fields) {
      if (LowerName(f->name) == LowerName(col.name.name)) {
        return Status::Plan("column \"" + col.name.name + "\" specified more than once");
      }
    }
    fields.push_back(field(col.name.name, type, !(col.not_null || col.primary_key)));
  }
  entry.table = std::make_shared<MemoryTable>(std::make_shared<Schema>(fields));
  catalog_->Put(std::move(entry));
  return Empty();
}

Result<QueryResult> SessionContext::CreateView(const CreateViewStatement& stmt, const std::string& sql) {
  const Identifier& id = stmt.name.back();
  if (CatalogEntry* existing = catalog_->Lookup(id.name, id.quoted)) {
    if (stmt.if_not_exists) return Empty();
    if (!stmt.or_replace) return Status::Plan("\"" + existing->name + "\" already exists");
  }
  // Keep a parsed copy of the statement; the view's query binds at each use. A recursive view
  // is the view of a recursive CTE of the same name (SQL standard, PostgreSQL):
  // CREATE RECURSIVE VIEW v (cols) AS q == CREATE VIEW v (cols) AS WITH RECURSIVE v (cols)
  // AS (q) SELECT cols FROM v.
  std::string view_sql = sql;
  if (stmt.recursive) {
    if (stmt.columns.empty()) return Status::Plan("CREATE RECURSIVE VIEW needs a column list");
    auto ident = [](const Identifier& i) {
      if (!i.quoted) return i.name;
      std::string out(1, '"');
      for (char c : i.name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
      }
      out.push_back('"');
      return out;
    };
    std::string cols;
    for (size_t i = 0; i < stmt.columns.size(); ++i) {
      if (i) cols.append(", ");
      cols.append(ident(stmt.columns[i]));
    }
    const std::string name = ident(id);
    view_sql.assign("CREATE VIEW ").append(name).append(" (").append(cols).append(") AS WITH RECURSIVE ");
    view_sql.append(name).append(" (").append(cols).append(") AS (").append(ToSql(*stmt.query));
    view_sql.append(") SELECT ").append(cols).append(" FROM ").append(name);
  }
  SILT_ASSIGN_OR_RETURN(auto parsed, ParseStatement(view_sql));
  auto owned = std::shared_ptr<Statement>(parsed.release());
  const auto& view = owned->As<CreateViewStatement>();
  CatalogEntry entry;
  entry.name = id.name;
  entry.view_sql = view_sql;
  entry.view_query = view.query.get();
  for (const auto& c : view.columns) entry.view_columns.push_back(c.name);
  entry.view_ast = owned;
  // Bind once now so a broken view fails at creation.
  SILT_ASSIGN_OR_RETURN(auto bound, BindQueryAst(*view.query));
  if (entry.view_columns.size() > static_cast<size_t>(bound->schema.size())) {
    return Status::Plan("CREATE VIEW specifies more column names (" + std::to_string(entry.view_columns.size()) +
                        ") than the query has columns (" + std::to_string(bound->schema.size()) + ")");
  }
  catalog_->Put(std::move(entry));
  return Empty();
}

Result<QueryResult> SessionContext::Drop(const DropStatement& stmt) {
  for (const auto& name : stmt.names) {
    const Identifier& id = name.back();
    if (stmt.object == ObjectKind::kIndex) {
      auto it = indexes_.find(LowerName(id.name));
      if (it == indexes_.end()) {
        if (stmt.if_exists) continue;
        return Status::Plan("index \"" + id.name + "\" not found");
      }
      indexes_.erase(it);
      continue;
    }
    CatalogEntry* e = catalog_->Lookup(id.name, id.quoted);
    bool is_view = e && e->view_query;
    if (!e || (stmt.object == ObjectKind::kView && !is_view) || (stmt.object == ObjectKind::kTable && is_view)) {
      if (stmt.if_exists) continue;
      return Status::Plan(std::string(stmt.object == ObjectKind::kView ? "view" : "table") + " \"" + id.name + "\" not found");
    }
    std::string table = LowerName(e->name);
    catalog_->Remove(id.name, id.quoted);
    for (auto it = indexes_.begin(); it != indexes_.end();) {
      it = it->second == table ? indexes_.erase(it) : std::next(it);
    }
  }
  return Empty();
}

Result<QueryResult> SessionContext::Insert(const InsertStatement& stmt) {
  const Identifier& id = stmt.table.back();
  CatalogEntry* e = catalog_->Lookup(id.name, id.quoted);
  if (!e || !e->table) return Status::Plan("table \"" + JoinName(stmt.table) + "\" not found");
  auto table = std::dynamic_pointer_cast<MemoryTable>(e->table);
  if (!table) return Status::NotSupported("INSERT into a " + e->table->kind() + " table");
  if (!stmt.source) return Status::NotSupported("INSERT ... DEFAULT VALUES");
  if (stmt.on_conflict || stmt.or_action != InsertOr::kNone) return Status::NotSupported("INSERT ... ON CONFLICT / OR REPLACE");
  SchemaPtr schema = table->schema();
  // Target column positions.
  std::vector<int> targets;
  if (stmt.columns.empty()) {
    for (int i = 0; i < schema->num_fields(); ++i) targets.push_back(i);
  } else {
    for (const auto& c : stmt.columns) {
      int found = -1;
      for (int i = 0; i < schema->num_fields(); ++i) {
        if (c.quoted ? schema->field(i)->name == c.name : LowerName(schema->field(i)->name) == LowerName(c.name)) found = i;
      }
      if (found < 0) return Status::Plan("column \"" + c.name + "\" of table \"" + e->name + "\" not found");
      targets.push_back(found);
    }
  }
  SILT_ASSIGN_OR_RETURN(auto result, RunQuery(*stmt.source));
  if (result.schema->num_fields() != static_cast<int>(targets.size())) {
    return Status::Plan("INSERT has " + std::to_string(result.schema->num_fields()) + " expressions but " +
                        std::to_string(targets.size()) + " target columns");
  }
  functions::KernelContext kc;
  std::vector<RecordBatchPtr> out;
  for (const auto& b : result.batches) {
    std::vector<ArrayDataPtr> cols(static_cast<size_t>(schema->num_fields()));
    for (int i = 0; i < schema->num_fields(); ++i) {
      SILT_ASSIGN_OR_RETURN(cols[i], MakeNullArray(schema->field(i)->type, b->num_rows()));
    }
    for (size_t k = 0; k < targets.size(); ++k) cols[targets[k]] = b->column(static_cast<int>(k));
    auto placed = std::make_shared<RecordBatch>(schema, b->num_rows(), cols);
    SILT_ASSIGN_OR_RETURN(auto conformed, ConformBatch(placed, schema, kc));
    out.push_back(conformed);
  }
  table->Append(std::move(out));
  return CountResult(result.num_rows());
}

Result<QueryResult> SessionContext::UpdateOrDelete(const Statement& stmt) {
  // Rewritten as queries over the table, whose results replace its rows.
  const bool is_update = stmt.kind == StatementKind::kUpdate;
  const QualifiedName& name = is_update ? stmt.As<UpdateStatement>().table : stmt.As<DeleteStatement>().table;
  const Expr* where = is_update ? stmt.As<UpdateStatement>().where.get() : stmt.As<DeleteStatement>().where.get();
  CatalogEntry* e = catalog_->Lookup(name.back().name, name.back().quoted);
  if (!e || !e->table) return Status::Plan("table \"" + JoinName(name) + "\" not found");
  auto table = std::dynamic_pointer_cast<MemoryTable>(e->table);
  if (!table) return Status::NotSupported(std::string(is_update ? "UPDATE" : "DELETE") + " on a " + e->table->kind() + " table");
  if ((is_update && !stmt.As<UpdateStatement>().from.empty()) || (!is_update && !stmt.As<DeleteStatement>().using_tables.empty())) {
    return Status::NotSupported("UPDATE ... FROM / DELETE ... USING");
  }
  std::string quoted = "\"" + e->name + "\"";
  std::string cond = where ? "coalesce((" + ToSql(*where) + "), false)" : "true";
  SILT_ASSIGN_OR_RETURN(auto count, Sql("SELECT count(*) FROM " + quoted + " WHERE " + cond));
  std::string select;
  SchemaPtr schema = table->schema();
  if (is_update) {
    const auto& up = stmt.As<UpdateStatement>();
    for (int i = 0; i < schema->num_fields(); ++i) {
      const auto& f = schema->field(i);
      std::string col = "\"" + f->name + "\"";
      std::string expr = col;
      for (const auto& a : up.assignments) {
        if (LowerName(a.column.name) == LowerName(f->name)) {
          expr = "CASE WHEN " + cond + " THEN (" + ToSql(*a.value) + ") ELSE " + col + " END";
        }
      }
      select += (i ? ", " : "") + expr;
    }
    for (const auto& a : up.assignments) {
      if (schema->FieldIndex(a.column.name) < 0) {
        bool found = false;
        for (const auto& f : schema->fields()) found = found || LowerName(f->name) == LowerName(a.column.name);
        if (!found) return Status::Plan("column \"" + a.column.name + "\" of table \"" + e->name + "\" not found");
      }
    }
    select = "SELECT " + select + " FROM " + quoted;
  } else {
    select = "SELECT * FROM " + quoted + " WHERE NOT " + cond;
  }
  SILT_ASSIGN_OR_RETURN(auto rows, Sql(select));
  functions::KernelContext kc;
  std::vector<RecordBatchPtr> out;
  for (const auto& b : rows.batches) {
    SILT_ASSIGN_OR_RETURN(auto c, ConformBatch(b, schema, kc));
    out.push_back(c);
  }
  table->Replace(std::move(out));
  SILT_ASSIGN_OR_RETURN(auto flat, Flatten(count.batches[0]->column(0)));
  return CountResult(flat->values<int64_t>()[0]);
}

Result<QueryResult> SessionContext::SetOrShow(const Statement& stmt) {
  if (stmt.kind == StatementKind::kSet) {
    const auto& set = stmt.As<SetStatement>();
    std::string name = LowerName(JoinName(set.name));
    if (set.to_default) {
      auto it = DefaultSettings().find(name);
      if (it == DefaultSettings().end()) return Status::Plan("unknown setting \"" + name + "\"");
      settings_[name] = it->second;
      return Empty();
    }
    std::string value;
    for (size_t i = 0; i < set.values.size(); ++i) {
      SILT_ASSIGN_OR_RETURN(auto v, BindConstantExpr(*set.values[i], BinderOptions{}));
      if (v->kind != BoundExprKind::kLiteral) return Status::Plan("SET needs a constant value");
      std::string text;
      AppendValueText(*v->value, 0, &text);
      value += (i ? ", " : "") + text;
    }
    SILT_RETURN_NOT_OK(SetSetting(name, value));
    return Empty();
  }
  if (stmt.kind == StatementKind::kReset) {
    const auto& reset = stmt.As<ResetStatement>();
    if (reset.all) {
      settings_ = DefaultSettings();
      return Empty();
    }
    std::string name = LowerName(JoinName(reset.name));
    auto it = DefaultSettings().find(name);
    if (it == DefaultSettings().end()) return Status::Plan("unknown setting \"" + name + "\"");
    settings_[name] = it->second;
    return Empty();
  }
  const auto& show = stmt.As<ShowStatement>();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> names = {"name", "value"};
  switch (show.show) {
    case ShowKind::kAll:
      for (const auto& [k, v] : settings_) rows.push_back({k, v});
      break;
    case ShowKind::kVariable: {
      std::string name = LowerName(JoinName(show.name));
      SILT_ASSIGN_OR_RETURN(auto v, GetSetting(name));
      rows.push_back({name, v});
      break;
    }
    case ShowKind::kTables:
      names = {"table_name", "table_type"};
      for (const auto& [k, e] : catalog_->entries()) rows.push_back({e.name, e.view_query ? "VIEW" : "BASE TABLE"});
      break;
    case ShowKind::kColumns: {
      names = {"column_name", "data_type", "is_nullable"};
      CatalogEntry* e = catalog_->Lookup(show.name.back().name, show.name.back().quoted);
      if (!e) return Status::Plan("table \"" + JoinName(show.name) + "\" not found");
      SchemaPtr schema;
      if (e->table) {
        schema = e->table->schema();
      } else {
        SILT_ASSIGN_OR_RETURN(auto plan, BindQueryAst(*e->view_query));
        schema = plan->schema.ToSchema();
      }
      for (const auto& f : schema->fields()) rows.push_back({f->name, f->type->ToString(), f->nullable ? "YES" : "NO"});
      break;
    }
  }
  SILT_ASSIGN_OR_RETURN(auto batch, TextRows(names, rows));
  QueryResult r;
  r.schema = batch->schema();
  r.batches = {batch};
  return r;
}

}  // namespace silt::sql
