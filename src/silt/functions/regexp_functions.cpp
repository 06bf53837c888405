// regexp_like (regexp_matches) and regexp_replace with ICU regular expressions over UTF-8
// text (no conversion to UTF-16: a UText walks the UTF-8 bytes). A constant pattern compiles
// once per call; a per-row pattern recompiles only when it changes. ICU's matcher backtracks,
// so every match runs under a time limit: a pathological pattern is an Execution error, not
// a hang.
//
// Flags (PostgreSQL): i case-insensitive, c case-sensitive, g replace every match, n
// newline-sensitive ('.' stops at newlines, ^ and $ match at lines); by default '.' matches
// newlines too, as PostgreSQL's does.

#include <unicode/uregex.h>
#include <unicode/utext.h>

#include "silt/functions/builtin_functions.h"
#include "silt/functions/kernel_util.h"

namespace silt::functions {

namespace {

using internal::StringArg;
using Args = std::vector<ArrayDataPtr>;

// ICU time limit in its "match steps" units (roughly milliseconds on current hardware).
constexpr int32_t kTimeLimit = 2000;

struct Flags {
  uint32_t icu = UREGEX_DOTALL;
  bool global = false;
};

Result<Flags> ParseFlags(std::string_view text, std::string_view function) {
  Flags f;
  for (char c : text) {
    switch (c) {
      case 'i': f.icu |= UREGEX_CASE_INSENSITIVE; break;
      case 'c': f.icu &= ~static_cast<uint32_t>(UREGEX_CASE_INSENSITIVE); break;
      case 'g': f.global = true; break;
      case 'n':
      case 'm': f.icu = (f.icu & ~static_cast<uint32_t>(UREGEX_DOTALL)) | UREGEX_MULTILINE; break;
      case 's': f.icu = (f.icu | UREGEX_DOTALL) & ~static_cast<uint32_t>(UREGEX_MULTILINE); break;
      default:
        return Status::Execution(std::string(function) + ": invalid regular expression flag '" +
                                 std::string(1, c) + "'");
    }
  }
  return f;
}

/// One compiled pattern plus the UText that points it at each row's bytes.
class Regex {
 public:
  Regex() = default;
  ~Regex() {
    if (re_ != nullptr) uregex_close(re_);
    utext_close(&text_);
  }
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  /// (Re)compiles when the pattern or flags differ from the current ones.
  Status Compile(std::string_view pattern, uint32_t flags, std::string_view function) {
    if (re_ != nullptr && pattern == pattern_ && flags == flags_) return Status::OK();
    if (re_ != nullptr) uregex_close(re_);
    re_ = nullptr;
    if (pattern.size() > static_cast<size_t>(INT32_MAX)) return Status::Execution("regular expression too long");
    UErrorCode status = U_ZERO_ERROR;
    UParseError where;
    UText pattern_text = UTEXT_INITIALIZER;
    utext_openUTF8(&pattern_text, pattern.data(), static_cast<int64_t>(pattern.size()), &status);
    re_ = uregex_openUText(&pattern_text, flags, &where, &status);
    utext_close(&pattern_text);
    if (U_FAILURE(status)) {
      re_ = nullptr;
      return Status::Execution(std::string(function) + ": invalid regular expression '" +
                               std::string(pattern) + "': " + u_errorName(status));
    }
    uregex_setTimeLimit(re_, kTimeLimit, &status);
    pattern_.assign(pattern);
    flags_ = flags;
    return Status::OK();
  }

  /// Points the matcher at `s` (UTF-8); match offsets are byte offsets into it.
  Status Reset(std::string_view s) {
    UErrorCode status = U_ZERO_ERROR;
    utext_openUTF8(&text_, s.data(), static_cast<int64_t>(s.size()), &status);
    uregex_setUText(re_, &text_, &status);
    return Check(status);
  }

  /// Finds the next match; false when there is none.
  Result<bool> FindNext() {
    UErrorCode status = U_ZERO_ERROR;
    const bool found = uregex_findNext(re_, &status) != 0;
    SILT_RETURN_NOT_OK(Check(status));
    return found;
  }

  int64_t Start(int32_t group) {
    UErrorCode status = U_ZERO_ERROR;
    const int64_t v = uregex_start64(re_, group, &status);
    return U_FAILURE(status) ? -1 : v;
  }
  int64_t End(int32_t group) {
    UErrorCode status = U_ZERO_ERROR;
    const int64_t v = uregex_end64(re_, group, &status);
    return U_FAILURE(status) ? -1 : v;
  }
  int32_t Groups() {
    UErrorCode status = U_ZERO_ERROR;
    return uregex_groupCount(re_, &status);
  }

 private:
  Status Check(UErrorCode status) const {
    if (status == U_REGEX_TIME_OUT || status == U_REGEX_STACK_OVERFLOW) {
      return Status::Execution("regular expression '" + pattern_ + "' took too long to match");
    }
    if (U_FAILURE(status)) return Status::Execution(std::string("regular expression error: ") + u_errorName(status));
    return Status::OK();
  }

  URegularExpression* re_ = nullptr;
  std::string pattern_;
  uint32_t flags_ = 0;
  UText text_ = UTEXT_INITIALIZER;
};

ScalarKernel RegexpLikeKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]), pattern(*args[1]);
    std::optional<StringArg> flags;
    if (args.size() > 2) flags.emplace(*args[2]);
    Regex re;
    Status error;
    auto out = internal::MapBoolRows(ctx, args, n, [&](int64_t i) {
      if (!error.ok()) return false;
      auto f = ParseFlags(flags ? (*flags)[i] : std::string_view(), "regexp_like");
      if (!f.ok()) {
        error = f.status();
        return false;
      }
      error = re.Compile(pattern[i], f->icu, "regexp_like");
      if (error.ok()) error = re.Reset(s[i]);
      if (!error.ok()) return false;
      auto found = re.FindNext();
      if (!found.ok()) {
        error = found.status();
        return false;
      }
      return *found;
    });
    SILT_RETURN_NOT_OK(error);
    return out;
  };
}

// Appends the replacement with PostgreSQL's references: \1..\9 a group, \& the whole match,
// \\ a backslash.
Status AppendReplacement(std::string_view text, std::string_view replacement, Regex* re,
                         internal::StringOutput* out) {
  const int32_t groups = re->Groups();
  for (size_t k = 0; k < replacement.size(); ++k) {
    const char c = replacement[k];
    if (c != '\\' || k + 1 >= replacement.size()) {
      SILT_RETURN_NOT_OK(out->Append(std::string_view(&replacement[k], 1)));
      continue;
    }
    const char next = replacement[++k];
    int32_t group = -1;
    if (next == '&') group = 0;
    if (next >= '1' && next <= '9') group = next - '0';
    if (group < 0) {
      SILT_RETURN_NOT_OK(out->Append(std::string_view(&replacement[k], 1)));  // \\ or \x -> x
      continue;
    }
    if (group > groups) continue;
    const int64_t b = re->Start(group), e = re->End(group);
    if (b >= 0 && e >= b) SILT_RETURN_NOT_OK(out->Append(text.substr(static_cast<size_t>(b), static_cast<size_t>(e - b))));
  }
  return Status::OK();
}

ScalarKernel RegexpReplaceKernel() {
  return [](const KernelContext& ctx, const Args& args, int64_t n) -> Result<ArrayDataPtr> {
    StringArg s(*args[0]), pattern(*args[1]), replacement(*args[2]);
    std::optional<StringArg> flags;
    if (args.size() > 3) flags.emplace(*args[3]);
    Regex re;
    return internal::MapStringRows(ctx, args, n, utf8(), 64, [&](int64_t i, internal::StringOutput* out) -> Status {
      SILT_ASSIGN_OR_RETURN(Flags f, ParseFlags(flags ? (*flags)[i] : std::string_view(), "regexp_replace"));
      SILT_RETURN_NOT_OK(re.Compile(pattern[i], f.icu, "regexp_replace"));
      const std::string_view text = s[i];
      SILT_RETURN_NOT_OK(re.Reset(text));
      size_t copied = 0;
      while (true) {
        SILT_ASSIGN_OR_RETURN(bool found, re.FindNext());
        if (!found) break;
        const int64_t b = re.Start(0), e = re.End(0);
        if (b < static_cast<int64_t>(copied) || e < b) break;
        SILT_RETURN_NOT_OK(out->Append(text.substr(copied, static_cast<size_t>(b) - copied)));
        SILT_RETURN_NOT_OK(AppendReplacement(text, replacement[i], &re, out));
        copied = static_cast<size_t>(e);
        if (out->size() > internal::kMaxStringBytes) return Status::Execution("regexp_replace: result too large");
        if (!f.global) break;
      }
      return out->Append(text.substr(copied));
    });
  };
}

}  // namespace

Status RegisterRegexpFunctions(FunctionRegistry* r) {
  const auto s = utf8();
  SILT_RETURN_NOT_OK(r->Register(
      {"regexp_like", {"regexp_matches"},
       "Whether the regular expression (ICU syntax) matches anywhere in the string; optional "
       "flags i, c, n.",
       "regexp_like('abc123', '[0-9]+$') -> true",
       {internal::FixedOverload("regexp_like", {s, s}, boolean(), RegexpLikeKernel()),
        internal::FixedOverload("regexp_like", {s, s, s}, boolean(), RegexpLikeKernel())}}));
  SILT_RETURN_NOT_OK(r->Register(
      {"regexp_replace", {},
       "Replaces the first match (every match with flag g); \\1..\\9 and \\& in the replacement "
       "insert groups.",
       "regexp_replace('a1b22', '[0-9]+', '#', 'g') -> 'a#b#'",
       {internal::FixedOverload("regexp_replace", {s, s, s}, s, RegexpReplaceKernel()),
        internal::FixedOverload("regexp_replace", {s, s, s, s}, s, RegexpReplaceKernel())}}));
  return Status::OK();
}

}  // namespace silt::functions
