// Fuzz target of the Representation JSON reader (DESIGN §6: every reader has one), through its
// public entry point systemic::from_json, so it holds whatever JSON parser sits underneath. Every
// outcome must be a representation or an InvalidInput (NotFound only for a missing node, which the
// reader reports as InvalidInput); a representation read must write back to a text that reads
// again to the same representation (the contract's "from_json(to_json(r)) == r", compared by
// canonical text so that NaN, read from null, compares equal), a fixed point of the writer.
//
// With clang: built by -DMAILLAGE_FUZZ=ON as a libFuzzer target (`representation_fuzz CORPUS_DIR`).
// With another compiler it is linked with replay_main.cpp: `representation_fuzz FILE...`.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "maillage/maillage.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace maillage;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  systemic::Representation r;
  try {
    r = systemic::from_json(input);
  } catch (const InvalidInput& e) {
    if (std::string_view(e.what()).empty()) std::abort();
    return 0;
  }
  // A representation the reader accepted is valid, so the writer takes it and the reader takes
  // the writer's text back, equal (doubles in their shortest round-trip form).
  // Compared through the canonical text: an optional number given as null reads as NaN (and is
  // written null again), and NaN != NaN would fail a field-by-field equality.
  const std::string text = systemic::to_json(r);
  const systemic::Representation again = systemic::from_json(text);
  if (systemic::to_json(again) != text) std::abort();
  // The pretty-printed form reads back to the same representation too.
  if (systemic::to_json(systemic::from_json(systemic::to_json(r, 2))) != text) std::abort();
  return 0;
}
