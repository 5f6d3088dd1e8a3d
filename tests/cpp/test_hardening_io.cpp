// Hardened input and output: readers refuse what is not a regular file before reading it, cap
// fields, rows and headers, check duplicate names in linear time; writers never leave a file
// half-written or a pair of files mismatched.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "catch.hpp"
#include "helpers.hpp"
// The readers' internal open and read (io::detail::open_regular_file, read_some).
#include "../../src/io/io_support.hpp"

using namespace maillage;
using test::has;
using test::thrown;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void put(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

fs::path fresh(const char* name) {
  const fs::path dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Graph small_graph() { return io::parse_csv(std::string_view("key,kind\na,person\nb,person\n"), "source,target\na,b\n"); }

}  // namespace

TEST_CASE("Readers refuse a folder, a device and a FIFO before reading them") {
  const fs::path dir = fresh("maillage-hardening-nonregular");
  const std::string folder = dir.string();
  CHECK(thrown<InvalidInput>([&] { (void)io::read_csv(std::nullopt, folder); }) == folder + ": is a folder, not a file");
  CHECK(thrown<InvalidInput>([&] { (void)io::read_table(folder); }) == folder + ": is a folder, not a file");
  // /dev/zero never ends: it must be refused, not read into memory.
  CHECK(thrown<InvalidInput>([&] { (void)io::read_csv(std::nullopt, "/dev/zero"); }) ==
        "/dev/zero: is a character device, not a file");
  CHECK(thrown<InvalidInput>([&] { (void)io::read_gexf("/dev/zero"); }) ==
        "/dev/zero: is a character device, not a file");
  // A FIFO with no writer would block the open itself: it is never opened.
  const fs::path fifo = dir / "pipe.csv";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(thrown<InvalidInput>([&] { (void)io::read_csv(std::nullopt, fifo.string()); }) ==
        fifo.string() + ": is a FIFO (named pipe), not a file");
  CHECK(thrown<NotFound>([&] { (void)io::read_graphml((dir / "absent.graphml").string()); }) ==
        (dir / "absent.graphml").string() + ": no such file");
}

namespace {
void ignore_signal(int) {}
}  // namespace

TEST_CASE("A read interrupted by a signal asks the progress callback, which may cancel it") {
  // Readers refuse FIFOs, so a read blocks only on a slow device; here a FIFO opened for reading
  // and writing (its open does not block) stands for one: a read waits for data that never comes,
  // and a timer's signal, installed without SA_RESTART as Python installs SIGINT's, interrupts it.
  const fs::path dir = fresh("maillage-hardening-eintr");
  const fs::path fifo = dir / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const int fd = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(fd >= 0);
  struct sigaction action {}, previous {};
  action.sa_handler = ignore_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  REQUIRE(::sigaction(SIGALRM, &action, &previous) == 0);
  itimerval timer{};
  timer.it_interval.tv_usec = timer.it_value.tv_usec = 20000;
  REQUIRE(::setitimer(ITIMER_REAL, &timer, nullptr) == 0);
  int calls = 0;
  const ProgressCallback progress = [&](std::string_view stage, std::uint64_t done, std::uint64_t total) {
    CHECK((stage == "read" && done == 7 && total == 9));
    if (++calls == 3) throw Cancelled("interrupted (Ctrl-C) during read");  // as Python's callback does
  };
  char buffer[16];
  CHECK(thrown<Cancelled>([&] { (void)io::detail::read_some(fd, buffer, sizeof buffer, "pipe", &progress, 7, 9); }) ==
        "interrupted (Ctrl-C) during read");
  CHECK(calls == 3);  // the first two interruptions were retried
  timer = itimerval{};
  ::setitimer(ITIMER_REAL, &timer, nullptr);
  ::sigaction(SIGALRM, &previous, nullptr);
  // Data waiting is read at once; the readers' open refuses the FIFO itself.
  REQUIRE(::write(fd, "abc", 3) == 3);
  CHECK(io::detail::read_some(fd, buffer, sizeof buffer, "pipe", nullptr, 0, 0) == 3);
  ::close(fd);
  CHECK(thrown<InvalidInput>([&] { (void)io::detail::open_regular_file(fifo.string()); }) ==
        fifo.string() + ": is a FIFO (named pipe), not a file");
  fs::remove_all(dir);
}

TEST_CASE("The dataset loaders refuse a folder, a device and a FIFO before reading them") {
  const fs::path dir = fresh("maillage-hardening-datasets");
  // /dev/zero is not gzip: zlib would copy its zeros without end.
  CHECK(thrown<InvalidInput>([&] { (void)datasets::load_france_territories("/dev/zero"); }) ==
        "/dev/zero: is a character device, not a file");
  // The files named inside a folder given: a FIFO with no writer, a folder.
  const fs::path file = dir / datasets::france_territories_file;
  REQUIRE(::mkfifo(file.c_str(), 0600) == 0);
  CHECK(thrown<InvalidInput>([&] { (void)datasets::load_france_territories(dir); }) ==
        file.string() + ": is a FIFO (named pipe), not a file");
  const fs::path points = dir / datasets::france_geography_points_file;
  fs::create_directories(points);
  CHECK(thrown<InvalidInput>([&] { (void)datasets::load_france_geography(dir); }) ==
        points.string() + ": is a folder, not a file");
  fs::remove(points);
  REQUIRE(::mkfifo(points.c_str(), 0600) == 0);
  CHECK(thrown<InvalidInput>([&] { (void)datasets::load_france_geography(dir); }) ==
        points.string() + ": is a FIFO (named pipe), not a file");
  CHECK(thrown<NotFound>([&] { (void)datasets::load_france_geography(dir / "absent"); }) ==
        (dir / "absent" / datasets::france_geography_points_file).string() + ": no such file");
  fs::remove_all(dir);
}

TEST_CASE("The XML readers refuse text that is not UTF-8, located") {
  // Found by graphml_fuzz: such text read without an error, and writing the graph back then threw
  // a JSON library error (the relation registry is written as JSON), which terminated the process.
  const std::string graphml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml>\n  <graph edgedefault=\"undirected\">"
                              "<node id=\"m\xae\"/></graph>\n</graphml>\n";
  CHECK(thrown<InvalidInput>([&] { (void)io::parse_graphml(graphml, "g.graphml"); }) ==
        "g.graphml:3:46: invalid UTF-8 (byte 0xae); save the file as UTF-8");
  CHECK(has(thrown<InvalidInput>([&] { (void)io::parse_gexf("<gexf>\xe9</gexf>", "g.gexf"); }),
            "g.gexf:1:7: invalid UTF-8 (byte 0xe9)"));
}

TEST_CASE("A duplicate column name among many is found in linear time and named") {
  // 120 000 columns (just under the 1 MiB header limit): the former pairwise checks (the header's
  // and the table's) made 7·10⁹ comparisons each here.
  std::string header;
  const int columns = 120000;
  for (int i = 0; i < columns; ++i) {  // appended piece by piece: g++ 12 warns falsely (-Wrestrict) on "x" + string
    if (i) header += ',';
    header += 'c';
    header += std::to_string(i);
  }
  const std::string ok = header + "\n";
  CHECK(io::parse_table(ok, "wide.csv").table.columns() == static_cast<std::size_t>(columns));
  const std::string twice = header + ",c123\n";
  CHECK(thrown<InvalidInput>([&] { (void)io::parse_table(twice, "wide.csv"); }) ==
        "wide.csv:1:" + std::to_string(header.size() + 2) + ": duplicate column name 'c123'");
}

TEST_CASE("A table finds and refuses duplicate column names with its index") {
  Table t;
  for (int i = 0; i < 1000; ++i) t.add(std::string(1, 'c').append(std::to_string(i)), test::string_column({}));
  CHECK(t.find("c999") == &t.column(999));
  CHECK(thrown<InvalidInput>([&] { t.add("c500", test::string_column({})); }) == "duplicate attribute 'c500'");
  t.remove("c0");
  CHECK(t.find("c0") == nullptr);
  CHECK(t.find("c999") == &t.column(998));
  const Table copy = t.take({});
  CHECK(copy.find("c1") == &copy.column(0));
}

TEST_CASE("Fields, rows and headers beyond their limits are refused with a named error") {
  SECTION("a field") {
    const std::string text = "source,target\na,\"" + std::string(io::csv_max_field_bytes + 1, 'x') + "\"\n";
    const std::string message = thrown<InvalidInput>([&] { (void)io::parse_csv(std::nullopt, text); });
    CHECK(message == "edges.csv:2:3: a field longer than 16 MiB (the limit of a field; is a quote left open?)");
  }
  SECTION("an unquoted field") {
    const std::string text = "source,target\na," + std::string(io::csv_max_field_bytes + (2u << 20), 'x') + "\n";
    CHECK(has(thrown<InvalidInput>([&] { (void)io::parse_csv(std::nullopt, text); }), "a field longer than 16 MiB"));
  }
  SECTION("a row") {
    std::string text = "source,target,a,b,c,d,e\n";
    text += "x,y";
    for (int i = 0; i < 5; ++i) text.append(",").append(15u << 20, 'z');
    text += "\n";
    CHECK(has(thrown<InvalidInput>([&] { (void)io::parse_csv(std::nullopt, text); }),
              "a row longer than 64 MiB (the limit of a row)"));
  }
  SECTION("a header") {
    std::string header = "source,target";
    // The limit counts the names' bytes (not the separators): 1.25 MiB of names.
    for (int i = 0; header.size() <= io::csv_max_header_bytes + (io::csv_max_header_bytes >> 2); ++i)
      header += ",attribute_" + std::to_string(i);
    CHECK(has(thrown<InvalidInput>([&] { (void)io::parse_csv(std::nullopt, header + "\n"); }),
              "edges.csv:1:"));
    CHECK(has(thrown<InvalidInput>([&] { (void)io::parse_csv(std::nullopt, header + "\n"); }),
              "a header longer than 1 MiB (the limit of the header line)"));
  }
}

TEST_CASE("write_csv writes both files or neither") {
  const fs::path dir = fresh("maillage-hardening-write-csv");
  const fs::path nodes = dir / "nodes.csv", edges = dir / "edges.csv";
  put(nodes, "old nodes\n");
  put(edges, "old edges\n");
  const Graph g = small_graph();
  // The edge file's folder does not exist: the node file must not have been replaced.
  const std::string missing = (dir / "absent" / "edges.csv").string();
  CHECK(has(thrown<InvalidInput>([&] { io::write_csv(g, nodes.string(), missing); }),
            "the folder " + (dir / "absent").string() + " does not exist"));
  CHECK(slurp(nodes) == "old nodes\n");
  // The edge path is a folder: the same.
  fs::create_directories(dir / "folder.csv");
  CHECK(thrown<InvalidInput>([&] { io::write_csv(g, nodes.string(), (dir / "folder.csv").string()); }) ==
        (dir / "folder.csv").string() + ": is a folder, not a file");
  CHECK(slurp(nodes) == "old nodes\n");
  CHECK(slurp(edges) == "old edges\n");
  // No temporary is left behind.
  std::size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir)) entries += entry.path().filename().string().rfind(".", 0) == 0;
  CHECK(entries == 0);
  // A success replaces both, keeping the old files' permissions.
  ::chmod(nodes.c_str(), 0640);
  io::write_csv(g, nodes.string(), edges.string());
  CHECK(slurp(nodes) == "key,kind\na,person\nb,person\n");
  CHECK(slurp(edges) == "source,target,relation\na,b,cooperates_with\n");
  CHECK((fs::status(nodes).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
}

TEST_CASE("A data package folder is built whole beside the old one and swapped") {
  const fs::path dir = fresh("maillage-hardening-package");
  const Graph g = small_graph();
  const fs::path package = dir / "package";
  io::write_package(g, package.string());
  CHECK(fs::is_regular_file(package / "datapackage.json"));
  const std::string before = slurp(package / "edges.csv");
  // An earlier package is replaced whole; nothing is left beside it.
  io::write_package(g, package.string() + "/");
  CHECK(slurp(package / "edges.csv") == before);
  std::size_t siblings = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++siblings;
  CHECK(siblings == 1);
  // A folder holding other files keeps them.
  put(package / "README.txt", "notes\n");
  io::write_package(g, package.string());
  CHECK(slurp(package / "README.txt") == "notes\n");
  CHECK(io::read_package(package.string()).number_of_nodes() == 2);
  // A package path that is a file is refused, the file left alone.
  put(dir / "file", "x");
  CHECK(thrown<InvalidInput>([&] { io::write_package(g, (dir / "file").string()); }) ==
        (dir / "file").string() + ": is a file, not a folder");
  CHECK(slurp(dir / "file") == "x");
}
