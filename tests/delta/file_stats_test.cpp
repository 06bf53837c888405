#include "silt/delta/kernel/file_stats.h"

#include <gtest/gtest.h>

namespace silt::delta {
namespace {

using Path = std::vector<std::string>;

SchemaPtr TestSchema() {
  return std::make_shared<const Schema>(std::vector<FieldPtr>{
      field("id", int64()), field("name", utf8()), field("price", decimal(10, 2)),
      field("ts", timestamp(TimeUnit::kMicro, "UTC")),
      field("ntz", timestamp(TimeUnit::kMicro, "")), field("d", date32()), field("ok", boolean()),
      field("f", float64()),
      field("s", struct_({field("x", int32()), field("inner", struct_({field("y", utf8())}))})),
      field("arr", list(field("element", int32())))});
}

TEST(FileStatsTest, FullStats) {
  auto schema = TestSchema();
  auto r = ParseFileStats(R"({"numRecords":3,
    "minValues":{"id":1,"name":"a\"b","price":1.50,"ts":"2024-01-01T00:00:00.123Z",
      "ntz":"2024-01-01T00:00:00.000","d":"2024-01-01","f":-0.5,
      "s":{"x":-4,"inner":{"y":"q"}}},
    "maxValues":{"id":9,"name":"zz","price":99.99,"ts":"2024-01-02T00:00:00.999+01:00",
      "d":"2024-02-01","f":1e3,"s":{"x":4}},
    "nullCount":{"id":0,"name":1,"ok":3,"s":{"x":0,"inner":{"y":2}},"arr":1},
    "tightBounds":true})",
                          *schema);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const FileStats& fs = *r;
  EXPECT_EQ(fs.num_records, 3);
  EXPECT_EQ(fs.tight_bounds, true);
  EXPECT_EQ(fs.skipped_values, 0);
  const ColumnStats* id = fs.Find({"id"});
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->min->int_value(), 1);
  EXPECT_EQ(id->max->int_value(), 9);
  EXPECT_EQ(id->null_count, 0);
  EXPECT_EQ(fs.Find({"name"})->min->string_value(), "a\"b");
  EXPECT_EQ(fs.Find({"price"})->min->decimal_value(), static_cast<__int128>(150));
  EXPECT_EQ(fs.Find({"price"})->max->decimal_value(), static_cast<__int128>(9999));
  const ColumnStats* ts = fs.Find({"ts"});
  EXPECT_EQ(ts->min->int_value(), 1704067200123000);
  EXPECT_EQ(ts->max->int_value(), 1704150000999000);  // offset applied -> UTC
  EXPECT_TRUE(ts->max_truncated_to_millis);
  EXPECT_TRUE(ts->min->type()->Equals(*timestamp(TimeUnit::kMicro, "UTC")));
  EXPECT_EQ(fs.Find({"ntz"})->min->int_value(), 1704067200000000);
  EXPECT_FALSE(fs.Find({"ntz"})->max.has_value());
  EXPECT_EQ(fs.Find({"d"})->max->int_value(), 19754);
  EXPECT_DOUBLE_EQ(fs.Find({"f"})->max->double_value(), 1000.0);
  EXPECT_EQ(fs.Find({"ok"})->null_count, 3);
  EXPECT_FALSE(fs.Find({"ok"})->min.has_value());
  EXPECT_EQ(fs.Find({"s", "x"})->min->int_value(), -4);
  EXPECT_EQ(fs.Find({"s", "x"})->max->int_value(), 4);
  EXPECT_EQ(fs.Find({"s", "inner", "y"})->min->string_value(), "q");
  EXPECT_EQ(fs.Find({"s", "inner", "y"})->null_count, 2);
  EXPECT_EQ(fs.Find({"arr"})->null_count, 1);
  EXPECT_EQ(fs.Find({"s"}), nullptr);
  EXPECT_EQ(fs.Find({"missing"}), nullptr);
}

TEST(FileStatsTest, ToleratesMissingAndUnknown) {
  auto schema = TestSchema();
  auto only_count = ParseFileStats(R"({"numRecords":0})", *schema);
  ASSERT_TRUE(only_count.ok());
  EXPECT_EQ(only_count->num_records, 0);
  EXPECT_TRUE(only_count->columns.empty());
  EXPECT_FALSE(only_count->tight_bounds.has_value());

  auto r = ParseFileStats(R"({"numRecords":2,"minValues":{"dropped":5,"id":null,
      "name":"\uDBFF\uDFFF","s":{"nope":1},"d":"not a date","id2":{"a":1}},
      "maxValues":null,"futureStat":{"id":3},"nullCount":{"s":{"x":1},"id":"x"}})",
                          *schema);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Find({"id"}), nullptr);
  EXPECT_EQ(r->Find({"name"})->min->string_value(), "\xF4\x8F\xBF\xBF");  // U+10FFFF
  EXPECT_EQ(r->Find({"d"}), nullptr);
  EXPECT_EQ(r->skipped_values, 2);  // the bad date, the string null count
  EXPECT_EQ(r->Find({"s", "x"})->null_count, 1);
}

TEST(FileStatsTest, DecimalExponentBounds) {
  // Spark writes BigDecimal bounds such as 0E-10 (delta-kernel-rs/basic-decimal-table).
  auto schema = std::make_shared<const Schema>(std::vector<FieldPtr>{
      field("a", decimal(38, 10)), field("b", decimal(10, 2)), field("c", decimal(10, 2))});
  auto r = ParseFileStats(
      R"({"minValues":{"a":0E-10,"b":-1.25E+2,"c":5E1},"maxValues":{"a":1.5e-9,"b":1E+20}})",
      *schema);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Find({"a"})->min->decimal_value(), static_cast<__int128>(0));
  EXPECT_EQ(r->Find({"a"})->max->decimal_value(), static_cast<__int128>(15));
  EXPECT_EQ(r->Find({"b"})->min->decimal_value(), static_cast<__int128>(-12500));
  EXPECT_EQ(r->Find({"c"})->min->decimal_value(), static_cast<__int128>(5000));
  EXPECT_FALSE(r->Find({"b"})->max.has_value());  // does not fit decimal(10,2)
  EXPECT_EQ(r->skipped_values, 1);
}

TEST(FileStatsTest, TruncatedStringBounds) {
  // Writers truncate long strings (32 chars by default) and append a tie-breaker to max.
  auto schema = TestSchema();
  std::string prefix(32, 'a');
  auto r = ParseFileStats(R"({"minValues":{"name":")" + prefix + R"("},"maxValues":{"name":")" +
                              prefix + R"(\uFFFF"}})",
                          *schema);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Find({"name"})->min->string_value(), prefix);
  EXPECT_EQ(r->Find({"name"})->max->string_value(), prefix + "\xEF\xBF\xBF");
}

TEST(FileStatsTest, ColumnMappingNames) {
  auto logical = ParseDeltaSchema(R"({"type":"struct","fields":[
    {"name":"a","type":"long","nullable":true,
     "metadata":{"delta.columnMapping.id":1,"delta.columnMapping.physicalName":"col-1"}},
    {"name":"s","type":{"type":"struct","fields":[{"name":"x","type":"integer","nullable":true,
     "metadata":{"delta.columnMapping.id":3,"delta.columnMapping.physicalName":"col-3"}}]},
     "nullable":true,
     "metadata":{"delta.columnMapping.id":2,"delta.columnMapping.physicalName":"col-2"}}]})");
  ASSERT_TRUE(logical.ok());
  auto physical = MakePhysicalSchema(**logical, ColumnMappingMode::kName);
  ASSERT_TRUE(physical.ok());
  auto names = MakeColumnNameMap(**logical, ColumnMappingMode::kName);
  ASSERT_TRUE(names.ok());
  const char* json = R"({"numRecords":1,"minValues":{"col-1":5,"col-2":{"col-3":7}}})";
  auto by_physical = ParseFileStats(json, **physical);
  ASSERT_TRUE(by_physical.ok());
  EXPECT_EQ(by_physical->Find({"col-2", "col-3"})->min->int_value(), 7);
  auto by_logical = ParseFileStats(json, **physical, &*names);
  ASSERT_TRUE(by_logical.ok());
  EXPECT_EQ(by_logical->Find({"a"})->min->int_value(), 5);
  EXPECT_EQ(by_logical->Find({"s", "x"})->min->int_value(), 7);
  EXPECT_EQ(by_logical->Find({"col-1"}), nullptr);
}

TEST(FileStatsTest, Malformed) {
  auto schema = TestSchema();
  for (const char* bad :
       {"", "{", "[]", R"({"numRecords":"3"})", R"({"numRecords":-1})", R"({"tightBounds":1})",
        R"({"minValues":[1]})", R"({"minValues":{"id":1,})", R"({"numRecords":1.5})"}) {
    auto r = ParseFileStats(bad, *schema);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kCorrupt) << bad << " " << r.status().ToString();
  }
}

TEST(FileStatsTest, MutatedInputNeverCrashes) {
  // Every truncation and single-byte corruption of a valid stats string either parses or
  // fails cleanly (run under the sanitizer build to catch out-of-bounds reads).
  auto schema = TestSchema();
  const std::string valid =
      R"({"numRecords":3,"minValues":{"id":1,"name":"ab","price":1.5E+1,"ts":"2024-01-01T00:00:00.000Z",)"
      R"("s":{"x":-4,"inner":{"y":"q"}}},"maxValues":{"id":9},"nullCount":{"s":{"x":0},"arr":1}})";
  ASSERT_TRUE(ParseFileStats(valid, *schema).ok());
  for (size_t len = 0; len < valid.size(); ++len) {
    (void)ParseFileStats(std::string_view(valid).substr(0, len), *schema);
  }
  for (size_t i = 0; i < valid.size(); ++i) {
    for (char c : {'\0', '{', '}', '"', '\\', 'E', '-', ':', ',', '\xff'}) {
      std::string mutated = valid;
      mutated[i] = c;
      (void)ParseFileStats(mutated, *schema);
    }
  }
}

}  // namespace
}  // namespace silt::delta
