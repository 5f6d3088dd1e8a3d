#pragma once
/// The official French territorial hierarchy (communes, EPCI, EPT, départements, régions) as an
/// embedded dataset, and a resolver placing the territories users name ("Vimy", "62861",
/// "CA de Lens - Liévin", "Beaumont (63)") in it.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "maillage/core/graph.hpp"

namespace maillage::datasets {

/// Name of the dataset's folder (under a data directory) and of its file (inside that folder).
inline constexpr std::string_view france_territories_folder = "france-territories";
inline constexpr std::string_view france_territories_file = "territories.tsv.gz";

/// The territory types of the dataset: the key prefixes of DESIGN §4, lowest scale first.
/// "commune" is a current commune; "arrondissement" a municipal arrondissement (Paris, Lyon,
/// Marseille).
inline constexpr std::string_view territory_types[] = {
    "commune", "commune-deleguee", "commune-associee", "arrondissement", "epci", "ept",
    "departement", "region", "pays"};

/// The folders france_territories() looks in, in order: `$MAILLAGE_FRANCE_TERRITORIES_DIR`,
/// `$MAILLAGE_DATA_DIR/france-territories`, then `extra` (e.g. a Python package's own copy), the
/// source tree's `data/france-territories` (a build tree), `<prefix>/share/maillage/france-territories`
/// (the install prefix configured at build time) and `../share/maillage/france-territories` beside
/// the running executable. Unset variables are left out. O(1).
std::vector<std::filesystem::path> france_territories_search_path(const std::vector<std::filesystem::path>& extra = {});

/// The dataset file in the first folder of the search path holding one. Throws NotFound listing
/// every place looked. O(length of the search path).
std::filesystem::path find_france_territories(const std::vector<std::filesystem::path>& extra = {});

/// The dataset file in the first of `folders` holding one; NotFound listing every folder otherwise.
std::filesystem::path find_france_territories_in(const std::vector<std::filesystem::path>& folders);

/// Loads the official French territorial hierarchy (Etalab's decoupage-administratif: INSEE's
/// Code officiel géographique and the DGCL's intercommunalities; MIT licence):
/// - nodes, all of kind "territory", keyed as in DESIGN §4: `pays:FR`, `region:<INSEE>`,
///   `departement:<INSEE>`, `epci:<SIREN>`, `ept:<SIREN>`, `commune:<INSEE>`,
///   `arrondissement:<INSEE>`, `commune-deleguee:<INSEE>`, `commune-associee:<INSEE>`;
/// - attributes `label`, `scale` (commune for communes, arrondissements, delegated and associated
///   communes; epci for EPCI and EPT; departement; region; national), `type` (the key prefix),
///   `insee`, `siren`, `nature` (CC, CA, CU, METRO, MET69, EPT), `population` (municipal
///   population; for groupings the sum over their current communes), `zone` (metro, drom, com),
///   `departement` and `region` (codes of the département and région the territory lies in, when a
///   single one); metadata `name`, `format`, `source`, `licence`, `url`;
/// - part_of edges: a current commune → its EPCI, its EPT and its département; a municipal
///   arrondissement, delegated or associated commune → its commune; an EPCI or EPT → its
///   département if all its communes lie in it, else its région if they all lie in one, else
///   pays:FR; an EPT → the Métropole du Grand Paris too; a département → its région; a région →
///   pays:FR.
/// Deterministic (same file, same graph). O(size of the file). Throws NotFound when the file is
/// not found, InvalidInput `<file>:<line>:<column>: …` when it is malformed.
Graph france_territories(const std::vector<std::filesystem::path>& extra = {});

/// Loads the dataset from a given file (or a folder holding territories.tsv.gz).
Graph load_france_territories(const std::filesystem::path& path);

/// The form names are compared in: UTF-8 decoded, letters lower-cased and stripped of accents
/// (é → e, ç → c, œ → oe, æ → ae, ß → ss; decomposed accents too), apostrophes, hyphens, dashes,
/// punctuation and spaces folded into single spaces, and the words st/ste/sts/stes read as
/// saint/sainte/saints/saintes. "Saint-Étienne", "ST ETIENNE" and "saint etienne" all give
/// "saint etienne". Other characters are kept (lower-cased when ASCII). O(length).
std::string normalize_territory_name(std::string_view name);

/// What resolve() may choose among.
struct ResolveOptions {
  /// A département (code "63", key "departement:63" or name "Puy-de-Dôme"): only territories lying
  /// in it or overlapping it are kept. Empty = any.
  std::string departement;
  /// Territory types kept (see territory_types). Empty = all, with current communes and the other
  /// territories ranked before delegated and associated communes.
  std::vector<std::string> kinds;
};

/// One resolved territory.
struct Territory {
  NodeId node = 0;           ///< its node in the resolver's graph
  std::string key;           ///< "commune:62861"
  std::string label;         ///< "Vimy"
  std::string type;          ///< key prefix: "commune", "epci", …
  std::string scale;         ///< scale id: "commune", "epci", "departement", "region", "national"
  std::string code;          ///< INSEE code, SIREN for EPCI and EPT, "FR" for the country
  std::string departement;   ///< key of the département it lies in (or is), if a single one
  std::string region;        ///< key of the région it lies in (or is), if a single one
  std::string epci;          ///< key of its EPCI (or itself), if any
  std::vector<std::string> containers;  ///< every container's key, lowest scale first
  std::string matched_by;    ///< "key", "code" or "name"
};

/// The outcome of resolving one query of a batch: a territory's node (TerritoryResolver::territory
/// gives its record), or why there is none.
struct ResolveOutcome {
  enum class Status : std::uint8_t { found, not_found, ambiguous, invalid };
  Status status = Status::not_found;
  std::optional<NodeId> node;         ///< the territory found
  std::string matched_by;             ///< "key", "code" or "name" when found
  std::string message;                ///< why nothing was found (the message resolve() would throw)
  std::vector<NodeId> candidates;     ///< the candidates when ambiguous, ascending keys
};

/// Resolves territory names, codes and keys against an official hierarchy (the graph of
/// france_territories(), or any graph with the same `type`, `insee`, `siren` and `departement`
/// attributes). Immutable once built: resolve() may be called from many threads at once.
class TerritoryResolver {
 public:
  /// Indexes the graph's territories by key, INSEE code, SIREN and normalised name.
  /// O(n + m + total length of the labels).
  explicit TerritoryResolver(Graph official);

  const Graph& graph() const { return graph_; }

  /// The territory a query names. A query is a key ("commune:62861"), an INSEE code ("62861",
  /// "2A004", "974"; 4-digit and 1-digit numbers get their lost leading zero back), a SIREN
  /// ("246200364"), or a name compared through normalize_territory_name(), optionally ending in a
  /// département hint "(63)" ("Beaumont (63)") or an article "(Le)" ("Havre (Le)"). EPCI and EPT
  /// also match their name without its legal form ("Lens - Liévin" for "CA de Lens - Liévin",
  /// "Communauté d'agglomération de Lens-Liévin" too) when nothing matches the full name.
  /// Candidates are filtered by `options.kinds` and `options.departement`; without kinds, current
  /// communes and other territories come first, delegated and associated communes only when
  /// nothing else matches. Throws NotFound when nothing matches (naming the candidates the filters
  /// removed), InvalidInput when several territories match (listing every one with its
  /// département) or an option is invalid. Deterministic; O(length of the query + candidates).
  Territory resolve(std::string_view query, const ResolveOptions& options = {}) const;

  /// Every candidate a query matches once filtered and ranked (ascending keys), without throwing on
  /// ambiguity. Throws like resolve() for invalid options and when nothing matches.
  std::vector<NodeId> candidates(std::string_view query, const ResolveOptions& options = {}) const;

  /// Resolves many queries, each with its own département hint (`departements` empty, or one per
  /// query with "" for none; a non-empty `options.departement` applies to all), and never throws
  /// for a row: each outcome says found, not found, ambiguous or invalid. Repeated (query, hint)
  /// pairs are resolved once. Deterministic; O(total length + candidates).
  std::vector<ResolveOutcome> resolve_all(const std::vector<std::string>& queries,
                                          const std::vector<std::string>& departements = {},
                                          const ResolveOptions& options = {}) const;

  /// The Territory record of a node of the resolver's graph. O(ancestors).
  Territory territory(NodeId node) const;

  /// The type (key prefix) of a node, "" for a node outside the hierarchy.
  std::string_view type(NodeId node) const;

  /// Codes of the départements a node lies in or overlaps (one for a commune, several for an
  /// EPCI spanning départements, all of them for the country), ascending.
  std::vector<std::string> departements(NodeId node) const;

 private:
  struct Index;
  Graph graph_;
  std::shared_ptr<const Index> index_;
};

/// Options of attach_territories.
struct AttachOptions {
  /// `provenance` of the part_of edges added.
  std::string provenance = "france-territories";
};

/// A copy of `graph` whose territory nodes are placed in the official hierarchy: every node of
/// kind "territory" is resolved (by its `insee` attribute if present, else its `siren`, else its
/// key, then its label when the key names nothing; its `departement` attribute, text or a number,
/// as a hint), gets `official_key` (the official key), and `label` and `scale` when it had none; then
/// the official containers it needs are added (kind territory, with `label`, `scale` and
/// `official_key`) together with the part_of edges linking it to them (provenance
/// `options.provenance`). A user node standing for an official territory takes its place in the
/// hierarchy (a user's "Lens" node is the container of the user's "Vimy" node when both resolve).
/// Skipped: keys of other groupings or places abroad (`petr:`, `pnr:`, `scot:`, `territoire:`,
/// `pays:` other than FR, any other `prefix:` that is not an official type). part_of edges the
/// user already gave are not duplicated. Throws InvalidInput listing every territory node that
/// could not be placed (not found or ambiguous) and naming two nodes that stand for the same
/// territory; the graph's own rules (scales, cycles) are checked again on the result.
/// Deterministic. O((n + m) log(n + m) + resolutions).
Graph attach_territories(const Graph& graph, const TerritoryResolver& resolver, const AttachOptions& options = {});

}  // namespace maillage::datasets
