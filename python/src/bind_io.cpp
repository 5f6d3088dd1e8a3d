// Bindings of the readers and writers (maillage::io): the GIL is released while files are read
// and graphs built; progress goes through wrap_progress.
#include "common.hpp"

namespace maillage_py {

namespace {

std::map<std::string, AttrType, std::less<>> parse_dtypes(const py::dict& dtypes) {
  std::map<std::string, AttrType, std::less<>> out;
  for (auto [name, type] : dtypes) {
    const auto column = name.cast<std::string>();
    const auto text = type.cast<std::string>();
    auto parsed = io::parse_column_type(text);
    if (!parsed)
      throw InvalidInput("dtypes: column " + quote(column) + ": unknown type " + quote(text) +
                         " (use int64, double, bool, string, date, category or list)");
    out[column] = *parsed;
  }
  return out;
}

char one_char(const std::optional<std::string>& text, const char* what) {
  if (!text) return 0;
  if (text->size() != 1) throw InvalidInput(std::string(what).append(" must be one character, not ").append(quote(*text)));
  return (*text)[0];
}

}  // namespace

void register_io(py::module_& m) {
  m.def(
      "read_csv",
      [](const std::optional<std::string>& nodes_path, const std::string& edges_path, const std::optional<std::string>& sep,
         const py::dict& dtypes, std::vector<std::string> codes, const py::list& registry, const py::object& scales,
         const py::dict& metadata, bool create_missing_nodes, const std::string& default_kind,
         const std::optional<std::string>& default_relation, bool merge_parallel, const std::string& list_sep,
         const py::object& progress) {
        io::CsvOptions o;
        o.separator = one_char(sep, "sep");
        if (o.separator != 0 && o.separator != ',' && o.separator != ';')
          throw InvalidInput("sep must be ',' or ';' (or None to detect it), not " + quote(*sep));
        o.list_separator = one_char(list_sep, "list_sep");
        o.dtypes = parse_dtypes(dtypes);
        o.codes = std::move(codes);
        for (auto item : registry) {
          auto t = item.cast<py::tuple>();
          const auto name = t[0].cast<std::string>();
          const auto category_text = t[2].cast<std::string>();
          auto category = parse_category(category_text);
          if (!category)
            throw InvalidInput("relation " + quote(name) + ": unknown category " + quote(category_text) +
                               " (use nesting, affiliation or tie)");
          o.relations.push_back({name, t[1].cast<bool>(), *category});
        }
        if (!scales.is_none()) {
          std::vector<Scale> levels;
          for (auto item : scales) {
            auto t = item.cast<py::tuple>();
            levels.push_back({t[0].cast<std::string>(), t[1].cast<std::string>()});
          }
          o.scales = ScaleLadder(std::move(levels));
        }
        for (auto [name, value] : metadata) {
          const auto key = name.cast<std::string>();
          if (key.empty()) throw InvalidInput("a metadata entry needs a name");
          o.metadata[key] = to_value(value, "metadata " + quote(key));
        }
        o.create_missing_nodes = create_missing_nodes;
        o.default_kind = default_kind;
        o.default_relation = default_relation;
        o.merge_parallel = merge_parallel;
        o.progress = wrap_progress(progress);
        py::gil_scoped_release release;
        return io::read_csv(nodes_path, edges_path, o);
      },
      py::arg("nodes_path"), py::arg("edges_path"), py::arg("sep"), py::arg("dtypes"), py::arg("codes"),
      py::arg("registry"), py::arg("scales"), py::arg("metadata"), py::arg("create_missing_nodes"),
      py::arg("default_kind"), py::arg("default_relation"), py::arg("merge_parallel"), py::arg("list_sep"),
      py::arg("progress"));

  m.def(
      "write_csv",
      [](const Graph& g, const std::string& nodes_path, const std::string& edges_path, const std::string& sep,
         const std::string& list_sep) {
        io::CsvWriteOptions o;
        o.separator = one_char(sep, "sep");
        o.list_separator = one_char(list_sep, "list_sep");
        py::gil_scoped_release release;
        io::write_csv(g, nodes_path, edges_path, o);
      },
      py::arg("graph"), py::arg("nodes_path"), py::arg("edges_path"), py::arg("sep"), py::arg("list_sep"));
}

}  // namespace maillage_py
