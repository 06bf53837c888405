// ToSql for names, string literals, lists, ORDER BY items and type names.
#include <string>

#include "silt/sql/parser/to_sql.h"
#include "silt/sql/parser/to_sql_internal.h"

namespace silt::sql {

namespace {

void AppendParams(std::string* out, const std::vector<int64_t>& params) {
  if (params.empty()) return;
  out->push_back('(');
  for (size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out->append(", ");
    out->append(std::to_string(params[i]));
  }
  out->push_back(')');
}

std::string_view TypeKindSql(TypeKind kind) {
  switch (kind) {
    case TypeKind::kBoolean: return "BOOLEAN";
    case TypeKind::kTinyInt: return "TINYINT";
    case TypeKind::kSmallInt: return "SMALLINT";
    case TypeKind::kInteger: return "INTEGER";
    case TypeKind::kBigInt: return "BIGINT";
    case TypeKind::kHugeInt: return "HUGEINT";
    case TypeKind::kReal: return "REAL";
    case TypeKind::kFloat: return "FLOAT";
    case TypeKind::kDouble: return "DOUBLE";
    case TypeKind::kDecimal: return "DECIMAL";
    case TypeKind::kVarchar: return "VARCHAR";
    case TypeKind::kChar: return "CHAR";
    case TypeKind::kBlob: return "BLOB";
    case TypeKind::kDate: return "DATE";
    case TypeKind::kTime:
    case TypeKind::kTimeTz: return "TIME";
    case TypeKind::kTimestamp:
    case TypeKind::kTimestampTz: return "TIMESTAMP";
    case TypeKind::kInterval: return "INTERVAL";
    case TypeKind::kJson: return "JSON";
    case TypeKind::kUuid: return "UUID";
    default: return "";
  }
}

}  // namespace

void SqlWriter::AppendIdentifier(const Identifier& id) {
  if (!id.quoted) {
    out_.append(id.name);
    return;
  }
  out_.push_back('"');
  for (char c : id.name) {
    if (c == '"') out_.push_back('"');
    out_.push_back(c);
  }
  out_.push_back('"');
}

void SqlWriter::AppendName(const QualifiedName& name) {
  for (size_t i = 0; i < name.size(); ++i) {
    if (i > 0) out_.push_back('.');
    AppendIdentifier(name[i]);
  }
}

void SqlWriter::AppendNames(const std::vector<Identifier>& names) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out_.append(", ");
    AppendIdentifier(names[i]);
  }
}

void SqlWriter::AppendStringLiteral(std::string_view text) {
  out_.push_back('\'');
  for (char c : text) {
    if (c == '\'') out_.push_back('\'');
    out_.push_back(c);
  }
  out_.push_back('\'');
}

void SqlWriter::AppendExprList(const std::vector<ExprPtr>& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out_.append(", ");
    AppendExpr(*list[i]);
  }
}

void SqlWriter::AppendOrderBy(const std::vector<OrderByItem>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out_.append(", ");
    AppendExpr(*items[i].expr);
    if (items[i].direction == SortDirection::kAsc) out_.append(" ASC");
    if (items[i].direction == SortDirection::kDesc) out_.append(" DESC");
    if (items[i].nulls == NullsOrder::kFirst) out_.append(" NULLS FIRST");
    if (items[i].nulls == NullsOrder::kLast) out_.append(" NULLS LAST");
  }
}

void SqlWriter::AppendType(const TypeName& type) {
  switch (type.kind) {
    case TypeKind::kNamed:
      AppendIdentifier(type.name);
      AppendParams(&out_, type.params);
      return;
    case TypeKind::kList:
      if (!type.children.empty()) AppendType(type.children[0]);
      out_.push_back('[');
      if (!type.params.empty()) out_.append(std::to_string(type.params[0]));
      out_.push_back(']');
      return;
    case TypeKind::kStruct:
      out_.append("STRUCT(");
      for (size_t i = 0; i < type.children.size(); ++i) {
        if (i > 0) out_.append(", ");
        if (i < type.field_names.size()) AppendIdentifier(type.field_names[i]);
        out_.push_back(' ');
        AppendType(type.children[i]);
      }
      out_.push_back(')');
      return;
    case TypeKind::kMap:
      out_.append("MAP(");
      for (size_t i = 0; i < type.children.size(); ++i) {
        if (i > 0) out_.append(", ");
        AppendType(type.children[i]);
      }
      out_.push_back(')');
      return;
    default:
      out_.append(TypeKindSql(type.kind));
      AppendParams(&out_, type.params);
      if (type.kind == TypeKind::kTimeTz || type.kind == TypeKind::kTimestampTz) {
        out_.append(" WITH TIME ZONE");
      }
      return;
  }
}

std::string ToSql(const TypeName& type) {
  SqlWriter writer;
  writer.AppendType(type);
  return writer.Take();
}

}  // namespace silt::sql
