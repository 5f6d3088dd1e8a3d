#pragma once
/// Community detection (Louvain, Leiden, label propagation), the modularity of any partition, and
/// partition comparison (normalised mutual information, adjusted Rand index).
#include <cstdint>
#include <span>
#include <vector>

#include "maillage/core/progress.hpp"
#include "maillage/view/view.hpp"

namespace maillage::algo {

/// A partition of a view's nodes: labels per view index, numbered 0, 1, … by decreasing size,
/// ties by the smallest key among their members; `sizes[c]` is the size of community c.
/// `modularity` is the partition's modularity at the call's resolution (directed modularity on a
/// directed view); `quality` is the optimised objective (equal to `modularity` except for CPM).
struct CommunityResult {
  std::vector<std::uint32_t> labels;
  std::vector<std::uint32_t> sizes;
  double modularity = 0.0;
  double quality = 0.0;
  /// Aggregation levels run (Louvain/Leiden) or sweeps (label propagation).
  std::uint32_t iterations = 0;
  std::uint32_t count() const { return static_cast<std::uint32_t>(sizes.size()); }
};

/// Options of louvain_communities.
struct LouvainOptions {
  /// γ in Q = 1/m Σ_c [A_c − γ K_out,c K_in,c / m] (see modularity()).
  double resolution = 1.0;
  /// Whole multilevel runs, each starting from the previous run's partition at the level of the
  /// nodes (so a node can leave the community that an aggregated level put it in), at most this
  /// many; another run follows only when the last one raised the modularity by more than
  /// `tolerance` × |modularity|. One run is Blondel et al.'s algorithm (and NetworkX's and igraph's
  /// Louvain); the second run typically gains several percent of modularity on large graphs (BA
  /// 10^5: 0.271 → 0.290) for a fifth more time, and later runs little.
  std::uint32_t max_iterations = 10;
  double tolerance = 1e-3;
  std::uint64_t seed = 0;
  /// Worker threads (0: every hardware thread); the labels do not depend on it.
  int threads = 0;
  /// Called per level with stage "louvain run <r> level <k>" and the nodes visited (done ≤ total =
  /// the level's node count), from the calling thread; may throw Cancelled.
  ProgressCallback progress;
};

/// Louvain (Blondel et al. 2008): local moving of nodes, then aggregation, until a level changes
/// nothing; directed views use directed modularity (Dugué & Perez 2015). Strengths are the weights
/// (1/w on distance views). The local moving works by colour classes (Lu, Halappanavar &
/// Kalyanaraman 2015): nodes are coloured greedily in a seeded random order so that no two
/// neighbours share a class; the nodes of a class pick their best community in parallel from the
/// same state, then the picks are applied in order, each only if it still raises the quality.
/// Deterministic: the same seed gives the same labels on every platform and for any number of
/// threads. Near-linear per level: O(m) per round, a few rounds and O(log n) levels in practice.
CommunityResult louvain_communities(const View& view, const LouvainOptions& options = {});

/// The quality a Leiden run optimises.
enum class LeidenObjective : std::uint8_t { modularity, cpm };

/// Options of leiden_communities.
struct LeidenOptions {
  LeidenObjective objective = LeidenObjective::modularity;
  /// γ: modularity's resolution, or CPM's density threshold (H = Σ_c [e_c − γ n_c(n_c − 1)/2]).
  double resolution = 1.0;
  /// θ of the refinement's random merges (Traag et al.: 0.01): a singleton joins a part with
  /// probability ∝ exp(ΔH/θ), ΔH in units of edge strength (an undirected edge of strength w
  /// counts w), as in Traag et al.'s implementation and igraph; 0.01 on unit weights is nearly
  /// greedy.
  double randomness = 0.01;
  /// Whole Leiden runs, each starting from the previous partition, at most this many; another run
  /// follows only when the last one raised the quality by more than `tolerance` × |quality|
  /// (tolerance 0: while the quality improves at all).
  std::uint32_t max_iterations = 10;
  double tolerance = 1e-2;
  std::uint64_t seed = 0;
  /// Worker threads (0: every hardware thread); the labels do not depend on it.
  int threads = 0;
  /// Called per level with stage "leiden run <r> level <k>" and the nodes visited, from the
  /// calling thread; may throw Cancelled.
  ProgressCallback progress;
};

/// Leiden (Traag, Waltman & van Eck 2019): local moving (by colour classes, as in
/// louvain_communities), refinement of each community into well-connected parts by seeded random
/// merges (communities in parallel, each with its own generator), aggregation on the refined
/// partition. Every community is connected. Deterministic: the same seed gives the same labels on
/// every platform and for any number of threads. O(m) per level in practice (the refinement visits
/// each node once); a run after the first costs about a third of the first.
CommunityResult leiden_communities(const View& view, const LeidenOptions& options = {});

/// Options of label_propagation_communities.
struct LabelPropagationOptions {
  std::uint64_t seed = 0;
  /// Sweeps at most (each O(m)).
  std::uint32_t max_iterations = 1000;
  /// Called per sweep with stage "label propagation sweep <k>" and the nodes visited; may throw
  /// Cancelled.
  ProgressCallback progress;
};

/// Asynchronous label propagation (Raghavan, Albert & Kumara 2007): nodes in a seeded random order
/// take the label of largest total strength among their neighbours (ties drawn at random), until
/// every node holds such a label. Arc direction is ignored. Deterministic per seed. O(m) per sweep.
CommunityResult label_propagation_communities(const View& view, const LabelPropagationOptions& options = {});

/// Modularity of a partition given as one label per view index (any integers): undirected
/// Q = Σ_c [L_c/m − γ (d_c/2m)²] (L_c: weight inside c, a self-loop once; d_c: total strength, a
/// self-loop twice); directed Q = Σ_c [L_c/m − γ d_out,c d_in,c/m²] — NetworkX's definitions. 0 for a
/// view without edge weight. InvalidInput when labels.size() differs from the node count. O(n + m).
double modularity(const View& view, std::span<const std::uint32_t> labels, double resolution = 1.0);

/// CPM quality of a partition: Σ_c [e_c − γ n_c(n_c − 1)/2] (e_c: edge strength inside c,
/// arcs on directed views). O(n + m).
double cpm_quality(const View& view, std::span<const std::uint32_t> labels, double resolution = 1.0);

/// Labels numbered by the contract's rule (decreasing size, ties by smallest key) from any
/// labels per view index. O(n log n).
CommunityResult number_partition(const View& view, std::span<const std::uint32_t> labels);

/// Normalised mutual information of two labelings of the same items, arithmetic normalisation:
/// I(A; B) / ((H(A) + H(B)) / 2); 1 when both have a single class (scikit-learn's convention).
/// InvalidInput when sizes differ or are 0. O(n log n).
double normalized_mutual_info(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);

/// Adjusted Rand index (Hubert & Arabie 1985) of two labelings of the same items; 1 for identical
/// partitions (including the all-singletons and single-class cases). O(n log n).
double adjusted_rand_index(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);

}  // namespace maillage::algo
