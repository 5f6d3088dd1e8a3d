"""Atheris target of the Kumu blueprint import (maillage.read(..., format="kumu"), _kumu.read_kumu):
the input is the file; a graph read must list one node per element."""

from __future__ import annotations

import atheris

with atheris.instrument_imports(include=["maillage"]):
    import maillage

from _harness import run, scratch_file

PATH = scratch_file(".json")


def test(data: bytes) -> None:
    with open(PATH, "wb") as handle:
        handle.write(data)
    g = maillage.read(PATH, format="kumu")
    assert g.number_of_nodes() == len(g.nodes_frame())
    assert g.number_of_edges() == len(g.edges_frame())


if __name__ == "__main__":
    run(test)
