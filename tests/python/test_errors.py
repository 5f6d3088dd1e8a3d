"""The exception hierarchy (DESIGN §4 "Exceptions") and the C++ → Python mapping."""

from __future__ import annotations

import pytest

import maillage
from maillage import _core


def test_hierarchy():
    assert issubclass(maillage.Error, Exception)
    assert issubclass(maillage.InvalidInput, maillage.Error)
    assert issubclass(maillage.InvalidInput, ValueError)
    assert issubclass(maillage.NotFound, maillage.Error)
    assert issubclass(maillage.NotFound, KeyError)
    assert issubclass(maillage.NotFound, LookupError)
    assert issubclass(maillage.Cancelled, maillage.Error)
    assert not issubclass(maillage.Cancelled, ValueError)
    assert not issubclass(maillage.Cancelled, KeyboardInterrupt)
    assert not issubclass(maillage.InvalidInput, KeyError)
    assert not issubclass(maillage.NotFound, ValueError)


def test_not_found_str_is_plain_message():
    error = maillage.NotFound("unknown node key 'Vimy'")
    assert str(error) == "unknown node key 'Vimy'"
    # KeyError itself would quote it
    assert str(KeyError("unknown node key 'Vimy'")) == "\"unknown node key 'Vimy'\""
    assert str(maillage.NotFound()) == ""


@pytest.mark.parametrize(
    "kind, expected, also",
    [
        ("InvalidInput", maillage.InvalidInput, ValueError),
        ("NotFound", maillage.NotFound, KeyError),
        ("Cancelled", maillage.Cancelled, maillage.Error),
        ("Error", maillage.Error, Exception),
    ],
)
def test_core_exceptions_map_to_python(kind, expected, also):
    message = f"a {kind} about 'Faverges-Seythenex' (acteur·ices)"
    with pytest.raises(expected) as info:
        _core._raise(kind, message)
    assert type(info.value) is expected
    assert isinstance(info.value, also)
    assert isinstance(info.value, maillage.Error)
    assert str(info.value) == message  # plain, Unicode intact, no added quotes


def test_core_base_error_is_exactly_error():
    with pytest.raises(maillage.Error) as info:
        _core._raise("anything else", "boom")
    assert type(info.value) is maillage.Error
    assert not isinstance(info.value, (ValueError, KeyError))


def test_core_not_found_caught_as_key_error():
    try:
        _core._raise("NotFound", "no node 'x'")
    except KeyError as error:  # the documented way to catch lookups
        assert str(error) == "no node 'x'"
    else:  # pragma: no cover
        pytest.fail("NotFound not raised")


def test_lookup_errors_from_the_core_are_not_found(french):
    view = french.view()
    with pytest.raises(maillage.NotFound) as info:
        view.neighbors("commune:99999")
    assert str(info.value).count("commune:99999") == 1
    assert not str(info.value).startswith('"')
    with pytest.raises(KeyError):
        french.parents("nowhere")


def test_exported_names():
    for name in ("Error", "InvalidInput", "NotFound", "Cancelled", "Graph", "View", "from_networkx",
                 "to_networkx", "connected_components", "datasets", "__version__"):
        assert name in maillage.__all__
        assert hasattr(maillage, name)
    assert isinstance(maillage.__version__, str)
    assert maillage.__version__.count(".") >= 1
