#pragma once
// Wall time on the monotonic clock, in seconds: the one timer every step, stage, solve and
// benchmark measures with. Stopwatch starts when made; seconds_between() times two instants
// recorded elsewhere (trace events, stage hand-overs).
#include <chrono>

namespace condnet {

using SteadyClock = std::chrono::steady_clock;

inline double seconds_between(SteadyClock::time_point start, SteadyClock::time_point end) {
  return std::chrono::duration<double>(end - start).count();
}

inline double seconds_since(SteadyClock::time_point start) {
  return seconds_between(start, SteadyClock::now());
}

class Stopwatch {
 public:
  Stopwatch() : start_(SteadyClock::now()) {}
  // Seconds since construction or the latest restart().
  double seconds() const { return seconds_since(start_); }
  SteadyClock::time_point started() const { return start_; }
  void restart() { start_ = SteadyClock::now(); }

 private:
  SteadyClock::time_point start_;
};

}  // namespace condnet
