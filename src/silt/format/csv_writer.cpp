// CSV and TSV: RFC 4180 quoting, NULL as an empty unquoted field, "" for the empty string.

#include "silt/format/value_text.h"
#include "silt/format/writers_internal.h"

namespace silt::internal {

namespace {

class DelimitedWriter final : public ResultWriter {
 public:
  DelimitedWriter(std::ostream* out, char delimiter, bool header)
      : out_(out), delimiter_(delimiter), header_(header) {}

  Status Begin(const Schema& schema) override {
    schema_ = schema;
    if (!header_) return Status::OK();
    for (int c = 0; c < schema.num_fields(); ++c) {
      if (c) buffer_.push_back(delimiter_);
      AppendField(schema.field(c)->name);
    }
    buffer_.push_back('\n');
    return FlushText(&buffer_, out_);
  }

  Status Write(const RecordBatch& batch) override {
    SILT_RETURN_NOT_OK(CheckBatch(schema_, batch));
    const int ncols = batch.num_columns();
    for (int64_t r = 0; r < batch.num_rows(); ++r) {
      for (int c = 0; c < ncols; ++c) {
        if (c) buffer_.push_back(delimiter_);
        const ArrayData& col = *batch.column(c);
        if (IsValueNull(col, r)) continue;  // NULL: empty, unquoted
        cell_.clear();
        AppendFieldValueText(*batch.schema()->field(c), col, r, &cell_);
        AppendField(cell_);
      }
      buffer_.push_back('\n');
      if (buffer_.size() >= (1 << 16)) SILT_RETURN_NOT_OK(FlushText(&buffer_, out_));
    }
    return FlushText(&buffer_, out_);
  }

  Status End() override {
    SILT_RETURN_NOT_OK(FlushText(&buffer_, out_));
    out_->flush();
    return FlushText(&buffer_, out_);
  }

 private:
  // Quotes when the text holds the delimiter, a quote or a line break, or is empty (so an
  // empty string differs from NULL); quotes inside are doubled.
  void AppendField(std::string_view text) {
    bool quote = text.empty();
    for (char ch : text) {
      if (ch == delimiter_ || ch == '"' || ch == '\n' || ch == '\r') {
        quote = true;
        break;
      }
    }
    if (!quote) {
      buffer_.append(text);
      return;
    }
    buffer_.push_back('"');
    for (char ch : text) {
      if (ch == '"') buffer_.push_back('"');
      buffer_.push_back(ch);
    }
    buffer_.push_back('"');
  }

  std::ostream* out_;
  char delimiter_;
  bool header_;
  Schema schema_;
  std::string buffer_;
  std::string cell_;
};

}  // namespace

std::unique_ptr<ResultWriter> MakeDelimitedWriter(std::ostream* out, char delimiter,
                                                  bool header) {
  return std::make_unique<DelimitedWriter>(out, delimiter, header);
}

}  // namespace silt::internal
