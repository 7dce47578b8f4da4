// core/interrupt.hpp: a front end's poll stops long loops (the solver here) with Interrupted,
// is asked at most every kPollInterval, and without one nothing is ever interrupted.
#include "core/interrupt.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/error.hpp"
#include "solve/solve.hpp"
#include "voxel/generate/generator.hpp"

namespace condnet {
namespace {

std::atomic<int> g_asked{0};
std::atomic<bool> g_stop{false};
bool counting_poll() {
  ++g_asked;
  return g_stop.load();
}

// Installs counting_poll for one test and removes it after.
struct PollScope {
  PollScope() {
    g_asked = 0;
    g_stop = false;
    previous = set_interrupt_poll(&counting_poll);
  }
  ~PollScope() { set_interrupt_poll(previous); }
  InterruptPoll previous;
};

voxel::Volume slow_volume() {
  const auto generator = voxel::generate::make_generator(
      {{"family", "gaussian-field"}, {"porosity", 0.35}, {"correlation-length", 3}});
  return generator->generate({48, 48, 48}, 1).volume;
}

TEST(Interrupt, WithoutAPollNothingIsInterrupted) {
  ASSERT_EQ(set_interrupt_poll(nullptr), nullptr);
  EXPECT_FALSE(interrupt_requested());
  EXPECT_NO_THROW(throw_if_interrupted());
}

TEST(Interrupt, ThePollIsAskedAtMostOncePerInterval) {
  PollScope scope;
  const auto start = std::chrono::steady_clock::now();
  int calls = 0;
  while (std::chrono::steady_clock::now() - start < 3 * kPollInterval) {
    EXPECT_FALSE(interrupt_requested());
    ++calls;
  }
  EXPECT_GT(calls, 1000);
  EXPECT_GE(g_asked.load(), 1);
  EXPECT_LE(g_asked.load(), 4);
}

TEST(Interrupt, ASolveStopsWithInterruptedWhenThePollSaysSo) {
  PollScope scope;
  const auto volume = slow_volume();
  solve::SolveOptions options;
  options.method = solve::SolveOptions::Method::jacobi_cg;
  options.tolerance = 1e-12;
  options.max_iterations = 1'000'000;
  std::thread ask_to_stop([] {
    std::this_thread::sleep_for(2 * kPollInterval);
    g_stop = true;
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(solve::solve_axis(volume, solve::binary_conductivity(1), options), Interrupted);
  ask_to_stop.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_GE(g_asked.load(), 1);
}

TEST(Interrupt, ASolveThatIsNotAskedToStopAnswers) {
  PollScope scope;
  const auto volume = slow_volume();
  const auto result = solve::solve_axis(volume, solve::binary_conductivity(1), {});
  EXPECT_TRUE(result.converged);
  EXPECT_GT(result.d_eff, 0);
}

}  // namespace
}  // namespace condnet
