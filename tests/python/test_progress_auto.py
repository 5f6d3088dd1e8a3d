"""progress=None: a tqdm.auto bar (or the text bar) shown only for calls longer than ~2 s."""

from __future__ import annotations

import io

import pytest

import maillage
from maillage import _core, _progress


class FakeTqdm:
    made: list = []

    def __init__(self, total, desc, delay, leave, dynamic_ncols):
        self.total, self.desc, self.delay, self.n, self.closed = total, desc, delay, 0, False
        FakeTqdm.made.append(self)

    def update(self, k):
        self.n += k

    def close(self):
        self.closed = True


def test_tqdm_bar_per_stage_with_the_delay(monkeypatch):
    FakeTqdm.made = []
    bar = _progress._TqdmBar(FakeTqdm)
    _core._count_with_progress(40, bar)
    assert len(FakeTqdm.made) >= 1
    first = FakeTqdm.made[0]
    assert first.desc == "count" and first.total == 40 and first.n == 40 and first.closed
    assert 0 < first.delay <= _progress.DELAY
    bar("a", 0, 0)  # an empty stage makes no bar
    assert len(FakeTqdm.made) == 1


def test_tqdm_bar_with_real_tqdm_is_silent_for_a_quick_call():
    tqdm = pytest.importorskip("tqdm").tqdm
    stream = io.StringIO()

    def to_stream(**kwargs):
        return tqdm(file=stream, **kwargs)

    _core._count_with_progress(30, _progress._TqdmBar(to_stream))
    assert stream.getvalue() == ""  # finished well before the delay
    slow = _progress._TqdmBar(to_stream)
    slow.started -= 10  # as if the call had run 10 s already
    _core._count_with_progress(30, slow)
    assert "count" in stream.getvalue() and "/30" in stream.getvalue()  # shown, then cleared (leave=False)


def test_text_bar_delay(capsys):
    bar = _progress._Bar(delay=60)
    for done in range(5):
        bar("stage", done, 4)
    assert capsys.readouterr().err == ""


def test_none_chooses_by_context(monkeypatch):
    assert maillage._progress.resolve_progress(None) is None  # pytest captures stderr: no terminal
    monkeypatch.setattr(_progress, "_in_notebook", lambda: True)
    pytest.importorskip("tqdm")
    assert isinstance(maillage._progress.resolve_progress(None), _progress._TqdmBar)
