// The embedded French territorial hierarchy (france_territories) and its resolver. Expected
// values come from the official files (Etalab's decoupage-administratif 6.0.0: communes.json,
// epci.json, departements.json, regions.json), counted independently of maillage; the Python
// tests re-read those files and compare every row.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using namespace maillage::datasets;

namespace {

const Graph& official() {
  static const Graph g = france_territories();
  return g;
}

const TerritoryResolver& resolver() {
  static const TerritoryResolver r(official());
  return r;
}

std::string text(const Graph& g, NodeId v, const char* column) {
  const Value value = g.node_attributes().column(column).get(v);
  return std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : std::string();
}

std::string type_of(const Graph& g, NodeId v) { return text(g, v, "type"); }

std::vector<std::string> keys(const Graph& g, const std::vector<NodeId>& nodes) {
  std::vector<std::string> out;
  for (NodeId v : nodes) out.push_back(g.key(v));
  return out;
}

std::vector<std::string> parent_keys(const Graph& g, const std::string& key) {
  std::vector<std::string> out;
  for (NodeId p : g.parents(g.id(key))) out.push_back(g.key(p));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("France territories: counts by type as in the official files") {
  const Graph& g = official();
  std::map<std::string, int> counts;
  for (NodeId v = 0; v < g.number_of_nodes(); ++v) {
    CHECK(g.kind(v) == "territory");
    ++counts[type_of(g, v)];
  }
  CHECK(counts["commune"] == 34969);
  CHECK(counts["commune-deleguee"] == 2105);
  CHECK(counts["commune-associee"] == 471);
  CHECK(counts["arrondissement"] == 45);
  CHECK(counts["epci"] == 1255);
  CHECK(counts["ept"] == 11);
  CHECK(counts["departement"] == 109);
  CHECK(counts["region"] == 26);
  CHECK(counts["pays"] == 1);
  CHECK(g.number_of_nodes() == 38992);
  CHECK(std::get<std::string>(g.metadata().at("name")) == "france-territories");
  CHECK(test::has(std::get<std::string>(g.metadata().at("source")), "decoupage-administratif"));
  CHECK(test::has(std::get<std::string>(g.metadata().at("licence")), "MIT"));
}

TEST_CASE("France territories: keys keep shared INSEE codes apart, codes stay text") {
  const Graph& g = official();
  // 01015 is both a current commune and its delegated commune; 84 both a département and a région.
  REQUIRE(g.find("commune:01015"));
  REQUIRE(g.find("commune-deleguee:01015"));
  REQUIRE(g.find("departement:84"));
  REQUIRE(g.find("region:84"));
  CHECK(text(g, g.id("departement:84"), "label") == "Vaucluse");
  CHECK(text(g, g.id("region:84"), "label") == "Auvergne-Rhône-Alpes");
  for (const char* key : {"commune:2A004", "commune:97305", "departement:987", "departement:2A", "region:975"}) {
    INFO(key);
    REQUIRE(g.find(key));
  }
  CHECK(text(g, g.id("commune:2A004"), "insee") == "2A004");
  CHECK(text(g, g.id("commune:2A004"), "departement") == "2A");
  CHECK(text(g, g.id("commune:01001"), "insee") == "01001");
  CHECK(text(g, g.id("commune:97305"), "zone") == "drom");
  CHECK(text(g, g.id("departement:987"), "zone") == "com");
  CHECK(text(g, g.id("epci:246200364"), "siren") == "246200364");
  CHECK(text(g, g.id("epci:246200364"), "nature") == "CA");
  CHECK(g.scales()[g.scale(g.id("commune-deleguee:01015"))].id == "commune");
  CHECK(g.scales()[g.scale(g.id("ept:200057867"))].id == "epci");
  CHECK(g.scales()[g.scale(g.id("pays:FR"))].id == "national");
  // Vimy: population 4,771 in communes.json.
  CHECK(std::get<std::int64_t>(g.node_attributes().column("population").get(g.id("commune:62861"))) > 0);
}

TEST_CASE("France territories: every current commune has one département and one région above it") {
  const Graph& g = official();
  int communes = 0;
  for (NodeId v = 0; v < g.number_of_nodes(); ++v) {
    if (type_of(g, v) != "commune") continue;
    ++communes;
    std::set<std::string> deps, regions;
    for (NodeId a : g.ancestors(v)) {
      if (type_of(g, a) == "departement") deps.insert(g.key(a));
      if (type_of(g, a) == "region") regions.insert(g.key(a));
    }
    INFO(g.key(v));
    REQUIRE(deps.size() == 1);
    REQUIRE(regions.size() == 1);
    CHECK(*deps.begin() == "departement:" + text(g, v, "departement"));
    CHECK(*regions.begin() == "region:" + text(g, v, "region"));
  }
  CHECK(communes == 34969);
}

TEST_CASE("France territories: EPCI membership and the multi-département rule") {
  const Graph& g = official();
  // CA de Lens - Liévin has 36 member communes, all in the Pas-de-Calais.
  const NodeId lens = g.id("epci:246200364");
  int members = 0;
  for (NodeId c : g.children(lens)) members += type_of(g, c) == "commune";
  CHECK(members == 36);
  CHECK(parent_keys(g, "epci:246200364") == std::vector<std::string>{"departement:62"});
  CHECK(parent_keys(g, "commune:62861") == std::vector<std::string>{"departement:62", "epci:246200364"});
  // The rule, on every EPCI: part of its département when all its communes lie in it, else of
  // its région when they all lie in one, else of the nation.
  int spanning = 0, spanning_regions = 0;
  for (NodeId e = 0; e < g.number_of_nodes(); ++e) {
    if (type_of(g, e) != "epci") continue;
    std::set<std::string> deps, regions;
    for (NodeId c : g.children(e)) {
      if (type_of(g, c) != "commune") continue;
      deps.insert(text(g, c, "departement"));
      regions.insert(text(g, c, "region"));
    }
    INFO(g.key(e));
    REQUIRE(!deps.empty());
    const auto parents = parent_keys(g, g.key(e));
    REQUIRE(parents.size() == 1);
    if (deps.size() == 1) {
      CHECK(parents[0] == "departement:" + *deps.begin());
    } else {
      ++spanning;
      if (regions.size() == 1) {
        CHECK(parents[0] == "region:" + *regions.begin());
      } else {
        ++spanning_regions;
        CHECK(parents[0] == "pays:FR");
      }
    }
  }
  CHECK(spanning == 89);
  CHECK(spanning_regions == 26);
  // An EPT lies in the Métropole du Grand Paris; its communes in both.
  CHECK(parent_keys(g, "ept:200057867") == std::vector<std::string>{"departement:93", "epci:200054781"});
  CHECK(parent_keys(g, "commune:93066") ==
        std::vector<std::string>{"departement:93", "epci:200054781", "ept:200057867"});
  // Overseas collectivities: no EPCI, département and région share the code.
  CHECK(parent_keys(g, "commune:98711") == std::vector<std::string>{"departement:987"});
  CHECK(parent_keys(g, "departement:987") == std::vector<std::string>{"region:987"});
  CHECK(parent_keys(g, "region:987") == std::vector<std::string>{"pays:FR"});
  // Municipal arrondissements, delegated and associated communes sit inside their commune.
  CHECK(parent_keys(g, "arrondissement:13201") == std::vector<std::string>{"commune:13055"});
  CHECK(parent_keys(g, "commune-deleguee:01015") == std::vector<std::string>{"commune:01015"});
  CHECK(parent_keys(g, "commune-associee:59355") == std::vector<std::string>{"commune:59350"});
}

TEST_CASE("Territory names normalise accents, case, apostrophes, hyphens and Saint") {
  CHECK(normalize_territory_name("Saint-Étienne") == "saint etienne");
  CHECK(normalize_territory_name("ST ETIENNE") == "saint etienne");
  CHECK(normalize_territory_name("St.-Étienne") == "saint etienne");
  CHECK(normalize_territory_name("Ste-Colombe") == normalize_territory_name("Sainte Colombe"));
  CHECK(normalize_territory_name("L'Haÿ-les-Roses") == "l hay les roses");
  CHECK(normalize_territory_name("L’Haÿ‑les‑Roses") == "l hay les roses");  // typographic apostrophe, U+2011
  CHECK(normalize_territory_name("Œuilly") == "oeuilly");
  CHECK(normalize_territory_name("Lætitia ÆØ") == "laetitia aeo");
  CHECK(normalize_territory_name("Châtel-Guyon Île Forêt Noël Où Ça Bœuf") == "chatel guyon ile foret noel ou ca boeuf");
  CHECK(normalize_territory_name("ÂÊÎÔÛÄËÏÖÜÀÈÙÉÇ") == "aeiouaeiouaeuec");
  CHECK(normalize_territory_name("Saint-E\xCC\x81tienne") == "saint etienne");  // decomposed accent
  CHECK(normalize_territory_name("  CA de Lens  -  Liévin ") == "ca de lens lievin");
  CHECK(normalize_territory_name("Saint\xC2\xA0" "Denis") == "saint denis");  // no-break space
  CHECK(normalize_territory_name("Stenay") == "stenay");                    // not an abbreviation
  CHECK(normalize_territory_name("") == "");
  CHECK(normalize_territory_name("Αθήνα") == "Αθήνα");                     // other scripts kept
  CHECK(normalize_territory_name("a\xFF" "b") == "a\xFF" "b");               // invalid UTF-8 kept
}

TEST_CASE("Resolving by name, code, SIREN and key") {
  const auto& r = resolver();
  auto vimy = r.resolve("Vimy");
  CHECK(vimy.key == "commune:62861");
  CHECK(vimy.label == "Vimy");
  CHECK(vimy.type == "commune");
  CHECK(vimy.scale == "commune");
  CHECK(vimy.code == "62861");
  CHECK(vimy.departement == "departement:62");
  CHECK(vimy.region == "region:32");
  CHECK(vimy.epci == "epci:246200364");
  CHECK(vimy.matched_by == "name");
  CHECK(vimy.containers == std::vector<std::string>{"epci:246200364", "departement:62", "region:32", "pays:FR"});
  CHECK(r.resolve("62861").key == "commune:62861");
  CHECK(r.resolve("62861").matched_by == "code");
  CHECK(r.resolve(" vimy ").key == "commune:62861");
  CHECK(r.resolve("VIMY").key == "commune:62861");
  CHECK(r.resolve("commune:62861").matched_by == "key");
  auto lens = r.resolve("CA de Lens - Liévin");
  CHECK(lens.key == "epci:246200364");
  CHECK(lens.scale == "epci");
  CHECK(lens.code == "246200364");
  CHECK(lens.containers == std::vector<std::string>{"departement:62", "region:32", "pays:FR"});
  CHECK(r.resolve("ca de lens-lievin").key == "epci:246200364");
  CHECK(r.resolve("246200364").key == "epci:246200364");
  CHECK(r.resolve("217400423").key == "commune:74042");  // a commune's SIREN: Bonneville
  CHECK(r.resolve("Saint-Étienne").key == "commune:42218");
  CHECK(r.resolve("St Etienne").key == "commune:42218");
  CHECK(r.resolve("Havre (Le)").key == "commune:76351");
  CHECK(r.resolve("Pas-de-Calais").key == "departement:62");
  CHECK(r.resolve("Hauts-de-France").key == "region:32");
  CHECK(r.resolve("pays:FR").scale == "national");
  CHECK(r.resolve("France").key == "pays:FR");
}

TEST_CASE("Resolving Corsican and overseas codes keeps them as text") {
  const auto& r = resolver();
  CHECK(r.resolve("2A004").key == "commune:2A004");
  CHECK(r.resolve("2a004").key == "commune:2A004");
  CHECK(r.resolve("2A004").departement == "departement:2A");
  CHECK(r.resolve("97305").key == "commune:97305");
  CHECK(r.resolve("97305").region == "region:03");
  CHECK(r.resolve("2A", {"", {"departement"}}).key == "departement:2A");
  // 987 is both a département and a région (French Polynesia): ambiguous unless kind= decides.
  const auto message = test::thrown<InvalidInput>([&] { r.resolve("987"); });
  CHECK(test::has(message, "departement:987"));
  CHECK(test::has(message, "region:987"));
  CHECK(test::has(message, "kind="));
  CHECK(r.resolve("987", {"", {"departement"}}).key == "departement:987");
  CHECK(r.resolve("987", {"", {"region"}}).key == "region:987");
  CHECK(r.resolve("98711").containers == std::vector<std::string>{"departement:987", "region:987", "pays:FR"});
  // A lost leading zero comes back on 4- and 1-digit numbers.
  CHECK(r.resolve("1001").key == "commune:01001");
  CHECK(r.resolve("1", {"", {"departement"}}).key == "departement:01");
}

TEST_CASE("Lomme resolves as an associated commune of Lille") {
  const auto& r = resolver();
  auto lomme = r.resolve("Lomme");
  CHECK(lomme.key == "commune-associee:59355");
  CHECK(lomme.type == "commune-associee");
  CHECK(lomme.scale == "commune");
  CHECK(lomme.containers.front() == "commune:59350");
  CHECK(lomme.departement == "departement:59");
  CHECK(lomme.epci == "epci:200093201");
  CHECK(r.resolve("59355").key == "commune-associee:59355");
  // A current commune comes before a delegated commune of the same name and code…
  CHECK(r.resolve("Annecy").key == "commune:74010");
  CHECK(r.resolve("74010").key == "commune:74010");
  // …unless kind= asks for it.
  CHECK(r.resolve("Annecy", {"", {"commune-deleguee"}}).key == "commune-deleguee:74010");
  CHECK(r.resolve("74010", {"", {"commune-deleguee"}}).key == "commune-deleguee:74010");
  const auto both = r.candidates("Annecy", {"", {"commune", "commune-deleguee"}});
  CHECK(keys(r.graph(), both) == std::vector<std::string>{"commune-deleguee:74010", "commune:74010"});
}

TEST_CASE("Beaumont is ambiguous without a département") {
  const auto& r = resolver();
  const auto message = test::thrown<InvalidInput>([&] { r.resolve("Beaumont"); });
  for (const char* code : {"07029", "19020", "32037", "43022", "54057", "63032", "74031", "89031"}) {
    INFO(code);
    CHECK(test::has(message, std::string("commune:") + code));
  }
  CHECK(test::has(message, "8 territories"));
  CHECK(test::has(message, "département 63 Puy-de-Dôme"));
  CHECK(!test::has(message, "86019"));  // the delegated Beaumont is not a candidate
  CHECK(r.candidates("Beaumont").size() == 8);
  CHECK(r.resolve("Beaumont", {"63", {}}).key == "commune:63032");
  CHECK(r.resolve("Beaumont (63)").key == "commune:63032");
  CHECK(r.resolve("Beaumont", {"departement:63", {}}).key == "commune:63032");
  CHECK(r.resolve("Beaumont", {"Puy-de-Dôme", {}}).key == "commune:63032");
  // Only the delegated Beaumont lies in the Vienne.
  CHECK(r.resolve("Beaumont", {"86", {}}).key == "commune-deleguee:86019");
  const auto none = test::thrown<NotFound>([&] { r.resolve("Beaumont (62)"); });
  CHECK(test::has(none, "in département 62"));
  CHECK(test::has(none, "commune:63032"));  // what the filter removed
  const auto contradiction = test::thrown<InvalidInput>([&] { r.resolve("Beaumont (63)", {"74", {}}); });
  CHECK(test::has(contradiction, "contradicts"));
}

TEST_CASE("Resolver errors name the query and the options") {
  const auto& r = resolver();
  CHECK(test::has(test::thrown<NotFound>([&] { r.resolve("Nowhere-sur-Mer"); }), "'Nowhere-sur-Mer'"));
  CHECK(test::has(test::thrown<NotFound>([&] { r.resolve("commune:99999"); }), "'commune:99999'"));
  CHECK(test::has(test::thrown<NotFound>([&] { r.resolve("99999"); }), "'99999'"));
  CHECK(test::has(test::thrown<InvalidInput>([&] { r.resolve("   "); }), "empty"));
  CHECK(test::has(test::thrown<InvalidInput>([&] { r.resolve("Vimy", {"", {"ville"}}); }), "'ville'"));
  CHECK(test::has(test::thrown<InvalidInput>([&] { r.resolve("Vimy", {"Atlantide", {}}); }), "'Atlantide'"));
  const auto kind = test::thrown<NotFound>([&] { r.resolve("Vimy", {"", {"epci"}}); });
  CHECK(test::has(kind, "of kind epci"));
  CHECK(test::has(kind, "commune:62861"));
  // Paris is a commune and a département of the same name: only kind= tells them apart.
  const auto paris = test::thrown<InvalidInput>([&] { r.resolve("Paris"); });
  CHECK(test::has(paris, "commune:75056"));
  CHECK(test::has(paris, "departement:75"));
  CHECK(r.resolve("Paris", {"", {"commune"}}).key == "commune:75056");
}

TEST_CASE("EPCI match their name without the legal form") {
  const auto& r = resolver();
  CHECK(r.resolve("Grand Annecy").key == "epci:200066793");
  CHECK(r.resolve("Communauté d'agglomération de Lens-Liévin").key == "epci:246200364");
  CHECK(r.resolve("Lens - Liévin").key == "epci:246200364");
  CHECK(r.resolve("CA du Grand Avignon").key == "epci:248400251");  // official name ends "(COGA)"
  // A commune of the same name still comes first: "Lens" is the commune.
  CHECK(r.resolve("Lens").key == "commune:62498");
}

TEST_CASE("Resolving many queries never throws for a row") {
  const auto& r = resolver();
  const std::vector<std::string> queries = {"Vimy", "Beaumont", "Nowhere", "Beaumont", "", "62861", "Beaumont"};
  const std::vector<std::string> hints = {"", "", "", "63", "", "", "Atlantide"};
  const auto out = r.resolve_all(queries, hints);
  REQUIRE(out.size() == queries.size());
  using S = ResolveOutcome::Status;
  CHECK(out[0].status == S::found);
  REQUIRE(out[0].node);
  CHECK(r.graph().key(*out[0].node) == "commune:62861");
  CHECK(out[0].matched_by == "name");
  CHECK(out[1].status == S::ambiguous);
  CHECK(out[1].candidates.size() == 8);
  CHECK(!out[1].node);
  CHECK(out[2].status == S::not_found);
  CHECK(test::has(out[2].message, "Nowhere"));
  CHECK(out[3].status == S::found);
  CHECK(r.territory(*out[3].node).key == "commune:63032");
  CHECK(out[4].status == S::invalid);
  CHECK(r.territory(*out[5].node).key == "commune:62861");
  CHECK(out[5].matched_by == "code");
  CHECK(out[6].status == S::invalid);
  CHECK(test::has(out[6].message, "Atlantide"));
  CHECK_THROWS_AS(r.resolve_all(queries, {"63"}), InvalidInput);
  // Options apply to every row.
  const auto commune = r.resolve_all({"Paris", "Lyon"}, {}, {"", {"commune"}});
  CHECK(r.graph().key(*commune[0].node) == "commune:75056");
  CHECK(r.graph().key(*commune[1].node) == "commune:69123");
}

TEST_CASE("The dataset is found through the search path, and a clear error lists where it looked") {
  namespace fs = std::filesystem;
  const auto places = france_territories_search_path({"/nowhere/extra"});
  CHECK(std::find(places.begin(), places.end(), fs::path("/nowhere/extra")) != places.end());
  const auto found = find_france_territories();
  CHECK(found.filename() == "territories.tsv.gz");
  const auto message = test::thrown<NotFound>([] { find_france_territories_in({"/nowhere/a", "/nowhere/b"}); });
  CHECK(test::has(message, "/nowhere/a"));
  CHECK(test::has(message, "/nowhere/b"));
  CHECK(test::has(message, "MAILLAGE_FRANCE_TERRITORIES_DIR"));
  // An environment variable comes first.
  ::setenv("MAILLAGE_FRANCE_TERRITORIES_DIR", "/nowhere/env", 1);
  ::setenv("MAILLAGE_DATA_DIR", "/nowhere/data", 1);
  const auto with_env = france_territories_search_path({"/nowhere/extra"});
  ::unsetenv("MAILLAGE_FRANCE_TERRITORIES_DIR");
  ::unsetenv("MAILLAGE_DATA_DIR");
  REQUIRE(with_env.size() >= 3);
  CHECK(with_env[0] == fs::path("/nowhere/env"));
  CHECK(with_env[1] == fs::path("/nowhere/data/france-territories"));
  CHECK(with_env[2] == fs::path("/nowhere/extra"));
  // A folder given directly.
  CHECK(load_france_territories(found.parent_path()).number_of_nodes() == official().number_of_nodes());
}

TEST_CASE("A malformed dataset file is an error naming the file, line and column") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "maillage_test_territories";
  fs::create_directories(dir);
  const fs::path file = dir / "territories.tsv";  // gzread reads uncompressed files too
  auto write = [&](const std::string& content) {
    std::ofstream out(file, std::ios::binary);
    out << content;
  };
  const std::string header = "key\ttype\tlabel\tinsee\tsiren\tnature\tpopulation\tzone\tdepartement\tregion\tpart_of\n";
  write("# name\tx\nkey\tlabel\n");
  CHECK(test::has(test::thrown<InvalidInput>([&] { load_france_territories(file); }), file.string() + ":2:1: expected the header"));
  write(header + "pays:FR\tpays\tFrance\t\t\t\t12x\t\t\t\t\n");
  CHECK(test::has(test::thrown<InvalidInput>([&] { load_france_territories(file); }), file.string() + ":2:24: population '12x'"));
  write(header + "pays:FR\tpays\tFrance\n");
  CHECK(test::has(test::thrown<InvalidInput>([&] { load_france_territories(file); }), file.string() + ":2:1: expected 11"));
  write(header + "pays:FR\tville\tFrance\t\t\t\t\t\t\t\t\n");
  CHECK(test::has(test::thrown<InvalidInput>([&] { load_france_territories(file); }), ":2:9: unknown type 'ville'"));
  write(header + "region:01\tregion\tGuadeloupe\t01\t\t\t\tdrom\t\t01\tpays:FR\n");
  CHECK(test::has(test::thrown<InvalidInput>([&] { load_france_territories(file); }), "unknown target key 'pays:FR'"));
  write(header + "pays:FR\tpays\tFrance\t\t\t\t10\t\t\t\t\nregion:01\tregion\tGuadeloupe\t01\t\t\t5\tdrom\t\t01\tpays:FR\n");
  const Graph tiny = load_france_territories(file);
  CHECK(tiny.number_of_nodes() == 2);
  CHECK(tiny.number_of_edges() == 1);
  CHECK(std::get<std::int64_t>(tiny.node_attributes().column("population").get(1)) == 5);
  CHECK(test::has(test::thrown<NotFound>([&] { load_france_territories(dir / "missing.tsv.gz"); }), "missing.tsv.gz"));
  fs::remove_all(dir);
}

TEST_CASE("Loading is deterministic") {
  const Graph again = france_territories();
  const Graph& g = official();
  REQUIRE(again.number_of_nodes() == g.number_of_nodes());
  REQUIRE(again.number_of_edges() == g.number_of_edges());
  for (NodeId v = 0; v < g.number_of_nodes(); v += 97) CHECK(again.key(v) == g.key(v));
  for (EdgeId e = 0; e < g.number_of_edges(); e += 101) {
    CHECK(again.source(e) == g.source(e));
    CHECK(again.target(e) == g.target(e));
  }
}

TEST_CASE("Attaching a user's territories to the official hierarchy") {
  GraphBuilder b;
  b.add_node("Vimy", "territory");
  b.add_node("Lens-Liévin", "territory", {{"label", test::str("CA de Lens - Liévin")}});
  b.add_node("t-lomme", "territory", {{"label", test::str("Lomme")}});
  b.add_node("beaumont", "territory", {{"label", test::str("Beaumont")}, {"departement", test::str("63")}});
  b.add_node("x", "territory", {{"insee", test::str("2A004")}});
  b.add_node("pnr:bauges", "territory");
  b.add_node("pays:CM", "territory");
  b.add_node("alice", "person");
  b.add_edge("alice", "Vimy", "represents");
  b.add_edge("Vimy", "Lens-Liévin", "part_of");  // already given: not duplicated
  b.add_edge("Vimy", "pnr:bauges", "part_of");
  const Graph user = b.build();
  const Graph g = attach_territories(user, resolver());

  // The user's nodes keep their keys and gain official keys, labels and scales.
  auto attr = [&](const std::string& key, const char* column) { return text(g, g.id(key), column); };
  CHECK(attr("Vimy", "official_key") == "commune:62861");
  CHECK(attr("Vimy", "label") == "Vimy");
  CHECK(g.scales()[g.scale(g.id("Vimy"))].id == "commune");
  CHECK(attr("Lens-Liévin", "official_key") == "epci:246200364");
  CHECK(attr("Lens-Liévin", "label") == "CA de Lens - Liévin");
  CHECK(attr("t-lomme", "official_key") == "commune-associee:59355");
  CHECK(attr("beaumont", "official_key") == "commune:63032");
  CHECK(attr("x", "official_key") == "commune:2A004");
  CHECK(!g.node_attributes().column("official_key").get(g.id("pnr:bauges")).index());
  CHECK(!g.node_attributes().column("official_key").get(g.id("pays:CM")).index());
  CHECK(!g.node_attributes().column("official_key").get(g.id("alice")).index());
  // The user's CA node stands for the official one: Vimy is part of it, not of epci:246200364.
  CHECK(parent_keys(g, "Vimy") == std::vector<std::string>{"Lens-Liévin", "departement:62", "pnr:bauges"});
  CHECK(!g.find("epci:246200364"));
  CHECK(parent_keys(g, "Lens-Liévin") == std::vector<std::string>{"departement:62"});
  CHECK(parent_keys(g, "t-lomme") == std::vector<std::string>{"commune:59350"});
  CHECK(parent_keys(g, "commune:59350") == std::vector<std::string>{"departement:59", "epci:200093201"});
  CHECK(parent_keys(g, "departement:62") == std::vector<std::string>{"region:32"});
  CHECK(parent_keys(g, "region:32") == std::vector<std::string>{"pays:FR"});
  CHECK(attr("departement:62", "label") == "Pas-de-Calais");
  CHECK(attr("departement:62", "official_key") == "departement:62");
  CHECK(g.kind(g.id("departement:62")) == "territory");
  // Containers: Lille, MEL, 59, 62, 63 (and Beaumont's EPCI), 2A (and Ajaccio's EPCI), 32, 84, 94, FR.
  std::set<std::string> added;
  for (NodeId v = static_cast<NodeId>(user.number_of_nodes()); v < g.number_of_nodes(); ++v) added.insert(g.key(v));
  CHECK(added == std::set<std::string>{"commune:59350", "epci:200093201", "departement:59", "departement:62",
                                       "epci:246300701", "departement:63", "epci:242010056", "departement:2A",
                                       "region:32", "region:84", "region:94", "pays:FR"});
  // One part_of edge Vimy → Lens-Liévin (the user's), the added ones with their provenance.
  int vimy_lens = 0, added_edges = 0;
  const Column& provenance = g.edge_attributes().column("provenance");
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
    if (g.key(g.source(e)) == "Vimy" && g.key(g.target(e)) == "Lens-Liévin") ++vimy_lens;
    if (!provenance.is_missing(e)) {
      ++added_edges;
      CHECK(provenance.strings()[e] == "france-territories");
      CHECK(e >= user.number_of_edges());
    }
  }
  CHECK(vimy_lens == 1);
  CHECK(added_edges == static_cast<int>(g.number_of_edges() - user.number_of_edges()));
  CHECK(g.number_of_edges() == user.number_of_edges() + 19);
  CHECK(g.contains(g.id("region:32"), g.id("Vimy")));
  CHECK(g.contains(g.id("pays:FR"), g.id("x")));
}

TEST_CASE("Attaching fails listing every territory that cannot be placed") {
  GraphBuilder b;
  b.add_node("Beaumont", "territory");
  b.add_node("Nowhere-sur-Mer", "territory");
  b.add_node("Vimy", "territory");
  b.add_node("commune:62861", "territory");
  const auto message = test::thrown<InvalidInput>([&] { attach_territories(b.build(), resolver()); });
  CHECK(test::has(message, "3 territory nodes"));
  CHECK(test::has(message, "node 'Beaumont'"));
  CHECK(test::has(message, "node 'Nowhere-sur-Mer'"));
  CHECK(test::has(message, "'Vimy' and 'commune:62861' both stand for commune:62861"));
  // A user scale that contradicts the hierarchy is caught by the graph's own rules.
  GraphBuilder c;
  c.add_node("Vimy", "territory", {{"scale", test::str("region")}});
  CHECK(test::has(test::thrown<InvalidInput>([&] { attach_territories(c.build(), resolver()); }), "sits above"));
  // No territory: the graph comes back as it is.
  GraphBuilder d;
  d.add_node("alice", "person");
  CHECK(attach_territories(d.build(), resolver()).number_of_nodes() == 1);
}

TEST_CASE("Attaching reads a departement attribute given as a number") {
  GraphBuilder b;
  b.add_node("beaumont", "territory", {{"label", test::str("Beaumont")}, {"departement", test::i64(63)}});
  b.add_node("ain", "territory", {{"label", test::str("Ain")}, {"departement", test::i64(1)}});
  const Graph g = attach_territories(b.build(), resolver());
  CHECK(text(g, g.id("beaumont"), "official_key") == "commune:63032");
  CHECK(text(g, g.id("ain"), "official_key") == "departement:01");
  CHECK(parent_keys(g, "ain") == std::vector<std::string>{"region:84"});
}
