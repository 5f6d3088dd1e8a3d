"""docs/gallery.md: the committed pictures are what their one-line calls produce, byte for byte,
and the calls shown in the page are the ones docs/gallery.py runs."""

from __future__ import annotations

from pathlib import Path

from helpers import doc_examples, docs_script

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_gallery_pictures_are_up_to_date():
    gallery = docs_script("gallery")
    page = (DOCS / "gallery.md").read_text(encoding="utf-8")
    reps = gallery.render()
    for name in reps:
        assert gallery.CALLS[name] in page, name
        assert f"gallery/{name}" in page, name
    stale = doc_examples().pictures(reps, gallery.HERE, check=True)
    assert not stale, f"{', '.join(stale)} out of date: run python3 docs/gallery.py"
    for rep in reps.values():
        assert rep.label_overlap()["overlap_ratio"] <= 0.01
