#include "silt/sql/session/dataframe.h"

#include <atomic>

namespace silt::sql {

Result<RecordBatchPtr> QueryStream::Next() {
  SILT_RETURN_NOT_OK(ctx_.CheckCancelled());
  if (!stream_) {
    SILT_ASSIGN_OR_RETURN(stream_, plan_->Execute(0, ctx_));
  }
  return stream_->Next();
}

namespace {

struct StreamState {
  std::unique_ptr<QueryStream> stream;
  std::string last_error;
};

int GetSchema(ArrowArrayStream* s, ArrowSchema* out) {
  auto* st = static_cast<StreamState*>(s->private_data);
  Status status = ExportSchema(*st->stream->schema(), out);
  if (!status.ok()) {
    st->last_error = status.ToString();
    return 5;  // EIO
  }
  return 0;
}

int GetNext(ArrowArrayStream* s, ArrowArray* out) {
  auto* st = static_cast<StreamState*>(s->private_data);
  auto batch = st->stream->Next();
  if (!batch.ok()) {
    st->last_error = batch.status().ToString();
    return 5;
  }
  if (!*batch) {
    out->release = nullptr;  // end of stream
    return 0;
  }
  Status status = ExportRecordBatch(**batch, out);
  if (!status.ok()) {
    st->last_error = status.ToString();
    return 5;
  }
  return 0;
}

const char* GetLastError(ArrowArrayStream* s) {
  auto* st = static_cast<StreamState*>(s->private_data);
  return st->last_error.empty() ? nullptr : st->last_error.c_str();
}

void Release(ArrowArrayStream* s) {
  delete static_cast<StreamState*>(s->private_data);
  s->release = nullptr;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

std::atomic<int64_t> g_alias_counter{0};

}  // namespace

Status ExportQueryStream(std::unique_ptr<QueryStream> stream, ArrowArrayStream* out) {
  auto* st = new StreamState{std::move(stream), ""};
  out->get_schema = GetSchema;
  out->get_next = GetNext;
  out->get_last_error = GetLastError;
  out->release = Release;
  out->private_data = st;
  return Status::OK();
}

DataFrame DataFrame::Wrap(const std::string& head, const std::string& tail) const {
  std::string alias = "_df" + std::to_string(g_alias_counter++);
  return DataFrame(session_, head + " FROM (" + sql_ + ") AS " + alias + tail);
}

DataFrame DataFrame::Select(const std::vector<std::string>& exprs) const {
  return Wrap("SELECT " + JoinList(exprs), "");
}

DataFrame DataFrame::Filter(const std::string& predicate) const {
  return Wrap("SELECT *", " WHERE " + predicate);
}

DataFrame DataFrame::Aggregate(const std::vector<std::string>& group_by,
                               const std::vector<std::string>& aggregates) const {
  std::vector<std::string> items = group_by;
  items.insert(items.end(), aggregates.begin(), aggregates.end());
  return Wrap("SELECT " + JoinList(items), group_by.empty() ? "" : " GROUP BY " + JoinList(group_by));
}

DataFrame DataFrame::Join(const DataFrame& right, const std::string& join_type, const std::string& on) const {
  return DataFrame(session_, "SELECT * FROM (" + sql_ + ") AS l " + join_type + " JOIN (" + right.sql_ +
                                 ") AS r ON " + on);
}

DataFrame DataFrame::Sort(const std::vector<std::string>& keys) const {
  return Wrap("SELECT *", " ORDER BY " + JoinList(keys));
}

DataFrame DataFrame::Limit(int64_t n, int64_t offset) const {
  return Wrap("SELECT *", " LIMIT " + std::to_string(n) + (offset ? " OFFSET " + std::to_string(offset) : ""));
}

Result<QueryResult> DataFrame::Collect() const { return session_->Sql(sql_); }

Result<std::unique_ptr<QueryStream>> DataFrame::Execute() const { return session_->ExecuteStream(sql_); }

Result<QueryResult> DataFrame::Explain(bool verbose, bool analyze) const {
  std::string prefix = "EXPLAIN ";
  if (analyze) prefix += "ANALYZE ";
  if (verbose) prefix += "VERBOSE ";
  return session_->Sql(prefix + sql_);
}

}  // namespace silt::sql
