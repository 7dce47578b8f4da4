#include "data/dataset_file.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/random.hpp"
#include "data/dataset_schema.hpp"
#include "data/hdf5_columns.hpp"
#include "voxel/claimed_size.hpp"

namespace condnet::data {

namespace {

// Values of the float label columns, in kFloatLabelColumns' order.
std::array<double, 6> float_labels(const AxisLabel& a) {
  return {a.d_eff,        a.tau, a.tau_percolating, a.percolating_fraction, a.relative_residual,
          a.flux_mismatch};
}

void set_float_label(AxisLabel& a, std::size_t column, double value) {
  double* fields[] = {
      &a.d_eff,        &a.tau, &a.tau_percolating, &a.percolating_fraction, &a.relative_residual,
      &a.flux_mismatch};
  *fields[column] = value;
}

}  // namespace

std::string_view split_name(Split split) {
  switch (split) {
    case Split::train:
      return "train";
    case Split::val:
      return "val";
    case Split::test:
      return "test";
  }
  return "?";
}

std::string_view status_name(LabelStatus status) {
  switch (status) {
    case LabelStatus::unlabelled:
      return "unlabelled";
    case LabelStatus::converged:
      return "converged";
    case LabelStatus::not_converged:
      return "not_converged";
    case LabelStatus::failed:
      return "failed";
  }
  return "?";
}

SplitFractions parse_split_fractions(std::string_view text, std::string_view what) {
  std::vector<double> f;
  bool valid = true;
  for (std::size_t start = 0; valid && start <= text.size();) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    const std::string part(text.substr(start, end - start));
    std::size_t used = 0;
    double value = -1;
    try {
      value = std::stod(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    valid = !part.empty() && used == part.size() && value >= 0 && std::isfinite(value);
    f.push_back(value);
    start = end + 1;
  }
  if (!valid || f.size() != 3 || std::abs(f[0] + f[1] + f[2] - 1) > 1e-6)
    fail(
        "{} {}: expected three fractions TRAIN,VAL,TEST, each >= 0, summing to 1 (e.g. "
        "0.8,0.1,0.1)",
        what, text);
  return {f[0], f[1], f[2]};
}

Split assign_split(std::uint64_t seed, const SplitFractions& fractions) {
  constexpr std::uint64_t kSplitSalt = 0x5EED5B117ull;
  const double u = static_cast<double>(random::mix64(seed ^ kSplitSalt) >> 11) * 0x1.0p-53;
  if (u < fractions.train) return Split::train;
  if (u < fractions.train + fractions.val) return Split::val;
  return Split::test;
}

DatasetFile DatasetFile::open(const std::filesystem::path& path) { return open_with(path, false); }

DatasetFile DatasetFile::open_for_labelling(const std::filesystem::path& path) {
  return open_with(path, true);
}

DatasetFile DatasetFile::open_with(const std::filesystem::path& path, bool writable) {
  voxel::silence_hdf5_errors();
  const std::string where = path.string();
  std::error_code error;
  if (!std::filesystem::exists(path, error)) fail_missing("{}: no such file", where);
  if (std::filesystem::is_directory(path, error))
    fail("{}: is a directory; expected a condnet dataset (.h5)", where);
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    fail("{}: not an HDF5 file; expected a condnet dataset made by condnet generate or crop",
         where);
  }
  // libhdf5 crashes on some damaged files (core/run_in_child.hpp): a child reads it first.
  run_in_child(voxel::hdf5_check(path), [&] { read_everything_but_the_samples_between(path); });
  return open_hdf5(path, writable);
}

void DatasetFile::read_everything_but_the_samples_between(const std::filesystem::path& path) {
  const DatasetFile d = open_hdf5(path, false);
  d.split_fractions();
  d.description();
  d.solver_settings();
  d.provenance();
  d.splits();
  d.phase_fractions();
  d.labelled();
  d.labels();
  if (d.count() > 0) {
    d.read_volume(0);
    d.read_volume(d.count() - 1);
  }
}

DatasetFile DatasetFile::open_hdf5(const std::filesystem::path& path, bool writable) {
  DatasetFile d;
  d.path_ = path;
  d.where_ = path.string();
  d.writable_ = writable;
  // HDF5's own locking is off for every open (one process may not open a file with two
  // different settings): readers take no lock, so that `dataset info` and training can read
  // while a labeller writes (labelling only overwrites label bytes in place), and the labeller
  // takes its own exclusive lock.
  if (writable) d.lock_ = FileLock(path);
  const voxel::Hdf5PropertyList access(CONDNET_HDF5_CHECK(d.where_, H5Pcreate(H5P_FILE_ACCESS)));
  CONDNET_HDF5_CHECK(d.where_, H5Pset_file_locking(access.get(), false, true));
  d.file_ = voxel::Hdf5File(CONDNET_HDF5_CHECK(
      d.where_, H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, access.get())));
  const hid_t file = d.file_.get();
  if (!hdf5::has_attribute(file, kVersionAttribute, d.where_))
    fail("{}: not a condnet dataset (no {} attribute); make one with condnet generate or crop",
         d.where_, kVersionAttribute);
  hdf5::read_attribute(file, kVersionAttribute, H5T_NATIVE_INT32, &d.version_, d.where_);
  if (d.version_ > kDatasetVersion)
    fail("{}: dataset format version {} is newer than this condnet supports ({}); upgrade condnet",
         d.where_, d.version_, kDatasetVersion);
  if (d.version_ < 1) fail("{}: invalid dataset format version {}", d.where_, d.version_);

  const hdf5::Hdf5Dataset volumes = hdf5::open_dataset(file, kVolumes, d.where_);
  const std::vector<hsize_t> dims = hdf5::dims_of(volumes.get(), d.where_);
  if (dims.size() != 4)
    fail("{}: '{}' has {} dimensions; a dataset holds (N, X, Y, Z)", d.where_, kVolumes,
         dims.size());
  // Before anything is allocated for them: one sample (X, Y, Z), the label columns (N, 3).
  voxel::check_claimed_size(d.where_, fmt::format("'{}' (one sample)", kVolumes),
                            {dims[1], dims[2], dims[3]}, voxel::ElementType::uint8);
  voxel::check_claimed_size(d.where_, "the label columns (samples x 3 axes)", {dims[0], 3},
                            voxel::ElementType::float64);
  voxel::check_storage(volumes.get(), d.where_, fmt::format("'{}'", kVolumes));
  d.count_ = static_cast<std::int64_t>(dims[0]);
  d.sample_shape_ = {static_cast<std::int64_t>(dims[1]), static_cast<std::int64_t>(dims[2]),
                     static_cast<std::int64_t>(dims[3])};
  const hdf5::Hdf5Dataset fractions = hdf5::open_dataset(file, kPhaseFractions, d.where_);
  const std::vector<hsize_t> fraction_dims = hdf5::dims_of(fractions.get(), d.where_);
  if (fraction_dims.size() != 2 || fraction_dims[0] != dims[0])
    fail("{}: '{}' does not hold one row per sample", d.where_, kPhaseFractions);
  if (fraction_dims[1] > 256)
    fail("{}: '{}' has {} columns; allowed: one per phase label, at most 256", d.where_,
         kPhaseFractions, fraction_dims[1]);
  d.phases_ = static_cast<int>(fraction_dims[1]);
  return d;
}

SplitFractions DatasetFile::split_fractions() const {
  std::array<double, 3> f{};
  hdf5::read_attribute(file_.get(), "split_fractions", H5T_NATIVE_DOUBLE, f.data(), where_);
  return {f[0], f[1], f[2]};
}

nlohmann::json DatasetFile::description() const {
  const std::string text = hdf5::read_string_attribute(file_.get(), "description", where_);
  return nlohmann::json::parse(text, nullptr, false);
}

nlohmann::json DatasetFile::solver_settings() const {
  const std::string text =
      hdf5::read_string_attribute(file_.get(), kSolverSettingsAttribute, where_);
  if (text.empty()) return nullptr;
  return nlohmann::json::parse(text, nullptr, false);
}

voxel::Volume DatasetFile::read_volume(std::int64_t index) const {
  CONDNET_ASSERT(index >= 0 && index < count_);
  const hdf5::Hdf5Dataset volumes = hdf5::open_dataset(file_.get(), kVolumes, where_);
  const voxel::Hdf5Dataspace file_space(CONDNET_HDF5_CHECK(where_, H5Dget_space(volumes.get())));
  const std::array<hsize_t, 4> start = {static_cast<hsize_t>(index), 0, 0, 0};
  const std::array<hsize_t, 4> count = {1, static_cast<hsize_t>(sample_shape_.nx),
                                        static_cast<hsize_t>(sample_shape_.ny),
                                        static_cast<hsize_t>(sample_shape_.nz)};
  CONDNET_HDF5_CHECK(where_, H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(),
                                                 nullptr, count.data(), nullptr));
  const voxel::Hdf5Dataspace memory_space(
      CONDNET_HDF5_CHECK(where_, H5Screate_simple(4, count.data(), nullptr)));
  voxel::Volume volume(sample_shape_);
  CONDNET_HDF5_CHECK(where_, H5Dread(volumes.get(), H5T_NATIVE_UINT8, memory_space.get(),
                                     file_space.get(), H5P_DEFAULT, volume.data()));
  return volume;
}

std::vector<Provenance> DatasetFile::provenance() const {
  const auto n = static_cast<std::size_t>(count_);
  const std::vector<std::string> families = hdf5::read_strings(file_.get(), kFamily, n, where_);
  const std::vector<std::string> params = hdf5::read_strings(file_.get(), kProvenance, n, where_);
  const auto seeds =
      hdf5::read_whole<std::uint64_t>(file_.get(), kSeed, H5T_NATIVE_UINT64, n, where_);
  std::vector<Provenance> result(n);
  for (std::size_t i = 0; i < n; ++i)
    result[i] = {families[i], seeds[i], nlohmann::json::parse(params[i], nullptr, false)};
  return result;
}

std::vector<Split> DatasetFile::splits() const {
  const voxel::Hdf5Datatype type = split_type(where_);
  const auto raw = hdf5::read_whole<std::uint8_t>(file_.get(), kSplit, type.get(),
                                                  static_cast<std::size_t>(count_), where_);
  std::vector<Split> result;
  result.reserve(raw.size());
  for (const std::uint8_t s : raw) {
    if (s > 2) fail("{}: '{}' holds {}; allowed: 0 train, 1 val, 2 test", where_, kSplit, s);
    result.push_back(static_cast<Split>(s));
  }
  return result;
}

std::vector<double> DatasetFile::phase_fractions() const {
  return hdf5::read_whole<double>(file_.get(), kPhaseFractions, H5T_NATIVE_DOUBLE,
                                  static_cast<std::size_t>(count_ * phases_), where_);
}

std::vector<std::uint8_t> DatasetFile::labelled() const {
  return hdf5::read_whole<std::uint8_t>(file_.get(), kLabelledColumn, H5T_NATIVE_UINT8,
                                        static_cast<std::size_t>(count_), where_);
}

std::vector<std::int64_t> DatasetFile::unlabelled_indices() const {
  const std::vector<std::uint8_t> flags = labelled();
  std::vector<std::int64_t> indices;
  for (std::size_t i = 0; i < flags.size(); ++i)
    if (!flags[i]) indices.push_back(static_cast<std::int64_t>(i));
  return indices;
}

std::vector<SampleLabels> DatasetFile::labels() const {
  const auto n = static_cast<std::size_t>(count_);
  const hid_t file = file_.get();
  std::vector<SampleLabels> result(n);
  for (std::size_t i = 0; i < n; ++i) result[i].index = static_cast<std::int64_t>(i);
  for (std::size_t column = 0; column < kFloatLabelColumns.size(); ++column) {
    const auto values = hdf5::read_whole<double>(file, kFloatLabelColumns[column],
                                                 H5T_NATIVE_DOUBLE, 3 * n, where_);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t a = 0; a < 3; ++a)
        set_float_label(result[i].axes[a], column, values[3 * i + a]);
  }
  const auto percolates =
      hdf5::read_whole<std::uint8_t>(file, kPercolatesColumn, H5T_NATIVE_UINT8, 3 * n, where_);
  const voxel::Hdf5Datatype status_enum = status_type(where_);
  const auto status =
      hdf5::read_whole<std::uint8_t>(file, kStatusColumn, status_enum.get(), 3 * n, where_);
  const auto iterations =
      hdf5::read_whole<std::int32_t>(file, kIterationsColumn, H5T_NATIVE_INT32, 3 * n, where_);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t a = 0; a < 3; ++a) {
      AxisLabel& label = result[i].axes[a];
      label.percolates = percolates[3 * i + a] != 0;
      if (status[3 * i + a] > static_cast<std::uint8_t>(LabelStatus::failed))
        fail("{}: '{}' holds status {}; allowed 0 to 3", where_, kStatusColumn, status[3 * i + a]);
      label.status = static_cast<LabelStatus>(status[3 * i + a]);
      label.iterations = iterations[3 * i + a];
    }
  return result;
}

void DatasetFile::flush() const {
  CONDNET_HDF5_CHECK(where_, H5Fflush(file_.get(), H5F_SCOPE_LOCAL));
}

void DatasetFile::set_solver_settings(const nlohmann::json& settings) {
  CONDNET_ASSERT(writable_);
  hdf5::write_string_attribute(file_.get(), kSolverSettingsAttribute, settings.dump(), where_);
  flush();
}

void DatasetFile::write_labels(std::span<const SampleLabels> batch) {
  CONDNET_ASSERT(writable_);
  const hid_t file = file_.get();
  std::vector<hdf5::Hdf5Dataset> floats;
  for (const char* name : kFloatLabelColumns)
    floats.push_back(hdf5::open_dataset(file, name, where_));
  const auto percolates = hdf5::open_dataset(file, kPercolatesColumn, where_);
  const auto status = hdf5::open_dataset(file, kStatusColumn, where_);
  const auto iterations = hdf5::open_dataset(file, kIterationsColumn, where_);
  const voxel::Hdf5Datatype status_enum = status_type(where_);
  for (const SampleLabels& sample : batch) {
    CONDNET_ASSERT(sample.index >= 0 && sample.index < count_);
    std::array<std::array<double, 3>, 6> values{};
    std::array<std::uint8_t, 3> percolate{}, state{};
    std::array<std::int32_t, 3> iteration{};
    for (std::size_t a = 0; a < 3; ++a) {
      const AxisLabel& label = sample.axes[a];
      const auto f = float_labels(label);
      for (std::size_t c = 0; c < f.size(); ++c) values[c][a] = f[c];
      percolate[a] = label.percolates ? 1 : 0;
      state[a] = static_cast<std::uint8_t>(label.status);
      iteration[a] = label.iterations;
    }
    for (std::size_t c = 0; c < floats.size(); ++c)
      hdf5::write_row(floats[c].get(), sample.index, 3, H5T_NATIVE_DOUBLE, values[c].data(),
                      where_);
    hdf5::write_row(percolates.get(), sample.index, 3, H5T_NATIVE_UINT8, percolate.data(), where_);
    hdf5::write_row(status.get(), sample.index, 3, status_enum.get(), state.data(), where_);
    hdf5::write_row(iterations.get(), sample.index, 3, H5T_NATIVE_INT32, iteration.data(), where_);
  }
  flush();
  const auto labelled = hdf5::open_dataset(file, kLabelledColumn, where_);
  const std::uint8_t yes = 1;
  for (const SampleLabels& sample : batch)
    hdf5::write_row(labelled.get(), sample.index, 1, H5T_NATIVE_UINT8, &yes, where_);
  flush();
}

}  // namespace condnet::data
