"""docs/models.md: its example runs, and the numbers it quotes are what the code gives."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

import maillage
from maillage import models

PAGE = Path(__file__).resolve().parents[2] / "docs" / "models.md"


def test_worked_example_runs_and_matches_the_text():
    text = PAGE.read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```python\n(.*?)```", text, flags=re.S))
    out = io.StringIO()
    namespace: dict = {}
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(PAGE), "exec"), namespace)
    fit, qap = namespace["fit"], namespace["qap"]
    c = fit.table["coefficient"].round(2)
    assert f"edges {c['edges']:.2f}" in text.replace("−", "-")
    assert f"adjacent.scale {c['adjacent.scale']:.2f}" in text.replace("−", "-")
    assert f"p_greater {qap.loc['same_scale', 'p_greater']:.3f}" in text
    assert f"{qap.loc['scale_gap', 'p_greater']:.3f}" in text
    ties = namespace["ties"]
    assert f"{ties.number_of_nodes()} actors" in text and f"{ties.number_of_edges()} ties" in text


def test_closure_model_on_the_report_network_is_reported_degenerate():
    g = maillage.datasets.fabrique_2024()
    ties = g.view(kinds=["organisation", "territory", "person"], relations=["tie"], directed=False,
                  where={"scale": ("present",)})
    with pytest.raises(maillage.InvalidInput, match="degenerate"):
        models.ergm(ties, "edges + nodematch('scale') + gwesp(0.5)", seed=1, samples=1024, final_samples=4096)
