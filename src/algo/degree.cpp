#include "maillage/algo/degree.hpp"

#include "support.hpp"

namespace maillage::algo {

namespace {

/// Self-loop arcs per node (at most one: views are simple).
std::vector<std::uint8_t> self_loops(const View& view) {
  const std::uint32_t n = view.number_of_nodes();
  std::vector<std::uint8_t> loops(n, 0);
  const auto offsets = view.out_offsets();
  const auto targets = view.out_targets();
  for (std::uint32_t u = 0; u < n; ++u) {
    // Rows are sorted: a self-loop sits where u would be.
    const auto* begin = targets.data() + offsets[u];
    const auto* end = targets.data() + offsets[u + 1];
    const auto* it = std::lower_bound(begin, end, u);
    loops[u] = (it != end && *it == u) ? 1 : 0;
  }
  return loops;
}

}  // namespace

DegreeResult degree(const View& view, const DegreeOptions& options) {
  const std::uint32_t n = view.number_of_nodes();
  DegreeResult r;
  r.values.resize(n);
  const auto out = view.out_offsets();
  const auto in = view.in_offsets();
  if (!view.directed()) {
    // 2·edges - arcs = number of self-loops (one arc each): without any, no row needs a look.
    if (2 * view.number_of_edges() == view.out_targets().size()) {
      for (std::uint32_t u = 0; u < n; ++u) r.values[u] = static_cast<std::int64_t>(out[u + 1] - out[u]);
      return r;
    }
    const auto loops = self_loops(view);
    for (std::uint32_t u = 0; u < n; ++u)
      r.values[u] = static_cast<std::int64_t>(out[u + 1] - out[u]) + loops[u];
    return r;
  }
  for (std::uint32_t u = 0; u < n; ++u) {
    std::int64_t d = 0;
    if (options.direction != Direction::in) d += static_cast<std::int64_t>(out[u + 1] - out[u]);
    if (options.direction != Direction::out) d += static_cast<std::int64_t>(in[u + 1] - in[u]);
    r.values[u] = d;
  }
  return r;
}

NodeMeasure strength(const View& view, const DegreeOptions& options) {
  const std::uint32_t n = view.number_of_nodes();
  NodeMeasure r;
  r.values.assign(n, 0.0);
  const auto out = view.out_offsets();
  const auto targets = view.out_targets();
  const auto out_s = detail::arc_strengths(view, view.out_weights(), view.out_edges(), "strength");
  auto row_sum = [](std::span<const std::uint64_t> offsets, std::span<const double> w, std::uint32_t u) {
    if (w.empty()) return static_cast<double>(offsets[u + 1] - offsets[u]);
    double s = 0.0;
    for (auto a = offsets[u]; a < offsets[u + 1]; ++a) s += w[a];
    return s;
  };
  if (!view.directed()) {
    const bool loops = 2 * view.number_of_edges() != targets.size();
    for (std::uint32_t u = 0; u < n; ++u) {
      double s = row_sum(out, out_s.values, u);
      if (loops)
        for (auto a = out[u]; a < out[u + 1]; ++a)
          if (targets[a] == u) s += out_s.values.empty() ? 1.0 : out_s.values[a];  // a self-loop counts twice
      r.values[u] = s;
    }
    return r;
  }
  const auto in = view.in_offsets();
  const auto in_s = detail::arc_strengths(view, view.in_weights(), view.in_edges(), "strength");
  for (std::uint32_t u = 0; u < n; ++u) {
    double s = 0.0;
    if (options.direction != Direction::in) s += row_sum(out, out_s.values, u);
    if (options.direction != Direction::out) s += row_sum(in, in_s.values, u);
    r.values[u] = s;
  }
  return r;
}

NodeMeasure degree_centrality(const View& view, const DegreeOptions& options) {
  const std::uint32_t n = view.number_of_nodes();
  NodeMeasure r;
  if (n <= 1) {
    r.values.assign(n, 1.0);
    return r;
  }
  const auto d = degree(view, options);
  const double s = 1.0 / (static_cast<double>(n) - 1.0);
  r.values.resize(n);
  for (std::uint32_t u = 0; u < n; ++u) r.values[u] = static_cast<double>(d.values[u]) * s;
  return r;
}

}  // namespace maillage::algo
