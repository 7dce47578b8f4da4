#include "core/interrupt.hpp"

#include <atomic>

#include "core/error.hpp"

namespace condnet {

namespace {

std::atomic<InterruptPoll> g_poll{nullptr};

}  // namespace

InterruptPoll set_interrupt_poll(InterruptPoll poll) { return g_poll.exchange(poll); }

bool interrupt_requested() {
  const auto poll = g_poll.load();
  if (poll == nullptr) return false;
  thread_local auto last_asked = std::chrono::steady_clock::time_point{};
  const auto now = std::chrono::steady_clock::now();
  if (now - last_asked < kPollInterval) return false;
  last_asked = now;
  return poll();
}

void throw_if_interrupted() {
  if (interrupt_requested()) throw Interrupted("interrupted");
}

}  // namespace condnet
