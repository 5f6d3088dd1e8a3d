#pragma once
/// MICMAC structural analysis (Godet): direct and indirect influence and dependence of the
/// variables of a system from a matrix of direct influences, ranks, stability of the rankings
/// under matrix powers, and the classification of the influence–dependence plane.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "maillage/core/progress.hpp"

namespace maillage::systemic {

/// A dense matrix of doubles, row-major: value(i, j) = values[i * cols + j].
struct DenseMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;
  double operator()(std::size_t i, std::size_t j) const { return values[i * cols + j]; }
  double& operator()(std::size_t i, std::size_t j) { return values[i * cols + j]; }
};

/// Ranks of `values` in decreasing order with the relative-tolerance tie rule:
/// rank_i = 1 + #{ j : v_j − v_i > tolerance · max(|v_i|, |v_j|) }. Values within the tolerance of
/// each other share the best rank (competition ranking "1224" when ties are exact). O(n²).
std::vector<std::uint32_t> tolerant_ranks(const std::vector<double>& values, double tolerance);

/// The largest power MICMAC computes (power and max_power): rankings settle within a few powers
/// (Godet's practice stops at 7 to 10), and M^k of a 0–3 matrix overflows double precision long
/// before, unless M is periodic or nilpotent — then a larger power brings nothing new.
inline constexpr std::uint32_t micmac_power_limit = 1000;

/// Influence and dependence of the variables at one power k of the matrix M: row sums and column
/// sums of M^k, their ranks (tolerant_ranks) and their shares (value / total; NaN when the total is 0).
struct MicmacScores {
  std::vector<double> influence;
  std::vector<double> dependence;
  std::vector<std::uint32_t> influence_rank;
  std::vector<std::uint32_t> dependence_rank;
  std::vector<double> influence_share;
  std::vector<double> dependence_share;
};

/// Options of micmac.
struct MicmacOptions {
  /// Value given to a potential influence ("P") in the potential analysis; 0 in the actual one.
  double p_value = 3;
  /// Fixed power k (1 ≤ k ≤ micmac_power_limit): the indirect analysis is that of M^k. Nothing =
  /// Godet's stopping rule.
  std::optional<std::uint32_t> power;
  /// Largest power tried by the stopping rule (2 ≤ max_power ≤ micmac_power_limit).
  std::uint32_t max_power = 20;
  /// Relative tolerance of the tie rule of the ranks.
  double tolerance = 1e-9;
  /// "mean" (Godet's centre of gravity) or "median": where the plane is cut.
  std::string cut = "mean";
  /// Half-width of the regulating zone around both cuts, relative to the cut (0.25 = ±25 %).
  double regulating_band = 0.25;
  ProgressCallback progress;
};

/// One analysis (actual or potential): the direct scores (M), the indirect scores (M^power),
/// M^power itself, the power used, whether the rankings were stable there, and the class of each
/// variable on the direct and on the indirect plane.
struct MicmacLevel {
  MicmacScores direct;
  MicmacScores indirect;
  DenseMatrix indirect_matrix;
  std::uint32_t power = 1;
  bool converged = false;
  std::vector<std::string> direct_class;
  std::vector<std::string> indirect_class;
};

/// The MICMAC result: the actual analysis (P counts 0) and the potential one (P counts p_value).
struct MicmacResult {
  MicmacLevel actual;
  MicmacLevel potential;
};

/// MICMAC of the direct influence matrix `matrix` (n × n, rows influence columns, entries 0, 1, 2
/// or 3, diagonal 0) with `potential` an n × n 0/1 mask of potential influences (empty = none; a
/// cell may not be both an actual and a potential influence). `names` (n distinct names) appear in
/// error messages, e.g. "matrix row 'A', column 'B': 5 is not an influence (0, 1, 2 or 3)".
///
/// Stopping rule (Godet): for k = 1, 2, … compute M^k in double precision; stop at the first
/// k ≥ 2 at which the influence ranks and the dependence ranks both equal those of M^(k−1)
/// (power = k, converged); after max_power without that, power = max_power and converged = false
/// (periodic matrices never stabilise). With a fixed power, converged says whether the ranks of
/// M^power equal those of M^(power−1) (false for power 1). InvalidInput when M^k overflows.
///
/// Classification of a plane, with cut c_I, c_D (mean or median of the shares) and band b:
/// "regulating" when |I − c_I| ≤ b·c_I and |D − c_D| ≤ b·c_D; otherwise by quadrant with
/// high = strictly above the cut: "influential" (high I, low D), "relay" (high, high),
/// "dependent" (low I, high D), "autonomous" (low, low).
/// O(power · n³) (dense products); deterministic.
MicmacResult micmac(const DenseMatrix& matrix, const DenseMatrix& potential, const std::vector<std::string>& names,
                    const MicmacOptions& options = {});

/// The scores of M^k for a given matrix (no validation of the 0–3 scale). O(n²).
MicmacScores micmac_scores(const DenseMatrix& power_matrix, double tolerance);

/// The classes of a plane (see micmac) for influence and dependence shares.
std::vector<std::string> micmac_classes(const std::vector<double>& influence, const std::vector<double>& dependence,
                                        const std::string& cut, double band);

}  // namespace maillage::systemic
