#include "silt/delta/kernel/actions.h"

#include "silt/delta/kernel/table_paths.h"

namespace silt::delta {

std::string DeletionVectorDescriptor::UniqueId() const {
  std::string id = storage_type + path_or_inline_dv;
  if (offset.has_value()) {
    id += '@';
    id += std::to_string(*offset);
  }
  return id;
}

FileKey KeyOf(const Add& add) {
  return {CanonicalLogPath(add.path), add.deletion_vector ? add.deletion_vector->UniqueId() : std::string()};
}

FileKey KeyOf(const Remove& remove) {
  return {CanonicalLogPath(remove.path), remove.deletion_vector ? remove.deletion_vector->UniqueId() : std::string()};
}

}  // namespace silt::delta
