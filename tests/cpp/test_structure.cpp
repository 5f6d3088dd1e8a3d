// Core numbers, clustering, transitivity and strongly connected components: exact values on
// hand-drawn graphs, Boost.Graph's strong_components as an oracle, thread-count independence.
#include <boost/graph/core_numbers.hpp>
#include <boost/graph/strong_components.hpp>
#include <cmath>
#include <map>
#include <set>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using std::string;

namespace {

using test::drawn;

template <class T>
std::map<string, T> by_key(const View& v, const std::vector<T>& values) {
  std::map<string, T> out;
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) out[v.key(i)] = values[i];
  return out;
}

}  // namespace

TEST_CASE("Core numbers: a triangle with a tail, a self-loop, a directed view") {
  //   a - b - c - a (triangle), c - d, d - e, e ⟲, f isolated
  const View v = drawn({"a", "b", "c", "d", "e", "f"},
                       {{"a-b", 1}, {"b-c", 1}, {"c-a", 1}, {"c-d", 1}, {"d-e", 1}, {"e-e", 1}});
  CHECK(by_key(v, algo::core_number(v).values) ==
        std::map<string, std::int64_t>{{"a", 2}, {"b", 2}, {"c", 2}, {"d", 1}, {"e", 1}, {"f", 0}});
  // K4 minus nothing: 3-core.
  const View k4 = drawn({"a", "b", "c", "d"}, {{"a-b", 1}, {"a-c", 1}, {"a-d", 1}, {"b-c", 1}, {"b-d", 1}, {"c-d", 1}});
  CHECK(algo::core_number(k4).values == std::vector<std::int64_t>{3, 3, 3, 3});
  // Directed: degree = in + out; a ⇄ b reciprocated counts twice, as NetworkX.
  const View d = drawn({"a", "b", "c"}, {{"a>b", 1}, {"b>a", 1}, {"b>c", 1}});
  CHECK(by_key(d, algo::core_number(d).values) == std::map<string, std::int64_t>{{"a", 2}, {"b", 2}, {"c", 1}});
  CHECK(algo::core_number(Graph().view()).values.empty());
}

TEST_CASE("Clustering and transitivity of hand-drawn graphs") {
  //   triangle a b c, d hanging on a, a self-loop on b (ignored)
  const View v = drawn({"a", "b", "c", "d"}, {{"a-b", 1}, {"b-c", 2}, {"c-a", 4}, {"a-d", 1}, {"b-b", 1}});
  const auto c = by_key(v, algo::clustering(v).values);
  CHECK(c.at("a") == Approx(1.0 / 3).margin(1e-15));
  CHECK(c.at("b") == 1.0);
  CHECK(c.at("c") == 1.0);
  CHECK(c.at("d") == 0.0);
  CHECK(algo::transitivity(v) == Approx(0.6).margin(1e-15));  // 3 × 1 triangle / 5 triads

  // Weighted (Onnela): strengths 1, 2, 4 normalised by 4 → (1/8)^(1/3) = 1/2 for the triangle.
  const View w = drawn({"a", "b", "c"}, {{"a-b", 1}, {"b-c", 2}, {"c-a", 4}}, true);
  for (double x : algo::clustering(w).values) CHECK(x == Approx(0.5).margin(1e-15));

  // Directed (Fagiolo): a → b → c → a, a cycle: T_a = 2 (one cycle, counted per ordered pair of
  // neighbours), d_tot = 2, no reciprocated pair → 2 / (2 (2·1 - 0)) = 1/2.
  const View cyc = drawn({"a", "b", "c"}, {{"a>b", 1}, {"b>c", 1}, {"c>a", 1}});
  for (double x : algo::clustering(cyc).values) CHECK(x == Approx(0.5).margin(1e-15));
  // All six arcs: s = 2 for every pair, T = 2 · 8 = 16, d_tot = 4, 2 reciprocated →
  // 16 / (2 (12 - 4)) = 1.
  const View full = drawn({"a", "b", "c"}, {{"a>b", 1}, {"b>a", 1}, {"b>c", 1}, {"c>b", 1}, {"c>a", 1}, {"a>c", 1}});
  for (double x : algo::clustering(full).values) CHECK(x == Approx(1.0).margin(1e-15));
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::transitivity(cyc); }), "undirected"));

  CHECK(algo::transitivity(Graph().view()) == 0.0);
  CHECK(algo::clustering(Graph().view()).values.empty());
}

TEST_CASE("Clustering is the same for every thread count, and the triangle count agrees with the two-step sums") {
  const Graph g = test::random_graph(21, 3000, 30000, {"cooperates_with"});
  const View v = g.view();
  algo::ClusteringOptions one{1};
  const auto c1 = algo::clustering(v, one).values;
  const double t1 = algo::transitivity(v, one);
  for (int t : {2, 4}) {
    CHECK(algo::clustering(v, algo::ClusteringOptions{t}).values == c1);
    CHECK(algo::transitivity(v, algo::ClusteringOptions{t}) == t1);
  }
  // The weighted path with every strength equal gives the unweighted coefficients.
  GraphBuilder b;
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) b.add_node(v.key(i));
  for (std::size_t e = 0; e < v.number_of_edges(); ++e)
    b.add_edge(v.key(v.edge_source(e)), v.key(v.edge_target(e)), "cooperates_with", {{"weight", 3.0}});
  ViewOptions o;
  o.weight = "weight";
  const View w = b.build().view(o);
  const auto cw = algo::clustering(w).values;
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i)
    CHECK(cw[w.index_of(v.key(i))] == Approx(c1[i]).margin(1e-12));
}

TEST_CASE("Strongly connected components: numbering and Boost.Graph's strong_components") {
  //  a → b → c → a,  c → d,  d → e → d,  f
  const View v = drawn({"f", "e", "d", "c", "b", "a"},
                       {{"a>b", 1}, {"b>c", 1}, {"c>a", 1}, {"c>d", 1}, {"d>e", 1}, {"e>d", 1}});
  const auto r = algo::strongly_connected_components(v);
  CHECK(r.sizes == std::vector<std::uint32_t>{3, 2, 1});
  CHECK(by_key(v, r.labels) ==
        std::map<string, std::uint32_t>{{"a", 0}, {"b", 0}, {"c", 0}, {"d", 1}, {"e", 1}, {"f", 2}});

  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    const Graph g = test::random_graph(seed, 300, 420, {"links_to"});
    const View d = g.view();
    REQUIRE(d.directed());
    const auto ours = algo::strongly_connected_components(d);
    BglCsr bgl = to_boost_csr(d);
    std::vector<std::uint32_t> comp(d.number_of_nodes());
    const auto count = boost::strong_components(
        bgl, boost::make_iterator_property_map(comp.begin(), get(boost::vertex_index, bgl)));
    CHECK(ours.count() == count);
    // Same partition: a bijection between labels.
    std::map<std::uint32_t, std::uint32_t> to_bgl;
    for (std::uint32_t i = 0; i < d.number_of_nodes(); ++i) {
      auto [it, added] = to_bgl.emplace(ours.labels[i], comp[i]);
      CHECK(it->second == comp[i]);
    }
    std::set<std::uint32_t> images;
    for (auto [a, b] : to_bgl) images.insert(b);
    CHECK(images.size() == to_bgl.size());
    // Sizes decrease.
    CHECK(std::is_sorted(ours.sizes.rbegin(), ours.sizes.rend()));
  }
  // Undirected: the connected components.
  const Graph g = test::random_graph(4, 200, 150, {"cooperates_with"});
  const View u = g.view();
  CHECK(algo::strongly_connected_components(u).labels == algo::connected_components(u).labels);
}

TEST_CASE("Core numbers match Boost.Graph's core_numbers and do not depend on threads") {
  for (std::uint32_t seed = 1; seed <= test::scaled(3u, 1u); ++seed) {
    const Graph g = test::random_graph(seed, 20000, 120000, {"cooperates_with"});
    const View v = g.view();  // self-loops included: both sides ignore them below
    algo::CoreOptions one{1};
    const auto ours = algo::core_number(v, one).values;
    for (int t : {2, 3}) CHECK(algo::core_number(v, algo::CoreOptions{t}).values == ours);
    // The oracle on the same graph without self-loops.
    GraphBuilder b;
    for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) b.add_node(v.key(i));
    for (std::size_t e = 0; e < v.number_of_edges(); ++e)
      if (v.edge_source(e) != v.edge_target(e)) b.add_edge(v.key(v.edge_source(e)), v.key(v.edge_target(e)));
    const View simple = b.build().view();
    BglCsr bgl = to_boost_csr(simple);
    std::vector<std::uint32_t> core(simple.number_of_nodes());
    boost::core_numbers(bgl, boost::make_iterator_property_map(core.begin(), get(boost::vertex_index, bgl)));
    for (std::uint32_t i = 0; i < simple.number_of_nodes(); ++i)
      CHECK(ours[v.index_of(simple.key(i))] == static_cast<std::int64_t>(core[i]));
  }
  // A deep core hierarchy (more than 32 levels: the bucket phase takes over): nested cliques.
  GraphBuilder b;
  std::vector<std::string> keys;
  for (int i = 0; i < 60; ++i) keys.push_back(std::string("c").append(std::to_string(i)));
  for (const auto& k : keys) b.add_node(k);
  // Node i links to every node j < i: a clique of 60, core 59 for all.
  for (int i = 0; i < 60; ++i)
    for (int j = 0; j < i; ++j) b.add_edge(keys[i], keys[j]);
  // A tail: t_d hangs on d nodes of the clique, giving core numbers 1 … 40 below the clique.
  for (int d = 1; d <= 40; ++d) {
    const std::string t = std::string("t").append(std::to_string(d));
    b.add_node(t);
    for (int j = 0; j < d; ++j) b.add_edge(t, keys[j]);
  }
  const View deep = b.build().view();
  const auto c = algo::core_number(deep).values;
  for (int i = 0; i < 60; ++i) CHECK(c[deep.index_of(keys[i])] == 59);
  for (int d = 1; d <= 40; ++d) CHECK(c[deep.index_of(std::string("t").append(std::to_string(d)))] == d);
}
