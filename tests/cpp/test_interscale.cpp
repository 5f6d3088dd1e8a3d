// Inter-scale analysis on a hand-drawn commune – EPCI – département – région chain: actor scales
// under every policy, tie classification (vertical, distance, direction, nesting), tie mixing,
// vertical counts, scale spans, missing vertical links, a hierarchy given apart; and the E-I index
// and assortativity on small graphs worked out by hand.
#include <cmath>
#include <map>
#include <set>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/algo/interscale.hpp"
#include "maillage/algo/mixing.hpp"

using namespace maillage;
using algo::Nesting;
using algo::ScaleOrigin;
using algo::TieDirection;
using std::string;

namespace {

// Ladder ranks (French): quartier 0, commune 1, epci 2, bassin 3, departement 4, region 5,
// interregion 6, national 7.
//
//                      pays:FR (national)
//                            │
//                       region:R (region)
//                  ┌─────────┴─────────┐
//        departement:D1          departement:D2
//               │                      │
//            epci:E1                epci:E2
//          ┌────┴────┐                 │
//     commune:C1  commune:C2       commune:C3
//
// Actors (no scale of their own unless said):
//   org:mairie-c1  represents C1                 → commune, territory C1
//   org:cc-e1      represents E1                 → epci, territory E1
//   org:agence     scale region, located_in R    → region (own), territory R
//   org:ambig      located_in C2 and D2          → ambiguous (unique), commune/C2 (lowest),
//                                                  departement/D2 (highest)
//   org:both       represents E2, located_in C3  → epci/E2 (represents comes first)
//   person:p       nothing                       → unknown
//   programme:prog no scale                      → unknown
//
// Ties: graph edges 15–25 (after 8 part_of edges and 7 affiliations), rows 0–10 of a tie set:
//   0  C1 — C2          commune/commune      horizontal, 0, crossing (siblings in E1)
//   1  C1 — E1          commune/epci         vertical, 1, nested
//   2  C1 — D2          commune/departement  vertical, 3, crossing
//   3  mairie → cc-e1   supports: commune→epci, up, 1, nested (C1 in E1)
//   4  cc-e1 — agence   epci/region          vertical, 3, nested (E1 in D1 in R)
//   5  agence → C3      supports: region→commune, down, 4, nested
//   6  ambig — C1       unknown scale (unique), nesting unknown
//   7  C3 → prog        participates_in: unknown, nesting unknown
//   8  both — C3        epci/commune         vertical, 1, nested
//   9  E1 — E2          epci/epci            horizontal, 0, crossing
//  10  C1 — C2          context programme:prog: horizontal, 0, crossing
Graph chain() {
  GraphBuilder b;
  auto territory = [&](const char* key, const char* scale) {
    b.add_node(key, "territory", {{"scale", test::str(scale)}});
  };
  territory("commune:C1", "commune");
  territory("commune:C2", "commune");
  territory("commune:C3", "commune");
  territory("epci:E1", "epci");
  territory("epci:E2", "epci");
  territory("departement:D1", "departement");
  territory("departement:D2", "departement");
  territory("region:R", "region");
  territory("pays:FR", "national");
  b.add_node("org:mairie-c1", "organisation");
  b.add_node("org:cc-e1", "organisation");
  b.add_node("org:agence", "organisation", {{"scale", test::str("region")}});
  b.add_node("org:ambig", "organisation");
  b.add_node("org:both", "organisation");
  b.add_node("person:p", "person");
  b.add_node("programme:prog", "programme");
  auto edge = [&](const char* s, const char* t, const char* r) { b.add_edge(s, t, r); };
  edge("commune:C1", "epci:E1", "part_of");  // edge 0
  edge("commune:C2", "epci:E1", "part_of");
  edge("commune:C3", "epci:E2", "part_of");
  edge("epci:E1", "departement:D1", "part_of");
  edge("epci:E2", "departement:D2", "part_of");
  edge("departement:D1", "region:R", "part_of");
  edge("departement:D2", "region:R", "part_of");
  edge("region:R", "pays:FR", "part_of");  // edge 7
  edge("org:mairie-c1", "commune:C1", "represents");
  edge("org:cc-e1", "epci:E1", "represents");
  edge("org:agence", "region:R", "located_in");
  edge("org:ambig", "commune:C2", "located_in");
  edge("org:ambig", "departement:D2", "located_in");
  edge("org:both", "commune:C3", "located_in");
  edge("org:both", "epci:E2", "represents");            // edge 14
  edge("commune:C1", "commune:C2", "cooperates_with");  // edge 15
  edge("commune:C1", "epci:E1", "cooperates_with");
  edge("commune:C1", "departement:D2", "cooperates_with");
  edge("org:mairie-c1", "org:cc-e1", "supports");
  edge("org:cc-e1", "org:agence", "cooperates_with");
  edge("org:agence", "commune:C3", "supports");
  edge("org:ambig", "commune:C1", "cooperates_with");
  edge("commune:C3", "programme:prog", "participates_in");
  edge("org:both", "commune:C3", "cooperates_with");
  edge("epci:E1", "epci:E2", "cooperates_with");
  b.add_edge("commune:C1", "commune:C2", "cooperates_with", {{"context", test::str("programme:prog")}});  // edge 25
  return b.build();
}

constexpr EdgeId first_tie = 15;

struct Row {
  string source, target;
  int vertical, distance;
  TieDirection direction;
  Nesting nesting;
};

std::vector<Row> rows(const Graph& g, const algo::EdgeClasses& c) {
  std::vector<Row> out;
  for (std::size_t i = 0; i < c.edges.size(); ++i)
    out.push_back({g.key(g.source(c.edges[i])), g.key(g.target(c.edges[i])), c.vertical[i], c.distance[i],
                   c.direction[i], c.nesting[i]});
  return out;
}

algo::ActorScaleOptions policy(algo::ActorScalePolicy p) {
  algo::ActorScaleOptions o;
  o.policy = p;
  return o;
}

}  // namespace

TEST_CASE("Inter-scale: actor scales and territories under each policy") {
  const Graph g = chain();
  auto scale_of = [&](const algo::ScaleResolver& r, const char* key) { return r.scales()[g.id(key)]; };
  auto territory_of = [&](const algo::ScaleResolver& r, const char* key) {
    const NodeId t = r.territories()[g.id(key)];
    return t == algo::no_node ? string("-") : g.key(t);
  };
  const auto via0 = static_cast<ScaleOrigin>(static_cast<int>(ScaleOrigin::via) + 0);  // represents
  const auto via1 = static_cast<ScaleOrigin>(static_cast<int>(ScaleOrigin::via) + 1);  // located_in

  const algo::ScaleResolver unique(g);
  CHECK(scale_of(unique, "commune:C1") == 1);
  CHECK(unique.scale_origins()[g.id("commune:C1")] == ScaleOrigin::own);
  CHECK(territory_of(unique, "commune:C1") == "commune:C1");
  CHECK(scale_of(unique, "org:mairie-c1") == 1);
  CHECK(unique.scale_origins()[g.id("org:mairie-c1")] == via0);
  CHECK(territory_of(unique, "org:mairie-c1") == "commune:C1");
  CHECK(scale_of(unique, "org:cc-e1") == 2);
  CHECK(scale_of(unique, "org:agence") == 5);
  CHECK(unique.scale_origins()[g.id("org:agence")] == ScaleOrigin::own);
  CHECK(territory_of(unique, "org:agence") == "region:R");
  CHECK(unique.territory_origins()[g.id("org:agence")] == via1);
  CHECK(scale_of(unique, "org:ambig") == no_scale);
  CHECK(unique.scale_origins()[g.id("org:ambig")] == ScaleOrigin::ambiguous);
  CHECK(territory_of(unique, "org:ambig") == "-");
  CHECK(unique.territory_origins()[g.id("org:ambig")] == ScaleOrigin::ambiguous);
  CHECK(scale_of(unique, "org:both") == 2);  // represents E2 wins over located_in C3
  CHECK(territory_of(unique, "org:both") == "epci:E2");
  CHECK(scale_of(unique, "person:p") == no_scale);
  CHECK(unique.scale_origins()[g.id("person:p")] == ScaleOrigin::none);
  CHECK(scale_of(unique, "programme:prog") == no_scale);

  const algo::ScaleResolver lowest(g, policy(algo::ActorScalePolicy::lowest));
  CHECK(scale_of(lowest, "org:ambig") == 1);
  CHECK(territory_of(lowest, "org:ambig") == "commune:C2");
  const algo::ScaleResolver highest(g, policy(algo::ActorScalePolicy::highest));
  CHECK(scale_of(highest, "org:ambig") == 4);
  CHECK(territory_of(highest, "org:ambig") == "departement:D2");
  const algo::ScaleResolver own(g, policy(algo::ActorScalePolicy::own));
  CHECK(scale_of(own, "org:mairie-c1") == no_scale);
  CHECK(territory_of(own, "org:mairie-c1") == "-");
  CHECK(scale_of(own, "org:agence") == 5);
  CHECK(territory_of(own, "org:agence") == "-");
  CHECK(territory_of(own, "commune:C3") == "commune:C3");

  // Only located_in: org:both is then placed by C3 alone (commune); mairie-c1 has no place.
  algo::ActorScaleOptions located;
  located.via = {"located_in"};
  const algo::ScaleResolver by_place(g, located);
  CHECK(scale_of(by_place, "org:both") == 1);
  CHECK(territory_of(by_place, "org:both") == "commune:C3");
  CHECK(scale_of(by_place, "org:mairie-c1") == no_scale);

  algo::ActorScaleOptions bad;
  bad.via = {"lives_in"};
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::ScaleResolver r(g, bad); }), "'lives_in'"));

  // Containers nearest first.
  const auto up = unique.containers(g.id("commune:C1"));
  CHECK(std::vector<NodeId>(up.begin(), up.end()) ==
        std::vector<NodeId>{g.id("epci:E1"), g.id("departement:D1"), g.id("region:R"), g.id("pays:FR")});
}

TEST_CASE("Inter-scale: tie classification on the chain") {
  const Graph g = chain();
  const algo::ScaleResolver r(g);
  const auto ties = algo::select_ties(g);
  CHECK(!ties.directed);  // cooperates_with is undirected
  REQUIRE(ties.edges.size() == 11);
  CHECK(ties.edges.front() == first_tie);
  const auto c = algo::classify_edges(r, ties);
  using D = TieDirection;
  using N = Nesting;
  const std::vector<Row> want = {
      {"commune:C1", "commune:C2", 0, 0, D::undirected, N::crossing},
      {"commune:C1", "epci:E1", 1, 1, D::undirected, N::nested},
      {"commune:C1", "departement:D2", 1, 3, D::undirected, N::crossing},
      {"org:mairie-c1", "org:cc-e1", 1, 1, D::up, N::nested},
      {"org:cc-e1", "org:agence", 1, 3, D::undirected, N::nested},
      {"org:agence", "commune:C3", 1, 4, D::down, N::nested},
      {"org:ambig", "commune:C1", -1, -1, D::undirected, N::unknown},
      {"commune:C3", "programme:prog", -1, -1, D::unknown, N::unknown},
      {"org:both", "commune:C3", 1, 1, D::undirected, N::nested},
      {"epci:E1", "epci:E2", 0, 0, D::undirected, N::crossing},
      {"commune:C1", "commune:C2", 0, 0, D::undirected, N::crossing},
  };
  const auto got = rows(g, c);
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("tie " << i << ": " << want[i].source << " - " << want[i].target);
    CHECK(got[i].source == want[i].source);
    CHECK(got[i].target == want[i].target);
    CHECK(got[i].vertical == want[i].vertical);
    CHECK(got[i].distance == want[i].distance);
    CHECK(got[i].direction == want[i].direction);
    CHECK(got[i].nesting == want[i].nesting);
  }
  CHECK(c.source_scale[3] == 1);
  CHECK(c.target_scale[3] == 2);
  CHECK(c.target_scale[7] == no_scale);

  // Policies change the ambiguous actor's tie (row 6): lowest → C2 (commune): horizontal,
  // crossing with C1; highest → D2 (departement): vertical, 3 steps, crossing.
  const auto low = algo::classify_edges(algo::ScaleResolver(g, policy(algo::ActorScalePolicy::lowest)), ties);
  CHECK(low.vertical[6] == 0);
  CHECK(low.nesting[6] == N::crossing);
  const auto high = algo::classify_edges(algo::ScaleResolver(g, policy(algo::ActorScalePolicy::highest)), ties);
  CHECK(high.vertical[6] == 1);
  CHECK(high.distance[6] == 3);
  CHECK(high.nesting[6] == N::crossing);

  // Only the supports ties: a directed tie set.
  const auto supports = algo::select_ties(g, {"supports"});
  CHECK(supports.directed);
  CHECK(supports.edges == std::vector<EdgeId>{18, 20});
  // Through a view: the members of its edges, read as the view reads them.
  ViewOptions o;
  o.relations = {"tie"};
  o.kinds = {"territory"};
  const auto territorial = algo::select_ties(g.view(o));
  CHECK(territorial.edges == std::vector<EdgeId>{15, 16, 17, 24, 25});
  CHECK(!territorial.directed);
}

TEST_CASE("Inter-scale: vertical shares under each policy, with the unknowns") {
  const Graph g = chain();
  const auto ties = algo::select_ties(g);
  auto totals = [&](algo::ActorScalePolicy p) {
    const auto c = algo::classify_edges(algo::ScaleResolver(g, policy(p)), ties);
    const std::vector<std::int32_t> one(c.edges.size(), 0);
    const auto v = algo::vertical_counts_by_tie(c, one, 1);
    return std::tuple{v.vertical[0], v.horizontal[0], v.unknown[0]};
  };
  // unique: V = rows 1, 2, 3, 4, 5, 8; H = rows 0, 9, 10; unknown = rows 6, 7 → 6/9.
  CHECK(totals(algo::ActorScalePolicy::unique) == std::tuple{6.0, 3.0, 2.0});
  // lowest: ambig — C1 becomes horizontal → 6/10.
  CHECK(totals(algo::ActorScalePolicy::lowest) == std::tuple{6.0, 4.0, 1.0});
  // highest: ambig — C1 becomes vertical → 7/10.
  CHECK(totals(algo::ActorScalePolicy::highest) == std::tuple{7.0, 3.0, 1.0});
  // own: mairie, cc-e1, both, ambig unknown → rows 3, 4, 6, 7, 8 unknown; V = 1, 2, 5; H = 0, 9, 10.
  CHECK(totals(algo::ActorScalePolicy::own) == std::tuple{3.0, 3.0, 5.0});

  // By node: C1 has ties 0 (H), 1 (V), 2 (V), 6 (unknown), 10 (H).
  const algo::ScaleResolver r(g);
  const auto c = algo::classify_edges(r, ties);
  std::vector<std::int32_t> node(g.number_of_nodes());
  for (NodeId u = 0; u < node.size(); ++u) node[u] = static_cast<std::int32_t>(u);
  const auto by_node = algo::vertical_counts_by_node(g, c, node, node.size());
  const auto c1 = g.id("commune:C1");
  CHECK(by_node.vertical[c1] == 2);
  CHECK(by_node.horizontal[c1] == 2);
  CHECK(by_node.unknown[c1] == 1);
  // By node group (kind): territory–territory ties count once for the territories.
  std::vector<std::int32_t> kind(g.number_of_nodes());
  for (NodeId u = 0; u < kind.size(); ++u) kind[u] = g.kind(u) == "territory" ? 0 : 1;
  const auto by_kind = algo::vertical_counts_by_node(g, c, kind, 2);
  // territories: rows 0,1,2,5,6,7,8,9,10 → V 1,2,5,8 = 4; H 0,9,10 = 3; unknown 6,7 = 2.
  CHECK(by_kind.vertical[0] == 4);
  CHECK(by_kind.horizontal[0] == 3);
  CHECK(by_kind.unknown[0] == 2);
  // others: rows 3,4,5,6,7,8 → V 3,4,5,8 = 4; unknown 6,7 = 2.
  CHECK(by_kind.vertical[1] == 4);
  CHECK(by_kind.horizontal[1] == 0);
  CHECK(by_kind.unknown[1] == 2);
  // By context: only the last tie has one.
  std::vector<std::int32_t> context(c.edges.size(), -1);
  context.back() = 0;
  const auto by_context = algo::vertical_counts_by_tie(c, context, 1);
  CHECK(by_context.horizontal[0] == 1);
  CHECK(by_context.vertical[0] == 0);
}

TEST_CASE("Inter-scale: tie mixing of scales, weights and orientation") {
  const Graph g = chain();
  const algo::ScaleResolver r(g);
  const auto ties = algo::select_ties(g);
  std::vector<std::int32_t> groups(g.number_of_nodes());
  for (NodeId u = 0; u < groups.size(); ++u) groups[u] = r.scales()[u] == no_scale ? algo::no_group : r.scales()[u];
  const auto m = algo::tie_mixing(g, ties, groups, g.scales().size());
  auto at = [&](const algo::TieMixing& x, int a, int b) { return x.matrix[static_cast<std::size_t>(a) * x.groups + static_cast<std::size_t>(b)]; };
  // Undirected: each known tie both ways, twice on the diagonal. Rows commune (1), epci (2),
  // departement (4), region (5):
  //   commune: commune 4 (rows 0, 10), epci 3 (rows 1, 3, 8), departement 1, region 1
  //   epci:    commune 3, epci 2 (row 9), region 1 (row 4)
  //   departement: commune 1;  region: commune 1, epci 1.
  CHECK(at(m, 1, 1) == 4);
  CHECK(at(m, 1, 2) == 3);
  CHECK(at(m, 2, 1) == 3);
  CHECK(at(m, 1, 4) == 1);
  CHECK(at(m, 4, 1) == 1);
  CHECK(at(m, 1, 5) == 1);
  CHECK(at(m, 5, 1) == 1);
  CHECK(at(m, 2, 2) == 2);
  CHECK(at(m, 2, 5) == 1);
  CHECK(at(m, 5, 2) == 1);
  double total = 0;
  for (double x : m.matrix) total += x;
  CHECK(total == 18);
  CHECK(m.unknown_ties == 2);
  // Directed supports: mairie (commune) → cc-e1 (epci), agence (region) → C3 (commune), once.
  const auto d = algo::tie_mixing(g, algo::select_ties(g, {"supports"}), groups, g.scales().size());
  CHECK(at(d, 1, 2) == 1);
  CHECK(at(d, 2, 1) == 0);
  CHECK(at(d, 5, 1) == 1);
  // Weights per graph edge.
  std::vector<double> w(g.number_of_edges(), 1.0);
  w[18] = 2.5;
  const auto dw = algo::tie_mixing(g, algo::select_ties(g, {"supports"}), groups, g.scales().size(), w);
  CHECK(at(dw, 1, 2) == 2.5);
}

TEST_CASE("Inter-scale: scale spans") {
  const Graph g = chain();
  const algo::ScaleResolver r(g);
  const auto s = algo::scale_span(r, algo::select_ties(g));
  auto check = [&](const char* key, int levels, ScaleRank low, ScaleRank high, std::uint64_t ties, std::uint64_t unknown) {
    INFO(key);
    const auto u = g.id(key);
    CHECK(s.levels[u] == levels);
    CHECK(s.lowest[u] == low);
    CHECK(s.highest[u] == high);
    CHECK(s.ties[u] == ties);
    CHECK(s.unknown[u] == unknown);
  };
  // C1: C2 (commune, twice), E1 (epci), D2 (departement), ambig (unknown).
  check("commune:C1", 3, 1, 4, 5, 1);
  // agence: cc-e1 (epci), C3 (commune).
  check("org:agence", 2, 1, 2, 2, 0);
  // C3: agence (region), prog (unknown), both (epci).
  check("commune:C3", 2, 2, 5, 3, 1);
  check("programme:prog", 1, 1, 1, 1, 0);
  check("departement:D1", 0, no_scale, no_scale, 0, 0);
}

TEST_CASE("Inter-scale: missing vertical links of a programme's territories") {
  const Graph g = chain();
  const algo::ScaleResolver r(g);
  ViewOptions o;
  o.relations = {"tie"};
  const View v = g.view(o);
  auto pairs = [&](const algo::MissingLinks& x) {
    std::vector<std::pair<string, string>> out;
    for (std::size_t i = 0; i < x.territory.size(); ++i) out.emplace_back(g.key(x.territory[i]), g.key(x.container[i]));
    return out;
  };
  algo::MissingLinksOptions m;
  m.programme = g.id("programme:prog");
  // Participants: C1, C2 (the tie of context prog) and C3 (participates_in prog).
  // Present containers (a node with a tie resolves to them): E1 (itself, cc-e1), E2 (itself,
  // org:both), D2 (itself), R (org:agence, located in it). D1 and pays:FR have no tie.
  // C1 → wants E1, R: E1 is a neighbour; R is 3 hops away at least (C1 – E1 … no: agence is tied
  //      to cc-e1 and C3 only, neither within 2 hops of C1) → (C1, R) missing.
  // C2 → wants E1, R: E1 at 2 hops (C2 – C1 – E1); R missing.
  // C3 → wants E2, D2, R: E2 through org:both (1 hop), R through org:agence (1 hop); D2 is tied
  //      to C1 only → (C3, D2) missing.
  auto x = algo::missing_vertical_links(v, r, m);
  CHECK(pairs(x) == std::vector<std::pair<string, string>>{
                        {"commune:C1", "region:R"}, {"commune:C2", "region:R"}, {"commune:C3", "departement:D2"}});
  CHECK(x.participants == 3);
  CHECK(x.pairs == 7);
  CHECK(x.unplaced == 0);
  // One hop: C2 no longer reaches E1.
  m.max_hops = 1;
  x = algo::missing_vertical_links(v, r, m);
  CHECK(pairs(x) == std::vector<std::pair<string, string>>{{"commune:C1", "region:R"},
                                                           {"commune:C2", "epci:E1"},
                                                           {"commune:C2", "region:R"},
                                                           {"commune:C3", "departement:D2"}});
  // Through represents only, the région is present through no one: it drops out.
  algo::ActorScaleOptions represents;
  represents.via = {"represents"};
  m.max_hops = 2;
  x = algo::missing_vertical_links(v, algo::ScaleResolver(g, represents), m);
  CHECK(pairs(x) == std::vector<std::pair<string, string>>{{"commune:C3", "departement:D2"}});
  // Every territory with a tie: C1, C2, C3, E1, E2, D2 (view order = graph order).
  // E1 wants nothing present above it but R; E1's 2-hop ball: C1, C2, E2, D2 — R missing.
  // E2 wants D2, R: E2 – E1 – C1 … D2 is 3 hops away → missing; R missing.
  // D2 wants R: D2 – C1 – … no → missing.
  x = algo::missing_vertical_links(v, r, {});
  CHECK(pairs(x) == std::vector<std::pair<string, string>>{{"commune:C1", "region:R"},
                                                           {"commune:C2", "region:R"},
                                                           {"commune:C3", "departement:D2"},
                                                           {"epci:E1", "region:R"},
                                                           {"epci:E2", "departement:D2"},
                                                           {"epci:E2", "region:R"},
                                                           {"departement:D2", "region:R"}});
  CHECK(x.participants == 6);
  for (auto present : x.present) CHECK(present == 1);

  // Absent containers too: D1 and pays:FR have no tie, so every participant whose containers
  // include them lacks a link to them; up to the région, the country drops out.
  algo::MissingLinksOptions all = m;
  all.absent_containers = true;
  x = algo::missing_vertical_links(v, r, all);
  std::size_t absent = 0;
  for (std::size_t i = 0; i < x.territory.size(); ++i) {
    const string c = g.key(x.container[i]);
    CHECK(x.present[i] == (c != "departement:D1" && c != "pays:FR"));
    absent += x.present[i] == 0;
  }
  CHECK(absent > 0);
  CHECK(x.pairs > 7);  // the present pairs and the absent ones
  all.highest = g.scales().rank("region");
  const auto capped = algo::missing_vertical_links(v, r, all);
  for (NodeId c : capped.container) CHECK(g.key(c) != "pays:FR");
  CHECK(capped.territory.size() < x.territory.size());
}

TEST_CASE("Inter-scale: a projection read through the hierarchy it came from") {
  const Graph h = chain();
  // A graph of the same keys without scales, nesting or affiliations (as a projection is).
  GraphBuilder b;
  b.add_node("commune:C1", "territory");
  b.add_node("epci:E1", "territory");
  b.add_node("departement:D2", "territory");
  b.add_node("org:cc-e1", "organisation");
  b.add_node("org:elsewhere", "organisation");
  b.add_edge("commune:C1", "epci:E1", "co_participates");
  b.add_edge("commune:C1", "departement:D2", "co_participates");
  b.add_edge("org:cc-e1", "commune:C1", "co_participates");
  b.add_edge("org:elsewhere", "commune:C1", "co_participates");
  const Graph p = b.build();
  const auto ties = algo::select_ties(p);
  // Alone: no scale, territories not placed → everything unknown.
  const auto alone = algo::classify_edges(algo::ScaleResolver(p), ties);
  CHECK(alone.vertical == std::vector<std::int8_t>{-1, -1, -1, -1});
  CHECK(alone.nesting == std::vector<Nesting>(4, Nesting::unknown));
  // Through the hierarchy: scales and nesting by key; cc-e1 represents E1 there.
  algo::ActorScaleOptions o;
  o.hierarchy = h;
  const algo::ScaleResolver r(p, o);
  CHECK(r.scale_origins()[p.id("commune:C1")] == ScaleOrigin::hierarchy);
  CHECK(r.scales()[p.id("org:cc-e1")] == 2);
  CHECK(h.key(r.territories()[p.id("org:cc-e1")]) == "epci:E1");
  const auto c = algo::classify_edges(r, ties);
  CHECK(c.vertical == std::vector<std::int8_t>{1, 1, 1, -1});
  CHECK(c.distance == std::vector<std::int16_t>{1, 3, 1, -1});
  CHECK(c.nesting == std::vector<Nesting>{Nesting::nested, Nesting::crossing, Nesting::nested, Nesting::unknown});
  // Another ladder is refused.
  GraphBuilder other(RelationRegistry::builtin(), ScaleLadder({{"local", ""}, {"global", ""}}));
  other.add_node("commune:C1", "territory");
  algo::ActorScaleOptions bad;
  bad.hierarchy = other.build();
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::ScaleResolver x(p, bad); }), "ladder"));
}

TEST_CASE("E-I index and assortativity on hand-worked graphs") {
  //  a — b      groups: a, b in X (0); c, d in Y (1); e unknown
  //  |   |
  //  c — d      edges a-b (internal), b-d (external), c-d (internal), a-c (external), d-e
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d", "e"}) b.add_node(k);
  b.add_edge("a", "b");
  b.add_edge("b", "d");
  b.add_edge("c", "d");
  b.add_edge("a", "c");
  b.add_edge("d", "e");
  const View v = b.build().view();
  const std::vector<std::int32_t> groups{0, 0, 1, 1, algo::no_group};
  // Network: E = 2, I = 2 → 0. Group X (UCINET): rows a, b: I = 2 (a→b, b→a), E = 2 → 0; with
  // internal edges once: I = 1 → (2 − 1)/3. Node a: ext 1, int 1 → 0; d: c (int), b (ext), e
  // unknown → 0.
  const auto ei = algo::ei_index(v, groups, 2);
  CHECK(ei.network == 0);
  CHECK(ei.external == 2);
  CHECK(ei.internal == 2);
  CHECK(ei.group == std::vector<double>{0, 0});
  CHECK(ei.node[0] == 0);
  CHECK(std::isnan(ei.node[4]));
  CHECK(ei.unknown_edges == 1);
  const auto ei_edges = algo::ei_index(v, groups, 2, algo::EIConvention::edges);
  CHECK(ei_edges.group[0] == Approx(1.0 / 3));
  CHECK(ei_edges.network == 0);
  // Expected: 4 known nodes, 2 + 2: p_int = (2 + 2)/12 = 1/3 → 1 − 2/3 = 1/3.
  CHECK(algo::ei_index_expected(groups, 2) == Approx(1.0 / 3));
  // Nominal assortativity: arcs X→X 2, X→Y 2, Y→X 2, Y→Y 2 → e = 1/4 each, Σ a b = 1/2,
  // trace 1/2 → r = 0.
  const auto mix = algo::mixing_counts(v, groups, 2);
  CHECK(mix.matrix == std::vector<double>{2, 2, 2, 2});
  CHECK(algo::attribute_assortativity(mix) == Approx(0).margin(1e-15));
  CHECK(mix.unknown_edges == 1);

  //  a — b   c — d, a — c:  values 1, 1, 2, 2. Arcs (1,1)×2, (2,2)×2, (1,2), (2,1): mean 1.5,
  //  covariance 4·¼ − 2·¼ = ½ over 6, variance 6·¼ over 6 → r = 1/3, as nominal r:
  //  e = [2 1; 1 2]/6, Σ a b = ½, trace ⅔ → (⅔ − ½)/½ = 1/3.
  GraphBuilder b2;
  for (const char* k : {"a", "b", "c", "d"}) b2.add_node(k);
  b2.add_edge("a", "b");
  b2.add_edge("c", "d");
  b2.add_edge("a", "c");
  const View v2 = b2.build().view();
  CHECK(algo::numeric_assortativity(v2, std::vector<double>{1, 1, 2, 2}).value == Approx(1.0 / 3));
  CHECK(algo::attribute_assortativity(algo::mixing_counts(v2, std::vector<std::int32_t>{0, 0, 1, 1}, 2)) ==
        Approx(1.0 / 3));
  // One group only, or no variance: NaN.
  CHECK(std::isnan(algo::attribute_assortativity(algo::mixing_counts(v2, std::vector<std::int32_t>{0, 0, 0, 0}, 1))));
  CHECK(std::isnan(algo::numeric_assortativity(v2, std::vector<double>{3, 3, 3, 3}).value));
  // Directed: out-arcs are the rows; a → b within, a → c across: E-I of a = 0.
  GraphBuilder b3;
  for (const char* k : {"a", "b", "c"}) b3.add_node(k);
  b3.add_edge("a", "b", "links_to");
  b3.add_edge("a", "c", "links_to");
  b3.add_edge("c", "a", "links_to");
  const View v3 = b3.build().view();
  REQUIRE(v3.directed());
  const auto d = algo::ei_index(v3, std::vector<std::int32_t>{0, 0, 1}, 2);
  CHECK(d.network == Approx(1.0 / 3));  // E = 2 (a→c, c→a), I = 1
  CHECK(d.node[0] == 0);
  CHECK(std::isnan(d.node[1]));  // b sends nothing
  CHECK(d.node[2] == 1);
  // Bad codes.
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::ei_index(v3, std::vector<std::int32_t>{0, 5, 1}, 2); }),
                  "outside"));
}
