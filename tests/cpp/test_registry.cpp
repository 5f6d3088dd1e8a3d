// RelationRegistry (the built-ins of DESIGN §4, registration rules, resolve) and ScaleLadder.
#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using test::has;
using test::thrown;

namespace {

struct Expected {
  const char* name;
  bool directed;
  RelationCategory category;
};

}  // namespace

TEST_CASE("Category names") {
  CHECK(category_name(RelationCategory::nesting) == "nesting");
  CHECK(category_name(RelationCategory::affiliation) == "affiliation");
  CHECK(category_name(RelationCategory::tie) == "tie");
  CHECK(parse_category("tie") == RelationCategory::tie);
  CHECK(parse_category("affiliation") == RelationCategory::affiliation);
  CHECK(parse_category("nesting") == RelationCategory::nesting);
  CHECK_FALSE(parse_category("Tie").has_value());
  CHECK_FALSE(parse_category("").has_value());
}

TEST_CASE("The built-in relations are those of DESIGN §4") {
  using C = RelationCategory;
  const std::vector<Expected> expected = {
      {"part_of", true, C::nesting},          {"located_in", true, C::affiliation},
      {"member_of", true, C::affiliation},    {"represents", true, C::affiliation},
      {"in_programme", true, C::affiliation}, {"cooperates_with", false, C::tie},
      {"co_participates", false, C::tie},     {"supports", true, C::tie},
      {"funds", true, C::tie},                {"animates", true, C::tie},
      {"participates_in", true, C::tie},      {"speaks_at", true, C::tie},
      {"links_to", true, C::tie},
  };
  const RelationRegistry r = RelationRegistry::builtin();
  REQUIRE(r.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("relation " << expected[i].name);
    const auto id = r.find(expected[i].name);
    REQUIRE(id.has_value());
    CHECK(*id == i);  // registry order is the order above
    CHECK(r[*id].name == expected[i].name);
    CHECK(r[*id].directed == expected[i].directed);
    CHECK(r[*id].category == expected[i].category);
    CHECK(r.id(expected[i].name) == *id);
  }
  CHECK(r.all().size() == expected.size());
  CHECK(has(r.names(), "part_of, located_in"));
  CHECK(has(r.names(), "links_to"));
  CHECK(RelationRegistry().size() == 0);
}

TEST_CASE("Registering relations") {
  RelationRegistry r = RelationRegistry::builtin();
  SECTION("a new relation gets the next id; an identical one is idempotent") {
    const RelationId id = r.add({"mentors", true, RelationCategory::tie});
    CHECK(id == 13);
    CHECK(r.add({"mentors", true, RelationCategory::tie}) == id);
    CHECK(r.add({"cooperates_with", false, RelationCategory::tie}) == r.id("cooperates_with"));
    CHECK(r.size() == 14);
  }
  SECTION("conflicting definitions name the relation and both definitions") {
    auto msg = thrown<InvalidInput>([&] { r.add({"cooperates_with", true, RelationCategory::tie}); });
    CHECK(has(msg, "'cooperates_with'"));
    CHECK(has(msg, "already registered"));
    CHECK(has(msg, "undirected tie"));
    CHECK(has(msg, "directed tie"));
    msg = thrown<InvalidInput>([&] { r.add({"member_of", true, RelationCategory::tie}); });
    CHECK(has(msg, "'member_of'"));
    CHECK(has(msg, "affiliation"));
    CHECK(r.size() == 13);
  }
  SECTION("empty names, category names and other nesting relations are refused") {
    CHECK_THROWS_AS(r.add({"", false, RelationCategory::tie}), InvalidInput);
    auto msg = thrown<InvalidInput>([&] { r.add({"tie", false, RelationCategory::tie}); });
    CHECK(has(msg, "'tie'"));
    msg = thrown<InvalidInput>([&] { r.add({"inside", true, RelationCategory::nesting}); });
    CHECK(has(msg, "'inside'"));
    CHECK(has(msg, "part_of"));
    CHECK(r.size() == 13);
  }
  SECTION("part_of is the directed nesting relation, even in an empty registry") {
    RelationRegistry empty;
    CHECK_THROWS_AS(empty.add({"part_of", false, RelationCategory::nesting}), InvalidInput);
    CHECK_THROWS_AS(empty.add({"part_of", true, RelationCategory::tie}), InvalidInput);
    CHECK(empty.add({"part_of", true, RelationCategory::nesting}) == 0);
  }
}

TEST_CASE("Unknown relation names are errors naming them") {
  const RelationRegistry r = RelationRegistry::builtin();
  CHECK_FALSE(r.find("knows").has_value());
  const auto msg = thrown<InvalidInput>([&] { (void)r.id("knows"); });
  CHECK(has(msg, "unregistered relation 'knows'"));
  CHECK(has(msg, "cooperates_with"));
}

TEST_CASE("RelationRegistry::resolve") {
  RelationRegistry r = RelationRegistry::builtin();
  const RelationId mentors = r.add({"mentors", false, RelationCategory::tie});
  CHECK(r.resolve({}).empty());
  CHECK(r.resolve({"nesting"}) == std::vector<RelationId>{0});
  CHECK(r.resolve({"affiliation"}) == std::vector<RelationId>{1, 2, 3, 4});
  CHECK(r.resolve({"tie"}) == std::vector<RelationId>{5, 6, 7, 8, 9, 10, 11, 12, mentors});
  // Registry order, no duplicates, names and categories mixed.
  CHECK(r.resolve({"links_to", "part_of"}) == std::vector<RelationId>{0, 12});
  CHECK(r.resolve({"funds", "tie", "funds"}) == r.resolve({"tie"}));
  CHECK(r.resolve({"member_of", "nesting"}) == std::vector<RelationId>{0, 2});
  const auto msg = thrown<InvalidInput>([&] { (void)r.resolve({"tie", "ties"}); });
  CHECK(has(msg, "'ties'"));
  CHECK(has(msg, "categories"));
}

TEST_CASE("The French scale ladder") {
  const ScaleLadder f = ScaleLadder::french();
  const std::vector<std::string> ids = {"quartier", "commune",     "epci",     "bassin", "departement",
                                        "region",   "interregion", "national", "europe", "international"};
  REQUIRE(f.size() == ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    CHECK(f[static_cast<ScaleRank>(i)].id == ids[i]);
    CHECK(f.rank(ids[i]) == static_cast<ScaleRank>(i));
    CHECK(f.find(ids[i]) == static_cast<ScaleRank>(i));
    CHECK_FALSE(f[static_cast<ScaleRank>(i)].label.empty());
  }
  CHECK(f[2].label == "Intercommunalité");
  CHECK(f[4].label == "Département");
  CHECK(f[5].label == "Région");
  CHECK(f.rank("commune") < f.rank("epci"));
  CHECK(f.rank("departement") < f.rank("region"));
  CHECK(f.ids() == "quartier, commune, epci, bassin, departement, region, interregion, national, europe, international");
  CHECK(ScaleLadder() == f);
  CHECK_FALSE(f.find("canton").has_value());
  const auto msg = thrown<InvalidInput>([&] { (void)f.rank("canton"); });
  CHECK(has(msg, "'canton'"));
  CHECK(has(msg, "quartier, commune"));
}

TEST_CASE("Custom scale ladders") {
  const ScaleLadder cameroon({{"arrondissement", "Arrondissement"}, {"departement", ""}, {"region", "Région"},
                              {"national", "National"}});
  CHECK(cameroon.size() == 4);
  CHECK(cameroon.rank("arrondissement") == 0);
  CHECK(cameroon.rank("national") == 3);
  CHECK(cameroon[1].label == "departement");  // an empty label defaults to the id
  CHECK_FALSE(cameroon.find("commune").has_value());
  CHECK_FALSE(cameroon == ScaleLadder::french());

  CHECK_THROWS_AS(ScaleLadder(std::vector<Scale>{}), InvalidInput);
  CHECK_THROWS_AS(ScaleLadder(std::vector<Scale>{{"", "Nothing"}}), InvalidInput);
  const auto msg = thrown<InvalidInput>([] { ScaleLadder(std::vector<Scale>{{"a", ""}, {"b", ""}, {"a", ""}}); });
  CHECK(has(msg, "duplicate scale 'a'"));
}
