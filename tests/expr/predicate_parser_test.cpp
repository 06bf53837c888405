#include <gtest/gtest.h>

#include "silt/common/temporal.h"
#include "silt/expr/predicate_parser.h"

namespace silt {
namespace {

ExprPtr Parse(std::string_view text) {
  auto r = ParsePredicate(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : Expr::Literal(Scalar());
}

std::string ParseError(std::string_view text) {
  auto r = ParsePredicate(text);
  EXPECT_FALSE(r.ok()) << text;
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kParse) << text;
  return r.status().message();
}

// ToString of the parse, and a check that it reads back into an equal tree.
std::string Canonical(std::string_view text) {
  ExprPtr e = Parse(text);
  std::string printed = e->ToString();
  ExprPtr again = Parse(printed);
  EXPECT_TRUE(again->Equals(*e)) << text << " -> " << printed << " -> " << again->ToString();
  return printed;
}

TEST(PredicateParser, RoundTripsToCanonicalText) {
  EXPECT_EQ(Canonical("a = 1"), "a = 1");
  EXPECT_EQ(Canonical("a<>1"), "a != 1");
  EXPECT_EQ(Canonical("  a>=-2 and b<1.5  "), "a >= -2 AND b < 1.5");
  EXPECT_EQ(Canonical("\"my col\" = 'it''s'"), "\"my col\" = 'it''s'");
  EXPECT_EQ(Canonical("\"a\"\"b\" IS NULL"), "\"a\"\"b\" IS NULL");
  EXPECT_EQ(Canonical("s.inner.x is not null"), "s.inner.x IS NOT NULL");
  EXPECT_EQ(Canonical("\"s.x\" = 1"), "\"s.x\" = 1");
  EXPECT_EQ(Canonical("x in (1, 2, NULL)"), "x IN (1, 2, NULL)");
  EXPECT_EQ(Canonical("x NOT IN ('a', 'b')"), "x NOT IN ('a', 'b')");
  EXPECT_EQ(Canonical("NOT x IN (1)"), "x NOT IN (1)");
  EXPECT_EQ(Canonical("not (a = 1)"), "NOT (a = 1)");
  EXPECT_EQ(Canonical("NOT NOT flag"), "NOT (NOT flag)");
  EXPECT_EQ(Canonical("a = 1 OR b = 2 AND c = 3"), "a = 1 OR b = 2 AND c = 3");
  EXPECT_EQ(Canonical("(a = 1 OR b = 2) AND c = 3"), "(a = 1 OR b = 2) AND c = 3");
  EXPECT_EQ(Canonical("a = 1 AND (b = 2 AND c = 3)"), "a = 1 AND (b = 2 AND c = 3)");
  EXPECT_EQ(Canonical("5 < x"), "5 < x");
  EXPECT_EQ(Canonical("a = b"), "a = b");
  EXPECT_EQ(Canonical("f > 1e3"), "f > 1000e0");
  EXPECT_EQ(Canonical("f != double 'nan'"), "f != DOUBLE 'NaN'");
  EXPECT_EQ(Canonical("d >= date '2024-01-01'"), "d >= DATE '2024-01-01'");
  EXPECT_EQ(Canonical("date = DATE '2024-01-01'"), "date = DATE '2024-01-01'");
  EXPECT_EQ(Canonical("t < TIMESTAMP '2024-01-01 00:00:00'"),
            "t < TIMESTAMP '2024-01-01 00:00:00'");
  EXPECT_EQ(Canonical("t < TIMESTAMP '2024-01-01T12:00:00+02:00'"),
            "t < TIMESTAMP '2024-01-01 10:00:00Z'");
  EXPECT_EQ(Canonical("t = TIMESTAMP '2024-01-01 00:00:00.123456789'"),
            "t = TIMESTAMP '2024-01-01 00:00:00.123456789'");
  EXPECT_EQ(Canonical("tm = TIME '12:30:00'"), "tm = TIME '12:30:00'");
  EXPECT_EQ(Canonical("b = X'00FF'"), "b = X'00ff'");
  EXPECT_EQ(Canonical("ok = TRUE or ok is null"), "ok = true OR ok IS NULL");
  EXPECT_EQ(Canonical("x = .5"), "x = 0.5");
  EXPECT_EQ(Canonical("\"and\" = 1"), "\"and\" = 1");
  EXPECT_EQ(Canonical("Straße = 'x'"), "\"Straße\" = 'x'");
}

TEST(PredicateParser, TreeShapeAndLiteralTypes) {
  ExprPtr e = Parse("a = 1 OR b.c IS NULL AND NOT x IN (DATE '2024-01-01')");
  ASSERT_EQ(e->kind(), ExprKind::kOr);
  ASSERT_EQ(e->children().size(), 2u);
  const Expr& cmp = *e->children()[0];
  EXPECT_EQ(cmp.kind(), ExprKind::kCompare);
  EXPECT_EQ(cmp.compare_op(), CompareOp::kEq);
  EXPECT_EQ(cmp.children()[0]->path(), std::vector<std::string>{"a"});
  EXPECT_TRUE(cmp.children()[1]->literal().Equals(Scalar::Int(1)));
  const Expr& conj = *e->children()[1];
  ASSERT_EQ(conj.kind(), ExprKind::kAnd);
  EXPECT_EQ(conj.children()[0]->kind(), ExprKind::kIsNull);
  EXPECT_EQ(conj.children()[0]->children()[0]->path(), (std::vector<std::string>{"b", "c"}));
  const Expr& neg = *conj.children()[1];
  ASSERT_EQ(neg.kind(), ExprKind::kNot);
  ASSERT_EQ(neg.children()[0]->kind(), ExprKind::kIn);
  EXPECT_TRUE(neg.children()[0]->in_list()[0].Equals(
      Scalar::Date(static_cast<int32_t>(DaysFromCivil(2024, 1, 1)))));

  auto literal_of = [](std::string_view text) {
    ExprPtr p = Parse(text);
    return p->children()[1]->literal();
  };
  EXPECT_TRUE(literal_of("x = 1.50").Equals(Scalar::Decimal(150, 3, 2)));
  EXPECT_TRUE(literal_of("x = -2").Equals(Scalar::Int(-2)));
  EXPECT_TRUE(literal_of("x = - 2.5").Equals(Scalar::Decimal(-25, 2, 1)));
  EXPECT_TRUE(literal_of("x = 2E-1").Equals(Scalar::Float(0.2)));
  EXPECT_TRUE(literal_of("x = 123456789012345678901").type()->Equals(*decimal128(21, 0)));
  EXPECT_TRUE(literal_of("x = null").is_null());
  EXPECT_TRUE(literal_of("x = FaLsE").Equals(Scalar::Bool(false)));
  Scalar ts = literal_of("x = TIMESTAMP '2024-01-01 00:00:00'");
  EXPECT_TRUE(ts.type()->Equals(*timestamp(TimeUnit::kMicro)));
  Scalar tsz = literal_of("x = TIMESTAMP '2024-01-01 00:00:00Z'");
  EXPECT_TRUE(tsz.type()->Equals(*timestamp(TimeUnit::kMicro, "UTC")));
  Scalar tstz = literal_of("x = TIMESTAMPTZ '2024-01-01 00:00:00'");
  EXPECT_EQ(tstz.type()->timezone(), "UTC");
  ExprPtr bare = Parse("flag");
  EXPECT_TRUE(bare->is_column());
}

TEST(PredicateParser, ErrorsCarryColumns) {
  EXPECT_EQ(ParseError("a = "), "at column 5: expected a column name or literal, found end of input");
  EXPECT_EQ(ParseError("a = 'abc"), "at column 5: unterminated string literal");
  EXPECT_EQ(ParseError("a == 1"), "at column 3: unknown operator '=='");
  EXPECT_EQ(ParseError("a = 1 b"), "at column 7: expected AND, OR or end of predicate, found 'b'");
  EXPECT_EQ(ParseError("x IN (1, )"), "at column 10: expected a literal, found ')'");
  EXPECT_EQ(ParseError("x IN 1"), "at column 6: expected '(' after IN, found '1'");
  EXPECT_EQ(ParseError("x IN (a)"), "at column 7: expected a literal, found 'a'");
  EXPECT_EQ(ParseError("x IS 1"), "at column 6: expected NULL or NOT NULL, found '1'");
  EXPECT_EQ(ParseError("x NOT 1"), "at column 7: expected IN after NOT, found '1'");
  EXPECT_EQ(ParseError("(a = 1"), "at column 7: expected ')', found end of input");
  EXPECT_EQ(ParseError("a = 1 AND"), "at column 10: expected a column name or literal, found end of input");
  EXPECT_EQ(ParseError("a = 1 ; drop"), "at column 7: unexpected character ';'");
  EXPECT_EQ(ParseError("d = DATE '2024-02-30'"),
            "at column 10: invalid date '2024-02-30': expected YYYY-MM-DD");
  EXPECT_EQ(ParseError("x = 12abc"), "at column 5: malformed number");
  EXPECT_EQ(ParseError("x = 1e"), "at column 6: malformed exponent in number");
  EXPECT_EQ(ParseError("\"\" = 1"), "at column 1: empty quoted identifier");
  EXPECT_EQ(ParseError("\"abc = 1"), "at column 1: unterminated quoted identifier");
  EXPECT_EQ(ParseError("   "), "at column 1: empty predicate");
  EXPECT_EQ(ParseError("s. = 1"), "at column 4: expected a field name after '.', found '='");
  EXPECT_EQ(ParseError("and = 1"), "at column 1: expected a column name or literal, found 'and'");
  EXPECT_EQ(ParseError("x = X'0g'"), "at column 6: invalid hex digit in X'...'");
}

TEST(PredicateParser, NestingIsBounded) {
  std::string ok = std::string(100, '(') + "a = 1" + std::string(100, ')');
  EXPECT_TRUE(ParsePredicate(ok).ok());
  std::string deep = std::string(300, '(') + "a = 1" + std::string(300, ')');
  EXPECT_NE(ParseError(deep).find("nested too deeply (limit 200)"), std::string::npos);
  std::string nots;
  for (int i = 0; i < 300; ++i) nots += "NOT ";
  EXPECT_NE(ParseError(nots + "a").find("nested too deeply"), std::string::npos);
  // Hostile depth well past any stack limit fails cleanly.
  std::string hostile(1000000, '(');
  EXPECT_NE(ParseError(hostile).find("nested too deeply"), std::string::npos);
  // Long flat chains are not nesting.
  std::string chain = "a = 0";
  for (int i = 1; i < 5000; ++i) chain += " OR a = " + std::to_string(i);
  ExprPtr e = Parse(chain);
  EXPECT_EQ(e->children().size(), 5000u);
}

}  // namespace
}  // namespace silt
