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

  // ---- the native data package
  m.def(
      "read_package",
      [](const std::string& path, const py::object& progress) {
        io::PackageReadOptions o;
        o.progress = wrap_progress(progress);
        py::gil_scoped_release release;
        return io::read_package(path, o);
      },
      py::arg("path"), py::arg("progress"));
  m.def(
      "parse_package",
      [](const std::string& descriptor, const std::optional<std::string>& nodes, const std::string& edges,
         const std::string& descriptor_name, const py::object& progress) {
        io::PackageReadOptions o;
        o.progress = wrap_progress(progress);
        py::gil_scoped_release release;
        std::optional<std::string_view> node_text;
        if (nodes) node_text = std::string_view(*nodes);
        return io::parse_package(descriptor, node_text, edges, o, descriptor_name);
      },
      py::arg("descriptor"), py::arg("nodes"), py::arg("edges"), py::arg("descriptor_name"), py::arg("progress"));
  m.def(
      "package_tables",
      [](const std::string& descriptor, const std::string& descriptor_name) {
        const io::PackageLayout layout = io::parse_package_descriptor(descriptor, descriptor_name);
        return py::make_tuple(layout.nodes_path, layout.edges_path);
      },
      py::arg("descriptor"), py::arg("descriptor_name"));
  m.def(
      "write_package",
      [](const Graph& g, const std::string& folder, const std::string& name, const std::string& title) {
        io::PackageWriteOptions o{name, title};
        py::gil_scoped_release release;
        io::write_package(g, folder, o);
      },
      py::arg("graph"), py::arg("folder"), py::arg("name"), py::arg("title"));
  m.def(
      "format_package",
      [](const Graph& g, const std::string& name, const std::string& title) {
        io::PackageWriteOptions o{name, title};
        io::PackageFiles files;
        {
          py::gil_scoped_release release;
          files = io::format_package(g, o);
        }
        return py::make_tuple(py::bytes(files.descriptor), py::bytes(files.nodes), py::bytes(files.edges));
      },
      py::arg("graph"), py::arg("name"), py::arg("title"));
  m.def("is_package", &io::is_package, py::arg("path"));

  // ---- GEXF and GraphML
  for (const char* format : {"gexf", "graphml"}) {
    const bool gexf = std::string_view(format) == "gexf";
    m.def(
        (std::string("read_") + format).c_str(),
        [gexf](const std::string& path, const std::string& default_kind, const py::object& progress) {
          io::XmlReadOptions o;
          o.default_kind = default_kind;
          o.progress = wrap_progress(progress);
          py::gil_scoped_release release;
          return gexf ? io::read_gexf(path, o) : io::read_graphml(path, o);
        },
        py::arg("path"), py::arg("default_kind"), py::arg("progress"));
    m.def(
        (std::string("parse_") + format).c_str(),
        [gexf](const std::string& text, const std::string& name, const std::string& default_kind) {
          io::XmlReadOptions o;
          o.default_kind = default_kind;
          py::gil_scoped_release release;
          return gexf ? io::parse_gexf(text, name, o) : io::parse_graphml(text, name, o);
        },
        py::arg("text"), py::arg("name"), py::arg("default_kind"));
    m.def(
        (std::string("write_") + format).c_str(),
        [gexf](const Graph& g, const std::string& path) {
          py::gil_scoped_release release;
          if (gexf) io::write_gexf(g, path);
          else io::write_graphml(g, path);
        },
        py::arg("graph"), py::arg("path"));
    m.def(
        (std::string("format_") + format).c_str(),
        [gexf](const Graph& g) {
          std::string text;
          {
            py::gil_scoped_release release;
            text = gexf ? io::format_gexf(g) : io::format_graphml(g);
          }
          return py::bytes(text);
        },
        py::arg("graph"));
  }
}

}  // namespace maillage_py
