#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "csv_test_util.h"
#include "silt/csv/csv_values.h"

namespace silt::csv {
namespace {

using Strings = std::vector<std::string>;

TEST(CsvValuesTest, StrictParsers) {
  int64_t i = 0;
  EXPECT_TRUE(ReadInt64("-42", &i));
  EXPECT_EQ(i, -42);
  EXPECT_TRUE(ReadInt64("+7", &i));
  EXPECT_EQ(i, 7);
  EXPECT_FALSE(ReadInt64("+-7", &i));
  EXPECT_FALSE(ReadInt64("1.0", &i));
  EXPECT_FALSE(ReadInt64(" 1", &i));
  EXPECT_FALSE(ReadInt64("99999999999999999999", &i));
  double d = 0;
  EXPECT_TRUE(ReadFloat64("1.5e3", &d));
  EXPECT_EQ(d, 1500);
  EXPECT_TRUE(ReadFloat64("-2E-2", &d));
  EXPECT_TRUE(ReadFloat64("inf", &d));
  EXPECT_TRUE(ReadFloat64("NaN", &d));
  EXPECT_TRUE(ReadFloat64(".5", &d));
  EXPECT_FALSE(ReadFloat64("1,5", &d));
  EXPECT_FALSE(ReadFloat64("0x10", &d));
  EXPECT_FALSE(ReadFloat64("nan(1)", &d));
  int32_t date = 0;
  EXPECT_TRUE(ReadDate32("2024-01-02", &date));
  EXPECT_EQ(date, 19724);
  EXPECT_FALSE(ReadDate32("2023-02-29", &date));
  EXPECT_FALSE(ReadDate32("2024-1-02", &date));
  int64_t ts = 0;
  EXPECT_TRUE(ReadTimestampMicros("2024-01-02 03:04:05.123456", &ts));
  EXPECT_EQ(ts, 1704164645123456);
  EXPECT_TRUE(ReadTimestampMicros("2024-01-02T03:04:05", &ts));
  EXPECT_EQ(ts, 1704164645000000);
  EXPECT_TRUE(ReadTimestampMicros("2024-01-02T03:04:05.1234567", &ts));
  EXPECT_EQ(ts, 1704164645123456);
  EXPECT_FALSE(ReadTimestampMicros("2024-01-02 03:04:05Z", &ts));
  EXPECT_FALSE(ReadTimestampMicros("2024-01-02 24:00:00", &ts));
  EXPECT_FALSE(ReadTimestampMicros("2024-01-02 03:04:05.", &ts));
  bool b = false;
  EXPECT_TRUE(ReadBool("TRUE", &b));
  EXPECT_TRUE(b);
  EXPECT_FALSE(ReadBool("1", &b));
}

TEST(CsvReaderTest, InfersEveryType) {
  std::string text =
      "b,i,f,e,d,t,s,mixed_num,date_ts,nulls\n"
      "true,1,1.5,1e3,2024-01-02,2024-01-02 03:04:05,x,1,2024-01-02,\n"
      "FALSE,-2,2,-2.5E-1,1999-12-31,2024-01-02T03:04:05.123456,y,2.5,2024-01-02 03:04:05,\n"
      ",,,,,,,,,\n";
  EXPECT_EQ(SchemaText(text),
            "b: boolean, i: int64, f: float64, e: float64, d: date32, t: timestamp(us), s: utf8, "
            "mixed_num: float64, date_ts: timestamp(us), nulls: utf8");
  auto batches = ReadText(text);
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  EXPECT_EQ(ColumnText(*batches, 0), (Strings{"true", "false", "NULL"}));
  EXPECT_EQ(ColumnText(*batches, 1), (Strings{"1", "-2", "NULL"}));
  EXPECT_EQ(ColumnText(*batches, 3), (Strings{"1000", "-0.25", "NULL"}));
  EXPECT_EQ(ColumnText(*batches, 4), (Strings{"19724", "10956", "NULL"}));
  EXPECT_EQ(ColumnText(*batches, 5), (Strings{"1704164645000000", "1704164645123456", "NULL"}));
  EXPECT_EQ(ColumnText(*batches, 8), (Strings{"1704153600000000", "1704164645000000", "NULL"}));
  EXPECT_EQ(ColumnText(*batches, 9), (Strings{"NULL", "NULL", "NULL"}));
  for (const auto& batch : *batches) {
    for (const auto& column : batch->columns()) ASSERT_TRUE(ValidateArray(*column).ok());
    for (const auto& f : batch->schema()->fields()) EXPECT_TRUE(f->nullable);
  }
}

TEST(CsvReaderTest, MixedValuesFallBackToText) {
  EXPECT_EQ(SchemaText("a,b,c,d\ntrue,1,2024-01-02,1\n1,x,5,2024-01-02\n"),
            "a: utf8, b: utf8, c: utf8, d: utf8");
  EXPECT_EQ(SchemaText("a,b\ninf,nan\n1,2\n"), "a: float64, b: float64");
  // Numbers too large for int64 are floats.
  EXPECT_EQ(SchemaText("a\n1\n99999999999999999999\n"), "a: float64");
}

TEST(CsvReaderTest, InferenceUsesOnlyTheSample) {
  CsvOptions options;
  options.sample_rows = 2;
  std::string text = "n\n1\n2\nthree\n";
  EXPECT_EQ(SchemaText(text, options), "n: int64");
  auto batches = ReadText(text, options);
  ASSERT_FALSE(batches.ok());
  EXPECT_EQ(batches.status().code(), StatusCode::kExecution);
  EXPECT_EQ(batches.status().message(),
            "data.csv: line 4, column 'n': value 'three' could not be read as int64; set the "
            "column's type explicitly");
}

TEST(CsvReaderTest, HeaderDetection) {
  // Text over numbers: a header.
  EXPECT_EQ(SchemaText("id,name\n1,a\n2,b\n"), "id: int64, name: utf8");
  // Numbers in the first row: data, named column1...
  EXPECT_EQ(SchemaText("1,a\n2,b\n"), "column1: int64, column2: utf8");
  // All text: the first row is taken as a header.
  EXPECT_EQ(SchemaText("city,country\nParis,France\n"), "city: utf8, country: utf8");
  // An empty field in the first row: not a header.
  EXPECT_EQ(SchemaText("a,\nx,y\n"), "column1: utf8, column2: utf8");
  // A header-only file.
  EXPECT_EQ(SchemaText("a,b\n"), "a: utf8, b: utf8");
  // Explicit settings win.
  CsvOptions no_header;
  no_header.has_header = false;
  EXPECT_EQ(SchemaText("id,name\n1,a\n", no_header), "column1: utf8, column2: utf8");
  CsvOptions header;
  header.has_header = true;
  EXPECT_EQ(SchemaText("1,2\n3,4\n", header), "1: int64, 2: int64");
  auto batches = ReadText("1,2\n3,4\n", header);
  ASSERT_TRUE(batches.ok());
  EXPECT_EQ(TotalRows(*batches), 1);
  auto all = ReadText("1,2\n3,4\n");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(TotalRows(*all), 2);
}

TEST(CsvReaderTest, DuplicateAndEmptyHeaderNames) {
  CsvOptions options;
  options.has_header = true;
  EXPECT_EQ(SchemaText("a,a,,a_1,a\n1,2,3,4,5\n", options),
            "a: int64, a_1: int64, column3: int64, a_1_1: int64, a_2: int64");
}

TEST(CsvReaderTest, DetectsDelimiter) {
  EXPECT_EQ(SchemaText("a;b;c\n1;2,5;x\n3;4,5;y\n"), "a: int64, b: utf8, c: utf8");
  EXPECT_EQ(SchemaText("a\tb\n1\t2\n"), "a: int64, b: int64");
  EXPECT_EQ(SchemaText("a|b|c\n1|2|3\n"), "a: int64, b: int64, c: int64");
  // Commas inside quotes do not count.
  EXPECT_EQ(SchemaText("x;y\n\"1,2,3\";4\n\"5,6,7\";8\n"), "x: utf8, y: int64");
  // One column: no delimiter found, the whole line is the field.
  EXPECT_EQ(SchemaText("value\n1\n2\n"), "value: int64");
  CsvOptions options;
  options.delimiter = '|';
  EXPECT_EQ(SchemaText("a,b|c\n1,2|3\n", options), "a,b: utf8, c: int64");
}

TEST(CsvReaderTest, QuotingEdgeCases) {
  std::string text =
      "a,b\n"
      "\"x,y\",\"say \"\"hi\"\"\"\n"
      "\"line1\nline2\",\"\"\n"
      "plain,\"\"\"\"\n"
      "\"ab\"cd,e\"f\n";
  auto batches = ReadText(text);
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  EXPECT_EQ(ColumnText(*batches, 0), (Strings{"x,y", "line1\nline2", "plain", "abcd"}));
  // A quoted empty field is the empty string, not NULL.
  EXPECT_EQ(ColumnText(*batches, 1), (Strings{"say \"hi\"", "", "\"", "e\"f"}));
}

TEST(CsvReaderTest, BackslashEscapeAndOtherQuote) {
  CsvOptions options;
  options.escape = '\\';
  auto batches = ReadText("a,b\n\"x\\\"y\",\"p\\\\q\"\n", options);
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  EXPECT_EQ(ColumnText(*batches, 0), (Strings{"x\"y"}));
  EXPECT_EQ(ColumnText(*batches, 1), (Strings{"p\\q"}));
  CsvOptions single;
  single.quote = '\'';
  batches = ReadText("a,b\n'x,y',2\n", single);
  ASSERT_TRUE(batches.ok());
  EXPECT_EQ(ColumnText(*batches, 0), (Strings{"x,y"}));
}

TEST(CsvReaderTest, LineEndingsBomBlankLinesAndComments) {
  auto crlf = ReadText("\xEF\xBB\xBFid,name\r\n1,\"a\r\nb\"\r\n\r\n2,c");
  ASSERT_TRUE(crlf.ok()) << crlf.status().ToString();
  EXPECT_EQ((*crlf)[0]->schema()->field(0)->name, "id");
  EXPECT_EQ(ColumnText(*crlf, 0), (Strings{"1", "2"}));
  EXPECT_EQ(ColumnText(*crlf, 1), (Strings{"a\r\nb", "c"}));
  CsvOptions options;
  options.comment = "//";
  auto commented = ReadText("// note\nid\n/x\n//,\n/\n", options);
  ASSERT_TRUE(commented.ok()) << commented.status().ToString();
  EXPECT_EQ(ColumnText(*commented, 0), (Strings{"/x", "/"}));
}

TEST(CsvReaderTest, NullHandling) {
  CsvOptions options;
  options.null_string = "NA";
  auto batches = ReadText("s,n\nNA,NA\n\"NA\",1\n,\n\"\",\"\"\n", options);
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  EXPECT_EQ((*batches)[0]->schema()->field(1)->type->ToString(), "int64");
  EXPECT_EQ(ColumnText(*batches, 0), (Strings{"NULL", "NA", "NULL", ""}));
  // In a typed column an empty value is NULL even when quoted.
  EXPECT_EQ(ColumnText(*batches, 1), (Strings{"NULL", "1", "NULL", "NULL"}));
  EXPECT_EQ((*batches)[0]->column(0)->null_count, 2);
}

TEST(CsvReaderTest, ExplicitSchema) {
  CsvOptions options;
  options.schema = std::make_shared<Schema>(std::vector<FieldPtr>{
      field("k", int32()), field("amount", decimal(10, 2)), field("when", date32()),
      field("label", utf8())});
  auto batches = ReadText("k,amount,when,label\n1,2.50,2024-01-02,7\n,3,,\n", options);
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  const RecordBatch& batch = *(*batches)[0];
  EXPECT_EQ(batch.num_rows(), 2);
  EXPECT_EQ(batch.column(0)->type->ToString(), "int32");
  EXPECT_EQ(batch.column(0)->values<int32_t>()[0], 1);
  EXPECT_TRUE(batch.column(0)->IsNull(1));
  EXPECT_EQ(batch.column(1)->type->ToString(), "decimal(10,2)");
  EXPECT_EQ(batch.column(1)->values<int64_t>()[0], 250);
  EXPECT_EQ(batch.column(1)->values<int64_t>()[1], 300);
  EXPECT_EQ(ColumnText(*batches, 3), (Strings{"7", "NULL"}));
  for (const auto& column : batch.columns()) ASSERT_TRUE(ValidateArray(*column).ok());
  // Without a header row.
  options.has_header = false;
  batches = ReadText("1,2.5,2024-01-02,x\n", options);
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  EXPECT_EQ(TotalRows(*batches), 1);
  // A value the explicit type rejects.
  auto bad = ReadText("1,abc,2024-01-02,x\n", options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kExecution);
  EXPECT_EQ(bad.status().message(),
            "data.csv: line 1, column 'amount': value 'abc' could not be read as "
            "decimal(10,2); set the column's type explicitly");
  // A schema with the wrong number of columns.
  auto wrong = ReadText("1,2\n", options);
  EXPECT_EQ(wrong.status().code(), StatusCode::kCorrupt);
}

TEST(CsvReaderTest, WrongFieldCount) {
  auto in_sample = ReadText("a,b\n1,2\n3\n");
  ASSERT_FALSE(in_sample.ok());
  EXPECT_EQ(in_sample.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(in_sample.status().message(), "data.csv: line 3: expected 2 fields, found 1");
  CsvOptions options;
  options.sample_rows = 1;
  auto later = ReadText("a,b\n1,2\n3,4\n\"x\ny\",5,6\n", options);
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(later.status().message(), "data.csv: line 4: expected 2 fields, found 3");
}

TEST(CsvReaderTest, UnterminatedQuote) {
  auto result = ReadText("a,b\n1,\"open\n2,3\n");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(result.status().message(), "data.csv: line 2: unterminated quoted field at end of file");
}

TEST(CsvReaderTest, EmptyFiles) {
  for (const char* text : {"", "\n\n", "\xEF\xBB\xBF"}) {
    io::InMemoryFileSystem fs;
    fs.Put("e.csv", text);
    auto reader = CsvReader::Open(&fs, "e.csv", {});
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ((*reader)->schema()->num_fields(), 0);
    auto batch = (*reader)->Next();
    ASSERT_TRUE(batch.ok());
    EXPECT_EQ(*batch, nullptr);
  }
}

TEST(CsvReaderTest, MultipleBatches) {
  std::string text = "n,s\n";
  for (int i = 0; i < 1000; ++i) text += std::to_string(i) + ",v" + std::to_string(i) + "\n";
  CsvOptions options;
  options.batch_rows = 300;
  io::InMemoryFileSystem fs;
  fs.Put("m.csv", text);
  auto reader = CsvReader::Open(&fs, "m.csv", options);
  ASSERT_TRUE(reader.ok());
  std::vector<int64_t> sizes;
  int64_t expected = 0;
  while (true) {
    auto batch = (*reader)->Next();
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    if (*batch == nullptr) break;
    sizes.push_back((*batch)->num_rows());
    for (int64_t i = 0; i < (*batch)->num_rows(); ++i) {
      ASSERT_EQ((*batch)->column(0)->values<int64_t>()[i], expected);
      // Compared without building "v" + std::string: GCC 12 misreports that (-Wrestrict).
      std::string_view view = (*batch)->column(1)->GetView(i);
      ASSERT_EQ(view.substr(0, 1), "v");
      ASSERT_EQ(view.substr(1), std::to_string(expected));
      ++expected;
    }
  }
  EXPECT_EQ(sizes, (std::vector<int64_t>{300, 300, 300, 100}));
}

// Small chunks put every kind of boundary (inside quotes, between CR and LF, inside a
// doubled quote, inside a comment prefix) at a chunk edge somewhere.
TEST(CsvReaderTest, ChunkBoundariesAnywhere) {
  std::string text = "id,text\r\n";
  for (int i = 0; i < 200; ++i) {
    text += std::to_string(i) + ",\"a \"\"q\"\"\nb," + std::to_string(i) + "\"\r\n";
    if (i % 7 == 0) text += "##skip\r\n";
  }
  CsvOptions reference_options;
  reference_options.comment = "##";
  auto reference = ReadText(text, reference_options);
  ASSERT_TRUE(reference.ok()) << reference.status().ToString();
  ASSERT_EQ(TotalRows(*reference), 200);
  EXPECT_EQ(ColumnText(*reference, 1)[5], "a \"q\"\nb,5");
  for (int64_t chunk : {1, 2, 3, 5, 7, 64}) {
    CsvOptions options = reference_options;
    options.chunk_bytes = chunk;
    options.batch_rows = 33;
    auto batches = ReadText(text, options);
    ASSERT_TRUE(batches.ok()) << batches.status().ToString();
    EXPECT_EQ(ColumnText(*batches, 0), ColumnText(*reference, 0)) << chunk;
    EXPECT_EQ(ColumnText(*batches, 1), ColumnText(*reference, 1)) << chunk;
  }
}

// A file larger than the default 1 MiB chunk with a quoted newline across the boundary.
TEST(CsvReaderTest, QuotedNewlineAcrossDefaultChunk) {
  std::string text = "id,payload\n";
  int rows = 0;
  while (text.size() < (1 << 20) - 200) {
    text += std::to_string(rows++) + ",filler-" + std::string(40, 'x') + "\n";
  }
  // The quoted field opens before the 1 MiB boundary; its line break sits 3 bytes before it
  // and the rest of the field after it.
  std::string prefix = std::to_string(rows++) + ",\"";
  std::string padding((1 << 20) - 3 - text.size() - prefix.size(), 'p');
  text += prefix + padding + "\nnext line\"\n";
  ASSERT_EQ(text.find("\nnext line"), size_t{1 << 20} - 3);
  for (int i = 0; i < 1000; ++i) text += std::to_string(rows++) + ",tail\n";
  ASSERT_GT(text.size(), size_t{1} << 20);
  auto batches = ReadText(text);
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  EXPECT_EQ(TotalRows(*batches), rows);
  auto payload = ColumnText(*batches, 1);
  EXPECT_EQ(payload[rows - 1001], padding + "\nnext line");
  EXPECT_EQ(payload.back(), "tail");
}

TEST(CsvReaderTest, ReadsThroughLocalFileSystem) {
  auto dir = std::filesystem::temp_directory_path() / "silt_csv_reader_test";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "local.csv").string();
  std::ofstream(path) << "x,y\n1,2.5\n";
  auto batches = ReadCsvFile(io::LocalFileSystem().get(), path, {});
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  EXPECT_EQ(ColumnText(*batches, 1), (Strings{"2.5"}));
  std::filesystem::remove_all(dir);
}

TEST(CsvReaderTest, TpchAnswers) {
  const std::string dir = "../shared/testdata/tpch/sf0.1/answers";
  if (!std::filesystem::exists(dir + "/q10.csv")) {
    GTEST_SKIP() << "TPC-H answers not found at " << dir << " (run from the repo root)";
  }
  auto fs = io::LocalFileSystem();
  auto q10 = ReadCsvFile(fs.get(), dir + "/q10.csv", {});
  ASSERT_TRUE(q10.ok()) << q10.status().ToString();
  EXPECT_EQ(TotalRows(*q10), 20);
  const Schema& schema = *(*q10)[0]->schema();
  EXPECT_EQ(schema.num_fields(), 8);
  EXPECT_EQ(schema.field(0)->name, "c_custkey");
  EXPECT_EQ(schema.field(0)->type->ToString(), "int64");
  EXPECT_EQ(schema.field(2)->type->ToString(), "float64");
  EXPECT_EQ(schema.field(5)->type->ToString(), "utf8");
  auto q18 = ReadCsvFile(fs.get(), dir + "/q18.csv", {});
  ASSERT_TRUE(q18.ok()) << q18.status().ToString();
  EXPECT_EQ((*q18)[0]->schema()->field(3)->type->ToString(), "date32");
  EXPECT_EQ((*q18)[0]->schema()->field(5)->name, "sum(l_quantity)");
  // Every answer file reads, with one row per line after the header.
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    auto batches = ReadCsvFile(fs.get(), entry.path().string(), {});
    ASSERT_TRUE(batches.ok()) << entry.path() << ": " << batches.status().ToString();
    std::ifstream in(entry.path());
    int64_t lines = 0;
    for (std::string line; std::getline(in, line);) ++lines;
    EXPECT_EQ(TotalRows(*batches), lines - 1) << entry.path();
    EXPECT_GT(TotalRows(*batches), 0) << entry.path();
  }
}

}  // namespace
}  // namespace silt::csv
