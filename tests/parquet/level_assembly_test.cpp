#include <gtest/gtest.h>

#include "silt/columnar/builder.h"
#include "silt/parquet/level_assembly.h"

namespace silt::parquet {
namespace {

// Builds a FileMetaData schema from (name, repetition, type-or-group, children, converted).
SchemaElement Group(std::string name, FieldRepetitionType rep, int children,
                    std::optional<ConvertedType> ct = std::nullopt) {
  SchemaElement e;
  e.name = std::move(name);
  e.repetition_type = rep;
  e.num_children = children;
  e.converted_type = ct;
  return e;
}
SchemaElement Leaf(std::string name, FieldRepetitionType rep, Type type) {
  SchemaElement e;
  e.name = std::move(name);
  e.repetition_type = rep;
  e.type = type;
  return e;
}

DecodedColumn Column(std::vector<int16_t> def, std::vector<int16_t> rep, std::vector<int32_t> values) {
  DecodedColumn c;
  c.num_levels = static_cast<int64_t>(def.size());
  c.def_levels = *Buffer::Allocate(static_cast<int64_t>(def.size() * 2));
  std::memcpy(c.def_levels->mutable_data(), def.data(), def.size() * 2);
  if (!rep.empty()) {
    c.rep_levels = *Buffer::Allocate(static_cast<int64_t>(rep.size() * 2));
    std::memcpy(c.rep_levels->mutable_data(), rep.data(), rep.size() * 2);
  }
  c.num_rows = 0;
  for (size_t i = 0; i < def.size(); ++i) c.num_rows += rep.empty() || rep[i] == 0;
  c.values = *MakeArray<int32_t>(int32(), values);
  return c;
}

std::string Render(const ArrayData& a, int64_t i) {
  if (a.IsNull(i)) return "null";
  switch (a.type->id()) {
    case TypeId::kInt32: return std::to_string(a.values<int32_t>()[i]);
    case TypeId::kList: {
      const int32_t* o = a.list_offsets();
      std::string s = "[";
      for (int32_t k = o[i]; k < o[i + 1]; ++k) {
        if (k > o[i]) s += ",";
        s += Render(*a.children[0], k);
      }
      return s + "]";
    }
    case TypeId::kStruct: {
      std::string s = "{";
      for (size_t c = 0; c < a.children.size(); ++c) {
        if (c) s += ",";
        s += Render(*a.children[c], i);
      }
      return s + "}";
    }
    default: return "?";
  }
}

std::string RenderAll(const ArrayData& a) {
  std::string s;
  for (int64_t i = 0; i < a.length; ++i) {
    if (i > 0) s.push_back(' ');
    s.append(Render(a, i));
  }
  return s;
}

TEST(LevelAssembly, OptionalListOfOptionalInts) {
  // optional group a (LIST) { repeated group list { optional int32 element } }
  FileMetaData md;
  md.schema = {Group("schema", FieldRepetitionType::kRequired, 1),
               Group("a", FieldRepetitionType::kOptional, 1, ConvertedType::kList),
               Group("list", FieldRepetitionType::kRepeated, 1),
               Leaf("element", FieldRepetitionType::kOptional, Type::kInt32)};
  auto schema = ParquetSchema::Make(md);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  const auto& leaf = (*schema)->leaves()[0];
  EXPECT_EQ(leaf.max_def_level, 3);
  EXPECT_EQ(leaf.max_rep_level, 1);
  // Rows: [1, null, 2], null, [], [3]
  DecodedColumn col = Column({3, 2, 3, 0, 1, 3}, {0, 1, 1, 0, 0, 0}, {1, 2, 3});
  std::vector<const DecodedColumn*> leaves{&col};
  auto arr = AssembleField(*(*schema)->fields()[0], leaves, 4, MemoryPool::Default());
  ASSERT_TRUE(arr.ok()) << arr.status().ToString();
  EXPECT_EQ(RenderAll(**arr), "[1,null,2] null [] [3]");
  EXPECT_TRUE(ValidateArray(**arr).ok());
}

TEST(LevelAssembly, ListOfListsWithNullsAtEveryLevel) {
  // optional group a (LIST) { repeated group list { optional group element (LIST) {
  //   repeated group list { optional int32 element } } } }
  FileMetaData md;
  md.schema = {Group("schema", FieldRepetitionType::kRequired, 1),
               Group("a", FieldRepetitionType::kOptional, 1, ConvertedType::kList),
               Group("list", FieldRepetitionType::kRepeated, 1),
               Group("element", FieldRepetitionType::kOptional, 1, ConvertedType::kList),
               Group("list", FieldRepetitionType::kRepeated, 1),
               Leaf("element", FieldRepetitionType::kOptional, Type::kInt32)};
  auto schema = ParquetSchema::Make(md);
  ASSERT_TRUE(schema.ok());
  // Rows: [[1,2],[],null,[null]], null, [], [[3]]
  DecodedColumn col = Column({5, 5, 3, 2, 4, 0, 1, 5}, {0, 2, 1, 1, 1, 0, 0, 0}, {1, 2, 3});
  std::vector<const DecodedColumn*> leaves{&col};
  auto arr = AssembleField(*(*schema)->fields()[0], leaves, 4, MemoryPool::Default());
  ASSERT_TRUE(arr.ok()) << arr.status().ToString();
  EXPECT_EQ(RenderAll(**arr), "[[1,2],[],null,[null]] null [] [[3]]");
}

TEST(LevelAssembly, StructWithTwoLeavesAndLegacyRepeatedField) {
  // optional group s { optional int32 x; repeated int32 ys }
  FileMetaData md;
  md.schema = {Group("schema", FieldRepetitionType::kRequired, 1),
               Group("s", FieldRepetitionType::kOptional, 2),
               Leaf("x", FieldRepetitionType::kOptional, Type::kInt32),
               Leaf("ys", FieldRepetitionType::kRepeated, Type::kInt32)};
  auto schema = ParquetSchema::Make(md);
  ASSERT_TRUE(schema.ok());
  // Rows: {1,[7,8]}, null, {null,[]}
  DecodedColumn x = Column({2, 0, 1}, {}, {1});
  DecodedColumn ys = Column({2, 2, 0, 1}, {0, 1, 0, 0}, {7, 8});
  std::vector<const DecodedColumn*> leaves{&x, &ys};
  auto arr = AssembleField(*(*schema)->fields()[0], leaves, 3, MemoryPool::Default());
  ASSERT_TRUE(arr.ok()) << arr.status().ToString();
  EXPECT_EQ(RenderAll(**arr), "{1,[7,8]} null {null,[]}");
}

TEST(LevelAssembly, InconsistentLevelsAreCorrupt) {
  FileMetaData md;
  md.schema = {Group("schema", FieldRepetitionType::kRequired, 1),
               Group("a", FieldRepetitionType::kOptional, 1, ConvertedType::kList),
               Group("list", FieldRepetitionType::kRepeated, 1),
               Leaf("element", FieldRepetitionType::kOptional, Type::kInt32)};
  auto schema = ParquetSchema::Make(md);
  ASSERT_TRUE(schema.ok());
  // Three defined values in the levels, two in the values.
  DecodedColumn col = Column({3, 3, 3}, {0, 1, 1}, {1, 2});
  std::vector<const DecodedColumn*> leaves{&col};
  auto arr = AssembleField(*(*schema)->fields()[0], leaves, 1, MemoryPool::Default());
  ASSERT_FALSE(arr.ok());
  EXPECT_EQ(arr.status().code(), StatusCode::kCorrupt);
  // Row count disagreeing with the row group.
  DecodedColumn col2 = Column({3, 3}, {0, 0}, {1, 2});
  std::vector<const DecodedColumn*> leaves2{&col2};
  auto arr2 = AssembleField(*(*schema)->fields()[0], leaves2, 3, MemoryPool::Default());
  EXPECT_FALSE(arr2.ok());
}

}  // namespace
}  // namespace silt::parquet
