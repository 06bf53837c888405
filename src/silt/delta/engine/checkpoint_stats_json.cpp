// add.stats_parsed / add.partitionValues_parsed -> the strings of the JSON log format.
#include "silt/delta/engine/checkpoint_stats_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "silt/common/decimal.h"
#include "silt/common/temporal.h"
#include "silt/common/utf8.h"
#include "silt/delta/engine/checkpoint_reader.h"
#include "silt/format/value_text.h"

namespace silt::delta {
namespace checkpoint_internal {

namespace {

// Floor division for the negative timestamps and day counts of dates before 1970.
int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

template <typename T>
void AppendNumber(T v, std::string* out) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

// Shortest round-trip text; NaN and infinities as the words ParseScalar reads back.
// `quoted` wraps those words in quotes (JSON has no literal for them).
void AppendFloating(double v, bool is_float32, bool quoted, std::string* out) {
  std::string_view word;
  if (std::isnan(v)) {
    word = "NaN";
  } else if (std::isinf(v)) {
    word = v > 0 ? "Infinity" : "-Infinity";
  }
  if (!word.empty()) {
    if (quoted) out->push_back('"');
    out->append(word);
    if (quoted) out->push_back('"');
  } else if (is_float32) {
    AppendNumber(static_cast<float>(v), out);
  } else {
    AppendNumber(v, out);
  }
}

void AppendTwoDigits(int64_t v, std::string* out) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

// `YYYY-MM-DDTHH:MM:SS.mmm[Z]`, floor-truncated to milliseconds: the precision Delta
// writes in JSON stats (file_stats.h widens maxima by the truncated millisecond).
void AppendIsoMillis(int64_t value, TimeUnit unit, bool utc, std::string* out) {
  int64_t ms = value;
  if (unit == TimeUnit::kMicro) ms = FloorDiv(value, 1000);
  if (unit == TimeUnit::kNano) ms = FloorDiv(value, 1000000);
  constexpr int64_t kMillisPerDay = kSecondsPerDay * 1000;
  int64_t days = FloorDiv(ms, kMillisPerDay);
  int64_t in_day = ms - days * kMillisPerDay;
  AppendDate(days, out);
  out->push_back('T');
  AppendTwoDigits(in_day / 3600000, out);
  out->push_back(':');
  AppendTwoDigits(in_day / 60000 % 60, out);
  out->push_back(':');
  AppendTwoDigits(in_day / 1000 % 60, out);
  out->push_back('.');
  int64_t frac = in_day % 1000;
  out->push_back(static_cast<char>('0' + frac / 100));
  AppendTwoDigits(frac % 100, out);
  if (utc) out->push_back('Z');
}

__int128 DecimalAt(const ArrayData& a, int64_t i) {
  if (a.type->id() == TypeId::kDecimal64) return a.values<int64_t>()[i];
  return a.values<__int128>()[i];
}

int64_t SignedAt(const ArrayData& a, int64_t i) {
  switch (a.type->FixedWidth()) {
    case 1: return a.values<int8_t>()[i];
    case 2: return a.values<int16_t>()[i];
    case 4: return a.values<int32_t>()[i];
    default: return a.values<int64_t>()[i];
  }
}

uint64_t UnsignedAt(const ArrayData& a, int64_t i) {
  switch (a.type->FixedWidth()) {
    case 1: return a.values<uint8_t>()[i];
    case 2: return a.values<uint16_t>()[i];
    case 4: return a.values<uint32_t>()[i];
    default: return a.values<uint64_t>()[i];
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------
// ParsedStatsJsonWriter

Status ParsedStatsJsonWriter::Bind(const ArrayData& stats_parsed, ColumnBinder* binder) {
  if (stats_parsed.type->id() != TypeId::kStruct) {
    return WrongType("add.stats_parsed", *stats_parsed.type, "a struct");
  }
  root_ = Node();
  bool keep = false;
  return BindNode(&stats_parsed, "add.stats_parsed", binder, &root_, &keep);
}

Status ParsedStatsJsonWriter::BindNode(const ArrayData* array, const std::string& path,
                                       ColumnBinder* binder, Node* node, bool* keep) {
  node->array = array;
  node->offset = array->offset;
  if (array->null_count != 0 && !array->buffers.empty() && array->buffers[0]) {
    node->validity = array->buffers[0]->data();
  }
  const DataType& type = *array->type;
  *keep = true;
  const TypeId id = type.id();
  if (id == TypeId::kStruct) {
    node->kind = Kind::kStruct;
    for (const auto& f : type.children()) {
      std::string child_path = path + "." + f->name;
      SILT_ASSIGN_OR_RETURN(const ArrayData* child, binder->Child(array, f->name, child_path));
      Node child_node;
      bool child_keep = false;
      SILT_RETURN_NOT_OK(BindNode(child, child_path, binder, &child_node, &child_keep));
      if (!child_keep) continue;
      AppendJsonString(f->name, &child_node.key_json);
      child_node.key_json.push_back(':');
      node->children.push_back(std::move(child_node));
    }
    *keep = !node->children.empty() || node == &root_;
    return Status::OK();
  }
  node->width = type.FixedWidth();
  if (IsSignedInteger(id)) {
    node->kind = Kind::kInt;
  } else if (IsUnsignedInteger(id)) {
    node->kind = Kind::kUInt;
  } else if (id == TypeId::kFloat32) {
    node->kind = Kind::kFloat32;
  } else if (id == TypeId::kFloat64) {
    node->kind = Kind::kFloat64;
  } else if (id == TypeId::kBool) {
    node->kind = Kind::kBool;
  } else if (id == TypeId::kDecimal64 || id == TypeId::kDecimal128) {
    node->kind = id == TypeId::kDecimal64 ? Kind::kDecimal64 : Kind::kDecimal128;
    node->scale = type.scale();
  } else if (id == TypeId::kDate32) {
    node->kind = Kind::kDate;
  } else if (id == TypeId::kTimestamp) {
    node->kind = Kind::kTimestamp;
    node->unit = type.unit();
    node->utc = !type.timezone().empty();
  } else if (id == TypeId::kUtf8) {
    node->kind = Kind::kString;
    // Dictionary and constant strings are read through StringAt; constant validity too.
    if (array->encoding == Encoding::kConstant) node->validity = nullptr;
    *keep = array->encoding != Encoding::kConstant || array->dictionary->IsValid(0);
    return Status::OK();
  } else {
    // Binary (variant bounds), lists, maps and types Delta stats never hold: no JSON form
    // that ParseFileStats would read back, so the bound is left out.
    *keep = false;
    return Status::OK();
  }
  // Fixed-width values are read straight from the (plain, see ColumnBinder::Plain) buffer.
  const int64_t needed = id == TypeId::kBool ? (array->offset + array->length + 7) / 8
                                             : (array->offset + array->length) * node->width;
  if (array->encoding != Encoding::kPlain || array->buffers.size() < 2 || !array->buffers[1] ||
      array->buffers[1]->size() < needed) {
    return Status::Corrupt("checkpoint column '" + path + "' has a short values buffer");
  }
  node->values = array->buffers[1]->data();
  if (id != TypeId::kBool) node->values += array->offset * node->width;
  return Status::OK();
}

char* ParsedStatsJsonWriter::Reserve(size_t extra) {
  if (size_ + extra > buffer_.size()) buffer_.resize(std::max(size_ + extra, buffer_.size() * 2));
  return buffer_.data() + size_;
}

void ParsedStatsJsonWriter::WriteBytes(std::string_view bytes) {
  std::memcpy(Reserve(bytes.size()), bytes.data(), bytes.size());
  size_ += bytes.size();
}

bool ParsedStatsJsonWriter::WriteValue(const Node& node, int64_t row) {
  constexpr size_t kMaxNumber = 48;  // longest to_chars output of any number here
  switch (node.kind) {
    case Kind::kStruct: return WriteObject(node, row);
    case Kind::kInt: {
      int64_t v = 0;
      switch (node.width) {
        case 1: v = reinterpret_cast<const int8_t*>(node.values)[row]; break;
        case 2: v = reinterpret_cast<const int16_t*>(node.values)[row]; break;
        case 4: v = reinterpret_cast<const int32_t*>(node.values)[row]; break;
        default: v = reinterpret_cast<const int64_t*>(node.values)[row]; break;
      }
      char* p = Reserve(kMaxNumber);
      size_ = static_cast<size_t>(std::to_chars(p, p + kMaxNumber, v).ptr - buffer_.data());
      return true;
    }
    case Kind::kUInt: {
      uint64_t v = 0;
      switch (node.width) {
        case 1: v = node.values[row]; break;
        case 2: v = reinterpret_cast<const uint16_t*>(node.values)[row]; break;
        case 4: v = reinterpret_cast<const uint32_t*>(node.values)[row]; break;
        default: v = reinterpret_cast<const uint64_t*>(node.values)[row]; break;
      }
      char* p = Reserve(kMaxNumber);
      size_ = static_cast<size_t>(std::to_chars(p, p + kMaxNumber, v).ptr - buffer_.data());
      return true;
    }
    case Kind::kBool:
      WriteBytes(bit_util::GetBit(node.values, node.offset + row) ? "true" : "false");
      return true;
    default: break;
  }
  // Less common kinds go through the text helpers and a scratch string.
  scratch_.clear();
  const ArrayData& a = *node.array;
  switch (node.kind) {
    case Kind::kFloat32:
      AppendFloating(reinterpret_cast<const float*>(node.values)[row], true, true, &scratch_);
      break;
    case Kind::kFloat64:
      AppendFloating(reinterpret_cast<const double*>(node.values)[row], false, true, &scratch_);
      break;
    case Kind::kDecimal64:
    case Kind::kDecimal128: AppendDecimal(DecimalAt(a, row), node.scale, &scratch_); break;
    case Kind::kDate:
      scratch_.push_back('"');
      AppendDate(reinterpret_cast<const int32_t*>(node.values)[row], &scratch_);
      scratch_.push_back('"');
      break;
    case Kind::kTimestamp:
      scratch_.push_back('"');
      AppendIsoMillis(reinterpret_cast<const int64_t*>(node.values)[row], node.unit, node.utc,
                      &scratch_);
      scratch_.push_back('"');
      break;
    case Kind::kString: {
      std::string_view s = StringAt(a, row);
      // Invalid UTF-8 would make the whole stats document unreadable; drop just this bound.
      if (!ValidateUtf8(reinterpret_cast<const uint8_t*>(s.data()),
                        static_cast<int64_t>(s.size()))) {
        return false;
      }
      AppendJsonString(s, &scratch_);
      break;
    }
    default: return false;
  }
  WriteBytes(scratch_);
  return true;
}

bool ParsedStatsJsonWriter::WriteObject(const Node& node, int64_t row) {
  WriteBytes("{");
  bool wrote = false;
  for (const Node& child : node.children) {
    if (child.validity != nullptr && !bit_util::GetBit(child.validity, child.offset + row)) {
      continue;
    }
    const size_t mark = size_;
    if (wrote) WriteBytes(",");
    WriteBytes(child.key_json);
    if (!WriteValue(child, row)) {
      size_ = mark;  // an empty nested object or an unwritable value: no key at all
      continue;
    }
    wrote = true;
  }
  WriteBytes("}");
  return wrote;
}

std::string_view ParsedStatsJsonWriter::Render(int64_t row) {
  size_ = 0;
  WriteObject(root_, row);
  return {buffer_.data(), size_};
}

// ---------------------------------------------------------------------------------------
// ParsedPartitionValuesReader

Status ParsedPartitionValuesReader::Bind(const ArrayData& parsed, ColumnBinder* binder) {
  if (parsed.type->id() != TypeId::kStruct) {
    return WrongType("add.partitionValues_parsed", *parsed.type, "a struct");
  }
  fields_.clear();
  for (const auto& f : parsed.type->children()) {
    std::string path = "add.partitionValues_parsed." + f->name;
    SILT_ASSIGN_OR_RETURN(const ArrayData* child, binder->Child(&parsed, f->name, path));
    if (child->type->IsNested()) {
      return Status::NotSupported("partition column '" + f->name + "' of type " +
                                  child->type->ToString() + " in a checkpoint");
    }
    fields_.push_back({f->name, child});
  }
  return Status::OK();
}

void ParsedPartitionValuesReader::Read(int64_t row, PartitionValues* out) const {
  out->clear();
  std::string text;
  for (const Field& f : fields_) {
    const ArrayData& a = *f.array;
    if (!a.IsValid(row)) {
      out->emplace(f.name, std::nullopt);
      continue;
    }
    text.clear();
    const DataType& type = *a.type;
    switch (type.id()) {
      case TypeId::kUtf8:
      case TypeId::kBinary: text.assign(StringAt(a, row)); break;
      case TypeId::kFixedBinary:
        text.assign(reinterpret_cast<const char*>(a.GetFixed(row)),
                    static_cast<size_t>(type.byte_width()));
        break;
      case TypeId::kBool: text = a.GetBool(row) ? "true" : "false"; break;
      case TypeId::kFloat32: AppendFloating(a.values<float>()[row], true, false, &text); break;
      case TypeId::kFloat64: AppendFloating(a.values<double>()[row], false, false, &text); break;
      case TypeId::kDecimal64:
      case TypeId::kDecimal128: AppendDecimal(DecimalAt(a, row), type.scale(), &text); break;
      case TypeId::kDate32: AppendDate(a.values<int32_t>()[row], &text); break;
      case TypeId::kTimestamp:
        AppendTimestamp(a.values<int64_t>()[row], type.unit(), !type.timezone().empty(), &text);
        break;
      case TypeId::kTime64: AppendTimeOfDay(a.values<int64_t>()[row], type.unit(), &text); break;
      default:
        if (IsSignedInteger(type.id())) {
          AppendNumber(SignedAt(a, row), &text);
        } else if (IsUnsignedInteger(type.id())) {
          AppendNumber(UnsignedAt(a, row), &text);
        } else {
          out->emplace(f.name, std::nullopt);  // the null type
          continue;
        }
    }
    out->emplace(f.name, std::move(text));
  }
}

}  // namespace checkpoint_internal

Status AppendParsedStatsJson(const ArrayData& stats_parsed, int64_t row, std::string* out) {
  if (row < 0 || row >= stats_parsed.length) {
    return Status::InvalidArgument("row " + std::to_string(row) + " is out of range");
  }
  checkpoint_internal::ColumnBinder binder;
  checkpoint_internal::ParsedStatsJsonWriter writer;
  SILT_RETURN_NOT_OK(writer.Bind(stats_parsed, &binder));
  out->append(writer.Render(row));
  return Status::OK();
}

Result<PartitionValues> RenderParsedPartitionValues(const ArrayData& partition_values_parsed,
                                                    int64_t row) {
  if (row < 0 || row >= partition_values_parsed.length) {
    return Status::InvalidArgument("row " + std::to_string(row) + " is out of range");
  }
  checkpoint_internal::ColumnBinder binder;
  checkpoint_internal::ParsedPartitionValuesReader reader;
  SILT_RETURN_NOT_OK(reader.Bind(partition_values_parsed, &binder));
  PartitionValues out;
  reader.Read(row, &out);
  return out;
}

}  // namespace silt::delta
