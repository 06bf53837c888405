// ToSql for function calls (special syntaxes, aggregate and window tails) and windows.
#include <string>

#include "silt/sql/parser/to_sql_internal.h"

namespace silt::sql {

namespace {

// A word the lexer reads back as one unquoted word (EXTRACT fields are printed bare).
bool IsPlainWord(std::string_view text) {
  if (text.empty()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

}  // namespace

void SqlWriter::AppendFrameBound(const FrameBound& bound) {
  switch (bound.kind) {
    case FrameBoundKind::kUnboundedPreceding: out_.append("UNBOUNDED PRECEDING"); return;
    case FrameBoundKind::kUnboundedFollowing: out_.append("UNBOUNDED FOLLOWING"); return;
    case FrameBoundKind::kCurrentRow: out_.append("CURRENT ROW"); return;
    case FrameBoundKind::kPreceding:
    case FrameBoundKind::kFollowing:
      if (bound.offset) AppendExpr(*bound.offset);
      out_.append(bound.kind == FrameBoundKind::kPreceding ? " PRECEDING" : " FOLLOWING");
      return;
  }
}

void SqlWriter::AppendWindowSpec(const WindowSpec& spec) {
  out_.push_back('(');
  const char* separator = "";
  if (spec.base_window) {
    AppendIdentifier(*spec.base_window);
    separator = " ";
  }
  if (!spec.partition_by.empty()) {
    out_.append(separator);
    out_.append("PARTITION BY ");
    AppendExprList(spec.partition_by);
    separator = " ";
  }
  if (!spec.order_by.empty()) {
    out_.append(separator);
    out_.append("ORDER BY ");
    AppendOrderBy(spec.order_by);
    separator = " ";
  }
  if (spec.frame) {
    const WindowFrame& frame = *spec.frame;
    out_.append(separator);
    out_.append(frame.unit == FrameUnit::kRows    ? "ROWS BETWEEN "
                : frame.unit == FrameUnit::kRange ? "RANGE BETWEEN "
                                                  : "GROUPS BETWEEN ");
    AppendFrameBound(frame.start);
    out_.append(" AND ");
    AppendFrameBound(frame.end);
    switch (frame.exclude) {
      case FrameExclude::kNone: break;
      case FrameExclude::kCurrentRow: out_.append(" EXCLUDE CURRENT ROW"); break;
      case FrameExclude::kGroup: out_.append(" EXCLUDE GROUP"); break;
      case FrameExclude::kTies: out_.append(" EXCLUDE TIES"); break;
      case FrameExclude::kNoOthers: out_.append(" EXCLUDE NO OTHERS"); break;
    }
  }
  out_.push_back(')');
}

void SqlWriter::AppendFunction(const FunctionExpr& call) {
  size_t n = call.args.size();
  auto arg = [&](size_t i) -> const Expr& { return *call.args[i].value; };
  bool special = true;
  switch (call.syntax) {
    case FunctionSyntax::kNoParens: AppendName(call.name); return;
    case FunctionSyntax::kExtract:
      if (n != 2 || arg(0).kind != ExprKind::kLiteral) {
        special = false;
        break;
      }
      AppendName(call.name);
      out_.push_back('(');
      if (IsPlainWord(arg(0).As<LiteralExpr>().text)) {
        out_.append(arg(0).As<LiteralExpr>().text);
      } else {
        AppendStringLiteral(arg(0).As<LiteralExpr>().text);
      }
      out_.append(" FROM ");
      AppendExpr(arg(1));
      out_.push_back(')');
      break;
    case FunctionSyntax::kPosition:
      if (n != 2) {
        special = false;
        break;
      }
      AppendName(call.name);
      out_.push_back('(');
      AppendExpr(arg(0));
      out_.append(" IN ");
      AppendExpr(arg(1));
      out_.push_back(')');
      break;
    case FunctionSyntax::kSubstring:
      if (n != 2 && n != 3) {
        special = false;
        break;
      }
      AppendName(call.name);
      out_.push_back('(');
      AppendExpr(arg(0));
      out_.append(" FROM ");
      AppendExpr(arg(1));
      if (n == 3) {
        out_.append(" FOR ");
        AppendExpr(arg(2));
      }
      out_.push_back(')');
      break;
    case FunctionSyntax::kTrimBoth:
    case FunctionSyntax::kTrimLeading:
    case FunctionSyntax::kTrimTrailing:
      if (n != 1 && n != 2) {
        special = false;
        break;
      }
      AppendName(call.name);
      out_.append(call.syntax == FunctionSyntax::kTrimBoth      ? "(BOTH "
                  : call.syntax == FunctionSyntax::kTrimLeading ? "(LEADING "
                                                                : "(TRAILING ");
      if (n == 2) {
        AppendExpr(arg(1));
        out_.push_back(' ');
      }
      out_.append("FROM ");
      AppendExpr(arg(0));
      out_.push_back(')');
      break;
    case FunctionSyntax::kCall: special = false; break;
  }
  if (!special) {
    AppendName(call.name);
    out_.push_back('(');
    if (call.star) out_.push_back('*');
    if (call.distinct) out_.append("DISTINCT ");
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) out_.append(", ");
      if (call.args[i].name) {
        AppendIdentifier(*call.args[i].name);
        out_.append(" => ");
      }
      AppendExpr(arg(i));
    }
    if (!call.order_by.empty() && !call.within_group) {
      out_.append(" ORDER BY ");
      AppendOrderBy(call.order_by);
    }
    out_.push_back(')');
  }
  if (call.within_group) {
    out_.append(" WITHIN GROUP (ORDER BY ");
    AppendOrderBy(call.order_by);
    out_.push_back(')');
  }
  if (call.filter) {
    out_.append(" FILTER (WHERE ");
    AppendExpr(*call.filter);
    out_.push_back(')');
  }
  if (call.null_treatment == NullTreatment::kIgnoreNulls) out_.append(" IGNORE NULLS");
  if (call.null_treatment == NullTreatment::kRespectNulls) out_.append(" RESPECT NULLS");
  if (call.over) {
    out_.append(" OVER ");
    AppendWindowSpec(*call.over);
  } else if (call.over_name) {
    out_.append(" OVER ");
    AppendIdentifier(*call.over_name);
  }
}

}  // namespace silt::sql
