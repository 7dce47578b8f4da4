#pragma once
// One emitter per op family: each adds a group's forward steps and registers its backward
// steps with the compiler (compiler.hpp).
#include "runtime/cpu/compiler.hpp"

namespace condnet::runtime::cpu {

// conv3d [+ batchnorm3d] [+ activation]
void emit_conv(Compiler& compiler, const Group& group);
// linear [+ activation]
void emit_linear(Compiler& compiler, const Group& group);
// batchnorm3d [+ relu]
void emit_batchnorm(Compiler& compiler, const Group& group);
void emit_activation(Compiler& compiler, const Group& group);
// maxpool3d, avgpool3d, global_avg_pool
void emit_pool(Compiler& compiler, const Group& group);
void emit_add(Compiler& compiler, const Group& group);
void emit_concat(Compiler& compiler, const Group& group);
// dropout, flatten, stage
void emit_dropout(Compiler& compiler, const Group& group);
void emit_flatten(Compiler& compiler, const Group& group);
void emit_stage(Compiler& compiler, const Group& group);

// The oneDNN algorithm of an activation; `use_dst` picks the variant whose backward reads
// the output (valid for relu, leaky_relu, sigmoid).
dnnl::algorithm eltwise_algorithm(const nn::Node& activation, bool use_dst);
// Whether an activation can be a post-op of a training kernel (its backward can read the
// kernel's output instead of its input).
bool backward_from_output(const nn::Node& activation);

// Batchnorm pieces shared by emit_conv and emit_batchnorm.
struct BatchnormForward {
  dnnl::batch_normalization_forward::primitive_desc pd;
  dnnl::normalization_flags flags;
  int src = -1, out = -1, mean = -1, variance = -1, workspace = -1;
};
// Normalises `src` (the node's input, in its layout), with ReLU fused when `relu`.
BatchnormForward batchnorm_forward(Compiler& compiler, int node, int src, bool relu);
// Backward into `d_src` (may alias `d_out`); adds the scale and shift gradients.
void batchnorm_backward(Compiler& compiler, int node, const BatchnormForward& forward, int d_out,
                        int d_src);

}  // namespace condnet::runtime::cpu
