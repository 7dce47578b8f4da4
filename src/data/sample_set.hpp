#pragma once
// Labelled samples of one or more dataset files (data/dataset_file.hpp), held in memory as
// the files store them (uint8 labels), for training and evaluation. 5000 samples of 64^3 take
// 1.3 GB; the float copies the network reads are made per micro-batch by the loader.
#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "data/dataset_file.hpp"

namespace condnet::data {

struct SampleSet {
  std::int64_t edge = 0;                    // n: every sample is an n^3 cube
  std::vector<std::uint8_t> volumes;        // (S, n, n, n), labels [x, y, z]; label 1 conducts
  std::vector<float> eps;                   // (S): volume fraction of label 1
  std::vector<std::array<float, 3>> d_eff;  // (S): solver's D_eff along x, y, z
  std::vector<std::string> family;          // (S): generator family or "crop"
  std::vector<std::string> origin;          // (S): "file.h5#index"

  std::int64_t size() const { return static_cast<std::int64_t>(eps.size()); }
  std::int64_t voxels() const { return edge * edge * edge; }
  const std::uint8_t* volume(std::int64_t i) const { return volumes.data() + i * voxels(); }
};

// Sample i's conducting mask (n^3 bytes, C order): 1 where its label conducts
// (kConductingLabel), 0 elsewhere.
void conducting_mask(const SampleSet& set, std::int64_t i, std::span<std::uint8_t> out);

struct SampleSelection {
  SampleSelection(std::vector<Split> splits_to_take) : splits(std::move(splits_to_take)) {}

  std::vector<Split> splits;   // the splits to take
  bool require_labels = true;  // an unlabelled sample in them is an error
  // Families to take (empty: all) and to leave out, by the samples' provenance family
  // (leave-one-family-out experiments: `train --exclude-family`, `evaluate --family`).
  std::vector<std::string> families, exclude_families;
};

struct SampleSetReport {
  std::int64_t taken = 0;
  std::int64_t skipped_unconverged = 0;  // labelled, but the solver did not converge
};

// Reads the selected samples of every file. Throws Error naming the file when it is not a
// dataset, its samples are not cubes or differ in size from the other files', or (with
// require_labels) some selected sample is not labelled yet.
SampleSet load_samples(const std::vector<std::filesystem::path>& files,
                       const SampleSelection& selection, SampleSetReport* report = nullptr);

}  // namespace condnet::data
