#include "voxel/tiff_format.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <limits>
#include <new>
#include <string_view>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "voxel/claimed_size.hpp"
#include "voxel/tiff_handle.hpp"
#include "voxel/tiff_spacing.hpp"

namespace condnet::voxel {

namespace {

// ---- reading ------------------------------------------------------------------------------

// What one page (directory) holds; every page of a stack must have the same.
struct PageLayout {
  std::uint32_t width = 0;   // columns: array axis z
  std::uint32_t height = 0;  // rows: array axis y
  std::uint16_t bits = 0;    // bits per sample as stored: 1, 8, 16, 32 or 64
  ElementType dtype = ElementType::uint8;

  std::string str() const {
    return fmt::format("{} rows x {} columns of {}", height, width, dtype_name(dtype));
  }
  bool operator==(const PageLayout&) const = default;
};

// One file of the stack and the number of pages it holds.
struct StackFile {
  std::filesystem::path path;
  std::uint32_t pages = 0;
};

std::string photometric_name(std::uint16_t photometric) {
  switch (photometric) {
    case PHOTOMETRIC_MINISWHITE:
    case PHOTOMETRIC_MINISBLACK:
      return "grayscale";
    case PHOTOMETRIC_RGB:
      return "RGB";
    case PHOTOMETRIC_PALETTE:
      return "palette";
    case PHOTOMETRIC_SEPARATED:
      return "CMYK";
    case PHOTOMETRIC_YCBCR:
      return "YCbCr";
    default:
      return fmt::format("photometric {}", photometric);
  }
}

ElementType page_dtype(const TiffHandle& tif, std::uint32_t page, std::uint16_t bits,
                       std::uint16_t format) {
  if (bits == 1) return ElementType::boolean;
  if (format != SAMPLEFORMAT_UINT && format != SAMPLEFORMAT_INT && format != SAMPLEFORMAT_IEEEFP)
    fail(
        "{}: page {} has SampleFormat {} (complex or undefined); condnet reads unsigned, signed "
        "and IEEE float samples",
        tif.name(), page, format);
  const bool is_signed = format == SAMPLEFORMAT_INT;
  switch (bits) {
    case 8:
      if (format != SAMPLEFORMAT_IEEEFP) return is_signed ? ElementType::int8 : ElementType::uint8;
      break;
    case 16:
      if (format != SAMPLEFORMAT_IEEEFP)
        return is_signed ? ElementType::int16 : ElementType::uint16;
      break;
    case 32:
      if (format == SAMPLEFORMAT_IEEEFP) return ElementType::float32;
      return is_signed ? ElementType::int32 : ElementType::uint32;
    case 64:
      if (format == SAMPLEFORMAT_IEEEFP) return ElementType::float64;
      return is_signed ? ElementType::int64 : ElementType::uint64;
    default:
      fail("{}: page {} has {} bits per sample; condnet reads 1, 8, 16, 32 or 64", tif.name(), page,
           bits);
  }
  fail("{}: page {} holds {}-bit floats; condnet reads 32- and 64-bit floats", tif.name(), page,
       bits);
}

// The layout of the current directory; throws for anything but one sample per pixel.
PageLayout page_layout(const TiffHandle& tif, std::uint32_t page) {
  TIFF* t = tif.get();
  std::uint16_t samples = 1, photometric = PHOTOMETRIC_MINISBLACK;
  std::uint16_t bits = 1, format = SAMPLEFORMAT_UINT;
  PageLayout layout;
  TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLESPERPIXEL, &samples);
  if (samples != 1) {
    TIFFGetField(t, TIFFTAG_PHOTOMETRIC, &photometric);
    fail("{}: page {} has {} samples per pixel ({}); condnet needs a single-channel label image",
         tif.name(), page, samples, photometric_name(photometric));
  }
  if (TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &layout.width) != 1 ||
      TIFFGetField(t, TIFFTAG_IMAGELENGTH, &layout.height) != 1 || layout.width == 0 ||
      layout.height == 0)
    fail("{}: page {} has no image (zero or missing ImageWidth/ImageLength)", tif.name(), page);
  TIFFGetFieldDefaulted(t, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLEFORMAT, &format);
  layout.bits = bits;
  layout.dtype = page_dtype(tif, page, bits, format);
  return layout;
}

// a * b, or an Error naming `file` when the product does not fit in 64 bits.
std::uint64_t product(std::uint64_t a, std::uint64_t b, const std::string& file) {
  std::uint64_t result = 0;
  if (__builtin_mul_overflow(a, b, &result))
    fail("{}: image dimensions overflow 64-bit sizes; the file is corrupt", file);
  return result;
}

// Bytes of one row as stored: 1-bit samples are packed, most significant bit first.
std::uint64_t stored_row_bytes(std::uint64_t columns, std::uint16_t bits) {
  return bits == 1 ? (columns + 7) / 8 : columns * (bits / 8);
}

// Expands `count` packed bits (MSB first) to one byte 0/1 each.
void unpack_bits(const std::uint8_t* packed, std::uint64_t count, std::uint8_t* out) {
  for (std::uint64_t i = 0; i < count; ++i) out[i] = (packed[i >> 3] >> (7 - (i & 7))) & 1;
}

// Reads the current (stripped) page into `page_out`: height rows of width samples, C order.
void read_strips(TiffHandle& tif, std::uint32_t page, const PageLayout& layout,
                 std::uint8_t* page_out, std::vector<std::uint8_t>& scratch) {
  TIFF* t = tif.get();
  std::uint32_t rows_per_strip = layout.height;
  TIFFGetFieldDefaulted(t, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
  if (rows_per_strip == 0)
    fail("{}: page {} has RowsPerStrip 0; the file is corrupt", tif.name(), page);
  rows_per_strip = std::min(rows_per_strip, layout.height);
  const std::uint32_t strips = (layout.height - 1) / rows_per_strip + 1;
  if (TIFFNumberOfStrips(t) < strips)
    fail("{}: page {} has {} strips but its {} rows need {}; the file is corrupt", tif.name(), page,
         TIFFNumberOfStrips(t), layout.height, strips);
  const std::uint64_t row_bytes = stored_row_bytes(layout.width, layout.bits);
  const std::uint64_t out_row_bytes = std::uint64_t{layout.width} * dtype_size(layout.dtype);
  if (layout.bits == 1) scratch.resize(row_bytes * rows_per_strip);
  for (std::uint32_t strip = 0; strip < strips; ++strip) {
    const std::uint32_t first_row = strip * rows_per_strip;
    const std::uint32_t rows = std::min(rows_per_strip, layout.height - first_row);
    const auto bytes = static_cast<tmsize_t>(rows * row_bytes);
    std::uint8_t* out = page_out + first_row * out_row_bytes;
    // Samples of 8 bits and more decode straight into the output; libtiff swaps byte order.
    std::uint8_t* target = layout.bits == 1 ? scratch.data() : out;
    tif.clear_messages();
    const tmsize_t got = TIFFReadEncodedStrip(t, strip, target, bytes);
    CONDNET_CHECK_TIFF(tif, got == bytes, "page {}: cannot read strip {} ({} of {} bytes)", page,
                       strip, got < 0 ? 0 : got, bytes);
    if (layout.bits == 1)
      for (std::uint32_t row = 0; row < rows; ++row)
        unpack_bits(target + row * row_bytes, layout.width, out + row * out_row_bytes);
  }
}

// Reads the current (tiled) page into `page_out`, clipping the tiles at the right and bottom.
void read_tiles(TiffHandle& tif, std::uint32_t page, const PageLayout& layout,
                std::uint8_t* page_out, std::vector<std::uint8_t>& scratch) {
  TIFF* t = tif.get();
  std::uint32_t tile_width = 0, tile_height = 0;
  if (TIFFGetField(t, TIFFTAG_TILEWIDTH, &tile_width) != 1 ||
      TIFFGetField(t, TIFFTAG_TILELENGTH, &tile_height) != 1 || tile_width == 0 || tile_height == 0)
    fail("{}: page {} is tiled without a valid TileWidth/TileLength; the file is corrupt",
         tif.name(), page);
  const std::uint64_t tile_row_bytes = stored_row_bytes(tile_width, layout.bits);
  const std::uint64_t tile_bytes = product(tile_row_bytes, tile_height, tif.name());
  if (tile_bytes > std::uint64_t{1} << 31)
    fail("{}: page {} has {}x{} tiles of more than 2 GiB each; the file is corrupt", tif.name(),
         page, tile_width, tile_height);
  scratch.resize(tile_bytes);
  const std::size_t size = dtype_size(layout.dtype);
  const std::uint64_t out_row_bytes = std::uint64_t{layout.width} * size;
  for (std::uint32_t top = 0; top < layout.height; top += tile_height) {
    const std::uint32_t rows = std::min(tile_height, layout.height - top);
    for (std::uint32_t left = 0; left < layout.width; left += tile_width) {
      const std::uint32_t columns = std::min(tile_width, layout.width - left);
      const std::uint32_t tile = TIFFComputeTile(t, left, top, 0, 0);
      tif.clear_messages();
      const tmsize_t got =
          TIFFReadEncodedTile(t, tile, scratch.data(), static_cast<tmsize_t>(tile_bytes));
      CONDNET_CHECK_TIFF(tif, got == static_cast<tmsize_t>(tile_bytes),
                         "page {}: cannot read tile {} ({} of {} bytes)", page, tile,
                         got < 0 ? 0 : got, tile_bytes);
      for (std::uint32_t row = 0; row < rows; ++row) {
        const std::uint8_t* in = scratch.data() + row * tile_row_bytes;
        std::uint8_t* out = page_out + (top + row) * out_row_bytes + left * size;
        if (layout.bits == 1)
          unpack_bits(in, columns, out);
        else
          std::memcpy(out, in, columns * size);
      }
    }
  }
}

bool has_tiff_extension(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".tif" || ext == ".tiff";
}

// Natural order: digit runs compare as numbers, so "slice2" < "slice10"; ties (such as
// "a01" and "a1") fall back to plain string order so that the order is total.
bool natural_less(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) &&
        std::isdigit(static_cast<unsigned char>(b[j]))) {
      const std::size_t a_start = i, b_start = j;
      while (i < a.size() && std::isdigit(static_cast<unsigned char>(a[i]))) ++i;
      while (j < b.size() && std::isdigit(static_cast<unsigned char>(b[j]))) ++j;
      std::string_view x = a.substr(a_start, i - a_start), y = b.substr(b_start, j - b_start);
      x.remove_prefix(std::min(x.find_first_not_of('0'), x.size()));
      y.remove_prefix(std::min(y.find_first_not_of('0'), y.size()));
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j;
  return a < b;
}

// The *.tif / *.tiff files of a directory of slices, in natural order.
std::vector<std::filesystem::path> slice_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::size_t others = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.front() == '.' || !entry.is_regular_file(error)) continue;
    if (has_tiff_extension(entry.path()))
      files.push_back(entry.path());
    else
      ++others;
  }
  if (error) fail("{}: cannot list directory: {}", dir.string(), error.message());
  if (files.empty())
    fail("{}: directory holds no TIFF slices (*.tif, *.tiff){}", dir.string(),
         others > 0 ? fmt::format("; it has {} other files", others) : std::string());
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    return natural_less(a.filename().string(), b.filename().string());
  });
  return files;
}

// Checks what libtiff cannot tell well: that `file` is a readable, non-empty TIFF at all.
void check_tiff_header(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail("{}: cannot open for reading", file.string());
  char magic[4] = {};
  in.read(magic, sizeof(magic));
  const std::string_view bytes(magic, static_cast<std::size_t>(in.gcount()));
  if (bytes.empty()) fail("{}: file is empty; expected a TIFF file", file.string());
  for (const std::string_view tiff : {"II*\0", "MM\0*", "II+\0", "MM\0+"})
    if (bytes == std::string_view(tiff.data(), 4)) return;
  if (bytes == std::string_view("PK\3\4", 4))
    fail("{}: is a zip archive, not a TIFF file; unzip it first", file.string());
  std::string hex;
  for (const char c : bytes) hex += fmt::format("{:02x} ", static_cast<unsigned char>(c));
  fail("{}: not a TIFF file (starts with bytes {}; a TIFF starts with 49 49 or 4d 4d)",
       file.string(), hex.substr(0, hex.size() - 1));
}

// Opens a file of the stack for reading; "c" keeps libtiff from chopping large strips.
std::unique_ptr<TiffHandle> open_for_reading(const std::filesystem::path& file) {
  check_tiff_header(file);
  return std::make_unique<TiffHandle>(file, "rc", file.string());
}

// Makes `page` the current directory (page 0 is current once the file is open) and checks
// that libtiff read it without errors: a damaged page must not pass with some tags dropped.
void enter_page(TiffHandle& tif, std::uint32_t page) {
  if (page > 0) {
    tif.clear_messages();
    CONDNET_CHECK_TIFF(tif, TIFFReadDirectory(tif.get()) == 1, "cannot read page {}", page);
  }
  CONDNET_CHECK_TIFF(tif, !tif.has_errors(), "page {} is damaged (truncated or corrupt?)", page);
}

// Counts the pages of `file` and returns the layout of its first page.
PageLayout survey(StackFile& file) {
  const auto tif = open_for_reading(file.path);
  enter_page(*tif, 0);
  const PageLayout first = page_layout(*tif, 0);
  tif->clear_messages();
  file.pages = TIFFNumberOfDirectories(tif->get());
  // libtiff stops counting where a page is unreadable; a short count must not pass silently.
  CONDNET_CHECK_TIFF(*tif, !tif->has_errors() && file.pages > 0,
                     "the page after page {} is unreadable (truncated or corrupt file?)",
                     file.pages == 0 ? 0 : file.pages - 1);
  return first;
}

// Reads all pages of `file` into `out`, checking each against `layout`.
void read_pages(const StackFile& file, const PageLayout& layout, const std::string& layout_source,
                std::uint8_t* out, std::uint64_t page_bytes) {
  const auto tif = open_for_reading(file.path);
  std::vector<std::uint8_t> scratch;
  for (std::uint32_t page = 0; page < file.pages; ++page) {
    enter_page(*tif, page);
    const PageLayout this_page = page_layout(*tif, page);
    if (this_page != layout)
      fail("{}: page {} has {}, but {} has {}; all pages must have the same size and type",
           tif->name(), page, this_page.str(), layout_source, layout.str());
    if (TIFFIsTiled(tif->get()))
      read_tiles(*tif, page, layout, out, scratch);
    else
      read_strips(*tif, page, layout, out, scratch);
    out += page_bytes;
  }
}

// ---- writing ------------------------------------------------------------------------------

// Classic TIFF offsets are 32-bit: leave room for the page directories above the data.
constexpr std::uint64_t kClassicTiffDataLimit = 3'900'000'000;
// Strips of about this size keep deflate efficient without holding whole pages twice.
constexpr std::uint64_t kStripBytes = 1 << 20;

std::uint16_t sample_format(ElementType dtype) {
  switch (dtype) {
    case ElementType::int8:
    case ElementType::int16:
    case ElementType::int32:
    case ElementType::int64:
      return SAMPLEFORMAT_INT;
    case ElementType::float32:
    case ElementType::float64:
      return SAMPLEFORMAT_IEEEFP;
    default:
      return SAMPLEFORMAT_UINT;
  }
}

// Copies `rows` rows of `columns` samples into TIFF storage (bool rows packed, MSB first).
void pack_rows(const std::uint8_t* in, std::uint64_t rows, std::uint64_t columns, ElementType dtype,
               std::uint8_t* out) {
  if (dtype != ElementType::boolean) {
    std::memcpy(out, in, rows * columns * dtype_size(dtype));
    return;
  }
  const std::uint64_t row_bytes = stored_row_bytes(columns, 1);
  std::memset(out, 0, rows * row_bytes);
  for (std::uint64_t row = 0; row < rows; ++row)
    for (std::uint64_t column = 0; column < columns; ++column)
      if (in[row * columns + column] != 0)
        out[row * row_bytes + column / 8] |= static_cast<std::uint8_t>(0x80 >> (column % 8));
}

void write_page(const TiffHandle& tif, const RawArray& array, std::int64_t x,
                TiffCompression compression, std::vector<std::uint8_t>& strip) {
  TIFF* t = tif.get();
  const Shape& s = array.shape;
  const std::uint16_t bits = array.dtype == ElementType::boolean
                                 ? 1
                                 : static_cast<std::uint16_t>(8 * dtype_size(array.dtype));
  const std::uint64_t row_bytes = stored_row_bytes(s.nz, bits);
  const auto rows_per_strip = static_cast<std::uint32_t>(
      std::clamp<std::uint64_t>(kStripBytes / row_bytes, 1, static_cast<std::uint64_t>(s.ny)));
  const bool tags_set =
      TIFFSetField(t, TIFFTAG_IMAGEWIDTH, static_cast<std::uint32_t>(s.nz)) == 1 &&
      TIFFSetField(t, TIFFTAG_IMAGELENGTH, static_cast<std::uint32_t>(s.ny)) == 1 &&
      TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, bits) == 1 &&
      TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1) == 1 &&
      TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, sample_format(array.dtype)) == 1 &&
      TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK) == 1 &&
      TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG) == 1 &&
      TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, rows_per_strip) == 1 &&
      TIFFSetField(t, TIFFTAG_COMPRESSION,
                   compression == TiffCompression::deflate ? COMPRESSION_ADOBE_DEFLATE
                                                           : COMPRESSION_NONE) == 1 &&
      TIFFSetField(t, TIFFTAG_SOFTWARE, "condnet " CONDNET_VERSION) == 1 &&
      (!array.spacing ||
       (TIFFSetField(t, TIFFTAG_XRESOLUTION, static_cast<float>(1.0 / (*array.spacing)[2])) == 1 &&
        TIFFSetField(t, TIFFTAG_YRESOLUTION, static_cast<float>(1.0 / (*array.spacing)[1])) == 1 &&
        TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, RESUNIT_NONE) == 1)) &&
      (x > 0 ||
       TIFFSetField(t, TIFFTAG_IMAGEDESCRIPTION, tiff_description(s, array.spacing).c_str()) == 1);
  CONDNET_CHECK_TIFF(tif, tags_set, "cannot describe page {}", x);
  const std::uint64_t in_row_bytes = s.nz * dtype_size(array.dtype);
  strip.resize(rows_per_strip * row_bytes);
  for (std::uint32_t first = 0, index = 0; first < s.ny; first += rows_per_strip, ++index) {
    const std::uint64_t rows = std::min<std::uint64_t>(rows_per_strip, s.ny - first);
    const std::uint8_t* in = array.bytes.data() + (x * s.ny + first) * in_row_bytes;
    // libtiff may modify the buffer it is given (byte swapping, predictors): pass a copy.
    pack_rows(in, rows, s.nz, array.dtype, strip.data());
    const auto bytes = static_cast<tmsize_t>(rows * row_bytes);
    CONDNET_CHECK_TIFF(tif, TIFFWriteEncodedStrip(t, index, strip.data(), bytes) == bytes,
                       "cannot write strip {} of page {}", index, x);
  }
  CONDNET_CHECK_TIFF(tif, TIFFWriteDirectory(t) == 1, "cannot write page {}", x);
}

}  // namespace

RawArray read_tiff(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    fail_missing(
        "{}: no such file or directory; expected a TIFF file or a directory of TIFF slices",
        path.string());
  std::vector<StackFile> files;
  if (std::filesystem::is_directory(path, error))
    for (auto& file : slice_files(path)) files.push_back({std::move(file), 0});
  else
    files.push_back({path, 0});

  const PageLayout layout = survey(files.front());
  const std::string layout_source =
      files.size() == 1 ? "page 0" : fmt::format("page 0 of {}", files.front().path.string());
  std::uint64_t pages = files.front().pages;
  for (std::size_t i = 1; i < files.size(); ++i) {
    const PageLayout first = survey(files[i]);
    if (first != layout)
      fail("{}: page 0 has {}, but {} has {}; all pages must have the same size and type",
           files[i].path.string(), first.str(), layout_source, layout.str());
    pages += files[i].pages;
  }

  // pages x height x width: each factor fits 32 bits, so page_bytes cannot overflow.
  const std::uint64_t total_bytes =
      check_claimed_size(path.string(), "the TIFF stack (pages x rows x columns)",
                         {pages, layout.height, layout.width}, layout.dtype);
  const std::uint64_t page_bytes =
      std::uint64_t{layout.width} * layout.height * dtype_size(layout.dtype);

  RawArray array;
  array.shape = {static_cast<std::int64_t>(pages), layout.height, layout.width};
  array.dtype = layout.dtype;
  try {
    array.bytes.resize(total_bytes);
  } catch (const std::bad_alloc&) {
    fail("{}: out of memory allocating {:.1f} GB for {} pages of {}", path.string(),
         total_bytes / 1e9, pages, layout.str());
  }
  std::uint8_t* out = array.bytes.data();
  for (const auto& file : files) {
    read_pages(file, layout, layout_source, out, page_bytes);
    out += file.pages * page_bytes;
  }
  array.spacing = read_tiff_spacing(files.front().path);
  return array;
}

void write_tiff(const RawArray& array, const std::filesystem::path& path, bool force_bigtiff,
                TiffCompression compression) {
  const Shape& s = array.shape;
  CONDNET_ASSERT(array.bytes.size() ==
                 static_cast<std::uint64_t>(s.count()) * dtype_size(array.dtype));
  if (s.nx <= 0 || s.ny <= 0 || s.nz <= 0)
    fail("{}: cannot write an empty {} array as TIFF", path.string(), s.str());
  constexpr auto kMaxSide = std::numeric_limits<std::uint32_t>::max();
  if (s.ny > kMaxSide || s.nz > kMaxSide)
    fail("{}: a TIFF page holds at most {} rows and columns; the array is {}", path.string(),
         kMaxSide, s.str());
  if (compression == TiffCompression::deflate && !TIFFIsCODECConfigured(COMPRESSION_ADOBE_DEFLATE))
    fail("{}: this libtiff was built without deflate compression; write uncompressed",
         path.string());
  const bool bigtiff = force_bigtiff || array.bytes.size() > kClassicTiffDataLimit;
  AtomicFile file(path);
  {
    const TiffHandle tif(file.temp_path(), bigtiff ? "w8" : "w", path.string());
    std::vector<std::uint8_t> strip;
    for (std::int64_t x = 0; x < s.nx; ++x) write_page(tif, array, x, compression, strip);
  }
  file.commit();
}

}  // namespace condnet::voxel
