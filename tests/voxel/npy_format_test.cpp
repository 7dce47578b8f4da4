#include "voxel/npy_format.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "test_paths.hpp"
#include "voxel/volume_patterns.hpp"

namespace condnet::test {
namespace {

using voxel::ElementType;
using voxel::RawArray;
using voxel::Shape;

// numpy's name for each dtype, without the byte order, in kAllDTypes order.
constexpr std::array<const char*, 11> kNumpyCodes = {"b1", "u1", "i1", "u2", "i2", "u4",
                                                     "i4", "u8", "i8", "f4", "f8"};

// The same pattern as volume_patterns.hpp, computed by numpy.
constexpr const char* kPatternPython = R"(
import sys
import numpy as np

CODES = ['b1', 'u1', 'i1', 'u2', 'i2', 'u4', 'i4', 'u8', 'i8', 'f4', 'f8']

def pattern(shape, code):
    if len(shape) == 3:
        x, y, z = np.indices(shape, dtype=np.int64)
    else:
        y, z = np.indices(shape, dtype=np.int64)
        x = 0
    base = (x * 7 + y * 3 + z) % 251
    values = {
        'b1': base % 2 != 0, 'u1': base, 'i1': base - 125,
        'u2': base * 257, 'i2': (base - 125) * 257,
        'u4': base * 16777259, 'i4': (base - 125) * 16777259,
        'u8': base * 1099511627783, 'i8': (base - 125) * 1099511627783,
        'f4': (base - 125) + 0.5, 'f8': (base - 125) * 1e10 + 0.25,
    }[code]
    return np.asarray(values).astype(np.dtype(code))
)";

// numpy writes every dtype in C and Fortran order, little- and big-endian, 2D, and format
// versions 2.0 and 3.0.
constexpr const char* kNumpyWrites = R"(
out = sys.argv[1]
for code in CODES:
    a = pattern((5, 4, 3), code)
    orders = ['|'] if a.dtype.itemsize == 1 else ['<', '>']
    for order in orders:
        typed = a.astype(np.dtype(order + code))
        np.save(f'{out}/{code}_C_{order == ">"}.npy', typed)
        np.save(f'{out}/{code}_F_{order == ">"}.npy', np.asfortranarray(typed))
    np.save(f'{out}/{code}_2d.npy', pattern((4, 3), code))
    np.save(f'{out}/{code}_2d_F.npy', np.asfortranarray(pattern((4, 3), code)))
for version, code in [((2, 0), 'i4'), ((3, 0), 'f8')]:
    with open(f'{out}/{code}_v{version[0]}.npy', 'wb') as f:
        np.lib.format.write_array(f, pattern((5, 4, 3), code), version=version)
)";

// numpy checks what condnet wrote: dtype, shape, every value, and 64-byte data alignment.
constexpr const char* kNumpyChecks = R"(
out = sys.argv[1]
failed = False
def check(path, expected):
    global failed
    a = np.load(path)
    with open(path, 'rb') as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            np.lib.format.read_array_header_1_0(f)
        else:
            np.lib.format.read_array_header_2_0(f)
        aligned = f.tell() % 64 == 0
    if a.dtype != expected.dtype or a.shape != expected.shape or not np.array_equal(a, expected):
        print(f'{path}: got {a.dtype} {a.shape}, expected {expected.dtype} {expected.shape}')
        failed = True
    if not aligned:
        print(f'{path}: data does not start at a multiple of 64')
        failed = True
for code in CODES:
    check(f'{out}/{code}.npy', pattern((5, 4, 3), code))
check(f'{out}/field.npy', (np.arange(60, dtype=np.float32) * 0.25 - 3).reshape(6, 5, 2))
sys.exit(1 if failed else 0)
)";

// The first interpreter that has numpy ("python3" may be a pyenv shim without it).
const std::string& python_with_numpy() {
  static const std::string found = [] {
    for (const std::string candidate : {"python3", "/usr/bin/python3"})
      if (std::system((candidate + " -c 'import numpy' > /dev/null 2>&1").c_str()) == 0)
        return candidate;
    return std::string();
  }();
  return found;
}

// Runs `body` (after kPatternPython) with argument `dir`; returns its output, and its exit
// status through `status`.
std::string run_python(const std::string& body, const std::filesystem::path& dir, int& status) {
  const auto script = dir / "script.py";
  const auto log = dir / "script.log";
  std::ofstream(script) << kPatternPython << body;
  const int raw = std::system((python_with_numpy() + " " + script.string() + " " + dir.string() +
                               " > " + log.string() + " 2>&1")
                                  .c_str());
  status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ostringstream output;
  output << std::ifstream(log).rdbuf();
  return output.str();
}

std::string read_text(const std::filesystem::path& path) {
  std::ostringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

// A .npy file written byte by byte: magic, version, length, `header` as given, `data`.
void write_npy_by_hand(const std::filesystem::path& path, const std::string& header,
                       const std::string& data, int major = 1) {
  std::string bytes = "\x93NUMPY";
  bytes += static_cast<char>(major);
  bytes += '\0';
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  for (std::size_t i = 0; i < length_bytes; ++i)
    bytes += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  std::ofstream(path, std::ios::binary) << bytes << header << data;
}

// The Error message read_npy throws for `path`; fails the test when it does not throw.
std::string read_error(const std::filesystem::path& path) {
  try {
    voxel::read_npy(path);
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << path << " was read without error";
  return "";
}

void expect_one_line_naming(const std::string& message, const std::filesystem::path& path) {
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(NpyFormat, ReadsWhatNumpyWrites) {
  if (python_with_numpy().empty()) GTEST_SKIP() << "python3 with numpy not found; skipping";
  const auto dir = scratch_dir("npy_numpy_writes");
  int status = 0;
  const std::string output = run_python(kNumpyWrites, dir, status);
  ASSERT_EQ(status, 0) << output;

  for (std::size_t i = 0; i < kAllDTypes.size(); ++i) {
    const ElementType dtype = kAllDTypes[i];
    const std::string code = kNumpyCodes[i];
    const RawArray volume = make_pattern({5, 4, 3}, dtype);
    const RawArray image = make_pattern({1, 4, 3}, dtype);
    std::vector<std::string> names = {code + "_C_False.npy", code + "_F_False.npy"};
    if (voxel::dtype_size(dtype) > 1) {
      names.push_back(code + "_C_True.npy");
      names.push_back(code + "_F_True.npy");
    }
    for (const auto& name : names) expect_same_array(voxel::read_npy(dir / name), volume, name);
    expect_same_array(voxel::read_npy(dir / (code + "_2d.npy")), image, code + "_2d");
    expect_same_array(voxel::read_npy(dir / (code + "_2d_F.npy")), image, code + "_2d_F");
    // The oracle really exercised Fortran order and big-endian data.
    EXPECT_NE(read_text(dir / (code + "_F_False.npy")).find("'fortran_order': True"),
              std::string::npos);
    if (voxel::dtype_size(dtype) > 1)
      EXPECT_NE(read_text(dir / (code + "_C_True.npy")).find("'>" + code + "'"), std::string::npos);
  }
  expect_same_array(voxel::read_npy(dir / "i4_v2.npy"), make_pattern({5, 4, 3}, ElementType::int32),
                    "version 2.0");
  expect_same_array(voxel::read_npy(dir / "f8_v3.npy"),
                    make_pattern({5, 4, 3}, ElementType::float64), "version 3.0");
  EXPECT_EQ(read_text(dir / "i4_v2.npy")[6], 2);
  EXPECT_EQ(read_text(dir / "f8_v3.npy")[6], 3);
}

TEST(NpyFormat, NumpyReadsWhatCondnetWrites) {
  if (python_with_numpy().empty()) GTEST_SKIP() << "python3 with numpy not found; skipping";
  const auto dir = scratch_dir("npy_condnet_writes");
  for (std::size_t i = 0; i < kAllDTypes.size(); ++i)
    voxel::write_npy(make_pattern({5, 4, 3}, kAllDTypes[i]),
                     dir / (std::string(kNumpyCodes[i]) + ".npy"));
  std::vector<float> field(60);
  for (std::size_t i = 0; i < field.size(); ++i) field[i] = static_cast<float>(i) * 0.25f - 3;
  voxel::write_npy_floats(field, {6, 5, 2}, dir / "field.npy");
  int status = 0;
  const std::string output = run_python(kNumpyChecks, dir, status);
  EXPECT_EQ(status, 0) << output;
}

TEST(NpyFormat, RoundTripsEveryDtype) {
  const auto dir = scratch_dir("npy_round_trip");
  for (const ElementType dtype : kAllDTypes) {
    const RawArray array = make_pattern({7, 2, 9}, dtype);
    const auto path = dir / (std::string(voxel::dtype_name(dtype)) + ".npy");
    voxel::write_npy(array, path);
    expect_same_array(voxel::read_npy(path), array, path.string());
    EXPECT_EQ(read_text(path).find("\x93NUMPY\x01"), 0u);
  }
}

TEST(NpyFormat, HeaderToleratesWhitespaceQuotesAndKeyOrder) {
  const auto dir = scratch_dir("npy_header_forms");
  const auto path = dir / "forms.npy";
  // uint16 1..8 in Fortran order, shape (2, 2, 2): C element (x, y, z) holds
  // 1 + x + 2y + 4z.
  std::string data;
  for (int v = 1; v <= 8; ++v) data += {static_cast<char>(v), '\0'};
  write_npy_by_hand(path, "{ \"shape\" :(2,2,2,) ,'fortran_order':True,\t'descr':'<u2'}  \n", data);
  const RawArray array = voxel::read_npy(path);
  ASSERT_EQ(array.shape, (Shape{2, 2, 2}));
  ASSERT_EQ(array.dtype, ElementType::uint16);
  const auto* values = reinterpret_cast<const std::uint16_t*>(array.bytes.data());
  for (int x = 0; x < 2; ++x)
    for (int y = 0; y < 2; ++y)
      for (int z = 0; z < 2; ++z)
        EXPECT_EQ(values[array.shape.index(x, y, z)], 1 + x + 2 * y + 4 * z);
}

TEST(NpyFormat, DataStartsAtMultipleOf64) {
  const auto dir = scratch_dir("npy_alignment");
  const auto path = dir / "a.npy";
  voxel::write_npy(make_pattern({300, 20, 1}, ElementType::int16), path);
  const std::string bytes = read_text(path);
  const std::size_t header_length =
      static_cast<unsigned char>(bytes[8]) + 256 * static_cast<unsigned char>(bytes[9]);
  EXPECT_EQ((10 + header_length) % 64, 0u);
  EXPECT_EQ(bytes[10 + header_length - 1], '\n');
  EXPECT_EQ(bytes.size(), 10 + header_length + 300 * 20 * 2);
}

TEST(NpyFormat, BadMagicIsOneLineNamingFile) {
  const auto path = scratch_dir("npy_bad_magic") / "image.npy";
  std::ofstream(path) << "P5\n64 64\n255\n" << std::string(64, 'x');
  const std::string message = read_error(path);
  expect_one_line_naming(message, path);
  EXPECT_NE(message.find("not a .npy file"), std::string::npos) << message;
}

TEST(NpyFormat, UnsupportedVersionIsOneLine) {
  const auto path = scratch_dir("npy_version") / "v9.npy";
  write_npy_by_hand(path, "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 1, 1), }\n",
                    "\x01", 9);
  const std::string message = read_error(path);
  expect_one_line_naming(message, path);
  EXPECT_NE(message.find("9.0"), std::string::npos) << message;
}

TEST(NpyFormat, HeaderWithoutShapeIsOneLineNamingFile) {
  const auto path = scratch_dir("npy_no_shape") / "noshape.npy";
  write_npy_by_hand(path, "{'descr': '|u1', 'fortran_order': False, }\n", "\x01");
  const std::string message = read_error(path);
  expect_one_line_naming(message, path);
  EXPECT_NE(message.find("missing key 'shape'"), std::string::npos) << message;
}

TEST(NpyFormat, MalformedHeadersAreRejected) {
  const auto dir = scratch_dir("npy_malformed");
  const std::vector<std::string> headers = {
      "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 1, 1), 'extra': 1}",
      "{'descr': '|u1', 'descr': '|u1', 'fortran_order': False, 'shape': (1, 1, 1)}",
      "{'descr': '|u1', 'fortran_order': 0, 'shape': (1, 1, 1)}",
      "{'descr': '|u1', 'fortran_order': False, 'shape': (1)}",
      "{'descr': '|u1', 'fortran_order': False, 'shape': (1, -1, 1)}",
      "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 1, 1)} junk",
      "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 1, 1)",
      "",
  };
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const auto path = dir / fmt::format("h{}.npy", i);
    write_npy_by_hand(path, headers[i] + "\n", "\x01");
    const std::string message = read_error(path);
    expect_one_line_naming(message, path);
    EXPECT_NE(message.find("bad .npy header"), std::string::npos) << message;
  }
}

TEST(NpyFormat, TruncatedDataNamesExpectedAndActualBytes) {
  const auto dir = scratch_dir("npy_truncated");
  const auto path = dir / "cut.npy";
  voxel::write_npy(make_pattern({4, 4, 4}, ElementType::uint16), path);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 28);  // 100 of 128
  const std::string message = read_error(path);
  expect_one_line_naming(message, path);
  EXPECT_NE(message.find("100 bytes"), std::string::npos) << message;
  EXPECT_NE(message.find("128"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;

  const auto longer = dir / "long.npy";
  voxel::write_npy(make_pattern({4, 4, 4}, ElementType::uint16), longer);
  std::ofstream(longer, std::ios::app) << "xx";
  expect_one_line_naming(read_error(longer), longer);
}

TEST(NpyFormat, UnsupportedDtypeNamesDtypeAndAllowed) {
  const auto dir = scratch_dir("npy_dtype");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"'<c8'", "<c8"},
      {"'<f2'", "<f2"},
      {"'|O'", "|O"},
      {"'<U4'", "<U4"},
      {"[('a', '<i4'), ('b', '<f4')]", "[('a', '<i4'), ('b', '<f4')]"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto path = dir / fmt::format("d{}.npy", i);
    write_npy_by_hand(
        path, "{'descr': " + cases[i].first + ", 'fortran_order': False, 'shape': (1, 1, 1), }\n",
        std::string(16, '\0'));
    const std::string message = read_error(path);
    expect_one_line_naming(message, path);
    EXPECT_NE(message.find(cases[i].second), std::string::npos) << message;
    EXPECT_NE(message.find("allowed: |b1, |u1"), std::string::npos) << message;
    EXPECT_NE(message.find("<f8"), std::string::npos) << message;
  }
}

TEST(NpyFormat, OneDimensionalAndEmptyArraysAreRejected) {
  const auto dir = scratch_dir("npy_rank");
  const auto line = dir / "line.npy";
  write_npy_by_hand(line, "{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }\n", "abcd");
  std::string message = read_error(line);
  expect_one_line_naming(message, line);
  EXPECT_NE(message.find("(4,)"), std::string::npos) << message;

  const auto empty = dir / "empty.npy";
  write_npy_by_hand(empty, "{'descr': '|u1', 'fortran_order': False, 'shape': (0, 4, 4), }\n", "");
  expect_one_line_naming(read_error(empty), empty);
}

TEST(NpyFormat, MissingFileIsOneLine) {
  const auto path = scratch_dir("npy_missing") / "absent.npy";
  expect_one_line_naming(read_error(path), path);
}

TEST(NpyFormat, FailedWriteLeavesNoFileBehind) {
  const auto dir = scratch_dir("npy_failed_write");
  // The target is an existing directory: the temporary is written, the rename fails.
  std::filesystem::create_directory(dir / "out.npy");
  EXPECT_THROW(voxel::write_npy(make_pattern({2, 2, 2}, ElementType::uint8), dir / "out.npy"),
               Error);
  EXPECT_EQ(file_names(dir), std::vector<std::string>{"out.npy"});
  EXPECT_TRUE(std::filesystem::is_empty(dir / "out.npy"));
}

TEST(NpyFormat, SuccessfulWriteReplacesTargetAndLeavesNoTemporaries) {
  const auto dir = scratch_dir("npy_replace");
  std::ofstream(dir / "out.npy") << "old contents";
  const RawArray array = make_pattern({3, 3, 3}, ElementType::float32);
  voxel::write_npy(array, dir / "out.npy");
  EXPECT_EQ(file_names(dir), std::vector<std::string>{"out.npy"});
  expect_same_array(voxel::read_npy(dir / "out.npy"), array, "out.npy");
}

}  // namespace
}  // namespace condnet::test
