// `silt -c SQL` / `silt -f FILE` (run statements, print results) and `silt slt PATH...`.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "silt/format/result_writer.h"
#include "silt/slt/runner.h"
#include "silt/sql/session/session.h"

namespace silt::cli {

namespace {

/// An slt database backed by a fresh session.
class SessionDatabase : public slt::Database {
 public:
  Result<slt::QueryOutput> Execute(const std::string& sql) override {
    SILT_ASSIGN_OR_RETURN(auto r, session_.Sql(sql));
    slt::QueryOutput out;
    out.schema = r.schema;
    out.batches = std::move(r.batches);
    return out;
  }

 private:
  sql::SessionContext session_;
};

Result<std::string> ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Status RunSqlCommand(const std::vector<std::string>& argv) {
  // Statements run in the order given: -c text and -f files interleaved.
  std::vector<std::string> scripts;
  std::string format_name = isatty(STDOUT_FILENO) ? "table" : "csv";
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    auto value = [&]() -> Result<std::string> {
      if (i + 1 >= argv.size()) return Status::InvalidArgument(a + " needs a value");
      return argv[++i];
    };
    if (a == "-c") {
      SILT_ASSIGN_OR_RETURN(auto sql, value());
      scripts.push_back(sql);
    } else if (a == "-f") {
      SILT_ASSIGN_OR_RETURN(auto path, value());
      SILT_ASSIGN_OR_RETURN(auto text, ReadFileText(path));
      scripts.push_back(text);
    } else if (a == "--format") {
      SILT_ASSIGN_OR_RETURN(format_name, value());
    } else if (a.rfind("--format=", 0) == 0) {
      format_name = a.substr(9);
    } else {
      return Status::InvalidArgument("unexpected argument '" + a + "'");
    }
  }
  SILT_ASSIGN_OR_RETURN(auto format, ParseOutputFormat(format_name));
  sql::SessionContext session;
  // Rows print as batches arrive (csv/tsv/json/ndjson stream; table buffers what it shows).
  std::unique_ptr<ResultWriter> writer;
  auto finish = [&]() -> Status {
    if (!writer) return Status::OK();
    Status st = writer->End();
    writer.reset();
    return st;
  };
  for (const auto& script : scripts) {
    SILT_RETURN_NOT_OK(session.SqlStreaming(
        script,
        [&](const Schema& schema) -> Status {
          SILT_RETURN_NOT_OK(finish());
          writer = MakeResultWriter(format, &std::cout);
          return writer->Begin(schema);
        },
        [&](const RecordBatch& batch) { return writer->Write(batch); }));
    SILT_RETURN_NOT_OK(finish());
  }
  return Status::OK();
}

Status RunSltCommand(const std::vector<std::string>& argv) {
  slt::RunOptions options;
  std::vector<std::string> paths;
  for (const auto& a : argv) {
    if (a == "--verbose" || a == "-v") {
      options.verbose = true;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) return Status::InvalidArgument("silt slt needs at least one file or folder");
  slt::DatabaseFactory factory = []() -> Result<std::unique_ptr<slt::Database>> {
    return std::unique_ptr<slt::Database>(new SessionDatabase());
  };
  SILT_ASSIGN_OR_RETURN(auto summary, slt::RunPaths(paths, factory, options, std::cout));
  if (summary.failed > 0) return Status::Execution(std::to_string(summary.failed) + " sqllogictest records failed");
  return Status::OK();
}

}  // namespace silt::cli
