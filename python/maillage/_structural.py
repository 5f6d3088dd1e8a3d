"""Structural analysis of systems (Godet's prospective toolbox and system dynamics): MICMAC, MACTOR
and causal loop diagrams. The arithmetic runs in the C++ core (``include/maillage/systemic/
{micmac,mactor,loops}.hpp``); this module reads and checks the inputs, builds the pandas results
and draws the pictures as :class:`maillage.systemic.Representation` objects.

Formulas, tie rule, thresholds and variants: docs/api-contract.md, "Structural analysis"."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _convert as cv
from . import _core
from ._errors import InvalidInput, NotFound
from ._progress import resolve_progress

__all__ = [
    "micmac",
    "MicmacResult",
    "mactor",
    "MactorResult",
    "causal_loop_diagram",
    "CausalLoopDiagram",
    "mid_from_graph",
    "causal_loop_diagram_from_graph",
    "MICMAC_CLASSES",
]

#: Classes of the influence–dependence plane, with the labels the pictures show.
MICMAC_CLASSES = {
    "influential": "motrices (influentes)",
    "relay": "relais (enjeux)",
    "dependent": "dépendantes (résultats)",
    "autonomous": "autonomes",
    "regulating": "régulatrices",
}
_CLASS_COLOURS = {
    "influential": "#C0392B",
    "relay": "#8E44AD",
    "dependent": "#2E86C1",
    "autonomous": "#7F8C8D",
    "regulating": "#D68910",
}
_LEVELS = ("direct", "indirect", "potential_direct", "potential_indirect")
_LEVEL_LABELS = {"direct": "directe", "indirect": "indirecte", "potential_direct": "directe potentielle",
                 "potential_indirect": "indirecte potentielle"}

# Canvas of the pictures (A4 landscape at 96 dpi) and the plot area of the planes.
_W, _H = 1123.0, 794.0
_LEFT, _RIGHT, _TOP, _BOTTOM = 100.0, 880.0, 70.0, 720.0


def _fmt(value: float, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _names(names: Optional[Sequence[Any]], n: int, what: str) -> List[str]:
    out = [str(x) for x in names] if names is not None else [str(i) for i in range(n)]
    if len(out) != n:
        raise InvalidInput(f"{what}: {len(out)} names for {n} rows")
    seen = set()
    for name in out:
        if name in seen:
            raise InvalidInput(f"{what}: duplicate name {name!r}")
        seen.add(name)
    return out


def _frame_cells(matrix: Any, names: Optional[Sequence[Any]], what: str,
                 columns: Optional[Sequence[Any]] = None, square: bool = True) -> Tuple[np.ndarray, List[str], List[str]]:
    """Cells (object array), row names and column names of a DataFrame, array or nested list."""
    if isinstance(matrix, pd.DataFrame):
        rows = [str(x) for x in matrix.index] if names is None else _names(names, len(matrix.index), what)
        cols = [str(x) for x in matrix.columns]
        if square:
            if columns is None and names is None and set(cols) != set(rows):
                missing = sorted(set(rows) ^ set(cols))
                raise InvalidInput(f"{what}: the rows and columns must name the same variables; "
                                   f"{missing[0]!r} is not in both")
            if names is None and cols != rows:
                matrix = matrix.loc[:, [c for c in matrix.columns if str(c) in set(rows)]]
                order = {str(c): c for c in matrix.columns}
                matrix = matrix[[order[r] for r in rows]]
                cols = list(rows)
            elif names is not None:
                cols = list(rows)
        elif columns is not None:
            cols = _names(columns, len(cols), what + " columns")
        cells = matrix.to_numpy(dtype=object)
        if square and cells.shape[0] != cells.shape[1]:
            raise InvalidInput(f"{what} must be square, not {cells.shape[0]} × {cells.shape[1]}")
        return cells, rows, cols
    cells = np.array(matrix, dtype=object)
    if cells.ndim != 2:
        raise InvalidInput(f"{what} must be a 2-D table (DataFrame, array or list of rows)")
    if square and cells.shape[0] != cells.shape[1]:
        raise InvalidInput(f"{what} must be square, not {cells.shape[0]} × {cells.shape[1]}")
    rows = _names(names, cells.shape[0], what)
    if square:
        cols = list(rows)
    else:
        cols = _names(columns, cells.shape[1], what + " columns")
    return cells, rows, cols


def _number(cell: Any, what: str, row: str, col: str, expected: str) -> float:
    if isinstance(cell, (bool, np.bool_)):
        raise InvalidInput(f"{what} row {row!r}, column {col!r}: {cell!r} is not {expected}")
    if isinstance(cell, (int, float, np.integer, np.floating)):
        value = float(cell)
        if math.isnan(value):
            raise InvalidInput(f"{what} row {row!r}, column {col!r}: missing value (expected {expected})")
        return value
    if isinstance(cell, str):
        text = cell.strip().replace("−", "-")
        try:
            return float(int(text))
        except ValueError:
            pass
    if cell is None:
        raise InvalidInput(f"{what} row {row!r}, column {col!r}: missing value (expected {expected})")
    raise InvalidInput(f"{what} row {row!r}, column {col!r}: {cell!r} is not {expected}")


def _frame(values: np.ndarray, rows: Sequence[str], cols: Sequence[str], index: str, columns: str) -> pd.DataFrame:
    frame = pd.DataFrame(np.asarray(values, dtype=float), index=pd.Index(list(rows), name=index),
                         columns=pd.Index(list(cols), name=columns))
    return frame


# --------------------------------------------------------------------------------------- pictures
def _rep(data: Dict[str, Any]):
    from .systemic import Representation

    rep = Representation(data)
    return rep.place_labels()


def _plane_data(keys: Sequence[str], labels: Sequence[str], x: np.ndarray, y: np.ndarray, cut_x: float, cut_y: float,
                x_label: str, y_label: str, title: str) -> Dict[str, Any]:
    """Nodes at (x, y) on the plot area, axes from 0, the two cut lines (thin rectangles)."""
    xmax = float(np.nanmax(x)) if len(x) and np.isfinite(np.nanmax(x)) and np.nanmax(x) > 0 else 1.0
    ymax = float(np.nanmax(y)) if len(y) and np.isfinite(np.nanmax(y)) and np.nanmax(y) > 0 else 1.0
    xmax *= 1.08
    ymax *= 1.08

    def px(v: float) -> float:
        return _LEFT + (0.0 if not np.isfinite(v) else v) / xmax * (_RIGHT - _LEFT)

    def py(v: float) -> float:
        return _BOTTOM - (0.0 if not np.isfinite(v) else v) / ymax * (_BOTTOM - _TOP)

    ticks_x = [[t / 4, _fmt(xmax * t / 4)] for t in range(1, 5)]
    ticks_y = [[t / 4, _fmt(ymax * t / 4)] for t in range(1, 5)]
    cx, cy = px(cut_x), py(cut_y)
    rects = [
        {"x": cx, "y": _TOP, "width": _RIGHT - cx, "height": cy - _TOP, "fill": "#8E44AD", "opacity": 0.05,
         "label": "relais"},
        {"x": _LEFT, "y": _TOP, "width": cx - _LEFT, "height": cy - _TOP, "fill": "#C0392B", "opacity": 0.05,
         "label": "motrices"},
        {"x": cx, "y": cy, "width": _RIGHT - cx, "height": _BOTTOM - cy, "fill": "#2E86C1", "opacity": 0.05,
         "label": "dépendantes"},
        {"x": cx - 0.5, "y": _TOP, "width": 1, "height": _BOTTOM - _TOP, "fill": "#999999", "opacity": 1,
         "label": f"coupure {_fmt(cut_x)}"},
        {"x": _LEFT, "y": cy - 0.5, "width": _RIGHT - _LEFT, "height": 1, "fill": "#999999", "opacity": 1,
         "label": f"coupure {_fmt(cut_y)}"},
    ]
    nodes = []
    points = [(round(px(float(xv)), 6), round(py(float(yv)), 6)) for xv, yv in zip(x, y)]
    together: Dict[Tuple[float, float], List[int]] = {}
    for k, point in enumerate(points):
        together.setdefault(point, []).append(k)
    spread = False
    for key, label, k in zip(keys, labels, range(len(points))):
        cx, cy = points[k]
        group = together[points[k]]
        if len(group) > 1:  # coincident points: spread on a small circle so each stays visible
            spread = True
            angle = 2 * math.pi * group.index(k) / len(group)
            cx, cy = cx + 9 * math.sin(angle), cy - 9 * math.cos(angle)
        nodes.append({"key": key, "label": label, "x": cx, "y": cy, "size": 6, "label_x": cx + 8, "label_y": cy + 4})
    return {
        "notes": ["Points confondus écartés de 9 unités autour de leur position."] if spread else [],
        "title": title,
        "width": _W,
        "height": _H,
        "nodes": nodes,
        "axes": [
            {"x1": _LEFT, "y1": _BOTTOM, "x2": _RIGHT + 20, "y2": _BOTTOM, "label": x_label, "ticks": ticks_x},
            {"x1": _LEFT, "y1": _BOTTOM, "x2": _LEFT, "y2": _TOP - 20, "label": "", "ticks": []},
        ],
        "rects": rects,
        "annotations": [
            {"x": _LEFT + 6, "y": _TOP - 26, "text": y_label, "anchor": "start", "font_size": 11},
            {"x": _LEFT + 8, "y": _TOP + 16, "text": "motrices", "anchor": "start", "font_size": 12,
             "colour": "#C0392B"},
            {"x": _RIGHT - 8, "y": _TOP + 16, "text": "relais", "anchor": "end", "font_size": 12, "colour": "#8E44AD"},
            {"x": _RIGHT - 8, "y": _BOTTOM - 26, "text": "dépendantes", "anchor": "end", "font_size": 12,
             "colour": "#2E86C1"},
            {"x": _LEFT + 8, "y": _BOTTOM - 26, "text": "autonomes", "anchor": "start", "font_size": 12,
             "colour": "#7F8C8D"},
        ] + [{"x": _LEFT - 6, "y": py(ymax * t / 4) + 4, "text": _fmt(ymax * t / 4), "anchor": "end",
              "font_size": 10} for t in range(1, 5)],
    }


def _circle(n: int, cx: float = 400.0, cy: float = 420.0, radius: float = 300.0) -> List[Tuple[float, float]]:
    """Positions on a circle, the first at the top, clockwise."""
    if n == 1:
        return [(cx, cy)]
    return [(cx + radius * math.sin(2 * math.pi * i / n), cy - radius * math.cos(2 * math.pi * i / n))
            for i in range(n)]


# ------------------------------------------------------------------------------------------ MICMAC
def _micmac_cells(matrix: Any, names: Optional[Sequence[Any]], potential: Any) -> Tuple[np.ndarray, np.ndarray, List[str]]:
    cells, rows, cols = _frame_cells(matrix, names, "matrix")
    n = len(rows)
    values = np.zeros((n, n))
    mask = np.zeros((n, n))
    fast = None
    if not any(isinstance(x, (str, bool, np.bool_)) or x is None for x in cells.flat):
        try:
            fast = cells.astype(float)
        except (TypeError, ValueError):
            fast = None
    if fast is not None and not np.isnan(fast).any():
        values = fast  # numbers only: their range and the diagonal are checked in the core, naming the cell
    else:
        fast = None
    for i in range(n if fast is None else 0):
        for j in range(n):
            cell = cells[i, j]
            if isinstance(cell, str) and cell.strip().upper() == "P":
                mask[i, j] = 1
                continue
            values[i, j] = _number(cell, "MICMAC matrix", rows[i], cols[j], "an influence (0, 1, 2, 3 or P)")
    if potential is not None:
        if isinstance(potential, pd.DataFrame):
            frame = potential.copy()
            frame.index = [str(x) for x in frame.index]
            frame.columns = [str(x) for x in frame.columns]
            if set(frame.index) != set(rows) or set(frame.columns) != set(rows):
                raise InvalidInput("potential: the rows and columns must name the variables of the matrix")
            pcells = frame.loc[rows, rows].to_numpy(dtype=object)
        else:
            pcells = np.array(potential, dtype=object)
        if pcells.shape != (n, n):
            raise InvalidInput(f"potential must be {n} × {n}, not {' × '.join(str(d) for d in pcells.shape)}")
        pvalues = np.zeros((n, n))
        for i in range(n):
            for j in range(n):
                pvalues[i, j] = _number(pcells[i, j], "MICMAC potential", rows[i], rows[j], "0 or 1")
        mask = np.where(mask == 1, np.where(pvalues == 0, 1, pvalues), pvalues)
    return values, mask, rows


class MicmacResult:
    """The result of :func:`micmac`. DataFrames are indexed by variable name in input order.

    ``direct``, ``indirect``, ``potential_direct``, ``potential_indirect``: columns ``influence``,
    ``dependence`` (row and column sums of M^k, raw, in double precision), ``influence_rank``,
    ``dependence_rank`` (1 = most; the tie rule of docs/api-contract.md), ``influence_share``,
    ``dependence_share`` (value / total). ``power`` and ``converged`` (actual analysis),
    ``potential_power`` and ``potential_converged``; ``classification`` (one column per level),
    ``displacement``; ``indirect_matrix`` / ``potential_indirect_matrix`` (M^power); pictures
    :meth:`plane` and :meth:`influence_graph`."""

    def __init__(self, raw: Dict[str, Any], names: List[str], matrix: np.ndarray, mask: np.ndarray,
                 options: Dict[str, Any]) -> None:
        self.names = list(names)
        self.options = dict(options)
        self.matrix = _frame(matrix, names, names, "variable", "influenced")
        self.potential_mask = _frame(mask, names, names, "variable", "influenced")
        potential = matrix + mask * options["p_value"]
        self.potential_matrix = _frame(potential, names, names, "variable", "influenced")
        a, p = raw["actual"], raw["potential"]
        self.direct = self._scores(a["direct"])
        self.indirect = self._scores(a["indirect"])
        self.potential_direct = self._scores(p["direct"])
        self.potential_indirect = self._scores(p["indirect"])
        self.power = int(a["power"])
        self.converged = bool(a["converged"])
        self.potential_power = int(p["power"])
        self.potential_converged = bool(p["converged"])
        self.indirect_matrix = _frame(a["indirect_matrix"], names, names, "variable", "influenced")
        self.potential_indirect_matrix = _frame(p["indirect_matrix"], names, names, "variable", "influenced")
        index = pd.Index(names, name="variable")
        self.classification = pd.DataFrame({
            "direct": list(a["direct_class"]), "indirect": list(a["indirect_class"]),
            "potential_direct": list(p["direct_class"]), "potential_indirect": list(p["indirect_class"]),
        }, index=index)
        d, i = self.direct, self.indirect
        self.displacement = pd.DataFrame({
            "direct_influence_rank": d["influence_rank"], "indirect_influence_rank": i["influence_rank"],
            "influence_shift": d["influence_rank"] - i["influence_rank"],
            "direct_dependence_rank": d["dependence_rank"], "indirect_dependence_rank": i["dependence_rank"],
            "dependence_shift": d["dependence_rank"] - i["dependence_rank"],
        }, index=index)

    def _scores(self, s: Dict[str, Any]) -> pd.DataFrame:
        return pd.DataFrame({
            "influence": np.asarray(s["influence"], dtype=float),
            "dependence": np.asarray(s["dependence"], dtype=float),
            "influence_rank": np.asarray(s["influence_rank"], dtype=np.int64),
            "dependence_rank": np.asarray(s["dependence_rank"], dtype=np.int64),
            "influence_share": np.asarray(s["influence_share"], dtype=float),
            "dependence_share": np.asarray(s["dependence_share"], dtype=float),
        }, index=pd.Index(self.names, name="variable"))

    def level(self, level: str) -> pd.DataFrame:
        """The scores of ``level``: "direct", "indirect", "potential_direct" or "potential_indirect"."""
        if level not in _LEVELS:
            raise InvalidInput(f"unknown level {level!r} (expected one of {', '.join(_LEVELS)})")
        return getattr(self, level)

    def __repr__(self) -> str:
        state = "stable" if self.converged else "not stable"
        return f"<MicmacResult: {len(self.names)} variables, power {self.power} ({state})>"

    def _cut(self, values: np.ndarray) -> float:
        values = values[~np.isnan(values)]
        if not len(values):
            return 0.0
        return float(np.mean(values) if self.options["cut"] == "mean" else np.median(values))

    def plane(self, level: str = "indirect", *, labels: Optional[Dict[str, str]] = None,
              title: Optional[str] = None):
        """The influence–dependence plane of ``level`` as a Representation: x = dependence share,
        y = influence share, the plane cut at the mean (or median) shares, variables coloured by
        class (``classification[level]``), quadrants named."""
        scores = self.level(level)
        classes = self.classification[level]
        x = scores["dependence_share"].to_numpy()
        y = scores["influence_share"].to_numpy()
        labels = labels or {}
        data = _plane_data(self.names, [labels.get(k, k) for k in self.names], x, y, self._cut(x), self._cut(y),
                           "dépendance (part)", "influence (part)",
                           title or f"MICMAC — plan influence–dépendance ({_LEVEL_LABELS[level]})")
        for node, key in zip(data["nodes"], self.names):
            c = classes[key]
            node.update({"kind": "variable", "group": c, "role": c, "colour": _CLASS_COLOURS[c],
                         "tooltip": [["classe", MICMAC_CLASSES[c]],
                                     ["influence", _fmt(float(scores.at[key, "influence"]), 6)],
                                     ["dépendance", _fmt(float(scores.at[key, "dependence"]), 6)],
                                     ["rang influence", str(int(scores.at[key, "influence_rank"]))],
                                     ["rang dépendance", str(int(scores.at[key, "dependence_rank"]))]]})
        present = [c for c in MICMAC_CLASSES if c in set(classes)]
        data["groups"] = [{"id": c, "label": MICMAC_CLASSES[c], "colour": _CLASS_COLOURS[c]} for c in present]
        data["legend"] = [{"label": MICMAC_CLASSES[c], "symbol": "circle", "colour": _CLASS_COLOURS[c], "group": c}
                          for c in present]
        power = self.potential_power if level.startswith("potential") else self.power
        stable = self.potential_converged if level.startswith("potential") else self.converged
        notes = [f"Coupure : {'moyenne' if self.options['cut'] == 'mean' else 'médiane'} des parts."]
        if level.endswith("indirect"):
            notes.append(f"Puissance M^{power} ({'classements stables' if stable else 'classements non stabilisés'}).")
        data["notes"] = notes + data["notes"]
        data["metadata"] = {"builder": "micmac_plane", "level": level, "power": power if level.endswith("indirect") else 1,
                            "converged": bool(stable), "cut": self.options["cut"]}
        return _rep(data)

    def influence_graph(self, threshold: float = 1, level: str = "direct", *,
                        labels: Optional[Dict[str, str]] = None, title: Optional[str] = None):
        """The graph of influences drawn on the plane of ``level``: an arrow i → j for every
        influence of at least ``threshold`` — on the direct levels the matrix entries (1–3, P
        counting ``p_value`` on the potential one), on the indirect levels the entries of M^power
        divided by the largest one (so ``threshold`` is in 0–1). Width grows with the influence."""
        rep = self.plane(level, labels=labels, title=title or f"MICMAC — graphe des influences ({_LEVEL_LABELS[level]})")
        if level == "direct":
            m = self.matrix.to_numpy()
        elif level == "potential_direct":
            m = self.potential_matrix.to_numpy()
        else:
            m = (self.indirect_matrix if level == "indirect" else self.potential_indirect_matrix).to_numpy().copy()
            top = m.max()
            m = m / top if top > 0 else m
        top = float(m.max()) if m.size else 0.0
        edges = []
        for i, a in enumerate(self.names):
            for j, b in enumerate(self.names):
                v = float(m[i, j])
                if i != j and v > 0 and v >= threshold:
                    share = v / top if top > 0 else 0
                    edges.append({"source": a, "target": b, "relation": "influence", "kind": "influence",
                                  "weight": v, "width": 0.6 + 2.4 * share, "directed": True,
                                  "colour": "#C0392B" if share >= 0.66 else "#555555", "opacity": 0.25 + 0.5 * share,
                                  "tooltip": [["influence", _fmt(v, 4)]]})
        rep.edges = edges
        rep.metadata["builder"] = "micmac_influence_graph"
        rep.metadata["threshold"] = float(threshold)
        rep.notes.append(f"Influences ≥ {_fmt(float(threshold), 4)}" +
                         (" (part du maximum de M^k)." if level.endswith("indirect") else "."))
        return rep


#: The largest power MICMAC computes (C++ micmac_power_limit; docs/api-contract.md).
_POWER_LIMIT = 1000


def micmac(
    matrix: Any,
    names: Optional[Sequence[str]] = None,
    potential: Any = None,
    p_value: float = 3,
    power: Optional[int] = None,
    max_power: int = 20,
    cut: str = "mean",
    *,
    tolerance: float = 1e-9,
    regulating_band: float = 0.25,
    progress: Any = None,
) -> MicmacResult:
    """MICMAC structural analysis (Godet) of a matrix of direct influences.

    ``matrix``: square DataFrame (rows influence columns; index and columns name the variables),
    NumPy array or list of rows (``names`` then names the variables), entries 0 (none), 1 (weak),
    2 (moderate), 3 (strong) or "P" (potential); the diagonal is 0. ``potential``: a separate 0/1
    matrix of potential influences (either way P counts 0 in the actual analysis and ``p_value`` in
    the potential one). Powers M^k are computed in double precision; without ``power`` the rank
    stopping rule runs up to ``max_power`` (``converged`` False when the rankings never settle,
    e.g. for periodic matrices). Ranks: 1 + the number of values larger by more than
    ``tolerance`` (relative). ``cut``: "mean" or "median" of the shares splits the plane;
    "regulating" variables lie within ``regulating_band`` (relative) of both cuts."""
    limit = _POWER_LIMIT
    if power is not None and (isinstance(power, bool) or not isinstance(power, (int, np.integer))
                              or not 1 <= power <= limit):
        raise InvalidInput(f"power must be an integer from 1 to {limit}, not {power!r}")
    if isinstance(max_power, bool) or not isinstance(max_power, (int, np.integer)) or not 2 <= max_power <= limit:
        raise InvalidInput(f"max_power must be an integer from 2 to {limit}, not {max_power!r}")
    if cut not in ("mean", "median"):
        raise InvalidInput(f"unknown cut {cut!r} (expected 'mean' or 'median')")
    values, mask, rows = _micmac_cells(matrix, names, potential)
    raw = _core.structural_micmac(values, mask, rows, float(p_value), None if power is None else int(power),
                                  int(max_power), float(tolerance), cut, float(regulating_band),
                                  resolve_progress(progress))
    return MicmacResult(raw, rows, values, mask, {"p_value": float(p_value), "cut": cut, "tolerance": float(tolerance),
                                                  "regulating_band": float(regulating_band), "max_power": int(max_power)})


# ------------------------------------------------------------------------------------------ MACTOR
class MactorResult:
    """The result of :func:`mactor` (formulas: docs/api-contract.md, "Structural analysis").

    ``mid``, ``midi``, ``mmidi`` (actors × actors); ``influence`` (DataFrame by actor:
    ``direct_influence``, ``direct_dependence`` = row and column sums of MID; ``influence``,
    ``dependence`` = those of MIDI without the diagonal; ``retroaction`` = MIDI_ii; ``r``,
    ``r_star``); ``r``, ``r_star`` (Series); ``mao1``, ``mao2``, ``mao3`` (actors × objectives);
    :meth:`caa` / :meth:`daa` (order 1–3); ``ambivalence`` (columns ``eq1``, ``eq2``, ``eq3``);
    ``mobilisation`` (by objective) and ``actor_mobilisation``; pictures :meth:`plane`,
    :meth:`convergence_graph`, :meth:`divergence_graph`."""

    def __init__(self, raw: Dict[str, Any], actors: List[str], objectives: List[str], balance: str) -> None:
        self.actors = list(actors)
        self.objectives = list(objectives)
        self.balance = balance
        a, o = actors, objectives
        self.midi = _frame(raw["midi"], a, a, "actor", "influenced")
        self.mmidi = _frame(raw["mmidi"], a, a, "actor", "influenced")
        index = pd.Index(a, name="actor")
        self.influence = pd.DataFrame({
            "direct_influence": raw["direct_influence"], "direct_dependence": raw["direct_dependence"],
            "influence": raw["influence"], "dependence": raw["dependence"], "retroaction": raw["retroaction"],
            "r": raw["r"], "r_star": raw["r_star"],
        }, index=index)
        self.r = self.influence["r"].rename("r")
        self.r_star = self.influence["r_star"].rename("r_star")
        self.mao1 = _frame(raw["mao1"], a, o, "actor", "objective")
        self.mao2 = _frame(raw["mao2"], a, o, "actor", "objective")
        self.mao3 = _frame(raw["mao3"], a, o, "actor", "objective")
        self._caa = [_frame(m, a, a, "actor", "other") for m in raw["caa"]]
        self._daa = [_frame(m, a, a, "actor", "other") for m in raw["daa"]]
        self.ambivalence = pd.DataFrame({f"eq{v + 1}": np.asarray(raw["ambivalence"][v], dtype=float) for v in range(3)},
                                        index=index)
        m3 = self.mao3.to_numpy()
        m1 = self.mao1.to_numpy()
        self.mobilisation = pd.DataFrame({
            "support": np.where(m3 > 0, m3, 0).sum(axis=0),
            "opposition": np.where(m3 < 0, m3, 0).sum(axis=0),
            "mobilisation": np.abs(m3).sum(axis=0),
            "for": (m1 > 0).sum(axis=0).astype(np.int64),
            "against": (m1 < 0).sum(axis=0).astype(np.int64),
        }, index=pd.Index(o, name="objective"))
        self.actor_mobilisation = pd.Series(np.abs(m3).sum(axis=1), index=index, name="mobilisation")

    def __repr__(self) -> str:
        return f"<MactorResult: {len(self.actors)} actors, {len(self.objectives)} objectives, balance {self.balance!r}>"

    @staticmethod
    def _order(order: Any) -> int:
        if isinstance(order, bool) or order not in (1, 2, 3):
            raise InvalidInput(f"order must be 1, 2 or 3, not {order!r}")
        return int(order) - 1

    def caa(self, order: int = 2) -> pd.DataFrame:
        """νCAA, the convergences between actors of order ``order`` (1: shared positions counted,
        2: weighted by salience, 3: weighted by salience and balance of power)."""
        return self._caa[self._order(order)].copy()

    def daa(self, order: int = 2) -> pd.DataFrame:
        """νDAA, the divergences between actors of order ``order``."""
        return self._daa[self._order(order)].copy()

    def plane(self, *, labels: Optional[Dict[str, str]] = None, title: Optional[str] = None):
        """The actors' influence–dependence plane (MIDI without the diagonal: x = dependence,
        y = influence, cut at the means), marks sized by r*."""
        x = self.influence["dependence"].to_numpy()
        y = self.influence["influence"].to_numpy()
        labels = labels or {}
        data = _plane_data(self.actors, [labels.get(k, k) for k in self.actors], x, y, float(np.mean(x)),
                           float(np.mean(y)), "dépendance (MIDI)", "influence (MIDI)",
                           title or "MACTOR — plan des influences et dépendances des acteurs")
        data["annotations"] = [a for a in data["annotations"]
                               if a["text"] not in ("motrices", "relais", "dépendantes", "autonomes")]
        data["annotations"] += [
            {"x": _LEFT + 8, "y": _TOP + 16, "text": "dominants", "anchor": "start", "font_size": 12, "colour": "#C0392B"},
            {"x": _RIGHT - 8, "y": _TOP + 16, "text": "relais", "anchor": "end", "font_size": 12, "colour": "#8E44AD"},
            {"x": _RIGHT - 8, "y": _BOTTOM - 26, "text": "dominés", "anchor": "end", "font_size": 12, "colour": "#2E86C1"},
            {"x": _LEFT + 8, "y": _BOTTOM - 26, "text": "autonomes", "anchor": "start", "font_size": 12,
             "colour": "#7F8C8D"},
        ]
        for node, key in zip(data["nodes"], self.actors):
            rs = float(self.r_star[key])
            node.update({"kind": "actor", "group": "actor", "colour": "#1F618D", "shape": "square",
                         "size": 4 + 6 * math.sqrt(max(rs, 0.0)),
                         "tooltip": [["influence", _fmt(float(self.influence.at[key, "influence"]))],
                                     ["dépendance", _fmt(float(self.influence.at[key, "dependence"]))],
                                     ["r*", _fmt(rs)]]})
        data["legend"] = [{"label": "acteur (taille : rapport de force r*)", "symbol": "square", "colour": "#1F618D",
                           "group": "actor"}]
        data["notes"] = [f"Rapport de force : variante {self.balance!r}."] + data["notes"]
        data["metadata"] = {"builder": "mactor_plane", "balance": self.balance}
        return _rep(data)

    def _pair_graph(self, matrix: pd.DataFrame, kind: str, order: int, threshold: float,
                    labels: Optional[Dict[str, str]], title: str):
        colour = "#1E8449" if kind == "convergence" else "#C0392B"
        pos = _circle(len(self.actors))
        labels = labels or {}
        nodes = [{"key": k, "label": labels.get(k, k), "kind": "actor", "group": "actor", "colour": "#1F618D",
                  "shape": "square", "size": 4 + 6 * math.sqrt(max(float(self.r_star[k]), 0.0)), "x": x, "y": y,
                  "tooltip": [["r*", _fmt(float(self.r_star[k]))]]} for k, (x, y) in zip(self.actors, pos)]
        m = matrix.to_numpy()
        top = float(m.max()) if m.size else 0.0
        edges = []
        n = len(self.actors)
        for i in range(n):
            for j in range(i + 1, n):
                v = float(m[i, j])
                if v > 0 and v > threshold:
                    share = v / top if top > 0 else 0
                    edges.append({"source": self.actors[i], "target": self.actors[j], "relation": kind, "kind": kind,
                                  "label": _fmt(v, 2), "weight": v, "width": 0.8 + 5 * share, "colour": colour,
                                  "style": "solid" if kind == "convergence" else "dashed",
                                  "opacity": 0.3 + 0.6 * share, "tooltip": [[kind, _fmt(v, 3)]]})
        data = {"title": title, "width": _W, "height": _H, "nodes": nodes, "edges": edges,
                "legend": [{"label": "acteur (taille : r*)", "symbol": "square", "colour": "#1F618D", "group": "actor"},
                           {"label": f"{'convergence' if kind == 'convergence' else 'divergence'} (ordre {order})",
                            "symbol": "line" if kind == "convergence" else "dashed", "colour": colour}],
                "notes": [f"Liens de valeur > {_fmt(float(threshold), 3)} ; épaisseur proportionnelle à la valeur."],
                "metadata": {"builder": f"mactor_{kind}_graph", "order": order, "threshold": float(threshold)}}
        return _rep(data)

    def convergence_graph(self, order: int = 2, threshold: float = 0, *, labels: Optional[Dict[str, str]] = None,
                          title: Optional[str] = None):
        """The graph of convergences of order ``order``: an edge between two actors whose νCAA is
        above ``threshold``, its width proportional to it; actors on a circle, sized by r*."""
        return self._pair_graph(self.caa(order), "convergence", order, threshold, labels,
                                title or f"MACTOR — convergences entre acteurs (ordre {order})")

    def divergence_graph(self, order: int = 2, threshold: float = 0, *, labels: Optional[Dict[str, str]] = None,
                         title: Optional[str] = None):
        """The graph of divergences of order ``order`` (νDAA above ``threshold``), dashed."""
        return self._pair_graph(self.daa(order), "divergence", order, threshold, labels,
                                title or f"MACTOR — divergences entre acteurs (ordre {order})")


def mactor(
    mid: Any,
    mao: Any,
    actors: Optional[Sequence[str]] = None,
    objectives: Optional[Sequence[str]] = None,
    balance: str = "godet",
) -> MactorResult:
    """MACTOR (Godet): ``mid`` the direct influences of actors on actors (0 none, 1 operating
    procedures, 2 projects, 3 missions, 4 existence; diagonal 0), ``mao`` the actors' positions on
    the objectives (2MAO: −4…+4, sign = for/against, magnitude = salience; pass 1MAO as signs).
    DataFrames name their actors and objectives (MAO's rows must be MID's actors); arrays take
    ``actors`` and ``objectives``. ``balance`` picks the balance-of-power variant: "godet"
    (default), "double_retroaction" or "full"."""
    cells, rows, _cols = _frame_cells(mid, actors, "MID")
    n = len(rows)
    values = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            values[i, j] = _number(cells[i, j], "MID", rows[i], rows[j], "an influence (0 to 4)")
    if isinstance(mao, pd.DataFrame):
        frame = mao.copy()
        frame.index = [str(x) for x in frame.index]
        missing = [a for a in rows if a not in set(frame.index)]
        if missing:
            raise NotFound(f"MAO has no row for actor {missing[0]!r}")
        extra = [a for a in frame.index if a not in set(rows)]
        if extra:
            raise NotFound(f"MAO row {extra[0]!r} is not an actor of MID")
        frame = frame.loc[rows]
        objs = [str(c) for c in frame.columns] if objectives is None else _names(objectives, frame.shape[1], "MAO columns")
        mcells = frame.to_numpy(dtype=object)
    else:
        mcells = np.array(mao, dtype=object)
        if mcells.ndim != 2:
            raise InvalidInput("MAO must be a 2-D table (DataFrame, array or list of rows)")
        if mcells.shape[0] != n:
            raise InvalidInput(f"MAO has {mcells.shape[0]} rows for {n} actors")
        objs = _names(objectives, mcells.shape[1], "MAO columns")
    mvalues = np.zeros(mcells.shape)
    for i in range(mcells.shape[0]):
        for k in range(mcells.shape[1]):
            mvalues[i, k] = _number(mcells[i, k], "MAO", rows[i], objs[k], "a position (an integer from -4 to 4)")
    if balance not in ("godet", "double_retroaction", "full"):
        raise InvalidInput(f"unknown balance {balance!r} (expected 'godet', 'double_retroaction' or 'full')")
    raw = _core.structural_mactor(values, mvalues, rows, objs, balance)
    result = MactorResult(raw, rows, objs, balance)
    result.mid = _frame(values, rows, rows, "actor", "influenced")
    return result


# ----------------------------------------------------------------------------- causal loop diagrams
_SIGNS = {"+": 1, "-": -1, "−": -1, "?": 0, "s": 1, "o": -1, 1: 1, -1: -1, 0: 0}
_SIGN_TEXT = {1: "+", -1: "-", 0: "?"}


def _sign(value: Any, where: str) -> int:
    key = value.strip().lower() if isinstance(value, str) else value
    if isinstance(key, (bool, np.bool_)):
        raise InvalidInput(f"{where}: sign {value!r} is not '+', '-' or '?'")
    if isinstance(key, (float, np.floating)) and float(key).is_integer():
        key = int(key)
    if isinstance(key, np.integer):
        key = int(key)
    try:
        return _SIGNS[key]
    except (KeyError, TypeError):
        raise InvalidInput(f"{where}: sign {value!r} is not '+', '-' or '?'") from None


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a text", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


def _parse_json(text: str, source: str) -> Any:
    """JSON text; a syntax error is InvalidInput ``<source>:<line>:<column>: invalid JSON: …``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{source}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from None
    except RecursionError:
        raise InvalidInput(f"{source}: invalid JSON: nested too deeply") from None


class CausalLoopDiagram:
    """A causal loop diagram: ``variables`` (names, in order) and ``links`` (DataFrame indexed by
    ``link``: ``source``, ``target``, ``sign`` in {"+", "-", "?"}, ``delay`` (bool)). Build it with
    :func:`causal_loop_diagram`, :meth:`from_csv`, :meth:`from_kumu` or
    :func:`causal_loop_diagram_from_graph`."""

    def __init__(self, variables: List[str], links: pd.DataFrame, labels: Optional[Dict[str, str]] = None) -> None:
        self.variables = list(variables)
        self.links = links
        self.labels = dict(labels or {})
        self._index = {v: i for i, v in enumerate(self.variables)}

    def __repr__(self) -> str:
        return f"<CausalLoopDiagram: {len(self.variables)} variables, {len(self.links)} links>"

    # ---- readers
    @classmethod
    def from_csv(cls, path: Union[str, Path], variables: Optional[Sequence[str]] = None) -> "CausalLoopDiagram":
        """Reads a CSV of links with a header holding ``source``, ``target``, ``sign`` and
        optionally ``delay`` (true/false/1/0/yes/no); variables in order of first appearance
        unless ``variables`` is given. Errors name ``<file>:<line>:<column>``."""
        path = Path(path)
        rows = []
        text = cv.read_text_file(path)
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader, None)
            if header is None:
                raise InvalidInput(f"{path}:1:1: empty file (expected a header source,target,sign)")
            header = [h.strip() for h in header]
            for name in ("source", "target", "sign"):
                if name not in header:
                    raise InvalidInput(f"{path}:1:1: no column {name!r} in the header")
            seen: Dict[str, int] = {}
            for k, name in enumerate(header):
                if name in seen:
                    raise InvalidInput(f"{path}:1:{k + 1}: duplicate column name {name!r}")
                seen[name] = k
            col = seen
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise InvalidInput(f"{path}:{line}:1: {len(row)} fields for {len(header)} columns")
                item = {"source": row[col["source"]].strip(), "target": row[col["target"]].strip()}
                try:
                    item["sign"] = _SIGN_TEXT[_sign(row[col["sign"]], "")]
                except InvalidInput:
                    raise InvalidInput(f"{path}:{line}:{col['sign'] + 1}: sign {row[col['sign']]!r} is not "
                                       "'+', '-' or '?'") from None
                if "delay" in col:
                    item["delay"] = cv.parse_bool_strict(row[col["delay"]], f"{path}:{line}:{col['delay'] + 1}: delay")
                rows.append(item)
        except csv.Error as error:
            raise InvalidInput(f"{path}:{reader.line_num}:1: malformed CSV ({error})") from None
        frame = pd.DataFrame(rows, columns=["source", "target", "sign"] + (["delay"] if "delay" in col else []))
        return causal_loop_diagram(variables, frame)

    @classmethod
    def from_kumu(cls, blueprint: Union[str, Path, Dict[str, Any]]) -> "CausalLoopDiagram":
        """Reads a Kumu JSON blueprint (a dict, a JSON text or a file path): elements are the
        variables (``label``, else ``_id``/``id``), connections the links (``from``/``to`` naming
        element ids or labels; the sign from ``type``, ``attributes.sign``, ``attributes.type``
        or ``attributes.polarity``: "+", "-", "?", "positive"/"negative", "same"/"opposite";
        or, failing those, the first of ``attributes["connection type"]``, ``type`` and ``label``
        that is a sign; "?" when none is; ``delay`` from ``attributes.delay`` or a label ending
        in "‖", as :meth:`representation` writes them)."""
        source = "blueprint"
        if isinstance(blueprint, Path) or (isinstance(blueprint, str) and not blueprint.lstrip().startswith("{")):
            source = str(blueprint)
            blueprint = _parse_json(cv.read_text_file(blueprint), source)
        elif isinstance(blueprint, str):
            blueprint = _parse_json(blueprint, source)
        if not isinstance(blueprint, dict):
            raise InvalidInput(f"{source}: a Kumu blueprint is a JSON object with 'elements' and 'connections', "
                               f"not {type(blueprint).__name__}")
        ids: Dict[str, str] = {}
        names: List[str] = []
        labels: Dict[str, str] = {}
        for part in ("elements", "connections"):
            if not isinstance(blueprint.get(part, []), list):
                raise InvalidInput(f"{source}: {part}: expected a list, not {type(blueprint[part]).__name__}")
            for k, item in enumerate(blueprint.get(part, [])):
                if not isinstance(item, dict):
                    raise InvalidInput(f"{source}: {part}[{k}]: expected an object, not {_json_type(item)}")
                if not isinstance(item.get("attributes", {}), dict):
                    raise InvalidInput(f"{source}: {part}[{k}].attributes: expected an object, "
                                       f"not {_json_type(item['attributes'])}")
        for k, element in enumerate(blueprint.get("elements", [])):
            attrs = element.get("attributes", {})
            eid = element.get("_id", element.get("id", attrs.get("id")))
            label = element.get("label", attrs.get("label", eid))
            if label is None:
                raise InvalidInput(f"{source}: elements[{k}]: no label nor id")
            label = str(label)
            if label not in labels:
                names.append(label)
                labels[label] = label
            if eid is not None:
                ids[str(eid)] = label
        words = {"+": "+", "positive": "+", "same": "+", "s": "+", "-": "-", "−": "-", "negative": "-",
                 "opposite": "-", "o": "-", "?": "?", "unknown": "?", "": "?"}
        rows = []
        for k, conn in enumerate(blueprint.get("connections", [])):
            attrs = conn.get("attributes", {})
            ends = []
            for end in ("from", "to"):
                value = conn.get(end, attrs.get(end))
                if value is None:
                    raise InvalidInput(f"{source}: connections[{k}]: no {end!r}")
                value = str(value)
                if value in ids:
                    ends.append(ids[value])
                elif value in labels:
                    ends.append(value)
                else:
                    raise NotFound(f"{source}: connections[{k}]: unknown element {value!r}")
            explicit = [c for c in (attrs.get("sign"), attrs.get("polarity"), conn.get("sign"), conn.get("polarity"))
                        if c is not None]
            label = str(conn.get("label", attrs.get("label", "")) or "").strip()
            delayed = label.endswith("‖")
            label = label.rstrip("‖").strip()
            if explicit:
                text = str(explicit[0]).strip().lower()
                if text not in words:
                    raise InvalidInput(f"{source}: connections[{k}]: sign {explicit[0]!r} is not '+', '-' or '?'")
            else:
                text = "?"
                for candidate in (attrs.get("connection type"), attrs.get("type"), conn.get("type"), label):
                    if candidate is not None and str(candidate).strip().lower() in words:
                        text = str(candidate).strip().lower()
                        break
            delay = attrs.get("delay", conn.get("delay", delayed))
            rows.append({"source": ends[0], "target": ends[1], "sign": words[text],
                         "delay": cv.parse_bool_strict(delay, f"{source}: connections[{k}].delay")})
        return causal_loop_diagram(names, pd.DataFrame(rows, columns=["source", "target", "sign", "delay"]))

    # ---- loops
    def _ends(self) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        src = np.array([self._index[s] for s in self.links["source"]], dtype=np.uint32)
        dst = np.array([self._index[t] for t in self.links["target"]], dtype=np.uint32)
        sign = np.array([_SIGNS[s] for s in self.links["sign"]], dtype=np.int32)
        return src, dst, sign

    def loops(self, max_length: Optional[int] = None, max_count: int = 100000, *, progress: Any = None) -> pd.DataFrame:
        """Every feedback loop (elementary circuit; Johnson's algorithm), at most ``max_length``
        links long; :class:`maillage.InvalidInput` as soon as more than ``max_count`` are found.
        DataFrame indexed by ``loop`` (0, 1, …): ``variables`` (tuple, starting at the variable
        that comes first in ``variables``), ``links`` (tuple of link ids, in order), ``length``,
        ``polarity`` ("R" reinforcing: an even number of "-" links; "B" balancing: odd; "?" when a
        link's sign is unknown), ``delays`` (number of delayed links). Sorted by length, then by
        the positions of their variables, then by link ids."""
        for name, value in (("max_length", max_length), ("max_count", max_count)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1):
                raise InvalidInput(f"{name} must be a positive integer, not {value!r}")
        src, dst, sign = self._ends()
        offsets, flat, polarity = _core.structural_loops(len(self.variables), src, dst, sign,
                                                         0 if max_length is None else int(max_length), int(max_count),
                                                         resolve_progress(progress))
        delays = self.links["delay"].to_numpy(dtype=bool) if "delay" in self.links else np.zeros(len(self.links), bool)
        offsets = np.asarray(offsets, dtype=np.int64)
        flat = np.asarray(flat, dtype=np.int64)
        count = len(polarity)
        lengths = np.diff(offsets)
        delay_counts = (np.add.reduceat(delays[flat].astype(np.int64), offsets[:-1]) if count
                        else np.zeros(0, dtype=np.int64))
        positions = src[flat].astype(np.int64).tolist()
        ids = flat.tolist()
        bounds = offsets.tolist()
        records = sorted((int(lengths[k]), tuple(positions[bounds[k]:bounds[k + 1]]),
                          tuple(ids[bounds[k]:bounds[k + 1]]), k) for k in range(count))
        order = [r[3] for r in records]
        letter = {1: "R", -1: "B", 0: "?"}
        names = self.variables
        frame = pd.DataFrame({
            "variables": pd.Series([tuple(names[p] for p in r[1]) for r in records], dtype=object),
            "links": pd.Series([r[2] for r in records], dtype=object),
            "length": np.array([r[0] for r in records], dtype=np.int64),
            "polarity": [letter[int(polarity[k])] for k in order],
            "delays": np.asarray(delay_counts[order] if count else delay_counts, dtype=np.int64),
        })
        frame.index.name = "loop"
        return frame

    def loops_per_variable(self, max_length: Optional[int] = None, max_count: int = 100000, *,
                           loops: Optional[pd.DataFrame] = None) -> pd.DataFrame:
        """Loop involvement of each variable (in order): ``loops`` through it, ``reinforcing``,
        ``balancing``, ``undetermined``, ``shortest`` (length of its shortest loop, 0 = none) and
        ``rank`` (1 = in most loops; ties share the best rank)."""
        table = self.loops(max_length, max_count) if loops is None else loops
        counts = {v: [0, 0, 0, 0, 0] for v in self.variables}
        for variables, length, polarity in zip(table["variables"], table["length"], table["polarity"]):
            for v in set(variables):
                c = counts[v]
                c[0] += 1
                c[{"R": 1, "B": 2, "?": 3}[polarity]] += 1
                c[4] = int(length) if c[4] == 0 else min(c[4], int(length))
        frame = pd.DataFrame.from_dict(counts, orient="index",
                                       columns=["loops", "reinforcing", "balancing", "undetermined", "shortest"])
        frame.index.name = "variable"
        frame = frame.astype(np.int64)
        frame["rank"] = frame["loops"].rank(method="min", ascending=False).astype(np.int64)
        return frame

    def links_in_loops(self, max_length: Optional[int] = None, max_count: int = 100000, *,
                       loops: Optional[pd.DataFrame] = None) -> pd.Series:
        """Number of loops through each link (Series ``loops`` indexed by ``link``)."""
        table = self.loops(max_length, max_count) if loops is None else loops
        counts = np.zeros(len(self.links), dtype=np.int64)
        for ids in table["links"]:
            for e in ids:
                counts[e] += 1
        return pd.Series(counts, index=self.links.index, name="loops")

    # ---- picture
    def representation(self, max_length: Optional[int] = None, max_count: int = 100000, *,
                       highlight: Union[str, Sequence[int], None] = "all", title: Optional[str] = None):
        """The diagram as a Representation: variables on a circle (in order, the first at the
        top), links as arrows ("+" solid blue, "-" dashed red, "?" dotted grey, delayed links
        marked "‖" in their label); links on at least one loop drawn thicker (``highlight="all"``),
        or only those of the listed loop ids, or none (``None``); variables sized by their loop
        involvement; the loops listed (R1, B1, …) in the notes and, up to 12, on the picture."""
        table = self.loops(max_length, max_count)
        per = self.loops_per_variable(loops=table)
        if highlight == "all":
            chosen = list(table.index)
        elif highlight is None:
            chosen = []
        elif isinstance(highlight, str):
            raise InvalidInput(f"highlight must be 'all', None or a list of loop ids, not {highlight!r}")
        else:
            chosen = [int(h) for h in highlight]
            for h in chosen:
                if h not in table.index:
                    raise NotFound(f"no loop {h} (the diagram has {len(table)})")
        on_loop = set()
        for h in chosen:
            on_loop.update(table.at[h, "links"])
        pos = _circle(len(self.variables))
        top = max(int(per["loops"].max()) if len(per) else 0, 1)
        nodes = []
        for (v, (x, y)) in zip(self.variables, pos):
            k = int(per.at[v, "loops"])
            nodes.append({"key": v, "label": self.labels.get(v, v), "kind": "variable", "group": "variable",
                          "colour": "#34495E" if k else "#AAB7B8", "size": 5 + 7 * math.sqrt(k / top), "x": x, "y": y,
                          "tooltip": [["boucles", str(k)], ["renforçantes", str(int(per.at[v, "reinforcing"]))],
                                      ["équilibrantes", str(int(per.at[v, "balancing"]))]]})
        style = {"+": ("#2E86C1", "solid"), "-": ("#C0392B", "dashed"), "?": ("#7F8C8D", "dotted")}
        delays = self.links["delay"].to_numpy(dtype=bool) if "delay" in self.links else np.zeros(len(self.links), bool)
        edges = []
        for e, (s, t, sign) in enumerate(zip(self.links["source"], self.links["target"], self.links["sign"])):
            colour, dash = style[sign]
            highlighted = e in on_loop
            edges.append({"source": s, "target": t, "relation": "causal", "kind": "loop" if highlighted else "link",
                          "label": sign + (" ‖" if delays[e] else ""), "weight": 1.0,
                          "width": 2.6 if highlighted else 1.0, "colour": colour, "style": dash, "directed": True,
                          "opacity": 0.85 if highlighted else 0.4,
                          "tooltip": [["signe", sign], ["délai", "oui" if delays[e] else "non"]]})
        names = []
        counter = {"R": 0, "B": 0, "?": 0}
        for h in table.index:
            p = table.at[h, "polarity"]
            counter[p] += 1
            names.append(f"{p}{counter[p]} : " + " → ".join(self.labels.get(v, v) for v in table.at[h, "variables"]) +
                         " → " + self.labels.get(table.at[h, "variables"][0], table.at[h, "variables"][0]))
        def short(text: str, width: int = 62) -> str:
            return text if len(text) <= width else text[:width - 1] + "…"

        annotations = [{"x": 740, "y": 80 + 16 * i, "text": short(text), "anchor": "start", "font_size": 10,
                        "colour": "#C0392B" if text.startswith("B") else ("#2E86C1" if text.startswith("R") else "#555555")}
                       for i, text in enumerate(names[:12])]
        if len(names) > 12:
            annotations.append({"x": 740, "y": 80 + 16 * 12, "text": f"… et {len(names) - 12} autres boucles",
                                "anchor": "start", "font_size": 10, "colour": "#555555"})
        counts = table["polarity"].value_counts()
        data = {
            "title": title or "Diagramme causal et boucles de rétroaction",
            "width": _W, "height": _H, "nodes": nodes, "edges": edges, "annotations": annotations,
            "notes": [f"{len(table)} boucles : {int(counts.get('R', 0))} renforçantes (R), "
                      f"{int(counts.get('B', 0))} équilibrantes (B), {int(counts.get('?', 0))} indéterminées."] + names,
            "legend": [{"label": "lien +", "symbol": "line", "colour": "#2E86C1"},
                       {"label": "lien −", "symbol": "dashed", "colour": "#C0392B"},
                       {"label": "lien ?", "symbol": "dotted", "colour": "#7F8C8D"},
                       {"label": "variable (taille : boucles)", "symbol": "circle", "colour": "#34495E",
                        "group": "variable"}],
            "groups": [{"id": "variable", "label": "variables", "colour": "#34495E"}],
            "metadata": {"builder": "causal_loop_diagram", "loops": len(table),
                         "reinforcing": int(counts.get("R", 0)), "balancing": int(counts.get("B", 0)),
                         "undetermined": int(counts.get("?", 0)),
                         "max_length": 0 if max_length is None else int(max_length)},
        }
        return _rep(data)


def causal_loop_diagram(variables: Optional[Sequence[str]], links: Any) -> CausalLoopDiagram:
    """A causal loop diagram from its ``variables`` (names, in the order that fixes the loops'
    canonical rotation; None = order of first appearance in the links) and ``links``: (source,
    target, sign) or (source, target, sign, delay) tuples, or a DataFrame with ``source``,
    ``target``, ``sign`` ("+", "-", "?"; also +1/−1/0) and optionally ``delay``. Parallel links are
    distinct links (and give distinct loops); a self-link is a loop of length 1. Errors name the
    link and the unknown variable or bad sign."""
    if isinstance(links, pd.DataFrame):
        for name in ("source", "target", "sign"):
            if name not in links.columns:
                raise InvalidInput(f"links: no column {name!r}")
        rows = list(zip(links["source"], links["target"], links["sign"],
                        links["delay"] if "delay" in links.columns else [False] * len(links)))
    else:
        rows = []
        for k, item in enumerate(links):
            item = tuple(item)
            if len(item) not in (3, 4):
                raise InvalidInput(f"link {k}: expected (source, target, sign) or (source, target, sign, delay), "
                                   f"not {item!r}")
            rows.append(item if len(item) == 4 else item + (False,))
    if variables is None:
        order: List[str] = []
        seen = set()
        for s, t, _sg, _d in rows:
            for v in (str(s), str(t)):
                if v not in seen:
                    seen.add(v)
                    order.append(v)
        names = order
    else:
        names = _names(variables, len(list(variables)), "variables")
    known = set(names)
    out = {"source": [], "target": [], "sign": [], "delay": []}
    for k, (s, t, sg, d) in enumerate(rows):
        for end, value in (("source", s), ("target", t)):
            if str(value) not in known:
                raise NotFound(f"link {k}: unknown variable {str(value)!r} ({end})")
        out["source"].append(str(s))
        out["target"].append(str(t))
        out["sign"].append(_SIGN_TEXT[_sign(sg, f"link {k} ({s} → {t})")])
        out["delay"].append(cv.parse_bool_strict(d, f"link {k} ({s} → {t}): delay"))
    frame = pd.DataFrame(out)
    frame.index.name = "link"
    return CausalLoopDiagram(names, frame)


# -------------------------------------------------------------------------------- graph bridges
def _programme_actors(g: Any, programme: Optional[str], kinds: Sequence[str], relations: Any) -> Tuple[List[str], pd.DataFrame]:
    from ._graph import Graph

    if not isinstance(g, Graph):
        raise InvalidInput(f"expected a maillage.Graph, not {type(g).__name__}")
    nodes = g.nodes_frame()
    edges = g.edges_frame()
    registry = g.relations
    if relations is None:
        wanted = {name for name, r in registry.items() if r["category"] == "tie"}
    else:
        items = [relations] if isinstance(relations, str) else list(relations)
        wanted = set()
        for item in items:
            names = {name for name, r in registry.items() if name == item or r["category"] == item}
            if not names:
                raise NotFound(f"unknown relation or category {item!r}")
            wanted |= names
    kind_ok = nodes["kind"].isin(list(kinds))
    if programme is not None:
        if programme not in nodes.index:
            raise NotFound(f"no node {programme!r}")
        touching = edges[(edges["source"] == programme) | (edges["target"] == programme)]
        if "context" in edges.columns:
            touching = pd.concat([touching, edges[edges["context"].astype(object) == programme]])
        members = set(touching["source"]) | set(touching["target"])
        members.discard(programme)
        actors = [k for k in nodes.index if k in members and kind_ok[k]]
    else:
        actors = [k for k in nodes.index if kind_ok[k]]
    inside = set(actors)
    ties = edges[edges["relation"].isin(wanted) & edges["source"].isin(inside) & edges["target"].isin(inside)
                 & (edges["source"] != edges["target"])]
    if programme is None:
        tied = set(ties["source"]) | set(ties["target"])
        actors = [k for k in actors if k in tied]
    return actors, ties


_ACTOR_KINDS = ("person", "organisation", "territory")


def mid_from_graph(g: Any, programme: Optional[str] = None, *, kinds: Sequence[str] = _ACTOR_KINDS,
                   relations: Any = None, cap: int = 4) -> pd.DataFrame:
    """A first MACTOR MID seeded from a Graph, for the analyst to review: the actors (nodes of
    ``kinds``, by default people, organisations and territories such as a commune; with
    ``programme``, those tied to it or to an edge in its context; without, those with a tie
    among them) and, for each
    ordered pair, the number of ties from one to the other (``relations``: names or categories,
    default every relation of category ``tie``; an undirected tie counts both ways), capped at
    ``cap`` (≤ 4). A DataFrame actors × actors (index ``actor``), ready for :func:`mactor`."""
    if isinstance(cap, bool) or not isinstance(cap, (int, np.integer)) or not 0 <= cap <= 4:
        raise InvalidInput(f"cap must be an integer from 0 to 4, not {cap!r}")
    actors, ties = _programme_actors(g, programme, kinds, relations)
    registry = g.relations
    pos = {a: i for i, a in enumerate(actors)}
    m = np.zeros((len(actors), len(actors)))
    for s, t, rel in zip(ties["source"], ties["target"], ties["relation"]):
        m[pos[s], pos[t]] += 1
        if not registry[rel]["directed"]:
            m[pos[t], pos[s]] += 1
    m = np.minimum(m, cap)
    return _frame(m, actors, actors, "actor", "influenced").astype(np.int64)


def causal_loop_diagram_from_graph(g: Any, programme: Optional[str] = None, *,
                                   kinds: Sequence[str] = _ACTOR_KINDS, relations: Any = None,
                                   sign: str = "?") -> CausalLoopDiagram:
    """A causal loop diagram seeded from a Graph: the actors of :func:`mid_from_graph` as
    variables, one link per directed tie (two, one each way, per undirected tie; parallel ties
    merged), all of sign ``sign`` ("?" by default: the graph does not say how actors affect each
    other; set the signs before reading polarities). Node labels become the diagram's labels."""
    _sign(sign, "sign")
    actors, ties = _programme_actors(g, programme, kinds, relations)
    registry = g.relations
    pairs: List[Tuple[str, str]] = []
    seen = set()
    for s, t, rel in zip(ties["source"], ties["target"], ties["relation"]):
        for a, b in ((s, t),) + (((t, s),) if not registry[rel]["directed"] else ()):
            if (a, b) not in seen:
                seen.add((a, b))
                pairs.append((a, b))
    order = {a: i for i, a in enumerate(actors)}
    pairs.sort(key=lambda p: (order[p[0]], order[p[1]]))
    cld = causal_loop_diagram(actors, [(a, b, sign) for a, b in pairs])
    nodes = g.nodes_frame()
    if "label" in nodes.columns:
        cld.labels = {a: str(nodes.at[a, "label"]) for a in actors if isinstance(nodes.at[a, "label"], str)}
    return cld
