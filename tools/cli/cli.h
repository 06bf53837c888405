#pragma once

#include <string>
#include <vector>

#include "silt/common/status.h"
#include "silt/delta/engine/snapshot_loader.h"
#include "silt/format/result_writer.h"

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

/// Splits "a,b,,c" into {"a", "b", "c"}.
std::vector<std::string> SplitComma(const std::string& s);

/// The --format of a row-printing command: table on a terminal, csv otherwise (CONTRACTS).
Result<OutputFormat> ChooseFormat(const Args& args);

/// `silt parquet rewrite IN OUT ...` (tools/cli/parquet_rewrite.cpp).
Status RunRewrite(const Args& args);

/// `silt parquet ...`.
Status RunParquetCommand(const std::vector<std::string>& argv);
/// `silt -c SQL` / `silt -f FILE` [--format F]: runs statements and prints their rows.
Status RunSqlCommand(const std::vector<std::string>& argv);
/// `silt slt [--verbose] PATH...`: runs sqllogictest files in fresh sessions.
Status RunSltCommand(const std::vector<std::string>& argv);

/// `silt delta snapshot|history ...` (tools/cli/delta_commands.cpp).
Status RunDeltaCommand(const std::vector<std::string>& argv);

/// --format json (true) or table (false, the default) for commands printing one document.
Result<bool> WantJson(const Args& args);

/// Loads the table named by the one positional argument at --version / --timestamp (when
/// `allow_time_travel`) or latest.
/// Per-file stats are read only `with_file_stats` (file skipping needs them).
Result<delta::DeltaSnapshot> LoadDeltaSnapshot(const Args& args, bool allow_time_travel,
                                               bool with_file_stats = true);

/// `silt delta files PATH ...` (tools/cli/delta_scan_commands.cpp).
Status RunDeltaFiles(const Args& args);
/// `silt delta changes PATH --from N [--to M]` (tools/cli/delta_scan_commands.cpp).
Status RunDeltaChanges(const Args& args);
/// `silt delta cat PATH ...` (tools/cli/delta_scan_commands.cpp).
Status RunDeltaCat(const Args& args);

}  // namespace silt::cli
