// concat (NULLs skipped), concat_ws (NULLs skipped, NULL separator -> NULL), || (NULL in,
// NULL out) and md5.

#include <cmath>
#include <cstring>

#include "silt/functions/builtin_functions.h"
#include "silt/functions/kernel_util.h"
#include "silt/functions/type_coercion.h"

namespace silt::functions {

namespace {

using internal::StringArg;
using Args = std::vector<ArrayDataPtr>;

int64_t TotalBytes(const Args& args, int64_t n) {
  int64_t total = 0;
  for (const auto& a : args) {
    if (a->encoding == Encoding::kConstant) {
      total += internal::ValuesOf(*a).length > 0 ? n * 4 : 0;
    } else if (a->length > 0) {
      const int64_t* o = a->binary_offsets();
      total += o[a->length] - o[0];
    }
  }
  return total;
}

// concat / concat_ws: every argument utf8 (cast by the binder); `separator` says whether
// args[0] is a separator.
ScalarKernel ConcatKernel(bool separator) {
  return [separator](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    std::vector<StringArg> views;
    for (const auto& a : args) views.emplace_back(*a);
    internal::StringOutput out(n, ctx.pool);
    SILT_RETURN_NOT_OK(out.Init(TotalBytes(args, n)));
    SILT_ASSIGN_OR_RETURN(auto validity, Buffer::Allocate(bit_util::BytesForBits(n), ctx.pool));
    int64_t null_count = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (separator && !internal::ArgValid(*args[0], i)) {
        ++null_count;
        bit_util::ClearBit(validity->mutable_data(), i);
        out.FinishRow(i);
        continue;
      }
      bit_util::SetBit(validity->mutable_data(), i);
      bool first = true;
      for (size_t k = separator ? 1 : 0; k < args.size(); ++k) {
        if (!internal::ArgValid(*args[k], i)) continue;
        if (separator && !first) SILT_RETURN_NOT_OK(out.Append(views[0][i]));
        SILT_RETURN_NOT_OK(out.Append(views[k][i]));
        first = false;
      }
      out.FinishRow(i);
    }
    return out.Finish(utf8(), validity, null_count);
  };
}

std::optional<BoundScalarFunction> BindConcat(const std::vector<DataTypePtr>& args, bool separator) {
  if (args.size() < (separator ? 2u : 1u)) return std::nullopt;
  std::vector<DataTypePtr> params(args.size(), utf8());  // any type renders as text
  for (const auto& a : args) {
    if (!CanCastExplicitly(*a, *utf8())) return std::nullopt;
  }
  return BoundScalarFunction{"", params, utf8(),
                             internal::Elementwise(utf8(), ConcatKernel(separator), internal::NullHandling::kManual),
                             true};
}

// a || b: NULL when either side is NULL.
ScalarKernel PipeKernel(DataTypePtr type) {
  return [type](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg a(*args[0]), b(*args[1]);
    return internal::MapStringRows(ctx, args, n, type, TotalBytes(args, n),
                                   [&](int64_t i, internal::StringOutput* out) {
                                     SILT_RETURN_NOT_OK(out->Append(a[i]));
                                     return out->Append(b[i]);
                                   });
  };
}

std::optional<BoundScalarFunction> BindPipe(const std::vector<DataTypePtr>& args) {
  if (args.size() != 2) return std::nullopt;
  const TypeId a = args[0]->id(), b = args[1]->id();
  auto binary_or_null = [](TypeId t) { return t == TypeId::kBinary || t == TypeId::kNull; };
  if (binary_or_null(a) && binary_or_null(b) && (a == TypeId::kBinary || b == TypeId::kBinary)) {
    return BoundScalarFunction{"", {binary(), binary()}, binary(),
                               internal::Elementwise(binary(), PipeKernel(binary())), true};
  }
  // PostgreSQL's anynonarray || text: one side must be text, the other renders as text.
  if (a != TypeId::kUtf8 && b != TypeId::kUtf8 && !(a == TypeId::kNull && b == TypeId::kNull)) {
    return std::nullopt;
  }
  return BoundScalarFunction{"", {utf8(), utf8()}, utf8(),
                             internal::Elementwise(utf8(), PipeKernel(utf8())), true};
}

// ---- md5 (RFC 1321) ----

class Md5 {
 public:
  void Digest(std::string_view data, uint8_t out[16]) {
    uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    const uint64_t bit_length = static_cast<uint64_t>(data.size()) * 8;
    size_t i = 0;
    for (; i + 64 <= data.size(); i += 64) Block(reinterpret_cast<const uint8_t*>(data.data() + i), h);
    uint8_t tail[128] = {0};
    const size_t rest = data.size() - i;
    if (rest > 0) std::memcpy(tail, data.data() + i, rest);
    tail[rest] = 0x80;
    const size_t tail_len = rest + 9 <= 64 ? 64 : 128;
    for (int k = 0; k < 8; ++k) tail[tail_len - 8 + k] = static_cast<uint8_t>(bit_length >> (8 * k));
    for (size_t k = 0; k < tail_len; k += 64) Block(tail + k, h);
    for (int k = 0; k < 4; ++k) {
      for (int b = 0; b < 4; ++b) out[k * 4 + b] = static_cast<uint8_t>(h[k] >> (8 * b));
    }
  }

 private:
  static uint32_t Rotl(uint32_t x, int c) { return (x << c) | (x >> (32 - c)); }
  static void Block(const uint8_t* p, uint32_t h[4]) {
    static constexpr int kShift[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                       5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                       4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                       6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    static const uint32_t* table = [] {
      static uint32_t k[64];
      for (int i = 0; i < 64; ++i) k[i] = static_cast<uint32_t>(std::fabs(std::sin(i + 1.0)) * 4294967296.0);
      return k;
    }();
    uint32_t m[16];
    for (int i = 0; i < 16; ++i) {
      m[i] = uint32_t{p[i * 4]} | uint32_t{p[i * 4 + 1]} << 8 | uint32_t{p[i * 4 + 2]} << 16 |
             uint32_t{p[i * 4 + 3]} << 24;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; ++i) {
      uint32_t f;
      int g;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const uint32_t next = b + Rotl(a + f + table[i] + m[g], kShift[i]);
      a = d;
      d = c;
      c = b;
      b = next;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
  }
};

ScalarKernel Md5Kernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]);
    Md5 md5;
    return internal::MapStringRows(ctx, args, n, utf8(), n * 32, [&](int64_t i, internal::StringOutput* out) {
      uint8_t digest[16];
      md5.Digest(s[i], digest);
      static constexpr char kHex[] = "0123456789abcdef";
      char hex[32];
      for (int k = 0; k < 16; ++k) {
        hex[2 * k] = kHex[digest[k] >> 4];
        hex[2 * k + 1] = kHex[digest[k] & 15];
      }
      return out->Append({hex, 32});
    });
  };
}

}  // namespace

Status RegisterConcatFunctions(FunctionRegistry* r) {
  SILT_RETURN_NOT_OK(r->Register(
      {"concat", {}, "Concatenates the text of every argument, skipping NULLs.",
       "concat('a', NULL, 1) -> 'a1'",
       {{"concat(any, ...) -> utf8", [](const std::vector<DataTypePtr>& a) { return BindConcat(a, false); }}}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"concat_ws", {}, "Concatenates arguments 2.. with the separator, skipping NULLs.",
       "concat_ws(',', 'a', NULL, 'b') -> 'a,b'",
       {{"concat_ws(utf8, any, ...) -> utf8", [](const std::vector<DataTypePtr>& a) { return BindConcat(a, true); }}}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"||", {}, "Concatenation; NULL when either side is NULL.", "'a' || 'b' -> 'ab'",
       {{"utf8 || any -> utf8, binary || binary -> binary", BindPipe}}}));
  return Status::OK();
}

Status RegisterMd5Function(FunctionRegistry* r) {
  return r->Register({"md5", {}, "MD5 digest as 32 lowercase hex digits.",
                      "md5('abc') -> '900150983cd24fb0d6963f7d28e17f72'",
                      {internal::FixedOverload("md5", {utf8()}, utf8(), Md5Kernel()),
                       internal::FixedOverload("md5", {binary()}, utf8(), Md5Kernel())}});
}

}  // namespace silt::functions
