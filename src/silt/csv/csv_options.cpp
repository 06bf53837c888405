// ApplyCsvOption: SQL OPTIONS (...) and read_csv named arguments -> CsvOptions.
#include <charconv>
#include <limits>
#include <string>

#include "silt/common/ascii.h"
#include "silt/csv/csv_reader.h"

namespace silt::csv {
namespace {

constexpr const char* kKnownOptions =
    "header, has_header, delimiter, delim, sep, quote, escape, null, nullstr, null_string, "
    "sample_size, sample_rows, comment";

bool IsAnyOf(std::string_view key, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (EqualsIgnoreAsciiCase(key, name)) return true;
  }
  return false;
}

Status BadValue(std::string_view key, std::string_view value, std::string_view expected) {
  return Status::InvalidArgument("CSV option '" + std::string(key) + "': invalid value '" +
                                 std::string(value) + "', expected " + std::string(expected));
}

Result<bool> ParseBoolOption(std::string_view key, std::string_view value) {
  for (std::string_view yes : {"true", "t", "yes", "y", "on", "1"}) {
    if (EqualsIgnoreAsciiCase(value, yes)) return true;
  }
  for (std::string_view no : {"false", "f", "no", "n", "off", "0"}) {
    if (EqualsIgnoreAsciiCase(value, no)) return false;
  }
  return BadValue(key, value, "true or false");
}

// One character; a tab may be written as the two characters `\t`.
Result<char> ParseCharOption(std::string_view key, std::string_view value) {
  if (value == "\\t") return '\t';
  if (value.size() != 1) return BadValue(key, value, "a single character");
  if (value[0] == '\n' || value[0] == '\r') return BadValue(key, value, "not a line break");
  return value[0];
}

}  // namespace

Status ApplyCsvOption(CsvOptions* options, std::string_view key, std::string_view value) {
  if (IsAnyOf(key, {"header", "has_header"})) {
    SILT_ASSIGN_OR_RETURN(options->has_header, ParseBoolOption(key, value));
  } else if (IsAnyOf(key, {"delimiter", "delim", "sep"})) {
    SILT_ASSIGN_OR_RETURN(options->delimiter, ParseCharOption(key, value));
  } else if (IsAnyOf(key, {"quote"})) {
    SILT_ASSIGN_OR_RETURN(options->quote, ParseCharOption(key, value));
  } else if (IsAnyOf(key, {"escape"})) {
    SILT_ASSIGN_OR_RETURN(options->escape, ParseCharOption(key, value));
  } else if (IsAnyOf(key, {"null", "nullstr", "null_string"})) {
    options->null_string = std::string(value);
  } else if (IsAnyOf(key, {"sample_size", "sample_rows"})) {
    int64_t rows = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), rows);
    if (ec != std::errc() || ptr != value.data() + value.size() || rows == 0 || rows < -1) {
      return BadValue(key, value, "a positive row count (or -1 for the whole file)");
    }
    options->sample_rows = rows == -1 ? std::numeric_limits<int64_t>::max() / 2 : rows;
  } else if (IsAnyOf(key, {"comment"})) {
    if (value.find_first_of("\r\n") != std::string_view::npos) {
      return BadValue(key, value, "text without line breaks");
    }
    options->comment = std::string(value);
  } else {
    return Status::InvalidArgument("unknown CSV option '" + std::string(key) +
                                   "'; known options: " + kKnownOptions);
  }
  return Status::OK();
}

}  // namespace silt::csv
