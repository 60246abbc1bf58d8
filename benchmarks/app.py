"""The app's responsiveness, measured with Streamlit's AppTest (server time, no browser):
opening each page with the shipped checkpoints (first visit, then the median of reruns),
and slider moves. Bars: a page reruns in <= 2 s, a slider move in <= 200 ms.

    python -m genviz bench app [--dataset mnist] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SLIDERS = {
    "interpolate": ("interp_t", [0.2, 0.4, 0.6, 0.8]),
    "denoise": ("dn_level", [0.2, 0.3, 0.4, 0.6]),
}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    from streamlit.testing.v1 import AppTest

    import ui

    p = argparse.ArgumentParser(prog="python -m genviz bench app", description=__doc__)
    p.add_argument("--dataset", default="digits")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    app.session_state["dataset"] = args.dataset
    app.run()
    print(
        f"dataset {args.dataset}; server time per rerun, median of {args.rounds} after the "
        "first visit (which fills the caches)"
    )
    print(f"  {'page':14s} first     again    bar (<= 2 s)")
    for page in [Path(file).stem for file, _, _ in ui.PAGES]:

        def visit(page=page):
            app.switch_page(f"app_pages/{page}.py").run()

        first = timed(visit)
        again = []
        for _ in range(args.rounds):
            app.switch_page("app_pages/home.py").run()
            again.append(timed(visit))
        if app.exception:
            print(f"  {page:14s} failed: {app.exception[0].value}")
            return 1
        median = statistics.median(again)
        verdict = "PASS" if median <= 2 else "FAIL"
        print(f"  {page:14s} {first:6.2f} s {median:6.2f} s  {verdict}", flush=True)
    for page, (key, values) in SLIDERS.items():
        app.switch_page(f"app_pages/{page}.py").run()
        moves = [timed(lambda v=v, k=key: app.slider(key=k).set_value(v).run()) for v in values]
        median = statistics.median(moves)
        print(
            f"  slider {key} on {page}: {median * 1000:.0f} ms per move (whole page rerun; "
            f"the fragment alone is less)   bar: <= 200 ms   {'PASS' if median <= 0.2 else 'FAIL'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
