#include "silt/csv/csv_columns.h"

#include <cstring>

#include "silt/csv/csv_values.h"
#include "silt/functions/cast.h"

namespace silt::csv {
namespace {

Status BadValue(const ColumnContext& context, const RowBlock& block, int64_t row,
                const Field& field, std::string_view value) {
  constexpr size_t kMaxShown = 100;
  std::string shown(value.substr(0, kMaxShown));
  if (value.size() > kMaxShown) shown += "...";
  return Status::Execution(*context.path + ": line " + std::to_string(block.row_lines[row]) +
                           ", column '" + field.name + "': value '" + shown +
                           "' could not be read as " + field.type->ToString() +
                           "; set the column's type explicitly");
}

// Validity bitmap with every bit set; the caller clears the NULL rows.
Result<BufferPtr> AllValid(int64_t rows, MemoryPool* pool) {
  SILT_ASSIGN_OR_RETURN(BufferPtr bits, Buffer::Allocate(bit_util::BytesForBits(rows), pool));
  std::memset(bits->mutable_data(), 0xFF, static_cast<size_t>(bits->size()));
  return bits;
}

ArrayDataPtr MakeArrayData(const DataTypePtr& type, int64_t rows, int64_t null_count,
                           BufferPtr validity, std::vector<BufferPtr> rest) {
  auto array = std::make_shared<ArrayData>();
  array->type = type;
  array->length = rows;
  array->null_count = null_count;
  array->buffers.push_back(null_count > 0 ? std::move(validity) : nullptr);
  for (auto& buffer : rest) array->buffers.push_back(std::move(buffer));
  return array;
}

// Fixed-width columns: `read(text, &value)` parses one non-NULL field.
template <typename T, typename Read>
Result<ArrayDataPtr> ConvertFixed(const ColumnContext& context, const RowBlock& block,
                                  int column, const Field& field, Read read) {
  const int64_t rows = block.num_rows();
  SILT_ASSIGN_OR_RETURN(BufferPtr validity, AllValid(rows, context.pool));
  SILT_ASSIGN_OR_RETURN(BufferPtr values, Buffer::Allocate(rows * int64_t{sizeof(T)}, context.pool));
  T* out = values->mutable_data_as<T>();
  uint8_t* valid = validity->mutable_data();
  int64_t null_count = 0;
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t k = block.row_starts[row] + column;
    std::string_view text = block.Field(k);
    // An empty field is NULL in a typed column even when quoted.
    if (text.empty() || IsNullField(block, k, *context.null_string)) {
      bit_util::ClearBit(valid, row);
      out[row] = T{};
      ++null_count;
    } else if (!read(text, &out[row])) {
      return BadValue(context, block, row, field, text);
    }
  }
  return MakeArrayData(field.type, rows, null_count, std::move(validity), {std::move(values)});
}

Result<ArrayDataPtr> ConvertBool(const ColumnContext& context, const RowBlock& block,
                                 int column, const Field& field) {
  const int64_t rows = block.num_rows();
  SILT_ASSIGN_OR_RETURN(BufferPtr validity, AllValid(rows, context.pool));
  SILT_ASSIGN_OR_RETURN(BufferPtr values,
                        Buffer::AllocateZeroed(bit_util::BytesForBits(rows), context.pool));
  int64_t null_count = 0;
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t k = block.row_starts[row] + column;
    std::string_view text = block.Field(k);
    bool value = false;
    if (text.empty() || IsNullField(block, k, *context.null_string)) {
      bit_util::ClearBit(validity->mutable_data(), row);
      ++null_count;
    } else if (!ReadBool(text, &value)) {
      return BadValue(context, block, row, field, text);
    } else if (value) {
      bit_util::SetBit(values->mutable_data(), row);
    }
  }
  return MakeArrayData(field.type, rows, null_count, std::move(validity), {std::move(values)});
}

Result<ArrayDataPtr> ConvertUtf8(const ColumnContext& context, const RowBlock& block,
                                 int column, const DataTypePtr& type) {
  const int64_t rows = block.num_rows();
  int64_t total = 0;
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t k = block.row_starts[row] + column;
    total += block.field_ends[k] - block.FieldBegin(k);
  }
  SILT_ASSIGN_OR_RETURN(BufferPtr validity, AllValid(rows, context.pool));
  SILT_ASSIGN_OR_RETURN(BufferPtr offsets, Buffer::Allocate((rows + 1) * 8, context.pool));
  SILT_ASSIGN_OR_RETURN(BufferPtr data, Buffer::Allocate(total, context.pool));
  int64_t* out_offsets = offsets->mutable_data_as<int64_t>();
  int64_t null_count = 0;
  int64_t size = 0;
  out_offsets[0] = 0;
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t k = block.row_starts[row] + column;
    if (IsNullField(block, k, *context.null_string)) {
      bit_util::ClearBit(validity->mutable_data(), row);
      ++null_count;
    } else {
      std::string_view text = block.Field(k);
      if (!text.empty()) std::memcpy(data->mutable_data() + size, text.data(), text.size());
      size += static_cast<int64_t>(text.size());
    }
    out_offsets[row + 1] = size;
  }
  SILT_RETURN_NOT_OK(data->Resize(size));
  return MakeArrayData(type, rows, null_count, std::move(validity),
                       {std::move(offsets), std::move(data)});
}

// Types inference never produces (explicit schemas: int32, decimal, time, ...): read as
// text, then SQL TRY_CAST; a row that was text but came out NULL did not convert.
Result<ArrayDataPtr> ConvertByCast(const ColumnContext& context, const RowBlock& block,
                                   int column, const Field& field) {
  SILT_ASSIGN_OR_RETURN(ArrayDataPtr text, ConvertUtf8(context, block, column, utf8()));
  functions::KernelContext kernel_context;
  kernel_context.pool = context.pool;
  SILT_ASSIGN_OR_RETURN(ArrayDataPtr cast,
                        functions::Cast(kernel_context, text, field.type, /*try_cast=*/true));
  for (int64_t row = 0; row < text->length; ++row) {
    if (text->IsNull(row) || !cast->IsNull(row)) continue;
    std::string_view value = text->GetView(row);
    // Blank text becomes NULL in typed columns, as for the inferred types.
    if (value.empty()) continue;
    return BadValue(context, block, row, field, value);
  }
  return Flatten(cast, context.pool);
}

}  // namespace

bool IsNullField(const RowBlock& block, int64_t k, const std::string& null_string) {
  if (block.field_quoted[k]) return false;
  const int64_t length = block.field_ends[k] - block.FieldBegin(k);
  if (length == 0) return true;
  return !null_string.empty() && block.Field(k) == null_string;
}

Result<ArrayDataPtr> ConvertColumn(const ColumnContext& context, const RowBlock& block,
                                   int column, const Field& field) {
  switch (field.type->id()) {
    case TypeId::kUtf8:
      return ConvertUtf8(context, block, column, field.type);
    case TypeId::kBool:
      return ConvertBool(context, block, column, field);
    case TypeId::kInt64:
      return ConvertFixed<int64_t>(context, block, column, field, ReadInt64);
    case TypeId::kFloat64:
      return ConvertFixed<double>(context, block, column, field, ReadFloat64);
    case TypeId::kDate32:
      return ConvertFixed<int32_t>(context, block, column, field, ReadDate32);
    case TypeId::kTimestamp:
      if (field.type->unit() == TimeUnit::kMicro && field.type->timezone().empty()) {
        return ConvertFixed<int64_t>(context, block, column, field, ReadTimestampMicros);
      }
      return ConvertByCast(context, block, column, field);
    default:
      return ConvertByCast(context, block, column, field);
  }
}

}  // namespace silt::csv
