// Bindings of the Gould–Fernandez brokerage roles (maillage::algo::brokerage and its permutation
// test): the GIL is released while the kernels run; per-node values cross as (6, n) NumPy arrays
// in role order, per-group and network values as small arrays.
#include "common.hpp"
#include "maillage/algo/brokerage.hpp"

namespace maillage_py {

namespace {

constexpr std::size_t R = algo::brokerage_roles;

/// A (6, n) array from six role-major vectors.
template <typename Out, typename In>
py::array_t<Out> role_matrix(const std::array<std::vector<In>, R>& rows) {
  const std::size_t n = rows[0].size();
  py::array_t<Out> out({static_cast<py::ssize_t>(R), static_cast<py::ssize_t>(n)});
  auto m = out.template mutable_unchecked<2>();
  for (std::size_t k = 0; k < R; ++k)
    for (std::size_t i = 0; i < n; ++i)
      m(static_cast<py::ssize_t>(k), static_cast<py::ssize_t>(i)) = static_cast<Out>(rows[k][i]);
  return out;
}

/// A (k, 6) array from per-group role values.
py::array_t<double> group_matrix(const std::vector<algo::RoleValues>& rows) {
  py::array_t<double> out({static_cast<py::ssize_t>(rows.size()), static_cast<py::ssize_t>(R)});
  auto m = out.mutable_unchecked<2>();
  for (std::size_t g = 0; g < rows.size(); ++g)
    for (std::size_t k = 0; k < R; ++k) m(static_cast<py::ssize_t>(g), static_cast<py::ssize_t>(k)) = rows[g][k];
  return out;
}

template <typename T, std::size_t N>
py::array_t<T> role_array(const std::array<T, N>& values) {
  return to_array(std::vector<T>(values.begin(), values.end()));
}

}  // namespace

void register_brokerage(py::module_& m) {
  m.def(
      "brokerage",
      [](const View& v, const py::object& groups, bool drop_missing, int threads, const py::object& progress) {
        const auto g = to_vector<std::int32_t>(groups, v.number_of_nodes(), "groups");
        algo::BrokerageOptions o;
        o.drop_missing = drop_missing;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::BrokerageResult r;
        {
          py::gil_scoped_release release;
          r = algo::brokerage(v, g, o);
        }
        py::dict out;
        out["counts"] = role_matrix<std::int64_t>(r.counts);
        out["z"] = role_matrix<double>(r.z);
        out["group_sizes"] = to_array(r.group_sizes);
        out["group_expected"] = group_matrix(r.group_expected);
        out["group_sd"] = group_matrix(r.group_sd);
        out["total"] = role_array(r.total);
        out["total_expected"] = role_array(r.total_expected);
        out["total_sd"] = role_array(r.total_sd);
        out["total_z"] = role_array(r.total_z);
        out["nodes"] = r.nodes;
        out["arcs"] = r.arcs;
        out["density"] = r.density;
        return out;
      },
      py::arg("view"), py::arg("groups"), py::arg("drop_missing"), py::arg("threads"), py::arg("progress"));

  m.def(
      "brokerage_permutation_test",
      [](const View& v, const py::object& groups, std::uint32_t samples, std::uint64_t seed, bool drop_missing,
         int threads, const py::object& progress) {
        const auto g = to_vector<std::int32_t>(groups, v.number_of_nodes(), "groups");
        algo::BrokeragePermutationOptions o;
        o.samples = samples;
        o.seed = seed;
        o.drop_missing = drop_missing;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::BrokeragePermutationResult r;
        {
          py::gil_scoped_release release;
          r = algo::brokerage_permutation_test(v, g, o);
        }
        py::dict out;
        out["observed"] = role_matrix<std::int64_t>(r.observed);
        out["expected"] = role_matrix<double>(r.expected);
        out["mean"] = role_matrix<double>(r.mean);
        out["std"] = role_matrix<double>(r.sd);
        out["p"] = role_matrix<double>(r.p);
        out["total_observed"] = role_array(r.total_observed);
        out["total_expected"] = role_array(r.total_expected);
        out["total_mean"] = role_array(r.total_mean);
        out["total_std"] = role_array(r.total_sd);
        out["total_p"] = role_array(r.total_p);
        out["samples"] = r.samples;
        return out;
      },
      py::arg("view"), py::arg("groups"), py::arg("samples"), py::arg("seed"), py::arg("drop_missing"),
      py::arg("threads"), py::arg("progress"));

  m.def(
      "brokerage_permuted_groups",
      [](const py::object& groups, std::size_t n, std::uint64_t seed, std::uint64_t sample) {
        const auto g = to_vector<std::int32_t>(groups, n, "groups");
        return to_array(algo::permuted_groups(g, seed, sample));
      },
      py::arg("groups"), py::arg("n"), py::arg("seed"), py::arg("sample"));
}

}  // namespace maillage_py
