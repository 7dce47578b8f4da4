// core/first_error.hpp: of the errors several threads report, the first is rethrown.
#include "core/first_error.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace condnet {
namespace {

TEST(FirstError, KeepsOnlyTheFirstError) {
  FirstError error;
  EXPECT_NO_THROW(error.rethrow_if_set());
  error.set(std::make_exception_ptr(std::runtime_error("first")));
  error.set(std::make_exception_ptr(std::logic_error("second")));
  EXPECT_THROW(error.rethrow_if_set(), std::runtime_error);
  EXPECT_THROW(error.rethrow(), std::runtime_error);
}

}  // namespace
}  // namespace condnet
