// Bindings of the fabrique-2024 dataset (maillage::datasets::fabrique_2024). Loading releases the GIL.
#include "common.hpp"

namespace maillage_py {

void register_fabrique(py::module_& m) {
  m.def(
      "fabrique_2024_search_path",
      [](const std::vector<std::string>& extra) {
        std::vector<std::string> out;
        for (const auto& p : datasets::fabrique_2024_search_path({extra.begin(), extra.end()})) out.push_back(p.string());
        return out;
      },
      py::arg("extra"));
  m.def(
      "find_fabrique_2024",
      [](const std::vector<std::string>& extra) {
        return datasets::find_fabrique_2024({extra.begin(), extra.end()}).string();
      },
      py::arg("extra"));
  m.def(
      "load_fabrique_2024",
      [](const std::string& folder) {
        py::gil_scoped_release release;
        return datasets::load_fabrique_2024(folder);
      },
      py::arg("folder"));
}

}  // namespace maillage_py
