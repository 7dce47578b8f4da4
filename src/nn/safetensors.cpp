#include "nn/safetensors.hpp"

#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace condnet::nn {

static_assert(std::endian::native == std::endian::little, "safetensors is little-endian");

namespace {

// Largest header the Python reader accepts.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

std::size_t dtype_bytes(const std::string& dtype) {
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "I8" || dtype == "U8" || dtype == "BOOL") return 1;
  return 0;
}

}  // namespace

void write_safetensors(const std::filesystem::path& path,
                       const std::map<std::string, std::string>& metadata,
                       const std::vector<SafetensorsView>& tensors) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::size_t offset = 0;
  for (const auto& tensor : tensors) {
    CONDNET_ASSERT(dtype_bytes(tensor.dtype) *
                       static_cast<std::size_t>(element_count(tensor.shape)) ==
                   tensor.bytes.size());
    CONDNET_ASSERT(!header.contains(tensor.name));
    header[tensor.name] = {{"dtype", tensor.dtype},
                           {"shape", tensor.shape},
                           {"data_offsets", {offset, offset + tensor.bytes.size()}}};
    offset += tensor.bytes.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  const std::uint64_t length = text.size();

  AtomicFile file(path);
  std::ofstream out(file.temp_path(), std::ios::binary);
  out.write(reinterpret_cast<const char*>(&length), sizeof(length));
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  for (const auto& tensor : tensors)
    out.write(reinterpret_cast<const char*>(tensor.bytes.data()),
              static_cast<std::streamsize>(tensor.bytes.size()));
  out.close();
  if (!out) fail("{}: cannot write the file: {}", path.string(), std::strerror(errno));
  file.commit();
}

SafetensorsFile SafetensorsFile::read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("{}: cannot open the file", path.string());
  in.seekg(0, std::ios::end);
  const auto file_size = static_cast<std::uint64_t>(in.tellg());
  in.seekg(0);
  const auto bad = [&](const std::string& why) {
    fail("{}: not a safetensors file ({})", path.string(), why);
  };
  std::uint64_t length = 0;
  if (file_size < 8 || !in.read(reinterpret_cast<char*>(&length), 8)) bad("shorter than 8 bytes");
  if (length > kMaxHeaderBytes || length + 8 > file_size)
    bad(fmt::format("header length {} does not fit the file's {} bytes", length, file_size));
  std::string text(length, '\0');
  in.read(text.data(), static_cast<std::streamsize>(length));
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {  // parse_error; out_of_range: 1e999
    bad("the header is not JSON");
  }
  if (!header.is_object()) bad("the header is not a JSON object");

  SafetensorsFile file;
  file.path_ = path;
  const std::uint64_t data_bytes = file_size - 8 - length;
  for (const auto& [name, value] : header.items()) {
    if (name == "__metadata__") {
      if (!value.is_object()) bad("__metadata__ is not an object");
      for (const auto& [key, text_value] : value.items()) {
        if (!text_value.is_string()) bad(fmt::format("metadata '{}' is not a string", key));
        file.metadata_[key] = text_value.get<std::string>();
      }
      continue;
    }
    try {
      Entry entry;
      entry.dtype = value.at("dtype").get<std::string>();
      entry.shape = value.at("shape").get<Dims>();
      const auto offsets = value.at("data_offsets").get<std::vector<std::uint64_t>>();
      if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > data_bytes)
        bad(fmt::format("tensor '{}' lies outside the data", name));
      const std::size_t element = dtype_bytes(entry.dtype);
      if (element == 0) bad(fmt::format("tensor '{}' has unknown dtype {}", name, entry.dtype));
      if (element * static_cast<std::uint64_t>(element_count(entry.shape)) !=
          offsets[1] - offsets[0])
        bad(fmt::format("tensor '{}' has {} bytes for shape {}", name, offsets[1] - offsets[0],
                        format_dims(entry.shape)));
      entry.begin = offsets[0];
      entry.end = offsets[1];
      file.entries_[name] = entry;
    } catch (const nlohmann::json::exception&) {
      bad(fmt::format("tensor '{}' lacks dtype, shape or data_offsets", name));
    }
  }
  file.data_.resize(data_bytes);
  if (!in.read(reinterpret_cast<char*>(file.data_.data()),
               static_cast<std::streamsize>(data_bytes)))
    bad("the data section is truncated");
  return file;
}

std::vector<float> SafetensorsFile::floats(const std::string& name, const Dims* shape) const {
  const auto found = entries_.find(name);
  if (found == entries_.end()) fail("{}: has no tensor '{}'", path_.string(), name);
  const Entry& entry = found->second;
  if (entry.dtype != "F32")
    fail("{}: tensor '{}' is {}, expected F32", path_.string(), name, entry.dtype);
  if (shape && entry.shape != *shape)
    fail("{}: tensor '{}' has shape {}, expected {}", path_.string(), name,
         format_dims(entry.shape), format_dims(*shape));
  std::vector<float> values((entry.end - entry.begin) / sizeof(float));
  std::memcpy(values.data(), data_.data() + entry.begin, entry.end - entry.begin);
  return values;
}

}  // namespace condnet::nn
