// Parquet writer: nested data (Dremel levels), random schemas, page index.
#include <gtest/gtest.h>

#include <cstring>

#include "silt/expr/predicate_parser.h"
#include "silt/parquet/writer.h"
#include "writer_test_util.h"

namespace silt::parquet {
namespace {

using testing::ColumnOf;
using testing::CompareArrays;
using testing::RandomData;
using testing::ReadBytes;
using testing::WriteToBytes;

SchemaPtr MakeSchema(std::vector<FieldPtr> fields) {
  return std::make_shared<Schema>(std::move(fields));
}

/// Writes, reads back and compares every column; returns the bytes ("" on failure).
std::string CheckRoundTrip(const SchemaPtr& schema, const std::vector<RecordBatchPtr>& batches,
                           const ParquetWriteOptions& options, const std::string& trace = "") {
  auto bytes = WriteToBytes(schema, batches, options);
  EXPECT_TRUE(bytes.ok()) << trace << bytes.status().ToString();
  if (!bytes.ok()) return "";
  auto back = ReadBytes(*bytes);
  EXPECT_TRUE(back.ok()) << trace << back.status().ToString();
  if (!back.ok()) return "";
  EXPECT_TRUE(back->schema->num_fields() == schema->num_fields()) << trace;
  for (int c = 0; c < schema->num_fields() && c < back->schema->num_fields(); ++c) {
    const Field& want = *schema->field(c);
    const Field& got = *back->schema->field(c);
    EXPECT_TRUE(got.type->Equals(*want.type))
        << trace << want.name << ": " << got.type->ToString() << " vs " << want.type->ToString();
    EXPECT_EQ(got.nullable, want.nullable) << trace << want.name;
    EXPECT_EQ(
        CompareArrays(*ColumnOf(batches, c), *back->columns[static_cast<size_t>(c)], want.name), "")
        << trace;
  }
  return *bytes;
}

SchemaPtr NestedSchema() {
  auto item = field(
      "element",
      struct_({field("a", int32()), field("b", list(field("element", utf8(), true)), true)}), true);
  auto deep = field("x",
                    struct_({field("y", list(field("element", int32(), false)), true),
                             field("z", float64(), false)}),
                    true);
  return MakeSchema({
      field("id", int64(), false),
      field("ls", list(item)),
      field("m", map(field("key", utf8(), false),
                     field("value", list(field("element", int64(), true)), true))),
      field("st", struct_({deep, field("w", utf8())})),
      field("req_list", list(field("element", list(field("element", boolean(), true)), false)),
            false),
      field("nl", list(field("element", null(), true))),
  });
}

TEST(ParquetWriterNested, RoundTripWithNullsAtEveryLevel) {
  SchemaPtr schema = NestedSchema();
  RandomData rd(99);
  std::vector<RecordBatchPtr> batches;
  for (int i = 0; i < 3; ++i) batches.push_back(*rd.Batch(schema, 400, 0.25));
  for (int variant = 0; variant < 6; ++variant) {
    ParquetWriteOptions options;
    options.page_bytes = variant % 2 ? 300 : 1 << 20;
    options.row_group_rows = variant >= 2 ? 333 : 1 << 20;
    options.dictionary = variant != 3;
    options.data_page_v2 = variant >= 4;
    options.compression = variant == 5 ? CompressionCodec::kZstd : CompressionCodec::kSnappy;
    CheckRoundTrip(schema, batches, options, "variant " + std::to_string(variant) + ": ");
  }
}

TEST(ParquetWriterNested, SlicedBatches) {
  SchemaPtr schema = NestedSchema();
  RandomData rd(5);
  auto batch = *rd.Batch(schema, 500, 0.3);
  std::vector<RecordBatchPtr> slices = {batch->Slice(0, 17), batch->Slice(17, 1),
                                        batch->Slice(18, 0), batch->Slice(121, 300),
                                        batch->Slice(499, 1)};
  ParquetWriteOptions options;
  options.page_bytes = 200;
  CheckRoundTrip(schema, slices, options);
}

TEST(ParquetWriterNested, NullListOverNonEmptyRangeAndSlicedChild) {
  // A null list whose offsets still span child values (legal in Arrow): they must be skipped.
  auto type = list(field("element", int32(), true));
  auto schema = MakeSchema({field("l", type)});
  auto child = *MakeArray<int32_t>(int32(), {1, 2, 3, 4, 5, 6});
  auto offsets = std::make_shared<Buffer>();
  const int32_t offs[] = {0, 2, 4, 4, 6};
  ASSERT_TRUE(offsets->Append(offs, sizeof(offs)).ok());
  auto validity = std::make_shared<Buffer>();
  const uint8_t bits = 0b1101;  // row 1 is null but spans [2, 4)
  ASSERT_TRUE(validity->Append(&bits, 1).ok());
  auto arr = std::make_shared<ArrayData>();
  arr->type = type;
  arr->length = 4;
  arr->null_count = 1;
  arr->buffers = {validity, offsets};
  arr->children = {child};
  auto batch = std::make_shared<RecordBatch>(schema, 4, std::vector<ArrayDataPtr>{arr});
  CheckRoundTrip(schema, {batch, batch->Slice(1, 3)}, {});
  auto bytes = WriteToBytes(schema, {batch});
  ASSERT_TRUE(bytes.ok());
  auto back = ReadBytes(*bytes);
  ASSERT_TRUE(back.ok());
  const ArrayData& got = *back->columns[0];
  EXPECT_TRUE(got.IsNull(1));
  EXPECT_EQ(got.children[0]->length, 4);  // values 3 and 4 were not written
}

TEST(ParquetWriterNested, RandomSchemasProperty) {
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    RandomData rd(seed * 7919);
    std::vector<FieldPtr> fields;
    const int64_t nf = rd.Int(1, 4);
    for (int64_t i = 0; i < nf; ++i) {
      std::string name = "c";
      name += std::to_string(i);
      fields.push_back(rd.RandomField(name, 4));
    }
    SchemaPtr schema = MakeSchema(fields);
    const double null_p = static_cast<double>(rd.Int(0, 60)) / 100.0;
    std::vector<RecordBatchPtr> batches;
    const int64_t nb = rd.Int(1, 3);
    for (int64_t b = 0; b < nb; ++b) {
      auto batch = *rd.Batch(schema, rd.Int(0, 300), null_p);
      if (batch->num_rows() > 10 && rd.Coin(0.5)) {
        const int64_t start = rd.Int(0, batch->num_rows() / 2);
        batch = batch->Slice(start, rd.Int(0, batch->num_rows() - start));
      }
      batches.push_back(batch);
    }
    ParquetWriteOptions options;
    options.page_bytes = rd.Coin(0.5) ? rd.Int(64, 4096) : 1 << 20;
    options.row_group_rows = rd.Coin(0.5) ? rd.Int(1, 200) : 1 << 20;
    options.dictionary = rd.Coin(0.7);
    options.dictionary_page_bytes_limit = rd.Coin(0.5) ? rd.Int(16, 2048) : 1 << 20;
    options.data_page_v2 = rd.Coin(0.3);
    options.write_page_crc = rd.Coin(0.3);
    options.compression = rd.Coin(0.5) ? CompressionCodec::kUncompressed : CompressionCodec::kZstd;
    options.parallelism = static_cast<int>(rd.Int(1, 3));
    CheckRoundTrip(schema, batches, options,
                   "seed " + std::to_string(seed) + " schema " + schema->ToString() + ": ");
  }
}

/// The page index of column `c` of row group `g`, parsed from the file bytes.
void ReadPageIndex(const std::string& bytes, const FileMetaData& md, int g, int c,
                   std::optional<ColumnIndex>* ci, OffsetIndex* oi) {
  const ColumnChunk& cc = md.row_groups[static_cast<size_t>(g)].columns[static_cast<size_t>(c)];
  ASSERT_TRUE(cc.offset_index_offset.has_value());
  auto o =
      ParseOffsetIndex(reinterpret_cast<const uint8_t*>(bytes.data()) + *cc.offset_index_offset,
                       *cc.offset_index_length);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  *oi = *o;
  ci->reset();
  if (cc.column_index_offset) {
    auto i =
        ParseColumnIndex(reinterpret_cast<const uint8_t*>(bytes.data()) + *cc.column_index_offset,
                         *cc.column_index_length);
    ASSERT_TRUE(i.ok()) << i.status().ToString();
    *ci = *i;
  }
}

TEST(ParquetWriterNested, PageIndexAndPruning) {
  auto schema = MakeSchema({field("k", int64(), false), field("s", utf8()),
                            field("l", list(field("element", int32(), true)))});
  ArrayBuilder kb(int64()), sb(utf8()), lb(schema->field(2)->type);
  const int64_t n = 20000;
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_TRUE(kb.Append<int64_t>(i).ok());
    if (i >= 5000 && i < 10000) {
      ASSERT_TRUE(sb.AppendNull().ok());
    } else {
      std::string v("s");
      v += std::to_string(900000 - i);
      ASSERT_TRUE(sb.AppendString(v).ok());
    }
    for (int64_t j = 0; j < i % 4; ++j)
      ASSERT_TRUE(lb.child(0)->Append<int32_t>(static_cast<int32_t>(i)).ok());
    ASSERT_TRUE(lb.AppendListRow().ok());
  }
  auto batch = std::make_shared<RecordBatch>(
      schema, n, std::vector<ArrayDataPtr>{*kb.Finish(), *sb.Finish(), *lb.Finish()});
  ParquetWriteOptions options;
  options.page_bytes = 4096;
  options.max_page_rows = 1000;
  options.row_group_rows = 15000;
  options.dictionary = false;
  std::string bytes = CheckRoundTrip(schema, {batch}, options);
  auto back = ReadBytes(bytes);
  ASSERT_TRUE(back.ok());
  const FileMetaData& md = back->metadata;
  ASSERT_EQ(md.row_groups.size(), 2u);
  for (int g = 0; g < 2; ++g) {
    for (int c = 0; c < 3; ++c) {
      SCOPED_TRACE("rg " + std::to_string(g) + " col " + std::to_string(c));
      std::optional<ColumnIndex> ci;
      OffsetIndex oi;
      ReadPageIndex(bytes, md, g, c, &ci, &oi);
      ASSERT_TRUE(ci.has_value());
      ASSERT_GT(oi.page_locations.size(), 1u);
      EXPECT_EQ(oi.page_locations[0].first_row_index, 0);
      EXPECT_EQ(oi.page_locations[0].offset, md.row_groups[static_cast<size_t>(g)]
                                                 .columns[static_cast<size_t>(c)]
                                                 .meta_data->data_page_offset);
      for (size_t p = 1; p < oi.page_locations.size(); ++p) {
        EXPECT_GT(oi.page_locations[p].first_row_index, oi.page_locations[p - 1].first_row_index);
        EXPECT_EQ(oi.page_locations[p].offset,
                  oi.page_locations[p - 1].offset + oi.page_locations[p - 1].compressed_page_size);
      }
      EXPECT_EQ(ci->null_pages.size(), oi.page_locations.size());
      ASSERT_TRUE(ci->null_counts.has_value());
      if (c == 0) {
        EXPECT_EQ(ci->boundary_order, BoundaryOrder::kAscending);
      }
      if (c == 1 && g == 0) {
        // Strings descend where present; the all-null pages in the middle are null pages.
        EXPECT_EQ(ci->boundary_order, BoundaryOrder::kDescending);
        bool any_null_page = false;
        for (bool b : ci->null_pages) any_null_page |= b;
        EXPECT_TRUE(any_null_page);
      }
      if (c == 0) {
        for (size_t p = 0; p < ci->min_values.size(); ++p) {
          int64_t mn, mx;
          std::memcpy(&mn, ci->min_values[p].data(), 8);
          std::memcpy(&mx, ci->max_values[p].data(), 8);
          const int64_t base = g * 15000;
          EXPECT_EQ(mn, base + oi.page_locations[p].first_row_index);
          const int64_t next = p + 1 < oi.page_locations.size()
                                   ? oi.page_locations[p + 1].first_row_index
                                   : md.row_groups[static_cast<size_t>(g)].num_rows;
          EXPECT_EQ(mx, base + next - 1);
        }
      }
    }
  }
  // The reader skips pages using the index.
  ParquetReadOptions ro;
  ro.predicate = *ParsePredicate("k >= 1000 AND k < 1100");
  ro.columns = {"k", "s"};  // the reader skips pages of flat columns only
  auto reader = ParquetFileReader::Open(testing::FileOf(bytes), ro);
  ASSERT_TRUE(reader.ok());
  auto all = (*reader)->ReadAll();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ((*reader)->metrics().row_groups_pruned, 1);
  EXPECT_GT((*reader)->metrics().pages_skipped, 0);
}

}  // namespace
}  // namespace silt::parquet
