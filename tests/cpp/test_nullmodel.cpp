// Null models: degrees kept by rewiring and the configuration model (per relation), simple tie
// sets kept simple, label permutation keeping group sizes, draws reproducible for a seed whatever
// the order and the thread count; built-in statistics on hand-worked graphs; the summary of a null
// distribution worked by hand.
#include <cmath>
#include <map>
#include <set>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/algo/nullmodel.hpp"

using namespace maillage;
using std::string;

namespace {

/// Degree (out, in) of every node in every stratum.
std::map<std::tuple<std::uint32_t, NodeId, int>, int> degrees(const algo::TieList& ties,
                                                             const std::vector<NodeId>& source,
                                                             const std::vector<NodeId>& target) {
  std::map<std::tuple<std::uint32_t, NodeId, int>, int> d;
  for (std::size_t i = 0; i < source.size(); ++i) {
    ++d[{ties.stratum[i], source[i], ties.directed ? 0 : 2}];
    ++d[{ties.stratum[i], target[i], ties.directed ? 1 : 2}];
  }
  return d;
}

/// A simple random graph (no loops, no parallel ties within a relation).
Graph simple_graph(std::uint32_t seed, std::uint32_t n, std::uint32_t m, const std::vector<string>& relations) {
  std::mt19937 rng(seed);
  GraphBuilder b;
  for (std::uint32_t i = 0; i < n; ++i) b.add_node(std::string("n").append(std::to_string(i)));
  std::set<std::tuple<string, std::uint32_t, std::uint32_t>> seen;
  std::uniform_int_distribution<std::uint32_t> pick(0, n - 1);
  std::uniform_int_distribution<std::size_t> rel(0, relations.size() - 1);
  while (seen.size() < m) {
    auto a = pick(rng), c = pick(rng);
    const auto& r = relations[rel(rng)];
    if (a == c) continue;
    if (r == "cooperates_with" && c < a) std::swap(a, c);
    if (!seen.insert({r, a, c}).second) continue;
    b.add_edge(std::string("n").append(std::to_string(a)), std::string("n").append(std::to_string(c)), r);
  }
  return b.build();
}

bool simple(const algo::TieList& ties, const algo::NullSample& s) {
  std::set<std::tuple<std::uint32_t, NodeId, NodeId>> seen;
  for (std::size_t i = 0; i < s.source.size(); ++i) {
    NodeId a = s.source[i], b = s.target[i];
    if (a == b) return false;
    if (!ties.directed && b < a) std::swap(a, b);
    if (!seen.insert({ties.stratum[i], a, b}).second) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("Rewiring keeps every degree in every relation and keeps a simple tie set simple") {
  for (const bool directed : {false, true}) {
    CAPTURE(directed);
    const auto g = directed ? simple_graph(3, 60, 300, {"supports", "funds"})
                            : simple_graph(4, 60, 300, {"cooperates_with"});
    const auto ties = algo::tie_list(g, algo::select_ties(g));
    REQUIRE(ties.directed == directed);
    REQUIRE(ties.source.size() == 300);
    const algo::NullModelSampler sampler(ties, {}, {algo::NullModel::rewire, 7, 10});
    algo::NullSample s;
    sampler.draw(0, s);
    CHECK(s.attempts == 3000);
    CHECK(s.swaps > 1000);  // most swaps succeed on a sparse graph
    CHECK(degrees(ties, s.source, s.target) == degrees(ties, ties.source, ties.target));
    CHECK(simple(ties, s));
    // Most ties moved.
    std::size_t moved = 0;
    for (std::size_t i = 0; i < s.source.size(); ++i)
      moved += s.source[i] != ties.source[i] || s.target[i] != ties.target[i];
    CHECK(moved > 200);
  }
}

TEST_CASE("Rewiring within relations keeps each relation's degrees, across relations only the total") {
  const auto g = simple_graph(5, 40, 200, {"supports", "funds"});
  const auto within = algo::tie_list(g, algo::select_ties(g), true);
  auto across = algo::tie_list(g, algo::select_ties(g), false);
  CHECK(within.strata == 2);
  CHECK(across.strata == 1);
  algo::NullSample s;
  algo::NullModelSampler(across, {}, {algo::NullModel::rewire, 1, 10}).draw(0, s);
  CHECK(degrees(across, s.source, s.target) == degrees(across, across.source, across.target));
  // Read with the relations as strata, the per-relation degrees changed.
  CHECK(degrees(within, s.source, s.target) != degrees(within, within.source, within.target));
  algo::NullModelSampler(within, {}, {algo::NullModel::rewire, 1, 10}).draw(0, s);
  CHECK(degrees(within, s.source, s.target) == degrees(within, within.source, within.target));
  CHECK(simple(within, s));
}

TEST_CASE("A directed relation mixed with undirected ones is rewired as arcs within its relation") {
  // Ties of cooperates_with (undirected) and supports (directed): the tie set reads undirected,
  // but the supports stratum keeps every out- and in-degree.
  const auto g = simple_graph(8, 50, 300, {"cooperates_with", "supports"});
  auto ties = algo::tie_list(g, algo::select_ties(g));
  REQUIRE_FALSE(ties.directed);
  REQUIRE(ties.stratum_directed.size() == 2);
  algo::NullSample s;
  algo::NullModelSampler(ties, {}, {algo::NullModel::rewire, 2, 10}).draw(0, s);
  ties.directed = true;  // count out and in separately
  CHECK(degrees(ties, s.source, s.target) != degrees(ties, ties.source, ties.target));  // cooperates_with flips
  std::map<std::pair<NodeId, int>, int> obs, drawn;
  for (std::size_t i = 0; i < s.source.size(); ++i) {
    if (!ties.stratum_directed[ties.stratum[i]]) continue;
    ++obs[{ties.source[i], 0}], ++obs[{ties.target[i], 1}];
    ++drawn[{s.source[i], 0}], ++drawn[{s.target[i], 1}];
  }
  CHECK(!obs.empty());
  CHECK(obs == drawn);
  // Without relation directions every stratum follows the tie set: undirected.
  const auto plain = algo::tie_list(g, algo::select_ties(g), true, {}, false);
  CHECK(plain.stratum_directed == std::vector<std::uint8_t>{0, 0});
}

TEST_CASE("A draw depends on the seed and the sample number only") {
  const auto g = simple_graph(6, 50, 150, {"cooperates_with"});
  const auto ties = algo::tie_list(g, algo::select_ties(g));
  for (const auto model : {algo::NullModel::rewire, algo::NullModel::configuration, algo::NullModel::permute_labels}) {
    std::vector<std::int32_t> groups(g.number_of_nodes());
    for (std::size_t v = 0; v < groups.size(); ++v) groups[v] = v % 4 == 0 ? -1 : static_cast<std::int32_t>(v % 3);
    const algo::NullModelSampler sampler(ties, groups, {model, 42, 5});
    algo::NullSample a, b, c, other;
    sampler.draw(3, a);
    sampler.draw(7, other);
    sampler.draw(3, b);  // after another draw into another sample
    other = a;
    sampler.draw(3, other);  // into a used sample
    CHECK(a.source == b.source);
    CHECK(a.target == b.target);
    CHECK(a.groups == b.groups);
    CHECK(other.source == a.source);
    CHECK(other.groups == a.groups);
    sampler.draw(4, c);
    CHECK((c.source != a.source || c.target != a.target || c.groups != a.groups));
    const algo::NullModelSampler reseeded(ties, groups, {model, 43, 5});
    reseeded.draw(3, c);
    CHECK((c.source != a.source || c.target != a.target || c.groups != a.groups));
  }
}

TEST_CASE("The configuration model keeps degrees exactly, loops counted twice") {
  for (const bool directed : {false, true}) {
    const auto g = test::random_graph(9, 30, 200, {directed ? "supports" : "cooperates_with"});
    const auto ties = algo::tie_list(g, algo::select_ties(g));
    algo::NullSample s;
    algo::NullModelSampler(ties, {}, {algo::NullModel::configuration, 3, 0}).draw(0, s);
    CHECK(degrees(ties, s.source, s.target) == degrees(ties, ties.source, ties.target));
    CHECK((s.source != ties.source || s.target != ties.target));
    if (directed) CHECK(s.source == ties.source);  // every tie keeps its source
  }
}

TEST_CASE("Label permutation shuffles the known groups of tie ends, sizes kept") {
  // Nodes a..f; ties a-b, b-c, c-d; e and f are outside every tie; d's group is unknown.
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d", "e", "f"}) b.add_node(k);
  b.add_edge("a", "b").add_edge("b", "c").add_edge("c", "d");
  const auto g = b.build();
  const auto ties = algo::tie_list(g, algo::select_ties(g));
  const std::vector<std::int32_t> groups{0, 0, 1, -1, 1, 2};
  const algo::NullModelSampler sampler(ties, groups, {algo::NullModel::permute_labels, 0, 0});
  std::set<std::vector<std::int32_t>> seen;
  for (std::uint64_t s = 0; s < 60; ++s) {
    algo::NullSample x;
    sampler.draw(s, x);
    CHECK(x.source == ties.source);
    CHECK(x.groups[3] == -1);  // unknown stays
    CHECK(x.groups[4] == 1);   // outside the ties
    CHECK(x.groups[5] == 2);
    std::multiset<std::int32_t> first(x.groups.begin(), x.groups.begin() + 3);
    CHECK(first == std::multiset<std::int32_t>{0, 0, 1});
    seen.insert(x.groups);
  }
  CHECK(seen.size() == 3);  // the three placements of group 1 among a, b, c
}

TEST_CASE("Built-in tie statistics on hand-worked graphs") {
  // Two triangles a-b-c and d-e-f joined by c-d; groups {a,b,c} = 0, {d,e,f} = 1.
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d", "e", "f"}) b.add_node(k);
  for (auto [s, t] : std::vector<std::pair<string, string>>{{"a", "b"}, {"b", "c"}, {"c", "a"}, {"d", "e"}, {"e", "f"},
                                                            {"f", "d"}, {"c", "d"}})
    b.add_edge(s, t);
  const auto g = b.build();
  const auto ties = algo::tie_list(g, algo::select_ties(g));
  algo::NullSample obs;
  obs.source = ties.source;
  obs.target = ties.target;
  obs.groups = {0, 0, 0, 1, 1, 1};
  double x = 0;
  auto one = [&](algo::TieStatisticKind kind) {
    algo::TieStatistic st;
    st.kind = kind;
    st.groups = 2;
    algo::evaluate(st, ties, obs, std::span<double>(&x, 1));
    return x;
  };
  // Vertical share with the groups as scales: 1 of 7 ties crosses.
  CHECK(one(algo::TieStatisticKind::vertical_share) == Approx(1.0 / 7));
  // E-I: E = 1, I = 6 → −5/7.
  CHECK(one(algo::TieStatisticKind::ei_index) == Approx(-5.0 / 7));
  // Modularity: L = 3 per group, D = 7 per group, W = 7: 2·(3/7 − (7/14)²) = 6/7 − 1/2 = 5/14.
  CHECK(one(algo::TieStatisticKind::modularity) == Approx(5.0 / 14));
  // Assortativity: e = [[6, 1], [1, 6]]/14, a = b = 1/2: (12/14 − 1/2)/(1 − 1/2) = 5/7.
  CHECK(one(algo::TieStatisticKind::assortativity) == Approx(5.0 / 7));
  // Transitivity: 2 triangles; triples Σ d(d−1)/2 = 4·1 + 2·3 = 10 → 6/10.
  CHECK(one(algo::TieStatisticKind::transitivity) == Approx(0.6));
  // An unknown group: c alone in the modularity (its own community), left out elsewhere.
  obs.groups = {0, 0, -1, 1, 1, 1};
  // Vertical: ties with both ends known: a-b, d-e, e-f, f-d → 0 vertical.
  CHECK(one(algo::TieStatisticKind::vertical_share) == 0.0);
  // Modularity: {a,b}: L 1, D 4; {c}: L 0, D 3; {d,e,f}: L 3, D 7:
  //   1/7 − (4/14)² + 0 − (3/14)² + 3/7 − (7/14)² = 4/7 − (16 + 9 + 49)/196 = (112 − 74)/196.
  CHECK(one(algo::TieStatisticKind::modularity) == Approx(38.0 / 196));

  // Grouped vertical share: by tie group (ties 0–2 group 0, the rest group 1) and by node group.
  obs.groups = {0, 1, 1, 2, 2, 2};  // a differs from b and c: a-b, c-a and c-d vertical
  algo::TieStatistic by_tie;
  by_tie.groups = 3;
  by_tie.tie_groups = {0, 0, 0, 1, 1, 1, -1};
  by_tie.by_groups = 2;
  std::vector<double> out(2);
  algo::evaluate(by_tie, ties, obs, out);
  CHECK(out[0] == Approx(2.0 / 3));
  CHECK(out[1] == 0.0);
  algo::TieStatistic by_node = by_tie;
  by_node.tie_groups.clear();
  by_node.node_groups = {0, 0, 0, 1, 1, -1};  // f in no group
  algo::evaluate(by_node, ties, obs, out);
  // Group 0 (a, b, c): ties a-b, b-c, c-a, c-d → 3 vertical of 4. Group 1 (d, e): d-e, e-f, f-d,
  // c-d → 1 vertical of 4.
  CHECK(out[0] == Approx(0.75));
  CHECK(out[1] == Approx(0.25));
}

TEST_CASE("Directed modularity of a tie sample") {
  // a→b, b→a, c→d, a→c, groups {a,b} {c,d}: W = 4, L = 2 and 1;
  // out: {a,b} 3, {c,d} 1; in: {a,b} 2, {c,d} 2: Q = 3/4 − (3·2 + 1·2)/16 = 3/4 − 1/2 = 1/4.
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d"}) b.add_node(k);
  b.add_edge("a", "b", "supports").add_edge("b", "a", "supports").add_edge("c", "d", "supports").add_edge("a", "c", "supports");
  const auto g = b.build();
  const auto ties = algo::tie_list(g, algo::select_ties(g));
  REQUIRE(ties.directed);
  algo::NullSample obs;
  obs.source = ties.source;
  obs.target = ties.target;
  obs.groups = {0, 0, 1, 1};
  algo::TieStatistic st;
  st.kind = algo::TieStatisticKind::modularity;
  st.groups = 2;
  double q = 0;
  algo::evaluate(st, ties, obs, std::span<double>(&q, 1));
  CHECK(q == Approx(0.25));
}

TEST_CASE("The summary of a null distribution") {
  // Observed 3 against samples 1, 2, 2, 3, 5 (mean 2.6, deviations 1.6, 0.6, 0.6, 0.4, 2.4):
  //   std = sqrt((2.56 + 0.36 + 0.36 + 0.16 + 5.76)/4) = sqrt(2.3); z = 0.4/sqrt(2.3);
  //   |x − mean| ≥ 0.4: all 5 → p = 6/6; x ≥ 3: 2 → 3/6; x ≤ 3: 4 → 5/6.
  const std::vector<double> observed{3.0, NAN}, values{1, 0, 2, 0, 2, 0, 3, 0, 5, NAN};
  const auto r = algo::summarize_null(observed, values);
  CHECK(r.samples == 5);
  CHECK(r.mean[0] == Approx(2.6));
  CHECK(r.std[0] == Approx(std::sqrt(2.3)));
  CHECK(r.z[0] == Approx(0.4 / std::sqrt(2.3)));
  CHECK(r.p[0] == Approx(1.0));
  CHECK(r.p_greater[0] == Approx(0.5));
  CHECK(r.p_less[0] == Approx(5.0 / 6));
  CHECK(r.valid[1] == 4);
  CHECK(r.mean[1] == 0.0);
  CHECK(std::isnan(r.z[1]));  // undefined observed value
  CHECK(std::isnan(r.p[1]));
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::summarize_null(observed, std::vector<double>{1, 2, 3}); }),
                  "not a whole number of samples"));
}

TEST_CASE("Significance is identical for any thread count and matches the draws") {
  const auto g = simple_graph(11, 200, 800, {"cooperates_with"});
  const auto ties = algo::tie_list(g, algo::select_ties(g));
  std::vector<std::int32_t> groups(g.number_of_nodes());
  for (std::size_t v = 0; v < groups.size(); ++v) groups[v] = static_cast<std::int32_t>(v % 5);
  for (const auto kind : {algo::TieStatisticKind::vertical_share, algo::TieStatisticKind::transitivity,
                          algo::TieStatisticKind::modularity}) {
    algo::TieStatistic st;
    st.kind = kind;
    st.groups = 5;
    algo::SignificanceOptions o;
    o.model = {algo::NullModel::rewire, 5, 3};
    o.samples = 40;
    o.threads = 1;
    const auto one = algo::significance(ties, groups, st, o);
    o.threads = 2;
    const auto two = algo::significance(ties, groups, st, o);
    CHECK(one.values == two.values);
    CHECK(one.swaps == two.swaps);
    CHECK(one.attempts == 40u * 3 * 800);
    // Sample 17 is the sampler's draw 17.
    algo::NullSample s;
    algo::NullModelSampler(ties, groups, o.model).draw(17, s);
    double x = 0;
    algo::evaluate(st, ties, s, std::span<double>(&x, 1));
    CHECK(x == one.values[17]);
  }
}

TEST_CASE("Progress of significance and cancellation") {
  const auto g = simple_graph(12, 300, 2000, {"cooperates_with"});
  const auto ties = algo::tie_list(g, algo::select_ties(g));
  algo::TieStatistic st;
  st.kind = algo::TieStatisticKind::transitivity;
  algo::SignificanceOptions o;
  o.samples = 400;
  std::uint64_t last = 0, calls = 0;
  o.progress = [&](std::string_view stage, std::uint64_t done, std::uint64_t total) {
    CHECK(stage == "null model");
    CHECK(total == 400);
    CHECK(done >= last);
    last = done;
    ++calls;
  };
  algo::significance(ties, {}, st, o);
  CHECK(last == 400);
  CHECK(calls > 2);
  o.progress = [&](std::string_view, std::uint64_t done, std::uint64_t) {
    if (done > 10) throw Cancelled("stop");
  };
  CHECK_THROWS_AS(algo::significance(ties, {}, st, o), Cancelled);
}

TEST_CASE("A graph with the sample's tie ends keeps everything else") {
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d", "r"}) b.add_node(k, "territory");
  b.add_edge("a", "b", "cooperates_with", {{"context", test::str("p1")}})
      .add_edge("c", "d", "cooperates_with", {{"context", test::str("p2")}})
      .add_edge("a", "r", "part_of");
  const auto g = b.build();
  const auto ties = algo::tie_list(g, algo::select_ties(g));
  REQUIRE(ties.edges.size() == 2);
  algo::NullSample s;
  s.source = {0, 2};  // a-d, c-b
  s.target = {3, 1};
  const auto h = algo::with_tie_ends(g, ties, s);
  CHECK(h.key(h.target(ties.edges[0])) == "d");
  CHECK(h.key(h.target(ties.edges[1])) == "b");
  CHECK(*h.context(ties.edges[0]) == "p1");
  CHECK(h.number_of_edges() == 3);
  CHECK(h.contains(h.id("r"), h.id("a")));
  CHECK(g.key(g.target(ties.edges[0])) == "b");  // the original is unchanged
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::tie_list(g, algo::select_ties(g, {"part_of"})); }), "holds the hierarchy"));
  // A hand-made tie list naming the part_of edge: the error names that edge.
  auto nesting = ties;
  nesting.edges[1] = 2;
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::with_tie_ends(g, nesting, s); }),
                  "edge 2 ('a' → 'r') is a 'part_of' edge"));
}
