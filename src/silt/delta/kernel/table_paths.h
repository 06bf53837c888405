#pragma once

// Turning the paths a Delta log records (data files, deletion vectors, sidecars) into
// local paths under the table root, refusing any that would escape it. Pure string logic:
// the engine supplies an already absolute, normalized table root.

#include <string>
#include <string_view>

#include "silt/common/status.h"

namespace silt::delta {

/// Decodes RFC 3986 percent escapes (`%20` -> ' '). Corrupt for a truncated or non-hex
/// escape or an encoded NUL.
Result<std::string> PercentDecode(std::string_view text);

/// The form under which log paths reconcile (add/remove matching): a local `file:` URI
/// (`file:/x`, `file:///x`, `file://localhost/x`) becomes its path `/x`, still
/// percent-encoded; every other path is returned unchanged.
std::string CanonicalLogPath(std::string_view log_path);

/// Lexically normalizes an absolute local path: collapses repeated '/', removes '.'
/// segments and resolves '..' against the preceding segment; drops a trailing '/'.
/// Corrupt when '..' would climb above '/' or the path is not absolute.
Result<std::string> NormalizeAbsolutePath(std::string_view path);

/// The local path of a table root given as a local absolute path or a `file:` URI
/// (`file:/x`, `file:///x`, `file://localhost/x`), normalized. Other schemes are
/// NotSupported (object storage is not implemented yet); a relative path is InvalidArgument
/// (the engine makes it absolute first).
Result<std::string> LocalTableRoot(std::string_view root);

/// Resolves `log_path` (a path as written in the log: relative and percent-encoded, or an
/// absolute `file:` URI or absolute path) against `table_root` (from LocalTableRoot).
/// The result must lie under the table root unless `allow_outside_root`; anything else —
/// `..` escapes, other roots, other URI schemes, empty paths — is Corrupt naming the path,
/// so a crafted log can never make silt read outside the table.
Result<std::string> ResolveTablePath(std::string_view table_root, std::string_view log_path,
                                     bool allow_outside_root = false);

}  // namespace silt::delta
