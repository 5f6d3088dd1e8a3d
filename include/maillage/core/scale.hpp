#pragma once
/// The scale ladder: the ordered territorial levels a graph's nodes are placed on.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillage {

/// Position on the ladder, 0 = lowest; `no_scale` for a node without one.
using ScaleRank = std::int16_t;
inline constexpr ScaleRank no_scale = -1;

/// One level: a stable id and a display label.
struct Scale {
  std::string id;
  std::string label;
  friend bool operator==(const Scale&, const Scale&) = default;
};

/// Ordered levels, lowest first. The default is the French ladder of DESIGN §4.
class ScaleLadder {
 public:
  /// The French ladder: quartier < commune < epci < bassin < departement < region < interregion
  /// < national < europe < international, with French labels.
  static ScaleLadder french();
  ScaleLadder() : ScaleLadder(french()) {}
  /// A custom ladder, lowest first. Throws InvalidInput on an empty ladder, an empty or
  /// duplicate id, or more than 32767 levels. Empty labels default to the id.
  explicit ScaleLadder(std::vector<Scale> lowest_first);

  std::size_t size() const { return scales_.size(); }
  const Scale& operator[](ScaleRank rank) const { return scales_[static_cast<std::size_t>(rank)]; }
  const std::vector<Scale>& all() const { return scales_; }
  std::optional<ScaleRank> find(std::string_view id) const;
  /// Rank of `id`; throws InvalidInput naming it and listing the ladder.
  ScaleRank rank(std::string_view id) const;
  /// Comma-separated ids, lowest first.
  std::string ids() const;

  friend bool operator==(const ScaleLadder&, const ScaleLadder&) = default;

 private:
  std::vector<Scale> scales_;
};

}  // namespace maillage
