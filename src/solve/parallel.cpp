#include "solve/parallel.hpp"

#include <cstdlib>

#include "core/cpu_set.hpp"

namespace condnet::solve {

int solver_threads() {
  static const int threads = [] {
    if (const char* value = std::getenv("CONDNET_THREADS")) {
      const int requested = std::atoi(value);
      if (requested > 0) return requested;
    }
    return allowed_cpu_count();
  }();
  return threads;
}

}  // namespace condnet::solve
