// The fabrique-2024 dataset (maillage::datasets::fabrique_2024). Expected numbers come from the
// report's text (La Fabrique des transitions, "Bilan 2024") and from counting the shipped CSV
// files' lines, independently of maillage; the Python tests check every list in detail.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "catch.hpp"
#include "maillage/maillage.hpp"

using namespace maillage;
namespace fs = std::filesystem;

namespace {

const Graph& fabrique() {
  static const Graph g = datasets::fabrique_2024();
  return g;
}

std::size_t data_lines(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) ++n;
  return n - 1;  // the header
}

std::string text(const Table& table, std::size_t row, const char* column) {
  const Value value = table.column(column).get(row);
  return std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : std::string();
}

}  // namespace

TEST_CASE("fabrique-2024 loads with as many nodes and edges as the CSV files have rows", "[fabrique]") {
  const fs::path folder = datasets::find_fabrique_2024();
  const Graph& g = fabrique();
  CHECK(g.number_of_nodes() == data_lines(folder / "nodes.csv"));
  CHECK(g.number_of_edges() == data_lines(folder / "edges.csv"));
  CHECK(g.number_of_nodes() > 500);
}

TEST_CASE("fabrique-2024 registers produces and keeps the report's totals as metadata", "[fabrique]") {
  const Graph& g = fabrique();
  const Relation& produces = g.relations()[g.relations().id("produces")];
  CHECK(produces.directed);
  CHECK(produces.category == RelationCategory::tie);
  const Metadata& meta = g.metadata();
  // « 465 organisations et 901 personnes alliées », « Le budget prévisionnel 2025 : 631 500 € »
  CHECK(std::get<std::int64_t>(meta.at("alliance_organisations")) == 465);
  CHECK(std::get<std::int64_t>(meta.at("alliance_personnes")) == 901);
  CHECK(std::get<std::int64_t>(meta.at("budget_previsionnel_2025_eur")) == 631500);
  CHECK(std::get<StringList>(meta.at("relations_registered")) == StringList{"produces"});
}

TEST_CASE("fabrique-2024: every territory reaches pays:FR or pays:CM through part_of", "[fabrique]") {
  const Graph& g = fabrique();
  const NodeId fr = g.id("pays:FR");
  const NodeId cm = g.id("pays:CM");
  std::size_t territories = 0;
  for (NodeId v = 0; v < g.number_of_nodes(); ++v) {
    if (g.kind(v) != "territory" || v == fr || v == cm) continue;
    ++territories;
    INFO(g.key(v));
    CHECK((g.contains(fr, v) || g.contains(cm, v)));
  }
  CHECK(territories > 100);
  CHECK(g.contains(cm, g.id("territoire:yaounde-vi")));
  // Lomme is an associated commune of Lille (59350), in the Métropole européenne de Lille.
  CHECK(g.contains(g.id("commune:59350"), g.id("commune-associee:59355")));
}

TEST_CASE("fabrique-2024: the eight pilot territories of Territoires pilotes (saison 2)", "[fabrique]") {
  // « poursuite de l'accompagnement de 8 territoires pilotes » — Anancy [Annecy], CA Beauvais, CU
  // d'Arras, Faverge-Seythenex, Lomme, PETR de l'Albigeois et des Bastides, Saint-Jean-de-Braye, Vimy.
  const Graph& g = fabrique();
  const NodeId programme = g.id("programme:territoires-pilotes-saison-2");
  const Table& attrs = g.edge_attributes();
  std::set<std::string> pilots;
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
    if (g.target(e) != programme || g.relation(e).name != "participates_in") continue;
    if (text(attrs, e, "role") == "territoire pilote") pilots.insert(g.key(g.source(e)));
  }
  CHECK(pilots == std::set<std::string>{"commune:74010", "epci:200067999", "epci:200033579", "commune:74123",
                                        "commune-associee:59355", "petr:albigeois-et-bastides", "commune:45284",
                                        "commune:62861"});
}

TEST_CASE("fabrique-2024: every edge has a provenance, lists and codes are read as such", "[fabrique]") {
  const Graph& g = fabrique();
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
    const std::string* provenance = g.provenance(e);
    REQUIRE(provenance != nullptr);
    CHECK(!provenance->empty());
  }
  const Table& nodes = g.node_attributes();
  CHECK(nodes.column("aliases").type() == AttrType::string_list);
  CHECK(nodes.column("insee").type() == AttrType::string);
  const Value aliases = nodes.column("aliases").get(g.id("commune:74010"));
  CHECK(std::get<StringList>(aliases) == StringList{"Anancy", "Ville d'Annecy"});
  CHECK(std::get<std::string>(nodes.column("insee").get(g.id("departement:01"))) == "01");
}

TEST_CASE("fabrique-2024: missing or malformed files are named", "[fabrique]") {
  const fs::path empty = fs::temp_directory_path() / "maillage-fabrique-test-empty";
  fs::create_directories(empty);
  CHECK_THROWS_AS(datasets::load_fabrique_2024(empty), NotFound);

  const fs::path bad = fs::temp_directory_path() / "maillage-fabrique-test-bad";
  fs::create_directories(bad);
  const fs::path source = datasets::find_fabrique_2024();
  for (const char* name : {"nodes.csv", "edges.csv"})
    fs::copy_file(source / name, bad / name, fs::copy_options::overwrite_existing);
  {
    // The descriptor's metadata entry is not an integer: named by its element path.
    std::ifstream in(source / "datapackage.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string good = "\"name\": \"alliance_personnes\",\n      \"type\": \"int64\",\n      \"value\": 901";
    const auto at = text.find(good);
    REQUIRE(at != std::string::npos);
    text.replace(at, good.size(), "\"name\": \"alliance_personnes\",\n      \"type\": \"int64\",\n      \"value\": \"neuf cent un\"");
    std::ofstream out(bad / "datapackage.json");
    out << text;
  }
  try {
    (void)datasets::load_fabrique_2024(bad);
    FAIL("a malformed datapackage.json was accepted");
  } catch (const InvalidInput& error) {
    const std::string message = error.what();
    CHECK(message.find("datapackage.json: maillage:metadata[") != std::string::npos);
    CHECK(message.find("].value: expected an integer, not \"neuf cent un\"") != std::string::npos);
  }
  fs::remove_all(empty);
  fs::remove_all(bad);
}
