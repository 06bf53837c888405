#include "silt/columnar/arrow_c_data.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <set>

#include "silt/columnar/builder.h"

namespace silt {
namespace {

// ---- Helpers: logical rendering of rows, so arrays compare independent of layout ----

std::string RowString(const ArrayData& a, int64_t i);

// Appending (rather than "x" + std::string) sidesteps a GCC 12 -Wrestrict false positive.
std::string Cat(const char* prefix, const std::string& s) {
  std::string out(prefix);
  out += s;
  return out;
}

std::string PlainRowString(const ArrayData& a, int64_t i) {
  if (a.type->id() == TypeId::kNull || a.IsNull(i)) return "null";
  switch (a.type->id()) {
    case TypeId::kBool: return a.GetBool(i) ? "true" : "false";
    case TypeId::kUtf8:
    case TypeId::kBinary: return Cat("'", std::string(a.GetView(i))) + "'";
    case TypeId::kList:
    case TypeId::kMap: {
      const int32_t* o = a.list_offsets();
      std::string s = "[";
      for (int32_t j = o[i]; j < o[i + 1]; ++j) s += RowString(*a.children[0], j) + ",";
      return s + "]";
    }
    case TypeId::kStruct: {
      std::string s = "{";
      for (const auto& c : a.children) s += RowString(*c, i) + ",";
      return s + "}";
    }
    default: {
      std::string s;
      const uint8_t* p = a.GetFixed(i);
      for (int32_t b = 0; b < a.type->FixedWidth(); ++b) s += std::to_string(p[b]) + ".";
      return s;
    }
  }
}

std::string RowString(const ArrayData& a, int64_t i) {
  if (a.encoding == Encoding::kConstant) return RowString(*a.dictionary, 0);
  if (a.encoding == Encoding::kDictionary) {
    return a.IsNull(i) ? "null" : RowString(*a.dictionary, a.DictIndex(i));
  }
  return PlainRowString(a, i);
}

std::vector<std::string> Rows(const ArrayData& a) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < a.length; ++i) out.push_back(RowString(a, i));
  return out;
}

void ExpectSame(const ArrayDataPtr& expected, const ArrayDataPtr& actual) {
  ASSERT_NE(actual, nullptr);
  EXPECT_TRUE(expected->type->Equals(*actual->type))
      << expected->type->ToString() << " vs " << actual->type->ToString();
  EXPECT_EQ(expected->length, actual->length);
  EXPECT_EQ(expected->null_count, actual->null_count);
  EXPECT_EQ(Rows(*expected), Rows(*actual));
  EXPECT_TRUE(ValidateArray(*actual).ok());
}

ArrayDataPtr RandomFixed(const DataTypePtr& type, int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  ArrayBuilder b(type);
  std::vector<uint8_t> bytes(static_cast<size_t>(type->FixedWidth()));
  for (int64_t i = 0; i < n; ++i) {
    if (rng() % 5 == 0) {
      EXPECT_TRUE(b.AppendNull().ok());
      continue;
    }
    for (auto& x : bytes) x = static_cast<uint8_t>(rng());
    EXPECT_TRUE(b.AppendFixed(bytes.data()).ok());
  }
  return *b.Finish();
}

Result<ArrayDataPtr> RoundTrip(const ArrayDataPtr& a) {
  ArrowArray c_array;
  ArrowSchema c_schema;
  SILT_RETURN_NOT_OK(ExportArray(a, &c_array, &c_schema));
  return ImportArray(&c_array, &c_schema);
}

// list<struct<x: int64, s: utf8, l: list<int32>>> with nulls at every level.
ArrayDataPtr MakeNested() {
  auto inner = list(field("item", int32()));
  auto elem = struct_({field("x", int64()), field("s", utf8()), field("l", inner)});
  ArrayBuilder b(list(field("item", elem)));
  auto* items = b.child(0);
  for (int row = 0; row < 9; ++row) {
    if (row % 4 == 3) {
      EXPECT_TRUE(b.AppendNull().ok());
      continue;
    }
    for (int k = 0; k < row % 3; ++k) {
      if ((row + k) % 5 == 4) {
        EXPECT_TRUE(items->AppendNull().ok());
        continue;
      }
      EXPECT_TRUE(items->AppendStructValid().ok());
      if (k == 1) {
        EXPECT_TRUE(items->child(0)->AppendNull().ok());
      } else {
        EXPECT_TRUE(items->child(0)->Append<int64_t>(row * 10 + k).ok());
      }
      EXPECT_TRUE(items->child(1)->AppendString(Cat("r", std::to_string(row))).ok());
      auto* l = items->child(2);
      if (row == 5) {
        EXPECT_TRUE(l->AppendNull().ok());
      } else {
        for (int j = 0; j < k + 1; ++j) {
          EXPECT_TRUE(j == 1 ? l->child(0)->AppendNull().ok()
                             : l->child(0)->Append<int32_t>(row + j).ok());
        }
        EXPECT_TRUE(l->AppendListRow().ok());
      }
    }
    EXPECT_TRUE(b.AppendListRow().ok());
  }
  return *b.Finish();
}

ArrayDataPtr MakeMap(bool sorted) {
  ArrayBuilder b(map(field("key", utf8(), false), field("value", int32()), sorted));
  auto* entries = b.child(0);
  for (int row = 0; row < 5; ++row) {
    if (row == 2) {
      EXPECT_TRUE(b.AppendNull().ok());
      continue;
    }
    for (int k = 0; k < row; ++k) {
      EXPECT_TRUE(entries->AppendStructValid().ok());
      EXPECT_TRUE(entries->child(0)->AppendString(Cat("k", std::to_string(k))).ok());
      EXPECT_TRUE(k == 1 ? entries->child(1)->AppendNull().ok()
                         : entries->child(1)->Append<int32_t>(row * k).ok());
    }
    EXPECT_TRUE(b.AppendListRow().ok());
  }
  return *b.Finish();
}

ArrayDataPtr MakeDictionary() {
  auto dict = *MakeArray<std::string>(utf8(), {"red", "green", "blue"});
  auto indices = *MakeArray<int32_t>(int32(), {2, 0, 0, 1, 2, 1, 0}, {1, 1, 0, 1, 1, 1, 0});
  auto d = std::make_shared<ArrayData>(*indices);
  d->type = utf8();
  d->encoding = Encoding::kDictionary;
  d->dictionary = dict;
  return d;
}

// ---- Round trips ----

TEST(ArrowCData, FixedWidthTypesRoundTripZeroCopy) {
  const DataTypePtr types[] = {
      int8(), int16(), int32(), int64(), uint8(), uint16(), uint32(), uint64(), float32(),
      float64(), date32(), time64(TimeUnit::kMicro), time64(TimeUnit::kNano),
      timestamp(TimeUnit::kMilli, "Europe/Paris"), timestamp(TimeUnit::kMicro, "UTC"),
      timestamp(TimeUnit::kNano), decimal128(38, 9), decimal128(5, -2), decimal64(18, 2),
      decimal64(5, -2), decimal64(1, 0), fixed_binary(3), interval()};
  uint32_t seed = 1;
  for (const auto& type : types) {
    SCOPED_TRACE(type->ToString());
    auto a = RandomFixed(type, 100, seed++);
    auto b = RoundTrip(a);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    ExpectSame(a, *b);
    auto rows = Rows(**b);
    EXPECT_GT(std::set<std::string>(rows.begin(), rows.end()).size(), 50u);  // real values
    EXPECT_EQ((*b)->buffers[1]->data(), a->buffers[1]->data());  // zero-copy
    EXPECT_EQ((*b)->buffers[0]->data(), a->buffers[0]->data());
  }
}

TEST(ArrowCData, BoolNullAndStringsRoundTrip) {
  auto bools = *MakeArray<bool>(boolean(), {true, false, true, true}, {1, 1, 0, 1});
  auto nulls = *MakeNullArray(null(), 7);
  auto strings = *MakeArray<std::string>(utf8(), {"a", "", "long string value", "x"},
                                         {1, 1, 1, 0});
  auto bytes = *MakeArray<std::string>(binary(), {std::string("\0\1", 2), "zz"});
  auto empty = *MakeArray<std::string>(utf8(), {});
  for (const auto& a : {bools, nulls, strings, bytes, empty}) {
    SCOPED_TRACE(a->type->ToString());
    auto b = RoundTrip(a);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    ExpectSame(a, *b);
  }
  auto b = *RoundTrip(strings);
  EXPECT_EQ(b->buffers[1]->data(), strings->buffers[1]->data());
  EXPECT_EQ(b->buffers[2]->data(), strings->buffers[2]->data());
}

TEST(ArrowCData, NestedListOfStructsAndMaps) {
  auto nested = MakeNested();
  ASSERT_TRUE(ValidateArray(*nested).ok());
  auto b = RoundTrip(nested);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ExpectSame(nested, *b);

  for (bool sorted : {false, true}) {
    auto m = MakeMap(sorted);
    ArrowArray c_array;
    ArrowSchema c_schema;
    ASSERT_TRUE(ExportArray(m, &c_array, &c_schema).ok());
    EXPECT_STREQ(c_schema.format, "+m");
    EXPECT_EQ((c_schema.flags & ARROW_FLAG_MAP_KEYS_SORTED) != 0, sorted);
    EXPECT_STREQ(c_schema.children[0]->format, "+s");
    EXPECT_STREQ(c_schema.children[0]->children[0]->format, "U");
    EXPECT_EQ(c_schema.children[0]->children[0]->flags & ARROW_FLAG_NULLABLE, 0);
    auto back = ImportArray(&c_array, &c_schema);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    ExpectSame(m, *back);
    EXPECT_EQ((*back)->type->precision(), sorted ? 1 : 0);
  }
}

TEST(ArrowCData, SlicedArrays) {
  auto ints = RandomFixed(int32(), 40, 7);
  auto strings = *MakeArray<std::string>(utf8(), {"a", "bb", "ccc", "dddd", "e", "ff"},
                                         {1, 0, 1, 1, 0, 1});
  auto nested = MakeNested();
  // A struct with nulls, sliced at offsets that are and are not multiples of 8.
  ArrayBuilder sb(struct_({field("i", int32()), field("s", utf8())}));
  for (int i = 0; i < 30; ++i) {
    if (i % 3 == 0) {
      ASSERT_TRUE(sb.AppendNull().ok());
      continue;
    }
    ASSERT_TRUE(sb.AppendStructValid().ok());
    ASSERT_TRUE(sb.child(0)->Append<int32_t>(i).ok());
    ASSERT_TRUE(sb.child(1)->AppendString(std::to_string(i * i)).ok());
  }
  auto structs = *sb.Finish();
  const std::vector<ArrayDataPtr> slices = {
      ints->Slice(3, 20),    strings->Slice(1, 4),   nested->Slice(2, 5), nested->Slice(5, 0),
      structs->Slice(5, 17), structs->Slice(8, 10), structs->Slice(3, 9)->Slice(2, 5)};
  for (const auto& s : slices) {
    SCOPED_TRACE(s->type->ToString() + " offset " + std::to_string(s->offset));
    auto b = RoundTrip(s);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    ExpectSame(s, *b);
  }
  // Seen from a plain Arrow consumer: the exported struct applies no offset to children.
  ArrowArray c;
  ASSERT_TRUE(ExportArray(structs->Slice(5, 17), &c).ok());
  EXPECT_EQ(c.offset, 0);
  const auto* validity = static_cast<const uint8_t*>(c.buffers[0]);
  const ArrowArray* child = c.children[0];
  const auto* values = static_cast<const int32_t*>(child->buffers[1]);
  for (int64_t i = 0; i < c.length; ++i) {
    int row = static_cast<int>(5 + i);
    EXPECT_EQ(bit_util::GetBit(validity, c.offset + i), row % 3 != 0);
    if (row % 3 != 0) {
      EXPECT_EQ(values[child->offset + c.offset + i], row);
    }
  }
  c.release(&c);
}

TEST(ArrowCData, DictionaryExportAndImport) {
  auto d = MakeDictionary();
  ArrowArray c_array;
  ArrowSchema c_schema;
  ASSERT_TRUE(ExportArray(d, &c_array, &c_schema).ok());
  EXPECT_STREQ(c_schema.format, "i");
  ASSERT_NE(c_schema.dictionary, nullptr);
  EXPECT_STREQ(c_schema.dictionary->format, "U");
  ASSERT_NE(c_array.dictionary, nullptr);
  EXPECT_EQ(c_array.dictionary->length, 3);
  auto back = ImportArray(&c_array, &c_schema);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)->encoding, Encoding::kDictionary);
  EXPECT_EQ((*back)->buffers[1]->data(), d->buffers[1]->data());
  ExpectSame(d, *back);

  // Typed import (no schema) assumes silt's int32 indices; slices keep working.
  auto sliced = d->Slice(2, 4);
  ASSERT_TRUE(ExportArray(sliced, &c_array).ok());
  auto typed = ImportArray(&c_array, utf8());
  ASSERT_TRUE(typed.ok()) << typed.status().ToString();
  EXPECT_EQ((*typed)->encoding, Encoding::kDictionary);
  ExpectSame(sliced, *typed);

  // Dictionary inside a struct.
  auto ints = *MakeArray<int32_t>(int32(), {1, 2, 3, 4, 5, 6, 7});
  auto st = std::make_shared<ArrayData>();
  st->type = struct_({field("color", utf8()), field("n", int32())});
  st->length = 7;
  st->buffers = {nullptr};
  st->children = {d, ints};
  auto nested_back = RoundTrip(st);
  ASSERT_TRUE(nested_back.ok()) << nested_back.status().ToString();
  EXPECT_EQ((*nested_back)->children[0]->encoding, Encoding::kDictionary);
  ExpectSame(st, *nested_back);
}

TEST(ArrowCData, ConstantIsExportedExpanded) {
  auto value = *MakeArray<std::string>(utf8(), {"part=1"});
  auto c = MakeConstantArray(value, 4);
  auto back = RoundTrip(c);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)->encoding, Encoding::kPlain);
  ExpectSame(c, *back);
}

TEST(ArrowCData, SchemaRoundTrip) {
  KeyValueMetadata md = {{"comment", "a column"}, {"empty", ""}};
  auto schema = std::make_shared<Schema>(
      std::vector<FieldPtr>{
          field("id", int64(), false, {}, 1), field("name", utf8(), true, md),
          field("price", decimal128(10, 2)), field("ts", timestamp(TimeUnit::kMicro, "UTC")),
          field("tags", list(field("element", utf8()))),
          field("attrs", map(field("key", utf8(), false), field("value", binary()), true)),
          field("point", struct_({field("x", float64()), field("y", float64(), false)})),
          field("flag", boolean()), field("nothing", null()), field("day", date32()),
          field("t", time64(TimeUnit::kNano)), field("iv", interval()),
          field("uuid", fixed_binary(16), true, {}, 9), field("qty", decimal64(15, 2)),
          field("wide", decimal128(15, 2))},
      KeyValueMetadata{{"delta.id", "abc"}});
  ArrowSchema c;
  ASSERT_TRUE(ExportSchema(*schema, &c).ok());
  EXPECT_STREQ(c.format, "+s");
  ASSERT_EQ(c.n_children, schema->num_fields());
  const char* expected_formats[] = {"l", "U", "d:10,2", "tsu:UTC", "+l", "+m", "+s",
                                    "b", "n", "tdD", "ttn", "tin", "w:16", "d:15,2,64",
                                    "d:15,2"};
  for (int i = 0; i < schema->num_fields(); ++i) {
    EXPECT_STREQ(c.children[i]->format, expected_formats[i]);
    EXPECT_STREQ(c.children[i]->name, schema->field(i)->name.c_str());
  }
  EXPECT_EQ(c.children[0]->flags & ARROW_FLAG_NULLABLE, 0);
  EXPECT_NE(c.children[1]->flags & ARROW_FLAG_NULLABLE, 0);
  auto back = ImportSchema(&c);
  EXPECT_EQ(c.release, nullptr);  // consumed
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ((*back)->num_fields(), schema->num_fields());
  EXPECT_EQ((*back)->metadata(), schema->metadata());
  for (int i = 0; i < schema->num_fields(); ++i) {
    const Field& a = *schema->field(i);
    const Field& b = *(*back)->field(i);
    EXPECT_EQ(a.name, b.name);
    EXPECT_TRUE(a.type->Equals(*b.type)) << a.type->ToString() << " vs " << b.type->ToString();
    EXPECT_EQ(a.nullable, b.nullable);
    EXPECT_EQ(a.metadata, b.metadata);
    EXPECT_EQ(a.field_id, b.field_id);
  }
  ArrowSchema f;
  ASSERT_TRUE(ExportField(*schema->field(0), &f).ok());
  auto field_back = ImportField(&f);
  ASSERT_TRUE(field_back.ok());
  EXPECT_EQ((*field_back)->field_id, 1);
}

TEST(ArrowCData, RecordBatchRoundTrip) {
  auto ids = *MakeArray<int64_t>(int64(), {1, 2, 3, 4, 5, 6, 7});
  auto schema = std::make_shared<Schema>(
      std::vector<FieldPtr>{field("id", int64()), field("color", utf8()),
                            field("items", MakeNested()->type)},
      KeyValueMetadata{{"k", "v"}});
  auto batch = RecordBatch(schema, 7, {ids, MakeDictionary(), MakeNested()->Slice(1, 7)});
  auto sliced = batch.Slice(2, 4);
  for (const RecordBatch* b : {&batch, sliced.get()}) {
    ArrowArray c_array;
    ArrowSchema c_schema;
    ASSERT_TRUE(ExportRecordBatch(*b, &c_array, &c_schema).ok());
    auto back = ImportRecordBatch(&c_array, &c_schema);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    ASSERT_EQ((*back)->num_rows(), b->num_rows());
    EXPECT_EQ((*back)->schema()->metadata(), schema->metadata());
    for (int i = 0; i < b->num_columns(); ++i) ExpectSame(b->column(i), (*back)->column(i));
    EXPECT_EQ((*back)->column(1)->encoding, Encoding::kDictionary);

    ASSERT_TRUE(ExportRecordBatch(*b, &c_array).ok());
    auto typed = ImportRecordBatch(&c_array, SchemaPtr(schema));
    ASSERT_TRUE(typed.ok()) << typed.status().ToString();
    for (int i = 0; i < b->num_columns(); ++i) ExpectSame(b->column(i), (*typed)->column(i));
  }
}

TEST(ArrowCData, StreamRoundTrip) {
  auto schema = std::make_shared<Schema>(
      std::vector<FieldPtr>{field("n", int32()), field("color", utf8())});
  std::vector<RecordBatchPtr> batches;
  for (int i = 0; i < 3; ++i) {
    auto n = RandomFixed(int32(), 7, static_cast<uint32_t>(i));
    batches.push_back(std::make_shared<RecordBatch>(schema, 7, std::vector{n, MakeDictionary()}));
  }
  ArrowArrayStream stream;
  ASSERT_TRUE(ExportRecordBatchStream(schema, batches, &stream).ok());
  auto reader = ArrowStreamReader::Open(&stream);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(stream.release, nullptr);  // moved into the reader
  EXPECT_EQ((*reader)->schema()->num_fields(), 2);
  auto all = (*reader)->ReadAll();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    ExpectSame(batches[i]->column(0), (*all)[i]->column(0));
    ExpectSame(Flatten(batches[i]->column(1)).ValueOrDie(), (*all)[i]->column(1));
  }
  auto end = (*reader)->Next();
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(*end, nullptr);
}

// ---- A hand-written foreign producer, to test ownership and malformed input ----

struct ForeignPrivate {
  std::vector<const void*> buffers;
  std::vector<ArrowArray*> children;
  ArrowArray* dictionary = nullptr;
  int* released = nullptr;
};

void ReleaseForeign(ArrowArray* a) {
  auto* p = static_cast<ForeignPrivate*>(a->private_data);
  for (ArrowArray* c : p->children) {
    if (c->release) c->release(c);
    delete c;
  }
  if (p->dictionary) {
    if (p->dictionary->release) p->dictionary->release(p->dictionary);
    delete p->dictionary;
  }
  if (p->released) ++*p->released;
  delete p;
  a->release = nullptr;
}

ArrowArray Foreign(int64_t length, std::vector<const void*> buffers, int* released = nullptr,
                   std::vector<ArrowArray> children = {}, int64_t null_count = 0,
                   int64_t offset = 0) {
  auto* p = new ForeignPrivate{std::move(buffers), {}, nullptr, released};
  for (auto& c : children) p->children.push_back(new ArrowArray(c));
  ArrowArray a{};
  a.length = length;
  a.null_count = null_count;
  a.offset = offset;
  a.n_buffers = static_cast<int64_t>(p->buffers.size());
  a.buffers = p->buffers.data();
  a.n_children = static_cast<int64_t>(p->children.size());
  a.children = p->children.data();
  a.release = ReleaseForeign;
  a.private_data = p;
  return a;
}

struct ForeignSchemaPrivate {
  std::string format;
  std::vector<ArrowSchema*> children;
  ArrowSchema* dictionary = nullptr;
};

void ReleaseForeignSchema(ArrowSchema* s) {
  auto* p = static_cast<ForeignSchemaPrivate*>(s->private_data);
  for (ArrowSchema* c : p->children) {
    if (c->release) c->release(c);
    delete c;
  }
  if (p->dictionary) {
    if (p->dictionary->release) p->dictionary->release(p->dictionary);
    delete p->dictionary;
  }
  delete p;
  s->release = nullptr;
}

ArrowSchema ForeignSchema(std::string format, std::vector<ArrowSchema> children = {},
                          ArrowSchema* dictionary = nullptr) {
  auto* p = new ForeignSchemaPrivate{std::move(format), {}, dictionary};
  for (auto& c : children) p->children.push_back(new ArrowSchema(c));
  ArrowSchema s{};
  s.format = p->format.c_str();
  s.name = "";
  s.flags = ARROW_FLAG_NULLABLE;
  s.n_children = static_cast<int64_t>(p->children.size());
  s.children = p->children.data();
  s.dictionary = dictionary;
  s.release = ReleaseForeignSchema;
  s.private_data = p;
  return s;
}

TEST(ArrowCData, ImportIsZeroCopyAndReleasesOnce) {
  int released = 0;
  int32_t values[] = {5, 6, 7, 8};
  ArrowArray c = Foreign(4, {nullptr, values}, &released);
  auto a = ImportArray(&c, int32());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(c.release, nullptr);  // moved
  EXPECT_EQ((*a)->values<int32_t>(), values);
  auto slice = (*a)->Slice(1, 2);
  a = Status::Internal("drop");
  EXPECT_EQ(released, 0);
  EXPECT_EQ(slice->values<int32_t>()[0], 6);
  slice.reset();
  EXPECT_EQ(released, 1);

  // Nested: a struct with offset 1 whose children are released with it, exactly once.
  int64_t offs[] = {0, 1, 3, 6};
  const char text[] = "abbccc";
  int32_t nums[] = {1, 2, 3};
  released = 0;
  ArrowArray s = Foreign(2, {nullptr}, &released,
                         {Foreign(3, {nullptr, offs, text}), Foreign(3, {nullptr, nums})},
                         /*null_count=*/0, /*offset=*/1);
  auto type = struct_({field("s", utf8()), field("n", int32())});
  auto imported = ImportArray(&s, type);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ((*imported)->children[0]->GetView(0), "bb");
  EXPECT_EQ((*imported)->children[1]->values<int32_t>()[1], 3);
  EXPECT_EQ(released, 0);
  imported = Status::Internal("drop");
  EXPECT_EQ(released, 1);
}

TEST(ArrowCData, ExportReleaseAndMovedChildren) {
  auto nested = MakeNested();
  ArrowArray c;
  ASSERT_TRUE(ExportArray(nested, &c).ok());
  long uses = nested.use_count();
  ASSERT_EQ(c.n_children, 1);
  // Move the child out, release the parent: the child must stay usable on its own.
  ArrowArray child = *c.children[0];
  c.children[0]->release = nullptr;
  c.release(&c);
  EXPECT_EQ(c.release, nullptr);
  auto items = ImportArray(&child, nested->type->children()[0]->type);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ExpectSame(nested->children[0], *items);
  items = Status::Internal("drop");
  EXPECT_LT(nested.use_count(), uses);
  EXPECT_EQ(nested.use_count(), 1);
}

TEST(ArrowCData, ForeignLayoutsAreConverted) {
  // utf8 with int32 offsets: offsets widened, data still zero-copy.
  int32_t offs32[] = {0, 2, 2, 5};
  const char text[] = "hiabc";
  ArrowArray a = Foreign(3, {nullptr, offs32, text});
  ArrowSchema s = ForeignSchema("u");
  auto strings = ImportArray(&a, &s);
  ASSERT_TRUE(strings.ok()) << strings.status().ToString();
  EXPECT_EQ((*strings)->GetView(2), "abc");
  EXPECT_EQ((*strings)->buffers[2]->data(), reinterpret_cast<const uint8_t*>(text));

  int64_t date64[] = {0, 86400000LL * 3, -86400000LL};
  a = Foreign(3, {nullptr, date64});
  s = ForeignSchema("tdm");
  auto dates = ImportArray(&a, &s);
  ASSERT_TRUE(dates.ok()) << dates.status().ToString();
  EXPECT_TRUE((*dates)->type->Equals(*date32()));
  EXPECT_EQ((*dates)->values<int32_t>()[1], 3);
  EXPECT_EQ((*dates)->values<int32_t>()[2], -1);

  int64_t secs[] = {1, -2};
  a = Foreign(2, {nullptr, secs});
  s = ForeignSchema("tss:UTC");
  auto ts = ImportArray(&a, &s);
  ASSERT_TRUE(ts.ok()) << ts.status().ToString();
  EXPECT_TRUE((*ts)->type->Equals(*timestamp(TimeUnit::kMilli, "UTC")));
  EXPECT_EQ((*ts)->values<int64_t>()[1], -2000);

  int32_t millis[] = {1500};
  a = Foreign(1, {nullptr, millis});
  s = ForeignSchema("ttm");
  auto times = ImportArray(&a, &s);
  ASSERT_TRUE(times.ok());
  EXPECT_EQ((*times)->values<int64_t>()[0], 1500000);

  uint16_t halves[] = {0x3C00, 0xC000, 0x3555, 0x0001};  // 1, -2, ~0.333, smallest subnormal
  a = Foreign(4, {nullptr, halves});
  s = ForeignSchema("e");
  auto floats = ImportArray(&a, &s);
  ASSERT_TRUE(floats.ok());
  EXPECT_EQ((*floats)->values<float>()[0], 1.0f);
  EXPECT_EQ((*floats)->values<float>()[1], -2.0f);
  EXPECT_NEAR((*floats)->values<float>()[2], 0.3333f, 1e-3);
  EXPECT_GT((*floats)->values<float>()[3], 0.0f);

  // Arrow Decimal64 imports zero-copy as decimal64; "d:P,S" and "d:P,S,128" as decimal128.
  int64_t unscaled64[] = {1250, -1, INT64_MAX};
  a = Foreign(3, {nullptr, unscaled64});
  s = ForeignSchema("d:18,2,64");
  auto dec64 = ImportArray(&a, &s);
  ASSERT_TRUE(dec64.ok()) << dec64.status().ToString();
  EXPECT_TRUE((*dec64)->type->Equals(*decimal64(18, 2)));
  EXPECT_EQ((*dec64)->buffers[1]->data(), reinterpret_cast<const uint8_t*>(unscaled64));
  EXPECT_EQ((*dec64)->values<int64_t>()[2], INT64_MAX);
  __int128 unscaled128[] = {1250};
  for (const char* format : {"d:10,2", "d:10,2,128"}) {
    a = Foreign(1, {nullptr, unscaled128});
    s = ForeignSchema(format);
    auto dec128 = ImportArray(&a, &s);
    ASSERT_TRUE(dec128.ok()) << dec128.status().ToString();
    EXPECT_TRUE((*dec128)->type->Equals(*decimal128(10, 2))) << format;
  }

  int64_t large_offs[] = {0, 2, 3};
  int16_t items[] = {4, 5, 6};
  a = Foreign(2, {nullptr, large_offs}, nullptr, {Foreign(3, {nullptr, items})});
  s = ForeignSchema("+L", {ForeignSchema("s")});
  auto lists = ImportArray(&a, &s);
  ASSERT_TRUE(lists.ok()) << lists.status().ToString();
  EXPECT_EQ(Rows(**lists), (std::vector<std::string>{"[4.0.,5.0.,]", "[6.0.,]"}));

  // Dictionary with int8 indices (a null slot holding garbage is tolerated).
  int8_t idx[] = {1, -7, 0};
  uint8_t validity[] = {0b101};
  int32_t dict_offs[] = {0, 1, 3};
  const char dict_text[] = "xyy";
  a = Foreign(3, {validity, idx}, nullptr, {}, 1);
  static_cast<ForeignPrivate*>(a.private_data)->dictionary =
      new ArrowArray(Foreign(2, {nullptr, dict_offs, dict_text}));
  a.dictionary = static_cast<ForeignPrivate*>(a.private_data)->dictionary;
  s = ForeignSchema("c", {}, new ArrowSchema(ForeignSchema("u")));
  auto dict = ImportArray(&a, &s);
  ASSERT_TRUE(dict.ok()) << dict.status().ToString();
  EXPECT_EQ((*dict)->encoding, Encoding::kDictionary);
  EXPECT_EQ(Rows(**dict), (std::vector<std::string>{"'yy'", "null", "'x'"}));
}

TEST(ArrowCData, MalformedImportsFail) {
  int32_t values[] = {1, 2, 3};
  int64_t bad_offs[] = {0, 5, 2};
  const char text[] = "hello";
  struct Case {
    const char* name;
    ArrowArray array;
    DataTypePtr type;
    StatusCode code;
  };
  int released = 0;
  std::vector<Case> cases;
  cases.push_back({"negative length", Foreign(-1, {nullptr, values}, &released), int32(),
                   StatusCode::kInvalidArgument});
  cases.push_back({"null values", Foreign(3, {nullptr, nullptr}, &released), int32(),
                   StatusCode::kInvalidArgument});
  cases.push_back({"wrong buffer count", Foreign(3, {nullptr}, &released), int32(),
                   StatusCode::kInvalidArgument});
  cases.push_back({"nulls without bitmap", Foreign(3, {nullptr, values}, &released, {}, 1),
                   int32(), StatusCode::kInvalidArgument});
  cases.push_back({"null offsets", Foreign(2, {nullptr, nullptr, text}, &released), utf8(),
                   StatusCode::kInvalidArgument});
  cases.push_back({"offsets not monotonic", Foreign(2, {nullptr, bad_offs, text}, &released),
                   utf8(), StatusCode::kCorrupt});
  cases.push_back({"struct child too short",
                   Foreign(3, {nullptr}, &released, {Foreign(2, {nullptr, values})}),
                   struct_({field("a", int32())}), StatusCode::kCorrupt});
  cases.push_back({"missing child",
                   Foreign(3, {nullptr}, &released), struct_({field("a", int32())}),
                   StatusCode::kInvalidArgument});
  ArrowArray dict_array = Foreign(3, {nullptr, values}, &released);
  static_cast<ForeignPrivate*>(dict_array.private_data)->dictionary =
      new ArrowArray(Foreign(2, {nullptr, values}));
  dict_array.dictionary = static_cast<ForeignPrivate*>(dict_array.private_data)->dictionary;
  cases.push_back({"dictionary index out of range", dict_array, int32(), StatusCode::kCorrupt});
  for (auto& c : cases) {
    SCOPED_TRACE(c.name);
    int before = released;
    auto r = ImportArray(&c.array, c.type);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), c.code) << r.status().ToString();
    EXPECT_EQ(released, before + 1);  // consumed even on failure
  }

  ArrowArray released_array{};
  EXPECT_FALSE(ImportArray(&released_array, int32()).ok());
  EXPECT_FALSE(ImportArray(nullptr, int32()).ok());

  // Unsupported or malformed formats: schema and array are both released.
  const std::pair<const char*, StatusCode> formats[] = {
      {"d:10,2,256", StatusCode::kNotSupported}, {"+ud:0,1", StatusCode::kNotSupported},
      {"vu", StatusCode::kNotSupported},         {"w:-3", StatusCode::kInvalidArgument},
      {"d:x,2", StatusCode::kInvalidArgument},   {"+l", StatusCode::kInvalidArgument},
      {"d:5,2,32", StatusCode::kNotSupported},   {"d:19,2,64", StatusCode::kInvalidArgument},
      {"d:0,0,64", StatusCode::kInvalidArgument}};
  for (const auto& [format, code] : formats) {
    SCOPED_TRACE(format);
    released = 0;
    ArrowArray a = Foreign(3, {nullptr, values}, &released);
    ArrowSchema s = ForeignSchema(format);
    auto r = ImportArray(&a, &s);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), code) << r.status().ToString();
    EXPECT_EQ(s.release, nullptr);
    EXPECT_EQ(released, 1);
  }
  // A record batch struct with top-level nulls is rejected.
  uint8_t validity[] = {0b011};
  released = 0;
  ArrowArray batch = Foreign(3, {validity}, &released, {Foreign(3, {nullptr, values})}, 1);
  auto schema = std::make_shared<Schema>(std::vector<FieldPtr>{field("a", int32())});
  EXPECT_FALSE(ImportRecordBatch(&batch, SchemaPtr(schema)).ok());
  EXPECT_EQ(released, 1);
}

}  // namespace
}  // namespace silt
