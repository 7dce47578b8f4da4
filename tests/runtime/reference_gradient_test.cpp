// Finite-difference checks of every reference kernel's backward, one small graph per op.
#include <gtest/gtest.h>

#include "runtime/gradient_check.hpp"
#include "runtime/op_cases.hpp"

namespace condnet::test {
namespace {

class ReferenceGradient : public ::testing::TestWithParam<OpCase> {};

TEST_P(ReferenceGradient, MatchesCentralDifferences) {
  const OpCase& op = GetParam();
  const auto graph = single_layer(op.input, op.layers);
  auto device = runtime::make_device("reference");
  const auto check = check_gradients(*device, graph, 2, op.fd_step);
  EXPECT_LT(check.input_error, op.fd_tolerance)
      << op.name << " d(input), " << check.inputs_sampled << " sampled";
  EXPECT_LT(check.params_error, op.fd_tolerance)
      << op.name << " d(params), " << check.params_sampled << " sampled";
}

INSTANTIATE_TEST_SUITE_P(Ops, ReferenceGradient, ::testing::ValuesIn(op_cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace condnet::test
