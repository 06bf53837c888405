#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "silt/common/status.h"
#include "silt/memory/buffer.h"

namespace silt::io {

/// A readable file with random access. Implementations are thread-safe for ReadAt.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  virtual Result<int64_t> Size() = 0;
  /// Reads exactly `length` bytes at `offset`; fewer available is an IO error.
  virtual Result<BufferPtr> ReadAt(int64_t offset, int64_t length) = 0;
  /// Asynchronous form; the default runs ReadAt on the calling thread.
  virtual std::future<Result<BufferPtr>> ReadAtAsync(int64_t offset, int64_t length);
  virtual const std::string& path() const = 0;
};

/// A sequential writer. Close() makes the file durable and visible.
class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual Status Write(const void* data, int64_t length) = 0;
  virtual int64_t Tell() const = 0;
  virtual Status Close() = 0;
};

struct FileInfo {
  std::string path;
  int64_t size = 0;
  int64_t mtime_ms = 0;
  bool is_dir = false;
};

/// URI-addressed storage (local paths and `file:` URIs now; object stores later).
class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual Result<std::shared_ptr<RandomAccessFile>> OpenForRead(const std::string& path) = 0;
  /// Creates or truncates `path`.
  virtual Result<std::unique_ptr<OutputStream>> OpenForWrite(const std::string& path) = 0;
  virtual Result<FileInfo> Stat(const std::string& path) = 0;
  /// Entries directly inside `dir`, sorted by path.
  virtual Result<std::vector<FileInfo>> List(const std::string& dir) = 0;
  virtual Status Delete(const std::string& path) = 0;
  virtual Status CreateDir(const std::string& path) = 0;
};

/// Local disk. Accepts plain paths and `file:` URIs.
std::shared_ptr<FileSystem> LocalFileSystem();

/// Files held in memory (tests).
class InMemoryFileSystem : public FileSystem {
 public:
  Result<std::shared_ptr<RandomAccessFile>> OpenForRead(const std::string& path) override;
  Result<std::unique_ptr<OutputStream>> OpenForWrite(const std::string& path) override;
  Result<FileInfo> Stat(const std::string& path) override;
  Result<std::vector<FileInfo>> List(const std::string& dir) override;
  Status Delete(const std::string& path) override;
  Status CreateDir(const std::string&) override { return Status::OK(); }
  /// Stores `bytes` at `path` directly.
  void Put(const std::string& path, std::string bytes);

 private:
  friend class InMemoryOutputStream;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const std::string>> files_;
};

/// Wraps a file and counts the bytes and calls of every ReadAt (tests bound I/O with it).
class CountingFile : public RandomAccessFile {
 public:
  explicit CountingFile(std::shared_ptr<RandomAccessFile> inner) : inner_(std::move(inner)) {}
  Result<int64_t> Size() override { return inner_->Size(); }
  Result<BufferPtr> ReadAt(int64_t offset, int64_t length) override {
    bytes_read_ += length;
    ++reads_;
    return inner_->ReadAt(offset, length);
  }
  const std::string& path() const override { return inner_->path(); }
  int64_t bytes_read() const { return bytes_read_.load(); }
  int64_t reads() const { return reads_.load(); }

 private:
  std::shared_ptr<RandomAccessFile> inner_;
  std::atomic<int64_t> bytes_read_{0};
  std::atomic<int64_t> reads_{0};
};

/// Wraps a file and fails or corrupts reads on demand (fault-injection tests).
class FaultInjectingFile : public RandomAccessFile {
 public:
  explicit FaultInjectingFile(std::shared_ptr<RandomAccessFile> inner) : inner_(std::move(inner)) {}
  /// Fails the n-th ReadAt call (0-based) and every later one when `sticky`.
  void FailReadNumber(int n, bool sticky = false) { fail_at_ = n; sticky_ = sticky; }
  Result<int64_t> Size() override { return inner_->Size(); }
  Result<BufferPtr> ReadAt(int64_t offset, int64_t length) override;
  const std::string& path() const override { return inner_->path(); }

 private:
  std::shared_ptr<RandomAccessFile> inner_;
  std::atomic<int> calls_{0};
  int fail_at_ = -1;
  bool sticky_ = false;
};

/// Strips a `file:` scheme (file:/a, file:///a) and returns a local path.
std::string LocalPathFromUri(const std::string& uri);

}  // namespace silt::io
