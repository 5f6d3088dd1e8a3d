#include "maillage/core/error.hpp"

#include <cstdio>

namespace maillage {

std::string quote(std::string_view text) {
  constexpr std::size_t max_length = 120;
  std::string out = "'";
  std::size_t shown = 0;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    // Cut only before the first byte of a character, never inside a UTF-8 sequence.
    if (shown >= max_length && (u & 0xC0) != 0x80) {
      out += "…";
      break;
    }
    if (u < 0x20 || u == 0x7f) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02x", u);
      out += buffer;
    } else {
      out += c;
    }
    ++shown;
  }
  out += "'";
  return out;
}

}  // namespace maillage
