"""Responsiveness of the app on this machine, measured with Streamlit's AppTest (server time,
no browser): opening each page with a shipped checkpoint, and a slider move, after the first
computation. Usage: python scripts/bench_app.py [--dataset mnist]"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import ui  # noqa: E402 - needs the repository root on sys.path

PAGES = [Path(file).stem for file, _, _ in ui.PAGES]
SLIDERS = {
    "interpolate": ("interp_t", [0.2, 0.4, 0.6, 0.8]),
    "denoise": ("dn_level", [0.2, 0.3, 0.4, 0.6]),
}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dataset", default="digits")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    app.session_state["dataset"] = args.dataset
    app.run()
    print(
        f"dataset {args.dataset}; server time per rerun, median of {args.rounds} after the "
        "first visit (which fills the caches)"
    )
    print(f"  {'page':14s} first     again    bar (<= 2 s)")
    for page in PAGES:

        def visit(page=page):
            app.switch_page(f"pages/{page}.py").run()

        first = timed(visit)
        again = []
        for _ in range(args.rounds):
            app.switch_page("pages/home.py").run()
            again.append(timed(visit))
        assert not app.exception, app.exception
        median = statistics.median(again)
        print(
            f"  {page:14s} {first:6.2f} s {median:6.2f} s  {'PASS' if median <= 2 else 'FAIL'}",
            flush=True,
        )
    for page, (key, values) in SLIDERS.items():
        app.switch_page(f"pages/{page}.py").run()
        moves = [timed(lambda v=v, k=key: app.slider(key=k).set_value(v).run()) for v in values]
        median = statistics.median(moves)
        print(
            f"  slider {key} on {page}: {median * 1000:.0f} ms per move (whole page rerun; "
            f"the fragment alone is less)   bar: <= 200 ms   "
            f"{'PASS' if median <= 0.2 else 'FAIL'}"
        )


if __name__ == "__main__":
    main()
