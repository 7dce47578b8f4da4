#include "data/hdf5_columns.hpp"

#include "core/error.hpp"

namespace condnet::data::hdf5 {

using voxel::Hdf5Dataspace;
using voxel::Hdf5Owner;
using voxel::Hdf5PropertyList;
using Hdf5Attribute = Hdf5Owner<H5Aclose>;

Hdf5Datatype string_type(const std::string& where) {
  Hdf5Datatype type(CONDNET_HDF5_CHECK(where, H5Tcopy(H5T_C_S1)));
  CONDNET_HDF5_CHECK(where, H5Tset_size(type.get(), H5T_VARIABLE));
  CONDNET_HDF5_CHECK(where, H5Tset_cset(type.get(), H5T_CSET_UTF8));
  return type;
}

Hdf5Datatype enum_type(const std::vector<std::string_view>& names, const std::string& where) {
  Hdf5Datatype type(CONDNET_HDF5_CHECK(where, H5Tenum_create(H5T_NATIVE_UINT8)));
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto value = static_cast<std::uint8_t>(i);
    CONDNET_HDF5_CHECK(where, H5Tenum_insert(type.get(), std::string(names[i]).c_str(), &value));
  }
  return type;
}

bool has_attribute(hid_t object, const char* name, const std::string& where) {
  return CONDNET_HDF5_CHECK(where, H5Aexists(object, name)) > 0;
}

void write_attribute(hid_t object, const char* name, hid_t file_type, hid_t memory_type,
                     const void* data, std::size_t count, const std::string& where) {
  if (has_attribute(object, name, where)) CONDNET_HDF5_CHECK(where, H5Adelete(object, name));
  const hsize_t dims[1] = {count};
  const Hdf5Dataspace space(CONDNET_HDF5_CHECK(
      where, count == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, nullptr)));
  const Hdf5Attribute attribute(CONDNET_HDF5_CHECK(
      where, H5Acreate2(object, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT)));
  CONDNET_HDF5_CHECK(where, H5Awrite(attribute.get(), memory_type, data));
}

void read_attribute(hid_t object, const char* name, hid_t memory_type, void* data,
                    const std::string& where) {
  const Hdf5Attribute attribute(CONDNET_HDF5_CHECK(where, H5Aopen(object, name, H5P_DEFAULT)));
  CONDNET_HDF5_CHECK(where, H5Aread(attribute.get(), memory_type, data));
}

void write_string_attribute(hid_t object, const char* name, std::string_view value,
                            const std::string& where) {
  const Hdf5Datatype type = string_type(where);
  const std::string text(value);
  const char* pointer = text.c_str();
  write_attribute(object, name, type.get(), type.get(), &pointer, 1, where);
}

std::string read_string_attribute(hid_t object, const char* name, const std::string& where) {
  const Hdf5Datatype type = string_type(where);
  char* pointer = nullptr;
  read_attribute(object, name, type.get(), &pointer, where);
  std::string text = pointer ? pointer : "";
  H5free_memory(pointer);
  return text;
}

Hdf5Dataset create_filled(hid_t file, const char* name, hid_t file_type, hid_t memory_type,
                          const std::vector<hsize_t>& dims, const void* fill,
                          const std::string& where) {
  const Hdf5Dataspace space(CONDNET_HDF5_CHECK(
      where, H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr)));
  const Hdf5PropertyList links(CONDNET_HDF5_CHECK(where, H5Pcreate(H5P_LINK_CREATE)));
  CONDNET_HDF5_CHECK(where, H5Pset_create_intermediate_group(links.get(), 1));
  const Hdf5PropertyList creation(CONDNET_HDF5_CHECK(where, H5Pcreate(H5P_DATASET_CREATE)));
  CONDNET_HDF5_CHECK(where, H5Pset_layout(creation.get(), H5D_CONTIGUOUS));
  CONDNET_HDF5_CHECK(where, H5Pset_alloc_time(creation.get(), H5D_ALLOC_TIME_EARLY));
  CONDNET_HDF5_CHECK(where, H5Pset_fill_time(creation.get(), H5D_FILL_TIME_ALLOC));
  CONDNET_HDF5_CHECK(where, H5Pset_fill_value(creation.get(), memory_type, fill));
  CONDNET_HDF5_CHECK(where, H5Pset_obj_track_times(creation.get(), 0));
  return Hdf5Dataset(CONDNET_HDF5_CHECK(
      where,
      H5Dcreate2(file, name, file_type, space.get(), links.get(), creation.get(), H5P_DEFAULT)));
}

void write_whole(hid_t dataset, hid_t memory_type, const void* data, const std::string& where) {
  CONDNET_HDF5_CHECK(where, H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data));
}

std::vector<hsize_t> dims_of(hid_t dataset, const std::string& where) {
  const Hdf5Dataspace space(CONDNET_HDF5_CHECK(where, H5Dget_space(dataset)));
  const int rank = CONDNET_HDF5_CHECK(where, H5Sget_simple_extent_ndims(space.get()));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  CONDNET_HDF5_CHECK(where, H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr));
  return dims;
}

Hdf5Dataset open_dataset(hid_t file, const char* name, const std::string& where) {
  if (H5Lexists(file, name, H5P_DEFAULT) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    fail("{}: not a complete condnet dataset: '{}' is missing", where, name);
  }
  return Hdf5Dataset(CONDNET_HDF5_CHECK(where, H5Dopen2(file, name, H5P_DEFAULT)));
}

void read_whole_into(hid_t file, const char* name, hid_t memory_type, void* data, std::size_t count,
                     const std::string& where) {
  const Hdf5Dataset dataset = open_dataset(file, name, where);
  std::size_t elements = 1;
  for (const hsize_t extent : dims_of(dataset.get(), where)) elements *= extent;
  if (elements != count)
    fail("{}: '{}' holds {} values where the dataset's size needs {}", where, name, elements,
         count);
  voxel::check_storage(dataset.get(), where, fmt::format("'{}'", name));
  CONDNET_HDF5_CHECK(where,
                     H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data));
}

void write_row(hid_t dataset, std::int64_t row, std::size_t row_length, hid_t memory_type,
               const void* data, const std::string& where) {
  const std::vector<hsize_t> dims = dims_of(dataset, where);
  CONDNET_ASSERT(!dims.empty() && row >= 0 && static_cast<hsize_t>(row) < dims[0]);
  const Hdf5Dataspace file_space(CONDNET_HDF5_CHECK(where, H5Dget_space(dataset)));
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  start[0] = static_cast<hsize_t>(row);
  count[0] = 1;
  CONDNET_HDF5_CHECK(where, H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(),
                                                nullptr, count.data(), nullptr));
  const hsize_t memory_dims[1] = {row_length};
  const Hdf5Dataspace memory_space(
      CONDNET_HDF5_CHECK(where, H5Screate_simple(1, memory_dims, nullptr)));
  CONDNET_HDF5_CHECK(where, H5Dwrite(dataset, memory_type, memory_space.get(), file_space.get(),
                                     H5P_DEFAULT, data));
}

void write_strings(hid_t file, const char* name, const std::vector<std::string>& values,
                   const std::string& where) {
  const Hdf5Datatype type = string_type(where);
  const hsize_t dims[1] = {values.size()};
  const Hdf5Dataspace space(CONDNET_HDF5_CHECK(where, H5Screate_simple(1, dims, nullptr)));
  const Hdf5PropertyList creation(CONDNET_HDF5_CHECK(where, H5Pcreate(H5P_DATASET_CREATE)));
  CONDNET_HDF5_CHECK(where, H5Pset_obj_track_times(creation.get(), 0));
  const Hdf5Dataset dataset(CONDNET_HDF5_CHECK(
      where,
      H5Dcreate2(file, name, type.get(), space.get(), H5P_DEFAULT, creation.get(), H5P_DEFAULT)));
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& value : values) pointers.push_back(value.c_str());
  write_whole(dataset.get(), type.get(), pointers.data(), where);
}

std::vector<std::string> read_strings(hid_t file, const char* name, std::size_t count,
                                      const std::string& where) {
  const Hdf5Dataset dataset = open_dataset(file, name, where);
  const std::vector<hsize_t> dims = dims_of(dataset.get(), where);
  if (dims.size() != 1) fail("{}: '{}' is not a 1D list of strings", where, name);
  if (dims[0] != count)
    fail("{}: '{}' holds {} strings where the dataset's size needs {}", where, name, dims[0],
         count);
  const Hdf5Datatype type = string_type(where);
  std::vector<char*> pointers(dims[0], nullptr);
  CONDNET_HDF5_CHECK(
      where, H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()));
  std::vector<std::string> values;
  values.reserve(pointers.size());
  for (char* pointer : pointers) {
    values.emplace_back(pointer ? pointer : "");
    H5free_memory(pointer);
  }
  return values;
}

}  // namespace condnet::data::hdf5
