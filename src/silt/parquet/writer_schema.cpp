#include "silt/parquet/writer_schema.h"

#include <cmath>

#include "silt/common/decimal.h"

namespace silt::parquet {

namespace {

constexpr int kMaxWriteDepth = 100;

LogicalType Logical(LogicalType::Kind kind) {
  LogicalType lt;
  lt.kind = kind;
  return lt;
}

LogicalType IntLogical(int bits, bool is_signed) {
  LogicalType lt = Logical(LogicalType::Kind::kInteger);
  lt.bit_width = static_cast<int8_t>(bits);
  lt.is_signed = is_signed;
  return lt;
}

parquet::TimeUnit ToParquetUnit(silt::TimeUnit unit) {
  switch (unit) {
    case silt::TimeUnit::kMilli: return parquet::TimeUnit::kMillis;
    case silt::TimeUnit::kMicro: return parquet::TimeUnit::kMicros;
    case silt::TimeUnit::kNano: return parquet::TimeUnit::kNanos;
  }
  return parquet::TimeUnit::kMicros;
}

/// Fills the physical/logical description of a primitive element and its leaf.
Status DescribeLeaf(const DataType& type, const std::string& name, SchemaElement* e,
                    WriterLeaf* leaf) {
  using K = LogicalType::Kind;
  auto set = [&](Type physical, ValueKind kind, StatsOrder order, WriteConversion conversion) {
    e->type = physical;
    leaf->physical_type = physical;
    leaf->kind = kind;
    leaf->order = order;
    leaf->conversion = conversion;
  };
  auto integer = [&](int bits, bool is_signed, ConvertedType ct, WriteConversion conversion) {
    set(bits == 64 ? Type::kInt64 : Type::kInt32,
        bits == 64 ? ValueKind::kInt64 : ValueKind::kInt32,
        is_signed ? StatsOrder::kSigned : StatsOrder::kUnsigned, conversion);
    e->logical_type = IntLogical(bits, is_signed);
    e->converted_type = ct;
  };
  switch (type.id()) {
    case TypeId::kNull:
      set(Type::kInt32, ValueKind::kInt32, StatsOrder::kSigned, WriteConversion::kNull);
      e->logical_type = Logical(K::kUnknown);
      return Status::OK();
    case TypeId::kBool:
      set(Type::kBoolean, ValueKind::kBool, StatsOrder::kUnsigned, WriteConversion::kCopy);
      return Status::OK();
    case TypeId::kInt8:
      integer(8, true, ConvertedType::kInt8, WriteConversion::kInt8ToInt32);
      return Status::OK();
    case TypeId::kInt16:
      integer(16, true, ConvertedType::kInt16, WriteConversion::kInt16ToInt32);
      return Status::OK();
    case TypeId::kInt32:
      integer(32, true, ConvertedType::kInt32, WriteConversion::kCopy);
      return Status::OK();
    case TypeId::kUInt8:
      integer(8, false, ConvertedType::kUint8, WriteConversion::kUInt8ToInt32);
      return Status::OK();
    case TypeId::kUInt16:
      integer(16, false, ConvertedType::kUint16, WriteConversion::kUInt16ToInt32);
      return Status::OK();
    case TypeId::kUInt32:
      integer(32, false, ConvertedType::kUint32, WriteConversion::kCopy);
      return Status::OK();
    case TypeId::kUInt64:
      integer(64, false, ConvertedType::kUint64, WriteConversion::kCopy);
      return Status::OK();
    case TypeId::kInt64:
      set(Type::kInt64, ValueKind::kInt64, StatsOrder::kSigned, WriteConversion::kCopy);
      return Status::OK();
    case TypeId::kFloat32:
      set(Type::kFloat, ValueKind::kFloat, StatsOrder::kFloat, WriteConversion::kCopy);
      return Status::OK();
    case TypeId::kFloat64:
      set(Type::kDouble, ValueKind::kDouble, StatsOrder::kFloat, WriteConversion::kCopy);
      return Status::OK();
    case TypeId::kDecimal64:
    case TypeId::kDecimal128: {
      // Both storages map alike: INT32 up to 9 digits, INT64 up to 18, else fixed bytes.
      const int32_t p = type.precision();
      const int32_t s = type.scale();
      const int32_t max_p =
          type.id() == TypeId::kDecimal64 ? kMaxDecimal64Precision : kMaxDecimal128Precision;
      if (p < 1 || p > max_p || s < 0 || s > p) {
        return Status::InvalidArgument("column '" + name + "' has type " + type.ToString() +
                                       ", which Parquet cannot store");
      }
      if (p <= 9) {
        set(Type::kInt32, ValueKind::kInt32, StatsOrder::kSigned, WriteConversion::kDecimalToInt32);
      } else if (p <= 18) {
        set(Type::kInt64, ValueKind::kInt64, StatsOrder::kSigned, WriteConversion::kDecimalToInt64);
      } else {
        set(Type::kFixedLenByteArray, ValueKind::kFixed, StatsOrder::kSigned,
            WriteConversion::kDecimalToFixed);
        e->type_length = DecimalByteWidth(p);
      }
      LogicalType lt = Logical(K::kDecimal);
      lt.precision = p;
      lt.scale = s;
      e->logical_type = lt;
      e->converted_type = ConvertedType::kDecimal;
      e->precision = p;
      e->scale = s;
      return Status::OK();
    }
    case TypeId::kUtf8:
      set(Type::kByteArray, ValueKind::kByteArray, StatsOrder::kUnsigned, WriteConversion::kBinary);
      e->logical_type = Logical(K::kString);
      e->converted_type = ConvertedType::kUtf8;
      leaf->is_utf8 = true;
      return Status::OK();
    case TypeId::kBinary:
      set(Type::kByteArray, ValueKind::kByteArray, StatsOrder::kUnsigned, WriteConversion::kBinary);
      return Status::OK();
    case TypeId::kFixedBinary:
      if (type.byte_width() <= 0) {
        return Status::InvalidArgument("column '" + name + "' has type " + type.ToString() +
                                       ", which Parquet cannot store");
      }
      set(Type::kFixedLenByteArray, ValueKind::kFixed, StatsOrder::kUnsigned,
          WriteConversion::kCopy);
      e->type_length = type.byte_width();
      return Status::OK();
    case TypeId::kDate32:
      set(Type::kInt32, ValueKind::kInt32, StatsOrder::kSigned, WriteConversion::kCopy);
      e->logical_type = Logical(K::kDate);
      e->converted_type = ConvertedType::kDate;
      return Status::OK();
    case TypeId::kTime64: {
      LogicalType lt = Logical(K::kTime);
      lt.is_adjusted_to_utc = false;  // DuckDB reads adjusted times as TIME WITH TIME ZONE
      lt.unit = ToParquetUnit(type.unit());
      e->logical_type = lt;
      if (type.unit() == silt::TimeUnit::kMilli) {
        set(Type::kInt32, ValueKind::kInt32, StatsOrder::kSigned, WriteConversion::kInt64ToInt32);
      } else {
        set(Type::kInt64, ValueKind::kInt64, StatsOrder::kSigned, WriteConversion::kCopy);
      }
      return Status::OK();
    }
    case TypeId::kTimestamp: {
      LogicalType lt = Logical(K::kTimestamp);
      lt.is_adjusted_to_utc = !type.timezone().empty();
      lt.unit = ToParquetUnit(type.unit());
      e->logical_type = lt;
      // Legacy annotations only mean UTC-adjusted instants (as Arrow writes them).
      if (lt.is_adjusted_to_utc && type.unit() == silt::TimeUnit::kMilli) {
        e->converted_type = ConvertedType::kTimestampMillis;
      } else if (lt.is_adjusted_to_utc && type.unit() == silt::TimeUnit::kMicro) {
        e->converted_type = ConvertedType::kTimestampMicros;
      }
      set(Type::kInt64, ValueKind::kInt64, StatsOrder::kSigned, WriteConversion::kCopy);
      return Status::OK();
    }
    case TypeId::kInterval:
      set(Type::kFixedLenByteArray, ValueKind::kFixed, StatsOrder::kNone,
          WriteConversion::kInterval);
      e->type_length = 12;
      e->converted_type = ConvertedType::kInterval;
      return Status::OK();
    default: break;
  }
  return Status::NotSupported("column '" + name + "' has type " + type.ToString() +
                              ", which the Parquet writer does not support");
}

class SchemaBuilder {
 public:
  explicit SchemaBuilder(WriterSchema* out) : out_(out) {}

  /// Adds the subtree of field `f` named `name`; `nullable` overrides the field's flag.
  Status Add(const Field& f, const std::string& name, bool nullable, int16_t def, int16_t rep,
             int field_index, int depth) {
    if (depth > kMaxWriteDepth) {
      return Status::InvalidArgument("column '" + Dotted(name) + "' is nested more than " +
                                     std::to_string(kMaxWriteDepth) + " levels deep");
    }
    const DataType& type = *f.type;
    if (type.id() == TypeId::kNull) nullable = true;  // all values are null
    const int16_t my_def = static_cast<int16_t>(def + (nullable ? 1 : 0));
    SchemaElement e;
    e.name = name;
    e.repetition_type = nullable ? FieldRepetitionType::kOptional : FieldRepetitionType::kRequired;
    if (f.field_id >= 0) e.field_id = f.field_id;
    path_.push_back(name);
    PathStep step;
    step.nullable = nullable;
    step.def_level = my_def;
    step.name = Dotted("");
    switch (type.id()) {
      case TypeId::kStruct: {
        if (type.children().empty()) {
          return Status::NotSupported("column '" + step.name +
                                      "' is a struct without fields, which Parquet cannot store");
        }
        e.num_children = static_cast<int32_t>(type.children().size());
        out_->elements.push_back(e);
        step.kind = PathStep::Kind::kStruct;
        for (size_t c = 0; c < type.children().size(); ++c) {
          step.child = static_cast<int>(c);
          steps_.push_back(step);
          const Field& child = *type.children()[c];
          SILT_RETURN_NOT_OK(
              Add(child, child.name, child.nullable, my_def, rep, field_index, depth + 1));
          steps_.pop_back();
        }
        break;
      }
      case TypeId::kList: {
        e.num_children = 1;
        e.logical_type = Logical(LogicalType::Kind::kList);
        e.converted_type = ConvertedType::kList;
        out_->elements.push_back(e);
        SchemaElement repeated;
        repeated.name = "list";
        repeated.repetition_type = FieldRepetitionType::kRepeated;
        repeated.num_children = 1;
        out_->elements.push_back(repeated);
        path_.push_back("list");
        step.kind = PathStep::Kind::kList;
        step.rep_level = static_cast<int16_t>(rep + 1);
        steps_.push_back(step);
        const Field& item = *type.children()[0];
        SILT_RETURN_NOT_OK(Add(item, "element", item.nullable, static_cast<int16_t>(my_def + 1),
                               step.rep_level, field_index, depth + 1));
        steps_.pop_back();
        path_.pop_back();
        break;
      }
      case TypeId::kMap: {
        e.num_children = 1;
        e.logical_type = Logical(LogicalType::Kind::kMap);
        e.converted_type = ConvertedType::kMap;
        out_->elements.push_back(e);
        SchemaElement kv;
        kv.name = "key_value";
        kv.repetition_type = FieldRepetitionType::kRepeated;
        kv.num_children = 2;
        out_->elements.push_back(kv);
        path_.push_back("key_value");
        step.kind = PathStep::Kind::kList;
        step.rep_level = static_cast<int16_t>(rep + 1);
        steps_.push_back(step);
        const DataType& entries = *type.children()[0]->type;
        if (entries.id() != TypeId::kStruct || entries.children().size() != 2) {
          return Status::InvalidArgument("map column '" + step.name + "' has malformed entries");
        }
        const int16_t entry_def = static_cast<int16_t>(my_def + 1);
        PathStep entry_step;
        entry_step.kind = PathStep::Kind::kStruct;
        entry_step.nullable = false;
        entry_step.def_level = entry_def;
        entry_step.name = step.name;
        for (int c = 0; c < 2; ++c) {
          entry_step.child = c;
          steps_.push_back(entry_step);
          const Field& kf = *entries.children()[static_cast<size_t>(c)];
          SILT_RETURN_NOT_OK(Add(kf, c == 0 ? "key" : "value", c == 0 ? false : kf.nullable,
                                 entry_def, step.rep_level, field_index, depth + 1));
          steps_.pop_back();
        }
        steps_.pop_back();
        path_.pop_back();
        break;
      }
      default: {
        WriterLeaf leaf;
        leaf.column_index = static_cast<int>(out_->leaves.size());
        leaf.field_index = field_index;
        leaf.path = path_;
        leaf.name = step.name;
        leaf.type = f.type;
        leaf.max_def_level = my_def;
        leaf.max_rep_level = rep;
        SILT_RETURN_NOT_OK(DescribeLeaf(type, leaf.name, &e, &leaf));
        leaf.type_length = e.type_length.value_or(0);
        out_->elements.push_back(e);
        step.kind = PathStep::Kind::kLeaf;
        leaf.steps = steps_;
        leaf.steps.push_back(step);
        out_->leaves.push_back(std::move(leaf));
        break;
      }
    }
    path_.pop_back();
    return Status::OK();
  }

 private:
  /// The current path joined with dots, plus `last` when not empty.
  std::string Dotted(const std::string& last) const {
    std::string s;
    for (const auto& p : path_) {
      if (!s.empty()) s += '.';
      s += p;
    }
    if (!last.empty()) s += (s.empty() ? "" : ".") + last;
    return s;
  }

  WriterSchema* out_;
  std::vector<std::string> path_;
  std::vector<PathStep> steps_;
};

}  // namespace

int32_t DecimalByteWidth(int32_t precision) {
  // Smallest n with 2^(8n - 1) > 10^precision - 1.
  int32_t n = 1;
  while (n < 16 && static_cast<double>(8 * n - 1) * std::log10(2.0) < precision) ++n;
  return n;
}

Result<std::unique_ptr<WriterSchema>> BuildWriterSchema(const Schema& schema) {
  auto out = std::make_unique<WriterSchema>();
  SchemaElement root;
  root.name = "schema";
  root.num_children = schema.num_fields();
  out->elements.push_back(root);
  SchemaBuilder builder(out.get());
  for (int i = 0; i < schema.num_fields(); ++i) {
    const Field& f = *schema.field(i);
    const int first = static_cast<int>(out->leaves.size());
    SILT_RETURN_NOT_OK(builder.Add(f, f.name, f.nullable, 0, 0, i, 1));
    out->field_leaves.emplace_back(first, static_cast<int>(out->leaves.size()) - first);
  }
  return out;
}

}  // namespace silt::parquet
