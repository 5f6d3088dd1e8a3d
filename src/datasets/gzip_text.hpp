#pragma once
// Internal to the embedded datasets' loaders: a gzip file read whole (zlib), and the
// "<file>:<line>:<column>: " prefix of their located errors.
#include <zlib.h>

#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <string>

#include "../io/io_support.hpp"
#include "maillage/core/error.hpp"

namespace maillage::datasets::detail {

/// The decompressed text of a gzip file (or of a plain file: zlib reads those as they are); NotFound
/// `<path>: no such file` when it does not exist, InvalidInput naming it when it is not a regular
/// file (a folder, a device such as /dev/zero, which zlib would read without end, or a FIFO, whose
/// open would block without a writer: refused before any open, as by the other readers,
/// io::detail::open_regular_file), when it cannot be opened or when it cannot be decompressed.
inline std::string read_gzip(const std::filesystem::path& path) {
  const int fd = io::detail::open_regular_file(path.string());
  gzFile file = gzdopen(fd, "rb");  // closes fd with the file
  if (!file) {
    ::close(fd);
    throw InvalidInput(path.string() + ": cannot open the file (zlib could not allocate its buffers)");
  }
  gzbuffer(file, 1u << 17);
  std::string out;
  char buffer[1 << 16];
  while (true) {
    const int got = gzread(file, buffer, sizeof buffer);
    if (got < 0) {
      int code = 0;
      const std::string message = gzerror(file, &code);
      gzclose(file);
      throw InvalidInput(path.string() + ": cannot decompress: " + message);
    }
    if (got == 0) break;
    out.append(buffer, static_cast<std::size_t>(got));
  }
  gzclose(file);
  return out;
}

/// "<file>:<line>:<column>: ", lines and columns from 1.
inline std::string location(const std::filesystem::path& path, std::size_t line, std::size_t column) {
  return path.string() + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

}  // namespace maillage::datasets::detail
