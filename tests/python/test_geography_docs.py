"""The examples of docs/geography.md run and print exactly the output the page shows, and the
page's two maps are the committed pictures byte for byte. Regenerate after a change with
``python3 docs/doc_examples.py docs/geography.md`` and
``python3 tests/python/test_geography_docs.py`` (writes docs/geography/*.svg)."""

from __future__ import annotations

import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "geography.md"
PICTURES = {"fabrique_2024_by_programme.svg": "by_programme",
            "fabrique_2024_per_departement.svg": "per_departement"}


def _pictures(scope, check):
    sys.path.insert(0, str(DOC.parent))
    from doc_examples import pictures

    return pictures({name: scope[var] for name, var in PICTURES.items()}, DOC.parent / "geography", check)


def test_examples_print_the_documented_output(doc_page):
    stale = doc_page[0]
    assert not stale, f"docs/geography.md is out of date ({', '.join(stale)}): run python3 docs/doc_examples.py docs/geography.md"


def test_pictures_are_current(doc_scope):
    stale = _pictures(doc_scope, check=True)
    assert not stale, f"stale pictures {stale}: run python3 tests/python/test_geography_docs.py"


def test_documented_maps_have_no_label_overlap(doc_scope):
    for var in PICTURES.values():
        assert doc_scope[var].label_overlap()["overlapping_pairs"] == 0


if __name__ == "__main__":
    sys.path.insert(0, str(DOC.parent))
    from doc_examples import run

    _printed, scope = run(DOC.read_text(encoding="utf-8"), str(DOC))
    _pictures(scope, check=False)
