#include "voxel/hdf5_spacing.hpp"

#include <array>
#include <vector>

#include "core/error.hpp"
#include "voxel/hdf5_handle.hpp"

namespace condnet::voxel {

namespace {

using Hdf5Attribute = Hdf5Owner<H5Aclose>;

}  // namespace

std::optional<Spacing> read_hdf5_spacing(hid_t dataset, int rank, const std::string& where) {
  const htri_t exists = H5Aexists(dataset, kSpacingAttribute);
  if (exists <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  const Hdf5Attribute attribute(
      CONDNET_HDF5_CHECK(where, H5Aopen(dataset, kSpacingAttribute, H5P_DEFAULT)));
  const Hdf5Dataspace space(CONDNET_HDF5_CHECK(where, H5Aget_space(attribute.get())));
  const Hdf5Datatype type(CONDNET_HDF5_CHECK(where, H5Aget_type(attribute.get())));
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (H5Tget_class(type.get()) != H5T_FLOAT && H5Tget_class(type.get()) != H5T_INTEGER)
    fail("{}: attribute {} is not numbers; allowed: {} numbers > 0, one per axis", where,
         kSpacingAttribute, rank);
  if (count != rank)
    fail("{}: attribute {} holds {} values for a {}D dataset; allowed: {} numbers > 0", where,
         kSpacingAttribute, count, rank, rank);
  std::vector<double> values(static_cast<std::size_t>(count));
  CONDNET_HDF5_CHECK(where, H5Aread(attribute.get(), H5T_NATIVE_DOUBLE, values.data()));
  const Spacing spacing =
      rank == 3 ? Spacing{values[0], values[1], values[2]} : Spacing{1.0, values[0], values[1]};
  check_spacing(spacing, where + " attribute " + kSpacingAttribute);
  return spacing;
}

void write_hdf5_spacing(hid_t dataset, const Spacing& spacing, const std::string& where) {
  const std::array<hsize_t, 1> dims = {3};
  const Hdf5Dataspace space(CONDNET_HDF5_CHECK(where, H5Screate_simple(1, dims.data(), nullptr)));
  const Hdf5Attribute attribute(
      CONDNET_HDF5_CHECK(where, H5Acreate2(dataset, kSpacingAttribute, H5T_IEEE_F64LE, space.get(),
                                           H5P_DEFAULT, H5P_DEFAULT)));
  CONDNET_HDF5_CHECK(where, H5Awrite(attribute.get(), H5T_NATIVE_DOUBLE, spacing.data()));
}

}  // namespace condnet::voxel
