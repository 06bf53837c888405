#pragma once

// Loading the deletion vector an add/remove action names, wherever it lives relative to the
// table (inline, UUID-named file under the root, or absolute path).

#include <string>

#include "silt/common/status.h"
#include "silt/delta/kernel/actions.h"
#include "silt/delta/kernel/deletion_vector.h"
#include "silt/io/file_system.h"

namespace silt::delta {

/// Loads `descriptor` for a table rooted at `table_root` (absolute local path). File paths
/// are resolved like data paths (refusing escapes unless `allow_outside_root`). Errors as
/// LoadDeletionVector, plus Corrupt for paths outside the root.
Result<DeletionVector> LoadTableDeletionVector(io::FileSystem& fs, const std::string& table_root,
                                               const DeletionVectorDescriptor& descriptor,
                                               bool allow_outside_root);

}  // namespace silt::delta
