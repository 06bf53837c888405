// Streaming operators: scan, values, projection, filter, limit, union, batch coalescing.
#include "silt/sql/exec/expression_eval.h"

#include <map>

#include "silt/format/value_text.h"
#include "silt/sql/exec/operators.h"
#include "silt/sql/kernels/take.h"

namespace silt::sql {

std::string ExecutionPlan::ToText(bool with_metrics) const {
  std::string out;
  struct Frame {
    const ExecutionPlan* node;
    int depth;
  };
  std::vector<Frame> stack{{this, 0}};
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    out.append(static_cast<size_t>(f.depth) * 2, ' ');
    out += f.node->name();
    std::string d = f.node->details();
    if (!d.empty()) out += ": " + d;
    if (with_metrics) {
      const auto& m = f.node->metrics();
      out += ", metrics=[output_rows=" + std::to_string(m.output_rows) +
             ", output_batches=" + std::to_string(m.output_batches) +
             ", elapsed_compute=" + std::to_string(m.elapsed_compute_ns / 1000) + "us";
      if (m.peak_memory_bytes > 0) out += ", peak_mem=" + std::to_string(m.peak_memory_bytes);
      for (const auto& [k, v] : m.extra) out += ", " + k + "=" + std::to_string(v);
      out += "]";
    }
    out += "\n";
    const auto& kids = f.node->children();
    for (size_t i = kids.size(); i-- > 0;) stack.push_back({kids[i].get(), f.depth + 1});
  }
  return out;
}

std::string ExecutionPlan::ToJson(bool with_metrics) const {
  // Built with append(): GCC 12 reports a false -Wrestrict on `"literal" + std::string`.
  std::string out = "{\"name\":";
  AppendJsonString(name(), &out);
  out.append(",\"details\":");
  AppendJsonString(details(), &out);
  if (with_metrics) {
    const auto& m = metrics();
    std::vector<std::pair<std::string, int64_t>> all = {{"output_rows", m.output_rows},
                                                        {"output_batches", m.output_batches},
                                                        {"elapsed_compute_ns", m.elapsed_compute_ns},
                                                        {"peak_memory_bytes", m.peak_memory_bytes}};
    all.insert(all.end(), m.extra.begin(), m.extra.end());
    out.append(",\"metrics\":{");
    for (size_t i = 0; i < all.size(); ++i) {
      if (i) out.append(",");
      AppendJsonString(all[i].first, &out);
      out.append(":").append(std::to_string(all[i].second));
    }
    out.append("}");
  }
  out.append(",\"children\":[");
  for (size_t i = 0; i < children_.size(); ++i) {
    if (i) out.append(",");
    out.append(children_[i]->ToJson(with_metrics));
  }
  out.append("]}");
  return out;
}

namespace {

/// Splits text into lines of at most `width` bytes (at spaces where possible).
std::vector<std::string> Wrap(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  std::string rest = text;
  while (rest.size() > width) {
    size_t cut = rest.rfind(' ', width);
    if (cut == std::string::npos || cut == 0) cut = width;
    lines.push_back(rest.substr(0, cut));
    rest = rest.substr(cut == width ? cut : cut + 1);
  }
  if (!rest.empty() || lines.empty()) lines.push_back(rest);
  return lines;
}

void AppendBox(const ExecutionPlan& node, int depth, std::string* out) {
  constexpr size_t kWidth = 60;
  std::string indent(static_cast<size_t>(depth) * 4, ' ');
  auto rule = [&](const char* l, const char* r) {
    *out += indent + l;
    for (size_t i = 0; i < kWidth + 2; ++i) *out += "─";
    *out += std::string(r) + "\n";
  };
  auto line = [&](const std::string& text) {
    *out += indent + "│ " + text + std::string(kWidth - std::min(kWidth, text.size()), ' ') + " │\n";
  };
  rule("┌", "┐");
  line(node.name());
  for (const auto& l : Wrap(node.details(), kWidth)) line(l);
  rule("└", "┘");
  for (const auto& c : node.children()) AppendBox(*c, depth + 1, out);
}

}  // namespace

std::string ExecutionPlan::ToTree() const {
  std::string out;
  AppendBox(*this, 0, &out);
  return out;
}

Result<std::vector<RecordBatchPtr>> CollectStream(BatchStream& stream) {
  std::vector<RecordBatchPtr> out;
  while (true) {
    SILT_ASSIGN_OR_RETURN(auto b, stream.Next());
    if (!b) break;
    out.push_back(std::move(b));
  }
  return out;
}

Result<RecordBatchPtr> GatherStream(BatchStream& in, const SchemaPtr& schema, TaskContext& ctx) {
  std::vector<RecordBatchPtr> batches;
  int64_t rows = 0;
  while (true) {
    SILT_RETURN_NOT_OK(ctx.CheckCancelled());
    SILT_ASSIGN_OR_RETURN(auto b, in.Next());
    if (!b) break;
    if (b->num_rows() == 0) continue;
    rows += b->num_rows();
    batches.push_back(std::move(b));
  }
  std::vector<ArrayDataPtr> cols;
  for (int c = 0; c < schema->num_fields(); ++c) {
    if (batches.empty()) {
      SILT_ASSIGN_OR_RETURN(auto empty, MakeNullArray(schema->field(c)->type, 0, ctx.pool));
      cols.push_back(empty);
      continue;
    }
    if (batches.size() == 1) {
      cols.push_back(batches[0]->column(c));
      continue;
    }
    std::vector<ArrayDataPtr> parts;
    for (const auto& b : batches) parts.push_back(b->column(c));
    SILT_ASSIGN_OR_RETURN(auto col, Concatenate(parts, ctx.pool));
    cols.push_back(std::move(col));
  }
  return std::make_shared<RecordBatch>(schema, rows, std::move(cols));
}

Result<std::vector<RecordBatchPtr>> CollectPlan(const ExecutionPlanPtr& plan, TaskContext& ctx) {
  std::vector<RecordBatchPtr> out;
  for (int p = 0; p < plan->output_partitions(); ++p) {
    SILT_ASSIGN_OR_RETURN(auto stream, plan->Execute(p, ctx));
    SILT_ASSIGN_OR_RETURN(auto batches, CollectStream(*stream));
    out.insert(out.end(), batches.begin(), batches.end());
  }
  return out;
}

namespace {

std::string ExprList(const std::vector<BoundExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) out += (i ? ", " : "") + exprs[i]->ToString();
  return out;
}

/// Counts output into an operator's metrics.
void CountOutput(OperatorMetrics& m, const RecordBatchPtr& b) {
  if (!b) return;
  m.output_rows += b->num_rows();
  m.output_batches += 1;
}

// ---------------------------------------------------------------------------------------
class ScanExec : public ExecutionPlan {
 public:
  ScanExec(std::string table, std::shared_ptr<TableSource> source, std::vector<int> projection,
           std::vector<BoundExprPtr> filters, std::optional<int64_t> limit, SchemaPtr schema)
      : table_(std::move(table)), source_(std::move(source)), projection_(std::move(projection)),
        filters_(std::move(filters)), limit_(limit) {
    schema_ = std::move(schema);
  }
  /// Applies (and prunes with) filters published at run time, described in EXPLAIN by
  /// `description` (the columns they constrain).
  void SetRuntimeFilters(std::shared_ptr<RuntimeFilters> filters, std::string description) {
    runtime_filters_ = std::move(filters);
    runtime_description_ = std::move(description);
  }
  const std::shared_ptr<RuntimeFilters>& runtime_filters() const { return runtime_filters_; }
  const std::string& runtime_description() const { return runtime_description_; }
  std::string name() const override { return "ScanExec"; }
  std::string details() const override {
    std::string out = table_;
    std::string desc = source_->Describe();
    if (!desc.empty()) out += " " + desc;
    out += " (" + source_->kind() + ") projection=[";
    for (int i = 0; i < schema_->num_fields(); ++i) out += (i ? ", " : "") + schema_->field(i)->name;
    out += "]";
    if (!filters_.empty()) out += " filters=[" + ExprList(filters_) + "]";
    if (limit_) out += " limit=" + std::to_string(*limit_);
    if (runtime_filters_) out += " runtime_filters=[" + runtime_description_ + "]";
    return out;
  }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr>) const override {
    return std::make_shared<ScanExec>(*this);
  }
  Result<BatchStreamPtr> Execute(int, TaskContext& ctx) override {
    ScanRequest req;
    req.projection = projection_;
    req.filters = filters_;
    req.limit = limit_;
    req.batch_size = ctx.batch_size;
    req.pool = ctx.pool;
    req.runtime_filters = runtime_filters_;
    SILT_ASSIGN_OR_RETURN(auto scan, source_->Scan(req));
    return BatchStreamPtr(new Stream(this, std::move(scan), ctx));
  }

 private:
  class Stream : public BatchStream {
   public:
    Stream(ScanExec* op, std::unique_ptr<TableScan> scan, TaskContext& ctx)
        : op_(op), scan_(std::move(scan)), ctx_(ctx) {}
    const SchemaPtr& schema() const override { return op_->schema_; }
    Result<RecordBatchPtr> Next() override {
      SILT_RETURN_NOT_OK(ctx_.CheckCancelled());
      RecordBatchPtr b;
      {
        ComputeTimer t(op_->metrics());
        SILT_ASSIGN_OR_RETURN(b, scan_->Next());
      }
      if (b && b->schema() != op_->schema_) {
        b = std::make_shared<RecordBatch>(op_->schema_, b->num_rows(), b->columns());
      }
      if (b && op_->runtime_filters_) {
        // Rows outside the published bounds cannot match the join that published them.
        ComputeTimer t(op_->metrics());
        // Only when selective: the join filters exactly anyway, and copying a batch to drop
        // a few rows costs more than probing them. Adaptive: a filter that kept > 80% of the
        // first 64K rows it saw is not evaluated again in this scan (a range that spans the
        // probe side's values, a key set holding most of its keys).
        for (const auto& f : op_->runtime_filters_->Get()) {
          FilterStats& stats = filter_stats_[f.get()];
          if (stats.Unselective()) continue;
          SILT_ASSIGN_OR_RETURN(auto mask, EvaluateExpr(*f, *b, ctx_.kernel));
          SILT_ASSIGN_OR_RETURN(auto flat, Flatten(mask, ctx_.pool));
          std::vector<int64_t> keep = SelectedRows(*flat);
          stats.Count(b->num_rows(), static_cast<int64_t>(keep.size()));
          if (static_cast<double>(keep.size()) > 0.8 * static_cast<double>(b->num_rows())) continue;
          int64_t before = b->num_rows();
          SILT_ASSIGN_OR_RETURN(b, TakeBatch(*b, keep.data(), static_cast<int64_t>(keep.size()), ctx_.pool));
          runtime_filtered_ += before - b->num_rows();
        }
        for (const auto& set : op_->runtime_filters_->KeySets()) {
          FilterStats& stats = filter_stats_[set.get()];
          if (stats.Unselective()) continue;
          SILT_ASSIGN_OR_RETURN(auto flat, Flatten(b->column(set->column()), ctx_.pool));
          std::vector<int64_t> keep;
          set->Select(*flat, &keep);
          stats.Count(b->num_rows(), static_cast<int64_t>(keep.size()));
          if (static_cast<double>(keep.size()) > 0.8 * static_cast<double>(b->num_rows())) continue;
          int64_t before = b->num_rows();
          SILT_ASSIGN_OR_RETURN(b, TakeBatch(*b, keep.data(), static_cast<int64_t>(keep.size()), ctx_.pool));
          runtime_filtered_ += before - b->num_rows();
        }
      }
      CountOutput(op_->metrics(), b);
      op_->metrics().extra = scan_->metrics();
      if (op_->runtime_filters_) op_->metrics().extra.emplace_back("rows_removed_by_runtime_filters", runtime_filtered_);
      return b;
    }

   private:
    ScanExec* op_;
    std::unique_ptr<TableScan> scan_;
    TaskContext& ctx_;
    int64_t runtime_filtered_ = 0;
    /// Rows a runtime filter saw and kept in this scan.
    struct FilterStats {
      int64_t rows_in = 0;
      int64_t rows_kept = 0;
      void Count(int64_t in, int64_t kept) {
        rows_in += in;
        rows_kept += kept;
      }
      bool Unselective() const { return rows_in >= 65536 && rows_kept * 5 > rows_in * 4; }
    };
    std::map<const void*, FilterStats> filter_stats_;  ///< by filter (conjunct or key set)
  };

  std::shared_ptr<RuntimeFilters> runtime_filters_;
  std::string runtime_description_;
  std::string table_;
  std::shared_ptr<TableSource> source_;
  std::vector<int> projection_;
  std::vector<BoundExprPtr> filters_;
  std::optional<int64_t> limit_;
};

// ---------------------------------------------------------------------------------------
class ValuesExec : public ExecutionPlan {
 public:
  ValuesExec(SchemaPtr schema, std::vector<RecordBatchPtr> batches, std::string label)
      : batches_(std::move(batches)), label_(std::move(label)) {
    schema_ = std::move(schema);
  }
  std::string name() const override { return label_; }
  std::string details() const override {
    int64_t rows = 0;
    for (const auto& b : batches_) rows += b->num_rows();
    return "rows=" + std::to_string(rows);
  }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr>) const override {
    return std::make_shared<ValuesExec>(*this);
  }
  Result<BatchStreamPtr> Execute(int, TaskContext&) override {
    for (const auto& b : batches_) CountOutput(metrics(), b);
    return BatchStreamPtr(new VectorStream(schema_, batches_));
  }

 private:
  std::vector<RecordBatchPtr> batches_;
  std::string label_;
};

// ---------------------------------------------------------------------------------------
class ProjectionExec : public ExecutionPlan {
 public:
  ProjectionExec(ExecutionPlanPtr input, std::vector<BoundExprPtr> exprs, SchemaPtr schema)
      : exprs_(std::move(exprs)) {
    schema_ = std::move(schema);
    children_ = {std::move(input)};
  }
  std::string name() const override { return "ProjectionExec"; }
  std::string details() const override {
    std::string out = "expr=[";
    for (size_t i = 0; i < exprs_.size(); ++i) {
      std::string e = exprs_[i]->ToString();
      out += (i ? ", " : "") + e;
      if (e != schema_->field(static_cast<int>(i))->name) out += " AS " + schema_->field(static_cast<int>(i))->name;
    }
    return out + "]";
  }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<ProjectionExec>(c[0], exprs_, schema_);
  }
  const std::vector<BoundExprPtr>& exprs() const { return exprs_; }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    SILT_ASSIGN_OR_RETURN(auto in, children_[0]->Execute(partition, ctx));
    return BatchStreamPtr(new Stream(this, std::move(in), ctx));
  }

 private:
  class Stream : public BatchStream {
   public:
    Stream(ProjectionExec* op, BatchStreamPtr in, TaskContext& ctx) : op_(op), in_(std::move(in)), ctx_(ctx) {}
    const SchemaPtr& schema() const override { return op_->schema_; }
    Result<RecordBatchPtr> Next() override {
      SILT_RETURN_NOT_OK(ctx_.CheckCancelled());
      SILT_ASSIGN_OR_RETURN(auto b, in_->Next());
      if (!b) return b;
      ComputeTimer t(op_->metrics());
      std::vector<ArrayDataPtr> cols;
      cols.reserve(op_->exprs_.size());
      for (const auto& e : op_->exprs_) {
        SILT_ASSIGN_OR_RETURN(auto c, EvaluateExpr(*e, *b, ctx_.kernel));
        cols.push_back(std::move(c));
      }
      auto out = std::make_shared<RecordBatch>(op_->schema_, b->num_rows(), std::move(cols));
      CountOutput(op_->metrics(), out);
      return out;
    }

   private:
    ProjectionExec* op_;
    BatchStreamPtr in_;
    TaskContext& ctx_;
  };
  std::vector<BoundExprPtr> exprs_;
};

// ---------------------------------------------------------------------------------------
class FilterExec : public ExecutionPlan {
 public:
  // Equal subtrees of the predicate become one node, evaluated once per batch.
  FilterExec(ExecutionPlanPtr input, BoundExprPtr predicate) : predicate_(ShareEqualSubtrees(predicate)) {
    schema_ = input->schema();
    children_ = {std::move(input)};
  }
  std::string name() const override { return "FilterExec"; }
  std::string details() const override { return "predicate=" + predicate_->ToString(); }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<FilterExec>(c[0], predicate_);
  }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    SILT_ASSIGN_OR_RETURN(auto in, children_[0]->Execute(partition, ctx));
    return BatchStreamPtr(new Stream(this, std::move(in), ctx));
  }

 private:
  class Stream : public BatchStream {
   public:
    Stream(FilterExec* op, BatchStreamPtr in, TaskContext& ctx) : op_(op), in_(std::move(in)), ctx_(ctx) {}
    const SchemaPtr& schema() const override { return op_->schema_; }
    Result<RecordBatchPtr> Next() override {
      while (true) {
        SILT_RETURN_NOT_OK(ctx_.CheckCancelled());
        SILT_ASSIGN_OR_RETURN(auto b, in_->Next());
        if (!b) return b;
        ComputeTimer t(op_->metrics());
        SILT_ASSIGN_OR_RETURN(auto mask, EvaluateExpr(*op_->predicate_, *b, ctx_.kernel));
        SILT_ASSIGN_OR_RETURN(auto out, FilterByMask(b, *mask, ctx_.pool));
        if (out->num_rows() == 0) continue;
        if (out->schema() != op_->schema_) {
          out = std::make_shared<RecordBatch>(op_->schema_, out->num_rows(), out->columns());
        }
        CountOutput(op_->metrics(), out);
        return out;
      }
    }

   private:
    FilterExec* op_;
    BatchStreamPtr in_;
    TaskContext& ctx_;
  };
  BoundExprPtr predicate_;
};

// ---------------------------------------------------------------------------------------
class LimitExec : public ExecutionPlan {
 public:
  LimitExec(ExecutionPlanPtr input, int64_t skip, std::optional<int64_t> fetch) : skip_(skip), fetch_(fetch) {
    schema_ = input->schema();
    children_ = {std::move(input)};
  }
  std::string name() const override { return "LimitExec"; }
  std::string details() const override {
    return "skip=" + std::to_string(skip_) + ", fetch=" + (fetch_ ? std::to_string(*fetch_) : "None");
  }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<LimitExec>(c[0], skip_, fetch_);
  }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    SILT_ASSIGN_OR_RETURN(auto in, children_[0]->Execute(partition, ctx));
    return BatchStreamPtr(new Stream(this, std::move(in)));
  }

 private:
  class Stream : public BatchStream {
   public:
    Stream(LimitExec* op, BatchStreamPtr in) : op_(op), in_(std::move(in)), to_skip_(op->skip_) {
      remaining_ = op->fetch_ ? *op->fetch_ : INT64_MAX;
    }
    const SchemaPtr& schema() const override { return op_->schema_; }
    Result<RecordBatchPtr> Next() override {
      // Stops pulling once the limit is reached, so upstream scans stop early.
      while (remaining_ > 0) {
        SILT_ASSIGN_OR_RETURN(auto b, in_->Next());
        if (!b) return b;
        int64_t start = std::min(to_skip_, b->num_rows());
        to_skip_ -= start;
        int64_t len = std::min(remaining_, b->num_rows() - start);
        if (len <= 0) continue;
        remaining_ -= len;
        auto out = (start == 0 && len == b->num_rows()) ? b : b->Slice(start, len);
        CountOutput(op_->metrics(), out);
        return out;
      }
      return RecordBatchPtr();
    }

   private:
    LimitExec* op_;
    BatchStreamPtr in_;
    int64_t to_skip_;
    int64_t remaining_;
  };
  int64_t skip_;
  std::optional<int64_t> fetch_;
};

// ---------------------------------------------------------------------------------------
class UnionExec : public ExecutionPlan {
 public:
  UnionExec(std::vector<ExecutionPlanPtr> inputs, SchemaPtr schema) {
    schema_ = std::move(schema);
    children_ = std::move(inputs);
  }
  std::string name() const override { return "UnionExec"; }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<UnionExec>(std::move(c), schema_);
  }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    return BatchStreamPtr(new Stream(this, partition, ctx));
  }

 private:
  class Stream : public BatchStream {
   public:
    Stream(UnionExec* op, int partition, TaskContext& ctx) : op_(op), partition_(partition), ctx_(ctx) {}
    const SchemaPtr& schema() const override { return op_->schema_; }
    Result<RecordBatchPtr> Next() override {
      while (child_ < op_->children_.size()) {
        if (!current_) {
          SILT_ASSIGN_OR_RETURN(current_, op_->children_[child_]->Execute(partition_, ctx_));
        }
        SILT_ASSIGN_OR_RETURN(auto b, current_->Next());
        if (b) {
          auto out = std::make_shared<RecordBatch>(op_->schema_, b->num_rows(), b->columns());
          CountOutput(op_->metrics(), out);
          return RecordBatchPtr(out);
        }
        current_.reset();
        ++child_;
      }
      return RecordBatchPtr();
    }

   private:
    UnionExec* op_;
    int partition_;
    TaskContext& ctx_;
    size_t child_ = 0;
    BatchStreamPtr current_;
  };
};

// ---------------------------------------------------------------------------------------
class CoalesceBatchesExec : public ExecutionPlan {
 public:
  CoalesceBatchesExec(ExecutionPlanPtr input, int64_t target) : target_(target) {
    schema_ = input->schema();
    children_ = {std::move(input)};
  }
  std::string name() const override { return "CoalesceBatchesExec"; }
  std::string details() const override { return "target_batch_size=" + std::to_string(target_); }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<CoalesceBatchesExec>(c[0], target_);
  }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    SILT_ASSIGN_OR_RETURN(auto in, children_[0]->Execute(partition, ctx));
    return BatchStreamPtr(new Stream(this, std::move(in), ctx));
  }

 private:
  class Stream : public BatchStream {
   public:
    Stream(CoalesceBatchesExec* op, BatchStreamPtr in, TaskContext& ctx) : op_(op), in_(std::move(in)), ctx_(ctx) {}
    const SchemaPtr& schema() const override { return op_->schema_; }
    Result<RecordBatchPtr> Next() override {
      std::vector<RecordBatchPtr> pending;
      int64_t rows = 0;
      while (rows < op_->target_) {
        SILT_ASSIGN_OR_RETURN(auto b, in_->Next());
        if (!b) break;
        // Batches at least half the target pass through: merging them would cost a copy
        // of every row for little gain.
        if (b->num_rows() * 2 >= op_->target_ && pending.empty()) {
          CountOutput(op_->metrics(), b);
          return b;
        }
        rows += b->num_rows();
        pending.push_back(std::move(b));
      }
      if (pending.empty()) return RecordBatchPtr();
      if (pending.size() == 1) {
        CountOutput(op_->metrics(), pending[0]);
        return pending[0];
      }
      ComputeTimer t(op_->metrics());
      std::vector<ArrayDataPtr> cols;
      for (int c = 0; c < op_->schema_->num_fields(); ++c) {
        std::vector<ArrayDataPtr> parts;
        for (const auto& b : pending) parts.push_back(b->column(c));
        SILT_ASSIGN_OR_RETURN(auto col, Concatenate(parts, ctx_.pool));
        cols.push_back(std::move(col));
      }
      auto out = std::make_shared<RecordBatch>(op_->schema_, rows, std::move(cols));
      CountOutput(op_->metrics(), out);
      return RecordBatchPtr(out);
    }

   private:
    CoalesceBatchesExec* op_;
    BatchStreamPtr in_;
    TaskContext& ctx_;
  };
  int64_t target_;
};

// ---------------------------------------------------------------------------------------
class UnnestExec : public ExecutionPlan {
 public:
  UnnestExec(ExecutionPlanPtr input, std::vector<int> columns, bool outer, SchemaPtr schema)
      : columns_(std::move(columns)), outer_(outer) {
    schema_ = std::move(schema);
    children_ = {std::move(input)};
  }
  std::string name() const override { return "UnnestExec"; }
  std::string details() const override {
    std::string out = columns_.size() == 1 ? "column=" : "columns=[";
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i) out.append(", ");
      out.append(children_[0]->schema()->field(columns_[i])->name);
    }
    if (columns_.size() != 1) out.push_back(']');
    if (outer_) out.append(", outer");
    return out;
  }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<UnnestExec>(c[0], columns_, outer_, schema_);
  }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    SILT_ASSIGN_OR_RETURN(auto in, children_[0]->Execute(partition, ctx));
    return BatchStreamPtr(new Stream(this, std::move(in), ctx));
  }

 private:
  class Stream : public BatchStream {
   public:
    Stream(UnnestExec* op, BatchStreamPtr in, TaskContext& ctx) : op_(op), in_(std::move(in)), ctx_(ctx) {}
    const SchemaPtr& schema() const override { return op_->schema_; }
    Result<RecordBatchPtr> Next() override {
      while (true) {
        SILT_RETURN_NOT_OK(ctx_.CheckCancelled());
        SILT_ASSIGN_OR_RETURN(auto b, in_->Next());
        if (!b) return b;
        ComputeTimer t(op_->metrics());
        const size_t k_lists = op_->columns_.size();
        std::vector<ArrayDataPtr> lists;
        for (int c : op_->columns_) {
          SILT_ASSIGN_OR_RETURN(auto list, Flatten(b->column(c), ctx_.pool));
          lists.push_back(std::move(list));
        }
        // rows[r]: the input row of output row r; items[j][r]: list j's element (-1: NULL).
        std::vector<int64_t> rows;
        std::vector<std::vector<int64_t>> items(k_lists);
        for (int64_t i = 0; i < b->num_rows(); ++i) {
          int64_t longest = op_->outer_ ? 1 : 0;
          for (const auto& list : lists) {
            if (list->IsValid(i)) longest = std::max<int64_t>(longest, list->list_offsets()[i + 1] - list->list_offsets()[i]);
          }
          for (int64_t k = 0; k < longest; ++k) {
            rows.push_back(i);
            for (size_t j = 0; j < k_lists; ++j) {
              const int32_t* offs = lists[j]->list_offsets();
              bool has = lists[j]->IsValid(i) && k < offs[i + 1] - offs[i];
              items[j].push_back(has ? offs[i] + k : -1);
            }
          }
        }
        if (rows.empty()) continue;
        int64_t n = static_cast<int64_t>(rows.size());
        SILT_ASSIGN_OR_RETURN(auto repeated, TakeBatch(*b, rows.data(), n, ctx_.pool));
        std::vector<ArrayDataPtr> cols = repeated->columns();
        for (size_t j = 0; j < k_lists; ++j) {
          SILT_ASSIGN_OR_RETURN(auto element, Take(lists[j]->children[0], items[j].data(), n, ctx_.pool));
          cols.push_back(std::move(element));
        }
        auto out = std::make_shared<RecordBatch>(op_->schema_, n, std::move(cols));
        CountOutput(op_->metrics(), out);
        return RecordBatchPtr(out);
      }
    }

   private:
    UnnestExec* op_;
    BatchStreamPtr in_;
    TaskContext& ctx_;
  };
  std::vector<int> columns_;
  bool outer_;
};

}  // namespace

ExecutionPlanPtr MakeUnnestExec(ExecutionPlanPtr input, std::vector<int> columns, bool outer, SchemaPtr schema) {
  return std::make_shared<UnnestExec>(std::move(input), std::move(columns), outer, std::move(schema));
}

ExecutionPlanPtr MakeScanExec(std::string table_name, std::shared_ptr<TableSource> source,
                              std::vector<int> projection, std::vector<BoundExprPtr> filters,
                              std::optional<int64_t> limit, SchemaPtr schema) {
  return std::make_shared<ScanExec>(std::move(table_name), std::move(source), std::move(projection),
                                    std::move(filters), limit, std::move(schema));
}
ExecutionPlanPtr WithRuntimeFilters(const ExecutionPlanPtr& scan, std::shared_ptr<RuntimeFilters> filters,
                                    std::string description) {
  auto* s = dynamic_cast<ScanExec*>(scan.get());
  if (!s) return nullptr;
  auto copy = std::make_shared<ScanExec>(*s);
  copy->SetRuntimeFilters(std::move(filters), std::move(description));
  return copy;
}
ExecutionPlanPtr AddRuntimeFilters(const ExecutionPlanPtr& scan, std::shared_ptr<RuntimeFilters> filters,
                                   const std::string& column) {
  auto* s = dynamic_cast<ScanExec*>(scan.get());
  if (!s) return nullptr;
  if (!s->runtime_filters()) return WithRuntimeFilters(scan, std::move(filters), column);
  std::string description = s->runtime_description();
  description.append(", ").append(column);
  return WithRuntimeFilters(scan, RuntimeFilters::Combine({s->runtime_filters(), std::move(filters)}), description);
}

const std::vector<BoundExprPtr>* ProjectionExprsOf(const ExecutionPlan& plan) {
  auto* p = dynamic_cast<const ProjectionExec*>(&plan);
  return p ? &p->exprs() : nullptr;
}

ExecutionPlanPtr MakeValuesExec(SchemaPtr schema, std::vector<RecordBatchPtr> batches, std::string label) {
  return std::make_shared<ValuesExec>(std::move(schema), std::move(batches), std::move(label));
}
ExecutionPlanPtr MakeProjectionExec(ExecutionPlanPtr input, std::vector<BoundExprPtr> exprs, SchemaPtr schema) {
  return std::make_shared<ProjectionExec>(std::move(input), std::move(exprs), std::move(schema));
}
ExecutionPlanPtr MakeFilterExec(ExecutionPlanPtr input, BoundExprPtr predicate) {
  return std::make_shared<FilterExec>(std::move(input), std::move(predicate));
}
ExecutionPlanPtr MakeLimitExec(ExecutionPlanPtr input, int64_t skip, std::optional<int64_t> fetch) {
  return std::make_shared<LimitExec>(std::move(input), skip, fetch);
}
ExecutionPlanPtr MakeUnionExec(std::vector<ExecutionPlanPtr> inputs, SchemaPtr schema) {
  return std::make_shared<UnionExec>(std::move(inputs), std::move(schema));
}
ExecutionPlanPtr MakeCoalesceBatchesExec(ExecutionPlanPtr input, int64_t target_rows) {
  return std::make_shared<CoalesceBatchesExec>(std::move(input), target_rows);
}

}  // namespace silt::sql
