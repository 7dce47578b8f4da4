#pragma once
// Runs another program as a child process and returns its output and exit status: an argument
// vector (no shell, so no quoting, word splitting or injection through file names), the
// parent's environment with some variables set, stdin from /dev/null, and the child's stdout
// and stderr together through one pipe, in the order it wrote them.
//
// posix_spawnp, not fork: the parent may have threads (OpenMP teams, pipeline workers), and
// after fork only async-signal-safe calls are allowed; the environment is built before the
// spawn. For a function of this program in a child, see run_in_child.hpp.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace condnet {

struct ProgramRun {
  std::vector<std::string> argv;  // argv[0]: the program, looked up on PATH without a '/'
  std::vector<std::pair<std::string, std::string>> environment;  // set in the child
  std::chrono::seconds limit{0};  // 0: none; past it the child is killed
};

struct ProgramResult {
  int exit_code = -1;  // -1 when a signal ended it
  int signal = 0;      // the signal that ended it; 0 when it exited
  std::string output;  // stdout and stderr, the first 16 MiB
};

// Throws Error "PROGRAM: cannot start it (REASON)" when it cannot be started, and "PROGRAM did
// not finish in N s" past the limit (after killing it). A program that starts and fails is a
// result with its exit code, not an error.
ProgramResult run_program(const ProgramRun& run);

}  // namespace condnet
