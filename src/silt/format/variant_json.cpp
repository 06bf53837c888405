#include "silt/format/variant_json.h"

#include <cstring>
#include <vector>

#include "silt/common/decimal.h"
#include "silt/common/temporal.h"
#include "silt/format/value_text.h"

namespace silt {

namespace {

constexpr int kMaxDepth = 128;

Status Malformed(const char* what) { return Status::Corrupt(std::string("malformed variant: ") + what); }

/// Little-endian unsigned integer of `size` (1..4) bytes at `p`.
uint32_t ReadUnsigned(const uint8_t* p, int size) {
  uint32_t v = 0;
  for (int i = size - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

template <typename T>
T ReadLE(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

/// The metadata's string dictionary.
class VariantDictionary {
 public:
  Status Parse(std::string_view metadata) {
    const auto* p = reinterpret_cast<const uint8_t*>(metadata.data());
    const size_t n = metadata.size();
    if (n < 1) return Malformed("empty metadata");
    if ((p[0] & 0x0F) != 1) return Malformed("unsupported metadata version");
    const int offset_size = ((p[0] >> 6) & 0x03) + 1;
    if (n < 1 + static_cast<size_t>(offset_size)) return Malformed("truncated metadata");
    const uint64_t count = ReadUnsigned(p + 1, offset_size);
    const uint64_t offsets_end = 1 + offset_size + (count + 1) * offset_size;
    if (offsets_end > n) return Malformed("metadata offsets past the end");
    const uint8_t* offsets = p + 1 + offset_size;
    const uint8_t* bytes = p + offsets_end;
    const uint64_t bytes_size = n - offsets_end;
    strings_.reserve(count);
    for (uint64_t i = 0; i < count; ++i) {
      uint32_t begin = ReadUnsigned(offsets + i * offset_size, offset_size);
      uint32_t end = ReadUnsigned(offsets + (i + 1) * offset_size, offset_size);
      if (begin > end || end > bytes_size) return Malformed("metadata string out of range");
      strings_.emplace_back(reinterpret_cast<const char*>(bytes + begin), end - begin);
    }
    return Status::OK();
  }
  Result<std::string_view> Get(uint32_t id) const {
    if (id >= strings_.size()) return Malformed("field id outside the metadata dictionary");
    return strings_[id];
  }

 private:
  std::vector<std::string_view> strings_;
};

class VariantRenderer {
 public:
  VariantRenderer(const VariantDictionary& dict, std::string* out) : dict_(dict), out_(out) {}

  Status Render(const uint8_t* p, size_t n, int depth) {
    if (depth > kMaxDepth) return Malformed("nesting too deep");
    if (n < 1) return Malformed("empty value");
    const int basic_type = p[0] & 0x03;
    const int header = p[0] >> 2;
    switch (basic_type) {
      case 0: return Primitive(header, p + 1, n - 1);
      case 1: {  // short string: length in the header
        if (static_cast<size_t>(header) > n - 1) return Malformed("short string past the end");
        AppendJsonString(std::string_view(reinterpret_cast<const char*>(p + 1), header), out_);
        return Status::OK();
      }
      case 2: return Object(header, p + 1, n - 1, depth);
      default: return Array(header, p + 1, n - 1, depth);
    }
  }

 private:
  Status Need(size_t have, size_t want) { return have < want ? Malformed("value past the end") : Status::OK(); }

  void Quoted(const std::string& text) {
    out_->push_back('"');
    out_->append(text);
    out_->push_back('"');
  }

  Status Primitive(int type, const uint8_t* p, size_t n) {
    std::string text;
    switch (type) {
      case 0: out_->append("null"); return Status::OK();
      case 1: out_->append("true"); return Status::OK();
      case 2: out_->append("false"); return Status::OK();
      case 3: SILT_RETURN_NOT_OK(Need(n, 1)); out_->append(std::to_string(static_cast<int8_t>(p[0]))); return Status::OK();
      case 4: SILT_RETURN_NOT_OK(Need(n, 2)); out_->append(std::to_string(ReadLE<int16_t>(p))); return Status::OK();
      case 5: SILT_RETURN_NOT_OK(Need(n, 4)); out_->append(std::to_string(ReadLE<int32_t>(p))); return Status::OK();
      case 6: SILT_RETURN_NOT_OK(Need(n, 8)); out_->append(std::to_string(ReadLE<int64_t>(p))); return Status::OK();
      case 7:
      case 14: {
        const bool is_float = type == 14;
        SILT_RETURN_NOT_OK(Need(n, is_float ? 4 : 8));
        double v = is_float ? ReadLE<float>(p) : ReadLE<double>(p);
        AppendFloat(v, is_float, &text);
        if (text == "NaN" || text == "inf" || text == "-inf") {
          Quoted(text);
        } else {
          out_->append(text);
        }
        return Status::OK();
      }
      case 8:
      case 9:
      case 10: {
        const size_t width = type == 8 ? 4 : type == 9 ? 8 : 16;
        SILT_RETURN_NOT_OK(Need(n, 1 + width));
        const int scale = p[0];
        if (scale > 38) return Malformed("decimal scale above 38");
        __int128 unscaled = width == 4 ? ReadLE<int32_t>(p + 1) : width == 8 ? ReadLE<int64_t>(p + 1)
                                                                              : ReadLE<__int128>(p + 1);
        AppendDecimal(unscaled, scale, out_);
        return Status::OK();
      }
      case 11: SILT_RETURN_NOT_OK(Need(n, 4)); AppendDate(ReadLE<int32_t>(p), &text); Quoted(text); return Status::OK();
      case 12:
      case 13:
      case 18:
      case 19: {
        SILT_RETURN_NOT_OK(Need(n, 8));
        const bool nanos = type >= 18;
        const bool utc = type == 12 || type == 18;
        AppendTimestamp(ReadLE<int64_t>(p), nanos ? TimeUnit::kNano : TimeUnit::kMicro, utc, &text);
        Quoted(text);
        return Status::OK();
      }
      case 15:
      case 16: {
        SILT_RETURN_NOT_OK(Need(n, 4));
        const uint32_t len = ReadLE<uint32_t>(p);
        SILT_RETURN_NOT_OK(Need(n - 4, len));
        std::string_view bytes(reinterpret_cast<const char*>(p + 4), len);
        if (type == 16) {
          AppendJsonString(bytes, out_);
        } else {
          out_->push_back('"');
          AppendHex(bytes, out_);
          out_->push_back('"');
        }
        return Status::OK();
      }
      case 17: {
        SILT_RETURN_NOT_OK(Need(n, 8));
        AppendTimeOfDay(ReadLE<int64_t>(p), TimeUnit::kMicro, &text);
        Quoted(text);
        return Status::OK();
      }
      case 20: {
        SILT_RETURN_NOT_OK(Need(n, 16));
        std::string hex;
        AppendHex(std::string_view(reinterpret_cast<const char*>(p), 16), &hex);
        Quoted(hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
               "-" + hex.substr(20));
        return Status::OK();
      }
      default: return Malformed("unknown primitive type");
    }
  }

  Status Object(int header, const uint8_t* p, size_t n, int depth) {
    const int offset_size = (header & 0x03) + 1;
    const int id_size = ((header >> 2) & 0x03) + 1;
    const bool large = (header >> 4) & 0x01;
    const size_t count_size = large ? 4 : 1;
    SILT_RETURN_NOT_OK(Need(n, count_size));
    const uint64_t count = ReadUnsigned(p, static_cast<int>(count_size));
    const uint64_t ids_at = count_size;
    const uint64_t offsets_at = ids_at + count * id_size;
    const uint64_t values_at = offsets_at + (count + 1) * offset_size;
    if (values_at > n) return Malformed("object header past the end");
    const uint64_t values_size = n - values_at;
    out_->push_back('{');
    for (uint64_t i = 0; i < count; ++i) {
      if (i) out_->push_back(',');
      SILT_ASSIGN_OR_RETURN(std::string_view key, dict_.Get(ReadUnsigned(p + ids_at + i * id_size, id_size)));
      AppendJsonString(key, out_);
      out_->push_back(':');
      const uint32_t begin = ReadUnsigned(p + offsets_at + i * offset_size, offset_size);
      if (begin >= values_size) return Malformed("object field offset past the end");
      SILT_RETURN_NOT_OK(Render(p + values_at + begin, values_size - begin, depth + 1));
    }
    out_->push_back('}');
    return Status::OK();
  }

  Status Array(int header, const uint8_t* p, size_t n, int depth) {
    const int offset_size = (header & 0x03) + 1;
    const bool large = (header >> 2) & 0x01;
    const size_t count_size = large ? 4 : 1;
    SILT_RETURN_NOT_OK(Need(n, count_size));
    const uint64_t count = ReadUnsigned(p, static_cast<int>(count_size));
    const uint64_t offsets_at = count_size;
    const uint64_t values_at = offsets_at + (count + 1) * offset_size;
    if (values_at > n) return Malformed("array header past the end");
    const uint64_t values_size = n - values_at;
    out_->push_back('[');
    for (uint64_t i = 0; i < count; ++i) {
      if (i) out_->push_back(',');
      const uint32_t begin = ReadUnsigned(p + offsets_at + i * offset_size, offset_size);
      if (begin >= values_size) return Malformed("array element offset past the end");
      SILT_RETURN_NOT_OK(Render(p + values_at + begin, values_size - begin, depth + 1));
    }
    out_->push_back(']');
    return Status::OK();
  }

  const VariantDictionary& dict_;
  std::string* out_;
};

}  // namespace

bool IsVariantMarked(const Field& field) {
  for (const auto& [key, value] : field.metadata) {
    if (key == kVariantFieldMetadataKey) return value == "true";
  }
  return false;
}

Status AppendVariantJson(std::string_view metadata, std::string_view value, std::string* out) {
  VariantDictionary dict;
  SILT_RETURN_NOT_OK(dict.Parse(metadata));
  VariantRenderer renderer(dict, out);
  return renderer.Render(reinterpret_cast<const uint8_t*>(value.data()), value.size(), 0);
}

}  // namespace silt
