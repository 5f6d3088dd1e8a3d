"""Analysis functions at the top level of ``maillage``: thin wrappers that run C++ kernels on a
View and map results back to node keys (DESIGN §4 "Results")."""

from __future__ import annotations

from typing import Union

import numpy as np
import pandas as pd

from . import _core
from ._graph import Graph, View, as_view

__all__ = ["connected_components"]


def _node_series(view: View, values: np.ndarray, name: str) -> pd.Series:
    return pd.Series(values, index=view.key_index(), name=name, copy=False)


def connected_components(g: Union[Graph, View]) -> pd.Series:
    """Connected component of every node (weak components on a directed view), as a Series named
    ``component`` indexed by key in view order; components are numbered 0, 1, … by decreasing
    size, ties by smallest key. Deterministic. O(n + m α(n))."""
    view = as_view(g)
    labels, _sizes = _core.connected_components(view._v)  # noqa: SLF001
    return _node_series(view, labels.astype(np.int64), "component")
