#include "maillage/algo/backbone.hpp"

#include <cmath>
#include <string>

#include "support.hpp"
#include "maillage/core/error.hpp"

namespace maillage::algo {

std::size_t BackboneResult::kept_count() const {
  std::size_t k = 0;
  for (auto x : kept) k += x;
  return k;
}

namespace {

// (1 − w/s)^(k − 1), 1 when the node has no strength or a single neighbour.
double disparity_p(double w, double s, double k) {
  if (!(s > 0) || k <= 1) return 1.0;
  return std::pow(std::max(0.0, 1.0 - w / s), k - 1.0);
}

}  // namespace

BackboneResult disparity_backbone(const View& view, const BackboneOptions& options) {
  if (!(options.alpha >= 0 && options.alpha <= 1))
    throw InvalidInput("disparity_backbone: alpha must be in [0, 1], not " + std::to_string(options.alpha));
  const std::uint32_t n = view.number_of_nodes();
  const std::size_t m = view.number_of_edges();
  // Edge strengths, from the out-CSR (each view edge appears there at least once).
  const auto strengths = detail::arc_strengths(view, view.out_weights(), view.out_edges(), "disparity_backbone");
  std::vector<double> w(m, 1.0);
  const auto edges = view.out_edges();
  if (!strengths.values.empty())
    for (std::size_t a = 0; a < edges.size(); ++a) w[edges[a]] = strengths.values[a];
  std::vector<std::uint32_t> source(m), target(m);
  view.edge_ends(source, target);
  std::vector<double> s_out(n, 0.0), s_in(n, 0.0), k_out(n, 0.0), k_in(n, 0.0);
  for (std::size_t e = 0; e < m; ++e) {
    const auto u = source[e], v = target[e];
    if (u == v) continue;
    s_out[u] += w[e];
    k_out[u] += 1;
    s_in[v] += w[e];
    k_in[v] += 1;
    if (!view.directed()) {
      s_out[v] += w[e];
      k_out[v] += 1;
      s_in[u] += w[e];
      k_in[u] += 1;
    }
  }
  BackboneResult r;
  r.p_source.resize(m);
  r.p_target.resize(m);
  r.p_value.resize(m);
  r.kept.resize(m);
  for (std::size_t e = 0; e < m; ++e) {
    const auto u = source[e], v = target[e];
    if (u == v) {
      r.p_source[e] = r.p_target[e] = r.p_value[e] = 1.0;
      r.kept[e] = 0;
      continue;
    }
    r.p_source[e] = disparity_p(w[e], s_out[u], k_out[u]);
    r.p_target[e] = view.directed() ? disparity_p(w[e], s_in[v], k_in[v]) : disparity_p(w[e], s_out[v], k_out[v]);
    r.p_value[e] = std::min(r.p_source[e], r.p_target[e]);
    r.kept[e] = r.p_value[e] < options.alpha ? 1 : 0;
  }
  return r;
}

}  // namespace maillage::algo
