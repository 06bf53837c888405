// ToSql for statements. Clauses accepted in any order (CREATE TABLE storage clauses, column
// constraints) are printed in one fixed order.
#include "silt/sql/parser/to_sql.h"
#include "silt/sql/parser/to_sql_internal.h"

namespace silt::sql {

void SqlWriter::AppendColumnDef(const ColumnDef& column) {
  AppendIdentifier(column.name);
  if (column.type) {
    out_.push_back(' ');
    AppendType(*column.type);
  }
  if (column.not_null) out_.append(" NOT NULL");
  if (column.null) out_.append(" NULL");
  if (column.default_value) {
    out_.append(" DEFAULT ");
    AppendExpr(*column.default_value);
  }
  if (column.primary_key) out_.append(" PRIMARY KEY");
  if (column.unique) out_.append(" UNIQUE");
  if (column.check) {
    out_.append(" CHECK (");
    AppendExpr(*column.check);
    out_.push_back(')');
  }
  if (column.generated) {
    out_.append(" GENERATED ALWAYS AS (");
    AppendExpr(*column.generated);
    out_.push_back(')');
  }
  if (column.collation) {
    out_.append(" COLLATE ");
    AppendIdentifier(*column.collation);
  }
  if (!column.references_table.empty()) {
    out_.append(" REFERENCES ");
    AppendName(column.references_table);
    if (!column.references_columns.empty()) {
      out_.append(" (");
      AppendNames(column.references_columns);
      out_.push_back(')');
    }
  }
}

void SqlWriter::AppendOptions(std::string_view keyword, const std::vector<SqlOption>& options) {
  if (options.empty()) return;
  out_.push_back(' ');
  out_.append(keyword);
  out_.append(" (");
  for (size_t i = 0; i < options.size(); ++i) {
    if (i > 0) out_.append(", ");
    AppendStringLiteral(options[i].key);
    out_.append(" = ");
    AppendExpr(*options[i].value);
  }
  out_.push_back(')');
}

void SqlWriter::AppendAssignments(const std::vector<Assignment>& assignments) {
  for (size_t i = 0; i < assignments.size(); ++i) {
    if (i > 0) out_.append(", ");
    AppendIdentifier(assignments[i].column);
    out_.append(" = ");
    AppendExpr(*assignments[i].value);
  }
}

void SqlWriter::AppendReturning(const std::vector<SelectItem>& items) {
  if (items.empty()) return;
  out_.append(" RETURNING ");
  AppendSelectItems(items);
}

namespace {

void AppendCreateTable(SqlWriter* w, const CreateTableStatement& create) {
  w->Append("CREATE ");
  if (create.or_replace) w->Append("OR REPLACE ");
  if (create.temporary) w->Append("TEMPORARY ");
  if (create.external) w->Append("EXTERNAL ");
  w->Append("TABLE ");
  if (create.if_not_exists) w->Append("IF NOT EXISTS ");
  w->AppendName(create.name);
}

}  // namespace

void SqlWriter::AppendStatement(const Statement& statement) {
  switch (statement.kind) {
    case StatementKind::kQuery: AppendQuery(*statement.As<QueryStatement>().query); return;
    case StatementKind::kCreateTable: {
      const auto& create = statement.As<CreateTableStatement>();
      AppendCreateTable(this, create);
      if (!create.columns.empty() || !create.constraints.empty()) {
        out_.append(" (");
        const char* separator = "";
        for (const ColumnDef& column : create.columns) {
          out_.append(separator);
          AppendColumnDef(column);
          separator = ", ";
        }
        for (const TableConstraint& constraint : create.constraints) {
          out_.append(separator);
          separator = ", ";
          if (constraint.name) {
            out_.append("CONSTRAINT ");
            AppendIdentifier(*constraint.name);
            out_.push_back(' ');
          }
          switch (constraint.kind) {
            case ConstraintKind::kPrimaryKey: out_.append("PRIMARY KEY ("); break;
            case ConstraintKind::kUnique: out_.append("UNIQUE ("); break;
            case ConstraintKind::kCheck: out_.append("CHECK ("); break;
            case ConstraintKind::kForeignKey: out_.append("FOREIGN KEY ("); break;
          }
          if (constraint.kind == ConstraintKind::kCheck) {
            if (constraint.check) AppendExpr(*constraint.check);
          } else {
            AppendNames(constraint.columns);
          }
          out_.push_back(')');
          if (constraint.kind == ConstraintKind::kForeignKey) {
            out_.append(" REFERENCES ");
            AppendName(constraint.references_table);
            if (!constraint.references_columns.empty()) {
              out_.append(" (");
              AppendNames(constraint.references_columns);
              out_.push_back(')');
            }
          }
        }
        out_.push_back(')');
      }
      if (create.using_format) {
        out_.append(" USING ");
        AppendIdentifier(*create.using_format);
      }
      if (create.stored_as) {
        out_.append(" STORED AS ");
        AppendIdentifier(*create.stored_as);
      }
      if (!create.partitioned_by.empty()) {
        out_.append(" PARTITIONED BY (");
        AppendNames(create.partitioned_by);
        out_.push_back(')');
      }
      if (create.location) {
        out_.append(" LOCATION ");
        AppendStringLiteral(*create.location);
      }
      AppendOptions("TBLPROPERTIES", create.properties);
      AppendOptions("OPTIONS", create.options);
      if (create.as_query) {
        out_.append(" AS ");
        AppendQuery(*create.as_query);
      }
      return;
    }
    case StatementKind::kCreateView: {
      const auto& view = statement.As<CreateViewStatement>();
      out_.append("CREATE ");
      if (view.or_replace) out_.append("OR REPLACE ");
      if (view.temporary) out_.append("TEMPORARY ");
      if (view.recursive) out_.append("RECURSIVE ");
      out_.append("VIEW ");
      if (view.if_not_exists) out_.append("IF NOT EXISTS ");
      AppendName(view.name);
      if (!view.columns.empty()) {
        out_.append(" (");
        AppendNames(view.columns);
        out_.push_back(')');
      }
      out_.append(" AS ");
      AppendQuery(*view.query);
      return;
    }
    case StatementKind::kCreateIndex: {
      const auto& index = statement.As<CreateIndexStatement>();
      out_.append(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
      if (index.if_not_exists) out_.append("IF NOT EXISTS ");
      if (index.name) {
        AppendIdentifier(*index.name);
        out_.push_back(' ');
      }
      out_.append("ON ");
      AppendName(index.table);
      if (index.method) {
        out_.append(" USING ");
        AppendIdentifier(*index.method);
      }
      out_.append(" (");
      AppendOrderBy(index.keys);
      out_.push_back(')');
      if (index.where) {
        out_.append(" WHERE ");
        AppendExpr(*index.where);
      }
      return;
    }
    case StatementKind::kDrop: {
      const auto& drop = statement.As<DropStatement>();
      static constexpr std::string_view kObjects[] = {"DROP TABLE ", "DROP VIEW ", "DROP INDEX ",
                                                      "DROP SCHEMA "};
      out_.append(kObjects[static_cast<int>(drop.object)]);
      if (drop.if_exists) out_.append("IF EXISTS ");
      for (size_t i = 0; i < drop.names.size(); ++i) {
        if (i > 0) out_.append(", ");
        AppendName(drop.names[i]);
      }
      if (drop.behavior == DropBehavior::kCascade) out_.append(" CASCADE");
      if (drop.behavior == DropBehavior::kRestrict) out_.append(" RESTRICT");
      return;
    }
    case StatementKind::kInsert: {
      const auto& insert = statement.As<InsertStatement>();
      out_.append("INSERT ");
      if (insert.or_action == InsertOr::kReplace) out_.append("OR REPLACE ");
      if (insert.or_action == InsertOr::kIgnore) out_.append("OR IGNORE ");
      out_.append(insert.overwrite ? "OVERWRITE " : "INTO ");
      AppendName(insert.table);
      if (insert.alias) {
        out_.append(" AS ");
        AppendIdentifier(*insert.alias);
      }
      if (!insert.columns.empty()) {
        out_.append(" (");
        AppendNames(insert.columns);
        out_.push_back(')');
      }
      if (insert.by_name) out_.append(" BY NAME");
      if (insert.source) {
        out_.push_back(' ');
        AppendQuery(*insert.source);
      } else {
        out_.append(" DEFAULT VALUES");
      }
      if (insert.on_conflict) {
        const OnConflictClause& conflict = *insert.on_conflict;
        out_.append(" ON CONFLICT");
        if (!conflict.target.empty()) {
          out_.append(" (");
          AppendNames(conflict.target);
          out_.push_back(')');
        }
        if (conflict.do_update) {
          out_.append(" DO UPDATE SET ");
          AppendAssignments(conflict.assignments);
          if (conflict.where) {
            out_.append(" WHERE ");
            AppendExpr(*conflict.where);
          }
        } else {
          out_.append(" DO NOTHING");
        }
      }
      AppendReturning(insert.returning);
      return;
    }
    case StatementKind::kUpdate: {
      const auto& update = statement.As<UpdateStatement>();
      out_.append("UPDATE ");
      AppendName(update.table);
      if (update.alias) {
        out_.append(" AS ");
        AppendIdentifier(*update.alias);
      }
      out_.append(" SET ");
      AppendAssignments(update.assignments);
      for (size_t i = 0; i < update.from.size(); ++i) {
        out_.append(i == 0 ? " FROM " : ", ");
        AppendTableRef(*update.from[i]);
      }
      if (update.where) {
        out_.append(" WHERE ");
        AppendExpr(*update.where);
      }
      AppendReturning(update.returning);
      return;
    }
    case StatementKind::kDelete: {
      const auto& remove = statement.As<DeleteStatement>();
      out_.append("DELETE FROM ");
      AppendName(remove.table);
      if (remove.alias) {
        out_.append(" AS ");
        AppendIdentifier(*remove.alias);
      }
      for (size_t i = 0; i < remove.using_tables.size(); ++i) {
        out_.append(i == 0 ? " USING " : ", ");
        AppendTableRef(*remove.using_tables[i]);
      }
      if (remove.where) {
        out_.append(" WHERE ");
        AppendExpr(*remove.where);
      }
      AppendReturning(remove.returning);
      return;
    }
    case StatementKind::kSet: {
      const auto& set = statement.As<SetStatement>();
      static constexpr std::string_view kScopes[] = {"SET ", "SET SESSION ", "SET LOCAL ",
                                                     "SET GLOBAL "};
      out_.append(kScopes[static_cast<int>(set.scope)]);
      AppendName(set.name);
      if (set.to_default) {
        out_.append(" TO DEFAULT");
      } else {
        out_.append(" = ");
        AppendExprList(set.values);
      }
      return;
    }
    case StatementKind::kReset: {
      const auto& reset = statement.As<ResetStatement>();
      out_.append("RESET ");
      if (reset.all) {
        out_.append("ALL");
      } else {
        AppendName(reset.name);
      }
      return;
    }
    case StatementKind::kShow: {
      const auto& show = statement.As<ShowStatement>();
      switch (show.show) {
        case ShowKind::kAll: out_.append("SHOW ALL"); return;
        case ShowKind::kTables: out_.append("SHOW TABLES"); return;
        case ShowKind::kColumns: out_.append("SHOW COLUMNS FROM "); break;
        case ShowKind::kVariable: out_.append("SHOW "); break;
      }
      AppendName(show.name);
      return;
    }
    case StatementKind::kExplain: {
      const auto& explain = statement.As<ExplainStatement>();
      out_.append("EXPLAIN ");
      if (explain.analyze) out_.append("ANALYZE ");
      if (explain.verbose) out_.append("VERBOSE ");
      static constexpr std::string_view kFormats[] = {
          "", "FORMAT TEXT ", "FORMAT INDENT ", "FORMAT TREE ", "FORMAT JSON ", "FORMAT GRAPHVIZ "};
      out_.append(kFormats[static_cast<int>(explain.format)]);
      AppendStatement(*explain.statement);
      return;
    }
    case StatementKind::kTransaction: {
      static constexpr std::string_view kActions[] = {"BEGIN", "COMMIT", "ROLLBACK"};
      out_.append(kActions[static_cast<int>(statement.As<TransactionStatement>().action)]);
      return;
    }
    case StatementKind::kPragma: {
      const auto& pragma = statement.As<PragmaStatement>();
      out_.append("PRAGMA ");
      AppendIdentifier(pragma.name);
      if (pragma.assign && pragma.args.size() == 1) {
        out_.append(" = ");
        AppendExpr(*pragma.args[0]);
      } else if (!pragma.args.empty()) {
        out_.push_back('(');
        AppendExprList(pragma.args);
        out_.push_back(')');
      }
      return;
    }
  }
}

std::string ToSql(const Statement& statement) {
  SqlWriter writer;
  writer.AppendStatement(statement);
  return writer.Take();
}

}  // namespace silt::sql
