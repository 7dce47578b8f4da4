#include <cmath>

#include "runtime/reference/ops.hpp"

namespace condnet::runtime::reference {

namespace {

// Calls visit(values, count) for each (sample, channel c) plane of x (n, C, D, H, W).
template <typename T, typename Visit>
void for_each_plane(std::int64_t n, const Dims& dims, std::int64_t c, T* x, Visit visit) {
  const std::int64_t plane = dims[1] * dims[2] * dims[3];
  for (std::int64_t s = 0; s < n; ++s) visit(x + (s * dims[0] + c) * plane, plane);
}

}  // namespace

void batchnorm_forward_training(const nn::BatchNorm3d& bn, std::int64_t n, const Dims& dims,
                                const float* x, const float* gamma, const float* beta, float* y,
                                float* saved_mean, float* saved_invstd, float* running_mean,
                                float* running_var) {
  const std::int64_t count = n * dims[1] * dims[2] * dims[3];
  for (std::int64_t c = 0; c < dims[0]; ++c) {
    double sum = 0;
    for_each_plane(n, dims, c, x, [&](const float* v, std::int64_t m) {
      for (std::int64_t i = 0; i < m; ++i) sum += v[i];
    });
    const double mean = sum / static_cast<double>(count);
    double squares = 0;
    for_each_plane(n, dims, c, x, [&](const float* v, std::int64_t m) {
      for (std::int64_t i = 0; i < m; ++i) squares += (v[i] - mean) * (v[i] - mean);
    });
    const double var = squares / static_cast<double>(count);
    const double invstd = 1.0 / std::sqrt(var + bn.eps);
    const std::int64_t plane = dims[1] * dims[2] * dims[3];
    for (std::int64_t s = 0; s < n; ++s) {
      const std::int64_t base = (s * dims[0] + c) * plane;
      for (std::int64_t i = 0; i < plane; ++i)
        y[base + i] = static_cast<float>(gamma[c] * (x[base + i] - mean) * invstd + beta[c]);
    }
    saved_mean[c] = static_cast<float>(mean);
    saved_invstd[c] = static_cast<float>(invstd);
    if (running_mean) {
      const double unbiased = count > 1 ? squares / static_cast<double>(count - 1) : var;
      running_mean[c] =
          static_cast<float>((1 - bn.momentum) * running_mean[c] + bn.momentum * mean);
      running_var[c] =
          static_cast<float>((1 - bn.momentum) * running_var[c] + bn.momentum * unbiased);
    }
  }
}

void batchnorm_forward_inference(const nn::BatchNorm3d& bn, std::int64_t n, const Dims& dims,
                                 const float* x, const float* gamma, const float* beta,
                                 const float* running_mean, const float* running_var, float* y) {
  const std::int64_t plane = dims[1] * dims[2] * dims[3];
  for (std::int64_t s = 0; s < n; ++s)
    for (std::int64_t c = 0; c < dims[0]; ++c) {
      const double invstd = 1.0 / std::sqrt(static_cast<double>(running_var[c]) + bn.eps);
      const std::int64_t base = (s * dims[0] + c) * plane;
      for (std::int64_t i = 0; i < plane; ++i)
        y[base + i] =
            static_cast<float>(gamma[c] * (x[base + i] - running_mean[c]) * invstd + beta[c]);
    }
}

void batchnorm_backward(const nn::BatchNorm3d&, std::int64_t n, const Dims& dims, const float* x,
                        const float* gamma, const float* saved_mean, const float* saved_invstd,
                        const float* dy, float* dx, float* dgamma, float* dbeta) {
  // With xhat = (x - mean) invstd and M values per channel:
  //   dbeta = sum dy, dgamma = sum dy xhat,
  //   dx = gamma invstd / M (M dy - dbeta - xhat dgamma).
  const std::int64_t plane = dims[1] * dims[2] * dims[3];
  const double count = static_cast<double>(n * plane);
  for (std::int64_t c = 0; c < dims[0]; ++c) {
    const double mean = saved_mean[c], invstd = saved_invstd[c];
    double sum_dy = 0, sum_dy_xhat = 0;
    for (std::int64_t s = 0; s < n; ++s) {
      const std::int64_t base = (s * dims[0] + c) * plane;
      for (std::int64_t i = 0; i < plane; ++i) {
        sum_dy += dy[base + i];
        sum_dy_xhat += dy[base + i] * (x[base + i] - mean) * invstd;
      }
    }
    dbeta[c] += static_cast<float>(sum_dy);
    dgamma[c] += static_cast<float>(sum_dy_xhat);
    if (!dx) continue;
    const double scale = gamma[c] * invstd / count;
    for (std::int64_t s = 0; s < n; ++s) {
      const std::int64_t base = (s * dims[0] + c) * plane;
      for (std::int64_t i = 0; i < plane; ++i) {
        const double xhat = (x[base + i] - mean) * invstd;
        dx[base + i] +=
            static_cast<float>(scale * (count * dy[base + i] - sum_dy - xhat * sum_dy_xhat));
      }
    }
  }
}

}  // namespace condnet::runtime::reference
