"""Runs the examples of docs/structural.md and regenerates its pictures:

    python3 docs/structural.py            # writes docs/structural/*.svg and the outputs into the page
    python3 docs/structural.py --check    # fails when a picture or an output of the page differs

Each ```python block of the page is followed by the ```text block of what it prints; the blocks
run in order in one scope, then every picture is the one-line call shown beside it in the page
(CALLS), evaluated in that scope. tests/python/test_structural_docs.py checks both, byte for byte
for the pictures and word for word for the outputs (column alignment may differ between pandas
versions)."""

from __future__ import annotations

import contextlib
import io
import re
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parent / "structural.md"
HERE = Path(__file__).resolve().parent / "structural"

#: file name → the call that makes it (evaluated in the scope of the page's examples).
CALLS = {
    "micmac_plane_direct.svg": 'mm.plane("direct")',
    "micmac_plane_indirect.svg": 'mm.plane("indirect")',
    "micmac_influence_graph.svg": "mm.influence_graph(threshold=2)",
    "mactor_plane.svg": "ma.plane()",
    "mactor_convergences.svg": "ma.convergence_graph(2, threshold=4)",
    "mactor_divergences.svg": "ma.divergence_graph(2)",
    "cld_sambuy.svg": "cld.representation()",
}

_PAIR = re.compile(r"```python\n(.*?)```\n\nOutput:\n\n```text\n(.*?)```", re.S)


def blocks(text: str):
    """(code, output, span of the output) of every example of the page, in order."""
    return [(m.group(1), m.group(2), m.span(2)) for m in _PAIR.finditer(text)]


def run(text: str):
    """Runs the examples in one scope: (printed output of each block, scope)."""
    scope: dict = {}
    printed = []
    for code, _output, _span in blocks(text):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, str(DOC), "exec"), scope)  # noqa: S102
        printed.append(buffer.getvalue())
    return printed, scope


def render(scope: dict) -> dict:
    return {name: eval(call, dict(scope)) for name, call in CALLS.items()}  # noqa: S307


def main() -> int:
    check = "--check" in sys.argv[1:]
    text = DOC.read_text(encoding="utf-8")
    printed, scope = run(text)
    stale = []
    found = blocks(text)
    if check:
        for k, (out, (_code, output, _span)) in enumerate(zip(printed, found)):
            if out.split() != output.split():
                stale.append(f"output of example {k + 1}")
    else:
        for out, (_code, _output, (start, end)) in reversed(list(zip(printed, found))):
            text = text[:start] + out + text[end:]
        DOC.write_text(text, encoding="utf-8")
    for name, rep in render(scope).items():
        path = HERE / name
        svg = rep.to_svg()
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != svg:
                stale.append(name)
        else:
            HERE.mkdir(exist_ok=True)
            path.write_text(svg, encoding="utf-8")
            stats = rep.label_overlap()
            print(f"{name}: {len(rep.nodes)} nodes, {len(rep.edges)} edges, labels {stats['labels']} shown "
                  f"/ {stats['hidden']} hidden, overlap ratio {stats['overlap_ratio']:.4f}")
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python3 docs/structural.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
