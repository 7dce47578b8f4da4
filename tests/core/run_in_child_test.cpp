#include "core/run_in_child.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/error.hpp"

namespace condnet {
namespace {

using namespace std::chrono_literals;

// The message of the Error `run` throws; fails the test when it throws none.
template <typename Run>
std::string error_of(Run&& run) {
  try {
    run();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no Error thrown";
  return {};
}

ChildTask task(std::chrono::seconds limit = 60s) { return {"vol.h5", "the reader", limit}; }

TEST(RunInChild, WorkThatFinishesReturnsAndLeavesThisProcessAlone) {
  int touched = 0;
  run_in_child(task(), [&] { touched = 1; });
  EXPECT_EQ(touched, 0);  // the child's memory is its own: the work ran there, not here
}

TEST(RunInChild, TheChildsErrorComesBackAsTheSameError) {
  EXPECT_EQ(error_of([] {
              run_in_child(task(), [] { fail("vol.h5: dataset '/v' is 4D; allowed: 3D"); });
            }),
            "vol.h5: dataset '/v' is 4D; allowed: 3D");
}

TEST(RunInChild, AChildKilledByASignalIsOneLineNamingTheFile) {
  const std::string message =
      error_of([] { run_in_child(task(), [] { ::kill(::getpid(), SIGKILL); }); });
  EXPECT_EQ(message.rfind("vol.h5: the reader crashed on this file (signal 9: ", 0), 0) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(RunInChild, AChildEndingWithAnotherStatusIsACrash) {
  const std::string message = error_of([] { run_in_child(task(), [] { ::_exit(7); }); });
  EXPECT_EQ(message,
            "vol.h5: the reader crashed on this file (exit status 7); the file is damaged");
}

TEST(RunInChild, AnotherExceptionIsNamedWithItsText) {
  const std::string message =
      error_of([] { run_in_child(task(), [] { throw std::length_error("vector too long"); }); });
  EXPECT_EQ(message, "vol.h5: the reader failed on this file: vector too long");
}

TEST(RunInChild, AChildPastItsLimitIsKilledAndTheFileRefused) {
  const auto start = std::chrono::steady_clock::now();
  const std::string message = error_of(
      [] { run_in_child(task(1s), [] { std::this_thread::sleep_for(std::chrono::hours(1)); }); });
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
  EXPECT_EQ(message.rfind("vol.h5: the reader did not finish reading this file in 1 s", 0), 0)
      << message;
}

}  // namespace
}  // namespace condnet
