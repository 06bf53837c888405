#pragma once

// SessionContext: the public entry point of the SQL engine. Holds the catalog (in-memory
// tables, views, external Parquet / Delta / CSV tables), the settings, and runs statements:
// parse -> bind -> plan -> execute.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "silt/columnar/array.h"
#include "silt/sql/exec/execution_plan.h"
#include "silt/sql/optimizer/optimizer.h"
#include "silt/sql/parser/ast.h"
#include "silt/sql/plan/logical_plan.h"

namespace silt::sql {

/// Rows of one statement.
struct QueryResult {
  SchemaPtr schema;
  std::vector<RecordBatchPtr> batches;
  /// Rows inserted / updated / deleted by DML (0 otherwise).
  int64_t affected_rows = 0;
  int64_t num_rows() const;
};

/// One registered object.
struct CatalogEntry {
  std::string name;
  std::shared_ptr<TableSource> table;
  /// Views keep their SQL text and parsed query.
  std::string view_sql;
  std::shared_ptr<void> view_ast;  // owns the parsed statement
  const Query* view_query = nullptr;
  std::vector<std::string> view_columns;
  bool temporary = false;
  /// External tables: where and in which format (Delta time travel re-opens the location).
  std::string location;
  std::string format;
};

class SessionCatalog;
class QueryStream;
class DataFrame;

/// The explain artifacts of one query, as text (golden-file friendly): P0 the unoptimized
/// logical plan, P1 the rule-by-rule trace (EXPLAIN VERBOSE rows, `plan_type` headers), P2 the
/// executed physical plan with per-operator metrics (EXPLAIN ANALYZE), plus the fingerprint.
struct ExplainArtifacts {
  std::string p0_initial_logical;
  std::string p1_trace;
  std::string p2_analyzed_physical;
  std::string rulepack_fingerprint;
};

/// A session: catalog + settings. Not thread-safe; use one per thread.
class SessionContext {
 public:
  SessionContext();
  ~SessionContext();

  /// Runs every statement of `sql`; returns the last statement's result.
  Result<QueryResult> Sql(const std::string& sql);
  /// Runs every statement, calling `on_result` after each.
  Status SqlEach(const std::string& sql, const std::function<Status(const QueryResult&)>& on_result);

  /// Runs every statement; query rows go to `on_batch` as they are produced (after
  /// `on_schema`), so the first rows print before a long query finishes. Other statements'
  /// rows arrive the same way.
  Status SqlStreaming(const std::string& sql, const std::function<Status(const Schema&)>& on_schema,
                      const std::function<Status(const RecordBatch&)>& on_batch);
  /// Starts one query and returns its rows as a stream.
  Result<std::unique_ptr<QueryStream>> ExecuteStream(const std::string& sql);
  /// A DataFrame over a query or a table.
  DataFrame SqlDataFrame(const std::string& sql);
  DataFrame Table(const std::string& name);

  /// Registers a table under `name` (replacing one of the same name).
  void RegisterTable(const std::string& name, std::shared_ptr<TableSource> table);
  Status RegisterParquet(const std::string& name, const std::string& path);
  Status RegisterDelta(const std::string& name, const std::string& path);

  /// The logical plan of a query (bound, before optimization).
  Result<LogicalPlanPtr> PlanQuery(const std::string& sql);

  /// Setting value as text, or NotFound-style Plan error.
  Result<std::string> GetSetting(const std::string& name) const;
  Status SetSetting(const std::string& name, const std::string& value);

  MemoryPool* pool() { return pool_; }

  /// The rules this session optimizes with; add custom rules here (they join the
  /// fingerprint).
  Rulepack& rulepack() { return rulepack_; }
  /// Binds and optimizes a query: P0 (initial logical plan), P1 (the rule-by-rule trace) and
  /// the physical plan; `explain_analyze` text (P2) is filled by ExplainAnalyze.
  Result<OptimizedQuery> OptimizeQuery(const std::string& sql);
  /// Optimizes and runs the query once, capturing P0 / P1 / P2.
  Result<ExplainArtifacts> CaptureExplainArtifacts(const std::string& sql);

 private:
  Result<QueryResult> ExecuteStatement(const Statement& stmt, const std::string& sql);
  Result<QueryResult> RunQuery(const Query& query);
  Result<LogicalPlanPtr> BindQueryAst(const Query& query);
  Result<QueryResult> Explain(const ExplainStatement& stmt);
  Result<QueryResult> CreateTable(const CreateTableStatement& stmt);
  Result<QueryResult> CreateView(const CreateViewStatement& stmt, const std::string& sql);
  Result<QueryResult> Drop(const DropStatement& stmt);
  Result<QueryResult> Insert(const InsertStatement& stmt);
  Result<QueryResult> UpdateOrDelete(const Statement& stmt);
  Result<QueryResult> SetOrShow(const Statement& stmt);
  TaskContext MakeTaskContext();

  Result<OptimizedQuery> OptimizeAst(const Query& query);
  OptimizerConfig MakeOptimizerConfig() const;

  std::unique_ptr<SessionCatalog> catalog_;
  Rulepack rulepack_ = DefaultRulepack();
  std::map<std::string, std::string> settings_;
  /// Buffers keep a raw pointer to the pool they came from and may outlive the session
  /// (results handed to the caller, tables dropped later), so session pools are retained for
  /// the life of the process (a few bytes each; see NewSessionPool).
  MemoryPool* pool_;
  /// CREATE INDEX records: index name -> table name (lower case). Dropping a table drops them.
  std::map<std::string, std::string> indexes_;
};

}  // namespace silt::sql
