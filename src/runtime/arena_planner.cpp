#include "runtime/arena_planner.hpp"

#include <algorithm>
#include <numeric>

#include "core/error.hpp"

namespace condnet::runtime {

ArenaLayout plan_arena(const std::vector<ArenaRequest>& requests, std::size_t alignment) {
  CONDNET_ASSERT(alignment > 0);
  const auto round_up = [alignment](std::size_t value) {
    return (value + alignment - 1) / alignment * alignment;
  };
  ArenaLayout layout;
  layout.offsets.assign(requests.size(), 0);
  std::vector<std::size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return requests[a].bytes > requests[b].bytes;
  });
  std::vector<std::size_t> placed;
  for (const std::size_t index : order) {
    const ArenaRequest& request = requests[index];
    layout.demand += round_up(request.bytes);
    // Byte ranges of placed tensors alive at the same time, by start.
    std::vector<std::pair<std::size_t, std::size_t>> busy;
    for (const std::size_t other : placed) {
      const ArenaRequest& o = requests[other];
      if (o.first_step <= request.last_step && request.first_step <= o.last_step)
        busy.emplace_back(layout.offsets[other], layout.offsets[other] + round_up(o.bytes));
    }
    std::sort(busy.begin(), busy.end());
    std::size_t offset = 0;
    for (const auto& [begin, end] : busy) {
      if (offset + round_up(request.bytes) <= begin) break;
      offset = std::max(offset, end);
    }
    layout.offsets[index] = offset;
    layout.size = std::max(layout.size, offset + round_up(request.bytes));
    placed.push_back(index);
  }
  return layout;
}

}  // namespace condnet::runtime
