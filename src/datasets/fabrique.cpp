// The fabrique-2024 dataset: a data package (datapackage.json, nodes.csv, edges.csv) compiled by
// scripts/build_fabrique_2024.py from the curated sources in data/fabrique-2024/source, read with
// the package reader.
#include "maillage/datasets/fabrique.hpp"

#include <cstdlib>
#include <string>
#include <system_error>

#include "maillage/core/error.hpp"
#include "maillage/io/package.hpp"

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
  std::string message = "the fabrique-2024 dataset (datapackage.json, nodes.csv, edges.csv) was not found; looked in:";
  for (const auto& folder : places) message.append("\n  ").append(folder.string());
  message.append("\nset MAILLAGE_FABRIQUE_2024_DIR to the folder holding it (or MAILLAGE_DATA_DIR to its parent)");
  throw NotFound(message);
}

Graph fabrique_2024(const std::vector<fs::path>& extra) { return load_fabrique_2024(find_fabrique_2024(extra)); }

Graph load_fabrique_2024(const fs::path& folder) {
  if (!holds_dataset(folder))
    throw NotFound(std::string("fabrique-2024: ").append(folder.string()).append(" does not hold datapackage.json, nodes.csv and edges.csv"));
  // The descriptor types every column (text stays text, '|'-separated lists), registers
  // `produces` and holds the metadata.
  return io::read_package(folder.string());
}

}  // namespace maillage::datasets
