// algo community: modularity by hand (undirected, directed, weighted, self-loops, resolution),
// Louvain and Leiden on two cliques joined by one edge, determinism per seed, Leiden's connected
// communities, label propagation on disjoint cliques, NMI and ARI by hand; on graphs large enough
// to move by colour classes, labels independent of the thread count and connected Leiden
// communities.
#include <cmath>
#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/algo/community.hpp"

using namespace maillage;
using std::string;

namespace {

// Two 4-cliques a0..a3 and b0..b3 joined by the edge a0 — b0.
Graph two_cliques() {
  GraphBuilder b;
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 4; ++i) b.add_node(string(1, static_cast<char>('a' + c)).append(std::to_string(i)));
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j) {
        const string p(1, static_cast<char>('a' + c));
        b.add_edge(string(p).append(std::to_string(i)), string(p).append(std::to_string(j)));
      }
  b.add_edge("a0", "b0");
  return b.build();
}

// Whether every community of r is connected in v (a breadth-first search inside each reaches all
// its members; arcs are followed both ways).
bool communities_connected(const View& v, const algo::CommunityResult& r) {
  std::vector<std::uint8_t> seen(v.number_of_nodes(), 0);
  for (std::uint32_t c = 0; c < r.count(); ++c) {
    std::uint32_t start = 0;
    while (r.labels[start] != c) ++start;
    std::vector<std::uint32_t> queue{start};
    seen[start] = 1;
    for (std::size_t h = 0; h < queue.size(); ++h) {
      auto visit = [&](std::uint32_t y) {
        if (!seen[y] && r.labels[y] == c) {
          seen[y] = 1;
          queue.push_back(y);
        }
      };
      for (auto y : v.out_neighbors(queue[h])) visit(y);
      if (v.directed())
        for (auto y : v.in_neighbors(queue[h])) visit(y);
    }
    if (queue.size() != r.sizes[c]) return false;
  }
  return true;
}

std::vector<std::uint32_t> by_prefix(const View& v) {
  std::vector<std::uint32_t> l(v.number_of_nodes());
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) l[i] = v.key(i)[0] == 'a' ? 0u : 1u;
  return l;
}

}  // namespace

TEST_CASE("Modularity of two cliques split in two, by hand") {
  const View v = two_cliques().view();
  // m = 13; each side: L = 6, d = 13 → Q = 2 (6/13 − (13/26)²) = 12/13 − 1/2.
  CHECK(algo::modularity(v, by_prefix(v)) == Approx(12.0 / 13 - 0.5));
  // One community: L = 13, d = 26 → 1 − 1 = 0.
  CHECK(algo::modularity(v, std::vector<std::uint32_t>(8, 7)) == Approx(0.0).margin(1e-12));
  // Resolution 0.5: 12/13 − 0.25.
  CHECK(algo::modularity(v, by_prefix(v), 0.5) == Approx(12.0 / 13 - 0.25));
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::modularity(v, std::vector<std::uint32_t>(3, 0)); }),
                  "3 labels for a view of 8 nodes"));
}

TEST_CASE("Modularity with a weighted self-loop and on a directed view") {
  GraphBuilder b;
  b.add_node("x").add_node("y").add_node("z");
  b.add_edge("x", "x", "cooperates_with", {{"weight", test::dbl(2)}});
  b.add_edge("x", "y", "cooperates_with", {{"weight", test::dbl(1)}});
  b.add_edge("y", "z", "cooperates_with", {{"weight", test::dbl(3)}});
  const Graph g = b.build();
  ViewOptions o;
  o.weight = "weight";
  const View v = g.view(o);
  // m = 6; {x}: L = 2, d = 2·2 + 1 = 5; {y, z}: L = 3, d = 1 + 3 + 3 = 7.
  const std::vector<std::uint32_t> l{0, 1, 1};
  CHECK(algo::modularity(v, l) == Approx(2.0 / 6 - 25.0 / 144 + 3.0 / 6 - 49.0 / 144));

  GraphBuilder d;
  d.add_node("p").add_node("q").add_node("r");
  d.add_edge("p", "q", "links_to").add_edge("q", "p", "links_to").add_edge("q", "r", "links_to");
  const View dv = d.build().view();
  REQUIRE(dv.directed());
  // m = 3; {p, q}: L = 2, out = 2 (p→q, q→p) + 1 (q→r) = 3, in = 2 → 2/3 − 6/9; {r}: 0 − 0·1/9.
  const std::vector<std::uint32_t> dl{0, 0, 1};
  CHECK(algo::modularity(dv, dl) == Approx(2.0 / 3 - 6.0 / 9));
}

TEST_CASE("Louvain and Leiden split two joined cliques, the same for the same seed") {
  const View v = two_cliques().view();
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    algo::LouvainOptions lo;
    lo.seed = seed;
    const auto l = algo::louvain_communities(v, lo);
    CHECK(l.count() == 2);
    CHECK(l.sizes == std::vector<std::uint32_t>{4, 4});
    CHECK(l.labels[v.index_of("a1")] == 0);  // ties by smallest key: the a-clique is 0
    CHECK(l.labels[v.index_of("b3")] == 1);
    CHECK(l.modularity == Approx(12.0 / 13 - 0.5));
    algo::LeidenOptions eo;
    eo.seed = seed;
    const auto e = algo::leiden_communities(v, eo);
    CHECK(e.labels == l.labels);
    CHECK(e.quality == Approx(e.modularity));
    const auto again = algo::leiden_communities(v, eo);
    CHECK(again.labels == e.labels);
  }
}

TEST_CASE("Leiden with CPM: a high resolution leaves singletons, a low one cliques") {
  const View v = two_cliques().view();
  algo::LeidenOptions o;
  o.objective = algo::LeidenObjective::cpm;
  o.resolution = 0.5;
  const auto r = algo::leiden_communities(v, o);
  CHECK(r.sizes == std::vector<std::uint32_t>{4, 4});
  // H = 2 (6 − 0.5·6) = 6.
  CHECK(r.quality == Approx(6.0));
  o.resolution = 1.5;
  CHECK(algo::leiden_communities(v, o).count() == 8);
}

TEST_CASE("Leiden communities are connected on a ring of cliques") {
  // 12 triangles in a ring: communities of consecutive triangles, each connected.
  GraphBuilder b;
  const int k = 12;
  for (int t = 0; t < k; ++t)
    for (int i = 0; i < 3; ++i) b.add_node(string("n").append(std::to_string(3 * t + i)));
  auto key = [](int x) { return string("n").append(std::to_string(x)); };
  for (int t = 0; t < k; ++t) {
    b.add_edge(key(3 * t), key(3 * t + 1)).add_edge(key(3 * t + 1), key(3 * t + 2)).add_edge(key(3 * t), key(3 * t + 2));
    b.add_edge(key(3 * t + 2), key((3 * t + 3) % (3 * k)));
  }
  const View v = b.build().view();
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    algo::LeidenOptions o;
    o.seed = seed;
    const auto r = algo::leiden_communities(v, o);
    CHECK(communities_connected(v, r));
    CHECK(r.modularity > 0.6);
  }
}

TEST_CASE("Leiden's tolerance stops repeated runs early; tolerance 0 runs on from the same runs") {
  // 30 triangles, each joined to three random others (seeded): weak structure, several runs.
  GraphBuilder b;
  const int k = 30;
  auto key = [](int x) { return string("n").append(std::to_string(x)); };
  for (int x = 0; x < 3 * k; ++x) b.add_node(key(x));
  std::mt19937_64 rng(5);
  std::set<std::pair<int, int>> across;
  for (int t = 0; t < k; ++t) {
    b.add_edge(key(3 * t), key(3 * t + 1)).add_edge(key(3 * t + 1), key(3 * t + 2)).add_edge(key(3 * t), key(3 * t + 2));
    for (int e = 0; e < 3; ++e) {
      const auto other = static_cast<int>(rng() % (3 * k));
      const std::pair<int, int> pair = std::minmax(3 * t + e, other);
      if (other / 3 != t && across.insert(pair).second) b.add_edge(key(pair.first), key(pair.second));
    }
  }
  const View v = b.build().view();
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    algo::LeidenOptions o;
    o.seed = seed;
    const auto quick = algo::leiden_communities(v, o);
    o.tolerance = 0.0;
    const auto full = algo::leiden_communities(v, o);
    // The same seed draws the same first runs: running on can only keep a better partition.
    CHECK(full.modularity >= quick.modularity - 1e-12);
    CHECK(full.iterations >= quick.iterations);
    o.max_iterations = 1;
    CHECK(algo::leiden_communities(v, o).iterations <= quick.iterations);
  }
  algo::LeidenOptions bad;
  bad.tolerance = -1.0;
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::leiden_communities(v, bad); }),
                  "tolerance must be a finite number >= 0"));
}

TEST_CASE("Label propagation finds disjoint cliques and leaves isolated nodes alone") {
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d", "e", "f", "g", "z"}) b.add_node(k);
  b.add_edge("a", "b").add_edge("b", "c").add_edge("a", "c");
  b.add_edge("d", "e").add_edge("e", "f").add_edge("f", "g").add_edge("d", "f").add_edge("e", "g").add_edge("d", "g");
  const View v = b.build().view();
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    algo::LabelPropagationOptions o;
    o.seed = seed;
    const auto r = algo::label_propagation_communities(v, o);
    CHECK(r.sizes == std::vector<std::uint32_t>{4, 3, 1});
    CHECK(r.labels[v.index_of("d")] == 0);
    CHECK(r.labels[v.index_of("a")] == 1);
    CHECK(r.labels[v.index_of("z")] == 2);
  }
}

TEST_CASE("NMI and ARI by hand") {
  const std::vector<std::uint32_t> a{0, 0, 0, 1, 1, 1};
  const std::vector<std::uint32_t> b{5, 5, 5, 9, 9, 9};
  const std::vector<std::uint32_t> c{0, 0, 1, 1, 2, 2};
  CHECK(algo::normalized_mutual_info(a, b) == Approx(1.0));
  CHECK(algo::adjusted_rand_index(a, b) == Approx(1.0));
  // a vs c: H(a) = ln 2, H(c) = ln 3, H(a, c) = contingency cells 2,1,1,2 → −Σ p ln p.
  const double ha = std::log(2.0), hc = std::log(3.0);
  const double hac = -(2 * (2.0 / 6) * std::log(2.0 / 6) + 2 * (1.0 / 6) * std::log(1.0 / 6));
  CHECK(algo::normalized_mutual_info(a, c) == Approx((ha + hc - hac) / ((ha + hc) / 2)));
  // ARI: Σ C(n_ij, 2) = 2, Σ C(a_i, 2) = 6, Σ C(c_j, 2) = 3, C(6, 2) = 15 → (2 − 18/15) / (4.5 − 18/15).
  CHECK(algo::adjusted_rand_index(a, c) == Approx((2 - 18.0 / 15) / (4.5 - 18.0 / 15)));
  const std::vector<std::uint32_t> one(6, 3);
  CHECK(algo::normalized_mutual_info(one, one) == Approx(1.0));
  CHECK(algo::normalized_mutual_info(a, one) == Approx(0.0).margin(1e-12));
  CHECK(algo::adjusted_rand_index(one, one) == Approx(1.0));
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::adjusted_rand_index(a, std::vector<std::uint32_t>(2, 0)); }),
                  "different sizes"));
}

TEST_CASE("Louvain and Leiden give the same labels for any thread count on levels moved by colour classes") {
  // 20,000 nodes and 60,000 random ties: 120,000 arcs, above the size from which levels move by
  // colour classes and communities are refined in parallel.
  for (const auto& relation : {string("cooperates_with"), string("supports")}) {
    const Graph g = test::random_graph(11, 20000, 60000, {relation});
    const View v = g.view();
    REQUIRE(v.directed() == (relation == "supports"));
    algo::LouvainOptions lo;
    lo.seed = 3;
    algo::LeidenOptions eo;
    eo.seed = 3;
    eo.max_iterations = 2;
    algo::LeidenOptions co = eo;
    co.objective = algo::LeidenObjective::cpm;
    co.resolution = 1e-4;
    lo.threads = eo.threads = co.threads = 1;
    const auto louvain = algo::louvain_communities(v, lo);
    const auto leiden = algo::leiden_communities(v, eo);
    const auto cpm = algo::leiden_communities(v, co);
    CHECK(louvain.count() > 1);
    CHECK(leiden.modularity > 0.3);
    CHECK(communities_connected(v, leiden));
    CHECK(communities_connected(v, cpm));
    for (int threads : test::sanitized ? std::vector<int>{3} : std::vector<int>{2, 3}) {
      lo.threads = eo.threads = co.threads = threads;
      const auto l2 = algo::louvain_communities(v, lo);
      const auto e2 = algo::leiden_communities(v, eo);
      const auto c2 = algo::leiden_communities(v, co);
      CHECK(l2.labels == louvain.labels);
      CHECK(l2.modularity == louvain.modularity);
      CHECK(l2.iterations == louvain.iterations);
      CHECK(e2.labels == leiden.labels);
      CHECK(e2.quality == leiden.quality);
      CHECK(c2.labels == cpm.labels);
      CHECK(c2.quality == cpm.quality);
    }
    // Another seed gives another partition.
    lo.seed = 4;
    CHECK(algo::louvain_communities(v, lo).labels != louvain.labels);
  }
}

TEST_CASE("A cancelled call on levels moved by colour classes stops its workers and throws") {
  const Graph g = test::random_graph(12, 20000, 60000, {"cooperates_with"});
  const View v = g.view();
  std::uint64_t calls = 0;
  algo::LeidenOptions o;
  o.threads = 2;
  o.progress = [&](std::string_view, std::uint64_t done, std::uint64_t) {
    ++calls;
    if (done > 1000) throw Cancelled("stopped");
  };
  CHECK(test::has(test::thrown<Cancelled>([&] { algo::leiden_communities(v, o); }), "stopped"));
  CHECK(calls > 0);
  // The call after a cancelled one runs as usual.
  o.progress = nullptr;
  CHECK(algo::leiden_communities(v, o).count() > 1);
}
