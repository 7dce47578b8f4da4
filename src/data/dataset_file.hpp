#pragma once
// The condnet dataset: one HDF5 file of N sample volumes with their provenance, split and
// labels, written by `condnet generate` / `condnet crop`, labelled in place by `condnet label`,
// read by training. Readable from Python (h5py) as plain arrays.
//
// Layout, format version 1 (N samples of X x Y x Z voxels, K phase labels):
//   /                          attributes:
//     condnet_dataset_version  int32, kDatasetVersion; a reader refuses newer versions
//     created_by               "condnet 0.1.0"
//     conducting_label         uint8, 1: the phase the labels are for (the labels of
//                              voxel/generate/generator.hpp: 0 solid, 1 pores/electrolyte,
//                              2 carbon-binder; crops: crop.hpp)
//     split_fractions          float64[3], train, val, test
//     description              JSON: how the file was made (command, generator or source, seed)
//     solver_settings          JSON: the labeller's settings, "" until it sets them
//   /volumes                   uint8 (N, X, Y, Z), chunks of one sample (1, X, Y, Z), gzip;
//                              sample i is volumes[i], indexed [x, y, z] like every volume
//   /split                     enum uint8 (N): 0 train, 1 val, 2 test; from the sample seed
//   /seed                      uint64 (N): the sample's seed
//   /family                    string (N): generator family, or "crop"
//   /provenance                string (N): JSON, the generator's parameters as resolved for the
//                              sample, or {"source", "box": [x0, y0, z0, x1, y1, z1] (half
//                              open), "phase", "phase_values"} for crops
//   /phase_fractions           float64 (N, K): volume fraction of labels 0..K-1
//   /labels/...                (N, 3) per sample and transport axis x, y, z, filled by the
//                              labeller: d_eff, tau, tau_percolating, percolating_fraction,
//                              relative_residual, flux_mismatch (float64, NaN until labelled),
//                              percolates (uint8 0/1), status (enum uint8, LabelStatus),
//                              iterations (int32)
//   /labels/labelled           uint8 (N): 1 once every label of the sample is written
//
// Crash safety of labelling: the label datasets are contiguous and allocated when the file is
// created, so writing labels only overwrites bytes in place and never changes the file's
// structure. write_labels() writes a batch's values, flushes, then sets their `labelled` flags
// and flushes again: a process killed at any moment (kill -9) leaves a readable file in which
// every flagged sample has all its labels; at most the batch in flight is lost and recomputed.
// Only one process may have a file open for labelling (it holds an exclusive flock); under
// MPI one rank writes. Readers (open()) take no lock and may read while a labeller writes; a
// sample's labels are complete once its `labelled` flag reads 1.
#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "data/file_lock.hpp"
#include "voxel/hdf5_handle.hpp"
#include "voxel/volume.hpp"

namespace condnet::data {

inline constexpr std::int32_t kDatasetVersion = 1;
inline constexpr std::uint8_t kConductingLabel = 1;

enum class Split : std::uint8_t { train = 0, val = 1, test = 2 };
std::string_view split_name(Split split);

struct SplitFractions {
  double train = 0.8;
  double val = 0.1;
  double test = 0.1;
};
// "0.8,0.1,0.1": three fractions >= 0 summing to 1; Error naming `what` otherwise.
SplitFractions parse_split_fractions(std::string_view text, std::string_view what);
// The split of a sample with seed `seed`: a hash of the seed, so the same sample always lands
// in the same split, whatever the dataset's size or order.
Split assign_split(std::uint64_t seed, const SplitFractions& fractions);

enum class LabelStatus : std::uint8_t {
  unlabelled = 0,
  converged = 1,  // also a non-percolating axis: d_eff 0, tau +infinity
  not_converged = 2,
  failed = 3,
};
std::string_view status_name(LabelStatus status);

inline constexpr double kNotLabelled = std::numeric_limits<double>::quiet_NaN();

// The labels of one transport axis, as the solver reports them (solve/solve.hpp).
struct AxisLabel {
  double d_eff = kNotLabelled;
  double tau = kNotLabelled;  // eps_total / d_eff; +infinity when not percolating
  double tau_percolating = kNotLabelled;
  double percolating_fraction = kNotLabelled;  // eps_percolating
  bool percolates = false;
  LabelStatus status = LabelStatus::unlabelled;
  std::int32_t iterations = 0;
  double relative_residual = kNotLabelled;
  double flux_mismatch = kNotLabelled;
};

struct SampleLabels {
  std::int64_t index = -1;
  std::array<AxisLabel, 3> axes;  // transport along x, y, z
};

struct Provenance {
  std::string family;  // generator family, or "crop"
  std::uint64_t seed = 0;
  nlohmann::json params;
};

class DatasetFile {
 public:
  // Read-only. Throws Error naming the file when it is missing, not HDF5, not a condnet dataset,
  // of a newer format version than this condnet reads, or damaged such that libhdf5 crashes
  // on it (a child process reads the file first).
  static DatasetFile open(const std::filesystem::path& path);
  // Read-write, for the labeller; the same checks.
  static DatasetFile open_for_labelling(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return path_; }
  std::int32_t version() const { return version_; }
  std::int64_t count() const { return count_; }
  const voxel::Shape& sample_shape() const { return sample_shape_; }
  int phases() const { return phases_; }
  SplitFractions split_fractions() const;
  nlohmann::json description() const;
  // Null until the labeller has set them.
  nlohmann::json solver_settings() const;

  voxel::Volume read_volume(std::int64_t index) const;
  std::vector<Provenance> provenance() const;
  std::vector<Split> splits() const;
  // (N, K) row-major: phase_fractions[i * phases() + k].
  std::vector<double> phase_fractions() const;
  std::vector<std::uint8_t> labelled() const;
  std::vector<std::int64_t> unlabelled_indices() const;
  // Every sample's labels, index = position.
  std::vector<SampleLabels> labels() const;

  // Labelling (open_for_labelling only). Records the solver settings (flushed).
  void set_solver_settings(const nlohmann::json& settings);
  // Writes every label of each sample in `batch`, flushes, then flags them labelled and
  // flushes again (see the header comment). Indices must be valid.
  void write_labels(std::span<const SampleLabels> batch);

 private:
  DatasetFile() = default;
  static DatasetFile open_with(const std::filesystem::path& path, bool writable);
  // After open_with's checks of the path: HDF5 itself.
  static DatasetFile open_hdf5(const std::filesystem::path& path, bool writable);
  // What a child process reads before this process opens the file (core/run_in_child.hpp):
  // every attribute and column the accessors read, and the first and last sample.
  static void read_everything_but_the_samples_between(const std::filesystem::path& path);
  void flush() const;

  std::filesystem::path path_;
  std::string where_;  // path_ for messages
  FileLock lock_;      // held when open for labelling
  voxel::Hdf5File file_;
  bool writable_ = false;
  std::int32_t version_ = 0;
  std::int64_t count_ = 0;
  voxel::Shape sample_shape_;
  int phases_ = 0;
};

}  // namespace condnet::data
