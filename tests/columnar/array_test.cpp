#include <gtest/gtest.h>

#include "silt/columnar/array.h"
#include "silt/columnar/builder.h"

namespace silt {
namespace {

TEST(ArrayBuilder, PrimitiveWithNulls) {
  auto a = MakeArray<int32_t>(int32(), {1, 2, 3}, {true, false, true});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)->length, 3);
  EXPECT_EQ((*a)->null_count, 1);
  EXPECT_TRUE((*a)->IsNull(1));
  EXPECT_EQ((*a)->values<int32_t>()[2], 3);
  EXPECT_TRUE(ValidateArray(**a).ok());
}

TEST(ArrayBuilder, StringsSliceAndConcat) {
  auto a = MakeArray<std::string>(utf8(), {"a", "bc", "", "def"}, {true, true, false, true});
  ASSERT_TRUE(a.ok());
  auto s = (*a)->Slice(1, 3);
  EXPECT_EQ(s->GetView(0), "bc");
  EXPECT_EQ(s->null_count, 1);
  auto c = Concatenate({s, *a});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->length, 7);
  EXPECT_EQ((*c)->GetView(2), "def");
  EXPECT_EQ((*c)->GetView(4), "bc");
  EXPECT_TRUE(ValidateArray(**c).ok());
}

TEST(ArrayBuilder, ListOfStructs) {
  auto type = list(field("item", struct_({field("x", int64()), field("y", utf8())})));
  ArrayBuilder b(type);
  auto* items = b.child(0);
  ASSERT_TRUE(items->AppendStructValid().ok());
  ASSERT_TRUE(items->child(0)->Append<int64_t>(7).ok());
  ASSERT_TRUE(items->child(1)->AppendString("q").ok());
  ASSERT_TRUE(b.AppendListRow().ok());
  ASSERT_TRUE(b.AppendNull().ok());
  ASSERT_TRUE(b.AppendListRow().ok());  // empty list
  auto a = b.Finish();
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)->length, 3);
  EXPECT_EQ((*a)->list_offsets()[1], 1);
  EXPECT_EQ((*a)->list_offsets()[3], 1);
  EXPECT_TRUE(ValidateArray(**a).ok());
}

TEST(Flatten, DictionaryAndConstant) {
  auto dict = *MakeArray<std::string>(utf8(), {"x", "y"});
  auto indices = *MakeArray<int32_t>(int32(), {1, 0, 1});
  auto d = std::make_shared<ArrayData>(*indices);
  d->type = utf8();
  d->encoding = Encoding::kDictionary;
  d->dictionary = dict;
  auto flat = Flatten(d);
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ((*flat)->GetView(0), "y");
  EXPECT_EQ((*flat)->GetView(2), "y");
  auto c = MakeConstantArray(dict->Slice(1, 1), 4);
  auto cf = Flatten(c);
  ASSERT_TRUE(cf.ok());
  EXPECT_EQ((*cf)->length, 4);
  EXPECT_EQ((*cf)->GetView(3), "y");
}

TEST(MemoryPool, LimitIsResourcesExhausted) {
  MemoryPool pool("tiny", 1024);
  auto ok = Buffer::Allocate(512, &pool);
  ASSERT_TRUE(ok.ok());
  auto bad = Buffer::Allocate(4096, &pool);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kResourcesExhausted);
  EXPECT_EQ(pool.bytes_allocated(), 512);
}

}  // namespace
}  // namespace silt
