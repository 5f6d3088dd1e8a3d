"""Conversions between pandas columns and the core's typed columns (the documented dtype mapping).

A column crosses into the core as a spec tuple ``(name, type, values, valid, categories, ordered,
hint)``; the hint remembers which pandas dtype a column came from so that frames round-trip
exactly. See ``docs/api-contract.md`` for the mapping.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from ._errors import InvalidInput

# Hints (per type) for exact round trips.
H_DEFAULT = 0
H_NULLABLE = 1  # bool → "boolean", int64 → "Int64"
H_OBJECT = 1  # string/list columns held in an object-dtype column
H_STRING_NA = 2  # string columns of pandas' "string" dtype (pd.NA)
_DATE_UNITS = ["ns", "us", "ms", "s"]

_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()

Spec = Tuple[str, str, Any, Any, List[str], bool, int]


def _where(name: str, index: Any, position: int) -> str:
    label = index[position] if index is not None and position < len(index) else position
    if isinstance(label, np.generic):  # numpy 2 would show np.int64(11)
        label = label.item()
    return f"column {name!r} row {label!r}"


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and value != value:
        return True
    if isinstance(value, np.datetime64) and np.isnat(value):
        return True
    return False


class Packed:
    """Text values as Arrow holds them: UTF-8 bytes ``data``, ``offsets`` (n + 1 int64: value i is
    ``data[offsets[i]:offsets[i + 1]]``) and ``valid`` (uint8, or None when every value is present).
    They cross into the core in one call, without a Python string per row."""

    __slots__ = ("offsets", "data", "valid", "arrow")

    def __init__(self, offsets: np.ndarray, data: np.ndarray, valid: Optional[np.ndarray], arrow: Any = None) -> None:
        self.offsets, self.data, self.valid = offsets, data, valid
        self.arrow = arrow  # the Arrow array the buffers belong to, when there is one

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> Optional[str]:
        if self.valid is not None and not self.valid[i]:
            return None
        return bytes(self.data[self.offsets[i]:self.offsets[i + 1]]).decode("utf-8")


def packed_strings(series: pd.Series) -> Optional[Packed]:
    """The values of an Arrow-backed text column (pandas' ``str``/``string[pyarrow]`` dtypes, or
    ``ArrowDtype`` of a string type) as :class:`Packed` buffers, or None for any other column."""
    dtype = series.dtype
    arrow_dtype = getattr(pd, "ArrowDtype", None)
    if isinstance(dtype, pd.StringDtype):
        if getattr(dtype, "storage", None) != "pyarrow":
            return None
    elif arrow_dtype is None or not isinstance(dtype, arrow_dtype):
        return None
    try:
        array = series.array.__arrow_array__()
    except (ImportError, AttributeError, TypeError):
        return None
    return _packed_from_arrow(array)


def _packed_from_arrow(array: Any) -> Optional[Packed]:
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_string(array.type):
        array = array.cast(pa.large_string())
    elif not pa.types.is_large_string(array.type):
        return None
    n = len(array)
    _, offsets_buffer, data_buffer = array.buffers()
    if offsets_buffer is None:
        offsets = np.zeros(n + 1, dtype=np.int64)
    else:
        offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[array.offset:array.offset + n + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    valid = None
    if array.null_count:
        valid = array.is_valid().to_numpy(zero_copy_only=False).astype(np.uint8)
    return Packed(offsets, data, valid, array)


def _string_hint(dtype: Any) -> int:
    if isinstance(dtype, pd.StringDtype):
        return H_STRING_NA if dtype.na_value is pd.NA else H_DEFAULT
    return H_OBJECT


def _date_days(series: pd.Series, name: str) -> Tuple[np.ndarray, np.ndarray, int]:
    dtype = series.dtype
    if getattr(dtype, "tz", None) is not None:
        raise InvalidInput(f"column {name!r}: time-zone-aware datetimes are not dates; convert to days first")
    unit = np.datetime_data(dtype)[0] if dtype.kind == "M" else "ns"
    values = series.to_numpy(dtype=f"datetime64[{unit}]")
    valid = ~np.isnat(values)
    days = values.astype("datetime64[D]")
    exact = days.astype(f"datetime64[{unit}]") == values
    bad = valid & ~exact
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidInput(f"{_where(name, series.index, i)}: {series.iloc[i]} has a time of day; dates are whole days")
    out = np.where(valid, days.astype(np.int64), 0)
    if (out > np.iinfo(np.int32).max).any() or (out < np.iinfo(np.int32).min).any():
        raise InvalidInput(f"column {name!r}: date out of range")
    hint = _DATE_UNITS.index(unit) if unit in _DATE_UNITS else 0
    return out.astype(np.int32), valid.astype(np.uint8), hint


def _family(value: Any) -> str:
    if isinstance(value, str):
        return "str"
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return "number"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, (_dt.date, pd.Timestamp, np.datetime64)):
        return "date"
    return type(value).__name__


def _object_column(name: str, series: pd.Series) -> Spec:
    values = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) == "string":
        missing = pd.isna(values)  # text and missing values only: vectorised, the same answer
    else:
        missing = np.fromiter((_is_missing(v) for v in values), dtype=bool, count=len(values))
    present = values[~missing]
    valid = (~missing).astype(np.uint8)
    if len(present) == 0:
        return (name, "string", [None] * len(values), valid, [], False, H_OBJECT)
    kinds = {type(v) for v in present}
    if all(issubclass(k, str) for k in kinds):
        return (name, "string", [None if m else v for v, m in zip(values, missing)], valid, [], False, H_OBJECT)
    if all(issubclass(k, (bool, np.bool_)) for k in kinds):
        out = np.zeros(len(values), dtype=np.uint8)
        out[~missing] = [bool(v) for v in present]
        return (name, "bool", out, valid, [], False, H_NULLABLE)
    if all(issubclass(k, (int, np.integer)) and not issubclass(k, (bool, np.bool_)) for k in kinds):
        out = np.zeros(len(values), dtype=np.int64)
        try:
            out[~missing] = [int(v) for v in present]
        except OverflowError as error:
            raise InvalidInput(f"column {name!r}: integer does not fit in 64 bits ({error})") from None
        return (name, "int64", out, valid, [], False, H_NULLABLE)
    if all(issubclass(k, (int, float, np.integer, np.floating)) and not issubclass(k, (bool, np.bool_)) for k in kinds):
        out = np.full(len(values), np.nan)
        out[~missing] = [float(v) for v in present]
        return (name, "double", out, valid, [], False, H_DEFAULT)
    if all(issubclass(k, (list, tuple)) for k in kinds):
        out = []
        for i, (v, m) in enumerate(zip(values, missing)):
            if m:
                out.append(None)
                continue
            if not all(isinstance(x, str) for x in v):
                raise InvalidInput(f"{_where(name, series.index, i)}: lists must hold strings only, not {v!r}")
            out.append(list(v))
        return (name, "list", out, valid, [], False, H_OBJECT)
    if all(issubclass(k, (_dt.date, pd.Timestamp, np.datetime64)) for k in kinds):
        converted = pd.to_datetime(pd.Series(values, index=series.index).where(~missing, None))
        days, valid2, hint = _date_days(converted, name)
        return (name, "date", days, valid2, [], False, hint)
    # name the first value that does not belong with the column's first value (or that one, when
    # it is the unsupported kind)
    first = _family(present[0])
    first_present = int(np.flatnonzero(~missing)[0])
    first_bad = next((i for i, v in enumerate(values) if not missing[i] and _family(v) != first), first_present)
    raise InvalidInput(
        f"{_where(name, series.index, first_bad)}: cannot store {values[first_bad]!r} "
        f"(column {'mixes' if len(kinds) > 1 else 'holds'} {', '.join(sorted(k.__name__ for k in kinds))}; "
        "use one of bool, int, float, str, list of str, date)"
    )


def column_spec(name: str, series: pd.Series) -> Spec:
    """The core column spec of a pandas Series (see the module docstring)."""
    dtype = series.dtype
    n = len(series)
    if isinstance(dtype, pd.CategoricalDtype):
        categories = list(dtype.categories)
        if not all(isinstance(c, str) for c in categories):
            raise InvalidInput(f"column {name!r}: categories must be strings, not {categories[:5]!r}")
        codes = series.cat.codes.to_numpy(dtype=np.int32)
        return (name, "categorical", codes, (codes >= 0).astype(np.uint8), categories, bool(dtype.ordered), 0)
    if isinstance(dtype, pd.BooleanDtype):
        valid = (~series.isna()).to_numpy(dtype=np.uint8)
        values = series.fillna(False).to_numpy(dtype=np.uint8)
        return (name, "bool", values, valid, [], False, H_NULLABLE)
    if pd.api.types.is_bool_dtype(dtype):
        return (name, "bool", series.to_numpy(dtype=np.uint8), np.ones(n, np.uint8), [], False, H_DEFAULT)
    if isinstance(dtype, pd.core.dtypes.base.ExtensionDtype) and pd.api.types.is_integer_dtype(dtype):
        valid = (~series.isna()).to_numpy(dtype=np.uint8)
        values = series.fillna(0).to_numpy(dtype=np.int64)
        return (name, "int64", values, valid, [], False, H_NULLABLE)
    if pd.api.types.is_integer_dtype(dtype):
        if dtype == np.uint64 and n and (series.to_numpy() > np.iinfo(np.int64).max).any():
            raise InvalidInput(f"column {name!r}: unsigned integer does not fit in int64")
        return (name, "int64", series.to_numpy(dtype=np.int64), np.ones(n, np.uint8), [], False, H_DEFAULT)
    if pd.api.types.is_float_dtype(dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return (name, "double", values, (~np.isnan(values)).astype(np.uint8), [], False, H_DEFAULT)
    if dtype.kind == "M" or isinstance(dtype, pd.DatetimeTZDtype):
        days, valid, hint = _date_days(series, name)
        return (name, "date", days, valid, [], False, hint)
    if isinstance(dtype, pd.StringDtype):
        packed = packed_strings(series)
        if packed is not None:
            return (name, "string", packed, packed.valid, [], False, _string_hint(dtype))
        raw = series.to_numpy(dtype=object)
        values = np.where(series.isna().to_numpy(), None, raw).tolist()  # vectorised missing test
        return (name, "string", values, None, [], False, _string_hint(dtype))
    if dtype == object:
        return _object_column(name, series)
    raise InvalidInput(f"column {name!r}: unsupported dtype {dtype} (use bool, int, float, str, list of str, "
                       "category or datetime64)")


def series_from_spec(spec: Sequence[Any], index: pd.Index) -> pd.Series:
    """A pandas Series from a core column spec, with the dtype its hint records."""
    name, type_, values, valid, categories, ordered, hint = spec
    valid = np.asarray(valid, dtype=bool)
    if type_ == "bool":
        if hint == H_NULLABLE or not valid.all():
            array = pd.array(np.asarray(values, dtype=bool), dtype="boolean")
            array[~valid] = pd.NA
            return pd.Series(array, index=index, name=name)
        return pd.Series(np.asarray(values, dtype=bool), index=index, name=name)
    if type_ == "int64":
        if hint == H_NULLABLE or not valid.all():
            array = pd.array(np.asarray(values, dtype=np.int64), dtype="Int64")
            array[~valid] = pd.NA
            return pd.Series(array, index=index, name=name)
        return pd.Series(np.asarray(values, dtype=np.int64), index=index, name=name)
    if type_ == "double":
        out = np.asarray(values, dtype=np.float64).copy()
        out[~valid] = np.nan
        return pd.Series(out, index=index, name=name)
    if type_ == "date":
        unit = _DATE_UNITS[hint] if 0 <= hint < len(_DATE_UNITS) else "ns"
        raw = np.asarray(values, dtype=np.int64)
        if unit == "ns" and valid.any() and (np.abs(raw[valid]) > 106_751).any():
            unit = "us"  # beyond 1677–2262 nanoseconds would wrap around silently
        days = raw.astype("datetime64[D]").astype(f"datetime64[{unit}]")
        days[~valid] = np.datetime64("NaT")
        return pd.Series(days, index=index, name=name)
    if type_ == "categorical":
        cat = pd.Categorical.from_codes(np.asarray(values, dtype=np.int32), categories=list(categories), ordered=ordered)
        return pd.Series(cat, index=index, name=name)
    if type_ == "string":
        if hint == H_OBJECT:
            return pd.Series(np.array(values, dtype=object), index=index, name=name, dtype=object)
        if hint == H_STRING_NA:
            return pd.Series(values, index=index, name=name, dtype="string")
        return pd.Series(values, index=index, name=name, dtype=_default_string_dtype())
    if type_ == "list":
        out = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):
            out[i] = v
        return pd.Series(out, index=index, name=name, dtype=object)
    raise InvalidInput(f"column {name!r}: unknown core type {type_!r}")


def _default_string_dtype() -> Any:
    """pandas' default dtype for text: ``str`` from pandas 3, ``object`` before."""
    return pd.Series(["x"]).dtype


def keys_column(name: str, series: pd.Series, *, allow_missing: bool = False, packed_ok: bool = False) -> Any:
    """Key-like values (``key``, ``source``, ``target``, ``context``, codes) as strings (a list, or
    :class:`Packed` buffers when ``packed_ok`` and the column is Arrow-backed text without gaps).

    Integers become their decimal text; a missing value is an error unless allowed (then None);
    any other non-string value is an error naming the row.
    """
    # Fastest path: Arrow-backed text without missing values crosses as buffers (see Packed).
    packed = packed_strings(series) if packed_ok else None
    if packed is not None and packed.valid is None:
        return packed
    # Fast path (C speed): text columns without missing values, the common case.
    if isinstance(series.dtype, pd.StringDtype) or (
        series.dtype == object and pd.api.types.infer_dtype(series, skipna=False) == "string"
    ):
        if not series.isna().any():
            return series.tolist()
    if pd.api.types.is_integer_dtype(series.dtype) and not isinstance(series.dtype, pd.core.dtypes.base.ExtensionDtype):
        return series.astype(str).tolist()
    out: List[Any] = []
    for i, v in enumerate(series.to_numpy(dtype=object)):
        if isinstance(v, str):
            out.append(v)
        elif _is_missing(v):
            if not allow_missing:
                raise InvalidInput(f"{_where(name, series.index, i)}: missing {name}")
            out.append(None)
        elif isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)):
            out.append(str(int(v)))
        else:
            raise InvalidInput(f"{_where(name, series.index, i)}: {name} must be a string, not {v!r}")
    return out


def to_days(value: Any, *, what: str, end: bool = False) -> int:
    """Days since 1970-01-01 of a date-like value: a date, datetime (midnight), Timestamp,
    "YYYY-MM-DD" or "YYYY" text, or an int year (a year means 1 January, or 31 December for an end)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        year = int(value)
        if not 1 <= year <= 9999:
            raise InvalidInput(f"{what}: bad year {year}")
        return (_dt.date(year, 12, 31) if end else _dt.date(year, 1, 1)).toordinal() - _EPOCH_ORDINAL
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 4 and text.isdigit():
            return to_days(int(text), what=what, end=end)
        try:
            day = _dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidInput(f"{what}: bad date {value!r}: expected YYYY-MM-DD or YYYY") from None
        if len(text) != 10:
            raise InvalidInput(f"{what}: bad date {value!r}: expected YYYY-MM-DD or YYYY")
        return day.toordinal() - _EPOCH_ORDINAL
    if isinstance(value, (pd.Timestamp, _dt.datetime, np.datetime64)):
        ts = pd.Timestamp(value)
        if ts.tz is not None or ts != ts.normalize():
            raise InvalidInput(f"{what}: {value!r} is not a whole day")
        return ts.date().toordinal() - _EPOCH_ORDINAL
    if isinstance(value, _dt.date):
        return value.toordinal() - _EPOCH_ORDINAL
    raise InvalidInput(f"{what}: {value!r} is not a date (use a date, 'YYYY-MM-DD', 'YYYY' or an int year)")


def normalize_metadata_value(name: str, value: Any) -> Any:
    """A metadata value the core can hold (None, bool, int, float, str, list of str, date)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, (pd.Timestamp, _dt.datetime)):
        ts = pd.Timestamp(value)
        if ts.tz is not None or ts != ts.normalize():
            raise InvalidInput(f"metadata {name!r}: {value!r} is not a whole day")
        return ts.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value):
        return list(value)
    raise InvalidInput(f"metadata {name!r}: unsupported value {value!r} (use None, bool, int, float, str, "
                       "a list of str or a date)")


def iter_columns(frame: pd.DataFrame, skip: Iterable[str]) -> List[Tuple[str, pd.Series]]:
    skip = set(skip)
    out = []
    for name in frame.columns:
        if not isinstance(name, str):
            raise InvalidInput(f"column names must be strings, not {name!r}")
        if name in skip:
            continue
        out.append((name, frame[name]))
    return out


def invalid_text_at(value: str) -> Optional[int]:
    """The index of the first character of ``value`` that UTF-8 cannot hold (a lone surrogate,
    as ``surrogateescape`` leaves for undecodable bytes), or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return error.start
    return None


def _text_error(where: str, value: str, at: int) -> InvalidInput:
    return InvalidInput(f"{where}: text {value!r} is not valid Unicode (lone surrogate {value[at]!r} at character "
                        f"{at + 1}: undecodable bytes? decode the source as UTF-8 with errors='strict')")


def raise_invalid_text(frames: Any, extras: Any = None) -> None:
    """Raises InvalidInput naming the first text that is not valid Unicode in ``frames`` (pairs
    (name, DataFrame or None): column names, index and cells, lists' items) and ``extras`` (name →
    mapping or sequence: keys and values); returns when there is none. O(cells)."""

    def check(where: str, value: Any) -> None:
        if isinstance(value, str):
            at = invalid_text_at(value)
            if at is not None:
                raise _text_error(where, value, at)
        elif isinstance(value, (list, tuple)):
            for item in value:
                check(where, item)

    for what, frame in frames:
        if not isinstance(frame, pd.DataFrame):
            continue
        for name in frame.columns:
            check(f"{what}: column name", name)
        for i, label in enumerate(frame.index):
            check(f"{what}: index row {i}", label)
        for name in frame.columns:
            series = frame[name]
            if isinstance(series, pd.DataFrame) or series.dtype.kind not in "OSU" and not isinstance(series.dtype, (pd.StringDtype, pd.CategoricalDtype)):
                continue
            for i, value in enumerate(series.to_numpy(dtype=object)):
                check(f"{what}: {_where(str(name), frame.index, i)}", value)
    for what, items in (extras or {}).items():
        if isinstance(items, Mapping):
            for key, value in items.items():
                check(f"{what}: name", key)
                check(f"{what} {key!r}", value)
                if isinstance(value, Mapping):
                    for inner in value.values():
                        check(f"{what} {key!r}", inner)
        elif isinstance(items, (list, tuple)):
            for k, item in enumerate(items):
                check(f"{what}[{k}]", item)


def read_text_file(path: Any) -> str:
    """The text of a UTF-8 file (a byte-order mark dropped), for the readers that live in Python.
    A missing path is NotFound; a folder, a device or a FIFO is refused before it is opened (a
    FIFO would block, a device never end); bytes that are not UTF-8 are InvalidInput
    ``<path>:<line>:<column>: …``."""
    import os
    import stat

    name = os.fspath(path)
    try:
        mode = os.stat(name).st_mode
    except FileNotFoundError:
        from ._errors import NotFound

        raise NotFound(f"{name}: no such file") from None
    except OSError as error:
        raise InvalidInput(f"{name}: cannot read the file ({error.strerror})") from None
    if not stat.S_ISREG(mode):
        what = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        raise InvalidInput(f"{name}: is {what}, not a file")
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InvalidInput(f"{name}: cannot read the file ({error.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        raise InvalidInput(f"{name}:{line}:{column}: invalid UTF-8 (byte 0x{data[error.start]:02x}); "
                           "save the file as UTF-8") from None
    return text[1:] if text.startswith("\ufeff") else text


def parse_bool_strict(value: Any, where: str) -> bool:
    """A boolean option or cell: True/False, 1/0, or the texts true/false, yes/no, 1/0 (any case,
    surrounding spaces ignored); missing (None, NaN, "") is False; anything else is InvalidInput
    naming ``where`` — never Python's truthiness, for which "false" would be True."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return False
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)) and int(value) in (0, 1):
        return bool(int(value))
    if isinstance(value, float) and value in (0.0, 1.0):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("", "0", "false", "no"):
            return False
        if text in ("1", "true", "yes"):
            return True
    raise InvalidInput(f"{where}: {value!r} is not true or false (use True/False, 1/0, 'true'/'false', 'yes'/'no')")
