// MaterializedCteExec: a CTE read by several references runs once; the references share
// its rows.
#include <mutex>

#include "silt/sql/exec/operators.h"

namespace silt::sql {

namespace {

class MaterializedCteExec : public ExecutionPlan {
 public:
  MaterializedCteExec(std::string name, std::shared_ptr<CteResult> result, ExecutionPlanPtr input)
      : name_(std::move(name)), result_(std::move(result)) {
    schema_ = input->schema();
    children_ = {std::move(input)};
  }
  std::string name() const override { return "MaterializedCteExec"; }
  std::string details() const override { return "name=" + name_; }
  ExecutionPlanPtr WithChildren(std::vector<ExecutionPlanPtr> c) const override {
    return std::make_shared<MaterializedCteExec>(name_, result_, c[0]);
  }
  Result<BatchStreamPtr> Execute(int, TaskContext& ctx) override {
    return BatchStreamPtr(new Stream(this, ctx));
  }

 private:
  /// Fills the shared result on the first read of whichever reference runs first (every
  /// reference's input is the same optimized query), then reads it.
  class Stream : public BatchStream {
   public:
    Stream(MaterializedCteExec* op, TaskContext& ctx) : op_(op), ctx_(ctx) {}
    const SchemaPtr& schema() const override { return op_->schema_; }
    Result<RecordBatchPtr> Next() override {
      SILT_RETURN_NOT_OK(ctx_.CheckCancelled());
      if (!batches_) {
        CteResult& result = *op_->result_;
        std::lock_guard<std::mutex> lock(result.mutex);
        if (!result.done) {
          SILT_ASSIGN_OR_RETURN(auto input, op_->children_[0]->Execute(0, ctx_));
          SILT_ASSIGN_OR_RETURN(result.batches, CollectStream(*input));
          result.done = true;
        }
        batches_ = &result.batches;
      }
      while (next_ < batches_->size()) {
        const RecordBatchPtr& b = (*batches_)[next_++];
        if (b->num_rows() == 0) continue;
        auto out = std::make_shared<RecordBatch>(op_->schema_, b->num_rows(), b->columns());
        op_->metrics().output_rows += out->num_rows();
        op_->metrics().output_batches += 1;
        return RecordBatchPtr(out);
      }
      return RecordBatchPtr();
    }

   private:
    MaterializedCteExec* op_;
    TaskContext& ctx_;
    const std::vector<RecordBatchPtr>* batches_ = nullptr;
    size_t next_ = 0;
  };

  std::string name_;
  std::shared_ptr<CteResult> result_;
};

}  // namespace

ExecutionPlanPtr MakeMaterializedCteExec(std::string name, std::shared_ptr<CteResult> result, ExecutionPlanPtr input) {
  return std::make_shared<MaterializedCteExec>(std::move(name), std::move(result), std::move(input));
}

}  // namespace silt::sql
