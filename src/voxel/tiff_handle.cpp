#include "voxel/tiff_handle.hpp"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <vector>

namespace condnet::voxel {

struct TiffHandle::Messages {
  std::string opened_name;  // the name libtiff puts in front of many of its messages
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

namespace {

// A corrupt file can make libtiff complain once per tag or strip; the first few say why.
constexpr std::size_t kKeptMessages = 3;

void keep(std::vector<std::string>& kept, const std::string& opened_name, const char* format,
          va_list arguments) {
  if (kept.size() >= kKeptMessages) return;
  char text[1024];
  std::vsnprintf(text, sizeof(text), format, arguments);
  std::string message = text;
  const std::string prefix = opened_name + ": ";
  if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  kept.push_back(std::move(message));
}

// The system's reason for a failed write, when errno holds one: libtiff reports its failed
// write(2) ("Write error at scanline 0") right after it, without saying why.
std::string write_failure_reason(int error_number) {
  switch (error_number) {
    case ENOSPC:
    case EFBIG:
    case EDQUOT:
    case EIO:
    case EROFS:
      return std::string(" (") + std::strerror(error_number) + ")";
    default:
      return {};
  }
}

int capture_error(TIFF*, void* user_data, const char*, const char* format, va_list arguments) {
  const int error_number = errno;
  auto& messages = *static_cast<TiffHandle::Messages*>(user_data);
  try {
    const auto before = messages.errors.size();
    keep(messages.errors, messages.opened_name, format, arguments);
    if (messages.errors.size() > before)
      messages.errors.back() += write_failure_reason(error_number);
  } catch (...) {  // out of memory: the message is lost, libtiff's status still reports it
  }
  return 1;  // handled: libtiff must not also call its global (stderr) handler
}

int capture_warning(TIFF*, void* user_data, const char*, const char* format, va_list arguments) {
  auto& messages = *static_cast<TiffHandle::Messages*>(user_data);
  try {
    keep(messages.warnings, messages.opened_name, format, arguments);
  } catch (...) {
  }
  return 1;
}

std::string joined(const std::vector<std::string>& messages) {
  std::string text;
  for (const auto& message : messages) text += (text.empty() ? "" : "; ") + message;
  return text;
}

}  // namespace

TiffHandle::TiffHandle(const std::filesystem::path& file, const char* mode, std::string shown_as)
    : messages_(std::make_unique<Messages>()), name_(std::move(shown_as)) {
  messages_->opened_name = file.string();
  TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
  if (options == nullptr) fail("{}: out of memory opening a TIFF file", name_);
  TIFFOpenOptionsSetErrorHandlerExtR(options, capture_error, messages_.get());
  TIFFOpenOptionsSetWarningHandlerExtR(options, capture_warning, messages_.get());
  tif_ = TIFFOpenExt(file.c_str(), mode, options);
  TIFFOpenOptionsFree(options);
  if (tif_ == nullptr) fail("{}: cannot open as TIFF: {}", name_, messages());
}

TiffHandle::~TiffHandle() {
  if (tif_ != nullptr) TIFFClose(tif_);
}

void TiffHandle::clear_messages() {
  messages_->errors.clear();
  messages_->warnings.clear();
}

bool TiffHandle::has_errors() const { return !messages_->errors.empty(); }

std::string TiffHandle::messages() const {
  if (!messages_->errors.empty()) return joined(messages_->errors);
  if (!messages_->warnings.empty()) return joined(messages_->warnings);
  return "libtiff gave no reason";
}

void TiffHandle::fail_call(const std::string& context, const char* source, int line) const {
  const std::string source_name = std::filesystem::path(source).filename().string();
  fail("{}: {}: {} [libtiff, {}:{}]", name_, context, messages(), source_name, line);
}

}  // namespace condnet::voxel
