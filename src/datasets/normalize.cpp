// Name normalisation for territory lookups: accents, case, apostrophes, hyphens and "Saint"/"St".
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "maillage/datasets/territories.hpp"
#include "../core/text.hpp"

namespace maillage::datasets {
namespace {

// ASCII folding of U+00C0…U+017F (Latin-1 Supplement letters and Latin Extended-A); nullptr for
// the two symbols of the range (× and ÷), which separate words.
constexpr std::array<const char*, 0x180 - 0xC0> latin_fold = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",         // C0
    "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",   // D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",         // E0
    "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "y",    // F0
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",          // 100
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",          // 110
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",          // 120
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",        // 130
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",          // 140
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",        // 150
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",          // 160
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",          // 170
};

// Code points read as a word separator besides ASCII punctuation and spaces: no-break spaces,
// typographic apostrophes and quotes, hyphens and dashes, the middle dot, « and ».
bool is_separator(std::uint32_t cp) {
  switch (cp) {
    case 0x00A0: case 0x00AB: case 0x00B7: case 0x00BB: case 0x00D7: case 0x00F7: case 0x02BC:
    case 0x2009: case 0x200A: case 0x202F: case 0x2018: case 0x2019: case 0x201A: case 0x201C:
    case 0x201D: case 0x2026: case 0x2212:
      return true;
    default:
      return cp >= 0x2010 && cp <= 0x2015;  // hyphen, non-breaking hyphen, figure dash, en, em, bar
  }
}

// Decodes the code point at s[i] (advancing i); an invalid byte is returned as itself with
// `valid` false, so that text in other encodings still compares byte for byte.
std::uint32_t next_code_point(std::string_view s, std::size_t& i, bool& valid) {
  const std::size_t n = maillage::detail::utf8_length(s, i);
  valid = n != 0;
  if (!valid) return static_cast<unsigned char>(s[i++]);
  const std::uint32_t cp = maillage::detail::utf8_code_point(s, i, n);
  i += n;
  return cp;
}

}  // namespace

std::string normalize_territory_name(std::string_view name) {
  // Pass 1: fold characters, separators become single spaces.
  std::string folded;
  folded.reserve(name.size());
  bool pending_space = false;
  auto emit = [&](std::string_view text) {
    if (pending_space && !folded.empty()) folded += ' ';
    pending_space = false;
    folded += text;
  };
  std::size_t i = 0;
  while (i < name.size()) {
    const std::size_t start = i;
    bool valid = true;
    const std::uint32_t cp = next_code_point(name, i, valid);
    if (!valid) {
      emit(name.substr(start, 1));
      continue;
    }
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        const char lower = static_cast<char>(c - 'A' + 'a');
        emit(std::string_view(&lower, 1));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        emit(std::string_view(&c, 1));
      } else {
        pending_space = true;  // spaces, apostrophes, hyphens and all ASCII punctuation
      }
      continue;
    }
    if (cp >= 0x0300 && cp <= 0x036F) continue;  // combining accents (decomposed text)
    if (cp >= 0xC0 && cp < 0x180) {
      if (const char* f = latin_fold[cp - 0xC0]) {
        emit(f);
        continue;
      }
    }
    if (is_separator(cp)) {
      pending_space = true;
      continue;
    }
    emit(name.substr(start, i - start));
  }
  // Pass 2: abbreviations of Saint.
  std::string out;
  out.reserve(folded.size() + 8);
  std::size_t p = 0;
  while (p < folded.size()) {
    std::size_t q = folded.find(' ', p);
    if (q == std::string::npos) q = folded.size();
    const std::string_view word(folded.data() + p, q - p);
    if (!out.empty()) out += ' ';
    if (word == "st") out += "saint";
    else if (word == "ste") out += "sainte";
    else if (word == "sts") out += "saints";
    else if (word == "stes") out += "saintes";
    else out += word;
    p = q + 1;
  }
  return out;
}

}  // namespace maillage::datasets
