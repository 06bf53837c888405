#include "silt/sql/exec/expression_eval.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "silt/columnar/builder.h"
#include "silt/functions/cast.h"
#include "silt/sql/kernels/take.h"

namespace silt::sql {

namespace {

/// Scatters `values` (one per selected row) into a plain result of num_rows rows, where
/// rows[k] is the destination of values[k]; other rows keep `base`'s values.
Result<ArrayDataPtr> Merge(const ArrayDataPtr& base, const std::vector<int64_t>& rows,
                           const ArrayDataPtr& values, int64_t num_rows, MemoryPool* pool) {
  // Gather from the concatenation [base ++ values]: index i for base rows, n + k for values.
  SILT_ASSIGN_OR_RETURN(auto both, Concatenate({base, values}, pool));
  std::vector<int64_t> idx(static_cast<size_t>(num_rows));
  for (int64_t i = 0; i < num_rows; ++i) idx[i] = i;
  for (size_t k = 0; k < rows.size(); ++k) idx[rows[k]] = num_rows + static_cast<int64_t>(k);
  return Take(both, idx.data(), num_rows, pool);
}

Result<ArrayDataPtr> EvaluateCase(const BoundExpr& expr, const RecordBatch& batch,
                                  const functions::KernelContext& ctx) {
  int64_t n = batch.num_rows();
  size_t pairs = (expr.children.size() - (expr.has_else ? 1 : 0)) / 2;
  SILT_ASSIGN_OR_RETURN(auto result, MakeNullArray(expr.type, n, ctx.pool));
  // Rows not yet decided, as indices into the batch.
  std::vector<int64_t> pending(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) pending[i] = i;
  RecordBatchPtr current = std::make_shared<RecordBatch>(batch.schema(), n, batch.columns());
  for (size_t p = 0; p < pairs && !pending.empty(); ++p) {
    SILT_ASSIGN_OR_RETURN(auto cond, EvaluateExpr(*expr.children[2 * p], *current, ctx));
    SILT_ASSIGN_OR_RETURN(auto flat, Flatten(cond, ctx.pool));
    std::vector<int64_t> taken_local = SelectedRows(*flat);
    if (!taken_local.empty()) {
      SILT_ASSIGN_OR_RETURN(auto sub, TakeBatch(*current, taken_local.data(),
                                                static_cast<int64_t>(taken_local.size()), ctx.pool));
      SILT_ASSIGN_OR_RETURN(auto value, EvaluateExpr(*expr.children[2 * p + 1], *sub, ctx));
      std::vector<int64_t> dest;
      dest.reserve(taken_local.size());
      for (int64_t k : taken_local) dest.push_back(pending[k]);
      SILT_ASSIGN_OR_RETURN(result, Merge(result, dest, value, n, ctx.pool));
    }
    // Keep the rows whose condition was not TRUE.
    std::vector<int64_t> rest_local, rest;
    size_t t = 0;
    for (int64_t k = 0; k < static_cast<int64_t>(pending.size()); ++k) {
      if (t < taken_local.size() && taken_local[t] == k) {
        ++t;
        continue;
      }
      rest_local.push_back(k);
      rest.push_back(pending[k]);
    }
    if (rest.size() != pending.size()) {
      SILT_ASSIGN_OR_RETURN(current, TakeBatch(*current, rest_local.data(),
                                               static_cast<int64_t>(rest_local.size()), ctx.pool));
      pending = std::move(rest);
    }
  }
  if (expr.has_else && !pending.empty()) {
    SILT_ASSIGN_OR_RETURN(auto value, EvaluateExpr(*expr.children.back(), *current, ctx));
    SILT_ASSIGN_OR_RETURN(result, Merge(result, pending, value, n, ctx.pool));
  }
  return result;
}

// Rows of `values` (a result over the rows `rows` of the batch) that are NULL, as batch rows.
std::vector<int64_t> NullRows(const ArrayData& values, const std::vector<int64_t>& rows) {
  std::vector<int64_t> out;
  const bool all_null = values.type->id() == TypeId::kNull;
  for (size_t k = 0; k < rows.size(); ++k) {
    if (all_null || values.IsNull(static_cast<int64_t>(k))) out.push_back(rows[k]);
  }
  return out;
}

// coalesce(a, b, ...) evaluates an argument only over the rows where every earlier one was
// NULL, like CASE (PostgreSQL: "only evaluates the arguments needed"), so COALESCE(1, 1/0)
// is 1 rather than an error.
Result<ArrayDataPtr> EvaluateCoalesce(const BoundExpr& expr, const RecordBatch& batch,
                                      const functions::KernelContext& ctx) {
  const int64_t n = batch.num_rows();
  SILT_ASSIGN_OR_RETURN(auto result, EvaluateExpr(*expr.children[0], batch, ctx));
  std::vector<int64_t> all(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) all[i] = i;
  std::vector<int64_t> pending = NullRows(*result, all);
  for (size_t c = 1; c < expr.children.size() && !pending.empty(); ++c) {
    const auto count = static_cast<int64_t>(pending.size());
    SILT_ASSIGN_OR_RETURN(auto sub, TakeBatch(batch, pending.data(), count, ctx.pool));
    SILT_ASSIGN_OR_RETURN(auto value, EvaluateExpr(*expr.children[c], *sub, ctx));
    if (value->type->id() != TypeId::kNull) {
      if (result->type->id() == TypeId::kNull) {
        SILT_ASSIGN_OR_RETURN(result, MakeNullArray(value->type, n, ctx.pool));
      }
      SILT_ASSIGN_OR_RETURN(result, Merge(result, pending, value, n, ctx.pool));
    }
    pending = NullRows(*value, pending);
  }
  return result;
}

bool IsCoalesce(const BoundExpr& expr) {
  return expr.function && (expr.function->name == "coalesce" || expr.function->name == "ifnull") &&
         !expr.children.empty();
}

}  // namespace

std::vector<int64_t> SelectedRows(const ArrayData& mask) {
  std::vector<int64_t> rows;
  int64_t n = mask.length;
  if (mask.encoding == Encoding::kConstant) {
    const auto& d = *mask.dictionary;
    if (d.IsValid(0) && d.GetBool(0)) {
      rows.resize(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) rows[i] = i;
    }
    return rows;
  }
  if (mask.type->id() == TypeId::kNull) return rows;
  const uint8_t* values = mask.buffers[1]->data();
  const uint8_t* valid = mask.null_count > 0 ? mask.validity() : nullptr;
  rows.reserve(static_cast<size_t>(n));
  if (mask.offset == 0) {
    // 64 rows per step: TRUE-and-valid bits, visited with count-trailing-zeros.
    for (int64_t base = 0; base < n; base += 64) {
      int64_t bytes = std::min<int64_t>(8, (n - base + 7) / 8);
      uint64_t word = 0, ok = ~uint64_t{0};
      std::memcpy(&word, values + base / 8, static_cast<size_t>(bytes));
      if (valid) {
        ok = 0;
        std::memcpy(&ok, valid + base / 8, static_cast<size_t>(bytes));
      }
      word &= ok;
      if (n - base < 64) word &= (uint64_t{1} << (n - base)) - 1;
      while (word) {
        rows.push_back(base + __builtin_ctzll(word));
        word &= word - 1;
      }
    }
    return rows;
  }
  for (int64_t i = 0; i < n; ++i) {
    int64_t bit = mask.offset + i;
    bool on = bit_util::GetBit(values, bit) && (!valid || bit_util::GetBit(valid, bit));
    if (on) rows.push_back(i);
  }
  return rows;
}

Result<RecordBatchPtr> FilterByMask(const RecordBatchPtr& batch, const ArrayData& mask,
                                    MemoryPool* pool) {
  std::vector<int64_t> rows;
  if (mask.encoding == Encoding::kDictionary) {
    SILT_ASSIGN_OR_RETURN(auto flat, Flatten(std::make_shared<ArrayData>(mask), pool));
    rows = SelectedRows(*flat);
  } else {
    rows = SelectedRows(mask);
  }
  if (static_cast<int64_t>(rows.size()) == batch->num_rows()) return batch;
  return TakeBatch(*batch, rows.data(), static_cast<int64_t>(rows.size()), pool);
}

namespace {

/// Results of shared subtrees within one evaluation over one batch (see ShareEqualSubtrees:
/// TPC-H Q22's substr(c_phone, 1, 2) IN (7 codes) computed substr 7 times per row).
struct SharedResults {
  std::vector<std::pair<const BoundExpr*, ArrayDataPtr>> entries;
};

Result<ArrayDataPtr> Evaluate(const BoundExpr& expr, const RecordBatch& batch, const functions::KernelContext& ctx,
                              SharedResults* shared);

/// Evaluates a child; a computed child held by more than one parent is evaluated once.
Result<ArrayDataPtr> EvaluateChild(const BoundExprPtr& child, const RecordBatch& batch,
                                   const functions::KernelContext& ctx, SharedResults* shared) {
  bool computed = child->kind == BoundExprKind::kCall || child->kind == BoundExprKind::kCast;
  if (!computed || child.use_count() < 2) return Evaluate(*child, batch, ctx, shared);
  for (const auto& [node, result] : shared->entries) {
    if (node == child.get()) return result;
  }
  SILT_ASSIGN_OR_RETURN(auto result, Evaluate(*child, batch, ctx, shared));
  shared->entries.emplace_back(child.get(), result);
  return result;
}

Result<ArrayDataPtr> Evaluate(const BoundExpr& expr, const RecordBatch& batch, const functions::KernelContext& ctx,
                              SharedResults* shared) {
  int64_t n = batch.num_rows();
  switch (expr.kind) {
    case BoundExprKind::kColumn:
      return batch.column(expr.index);
    case BoundExprKind::kLiteral:
      return MakeConstantArray(expr.value, n);
    case BoundExprKind::kCast: {
      SILT_ASSIGN_OR_RETURN(auto in, EvaluateChild(expr.children[0], batch, ctx, shared));
      if (in->type->id() == TypeId::kNull) return MakeNullArray(expr.type, n, ctx.pool);
      return functions::Cast(ctx, in, expr.type, expr.try_cast);
    }
    case BoundExprKind::kCall: {
      if (IsCoalesce(expr)) return EvaluateCoalesce(expr, batch, ctx);
      std::vector<ArrayDataPtr> args;
      args.reserve(expr.children.size());
      for (const auto& c : expr.children) {
        SILT_ASSIGN_OR_RETURN(auto a, EvaluateChild(c, batch, ctx, shared));
        args.push_back(std::move(a));
      }
      return expr.function->kernel(ctx, args, n);
    }
    case BoundExprKind::kCase:
      return EvaluateCase(expr, batch, ctx);
    case BoundExprKind::kOuterColumn:
      return Status::Internal("outer column reference survived decorrelation");
  }
  return Status::Internal("unknown expression kind");
}

/// Hash-consing of computed nodes: children first, then one node per (kind, function or
/// cast type, children).
BoundExprPtr Share(const BoundExprPtr& expr, std::map<std::string, BoundExprPtr>* canonical) {
  if (expr->kind == BoundExprKind::kColumn || expr->kind == BoundExprKind::kLiteral) {
    // Leaves: a column by index, a literal by its text and type.
    std::string key(expr->kind == BoundExprKind::kColumn ? "c|" : "l|");
    key.append(expr->kind == BoundExprKind::kColumn ? std::to_string(expr->index) : expr->ToString());
    key.append("|").append(expr->type->ToString());
    return canonical->emplace(key, expr).first->second;
  }
  if (expr->children.empty()) return expr;
  std::vector<BoundExprPtr> children;
  bool changed = false;
  for (const auto& c : expr->children) {
    children.push_back(Share(c, canonical));
    changed = changed || children.back() != c;
  }
  BoundExprPtr node = expr;
  if (changed) {
    auto copy = std::make_shared<BoundExpr>(*expr);
    copy->children = children;
    node = copy;
  }
  if (node->kind != BoundExprKind::kCall && node->kind != BoundExprKind::kCast) return node;
  // Two random() calls are two draws.
  if (node->function && !node->function->deterministic) return node;
  std::string key = std::to_string(static_cast<int>(node->kind));
  key.append("|").append(node->type->ToString()).append(node->try_cast ? "|try|" : "||");
  if (node->function) key.append(node->function->name);
  for (const auto& c : node->children) key.append("|").append(std::to_string(reinterpret_cast<uintptr_t>(c.get())));
  auto [it, inserted] = canonical->emplace(key, node);
  return it->second;
}

}  // namespace

BoundExprPtr ShareEqualSubtrees(const BoundExprPtr& expr) {
  std::map<std::string, BoundExprPtr> canonical;
  return Share(expr, &canonical);
}

Result<ArrayDataPtr> EvaluateExpr(const BoundExpr& expr, const RecordBatch& batch,
                                  const functions::KernelContext& ctx) {
  SharedResults shared;
  return Evaluate(expr, batch, ctx, &shared);
}

}  // namespace silt::sql
