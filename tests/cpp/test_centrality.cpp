// Centralities (degree, betweenness, closeness, harmonic, eigenvector, PageRank, Katz): exact
// values on hand-drawn graphs, Boost.Graph's Brandes as an oracle on random graphs, and results
// identical for every thread count.
#include <boost/graph/betweenness_centrality.hpp>
#include <cmath>
#include <map>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using std::string;

namespace {

/// An undirected (or directed) graph from "a-b" / "a>b" edge strings with optional weights, nodes
/// added in the given order.
View drawn(const std::vector<string>& nodes, const std::vector<std::pair<string, double>>& edges,
           std::optional<string> weight = std::nullopt, WeightKind kind = WeightKind::strength) {
  GraphBuilder b;
  for (const auto& k : nodes) b.add_node(k);
  for (const auto& [e, w] : edges) {
    const bool directed = e.find('>') != string::npos;
    const auto cut = e.find(directed ? '>' : '-');
    b.add_edge(e.substr(0, cut), e.substr(cut + 1), directed ? "links_to" : "cooperates_with", {{"weight", w}});
  }
  ViewOptions o;
  o.weight = weight;
  o.weight_kind = kind;
  return b.build().view(o);
}

View unweighted(const std::vector<string>& nodes, const std::vector<string>& edges) {
  std::vector<std::pair<string, double>> e;
  for (const auto& x : edges) e.emplace_back(x, 1.0);
  return drawn(nodes, e);
}

double at(const View& v, const std::vector<double>& values, const char* key) { return values[v.index_of(key)]; }

template <class T>
std::map<string, T> by_key(const View& v, const std::vector<T>& values) {
  std::map<string, T> out;
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) out[v.key(i)] = values[i];
  return out;
}

}  // namespace

TEST_CASE("Degree, strength and degree centrality count self-loops twice") {
  //  a - b - c   c ⟲ (weight 5)   d isolated; weights a-b 2, b-c 3
  const View v = drawn({"a", "b", "c", "d"}, {{"a-b", 2}, {"b-c", 3}, {"c-c", 5}}, "weight");
  CHECK(by_key(v, algo::degree(v).values) == std::map<string, std::int64_t>{{"a", 1}, {"b", 2}, {"c", 3}, {"d", 0}});
  CHECK(by_key(v, algo::strength(v).values) == std::map<string, double>{{"a", 2}, {"b", 5}, {"c", 13}, {"d", 0}});
  CHECK(by_key(v, algo::degree_centrality(v).values) ==
        std::map<string, double>{{"a", 1.0 / 3}, {"b", 2.0 / 3}, {"c", 1.0}, {"d", 0.0}});

  // Directed: a → b, b → c, c → c, c → a
  const View d = drawn({"a", "b", "c"}, {{"a>b", 1}, {"b>c", 4}, {"c>c", 2}, {"c>a", 8}}, "weight");
  REQUIRE(d.directed());
  using algo::Direction;
  CHECK(by_key(d, algo::degree(d, {Direction::in}).values) == std::map<string, std::int64_t>{{"a", 1}, {"b", 1}, {"c", 2}});
  CHECK(by_key(d, algo::degree(d, {Direction::out}).values) == std::map<string, std::int64_t>{{"a", 1}, {"b", 1}, {"c", 2}});
  CHECK(by_key(d, algo::degree(d).values) == std::map<string, std::int64_t>{{"a", 2}, {"b", 2}, {"c", 4}});
  CHECK(by_key(d, algo::strength(d, {Direction::in}).values) == std::map<string, double>{{"a", 8}, {"b", 1}, {"c", 6}});
  CHECK(by_key(d, algo::strength(d, {Direction::out}).values) == std::map<string, double>{{"a", 1}, {"b", 4}, {"c", 10}});

  // Distance views: strengths are 1/w; a zero distance is refused, naming the edge.
  const View dist = drawn({"a", "b"}, {{"a-b", 4}}, "weight", WeightKind::distance);
  CHECK(algo::strength(dist).values == std::vector<double>{0.25, 0.25});
  const View zero = drawn({"a", "b"}, {{"a-b", 0}}, "weight", WeightKind::distance);
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::strength(zero); }), "'a' - 'b' has distance 0"));

  // n ≤ 1: every node gets 1 (NetworkX).
  const View one = unweighted({"solo"}, {});
  CHECK(algo::degree_centrality(one).values == std::vector<double>{1.0});
  CHECK(algo::degree_centrality(Graph().view()).values.empty());
}

TEST_CASE("Betweenness of hand-drawn graphs") {
  SECTION("path a - b - c - d - e") {
    const View v = unweighted({"a", "b", "c", "d", "e"}, {"a-b", "b-c", "c-d", "d-e"});
    algo::BetweennessOptions raw;
    raw.normalized = false;
    CHECK(by_key(v, algo::betweenness_centrality(v, raw).values) ==
          std::map<string, double>{{"a", 0}, {"b", 3}, {"c", 4}, {"d", 3}, {"e", 0}});
    const auto norm = algo::betweenness_centrality(v).values;  // × 2 / ((n-1)(n-2)) = / 6
    CHECK(at(v, norm, "b") == Approx(0.5).margin(1e-15));
    CHECK(at(v, norm, "c") == Approx(2.0 / 3).margin(1e-15));
  }
  SECTION("star: the centre lies on every path") {
    const View v = unweighted({"c", "l1", "l2", "l3", "l4"}, {"c-l1", "c-l2", "c-l3", "c-l4"});
    const auto r = algo::betweenness_centrality(v);
    CHECK(at(v, r.values, "c") == Approx(1.0).margin(1e-15));
    CHECK(at(v, r.values, "l1") == 0.0);
  }
  SECTION("4-cycle: each opposite pair has two paths") {
    const View v = unweighted({"a", "b", "c", "d"}, {"a-b", "b-c", "c-d", "d-a"});
    algo::BetweennessOptions raw;
    raw.normalized = false;
    CHECK(algo::betweenness_centrality(v, raw).values == std::vector<double>{0.5, 0.5, 0.5, 0.5});
  }
  SECTION("directed path a → b → c, and a self-loop that changes nothing") {
    const View v = unweighted({"a", "b", "c"}, {"a>b", "b>c", "b>b"});
    const auto r = algo::betweenness_centrality(v);
    CHECK(by_key(v, r.values) == std::map<string, double>{{"a", 0}, {"b", 0.5}, {"c", 0}});
  }
  SECTION("endpoints (NetworkX: path a - b - c gives 2, 3, 2 unnormalised)") {
    const View v = unweighted({"a", "b", "c"}, {"a-b", "b-c"});
    algo::BetweennessOptions o;
    o.normalized = false;
    o.endpoints = true;
    CHECK(by_key(v, algo::betweenness_centrality(v, o).values) == std::map<string, double>{{"a", 2}, {"b", 3}, {"c", 2}});
    o.normalized = true;  // / (n (n-1)) on ordered counts: 4/6, 6/6, 4/6
    CHECK(at(v, algo::betweenness_centrality(v, o).values, "b") == Approx(1.0).margin(1e-15));
  }
  SECTION("weighted: distances, and strengths read as 1/w") {
    // a - b (1), b - c (1), a - c (3): the path through b is shorter.
    const View far = drawn({"a", "b", "c"}, {{"a-b", 1}, {"b-c", 1}, {"a-c", 3}}, "weight", WeightKind::distance);
    CHECK(at(far, algo::betweenness_centrality(far).values, "b") == Approx(1.0).margin(1e-15));
    // a - c (2): a tie, b gets half.
    const View tie = drawn({"a", "b", "c"}, {{"a-b", 1}, {"b-c", 1}, {"a-c", 2}}, "weight", WeightKind::distance);
    CHECK(at(tie, algo::betweenness_centrality(tie).values, "b") == Approx(0.5).margin(1e-15));
    // Strength 0.5 is distance 2: the same tie.
    const View strong = drawn({"a", "b", "c"}, {{"a-b", 1}, {"b-c", 1}, {"a-c", 0.5}}, "weight");
    CHECK(at(strong, algo::betweenness_centrality(strong).values, "b") == Approx(0.5).margin(1e-15));
    // A zero strength is no edge: a and c only connect through b.
    const View cut = drawn({"a", "b", "c"}, {{"a-b", 1}, {"b-c", 1}, {"a-c", 0}}, "weight");
    CHECK(at(cut, algo::betweenness_centrality(cut).values, "b") == Approx(1.0).margin(1e-15));
  }
  SECTION("tiny graphs are not rescaled; the empty graph is empty") {
    CHECK(algo::betweenness_centrality(unweighted({"a", "b"}, {"a-b"})).values == std::vector<double>{0, 0});
    CHECK(algo::betweenness_centrality(Graph().view()).values.empty());
  }
}

TEST_CASE("Edge betweenness of a path and a weighted triangle") {
  const View v = unweighted({"a", "b", "c"}, {"a-b", "b-c", "c-c"});
  algo::BetweennessOptions raw;
  raw.normalized = false;
  const auto r = algo::edge_betweenness_centrality(v, raw);
  REQUIRE(r.values.size() == v.number_of_edges());
  for (std::size_t e = 0; e < v.number_of_edges(); ++e) {
    const bool loop = v.edge_source(e) == v.edge_target(e);
    CHECK(r.values[e] == (loop ? 0.0 : 2.0));
  }
  const auto norm = algo::edge_betweenness_centrality(v);  // 4 ordered pairs / (n (n-1)) = 2/3
  for (std::size_t e = 0; e < v.number_of_edges(); ++e)
    if (v.edge_source(e) != v.edge_target(e)) CHECK(norm.values[e] == Approx(2.0 / 3).margin(1e-15));

  // a - c ties with a - b - c: a - b and b - c carry 1 + 1/2, a - c carries 1/2.
  const View tie = drawn({"a", "b", "c"}, {{"a-b", 1}, {"b-c", 1}, {"a-c", 2}}, "weight", WeightKind::distance);
  const auto t = algo::edge_betweenness_centrality(tie, raw);
  for (std::size_t e = 0; e < tie.number_of_edges(); ++e) {
    const bool ac = tie.key(tie.edge_source(e)) == "a" && tie.key(tie.edge_target(e)) == "c";
    CHECK(t.values[e] == Approx(ac ? 0.5 : 1.5).margin(1e-15));
  }
}

TEST_CASE("Betweenness matches Boost.Graph's Brandes on random graphs") {
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    const Graph g = test::random_graph(seed, 60, 150);
    for (bool directed : {false, true}) {
      for (bool weighted : {false, true}) {
        ViewOptions o;
        o.directed = directed;
        if (weighted) {
          o.weight = "weight";
          o.weight_kind = WeightKind::distance;
        }
        const View v = g.view(o);
        BglCsr bgl = to_boost_csr(v);
        std::vector<double> oracle(v.number_of_nodes(), 0.0);
        auto centrality = boost::make_iterator_property_map(oracle.begin(), get(boost::vertex_index, bgl));
        if (weighted)
          boost::brandes_betweenness_centrality(bgl, boost::centrality_map(centrality).weight_map(get(&BglArc::weight, bgl)));
        else
          boost::brandes_betweenness_centrality(bgl, centrality);
        algo::BetweennessOptions raw;
        raw.normalized = false;
        const auto ours = algo::betweenness_centrality(v, raw).values;
        // BGL counts ordered pairs on the symmetric digraph: twice our undirected values.
        const double factor = directed ? 1.0 : 2.0;
        for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i)
          CHECK(ours[i] * factor == Approx(oracle[i]).margin(1e-9));
      }
    }
  }
}

TEST_CASE("Sampled betweenness: seeded, unbiased scaling, refused sizes") {
  const Graph g = test::random_graph(11, 80, 240);
  const View v = g.view();
  algo::BetweennessOptions o;
  o.k = 20;
  o.seed = 7;
  const auto a = algo::betweenness_centrality(v, o);
  const auto b = algo::betweenness_centrality(v, o);
  CHECK(a.values == b.values);
  REQUIRE(a.sources.size() == 20);
  CHECK(std::is_sorted(a.sources.begin(), a.sources.end()));
  CHECK(std::adjacent_find(a.sources.begin(), a.sources.end()) == a.sources.end());
  o.seed = 8;
  CHECK(algo::betweenness_centrality(v, o).sources != a.sources);
  // k = n is the exact computation.
  o.k = v.number_of_nodes();
  const auto all = algo::betweenness_centrality(v, o);
  const auto exact = algo::betweenness_centrality(v);
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) CHECK(all.values[i] == Approx(exact.values[i]).margin(1e-12));
  // The estimate averaged over many seeds approaches the exact values (unbiased scaling).
  std::vector<double> mean(v.number_of_nodes(), 0.0);
  const int runs = 400;
  o.k = 40;
  for (int s = 0; s < runs; ++s) {
    o.seed = static_cast<std::uint64_t>(s);
    const auto r = algo::betweenness_centrality(v, o);
    for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) mean[i] += r.values[i] / runs;
  }
  double worst = 0.0;
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) worst = std::max(worst, std::abs(mean[i] - exact.values[i]));
  CHECK(worst < 0.01);
  o.k = 0;
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::betweenness_centrality(v, o); }), "k=0"));
  o.k = v.number_of_nodes() + 1;
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::betweenness_centrality(v, o); }), "k=81"));
}

TEST_CASE("Path centralities give the same bits for every thread count") {
  const Graph g = test::random_graph(5, test::scaled(1500u, 500u), test::scaled(6000u, 2000u));
  for (bool weighted : {false, true}) {
    ViewOptions vo;
    if (weighted) vo.weight = "weight";
    const View v = g.view(vo);
    algo::BetweennessOptions o;
    o.threads = 1;
    const auto one = algo::betweenness_centrality(v, o).values;
    const auto edge_one = algo::edge_betweenness_centrality(v, o).values;
    algo::ClosenessOptions c;
    c.threads = 1;
    const auto close_one = algo::closeness_centrality(v, c).values;
    algo::HarmonicOptions h;
    h.threads = 1;
    const auto harm_one = algo::harmonic_centrality(v, h).values;
    for (int t : test::sanitized ? std::vector<int>{3} : std::vector<int>{2, 3, 8}) {
      o.threads = t;
      c.threads = t;
      h.threads = t;
      CHECK(algo::betweenness_centrality(v, o).values == one);
      CHECK(algo::edge_betweenness_centrality(v, o).values == edge_one);
      CHECK(algo::closeness_centrality(v, c).values == close_one);
      CHECK(algo::harmonic_centrality(v, h).values == harm_one);
    }
    o.threads = 3;
    o.k = 300;
    o.seed = 42;
    const auto sampled3 = algo::betweenness_centrality(v, o).values;
    o.threads = 1;
    CHECK(algo::betweenness_centrality(v, o).values == sampled3);
  }
}

TEST_CASE("A progress callback sees the sources and can cancel") {
  const Graph g = test::random_graph(3, 3000, 12000);
  const View v = g.view();
  algo::BetweennessOptions o;
  o.threads = 2;
  std::uint64_t last = 0, total = 0;
  o.progress = [&](std::string_view stage, std::uint64_t done, std::uint64_t all) {
    CHECK(stage == "betweenness");
    CHECK(done >= last);
    last = done;
    total = all;
  };
  algo::betweenness_centrality(v, o);
  CHECK(total == 3000);
  CHECK(last == 3000);
  o.progress = [](std::string_view, std::uint64_t done, std::uint64_t) {
    if (done > 0) throw Cancelled("stop");
  };
  CHECK_THROWS_AS(algo::betweenness_centrality(v, o), Cancelled);
  algo::ClosenessOptions c;
  c.threads = 2;
  c.progress = o.progress;
  ViewOptions w;
  w.weight = "weight";
  CHECK_THROWS_AS(algo::closeness_centrality(g.view(w), c), Cancelled);
}

TEST_CASE("Closeness and harmonic centrality of hand-drawn graphs") {
  SECTION("path a - b - c - d and an isolated node") {
    const View v = unweighted({"a", "b", "c", "d"}, {"a-b", "b-c", "c-d"});
    const auto c = algo::closeness_centrality(v).values;
    CHECK(at(v, c, "a") == 0.5);
    CHECK(at(v, c, "b") == 0.75);
    const auto h = algo::harmonic_centrality(v).values;
    CHECK(at(v, h, "a") == Approx(11.0 / 6).margin(1e-15));
    CHECK(at(v, h, "b") == Approx(2.5).margin(1e-15));

    const View iso = unweighted({"a", "b", "c", "d", "e"}, {"a-b", "b-c", "c-d"});
    const auto wf = algo::closeness_centrality(iso).values;
    CHECK(at(iso, wf, "a") == Approx(0.5 * 3 / 4).margin(1e-15));
    CHECK(at(iso, wf, "e") == 0.0);
    algo::ClosenessOptions plain;
    plain.wf_improved = false;
    CHECK(at(iso, algo::closeness_centrality(iso, plain).values, "a") == 0.5);
  }
  SECTION("directed: distances to the node") {
    const View v = unweighted({"a", "b", "c"}, {"a>b", "b>c"});
    const auto c = algo::closeness_centrality(v).values;
    CHECK(by_key(v, c) == std::map<string, double>{{"a", 0.0}, {"b", 0.5}, {"c", 2.0 / 3}});
    const auto h = algo::harmonic_centrality(v).values;
    CHECK(by_key(v, h) == std::map<string, double>{{"a", 0.0}, {"b", 1.0}, {"c", 1.5}});
  }
  SECTION("weighted") {
    // a - b (2), b - c (3), a - c (10, never shortest): from a: 2, 5.
    const View v = drawn({"a", "b", "c"}, {{"a-b", 2}, {"b-c", 3}, {"a-c", 10}}, "weight", WeightKind::distance);
    CHECK(at(v, algo::closeness_centrality(v).values, "a") == Approx(2.0 / 7).margin(1e-15));
    CHECK(at(v, algo::harmonic_centrality(v).values, "a") == Approx(0.5 + 0.2).margin(1e-15));
  }
  SECTION("more than 64 nodes: several bit-set batches") {
    // A path of 150 nodes: closeness of the end is 149 / Σ 1..149.
    std::vector<string> nodes, edges;
    for (int i = 0; i < 150; ++i) nodes.push_back(std::string("n").append(std::to_string(i)));
    for (int i = 0; i + 1 < 150; ++i) edges.push_back(nodes[i] + "-" + nodes[i + 1]);
    const View v = unweighted(nodes, edges);
    const auto c = algo::closeness_centrality(v).values;
    CHECK(at(v, c, "n0") == Approx(149.0 / (149.0 * 150.0 / 2.0)).margin(1e-15));
    CHECK(at(v, c, "n149") == at(v, c, "n0"));
    CHECK(at(v, c, "n100") == Approx(149.0 / (100.0 * 101.0 / 2.0 + 49.0 * 50.0 / 2.0)).margin(1e-15));
  }
}

TEST_CASE("Eigenvector, PageRank and Katz of hand-drawn graphs") {
  const View star = unweighted({"c", "l1", "l2", "l3"}, {"c-l1", "c-l2", "c-l3"});
  SECTION("eigenvector of a star: 1/√2 at the centre, 1/√6 at the leaves") {
    algo::EigenvectorOptions o;
    o.tol = 1e-14;
    o.max_iter = 1000;
    const auto r = algo::eigenvector_centrality(star, o);
    CHECK(at(star, r.values, "c") == Approx(1 / std::sqrt(2.0)).margin(1e-12));
    CHECK(at(star, r.values, "l2") == Approx(1 / std::sqrt(6.0)).margin(1e-12));
    CHECK(r.iterations > 1);
    o.max_iter = 2;
    CHECK(test::has(test::thrown<Error>([&] { algo::eigenvector_centrality(star, o); }), "no convergence within 2"));
  }
  SECTION("PageRank: star, directed cycle, dangling node, personalization") {
    algo::PageRankOptions o;
    o.tol = 1e-15;
    o.max_iter = 1000;
    const double a = 0.85, centre = (1 + 3 * a) / (4 * (1 + a));
    const auto r = algo::pagerank(star, o);
    CHECK(at(star, r.values, "c") == Approx(centre).margin(1e-12));
    CHECK(at(star, r.values, "l1") == Approx((1 - centre) / 3).margin(1e-12));

    const View cycle = unweighted({"a", "b", "c"}, {"a>b", "b>c", "c>a"});
    for (double x : algo::pagerank(cycle, o).values) CHECK(x == Approx(1.0 / 3).margin(1e-12));

    // a → b, b dangling: x_a = 0.5 / 1.425.
    const View dangling = unweighted({"a", "b"}, {"a>b"});
    const auto d = algo::pagerank(dangling, o);
    CHECK(at(dangling, d.values, "a") == Approx(0.5 / 1.425).margin(1e-12));
    CHECK(at(dangling, d.values, "b") == Approx(1 - 0.5 / 1.425).margin(1e-12));

    // Teleporting to a only on the cycle: x_a = (1-α) + α x_c, x_b = α x_a, x_c = α x_b.
    o.personalization = {2.0, 0.0, 0.0};
    const auto p = algo::pagerank(cycle, o);
    const double xa = (1 - a) / (1 - a * a * a);
    CHECK(at(cycle, p.values, "a") == Approx(xa).margin(1e-12));
    CHECK(at(cycle, p.values, "c") == Approx(a * a * xa).margin(1e-12));
    o.personalization = {0.0, 0.0, 0.0};
    CHECK(test::has(test::thrown<InvalidInput>([&] { algo::pagerank(cycle, o); }), "every value is zero"));
    o.personalization = {1.0, -1.0, 0.0};
    CHECK_THROWS_AS(algo::pagerank(cycle, o), InvalidInput);
    o.personalization = {1.0};
    CHECK(test::has(test::thrown<InvalidInput>([&] { algo::pagerank(cycle, o); }), "1 values for 3 nodes"));
  }
  SECTION("Katz of a star, raw and normalised") {
    algo::KatzOptions o;
    o.alpha = 0.1;
    o.tol = 1e-15;
    o.normalized = false;
    const auto r = algo::katz_centrality(star, o);
    const double centre = (1 + 3 * 0.1) / (1 - 3 * 0.01), leaf = 0.1 * centre + 1;
    CHECK(at(star, r.values, "c") == Approx(centre).margin(1e-12));
    CHECK(at(star, r.values, "l3") == Approx(leaf).margin(1e-12));
    o.normalized = true;
    const auto n = algo::katz_centrality(star, o);
    const double norm = std::sqrt(centre * centre + 3 * leaf * leaf);
    CHECK(at(star, n.values, "c") == Approx(centre / norm).margin(1e-12));
    o.alpha = 1.0;  // above 1/λ_max = 1/√3
    CHECK_THROWS_AS(algo::katz_centrality(star, o), Error);
  }
  SECTION("empty views give empty results") {
    const View empty = Graph().view();
    CHECK(algo::pagerank(empty).values.empty());
    CHECK(algo::eigenvector_centrality(empty).values.empty());
    CHECK(algo::katz_centrality(empty).values.empty());
  }
}

TEST_CASE("Iterative measures give the same bits for every thread count") {
  const Graph g = test::random_graph(9, 20000, 90000, {"cooperates_with"});
  ViewOptions vo;
  vo.weight = "weight";
  const View v = g.view(vo);
  algo::PageRankOptions p;
  p.tol = 1e-12;
  p.threads = 1;
  algo::KatzOptions k;
  k.alpha = 0.01;
  k.tol = 1e-12;
  k.threads = 1;
  const auto p1 = algo::pagerank(v, p).values;
  const auto k1 = algo::katz_centrality(v, k).values;
  for (int t : {2, 3, 5}) {
    p.threads = t;
    k.threads = t;
    CHECK(algo::pagerank(v, p).values == p1);
    CHECK(algo::katz_centrality(v, k).values == k1);
  }
}
