#pragma once
/// Label placement for systemic pictures, and the overlap metric that measures it.
#include <cstddef>
#include <string_view>

#include "maillage/systemic/representation.hpp"

namespace maillage::render {

/// Estimated width of `text` set in DejaVu Sans at `font_size` (0.58 em per character, counted in
/// UTF-8 code points; the writers use the same estimate).
double text_width(std::string_view text, double font_size);

/// A label's box (x, y = top-left corner) as the writers draw it from a node's label fields.
struct Box {
  double x = 0, y = 0, width = 0, height = 0;
};
Box label_box(const systemic::Node& node);
/// The legend's box as the SVG writer draws it (bottom right; empty when there is no legend).
Box legend_box(const systemic::Representation& representation);

/// Options of place_labels.
struct LabelOptions {
  /// Hide a label that cannot be placed without overlapping another label or leaving the canvas (it stays in the
  /// tooltip and in every non-SVG format). Otherwise the least overlapping position is kept.
  bool hide_overlapping = true;
  /// Gap between a node's mark and its label, in canvas units.
  double gap = 2;
};

/// Greedy placement, largest nodes first (ties by key): each label tries eight positions around
/// its node (right, left, above, below, then the diagonals) and takes the first that overlaps no
/// placed label, no other node mark, not the legend and stays on the canvas; else the least bad one, or is
/// hidden. Deterministic. O(n · c) with c the marks and labels in nearby grid cells.
void place_labels(systemic::Representation& representation, const LabelOptions& options = {});

/// How much visible labels overlap each other (and node marks).
struct OverlapStats {
  std::size_t labels = 0;             ///< visible labels
  std::size_t hidden = 0;             ///< hidden labels
  std::size_t overlapping_pairs = 0;  ///< pairs of visible labels whose boxes intersect
  /// Σ pairwise intersection areas / Σ visible label areas (0 = no overlap).
  double overlap_ratio = 0;
  /// Σ areas of label boxes covered by other nodes' marks (as boxes) / Σ visible label areas.
  double node_overlap_ratio = 0;
};
/// The overlap metric. O(n log n + pairs found).
OverlapStats label_overlap(const systemic::Representation& representation);

}  // namespace maillage::render
