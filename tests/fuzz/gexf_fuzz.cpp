// Fuzz target of the GEXF reader (DESIGN §6: every reader has one): the checks of xml_fuzz.hpp.
//
// With clang: built by -DMAILLAGE_FUZZ=ON as a libFuzzer target (`gexf_fuzz CORPUS_DIR`). With
// another compiler it is linked with replay_main.cpp: `gexf_fuzz FILE...` runs each file once.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "xml_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_xml_reader(
      std::string_view(reinterpret_cast<const char*>(data), size),
      [](std::string_view text, const std::string& file) { return maillage::io::parse_gexf(text, file); },
      [](const maillage::Graph& g) { return maillage::io::format_gexf(g); }, "graph.gexf");
  return 0;
}
