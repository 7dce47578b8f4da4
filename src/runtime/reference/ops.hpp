#pragma once
// The reference kernels: plain loops over fp32, one function per op and direction, no
// threads, no tricks. They define what every other backend must compute. Shapes are of one
// sample (Dims without the batch); `n` is the batch. Forward functions overwrite their
// output; backward functions ADD (+=) into every gradient they are given (d-inputs and
// parameter gradients), so a tensor read by several layers sums its gradients. A null
// gradient pointer means "not needed".
#include <cstdint>

#include "nn/dims.hpp"
#include "nn/layers/activation.hpp"
#include "nn/layers/batchnorm3d.hpp"
#include "nn/layers/conv3d.hpp"
#include "nn/layers/linear.hpp"
#include "nn/layers/pool3d.hpp"

namespace condnet::runtime::reference {

using nn::Dims;

// x (n, Ci, D, H, W), w (Co, Ci, kd, kh, kw), b (Co) or null -> y (n, Co, Do, Ho, Wo).
void conv3d_forward(const nn::Conv3d& conv, std::int64_t n, const Dims& in, const Dims& out,
                    const float* x, const float* w, const float* b, float* y);
void conv3d_backward(const nn::Conv3d& conv, std::int64_t n, const Dims& in, const Dims& out,
                     const float* x, const float* w, const float* dy, float* dx, float* dw,
                     float* db);

// x, y (n, C, D, H, W); gamma, beta, statistics (C). Training: normalises with the batch
// mean and biased variance, saves mean and 1/sqrt(var + eps) for backward, and moves the
// running statistics towards the batch's (unbiased variance) by `momentum`.
void batchnorm_forward_training(const nn::BatchNorm3d& bn, std::int64_t n, const Dims& dims,
                                const float* x, const float* gamma, const float* beta, float* y,
                                float* saved_mean, float* saved_invstd, float* running_mean,
                                float* running_var);
void batchnorm_forward_inference(const nn::BatchNorm3d& bn, std::int64_t n, const Dims& dims,
                                 const float* x, const float* gamma, const float* beta,
                                 const float* running_mean, const float* running_var, float* y);
void batchnorm_backward(const nn::BatchNorm3d& bn, std::int64_t n, const Dims& dims, const float* x,
                        const float* gamma, const float* saved_mean, const float* saved_invstd,
                        const float* dy, float* dx, float* dgamma, float* dbeta);

// Element-wise over `count` values.
void activation_forward(const nn::Activation& act, std::int64_t count, const float* x, float* y);
void activation_backward(const nn::Activation& act, std::int64_t count, const float* x,
                         const float* dy, float* dx);

// x (n, C, D, H, W) -> y (n, C, Do, Ho, Wo). Max pooling sends each gradient to the first
// maximum of its window in (d, h, w) scan order, as PyTorch does.
void pool3d_forward(const nn::Pool3d& pool, std::int64_t n, const Dims& in, const Dims& out,
                    const float* x, float* y);
void pool3d_backward(const nn::Pool3d& pool, std::int64_t n, const Dims& in, const Dims& out,
                     const float* x, const float* dy, float* dx);

// x (n, C, D, H, W) -> y (n, C).
void global_avg_pool_forward(std::int64_t n, const Dims& in, const float* x, float* y);
void global_avg_pool_backward(std::int64_t n, const Dims& in, const float* dy, float* dx);

// x (n, I), w (O, I), b (O) or null -> y (n, O).
void linear_forward(const nn::Linear& linear, std::int64_t n, const float* x, const float* w,
                    const float* b, float* y);
void linear_backward(const nn::Linear& linear, std::int64_t n, const float* x, const float* w,
                     const float* dy, float* dx, float* dw, float* db);

// Concatenation along the first per-sample axis: input `part` of `parts` has `channels`
// channels of `inner` values each and starts at channel `offset` of y (n, total, inner).
void concat_forward_part(std::int64_t n, std::int64_t channels, std::int64_t inner,
                         std::int64_t offset, std::int64_t total, const float* x, float* y);
void concat_backward_part(std::int64_t n, std::int64_t channels, std::int64_t inner,
                          std::int64_t offset, std::int64_t total, const float* dy, float* dx);

}  // namespace condnet::runtime::reference
