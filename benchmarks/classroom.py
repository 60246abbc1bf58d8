"""A class on one server: the app served by `streamlit run` on a loopback port, N users at
once, each opening the app, picking a dataset and visiting every page in a random order,
using each page's main control once, and waiting each time until Streamlit is done. One user
starts a training run on the Train page first. Failures (an exception, an error box, a lost
connection, a page never ready) are counted by kind; time to ready is per page visit and per
control use.

Two clients, each figure labelled with its own:
  browser   headless Chromium driven by Playwright, one browser with N contexts: what users
            see, but N browsers share this machine's CPU with the server
  protocol  Streamlit's own websocket protocol (what the browser speaks), no rendering:
            server time only

    python -m genviz bench classroom --users 1,10,30 [--client protocol|browser|both]
                                     [--dataset mnist] [--pages latent_map,denoise] [--seed 0]

Bars (the classroom issue's, on a quiet 2-core machine, shipped MNIST checkpoints, while the
training run progresses and the live viewers refresh): over the protocol, N = 30, no
failures, p95 time to ready under 5 s and opening the app under 10 s; in real browsers, N =
10, no failures and p95 under 3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ui.pages import PAGES as MENU  # noqa: E402
from ui.text import EN  # noqa: E402

TITLES = {Path(file).stem: EN[key] for file, key, _ in MENU}  # page name -> its menu title

BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = [Path(file).stem for file, _, _ in MENU]  # every page of the app's menu
# each page's main control: (widget key, kind, the value to set); a page not named has none
CONTROLS = {
    "train": ("train_kind", "selectbox", "VAE"),
    "latent_map": ("ckpt_{dataset}_map", "selectbox", None),  # another model's map
    "interpolate": ("interp_t", "slider", 0.8),
    "codebook": ("code_index", "number", 5),
    "denoise": ("dn_level", "slider", 0.3),
    "generate": ("gen_class", "selectbox", "3"),
    "compare": ("cmp_epochs", "number", 4),  # a sweep not trained yet
    "applications": ("app_normal", "selectbox", "3"),
    "upload": ("up_invert", "radio", "invert"),
}


@dataclass
class Result:
    times: list[float] = field(default_factory=list)  # seconds to ready, per visit or control
    opened: list[float] = field(default_factory=list)  # seconds to open the app, per user
    by_page: dict = field(default_factory=dict)  # page -> its times
    failures: Counter = field(default_factory=Counter)  # kind -> count
    visits: int = 0
    live: list[float] = field(default_factory=list)  # seconds between a viewer's refreshes


# -- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(env: dict | None = None, timeout: float = 90):
    """`streamlit run app.py` on a free loopback port; yields (url, process); stops it."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.port",
        str(port),
    ]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    log = open(tempfile.mkstemp(prefix="genviz-server-", suffix=".log")[1], "w+")  # noqa: SIM115
    # a log file, not a pipe: a pipe nobody reads fills up and stops the server
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"streamlit did not start:\n{Path(log.name).read_text()[-3000:]}")
        time.sleep(0.3)
    try:
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        if os.environ.get("GENVIZ_BENCH_DEBUG"):
            print(Path(log.name).read_text()[-4000:], file=sys.stderr)
        log.close()
        Path(log.name).unlink(missing_ok=True)


class Watch:
    """Samples the server's process tree (the server and its workers): peak memory, and the
    CPU time it used while watched."""

    def __init__(self, pid: int, every: float = 0.5):
        self.pid, self.every = pid, every
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._cpu0 = self._cpu()
        self._t0 = time.monotonic()
        threading.Thread(target=self._run, daemon=True).start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    stat = Path(f"/proc/{entry}/stat").read_text()
                    ppid = int(stat.rsplit(")", 1)[1].split()[1])
                    children.setdefault(ppid, []).append(int(entry))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += children.get(pid, [])
        return tree

    def _cpu(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in self._tree():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            rss = 0
            for pid in self._tree():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    status = Path(f"/proc/{pid}/status").read_text()
                    rss += int(status.split("VmRSS:")[1].split()[0])  # kB
            self.peak_mb = max(self.peak_mb, rss / 1024)

    def stop(self) -> tuple[float, float]:
        """(peak MB, mean cores busy) over the watch."""
        self._stop.set()
        return self.peak_mb, (self._cpu() - self._cpu0) / max(time.monotonic() - self._t0, 1e-9)


# -- the protocol client -------------------------------------------------------------------


class ProtocolUser:
    """One session speaking Streamlit's websocket protocol: rerun requests with widget
    states, and the deltas and `script_finished` that answer them."""

    def __init__(self, url: str):
        self.url = url.replace("http", "ws") + "/_stcore/stream"
        self.widgets: dict[str, object] = {}  # widget id -> its element's proto
        self.states: dict[str, object] = {}  # widget id -> WidgetState
        self.pages: dict[str, str] = {}  # url pathname -> page script hash
        self.page_hash = ""
        self.errors: list[str] = []
        self.fragments: set[str] = set()  # the ids of the page's fragments (a live view)

    async def __aenter__(self):
        import websockets

        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=2**28)
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def rerun(self, timeout: float = 300, fragment: str = "") -> float:
        """Ask for a run with the current widget states (of one fragment only, as a browser's
        live view asks every second); seconds until it finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.widget_states.widgets.extend(self.states.values())
        if fragment:
            msg.rerun_script.fragment_id = fragment
            msg.rerun_script.is_auto_rerun = True
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        self.errors = []
        if not fragment:
            self.widgets, self.fragments = {}, set()  # as a browser, keep this run's widgets
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
            elif kind == "delta":
                if fwd.delta.fragment_id:
                    self.fragments.add(fwd.delta.fragment_id)
                if fwd.delta.WhichOneof("type") == "new_element":
                    self._element(fwd.delta.new_element)
            elif kind == "script_finished" and fwd.script_finished != 2:  # 2: cut short by ours
                self.states = {w: s for w, s in self.states.items() if w in self.widgets}
                return time.perf_counter() - start

    async def clear_cache(self) -> None:
        """Send Streamlit's `clear_cache` message, as its hidden menu item would."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        await self.ws.send(BackMsg(clear_cache=True).SerializeToString())

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors.append(f"exception ({element.exception.type})")  # named: seen once
            if os.environ.get("GENVIZ_BENCH_DEBUG"):
                print(
                    "exception:",
                    element.exception.type,
                    element.exception.message[:300],
                    file=sys.stderr,
                )
        elif kind == "alert" and element.alert.format == 1:  # ERROR
            self.errors.append("error box")
        elif kind is not None:
            proto = getattr(element, kind)
            wid = getattr(proto, "id", "")
            if wid:
                self.widgets[wid] = (kind, proto)

    def widget(self, key: str):
        return next(
            ((w, v) for w, v in self.widgets.items() if w.endswith(f"-{key}")), (None, None)
        )

    def set(self, key: str, kind: str, value) -> bool:
        """Set a widget's state by its key, as a user would; False if it is not on the page."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        wid, found = self.widget(key)
        if wid is None:
            return False
        element_kind, proto = found
        state = WidgetState(id=wid)
        if kind == "selectbox":
            options = list(proto.options)
            choice = value if value in options else next((o for o in options[1:]), options[0])
            state.string_value = choice
        elif kind == "radio":
            options = list(proto.options)
            choice = value if value in options else options[-1]
            state.string_value = choice
        elif kind == "slider":
            state.double_array_value.data.extend([float(value)])
        elif kind == "number":
            state.double_value = float(value)
        elif kind == "button":
            state.trigger_value = True
        self.states[wid] = state
        return True


async def protocol_user(url, dataset, pages, rng, result: Result, train: bool) -> None:
    try:
        async with ProtocolUser(url) as user:
            opened = await user.rerun()  # opening the app
            user.set("dataset", "selectbox", _dataset_label(dataset))
            result.opened.append(opened + await user.rerun())
            if train:
                user.page_hash = user.pages.get("train", "")
                await user.rerun()
                user.set("train_kind", "selectbox", "autoencoder")
                await user.rerun()
                start = next((w for w in user.widgets if "FormSubmitter" in w), None)
                if start is not None:
                    user.states[start] = _trigger(start)
                    await user.rerun()
                    user.states.pop(start, None)
            for page in rng.sample(pages, len(pages)):
                user.page_hash = user.pages.get("" if page == "home" else page, "")
                result.times.append(await user.rerun())
                result.by_page.setdefault(page, []).append(result.times[-1])
                result.visits += 1
                for error in user.errors:
                    result.failures[f"{error} on {page}"] += 1
                control = CONTROLS.get(page)
                if control is not None and user.set(
                    control[0].format(dataset=dataset), *control[1:]
                ):
                    result.times.append(await user.rerun())
                    result.by_page.setdefault(f"{page} (control)", []).append(result.times[-1])
                    for error in user.errors:
                        result.failures[f"{error} on {page} (control)"] += 1
    except TimeoutError:
        result.failures["never ready"] += 1
    except OSError as e:
        result.failures[f"connection: {type(e).__name__}"] += 1
    except Exception as e:  # noqa: BLE001 - counted and named, not fatal to the others
        result.failures[f"client: {type(e).__name__}"] += 1


async def live_viewer(url: str, stop: asyncio.Event, result: Result) -> None:
    """A student watching the Train page's live view: the page once, then its fragment every
    second, as a browser asks; records the seconds between refreshes (1 s when the server
    keeps up). Failures are counted by kind, named for the live view."""
    seen = Result()
    try:
        async with ProtocolUser(url) as user:
            await user.rerun()
            user.page_hash = user.pages.get("train", "")
            await user.rerun()
            if not user.fragments:
                seen.failures["no live view on train"] += 1
                return
            fragment = sorted(user.fragments)[0]
            previous = time.perf_counter()
            while not stop.is_set():
                asked = time.perf_counter()
                await user.rerun(fragment=fragment)
                now = time.perf_counter()
                result.live.append(now - previous)  # from one refresh shown to the next
                previous = now
                await asyncio.sleep(max(0.0, 1.0 - (now - asked)))  # a browser asks each 1 s
                for error in user.errors:
                    seen.failures[error] += 1
    except Exception as e:  # noqa: BLE001 - counted and named, not fatal to the others
        seen.failures[type(e).__name__] += 1
    finally:
        for kind, count in seen.failures.items():
            result.failures[f"{kind} (live view)"] += count


def _trigger(wid: str):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=wid, trigger_value=True)


def _dataset_label(dataset: str) -> str:
    sys.path.insert(0, str(ROOT))
    from ui.text import tr

    return tr(f"dataset.{dataset}")


# -- the browser client --------------------------------------------------------------------

EXCEPTION = '[data-testid="stException"]'
ERROR = '[data-testid="stAlertContentError"]'


async def settle(page, timeout_ms: int = 300_000) -> None:
    await asyncio.sleep(0.5)
    await page.wait_for_selector(
        '[data-testid="stStatusWidget"]', state="detached", timeout=timeout_ms
    )


async def browser_user(browser, url: str, dataset: str, pages: list[str], rng, result: Result,
                       train: bool) -> None:  # fmt: skip
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await context.new_page()
    where = "opening the app"
    try:
        start = time.perf_counter()
        await page.goto(url, wait_until="domcontentloaded", timeout=300_000)
        await page.wait_for_selector("h1", timeout=300_000)
        await settle(page)
        await _choose(
            page,
            page.locator('[data-testid="stSidebar"] input[aria-label="Dataset"]'),
            page.get_by_role("option", name=_dataset_label(dataset), exact=True),
        )
        await settle(page)
        result.opened.append(time.perf_counter() - start)
        if train:
            await _open(page, "train")
            await page.get_by_role("button", name="Start training").click()
            await settle(page)
        for name in rng.sample(pages, len(pages)):
            where = name
            start = time.perf_counter()
            await _open(page, name)
            result.times.append(time.perf_counter() - start)
            result.by_page.setdefault(name, []).append(result.times[-1])
            result.visits += 1
            await _check(page, name, result)
            start = time.perf_counter()
            where = f"{name} (control)"
            if await _use_control(page, name, dataset):
                await settle(page)
                result.times.append(time.perf_counter() - start)
                result.by_page.setdefault(f"{name} (control)", []).append(result.times[-1])
                await _check(page, f"{name} (control)", result)
    except Exception as e:  # noqa: BLE001 - counted and named, not fatal to the others
        kind = "never ready" if "Timeout" in type(e).__name__ else f"client: {type(e).__name__}"
        result.failures[f"{kind} on {where}"] += 1
        if os.environ.get("GENVIZ_BENCH_DEBUG"):
            await page.screenshot(path=f"/tmp/classroom-{where}.png")
            print(f"{where}: {e}"[:600], file=sys.stderr)
    finally:
        await context.close()


async def _open(page, name: str) -> None:
    title = TITLES[name]  # the menu's own English title ("Diffusion & flow" for diffuse)
    await page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click(
        timeout=120_000
    )
    await settle(page)


async def _check(page, where: str, result: Result) -> None:
    if await page.locator(EXCEPTION).count():
        result.failures[f"exception on {where}"] += 1
    if await page.locator(ERROR).count():
        result.failures[f"error box on {where}"] += 1
    body = await page.inner_text("body")
    if "Connection error" in body or "connecting" in body.lower()[:2000]:
        result.failures[f"connection on {where}"] += 1


async def _use_control(page, name: str, dataset: str) -> bool:
    control = CONTROLS.get(name)
    if control is None:
        return False
    key, kind, value = control
    key = key.format(dataset=dataset)
    box = page.locator(f".st-key-{key}")
    if await box.count() == 0:
        return False
    if kind == "selectbox":
        options = page.get_by_role("option")
        await _choose(page, box.locator("input").first, options, pick=3)
    elif kind == "radio":
        labels = box.locator("label")
        await labels.nth(await labels.count() - 1).click()
    elif kind == "slider":
        await box.get_by_role("slider").first.focus()
        await page.keyboard.press("ArrowRight")
    elif kind == "number":
        await box.locator("input").fill(str(value))
        await box.locator("input").press("Enter")
    return True


async def _choose(page, box, options, pick: int | None = None) -> None:
    """Open a select box and click one of its options. A click that lands while a rerun
    replaces the list does not open it (the list opens in the browser, without the server):
    look for a few seconds, then click again."""
    for _ in range(12):
        # a box at the sidebar's foot (the dataset's, at 1280 x 720) scrolled into view by the
        # click itself never opened on that click: bring it into view first, as a user sees it
        await box.scroll_into_view_if_needed(timeout=120_000)
        # a loaded server (thirty users, a training) may take longer than Playwright's 30 s
        await box.click(timeout=120_000)
        with contextlib.suppress(Exception):  # playwright's TimeoutError: not open yet
            await options.first.wait_for(timeout=5_000)
            break
        await page.keyboard.press("Escape")
    if pick is None:
        await options.first.click(timeout=120_000)
    else:
        await options.nth(min(pick, await options.count() - 1)).click(timeout=120_000)


async def _class(users, url: str, viewers: int, live: Result) -> Result:
    """The users (a coroutine that returns their Result) while `viewers` live viewers refresh
    the Train page, their figures going to `live`."""
    stop = asyncio.Event()
    watching = [asyncio.create_task(live_viewer(url, stop, live)) for _ in range(viewers)]
    try:
        return await users
    finally:
        stop.set()
        await asyncio.gather(*watching)


async def run_browser(url, n, dataset, pages, seed) -> Result:
    from playwright.async_api import async_playwright

    result = Result()
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=shutil.which("chromium"), args=BROWSER_FLAGS
        )
        users = [
            browser_user(browser, url, dataset, pages, random.Random(seed + i), result, i == 0)
            for i in range(n)
        ]
        await asyncio.gather(*users)
        await browser.close()
    return result


async def run_protocol(url, n, dataset, pages, seed) -> Result:
    result = Result()
    users = [
        protocol_user(url, dataset, pages, random.Random(seed + i), result, i == 0)
        for i in range(n)
    ]
    await asyncio.gather(*users)
    return result


def measure(
    client: str, n: int, dataset: str, pages: list[str], seed: int, viewers: int = 0
) -> dict:
    """One class of n users (and `viewers` live viewers of the Train page, over the
    protocol) against a fresh server; the figures for one row."""
    with (
        tempfile.TemporaryDirectory() as user_dir,
        serve({"GENVIZ_USER_DIR": user_dir}) as (url, proc),
    ):
        watch = Watch(proc.pid)
        start = time.perf_counter()
        runner = run_browser if client == "browser" else run_protocol
        live = Result()
        result = asyncio.run(_class(runner(url, n, dataset, pages, seed), url, viewers, live))
        wall = time.perf_counter() - start
        peak_mb, cores = watch.stop()
    result.failures.update(live.failures)
    times = sorted(result.times) or [float("nan")]
    opened = sorted(result.opened) or [float("nan")]
    if os.environ.get("GENVIZ_BENCH_DEBUG"):
        for name, ts in sorted(result.by_page.items(), key=lambda kv: -max(kv[1])):
            print(f"    {name:26s} median {statistics.median(ts):6.2f} s   max {max(ts):6.2f} s")
    refresh = sorted(live.live) or [float("nan")]
    return {
        "client": client,
        "users": n,
        "viewers": viewers,
        "live_p50": statistics.median(refresh),
        "live_p95": refresh[min(len(refresh) - 1, int(0.95 * len(refresh)))],
        "visits": result.visits,
        "failures": dict(result.failures),
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
        "max": times[-1],
        "open_p50": statistics.median(opened),
        "open_max": opened[-1],
        "wall": wall,
        "peak_mb": peak_mb,
        "cores": cores,
    }


# the classroom issue's bars, on a quiet machine, with the live viewers and a training run:
# (client, users) -> (p95 bar, opening bar or None); the browsers' opening is printed, with no
# bar: here they run on the server's own two cores, in a class on the students' computers
BARS = {("protocol", 30): (5.0, 10.0), ("browser", 10): (3.0, None)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m genviz bench classroom", description=__doc__)
    p.add_argument("--users", default="1,10,30", help="class sizes, e.g. 1,10,30")
    p.add_argument("--client", default="both", choices=["protocol", "browser", "both"])
    p.add_argument("--dataset", default="mnist")
    p.add_argument("--pages", default=",".join(PAGES), help="a subset, e.g. home,denoise")
    p.add_argument("--seed", type=int, default=0)
    watching = "students watching the Train page's live view meanwhile (over the protocol)"
    p.add_argument("--viewers", type=int, default=10, help=watching)
    args = p.parse_args(argv)
    pages = args.pages.split(",")
    clients = ["protocol", "browser"] if args.client == "both" else [args.client]
    print(
        f"a class on one server: each user opens the app, picks {args.dataset}, visits "
        f"{len(pages)} pages in a random order and uses each page's main control; user 1 "
        f"starts a training run first, and {args.viewers} more students watch its live view "
        "(refreshed every second, as a browser does). Time to ready per page visit and per "
        "control use; opening the app (loading it, picking the dataset) apart; the live view's "
        "seconds between refreshes."
    )
    print(f"  load average at the start {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")
    print(f"  {'client':9s} {'users':>5s} {'visits':>6s} {'p50':>7s} {'p95':>7s} {'max':>7s} "
          f"{'open p50':>8s} {'open max':>8s} {'live p50':>8s} {'live p95':>8s} {'wall':>6s} "
          f"{'peak MB':>8s} {'cores':>5s}  failures")  # fmt: skip
    rows = []
    for client in clients:
        for n in (int(u) for u in args.users.split(",")):
            r = measure(client, n, args.dataset, pages, args.seed, args.viewers)
            rows.append(r)
            failures = ", ".join(f"{k}: {v}" for k, v in r["failures"].items()) or "none"
            print(
                f"  {client:9s} {n:5d} {r['visits']:6d} {r['p50']:6.2f}s {r['p95']:6.2f}s "
                f"{r['max']:6.2f}s {r['open_p50']:7.1f}s {r['open_max']:7.1f}s "
                f"{r['live_p50']:7.2f}s {r['live_p95']:7.2f}s {r['wall']:5.0f}s "
                f"{r['peak_mb']:8.0f} {r['cores']:5.2f}  {failures}",
                flush=True,
            )
    print(f"  load average at the end {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")
    for r in rows:
        if (r["client"], r["users"]) not in BARS:
            continue
        bar, open_bar = BARS[r["client"], r["users"]]
        ok = not r["failures"] and r["p95"] < bar and (open_bar is None or r["open_max"] < open_bar)
        opening = "" if open_bar is None else f" and opening < {open_bar:g} s"
        print(f"  bar ({r['client']}, N = {r['users']}): no failures, p95 < {bar:g} s{opening}"
              f"   {'PASS' if ok else 'FAIL'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
