#include "silt/functions/nested_functions.h"

#include <gtest/gtest.h>

#include <cmath>

#include "function_test_util.h"

namespace silt::functions {
namespace {

using testing::Call;
using testing::CallTexts;
using testing::CheckEncodings;
using testing::Constant;
using testing::Dictionary;
using testing::Int64s;
using testing::One;
using testing::Strings;
using testing::Texts;
using Strs = std::vector<std::string>;

template <typename T>
using Row = std::optional<std::vector<std::optional<T>>>;
constexpr auto kNull = std::nullopt;

DataTypePtr ListOf(const DataTypePtr& item) { return list(field("item", item)); }

// A list array of int64 or string items; a nullopt row is a NULL list.
template <typename T>
ArrayDataPtr Lists(const DataTypePtr& item_type, const std::vector<Row<T>>& rows) {
  ArrayBuilder b(ListOf(item_type));
  for (const auto& row : rows) {
    if (!row) {
      EXPECT_TRUE(b.AppendNull().ok());
      continue;
    }
    for (const auto& v : *row) {
      Status st;
      if (!v) {
        st = b.child(0)->AppendNull();
      } else if constexpr (std::is_convertible_v<T, std::string_view>) {
        st = b.child(0)->AppendString(*v);
      } else {
        st = b.child(0)->Append<T>(*v);
      }
      EXPECT_TRUE(st.ok());
    }
    EXPECT_TRUE(b.AppendListRow().ok());
  }
  return *b.Finish();
}
ArrayDataPtr IntLists(const std::vector<Row<int64_t>>& rows) { return Lists<int64_t>(int64(), rows); }
ArrayDataPtr StrLists(const std::vector<Row<std::string>>& rows) { return Lists<std::string>(utf8(), rows); }

ArrayDataPtr Int(std::optional<int64_t> v) { return One<int64_t>(int64(), v); }

using StructRow = std::optional<std::pair<std::optional<int64_t>, std::optional<std::string>>>;
DataTypePtr PairType() { return struct_({field("a", int64()), field("B", utf8())}); }

// Appends struct<a: int64, B: utf8> rows to a struct builder.
void AppendPairs(ArrayBuilder* b, const std::vector<StructRow>& rows) {
  for (const auto& row : rows) {
    if (!row) {
      EXPECT_TRUE(b->AppendNull().ok());
      continue;
    }
    EXPECT_TRUE((row->first ? b->child(0)->Append<int64_t>(*row->first) : b->child(0)->AppendNull()).ok());
    EXPECT_TRUE((row->second ? b->child(1)->AppendString(*row->second) : b->child(1)->AppendNull()).ok());
    EXPECT_TRUE(b->AppendStructValid().ok());
  }
}
ArrayDataPtr Pairs(const std::vector<StructRow>& rows) {
  ArrayBuilder b(PairType());
  AppendPairs(&b, rows);
  return *b.Finish();
}

// Runs struct_extract bound for `field` over a struct column.
std::vector<std::string> Extract(const ArrayDataPtr& s, const std::string& name) {
  auto bound = BindStructExtract(s->type, name);
  if (!bound.ok()) return {"ERROR: " + bound.status().message()};
  const int64_t n = s->length;
  auto out = bound->kernel(KernelContext(), {s, Constant(Strings({name}), n)}, n);
  if (!out.ok()) return {"ERROR: " + out.status().message()};
  EXPECT_TRUE((*out)->type->Equals(*bound->return_type));
  if ((*out)->encoding == Encoding::kPlain) {
    EXPECT_TRUE(ValidateArray(**out).ok());
  }
  return Texts(*out);
}

// ---- list_element ----

TEST(NestedFunctionsTest, ListElementPositions) {
  auto l = IntLists({std::vector<std::optional<int64_t>>{10, 20, 30}, kNull, std::vector<std::optional<int64_t>>{},
                     std::vector<std::optional<int64_t>>{kNull, 5}});
  EXPECT_EQ(CheckEncodings("list_element", l, {Int(1)}), (Strs{"10", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("list_element", l, {Int(2)}), (Strs{"20", "NULL", "NULL", "5"}));
  EXPECT_EQ(CheckEncodings("list_element", l, {Int(-1)}), (Strs{"30", "NULL", "NULL", "5"}));
  EXPECT_EQ(CheckEncodings("list_element", l, {Int(-3)}), (Strs{"10", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("list_element", l, {Int(0)}), (Strs{"NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("list_element", l, {Int(4)}), (Strs{"NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("list_element", l, {Int(-4)}), (Strs{"NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("list_element", l, {Int(INT64_MIN)}), (Strs{"NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("list_element", l, {Int(kNull)}), (Strs{"NULL", "NULL", "NULL", "NULL"}));
  // Per-row positions, an int32 position (cast to int64), aliases, a constant list.
  EXPECT_EQ(CallTexts("list_element", {l, Int64s({3, 1, 1, kNull})}), (Strs{"30", "NULL", "NULL", "NULL"}));
  // A dictionary list with per-row positions (Elementwise decodes it), a sliced list.
  EXPECT_EQ(CallTexts("list_element", {Dictionary(l), Int64s({3, 1, 1, kNull})}), (Strs{"30", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CallTexts("list_element", {l->Slice(2, 2), Int64s({1, -1})}), (Strs{"NULL", "5"}));
  EXPECT_EQ(CallTexts("substr", {Dictionary(Strings({"abc", "abc"})), Int64s({2, 3})}), (Strs{"bc", "c"}));
  auto pos32 = testing::Array<int32_t>(int32(), {-2, 1, 1, 2});
  EXPECT_EQ(CallTexts("array_extract", {l, pos32}), (Strs{"20", "NULL", "NULL", "5"}));
  EXPECT_EQ(CallTexts("list_extract", {Constant(l->Slice(0, 1), 3), Int64s({1, -1, 7})}),
            (Strs{"10", "30", "NULL"}));
  EXPECT_EQ(CallTexts("list_element", {StrLists({std::vector<std::optional<std::string>>{"a", "bc"}}), Int(2)}),
            (Strs{"bc"}));
  // An untyped NULL list.
  auto r = Call("list_element", {*MakeNullArray(null(), 2), Int64s({1, 2})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Texts(*r), (Strs{"NULL", "NULL"}));
  EXPECT_FALSE(FunctionRegistry::Default().BindScalar("list_element", {ListOf(int64()), utf8()}).ok());
  EXPECT_FALSE(FunctionRegistry::Default().BindScalar("list_element", {int64(), int64()}).ok());
}

// ---- list_slice ----

TEST(NestedFunctionsTest, ListSliceBounds) {
  using V = std::vector<std::optional<int64_t>>;
  auto l = IntLists({V{1, 2, 3, 4, 5}, kNull, V{}, V{kNull, 7}});
  auto slice = [&](std::optional<int64_t> lo, std::optional<int64_t> hi) {
    return CheckEncodings("list_slice", l, {Int(lo), Int(hi)});
  };
  EXPECT_EQ(slice(2, 3), (Strs{"[2,3]", "NULL", "[]", "[7]"}));
  EXPECT_EQ(slice(kNull, 2), (Strs{"[1,2]", "NULL", "[]", "[null,7]"}));
  EXPECT_EQ(slice(4, kNull), (Strs{"[4,5]", "NULL", "[]", "[]"}));
  EXPECT_EQ(slice(kNull, kNull), (Strs{"[1,2,3,4,5]", "NULL", "[]", "[null,7]"}));
  EXPECT_EQ(slice(-2, -1), (Strs{"[4,5]", "NULL", "[]", "[null,7]"}));
  EXPECT_EQ(slice(-10, 2), (Strs{"[1,2]", "NULL", "[]", "[null,7]"}));
  EXPECT_EQ(slice(0, 1), (Strs{"[1]", "NULL", "[]", "[null]"}));
  EXPECT_EQ(slice(2, 100), (Strs{"[2,3,4,5]", "NULL", "[]", "[7]"}));
  EXPECT_EQ(slice(3, 2), (Strs{"[]", "NULL", "[]", "[]"}));
  EXPECT_EQ(slice(6, 9), (Strs{"[]", "NULL", "[]", "[]"}));
  EXPECT_EQ(slice(1, -10), (Strs{"[]", "NULL", "[]", "[]"}));
  EXPECT_EQ(slice(2, -2), (Strs{"[2,3,4]", "NULL", "[]", "[]"}));
  EXPECT_EQ(slice(INT64_MAX, INT64_MAX), (Strs{"[]", "NULL", "[]", "[]"}));
  EXPECT_EQ(slice(INT64_MIN, INT64_MIN), (Strs{"[]", "NULL", "[]", "[]"}));
  // Per-row bounds (NULL bounds open) and the alias; the result keeps the list type.
  EXPECT_EQ(CallTexts("array_slice", {l, Int64s({kNull, 1, 1, -1}), Int64s({-4, 2, kNull, kNull})}),
            (Strs{"[1,2]", "NULL", "[]", "[7]"}));
  auto r = Call("list_slice", {StrLists({std::vector<std::optional<std::string>>{"x", "y", "z"}}), Int(2),
                               *MakeNullArray(null(), 1)});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Texts(*r), (Strs{R"(["y","z"])"}));
}

// ---- list_value ----

TEST(NestedFunctionsTest, ListValueBuildsListsOfTheCommonType) {
  auto a = Int64s({1, kNull, 3});
  auto b = testing::Array<int32_t>(int32(), {10, 20, kNull});
  EXPECT_EQ(CallTexts("list_value", {a, b}), (Strs{"[1,10]", "[null,20]", "[3,null]"}));
  EXPECT_EQ(CallTexts("make_array", {a, Constant(Int(7), 3), Dictionary(b)}),
            (Strs{"[1,7,10]", "[null,7,20]", "[3,7,null]"}));
  auto r = Call("list_value", {a, testing::Array<double>(float64(), {0.5, 1.5, 2.5})});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->type->ToString(), "list<float64>");
  EXPECT_EQ(Texts(*r), (Strs{"[1,0.5]", "[null,1.5]", "[3,2.5]"}));
  // All constant: a constant result.
  auto c = Call("list_value", {Constant(Int(1), 4), Constant(Int(kNull), 4)}, 4);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->encoding, Encoding::kConstant);
  EXPECT_EQ(Texts(*c), Strs(4, "[1,null]"));
  EXPECT_EQ(CallTexts("list_value", {}, 2), (Strs{"[]", "[]"}));
  EXPECT_EQ(CallTexts("list_value", {Strings({"a", kNull})}), (Strs{R"(["a"])", "[null]"}));
  EXPECT_FALSE(FunctionRegistry::Default().BindScalar("list_value", {int64(), utf8()}).ok());
  // Lists of lists.
  auto inner = IntLists({std::vector<std::optional<int64_t>>{1}, kNull});
  EXPECT_EQ(CallTexts("list_value", {inner, inner}), (Strs{"[[1],[1]]", "[null,null]"}));
}

// ---- cardinality / array_length ----

TEST(NestedFunctionsTest, Lengths) {
  using V = std::vector<std::optional<int64_t>>;
  auto l = IntLists({V{1, kNull, 3}, kNull, V{}});
  EXPECT_EQ(CheckEncodings("cardinality", l), (Strs{"3", "NULL", "0"}));
  EXPECT_EQ(CheckEncodings("array_length", l), (Strs{"3", "NULL", "0"}));
  EXPECT_EQ(CheckEncodings("array_length", l, {Int(1)}), (Strs{"3", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("array_length", l, {Int(2)}), (Strs{"NULL", "NULL", "NULL"}));
  EXPECT_EQ(CallTexts("array_length", {l, Int64s({1, 1, kNull})}), (Strs{"3", "NULL", "NULL"}));
}

// ---- list_contains / list_position ----

TEST(NestedFunctionsTest, ListContainsAndPosition) {
  using V = std::vector<std::optional<int64_t>>;
  auto l = IntLists({V{1, kNull, 3}, kNull, V{}, V{3, 3}});
  EXPECT_EQ(CheckEncodings("list_contains", l, {Int(3)}), (Strs{"true", "NULL", "false", "true"}));
  EXPECT_EQ(CheckEncodings("array_has", l, {Int(2)}), (Strs{"false", "NULL", "false", "false"}));
  EXPECT_EQ(CheckEncodings("list_contains", l, {Int(kNull)}), (Strs{"NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CallTexts("array_contains", {l, Int64s({1, 1, 1, kNull})}), (Strs{"true", "NULL", "false", "NULL"}));
  EXPECT_EQ(CheckEncodings("list_position", l, {Int(3)}), (Strs{"3", "NULL", "NULL", "1"}));
  EXPECT_EQ(CheckEncodings("array_position", l, {Int(kNull)}), (Strs{"2", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("list_indexof", l, {Int(9)}), (Strs{"NULL", "NULL", "NULL", "NULL"}));
  // The value and the items meet in their common type.
  auto b = Call("list_contains", {l, testing::Array<double>(float64(), {3.0, 1.0, 1.0, 2.5})});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(Texts(*b), (Strs{"true", "NULL", "false", "false"}));
  auto bound = FunctionRegistry::Default().BindScalar("list_contains", {ListOf(int32()), int64()});
  ASSERT_TRUE(bound.ok());
  EXPECT_EQ(bound->arg_types[0]->ToString(), "list<int64>");
  EXPECT_FALSE(FunctionRegistry::Default().BindScalar("list_contains", {ListOf(int64()), utf8()}).ok());
  // Strings, NaN (equal to itself, as in comparisons).
  auto s = StrLists({std::vector<std::optional<std::string>>{"ab", "c"}, std::vector<std::optional<std::string>>{}});
  EXPECT_EQ(CheckEncodings("list_contains", s, {Strings({"c"})}), (Strs{"true", "false"}));
  EXPECT_EQ(CheckEncodings("list_position", s, {Strings({"c"})}), (Strs{"2", "NULL"}));
  auto f = Lists<double>(float64(), {std::vector<std::optional<double>>{1.0, std::nan("")}});
  EXPECT_EQ(CallTexts("list_position", {f, One<double>(float64(), std::nan(""))}), (Strs{"2"}));
}

// ---- map_extract ----

TEST(NestedFunctionsTest, MapExtract) {
  auto type = map(field("key", utf8(), false), field("value", int64()));
  ArrayBuilder b(type);
  auto entry = [&](const std::string& k, std::optional<int64_t> v) {
    ArrayBuilder* e = b.child(0);
    EXPECT_TRUE(e->child(0)->AppendString(k).ok());
    EXPECT_TRUE((v ? e->child(1)->Append<int64_t>(*v) : e->child(1)->AppendNull()).ok());
    EXPECT_TRUE(e->AppendStructValid().ok());
  };
  entry("a", 1);
  entry("b", 2);
  ASSERT_TRUE(b.AppendListRow().ok());
  ASSERT_TRUE(b.AppendNull().ok());
  ASSERT_TRUE(b.AppendListRow().ok());  // empty map
  entry("b", kNull);
  entry("a", 5);
  entry("a", 6);
  ASSERT_TRUE(b.AppendListRow().ok());
  auto m = *b.Finish();
  EXPECT_EQ(CheckEncodings("map_extract", m, {Strings({"a"})}), (Strs{"1", "NULL", "NULL", "5"}));
  EXPECT_EQ(CheckEncodings("element_at", m, {Strings({"b"})}), (Strs{"2", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("map_extract", m, {Strings({"z"})}), (Strs{"NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("map_extract", m, {Strings({kNull})}), (Strs{"NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(CallTexts("map_extract", {m, Strings({"b", "a", "a", "a"})}), (Strs{"2", "NULL", "NULL", "5"}));
  EXPECT_EQ(CheckEncodings("cardinality", m), (Strs{"2", "NULL", "0", "3"}));
  // int32 keys looked up with an int64 argument: the keys are widened.
  auto itype = map(field("key", int32(), false), field("value", utf8()));
  ArrayBuilder ib(itype);
  ASSERT_TRUE(ib.child(0)->child(0)->Append<int32_t>(7).ok());
  ASSERT_TRUE(ib.child(0)->child(1)->AppendString("seven").ok());
  ASSERT_TRUE(ib.child(0)->AppendStructValid().ok());
  ASSERT_TRUE(ib.AppendListRow().ok());
  auto im = *ib.Finish();
  EXPECT_EQ(CallTexts("map_extract", {im, Int(7)}), (Strs{"seven"}));
  EXPECT_EQ(CallTexts("map_extract", {im, One<int32_t>(int32(), 8)}), (Strs{"NULL"}));
  EXPECT_FALSE(FunctionRegistry::Default().BindScalar("map_extract", {type, int64()}).ok());
}

// ---- struct_extract ----

TEST(NestedFunctionsTest, StructExtract) {
  auto s = Pairs({std::make_pair(std::optional<int64_t>(1), std::optional<std::string>("x")), kNull,
                  std::make_pair(std::optional<int64_t>(), std::optional<std::string>("z"))});
  EXPECT_EQ(Extract(s, "a"), (Strs{"1", "NULL", "NULL"}));
  EXPECT_EQ(Extract(s, "B"), (Strs{"x", "NULL", "z"}));
  EXPECT_EQ(Extract(s, "b"), (Strs{"x", "NULL", "z"}));  // case-insensitive fallback
  EXPECT_EQ(Extract(Dictionary(s), "B"), (Strs{"x", "NULL", "z"}));
  for (int64_t i = 0; i < 3; ++i) {
    auto c = Extract(Constant(s->Slice(i, 1), 2), "a");
    EXPECT_EQ(c, Strs(2, Extract(s, "a")[static_cast<size_t>(i)]));
  }
  EXPECT_EQ(Extract(s->Slice(1, 2), "B"), (Strs{"NULL", "z"}));
  EXPECT_EQ(Extract(s, "c"), (Strs{"ERROR: struct_extract: no field 'c' in struct<a: int64, B: utf8> (fields: a, B)"}));
  auto twin = struct_({field("x", int64()), field("X", int64())});
  EXPECT_TRUE(BindStructExtract(twin, "X").ok());
  auto ambiguous = BindStructExtract(struct_({field("ab", int64()), field("aB", int64())}), "AB");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_EQ(ambiguous.status().code(), StatusCode::kPlan);
  EXPECT_EQ(BindStructExtract(int64(), "a").status().code(), StatusCode::kPlan);
  auto at = BindStructExtractAt(PairType(), 2);
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->return_type->ToString(), "utf8");
  EXPECT_EQ(at->arg_types[1]->ToString(), "int64");
  EXPECT_FALSE(BindStructExtractAt(PairType(), 3).ok());
  EXPECT_FALSE(BindStructExtractAt(PairType(), 0).ok());
  // Registered for discovery; binding goes through BindStructExtract.
  EXPECT_NE(FunctionRegistry::Default().Find("struct_extract"), nullptr);
  EXPECT_EQ(FunctionRegistry::Default().BindScalar("struct_extract", {PairType(), utf8()}).status().code(),
            StatusCode::kPlan);
}

// ---- nested lists of structs ----

TEST(NestedFunctionsTest, ListsOfStructs) {
  ArrayBuilder b(ListOf(PairType()));
  using P = std::pair<std::optional<int64_t>, std::optional<std::string>>;
  AppendPairs(b.child(0), {P{1, "x"}, kNull, P{3, kNull}});
  ASSERT_TRUE(b.AppendListRow().ok());
  ASSERT_TRUE(b.AppendNull().ok());
  AppendPairs(b.child(0), {P{4, "w"}});
  ASSERT_TRUE(b.AppendListRow().ok());
  auto l = *b.Finish();
  auto last = Call("list_element", {l, Constant(Int(-1), 3)});
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(Texts(*last), (Strs{R"({"a":3,"B":null})", "NULL", R"({"a":4,"B":"w"})"}));
  EXPECT_EQ(Extract(*last, "a"), (Strs{"3", "NULL", "4"}));
  auto second = Call("list_element", {l, Constant(Int(2), 3)});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Extract(*second, "B"), (Strs{"NULL", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("list_slice", l, {Int(2), Int(kNull)}),
            (Strs{R"([null,{"a":3,"B":null}])", "NULL", "[]"}));
  auto needle = Pairs({P{3, kNull}});
  EXPECT_EQ(CheckEncodings("list_contains", l, {needle}), (Strs{"true", "NULL", "false"}));
  EXPECT_EQ(CheckEncodings("list_position", l, {needle}), (Strs{"3", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("list_position", l, {Pairs({kNull})}), (Strs{"2", "NULL", "NULL"}));
  EXPECT_EQ(CheckEncodings("cardinality", l), (Strs{"3", "NULL", "1"}));
  // Lists of lists.
  auto inner = IntLists({std::vector<std::optional<int64_t>>{1, 2}, std::vector<std::optional<int64_t>>{}});
  auto nested = Call("list_value", {inner, IntLists({std::vector<std::optional<int64_t>>{3}, kNull})});
  ASSERT_TRUE(nested.ok());
  EXPECT_EQ(CallTexts("list_element", {*nested, Constant(Int(1), 2)}), (Strs{"[1,2]", "[]"}));
  EXPECT_EQ(CallTexts("list_contains", {*nested, inner}), (Strs{"true", "true"}));
  EXPECT_EQ(CallTexts("list_slice", {*nested, Constant(Int(-1), 2), Constant(Int(kNull), 2)}), (Strs{"[[3]]", "[null]"}));
}

}  // namespace
}  // namespace silt::functions
