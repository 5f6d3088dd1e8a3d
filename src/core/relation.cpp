#include "maillage/core/relation.hpp"

#include "maillage/core/error.hpp"

namespace maillage {

std::string_view category_name(RelationCategory category) {
  switch (category) {
    case RelationCategory::nesting: return "nesting";
    case RelationCategory::affiliation: return "affiliation";
    case RelationCategory::tie: return "tie";
  }
  return "?";
}

std::optional<RelationCategory> parse_category(std::string_view name) {
  if (name == "nesting") return RelationCategory::nesting;
  if (name == "affiliation") return RelationCategory::affiliation;
  if (name == "tie") return RelationCategory::tie;
  return std::nullopt;
}

RelationRegistry RelationRegistry::builtin() {
  RelationRegistry r;
  using C = RelationCategory;
  r.add({"part_of", true, C::nesting});
  for (const char* name : {"located_in", "member_of", "represents", "in_programme"}) r.add({name, true, C::affiliation});
  for (const char* name : {"cooperates_with", "co_participates"}) r.add({name, false, C::tie});
  for (const char* name : {"supports", "funds", "animates", "participates_in", "speaks_at", "links_to"})
    r.add({name, true, C::tie});
  return r;
}

RelationId RelationRegistry::add(const Relation& relation) {
  if (relation.name.empty()) throw InvalidInput("a relation needs a name");
  if (parse_category(relation.name))
    throw InvalidInput("relation name " + quote(relation.name) + " is a category name");
  if (auto existing = find(relation.name)) {
    const Relation& old = relations_[*existing];
    if (old == relation) return *existing;
    throw InvalidInput("relation " + quote(relation.name) + " is already registered as " +
                       (old.directed ? "directed " : "undirected ") + std::string(category_name(old.category)) +
                       ", not " + (relation.directed ? "directed " : "undirected ") +
                       std::string(category_name(relation.category)));
  }
  if (relation.category == RelationCategory::nesting && relation.name != part_of)
    throw InvalidInput("relation " + quote(relation.name) + ": the only nesting relation is 'part_of'");
  if (relation.name == part_of && (relation.category != RelationCategory::nesting || !relation.directed))
    throw InvalidInput("relation 'part_of' is the directed nesting relation");
  if (relations_.size() >= 65535) throw InvalidInput("too many relations (at most 65535)");
  relations_.push_back(relation);
  return static_cast<RelationId>(relations_.size() - 1);
}

std::optional<RelationId> RelationRegistry::find(std::string_view name) const {
  for (std::size_t i = 0; i < relations_.size(); ++i)
    if (relations_[i].name == name) return static_cast<RelationId>(i);
  return std::nullopt;
}

RelationId RelationRegistry::id(std::string_view name) const {
  if (auto id = find(name)) return *id;
  throw InvalidInput("unregistered relation " + quote(name) + " (registered: " + names() + ")");
}

std::vector<RelationId> RelationRegistry::resolve(const std::vector<std::string>& names_or_categories) const {
  std::vector<char> chosen(relations_.size(), 0);
  for (const auto& entry : names_or_categories) {
    if (auto category = parse_category(entry)) {
      for (std::size_t i = 0; i < relations_.size(); ++i)
        if (relations_[i].category == *category) chosen[i] = 1;
    } else if (auto id = find(entry)) {
      chosen[*id] = 1;
    } else {
      throw InvalidInput("unknown relation or category " + quote(entry) + " (relations: " + names() +
                         "; categories: nesting, affiliation, tie)");
    }
  }
  std::vector<RelationId> out;
  for (std::size_t i = 0; i < chosen.size(); ++i)
    if (chosen[i]) out.push_back(static_cast<RelationId>(i));
  return out;
}

std::string RelationRegistry::names() const {
  std::string out;
  for (const auto& r : relations_) out += (out.empty() ? "" : ", ") + r.name;
  return out;
}

}  // namespace maillage
