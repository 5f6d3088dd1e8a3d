// Finding and loading the embedded French territorial hierarchy (data/france-territories).

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "maillage/core/builder.hpp"
#include "maillage/core/error.hpp"
#include "gzip_text.hpp"
#include "maillage/datasets/territories.hpp"

namespace maillage::datasets {
namespace fs = std::filesystem;

namespace {

// The columns of the file, in order (scripts/build_france_territories.py writes them).
constexpr std::string_view columns[] = {"key",  "type", "label",       "insee",  "siren",  "nature",
                                        "population", "zone", "departement", "region", "part_of"};
constexpr std::size_t column_count = std::size(columns);
enum Field : std::size_t { f_key, f_type, f_label, f_insee, f_siren, f_nature, f_population, f_zone, f_departement,
                           f_region, f_part_of };

std::string scale_of_type(std::string_view type) {
  if (type == "epci" || type == "ept") return "epci";
  if (type == "departement") return "departement";
  if (type == "region") return "region";
  if (type == "pays") return "national";
  return "commune";
}



}  // namespace

std::vector<fs::path> france_territories_search_path(const std::vector<fs::path>& extra) {
  std::vector<fs::path> out;
  if (const char* dir = std::getenv("MAILLAGE_FRANCE_TERRITORIES_DIR"); dir && *dir) out.emplace_back(dir);
  if (const char* dir = std::getenv("MAILLAGE_DATA_DIR"); dir && *dir)
    out.push_back(fs::path(dir) / france_territories_folder);
  out.insert(out.end(), extra.begin(), extra.end());
#ifdef MAILLAGE_SOURCE_DATA_DIR
  out.push_back(fs::path(MAILLAGE_SOURCE_DATA_DIR) / france_territories_folder);
#endif
#ifdef MAILLAGE_INSTALL_DATA_DIR
  out.push_back(fs::path(MAILLAGE_INSTALL_DATA_DIR) / france_territories_folder);
#endif
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error && exe.has_parent_path())
    out.push_back(exe.parent_path().parent_path() / "share" / "maillage" / france_territories_folder);
  return out;
}

fs::path find_france_territories(const std::vector<fs::path>& extra) {
  return find_france_territories_in(france_territories_search_path(extra));
}

fs::path find_france_territories_in(const std::vector<fs::path>& places) {
  for (const auto& folder : places) {
    std::error_code error;
    const fs::path file = folder / france_territories_file;
    if (fs::is_regular_file(file, error)) return file;
  }
  std::string message = "the france-territories dataset (" + std::string(france_territories_file) +
                        ") was not found; looked in:";
  for (const auto& folder : places) message += "\n  " + folder.string();
  message += "\nset MAILLAGE_FRANCE_TERRITORIES_DIR to the folder holding it (or MAILLAGE_DATA_DIR to its parent)";
  throw NotFound(message);
}

Graph france_territories(const std::vector<fs::path>& extra) {
  return load_france_territories(find_france_territories(extra));
}

Graph load_france_territories(const fs::path& given) {
  std::error_code error;
  const fs::path path = fs::is_directory(given, error) ? given / france_territories_file : given;
  const std::string text = detail::read_gzip(path);

  std::vector<std::string> keys;
  std::vector<std::string> sources, targets;
  std::vector<std::vector<std::string_view>> rows;
  Metadata metadata;
  bool header_seen = false;
  std::size_t line_number = 0;
  std::size_t at = 0;
  std::vector<std::string_view> fields;
  fields.reserve(column_count);
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + at, end - at);
    at = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (!header_seen && line.starts_with("# ")) {
      const auto tab = line.find('\t');
      if (tab == std::string_view::npos)
        throw InvalidInput(detail::location(path, line_number, 1) + "a metadata line is '# name<TAB>value'");
      metadata[std::string(line.substr(2, tab - 2))] = std::string(line.substr(tab + 1));
      continue;
    }
    fields.clear();
    std::size_t p = 0;
    while (true) {
      const std::size_t tab = line.find('\t', p);
      fields.push_back(line.substr(p, tab == std::string_view::npos ? std::string_view::npos : tab - p));
      if (tab == std::string_view::npos) break;
      p = tab + 1;
    }
    if (!header_seen) {
      bool same = fields.size() == column_count;
      for (std::size_t c = 0; same && c < column_count; ++c) same = fields[c] == columns[c];
      if (!same) {
        std::string expected;
        for (std::size_t c = 0; c < column_count; ++c) expected += (c ? "\\t" : "") + std::string(columns[c]);
        throw InvalidInput(detail::location(path, line_number, 1) + "expected the header " + expected);
      }
      header_seen = true;
      continue;
    }
    if (fields.size() != column_count)
      throw InvalidInput(detail::location(path, line_number, 1) + "expected " + std::to_string(column_count) +
                         " tab-separated fields, found " + std::to_string(fields.size()));
    rows.emplace_back(fields.begin(), fields.end());
  }
  if (!header_seen) throw InvalidInput(detail::location(path, line_number + 1, 1) + "no header line");

  const std::size_t n = rows.size();
  keys.reserve(n);
  Column label(AttrType::string, n), scale(AttrType::string, n), insee(AttrType::string, n),
      siren(AttrType::string, n), departement(AttrType::string, n), region(AttrType::string, n),
      population(AttrType::int64, n);
  std::vector<std::string> type_names(std::begin(territory_types), std::end(territory_types));
  Column type = Column::categorical(type_names, false, n);
  Column nature = Column::categorical({"CC", "CA", "CU", "METRO", "MET69", "EPT"}, false, n);
  Column zone = Column::categorical({"metro", "drom", "com"}, false, n);
  auto set_text = [](Column& c, std::size_t row, std::string_view value) {
    if (value.empty()) return;
    c.strings()[row] = std::string(value);
    c.valid()[row] = 1;
  };
  // Column (1-based, in bytes) of field f of a row, for messages.
  auto column_of = [&](const std::vector<std::string_view>& row, std::size_t f) {
    return static_cast<std::size_t>(row[f].data() - row[0].data()) + 1;
  };
  // The line of data row r: rows are counted from the first line after the header, and blank
  // lines are skipped, so the line is found by the row's offset in the text.
  auto line_of = [&](const std::vector<std::string_view>& row) {
    return static_cast<std::size_t>(std::count(text.data(), row[0].data(), '\n')) + 1;
  };
  auto categorical = [&](Column& c, std::size_t r, const std::vector<std::string_view>& row, std::size_t f,
                         std::string_view what) {
    if (row[f].empty()) return;
    auto code = c.category_code(row[f]);
    if (!code)
      throw InvalidInput(detail::location(path, line_of(row), column_of(row, f)) + "unknown " + std::string(what) + " " +
                         quote(row[f]));
    c.codes()[r] = *code;
    c.valid()[r] = 1;
  };
  for (std::size_t r = 0; r < n; ++r) {
    const auto& row = rows[r];
    if (row[f_key].empty()) throw InvalidInput(detail::location(path, line_of(row), 1) + "empty key");
    keys.emplace_back(row[f_key]);
    categorical(type, r, row, f_type, "type");
    if (row[f_type].empty()) throw InvalidInput(detail::location(path, line_of(row), column_of(row, f_type)) + "empty type");
    if (!std::string_view(keys.back()).starts_with(std::string(row[f_type]) + ":"))
      throw InvalidInput(detail::location(path, line_of(row), 1) + "key " + quote(keys.back()) + " does not start with its type " +
                         quote(row[f_type]));
    set_text(label, r, row[f_label]);
    scale.strings()[r] = scale_of_type(row[f_type]);
    scale.valid()[r] = 1;
    set_text(insee, r, row[f_insee]);
    set_text(siren, r, row[f_siren]);
    categorical(nature, r, row, f_nature, "nature");
    if (!row[f_population].empty()) {
      std::int64_t value = 0;
      const auto* first = row[f_population].data();
      const auto* last = first + row[f_population].size();
      auto [ptr, ec] = std::from_chars(first, last, value);
      if (ec != std::errc() || ptr != last || value < 0)
        throw InvalidInput(detail::location(path, line_of(row), column_of(row, f_population)) + "population " +
                           quote(row[f_population]) + " is not a count");
      population.ints()[r] = value;
      population.valid()[r] = 1;
    }
    categorical(zone, r, row, f_zone, "zone");
    set_text(departement, r, row[f_departement]);
    set_text(region, r, row[f_region]);
    std::string_view parents = row[f_part_of];
    while (!parents.empty()) {
      const auto space = parents.find(' ');
      const auto parent = parents.substr(0, space);
      if (!parent.empty()) {
        sources.push_back(keys.back());
        targets.emplace_back(parent);
      }
      if (space == std::string_view::npos) break;
      parents.remove_prefix(space + 1);
    }
  }

  Table attributes;
  attributes.add(std::string(label_column), std::move(label));
  attributes.add(std::string(scale_column), std::move(scale));
  attributes.add("type", std::move(type));
  attributes.add("insee", std::move(insee));
  attributes.add("siren", std::move(siren));
  attributes.add("nature", std::move(nature));
  attributes.add("population", std::move(population));
  attributes.add("zone", std::move(zone));
  attributes.add("departement", std::move(departement));
  attributes.add("region", std::move(region));

  GraphBuilder builder;
  const std::size_t m = sources.size();
  builder.add_nodes(std::move(keys), std::vector<std::string>(n, "territory"), std::move(attributes));
  builder.add_edges(std::move(sources), std::move(targets), std::vector<std::string>(m, "part_of"), Table());
  for (auto& [name, value] : metadata) builder.set_metadata(name, std::move(value));
  try {
    return std::move(builder).build();
  } catch (const InvalidInput& e) {
    throw InvalidInput(path.string() + ": " + e.what());
  }
}

}  // namespace maillage::datasets
