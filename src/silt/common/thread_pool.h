#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "silt/common/status.h"

namespace silt {

/// Cooperative cancellation shared by a query's tasks; long loops call Check() per batch.
class CancellationToken {
 public:
  void Cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool IsCancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  Status Check() const {
    return IsCancelled() ? Status::Cancelled("query was cancelled") : Status::OK();
  }

 private:
  std::atomic<bool> cancelled_{false};
};

/// A fixed set of worker threads running submitted tasks in FIFO order.
class ThreadPool {
 public:
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void Submit(std::function<void()> task);
  int num_threads() const { return static_cast<int>(workers_.size()); }

  /// Shared pool sized to the hardware concurrency.
  static ThreadPool* Default();

 private:
  void WorkerLoop();
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
  bool stop_ = false;
};

/// Runs `fn(i)` for i in [0, n) on up to `parallelism` threads (the caller is one of them)
/// and returns the first error by index order. parallelism <= 1 runs inline.
Status ParallelFor(int64_t n, int parallelism, const std::function<Status(int64_t)>& fn,
                   const CancellationToken* cancel = nullptr);

}  // namespace silt
