#include "voxel/hdf5_format.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "voxel/claimed_size.hpp"
#include "voxel/hdf5_handle.hpp"
#include "voxel/hdf5_spacing.hpp"

namespace condnet::voxel {

namespace {

constexpr hsize_t kMaxChunkExtent = 64;
constexpr unsigned kGzipLevel = 4;
constexpr std::size_t kListedDatasets = 10;
constexpr std::string_view kAllowedTypes =
    "integers of 1, 2, 4 or 8 bytes, 32- or 64-bit floats, or booleans (h5py's FALSE/TRUE enum)";

// The predefined HDF5 type of each ElementType in memory (native) and in files written by condnet
// (little-endian, as h5py writes on common machines); bool has its own enum type.
hid_t native_type(ElementType dtype) {
  switch (dtype) {
    case ElementType::boolean:
      break;
    case ElementType::uint8:
      return H5T_NATIVE_UINT8;
    case ElementType::int8:
      return H5T_NATIVE_INT8;
    case ElementType::uint16:
      return H5T_NATIVE_UINT16;
    case ElementType::int16:
      return H5T_NATIVE_INT16;
    case ElementType::uint32:
      return H5T_NATIVE_UINT32;
    case ElementType::int32:
      return H5T_NATIVE_INT32;
    case ElementType::uint64:
      return H5T_NATIVE_UINT64;
    case ElementType::int64:
      return H5T_NATIVE_INT64;
    case ElementType::float32:
      return H5T_NATIVE_FLOAT;
    case ElementType::float64:
      return H5T_NATIVE_DOUBLE;
  }
  CONDNET_ASSERT(false);
  return H5I_INVALID_HID;
}

hid_t file_type(ElementType dtype) {
  switch (dtype) {
    case ElementType::boolean:
      break;
    case ElementType::uint8:
      return H5T_STD_U8LE;
    case ElementType::int8:
      return H5T_STD_I8LE;
    case ElementType::uint16:
      return H5T_STD_U16LE;
    case ElementType::int16:
      return H5T_STD_I16LE;
    case ElementType::uint32:
      return H5T_STD_U32LE;
    case ElementType::int32:
      return H5T_STD_I32LE;
    case ElementType::uint64:
      return H5T_STD_U64LE;
    case ElementType::int64:
      return H5T_STD_I64LE;
    case ElementType::float32:
      return H5T_IEEE_F32LE;
    case ElementType::float64:
      return H5T_IEEE_F64LE;
  }
  CONDNET_ASSERT(false);
  return H5I_INVALID_HID;
}

// h5py's boolean: an enum on a native int8 with members FALSE = 0 and TRUE = 1.
Hdf5Datatype make_bool_type(const std::string& where) {
  Hdf5Datatype type(CONDNET_HDF5_CHECK(where, H5Tenum_create(H5T_NATIVE_INT8)));
  const std::int8_t no = 0, yes = 1;
  CONDNET_HDF5_CHECK(where, H5Tenum_insert(type.get(), "FALSE", &no));
  CONDNET_HDF5_CHECK(where, H5Tenum_insert(type.get(), "TRUE", &yes));
  return type;
}

bool is_h5py_bool(hid_t type, const std::string& where) {
  Hdf5Datatype base(CONDNET_HDF5_CHECK(where, H5Tget_super(type)));
  if (CONDNET_HDF5_CHECK(where, H5Tget_class(base.get())) != H5T_INTEGER ||
      CONDNET_HDF5_CHECK(where, H5Tget_size(base.get())) != 1 ||
      CONDNET_HDF5_CHECK(where, H5Tget_nmembers(type)) != 2)
    return false;
  for (unsigned member = 0; member < 2; ++member) {
    char* name = CONDNET_HDF5_CHECK(where, H5Tget_member_name(type, member));
    const std::string member_name = name;
    H5free_memory(name);
    std::int8_t value = -1;
    CONDNET_HDF5_CHECK(where, H5Tget_member_value(type, member, &value));
    if (!(member_name == "FALSE" && value == 0) && !(member_name == "TRUE" && value == 1))
      return false;
  }
  return true;
}

std::string describe_type(H5T_class_t type_class, std::size_t size) {
  switch (type_class) {
    case H5T_INTEGER:
      return fmt::format("{}-byte integers", size);
    case H5T_FLOAT:
      return fmt::format("{}-bit floats", size * 8);
    case H5T_STRING:
      return "strings";
    case H5T_COMPOUND:
      return "compound records";
    case H5T_ENUM:
      return "an enum other than h5py's boolean";
    case H5T_ARRAY:
      return "arrays per element";
    default:
      return "a non-numeric type";
  }
}

// The ElementType that holds the dataset's elements exactly.
ElementType dtype_of(hid_t type, const std::string& where, const std::string& dataset) {
  const H5T_class_t type_class = CONDNET_HDF5_CHECK(where, H5Tget_class(type));
  const std::size_t size = CONDNET_HDF5_CHECK(where, H5Tget_size(type));
  if (type_class == H5T_INTEGER) {
    const bool is_signed = CONDNET_HDF5_CHECK(where, H5Tget_sign(type)) == H5T_SGN_2;
    switch (size) {
      case 1:
        return is_signed ? ElementType::int8 : ElementType::uint8;
      case 2:
        return is_signed ? ElementType::int16 : ElementType::uint16;
      case 4:
        return is_signed ? ElementType::int32 : ElementType::uint32;
      case 8:
        return is_signed ? ElementType::int64 : ElementType::uint64;
    }
  }
  if (type_class == H5T_FLOAT && size == 4) return ElementType::float32;
  if (type_class == H5T_FLOAT && size == 8) return ElementType::float64;
  if (type_class == H5T_ENUM && is_h5py_bool(type, where)) return ElementType::boolean;
  fail("{}: dataset '{}' holds {}; allowed: {}", where, dataset, describe_type(type_class, size),
       kAllowedTypes);
}

std::string describe_dims(const std::vector<hsize_t>& dims) {
  std::string text;
  for (const hsize_t extent : dims) text += fmt::format("{}{}", text.empty() ? "" : "x", extent);
  return dims.empty() ? "a scalar" : text;
}

std::vector<hsize_t> dims_of(hid_t dataset, const std::string& where) {
  Hdf5Dataspace space(CONDNET_HDF5_CHECK(where, H5Dget_space(dataset)));
  const int rank = CONDNET_HDF5_CHECK(where, H5Sget_simple_extent_ndims(space.get()));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  CONDNET_HDF5_CHECK(where, H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr));
  return dims;
}

// The 2D/3D datasets of a file, for the message about a dataset that is not there.
struct DatasetListing {
  std::vector<std::string> shown;  // "/group/name (64x64x64)"
  std::size_t total = 0;
};

// An H5Lvisit callback; HDF5 calls it from C, so nothing may be thrown out of it. H5Oopen and
// H5Iget_type probe here: their failure means "not a readable dataset", not an error.
herr_t list_volume_dataset(hid_t group, const char* name, const H5L_info_t* info, void* data) {
  if (info->type != H5L_TYPE_HARD) return 0;
  const hid_t object = H5Oopen(group, name, H5P_DEFAULT);
  if (object < 0) {
    H5Eclear2(H5E_DEFAULT);
    return 0;
  }
  Hdf5Object owner(object);
  if (H5Iget_type(object) != H5I_DATASET) return 0;
  try {
    const std::vector<hsize_t> dims = dims_of(object, "");
    if (dims.size() != 2 && dims.size() != 3) return 0;
    auto& listing = *static_cast<DatasetListing*>(data);
    if (listing.shown.size() < kListedDatasets)
      listing.shown.push_back(fmt::format("/{} ({})", name, describe_dims(dims)));
    ++listing.total;
  } catch (...) {
    H5Eclear2(H5E_DEFAULT);  // an unreadable dataset is left out of the listing
  }
  return 0;
}

std::string available_datasets(hid_t file) {
  DatasetListing listing;
  if (H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, list_volume_dataset, &listing) < 0)
    H5Eclear2(H5E_DEFAULT);
  if (listing.total == 0) return "the file holds no 2D or 3D datasets";
  std::string text = "the file holds ";
  for (std::size_t i = 0; i < listing.shown.size(); ++i)
    text += (i == 0 ? "" : ", ") + listing.shown[i];
  if (listing.total > listing.shown.size())
    text += fmt::format(" and {} more", listing.total - listing.shown.size());
  return text;
}

// Opens `dataset`, checking each level of its path so that a missing one is reported as such
// (H5Lexists probes: failing means that the level is not there).
Hdf5Object open_dataset(hid_t file, const std::string& dataset, const std::string& where) {
  for (std::size_t end = dataset.find('/', 1);; end = dataset.find('/', end + 1)) {
    const std::string prefix = dataset.substr(0, end);
    if (!prefix.empty() && prefix != "/" && H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      fail("{}: no dataset '{}'{}; {}", where, dataset,
           prefix == dataset ? "" : fmt::format(" ('{}' does not exist)", prefix),
           available_datasets(file));
    }
    if (end == std::string::npos) break;
  }
  const hid_t object = H5Oopen(file, dataset.c_str(), H5P_DEFAULT);
  if (object < 0)
    fail("{}: cannot open dataset '{}': {}; {}", where, dataset, hdf5_error_reason(),
         available_datasets(file));
  Hdf5Object owner(object);
  if (CONDNET_HDF5_CHECK(where, H5Iget_type(object)) != H5I_DATASET)
    fail("{}: '{}' is a group, not a dataset; {}", where, dataset, available_datasets(file));
  return owner;
}

RawArray read_in_this_process(const std::filesystem::path& file, const std::string& dataset) {
  const std::string where = file.string();
  Hdf5File h5(CONDNET_HDF5_CHECK(where, H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)));
  const Hdf5Object object = open_dataset(h5.get(), dataset, where);
  const std::vector<hsize_t> dims = dims_of(object.get(), where);
  if (dims.size() != 2 && dims.size() != 3)
    fail(
        "{}: dataset '{}' has shape {} ({}D); allowed: a 3D dataset (x, y, z) or a 2D image (H, "
        "W), "
        "read as 1 x H x W",
        where, dataset, describe_dims(dims), dims.size());
  if (std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end())
    fail("{}: dataset '{}' of shape {} is empty; a volume needs at least one voxel", where, dataset,
         describe_dims(dims));
  const Hdf5Datatype stored(CONDNET_HDF5_CHECK(where, H5Dget_type(object.get())));
  const ElementType dtype = dtype_of(stored.get(), where, dataset);
  check_claimed_size(where, fmt::format("dataset '{}'", dataset),
                     {dims[0], dims[1], dims.size() == 3 ? dims[2] : 1}, dtype);
  check_storage(object.get(), where, fmt::format("dataset '{}'", dataset));
  const Shape shape =
      dims.size() == 3
          ? Shape{static_cast<std::int64_t>(dims[0]), static_cast<std::int64_t>(dims[1]),
                  static_cast<std::int64_t>(dims[2])}
          : Shape{1, static_cast<std::int64_t>(dims[0]), static_cast<std::int64_t>(dims[1])};

  const Hdf5Datatype bool_type =
      dtype == ElementType::boolean ? make_bool_type(where) : Hdf5Datatype();
  const hid_t memory_type = dtype == ElementType::boolean ? bool_type.get() : native_type(dtype);

  RawArray array{
      shape, dtype,
      std::vector<std::uint8_t>(static_cast<std::size_t>(shape.count()) * dtype_size(dtype)),
      std::nullopt};
  CONDNET_HDF5_CHECK(
      where, H5Dread(object.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, array.bytes.data()));
  array.spacing = read_hdf5_spacing(object.get(), static_cast<int>(dims.size()),
                                    fmt::format("{}:{}", where, dataset));
  return array;
}

}  // namespace

RawArray read_hdf5(const std::filesystem::path& file, const std::string& dataset) {
  silence_hdf5_errors();
  const std::string where = file.string();
  std::error_code error;
  if (!std::filesystem::exists(file, error)) fail_missing("{}: no such file", where);
  if (std::filesystem::is_directory(file, error))
    fail("{}: is a directory; expected an HDF5 file", where);
  if (H5Fis_hdf5(file.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    fail("{}: not an HDF5 file; allowed: an HDF5 file given as FILE:/group/dataset", where);
  }
  if (dataset.empty() || dataset == "/")
    fail("{}: no dataset named; give it as {}:/group/dataset", where, where);
  // libhdf5 crashes on some damaged files (core/run_in_child.hpp): a child reads it first.
  run_in_child(hdf5_check(file), [&] { read_in_this_process(file, dataset); });
  return read_in_this_process(file, dataset);
}

void write_hdf5(const RawArray& array, const std::filesystem::path& file,
                const std::string& dataset) {
  const Shape& s = array.shape;
  CONDNET_ASSERT(s.nx > 0 && s.ny > 0 && s.nz > 0);
  CONDNET_ASSERT(array.bytes.size() ==
                 static_cast<std::size_t>(s.count()) * dtype_size(array.dtype));
  const std::string where = file.string();
  if (dataset.empty() || dataset == "/" || dataset.back() == '/')
    fail("{}: dataset name '{}' is not a dataset path; give it as {}:/group/dataset", where,
         dataset, where);
  silence_hdf5_errors();

  AtomicFile atomic(file);
  Hdf5File h5(CONDNET_HDF5_CHECK(
      where, H5Fcreate(atomic.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)));
  // dims, chunk: (x, y, z), chunks of at most kMaxChunkExtent per axis.
  const std::array<hsize_t, 3> dims = {static_cast<hsize_t>(s.nx), static_cast<hsize_t>(s.ny),
                                       static_cast<hsize_t>(s.nz)};
  std::array<hsize_t, 3> chunk{};
  for (std::size_t axis = 0; axis < 3; ++axis) chunk[axis] = std::min(dims[axis], kMaxChunkExtent);

  const Hdf5Dataspace space(CONDNET_HDF5_CHECK(where, H5Screate_simple(3, dims.data(), nullptr)));
  const Hdf5PropertyList links(CONDNET_HDF5_CHECK(where, H5Pcreate(H5P_LINK_CREATE)));
  CONDNET_HDF5_CHECK(where, H5Pset_create_intermediate_group(links.get(), 1));
  const Hdf5PropertyList creation(CONDNET_HDF5_CHECK(where, H5Pcreate(H5P_DATASET_CREATE)));
  CONDNET_HDF5_CHECK(where, H5Pset_chunk(creation.get(), 3, chunk.data()));
  CONDNET_HDF5_CHECK(where, H5Pset_deflate(creation.get(), kGzipLevel));

  const Hdf5Datatype bool_type =
      array.dtype == ElementType::boolean ? make_bool_type(where) : Hdf5Datatype();
  const hid_t stored_type =
      array.dtype == ElementType::boolean ? bool_type.get() : file_type(array.dtype);
  const hid_t memory_type =
      array.dtype == ElementType::boolean ? bool_type.get() : native_type(array.dtype);
  Hdf5Dataset written(
      CONDNET_HDF5_CHECK(where, H5Dcreate2(h5.get(), dataset.c_str(), stored_type, space.get(),
                                           links.get(), creation.get(), H5P_DEFAULT)));
  CONDNET_HDF5_CHECK(where, H5Dwrite(written.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                     array.bytes.data()));
  if (array.spacing) write_hdf5_spacing(written.get(), *array.spacing, where);
  CONDNET_HDF5_CHECK(where, written.close());
  CONDNET_HDF5_CHECK(where, h5.close());
  atomic.commit();
}

std::optional<Hdf5Path> split_hdf5_spec(const std::string& spec) {
  const std::size_t at = spec.rfind(":/");
  if (at == std::string::npos) return std::nullopt;
  return Hdf5Path{spec.substr(0, at), spec.substr(at + 1)};
}

}  // namespace condnet::voxel
