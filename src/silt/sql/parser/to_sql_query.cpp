// ToSql for queries, set operations and FROM items. Joins are printed inside parentheses
// and nested set operations too, so neither depends on precedence when read back.
#include "silt/sql/parser/to_sql.h"
#include "silt/sql/parser/to_sql_internal.h"

namespace silt::sql {

void SqlWriter::AppendQuery(const Query& query) {
  if (query.with) {
    out_.append(query.with->recursive ? "WITH RECURSIVE " : "WITH ");
    for (size_t i = 0; i < query.with->ctes.size(); ++i) {
      const CommonTableExpr& cte = query.with->ctes[i];
      if (i > 0) out_.append(", ");
      AppendIdentifier(cte.name);
      if (!cte.columns.empty()) {
        out_.append(" (");
        AppendNames(cte.columns);
        out_.push_back(')');
      }
      out_.append(" AS ");
      if (cte.materialization == CteMaterialization::kMaterialized) {
        out_.append("MATERIALIZED ");
      } else if (cte.materialization == CteMaterialization::kNotMaterialized) {
        out_.append("NOT MATERIALIZED ");
      }
      out_.push_back('(');
      if (cte.query) AppendQuery(*cte.query);
      out_.push_back(')');
    }
    out_.push_back(' ');
  }
  if (query.body) AppendBody(*query.body);
  if (!query.order_by.empty()) {
    out_.append(" ORDER BY ");
    AppendOrderBy(query.order_by);
  }
  if (query.limit) {
    out_.append(" LIMIT ");
    AppendExpr(*query.limit);
  }
  if (query.offset) {
    out_.append(" OFFSET ");
    AppendExpr(*query.offset);
  }
}

void SqlWriter::AppendSelectItems(const std::vector<SelectItem>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out_.append(", ");
    AppendExpr(*items[i].expr);
    if (items[i].alias) {
      out_.append(" AS ");
      AppendIdentifier(*items[i].alias);
    }
  }
}

void SqlWriter::AppendGroupingElement(const GroupingElement& element) {
  switch (element.kind) {
    case GroupingKind::kExpr: AppendExpr(*element.expr); return;
    case GroupingKind::kEmpty: out_.append("()"); return;
    case GroupingKind::kRollup:
    case GroupingKind::kCube:
      out_.append(element.kind == GroupingKind::kRollup ? "ROLLUP (" : "CUBE (");
      AppendExprList(element.exprs);
      out_.push_back(')');
      return;
    case GroupingKind::kGroupingSets:
      out_.append("GROUPING SETS (");
      for (size_t i = 0; i < element.sets.size(); ++i) {
        if (i > 0) out_.append(", ");
        AppendGroupingElement(element.sets[i]);
      }
      out_.push_back(')');
      return;
  }
}

void SqlWriter::AppendSetOperand(const QueryBody& body) {
  if (body.kind == QueryBodyKind::kSetOperation) {
    out_.push_back('(');
    AppendBody(body);
    out_.push_back(')');
  } else {
    AppendBody(body);
  }
}

void SqlWriter::AppendBody(const QueryBody& body) {
  switch (body.kind) {
    case QueryBodyKind::kSelect: {
      const auto& select = body.As<SelectBody>();
      out_.append("SELECT ");
      switch (select.distinct) {
        case DistinctKind::kNone: break;
        case DistinctKind::kAll: out_.append("ALL "); break;
        case DistinctKind::kDistinct: out_.append("DISTINCT "); break;
        case DistinctKind::kDistinctOn:
          out_.append("DISTINCT ON (");
          AppendExprList(select.distinct_on);
          out_.append(") ");
          break;
      }
      AppendSelectItems(select.items);
      if (!select.from.empty()) {
        out_.append(" FROM ");
        for (size_t i = 0; i < select.from.size(); ++i) {
          if (i > 0) out_.append(", ");
          AppendTableRef(*select.from[i]);
        }
      }
      if (select.where) {
        out_.append(" WHERE ");
        AppendExpr(*select.where);
      }
      if (select.group_by) {
        out_.append(" GROUP BY ");
        if (select.group_by->all) out_.append("ALL");
        for (size_t i = 0; i < select.group_by->items.size(); ++i) {
          if (i > 0) out_.append(", ");
          AppendGroupingElement(select.group_by->items[i]);
        }
      }
      if (select.having) {
        out_.append(" HAVING ");
        AppendExpr(*select.having);
      }
      for (size_t i = 0; i < select.windows.size(); ++i) {
        out_.append(i == 0 ? " WINDOW " : ", ");
        AppendIdentifier(select.windows[i].name);
        out_.append(" AS ");
        AppendWindowSpec(select.windows[i].spec);
      }
      if (select.qualify) {
        out_.append(" QUALIFY ");
        AppendExpr(*select.qualify);
      }
      return;
    }
    case QueryBodyKind::kSetOperation: {
      const auto& set_op = body.As<SetOperationBody>();
      AppendSetOperand(*set_op.left);
      static constexpr std::string_view kOps[] = {" UNION ", " INTERSECT ", " EXCEPT "};
      out_.append(kOps[static_cast<int>(set_op.op)]);
      if (set_op.all) out_.append("ALL ");
      if (set_op.by_name) out_.append("BY NAME ");
      AppendSetOperand(*set_op.right);
      return;
    }
    case QueryBodyKind::kValues: {
      const auto& values = body.As<ValuesBody>();
      out_.append("VALUES ");
      for (size_t i = 0; i < values.rows.size(); ++i) {
        if (i > 0) out_.append(", ");
        out_.push_back('(');
        AppendExprList(values.rows[i]);
        out_.push_back(')');
      }
      return;
    }
    case QueryBodyKind::kNested:
      out_.push_back('(');
      AppendQuery(*body.As<NestedQueryBody>().query);
      out_.push_back(')');
      return;
  }
}

void SqlWriter::AppendTableRef(const TableRef& table) {
  switch (table.kind) {
    case TableRefKind::kBaseTable: {
      const auto& base = table.As<BaseTableRef>();
      AppendName(base.name);
      if (base.time_travel != TimeTravelKind::kNone && base.time_travel_value) {
        out_.append(base.time_travel == TimeTravelKind::kVersion ? " VERSION AS OF "
                                                                 : " TIMESTAMP AS OF ");
        AppendExpr(*base.time_travel_value);
      }
      break;
    }
    case TableRefKind::kFunction: {
      const auto& function = table.As<TableFunctionRef>();
      if (function.lateral) out_.append("LATERAL ");
      AppendExpr(*function.call);
      break;
    }
    case TableRefKind::kSubquery: {
      const auto& subquery = table.As<SubqueryRef>();
      if (subquery.lateral) out_.append("LATERAL ");
      out_.push_back('(');
      AppendQuery(*subquery.query);
      out_.push_back(')');
      break;
    }
    case TableRefKind::kJoin: {
      const auto& join = table.As<JoinRef>();
      out_.push_back('(');
      AppendTableRef(*join.left);
      out_.append(join.natural ? " NATURAL " : " ");
      static constexpr std::string_view kJoins[] = {"JOIN ",      "LEFT JOIN ",  "RIGHT JOIN ",
                                                    "FULL JOIN ", "CROSS JOIN ", "SEMI JOIN ",
                                                    "ANTI JOIN "};
      out_.append(kJoins[static_cast<int>(join.join)]);
      AppendTableRef(*join.right);
      if (join.on) {
        out_.append(" ON ");
        AppendExpr(*join.on);
      } else if (!join.using_columns.empty()) {
        out_.append(" USING (");
        AppendNames(join.using_columns);
        out_.push_back(')');
      }
      out_.push_back(')');
      break;
    }
  }
  if (table.alias) {
    out_.append(" AS ");
    AppendIdentifier(table.alias->name);
    if (!table.alias->columns.empty()) {
      out_.append(" (");
      AppendNames(table.alias->columns);
      out_.push_back(')');
    }
  }
}

std::string ToSql(const Query& query) {
  SqlWriter writer;
  writer.AppendQuery(query);
  return writer.Take();
}

std::string ToSql(const TableRef& table) {
  SqlWriter writer;
  writer.AppendTableRef(table);
  return writer.Take();
}

}  // namespace silt::sql
