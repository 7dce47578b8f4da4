// Arrays and JSON between condnet and Python.
#include "bindings.hpp"
#include "core/error.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::python {

namespace {

// numpy's dtype -> condnet's, by numpy's name for it ("uint16" whatever the byte order), which
// condnet's dtype names follow; nullopt for a kind condnet does not read (float16, complex, ...).
std::optional<voxel::ElementType> dtype_of(const py::dtype& dtype) {
  try {
    return voxel::parse_dtype(py::str(dtype.attr("name")).cast<std::string>(), "dtype");
  } catch (const Error&) {
    return std::nullopt;
  }
}

// A writable numpy view of `data` (not owned: the caller keeps it alive while the view is used).
py::array view_of(const py::dtype& dtype, const voxel::Shape& shape, void* data) {
  return py::array(dtype, dims_of(shape), data, py::capsule(data, [](void*) {}));
}

}  // namespace

voxel::Volume volume_argument(const py::object& source, const char* what, py::object& keep) {
  if (py::isinstance<py::str>(source) ||
      py::hasattr(source, "__fspath__")) {  // a path: any format condnet reads
    const auto path = path_argument(source);
    return without_gil([&] { return voxel::read_volume(path); });
  }
  if (!py::isinstance<py::array>(source))
    fail("{}: a numpy array (3 dimensions, integer or bool) or a path is allowed, not {}", what,
         py::str(py::type::of(source).attr("__name__")).cast<std::string>());
  auto array = py::reinterpret_borrow<py::array>(source);
  if (array.ndim() != 3) fail("{}: {} dimensions; a volume has 3 (x, y, z)", what, array.ndim());
  const auto dtype = dtype_of(array.dtype());
  if (!dtype || (*dtype == voxel::ElementType::float32 || *dtype == voxel::ElementType::float64))
    fail("{}: dtype {} is not a phase image; allowed: bool and integer dtypes (uint8 best)", what,
         py::str(array.dtype()).cast<std::string>());
  const voxel::Shape shape{array.shape(0), array.shape(1), array.shape(2)};
  if (shape.count() == 0) fail("{}: shape {} holds no voxel", what, shape.str());
  const bool one_byte_labels = voxel::dtype_size(*dtype) == 1 && *dtype != voxel::ElementType::int8;
  if (one_byte_labels && (array.flags() & py::array::c_style)) {
    keep = array;  // uint8 and bool (bytes 0 and 1): the labels as they are, borrowed
    return voxel::Volume::borrow(shape, static_cast<const std::uint8_t*>(array.data()));
  }
  // Any other layout or dtype: one copy in C order (numpy's strided assignment), then for
  // dtypes other than uint8 and bool the conversion a file's values get.
  if (one_byte_labels) {
    voxel::Volume volume(shape);
    view_of(py::dtype::of<std::uint8_t>(), shape, volume.data())[py::ellipsis()] = array;
    return volume;
  }
  voxel::RawArray raw;
  raw.shape = shape;
  raw.dtype = *dtype;
  raw.bytes.resize(static_cast<std::size_t>(array.nbytes()));
  // native byte order: numpy swaps the bytes of a big-endian array as it copies
  view_of(py::dtype(std::string(voxel::dtype_name(*dtype))), shape,
          raw.bytes.data())[py::ellipsis()] = array;
  return voxel::volume_from_array(std::move(raw), what);
}

py::array owned_array(std::vector<std::uint8_t>&& bytes, const py::dtype& dtype,
                      const std::vector<py::ssize_t>& dims) {
  auto* owner = new std::vector<std::uint8_t>(std::move(bytes));
  py::capsule free_when_done(owner,
                             [](void* p) { delete static_cast<std::vector<std::uint8_t>*>(p); });
  return py::array(dtype, dims, owner->data(), free_when_done);
}

py::object to_python(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
      return py::none();
    case nlohmann::json::value_t::boolean:
      return py::bool_(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return py::int_(json.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return py::int_(json.get<std::uint64_t>());
    case nlohmann::json::value_t::number_float:
      return py::float_(json.get<double>());
    case nlohmann::json::value_t::string:
      return py::str(json.get<std::string>());
    case nlohmann::json::value_t::array: {
      py::list out;
      for (const auto& item : json) out.append(to_python(item));
      return std::move(out);
    }
    case nlohmann::json::value_t::object: {
      py::dict out;
      for (const auto& [key, value] : json.items()) out[py::str(key)] = to_python(value);
      return std::move(out);
    }
    default:
      return py::none();
  }
}

nlohmann::json from_python(const py::handle& value, const std::string& what) {
  if (value.is_none()) return nullptr;
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>();
  if (py::isinstance<py::int_>(value)) return value.cast<std::int64_t>();
  if (py::isinstance<py::float_>(value)) return value.cast<double>();
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(from_python(item, what));
    return out;
  }
  if (py::isinstance<py::dict>(value)) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : value.cast<py::dict>())
      out[py::str(key).cast<std::string>()] = from_python(item, what);
    return out;
  }
  // numpy scalars and anything else that is a number
  const auto numbers = py::module_::import("numbers");
  const auto object = py::reinterpret_borrow<py::object>(value);
  if (py::isinstance(object, numbers.attr("Integral")))
    return py::int_(object).cast<std::int64_t>();
  if (py::isinstance(object, numbers.attr("Real"))) return py::float_(object).cast<double>();
  fail("{}: {} is not a number, text, bool, list or dict", what,
       py::str(py::type::of(value).attr("__name__")).cast<std::string>());
}

std::string path_argument(const py::object& path) {
  return py::str(py::module_::import("os").attr("fspath")(path)).cast<std::string>();
}

}  // namespace condnet::python
