#pragma once
// Internal to the embedded datasets' loaders: a gzip file read whole (zlib), and the
// "<file>:<line>:<column>: " prefix of their located errors.
#include <zlib.h>

#include <cstddef>
#include <filesystem>
#include <string>

#include "maillage/core/error.hpp"

namespace maillage::datasets::detail {

/// The decompressed text of a gzip file; NotFound when it cannot be opened, InvalidInput naming it
/// when it cannot be decompressed.
inline std::string read_gzip(const std::filesystem::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) throw NotFound(quote(path.string()) + ": cannot open the file");
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
