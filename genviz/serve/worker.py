"""A long-lived helper process joined to the server by two pipes it inherits.

Nothing listens on a port: only the process that started the worker holds the other ends of
its pipes, so no one else can connect, send it work or stall it. The parent sends and
receives messages on its side (each service's small dataclasses, pickled between genviz's
own two processes); `serve` runs the worker's side. A worker that dies is noticed (its pipe
closes) and started again by the next `ensure`.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

from genviz import paths

ENV = "GENVIZ_WORKER_FDS"


class Worker:
    """The parent's handle on one worker process running `python -m <module>`.

    `on_message(message)` runs in a reader thread for every message the worker sends;
    `on_exit()` runs there when the worker's pipe closes (it died or stopped)."""

    def __init__(self, module: str, on_message: Callable, on_exit: Callable[[], None]):
        self.module, self.on_message, self.on_exit = module, on_message, on_exit
        self.process: subprocess.Popen | None = None
        # a sender thread empties the outbox, so a worker busy with a long job never blocks
        # the page that sends it the next one
        self._outbox: queue.Queue | None = None
        self._lock = threading.Lock()
        self.starts = 0  # how many times a process was started (restarts show here)

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def ensure(self) -> Worker:
        """Start the worker unless it is running; safe to call from any thread, any time."""
        with self._lock:
            if self.alive:
                return self
            to_child, from_parent = os.pipe()
            to_parent, from_child = os.pipe()
            env = {**os.environ, ENV: f"{to_child}:{from_child}"}
            path = [str(paths.ROOT), env.get("PYTHONPATH")]
            env["PYTHONPATH"] = os.pathsep.join(filter(None, path))
            self.process = subprocess.Popen(
                [sys.executable, "-m", self.module], env=env, pass_fds=(to_child, from_child)
            )
            os.close(to_child)
            os.close(from_child)
            outbox: queue.Queue = queue.Queue()
            self._outbox = outbox
            self.starts += 1
            send, receive = (
                Connection(from_parent, readable=False),
                Connection(to_parent, writable=False),
            )
            threading.Thread(target=_write, args=(send, outbox), daemon=True).start()
            threading.Thread(
                target=self._read, args=(receive, self.process), daemon=True, name=self.module
            ).start()
        return self

    def send(self, message) -> bool:
        """Queue a message for the worker; False if none is running (`ensure` starts one)."""
        with self._lock:
            if self._outbox is None or not self.alive:
                return False
            self._outbox.put(message)
            return True

    def _read(self, receive: Connection, process: subprocess.Popen) -> None:
        while True:
            try:
                message = receive.recv()
            except (EOFError, OSError):
                break
            self.on_message(message)
        receive.close()
        process.wait()
        with self._lock:
            if self.process is process and self._outbox is not None:
                self._outbox.put(_CLOSE)
                self._outbox = None
        self.on_exit()

    def stop(self, timeout: float = 10) -> None:
        self.send(None)  # the worker's signal to return
        process = self.process
        if process is None:
            return
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_CLOSE = object()


def _write(conn: Connection, outbox: queue.Queue) -> None:
    while (message := outbox.get()) is not _CLOSE:
        try:
            conn.send(message)
        except (OSError, ValueError):
            break
        if message is None:  # the stop signal: nothing follows it
            break
    conn.close()


def serve(handle: Callable, on_start: Callable | None = None) -> None:
    """The worker's side: call `handle(message, reply)` for each message until the parent
    sends None or goes away; `reply(message)` sends one message back. `on_start(reply)` runs
    first (a warm-up), while messages that arrive meanwhile wait their turn."""
    to_child, from_child = (int(fd) for fd in os.environ[ENV].split(":"))
    receive = Connection(to_child, writable=False)
    send = Connection(from_child, readable=False)
    lock = threading.Lock()
    inbox: queue.Queue = queue.Queue()

    def reply(message) -> None:
        try:
            with lock:
                send.send(message)
        except (OSError, ValueError):  # the parent has gone: nobody is left to answer
            raise SystemExit(0) from None

    def read() -> None:  # reading in a thread keeps the parent's writes from ever blocking
        while True:
            try:
                message = receive.recv()
            except (EOFError, OSError):
                message = None
            inbox.put(message)
            if message is None:
                return

    threading.Thread(target=read, daemon=True).start()
    if on_start is not None:
        on_start(reply)
    while (message := inbox.get()) is not None:
        handle(message, reply)
