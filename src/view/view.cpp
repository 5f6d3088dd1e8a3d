#include "maillage/view/view.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "../core/graph_data.hpp"
#include "view_data.hpp"
#include "maillage/core/error.hpp"
#include "maillage/core/memory.hpp"
#include "maillage/view/eigen.hpp"

namespace maillage {

namespace {

constexpr std::uint32_t absent = std::numeric_limits<std::uint32_t>::max();

using Op = AttributeFilter::Op;

std::string_view op_name(Op op) {
  switch (op) {
    case Op::eq: return "==";
    case Op::ne: return "!=";
    case Op::in: return "in";
    case Op::not_in: return "not in";
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::missing: return "is missing";
    case Op::present: return "is present";
  }
  return "?";
}

bool is_number(const Value& v) {
  return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v);
}

double as_double(const Value& v) {
  if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::get<double>(v);
}

// Three-way comparison of two present values, or nothing when their types do not compare.
std::optional<int> compare_values(const Value& a, const Value& b) {
  if (is_number(a) && is_number(b)) {
    if (std::holds_alternative<std::int64_t>(a) && std::holds_alternative<std::int64_t>(b)) {
      const auto x = std::get<std::int64_t>(a), y = std::get<std::int64_t>(b);
      return (x > y) - (x < y);
    }
    const double x = as_double(a), y = as_double(b);
    return (x > y) - (x < y);
  }
  if (a.index() != b.index()) return std::nullopt;
  if (auto* s = std::get_if<std::string>(&a)) {
    const int c = s->compare(std::get<std::string>(b));
    return (c > 0) - (c < 0);
  }
  if (auto* x = std::get_if<bool>(&a)) return static_cast<int>(*x) - static_cast<int>(std::get<bool>(b));
  if (auto* x = std::get_if<Date>(&a)) {
    const auto y = std::get<Date>(b);
    return (x->days > y.days) - (x->days < y.days);
  }
  if (auto* x = std::get_if<StringList>(&a)) {
    const auto& y = std::get<StringList>(b);
    return (*x > y) - (*x < y);
  }
  return std::nullopt;
}

// Node selection as a mask over graph nodes.
std::vector<char> select_nodes(const Graph& g, const ViewOptions& o) {
  const std::size_t n = g.number_of_nodes();
  std::vector<char> keep(n, 1);
  if (!o.kinds.empty()) {
    std::vector<char> kind_ok(g.kinds().size(), 0);
    for (const auto& k : o.kinds) {
      auto it = std::find(g.kinds().begin(), g.kinds().end(), k);
      if (it == g.kinds().end()) {
        std::string known;
        for (const auto& name : g.kinds()) known += (known.empty() ? "" : ", ") + name;
        throw InvalidInput("kinds: no node of kind " + quote(k) + " in this graph (kinds: " +
                           (known.empty() ? std::string("none") : known) + ")");
      }
      kind_ok[static_cast<std::size_t>(it - g.kinds().begin())] = 1;
    }
    for (NodeId i = 0; i < n; ++i) keep[i] = kind_ok[g.kind_id(i)];
  }
  if (o.nodes) {
    std::vector<char> listed(n, 0);
    for (const auto& key : *o.nodes) listed[g.id(key)] = 1;
    for (NodeId i = 0; i < n; ++i) keep[i] = keep[i] && listed[i];
  }
  for (const auto& f : o.where) {
    const bool pseudo_key = f.attribute == "key", pseudo_kind = f.attribute == "kind";
    const Column* column = nullptr;
    if (!pseudo_key && !pseudo_kind) {
      column = g.node_attributes().find(f.attribute);
      if (!column) {
        std::string known = "key, kind";
        for (const auto& name : g.node_attributes().names()) known += ", " + name;
        throw InvalidInput("where: unknown node attribute " + quote(f.attribute) + " (attributes: " + known + ")");
      }
    }
    const bool unary = f.op == Op::missing || f.op == Op::present;
    const bool multi = f.op == Op::in || f.op == Op::not_in;
    if (!unary && !multi && f.values.size() != 1)
      throw InvalidInput("where: " + quote(f.attribute) + " " + std::string(op_name(f.op)) + " needs exactly one value");
    const bool ordered_op = f.op == Op::lt || f.op == Op::le || f.op == Op::gt || f.op == Op::ge;
    // An ordered categorical (such as `scale`) compares by category order.
    const bool by_code = column && column->type() == AttrType::categorical && ordered_op;
    if (column && column->type() == AttrType::categorical && ordered_op && !column->ordered())
      throw InvalidInput("where: attribute " + quote(f.attribute) + " is an unordered categorical: " +
                         std::string(op_name(f.op)) + " does not apply");
    std::int32_t code = 0;
    if (by_code) {
      const auto* s = std::get_if<std::string>(&f.values[0]);
      auto c = s ? column->category_code(*s) : std::nullopt;
      if (!c)
        throw InvalidInput("where: " + to_display(f.values[0]) + " is not a category of " + quote(f.attribute));
      code = *c;
    }
    for (NodeId i = 0; i < n; ++i) {
      if (!keep[i]) continue;
      Value v;
      if (pseudo_key) v = g.key(i);
      else if (pseudo_kind) v = g.kind(i);
      else v = column->get(i);
      const bool missing = std::holds_alternative<std::monostate>(v);
      bool ok = false;
      switch (f.op) {
        case Op::missing: ok = missing; break;
        case Op::present: ok = !missing; break;
        case Op::eq:
        case Op::ne:
        case Op::in:
        case Op::not_in: {
          bool found = false;
          if (missing) {
            for (const auto& want : f.values) found = found || std::holds_alternative<std::monostate>(want);
          } else {
            for (const auto& want : f.values) {
              if (std::holds_alternative<std::monostate>(want)) continue;
              auto c = compare_values(v, want);
              if (c && *c == 0) {
                found = true;
                break;
              }
            }
          }
          ok = (f.op == Op::eq || f.op == Op::in) ? found : !found;
          break;
        }
        default: {
          if (missing) break;
          int c;
          if (by_code) {
            const std::int32_t mine = column->codes()[i];
            c = (mine > code) - (mine < code);
          } else {
            auto cmp = compare_values(v, f.values[0]);
            if (!cmp)
              throw InvalidInput("where: cannot compare attribute " + quote(f.attribute) + " value " + to_display(v) +
                                 " with " + to_display(f.values[0]));
            c = *cmp;
          }
          ok = (f.op == Op::lt && c < 0) || (f.op == Op::le && c <= 0) || (f.op == Op::gt && c > 0) ||
               (f.op == Op::ge && c >= 0);
        }
      }
      keep[i] = ok;
    }
  }
  return keep;
}

// 24 bytes (the double last): one per kept arc while the view is built, so the build's peak
// memory follows its size.
struct Item {
  std::uint32_t a, b;
  EdgeId e;
  std::uint8_t bucket;  // 0: undirected (or directed view), 1: a→b arcs, 2: b→a arcs
  double w;
};
static_assert(sizeof(Item) == 24);

struct Acc {
  bool present = false;
  double w = 0;
};

void add_parallel(Acc& acc, double w, WeightKind kind) {
  if (!acc.present) {
    acc = {true, w};
  } else if (kind == WeightKind::strength) {
    acc.w += w;
  } else {
    acc.w = std::min(acc.w, w);
  }
}

bool stronger(double x, double y, WeightKind kind) { return kind == WeightKind::strength ? x > y : x < y; }

void build_csr(detail::ViewData& v) {
  const std::size_t n = v.nodes.size();
  const std::size_t m = v.edge_source.size();
  v.out_offsets.assign(n + 1, 0);
  for (std::size_t e = 0; e < m; ++e) {
    ++v.out_offsets[v.edge_source[e] + 1];
    if (!v.directed && v.edge_source[e] != v.edge_target[e]) ++v.out_offsets[v.edge_target[e] + 1];
  }
  std::partial_sum(v.out_offsets.begin(), v.out_offsets.end(), v.out_offsets.begin());
  const auto arcs = v.out_offsets[n];
  v.out_targets.assign(arcs, 0);
  v.out_weights.assign(arcs, 0);
  v.out_edges.assign(arcs, 0);
  std::vector<std::uint64_t> pos(v.out_offsets.begin(), v.out_offsets.end() - 1);
  auto put = [&](std::uint32_t from, std::uint32_t to, std::size_t e) {
    const auto p = pos[from]++;
    v.out_targets[p] = to;
    v.out_weights[p] = v.edge_weight[e];
    v.out_edges[p] = static_cast<std::uint32_t>(e);
  };
  if (v.directed) {
    for (std::size_t e = 0; e < m; ++e) put(v.edge_source[e], v.edge_target[e], e);
    v.in_offsets.assign(n + 1, 0);
    for (std::size_t e = 0; e < m; ++e) ++v.in_offsets[v.edge_target[e] + 1];
    std::partial_sum(v.in_offsets.begin(), v.in_offsets.end(), v.in_offsets.begin());
    v.in_sources.assign(m, 0);
    v.in_weights.assign(m, 0);
    v.in_edges.assign(m, 0);
    std::vector<std::uint64_t> ipos(v.in_offsets.begin(), v.in_offsets.end() - 1);
    for (std::size_t e = 0; e < m; ++e) {
      const auto p = ipos[v.edge_target[e]]++;
      v.in_sources[p] = v.edge_source[e];
      v.in_weights[p] = v.edge_weight[e];
      v.in_edges[p] = static_cast<std::uint32_t>(e);
    }
  } else {
    // Edges sorted by (source, target) with source ≤ target fill every row in ascending order.
    for (std::size_t e = 0; e < m; ++e) {
      const auto s = v.edge_source[e], t = v.edge_target[e];
      if (s == t) {
        put(s, t, e);
      } else {
        put(s, t, e);
        put(t, s, e);
      }
    }
    // Rows receive (s, x) arcs before (x, t) arcs; both runs ascending and s < x ≤ t.
  }
}

// Renumbers view nodes by `perm` (old index → new index) and re-sorts the edges.
void renumber(detail::ViewData& v, const std::vector<std::uint32_t>& perm) {
  const std::size_t n = v.nodes.size(), m = v.edge_source.size();
  std::vector<NodeId> nodes(n);
  for (std::size_t i = 0; i < n; ++i) nodes[perm[i]] = v.nodes[i];
  v.nodes = std::move(nodes);
  for (std::size_t i = 0; i < n; ++i) v.index_of[v.nodes[i]] = static_cast<std::uint32_t>(i);
  std::vector<std::uint32_t> s(m), t(m);
  for (std::size_t e = 0; e < m; ++e) {
    s[e] = perm[v.edge_source[e]];
    t[e] = perm[v.edge_target[e]];
    if (!v.directed && s[e] > t[e]) std::swap(s[e], t[e]);
  }
  std::vector<std::uint32_t> order(m);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](auto x, auto y) { return std::pair(s[x], t[x]) < std::pair(s[y], t[y]); });
  std::vector<std::uint32_t> ns(m), nt(m);
  std::vector<double> nw(m);
  std::vector<std::uint64_t> offsets{0};
  std::vector<EdgeId> members;
  members.reserve(v.members.size());
  offsets.reserve(m + 1);
  for (std::size_t k = 0; k < m; ++k) {
    const auto e = order[k];
    ns[k] = s[e];
    nt[k] = t[e];
    nw[k] = v.edge_weight[e];
    members.insert(members.end(), v.members.begin() + static_cast<std::ptrdiff_t>(v.member_offsets[e]),
                   v.members.begin() + static_cast<std::ptrdiff_t>(v.member_offsets[e + 1]));
    offsets.push_back(members.size());
  }
  v.edge_source = std::move(ns);
  v.edge_target = std::move(nt);
  v.edge_weight = std::move(nw);
  v.members = std::move(members);
  v.member_offsets = std::move(offsets);
  build_csr(v);
}

// Drops the per-edge build arrays once the CSR holds the same facts (endpoints and weights of each
// view edge are those of one of its arcs), and the member offsets when every view edge has one
// member (or a short list of the edges with several): 24 bytes per edge fewer, 8 per node more
// (undirected).
void compact(detail::ViewData& v) {
  const std::size_t n = v.nodes.size(), m = v.edge_source.size();
  v.edges = m;
  if (!v.directed) {
    v.edge_first.assign(n + 1, 0);
    for (std::size_t e = 0; e < m; ++e) ++v.edge_first[v.edge_source[e] + 1];
    std::partial_sum(v.edge_first.begin(), v.edge_first.end(), v.edge_first.begin());
  }
  std::vector<std::uint32_t>().swap(v.edge_source);
  std::vector<std::uint32_t>().swap(v.edge_target);
  std::vector<double>().swap(v.edge_weight);
  bool every_edge_has_one = true;
  std::vector<std::uint32_t> multi;
  std::vector<std::uint64_t> extra{0};
  for (std::size_t e = 0; e < m && every_edge_has_one; ++e) {
    const auto count = v.member_offsets[e + 1] - v.member_offsets[e];
    every_edge_has_one = count >= 1;
    if (count > 1) {
      multi.push_back(static_cast<std::uint32_t>(e));
      extra.push_back(extra.back() + count - 1);
    }
  }
  if (every_edge_has_one) {
    std::vector<std::uint64_t>().swap(v.member_offsets);
    v.multi = std::move(multi);
    v.extra = std::move(extra);
  }
}

std::vector<std::uint32_t> bfs_order(const detail::ViewData& v) {
  const std::size_t n = v.nodes.size();
  std::vector<std::uint32_t> perm(n, absent);
  std::vector<std::uint32_t> queue;
  queue.reserve(n);
  std::uint32_t next = 0;
  auto visit = [&](std::uint32_t x) {
    if (perm[x] == absent) {
      perm[x] = next++;
      queue.push_back(x);
    }
  };
  for (std::uint32_t root = 0; root < n; ++root) {
    if (perm[root] != absent) continue;
    visit(root);
    for (std::size_t q = queue.size() - 1; q < queue.size(); ++q) {
      const auto x = queue[q];
      for (auto a = v.out_offsets[x]; a < v.out_offsets[x + 1]; ++a) visit(v.out_targets[a]);
      if (v.directed)
        for (auto a = v.in_offsets[x]; a < v.in_offsets[x + 1]; ++a) visit(v.in_sources[a]);
    }
  }
  return perm;
}

std::vector<std::uint32_t> degree_order(const detail::ViewData& v) {
  const std::size_t n = v.nodes.size();
  std::vector<std::uint64_t> degree(n);
  for (std::size_t i = 0; i < n; ++i) {
    degree[i] = v.out_offsets[i + 1] - v.out_offsets[i];
    if (v.directed) degree[i] += v.in_offsets[i + 1] - v.in_offsets[i];
  }
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](auto x, auto y) { return degree[x] > degree[y]; });
  std::vector<std::uint32_t> perm(n);
  for (std::size_t r = 0; r < n; ++r) perm[order[r]] = static_cast<std::uint32_t>(r);
  return perm;
}

}  // namespace

View::View(const Graph& graph, const ViewOptions& options) {
  // The build's arrays (about as large as the view) once freed, on views worth it.
  const detail::ReleaseFreeMemoryAtExit free_at_exit(graph.number_of_edges() >= 65536);
  auto v = std::make_shared<detail::ViewData>();
  v->graph = graph;
  v->options = options;
  const Graph& g = v->graph;
  const std::size_t n = g.number_of_nodes(), m = g.number_of_edges();

  // ---- nodes
  const std::vector<char> keep = select_nodes(g, options);
  v->index_of.assign(n, absent);
  for (NodeId i = 0; i < n; ++i) {
    if (keep[i]) {
      v->index_of[i] = static_cast<std::uint32_t>(v->nodes.size());
      v->nodes.push_back(i);
    }
  }

  // ---- relations and directedness
  const auto& registry = g.relations();
  std::vector<char> relation_ok(registry.size(), options.relations.empty() && !options.no_relations ? 1 : 0);
  for (RelationId r : registry.resolve(options.relations)) relation_ok[r] = 1;
  // ---- weights
  v->weighted = options.weight.has_value();
  v->weight_kind = options.weight_kind;
  const Column* weight_column_ptr = nullptr;
  if (options.weight && *options.weight != weight_column) {
    weight_column_ptr = g.edge_attributes().find(*options.weight);
    if (!weight_column_ptr) {
      std::string known = "weight";
      for (const auto& name : g.edge_attributes().names()) known += ", " + name;
      throw InvalidInput("weight: unknown edge attribute " + quote(*options.weight) + " (attributes: " + known + ")");
    }
    if (weight_column_ptr->type() != AttrType::int64 && weight_column_ptr->type() != AttrType::float64)
      throw InvalidInput("weight: edge attribute " + quote(*options.weight) + " holds " +
                         std::string(type_name(weight_column_ptr->type())) + " values, not numbers");
  }

  // ---- kept edges: relation, both ends in the view, interval meeting the window
  const std::int32_t window_start = options.start ? options.start->days : std::numeric_limits<std::int32_t>::min();
  const std::int32_t window_end = options.end ? options.end->days : std::numeric_limits<std::int32_t>::max();
  const bool windowed = options.start || options.end;
  if (options.start && options.end && *options.end < *options.start)
    throw InvalidInput("time window: the end (" + options.end->iso() + ") precedes the start (" + options.start->iso() + ")");
  std::vector<EdgeId> kept;
  for (EdgeId e = 0; e < m; ++e) {
    if (!relation_ok[g.relation_ids()[e]]) continue;
    if (v->index_of[g.sources()[e]] == absent || v->index_of[g.targets()[e]] == absent) continue;
    if (windowed) {
      const auto s = g.start(e), t = g.end(e);
      if (!s && !t && !options.keep_undated) continue;
      if (s && s->days > window_end) continue;
      if (t && t->days < window_start) continue;
    }
    kept.push_back(e);
  }
  // ---- directedness: as asked, else directed iff every relation of a kept edge is directed
  if (options.directed) {
    v->directed = *options.directed;
  } else {
    v->directed = !kept.empty();
    for (EdgeId e : kept) {
      if (!registry[g.relation_ids()[e]].directed) {
        v->directed = false;
        break;
      }
    }
  }
  std::vector<Item> items;
  items.reserve(v->directed ? 2 * kept.size() : kept.size());
  for (EdgeId e : kept) {
    const RelationId r = g.relation_ids()[e];
    const std::uint32_t a = v->index_of[g.sources()[e]], b = v->index_of[g.targets()[e]];
    double w = 1.0;
    if (v->weighted) {
      if (weight_column_ptr) {
        if (weight_column_ptr->is_missing(e))
          throw InvalidInput("weight: edge " + std::to_string(e) + " (" + quote(g.key(g.sources()[e])) + " → " +
                             quote(g.key(g.targets()[e])) + ") has no " + quote(*options.weight) + " value");
        w = weight_column_ptr->type() == AttrType::int64 ? static_cast<double>(weight_column_ptr->ints()[e])
                                                         : weight_column_ptr->doubles()[e];
        if (!std::isfinite(w) || w < 0)
          throw InvalidInput("weight: edge " + std::to_string(e) + " (" + quote(g.key(g.sources()[e])) + " → " +
                             quote(g.key(g.targets()[e])) + ") has " + quote(*options.weight) + " " + to_display(w) +
                             " (weights must be finite and ≥ 0)");
      } else {
        w = g.weights()[e];
      }
    }
    const bool rel_directed = registry[r].directed;
    if (v->directed) {
      items.push_back({a, b, e, 0, w});
      if (!rel_directed && a != b) items.push_back({b, a, e, 0, w});
    } else {
      std::uint8_t bucket = 0;
      if (rel_directed && a != b) bucket = a < b ? 1 : 2;
      items.push_back({std::min(a, b), std::max(a, b), e, bucket, w});
    }
  }
  std::sort(items.begin(), items.end(), [](const Item& x, const Item& y) {
    return std::tie(x.a, x.b, x.bucket, x.e) < std::tie(y.a, y.b, y.bucket, y.e);
  });

  std::vector<EdgeId>().swap(kept);

  // ---- combine per pair (the pair arrays sized once: at most one view edge per item)
  const WeightKind kind = options.weight_kind;
  v->edge_source.reserve(items.size());
  v->edge_target.reserve(items.size());
  v->edge_weight.reserve(items.size());
  v->members.reserve(items.size());
  v->member_offsets.reserve(items.size() + 1);
  for (std::size_t i = 0; i < items.size();) {
    std::size_t j = i;
    Acc acc[3];
    while (j < items.size() && items[j].a == items[i].a && items[j].b == items[i].b) {
      add_parallel(acc[items[j].bucket], items[j].w, kind);
      ++j;
    }
    Acc result = acc[0];
    bool use_directed_buckets = true;
    if (!v->directed && (acc[1].present || acc[2].present)) {
      Acc sym;
      switch (options.symmetrize) {
        case Symmetrize::sum:
          sym = acc[1];
          if (acc[2].present) add_parallel(sym, acc[2].w, kind);
          if (!sym.present) sym = acc[2];
          break;
        case Symmetrize::max:
          if (acc[1].present && acc[2].present) sym = {true, stronger(acc[1].w, acc[2].w, kind) ? acc[1].w : acc[2].w};
          else sym = acc[1].present ? acc[1] : acc[2];
          break;
        case Symmetrize::both:
          if (acc[1].present && acc[2].present) sym = {true, stronger(acc[1].w, acc[2].w, kind) ? acc[2].w : acc[1].w};
          else use_directed_buckets = false;
          break;
      }
      if (sym.present) add_parallel(result, sym.w, kind);
    }
    if (result.present) {
      v->edge_source.push_back(items[i].a);
      v->edge_target.push_back(items[i].b);
      v->edge_weight.push_back(v->weighted ? result.w : 1.0);
      for (std::size_t k = i; k < j; ++k)
        if (items[k].bucket == 0 || use_directed_buckets) v->members.push_back(items[k].e);
      std::sort(v->members.begin() + static_cast<std::ptrdiff_t>(v->member_offsets.back()), v->members.end());
      v->members.erase(std::unique(v->members.begin() + static_cast<std::ptrdiff_t>(v->member_offsets.back()),
                                   v->members.end()),
                       v->members.end());
      v->member_offsets.push_back(v->members.size());
    }
    i = j;
  }
  std::vector<Item>().swap(items);  // before the CSR is allocated: the build's peak is one of them, not both
  if (v->nodes.size() >= absent) throw InvalidInput("a view holds at most 4294967294 nodes");
  build_csr(*v);
  if (options.order == NodeOrder::bfs) renumber(*v, bfs_order(*v));
  if (options.order == NodeOrder::degree) renumber(*v, degree_order(*v));
  compact(*v);
  data_ = std::move(v);
}

const Graph& View::graph() const { return data_->graph; }
const ViewOptions& View::options() const { return data_->options; }
bool View::directed() const { return data_->directed; }
bool View::weighted() const { return data_->weighted; }
WeightKind View::weight_kind() const { return data_->weight_kind; }
std::uint32_t View::number_of_nodes() const { return static_cast<std::uint32_t>(data_->nodes.size()); }
std::size_t View::number_of_edges() const { return data_->edges; }
NodeId View::node(std::uint32_t index) const { return data_->nodes.at(index); }

std::optional<std::uint32_t> View::index(NodeId node) const {
  if (node >= data_->index_of.size() || data_->index_of[node] == absent) return std::nullopt;
  return data_->index_of[node];
}

std::uint32_t View::index_of(std::string_view key) const {
  const NodeId node = data_->graph.id(key);
  if (auto i = index(node)) return *i;
  throw NotFound("node " + quote(key) + " is not in this view");
}

const std::string& View::key(std::uint32_t index) const { return data_->graph.key(node(index)); }
std::span<const NodeId> View::nodes() const { return data_->nodes; }
std::span<const std::uint64_t> View::out_offsets() const { return data_->out_offsets; }
std::span<const std::uint32_t> View::out_targets() const { return data_->out_targets; }
std::span<const double> View::out_weights() const { return data_->out_weights; }
std::span<const std::uint32_t> View::out_edges() const { return data_->out_edges; }

std::span<const std::uint32_t> View::out_neighbors(std::uint32_t i) const {
  const auto& d = *data_;
  const auto end = d.out_offsets.at(i + 1);  // checks i < n before reading offsets[i + 1]
  return std::span<const std::uint32_t>(d.out_targets).subspan(d.out_offsets[i], end - d.out_offsets[i]);
}

std::span<const double> View::out_neighbor_weights(std::uint32_t i) const {
  const auto& d = *data_;
  const auto end = d.out_offsets.at(i + 1);  // checks i < n before reading offsets[i + 1]
  return std::span<const double>(d.out_weights).subspan(d.out_offsets[i], end - d.out_offsets[i]);
}

std::span<const std::uint64_t> View::in_offsets() const { return directed() ? data_->in_offsets : data_->out_offsets; }
std::span<const std::uint32_t> View::in_sources() const { return directed() ? data_->in_sources : data_->out_targets; }
std::span<const double> View::in_weights() const { return directed() ? data_->in_weights : data_->out_weights; }
std::span<const std::uint32_t> View::in_edges() const { return directed() ? data_->in_edges : data_->out_edges; }

std::span<const std::uint32_t> View::in_neighbors(std::uint32_t i) const {
  if (i >= number_of_nodes()) throw std::out_of_range("view index " + std::to_string(i) + " out of range");
  const auto offsets = in_offsets();
  return in_sources().subspan(offsets[i], offsets[i + 1] - offsets[i]);
}

std::uint32_t View::out_degree(std::uint32_t i) const {
  return static_cast<std::uint32_t>(data_->out_offsets.at(i + 1) - data_->out_offsets[i]);
}

std::uint32_t View::in_degree(std::uint32_t i) const {
  if (i >= number_of_nodes()) throw std::out_of_range("view index " + std::to_string(i) + " out of range");
  const auto offsets = in_offsets();
  return static_cast<std::uint32_t>(offsets[i + 1] - offsets[i]);
}

namespace {

void check_edge(const detail::ViewData& d, std::size_t edge) {
  if (edge >= d.edges) throw std::out_of_range("view edge " + std::to_string(edge) + " out of range");
}

// Source of view edge `edge` (checked): the row whose edges include it. O(log n).
std::uint32_t source_of(const detail::ViewData& d, std::size_t edge) {
  check_edge(d, edge);
  const auto& first = d.directed ? d.out_offsets : d.edge_first;
  const auto it = std::upper_bound(first.begin(), first.end(), static_cast<std::uint64_t>(edge));
  return static_cast<std::uint32_t>(it - first.begin() - 1);
}

// The arc of view edge `edge` in its source's row: directed, the arcs are the edges; undirected,
// the edges of source u (targets ≥ u) are the last arcs of row u, in order.
std::uint64_t arc_of(const detail::ViewData& d, std::size_t edge) {
  if (d.directed) {
    check_edge(d, edge);
    return edge;
  }
  const auto u = source_of(d, edge);
  return d.out_offsets[u + 1] - (d.edge_first[u + 1] - edge);
}

}  // namespace

std::uint32_t View::edge_source(std::size_t edge) const { return source_of(*data_, edge); }
std::uint32_t View::edge_target(std::size_t edge) const { return data_->out_targets[arc_of(*data_, edge)]; }
double View::edge_weight(std::size_t edge) const { return data_->out_weights[arc_of(*data_, edge)]; }

void View::edge_ends(std::span<std::uint32_t> sources, std::span<std::uint32_t> targets,
                     std::span<double> weights) const {
  const auto& d = *data_;
  for (auto size : {sources.size(), targets.size(), weights.size()})
    if (size != 0 && size != d.edges)
      throw std::invalid_argument("View::edge_ends: an output has " + std::to_string(size) + " entries, not " +
                                  std::to_string(d.edges));
  const auto n = static_cast<std::uint32_t>(d.nodes.size());
  std::size_t e = 0;
  for (std::uint32_t u = 0; u < n; ++u) {
    const auto row_end = d.out_offsets[u + 1];
    const auto first = d.directed ? d.out_offsets[u] : row_end - (d.edge_first[u + 1] - d.edge_first[u]);
    for (auto a = first; a < row_end; ++a, ++e) {
      if (!sources.empty()) sources[e] = u;
      if (!targets.empty()) targets[e] = d.out_targets[a];
      if (!weights.empty()) weights[e] = d.out_weights[a];
    }
  }
}

std::span<const EdgeId> View::edge_members(std::size_t edge) const {
  const auto& d = *data_;
  check_edge(d, edge);
  if (d.member_offsets.empty()) {
    const auto k = static_cast<std::size_t>(
        std::lower_bound(d.multi.begin(), d.multi.end(), static_cast<std::uint32_t>(edge)) - d.multi.begin());
    const auto count = k < d.multi.size() && d.multi[k] == edge ? 1 + d.extra[k + 1] - d.extra[k] : 1;
    return std::span<const EdgeId>(d.members).subspan(edge + d.extra[k], count);
  }
  return std::span<const EdgeId>(d.members).subspan(d.member_offsets[edge], d.member_offsets[edge + 1] - d.member_offsets[edge]);
}

View Graph::view() const { return View(*this, ViewOptions{}); }
View Graph::view(const ViewOptions& options) const { return View(*this, options); }

Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t> adjacency_matrix(const View& view) {
  const auto n = static_cast<std::int64_t>(view.number_of_nodes());
  Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t> a(n, n);
  std::vector<Eigen::Triplet<double, std::int64_t>> triplets;
  triplets.reserve(view.out_targets().size());
  const auto offsets = view.out_offsets();
  for (std::int64_t u = 0; u < n; ++u)
    for (auto k = offsets[static_cast<std::size_t>(u)]; k < offsets[static_cast<std::size_t>(u) + 1]; ++k)
      triplets.emplace_back(u, view.out_targets()[k], view.out_weights()[k]);
  a.setFromTriplets(triplets.begin(), triplets.end());
  return a;
}

}  // namespace maillage
