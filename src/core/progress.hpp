#pragma once
// A progress line on stderr for long jobs: "generate 1200/5000 (24%) 410.2 samples/s, ETA 9 s".
// On a terminal it is redrawn in place at most 5 times a second; otherwise (logs, pipes) one
// line is printed every 10 seconds. Call from one thread.
#include <chrono>
#include <cstdint>
#include <string>

namespace condnet {

class ProgressLine {
 public:
  ProgressLine(std::string task, std::int64_t total, std::string unit, bool enabled = true);

  void update(std::int64_t done);
  // The same, with a note shown after the rate ("loss 0.0123").
  void update(std::int64_t done, std::string detail);
  // Ends the line on a terminal (the caller prints its own summary).
  void finish();

  double seconds() const;
  // Units per second so far.
  double rate() const;

 private:
  void draw(bool final);

  std::string task_;
  std::int64_t total_;
  std::string unit_;
  bool enabled_;
  bool terminal_;
  std::string detail_;
  std::int64_t done_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace condnet
