#include "silt/delta/scan/table_deletion_vectors.h"

#include <optional>

#include "silt/delta/engine/deletion_vector_loader.h"
#include "silt/delta/kernel/table_paths.h"

namespace silt::delta {

namespace {

/// The one file in `expected_path`'s directory whose name ends with its file name, if any.
std::optional<std::string> FindPrefixedDeletionVector(io::FileSystem& fs, const std::string& expected_path) {
  size_t slash = expected_path.rfind('/');
  if (slash == std::string::npos) return std::nullopt;
  const std::string dir = expected_path.substr(0, slash);
  const std::string name = expected_path.substr(slash + 1);
  auto listing = fs.List(dir);
  if (!listing.ok()) return std::nullopt;
  std::optional<std::string> found;
  for (const io::FileInfo& info : *listing) {
    std::string_view p = info.path;
    if (info.is_dir || p.size() <= name.size() || p.substr(p.size() - name.size()) != name) continue;
    if (found) return std::nullopt;  // ambiguous: refuse to guess
    found = info.path;
  }
  return found;
}

/// A literal relative path written the way the log writes paths (percent-encoded '%').
std::string EscapePercent(const std::string& literal) {
  std::string out;
  for (char ch : literal) {
    if (ch == '%') {
      out += "%25";
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

}  // namespace

Result<DeletionVector> LoadTableDeletionVector(io::FileSystem& fs, const std::string& table_root,
                                               const DeletionVectorDescriptor& descriptor,
                                               bool allow_outside_root) {
  std::string path;
  if (descriptor.storage_type != "i") {
    SILT_ASSIGN_OR_RETURN(std::string relative, DeletionVectorRelativePath(descriptor));
    // 'u' gives a literal path; 'p' a URI written like add.path.
    std::string as_log_path = descriptor.storage_type == "u" ? EscapePercent(relative) : relative;
    SILT_ASSIGN_OR_RETURN(path, ResolveTablePath(table_root, as_log_path, allow_outside_root));
  }
  auto dv = LoadDeletionVector(fs, path, descriptor);
  if (!dv.ok() && dv.status().code() == StatusCode::kIO && descriptor.storage_type == "u") {
    // Spark's test suites write DV files with a configured name prefix
    // ("<prefix>deletion_vector_<uuid>.bin"); the UUID is unique, so a single file in the
    // same directory ending with the protocol's name is the same vector.
    if (auto alt = FindPrefixedDeletionVector(fs, path)) return LoadDeletionVector(fs, *alt, descriptor);
  }
  return dv;
}

}  // namespace silt::delta
