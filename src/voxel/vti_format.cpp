#include "voxel/vti_format.hpp"

#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <fstream>
#include <functional>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace condnet::voxel {

namespace {

static_assert(std::endian::native == std::endian::little, "the .vti writer writes little-endian");

// `values` (C order, z fastest) as VTK orders cells (x fastest), as bytes.
template <typename T, typename Value>
std::vector<std::uint8_t> vtk_order(const Shape& shape, Value value) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(shape.count()) * sizeof(T));
  T* out = reinterpret_cast<T*>(bytes.data());
  std::size_t k = 0;
  for (std::int64_t z = 0; z < shape.nz; ++z)
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t x = 0; x < shape.nx; ++x) out[k++] = value(shape.index(x, y, z));
  return bytes;
}

}  // namespace

void write_vti(const std::filesystem::path& path, const Volume& volume,
               const std::vector<VtiField>& fields) {
  const Shape& s = volume.shape();
  const auto count = static_cast<std::uint64_t>(s.count());
  const std::uint8_t* labels = volume.data();
  const bool plain_labels = volume.phase_values().empty();
  // One array at a time in VTK's order (the volume's arrays can be large): "phase", the fields.
  struct Array {
    std::string name, type;
    std::uint64_t bytes;
    std::function<std::vector<std::uint8_t>()> make;
  };
  std::vector<Array> arrays;
  if (plain_labels)
    arrays.push_back(
        {"phase", "UInt8", count,
         [&] { return vtk_order<std::uint8_t>(s, [&](std::int64_t i) { return labels[i]; }); }});
  else
    arrays.push_back({"phase", "Float64", count * sizeof(double), [&] {
                        return vtk_order<double>(
                            s, [&](std::int64_t i) { return volume.value_of(labels[i]); });
                      }});
  for (const auto& field : fields) {
    CONDNET_ASSERT(field.values.size() == count);
    arrays.push_back({field.name, "Float32", count * sizeof(float), [&s, &field] {
                        return vtk_order<float>(s, [&](std::int64_t i) { return field.values[i]; });
                      }});
  }
  std::string header = fmt::format(
      "<?xml version=\"1.0\"?>\n"
      "<VTKFile type=\"ImageData\" version=\"1.0\" byte_order=\"LittleEndian\" "
      "header_type=\"UInt64\">\n"
      "  <ImageData WholeExtent=\"0 {0} 0 {1} 0 {2}\" Origin=\"0 0 0\" Spacing=\"{3} {4} {5}\">\n"
      "    <Piece Extent=\"0 {0} 0 {1} 0 {2}\">\n"
      "      <CellData Scalars=\"phase\">\n",
      s.nx, s.ny, s.nz, volume.spacing()[0], volume.spacing()[1], volume.spacing()[2]);
  std::uint64_t offset = 0;
  for (const auto& a : arrays) {
    header += fmt::format(
        "        <DataArray type=\"{}\" Name=\"{}\" format=\"appended\" offset=\"{}\"/>\n", a.type,
        a.name, offset);
    offset += sizeof(std::uint64_t) + a.bytes;
  }
  header +=
      "      </CellData>\n    </Piece>\n  </ImageData>\n  <AppendedData encoding=\"raw\">\n   _";
  AtomicFile file(path);
  {
    std::ofstream out(file.temp_path(), std::ios::binary);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    for (const auto& a : arrays) {
      const std::vector<std::uint8_t> bytes = a.make();
      CONDNET_ASSERT(bytes.size() == a.bytes);
      out.write(reinterpret_cast<const char*>(&a.bytes), sizeof(a.bytes));
      out.write(reinterpret_cast<const char*>(bytes.data()),
                static_cast<std::streamsize>(bytes.size()));
    }
    const std::string footer = "\n  </AppendedData>\n</VTKFile>\n";
    out.write(footer.data(), static_cast<std::streamsize>(footer.size()));
    out.flush();
    if (!out) fail("{}: cannot write the VTK file (disk full?)", path.string());
  }
  file.commit();
}

}  // namespace condnet::voxel
