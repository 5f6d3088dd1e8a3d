// Bindings of the statistical models: QAP tests and ERGMs (maillage.models wraps them).
#include "common.hpp"
#include "maillage/models/ergm.hpp"
#include "maillage/models/gof_plot.hpp"
#include "maillage/systemic/representation.hpp"
#include "maillage/models/qap.hpp"

namespace maillage_py {

namespace {

std::vector<double> square(const py::handle& object, std::size_t n, const std::string& name) {
  auto array = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(object);
  if (!array || array.ndim() != 2 || static_cast<std::size_t>(array.shape(0)) != n ||
      static_cast<std::size_t>(array.shape(1)) != n)
    throw InvalidInput("matrix " + quote(name) + ": expected an " + std::to_string(n) + " × " + std::to_string(n) +
                       " numeric array");
  return std::vector<double>(array.data(), array.data() + n * n);
}

py::dict test_dict(const models::QapTest& t) {
  py::dict d;
  d["observed"] = t.observed;
  d["p_greater"] = t.p_greater;
  d["p_less"] = t.p_less;
  d["p_abs"] = t.p_abs;
  d["null_mean"] = t.null_mean;
  d["null_std"] = t.null_std;
  d["null_q025"] = t.null_q025;
  d["null_q975"] = t.null_q975;
  d["null"] = to_array(t.null);
  return d;
}

models::QapOptions qap_options(std::uint64_t permutations, std::uint64_t seed, int threads, bool directed,
                               const py::object& progress) {
  models::QapOptions o;
  o.permutations = permutations;
  o.seed = seed;
  o.threads = threads;
  o.directed = directed;
  o.progress = wrap_progress(progress);
  return o;
}

models::ErgmMcmcOptions mcmc_options(std::uint64_t samples, std::uint64_t interval, std::uint64_t burnin,
                                     unsigned chains, std::uint64_t seed, int threads, const py::object& progress) {
  models::ErgmMcmcOptions o;
  o.samples = samples;
  o.interval = interval;
  o.burnin = burnin;
  o.chains = chains;
  o.seed = seed;
  o.threads = threads;
  o.progress = wrap_progress(progress);
  return o;
}

template <class T>
py::array_t<T> matrix_array(const std::vector<T>& values, std::size_t rows, std::size_t cols) {
  py::array_t<T> out({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
  if (!values.empty()) std::memcpy(out.mutable_data(), values.data(), values.size() * sizeof(T));
  return out;
}

}  // namespace

void register_models(py::module_& m) {
  m.def(
      "qap_correlation",
      [](std::size_t n, const py::handle& y, const py::handle& x, std::uint64_t permutations, std::uint64_t seed,
         int threads, bool directed, const py::object& progress) {
        const auto ym = square(y, n, "y"), xm = square(x, n, "x");
        auto o = qap_options(permutations, seed, threads, directed, progress);
        models::QapTest t;
        {
          py::gil_scoped_release release;
          t = models::qap_correlation(n, ym, xm, o);
        }
        return test_dict(t);
      },
      py::arg("n"), py::arg("y"), py::arg("x"), py::arg("permutations"), py::arg("seed"), py::arg("threads"),
      py::arg("directed"), py::arg("progress") = py::none());

  m.def(
      "qap_regression",
      [](std::size_t n, const py::handle& y, const py::list& xs, const std::string& family, const std::string& null,
         std::uint64_t permutations, std::uint64_t seed, int threads, bool directed, const py::object& progress) {
        const auto ym = square(y, n, "y");
        std::vector<std::vector<double>> xm;
        for (std::size_t k = 0; k < xs.size(); ++k) xm.push_back(square(xs[k], n, "x" + std::to_string(k + 1)));
        std::vector<std::span<const double>> spans(xm.begin(), xm.end());
        if (family != "linear" && family != "logistic")
          throw InvalidInput("family must be 'linear' or 'logistic', not " + quote(family));
        if (null != "semi_partial" && null != "permute_y")
          throw InvalidInput("null must be 'semi_partial' or 'permute_y', not " + quote(null));
        auto o = qap_options(permutations, seed, threads, directed, progress);
        models::QapRegressionResult r;
        {
          py::gil_scoped_release release;
          r = models::qap_regression(n, ym, spans,
                                     family == "linear" ? models::QapFamily::linear : models::QapFamily::logistic,
                                     null == "semi_partial" ? models::QapNull::semi_partial : models::QapNull::permute_y,
                                     o);
        }
        py::dict d;
        d["coefficients"] = to_array(r.coefficients);
        d["std_errors"] = to_array(r.std_errors);
        d["statistics"] = to_array(r.statistics);
        py::list tests;
        for (const auto& t : r.tests) tests.append(test_dict(t));
        d["tests"] = tests;
        d["cells"] = r.cells;
        d["r_squared"] = r.r_squared;
        d["deviance"] = r.deviance;
        return d;
      },
      py::arg("n"), py::arg("y"), py::arg("x"), py::arg("family"), py::arg("null"), py::arg("permutations"),
      py::arg("seed"), py::arg("threads"), py::arg("directed"), py::arg("progress") = py::none());

  m.def("ergm_term_names", &models::ergm_term_names);

  py::class_<models::ErgmModel>(m, "ErgmModel")
      .def(py::init([](std::size_t nodes, bool directed, const py::handle& source, const py::handle& target,
                       const py::dict& attributes, const py::dict& covariates, const py::object& mode,
                       const std::string& formula) {
             models::ErgmNetwork net;
             net.nodes = nodes;
             net.directed = directed;
             const auto m_ties = static_cast<std::size_t>(py::len(source));
             net.source = to_vector<std::uint32_t>(source, m_ties, "source");
             net.target = to_vector<std::uint32_t>(target, m_ties, "target");
             for (const auto& [key, value] : attributes) {
               const auto name = py::cast<std::string>(key);
               const auto spec = py::cast<py::tuple>(value);  // (codes or None, levels, values or None)
               models::ErgmAttribute a;
               if (!spec[0].is_none()) a.codes = to_vector<std::int32_t>(spec[0], nodes, name);
               a.levels = py::cast<std::vector<std::string>>(spec[1]);
               if (!spec[2].is_none()) a.values = to_vector<double>(spec[2], nodes, name);
               net.attributes.emplace(name, std::move(a));
             }
             for (const auto& [key, value] : covariates) {
               const auto name = py::cast<std::string>(key);
               net.dyad_covariates.emplace(name, square(value, nodes, name));
             }
             if (!mode.is_none()) net.mode = to_vector<std::uint8_t>(mode, nodes, "mode");
             return models::ErgmModel(std::move(net), formula);
           }),
           py::arg("nodes"), py::arg("directed"), py::arg("source"), py::arg("target"), py::arg("attributes"),
           py::arg("covariates"), py::arg("mode"), py::arg("formula"))
      .def("names", &models::ErgmModel::names)
      .def("dyad_independent", &models::ErgmModel::dyad_independent)
      .def("dyads", &models::ErgmModel::dyads)
      .def("statistics", [](const models::ErgmModel& model) { return to_array(model.statistics()); })
      .def("statistics_of",
           [](const models::ErgmModel& model, const py::handle& source, const py::handle& target) {
             const auto k = static_cast<std::size_t>(py::len(source));
             const auto s = to_vector<std::uint32_t>(source, k, "source");
             const auto t = to_vector<std::uint32_t>(target, k, "target");
             return to_array(model.statistics(s, t));
           })
      .def("change_statistics", [](const models::ErgmModel& model, std::uint32_t i, std::uint32_t j) {
        return to_array(model.change_statistics(i, j));
      });

  m.def(
      "ergm_fit",
      [](const models::ErgmModel& model, const std::string& method, std::uint64_t samples, std::uint64_t interval,
         std::uint64_t burnin, unsigned chains, std::uint64_t seed, int threads, unsigned max_iterations,
         unsigned sa_subphases, std::uint64_t final_samples, double convergence_t, const py::object& progress) {
        if (method != "mple" && method != "mcmc") throw InvalidInput("method must be 'mcmc' or 'mple', not " + quote(method));
        models::ErgmFitOptions o;
        o.method = method == "mple" ? models::ErgmMethod::mple : models::ErgmMethod::mcmc;
        o.mcmc = mcmc_options(samples, interval, burnin, chains, seed, threads, progress);
        o.max_iterations = max_iterations;
        o.sa_subphases = sa_subphases;
        o.final_samples = final_samples;
        o.convergence_t = convergence_t;
        models::ErgmFit f;
        {
          py::gil_scoped_release release;
          f = models::fit_ergm(model, o);
        }
        py::dict d;
        d["names"] = f.names;
        d["coefficients"] = to_array(f.coefficients);
        d["std_errors"] = to_array(f.std_errors);
        d["mc_std_errors"] = to_array(f.mc_std_errors);
        d["mple"] = to_array(f.mple);
        d["mple_std_errors"] = to_array(f.mple_std_errors);
        d["observed"] = to_array(f.observed);
        d["simulated_mean"] = to_array(f.simulated_mean);
        d["simulated_std"] = to_array(f.simulated_std);
        d["simulated_se"] = to_array(f.simulated_se);
        d["t_ratio"] = to_array(f.t_ratio);
        d["ess"] = to_array(f.ess);
        d["covariance"] = matrix_array(f.covariance, f.names.size(), f.names.size());
        d["method"] = f.method;
        d["dyad_independent"] = f.dyad_independent;
        d["converged"] = f.converged;
        d["iterations"] = f.iterations;
        d["log_pseudolikelihood"] = f.log_pseudolikelihood;
        d["acceptance"] = f.acceptance;
        d["dyads"] = f.dyads_used;
        d["trace"] = matrix_array(f.trace, f.names.empty() ? 0 : f.trace.size() / f.names.size(), f.names.size());
        return d;
      },
      py::arg("model"), py::arg("method"), py::arg("samples"), py::arg("interval"), py::arg("burnin"),
      py::arg("chains"), py::arg("seed"), py::arg("threads"), py::arg("max_iterations"), py::arg("sa_subphases"),
      py::arg("final_samples"), py::arg("convergence_t"), py::arg("progress") = py::none());

  m.def(
      "ergm_simulate",
      [](const models::ErgmModel& model, const std::vector<double>& theta, std::uint64_t samples,
         std::uint64_t interval, std::uint64_t burnin, unsigned chains, std::uint64_t seed, int threads,
         const py::object& progress) {
        auto o = mcmc_options(samples, interval, burnin, chains, seed, threads, progress);
        models::ErgmSample s;
        {
          py::gil_scoped_release release;
          s = models::simulate(model, theta, o, true);
        }
        py::list networks;
        for (std::size_t c = 0; c < s.last_source.size(); ++c)
          networks.append(py::make_tuple(to_array(s.last_source[c]), to_array(s.last_target[c])));
        return py::make_tuple(matrix_array(s.statistics, s.samples, s.size),
                              static_cast<double>(s.accepted) / static_cast<double>(std::max<std::uint64_t>(1, s.proposals)),
                              networks);
      },
      py::arg("model"), py::arg("theta"), py::arg("samples"), py::arg("interval"), py::arg("burnin"),
      py::arg("chains"), py::arg("seed"), py::arg("threads"), py::arg("progress") = py::none());

  m.def(
      "ergm_gof",
      [](const models::ErgmModel& model, const std::vector<double>& theta, std::uint64_t samples,
         std::uint64_t interval, std::uint64_t burnin, unsigned chains, std::uint64_t seed, int threads,
         const py::object& progress) {
        auto o = mcmc_options(samples, interval, burnin, chains, seed, threads, progress);
        std::vector<models::ErgmGofRow> rows;
        {
          py::gil_scoped_release release;
          rows = models::ergm_gof(model, theta, o);
        }
        py::list out;
        for (const auto& r : rows) out.append(py::make_tuple(r.kind, r.value, r.observed, r.mean, r.min, r.max, r.p_value));
        return out;
      },
      py::arg("model"), py::arg("theta"), py::arg("samples"), py::arg("interval"), py::arg("burnin"),
      py::arg("chains"), py::arg("seed"), py::arg("threads"), py::arg("progress") = py::none());

  m.def(
      "ergm_gof_representation",
      [](const py::list& rows, const std::string& title) {
        std::vector<models::ErgmGofRow> rs;
        for (const auto& item : rows) {
          const auto t = py::cast<py::tuple>(item);
          models::ErgmGofRow r;
          r.kind = py::cast<std::string>(t[0]);
          r.value = py::cast<std::int64_t>(t[1]);
          r.observed = py::cast<double>(t[2]);
          r.mean = py::cast<double>(t[3]);
          r.min = py::cast<double>(t[4]);
          r.max = py::cast<double>(t[5]);
          r.p_value = py::cast<double>(t[6]);
          rs.push_back(std::move(r));
        }
        return systemic::to_json(models::gof_representation(rs, title));
      },
      py::arg("rows"), py::arg("title"));
}

}  // namespace maillage_py
