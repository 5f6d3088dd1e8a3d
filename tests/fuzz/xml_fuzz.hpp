#pragma once
// The check shared by the XML readers' fuzz targets (GEXF, GraphML): every outcome is a graph or an
// InvalidInput whose message starts with the file name; a graph read writes back to a text that
// reads again to the same numbers of nodes and edges.
#include <cstdlib>
#include <string>
#include <string_view>

#include "maillage/maillage.hpp"

template <class Parse, class Format>
void check_xml_reader(std::string_view input, Parse parse, Format format, const std::string& name) {
  using namespace maillage;
  try {
    const Graph g = parse(input, name);
    try {
      const Graph h = parse(format(g), "again-" + name);
      if (h.number_of_nodes() != g.number_of_nodes() || h.number_of_edges() != g.number_of_edges()) std::abort();
    } catch (const InvalidInput&) {
      // the writer refuses what XML cannot hold (control characters, '|' in a list item)
    }
  } catch (const InvalidInput& e) {
    if (std::string_view(e.what()).rfind(name, 0) != 0) std::abort();
  }
}
