#include "core/cpu_set.hpp"

#include <fmt/format.h>
#include <sched.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "core/error.hpp"

namespace condnet {

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> out;
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &set)) out.push_back(cpu);
  if (out.empty()) out.push_back(sched_getcpu() >= 0 ? sched_getcpu() : 0);
  return out;
}

int allowed_cpu_count() { return static_cast<int>(allowed_cpus().size()); }

namespace {

// One CPU id of a list; fails on anything else.
int cpu_id(std::string_view text, std::string_view list, const std::string& what) {
  int value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0 ||
      value >= CPU_SETSIZE)
    fail("{}: '{}' is not a CPU list (CPU ids and ranges, e.g. 0-3,6)", what, list);
  return value;
}

}  // namespace

std::vector<int> parse_cpu_list(std::string_view text, const std::string& what) {
  std::set<int> cpus;
  std::string_view rest = text;
  while (true) {
    const auto comma = rest.find(',');
    const auto item = rest.substr(0, comma);
    const auto dash = item.find('-');
    const int first = cpu_id(item.substr(0, dash), text, what);
    const int last =
        dash == std::string_view::npos ? first : cpu_id(item.substr(dash + 1), text, what);
    if (last < first) fail("{}: '{}' has a range that runs backwards ({})", what, text, item);
    for (int cpu = first; cpu <= last; ++cpu) cpus.insert(cpu);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  const auto allowed = allowed_cpus();
  for (const int cpu : cpus)
    if (!std::binary_search(allowed.begin(), allowed.end(), cpu))
      fail("{}: CPU {} of '{}' is not one this process may run on (allowed: {})", what, cpu, text,
           format_cpu_list(allowed));
  return {cpus.begin(), cpus.end()};
}

std::string format_cpu_list(const std::vector<int>& cpus) {
  std::string out;
  for (std::size_t i = 0; i < cpus.size();) {
    std::size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += j == i ? std::to_string(cpus[i]) : fmt::format("{}-{}", cpus[i], cpus[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace condnet
