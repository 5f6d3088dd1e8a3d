"""docs/gallery.md: the committed pictures are what their one-line calls produce, byte for byte,
and the calls shown in the page are the ones docs/gallery.py runs."""

from __future__ import annotations

from pathlib import Path

from helpers import docs_script

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _gallery():
    return docs_script("gallery")


def test_gallery_pictures_are_up_to_date():
    gallery = _gallery()
    page = (DOCS / "gallery.md").read_text(encoding="utf-8")
    for name, rep in gallery.render().items():
        assert gallery.CALLS[name] in page, name
        assert f"gallery/{name}" in page, name
        committed = (gallery.HERE / name).read_text(encoding="utf-8")
        assert committed == rep.to_svg(), f"{name} is out of date: run python3 docs/gallery.py"
        stats = rep.label_overlap()
        assert stats["overlap_ratio"] <= 0.01
