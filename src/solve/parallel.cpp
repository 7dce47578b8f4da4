#include "solve/parallel.hpp"

#include <cstdlib>

namespace condnet::solve {

int solver_threads() {
  static const int threads = [] {
    if (const char* value = std::getenv("CONDNET_THREADS")) {
      const int requested = std::atoi(value);
      if (requested > 0) return requested;
    }
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  }();
  return threads;
}

}  // namespace condnet::solve
