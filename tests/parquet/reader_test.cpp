#include <gtest/gtest.h>

#include <filesystem>

#include "silt/expr/evaluate.h"
#include "silt/expr/predicate_parser.h"
#include "silt/parquet/file_reader.h"
#include "silt/parquet/footer.h"

namespace silt::parquet {
namespace {

const std::string kData = "../shared/testdata/parquet/parquet-testing/data/";

#define SKIP_WITHOUT_TESTDATA()                                                  \
  if (!std::filesystem::exists(kData)) GTEST_SKIP() << "../shared/testdata absent"

std::vector<RecordBatchPtr> ReadAllOrDie(const std::string& path, ParquetReadOptions options,
                                         ParquetScanMetrics* metrics = nullptr) {
  auto reader = ParquetFileReader::Open(path, options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return {};
  auto batches = (*reader)->ReadAll();
  EXPECT_TRUE(batches.ok()) << batches.status().ToString();
  if (metrics) *metrics = (*reader)->metrics();
  return batches.ok() ? *batches : std::vector<RecordBatchPtr>{};
}

/// Rows passing `where`, rendered as strings so two reads can be compared.
std::vector<std::string> FilteredRows(const std::vector<RecordBatchPtr>& batches,
                                      const Expr& where) {
  std::vector<std::string> rows;
  for (const auto& b : batches) {
    auto sel = EvaluatePredicate(where, *b);
    EXPECT_TRUE(sel.ok()) << sel.status().ToString();
    auto filtered = FilterBatch(*b, *sel);
    EXPECT_TRUE(filtered.ok());
    const auto& fb = **filtered;
    for (int64_t r = 0; r < fb.num_rows(); ++r) {
      std::string row;
      for (const auto& col : fb.columns()) {
        auto flat = Flatten(col->Slice(r, 1));
        const ArrayData& a = **flat;
        if (a.IsNull(0)) {
          row += "null|";
        } else if (a.type->IsBinaryLike()) {
          row += std::string(a.GetView(0)) + "|";
        } else if (a.type->id() == TypeId::kBool) {
          row += a.GetBool(0) ? "t|" : "f|";
        } else {
          const int w = a.type->FixedWidth();
          row += std::string(reinterpret_cast<const char*>(a.buffers[1]->data() + a.offset * w), w) + "|";
        }
      }
      rows.push_back(row);
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(ParquetReader, ReadsOnlyFooterAndProjectedChunks) {
  SKIP_WITHOUT_TESTDATA();
  const std::string path = kData + "alltypes_tiny_pages.parquet";
  auto inner = io::LocalFileSystem()->OpenForRead(path);
  ASSERT_TRUE(inner.ok());
  auto counting = std::make_shared<io::CountingFile>(*inner);
  ParquetReadOptions options;
  options.columns = {"bool_col"};
  auto reader = ParquetFileReader::Open(counting, options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  const int64_t after_footer = counting->bytes_read();
  auto batches = (*reader)->ReadAll();
  ASSERT_TRUE(batches.ok());
  const auto& md = (*reader)->metadata();
  int64_t chunk_bytes = 0;
  for (const auto& rg : md.row_groups) chunk_bytes += rg.columns[1].meta_data->total_compressed_size;
  // Exactly the bool_col chunk is read after the footer, in one ranged read per chunk.
  EXPECT_EQ(counting->bytes_read() - after_footer, chunk_bytes);
  EXPECT_LE(after_footer, kFooterSpeculativeReadSize + 8);
  int64_t rows = 0;
  for (const auto& b : *batches) rows += b->num_rows();
  EXPECT_EQ(rows, 7300);
}

struct PruneCase {
  const char* file;
  const char* predicate;
  bool expect_skip;  // statistics/page index allow skipping for this predicate
};

class PruningTest : public ::testing::TestWithParam<PruneCase> {};

TEST_P(PruningTest, SameRowsWithAndWithoutPruning) {
  SKIP_WITHOUT_TESTDATA();
  const PruneCase& c = GetParam();
  auto where = ParsePredicate(c.predicate);
  ASSERT_TRUE(where.ok()) << where.status().ToString();
  ParquetReadOptions off;
  ParquetReadOptions on;
  on.predicate = *where;
  ParquetScanMetrics m_on, m_off;
  auto rows_off = FilteredRows(ReadAllOrDie(kData + c.file, off, &m_off), **where);
  auto rows_on = FilteredRows(ReadAllOrDie(kData + c.file, on, &m_on), **where);
  EXPECT_EQ(rows_on, rows_off) << c.predicate;
  const int64_t skipped = m_on.row_groups_pruned + m_on.pages_skipped;
  if (c.expect_skip) {
    EXPECT_GT(skipped, 0) << c.predicate;
  }
  EXPECT_EQ(m_off.pages_skipped + m_off.row_groups_pruned, 0);
}

INSTANTIATE_TEST_SUITE_P(
    AllTypes, PruningTest,
    ::testing::Values(
        PruneCase{"alltypes_tiny_pages.parquet", "id = 4321", true},
        PruneCase{"alltypes_tiny_pages.parquet", "id < 10 OR id > 7290", true},
        PruneCase{"alltypes_tiny_pages.parquet", "id IN (1, 2000, 7000)", true},
        PruneCase{"alltypes_tiny_pages.parquet", "NOT (id >= 100)", true},
        PruneCase{"alltypes_tiny_pages.parquet", "bool_col = true", false},
        PruneCase{"alltypes_tiny_pages.parquet", "tinyint_col = 3 AND id < 200", true},
        PruneCase{"alltypes_tiny_pages.parquet", "smallint_col > 8", false},
        PruneCase{"alltypes_tiny_pages.parquet", "int_col <= 0", false},
        PruneCase{"alltypes_tiny_pages.parquet", "bigint_col >= 90 AND id > 7000", true},
        PruneCase{"alltypes_tiny_pages.parquet", "float_col > 9.5", false},
        PruneCase{"alltypes_tiny_pages.parquet", "double_col < 0.5 AND id < 50", true},
        PruneCase{"alltypes_tiny_pages.parquet", "date_string_col = '01/01/09'", true},
        PruneCase{"alltypes_tiny_pages.parquet", "string_col = '7'", false},
        PruneCase{"alltypes_tiny_pages.parquet", "year = 2010 AND month = 12", true},
        PruneCase{"alltypes_tiny_pages.parquet", "id IS NULL", true},
        PruneCase{"alltypes_tiny_pages.parquet", "id IS NOT NULL AND id = 5", true},
        PruneCase{"alltypes_tiny_pages_plain.parquet", "id >= 10 AND id <= 20", true},
        PruneCase{"alltypes_tiny_pages_plain.parquet", "month = 2", true},
        PruneCase{"int32_with_null_pages.parquet", "int32_field IS NULL", false},
        PruneCase{"int32_with_null_pages.parquet", "int32_field > 1000000", true},
        PruneCase{"fixed_length_byte_array.parquet", "flba_field IS NOT NULL", false},
        PruneCase{"binary_truncated_min_max.parquet", "utf8_full_truncation > 'a'", false},
        PruneCase{"floating_orders_nan_count.parquet", "float_ieee754 > 1000", false},
        PruneCase{"floating_orders_nan_count.parquet", "double_ieee754 < -1000", false},
        PruneCase{"sort_columns.parquet", "a > 100", true},
        PruneCase{"data_index_bloom_encoding_stats.parquet", "String = 'Hello'", false},
        PruneCase{"int64_decimal.parquet", "value > 24.5", true},
        PruneCase{"int64_decimal.parquet", "value >= 12.01", false},
        PruneCase{"int32_decimal.parquet", "value < 0.99", true},
        PruneCase{"fixed_length_decimal_legacy.parquet", "value = 100", false},
        PruneCase{"fixed_length_decimal.parquet", "value = 100", false},
        PruneCase{"byte_array_decimal.parquet", "value < 3", false}));

// Decimals read as decimal64 up to 18 digits whatever their physical type: INT64 unconverted,
// INT32 widened, FIXED_LEN_BYTE_ARRAY and BYTE_ARRAY decoded from big-endian bytes.
TEST(ParquetReader, DecimalFilesPickStorageByPrecision) {
  SKIP_WITHOUT_TESTDATA();
  const std::pair<const char*, DataTypePtr> cases[] = {
      {"int32_decimal.parquet", decimal64(4, 2)},
      {"int64_decimal.parquet", decimal64(10, 2)},
      {"fixed_length_decimal_legacy.parquet", decimal64(13, 2)},
      {"byte_array_decimal.parquet", decimal64(4, 2)},
      {"fixed_length_decimal.parquet", decimal128(25, 2)}};
  for (const auto& [file, type] : cases) {
    SCOPED_TRACE(file);
    auto batches = ReadAllOrDie(kData + file, {});
    ASSERT_FALSE(batches.empty());
    EXPECT_TRUE(batches[0]->schema()->field(0)->type->Equals(*type))
        << batches[0]->schema()->field(0)->type->ToString();
    int64_t row = 0;
    for (const auto& b : batches) {
      auto flat = Flatten(b->column(0));
      ASSERT_TRUE(flat.ok());
      const ArrayData& a = **flat;
      ASSERT_TRUE(a.type->Equals(*type));
      for (int64_t i = 0; i < a.length; ++i, ++row) {
        const __int128 v = type->id() == TypeId::kDecimal64 ? __int128{a.values<int64_t>()[i]}
                                                             : a.values<__int128>()[i];
        EXPECT_TRUE(v == (row + 1) * 100) << row;
      }
    }
    EXPECT_EQ(row, 24);
  }
}

TEST(ParquetReader, ParallelEqualsSerial) {
  SKIP_WITHOUT_TESTDATA();
  ParquetReadOptions serial;
  ParquetReadOptions parallel;
  parallel.parallelism = 4;
  auto where = ParsePredicate("id >= 0");
  auto a = FilteredRows(ReadAllOrDie(kData + "alltypes_tiny_pages.parquet", serial), **where);
  auto b = FilteredRows(ReadAllOrDie(kData + "alltypes_tiny_pages.parquet", parallel), **where);
  EXPECT_EQ(a.size(), 7300u);
  EXPECT_EQ(a, b);
}

TEST(ParquetReader, BatchSizeIsHonored) {
  SKIP_WITHOUT_TESTDATA();
  ParquetReadOptions options;
  options.batch_size = 1000;
  auto batches = ReadAllOrDie(kData + "alltypes_tiny_pages.parquet", options);
  ASSERT_EQ(batches.size(), 8u);
  EXPECT_EQ(batches[0]->num_rows(), 1000);
  EXPECT_EQ(batches[7]->num_rows(), 300);
}

TEST(ParquetReader, UnknownColumnIsPlanError) {
  SKIP_WITHOUT_TESTDATA();
  ParquetReadOptions options;
  options.columns = {"nope"};
  auto reader = ParquetFileReader::Open(kData + "alltypes_plain.parquet", options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kPlan);
}

TEST(ParquetReader, InjectedReadFailureIsIOError) {
  SKIP_WITHOUT_TESTDATA();
  auto inner = io::LocalFileSystem()->OpenForRead(kData + "alltypes_plain.parquet");
  ASSERT_TRUE(inner.ok());
  auto faulty = std::make_shared<io::FaultInjectingFile>(*inner);
  faulty->FailReadNumber(3, /*sticky=*/true);
  auto reader = ParquetFileReader::Open(faulty, {});
  if (!reader.ok()) {
    EXPECT_EQ(reader.status().code(), StatusCode::kIO);
    return;
  }
  auto all = (*reader)->ReadAll();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().code(), StatusCode::kIO);
}

TEST(ParquetReader, TruncatedFilesAreErrorsNotCrashes) {
  SKIP_WITHOUT_TESTDATA();
  auto file = io::LocalFileSystem()->OpenForRead(kData + "nested_lists.snappy.parquet");
  ASSERT_TRUE(file.ok());
  int64_t size = *(*file)->Size();
  auto bytes = (*file)->ReadAt(0, size);
  std::string all(reinterpret_cast<const char*>((*bytes)->data()), static_cast<size_t>(size));
  auto fs = std::make_shared<io::InMemoryFileSystem>();
  for (int64_t cut = 0; cut < size; cut += 7) {
    fs->Put("t", all.substr(0, static_cast<size_t>(cut)));
    auto f = fs->OpenForRead("t");
    auto reader = ParquetFileReader::Open(*f, {});
    if (reader.ok()) {
      auto r = (*reader)->ReadAll();
      (void)r;
    } else {
      EXPECT_TRUE(reader.status().code() == StatusCode::kCorrupt ||
                  reader.status().code() == StatusCode::kIO)
          << reader.status().ToString();
    }
  }
  // Byte flips anywhere never crash.
  for (int64_t pos = 0; pos < size; pos += 3) {
    std::string mutated = all;
    mutated[static_cast<size_t>(pos)] ^= 0x5a;
    fs->Put("m", mutated);
    auto reader = ParquetFileReader::Open(*fs->OpenForRead("m"), {});
    if (reader.ok()) (void)(*reader)->ReadAll();
  }
}

}  // namespace
}  // namespace silt::parquet

namespace silt::parquet {
namespace {

TEST(ParquetReader, ProjectsNestedStructLeaves) {
  SKIP_WITHOUT_TESTDATA();
  ParquetReadOptions options;
  options.columns = {"nested_Struct.a", "id"};
  auto batches = ReadAllOrDie(kData + "nullable.impala.parquet", options);
  ASSERT_EQ(batches.size(), 1u);
  const RecordBatch& b = *batches[0];
  ASSERT_EQ(b.num_columns(), 2);
  EXPECT_EQ(b.schema()->field(0)->name, "nested_Struct.a");
  const ArrayData& a = *b.column(0);
  ASSERT_EQ(a.length, 7);
  EXPECT_EQ(a.values<int32_t>()[0], 1);
  EXPECT_TRUE(a.IsNull(1));  // the parent struct is null in row 2
  EXPECT_EQ(a.values<int32_t>()[6], 7);
}

}  // namespace
}  // namespace silt::parquet
