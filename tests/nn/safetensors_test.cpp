#include "nn/safetensors.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/error.hpp"
#include "test_paths.hpp"

namespace condnet::test {
namespace {

// Reads a .safetensors file with nothing but Python's json and struct modules and prints
// "name dtype shape sum" per tensor and the metadata, independently of condnet's reader.
constexpr const char* kReader = R"(
import json, struct, sys
data = open(sys.argv[1], 'rb').read()
(n,) = struct.unpack('<Q', data[:8])
header = json.loads(data[8:8 + n])
body = data[8 + n:]
for key, meta in sorted(header.pop('__metadata__', {}).items()):
    print('meta', key, meta)
for name, t in sorted(header.items(), key=lambda kv: kv[1]['data_offsets'][0]):
    begin, end = t['data_offsets']
    count = (end - begin) // 4
    values = struct.unpack('<%df' % count, body[begin:end])
    print(name, t['dtype'], 'x'.join(map(str, t['shape'])), '%.6g' % sum(values))
)";

std::string python_read(const std::filesystem::path& file) {
  const auto script = file.parent_path() / "reader.py";
  std::ofstream(script) << kReader;
  const std::string command = "/usr/bin/python3 " + script.string() + " " + file.string();
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[512];
  for (std::size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) output.append(buffer, n);
  pclose(pipe);
  return output;
}

TEST(Safetensors, WritesWhatPythonReadsAndReadsItBack) {
  const auto dir = scratch_dir("safetensors");
  const auto file = dir / "t.safetensors";
  const std::vector<float> a{1.5f, 2.5f, -1.0f, 4.0f, 0.0f, 3.0f};
  const std::vector<float> b{7.0f};
  nn::write_safetensors(file, {{"format", "test"}},
                        {{"layer.weight", "F32", {2, 3}, std::as_bytes(std::span(a))},
                         {"bias", "F32", {1}, std::as_bytes(std::span(b))}});
  const auto output = python_read(file);
  EXPECT_NE(output.find("meta format test"), std::string::npos) << output;
  EXPECT_NE(output.find("layer.weight F32 2x3 10"), std::string::npos) << output;
  EXPECT_NE(output.find("bias F32 1 7"), std::string::npos) << output;

  const auto read = nn::SafetensorsFile::read(file);
  EXPECT_EQ(read.metadata().at("format"), "test");
  const nn::Dims shape{2, 3};
  EXPECT_EQ(read.floats("layer.weight", &shape), a);
  EXPECT_EQ(read.floats("bias"), b);
  const nn::Dims wrong{3, 2};
  EXPECT_THROW(read.floats("layer.weight", &wrong), Error);
  EXPECT_THROW(read.floats("missing"), Error);
}

TEST(Safetensors, RefusesOtherFilesWithAClearMessage) {
  const auto dir = scratch_dir("safetensors_bad");
  const auto file = dir / "bad.safetensors";
  std::ofstream(file) << "this is not a tensor file at all";
  try {
    nn::SafetensorsFile::read(file);
    FAIL() << "read a text file";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a safetensors file"), std::string::npos);
  }
}

}  // namespace
}  // namespace condnet::test
