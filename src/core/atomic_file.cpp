#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

#include "core/error.hpp"

namespace condnet {

namespace {

std::filesystem::path temporary_beside(const std::filesystem::path& target) {
  std::random_device entropy;
  const std::string suffix = fmt::format(".tmp.{}.{:08x}", getpid(), entropy());
  return target.parent_path() / ("." + target.filename().string() + suffix);
}

void fsync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  if (target_.filename().empty())
    fail("{}: output path names a directory, not a file", target_.string());
  const auto dir =
      target_.parent_path().empty() ? std::filesystem::path(".") : target_.parent_path();
  if (!std::filesystem::is_directory(dir))
    fail("{}: output directory '{}' does not exist", target_.string(), dir.string());
  temp_ = temporary_beside(target_);
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
}

void AtomicFile::commit() {
  CONDNET_ASSERT(!committed_);
  fsync_path(temp_, O_RDONLY);
  if (std::rename(temp_.c_str(), target_.c_str()) != 0)
    fail("{}: cannot write output: {}", target_.string(), std::strerror(errno));
  committed_ = true;
  const auto dir =
      target_.parent_path().empty() ? std::filesystem::path(".") : target_.parent_path();
  fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

void write_text_atomically(const std::filesystem::path& path, std::string_view text,
                           std::string_view what) {
  AtomicFile file(path);
  std::ofstream out(file.temp_path(), std::ios::binary);
  out << text;
  out.close();
  if (!out) fail("{}: cannot write the {}", path.string(), what);
  file.commit();
}

}  // namespace condnet
