// View CSR structure: row order, in/out consistency, node orders (natural, bfs, degree), the BGL
// copy (checked with BGL's own breadth-first search) and the Eigen adjacency matrix.
#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/visitors.hpp>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using test::keyed_edges;
using std::string;

namespace {

constexpr std::uint32_t unreached = std::numeric_limits<std::uint32_t>::max();

/// Every structural invariant of a view's CSR arrays.
void check_csr(const View& v) {
  const std::uint32_t n = v.number_of_nodes();
  const std::size_t m = v.number_of_edges();
  const auto off = v.out_offsets();
  const auto tgt = v.out_targets();
  REQUIRE(off.size() == std::size_t{n} + 1);
  REQUIRE(off[0] == 0);
  REQUIRE(off[n] == tgt.size());
  REQUIRE(v.out_weights().size() == tgt.size());
  REQUIRE(v.out_edges().size() == tgt.size());
  // Edges sorted by (source, target), source ≤ target when undirected.
  std::size_t loops = 0;
  for (std::size_t e = 0; e < m; ++e) {
    if (!v.directed()) REQUIRE(v.edge_source(e) <= v.edge_target(e));
    if (e > 0)
      REQUIRE(std::pair(v.edge_source(e - 1), v.edge_target(e - 1)) < std::pair(v.edge_source(e), v.edge_target(e)));
    loops += v.edge_source(e) == v.edge_target(e);
    REQUIRE_FALSE(v.edge_members(e).empty());
    REQUIRE(std::is_sorted(v.edge_members(e).begin(), v.edge_members(e).end()));
  }
  REQUIRE(tgt.size() == (v.directed() ? m : 2 * m - loops));
  // The bulk reader agrees with the per-edge accessors; out-of-range edges throw.
  std::vector<std::uint32_t> sources(m), targets(m);
  std::vector<double> weights(m);
  v.edge_ends(sources, targets, weights);
  for (std::size_t e = 0; e < m; ++e) {
    REQUIRE(sources[e] == v.edge_source(e));
    REQUIRE(targets[e] == v.edge_target(e));
    REQUIRE(weights[e] == v.edge_weight(e));
  }
  std::vector<std::uint32_t> only_targets(m);
  v.edge_ends({}, only_targets);
  REQUIRE(only_targets == targets);
  std::vector<std::uint32_t> short_output(m + 1);
  REQUIRE_THROWS_AS(v.edge_ends(short_output, {}), std::invalid_argument);
  REQUIRE_THROWS_AS(v.edge_source(m), std::out_of_range);
  REQUIRE_THROWS_AS(v.edge_target(m), std::out_of_range);
  REQUIRE_THROWS_AS(v.edge_weight(m), std::out_of_range);
  REQUIRE_THROWS_AS(v.edge_members(m), std::out_of_range);
  std::vector<int> arcs_of_edge(m, 0);
  for (std::uint32_t u = 0; u < n; ++u) {
    REQUIRE(off[u] <= off[u + 1]);
    REQUIRE(v.out_degree(u) == off[u + 1] - off[u]);
    const auto row = v.out_neighbors(u);
    REQUIRE(row.size() == v.out_degree(u));
    for (std::size_t k = 1; k < row.size(); ++k) REQUIRE(row[k - 1] < row[k]);  // ascending, simple
    for (auto a = off[u]; a < off[u + 1]; ++a) {
      const auto e = v.out_edges()[a];
      REQUIRE(e < m);
      ++arcs_of_edge[e];
      REQUIRE(v.out_weights()[a] == v.edge_weight(e));
      REQUIRE(v.out_neighbor_weights(u)[a - off[u]] == v.out_weights()[a]);
      const auto s = v.edge_source(e), t = v.edge_target(e);
      if (v.directed()) {
        REQUIRE(s == u);
        REQUIRE(t == tgt[a]);
      } else {
        REQUIRE(((s == u && t == tgt[a]) || (t == u && s == tgt[a])));
      }
    }
  }
  for (std::size_t e = 0; e < m; ++e)
    REQUIRE(arcs_of_edge[e] == (v.directed() || v.edge_source(e) == v.edge_target(e) ? 1 : 2));

  const auto ioff = v.in_offsets();
  const auto isrc = v.in_sources();
  REQUIRE(ioff.size() == std::size_t{n} + 1);
  if (!v.directed()) {
    // The same arrays as the out-arcs.
    REQUIRE(ioff.data() == off.data());
    REQUIRE(isrc.data() == tgt.data());
    REQUIRE(v.in_weights().data() == v.out_weights().data());
    REQUIRE(v.in_edges().data() == v.out_edges().data());
    for (std::uint32_t u = 0; u < n; ++u) REQUIRE(v.in_degree(u) == v.out_degree(u));
    return;
  }
  REQUIRE(ioff[n] == m);
  REQUIRE(isrc.size() == m);
  std::vector<int> in_arcs(m, 0);
  std::vector<std::uint32_t> expected_in(n, 0);
  for (std::size_t e = 0; e < m; ++e) ++expected_in[v.edge_target(e)];
  for (std::uint32_t t = 0; t < n; ++t) {
    REQUIRE(v.in_degree(t) == expected_in[t]);
    const auto row = v.in_neighbors(t);
    REQUIRE(row.size() == v.in_degree(t));
    for (std::size_t k = 1; k < row.size(); ++k) REQUIRE(row[k - 1] < row[k]);
    for (auto a = ioff[t]; a < ioff[t + 1]; ++a) {
      const auto e = v.in_edges()[a];
      ++in_arcs[e];
      REQUIRE(v.edge_source(e) == isrc[a]);
      REQUIRE(v.edge_target(e) == t);
      REQUIRE(v.in_weights()[a] == v.edge_weight(e));
    }
  }
  for (std::size_t e = 0; e < m; ++e) REQUIRE(in_arcs[e] == 1);
}

std::vector<string> keys_of(const View& v) {
  std::vector<string> out;
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) out.push_back(v.key(i));
  return out;
}

/// Weak components of a view by BGL's connected_components on an undirected copy of its BGL CSR.
std::vector<int> bgl_components(const View& v) {
  const BglCsr csr = to_boost_csr(v);
  boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> ug(num_vertices(csr));
  for (auto e : boost::make_iterator_range(edges(csr))) boost::add_edge(source(e, csr), target(e, csr), ug);
  std::vector<int> comp(num_vertices(ug), -1);
  if (num_vertices(ug) > 0) boost::connected_components(ug, comp.data());
  return comp;
}

}  // namespace

TEST_CASE("Node orders on a hand-drawn graph") {
  //   n0 ── n3 ── n1          n4 ── n2    degrees: n0 2, n1 2, n2 3, n3 2, n4 1, n5 2
  //    │           │                │
  //   n5 ───────── n2 ──────────────┘  (n2 — n4)
  //   edges: n0-n3, n0-n5, n3-n1, n5-n2, n1-n2, n4-n2
  GraphBuilder b;
  for (const char* k : {"n0", "n1", "n2", "n3", "n4", "n5"}) b.add_node(k);
  b.add_edge("n0", "n3").add_edge("n0", "n5").add_edge("n3", "n1").add_edge("n5", "n2").add_edge("n1", "n2");
  b.add_edge("n4", "n2");
  const Graph g = b.build();
  ViewOptions o;
  CHECK(keys_of(g.view(o)) == std::vector<string>{"n0", "n1", "n2", "n3", "n4", "n5"});
  o.order = NodeOrder::bfs;
  // From n0: its neighbours n3, n5; then n3's new neighbour n1; n5's n2; n2's n4.
  const View bfs = g.view(o);
  CHECK(keys_of(bfs) == std::vector<string>{"n0", "n3", "n5", "n1", "n2", "n4"});
  check_csr(bfs);
  o.order = NodeOrder::degree;
  // Decreasing degree, ties by graph order.
  const View deg = g.view(o);
  CHECK(keys_of(deg) == std::vector<string>{"n2", "n0", "n1", "n3", "n5", "n4"});
  check_csr(deg);
  CHECK(keyed_edges(bfs).size() == 6);
  for (const auto& e : keyed_edges(deg)) CHECK(e.members.size() == 1);
}

TEST_CASE("BFS order on a directed view follows arcs both ways") {
  //   d2 → d0 → d3      d1 alone
  GraphBuilder b;
  for (const char* k : {"d0", "d1", "d2", "d3"}) b.add_node(k);
  b.add_edge("d2", "d0", "links_to").add_edge("d0", "d3", "links_to");
  ViewOptions o;
  o.order = NodeOrder::bfs;
  const View v = b.build().view(o);
  REQUIRE(v.directed());
  CHECK(keys_of(v) == std::vector<string>{"d0", "d3", "d2", "d1"});
  check_csr(v);
  // Degree order counts in- and out-arcs: d0 has 2.
  o.order = NodeOrder::degree;
  CHECK(keys_of(b.build().view(o)).front() == "d0");
}

TEST_CASE("Node orders on random graphs: permutations of the same view") {
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    const std::uint32_t n = 5 + seed * 7, m = seed * 11;
    const Graph g = test::random_graph(seed, n, m);
    for (int variant = 0; variant < 3; ++variant) {
      ViewOptions o;
      o.weight = "weight";
      if (variant == 1) o.directed = true;
      if (variant == 2) {
        o.kinds = {"organisation"};
        o.weight_kind = WeightKind::distance;
        o.symmetrize = Symmetrize::both;
      }
      INFO("seed " << seed << " variant " << variant);
      const View natural = g.view(o);
      check_csr(natural);
      for (std::uint32_t i = 1; i < natural.number_of_nodes(); ++i) REQUIRE(natural.node(i - 1) < natural.node(i));
      const auto edges = keyed_edges(natural);
      for (NodeOrder order : {NodeOrder::bfs, NodeOrder::degree}) {
        o.order = order;
        const View v = g.view(o);
        check_csr(v);
        REQUIRE(v.number_of_nodes() == natural.number_of_nodes());
        REQUIRE(v.number_of_edges() == natural.number_of_edges());
        // A permutation of the natural nodes, with a consistent index.
        std::vector<NodeId> sorted(v.nodes().begin(), v.nodes().end());
        std::sort(sorted.begin(), sorted.end());
        REQUIRE(sorted == std::vector<NodeId>(natural.nodes().begin(), natural.nodes().end()));
        for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) REQUIRE(v.index(v.node(i)) == i);
        // The same edges, weights and members.
        const auto same = keyed_edges(v);
        REQUIRE(same.size() == edges.size());
        for (std::size_t k = 0; k < edges.size(); ++k) {
          REQUIRE(same[k].source == edges[k].source);
          REQUIRE(same[k].target == edges[k].target);
          REQUIRE(same[k].weight == edges[k].weight);
          REQUIRE(same[k].members == edges[k].members);
        }
        if (order == NodeOrder::degree) {
          auto degree = [&](std::uint32_t i) { return v.out_degree(i) + (v.directed() ? v.in_degree(i) : 0u); };
          for (std::uint32_t i = 1; i < v.number_of_nodes(); ++i) {
            REQUIRE(degree(i - 1) >= degree(i));
            if (degree(i - 1) == degree(i)) REQUIRE(v.node(i - 1) < v.node(i));
          }
        } else {
          // BFS: each component is a contiguous run starting at its smallest graph node, runs in
          // the order of those; inside a run every node after the first has an earlier neighbour,
          // and the earliest neighbours never decrease (first in, first out).
          const auto comp = bgl_components(v);
          std::map<int, NodeId> smallest;
          for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) {
            auto [it, inserted] = smallest.emplace(comp[i], v.node(i));
            if (!inserted) it->second = std::min(it->second, v.node(i));
          }
          std::uint32_t previous_parent = 0;
          NodeId previous_root = 0;
          for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) {
            std::uint32_t parent = unreached;
            for (auto x : v.out_neighbors(i)) parent = std::min(parent, x);
            for (auto x : v.in_neighbors(i)) parent = std::min(parent, x);
            const bool root = i == 0 || comp[i] != comp[i - 1];
            if (root) {
              REQUIRE(v.node(i) == smallest[comp[i]]);
              if (i > 0) REQUIRE(v.node(i) > previous_root);
              previous_root = v.node(i);
              previous_parent = i;
            } else {
              REQUIRE(comp[i] == comp[i - 1]);
              REQUIRE(parent < i);
              REQUIRE(parent >= previous_parent);
              previous_parent = parent;
            }
          }
        }
      }
    }
  }
}

TEST_CASE("to_boost_csr copies the arcs - BGL's BFS agrees with a BFS over the view") {
  for (std::uint32_t seed = 21; seed <= 30; ++seed) {
    const Graph g = test::random_graph(seed, 40, 45 + seed);
    for (bool directed : {false, true}) {
      ViewOptions o;
      o.directed = directed;
      o.weight = "weight";
      const View v = g.view(o);
      INFO("seed " << seed << " directed " << directed);
      const BglCsr csr = to_boost_csr(v);
      REQUIRE(num_vertices(csr) == v.number_of_nodes());
      REQUIRE(num_edges(csr) == v.out_targets().size());
      for (std::uint32_t u = 0; u < v.number_of_nodes(); ++u) {
        std::vector<std::uint32_t> targets;
        for (auto e : boost::make_iterator_range(out_edges(u, csr))) {
          targets.push_back(static_cast<std::uint32_t>(target(e, csr)));
          REQUIRE(csr[e].weight == v.edge_weight(csr[e].edge));
        }
        const auto row = v.out_neighbors(u);
        REQUIRE(targets == std::vector<std::uint32_t>(row.begin(), row.end()));
      }
      for (std::uint32_t s : {0u, 7u, 39u}) {
        std::vector<std::uint32_t> bgl(v.number_of_nodes(), unreached);
        bgl[s] = 0;
        boost::breadth_first_search(
            csr, boost::vertex(s, csr),
            boost::visitor(boost::make_bfs_visitor(boost::record_distances(bgl.data(), boost::on_tree_edge()))));
        std::vector<std::uint32_t> ours(v.number_of_nodes(), unreached);
        std::vector<std::uint32_t> queue{s};
        ours[s] = 0;
        for (std::size_t q = 0; q < queue.size(); ++q)
          for (auto t : v.out_neighbors(queue[q]))
            if (ours[t] == unreached) {
              ours[t] = ours[queue[q]] + 1;
              queue.push_back(t);
            }
        REQUIRE(ours == bgl);
      }
    }
  }
}

TEST_CASE("adjacency_matrix: weights at (i, j), symmetric when undirected") {
  for (std::uint32_t seed = 41; seed <= 46; ++seed) {
    const Graph g = test::random_graph(seed, 25, 60);
    for (bool directed : {false, true}) {
      ViewOptions o;
      o.directed = directed;
      o.weight = "weight";
      const View v = g.view(o);
      const auto a = adjacency_matrix(v);
      INFO("seed " << seed << " directed " << directed);
      REQUIRE(a.rows() == v.number_of_nodes());
      REQUIRE(a.cols() == v.number_of_nodes());
      REQUIRE(static_cast<std::size_t>(a.nonZeros()) == v.out_targets().size());
      for (std::size_t e = 0; e < v.number_of_edges(); ++e) {
        const auto s = v.edge_source(e), t = v.edge_target(e);
        REQUIRE(a.coeff(s, t) == v.edge_weight(e));
        if (!directed) REQUIRE(a.coeff(t, s) == v.edge_weight(e));
      }
      const Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t> transposed = a.transpose();
      if (!directed) REQUIRE((a - transposed).norm() == 0.0);
      else if (v.number_of_edges() > 0) CHECK((a - transposed).norm() > 0.0);
    }
  }
}

TEST_CASE("Views of an empty graph and of a graph without edges") {
  const View e = Graph().view();
  CHECK(e.number_of_nodes() == 0);
  CHECK(e.number_of_edges() == 0);
  CHECK(e.out_offsets().size() == 1);
  check_csr(e);
  CHECK(num_vertices(to_boost_csr(e)) == 0);
  CHECK(adjacency_matrix(e).rows() == 0);
  GraphBuilder b;
  b.add_node("a").add_node("b");
  for (NodeOrder order : {NodeOrder::natural, NodeOrder::bfs, NodeOrder::degree}) {
    ViewOptions o;
    o.order = order;
    const View v = b.build().view(o);
    CHECK(keys_of(v) == std::vector<string>{"a", "b"});
    check_csr(v);
  }
}

TEST_CASE("Views are usable from many threads at once") {
  const Graph g = test::random_graph(99, 200, 600);
  ViewOptions o;
  o.weight = "weight";
  const auto reference = keyed_edges(g.view(o));
  std::vector<int> ok(8, 0);
  parallel_blocks(8, 4, 0, [&](std::size_t begin, std::size_t end, unsigned) {
    for (std::size_t i = begin; i < end; ++i) {
      ViewOptions mine = o;
      mine.order = i % 2 ? NodeOrder::bfs : NodeOrder::degree;
      const auto edges = keyed_edges(g.view(mine));
      bool same = edges.size() == reference.size();
      for (std::size_t k = 0; same && k < edges.size(); ++k)
        same = edges[k].source == reference[k].source && edges[k].target == reference[k].target &&
               edges[k].weight == reference[k].weight;
      ok[i] = same;
    }
  });
  CHECK(ok == std::vector<int>(8, 1));
}

TEST_CASE("Out-of-range view indices are refused by the checked accessors") {
  GraphBuilder b;
  b.add_node("a").add_node("b");
  b.add_edge("a", "b");
  const View v = b.build().view();
  const std::uint32_t n = v.number_of_nodes();
  CHECK_THROWS(v.out_neighbors(n));
  CHECK_THROWS(v.out_neighbor_weights(n));
  CHECK_THROWS(v.out_degree(n));
  CHECK_THROWS(v.node(n));
  CHECK_THROWS(v.edge_members(v.number_of_edges()));
  CHECK(v.out_neighbors(n - 1).size() == 1);
}
