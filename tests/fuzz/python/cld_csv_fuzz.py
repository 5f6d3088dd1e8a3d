"""Atheris target of the causal-loop CSV reader (CausalLoopDiagram.from_csv): the input is the
file; a diagram read has a sign in {+, -, ?} on every link and names only its variables."""

from __future__ import annotations

import atheris

with atheris.instrument_imports(include=["maillage"]):
    import maillage  # noqa: F401
    from maillage.systemic import CausalLoopDiagram

from _harness import run, scratch_file

PATH = scratch_file(".csv")


def test(data: bytes) -> None:
    with open(PATH, "wb") as handle:
        handle.write(data)
    cld = CausalLoopDiagram.from_csv(PATH)
    assert set(cld.links["sign"]) <= {"+", "-", "?"}
    assert set(cld.links["source"]) | set(cld.links["target"]) <= set(cld.variables)


if __name__ == "__main__":
    run(test)
