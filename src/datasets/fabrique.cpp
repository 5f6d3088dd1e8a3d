// The fabrique-2024 dataset: three files compiled by scripts/build_fabrique_2024.py from the
// curated sources in data/fabrique-2024/source, read with the CSV reader.
#include "maillage/datasets/fabrique.hpp"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <system_error>

#include "maillage/core/error.hpp"
#include "maillage/io/csv.hpp"

namespace maillage::datasets {
namespace fs = std::filesystem;

namespace {

bool holds_dataset(const fs::path& folder) {
  for (const auto name : fabrique_2024_files) {
    std::error_code error;
    if (!fs::is_regular_file(folder / name, error)) return false;
  }
  return true;
}

StringList split_list(const std::string& text) {
  StringList out;
  std::size_t begin = 0;
  while (true) {
    const std::size_t bar = text.find('|', begin);
    out.push_back(text.substr(begin, bar == std::string::npos ? std::string::npos : bar - begin));
    if (bar == std::string::npos) break;
    begin = bar + 1;
  }
  return out;
}

// metadata.csv: columns name, type (int, string or list), value.
Metadata read_metadata(const fs::path& path) {
  io::CsvTableOptions options;
  options.dtypes = {{"name", AttrType::string}, {"type", AttrType::string}, {"value", AttrType::string}};
  const io::CsvTable csv = io::read_table(path.string(), options);
  const Table& table = csv.table;
  const Column& names = table.column("name");
  const Column& types = table.column("type");
  const Column& values = table.column("value");
  Metadata out;
  for (std::size_t row = 0; row < table.rows(); ++row) {
    const std::string where = std::string(path.string()).append(":").append(std::to_string(csv.lines[row])).append(":");
    if (names.is_missing(row) || types.is_missing(row))
      throw InvalidInput(std::string(where).append("1: a metadata row needs a name and a type"));
    const std::string& name = names.strings()[row];
    const std::string& type = types.strings()[row];
    const std::string value = values.is_missing(row) ? std::string() : values.strings()[row];
    if (type == "string") {
      out[name] = value;
    } else if (type == "list") {
      out[name] = value.empty() ? StringList{} : split_list(value);
    } else if (type == "int") {
      std::int64_t number = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (error != std::errc() || end != value.data() + value.size() || value.empty())
        throw InvalidInput(std::string(where).append("3: metadata '").append(name).append("': '").append(value).append("' is not an integer"));
      out[name] = number;
    } else {
      throw InvalidInput(std::string(where).append("2: metadata '").append(name).append("': unknown type '").append(type).append("' (int, string or list)"));
    }
  }
  return out;
}

}  // namespace

std::vector<fs::path> fabrique_2024_search_path(const std::vector<fs::path>& extra) {
  std::vector<fs::path> out;
  if (const char* dir = std::getenv("MAILLAGE_FABRIQUE_2024_DIR"); dir && *dir) out.emplace_back(dir);
  if (const char* dir = std::getenv("MAILLAGE_DATA_DIR"); dir && *dir) out.push_back(fs::path(dir) / fabrique_2024_folder);
  out.insert(out.end(), extra.begin(), extra.end());
#ifdef MAILLAGE_SOURCE_DATA_DIR
  out.push_back(fs::path(MAILLAGE_SOURCE_DATA_DIR) / fabrique_2024_folder);
#endif
#ifdef MAILLAGE_INSTALL_DATA_DIR
  out.push_back(fs::path(MAILLAGE_INSTALL_DATA_DIR) / fabrique_2024_folder);
#endif
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error && exe.has_parent_path())
    out.push_back(exe.parent_path().parent_path() / "share" / "maillage" / fabrique_2024_folder);
  return out;
}

fs::path find_fabrique_2024(const std::vector<fs::path>& extra) {
  const std::vector<fs::path> places = fabrique_2024_search_path(extra);
  for (const auto& folder : places)
    if (holds_dataset(folder)) return folder;
  std::string message = "the fabrique-2024 dataset (nodes.csv, edges.csv, metadata.csv) was not found; looked in:";
  for (const auto& folder : places) message.append("\n  ").append(folder.string());
  message.append("\nset MAILLAGE_FABRIQUE_2024_DIR to the folder holding it (or MAILLAGE_DATA_DIR to its parent)");
  throw NotFound(message);
}

Graph fabrique_2024(const std::vector<fs::path>& extra) { return load_fabrique_2024(find_fabrique_2024(extra)); }

Graph load_fabrique_2024(const fs::path& folder) {
  if (!holds_dataset(folder))
    throw NotFound(std::string("fabrique-2024: ").append(folder.string()).append(" does not hold nodes.csv, edges.csv and metadata.csv"));
  io::CsvOptions options;
  options.separator = ',';
  // Text columns stay text whatever their values look like; lists are '|'-separated.
  for (const char* name : {"type", "family", "category", "role", "organisation", "when", "parent", "venue", "detail"})
    options.dtypes[name] = AttrType::string;
  options.dtypes["aliases"] = AttrType::string_list;
  options.dtypes["figures"] = AttrType::string_list;
  options.dtypes["page"] = AttrType::int64;
  options.list_separator = '|';
  options.relations.push_back(Relation{"produces", true, RelationCategory::tie});
  options.metadata = read_metadata(folder / "metadata.csv");
  return io::read_csv((folder / "nodes.csv").string(), (folder / "edges.csv").string(), options);
}

}  // namespace maillage::datasets
