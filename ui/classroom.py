"""What a served class needs beyond a laptop's single user: no client can clear everyone's
caches, and the teacher's key (GENVIZ_TEACHER_KEY) cannot be guessed at speed.

Streamlit answers a `clear_cache` message from any client by clearing every user's cached
results and the sender's session, though the toolbar hides its menu; `guard` (once per
server) refuses it (a server's caches are cleared by restarting it). A wrong key costs a wait
that doubles after the third try, per session and per address, so a script that types keys
gets a handful of guesses an hour instead of ten a second.

Each user's page runs in its own thread, and PyTorch's threads (one per core) waiting on each
other across thirty users' pages were the largest cost of a class's load: `one_of_many` puts
a page that starts while another runs on one thread (at 30 users p95 5.2 -> 3.3 s) and leaves
a page alone with every core, as on a laptop.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import threading
import time
from collections.abc import Iterator

import streamlit as st

from genviz.models import loops

KEY = "GENVIZ_TEACHER_KEY"
FREE_TRIES = 3  # wrong keys before the first wait
FIRST_WAIT_S = 2.0  # then 2, 4, 8, ... seconds, at most MAX_WAIT_S
MAX_WAIT_S = 600.0
_LOG = logging.getLogger("genviz")
_lock = threading.Lock()
_wrong: dict[str, tuple[int, float]] = {}  # an address or session -> (wrong tries, wait until)
_pages = threading.Lock()
_running = 0  # pages inside one_of_many now


@contextlib.contextmanager
def one_of_many() -> Iterator[None]:
    """Run the block (one user's run of a page, in its own thread) on one intra-op thread if it
    starts while another such block runs (loops.one_thread, which counts its users); alone,
    with the threads as they are. PyTorch keeps the setting per thread once a thread has used
    it: a run that started alone keeps its threads when others join."""
    global _running
    with _pages:
        _running += 1
        crowded = _running > 1
    try:
        with loops.one_thread() if crowded else contextlib.nullcontext():
            yield
    finally:
        with _pages:
            _running -= 1


def served() -> bool:
    return bool(os.environ.get(KEY))


@st.cache_resource(show_spinner=False)
def guard() -> bool:
    """Once per server: refuse clients' `clear_cache` messages (every user's caches, for
    anyone who sends one: on a class's server a student could, and on a laptop nobody needs
    to, the menu being hidden)."""
    from streamlit.runtime.app_session import AppSession

    def refused(session) -> None:
        _LOG.warning("refused a client's request to clear every user's caches")

    AppSession._handle_clear_cache_request = refused
    return True


def _now() -> float:
    return time.monotonic()


def _who() -> list[str]:
    """Who is guessing: this session, and the address it comes from."""
    address = getattr(st.context, "ip_address", None)
    address = address if isinstance(address, str) and address else "local"
    session = st.session_state.setdefault("gv_key_session", os.urandom(8).hex())
    return [f"address:{address}", f"session:{session}"]


def wait_left() -> float:
    """Seconds before this session (or its address) may try a key again; 0 when it may."""
    with _lock:
        return max([_wrong.get(w, (0, 0.0))[1] - _now() for w in _who()] + [0.0])


def key_opens(given: str) -> bool:
    """Whether `given` is the teacher's key: tried only when no wait is pending, and each new
    wrong key counted against the session and its address (the same text again is not a new
    try: a page rerun keeps the field)."""
    key = os.environ.get(KEY, "")
    state = st.session_state
    if not given:
        return False
    if state.get("gv_key_tried") == given:  # the same text, judged before
        return bool(state.get("gv_key_ok"))
    if wait_left() > 0:
        return False  # not judged: tried again once the wait is over
    ok = hmac.compare_digest(given.encode(), key.encode())
    state["gv_key_tried"], state["gv_key_ok"] = given, ok
    if not ok:
        with _lock:
            for who in _who():
                tries = _wrong.get(who, (0, 0.0))[0] + 1
                wait = 0.0 if tries < FREE_TRIES else FIRST_WAIT_S * 2 ** (tries - FREE_TRIES)
                _wrong[who] = (tries, _now() + min(wait, MAX_WAIT_S))
    return ok
