#pragma once
/// Node layouts for systemic pictures: force-directed (Barnes–Hut), Kamada–Kawai, concentric,
/// sectors by group and scale bands; all seeded and deterministic.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "maillage/core/progress.hpp"

namespace maillage::render {

/// A graph to lay out: n nodes 0..n-1 and undirected edges (u, v) with positive weights
/// (empty = all 1). Self-loops and parallel edges are allowed and change nothing but weights.
struct LayoutGraph {
  std::uint32_t n = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  std::vector<double> weights;
};

/// Positions, one per node, in layout units (not yet fitted to a canvas).
struct Layout {
  std::vector<double> x;
  std::vector<double> y;
};

/// Options of force_directed.
struct ForceOptions {
  /// Iterations of the cooling schedule.
  std::uint32_t iterations = 300;
  /// Seed of the initial positions (std::mt19937_64, 53-bit uniform draws: the same on every platform).
  std::uint64_t seed = 0;
  /// Barnes–Hut opening angle: a quadtree cell of side s seen at distance d acts as one body when
  /// s/d < theta (ForceAtlas2's default, 1.2); a cell holding the node itself is always opened.
  /// 0 = exact O(n²) repulsion.
  double theta = 1.2;
  /// Pull towards the centroid, so that components stay together (0 = none).
  double gravity = 0.05;
  /// Starting positions (both empty = seeded random positions in a square of side √n).
  std::vector<double> initial_x;
  std::vector<double> initial_y;
  /// Lay out each connected component alone (seeds derived from `seed`) and pack their boxes in
  /// shelves, largest first, so that small components do not drift away from the main one.
  bool pack_components = true;
  /// Threads for the repulsion of graphs of 2,048 nodes and more (0 = every hardware thread);
  /// the layout is the same for any thread count.
  int threads = 0;
  ProgressCallback progress;
};

/// Fruchterman–Reingold forces (repulsion k²/d, attraction w·d²/k, k = 1) with the repulsion
/// computed on a quadtree (Barnes–Hut) rebuilt at every iteration, linear cooling and a weak
/// gravity. Deterministic: same graph, options and seed → same bits, for any thread count.
/// O(iterations · (n log n + m)). InvalidInput for an edge end ≥ n, a non-positive weight or
/// initial positions of the wrong size.
Layout force_directed(const LayoutGraph& graph, const ForceOptions& options = {});

/// The most nodes kamada_kawai accepts (it keeps an n × n distance matrix).
inline constexpr std::uint32_t kamada_kawai_max_nodes = 500;

/// Options of kamada_kawai.
struct KamadaKawaiOptions {
  /// Starting positions: a circle in node order rotated by the seed (deterministic).
  std::uint64_t seed = 0;
  /// Stop when the largest energy gradient falls below this.
  double tolerance = 1e-4;
  /// At most this many node moves in total (0 = 50·n), each of at most 10 Newton steps.
  std::uint32_t max_steps = 0;
};

/// Kamada and Kawai's spring embedding: ideal distances proportional to hop distances (pairs in
/// different components at the largest distance + 1), one Newton–Raphson step on the node of
/// largest gradient at a time. Deterministic. O(n·m) for distances, O(n) per Newton step.
/// InvalidInput above kamada_kawai_max_nodes.
Layout kamada_kawai(const LayoutGraph& graph, const KamadaKawaiOptions& options = {});

/// Rings around `focus` by hop distance (unreachable nodes on one more ring); on each ring,
/// nodes ordered by the mean angle of their neighbours on inner rings (then by `order`, a rank
/// per node, e.g. by group). Deterministic, O(n log n + m).
Layout concentric(const LayoutGraph& graph, std::uint32_t focus, const std::vector<std::uint32_t>& order = {});

/// Sectors of a disc, one per group (groups numbered 0..k-1, sized by their node counts, in
/// group order); within a sector nodes follow a sunflower pattern, the first in `order` (a rank
/// per node, smallest first, e.g. by decreasing size) nearest the centre. O(n log n).
Layout sectors(const std::vector<std::uint32_t>& group, const std::vector<std::uint32_t>& order = {});

/// Horizontal bands, one per level (band 0 at the bottom, level -1 = below every band); x by
/// barycentric sweeps (Sugiyama's heuristic) that reduce edge crossings between bands, with
/// `nesting` edges (child, container) weighted `nesting_weight` to keep nested territories under
/// their container; crowded bands wrap onto sub-rows. Deterministic. O(sweeps · (m + n log n)).
struct BandLayout {
  Layout layout;
  /// y range of each band (band i spans [band_from[i], band_to[i]] in layout units, y down).
  std::vector<double> band_from;
  std::vector<double> band_to;
};
BandLayout scale_bands(const LayoutGraph& graph, const std::vector<int>& level, int levels,
                       const std::vector<std::pair<std::uint32_t, std::uint32_t>>& nesting = {},
                       double nesting_weight = 3, std::uint32_t per_row = 24);

/// Translates and scales positions (one factor for both axes when keep_aspect) into the
/// box [x0, x1] × [y0, y1]; a single node goes to the centre. O(n).
void fit(Layout& layout, double x0, double y0, double x1, double y1, bool keep_aspect = true);

/// Spearman-free quality measure used in tests: Pearson correlation between Euclidean distances
/// and hop distances over all connected pairs (1 = distances perfectly proportional). O(n·m).
double distance_correlation(const LayoutGraph& graph, const Layout& layout);

}  // namespace maillage::render
