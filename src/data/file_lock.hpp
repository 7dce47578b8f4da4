#pragma once
// An exclusive advisory lock (flock) on a file, held while the owner lives and released by the
// kernel when the process dies, even by kill -9. The labeller holds one on its dataset so that
// two labellers never write one file; readers take none.
#include <filesystem>

namespace condnet::data {

class FileLock {
 public:
  FileLock() = default;
  // Throws Error naming `path` when another process holds the lock.
  explicit FileLock(const std::filesystem::path& path);
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  ~FileLock();

 private:
  int fd_ = -1;
};

}  // namespace condnet::data
