// Exchanges (docs/decisions/0008): RepartitionExec (hash / round-robin) and
// CoalescePartitionsExec. Partitions run one after another for now, so a RepartitionExec
// buffers its whole input; the parallel executor keeps this shape and fills the buckets from
// several input partitions at once.
#include "silt/sql/exec/expression_eval.h"
#include "silt/sql/exec/operators.h"
#include "silt/sql/kernels/group_hash_table.h"
#include "silt/sql/kernels/take.h"

namespace silt::sql {

std::string Partitioning::ToString() const {
  if (kind == Kind::kRoundRobin) return "RoundRobin(" + std::to_string(count) + ")";
  std::string out = "Hash([";
  for (size_t i = 0; i < exprs.size(); ++i) out += (i ? ", " : "") + exprs[i]->ToString();
  return out + "], " + std::to_string(count) + ")";
}

namespace {

/// Output partition of a row hash. The hash tables of joins and aggregates take slot
/// positions from the same row hashes (low bits, or bits 32 and up): the hash is mixed again
/// so that the rows of one partition do not all share those bits.
inline int PartitionOfHash(uint64_t hash, int count) {
  uint64_t x = hash ^ 0x9e3779b97f4a7c15ULL;
  x ^= x >> 31;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return static_cast<int>(((x >> 32) * static_cast<uint64_t>(count)) >> 32);
}

void CountBatch(OperatorMetrics& m, const RecordBatchPtr& b) {
  m.output_rows += b->num_rows();
  m.output_batches += 1;
}

/// The rows of one execution of a RepartitionExec. Shared by its partition streams: the
/// first stream that needs rows drains the input into the buckets, then each stream serves
/// (and releases) its own bucket. Stream positions live in the streams, so the parallel
/// executor only needs to guard this state (drain once, under a lock or per input partition).
struct RepartitionState {
  explicit RepartitionState(int count) : buckets(static_cast<size_t>(count)), started(static_cast<size_t>(count), 0) {}
  bool drained = false;
  Status drain_status;  ///< a failed drain fails every partition
  std::vector<std::vector<RecordBatchPtr>> buckets;
  std::vector<uint8_t> started;  ///< partitions whose stream exists
  int num_started = 0;
};

class RepartitionExec : public ExecutionPlan {
 public:
  RepartitionExec(ExecutionPlanPtr input, Partitioning partitioning) : partitioning_(std::move(partitioning)) {
    partitioning_.count = std::max(1, partitioning_.count);
    schema_ = input->schema();
    children_ = {std::move(input)};
  }
  std::string name() const override { return "RepartitionExec"; }
  std::string details() const override {
    return "partitioning=" + partitioning_.ToString() +
           ", input_partitions=" + std::to_string(children_[0]->output_partitions());
  }
  int output_partitions() const override { return partitioning_.count; }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<RepartitionExec>(c[0], partitioning_);
  }
  const Partitioning& partitioning() const { return partitioning_; }

  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    if (partition < 0 || partition >= partitioning_.count) {
      return Status::Internal("RepartitionExec has " + std::to_string(partitioning_.count) +
                              " partitions; partition " + std::to_string(partition) + " asked for");
    }
    // A partition asked for twice starts a new execution (plans run repeatedly in recursive
    // CTEs); once every partition has its stream the streams alone own the rows, so they are
    // freed as the streams finish.
    if (!state_ || state_->started[partition]) state_ = std::make_shared<RepartitionState>(partitioning_.count);
    std::shared_ptr<RepartitionState> state = state_;
    state->started[partition] = 1;
    if (++state->num_started == partitioning_.count) state_.reset();
    return BatchStreamPtr(new Stream(this, std::move(state), partition, ctx));
  }

 private:
  class Stream : public BatchStream {
   public:
    Stream(RepartitionExec* op, std::shared_ptr<RepartitionState> state, int partition, TaskContext& ctx)
        : op_(op), state_(std::move(state)), partition_(partition), ctx_(ctx) {}
    const SchemaPtr& schema() const override { return op_->schema_; }
    Result<RecordBatchPtr> Next() override {
      SILT_RETURN_NOT_OK(ctx_.CheckCancelled());
      if (!state_->drained) {
        state_->drained = true;
        state_->drain_status = op_->Drain(*state_, ctx_);
      }
      SILT_RETURN_NOT_OK(state_->drain_status);
      auto& bucket = state_->buckets[static_cast<size_t>(partition_)];
      if (next_ >= bucket.size()) return RecordBatchPtr();
      RecordBatchPtr b = std::move(bucket[next_++]);  // served once: release it now
      CountBatch(op_->metrics(), b);
      return b;
    }

   private:
    RepartitionExec* op_;
    std::shared_ptr<RepartitionState> state_;
    int partition_;
    TaskContext& ctx_;
    size_t next_ = 0;
  };

  /// Reads every input partition and buckets its rows.
  Status Drain(RepartitionState& state, TaskContext& ctx) {
    const int count = partitioning_.count;
    const bool hash = partitioning_.kind == Partitioning::Kind::kHash;
    std::unique_ptr<GroupHashTable> hasher;
    if (hash) {
      std::vector<DataTypePtr> types;
      for (const auto& e : partitioning_.exprs) types.push_back(e->type);
      hasher = std::make_unique<GroupHashTable>(std::move(types), ctx.pool);  // hashes only
    }
    std::vector<uint64_t> hashes;
    std::vector<uint8_t> any_null;
    std::vector<std::vector<int64_t>> rows(static_cast<size_t>(count));
    int64_t next_round_robin = 0;
    const int inputs = children_[0]->output_partitions();
    for (int ip = 0; ip < inputs; ++ip) {
      SILT_ASSIGN_OR_RETURN(auto in, children_[0]->Execute(ip, ctx));
      while (true) {
        SILT_RETURN_NOT_OK(ctx.CheckCancelled());
        SILT_ASSIGN_OR_RETURN(auto b, in->Next());
        if (!b) break;
        if (b->num_rows() == 0) continue;
        ComputeTimer t(metrics());
        if (!hash) {
          state.buckets[static_cast<size_t>(next_round_robin++ % count)].push_back(std::move(b));
          continue;
        }
        const int64_t n = b->num_rows();
        std::vector<ArrayDataPtr> keys;
        for (const auto& e : partitioning_.exprs) {
          SILT_ASSIGN_OR_RETURN(auto k, EvaluateExpr(*e, *b, ctx.kernel));
          keys.push_back(std::move(k));
        }
        SILT_RETURN_NOT_OK(hasher->HashRows(keys, n, &hashes, &any_null));
        for (auto& r : rows) r.clear();
        for (int64_t i = 0; i < n; ++i) {
          const int p = any_null[i] ? 0 : PartitionOfHash(hashes[i], count);
          rows[static_cast<size_t>(p)].push_back(i);
        }
        for (int p = 0; p < count; ++p) {
          const auto& idx = rows[static_cast<size_t>(p)];
          if (idx.empty()) continue;
          auto& bucket = state.buckets[static_cast<size_t>(p)];
          if (static_cast<int64_t>(idx.size()) == n) {
            bucket.push_back(b);  // every row in one partition: no copy
            continue;
          }
          SILT_ASSIGN_OR_RETURN(auto part, TakeBatch(*b, idx.data(), static_cast<int64_t>(idx.size()), ctx.pool));
          if (part->schema() != schema_) part = std::make_shared<RecordBatch>(schema_, part->num_rows(), part->columns());
          bucket.push_back(std::move(part));
        }
        metrics().peak_memory_bytes = std::max(metrics().peak_memory_bytes, ctx.pool->bytes_allocated());
      }
    }
    return Status::OK();
  }

  Partitioning partitioning_;
  /// The execution whose partitions are being handed out (null between executions).
  std::shared_ptr<RepartitionState> state_;
};

// ---------------------------------------------------------------------------------------
class CoalescePartitionsExec : public ExecutionPlan {
 public:
  explicit CoalescePartitionsExec(ExecutionPlanPtr input) {
    schema_ = input->schema();
    children_ = {std::move(input)};
  }
  std::string name() const override { return "CoalescePartitionsExec"; }
  int output_partitions() const override { return 1; }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<CoalescePartitionsExec>(c[0]);
  }
  Result<BatchStreamPtr> Execute(int partition, TaskContext& ctx) override {
    if (partition != 0) {
      return Status::Internal("CoalescePartitionsExec has one partition; partition " +
                              std::to_string(partition) + " asked for");
    }
    return BatchStreamPtr(new Stream(this, ctx));
  }

 private:
  /// Reads input partition 0 to its end, then 1, ... (each started only when reached).
  class Stream : public BatchStream {
   public:
    Stream(CoalescePartitionsExec* op, TaskContext& ctx)
        : op_(op), ctx_(ctx), inputs_(op->children_[0]->output_partitions()) {}
    const SchemaPtr& schema() const override { return op_->schema_; }
    Result<RecordBatchPtr> Next() override {
      while (next_input_ < inputs_) {
        SILT_RETURN_NOT_OK(ctx_.CheckCancelled());
        if (!current_) {
          SILT_ASSIGN_OR_RETURN(current_, op_->children_[0]->Execute(next_input_, ctx_));
        }
        SILT_ASSIGN_OR_RETURN(auto b, current_->Next());
        if (b) {
          CountBatch(op_->metrics(), b);
          return b;
        }
        current_.reset();
        ++next_input_;
      }
      return RecordBatchPtr();
    }

   private:
    CoalescePartitionsExec* op_;
    TaskContext& ctx_;
    int inputs_;
    int next_input_ = 0;
    BatchStreamPtr current_;
  };
};

}  // namespace

ExecutionPlanPtr MakeRepartitionExec(ExecutionPlanPtr input, Partitioning partitioning) {
  return std::make_shared<RepartitionExec>(std::move(input), std::move(partitioning));
}

const Partitioning* PartitioningOf(const ExecutionPlan& plan) {
  auto* r = dynamic_cast<const RepartitionExec*>(&plan);
  return r ? &r->partitioning() : nullptr;
}

ExecutionPlanPtr MakeCoalescePartitionsExec(ExecutionPlanPtr input) {
  return std::make_shared<CoalescePartitionsExec>(std::move(input));
}

}  // namespace silt::sql
