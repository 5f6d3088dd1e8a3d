#include "maillage/systemic/interviews.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "maillage/algo/centrality.hpp"
#include "maillage/core/builder.hpp"
#include "maillage/core/error.hpp"
#include "maillage/view/view.hpp"
#include "maillage/render/labels.hpp"
#include "model_pictures.hpp"

namespace maillage::systemic {

namespace {

using Point = std::pair<double, double>;

constexpr double kTitleSpace = 44;
constexpr std::array<const char*, 4> kFour = {"elus", "agents", "etat", "socio_economique"};
constexpr std::array<const char*, 4> kFourColours = {"#0072B2", "#E69F00", "#CC79A7", "#009E73"};
constexpr std::array<const char*, 6> kOtherColours = {"#56B4E9", "#D55E00", "#8c8c8c", "#000000", "#8c6d31", "#7b4173"};

/// Lower-case ASCII letters only: accented Latin letters lose their accent, everything else
/// (spaces, "·", "-", "(", digits) is dropped.
std::string letters(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {
      const auto d = static_cast<unsigned char>(text[++i]) | 0x20;  // lower case: 0xA0–0xBF
      if (d >= 0xA0 && d <= 0xA6) out += 'a';
      else if (d == 0xA7) out += 'c';
      else if (d >= 0xA8 && d <= 0xAB) out += 'e';
      else if (d >= 0xAC && d <= 0xAF) out += 'i';
      else if (d >= 0xB2 && d <= 0xB6) out += 'o';
      else if (d >= 0xB9 && d <= 0xBC) out += 'u';
      continue;
    }
    if (c >= 0x80) continue;
    if (std::isalpha(c)) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string trim(std::string_view text) {
  const auto a = text.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return {};
  const auto b = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(a, b - a + 1));
}

std::string number_text(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", v);
  return buffer;
}

/// Betweenness of the undirected, unweighted citation graph (`adjacent`: neighbours of each
/// actor), each pair of ends counted once: the library's kernel on a View of it.
std::vector<double> betweenness(const std::vector<std::vector<std::size_t>>& adjacent) {
  const std::size_t n = adjacent.size();
  GraphBuilder builder;
  for (std::size_t i = 0; i < n; ++i) builder.add_node(std::to_string(i));
  for (std::size_t u = 0; u < n; ++u)
    for (std::size_t v : adjacent[u])
      if (u < v) builder.add_edge(std::to_string(u), std::to_string(v), "cooperates_with");
  const Graph graph = std::move(builder).build();
  const View view(graph, ViewOptions{});
  algo::BetweennessOptions options;
  options.normalized = false;  // raw counts, halved on an undirected view: each pair once
  options.threads = 1;
  const auto result = algo::betweenness_centrality(view, options);
  std::vector<double> out(n, 0.0);
  for (std::uint32_t i = 0; i < view.number_of_nodes(); ++i) out[view.node(i)] = result.values[i];
  return out;
}

}  // namespace

std::string family_id(std::string_view family) {
  const std::string s = letters(family);
  if (s == "elu" || s == "elus" || s == "elue" || s == "elues") return "elus";
  if (s == "agent" || s == "agents" || s == "agente" || s == "agentes") return "agents";
  if (s == "etat" || s == "etats" || ends_with(s, "etatterritorial") || ends_with(s, "deletat")) return "etat";
  if (ends_with(s, "socioeconomique") || ends_with(s, "socioeconomiques")) return "socio_economique";
  return trim(family);
}

InterviewTexts interview_texts(std::string_view lang) {
  InterviewTexts t;
  if (lang == "fr") {
    t = InterviewTexts{"élu·es", "agent·es", "État territorial", "acteur·ices socio-économiques", "autres",
                       "famille", "cité·e par", "cite", "intensité", "intermédiarité", "interviewé·e", "oui",
                       "les plus cité·es (cerclé·es)", "passeur·euses (losanges)", "thèmes"};
  } else if (lang == "en") {
    t = InterviewTexts{"elected officials", "local government staff", "territorial State", "socio-economic actors",
                       "others", "family", "cited by", "cites", "strength", "betweenness", "interviewed", "yes",
                       "most cited (ringed)", "brokers (diamonds)", "themes"};
  } else {
    throw InvalidInput("actor map from interviews: unknown language '" + std::string(lang) + "' (fr or en)");
  }
  return t;
}

Representation actor_map_from_interviews(const std::vector<Mention>& mentions, const std::vector<InterviewActor>& actors,
                                         const InterviewMapOptions& options) {
  const InterviewTexts& tx = options.texts;
  const std::size_t n = actors.size();
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < n; ++i) {
    if (actors[i].key.empty()) throw InvalidInput("actor map from interviews: actor " + std::to_string(i + 1) + " has an empty key");
    if (!index.emplace(actors[i].key, i).second)
      throw InvalidInput("actor map from interviews: duplicate actor '" + actors[i].key + "'");
  }
  // Pairs (interviewee, cited) with their summed strength and themes.
  struct Pair {
    double strength = 0;
    std::vector<std::string> themes;
  };
  std::map<std::pair<std::size_t, std::size_t>, Pair> pairs;
  std::vector<bool> interviewed(n, false);
  for (std::size_t m = 0; m < mentions.size(); ++m) {
    const auto& x = mentions[m];
    const std::string where = "actor map from interviews: mention " + std::to_string(m + 1) + " (" + x.interviewee +
                              " → " + x.cited + ")";
    const auto a = index.find(x.interviewee), b = index.find(x.cited);
    if (a == index.end()) throw InvalidInput(where + ": unknown interviewee '" + x.interviewee + "' (not among the actors)");
    if (b == index.end()) throw InvalidInput(where + ": unknown actor '" + x.cited + "' (not among the actors)");
    if (a->second == b->second) throw InvalidInput(where + ": an interviewee citing themself");
    if (!std::isfinite(x.strength) || x.strength <= 0)
      throw InvalidInput(where + ": strength " + number_text(x.strength) + " must be finite and > 0");
    Pair& p = pairs[{a->second, b->second}];
    p.strength += x.strength;
    if (!x.theme.empty() && std::find(p.themes.begin(), p.themes.end(), x.theme) == p.themes.end())
      p.themes.push_back(x.theme);
    interviewed[a->second] = true;
  }
  // Per actor: citations (distinct interviewees), strength, who cites whom.
  std::vector<std::size_t> cited(n, 0);
  std::vector<double> strength(n, 0.0);
  std::vector<std::vector<std::size_t>> cited_by(n), cites(n), adjacent(n);
  for (const auto& [ends, p] : pairs) {
    ++cited[ends.second];
    strength[ends.second] += p.strength;
    cited_by[ends.second].push_back(ends.first);
    cites[ends.first].push_back(ends.second);
    auto link = [&](std::size_t u, std::size_t v) {
      if (std::find(adjacent[u].begin(), adjacent[u].end(), v) == adjacent[u].end()) adjacent[u].push_back(v);
    };
    link(ends.first, ends.second);
    link(ends.second, ends.first);
  }
  for (auto& a : adjacent) std::sort(a.begin(), a.end());
  const std::vector<double> between = betweenness(adjacent);
  auto more_cited = [&](std::size_t a, std::size_t b) {
    if (cited[a] != cited[b]) return cited[a] > cited[b];
    if (strength[a] != strength[b]) return strength[a] > strength[b];
    return actors[a].key < actors[b].key;
  };
  std::vector<std::size_t> by_citations(n);
  std::iota(by_citations.begin(), by_citations.end(), 0);
  std::sort(by_citations.begin(), by_citations.end(), more_cited);
  std::vector<bool> highlighted(n, false), broker(n, false);
  for (std::size_t k = 0; k < std::min(options.most_cited, n); ++k)
    if (cited[by_citations[k]] > 0) highlighted[by_citations[k]] = true;
  {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (between[a] != between[b]) return between[a] > between[b];
      return actors[a].key < actors[b].key;
    });
    for (std::size_t k = 0; k < std::min(options.brokers, n); ++k)
      if (between[order[k]] > 1e-12) broker[order[k]] = true;
  }

  // Families: the four first, then the others in order of first appearance.
  std::vector<std::string> family(n);
  std::vector<std::string> families;
  for (const char* f : kFour)
    for (std::size_t i = 0; i < n; ++i)
      if (family_id(actors[i].family) == f) {
        families.emplace_back(f);
        break;
      }
  for (std::size_t i = 0; i < n; ++i) {
    family[i] = family_id(actors[i].family);
    if (std::find(families.begin(), families.end(), family[i]) == families.end()) families.push_back(family[i]);
  }
  std::map<std::string, std::string> colour_of, label_of;
  std::size_t others = 0;
  for (const auto& f : families) {
    const auto four = std::find(kFour.begin(), kFour.end(), f);
    if (four != kFour.end()) {
      const auto k = static_cast<std::size_t>(four - kFour.begin());
      colour_of[f] = kFourColours[k];
      label_of[f] = k == 0 ? tx.elected : k == 1 ? tx.staff : k == 2 ? tx.state : tx.socio_economic;
    } else {
      colour_of[f] = kOtherColours[others++ % kOtherColours.size()];
      label_of[f] = f.empty() ? tx.other : f;
    }
  }

  Representation r;
  r.title = options.title;
  r.metadata.set("builder", "actor_map_from_interviews");
  std::map<std::string, std::size_t> family_size;
  for (const auto& f : family) ++family_size[f];
  for (const auto& f : families) {
    r.groups.push_back(Group{f.empty() ? "autres" : f, label_of[f], colour_of[f], "circle"});
    r.legend.push_back(LegendEntry{label_of[f] + " (" + std::to_string(family_size[f]) + ")", "circle", colour_of[f],
                                   r.groups.back().id});
  }
  r.legend.push_back(LegendEntry{tx.most_cited, "circle", "#222222", ""});
  r.legend.push_back(LegendEntry{tx.broker, "diamond", "#8c8c8c", ""});

  // The ring: one sector per family (a free slot between sectors), most cited first in each.
  std::vector<std::size_t> ring;
  for (const auto& f : families) {
    std::vector<std::size_t> members;
    for (std::size_t i : by_citations)
      if (family[i] == f) members.push_back(i);
    ring.insert(ring.end(), members.begin(), members.end());
    ring.push_back(n);  // the gap
  }
  const double slots = static_cast<double>(ring.size());
  const double pi = std::acos(-1.0);
  const double radius = std::max(220.0, slots * 30 / (2 * pi));
  double label_w = 0;
  for (const auto& a : actors) label_w = std::max(label_w, render::text_width(a.label.empty() ? a.key : a.label, 11));
  const double top = (options.title.empty() ? 16 : kTitleSpace) + 20;
  const double column = 40;  // from the ring to the labels' columns
  const double cx = 16 + label_w + column + radius;
  const double cy = top + 16 + radius;
  r.width = cx + radius + column + label_w + 24;
  r.height = cy + radius + 40;
  const render::Box legend_probe = render::legend_box(r);
  r.width += legend_probe.width + 10;
  r.height = std::max(r.height, top + legend_probe.height + 20);

  std::vector<Point> at(n);
  std::vector<double> angle(n);
  for (std::size_t s = 0; s < ring.size(); ++s) {
    if (ring[s] == n) continue;
    const double a = -pi / 2 + 2 * pi * (static_cast<double>(s) + 0.5) / slots;
    angle[ring[s]] = a;
    at[ring[s]] = {cx + radius * std::cos(a), cy + radius * std::sin(a)};
  }
  // Sector arcs just outside the ring.
  std::size_t s0 = 0;
  for (const auto& f : families) {
    std::size_t s1 = s0;
    while (ring[s1] != n) ++s1;
    std::vector<Point> arc;
    const double a0 = -pi / 2 + 2 * pi * static_cast<double>(s0) / slots, a1 = -pi / 2 + 2 * pi * static_cast<double>(s1) / slots;
    for (int k = 0; k <= 24; ++k) {
      const double a = a0 + (a1 - a0) * k / 24;
      arc.emplace_back(cx + (radius + 16) * std::cos(a), cy + (radius + 16) * std::sin(a));
    }
    Shape band = detail::polyline(arc, colour_of[f], 6, "family-sector", f.empty() ? "autres" : f, label_of[f]);
    band.opacity = 0.5;
    r.shapes.push_back(std::move(band));
    s0 = s1 + 1;
  }

  // Edges, thickest for the strongest pairs, under the nodes.
  double strongest = 0;
  for (const auto& [ends, p] : pairs) strongest = std::max(strongest, p.strength);
  for (const auto& [ends, p] : pairs) {
    Edge e;
    e.source = actors[ends.first].key;
    e.target = actors[ends.second].key;
    e.relation = "cites";
    e.kind = "mention";
    e.weight = p.strength;
    e.width = 0.5 + 1.3 * p.strength / strongest;
    e.colour = colour_of[family[ends.first]];
    e.directed = true;
    e.opacity = 0.4;
    e.tooltip.emplace_back(tx.strength, number_text(p.strength));
    if (!p.themes.empty()) {
      std::string themes;
      for (const auto& t : p.themes) themes += (themes.empty() ? "" : ", ") + t;
      e.tooltip.emplace_back(tx.themes, themes);
    }
    r.edges.push_back(std::move(e));
  }

  auto names = [&](const std::vector<std::size_t>& list) {
    std::vector<std::size_t> sorted = list;
    std::sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) { return actors[a].key < actors[b].key; });
    std::string out;
    for (std::size_t i : sorted) {
      if (!out.empty()) out += ", ";
      out += actors[i].label.empty() ? actors[i].key : actors[i].label;
    }
    return out;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const auto& a = actors[i];
    Node node;
    node.key = a.key;
    node.label = a.label.empty() ? a.key : a.label;
    node.kind = interviewed[i] ? "interviewee" : "actor";
    node.group = family[i].empty() ? "autres" : family[i];
    node.role = broker[i] ? "broker" : "";
    node.scale = a.scale;
    node.size = 4 + 2.4 * std::sqrt(static_cast<double>(cited[i]));
    node.colour = colour_of[family[i]];
    node.shape = broker[i] ? "diamond" : "circle";
    node.x = at[i].first;
    node.y = at[i].second;
    node.font_size = 11;
    node.tooltip.emplace_back(tx.family, label_of[family[i]]);
    node.tooltip.emplace_back(tx.cited_by, std::to_string(cited[i]));
    if (!cited_by[i].empty()) node.tooltip.emplace_back(tx.cited_by, names(cited_by[i]));
    if (!cites[i].empty()) node.tooltip.emplace_back(tx.cites, names(cites[i]));
    node.tooltip.emplace_back(tx.betweenness, number_text(between[i]));
    if (interviewed[i]) node.tooltip.emplace_back(tx.interviewed, tx.yes);
    for (const auto& f : a.tooltip) node.tooltip.push_back(f);
    if (highlighted[i]) {
      Shape halo;
      halo.key = a.key;
      halo.group = "most-cited";
      halo.stroke = "#222222";
      halo.stroke_width = 1.8;
      halo.rings.emplace_back();
      for (int k = 0; k < 36; ++k)
        halo.rings.back().emplace_back(node.x + (node.size + 3.5) * std::cos(2 * pi * k / 36),
                                       node.y + (node.size + 3.5) * std::sin(2 * pi * k / 36));
      r.shapes.push_back(std::move(halo));
    }
    r.nodes.push_back(std::move(node));
  }

  // Labels in two columns beside the ring, in the order of their marks, on leader lines.
  for (int side = 0; side < 2; ++side) {
    std::vector<std::pair<double, std::size_t>> wanted;
    for (std::size_t i = 0; i < n; ++i)
      if ((std::cos(angle[i]) >= 0) == (side == 0)) wanted.emplace_back(at[i].second, i);
    std::stable_sort(wanted.begin(), wanted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const auto ys = detail::spread(wanted, 15, top + 6, r.height - 12);
    for (std::size_t k = 0; k < wanted.size(); ++k) {
      Node& node = r.nodes[wanted[k].second];
      const double x = side == 0 ? cx + radius + column : cx - radius - column;
      node.label_x = x;
      node.label_y = ys[k] + 0.35 * node.font_size;
      node.label_anchor = side == 0 ? "start" : "end";
      node.label_visible = true;
      const double a = angle[wanted[k].second];
      const Point out{cx + (radius + node.size + 2) * std::cos(a), cy + (radius + node.size + 2) * std::sin(a)};
      const Point bend{cx + (radius + 24) * std::cos(a), cy + (radius + 24) * std::sin(a)};
      const Point end{side == 0 ? x - 3 : x + 3, ys[k]};
      r.shapes.push_back(detail::polyline({out, bend, end}, "#9a9a9a", 0.7, "leader", node.key, ""));
    }
  }

  // The table of who cites whom, most cited first.
  Json::Array table;
  for (std::size_t i : by_citations) {
    Json row(Json::Object{});
    row.set("key", actors[i].key);
    row.set("label", actors[i].label.empty() ? actors[i].key : actors[i].label);
    row.set("family", label_of[family[i]]);
    row.set("cited", Json(static_cast<std::int64_t>(cited[i])));
    row.set("strength", Json(strength[i]));
    Json::Array by, to;
    for (std::size_t j : cited_by[i]) by.push_back(Json(actors[j].key));
    for (std::size_t j : cites[i]) to.push_back(Json(actors[j].key));
    row.set("cited_by", Json(std::move(by)));
    row.set("cites", Json(std::move(to)));
    row.set("betweenness", Json(between[i]));
    row.set("interviewed", Json(static_cast<bool>(interviewed[i])));
    row.set("most_cited", Json(static_cast<bool>(highlighted[i])));
    row.set("broker", Json(static_cast<bool>(broker[i])));
    table.push_back(std::move(row));
  }
  r.metadata.set("citations", Json(std::move(table)));
  std::int64_t interviewees = 0;
  for (bool b : interviewed) interviewees += b;
  r.metadata.set("actors", Json(static_cast<std::int64_t>(n)));
  r.metadata.set("interviewees", Json(interviewees));
  r.metadata.set("mentions", Json(static_cast<std::int64_t>(mentions.size())));
  r.metadata.set("ring", Json(Json::Array{Json(cx), Json(cy), Json(radius)}));
  return r;
}

}  // namespace maillage::systemic
