#include "maillage/render/labels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <vector>

namespace maillage::render {

namespace {

double intersection(const Box& a, const Box& b) {
  double w = std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
  double h = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
  return (w > 0 && h > 0) ? w * h : 0.0;
}

Box mark_box(const systemic::Node& n) { return Box{n.x - n.size, n.y - n.size, 2 * n.size, 2 * n.size}; }

/// A uniform grid of boxes for neighbourhood queries.
class Grid {
 public:
  explicit Grid(double cell) : cell_(cell) {}
  void add(const Box& b, std::size_t id) {
    for_cells(b, [&](std::int64_t key) { cells_[key].push_back(id); });
  }
  template <class F>
  void query(const Box& b, F f) const {
    for_cells(b, [&](std::int64_t key) {
      auto it = cells_.find(key);
      if (it != cells_.end())
        for (std::size_t id : it->second) f(id);
    });
  }

 private:
  template <class F>
  void for_cells(const Box& b, F f) const {
    auto x0 = static_cast<std::int64_t>(std::floor(b.x / cell_));
    auto x1 = static_cast<std::int64_t>(std::floor((b.x + b.width) / cell_));
    auto y0 = static_cast<std::int64_t>(std::floor(b.y / cell_));
    auto y1 = static_cast<std::int64_t>(std::floor((b.y + b.height) / cell_));
    for (auto gx = x0; gx <= x1; ++gx)
      for (auto gy = y0; gy <= y1; ++gy) f(gx * 1000003 + gy);
  }
  double cell_;
  std::unordered_map<std::int64_t, std::vector<std::size_t>> cells_;
};

}  // namespace

double text_width(std::string_view text, double font_size) {
  std::size_t points = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++points;
  return static_cast<double>(points) * 0.58 * font_size;
}

Box label_box(const systemic::Node& n) {
  double w = text_width(n.label, n.font_size);
  double x = n.label_x;
  if (n.label_anchor == "end") x -= w;
  else if (n.label_anchor == "middle") x -= w / 2;
  return Box{x, n.label_y - 0.8 * n.font_size, w, 1.05 * n.font_size};
}

Box legend_box(const systemic::Representation& r) {
  if (r.legend.empty()) return Box{};
  double width = 0;
  for (const auto& e : r.legend) width = std::max(width, text_width(e.label, 10));
  width += 34;
  double h = 10 + 16 * static_cast<double>(r.legend.size());
  return Box{r.width - width - 10, r.height - h - 10, width, h};
}

void place_labels(systemic::Representation& r, const LabelOptions& options) {
  const std::size_t n = r.nodes.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (r.nodes[a].size != r.nodes[b].size) return r.nodes[a].size > r.nodes[b].size;
    return r.nodes[a].key < r.nodes[b].key;
  });
  Grid marks(40), labels(40);
  for (std::size_t i = 0; i < n; ++i) marks.add(mark_box(r.nodes[i]), i);
  std::vector<Box> placed(n);
  const Box legend = legend_box(r);
  for (std::size_t i : order) {
    systemic::Node& node = r.nodes[i];
    if (node.label.empty()) {
      node.label_visible = false;
      continue;
    }
    const double fs = node.font_size, g = node.size + options.gap;
    const double baseline = 0.35 * fs;  // vertical offset that centres the text on a point
    struct Candidate {
      double x, y;
      const char* anchor;
    };
    const double d = g * 0.75;
    const Candidate candidates[] = {
        {node.x + g, node.y + baseline, "start"},        {node.x - g, node.y + baseline, "end"},
        {node.x, node.y - g - 0.25 * fs, "middle"},      {node.x, node.y + g + 0.8 * fs, "middle"},
        {node.x + d, node.y - d - 0.1 * fs, "start"},    {node.x + d, node.y + d + 0.7 * fs, "start"},
        {node.x - d, node.y - d - 0.1 * fs, "end"},      {node.x - d, node.y + d + 0.7 * fs, "end"},
    };
    double best_cost = std::numeric_limits<double>::infinity();
    double best_label_overlap = 0, best_outside = 0;
    int best = 0;
    for (int c = 0; c < 8; ++c) {
      node.label_x = candidates[c].x;
      node.label_y = candidates[c].y;
      node.label_anchor = candidates[c].anchor;
      Box b = label_box(node);
      double over_labels = 0, over_marks = 0, outside = 0;
      labels.query(b, [&](std::size_t j) { over_labels += intersection(b, placed[j]); });
      std::vector<std::size_t> seen;
      marks.query(b, [&](std::size_t j) {
        if (j == i || std::find(seen.begin(), seen.end(), j) != seen.end()) return;
        seen.push_back(j);
        over_marks += intersection(b, mark_box(r.nodes[j]));
      });
      outside += intersection(b, legend);
      if (b.x < 0) outside += -b.x * b.height;
      if (b.y < 0) outside += -b.y * b.width;
      if (b.x + b.width > r.width) outside += (b.x + b.width - r.width) * b.height;
      if (b.y + b.height > r.height) outside += (b.y + b.height - r.height) * b.width;
      // Label overlaps (counted once per intersecting pair found through the grid) weigh most.
      double cost = over_labels * 10 + over_marks * 3 + outside * 5 + c * 1e-6;
      if (cost < best_cost) {
        best_cost = cost;
        best = c;
        best_label_overlap = over_labels;
        best_outside = outside;
      }
      if (cost < 1e-3) break;
    }
    node.label_x = candidates[best].x;
    node.label_y = candidates[best].y;
    node.label_anchor = candidates[best].anchor;
    node.label_visible = !(options.hide_overlapping && (best_label_overlap > 0 || best_outside > 0));
    if (node.label_visible) {
      placed[i] = label_box(node);
      labels.add(placed[i], i);
    }
  }
}

OverlapStats label_overlap(const systemic::Representation& r) {
  OverlapStats stats;
  const std::size_t n = r.nodes.size();
  std::vector<Box> boxes(n);
  Grid grid(40), marks(40);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    marks.add(mark_box(r.nodes[i]), i);
    if (!r.nodes[i].label_visible || r.nodes[i].label.empty()) {
      if (!r.nodes[i].label.empty()) ++stats.hidden;
      continue;
    }
    ++stats.labels;
    boxes[i] = label_box(r.nodes[i]);
    total += boxes[i].width * boxes[i].height;
  }
  double over = 0, over_marks = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!r.nodes[i].label_visible || r.nodes[i].label.empty()) continue;
    std::vector<std::size_t> seen;
    grid.query(boxes[i], [&](std::size_t j) {
      if (std::find(seen.begin(), seen.end(), j) != seen.end()) return;
      seen.push_back(j);
      double a = intersection(boxes[i], boxes[j]);
      if (a > 0) {
        ++stats.overlapping_pairs;
        over += a;
      }
    });
    seen.clear();
    marks.query(boxes[i], [&](std::size_t j) {
      if (j == i || std::find(seen.begin(), seen.end(), j) != seen.end()) return;
      seen.push_back(j);
      over_marks += intersection(boxes[i], mark_box(r.nodes[j]));
    });
    grid.add(boxes[i], i);
  }
  if (total > 0) {
    stats.overlap_ratio = over / total;
    stats.node_overlap_ratio = over_marks / total;
  }
  return stats;
}

}  // namespace maillage::render
