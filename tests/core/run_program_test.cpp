// run_program: arguments reach the program as they are (no shell), the environment changes
// reach it, stdout and stderr come back together with the exit status, a program that cannot
// start is an Error, and one past its limit is killed.
#include "core/run_program.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>

#include "core/error.hpp"

namespace condnet {
namespace {

using namespace std::chrono_literals;

TEST(RunProgram, ArgumentsArePassedWithoutAShell) {
  // A shell would split "a b", run "; echo injected" and expand $HOME.
  const auto result =
      run_program({{"printf", "%s|", "a b", "; echo injected", "$HOME", "it's"}, {}, 0s});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.output, "a b|; echo injected|$HOME|it's|");
}

TEST(RunProgram, EnvironmentIsSetAndTheRestInherited) {
  ::setenv("CONDNET_RUN_PROGRAM_KEPT", "kept", 1);
  ::setenv("CONDNET_RUN_PROGRAM_SET", "old", 1);
  const auto result =
      run_program({{"sh", "-c", "echo $CONDNET_RUN_PROGRAM_KEPT $CONDNET_RUN_PROGRAM_SET"},
                   {{"CONDNET_RUN_PROGRAM_SET", "new value"}},
                   0s});
  EXPECT_EQ(result.output, "kept new value\n");
}

TEST(RunProgram, StdoutAndStderrTogetherWithTheExitCode) {
  const auto result = run_program({{"sh", "-c", "echo out; echo err >&2; exit 3"}, {}, 0s});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.signal, 0);
  EXPECT_EQ(result.output, "out\nerr\n");
}

TEST(RunProgram, StdinIsEmpty) {
  const auto result = run_program({{"sh", "-c", "cat; echo done"}, {}, 5s});
  EXPECT_EQ(result.output, "done\n");
}

TEST(RunProgram, ASignalIsReported) {
  const auto result = run_program({{"sh", "-c", "kill -9 $$"}, {}, 0s});
  EXPECT_EQ(result.exit_code, -1);
  EXPECT_EQ(result.signal, SIGKILL);
}

TEST(RunProgram, AProgramThatCannotStartIsAnError) {
  try {
    run_program({{"condnet-no-such-program"}, {}, 0s});
    ADD_FAILURE() << "no Error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "condnet-no-such-program: cannot start it (No such file or directory)");
  }
}

TEST(RunProgram, PastTheLimitTheProgramIsKilled) {
  const auto start = std::chrono::steady_clock::now();
  try {
    run_program({{"sleep", "60"}, {}, 1s});
    ADD_FAILURE() << "no Error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "sleep did not finish in 1 s");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
}

}  // namespace
}  // namespace condnet
