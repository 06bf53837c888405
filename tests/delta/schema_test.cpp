#include "silt/delta/kernel/schema.h"

#include <gtest/gtest.h>

namespace silt::delta {
namespace {

SchemaPtr MustParse(std::string_view json) {
  auto r = ParseDeltaSchema(json);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nullptr;
}

TEST(DeltaSchemaTest, Primitives) {
  auto schema = MustParse(R"j({"type":"struct","fields":[
    {"name":"s","type":"string","nullable":true,"metadata":{}},
    {"name":"l","type":"long","nullable":false,"metadata":{}},
    {"name":"i","type":"integer","nullable":true,"metadata":{}},
    {"name":"sh","type":"short","nullable":true,"metadata":{}},
    {"name":"b","type":"byte","nullable":true,"metadata":{}},
    {"name":"f","type":"float","nullable":true,"metadata":{}},
    {"name":"d","type":"double","nullable":true,"metadata":{}},
    {"name":"bo","type":"boolean","nullable":true,"metadata":{}},
    {"name":"bi","type":"binary","nullable":true,"metadata":{}},
    {"name":"da","type":"date","nullable":true,"metadata":{}},
    {"name":"ts","type":"timestamp","nullable":true,"metadata":{}},
    {"name":"ntz","type":"timestamp_ntz","nullable":true,"metadata":{}},
    {"name":"d1","type":"decimal(10,2)","nullable":true,"metadata":{}},
    {"name":"d2","type":"decimal(38, 18)","nullable":true,"metadata":{}}]})j");
  ASSERT_NE(schema, nullptr);
  ASSERT_EQ(schema->num_fields(), 14);
  EXPECT_TRUE(schema->field(0)->type->Equals(*utf8()));
  EXPECT_TRUE(schema->field(1)->type->Equals(*int64()));
  EXPECT_FALSE(schema->field(1)->nullable);
  EXPECT_TRUE(schema->field(2)->type->Equals(*int32()));
  EXPECT_TRUE(schema->field(3)->type->Equals(*int16()));
  EXPECT_TRUE(schema->field(4)->type->Equals(*int8()));
  EXPECT_TRUE(schema->field(5)->type->Equals(*float32()));
  EXPECT_TRUE(schema->field(6)->type->Equals(*float64()));
  EXPECT_TRUE(schema->field(7)->type->Equals(*boolean()));
  EXPECT_TRUE(schema->field(8)->type->Equals(*binary()));
  EXPECT_TRUE(schema->field(9)->type->Equals(*date32()));
  EXPECT_TRUE(schema->field(10)->type->Equals(*timestamp(TimeUnit::kMicro, "UTC")));
  EXPECT_TRUE(schema->field(11)->type->Equals(*timestamp(TimeUnit::kMicro, "")));
  EXPECT_EQ(schema->field(12)->type->id(), TypeId::kDecimal64);
  EXPECT_EQ(schema->field(12)->type->precision(), 10);
  EXPECT_EQ(schema->field(12)->type->scale(), 2);
  EXPECT_EQ(schema->field(13)->type->id(), TypeId::kDecimal128);
  EXPECT_EQ(schema->field(13)->type->scale(), 18);
}

TEST(DeltaSchemaTest, NestedTypes) {
  auto schema = MustParse(R"j({"type":"struct","fields":[
    {"name":"a","type":{"type":"array","elementType":"integer","containsNull":false},
     "nullable":true,"metadata":{}},
    {"name":"m","type":{"type":"map","keyType":"string",
     "valueType":{"type":"struct","fields":[{"name":"x","type":"double","nullable":false,
     "metadata":{}}]},"valueContainsNull":true},"nullable":true,"metadata":{}}]})j");
  ASSERT_NE(schema, nullptr);
  const auto& a = schema->field(0)->type;
  ASSERT_EQ(a->id(), TypeId::kList);
  EXPECT_FALSE(a->children()[0]->nullable);
  EXPECT_TRUE(a->children()[0]->type->Equals(*int32()));
  const auto& m = schema->field(1)->type;
  ASSERT_EQ(m->id(), TypeId::kMap);
  const auto& entries = m->children()[0]->type;
  EXPECT_TRUE(entries->children()[0]->type->Equals(*utf8()));
  EXPECT_FALSE(entries->children()[0]->nullable);
  EXPECT_TRUE(entries->children()[1]->nullable);
  EXPECT_EQ(entries->children()[1]->type->id(), TypeId::kStruct);
  EXPECT_FALSE(entries->children()[1]->type->children()[0]->nullable);
}

TEST(DeltaSchemaTest, MetadataKeptAsJson) {
  auto schema = MustParse(R"j({"type":"struct","fields":[{"name":"c","type":"string",
    "nullable":true,"metadata":{"delta.columnMapping.id":5,
    "delta.columnMapping.physicalName":"col-abc","__CHAR_VARCHAR_TYPE_STRING":"varchar(10)",
    "delta.identity.allowExplicitInsert":false,
    "delta.typeChanges":[{"fromType":"short","toType":"integer"}]}}]})j");
  ASSERT_NE(schema, nullptr);
  const Field& f = *schema->field(0);
  EXPECT_EQ(f.metadata.size(), 5u);
  EXPECT_EQ(FieldMetadataJson(f, "delta.columnMapping.id"), "5");
  EXPECT_EQ(FieldMetadataInt(f, "delta.columnMapping.id"), 5);
  EXPECT_EQ(FieldMetadataJson(f, "delta.columnMapping.physicalName"), "\"col-abc\"");
  EXPECT_EQ(FieldMetadataString(f, "delta.columnMapping.physicalName"), "col-abc");
  EXPECT_EQ(FieldMetadataString(f, "__CHAR_VARCHAR_TYPE_STRING"), "varchar(10)");
  EXPECT_EQ(FieldMetadataJson(f, "delta.identity.allowExplicitInsert"), "false");
  EXPECT_EQ(FieldMetadataJson(f, "delta.typeChanges"),
            R"j([{"fromType":"short","toType":"integer"}])j");
  EXPECT_EQ(FieldMetadataString(f, "delta.columnMapping.id"), std::nullopt);
  EXPECT_EQ(FieldMetadataJson(f, "absent"), std::nullopt);
}

TEST(DeltaSchemaTest, Variant) {
  auto schema = MustParse(R"j({"type":"struct","fields":[
    {"name":"v","type":"variant","nullable":true,"metadata":{}},
    {"name":"av","type":{"type":"array","elementType":"variant","containsNull":true},
     "nullable":true,"metadata":{}},
    {"name":"mv","type":{"type":"map","keyType":"string","valueType":"variant",
     "valueContainsNull":true},"nullable":true,"metadata":{}}]})j");
  ASSERT_NE(schema, nullptr);
  const Field& v = *schema->field(0);
  EXPECT_TRUE(IsVariantField(v));
  ASSERT_EQ(v.type->id(), TypeId::kStruct);
  ASSERT_EQ(v.type->children().size(), 2u);
  EXPECT_EQ(v.type->children()[0]->name, "metadata");
  EXPECT_TRUE(v.type->children()[0]->type->Equals(*binary()));
  EXPECT_EQ(v.type->children()[1]->name, "value");
  EXPECT_FALSE(IsVariantField(*schema->field(1)));
  const Field& element = *schema->field(1)->type->children()[0];
  EXPECT_TRUE(IsVariantField(element));
  EXPECT_EQ(element.type->id(), TypeId::kStruct);
  const auto& entries = schema->field(2)->type->children()[0]->type;
  EXPECT_FALSE(IsVariantField(*entries->children()[0]));
  EXPECT_TRUE(IsVariantField(*entries->children()[1]));
}

TEST(DeltaSchemaTest, Errors) {
  auto unknown = ParseDeltaSchema(
      R"j({"type":"struct","fields":[{"name":"x","type":"geometry","nullable":true}]})j");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(unknown.status().message().find("geometry"), std::string::npos);
  EXPECT_NE(unknown.status().message().find("'x'"), std::string::npos);

  for (const char* bad :
       {"", "{", "[1,2]", R"j({"type":"array"})j",
        R"j({"type":"struct","fields":[{"type":"long"}]})j",
        R"j({"type":"struct","fields":[{"name":"a","type":"decimal(x,1)"}]})j",
        R"j({"type":"struct","fields":[{"name":"a","type":"long","nullable":1}]})j",
        R"j({"type":"struct","fields":[{"name":"a","type":{"type":"map"}}]})j"}) {
    auto r = ParseDeltaSchema(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kCorrupt) << bad << " " << r.status().ToString();
  }
  auto wide = ParseDeltaSchema(
      R"j({"type":"struct","fields":[{"name":"a","type":"decimal(39,1)","nullable":true}]})j");
  EXPECT_FALSE(wide.ok());
  // Deep nesting is rejected rather than recursing without bound.
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += R"j({"type":"array","elementType":)j";
  deep += "\"long\"";
  for (int i = 0; i < 200; ++i) deep += "}";
  EXPECT_FALSE(ParseDeltaType(deep).ok());
}

constexpr const char* kMappedSchema = R"j({"type":"struct","fields":[
  {"name":"a","type":"long","nullable":true,
   "metadata":{"delta.columnMapping.id":1,"delta.columnMapping.physicalName":"col-a"}},
  {"name":"s","type":{"type":"struct","fields":[
     {"name":"x","type":"integer","nullable":true,
      "metadata":{"delta.columnMapping.id":3,"delta.columnMapping.physicalName":"col-x"}}]},
   "nullable":true,
   "metadata":{"delta.columnMapping.id":2,"delta.columnMapping.physicalName":"col-s"}},
  {"name":"l","type":{"type":"array","elementType":{"type":"struct","fields":[
     {"name":"y","type":"integer","nullable":true,
      "metadata":{"delta.columnMapping.id":5,"delta.columnMapping.physicalName":"col-y"}}]},
     "containsNull":true},"nullable":true,
   "metadata":{"delta.columnMapping.id":4,"delta.columnMapping.physicalName":"col-l"}}]})j";

TEST(DeltaSchemaTest, ColumnMappingModes) {
  EXPECT_EQ(*ParseColumnMappingMode(""), ColumnMappingMode::kNone);
  EXPECT_EQ(*ParseColumnMappingMode("none"), ColumnMappingMode::kNone);
  EXPECT_EQ(*ParseColumnMappingMode("name"), ColumnMappingMode::kName);
  EXPECT_EQ(*ParseColumnMappingMode("id"), ColumnMappingMode::kId);
  EXPECT_EQ(ParseColumnMappingMode("bogus").status().code(), StatusCode::kNotSupported);
}

TEST(DeltaSchemaTest, PhysicalSchema) {
  auto logical = MustParse(kMappedSchema);
  ASSERT_NE(logical, nullptr);
  auto none = MakePhysicalSchema(*logical, ColumnMappingMode::kNone);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)->field(0)->name, "a");

  auto phys = MakePhysicalSchema(*logical, ColumnMappingMode::kName);
  ASSERT_TRUE(phys.ok()) << phys.status().ToString();
  const Schema& p = **phys;
  EXPECT_EQ(p.field(0)->name, "col-a");
  EXPECT_EQ(p.field(0)->field_id, 1);
  EXPECT_EQ(p.field(1)->name, "col-s");
  EXPECT_EQ(p.field(1)->type->children()[0]->name, "col-x");
  EXPECT_EQ(p.field(1)->type->children()[0]->field_id, 3);
  const auto& elem = p.field(2)->type->children()[0]->type;
  EXPECT_EQ(elem->children()[0]->name, "col-y");
  EXPECT_EQ(elem->children()[0]->field_id, 5);

  auto names = MakeColumnNameMap(*logical, ColumnMappingMode::kId);
  ASSERT_TRUE(names.ok());
  using Path = std::vector<std::string>;
  EXPECT_EQ(names->logical_to_physical.at(Path{"s", "x"}), (Path{"col-s", "col-x"}));
  EXPECT_EQ(names->physical_to_logical.at(Path{"col-a"}), (Path{"a"}));
  EXPECT_EQ(names->logical_to_physical.size(), 4u);  // a, s, s.x, l (not into the array)

  auto identity = MakeColumnNameMap(*logical, ColumnMappingMode::kNone);
  ASSERT_TRUE(identity.ok());
  EXPECT_EQ(identity->logical_to_physical.at(Path{"s", "x"}), (Path{"s", "x"}));
}

TEST(DeltaSchemaTest, NestedFieldIds) {
  auto logical = MustParse(R"j({"type":"struct","fields":[
    {"name":"m","type":{"type":"map","keyType":"string","valueType":{"type":"array",
     "elementType":"integer","containsNull":true},"valueContainsNull":true},"nullable":true,
     "metadata":{"delta.columnMapping.id":1,"delta.columnMapping.physicalName":"col-m",
     "delta.columnMapping.nested.ids":{"col-m.key":7,"col-m.value":8,"col-m.value.element":9}}},
    {"name":"l","type":{"type":"array","elementType":"long","containsNull":true},
     "nullable":true,"metadata":{"delta.columnMapping.id":2,"delta.columnMapping.physicalName":
     "col-l","delta.columnMapping.nested.ids":"bad"}}]})j");
  ASSERT_NE(logical, nullptr);
  Schema only_map({logical->field(0)});
  auto phys = MakePhysicalSchema(only_map, ColumnMappingMode::kId);
  ASSERT_TRUE(phys.ok()) << phys.status().ToString();
  const auto& entries = (*phys)->field(0)->type->children()[0]->type;
  EXPECT_EQ(entries->children()[0]->field_id, 7);
  EXPECT_EQ(entries->children()[1]->field_id, 8);
  EXPECT_EQ(entries->children()[1]->type->children()[0]->field_id, 9);
  EXPECT_EQ(MakePhysicalSchema(*logical, ColumnMappingMode::kId).status().code(),
            StatusCode::kCorrupt);
}

TEST(DeltaSchemaTest, PhysicalSchemaMissingMetadata) {
  auto logical = MustParse(R"j({"type":"struct","fields":[{"name":"a","type":"long",
    "nullable":true,"metadata":{"delta.columnMapping.physicalName":"col-a"}}]})j");
  ASSERT_NE(logical, nullptr);
  EXPECT_TRUE(MakePhysicalSchema(*logical, ColumnMappingMode::kName).ok());
  auto id = MakePhysicalSchema(*logical, ColumnMappingMode::kId);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), StatusCode::kCorrupt);
  auto bare = MustParse(R"j({"type":"struct","fields":[{"name":"a","type":"long"}]})j");
  EXPECT_EQ(MakePhysicalSchema(*bare, ColumnMappingMode::kName).status().code(),
            StatusCode::kCorrupt);
}

TEST(DeltaSchemaTest, MutatedInputNeverCrashes) {
  const std::string valid = kMappedSchema;
  for (size_t len = 0; len < valid.size(); ++len) {
    (void)ParseDeltaSchema(std::string_view(valid).substr(0, len));
  }
  for (size_t i = 0; i < valid.size(); ++i) {
    for (char c : {'\0', '{', '}', '[', '"', ':', ',', '1', '\xff'}) {
      std::string mutated = valid;
      mutated[i] = c;
      auto r = ParseDeltaSchema(mutated);
      if (r.ok()) (void)MakePhysicalSchema(**r, ColumnMappingMode::kId);
    }
  }
}

}  // namespace
}  // namespace silt::delta
