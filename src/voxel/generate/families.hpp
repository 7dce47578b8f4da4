#pragma once
// The families' descriptions; generator.cpp lists them in families().
#include "voxel/generate/generator.hpp"

namespace condnet::voxel::generate {

const FamilyInfo& overlapping_spheres_family();
const FamilyInfo& packed_spheres_family();
const FamilyInfo& gaussian_field_family();
const FamilyInfo& fibres_family();
const FamilyInfo& ellipsoids_family();
const FamilyInfo& electrode_family();
const FamilyInfo& grain_pack_family();
const FamilyInfo& calendered_family();
const FamilyInfo& foam_family();
const FamilyInfo& mix_family();

}  // namespace condnet::voxel::generate
