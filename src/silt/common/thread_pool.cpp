#include "silt/common/thread_pool.h"

#include <algorithm>

namespace silt {

ThreadPool::ThreadPool(int num_threads) {
  for (int i = 0; i < num_threads; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::Submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    tasks_.push_back(std::move(task));
  }
  cv_.notify_one();
}

void ThreadPool::WorkerLoop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
      if (stop_ && tasks_.empty()) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

ThreadPool* ThreadPool::Default() {
  static ThreadPool pool(std::max(1u, std::thread::hardware_concurrency()));
  return &pool;
}

Status ParallelFor(int64_t n, int parallelism, const std::function<Status(int64_t)>& fn,
                   const CancellationToken* cancel) {
  if (n <= 0) return Status::OK();
  std::vector<Status> errors(static_cast<size_t>(n));
  std::atomic<int64_t> next{0};
  std::atomic<bool> failed{false};
  auto drain = [&] {
    for (;;) {
      int64_t i = next.fetch_add(1);
      if (i >= n || failed.load()) return;
      if (cancel != nullptr && cancel->IsCancelled()) {
        errors[i] = cancel->Check();
        failed = true;
        return;
      }
      Status st = fn(i);
      if (!st.ok()) {
        errors[i] = std::move(st);
        failed = true;
      }
    }
  };
  int helpers = static_cast<int>(std::min<int64_t>(parallelism, n)) - 1;
  if (helpers <= 0) {
    drain();
  } else {
    // Helpers run on dedicated threads, not the shared pool, so nested ParallelFor calls
    // inside pool tasks cannot deadlock waiting on each other.
    std::vector<std::thread> threads;
    for (int h = 0; h < helpers; ++h) threads.emplace_back(drain);
    drain();
    for (auto& t : threads) t.join();
  }
  for (auto& e : errors) {
    if (!e.ok()) return e;
  }
  return Status::OK();
}

}  // namespace silt
