"""NetworkX backend information for maillage (the ``networkx.backend_info`` entry point).

NetworkX calls :func:`get_info` when it is imported, so this package imports nothing: the backend
itself (``maillage.backend``, which loads the C++ core, numpy and pandas) is imported only when a
call is dispatched to it.
"""

# The functions the backend serves (NetworkX's dispatch names), each with what it adds to or
# changes from NetworkX's own documentation. Kept here rather than computed from maillage.backend
# so that importing NetworkX stays cheap; tests/python/test_nx_backend.py checks that both lists agree.
FUNCTIONS = {
    "all_pairs_dijkstra_path_length": "Dijkstra per source in C++ (weights are distances).",
    "all_pairs_shortest_path_length": "Breadth-first searches in C++.",
    "average_clustering": "From the C++ clustering coefficients.",
    "betweenness_centrality": (
        "Brandes' algorithm in C++, in parallel. With 0 < k < n, served only for seed=None (a fresh "
        "sample); an explicit seed names NetworkX's own sample, so NetworkX runs the call."
    ),
    "clustering": "Triangle counting in C++ (weighted: Onnela's geometric mean, as NetworkX).",
    "closeness_centrality": "Breadth-first searches (64 at once) or Dijkstra in C++; u=None only.",
    "connected_components": "Union of arcs in C++.",
    "core_number": "Peeling in C++.",
    "degree_centrality": "From the C++ degrees.",
    "edge_betweenness_centrality": "Brandes' algorithm in C++; same rule for k as betweenness_centrality.",
    "eigenvector_centrality": "Power iteration in C++; nstart=None only.",
    "harmonic_centrality": "Breadth-first searches or Dijkstra in C++; nbunch=None and sources=None only.",
    "in_degree_centrality": "From the C++ degrees.",
    "katz_centrality": "Iteration in C++; nstart=None only.",
    "louvain_communities": (
        "Louvain in C++; served for seed=None (fresh entropy), threshold=1e-07 and max_level=None only: "
        "an explicit seed names NetworkX's own random order, so NetworkX runs the call."
    ),
    "modularity": "In C++ from the partition.",
    "asyn_lpa_communities": (
        "Asynchronous label propagation in C++, NetworkX's rule (keep a heaviest label, else draw "
        "one); served for seed=None on undirected simple graphs without self-loops."
    ),
    "number_connected_components": "Union of arcs in C++.",
    "number_strongly_connected_components": "Tarjan's algorithm in C++.",
    "out_degree_centrality": "From the C++ degrees.",
    "pagerank": "Power iteration in C++; nstart=None only.",
    "single_source_dijkstra_path_length": "Dijkstra in C++ (weights are distances).",
    "single_source_shortest_path_length": "Breadth-first search in C++.",
    "strongly_connected_components": "Tarjan's algorithm in C++.",
    "transitivity": "Exact triangle and triple counts in C++.",
    "triangles": "From the C++ clustering coefficients and degrees (undirected graphs).",
    "constraint": "Burt's constraint in C++ (undirected graphs without self-loops).",
    "effective_size": (
        "Burt's effective size in C++ (undirected graphs without self-loops; weighted only with "
        "nodes=, where NetworkX's own weighted formula for every node is left to it)."
    ),
    "attribute_assortativity_coefficient": "Mixing counts in C++; nodes=None only.",
    "numeric_assortativity_coefficient": "Pearson correlation over the arcs; nodes=None only.",
    "degree_assortativity_coefficient": "C++ degrees (strengths with weight=), Pearson over the arcs.",
    "degree_pearson_correlation_coefficient": "C++ degrees (strengths with weight=), Pearson over the arcs.",
    "ego_graph": "Breadth-first search (or Dijkstra with distance=) in C++; the subgraph of G itself.",
    "projected_graph": "maillage's projection kernel; undirected simple graphs, multigraph=False only.",
    "weighted_projected_graph": "maillage's projection kernel (shared neighbours); undirected simple graphs.",
    "collaboration_weighted_projected_graph": "maillage's projection kernel (Newman's weights).",
    "overlap_weighted_projected_graph": "maillage's projection kernel (Jaccard or overlap weights).",
}


def get_info():
    """The dictionary NetworkX reads from the ``networkx.backend_info`` entry point."""
    return {
        "backend_name": "maillage",
        "project": "maillage",
        "package": "maillage",
        "short_summary": "C++ kernels for the analysis of cooperation networks.",
        "default_config": {},
        "functions": {name: {"additional_docs": text} for name, text in FUNCTIONS.items()},
    }
