#include "core/append_line.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "core/write_all.hpp"

namespace condnet {

void append_line(const std::filesystem::path& path, std::string_view line, std::string_view what) {
  const auto failed = [&] {
    fail("{}: cannot append to the {}: {}", path.string(), what, std::strerror(errno));
  };
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) failed();
  // The reason is that of the write or the fsync, not of the close that follows it.
  const auto close_and_fail = [&] {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    failed();
  };
  if (!write_all(fd, std::string(line) + '\n')) close_and_fail();
  // EINVAL, EROFS: /dev/null, pipes and the like cannot be synced and need not be.
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) close_and_fail();
  if (::close(fd) != 0) failed();
}

}  // namespace condnet
