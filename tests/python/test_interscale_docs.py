"""The fabrique-2024 examples of docs/interscale.md run and print exactly the output the page
shows; a few of their numbers are checked again by independent means (pandas on the edge table,
NetworkX). Regenerate the page's output after a change of the dataset with
``python3 docs/doc_examples.py docs/interscale.md``."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import maillage

DOC = Path(__file__).resolve().parents[2] / "docs" / "interscale.md"


def test_examples_print_the_documented_output(doc_page):
    stale = doc_page[0]
    assert not stale, f"docs/interscale.md is out of date ({', '.join(stale)}): run python3 docs/doc_examples.py docs/interscale.md"


def test_documented_numbers_by_other_means(doc_scope):
    g = doc_scope["g"]
    nodes, edges = g.nodes_frame(), g.edges_frame()
    # 1. supports ally → territory: vertical = both scales known (own scales here) and different.
    s = edges[(edges.relation == "supports") & edges.target.map(nodes["kind"]).eq("territory")]
    a, b = s.source.map(nodes["scale"]).astype(object), s.target.map(nodes["scale"]).astype(object)
    known = a.notna() & b.notna()
    assert len(s) == doc_scope["per_programme"]["ties"].sum()
    assert (a[known] != b[known]).sum() == doc_scope["per_programme"]["vertical"].sum()
    # 2. E-I and assortativity of the resolved scales against the definition and NetworkX.
    actors, scale = doc_scope["actors"], doc_scope["scale"]
    G = nx.Graph()
    G.add_nodes_from(k for k in actors.nodes if not pd.isna(scale[k]))
    ef = actors.edges_frame()
    G.add_edges_from((u, v) for u, v in zip(ef.source, ef.target) if u in G and v in G and u != v)
    nx.set_node_attributes(G, {k: str(scale[k]) for k in G}, "scale")
    nx.set_node_attributes(G, {k: g.scales.index(scale[k]) for k in G}, "rank")
    E = sum(G.nodes[u]["scale"] != G.nodes[v]["scale"] for u, v in G.edges)
    I = G.number_of_edges() - E
    assert maillage.ei_index(actors, scale) == pytest.approx((E - I) / (E + I))
    assert maillage.attribute_assortativity(actors, scale) == pytest.approx(nx.attribute_assortativity_coefficient(G, "scale"))
    assert maillage.numeric_assortativity(actors, scale) == pytest.approx(nx.numeric_assortativity_coefficient(G, "rank"))
    # 3. A documented missing link: Strasbourg (67482) and its région (Grand Est, region:44) are
    # more than two ties apart in the tie view.
    ties = g.view(relations="tie", directed=False)
    H = nx.Graph()
    H.add_nodes_from(ties.nodes)
    tf = ties.edges_frame()
    H.add_edges_from(zip(tf.source, tf.target))
    region_council = "organisation:region-grand-est"
    reach = nx.single_source_shortest_path_length(H, "commune:67482", cutoff=2)
    assert "region:44" not in reach and region_council not in reach
    assert H.degree(region_council) > 0

