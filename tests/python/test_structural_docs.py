"""docs/structural.md: its examples print exactly the output the page shows, its pictures are what
the one-line calls beside them produce, byte for byte (docs/structural.py regenerates both), and
its numbers hold when recomputed here by other means (NumPy from the formulas, NetworkX)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from helpers import doc_examples, docs_script

DOCS = Path(__file__).resolve().parents[2] / "docs"
DOC = DOCS / "structural.md"


@pytest.fixture(scope="module")
def text():
    return DOC.read_text(encoding="utf-8")


def test_examples_print_the_documented_output(doc_page, text):
    assert len(doc_examples().examples(text)) == 5
    stale = doc_page[0]
    assert not stale, f"docs/structural.md is out of date ({', '.join(stale)}): run python3 docs/structural.py"


def test_pictures_are_up_to_date(doc_scope, text):
    module = docs_script("structural")
    reps = module.render(doc_scope)
    for name in reps:
        assert module.CALLS[name] in text, name
        assert f"structural/{name}" in text, name
    stale = doc_examples().pictures(reps, module.HERE, check=True)
    assert not stale, f"{', '.join(stale)} out of date: run python3 docs/structural.py"
    for rep in reps.values():
        assert rep.label_overlap()["overlap_ratio"] <= 0.01


def test_micmac_numbers_by_numpy(doc_scope, text):
    scope = doc_scope
    matrix = scope["matrix"]
    m = np.array([[0 if v == "P" else v for v in row] for row in matrix.to_numpy()], dtype=float)
    # Godet's rule: the first k whose influence and dependence rankings equal those of k − 1.
    def ranks(v):
        return tuple(1 + (v[None, :] - v[:, None] > 1e-9 * np.maximum(abs(v)[None, :], abs(v)[:, None])).sum(1))

    p, prev, k = m.copy(), (ranks(m.sum(1)), ranks(m.sum(0))), 1
    while True:
        k += 1
        p = p @ m
        cur = (ranks(p.sum(1)), ranks(p.sum(0)))
        if cur == prev:
            break
        prev = cur
    assert k == 6 and "M^6" in text
    names = list(matrix.index)
    order = [names[i] for i in np.argsort(-p.sum(1), kind="stable")]
    assert order[0] == "Récit partagé" and order[1] == "Réchauffement"  # "the first influence"
    shares = p.sum(1) / p.sum()
    assert round(shares[names.index("Récit partagé")], 3) == 0.139


def test_mactor_numbers_by_numpy(doc_scope, text):
    scope = doc_scope
    mid = scope["mid"].to_numpy(dtype=float)
    midi = mid + np.minimum(mid[:, :, None], mid[None, :, :]).sum(axis=1)
    inf = midi.sum(1) - np.diag(midi)
    dep = midi.sum(0) - np.diag(midi)
    r = (inf / inf.sum()) * inf / (inf + dep)
    rstar = len(r) * r / r.sum()
    actors = list(scope["mid"].index)
    assert rstar[actors.index("État (ANCT)")] == pytest.approx(2.128, abs=5e-4)  # "twice an average actor"
    assert rstar[actors.index("Régie des remontées")] == pytest.approx(0.294, abs=5e-4)  # "a third"
    assert actors[int(np.argmax(scope["ma"].ambivalence["eq1"]))] == "Socio-professionnel·les"


def test_loop_numbers_by_networkx(doc_scope):
    scope = doc_scope
    links = scope["links"]
    G = nx.DiGraph([(s, t) for s, t, *_ in links])
    sign = {(s, t): g for s, t, g, *_ in links}
    cycles = list(nx.simple_cycles(G))
    assert len(cycles) == len(scope["loops"]) == 18
    polarity = {}
    for c in cycles:
        negatives = sum(sign[(a, c[(i + 1) % len(c)])] == "-" for i, a in enumerate(c))
        polarity[frozenset(zip(c, c[1:] + c[:1]))] = "B" if negatives % 2 else "R"
    for variables, p in zip(scope["loops"]["variables"], scope["loops"]["polarity"]):
        assert polarity[frozenset(zip(variables, variables[1:] + variables[:1]))] == p
    # The snow loop reinforces, the budget loop through artificial snow balances.
    snow = ("Enneigement", "Fréquentation", "Recettes", "Neige de culture")
    assert polarity[frozenset(zip(snow, snow[1:] + snow[:1]))] == "R"
    budget = ("Neige de culture", "Budget communal")
    assert polarity[frozenset(zip(budget, budget[1:] + budget[:1]))] == "B"
    through = {v: sum(v in c for c in cycles) for v in G}
    assert through["Neige de culture"] == through["Offre 4 saisons"] == max(through.values()) == 14
