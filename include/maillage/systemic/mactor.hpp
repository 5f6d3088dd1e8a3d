#pragma once
/// MACTOR (Godet): actors' direct and indirect influences, balance of power, weighted positions
/// on objectives, convergences, divergences and ambivalence.
#include <string>
#include <vector>

#include "maillage/systemic/micmac.hpp"

namespace maillage::systemic {

/// Options of mactor.
struct MactorOptions {
  /// How the balance of power r_i reads I_i and D_i (see mactor): "godet" (default),
  /// "double_retroaction" or "full".
  std::string balance = "godet";
};

/// The MACTOR result (n actors, m objectives). Matrices are n × n unless said otherwise.
struct MactorResult {
  /// MIDI_ij = MID_ij + Σ_k min(MID_ik, MID_kj) (diagonal = retroaction).
  DenseMatrix midi;
  /// MMIDI_ij = max(MID_ij, max_k min(MID_ik, MID_kj)), diagonal 0.
  DenseMatrix mmidi;
  /// I_i = Σ_{j≠i} MIDI_ij, D_i = Σ_{j≠i} MIDI_ji, retroaction MIDI_ii.
  std::vector<double> influence;
  std::vector<double> dependence;
  std::vector<double> retroaction;
  /// Direct influence and dependence: row and column sums of MID.
  std::vector<double> direct_influence;
  std::vector<double> direct_dependence;
  /// Balance of power r_i and r*_i = n · r_i / Σ r_j (mean 1).
  std::vector<double> r;
  std::vector<double> r_star;
  /// 1MAO = sign(2MAO), 2MAO (the input), 3MAO_ik = r*_i · 2MAO_ik (n × m).
  DenseMatrix mao1;
  DenseMatrix mao2;
  DenseMatrix mao3;
  /// νCAA and νDAA for ν = 1, 2, 3 (index ν − 1).
  DenseMatrix caa[3];
  DenseMatrix daa[3];
  /// Ambivalence EQ_i for ν = 1, 2, 3 (NaN for an actor without convergence nor divergence).
  std::vector<double> ambivalence[3];
};

/// MACTOR of `mid` (n × n direct influences of actors on actors, integers 0–4, diagonal 0) and
/// `mao` (n × m signed positions, integers −4…+4 = 2MAO). `actors` and `objectives` name rows and
/// columns in error messages ("MID row 'A', column 'B': 7 is not an influence (0 to 4)").
///
/// Balance of power, with I_i, D_i as above (diagonal excluded) and T = Σ_j I_j:
/// - "godet": r_i = (I_i / T) · I_i / (I_i + D_i);
/// - "double_retroaction": r_i = ((I_i − MIDI_ii) / T) · I_i / (I_i + D_i);
/// - "full": with I'_i = I_i + MIDI_ii and D'_i = D_i + MIDI_ii (full row and column sums),
///   r_i = ((I'_i − MIDI_ii) / Σ_j I'_j) · I'_i / (I'_i + D'_i).
/// r_i = 0 when I_i + D_i = 0; r* = n · r / Σ r (InvalidInput when Σ r = 0).
/// νCAA_ij = Σ_k ½(|νMAO_ik| + |νMAO_jk|) over objectives with νMAO_ik · νMAO_jk > 0, νDAA_ij the
/// same over νMAO_ik · νMAO_jk < 0, diagonals 0. EQ_i = 1 − Σ_{k≠i} | CAA_ik − DAA_ik | /
/// Σ_{k≠i} (CAA_ik + DAA_ik). O(n³ + n² m); deterministic.
MactorResult mactor(const DenseMatrix& mid, const DenseMatrix& mao, const std::vector<std::string>& actors,
                    const std::vector<std::string>& objectives, const MactorOptions& options = {});

}  // namespace maillage::systemic
