// The transformation models (three horizons, two loops): the curves have the model's shape, items
// sit on their curve where the table puts them, labels never meet, errors name the item at fault,
// and the pictures round-trip through JSON and every writer.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/core/error.hpp"
#include "maillage/render/labels.hpp"
#include "maillage/render/writers.hpp"
#include "maillage/systemic/horizons.hpp"

using namespace maillage;
using namespace maillage::systemic;

namespace {

using Points = std::vector<std::pair<double, double>>;

/// The open curve a Shape draws: the first half of its ring (forward, then back).
Points curve(const Representation& r, const std::string& group, const std::string& key) {
  for (const auto& s : r.shapes)
    if (s.group == group && s.key == key) {
      const auto& ring = s.rings.at(0);
      return Points(ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>((ring.size() + 2) / 2));
    }
  FAIL("no curve " << group << "/" << key);
  return {};
}

/// The curve's height at x, by linear interpolation between its points (x ascending).
double height_at(const Points& pts, double x) {
  for (std::size_t i = 1; i < pts.size(); ++i)
    if (pts[i].first >= x) {
      const double t = (x - pts[i - 1].first) / (pts[i].first - pts[i - 1].first);
      return pts[i - 1].second + t * (pts[i].second - pts[i - 1].second);
    }
  return pts.back().second;
}

double plot(const Representation& r, std::size_t i) {
  return r.metadata.find("plot")->as_array().at(i).as_double();
}

HorizonInitiative initiative(std::string key, int horizon, Date start, std::optional<Date> end = std::nullopt) {
  HorizonInitiative it;
  it.key = key;
  it.label = std::move(key);
  it.horizon = horizon;
  it.start = start;
  it.end = end;
  return it;
}

bool meet(const render::Box& a, const render::Box& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/// No two visible labels meet, none meets a mark (its own included), every one is on the canvas
/// and off the legend.
void check_labels(const Representation& r) {
  const render::Box legend = render::legend_box(r);
  std::vector<render::Box> boxes;
  for (const auto& n : r.nodes) {
    if (!n.label_visible) continue;
    const render::Box b = render::label_box(n);
    CHECK(b.x >= 0);
    CHECK(b.y >= 0);
    CHECK(b.x + b.width <= r.width);
    CHECK(b.y + b.height <= r.height);
    CHECK_FALSE(meet(b, legend));
    for (const auto& m : r.nodes) CHECK_FALSE(meet(b, render::Box{m.x - m.size, m.y - m.size, 2 * m.size, 2 * m.size}));
    boxes.push_back(b);
  }
  for (std::size_t i = 0; i < boxes.size(); ++i)
    for (std::size_t j = i + 1; j < boxes.size(); ++j) CHECK_FALSE(meet(boxes[i], boxes[j]));
}

}  // namespace

TEST_CASE("Three horizons: the curves have the model's shape", "[horizons]") {
  // Closed form at the ends and the top of H2.
  CHECK(horizon_level(1, 0) == Approx(0.9));
  CHECK(horizon_level(1, 1) == Approx(0.05));
  CHECK(horizon_level(3, 0) == Approx(0.05));
  CHECK(horizon_level(3, 1) == Approx(0.9));
  CHECK(horizon_level(2, 0.5) == Approx(0.65));
  CHECK_THROWS_AS(horizon_level(4, 0.5), InvalidInput);
  const Representation r = three_horizons({});  // the empty model: the curves alone
  const Points h1 = curve(r, "horizon-curve", "H1"), h2 = curve(r, "horizon-curve", "H2"),
               h3 = curve(r, "horizon-curve", "H3");
  REQUIRE(h1.size() == 121);
  REQUIRE(h2.size() == 121);
  REQUIRE(h3.size() == 121);
  const double top = plot(r, 1), bottom = plot(r, 3);
  for (std::size_t i = 1; i < h1.size(); ++i) {
    CHECK(h1[i].first > h1[i - 1].first);
    CHECK(h1[i].second > h1[i - 1].second);  // H1 falls all along (canvas y grows downwards)
    CHECK(h3[i].second < h3[i - 1].second);  // H3 rises all along
  }
  // H2 rises to one top in the middle, then falls.
  const auto peak = static_cast<std::size_t>(
      std::min_element(h2.begin(), h2.end(), [](const auto& a, const auto& b) { return a.second < b.second; }) - h2.begin());
  CHECK(peak == 60);
  for (std::size_t i = 1; i <= peak; ++i) CHECK(h2[i].second < h2[i - 1].second);
  for (std::size_t i = peak + 1; i < h2.size(); ++i) CHECK(h2[i].second > h2[i - 1].second);
  // H1 starts high and ends low, H3 the reverse; they cross once, H2's top is above the crossing.
  CHECK(h1.front().second < top + 0.2 * (bottom - top));
  CHECK(h1.back().second > bottom - 0.2 * (bottom - top));
  CHECK(h3.front().second == Approx(h1.back().second));
  int crossings = 0;
  for (std::size_t i = 1; i < h1.size(); ++i)
    if ((h1[i].second - h3[i].second) * (h1[i - 1].second - h3[i - 1].second) < 0) ++crossings;
  CHECK(crossings == 1);
  CHECK(h2[peak].second < h1[peak].second);
  CHECK(h2[peak].second < h3[peak].second);
  // Every curve stays in the plot.
  for (const auto* c : {&h1, &h2, &h3})
    for (const auto& [x, y] : *c) {
      CHECK(x >= plot(r, 0));
      CHECK(x <= plot(r, 2));
      CHECK(y >= top);
      CHECK(y <= bottom);
    }
}

TEST_CASE("Three horizons: initiatives sit on their curve at their start", "[horizons]") {
  std::vector<HorizonInitiative> items{
      initiative("ski", 1, Date::from_ymd(2020, 1, 1)),
      initiative("incubateur", 2, Date::from_ymd(2024, 3, 27), Date::from_ymd(2024, 5, 16)),
      initiative("tiers-lieu", 3, Date::from_ymd(2027, 7, 2)),
  };
  items[0].tooltip = {{"acteur", "organisation:anct"}, {"territoire", "commune:74123"}};
  items[1].start_text = "27/03/2024";
  const Representation r = three_horizons(items);
  CHECK(r.metadata.find("from")->as_string() == "2020-01-01");
  CHECK(r.metadata.find("to")->as_string() == "2027-12-31");
  const double left = plot(r, 0), right = plot(r, 2);
  // By hand: 2020-01-01 to 2027-12-31 is 2922 days; 2024-03-27 is day 1547, 2027-07-02 day 2739.
  const std::map<std::string, std::pair<double, std::string>> expected{
      {"ski", {0.0, "H1"}}, {"incubateur", {1547.0 / 2922, "H2"}}, {"tiers-lieu", {2739.0 / 2922, "H3"}}};
  REQUIRE(r.nodes.size() == 3);
  for (const auto& n : r.nodes) {
    const auto& [t, h] = expected.at(n.key);
    CHECK(n.x == Approx(left + t * (right - left)));
    CHECK(n.group == h);
    CHECK(n.kind == "initiative");
    CHECK(std::abs(n.y - height_at(curve(r, "horizon-curve", h), n.x)) < 0.3);
  }
  const Node& ski = r.nodes[r.node_index("ski")];
  CHECK(ski.tooltip == Fields{{"horizon", "H1 · système dominant (en déclin)"}, {"début", "2020-01-01"},
                              {"acteur", "organisation:anct"}, {"territoire", "commune:74123"}});
  const Node& inc = r.nodes[r.node_index("incubateur")];
  CHECK(inc.tooltip.at(1) == std::pair<std::string, std::string>{"début", "27/03/2024"});
  CHECK(inc.tooltip.at(2) == std::pair<std::string, std::string>{"fin", "2024-05-16"});
  // The span is drawn along the H2 curve from start to end.
  const Points span = curve(r, "horizon-span", "incubateur");
  CHECK(span.front().first == Approx(inc.x));
  CHECK(span.back().first == Approx(left + (1597.0 / 2922) * (right - left)));
  for (const auto& [x, y] : span) CHECK(std::abs(y - height_at(curve(r, "horizon-curve", "H2"), x)) < 0.3);
  // English texts on request.
  ThreeHorizonsOptions en;
  en.texts = three_horizons_texts("en");
  const Representation e = three_horizons(items, en);
  CHECK(e.nodes[e.node_index("ski")].tooltip.at(1).first == "start");
  CHECK(e.legend.at(0).label == "H1 · dominant system (declining)");
  // Items sharing a date on one horizon are spread along the curve, a mark apart, around it.
  std::vector<HorizonInitiative> same{initiative("a", 2, Date::from_ymd(2027, 1, 1)),
                                      initiative("b", 2, Date::from_ymd(2027, 1, 1)),
                                      initiative("c", 2, Date::from_ymd(2027, 1, 1)),
                                      initiative("first", 1, Date::from_ymd(2024, 1, 1)),
                                      initiative("last", 1, Date::from_ymd(2030, 12, 31))};
  const Representation s = three_horizons(same);
  const double xa = s.nodes[s.node_index("a")].x, xb = s.nodes[s.node_index("b")].x, xc = s.nodes[s.node_index("c")].x;
  CHECK(xb - xa == Approx(13));
  CHECK(xc - xb == Approx(13));
  // Centred on the date: 2024-01-01 to 2027-01-01 is 1096 days of the period's 2557.
  CHECK(xb == Approx(plot(s, 0) + 1096.0 / 2557 * (plot(s, 2) - plot(s, 0))));
  for (const auto& n : s.nodes) CHECK(std::abs(n.y - height_at(curve(s, "horizon-curve", n.group), n.x)) < 0.3);
}

TEST_CASE("Three horizons: no two labels meet, even when crowded", "[horizons]") {
  std::vector<HorizonInitiative> items;
  for (int i = 0; i < 36; ++i) {
    auto it = initiative("initiative numéro " + std::to_string(i), i % 3 + 1,
                         Date::from_ymd(2020 + (i * 7) % 6, 1 + i % 12, 1));
    items.push_back(it);
  }
  const Representation r = three_horizons(items);
  check_labels(r);
  std::size_t shown = 0;
  for (const auto& n : r.nodes) shown += n.label_visible;
  CHECK(shown == 36);  // this much fits
  CHECK(render::label_overlap(r).overlapping_pairs == 0);
  CHECK(r.metadata.find("hidden_labels")->as_int() == 0);
  // Far labels hang on leader lines from their mark.
  std::size_t leaders = 0;
  for (const auto& s : r.shapes) leaders += s.group == "leader";
  CHECK(leaders > 0);
  // Far too many for the picture: some are hidden, still none meets another, and the notes say so.
  std::vector<HorizonInitiative> crowd;
  for (int i = 0; i < 150; ++i) crowd.push_back(initiative("une initiative au nom assez long " + std::to_string(i), i % 3 + 1, Date::from_ymd(2024, 1, 1)));
  const Representation c = three_horizons(crowd);
  check_labels(c);
  const auto hidden = c.metadata.find("hidden_labels")->as_int();
  CHECK(hidden > 0);
  REQUIRE(c.notes.size() == 1);
  CHECK(c.notes[0] == std::to_string(hidden) + " étiquette(s) masquée(s), visibles au survol");
}

TEST_CASE("Three horizons refuse what they cannot draw, naming the initiative", "[horizons]") {
  auto message = [](auto&& call) { return test::thrown<InvalidInput>(call); };
  const Date d = Date::from_ymd(2024, 1, 1);
  CHECK(message([&] { three_horizons({initiative("x", 4, d)}); }) ==
        "three horizons: initiative 'x': horizon 4 is not 1, 2 or 3");
  CHECK(message([&] { three_horizons({initiative("x", 1, d), initiative("x", 2, d)}); }) ==
        "three horizons: duplicate initiative 'x'");
  CHECK(message([&] { three_horizons({initiative("x", 1, d, Date::from_ymd(2023, 5, 1))}); }) ==
        "three horizons: initiative 'x' ends (2023-05-01) before it starts (2024-01-01)");
  CHECK(message([&] { three_horizons({initiative("", 1, d)}); }).find("empty key") != std::string::npos);
  ThreeHorizonsOptions o;
  o.from = Date::from_ymd(2030, 1, 1);
  o.to = Date::from_ymd(2020, 1, 1);
  CHECK(message([&] { three_horizons({}, o); }).find("the period ends (2020-01-01) before it starts") != std::string::npos);
  CHECK(message([&] { three_horizons_texts("de"); }) == "three horizons: unknown language 'de' (fr or en)");
  // Outside the period given: left out and counted.
  o.from = Date::from_ymd(2025, 1, 1);
  o.to = Date::from_ymd(2030, 12, 31);
  const Representation r = three_horizons({initiative("x", 1, d), initiative("y", 2, Date::from_ymd(2026, 1, 1))}, o);
  CHECK(r.nodes.size() == 1);
  CHECK(r.metadata.find("outside")->as_int() == 1);
}

TEST_CASE("Two loops: the curves and the roles' places", "[horizons]") {
  CHECK(parse_loop_role("Hospicing") == LoopRole::hospicing);
  CHECK(parse_loop_role("  accompagner  la fin ") == LoopRole::hospicing);
  CHECK(parse_loop_role("COMPOSTER") == LoopRole::composting);
  CHECK(parse_loop_role("Éclairer") == LoopRole::illuminating);
  CHECK(parse_loop_role("eclairer") == LoopRole::illuminating);
  CHECK(parse_loop_role("nourrir") == LoopRole::nourishing);
  CHECK(parse_loop_role("relier") == LoopRole::connecting);
  CHECK(parse_loop_role("naming") == LoopRole::naming);
  CHECK_FALSE(parse_loop_role("hospice"));
  CHECK_FALSE(parse_loop_role("nommé"));
  CHECK(on_old_loop(LoopRole::composting));
  CHECK_FALSE(on_old_loop(LoopRole::naming));

  std::vector<LoopItem> items;
  const std::vector<std::pair<std::string, LoopRole>> table{
      {"fin du téléski", LoopRole::hospicing},    {"saisonniers", LoopRole::hospicing},
      {"réemploi", LoopRole::composting},         {"collectif", LoopRole::naming},
      {"incubateur", LoopRole::connecting},       {"ateliers", LoopRole::nourishing},
      {"voyage apprenant", LoopRole::illuminating}};
  for (const auto& [k, role] : table) items.push_back(LoopItem{k, k, role, {}});
  const Representation r = two_loops(items);
  const Points old_loop = curve(r, "loop-curve", "old"), new_loop = curve(r, "loop-curve", "new");
  // The old loop rises to one top, then falls back to where it started.
  const auto top = static_cast<std::size_t>(std::min_element(old_loop.begin(), old_loop.end(), [](const auto& a, const auto& b) {
                                              return a.second < b.second;
                                            }) - old_loop.begin());
  CHECK(top > 20);
  CHECK(top < 100);
  for (std::size_t i = 1; i <= top; ++i) CHECK(old_loop[i].second < old_loop[i - 1].second);
  for (std::size_t i = top + 1; i < old_loop.size(); ++i) CHECK(old_loop[i].second > old_loop[i - 1].second);
  CHECK(old_loop.back().second == Approx(old_loop.front().second));
  // The new loop rises all along, starting under the old one and ending above it: it crosses it.
  for (std::size_t i = 1; i < new_loop.size(); ++i) CHECK(new_loop[i].second < new_loop[i - 1].second);
  CHECK(new_loop.front().second > height_at(old_loop, new_loop.front().first));
  CHECK(new_loop.back().first > old_loop.back().first);
  CHECK(new_loop.back().second < old_loop[top].second + 1e-9);
  // Items on their loop, in the model's order along it.
  auto node = [&](const std::string& key) { return r.nodes[r.node_index(key)]; };
  for (const auto& n : r.nodes) {
    const Points& c = n.group == "old" ? old_loop : new_loop;
    CHECK(std::abs(n.y - height_at(c, n.x)) < 0.5);
  }
  CHECK(node("fin du téléski").group == "old");
  CHECK(node("fin du téléski").role == "hospicing");
  CHECK(node("fin du téléski").x > old_loop[top].first);  // hospicing: on the decline
  CHECK(node("réemploi").x > node("saisonniers").x);       // composting after hospicing
  CHECK(node("collectif").x < node("incubateur").x);
  CHECK(node("incubateur").x < node("ateliers").x);
  CHECK(node("ateliers").x < node("voyage apprenant").x);
  CHECK(node("collectif").group == "new");
  CHECK(node("collectif").tooltip == Fields{{"boucle", "système émergent (nouveau)"}, {"rôle", "nommer"}});
  check_labels(r);
  // The role names are written once each.
  for (const char* role : {"accompagner la fin", "composter", "nommer", "relier", "nourrir", "éclairer"})
    CHECK(std::count_if(r.annotations.begin(), r.annotations.end(), [&](const Annotation& a) { return a.text == role; }) == 1);
  CHECK_THROWS_WITH(two_loops({LoopItem{"a", "a", LoopRole::naming, {}}, LoopItem{"a", "b", LoopRole::naming, {}}}),
                    "two loops: duplicate item 'a'");
  CHECK_THROWS_WITH(two_loops_texts("es"), "two loops: unknown language 'es' (fr or en)");
}

TEST_CASE("Model pictures round-trip through JSON and every writer", "[horizons]") {
  std::vector<HorizonInitiative> items{initiative("programme:avenir-montagnes-ingenierie", 2, Date::from_ymd(2022, 1, 1),
                                                  Date::from_ymd(2024, 12, 31)),
                                       initiative("ski", 1, Date::from_ymd(2015, 1, 1))};
  items[0].label = "Avenir Montagnes Ingénierie";
  items[0].tooltip = {{"acteur", "organisation:anct"}};
  ThreeHorizonsOptions o;
  o.title = "Trois horizons";
  const Representation r = three_horizons(items, o);
  CHECK(three_horizons(items, o) == r);  // deterministic
  CHECK(from_json(to_json(r)) == r);
  const std::string gexf = render::to_gexf(r);
  CHECK(gexf.find("<node id=\"programme:avenir-montagnes-ingenierie\" label=\"Avenir Montagnes Ingénierie\">") !=
        std::string::npos);
  CHECK(gexf.find("title=\"acteur\"") != std::string::npos);
  CHECK(gexf.find("value=\"organisation:anct\"") != std::string::npos);
  const std::string svg = render::to_svg(r);
  CHECK(svg.find("class=\"shape shape-horizon-curve\"") != std::string::npos);
  CHECK(render::to_html(r).find("Avenir Montagnes Ingénierie") != std::string::npos);
  const Json kumu = render::to_kumu(r);
  CHECK(kumu.find("elements")->as_array().size() == 2);
  const Representation l = two_loops({LoopItem{"a", "A", LoopRole::composting, {}}});
  CHECK(from_json(to_json(l)) == l);
  CHECK(render::to_gexf(l).find("<node id=\"a\"") != std::string::npos);
}
