#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <fstream>
#include <random>

#include "core/error.hpp"

namespace condnet {

namespace {

std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "localhost";
  return name;
}

// ".NAME.tmp.": what every temporary of `target` begins with.
std::string temporary_prefix(const std::filesystem::path& target) {
  return "." + target.filename().string() + ".tmp.";
}

std::filesystem::path temporary_beside(const std::filesystem::path& target) {
  std::random_device entropy;
  const std::string suffix = fmt::format("{}.{:08x}.{}", getpid(), entropy(), host_name());
  return target.parent_path() / (temporary_prefix(target) + suffix);
}

// Whether `name` is a temporary of `target` ("PREFIX PID.RANDOM.HOST") written on this host
// by a process that no longer runs.
bool abandoned_temporary(const std::string& name, const std::string& prefix,
                         const std::string& host) {
  if (name.compare(0, prefix.size(), prefix) != 0) return false;
  const char* first = name.data() + prefix.size();
  const char* last = name.data() + name.size();
  pid_t pid = 0;
  const auto [end, error] = std::from_chars(first, last, pid);
  if (error != std::errc() || pid <= 0) return false;
  const std::string_view rest(end, static_cast<std::size_t>(last - end));  // ".RANDOM.HOST"
  if (rest.size() != 10 + host.size() || rest[0] != '.' || rest[9] != '.' ||
      rest.substr(10) != host)
    return false;
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

void remove_abandoned_temporaries(const std::filesystem::path& dir,
                                  const std::filesystem::path& target) {
  const std::string prefix = temporary_prefix(target);
  const std::string host = host_name();
  std::error_code error;
  for (std::filesystem::directory_iterator entry(dir, error), end; !error && entry != end;
       entry.increment(error)) {
    std::error_code ignored;
    if (abandoned_temporary(entry->path().filename().string(), prefix, host))
      std::filesystem::remove(entry->path(), ignored);
  }
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
  remove_abandoned_temporaries(dir, target_);
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
