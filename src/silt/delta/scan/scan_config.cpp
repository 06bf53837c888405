#include "silt/delta/scan/scan_config.h"

#include "silt/common/ascii.h"

namespace silt::delta {

Status ValidateScanConfig(const DeltaScanConfig& config, const Schema& table_schema) {
  if (!config.enable_parquet_pushdown) {
    return Status::Plan(
        "delta.enable_parquet_pushdown = false is not supported: Delta scans push predicates "
        "into the Parquet reader; set it back to true");
  }
  if (!config.wrap_partition_values) {
    return Status::Plan(
        "delta.wrap_partition_values = false is not supported: partition columns are always "
        "materialized as constant (dictionary) arrays; set it back to true");
  }
  const std::string& name = config.file_column_name;
  if (!name.empty()) {
    if (name.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Status::Plan("delta.file_column_name must be a column name, not blank");
    }
    for (const auto& f : table_schema.fields()) {
      if (EqualsIgnoreAsciiCase(f->name, name)) {
        return Status::Plan("delta.file_column_name '" + name +
                            "' clashes with the table column '" + f->name +
                            "'; choose another name (e.g. __source_file)");
      }
    }
  }
  return Status::OK();
}

}  // namespace silt::delta
