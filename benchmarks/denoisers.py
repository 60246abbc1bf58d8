"""The shipped diffusion and flow models against the shipped GAN and cGAN, in one run: the
time to make 64 images in 50 steps on this machine (beside the GAN's one network call), and
the samples judged by the shipped classifier (fidelity, class entropy, Fréchet distance in its
features) at each guidance weight, the GANs' samples judged the same way beside them.

    python -m genviz bench denoisers [--dataset mnist] [--samples 10000] [--guidance 0,1,2]
        [--steps 50] [--models flow,diffusion] [--speed-only]

Bars (issue 25): class-conditional with guidance, fidelity >= 99% and Fréchet below the
cGAN's; unconditional (guidance 0), class entropy >= 0.98 ln 10 and Fréchet below the GAN's;
64 images in 50 steps in under 3 s.
"""

from __future__ import annotations

import argparse
import math
import os
import time
from pathlib import Path

import torch

from genviz import checkpoint, data, memory
from genviz.analysis import batches, generate, metrics

SHIPPED = Path(__file__).resolve().parents[1] / "checkpoints"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (1 min) {five:.2f} (5 min) on {os.cpu_count()} cores"


def seconds_for_64(model, steps: int | None, rounds: int = 3) -> float:
    """The best of `rounds` timings of 64 samples (steps for a step-by-step sampler)."""
    options = {} if steps is None else {"steps": steps}
    best = math.inf
    with torch.no_grad():
        model.sample(8, generator=torch.Generator().manual_seed(0), **options)  # warm up
        for r in range(rounds):
            began = time.perf_counter()
            model.sample(64, generator=torch.Generator().manual_seed(r), **options)
            best = min(best, time.perf_counter() - began)
    return best


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m genviz bench denoisers", description=__doc__)
    p.add_argument("--dataset", default="mnist")
    p.add_argument("--samples", type=int, default=10_000)
    p.add_argument("--guidance", default="0,1,1.5,2", help="weights, comma-separated")
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--models", default="flow,diffusion")
    p.add_argument("--speed-only", action="store_true", help="only the sampling time")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.add_argument("--checkpoints", default=str(SHIPPED), help="the sets' folder (shipped)")
    args = p.parse_args(argv)
    folder = Path(args.checkpoints) / args.dataset
    names = [n for n in args.models.split(",") if (folder / f"{n}.json").is_file()]
    if not names:
        print(f"no {args.models} checkpoint in {folder}: train one first")
        return 1
    models = {n: checkpoint.load(folder / n).model.eval() for n in names}
    gans = {n: checkpoint.load(folder / n).model.eval() for n in ("gan", "cgan")
            if (folder / f"{n}.json").is_file()}  # fmt: skip

    kept = "kept" if memory.keep_freed_memory() else "as the C library does"
    print(f"64 images on this machine ({load()}, {torch.get_num_threads()} torch threads,"
          f" freed memory {kept}: genviz.memory)")  # fmt: skip
    for name, model in models.items():
        s = seconds_for_64(model, args.steps)
        w = model.config.guidance
        print(f"  {name:10} {args.steps} steps, guidance {w:g}: {s:6.2f} s   (bar: < 3 s)")
    for name, model in gans.items():
        print(f"  {name:10} one network call:      {seconds_for_64(model, None):6.2f} s")
    print(f"  ({load()} after)")
    if args.speed_only:
        return 0

    judge = checkpoint.load(folder / "classifier").model.eval()
    real = batches.embed(judge, data.load_dataset(args.dataset, "test", root=args.data))
    ln_k = math.log(judge.config.num_classes)
    print(f"\n{args.samples:,} samples each, judged by the shipped classifier")
    print(f"  {'model':10} {'guidance':>8} {'fidelity':>9} {'entropy/lnK':>12} {'Frechet':>8}"
          f" {'seconds':>8}")  # fmt: skip
    found = {}
    for name, model in gans.items():
        began = time.perf_counter()
        x, asked = generate.samples(model, args.samples, seed=0)
        s = metrics.sample_scores(judge, x, asked, real)
        found[name] = s
        fid = f"{s['fidelity']:9.2%}" if "fidelity" in s else f"{'':9}"
        print(f"  {name:10} {'':>8} {fid} {s['class_entropy'] / ln_k:12.4f} {s['frechet']:8.1f}"
              f" {time.perf_counter() - began:8.0f}")  # fmt: skip
    for name, model in models.items():
        for w in (float(g) for g in args.guidance.split(",")):
            began = time.perf_counter()
            x, asked = generate.samples(model, args.samples, seed=0, steps=args.steps, guidance=w)
            asked = asked if w > 0 else None
            s = metrics.sample_scores(judge, x, asked, real)
            found[(name, w)] = s
            fid = f"{s['fidelity']:9.2%}" if "fidelity" in s else f"{'':9}"
            print(f"  {name:10} {w:8g} {fid} {s['class_entropy'] / ln_k:12.4f}"
                  f" {s['frechet']:8.1f} {time.perf_counter() - began:8.0f}")  # fmt: skip
    print("\nbars")
    for (name, w), s in ((k, v) for k, v in found.items() if isinstance(k, tuple)):
        if w > 0 and "cgan" in found:
            ok = s["fidelity"] >= 0.99 and s["frechet"] < found["cgan"]["frechet"]
            print(f"  {name} w={w:g}: fidelity {s['fidelity']:.2%} >= 99% and Frechet "
                  f"{s['frechet']:.1f} < cGAN's {found['cgan']['frechet']:.1f}: "
                  f"{'met' if ok else 'NOT met'}")  # fmt: skip
        if w == 0 and "gan" in found:
            ok = s["class_entropy"] >= 0.98 * ln_k and s["frechet"] < found["gan"]["frechet"]
            print(f"  {name} unconditional: entropy {s['class_entropy'] / ln_k:.4f} ln K >= 0.98"
                  f" and Frechet {s['frechet']:.1f} < GAN's {found['gan']['frechet']:.1f}: "
                  f"{'met' if ok else 'NOT met'}")  # fmt: skip
    return 0
