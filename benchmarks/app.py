"""The app's responsiveness, measured with Streamlit's AppTest (server time, no browser):
opening each page with the shipped checkpoints (first visit, then the median of reruns),
and slider moves. Bars: a page reruns in <= 2 s, a slider move in <= 200 ms.

`--sampling` measures new PixelCNN samples instead, the slowest thing a student can ask for
(Generate's 16 samples and class grid, Codebook's "New noise"), on MNIST, beside the sampler
as it was (every step on the whole grid, PyTorch's default threads, the class grid one class
at a time) timed in the same run; `--load N` keeps N busy processes running meanwhile, as a
classroom's server has. Bar: under 10 s on a loaded 2-core machine.

    python -m genviz bench app [--dataset mnist] [--rounds 3]
    python -m genviz bench app --sampling --load 4
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


def busy(n: int) -> list:
    """n processes that keep a core busy each (the background load), stopped by the caller."""
    import subprocess
    import sys

    spin = "while True: pass"
    return [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(n)]


def reference(model, seed: int, label: int | None) -> None:
    """The sampler as it was: the network on the whole grid at every step, PyTorch's default
    threads, and the class grid drawn one class at a time (16 + 10 x 8 samples)."""
    import torch

    def sample(n, y, gen):
        h, w = model.latent_shape
        codes = torch.zeros(n, h, w, dtype=torch.long)
        for i in range(h):
            for j in range(w):
                probs = model.logits(codes, y)[:, :, i, j].softmax(1)
                codes[:, i, j] = torch.multinomial(probs, 1, generator=gen)[:, 0]
        return model.decode(codes)

    with torch.no_grad():
        gen = torch.Generator().manual_seed(seed)
        y = torch.arange(16) % 10 if label is None else torch.full((16,), label)
        sample(16, y, gen)
        for c in range(10):
            sample(8, torch.full((8,), c), torch.Generator().manual_seed(seed))


def sampling(rounds: int) -> int:
    """New PixelCNN samples on Generate and Codebook, against the old sampler (see above)."""
    import os
    import tempfile

    from streamlit.testing.v1 import AppTest

    import ui

    os.environ["GENVIZ_CACHE"] = tempfile.mkdtemp()  # nothing kept from an earlier run
    prior = str(ui.CHECKPOINTS / "mnist" / "pixelcnn")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    app.session_state["dataset"] = "mnist"
    app.session_state["gv_chosen"] = {"mnist": prior}
    app.run()
    rows = []
    for page, key in (("generate", "gen_resample"), ("codebook", "code_resample")):
        app.switch_page(f"app_pages/{page}.py").run()
        for _ in range(rounds):
            rows.append((page, timed(lambda k=key: app.button(key=k).click().run())))
        if app.exception:
            print(f"  {page} failed: {app.exception[0].value}")
            return 1
    model = ui.checkpoint_at(prior).model
    before = statistics.median(timed(lambda s=s: reference(model, 100 + s, None))
                               for s in range(rounds))  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.1f} (1 min, at the end); {os.cpu_count()} cores; "
          "seconds per press of New samples, median")  # fmt: skip
    print(f"  {'what':44s} genviz   before   bar (< 10 s)")
    for page in ("generate", "codebook"):
        took = statistics.median(t for p, t in rows if p == page)
        what = {"generate": "Generate: 16 samples + class grid (96)",
                "codebook": "Codebook: New noise (16 samples)"}[page]  # fmt: skip
        old = f"{before:6.2f} s" if page == "generate" else "   -    "
        print(f"  {what:44s} {took:5.2f} s {old}  {'PASS' if took < 10 else 'FAIL'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m genviz bench app", description=__doc__)
    p.add_argument("--dataset", default="digits")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--sampling", action="store_true", help="new PixelCNN samples (above)")
    p.add_argument("--load", type=int, default=0, help="busy processes kept running meanwhile")
    args = p.parse_args(argv)
    load = busy(args.load)
    try:
        return sampling(args.rounds) if args.sampling else pages(args)
    finally:
        for proc in load:
            proc.kill()


def pages(args) -> int:
    from streamlit.testing.v1 import AppTest

    import ui

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
