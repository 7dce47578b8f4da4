#include "core/error.hpp"

#include <cstdio>
#include <cstdlib>

namespace condnet {

void assertion_failed(const char* expression, const char* file, int line) {
  std::fprintf(stderr, "condnet: internal error: assertion '%s' failed at %s:%d\n", expression,
               file, line);
  std::abort();
}

}  // namespace condnet
