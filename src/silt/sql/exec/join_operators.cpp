// Joins (hash join on equi keys, nested loop without keys; every join type incl. semi,
// anti and mark joins), INTERSECT / EXCEPT, and recursive CTEs.
#include <algorithm>

#include "silt/columnar/builder.h"
#include "silt/functions/cast.h"
#include "silt/sql/exec/expression_eval.h"
#include "silt/sql/exec/operators.h"
#include "silt/sql/kernels/group_hash_table.h"
#include "silt/sql/kernels/take.h"

namespace silt::sql {

namespace {

/// Hash joins publish their exact build-key set to the probe scan up to this many build rows
/// (building it is one pass; probing it ~1 ns per row).
constexpr int64_t kMaxKeySetRows = int64_t{1} << 20;

bool AnyNull(const std::vector<ArrayDataPtr>& keys, int64_t row) {
  for (const auto& k : keys) {
    if (k->IsNull(row)) return true;
  }
  return false;
}

class JoinExec : public ExecutionPlan {
 public:
  JoinExec(ExecutionPlanPtr left, ExecutionPlanPtr right, JoinSpec spec, SchemaPtr schema)
      : spec_(std::move(spec)) {
    schema_ = std::move(schema);
    children_ = {std::move(left), std::move(right)};
  }
  std::string name() const override { return spec_.keys.empty() ? "NestedLoopJoinExec" : "HashJoinExec"; }
  std::string details() const override {
    std::string out = "join_type=" + std::string(JoinTypeName(spec_.type));
    if (!spec_.keys.empty()) {
      out += ", on=[";
      for (size_t i = 0; i < spec_.keys.size(); ++i) {
        out += (i ? ", " : "") + std::string("(") + spec_.keys[i].first->ToString() + ", " +
               spec_.keys[i].second->ToString() + ")";
      }
      out += "]";
    }
    if (spec_.filter) out += ", filter=" + spec_.filter->ToString();
    if (spec_.null_aware) out += ", null_aware";
    if (spec_.single_match) out += ", single_match";
    if (spec_.build_left) out += ", build=left";
    if (spec_.partitioned) out += ", mode=partitioned";
    if (!spec_.runtime_filter_targets.empty()) {
      out += ", runtime_filters=[";
      for (size_t i = 0; i < spec_.runtime_filter_targets.size(); ++i) {
        out += (i ? ", " : "") + spec_.runtime_filter_targets[i].column_name;
      }
      out += "]";
    }
    return out;
  }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<JoinExec>(c[0], c[1], spec_, schema_);
  }
  const JoinSpec& spec() const { return spec_; }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    SILT_ASSIGN_OR_RETURN(auto left, children_[0]->Execute(partition, ctx));
    SILT_ASSIGN_OR_RETURN(auto right, children_[1]->Execute(partition, ctx));
    return BatchStreamPtr(new Stream(this, std::move(left), std::move(right), ctx));
  }

 private:
  class Stream : public BatchStream {
   public:
    Stream(JoinExec* op, BatchStreamPtr left, BatchStreamPtr right, TaskContext& ctx)
        : op_(op), left_(std::move(left)), right_(std::move(right)), ctx_(ctx) {}
    const SchemaPtr& schema() const override { return op_->schema_; }

    Result<RecordBatchPtr> Next() override {
      if (!built_) SILT_RETURN_NOT_OK(Build());
      while (true) {
        if (!pending_.empty()) {
          auto b = pending_.front();
          pending_.erase(pending_.begin());
          op_->metrics().output_rows += b->num_rows();
          op_->metrics().output_batches += 1;
          return b;
        }
        if (left_done_) return RecordBatchPtr();
        SILT_RETURN_NOT_OK(ctx_.CheckCancelled());
        SILT_ASSIGN_OR_RETURN(auto b, swapped() ? right_->Next() : left_->Next());
        ComputeTimer t(op_->metrics());
        if (!b) {
          left_done_ = true;
          SILT_RETURN_NOT_OK(EmitUnmatchedBuild());
          continue;
        }
        if (b->num_rows() > 0) SILT_RETURN_NOT_OK(Probe(b));
      }
    }

   private:
    const JoinSpec& spec() const { return op_->spec_; }
    /// Semi / anti join building on the left input (the smaller one) and probing the right.
    bool swapped() const { return spec().build_left; }
    const BoundExprPtr& BuildKey(size_t k) const { return swapped() ? spec().keys[k].first : spec().keys[k].second; }
    const BoundExprPtr& ProbeKey(size_t k) const { return swapped() ? spec().keys[k].second : spec().keys[k].first; }

    Status Build() {
      built_ = true;
      const auto& build_schema = op_->children_[swapped() ? 0 : 1]->schema();
      SILT_ASSIGN_OR_RETURN(build_, GatherStream(swapped() ? *left_ : *right_, build_schema, ctx_));
      ComputeTimer t(op_->metrics());
      int64_t n = build_->num_rows();
      matched_.assign(static_cast<size_t>(n), 0);
      if (spec().keys.empty()) return Status::OK();
      std::vector<DataTypePtr> types;
      for (size_t k = 0; k < spec().keys.size(); ++k) {
        SILT_ASSIGN_OR_RETURN(auto a, EvaluateExpr(*BuildKey(k), *build_, ctx_.kernel));
        build_keys_.push_back(a);
        types.push_back(BuildKey(k)->type);
      }
      table_ = std::make_unique<GroupHashTable>(types, ctx_.pool);
      std::vector<uint32_t> ids;
      SILT_RETURN_NOT_OK(table_->FindOrInsert(build_keys_, n, &ids));
      head_.assign(static_cast<size_t>(table_->num_groups()), -1);
      next_.assign(static_cast<size_t>(n), -1);
      // Chains keep build order: insert from the back.
      unique_keys_ = true;
      for (int64_t r = n; r-- > 0;) {
        if (!spec().null_equals_null && AnyNull(build_keys_, r)) {
          build_has_null_key_ = true;
          continue;
        }
        unique_keys_ = unique_keys_ && head_[ids[r]] < 0;
        next_[r] = head_[ids[r]];
        head_[ids[r]] = r;
      }
      op_->metrics().peak_memory_bytes = std::max(op_->metrics().peak_memory_bytes, table_->memory_bytes());
      // A partition's build keys bound only its own probe rows, not the scan's.
      if (spec().partitioned) return Status::OK();
      return PublishRuntimeFilters();
    }

    /// Publishes [min, max] of each targeted build key (integer and date keys) to the
    /// probe-side scans; an empty build publishes FALSE (no probe row can match).
    Status PublishRuntimeFilters() {
      for (const auto& target : spec().runtime_filter_targets) {
        const ArrayDataPtr& key = build_keys_[target.key];
        TypeId id = key->type->id();
        auto col = MakeColumn(target.column, target.column_name, target.column_type);
        if (build_->num_rows() == 0) {
          target.filters->Set({MakeBoolLiteral(false)});
          continue;
        }
        SILT_ASSIGN_OR_RETURN(auto flat, Flatten(key, ctx_.pool));
        bool any = false;
        int64_t lo = 0, hi = 0;
        for (int64_t i = 0; i < flat->length; ++i) {
          if (!flat->IsValid(i)) continue;
          int64_t v = 0;
          switch (id) {
            case TypeId::kInt8: v = flat->values<int8_t>()[i]; break;
            case TypeId::kInt16: v = flat->values<int16_t>()[i]; break;
            case TypeId::kInt32:
            case TypeId::kDate32: v = flat->values<int32_t>()[i]; break;
            case TypeId::kInt64: v = flat->values<int64_t>()[i]; break;
            default: return Status::OK();
          }
          lo = any ? std::min(lo, v) : v;
          hi = any ? std::max(hi, v) : v;
          any = true;
        }
        if (!any) {
          target.filters->Set({MakeBoolLiteral(false)});
          continue;
        }
        auto literal = [&](int64_t v) -> Result<BoundExprPtr> {
          // Built in the key's own storage (date32 has no cast from int64).
          ArrayBuilder b(key->type, ctx_.pool);
          switch (id) {
            case TypeId::kInt8: SILT_RETURN_NOT_OK(b.Append<int8_t>(static_cast<int8_t>(v))); break;
            case TypeId::kInt16: SILT_RETURN_NOT_OK(b.Append<int16_t>(static_cast<int16_t>(v))); break;
            case TypeId::kInt32:
            case TypeId::kDate32: SILT_RETURN_NOT_OK(b.Append<int32_t>(static_cast<int32_t>(v))); break;
            default: SILT_RETURN_NOT_OK(b.Append<int64_t>(v)); break;
          }
          SILT_ASSIGN_OR_RETURN(auto one, b.Finish());
          return MakeLiteral(one);
        };
        SILT_ASSIGN_OR_RETURN(auto lo_lit, literal(lo));
        SILT_ASSIGN_OR_RETURN(auto hi_lit, literal(hi));
        const auto& registry = functions::FunctionRegistry::Default();
        SILT_ASSIGN_OR_RETURN(auto ge, MakeCall(registry, ">=", {col, lo_lit}));
        SILT_ASSIGN_OR_RETURN(auto le, MakeCall(registry, "<=", {col, hi_lit}));
        target.filters->Set({ge, le});
        // Few keys: their exact set too (keys spread over the range prune nothing by range).
        if (flat->length <= kMaxKeySetRows) {
          if (auto set = RuntimeKeySet::Make(target.column, *flat)) target.filters->AddKeySet(std::move(set));
        }
      }
      return Status::OK();
    }

    /// Candidate (probe, build) pairs for a probe batch, then the residual filter.
    Status Probe(const RecordBatchPtr& probe) {
      int64_t n = probe->num_rows();
      std::vector<int64_t> pl, pr;
      std::vector<uint8_t> probe_key_null;
      if (spec().keys.empty()) {
        int64_t m = build_->num_rows();
        pl.reserve(static_cast<size_t>(n * m));
        for (int64_t i = 0; i < n; ++i) {
          for (int64_t j = 0; j < m; ++j) {
            pl.push_back(i);
            pr.push_back(j);
          }
        }
      } else {
        std::vector<ArrayDataPtr> keys;
        for (size_t k = 0; k < spec().keys.size(); ++k) {
          SILT_ASSIGN_OR_RETURN(auto a, EvaluateExpr(*ProbeKey(k), *probe, ctx_.kernel));
          keys.push_back(a);
        }
        std::vector<int32_t> gids;
        SILT_RETURN_NOT_OK(table_->Find(keys, n, spec().null_equals_null, &gids));
        if (spec().null_aware) {
          probe_key_null.resize(static_cast<size_t>(n));
          for (int64_t i = 0; i < n; ++i) probe_key_null[i] = keys[0]->IsNull(i) ? 1 : 0;
        }
        pl.reserve(static_cast<size_t>(n));
        pr.reserve(static_cast<size_t>(n));
        if (unique_keys_) {
          // Every key occurs once on the build side (a primary key): no chains to walk.
          for (int64_t i = 0; i < n; ++i) {
            if (gids[i] < 0) continue;
            int64_t r = head_[gids[i]];
            if (r < 0) continue;
            pl.push_back(i);
            pr.push_back(r);
          }
        } else {
          for (int64_t i = 0; i < n; ++i) {
            if (gids[i] < 0) continue;
            for (int64_t r = head_[gids[i]]; r >= 0; r = next_[r]) {
              pl.push_back(i);
              pr.push_back(r);
            }
          }
        }
      }
      if (spec().filter && !pl.empty()) {
        SILT_ASSIGN_OR_RETURN(auto pairs, PairBatch(*probe, pl, pr));
        SILT_ASSIGN_OR_RETURN(auto mask, EvaluateExpr(*spec().filter, *pairs, ctx_.kernel));
        SILT_ASSIGN_OR_RETURN(auto flat, Flatten(mask, ctx_.pool));
        std::vector<int64_t> keep = SelectedRows(*flat);
        std::vector<int64_t> l2, r2;
        for (int64_t k : keep) {
          l2.push_back(pl[k]);
          r2.push_back(pr[k]);
        }
        pl.swap(l2);
        pr.swap(r2);
      }
      std::vector<int32_t> count(static_cast<size_t>(n), 0);
      for (int64_t i : pl) ++count[i];
      for (int64_t r : pr) matched_[r] = 1;
      if (swapped()) return Status::OK();  // output comes from the build side at the end
      if (spec().single_match) {
        for (int64_t i = 0; i < n; ++i) {
          if (count[i] > 1) {
            return Status::Execution("more than one row returned by a subquery used as an expression");
          }
        }
      }
      switch (spec().type) {
        case JoinType::kInner:
        case JoinType::kRight:
          return EmitPairs(*probe, pl, pr);
        case JoinType::kLeft:
        case JoinType::kFull: {
          for (int64_t i = 0; i < n; ++i) {
            if (count[i] == 0) {
              pl.push_back(i);
              pr.push_back(-1);
            }
          }
          return EmitPairs(*probe, pl, pr);
        }
        case JoinType::kSemi:
        case JoinType::kAnti: {
          std::vector<int64_t> rows;
          bool want = spec().type == JoinType::kSemi;
          for (int64_t i = 0; i < n; ++i) {
            if ((count[i] > 0) == want) rows.push_back(i);
          }
          if (rows.empty()) return Status::OK();
          SILT_ASSIGN_OR_RETURN(auto out, TakeBatch(*probe, rows.data(), static_cast<int64_t>(rows.size()), ctx_.pool));
          pending_.push_back(std::make_shared<RecordBatch>(op_->schema_, out->num_rows(), out->columns()));
          return Status::OK();
        }
        case JoinType::kMark: {
          ArrayBuilder mark(boolean(), ctx_.pool);
          bool build_empty = build_->num_rows() == 0;
          for (int64_t i = 0; i < n; ++i) {
            if (count[i] > 0) {
              SILT_RETURN_NOT_OK(mark.AppendBool(true));
            } else if (spec().null_aware && !build_empty &&
                       ((!probe_key_null.empty() && probe_key_null[i]) || build_has_null_key_)) {
              SILT_RETURN_NOT_OK(mark.AppendNull());
            } else {
              SILT_RETURN_NOT_OK(mark.AppendBool(false));
            }
          }
          SILT_ASSIGN_OR_RETURN(auto m, mark.Finish());
          std::vector<ArrayDataPtr> cols = probe->columns();
          cols.push_back(m);
          pending_.push_back(std::make_shared<RecordBatch>(op_->schema_, n, std::move(cols)));
          return Status::OK();
        }
      }
      return Status::OK();
    }

    Result<RecordBatchPtr> PairBatch(const RecordBatch& probe, const std::vector<int64_t>& pl,
                                     const std::vector<int64_t>& pr) {
      int64_t m = static_cast<int64_t>(pl.size());
      std::vector<ArrayDataPtr> cols;
      std::vector<FieldPtr> fields;
      // Columns in join order: left input first (the build side when swapped).
      auto add_probe = [&]() -> Status {
        for (int c = 0; c < probe.num_columns(); ++c) {
          SILT_ASSIGN_OR_RETURN(auto a, Take(probe.column(c), pl.data(), m, ctx_.pool));
          cols.push_back(a);
          fields.push_back(probe.schema()->field(c));
        }
        return Status::OK();
      };
      auto add_build = [&]() -> Status {
        for (int c = 0; c < build_->num_columns(); ++c) {
          SILT_ASSIGN_OR_RETURN(auto a, Take(build_->column(c), pr.data(), m, ctx_.pool));
          cols.push_back(a);
          fields.push_back(build_->schema()->field(c));
        }
        return Status::OK();
      };
      if (swapped()) {
        SILT_RETURN_NOT_OK(add_build());
        SILT_RETURN_NOT_OK(add_probe());
      } else {
        SILT_RETURN_NOT_OK(add_probe());
        SILT_RETURN_NOT_OK(add_build());
      }
      return std::make_shared<RecordBatch>(std::make_shared<Schema>(fields), m, std::move(cols));
    }

    Status EmitPairs(const RecordBatch& probe, const std::vector<int64_t>& pl, const std::vector<int64_t>& pr) {
      if (pl.empty()) return Status::OK();
      int64_t total = static_cast<int64_t>(pl.size());
      for (int64_t start = 0; start < total; start += ctx_.batch_size) {
        int64_t len = std::min(ctx_.batch_size, total - start);
        std::vector<int64_t> l(pl.begin() + start, pl.begin() + start + len);
        std::vector<int64_t> r(pr.begin() + start, pr.begin() + start + len);
        SILT_ASSIGN_OR_RETURN(auto b, PairBatch(probe, l, r));
        pending_.push_back(std::make_shared<RecordBatch>(op_->schema_, b->num_rows(), b->columns()));
      }
      return Status::OK();
    }

    Status EmitUnmatchedBuild() {
      if (swapped()) {
        // Semi: the build (left) rows some probe row matched; anti: the others.
        bool want = spec().type == JoinType::kSemi;
        std::vector<int64_t> rows;
        for (int64_t r = 0; r < build_->num_rows(); ++r) {
          if ((matched_[r] != 0) == want) rows.push_back(r);
        }
        for (size_t start = 0; start < rows.size(); start += static_cast<size_t>(ctx_.batch_size)) {
          int64_t len = std::min<int64_t>(ctx_.batch_size, static_cast<int64_t>(rows.size() - start));
          SILT_ASSIGN_OR_RETURN(auto out, TakeBatch(*build_, rows.data() + start, len, ctx_.pool));
          pending_.push_back(std::make_shared<RecordBatch>(op_->schema_, out->num_rows(), out->columns()));
        }
        return Status::OK();
      }
      if (spec().type != JoinType::kRight && spec().type != JoinType::kFull) return Status::OK();
      std::vector<int64_t> rows;
      for (int64_t r = 0; r < build_->num_rows(); ++r) {
        if (!matched_[r]) rows.push_back(r);
      }
      if (rows.empty()) return Status::OK();
      int64_t m = static_cast<int64_t>(rows.size());
      std::vector<ArrayDataPtr> cols;
      const auto& left_schema = op_->children_[0]->schema();
      for (int c = 0; c < left_schema->num_fields(); ++c) {
        SILT_ASSIGN_OR_RETURN(auto nulls, MakeNullArray(left_schema->field(c)->type, m, ctx_.pool));
        cols.push_back(nulls);
      }
      for (int c = 0; c < build_->num_columns(); ++c) {
        SILT_ASSIGN_OR_RETURN(auto a, Take(build_->column(c), rows.data(), m, ctx_.pool));
        cols.push_back(a);
      }
      pending_.push_back(std::make_shared<RecordBatch>(op_->schema_, m, std::move(cols)));
      return Status::OK();
    }

    JoinExec* op_;
    BatchStreamPtr left_;
    BatchStreamPtr right_;
    TaskContext& ctx_;
    bool built_ = false;
    bool left_done_ = false;
    RecordBatchPtr build_;
    std::vector<ArrayDataPtr> build_keys_;
    std::unique_ptr<GroupHashTable> table_;
    std::vector<int64_t> head_;
    std::vector<int64_t> next_;
    std::vector<uint8_t> matched_;
    bool build_has_null_key_ = false;
    bool unique_keys_ = false;
    std::vector<RecordBatchPtr> pending_;
  };

  JoinSpec spec_;
};

// ---------------------------------------------------------------------------------------
class SetOpExec : public ExecutionPlan {
 public:
  SetOpExec(ExecutionPlanPtr left, ExecutionPlanPtr right, SetOpType op, bool distinct, SchemaPtr schema)
      : op_(op), distinct_(distinct) {
    schema_ = std::move(schema);
    children_ = {std::move(left), std::move(right)};
  }
  std::string name() const override { return op_ == SetOpType::kIntersect ? "IntersectExec" : "ExceptExec"; }
  std::string details() const override { return distinct_ ? "distinct" : "all"; }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<SetOpExec>(c[0], c[1], op_, distinct_, schema_);
  }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    SILT_ASSIGN_OR_RETURN(auto l, children_[0]->Execute(partition, ctx));
    SILT_ASSIGN_OR_RETURN(auto r, children_[1]->Execute(partition, ctx));
    std::vector<DataTypePtr> types;
    for (const auto& f : schema_->fields()) types.push_back(f->type);
    GroupHashTable table(types, ctx.pool);
    std::vector<int64_t> left_count, right_count;
    std::vector<uint32_t> ids;
    for (int side = 0; side < 2; ++side) {
      BatchStream& in = side == 0 ? *l : *r;
      auto& counts = side == 0 ? left_count : right_count;
      while (true) {
        SILT_RETURN_NOT_OK(ctx.CheckCancelled());
        SILT_ASSIGN_OR_RETURN(auto b, in.Next());
        if (!b) break;
        SILT_RETURN_NOT_OK(table.FindOrInsert(b->columns(), b->num_rows(), &ids));
        left_count.resize(static_cast<size_t>(table.num_groups()), 0);
        right_count.resize(static_cast<size_t>(table.num_groups()), 0);
        for (uint32_t g : ids) ++counts[g];
      }
    }
    SILT_ASSIGN_OR_RETURN(auto keys, table.GetKeys());
    std::vector<int64_t> rows;
    for (int64_t g = 0; g < table.num_groups(); ++g) {
      int64_t lc = left_count[g], rc = right_count[g];
      // ALL: bag semantics (min, difference); DISTINCT: set semantics on presence.
      int64_t copies = op_ == SetOpType::kIntersect ? std::min(lc, rc) : std::max<int64_t>(lc - rc, 0);
      if (distinct_) copies = op_ == SetOpType::kIntersect ? (lc > 0 && rc > 0) : (lc > 0 && rc == 0);
      for (int64_t k = 0; k < copies; ++k) rows.push_back(g);
    }
    int64_t n = static_cast<int64_t>(rows.size());
    std::vector<ArrayDataPtr> cols;
    for (const auto& k : keys) {
      SILT_ASSIGN_OR_RETURN(auto a, Take(k, rows.data(), n, ctx.pool));
      cols.push_back(a);
    }
    std::vector<RecordBatchPtr> out;
    if (n > 0) out.push_back(std::make_shared<RecordBatch>(schema_, n, std::move(cols)));
    metrics().output_rows += n;
    return BatchStreamPtr(new VectorStream(schema_, std::move(out)));
  }

 private:
  SetOpType op_;
  bool distinct_;
};

// ---------------------------------------------------------------------------------------
class WorkTableExec : public ExecutionPlan {
 public:
  WorkTableExec(std::string name, std::shared_ptr<WorkTable> table, SchemaPtr schema)
      : name_(std::move(name)), table_(std::move(table)) {
    schema_ = std::move(schema);
  }
  std::string name() const override { return "WorkTableExec"; }
  std::string details() const override { return "name=" + name_; }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr>) const override {
    return std::make_shared<WorkTableExec>(*this);
  }
  Result<BatchStreamPtr> Execute(int, TaskContext&) override {
    std::vector<RecordBatchPtr> batches;
    for (const auto& b : table_->batches) {
      batches.push_back(std::make_shared<RecordBatch>(schema_, b->num_rows(), b->columns()));
    }
    return BatchStreamPtr(new VectorStream(schema_, std::move(batches)));
  }

 private:
  std::string name_;
  std::shared_ptr<WorkTable> table_;
};

class RecursiveCteExec : public ExecutionPlan {
 public:
  RecursiveCteExec(std::string name, ExecutionPlanPtr anchor, ExecutionPlanPtr recursive,
                   std::shared_ptr<WorkTable> table, bool distinct, SchemaPtr schema)
      : name_(std::move(name)), table_(std::move(table)), distinct_(distinct) {
    schema_ = std::move(schema);
    children_ = {std::move(anchor), std::move(recursive)};
  }
  std::string name() const override { return "RecursiveQueryExec"; }
  std::string details() const override { return "name=" + name_ + (distinct_ ? ", distinct" : ""); }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<RecursiveCteExec>(name_, c[0], c[1], table_, distinct_, schema_);
  }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    std::vector<DataTypePtr> types;
    for (const auto& f : schema_->fields()) types.push_back(f->type);
    GroupHashTable seen(types, ctx.pool);
    std::vector<RecordBatchPtr> all;
    // Keeps only rows not seen before (UNION), or all rows (UNION ALL).
    auto admit = [&](const RecordBatchPtr& b) -> Result<RecordBatchPtr> {
      auto relabeled = std::make_shared<RecordBatch>(schema_, b->num_rows(), b->columns());
      if (!distinct_) return RecordBatchPtr(relabeled);
      int64_t before = seen.num_groups();
      std::vector<uint32_t> ids;
      SILT_RETURN_NOT_OK(seen.FindOrInsert(b->columns(), b->num_rows(), &ids));
      std::vector<int64_t> fresh;
      int64_t next_new = before;
      for (int64_t i = 0; i < b->num_rows(); ++i) {
        if (static_cast<int64_t>(ids[i]) == next_new) {
          fresh.push_back(i);
          ++next_new;
        }
      }
      return TakeBatch(*relabeled, fresh.data(), static_cast<int64_t>(fresh.size()), ctx.pool);
    };
    SILT_ASSIGN_OR_RETURN(auto anchor, CollectPlan(children_[0], ctx));
    std::vector<RecordBatchPtr> work;
    for (const auto& b : anchor) {
      SILT_ASSIGN_OR_RETURN(auto kept, admit(b));
      if (kept->num_rows() > 0) work.push_back(kept);
    }
    constexpr int kMaxIterations = 100000;
    for (int iter = 0; !work.empty(); ++iter) {
      if (iter >= kMaxIterations) {
        return Status::ResourcesExhausted("recursive query \"" + name_ + "\" did not finish after " +
                                          std::to_string(kMaxIterations) + " iterations");
      }
      all.insert(all.end(), work.begin(), work.end());
      table_->batches = work;
      SILT_ASSIGN_OR_RETURN(auto produced, CollectPlan(children_[1], ctx));
      work.clear();
      for (const auto& b : produced) {
        SILT_ASSIGN_OR_RETURN(auto kept, admit(b));
        if (kept->num_rows() > 0) work.push_back(kept);
      }
    }
    table_->batches.clear();
    for (const auto& b : all) metrics().output_rows += b->num_rows();
    (void)partition;
    return BatchStreamPtr(new VectorStream(schema_, std::move(all)));
  }

 private:
  std::string name_;
  std::shared_ptr<WorkTable> table_;
  bool distinct_;
};

}  // namespace

const JoinSpec* JoinSpecOf(const ExecutionPlan& plan) {
  auto* j = dynamic_cast<const JoinExec*>(&plan);
  return j ? &j->spec() : nullptr;
}

ExecutionPlanPtr MakeJoinExec(ExecutionPlanPtr left, ExecutionPlanPtr right, JoinSpec spec, SchemaPtr schema) {
  return std::make_shared<JoinExec>(std::move(left), std::move(right), std::move(spec), std::move(schema));
}
ExecutionPlanPtr MakeSetOpExec(ExecutionPlanPtr left, ExecutionPlanPtr right, SetOpType op, bool distinct,
                               SchemaPtr schema) {
  return std::make_shared<SetOpExec>(std::move(left), std::move(right), op, distinct, std::move(schema));
}
ExecutionPlanPtr MakeWorkTableExec(std::string name, std::shared_ptr<WorkTable> table, SchemaPtr schema) {
  return std::make_shared<WorkTableExec>(std::move(name), std::move(table), std::move(schema));
}
ExecutionPlanPtr MakeRecursiveCteExec(std::string name, ExecutionPlanPtr anchor, ExecutionPlanPtr recursive,
                                      std::shared_ptr<WorkTable> table, bool distinct, SchemaPtr schema) {
  return std::make_shared<RecursiveCteExec>(std::move(name), std::move(anchor), std::move(recursive),
                                            std::move(table), distinct, std::move(schema));
}

}  // namespace silt::sql
