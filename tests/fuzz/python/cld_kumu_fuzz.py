"""Atheris target of CausalLoopDiagram.from_kumu, given a file path and, when the input is UTF-8
starting with "{", the JSON text itself: a diagram read has a sign in {+, -, ?} on every link and
names only its variables."""

from __future__ import annotations

import atheris

with atheris.instrument_imports(include=["maillage"]):
    import maillage  # noqa: F401
    from maillage.systemic import CausalLoopDiagram

from _harness import run, scratch_file

PATH = scratch_file(".json")


def check(cld: "CausalLoopDiagram") -> None:
    assert set(cld.links["sign"]) <= {"+", "-", "?"}
    assert set(cld.links["source"]) | set(cld.links["target"]) <= set(cld.variables)


def test(data: bytes) -> None:
    with open(PATH, "wb") as handle:
        handle.write(data)
    check(CausalLoopDiagram.from_kumu(PATH))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    if text.lstrip().startswith("{"):
        check(CausalLoopDiagram.from_kumu(text))


if __name__ == "__main__":
    run(test)
