#pragma once
// A move-only owner of an open libtiff file. libtiff's errors and warnings for this file are
// captured per handle (TIFFOpenOptions handlers, so concurrent readers never mix them) instead
// of being printed to stderr; a failing call becomes one condnet::Error line naming the file,
// what condnet was doing and libtiff's reason.
#include <tiffio.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/error.hpp"

namespace condnet::voxel {

class TiffHandle {
 public:
  // Opens `file` with a TIFFOpen mode ("r", "w", "w8" for BigTIFF, ...). Messages name
  // `shown_as` (the path the user gave, e.g. the target of an atomic write). Throws Error.
  TiffHandle(const std::filesystem::path& file, const char* mode, std::string shown_as);
  TiffHandle(const TiffHandle&) = delete;
  TiffHandle& operator=(const TiffHandle&) = delete;
  ~TiffHandle();

  TIFF* get() const { return tif_; }
  const std::string& name() const { return name_; }

  // Forgets the messages collected so far, so that a later failure reports only its own.
  void clear_messages();
  bool has_errors() const;
  // libtiff's errors since the last clear (or, when there were none, its warnings), one line.
  std::string messages() const;

  // Throws "NAME: CONTEXT: LIBTIFF MESSAGES [libtiff, SOURCE:LINE]"; see CONDNET_CHECK_TIFF.
  [[noreturn]] void fail_call(const std::string& context, const char* source, int line) const;

  struct Messages;  // what the libtiff handlers collected; defined in the .cpp

 private:
  std::unique_ptr<Messages> messages_;  // on the heap: libtiff holds its address
  std::string name_;
  TIFF* tif_ = nullptr;
};

}  // namespace condnet::voxel

// Checks a libtiff status (`ok` true on success); on failure throws an Error carrying the
// handle's file, the formatted context, libtiff's messages and this source file:line.
#define CONDNET_CHECK_TIFF(handle, ok, ...) \
  ((ok) ? static_cast<void>(0) : (handle).fail_call(fmt::format(__VA_ARGS__), __FILE__, __LINE__))
