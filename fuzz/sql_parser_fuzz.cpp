// Fuzzes the SQL front end: arbitrary bytes must never crash the lexer or parser, and every
// statement (or expression, or type) that parses must print (ToSql) to SQL that parses back
// to an equal tree and prints the same again.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "silt/sql/parser/parser.h"
#include "silt/sql/parser/to_sql.h"

namespace {

// ToSql parenthesizes every operator, so its output may nest up to about twice as deep as
// the input; re-parse with room for that.
silt::sql::ParseOptions ReparseOptions() {
  silt::sql::ParseOptions options;
  options.max_depth = 3 * silt::sql::ParseOptions().max_depth;
  return options;
}

[[noreturn]] void Fail(const char* what, std::string_view input, const std::string& printed,
                       const std::string& detail) {
  std::fprintf(stderr, "sql_parser_fuzz: %s\ninput: %.*s\nprinted: %s\n%s\n", what,
               static_cast<int>(input.size()), input.data(), printed.c_str(), detail.c_str());
  std::abort();
}

template <typename Node, typename Reparse>
void CheckRoundTrip(const Node& node, std::string_view input, Reparse reparse) {
  std::string printed = silt::sql::ToSql(node);
  auto again = reparse(printed);
  if (!again.ok()) Fail("ToSql output does not parse", input, printed, again.status().ToString());
  if (!(*again.ValueOrDie() == node)) Fail("round trip changed the tree", input, printed, "");
  std::string printed_again = silt::sql::ToSql(*again.ValueOrDie());
  if (printed_again != printed) Fail("ToSql is not stable", input, printed, printed_again);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace silt::sql;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto statements = ParseStatements(text);
  if (statements.ok()) {
    for (const StatementPtr& statement : *statements) {
      CheckRoundTrip(*statement, text,
                     [](const std::string& sql) { return ParseStatement(sql, ReparseOptions()); });
    }
  }
  auto expr = ParseExpression(text);
  if (expr.ok()) {
    CheckRoundTrip(**expr, text,
                   [](const std::string& sql) { return ParseExpression(sql, ReparseOptions()); });
  }
  auto type = ParseTypeName(text);
  if (type.ok()) {
    std::string printed = ToSql(*type);
    auto again = ParseTypeName(printed, ReparseOptions());
    if (!again.ok() || !(*again == *type)) Fail("type round trip", text, printed, "");
  }
  return 0;
}
