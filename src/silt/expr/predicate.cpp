#include "silt/expr/predicate.h"

namespace silt {

const char* CompareOpToString(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "=";
    case CompareOp::kNe: return "!=";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "?";
}

CompareOp FlipCompareOp(CompareOp op) {
  switch (op) {
    case CompareOp::kLt: return CompareOp::kGt;
    case CompareOp::kLe: return CompareOp::kGe;
    case CompareOp::kGt: return CompareOp::kLt;
    case CompareOp::kGe: return CompareOp::kLe;
    default: return op;
  }
}

CompareOp NegateCompareOp(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return CompareOp::kNe;
    case CompareOp::kNe: return CompareOp::kEq;
    case CompareOp::kLt: return CompareOp::kGe;
    case CompareOp::kLe: return CompareOp::kGt;
    case CompareOp::kGt: return CompareOp::kLe;
    case CompareOp::kGe: return CompareOp::kLt;
  }
  return op;
}

ExprPtr Expr::ColumnRef(std::vector<std::string> path) {
  auto e = std::make_shared<Expr>(ExprKind::kColumnRef);
  e->path_ = std::move(path);
  return e;
}

ExprPtr Expr::Column(std::string name) { return ColumnRef({std::move(name)}); }

ExprPtr Expr::Literal(Scalar value) {
  auto e = std::make_shared<Expr>(ExprKind::kLiteral);
  e->literal_ = std::move(value);
  return e;
}

ExprPtr Expr::Compare(CompareOp op, ExprPtr left, ExprPtr right) {
  auto e = std::make_shared<Expr>(ExprKind::kCompare);
  e->op_ = op;
  e->children_ = {std::move(left), std::move(right)};
  return e;
}

ExprPtr Expr::And(std::vector<ExprPtr> operands) {
  if (operands.size() == 1) return operands[0];
  auto e = std::make_shared<Expr>(ExprKind::kAnd);
  e->children_ = std::move(operands);
  return e;
}

ExprPtr Expr::Or(std::vector<ExprPtr> operands) {
  if (operands.size() == 1) return operands[0];
  auto e = std::make_shared<Expr>(ExprKind::kOr);
  e->children_ = std::move(operands);
  return e;
}

ExprPtr Expr::Not(ExprPtr operand) {
  auto e = std::make_shared<Expr>(ExprKind::kNot);
  e->children_ = {std::move(operand)};
  return e;
}

ExprPtr Expr::IsNull(ExprPtr operand) {
  auto e = std::make_shared<Expr>(ExprKind::kIsNull);
  e->children_ = {std::move(operand)};
  return e;
}

ExprPtr Expr::IsNotNull(ExprPtr operand) {
  auto e = std::make_shared<Expr>(ExprKind::kIsNotNull);
  e->children_ = {std::move(operand)};
  return e;
}

ExprPtr Expr::In(ExprPtr operand, std::vector<Scalar> list) {
  auto e = std::make_shared<Expr>(ExprKind::kIn);
  e->children_ = {std::move(operand)};
  e->in_list_ = std::move(list);
  return e;
}

namespace {

bool IsKeyword(std::string_view word) {
  static constexpr std::string_view kKeywords[] = {"and", "or",   "not",   "is",
                                                   "null", "in", "true", "false"};
  for (std::string_view k : kKeywords) {
    if (word.size() != k.size()) continue;
    bool same = true;
    for (size_t i = 0; i < k.size() && same; ++i) {
      char c = word[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == k[i];
    }
    if (same) return true;
  }
  return false;
}

// Binding strength used to decide where parentheses are needed when printing.
int Precedence(const Expr& e) {
  switch (e.kind()) {
    case ExprKind::kOr: return 1;
    case ExprKind::kAnd: return 2;
    case ExprKind::kNot: return 3;
    case ExprKind::kCompare:
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull:
    case ExprKind::kIn: return 4;
    default: return 5;
  }
}

}  // namespace

void AppendIdentifier(std::string_view name, std::string* out) {
  bool plain = !name.empty() && !IsKeyword(name) && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_';
    plain = plain && word;
  }
  if (plain) {
    out->append(name);
    return;
  }
  out->push_back('"');
  for (char c : name) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void Expr::AppendTo(std::string* out) const {
  // Operands print bare when they bind tighter than this node, else in parentheses.
  auto child = [&](const Expr& c, int min_precedence) {
    bool parens = Precedence(c) < min_precedence;
    if (parens) out->push_back('(');
    c.AppendTo(out);
    if (parens) out->push_back(')');
  };
  switch (kind_) {
    case ExprKind::kColumnRef:
      for (size_t i = 0; i < path_.size(); ++i) {
        if (i) out->push_back('.');
        AppendIdentifier(path_[i], out);
      }
      return;
    case ExprKind::kLiteral: out->append(literal_.ToString()); return;
    case ExprKind::kCompare:
      child(*children_[0], 5);
      out->push_back(' ');
      out->append(CompareOpToString(op_));
      out->push_back(' ');
      child(*children_[1], 5);
      return;
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      const char* sep = kind_ == ExprKind::kAnd ? " AND " : " OR ";
      // Same-kind children get parentheses so the tree shape survives a re-parse.
      int min = Precedence(*this) + 1;
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i) out->append(sep);
        child(*children_[i], min);
      }
      return;
    }
    case ExprKind::kNot: {
      const Expr& c = *children_[0];
      if (c.kind() == ExprKind::kIn) {
        child(*c.children_[0], 5);
        out->append(" NOT IN (");
        for (size_t i = 0; i < c.in_list_.size(); ++i) {
          if (i) out->append(", ");
          out->append(c.in_list_[i].ToString());
        }
        out->push_back(')');
        return;
      }
      out->append("NOT ");
      child(c, 5);
      return;
    }
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull:
      child(*children_[0], 5);
      out->append(kind_ == ExprKind::kIsNull ? " IS NULL" : " IS NOT NULL");
      return;
    case ExprKind::kIn:
      child(*children_[0], 5);
      out->append(" IN (");
      for (size_t i = 0; i < in_list_.size(); ++i) {
        if (i) out->append(", ");
        out->append(in_list_[i].ToString());
      }
      out->push_back(')');
      return;
  }
}

std::string Expr::ToString() const {
  std::string out;
  AppendTo(&out);
  return out;
}

bool Expr::Equals(const Expr& other) const {
  if (kind_ != other.kind_ || op_ != other.op_ || path_ != other.path_ ||
      children_.size() != other.children_.size() || in_list_.size() != other.in_list_.size()) {
    return false;
  }
  if (kind_ == ExprKind::kLiteral && !literal_.Equals(other.literal_)) return false;
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!children_[i]->Equals(*other.children_[i])) return false;
  }
  for (size_t i = 0; i < in_list_.size(); ++i) {
    if (!in_list_[i].Equals(other.in_list_[i])) return false;
  }
  return true;
}

ExprPtr WithChildren(const ExprPtr& e, std::vector<ExprPtr> children) {
  switch (e->kind()) {
    case ExprKind::kCompare: return Expr::Compare(e->compare_op(), children[0], children[1]);
    case ExprKind::kAnd: return Expr::And(std::move(children));
    case ExprKind::kOr: return Expr::Or(std::move(children));
    case ExprKind::kNot: return Expr::Not(children[0]);
    case ExprKind::kIsNull: return Expr::IsNull(children[0]);
    case ExprKind::kIsNotNull: return Expr::IsNotNull(children[0]);
    case ExprKind::kIn: return Expr::In(children[0], e->in_list());
    case ExprKind::kColumnRef:
    case ExprKind::kLiteral: return e;
  }
  return e;
}

}  // namespace silt
