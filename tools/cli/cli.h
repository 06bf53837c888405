#pragma once

#include <string>
#include <vector>

#include "silt/common/status.h"

namespace silt::cli {

/// Parsed `--name value` / `--flag` options and positional arguments of a subcommand.
class Args {
 public:
  /// `value_options` lists the options that take a value; anything else starting with
  /// "--" is a flag. Unknown options are an InvalidArgument error.
  static Result<Args> Parse(const std::vector<std::string>& argv,
                            const std::vector<std::string>& value_options,
                            const std::vector<std::string>& flags);
  const std::vector<std::string>& positional() const { return positional_; }
  bool Has(const std::string& name) const;
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  Result<int64_t> GetInt(const std::string& name, int64_t fallback) const;

 private:
  std::vector<std::string> positional_;
  std::vector<std::pair<std::string, std::string>> options_;
};

/// `silt parquet rewrite IN OUT ...` (tools/cli/parquet_rewrite.cpp).
Status RunRewrite(const Args& args);

/// `silt parquet ...`.
Status RunParquetCommand(const std::vector<std::string>& argv);

/// `silt delta snapshot|history ...` (tools/cli/delta_commands.cpp).
Status RunDeltaCommand(const std::vector<std::string>& argv);

}  // namespace silt::cli
