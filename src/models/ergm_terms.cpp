// ERGM network state, formula parser, terms and their change statistics. Hand-written: the
// change statistics are the heart of the sampler's speed (sorted adjacency rows, merge-style
// intersections), and no maintained C or C++ library provides them.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <sstream>

#include "ergm_internal.hpp"

namespace maillage::models {

// ------------------------------------------------------------------------------------ state

bool ErgmState::has(std::uint32_t i, std::uint32_t j) const {
  const auto& row = out[i];
  return std::binary_search(row.begin(), row.end(), j);
}

static void insert_sorted(std::vector<std::uint32_t>& row, std::uint32_t v) {
  row.insert(std::lower_bound(row.begin(), row.end(), v), v);
}
static void erase_sorted(std::vector<std::uint32_t>& row, std::uint32_t v) {
  auto it = std::lower_bound(row.begin(), row.end(), v);
  if (it != row.end() && *it == v) row.erase(it);
}

void ErgmState::link(std::uint32_t i, std::uint32_t j) {
  insert_sorted(out[i], j);
  if (directed)
    insert_sorted(in[j], i);
  else
    insert_sorted(out[j], i);
}

void ErgmState::unlink(std::uint32_t i, std::uint32_t j) {
  erase_sorted(out[i], j);
  if (directed)
    erase_sorted(in[j], i);
  else
    erase_sorted(out[j], i);
}

std::uint64_t ErgmState::key(std::uint32_t i, std::uint32_t j) const {
  if (!directed && i > j) std::swap(i, j);
  return (std::uint64_t{i} << 32) | j;
}

void ErgmState::add(std::uint32_t i, std::uint32_t j) {
  link(i, j);
  const auto k = key(i, j);
  position.emplace(k, static_cast<std::uint32_t>(edges.size()));
  edges.push_back(k);
}

void ErgmState::remove(std::uint32_t i, std::uint32_t j) {
  unlink(i, j);
  forget(i, j);
}

void ErgmState::forget(std::uint32_t i, std::uint32_t j) {
  const auto k = key(i, j);
  const auto it = position.find(k);
  const std::uint32_t at = it->second;
  position.erase(it);
  if (at + 1 != edges.size()) {
    edges[at] = edges.back();
    position[edges[at]] = at;
  }
  edges.pop_back();
}

std::size_t common_count(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  std::size_t c = 0;
  auto x = a.begin(), y = b.begin();
  while (x != a.end() && y != b.end()) {
    if (*x < *y)
      ++x;
    else if (*y < *x)
      ++y;
    else
      ++c, ++x, ++y;
  }
  return c;
}

template <class F>
static void for_common(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b, F&& f) {
  auto x = a.begin(), y = b.begin();
  while (x != a.end() && y != b.end()) {
    if (*x < *y)
      ++x;
    else if (*y < *x)
      ++y;
    else
      f(*x), ++x, ++y;
  }
}

// ------------------------------------------------------------------------------------ parser

namespace {

std::string known_list() {
  std::string s;
  for (const auto& n : ergm_term_names()) s += (s.empty() ? "" : ", ") + n;
  return s;
}

struct Parser {
  std::string_view text;
  std::size_t at = 0;

  [[noreturn]] void fail(std::size_t column, const std::string& what) const {
    throw InvalidInput("formula " + quote(text) + ", column " + std::to_string(column) + ": " + what);
  }
  void skip() {
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
  }
  bool ident_char(char c, bool first) const {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (!first && std::isdigit(static_cast<unsigned char>(c)));
  }
  std::string ident() {
    const std::size_t start = at;
    while (at < text.size() && ident_char(text[at], at == start)) ++at;
    return std::string(text.substr(start, at - start));
  }
  FormulaArgument argument() {
    skip();
    FormulaArgument a;
    a.column = at + 1;
    if (at < text.size() && ident_char(text[at], true)) {
      const std::size_t start = at;
      std::string word = ident();
      skip();
      if (at < text.size() && text[at] == '=') {
        ++at;
        a.name = word;
        skip();
      } else {
        if (word == "True" || word == "TRUE" || word == "true") {
          a.value = true;
          return a;
        }
        if (word == "False" || word == "FALSE" || word == "false") {
          a.value = false;
          return a;
        }
        fail(start + 1, "unquoted word " + quote(word) + " (quote attribute names: '" + word + "')");
      }
    }
    if (at >= text.size()) fail(at + 1, "expected a value, found the end of the formula");
    const char c = text[at];
    if (c == '\'' || c == '"') {
      const std::size_t close = text.find(c, at + 1);
      if (close == std::string_view::npos) fail(at + 1, "unterminated string");
      a.value = std::string(text.substr(at + 1, close - at - 1));
      at = close + 1;
      return a;
    }
    if (ident_char(c, true)) {
      std::string word = ident();
      if (word == "True" || word == "TRUE" || word == "true") {
        a.value = true;
        return a;
      }
      if (word == "False" || word == "FALSE" || word == "false") {
        a.value = false;
        return a;
      }
      fail(at - word.size() + 1, "unquoted word " + quote(word) + " (quote strings)");
    }
    const std::size_t start = at;
    while (at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '.' || text[at] == '-' ||
                                text[at] == '+' || text[at] == 'e' || text[at] == 'E'))
      ++at;
    const std::string number(text.substr(start, at - start));
    try {
      std::size_t used = 0;
      const double v = std::stod(number, &used);
      if (used != number.size() || !std::isfinite(v)) throw std::invalid_argument("bad");
      a.value = v;
    } catch (const std::exception&) {
      fail(start + 1, number.empty() ? std::string("expected a value (a 'string', a number, True or False)")
                                     : "not a number: " + quote(number));
    }
    return a;
  }
  std::vector<FormulaTerm> parse() {
    std::vector<FormulaTerm> terms;
    const auto names = ergm_term_names();
    for (;;) {
      skip();
      FormulaTerm t;
      t.column = at + 1;
      if (at >= text.size() || !ident_char(text[at], true))
        fail(at + 1, at >= text.size() ? "expected a term, found the end of the formula" : "expected a term name");
      t.name = ident();
      if (std::find(names.begin(), names.end(), t.name) == names.end())
        fail(t.column, "unknown term " + quote(t.name) + " (known terms: " + known_list() + ")");
      skip();
      if (at < text.size() && text[at] == '(') {
        ++at;
        skip();
        if (at < text.size() && text[at] == ')') {
          ++at;
        } else {
          for (;;) {
            t.arguments.push_back(argument());
            skip();
            if (at < text.size() && text[at] == ',') {
              ++at;
              continue;
            }
            if (at < text.size() && text[at] == ')') {
              ++at;
              break;
            }
            fail(at + 1, "expected ',' or ')' in the arguments of " + t.name);
          }
        }
      }
      terms.push_back(std::move(t));
      skip();
      if (at >= text.size()) break;
      if (text[at] != '+') fail(at + 1, "expected '+' between terms");
      ++at;
    }
    return terms;
  }
};

}  // namespace

std::vector<std::string> ergm_term_names() {
  return {"edges",      "mutual",     "nodematch", "nodemix",  "nodefactor", "nodecov",   "absdiff",  "edgecov",
          "degree",     "gwdegree",   "kstar",     "triangle", "gwesp",      "gwdsp",     "ostar",    "istar",
          "ttriple",    "ctriple",    "gwodegree", "gwidegree", "across",    "adjacent",  "crosstriangle",
          "b1star",     "b2star",     "gwb1degree", "gwb2degree", "cycle4",   "gwb1dsp",   "gwb2dsp"};
}

std::vector<FormulaTerm> parse_formula(std::string_view formula) {
  Parser p{formula};
  if (formula.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw InvalidInput("formula is empty: give terms such as \"edges + triangle\"");
  return p.parse();
}

// ------------------------------------------------------------------------------------ terms

namespace {

double choose(double n, int k) {
  if (k < 0 || n < k) return 0;
  double r = 1;
  for (int t = 0; t < k; ++t) r = r * (n - t) / (t + 1);
  return r;
}

std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// f(k) = e^α (1 − (1 − e^−α)^k), the weight of k shared partners (gwesp, gwdsp) or of degree k
// (gwdegree), computed without cancellation as (1 − (1 − ε)^k)/ε with ε = e^−α, through log1p and
// expm1: the direct form gives 0 · ∞ once e^α overflows (α > 709.8) and loses every digit once
// 1 − e^−α rounds to 1 (α > 37). f(0) = 0, f(1) = 1, and f(k) rises with α to its limit k, which
// it equals to double precision once ε is below the smallest normal double (α > 708.4).
struct GeometricWeight {
  double epsilon = 0, log_r = 0;  // e^−α, log(1 − e^−α)
  explicit GeometricWeight(double decay) : epsilon(std::exp(-decay)), log_r(std::log1p(-std::exp(-decay))) {}
  double operator()(double k) const {
    if (k <= 0) return 0;
    if (epsilon < std::numeric_limits<double>::min()) return k;
    if (epsilon == 1) return 1;  // α = 0: 1 − 0^k
    return -std::expm1(k * log_r) / epsilon;
  }
};

using ChangeFn = std::function<void(const ErgmState&, std::uint32_t, std::uint32_t, double*)>;

struct FunctionTerm : ErgmTerm {
  ChangeFn fn;
  void change(const ErgmState& s, std::uint32_t i, std::uint32_t j, double* out) const override { fn(s, i, j, out); }
};

// Reads a term's arguments, with errors naming the term and its column.
struct Arguments {
  const FormulaTerm& term;
  std::string formula;
  std::vector<bool> used;
  Arguments(const FormulaTerm& t, std::string f) : term(t), formula(std::move(f)), used(t.arguments.size(), false) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw InvalidInput("formula " + quote(formula) + ", column " + std::to_string(term.column) + ": " + term.name + ": " +
                       what);
  }
  // The first unused positional string, or the named one.
  std::string string(const char* name, const char* example) {
    for (std::size_t a = 0; a < term.arguments.size(); ++a) {
      const auto& arg = term.arguments[a];
      if (used[a] || !(arg.name.empty() || arg.name == name)) continue;
      if (const auto* s = std::get_if<std::string>(&arg.value)) {
        used[a] = true;
        return *s;
      }
      if (arg.name == name) fail(std::string("argument ") + name + " must be a string");
    }
    fail(std::string("needs ") + name + ", as in " + example);
  }
  std::vector<double> numbers(const char* name, const char* example, bool required, double fallback) {
    std::vector<double> v;
    for (std::size_t a = 0; a < term.arguments.size(); ++a) {
      const auto& arg = term.arguments[a];
      if (used[a] || !(arg.name.empty() || arg.name == name)) continue;
      if (const auto* d = std::get_if<double>(&arg.value)) {
        used[a] = true;
        v.push_back(*d);
      } else if (arg.name == name) {
        fail(std::string("argument ") + name + " must be a number");
      }
    }
    if (v.empty()) {
      if (required) fail(std::string("needs ") + name + ", as in " + example);
      v.push_back(fallback);
    }
    return v;
  }
  double number(const char* name, const char* example, bool required, double fallback) {
    auto v = numbers(name, example, required, fallback);
    if (v.size() > 1) fail(std::string("takes one ") + name);
    return v[0];
  }
  bool flag(const char* name) {
    for (std::size_t a = 0; a < term.arguments.size(); ++a) {
      const auto& arg = term.arguments[a];
      if (used[a] || arg.name != name) continue;
      used[a] = true;
      if (const auto* b = std::get_if<bool>(&arg.value)) return *b;
      fail(std::string("argument ") + name + " must be True or False");
    }
    return false;
  }
  void done() const {
    for (std::size_t a = 0; a < term.arguments.size(); ++a)
      if (!used[a]) {
        const auto& arg = term.arguments[a];
        throw InvalidInput("formula " + quote(formula) + ", column " + std::to_string(arg.column) + ": " + term.name +
                           ": unexpected argument" + (arg.name.empty() ? "" : " " + quote(arg.name)));
      }
  }
};

}  // namespace

std::vector<std::unique_ptr<ErgmTerm>> make_terms(const ErgmNetwork& net, std::string_view formula) {
  const auto specs = parse_formula(formula);
  std::vector<std::unique_ptr<ErgmTerm>> terms;
  const std::size_t n = net.nodes;
  const bool directed = net.directed;
  const bool bipartite = !net.mode.empty();
  for (const auto& spec : specs) {
    Arguments args(spec, std::string(formula));
    auto t = std::make_unique<FunctionTerm>();
    const std::string& name = spec.name;
    auto attribute = [&](bool categorical) -> const ErgmAttribute& {
      const std::string a = args.string("attr", (name + "('scale')").c_str());
      const auto it = net.attributes.find(a);
      if (it == net.attributes.end()) {
        std::string known;
        for (const auto& [k, v] : net.attributes) known += (known.empty() ? "" : ", ") + quote(k);
        args.fail("unknown node attribute " + quote(a) + (known.empty() ? " (no attribute was given)" : " (given: " + known + ")"));
      }
      if (categorical && it->second.codes.size() != n) args.fail("attribute " + quote(a) + " has no levels");
      if (!categorical && it->second.values.size() != n)
        args.fail("attribute " + quote(a) + " is neither numeric nor ordered");
      t->names.push_back(a);  // placeholder, rewritten below
      return it->second;
    };
    auto need_undirected = [&] {
      if (directed) args.fail("is defined for undirected networks (use ttriple/ctriple, ostar/istar, gwodegree/gwidegree)");
    };
    auto need_directed = [&] {
      if (!directed) args.fail("is defined for directed networks");
    };
    auto need_bipartite = [&] {
      if (!bipartite) args.fail("is defined for two-mode networks (give the mode of each node)");
    };
    auto decay_of = [&] {
      const double d = args.number("decay", (name + "(0.5)").c_str(), true, 0);
      if (!(d >= 0)) args.fail("decay must be ≥ 0, not " + format_number(d));
      return d;
    };
    if (name == "edges") {
      t->names = {"edges"};
      t->dyad_independent = true;
      t->fn = [](const ErgmState&, std::uint32_t, std::uint32_t, double* o) { o[0] = 1; };
    } else if (name == "mutual") {
      need_directed();
      t->names = {"mutual"};
      t->fn = [](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) { o[0] = s.has(j, i) ? 1 : 0; };
    } else if (name == "nodematch" || name == "across") {
      const auto& at = attribute(true);
      const std::string a = t->names.back();
      const bool diff = name == "nodematch" && args.flag("diff");
      t->dyad_independent = true;
      const auto* codes = &at.codes;
      if (diff) {
        t->names.clear();
        for (const auto& l : at.levels) t->names.push_back("nodematch." + a + "." + l);
        t->fn = [codes](const ErgmState&, std::uint32_t i, std::uint32_t j, double* o) {
          if ((*codes)[i] == (*codes)[j]) o[(*codes)[i]] += 1;
        };
        } else if (name == "nodematch") {
        t->names = {"nodematch." + a};
        t->fn = [codes](const ErgmState&, std::uint32_t i, std::uint32_t j, double* o) {
          o[0] = (*codes)[i] == (*codes)[j] ? 1 : 0;
        };
      } else {
        t->names = {"across." + a};
        t->fn = [codes](const ErgmState&, std::uint32_t i, std::uint32_t j, double* o) {
          o[0] = (*codes)[i] != (*codes)[j] ? 1 : 0;
        };
      }
    } else if (name == "nodemix") {
      const auto& at = attribute(true);
      const std::string a = t->names.back();
      t->names.clear();
      const std::size_t L = at.levels.size();
      auto index = std::make_shared<std::vector<std::int64_t>>(L * L, -1);
      std::int64_t next = -1;  // the first pair is the reference
      for (std::size_t x = 0; x < L; ++x)
        for (std::size_t y = directed ? 0 : x; y < L; ++y) {
          if (next >= 0) t->names.push_back("nodemix." + a + "." + at.levels[x] + "." + at.levels[y]);
          (*index)[x * L + y] = next;
          if (!directed) (*index)[y * L + x] = next;
          ++next;
        }
      if (t->names.empty()) args.fail("attribute " + quote(a) + " has a single level: nothing to mix");
      t->dyad_independent = true;
      const auto* codes = &at.codes;
      t->fn = [codes, index, L](const ErgmState&, std::uint32_t i, std::uint32_t j, double* o) {
        const auto k = (*index)[static_cast<std::size_t>((*codes)[i]) * L + static_cast<std::size_t>((*codes)[j])];
        if (k >= 0) o[k] += 1;
      };
    } else if (name == "nodefactor") {
      const auto& at = attribute(true);
      const std::string a = t->names.back();
      t->names.clear();
      for (std::size_t l = 1; l < at.levels.size(); ++l) t->names.push_back("nodefactor." + a + "." + at.levels[l]);
      if (t->names.empty()) args.fail("attribute " + quote(a) + " has a single level");
      t->dyad_independent = true;
      const auto* codes = &at.codes;
      t->fn = [codes](const ErgmState&, std::uint32_t i, std::uint32_t j, double* o) {
        if ((*codes)[i] > 0) o[(*codes)[i] - 1] += 1;
        if ((*codes)[j] > 0) o[(*codes)[j] - 1] += 1;
      };
    } else if (name == "nodecov" || name == "absdiff" || name == "adjacent") {
      const auto& at = attribute(false);
      const std::string a = t->names.back();
      t->names = {name + "." + a};
      t->dyad_independent = true;
      const auto* v = &at.values;
      if (name == "nodecov")
        t->fn = [v](const ErgmState&, std::uint32_t i, std::uint32_t j, double* o) { o[0] = (*v)[i] + (*v)[j]; };
      else if (name == "absdiff")
        t->fn = [v](const ErgmState&, std::uint32_t i, std::uint32_t j, double* o) { o[0] = std::abs((*v)[i] - (*v)[j]); };
      else
        t->fn = [v](const ErgmState&, std::uint32_t i, std::uint32_t j, double* o) {
          o[0] = std::abs((*v)[i] - (*v)[j]) == 1 ? 1 : 0;
        };
    } else if (name == "edgecov") {
      const std::string a = args.string("covariate", "edgecov('nested')");
      const auto it = net.dyad_covariates.find(a);
      if (it == net.dyad_covariates.end()) args.fail("unknown dyadic covariate " + quote(a));
      if (it->second.size() != n * n) args.fail("dyadic covariate " + quote(a) + " is not n × n");
      t->names = {"edgecov." + a};
      t->dyad_independent = true;
      const auto* m = &it->second;
      t->fn = [m, n, directed](const ErgmState&, std::uint32_t i, std::uint32_t j, double* o) {
        if (!directed && i > j) std::swap(i, j);
        o[0] = (*m)[std::size_t{i} * n + j];
      };
    } else if (name == "degree") {
      need_undirected();
      auto ds = std::make_shared<std::vector<double>>(args.numbers("d", "degree(1)", true, 0));
      for (double d : *ds) {
        if (d < 0 || d != std::floor(d)) args.fail("degree must be an integer ≥ 0, not " + format_number(d));
        t->names.push_back("degree" + format_number(d));
      }
      t->fn = [ds](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
        const double di = static_cast<double>(s.out[i].size()), dj = static_cast<double>(s.out[j].size());
        for (std::size_t k = 0; k < ds->size(); ++k) {
          const double d = (*ds)[k];
          o[k] = (di + 1 == d) - (di == d) + (dj + 1 == d) - (dj == d);
        }
      };
    } else if (name == "kstar" || name == "ostar" || name == "istar" || name == "b1star" || name == "b2star") {
      if (name == "kstar") need_undirected();
      if (name == "ostar" || name == "istar") need_directed();
      if (name == "b1star" || name == "b2star") need_bipartite();
      const double kk = args.number("k", (name + "(2)").c_str(), true, 0);
      // Beyond the number of nodes a k-star count is 0 whatever the ties (and k no longer fits an int).
      if (kk < 1 || kk != std::floor(kk) || kk > static_cast<double>(std::max<std::size_t>(n, 1)))
        args.fail("k must be an integer from 1 to the number of nodes (" + std::to_string(n) + "), not " +
                  format_number(kk));
      const int k = static_cast<int>(kk);
      t->names = {name + std::to_string(k)};
      if (name == "kstar")
        t->fn = [k](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
          o[0] = choose(static_cast<double>(s.out[i].size()), k - 1) + choose(static_cast<double>(s.out[j].size()), k - 1);
        };
      else if (name == "ostar" || name == "b1star")
        t->fn = [k](const ErgmState& s, std::uint32_t i, std::uint32_t, double* o) {
          o[0] = choose(static_cast<double>(s.out[i].size()), k - 1);
        };
      else if (name == "istar")
        t->fn = [k](const ErgmState& s, std::uint32_t, std::uint32_t j, double* o) {
          o[0] = choose(static_cast<double>(s.in[j].size()), k - 1);
        };
      else
        t->fn = [k](const ErgmState& s, std::uint32_t, std::uint32_t j, double* o) {
          o[0] = choose(static_cast<double>(s.out[j].size()), k - 1);
        };
    } else if (name == "gwdegree" || name == "gwodegree" || name == "gwidegree" || name == "gwb1degree" ||
               name == "gwb2degree") {
      if (name == "gwdegree") need_undirected();
      if (name == "gwodegree" || name == "gwidegree") need_directed();
      if (name == "gwb1degree" || name == "gwb2degree") need_bipartite();
      const double decay = decay_of();
      const double r = -std::expm1(-decay);  // 1 − e^−α, exact for small α
      t->names = {name + "." + format_number(decay)};
      if (name == "gwdegree")
        t->fn = [r](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
          o[0] = std::pow(r, static_cast<double>(s.out[i].size())) + std::pow(r, static_cast<double>(s.out[j].size()));
        };
      else if (name == "gwodegree" || name == "gwb1degree")
        t->fn = [r](const ErgmState& s, std::uint32_t i, std::uint32_t, double* o) {
          o[0] = std::pow(r, static_cast<double>(s.out[i].size()));
        };
      else if (name == "gwidegree")
        t->fn = [r](const ErgmState& s, std::uint32_t, std::uint32_t j, double* o) {
          o[0] = std::pow(r, static_cast<double>(s.in[j].size()));
        };
      else
        t->fn = [r](const ErgmState& s, std::uint32_t, std::uint32_t j, double* o) {
          o[0] = std::pow(r, static_cast<double>(s.out[j].size()));
        };
    } else if (name == "triangle") {
      t->names = {"triangle"};
      if (!directed)
        t->fn = [](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
          o[0] = static_cast<double>(common_count(s.out[i], s.out[j]));
        };
      else
        t->fn = [](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
          o[0] = static_cast<double>(common_count(s.out[i], s.in[j]) + common_count(s.out[i], s.out[j]) +
                                     common_count(s.in[i], s.in[j]) + common_count(s.out[j], s.in[i]));
        };
    } else if (name == "ttriple") {
      need_directed();
      t->names = {"ttriple"};
      t->fn = [](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
        o[0] = static_cast<double>(common_count(s.out[i], s.in[j]) + common_count(s.out[i], s.out[j]) +
                                   common_count(s.in[i], s.in[j]));
      };
    } else if (name == "ctriple") {
      need_directed();
      t->names = {"ctriple"};
      t->fn = [](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
        o[0] = static_cast<double>(common_count(s.out[j], s.in[i]));
      };
    } else if (name == "crosstriangle") {
      need_undirected();
      const auto& at = attribute(true);
      t->names = {"crosstriangle." + t->names.back()};
      const auto* codes = &at.codes;
      t->fn = [codes](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
        double c = 0;
        const bool same = (*codes)[i] == (*codes)[j];
        for_common(s.out[i], s.out[j], [&](std::uint32_t k) { c += !(same && (*codes)[k] == (*codes)[i]); });
        o[0] = c;
      };
    } else if (name == "gwesp" || name == "gwdsp") {
      const double decay = decay_of();
      const double r = -std::expm1(-decay);  // 1 − e^−α, exact for small α
      const GeometricWeight f(decay);
      t->names = {name + ".fixed." + format_number(decay)};
      if (name == "gwesp" && !directed)
        t->fn = [r, f](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
          double c = 0;
          std::size_t sp = 0;
          for_common(s.out[i], s.out[j], [&](std::uint32_t k) {
            ++sp;
            c += std::pow(r, static_cast<double>(common_count(s.out[i], s.out[k]))) +
                 std::pow(r, static_cast<double>(common_count(s.out[j], s.out[k])));
          });
          o[0] = c + f(static_cast<double>(sp));
        };
      else if (name == "gwesp")
        t->fn = [r, f](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
          double c = f(static_cast<double>(common_count(s.out[i], s.in[j])));
          for_common(s.out[j], s.out[i], [&](std::uint32_t k) {  // edges i→k gain partner j
            c += std::pow(r, static_cast<double>(common_count(s.out[i], s.in[k])));
          });
          for_common(s.in[i], s.in[j], [&](std::uint32_t a) {  // edges a→j gain partner i
            c += std::pow(r, static_cast<double>(common_count(s.out[a], s.in[j])));
          });
          o[0] = c;
        };
      else if (!directed)
        t->fn = [r](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
          double c = 0;
          for (auto k : s.out[j])
            if (k != i) c += std::pow(r, static_cast<double>(common_count(s.out[i], s.out[k])));
          for (auto k : s.out[i])
            if (k != j) c += std::pow(r, static_cast<double>(common_count(s.out[j], s.out[k])));
          o[0] = c;
        };
      else
        t->fn = [r](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
          double c = 0;
          for (auto k : s.out[j])
            if (k != i) c += std::pow(r, static_cast<double>(common_count(s.out[i], s.in[k])));
          for (auto a : s.in[i])
            if (a != j) c += std::pow(r, static_cast<double>(common_count(s.out[a], s.in[j])));
          o[0] = c;
        };
    } else if (name == "cycle4") {
      need_bipartite();
      t->names = {"cycle4"};
      t->fn = [](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
        double c = 0;
        for (auto k : s.out[j])
          if (k != i) c += static_cast<double>(common_count(s.out[i], s.out[k]));
        o[0] = c;
      };
    } else if (name == "gwb1dsp" || name == "gwb2dsp") {
      need_bipartite();
      const double decay = decay_of();
      const double r = -std::expm1(-decay);  // 1 − e^−α, exact for small α
      t->names = {name + ".fixed." + format_number(decay)};
      if (name == "gwb1dsp")
        t->fn = [r](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
          double c = 0;
          for (auto k : s.out[j])
            if (k != i) c += std::pow(r, static_cast<double>(common_count(s.out[i], s.out[k])));
          o[0] = c;
        };
      else
        t->fn = [r](const ErgmState& s, std::uint32_t i, std::uint32_t j, double* o) {
          double c = 0;
          for (auto l : s.out[i])
            if (l != j) c += std::pow(r, static_cast<double>(common_count(s.out[j], s.out[l])));
          o[0] = c;
        };
    }
    args.done();
    terms.push_back(std::move(t));
  }
  return terms;
}

}  // namespace maillage::models
