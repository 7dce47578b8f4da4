#include "voxel/tiff_format.hpp"

#include <gtest/gtest.h>
#include <tiffio.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <thread>
#include <type_traits>

#include "core/error.hpp"
#include "test_paths.hpp"

namespace condnet::test {

using voxel::ElementType;
using voxel::RawArray;
using voxel::Shape;

namespace {

// An array whose voxel (x, y, z) holds `value(x, y, z)` converted to the dtype's C++ type.
RawArray make_array(Shape shape, ElementType dtype,
                    const std::function<double(std::int64_t, std::int64_t, std::int64_t)>& value) {
  RawArray array;
  array.shape = shape;
  array.dtype = dtype;
  array.bytes.resize(shape.count() * voxel::dtype_size(dtype));
  voxel::visit_dtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    for (std::int64_t x = 0; x < shape.nx; ++x)
      for (std::int64_t y = 0; y < shape.ny; ++y)
        for (std::int64_t z = 0; z < shape.nz; ++z) {
          T v;
          if constexpr (std::is_floating_point_v<T>)
            v = static_cast<T>(value(x, y, z));
          else  // through int64: negative values wrap into unsigned types
            v = static_cast<T>(static_cast<std::int64_t>(value(x, y, z)));
          if (dtype == ElementType::boolean) v = T((x + y * z) % 3 == 0);
          std::memcpy(&array.bytes[shape.index(x, y, z) * sizeof(T)], &v, sizeof(T));
        }
  });
  return array;
}

// Values with negatives (wrapping in unsigned types, so high bytes are used) and fractions.
double pattern(std::int64_t x, std::int64_t y, std::int64_t z) {
  return static_cast<double>((x * 7919 + y * 104729 + z * 31) % 251) - 100.25;
}

// Reads a stripped file with libtiff's plain scanline API: the reference for our writer.
RawArray read_with_scanlines(const std::filesystem::path& path) {
  TIFF* tif = TIFFOpen(path.c_str(), "r");
  EXPECT_NE(tif, nullptr);
  RawArray array;
  if (tif == nullptr) return array;
  std::uint32_t width = 0, height = 0;
  std::uint16_t bits = 0, format = SAMPLEFORMAT_UINT;
  TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height);
  TIFFGetField(tif, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
  const std::map<std::pair<int, int>, ElementType> types = {
      {{1, SAMPLEFORMAT_UINT}, ElementType::boolean},
      {{8, SAMPLEFORMAT_UINT}, ElementType::uint8},
      {{8, SAMPLEFORMAT_INT}, ElementType::int8},
      {{16, SAMPLEFORMAT_UINT}, ElementType::uint16},
      {{16, SAMPLEFORMAT_INT}, ElementType::int16},
      {{32, SAMPLEFORMAT_UINT}, ElementType::uint32},
      {{32, SAMPLEFORMAT_INT}, ElementType::int32},
      {{64, SAMPLEFORMAT_UINT}, ElementType::uint64},
      {{64, SAMPLEFORMAT_INT}, ElementType::int64},
      {{32, SAMPLEFORMAT_IEEEFP}, ElementType::float32},
      {{64, SAMPLEFORMAT_IEEEFP}, ElementType::float64}};
  array.dtype = types.at({bits, format});
  const std::int64_t pages = TIFFNumberOfDirectories(tif);
  array.shape = {pages, height, width};
  const std::size_t size = voxel::dtype_size(array.dtype);
  std::vector<std::uint8_t> line(TIFFScanlineSize(tif));
  for (std::int64_t x = 0; x < pages; ++x) {
    TIFFSetDirectory(tif, static_cast<tdir_t>(x));
    for (std::uint32_t y = 0; y < height; ++y) {
      EXPECT_EQ(TIFFReadScanline(tif, line.data(), y), 1);
      for (std::uint32_t z = 0; z < width; ++z) {
        if (bits == 1)
          array.bytes.push_back((line[z / 8] >> (7 - z % 8)) & 1);
        else
          array.bytes.insert(array.bytes.end(), &line[z * size], &line[(z + 1) * size]);
      }
    }
  }
  TIFFClose(tif);
  return array;
}

// Writes pages with libtiff directly; `tags` sets everything but width and height.
void write_with_libtiff(const std::filesystem::path& path, const char* mode,
                        const std::vector<std::pair<std::uint32_t, std::uint32_t>>& page_sizes,
                        const std::function<void(TIFF*, std::uint32_t page)>& write_page) {
  TIFF* tif = TIFFOpen(path.c_str(), mode);
  ASSERT_NE(tif, nullptr);
  for (std::uint32_t page = 0; page < page_sizes.size(); ++page) {
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, page_sizes[page].first);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, page_sizes[page].second);
    write_page(tif, page);
    ASSERT_EQ(TIFFWriteDirectory(tif), 1);
  }
  TIFFClose(tif);
}

// Sets single-channel tags and writes `values` (rows of `width` samples) as strips.
template <typename T>
void write_strips(TIFF* tif, std::uint32_t width, std::uint32_t rows_per_strip,
                  std::vector<T> values, std::uint16_t format) {
  TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, static_cast<int>(8 * sizeof(T)));
  TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, format);
  TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, rows_per_strip);
  const std::size_t strip_values = std::size_t{width} * rows_per_strip;
  for (std::size_t first = 0, strip = 0; first < values.size(); first += strip_values, ++strip) {
    const std::size_t count = std::min(strip_values, values.size() - first);
    ASSERT_EQ(TIFFWriteEncodedStrip(tif, strip, &values[first], count * sizeof(T)),
              static_cast<tmsize_t>(count * sizeof(T)));
  }
}

std::vector<std::uint8_t> file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put_file(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

// The message of the Error that read_tiff throws; fails the test when it throws none.
std::string read_error(const std::filesystem::path& path) {
  try {
    voxel::read_tiff(path);
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    return message;
  }
  ADD_FAILURE() << path << " was read without an error";
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Voxels per value of a uint8 array.
std::map<int, std::int64_t> histogram(const RawArray& array) {
  std::vector<std::int64_t> counts(256, 0);
  for (const std::uint8_t v : array.bytes) ++counts[v];
  std::map<int, std::int64_t> nonzero;
  for (int v = 0; v < 256; ++v)
    if (counts[v] > 0) nonzero[v] = counts[v];
  return nonzero;
}

}  // namespace

class TiffRoundTrip : public testing::TestWithParam<ElementType> {};

TEST_P(TiffRoundTrip, WriterOutputReadsBackEqualByOurReaderAndLibtiffScanlines) {
  const ElementType dtype = GetParam();
  const auto dir = scratch_dir(fmt::format("tiff_round_trip_{}", voxel::dtype_name(dtype)));
  const RawArray array = make_array({5, 13, 21}, dtype, pattern);
  const auto path = dir / "volume.tif";
  voxel::write_tiff(array, path);
  const RawArray back = voxel::read_tiff(path);
  EXPECT_EQ(back.shape, array.shape);
  EXPECT_EQ(back.dtype, array.dtype);
  EXPECT_EQ(back.bytes, array.bytes);
  const RawArray reference = read_with_scanlines(path);
  EXPECT_EQ(reference.shape, array.shape);
  EXPECT_EQ(reference.dtype, array.dtype);
  EXPECT_EQ(reference.bytes, array.bytes);
}

INSTANTIATE_TEST_SUITE_P(AllTypes, TiffRoundTrip,
                         testing::Values(ElementType::boolean, ElementType::uint8,
                                         ElementType::int8, ElementType::uint16, ElementType::int16,
                                         ElementType::uint32, ElementType::int32,
                                         ElementType::uint64, ElementType::int64,
                                         ElementType::float32, ElementType::float64),
                         [](const auto& info) {
                           return std::string(voxel::dtype_name(info.param));
                         });

TEST(TiffFormat, Float32KeepsSpecialValues) {
  const auto dir = scratch_dir("tiff_float_special");
  RawArray array = make_array({2, 3, 4}, ElementType::float32, pattern);
  const float special[] = {std::numeric_limits<float>::infinity(), -0.0f,
                           std::numeric_limits<float>::denorm_min(), 1e38f};
  std::memcpy(array.bytes.data(), special, sizeof(special));
  voxel::write_tiff(array, dir / "f.tif");
  EXPECT_EQ(voxel::read_tiff(dir / "f.tif").bytes, array.bytes);
}

TEST(TiffFormat, BigTiffOnlyWhenForcedAndReadsBackEqual) {
  const auto dir = scratch_dir("tiff_bigtiff");
  const RawArray array = make_array({4, 30, 17}, ElementType::uint16, pattern);
  voxel::write_tiff(array, dir / "classic.tif");
  voxel::write_tiff(array, dir / "big.tif", true);
  EXPECT_EQ(file_bytes(dir / "classic.tif")[2], 42);  // little-endian "II", version 42
  EXPECT_EQ(file_bytes(dir / "big.tif")[2], 43);      // BigTIFF version 43
  const RawArray back = voxel::read_tiff(dir / "big.tif");
  EXPECT_EQ(back.shape, array.shape);
  EXPECT_EQ(back.dtype, ElementType::uint16);
  EXPECT_EQ(back.bytes, array.bytes);
}

TEST(TiffFormat, DeflateRoundTripIsSmaller) {
  const auto dir = scratch_dir("tiff_deflate");
  const RawArray array = make_array({8, 64, 64}, ElementType::uint8, [](auto x, auto y, auto z) {
    return (x + y / 8 + z / 16) % 3;  // blocky labels compress well
  });
  voxel::write_tiff(array, dir / "plain.tif");
  voxel::write_tiff(array, dir / "deflate.tif", false, voxel::TiffCompression::deflate);
  EXPECT_EQ(voxel::read_tiff(dir / "deflate.tif").bytes, array.bytes);
  EXPECT_EQ(read_with_scanlines(dir / "deflate.tif").bytes, array.bytes);
  EXPECT_LT(std::filesystem::file_size(dir / "deflate.tif"),
            std::filesystem::file_size(dir / "plain.tif") / 4);
}

TEST(TiffFormat, TiledDeflateWrittenByLibtiffReadsEqual) {
  const auto dir = scratch_dir("tiff_tiled");
  const auto path = dir / "tiled.tif";
  // 3 pages of 50 rows x 70 columns; 16x32 tiles overhang the right and bottom edges.
  const Shape shape{3, 50, 70};
  const RawArray expected = make_array(
      shape, ElementType::uint16, [](auto x, auto y, auto z) { return 1000 * x + 37 * y + z; });
  const std::uint32_t tile_width = 32, tile_height = 16;
  write_with_libtiff(path, "w", {{70, 50}, {70, 50}, {70, 50}}, [&](TIFF* tif, std::uint32_t x) {
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 16);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
    TIFFSetField(tif, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
    TIFFSetField(tif, TIFFTAG_TILEWIDTH, tile_width);
    TIFFSetField(tif, TIFFTAG_TILELENGTH, tile_height);
    std::vector<std::uint16_t> tile(tile_width * tile_height);
    for (std::uint32_t top = 0; top < 50; top += tile_height)
      for (std::uint32_t left = 0; left < 70; left += tile_width) {
        for (std::uint32_t r = 0; r < tile_height; ++r)
          for (std::uint32_t c = 0; c < tile_width; ++c)
            tile[r * tile_width + c] =
                (top + r < 50 && left + c < 70) ? 1000 * x + 37 * (top + r) + left + c : 0xBEEF;
        ASSERT_GT(TIFFWriteTile(tif, tile.data(), left, top, 0, 0), 0);
      }
  });
  const RawArray back = voxel::read_tiff(path);
  EXPECT_EQ(back.shape, shape);
  EXPECT_EQ(back.dtype, ElementType::uint16);
  EXPECT_EQ(back.bytes, expected.bytes);
}

TEST(TiffFormat, BigEndianMultiStripFilesAreSwappedToNative) {
  const auto dir = scratch_dir("tiff_big_endian");
  const std::uint32_t width = 9, height = 11;
  std::vector<float> floats;
  std::vector<std::int16_t> shorts;
  for (std::uint32_t i = 0; i < width * height; ++i) {
    floats.push_back(0.5f * static_cast<float>(i) - 20.0f);
    shorts.push_back(static_cast<std::int16_t>(300 * static_cast<int>(i) - 15000));
  }
  write_with_libtiff(dir / "f.tif", "wb", {{width, height}}, [&](TIFF* tif, std::uint32_t) {
    write_strips(tif, width, 4, floats, SAMPLEFORMAT_IEEEFP);
  });
  write_with_libtiff(dir / "s.tif", "wb", {{width, height}}, [&](TIFF* tif, std::uint32_t) {
    write_strips(tif, width, 3, shorts, SAMPLEFORMAT_INT);
  });
  EXPECT_EQ(file_bytes(dir / "f.tif")[0], 'M');
  const RawArray f = voxel::read_tiff(dir / "f.tif");
  EXPECT_EQ(f.shape, (Shape{1, height, width}));
  ASSERT_EQ(f.dtype, ElementType::float32);
  EXPECT_EQ(std::memcmp(f.bytes.data(), floats.data(), f.bytes.size()), 0);
  const RawArray s = voxel::read_tiff(dir / "s.tif");
  ASSERT_EQ(s.dtype, ElementType::int16);
  EXPECT_EQ(std::memcmp(s.bytes.data(), shorts.data(), s.bytes.size()), 0);
}

TEST(TiffFormat, BilevelPagesReadAsBoolZeroOne) {
  const auto dir = scratch_dir("tiff_bilevel");
  const std::uint32_t width = 13, height = 5;  // 13 columns: rows padded to 2 bytes
  auto bit = [](std::uint32_t y, std::uint32_t z) { return (y * 3 + z * z) % 5 < 2; };
  write_with_libtiff(dir / "b.tif", "w", {{width, height}}, [&](TIFF* tif, std::uint32_t) {
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_PACKBITS);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, 2);
    for (std::uint32_t y = 0; y < height; ++y) {
      std::uint8_t row[2] = {0, 0};
      for (std::uint32_t z = 0; z < width; ++z)
        if (bit(y, z)) row[z / 8] |= 0x80 >> (z % 8);
      ASSERT_EQ(TIFFWriteScanline(tif, row, y, 0), 1);
    }
  });
  const RawArray back = voxel::read_tiff(dir / "b.tif");
  ASSERT_EQ(back.shape, (Shape{1, height, width}));
  EXPECT_EQ(back.dtype, ElementType::boolean);
  for (std::uint32_t y = 0; y < height; ++y)
    for (std::uint32_t z = 0; z < width; ++z)
      EXPECT_EQ(back.bytes[y * width + z], bit(y, z) ? 1 : 0) << y << "," << z;
}

TEST(TiffFormat, DirectoryOfSlicesInNaturalOrder) {
  const auto dir = scratch_dir("tiff_slices");
  // Pages x = 0..5 as files slice1 (2 pages), slice2, slice10, slice011, slice100; plus noise.
  const RawArray whole = make_array({6, 7, 9}, ElementType::uint8,
                                    [](auto x, auto y, auto z) { return 40 * x + y + z; });
  auto pages = [&](std::int64_t first, std::int64_t count) {
    RawArray part;
    part.shape = {count, 7, 9};
    const auto page_bytes = static_cast<std::size_t>(7 * 9);
    part.bytes.assign(whole.bytes.begin() + first * page_bytes,
                      whole.bytes.begin() + (first + count) * page_bytes);
    return part;
  };
  voxel::write_tiff(pages(0, 2), dir / "slice1.tif");
  voxel::write_tiff(pages(2, 1), dir / "slice2.TIF");
  voxel::write_tiff(pages(3, 1), dir / "slice10.tiff");
  voxel::write_tiff(pages(4, 1), dir / "slice011.tif");
  voxel::write_tiff(pages(5, 1), dir / "slice100.tif");
  put_file(dir / "notes.txt", {'h', 'i'});
  put_file(dir / "._slice3.tif", {0, 5, 22, 7});  // a macOS resource fork: hidden, skipped
  std::filesystem::create_directory(dir / "subdir.tif");
  const RawArray back = voxel::read_tiff(dir);
  EXPECT_EQ(back.shape, whole.shape);
  EXPECT_EQ(back.bytes, whole.bytes);
}

TEST(TiffFormat, DirectoryProblemsNameTheFile) {
  const auto dir = scratch_dir("tiff_slice_errors");
  std::filesystem::create_directory(dir / "empty");
  EXPECT_TRUE(contains(read_error(dir / "empty"), "no TIFF slices"));
  std::filesystem::create_directory(dir / "others");
  put_file(dir / "others" / "a.png", {1, 2, 3});
  put_file(dir / "others" / "b.txt", {1, 2, 3});
  const std::string others = read_error(dir / "others");
  EXPECT_TRUE(contains(others, "no TIFF slices") && contains(others, "2 other files")) << others;

  std::filesystem::create_directory(dir / "mixed");
  voxel::write_tiff(make_array({1, 4, 4}, ElementType::uint8, pattern), dir / "mixed" / "s1.tif");
  voxel::write_tiff(make_array({1, 4, 4}, ElementType::uint16, pattern), dir / "mixed" / "s2.tif");
  const std::string mixed = read_error(dir / "mixed");
  EXPECT_TRUE(contains(mixed, "s2.tif") && contains(mixed, "uint16")) << mixed;

  std::filesystem::create_directory(dir / "bad");
  voxel::write_tiff(make_array({1, 4, 4}, ElementType::uint8, pattern), dir / "bad" / "s1.tif");
  put_file(dir / "bad" / "s2.tif", {'n', 'o', 't', ' ', 'a', ' ', 't', 'i', 'f'});
  const std::string bad = read_error(dir / "bad");
  EXPECT_TRUE(contains(bad, "s2.tif") && contains(bad, "not a TIFF")) << bad;
}

TEST(TiffFormat, TruncatedFileIsAnErrorNamingThePath) {
  const auto dir = scratch_dir("tiff_truncated");
  const auto path = dir / "cut.tif";
  voxel::write_tiff(make_array({8, 32, 40}, ElementType::uint8, pattern), dir / "whole.tif");
  const auto bytes = file_bytes(dir / "whole.tif");
  put_file(path, {bytes.begin(), bytes.begin() + bytes.size() / 2});
  const std::string message = read_error(path);
  EXPECT_TRUE(contains(message, path.string())) << message;
  // Any cut, at any byte, must fail rather than return fewer pages or damaged ones.
  for (std::size_t size = 8; size < bytes.size(); size += 53) {
    put_file(path, {bytes.begin(), bytes.begin() + size});
    SCOPED_TRACE(size);
    EXPECT_TRUE(contains(read_error(path), path.string()));
  }
}

TEST(TiffFormat, NonTiffInputIsOneClearError) {
  const auto dir = scratch_dir("tiff_garbage");
  std::vector<std::uint8_t> garbage(5000);
  std::mt19937 rng(7);
  for (auto& b : garbage) b = static_cast<std::uint8_t>(rng());
  garbage[0] = 'G';
  put_file(dir / "garbage.tif", garbage);
  const std::string message = read_error(dir / "garbage.tif");
  EXPECT_TRUE(contains(message, "garbage.tif") && contains(message, "not a TIFF")) << message;

  garbage[0] = 'I', garbage[1] = 'I', garbage[2] = 42, garbage[3] = 0;  // TIFF header, junk
  put_file(dir / "junk.tif", garbage);
  EXPECT_TRUE(contains(read_error(dir / "junk.tif"), "junk.tif"));

  put_file(dir / "empty.tif", {});
  EXPECT_TRUE(contains(read_error(dir / "empty.tif"), "empty"));
  put_file(dir / "archive.tif", {'P', 'K', 3, 4, 0, 0});
  EXPECT_TRUE(contains(read_error(dir / "archive.tif"), "unzip"));
  EXPECT_TRUE(contains(read_error(dir / "missing.tif"), "no such file"));
}

TEST(TiffFormat, CorruptedBytesGiveAnErrorOrAnArrayNeverACrash) {
  const auto dir = scratch_dir("tiff_corrupt");
  voxel::write_tiff(make_array({3, 16, 24}, ElementType::uint16, pattern), dir / "good.tif", false,
                    voxel::TiffCompression::deflate);
  const auto good = file_bytes(dir / "good.tif");
  std::mt19937 rng(2024);
  int errors = 0;
  for (int trial = 0; trial < 300; ++trial) {
    auto bytes = good;
    for (int flips = 0; flips < 4; ++flips)
      bytes[8 + rng() % (bytes.size() - 8)] = static_cast<std::uint8_t>(rng());
    put_file(dir / "bad.tif", bytes);
    try {
      const RawArray array = voxel::read_tiff(dir / "bad.tif");
      EXPECT_EQ(array.bytes.size(), array.shape.count() * voxel::dtype_size(array.dtype));
    } catch (const Error& error) {
      ++errors;
      EXPECT_TRUE(contains(error.what(), "bad.tif")) << error.what();
    }
  }
  EXPECT_GT(errors, 0);
}

TEST(TiffFormat, ConcurrentReadersKeepTheirOwnLibtiffMessages) {
  const auto dir = scratch_dir("tiff_threads");
  // TIFF headers whose first page lies beyond the end of the file, each at its own offset,
  // which libtiff puts in its message.
  std::vector<std::filesystem::path> files;
  for (std::uint8_t i = 0; i < 4; ++i) {
    files.push_back(dir / fmt::format("bad{}.tif", i));
    put_file(files.back(), {'I', 'I', 42, 0, static_cast<std::uint8_t>(16 + i), 1, 0, 0});
  }
  // Each file fails in its own way; alone, and while the others fail on other threads.
  std::vector<std::string> alone;
  for (const auto& file : files) alone.push_back(read_error(file));
  std::vector<std::string> wrong(files.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < files.size(); ++i)
    threads.emplace_back([&, i] {
      for (int repeat = 0; repeat < 25; ++repeat) {
        try {
          voxel::read_tiff(files[i]);
          wrong[i] = "read without an error";
        } catch (const Error& error) {
          if (error.what() != alone[i]) wrong[i] = error.what();
          if (!contains(alone[i], fmt::format("offset {}", 272 + i))) wrong[i] = alone[i];
        }
      }
    });
  for (auto& thread : threads) thread.join();
  for (const auto& message : wrong) EXPECT_EQ(message, "");
}

TEST(TiffFormat, RgbPagesAreRejected) {
  const auto dir = scratch_dir("tiff_rgb");
  write_with_libtiff(dir / "rgb.tif", "w", {{4, 3}}, [](TIFF* tif, std::uint32_t) {
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    std::vector<std::uint8_t> pixels(4 * 3 * 3, 9);
    ASSERT_GT(TIFFWriteEncodedStrip(tif, 0, pixels.data(), pixels.size()), 0);
  });
  const std::string message = read_error(dir / "rgb.tif");
  EXPECT_TRUE(contains(message, "rgb.tif") && contains(message, "3 samples per pixel") &&
              contains(message, "single-channel"))
      << message;
}

TEST(TiffFormat, UnsupportedSampleTypesAreRejected) {
  const auto dir = scratch_dir("tiff_unsupported");
  write_with_libtiff(dir / "nibbles.tif", "w", {{4, 2}}, [](TIFF* tif, std::uint32_t) {
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 4);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
    std::vector<std::uint8_t> packed(4, 0x12);
    ASSERT_GT(TIFFWriteEncodedStrip(tif, 0, packed.data(), packed.size()), 0);
  });
  EXPECT_TRUE(contains(read_error(dir / "nibbles.tif"), "4 bits per sample"));
  write_with_libtiff(dir / "half.tif", "w", {{4, 2}}, [](TIFF* tif, std::uint32_t) {
    write_strips(tif, 4, 2, std::vector<std::uint16_t>(8, 0x3c00), SAMPLEFORMAT_IEEEFP);
  });
  EXPECT_TRUE(contains(read_error(dir / "half.tif"), "16-bit floats"));
}

TEST(TiffFormat, MismatchedPagesNameThePage) {
  const auto dir = scratch_dir("tiff_mismatch");
  write_with_libtiff(dir / "m.tif", "w", {{8, 8}, {8, 8}, {8, 6}}, [](TIFF* tif, std::uint32_t) {
    std::uint32_t height = 0;
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height);
    write_strips(tif, 8, 8, std::vector<std::uint8_t>(8 * height, 1), SAMPLEFORMAT_UINT);
  });
  const std::string message = read_error(dir / "m.tif");
  EXPECT_TRUE(contains(message, "m.tif: page 2") && contains(message, "6 rows x 8 columns"))
      << message;
}

TEST(TiffFormat, FailedWriteLeavesNoFileBehind) {
  const auto dir = scratch_dir("tiff_failed_write");
  std::filesystem::create_directory(dir / "taken.tif");  // rename onto a directory fails
  EXPECT_THROW(
      voxel::write_tiff(make_array({2, 3, 4}, ElementType::uint8, pattern), dir / "taken.tif"),
      Error);
  RawArray empty;
  empty.shape = {0, 3, 4};
  EXPECT_THROW(voxel::write_tiff(empty, dir / "empty.tif"), Error);
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"taken.tif"});
  EXPECT_TRUE(std::filesystem::is_empty(dir / "taken.tif"));
}

TEST(TiffSharedData, Electrode256HasPublishedPhaseFractions) {
  const auto path = shared_data("electrode-256.tiff");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "reference volume absent: " << path;
  const RawArray array = voxel::read_tiff(path);
  ASSERT_EQ(array.shape, (Shape{256, 256, 256}));
  ASSERT_EQ(array.dtype, ElementType::uint8);
  const auto counts = histogram(array);
  ASSERT_EQ(counts.size(), 3u);
  // Counts from an independent reader (numpy over the IFDs and zlib-inflated strips).
  EXPECT_EQ(counts, (std::map<int, std::int64_t>{{0, 7548361}, {85, 6718710}, {170, 2510145}}));
  // The published fractions, to their 5 decimals (two of them are truncated, not rounded).
  const double total = static_cast<double>(array.shape.count());
  const std::map<int, double> published = {{0, 0.44992}, {85, 0.40046}, {170, 0.14961}};
  for (const auto& [value, fraction] : published) {
    ASSERT_EQ(counts.count(value), 1u) << value;
    EXPECT_NEAR(counts.at(value) / total, fraction, 1e-5) << value;
  }
}

TEST(TiffSharedData, TauFactorVolumeIsThirtyPercentPhase255) {
  const auto zip = shared_data("TF-500x500x500-1x2x6-v3.tiff.zip");
  if (!std::filesystem::exists(zip)) GTEST_SKIP() << "reference volume absent: " << zip;
  const auto dir = scratch_dir("tiff_taufactor");
  const std::string command =
      fmt::format("unzip -q -o '{}' -x '__MACOSX/*' -d '{}'", zip.string(), dir.string());
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const auto start = std::chrono::steady_clock::now();
  const RawArray array = voxel::read_tiff(dir / "TF-500x500x500-1x2x6-v3.tiff");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("read 500^3 TauFactor volume in %.3f s\n", seconds);
  ASSERT_EQ(array.shape, (Shape{500, 500, 500}));
  ASSERT_EQ(array.dtype, ElementType::uint8);
  const auto counts = histogram(array);
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts.at(255) * 10, array.shape.count() * 3);  // exactly 0.30
  std::filesystem::remove_all(dir);
}

}  // namespace condnet::test
