#include "maillage/render/writers.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>
#include <map>
#include <set>

#include "maillage/render/labels.hpp"

namespace maillage::render {

using systemic::Json;
using systemic::Node;
using systemic::Representation;

namespace {

std::string num(double v, int decimals = 2) {
  std::string s;
  systemic::append_fixed(s, v, decimals);
  return s;
}

std::string dash_array(const std::string& style) {
  if (style == "dashed") return "6 4";
  if (style == "dotted") return "1.5 3";
  return "";
}

std::string tooltip_text(const std::string& head, const systemic::Fields& fields) {
  std::string t = head;
  for (const auto& [k, v] : fields) {
    if (v.empty()) continue;
    t += "\n" + k + " : " + v;
  }
  return t;
}

/// The mark of a node: circle, square, diamond, triangle or hexagon centred on (x, y).
std::string mark(const std::string& shape, double x, double y, double r, const std::string& fill,
                 const std::string& extra) {
  auto poly = [&](const std::vector<std::pair<double, double>>& pts) {
    std::string p;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      if (i) p += ' ';
      p += num(x + pts[i].first) + "," + num(y + pts[i].second);
    }
    return "<polygon points=\"" + p + "\" fill=\"" + fill + "\"" + extra + "/>";
  };
  if (shape == "square")
    return "<rect x=\"" + num(x - r * 0.89) + "\" y=\"" + num(y - r * 0.89) + "\" width=\"" + num(r * 1.78) +
           "\" height=\"" + num(r * 1.78) + "\" fill=\"" + fill + "\"" + extra + "/>";
  if (shape == "diamond") return poly({{0, -r * 1.2}, {r * 1.2, 0}, {0, r * 1.2}, {-r * 1.2, 0}});
  if (shape == "triangle") return poly({{0, -r * 1.25}, {r * 1.1, r * 0.75}, {-r * 1.1, r * 0.75}});
  if (shape == "hexagon") {
    std::vector<std::pair<double, double>> pts;
    for (int k = 0; k < 6; ++k) {
      double a = M_PI / 3 * k;
      pts.emplace_back(r * 1.05 * std::cos(a), r * 1.05 * std::sin(a));
    }
    return poly(pts);
  }
  return "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"" + num(r) + "\" fill=\"" + fill + "\"" + extra +
         "/>";
}

/// The shapes (map outlines, dot clouds) as SVG paths, drawn under everything else. One decimal:
/// a tenth of a canvas unit is below what a screen or a printer shows, and keeps dense maps small.
std::string shapes_svg(const Representation& r) {
  if (r.shapes.empty()) return "";
  std::string o = "<g class=\"shapes\">\n";
  auto point = [](std::string& d, char command, const std::pair<double, double>& p) {
    d += command;
    systemic::append_fixed(d, p.first, 1);
    d += ' ';
    systemic::append_fixed(d, p.second, 1);
  };
  for (const auto& s : r.shapes) {
    std::string d;
    bool dots = false;
    for (const auto& ring : s.rings) {
      if (ring.empty()) continue;
      if (!d.empty()) d += ' ';
      point(d, 'M', ring[0]);
      if (ring.size() == 1) {
        d += "h0";
        dots = true;
        continue;
      }
      for (std::size_t i = 1; i < ring.size(); ++i) point(d, 'L', ring[i]);
      d += 'Z';
    }
    o += "<path class=\"shape";
    if (!s.group.empty()) {
      o += " shape-";
      o += xml_escape(s.group);
    }
    o += '"';
    if (!s.key.empty()) {
      o += " data-key=\"";
      o += xml_escape(s.key);
      o += '"';
    }
    o += " d=\"";
    o += d;
    o += "\" fill=\"";
    o += xml_escape(s.fill);
    o += "\" fill-rule=\"evenodd\" stroke=\"";
    o += xml_escape(s.stroke);
    o += "\" stroke-width=\"";
    o += num(s.stroke_width);
    o += '"';
    if (s.opacity != 1) {
      o += " opacity=\"";
      o += num(s.opacity, 3);
      o += '"';
    }
    if (dots) o += " stroke-linecap=\"round\"";
    o += " stroke-linejoin=\"round\"";
    if (s.label.empty()) {
      o += "/>\n";
    } else {
      o += "><title>";
      o += xml_escape(s.label);
      o += "</title></path>\n";
    }
  }
  o += "</g>\n";
  return o;
}

std::string svg_body(const Representation& r, bool standalone) {
  std::string o;
  const double W = r.width, H = r.height;
  if (standalone) o += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + num(W) + "\" height=\"" + num(H) +
       "\" viewBox=\"0 0 " + num(W) + " " + num(H) +
       "\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" class=\"maillage-representation\">\n";
  o += "<title>" + xml_escape(r.title) + "</title>\n";
  if (!r.notes.empty()) {
    std::string d;
    for (std::size_t i = 0; i < r.notes.size(); ++i) d += (i ? "\n" : "") + r.notes[i];
    o += "<desc>" + xml_escape(d) + "</desc>\n";
  }
  o += "<style>.edge{fill:none}.label{fill:#222;paint-order:stroke;stroke:#fff;stroke-width:3px;"
       "stroke-linejoin:round}.node .mark{stroke:#fff;stroke-width:1}.band-label{fill:#666}"
       ".legend text{fill:#222}</style>\n";
  o += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" "
       "markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#777\"/></marker></defs>\n";
  o += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"" + num(W) + "\" height=\"" + num(H) + "\" fill=\"#ffffff\"/>\n";
  o += "<g class=\"viewport\">\n";
  o += shapes_svg(r);
  if (!r.bands.empty()) {
    o += "<g class=\"bands\">\n";
    for (const auto& b : r.bands) {
      bool horizontal = b.orientation != "vertical";
      double x = horizontal ? 0 : b.from, y = horizontal ? b.from : 0;
      double w = horizontal ? W : b.to - b.from, h = horizontal ? b.to - b.from : H;
      o += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h) +
           "\" fill=\"" + xml_escape(b.colour) + "\"/>";
      if (!b.label.empty())
        o += "<text class=\"band-label\" x=\"" + num(horizontal ? 8 : x + 4) + "\" y=\"" + num(horizontal ? y + 14 : 14) +
             "\" font-size=\"11\">" + xml_escape(b.label) + "</text>";
      o += "\n";
    }
    o += "</g>\n";
  }
  if (!r.rects.empty()) {
    o += "<g class=\"rects\">\n";
    for (const auto& b : r.rects) {
      o += "<rect x=\"" + num(b.x) + "\" y=\"" + num(b.y) + "\" width=\"" + num(b.width) + "\" height=\"" +
           num(b.height) + "\" fill=\"" + xml_escape(b.fill) + "\" fill-opacity=\"" + num(b.opacity, 3) + "\">";
      if (!b.label.empty()) o += "<title>" + xml_escape(b.label) + "</title>";
      o += "</rect>\n";
    }
    o += "</g>\n";
  }
  if (!r.axes.empty()) {
    o += "<g class=\"axes\" stroke=\"#444\" font-size=\"10\">\n";
    for (const auto& a : r.axes) {
      o += "<line x1=\"" + num(a.x1) + "\" y1=\"" + num(a.y1) + "\" x2=\"" + num(a.x2) + "\" y2=\"" + num(a.y2) +
           "\" marker-end=\"url(#arrow)\"/>";
      for (const auto& [p, t] : a.ticks) {
        double tx = a.x1 + (a.x2 - a.x1) * p, ty = a.y1 + (a.y2 - a.y1) * p;
        o += "<text x=\"" + num(tx) + "\" y=\"" + num(ty + 12) + "\" stroke=\"none\" text-anchor=\"middle\">" +
             xml_escape(t) + "</text>";
      }
      if (!a.label.empty())
        o += "<text x=\"" + num(a.x2) + "\" y=\"" + num(a.y2 - 6) + "\" stroke=\"none\" text-anchor=\"end\">" +
             xml_escape(a.label) + "</text>";
      o += "\n";
    }
    o += "</g>\n";
  }
  std::map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < r.nodes.size(); ++i) index.emplace(r.nodes[i].key, i);
  o += "<g class=\"edges\">\n";
  for (std::size_t e = 0; e < r.edges.size(); ++e) {
    const auto& edge = r.edges[e];
    auto si = index.find(edge.source), ti = index.find(edge.target);
    if (si == index.end() || ti == index.end()) continue;
    const Node& s = r.nodes[si->second];
    const Node& t = r.nodes[ti->second];
    double x1 = s.x, y1 = s.y, x2 = t.x, y2 = t.y;
    double d = std::hypot(x2 - x1, y2 - y1);
    if (edge.directed && d > t.size + 1) {  // stop at the target's mark
      x2 -= (x2 - x1) / d * (t.size + 1.5);
      y2 -= (y2 - y1) / d * (t.size + 1.5);
    }
    o += "<line class=\"edge";
    if (!edge.kind.empty()) o += " edge-" + xml_escape(edge.kind);
    o += "\" data-source=\"" + xml_escape(edge.source) + "\" data-target=\"" + xml_escape(edge.target) +
         "\" data-relation=\"" + xml_escape(edge.relation) + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" +
         num(x2) + "\" y2=\"" + num(y2) + "\" stroke=\"" + xml_escape(edge.colour) + "\" stroke-width=\"" +
         num(edge.width) + "\" stroke-opacity=\"" + num(edge.opacity, 3) + "\"";
    std::string dash = dash_array(edge.style);
    if (!dash.empty()) o += " stroke-dasharray=\"" + dash + "\"";
    if (edge.directed) o += " marker-end=\"url(#arrow)\"";
    o += "><title>" +
         xml_escape(tooltip_text(s.label + (edge.directed ? " → " : " — ") + t.label + " (" + edge.relation + ")",
                                 edge.tooltip)) +
         "</title></line>\n";
  }
  o += "</g>\n<g class=\"nodes\">\n";
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    const Node& n = r.nodes[i];
    o += "<g class=\"node\" id=\"node-" + std::to_string(i) + "\" data-key=\"" + xml_escape(n.key) + "\" data-label=\"" +
         xml_escape(n.label) + "\" data-group=\"" + xml_escape(n.group) + "\">";
    o += mark(n.shape, n.x, n.y, n.size, xml_escape(n.colour), " class=\"mark\"");
    o += "<title>" + xml_escape(tooltip_text(n.label.empty() ? n.key : n.label, n.tooltip)) + "</title></g>\n";
  }
  o += "</g>\n<g class=\"labels\">\n";
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    const Node& n = r.nodes[i];
    if (!n.label_visible || n.label.empty()) continue;
    o += "<text class=\"label\" data-key=\"" + xml_escape(n.key) + "\" x=\"" + num(n.label_x) + "\" y=\"" +
         num(n.label_y) + "\" font-size=\"" + num(n.font_size) + "\" text-anchor=\"" + xml_escape(n.label_anchor) +
         "\">" + xml_escape(n.label) + "</text>\n";
  }
  o += "</g>\n";
  if (!r.annotations.empty()) {
    o += "<g class=\"annotations\">\n";
    for (const auto& a : r.annotations)
      o += "<text x=\"" + num(a.x) + "\" y=\"" + num(a.y) + "\" font-size=\"" + num(a.font_size) + "\" fill=\"" +
           xml_escape(a.colour) + "\" text-anchor=\"" + xml_escape(a.anchor) + "\">" + xml_escape(a.text) + "</text>\n";
    o += "</g>\n";
  }
  o += "</g>\n";
  if (!r.title.empty())
    o += "<text class=\"title\" x=\"" + num(W / 2) + "\" y=\"26\" font-size=\"18\" font-weight=\"bold\" "
         "text-anchor=\"middle\" fill=\"#111\">" + xml_escape(r.title) + "</text>\n";
  if (!r.legend.empty()) {
    const Box box = legend_box(r);
    const double width = box.width, h = box.height, x0 = box.x, y0 = box.y;
    o += "<g class=\"legend\" font-size=\"10\"><rect x=\"" + num(x0) + "\" y=\"" + num(y0) + "\" width=\"" +
         num(width) + "\" height=\"" + num(h) + "\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#bbb\"/>\n";
    for (std::size_t i = 0; i < r.legend.size(); ++i) {
      const auto& e = r.legend[i];
      double cy = y0 + 13 + 16 * static_cast<double>(i);
      if (e.symbol == "line" || e.symbol == "dashed" || e.symbol == "dotted") {
        o += "<line x1=\"" + num(x0 + 6) + "\" y1=\"" + num(cy) + "\" x2=\"" + num(x0 + 24) + "\" y2=\"" + num(cy) +
             "\" stroke=\"" + xml_escape(e.colour) + "\" stroke-width=\"2\"";
        std::string dash = dash_array(e.symbol);
        if (!dash.empty()) o += " stroke-dasharray=\"" + dash + "\"";
        o += "/>";
      } else {
        o += mark(e.symbol, x0 + 15, cy, 5, xml_escape(e.colour), "");
      }
      o += "<text x=\"" + num(x0 + 30) + "\" y=\"" + num(cy + 3.5) + "\">" + xml_escape(e.label) + "</text>\n";
    }
    o += "</g>\n";
  }
  o += "</svg>\n";
  return o;
}

void rgb(const std::string& colour, int& r, int& g, int& b) {
  r = g = b = 128;
  if (colour.size() == 7 && colour[0] == '#') {
    auto hex = [&](std::size_t i) {
      try {
        return std::stoi(colour.substr(i, 2), nullptr, 16);
      } catch (...) {
        return 128;
      }
    };
    r = hex(1);
    g = hex(3);
    b = hex(5);
  }
}

std::string dot_quote(std::string_view text) {
  std::string o = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') o += '\\';
    if (c == '\n') {
      o += "\\n";
      continue;
    }
    o += c;
  }
  return o + "\"";
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string o;
  o.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      case '\n': o += "&#10;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') continue;  // not allowed in XML 1.0
        o += c;
    }
  }
  return o;
}

std::string to_svg(const Representation& r) { return svg_body(r, true); }

std::string to_html(const Representation& r) {
  std::string o = "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + xml_escape(r.title) +
                  "</title>\n<meta name=\"generator\" content=\"maillage\">\n";
  o += R"(<style>
body{margin:0;font-family:"DejaVu Sans",Verdana,Arial,sans-serif;background:#fafafa;color:#222}
#toolbar{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;padding:8px 12px;background:#fff;border-bottom:1px solid #ddd;font-size:13px}
#toolbar input[type=search]{padding:4px 6px;min-width:16em}
#toolbar label{white-space:nowrap;cursor:pointer}
#toolbar .swatch{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:3px}
#stage{position:relative;overflow:hidden}
#stage svg{display:block;width:100%;height:calc(100vh - 60px);cursor:grab;background:#fff}
#tooltip{position:absolute;pointer-events:none;background:rgba(255,255,255,.96);border:1px solid #999;padding:6px 8px;font-size:12px;white-space:pre-line;display:none;max-width:28em;box-shadow:0 1px 4px rgba(0,0,0,.2)}
.dim{opacity:.15}.match .mark{stroke:#d62728!important;stroke-width:3px!important}.hidden{display:none}
#notes{font-size:12px;color:#555;padding:4px 12px}
</style>
</head>
<body>
<div id="toolbar"><input type="search" id="search" placeholder="Rechercher un nœud…" aria-label="Rechercher"><span id="count"></span>
<button type="button" id="zoom-in" title="Zoomer">+</button><button type="button" id="zoom-out" title="Dézoomer">−</button><button type="button" id="zoom-reset" title="Vue entière">⟲</button>
)";
  std::set<std::string> seen;
  for (const auto& g : r.groups) {
    if (!seen.insert(g.id).second) continue;
    o += "<label><input type=\"checkbox\" class=\"group-toggle\" data-group=\"" + xml_escape(g.id) +
         "\" checked><span class=\"swatch\" style=\"background:" + xml_escape(g.colour) + "\"></span>" +
         xml_escape(g.label.empty() ? g.id : g.label) + "</label>\n";
  }
  o += "</div>\n<div id=\"stage\">\n" + svg_body(r, false) + "<div id=\"tooltip\"></div>\n</div>\n";
  if (!r.notes.empty()) {
    o += "<div id=\"notes\">";
    for (const auto& note : r.notes) o += "<p>" + xml_escape(note) + "</p>";
    o += "</div>\n";
  }
  o += R"(<script>
(function(){
"use strict";
var svg=document.querySelector("#stage svg"),tip=document.getElementById("tooltip");
var W=svg.viewBox.baseVal.width,H=svg.viewBox.baseVal.height,view={x:0,y:0,w:W,h:H};
function apply(){svg.setAttribute("viewBox",view.x+" "+view.y+" "+view.w+" "+view.h);}
function zoom(f,cx,cy){if(cx===undefined){cx=view.x+view.w/2;cy=view.y+view.h/2;}
view.x=cx-(cx-view.x)*f;view.y=cy-(cy-view.y)*f;view.w*=f;view.h*=f;apply();}
function point(ev){var p=svg.createSVGPoint();p.x=ev.clientX;p.y=ev.clientY;return p.matrixTransform(svg.getScreenCTM().inverse());}
svg.addEventListener("wheel",function(ev){ev.preventDefault();var p=point(ev);zoom(ev.deltaY<0?0.85:1/0.85,p.x,p.y);},{passive:false});
var drag=null;
svg.addEventListener("mousedown",function(ev){drag={p:point(ev)};svg.style.cursor="grabbing";});
window.addEventListener("mousemove",function(ev){if(!drag)return;var p=point(ev);view.x-=p.x-drag.p.x;view.y-=p.y-drag.p.y;apply();});
window.addEventListener("mouseup",function(){drag=null;svg.style.cursor="grab";});
document.getElementById("zoom-in").onclick=function(){zoom(0.8);};
document.getElementById("zoom-out").onclick=function(){zoom(1.25);};
document.getElementById("zoom-reset").onclick=function(){view={x:0,y:0,w:W,h:H};apply();};
var nodes=Array.prototype.slice.call(svg.querySelectorAll("g.node"));
var edges=Array.prototype.slice.call(svg.querySelectorAll("line.edge"));
var labels={};Array.prototype.forEach.call(svg.querySelectorAll("text.label"),function(t){labels[t.getAttribute("data-key")]=t;});
function text(el){var t=el.querySelector("title");return t?t.textContent:"";}
function show(ev,el){tip.textContent=text(el);tip.style.display="block";var s=document.getElementById("stage").getBoundingClientRect();
tip.style.left=(ev.clientX-s.left+14)+"px";tip.style.top=(ev.clientY-s.top+14)+"px";}
nodes.concat(edges).forEach(function(el){el.addEventListener("mouseenter",function(ev){show(ev,el);el.classList.add("hover");});
el.addEventListener("mousemove",function(ev){show(ev,el);});
el.addEventListener("mouseleave",function(){tip.style.display="none";el.classList.remove("hover");});});
function norm(s){return (s||"").normalize("NFD").replace(/[\u0300-\u036f]/g,"").toLowerCase();}
var search=document.getElementById("search"),count=document.getElementById("count");
search.addEventListener("input",function(){var q=norm(search.value.trim()),n=0;
nodes.forEach(function(g){var hit=q!==""&&(norm(g.getAttribute("data-label")).indexOf(q)>=0||norm(g.getAttribute("data-key")).indexOf(q)>=0);
if(hit)n++;g.classList.toggle("match",hit);g.classList.toggle("dim",q!==""&&!hit);
var l=labels[g.getAttribute("data-key")];if(l)l.classList.toggle("dim",q!==""&&!hit);});
count.textContent=q===""?"":n+" résultat"+(n>1?"s":"");});
var off={};
function refresh(){var hidden={};nodes.forEach(function(g){var h=!!off[g.getAttribute("data-group")];g.classList.toggle("hidden",h);
if(h)hidden[g.getAttribute("data-key")]=1;var l=labels[g.getAttribute("data-key")];if(l)l.classList.toggle("hidden",h);});
edges.forEach(function(e){e.classList.toggle("hidden",!!(hidden[e.getAttribute("data-source")]||hidden[e.getAttribute("data-target")]));});}
Array.prototype.forEach.call(document.querySelectorAll(".group-toggle"),function(c){c.addEventListener("change",function(){
off[c.getAttribute("data-group")]=!c.checked;refresh();});});
})();
</script>
</body>
</html>
)";
  return o;
}

// The GEXF type of a tooltip field: long, double or boolean when every value given reads as one
// (measures keep their type in Gephi), string otherwise.
static const char* gexf_field_type(const Representation& r, const std::string& field) {
  bool can_long = true, can_double = true, can_bool = true, any = false;
  for (const auto& n : r.nodes)
    for (const auto& [k, v] : n.tooltip) {
      if (k != field || v.empty()) continue;
      any = true;
      // Codes stay text: "01001", "007" (a leading zero before a digit).
      const std::size_t sign = v[0] == '-' ? 1 : 0;
      if (v.size() > sign + 1 && v[sign] == '0' && v[sign + 1] >= '0' && v[sign + 1] <= '9') can_long = can_double = false;
      const char* first = v.data();
      const char* last = v.data() + v.size();
      long long i = 0;
      const auto ri = std::from_chars(first, last, i);
      if (ri.ec != std::errc() || ri.ptr != last) can_long = false;
      double d = 0;
      const auto rd = std::from_chars(first, last, d);
      if (rd.ec != std::errc() || rd.ptr != last || !std::isfinite(d)) can_double = false;
      if (v != "true" && v != "false") can_bool = false;
    }
  if (!any) return "string";
  if (can_bool) return "boolean";
  if (can_long) return "long";
  if (can_double) return "double";
  return "string";
}

std::string to_gexf(const Representation& r) {
  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
       "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n";
  o += "  <meta>\n    <creator>maillage</creator>\n";
  std::string description = r.title;
  for (const auto& note : r.notes) description += (description.empty() ? "" : "\n") + note;
  if (!description.empty()) o += "    <description>" + xml_escape(description) + "</description>\n";
  o += "  </meta>\n";
  bool any_directed = std::any_of(r.edges.begin(), r.edges.end(), [](const auto& e) { return e.directed; });
  o += std::string("  <graph defaultedgetype=\"") + (any_directed ? "directed" : "undirected") +
       "\" idtype=\"string\" mode=\"static\">\n";
  // Tooltip fields become string attributes, in first-seen order.
  std::vector<std::string> fields;
  for (const auto& n : r.nodes)
    for (const auto& [k, v] : n.tooltip)
      if (std::find(fields.begin(), fields.end(), k) == fields.end()) fields.push_back(k);
  static const char* const node_attributes[][2] = {
      {"kind", "string"}, {"group", "string"}, {"role", "string"}, {"scale", "string"}, {"size", "double"}};
  o += "    <attributes class=\"node\" mode=\"static\">\n";
  for (const auto& a : node_attributes)
    o += std::string("      <attribute id=\"") + a[0] + "\" title=\"" + a[0] + "\" type=\"" + a[1] + "\"/>\n";
  for (std::size_t f = 0; f < fields.size(); ++f)
    o += std::string("      <attribute id=\"f") + std::to_string(f) + "\" title=\"" + xml_escape(fields[f]) + "\" type=\"" +
         gexf_field_type(r, fields[f]) + "\"/>\n";
  o += "    </attributes>\n";
  o += "    <attributes class=\"edge\" mode=\"static\">\n"
       "      <attribute id=\"relation\" title=\"relation\" type=\"string\"/>\n"
       "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
       "      <attribute id=\"style\" title=\"style\" type=\"string\"/>\n"
       "    </attributes>\n";
  o += "    <nodes count=\"" + std::to_string(r.nodes.size()) + "\">\n";
  for (const auto& n : r.nodes) {
    o += "      <node id=\"" + xml_escape(n.key) + "\" label=\"" + xml_escape(n.label) + "\">\n        <attvalues>\n";
    auto att = [&](const std::string& id, const std::string& value) {
      if (!value.empty())
        o += "          <attvalue for=\"" + id + "\" value=\"" + xml_escape(value) + "\"/>\n";
    };
    att("kind", n.kind);
    att("group", n.group);
    att("role", n.role);
    att("scale", n.scale);
    att("size", num(n.size, 4));
    for (const auto& [k, v] : n.tooltip) {
      auto it = std::find(fields.begin(), fields.end(), k);
      std::string id = "f";
      id += std::to_string(it - fields.begin());
      att(id, v);
    }
    o += "        </attvalues>\n";
    int cr, cg, cb;
    rgb(n.colour, cr, cg, cb);
    o += "        <viz:color r=\"" + std::to_string(cr) + "\" g=\"" + std::to_string(cg) + "\" b=\"" + std::to_string(cb) +
         "\"/>\n";
    o += "        <viz:position x=\"" + num(n.x) + "\" y=\"" + num(r.height - n.y) + "\" z=\"0\"/>\n";
    o += "        <viz:size value=\"" + num(n.size, 4) + "\"/>\n";
    std::string shape = n.shape == "circle" || n.shape == "hexagon" ? "disc" : n.shape;
    o += "        <viz:shape value=\"" + shape + "\"/>\n      </node>\n";
  }
  o += "    </nodes>\n    <edges count=\"" + std::to_string(r.edges.size()) + "\">\n";
  for (std::size_t e = 0; e < r.edges.size(); ++e) {
    const auto& edge = r.edges[e];
    o += "      <edge id=\"" + std::to_string(e) + "\" source=\"" + xml_escape(edge.source) + "\" target=\"" +
         xml_escape(edge.target) + "\" type=\"" + (edge.directed ? "directed" : "undirected") + "\" weight=\"" +
         num(edge.weight, 6) + "\"";
    if (!edge.label.empty()) o += " label=\"" + xml_escape(edge.label) + "\"";
    o += ">\n        <attvalues>\n";
    o += "          <attvalue for=\"relation\" value=\"" + xml_escape(edge.relation) + "\"/>\n";
    if (!edge.kind.empty()) o += "          <attvalue for=\"kind\" value=\"" + xml_escape(edge.kind) + "\"/>\n";
    o += "          <attvalue for=\"style\" value=\"" + xml_escape(edge.style) + "\"/>\n        </attvalues>\n";
    int cr, cg, cb;
    rgb(edge.colour, cr, cg, cb);
    o += "        <viz:color r=\"" + std::to_string(cr) + "\" g=\"" + std::to_string(cg) + "\" b=\"" + std::to_string(cb) +
         "\" a=\"" + num(edge.opacity, 3) + "\"/>\n";
    o += "        <viz:thickness value=\"" + num(edge.width) + "\"/>\n";
    std::string shape = edge.style == "dashed" || edge.style == "dotted" ? edge.style : "solid";
    o += "        <viz:shape value=\"" + shape + "\"/>\n      </edge>\n";
  }
  o += "    </edges>\n  </graph>\n</gexf>\n";
  return o;
}

std::string to_dot(const Representation& r, const DotOptions& options) {
  std::string o = "digraph maillage {\n";
  o += "  graph [label=" + dot_quote(r.title) + ", labelloc=t, fontname=\"DejaVu Sans\", outputorder=edgesfirst";
  if (options.positions) o += ", bb=\"0,0," + num(r.width * 0.75) + "," + num(r.height * 0.75) + "\"";
  o += "];\n";
  o += "  node [fontname=\"DejaVu Sans\", fontsize=9, style=filled, fixedsize=true, color=\"#ffffff\"];\n";
  o += "  edge [fontname=\"DejaVu Sans\", fontsize=8];\n";
  for (const auto& n : r.nodes) {
    std::string shape = n.shape == "square" ? "square" : n.shape == "diamond" ? "diamond"
                      : n.shape == "triangle" ? "triangle" : n.shape == "hexagon" ? "hexagon" : "circle";
    double inches = 2 * n.size / 96.0;
    // The mark is a few points wide: the label goes beside it (xlabel), never inside as well.
    o += "  " + dot_quote(n.key) + " [label=\"\", xlabel=" + dot_quote(n.label) + ", shape=" + shape +
         ", width=" + num(inches, 3) + ", height=" + num(inches, 3) + ", fillcolor=" + dot_quote(n.colour);
    if (options.positions) o += ", pos=\"" + num(n.x * 0.75) + "," + num((r.height - n.y) * 0.75) + "!\"";
    o += ", group=" + dot_quote(n.group) + ", tooltip=" + dot_quote(tooltip_text(n.label, n.tooltip)) + "];\n";
  }
  // Scale bands: one rank per scale, ordered top-down as on the picture (by the mean height of
  // the scale's nodes).
  std::map<std::string, std::pair<double, std::vector<const Node*>>> by_scale;
  for (const auto& n : r.nodes)
    if (!n.scale.empty()) {
      auto& [sum, members] = by_scale[n.scale];
      sum += n.y;
      members.push_back(&n);
    }
  std::vector<std::pair<double, std::string>> bands;
  for (const auto& [scale, entry] : by_scale)
    bands.emplace_back(entry.first / static_cast<double>(entry.second.size()), scale);
  std::sort(bands.begin(), bands.end());
  if (bands.size() > 1) {
    for (const auto& [mean_y, scale] : bands) {
      // Appended piece by piece: g++ 12 warns falsely (-Wrestrict) on "x" + std::string here.
      o += "  subgraph ";
      o += dot_quote(std::string("scale ") + scale);
      o += " { rank=same;";
      for (const Node* n : by_scale[scale].second) {
        o += ' ';
        o += dot_quote(n->key);
        o += ';';
      }
      o += " }\n";
    }
  }
  for (const auto& e : r.edges) {
    o += "  " + dot_quote(e.source) + " -> " + dot_quote(e.target) + " [";
    if (!e.directed) o += "dir=none, ";
    o += "color=" + dot_quote(e.colour) + ", penwidth=" + num(e.width) + ", style=" +
         (e.style == "dashed" || e.style == "dotted" ? e.style : std::string("solid")) +
         ", weight=" + num(e.weight > 0 ? e.weight : 1, 6) + ", tooltip=" + dot_quote(e.relation);
    if (!e.label.empty()) o += ", label=" + dot_quote(e.label);
    if (bands.size() > 1) o += ", constraint=false";  // the bands, not the ties, set the ranks
    o += "];\n";
  }
  for (std::size_t i = 1; i < bands.size(); ++i)
  {
    o += "  ";
    o += dot_quote(by_scale[bands[i - 1].second].second.front()->key);
    o += " -> ";
    o += dot_quote(by_scale[bands[i].second].second.front()->key);
    o += " [style=invis];\n";
  }
  o += "}\n";
  return o;
}

Json to_kumu(const Representation& r) {
  std::map<std::string, std::string> group_label;
  for (const auto& g : r.groups) group_label.emplace(g.id, g.label.empty() ? g.id : g.label);
  std::vector<std::string> fields = {"Kind", "Role", "Scale", "Size"};
  Json::Array elements;
  for (const auto& n : r.nodes) {
    Json e(Json::Object{});
    e.set("id", n.key);
    e.set("label", n.label.empty() ? n.key : n.label);
    auto gl = group_label.find(n.group);
    e.set("type", gl != group_label.end() ? gl->second : n.group);
    std::string description;
    for (const auto& [k, v] : n.tooltip)
      if (!v.empty()) description += (description.empty() ? "" : "\n") + k + " : " + v;
    e.set("description", description);
    Json::Array tags;
    if (!n.group.empty()) tags.push_back(Json(n.group));
    if (!n.scale.empty()) tags.push_back(Json(n.scale));
    e.set("tags", Json(std::move(tags)));
    e.set("Kind", n.kind);
    e.set("Role", n.role);
    e.set("Scale", n.scale);
    e.set("Size", n.size);
    e.set("x", n.x);
    e.set("y", n.y);
    e.set("color", n.colour);
    elements.push_back(std::move(e));
  }
  Json::Array connections;
  for (std::size_t i = 0; i < r.edges.size(); ++i) {
    const auto& edge = r.edges[i];
    Json c(Json::Object{});
    c.set("id", "edge-" + std::to_string(i));
    c.set("from", edge.source);
    c.set("to", edge.target);
    c.set("type", edge.relation);
    c.set("direction", edge.directed ? "directed" : "undirected");
    c.set("label", edge.label);
    c.set("Kind", edge.kind);
    c.set("Weight", edge.weight);
    c.set("Style", edge.style);
    connections.push_back(std::move(c));
  }
  Json::Array field_list;
  for (const auto& f : fields) field_list.push_back(Json(f));
  field_list.push_back(Json("Weight"));
  field_list.push_back(Json("Style"));
  Json out(Json::Object{});
  out.set("elements", Json(std::move(elements)));
  out.set("connections", Json(std::move(connections)));
  out.set("fields", Json(std::move(field_list)));
  return out;
}

}  // namespace maillage::render
