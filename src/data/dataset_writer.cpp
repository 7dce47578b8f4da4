#include "data/dataset_writer.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "data/dataset_schema.hpp"
#include "data/hdf5_columns.hpp"

namespace condnet::data {

namespace {

constexpr int kGzipLevel = 4;

void create_label_columns(hid_t file, std::int64_t count, const std::string& where) {
  const std::vector<hsize_t> per_axis = {static_cast<hsize_t>(count), 3};
  const double nan = kNotLabelled;
  for (const char* name : kFloatLabelColumns)
    hdf5::create_filled(file, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, per_axis, &nan, where);
  const std::uint8_t zero = 0;
  hdf5::create_filled(file, kPercolatesColumn, H5T_STD_U8LE, H5T_NATIVE_UINT8, per_axis, &zero,
                      where);
  const hdf5::Hdf5Datatype status = status_type(where);
  hdf5::create_filled(file, kStatusColumn, status.get(), status.get(), per_axis, &zero, where);
  const std::int32_t no_iterations = 0;
  hdf5::create_filled(file, kIterationsColumn, H5T_STD_I32LE, H5T_NATIVE_INT32, per_axis,
                      &no_iterations, where);
  hdf5::create_filled(file, kLabelledColumn, H5T_STD_U8LE, H5T_NATIVE_UINT8,
                      {static_cast<hsize_t>(count)}, &zero, where);
}

}  // namespace

EncodedSample encode_sample(std::int64_t index, const voxel::Volume& volume, Provenance provenance,
                            int phases) {
  EncodedSample sample;
  sample.index = index;
  sample.provenance = std::move(provenance);
  const auto counts = volume.histogram();
  for (int label = phases; label < 256; ++label) CONDNET_ASSERT(counts[label] == 0);
  for (int label = 0; label < phases; ++label)
    sample.phase_fractions.push_back(static_cast<double>(counts[label]) /
                                     static_cast<double>(volume.count()));
  const auto raw_size = static_cast<uLong>(volume.count());
  uLongf size = compressBound(raw_size);
  sample.chunk.resize(size);
  const int status = compress2(sample.chunk.data(), &size, volume.data(), raw_size, kGzipLevel);
  CONDNET_ASSERT(status == Z_OK);
  sample.deflated = size < raw_size;
  if (sample.deflated)
    sample.chunk.resize(size);
  else
    sample.chunk.assign(volume.data(), volume.data() + volume.count());
  return sample;
}

DatasetWriter::DatasetWriter(const std::filesystem::path& path, DatasetLayout layout)
    : atomic_(path), where_(path.string()), layout_(std::move(layout)) {
  CONDNET_ASSERT(layout_.count >= 1 && layout_.sample_shape.count() >= 1);
  CONDNET_ASSERT(layout_.phases >= 1 && layout_.phases <= 256);
  voxel::silence_hdf5_errors();
  const auto n = static_cast<std::size_t>(layout_.count);
  written_.assign(n, 0);
  families_.resize(n);
  provenance_.resize(n);
  seeds_.resize(n);
  splits_.resize(n);
  phase_fractions_.resize(n * static_cast<std::size_t>(layout_.phases));

  file_ = voxel::Hdf5File(CONDNET_HDF5_CHECK(
      where_, H5Fcreate(atomic_.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)));
  const voxel::Shape& s = layout_.sample_shape;
  // volumes: (N, X, Y, Z), one chunk per sample.
  const std::array<hsize_t, 4> dims = {static_cast<hsize_t>(layout_.count),
                                       static_cast<hsize_t>(s.nx), static_cast<hsize_t>(s.ny),
                                       static_cast<hsize_t>(s.nz)};
  const std::array<hsize_t, 4> chunk = {1, dims[1], dims[2], dims[3]};
  const voxel::Hdf5Dataspace space(
      CONDNET_HDF5_CHECK(where_, H5Screate_simple(4, dims.data(), nullptr)));
  const voxel::Hdf5PropertyList creation(CONDNET_HDF5_CHECK(where_, H5Pcreate(H5P_DATASET_CREATE)));
  CONDNET_HDF5_CHECK(where_, H5Pset_chunk(creation.get(), 4, chunk.data()));
  CONDNET_HDF5_CHECK(where_, H5Pset_deflate(creation.get(), kGzipLevel));
  CONDNET_HDF5_CHECK(where_, H5Pset_obj_track_times(creation.get(), 0));
  volumes_ = voxel::Hdf5Dataset(
      CONDNET_HDF5_CHECK(where_, H5Dcreate2(file_.get(), kVolumes, H5T_STD_U8LE, space.get(),
                                            H5P_DEFAULT, creation.get(), H5P_DEFAULT)));
  hdf5::write_string_attribute(volumes_.get(), "axes", "sample, x, y, z", where_);
}

void DatasetWriter::write(const EncodedSample& sample) {
  CONDNET_ASSERT(sample.index >= 0 && sample.index < layout_.count);
  const auto i = static_cast<std::size_t>(sample.index);
  CONDNET_ASSERT(!written_[i]);
  CONDNET_ASSERT(sample.phase_fractions.size() == static_cast<std::size_t>(layout_.phases));
  const std::array<hsize_t, 4> offset = {static_cast<hsize_t>(sample.index), 0, 0, 0};
  // Filter mask bit 0 set: the deflate filter was skipped for this chunk.
  const std::uint32_t filter_mask = sample.deflated ? 0u : 1u;
  CONDNET_HDF5_CHECK(where_, H5Dwrite_chunk(volumes_.get(), H5P_DEFAULT, filter_mask, offset.data(),
                                            sample.chunk.size(), sample.chunk.data()));
  written_[i] = 1;
  families_[i] = sample.provenance.family;
  provenance_[i] = sample.provenance.params.dump();
  seeds_[i] = sample.provenance.seed;
  splits_[i] = static_cast<std::uint8_t>(assign_split(sample.provenance.seed, layout_.split));
  std::copy(sample.phase_fractions.begin(), sample.phase_fractions.end(),
            phase_fractions_.begin() + static_cast<std::ptrdiff_t>(i * layout_.phases));
}

void DatasetWriter::commit() {
  CONDNET_ASSERT(std::all_of(written_.begin(), written_.end(), [](auto w) { return w != 0; }));
  const hid_t file = file_.get();
  const auto n = static_cast<hsize_t>(layout_.count);
  CONDNET_HDF5_CHECK(where_, volumes_.close());

  hdf5::write_strings(file, kFamily, families_, where_);
  hdf5::write_strings(file, kProvenance, provenance_, where_);
  const std::uint64_t no_seed = 0;
  const auto seeds =
      hdf5::create_filled(file, kSeed, H5T_STD_U64LE, H5T_NATIVE_UINT64, {n}, &no_seed, where_);
  hdf5::write_whole(seeds.get(), H5T_NATIVE_UINT64, seeds_.data(), where_);
  const hdf5::Hdf5Datatype split = split_type(where_);
  const std::uint8_t train = 0;
  const auto splits =
      hdf5::create_filled(file, kSplit, split.get(), split.get(), {n}, &train, where_);
  hdf5::write_whole(splits.get(), split.get(), splits_.data(), where_);
  const double nan = kNotLabelled;
  const auto fractions =
      hdf5::create_filled(file, kPhaseFractions, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          {n, static_cast<hsize_t>(layout_.phases)}, &nan, where_);
  hdf5::write_whole(fractions.get(), H5T_NATIVE_DOUBLE, phase_fractions_.data(), where_);
  create_label_columns(file, layout_.count, where_);

  const std::int32_t version = kDatasetVersion;
  hdf5::write_attribute(file, kVersionAttribute, H5T_STD_I32LE, H5T_NATIVE_INT32, &version, 1,
                        where_);
  hdf5::write_string_attribute(file, "created_by", "condnet " CONDNET_VERSION, where_);
  const std::uint8_t conducting = kConductingLabel;
  hdf5::write_attribute(file, "conducting_label", H5T_STD_U8LE, H5T_NATIVE_UINT8, &conducting, 1,
                        where_);
  const std::array<double, 3> split_fractions = {layout_.split.train, layout_.split.val,
                                                 layout_.split.test};
  hdf5::write_attribute(file, "split_fractions", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                        split_fractions.data(), 3, where_);
  hdf5::write_string_attribute(file, "description", layout_.description.dump(), where_);
  hdf5::write_string_attribute(file, kSolverSettingsAttribute, "", where_);

  CONDNET_HDF5_CHECK(where_, file_.close());
  atomic_.commit();
}

}  // namespace condnet::data
