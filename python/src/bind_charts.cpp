// Chart builders (bar charts, heat maps, timelines, compasses) and the transformation models (three
// horizons, two loops): the data and options cross as one JSON object, the Representation comes
// back as its canonical JSON text, like the other builders.
#include "common.hpp"
#include "maillage/systemic/charts.hpp"
#include "maillage/systemic/horizons.hpp"
#include "maillage/systemic/interviews.hpp"

namespace maillage_py {

namespace {

using systemic::Json;

std::string text_of(const Json& o, const char* key) {
  const Json* v = o.find(key);
  return v && !v->is_null() ? v->as_string(key) : std::string();
}
double number_of(const Json& o, const char* key, double fallback) {
  const Json* v = o.find(key);
  return v && !v->is_null() ? v->as_double(key) : fallback;
}
systemic::Fields fields_of(const Json& o, const char* key) {
  systemic::Fields out;
  const Json* v = o.find(key);
  if (!v || v->is_null()) return out;
  for (const auto& pair : v->as_array(key)) {
    const auto& a = pair.as_array(key);
    if (a.size() != 2) throw InvalidInput(std::string(key) + ": expected [field, value] pairs");
    out.emplace_back(a[0].as_string(key), a[1].as_string(key));
  }
  return out;
}
std::vector<std::string> strings_of(const Json& o, const char* key) {
  std::vector<std::string> out;
  const Json* v = o.find(key);
  if (!v || v->is_null()) return out;
  for (const auto& s : v->as_array(key)) out.push_back(s.as_string(key));
  return out;
}
std::optional<Date> date_of(const Json& o, const char* key) {
  const Json* v = o.find(key);
  if (!v || v->is_null()) return std::nullopt;
  return parse_date(v->as_string(key));
}

systemic::Representation chart(const std::string& kind, const Json& spec) {
  if (kind == "bar_chart") {
    std::vector<systemic::Bar> bars;
    for (const auto& b : spec.find("bars") ? spec.find("bars")->as_array("bars") : Json::Array{}) {
      systemic::Bar bar;
      bar.label = text_of(b, "label");
      bar.value = number_of(b, "value", 0);
      bar.text = text_of(b, "text");
      bar.colour = text_of(b, "colour");
      bar.tooltip = fields_of(b, "tooltip");
      bars.push_back(std::move(bar));
    }
    systemic::BarChartOptions o;
    o.title = text_of(spec, "title");
    o.value_label = text_of(spec, "value_label");
    if (const Json* h = spec.find("horizontal"); h && !h->is_null()) o.horizontal = h->as_bool("horizontal");
    if (auto c = text_of(spec, "colour"); !c.empty()) o.colour = c;
    o.width = number_of(spec, "width", 0);
    if (auto d = text_of(spec, "decimal_mark"); !d.empty()) o.decimal_mark = d;
    return systemic::bar_chart(bars, o);
  }
  if (kind == "heat_map") {
    std::vector<double> values;
    if (const Json* v = spec.find("values"))
      for (const auto& x : v->as_array("values"))
        values.push_back(x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.as_double("values"));
    systemic::HeatMapOptions o;
    o.title = text_of(spec, "title");
    o.row_label = text_of(spec, "row_label");
    o.column_label = text_of(spec, "column_label");
    o.value_label = text_of(spec, "value_label");
    o.width = number_of(spec, "width", 0);
    if (auto d = text_of(spec, "decimal_mark"); !d.empty()) o.decimal_mark = d;
    return systemic::heat_map(strings_of(spec, "rows"), strings_of(spec, "columns"), values, strings_of(spec, "texts"),
                              o);
  }
  if (kind == "timeline") {
    std::vector<systemic::TimelineItem> items;
    for (const auto& x : spec.find("items") ? spec.find("items")->as_array("items") : Json::Array{}) {
      systemic::TimelineItem it;
      it.key = text_of(x, "key");
      it.label = text_of(x, "label");
      it.group = text_of(x, "group");
      const auto start = date_of(x, "start");
      if (!start) throw InvalidInput("timeline: item '" + it.key + "' has no start day");
      it.start = *start;
      it.end = date_of(x, "end");
      it.tooltip = fields_of(x, "tooltip");
      items.push_back(std::move(it));
    }
    systemic::TimelineOptions o;
    o.title = text_of(spec, "title");
    o.month_names = strings_of(spec, "month_names");
    o.from = date_of(spec, "from");
    o.to = date_of(spec, "to");
    if (const Json* l = spec.find("labels"); l && !l->is_null()) o.labels = l->as_bool("labels");
    o.width = number_of(spec, "width", 0);
    return systemic::timeline(items, o);
  }
  if (kind == "compass") {
    std::vector<systemic::CompassSeries> series;
    for (const auto& x : spec.find("series") ? spec.find("series")->as_array("series") : Json::Array{}) {
      systemic::CompassSeries s;
      s.key = text_of(x, "key");
      s.label = text_of(x, "label");
      s.colour = text_of(x, "colour");
      if (const Json* v = x.find("scores"))
        for (const auto& score : v->as_array("scores"))
          s.scores.push_back(score.is_null() ? std::numeric_limits<double>::quiet_NaN() : score.as_double("scores"));
      series.push_back(std::move(s));
    }
    systemic::CompassOptions o;
    o.title = text_of(spec, "title");
    if (const Json* v = spec.find("minimum"); v && !v->is_null()) o.minimum = v->as_double("minimum");
    if (const Json* v = spec.find("maximum"); v && !v->is_null()) o.maximum = v->as_double("maximum");
    o.rings = static_cast<int>(number_of(spec, "rings", 0));
    if (const Json* f = spec.find("fill"); f && !f->is_null()) o.fill = f->as_bool("fill");
    o.width = number_of(spec, "width", 0);
    if (auto d = text_of(spec, "decimal_mark"); !d.empty()) o.decimal_mark = d;
    if (auto m = text_of(spec, "missing_label"); !m.empty()) o.missing_label = m;
    return systemic::compass(strings_of(spec, "dimensions"), series, o);
  }
  if (kind == "three_horizons") {
    std::vector<systemic::HorizonInitiative> items;
    for (const auto& x : spec.find("initiatives") ? spec.find("initiatives")->as_array("initiatives") : Json::Array{}) {
      systemic::HorizonInitiative it;
      it.key = text_of(x, "key");
      it.label = text_of(x, "label");
      it.horizon = static_cast<int>(number_of(x, "horizon", 0));
      it.start = parse_date(text_of(x, "start"));
      it.start_text = text_of(x, "start_text");
      if (auto end = text_of(x, "end"); !end.empty()) {
        it.end = parse_date(end, YearMeans::last_day);
        it.end_text = text_of(x, "end_text");
      }
      it.tooltip = fields_of(x, "tooltip");
      items.push_back(std::move(it));
    }
    systemic::ThreeHorizonsOptions o;
    o.title = text_of(spec, "title");
    if (auto lang = text_of(spec, "lang"); !lang.empty()) o.texts = systemic::three_horizons_texts(lang);
    if (auto from = text_of(spec, "from"); !from.empty()) o.from = parse_date(from);
    if (auto to = text_of(spec, "to"); !to.empty()) o.to = parse_date(to, YearMeans::last_day);
    o.width = number_of(spec, "width", 0);
    return systemic::three_horizons(items, o);
  }
  if (kind == "two_loops") {
    const systemic::TwoLoopsTexts en = systemic::two_loops_texts("en"), fr = systemic::two_loops_texts("fr");
    std::vector<systemic::LoopItem> items;
    for (const auto& x : spec.find("items") ? spec.find("items")->as_array("items") : Json::Array{}) {
      systemic::LoopItem it;
      it.key = text_of(x, "key");
      it.label = text_of(x, "label");
      std::string where = text_of(x, "where");
      if (where.empty()) {
        where = "item '";
        where += it.key;
        where += '\'';
      }
      const std::string role = text_of(x, "role");
      const auto parsed = systemic::parse_loop_role(role);
      if (!parsed) {
        std::string known;
        for (std::size_t k = 0; k < en.roles.size(); ++k) {
          known += k == 0 ? "" : (k == 2 ? " (old system); " : ", ");
          known += en.roles[k];
          known += '/';
          known += fr.roles[k];
        }
        known += " (new system)";
        throw InvalidInput("two_loops: " + where + ": role '" + role + "' is not a role of the two loops: " + known);
      }
      it.role = *parsed;
      if (auto loop = text_of(x, "loop"); !loop.empty() && (loop == "old") != systemic::on_old_loop(it.role)) {
        const std::size_t k = static_cast<std::size_t>(it.role);
        throw InvalidInput("two_loops: " + where + ": role '" + role + "' (" + en.roles[k] + "/" + fr.roles[k] +
                           ") belongs to the " + (systemic::on_old_loop(it.role) ? "old" : "new") +
                           " system's loop, not to the " + loop + " one");
      }
      it.tooltip = fields_of(x, "tooltip");
      items.push_back(std::move(it));
    }
    systemic::TwoLoopsOptions o;
    o.title = text_of(spec, "title");
    if (auto lang = text_of(spec, "lang"); !lang.empty()) o.texts = systemic::two_loops_texts(lang);
    o.width = number_of(spec, "width", 0);
    return systemic::two_loops(items, o);
  }
  if (kind == "actor_map_from_interviews") {
    std::vector<systemic::Mention> mentions;
    for (const auto& x : spec.find("mentions") ? spec.find("mentions")->as_array("mentions") : Json::Array{}) {
      systemic::Mention m;
      m.interviewee = text_of(x, "interviewee");
      m.cited = text_of(x, "cited");
      m.strength = number_of(x, "strength", 1);
      m.theme = text_of(x, "theme");
      mentions.push_back(std::move(m));
    }
    std::vector<systemic::InterviewActor> actors;
    for (const auto& x : spec.find("actors") ? spec.find("actors")->as_array("actors") : Json::Array{}) {
      systemic::InterviewActor a;
      a.key = text_of(x, "key");
      a.label = text_of(x, "label");
      a.family = text_of(x, "family");
      a.scale = text_of(x, "scale");
      a.tooltip = fields_of(x, "tooltip");
      actors.push_back(std::move(a));
    }
    systemic::InterviewMapOptions o;
    o.title = text_of(spec, "title");
    if (auto lang = text_of(spec, "lang"); !lang.empty()) o.texts = systemic::interview_texts(lang);
    o.most_cited = static_cast<std::size_t>(number_of(spec, "most_cited", 5));
    o.brokers = static_cast<std::size_t>(number_of(spec, "brokers", 5));
    return systemic::actor_map_from_interviews(mentions, actors, o);
  }
  throw InvalidInput("unknown chart '" + kind + "' (bar_chart, heat_map, timeline, compass, three_horizons, two_loops, actor_map_from_interviews)");
}

}  // namespace

void register_charts(py::module_& m) {
  m.def(
      "systemic_chart",
      [](const std::string& kind, const std::string& spec) {
        const Json parsed = Json::parse(spec);
        systemic::Representation r;
        {
          py::gil_scoped_release release;
          r = chart(kind, parsed);
        }
        return systemic::to_json(r);
      },
      py::arg("kind"), py::arg("spec"));
}

}  // namespace maillage_py
