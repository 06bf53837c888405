#include <cstring>

#include "silt/io/file_system.h"

namespace silt::io {

namespace {
class InMemoryFile : public RandomAccessFile {
 public:
  InMemoryFile(std::string path, std::shared_ptr<const std::string> bytes)
      : path_(std::move(path)), bytes_(std::move(bytes)) {}
  Result<int64_t> Size() override { return static_cast<int64_t>(bytes_->size()); }
  const std::string& path() const override { return path_; }
  Result<BufferPtr> ReadAt(int64_t offset, int64_t length) override {
    int64_t size = static_cast<int64_t>(bytes_->size());
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      return Status::IOError("read past the end of '" + path_ + "'");
    }
    // Zero-copy view kept alive by the shared string.
    return std::make_shared<Buffer>(reinterpret_cast<const uint8_t*>(bytes_->data()) + offset,
                                    length, std::static_pointer_cast<const void>(bytes_));
  }

 private:
  std::string path_;
  std::shared_ptr<const std::string> bytes_;
};
}  // namespace

class InMemoryOutputStream : public OutputStream {
 public:
  InMemoryOutputStream(InMemoryFileSystem* fs, std::string path) : fs_(fs), path_(std::move(path)) {}
  Status Write(const void* data, int64_t length) override {
    data_.append(static_cast<const char*>(data), static_cast<size_t>(length));
    return Status::OK();
  }
  int64_t Tell() const override { return static_cast<int64_t>(data_.size()); }
  Status Close() override {
    fs_->Put(path_, std::move(data_));
    return Status::OK();
  }

 private:
  InMemoryFileSystem* fs_;
  std::string path_;
  std::string data_;
};

void InMemoryFileSystem::Put(const std::string& path, std::string bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  files_[path] = std::make_shared<const std::string>(std::move(bytes));
}

Result<std::shared_ptr<RandomAccessFile>> InMemoryFileSystem::OpenForRead(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return Status::IOError("cannot open '" + path + "': no such file");
  return std::shared_ptr<RandomAccessFile>(std::make_shared<InMemoryFile>(path, it->second));
}

Result<std::unique_ptr<OutputStream>> InMemoryFileSystem::OpenForWrite(const std::string& path) {
  return std::unique_ptr<OutputStream>(std::make_unique<InMemoryOutputStream>(this, path));
}

Result<FileInfo> InMemoryFileSystem::Stat(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return Status::IOError("cannot stat '" + path + "': no such file");
  return FileInfo{path, static_cast<int64_t>(it->second->size()), 0, false};
}

Result<std::vector<FileInfo>> InMemoryFileSystem::List(const std::string& dir) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  std::vector<FileInfo> out;
  for (const auto& [path, bytes] : files_) {
    if (path.rfind(prefix, 0) == 0 && path.find('/', prefix.size()) == std::string::npos) {
      out.push_back(FileInfo{path, static_cast<int64_t>(bytes->size()), 0, false});
    }
  }
  return out;
}

Status InMemoryFileSystem::Delete(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (files_.erase(path) == 0) return Status::IOError("cannot delete '" + path + "': no such file");
  return Status::OK();
}

Result<BufferPtr> FaultInjectingFile::ReadAt(int64_t offset, int64_t length) {
  int n = calls_.fetch_add(1);
  if (fail_at_ >= 0 && (n == fail_at_ || (sticky_ && n > fail_at_))) {
    return Status::IOError("injected read failure on '" + inner_->path() + "'");
  }
  return inner_->ReadAt(offset, length);
}

}  // namespace silt::io
