#include "silt/common/status.h"

namespace silt {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kParse: return "Parse";
    case StatusCode::kPlan: return "Plan";
    case StatusCode::kExecution: return "Execution";
    case StatusCode::kIO: return "IO";
    case StatusCode::kCorrupt: return "Corrupt";
    case StatusCode::kNotSupported: return "NotSupported";
    case StatusCode::kResourcesExhausted: return "ResourcesExhausted";
    case StatusCode::kConflict: return "Conflict";
    case StatusCode::kCancelled: return "Cancelled";
    case StatusCode::kInvalidArgument: return "InvalidArgument";
    case StatusCode::kInternal: return "Internal";
  }
  return "Unknown";
}

Status::Status(StatusCode code, std::string message) {
  if (code != StatusCode::kOk) {
    state_ = std::make_shared<State>(State{code, std::move(message), {}});
  }
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

std::string Status::ToString() const {
  if (!state_) return "OK";
  std::string out(StatusCodeName(state_->code));
  out += ": ";
  out += state_->message;
  out += state_->context;
  return out;
}

std::string Status::MessageWithContext() const {
  if (!state_) return "OK";
  if (state_->context.empty()) return state_->message;
  std::string ctx;
  size_t pos = 0;
  const std::string& c = state_->context;
  while (pos < c.size()) {
    size_t start = c.find("while ", pos);
    if (start == std::string::npos) break;
    size_t end = c.find('\n', start);
    if (end == std::string::npos) end = c.size();
    if (!ctx.empty()) ctx += "; ";
    ctx += c.substr(start, end - start);
    pos = end;
  }
  return state_->message + " (" + ctx + ")";
}

Status Status::WithContext(std::string context) const& {
  Status copy = *this;
  return std::move(copy).WithContext(std::move(context));
}

Status Status::WithContext(std::string context) && {
  if (!state_) return *this;
  // Copy-on-write: the state may be shared with other Status copies.
  auto state = std::make_shared<State>(*state_);
  state->context += "\n  while " + context;
  state_ = std::move(state);
  return std::move(*this);
}

}  // namespace silt
