#include "core/run_in_child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>

#include "core/error.hpp"
#include "core/write_all.hpp"

namespace condnet {

namespace {

std::atomic<bool> children_allowed{true};

// The child's exit statuses: 0 done, kErrorStatus with an Error's message on the pipe,
// kOtherStatus with another exception's text. Any other ending is a crash.
constexpr int kErrorStatus = 3;
constexpr int kOtherStatus = 4;

[[noreturn]] void run_child(int fd, const std::function<void()>& work) {
  int status = 0;
  try {
    work();
  } catch (const Error& e) {
    write_all(fd, e.what());
    status = kErrorStatus;
  } catch (const std::exception& e) {
    write_all(fd, e.what());
    status = kOtherStatus;
  } catch (...) {
    status = kOtherStatus;
  }
  ::_exit(status);
}

// Reads the child's message until it closes the pipe (it ended) or the deadline passes.
// Returns false at the deadline.
bool read_until_closed(int fd, std::chrono::steady_clock::time_point deadline,
                       std::string& message) {
  char buffer[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) continue;
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    if (message.size() < 65536) message.append(buffer, static_cast<std::size_t>(n));
  }
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

}  // namespace

void run_children_in_this_process() { children_allowed = false; }

void run_in_child(const ChildTask& task, const std::function<void()>& work) {
  if (!children_allowed) return work();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return work();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return work();
  }
  if (pid == 0) {
    ::close(fds[0]);
    run_child(fds[1], work);
  }
  ::close(fds[1]);
  std::string message;
  const bool ended =
      read_until_closed(fds[0], std::chrono::steady_clock::now() + task.limit, message);
  ::close(fds[0]);
  if (!ended) {
    ::kill(pid, SIGKILL);
    wait_for(pid);
    fail(
        "{}: {} did not finish reading this file in {} s; the file is damaged (or on a very "
        "slow disk)",
        task.where, task.what, task.limit.count());
  }
  const int status = wait_for(pid);
  if (status < 0) fail("{}: could not learn how the check of this file ended", task.where);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  if (WIFEXITED(status) && WEXITSTATUS(status) == kErrorStatus) throw Error(message);
  if (WIFEXITED(status) && WEXITSTATUS(status) == kOtherStatus)
    fail("{}: {} failed on this file: {}", task.where, task.what, message);
  if (WIFSIGNALED(status))
    fail("{}: {} crashed on this file (signal {}: {}); the file is damaged", task.where, task.what,
         WTERMSIG(status), ::strsignal(WTERMSIG(status)));
  fail("{}: {} crashed on this file (exit status {}); the file is damaged", task.where, task.what,
       WEXITSTATUS(status));
}

}  // namespace condnet
