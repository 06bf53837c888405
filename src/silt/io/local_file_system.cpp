#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "silt/io/file_system.h"

namespace silt::io {

std::future<Result<BufferPtr>> RandomAccessFile::ReadAtAsync(int64_t offset, int64_t length) {
  std::promise<Result<BufferPtr>> p;
  p.set_value(ReadAt(offset, length));
  return p.get_future();
}

std::string LocalPathFromUri(const std::string& uri) {
  if (uri.rfind("file://", 0) == 0) return uri.substr(7);
  if (uri.rfind("file:", 0) == 0) return uri.substr(5);
  return uri;
}

namespace {

Status ErrnoStatus(const std::string& what, const std::string& path) {
  return Status::IOError(what + " '" + path + "': " + std::strerror(errno));
}

class LocalFile : public RandomAccessFile {
 public:
  LocalFile(int fd, std::string path, int64_t size) : fd_(fd), path_(std::move(path)), size_(size) {}
  ~LocalFile() override { ::close(fd_); }
  Result<int64_t> Size() override { return size_; }
  const std::string& path() const override { return path_; }

  Result<BufferPtr> ReadAt(int64_t offset, int64_t length) override {
    if (offset < 0 || length < 0 || offset > size_ || length > size_ - offset) {
      return Status::IOError("read of " + std::to_string(length) + " bytes at offset " +
                             std::to_string(offset) + " is past the end of '" + path_ + "' (" +
                             std::to_string(size_) + " bytes)");
    }
    SILT_ASSIGN_OR_RETURN(auto buf, Buffer::Allocate(length));
    int64_t done = 0;
    while (done < length) {
      ssize_t n = ::pread(fd_, buf->mutable_data() + done, static_cast<size_t>(length - done),
                          offset + done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("cannot read", path_);
      }
      if (n == 0) return Status::IOError("unexpected end of file '" + path_ + "'");
      done += n;
    }
    return buf;
  }

 private:
  int fd_;
  std::string path_;
  int64_t size_;
};

class LocalOutputStream : public OutputStream {
 public:
  LocalOutputStream(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~LocalOutputStream() override {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Write(const void* data, int64_t length) override {
    const auto* p = static_cast<const uint8_t*>(data);
    while (length > 0) {
      ssize_t n = ::write(fd_, p, static_cast<size_t>(length));
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("cannot write", path_);
      }
      p += n;
      length -= n;
      pos_ += n;
    }
    return Status::OK();
  }
  int64_t Tell() const override { return pos_; }
  Status Close() override {
    if (fd_ < 0) return Status::OK();
    int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return ErrnoStatus("cannot close", path_);
    return Status::OK();
  }

 private:
  int fd_;
  std::string path_;
  int64_t pos_ = 0;
};

class LocalFs : public FileSystem {
 public:
  Result<std::shared_ptr<RandomAccessFile>> OpenForRead(const std::string& uri) override {
    std::string path = LocalPathFromUri(uri);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus("cannot open", path);
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      ::close(fd);
      return ErrnoStatus("cannot stat", path);
    }
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Status::IOError("'" + path + "' is a directory, not a file");
    }
    return std::shared_ptr<RandomAccessFile>(std::make_shared<LocalFile>(fd, path, st.st_size));
  }

  Result<std::unique_ptr<OutputStream>> OpenForWrite(const std::string& uri) override {
    std::string path = LocalPathFromUri(uri);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return ErrnoStatus("cannot create", path);
    return std::unique_ptr<OutputStream>(std::make_unique<LocalOutputStream>(fd, path));
  }

  Result<FileInfo> Stat(const std::string& uri) override {
    std::string path = LocalPathFromUri(uri);
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("cannot stat", path);
    return FileInfo{path, st.st_size,
                    static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000,
                    S_ISDIR(st.st_mode)};
  }

  Result<std::vector<FileInfo>> List(const std::string& uri) override {
    std::string dir = LocalPathFromUri(uri);
    std::vector<FileInfo> out;
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) return Status::IOError("cannot list '" + dir + "': " + ec.message());
    for (const auto& entry : it) {
      auto info = Stat(entry.path().string());
      if (info.ok()) out.push_back(*info);
    }
    std::sort(out.begin(), out.end(),
              [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
    return out;
  }

  Status Delete(const std::string& uri) override {
    std::string path = LocalPathFromUri(uri);
    if (::unlink(path.c_str()) != 0) return ErrnoStatus("cannot delete", path);
    return Status::OK();
  }

  Status CreateDir(const std::string& uri) override {
    std::error_code ec;
    std::filesystem::create_directories(LocalPathFromUri(uri), ec);
    if (ec) return Status::IOError("cannot create directory '" + uri + "': " + ec.message());
    return Status::OK();
  }
};

}  // namespace

std::shared_ptr<FileSystem> LocalFileSystem() {
  static auto fs = std::make_shared<LocalFs>();
  return fs;
}

}  // namespace silt::io
