// Helpers shared by the readers and writers of maillage::io.
#include "io_support.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <system_error>

#include "maillage/core/error.hpp"

namespace maillage::io::detail {

void write_atomically(const std::string& path, std::string_view text) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  // A name unlikely to clash with another writer's temporary file in the same folder.
  std::random_device entropy;
  const fs::path temporary =
      target.parent_path() / (target.filename().string() + ".tmp-" + std::to_string(entropy()) + std::to_string(entropy()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw InvalidInput(path + ": cannot open the file for writing");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      out.close();
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw InvalidInput(path + ": write error");
    }
  }
  std::error_code error;
  fs::rename(temporary, target, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw InvalidInput(path + ": cannot replace the file (" + error.message() + ")");
  }
}

std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {  // count characters, not UTF-8 continuation bytes
      ++column;
    }
  }
  return {line, column};
}

nlohmann::json parse_json(std::string_view text, const std::string& name) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the 1-based index of the byte where parsing stopped.
    const auto [line, column] = line_column(text, e.byte == 0 ? 0 : e.byte - 1);
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error …": keep the
    // explanation, the position is given in front.
    if (const auto at = what.find(": "); at != std::string::npos) what = what.substr(at + 2);
    throw InvalidInput(name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": invalid JSON: " + what);
  }
}

}  // namespace maillage::io::detail
