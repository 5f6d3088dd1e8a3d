// Group mixing on a View: Newman's mixing counts, the E-I index at its three levels, its random
// expectation, nominal and numeric assortativity. One pass over the out-arcs each.
#include "maillage/algo/mixing.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "support.hpp"

namespace maillage::algo {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void check_groups(std::span<const std::int32_t> groups, std::size_t expected, std::size_t number_of_groups,
                  const char* what) {
  if (groups.size() != expected)
    throw InvalidInput(std::string(what) + ": " + std::to_string(groups.size()) + " group codes for " +
                       std::to_string(expected) + " nodes");
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto g = groups[i];
    if (g != no_group && (g < 0 || static_cast<std::size_t>(g) >= number_of_groups))
      throw InvalidInput(std::string(what) + ": group code " + std::to_string(g) + " of node " + std::to_string(i) +
                         " is outside [0, " + std::to_string(number_of_groups) + ")");
  }
}

/// Edges of the view with an end of unknown group, and their strength.
void count_unknown(const View& view, std::span<const std::int32_t> groups, std::span<const double> strengths,
                   std::uint64_t& edges, double& strength) {
  // Each view edge once: its first arc from the smaller end (undirected) or its arc (directed).
  const auto off = view.out_offsets();
  const auto tgt = view.out_targets();
  for (std::uint32_t v = 0; v < view.number_of_nodes(); ++v)
    for (auto a = off[v]; a < off[v + 1]; ++a) {
      const auto u = tgt[a];
      if (!view.directed() && u < v) continue;
      if (groups[v] == no_group || groups[u] == no_group) {
        ++edges;
        strength += strengths.empty() ? 1.0 : strengths[a];
      }
    }
}

}  // namespace

MixingCounts mixing_counts(const View& view, std::span<const std::int32_t> groups, std::size_t number_of_groups) {
  const std::uint32_t n = view.number_of_nodes();
  check_groups(groups, n, number_of_groups, "mixing");
  const auto st = detail::arc_strengths(view, view.out_weights(), view.out_edges(), "mixing");
  MixingCounts r;
  r.groups = number_of_groups;
  r.matrix.assign(number_of_groups * number_of_groups, 0.0);
  const auto off = view.out_offsets();
  const auto tgt = view.out_targets();
  for (std::uint32_t v = 0; v < n; ++v) {
    const auto gv = groups[v];
    if (gv == no_group) continue;
    for (auto a = off[v]; a < off[v + 1]; ++a) {
      const auto gu = groups[tgt[a]];
      if (gu == no_group) continue;
      r.matrix[static_cast<std::size_t>(gv) * number_of_groups + static_cast<std::size_t>(gu)] +=
          st.values.empty() ? 1.0 : st.values[a];
    }
  }
  count_unknown(view, groups, st.values, r.unknown_edges, r.unknown_strength);
  return r;
}

EIResult ei_index(const View& view, std::span<const std::int32_t> groups, std::size_t number_of_groups,
                  EIConvention convention) {
  const std::uint32_t n = view.number_of_nodes();
  check_groups(groups, n, number_of_groups, "E-I index");
  const auto st = detail::arc_strengths(view, view.out_weights(), view.out_edges(), "E-I index");
  EIResult r;
  r.group_external.assign(number_of_groups, 0.0);
  r.group_internal.assign(number_of_groups, 0.0);
  r.node_external.assign(n, 0.0);
  r.node_internal.assign(n, 0.0);
  const auto off = view.out_offsets();
  const auto tgt = view.out_targets();
  // Arcs: both orientations of an undirected edge, so the network sums count every edge twice
  // there (the ratio is the same; the sums are halved below).
  for (std::uint32_t v = 0; v < n; ++v) {
    const auto gv = groups[v];
    if (gv == no_group) continue;
    for (auto a = off[v]; a < off[v + 1]; ++a) {
      const auto u = tgt[a];
      if (u == v) continue;
      const auto gu = groups[u];
      if (gu == no_group) continue;
      const double w = st.values.empty() ? 1.0 : st.values[a];
      if (gu == gv) {
        r.node_internal[v] += w;
        r.group_internal[static_cast<std::size_t>(gv)] += w;
      } else {
        r.node_external[v] += w;
        r.group_external[static_cast<std::size_t>(gv)] += w;
      }
    }
  }
  auto ratio = [](double e, double i) { return e + i > 0 ? (e - i) / (e + i) : nan; };
  double e = 0, i = 0;
  for (std::size_t g = 0; g < number_of_groups; ++g) {
    e += r.group_external[g];
    i += r.group_internal[g];
  }
  if (!view.directed()) {
    e /= 2;
    i /= 2;
    if (convention == EIConvention::edges)
      for (auto& x : r.group_internal) x /= 2;
  }
  r.external = e;
  r.internal = i;
  r.network = ratio(e, i);
  r.group.resize(number_of_groups);
  for (std::size_t g = 0; g < number_of_groups; ++g) r.group[g] = ratio(r.group_external[g], r.group_internal[g]);
  r.node.resize(n);
  for (std::uint32_t v = 0; v < n; ++v) r.node[v] = ratio(r.node_external[v], r.node_internal[v]);
  double unknown_strength = 0;
  count_unknown(view, groups, st.values, r.unknown_edges, unknown_strength);
  return r;
}

double ei_index_expected(std::span<const std::int32_t> groups, std::size_t number_of_groups) {
  std::vector<double> size(number_of_groups, 0.0);
  double total = 0;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto g = groups[i];
    if (g == no_group) continue;
    if (g < 0 || static_cast<std::size_t>(g) >= number_of_groups)
      throw InvalidInput("E-I index: group code " + std::to_string(g) + " of node " + std::to_string(i) +
                         " is outside [0, " + std::to_string(number_of_groups) + ")");
    size[static_cast<std::size_t>(g)] += 1;
    total += 1;
  }
  if (total < 2) return nan;
  double within = 0;
  for (double s : size) within += s * (s - 1);
  return 1 - 2 * within / (total * (total - 1));
}

double attribute_assortativity(const MixingCounts& counts) {
  const std::size_t k = counts.groups;
  double total = 0;
  for (double x : counts.matrix) total += x;
  if (!(total > 0)) return nan;
  double trace = 0, ab = 0;
  for (std::size_t x = 0; x < k; ++x) {
    double a = 0, b = 0;
    for (std::size_t y = 0; y < k; ++y) {
      a += counts.matrix[x * k + y];
      b += counts.matrix[y * k + x];
    }
    trace += counts.matrix[x * k + x] / total;
    ab += (a / total) * (b / total);
  }
  if (!(1 - ab > 1e-15)) return nan;
  return (trace - ab) / (1 - ab);
}

NumericAssortativity numeric_assortativity(const View& view, std::span<const double> values) {
  const std::uint32_t n = view.number_of_nodes();
  if (values.size() != n)
    throw InvalidInput("numeric assortativity: " + std::to_string(values.size()) + " values for " +
                       std::to_string(n) + " nodes");
  const auto st = detail::arc_strengths(view, view.out_weights(), view.out_edges(), "numeric assortativity");
  const auto off = view.out_offsets();
  const auto tgt = view.out_targets();
  // Two passes (means, then centred moments) for accuracy.
  double w_sum = 0, s_sum = 0, t_sum = 0;
  for (std::uint32_t v = 0; v < n; ++v) {
    if (std::isnan(values[v])) continue;
    for (auto a = off[v]; a < off[v + 1]; ++a) {
      const double xu = values[tgt[a]];
      if (std::isnan(xu)) continue;
      const double w = st.values.empty() ? 1.0 : st.values[a];
      w_sum += w;
      s_sum += w * values[v];
      t_sum += w * xu;
    }
  }
  NumericAssortativity r;
  std::vector<std::int32_t> known(n);
  for (std::uint32_t v = 0; v < n; ++v) known[v] = std::isnan(values[v]) ? no_group : 0;
  double unknown_strength = 0;
  count_unknown(view, known, st.values, r.unknown_edges, unknown_strength);
  if (!(w_sum > 0)) {
    r.value = nan;
    return r;
  }
  const double ms = s_sum / w_sum, mt = t_sum / w_sum;
  double cov = 0, vs = 0, vt = 0;
  for (std::uint32_t v = 0; v < n; ++v) {
    if (std::isnan(values[v])) continue;
    for (auto a = off[v]; a < off[v + 1]; ++a) {
      const double xu = values[tgt[a]];
      if (std::isnan(xu)) continue;
      const double w = st.values.empty() ? 1.0 : st.values[a];
      const double ds = values[v] - ms, dt = xu - mt;
      cov += w * ds * dt;
      vs += w * ds * ds;
      vt += w * dt * dt;
    }
  }
  r.value = vs > 0 && vt > 0 ? cov / std::sqrt(vs * vt) : nan;
  return r;
}

}  // namespace maillage::algo
