// Fuzz target of the ERGM formula reader (models::parse_formula and the resolution of its terms by
// ErgmModel against a small network with a categorical and a numeric attribute and a dyadic
// covariate). Every outcome must be a list of terms or an InvalidInput naming a column (or, when
// the terms are resolved, the term, attribute or covariate at fault); a model built must give one
// finite statistic per name, and finite change statistics.
//
// With clang: built by -DMAILLAGE_FUZZ=ON as a libFuzzer target (`formula_fuzz CORPUS_DIR`). With
// another compiler it is linked with replay_main.cpp: `formula_fuzz FILE...` runs each file once.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "maillage/maillage.hpp"
#include "maillage/models/ergm.hpp"

namespace {

// Six nodes, a path 0-1-2-3-4 and a tie 1-3; attribute "scale" with two levels, "size" numeric,
// covariate "distance".
maillage::models::ErgmNetwork small_network(bool directed) {
  maillage::models::ErgmNetwork network;
  network.nodes = 6;
  network.directed = directed;
  network.source = {0, 1, 2, 3, 1};
  network.target = {1, 2, 3, 4, 3};
  network.attributes["scale"] = {{0, 0, 1, 1, 0, 1}, {"commune", "epci"}, {}};
  network.attributes["size"] = {{}, {}, {1.0, 2.5, 3.0, 4.0, 0.5, 6.0}};
  std::vector<double> distance(36);
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t j = 0; j < 6; ++j) distance[i * 6 + j] = std::abs(static_cast<double>(i) - static_cast<double>(j));
  network.dyad_covariates["distance"] = distance;
  return network;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace maillage;
  if (size > 4096) return 0;  // formulas are one line; longer inputs only slow the search
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    const auto terms = models::parse_formula(input);
    for (const auto& term : terms)
      if (term.name.empty() || term.column == 0 || term.column > size) std::abort();
  } catch (const InvalidInput& e) {
    if (std::string_view(e.what()).empty()) std::abort();
    return 0;
  }
  for (const bool directed : {false, true}) {
    try {
      const models::ErgmModel model(small_network(directed), input);
      const std::vector<double> statistics = model.statistics();
      if (statistics.size() != model.names().size()) std::abort();
      for (const double s : statistics)
        if (!std::isfinite(s)) std::abort();
      // A change statistic of an absent tie and of a present one (both orientations when directed).
      for (const auto& [i, j] : {std::pair<std::uint32_t, std::uint32_t>{0, 5}, {3, 1}}) {
        const std::vector<double> change = model.change_statistics(i, j);
        if (change.size() != statistics.size()) std::abort();
        for (const double c : change)
          if (!std::isfinite(c)) std::abort();
      }
    } catch (const InvalidInput& e) {
      if (std::string_view(e.what()).empty()) std::abort();
    }
  }
  return 0;
}
