#include "data/label_reset.hpp"

#include <vector>

#include "data/dataset_schema.hpp"
#include "data/hdf5_columns.hpp"

namespace condnet::data {

namespace {

template <typename T>
void fill_column(hid_t file, const char* name, hid_t memory_type, std::size_t count, T value,
                 const std::string& where) {
  const hdf5::Hdf5Dataset dataset = hdf5::open_dataset(file, name, where);
  const std::vector<T> values(count, value);
  hdf5::write_whole(dataset.get(), memory_type, values.data(), where);
}

}  // namespace

void clear_labels(const DatasetFile& dataset) {
  const std::string where = dataset.path().string();
  const auto n = static_cast<std::size_t>(dataset.count());
  // A second handle on the file the DatasetFile holds (HDF5 shares one open file between them);
  // the same access settings as DatasetFile's: HDF5's own locking off.
  const voxel::Hdf5PropertyList access(CONDNET_HDF5_CHECK(where, H5Pcreate(H5P_FILE_ACCESS)));
  CONDNET_HDF5_CHECK(where, H5Pset_file_locking(access.get(), false, true));
  voxel::Hdf5File file(
      CONDNET_HDF5_CHECK(where, H5Fopen(dataset.path().c_str(), H5F_ACC_RDWR, access.get())));
  const hid_t id = file.get();
  fill_column<std::uint8_t>(id, kLabelledColumn, H5T_NATIVE_UINT8, n, 0, where);
  CONDNET_HDF5_CHECK(where, H5Fflush(id, H5F_SCOPE_LOCAL));
  for (const char* column : kFloatLabelColumns)
    fill_column<double>(id, column, H5T_NATIVE_DOUBLE, 3 * n, kNotLabelled, where);
  fill_column<std::uint8_t>(id, kPercolatesColumn, H5T_NATIVE_UINT8, 3 * n, 0, where);
  const voxel::Hdf5Datatype status = status_type(where);
  fill_column<std::uint8_t>(id, kStatusColumn, status.get(), 3 * n,
                            static_cast<std::uint8_t>(LabelStatus::unlabelled), where);
  fill_column<std::int32_t>(id, kIterationsColumn, H5T_NATIVE_INT32, 3 * n, 0, where);
  CONDNET_HDF5_CHECK(where, H5Fflush(id, H5F_SCOPE_LOCAL));
  CONDNET_HDF5_CHECK(where, file.close());
}

}  // namespace condnet::data
