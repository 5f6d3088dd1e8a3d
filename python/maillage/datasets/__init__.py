"""Datasets that ship with maillage."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Tuple

from .._io import read_csv
from .._errors import NotFound
from .._graph import Graph

__all__ = ["example", "example_paths", "france_territories", "france_territories_path"]


def example_paths() -> Tuple[Path, Path]:
    """Paths of the example node and edge CSV files (a small slice of the alliance, illustrative).

    Looked for in the installed package, then in the source tree's ``examples/data``.
    """
    here = Path(__file__).resolve().parent
    candidates = [here / "example", here.parents[2] / "examples" / "data"]
    override: Optional[str] = os.environ.get("MAILLAGE_EXAMPLE_DIR")
    if override:
        candidates.insert(0, Path(override))
    for folder in candidates:
        nodes, edges = folder / "nodes.csv", folder / "edges.csv"
        if nodes.is_file() and edges.is_file():
            return nodes, edges
    raise NotFound("example dataset not found; looked in: " + ", ".join(str(c) for c in candidates))


def example() -> Graph:
    """The example graph (``examples/data``): a small, illustrative slice of the alliance."""
    nodes, edges = example_paths()
    graph = read_csv(nodes, edges, progress=False)
    return graph


# ---------------------------------------------------------------- france-territories

import functools as _functools  # noqa: E402


def _package_data_dirs() -> list[str]:
    """The package's own copy of the data (installed in the wheel under maillage/data/)."""
    return [str(Path(__file__).resolve().parents[1] / "data" / "france-territories")]


def france_territories_path() -> Path:
    """Path of the france-territories data file (territories.tsv.gz), found by the C++ core in:
    ``$MAILLAGE_FRANCE_TERRITORIES_DIR``, ``$MAILLAGE_DATA_DIR/france-territories``, the package's
    own copy, the source tree, the install prefix. Raises :class:`maillage.NotFound` listing them."""
    from .. import _core

    return Path(_core.find_france_territories(_package_data_dirs()))


@_functools.lru_cache(maxsize=1)
def _france_territories_cached() -> Graph:
    from .. import _core

    return Graph(_core.load_france_territories(str(france_territories_path())))


def france_territories() -> Graph:
    """The official French territorial hierarchy (Etalab's decoupage-administratif: INSEE's Code
    officiel géographique and the DGCL's intercommunalities; MIT licence).

    38,992 territory nodes keyed ``pays:FR``, ``region:<INSEE>``, ``departement:<INSEE>``,
    ``epci:<SIREN>``, ``ept:<SIREN>``, ``commune:<INSEE>``, ``arrondissement:<INSEE>``,
    ``commune-deleguee:<INSEE>``, ``commune-associee:<INSEE>``, with ``label``, ``scale``, ``type``
    (the key prefix), ``insee``, ``siren``, ``nature`` (EPCI legal form), ``population``, ``zone``
    (metro, drom, com), ``departement`` and ``region`` (codes), and 74,002 ``part_of`` edges: a
    commune is part of its EPCI (and EPT) and its département; an EPCI of its département when all
    its communes lie in it, else of its région (or of ``pays:FR`` when it spans régions);
    départements of régions; régions of ``pays:FR``. See ``docs/datasets.md``.

    Loaded once per process (about 0.1–0.2 s) and shared: the Graph is immutable.
    """
    return _france_territories_cached()

from ._fabrique import fabrique_2024, fabrique_2024_paths  # noqa: E402  (the fabrique-2024 dataset)
__all__ += ["fabrique_2024", "fabrique_2024_paths"]

from ._geography import FranceGeography, france_geography, france_geography_path, project  # noqa: E402
__all__ += ["FranceGeography", "france_geography", "france_geography_path", "project"]
