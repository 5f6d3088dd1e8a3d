"""The notebooks of docs/notebooks run from top to bottom without error (nbclient, ipykernel), so
they cannot rot; their key outputs are checked."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "docs" / "notebooks"


def run(name):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def outputs(cell):
    text = []
    for o in cell.get("outputs", []):
        if "text" in o:
            text.append(o["text"])
        data = o.get("data", {})
        text.append(data.get("text/plain", ""))
        text.append(data.get("text/html", ""))
    return "\n".join(text)


def test_french_tutorial_runs():
    nb = run("fabrique-2024-fr.ipynb")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not any(o.get("output_type") == "error" for o in c.get("outputs", [])) for c in code)
    assert "Barre-des-Cévennes" in outputs(code[1]) or "Barre" in outputs(code[1])
    assert "<svg" in outputs(code[6])  # the actor map, inline
    assert "index.html" in outputs(code[-1]) and "<iframe" in outputs(code[-1])


def test_english_own_data_runs():
    nb = run("own-data-en.ipynb")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "Vimy" in outputs(code[1])
    assert "Pas-de-Calais" in outputs(code[1])
