#pragma once
/// The fabrique-2024 dataset: the alliance of La Fabrique des transitions as its 2024 report
/// ("Bilan 2024") tells it — people, organisations, programmes, events, resources and territories,
/// and the ties between them, each with the report section it comes from.
#include <filesystem>
#include <string_view>
#include <vector>

#include "maillage/core/graph.hpp"

namespace maillage::datasets {

/// Name of the dataset's folder (under a data directory) and of its three files: a data package
/// (see maillage/io/package.hpp), so `read_package` and `maillage summary` read it too.
inline constexpr std::string_view fabrique_2024_folder = "fabrique-2024";
inline constexpr std::string_view fabrique_2024_files[] = {"datapackage.json", "nodes.csv", "edges.csv"};

/// The folders fabrique_2024() looks in, in order: `$MAILLAGE_FABRIQUE_2024_DIR`,
/// `$MAILLAGE_DATA_DIR/fabrique-2024`, then `extra` (e.g. a Python package's own copy), the
/// source tree's `data/fabrique-2024` (a build tree), `<prefix>/share/maillage/fabrique-2024` (the
/// install prefix configured at build time) and `../share/maillage/fabrique-2024` beside the
/// running executable. Unset variables are left out. O(1).
std::vector<std::filesystem::path> fabrique_2024_search_path(const std::vector<std::filesystem::path>& extra = {});

/// The first folder of the search path holding the three files. Throws NotFound listing every
/// place looked. O(length of the search path).
std::filesystem::path find_fabrique_2024(const std::vector<std::filesystem::path>& extra = {});

/// Loads the fabrique-2024 dataset (found as find_fabrique_2024 does):
/// - nodes of kind person, organisation, territory, programme, event and resource, with `label`
///   (as the report writes it; official names for official territories), `type`, `family` (elu,
///   agent, etat, socio_economique, allie, financeur, media, recherche), `scale`, `category`
///   (programmes), `role` and `organisation` (people), `start`/`end` (dates), `when` (the date as
///   written), `parent` (the event an event is part of), `venue`, `insee`/`siren` (codes),
///   `aliases` and `figures` (lists), `detail`, `page` and `provenance` (the report section);
///   territory keys are the official ones (`commune:<INSEE>`, `epci:<SIREN>`, `ept:<SIREN>`,
///   `departement:<code>`, `region:<code>`, `pays:FR`) or `petr:`/`pnr:`/`scot:`/`territoire:`
///   slugs and `pays:CM`, so the graph joins france_territories();
/// - edges of the built-in relations and `produces` (actor → resource, a directed tie, registered
///   here), with `weight` (a count the report gives; missing otherwise), `start`, `end`, `context`
///   (the programme in which the tie exists), `role`, `detail`, `page`, `provenance`;
/// - metadata: the alliance's totals and the report's figures (`alliance_organisations` = 465,
///   `alliance_personnes` = 901, …).
/// Deterministic. O(size of the files): a few milliseconds. Throws NotFound when the files are
/// not found, InvalidInput `<file>:<line>:<column>: …` when they are malformed.
Graph fabrique_2024(const std::vector<std::filesystem::path>& extra = {});

/// Loads the dataset from a given folder holding datapackage.json, nodes.csv and edges.csv.
/// O(size of the files).
Graph load_fabrique_2024(const std::filesystem::path& folder);

}  // namespace maillage::datasets
