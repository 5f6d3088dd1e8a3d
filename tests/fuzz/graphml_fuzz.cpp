// Fuzz target of the GraphML reader (DESIGN §6: every reader has one). Every outcome must be a graph
// or an InvalidInput whose message starts with the file name; a graph read must write back as
// GraphML that reads again to the same numbers of nodes and edges.
//
// With clang: built by -DMAILLAGE_FUZZ=ON as a libFuzzer target (`graphml_fuzz CORPUS_DIR`). With
// another compiler the same file builds a replay tool: `graphml_fuzz FILE...` runs each file once.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "maillage/maillage.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace maillage;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    const Graph g = io::parse_graphml(input, "graph.graphml");
    try {
      const Graph h = io::parse_graphml(io::format_graphml(g), "again.graphml");
      if (h.number_of_nodes() != g.number_of_nodes() || h.number_of_edges() != g.number_of_edges()) std::abort();
    } catch (const InvalidInput&) {
      // the writer refuses what XML cannot hold (control characters, '|' in a list item)
    }
  } catch (const InvalidInput& e) {
    if (std::string_view(e.what()).rfind("graph.graphml", 0) != 0) std::abort();
  }
  return 0;
}

#ifndef MAILLAGE_LIBFUZZER
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    std::printf("%s: ok\n", argv[i]);
  }
  return 0;
}
#endif
