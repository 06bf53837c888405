// DML: INSERT (incl. OVERWRITE, SQLite's OR REPLACE / OR IGNORE, ON CONFLICT), UPDATE and
// DELETE, with RETURNING.
#include "silt/sql/parser/parser_internal.h"

namespace silt::sql {

Result<StatementPtr> Parser::ParseInsert() {
  auto insert = MakeNode<InsertStatement>(Here());
  if (Accept(Keyword::kReplace)) {  // SQLite / MySQL REPLACE INTO
    insert->or_action = InsertOr::kReplace;
    SILT_RETURN_NOT_OK(Expect(Keyword::kInto));
  } else {
    Advance();
    if (Accept(Keyword::kOr)) {
      if (Accept(Keyword::kReplace)) {
        insert->or_action = InsertOr::kReplace;
      } else if (Accept(Keyword::kIgnore)) {
        insert->or_action = InsertOr::kIgnore;
      } else {
        return SyntaxError(Peek(), "REPLACE or IGNORE");
      }
    }
    if (Accept(Keyword::kOverwrite)) {
      insert->overwrite = true;
      if (!Accept(Keyword::kTable)) Accept(Keyword::kInto);
    } else {
      SILT_RETURN_NOT_OK(Expect(Keyword::kInto));
    }
  }
  SILT_ASSIGN_OR_RETURN(insert->table, ParseQualifiedName(NameUse::kStrict));
  if (Accept(Keyword::kAs)) {
    SILT_ASSIGN_OR_RETURN(insert->alias, ParseIdentifier(NameUse::kStrict));
  }
  if (Is(TokenKind::kLParen) && !IsQueryKeyword(1) && !Is(TokenKind::kLParen, 1)) {
    SILT_ASSIGN_OR_RETURN(insert->columns, ParseParenthesizedNames());
  }
  if (IsKeyword(Keyword::kBy) && IsKeyword(Keyword::kName, 1)) {
    Advance();
    Advance();
    insert->by_name = true;
  }
  if (IsKeyword(Keyword::kDefault) && IsKeyword(Keyword::kValues, 1)) {
    Advance();
    Advance();
  } else {
    SILT_ASSIGN_OR_RETURN(insert->source, ParseQuery());
  }
  if (IsKeyword(Keyword::kOn) && IsKeyword(Keyword::kConflict, 1)) {
    Advance();
    Advance();
    auto conflict = std::make_unique<OnConflictClause>();
    if (Is(TokenKind::kLParen)) {
      SILT_ASSIGN_OR_RETURN(conflict->target, ParseParenthesizedNames());
    }
    SILT_RETURN_NOT_OK(Expect(Keyword::kDo));
    if (Accept(Keyword::kUpdate)) {
      SILT_RETURN_NOT_OK(Expect(Keyword::kSet));
      conflict->do_update = true;
      SILT_ASSIGN_OR_RETURN(conflict->assignments, ParseAssignments());
      if (Accept(Keyword::kWhere)) {
        SILT_ASSIGN_OR_RETURN(conflict->where, ParseExpr());
      }
    } else if (!Accept(Keyword::kNothing)) {
      return SyntaxError(Peek(), "NOTHING or UPDATE");
    }
    insert->on_conflict = std::move(conflict);
  }
  SILT_ASSIGN_OR_RETURN(insert->returning, ParseReturning());
  return StatementPtr(std::move(insert));
}

Result<StatementPtr> Parser::ParseUpdate() {
  auto update = MakeNode<UpdateStatement>(Here());
  Advance();
  SILT_ASSIGN_OR_RETURN(update->table, ParseQualifiedName(NameUse::kStrict));
  if (Accept(Keyword::kAs)) {
    SILT_ASSIGN_OR_RETURN(update->alias, ParseIdentifier(NameUse::kStrict));
  } else if (IsImplicitAlias() && !IsKeyword(Keyword::kSet)) {
    SILT_ASSIGN_OR_RETURN(update->alias, ParseIdentifier(NameUse::kStrict));
  }
  SILT_RETURN_NOT_OK(Expect(Keyword::kSet));
  SILT_ASSIGN_OR_RETURN(update->assignments, ParseAssignments());
  if (Accept(Keyword::kFrom)) {
    SILT_ASSIGN_OR_RETURN(update->from, ParseFromList());
  }
  if (Accept(Keyword::kWhere)) {
    SILT_ASSIGN_OR_RETURN(update->where, ParseExpr());
  }
  SILT_ASSIGN_OR_RETURN(update->returning, ParseReturning());
  return StatementPtr(std::move(update));
}

Result<StatementPtr> Parser::ParseDelete() {
  auto remove = MakeNode<DeleteStatement>(Here());
  Advance();
  SILT_RETURN_NOT_OK(Expect(Keyword::kFrom));
  SILT_ASSIGN_OR_RETURN(remove->table, ParseQualifiedName(NameUse::kStrict));
  if (Accept(Keyword::kAs) || IsImplicitAlias()) {
    SILT_ASSIGN_OR_RETURN(remove->alias, ParseIdentifier(NameUse::kStrict));
  }
  if (Accept(Keyword::kUsing)) {
    SILT_ASSIGN_OR_RETURN(remove->using_tables, ParseFromList());
  }
  if (Accept(Keyword::kWhere)) {
    SILT_ASSIGN_OR_RETURN(remove->where, ParseExpr());
  }
  SILT_ASSIGN_OR_RETURN(remove->returning, ParseReturning());
  return StatementPtr(std::move(remove));
}

Result<std::vector<Assignment>> Parser::ParseAssignments() {
  std::vector<Assignment> assignments;
  do {
    Assignment assignment;
    SILT_ASSIGN_OR_RETURN(assignment.column, ParseIdentifier(NameUse::kStrict));
    SILT_RETURN_NOT_OK(Expect(TokenKind::kEq));
    SILT_ASSIGN_OR_RETURN(assignment.value, ParseExpr());
    assignments.push_back(std::move(assignment));
  } while (Accept(TokenKind::kComma));
  return assignments;
}

Result<std::vector<SelectItem>> Parser::ParseReturning() {
  std::vector<SelectItem> items;
  if (!Accept(Keyword::kReturning)) return items;
  do {
    SILT_ASSIGN_OR_RETURN(SelectItem item, ParseSelectItem());
    items.push_back(std::move(item));
  } while (Accept(TokenKind::kComma));
  return items;
}

}  // namespace silt::sql
