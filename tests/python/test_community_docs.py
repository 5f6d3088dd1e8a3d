"""The fabrique-2024 example of docs/communities.md runs, and its numbers hold: the régions'
modularity and the detected partition's against NetworkX on the same weighted ties, NMI/ARI in
range, the detected partition more modular than the régions. (The table's rounded values describe
the dataset as embedded when the page was written; the dataset is still being curated.)"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

import maillage

DOC = Path(__file__).resolve().parents[2] / "docs" / "communities.md"


@pytest.mark.skipif(not hasattr(maillage.datasets, "fabrique_2024"), reason="fabrique-2024 dataset not available")
def test_regions_example_runs_and_agrees_with_networkx():
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    scope: dict = {}
    exec(compile(code, str(DOC), "exec"), scope)  # noqa: S102
    v, regions, q_regions = scope["v"], scope["regions"], scope["q_regions"]
    G = nx.Graph()
    G.add_nodes_from(v.nodes)
    ef = v.edges_frame()
    G.add_weighted_edges_from(zip(ef["source"], ef["target"], ef["weight"]))
    blocks = [set(regions.index[regions == r]) for r in regions.unique()]
    assert q_regions == pytest.approx(nx.community.modularity(G, blocks, weight="weight"), abs=1e-12)
    leiden = scope["leiden"]
    found = [set(leiden.index[leiden == c]) for c in leiden.unique()]
    assert leiden.attrs["modularity"] == pytest.approx(nx.community.modularity(G, found, weight="weight"), abs=1e-12)
    assert leiden.attrs["modularity"] > q_regions
    assert 0 <= scope["nmi"] <= 1 and -1 <= scope["ari"] <= 1
