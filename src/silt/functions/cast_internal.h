#pragma once

// Pieces of functions::Cast split by source family (internal to silt_functions). Each takes a
// plain array and returns a plain array of `to`; failures follow CastOptions::try_cast.

#include <string>

#include "silt/functions/function_registry.h"
#include "silt/functions/kernel_util.h"

namespace silt::functions::internal {

/// How a cast reports values that do not convert.
struct CastOptions {
  const KernelContext* context;
  bool try_cast;
};

/// The error for row i of `a` that does not convert to `to` (`reason` may be empty).
Status CastError(const ArrayData& a, int64_t i, const DataType& to, const std::string& reason);

/// Converts each row of plain `a` into an Out slot with conv(i, Out*) -> bool (false = the
/// value does not convert: an error, or NULL under try_cast). NULL rows are skipped.
template <typename Out, typename Conv>
Result<ArrayDataPtr> ConvertFixed(const CastOptions& o, const ArrayData& a,
                                  const DataTypePtr& to, Conv&& conv,
                                  const char* reason = "") {
  MemoryPool* pool = o.context->pool;
  const int64_t n = a.length;
  SILT_ASSIGN_OR_RETURN(auto out, MakeFixedOutput(to, n, pool));
  Out* values = MutableValues<Out>(*out);
  int64_t null_count;
  SILT_ASSIGN_OR_RETURN(auto validity, CopyValidity(a, pool, &null_count));
  SetValidity(out.get(), validity, null_count);
  const bool has_nulls = null_count > 0;
  for (int64_t i = 0; i < n; ++i) {
    if (has_nulls && !a.IsValid(i)) {
      values[i] = Out{};
      continue;
    }
    if (!conv(i, &values[i])) [[unlikely]] {
      if (!o.try_cast) return CastError(a, i, *to, reason);
      values[i] = Out{};
      SILT_RETURN_NOT_OK(SetNull(out.get(), i, pool));
    }
  }
  return out;
}

/// Like ConvertFixed for a bool target: conv(i, bool*) -> bool.
template <typename Conv>
Result<ArrayDataPtr> ConvertToBool(const CastOptions& o, const ArrayData& a, Conv&& conv) {
  MemoryPool* pool = o.context->pool;
  const int64_t n = a.length;
  SILT_ASSIGN_OR_RETURN(auto out, MakeBoolOutput(n, pool));
  uint8_t* bits = out->buffers[1]->mutable_data();
  int64_t null_count;
  SILT_ASSIGN_OR_RETURN(auto validity, CopyValidity(a, pool, &null_count));
  SetValidity(out.get(), validity, null_count);
  for (int64_t i = 0; i < n; ++i) {
    if (null_count > 0 && !a.IsValid(i)) continue;
    bool v = false;
    if (!conv(i, &v)) {
      if (!o.try_cast) return CastError(a, i, *boolean(), "");
      SILT_RETURN_NOT_OK(SetNull(out.get(), i, pool));
      continue;
    }
    if (v) bit_util::SetBit(bits, i);
  }
  return out;
}

/// bool, integer, float and decimal sources to bool, integer, float or decimal targets.
Result<ArrayDataPtr> CastNumeric(const CastOptions& o, const ArrayData& a, const DataTypePtr& to);

/// Any type to utf8 (CONTRACTS text) or binary/fixed_binary to utf8 (hex).
Result<ArrayDataPtr> CastToUtf8(const CastOptions& o, const ArrayData& a);

/// utf8 to any supported target.
Result<ArrayDataPtr> CastFromUtf8(const CastOptions& o, const ArrayData& a, const DataTypePtr& to);

/// date/time/timestamp/interval pairs.
Result<ArrayDataPtr> CastTemporal(const CastOptions& o, const ArrayData& a, const DataTypePtr& to);

}  // namespace silt::functions::internal
