"""The examples of docs/programmes.md run and print exactly the output the page shows; the numbers
the page states are checked against the report's lists (pages named) and computed again with
pandas on the edge table. Regenerate the page's output after a change with
``python3 docs/doc_examples.py docs/programmes.md``."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "programmes.md"


def test_examples_print_the_documented_output(doc_page):
    stale = doc_page[0]
    assert not stale, f"docs/programmes.md is out of date ({', '.join(stale)}): run python3 docs/doc_examples.py docs/programmes.md"


def test_documented_numbers(doc_scope):
    g = doc_scope["g"]
    # p. 29: eight territories and the Région in the Occitanie cohort; p. 32: 25 collectivités.
    occ = doc_scope["occitanie"]
    assert len(occ) == 9 and (occ["role"] == "Région").sum() == 1
    assert len(doc_scope["tacd"]) == 25
    # p. 32-33: ten sensitive analyses in nine territories named with their ally in the dataset
    # (Strasbourg's two collectivités share one analysis): the territories with an ally.
    e = g.edges_frame()
    kinds = g.nodes_frame()["kind"]
    s = e[(e.relation == "supports") & (e.context == "programme:territoires-adaptes-au-climat-de-demain")
          & e.target.map(kinds).eq("territory")]
    assert int((doc_scope["tacd"]["allies"].str.len() > 0).sum()) == s.target.nunique()
    # The two definitions of missing links, in the order the page prints them.
    present, official = doc_scope["present"], doc_scope["official"]
    assert len(present.drop_duplicates(["territory", "container"])) < len(official.drop_duplicates(["territory", "container"]))
