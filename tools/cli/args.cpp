#include <unistd.h>

#include <algorithm>
#include <charconv>

#include "cli.h"

namespace silt::cli {

Result<Args> Args::Parse(const std::vector<std::string>& argv,
                         const std::vector<std::string>& value_options,
                         const std::vector<std::string>& flags) {
  Args out;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.rfind("--", 0) != 0 || a == "--") {
      out.positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::string value;
    bool has_inline = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline = true;
    }
    if (std::find(value_options.begin(), value_options.end(), name) != value_options.end()) {
      if (!has_inline) {
        if (i + 1 >= argv.size()) return Status::InvalidArgument("option --" + name + " needs a value");
        value = argv[++i];
      }
      out.options_.emplace_back(name, value);
    } else if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
      out.options_.emplace_back(name, "true");
    } else {
      return Status::InvalidArgument("unknown option --" + name);
    }
  }
  return out;
}

bool Args::Has(const std::string& name) const {
  for (const auto& [k, v] : options_) {
    if (k == name) return true;
  }
  return false;
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  for (auto it = options_.rbegin(); it != options_.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return fallback;
}

Result<int64_t> Args::GetInt(const std::string& name, int64_t fallback) const {
  if (!Has(name)) return fallback;
  std::string v = Get(name);
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size()) {
    return Status::InvalidArgument("option --" + name + " needs an integer, got '" + v + "'");
  }
  return out;
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

Result<OutputFormat> ChooseFormat(const Args& args) {
  std::string name = args.Get("format", isatty(STDOUT_FILENO) ? "table" : "csv");
  return ParseOutputFormat(name);
}

}  // namespace silt::cli
