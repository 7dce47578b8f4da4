#include <cmath>
#include <numbers>

#include "runtime/reference/ops.hpp"

namespace condnet::runtime::reference {

namespace {

double forward_value(const nn::Activation& act, double x) {
  switch (act.function) {
    case nn::ActivationKind::relu:
      return x > 0 ? x : 0;
    case nn::ActivationKind::leaky_relu:
      return x > 0 ? x : act.negative_slope * x;
    case nn::ActivationKind::gelu:
      return 0.5 * x * (1 + std::erf(x / std::numbers::sqrt2));
    case nn::ActivationKind::sigmoid:
      return 1 / (1 + std::exp(-x));
  }
  return 0;
}

// dy/dx at x.
double derivative(const nn::Activation& act, double x) {
  switch (act.function) {
    case nn::ActivationKind::relu:
      return x > 0 ? 1 : 0;
    case nn::ActivationKind::leaky_relu:
      return x > 0 ? 1 : act.negative_slope;
    case nn::ActivationKind::gelu: {
      const double cdf = 0.5 * (1 + std::erf(x / std::numbers::sqrt2));
      const double pdf = std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi);
      return cdf + x * pdf;
    }
    case nn::ActivationKind::sigmoid: {
      const double s = 1 / (1 + std::exp(-x));
      return s * (1 - s);
    }
  }
  return 0;
}

}  // namespace

void activation_forward(const nn::Activation& act, std::int64_t count, const float* x, float* y) {
  for (std::int64_t i = 0; i < count; ++i) y[i] = static_cast<float>(forward_value(act, x[i]));
}

void activation_backward(const nn::Activation& act, std::int64_t count, const float* x,
                         const float* dy, float* dx) {
  for (std::int64_t i = 0; i < count; ++i)
    dx[i] += static_cast<float>(dy[i] * derivative(act, x[i]));
}

}  // namespace condnet::runtime::reference
