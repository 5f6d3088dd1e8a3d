// Shortest-path lengths (one source, all pairs) against Boost.Graph's BFS and Dijkstra, and ego
// views.
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <cmath>
#include <limits>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using std::string;

TEST_CASE("Shortest path lengths of a hand-drawn weighted graph") {
  //  a - b (2), b - c (3), a - c (10), c → d (directed, 1), e isolated
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d", "e"}) b.add_node(k);
  b.add_edge("a", "b", "cooperates_with", {{"weight", 2.0}});
  b.add_edge("b", "c", "cooperates_with", {{"weight", 3.0}});
  b.add_edge("a", "c", "cooperates_with", {{"weight", 10.0}});
  b.add_edge("c", "d", "links_to", {{"weight", 1.0}});
  const Graph g = b.build();
  ViewOptions o;
  o.directed = true;
  o.weight = "weight";
  o.weight_kind = WeightKind::distance;
  const View v = g.view(o);
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(algo::shortest_path_lengths(v, v.index_of("a")).values == std::vector<double>{0, 2, 5, 6, inf});
  CHECK(algo::shortest_path_lengths(v, v.index_of("d")).values == std::vector<double>{inf, inf, inf, 0, inf});
  ViewOptions hops;
  hops.directed = true;
  const View h = g.view(hops);
  CHECK(algo::shortest_path_lengths(h, h.index_of("a")).values == std::vector<double>{0, 1, 1, 2, inf});
  const auto all = algo::all_pairs_shortest_path_lengths(v);
  REQUIRE(all.n == 5);
  CHECK(all.values[0 * 5 + 3] == 6);
  CHECK(all.values[3 * 5 + 0] == inf);
  CHECK(all.values[1 * 5 + 0] == 2);
  CHECK(test::has(test::thrown<NotFound>([&] { algo::shortest_path_lengths(v, 99); }), "node index 99"));
}

TEST_CASE("Shortest path lengths match Boost.Graph's Dijkstra; rows are independent of threads") {
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    const Graph g = test::random_graph(seed, 120, 300);
    ViewOptions o;
    o.weight = "weight";  // strengths: path lengths are 1/w
    const View v = g.view(o);
    std::vector<double> lengths(v.out_targets().size());
    const auto w = v.out_weights();
    for (std::size_t a = 0; a < lengths.size(); ++a) lengths[a] = 1.0 / w[a];
    BglCsr bgl = to_boost_csr(v);
    auto [first, last] = boost::edges(bgl);
    for (auto e = first; e != last; ++e) bgl[*e].weight = 1.0 / bgl[*e].weight;
    algo::PathOptions one;
    one.threads = 1;
    const auto all = algo::all_pairs_shortest_path_lengths(v, one);
    algo::PathOptions three;
    three.threads = 3;
    CHECK(algo::all_pairs_shortest_path_lengths(v, three).values == all.values);
    const std::uint32_t n = v.number_of_nodes();
    for (std::uint32_t s = 0; s < n; s += 7) {
      std::vector<double> dist(n);
      boost::dijkstra_shortest_paths(
          bgl, s,
          boost::weight_map(get(&BglArc::weight, bgl))
              .distance_map(boost::make_iterator_property_map(dist.begin(), get(boost::vertex_index, bgl))));
      const auto ours = algo::shortest_path_lengths(v, s).values;
      for (std::uint32_t t = 0; t < n; ++t) {
        if (dist[t] == std::numeric_limits<double>::max()) {
          CHECK(std::isinf(ours[t]));
        } else {
          CHECK(ours[t] == Approx(dist[t]).margin(1e-12));
        }
        CHECK(all.values[std::size_t{s} * n + t] == ours[t]);
      }
    }
  }
}

TEST_CASE("All pairs are refused above the size limit") {
  GraphBuilder b;
  for (std::uint32_t i = 0; i <= algo::all_pairs_max_nodes; ++i) b.add_node(std::string("n").append(std::to_string(i)));
  const View v = b.build().view();
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::all_pairs_shortest_path_lengths(v); }), "10001 nodes"));
}

TEST_CASE("Ego views keep the options and the direction") {
  //  a → b → c → d, e → a, and an undirected tie a - x
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d", "e"}) b.add_node(k, "organisation");
  b.add_node("x", "person");
  b.add_edge("a", "b", "supports").add_edge("b", "c", "supports").add_edge("c", "d", "supports");
  b.add_edge("e", "a", "supports");
  const Graph g = b.build();
  ViewOptions o;
  o.kinds = {"organisation"};
  const View v = g.view(o);
  REQUIRE(v.directed());
  auto keys = [](const View& e) {
    std::vector<string> out;
    for (std::uint32_t i = 0; i < e.number_of_nodes(); ++i) out.push_back(e.key(i));
    std::sort(out.begin(), out.end());
    return out;
  };
  const View one = algo::ego_view(v, v.index_of("a"));
  CHECK(keys(one) == std::vector<string>{"a", "b"});
  CHECK(one.directed());
  CHECK(one.options().kinds == std::vector<string>{"organisation"});
  algo::EgoOptions two;
  two.radius = 2;
  CHECK(keys(algo::ego_view(v, v.index_of("a"), two)) == std::vector<string>{"a", "b", "c"});
  two.undirected = true;
  CHECK(keys(algo::ego_view(v, v.index_of("a"), two)) == std::vector<string>{"a", "b", "c", "e"});
  two.center = false;
  CHECK(keys(algo::ego_view(v, v.index_of("a"), two)) == std::vector<string>{"b", "c", "e"});
  algo::EgoOptions zero;
  zero.radius = 0;
  CHECK(keys(algo::ego_view(v, v.index_of("d"), zero)) == std::vector<string>{"d"});
  // A sub-view keeping only directed edges of a mixed undirected view stays undirected.
  GraphBuilder m;
  m.add_node("p").add_node("q").add_node("r");
  m.add_edge("p", "q", "supports").add_edge("q", "r", "cooperates_with");
  const View mixed = m.build().view();
  REQUIRE_FALSE(mixed.directed());
  const View ego = algo::ego_view(mixed, mixed.index_of("p"));
  CHECK_FALSE(ego.directed());
  CHECK(keys(ego) == std::vector<string>{"p", "q"});
}
