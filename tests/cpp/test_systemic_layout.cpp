// Layouts of render/layout.hpp: the Barnes–Hut force-directed layout against Boost.Graph's
// Fruchterman–Reingold (the small-graph oracle) and against its own exact O(n²) repulsion,
// Kamada–Kawai, concentric rings, sectors and scale bands.
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/fruchterman_reingold.hpp>
#include <boost/graph/random_layout.hpp>
#include <boost/graph/topology.hpp>
#include <boost/random/linear_congruential.hpp>
#include <cmath>
#include <random>
#include <set>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/render/layout.hpp"

using namespace maillage;
using namespace maillage::render;

namespace {

/// Two 6-cliques joined by one edge, a 5 × 5 grid, and a 30-node cycle with chords.
std::vector<LayoutGraph> small_graphs() {
  std::vector<LayoutGraph> out;
  LayoutGraph cliques;
  cliques.n = 12;
  for (std::uint32_t c = 0; c < 2; ++c)
    for (std::uint32_t i = 0; i < 6; ++i)
      for (std::uint32_t j = i + 1; j < 6; ++j) cliques.edges.emplace_back(c * 6 + i, c * 6 + j);
  cliques.edges.emplace_back(5, 6);
  out.push_back(cliques);
  LayoutGraph grid;
  grid.n = 25;
  for (std::uint32_t r = 0; r < 5; ++r)
    for (std::uint32_t c = 0; c < 5; ++c) {
      if (c + 1 < 5) grid.edges.emplace_back(r * 5 + c, r * 5 + c + 1);
      if (r + 1 < 5) grid.edges.emplace_back(r * 5 + c, (r + 1) * 5 + c);
    }
  out.push_back(grid);
  LayoutGraph ring;
  ring.n = 30;
  for (std::uint32_t i = 0; i < 30; ++i) ring.edges.emplace_back(i, (i + 1) % 30);
  for (std::uint32_t i = 0; i < 30; i += 5) ring.edges.emplace_back(i, (i + 2) % 30);
  out.push_back(ring);
  return out;
}

Layout bgl_fruchterman_reingold(const LayoutGraph& lg, unsigned seed) {
  using G = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  G g(lg.n);
  for (const auto& [u, v] : lg.edges) boost::add_edge(u, v, g);
  using Topology = boost::rectangle_topology<boost::minstd_rand>;
  boost::minstd_rand gen(seed);
  Topology topology(gen, -50, -50, 50, 50);
  std::vector<Topology::point_type> points(lg.n);
  auto position = boost::make_iterator_property_map(points.begin(), boost::get(boost::vertex_index, g));
  boost::random_graph_layout(g, position, topology);
  boost::fruchterman_reingold_force_directed_layout(g, position, topology,
                                                    boost::cooling(boost::linear_cooling<double>(300)));
  Layout out;
  for (const auto& p : points) {
    out.x.push_back(p[0]);
    out.y.push_back(p[1]);
  }
  return out;
}

}  // namespace

TEST_CASE("Force-directed layout is as faithful as Boost.Graph's Fruchterman-Reingold on small graphs") {
  // Both are local searches that can twist a ring: compare the best of three seeds of each.
  for (const auto& g : small_graphs()) {
    double ours = 0, bgl = 0;
    for (unsigned seed = 1; seed <= 3; ++seed) {
      ForceOptions o;
      o.seed = seed;
      ours = std::max(ours, distance_correlation(g, force_directed(g, o)));
      bgl = std::max(bgl, distance_correlation(g, bgl_fruchterman_reingold(g, seed)));
    }
    INFO("nodes " << g.n << ": ours " << ours << ", Boost.Graph " << bgl);
    CHECK(ours > 0.85);
    CHECK(ours >= bgl - 0.05);
  }
}

TEST_CASE("Barnes-Hut repulsion matches the exact repulsion in quality") {
  // Mean over ten seeds of the distance correlation, approximate (theta 1.2) and exact.
  for (const auto& g : small_graphs()) {
    double a = 0, b = 0;
    for (unsigned seed = 0; seed < 10; ++seed) {
      ForceOptions approx, exact;
      approx.seed = exact.seed = seed;
      exact.theta = 0;
      a += distance_correlation(g, force_directed(g, approx)) / 10;
      b += distance_correlation(g, force_directed(g, exact)) / 10;
    }
    INFO("nodes " << g.n << ": Barnes-Hut " << a << ", exact " << b);
    CHECK(a > b - 0.05);
  }
}

TEST_CASE("Force-directed layout is seeded and deterministic") {
  auto g = small_graphs()[2];
  ForceOptions o;
  o.seed = 3;
  auto a = force_directed(g, o);
  auto b = force_directed(g, o);
  CHECK(a.x == b.x);
  CHECK(a.y == b.y);
  o.seed = 4;
  CHECK(force_directed(g, o).x != a.x);
  // Coincident starting points are pulled apart, not left as NaN.
  ForceOptions same;
  same.initial_x.assign(g.n, 1.0);
  same.initial_y.assign(g.n, 1.0);
  auto c = force_directed(g, same);
  std::set<std::pair<double, double>> distinct;
  for (std::uint32_t i = 0; i < g.n; ++i) {
    REQUIRE(std::isfinite(c.x[i]));
    distinct.emplace(c.x[i], c.y[i]);
  }
  CHECK(distinct.size() == g.n);
  LayoutGraph bad;
  bad.n = 2;
  bad.edges = {{0, 2}};
  CHECK(test::has(test::thrown<InvalidInput>([&] { force_directed(bad); }), "(0, 2)"));
}

TEST_CASE("Force-directed layout is the same for any thread count") {
  LayoutGraph g;
  g.n = 2100;  // above the 2,048-node gate of the parallel repulsion
  std::mt19937_64 rng(5);
  for (int e = 0; e < 6000; ++e) g.edges.emplace_back(static_cast<std::uint32_t>(rng() % g.n), static_cast<std::uint32_t>(rng() % g.n));
  ForceOptions one, two;
  one.iterations = two.iterations = 20;
  one.threads = 1;
  two.threads = 2;
  auto a = force_directed(g, one);
  auto b = force_directed(g, two);
  CHECK(a.x == b.x);
  CHECK(a.y == b.y);
}

TEST_CASE("Force-directed layout packs components side by side") {
  // Two triangles and an isolated node: each component keeps its shape, none drifts away.
  LayoutGraph g;
  g.n = 7;
  g.edges = {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}};
  auto l = force_directed(g);
  double span = 0, side = 0;
  for (std::uint32_t i = 0; i < 7; ++i)
    for (std::uint32_t j = 0; j < 7; ++j) span = std::max(span, std::hypot(l.x[i] - l.x[j], l.y[i] - l.y[j]));
  side = std::hypot(l.x[0] - l.x[1], l.y[0] - l.y[1]);
  CHECK(span < 8 * side);
}

TEST_CASE("Kamada-Kawai places a grid as a grid") {
  auto grid = small_graphs()[1];
  auto layout = kamada_kawai(grid);
  CHECK(distance_correlation(grid, layout) > 0.95);
  auto again = kamada_kawai(grid);
  CHECK(layout.x == again.x);
  LayoutGraph big;
  big.n = kamada_kawai_max_nodes + 1;
  CHECK(test::has(test::thrown<InvalidInput>([&] { kamada_kawai(big); }), "above the limit"));
}

TEST_CASE("Concentric rings follow hop distance from the focus") {
  //  0 - 1 - 2 - 3, 0 - 4, 5 isolated
  LayoutGraph g;
  g.n = 6;
  g.edges = {{0, 1}, {1, 2}, {2, 3}, {0, 4}};
  auto l = concentric(g, 0);
  auto r = [&](std::uint32_t i) { return std::hypot(l.x[i], l.y[i]); };
  CHECK(r(0) == 0);
  CHECK(r(1) == Approx(r(4)));
  CHECK(r(2) > r(1));
  CHECK(r(3) > r(2));
  CHECK(r(5) > r(3));  // unreachable: outermost ring
}

TEST_CASE("Sectors keep each group in its own wedge") {
  std::vector<std::uint32_t> group = {0, 0, 0, 1, 1, 2, 2, 2, 2, 2};
  auto l = sectors(group);
  for (std::size_t i = 0; i < group.size(); ++i)
    for (std::size_t j = 0; j < group.size(); ++j) {
      if (group[i] == group[j]) continue;
      CHECK(std::hypot(l.x[i] - l.x[j], l.y[i] - l.y[j]) > 1e-6);
    }
  // Angles of a group lie in one range, the groups in order from the top (angle -π/2) on.
  auto angle = [&](std::size_t i) {
    double a = std::atan2(l.y[i], l.x[i]);
    return a < -M_PI / 2 ? a + 2 * M_PI : a;
  };
  for (std::size_t i = 0; i < group.size(); ++i)
    for (std::size_t j = 0; j < group.size(); ++j)
      if (group[i] < group[j]) CHECK(angle(i) < angle(j));
}

TEST_CASE("Scale bands put higher levels above and reduce crossings") {
  // Level 2: a; level 1: b, c; level 0: d, e (d under c, e under b by nesting).
  LayoutGraph g;
  g.n = 5;
  g.edges = {};
  std::vector<int> level = {2, 1, 1, 0, 0};
  std::vector<std::pair<std::uint32_t, std::uint32_t>> nesting = {{1, 0}, {2, 0}, {3, 2}, {4, 1}};
  auto b = scale_bands(g, level, 3, nesting);
  CHECK(b.layout.y[0] < b.layout.y[1]);
  CHECK(b.layout.y[1] < b.layout.y[3]);
  CHECK(b.layout.y[1] == b.layout.y[2]);
  // d sits under c and e under b: no crossing between the nesting edges.
  CHECK((b.layout.x[3] < b.layout.x[4]) == (b.layout.x[2] < b.layout.x[1]));
  CHECK(b.band_from[2] < b.band_from[1]);
  CHECK(test::has(test::thrown<InvalidInput>([&] { scale_bands(g, {5, 0, 0, 0, 0}, 3); }), "level 5"));
}
