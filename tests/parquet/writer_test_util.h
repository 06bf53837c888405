#pragma once

// Helpers shared by the Parquet writer tests: in-memory write/read round trips, a
// value-by-value array comparison that sees through encodings, slices and offsets, and a
// seeded generator of random schemas and data with nulls at every level.

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "silt/columnar/builder.h"
#include "silt/io/file_system.h"
#include "silt/parquet/file_reader.h"
#include "silt/parquet/writer.h"

namespace silt::parquet::testing {

/// Writes `batches` into an in-memory file and returns its bytes.
inline Result<std::string> WriteToBytes(const SchemaPtr& schema,
                                        const std::vector<RecordBatchPtr>& batches,
                                        const ParquetWriteOptions& options = {}) {
  auto fs = std::make_shared<io::InMemoryFileSystem>();
  SILT_ASSIGN_OR_RETURN(auto out, fs->OpenForWrite("mem.parquet"));
  SILT_ASSIGN_OR_RETURN(auto writer, ParquetFileWriter::Open(std::move(out), schema, options));
  for (const auto& b : batches) SILT_RETURN_NOT_OK(writer->Write(*b));
  SILT_RETURN_NOT_OK(writer->Close());
  SILT_ASSIGN_OR_RETURN(auto file, fs->OpenForRead("mem.parquet"));
  SILT_ASSIGN_OR_RETURN(int64_t size, file->Size());
  SILT_ASSIGN_OR_RETURN(auto buf, file->ReadAt(0, size));
  return std::string(reinterpret_cast<const char*>(buf->data()), static_cast<size_t>(size));
}

/// An in-memory file holding `bytes`.
inline std::shared_ptr<io::RandomAccessFile> FileOf(const std::string& bytes) {
  auto fs = std::make_shared<io::InMemoryFileSystem>();
  fs->Put("mem.parquet", bytes);
  auto file = fs->OpenForRead("mem.parquet");
  return file.ok() ? *file : nullptr;
}

/// What a round trip read back.
struct ReadBack {
  FileMetaData metadata;
  SchemaPtr schema;
  std::vector<ArrayDataPtr> columns;  // one concatenated (plain) array per column
  int64_t num_rows = 0;
};

inline Result<ReadBack> ReadBytes(const std::string& bytes, ParquetReadOptions options = {}) {
  SILT_ASSIGN_OR_RETURN(auto reader, ParquetFileReader::Open(FileOf(bytes), options));
  ReadBack out;
  out.metadata = reader->metadata();
  out.schema = reader->output_schema();
  SILT_ASSIGN_OR_RETURN(auto batches, reader->ReadAll());
  for (int c = 0; c < out.schema->num_fields(); ++c) {
    std::vector<ArrayDataPtr> parts;
    for (const auto& b : batches) parts.push_back(b->column(c));
    if (parts.empty()) {
      ArrayBuilder empty(out.schema->field(c)->type);
      SILT_ASSIGN_OR_RETURN(auto array, empty.Finish());
      out.columns.push_back(array);
    } else {
      SILT_ASSIGN_OR_RETURN(auto all, Concatenate(parts));
      out.columns.push_back(all);
    }
  }
  for (const auto& b : batches) out.num_rows += b->num_rows();
  return out;
}

/// Concatenates column `c` of `batches`.
inline ArrayDataPtr ColumnOf(const std::vector<RecordBatchPtr>& batches, int c) {
  std::vector<ArrayDataPtr> parts;
  for (const auto& b : batches) parts.push_back(b->column(c));
  return *Concatenate(parts);
}

/// Whether row i of `a` is null, seeing through dictionary / constant encodings.
inline bool CellIsNull(const ArrayData& a, int64_t i) {
  if (a.type->id() == TypeId::kNull) return true;
  switch (a.encoding) {
    case silt::Encoding::kConstant: return CellIsNull(*a.dictionary, 0);
    case silt::Encoding::kDictionary:
      return a.IsNull(i) || CellIsNull(*a.dictionary, a.DictIndex(i));
    case silt::Encoding::kPlain: return a.IsNull(i);
  }
  return false;
}

/// The plain array and row holding row i of `a`.
inline std::pair<const ArrayData*, int64_t> Resolve(const ArrayData& a, int64_t i) {
  switch (a.encoding) {
    case silt::Encoding::kConstant: return Resolve(*a.dictionary, 0);
    case silt::Encoding::kDictionary: return Resolve(*a.dictionary, a.DictIndex(i));
    case silt::Encoding::kPlain: break;
  }
  return {&a, i};
}

/// Compares row i of x with row j of y; returns a description of the first difference.
inline std::string CompareCells(const ArrayData& x, int64_t i, const ArrayData& y, int64_t j,
                                const std::string& path) {
  const bool nx = CellIsNull(x, i);
  const bool ny = CellIsNull(y, j);
  if (nx != ny) {
    return path + ": expected " + (nx ? "null" : "a value") + ", got " + (ny ? "null" : "a value");
  }
  if (nx) return "";
  auto [xa, xi] = Resolve(x, i);
  auto [ya, yj] = Resolve(y, j);
  switch (xa->type->id()) {
    case TypeId::kBool:
      if (xa->GetBool(xi) != ya->GetBool(yj)) return path + ": booleans differ";
      return "";
    case TypeId::kUtf8:
    case TypeId::kBinary:
      if (xa->GetView(xi) != ya->GetView(yj)) {
        return path + ": '" + std::string(xa->GetView(xi)) + "' != '" +
               std::string(ya->GetView(yj)) + "'";
      }
      return "";
    case TypeId::kList:
    case TypeId::kMap: {
      const int32_t* xo = xa->list_offsets();
      const int32_t* yo = ya->list_offsets();
      const int64_t xl = xo[xi + 1] - xo[xi];
      const int64_t yl = yo[yj + 1] - yo[yj];
      if (xl != yl) {
        return path + ": list lengths " + std::to_string(xl) + " != " + std::to_string(yl);
      }
      for (int64_t k = 0; k < xl; ++k) {
        std::string d = CompareCells(*xa->children[0], xo[xi] + k, *ya->children[0], yo[yj] + k,
                                     path + "[" + std::to_string(k) + "]");
        if (!d.empty()) return d;
      }
      return "";
    }
    case TypeId::kStruct:
      for (size_t c = 0; c < xa->children.size(); ++c) {
        std::string d = CompareCells(*xa->children[c], xi, *ya->children[c], yj,
                                     path + "." + xa->type->children()[c]->name);
        if (!d.empty()) return d;
      }
      return "";
    default: {
      const int w = xa->type->FixedWidth();
      if (std::memcmp(xa->GetFixed(xi), ya->GetFixed(yj), static_cast<size_t>(w)) != 0) {
        return path + ": fixed-width values differ";
      }
      return "";
    }
  }
}

/// Compares two arrays of equal length row by row; empty when equal.
inline std::string CompareArrays(const ArrayData& expected, const ArrayData& actual,
                                 const std::string& name) {
  if (expected.length != actual.length) {
    return name + ": lengths " + std::to_string(expected.length) +
           " != " + std::to_string(actual.length);
  }
  for (int64_t i = 0; i < expected.length; ++i) {
    std::string d = CompareCells(expected, i, actual, i, name + "#" + std::to_string(i));
    if (!d.empty()) return d;
  }
  return "";
}

/// Seeded random schemas and data.
class RandomData {
 public:
  explicit RandomData(uint64_t seed) : rng_(seed) {}

  std::mt19937_64& rng() { return rng_; }
  bool Coin(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  int64_t Int(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }

  /// A primitive type from everything the writer maps (canonical for a round trip: decimals
  /// of precision <= 18 read back as decimal64).
  DataTypePtr PrimitiveType() {
    static const std::vector<DataTypePtr> kTypes = {boolean(),
                                                    int8(),
                                                    int16(),
                                                    int32(),
                                                    int64(),
                                                    uint8(),
                                                    uint16(),
                                                    uint32(),
                                                    uint64(),
                                                    float32(),
                                                    float64(),
                                                    decimal64(7, 2),
                                                    decimal64(18, 4),
                                                    decimal128(38, 10),
                                                    decimal128(25, 0),
                                                    utf8(),
                                                    binary(),
                                                    fixed_binary(5),
                                                    date32(),
                                                    time64(silt::TimeUnit::kMicro),
                                                    time64(silt::TimeUnit::kNano),
                                                    timestamp(silt::TimeUnit::kMilli),
                                                    timestamp(silt::TimeUnit::kMicro, "UTC"),
                                                    timestamp(silt::TimeUnit::kNano),
                                                    interval(),
                                                    null()};
    return kTypes[static_cast<size_t>(Int(0, static_cast<int64_t>(kTypes.size()) - 1))];
  }

  /// A random type nested at most `depth` more levels.
  DataTypePtr Type(int depth) {
    if (depth <= 0 || Coin(0.4)) return PrimitiveType();
    switch (Int(0, 2)) {
      case 0: return list(RandomField("element", depth - 1));
      case 1: {
        std::vector<FieldPtr> fields;
        const int64_t n = Int(1, 3);
        for (int64_t i = 0; i < n; ++i) {
          std::string name = "f";
          name += std::to_string(i);
          fields.push_back(RandomField(name, depth - 1));
        }
        return struct_(std::move(fields));
      }
      default: {
        DataTypePtr key = Coin(0.5) ? utf8() : int32();
        return map(field("key", key, false), RandomField("value", depth - 1));
      }
    }
  }

  FieldPtr RandomField(const std::string& name, int depth) {
    DataTypePtr t = Type(depth);
    const bool nullable = t->id() == TypeId::kNull || Coin(0.7);
    return field(name, t, nullable);
  }

  /// Appends one random value (null with probability null_p when nullable).
  Status Append(ArrayBuilder* b, const DataType& t, bool nullable, double null_p) {
    if (t.id() == TypeId::kNull || (nullable && Coin(null_p))) return b->AppendNull();
    switch (t.id()) {
      case TypeId::kBool: return b->AppendBool(Coin(0.5));
      case TypeId::kInt8: return b->Append<int8_t>(static_cast<int8_t>(Int(-128, 127)));
      case TypeId::kInt16: return b->Append<int16_t>(static_cast<int16_t>(Int(-32768, 32767)));
      case TypeId::kInt32: return b->Append<int32_t>(static_cast<int32_t>(Int(-1000, 1000)));
      case TypeId::kInt64: return b->Append<int64_t>(Int(INT64_MIN, INT64_MAX));
      case TypeId::kUInt8: return b->Append<uint8_t>(static_cast<uint8_t>(Int(0, 255)));
      case TypeId::kUInt16: return b->Append<uint16_t>(static_cast<uint16_t>(Int(0, 65535)));
      case TypeId::kUInt32: return b->Append<uint32_t>(static_cast<uint32_t>(Int(0, UINT32_MAX)));
      case TypeId::kUInt64:
        return b->Append<uint64_t>(static_cast<uint64_t>(Int(INT64_MIN, INT64_MAX)));
      case TypeId::kFloat32:
        return b->Append<float>(static_cast<float>(Int(-100000, 100000)) / 7.0f);
      case TypeId::kFloat64:
        return b->Append<double>(static_cast<double>(Int(-1000000, 1000000)) / 3.0);
      case TypeId::kDecimal128: {
        const int digits = std::min(t.precision(), 18);
        __int128 bound = 1;
        for (int i = 0; i < digits; ++i) bound *= 10;
        __int128 v = static_cast<__int128>(Int(0, INT64_MAX)) % bound;
        if (t.precision() > 18 && Coin(0.5)) {
          for (int i = 18; i < t.precision(); ++i) v *= 10;
        }
        if (Coin(0.5)) v = -v;
        return b->Append<__int128>(v);
      }
      case TypeId::kDecimal64: {
        int64_t bound = 1;
        for (int i = 0; i < t.precision(); ++i) bound *= 10;
        const int64_t v = Int(0, INT64_MAX) % bound;
        return b->Append<int64_t>(Coin(0.5) ? -v : v);
      }
      case TypeId::kUtf8: return b->AppendString(Text());
      case TypeId::kBinary: {
        std::string s(static_cast<size_t>(Int(0, 12)), '\0');
        for (auto& c : s) c = static_cast<char>(Int(0, 255));
        return b->AppendString(s);
      }
      case TypeId::kFixedBinary: {
        std::string s(static_cast<size_t>(t.byte_width()), '\0');
        for (auto& c : s) c = static_cast<char>(Int(0, 3));
        return b->AppendFixed(s.data());
      }
      case TypeId::kDate32: return b->Append<int32_t>(static_cast<int32_t>(Int(-100000, 100000)));
      case TypeId::kTime64:
        return b->Append<int64_t>(Int(0, 86399999999LL) *
                                  (t.unit() == silt::TimeUnit::kNano ? 1000 : 1));
      case TypeId::kTimestamp: return b->Append<int64_t>(Int(-4000000000000LL, 4000000000000LL));
      case TypeId::kInterval: {
        uint8_t bytes[16];
        const auto months = static_cast<int32_t>(Int(0, 500));  // Parquet: unsigned
        const auto days = static_cast<int32_t>(Int(0, 40));
        const int64_t nanos = Int(0, 86400000) * 1000000;
        std::memcpy(bytes, &months, 4);
        std::memcpy(bytes + 4, &days, 4);
        std::memcpy(bytes + 8, &nanos, 8);
        return b->AppendFixed(bytes);
      }
      case TypeId::kList: {
        const int64_t n = Coin(0.2) ? 0 : Int(1, 4);
        const Field& item = *t.children()[0];
        for (int64_t i = 0; i < n; ++i) {
          SILT_RETURN_NOT_OK(Append(b->child(0), *item.type, item.nullable, null_p));
        }
        return b->AppendListRow();
      }
      case TypeId::kMap: {
        const int64_t n = Coin(0.2) ? 0 : Int(1, 3);
        const DataType& entries = *t.children()[0]->type;
        ArrayBuilder* eb = b->child(0);
        for (int64_t i = 0; i < n; ++i) {
          SILT_RETURN_NOT_OK(Append(eb->child(0), *entries.children()[0]->type, false, 0));
          const Field& v = *entries.children()[1];
          SILT_RETURN_NOT_OK(Append(eb->child(1), *v.type, v.nullable, null_p));
          SILT_RETURN_NOT_OK(eb->AppendStructValid());
        }
        return b->AppendListRow();
      }
      case TypeId::kStruct:
        for (size_t c = 0; c < t.children().size(); ++c) {
          const Field& f = *t.children()[c];
          SILT_RETURN_NOT_OK(Append(b->child(static_cast<int>(c)), *f.type, f.nullable, null_p));
        }
        return b->AppendStructValid();
      default: return Status::NotSupported("random value of " + t.ToString());
    }
  }

  /// An array of `n` random values of field `f`.
  Result<ArrayDataPtr> Array(const Field& f, int64_t n, double null_p) {
    ArrayBuilder b(f.type);
    for (int64_t i = 0; i < n; ++i) SILT_RETURN_NOT_OK(Append(&b, *f.type, f.nullable, null_p));
    return b.Finish();
  }

  /// A batch of `n` random rows.
  Result<RecordBatchPtr> Batch(const SchemaPtr& schema, int64_t n, double null_p) {
    std::vector<ArrayDataPtr> cols;
    for (const auto& f : schema->fields()) {
      SILT_ASSIGN_OR_RETURN(auto a, Array(*f, n, null_p));
      cols.push_back(a);
    }
    return std::make_shared<RecordBatch>(schema, n, std::move(cols));
  }

  /// Short text from a small vocabulary (repeats, for dictionaries) or random, with some
  /// multi-byte characters.
  std::string Text() {
    static const char* kWords[] = {
        "", "a", "apple", "banana", "kiwi", "\xc3\xa9t\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac", "zz"};
    if (Coin(0.6)) return kWords[Int(0, 7)];
    std::string s;
    const int64_t n = Int(0, 16);
    for (int64_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + Int(0, 25)));
    return s;
  }

 private:
  std::mt19937_64 rng_;
};

}  // namespace silt::parquet::testing
