"""The fabrique-2024 dataset: La Fabrique des transitions' alliance as told in its 2024 report.

The tables are compiled from the hand-curated sources in ``data/fabrique-2024/source`` by
``scripts/build_fabrique_2024.py`` and read by the C++ core
(``maillage::datasets::fabrique_2024``); the data card is in ``docs/datasets.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

from .. import _core
from .._graph import Graph

__all__ = ["fabrique_2024", "fabrique_2024_paths"]

_FILES = ("nodes.csv", "edges.csv", "datapackage.json")


def _package_dirs() -> List[str]:
    """The package's own copy of the data (installed in the wheel under maillage/data/)."""
    return [str(Path(__file__).resolve().parents[1] / "data" / "fabrique-2024")]


def fabrique_2024_paths() -> Tuple[Path, Path, Path]:
    """Paths of the dataset's ``nodes.csv``, ``edges.csv`` and ``datapackage.json`` (its descriptor:
    the dataset is a data package, which :func:`maillage.read` reads from its folder).

    Looked for, in order, in ``$MAILLAGE_FABRIQUE_2024_DIR``, ``$MAILLAGE_DATA_DIR/fabrique-2024``,
    the package's own copy, the source tree's ``data/fabrique-2024`` and the install prefix.
    Raises :class:`maillage.NotFound` listing every place looked.
    """
    folder = Path(_core.find_fabrique_2024(_package_dirs()))
    return tuple(folder / name for name in _FILES)  # type: ignore[return-value]


def fabrique_2024() -> Graph:
    """The alliance of La Fabrique des transitions in 2024, from its report *Bilan 2024*.

    People, organisations, programmes, events, resources and territories, and the ties the
    report states between them, each with the report section in ``provenance``. Territory keys
    are the official ones (``commune:<INSEE>``, ``epci:<SIREN>``, ``ept:<SIREN>``,
    ``departement:<code>``, ``region:<code>``, ``pays:FR``), so the graph joins
    :func:`france_territories`; other groupings are ``petr:``, ``pnr:``, ``scot:``, ``territoire:``
    slugs, and ``pays:CM``.

    Node columns: ``label``, ``type``, ``family`` (elu, agent, etat, socio_economique, allie,
    financeur, media, recherche), ``scale``, ``category`` (programmes), ``role`` and
    ``organisation`` (people), ``start``/``end`` (dates), ``when`` (as written), ``parent``
    (events), ``venue``, ``insee``/``siren``, ``aliases`` and ``figures`` (lists), ``detail``,
    ``page``, ``provenance``. Edge columns: ``weight`` (a count the report gives, else missing),
    ``start``, ``end``, ``context`` (the programme of the tie), ``role``, ``detail``, ``page``,
    ``provenance``. Registers the relation ``produces`` (actor → resource, a directed tie). The
    alliance's totals (465 organisations, 901 people…) are in ``g.metadata``.

    Reads a small data package (two CSV files and their descriptor): a few milliseconds. See ``docs/datasets.md`` for the data card.
    """
    folder = Path(fabrique_2024_paths()[0]).parent
    return Graph(_core.load_fabrique_2024(str(folder)))
