"""Reading and writing graphs: CSV pairs, the native data package, and the one entry point
:func:`read` / :func:`write` that chooses a format from the path (see ``docs/interchange.md``).

See ``docs/api-contract.md`` ("CSV files", "Files") for the formats, the column types and the errors.
"""

from __future__ import annotations

import io as _stdio
import os
import zipfile
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _convert as cv
from . import _atomic, _core
from ._errors import InvalidInput, NotFound
from ._graph import Graph
from ._progress import ProgressArg, resolve_progress

__all__ = ["read_csv", "write_csv", "read", "write", "FORMATS"]

PathArg = Union[str, "os.PathLike[str]"]

_TYPE_ALIASES = {int: "int64", float: "double", bool: "bool", str: "string"}


def _path(value: Any, what: str) -> str:
    try:
        return os.fspath(value)
    except TypeError:
        raise InvalidInput(f"{what} must be a path, not {value!r}") from None


def _dtype_name(column: str, dtype: Any) -> str:
    if dtype in _TYPE_ALIASES:
        return _TYPE_ALIASES[dtype]
    if isinstance(dtype, str):
        return {"Int64": "int64", "float64": "double", "boolean": "bool", "str": "string",
                "object": "string", "categorical": "category"}.get(dtype, dtype)
    raise InvalidInput(f"dtypes: column {column!r}: expected a type name such as 'int64', not {dtype!r}")


def _registry(relations: Optional[Mapping[str, Mapping[str, Any]]]) -> List[Tuple[str, bool, str]]:
    out: List[Tuple[str, bool, str]] = []
    for name, spec in (relations or {}).items():
        if not isinstance(name, str) or not isinstance(spec, Mapping):
            raise InvalidInput(f"relations: expected {{name: {{'directed': bool, 'category': str}}}}, got {name!r}: {spec!r}")
        unknown = set(spec) - {"directed", "category"}
        if unknown:
            raise InvalidInput(f"relation {name!r}: unknown fields {sorted(unknown)} (use 'directed', 'category')")
        out.append((name, bool(spec.get("directed", False)), str(spec.get("category", "tie"))))
    return out


def _ladder(scales: Optional[Sequence[Any]]) -> Optional[List[Tuple[str, str]]]:
    if scales is None:
        return None
    out = []
    for item in scales:
        if isinstance(item, str):
            out.append((item, item))
        elif isinstance(item, Mapping):
            out.append((str(item["id"]), str(item.get("label", item["id"]))))
        else:
            sid, label = item
            out.append((str(sid), str(label)))
    return out


def read_csv(
    nodes_path: Optional[PathArg],
    edges_path: PathArg,
    sep: Optional[str] = None,
    dtypes: Optional[Mapping[str, Any]] = None,
    codes: Optional[Sequence[str]] = None,
    relations: Optional[Mapping[str, Mapping[str, Any]]] = None,
    create_missing_nodes: bool = False,
    default_kind: str = "node",
    default_relation: Optional[str] = None,
    *,
    scales: Optional[Sequence[Any]] = None,
    metadata: Optional[Mapping[str, Any]] = None,
    merge_parallel: bool = False,
    list_sep: str = "|",
    resolve_territories: bool = False,
    progress: ProgressArg = None,
) -> Graph:
    """Reads a graph from a node CSV file and an edge CSV file with the C++ reader.

    ``nodes_path``: a file with a ``key`` column (unique, non-empty), optional ``kind`` (empty →
    ``default_kind``), ``label``, ``scale`` (a ladder id) and any other columns; ``None`` reads the
    edge list alone, its nodes created from the endpoints. ``edges_path``: ``source``, ``target``,
    optional ``relation`` (empty cells → ``default_relation``, else an error; no column →
    ``default_relation`` or ``"cooperates_with"``), ``weight`` (a number ≥ 0; empty → 1, returned
    missing), ``start``, ``end`` (``YYYY-MM-DD`` or a year; a year in ``end`` means 31 December),
    ``context``, ``provenance`` and any other columns.

    Files are UTF-8 (a byte-order mark is skipped), RFC 4180 quoted, separated by ``sep`` (``","``
    or ``";"``; ``None`` detects it from each file's header line). Empty cells are missing values.
    Column types are inferred — bool (true/false), int64, double (a decimal comma is read in ``;``
    files), date (ISO days), else string — except for key and code columns (``key``, ``source``,
    ``target``, ``context``, ``code``, ``insee``, ``siren`` and those in ``codes``), which stay text
    whole, as does any value with a leading zero or a letter among digits (``"01001"``,
    ``"2A004"``). ``dtypes={"col": "int64"|"double"|"bool"|"string"|"date"|"category"|"list"}``
    overrides inference (``list`` cells are split on ``list_sep``).

    ``relations`` registers relations as in :meth:`Graph.from_frames`; ``create_missing_nodes``
    creates edge endpoints missing from the node file (with ``default_kind``);
    ``resolve_territories`` places the ``territory`` nodes in the official French hierarchy, as
    :meth:`Graph.from_frames` does (see :func:`maillage.territories.attach`; a ``departement``
    column, the resolver's hint, is then read as codes).
    Errors are :class:`maillage.InvalidInput` whose message starts ``<file>:<line>:<column>: ``
    (the header is line 1) and names the value at fault. The GIL is released while reading;
    ``progress`` as elsewhere (a bar on a terminal by default). O(file sizes + (n + m) log(n + m)).

    When the two files are the tables of a data package (a ``datapackage.json`` beside them lists
    them) and no reading option is given, the package's descriptor types the columns and gives
    the relation registry, ladder and metadata, as :func:`maillage.read` of the folder does.
    """
    nodes = None if nodes_path is None else _path(nodes_path, "nodes_path")
    edges = _path(edges_path, "edges_path")
    plain = (sep is None and not dtypes and not codes and not relations and scales is None and not metadata
             and not create_missing_nodes and default_kind == "node" and default_relation is None
             and not merge_parallel and list_sep == "|")
    package = _sidecar_package(nodes, edges) if plain else None
    if package is not None:
        # The two files are a data package's tables: its descriptor types them and holds the
        # registry, ladder and metadata (e.g. the shipped fabrique-2024 tables).
        graph = Graph(_core.read_package(package, resolve_progress(progress)))
        if resolve_territories:
            from .territories import attach

            return attach(graph)
        return graph
    types = {str(k): _dtype_name(str(k), v) for k, v in (dtypes or {}).items()}
    if codes is not None and isinstance(codes, str):
        codes = [codes]
    meta = {str(k): cv.normalize_metadata_value(str(k), v) for k, v in (metadata or {}).items()}
    code_columns = [str(c) for c in (codes or ())]
    if resolve_territories and "departement" not in types:
        code_columns.append("departement")  # a hint of the resolver: "63" is a code, like "2A"
    core = _core.read_csv(
        nodes, edges, sep, types, code_columns, _registry(relations), _ladder(scales), meta,
        bool(create_missing_nodes), default_kind, default_relation, bool(merge_parallel), list_sep,
        resolve_progress(progress),
    )
    if resolve_territories:
        from .territories import attach

        return attach(Graph(core))
    return Graph(core)


def _sidecar_package(nodes: Optional[str], edges: str) -> Optional[str]:
    """The folder of the data package whose node and edge tables are these files, if any."""
    folder = Path(edges).resolve().parent
    descriptor = folder / _DESCRIPTOR
    if nodes is None or Path(nodes).resolve().parent != folder or not descriptor.is_file():
        return None
    try:
        nodes_path, edges_path = _core.package_tables(descriptor.read_text(encoding="utf-8"), str(descriptor))
    except (InvalidInput, UnicodeDecodeError, OSError):
        return None  # not a package maillage reads: the files are read as bare CSV
    if (folder / nodes_path).resolve() != Path(nodes).resolve() or (folder / edges_path).resolve() != Path(edges).resolve():
        return None
    return str(folder)


def write_csv(graph: Graph, nodes_path: PathArg, edges_path: PathArg, sep: str = ",", list_sep: str = "|") -> None:
    """Writes ``graph`` as a node CSV (``key``, ``kind``, attributes) and an edge CSV (``source``,
    ``target``, ``relation``, ``weight`` when given, attributes) that :func:`read_csv` reads back
    to the same values and types (pass it the same ``dtypes`` for category columns and for text
    that looks like numbers). UTF-8, LF line ends, quotes only where needed, missing values as
    empty cells, dates as ``YYYY-MM-DD``, lists joined by ``list_sep``. O(n + m)."""
    if not isinstance(graph, Graph):
        raise TypeError(f"expected a maillage.Graph, not {type(graph).__name__}")
    _core.write_csv(graph._g, _path(nodes_path, "nodes_path"), _path(edges_path, "edges_path"), sep, list_sep)  # noqa: SLF001


# ---------------------------------------------------------------------------- one entry point

#: Formats :func:`read` and :func:`write` know, by name, with the extensions that select them.
FORMATS: Dict[str, Tuple[str, ...]] = {
    "package": ("datapackage.json", "(a folder)"),
    "zip": (".zip",),
}
_DESCRIPTOR = "datapackage.json"


def _format_of(path: str, format: Optional[str], reading: bool) -> str:
    if format is not None:
        if format not in FORMATS:
            raise InvalidInput(f"unknown format {format!r} (use one of {', '.join(sorted(FORMATS))})")
        return format
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        return "parquet"
    if p.name == _DESCRIPTOR or p.is_dir():
        return "package"
    for name, extensions in FORMATS.items():
        if suffix and suffix in extensions:
            return name
    if not reading and not suffix:
        return "package"  # a new folder
    if reading and not p.exists():
        raise NotFound(f"{path}: no such file or folder")
    known = ", ".join(f"{e}" for exts in FORMATS.values() for e in exts if e.startswith("."))
    raise InvalidInput(f"{path}: cannot tell the format from the name (a folder, datapackage.json, {known}); "
                       "pass format=")


def _read_zip(path: str, progress: ProgressArg) -> Graph:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise InvalidInput(f"{path}: not a zip file ({error})") from None
    with archive:
        names = archive.namelist()
        descriptors = [n for n in names if n == _DESCRIPTOR or n.endswith("/" + _DESCRIPTOR)]
        if len(descriptors) != 1:
            raise InvalidInput(f"{path}: a zipped data package holds one {_DESCRIPTOR} "
                               f"({'none' if not descriptors else len(descriptors)} found)")
        folder = descriptors[0][: -len(_DESCRIPTOR)]

        def member(name: str) -> str:
            try:
                data = archive.read(folder + name)
            except KeyError:
                raise InvalidInput(f"{path}: the package lists {name!r}, which the archive does not hold") from None
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise InvalidInput(f"{path}: {folder + name}: cannot be read ({error})") from None
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise InvalidInput(f"{path}/{folder + name}: not UTF-8 text (byte {error.start})") from None

        descriptor = member(_DESCRIPTOR)
        label = f"{path}/{folder}{_DESCRIPTOR}"
        nodes_path, edges_path = _core.package_tables(descriptor, label)
        nodes = member(nodes_path) if nodes_path else None
        edges = member(edges_path)
    return Graph(_core.parse_package(descriptor, nodes, edges, label, resolve_progress(progress)))


def _write_zip(graph: Graph, path: str, name: str, title: str) -> None:
    descriptor, nodes, edges = _core.format_package(graph._g, name, title)  # noqa: SLF001
    with _atomic.open_temporary(path) as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in ((_DESCRIPTOR, descriptor), ("nodes.csv", nodes), ("edges.csv", edges)):
            info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))  # byte-stable archives
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def readable(path: PathArg) -> bool:
    """Whether :func:`read` recognises ``path`` by its name (a package folder, datapackage.json or
    a known extension); a bare CSV file is not."""
    p = Path(_path(path, "path"))
    if p.is_dir() or p.name == _DESCRIPTOR:
        return True
    return any(p.suffix.lower() in extensions for extensions in FORMATS.values())


def read(path: PathArg, format: Optional[str] = None, *, progress: ProgressArg = None, **options: Any) -> Graph:
    """Reads a graph from a file or folder, in the format its name tells (or ``format=``).

    ``format``: ``"package"`` (a folder holding ``datapackage.json``, or that file: maillage's
    native format, lossless), ``"zip"`` (such a package zipped), and the other formats of
    ``maillage.FORMATS`` (see ``docs/interchange.md`` for what each keeps). Extra keyword
    arguments go to the format's reader. Errors are :class:`maillage.InvalidInput` naming the
    file and the line and column (text formats) or the element path (XML, JSON) at fault;
    :class:`maillage.NotFound` for a missing path. Nothing half-read is returned.
    """
    text = _path(path, "path")
    kind = _format_of(text, format, reading=True)
    reader = _READERS[kind]
    return reader(text, progress=progress, **options)


def write(graph: Graph, path: PathArg, format: Optional[str] = None, **options: Any) -> None:
    """Writes ``graph`` to ``path`` in the format its name tells (or ``format=``): a folder or
    ``datapackage.json`` → the native data package (lossless), ``.zip`` → the same zipped, and the
    other formats of ``maillage.FORMATS``. Writes are atomic: every file is written under a
    temporary name, then renamed over the old one. Extra keyword arguments go to the writer
    (``name=``, ``title=`` for packages)."""
    if not isinstance(graph, Graph):
        raise TypeError(f"expected a maillage.Graph, not {type(graph).__name__}")
    text = _path(path, "path")
    kind = _format_of(text, format, reading=False)
    if kind not in _WRITERS:
        raise InvalidInput(f"{text}: maillage reads {kind} files but does not write them "
                           f"(write formats: {', '.join(sorted(_WRITERS))})")
    _WRITERS[kind](graph, text, **options)


def _read_package(path: str, *, progress: ProgressArg = None) -> Graph:
    return Graph(_core.read_package(path, resolve_progress(progress)))


def _write_package(graph: Graph, path: str, *, name: str = "", title: str = "") -> None:
    folder = str(Path(path).parent) if Path(path).name == _DESCRIPTOR else path
    _core.write_package(graph._g, folder, name, title)  # noqa: SLF001


def _read_zip_entry(path: str, *, progress: ProgressArg = None) -> Graph:
    return _read_zip(path, progress)


def _write_zip_entry(graph: Graph, path: str, *, name: str = "", title: str = "") -> None:
    _write_zip(graph, path, name, title)


def _xml_reader(kind: str) -> Callable[..., Graph]:
    def reader(path: str, *, progress: ProgressArg = None, default_kind: str = "node") -> Graph:
        return Graph(getattr(_core, f"read_{kind}")(path, default_kind, resolve_progress(progress)))

    return reader


def _xml_writer(kind: str) -> Callable[..., None]:
    def writer(graph: Graph, path: str) -> None:
        getattr(_core, f"write_{kind}")(graph._g, path)  # noqa: SLF001

    return writer


def _read_parquet(path: str, *, progress: ProgressArg = None) -> Graph:
    from ._parquet import read_parquet

    return read_parquet(path, progress=progress)


def _write_parquet(graph: Graph, path: str) -> None:
    from ._parquet import write_parquet

    write_parquet(graph, path)


def _read_kumu(path: str, *, progress: ProgressArg = None, default_kind: str = "node") -> Graph:
    from ._kumu import read_kumu

    return read_kumu(path, progress=progress, default_kind=default_kind)


FORMATS["parquet"] = (".parquet",)
FORMATS["kumu"] = (".json", ".kumu")
FORMATS["gexf"] = (".gexf",)
FORMATS["graphml"] = (".graphml",)
_READERS: Dict[str, Callable[..., Graph]] = {
    "package": _read_package, "zip": _read_zip_entry, "gexf": _xml_reader("gexf"), "graphml": _xml_reader("graphml"),
    "parquet": _read_parquet, "kumu": _read_kumu,
}
_WRITERS: Dict[str, Callable[..., None]] = {
    "package": _write_package, "zip": _write_zip_entry, "gexf": _xml_writer("gexf"), "graphml": _xml_writer("graphml"),
    "parquet": _write_parquet,
}


def register_format(name: str, extensions: Tuple[str, ...], reader: Optional[Callable[..., Graph]],
                    writer: Optional[Callable[..., None]]) -> None:
    """Adds a format to :func:`read` and :func:`write` (used by the format modules)."""
    FORMATS[name] = extensions
    if reader is not None:
        _READERS[name] = reader
    if writer is not None:
        _WRITERS[name] = writer
