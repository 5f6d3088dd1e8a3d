"""The fabrique-2024 example of docs/brokerage.md runs and prints exactly the output the page
shows; its numbers are checked again by other means (a count over the triads around a broker,
NetworkX's constraint, the inter-scale module's vertical shares, degrees kept by the draws).
Regenerate the page's output after a change of the dataset with
``python3 docs/doc_examples.py docs/brokerage.md``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import maillage

DOC = Path(__file__).resolve().parents[2] / "docs" / "brokerage.md"


def test_example_prints_the_documented_output(doc_page):
    stale = doc_page[0]
    assert not stale, f"docs/brokerage.md is out of date ({', '.join(stale)}): run python3 docs/doc_examples.py docs/brokerage.md"


def test_the_top_broker_by_its_triads(doc_scope):
    ties, roles = doc_scope["ties"], doc_scope["roles"]
    scale = maillage.interscale.actor_scales(ties)["scale"]
    ef = ties.edges_frame()
    known = set(roles.index)
    # The view is undirected: every tie is an arc both ways; parallel ties and loops do not count.
    out = {}
    for s, t in zip(ef["source"], ef["target"]):
        if s != t and s in known and t in known:
            out.setdefault(s, set()).add(t)
            out.setdefault(t, set()).add(s)
    b = roles["liaison"].idxmax()
    counts = Counter()
    for a in out[b]:
        for c in out[b]:
            if a == c or c in out[a]:
                continue
            ga, gb, gc = scale[a], scale[b], scale[c]
            role = ("coordinator" if ga == gb == gc else "itinerant" if ga == gc else "representative" if ga == gb
                    else "gatekeeper" if gb == gc else "liaison")
            counts[role] += 1
    for role in ("coordinator", "itinerant", "representative", "gatekeeper", "liaison"):
        assert roles.loc[b, role] == counts[role], role


def test_constraint_against_networkx(doc_scope):
    ties, holes = doc_scope["ties"], doc_scope["holes"]
    G = nx.Graph()
    ef = ties.edges_frame()
    G.add_edges_from((s, t) for s, t in zip(ef["source"], ef["target"]) if s != t)
    # Parallel ties: maillage's unweighted view counts each tie once, as NetworkX's simple graph.
    for key in holes.nsmallest(5, "constraint").index:
        assert holes.loc[key, "constraint"] == pytest.approx(nx.constraint(G, [key])[key])
        assert holes.loc[key, "effective_size"] == pytest.approx(nx.effective_size(G, [key])[key])


def test_vertical_shares_and_draws_by_other_means(doc_scope):
    g = doc_scope["g"]
    counts = maillage.interscale.vertical_share(g, relations="supports", by="kind", counts=True)
    r = maillage.significance(g, "vertical_share", relations="supports", by="kind", samples=3)
    assert r.loc["territory", "observed"] == pytest.approx(counts.loc["territory", "vertical_share"])
    assert counts.loc["territory", "horizontal"] == 0
    # A draw of the rewiring keeps every actor's out- and in-degree in supports.
    h = maillage.rewire(g, relations="supports", seed=0, sample=7)
    a = g.edges_frame().query("relation == 'supports'")
    b = h.edges_frame().query("relation == 'supports'")
    assert Counter(a["source"]) == Counter(b["source"]) and Counter(a["target"]) == Counter(b["target"])
    by_relation = maillage.interscale.vertical_share(g, by="relation")
    shown = doc_scope["r"]["observed"]
    pd.testing.assert_series_equal(shown, by_relation[shown.index], check_names=False)

