#pragma once
// Shared drawing helpers of the model pictures (three horizons, two loops, actor maps from
// interviews): curves as open polylines, text boxes, and a label placer that never lets two labels
// meet, moving a label away from its mark along a thin leader line when it must. Internal to the
// library (not installed).
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "maillage/render/labels.hpp"
#include "maillage/systemic/representation.hpp"

namespace maillage::systemic::detail {

/// A free text at a point.
Annotation text_at(double x, double y, std::string text, std::string anchor, double font_size = 11,
                   std::string colour = "#333333");

/// The box of an annotation as the SVG writer draws it (the same estimate as render::label_box).
render::Box annotation_box(const Annotation& a);

/// Whether two boxes meet, each grown by `pad` on every side.
bool overlaps(const render::Box& a, const render::Box& b, double pad = 0);

/// Whether the segment (x1, y1)–(x2, y2) meets the box grown by `pad` (Liang–Barsky clipping).
bool segment_meets_box(double x1, double y1, double x2, double y2, const render::Box& b, double pad = 0);

/// Whether any segment of the open polyline meets the box grown by `pad`.
bool box_meets_polyline(const render::Box& b, const std::vector<std::pair<double, double>>& points, double pad = 0);

/// An open curve through `points` as a Shape: its one ring goes forward then back over the same
/// points, so that the writers' closed rings draw a line and no chord (fill none).
Shape polyline(const std::vector<std::pair<double, double>>& points, const std::string& colour, double width,
               const std::string& group, const std::string& key, const std::string& label);

/// The points of an open curve drawn by `polyline` (the first half of its ring).
std::vector<std::pair<double, double>> polyline_points(const Shape& shape);

/// Positions along a line for items wanted at `wanted[i].first` (sorted ascending): as near as can
/// be with at least `gap` between neighbours (runs of items too close are centred on the mean of
/// their wanted places), kept within [lo, hi] (packed closer than `gap` when they do not fit). O(n).
std::vector<double> spread(const std::vector<std::pair<double, std::size_t>>& wanted, double gap, double lo, double hi);

/// Places the labels of a picture's nodes, left to right (ties by key): beside the mark (eight
/// places) when free, else further above, below, right or left with a leader line (a Shape of
/// group "leader") from the mark to the label. A place is free when the label's box stays in
/// `area`, meets no other placed label, no node's mark, no obstacle and no leader, and its leader
/// crosses no placed label and no other mark; labels left without a place then try again, their
/// leaders allowed to cross a label. A label with no free place is hidden.
class LabelPlacer {
 public:
  LabelPlacer(Representation& representation, render::Box area, std::vector<render::Box> obstacles);
  /// Places every labelled node; returns the number of hidden labels.
  std::size_t place_all();

 private:
  struct Leader {
    double x1, y1, x2, y2;
  };
  bool free(std::size_t self, const render::Box& box, const Leader* leader) const;
  bool place(std::size_t node);

  Representation& r_;
  render::Box area_;
  std::vector<render::Box> obstacles_;
  std::vector<render::Box> placed_;
  std::vector<Leader> leaders_;
  bool strict_ = true;
};

}  // namespace maillage::systemic::detail
