"""Fixtures for the maillage Python tests.

Oracles are independent of maillage: hand computations, pandas, NetworkX and SciPy.
"""

from __future__ import annotations

import pandas as pd
import pytest

import maillage

# Hypothesis profiles: "ci" (loaded when CI is set, or HYPOTHESIS_PROFILE=ci) draws the same
# examples on every run, so a failure in CI reproduces; "default" explores anew each run. The
# tests keep their own max_examples and deadline=None.
try:
    import os as _os

    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
    _hypothesis_settings.load_profile(_os.environ.get("HYPOTHESIS_PROFILE", "ci" if _os.environ.get("CI") else "default"))
except ImportError:  # hypothesis is in the test extra; without it the property tests skip
    pass


@pytest.fixture
def french() -> maillage.Graph:
    """A small French hierarchy (real INSEE/SIREN codes) and two actors.

    region:84 (Auvergne-Rhône-Alpes)
      departement:74 (Haute-Savoie)
        epci:247400773 (CC des Sources du Lac d'Annecy)
          commune:74123 (Faverges-Seythenex)
            commune-deleguee:74268 (Seythenex, scale commune)
        epci:200066793 (Grand Annecy)
          commune:74010 (Annecy)
      departement:73 (Savoie)
        commune:73065 (Chambéry)      (no EPCI given: directly in its département)
    pnr:massif-des-bauges (a grouping without a scale)
      ⊃ commune:74123 and commune:73065 (Faverges has two containers: a DAG, not a tree)
    person:alice represents commune:74123 and is a member of org:alliance.
    """
    nodes = pd.DataFrame(
        {
            "key": [
                "region:84", "departement:74", "departement:73", "epci:247400773", "epci:200066793",
                "commune:74123", "commune-deleguee:74268", "commune:74010", "commune:73065",
                "pnr:massif-des-bauges", "person:alice", "org:alliance",
            ],
            "kind": ["territory"] * 10 + ["person", "organisation"],
            "label": [
                "Auvergne-Rhône-Alpes", "Haute-Savoie", "Savoie", "CC des Sources du Lac d'Annecy",
                "Grand Annecy", "Faverges-Seythenex", "Seythenex", "Annecy", "Chambéry",
                "Massif des Bauges", "Alice", "Alliance",
            ],
            "scale": [
                "region", "departement", "departement", "epci", "epci", "commune", "commune", "commune",
                "commune", None, "commune", "national",
            ],
        }
    )
    part_of = [
        ("departement:74", "region:84"),
        ("departement:73", "region:84"),
        ("epci:247400773", "departement:74"),
        ("epci:200066793", "departement:74"),
        ("commune:74123", "epci:247400773"),
        ("commune-deleguee:74268", "commune:74123"),
        ("commune:74010", "epci:200066793"),
        ("commune:73065", "departement:73"),
        ("commune:74123", "pnr:massif-des-bauges"),
        ("commune:73065", "pnr:massif-des-bauges"),
    ]
    ties = [
        ("person:alice", "commune:74123", "represents"),
        ("person:alice", "org:alliance", "member_of"),
    ]
    edges = pd.DataFrame(
        {
            "source": [s for s, _ in part_of] + [s for s, _, _ in ties],
            "target": [t for _, t in part_of] + [t for _, t, _ in ties],
            "relation": ["part_of"] * len(part_of) + [r for _, _, r in ties],
        }
    )
    return maillage.Graph.from_frames(nodes, edges, progress=False)


@pytest.fixture(scope="module")
def doc_page(request):
    """The examples of the documentation page named by the test module's DOC, run once:
    (the examples whose printed output differs from the page's, their scope)."""
    from helpers import run_page

    return run_page(request.module.DOC)


@pytest.fixture(scope="module")
def doc_scope(doc_page):
    """The scope of the page's examples (see doc_page)."""
    return doc_page[1]


@pytest.fixture(scope="module")
def browser():
    """The headless browser of the HTML picture tests; skips, saying why, without it."""
    from helpers import chromium

    path = chromium()
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium fonts-dejavu-core): "
                    "the browser tests of the HTML pictures are skipped")
    return path
