#pragma once

#include <cstdint>
#include <string_view>

namespace silt::sql {

/// Keywords the parser tests for, with their reservation class:
///  - kReserved: never an unquoted column, table or alias name (SELECT, FROM, ...);
///  - kTypeFunc: reserved, except that it may name a function (LEFT(s, 2), RIGHT(...));
///  - kUnreserved: meaningful only in context; anywhere else an ordinary identifier.
/// After `AS` and after `.` every word is accepted as a name. The list follows PostgreSQL's
/// classification, trimmed to the words silt's grammar uses.
#define SILT_SQL_KEYWORDS(X)                           \
  X(kAbort, "ABORT", kUnreserved)                      \
  X(kAll, "ALL", kReserved)                            \
  X(kAlways, "ALWAYS", kUnreserved)                    \
  X(kAnalyze, "ANALYZE", kUnreserved)                  \
  X(kAnd, "AND", kReserved)                            \
  X(kAnti, "ANTI", kUnreserved)                        \
  X(kAny, "ANY", kReserved)                            \
  X(kArray, "ARRAY", kReserved)                        \
  X(kAs, "AS", kReserved)                              \
  X(kAsc, "ASC", kReserved)                            \
  X(kAt, "AT", kUnreserved)                            \
  X(kAutoincrement, "AUTOINCREMENT", kUnreserved)      \
  X(kBegin, "BEGIN", kUnreserved)                      \
  X(kBetween, "BETWEEN", kReserved)                    \
  X(kBoth, "BOTH", kReserved)                          \
  X(kBy, "BY", kUnreserved)                            \
  X(kCascade, "CASCADE", kUnreserved)                  \
  X(kCase, "CASE", kReserved)                          \
  X(kCast, "CAST", kReserved)                          \
  X(kCheck, "CHECK", kReserved)                        \
  X(kCollate, "COLLATE", kReserved)                    \
  X(kColumn, "COLUMN", kReserved)                      \
  X(kColumns, "COLUMNS", kUnreserved)                  \
  X(kCommit, "COMMIT", kUnreserved)                    \
  X(kConflict, "CONFLICT", kUnreserved)                \
  X(kConstraint, "CONSTRAINT", kReserved)              \
  X(kCreate, "CREATE", kReserved)                      \
  X(kCross, "CROSS", kTypeFunc)                        \
  X(kCube, "CUBE", kUnreserved)                        \
  X(kCurrent, "CURRENT", kUnreserved)                  \
  X(kCurrentDate, "CURRENT_DATE", kReserved)           \
  X(kCurrentTime, "CURRENT_TIME", kReserved)           \
  X(kCurrentTimestamp, "CURRENT_TIMESTAMP", kReserved) \
  X(kDefault, "DEFAULT", kReserved)                    \
  X(kDelete, "DELETE", kUnreserved)                    \
  X(kDesc, "DESC", kReserved)                          \
  X(kDescribe, "DESCRIBE", kUnreserved)                \
  X(kDiv, "DIV", kUnreserved)                          \
  X(kDistinct, "DISTINCT", kReserved)                  \
  X(kDo, "DO", kReserved)                              \
  X(kDrop, "DROP", kUnreserved)                        \
  X(kElse, "ELSE", kReserved)                          \
  X(kEnd, "END", kReserved)                            \
  X(kEscape, "ESCAPE", kUnreserved)                    \
  X(kExcept, "EXCEPT", kReserved)                      \
  X(kExclude, "EXCLUDE", kUnreserved)                  \
  X(kExists, "EXISTS", kReserved)                      \
  X(kExplain, "EXPLAIN", kUnreserved)                  \
  X(kExternal, "EXTERNAL", kUnreserved)                \
  X(kExtract, "EXTRACT", kUnreserved)                  \
  X(kFalse, "FALSE", kReserved)                        \
  X(kFetch, "FETCH", kReserved)                        \
  X(kFilter, "FILTER", kUnreserved)                    \
  X(kFirst, "FIRST", kUnreserved)                      \
  X(kFollowing, "FOLLOWING", kUnreserved)              \
  X(kFor, "FOR", kReserved)                            \
  X(kForeign, "FOREIGN", kReserved)                    \
  X(kFormat, "FORMAT", kUnreserved)                    \
  X(kFrom, "FROM", kReserved)                          \
  X(kFull, "FULL", kTypeFunc)                          \
  X(kGenerated, "GENERATED", kUnreserved)              \
  X(kGlobal, "GLOBAL", kUnreserved)                    \
  X(kGroup, "GROUP", kReserved)                        \
  X(kGrouping, "GROUPING", kUnreserved)                \
  X(kGroups, "GROUPS", kUnreserved)                    \
  X(kHaving, "HAVING", kReserved)                      \
  X(kIf, "IF", kUnreserved)                            \
  X(kIgnore, "IGNORE", kUnreserved)                    \
  X(kIlike, "ILIKE", kTypeFunc)                        \
  X(kIn, "IN", kReserved)                              \
  X(kIndex, "INDEX", kUnreserved)                      \
  X(kIndexed, "INDEXED", kUnreserved)                  \
  X(kInner, "INNER", kTypeFunc)                        \
  X(kInsert, "INSERT", kUnreserved)                    \
  X(kIntersect, "INTERSECT", kReserved)                \
  X(kInterval, "INTERVAL", kUnreserved)                \
  X(kInto, "INTO", kReserved)                          \
  X(kIs, "IS", kTypeFunc)                              \
  X(kIsnull, "ISNULL", kTypeFunc)                      \
  X(kJoin, "JOIN", kTypeFunc)                          \
  X(kKey, "KEY", kUnreserved)                          \
  X(kLast, "LAST", kUnreserved)                        \
  X(kLateral, "LATERAL", kReserved)                    \
  X(kLeading, "LEADING", kReserved)                    \
  X(kLeft, "LEFT", kTypeFunc)                          \
  X(kLike, "LIKE", kTypeFunc)                          \
  X(kLimit, "LIMIT", kReserved)                        \
  X(kLocal, "LOCAL", kUnreserved)                      \
  X(kLocaltime, "LOCALTIME", kReserved)                \
  X(kLocaltimestamp, "LOCALTIMESTAMP", kReserved)      \
  X(kLocation, "LOCATION", kUnreserved)                \
  X(kMaterialized, "MATERIALIZED", kUnreserved)        \
  X(kName, "NAME", kUnreserved)                        \
  X(kNatural, "NATURAL", kTypeFunc)                    \
  X(kNext, "NEXT", kUnreserved)                        \
  X(kNo, "NO", kUnreserved)                            \
  X(kNot, "NOT", kReserved)                            \
  X(kNothing, "NOTHING", kUnreserved)                  \
  X(kNotnull, "NOTNULL", kTypeFunc)                    \
  X(kNull, "NULL", kReserved)                          \
  X(kNulls, "NULLS", kUnreserved)                      \
  X(kOf, "OF", kUnreserved)                            \
  X(kOffset, "OFFSET", kReserved)                      \
  X(kOn, "ON", kReserved)                              \
  X(kOnly, "ONLY", kUnreserved)                        \
  X(kOptions, "OPTIONS", kUnreserved)                  \
  X(kOr, "OR", kReserved)                              \
  X(kOrder, "ORDER", kReserved)                        \
  X(kOthers, "OTHERS", kUnreserved)                    \
  X(kOuter, "OUTER", kTypeFunc)                        \
  X(kOver, "OVER", kUnreserved)                        \
  X(kOverwrite, "OVERWRITE", kUnreserved)              \
  X(kPartition, "PARTITION", kUnreserved)              \
  X(kPartitioned, "PARTITIONED", kUnreserved)          \
  X(kPosition, "POSITION", kUnreserved)                \
  X(kPragma, "PRAGMA", kUnreserved)                    \
  X(kPreceding, "PRECEDING", kUnreserved)              \
  X(kPrimary, "PRIMARY", kReserved)                    \
  X(kQualify, "QUALIFY", kReserved)                    \
  X(kRange, "RANGE", kUnreserved)                      \
  X(kRecursive, "RECURSIVE", kUnreserved)              \
  X(kReferences, "REFERENCES", kReserved)              \
  X(kRename, "RENAME", kUnreserved)                    \
  X(kReplace, "REPLACE", kUnreserved)                  \
  X(kReset, "RESET", kUnreserved)                      \
  X(kRespect, "RESPECT", kUnreserved)                  \
  X(kRestrict, "RESTRICT", kUnreserved)                \
  X(kReturning, "RETURNING", kReserved)                \
  X(kRight, "RIGHT", kTypeFunc)                        \
  X(kRollback, "ROLLBACK", kUnreserved)                \
  X(kRollup, "ROLLUP", kUnreserved)                    \
  X(kRow, "ROW", kUnreserved)                          \
  X(kRows, "ROWS", kUnreserved)                        \
  X(kSchema, "SCHEMA", kUnreserved)                    \
  X(kSelect, "SELECT", kReserved)                      \
  X(kSemi, "SEMI", kUnreserved)                        \
  X(kSession, "SESSION", kUnreserved)                  \
  X(kSet, "SET", kUnreserved)                          \
  X(kSets, "SETS", kUnreserved)                        \
  X(kShow, "SHOW", kUnreserved)                        \
  X(kSimilar, "SIMILAR", kTypeFunc)                    \
  X(kSome, "SOME", kReserved)                          \
  X(kStart, "START", kUnreserved)                      \
  X(kStored, "STORED", kUnreserved)                    \
  X(kSubstring, "SUBSTRING", kUnreserved)              \
  X(kSymmetric, "SYMMETRIC", kReserved)                \
  X(kSystemTime, "SYSTEM_TIME", kUnreserved)           \
  X(kTable, "TABLE", kReserved)                        \
  X(kTables, "TABLES", kUnreserved)                    \
  X(kTblproperties, "TBLPROPERTIES", kUnreserved)      \
  X(kTemp, "TEMP", kUnreserved)                        \
  X(kTemporary, "TEMPORARY", kUnreserved)              \
  X(kThen, "THEN", kReserved)                          \
  X(kTies, "TIES", kUnreserved)                        \
  X(kTime, "TIME", kUnreserved)                        \
  X(kTimestamp, "TIMESTAMP", kUnreserved)              \
  X(kTo, "TO", kReserved)                              \
  X(kTrailing, "TRAILING", kReserved)                  \
  X(kTransaction, "TRANSACTION", kUnreserved)          \
  X(kTrim, "TRIM", kUnreserved)                        \
  X(kTrue, "TRUE", kReserved)                          \
  X(kTryCast, "TRY_CAST", kUnreserved)                 \
  X(kUnbounded, "UNBOUNDED", kUnreserved)              \
  X(kUnion, "UNION", kReserved)                        \
  X(kUnique, "UNIQUE", kReserved)                      \
  X(kUnknown, "UNKNOWN", kUnreserved)                  \
  X(kUpdate, "UPDATE", kUnreserved)                    \
  X(kUsing, "USING", kReserved)                        \
  X(kValues, "VALUES", kReserved)                      \
  X(kVerbose, "VERBOSE", kUnreserved)                  \
  X(kVersion, "VERSION", kUnreserved)                  \
  X(kView, "VIEW", kUnreserved)                        \
  X(kVirtual, "VIRTUAL", kUnreserved)                  \
  X(kWhen, "WHEN", kReserved)                          \
  X(kWhere, "WHERE", kReserved)                        \
  X(kWindow, "WINDOW", kReserved)                      \
  X(kWith, "WITH", kReserved)                          \
  X(kWithin, "WITHIN", kUnreserved)                    \
  X(kWithout, "WITHOUT", kUnreserved)                  \
  X(kWork, "WORK", kUnreserved)                        \
  X(kZone, "ZONE", kUnreserved)

/// A keyword id; kNone for words that are not keywords.
enum class Keyword : uint16_t {
  kNone = 0,
#define SILT_SQL_KEYWORD_ENUM(id, text, category) id,
  SILT_SQL_KEYWORDS(SILT_SQL_KEYWORD_ENUM)
#undef SILT_SQL_KEYWORD_ENUM
};

/// How freely a keyword may be used as a name (see SILT_SQL_KEYWORDS).
enum class KeywordCategory : uint8_t { kUnreserved, kTypeFunc, kReserved };

/// The keyword spelled by `word` (ASCII case-insensitive), or Keyword::kNone.
Keyword LookupKeyword(std::string_view word);
/// Upper-case spelling of a keyword ("SELECT"); empty for kNone.
std::string_view KeywordText(Keyword keyword);
/// Reservation class of a keyword; kUnreserved for kNone.
KeywordCategory GetKeywordCategory(Keyword keyword);

/// Lexical token classes. Operators get one class each; `>>` is never a token (two kGt
/// tokens side by side are a shift in expressions and close two `<` in STRUCT<...<...>>).
enum class TokenKind : uint8_t {
  kEnd,           // end of input (always the last token)
  kWord,          // unquoted identifier or keyword
  kQuotedIdent,   // "ident" or `ident`
  kString,        // 'text' (also N'text')
  kEscapeString,  // E'text with \n escapes'
  kHexString,     // X'0AFF'
  kInteger,       // 123
  kDecimal,       // 1.5, .5, 5.
  kFloat,         // 1e10, 1.5E-3
  kParameter,     // ? or $1
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kComma,
  kSemicolon,
  kDot,
  kColon,
  kDoubleColon,
  kColonEquals,
  kArrow,  // kArrow is =>
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kDoubleSlash,
  kPercent,
  kCaret,
  kConcat,
  kEq,
  kNotEq,
  kLt,
  kLtEq,
  kGt,
  kGtEq,
  kAmpersand,
  kPipe,
  kHash,
  kTilde,
  kTildeStar,
  kNotTilde,
  kNotTildeStar,
  kShiftLeft
};

/// Printable name of a token class for error messages ("','", "end of input").
std::string_view TokenKindName(TokenKind kind);

/// One token: a span of the source text plus its 1-based line and column (columns count
/// UTF-8 characters). Tokens do not own text; decode string and identifier bodies from the
/// span when building the AST.
struct Token {
  TokenKind kind = TokenKind::kEnd;
  Keyword keyword = Keyword::kNone;  // kWord only
  uint32_t offset = 0;               // byte offset of the first character
  uint32_t length = 0;               // bytes, including quotes and prefixes
  uint32_t line = 1;
  uint32_t column = 1;
};

}  // namespace silt::sql
