"""Runs the examples of a documentation page and keeps its printed outputs and pictures current.

    python3 docs/doc_examples.py docs/brokerage.md            # writes the outputs into the page
    python3 docs/doc_examples.py docs/brokerage.md --check    # fails when an output differs

An example is a ```python block followed by "Output…:" and the ```text block of what it prints;
the examples of a page run in order in one scope. Outputs are compared word for word (column
alignment may differ between pandas versions); pictures byte for byte. The page tests
(tests/python/test_*_docs.py) and docs/structural.py, docs/gallery.py use these functions."""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path
from typing import Callable, Dict, List, Tuple

_EXAMPLE = re.compile(r"```python\n(.*?)```\n\nOutput[^\n]*:\n\n```text\n(.*?)```", re.S)


def examples(text: str) -> List[Tuple[str, str, Tuple[int, int]]]:
    """(code, documented output, span of that output in the text) of every example, in order."""
    return [(m.group(1), m.group(2), m.span(2)) for m in _EXAMPLE.finditer(text)]


def run(text: str, source: str) -> Tuple[List[str], dict]:
    """Runs the examples in one scope: (what each prints, the scope)."""
    scope: dict = {}
    printed = []
    for code, _output, _span in examples(text):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, source, "exec"), scope)  # noqa: S102
        printed.append(buffer.getvalue())
    return printed, scope


def stale_outputs(text: str, printed: List[str]) -> List[str]:
    """The examples whose printed output differs, word for word, from the page's."""
    return [f"output of example {k + 1}" for k, (out, (_code, output, _span)) in enumerate(zip(printed, examples(text)))
            if out.split() != output.split()]


def with_outputs(text: str, printed: List[str]) -> str:
    """The page with each example's output replaced by what it printed."""
    for out, (_code, _output, (start, end)) in reversed(list(zip(printed, examples(text)))):
        text = text[:start] + out + text[end:]
    return text


def write(path: Path, text: str) -> None:
    """Writes `text` to `path` whole or not at all (a temporary file beside it, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def render(calls: Dict[str, str], scope: dict) -> Dict[str, object]:
    """Evaluates each one-line call (file name → call) in a copy of `scope`: name → representation."""
    return {name: eval(call, dict(scope)) for name, call in calls.items()}  # noqa: S307


def pictures(reps: Dict[str, object], folder: Path, check: bool,
             describe: Callable[[str, object], str] = lambda name, rep: name) -> List[str]:
    """Writes each representation's SVG into `folder` (or, with `check`, compares it byte for
    byte with the committed file): the names of the stale pictures."""
    stale = []
    for name, rep in reps.items():
        path = folder / name
        svg = rep.to_svg()
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != svg:
                stale.append(name)
        else:
            write(path, svg)
            print(describe(name, rep))
    return stale


def main(argv: List[str]) -> int:
    paths = [a for a in argv if not a.startswith("--")]
    if len(paths) != 1:
        print("usage: python3 docs/doc_examples.py PAGE.md [--check]", file=sys.stderr)
        return 2
    page = Path(paths[0])
    text = page.read_text(encoding="utf-8")
    printed, _scope = run(text, str(page))
    if "--check" in argv:
        stale = stale_outputs(text, printed)
        if stale:
            print(f"{page}: out of date: " + ", ".join(stale) + f" (run python3 docs/doc_examples.py {page})", file=sys.stderr)
            return 1
        return 0
    write(page, with_outputs(text, printed))
    print(f"wrote the outputs of {len(printed)} examples into {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
