#include "core/run_program.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

#include "core/child_process.hpp"
#include "core/error.hpp"

extern char** environ;

namespace condnet {

namespace {

constexpr std::size_t kMaxOutput = 16u << 20;

// This process's environment with `changes` set: "NAME=value" strings.
std::vector<std::string> child_environment(
    const std::vector<std::pair<std::string, std::string>>& changes) {
  std::vector<std::string> out;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string text(*entry);
    const auto name = text.substr(0, text.find('='));
    bool changed = false;
    for (const auto& change : changes) changed = changed || change.first == name;
    if (!changed) out.push_back(text);
  }
  for (const auto& [name, value] : changes) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// posix_spawn's file actions: stdin from /dev/null, stdout and stderr into `fd`.
class FileActions {
 public:
  explicit FileActions(int fd) {
    ::posix_spawn_file_actions_init(&actions_);
    ::posix_spawn_file_actions_addopen(&actions_, 0, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_adddup2(&actions_, fd, 1);
    ::posix_spawn_file_actions_adddup2(&actions_, fd, 2);
  }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  ~FileActions() { ::posix_spawn_file_actions_destroy(&actions_); }
  const posix_spawn_file_actions_t* get() const { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

}  // namespace

ProgramResult run_program(const ProgramRun& run) {
  CONDNET_ASSERT(!run.argv.empty());
  const std::string& program = run.argv.front();
  auto argv_strings = run.argv;
  auto env_strings = child_environment(run.environment);
  const auto argv = pointers_to(argv_strings);
  const auto envp = pointers_to(env_strings);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    fail("{}: cannot start it (no pipe: {})", program, std::strerror(errno));
  pid_t pid = 0;
  int spawned = 0;
  {
    const FileActions actions(fds[1]);
    spawned =
        ::posix_spawnp(&pid, program.c_str(), actions.get(), nullptr, argv.data(), envp.data());
  }
  ::close(fds[1]);
  if (spawned != 0) {
    ::close(fds[0]);
    fail("{}: cannot start it ({})", program, std::strerror(spawned));
  }
  ProgramResult result;
  const auto deadline = run.limit.count() > 0 ? std::chrono::steady_clock::now() + run.limit
                                              : std::chrono::steady_clock::time_point::max();
  const bool ended = read_until_closed(fds[0], deadline, result.output, kMaxOutput);
  const int read_error = errno;
  ::close(fds[0]);
  if (!ended) {
    ::kill(pid, SIGKILL);
    wait_for_child(pid);
    if (run.limit.count() > 0) fail("{} did not finish in {} s", program, run.limit.count());
    fail("{}: reading its output failed ({})", program, std::strerror(read_error));
  }
  const int status = wait_for_child(pid);
  if (status < 0) fail("{}: could not learn how it ended ({})", program, std::strerror(errno));
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace condnet
