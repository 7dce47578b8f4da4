#pragma once
// The edge lengths of a voxel along x, y and z (array axes 0, 1, 2), in the user's unit: FIB-SEM
// stacks and many micro-CT reconstructions have slices thicker or thinner than their pixels.
// D_eff and tau are physical quantities: they depend on the spacing's ratios, never on how
// finely a structure is sampled.
#include <array>
#include <string>
#include <string_view>

namespace condnet::voxel {

using Spacing = std::array<double, 3>;

inline constexpr Spacing kUnitSpacing = {1.0, 1.0, 1.0};

// "d" (the same along every axis) or "dx,dy,dz", each finite and > 0; Error naming `what` (the
// option or file) and what is allowed otherwise.
Spacing parse_spacing(std::string_view text, std::string_view what);

// Each > 0 and finite; Error naming `what` otherwise.
void check_spacing(const Spacing& spacing, std::string_view what);

bool isotropic(const Spacing& spacing);

// "1" for an isotropic spacing, else "1,1,2" (shortest round-trip digits).
std::string format_spacing(const Spacing& spacing);

}  // namespace condnet::voxel
