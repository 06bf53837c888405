#include "silt/common/ascii.h"
#include "silt/expr/evaluate.h"

#include <algorithm>
#include <cstring>

#include "silt/expr/compare_kernels.h"

namespace silt {

namespace {


std::string ListNames(const std::vector<FieldPtr>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ", ";
    AppendIdentifier(fields[i]->name, &out);
  }
  return out.empty() ? "(none)" : out;
}

std::string PathText(const std::vector<std::string>& path, size_t upto) {
  std::string out;
  for (size_t i = 0; i < upto && i < path.size(); ++i) {
    if (i) out.push_back('.');
    AppendIdentifier(path[i], &out);
  }
  return out;
}

// Exact match first, then a unique case-insensitive one; -1 absent, -2 ambiguous.
int FindField(const std::vector<FieldPtr>& fields, std::string_view name) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i]->name == name) return static_cast<int>(i);
  }
  int found = -1;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (EqualsIgnoreAsciiCase(fields[i]->name, name)) {
      if (found >= 0) return -2;
      found = static_cast<int>(i);
    }
  }
  return found;
}

}  // namespace

Result<std::vector<int>> ResolveColumnPath(const Schema& schema,
                                           const std::vector<std::string>& path) {
  if (path.empty()) return Status::Plan("empty column reference");
  std::vector<int> indices;
  int top = FindField(schema.fields(), path[0]);
  if (top == -2) {
    return Status::Plan("column reference '" + path[0] + "' is ambiguous; available columns: " +
                        ListNames(schema.fields()));
  }
  if (top == -1 || (path.size() > 1 && schema.field(top)->type->id() != TypeId::kStruct)) {
    // Maybe a top-level column whose name contains dots.
    if (path.size() > 1) {
      std::string joined = path[0];
      for (size_t i = 1; i < path.size(); ++i) joined += "." + path[i];
      int whole = FindField(schema.fields(), joined);
      if (whole >= 0) return std::vector<int>{whole};
    }
    if (top == -1) {
      return Status::Plan("column '" + PathText(path, 1) + "' not found; available columns: " +
                          ListNames(schema.fields()));
    }
  }
  indices.push_back(top);
  const Field* current = schema.field(top).get();
  for (size_t i = 1; i < path.size(); ++i) {
    if (current->type->id() != TypeId::kStruct) {
      return Status::Plan("column '" + PathText(path, i) + "' of type " +
                          current->type->ToString() + " has no field '" + path[i] + "'");
    }
    const auto& children = current->type->children();
    int idx = FindField(children, path[i]);
    if (idx < 0) {
      return Status::Plan(std::string(idx == -2 ? "ambiguous" : "no") + " field '" + path[i] +
                          "' in struct column '" + PathText(path, i) +
                          "'; available fields: " + ListNames(children));
    }
    indices.push_back(idx);
    current = children[static_cast<size_t>(idx)].get();
  }
  return indices;
}

namespace {

using Truth = std::vector<uint8_t>;

// A column reference bound to a batch: the leaf array (any encoding) and the struct arrays
// above it that contain NULLs (a NULL struct makes its fields NULL).
struct BoundColumn {
  ArrayDataPtr leaf;
  std::vector<ArrayDataPtr> null_parents;
  std::string name;
};

Result<BoundColumn> BindColumn(const Expr& ref, const RecordBatch& batch) {
  SILT_ASSIGN_OR_RETURN(std::vector<int> idx, ResolveColumnPath(*batch.schema(), ref.path()));
  BoundColumn out;
  out.name = ref.ToString();
  if (idx[0] >= batch.num_columns()) {
    return Status::Internal("batch has fewer columns than its schema");
  }
  ArrayDataPtr current = batch.column(idx[0]);
  for (size_t level = 1; level < idx.size(); ++level) {
    if (current->encoding != Encoding::kPlain) {
      // Encoded structs are rare (constant partition structs); flatten to reach children.
      SILT_ASSIGN_OR_RETURN(current, Flatten(current));
    }
    if (current->null_count != 0) out.null_parents.push_back(current);
    if (static_cast<size_t>(idx[level]) >= current->children.size()) {
      return Status::Corrupt("struct array has fewer children than its type");
    }
    current = current->children[static_cast<size_t>(idx[level])];
  }
  if (current->length < batch.num_rows()) {
    return Status::Corrupt("column '" + out.name + "' is shorter than its batch");
  }
  out.leaf = std::move(current);
  return out;
}

void ApplyParentNulls(const BoundColumn& col, int64_t n, uint8_t value, uint8_t* out) {
  for (const auto& p : col.null_parents) {
    for (int64_t i = 0; i < n; ++i) {
      if (p->IsNull(i)) out[i] = value;
    }
  }
}

// Runs `plain_fn(array, rows, out)` on plain data: directly, once on a constant's value, or
// once over a dictionary followed by an index mapping. Rows whose dictionary index is NULL
// get `null_index_value`.
template <typename PlainFn>
Status EvalEncoded(const ArrayData& a, int64_t n, uint8_t null_index_value, PlainFn&& plain_fn,
                   uint8_t* out) {
  switch (a.encoding) {
    case Encoding::kPlain: return plain_fn(a, n, out);
    case Encoding::kConstant: {
      if (!a.dictionary || a.dictionary->length < 1) {
        return Status::Corrupt("constant array without a value");
      }
      uint8_t v;
      ArrayDataPtr one = a.dictionary->Slice(0, 1);
      SILT_RETURN_NOT_OK(EvalEncoded(*one, 1, null_index_value, plain_fn, &v));
      if (n > 0) std::memset(out, v, static_cast<size_t>(n));
      return Status::OK();
    }
    case Encoding::kDictionary: {
      if (!a.dictionary) return Status::Corrupt("dictionary array without a dictionary");
      const int64_t dict_len = a.dictionary->length;
      Truth dict_truth(static_cast<size_t>(dict_len));
      SILT_RETURN_NOT_OK(
          EvalEncoded(*a.dictionary, dict_len, null_index_value, plain_fn, dict_truth.data()));
      for (int64_t i = 0; i < n; ++i) {
        if (a.IsNull(i)) {
          out[i] = null_index_value;
          continue;
        }
        int32_t idx = a.DictIndex(i);
        if (idx < 0 || idx >= dict_len) {
          return Status::Corrupt("dictionary index " + std::to_string(idx) + " out of range");
        }
        out[i] = dict_truth[static_cast<size_t>(idx)];
      }
      return Status::OK();
    }
  }
  return Status::Internal("unknown encoding");
}

class Evaluator {
 public:
  explicit Evaluator(const RecordBatch& batch) : batch_(batch), n_(batch.num_rows()) {}

  Result<Truth> Eval(const Expr& e) {
    switch (e.kind()) {
      case ExprKind::kLiteral: {
        const Scalar& v = e.literal();
        if (v.is_null()) return Truth(static_cast<size_t>(n_), kTruthNull);
        if (v.type()->id() != TypeId::kBool) {
          return Status::Plan("predicate must be boolean, found literal " + v.ToString());
        }
        return Truth(static_cast<size_t>(n_), v.bool_value() ? kTruthTrue : kTruthFalse);
      }
      case ExprKind::kColumnRef: return EvalBoolColumn(e);
      case ExprKind::kCompare: return EvalCompare(e);
      case ExprKind::kAnd:
      case ExprKind::kOr: {
        const bool is_and = e.kind() == ExprKind::kAnd;
        SILT_ASSIGN_OR_RETURN(Truth acc, Eval(*e.children()[0]));
        for (size_t c = 1; c < e.children().size(); ++c) {
          SILT_ASSIGN_OR_RETURN(Truth t, Eval(*e.children()[c]));
          for (int64_t i = 0; i < n_; ++i) {
            acc[i] = is_and ? std::min(acc[i], t[i]) : std::max(acc[i], t[i]);
          }
        }
        return acc;
      }
      case ExprKind::kNot: {
        SILT_ASSIGN_OR_RETURN(Truth t, Eval(*e.children()[0]));
        for (auto& v : t) v = static_cast<uint8_t>(kTruthTrue - v);
        return t;
      }
      case ExprKind::kIsNull:
      case ExprKind::kIsNotNull: return EvalIsNull(e);
      case ExprKind::kIn: return EvalIn(e);
    }
    return Status::Internal("unknown expression kind");
  }

 private:
  Result<Truth> EvalBoolColumn(const Expr& e) {
    SILT_ASSIGN_OR_RETURN(BoundColumn col, BindColumn(e, batch_));
    if (col.leaf->type->id() != TypeId::kBool) {
      return Status::Plan("column '" + col.name + "' of type " + col.leaf->type->ToString() +
                          " is not a boolean predicate");
    }
    Truth out(static_cast<size_t>(n_));
    SILT_RETURN_NOT_OK(EvalEncoded(*col.leaf, n_, kTruthNull,
                                   [](const ArrayData& a, int64_t n, uint8_t* o) {
      for (int64_t i = 0; i < n; ++i) o[i] = a.GetBool(i) ? kTruthTrue : kTruthFalse;
      internal::OverlayNulls(a, n, o);
      return Status::OK();
    }, out.data()));
    ApplyParentNulls(col, n_, kTruthNull, out.data());
    return out;
  }

  Result<Truth> EvalCompare(const Expr& e) {
    const Expr* left = e.children()[0].get();
    const Expr* right = e.children()[1].get();
    CompareOp op = e.compare_op();
    if (left->is_literal() && right->is_literal()) {
      auto c = left->literal().Compare(right->literal());
      if (left->literal().is_null() || right->literal().is_null()) {
        return Truth(static_cast<size_t>(n_), kTruthNull);
      }
      if (!c) {
        return Status::Plan("cannot compare " + left->literal().ToString() + " with " +
                            right->literal().ToString());
      }
      bool holds = false;
      switch (op) {
        case CompareOp::kEq: holds = *c == 0; break;
        case CompareOp::kNe: holds = *c != 0; break;
        case CompareOp::kLt: holds = *c < 0; break;
        case CompareOp::kLe: holds = *c <= 0; break;
        case CompareOp::kGt: holds = *c > 0; break;
        case CompareOp::kGe: holds = *c >= 0; break;
      }
      return Truth(static_cast<size_t>(n_), holds ? kTruthTrue : kTruthFalse);
    }
    if (left->is_literal() && right->is_column()) {
      std::swap(left, right);
      op = FlipCompareOp(op);
    }
    if (left->is_column() && right->is_literal()) {
      SILT_ASSIGN_OR_RETURN(BoundColumn col, BindColumn(*left, batch_));
      const Scalar& lit = right->literal();
      Truth out(static_cast<size_t>(n_));
      SILT_RETURN_NOT_OK(EvalEncoded(*col.leaf, n_, kTruthNull,
                                     [&](const ArrayData& a, int64_t n, uint8_t* o) {
        return internal::CompareWithLiteral(a, n, op, lit, col.name, o);
      }, out.data()));
      ApplyParentNulls(col, n_, kTruthNull, out.data());
      return out;
    }
    if (left->is_column() && right->is_column()) {
      SILT_ASSIGN_OR_RETURN(BoundColumn l, BindColumn(*left, batch_));
      SILT_ASSIGN_OR_RETURN(BoundColumn r, BindColumn(*right, batch_));
      SILT_ASSIGN_OR_RETURN(ArrayDataPtr lp, Flatten(l.leaf));
      SILT_ASSIGN_OR_RETURN(ArrayDataPtr rp, Flatten(r.leaf));
      if (lp->type->IsNested() || rp->type->IsNested()) {
        return Status::NotSupported("comparing nested columns is not supported");
      }
      Truth out(static_cast<size_t>(n_));
      SILT_RETURN_NOT_OK(internal::CompareColumns(*lp, *rp, n_, op, out.data()));
      ApplyParentNulls(l, n_, kTruthNull, out.data());
      ApplyParentNulls(r, n_, kTruthNull, out.data());
      return out;
    }
    return Status::NotSupported("comparison operands must be columns or literals: " +
                                e.ToString());
  }

  Result<Truth> EvalIsNull(const Expr& e) {
    const bool want_null = e.kind() == ExprKind::kIsNull;
    const uint8_t when_null = want_null ? kTruthTrue : kTruthFalse;
    const uint8_t when_valid = want_null ? kTruthFalse : kTruthTrue;
    const Expr& operand = *e.children()[0];
    if (operand.is_literal()) {
      return Truth(static_cast<size_t>(n_), operand.literal().is_null() ? when_null : when_valid);
    }
    Truth out(static_cast<size_t>(n_));
    if (!operand.is_column()) {
      SILT_ASSIGN_OR_RETURN(Truth t, Eval(operand));
      for (int64_t i = 0; i < n_; ++i) out[i] = t[i] == kTruthNull ? when_null : when_valid;
      return out;
    }
    SILT_ASSIGN_OR_RETURN(BoundColumn col, BindColumn(operand, batch_));
    SILT_RETURN_NOT_OK(EvalEncoded(*col.leaf, n_, when_null,
                                   [&](const ArrayData& a, int64_t n, uint8_t* o) {
      if (n > 0) std::memset(o, when_valid, static_cast<size_t>(n));
      if (a.type->id() == TypeId::kNull) {
        if (n > 0) std::memset(o, when_null, static_cast<size_t>(n));
      } else if (a.null_count != 0 && a.validity() != nullptr) {
        for (int64_t i = 0; i < n; ++i) {
          if (!bit_util::GetBit(a.validity(), a.offset + i)) o[i] = when_null;
        }
      }
      return Status::OK();
    }, out.data()));
    ApplyParentNulls(col, n_, when_null, out.data());
    return out;
  }

  Result<Truth> EvalIn(const Expr& e) {
    const Expr& operand = *e.children()[0];
    const auto& list = e.in_list();
    // x IN (a, b) = x = a OR x = b under three-valued logic.
    if (operand.is_literal()) {
      uint8_t acc = kTruthFalse;
      for (const Scalar& item : list) {
        if (operand.literal().is_null() || item.is_null()) {
          acc = std::max(acc, kTruthNull);
          continue;
        }
        auto c = operand.literal().Compare(item);
        if (!c) {
          return Status::Plan("cannot compare " + operand.literal().ToString() + " with " +
                              item.ToString());
        }
        if (*c == 0) acc = kTruthTrue;
      }
      return Truth(static_cast<size_t>(n_), acc);
    }
    if (!operand.is_column()) {
      return Status::NotSupported("IN needs a column or literal operand: " + e.ToString());
    }
    SILT_ASSIGN_OR_RETURN(BoundColumn col, BindColumn(operand, batch_));
    Truth out(static_cast<size_t>(n_));
    SILT_RETURN_NOT_OK(EvalEncoded(*col.leaf, n_, kTruthNull,
                                   [&](const ArrayData& a, int64_t n, uint8_t* o) {
      if (n > 0) std::memset(o, kTruthFalse, static_cast<size_t>(n));
      Truth item_truth(static_cast<size_t>(n));
      for (const Scalar& item : list) {
        SILT_RETURN_NOT_OK(internal::CompareWithLiteral(a, n, CompareOp::kEq, item, col.name,
                                                        item_truth.data()));
        for (int64_t i = 0; i < n; ++i) o[i] = std::max(o[i], item_truth[i]);
      }
      if (list.empty()) internal::OverlayNulls(a, n, o);
      return Status::OK();
    }, out.data()));
    ApplyParentNulls(col, n_, kTruthNull, out.data());
    return out;
  }

  const RecordBatch& batch_;
  int64_t n_;
};

}  // namespace

Result<std::vector<uint8_t>> EvaluateTruth(const Expr& predicate, const RecordBatch& batch) {
  Evaluator evaluator(batch);
  return evaluator.Eval(predicate);
}

Result<std::vector<uint8_t>> EvaluatePredicate(const Expr& predicate, const RecordBatch& batch) {
  SILT_ASSIGN_OR_RETURN(std::vector<uint8_t> truth, EvaluateTruth(predicate, batch));
  for (auto& v : truth) v = v == kTruthTrue ? 1 : 0;
  return truth;
}

int64_t CountSelected(const std::vector<uint8_t>& selection) {
  int64_t n = 0;
  for (uint8_t v : selection) n += v != 0;
  return n;
}

}  // namespace silt
