// Fuzzes the Delta log decoders of untrusted bytes: commit NDJSON, _last_checkpoint,
// version checksums, and log segment building from file names taken from the input.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "silt/delta/kernel/json_actions.h"
#include "silt/delta/kernel/log_segment.h"
#include "silt/delta/kernel/replay.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace silt::delta;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto actions = ParseCommitJson(text, 0);
  if (actions.ok()) {
    (void)ReplayLog({}, std::nullopt, {{0, actions.MoveValue()}});
  }
  (void)ParseLastCheckpoint(text);
  (void)ParseVersionChecksum(text);
  // Each line is a file name in _delta_log.
  std::vector<LogFileInfo> listing;
  size_t pos = 0;
  while (pos < text.size() && listing.size() < 1000) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    listing.push_back({std::string(text.substr(pos, end - pos)), 0, 0});
    pos = end + 1;
  }
  (void)BuildLogSegment(listing, std::nullopt, std::nullopt);
  (void)BuildLogSegment(listing, int64_t{3}, std::nullopt);
  return 0;
}
