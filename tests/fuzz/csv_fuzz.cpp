// Fuzz target of the CSV reader (DESIGN §6: every reader has one). The input is split at its first
// NUL byte into a node file and an edge file (no NUL: an edge list alone); every outcome must be a
// graph or an InvalidInput whose message starts with a file name, and the writer's output of a
// graph must read back to the same numbers of nodes and edges.
//
// With clang: built by -DMAILLAGE_FUZZ=ON as a libFuzzer target (`csv_fuzz CORPUS_DIR`). With
// another compiler it is linked with replay_main.cpp, a replay tool: `csv_fuzz FILE...` runs each file once.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "maillage/maillage.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace maillage;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  try {
    const Graph g = nul == std::string_view::npos
                        ? io::parse_csv(std::nullopt, input)
                        : io::parse_csv(input.substr(0, nul), input.substr(nul + 1));
    try {
      const auto [nodes, edges] = io::format_csv(g);
      io::CsvOptions o;
      const Graph h = io::parse_csv(std::string_view(nodes), edges, o);
      if (h.number_of_nodes() != g.number_of_nodes() || h.number_of_edges() != g.number_of_edges()) std::abort();
    } catch (const InvalidInput&) {
      // a graph can hold what the writer refuses (an empty list item), or re-read types differ
    }
  } catch (const InvalidInput& e) {
    const std::string_view message = e.what();
    if (message.rfind("nodes.csv", 0) != 0 && message.rfind("edges.csv", 0) != 0 && message.rfind("dtypes", 0) != 0)
      std::abort();
  }
  return 0;
}
