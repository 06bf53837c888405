// DDL: CREATE TABLE (incl. EXTERNAL / Delta clauses / AS query), CREATE VIEW, CREATE INDEX
// and DROP.
#include "silt/sql/parser/lexer.h"
#include "silt/sql/parser/parser_internal.h"

namespace silt::sql {

Result<StatementPtr> Parser::ParseCreate() {
  SourceLocation loc = Here();
  Advance();
  bool or_replace = false, temporary = false, unique = false, external = false;
  bool recursive = false;
  if (IsKeyword(Keyword::kOr) && IsKeyword(Keyword::kReplace, 1)) {
    Advance();
    Advance();
    or_replace = true;
  }
  if (Accept(Keyword::kTemp) || Accept(Keyword::kTemporary)) temporary = true;
  if (Accept(Keyword::kUnique)) unique = true;
  if (Accept(Keyword::kExternal)) external = true;
  if (Accept(Keyword::kRecursive)) recursive = true;
  const Token& what = Peek();
  if (recursive && !IsKeyword(Keyword::kView)) return SyntaxError(what, "VIEW");
  if (IsKeyword(Keyword::kIndex)) {
    if (or_replace || temporary || external) return SyntaxError(what);
    return ParseCreateIndex(loc, unique);
  }
  if (unique) return SyntaxError(what, "INDEX");
  if (IsKeyword(Keyword::kView)) {
    if (external) return SyntaxError(what, "TABLE");
    SILT_ASSIGN_OR_RETURN(StatementPtr view, ParseCreateView(loc, or_replace, temporary));
    static_cast<CreateViewStatement&>(*view).recursive = recursive;
    return view;
  }
  if (!IsKeyword(Keyword::kTable)) return SyntaxError(what, "TABLE, VIEW or INDEX");
  Advance();
  auto create = MakeNode<CreateTableStatement>(loc);
  create->or_replace = or_replace;
  create->temporary = temporary;
  create->external = external;
  SILT_RETURN_NOT_OK(ParseCreateTable(create.get()));
  return StatementPtr(std::move(create));
}

Status Parser::ParseCreateTable(CreateTableStatement* create) {
  if (IsKeyword(Keyword::kIf) && IsKeyword(Keyword::kNot, 1) && IsKeyword(Keyword::kExists, 2)) {
    for (int i = 0; i < 3; ++i) Advance();
    create->if_not_exists = true;
  }
  SILT_ASSIGN_OR_RETURN(create->name, ParseQualifiedName(NameUse::kStrict));
  if (Accept(TokenKind::kLParen)) {
    do {
      SILT_RETURN_NOT_OK(ParseTableElement(create));
    } while (Accept(TokenKind::kComma));
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  }
  // Storage clauses, in any order, each at most once.
  while (true) {
    const Token& token = Peek();
    if (Accept(Keyword::kUsing)) {
      if (create->using_format) return ErrorAt(token, "USING given twice");
      SILT_ASSIGN_OR_RETURN(create->using_format, ParseIdentifier(NameUse::kStrict));
    } else if (IsKeyword(Keyword::kStored) && IsKeyword(Keyword::kAs, 1)) {
      if (create->stored_as) return ErrorAt(token, "STORED AS given twice");
      Advance();
      Advance();
      SILT_ASSIGN_OR_RETURN(create->stored_as, ParseIdentifier(NameUse::kStrict));
    } else if (IsKeyword(Keyword::kPartitioned) && IsKeyword(Keyword::kBy, 1)) {
      if (!create->partitioned_by.empty()) return ErrorAt(token, "PARTITIONED BY given twice");
      Advance();
      Advance();
      SILT_ASSIGN_OR_RETURN(create->partitioned_by, ParseParenthesizedNames());
    } else if (Accept(Keyword::kLocation)) {
      if (create->location) return ErrorAt(token, "LOCATION given twice");
      if (!Is(TokenKind::kString)) return SyntaxError(Peek(), "a string literal");
      create->location = DecodeString(sql_, Peek());
      Advance();
    } else if (Accept(Keyword::kTblproperties)) {
      if (!create->properties.empty()) return ErrorAt(token, "TBLPROPERTIES given twice");
      SILT_ASSIGN_OR_RETURN(create->properties, ParseOptionList());
    } else if (Accept(Keyword::kOptions)) {
      if (!create->options.empty()) return ErrorAt(token, "OPTIONS given twice");
      SILT_ASSIGN_OR_RETURN(create->options, ParseOptionList());
    } else {
      break;
    }
  }
  if (Accept(Keyword::kAs)) {
    SILT_ASSIGN_OR_RETURN(create->as_query, ParseQuery());
  }
  return Status::OK();
}

Status Parser::ParseTableElement(CreateTableStatement* create) {
  bool constraint = IsKeyword(Keyword::kConstraint) || IsKeyword(Keyword::kPrimary) ||
                    IsKeyword(Keyword::kUnique) || IsKeyword(Keyword::kCheck) ||
                    IsKeyword(Keyword::kForeign);
  if (constraint) {
    SILT_ASSIGN_OR_RETURN(TableConstraint table_constraint, ParseTableConstraint());
    create->constraints.push_back(std::move(table_constraint));
  } else {
    SILT_ASSIGN_OR_RETURN(ColumnDef column, ParseColumnDef());
    create->columns.push_back(std::move(column));
  }
  return Status::OK();
}

namespace {

bool StartsColumnConstraint(const Token& token) {
  if (token.kind != TokenKind::kWord) return false;
  switch (token.keyword) {
    case Keyword::kConstraint:
    case Keyword::kNot:
    case Keyword::kNull:
    case Keyword::kDefault:
    case Keyword::kPrimary:
    case Keyword::kUnique:
    case Keyword::kCheck:
    case Keyword::kReferences:
    case Keyword::kCollate:
    case Keyword::kGenerated:
    case Keyword::kAs: return true;
    default: return false;
  }
}

}  // namespace

Result<ColumnDef> Parser::ParseColumnDef() {
  ColumnDef column;
  column.loc = Here();
  SILT_ASSIGN_OR_RETURN(column.name, ParseIdentifier(NameUse::kStrict));
  const Token& next = Peek();
  if ((next.kind == TokenKind::kWord && !StartsColumnConstraint(next)) ||
      next.kind == TokenKind::kQuotedIdent) {
    SILT_ASSIGN_OR_RETURN(column.type, ParseType());
  }
  while (true) {
    if (Accept(Keyword::kConstraint)) {
      SILT_RETURN_NOT_OK(ParseIdentifier(NameUse::kStrict).status());  // name not kept
    }
    const Token& token = Peek();
    if (IsKeyword(Keyword::kNot) && IsKeyword(Keyword::kNull, 1)) {
      Advance();
      Advance();
      column.not_null = true;
    } else if (Accept(Keyword::kNull)) {
      column.null = true;
    } else if (Accept(Keyword::kDefault)) {
      SILT_ASSIGN_OR_RETURN(column.default_value, ParseExpr(kPrecOther));
    } else if (Accept(Keyword::kPrimary)) {
      SILT_RETURN_NOT_OK(Expect(Keyword::kKey));
      column.primary_key = true;
      if (!Accept(Keyword::kAsc)) Accept(Keyword::kDesc);
      Accept(Keyword::kAutoincrement);
    } else if (Accept(Keyword::kUnique)) {
      column.unique = true;
    } else if (Accept(Keyword::kCheck)) {
      SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
      SILT_ASSIGN_OR_RETURN(column.check, ParseExpr());
      SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    } else if (Accept(Keyword::kReferences)) {
      SILT_ASSIGN_OR_RETURN(column.references_table, ParseQualifiedName(NameUse::kStrict));
      if (Is(TokenKind::kLParen)) {
        SILT_ASSIGN_OR_RETURN(column.references_columns, ParseParenthesizedNames());
      }
    } else if (Accept(Keyword::kCollate)) {
      SILT_ASSIGN_OR_RETURN(column.collation, ParseIdentifier(NameUse::kAny));
    } else if (IsKeyword(Keyword::kGenerated) || IsKeyword(Keyword::kAs)) {
      if (Accept(Keyword::kGenerated)) {
        SILT_RETURN_NOT_OK(Expect(Keyword::kAlways));
      }
      SILT_RETURN_NOT_OK(Expect(Keyword::kAs));
      SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
      SILT_ASSIGN_OR_RETURN(column.generated, ParseExpr());
      SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
      if (!Accept(Keyword::kStored)) Accept(Keyword::kVirtual);
    } else {
      if (token.kind == TokenKind::kWord && token.keyword == Keyword::kNot) {
        return SyntaxError(Peek(1), "NULL");
      }
      return column;
    }
  }
}

Result<TableConstraint> Parser::ParseTableConstraint() {
  TableConstraint constraint;
  constraint.loc = Here();
  if (Accept(Keyword::kConstraint)) {
    SILT_ASSIGN_OR_RETURN(constraint.name, ParseIdentifier(NameUse::kStrict));
  }
  if (Accept(Keyword::kPrimary)) {
    SILT_RETURN_NOT_OK(Expect(Keyword::kKey));
    constraint.kind = ConstraintKind::kPrimaryKey;
    SILT_ASSIGN_OR_RETURN(constraint.columns, ParseParenthesizedNames());
  } else if (Accept(Keyword::kUnique)) {
    constraint.kind = ConstraintKind::kUnique;
    SILT_ASSIGN_OR_RETURN(constraint.columns, ParseParenthesizedNames());
  } else if (Accept(Keyword::kCheck)) {
    constraint.kind = ConstraintKind::kCheck;
    SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
    SILT_ASSIGN_OR_RETURN(constraint.check, ParseExpr());
    SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  } else if (Accept(Keyword::kForeign)) {
    SILT_RETURN_NOT_OK(Expect(Keyword::kKey));
    constraint.kind = ConstraintKind::kForeignKey;
    SILT_ASSIGN_OR_RETURN(constraint.columns, ParseParenthesizedNames());
    SILT_RETURN_NOT_OK(Expect(Keyword::kReferences));
    SILT_ASSIGN_OR_RETURN(constraint.references_table, ParseQualifiedName(NameUse::kStrict));
    if (Is(TokenKind::kLParen)) {
      SILT_ASSIGN_OR_RETURN(constraint.references_columns, ParseParenthesizedNames());
    }
  } else {
    return SyntaxError(Peek(), "PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY");
  }
  return constraint;
}

Result<std::vector<SqlOption>> Parser::ParseOptionList() {
  SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  std::vector<SqlOption> options;
  do {
    SqlOption option;
    if (Is(TokenKind::kString)) {
      option.key = DecodeString(sql_, Peek());
      Advance();
    } else {
      SILT_ASSIGN_OR_RETURN(QualifiedName key, ParseQualifiedName(NameUse::kAny));
      for (size_t i = 0; i < key.size(); ++i) {
        if (i > 0) option.key += '.';
        option.key += key[i].name;
      }
    }
    Accept(TokenKind::kEq);
    SILT_ASSIGN_OR_RETURN(option.value, ParseExpr());
    options.push_back(std::move(option));
  } while (Accept(TokenKind::kComma));
  SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return options;
}

Result<StatementPtr> Parser::ParseCreateView(SourceLocation loc, bool or_replace, bool temporary) {
  SILT_RETURN_NOT_OK(Expect(Keyword::kView));
  auto view = MakeNode<CreateViewStatement>(loc);
  view->or_replace = or_replace;
  view->temporary = temporary;
  if (IsKeyword(Keyword::kIf) && IsKeyword(Keyword::kNot, 1) && IsKeyword(Keyword::kExists, 2)) {
    for (int i = 0; i < 3; ++i) Advance();
    view->if_not_exists = true;
  }
  SILT_ASSIGN_OR_RETURN(view->name, ParseQualifiedName(NameUse::kStrict));
  if (Is(TokenKind::kLParen)) {
    SILT_ASSIGN_OR_RETURN(view->columns, ParseParenthesizedNames());
  }
  SILT_RETURN_NOT_OK(Expect(Keyword::kAs));
  SILT_ASSIGN_OR_RETURN(view->query, ParseQuery());
  return StatementPtr(std::move(view));
}

Result<StatementPtr> Parser::ParseCreateIndex(SourceLocation loc, bool unique) {
  SILT_RETURN_NOT_OK(Expect(Keyword::kIndex));
  auto index = MakeNode<CreateIndexStatement>(loc);
  index->unique = unique;
  if (IsKeyword(Keyword::kIf) && IsKeyword(Keyword::kNot, 1) && IsKeyword(Keyword::kExists, 2)) {
    for (int i = 0; i < 3; ++i) Advance();
    index->if_not_exists = true;
  }
  if (!IsKeyword(Keyword::kOn)) {
    SILT_ASSIGN_OR_RETURN(index->name, ParseIdentifier(NameUse::kStrict));
  }
  SILT_RETURN_NOT_OK(Expect(Keyword::kOn));
  SILT_ASSIGN_OR_RETURN(index->table, ParseQualifiedName(NameUse::kStrict));
  if (Accept(Keyword::kUsing)) {
    SILT_ASSIGN_OR_RETURN(index->method, ParseIdentifier(NameUse::kStrict));
  }
  SILT_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  SILT_ASSIGN_OR_RETURN(index->keys, ParseOrderByList());
  SILT_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  if (Accept(Keyword::kWhere)) {
    SILT_ASSIGN_OR_RETURN(index->where, ParseExpr());
  }
  return StatementPtr(std::move(index));
}

Result<StatementPtr> Parser::ParseDrop() {
  auto drop = MakeNode<DropStatement>(Here());
  Advance();
  if (Accept(Keyword::kTable)) {
    drop->object = ObjectKind::kTable;
  } else if (Accept(Keyword::kView)) {
    drop->object = ObjectKind::kView;
  } else if (Accept(Keyword::kIndex)) {
    drop->object = ObjectKind::kIndex;
  } else if (Accept(Keyword::kSchema)) {
    drop->object = ObjectKind::kSchema;
  } else {
    return SyntaxError(Peek(), "TABLE, VIEW, INDEX or SCHEMA");
  }
  if (IsKeyword(Keyword::kIf) && IsKeyword(Keyword::kExists, 1)) {
    Advance();
    Advance();
    drop->if_exists = true;
  }
  do {
    SILT_ASSIGN_OR_RETURN(QualifiedName name, ParseQualifiedName(NameUse::kStrict));
    drop->names.push_back(std::move(name));
  } while (Accept(TokenKind::kComma));
  if (Accept(Keyword::kCascade)) {
    drop->behavior = DropBehavior::kCascade;
  } else if (Accept(Keyword::kRestrict)) {
    drop->behavior = DropBehavior::kRestrict;
  }
  return StatementPtr(std::move(drop));
}

}  // namespace silt::sql
