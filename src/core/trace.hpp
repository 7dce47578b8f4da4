#pragma once
// A timeline in the Chrome trace-event format (opens in https://ui.perfetto.dev and
// chrome://tracing): complete events {"name", "cat", "ph": "X", "ts", "dur" (microseconds),
// "pid", "tid", "args"}, one row (tid) per stage or worker, named by metadata events. Keeps at
// most `capacity` events (the first ones), so long runs trace their beginning. Thread-safe.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace condnet {

class TraceRecorder {
 public:
  using Clock = std::chrono::steady_clock;

  explicit TraceRecorder(std::size_t capacity = 100000);

  // Names row `tid` ("stage 0", "loader").
  void name_row(int tid, const std::string& name);
  // An event on row `tid` from `start` to `end`.
  void add(int tid, const std::string& name, const std::string& category, Clock::time_point start,
           Clock::time_point end, nlohmann::json args = nlohmann::json::object());

  std::size_t size() const;
  // {"traceEvents": [...], "displayTimeUnit": "ms"}
  nlohmann::json to_json() const;
  // Atomically.
  void write(const std::filesystem::path& path) const;

 private:
  std::size_t capacity_;
  Clock::time_point origin_;
  mutable std::mutex mutex_;
  std::vector<nlohmann::json> events_;
  std::vector<nlohmann::json> rows_;
};

}  // namespace condnet
