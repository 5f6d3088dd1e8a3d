// The actor map from interviews: families recognised, sectors on a ring, marks and edges from the
// citations, the most cited and the brokers (betweenness checked by hand), labels that never meet,
// errors naming the mention at fault, and the round trip.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "catch.hpp"
#include "maillage/core/error.hpp"
#include "maillage/render/labels.hpp"
#include "maillage/render/writers.hpp"
#include "maillage/systemic/interviews.hpp"

using namespace maillage;
using namespace maillage::systemic;

namespace {

bool meet(const render::Box& a, const render::Box& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

const Json* row_of(const Representation& r, const std::string& key) {
  for (const auto& row : r.metadata.find("citations")->as_array())
    if (row.find("key")->as_string() == key) return &row;
  FAIL("no row " << key);
  return nullptr;
}

}  // namespace

TEST_CASE("Families of the 4 Fantastiques are recognised in their usual spellings", "[interviews]") {
  for (const char* s : {"élus", "Élu·es", "elu-es", "élu(e)s", "ELUS"}) CHECK(family_id(s) == "elus");
  for (const char* s : {"agents", "agent·es", "Agente"}) CHECK(family_id(s) == "agents");
  for (const char* s : {"État territorial", "etat", "représentant·es de l'État", "Etat territorial"})
    CHECK(family_id(s) == "etat");
  for (const char* s : {"socio-économiques", "acteur·ices socio-économiques", "socio_economique"})
    CHECK(family_id(s) == "socio_economique");
  CHECK(family_id(" associations ") == "associations");
  CHECK(family_id("") == "");
}

TEST_CASE("Actor map from interviews: citations, brokers and sectors", "[interviews]") {
  // A path a - b - c - d plus e citing b: b and c are the brokers. Betweenness by hand
  // (undirected, pairs counted once): b lies on a–c, a–d, e–c, e–d, a–e → 5; c on a–d, b–d, e–d → 3.
  const std::vector<InterviewActor> actors{{"a", "Maire", "élus", "commune", {}},
                                           {"b", "DDT", "État territorial", "departement", {}},
                                           {"c", "Office de tourisme", "socio-économiques", "epci", {}},
                                           {"d", "Chef de projet", "agents", "epci", {}},
                                           {"e", "Club alpin", "associations", "commune", {}},
                                           {"f", "Banque", "", "", {}}};
  const std::vector<Mention> mentions{{"a", "b", 2, "ski"}, {"a", "b", 1, "eau"}, {"b", "c", 1, ""},
                                      {"c", "d", 3, "ski"}, {"e", "b", 1, "ski"}};
  InterviewMapOptions o;
  o.most_cited = 1;
  o.brokers = 2;
  const Representation r = actor_map_from_interviews(mentions, actors, o);
  REQUIRE(r.nodes.size() == 6);
  REQUIRE(r.edges.size() == 4);  // a→b merged
  const Edge& ab = *std::find_if(r.edges.begin(), r.edges.end(), [](const Edge& e) { return e.source == "a"; });
  CHECK(ab.target == "b");
  CHECK(ab.weight == 3);
  CHECK(ab.directed);
  CHECK(ab.tooltip == Fields{{"intensité", "3"}, {"thèmes", "ski, eau"}});
  CHECK(row_of(r, "b")->find("cited")->as_int() == 2);
  CHECK(row_of(r, "b")->find("strength")->as_double() == 4);
  CHECK(row_of(r, "b")->find("betweenness")->as_double() == Approx(5));
  CHECK(row_of(r, "c")->find("betweenness")->as_double() == Approx(3));
  CHECK(row_of(r, "a")->find("betweenness")->as_double() == 0);
  CHECK(row_of(r, "b")->find("most_cited")->as_bool());
  CHECK_FALSE(row_of(r, "c")->find("most_cited")->as_bool());
  CHECK(row_of(r, "b")->find("broker")->as_bool());
  CHECK(row_of(r, "c")->find("broker")->as_bool());
  CHECK_FALSE(row_of(r, "d")->find("broker")->as_bool());
  CHECK(row_of(r, "a")->find("interviewed")->as_bool());
  CHECK_FALSE(row_of(r, "d")->find("interviewed")->as_bool());
  CHECK(r.metadata.find("citations")->as_array().front().find("key")->as_string() == "b");  // most cited first
  const Node& b = r.nodes[r.node_index("b")];
  CHECK(b.shape == "diamond");
  CHECK(b.group == "etat");
  CHECK(b.size == Approx(4 + 2.4 * std::sqrt(2.0)));
  CHECK(r.nodes[r.node_index("f")].size == Approx(4));
  CHECK(r.nodes[r.node_index("a")].kind == "interviewee");
  CHECK(r.nodes[r.node_index("f")].kind == "actor");
  // Sectors in the order élus, agents, État, socio-économiques, then the others: clockwise from
  // the top, the angle grows along that order.
  std::vector<std::string> groups;
  for (const auto& g : r.groups) groups.push_back(g.id);
  CHECK(groups == std::vector<std::string>{"elus", "agents", "etat", "socio_economique", "associations", "autres"});
  const auto& ring = r.metadata.find("ring")->as_array();
  const double cx = ring.at(0).as_double(), cy = ring.at(1).as_double(), radius = ring.at(2).as_double();
  for (const auto& n : r.nodes) CHECK(std::hypot(n.x - cx, n.y - cy) == Approx(radius));
  auto turn = [&](const std::string& key) {
    const Node& n = r.nodes[r.node_index(key)];
    double a = std::atan2(n.y - cy, n.x - cx) + std::acos(-1.0) / 2;  // 0 at the top, clockwise
    return a < 0 ? a + 2 * std::acos(-1.0) : a;
  };
  CHECK(turn("a") < turn("d"));
  CHECK(turn("d") < turn("b"));
  CHECK(turn("b") < turn("c"));
  CHECK(turn("c") < turn("e"));
  CHECK(turn("e") < turn("f"));
  // Every label shown, none meeting another or a mark.
  std::vector<render::Box> boxes;
  for (const auto& n : r.nodes) {
    REQUIRE(n.label_visible);
    boxes.push_back(render::label_box(n));
  }
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    for (std::size_t j = i + 1; j < boxes.size(); ++j) CHECK_FALSE(meet(boxes[i], boxes[j]));
    for (const auto& n : r.nodes) CHECK_FALSE(meet(boxes[i], render::Box{n.x - n.size, n.y - n.size, 2 * n.size, 2 * n.size}));
    CHECK_FALSE(meet(boxes[i], render::legend_box(r)));
  }
  CHECK(from_json(to_json(r)) == r);
  CHECK(render::to_gexf(r).find("<edge id=\"0\" source=\"a\" target=\"b\" type=\"directed\" weight=\"3\"") != std::string::npos);
}

TEST_CASE("Actor map from interviews refuses what it cannot draw, naming the mention", "[interviews]") {
  const std::vector<InterviewActor> actors{{"a", "", "élus", "", {}}, {"b", "", "agents", "", {}}};
  CHECK_THROWS_WITH(actor_map_from_interviews({{"a", "z", 1, ""}}, actors),
                    "actor map from interviews: mention 1 (a → z): unknown actor 'z' (not among the actors)");
  CHECK_THROWS_WITH(actor_map_from_interviews({{"a", "b", 1, ""}, {"y", "b", 1, ""}}, actors),
                    "actor map from interviews: mention 2 (y → b): unknown interviewee 'y' (not among the actors)");
  CHECK_THROWS_WITH(actor_map_from_interviews({{"a", "a", 1, ""}}, actors),
                    "actor map from interviews: mention 1 (a → a): an interviewee citing themself");
  CHECK_THROWS_WITH(actor_map_from_interviews({{"a", "b", 0, ""}}, actors),
                    "actor map from interviews: mention 1 (a → b): strength 0 must be finite and > 0");
  CHECK_THROWS_WITH(actor_map_from_interviews({}, {{"a", "", "", "", {}}, {"a", "", "", "", {}}}),
                    "actor map from interviews: duplicate actor 'a'");
  CHECK_THROWS_WITH(interview_texts("de"), "actor map from interviews: unknown language 'de' (fr or en)");
}
