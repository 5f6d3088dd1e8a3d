"""The shipped type information matches the compiled module."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import maillage
from maillage import _core


def _stub_tree():
    path = Path(maillage.__file__).with_name("_core.pyi")
    assert path.is_file(), "the package ships _core.pyi"
    return ast.parse(path.read_text(encoding="utf-8"))


def _public(names):
    return {n for n in names if not (n.startswith("__") and n.endswith("__"))}


def test_py_typed_marker_ships():
    assert Path(maillage.__file__).with_name("py.typed").is_file()


def test_stub_declares_every_module_function_and_class():
    tree = _stub_tree()
    declared = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    actual = {name for name, obj in vars(_core).items() if callable(obj) or inspect.isclass(obj)}
    assert _public(actual) == _public(declared)


def test_stub_classes_declare_every_method():
    tree = _stub_tree()
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        declared = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
        actual = {name for name in vars(getattr(_core, node.name)) if not name.startswith("_pybind11")}
        assert _public(actual) == _public(declared), node.name
