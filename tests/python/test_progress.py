"""Progress callbacks and cancellation (DESIGN §4 "Progress")."""

from __future__ import annotations

import os
import signal
import threading
import time

import pandas as pd
import pytest

import maillage
from maillage import _core


def test_callback_sees_monotonic_progress_to_total():
    calls = []
    result = _core._count_with_progress(1000, lambda stage, done, total: calls.append((stage, done, total)))
    assert result == sum(range(1000))
    assert calls, "callback never called"
    stages = {c[0] for c in calls}
    assert stages == {"count"}
    assert all(total == 1000 for _, _, total in calls)
    dones = [done for _, done, _ in calls]
    assert dones == sorted(dones)
    assert dones[0] == 0
    assert dones[-1] == 1000
    assert all(0 <= d <= 1000 for d in dones)


def test_zero_items():
    calls = []
    assert _core._count_with_progress(0, lambda *a: calls.append(a)) == 0
    assert calls and calls[-1][1] == calls[-1][2] == 0


def test_none_callback():
    assert _core._count_with_progress(10, None) == 45


def test_callback_raising_cancelled_stops_the_call():
    seen = []

    def callback(stage, done, total):
        seen.append(done)
        if done >= 3:
            raise maillage.Cancelled("stopped by the user at 3")

    with pytest.raises(maillage.Cancelled) as info:
        _core._count_with_progress(100, callback)
    assert "stopped by the user at 3" in str(info.value)
    assert max(seen) == 3  # no further calls after the cancellation


def test_callback_raising_another_exception_propagates_it():
    class Boom(RuntimeError):
        pass

    def callback(stage, done, total):
        if done == 5:
            raise Boom("boom at 5")

    with pytest.raises(Boom, match="boom at 5"):
        _core._count_with_progress(100, callback)


def test_sigint_inside_callback_becomes_cancelled():
    """Ctrl-C delivered while the Python callback runs: the call raises Cancelled, not
    KeyboardInterrupt."""
    seen = []

    def callback(stage, done, total):
        seen.append(done)
        if done == 2:
            signal.raise_signal(signal.SIGINT)

    with pytest.raises(maillage.Cancelled) as info:
        _core._count_with_progress(100, callback)
    assert "interrupt" in str(info.value).lower()
    assert max(seen) == 2


def test_os_kill_sigint_inside_callback_becomes_cancelled():
    def callback(stage, done, total):
        if done == 1:
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(maillage.Cancelled):
        _core._count_with_progress(100, callback)


def test_sigint_while_core_runs_becomes_cancelled():
    """Ctrl-C delivered while C++ runs with the GIL released (no Python callback): Cancelled at the
    core's next check, long before the loop would end."""
    timer = threading.Timer(0.05, lambda: os.kill(os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(maillage.Cancelled):
            _core._count_with_progress(10**9, None)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 30


def test_after_cancellation_the_next_call_works():
    def callback(stage, done, total):
        if done == 1:
            signal.raise_signal(signal.SIGINT)

    with pytest.raises(maillage.Cancelled):
        _core._count_with_progress(10, callback)
    assert _core._count_with_progress(10, None) == 45


def test_progress_true_draws_a_bar_on_stderr(capsys):
    _core._count_with_progress(50, maillage._progress.resolve_progress(True))
    err = capsys.readouterr().err
    assert "count" in err
    assert "100.0%" in err
    assert err.endswith("\n")


def test_progress_false_and_none_without_terminal(capsys):
    assert maillage._progress.resolve_progress(False) is None
    # under pytest's capture stderr is not a terminal
    assert maillage._progress.resolve_progress(None) is None
    with pytest.raises(TypeError):
        maillage._progress.resolve_progress("yes")


def _tiny_frames():
    nodes = pd.DataFrame({"key": ["a", "b", "c"]})
    edges = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]})
    return nodes, edges


def test_from_frames_calls_the_progress_callable():
    calls = []
    nodes, edges = _tiny_frames()
    g = maillage.Graph.from_frames(nodes, edges, progress=lambda *a: calls.append(a))
    assert g.number_of_edges() == 2
    assert calls
    for stage, done, total in calls:
        assert isinstance(stage, str) and stage
        assert 0 <= done <= total
    # every stage ends at its total
    last = {}
    for stage, done, total in calls:
        last[stage] = (done, total)
    assert all(done == total for done, total in last.values())


def test_from_frames_progress_true_writes_to_stderr(capsys):
    nodes, edges = _tiny_frames()
    maillage.Graph.from_frames(nodes, edges, progress=True)
    assert "%" in capsys.readouterr().err


def test_from_frames_progress_false_is_silent(capsys):
    nodes, edges = _tiny_frames()
    maillage.Graph.from_frames(nodes, edges, progress=False)
    assert capsys.readouterr().err == ""


def test_from_frames_cancelled_by_callback():
    nodes, edges = _tiny_frames()

    def stop(stage, done, total):
        raise maillage.Cancelled("no")

    with pytest.raises(maillage.Cancelled):
        maillage.Graph.from_frames(nodes, edges, progress=stop)


def test_from_frames_ctrl_c_in_callback():
    nodes, edges = _tiny_frames()

    def interrupt(stage, done, total):
        signal.raise_signal(signal.SIGINT)

    with pytest.raises(maillage.Cancelled):
        maillage.Graph.from_frames(nodes, edges, progress=interrupt)


def test_bar_ends_every_stage_with_one_newline(capsys):
    maillage.Graph.from_frames(None, None, progress=True)  # an empty build: total 0
    err = capsys.readouterr().err
    assert err.endswith("\n") and err.count("\n") == 1
    bar = maillage._progress._Bar()
    for done in (0, 1, 2, 2, 2):  # the core may report the end more than once
        bar("stage", done, 2)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.count("100.0%") == 1
