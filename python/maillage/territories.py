"""Official French territories: place the territories users name in the hierarchy.

``resolve("Vimy")``, ``resolve("62861")``, ``resolve("CA de Lens - Liévin")``,
``resolve("Beaumont (63)")`` or ``resolve("Beaumont", departement="63")`` give the matching
territory of :func:`maillage.datasets.france_territories` with its key, label, scale and
containers; a pandas Series of queries gives a DataFrame. :func:`attach` places the territory nodes
of a user's graph in the official hierarchy (``Graph.from_frames(..., resolve_territories=True)``).

Matching (done by the C++ core, ``maillage::datasets::TerritoryResolver``):

- a **key** (``"commune:62861"``), an **INSEE code** (``"62861"``, ``"2A004"``, ``"974"``; 4- and
  1-digit numbers get their lost leading zero back: ``1001`` is ``"01001"``) or a **SIREN**
  (``"246200364"``, EPCI, EPT and communes);
- else a **name**, compared accent-, case-, apostrophe- and hyphen-insensitively, with
  "St"/"Ste" read as "Saint"/"Sainte" (:func:`normalize`); a trailing ``"(63)"`` is a département
  hint, a trailing ``"(Le)"`` an article (``"Havre (Le)"``); EPCI and EPT also match their name
  without their legal form (``"Grand Annecy"`` for "CA du Grand Annecy") when nothing else does;
- names match current communes and the other territories first; delegated and associated
  communes only when nothing else matches, or when ``kind=`` asks for them;
- ``kind=`` keeps only some territory types (key prefixes: ``commune``, ``commune-deleguee``,
  ``commune-associee``, ``arrondissement``, ``epci``, ``ept``, ``departement``, ``region``,
  ``pays``); ``departement=`` (a code, key or name) keeps the territories lying in or overlapping
  that département;
- nothing left → :class:`maillage.NotFound`; several → :class:`maillage.InvalidInput` listing every
  candidate with its département.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._convert import _default_string_dtype
from ._errors import InvalidInput, NotFound

__all__ = ["Territory", "resolve", "attach", "normalize", "TYPES"]

#: The territory types (key prefixes), lowest scale first.
TYPES: Tuple[str, ...] = tuple(_core.territory_types())

_FOUND, _NOT_FOUND = 0, 1  # status codes of _core.TerritoryResolver.resolve_all
_MATCHED_BY = np.array(["key", "code", "name"], dtype=object)
_COLUMNS = ("key", "label", "type", "scale", "code", "departement", "region", "epci", "containers", "matched_by")


@dataclass(frozen=True)
class Territory:
    """A resolved territory.

    ``key`` ("commune:62861"), ``label`` ("Vimy"), ``type`` (the key prefix: "commune", "epci",
    …), ``scale`` (a scale id: "commune", "epci", "departement", "region", "national"), ``code``
    (INSEE code; SIREN for EPCI and EPT; "FR" for the country), ``departement``, ``region`` and
    ``epci`` (keys of the département, région and EPCI it lies in or is, None when none or not a
    single one), ``containers`` (the keys of every container, lowest scale first) and
    ``matched_by`` ("key", "code" or "name").
    """

    key: str
    label: str
    type: str
    scale: str
    code: str
    departement: Optional[str]
    region: Optional[str]
    epci: Optional[str]
    containers: Tuple[str, ...] = field(default_factory=tuple)
    matched_by: str = "key"

    def to_dict(self) -> Dict[str, Any]:
        """The fields as a dict (``containers`` as a list)."""
        d = asdict(self)
        d["containers"] = list(self.containers)
        return d


def _territory(d: Dict[str, Any]) -> Territory:
    return Territory(
        key=d["key"], label=d["label"], type=d["type"], scale=d["scale"], code=d["code"],
        departement=d["departement"] or None, region=d["region"] or None, epci=d["epci"] or None,
        containers=tuple(d["containers"]), matched_by=d["matched_by"],
    )


@functools.lru_cache(maxsize=1)
def _resolver() -> "_core.TerritoryResolver":
    from .datasets import france_territories

    return _core.TerritoryResolver(france_territories()._g)  # noqa: SLF001


def _kinds(kind: Union[None, str, Iterable[str]]) -> List[str]:
    if kind is None:
        return []
    if isinstance(kind, str):
        return [kind]
    out = list(kind)
    for k in out:
        if not isinstance(k, str):
            raise InvalidInput(f"kind: expected territory types as strings, not {k!r}")
    return out


def _text(value: Any, what: str) -> str:
    """A query or département as text: str as is, integers as their decimal text."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise InvalidInput(f"{what}: expected a name, code or key, not {value!r}")
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    raise InvalidInput(f"{what}: expected a name, code or key, not {value!r}")


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def normalize(name: str) -> str:
    """The form names are compared in: lower case, no accents (œ → oe, æ → ae), apostrophes,
    hyphens and punctuation as single spaces, st/ste as saint/sainte.
    ``normalize("Saint-Étienne") == normalize("ST ETIENNE") == "saint etienne"``."""
    return _core.normalize_territory_name(name)


def resolve(
    query: Any,
    departement: Any = None,
    kind: Union[None, str, Iterable[str]] = None,
    *,
    errors: str = "raise",
) -> Union[Territory, pd.DataFrame]:
    """The official territory a query names (see the module's docstring for the matching rules).

    ``query``: a name, INSEE code, SIREN or key (str; ints are read as codes). Returns a
    :class:`Territory`. Raises :class:`maillage.NotFound` when nothing matches (naming what the
    filters removed) and :class:`maillage.InvalidInput` when several territories match (listing
    them all with their départements; choose with ``departement=`` or ``kind=``).

    Vectorised: ``query`` a pandas Series (or a list) → a DataFrame with the same index and the
    columns ``query``, ``key``, ``label``, ``type``, ``scale``, ``code``, ``departement``,
    ``region``, ``epci`` (keys or missing), ``containers`` (lists of keys) and ``matched_by``.
    ``departement`` may then be a Series or list too (one hint per row, missing = none).
    ``errors="raise"`` raises for the first row that fails (naming it and counting the others);
    ``errors="coerce"`` leaves failed rows missing and adds an ``error`` column with the reason.
    Missing queries stay missing rows. Repeated queries are resolved once. O(total length of
    the queries); 10,000 names take a few milliseconds once the dataset is loaded.
    """
    kinds = _kinds(kind)
    if isinstance(query, (pd.Series, pd.Index, list, tuple, np.ndarray)):
        return _resolve_many(query, departement, kinds, errors)
    if errors not in ("raise", "coerce"):
        raise InvalidInput(f"errors must be 'raise' or 'coerce', not {errors!r}")
    dep = "" if _is_missing(departement) else _text(departement, "departement")
    return _territory(_resolver().resolve(_text(query, "query"), dep, kinds))


def _resolve_many(query: Any, departement: Any, kinds: List[str], errors: str) -> pd.DataFrame:
    if errors not in ("raise", "coerce"):
        raise InvalidInput(f"errors must be 'raise' or 'coerce', not {errors!r}")
    series = query if isinstance(query, pd.Series) else pd.Series(list(query))
    index = series.index
    values = series.to_numpy(dtype=object)
    missing = np.asarray(pd.isna(values), dtype=bool)
    texts = [v if type(v) is str else "" if m else None for v, m in zip(values, missing)]
    for i in (i for i, v in enumerate(texts) if v is None):  # ints and other values: rare
        label = index[i].item() if isinstance(index[i], np.generic) else index[i]
        texts[i] = _text(values[i], f"query row {label!r}")
    hints: List[str] = []
    common = ""
    if isinstance(departement, (pd.Series, list, tuple, np.ndarray)):
        deps = departement.to_numpy(dtype=object) if isinstance(departement, pd.Series) else list(departement)
        if len(deps) != len(texts):
            raise InvalidInput(f"departement: {len(deps)} values for {len(texts)} queries")
        absent = np.asarray(pd.isna(np.asarray(deps, dtype=object)), dtype=bool)
        hints = [d if type(d) is str else "" if a else _text(d, "departement") for d, a in zip(deps, absent)]
    elif not _is_missing(departement):
        common = _text(departement, "departement")
    resolver = _resolver()
    ids, status, matched, messages = resolver.resolve_all(texts, hints, common, kinds)
    failed = np.flatnonzero((status != _FOUND) & ~missing)
    if len(failed) and errors == "raise":
        i = int(failed[0])
        others = len(failed) - 1
        more = (
            f" ({others} more row{'s' if others > 1 else ''} fail{'' if others > 1 else 's'}; "
            "errors='coerce' gives them missing values and an error column)"
            if others else ""
        )
        label = index[i].item() if isinstance(index[i], np.generic) else index[i]
        message = f"row {label!r}: {messages[i]}{more}"
        raise (NotFound if status[i] == _NOT_FOUND else InvalidInput)(message)
    # Records of the distinct territories found, spread over the rows.
    found = ids >= 0
    unique, inverse = np.unique(ids[found], return_inverse=True)
    records = resolver.territory_columns(unique.tolist())
    n = len(values)
    sdtype = _default_string_dtype()
    columns: Dict[str, pd.Series] = {"query": pd.Series(values, index=index, dtype=object)}
    for name in _COLUMNS:
        full = np.full(n, None, dtype=object)
        if name == "matched_by":
            full[found] = _MATCHED_BY[matched[found]]
        elif name == "containers":  # one list per row, not shared between rows
            lists = records[name]
            for row, k in zip(np.flatnonzero(found), inverse):
                full[row] = list(lists[k])
        else:
            full[found] = np.array(records[name], dtype=object)[inverse]
        columns[name] = pd.Series(full, index=index, dtype=object if name == "containers" else sdtype)
    frame = pd.DataFrame(columns, index=index, copy=False)
    if errors == "coerce":
        error = np.full(n, None, dtype=object)
        bad = (status != _FOUND) & ~missing
        error[bad] = np.array(messages, dtype=object)[bad]
        frame["error"] = pd.Series(error, index=index, dtype=object)
    return frame


def attach(graph: "Graph", *, provenance: str = "france-territories", positions: bool = True) -> "Graph":  # noqa: F821
    """A copy of ``graph`` whose ``territory`` nodes sit in the official hierarchy.

    A territory node whose key is an official one (``region:03``, ``departement:63``,
    ``commune:63032``) is matched on that key first; the others are resolved by their ``insee``
    attribute, else their ``siren``, else their key, else their label (``departement`` attribute,
    if any, as a hint). Each gains ``official_key``, and
    ``label`` and ``scale`` when it had none; the official containers it needs are added
    (``commune:…``, ``epci:…``, ``departement:…``, ``region:…``, ``pays:FR``, with ``label``,
    ``scale`` and ``official_key``) with the part_of edges to them (``provenance`` attribute). A
    user node standing for an official territory is used in its place. Keys of other groupings and
    places abroad (``pnr:``, ``petr:``, ``scot:``, ``territoire:``, ``pays:`` other than FR) are
    left alone. Raises :class:`maillage.InvalidInput` listing every territory node that could not
    be placed. Join ``france_territories().nodes_frame()`` on ``official_key`` for population and
    codes. With ``positions`` (the default), every node with a known place also gets ``lon``,
    ``lat`` (degrees), ``x``, ``y`` (metres) and ``crs`` (the official projected system of ``x``,
    ``y``: EPSG:2154 Lambert-93, or the UTM system of an overseas département), from
    :func:`maillage.datasets.france_geography`; a graph that already has one of those columns keeps
    its own and gets none.
    """
    from ._graph import Graph

    if not isinstance(graph, Graph):
        raise TypeError(f"expected a maillage.Graph, not {type(graph).__name__}")
    attached = _core.attach_territories(graph._g, _resolver(), provenance)  # noqa: SLF001
    if positions and not {"lon", "lat", "x", "y", "crs"} & set(graph.nodes_frame().columns):
        from .datasets import france_geography

        attached = _core.add_positions(attached, france_geography()._core)
    return Graph(attached)
