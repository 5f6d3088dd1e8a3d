#pragma once
/// The goodness-of-fit picture of an ERGM as a systemic Representation: one panel per
/// distribution (degree, edgewise shared partners, geodesic distance), with per value the range
/// of the simulated networks (a light bar), their mean (a dark tick) and the observed value (a
/// red square; circled when its Monte Carlo p-value is below 0.05).
#include <span>
#include <string>

#include "maillage/models/ergm.hpp"
#include "maillage/systemic/representation.hpp"

namespace maillage::models {

/// Builds the picture from ergm_gof's rows (in its order: each kind's values ascending, the
/// distance's unreachable bin last). Deterministic; O(rows). Throws InvalidInput for a row of
/// an unknown kind.
systemic::Representation gof_representation(std::span<const ErgmGofRow> rows, const std::string& title);

}  // namespace maillage::models
