#pragma once
/// Burt's structural holes (Burt 1992; Borgatti 1997): constraint, effective size, efficiency and
/// hierarchy of every node of a View, as NetworkX and igraph compute them (whole-network model) or
/// within each node's ego network (ego-network model, UCINET's option).
#include <cstdint>

#include "maillage/algo/measures.hpp"
#include "maillage/view/view.hpp"

namespace maillage::algo {

/// Where the proportions and marginal strengths of a node's contacts are normalised: over all of
/// the contact's ties (`whole`, NetworkX's and igraph's model) or over its ties inside the ego
/// network of the node measured (`ego`: the node, its contacts and the ties among them, Burt's
/// original).
enum class HolesModel : std::uint8_t { whole, ego };

/// Options of structural_holes.
struct HolesOptions {
  HolesModel model = HolesModel::whole;
  int threads = 0;
  ProgressCallback progress;
};

/// The four measures, one value per view index.
struct HolesResult {
  std::vector<double> constraint;
  std::vector<double> effective_size;
  std::vector<double> efficiency;
  std::vector<double> hierarchy;
};

/// With z_ij = a_ij + a_ji (the mutual weight: arc weights both ways, 1 per arc when unweighted,
/// 1/w on distance views), N(i) the nodes tied to i either way (self-loops ignored),
/// p_ij = z_ij / Σ_k z_ik and m_jq = z_jq / max_k z_jk:
///   constraint C_i = Σ_{j∈N(i)} (p_ij + Σ_{q∈N(i), q≠j} p_iq p_qj)²,
///   effective size ES_i = Σ_{j∈N(i)} (1 − Σ_{q∈N(i), q≠j} p_iq m_jq),
///   efficiency ES_i / |N(i)|,
///   hierarchy H_i = Σ_j r_j ln r_j / (n ln n) with r_j = c_ij / (C_i / n), n = |N(i)|.
/// A zero-weight tie keeps its contact (as NetworkX and igraph). NaN for every measure of a node
/// without contacts or whose ties all weigh 0; hierarchy is 1 for a single contact (Burt's
/// STRUCTURE: all constraint on one contact). O(Σ_i Σ_{q∈N(i)} |N(q)|) = O(Σ degree²); nodes in
/// parallel, each computed by one worker, so results are identical for any thread count.
HolesResult structural_holes(const View& view, const HolesOptions& options = {});

}  // namespace maillage::algo
