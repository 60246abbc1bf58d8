"""Loops of many small steps (a PixelCNN drawing one code at a time): run on one CPU thread
and say how far they are.

An autoregressive sampler runs thousands of tiny operations one after another. With PyTorch's
default of one thread per core, every one of them is split between threads that wait on each
other, and on a busy machine (a classroom's server, a training run beside it) that wait
multiplies: 16 PixelCNN samples on MNIST took 7.0 s with two threads against 1.5 s with one at
a load of 4 on a 2-core machine (1.5 s against 0.6 s idle). `one_thread` holds the process at
one intra-op thread while any such loop runs (threads count themselves in and out, so two
sessions sampling at once do not restore the setting under each other).

`reporting` lets a caller (a page's progress bar) hear each step of the loops it starts, in
its own thread only (a context variable), without threading a callback through every call.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections.abc import Callable, Iterator

import torch

_lock = threading.Lock()
_inside = 0  # loops running now, in any thread
_threads = 0  # the setting to restore when the last one ends

_listener: contextvars.ContextVar[Callable[[int, int], None] | None] = contextvars.ContextVar(
    "genviz_loop_listener", default=None
)


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Run the block with one intra-op thread (restored when the last such block ends)."""
    global _inside, _threads
    with _lock:
        if _inside == 0:
            _threads = torch.get_num_threads()
            torch.set_num_threads(1)
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0:
                torch.set_num_threads(_threads)


@contextlib.contextmanager
def reporting(listener: Callable[[int, int], None]) -> Iterator[None]:
    """Call listener(done, total) after each step of every loop the block runs (this thread)."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def step(done: int, total: int) -> None:
    """A loop's report: `done` of its `total` steps are finished."""
    listener = _listener.get()
    if listener is not None:
        listener(done, total)
