#pragma once
/// The relation registry: every edge type's name, directedness and category.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillage {

/// The three relation categories: nesting (`part_of`), affiliation (membership, location,
/// representation, events in programmes) and tie (cooperation and other actor-to-actor links).
enum class RelationCategory : std::uint8_t { nesting, affiliation, tie };

/// "nesting", "affiliation" or "tie".
std::string_view category_name(RelationCategory category);
/// Parses a category name; nothing when `name` is not one.
std::optional<RelationCategory> parse_category(std::string_view name);

using RelationId = std::uint16_t;

/// One registered relation.
struct Relation {
  std::string name;
  bool directed = false;
  RelationCategory category = RelationCategory::tie;
  friend bool operator==(const Relation&, const Relation&) = default;
};

/// Name → relation. The built-ins are registered by `builtin()`; users add their own. A relation
/// cannot be re-registered with another directedness or category.
class RelationRegistry {
 public:
  /// An empty registry.
  RelationRegistry() = default;
  /// The built-in relations of DESIGN §4: part_of (nesting); located_in, member_of, represents,
  /// in_programme (affiliation, directed); cooperates_with, co_participates (tie, undirected);
  /// supports, funds, animates, participates_in, speaks_at, links_to (tie, directed).
  static RelationRegistry builtin();

  /// Registers a relation (idempotent for an identical definition). Throws InvalidInput for an
  /// empty name, a conflicting definition, or a `nesting` relation other than `part_of`.
  RelationId add(const Relation& relation);
  std::size_t size() const { return relations_.size(); }
  const Relation& operator[](RelationId id) const { return relations_[id]; }
  const std::vector<Relation>& all() const { return relations_; }
  std::optional<RelationId> find(std::string_view name) const;
  /// The id of `name`; throws InvalidInput "unregistered relation 'name'" listing the known ones.
  RelationId id(std::string_view name) const;
  /// Resolves relation names and category names ("tie", "affiliation", "nesting") to ids,
  /// without duplicates, in registry order. Throws InvalidInput naming an unknown entry.
  std::vector<RelationId> resolve(const std::vector<std::string>& names_or_categories) const;

  /// Comma-separated list of registered names (for messages).
  std::string names() const;

 private:
  std::vector<Relation> relations_;
};

/// Name of the nesting relation.
inline constexpr std::string_view part_of = "part_of";

}  // namespace maillage
