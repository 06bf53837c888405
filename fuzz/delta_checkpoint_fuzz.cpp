// Fuzzes checkpoint reading (checkpoint_reader.h): the input is a checkpoint Parquet file,
// also readable as the sidecar `s.parquet`, converted to actions and replayed.
#include <cstdint>
#include <string>

#include "silt/delta/engine/checkpoint_reader.h"
#include "silt/delta/kernel/replay.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace silt;
  using namespace silt::delta;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  io::InMemoryFileSystem fs;
  const std::string name = "00000000000000000001.checkpoint.parquet";
  fs.Put("/t/_delta_log/" + name, bytes);
  fs.Put("/t/_delta_log/_sidecars/s.parquet", bytes);
  LogFile part;
  part.info = {name, static_cast<int64_t>(size), 0};
  part.kind = LogFileKind::kCheckpoint;
  part.version = 1;
  auto actions = ReadCheckpoint(fs, "/t", {part});
  if (actions.ok()) (void)ReplayLog(actions.MoveValue(), int64_t{1}, {});
  return 0;
}
