// JSON (one array of row objects) and NDJSON (one object per line).

#include "silt/format/value_text.h"
#include "silt/format/writers_internal.h"

namespace silt::internal {

namespace {

class JsonWriter final : public ResultWriter {
 public:
  JsonWriter(std::ostream* out, bool ndjson) : out_(out), ndjson_(ndjson) {}

  Status Begin(const Schema& schema) override {
    schema_ = schema;
    keys_.clear();
    for (int c = 0; c < schema.num_fields(); ++c) {
      std::string key;
      AppendJsonString(schema.field(c)->name, &key);
      key.push_back(':');
      keys_.push_back(std::move(key));
    }
    if (!ndjson_) buffer_.push_back('[');
    return FlushText(&buffer_, out_);
  }

  Status Write(const RecordBatch& batch) override {
    SILT_RETURN_NOT_OK(CheckBatch(schema_, batch));
    const int ncols = batch.num_columns();
    for (int64_t r = 0; r < batch.num_rows(); ++r) {
      if (!ndjson_) buffer_.append(rows_ == 0 ? "\n" : ",\n");
      buffer_.push_back('{');
      for (int c = 0; c < ncols; ++c) {
        if (c) buffer_.push_back(',');
        buffer_.append(keys_[static_cast<size_t>(c)]);
        AppendFieldValueJson(*batch.schema()->field(c), *batch.column(c), r, &buffer_);
      }
      buffer_.push_back('}');
      if (ndjson_) buffer_.push_back('\n');
      ++rows_;
      if (buffer_.size() >= (1 << 16)) SILT_RETURN_NOT_OK(FlushText(&buffer_, out_));
    }
    return FlushText(&buffer_, out_);
  }

  Status End() override {
    if (!ndjson_) buffer_.append(rows_ == 0 ? "]\n" : "\n]\n");
    SILT_RETURN_NOT_OK(FlushText(&buffer_, out_));
    out_->flush();
    return FlushText(&buffer_, out_);
  }

 private:
  std::ostream* out_;
  bool ndjson_;
  Schema schema_;
  std::vector<std::string> keys_;  // `"name":` per column, escaped once
  std::string buffer_;
  int64_t rows_ = 0;
};

}  // namespace

std::unique_ptr<ResultWriter> MakeJsonWriter(std::ostream* out, bool ndjson) {
  return std::make_unique<JsonWriter>(out, ndjson);
}

}  // namespace silt::internal
