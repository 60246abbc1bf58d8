"""A long-lived helper process joined to the server by two pipes it inherits.

Nothing listens on a port: only the process that started the worker holds the other ends of
its pipes, so no one else can connect, send it work or stall it. The parent sends and
receives messages on its side (each service's small dataclasses, pickled between genviz's
own two processes); `serve` runs the worker's side. A worker that dies is noticed (its pipe
closes) and started again by the next `ensure`. A worker that is alive but silent (paused,
stuck) is noticed by its missing heartbeat (`silent_for`) and can be killed (`kill`): its owner
decides how long is too long for the work it sent.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import NoReturn

from genviz import memory, paths

ENV = "GENVIZ_WORKER_FDS"
BEAT = "genviz-worker-beat"  # a worker's "still here", sent every HEARTBEAT_S from a thread
HEARTBEAT_S = 2.0


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
        self.heard = time.monotonic()  # when the worker last said anything (a beat included)

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
            self.heard = time.monotonic()
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

    def silent_for(self) -> float:
        """Seconds since the running worker last said anything (it beats every 2 s)."""
        return time.monotonic() - self.heard

    def kill(self) -> None:
        """Kill the worker (a paused one too); its pipe closes and `on_exit` follows."""
        with self._lock:
            process = self.process
        if process is not None and process.poll() is None:
            process.kill()

    def _read(self, receive: Connection, process: subprocess.Popen) -> None:
        while True:
            try:
                message = receive.recv()
            except (EOFError, OSError):
                break
            if process is self.process:
                self.heard = time.monotonic()
            if message != BEAT:
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
    memory.keep_freed_memory()
    to_child, from_child = (int(fd) for fd in os.environ[ENV].split(":"))
    receive = Connection(to_child, writable=False)
    send = Connection(from_child, readable=False)
    lock = threading.Lock()
    inbox: queue.Queue = queue.Queue()

    def gone() -> NoReturn:
        """The parent (the server) has gone: leave now, mid-job. A job runs in the main thread
        and would otherwise run to its end for nobody: a killed server's worker was seen
        still warming up or projecting minutes later, taking a core from the next server."""
        os._exit(0)

    def reply(message) -> None:
        try:
            with lock:
                send.send(message)
        except (OSError, ValueError):  # nobody is left to answer
            gone()

    def read() -> None:  # reading in a thread keeps the parent's writes from ever blocking
        while True:
            try:
                message = receive.recv()
            except (EOFError, OSError):
                gone()
            inbox.put(message)
            if message is None:  # asked to stop: the job at hand ends first
                return

    def beat() -> None:  # from its own thread, so a long job still says it is alive
        while True:
            time.sleep(HEARTBEAT_S)
            reply(BEAT)

    threading.Thread(target=read, daemon=True).start()
    threading.Thread(target=beat, daemon=True).start()
    if on_start is not None:
        on_start(reply)
    while (message := inbox.get()) is not None:
        handle(message, reply)
