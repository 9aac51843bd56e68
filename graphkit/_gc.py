"""Pausing Python's cyclic garbage collector around bulk work.

Resolution, cache loading and graph projection allocate millions of small objects and make no
cycles; the collector's repeated passes over them cost a third of the time. ``paused()`` turns
it off for the duration of a block, and after a big block moves everything alive into the
permanent generation, so later collections skip a corpus or graph that stays for the life of
the process (``freeze=False`` for a block whose results are dropped soon, such as a view's
whole graph: frozen objects in a reference cycle would never be freed). A long-running process
(the server, which builds graphs per request and a fresh corpus per generation) calls
``never_freeze()``: there nothing it builds lives for the life of the process.
"""
from __future__ import annotations

import functools
import gc
from contextlib import contextmanager


@contextmanager
def paused(freeze: bool = True):
    """Cyclic garbage collection off inside the block (restored afterwards); with ``freeze``,
    the survivors of a big block are frozen.

    >>> import gc
    >>> with paused():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if freeze and _freezing and gc.get_count()[0] > BULK:
                # what the block built (a corpus, a graph) mostly lives on; without this the
                # first collection after re-enabling walks all of it (seconds at a million)
                gc.freeze()
            gc.enable()


def paused_in(func):
    """``func`` run with ``paused(freeze=False)``: for a function whose many small objects make
    no cycles and are dropped soon after (a view: arXiv's 5,000-node view spent ~1 s of 5 s in
    collections).

    >>> @paused_in
    ... def f():
    ...     return gc.isenabled()
    >>> f(), gc.isenabled()
    (False, True)
    """
    @functools.wraps(func)
    def run(*args, **kwargs):
        with paused(freeze=False):
            return func(*args, **kwargs)
    return run


BULK = 100_000  # allocations inside a paused block above which its survivors are frozen
_freezing = True


def never_freeze() -> None:
    """From now on ``paused()`` never freezes (for a long-running process)."""
    global _freezing
    _freezing = False
