// The CSV reader and writer: RFC 4180 quoting, separators, byte-order marks and line ends, type
// inference and overrides, code columns, graphs from node and edge files, and round trips.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using test::thrown;

namespace {

io::CsvTable table(std::string_view text, io::CsvTableOptions o = {}) { return io::parse_table(text, "t.csv", o); }

std::string cell(const Column& c, std::size_t r) { return std::get<std::string>(c.get(r)); }

}  // namespace

TEST_CASE("CSV: RFC 4180 quoting, line ends and byte-order marks") {
  const auto t = table("\xEF\xBB\xBF" "a,b,c\r\n"
                       "\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
                       "plain,\"\",end\r\n"
                       ",,\r\n"
                       "\n"
                       "last,row,\"q\"");
  REQUIRE(t.table.rows() == 3);
  REQUIRE(t.table.names() == std::vector<std::string>{"a", "b", "c"});
  const Column& a = t.table.column("a");
  const Column& b = t.table.column("b");
  const Column& c = t.table.column("c");
  CHECK(cell(a, 0) == "x, y");
  CHECK(cell(b, 0) == "say \"hi\"");
  CHECK(cell(c, 0) == "two\nlines");
  CHECK(cell(a, 1) == "plain");
  CHECK(b.is_missing(1));  // a quoted empty cell is missing too
  CHECK(cell(c, 1) == "end");
  CHECK(cell(a, 2) == "last");
  CHECK(cell(c, 2) == "q");
  // rows start on lines 2, 4 (the quoted line break moved it) and 7; blank rows are skipped
  CHECK(t.lines == std::vector<std::uint32_t>{2, 4, 7});
  CHECK(t.separator == ',');
}

TEST_CASE("CSV: lone CR line ends and a quote inside an unquoted field") {
  const auto t = table("a;b\r5\";x\ry;z");
  CHECK(t.separator == ';');
  REQUIRE(t.table.rows() == 2);
  CHECK(cell(t.table.column("a"), 0) == "5\"");
  CHECK(t.lines == std::vector<std::uint32_t>{2, 3});
}

TEST_CASE("CSV: separator detection from the header line") {
  CHECK(table("a;b,c;d\n1;2,5;3\n").separator == ';');
  CHECK(table("a,b;c,d\n1,x;y,3\n").separator == ',');
  CHECK(table("\"a;b;c\",d\n1,2\n").separator == ',');  // separators inside quotes do not count
  CHECK(table("single\n1\n").separator == ',');
  io::CsvTableOptions o;
  o.separator = ';';
  CHECK(table("a,b;c\n1,2;3\n", o).table.names() == std::vector<std::string>{"a,b", "c"});
}

TEST_CASE("CSV: type inference") {
  const auto t = table(
      "b,i,d,day,text,zip,dep,mixed,year,plus,big,sp,empty\n"
      "true,1,1.5,2024-01-31,abc,01001,2A,1,2024,+3,99999999999999999999, 4,\n"
      "FALSE,-20,2,2024-02-29,déf,74010,74,x,2025,5,1, 5,\n"
      ",,,,,,,,,,,,\n"
      "True,,3e-2,,,,,,,,,,\n");
  const Table& x = t.table;
  REQUIRE(x.rows() == 3);
  CHECK(x.column("b").type() == AttrType::boolean);
  CHECK(x.column("b").get(0) == Value(true));
  CHECK(x.column("b").get(1) == Value(false));
  CHECK(x.column("b").get(2) == Value(true));
  CHECK(x.column("i").type() == AttrType::int64);
  CHECK(x.column("i").get(1) == Value(std::int64_t{-20}));
  CHECK(x.column("i").is_missing(2));
  CHECK(x.column("d").type() == AttrType::float64);
  CHECK(x.column("d").get(1) == Value(2.0));
  CHECK(x.column("d").get(2) == Value(0.03));
  CHECK(x.column("day").type() == AttrType::date);
  CHECK(x.column("day").get(1) == Value(Date::from_ymd(2024, 2, 29)));
  CHECK(x.column("text").type() == AttrType::string);
  CHECK(x.column("zip").type() == AttrType::string);  // a leading zero: codes stay text
  CHECK(cell(x.column("zip"), 0) == "01001");
  CHECK(x.column("dep").type() == AttrType::string);  // a letter among digits
  CHECK(x.column("mixed").type() == AttrType::string);
  CHECK(x.column("year").type() == AttrType::int64);  // bare years are numbers outside start/end
  CHECK(x.column("plus").type() == AttrType::string);  // "+3" (a phone number?) stays text
  CHECK(x.column("big").type() == AttrType::string);   // beyond 64 bits: text, not a rounded double
  CHECK(x.column("sp").type() == AttrType::string);    // " 4": spaces are kept, the value is text
  CHECK(cell(x.column("sp"), 0) == " 4");
  CHECK(x.column("empty").type() == AttrType::string);
  CHECK(x.column("empty").missing_count() == 3);
}

TEST_CASE("CSV: decimal commas in ';' files") {
  const auto t = table("key;surface;n;code\na;12,5;1;1,5\nb;3;2;2\n");
  CHECK(t.table.column("surface").type() == AttrType::float64);
  CHECK(t.table.column("surface").get(0) == Value(12.5));
  CHECK(t.table.column("n").type() == AttrType::int64);
  // in a ',' file a quoted "12,5" is text
  const auto u = table("key,surface\na,\"12,5\"\nb,3\n");
  CHECK(u.table.column("surface").type() == AttrType::string);
}

TEST_CASE("CSV: code columns and explicit types") {
  io::CsvTableOptions o;
  o.codes = {"siret"};
  o.dtypes["n"] = AttrType::float64;
  o.dtypes["flag"] = AttrType::boolean;
  o.dtypes["cat"] = AttrType::categorical;
  o.dtypes["tags"] = AttrType::string_list;
  o.dtypes["when"] = AttrType::date;
  o.dtypes["id"] = AttrType::int64;
  const auto t = table(
      "key,code,insee,siren,siret,n,flag,cat,tags,when,id\n"
      "1,2,3,4,5,6,oui,b,x|y,2020,007\n"
      "10,20,30,40,50,7.5,0,a,solo,2021-06-01,+8\n"
      "11,,,,,,,b,,,\n",
      o);
  const Table& x = t.table;
  for (const char* name : {"key", "code", "insee", "siren", "siret"}) {
    INFO(name);
    CHECK(x.column(name).type() == AttrType::string);
  }
  CHECK(cell(x.column("key"), 0) == "1");
  CHECK(x.column("n").type() == AttrType::float64);
  CHECK(x.column("n").get(0) == Value(6.0));
  CHECK(x.column("flag").get(0) == Value(true));
  CHECK(x.column("flag").get(1) == Value(false));
  CHECK(x.column("flag").is_missing(2));
  const Column& cat = x.column("cat");
  CHECK(cat.type() == AttrType::categorical);
  CHECK(cat.categories() == std::vector<std::string>{"a", "b"});  // sorted, as pandas does
  CHECK(cat.get(0) == Value(std::string("b")));
  CHECK(x.column("tags").get(0) == Value(StringList{"x", "y"}));
  CHECK(x.column("tags").get(1) == Value(StringList{"solo"}));
  CHECK(x.column("tags").is_missing(2));
  CHECK(x.column("when").get(0) == Value(Date::from_ymd(2020, 1, 1)));
  CHECK(x.column("id").get(0) == Value(std::int64_t{7}));
  CHECK(x.column("id").get(1) == Value(std::int64_t{8}));
}

TEST_CASE("CSV: a graph from a node file and an edge file") {
  const std::string nodes =
      "key;kind;label;scale;insee;population;family\n"
      "commune:01001;territory;L'Abergement-Clémenciat;commune;01001;832;\n"
      "commune:2A004;territory;Ajaccio;commune;2A004;73000;\n"
      "departement:01;territory;Ain;departement;01;;\n"
      "person:alice;person;\"Alice; dite \"\"Al\"\"\";;;;elu\n"
      "org:x;;X;national;;;\n";
  const std::string edges =
      "source;target;relation;weight;start;end;context;note\n"
      "commune:01001;departement:01;part_of;;;;;\n"
      "person:alice;org:x;member_of;2,5;2021;2024;prog:a;ok\n"
      "person:alice;commune:2A004;cooperates_with;1;2020-03-01;;;\n";
  io::CsvOptions o;
  o.default_kind = "organisation";
  const Graph g = io::parse_csv(std::string_view(nodes), edges, o);
  REQUIRE(g.number_of_nodes() == 5);
  REQUIRE(g.number_of_edges() == 3);
  CHECK(g.key(0) == "commune:01001");
  CHECK(g.kind(g.id("org:x")) == "organisation");
  const Table& na = g.node_attributes();
  CHECK(cell(na.column("insee"), 0) == "01001");
  CHECK(cell(na.column("insee"), 1) == "2A004");
  CHECK(na.column("population").type() == AttrType::int64);
  CHECK(na.column("population").is_missing(2));
  CHECK(cell(na.column("label"), 3) == "Alice; dite \"Al\"");
  CHECK(g.scale(g.id("departement:01")) == *g.scales().find("departement"));
  CHECK(g.scale(g.id("person:alice")) == no_scale);
  CHECK(g.parents(g.id("commune:01001")).size() == 1);
  CHECK(g.relation(0).name == "part_of");
  CHECK(g.has_weight_column());
  CHECK_FALSE(g.weight_given(0));
  CHECK(g.weight(0) == 1.0);
  CHECK(g.weight(1) == 2.5);
  CHECK(g.start(1) == Date::from_ymd(2021, 1, 1));
  CHECK(g.end(1) == Date::from_ymd(2024, 12, 31));  // a year in end is 31 December
  CHECK(g.start(2) == Date::from_ymd(2020, 3, 1));
  CHECK_FALSE(g.end(2).has_value());
  CHECK(*g.context(1) == "prog:a");
  CHECK(g.context(0) == nullptr);
  CHECK(cell(g.edge_attributes().column("note"), 1) == "ok");
}

TEST_CASE("CSV: an edge list alone, defaults and registered relations") {
  io::CsvOptions o;
  o.relations.push_back({"aime", true, RelationCategory::tie});
  o.default_relation = "aime";
  o.default_kind = "person";
  const Graph g = io::parse_csv(std::nullopt, "source,target,relation\nb,a,\na,c,cooperates_with\nc,b,aime\n", o);
  CHECK(g.number_of_nodes() == 3);
  CHECK(g.key(0) == "b");  // nodes in first-seen order of the endpoints
  CHECK(g.key(1) == "a");
  CHECK(g.key(2) == "c");
  CHECK(g.kind(0) == "person");
  CHECK(g.relation(0).name == "aime");
  CHECK(g.relation(0).directed);
  CHECK(g.relation(1).name == "cooperates_with");
  // without a relation column every edge is cooperates_with, or the default relation
  const Graph h = io::parse_csv(std::nullopt, "source,target\nx,y\n");
  CHECK(h.relation(0).name == "cooperates_with");
  const Graph k = io::parse_csv(std::nullopt, "source,target\nx,y\n", o);
  CHECK(k.relation(0).name == "aime");
  // endpoints missing from the node file, created when asked
  io::CsvOptions create;
  create.create_missing_nodes = true;
  const Graph m = io::parse_csv(std::string_view("key,kind\na,person\n"), "source,target\na,z\n", create);
  CHECK(m.number_of_nodes() == 2);
  CHECK(m.kind(m.id("z")) == "node");
  // a node file whose edges file is header only: nodes without edges
  const Graph n = io::parse_csv(std::string_view("key\na\nb\n"), "source,target\n");
  CHECK(n.number_of_nodes() == 2);
  CHECK(n.number_of_edges() == 0);
}

TEST_CASE("CSV: the reader agrees with GraphBuilder on the same rows") {
  // The same random graph given row by row to GraphBuilder and as CSV text to the reader.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, 39), rel(0, 2), year(2000, 2030);
  std::uniform_real_distribution<double> w(0, 10);
  const char* relations[] = {"cooperates_with", "supports", "funds"};
  GraphBuilder b;
  std::string nodes = "key,kind,n\n", edges = "source,target,relation,weight,start\n";
  for (int i = 0; i < 40; ++i) {
    const std::string key = std::string("k").append(std::to_string(i));
    b.add_node(key, i % 2 ? "person" : "organisation", {{"n", std::int64_t{i * 3}}});
    nodes += key + (i % 2 ? ",person," : ",organisation,") + std::to_string(i * 3) + "\n";
  }
  for (int e = 0; e < 300; ++e) {
    const int s = pick(rng), t = pick(rng), r = rel(rng), y = year(rng);
    const double x = std::round(w(rng) * 1000) / 1000;
    const std::string source = std::string("k").append(std::to_string(s));
    const std::string target = std::string("k").append(std::to_string(t));
    b.add_edge(source, target, relations[r], {{"weight", x}, {"start", std::int64_t{y}}});
    char line[128];
    std::snprintf(line, sizeof line, "%s,%s,%s,%.3f,%d\n", source.c_str(), target.c_str(), relations[r], x, y);
    edges += line;
  }
  const Graph want = b.build();
  const Graph got = io::parse_csv(std::string_view(nodes), edges);
  REQUIRE(got.number_of_nodes() == want.number_of_nodes());
  REQUIRE(got.number_of_edges() == want.number_of_edges());
  for (NodeId i = 0; i < want.number_of_nodes(); ++i) {
    CHECK(got.key(i) == want.key(i));
    CHECK(got.kind(i) == want.kind(i));
    CHECK(got.node_attributes().column("n").get(i) == want.node_attributes().column("n").get(i));
  }
  for (EdgeId e = 0; e < want.number_of_edges(); ++e) {
    CHECK(got.source(e) == want.source(e));
    CHECK(got.target(e) == want.target(e));
    CHECK(got.relation(e).name == want.relation(e).name);
    CHECK(got.weight(e) == want.weight(e));
    CHECK(got.start(e) == want.start(e));
  }
}

TEST_CASE("CSV: write then read keeps every value and type") {
  GraphBuilder b;
  b.add_node("commune:01001", "territory",
             {{"label", std::string("L'Abergement, \"Clémenciat\"")}, {"scale", std::string("commune")},
              {"insee", std::string("01001")}, {"pop", std::int64_t{832}}, {"share", 0.25}, {"active", true},
              {"tags", StringList{"a", "b c"}}, {"since", Date::from_ymd(1790, 3, 4)}, {"ratio", 2.0}});
  b.add_node("departement:01", "territory", {{"scale", std::string("departement")}, {"pop", std::int64_t{-5}},
                                             {"share", 1e-300}, {"active", false}, {"ratio", 0.1}});
  b.add_node("x", "person", {{"label", std::string("two\nlines")}, {"share", 123456789.125}});
  b.add_edge("commune:01001", "departement:01", "part_of", {{"weight", 0.1}});
  b.add_edge("x", "commune:01001", "cooperates_with",
             {{"start", std::int64_t{2021}}, {"end", std::string("2024")}, {"context", std::string("prog;1")},
              {"provenance", std::string("entretien")}});
  const Graph g = b.build();
  for (const char sep : {',', ';'}) {
    io::CsvWriteOptions w;
    w.separator = sep;
    const auto [nodes, edges] = io::format_csv(g, w);
    io::CsvOptions o;
    o.dtypes["tags"] = AttrType::string_list;
    const Graph h = io::parse_csv(std::string_view(nodes), edges, o);
    REQUIRE(h.number_of_nodes() == g.number_of_nodes());
    REQUIRE(h.number_of_edges() == g.number_of_edges());
    const Table& a = g.node_attributes();
    const Table& c = h.node_attributes();
    REQUIRE(c.names() == a.names());
    for (std::size_t k = 0; k < a.columns(); ++k) {
      INFO(a.names()[k]);
      CHECK(c.column(k).type() == a.column(k).type());
      for (NodeId i = 0; i < g.number_of_nodes(); ++i) CHECK(c.column(k).get(i) == a.column(k).get(i));
    }
    for (NodeId i = 0; i < g.number_of_nodes(); ++i) {
      CHECK(h.key(i) == g.key(i));
      CHECK(h.kind(i) == g.kind(i));
    }
    for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
      CHECK(h.weight(e) == g.weight(e));
      CHECK(h.weight_given(e) == g.weight_given(e));
      CHECK(h.start(e) == g.start(e));
      CHECK(h.end(e) == g.end(e));
      CHECK((h.context(e) ? *h.context(e) : "-") == (g.context(e) ? *g.context(e) : "-"));
      CHECK((h.provenance(e) ? *h.provenance(e) : "-") == (g.provenance(e) ? *g.provenance(e) : "-"));
    }
    // and a second write gives the same text
    const auto again = io::format_csv(h, w);
    CHECK(again.first == nodes);
    CHECK(again.second == edges);
  }
}

TEST_CASE("CSV: writing refuses what cannot be read back") {
  GraphBuilder b;
  b.add_node("a", "node", {{"tags", StringList{"x|y"}}});
  const Graph g = b.build();
  CHECK(thrown<InvalidInput>([&] { (void)io::format_csv(g); }) ==
        "column 'tags' row 0: list item 'x|y' holds the list separator '|'");
  io::CsvWriteOptions w;
  w.separator = '\t';
  CHECK(thrown<InvalidInput>([&] { (void)io::format_csv(g, w); }) == "separator must be ',' or ';', not '\\x09'");
}

TEST_CASE("CSV: files on disk, progress, and the column type names") {
  const auto dir = std::filesystem::temp_directory_path() / "maillage_csv_files";
  std::filesystem::create_directories(dir);
  const std::string nodes = (dir / "n.csv").string(), edges = (dir / "e.csv").string();
  GraphBuilder b;
  for (int i = 0; i < 5000; ++i) b.add_node(std::string("n").append(std::to_string(i)), "person");
  for (int i = 0; i < 100000; ++i)
    b.add_edge(std::string("n").append(std::to_string(i % 5000)), std::string("n").append(std::to_string((i * 7) % 5000)),
               "cooperates_with", {{"weight", 0.5 + i % 3}});
  const Graph g = b.build();
  io::write_csv(g, nodes, edges);
  std::vector<std::string> stages;
  io::CsvOptions o;
  o.progress = [&](std::string_view stage, std::uint64_t done, std::uint64_t total) {
    if (stages.empty() || stages.back() != stage) stages.emplace_back(stage);
    CHECK(done <= total);
  };
  const Graph h = io::read_csv(nodes, edges, o);
  CHECK(stages == std::vector<std::string>{"read nodes", "read edges", "build"});
  REQUIRE(h.number_of_edges() == g.number_of_edges());
  for (EdgeId e = 0; e < g.number_of_edges(); e += 997) {
    CHECK(h.key(h.source(e)) == g.key(g.source(e)));
    CHECK(h.weight(e) == g.weight(e));
  }
  o.progress = [](std::string_view, std::uint64_t, std::uint64_t) { throw Cancelled(); };
  CHECK_THROWS_AS(io::read_csv(nodes, edges, o), Cancelled);
  std::filesystem::remove_all(dir);
  CHECK(io::parse_column_type("category") == AttrType::categorical);
  CHECK(io::parse_column_type("double") == AttrType::float64);
  CHECK(io::parse_column_type("list") == AttrType::string_list);
  CHECK_FALSE(io::parse_column_type("decimal").has_value());
}

TEST_CASE("CSV: mutated files fail cleanly (a small fuzzer)") {
  // Random byte edits of valid node and edge files: every outcome is a graph or an InvalidInput
  // whose message starts with a file name, never another exception or a crash (run under ASan).
  const std::string nodes = "key;kind;label;scale;n\ncommune:01001;territory;\"L'Abergement; \"\"C\"\"\";commune;1\n"
                            "departement:01;territory;Ain;departement;2,5\np;person;Élise;;\n";
  const std::string edges = "source;target;relation;weight;start;end\ncommune:01001;departement:01;part_of;;;\n"
                            "p;commune:01001;cooperates_with;2;2020;2024-06-30\n";
  const std::string bytes = ";,\"\n\r\xEF\xBB\xBF\xC3\xA9\xFFpx0123-.e ";
  std::mt19937 rng(11);
  int graphs = 0, errors = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string n = nodes, e = edges;
    std::string& target = round % 2 ? n : e;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) {
      const std::size_t at = rng() % (target.size() + 1);
      switch (rng() % 3) {
        case 0: target.insert(at, 1, bytes[rng() % bytes.size()]); break;
        case 1: if (at < target.size()) target.erase(at, 1); break;
        default: if (at < target.size()) target[at] = bytes[rng() % bytes.size()]; break;
      }
    }
    try {
      (void)io::parse_csv(std::string_view(n), e);
      ++graphs;
    } catch (const InvalidInput& error) {
      const std::string message = error.what();
      CHECK((message.rfind("nodes.csv:", 0) == 0 || message.rfind("edges.csv:", 0) == 0));
      ++errors;
    }
  }
  CHECK(graphs > 100);
  CHECK(errors > 100);
}
