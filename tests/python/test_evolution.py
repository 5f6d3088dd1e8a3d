"""maillage.evolution: measures over time windows, checked on a hand-made graph against counts made
by hand, and the undated policy of views."""

from __future__ import annotations

import pandas as pd
import pytest

import maillage


@pytest.fixture()
def g():
    nodes = pd.DataFrame({"key": list("abcdef")})
    edges = pd.DataFrame({
        "source": ["a", "b", "c", "d", "e", "a"],
        "target": ["b", "c", "d", "e", "f", "f"],
        "start": ["2022-03-01", "2023-01-01", "2023-06-01", "2024-02-01", None, "2022-01-01"],
        "end": ["2022-12-31", "2024-12-31", "2023-06-30", "2024-02-01", None, None],
    })
    return maillage.Graph.from_frames(nodes, edges)


def test_edges_and_nodes_per_year(g):
    e = maillage.evolution(g, freq="year", measures=("edges", "nodes", "components"))
    assert list(e.index.year) == [2022, 2023, 2024]
    # By hand: 2022: a-b, a-f (open end); 2023: b-c, c-d, a-f; 2024: b-c, d-e, a-f.
    assert list(e["edges"]) == [2, 3, 3]
    assert list(e["nodes"]) == [3, 5, 6]
    assert list(e["components"]) == [1, 2, 3]
    # The undated edge e-f in every window with "keep".
    k = maillage.evolution(g, freq="year", measures=("edges",), undated="keep")
    assert list(k["edges"]) == [3, 4, 4]
    # Cumulative: everything up to each year's end.
    c = maillage.evolution(g, freq="year", measures=("edges",), cumulative=True)
    assert list(c["edges"]) == [2, 4, 5]


def test_callables_and_errors(g):
    e = maillage.evolution(g, freq="quarter", measures=(lambda v: v.number_of_edges(),), start="2023", end="2023-12-31")
    # By hand: Q1 b-c, a-f; Q2 b-c, c-d, a-f; Q3 and Q4 b-c, a-f.
    assert len(e) == 4 and list(e["<lambda>"]) == [2, 3, 2, 2]
    with pytest.raises(maillage.InvalidInput, match="freq"):
        maillage.evolution(g, freq="week")
    with pytest.raises(maillage.InvalidInput, match="undated"):
        maillage.evolution(g, undated="maybe")
    with pytest.raises(maillage.InvalidInput, match="unknown measure"):
        maillage.evolution(g, measures=("betweenness",))
    with pytest.raises(maillage.InvalidInput, match="before it starts"):
        maillage.evolution(g, start="2024", end="2022")


def test_view_undated_and_reversed_windows(g):
    assert g.view(start="2024", end="2024").number_of_edges() == 4  # b-c, d-e, a-f and undated e-f
    assert g.view(start="2024", end="2024", undated="drop").number_of_edges() == 3
    with pytest.raises(maillage.InvalidInput, match="precedes"):
        g.view(start="2025-01-01", end="2024-01-01")
    with pytest.raises(maillage.InvalidInput, match="undated"):
        g.view(start="2024", undated="sometimes")
