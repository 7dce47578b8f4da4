#include "voxel/claimed_size.hpp"

#include <unistd.h>

#include <cstdlib>
#include <limits>

#include "core/error.hpp"

namespace condnet::voxel {

namespace {

constexpr const char* kLimitVariable = "CONDNET_MAX_READ_BYTES";

std::uint64_t physical_memory_bytes() {
  return static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) *
         static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

// The limit set in the environment, or 0 when unset or not a positive number.
std::uint64_t environment_limit() {
  const char* text = std::getenv(kLimitVariable);
  if (!text) return 0;
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  return end != text && *end == '\0' ? value : 0;
}

std::string describe_limit(std::uint64_t limit) {
  return limit == physical_memory_bytes()
             ? fmt::format("{:.1f} GB (this machine's memory)", limit / 1e9)
             : fmt::format("{} bytes ({})", limit, kLimitVariable);
}

}  // namespace

std::uint64_t read_byte_limit() {
  const std::uint64_t memory = physical_memory_bytes();
  const std::uint64_t configured = environment_limit();
  return configured > 0 && configured < memory ? configured : memory;
}

std::uint64_t check_claimed_size(const std::string& file, const std::string& what,
                                 std::initializer_list<std::uint64_t> extents, ElementType dtype) {
  return check_claimed_size(file, what, std::span(extents.begin(), extents.size()),
                            dtype_size(dtype), dtype_name(dtype));
}

std::uint64_t check_claimed_size(const std::string& file, const std::string& what,
                                 std::span<const std::uint64_t> extents,
                                 std::uint64_t element_bytes, std::string_view element) {
  std::string claim;
  std::uint64_t bytes = element_bytes;
  bool overflows = false;
  for (const std::uint64_t extent : extents) {
    claim += fmt::format("{}{}", claim.empty() ? "" : "x", extent);
    overflows = overflows || __builtin_mul_overflow(bytes, extent, &bytes);
  }
  const std::uint64_t limit = read_byte_limit();
  if (overflows || bytes > limit)
    fail("{}: {} claims {} {} values ({} bytes); allowed: at most {}", file, what, claim, element,
         overflows ? "more than 2^64" : fmt::format("{:.3g}", double(bytes)),
         describe_limit(limit));
  return bytes;
}

}  // namespace condnet::voxel
