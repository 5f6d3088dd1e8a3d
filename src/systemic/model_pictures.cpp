#include "model_pictures.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace maillage::systemic::detail {

Annotation text_at(double x, double y, std::string text, std::string anchor, double font_size, std::string colour) {
  Annotation a;
  a.x = x;
  a.y = y;
  a.text = std::move(text);
  a.anchor = std::move(anchor);
  a.font_size = font_size;
  a.colour = std::move(colour);
  return a;
}

render::Box annotation_box(const Annotation& a) {
  const double w = render::text_width(a.text, a.font_size);
  double x = a.x;
  if (a.anchor == "end") x -= w;
  else if (a.anchor == "middle") x -= w / 2;
  return render::Box{x, a.y - 0.8 * a.font_size, w, 1.05 * a.font_size};
}

bool overlaps(const render::Box& a, const render::Box& b, double pad) {
  return a.x - pad < b.x + b.width + pad && b.x - pad < a.x + a.width + pad && a.y - pad < b.y + b.height + pad &&
         b.y - pad < a.y + a.height + pad;
}

bool segment_meets_box(double x1, double y1, double x2, double y2, const render::Box& b, double pad) {
  const double xmin = b.x - pad, xmax = b.x + b.width + pad, ymin = b.y - pad, ymax = b.y + b.height + pad;
  double t0 = 0, t1 = 1;
  const double dx = x2 - x1, dy = y2 - y1;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {x1 - xmin, xmax - x1, y1 - ymin, ymax - y1};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

bool box_meets_polyline(const render::Box& b, const std::vector<std::pair<double, double>>& points, double pad) {
  for (std::size_t i = 1; i < points.size(); ++i)
    if (segment_meets_box(points[i - 1].first, points[i - 1].second, points[i].first, points[i].second, b, pad))
      return true;
  return false;
}

Shape polyline(const std::vector<std::pair<double, double>>& points, const std::string& colour, double width,
               const std::string& group, const std::string& key, const std::string& label) {
  Shape s;
  s.key = key;
  s.group = group;
  s.label = label;
  s.fill = "none";
  s.stroke = colour;
  s.stroke_width = width;
  std::vector<std::pair<double, double>> ring = points;
  for (std::size_t i = points.size() >= 2 ? points.size() - 2 : 0; i >= 1 && i < points.size(); --i)
    ring.push_back(points[i]);
  s.rings.push_back(std::move(ring));
  return s;
}

std::vector<std::pair<double, double>> polyline_points(const Shape& shape) {
  if (shape.rings.empty()) return {};
  const auto& ring = shape.rings.front();
  const std::size_t n = ring.size() <= 2 ? ring.size() : (ring.size() + 2) / 2;
  return {ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(n)};
}

std::vector<double> spread(const std::vector<std::pair<double, std::size_t>>& wanted, double gap, double lo, double hi) {
  // Blocks of consecutive items packed `gap` apart; a block starts at the mean of its items'
  // wanted places less their offsets in the block. Merge while a block reaches into the next.
  struct Block {
    double sum;  // Σ (wanted - offset in the block)
    std::size_t first, count;
    double start() const { return sum / static_cast<double>(count); }
  };
  std::vector<Block> blocks;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    blocks.push_back(Block{wanted[i].first, i, 1});
    while (blocks.size() >= 2) {
      Block& a = blocks[blocks.size() - 2];
      const Block& b = blocks.back();
      if (a.start() + gap * static_cast<double>(a.count) <= b.start() + 1e-9) break;
      a.sum += b.sum - gap * static_cast<double>(a.count) * static_cast<double>(b.count);
      a.count += b.count;
      blocks.pop_back();
    }
  }
  std::vector<double> out(wanted.size());
  for (const auto& b : blocks) {
    double start = b.start(), step = gap;
    const double length = gap * static_cast<double>(b.count - 1);
    if (length <= hi - lo) {
      start = std::clamp(start, lo, hi - length);
    } else {  // too many to keep apart: packed closer, over the whole line
      start = lo;
      step = (hi - lo) / static_cast<double>(b.count - 1);
    }
    for (std::size_t k = 0; k < b.count; ++k) out[b.first + k] = start + step * static_cast<double>(k);
  }
  return out;
}

namespace {
render::Box mark_box(const Node& n) { return render::Box{n.x - n.size, n.y - n.size, 2 * n.size, 2 * n.size}; }
/// A text's box with room for the font's actual widths (the estimate of render::text_width is an
/// average): 3 % more on each side and 1 unit all round.
render::Box grown(const render::Box& b) {
  return render::Box{b.x - 0.03 * b.width - 1, b.y - 1, b.width * 1.06 + 2, b.height + 2};
}
}  // namespace

LabelPlacer::LabelPlacer(Representation& representation, render::Box area, std::vector<render::Box> obstacles)
    : r_(representation), area_(area), obstacles_(std::move(obstacles)), placed_(representation.nodes.size()) {}

bool LabelPlacer::free(std::size_t self, const render::Box& b, const Leader* leader) const {
  if (b.x < area_.x || b.y < area_.y || b.x + b.width > area_.x + area_.width || b.y + b.height > area_.y + area_.height)
    return false;
  const render::Box wide = grown(b);
  for (const auto& o : obstacles_)
    if (overlaps(wide, grown(o), 0.5)) return false;
  for (std::size_t j = 0; j < r_.nodes.size(); ++j) {
    const Node& n = r_.nodes[j];
    if (overlaps(b, mark_box(n), 1)) return false;
    if (leader && j != self && segment_meets_box(leader->x1, leader->y1, leader->x2, leader->y2, mark_box(n), 0.5))
      return false;
    if (j != self && n.label_visible && placed_[j].width > 0) {
      if (overlaps(wide, grown(placed_[j]), 0.5)) return false;
      if (strict_ && leader && segment_meets_box(leader->x1, leader->y1, leader->x2, leader->y2, placed_[j], 0.5))
        return false;
    }
  }
  if (strict_)
    for (const auto& l : leaders_)
      if (segment_meets_box(l.x1, l.y1, l.x2, l.y2, b, 1)) return false;
  return true;
}

std::size_t LabelPlacer::place_all() {
  const std::size_t n = r_.nodes.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (r_.nodes[a].x != r_.nodes[b].x) return r_.nodes[a].x < r_.nodes[b].x;
    return r_.nodes[a].key < r_.nodes[b].key;
  });
  for (auto& node : r_.nodes) node.label_visible = false;
  std::vector<std::size_t> missed;
  for (int pass = 0; pass < 2; ++pass) {
    // The second pass lets a leader line cross a label (never a label another label).
    strict_ = pass == 0;
    std::vector<std::size_t> now = pass == 0 ? order : missed;
    missed.clear();
    for (std::size_t i : now)
      if (!r_.nodes[i].label.empty() && !place(i)) missed.push_back(i);
  }
  for (std::size_t i : missed) r_.nodes[i].label_visible = false;
  return missed.size();
}

bool LabelPlacer::place(std::size_t i) {
  {
    Node& node = r_.nodes[i];
    const double fs = node.font_size, g = node.size + 2, base = 0.35 * fs, d = g * 0.75;
    struct Candidate {
      double x, y;
      const char* anchor;
      int side;  // 0: beside the mark (no leader); 1 above, 2 below, 3 right, 4 left
    };
    std::vector<Candidate> candidates = {
        {node.x + g, node.y + base, "start", 0},          {node.x - g, node.y + base, "end", 0},
        {node.x, node.y - g - 0.25 * fs, "middle", 0},    {node.x, node.y + g + 0.8 * fs, "middle", 0},
        {node.x + d, node.y - d - 0.1 * fs, "start", 0},  {node.x + d, node.y + d + 0.7 * fs, "start", 0},
        {node.x - d, node.y - d - 0.1 * fs, "end", 0},    {node.x - d, node.y + d + 0.7 * fs, "end", 0},
    };
    for (int k = 1; k <= 40; ++k) {
      const double step = 13.0 * k;
      const double above = node.y - g - 0.25 * fs - step, below = node.y + g + 0.8 * fs + step;
      candidates.push_back({node.x, above, "middle", 1});
      candidates.push_back({node.x, below, "middle", 2});
      candidates.push_back({node.x - 10, above, "start", 1});
      candidates.push_back({node.x - 10, below, "start", 2});
      candidates.push_back({node.x + 10, above, "end", 1});
      candidates.push_back({node.x + 10, below, "end", 2});
      candidates.push_back({node.x + g + step, node.y + base, "start", 3});
      candidates.push_back({node.x - g - step, node.y + base, "end", 4});
    }
    // Then further aside: above or below, shifted left or right.
    for (int k = 1; k <= 30; ++k)
      for (double shift : {40.0, -40.0, 90.0, -90.0, 150.0, -150.0}) {
        const double step = 13.0 * k;
        candidates.push_back({node.x + shift, node.y - g - 0.25 * fs - step, shift > 0 ? "start" : "end", 1});
        candidates.push_back({node.x + shift, node.y + g + 0.8 * fs + step, shift > 0 ? "start" : "end", 2});
      }
    bool done = false;
    for (const auto& c : candidates) {
      node.label_x = c.x;
      node.label_y = c.y;
      node.label_anchor = c.anchor;
      const render::Box b = render::label_box(node);
      Leader leader{};
      if (c.side != 0) {
        double tx = std::clamp(node.x, b.x + 3, b.x + b.width - 3), ty = 0;
        if (c.side == 1) ty = b.y + b.height + 1;
        else if (c.side == 2) ty = b.y - 1;
        else {
          tx = c.side == 3 ? b.x - 1 : b.x + b.width + 1;
          ty = b.y + b.height / 2;
        }
        const double len = std::hypot(tx - node.x, ty - node.y);
        if (len <= node.size + 1) continue;
        leader = Leader{node.x + (tx - node.x) / len * (node.size + 1), node.y + (ty - node.y) / len * (node.size + 1),
                        tx, ty};
      }
      if (!free(i, b, c.side ? &leader : nullptr)) continue;
      node.label_visible = true;
      placed_[i] = b;
      if (c.side) {
        leaders_.push_back(leader);
        Shape line;
        line.key = node.key;
        line.group = "leader";
        line.stroke = "#8a8a8a";
        line.stroke_width = 0.7;
        line.rings.push_back({{leader.x1, leader.y1}, {leader.x2, leader.y2}});
        r_.shapes.push_back(std::move(line));
      }
      done = true;
      break;
    }
    return done;
  }
}

}  // namespace maillage::systemic::detail
