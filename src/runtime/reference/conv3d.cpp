#include <algorithm>

#include "runtime/reference/ops.hpp"

namespace condnet::runtime::reference {

namespace {

// The output positions o in [lo, hi) whose input i = o * stride - pad + tap lies in
// [0, extent).
struct Range {
  std::int64_t lo = 0;
  std::int64_t hi = 0;
};

Range valid_outputs(std::int64_t out, std::int64_t extent, std::int64_t stride, std::int64_t pad,
                    std::int64_t tap) {
  Range range;
  const std::int64_t first = pad - tap;  // o * stride >= first
  range.lo = first <= 0 ? 0 : (first + stride - 1) / stride;
  const std::int64_t last = extent - 1 + pad - tap;  // o * stride <= last
  range.hi = last < 0 ? 0 : std::min(out, last / stride + 1);
  range.lo = std::min(range.lo, range.hi);
  return range;
}

// Calls visit(x_index, y_index) for every (input, output) pair that kernel tap (kd, kh, kw)
// connects in one (sample, in-channel, out-channel) plane pair.
template <typename Visit>
void for_each_pair(const nn::Conv3d& conv, const Dims& in, const Dims& out, std::int64_t kd,
                   std::int64_t kh, std::int64_t kw, Visit visit) {
  const std::int64_t tap[3] = {kd * conv.dilation[0], kh * conv.dilation[1], kw * conv.dilation[2]};
  Range range[3];
  for (int axis = 0; axis < 3; ++axis)
    range[axis] = valid_outputs(out[axis + 1], in[axis + 1], conv.stride[axis], conv.padding[axis],
                                tap[axis]);
  for (std::int64_t od = range[0].lo; od < range[0].hi; ++od) {
    const std::int64_t id = od * conv.stride[0] - conv.padding[0] + tap[0];
    for (std::int64_t oh = range[1].lo; oh < range[1].hi; ++oh) {
      const std::int64_t ih = oh * conv.stride[1] - conv.padding[1] + tap[1];
      const std::int64_t y_row = (od * out[2] + oh) * out[3];
      const std::int64_t x_row = (id * in[2] + ih) * in[3];
      for (std::int64_t ow = range[2].lo; ow < range[2].hi; ++ow)
        visit(x_row + ow * conv.stride[2] - conv.padding[2] + tap[2], y_row + ow);
    }
  }
}

}  // namespace

void conv3d_forward(const nn::Conv3d& conv, std::int64_t n, const Dims& in, const Dims& out,
                    const float* x, const float* w, const float* b, float* y) {
  const std::int64_t ci_count = in[0], co_count = out[0];
  const std::int64_t in_plane = in[1] * in[2] * in[3];
  const std::int64_t out_plane = out[1] * out[2] * out[3];
  const auto& k = conv.kernel;
  for (std::int64_t s = 0; s < n; ++s)
    for (std::int64_t co = 0; co < co_count; ++co) {
      float* y_plane = y + (s * co_count + co) * out_plane;
      std::fill(y_plane, y_plane + out_plane, b ? b[co] : 0.0f);
      for (std::int64_t ci = 0; ci < ci_count; ++ci) {
        const float* x_plane = x + (s * ci_count + ci) * in_plane;
        const float* w_taps = w + (co * ci_count + ci) * k[0] * k[1] * k[2];
        for (std::int64_t kd = 0; kd < k[0]; ++kd)
          for (std::int64_t kh = 0; kh < k[1]; ++kh)
            for (std::int64_t kw = 0; kw < k[2]; ++kw) {
              const float weight = w_taps[(kd * k[1] + kh) * k[2] + kw];
              for_each_pair(conv, in, out, kd, kh, kw, [&](std::int64_t xi, std::int64_t yi) {
                y_plane[yi] += weight * x_plane[xi];
              });
            }
      }
    }
}

void conv3d_backward(const nn::Conv3d& conv, std::int64_t n, const Dims& in, const Dims& out,
                     const float* x, const float* w, const float* dy, float* dx, float* dw,
                     float* db) {
  const std::int64_t ci_count = in[0], co_count = out[0];
  const std::int64_t in_plane = in[1] * in[2] * in[3];
  const std::int64_t out_plane = out[1] * out[2] * out[3];
  const auto& k = conv.kernel;
  const std::int64_t taps = k[0] * k[1] * k[2];
  if (db)
    for (std::int64_t co = 0; co < co_count; ++co) {
      double sum = 0;
      for (std::int64_t s = 0; s < n; ++s)
        for (std::int64_t i = 0; i < out_plane; ++i) sum += dy[(s * co_count + co) * out_plane + i];
      db[co] += static_cast<float>(sum);
    }
  for (std::int64_t co = 0; co < co_count; ++co)
    for (std::int64_t ci = 0; ci < ci_count; ++ci)
      for (std::int64_t kd = 0; kd < k[0]; ++kd)
        for (std::int64_t kh = 0; kh < k[1]; ++kh)
          for (std::int64_t kw = 0; kw < k[2]; ++kw) {
            const std::int64_t tap = (co * ci_count + ci) * taps + (kd * k[1] + kh) * k[2] + kw;
            double sum = 0;
            for (std::int64_t s = 0; s < n; ++s) {
              const float* x_plane = x + (s * ci_count + ci) * in_plane;
              const float* dy_plane = dy + (s * co_count + co) * out_plane;
              float* dx_plane = dx ? dx + (s * ci_count + ci) * in_plane : nullptr;
              const float weight = w[tap];
              for_each_pair(conv, in, out, kd, kh, kw, [&](std::int64_t xi, std::int64_t yi) {
                sum += static_cast<double>(dy_plane[yi]) * x_plane[xi];
                if (dx_plane) dx_plane[xi] += weight * dy_plane[yi];
              });
            }
            dw[tap] += static_cast<float>(sum);
          }
}

}  // namespace condnet::runtime::reference
