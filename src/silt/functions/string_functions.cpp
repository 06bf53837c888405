// String functions over utf8 (code points, PostgreSQL edge rules): length, case mapping,
// substr/left/right, trim, pad, repeat, replace, reverse, strpos, starts/ends_with, contains,
// split_part, ascii, chr, translate. Concatenation lives in concat_functions.cpp.

#include <algorithm>

#include "silt/functions/builtin_functions.h"
#include "silt/functions/kernel_util.h"
#include "silt/functions/unicode.h"

namespace silt::functions {

namespace {

using internal::FixedArg;
using internal::FixedOverload;
using internal::MapBoolRows;
using internal::MapFixedRows;
using internal::MapStringRows;
using internal::StringArg;
using internal::StringOutput;

using Args = std::vector<ArrayDataPtr>;

// Bytes of the input strings, as an output size hint.
int64_t InputBytes(const ArrayData& a) {
  if (a.encoding == Encoding::kConstant || a.length == 0) return 64;
  const int64_t* o = a.binary_offsets();
  return o[a.length] - o[0];
}

Status TooLarge(const char* fn) {
  return Status::Execution(std::string(fn) + ": requested length too large");
}

// ---- length ----

ScalarKernel LengthKernel(bool code_points) {
  return [code_points](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]);
    return MapFixedRows<int64_t>(ctx, args, n, int64(), [&](int64_t i, int64_t* out) {
      *out = code_points ? internal::CountCodePoints(s[i]) : static_cast<int64_t>(s[i].size());
      return Status::OK();
    });
  };
}

// ---- case mapping ----

ScalarKernel CaseKernel(bool upper) {
  return [upper](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]);
    internal::CaseMapper mapper;
    std::string scratch;
    return MapStringRows(ctx, args, n, utf8(), InputBytes(*args[0]), [&](int64_t i, StringOutput* out) {
      scratch.clear();
      SILT_RETURN_NOT_OK(upper ? mapper.Upper(s[i], &scratch) : mapper.Lower(s[i], &scratch));
      return out->Append(scratch);
    });
  };
}

// initcap: the first alphanumeric of every run of alphanumerics upper (title) case, the rest
// lower case, as PostgreSQL does.
ScalarKernel InitcapKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]);
    std::string scratch;
    return MapStringRows(ctx, args, n, utf8(), InputBytes(*args[0]), [&](int64_t i, StringOutput* out) {
      scratch.clear();
      std::string_view v = s[i];
      bool in_word = false;
      size_t k = 0;
      while (k < v.size()) {
        const int32_t cp = internal::DecodeCodePoint(v, &k);
        const bool alnum = internal::IsAlphanumeric(cp);
        internal::AppendCodePoint(
            alnum ? (in_word ? internal::ToLowerCodePoint(cp) : internal::ToTitleCodePoint(cp)) : cp,
            &scratch);
        in_word = alnum;
      }
      return out->Append(scratch);
    });
  };
}

// ---- substrings ----

// Code points [from, to) of s (0-based, clamped).
std::string_view CodePointRange(std::string_view s, int64_t from, int64_t to) {
  from = std::max<int64_t>(from, 0);
  if (to <= from) return {};
  const size_t begin = internal::CodePointOffset(s, from);
  const size_t end = begin + internal::CodePointOffset(s.substr(begin), to - from);
  return s.substr(begin, end - begin);
}

ScalarKernel SubstrKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]);
    FixedArg<int64_t> start(*args[1]);
    std::optional<FixedArg<int64_t>> count;
    if (args.size() > 2) count.emplace(*args[2]);
    return MapStringRows(ctx, args, n, utf8(), InputBytes(*args[0]), [&](int64_t i, StringOutput* out) {
      // PostgreSQL: characters start .. start + count - 1 (1-based), clipped to the string.
      const int64_t first = start[i];
      int64_t end = INT64_MAX;
      if (count) {
        const int64_t c = (*count)[i];
        if (c < 0) return Status::Execution("substr: negative substring length not allowed");
        if (__builtin_add_overflow(first, c, &end)) end = INT64_MAX;
      }
      return out->Append(CodePointRange(s[i], first - 1, end == INT64_MAX ? INT64_MAX : end - 1));
    });
  };
}

ScalarKernel LeftRightKernel(bool left) {
  return [left](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]);
    FixedArg<int64_t> count(*args[1]);
    return MapStringRows(ctx, args, n, utf8(), InputBytes(*args[0]), [&](int64_t i, StringOutput* out) {
      std::string_view v = s[i];
      const int64_t c = count[i];
      const int64_t len = internal::CountCodePoints(v);
      // A negative count removes |count| characters from the other end.
      const int64_t keep = c >= 0 ? std::min(c, len) : std::max<int64_t>(0, len + std::max(c, -len));
      return out->Append(left ? CodePointRange(v, 0, keep) : CodePointRange(v, len - keep, len));
    });
  };
}

// ---- trim ----

enum class TrimSide { kBoth, kLeft, kRight };

bool InSet(std::string_view set, std::string_view cp) {
  if (cp.size() == 1) return set.find(cp[0]) != std::string_view::npos;
  for (size_t k = 0; k < set.size();) {
    const size_t len = internal::CodePointLength(set, k);
    if (set.substr(k, len) == cp) return true;
    k += len;
  }
  return false;
}

std::string_view Trim(std::string_view v, std::string_view chars, TrimSide side) {
  if (side != TrimSide::kRight) {
    while (!v.empty()) {
      const size_t len = internal::CodePointLength(v, 0);
      if (!InSet(chars, v.substr(0, len))) break;
      v.remove_prefix(len);
    }
  }
  if (side != TrimSide::kLeft) {
    while (!v.empty()) {
      size_t start = v.size() - 1;
      for (int back = 0; back < 3 && start > 0 && internal::IsContinuationByte(v[start]); ++back) --start;
      if (!InSet(chars, v.substr(start))) break;
      v.remove_suffix(v.size() - start);
    }
  }
  return v;
}

ScalarKernel TrimKernel(TrimSide side) {
  return [side](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]);
    std::optional<StringArg> chars;
    if (args.size() > 1) chars.emplace(*args[1]);
    return MapStringRows(ctx, args, n, utf8(), InputBytes(*args[0]), [&](int64_t i, StringOutput* out) {
      return out->Append(Trim(s[i], chars ? (*chars)[i] : std::string_view(" "), side));
    });
  };
}

// ---- pad / repeat ----

ScalarKernel PadKernel(bool left) {
  return [left](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]);
    FixedArg<int64_t> length(*args[1]);
    std::optional<StringArg> fill;
    if (args.size() > 2) fill.emplace(*args[2]);
    const char* name = left ? "lpad" : "rpad";
    return MapStringRows(ctx, args, n, utf8(), InputBytes(*args[0]), [&](int64_t i, StringOutput* out) {
      std::string_view v = s[i];
      const std::string_view f = fill ? (*fill)[i] : std::string_view(" ");
      const int64_t target = length[i];
      if (target <= 0) return Status::OK();
      const int64_t len = internal::CountCodePoints(v);
      if (len >= target) return out->Append(CodePointRange(v, 0, target));
      if (f.empty()) return out->Append(v);
      const int64_t missing = target - len;
      if (missing > internal::kMaxStringBytes / 4) return TooLarge(name);
      const int64_t fill_len = internal::CountCodePoints(f);
      if (!left) SILT_RETURN_NOT_OK(out->Append(v));
      for (int64_t done = 0; done < missing; done += fill_len) {
        SILT_RETURN_NOT_OK(out->Append(CodePointRange(f, 0, std::min(fill_len, missing - done))));
      }
      if (left) SILT_RETURN_NOT_OK(out->Append(v));
      return Status::OK();
    });
  };
}

ScalarKernel RepeatKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]);
    FixedArg<int64_t> times(*args[1]);
    return MapStringRows(ctx, args, n, utf8(), InputBytes(*args[0]), [&](int64_t i, StringOutput* out) {
      const std::string_view v = s[i];
      const int64_t t = times[i];
      if (t <= 0 || v.empty()) return Status::OK();
      if (t > internal::kMaxStringBytes / static_cast<int64_t>(v.size())) return TooLarge("repeat");
      for (int64_t k = 0; k < t; ++k) SILT_RETURN_NOT_OK(out->Append(v));
      return Status::OK();
    });
  };
}

// ---- search and replace ----

ScalarKernel ReplaceKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]), from(*args[1]), to(*args[2]);
    return MapStringRows(ctx, args, n, utf8(), InputBytes(*args[0]), [&](int64_t i, StringOutput* out) {
      std::string_view v = s[i];
      const std::string_view f = from[i], t = to[i];
      if (f.empty()) return out->Append(v);
      size_t pos;
      while ((pos = v.find(f)) != std::string_view::npos) {
        SILT_RETURN_NOT_OK(out->Append(v.substr(0, pos)));
        SILT_RETURN_NOT_OK(out->Append(t));
        if (out->size() > internal::kMaxStringBytes) return TooLarge("replace");
        v.remove_prefix(pos + f.size());
      }
      return out->Append(v);
    });
  };
}

ScalarKernel ReverseKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]);
    std::string scratch;
    return MapStringRows(ctx, args, n, utf8(), InputBytes(*args[0]), [&](int64_t i, StringOutput* out) {
      const std::string_view v = s[i];
      scratch.assign(v.size(), '\0');
      size_t k = 0;
      while (k < v.size()) {
        const size_t len = internal::CodePointLength(v, k);
        std::memcpy(scratch.data() + v.size() - k - len, v.data() + k, len);
        k += len;
      }
      return out->Append(scratch);
    });
  };
}

ScalarKernel StrposKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]), sub(*args[1]);
    return MapFixedRows<int64_t>(ctx, args, n, int64(), [&](int64_t i, int64_t* out) {
      const std::string_view v = s[i];
      const size_t pos = v.find(sub[i]);
      *out = pos == std::string_view::npos ? 0 : internal::CountCodePoints(v.substr(0, pos)) + 1;
      return Status::OK();
    });
  };
}

enum class Affix { kStarts, kEnds, kContains };

ScalarKernel AffixKernel(Affix kind) {
  return [kind](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]), p(*args[1]);
    return MapBoolRows(ctx, args, n, [&](int64_t i) {
      const std::string_view v = s[i], q = p[i];
      switch (kind) {
        case Affix::kStarts: return v.starts_with(q);
        case Affix::kEnds: return v.ends_with(q);
        default: return v.find(q) != std::string_view::npos;
      }
    });
  };
}

ScalarKernel SplitPartKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]), delim(*args[1]);
    FixedArg<int64_t> field(*args[2]);
    std::vector<std::string_view> parts;  // reused across rows
    return MapStringRows(ctx, args, n, utf8(), InputBytes(*args[0]), [&](int64_t i, StringOutput* out) {
      const std::string_view v = s[i], d = delim[i];
      const int64_t k = field[i];
      if (k == 0) return Status::Execution("split_part: field position must not be zero");
      if (d.empty()) return (k == 1 || k == -1) ? out->Append(v) : Status::OK();
      parts.clear();
      size_t start = 0, pos;
      while ((pos = v.find(d, start)) != std::string_view::npos) {
        parts.push_back(v.substr(start, pos - start));
        start = pos + d.size();
      }
      parts.push_back(v.substr(start));
      const int64_t count = static_cast<int64_t>(parts.size());
      const int64_t index = k > 0 ? k - 1 : count + k;
      if (index < 0 || index >= count) return Status::OK();
      return out->Append(parts[static_cast<size_t>(index)]);
    });
  };
}

ScalarKernel TranslateKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]), from(*args[1]), to(*args[2]);
    std::vector<std::string_view> from_cps, to_cps;
    auto split = [](std::string_view v, std::vector<std::string_view>* cps) {
      cps->clear();
      for (size_t k = 0; k < v.size();) {
        const size_t len = internal::CodePointLength(v, k);
        cps->push_back(v.substr(k, len));
        k += len;
      }
    };
    return MapStringRows(ctx, args, n, utf8(), InputBytes(*args[0]), [&](int64_t i, StringOutput* out) {
      split(from[i], &from_cps);
      split(to[i], &to_cps);
      const std::string_view v = s[i];
      for (size_t k = 0; k < v.size();) {
        const size_t len = internal::CodePointLength(v, k);
        const std::string_view cp = v.substr(k, len);
        k += len;
        auto it = std::find(from_cps.begin(), from_cps.end(), cp);
        if (it == from_cps.end()) {
          SILT_RETURN_NOT_OK(out->Append(cp));
        } else {
          const size_t idx = static_cast<size_t>(it - from_cps.begin());
          if (idx < to_cps.size()) SILT_RETURN_NOT_OK(out->Append(to_cps[idx]));  // else deleted
        }
      }
      return Status::OK();
    });
  };
}

// ---- code points ----

ScalarKernel AsciiKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]);
    return MapFixedRows<int32_t>(ctx, args, n, int32(), [&](int64_t i, int32_t* out) {
      const std::string_view v = s[i];
      size_t k = 0;
      *out = v.empty() ? 0 : internal::DecodeCodePoint(v, &k);
      return Status::OK();
    });
  };
}

ScalarKernel ChrKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    FixedArg<int64_t> code(*args[0]);
    return MapStringRows(ctx, args, n, utf8(), n * 2, [&](int64_t i, StringOutput* out) {
      const int64_t c = code[i];
      if (c == 0) return Status::Execution("chr: null character not permitted");
      if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return Status::Execution("chr: requested character " + std::to_string(c) +
                                 " is not a valid Unicode code point");
      }
      char buf[4];
      return out->Append({buf, static_cast<size_t>(internal::EncodeCodePoint(static_cast<int32_t>(c), buf))});
    });
  };
}

}  // namespace

Status RegisterMd5Function(FunctionRegistry* r);
Status RegisterConcatFunctions(FunctionRegistry* r);

Status RegisterStringFunctions(FunctionRegistry* r) {
  const auto s = utf8();
  const auto i64 = int64();
  SILT_RETURN_NOT_OK(r->Register(
      {"length", {"char_length", "character_length", "len"},
       "Number of characters (Unicode code points); bytes for binary.", "length('ÄÖü') -> 3",
       {FixedOverload("length", {s}, i64, LengthKernel(true)),
        FixedOverload("length", {binary()}, i64, LengthKernel(false))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"octet_length", {}, "Number of bytes.", "octet_length('ÄÖü') -> 6",
       {FixedOverload("octet_length", {s}, i64, LengthKernel(false)),
        FixedOverload("octet_length", {binary()}, i64, LengthKernel(false))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"upper", {"ucase"}, "Upper case with Unicode full case mapping.", "upper('straße') -> 'STRASSE'",
       {FixedOverload("upper", {s}, s, CaseKernel(true))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"lower", {"lcase"}, "Lower case with Unicode full case mapping.", "lower('ÄÖÜ') -> 'äöü'",
       {FixedOverload("lower", {s}, s, CaseKernel(false))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"initcap", {}, "First letter of each word upper case, the rest lower case.",
       "initcap('hello wORLD') -> 'Hello World'", {FixedOverload("initcap", {s}, s, InitcapKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"substr", {"substring"}, "Characters from a 1-based start, optionally count of them.",
       "substr('alphabet', 3, 2) -> 'ph'",
       {FixedOverload("substr", {s, i64}, s, SubstrKernel()),
        FixedOverload("substr", {s, i64, i64}, s, SubstrKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"left", {}, "First n characters (all but the last |n| when n < 0).", "left('abcde', 2) -> 'ab'",
       {FixedOverload("left", {s, i64}, s, LeftRightKernel(true))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"right", {}, "Last n characters (all but the first |n| when n < 0).", "right('abcde', 2) -> 'de'",
       {FixedOverload("right", {s, i64}, s, LeftRightKernel(false))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"btrim", {"trim"}, "Removes the given characters (default space) from both ends.",
       "btrim('xxhixx', 'x') -> 'hi'",
       {FixedOverload("btrim", {s}, s, TrimKernel(TrimSide::kBoth)),
        FixedOverload("btrim", {s, s}, s, TrimKernel(TrimSide::kBoth))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"ltrim", {}, "Removes the given characters (default space) from the start.", "ltrim('  hi') -> 'hi'",
       {FixedOverload("ltrim", {s}, s, TrimKernel(TrimSide::kLeft)),
        FixedOverload("ltrim", {s, s}, s, TrimKernel(TrimSide::kLeft))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"rtrim", {}, "Removes the given characters (default space) from the end.", "rtrim('hi  ') -> 'hi'",
       {FixedOverload("rtrim", {s}, s, TrimKernel(TrimSide::kRight)),
        FixedOverload("rtrim", {s, s}, s, TrimKernel(TrimSide::kRight))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"lpad", {}, "Pads on the left to n characters with fill (default space), or truncates.",
       "lpad('hi', 5, 'xy') -> 'xyxhi'",
       {FixedOverload("lpad", {s, i64}, s, PadKernel(true)),
        FixedOverload("lpad", {s, i64, s}, s, PadKernel(true))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"rpad", {}, "Pads on the right to n characters with fill (default space), or truncates.",
       "rpad('hi', 5, 'xy') -> 'hixyx'",
       {FixedOverload("rpad", {s, i64}, s, PadKernel(false)),
        FixedOverload("rpad", {s, i64, s}, s, PadKernel(false))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"repeat", {}, "The string repeated n times.", "repeat('ab', 3) -> 'ababab'",
       {FixedOverload("repeat", {s, i64}, s, RepeatKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"replace", {}, "Replaces every occurrence of from with to.", "replace('abcabc', 'b', 'X') -> 'aXcaXc'",
       {FixedOverload("replace", {s, s, s}, s, ReplaceKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"reverse", {}, "Characters in reverse order.", "reverse('añb') -> 'bña'",
       {FixedOverload("reverse", {s}, s, ReverseKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"strpos", {"position", "instr"},
       "1-based character position of substring in string, 0 when absent (POSITION(sub IN s) "
       "binds as position(s, sub)).",
       "strpos('high', 'ig') -> 2", {FixedOverload("strpos", {s, s}, i64, StrposKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"starts_with", {"prefix"}, "Whether the string starts with the prefix.", "starts_with('alpha', 'al') -> true",
       {FixedOverload("starts_with", {s, s}, boolean(), AffixKernel(Affix::kStarts))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"ends_with", {"suffix"}, "Whether the string ends with the suffix.", "ends_with('alpha', 'ha') -> true",
       {FixedOverload("ends_with", {s, s}, boolean(), AffixKernel(Affix::kEnds))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"contains", {}, "Whether the string contains the substring.", "contains('alpha', 'lp') -> true",
       {FixedOverload("contains", {s, s}, boolean(), AffixKernel(Affix::kContains))}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"split_part", {}, "The n-th field (1-based; negative counts from the end) split on delimiter.",
       "split_part('a,b,c', ',', 2) -> 'b'",
       {FixedOverload("split_part", {s, s, i64}, s, SplitPartKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"translate", {}, "Replaces each character of from by the one at the same position in to "
       "(deleted when to is shorter).", "translate('12345', '143', 'ax') -> 'a2x5'",
       {FixedOverload("translate", {s, s, s}, s, TranslateKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"ascii", {}, "Code point of the first character (0 for '').", "ascii('Ä') -> 196",
       {FixedOverload("ascii", {s}, int32(), AsciiKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"chr", {}, "The character with the given code point.", "chr(196) -> 'Ä'",
       {FixedOverload("chr", {i64}, s, ChrKernel())}}));
  SILT_RETURN_NOT_OK(RegisterConcatFunctions(r));
  return RegisterMd5Function(r);
}

}  // namespace silt::functions
