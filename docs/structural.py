"""Runs the examples of docs/structural.md and regenerates its pictures:

    python3 docs/structural.py            # writes docs/structural/*.svg and the outputs into the page
    python3 docs/structural.py --check    # fails when a picture or an output of the page differs

Each ```python block of the page is followed by the ```text block of what it prints; the blocks
run in order in one scope, then every picture is the one-line call shown beside it in the page
(CALLS), evaluated in that scope. tests/python/test_structural_docs.py checks both, byte for byte
for the pictures and word for word for the outputs (column alignment may differ between pandas
versions)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import doc_examples as examples  # noqa: E402

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


def render(scope: dict) -> dict:
    """The pictures of the page: file name → representation, from the examples' scope."""
    return examples.render(CALLS, scope)


def _describe(name: str, rep) -> str:
    stats = rep.label_overlap()
    return (f"{name}: {len(rep.nodes)} nodes, {len(rep.edges)} edges, labels {stats['labels']} shown "
            f"/ {stats['hidden']} hidden, overlap ratio {stats['overlap_ratio']:.4f}")


def main() -> int:
    check = "--check" in sys.argv[1:]
    text = DOC.read_text(encoding="utf-8")
    printed, scope = examples.run(text, str(DOC))
    if check:
        stale = examples.stale_outputs(text, printed)
    else:
        stale = []
        examples.write(DOC, examples.with_outputs(text, printed))
    stale += examples.pictures(render(scope), HERE, check, _describe)
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python3 docs/structural.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
