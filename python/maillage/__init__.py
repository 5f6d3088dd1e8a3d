"""maillage: cooperation networks across territorial scales.

A typed, attributed, time-stamped multigraph of actors, territories, programmes and cooperations
(:class:`Graph`), homogeneous CSR projections of it for analysis (:class:`View`), and analysis
functions that return pandas results indexed by node key. See ``docs/api-contract.md``.
"""

from __future__ import annotations

from . import _core
from . import _guard  # noqa: F401  (pybind11 conversion errors become InvalidInput)
from ._algorithms import connected_components, strongly_connected_components
from ._budget import set_worker_budget, worker_budget
from ._community import (
    adjusted_rand_index,
    bipartite_projection,
    disparity_backbone,
    label_propagation_communities,
    leiden_communities,
    louvain_communities,
    modularity,
    normalized_mutual_info,
)
from ._centrality import (
    betweenness_centrality,
    closeness_centrality,
    degree,
    degree_centrality,
    edge_betweenness_centrality,
    eigenvector_centrality,
    harmonic_centrality,
    katz_centrality,
    pagerank,
    strength,
)
from ._holes import constraint, effective_size, efficiency, hierarchy, structural_holes
from ._brokerage import brokerage, brokerage_permutation_test, brokerage_totals
from ._nullmodel import configuration_model, rewire, significance
from ._paths import ego_view, shortest_path_lengths
from ._structure import clustering, core_number, transitivity
from ._mixing import attribute_assortativity, degree_assortativity, ei_index, ei_index_expected, numeric_assortativity
from ._errors import Cancelled, Error, InvalidInput, NotFound
from ._evolution import evolution
from ._graph import Graph, View
from ._io import read_csv, write_csv
from ._io import FORMATS, read, write
from ._networkx import from_networkx, to_networkx
from ._igraph import from_igraph, to_igraph

__version__: str = _core.version()

from . import datasets  # noqa: E402  (needs the names above)
from . import territories  # noqa: E402
from . import systemic  # noqa: E402
from . import interscale  # noqa: E402
from . import programmes  # noqa: E402
from ._report import Report, report  # noqa: E402
from . import models  # noqa: E402

__all__ = [
    "__version__",
    "Graph",
    "View",
    "Error",
    "InvalidInput",
    "NotFound",
    "Cancelled",
    "worker_budget",
    "set_worker_budget",
    "from_networkx",
    "to_networkx",
    "from_igraph",
    "to_igraph",
    "connected_components",
    "strongly_connected_components",
    "degree",
    "strength",
    "degree_centrality",
    "betweenness_centrality",
    "edge_betweenness_centrality",
    "closeness_centrality",
    "harmonic_centrality",
    "eigenvector_centrality",
    "pagerank",
    "katz_centrality",
    "core_number",
    "clustering",
    "transitivity",
    "constraint",
    "effective_size",
    "efficiency",
    "hierarchy",
    "structural_holes",
    "brokerage",
    "brokerage_totals",
    "brokerage_permutation_test",
    "significance",
    "rewire",
    "configuration_model",
    "shortest_path_lengths",
    "ego_view",
    "read_csv",
    "write_csv",
    "read",
    "write",
    "FORMATS",
    "louvain_communities",
    "leiden_communities",
    "label_propagation_communities",
    "modularity",
    "normalized_mutual_info",
    "adjusted_rand_index",
    "bipartite_projection",
    "disparity_backbone",
    "ei_index",
    "ei_index_expected",
    "attribute_assortativity",
    "numeric_assortativity",
    "evolution",
    "degree_assortativity",
    "datasets",
    "territories",
    "systemic",
    "interscale",
    "programmes",
    "models",
    "report",
    "Report",
]
