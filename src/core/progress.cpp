#include "core/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "core/stopwatch.hpp"

namespace condnet {

namespace {

constexpr auto kTerminalInterval = std::chrono::milliseconds(200);
constexpr auto kLogInterval = std::chrono::seconds(10);

std::string describe_seconds(double seconds) {
  if (seconds < 90) return fmt::format("{:.0f} s", seconds);
  if (seconds < 5400) return fmt::format("{:.0f} min", seconds / 60);
  return fmt::format("{:.1f} h", seconds / 3600);
}

}  // namespace

ProgressLine::ProgressLine(std::string task, std::int64_t total, std::string unit, bool enabled)
    : task_(std::move(task)),
      total_(total),
      unit_(std::move(unit)),
      enabled_(enabled),
      terminal_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double ProgressLine::seconds() const { return seconds_since(start_); }

double ProgressLine::rate() const {
  const double elapsed = seconds();
  return elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
}

void ProgressLine::update(std::int64_t done) {
  done_ = done;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < (terminal_ ? kTerminalInterval : kLogInterval)) return;
  last_draw_ = now;
  draw(false);
}

void ProgressLine::update(std::int64_t done, std::string detail) {
  detail_ = std::move(detail);
  update(done);
}

void ProgressLine::finish() {
  if (enabled_ && terminal_) draw(true);
}

void ProgressLine::draw(bool final) {
  const double per_second = rate();
  const double percent = total_ > 0 ? 100.0 * static_cast<double>(done_) / total_ : 100.0;
  std::string line = fmt::format("{} {}/{} ({:.0f}%) {:.1f} {}/s", task_, done_, total_, percent,
                                 per_second, unit_);
  if (!detail_.empty()) line += ", " + detail_;
  if (!final && per_second > 0 && done_ < total_)
    line += ", ETA " + describe_seconds(static_cast<double>(total_ - done_) / per_second);
  if (terminal_)
    std::fprintf(stderr, "\r%-78s%s", line.c_str(), final ? "\n" : "");
  else
    std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace condnet
