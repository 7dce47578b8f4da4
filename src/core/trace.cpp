#include "core/trace.hpp"

#include <fstream>

#include "core/atomic_file.hpp"

namespace condnet {

namespace {

double microseconds(TraceRecorder::Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

}  // namespace

TraceRecorder::TraceRecorder(std::size_t capacity) : capacity_(capacity), origin_(Clock::now()) {}

void TraceRecorder::name_row(int tid, const std::string& name) {
  std::lock_guard lock(mutex_);
  rows_.push_back(
      {{"name", "thread_name"}, {"ph", "M"}, {"pid", 0}, {"tid", tid}, {"args", {{"name", name}}}});
}

void TraceRecorder::add(int tid, const std::string& name, const std::string& category,
                        Clock::time_point start, Clock::time_point end, nlohmann::json args) {
  std::lock_guard lock(mutex_);
  if (events_.size() >= capacity_) return;
  events_.push_back({{"name", name},
                     {"cat", category},
                     {"ph", "X"},
                     {"ts", microseconds(start - origin_)},
                     {"dur", microseconds(end - start)},
                     {"pid", 0},
                     {"tid", tid},
                     {"args", std::move(args)}});
}

std::size_t TraceRecorder::size() const {
  std::lock_guard lock(mutex_);
  return events_.size();
}

nlohmann::json TraceRecorder::to_json() const {
  std::lock_guard lock(mutex_);
  nlohmann::json events = nlohmann::json::array();
  for (const auto& row : rows_) events.push_back(row);
  for (const auto& event : events_) events.push_back(event);
  return {{"traceEvents", events}, {"displayTimeUnit", "ms"}};
}

void TraceRecorder::write(const std::filesystem::path& path) const {
  write_text_atomically(path, to_json().dump() + "\n", "trace");
}

}  // namespace condnet
