// ToSql for expressions. Every operator application is printed
// inside parentheses, so the text re-parses to the same tree whatever the precedence.
#include <string>

#include "silt/sql/parser/to_sql.h"
#include "silt/sql/parser/to_sql_internal.h"

namespace silt::sql {

std::string_view BinaryOpSql(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "OR";
    case BinaryOp::kAnd: return "AND";
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNotEq: return "<>";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLtEq: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGtEq: return ">=";
    case BinaryOp::kIsDistinctFrom: return "IS DISTINCT FROM";
    case BinaryOp::kIsNotDistinctFrom: return "IS NOT DISTINCT FROM";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSubtract: return "-";
    case BinaryOp::kMultiply: return "*";
    case BinaryOp::kDivide: return "/";
    case BinaryOp::kIntegerDivide: return "//";
    case BinaryOp::kModulo: return "%";
    case BinaryOp::kPower: return "^";
    case BinaryOp::kConcat: return "||";
    case BinaryOp::kBitAnd: return "&";
    case BinaryOp::kBitOr: return "|";
    case BinaryOp::kBitXor: return "#";
    case BinaryOp::kShiftLeft: return "<<";
    case BinaryOp::kShiftRight: return ">>";
    case BinaryOp::kRegexMatch: return "~";
    case BinaryOp::kRegexIMatch: return "~*";
    case BinaryOp::kRegexNotMatch: return "!~";
    case BinaryOp::kRegexNotIMatch: return "!~*";
  }
  return "?";
}

namespace {

std::string_view IsKindSql(IsKind kind) {
  switch (kind) {
    case IsKind::kNull: return "NULL";
    case IsKind::kTrue: return "TRUE";
    case IsKind::kFalse: return "FALSE";
    case IsKind::kUnknown: return "UNKNOWN";
  }
  return "NULL";
}

std::string_view LikeSql(LikeKind kind) {
  switch (kind) {
    case LikeKind::kLike: return "LIKE ";
    case LikeKind::kILike: return "ILIKE ";
    case LikeKind::kSimilarTo: return "SIMILAR TO ";
  }
  return "LIKE ";
}

}  // namespace

void SqlWriter::AppendExpr(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kColumnRef: AppendName(expr.As<ColumnRefExpr>().parts); return;
    case ExprKind::kStar: {
      const auto& star = expr.As<StarExpr>();
      if (!star.qualifier.empty()) {
        AppendName(star.qualifier);
        out_.push_back('.');
      }
      out_.push_back('*');
      if (!star.exclude.empty()) {
        out_.append(" EXCLUDE (");
        AppendNames(star.exclude);
        out_.push_back(')');
      }
      for (size_t i = 0; i < star.replace.size(); ++i) {
        out_.append(i == 0 ? " REPLACE (" : ", ");
        AppendExpr(*star.replace[i].expr);
        out_.append(" AS ");
        AppendIdentifier(star.replace[i].name);
        if (i + 1 == star.replace.size()) out_.push_back(')');
      }
      for (size_t i = 0; i < star.rename.size(); ++i) {
        out_.append(i == 0 ? " RENAME (" : ", ");
        AppendName(star.rename[i].column);
        out_.append(" AS ");
        AppendIdentifier(star.rename[i].name);
        if (i + 1 == star.rename.size()) out_.push_back(')');
      }
      return;
    }
    case ExprKind::kLiteral: {
      const auto& literal = expr.As<LiteralExpr>();
      switch (literal.literal_kind) {
        case LiteralKind::kNull: out_.append("NULL"); return;
        case LiteralKind::kBoolean: out_.append(literal.boolean_value ? "TRUE" : "FALSE"); return;
        case LiteralKind::kString: AppendStringLiteral(literal.text); return;
        case LiteralKind::kHexString:
          out_.append("X'");
          out_.append(literal.text);
          out_.push_back('\'');
          return;
        default: out_.append(literal.text); return;
      }
    }
    case ExprKind::kTypedLiteral: {
      const auto& literal = expr.As<TypedLiteralExpr>();
      AppendType(literal.type);
      out_.push_back(' ');
      AppendStringLiteral(literal.value);
      return;
    }
    case ExprKind::kInterval: {
      const auto& interval = expr.As<IntervalExpr>();
      out_.append("(INTERVAL ");
      const Expr& value = *interval.value;
      bool bare = value.kind == ExprKind::kLiteral &&
                  (value.As<LiteralExpr>().literal_kind == LiteralKind::kString ||
                   value.As<LiteralExpr>().literal_kind == LiteralKind::kInteger ||
                   value.As<LiteralExpr>().literal_kind == LiteralKind::kDecimal);
      if (!bare) out_.push_back('(');
      AppendExpr(value);
      if (!bare) out_.push_back(')');
      if (interval.unit != IntervalUnit::kNone) {
        out_.push_back(' ');
        out_.append(IntervalUnitSql(interval.unit));
        if (interval.to_unit != IntervalUnit::kNone) {
          out_.append(" TO ");
          out_.append(IntervalUnitSql(interval.to_unit));
        }
      }
      out_.push_back(')');
      return;
    }
    case ExprKind::kParameter: {
      uint32_t index = expr.As<ParameterExpr>().index;
      if (index == 0) {
        out_.push_back('?');
      } else {
        out_.push_back('$');
        out_.append(std::to_string(index));
      }
      return;
    }
    case ExprKind::kUnary: {
      const auto& unary = expr.As<UnaryExpr>();
      static constexpr std::string_view kOps[] = {"(NOT ", "(- ", "(+ ", "(~ "};
      out_.append(kOps[static_cast<int>(unary.op)]);
      AppendExpr(*unary.operand);
      out_.push_back(')');
      return;
    }
    case ExprKind::kBinary: {
      const auto& binary = expr.As<BinaryExpr>();
      out_.push_back('(');
      AppendExpr(*binary.left);
      out_.push_back(' ');
      out_.append(BinaryOpSql(binary.op));
      out_.push_back(' ');
      AppendExpr(*binary.right);
      out_.push_back(')');
      return;
    }
    case ExprKind::kIs: {
      const auto& is = expr.As<IsExpr>();
      out_.push_back('(');
      AppendExpr(*is.operand);
      out_.append(is.negated ? " IS NOT " : " IS ");
      out_.append(IsKindSql(is.test));
      out_.push_back(')');
      return;
    }
    case ExprKind::kBetween: {
      const auto& between = expr.As<BetweenExpr>();
      out_.push_back('(');
      AppendExpr(*between.operand);
      out_.append(between.negated ? " NOT BETWEEN " : " BETWEEN ");
      if (between.symmetric) out_.append("SYMMETRIC ");
      AppendExpr(*between.low);
      out_.append(" AND ");
      AppendExpr(*between.high);
      out_.push_back(')');
      return;
    }
    case ExprKind::kInList: {
      const auto& in = expr.As<InListExpr>();
      out_.push_back('(');
      AppendExpr(*in.operand);
      out_.append(in.negated ? " NOT IN (" : " IN (");
      AppendExprList(in.list);
      out_.append("))");
      return;
    }
    case ExprKind::kInSubquery: {
      const auto& in = expr.As<InSubqueryExpr>();
      out_.push_back('(');
      AppendExpr(*in.operand);
      out_.append(in.negated ? " NOT IN (" : " IN (");
      AppendQuery(*in.subquery);
      out_.append("))");
      return;
    }
    case ExprKind::kQuantified: {
      const auto& quantified = expr.As<QuantifiedExpr>();
      out_.push_back('(');
      AppendExpr(*quantified.left);
      out_.push_back(' ');
      out_.append(BinaryOpSql(quantified.op));
      out_.append(quantified.all ? " ALL (" : " ANY (");
      if (quantified.subquery) {
        AppendQuery(*quantified.subquery);
      } else if (quantified.array) {
        AppendExpr(*quantified.array);
      }
      out_.append("))");
      return;
    }
    case ExprKind::kLike: {
      const auto& like = expr.As<LikeExpr>();
      out_.push_back('(');
      AppendExpr(*like.operand);
      out_.append(like.negated ? " NOT " : " ");
      out_.append(LikeSql(like.like));
      AppendExpr(*like.pattern);
      if (like.escape) {
        out_.append(" ESCAPE ");
        AppendExpr(*like.escape);
      }
      out_.push_back(')');
      return;
    }
    case ExprKind::kCast: {
      const auto& cast = expr.As<CastExpr>();
      out_.append(cast.try_cast ? "TRY_CAST(" : "CAST(");
      AppendExpr(*cast.operand);
      out_.append(" AS ");
      AppendType(cast.type);
      out_.push_back(')');
      return;
    }
    case ExprKind::kCase: {
      const auto& case_expr = expr.As<CaseExpr>();
      out_.append("CASE");
      if (case_expr.operand) {
        out_.push_back(' ');
        AppendExpr(*case_expr.operand);
      }
      for (const CaseWhen& arm : case_expr.whens) {
        out_.append(" WHEN ");
        AppendExpr(*arm.when);
        out_.append(" THEN ");
        AppendExpr(*arm.then);
      }
      if (case_expr.else_result) {
        out_.append(" ELSE ");
        AppendExpr(*case_expr.else_result);
      }
      out_.append(" END");
      return;
    }
    case ExprKind::kFunction: AppendFunction(expr.As<FunctionExpr>()); return;
    case ExprKind::kSubquery:
      out_.push_back('(');
      AppendQuery(*expr.As<SubqueryExpr>().query);
      out_.push_back(')');
      return;
    case ExprKind::kExists:
      out_.append("EXISTS (");
      AppendQuery(*expr.As<ExistsExpr>().query);
      out_.push_back(')');
      return;
    case ExprKind::kArray:
      out_.push_back('[');
      AppendExprList(expr.As<ArrayExpr>().elements);
      out_.push_back(']');
      return;
    case ExprKind::kStruct: {
      const auto& literal = expr.As<StructExpr>();
      out_.push_back('{');
      for (size_t i = 0; i < literal.keys.size() && i < literal.values.size(); ++i) {
        if (i > 0) out_.append(", ");
        if (literal.keys[i].quoted) {
          AppendStringLiteral(literal.keys[i].name);
        } else {
          out_.append(literal.keys[i].name);
        }
        out_.append(": ");
        AppendExpr(*literal.values[i]);
      }
      out_.push_back('}');
      return;
    }
    case ExprKind::kRow: {
      const auto& row = expr.As<RowExpr>();
      out_.append(row.elements.size() >= 2 ? "(" : "ROW(");
      AppendExprList(row.elements);
      out_.push_back(')');
      return;
    }
    case ExprKind::kSubscript: {
      const auto& subscript = expr.As<SubscriptExpr>();
      AppendExpr(*subscript.base);
      out_.push_back('[');
      if (subscript.index) AppendExpr(*subscript.index);
      if (subscript.slice) {
        out_.push_back(':');
        if (subscript.upper) AppendExpr(*subscript.upper);
      }
      out_.push_back(']');
      return;
    }
    case ExprKind::kFieldAccess: {
      const auto& access = expr.As<FieldAccessExpr>();
      out_.push_back('(');
      AppendExpr(*access.base);
      out_.append(").");
      AppendIdentifier(access.field);
      return;
    }
    case ExprKind::kAtTimeZone: {
      const auto& at = expr.As<AtTimeZoneExpr>();
      out_.push_back('(');
      AppendExpr(*at.operand);
      out_.append(" AT TIME ZONE ");
      AppendExpr(*at.zone);
      out_.push_back(')');
      return;
    }
    case ExprKind::kCollate: {
      const auto& collate = expr.As<CollateExpr>();
      out_.push_back('(');
      AppendExpr(*collate.operand);
      out_.append(" COLLATE ");
      AppendName(collate.collation);
      out_.push_back(')');
      return;
    }
    case ExprKind::kDefault: out_.append("DEFAULT"); return;
  }
}

std::string ToSql(const Expr& expr) {
  SqlWriter writer;
  writer.AppendExpr(expr);
  return writer.Take();
}

}  // namespace silt::sql
