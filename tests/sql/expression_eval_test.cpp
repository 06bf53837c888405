// ShareEqualSubtrees: equal computed subtrees of a predicate become one node (evaluated once
// per batch); non-deterministic calls stay separate.
#include <gtest/gtest.h>

#include "silt/columnar/builder.h"
#include "silt/sql/exec/expression_eval.h"

namespace silt::sql {
namespace {

const functions::FunctionRegistry& Registry() { return functions::FunctionRegistry::Default(); }

BoundExprPtr Call(std::string_view name, std::vector<BoundExprPtr> args) {
  auto r = MakeCall(Registry(), name, std::move(args));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

TEST(ShareEqualSubtreesTest, InListOperandIsOneNode) {
  // abs(a) = 1 OR abs(a) = 2, each side built from its own copies (as optimizer rules leave them).
  auto left = Call("=", {Call("abs", {MakeColumn(0, "a", int64())}), MakeLiteral(*[] {
                           ArrayBuilder b(int64());
                           (void)b.Append<int64_t>(1);
                           return b.Finish();
                         }())});
  auto right = Call("=", {Call("abs", {MakeColumn(0, "a", int64())}), MakeLiteral(*[] {
                            ArrayBuilder b(int64());
                            (void)b.Append<int64_t>(2);
                            return b.Finish();
                          }())});
  auto shared = ShareEqualSubtrees(Call("or", {left, right}));
  ASSERT_EQ(shared->children.size(), 2u);
  EXPECT_EQ(shared->children[0]->children[0].get(), shared->children[1]->children[0].get());
  EXPECT_NE(shared->children[0]->children[1].get(), shared->children[1]->children[1].get());
  EXPECT_EQ(shared->ToString(), Call("or", {left, right})->ToString());

  // Same answer as the unshared tree.
  ArrayBuilder b(int64());
  for (int64_t v : {-2, -1, 0, 1, 3}) ASSERT_TRUE(b.Append<int64_t>(v).ok());
  auto col = *b.Finish();
  RecordBatch batch(std::make_shared<Schema>(std::vector<FieldPtr>{field("a", int64())}), 5, {col});
  functions::KernelContext kc;
  auto expected = SelectedRows(**Flatten(*EvaluateExpr(*Call("or", {left, right}), batch, kc)));
  auto actual = SelectedRows(**Flatten(*EvaluateExpr(*shared, batch, kc)));
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(actual, (std::vector<int64_t>{0, 1, 3}));
}

TEST(ShareEqualSubtreesTest, ColumnsOfDifferentIndexAndRandomCallsStayApart) {
  auto a = Call("abs", {MakeColumn(0, "a", int64())});
  auto b = Call("abs", {MakeColumn(1, "a", int64())});
  auto shared = ShareEqualSubtrees(Call("+", {a, b}));
  EXPECT_NE(shared->children[0].get(), shared->children[1].get());
  auto r1 = Call("random", {});
  auto r2 = Call("random", {});
  auto draws = ShareEqualSubtrees(Call("<", {r1, r2}));
  EXPECT_NE(draws->children[0].get(), draws->children[1].get());
}

}  // namespace
}  // namespace silt::sql
