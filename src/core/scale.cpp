#include "maillage/core/scale.hpp"

#include <set>

#include "maillage/core/error.hpp"

namespace maillage {

ScaleLadder ScaleLadder::french() {
  return ScaleLadder({{"quartier", "Quartier"},
                      {"commune", "Commune"},
                      {"epci", "Intercommunalité"},
                      {"bassin", "Bassin (PETR, pays, PNR, SCoT)"},
                      {"departement", "Département"},
                      {"region", "Région"},
                      {"interregion", "Interrégion, massif"},
                      {"national", "National"},
                      {"europe", "Européen"},
                      {"international", "International"}});
}

ScaleLadder::ScaleLadder(std::vector<Scale> lowest_first) : scales_(std::move(lowest_first)) {
  if (scales_.empty()) throw InvalidInput("a scale ladder needs at least one scale");
  if (scales_.size() > 32767) throw InvalidInput("a scale ladder has at most 32767 scales");
  std::set<std::string, std::less<>> seen;
  for (auto& s : scales_) {
    if (s.id.empty()) throw InvalidInput("a scale needs a non-empty id");
    if (!seen.insert(s.id).second) throw InvalidInput("duplicate scale " + quote(s.id));
    if (s.label.empty()) s.label = s.id;
  }
}

std::optional<ScaleRank> ScaleLadder::find(std::string_view id) const {
  for (std::size_t i = 0; i < scales_.size(); ++i)
    if (scales_[i].id == id) return static_cast<ScaleRank>(i);
  return std::nullopt;
}

ScaleRank ScaleLadder::rank(std::string_view id) const {
  if (auto r = find(id)) return *r;
  throw InvalidInput("unknown scale " + quote(id) + " (scales, lowest first: " + ids() + ")");
}

std::string ScaleLadder::ids() const {
  std::string out;
  for (const auto& s : scales_) out += (out.empty() ? "" : ", ") + s.id;
  return out;
}

}  // namespace maillage
