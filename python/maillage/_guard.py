"""No pybind11 message reaches a user: every function and method of ``maillage._core`` is wrapped
once, at import, so that the two errors pybind11 raises for a value it cannot convert — TypeError
"incompatible function arguments" (a value of the wrong type, or text with a lone surrogate that
UTF-8 cannot hold) and RuntimeError "Unable to cast …" — become :class:`maillage.InvalidInput`
naming the argument and the value.

The public wrappers validate their own options first (naming the public argument); this is the
net under them. A misplaced positional argument to a public function is still Python's own
TypeError, raised before any of this runs. The wrapper costs one Python call per core call.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import _core
from ._convert import invalid_text_at
from ._errors import InvalidInput

__all__: List[str] = []

_PYBIND_TYPE_ERRORS = ("incompatible function arguments", "incompatible constructor arguments")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _split_params(text: str) -> List[str]:
    """Splits "a: int, b: List[str]" at the commas outside brackets."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "[(":
            depth += 1
        elif c in "])":
            depth -= 1
        elif c == "," and depth == 0:
            out.append(text[start:i].strip())
            start = i + 1
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _signature(fn: Any) -> Optional[List[Tuple[str, str]]]:
    """(name, annotation) of each parameter, from pybind11's docstring; None when overloaded."""
    doc = (getattr(fn, "__doc__", None) or "").strip()
    first = doc.split("\n", 1)[0]
    if "(" not in first or first.startswith("Overloaded") or "Overloaded function" in doc[:200]:
        return None
    inner = first[first.index("(") + 1: first.rfind(")")]
    params = []
    for part in _split_params(inner):
        name, _, annotation = part.partition(":")
        annotation = annotation.split("=", 1)[0].strip()
        params.append((name.strip().lstrip("*"), annotation))
    return params


def _text_problem(value: Any) -> Optional[str]:
    """Why a text (or a list of texts) cannot be UTF-8, or None."""
    if isinstance(value, str):
        at = invalid_text_at(value)
        if at is not None:
            return (f"text {_short(value)} is not valid Unicode (lone surrogate {value[at]!r} at character {at + 1}: "
                    "undecodable bytes?)")
        return None
    if isinstance(value, (list, tuple)):
        for k, item in enumerate(value):
            problem = _text_problem(item)
            if problem is not None:
                return f"item {k}: {problem}"
    return None


def _fits(annotation: str, value: Any) -> bool:
    """Whether ``value`` can convert to the pybind11 ``annotation`` (True when unsure)."""
    import numpy as np

    annotation = annotation.replace("typing.", "")
    if annotation.startswith("Optional[") and annotation.endswith("]"):
        return value is None or _fits(annotation[9:-1], value)
    if annotation == "str":
        return isinstance(value, str)
    if annotation == "bool":
        return isinstance(value, (bool, np.bool_))
    if annotation == "int":
        return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if annotation == "float":
        return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
    for prefix in ("List[", "list["):
        if annotation.startswith(prefix) and annotation.endswith("]"):
            item = annotation[len(prefix):-1]
            return isinstance(value, (list, tuple)) and all(_fits(item, v) for v in value)
    return True


def _translate(name: str, fn: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> InvalidInput:
    params = _signature(fn) or []
    named: List[Tuple[str, str, Any]] = []
    for k, value in enumerate(args):
        pname, annotation = params[k] if k < len(params) else (f"argument {k + 1}", "")
        named.append((pname, annotation, value))
    annotations = dict(params)
    for key, value in kwargs.items():
        named.append((key, annotations.get(key, ""), value))
    named = [item for item in named if item[0] != "self"]
    for pname, _annotation, value in named:
        problem = _text_problem(value)
        if problem is not None:
            return InvalidInput(f"{name}: {pname}: {problem}")
    for pname, annotation, value in named:
        if annotation and not _fits(annotation, value):
            expected = annotation.replace("typing.", "").replace("List[", "a list of ").replace("]", "")
            return InvalidInput(f"{name}: {pname}={_short(value)} has the wrong type "
                                f"({type(value).__name__}; expected {expected})")
    shown = ", ".join(f"{p}={_short(v)}" for p, _a, v in named)
    return InvalidInput(f"{name}: a value has the wrong type for this call ({shown})")


def _wrap(fn: Callable[..., Any], name: str) -> Callable[..., Any]:
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TypeError as error:
            if not any(text in str(error) for text in _PYBIND_TYPE_ERRORS):
                raise
            raise _translate(name, fn, args, kwargs) from None
        except RuntimeError as error:
            if not str(error).startswith("Unable to cast"):
                raise
            raise _translate(name, fn, args, kwargs) from None

    return call


def _install() -> None:
    if getattr(_core, "_guarded", False):
        return
    for attr, obj in list(vars(_core).items()):
        if attr.startswith("__"):
            continue
        if inspect.isclass(obj):
            for method, member in list(vars(obj).items()):
                if method.startswith("__") or method.startswith("_pybind11"):
                    continue
                if isinstance(member, staticmethod):
                    setattr(obj, method, staticmethod(_wrap(member.__func__, f"{attr}.{method}")))
                elif type(member).__name__ in ("instancemethod", "builtin_function_or_method"):
                    setattr(obj, method, _wrap(getattr(obj, method), method))
        elif type(obj).__name__ == "builtin_function_or_method":
            setattr(_core, attr, _wrap(obj, attr))
    _core._guarded = True


_install()
