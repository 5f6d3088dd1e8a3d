// Fuzz target of the data package reader (DESIGN §6: every reader has one). The input is split at
// its first two NUL bytes into a descriptor, a node table and an edge table (fewer NULs: the rest
// is empty). Every outcome must be a graph or an InvalidInput whose message starts with a file
// name; a graph read must write back as a package that reads again to the same numbers of nodes
// and edges.
//
// With clang: built by -DMAILLAGE_FUZZ=ON as a libFuzzer target (`package_fuzz CORPUS_DIR`). With
// another compiler it is linked with replay_main.cpp, a replay tool: `package_fuzz FILE...` runs each file once.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "maillage/maillage.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace maillage;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t first = input.find('\0');
  const std::string_view descriptor = input.substr(0, first);
  std::string_view rest = first == std::string_view::npos ? std::string_view() : input.substr(first + 1);
  const std::size_t second = rest.find('\0');
  const std::string_view nodes = rest.substr(0, second);
  const std::string_view edges = second == std::string_view::npos ? std::string_view() : rest.substr(second + 1);
  try {
    const Graph g = io::parse_package(descriptor, nodes, edges);
    try {
      const io::PackageFiles files = io::format_package(g);
      const Graph h = io::parse_package(files.descriptor, std::string_view(files.nodes), files.edges);
      if (h.number_of_nodes() != g.number_of_nodes() || h.number_of_edges() != g.number_of_edges()) std::abort();
    } catch (const InvalidInput&) {
      // the writer refuses what CSV cannot hold (an empty list)
    }
  } catch (const InvalidInput& e) {
    const std::string_view message = e.what();
    // The descriptor, or a table named by a relative path the descriptor gives.
    if (message.rfind("datapackage.json", 0) != 0 && message.find(".csv") == std::string_view::npos &&
        message.find(':') == std::string_view::npos)
      std::abort();
  }
  return 0;
}
