// Blocking operators over the whole input: hash aggregation, sort / TopK, windows.
#include "silt/columnar/builder.h"
#include "silt/format/value_text.h"
#include "silt/sql/exec/expression_eval.h"
#include "silt/sql/exec/operators.h"
#include "silt/sql/kernels/group_hash_table.h"
#include "silt/sql/kernels/sort.h"
#include "silt/sql/kernels/take.h"
#include "silt/sql/kernels/window.h"

namespace silt::sql {

namespace {

/// Splits one big batch into batch_size slices.
std::vector<RecordBatchPtr> Slices(const RecordBatchPtr& all, int64_t batch_size) {
  std::vector<RecordBatchPtr> out;
  if (!all || all->num_rows() == 0) return out;
  for (int64_t start = 0; start < all->num_rows(); start += batch_size) {
    out.push_back(all->Slice(start, std::min(batch_size, all->num_rows() - start)));
  }
  return out;
}

Result<std::vector<ArrayDataPtr>> EvalAll(const std::vector<BoundExprPtr>& exprs, const RecordBatch& b,
                                          const TaskContext& ctx) {
  std::vector<ArrayDataPtr> out;
  for (const auto& e : exprs) {
    SILT_ASSIGN_OR_RETURN(auto a, EvaluateExpr(*e, b, ctx.kernel));
    out.push_back(std::move(a));
  }
  return out;
}

/// Runs a blocking computation on first Next() and then streams its result.
class DeferredStream : public BatchStream {
 public:
  using Producer = std::function<Result<std::vector<RecordBatchPtr>>()>;
  DeferredStream(SchemaPtr schema, Producer producer, OperatorMetrics* metrics)
      : schema_(std::move(schema)), producer_(std::move(producer)), metrics_(metrics) {}
  const SchemaPtr& schema() const override { return schema_; }
  Result<RecordBatchPtr> Next() override {
    if (!done_) {
      SILT_ASSIGN_OR_RETURN(batches_, producer_());
      done_ = true;
    }
    if (next_ >= batches_.size()) return RecordBatchPtr();
    auto b = batches_[next_++];
    metrics_->output_rows += b->num_rows();
    metrics_->output_batches += 1;
    return b;
  }

 private:
  SchemaPtr schema_;
  Producer producer_;
  OperatorMetrics* metrics_;
  bool done_ = false;
  std::vector<RecordBatchPtr> batches_;
  size_t next_ = 0;
};

// ---------------------------------------------------------------------------------------
class HashAggregateExec : public ExecutionPlan {
 public:
  HashAggregateExec(ExecutionPlanPtr input, std::vector<BoundExprPtr> groups,
                    std::vector<PhysicalAggregate> aggs, std::vector<std::vector<int>> sets, SchemaPtr schema)
      : groups_(std::move(groups)), aggs_(std::move(aggs)), sets_(std::move(sets)) {
    schema_ = std::move(schema);
    children_ = {std::move(input)};
  }
  std::string name() const override { return "HashAggregateExec"; }
  std::string details() const override {
    std::string out = "gby=[";
    for (size_t i = 0; i < groups_.size(); ++i) out += (i ? ", " : "") + groups_[i]->ToString();
    out += "], aggr=[";
    for (size_t i = 0; i < aggs_.size(); ++i) out += (i ? ", " : "") + aggs_[i].call.ToString();
    out += "]";
    if (!sets_.empty()) out += ", grouping_sets=" + std::to_string(sets_.size());
    return out;
  }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<HashAggregateExec>(c[0], groups_, aggs_, sets_, schema_);
  }
  const std::vector<BoundExprPtr>& groups() const { return groups_; }
  bool has_grouping_sets() const { return !sets_.empty(); }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    SILT_ASSIGN_OR_RETURN(auto in, children_[0]->Execute(partition, ctx));
    std::shared_ptr<BatchStream> input(std::move(in));
    return BatchStreamPtr(new DeferredStream(schema_, [this, input, &ctx]() { return Run(*input, ctx); }, metrics_.get()));
  }

 private:
  /// State of one grouping set.
  struct SetState {
    std::vector<int> keys;  // indices into groups_
    std::unique_ptr<GroupHashTable> table;
    std::vector<std::unique_ptr<GroupedAccumulator>> accs;
    int64_t num_groups = 0;
  };

  /// Group keys that are all dictionary-encoded with few combinations (Parquet string
  /// columns such as l_returnflag, l_linestatus): rows map to a combined dictionary code, only
  /// one row per distinct code goes through the hash table, and its group id is broadcast.
  /// False when the keys do not qualify.
  static Result<bool> GroupDictionaryKeys(GroupHashTable& table, const std::vector<ArrayDataPtr>& keys,
                                          int64_t n, TaskContext& ctx, std::vector<uint32_t>* ids) {
    constexpr int64_t kMaxCodes = 4096;
    int64_t codes_total = 1;
    for (const auto& k : keys) {
      if (k->encoding != Encoding::kDictionary || !k->dictionary) return false;
      codes_total *= k->dictionary->length + 1;  // one extra code for NULL indices
      if (codes_total > kMaxCodes) return false;
    }
    std::vector<int32_t> code(static_cast<size_t>(n), 0);
    int64_t stride = 1;
    for (const auto& k : keys) {
      const int32_t* idx = k->values<int32_t>();
      const bool nulls = k->null_count != 0 && k->validity() != nullptr;
      const int64_t len = k->dictionary->length;
      for (int64_t i = 0; i < n; ++i) {
        int64_t c = nulls && !k->IsValid(i) ? len : idx[i];
        if (c < 0 || c > len) return false;  // malformed indices: take the general path
        code[i] += static_cast<int32_t>(c * stride);
      }
      stride *= len + 1;
    }
    std::vector<int64_t> first(static_cast<size_t>(codes_total), -1);
    std::vector<int64_t> rows;
    for (int64_t i = 0; i < n; ++i) {
      if (first[code[i]] < 0) {
        first[code[i]] = static_cast<int64_t>(rows.size());
        rows.push_back(i);
      }
    }
    std::vector<ArrayDataPtr> sample;
    for (const auto& k : keys) {
      SILT_ASSIGN_OR_RETURN(auto t, Take(k, rows.data(), static_cast<int64_t>(rows.size()), ctx.pool));
      sample.push_back(t);
    }
    std::vector<uint32_t> sample_ids;
    SILT_RETURN_NOT_OK(table.FindOrInsert(sample, static_cast<int64_t>(rows.size()), &sample_ids));
    ids->resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) (*ids)[i] = sample_ids[first[code[i]]];
    return true;
  }

  Result<std::vector<RecordBatchPtr>> Run(BatchStream& input, TaskContext& ctx) {
    std::vector<std::vector<int>> sets = sets_;
    if (sets.empty()) {
      std::vector<int> all;
      for (size_t i = 0; i < groups_.size(); ++i) all.push_back(static_cast<int>(i));
      sets.push_back(all);
    }
    std::vector<SetState> states(sets.size());
    for (size_t s = 0; s < sets.size(); ++s) {
      states[s].keys = sets[s];
      if (!sets[s].empty()) {
        std::vector<DataTypePtr> types;
        for (int k : sets[s]) types.push_back(groups_[k]->type);
        states[s].table = std::make_unique<GroupHashTable>(types, ctx.pool);
      } else {
        states[s].num_groups = 1;  // a global aggregate has one group even without rows
      }
      for (const auto& a : aggs_) {
        SILT_ASSIGN_OR_RETURN(auto acc, a.bound.make(ctx.pool));
        SILT_RETURN_NOT_OK(acc->Resize(states[s].num_groups));
        states[s].accs.push_back(std::move(acc));
      }
    }
    std::vector<uint32_t> ids;
    std::vector<uint32_t> filtered;
    while (true) {
      SILT_RETURN_NOT_OK(ctx.CheckCancelled());
      SILT_ASSIGN_OR_RETURN(auto b, input.Next());
      if (!b) break;
      if (b->num_rows() == 0) continue;
      ComputeTimer t(metrics());
      int64_t n = b->num_rows();
      SILT_ASSIGN_OR_RETURN(auto keys, EvalAll(groups_, *b, ctx));
      std::vector<std::vector<ArrayDataPtr>> args(aggs_.size());
      std::vector<ArrayDataPtr> masks(aggs_.size());
      for (size_t a = 0; a < aggs_.size(); ++a) {
        std::vector<BoundExprPtr> exprs = aggs_[a].call.args;
        for (const auto& o : aggs_[a].call.order_by) exprs.push_back(o.expr);
        SILT_ASSIGN_OR_RETURN(args[a], EvalAll(exprs, *b, ctx));
        if (aggs_[a].call.filter) {
          SILT_ASSIGN_OR_RETURN(auto m, EvaluateExpr(*aggs_[a].call.filter, *b, ctx.kernel));
          SILT_ASSIGN_OR_RETURN(masks[a], Flatten(m, ctx.pool));
        }
      }
      for (auto& st : states) {
        if (st.table) {
          std::vector<ArrayDataPtr> set_keys;
          for (int k : st.keys) set_keys.push_back(keys[k]);
          SILT_ASSIGN_OR_RETURN(bool done, GroupDictionaryKeys(*st.table, set_keys, n, ctx, &ids));
          if (!done) SILT_RETURN_NOT_OK(st.table->FindOrInsert(set_keys, n, &ids));
          st.num_groups = st.table->num_groups();
        } else {
          ids.assign(static_cast<size_t>(n), 0);
        }
        for (size_t a = 0; a < aggs_.size(); ++a) {
          SILT_RETURN_NOT_OK(st.accs[a]->Resize(st.num_groups));
          const uint32_t* gid = ids.data();
          if (masks[a]) {
            filtered = ids;
            const ArrayData& m = *masks[a];
            for (int64_t i = 0; i < n; ++i) {
              if (m.type->id() == TypeId::kNull || !m.IsValid(i) || !m.GetBool(i)) filtered[i] = kSkipRow;
            }
            gid = filtered.data();
          }
          SILT_RETURN_NOT_OK(st.accs[a]->Update(args[a], gid, n));
        }
      }
      metrics().peak_memory_bytes = std::max(metrics().peak_memory_bytes, ctx.pool->bytes_allocated());
    }
    ComputeTimer t(metrics());
    std::vector<RecordBatchPtr> out;
    for (size_t s = 0; s < states.size(); ++s) {
      auto& st = states[s];
      int64_t groups = st.num_groups;
      std::vector<ArrayDataPtr> set_keys;
      if (st.table) {
        SILT_ASSIGN_OR_RETURN(set_keys, st.table->GetKeys());
      }
      std::vector<ArrayDataPtr> cols;
      for (size_t g = 0; g < groups_.size(); ++g) {
        auto pos = std::find(st.keys.begin(), st.keys.end(), static_cast<int>(g));
        if (pos != st.keys.end()) {
          cols.push_back(set_keys[pos - st.keys.begin()]);
        } else {
          SILT_ASSIGN_OR_RETURN(auto nulls, MakeNullArray(groups_[g]->type, groups, ctx.pool));
          cols.push_back(nulls);
        }
      }
      for (auto& acc : st.accs) {
        SILT_ASSIGN_OR_RETURN(auto v, acc->Finalize());
        cols.push_back(v);
      }
      if (!sets_.empty()) {
        // Bit i set when group expression i is not part of the set (SQL GROUPING()).
        int64_t gid = 0;
        for (size_t g = 0; g < groups_.size(); ++g) {
          if (std::find(st.keys.begin(), st.keys.end(), static_cast<int>(g)) == st.keys.end()) {
            gid |= int64_t{1} << (groups_.size() - 1 - g);
          }
        }
        SILT_ASSIGN_OR_RETURN(auto one, MakeArray<int64_t>(int64(), {gid}));
        SILT_ASSIGN_OR_RETURN(auto col, Flatten(MakeConstantArray(one, groups), ctx.pool));
        cols.push_back(col);
      }
      auto all = std::make_shared<RecordBatch>(schema_, groups, std::move(cols));
      for (auto& b : Slices(all, ctx.batch_size)) out.push_back(b);
    }
    return out;
  }

  std::vector<BoundExprPtr> groups_;
  std::vector<PhysicalAggregate> aggs_;
  std::vector<std::vector<int>> sets_;
};

// ---------------------------------------------------------------------------------------
class SortExec : public ExecutionPlan {
 public:
  SortExec(ExecutionPlanPtr input, std::vector<SortExpr> keys, std::optional<int64_t> fetch)
      : keys_(std::move(keys)), fetch_(fetch) {
    schema_ = input->schema();
    children_ = {std::move(input)};
  }
  std::string name() const override { return fetch_ ? "SortExec(TopK)" : "SortExec"; }
  std::string details() const override {
    std::string out = "expr=[";
    for (size_t i = 0; i < keys_.size(); ++i) out += (i ? ", " : "") + keys_[i].ToString();
    out += "]";
    if (fetch_) out += ", fetch=" + std::to_string(*fetch_);
    return out;
  }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    auto copy = std::make_shared<SortExec>(c[0], keys_, fetch_);
    copy->threshold_ = threshold_;
    return copy;
  }
  const std::vector<SortExpr>& keys() const { return keys_; }
  const std::optional<int64_t>& fetch() const { return fetch_; }
  /// TopK: publish the k-th key as a bound to `filters` (over column `column` of a scan below).
  void SetThresholdTarget(std::shared_ptr<RuntimeFilters> filters, int column, std::string name, DataTypePtr type) {
    threshold_ = std::make_shared<ThresholdTarget>(ThresholdTarget{std::move(filters), column, std::move(name), std::move(type)});
  }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    SILT_ASSIGN_OR_RETURN(auto in, children_[0]->Execute(partition, ctx));
    std::shared_ptr<BatchStream> input(std::move(in));
    return BatchStreamPtr(new DeferredStream(schema_, [this, input, &ctx]() -> Result<std::vector<RecordBatchPtr>> {
      SILT_ASSIGN_OR_RETURN(auto all, fetch_ && threshold_ ? GatherTopK(*input, ctx) : GatherStream(*input, schema_, ctx));
      ComputeTimer t(metrics());
      std::vector<BoundExprPtr> exprs;
      std::vector<SortKeyOrder> orders;
      for (const auto& k : keys_) {
        exprs.push_back(k.expr);
        orders.push_back(SortKeyOrder{k.descending, k.nulls_first});
      }
      SILT_ASSIGN_OR_RETURN(auto key_cols, EvalAll(exprs, *all, ctx));
      std::vector<int64_t> order;
      if (fetch_) {
        SILT_ASSIGN_OR_RETURN(order, TopKIndices(key_cols, orders, all->num_rows(), *fetch_, ctx.pool));
      } else {
        SILT_ASSIGN_OR_RETURN(order, SortIndices(key_cols, orders, all->num_rows(), ctx.pool));
      }
      SILT_ASSIGN_OR_RETURN(auto sorted, TakeBatch(*all, order.data(), static_cast<int64_t>(order.size()), ctx.pool));
      metrics().peak_memory_bytes = std::max(metrics().peak_memory_bytes, ctx.pool->bytes_allocated());
      return Slices(sorted, ctx.batch_size);
    }, metrics_.get()));
  }

 private:
  struct ThresholdTarget {
    std::shared_ptr<RuntimeFilters> filters;
    int column;
    std::string name;
    DataTypePtr type;
  };

  /// Keeps at most ~2k candidate rows while reading: every time enough rows arrived, only the
  /// best k stay, and the k-th key is published so the scan below skips rows (and row groups
  /// and pages) that cannot enter the result.
  Result<RecordBatchPtr> GatherTopK(BatchStream& input, TaskContext& ctx) {
    const int64_t k = *fetch_;
    const SortExpr& key = keys_[0];
    std::vector<RecordBatchPtr> pending;
    int64_t rows = 0;
    auto compact = [&]() -> Status {
      VectorStream vs(schema_, pending);
      SILT_ASSIGN_OR_RETURN(auto all, GatherStream(vs, schema_, ctx));
      SILT_ASSIGN_OR_RETURN(auto key_cols, EvalAll({key.expr}, *all, ctx));
      SILT_ASSIGN_OR_RETURN(auto order, TopKIndices(key_cols, {SortKeyOrder{key.descending, key.nulls_first}},
                                                    all->num_rows(), k, ctx.pool));
      SILT_ASSIGN_OR_RETURN(auto best, TakeBatch(*all, order.data(), static_cast<int64_t>(order.size()), ctx.pool));
      pending = {best};
      rows = best->num_rows();
      if (rows < k) return Status::OK();
      // The k-th value: later rows must be strictly better to enter (ties keep earlier rows).
      SILT_ASSIGN_OR_RETURN(auto kth_col, EvaluateExpr(*key.expr, *best, ctx.kernel));
      auto kth = kth_col->Slice(rows - 1, 1);
      if (IsValueNull(*kth, 0)) return Status::OK();
      SILT_ASSIGN_OR_RETURN(auto lit, Flatten(kth, ctx.pool));
      const auto& registry = functions::FunctionRegistry::Default();
      auto col = MakeColumn(threshold_->column, threshold_->name, threshold_->type);
      SILT_ASSIGN_OR_RETURN(auto bound, MakeCall(registry, key.descending ? ">" : "<", {col, MakeLiteral(lit)}));
      if (key.nulls_first) {
        SILT_ASSIGN_OR_RETURN(auto is_null, MakeCall(registry, "is_null", {col}));
        SILT_ASSIGN_OR_RETURN(bound, MakeCall(registry, "or", {bound, is_null}));
      }
      threshold_->filters->Set({bound});
      return Status::OK();
    };
    // A plan can run again (recursive CTEs): start without the previous run's bound.
    threshold_->filters->Set({});
    const int64_t limit = std::max<int64_t>(2 * k, ctx.batch_size);
    while (true) {
      SILT_RETURN_NOT_OK(ctx.CheckCancelled());
      SILT_ASSIGN_OR_RETURN(auto b, input.Next());
      if (!b) break;
      if (b->num_rows() == 0) continue;
      rows += b->num_rows();
      pending.push_back(std::move(b));
      if (rows > limit) SILT_RETURN_NOT_OK(compact());
    }
    VectorStream vs(schema_, pending);
    return GatherStream(vs, schema_, ctx);
  }

  std::vector<SortExpr> keys_;
  std::optional<int64_t> fetch_;
  std::shared_ptr<ThresholdTarget> threshold_;
};

// ---------------------------------------------------------------------------------------
// A bound frame bound as the window kernels take it: ROWS / GROUPS offsets as int64 (the
// binder cast them), RANGE offsets as the one-row value.
Result<WindowBound> ToWindowBound(const PlanFrameBound& b, WindowFrameUnit unit) {
  WindowBound out;
  switch (b.kind) {
    case PlanFrameBound::kUnboundedPreceding: out.kind = WindowBoundKind::kUnboundedPreceding; break;
    case PlanFrameBound::kPreceding: out.kind = WindowBoundKind::kPreceding; break;
    case PlanFrameBound::kCurrentRow: out.kind = WindowBoundKind::kCurrentRow; break;
    case PlanFrameBound::kFollowing: out.kind = WindowBoundKind::kFollowing; break;
    case PlanFrameBound::kUnboundedFollowing: out.kind = WindowBoundKind::kUnboundedFollowing; break;
  }
  if (out.kind != WindowBoundKind::kPreceding && out.kind != WindowBoundKind::kFollowing) return out;
  if (!b.offset) return Status::Internal("window frame offset missing");
  if (unit == WindowFrameUnit::kRange) {
    out.range_offset = b.offset;
    return out;
  }
  SILT_ASSIGN_OR_RETURN(auto flat, Flatten(b.offset));
  if (flat->type->id() != TypeId::kInt64 || flat->length < 1 || flat->IsNull(0)) {
    return Status::Internal("ROWS/GROUPS frame offset is not a non-NULL int64");
  }
  out.offset = flat->values<int64_t>()[0];
  return out;
}

class WindowExec : public ExecutionPlan {
 public:
  WindowExec(ExecutionPlanPtr input, std::vector<WindowCallExpr> calls, SchemaPtr schema)
      : calls_(std::move(calls)) {
    schema_ = std::move(schema);
    children_ = {std::move(input)};
  }
  std::string name() const override { return "WindowAggExec"; }
  std::string details() const override {
    std::string out = "wdw=[";
    for (size_t i = 0; i < calls_.size(); ++i) out += (i ? ", " : "") + calls_[i].ToString();
    return out + "]";
  }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<WindowExec>(c[0], calls_, schema_);
  }
  const std::vector<WindowCallExpr>& calls() const { return calls_; }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    SILT_ASSIGN_OR_RETURN(auto in, children_[0]->Execute(partition, ctx));
    std::shared_ptr<BatchStream> input(std::move(in));
    return BatchStreamPtr(new DeferredStream(schema_, [this, input, &ctx]() -> Result<std::vector<RecordBatchPtr>> {
      SILT_ASSIGN_OR_RETURN(auto all, GatherStream(*input, children_[0]->schema(), ctx));
      ComputeTimer t(metrics());
      int64_t n = all->num_rows();
      std::vector<ArrayDataPtr> cols = all->columns();
      for (const auto& call : calls_) {
        SILT_ASSIGN_OR_RETURN(auto part, EvalAll(call.partition_by, *all, ctx));
        std::vector<BoundExprPtr> order_exprs;
        std::vector<SortKeyOrder> orders, all_orders;
        for (const auto& o : call.order_by) {
          order_exprs.push_back(o.expr);
          orders.push_back(SortKeyOrder{o.descending, o.nulls_first});
        }
        SILT_ASSIGN_OR_RETURN(auto ord, EvalAll(order_exprs, *all, ctx));
        SILT_ASSIGN_OR_RETURN(auto args, EvalAll(call.args, *all, ctx));
        std::vector<ArrayDataPtr> keys = part;
        for (size_t i = 0; i < part.size(); ++i) all_orders.push_back(SortKeyOrder{});
        keys.insert(keys.end(), ord.begin(), ord.end());
        all_orders.insert(all_orders.end(), orders.begin(), orders.end());
        std::vector<int64_t> perm(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) perm[i] = i;
        if (!keys.empty()) {
          SILT_ASSIGN_OR_RETURN(perm, SortIndices(keys, all_orders, n, ctx.pool));
        }
        auto take_all = [&](const std::vector<ArrayDataPtr>& v) -> Result<std::vector<ArrayDataPtr>> {
          std::vector<ArrayDataPtr> out;
          for (const auto& a : v) {
            SILT_ASSIGN_OR_RETURN(auto t2, Take(a, perm.data(), n, ctx.pool));
            out.push_back(t2);
          }
          return out;
        };
        WindowCall wc;
        wc.name = call.name;
        SILT_ASSIGN_OR_RETURN(wc.args, take_all(args));
        wc.ignore_nulls = call.ignore_nulls;
        if (call.frame != WindowFrameKind::kDefault) {
          wc.has_frame = true;
          wc.frame.unit = call.frame == WindowFrameKind::kRows    ? WindowFrameUnit::kRows
                          : call.frame == WindowFrameKind::kRange ? WindowFrameUnit::kRange
                                                                  : WindowFrameUnit::kGroups;
          SILT_ASSIGN_OR_RETURN(wc.frame.start, ToWindowBound(call.frame_start, wc.frame.unit));
          SILT_ASSIGN_OR_RETURN(wc.frame.end, ToWindowBound(call.frame_end, wc.frame.unit));
        }
        SILT_ASSIGN_OR_RETURN(auto sorted_part, take_all(part));
        SILT_ASSIGN_OR_RETURN(auto sorted_ord, take_all(ord));
        SILT_ASSIGN_OR_RETURN(auto value, EvaluateWindow(wc, sorted_part, sorted_ord, orders, n, ctx.pool));
        std::vector<int64_t> inverse(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) inverse[perm[i]] = i;
        SILT_ASSIGN_OR_RETURN(auto back, Take(value, inverse.data(), n, ctx.pool));
        cols.push_back(back);
      }
      auto out = std::make_shared<RecordBatch>(schema_, n, std::move(cols));
      return Slices(out, ctx.batch_size);
    }, metrics_.get()));
  }

 private:
  std::vector<WindowCallExpr> calls_;
};

}  // namespace

ExecutionPlanPtr MakeHashAggregateExec(ExecutionPlanPtr input, std::vector<BoundExprPtr> group_exprs,
                                       std::vector<PhysicalAggregate> aggregates,
                                       std::vector<std::vector<int>> grouping_sets, SchemaPtr schema) {
  return std::make_shared<HashAggregateExec>(std::move(input), std::move(group_exprs), std::move(aggregates),
                                             std::move(grouping_sets), std::move(schema));
}
const std::vector<BoundExprPtr>* AggregateGroupsOf(const ExecutionPlan& plan, bool* has_grouping_sets) {
  auto* a = dynamic_cast<const HashAggregateExec*>(&plan);
  if (!a) return nullptr;
  if (has_grouping_sets) *has_grouping_sets = a->has_grouping_sets();
  return &a->groups();
}
const std::vector<WindowCallExpr>* WindowCallsOf(const ExecutionPlan& plan) {
  auto* w = dynamic_cast<const WindowExec*>(&plan);
  return w ? &w->calls() : nullptr;
}
ExecutionPlanPtr WithTopKThreshold(const ExecutionPlanPtr& sort, std::shared_ptr<RuntimeFilters> filters, int column,
                                   std::string name, DataTypePtr type) {
  auto* s = dynamic_cast<SortExec*>(sort.get());
  if (!s || !s->fetch() || s->keys().size() != 1) return nullptr;
  auto copy = std::make_shared<SortExec>(*s);
  copy->SetThresholdTarget(std::move(filters), column, std::move(name), std::move(type));
  return copy;
}

const std::vector<SortExpr>* TopKKeysOf(const ExecutionPlan& plan) {
  auto* s = dynamic_cast<const SortExec*>(&plan);
  return s && s->fetch() ? &s->keys() : nullptr;
}

ExecutionPlanPtr MakeSortExec(ExecutionPlanPtr input, std::vector<SortExpr> keys, std::optional<int64_t> fetch) {
  return std::make_shared<SortExec>(std::move(input), std::move(keys), fetch);
}
ExecutionPlanPtr MakeWindowExec(ExecutionPlanPtr input, std::vector<WindowCallExpr> calls, SchemaPtr schema) {
  return std::make_shared<WindowExec>(std::move(input), std::move(calls), std::move(schema));
}

}  // namespace silt::sql
