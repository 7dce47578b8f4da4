#include <algorithm>
#include <limits>

#include "runtime/reference/ops.hpp"

namespace condnet::runtime::reference {

namespace {

// Calls visit(y_index, window) for every output of one (sample, channel) plane, where
// window(f) calls f(x_index) for each in-bounds input of the window in scan order, and
// `padded_size` is the window's size including padding.
template <typename Visit>
void for_each_window(const nn::Pool3d& pool, const Dims& in, const Dims& out, Visit visit) {
  for (std::int64_t od = 0; od < out[1]; ++od)
    for (std::int64_t oh = 0; oh < out[2]; ++oh)
      for (std::int64_t ow = 0; ow < out[3]; ++ow) {
        const std::int64_t start[3] = {od * pool.stride[0] - pool.padding[0],
                                       oh * pool.stride[1] - pool.padding[1],
                                       ow * pool.stride[2] - pool.padding[2]};
        const auto window = [&](auto f) {
          for (std::int64_t d = std::max<std::int64_t>(start[0], 0);
               d < std::min(start[0] + pool.kernel[0], in[1]); ++d)
            for (std::int64_t h = std::max<std::int64_t>(start[1], 0);
                 h < std::min(start[1] + pool.kernel[1], in[2]); ++h)
              for (std::int64_t w = std::max<std::int64_t>(start[2], 0);
                   w < std::min(start[2] + pool.kernel[2], in[3]); ++w)
                f((d * in[2] + h) * in[3] + w);
        };
        visit((od * out[2] + oh) * out[3] + ow, window);
      }
}

// The divisor of an average window: its full size, or its in-bounds part.
template <typename Window>
double divisor(const nn::Pool3d& pool, Window& window) {
  if (pool.count_include_pad)
    return static_cast<double>(pool.kernel[0] * pool.kernel[1] * pool.kernel[2]);
  std::int64_t valid = 0;
  window([&](std::int64_t) { ++valid; });
  return static_cast<double>(valid);
}

}  // namespace

void pool3d_forward(const nn::Pool3d& pool, std::int64_t n, const Dims& in, const Dims& out,
                    const float* x, float* y) {
  const std::int64_t in_plane = in[1] * in[2] * in[3], out_plane = out[1] * out[2] * out[3];
  for (std::int64_t plane = 0; plane < n * in[0]; ++plane) {
    const float* xp = x + plane * in_plane;
    float* yp = y + plane * out_plane;
    for_each_window(pool, in, out, [&](std::int64_t yi, auto window) {
      if (pool.pool == nn::PoolKind::max) {
        float best = -std::numeric_limits<float>::infinity();
        window([&](std::int64_t xi) { best = std::max(best, xp[xi]); });
        yp[yi] = best;
      } else {
        double sum = 0;
        window([&](std::int64_t xi) { sum += xp[xi]; });
        yp[yi] = static_cast<float>(sum / divisor(pool, window));
      }
    });
  }
}

void pool3d_backward(const nn::Pool3d& pool, std::int64_t n, const Dims& in, const Dims& out,
                     const float* x, const float* dy, float* dx) {
  const std::int64_t in_plane = in[1] * in[2] * in[3], out_plane = out[1] * out[2] * out[3];
  for (std::int64_t plane = 0; plane < n * in[0]; ++plane) {
    const float* xp = x + plane * in_plane;
    const float* dyp = dy + plane * out_plane;
    float* dxp = dx + plane * in_plane;
    for_each_window(pool, in, out, [&](std::int64_t yi, auto window) {
      if (pool.pool == nn::PoolKind::max) {
        std::int64_t argmax = -1;
        window([&](std::int64_t xi) {
          if (argmax < 0 || xp[xi] > xp[argmax]) argmax = xi;
        });
        if (argmax >= 0) dxp[argmax] += dyp[yi];
      } else {
        const float share = static_cast<float>(dyp[yi] / divisor(pool, window));
        window([&](std::int64_t xi) { dxp[xi] += share; });
      }
    });
  }
}

void global_avg_pool_forward(std::int64_t n, const Dims& in, const float* x, float* y) {
  const std::int64_t plane = in[1] * in[2] * in[3];
  for (std::int64_t p = 0; p < n * in[0]; ++p) {
    double sum = 0;
    for (std::int64_t i = 0; i < plane; ++i) sum += x[p * plane + i];
    y[p] = static_cast<float>(sum / static_cast<double>(plane));
  }
}

void global_avg_pool_backward(std::int64_t n, const Dims& in, const float* dy, float* dx) {
  const std::int64_t plane = in[1] * in[2] * in[3];
  for (std::int64_t p = 0; p < n * in[0]; ++p) {
    const float share = static_cast<float>(dy[p] / static_cast<double>(plane));
    for (std::int64_t i = 0; i < plane; ++i) dx[p * plane + i] += share;
  }
}

}  // namespace condnet::runtime::reference
