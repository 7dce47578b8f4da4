#pragma once
// Static memory planning for one plan: every tensor is used during a known span of steps,
// so tensors whose spans do not overlap can share bytes. Offsets are chosen once, largest
// tensor first, each at the lowest aligned offset that collides with no placed tensor whose
// span overlaps its own. Any backend can use it for its activation arena.
#include <cstddef>
#include <vector>

namespace condnet::runtime {

struct ArenaRequest {
  std::size_t bytes = 0;
  int first_step = 0;  // first step that reads or writes the tensor
  int last_step = 0;   // last such step (inclusive)
};

struct ArenaLayout {
  std::vector<std::size_t> offsets;  // per request
  std::size_t size = 0;              // bytes the arena needs
  std::size_t demand = 0;            // bytes without any sharing
};

ArenaLayout plan_arena(const std::vector<ArenaRequest>& requests, std::size_t alignment);

}  // namespace condnet::runtime
