#include "maillage/systemic/builders.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "maillage/algo/centrality.hpp"
#include "maillage/algo/interscale.hpp"
#include "maillage/core/error.hpp"
#include "maillage/render/labels.hpp"
#include "maillage/render/layout.hpp"
#include "maillage/view/view.hpp"

namespace maillage::systemic {

namespace {

struct GroupStyle {
  const char* id;
  const char* label;
  const char* colour;
};

// The families first (the report's "4 Fantastiques", then allies, funders, media, research),
// then the kinds used as groups for nodes without a family. Okabe–Ito based, readable in print.
constexpr GroupStyle known_groups[] = {
    {"elu", "Élu·es", "#0072B2"},
    {"agent", "Agent·es", "#56B4E9"},
    {"etat", "État territorial", "#D55E00"},
    {"socio_economique", "Acteur·ices socio-économiques", "#009E73"},
    {"allie", "Allié·es", "#E69F00"},
    {"financeur", "Financeurs", "#CC79A7"},
    {"media", "Médias", "#8E6C8A"},
    {"recherche", "Recherche", "#6B8E23"},
    {"person", "Personnes", "#7f7f7f"},
    {"organisation", "Organisations", "#9e9e9e"},
    {"territory", "Territoires", "#B8A98B"},
    {"programme", "Programmes", "#C44E52"},
    {"event", "Événements", "#AEC7E8"},
    {"resource", "Ressources", "#C5B0D5"},
};
constexpr const char* palette[] = {"#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948",
                                   "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC"};

const GroupStyle* find_group(std::string_view id) {
  for (const auto& g : known_groups)
    if (id == g.id) return &g;
  return nullptr;
}

const char* kind_shape(std::string_view kind) {
  if (kind == "person") return "circle";
  if (kind == "organisation") return "square";
  if (kind == "territory") return "hexagon";
  if (kind == "programme") return "diamond";
  if (kind == "event" || kind == "resource") return "triangle";
  return "circle";
}

std::string kind_label(std::string_view kind) {
  if (kind == "person") return "Personne";
  if (kind == "organisation") return "Organisation";
  if (kind == "territory") return "Territoire";
  if (kind == "programme") return "Programme";
  if (kind == "event") return "Événement";
  if (kind == "resource") return "Ressource";
  return std::string(kind);
}

std::string value_text(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return "";
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* l = std::get_if<StringList>(&v)) {
    std::string o;
    for (std::size_t i = 0; i < l->size(); ++i) o += (i ? ", " : "") + (*l)[i];
    return o;
  }
  if (auto* d = std::get_if<double>(&v)) {
    std::string o;
    append_shortest(o, *d);
    return o;
  }
  return to_display(v);
}

std::string attribute(const Graph& g, NodeId node, std::string_view name) {
  if (name == "kind") return g.kind(node);
  if (name == "key") return g.key(node);
  if (name == "scale") {
    ScaleRank r = g.scale(node);
    return r == no_scale ? "" : g.scales()[r].id;
  }
  const Column* c = g.node_attributes().find(name);
  if (!c) return "";
  return value_text(c->get(node));
}

/// The map under construction: chosen graph nodes, and their merged edges.
struct Selection {
  std::vector<NodeId> nodes;  // ascending graph ids
  std::map<NodeId, std::uint32_t> index;
  struct MapEdge {
    std::uint32_t u, v;
    RelationId relation;
    double weight;
    std::vector<std::string> contexts;
  };
  std::vector<MapEdge> edges;
};

void check_kinds(const Graph& g, const std::vector<std::string>& kinds) {
  for (const auto& k : kinds)
    if (std::find(g.kinds().begin(), g.kinds().end(), k) == g.kinds().end() && !kinds.empty()) {
      // A kind the graph lacks is allowed (an empty selection of it) only when it is well known.
      static const char* const known[] = {"person", "organisation", "territory", "programme", "event", "resource"};
      if (std::find(std::begin(known), std::end(known), k) == std::end(known))
        throw InvalidInput("unknown node kind " + quote(k));
    }
}

bool kind_allowed(const Graph& g, NodeId v, const std::vector<std::string>& kinds) {
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), g.kind(v)) != kinds.end();
}

/// Undirected adjacency over non-nesting edges between allowed nodes.
std::vector<std::vector<NodeId>> tie_adjacency(const Graph& g, const std::vector<std::string>& kinds,
                                               std::optional<NodeId> always) {
  std::vector<std::vector<NodeId>> adj(g.number_of_nodes());
  auto ok = [&](NodeId v) { return (always && *always == v) || kind_allowed(g, v, kinds); };
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
    if (g.relation(e).category == RelationCategory::nesting) continue;
    NodeId s = g.source(e), t = g.target(e);
    if (s == t || !ok(s) || !ok(t)) continue;
    adj[s].push_back(t);
    adj[t].push_back(s);
  }
  return adj;
}

std::vector<NodeId> select_nodes(const Graph& g, const std::optional<std::string>& focus, std::uint32_t radius,
                                 const std::vector<std::string>& kinds) {
  check_kinds(g, kinds);
  std::optional<NodeId> f;
  if (focus) f = g.id(*focus);
  auto adj = tie_adjacency(g, kinds, f);
  std::vector<NodeId> out;
  if (f) {
    std::vector<std::int64_t> dist(g.number_of_nodes(), -1);
    std::vector<NodeId> queue{*f};
    dist[*f] = 0;
    for (std::size_t h = 0; h < queue.size(); ++h) {
      NodeId u = queue[h];
      if (dist[u] >= static_cast<std::int64_t>(radius)) continue;
      for (NodeId v : adj[u])
        if (dist[v] < 0) {
          dist[v] = dist[u] + 1;
          queue.push_back(v);
        }
    }
    out = queue;
  } else {
    for (NodeId v = 0; v < g.number_of_nodes(); ++v)
      if (kind_allowed(g, v, kinds) && !adj[v].empty()) out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void collect_edges(const Graph& g, Selection& s, bool nesting) {
  s.index.clear();
  for (std::uint32_t i = 0; i < s.nodes.size(); ++i) s.index[s.nodes[i]] = i;
  std::map<std::tuple<std::uint32_t, std::uint32_t, RelationId>, std::size_t> merged;
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
    const Relation& rel = g.relation(e);
    if (rel.category == RelationCategory::nesting && !nesting) continue;
    auto si = s.index.find(g.source(e)), ti = s.index.find(g.target(e));
    if (si == s.index.end() || ti == s.index.end() || si->second == ti->second) continue;
    std::uint32_t u = si->second, v = ti->second;
    if (!rel.directed && u > v) std::swap(u, v);
    auto key = std::make_tuple(u, v, g.relation_id(e));
    auto it = merged.find(key);
    const std::string* context = g.context(e);
    if (it == merged.end()) {
      merged.emplace(key, s.edges.size());
      s.edges.push_back({u, v, g.relation_id(e), g.weight(e), {}});
      if (context) s.edges.back().contexts.push_back(*context);
    } else {
      auto& me = s.edges[it->second];
      me.weight += g.weight(e);
      if (context && std::find(me.contexts.begin(), me.contexts.end(), *context) == me.contexts.end())
        me.contexts.push_back(*context);
    }
  }
}

std::vector<double> size_values(const Graph& g, const Selection& s, const std::string& size_by) {
  const std::size_t n = s.nodes.size();
  std::vector<double> values(n, 1.0);
  if (size_by == "none" || size_by.empty()) return values;
  if (size_by == "degree") {
    std::fill(values.begin(), values.end(), 0.0);
    for (const auto& e : s.edges) {
      values[e.u] += 1;
      values[e.v] += 1;
    }
    return values;
  }
  if (size_by == "betweenness") {
    if (n < 3) return std::vector<double>(n, 0.0);
    ViewOptions vo;
    std::vector<std::string> keys;
    for (NodeId v : s.nodes) keys.push_back(g.key(v));
    vo.nodes = keys;
    vo.relations = {"tie", "affiliation"};
    vo.directed = false;
    View view(g, vo);
    algo::BetweennessOptions bo;
    bo.threads = 1;
    auto r = algo::betweenness_centrality(view, bo);
    for (std::uint32_t i = 0; i < view.number_of_nodes(); ++i) values[s.index.at(view.node(i))] = r.values[i];
    return values;
  }
  const Column* c = g.node_attributes().find(size_by);
  if (!c)
    throw InvalidInput("size_by " + quote(size_by) +
                       ": expected \"betweenness\", \"degree\", \"none\" or a numeric node attribute");
  if (c->type() != AttrType::int64 && c->type() != AttrType::float64)
    throw InvalidInput("size_by " + quote(size_by) + ": the attribute is not numeric");
  for (std::size_t i = 0; i < n; ++i) {
    Value v = c->get(s.nodes[i]);
    if (auto* d = std::get_if<double>(&v)) values[i] = std::isfinite(*d) ? std::max(*d, 0.0) : 0.0;
    else if (auto* k = std::get_if<std::int64_t>(&v)) values[i] = std::max<double>(static_cast<double>(*k), 0.0);
    else values[i] = 0;
  }
  return values;
}

std::string format_measure(double v) {
  std::string o;
  append_fixed(o, v, 4);
  return o;
}

/// Nodes, groups, legend and edges of the representation (positions come later).
Representation base(const Graph& g, Selection& s, const std::string& size_by, const std::string& group_by) {
  if (group_by.empty()) throw InvalidInput("group_by must name a node attribute, \"kind\" or \"scale\"");
  if (group_by != "kind" && group_by != "scale" && !g.node_attributes().has(group_by))
    throw InvalidInput("group_by " + quote(group_by) + ": no such node attribute");
  Representation r;
  const std::size_t n = s.nodes.size();
  std::vector<double> sizes = size_values(g, s, size_by);
  double max_size = 0;
  for (double v : sizes) max_size = std::max(max_size, v);
  // Groups in a fixed order: known families and kinds first, then others by id.
  std::vector<std::string> group_of(n);
  std::set<std::string> present;
  for (std::size_t i = 0; i < n; ++i) {
    std::string grp = attribute(g, s.nodes[i], group_by);
    if (grp.empty() && group_by == "family") grp = g.kind(s.nodes[i]);
    if (grp.empty()) grp = "autre";
    group_of[i] = grp;
    present.insert(grp);
  }
  std::vector<std::string> groups;
  for (const auto& kg : known_groups)
    if (present.count(kg.id)) groups.push_back(kg.id);
  for (const auto& p : present)
    if (!find_group(p)) groups.push_back(p);
  std::map<std::string, std::string> colour;
  std::size_t other = 0;
  for (const auto& grp : groups) {
    const GroupStyle* st = find_group(grp);
    Group gr;
    gr.id = grp;
    gr.label = st ? st->label : (grp == "autre" ? "Autres" : grp);
    gr.colour = st ? st->colour : palette[other++ % std::size(palette)];
    colour[grp] = gr.colour;
    r.groups.push_back(gr);
    r.legend.push_back(LegendEntry{gr.label, "circle", gr.colour, gr.id});
  }
  std::set<std::string> kinds_present;
  for (std::size_t i = 0; i < n; ++i) {
    NodeId v = s.nodes[i];
    Node node;
    node.key = g.key(v);
    node.label = attribute(g, v, "label");
    if (node.label.empty()) node.label = node.key;
    node.kind = g.kind(v);
    kinds_present.insert(node.kind);
    node.group = group_of[i];
    node.role = attribute(g, v, "role");
    if (node.role.empty()) node.role = attribute(g, v, "type");
    node.scale = attribute(g, v, "scale");
    double frac = max_size > 0 ? std::sqrt(sizes[i] / max_size) : 0.0;
    node.size = 4 + 12 * frac;
    node.font_size = 9 + 3 * frac;
    node.colour = colour[node.group];
    node.shape = kind_shape(node.kind);
    node.tooltip.emplace_back("type", kind_label(node.kind));
    for (const char* field : {"type", "family", "role", "organisation"}) {
      std::string value = attribute(g, v, field);
      if (!value.empty()) node.tooltip.emplace_back(std::string(field) == "type" ? "catégorie" : field, value);
    }
    if (!node.scale.empty()) {
      ScaleRank rank = g.scale(v);
      node.tooltip.emplace_back("échelle", g.scales()[rank].label);
    }
    if (size_by != "none" && !size_by.empty()) node.tooltip.emplace_back(size_by, format_measure(sizes[i]));
    node.tooltip.emplace_back("clé", node.key);
    r.nodes.push_back(std::move(node));
  }
  for (const char* k : {"person", "organisation", "territory", "programme", "event", "resource"})
    if (kinds_present.count(k)) r.legend.push_back(LegendEntry{kind_label(k), kind_shape(k), "#777777", ""});
  for (const auto& e : s.edges) {
    Edge edge;
    edge.source = r.nodes[e.u].key;
    edge.target = r.nodes[e.v].key;
    const Relation& rel = g.relations()[e.relation];
    edge.relation = rel.name;
    edge.directed = rel.directed;
    edge.weight = e.weight;
    edge.width = 0.8 + std::min(std::log1p(e.weight) * 0.8, 3.0);
    edge.kind = std::string(category_name(rel.category));
    for (const auto& c : e.contexts) {
      auto ctx = g.find(c);
      edge.tooltip.emplace_back("contexte", ctx ? attribute(g, *ctx, "label") : c);
    }
    r.edges.push_back(std::move(edge));
  }
  return r;
}

/// Width the SVG writer gives the legend box, plus its margin: the layouts keep clear of it.
double legend_room(const Representation& r) {
  double width = 0;
  for (const auto& e : r.legend) width = std::max(width, render::text_width(e.label, 10));
  return r.legend.empty() ? 20 : width + 34 + 30;
}

render::LayoutGraph layout_graph(const Selection& s) {
  render::LayoutGraph lg;
  lg.n = static_cast<std::uint32_t>(s.nodes.size());
  for (const auto& e : s.edges) {
    lg.edges.emplace_back(e.u, e.v);
    lg.weights.push_back(e.weight > 0 ? e.weight : 1.0);
  }
  return lg;
}

/// Ranks for ordering nodes: by group (in the groups' order), then decreasing size, then key.
std::vector<std::uint32_t> group_order(const Representation& r, std::vector<std::uint32_t>* group_index = nullptr) {
  std::map<std::string, std::uint32_t> gi;
  for (std::uint32_t i = 0; i < r.groups.size(); ++i) gi.emplace(r.groups[i].id, i);
  std::vector<std::uint32_t> idx(r.nodes.size());
  for (std::uint32_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Node &x = r.nodes[a], &y = r.nodes[b];
    if (gi[x.group] != gi[y.group]) return gi[x.group] < gi[y.group];
    if (x.size != y.size) return x.size > y.size;
    return x.key < y.key;
  });
  std::vector<std::uint32_t> rank(idx.size());
  for (std::uint32_t i = 0; i < idx.size(); ++i) rank[idx[i]] = i;
  if (group_index) {
    group_index->resize(r.nodes.size());
    for (std::size_t i = 0; i < r.nodes.size(); ++i) (*group_index)[i] = gi[r.nodes[i].group];
  }
  return rank;
}

void apply_layout(Representation& r, const Selection& s, const std::string& layout, std::uint64_t seed,
                  std::optional<std::uint32_t> focus) {
  auto lg = layout_graph(s);
  render::Layout pos;
  if (layout == "force") {
    render::ForceOptions fo;
    fo.seed = seed;
    pos = render::force_directed(lg, fo);
  } else if (layout == "kamada_kawai") {
    render::KamadaKawaiOptions ko;
    ko.seed = seed;
    pos = render::kamada_kawai(lg, ko);
  } else if (layout == "concentric") {
    if (!focus) throw InvalidInput("layout \"concentric\" needs a focus");
    pos = render::concentric(lg, *focus, group_order(r));
  } else if (layout == "sectors") {
    std::vector<std::uint32_t> gi;
    auto rank = group_order(r, &gi);
    pos = render::sectors(gi, rank);
  } else {
    throw InvalidInput("unknown layout " + quote(layout) +
                       " (expected \"force\", \"kamada_kawai\", \"concentric\" or \"sectors\")");
  }
  render::fit(pos, 40, 60, r.width - legend_room(r), r.height - 40);
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    r.nodes[i].x = pos.x[i];
    r.nodes[i].y = pos.y[i];
  }
  if (layout == "sectors") {  // group names just outside the rim of their sector
    double cx = 0, cy = 0;
    for (const auto& n : r.nodes) {
      cx += n.x / static_cast<double>(r.nodes.size());
      cy += n.y / static_cast<double>(r.nodes.size());
    }
    for (const auto& gr : r.groups) {
      double sx = 0, sy = 0, reach = 0;
      int count = 0;
      for (const auto& n : r.nodes)
        if (n.group == gr.id) {
          sx += n.x - cx;
          sy += n.y - cy;
          ++count;
        }
      double d = std::hypot(sx, sy);
      if (count == 0 || d <= 0) continue;
      double ux = sx / d, uy = sy / d;
      for (const auto& n : r.nodes)
        if (n.group == gr.id) reach = std::max(reach, (n.x - cx) * ux + (n.y - cy) * uy + n.size);
      const char* anchor = ux > 0.35 ? "start" : (ux < -0.35 ? "end" : "middle");
      const double tw = render::text_width(gr.label, 13);
      const double lo = anchor[0] == 'e' ? tw + 8 : (anchor[0] == 'm' ? tw / 2 + 8 : 8);
      const double hi = r.width - (anchor[0] == 's' ? tw + 8 : (anchor[0] == 'm' ? tw / 2 + 8 : 8));
      double ax = std::clamp(cx + ux * (reach + 18), lo, std::max(lo, hi));
      double ay = std::clamp(cy + uy * (reach + 18), 50.0, r.height - 12);
      r.annotations.push_back(Annotation{ax, ay, gr.label, anchor, 13, "#555555"});
    }
  }
}

void finish(Representation& r, const Graph& g, const char* builder, Json options) {
  render::place_labels(r);
  r.metadata.set("builder", builder);
  r.metadata.set("options", std::move(options));
  auto it = g.metadata().find("name");
  if (it != g.metadata().end()) r.metadata.set("graph", value_text(it->second));
  r.metadata.set("nodes", static_cast<std::int64_t>(r.nodes.size()));
  r.metadata.set("edges", static_cast<std::int64_t>(r.edges.size()));
}

Json focus_json(const std::optional<std::string>& focus) { return focus ? Json(*focus) : Json(); }

Json strings_json(const std::vector<std::string>& v) {
  Json::Array a;
  for (const auto& s : v) a.push_back(Json(s));
  return Json(std::move(a));
}

}  // namespace

std::string group_label(std::string_view id) {
  const GroupStyle* st = find_group(id);
  return st ? st->label : std::string(id);
}

Representation actor_map(const Graph& g, const ActorMapOptions& o) {
  Selection s;
  s.nodes = select_nodes(g, o.focus, o.radius, o.kinds);
  collect_edges(g, s, false);
  Representation r = base(g, s, o.size_by, o.group_by);
  std::optional<std::uint32_t> focus;
  if (o.focus) focus = s.index.at(g.id(*o.focus));
  apply_layout(r, s, o.layout, o.seed, focus);
  r.title = o.title;
  if (r.title.empty()) {
    r.title = "Carte des acteur·ices";
    if (o.focus) r.title += " — " + attribute(g, g.id(*o.focus), "label");
  }
  if (focus) {
    r.nodes[*focus].size = std::max(r.nodes[*focus].size, 12.0);
    r.nodes[*focus].font_size = 13;
  }
  r.notes.push_back("Taille : " + (o.size_by == "none" ? std::string("constante") : o.size_by) +
                    " ; couleur : " + o.group_by + " ; disposition : " + o.layout + " (graine " +
                    std::to_string(o.seed) + ").");
  Json opt(Json::Object{});
  opt.set("focus", focus_json(o.focus));
  opt.set("radius", o.radius);
  opt.set("size_by", o.size_by);
  opt.set("group_by", o.group_by);
  opt.set("seed", static_cast<std::int64_t>(o.seed));
  opt.set("layout", o.layout);
  opt.set("kinds", strings_json(o.kinds));
  finish(r, g, "actor_map", std::move(opt));
  return r;
}

Representation interscale_map(const Graph& g, const InterscaleMapOptions& o) {
  Selection s;
  s.nodes = select_nodes(g, o.focus, o.radius, o.kinds);
  if (o.containers) {
    std::set<NodeId> all(s.nodes.begin(), s.nodes.end());
    for (NodeId v : s.nodes)
      if (g.kind(v) == "territory")
        for (NodeId a : g.ancestors(v)) all.insert(a);
    s.nodes.assign(all.begin(), all.end());
  }
  collect_edges(g, s, true);
  Representation r = base(g, s, o.size_by, o.group_by);
  const std::size_t n = s.nodes.size();
  // Classification of ties by the inter-scale module: each end's scale as algo::ScaleResolver
  // resolves it (its own scale, else that of the territory it represents or is located in;
  // unknown when ambiguous). Only ties (relations of category `tie`) are vertical or horizontal;
  // part_of edges are nesting guides and the other affiliations plain links.
  const algo::ScaleResolver resolver(g);
  const auto& scale_of = resolver.scales();
  std::size_t vertical = 0, horizontal = 0, unscaled = 0, guides = 0, affiliations = 0, missing = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> nesting;
  for (std::size_t e = 0; e < r.edges.size(); ++e) {
    Edge& edge = r.edges[e];
    const auto& me = s.edges[e];
    const ScaleRank a = scale_of[s.nodes[me.u]], b = scale_of[s.nodes[me.v]];
    if (edge.relation == part_of) {
      edge.kind = "guide";
      edge.colour = "#b5b5b5";
      edge.width = 0.7;
      edge.opacity = 0.45;
      edge.directed = false;
      nesting.emplace_back(me.u, me.v);
      ++guides;
    } else if (g.relations()[me.relation].category != RelationCategory::tie) {
      edge.kind = "affiliation";
      edge.colour = "#a89f8c";
      edge.width = 0.8;
      edge.opacity = 0.5;
      ++affiliations;
    } else if (a == no_scale || b == no_scale) {
      edge.kind = "unscaled";
      edge.colour = "#8c8c8c";
      edge.style = "dotted";
      ++unscaled;
    } else if (a != b) {
      edge.kind = "vertical";
      edge.colour = "#C0392B";
      edge.opacity = 0.7;
      ++vertical;
    } else {
      edge.kind = "horizontal";
      edge.colour = "#2E6DB4";
      edge.opacity = 0.7;
      ++horizontal;
    }
  }
  // Missing vertical links (algo::missing_vertical_links on the graph's ties, two hops): a
  // territory with a tie and no short path to a container present in the graph, drawn dashed when
  // both are on the map.
  {
    ViewOptions ties;
    ties.relations = {"tie"};
    const View tie_view = g.view(ties);
    const auto links = algo::missing_vertical_links(tie_view, resolver);
    for (std::size_t k = 0; k < links.territory.size(); ++k) {
      const auto t = s.index.find(links.territory[k]);
      const auto c = s.index.find(links.container[k]);
      if (t == s.index.end() || c == s.index.end()) continue;
      Edge edge;
      edge.source = r.nodes[t->second].key;
      edge.target = r.nodes[c->second].key;
      edge.relation = "missing_vertical_link";
      edge.kind = "missing";
      edge.colour = "#C0392B";
      edge.style = "dashed";
      edge.width = 1.2;
      edge.opacity = 0.8;
      edge.tooltip.emplace_back("lien manquant", "aucun lien de coopération en deux pas ou moins vers ce territoire englobant");
      r.edges.push_back(std::move(edge));
      ++missing;
    }
  }
  r.legend.push_back(LegendEntry{"Lien vertical (échelles différentes)", "line", "#C0392B", ""});
  r.legend.push_back(LegendEntry{"Lien horizontal (même échelle)", "line", "#2E6DB4", ""});
  if (unscaled) r.legend.push_back(LegendEntry{"Lien sans échelle connue", "dotted", "#8c8c8c", ""});
  if (guides) r.legend.push_back(LegendEntry{"Emboîtement (part_of)", "line", "#b5b5b5", ""});
  if (affiliations) r.legend.push_back(LegendEntry{"Rattachement (représente, situé dans…)", "line", "#a89f8c", ""});
  if (missing) r.legend.push_back(LegendEntry{"Lien vertical manquant", "dashed", "#C0392B", ""});
  // Layout: bands of the ladder.
  render::LayoutGraph lg;
  lg.n = static_cast<std::uint32_t>(n);
  for (const auto& me : s.edges)
    if (g.relations()[me.relation].name != part_of) lg.edges.emplace_back(me.u, me.v);
  std::vector<int> level(n);
  for (std::size_t i = 0; i < n; ++i) level[i] = g.scale(s.nodes[i]);
  const int levels = static_cast<int>(g.scales().size());
  auto bands = render::scale_bands(lg, level, levels, nesting, 3, 28);
  double total = 0;
  for (double t : bands.band_to) total = std::max(total, t);
  double bottom = 0;
  for (double y : bands.layout.y) bottom = std::max(bottom, y + 0.6);
  total = std::max(total, bottom);
  const double x0 = 90, x1 = r.width - legend_room(r), y0 = 45, y1 = r.height - 20;
  const double width_units = 28 * 2.0;
  auto map_y = [&](double y) { return y0 + y / (total > 0 ? total : 1) * (y1 - y0); };
  for (std::size_t i = 0; i < n; ++i) {
    r.nodes[i].x = x0 + bands.layout.x[i] / width_units * (x1 - x0);
    r.nodes[i].y = map_y(bands.layout.y[i]);
    r.nodes[i].size = std::min(r.nodes[i].size, 10.0);
    r.nodes[i].font_size = std::min(r.nodes[i].font_size, 10.0);
  }
  int shaded = 0;
  for (int l = levels - 1; l >= 0; --l) {
    auto li = static_cast<std::size_t>(l);
    if (bands.band_to[li] <= bands.band_from[li]) continue;
    Band b;
    b.from = map_y(bands.band_from[li]);
    b.to = map_y(bands.band_to[li]);
    b.label = g.scales()[static_cast<ScaleRank>(l)].label;
    b.colour = (shaded++ % 2 == 0) ? "#f3f1ec" : "#ffffff";
    r.bands.push_back(b);
  }
  if (std::any_of(level.begin(), level.end(), [](int l) { return l < 0; })) {
    double top = 0;
    for (std::size_t li = 0; li < bands.band_to.size(); ++li) top = std::max(top, bands.band_to[li]);
    Band b;
    b.from = map_y(top);
    b.to = map_y(total);
    b.label = "Sans échelle";
    b.colour = "#fbfbfb";
    r.bands.push_back(b);
  }
  r.title = o.title;
  if (r.title.empty()) {
    r.title = "Carte inter-échelles";
    if (o.focus) r.title += " — " + attribute(g, g.id(*o.focus), "label");
  }
  r.notes.push_back("Liens verticaux : " + std::to_string(vertical) + " ; horizontaux : " + std::to_string(horizontal) +
                    " ; sans échelle connue : " + std::to_string(unscaled) + " ; emboîtements : " +
                    std::to_string(guides) + " ; rattachements : " + std::to_string(affiliations) +
                    " ; liens verticaux manquants : " + std::to_string(missing) + ".");
  r.notes.push_back(
      "Un lien de coopération est vertical quand ses deux extrémités ont une échelle connue et différente "
      "(l'échelle d'un acteur est la sienne, sinon celle du territoire qu'il représente ou où il est situé).");
  Json opt(Json::Object{});
  opt.set("focus", focus_json(o.focus));
  opt.set("radius", o.radius);
  opt.set("seed", static_cast<std::int64_t>(o.seed));
  opt.set("containers", o.containers);
  opt.set("kinds", strings_json(o.kinds));
  opt.set("size_by", o.size_by);
  opt.set("group_by", o.group_by);
  finish(r, g, "interscale_map", std::move(opt));
  r.metadata.set("vertical", static_cast<std::int64_t>(vertical));
  r.metadata.set("horizontal", static_cast<std::int64_t>(horizontal));
  r.metadata.set("unscaled", static_cast<std::int64_t>(unscaled));
  r.metadata.set("affiliations", static_cast<std::int64_t>(affiliations));
  r.metadata.set("missing", static_cast<std::int64_t>(missing));
  return r;
}

Representation ego_map(const Graph& g, std::string_view key, const EgoMapOptions& o) {
  Selection s;
  std::string k(key);
  s.nodes = select_nodes(g, k, o.radius, o.kinds);
  collect_edges(g, s, false);
  Representation r = base(g, s, o.size_by, o.group_by);
  std::uint32_t focus = s.index.at(g.id(key));
  apply_layout(r, s, "concentric", o.seed, focus);
  r.nodes[focus].size = std::max(r.nodes[focus].size, 12.0);
  r.nodes[focus].font_size = 13;
  r.title = o.title.empty() ? "Réseau personnel — " + attribute(g, g.id(key), "label") : o.title;
  r.notes.push_back("Nœuds à " + std::to_string(o.radius) + " lien(s) au plus de " + attribute(g, g.id(key), "label") +
                    ", en anneaux par distance.");
  Json opt(Json::Object{});
  opt.set("key", k);
  opt.set("radius", o.radius);
  opt.set("seed", static_cast<std::int64_t>(o.seed));
  opt.set("size_by", o.size_by);
  opt.set("group_by", o.group_by);
  opt.set("kinds", strings_json(o.kinds));
  finish(r, g, "ego_map", std::move(opt));
  return r;
}

Representation programme_map(const Graph& g, std::string_view programme, const ProgrammeMapOptions& o) {
  NodeId p = g.id(programme);
  if (g.kind(p) != "programme")
    throw InvalidInput("programme_map: " + quote(programme) + " is a " + g.kind(p) + ", not a programme");
  std::set<NodeId> chosen{p};
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
    if (g.relation(e).category == RelationCategory::nesting) continue;
    NodeId s = g.source(e), t = g.target(e);
    const std::string* ctx = g.context(e);
    if (ctx && *ctx == programme) {
      chosen.insert(s);
      chosen.insert(t);
    }
    NodeId other = s == p ? t : (t == p ? s : p);
    if (other == p) continue;
    const std::string& kind = g.kind(other);
    if (!o.events && (kind == "event" || kind == "resource")) continue;
    chosen.insert(other);
  }
  Selection s;
  s.nodes.assign(chosen.begin(), chosen.end());
  collect_edges(g, s, false);
  Representation r = base(g, s, o.size_by, o.group_by);
  std::uint32_t focus = s.index.at(p);
  apply_layout(r, s, o.layout, o.seed, focus);
  r.nodes[focus].size = std::max(r.nodes[focus].size, 12.0);
  r.nodes[focus].font_size = 13;
  r.title = o.title.empty() ? "Programme — " + attribute(g, p, "label") : o.title;
  Json opt(Json::Object{});
  opt.set("programme", std::string(programme));
  opt.set("seed", static_cast<std::int64_t>(o.seed));
  opt.set("size_by", o.size_by);
  opt.set("group_by", o.group_by);
  opt.set("layout", o.layout);
  opt.set("events", o.events);
  finish(r, g, "programme_map", std::move(opt));
  return r;
}

}  // namespace maillage::systemic
