#pragma once

// The DataFrame API and streamed query results.
//
// A DataFrame is an immutable, lazily evaluated query: each method returns a new DataFrame
// whose query wraps the previous one as a derived table, so every step is checked by the
// same binder as SQL and the optimizer sees (and flattens) the whole pipeline. Expressions
// are SQL text ("price * qty", "sum(x)").

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "silt/columnar/arrow_c_data.h"
#include "silt/sql/session/session.h"

namespace silt::sql {

/// Rows of a running query, pulled batch by batch: the first batch arrives before the query
/// finishes, and Cancel() stops it at the next batch boundary.
class QueryStream : public BatchStream {
 public:
  QueryStream(ExecutionPlanPtr plan, TaskContext ctx) : plan_(std::move(plan)), ctx_(std::move(ctx)) {}
  const SchemaPtr& schema() const override { return plan_->schema(); }
  Result<RecordBatchPtr> Next() override;
  /// Requests cancellation; Next() then returns Status::Cancelled.
  void Cancel() { ctx_.cancelled->store(true); }
  const ExecutionPlanPtr& plan() const { return plan_; }

 private:
  ExecutionPlanPtr plan_;
  TaskContext ctx_;
  BatchStreamPtr stream_;
};

/// Exports a stream as an Arrow C stream (ownership moves to `out`; released by its
/// consumer). Errors surface through get_next / get_last_error.
Status ExportQueryStream(std::unique_ptr<QueryStream> stream, ArrowArrayStream* out);

class DataFrame {
 public:
  DataFrame(SessionContext* session, std::string sql) : session_(session), sql_(std::move(sql)) {}

  /// SELECT exprs (each may carry `AS name`).
  DataFrame Select(const std::vector<std::string>& exprs) const;
  /// WHERE predicate.
  DataFrame Filter(const std::string& predicate) const;
  /// GROUP BY group_by, computing aggregates (e.g. "sum(x) AS total").
  DataFrame Aggregate(const std::vector<std::string>& group_by, const std::vector<std::string>& aggregates) const;
  /// `join_type` is INNER, LEFT, RIGHT, FULL, SEMI or ANTI; `on` refers to the inputs as l and r.
  DataFrame Join(const DataFrame& right, const std::string& join_type, const std::string& on) const;
  /// ORDER BY keys ("x DESC NULLS LAST").
  DataFrame Sort(const std::vector<std::string>& keys) const;
  DataFrame Limit(int64_t n, int64_t offset = 0) const;

  /// Runs the query and returns every row.
  Result<QueryResult> Collect() const;
  /// Runs the query as a stream.
  Result<std::unique_ptr<QueryStream>> Execute() const;
  /// EXPLAIN [VERBOSE] [ANALYZE] rows (plan_type, plan).
  Result<QueryResult> Explain(bool verbose = false, bool analyze = false) const;
  /// The query as SQL text.
  const std::string& sql() const { return sql_; }

 private:
  DataFrame Wrap(const std::string& head, const std::string& tail) const;
  SessionContext* session_;
  std::string sql_;
};

}  // namespace silt::sql
