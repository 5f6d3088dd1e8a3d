#pragma once
/// The transformation models of the alliance's "trajectoires de transformation" working group, drawn
/// from plain tables: the three horizons (H1 the dominant system declining, H2 the transition
/// innovations, H3 the emerging system) and the two loops (a dominant system dying while an
/// emerging one grows, with the roles people take on each).
///
/// Both pictures draw the model's curves in a fixed, documented shape (the curves are the model,
/// not data) and place the table's items on them; labels are placed so that no two intersect, with
/// a thin leader line when a label had to move away from its mark. The texts of the picture (curve
/// names, axis captions, tooltip fields) come from a small catalogue in French or English. Both
/// builders are deterministic.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "maillage/core/date.hpp"
#include "maillage/systemic/representation.hpp"

namespace maillage::systemic {

// ------------------------------------------------------------------------------- three horizons

/// One initiative of a three-horizons picture: a unique key (its GEXF id: the network node it
/// stands for when there is one), its label, its horizon (1, 2 or 3), its start day and optional
/// end day, the start and end as the table wrote them (shown in the tooltip; empty = ISO dates),
/// and further tooltip lines (e.g. the keys of its actor and territory in the network).
struct HorizonInitiative {
  std::string key;
  std::string label;
  int horizon = 1;
  Date start;
  std::optional<Date> end;
  std::string start_text;
  std::string end_text;
  Fields tooltip;
};

/// The words of a three-horizons picture.
struct ThreeHorizonsTexts {
  /// Short names written on the curves ("H1", "H2", "H3").
  std::array<std::string, 3> short_names;
  /// Legend texts of the three horizons ("H1 · système dominant", …).
  std::array<std::string, 3> names;
  /// Axis captions: time (x) and prevalence (y).
  std::string time;
  std::string prevalence;
  /// Tooltip fields.
  std::string horizon_field;
  std::string start_field;
  std::string end_field;
  /// Legend text of an initiative's span (start to end) drawn along its curve.
  std::string span;
  /// Note when labels could not be placed ("{n}" is replaced by their number).
  std::string hidden_note;
};

/// The catalogue's texts in "fr" (the default of the pictures) or "en"; InvalidInput naming any
/// other language.
ThreeHorizonsTexts three_horizons_texts(std::string_view lang);

/// Options of three_horizons.
struct ThreeHorizonsOptions {
  std::string title;
  /// The period drawn (default: from 1 January of the first start's year to 31 December of the
  /// last start's or end's year).
  std::optional<Date> from;
  std::optional<Date> to;
  /// Plot width (0 = 900); the canvas adds the margins and the legend's column.
  double width = 0;
  ThreeHorizonsTexts texts = three_horizons_texts("fr");
};

/// The curves of the three horizons at `t` in [0, 1] across the period, as a level in [0, 1] (0 = the
/// bottom of the plot, 1 = its top): H1 falls from 0.9 to 0.05 (a reversed logistic centred at
/// t = 0.45), H3 rises from 0.05 to 0.9 (a logistic centred at t = 0.62), H2 is a hump
/// 0.15 + 0.5 · exp(-((t - 0.5) / 0.17)²) between them. `horizon` is 1, 2 or 3. O(1).
double horizon_level(int horizon, double t);

/// A three-horizons picture: the three curves over the period (time axis with years, ticks on
/// round years), each initiative a node on its horizon's curve at its start day (initiatives of a
/// horizon that would share a point are spread along the curve, one mark apart, around it), an
/// initiative with an end has its stretch of curve drawn thicker; the curves' short names at their
/// ends (H1, H3) and top (H2); labels placed so that no two label boxes intersect and none covers a
/// mark, a curve name or the legend (a label that cannot be placed is hidden, stays in its tooltip
/// and is counted in the notes); the legend in its own column on the right. Nodes: kind
/// "initiative", group and role "H1"/"H2"/"H3", tooltip (horizon, start, end, then the item's own
/// lines). Metadata: builder, the period, the plot's box and the count per horizon. InvalidInput
/// naming the item for a duplicate or empty key, a horizon outside 1–3, an end before its start, or
/// a period that ends before it starts. O(n² · c) for n initiatives (c candidate label places).
Representation three_horizons(const std::vector<HorizonInitiative>& initiatives,
                              const ThreeHorizonsOptions& options = {});

// ------------------------------------------------------------------------------------ two loops

/// The roles of the two-loops model (Berkana Institute): on the dominant system's loop, hospicing
/// (accompanying its end) and composting (keeping what can feed the new); on the emerging system's
/// loop, naming (the pioneers), connecting, nourishing and illuminating (making the new visible).
enum class LoopRole { hospicing, composting, naming, connecting, nourishing, illuminating };

/// True for the roles of the dominant (old) system's loop: hospicing and composting.
bool on_old_loop(LoopRole role);

/// Reads a role in English or French ("hospicing"/"accompagner la fin", "composting"/"composter",
/// "naming"/"nommer", "connecting"/"relier", "nourishing"/"nourrir", "illuminating"/"éclairer"),
/// ignoring case, accents and surrounding spaces; nothing for any other text. O(length).
std::optional<LoopRole> parse_loop_role(std::string_view text);

/// One item of a two-loops picture: a unique key, a label, its role and tooltip lines.
struct LoopItem {
  std::string key;
  std::string label;
  LoopRole role = LoopRole::naming;
  Fields tooltip;
};

/// The words of a two-loops picture.
struct TwoLoopsTexts {
  /// Names of the loops (legend and captions): the dominant system, the emerging one.
  std::string old_loop;
  std::string new_loop;
  /// Names of the six roles, in the order of LoopRole.
  std::array<std::string, 6> roles;
  std::string time;
  std::string loop_field;
  std::string role_field;
  std::string hidden_note;
};

/// The catalogue's texts in "fr" or "en"; InvalidInput naming any other language.
TwoLoopsTexts two_loops_texts(std::string_view lang);

/// Options of two_loops.
struct TwoLoopsOptions {
  std::string title;
  /// Plot width (0 = 900).
  double width = 0;
  TwoLoopsTexts texts = two_loops_texts("fr");
};

/// A two-loops picture: the dominant system's loop (rising from the bottom left, peaking at a
/// third of the width, declining to the bottom right) and the emerging system's loop (starting
/// under the first one's peak and rising through it to the top right), each role's stretch of its
/// loop named beside the curve, and the items as nodes on their loop, evenly spread (in the order
/// given) over their role's stretch; labels placed as in three_horizons; the legend in its own
/// column. Nodes: kind "item", group "old"/"new", role the role's name in English. InvalidInput
/// for a duplicate or empty key. O(n² · c).
Representation two_loops(const std::vector<LoopItem>& items, const TwoLoopsOptions& options = {});

}  // namespace maillage::systemic
