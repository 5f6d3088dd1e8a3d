// The CSV reader's catalogue of malformed inputs: each case gives the files and the exact message
// expected, which starts <file>:<line>:<column>: (lines from 1, the header being line 1; columns
// in characters from 1) and names the value at fault.
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using test::thrown;

namespace {

struct Case {
  const char* what;
  std::optional<std::string> nodes;  // nothing: an edge list alone
  std::string edges;
  std::string message;  // the whole message, or its beginning when `prefix`
  bool prefix = false;
  io::CsvOptions options = {};
};

const std::string registered =
    "part_of, located_in, member_of, represents, in_programme, cooperates_with, co_participates, supports, funds, "
    "animates, participates_in, speaks_at, links_to";

io::CsvOptions with_dtype(const char* column, AttrType type) {
  io::CsvOptions o;
  o.dtypes[column] = type;
  return o;
}

std::vector<Case> catalogue() {
  const std::string ab = "key\na\nb\n";
  std::vector<Case> cases = {
      {"unterminated quote", ab, "source,target\na,\"b\n", "edges.csv:2:3: unterminated quote: the quoted field opened here never closes"},
      {"unterminated quote over several lines", ab, "source,target\na,b\nb,\"a\n\nx\n",
       "edges.csv:3:3: unterminated quote: the quoted field opened here never closes"},
      {"text after a closing quote", ab, "source,target\na,\"b\"c\n",
       "edges.csv:2:3: text after the closing quote of a quoted field ('c'); a quote inside a quoted field is written \"\""},
      {"row with too many fields", ab, "source,target\na,b\na,b,c\n", "edges.csv:3:5: row has 3 fields, the header has 2"},
      {"row with too few fields", ab, "source,target,weight\na,b,1\nb,a\n", "edges.csv:3:4: row has 2 fields, the header has 3"},
      {"ragged row after a quoted field spanning lines", "key,label\na,\"two\nlines\"\nb,x,extra\n",
       "source,target\na,b\n", "nodes.csv:4:5: row has 3 fields, the header has 2"},
      {"bad number in an int64 column", "key,population\na,1200\nb,12x\n", "source,target\na,b\n",
       "nodes.csv:3:3: column 'population': '12x' is not an int64", false, with_dtype("population", AttrType::int64)},
      {"integer beyond 64 bits in an int64 column", "key,n\na,99999999999999999999\nb,1\n", "source,target\na,b\n",
       "nodes.csv:2:3: column 'n': '99999999999999999999' is not an int64 (beyond 64 bits)", false,
       with_dtype("n", AttrType::int64)},
      {"bad number in a double column", "key,surface\na,\"12,5\"\nb,3\n", "source,target\na,b\n",
       "nodes.csv:2:3: column 'surface': '12,5' is not a number (e.g. 2, 1.5 or 3e-4)", false,
       with_dtype("surface", AttrType::float64)},
      {"bad weight", ab, "source,target,weight\na,b,lourd\n",
       "edges.csv:2:5: column 'weight': 'lourd' is not a number (e.g. 2, 1.5 or 3e-4)"},
      {"negative weight", ab, "source,target,weight\na,b,-1\n",
       "edges.csv:2:5: edge 0 ('a' → 'b', cooperates_with): weight -1 (weights must be finite and ≥ 0)"},
      {"bad bool", "key,actif\na,true\nb,peut-être\n", "source,target\na,b\n",
       "nodes.csv:3:3: column 'actif': 'peut-être' is not a bool (true/false, 1/0, yes/no, oui/non, vrai/faux)", false,
       with_dtype("actif", AttrType::boolean)},
      {"duplicate key", "key,kind\na,person\nb,person\na,organisation\n", "source,target\na,b\n",
       "nodes.csv:4:1: duplicate node key 'a' (first on line 2)"},
      {"empty key", "key,kind\na,person\n,person\n", "source,target\na,a\n", "nodes.csv:3:1: node 1: empty key"},
      {"unknown target", ab, "source,target\na,b\nb,c\n",
       "edges.csv:3:3: edge 1 ('b' → 'c', cooperates_with): unknown target key 'c'"},
      {"unknown source", ab, "target;source\nb;zoé\n",
       "edges.csv:2:3: edge 0 ('zoé' → 'b', cooperates_with): unknown source key 'zoé'"},
      {"empty source", ab, "source,target\n,b\n", "edges.csv:2:1: edge 0: empty source key"},
      {"bad start date", ab, "source,target,start\na,b,2024-02-30\n",
       "edges.csv:2:5: column 'start': '2024-02-30' is not a date (YYYY-MM-DD or YYYY)"},
      {"bad date in a date column", "key,creation\na,2020-01-01\nb,01/02/2020\n", "source,target\na,b\n",
       "nodes.csv:3:3: column 'creation': '01/02/2020' is not a date (YYYY-MM-DD or YYYY)", false,
       with_dtype("creation", AttrType::date)},
      {"start after end", ab, "source,target,start,end\na,b,2024,2020\n",
       "edges.csv:2:5: edge 0 ('a' → 'b', cooperates_with): start 2024-01-01 is after end 2020-12-31"},
      {"invalid UTF-8 (Windows-1252 export)", "key,label\na,Cl\xe9ment\nb,x\n", "source,target\na,b\n",
       "nodes.csv:2:3: invalid UTF-8 (byte 0xe9 in 'Cl'…); is the file in Windows-1252 (Latin-1)? Save it as \"CSV UTF-8\""},
      {"UTF-16 file", ab, std::string("\xff\xfes\0o\0", 6), "edges.csv:1:1: the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\")"},
      {"empty file", "", "source,target\na,b\n", "nodes.csv:1:1: empty file (expected a header line)"},
      {"byte-order mark only", ab, "\xEF\xBB\xBF", "edges.csv:1:1: empty file (expected a header line)"},
      {"blank lines only", ab, "\n,,\n\n", "edges.csv:1:1: empty file (expected a header line)"},
      {"header only, edge list alone", std::nullopt, "source,target\n",
       "edges.csv:1:1: header only: an edge list read alone must hold at least one edge"},
      {"no key column", "id,label\na,A\n", "source,target\na,b\n", "nodes.csv:1:1: no 'key' column (columns: 'id', 'label')"},
      {"no target column", ab, "source;cible\na;b\n", "edges.csv:1:1: no 'target' column (columns: 'source', 'cible')"},
      {"duplicate column name", ab, "source,target,source\na,b,a\n", "edges.csv:1:15: duplicate column name 'source'"},
      {"empty column name", ab, "source,,target\na,1,b\n", "edges.csv:1:8: empty column name (column 2)"},
      {"unregistered relation", ab, "source,target,relation\na,b,aime\n",
       "edges.csv:2:5: edge 0 ('a' → 'b', aime): unregistered relation 'aime' (registered: " + registered + ")"},
      {"missing relation", ab, "source,target,relation\na,b,funds\nb,a,\n",
       "edges.csv:3:5: edge 1 ('b' → 'a'): missing relation (give a default relation to fill blanks)"},
      {"unknown scale", "key,kind,scale\na,territory,ville\nb,territory,commune\n", "source,target\na,b\n",
       "nodes.csv:2:13: node 'a': unknown scale 'ville' (scales, lowest first: quartier, commune, epci, bassin, "
       "departement, region, interregion, national, europe, international)"},
      {"part_of between non-territories", "key,kind\na,person\nb,territory\n", "source,target,relation\na,b,part_of\n",
       "edges.csv:2:5: edge 0 ('a' → 'b', part_of): part_of links territories only, and 'a' is a person"},
      {"part_of cycle", "key,kind\na,territory\nb,territory\nc,territory\n",
       "source,target,relation\na,b,part_of\nc,a,cooperates_with\nb,a,part_of\n",
       "edges.csv:2:5: part_of cycle: 'a' → 'b' → 'a'"},
      {"child above its parent", "key,kind,scale\nr,territory,region\nc,territory,commune\n",
       "source,target,relation\nr,c,part_of\n",
       "edges.csv:2:5: edge 0 ('r' → 'c', part_of): child 'r' (scale region) sits above its parent 'c' (scale commune)"},
      {"CR line ends", ab, "source,target\ra,b\rb,a,x\r", "edges.csv:3:5: row has 3 fields, the header has 2"},
      {"CRLF line ends and a byte-order mark", ab, "\xEF\xBB\xBFsource;target\r\na;b\r\nb;\"c\"\r\n",
       "edges.csv:3:3: edge 1 ('b' → 'c', cooperates_with): unknown target key 'c'"},
      {"columns count characters, not bytes", "key,label,n\nà,é,1\nb,ça,x1\n", "source,target\nà,b\n",
       "nodes.csv:3:6: column 'n': 'x1' is not an int64", false, with_dtype("n", AttrType::int64)},
  };
  {
    io::CsvOptions o;
    o.dtypes["nulle"] = AttrType::int64;
    cases.push_back({"dtypes naming no column", ab, "source,target\na,b\n",
                     "dtypes: no column 'nulle' in nodes.csv or edges.csv", false, o});
  }
  {
    io::CsvOptions o;
    o.dtypes["weight"] = AttrType::string;
    cases.push_back({"dtypes retyping a reserved column", ab, "source,target,weight\na,b,1\n",
                     "dtypes: column 'weight' is reserved and holds double values, not string", false, o});
  }
  return cases;
}

}  // namespace

TEST_CASE("The malformed-input catalogue: every case fails with its message") {
  const auto cases = catalogue();
  REQUIRE(cases.size() >= 20);
  for (const Case& c : cases) {
    INFO(c.what);
    const std::string message = thrown<InvalidInput>([&] {
      if (c.nodes) {
        (void)io::parse_csv(std::string_view(*c.nodes), c.edges, c.options);
      } else {
        (void)io::parse_csv(std::nullopt, c.edges, c.options);
      }
    });
    if (c.prefix) {
      CHECK(message.rfind(c.message, 0) == 0);
    } else {
      CHECK(message == c.message);
    }
  }
}

TEST_CASE("Malformed files on disk are named by their path") {
  const std::string dir = std::filesystem::temp_directory_path() / "maillage_csv_errors";
  std::filesystem::create_directories(dir);
  const std::string nodes = dir + "/noeuds.csv", edges = dir + "/liens.csv";
  {
    std::ofstream(nodes) << "key;kind\na;person\nb;person\n";
    std::ofstream(edges) << "source;target;weight\na;b;1,5\nb;a;x\n";
  }
  CHECK(thrown<InvalidInput>([&] { (void)io::read_csv(nodes, edges); }) ==
        edges + ":3:5: column 'weight': 'x' is not a number (e.g. 2, 1.5, 1,5 or 3e-4)");
  CHECK(thrown<InvalidInput>([&] { (void)io::read_csv(nodes, dir + "/absent.csv"); })
            .rfind(dir + "/absent.csv: cannot open the file", 0) == 0);
  // A long file: the error is found past the first block the reader holds.
  {
    std::ofstream out(edges);
    out << "source,target\n";
    for (int i = 0; i < 300000; ++i) out << "a,b\n";
    out << "a,\"b\n";
  }
  CHECK(thrown<InvalidInput>([&] { (void)io::read_csv(nodes, edges); }) ==
        edges + ":300002:3: unterminated quote: the quoted field opened here never closes");
  std::filesystem::remove_all(dir);
}
