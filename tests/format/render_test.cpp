#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>

#include "silt/columnar/builder.h"
#include "silt/common/temporal.h"
#include "silt/format/result_writer.h"
#include "silt/format/value_text.h"

namespace silt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

template <typename V>
ArrayDataPtr Arr(const DataTypePtr& type, const std::vector<V>& values,
                 const std::vector<bool>& valid = {}) {
  auto r = MakeArray<V>(type, values, valid);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

RecordBatchPtr Batch(std::vector<std::pair<std::string, ArrayDataPtr>> cols) {
  std::vector<FieldPtr> fields;
  std::vector<ArrayDataPtr> arrays;
  for (auto& [name, a] : cols) {
    fields.push_back(field(name, a->type));
    arrays.push_back(a);
  }
  int64_t rows = arrays.empty() ? 0 : arrays[0]->length;
  return std::make_shared<RecordBatch>(std::make_shared<Schema>(fields), rows, arrays);
}

std::string Render(OutputFormat format, const RecordBatchPtr& batch, WriterOptions options = {}) {
  std::ostringstream out;
  Status st = WriteBatches(format, *batch->schema(), {batch}, &out, options);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out.str();
}

// One column rendered as CSV, without the header.
std::string CsvValues(const ArrayDataPtr& a) {
  WriterOptions no_header;
  no_header.header = false;
  return Render(OutputFormat::kCsv, Batch({{"v", a}}), no_header);
}

std::string JsonValue(const ArrayDataPtr& a, int64_t row) {
  std::string s;
  AppendValueJson(*a, row, &s);
  return s;
}

int32_t Day(int64_t y, int m, int d) { return static_cast<int32_t>(DaysFromCivil(y, m, d)); }

ArrayDataPtr IntervalArray(int32_t months, int32_t days, int64_t nanos) {
  ArrayBuilder b(interval());
  uint8_t bytes[16];
  std::memcpy(bytes, &months, 4);
  std::memcpy(bytes + 4, &days, 4);
  std::memcpy(bytes + 8, &nanos, 8);
  EXPECT_TRUE(b.AppendFixed(bytes).ok());
  return *b.Finish();
}

TEST(RenderCsv, ScalarsNullsAndQuoting) {
  auto b = Batch({{"id", Arr<int64_t>(int64(), {1, -2, 0}, {true, true, false})},
                  {"name", Arr<std::string>(utf8(), {"plain", "a,b", ""}, {true, true, true})},
                  {"quote", Arr<std::string>(utf8(), {"say \"hi\"", "line\nbreak", "x"}, {true, true, false})},
                  {"ok", Arr<bool>(boolean(), {true, false, true}, {true, true, false})}});
  EXPECT_EQ(Render(OutputFormat::kCsv, b),
            "id,name,quote,ok\n"
            "1,plain,\"say \"\"hi\"\"\",true\n"
            "-2,\"a,b\",\"line\nbreak\",false\n"
            ",\"\",,\n");
  EXPECT_EQ(Render(OutputFormat::kTsv, b),
            "id\tname\tquote\tok\n"
            "1\tplain\t\"say \"\"hi\"\"\"\ttrue\n"
            "-2\ta,b\t\"line\nbreak\"\tfalse\n"
            "\t\"\"\t\t\n");
  auto odd = Batch({{"a,b", Arr<int32_t>(int32(), {1})}, {"c\"d", Arr<int32_t>(int32(), {2})}});
  EXPECT_EQ(Render(OutputFormat::kCsv, odd), "\"a,b\",\"c\"\"d\"\n1,2\n");
}

TEST(RenderCsv, Numbers) {
  EXPECT_EQ(CsvValues(Arr<double>(float64(), {0.1, 1e20, 1.5e-7, -0.0, 100, kInf, -kInf, kNaN})),
            "0.1\n1e+20\n1.5e-07\n-0\n100\ninf\n-inf\nNaN\n");
  EXPECT_EQ(CsvValues(Arr<float>(float32(), {0.1f, 16777216.0f, static_cast<float>(kNaN)})),
            "0.1\n16777216\nNaN\n");
  EXPECT_EQ(CsvValues(Arr<uint64_t>(uint64(), {UINT64_MAX})), "18446744073709551615\n");
  EXPECT_EQ(CsvValues(Arr<int8_t>(int8(), {-128})), "-128\n");
  EXPECT_EQ(CsvValues(Arr<__int128>(decimal128(10, 2), {1250, -5, 0})), "12.50\n-0.05\n0.00\n");
  EXPECT_EQ(CsvValues(Arr<__int128>(decimal128(5, 0), {42})), "42\n");
  __int128 big = static_cast<__int128>(INT64_MAX) * 1000000 + 123456;
  EXPECT_EQ(CsvValues(Arr<__int128>(decimal128(38, 6), {-big})), "-9223372036854775807.123456\n");
  // decimal64 renders exactly like decimal128 of the same precision and scale.
  EXPECT_EQ(CsvValues(Arr<int64_t>(decimal64(10, 2), {1250, -5, 0})), "12.50\n-0.05\n0.00\n");
  EXPECT_EQ(CsvValues(Arr<int64_t>(decimal64(18, 18), {INT64_MIN, -1})),
            "-9.223372036854775808\n-0.000000000000000001\n");
  EXPECT_EQ(CsvValues(Arr<int64_t>(decimal64(18, 0), {INT64_MAX})), "9223372036854775807\n");
}

TEST(RenderCsv, Temporal) {
  EXPECT_EQ(CsvValues(Arr<int32_t>(date32(), {Day(2024, 1, 1), Day(290000, 1, 1), Day(-44, 3, 15),
                                              Day(1, 1, 1), Day(10000, 1, 1)})),
            "2024-01-01\n+290000-01-01\n-0044-03-15\n0001-01-01\n+10000-01-01\n");
  int64_t s0 = static_cast<int64_t>(Day(2024, 1, 2)) * 86400 + 3 * 3600 + 4 * 60 + 5;
  EXPECT_EQ(CsvValues(Arr<int64_t>(timestamp(TimeUnit::kMicro), {s0 * 1000000, s0 * 1000000 + 120})),
            "2024-01-02 03:04:05\n2024-01-02 03:04:05.000120\n");
  EXPECT_EQ(CsvValues(Arr<int64_t>(timestamp(TimeUnit::kMilli, "UTC"), {s0 * 1000 + 5})),
            "2024-01-02 03:04:05.005000Z\n");
  EXPECT_EQ(CsvValues(Arr<int64_t>(timestamp(TimeUnit::kNano, "+02:00"), {s0 * 1000000000 + 7, -1})),
            "2024-01-02 03:04:05.000000007Z\n1969-12-31 23:59:59.999999999Z\n");
  EXPECT_EQ(CsvValues(Arr<int64_t>(time64(TimeUnit::kMicro), {0, 45296789012})),
            "00:00:00\n12:34:56.789012\n");
  EXPECT_EQ(CsvValues(Arr<int64_t>(time64(TimeUnit::kNano), {1})), "00:00:00.000000001\n");
  EXPECT_EQ(CsvValues(IntervalArray(14, 3, (4 * 3600 + 5 * 60 + 6) * 1000000000LL + 500000000)),
            "P1Y2M3DT4H5M6.5S\n");
  EXPECT_EQ(CsvValues(IntervalArray(0, 0, 0)), "PT0S\n");
}

TEST(RenderCsv, BinaryAndNested) {
  EXPECT_EQ(CsvValues(Arr<std::string>(binary(), {std::string("\x00\xff\x10", 3), ""})),
            "00ff10\n\"\"\n");
  ArrayBuilder fb(fixed_binary(2));
  ASSERT_TRUE(fb.AppendFixed("AB").ok());
  ASSERT_TRUE(fb.AppendNull().ok());
  EXPECT_EQ(CsvValues(*fb.Finish()), "4142\n\n");

  ArrayBuilder lb(list(field("item", int32())));
  ASSERT_TRUE(lb.child(0)->Append<int32_t>(1).ok());
  ASSERT_TRUE(lb.child(0)->AppendNull().ok());
  ASSERT_TRUE(lb.AppendListRow().ok());
  ASSERT_TRUE(lb.AppendListRow().ok());
  ASSERT_TRUE(lb.AppendNull().ok());
  auto lists = *lb.Finish();
  EXPECT_EQ(CsvValues(lists), "\"[1,null]\"\n[]\n\n");

  auto stype = struct_({field("x", int64()), field("s", utf8()), field("d", date32())});
  ArrayBuilder sb(stype);
  ASSERT_TRUE(sb.AppendStructValid().ok());
  ASSERT_TRUE(sb.child(0)->Append<int64_t>(7).ok());
  ASSERT_TRUE(sb.child(1)->AppendString("q\"").ok());
  ASSERT_TRUE(sb.child(2)->Append<int32_t>(Day(2024, 2, 29)).ok());
  ASSERT_TRUE(sb.AppendNull().ok());
  auto structs = *sb.Finish();
  EXPECT_EQ(CsvValues(structs), "\"{\"\"x\"\":7,\"\"s\"\":\"\"q\\\"\"\"\",\"\"d\"\":\"\"2024-02-29\"\"}\"\n\n");
  EXPECT_EQ(JsonValue(structs, 0), "{\"x\":7,\"s\":\"q\\\"\",\"d\":\"2024-02-29\"}");

  auto mtype = map(field("key", utf8(), false), field("value", float64()));
  ArrayBuilder mb(mtype);
  auto* entries = mb.child(0);
  ASSERT_TRUE(entries->AppendStructValid().ok());
  ASSERT_TRUE(entries->child(0)->AppendString("b").ok());
  ASSERT_TRUE(entries->child(1)->Append<double>(kNaN).ok());
  ASSERT_TRUE(entries->AppendStructValid().ok());
  ASSERT_TRUE(entries->child(0)->AppendString("a").ok());
  ASSERT_TRUE(entries->child(1)->AppendNull().ok());
  ASSERT_TRUE(mb.AppendListRow().ok());
  auto maps = *mb.Finish();
  EXPECT_EQ(JsonValue(maps, 0), "[{\"key\":\"b\",\"value\":\"NaN\"},{\"key\":\"a\",\"value\":null}]");
}

TEST(RenderCsv, DictionaryAndConstantColumns) {
  auto dict = Arr<std::string>(utf8(), {"x", "y,z"}, {true, true});
  auto idx = Arr<int32_t>(int32(), {1, 0, 0}, {true, true, false});
  auto d = std::make_shared<ArrayData>(*idx);
  d->type = utf8();
  d->encoding = Encoding::kDictionary;
  d->dictionary = dict;
  auto c = MakeConstantArray(Arr<int32_t>(date32(), {Day(2024, 5, 1)}), 3);
  auto nc = MakeConstantArray(*MakeNullArray(int64(), 1), 3);
  auto b = Batch({{"d", d}, {"c", c}, {"n", nc}});
  EXPECT_EQ(Render(OutputFormat::kCsv, b), "d,c,n\n\"y,z\",2024-05-01,\nx,2024-05-01,\n,2024-05-01,\n");
  EXPECT_EQ(Render(OutputFormat::kNdjson, b),
            "{\"d\":\"y,z\",\"c\":\"2024-05-01\",\"n\":null}\n"
            "{\"d\":\"x\",\"c\":\"2024-05-01\",\"n\":null}\n"
            "{\"d\":null,\"c\":\"2024-05-01\",\"n\":null}\n");
}

TEST(RenderJson, ArrayAndNdjson) {
  auto b = Batch({{"i", Arr<int32_t>(int32(), {1, 2}, {true, false})},
                  {"dec", Arr<__int128>(decimal128(4, 2), {1250, -1})},
                  {"f", Arr<double>(float64(), {kInf, 0.5})},
                  {"s", Arr<std::string>(utf8(), {"a\"\\\n\t\x01", "\xff" "ok\xc3\xa9"})},
                  {"bin", Arr<std::string>(binary(), {"\x0a", ""})},
                  {"t", Arr<int64_t>(timestamp(TimeUnit::kMicro, "UTC"), {0, 1})}});
  EXPECT_EQ(Render(OutputFormat::kJson, b),
            "[\n"
            "{\"i\":1,\"dec\":12.50,\"f\":\"inf\",\"s\":\"a\\\"\\\\\\n\\t\\u0001\",\"bin\":\"0a\","
            "\"t\":\"1970-01-01 00:00:00Z\"},\n"
            "{\"i\":null,\"dec\":-0.01,\"f\":0.5,\"s\":\"\xEF\xBF\xBDok\xC3\xA9\",\"bin\":\"\","
            "\"t\":\"1970-01-01 00:00:00.000001Z\"}\n"
            "]\n");
  EXPECT_EQ(Render(OutputFormat::kNdjson, b.get() ? b->Slice(1, 1) : b),
            "{\"i\":null,\"dec\":-0.01,\"f\":0.5,\"s\":\"\xEF\xBF\xBDok\xC3\xA9\",\"bin\":\"\","
            "\"t\":\"1970-01-01 00:00:00.000001Z\"}\n");
  EXPECT_EQ(Render(OutputFormat::kJson, b->Slice(0, 0)), "[]\n");
  EXPECT_EQ(Render(OutputFormat::kNdjson, b->Slice(0, 0)), "");
  EXPECT_EQ(JsonValue(Arr<double>(float64(), {-kInf}), 0), "\"-inf\"");
  EXPECT_EQ(JsonValue(Arr<double>(float64(), {kNaN}), 0), "\"NaN\"");
  EXPECT_EQ(JsonValue(Arr<double>(float64(), {1e-300}), 0), "1e-300");
}

TEST(RenderJson, InvalidUtf8IsRepaired) {
  auto check = [](std::string_view in, std::string_view expected) {
    std::string out;
    AppendJsonString(in, &out);
    EXPECT_EQ(out, expected);
  };
  const std::string r = "\xEF\xBF\xBD";
  check("\xc3\xa9", "\"\xc3\xa9\"");                  // é
  check("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");  // 😀
  check("\xc0\xaf", "\"" + r + r + "\"");             // overlong '/'
  check("\xed\xa0\x80", "\"" + r + r + r + "\"");     // surrogate U+D800
  check("\xf4\x90\x80\x80", "\"" + r + r + r + r + "\"");  // above U+10FFFF
  check("\xe2\x82", "\"" + r + r + "\"");             // truncated
  check("a\x7f", "\"a\x7f\"");
  check(std::string("\0", 1), "\"\\u0000\"");
  check("\x1f\b\f\r", "\"\\u001f\\b\\f\\r\"");
}

TEST(RenderTable, BoxedLayout) {
  auto b = Batch({{"id", Arr<int64_t>(int64(), {1, 20}, {true, false})},
                  {"name", Arr<std::string>(utf8(), {"ab", "x\ny"})}});
  EXPECT_EQ(Render(OutputFormat::kTable, b),
            "┌───────┬──────┐\n"
            "│  id   │ name │\n"
            "│ int64 │ utf8 │\n"
            "├───────┼──────┤\n"
            "│     1 │ ab   │\n"
            "│  NULL │ x\\ny │\n"
            "└───────┴──────┘\n");
  EXPECT_EQ(Render(OutputFormat::kTable, b->Slice(0, 0)),
            "┌───────┬──────┐\n"
            "│  id   │ name │\n"
            "│ int64 │ utf8 │\n"
            "├───────┼──────┤\n"
            "└───────┴──────┘\n"
            "0 rows\n");
}

TEST(RenderTable, Decimal64LikeDecimal128) {
  auto b64 = Batch({{"d", Arr<int64_t>(decimal64(4, 2), {1250, -1}, {true, true})}});
  auto b128 = Batch({{"d", Arr<__int128>(decimal128(4, 2), {1250, -1}, {true, true})}});
  EXPECT_EQ(Render(OutputFormat::kTable, b64), Render(OutputFormat::kTable, b128));
  EXPECT_EQ(Render(OutputFormat::kJson, b64), Render(OutputFormat::kJson, b128));
  EXPECT_EQ(Render(OutputFormat::kNdjson, b64), "{\"d\":12.50}\n{\"d\":-0.01}\n");
  EXPECT_EQ(Render(OutputFormat::kTable, b64),
            "┌──────────────┐\n"
            "│      d       │\n"
            "│ decimal(4,2) │\n"
            "├──────────────┤\n"
            "│        12.50 │\n"
            "│        -0.01 │\n"
            "└──────────────┘\n");
}

TEST(RenderTable, TruncationWideCharsAndLongCells) {
  std::vector<int32_t> v;
  for (int i = 0; i < 10; ++i) v.push_back(i);
  WriterOptions opts;
  opts.max_table_rows = 4;
  std::ostringstream out;
  auto batch = Batch({{"v", Arr<int32_t>(int32(), v)}});
  auto writer = MakeResultWriter(OutputFormat::kTable, &out, opts);
  ASSERT_TRUE(writer->Begin(*batch->schema()).ok());
  ASSERT_TRUE(writer->Write(*batch->Slice(0, 3)).ok());
  ASSERT_TRUE(writer->Write(*batch->Slice(3, 7)).ok());
  ASSERT_TRUE(writer->End().ok());
  EXPECT_EQ(out.str(),
            "┌───────┐\n"
            "│   v   │\n"
            "│ int32 │\n"
            "├───────┤\n"
            "│     0 │\n"
            "│     1 │\n"
            "│   ·   │\n"
            "│     8 │\n"
            "│     9 │\n"
            "└───────┘\n"
            "10 rows (4 shown)\n");

  WriterOptions narrow;
  narrow.max_column_width = 6;
  auto wide = Batch({{"s", Arr<std::string>(utf8(), {"日本", "abcdefghij"})}});
  EXPECT_EQ(Render(OutputFormat::kTable, wide, narrow),
            "┌────────┐\n"
            "│   s    │\n"
            "│  utf8  │\n"
            "├────────┤\n"
            "│ 日本   │\n"
            "│ abcde… │\n"
            "└────────┘\n");
}

TEST(ResultWriter, FormatsAndErrors) {
  EXPECT_EQ(*ParseOutputFormat("CSV"), OutputFormat::kCsv);
  EXPECT_EQ(*ParseOutputFormat("ndjson"), OutputFormat::kNdjson);
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_EQ(ParseOutputFormat("xml").status().code(), StatusCode::kInvalidArgument);
  EXPECT_STREQ(OutputFormatName(OutputFormat::kTsv), "tsv");
  // A failed stream is an IO error, not a silent truncation.
  std::ostringstream broken;
  broken.setstate(std::ios::badbit);
  auto b = Batch({{"x", Arr<int32_t>(int32(), {1})}});
  Status st = WriteBatches(OutputFormat::kCsv, *b->schema(), {b}, &broken);
  EXPECT_EQ(st.code(), StatusCode::kIO);
  // A batch that does not match the schema is rejected.
  std::ostringstream out;
  auto writer = MakeResultWriter(OutputFormat::kJson, &out);
  ASSERT_TRUE(writer->Begin(*b->schema()).ok());
  auto two = Batch({{"x", Arr<int32_t>(int32(), {1})}, {"y", Arr<int32_t>(int32(), {1})}});
  EXPECT_FALSE(writer->Write(*two).ok());
}

}  // namespace
}  // namespace silt
