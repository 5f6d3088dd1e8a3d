// Chart builders (bar charts, heat maps, timelines, compasses): geometry proportional to the data, texts as
// given, colours on the ramp, label placement, errors naming the value at fault, determinism and
// the lossless JSON round trip.
#include <cmath>
#include <limits>
#include <set>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/core/error.hpp"
#include "maillage/render/labels.hpp"
#include "maillage/render/writers.hpp"
#include "maillage/systemic/charts.hpp"

using namespace maillage;
using namespace maillage::systemic;

namespace {

std::vector<Bar> bars(std::initializer_list<std::pair<const char*, double>> list) {
  std::vector<Bar> out;
  for (const auto& [label, value] : list) out.push_back(Bar{label, value, "", "", {}});
  return out;
}

bool has_text(const Representation& r, const std::string& text) {
  for (const auto& a : r.annotations)
    if (a.text == text) return true;
  return false;
}

}  // namespace

TEST_CASE("Horizontal bars are proportional to their values and carry their texts", "[charts]") {
  auto data = bars({{"Cohorte Occitanie", 9}, {"Cohorte Grand Est", 10}, {"Faverges-Seythenex", 1}});
  data[0].text = "9 territoires";
  BarChartOptions o;
  o.title = "Territoires par programme";
  const Representation r = bar_chart(data, o);
  REQUIRE(r.rects.size() == 3);
  // Same baseline, widths in the ratio of the values.
  CHECK(r.rects[0].x == r.rects[1].x);
  CHECK(r.rects[0].width / r.rects[1].width == Approx(0.9));
  CHECK(r.rects[2].width / r.rects[1].width == Approx(0.1));
  // Rows go downwards in the order given.
  CHECK(r.rects[0].y < r.rects[1].y);
  CHECK(r.rects[1].y < r.rects[2].y);
  CHECK(has_text(r, "9 territoires"));
  CHECK(has_text(r, "10"));
  CHECK(has_text(r, "Cohorte Grand Est"));
  REQUIRE(r.axes.size() == 1);
  // Ticks at round values up to at least the largest one.
  CHECK(r.axes[0].ticks.back().first == Approx(1.0));
  CHECK(std::stod(r.axes[0].ticks.back().second) >= 10);
  // Everything on the canvas.
  for (const auto& rect : r.rects) {
    CHECK(rect.x >= 0);
    CHECK(rect.x + rect.width <= r.width);
    CHECK(rect.y + rect.height <= r.height);
  }
  CHECK(r.title == "Territoires par programme");
}

TEST_CASE("Vertical bars stand on one baseline and thin out crowded labels", "[charts]") {
  std::vector<Bar> months;
  for (int i = 0; i < 24; ++i) months.push_back(Bar{"septembre 2024", static_cast<double>(i % 5), "", "", {}});
  BarChartOptions o;
  o.horizontal = false;
  o.decimal_mark = std::string(",");  // (assigning a literal trips a false -Wrestrict in g++ 12)
  const Representation r = bar_chart(months, o);
  std::size_t labels = 0;
  for (const auto& a : r.annotations) labels += a.text == "septembre 2024";
  CHECK(labels > 0);
  CHECK(labels < 24);  // they would overlap side by side
  double base = -1;
  for (const auto& rect : r.rects) {
    if (rect.height < 1 || rect.fill == "#d0d0d0") continue;  // grid lines
    if (base < 0) base = rect.y + rect.height;
    CHECK(rect.y + rect.height == Approx(base));
  }
  // Ticks 1, 2, 3, 4 have no decimals; a fractional range uses the decimal mark.
  const Representation f = bar_chart(bars({{"a", 0.3}, {"b", 0.1}}), o);
  bool comma = false;
  for (const auto& a : f.annotations) comma = comma || a.text.find(',') != std::string::npos;
  CHECK(comma);
}

TEST_CASE("Bar charts refuse negative and non-finite values, naming the bar", "[charts]") {
  CHECK_THROWS_AS(bar_chart(bars({{"ok", 1}, {"Lomme", -2}})), InvalidInput);
  try {
    bar_chart(bars({{"Lomme", std::numeric_limits<double>::quiet_NaN()}}));
    FAIL("no error");
  } catch (const InvalidInput& e) {
    CHECK(std::string(e.what()).find("Lomme") != std::string::npos);
  }
  // No bars: an empty chart, not an error.
  CHECK(bar_chart({}).rects.empty());
}

TEST_CASE("Heat map cells follow the ramp from light (small) to dark (large)", "[charts]") {
  const std::vector<std::string> rows = {"commune", "région"}, cols = {"commune", "région", "national"};
  const std::vector<double> values = {0, 5, 10, 5, std::numeric_limits<double>::quiet_NaN(), 2};
  const Representation r = heat_map(rows, cols, values, {}, HeatMapOptions{"Mélange", "", "", "", 0, ","});
  REQUIRE(r.rects.size() == 6);
  auto luminance = [](const std::string& c) {
    const int red = std::stoi(c.substr(1, 2), nullptr, 16), green = std::stoi(c.substr(3, 2), nullptr, 16),
              blue = std::stoi(c.substr(5, 2), nullptr, 16);
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
  };
  CHECK(r.rects[0].fill == "#ffffd9");  // 0 = the light end
  CHECK(r.rects[2].fill == "#081d58");  // 10 = the dark end
  CHECK(luminance(r.rects[0].fill) > luminance(r.rects[1].fill));
  CHECK(luminance(r.rects[1].fill) > luminance(r.rects[2].fill));
  CHECK(r.rects[4].fill == "#eeeeee");  // no value
  // Cells in a grid: same width, rows below each other.
  CHECK(r.rects[0].width == Approx(r.rects[5].width));
  CHECK(r.rects[3].y > r.rects[0].y);
  // Legend: five steps and the "no value" entry; bounds with the decimal mark.
  CHECK(r.legend.size() == 6);
  CHECK(r.legend[0].label == "0 – 2");
  // The legend (drawn bottom right) does not cover a cell.
  const auto box = render::legend_box(r);
  for (const auto& c : r.rects) {
    const bool apart = c.x + c.width <= box.x || box.x + box.width <= c.x || c.y + c.height <= box.y ||
                       box.y + box.height <= c.y;
    CHECK(apart);
  }
  CHECK_THROWS_AS(heat_map(rows, cols, {1, 2, 3}), InvalidInput);
  CHECK_THROWS_AS(heat_map(rows, cols, values, {"a"}), InvalidInput);
}

TEST_CASE("Timelines place items at their day, one row per group, labels without overlap", "[charts]") {
  std::vector<TimelineItem> items;
  items.push_back({"e1", "Lancement à Fronton", "Cohorte Occitanie", Date::from_ymd(2024, 5, 7), std::nullopt, {}});
  items.push_back({"e2", "Rencontres TOTEn", "Cohorte Occitanie", Date::from_ymd(2024, 6, 27), std::nullopt, {}});
  items.push_back({"e3", "Lancement à Saint-Dizier", "Cohorte Grand Est", Date::from_ymd(2024, 10, 18), std::nullopt,
                   {{"lieu", "Saint-Dizier"}}});
  items.push_back({"e4", "Webinaire", "Cohorte Grand Est", Date::from_ymd(2024, 10, 18), Date::from_ymd(2024, 10, 30), {}});
  TimelineOptions o;
  o.month_names = {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."};
  const Representation r = timeline(items, o);
  REQUIRE(r.nodes.size() == 4);
  // Time runs left to right, proportionally: 7 May → 27 June is 51 days, 27 June → 18 October 113.
  const double a = r.nodes[0].x, b = r.nodes[1].x, c = r.nodes[2].x;
  CHECK((c - b) / (b - a) == Approx(113.0 / 51.0).epsilon(1e-9));
  // One row per group, in order of appearance; items of a row and day are stacked.
  CHECK(r.nodes[0].y == r.nodes[1].y);
  CHECK(r.nodes[2].y > r.nodes[0].y);
  CHECK(r.nodes[3].x == r.nodes[2].x);
  CHECK(r.nodes[3].y != r.nodes[2].y);
  // The span of e4 is drawn as a bar from its start to its end.
  bool span = false;
  for (const auto& rect : r.rects) span = span || (rect.label == "Webinaire" && rect.width > 5);
  CHECK(span);
  CHECK(has_text(r, "mai"));
  CHECK(has_text(r, "2024"));
  CHECK(r.metadata.find("from")->as_string() == "2024-05-01");
  CHECK(r.metadata.find("to")->as_string() == "2024-10-31");
  const auto stats = render::label_overlap(r);
  CHECK(stats.overlapping_pairs == 0);
  CHECK(r.nodes[2].tooltip.size() == 1);
}

TEST_CASE("Timelines refuse duplicate keys and reversed spans, and count items left out", "[charts]") {
  std::vector<TimelineItem> items = {{"x", "a", "g", Date::from_ymd(2024, 1, 1), std::nullopt, {}},
                                     {"x", "b", "g", Date::from_ymd(2024, 2, 1), std::nullopt, {}}};
  CHECK_THROWS_AS(timeline(items), InvalidInput);
  items[1].key = std::string("y");
  items[1].end = Date::from_ymd(2023, 1, 1);
  CHECK_THROWS_AS(timeline(items), InvalidInput);
  items[1].end.reset();
  TimelineOptions o;
  o.from = Date::from_ymd(2024, 1, 15);
  o.to = Date::from_ymd(2024, 12, 31);
  const Representation r = timeline(items, o);
  CHECK(r.nodes.size() == 1);
  CHECK(r.metadata.find("outside")->as_int() == 1);
  o.month_names = {"only one"};
  CHECK_THROWS_AS(timeline(items, o), InvalidInput);
}

TEST_CASE("Charts are deterministic and round-trip through JSON and the writers", "[charts]") {
  auto data = bars({{"<script>", 3}, {"\"&", 1}});
  const Representation a = bar_chart(data), b = bar_chart(data);
  CHECK(a == b);
  CHECK(from_json(to_json(a)) == a);
  const std::string svg = render::to_svg(a);
  CHECK(svg == render::to_svg(b));
  CHECK(svg.find("<script>") == std::string::npos);  // labels are escaped
  CHECK(svg.find("&lt;script&gt;") != std::string::npos);
  const Representation h = heat_map({"a"}, {"b"}, {1.0});
  CHECK(from_json(to_json(h)) == h);
}

TEST_CASE("Compass vertices lie on their spokes at the score's fraction of the radius", "[charts]") {
  const std::vector<std::string> dims{"trajectoire", "communiquer", "récits", "coopération"};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<CompassSeries> series{{"a", "A", {1, 2, 3, 4}, ""}, {"b", "B", {4, nan, 0, 2}, "#123456"}};
  CompassOptions o;
  o.maximum = 4;
  o.missing_label = "non renseigné";
  const Representation r = compass(dims, series, o);
  // The spokes start at the centre; with four dimensions they point up, right, down, left.
  std::vector<const Shape*> spokes;
  for (const auto& s : r.shapes)
    if (s.group == "compass-spoke") spokes.push_back(&s);
  REQUIRE(spokes.size() == 4);
  const auto [cx, cy] = spokes[0]->rings[0][0];
  const double radius = cy - spokes[0]->rings[0][1].second;
  CHECK(radius > 0);
  CHECK(spokes[1]->rings[0][1].first == Approx(cx + radius));
  CHECK(spokes[2]->rings[0][1].second == Approx(cy + radius));
  CHECK(spokes[3]->rings[0][1].first == Approx(cx - radius));
  const auto& a2 = r.nodes[r.node_index("a/communiquer")];  // right, half way
  CHECK(a2.x == Approx(cx + radius / 2));
  CHECK(a2.y == Approx(cy).margin(1e-9));
  const auto& a3 = r.nodes[r.node_index("a/récits")];  // down, three quarters
  CHECK(a3.y == Approx(cy + radius * 0.75));
  const auto& b3 = r.nodes[r.node_index("b/récits")];  // a zero score sits at the centre
  CHECK(b3.x == Approx(cx).margin(1e-9));
  CHECK(b3.y == Approx(cy).margin(1e-9));
  CHECK(b3.colour == "#123456");
  CHECK_THROWS_AS(r.node_index("b/communiquer"), NotFound);  // not scored: no vertex
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0] == "B : non renseigné (communiquer)");
  REQUIRE(r.legend.size() == 2);
  // The legend's box is right of everything the compass draws.
  const render::Box legend = render::legend_box(r);
  for (const auto* s : spokes) CHECK(s->rings[0][1].first < legend.x);
  CHECK(from_json(to_json(r)) == r);
}

TEST_CASE("Compass refuses what it cannot draw, naming the series and the dimension", "[charts]") {
  const std::vector<std::string> dims{"x", "y", "z"};
  auto message = [](auto&& call) { return test::thrown<InvalidInput>(call); };
  CHECK(message([&] { compass({"x", "y"}, {}); }).find("at least 3 dimensions") != std::string::npos);
  CHECK(message([&] { compass({"x", "y", "x"}, {}); }).find("duplicate dimension 'x'") != std::string::npos);
  CHECK(message([&] { compass(dims, {{"s", "", {1, 2}, ""}}); }).find("'s' has 2 scores for 3") != std::string::npos);
  CompassOptions o;
  o.maximum = 2;
  CHECK(message([&] { compass(dims, {{"s", "", {1, 3, 2}, ""}}, o); }).find("'s', dimension 'y': score 3") !=
        std::string::npos);
  o.minimum = 2;
  CHECK(message([&] { compass(dims, {}, o); }).find("must be above the minimum") != std::string::npos);
  CHECK(message([&] {
          compass(dims, {{"s", "", {1, std::numeric_limits<double>::infinity(), 2}, ""}});
        }).find("infinite") != std::string::npos);
  // No series: the empty frame of a compass, not an error.
  CHECK(compass(dims, {}).nodes.empty());
}
