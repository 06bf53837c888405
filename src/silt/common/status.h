#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace silt {

/// Error categories; the names are the ones CONTRACTS.md prints as `Error: <Category>: ...`.
enum class StatusCode : uint8_t {
  kOk = 0,
  kParse,
  kPlan,
  kExecution,
  kIO,
  kCorrupt,
  kNotSupported,
  kResourcesExhausted,
  kConflict,
  kCancelled,
  kInvalidArgument,
  kInternal,
};

/// Category name as printed to users ("Corrupt", "IO", ...).
std::string_view StatusCodeName(StatusCode code);

/// Outcome of an operation that can fail. Ok is a null pointer (free to copy and test);
/// an error carries a code, a message and a context chain, outermost context last.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message);

  static Status OK() { return {}; }
  static Status Parse(std::string msg) { return {StatusCode::kParse, std::move(msg)}; }
  static Status Plan(std::string msg) { return {StatusCode::kPlan, std::move(msg)}; }
  static Status Execution(std::string msg) { return {StatusCode::kExecution, std::move(msg)}; }
  static Status IOError(std::string msg) { return {StatusCode::kIO, std::move(msg)}; }
  static Status Corrupt(std::string msg) { return {StatusCode::kCorrupt, std::move(msg)}; }
  static Status NotSupported(std::string msg) {
    return {StatusCode::kNotSupported, std::move(msg)};
  }
  static Status ResourcesExhausted(std::string msg) {
    return {StatusCode::kResourcesExhausted, std::move(msg)};
  }
  static Status Conflict(std::string msg) { return {StatusCode::kConflict, std::move(msg)}; }
  static Status Cancelled(std::string msg) { return {StatusCode::kCancelled, std::move(msg)}; }
  static Status InvalidArgument(std::string msg) {
    return {StatusCode::kInvalidArgument, std::move(msg)};
  }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  /// The innermost message, without context.
  const std::string& message() const;
  /// "Category: message" followed by "\n  while ..." context lines, innermost first.
  std::string ToString() const;
  /// Message with context joined on one line: "message (while a; while b)".
  std::string MessageWithContext() const;

  /// Returns a copy with one more context entry ("reading page 3 of column x").
  Status WithContext(std::string context) const&;
  Status WithContext(std::string context) &&;

 private:
  struct State {
    StatusCode code;
    std::string message;
    std::string context;  // "\n  while ..." lines appended in order
  };
  std::shared_ptr<State> state_;
};

/// A value or an error Status. Never holds an OK status without a value.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : storage_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : storage_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(storage_).ok()) {
      storage_ = Status::Internal("Result constructed from an OK status");
    }
  }
  template <typename U, typename = std::enable_if_t<std::is_convertible_v<U, T> &&
                                                    !std::is_same_v<std::decay_t<U>, T> &&
                                                    !std::is_same_v<std::decay_t<U>, Status>>>
  Result(U&& value) : storage_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(storage_); }
  Status status() const { return ok() ? Status::OK() : std::get<Status>(storage_); }

  T& ValueOrDie() & { return std::get<T>(storage_); }
  const T& ValueOrDie() const& { return std::get<T>(storage_); }
  T ValueOrDie() && { return std::move(std::get<T>(storage_)); }
  T& operator*() & { return std::get<T>(storage_); }
  const T& operator*() const& { return std::get<T>(storage_); }
  T* operator->() { return &std::get<T>(storage_); }
  const T* operator->() const { return &std::get<T>(storage_); }
  /// Moves the value out; only valid when ok().
  T MoveValue() { return std::move(std::get<T>(storage_)); }

 private:
  std::variant<T, Status> storage_;
};

namespace internal {
inline Status ToStatus(const Status& s) { return s; }
template <typename T>
Status ToStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace internal

}  // namespace silt

#define SILT_CONCAT_IMPL(a, b) a##b
#define SILT_CONCAT(a, b) SILT_CONCAT_IMPL(a, b)

/// Returns the error from the enclosing function when `expr` (a Status or Result) failed.
#define SILT_RETURN_NOT_OK(expr)                                   \
  do {                                                             \
    ::silt::Status _silt_st = ::silt::internal::ToStatus((expr));  \
    if (!_silt_st.ok()) return _silt_st;                           \
  } while (false)

#define SILT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                               \
  if (!tmp.ok()) return tmp.status();               \
  lhs = tmp.MoveValue();

/// `SILT_ASSIGN_OR_RETURN(auto x, MakeX());` declares x from the Result or returns its error.
#define SILT_ASSIGN_OR_RETURN(lhs, rexpr) \
  SILT_ASSIGN_OR_RETURN_IMPL(SILT_CONCAT(_silt_result_, __COUNTER__), lhs, rexpr)

/// Programmer-error assertion: checked in debug builds, compiled out in release.
#ifdef NDEBUG
#define SILT_DCHECK(cond) \
  do {                    \
  } while (false && (cond))
#else
#include <cstdio>
#include <cstdlib>
#define SILT_DCHECK(cond)                                                               \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "SILT_DCHECK failed: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (false)
#endif
