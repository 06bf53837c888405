// The `silt` command: subcommand dispatch and error reporting (CONTRACTS.md).
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"

namespace {

void PrintUsage() {
  std::fprintf(stderr,
               "usage:\n"
               "  silt -c SQL | -f FILE ... [--format table|csv|tsv|json|ndjson]\n"
               "  silt slt [--verbose] PATH...\n"
               "  silt parquet meta FILE\n"
               "  silt parquet schema FILE\n"
               "  silt parquet cat FILE [--columns a,b] [--where PREDICATE] [--format "
               "table|csv|tsv|json|ndjson] [--batch-rows N] [--threads N] [--no-pruning]\n"
               "  silt parquet rewrite IN OUT [--compression zstd|snappy|none] [--zstd-level N] "
               "[--page-bytes N] [--row-group-rows N]\n"
               "  silt delta snapshot PATH [--version N | --timestamp TS] [--format json]\n"
               "  silt delta history PATH [--format json]\n");
}

int ReportError(const silt::Status& st) {
  std::string text = st.ToString();
  std::cerr << "Error: " << text << std::endl;
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    PrintUsage();
    return args.empty() ? 1 : 0;
  }
  const std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  silt::Status st;
  if (command == "-c" || command == "-f" || command.rfind("--format", 0) == 0) {
    st = silt::cli::RunSqlCommand(args);
  } else if (command == "slt") {
    st = silt::cli::RunSltCommand(rest);
  } else if (command == "parquet") {
    st = silt::cli::RunParquetCommand(rest);
  } else if (command == "delta") {
    st = silt::cli::RunDeltaCommand(rest);
  } else {
    st = silt::Status::InvalidArgument("unknown command '" + command + "' (try: silt --help)");
  }
  if (!st.ok()) return ReportError(st);
  return 0;
}
