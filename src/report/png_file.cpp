#include "report/png_file.hpp"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <memory>
#include <string>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace condnet::report {

namespace {

struct PngError {
  char message[256] = "";
};

// libpng reports an error by longjmp to the setjmp in encode(): keep its message.
[[noreturn]] void on_png_error(png_structp png, png_const_charp message) {
  auto* error = static_cast<PngError*>(png_get_error_ptr(png));
  std::snprintf(error->message, sizeof(error->message), "%s", message);
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

// Encodes the image into `out`; false (and error->message) when libpng fails. Only trivially
// destructible objects live across the setjmp, so the longjmp skips no destructor.
bool encode(FILE* out, std::int64_t width, std::int64_t height, const std::uint8_t* rgb,
            PngError* error) {
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, error, on_png_error, on_png_warning);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_init_io(png, out);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
               PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (std::int64_t row = 0; row < height; ++row) png_write_row(png, rgb + row * width * 3);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

void write_png_rgb(const std::filesystem::path& path, std::int64_t width, std::int64_t height,
                   std::span<const std::uint8_t> rgb) {
  CONDNET_ASSERT(width > 0 && height > 0 &&
                 static_cast<std::int64_t>(rgb.size()) == width * height * 3);
  AtomicFile file(path);
  {
    std::unique_ptr<FILE, int (*)(FILE*)> out(std::fopen(file.temp_path().c_str(), "wb"),
                                              &std::fclose);
    if (!out) fail("{}: cannot open for writing", path.string());
    PngError error;
    if (!encode(out.get(), width, height, rgb.data(), &error))
      fail("{}: cannot write the PNG image: {}", path.string(),
           error.message[0] ? error.message : "libpng could not start");
    if (std::fflush(out.get()) != 0)
      fail("{}: cannot write the PNG image (disk full?)", path.string());
  }
  file.commit();
}

}  // namespace condnet::report
