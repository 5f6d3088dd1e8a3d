// View node and edge selection: kinds, relations (names and categories), nodes, where filters
// (every operator, ordered categoricals, pseudo attributes, errors), the directed rule, time
// windows, and the view's index ↔ key mapping.
#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using test::has;
using test::thrown;
using std::int64_t;
using std::string;
using Op = AttributeFilter::Op;

namespace {

//   alice (person; family elu, age 40, scale commune, member true, since 2020-01-01)
//   bob   (person; family agent, age 30, scale epci, member false)
//   chloe (person; family etat, no age, scale departement)
//   asso  (organisation; type association, scale region)
//   cd74  (organisation; type collectivite, scale departement)
//   cohorte (programme)          annecy (territory, commune)        epci:GA (territory, epci)
//
//   0  alice — bob       cooperates_with          alice ─── bob ─── chloe
//   1  bob   — chloe     cooperates_with            ▲  \      \.
//   2  asso  → alice     supports                 asso  \      member_of
//   3  cd74  → asso      funds                      ▲    participates_in
//   4  alice → cohorte   participates_in          cd74    ↘      ↓
//   5  bob   → cohorte   member_of                         cohorte
//   6  annecy → epci:GA  part_of                  alice → annecy → epci:GA
//   7  alice → annecy    located_in                 (located_in) (part_of)
Graph people() {
  GraphBuilder b;
  b.add_node("alice", "person",
             {{"family", test::str("elu")}, {"age", test::i64(40)}, {"scale", test::str("commune")},
              {"member", Value{true}}, {"since", Value{Date::from_ymd(2020, 1, 1)}}});
  b.add_node("bob", "person",
             {{"family", test::str("agent")}, {"age", test::i64(30)}, {"scale", test::str("epci")}, {"member", Value{false}}});
  b.add_node("chloe", "person", {{"family", test::str("etat")}, {"scale", test::str("departement")}});
  Table orgs;
  Column type = Column::categorical({"association", "collectivite", "entreprise"}, false, 0);
  type.push_back(string("association"));
  type.push_back(string("collectivite"));
  orgs.add("type", std::move(type));
  orgs.add("scale", test::string_column({"region", "departement"}));
  b.add_nodes({"asso", "cd74"}, {"organisation", "organisation"}, std::move(orgs));
  b.add_node("cohorte", "programme");
  b.add_node("annecy", "territory", {{"scale", test::str("commune")}});
  b.add_node("epci:GA", "territory", {{"scale", test::str("epci")}});
  b.add_edge("alice", "bob");
  b.add_edge("bob", "chloe");
  b.add_edge("asso", "alice", "supports");
  b.add_edge("cd74", "asso", "funds");
  b.add_edge("alice", "cohorte", "participates_in");
  b.add_edge("bob", "cohorte", "member_of");
  b.add_edge("annecy", "epci:GA", "part_of");
  b.add_edge("alice", "annecy", "located_in");
  return b.build();
}

std::vector<string> keys_of(const View& v) {
  std::vector<string> out;
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) out.push_back(v.key(i));
  return out;
}

std::vector<string> where_keys(const Graph& g, AttributeFilter f, std::vector<string> kinds = {}) {
  ViewOptions o;
  o.kinds = std::move(kinds);
  o.where = {std::move(f)};
  return keys_of(g.view(o));
}

/// Graph edge ids in the view (members of all view edges), ascending.
std::vector<EdgeId> member_edges(const View& v) {
  std::vector<EdgeId> out;
  for (std::size_t e = 0; e < v.number_of_edges(); ++e)
    for (EdgeId m : v.edge_members(e)) out.push_back(m);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

using Keys = std::vector<string>;

}  // namespace

TEST_CASE("The default view: every node and relation, undirected for mixed relations, unweighted") {
  const Graph g = people();
  const View v = g.view();
  CHECK(v.number_of_nodes() == 8);
  CHECK(keys_of(v) == Keys{"alice", "bob", "chloe", "asso", "cd74", "cohorte", "annecy", "epci:GA"});
  CHECK_FALSE(v.directed());
  CHECK_FALSE(v.weighted());
  CHECK(v.weight_kind() == WeightKind::strength);
  CHECK(v.number_of_edges() == 8);
  CHECK(member_edges(v) == std::vector<EdgeId>{0, 1, 2, 3, 4, 5, 6, 7});
  for (double w : v.out_weights()) CHECK(w == 1.0);
  CHECK(v.out_targets().size() == 16);
  CHECK(&v.graph().data() == &g.data());
  // alice: bob, asso, cohorte, annecy.
  const auto alice = v.index_of("alice");
  CHECK(v.out_degree(alice) == 4);
  CHECK(v.in_degree(alice) == 4);
}

TEST_CASE("kinds") {
  const Graph g = people();
  ViewOptions o;
  o.kinds = {"person"};
  View v = g.view(o);
  CHECK(keys_of(v) == Keys{"alice", "bob", "chloe"});
  CHECK(member_edges(v) == std::vector<EdgeId>{0, 1});  // induced: only edges among kept nodes
  o.kinds = {"organisation", "person"};
  v = g.view(o);
  CHECK(keys_of(v) == Keys{"alice", "bob", "chloe", "asso", "cd74"});
  CHECK(member_edges(v) == std::vector<EdgeId>{0, 1, 2, 3});
  o.kinds = {"person", "evnt"};  // a kind no node has: an error naming it, not an empty view
  try {
    (void)g.view(o);
    FAIL("no error");
  } catch (const InvalidInput& e) {
    CHECK(std::string(e.what()).find("'evnt'") != std::string::npos);
    CHECK(std::string(e.what()).find("person") != std::string::npos);  // the kinds there are
  }
}

TEST_CASE("relations by name and by category") {
  const Graph g = people();
  ViewOptions o;
  o.relations = {"cooperates_with"};
  View v = g.view(o);
  CHECK(v.number_of_nodes() == 8);  // relations select edges, not nodes
  CHECK(member_edges(v) == std::vector<EdgeId>{0, 1});
  o.relations = {"tie"};
  CHECK(member_edges(g.view(o)) == std::vector<EdgeId>{0, 1, 2, 3, 4});
  o.relations = {"affiliation"};
  CHECK(member_edges(g.view(o)) == std::vector<EdgeId>{5, 7});
  o.relations = {"nesting", "funds"};
  CHECK(member_edges(g.view(o)) == std::vector<EdgeId>{3, 6});
  o.relations = {"affiliation", "member_of"};
  CHECK(member_edges(g.view(o)) == std::vector<EdgeId>{5, 7});
  o.relations = {"co_participates"};  // registered, no edge
  CHECK(g.view(o).number_of_edges() == 0);
  o.relations = {"cooperates"};
  const auto msg = thrown<InvalidInput>([&] { (void)g.view(o); });
  CHECK(has(msg, "'cooperates'"));
}

TEST_CASE("nodes") {
  const Graph g = people();
  ViewOptions o;
  o.nodes = std::vector<string>{"chloe", "alice", "bob", "alice"};
  View v = g.view(o);
  CHECK(keys_of(v) == Keys{"alice", "bob", "chloe"});  // graph order, duplicates ignored
  CHECK(member_edges(v) == std::vector<EdgeId>{0, 1});
  o.nodes = std::vector<string>{};
  CHECK(g.view(o).number_of_nodes() == 0);  // an empty list keeps nothing
  o.nodes = std::vector<string>{"alice", "asso"};
  o.kinds = {"person"};
  CHECK(keys_of(g.view(o)) == Keys{"alice"});  // conditions combine
  o.nodes = std::vector<string>{"alice", "zoé"};
  const auto msg = thrown<NotFound>([&] { (void)g.view(o); });
  CHECK(has(msg, "'zoé'"));
}

TEST_CASE("where: every operator on an int64 attribute, missing values included") {
  const Graph g = people();
  const std::vector<string> persons = {"person"};
  auto f = [](Op op, std::vector<Value> values) { return AttributeFilter{"age", op, std::move(values)}; };
  CHECK(where_keys(g, f(Op::eq, {test::i64(40)}), persons) == Keys{"alice"});
  CHECK(where_keys(g, f(Op::ne, {test::i64(40)}), persons) == Keys{"bob", "chloe"});  // missing passes ne
  CHECK(where_keys(g, f(Op::in, {test::i64(30), test::i64(40), test::i64(50)}), persons) == Keys{"alice", "bob"});
  CHECK(where_keys(g, f(Op::in, {}), persons).empty());
  CHECK(where_keys(g, f(Op::not_in, {test::i64(30)}), persons) == Keys{"alice", "chloe"});
  CHECK(where_keys(g, f(Op::lt, {test::i64(40)}), persons) == Keys{"bob"});
  CHECK(where_keys(g, f(Op::le, {test::i64(40)}), persons) == Keys{"alice", "bob"});
  CHECK(where_keys(g, f(Op::gt, {test::i64(30)}), persons) == Keys{"alice"});
  CHECK(where_keys(g, f(Op::ge, {test::i64(30)}), persons) == Keys{"alice", "bob"});
  CHECK(where_keys(g, f(Op::missing, {}), persons) == Keys{"chloe"});
  CHECK(where_keys(g, f(Op::present, {}), persons) == Keys{"alice", "bob"});
  // Numbers compare across int64 and double.
  CHECK(where_keys(g, f(Op::ge, {test::dbl(35.5)}), persons) == Keys{"alice"});
  CHECK(where_keys(g, f(Op::eq, {test::dbl(30.0)}), persons) == Keys{"bob"});
  // Without the kind filter, the other nodes lack the attribute.
  CHECK(where_keys(g, f(Op::missing, {})) == Keys{"chloe", "asso", "cd74", "cohorte", "annecy", "epci:GA"});
}

TEST_CASE("where: strings, bools, dates") {
  const Graph g = people();
  CHECK(where_keys(g, {"family", Op::eq, {test::str("elu")}}) == Keys{"alice"});
  CHECK(where_keys(g, {"family", Op::lt, {test::str("b")}}) == Keys{"bob"});  // "agent" < "b"
  CHECK(where_keys(g, {"family", Op::in, {test::str("etat"), test::str("media")}}) == Keys{"chloe"});
  CHECK(where_keys(g, {"member", Op::eq, {Value{true}}}) == Keys{"alice"});
  CHECK(where_keys(g, {"member", Op::eq, {Value{false}}}) == Keys{"bob"});
  CHECK(where_keys(g, {"since", Op::ge, {Value{Date::from_ymd(2019, 12, 31)}}}) == Keys{"alice"});
  CHECK(where_keys(g, {"since", Op::lt, {Value{Date::from_ymd(2020, 1, 1)}}}).empty());
  // Values of another type never equal.
  CHECK(where_keys(g, {"family", Op::eq, {test::i64(1)}}).empty());
}

TEST_CASE("where: several conditions all hold") {
  const Graph g = people();
  ViewOptions o;
  o.where = {{"age", Op::present, {}}, {"family", Op::ne, {test::str("elu")}}};
  CHECK(keys_of(g.view(o)) == Keys{"bob"});
}

TEST_CASE("where: the scale is an ordered categorical compared on the ladder") {
  const Graph g = people();
  CHECK(where_keys(g, {"scale", Op::ge, {test::str("departement")}}) == Keys{"chloe", "asso", "cd74"});
  CHECK(where_keys(g, {"scale", Op::gt, {test::str("departement")}}) == Keys{"asso"});
  CHECK(where_keys(g, {"scale", Op::lt, {test::str("epci")}}) == Keys{"alice", "annecy"});
  CHECK(where_keys(g, {"scale", Op::le, {test::str("epci")}}) == Keys{"alice", "bob", "annecy", "epci:GA"});
  // Alphabetically "commune" < "bassin" is false; on the ladder bassin is above commune.
  CHECK(where_keys(g, {"scale", Op::ge, {test::str("bassin")}}) == Keys{"chloe", "asso", "cd74"});
  CHECK(where_keys(g, {"scale", Op::eq, {test::str("epci")}}) == Keys{"bob", "epci:GA"});
  CHECK(where_keys(g, {"scale", Op::ne, {test::str("epci")}}) ==
        Keys{"alice", "chloe", "asso", "cd74", "cohorte", "annecy"});
  CHECK(where_keys(g, {"scale", Op::missing, {}}) == Keys{"cohorte"});
  const auto msg = thrown<InvalidInput>([&] { (void)where_keys(g, {"scale", Op::ge, {test::str("canton")}}); });
  CHECK(has(msg, "'canton'"));
  CHECK(has(msg, "'scale'"));
}

TEST_CASE("where: an unordered categorical takes eq/in but not order") {
  const Graph g = people();
  CHECK(where_keys(g, {"type", Op::eq, {test::str("collectivite")}}) == Keys{"cd74"});
  CHECK(where_keys(g, {"type", Op::in, {test::str("association"), test::str("entreprise")}}) == Keys{"asso"});
  const auto msg = thrown<InvalidInput>([&] { (void)where_keys(g, {"type", Op::lt, {test::str("x")}}); });
  CHECK(has(msg, "'type'"));
  CHECK(has(msg, "unordered"));
}

TEST_CASE("where: the pseudo attributes key and kind") {
  const Graph g = people();
  CHECK(where_keys(g, {"key", Op::in, {test::str("bob"), test::str("annecy")}}) == Keys{"bob", "annecy"});
  CHECK(where_keys(g, {"key", Op::ge, {test::str("c")}}) == Keys{"chloe", "cd74", "cohorte", "epci:GA"});
  CHECK(where_keys(g, {"kind", Op::eq, {test::str("organisation")}}) == Keys{"asso", "cd74"});
  CHECK(where_keys(g, {"kind", Op::not_in, {test::str("person"), test::str("territory")}}) ==
        Keys{"asso", "cd74", "cohorte"});
  CHECK(where_keys(g, {"kind", Op::missing, {}}).empty());
}

TEST_CASE("where: errors name the attribute") {
  const Graph g = people();
  auto msg = thrown<InvalidInput>([&] { (void)where_keys(g, {"population", Op::present, {}}); });
  CHECK(has(msg, "'population'"));
  CHECK(has(msg, "family"));  // lists the attributes there are
  msg = thrown<InvalidInput>([&] { (void)where_keys(g, {"age", Op::eq, {test::i64(1), test::i64(2)}}); });
  CHECK(has(msg, "'age'"));
  CHECK(has(msg, "one value"));
  msg = thrown<InvalidInput>([&] { (void)where_keys(g, {"age", Op::lt, {}}); });
  CHECK(has(msg, "'age'"));
  msg = thrown<InvalidInput>([&] { (void)where_keys(g, {"family", Op::lt, {test::i64(3)}}); });
  CHECK(has(msg, "'family'"));
  CHECK(has(msg, "compare"));
}

TEST_CASE("directed: automatic rule and explicit choice") {
  const Graph g = people();
  ViewOptions o;
  o.relations = {"supports", "funds"};
  CHECK(g.view(o).directed());
  o.relations = {"supports", "cooperates_with"};
  CHECK_FALSE(g.view(o).directed());
  // A relation with no edge does not count: co_participates is undirected, yet the view is directed.
  o.relations = {"supports", "co_participates"};
  CHECK(g.view(o).directed());
  o.relations = {"affiliation", "nesting"};
  CHECK(g.view(o).directed());
  o.relations = {"co_participates"};  // no relation with an edge: undirected
  CHECK_FALSE(g.view(o).directed());
  o.relations = {"tie"};
  CHECK_FALSE(g.view(o).directed());
  o.directed = true;
  CHECK(g.view(o).directed());
  o.relations = {"funds"};
  o.directed = false;
  CHECK_FALSE(g.view(o).directed());
  // A graph of directed edges only.
  GraphBuilder b;
  b.add_node("a").add_node("b");
  b.add_edge("a", "b", "links_to");
  CHECK(b.build().view().directed());
  CHECK_FALSE(Graph().view().directed());
}

TEST_CASE("index, index_of, key, node, nodes") {
  const Graph g = people();
  ViewOptions o;
  o.kinds = {"organisation", "territory"};
  const View v = g.view(o);
  REQUIRE(v.number_of_nodes() == 4);
  CHECK(v.nodes().size() == 4);
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) {
    CHECK(v.nodes()[i] == v.node(i));
    CHECK(v.index(v.node(i)) == i);
    CHECK(v.index_of(v.key(i)) == i);
    CHECK(g.key(v.node(i)) == v.key(i));
  }
  CHECK(v.node(0) == g.id("asso"));
  CHECK(v.index_of("epci:GA") == 3);
  CHECK_FALSE(v.index(g.id("alice")).has_value());
  CHECK_FALSE(v.index(static_cast<NodeId>(1000)).has_value());
  auto msg = thrown<NotFound>([&] { (void)v.index_of("alice"); });
  CHECK(has(msg, "'alice'"));
  CHECK(has(msg, "not in this view"));
  msg = thrown<NotFound>([&] { (void)v.index_of("nobody"); });
  CHECK(has(msg, "'nobody'"));
}

TEST_CASE("Time windows: closed bounds, edges without an interval kept, open bounds") {
  //   Each edge joins its own pair, so the kept edges are read from the view's members.
  //   0  a—b  [2020-01-01, 2020-12-31]
  //   1  c—d  [2022-03-01, 2022-03-31]
  //   2  e—f  no interval
  //   3  g—h  [2021-06-01, open)
  //   4  i—j  (open, 2019-12-31]
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}) b.add_node(k);
  b.add_edge("a", "b", "cooperates_with", {{"start", test::str("2020")}, {"end", test::str("2020")}});
  b.add_edge("c", "d", "cooperates_with", {{"start", test::str("2022-03-01")}, {"end", test::str("2022-03-31")}});
  b.add_edge("e", "f");
  b.add_edge("g", "h", "cooperates_with", {{"start", test::str("2021-06-01")}});
  b.add_edge("i", "j", "cooperates_with", {{"end", test::str("2019-12-31")}});
  const Graph g = b.build();
  auto kept = [&](std::optional<Date> start, std::optional<Date> end) {
    ViewOptions o;
    o.start = start;
    o.end = end;
    const View v = g.view(o);
    CHECK(v.number_of_nodes() == 10);  // windows select edges only
    return member_edges(v);
  };
  using E = std::vector<EdgeId>;
  const auto d = [](int y, int m, int dd) { return std::optional<Date>(Date::from_ymd(y, m, dd)); };
  CHECK(kept(std::nullopt, std::nullopt) == E{0, 1, 2, 3, 4});
  // Bounds touching interval ends keep them (closed).
  CHECK(kept(d(2020, 12, 31), d(2022, 3, 1)) == E{0, 1, 2, 3});
  CHECK(kept(d(2021, 1, 1), d(2022, 2, 28)) == E{2, 3});
  CHECK(kept(d(2021, 1, 1), std::nullopt) == E{1, 2, 3});
  CHECK(kept(std::nullopt, d(2019, 12, 31)) == E{2, 4});
  CHECK(kept(std::nullopt, d(2019, 12, 30)) == E{2, 4});
  CHECK(kept(d(2020, 1, 1), d(2020, 1, 1)) == E{0, 2});
  CHECK(kept(d(2021, 6, 1), d(2021, 6, 1)) == E{2, 3});
  CHECK(kept(d(2030, 1, 1), std::nullopt) == E{2, 3});
  // A reversed window is an error naming both bounds (it used to keep the undated edges alone).
  try {
    kept(d(2020, 1, 2), d(2019, 12, 31));
    FAIL("a reversed window was accepted");
  } catch (const InvalidInput& e) {
    const std::string what = e.what();
    CHECK(what.find("2019-12-31") != std::string::npos);
    CHECK(what.find("2020-01-02") != std::string::npos);
  }
}

TEST_CASE("Time windows: undated edges kept or dropped") {
  GraphBuilder b;
  for (const char* k : {"a", "b", "e", "f", "g", "h"}) b.add_node(k);
  b.add_edge("a", "b", "cooperates_with", {{"start", test::str("2020")}, {"end", test::str("2020")}});
  b.add_edge("e", "f");  // no interval
  b.add_edge("g", "h", "cooperates_with", {{"start", test::str("2021-06-01")}});  // a start only: dated
  const Graph g = b.build();
  ViewOptions o;
  o.start = Date::from_ymd(2020, 1, 1);
  o.end = Date::from_ymd(2021, 12, 31);
  CHECK(View(g, o).number_of_edges() == 3);
  o.keep_undated = false;
  CHECK(View(g, o).number_of_edges() == 2);
  o.end = Date::from_ymd(2020, 12, 31);
  CHECK(View(g, o).number_of_edges() == 1);
  // Without a window every edge is kept, whatever the policy.
  o.start.reset();
  o.end.reset();
  CHECK(View(g, o).number_of_edges() == 3);
}

TEST_CASE("directed: decided by the edges the view keeps") {
  //   p1 → p2 (supports), p2 → p1 (funds), p1 — org (cooperates_with, 2020 only), p2 → org (funds)
  GraphBuilder b;
  b.add_node("p1", "person").add_node("p2", "person").add_node("org", "organisation");
  b.add_edge("p1", "p2", "supports").add_edge("p2", "p1", "funds");
  b.add_edge("p1", "org", "cooperates_with", {{"start", test::str("2020")}, {"end", test::str("2020")}});
  b.add_edge("p2", "org", "funds");
  const Graph g = b.build();
  CHECK_FALSE(g.view().directed());
  ViewOptions o;
  o.kinds = {"person"};  // the undirected edge leaves with org
  CHECK(g.view(o).directed());
  o = {};
  o.nodes = std::vector<string>{"p2", "org"};
  CHECK(g.view(o).directed());
  o = {};
  o.start = Date::from_ymd(2021, 1, 1);  // the undirected edge is out of the window
  CHECK(g.view(o).directed());
  o.start = Date::from_ymd(2020, 12, 31);
  CHECK_FALSE(g.view(o).directed());
  o = {};
  o.nodes = std::vector<string>{"org"};  // no edge kept: undirected
  CHECK_FALSE(g.view(o).directed());
}

TEST_CASE("where: a missing value among eq/in values matches nodes missing the attribute") {
  const Graph g = people();
  const std::vector<string> persons = {"person"};
  CHECK(where_keys(g, {"age", Op::eq, {Value{}}}, persons) == Keys{"chloe"});
  CHECK(where_keys(g, {"age", Op::in, {test::i64(30), Value{}}}, persons) == Keys{"bob", "chloe"});
  CHECK(where_keys(g, {"age", Op::ne, {Value{}}}, persons) == Keys{"alice", "bob"});
  CHECK(where_keys(g, {"age", Op::not_in, {Value{}, test::i64(30)}}, persons) == Keys{"alice"});
}
