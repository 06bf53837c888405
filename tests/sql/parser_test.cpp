// SQL front end: precedence, statements, AST details, ToSql round trips, error positions,
// nesting limits, the TPC-H queries and parse speed.
#include "silt/sql/parser/parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "silt/sql/parser/to_sql.h"

namespace silt::sql {
namespace {

namespace fs = std::filesystem;

// Parses one statement, prints it, checks the print parses to an equal tree and prints the
// same again; returns the printed SQL.
std::string Canonical(std::string_view sql) {
  auto statement = ParseStatement(sql);
  EXPECT_TRUE(statement.ok()) << sql << "\n" << statement.status().ToString();
  if (!statement.ok()) return "<error>";
  std::string printed = ToSql(**statement);
  auto again = ParseStatement(printed);
  EXPECT_TRUE(again.ok()) << printed << "\n" << again.status().ToString();
  if (!again.ok()) return "<reparse error>";
  EXPECT_TRUE(**again == **statement) << sql << "\n -> " << printed;
  EXPECT_EQ(ToSql(**again), printed);
  return printed;
}

// Canonical for an expression.
std::string ExprSql(std::string_view sql) {
  auto expr = ParseExpression(sql);
  EXPECT_TRUE(expr.ok()) << sql << "\n" << expr.status().ToString();
  if (!expr.ok()) return "<error>";
  std::string printed = ToSql(**expr);
  auto again = ParseExpression(printed);
  EXPECT_TRUE(again.ok()) << printed << "\n" << again.status().ToString();
  if (!again.ok()) return "<reparse error>";
  EXPECT_TRUE(**again == **expr) << sql << "\n -> " << printed;
  return printed;
}

std::string Error(std::string_view sql) {
  auto statements = ParseStatements(sql);
  EXPECT_FALSE(statements.ok()) << sql;
  if (statements.ok()) return "";
  EXPECT_EQ(statements.status().code(), StatusCode::kParse);
  return statements.status().message();
}

template <typename T>
const T& Only(const Result<StatementPtr>& statement) {
  EXPECT_TRUE(statement.ok()) << statement.status().ToString();
  return (*statement)->As<T>();
}

const SelectBody& SelectOf(const Result<StatementPtr>& statement) {
  return Only<QueryStatement>(statement).query->body->As<SelectBody>();
}

TEST(SqlParser, OperatorPrecedenceFollowsPostgres) {
  EXPECT_EQ(ExprSql("1 + 2 * 3"), "(1 + (2 * 3))");
  EXPECT_EQ(ExprSql("1 - 2 - 3"), "((1 - 2) - 3)");
  EXPECT_EQ(ExprSql("2 ^ 3 ^ 2"), "((2 ^ 3) ^ 2)");
  EXPECT_EQ(ExprSql("-2 ^ 2"), "((- 2) ^ 2)");
  EXPECT_EQ(ExprSql("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(ExprSql("NOT a = b"), "(NOT (a = b))");
  EXPECT_EQ(ExprSql("NOT a AND b"), "((NOT a) AND b)");
  EXPECT_EQ(ExprSql("NOT NOT a"), "(NOT (NOT a))");
  EXPECT_EQ(ExprSql("a = b IS NULL"), "((a = b) IS NULL)");
  EXPECT_EQ(ExprSql("a IS NOT NULL AND b ISNULL"), "((a IS NOT NULL) AND (b IS NULL))");
  EXPECT_EQ(ExprSql("a || b = c"), "((a || b) = c)");
  EXPECT_EQ(ExprSql("a LIKE 'x' || 'y'"), "(a LIKE ('x' || 'y'))");
  EXPECT_EQ(ExprSql("a BETWEEN 1 AND 2 AND c"), "((a BETWEEN 1 AND 2) AND c)");
  EXPECT_EQ(ExprSql("a NOT BETWEEN SYMMETRIC b + 1 AND c"),
            "(a NOT BETWEEN SYMMETRIC (b + 1) AND c)");
  EXPECT_EQ(ExprSql("a NOT IN (1, 2) OR b"), "((a NOT IN (1, 2)) OR b)");
  EXPECT_EQ(ExprSql("a IS NOT DISTINCT FROM b + 1"), "(a IS NOT DISTINCT FROM (b + 1))");
  EXPECT_EQ(ExprSql("a < b = c"), "((a < b) = c)");
  EXPECT_EQ(ExprSql("x::int + 1"), "(CAST(x AS INTEGER) + 1)");
  EXPECT_EQ(ExprSql("- x::int"), "(- CAST(x AS INTEGER))");
  EXPECT_EQ(ExprSql("x[1]::text"), "CAST(x[1] AS VARCHAR)");
  EXPECT_EQ(ExprSql("a + b AT TIME ZONE 'UTC'"), "(a + (b AT TIME ZONE 'UTC'))");
  EXPECT_EQ(ExprSql("a || b COLLATE nocase"), "(a || (b COLLATE nocase))");
  EXPECT_EQ(ExprSql("1 << 2 + 3"), "(1 << (2 + 3))");
  EXPECT_EQ(ExprSql("a & b | c # d"), "(((a & b) | c) # d)");
  EXPECT_EQ(ExprSql("a >> 2"), "(a >> 2)");
  EXPECT_FALSE(ParseExpression("a > > 2").ok());  // two '>' apart are not a shift
  EXPECT_EQ(ExprSql("7 // 2 % 3 * 4 / 5"), "((((7 // 2) % 3) * 4) / 5)");
  EXPECT_EQ(ExprSql("a != b OR a == b"), "((a <> b) OR (a = b))");
  EXPECT_EQ(ExprSql("a ILIKE 'x%' ESCAPE '!'"), "(a ILIKE 'x%' ESCAPE '!')");
  EXPECT_EQ(ExprSql("a NOT SIMILAR TO 'x'"), "(a NOT SIMILAR TO 'x')");
  EXPECT_EQ(ExprSql("a ~ 'x' AND b !~* 'y'"), "((a ~ 'x') AND (b !~* 'y'))");
  EXPECT_EQ(ExprSql("~ a + 1"), "((~ a) + 1)");
  EXPECT_EQ(ExprSql("2 - -1"), "(2 - (- 1))");
  EXPECT_EQ(ExprSql("a = ANY (SELECT b FROM t)"), "(a = ANY (SELECT b FROM t))");
  EXPECT_EQ(ExprSql("a > ALL(x)"), "(a > ALL (x))");
  EXPECT_EQ(ExprSql("a = ANY ((SELECT 1))"), "(a = ANY (SELECT 1))");
  EXPECT_EQ(ExprSql("a = SOME ((SELECT 1) UNION (SELECT 2) ORDER BY 1)"),
            "(a = ANY (SELECT 1 UNION SELECT 2 ORDER BY 1))");
}

TEST(SqlParser, SetOperationPrecedence) {
  EXPECT_EQ(Canonical("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3"),
            "SELECT 1 UNION (SELECT 2 INTERSECT SELECT 3)");
  EXPECT_EQ(Canonical("SELECT 1 EXCEPT SELECT 2 UNION ALL SELECT 3"),
            "(SELECT 1 EXCEPT SELECT 2) UNION ALL SELECT 3");
  EXPECT_EQ(Canonical("(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3"),
            "(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3");
  EXPECT_EQ(Canonical("SELECT 1 UNION DISTINCT SELECT 2 ORDER BY 1 LIMIT 1"),
            "SELECT 1 UNION SELECT 2 ORDER BY 1 LIMIT 1");
  EXPECT_EQ(Canonical("(SELECT 1 LIMIT 1) UNION (SELECT 2) ORDER BY 1"),
            "(SELECT 1 LIMIT 1) UNION SELECT 2 ORDER BY 1");
  EXPECT_EQ(Canonical("((SELECT 1)) UNION BY NAME SELECT 2"), "SELECT 1 UNION BY NAME SELECT 2");
  EXPECT_EQ(Canonical("VALUES (1, 'a'), (2, 'b') EXCEPT ALL VALUES (1, 'a')"),
            "VALUES (1, 'a'), (2, 'b') EXCEPT ALL VALUES (1, 'a')");
  // A parenthesized first operand inside an expression or FROM.
  EXPECT_EQ(Canonical("SELECT ((SELECT 1) UNION (SELECT 2) ORDER BY 1 LIMIT 1)"),
            "SELECT (SELECT 1 UNION SELECT 2 ORDER BY 1 LIMIT 1)");
  EXPECT_EQ(Canonical("SELECT ((SELECT 1) + 1)"), "SELECT ((SELECT 1) + 1)");
  EXPECT_EQ(Canonical("SELECT * FROM ((SELECT 1) EXCEPT (SELECT 2)) foo"),
            "SELECT * FROM (SELECT 1 EXCEPT SELECT 2) AS foo");
  EXPECT_EQ(Canonical("SELECT * FROM ((SELECT 1) AS a JOIN b ON true)"),
            "SELECT * FROM ((SELECT 1) AS a JOIN b ON TRUE)");
  EXPECT_EQ(Canonical("SELECT 1 WHERE 1 IN ((SELECT 1) UNION (SELECT 2))"),
            "SELECT 1 WHERE (1 IN (SELECT 1 UNION SELECT 2))");
  EXPECT_EQ(Canonical("SELECT 1 WHERE 1 IN ((SELECT 1))"), "SELECT 1 WHERE (1 IN (SELECT 1))");
  EXPECT_EQ(Canonical("((WITH c AS (SELECT 1) SELECT 2))"), "WITH c AS (SELECT 1) SELECT 2");
  EXPECT_EQ(Canonical("SELECT 1 >= ALL ((WITH c AS (SELECT 1) SELECT 2) LIMIT ALL)"),
            "SELECT (1 >= ALL (WITH c AS (SELECT 1) SELECT 2))");
  EXPECT_EQ(Canonical("SELECT ((WITH c AS (SELECT 1) SELECT 2) LIMIT ALL)"),
            "SELECT (WITH c AS (SELECT 1) SELECT 2)");
  EXPECT_EQ(Canonical("SELECT 1 WHERE 1 IN ((SELECT 1), 2)"),
            "SELECT 1 WHERE (1 IN ((SELECT 1), 2))");
}

TEST(SqlParser, Literals) {
  EXPECT_EQ(ExprSql("123456789012345678901234567890"), "123456789012345678901234567890");
  EXPECT_EQ(ExprSql("1.50"), "1.50");
  EXPECT_EQ(ExprSql(".5"), ".5");
  EXPECT_EQ(ExprSql("5."), "5.");
  EXPECT_EQ(ExprSql("1.5e-3"), "1.5e-3");
  EXPECT_EQ(ExprSql("'it''s'"), "'it''s'");
  EXPECT_EQ(ExprSql("E'a\\tb\\n\\x41\\u00e9\\''"), "'a\tb\nA\xc3\xa9'''");
  EXPECT_EQ(ExprSql("X'0aFF'"), "X'0aFF'");
  EXPECT_EQ(ExprSql("N'text'"), "'text'");
  EXPECT_EQ(ExprSql("true AND NULL OR false"), "((TRUE AND NULL) OR FALSE)");
  EXPECT_EQ(ExprSql("DATE '2024-01-02'"), "DATE '2024-01-02'");
  EXPECT_EQ(ExprSql("time '12:00:00'"), "TIME '12:00:00'");
  EXPECT_EQ(ExprSql("TIMESTAMP '2024-01-02 03:04:05'"), "TIMESTAMP '2024-01-02 03:04:05'");
  EXPECT_EQ(ExprSql("TIMESTAMPTZ '2024-01-02 03:04:05+00'"),
            "TIMESTAMP WITH TIME ZONE '2024-01-02 03:04:05+00'");
  EXPECT_EQ(ExprSql("timestamp with time zone '2024-01-02'"),
            "TIMESTAMP WITH TIME ZONE '2024-01-02'");
  EXPECT_EQ(ExprSql("DOUBLE PRECISION 'NaN'"), "DOUBLE 'NaN'");
  EXPECT_EQ(ExprSql("INTERVAL '1 day'"), "(INTERVAL '1 day')");
  EXPECT_EQ(ExprSql("interval '90' day"), "(INTERVAL '90' DAY)");
  EXPECT_EQ(ExprSql("INTERVAL '1-2' YEAR TO MONTH"), "(INTERVAL '1-2' YEAR TO MONTH)");
  EXPECT_EQ(ExprSql("INTERVAL 3 DAYS"), "(INTERVAL 3 DAY)");
  EXPECT_EQ(ExprSql("INTERVAL (x + 1) hours"), "(INTERVAL ((x + 1)) HOUR)");
  EXPECT_EQ(ExprSql("[1, 2, [3]]"), "[1, 2, [3]]");
  EXPECT_EQ(ExprSql("ARRAY[]"), "[]");
  EXPECT_EQ(ExprSql("{'a': 1, \"b\": 'x', c: NULL}"), "{'a': 1, 'b': 'x', c: NULL}");
  EXPECT_EQ(ExprSql("(1, 'a')"), "(1, 'a')");
  EXPECT_EQ(ExprSql("ROW(1)"), "ROW(1)");
  EXPECT_EQ(ExprSql("? + $2"), "(? + $2)");

  auto literal = ParseExpression("-9223372036854775808");
  ASSERT_TRUE(literal.ok());
  ASSERT_EQ((*literal)->kind, ExprKind::kUnary);  // the binder folds the sign
  const auto& digits = (*literal)->As<UnaryExpr>().operand->As<LiteralExpr>();
  EXPECT_EQ(digits.literal_kind, LiteralKind::kInteger);
  EXPECT_EQ(digits.text, "9223372036854775808");
  auto escaped = ParseExpression("E'\\u0000'");
  EXPECT_FALSE(escaped.ok());
}

TEST(SqlParser, IdentifiersKeepSpellingAndQuoting) {
  auto statement = ParseStatement("SELECT Foo, \"Bar\", \"a\"\"b\", `c d`, s.Inner.x FROM T1");
  const SelectBody& select = SelectOf(statement);
  ASSERT_EQ(select.items.size(), 5u);
  const auto& foo = select.items[0].expr->As<ColumnRefExpr>().parts[0];
  EXPECT_EQ(foo.name, "Foo");
  EXPECT_FALSE(foo.quoted);
  const auto& bar = select.items[1].expr->As<ColumnRefExpr>().parts[0];
  EXPECT_EQ(bar.name, "Bar");
  EXPECT_TRUE(bar.quoted);
  EXPECT_EQ(select.items[2].expr->As<ColumnRefExpr>().parts[0].name, "a\"b");
  EXPECT_EQ(select.items[3].expr->As<ColumnRefExpr>().parts[0].name, "c d");
  EXPECT_EQ(select.items[4].expr->As<ColumnRefExpr>().parts.size(), 3u);
  EXPECT_EQ(Canonical("SELECT Foo, \"Bar\", \"a\"\"b\", `c d`, s.Inner.x FROM T1"),
            "SELECT Foo, \"Bar\", \"a\"\"b\", \"c d\", s.Inner.x FROM T1");
  // Any word after AS and after '.'; reserved words elsewhere need quotes.
  EXPECT_EQ(Canonical("SELECT t.from AS select, 1 \"order\" FROM t"),
            "SELECT t.from AS select, 1 AS \"order\" FROM t");
  EXPECT_NE(Error("SELECT from FROM t").find("syntax error at or near \"from\""),
            std::string::npos);
  // Unreserved keywords are ordinary names.
  EXPECT_EQ(Canonical("SELECT date, time, timestamp, interval, year, key, value FROM t"),
            "SELECT date, time, timestamp, interval, year, key, value FROM t");
  EXPECT_EQ(Canonical("SELECT left('abc', 2), right('abc', 1)"),
            "SELECT left('abc', 2), right('abc', 1)");
}

TEST(SqlParser, SpecialFunctionForms) {
  EXPECT_EQ(ExprSql("extract(year FROM d)"), "extract(year FROM d)");
  EXPECT_EQ(ExprSql("EXTRACT('epoch' FROM d)"), "EXTRACT(epoch FROM d)");
  EXPECT_EQ(ExprSql("POSITION('a' IN s || 'b')"), "POSITION('a' IN (s || 'b'))");
  EXPECT_EQ(ExprSql("substring(s FROM 1 FOR 2)"), "substring(s FROM 1 FOR 2)");
  EXPECT_EQ(ExprSql("substring(s FOR 2)"), "substring(s FROM 1 FOR 2)");
  EXPECT_EQ(ExprSql("substring(s, 1, 2)"), "substring(s, 1, 2)");
  EXPECT_EQ(ExprSql("TRIM(BOTH 'x' FROM s)"), "TRIM(BOTH 'x' FROM s)");
  EXPECT_EQ(ExprSql("trim(leading FROM s)"), "trim(LEADING FROM s)");
  EXPECT_EQ(ExprSql("trim('x' FROM s)"), "trim(BOTH 'x' FROM s)");
  EXPECT_EQ(ExprSql("trim(s)"), "trim(s)");
  EXPECT_EQ(ExprSql("CURRENT_DATE + 1"), "(CURRENT_DATE + 1)");
  EXPECT_EQ(ExprSql("current_timestamp()"), "current_timestamp()");
  EXPECT_EQ(ExprSql("CAST(a AS DECIMAL(10, 2))"), "CAST(a AS DECIMAL(10, 2))");
  EXPECT_EQ(ExprSql("TRY_CAST(a AS varchar(3)[])"), "TRY_CAST(a AS VARCHAR(3)[])");
  EXPECT_EQ(ExprSql("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END"),
            "CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END");
  EXPECT_EQ(ExprSql("CASE x WHEN 1 THEN 'a' END"), "CASE x WHEN 1 THEN 'a' END");
  EXPECT_EQ(ExprSql("EXISTS (SELECT 1)"), "EXISTS (SELECT 1)");
  EXPECT_EQ(ExprSql("NOT EXISTS (SELECT 1)"), "(NOT EXISTS (SELECT 1))");
  EXPECT_EQ(ExprSql("x['a'][1][2:3][:4][5:]"), "x['a'][1][2:3][:4][5:]");
  EXPECT_EQ(ExprSql("(s).a.b"), "((s).a).b");
  EXPECT_EQ(ExprSql("f(x).field"), "(f(x)).field");
  EXPECT_EQ(ExprSql("a.b.c.d"), "a.b.c.d");
  EXPECT_EQ(ExprSql("x COLLATE \"C\""), "(x COLLATE \"C\")");
}

TEST(SqlParser, AggregateAndWindowCalls) {
  EXPECT_EQ(ExprSql("count(*)"), "count(*)");
  EXPECT_EQ(ExprSql("COUNT(DISTINCT a)"), "COUNT(DISTINCT a)");
  EXPECT_EQ(ExprSql("string_agg(x, ',' ORDER BY y DESC NULLS LAST)"),
            "string_agg(x, ',' ORDER BY y DESC NULLS LAST)");
  EXPECT_EQ(ExprSql("percentile_cont(0.5) WITHIN GROUP (ORDER BY x)"),
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY x)");
  EXPECT_EQ(ExprSql("sum(x) FILTER (WHERE x > 0)"), "sum(x) FILTER (WHERE (x > 0))");
  EXPECT_EQ(ExprSql("lag(x, 1) IGNORE NULLS OVER w"), "lag(x, 1) IGNORE NULLS OVER w");
  EXPECT_EQ(ExprSql("first_value(x IGNORE NULLS) OVER ()"), "first_value(x) IGNORE NULLS OVER ()");
  EXPECT_EQ(ExprSql("row_number() OVER (PARTITION BY a, b ORDER BY c)"),
            "row_number() OVER (PARTITION BY a, b ORDER BY c)");
  EXPECT_EQ(ExprSql("sum(x) OVER (ORDER BY y ROWS 2 PRECEDING)"),
            "sum(x) OVER (ORDER BY y ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(ExprSql("sum(x) OVER (w ORDER BY y RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND "
                    "UNBOUNDED FOLLOWING EXCLUDE TIES)"),
            "sum(x) OVER (w ORDER BY y RANGE BETWEEN (INTERVAL '1' DAY) PRECEDING AND "
            "UNBOUNDED FOLLOWING EXCLUDE TIES)");
  EXPECT_EQ(ExprSql("count(x) OVER (GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING EXCLUDE NO OTHERS)"),
            "count(x) OVER (GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING EXCLUDE NO OTHERS)");
  EXPECT_EQ(ExprSql("delta_scan('p', version => 3, \"timestamp\" := '2024')"),
            "delta_scan('p', version => 3, \"timestamp\" => '2024')");

  auto call = ParseExpression("f(a, name => 2)");
  ASSERT_TRUE(call.ok());
  const auto& function = (*call)->As<FunctionExpr>();
  ASSERT_EQ(function.args.size(), 2u);
  EXPECT_FALSE(function.args[0].name.has_value());
  EXPECT_EQ(function.args[1].name->name, "name");
}

TEST(SqlParser, Types) {
  auto type_sql = [](std::string_view text) {
    auto type = ParseTypeName(text);
    EXPECT_TRUE(type.ok()) << text << ": " << type.status().ToString();
    return type.ok() ? ToSql(*type) : "<error>";
  };
  EXPECT_EQ(type_sql("int"), "INTEGER");
  EXPECT_EQ(type_sql("INT8"), "BIGINT");
  EXPECT_EQ(type_sql("smallint"), "SMALLINT");
  EXPECT_EQ(type_sql("tinyint"), "TINYINT");
  EXPECT_EQ(type_sql("double precision"), "DOUBLE");
  EXPECT_EQ(type_sql("float"), "FLOAT");
  EXPECT_EQ(type_sql("real"), "REAL");
  EXPECT_EQ(type_sql("numeric(15, 2)"), "DECIMAL(15, 2)");
  EXPECT_EQ(type_sql("character varying(10)"), "VARCHAR(10)");
  EXPECT_EQ(type_sql("text"), "VARCHAR");
  EXPECT_EQ(type_sql("string"), "VARCHAR");
  EXPECT_EQ(type_sql("char(3)"), "CHAR(3)");
  EXPECT_EQ(type_sql("bool"), "BOOLEAN");
  EXPECT_EQ(type_sql("bytea"), "BLOB");
  EXPECT_EQ(type_sql("timestamp(3) without time zone"), "TIMESTAMP(3)");
  EXPECT_EQ(type_sql("timestamp with time zone"), "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(type_sql("timestamptz"), "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(type_sql("time with time zone"), "TIME WITH TIME ZONE");
  EXPECT_EQ(type_sql("interval"), "INTERVAL");
  EXPECT_EQ(type_sql("int[][3]"), "INTEGER[][3]");
  EXPECT_EQ(type_sql("list(varchar)"), "VARCHAR[]");
  EXPECT_EQ(type_sql("ARRAY<int>"), "INTEGER[]");
  EXPECT_EQ(type_sql("STRUCT(a INT, \"B\" STRUCT(c DATE))"),
            "STRUCT(a INTEGER, \"B\" STRUCT(c DATE))");
  EXPECT_EQ(type_sql("struct<a: int, b: map<varchar, struct<c int>>>"),
            "STRUCT(a INTEGER, b MAP(VARCHAR, STRUCT(c INTEGER)))");
  EXPECT_EQ(type_sql("MAP(VARCHAR, INT[])"), "MAP(VARCHAR, INTEGER[])");
  EXPECT_EQ(type_sql("signed"), "signed");
  EXPECT_EQ(type_sql("varchar2(10)"), "varchar2(10)");
  auto named = ParseTypeName("MyType");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->kind, TypeKind::kNamed);
  EXPECT_EQ(named->name.name, "MyType");
  EXPECT_FALSE(ParseTypeName("select").ok());
  EXPECT_FALSE(ParseTypeName("decimal(99999999999999999999)").ok());
}

TEST(SqlParser, QueryClauses) {
  EXPECT_EQ(Canonical("select distinct on (a) a, b from t order by a, b desc"),
            "SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b DESC");
  EXPECT_EQ(Canonical("SELECT ALL a x, b AS \"Y\", c AS 'z' FROM t"),
            "SELECT ALL a AS x, b AS \"Y\", c AS \"z\" FROM t");
  EXPECT_EQ(Canonical("SELECT *, t.*, * EXCLUDE (a, b), s.t.* FROM s.t"),
            "SELECT *, t.*, * EXCLUDE (a, b), s.t.* FROM s.t");
  EXPECT_EQ(Canonical("SELECT a, count(*) FROM t WHERE b > 1 GROUP BY a HAVING count(*) > 2 "
                      "QUALIFY row_number() OVER w = 1 WINDOW w AS (ORDER BY a) "),
            "SELECT a, count(*) FROM t WHERE (b > 1) GROUP BY a HAVING (count(*) > 2) "
            "WINDOW w AS (ORDER BY a) QUALIFY (row_number() OVER w = 1)");
  EXPECT_EQ(Canonical("SELECT 1 GROUP BY ALL"), "SELECT 1 GROUP BY ALL");
  EXPECT_EQ(Canonical("SELECT a GROUP BY GROUPING SETS ((a, b), (a), ()), ROLLUP (a, (b, c)), "
                      "CUBE (d), 1"),
            "SELECT a GROUP BY GROUPING SETS ((a, b), a, ()), ROLLUP (a, (b, c)), CUBE (d), 1");
  EXPECT_EQ(Canonical("SELECT 1 LIMIT ALL OFFSET 2 ROWS"), "SELECT 1 OFFSET 2");
  EXPECT_EQ(Canonical("SELECT 1 OFFSET 2 LIMIT 3"), "SELECT 1 LIMIT 3 OFFSET 2");
  EXPECT_EQ(Canonical("SELECT 1 FETCH FIRST 5 ROWS ONLY"), "SELECT 1 LIMIT 5");
  EXPECT_EQ(Canonical("SELECT 1 FETCH NEXT ROW ONLY"), "SELECT 1 LIMIT 1");
  EXPECT_EQ(Canonical("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
                      "WHERE n < 10), s AS MATERIALIZED (SELECT 2) SELECT * FROM r, s"),
            "WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT (n + 1) FROM r WHERE (n < 10)), "
            "s AS MATERIALIZED (SELECT 2) SELECT * FROM r, s");
  EXPECT_EQ(Canonical("VALUES (1, 2), (3, 4) ORDER BY 1"), "VALUES (1, 2), (3, 4) ORDER BY 1");
  EXPECT_EQ(Canonical("SELECT ((1))"), "SELECT 1");
  EXPECT_EQ(Canonical("(((SELECT 1)))"), "SELECT 1");
}

TEST(SqlParser, FromClause) {
  EXPECT_EQ(Canonical("SELECT * FROM a.b.c t (x, y), d AS e"),
            "SELECT * FROM a.b.c AS t (x, y), d AS e");
  EXPECT_EQ(Canonical("SELECT * FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (y) "
                      "CROSS JOIN d NATURAL FULL JOIN e"),
            "SELECT * FROM ((((a JOIN b ON (a.x = b.x)) LEFT JOIN c USING (y)) CROSS JOIN d) "
            "NATURAL FULL JOIN e)");
  EXPECT_EQ(Canonical("SELECT * FROM a INNER JOIN (b RIGHT JOIN c ON TRUE) j ON 1 = 1"),
            "SELECT * FROM (a JOIN (b RIGHT JOIN c ON TRUE) AS j ON (1 = 1))");
  EXPECT_EQ(Canonical("SELECT * FROM a SEMI JOIN b USING (k) ANTI JOIN c USING (k)"),
            "SELECT * FROM ((a SEMI JOIN b USING (k)) ANTI JOIN c USING (k))");
  EXPECT_EQ(Canonical("SELECT * FROM (SELECT 1) s, LATERAL (SELECT s.x) l, (VALUES (1)) v (a)"),
            "SELECT * FROM (SELECT 1) AS s, LATERAL (SELECT s.x) AS l, (VALUES (1)) AS v (a)");
  EXPECT_EQ(Canonical("SELECT * FROM read_parquet('x/*.parquet') p"),
            "SELECT * FROM read_parquet('x/*.parquet') AS p");
  EXPECT_EQ(Canonical("SELECT * FROM delta_scan('p', version => 3)"),
            "SELECT * FROM delta_scan('p', version => 3)");
  EXPECT_EQ(Canonical("SELECT * FROM delta_scan('p', timestamp => '2024-01-01') d"),
            "SELECT * FROM delta_scan('p', timestamp => '2024-01-01') AS d");
  EXPECT_EQ(Canonical("SELECT * FROM table_changes('p', 1, 3)"),
            "SELECT * FROM table_changes('p', 1, 3)");
  EXPECT_EQ(Canonical("SELECT * FROM t VERSION AS OF 5 AS x"),
            "SELECT * FROM t VERSION AS OF 5 AS x");
  EXPECT_EQ(Canonical("SELECT * FROM t TIMESTAMP AS OF '2024-01-01 00:00:00' x"),
            "SELECT * FROM t TIMESTAMP AS OF '2024-01-01 00:00:00' AS x");
  EXPECT_EQ(Canonical("SELECT * FROM t FOR SYSTEM_TIME AS OF '2024-01-01'"),
            "SELECT * FROM t TIMESTAMP AS OF '2024-01-01'");

  auto statement = ParseStatement("SELECT * FROM t VERSION AS OF 5");
  const auto& table = SelectOf(statement).from[0]->As<BaseTableRef>();
  EXPECT_EQ(table.time_travel, TimeTravelKind::kVersion);
  EXPECT_EQ(table.time_travel_value->As<LiteralExpr>().text, "5");
  EXPECT_FALSE(table.alias.has_value());
}

TEST(SqlParser, Statements) {
  EXPECT_EQ(Canonical("CREATE TABLE IF NOT EXISTS s.t (a INT NOT NULL PRIMARY KEY, b VARCHAR(10) "
                      "DEFAULT 'x', c, d DECIMAL(15,2) CHECK (d > 0), UNIQUE (b, c), "
                      "CONSTRAINT pk PRIMARY KEY (a))"),
            "CREATE TABLE IF NOT EXISTS s.t (a INTEGER NOT NULL PRIMARY KEY, b VARCHAR(10) "
            "DEFAULT 'x', c, d DECIMAL(15, 2) CHECK ((d > 0)), UNIQUE (b, c), "
            "CONSTRAINT pk PRIMARY KEY (a))");
  EXPECT_EQ(Canonical("CREATE OR REPLACE TEMP TABLE t AS SELECT 1 AS a"),
            "CREATE OR REPLACE TEMPORARY TABLE t AS SELECT 1 AS a");
  EXPECT_EQ(Canonical("create table t as (select 1)"), "CREATE TABLE t AS SELECT 1");
  EXPECT_EQ(Canonical("CREATE TABLE t (a INT, p DATE) USING DELTA PARTITIONED BY (p) "
                      "LOCATION '/data/t' TBLPROPERTIES ('delta.appendOnly'='true')"),
            "CREATE TABLE t (a INTEGER, p DATE) USING DELTA PARTITIONED BY (p) "
            "LOCATION '/data/t' TBLPROPERTIES ('delta.appendOnly' = 'true')");
  EXPECT_EQ(Canonical("CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION 'x.parquet' "
                      "OPTIONS (format.has_header 'true', 'delimiter' = ',')"),
            "CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION 'x.parquet' "
            "OPTIONS ('format.has_header' = 'true', 'delimiter' = ',')");
  EXPECT_EQ(Canonical("CREATE OR REPLACE VIEW v (a, b) AS SELECT 1, 2"),
            "CREATE OR REPLACE VIEW v (a, b) AS SELECT 1, 2");
  EXPECT_EQ(Canonical("CREATE UNIQUE INDEX IF NOT EXISTS i ON t (a DESC, b)"),
            "CREATE UNIQUE INDEX IF NOT EXISTS i ON t (a DESC, b)");
  EXPECT_EQ(Canonical("DROP TABLE IF EXISTS a, s.b CASCADE"),
            "DROP TABLE IF EXISTS a, s.b CASCADE");
  EXPECT_EQ(Canonical("drop view v"), "DROP VIEW v");
  EXPECT_EQ(Canonical("DROP INDEX i"), "DROP INDEX i");
  EXPECT_EQ(Canonical("INSERT INTO t (a, b) VALUES (1, DEFAULT), (2, 'x')"),
            "INSERT INTO t (a, b) VALUES (1, DEFAULT), (2, 'x')");
  EXPECT_EQ(Canonical("INSERT INTO t SELECT * FROM u"), "INSERT INTO t SELECT * FROM u");
  EXPECT_EQ(Canonical("INSERT INTO t (SELECT 1)"), "INSERT INTO t SELECT 1");
  EXPECT_EQ(Canonical("INSERT OR REPLACE INTO t VALUES (1)"),
            "INSERT OR REPLACE INTO t VALUES (1)");
  EXPECT_EQ(Canonical("INSERT OVERWRITE t SELECT 1"), "INSERT OVERWRITE t SELECT 1");
  EXPECT_EQ(Canonical("INSERT INTO t DEFAULT VALUES"), "INSERT INTO t DEFAULT VALUES");
  EXPECT_EQ(Canonical("INSERT INTO t VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 2 WHERE c "
                      "RETURNING *"),
            "INSERT INTO t VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 2 WHERE c RETURNING *");
  EXPECT_EQ(Canonical("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING"),
            "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING");
  EXPECT_EQ(Canonical("UPDATE t x SET a = a + 1, b = DEFAULT FROM u WHERE x.k = u.k"),
            "UPDATE t AS x SET a = (a + 1), b = DEFAULT FROM u WHERE (x.k = u.k)");
  EXPECT_EQ(Canonical("UPDATE t SET a = 1"), "UPDATE t SET a = 1");
  EXPECT_EQ(Canonical("DELETE FROM t WHERE a IS NULL"), "DELETE FROM t WHERE (a IS NULL)");
  EXPECT_EQ(Canonical("DELETE FROM t"), "DELETE FROM t");
  EXPECT_EQ(Canonical("SET optimizer.max_passes = 3"), "SET optimizer.max_passes = 3");
  EXPECT_EQ(Canonical("SET SESSION timezone TO 'UTC'"), "SET SESSION timezone = 'UTC'");
  EXPECT_EQ(Canonical("SET TIME ZONE 'Europe/Paris'"), "SET timezone = 'Europe/Paris'");
  EXPECT_EQ(Canonical("SET enable_x = on"), "SET enable_x = on");
  EXPECT_EQ(Canonical("SET local = 1"), "SET local = 1");
  EXPECT_EQ(Canonical("SET search_path TO a, b"), "SET search_path = a, b");
  EXPECT_EQ(Canonical("SET x TO DEFAULT"), "SET x TO DEFAULT");
  EXPECT_EQ(Canonical("RESET ALL"), "RESET ALL");
  EXPECT_EQ(Canonical("reset execution.batch_size"), "RESET execution.batch_size");
  EXPECT_EQ(Canonical("SHOW ALL"), "SHOW ALL");
  EXPECT_EQ(Canonical("show tables"), "SHOW TABLES");
  EXPECT_EQ(Canonical("SHOW COLUMNS FROM s.t"), "SHOW COLUMNS FROM s.t");
  EXPECT_EQ(Canonical("DESCRIBE t"), "SHOW COLUMNS FROM t");
  EXPECT_EQ(Canonical("SHOW runtime.memory_limit"), "SHOW runtime.memory_limit");
  EXPECT_EQ(Canonical("EXPLAIN SELECT 1"), "EXPLAIN SELECT 1");
  EXPECT_EQ(Canonical("EXPLAIN ANALYZE VERBOSE FORMAT TREE SELECT 1"),
            "EXPLAIN ANALYZE VERBOSE FORMAT TREE SELECT 1");
  EXPECT_EQ(Canonical("EXPLAIN (FORMAT JSON, ANALYZE, VERBOSE false) SELECT 1"),
            "EXPLAIN ANALYZE FORMAT JSON SELECT 1");
  EXPECT_EQ(Canonical("EXPLAIN (SELECT 1)"), "EXPLAIN SELECT 1");
  EXPECT_EQ(Canonical("BEGIN TRANSACTION"), "BEGIN");
  EXPECT_EQ(Canonical("START TRANSACTION"), "BEGIN");
  EXPECT_EQ(Canonical("commit"), "COMMIT");
  EXPECT_EQ(Canonical("END"), "COMMIT");
  EXPECT_EQ(Canonical("ROLLBACK WORK"), "ROLLBACK");
  EXPECT_EQ(Canonical("PRAGMA threads = 4"), "PRAGMA threads = 4");
  EXPECT_EQ(Canonical("PRAGMA table_info('t')"), "PRAGMA table_info('t')");
}

TEST(SqlParser, DialectExtensions) {
  // DuckDB: FROM-first, TABLE t, star modifiers, trailing commas, FILTER without WHERE.
  EXPECT_EQ(Canonical("FROM t"), "SELECT * FROM t");
  EXPECT_EQ(Canonical("FROM t SELECT a WHERE b"), "SELECT a FROM t WHERE b");
  EXPECT_EQ(Canonical("CREATE TABLE x AS FROM (VALUES (1)) v(a)"),
            "CREATE TABLE x AS SELECT * FROM (VALUES (1)) AS v (a)");
  EXPECT_EQ(Canonical("SELECT * FROM VALUES (1, 'a'), (2, 'b') v(i, s)"),
            "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v (i, s)");
  EXPECT_EQ(Canonical("SELECT * FROM s EXCEPT TABLE t"), "SELECT * FROM s EXCEPT SELECT * FROM t");
  EXPECT_EQ(Canonical("SELECT * REPLACE (i + 1 AS i) RENAME (t.j AS k) EXCLUDE x FROM t"),
            "SELECT * EXCLUDE (x) REPLACE ((i + 1) AS i) RENAME (t.j AS k) FROM t");
  EXPECT_EQ(Canonical("SELECT a, b, FROM t"), "SELECT a, b FROM t");
  EXPECT_EQ(Canonical("INSERT INTO t VALUES (1), (2),"), "INSERT INTO t VALUES (1), (2)");
  EXPECT_EQ(Canonical("SELECT sum(x) FILTER (x > 1) FROM t"),
            "SELECT sum(x) FILTER (WHERE (x > 1)) FROM t");
  EXPECT_EQ(Canonical("CREATE RECURSIVE VIEW v (n) AS VALUES (1)"),
            "CREATE RECURSIVE VIEW v (n) AS VALUES (1)");
  // MySQL's DIV is integer division when an operand follows, else a name.
  EXPECT_EQ(Canonical("SELECT 7 DIV - 2, x div FROM t"), "SELECT (7 // (- 2)), x AS div FROM t");
  // SQLite: x NOT NULL, index hints (accepted and dropped).
  EXPECT_EQ(Canonical("SELECT x FROM t1 WHERE x NOT NULL"),
            "SELECT x FROM t1 WHERE (x IS NOT NULL)");
  EXPECT_EQ(Canonical("SELECT x FROM t1 AS a NOT INDEXED, t2 INDEXED BY i"),
            "SELECT x FROM t1 AS a, t2");
  // SET keeps a lone keyword value as a word, and parses anything else as an expression.
  EXPECT_EQ(Canonical("SET x = CASE WHEN TRUE THEN 1 END"), "SET x = CASE WHEN TRUE THEN 1 END");
  EXPECT_EQ(Canonical("SET x = NULL"), "SET x = NULL");
  // VALUES is reserved: (VALUES ...) always opens a query.
  EXPECT_FALSE(ParseStatement("SELECT values FROM t").ok());
  EXPECT_EQ(Canonical("SELECT \"values\" FROM t"), "SELECT \"values\" FROM t");
}

TEST(SqlParser, StatementListsRecordSpans) {
  std::string sql = ";; SELECT 1;\n  INSERT INTO t VALUES (2) ;SELECT 3;";
  auto statements = ParseStatements(sql);
  ASSERT_TRUE(statements.ok()) << statements.status().ToString();
  ASSERT_EQ(statements->size(), 3u);
  auto span = [&](size_t i) {
    const Statement& s = *(*statements)[i];
    return sql.substr(s.begin_offset, s.end_offset - s.begin_offset);
  };
  EXPECT_EQ(span(0), "SELECT 1");
  EXPECT_EQ(span(1), "INSERT INTO t VALUES (2)");
  EXPECT_EQ(span(2), "SELECT 3");
  EXPECT_EQ((*statements)[1]->loc.line, 2u);
  EXPECT_EQ((*statements)[1]->loc.column, 3u);
  EXPECT_EQ((*statements)[1]->kind, StatementKind::kInsert);
  EXPECT_TRUE(ParseStatements("").ok());
  EXPECT_TRUE(ParseStatements(" -- only a comment\n /* and /* nested */ one */ ;").ok());
  EXPECT_FALSE(ParseStatement("SELECT 1; SELECT 2").ok());
  EXPECT_FALSE(ParseStatement("").ok());
}

TEST(SqlParser, NodesRecordSourceLocations) {
  auto statement = ParseStatement("SELECT a,\n  b + c\nFROM t");
  const SelectBody& select = SelectOf(statement);
  const Expr& sum = *select.items[1].expr;
  EXPECT_EQ(sum.loc.line, 2u);
  EXPECT_EQ(sum.loc.column, 5u);  // the operator
  const Expr& b = *sum.As<BinaryExpr>().left;
  EXPECT_EQ(b.loc.line, 2u);
  EXPECT_EQ(b.loc.column, 3u);
  EXPECT_EQ(select.from[0]->loc.line, 3u);
  EXPECT_EQ(select.from[0]->loc.column, 6u);
  // Columns count characters, not bytes.
  auto unicode = ParseStatement("SELECT 'é', x FROM t");
  EXPECT_EQ(SelectOf(unicode).items[1].expr->loc.column, 13u);
}

struct ErrorCase {
  std::string sql;
  std::string message;  // substring of the first line
  int line;
  int column;
};

TEST(SqlParser, ErrorsPointAtTheOffendingToken) {
  std::vector<ErrorCase> cases = {
      {"SELEC 1", "syntax error at or near \"SELEC\"", 1, 1},
      {"SELECT 1 +", "syntax error at end of input", 1, 11},
      {"SELECT * FROM t WHERE", "syntax error at end of input", 1, 22},
      {"SELECT (1", "expected ')'", 1, 10},
      {"SELECT 'abc", "unterminated quoted string", 1, 8},
      {"SELECT \"\" FROM t", "zero-length delimited identifier", 1, 8},
      {"SELECT 1abc", "trailing junk after numeric literal", 1, 8},
      {"SELECT a FROM t\nWHERE b = = 1", "syntax error at or near \"=\"", 2, 11},
      {"SELECT CAST(1 AS ) ", "expected a type name", 1, 18},
      {"SELECT 1 /* unterminated", "unterminated /* comment", 1, 10},
      {"INSERT INTO t VALUES (1, 2", "expected ')'", 1, 27},
      {"CREATE TABLE t (a INT,)", "syntax error at or near \")\"", 1, 23},
      {"SELECT 1 FROM t GROUP x", "expected BY", 1, 23},
      {"SELECT 1 FROM t t2 t3", "syntax error at or near \"t3\"", 1, 20},
      {"SELECT 'é' + é é é", "syntax error at or near \"é\"", 1, 18},
      {"SELECT a @ b", "unexpected character '@'", 1, 10},
      {"select x from t where a in 1", "expected '('", 1, 28},
      {"\n\n   DROP THING x", "expected TABLE, VIEW, INDEX or SCHEMA", 3, 9},
  };
  for (const ErrorCase& c : cases) {
    std::string message = Error(c.sql);
    std::string first_line = message.substr(0, message.find('\n'));
    EXPECT_NE(first_line.find(c.message), std::string::npos) << c.sql << "\n" << message;
    std::string position =
        "(line " + std::to_string(c.line) + ", column " + std::to_string(c.column) + ")";
    EXPECT_NE(first_line.find(position), std::string::npos) << c.sql << "\n" << message;
    // The context lines show the source line and a caret under the column.
    std::istringstream lines(message);
    std::string header, source, caret;
    std::getline(lines, header);
    std::getline(lines, source);
    std::getline(lines, caret);
    std::string prefix = "LINE " + std::to_string(c.line) + ": ";
    EXPECT_EQ(source.rfind(prefix, 0), 0u) << message;
    EXPECT_EQ(caret, std::string(prefix.size() + c.column - 1, ' ') + "^") << message;
  }
  EXPECT_EQ(Error("SELEC 1"),
            "syntax error at or near \"SELEC\" (line 1, column 1)\nLINE 1: SELEC 1\n        ^");
}

TEST(SqlParser, LongLinesAreCutAroundTheError) {
  std::string sql = "SELECT " + std::string(500, 'a') + " + + FROM t";
  std::string message = Error(sql);
  std::istringstream lines(message);
  std::string header, source, caret;
  std::getline(lines, header);
  std::getline(lines, source);
  std::getline(lines, caret);
  EXPECT_LT(source.size(), 140u);
  EXPECT_EQ(caret.find('^'), source.find(" FROM") + 1) << message;
}

TEST(SqlParser, NestingLimitIsAParseError) {
  auto expect_too_deep = [](const std::string& sql) {
    auto result = ParseStatements(sql);
    ASSERT_FALSE(result.ok()) << sql.substr(0, 80);
    EXPECT_NE(result.status().message().find("nesting too deep"), std::string::npos)
        << result.status().message().substr(0, 200);
  };
  const int kDeep = 100000;
  expect_too_deep("SELECT " + std::string(kDeep, '(') + "1" + std::string(kDeep, ')'));
  std::string chain = "SELECT 1";
  for (int i = 0; i < kDeep; ++i) chain += " + 1";
  expect_too_deep(chain);
  std::string nots = "SELECT ";
  for (int i = 0; i < kDeep; ++i) nots += "NOT ";
  expect_too_deep(nots + "TRUE");
  std::string minus = "SELECT ";
  for (int i = 0; i < kDeep; ++i) minus += "- ";
  expect_too_deep(minus + "1");
  std::string subqueries;
  for (int i = 0; i < 1000; ++i) subqueries += "SELECT * FROM (";
  subqueries += "SELECT 1";
  for (int i = 0; i < 1000; ++i) subqueries += ")";
  expect_too_deep(subqueries);
  std::string unions = "SELECT 1";
  for (int i = 0; i < kDeep; ++i) unions += " UNION SELECT 1";
  expect_too_deep(unions);
  std::string joins = "SELECT * FROM t";
  for (int i = 0; i < kDeep; ++i) joins += " JOIN t ON true";
  expect_too_deep(joins);
  expect_too_deep("SELECT " + std::string(kDeep, '[') + std::string(kDeep, ']'));
  std::string subscripts = "SELECT x";
  for (int i = 0; i < kDeep; ++i) subscripts += "[1]";
  expect_too_deep(subscripts);
  std::string casts = "SELECT x";
  for (int i = 0; i < kDeep; ++i) casts += "::int";
  expect_too_deep(casts);
  std::string arrays = "SELECT CAST(x AS INT";
  for (int i = 0; i < kDeep; ++i) arrays += "[]";
  expect_too_deep(arrays + ")");
  std::string cases;
  for (int i = 0; i < kDeep; ++i) cases += "CASE WHEN ";
  expect_too_deep("SELECT " + cases);
  std::string explains;
  for (int i = 0; i < kDeep; ++i) explains += "EXPLAIN ";
  expect_too_deep(explains + "SELECT 1");

  // Below the limit nesting works, and the printed form re-parses within twice the depth.
  std::string ok = "SELECT " + std::string(200, '(') + "1" + std::string(200, ')');
  EXPECT_TRUE(ParseStatement(ok).ok());
  std::string sum = "SELECT 1";
  for (int i = 0; i < 200; ++i) sum += " + 1";
  auto parsed = ParseStatement(sum);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ParseOptions twice;
  twice.max_depth = 2 * ParseOptions().max_depth;
  EXPECT_TRUE(ParseStatement(ToSql(**parsed), twice).ok());
  ParseOptions shallow;
  shallow.max_depth = 5;
  EXPECT_FALSE(ParseStatement("SELECT ((((((1))))))", shallow).ok());
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

fs::path TpchQueries() {
  return fs::path(SILT_SOURCE_DIR) / "../shared/testdata/tpch/queries";
}

TEST(SqlParser, AllTpchQueriesParseAndRoundTrip) {
  if (!fs::exists(TpchQueries())) GTEST_SKIP() << "TPC-H queries not found under " << TpchQueries();
  for (int q = 1; q <= 22; ++q) {
    char name[32];  // room for any int: GCC checks the worst case
    std::snprintf(name, sizeof(name), "q%02d.sql", q);
    std::string sql = ReadFile(TpchQueries() / name);
    ASSERT_FALSE(sql.empty()) << name;
    auto statement = ParseStatement(sql);
    ASSERT_TRUE(statement.ok()) << name << ": " << statement.status().ToString();
    EXPECT_EQ((*statement)->kind, StatementKind::kQuery) << name;
    Canonical(sql);
  }
  auto q1 = ParseStatement(ReadFile(TpchQueries() / "q01.sql"));
  ASSERT_TRUE(q1.ok());
  const SelectBody& select = SelectOf(q1);
  EXPECT_EQ(select.items.size(), 10u);
  EXPECT_EQ(select.items[9].alias->name, "count_order");
  EXPECT_TRUE(select.items[9].expr->As<FunctionExpr>().star);
  EXPECT_EQ(select.group_by->items.size(), 2u);
  const auto& where = select.where->As<BinaryExpr>();
  EXPECT_EQ(where.op, BinaryOp::kLtEq);
  const auto& date_minus = where.right->As<BinaryExpr>();
  EXPECT_EQ(date_minus.op, BinaryOp::kSubtract);
  EXPECT_EQ(date_minus.left->As<TypedLiteralExpr>().type.kind, TypeKind::kDate);
  EXPECT_EQ(date_minus.right->As<IntervalExpr>().unit, IntervalUnit::kDay);
}

}  // namespace
}  // namespace silt::sql
