// Placeholder until the Parquet writer lands; replaced by the writer's rewrite command.
#include "cli.h"

namespace silt::cli {
Status RunRewrite(const Args& args) {
  return Status::NotSupported("silt parquet rewrite: the Parquet writer is not built yet");
}
}  // namespace silt::cli
