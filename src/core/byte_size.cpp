#include "core/byte_size.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <string>

#include "core/error.hpp"

namespace condnet {

namespace {

constexpr std::string_view kUnits = "KMGT";

}  // namespace

std::int64_t parse_byte_size(std::string_view text, std::string_view option) {
  std::string rest(text);
  for (const std::string_view tail : {"iB", "ib", "IB", "B", "b"})
    if (rest.size() > tail.size() && rest.ends_with(tail)) {
      rest.resize(rest.size() - tail.size());
      break;
    }
  double scale = 1.0;
  if (!rest.empty()) {
    const std::size_t unit =
        kUnits.find(static_cast<char>(std::toupper(static_cast<unsigned char>(rest.back()))));
    if (unit != std::string_view::npos) {
      scale = std::pow(1024.0, static_cast<double>(unit + 1));
      rest.pop_back();
    }
  }
  double number = 0.0;
  std::size_t used = 0;
  try {
    number = std::stod(rest, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const double bytes = number * scale;
  if (rest.empty() || used != rest.size() || !std::isfinite(bytes) || !(bytes >= 1.0) ||
      bytes > 9.0e18 || !std::isdigit(static_cast<unsigned char>(rest.front())))
    fail("{} {}: expected a memory size > 0: bytes, or a number with K, M, G or T (e.g. 8G, 512M)",
         option, text);
  return static_cast<std::int64_t>(bytes);
}

std::string format_byte_size(std::int64_t bytes) {
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (unit < kUnits.size() && value >= 1024.0) {
    value /= 1024.0;
    ++unit;
  }
  if (unit == 0) return fmt::format("{}B", bytes);
  return value < 10 ? fmt::format("{:.2f}{}", value, kUnits[unit - 1])
                    : fmt::format("{:.0f}{}", value, kUnits[unit - 1]);
}

}  // namespace condnet
