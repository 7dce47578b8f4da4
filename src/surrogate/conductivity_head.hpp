#pragma once
// How the network's raw outputs become conductivities. D_eff spans decades (1 for an open
// box, 1e-3 near the percolation threshold, 0 when nothing percolates) and can never exceed
// the conducting phase's volume fraction eps (the parallel-plate bound). So the network does
// not regress D_eff itself: for each axis its raw output z is squashed to the ratio
//   r = sigmoid(z) = D_eff / eps = 1 / tau            (0 < r < 1)
// and the prediction is D_eff = eps r, tau = eps / D_eff = 1 / r, with eps counted from the
// input volume. Every prediction therefore obeys 0 <= D_eff <= eps by construction, and the
// loss compares r with the solver's D_eff / eps (0 for a non-percolating axis), which is of
// order 1 for every structure, so no structure dominates the loss by its scale.
#include <span>

#include "train/loss.hpp"

namespace condnet::surrogate {

inline constexpr const char* kHeadName = "ratio-sigmoid";
// Relative errors (MAPE) are reported over the axes with D_eff at or above this: below it a
// relative error says little (a non-percolating axis has D_eff 0).
inline constexpr double kMapeThreshold = 0.05;

// r = sigmoid(z), computed without overflow for any z.
float ratio_of_output(float z);

// The training objective: `loss` between sigmoid(z) and the target ratios, both (N, 3);
// writes d(loss)/dz to `grad`.
double ratio_objective(const train::Loss& loss, std::span<const float> z,
                       std::span<const float> target_ratio, std::span<float> grad);

}  // namespace condnet::surrogate
