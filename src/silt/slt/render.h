#pragma once

#include <cstdint>
#include <string>

#include "silt/columnar/array.h"

namespace silt::slt {

/// Renders row `row` of `array` as sqllogictest text (SLT.md §6). NULL is `NULL` and an empty
/// rendering is `(empty)` in both modes.
///
/// `sqlite_mode` (files of SQLite origin) renders by `type_letter` as SQLite's runner does:
/// `I` an integer (floats truncated toward 0, decimals cut at the point, booleans 1/0, text by
/// its leading number), `R` printf("%.3f"), anything else the text with every byte outside
/// 0x20..0x7E replaced by `@` (booleans 1/0, floats as SQLite prints them: "%.15g", ".0"
/// appended to whole numbers).
///
/// Otherwise values render naturally (format/value_text.h): integers in decimal, booleans
/// true/false, floats shortest round-trip, decimals at their scale, ISO dates/timestamps; the
/// type letter is not used.
std::string RenderValue(const ArrayData& array, int64_t row, char type_letter, bool sqlite_mode);

}  // namespace silt::slt
