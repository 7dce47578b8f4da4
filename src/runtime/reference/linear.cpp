#include "runtime/reference/ops.hpp"

namespace condnet::runtime::reference {

void linear_forward(const nn::Linear& linear, std::int64_t n, const float* x, const float* w,
                    const float* b, float* y) {
  const std::int64_t in = linear.in_features, out = linear.out_features;
  for (std::int64_t s = 0; s < n; ++s)
    for (std::int64_t o = 0; o < out; ++o) {
      double sum = b ? b[o] : 0.0;
      for (std::int64_t i = 0; i < in; ++i)
        sum += static_cast<double>(x[s * in + i]) * w[o * in + i];
      y[s * out + o] = static_cast<float>(sum);
    }
}

void linear_backward(const nn::Linear& linear, std::int64_t n, const float* x, const float* w,
                     const float* dy, float* dx, float* dw, float* db) {
  const std::int64_t in = linear.in_features, out = linear.out_features;
  for (std::int64_t o = 0; o < out; ++o) {
    double bias_sum = 0;
    for (std::int64_t s = 0; s < n; ++s) bias_sum += dy[s * out + o];
    if (db) db[o] += static_cast<float>(bias_sum);
    for (std::int64_t i = 0; i < in; ++i) {
      double sum = 0;
      for (std::int64_t s = 0; s < n; ++s)
        sum += static_cast<double>(dy[s * out + o]) * x[s * in + i];
      dw[o * in + i] += static_cast<float>(sum);
    }
  }
  if (dx)
    for (std::int64_t s = 0; s < n; ++s)
      for (std::int64_t i = 0; i < in; ++i) {
        double sum = 0;
        for (std::int64_t o = 0; o < out; ++o)
          sum += static_cast<double>(dy[s * out + o]) * w[o * in + i];
        dx[s * in + i] += static_cast<float>(sum);
      }
}

}  // namespace condnet::runtime::reference
