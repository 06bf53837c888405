// The boxed terminal table (like DuckDB's): column names and types in the header, numbers
// right-aligned, NULL spelled out, long results shown as first and last rows.

#include <deque>

#include "silt/format/value_text.h"
#include "silt/format/writers_internal.h"

namespace silt::internal {

namespace {

// Display columns of a code point: 0 for combining marks, 2 for East Asian wide and emoji
// ranges, 1 otherwise. An approximation of wcwidth that needs no locale.
int CodePointWidth(uint32_t cp) {
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
      (cp >= 0xFE00 && cp <= 0xFE0F)) {
    return 0;
  }
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

// A cell ready for display: printable text and its width in terminal columns.
struct Cell {
  std::string text;
  int32_t width = 0;
};

// Escapes control characters, replaces invalid UTF-8 (via the JSON escaper's rules) and
// measures the result, cutting it at `max_width` columns with "…".
Cell MakeCell(std::string_view raw, int32_t max_width) {
  // AppendJsonString already repairs UTF-8 and escapes control characters; strip its quotes
  // and undo the escaping of '"' and '\' that a table does not need.
  std::string json;
  AppendJsonString(raw, &json);
  Cell cell;
  std::string& t = cell.text;
  t.reserve(json.size());
  for (size_t i = 1; i + 1 < json.size(); ++i) {
    if (json[i] == '\\' && (json[i + 1] == '"' || json[i + 1] == '\\')) ++i;
    t.push_back(json[i]);
  }
  // Measure code point by code point (the text is valid UTF-8 now).
  int32_t width = 0;
  int32_t width_at_cut = 0;
  size_t cut = std::string::npos;
  for (size_t i = 0; i < t.size();) {
    auto c = static_cast<unsigned char>(t[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : (c & (0x7F >> len));
    for (size_t k = 1; k < len && i + k < t.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(t[i + k]) & 0x3F);
    }
    int w = CodePointWidth(cp);
    if (max_width > 0 && cut == std::string::npos && width + w > max_width - 1) {
      cut = i;
      width_at_cut = width;
    }
    width += w;
    i += len;
  }
  if (max_width > 0 && width > max_width) {
    t.resize(cut);
    t.append("…");
    width = width_at_cut + 1;
  }
  cell.width = width;
  return cell;
}

bool RightAligned(const DataType& t) {
  return t.IsInteger() || t.IsFloating() || t.IsDecimal();
}

class TableWriter final : public ResultWriter {
 public:
  TableWriter(std::ostream* out, const WriterOptions& options) : out_(out), options_(options) {}

  Status Begin(const Schema& schema) override {
    schema_ = schema;
    for (const auto& f : schema.fields()) {
      names_.push_back(MakeCell(f->name, options_.max_column_width));
      types_.push_back(MakeCell(f->type->ToString(), options_.max_column_width));
      right_.push_back(RightAligned(*f->type));
    }
    return Status::OK();
  }

  Status Write(const RecordBatch& batch) override {
    SILT_RETURN_NOT_OK(CheckBatch(schema_, batch));
    const int64_t max = options_.max_table_rows;
    const size_t head_limit = static_cast<size_t>((max + 1) / 2);
    const size_t tail_limit = static_cast<size_t>(max / 2);
    std::string raw;
    for (int64_t r = 0; r < batch.num_rows(); ++r) {
      ++total_rows_;
      if (max > 0 && head_.size() >= head_limit && tail_limit == 0) continue;
      std::vector<Cell> row;
      row.reserve(static_cast<size_t>(batch.num_columns()));
      for (int c = 0; c < batch.num_columns(); ++c) {
        const ArrayData& col = *batch.column(c);
        if (IsValueNull(col, r)) {
          row.push_back(Cell{"NULL", 4});
          continue;
        }
        raw.clear();
        AppendFieldValueText(*batch.schema()->field(c), col, r, &raw);
        row.push_back(MakeCell(raw, options_.max_column_width));
      }
      if (max == 0 || head_.size() < head_limit) {
        head_.push_back(std::move(row));
      } else {
        tail_.push_back(std::move(row));
        if (tail_.size() > tail_limit) tail_.pop_front();
      }
    }
    return Status::OK();
  }

  Status End() override {
    const size_t ncols = names_.size();
    std::string s;
    if (ncols == 0) {
      // Built with append: GCC 12 misreports `"(" + std::string` chains (-Wrestrict).
      s.append("(").append(std::to_string(total_rows_));
      s.append(total_rows_ == 1 ? " row" : " rows").append(", no columns)\n");
      return Finish(&s);
    }
    std::vector<int32_t> widths(ncols, 1);
    auto widen = [&](const std::vector<Cell>& row) {
      for (size_t c = 0; c < ncols && c < row.size(); ++c) {
        widths[c] = std::max(widths[c], row[c].width);
      }
    };
    widen(names_);
    widen(types_);
    for (const auto& row : head_) widen(row);
    for (const auto& row : tail_) widen(row);
    const int64_t shown = static_cast<int64_t>(head_.size() + tail_.size());
    const bool truncated = shown < total_rows_;

    auto rule = [&](const char* left, const char* mid, const char* right) {
      s.append(left);
      for (size_t c = 0; c < ncols; ++c) {
        if (c) s.append(mid);
        for (int32_t k = 0; k < widths[c] + 2; ++k) s.append("─");
      }
      s.append(right);
      s.push_back('\n');
    };
    // align: 0 left, 1 right, 2 centered.
    auto line = [&](const std::vector<Cell>& row, int fixed_align) {
      s.append("│");
      for (size_t c = 0; c < ncols; ++c) {
        const Cell& cell = row[c];
        int align = fixed_align >= 0 ? fixed_align : (right_[c] ? 1 : 0);
        int32_t pad = widths[c] - cell.width;
        int32_t left = align == 1 ? pad : align == 2 ? pad / 2 : 0;
        s.push_back(' ');
        s.append(static_cast<size_t>(left), ' ');
        s.append(cell.text);
        s.append(static_cast<size_t>(pad - left), ' ');
        s.append(" │");
      }
      s.push_back('\n');
    };
    rule("┌", "┬", "┐");
    line(names_, 2);
    line(types_, 2);
    rule("├", "┼", "┤");
    for (const auto& row : head_) line(row, -1);
    if (truncated) line(std::vector<Cell>(ncols, Cell{"·", 1}), 2);
    for (const auto& row : tail_) line(row, -1);
    rule("└", "┴", "┘");
    if (truncated) {
      s.append(std::to_string(total_rows_)).append(" rows (");
      s.append(std::to_string(shown)).append(" shown)\n");
    } else if (total_rows_ == 0) {
      s += "0 rows\n";
    }
    return Finish(&s);
  }

 private:
  Status Finish(std::string* s) {
    SILT_RETURN_NOT_OK(FlushText(s, out_));
    out_->flush();
    return FlushText(s, out_);
  }

  std::ostream* out_;
  WriterOptions options_;
  Schema schema_;
  std::vector<Cell> names_;
  std::vector<Cell> types_;
  std::vector<bool> right_;
  std::vector<std::vector<Cell>> head_;
  std::deque<std::vector<Cell>> tail_;
  int64_t total_rows_ = 0;
};

}  // namespace

std::unique_ptr<ResultWriter> MakeTableWriter(std::ostream* out, const WriterOptions& options) {
  return std::make_unique<TableWriter>(out, options);
}

}  // namespace silt::internal
