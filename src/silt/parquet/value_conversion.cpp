#include "silt/parquet/value_conversion.h"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "silt/common/utf8.h"

namespace silt::parquet {

namespace {

ArrayDataPtr Wrap(const DataTypePtr& type, int64_t length, std::vector<BufferPtr> buffers) {
  auto a = std::make_shared<ArrayData>();
  a->type = type;
  a->length = length;
  a->buffers = std::move(buffers);
  return a;
}

template <typename From, typename To>
Result<BufferPtr> Cast(const Buffer& src, int64_t n, MemoryPool* pool, To multiplier = 1) {
  SILT_ASSIGN_OR_RETURN(auto out, Buffer::Allocate(n * static_cast<int64_t>(sizeof(To)), pool));
  const From* in = src.data_as<From>();
  To* o = out->mutable_data_as<To>();
  for (int64_t i = 0; i < n; ++i) o[i] = static_cast<To>(in[i]) * multiplier;
  return out;
}

float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t exp = (h >> 10) & 0x1F;
  const uint32_t mant = h & 0x3FF;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {
      // Subnormal half: value = mant * 2^-24.
      float f = std::ldexp(static_cast<float>(mant), -24);
      return sign ? -f : f;
    }
  } else if (exp == 31) {
    bits = sign | 0x7F800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

/// Big-endian two's complement of 1..N bytes to int128; more than 16 significant bytes is
/// an overflow.
bool BigEndianToInt128(const uint8_t* p, int64_t len, __int128* out) {
  if (len == 0) {
    *out = 0;
    return true;
  }
  const bool negative = (p[0] & 0x80) != 0;
  // Leading sign-extension bytes beyond 16 are allowed.
  while (len > 16) {
    if (p[0] != (negative ? 0xFF : 0x00)) return false;
    ++p;
    --len;
  }
  unsigned __int128 v = negative ? ~static_cast<unsigned __int128>(0) : 0;
  for (int64_t i = 0; i < len; ++i) v = (v << 8) | p[i];
  *out = static_cast<__int128>(v);
  return true;
}

}  // namespace

Result<ArrayDataPtr> ConvertPhysical(const LeafDescriptor& leaf, const PhysicalValues& v,
                                     MemoryPool* pool) {
  const int64_t n = v.length;
  const DataTypePtr& type = leaf.type;
  switch (leaf.conversion) {
    case LeafConversion::kNone:
    case LeafConversion::kInt32ToUInt32:
    case LeafConversion::kInt64ToUInt64:
    case LeafConversion::kInt96ToMicros:
    case LeafConversion::kFixedBinary:
      return Wrap(type, n, {nullptr, v.values});
    case LeafConversion::kInt32ToInt8: {
      if (type->id() == TypeId::kInt8) {
        SILT_ASSIGN_OR_RETURN(auto b, (Cast<int32_t, int8_t>(*v.values, n, pool)));
        return Wrap(type, n, {nullptr, b});
      }
      SILT_ASSIGN_OR_RETURN(auto b, (Cast<int32_t, uint8_t>(*v.values, n, pool)));
      return Wrap(type, n, {nullptr, b});
    }
    case LeafConversion::kInt32ToInt16: {
      if (type->id() == TypeId::kInt16) {
        SILT_ASSIGN_OR_RETURN(auto b, (Cast<int32_t, int16_t>(*v.values, n, pool)));
        return Wrap(type, n, {nullptr, b});
      }
      SILT_ASSIGN_OR_RETURN(auto b, (Cast<int32_t, uint16_t>(*v.values, n, pool)));
      return Wrap(type, n, {nullptr, b});
    }
    case LeafConversion::kTimeMillisToMicros: {
      SILT_ASSIGN_OR_RETURN(auto b, (Cast<int32_t, int64_t>(*v.values, n, pool, 1000)));
      return Wrap(type, n, {nullptr, b});
    }
    case LeafConversion::kDecimalFromInt32: {
      if (type->id() == TypeId::kDecimal64) {
        SILT_ASSIGN_OR_RETURN(auto b, (Cast<int32_t, int64_t>(*v.values, n, pool)));
        return Wrap(type, n, {nullptr, b});
      }
      SILT_ASSIGN_OR_RETURN(auto b, (Cast<int32_t, __int128>(*v.values, n, pool)));
      return Wrap(type, n, {nullptr, b});
    }
    case LeafConversion::kDecimalFromInt64: {
      if (type->id() == TypeId::kDecimal64) return Wrap(type, n, {nullptr, v.values});
      SILT_ASSIGN_OR_RETURN(auto b, (Cast<int64_t, __int128>(*v.values, n, pool)));
      return Wrap(type, n, {nullptr, b});
    }
    case LeafConversion::kDecimalFromBytes: {
      const bool narrow = type->id() == TypeId::kDecimal64;
      SILT_ASSIGN_OR_RETURN(auto b, Buffer::Allocate(n * (narrow ? 8 : 16), pool));
      for (int64_t i = 0; i < n; ++i) {
        const uint8_t* p;
        int64_t len;
        if (leaf.physical_type == Type::kByteArray) {
          const int64_t* o = v.offsets->data_as<int64_t>();
          p = v.data->data() + o[i];
          len = o[i + 1] - o[i];
        } else {
          p = v.values->data() + i * leaf.type_length;
          len = leaf.type_length;
        }
        __int128 value;
        if (!BigEndianToInt128(p, len, &value)) {
          return Status::Corrupt("decimal value of column '" + leaf.PathString() +
                                 "' does not fit in 128 bits");
        }
        if (!narrow) {
          b->mutable_data_as<__int128>()[i] = value;
        } else if (value >= INT64_MIN && value <= INT64_MAX) {
          b->mutable_data_as<int64_t>()[i] = static_cast<int64_t>(value);
        } else {
          return Status::Corrupt("decimal value of column '" + leaf.PathString() + "' (" +
                                 type->ToString() + ") does not fit in 64 bits");
        }
      }
      return Wrap(type, n, {nullptr, b});
    }
    case LeafConversion::kFloat16ToFloat32: {
      SILT_ASSIGN_OR_RETURN(auto b, Buffer::Allocate(n * 4, pool));
      const uint8_t* in = v.values->data();
      float* out = b->mutable_data_as<float>();
      for (int64_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, in + 2 * i, 2);
        out[i] = HalfToFloat(h);
      }
      return Wrap(type, n, {nullptr, b});
    }
    case LeafConversion::kIntervalFromFixed12: {
      SILT_ASSIGN_OR_RETURN(auto b, Buffer::Allocate(n * 16, pool));
      const uint8_t* in = v.values->data();
      uint8_t* out = b->mutable_data();
      for (int64_t i = 0; i < n; ++i) {
        uint32_t months, days, millis;
        std::memcpy(&months, in + 12 * i, 4);
        std::memcpy(&days, in + 12 * i + 4, 4);
        std::memcpy(&millis, in + 12 * i + 8, 4);
        int32_t m = static_cast<int32_t>(months), d = static_cast<int32_t>(days);
        int64_t nanos = static_cast<int64_t>(millis) * 1000000;
        std::memcpy(out + 16 * i, &m, 4);
        std::memcpy(out + 16 * i + 4, &d, 4);
        std::memcpy(out + 16 * i + 8, &nanos, 8);
      }
      return Wrap(type, n, {nullptr, b});
    }
    case LeafConversion::kUtf8: {
      int64_t bad = FindInvalidUtf8(v.offsets->data_as<int64_t>(), v.data->data(), n);
      if (bad >= 0) {
        return Status::Corrupt("invalid UTF-8 in value " + std::to_string(bad) +
                               " of string column '" + leaf.PathString() + "'");
      }
      return Wrap(type, n, {nullptr, v.offsets, v.data});
    }
    case LeafConversion::kBinary:
      return Wrap(type, n, {nullptr, v.offsets, v.data});
    case LeafConversion::kNull: {
      auto a = std::make_shared<ArrayData>();
      a->type = type;
      a->length = n;
      a->null_count = n;
      return a;
    }
  }
  return Status::Internal("unhandled leaf conversion");
}

Result<ArrayDataPtr> ConvertStatisticsValue(const LeafDescriptor& leaf, const std::string& bytes,
                                            MemoryPool* pool) {
  PhysicalValues v;
  v.length = 1;
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const int64_t size = static_cast<int64_t>(bytes.size());
  switch (leaf.physical_type) {
    case Type::kBoolean: {
      if (size < 1) return Status::Corrupt("short BOOLEAN statistic");
      SILT_ASSIGN_OR_RETURN(v.values, Buffer::AllocateZeroed(1, pool));
      v.values->mutable_data()[0] = p[0] & 1;
      break;
    }
    case Type::kInt32:
    case Type::kFloat:
    case Type::kInt64:
    case Type::kDouble:
    case Type::kFixedLenByteArray: {
      int64_t w = leaf.physical_type == Type::kFixedLenByteArray ? leaf.type_length
                  : (leaf.physical_type == Type::kInt32 || leaf.physical_type == Type::kFloat) ? 4
                                                                                             : 8;
      if (size != w) return Status::Corrupt("statistic has the wrong size for its column");
      SILT_ASSIGN_OR_RETURN(v.values, Buffer::Allocate(w, pool));
      std::memcpy(v.values->mutable_data(), p, static_cast<size_t>(w));
      break;
    }
    case Type::kByteArray: {
      SILT_ASSIGN_OR_RETURN(v.offsets, Buffer::Allocate(16, pool));
      int64_t* o = v.offsets->mutable_data_as<int64_t>();
      o[0] = 0;
      o[1] = size;
      SILT_ASSIGN_OR_RETURN(v.data, Buffer::Allocate(size, pool));
      std::memcpy(v.data->mutable_data(), p, static_cast<size_t>(size));
      break;
    }
    case Type::kInt96: return Status::NotSupported("INT96 statistics");
  }
  if (leaf.conversion == LeafConversion::kUtf8) {
    // Truncated string bounds may end mid-character; compare them as bytes.
    LeafDescriptor as_binary = leaf;
    as_binary.conversion = LeafConversion::kBinary;
    as_binary.type = leaf.type;
    return ConvertPhysical(as_binary, v, pool);
  }
  return ConvertPhysical(leaf, v, pool);
}

}  // namespace silt::parquet
