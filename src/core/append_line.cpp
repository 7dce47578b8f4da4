#include "core/append_line.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace condnet {

void append_line(const std::filesystem::path& path, std::string_view line, std::string_view what) {
  const auto failed = [&] {
    fail("{}: cannot append to the {}: {}", path.string(), what, std::strerror(errno));
  };
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) failed();
  std::string text(line);
  text += '\n';
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      const int saved = errno;
      ::close(fd);
      errno = saved;
      failed();
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {  // EINVAL: /dev/null and pipes
    const int saved = errno;
    ::close(fd);
    errno = saved;
    failed();
  }
  if (::close(fd) != 0) failed();
}

}  // namespace condnet
