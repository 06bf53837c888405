// Structural equality of FROM items, queries and statements (source locations and statement
// spans ignored).
#include "silt/sql/parser/ast_equal_internal.h"

namespace silt::sql {

namespace {

bool EqualAlias(const std::optional<TableAlias>& a, const std::optional<TableAlias>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->name == b->name && a->columns == b->columns);
}

bool EqualItems(const std::vector<SelectItem>& a, const std::vector<SelectItem>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].alias != b[i].alias || !EqualPtr(a[i].expr, b[i].expr)) return false;
  }
  return true;
}

bool EqualGrouping(const GroupingElement& a, const GroupingElement& b) {
  if (a.kind != b.kind || !EqualPtr(a.expr, b.expr) || !EqualList(a.exprs, b.exprs) ||
      a.sets.size() != b.sets.size()) {
    return false;
  }
  for (size_t i = 0; i < a.sets.size(); ++i) {
    if (!EqualGrouping(a.sets[i], b.sets[i])) return false;
  }
  return true;
}

bool EqualTables(const std::vector<TableRefPtr>& a, const std::vector<TableRefPtr>& b) {
  return EqualList(a, b);
}

bool EqualSelect(const SelectBody& a, const SelectBody& b) {
  if (a.distinct != b.distinct || !EqualList(a.distinct_on, b.distinct_on) ||
      !EqualItems(a.items, b.items) || !EqualTables(a.from, b.from) ||
      !EqualPtr(a.where, b.where) || !EqualPtr(a.having, b.having) ||
      !EqualPtr(a.qualify, b.qualify) || a.group_by.has_value() != b.group_by.has_value() ||
      a.windows.size() != b.windows.size()) {
    return false;
  }
  if (a.group_by) {
    if (a.group_by->all != b.group_by->all ||
        a.group_by->items.size() != b.group_by->items.size()) {
      return false;
    }
    for (size_t i = 0; i < a.group_by->items.size(); ++i) {
      if (!EqualGrouping(a.group_by->items[i], b.group_by->items[i])) return false;
    }
  }
  for (size_t i = 0; i < a.windows.size(); ++i) {
    if (a.windows[i].name != b.windows[i].name || !(a.windows[i].spec == b.windows[i].spec)) {
      return false;
    }
  }
  return true;
}

bool EqualAssignments(const std::vector<Assignment>& a, const std::vector<Assignment>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].column != b[i].column || !EqualPtr(a[i].value, b[i].value)) return false;
  }
  return true;
}

bool EqualOptions(const std::vector<SqlOption>& a, const std::vector<SqlOption>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].key != b[i].key || !EqualPtr(a[i].value, b[i].value)) return false;
  }
  return true;
}

bool EqualColumn(const ColumnDef& a, const ColumnDef& b) {
  return a.name == b.name && a.type == b.type && a.not_null == b.not_null && a.null == b.null &&
         a.primary_key == b.primary_key && a.unique == b.unique &&
         EqualPtr(a.default_value, b.default_value) && EqualPtr(a.check, b.check) &&
         EqualPtr(a.generated, b.generated) && a.collation == b.collation &&
         a.references_table == b.references_table && a.references_columns == b.references_columns;
}

bool EqualConstraint(const TableConstraint& a, const TableConstraint& b) {
  return a.kind == b.kind && a.name == b.name && a.columns == b.columns &&
         EqualPtr(a.check, b.check) && a.references_table == b.references_table &&
         a.references_columns == b.references_columns;
}

bool EqualCreateTable(const CreateTableStatement& a, const CreateTableStatement& b) {
  if (a.name != b.name || a.or_replace != b.or_replace || a.temporary != b.temporary ||
      a.external != b.external || a.if_not_exists != b.if_not_exists ||
      a.columns.size() != b.columns.size() || a.constraints.size() != b.constraints.size() ||
      a.using_format != b.using_format || a.stored_as != b.stored_as ||
      a.partitioned_by != b.partitioned_by || a.location != b.location ||
      !EqualOptions(a.properties, b.properties) || !EqualOptions(a.options, b.options) ||
      !EqualPtr(a.as_query, b.as_query)) {
    return false;
  }
  for (size_t i = 0; i < a.columns.size(); ++i) {
    if (!EqualColumn(a.columns[i], b.columns[i])) return false;
  }
  for (size_t i = 0; i < a.constraints.size(); ++i) {
    if (!EqualConstraint(a.constraints[i], b.constraints[i])) return false;
  }
  return true;
}

bool EqualInsert(const InsertStatement& a, const InsertStatement& b) {
  if (a.table != b.table || a.alias != b.alias || a.overwrite != b.overwrite ||
      a.or_action != b.or_action || a.by_name != b.by_name || a.columns != b.columns ||
      !EqualPtr(a.source, b.source) || !EqualItems(a.returning, b.returning) ||
      (a.on_conflict == nullptr) != (b.on_conflict == nullptr)) {
    return false;
  }
  if (!a.on_conflict) return true;
  const OnConflictClause &x = *a.on_conflict, &y = *b.on_conflict;
  return x.target == y.target && x.do_update == y.do_update &&
         EqualAssignments(x.assignments, y.assignments) && EqualPtr(x.where, y.where);
}

}  // namespace

bool operator==(const TableRef& a, const TableRef& b) {
  if (a.kind != b.kind || !EqualAlias(a.alias, b.alias)) return false;
  switch (a.kind) {
    case TableRefKind::kBaseTable: {
      const auto &x = a.As<BaseTableRef>(), &y = b.As<BaseTableRef>();
      return x.name == y.name && x.time_travel == y.time_travel &&
             EqualPtr(x.time_travel_value, y.time_travel_value);
    }
    case TableRefKind::kFunction: {
      const auto &x = a.As<TableFunctionRef>(), &y = b.As<TableFunctionRef>();
      return x.lateral == y.lateral && EqualPtr(x.call, y.call);
    }
    case TableRefKind::kSubquery: {
      const auto &x = a.As<SubqueryRef>(), &y = b.As<SubqueryRef>();
      return x.lateral == y.lateral && EqualPtr(x.query, y.query);
    }
    case TableRefKind::kJoin: {
      const auto &x = a.As<JoinRef>(), &y = b.As<JoinRef>();
      return x.join == y.join && x.natural == y.natural && EqualPtr(x.left, y.left) &&
             EqualPtr(x.right, y.right) && EqualPtr(x.on, y.on) &&
             x.using_columns == y.using_columns;
    }
  }
  return false;
}

bool operator==(const QueryBody& a, const QueryBody& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case QueryBodyKind::kSelect: return EqualSelect(a.As<SelectBody>(), b.As<SelectBody>());
    case QueryBodyKind::kSetOperation: {
      const auto &x = a.As<SetOperationBody>(), &y = b.As<SetOperationBody>();
      return x.op == y.op && x.all == y.all && x.by_name == y.by_name && EqualPtr(x.left, y.left) &&
             EqualPtr(x.right, y.right);
    }
    case QueryBodyKind::kValues: {
      const auto &x = a.As<ValuesBody>(), &y = b.As<ValuesBody>();
      if (x.rows.size() != y.rows.size()) return false;
      for (size_t i = 0; i < x.rows.size(); ++i) {
        if (!EqualList(x.rows[i], y.rows[i])) return false;
      }
      return true;
    }
    case QueryBodyKind::kNested:
      return EqualPtr(a.As<NestedQueryBody>().query, b.As<NestedQueryBody>().query);
  }
  return false;
}

bool operator==(const Query& a, const Query& b) {
  if ((a.with == nullptr) != (b.with == nullptr) || !EqualPtr(a.body, b.body) ||
      !EqualOrderBy(a.order_by, b.order_by) || !EqualPtr(a.limit, b.limit) ||
      !EqualPtr(a.offset, b.offset)) {
    return false;
  }
  if (!a.with) return true;
  if (a.with->recursive != b.with->recursive || a.with->ctes.size() != b.with->ctes.size()) {
    return false;
  }
  for (size_t i = 0; i < a.with->ctes.size(); ++i) {
    const CommonTableExpr &x = a.with->ctes[i], &y = b.with->ctes[i];
    if (x.name != y.name || x.columns != y.columns || x.materialization != y.materialization ||
        !EqualPtr(x.query, y.query)) {
      return false;
    }
  }
  return true;
}

bool operator==(const Statement& a, const Statement& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case StatementKind::kQuery:
      return EqualPtr(a.As<QueryStatement>().query, b.As<QueryStatement>().query);
    case StatementKind::kCreateTable:
      return EqualCreateTable(a.As<CreateTableStatement>(), b.As<CreateTableStatement>());
    case StatementKind::kCreateView: {
      const auto &x = a.As<CreateViewStatement>(), &y = b.As<CreateViewStatement>();
      return x.name == y.name && x.or_replace == y.or_replace && x.temporary == y.temporary &&
             x.recursive == y.recursive && x.if_not_exists == y.if_not_exists &&
             x.columns == y.columns && EqualPtr(x.query, y.query);
    }
    case StatementKind::kCreateIndex: {
      const auto &x = a.As<CreateIndexStatement>(), &y = b.As<CreateIndexStatement>();
      return x.unique == y.unique && x.if_not_exists == y.if_not_exists && x.name == y.name &&
             x.table == y.table && x.method == y.method && EqualOrderBy(x.keys, y.keys) &&
             EqualPtr(x.where, y.where);
    }
    case StatementKind::kDrop: {
      const auto &x = a.As<DropStatement>(), &y = b.As<DropStatement>();
      return x.object == y.object && x.if_exists == y.if_exists && x.names == y.names &&
             x.behavior == y.behavior;
    }
    case StatementKind::kInsert:
      return EqualInsert(a.As<InsertStatement>(), b.As<InsertStatement>());
    case StatementKind::kUpdate: {
      const auto &x = a.As<UpdateStatement>(), &y = b.As<UpdateStatement>();
      return x.table == y.table && x.alias == y.alias &&
             EqualAssignments(x.assignments, y.assignments) && EqualTables(x.from, y.from) &&
             EqualPtr(x.where, y.where) && EqualItems(x.returning, y.returning);
    }
    case StatementKind::kDelete: {
      const auto &x = a.As<DeleteStatement>(), &y = b.As<DeleteStatement>();
      return x.table == y.table && x.alias == y.alias &&
             EqualTables(x.using_tables, y.using_tables) && EqualPtr(x.where, y.where) &&
             EqualItems(x.returning, y.returning);
    }
    case StatementKind::kSet: {
      const auto &x = a.As<SetStatement>(), &y = b.As<SetStatement>();
      return x.scope == y.scope && x.name == y.name && x.to_default == y.to_default &&
             EqualList(x.values, y.values);
    }
    case StatementKind::kReset: {
      const auto &x = a.As<ResetStatement>(), &y = b.As<ResetStatement>();
      return x.all == y.all && x.name == y.name;
    }
    case StatementKind::kShow: {
      const auto &x = a.As<ShowStatement>(), &y = b.As<ShowStatement>();
      return x.show == y.show && x.name == y.name;
    }
    case StatementKind::kExplain: {
      const auto &x = a.As<ExplainStatement>(), &y = b.As<ExplainStatement>();
      return x.analyze == y.analyze && x.verbose == y.verbose && x.format == y.format &&
             EqualPtr(x.statement, y.statement);
    }
    case StatementKind::kTransaction:
      return a.As<TransactionStatement>().action == b.As<TransactionStatement>().action;
    case StatementKind::kPragma: {
      const auto &x = a.As<PragmaStatement>(), &y = b.As<PragmaStatement>();
      return x.name == y.name && x.assign == y.assign && EqualList(x.args, y.args);
    }
  }
  return false;
}

}  // namespace silt::sql
