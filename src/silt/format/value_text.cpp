#include "silt/format/value_text.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "silt/common/decimal.h"
#include "silt/common/temporal.h"
#include "silt/format/variant_json.h"

namespace silt {

namespace {

// The plain array and row that hold the value of `row`, or null when the value is NULL.
// Out-of-range dictionary indices (corrupt input that escaped validation) read as NULL
// rather than out of bounds.
const ArrayData* Resolve(const ArrayData& array, int64_t row, int64_t* plain_row) {
  const ArrayData* a = &array;
  for (int depth = 0; depth < 64; ++depth) {
    switch (a->encoding) {
      case Encoding::kPlain:
        if (a->type->id() == TypeId::kNull || a->IsNull(row)) return nullptr;
        *plain_row = row;
        return a;
      case Encoding::kConstant:
        if (!a->dictionary || a->dictionary->length < 1) return nullptr;
        a = a->dictionary.get();
        row = 0;
        break;
      case Encoding::kDictionary: {
        if (a->IsNull(row) || !a->dictionary) return nullptr;
        int32_t idx = a->DictIndex(row);
        if (idx < 0 || idx >= a->dictionary->length) return nullptr;
        a = a->dictionary.get();
        row = idx;
        break;
      }
    }
  }
  return nullptr;
}

template <typename T>
T Load(const ArrayData& a, int64_t i) {
  T v;
  std::memcpy(&v, a.buffers[1]->data() + (a.offset + i) * static_cast<int64_t>(sizeof(T)),
              sizeof(T));
  return v;
}

template <typename T>
void AppendInteger(T v, std::string* out) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

std::string_view BytesOf(const ArrayData& a, int64_t i) {
  if (a.type->id() == TypeId::kFixedBinary) {
    return {reinterpret_cast<const char*>(a.GetFixed(i)),
            static_cast<size_t>(a.type->byte_width())};
  }
  return a.GetView(i);
}

// Bytes of a valid UTF-8 sequence starting at s[i], or 0 when it is malformed (overlong,
// surrogate, above U+10FFFF, truncated).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    if (i + k >= s.size()) return false;
    auto b = static_cast<unsigned char>(s[i + k]);
    return b >= lo && b <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

void AppendTemporalText(const ArrayData& a, int64_t i, std::string* out) {
  switch (a.type->id()) {
    case TypeId::kDate32: AppendDate(Load<int32_t>(a, i), out); return;
    case TypeId::kTimestamp:
      AppendTimestamp(Load<int64_t>(a, i), a.type->unit(), !a.type->timezone().empty(), out);
      return;
    case TypeId::kTime64: AppendTimeOfDay(Load<int64_t>(a, i), a.type->unit(), out); return;
    case TypeId::kInterval: {
      const uint8_t* p = a.buffers[1]->data() + (a.offset + i) * 16;
      int32_t months, days;
      int64_t nanos;
      std::memcpy(&months, p, 4);
      std::memcpy(&days, p + 4, 4);
      std::memcpy(&nanos, p + 8, 8);
      AppendInterval(months, days, nanos, out);
      return;
    }
    default: return;
  }
}

// Scalars shared by text and JSON: everything except strings, binary, temporal and nested.
bool AppendNumber(const ArrayData& a, int64_t i, bool json, std::string* out) {
  switch (a.type->id()) {
    case TypeId::kBool: out->append(a.GetBool(i) ? "true" : "false"); return true;
    case TypeId::kInt8: AppendInteger(Load<int8_t>(a, i), out); return true;
    case TypeId::kInt16: AppendInteger(Load<int16_t>(a, i), out); return true;
    case TypeId::kInt32: AppendInteger(Load<int32_t>(a, i), out); return true;
    case TypeId::kInt64: AppendInteger(Load<int64_t>(a, i), out); return true;
    case TypeId::kUInt8: AppendInteger(Load<uint8_t>(a, i), out); return true;
    case TypeId::kUInt16: AppendInteger(Load<uint16_t>(a, i), out); return true;
    case TypeId::kUInt32: AppendInteger(Load<uint32_t>(a, i), out); return true;
    case TypeId::kUInt64: AppendInteger(Load<uint64_t>(a, i), out); return true;
    case TypeId::kDecimal128: AppendDecimal(Load<__int128>(a, i), a.type->scale(), out); return true;
    case TypeId::kDecimal64: AppendDecimal(Load<int64_t>(a, i), a.type->scale(), out); return true;
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      const bool f32 = a.type->id() == TypeId::kFloat32;
      double v = f32 ? static_cast<double>(Load<float>(a, i)) : Load<double>(a, i);
      const bool quote = json && !std::isfinite(v);
      if (quote) out->push_back('"');
      AppendFloat(v, f32, out);
      if (quote) out->push_back('"');
      return true;
    }
    default: return false;
  }
}

void AppendJsonPlain(const ArrayData& a, int64_t i, std::string* out);

/// A Variant struct value as its JSON; a malformed encoding falls back to the struct's own
/// rendering (hex bytes) so output never fails mid-row.
void AppendVariant(const ArrayData& array, int64_t row, std::string* out) {
  int64_t i;
  const ArrayData* a = Resolve(array, row, &i);
  if (a == nullptr) {
    out->append("null");
    return;
  }
  if (a->type->id() == TypeId::kStruct && a->children.size() == 2) {
    int64_t mi, vi;
    const ArrayData* m = Resolve(*a->children[0], i, &mi);
    const ArrayData* v = Resolve(*a->children[1], i, &vi);
    if (m && v && m->type->id() == TypeId::kBinary && v->type->id() == TypeId::kBinary) {
      std::string json;
      if (AppendVariantJson(m->GetView(mi), v->GetView(vi), &json).ok()) {
        out->append(json);
        return;
      }
    }
  }
  AppendJsonPlain(*a, i, out);
}

/// AppendValueJson, or the variant rendering when `field` marks a Variant.
void AppendJsonFor(const Field& field, const ArrayData& array, int64_t row, std::string* out) {
  if (IsVariantMarked(field)) {
    AppendVariant(array, row, out);
  } else {
    AppendValueJson(array, row, out);
  }
}

void AppendJsonNested(const ArrayData& a, int64_t i, std::string* out) {
  switch (a.type->id()) {
    case TypeId::kList:
    case TypeId::kMap: {
      const int32_t* offsets = a.list_offsets();
      const ArrayData& child = *a.children[0];
      int64_t begin = offsets[i], end = std::min<int64_t>(offsets[i + 1], child.length);
      out->push_back('[');
      for (int64_t k = begin; k < end; ++k) {
        if (k > begin) out->push_back(',');
        if (a.type->id() == TypeId::kList) {
          AppendJsonFor(*a.type->children()[0], child, k, out);
          continue;
        }
        // Map entries: struct<key, value>, read through any encoding of the entries.
        int64_t row;
        const ArrayData* entries = Resolve(child, k, &row);
        const auto& entry_fields = a.type->children()[0]->type->children();
        out->append("{\"key\":");
        if (entries) {
          AppendJsonFor(*entry_fields[0], *entries->children[0], row, out);
        } else {
          out->append("null");
        }
        out->append(",\"value\":");
        if (entries) {
          AppendJsonFor(*entry_fields[1], *entries->children[1], row, out);
        } else {
          out->append("null");
        }
        out->push_back('}');
      }
      out->push_back(']');
      return;
    }
    case TypeId::kStruct: {
      const auto& fields = a.type->children();
      out->push_back('{');
      for (size_t f = 0; f < fields.size() && f < a.children.size(); ++f) {
        if (f) out->push_back(',');
        AppendJsonString(fields[f]->name, out);
        out->push_back(':');
        AppendJsonFor(*fields[f], *a.children[f], i, out);
      }
      out->push_back('}');
      return;
    }
    default: return;
  }
}

void AppendJsonPlain(const ArrayData& a, int64_t i, std::string* out) {
  if (AppendNumber(a, i, /*json=*/true, out)) return;
  switch (a.type->id()) {
    case TypeId::kUtf8: AppendJsonString(a.GetView(i), out); return;
    case TypeId::kBinary:
    case TypeId::kFixedBinary:
      out->push_back('"');
      AppendHex(BytesOf(a, i), out);
      out->push_back('"');
      return;
    case TypeId::kDate32:
    case TypeId::kTimestamp:
    case TypeId::kTime64:
    case TypeId::kInterval:
      out->push_back('"');
      AppendTemporalText(a, i, out);
      out->push_back('"');
      return;
    case TypeId::kList:
    case TypeId::kMap:
    case TypeId::kStruct: AppendJsonNested(a, i, out); return;
    default: out->append("null"); return;
  }
}

}  // namespace

bool IsValueNull(const ArrayData& array, int64_t row) {
  int64_t plain_row;
  return Resolve(array, row, &plain_row) == nullptr;
}

void AppendFloat(double v, bool is_float32, std::string* out) {
  if (std::isnan(v)) {
    out->append("NaN");
  } else if (std::isinf(v)) {
    out->append(v > 0 ? "inf" : "-inf");
  } else {
    char buf[32];
    auto res = is_float32 ? std::to_chars(buf, buf + sizeof(buf), static_cast<float>(v))
                          : std::to_chars(buf, buf + sizeof(buf), v);
    out->append(buf, res.ptr);
  }
}

void AppendHex(std::string_view bytes, std::string* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  size_t start = out->size();
  out->resize(start + bytes.size() * 2);
  char* p = out->data() + start;
  for (unsigned char c : bytes) {
    *p++ = kDigits[c >> 4];
    *p++ = kDigits[c & 15];
  }
}

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t len = Utf8SequenceLength(s, i);
      if (len == 0) {
        out->append("\xEF\xBF\xBD");  // U+FFFD for each byte that starts no valid sequence
        ++i;
      } else {
        out->append(s.substr(i, len));
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kDigits[c >> 4]);
          out->push_back(kDigits[c & 15]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out->push_back('"');
}

void AppendValueText(const ArrayData& array, int64_t row, std::string* out) {
  int64_t i;
  const ArrayData* a = Resolve(array, row, &i);
  if (a == nullptr) return;
  if (AppendNumber(*a, i, /*json=*/false, out)) return;
  switch (a->type->id()) {
    case TypeId::kUtf8: out->append(a->GetView(i)); return;
    case TypeId::kBinary:
    case TypeId::kFixedBinary: AppendHex(BytesOf(*a, i), out); return;
    case TypeId::kList:
    case TypeId::kMap:
    case TypeId::kStruct: AppendJsonNested(*a, i, out); return;
    default: AppendTemporalText(*a, i, out); return;
  }
}

void AppendValueJson(const ArrayData& array, int64_t row, std::string* out) {
  int64_t i;
  const ArrayData* a = Resolve(array, row, &i);
  if (a == nullptr) {
    out->append("null");
    return;
  }
  AppendJsonPlain(*a, i, out);
}

void AppendFieldValueJson(const Field& field, const ArrayData& array, int64_t row, std::string* out) {
  AppendJsonFor(field, array, row, out);
}

void AppendFieldValueText(const Field& field, const ArrayData& array, int64_t row, std::string* out) {
  if (!IsVariantMarked(field)) {
    AppendValueText(array, row, out);
  } else if (!IsValueNull(array, row)) {
    AppendVariant(array, row, out);
  }
}

}  // namespace silt
