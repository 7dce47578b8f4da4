#pragma once
// The three kinds of failure (docs/architecture.md, "Conventions"):
//  - bad input or configuration: throw condnet::Error naming the file/option, what was wrong
//    and what is allowed; `main` prints it as one line and exits 2;
//  - a library status code: CONDNET_CHECK_* macros turn it into an Error carrying file:line;
//  - a broken internal invariant: CONDNET_ASSERT, always on, aborts with file:line.
#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace condnet {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// An input file or folder that does not exist (the Python module raises FileNotFoundError).
class MissingFile : public Error {
 public:
  using Error::Error;
};

// A long call stopped because the user asked (core/interrupt.hpp; Python: KeyboardInterrupt).
class Interrupted : public Error {
 public:
  using Error::Error;
};

// Formats and throws an Error: `fail("{}: not a TIFF file", path)`.
template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) {
  throw Error(fmt::format(format, std::forward<Args>(args)...));
}

// The same for a missing input: `fail_missing("{}: no such file", path)`.
template <typename... Args>
[[noreturn]] void fail_missing(fmt::format_string<Args...> format, Args&&... args) {
  throw MissingFile(fmt::format(format, std::forward<Args>(args)...));
}

[[noreturn]] void assertion_failed(const char* expression, const char* file, int line);

}  // namespace condnet

#define CONDNET_ASSERT(expression)     \
  ((expression) ? static_cast<void>(0) \
                : ::condnet::assertion_failed(#expression, __FILE__, __LINE__))
