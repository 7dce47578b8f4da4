#include "core/run_in_child.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

#include "core/child_process.hpp"
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
      read_until_closed(fds[0], std::chrono::steady_clock::now() + task.limit, message, 65536);
  ::close(fds[0]);
  if (!ended) {
    ::kill(pid, SIGKILL);
    wait_for_child(pid);
    fail(
        "{}: {} did not finish reading this file in {} s; the file is damaged (or on a very "
        "slow disk)",
        task.where, task.what, task.limit.count());
  }
  const int status = wait_for_child(pid);
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
