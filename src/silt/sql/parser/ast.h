#pragma once

// The SQL abstract syntax tree: what the parser produces and the binder consumes. Plain
// structs, children owned by std::unique_ptr, no semantics (names are not resolved, types
// not checked, unquoted identifiers keep their spelling). Every node records where it
// starts in the SQL text (`loc`) so later errors can point a caret at it.
//
// Node catalog
//   Identifier      a name with its spelling and a `quoted` flag; QualifiedName = a.b.c
//   TypeName        INTEGER, DECIMAL(p,s), VARCHAR(n), TIMESTAMP WITH TIME ZONE, t[],
//                   STRUCT(a t, ...), MAP(k, v), or an unknown name kept as written
//   Expr (ExprKind) expressions, one struct per kind:
//     ColumnRefExpr     a / t.a / s.a.b (compound names; the binder splits table/field)
//     StarExpr          * / t.* [EXCLUDE (cols)]
//     LiteralExpr       NULL, TRUE/FALSE, 123 (digits kept as text), 1.5, 1e3, 'str', X'0F'
//     TypedLiteralExpr  DATE '2024-01-01', TIMESTAMP WITH TIME ZONE '...', BOOLEAN 't'
//     IntervalExpr      INTERVAL '1 day', INTERVAL '1' DAY [TO SECOND], INTERVAL 3 DAYS
//     ParameterExpr     ? and $n
//     UnaryExpr         NOT x, -x, +x, ~x
//     BinaryExpr        AND OR = <> < <= > >= + - * / // % ^ || & | # << >> ~ ~* !~ !~*,
//                       IS [NOT] DISTINCT FROM
//     IsExpr            x IS [NOT] NULL|TRUE|FALSE|UNKNOWN (also ISNULL / NOTNULL)
//     BetweenExpr       x [NOT] BETWEEN [SYMMETRIC] a AND b
//     InListExpr        x [NOT] IN (a, b, ...)        (an empty list is kept)
//     InSubqueryExpr    x [NOT] IN (SELECT ...)
//     QuantifiedExpr    x = ANY|ALL (SELECT ...) / x = ANY(array)
//     LikeExpr          x [NOT] LIKE|ILIKE|SIMILAR TO p [ESCAPE e]
//     CastExpr          CAST(x AS t), TRY_CAST(x AS t), x::t
//     CaseExpr          CASE [x] WHEN a THEN b ... [ELSE c] END
//     FunctionExpr      f(args), f(DISTINCT ...), count(*), f(x ORDER BY y), name => value
//                       arguments, WITHIN GROUP, FILTER (WHERE ...), IGNORE NULLS,
//                       OVER (window) / OVER w; EXTRACT/POSITION/SUBSTRING/TRIM special
//                       forms and CURRENT_DATE-style calls keep their syntax in `syntax`
//     SubqueryExpr      (SELECT ...) as a scalar
//     ExistsExpr        EXISTS (SELECT ...)
//     ArrayExpr         [a, b] / ARRAY[a, b]
//     StructExpr        {'k': v, ...}
//     RowExpr           (a, b) / ROW(a, b)
//     SubscriptExpr     x[i], x[lo:hi] (either bound may be absent)
//     FieldAccessExpr   (expr).field (a.b.c on plain names is a ColumnRefExpr instead)
//     AtTimeZoneExpr    x AT TIME ZONE z
//     CollateExpr       x COLLATE name
//     DefaultExpr       DEFAULT (in INSERT VALUES and UPDATE SET)
//   Queries
//     Query             [WITH ...] body [ORDER BY ...] [LIMIT n] [OFFSET m]
//     QueryBody         SelectBody | SetOperationBody | ValuesBody | NestedQueryBody
//     TableRef          BaseTableRef (with time travel) | TableFunctionRef | SubqueryRef |
//                       JoinRef, each with an optional alias (name and column names)
//   Statements (StatementKind): QueryStatement, CreateTableStatement, CreateViewStatement,
//     CreateIndexStatement, DropStatement, InsertStatement, UpdateStatement,
//     DeleteStatement, SetStatement, ResetStatement, ShowStatement, ExplainStatement,
//     TransactionStatement, PragmaStatement
//
// Equality (operator== / Equals in ast_equal.cpp) compares structure and spelling and
// ignores source locations; ToSql (to_sql.h) prints SQL that parses back to an equal tree.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "silt/sql/parser/parse_error.h"

namespace silt::sql {

/// A name as written: `name` is the spelling without quotes ("" collapsed); `quoted` is set
/// for "quoted" (and `backquoted`) names, which match exactly, while unquoted ones are
/// folded by the binder.
struct Identifier {
  std::string name;
  bool quoted = false;
  SourceLocation loc;
};

/// A dotted name: schema.table, catalog.schema.table, or a function's qualified name.
using QualifiedName = std::vector<Identifier>;

// ---------------------------------------------------------------------------------------
// Types

/// Type name families. Spellings map onto one kind: INT/INTEGER/INT4 -> kInteger,
/// TEXT/STRING/VARCHAR -> kVarchar, TIMESTAMPTZ/TIMESTAMP WITH TIME ZONE -> kTimestampTz,
/// BYTEA/BINARY/VARBINARY/BLOB -> kBlob, t[]/LIST(t)/ARRAY<t> -> kList. Names silt does not
/// know stay kNamed with their spelling (the binder reports them).
// clang-format off
enum class TypeKind : uint8_t {
  kNamed, kBoolean, kTinyInt, kSmallInt, kInteger, kBigInt, kHugeInt, kReal, kFloat, kDouble,
  kDecimal, kVarchar, kChar, kBlob, kDate, kTime, kTimeTz, kTimestamp, kTimestampTz, kInterval,
  kJson, kUuid, kList, kStruct, kMap
};
// clang-format on

/// A type as written in CAST, ::, column definitions and typed literals.
struct TypeName {
  TypeKind kind = TypeKind::kNamed;
  SourceLocation loc;
  Identifier name;                      ///< kNamed only: the name as written
  std::vector<int64_t> params;          ///< (p, s) / (n) / TIMESTAMP(p); kList: [n] fixed size
  std::vector<TypeName> children;       ///< kList: element; kMap: key, value; kStruct: fields
  std::vector<Identifier> field_names;  ///< kStruct: one per child
};

// ---------------------------------------------------------------------------------------
// Expressions

// clang-format off
enum class ExprKind : uint8_t {
  kColumnRef, kStar, kLiteral, kTypedLiteral, kInterval, kParameter, kUnary, kBinary, kIs,
  kBetween, kInList, kInSubquery, kQuantified, kLike, kCast, kCase, kFunction, kSubquery,
  kExists, kArray, kStruct, kRow, kSubscript, kFieldAccess, kAtTimeZone, kCollate, kDefault
};
// clang-format on

/// Base of all expression nodes. `kind` says which derived struct this is; use As<T>().
struct Expr {
  Expr(ExprKind k, SourceLocation l) : kind(k), loc(l) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }
  template <typename T>
  T& As() {
    return static_cast<T&>(*this);
  }

  const ExprKind kind;
  SourceLocation loc;
};
using ExprPtr = std::unique_ptr<Expr>;

struct Query;
struct WindowSpec;

/// Sort key of ORDER BY (queries, aggregates, windows, index columns).
enum class SortDirection : uint8_t { kDefault, kAsc, kDesc };
enum class NullsOrder : uint8_t { kDefault, kFirst, kLast };
struct OrderByItem {
  ExprPtr expr;
  SortDirection direction = SortDirection::kDefault;
  NullsOrder nulls = NullsOrder::kDefault;
};

/// a / t.a / schema.t.a / s.field.subfield: the binder decides which parts name a table
/// and which a struct field.
struct ColumnRefExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kColumnRef;
  explicit ColumnRefExpr(SourceLocation l) : Expr(kKind, l) {}
  QualifiedName parts;
};

/// DuckDB's `* REPLACE (expr AS name)` entry.
struct StarReplace {
  ExprPtr expr;
  Identifier name;
};
/// DuckDB's `* RENAME (column AS name)` entry.
struct StarRename {
  QualifiedName column;
  Identifier name;
};

/// `*` or `t.*` (qualifier non-empty), with DuckDB's EXCLUDE (columns), REPLACE (expr AS
/// column) and RENAME (column AS name) modifiers.
struct StarExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kStar;
  explicit StarExpr(SourceLocation l) : Expr(kKind, l) {}
  QualifiedName qualifier;
  std::vector<Identifier> exclude;
  std::vector<StarReplace> replace;
  std::vector<StarRename> rename;
};

// clang-format off
enum class LiteralKind : uint8_t {
  kNull, kBoolean, kInteger, kDecimal, kFloat, kString, kHexString
};
// clang-format on

/// A constant. Numbers keep their digits as text (never negative: -1 is a UnaryExpr) so
/// the binder picks int64, decimal or double; kString holds the decoded bytes; kHexString
/// the hex digits of X'..'.
struct LiteralExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kLiteral;
  explicit LiteralExpr(SourceLocation l) : Expr(kKind, l) {}
  LiteralKind literal_kind = LiteralKind::kNull;
  bool boolean_value = false;
  std::string text;
};

/// `type 'string'` for built-in type names: DATE '...', TIMESTAMP '...', TIME '...'.
struct TypedLiteralExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kTypedLiteral;
  explicit TypedLiteralExpr(SourceLocation l) : Expr(kKind, l) {}
  TypeName type;
  std::string value;
};

/// Interval units of INTERVAL '1' DAY / INTERVAL '1-2' YEAR TO MONTH (plural spellings
/// such as DAYS map to the same unit).
// clang-format off
enum class IntervalUnit : uint8_t {
  kNone, kYear, kQuarter, kMonth, kWeek, kDay, kHour, kMinute, kSecond, kMillisecond,
  kMicrosecond
};
// clang-format on

/// INTERVAL value [unit [TO unit]]. `value` is a string literal (INTERVAL '1 day'), a
/// number (INTERVAL 3 DAY) or any expression (INTERVAL (x) DAY).
struct IntervalExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kInterval;
  explicit IntervalExpr(SourceLocation l) : Expr(kKind, l) {}
  ExprPtr value;
  IntervalUnit unit = IntervalUnit::kNone;
  IntervalUnit to_unit = IntervalUnit::kNone;
};

/// `?` (index 0) or `$n` (index n).
struct ParameterExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kParameter;
  explicit ParameterExpr(SourceLocation l) : Expr(kKind, l) {}
  uint32_t index = 0;
};

enum class UnaryOp : uint8_t { kNot, kMinus, kPlus, kBitNot };
struct UnaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kUnary;
  explicit UnaryExpr(SourceLocation l) : Expr(kKind, l) {}
  UnaryOp op = UnaryOp::kNot;
  ExprPtr operand;
};

// clang-format off
enum class BinaryOp : uint8_t {
  kOr, kAnd, kEq, kNotEq, kLt, kLtEq, kGt, kGtEq, kIsDistinctFrom, kIsNotDistinctFrom, kAdd,
  kSubtract, kMultiply, kDivide, kIntegerDivide, kModulo, kPower, kConcat, kBitAnd, kBitOr,
  kBitXor, kShiftLeft, kShiftRight, kRegexMatch, kRegexIMatch, kRegexNotMatch, kRegexNotIMatch
};
// clang-format on
/// `left op right`; `!=` and `<>` are both kNotEq, `==` is kEq.
struct BinaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kBinary;
  explicit BinaryExpr(SourceLocation l) : Expr(kKind, l) {}
  BinaryOp op = BinaryOp::kEq;
  ExprPtr left;
  ExprPtr right;
};

enum class IsKind : uint8_t { kNull, kTrue, kFalse, kUnknown };
/// x IS [NOT] NULL|TRUE|FALSE|UNKNOWN; `x ISNULL` and `x NOTNULL` too.
struct IsExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kIs;
  explicit IsExpr(SourceLocation l) : Expr(kKind, l) {}
  IsKind test = IsKind::kNull;
  bool negated = false;
  ExprPtr operand;
};

struct BetweenExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kBetween;
  explicit BetweenExpr(SourceLocation l) : Expr(kKind, l) {}
  bool negated = false;
  bool symmetric = false;
  ExprPtr operand;
  ExprPtr low;
  ExprPtr high;
};

struct InListExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kInList;
  explicit InListExpr(SourceLocation l) : Expr(kKind, l) {}
  bool negated = false;
  ExprPtr operand;
  std::vector<ExprPtr> list;
};

struct InSubqueryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kInSubquery;
  explicit InSubqueryExpr(SourceLocation l) : Expr(kKind, l) {}
  bool negated = false;
  ExprPtr operand;
  std::unique_ptr<Query> subquery;
};

/// `left op ANY|SOME|ALL (subquery)` or, when `subquery` is null, `left op ANY (array)`.
struct QuantifiedExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kQuantified;
  explicit QuantifiedExpr(SourceLocation l) : Expr(kKind, l) {}
  BinaryOp op = BinaryOp::kEq;  ///< a comparison
  bool all = false;             ///< ALL; otherwise ANY/SOME
  ExprPtr left;
  std::unique_ptr<Query> subquery;
  ExprPtr array;
};

enum class LikeKind : uint8_t { kLike, kILike, kSimilarTo };
struct LikeExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kLike;
  explicit LikeExpr(SourceLocation l) : Expr(kKind, l) {}
  LikeKind like = LikeKind::kLike;
  bool negated = false;
  ExprPtr operand;
  ExprPtr pattern;
  ExprPtr escape;  ///< null without ESCAPE
};

/// CAST(x AS t), TRY_CAST(x AS t) (try_cast set) and x::t (same as CAST).
struct CastExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kCast;
  explicit CastExpr(SourceLocation l) : Expr(kKind, l) {}
  bool try_cast = false;
  ExprPtr operand;
  TypeName type;
};

struct CaseWhen {
  ExprPtr when;
  ExprPtr then;
};
/// CASE [operand] WHEN ... THEN ... [ELSE ...] END (operand null for searched CASE).
struct CaseExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kCase;
  explicit CaseExpr(SourceLocation l) : Expr(kKind, l) {}
  ExprPtr operand;
  std::vector<CaseWhen> whens;
  ExprPtr else_result;
};

/// How a call was written, so ToSql prints it back the same way. Special forms map onto
/// ordinary arguments: EXTRACT(f FROM x) -> extract('f', x); POSITION(a IN b) ->
/// position(a, b); SUBSTRING(x FROM a [FOR b]) -> substring(x, a [, b]) (FOR without FROM
/// gets a = 1); TRIM([BOTH|LEADING|TRAILING] [c] FROM x) -> trim(x [, c]).
// clang-format off
enum class FunctionSyntax : uint8_t {
  kCall, kNoParens, kExtract, kPosition, kSubstring, kTrimBoth, kTrimLeading, kTrimTrailing
};
// clang-format on

enum class NullTreatment : uint8_t { kDefault, kIgnoreNulls, kRespectNulls };

/// One argument: `value` or `name => value`.
struct FunctionArg {
  std::optional<Identifier> name;
  ExprPtr value;
};

struct FunctionExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kFunction;
  explicit FunctionExpr(SourceLocation l) : Expr(kKind, l) {}
  QualifiedName name;
  FunctionSyntax syntax = FunctionSyntax::kCall;
  bool distinct = false;
  bool star = false;  ///< count(*)
  std::vector<FunctionArg> args;
  std::vector<OrderByItem> order_by;  ///< string_agg(x, ',' ORDER BY y)
  bool within_group = false;          ///< order_by came from WITHIN GROUP (ORDER BY ...)
  ExprPtr filter;                     ///< FILTER (WHERE ...)
  NullTreatment null_treatment = NullTreatment::kDefault;
  std::unique_ptr<WindowSpec> over;     ///< OVER (...)
  std::optional<Identifier> over_name;  ///< OVER w
};

struct SubqueryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubquery;
  explicit SubqueryExpr(SourceLocation l) : Expr(kKind, l) {}
  std::unique_ptr<Query> query;
};

struct ExistsExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kExists;
  explicit ExistsExpr(SourceLocation l) : Expr(kKind, l) {}
  std::unique_ptr<Query> query;
};

struct ArrayExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kArray;
  explicit ArrayExpr(SourceLocation l) : Expr(kKind, l) {}
  std::vector<ExprPtr> elements;
};

/// {'a': 1, "b": 2}: keys are names (a string key becomes a quoted identifier).
struct StructExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kStruct;
  explicit StructExpr(SourceLocation l) : Expr(kKind, l) {}
  std::vector<Identifier> keys;
  std::vector<ExprPtr> values;
};

struct RowExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kRow;
  explicit RowExpr(SourceLocation l) : Expr(kKind, l) {}
  std::vector<ExprPtr> elements;
};

/// base[index] or, when `slice`, base[lower:upper] (null bounds were omitted).
struct SubscriptExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubscript;
  explicit SubscriptExpr(SourceLocation l) : Expr(kKind, l) {}
  ExprPtr base;
  bool slice = false;
  ExprPtr index;  ///< index, or the slice's lower bound
  ExprPtr upper;  ///< slice only
};

struct FieldAccessExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kFieldAccess;
  explicit FieldAccessExpr(SourceLocation l) : Expr(kKind, l) {}
  ExprPtr base;
  Identifier field;
};

struct AtTimeZoneExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kAtTimeZone;
  explicit AtTimeZoneExpr(SourceLocation l) : Expr(kKind, l) {}
  ExprPtr operand;
  ExprPtr zone;
};

struct CollateExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kCollate;
  explicit CollateExpr(SourceLocation l) : Expr(kKind, l) {}
  ExprPtr operand;
  QualifiedName collation;
};

struct DefaultExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kDefault;
  explicit DefaultExpr(SourceLocation l) : Expr(kKind, l) {}
};

// ---------------------------------------------------------------------------------------
// Windows

enum class FrameUnit : uint8_t { kRows, kRange, kGroups };
enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing
};
struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  ExprPtr offset;  ///< kPreceding / kFollowing
};
enum class FrameExclude : uint8_t { kNone, kCurrentRow, kGroup, kTies, kNoOthers };
/// ROWS|RANGE|GROUPS BETWEEN start AND end [EXCLUDE ...]; a frame written with one bound
/// gets end = CURRENT ROW.
struct WindowFrame {
  FrameUnit unit = FrameUnit::kRange;
  FrameBound start;
  FrameBound end;
  FrameExclude exclude = FrameExclude::kNone;
};

/// OVER ([base_window] [PARTITION BY ...] [ORDER BY ...] [frame]) and WINDOW w AS (...).
struct WindowSpec {
  SourceLocation loc;
  std::optional<Identifier> base_window;
  std::vector<ExprPtr> partition_by;
  std::vector<OrderByItem> order_by;
  std::optional<WindowFrame> frame;
};

// ---------------------------------------------------------------------------------------
// Table references

enum class TableRefKind : uint8_t { kBaseTable, kFunction, kSubquery, kJoin };

/// AS name [(column, ...)].
struct TableAlias {
  Identifier name;
  std::vector<Identifier> columns;
};

struct TableRef {
  TableRef(TableRefKind k, SourceLocation l) : kind(k), loc(l) {}
  virtual ~TableRef() = default;
  TableRef(const TableRef&) = delete;
  TableRef& operator=(const TableRef&) = delete;

  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }

  const TableRefKind kind;
  SourceLocation loc;
  std::optional<TableAlias> alias;
};
using TableRefPtr = std::unique_ptr<TableRef>;

/// Delta time travel: VERSION AS OF n, TIMESTAMP AS OF '...' (also FOR SYSTEM_TIME AS OF).
enum class TimeTravelKind : uint8_t { kNone, kVersion, kTimestamp };

struct BaseTableRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kBaseTable;
  explicit BaseTableRef(SourceLocation l) : TableRef(kKind, l) {}
  QualifiedName name;
  TimeTravelKind time_travel = TimeTravelKind::kNone;
  ExprPtr time_travel_value;
};

/// read_parquet('x'), delta_scan('p', version => 3), [LATERAL] unnest(...).
struct TableFunctionRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kFunction;
  explicit TableFunctionRef(SourceLocation l) : TableRef(kKind, l) {}
  bool lateral = false;
  std::unique_ptr<FunctionExpr> call;
};

struct SubqueryRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kSubquery;
  explicit SubqueryRef(SourceLocation l) : TableRef(kKind, l) {}
  bool lateral = false;
  std::unique_ptr<Query> query;
};

/// kInner is also a plain JOIN; a join with neither ON nor USING is unconditional.
enum class JoinKind : uint8_t { kInner, kLeft, kRight, kFull, kCross, kSemi, kAnti };
struct JoinRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kJoin;
  explicit JoinRef(SourceLocation l) : TableRef(kKind, l) {}
  JoinKind join = JoinKind::kInner;
  bool natural = false;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr on;
  std::vector<Identifier> using_columns;
};

// ---------------------------------------------------------------------------------------
// Queries

enum class QueryBodyKind : uint8_t { kSelect, kSetOperation, kValues, kNested };

struct QueryBody {
  QueryBody(QueryBodyKind k, SourceLocation l) : kind(k), loc(l) {}
  virtual ~QueryBody() = default;
  QueryBody(const QueryBody&) = delete;
  QueryBody& operator=(const QueryBody&) = delete;

  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }

  const QueryBodyKind kind;
  SourceLocation loc;
};
using QueryBodyPtr = std::unique_ptr<QueryBody>;

/// One SELECT list entry: an expression (possibly a StarExpr) and an optional alias.
struct SelectItem {
  ExprPtr expr;
  std::optional<Identifier> alias;
};

enum class GroupingKind : uint8_t { kExpr, kEmpty, kRollup, kCube, kGroupingSets };
/// An element of GROUP BY: an expression, (), ROLLUP (...), CUBE (...) or GROUPING SETS
/// (...). Composite members such as ROLLUP ((a, b)) are RowExprs.
struct GroupingElement {
  GroupingKind kind = GroupingKind::kExpr;
  ExprPtr expr;                       ///< kExpr
  std::vector<ExprPtr> exprs;         ///< kRollup / kCube
  std::vector<GroupingElement> sets;  ///< kGroupingSets
};

/// GROUP BY [ALL] elements (GROUP BY ALL has no elements).
struct GroupByClause {
  bool all = false;
  std::vector<GroupingElement> items;
};

struct NamedWindow {
  Identifier name;
  WindowSpec spec;
};

enum class DistinctKind : uint8_t { kNone, kAll, kDistinct, kDistinctOn };

struct SelectBody : QueryBody {
  static constexpr QueryBodyKind kKind = QueryBodyKind::kSelect;
  explicit SelectBody(SourceLocation l) : QueryBody(kKind, l) {}
  DistinctKind distinct = DistinctKind::kNone;
  std::vector<ExprPtr> distinct_on;
  std::vector<SelectItem> items;
  std::vector<TableRefPtr> from;  ///< comma-separated entries (each may be a join tree)
  ExprPtr where;
  std::optional<GroupByClause> group_by;
  ExprPtr having;
  std::vector<NamedWindow> windows;
  ExprPtr qualify;
};

enum class SetOpKind : uint8_t { kUnion, kIntersect, kExcept };
/// left UNION|INTERSECT|EXCEPT [ALL] [BY NAME] right (UNION DISTINCT is all = false).
struct SetOperationBody : QueryBody {
  static constexpr QueryBodyKind kKind = QueryBodyKind::kSetOperation;
  explicit SetOperationBody(SourceLocation l) : QueryBody(kKind, l) {}
  SetOpKind op = SetOpKind::kUnion;
  bool all = false;
  bool by_name = false;
  QueryBodyPtr left;
  QueryBodyPtr right;
};

/// VALUES (a, b), (c, d).
struct ValuesBody : QueryBody {
  static constexpr QueryBodyKind kKind = QueryBodyKind::kValues;
  explicit ValuesBody(SourceLocation l) : QueryBody(kKind, l) {}
  std::vector<std::vector<ExprPtr>> rows;
};

/// A parenthesized query with its own WITH, ORDER BY, LIMIT or OFFSET, used as an operand
/// of a set operation or a query body. Parentheses around a bare body leave no node.
struct NestedQueryBody : QueryBody {
  static constexpr QueryBodyKind kKind = QueryBodyKind::kNested;
  explicit NestedQueryBody(SourceLocation l) : QueryBody(kKind, l) {}
  std::unique_ptr<Query> query;
};

enum class CteMaterialization : uint8_t { kDefault, kMaterialized, kNotMaterialized };
struct CommonTableExpr {
  Identifier name;
  std::vector<Identifier> columns;
  CteMaterialization materialization = CteMaterialization::kDefault;
  std::unique_ptr<Query> query;
};
struct WithClause {
  bool recursive = false;
  std::vector<CommonTableExpr> ctes;
};

/// A full query expression. LIMIT ALL leaves `limit` null; FETCH FIRST n ROWS ONLY is
/// stored as `limit` (printed as LIMIT).
struct Query {
  SourceLocation loc;
  std::unique_ptr<WithClause> with;
  QueryBodyPtr body;
  std::vector<OrderByItem> order_by;
  ExprPtr limit;
  ExprPtr offset;
};

// ---------------------------------------------------------------------------------------
// Statements

// clang-format off
enum class StatementKind : uint8_t {
  kQuery, kCreateTable, kCreateView, kCreateIndex, kDrop, kInsert, kUpdate, kDelete, kSet,
  kReset, kShow, kExplain, kTransaction, kPragma
};
// clang-format on

/// Base of all statements. `begin_offset`/`end_offset` delimit the statement's text in the
/// input (without the terminating ';').
struct Statement {
  Statement(StatementKind k, SourceLocation l) : kind(k), loc(l) {}
  virtual ~Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }

  const StatementKind kind;
  SourceLocation loc;
  uint32_t begin_offset = 0;
  uint32_t end_offset = 0;
};
using StatementPtr = std::unique_ptr<Statement>;

struct QueryStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kQuery;
  explicit QueryStatement(SourceLocation l) : Statement(kKind, l) {}
  std::unique_ptr<Query> query;
};

/// A column of CREATE TABLE. `type` is absent for SQLite-style untyped columns.
struct ColumnDef {
  SourceLocation loc;
  Identifier name;
  std::optional<TypeName> type;
  bool not_null = false;
  bool null = false;  ///< an explicit NULL constraint
  bool primary_key = false;
  bool unique = false;
  ExprPtr default_value;
  ExprPtr check;
  ExprPtr generated;  ///< GENERATED ALWAYS AS (expr) / AS (expr)
  std::optional<Identifier> collation;
  QualifiedName references_table;  ///< REFERENCES t [(cols)]
  std::vector<Identifier> references_columns;
};

enum class ConstraintKind : uint8_t { kPrimaryKey, kUnique, kCheck, kForeignKey };
struct TableConstraint {
  SourceLocation loc;
  ConstraintKind kind = ConstraintKind::kPrimaryKey;
  std::optional<Identifier> name;  ///< CONSTRAINT name
  std::vector<Identifier> columns;
  ExprPtr check;
  QualifiedName references_table;
  std::vector<Identifier> references_columns;
};

/// 'key' = value in TBLPROPERTIES (...) and OPTIONS (...); the key is a string or a dotted
/// name (kept as text), `=` is optional.
struct SqlOption {
  std::string key;
  ExprPtr value;
};

/// CREATE [OR REPLACE] [TEMP] [EXTERNAL] TABLE [IF NOT EXISTS] name [(columns, constraints)]
/// [USING fmt] [STORED AS fmt] [PARTITIONED BY (cols)] [LOCATION 'path']
/// [TBLPROPERTIES (...)] [OPTIONS (...)] [AS query].
struct CreateTableStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateTable;
  explicit CreateTableStatement(SourceLocation l) : Statement(kKind, l) {}
  QualifiedName name;
  bool or_replace = false;
  bool temporary = false;
  bool external = false;
  bool if_not_exists = false;
  std::vector<ColumnDef> columns;
  std::vector<TableConstraint> constraints;
  std::optional<Identifier> using_format;
  std::optional<Identifier> stored_as;
  std::vector<Identifier> partitioned_by;
  std::optional<std::string> location;
  std::vector<SqlOption> properties;  ///< TBLPROPERTIES
  std::vector<SqlOption> options;     ///< OPTIONS
  std::unique_ptr<Query> as_query;
};

/// CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW [IF NOT EXISTS] name [(cols)] AS query.
struct CreateViewStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateView;
  explicit CreateViewStatement(SourceLocation l) : Statement(kKind, l) {}
  QualifiedName name;
  bool or_replace = false;
  bool temporary = false;
  bool recursive = false;  ///< the view's query may refer to the view (WITH RECURSIVE)
  bool if_not_exists = false;
  std::vector<Identifier> columns;
  std::unique_ptr<Query> query;
};

/// CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON table [USING method] (keys) [WHERE ...].
struct CreateIndexStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateIndex;
  explicit CreateIndexStatement(SourceLocation l) : Statement(kKind, l) {}
  bool unique = false;
  bool if_not_exists = false;
  std::optional<Identifier> name;
  QualifiedName table;
  std::optional<Identifier> method;
  std::vector<OrderByItem> keys;
  ExprPtr where;
};

enum class ObjectKind : uint8_t { kTable, kView, kIndex, kSchema };
enum class DropBehavior : uint8_t { kDefault, kCascade, kRestrict };
struct DropStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kDrop;
  explicit DropStatement(SourceLocation l) : Statement(kKind, l) {}
  ObjectKind object = ObjectKind::kTable;
  bool if_exists = false;
  std::vector<QualifiedName> names;
  DropBehavior behavior = DropBehavior::kDefault;
};

/// column = value in UPDATE SET and ON CONFLICT DO UPDATE SET.
struct Assignment {
  Identifier column;
  ExprPtr value;
};

/// ON CONFLICT [(cols)] DO NOTHING | DO UPDATE SET ... [WHERE ...].
struct OnConflictClause {
  std::vector<Identifier> target;
  bool do_update = false;
  std::vector<Assignment> assignments;
  ExprPtr where;
};

/// SQLite's INSERT OR REPLACE / INSERT OR IGNORE (also REPLACE INTO).
enum class InsertOr : uint8_t { kNone, kReplace, kIgnore };

/// INSERT [OR ...] INTO|OVERWRITE [TABLE] name [AS alias] [(cols)] [BY NAME]
/// { query | DEFAULT VALUES } [ON CONFLICT ...] [RETURNING ...]. A VALUES list is a Query
/// whose body is a ValuesBody.
struct InsertStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kInsert;
  explicit InsertStatement(SourceLocation l) : Statement(kKind, l) {}
  QualifiedName table;
  std::optional<Identifier> alias;
  bool overwrite = false;
  InsertOr or_action = InsertOr::kNone;
  bool by_name = false;
  std::vector<Identifier> columns;
  std::unique_ptr<Query> source;  ///< null for DEFAULT VALUES
  std::unique_ptr<OnConflictClause> on_conflict;
  std::vector<SelectItem> returning;
};

struct UpdateStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kUpdate;
  explicit UpdateStatement(SourceLocation l) : Statement(kKind, l) {}
  QualifiedName table;
  std::optional<Identifier> alias;
  std::vector<Assignment> assignments;
  std::vector<TableRefPtr> from;
  ExprPtr where;
  std::vector<SelectItem> returning;
};

struct DeleteStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kDelete;
  explicit DeleteStatement(SourceLocation l) : Statement(kKind, l) {}
  QualifiedName table;
  std::optional<Identifier> alias;
  std::vector<TableRefPtr> using_tables;
  ExprPtr where;
  std::vector<SelectItem> returning;
};

enum class SetScope : uint8_t { kDefault, kSession, kLocal, kGlobal };
/// SET [SESSION|LOCAL|GLOBAL] name = value[, ...] | name TO DEFAULT (SET TIME ZONE x is
/// SET timezone = x). A bare word value such as `on` is a single-part ColumnRefExpr.
struct SetStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kSet;
  explicit SetStatement(SourceLocation l) : Statement(kKind, l) {}
  SetScope scope = SetScope::kDefault;
  QualifiedName name;
  bool to_default = false;
  std::vector<ExprPtr> values;
};

struct ResetStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kReset;
  explicit ResetStatement(SourceLocation l) : Statement(kKind, l) {}
  bool all = false;
  QualifiedName name;
};

/// SHOW name | SHOW ALL | SHOW TABLES | SHOW COLUMNS FROM t (also DESCRIBE t).
enum class ShowKind : uint8_t { kVariable, kAll, kTables, kColumns };
struct ShowStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kShow;
  explicit ShowStatement(SourceLocation l) : Statement(kKind, l) {}
  ShowKind show = ShowKind::kVariable;
  QualifiedName name;  ///< the variable, or the table of SHOW COLUMNS
};

enum class ExplainFormat : uint8_t { kDefault, kText, kIndent, kTree, kJson, kGraphviz };
/// EXPLAIN [ANALYZE] [VERBOSE] [FORMAT f] stmt, or EXPLAIN (ANALYZE, VERBOSE, FORMAT f) stmt.
struct ExplainStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kExplain;
  explicit ExplainStatement(SourceLocation l) : Statement(kKind, l) {}
  bool analyze = false;
  bool verbose = false;
  ExplainFormat format = ExplainFormat::kDefault;
  StatementPtr statement;
};

enum class TransactionKind : uint8_t { kBegin, kCommit, kRollback };
struct TransactionStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kTransaction;
  explicit TransactionStatement(SourceLocation l) : Statement(kKind, l) {}
  TransactionKind action = TransactionKind::kBegin;
};

/// PRAGMA name | PRAGMA name = value | PRAGMA name(args).
struct PragmaStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kPragma;
  explicit PragmaStatement(SourceLocation l) : Statement(kKind, l) {}
  Identifier name;
  bool assign = false;
  std::vector<ExprPtr> args;
};

// ---------------------------------------------------------------------------------------
// Structural equality (source locations are ignored).

bool operator==(const Identifier& a, const Identifier& b);
bool operator==(const TypeName& a, const TypeName& b);
bool operator==(const Expr& a, const Expr& b);
bool operator==(const WindowSpec& a, const WindowSpec& b);
bool operator==(const TableRef& a, const TableRef& b);
bool operator==(const QueryBody& a, const QueryBody& b);
bool operator==(const Query& a, const Query& b);
bool operator==(const Statement& a, const Statement& b);

/// Printable names used by ToSql and in error messages ("<=", "LIKE", "DAY").
std::string_view BinaryOpSql(BinaryOp op);
std::string_view IntervalUnitSql(IntervalUnit unit);

}  // namespace silt::sql
