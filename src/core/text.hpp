#pragma once
// Internal: UTF-8 validation and decoding, and text positions, shared by the readers (CSV, XML,
// JSON, data packages), the builder and the territory-name normaliser. Header-only: the loops are
// on the readers' hot paths.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace maillage::detail {

/// Length of the well-formed UTF-8 sequence starting at text[i] (Unicode Table 3-7: no overlong
/// forms, no surrogates, nothing above U+10FFFF), or 0 when it is ill-formed or cut.
inline std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  if (b < 0x80) return 1;
  std::size_t n = 0;
  unsigned char low = 0x80, high = 0xBF;  // range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    if (b == 0xE0) low = 0xA0;
    if (b == 0xED) high = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    if (b == 0xF0) low = 0x90;
    if (b == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return n;
}

/// The code point of the well-formed sequence of `n` bytes (utf8_length) at text[i].
inline std::uint32_t utf8_code_point(std::string_view text, std::size_t i, std::size_t n) {
  static constexpr unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  std::uint32_t cp = static_cast<unsigned char>(text[i]) & lead_mask[n];
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  return cp;
}

/// Index of the first byte of an ill-formed or cut UTF-8 sequence, or npos.
inline std::size_t invalid_utf8_at(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

inline bool valid_utf8(std::string_view text) { return invalid_utf8_at(text) == std::string_view::npos; }

/// 1-based line and column of a byte offset; columns count characters (UTF-8 lead bytes).
inline std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace maillage::detail
