#include "maillage/systemic/representation.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "maillage/core/error.hpp"

namespace maillage::systemic {

namespace {

constexpr std::string_view format_name = "maillage.representation";
constexpr std::int64_t format_version = 1;
constexpr std::int64_t format_version_shapes = 2;  // version 1 plus "shapes"

Json fields_json(const Fields& fields) {
  Json::Array out;
  for (const auto& [k, v] : fields) out.push_back(Json(Json::Array{Json(k), Json(v)}));
  return Json(std::move(out));
}

/// Reads the members of one JSON object into typed fields, refusing unknown ones.
class Reader {
 public:
  Reader(const Json& value, std::string what) : what_(std::move(what)) {
    object_ = &value.as_object(what_);
  }
  ~Reader() = default;
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  const Json* get(std::string_view key) {
    used_.emplace_back(key);
    for (const auto& [k, v] : *object_)
      if (k == key) return &v;
    return nullptr;
  }
  std::string name(std::string_view key) const { return what_ + "." + std::string(key); }
  void read(std::string_view key, std::string& out) {
    if (const Json* j = get(key)) out = j->as_string(name(key));
  }
  void read(std::string_view key, double& out) {
    if (const Json* j = get(key)) {
      if (j->is_null()) {
        out = std::nan("");
      } else {
        out = j->as_double(name(key));
      }
    }
  }
  void read(std::string_view key, bool& out) {
    if (const Json* j = get(key)) out = j->as_bool(name(key));
  }
  void read(std::string_view key, Fields& out) {
    if (const Json* j = get(key)) {
      out.clear();
      for (const auto& pair : j->as_array(name(key))) {
        const auto& a = pair.as_array(name(key) + " item");
        if (a.size() != 2) throw InvalidInput(name(key) + ": expected [field, value] pairs");
        out.emplace_back(a[0].as_string(name(key)), a[1].as_string(name(key)));
      }
    }
  }
  void read(std::string_view key, std::vector<std::string>& out) {
    if (const Json* j = get(key)) {
      out.clear();
      for (const auto& item : j->as_array(name(key))) out.push_back(item.as_string(name(key)));
    }
  }
  void finish() const {
    for (const auto& [k, v] : *object_)
      if (std::find(used_.begin(), used_.end(), k) == used_.end())
        throw InvalidInput(what_ + ": unknown field " + quote(k));
  }

 private:
  std::string what_;
  const Json::Object* object_ = nullptr;
  std::vector<std::string> used_;
};

Json node_json(const Node& n) {
  Json j(Json::Object{});
  j.set("key", n.key);
  j.set("label", n.label);
  j.set("kind", n.kind);
  j.set("group", n.group);
  j.set("role", n.role);
  j.set("scale", n.scale);
  j.set("size", n.size);
  j.set("colour", n.colour);
  j.set("shape", n.shape);
  j.set("x", n.x);
  j.set("y", n.y);
  j.set("tooltip", fields_json(n.tooltip));
  j.set("label_visible", n.label_visible);
  j.set("label_x", n.label_x);
  j.set("label_y", n.label_y);
  j.set("label_anchor", n.label_anchor);
  j.set("font_size", n.font_size);
  return j;
}

Node node_from(const Json& j, std::size_t i) {
  Node n;
  Reader r(j, "nodes[" + std::to_string(i) + "]");
  r.read("key", n.key);
  r.read("label", n.label);
  r.read("kind", n.kind);
  r.read("group", n.group);
  r.read("role", n.role);
  r.read("scale", n.scale);
  r.read("size", n.size);
  r.read("colour", n.colour);
  r.read("shape", n.shape);
  r.read("x", n.x);
  r.read("y", n.y);
  r.read("tooltip", n.tooltip);
  r.read("label_visible", n.label_visible);
  r.read("label_x", n.label_x);
  r.read("label_y", n.label_y);
  r.read("label_anchor", n.label_anchor);
  r.read("font_size", n.font_size);
  r.finish();
  return n;
}

Json edge_json(const Edge& e) {
  Json j(Json::Object{});
  j.set("source", e.source);
  j.set("target", e.target);
  j.set("relation", e.relation);
  j.set("kind", e.kind);
  j.set("label", e.label);
  j.set("weight", e.weight);
  j.set("width", e.width);
  j.set("colour", e.colour);
  j.set("style", e.style);
  j.set("directed", e.directed);
  j.set("opacity", e.opacity);
  j.set("tooltip", fields_json(e.tooltip));
  return j;
}

Edge edge_from(const Json& j, std::size_t i) {
  Edge e;
  Reader r(j, "edges[" + std::to_string(i) + "]");
  r.read("source", e.source);
  r.read("target", e.target);
  r.read("relation", e.relation);
  r.read("kind", e.kind);
  r.read("label", e.label);
  r.read("weight", e.weight);
  r.read("width", e.width);
  r.read("colour", e.colour);
  r.read("style", e.style);
  r.read("directed", e.directed);
  r.read("opacity", e.opacity);
  r.read("tooltip", e.tooltip);
  r.finish();
  return e;
}

Json shape_json(const Shape& s) {
  Json o(Json::Object{});
  o.set("key", s.key);
  o.set("group", s.group);
  o.set("label", s.label);
  Json::Array rings;
  for (const auto& ring : s.rings) {
    Json::Array points;
    points.reserve(ring.size());
    for (const auto& [x, y] : ring) points.push_back(Json(Json::Array{Json(x), Json(y)}));
    rings.push_back(Json(std::move(points)));
  }
  o.set("rings", Json(std::move(rings)));
  o.set("fill", s.fill);
  o.set("stroke", s.stroke);
  o.set("stroke_width", s.stroke_width);
  o.set("opacity", s.opacity);
  return o;
}

template <class T, class F>
Json list_json(const std::vector<T>& items, F f) {
  Json::Array out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(f(item));
  return Json(std::move(out));
}

template <class T, class F>
void read_list(Reader& r, std::string_view key, std::vector<T>& out, F f) {
  if (const Json* j = r.get(key)) {
    out.clear();
    const auto& a = j->as_array(std::string(key));
    for (std::size_t i = 0; i < a.size(); ++i) out.push_back(f(a[i], i));
  }
}

void check_finite(double v, const std::string& what) {
  if (!std::isfinite(v)) throw InvalidInput(what + ": not a finite number");
}

Shape shape_from(const Json& j, std::size_t i) {
  Shape s;
  const std::string what = "shapes[" + std::to_string(i) + "]";
  Reader r(j, what);
  r.read("key", s.key);
  r.read("group", s.group);
  r.read("label", s.label);
  if (const Json* rings = r.get("rings")) {
    const auto& list = rings->as_array(what + ".rings");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::string ring_name = what + ".rings[" + std::to_string(k) + "]";
      std::vector<std::pair<double, double>> ring;
      for (const auto& point : list[k].as_array(ring_name)) {
        const auto& xy = point.as_array(ring_name + " point");
        if (xy.size() != 2) throw InvalidInput(ring_name + ": expected [x, y] points");
        ring.emplace_back(xy[0].as_double(ring_name + " x"), xy[1].as_double(ring_name + " y"));
      }
      s.rings.push_back(std::move(ring));
    }
  }
  r.read("fill", s.fill);
  r.read("stroke", s.stroke);
  r.read("stroke_width", s.stroke_width);
  r.read("opacity", s.opacity);
  r.finish();
  return s;
}

}  // namespace

std::size_t Representation::node_index(std::string_view key) const {
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].key == key) return i;
  throw NotFound("no node " + quote(key) + " in the representation");
}

void Representation::validate() const {
  std::map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    if (!index.emplace(n.key, i).second) throw InvalidInput("duplicate node key " + quote(n.key));
    check_finite(n.x, "node " + quote(n.key) + " x");
    check_finite(n.y, "node " + quote(n.key) + " y");
    check_finite(n.size, "node " + quote(n.key) + " size");
  }
  for (const Edge& e : edges) {
    if (!index.count(e.source)) throw InvalidInput("edge source " + quote(e.source) + " is not a node");
    if (!index.count(e.target)) throw InvalidInput("edge target " + quote(e.target) + " is not a node");
    check_finite(e.weight, "edge weight");
  }
  for (std::size_t i = 0; i < shapes.size(); ++i)
    for (const auto& ring : shapes[i].rings)
      for (const auto& [x, y] : ring) {
        check_finite(x, "shapes[" + std::to_string(i) + "] x");
        check_finite(y, "shapes[" + std::to_string(i) + "] y");
      }
  check_finite(width, "width");
  check_finite(height, "height");
  if (width <= 0 || height <= 0) throw InvalidInput("width and height must be positive");
}

Json to_json_value(const Representation& r) {
  Json j(Json::Object{});
  j.set("format", std::string(format_name));
  j.set("version", r.shapes.empty() ? format_version : format_version_shapes);
  j.set("title", r.title);
  j.set("notes", list_json(r.notes, [](const std::string& s) { return Json(s); }));
  j.set("metadata", r.metadata);
  j.set("width", r.width);
  j.set("height", r.height);
  j.set("groups", list_json(r.groups, [](const Group& g) {
          Json o(Json::Object{});
          o.set("id", g.id);
          o.set("label", g.label);
          o.set("colour", g.colour);
          o.set("shape", g.shape);
          return o;
        }));
  j.set("legend", list_json(r.legend, [](const LegendEntry& e) {
          Json o(Json::Object{});
          o.set("label", e.label);
          o.set("symbol", e.symbol);
          o.set("colour", e.colour);
          o.set("group", e.group);
          return o;
        }));
  j.set("nodes", list_json(r.nodes, node_json));
  j.set("edges", list_json(r.edges, edge_json));
  j.set("axes", list_json(r.axes, [](const Axis& a) {
          Json o(Json::Object{});
          o.set("x1", a.x1);
          o.set("y1", a.y1);
          o.set("x2", a.x2);
          o.set("y2", a.y2);
          o.set("label", a.label);
          Json::Array ticks;
          for (const auto& [p, t] : a.ticks) ticks.push_back(Json(Json::Array{Json(p), Json(t)}));
          o.set("ticks", Json(std::move(ticks)));
          return o;
        }));
  j.set("bands", list_json(r.bands, [](const Band& b) {
          Json o(Json::Object{});
          o.set("orientation", b.orientation);
          o.set("from", b.from);
          o.set("to", b.to);
          o.set("label", b.label);
          o.set("colour", b.colour);
          return o;
        }));
  j.set("rects", list_json(r.rects, [](const Rect& b) {
          Json o(Json::Object{});
          o.set("x", b.x);
          o.set("y", b.y);
          o.set("width", b.width);
          o.set("height", b.height);
          o.set("fill", b.fill);
          o.set("opacity", b.opacity);
          o.set("label", b.label);
          return o;
        }));
  j.set("annotations", list_json(r.annotations, [](const Annotation& a) {
          Json o(Json::Object{});
          o.set("x", a.x);
          o.set("y", a.y);
          o.set("text", a.text);
          o.set("anchor", a.anchor);
          o.set("font_size", a.font_size);
          o.set("colour", a.colour);
          return o;
        }));
  if (!r.shapes.empty()) j.set("shapes", list_json(r.shapes, shape_json));
  return j;
}

std::string to_json(const Representation& representation, int indent) {
  return to_json_value(representation).dump(indent);
}

Representation from_json_value(const Json& value) {
  Representation out;
  Reader r(value, "representation");
  if (const Json* f = r.get("format"); f && f->as_string("format") != format_name)
    throw InvalidInput("format: expected " + quote(format_name) + ", got " + quote(f->as_string()));
  if (const Json* v = r.get("version");
      v && v->as_int("version") != format_version && v->as_int("version") != format_version_shapes)
    throw InvalidInput("version: this reader knows versions 1 and 2, got " + std::to_string(v->as_int()));
  r.read("title", out.title);
  r.read("notes", out.notes);
  if (const Json* m = r.get("metadata")) {
    m->as_object("metadata");
    out.metadata = *m;
  }
  r.read("width", out.width);
  r.read("height", out.height);
  read_list(r, "groups", out.groups, [](const Json& j, std::size_t i) {
    Group g;
    Reader rr(j, "groups[" + std::to_string(i) + "]");
    rr.read("id", g.id);
    rr.read("label", g.label);
    rr.read("colour", g.colour);
    rr.read("shape", g.shape);
    rr.finish();
    return g;
  });
  read_list(r, "legend", out.legend, [](const Json& j, std::size_t i) {
    LegendEntry e;
    Reader rr(j, "legend[" + std::to_string(i) + "]");
    rr.read("label", e.label);
    rr.read("symbol", e.symbol);
    rr.read("colour", e.colour);
    rr.read("group", e.group);
    rr.finish();
    return e;
  });
  read_list(r, "nodes", out.nodes, node_from);
  read_list(r, "edges", out.edges, edge_from);
  read_list(r, "axes", out.axes, [](const Json& j, std::size_t i) {
    Axis a;
    Reader rr(j, "axes[" + std::to_string(i) + "]");
    rr.read("x1", a.x1);
    rr.read("y1", a.y1);
    rr.read("x2", a.x2);
    rr.read("y2", a.y2);
    rr.read("label", a.label);
    if (const Json* t = rr.get("ticks")) {
      for (const auto& tick : t->as_array("ticks")) {
        const auto& pair = tick.as_array("tick");
        if (pair.size() != 2) throw InvalidInput("axes ticks: expected [position, text] pairs");
        a.ticks.emplace_back(pair[0].as_double("tick position"), pair[1].as_string("tick text"));
      }
    }
    rr.finish();
    return a;
  });
  read_list(r, "bands", out.bands, [](const Json& j, std::size_t i) {
    Band b;
    Reader rr(j, "bands[" + std::to_string(i) + "]");
    rr.read("orientation", b.orientation);
    rr.read("from", b.from);
    rr.read("to", b.to);
    rr.read("label", b.label);
    rr.read("colour", b.colour);
    rr.finish();
    return b;
  });
  read_list(r, "rects", out.rects, [](const Json& j, std::size_t i) {
    Rect b;
    Reader rr(j, "rects[" + std::to_string(i) + "]");
    rr.read("x", b.x);
    rr.read("y", b.y);
    rr.read("width", b.width);
    rr.read("height", b.height);
    rr.read("fill", b.fill);
    rr.read("opacity", b.opacity);
    rr.read("label", b.label);
    rr.finish();
    return b;
  });
  read_list(r, "annotations", out.annotations, [](const Json& j, std::size_t i) {
    Annotation a;
    Reader rr(j, "annotations[" + std::to_string(i) + "]");
    rr.read("x", a.x);
    rr.read("y", a.y);
    rr.read("text", a.text);
    rr.read("anchor", a.anchor);
    rr.read("font_size", a.font_size);
    rr.read("colour", a.colour);
    rr.finish();
    return a;
  });
  read_list(r, "shapes", out.shapes, shape_from);
  r.finish();
  return out;
}

Representation from_json(std::string_view text, std::string_view source) {
  if (source.empty()) return from_json_value(Json::parse(text));
  const Json value = Json::parse(text, source);
  try {
    return from_json_value(value);
  } catch (const InvalidInput& e) {
    throw InvalidInput(std::string(source) + ": " + e.what());
  }
}

}  // namespace maillage::systemic
