// algo::bipartite_projection and algo::disparity_backbone on hand-drawn cases: every weighting by
// hand, attributes kept, the threshold, thread-count independence, errors; disparity p-values
// against the closed form; the projection by blocks of rows (any cut joined in order is the whole
// projection, bit for bit; counts against a brute-force intersection of the events).
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/algo/backbone.hpp"
#include "maillage/algo/bipartite.hpp"

using namespace maillage;
using std::string;

namespace {

// Actors x, y, z, w; events e1 {x, y, z} (x twice), e2 {x, y}, e3 {w}.
Graph two_mode() {
  GraphBuilder b;
  for (const char* k : {"x", "y", "z", "w"}) b.add_node(k, "person", {{"scale", test::str("commune")}, {"label", test::str(k)}});
  for (const char* k : {"e1", "e2", "e3"}) b.add_node(k, "event");
  b.add_edge("x", "e1", "participates_in").add_edge("x", "e1", "participates_in").add_edge("y", "e1", "participates_in");
  b.add_edge("z", "e1", "participates_in").add_edge("x", "e2", "participates_in").add_edge("y", "e2", "participates_in");
  b.add_edge("w", "e3", "participates_in").add_edge("x", "y", "cooperates_with");
  return b.build();
}

std::map<std::pair<string, string>, std::pair<double, std::int64_t>> ties(const Graph& p) {
  std::map<std::pair<string, string>, std::pair<double, std::int64_t>> out;
  const auto& shared = p.edge_attributes().column("shared");
  for (EdgeId e = 0; e < p.number_of_edges(); ++e) {
    REQUIRE(p.relation(e).name == "co_participates");
    auto a = p.key(p.source(e)), b = p.key(p.target(e));
    if (b < a) std::swap(a, b);
    out[{a, b}] = {p.weight(e), shared.ints()[e]};
  }
  return out;
}

}  // namespace

TEST_CASE("Bipartite projection: every weighting by hand") {
  const Graph g = two_mode();
  algo::ProjectionOptions o;
  o.kind = "person";
  auto t = ties(algo::bipartite_projection(g, o));
  REQUIRE(t.size() == 3);
  CHECK(t[{"x", "y"}] == std::make_pair(2.0, std::int64_t{2}));
  CHECK(t[{"x", "z"}] == std::make_pair(1.0, std::int64_t{1}));
  CHECK(t[{"y", "z"}] == std::make_pair(1.0, std::int64_t{1}));
  o.weighting = algo::ProjectionWeighting::newman;  // e1: 3 members → 1/2; e2: 2 → 1
  t = ties(algo::bipartite_projection(g, o));
  CHECK(t[{"x", "y"}].first == Approx(1.5));
  CHECK(t[{"x", "z"}].first == Approx(0.5));
  o.weighting = algo::ProjectionWeighting::jaccard;  // N(x) = N(y) = {e1, e2}, N(z) = {e1}
  t = ties(algo::bipartite_projection(g, o));
  CHECK(t[{"x", "y"}].first == Approx(1.0));
  CHECK(t[{"x", "z"}].first == Approx(0.5));
  o.weighting = algo::ProjectionWeighting::overlap;
  t = ties(algo::bipartite_projection(g, o));
  CHECK(t[{"x", "z"}].first == Approx(1.0));
  o.weighting = algo::ProjectionWeighting::count;
  o.min_weight = 2;
  t = ties(algo::bipartite_projection(g, o));
  REQUIRE(t.size() == 1);
  CHECK(t.count({"x", "y"}) == 1);
}

TEST_CASE("Bipartite projection keeps the projected nodes and their attributes, whatever the threads") {
  const Graph g = two_mode();
  algo::ProjectionOptions o;  // default: the sources of participates_in
  const Graph p = algo::bipartite_projection(g, o);
  REQUIRE(p.number_of_nodes() == 4);
  CHECK(p.key(0) == "x");
  CHECK(p.key(3) == "w");  // isolated in the projection, kept
  CHECK(p.kind(3) == "person");
  CHECK(p.scales()[p.scale(3)].id == "commune");
  CHECK(p.node_attributes().column("label").get(1) == test::str("y"));
  o.threads = 1;
  const auto one = ties(algo::bipartite_projection(g, o));
  o.threads = 3;
  CHECK(ties(algo::bipartite_projection(g, o)) == one);
  o.nodes = std::vector<string>{"z", "x"};
  const Graph q = algo::bipartite_projection(g, o);
  CHECK(q.key(0) == "z");
  CHECK(q.number_of_edges() == 1);
}

TEST_CASE("Bipartite projection errors name what is at fault") {
  const Graph g = two_mode();
  algo::ProjectionOptions o;
  o.kind = "robot";
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::bipartite_projection(g, o); }), "'robot'"));
  o.kind.reset();
  o.nodes = std::vector<string>{"x", "nobody"};
  CHECK(test::has(test::thrown<NotFound>([&] { algo::bipartite_projection(g, o); }), "'nobody'"));
  o.nodes.reset();
  o.relations = {"cooperates_with"};
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::bipartite_projection(g, o); }), "undirected"));
  o.relations = {"participates_in"};
  o.min_weight = -1;
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::bipartite_projection(g, o); }), "min_weight"));
}

namespace {

// 150 persons (p0 … p149, some attending nothing) and 40 events (ev0 … ev39) of random sizes;
// a few repeated participations.
Graph random_two_mode() {
  // Keys built piece by piece (g++ 12 warns falsely, -Wrestrict, on "p" + std::string).
  const auto key = [](const char* prefix, std::uint64_t i) { return std::string(prefix).append(std::to_string(i)); };
  GraphBuilder b;
  for (int i = 0; i < 150; ++i) b.add_node(key("p", static_cast<std::uint64_t>(i)), "person");
  for (int k = 0; k < 40; ++k) b.add_node(key("ev", static_cast<std::uint64_t>(k)), "event");
  std::mt19937_64 random(7);
  for (std::uint64_t k = 0; k < 40; ++k) {
    const auto size = 1 + random() % 12;
    for (std::uint64_t j = 0; j < size; ++j) {
      const auto person = key("p", random() % 140);
      b.add_edge(person, key("ev", k), "participates_in");
      if (j == 0) b.add_edge(person, key("ev", k), "participates_in");
    }
  }
  return b.build();
}

struct Projected {
  std::vector<std::uint32_t> source, target;
  std::vector<double> weight;
  std::vector<std::int64_t> shared;
  bool operator==(const Projected&) const = default;
};

Projected edges_of(const Graph& p) {
  Projected out;
  const auto& shared = p.edge_attributes().column("shared");
  for (EdgeId e = 0; e < p.number_of_edges(); ++e) {
    out.source.push_back(p.source(e));
    out.target.push_back(p.target(e));
    out.weight.push_back(p.weight(e));
    out.shared.push_back(shared.ints()[e]);
  }
  return out;
}

}  // namespace

TEST_CASE("Bipartite projection by blocks of rows: any cut joined in order is the whole projection") {
  const Graph g = random_two_mode();
  algo::ProjectionOptions o;
  o.kind = "person";
  const auto incidence = algo::projection_incidence(g, o);
  REQUIRE(incidence.rows == 150);
  // The same incidence rebuilt from its events alone (as on another process).
  const auto rebuilt = algo::projection_incidence(incidence.rows, incidence.event_start, incidence.members);
  CHECK(rebuilt.node_start == incidence.node_start);
  CHECK(rebuilt.node_events == incidence.node_events);
  const std::vector<std::vector<std::uint32_t>> cut_lists{
      {0, 150}, {0, 1, 2, 75, 75, 149, 150}, {0, 37, 74, 111, 150}, {0, 0, 150, 150}};
  for (auto weighting : {algo::ProjectionWeighting::count, algo::ProjectionWeighting::newman,
                         algo::ProjectionWeighting::jaccard, algo::ProjectionWeighting::overlap}) {
    for (double min_weight : {0.0, 0.5, 2.0}) {
      o.weighting = weighting;
      o.min_weight = min_weight;
      const Graph whole = algo::bipartite_projection(g, o);
      const auto expected = edges_of(whole);
      for (const auto& cuts : cut_lists) {
        algo::ProjectedTies joined;
        for (std::size_t b = 0; b + 1 < cuts.size(); ++b) {
          const auto block = algo::project_rows(b % 2 ? rebuilt : incidence, cuts[b], cuts[b + 1], o);
          for (std::size_t t = 0; t < block.source.size(); ++t) {
            CHECK(block.source[t] >= cuts[b]);
            CHECK(block.source[t] < cuts[b + 1]);
          }
          joined.source.insert(joined.source.end(), block.source.begin(), block.source.end());
          joined.target.insert(joined.target.end(), block.target.begin(), block.target.end());
          joined.weight.insert(joined.weight.end(), block.weight.begin(), block.weight.end());
          joined.shared.insert(joined.shared.end(), block.shared.begin(), block.shared.end());
        }
        CHECK(Projected{joined.source, joined.target, joined.weight, joined.shared} == expected);
        const Graph assembled = algo::projected_graph(g, incidence, joined);
        CHECK(edges_of(assembled) == expected);
        REQUIRE(assembled.number_of_nodes() == whole.number_of_nodes());
        for (NodeId i = 0; i < whole.number_of_nodes(); ++i) CHECK(assembled.key(i) == whole.key(i));
      }
    }
  }
  // Counts against a brute-force intersection of each pair's events.
  std::vector<std::set<std::string>> events(150);
  for (EdgeId e = 0; e < g.number_of_edges(); ++e)
    events[std::stoul(g.key(g.source(e)).substr(1))].insert(g.key(g.target(e)));
  o.weighting = algo::ProjectionWeighting::count;
  o.min_weight = 0;
  const auto counted = algo::project_rows(incidence, 0, 150, o);
  std::size_t t = 0;
  for (std::uint32_t u = 0; u < 150; ++u)
    for (std::uint32_t v = u + 1; v < 150; ++v) {
      std::size_t common = 0;
      for (const auto& k : events[u]) common += events[v].count(k);
      if (common == 0) continue;
      REQUIRE(t < counted.source.size());
      CHECK(counted.source[t] == u);
      CHECK(counted.target[t] == v);
      CHECK(counted.weight[t] == static_cast<double>(common));
      CHECK(counted.shared[t] == static_cast<std::int64_t>(common));
      ++t;
    }
  CHECK(t == counted.source.size());
}

TEST_CASE("Bipartite projection by blocks of rows: errors name what is at fault") {
  const Graph g = two_mode();
  algo::ProjectionOptions o;
  o.kind = "person";
  const auto incidence = algo::projection_incidence(g, o);
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::project_rows(incidence, 3, 2, o); }), "[3, 2)"));
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::project_rows(incidence, 0, 5, o); }), "4 rows"));
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::projection_incidence(4, {0, 2, 1}, {0}); }), "event 1"));
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::projection_incidence(4, {0, 2}, {1, 1}); }), "ascending"));
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::projection_incidence(4, {0, 2}, {1, 4}); }), "not a row"));
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::projection_incidence(4, {0, 3}, {1, 2}); }), "end at"));
  algo::ProjectedTies bad;
  bad.source = {0};
  bad.target = {9};
  bad.weight = {1};
  bad.shared = {1};
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::projected_graph(g, incidence, bad); }), "tie 0"));
}

TEST_CASE("Disparity filter p-values follow the closed form") {
  // Star a–b (w 10), a–c (1), a–d (1), and c–d (1): strengths a 12, b 10, c 2, d 2.
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d"}) b.add_node(k);
  b.add_edge("a", "b", "cooperates_with", {{"weight", test::dbl(10)}});
  b.add_edge("a", "c", "cooperates_with", {{"weight", test::dbl(1)}});
  b.add_edge("a", "d", "cooperates_with", {{"weight", test::dbl(1)}});
  b.add_edge("c", "d", "cooperates_with", {{"weight", test::dbl(1)}});
  b.add_edge("b", "b", "cooperates_with", {{"weight", test::dbl(4)}});
  ViewOptions vo;
  vo.weight = "weight";
  const View v = b.build().view(vo);
  algo::BackboneOptions o;
  o.alpha = 0.2;
  const auto r = algo::disparity_backbone(v, o);
  for (std::size_t e = 0; e < v.number_of_edges(); ++e) {
    const auto s = v.key(v.edge_source(e)), t = v.key(v.edge_target(e));
    if (s == "a" && t == "b") {
      CHECK(r.p_source[e] == Approx(std::pow(1 - 10.0 / 12, 2)));  // k_a = 3
      CHECK(r.p_target[e] == Approx(1.0));                         // k_b = 1 (self-loop left out)
      CHECK(r.kept[e] == 1);
    } else if (s == "a" && t == "c") {
      CHECK(r.p_source[e] == Approx(std::pow(1 - 1.0 / 12, 2)));
      CHECK(r.p_target[e] == Approx(0.5));  // (1 − 1/2)^1
      CHECK(r.p_value[e] == Approx(0.5));
      CHECK(r.kept[e] == 0);
    } else if (s == "b" && t == "b") {
      CHECK(r.p_value[e] == 1.0);
      CHECK(r.kept[e] == 0);
    }
  }
  CHECK(r.kept_count() == 1);
  o.alpha = 2;
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::disparity_backbone(v, o); }), "alpha"));
}

TEST_CASE("Disparity filter on a directed view uses out- and in-strengths") {
  GraphBuilder b;
  for (const char* k : {"a", "b", "c"}) b.add_node(k);
  b.add_edge("a", "b", "links_to", {{"weight", test::dbl(3)}});
  b.add_edge("a", "c", "links_to", {{"weight", test::dbl(1)}});
  b.add_edge("c", "b", "links_to", {{"weight", test::dbl(1)}});
  ViewOptions vo;
  vo.weight = "weight";
  const View v = b.build().view(vo);
  REQUIRE(v.directed());
  const auto r = algo::disparity_backbone(v);
  const auto e = 0u;  // a → b (edges sorted by source, target)
  REQUIRE(v.key(v.edge_source(e)) == "a");
  REQUIRE(v.key(v.edge_target(e)) == "b");
  CHECK(r.p_source[e] == Approx(1 - 3.0 / 4));  // out of a: s 4, k 2
  CHECK(r.p_target[e] == Approx(1 - 3.0 / 4));  // into b: s 4, k 2
}
