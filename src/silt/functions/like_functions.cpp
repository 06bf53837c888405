// like / ilike / not_like / not_ilike (text, pattern[, escape]) -> bool. A constant pattern
// (the common case) is compiled once per call; a per-row pattern is recompiled only when it
// differs from the previous row's.

#include "silt/functions/builtin_functions.h"
#include "silt/functions/kernel_util.h"
#include "silt/functions/like.h"

namespace silt::functions {

namespace {

ScalarKernel LikeKernel(bool case_insensitive, bool negate) {
  return [case_insensitive, negate](const KernelContext& ctx, const std::vector<ArrayDataPtr>& args,
                                    int64_t n) -> Result<ArrayDataPtr> {
    SILT_ASSIGN_OR_RETURN(auto out, internal::MakeBoolOutput(n, ctx.pool));
    uint8_t* bits = out->buffers[1]->mutable_data();
    int64_t null_count;
    SILT_ASSIGN_OR_RETURN(auto validity, internal::IntersectValidity(args, n, ctx.pool, &null_count));
    internal::SetValidity(out.get(), validity, null_count);
    internal::StringArg text(*args[0]);
    internal::StringArg pattern(*args[1]);
    std::optional<internal::StringArg> escape;
    if (args.size() > 2) escape.emplace(*args[2]);
    const bool constant_pattern = pattern.scalar && (!escape || escape->scalar);
    std::string scratch;
    std::optional<LikeMatcher> matcher;
    std::string compiled_pattern, compiled_escape;
    if (constant_pattern && null_count < n) {
      SILT_ASSIGN_OR_RETURN(matcher, LikeMatcher::Compile(pattern[0], escape ? (*escape)[0] : "\\",
                                                          case_insensitive));
      if (text.scalar) {
        const bool match = matcher->Matches(text[0], &scratch) != negate;
        if (match) bit_util::SetBitsTo(bits, 0, n, true);
        return out;
      }
      matcher->MatchBatch(text.offsets, text.data, n, negate, bits, &scratch);
      return out;
    }
    for (int64_t i = 0; i < n; ++i) {
      if (null_count > 0 && !out->IsValid(i)) continue;
      const std::string_view p = pattern[i];
      const std::string_view e = escape ? (*escape)[i] : std::string_view("\\");
      if (!matcher || p != compiled_pattern || e != compiled_escape) {
        SILT_ASSIGN_OR_RETURN(matcher, LikeMatcher::Compile(p, e, case_insensitive));
        compiled_pattern.assign(p);
        compiled_escape.assign(e);
      }
      if (matcher->Matches(text[i], &scratch) != negate) bit_util::SetBit(bits, i);
    }
    return out;
  };
}

ScalarFunctionDef LikeDef(const std::string& name, bool case_insensitive, bool negate,
                          const std::string& description, const std::string& example) {
  ScalarKernel kernel = LikeKernel(case_insensitive, negate);
  return {name, {}, description, example,
          {internal::FixedOverload(name, {utf8(), utf8()}, boolean(), kernel),
           internal::FixedOverload(name, {utf8(), utf8(), utf8()}, boolean(), kernel)}};
}

}  // namespace

Status RegisterLikeFunctions(FunctionRegistry* r) {
  SILT_RETURN_NOT_OK(r->Register(LikeDef(
      "like", false, false,
      "text LIKE pattern [ESCAPE e]: % any sequence, _ one character; default escape \\.",
      "like('silt', 's%t') -> true")));
  SILT_RETURN_NOT_OK(r->Register(LikeDef(
      "ilike", true, false, "LIKE ignoring case (Unicode simple case folding).",
      "ilike('ÄBC', 'äb%') -> true")));
  SILT_RETURN_NOT_OK(r->Register(LikeDef("not_like", false, true, "NOT LIKE.",
                                         "not_like('silt', 's%') -> false")));
  SILT_RETURN_NOT_OK(r->Register(LikeDef("not_ilike", true, true, "NOT ILIKE.",
                                         "not_ilike('SILT', 's%') -> false")));
  return Status::OK();
}

}  // namespace silt::functions
