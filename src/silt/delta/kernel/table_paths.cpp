#include "silt/delta/kernel/table_paths.h"

#include <vector>

namespace silt::delta {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

/// The scheme of a URI ("file", "s3", ...) or empty when `text` has none. A scheme is
/// ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) followed by ':'; single letters are treated
/// as no scheme so Windows-like "C:" never counts.
std::string_view SchemeOf(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon < 2) return {};
  for (size_t i = 0; i < colon; ++i) {
    char c = text[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return {};
  }
  return text.substr(0, colon);
}

/// The path part of a `file:` URI, still percent-encoded; Corrupt for a foreign host.
Result<std::string_view> FileUriPath(std::string_view uri) {
  std::string_view rest = uri.substr(5);  // after "file:"
  if (StartsWith(rest, "//")) {
    rest.remove_prefix(2);
    size_t slash = rest.find('/');
    std::string_view host = rest.substr(0, slash);
    if (!host.empty() && host != "localhost") {
      return Status::Corrupt("file URI '" + std::string(uri) + "' names host '" +
                             std::string(host) + "'; only local files can be read");
    }
    if (slash == std::string_view::npos) return std::string_view("/");
    rest.remove_prefix(slash);
  }
  if (!StartsWith(rest, "/")) {
    return Status::Corrupt("file URI '" + std::string(uri) + "' is not absolute");
  }
  return rest;
}

bool IsUnder(std::string_view path, std::string_view root) {
  if (root == "/") return StartsWith(path, "/");
  return path == root || (StartsWith(path, root) && path.size() > root.size() && path[root.size()] == '/');
}

}  // namespace

Result<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return Status::Corrupt("malformed percent escape in path '" + std::string(text) + "'");
    }
    char c = static_cast<char>(hi * 16 + lo);
    if (c == '\0') return Status::Corrupt("encoded NUL in path '" + std::string(text) + "'");
    out.push_back(c);
    i += 2;
  }
  return out;
}

std::string CanonicalLogPath(std::string_view log_path) {
  if (!StartsWith(log_path, "file:")) return std::string(log_path);
  auto path = FileUriPath(log_path);
  return path.ok() ? std::string(*path) : std::string(log_path);
}

Result<std::string> NormalizeAbsolutePath(std::string_view path) {
  if (!StartsWith(path, "/")) {
    return Status::Corrupt("path '" + std::string(path) + "' is not absolute");
  }
  std::vector<std::string_view> segments;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    std::string_view seg = path.substr(pos, next - pos);
    if (seg == "..") {
      if (segments.empty()) {
        return Status::Corrupt("path '" + std::string(path) + "' climbs above the root");
      }
      segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    pos = next + 1;
  }
  std::string out;
  for (std::string_view seg : segments) {
    out.push_back('/');
    out.append(seg);
  }
  return out.empty() ? std::string("/") : out;
}

Result<std::string> LocalTableRoot(std::string_view root) {
  std::string_view scheme = SchemeOf(root);
  if (scheme.empty()) {
    if (!StartsWith(root, "/")) {
      return Status::InvalidArgument("table root '" + std::string(root) + "' must be absolute");
    }
    return NormalizeAbsolutePath(root);
  }
  if (scheme != "file") {
    return Status::NotSupported("table root '" + std::string(root) + "': the '" +
                                std::string(scheme) +
                                "' scheme (object storage) is not supported yet; only local paths and file: URIs");
  }
  SILT_ASSIGN_OR_RETURN(std::string_view encoded, FileUriPath(root));
  SILT_ASSIGN_OR_RETURN(std::string decoded, PercentDecode(encoded));
  return NormalizeAbsolutePath(decoded);
}

Result<std::string> ResolveTablePath(std::string_view table_root, std::string_view log_path,
                                     bool allow_outside_root) {
  if (log_path.empty()) return Status::Corrupt("empty file path in the Delta log");
  std::string absolute;
  std::string_view scheme = SchemeOf(log_path);
  if (scheme == "file") {
    SILT_ASSIGN_OR_RETURN(std::string_view encoded, FileUriPath(log_path));
    SILT_ASSIGN_OR_RETURN(absolute, PercentDecode(encoded));
  } else if (!scheme.empty()) {
    return Status::Corrupt("file path '" + std::string(log_path) + "' uses the '" +
                           std::string(scheme) + "' scheme, which is not under the local table root '" +
                           std::string(table_root) + "'");
  } else {
    SILT_ASSIGN_OR_RETURN(std::string decoded, PercentDecode(log_path));
    absolute = StartsWith(decoded, "/") ? decoded : std::string(table_root) + "/" + decoded;
  }
  auto normalized = NormalizeAbsolutePath(absolute);
  if (!normalized.ok()) {
    return Status::Corrupt("file path '" + std::string(log_path) + "' escapes the table root '" +
                           std::string(table_root) + "'");
  }
  if (!allow_outside_root && !IsUnder(*normalized, table_root)) {
    return Status::Corrupt("file path '" + std::string(log_path) + "' resolves to '" + *normalized +
                           "', outside the table root '" + std::string(table_root) +
                           "' (reading outside paths must be allowed explicitly)");
  }
  return normalized;
}

}  // namespace silt::delta
