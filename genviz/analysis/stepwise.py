"""Inside a step-by-step sampler (diffusion, flow matching): the forward process that buries a
test image in noise, the reverse chain that digs a sample out of it (each state and the clean
image the network sees in it), and how the number of steps, the sampler and the guidance
weight trade quality against time and diversity, judged by a trained classifier.

Images go in and come out in [0, 1]; the families work in [-1, 1] inside."""

from __future__ import annotations

import time
from dataclasses import dataclass

import torch

from genviz.analysis import generate
from genviz.analysis.metrics import sample_scores
from genviz.analysis.pca import PCA
from genviz.errors import GenvizError
from genviz.models import GenModel
from genviz.models.classifier import Classifier


def _stepwise(model: GenModel) -> None:
    if not model.can.stepwise:
        raise GenvizError("this model makes an image in one step; pick a diffusion or flow model.")


def _unit(x: torch.Tensor) -> torch.Tensor:
    return (x.float().cpu() + 1).div(2).clamp(0, 1)


@dataclass
class Forward:
    levels: list[float]  # noise levels s in [0, 1]
    noisy: torch.Tensor  # (L, N, C, H, W): the images at each level
    guess: torch.Tensor  # (L, N, C, H, W): the clean image the network sees in them
    signal: list[float]  # the share of each level's variance that is still the image's


@torch.no_grad()
def forward(model: GenModel, x: torch.Tensor, levels, y=None, seed: int = 0) -> Forward:
    """Test images x (N, C, H, W) in [0, 1] at each noise level, all with the same noise, and
    the network's one-step guess of the clean image from each (told the class y when the model
    is conditional; with guidance 1, the plain conditional guess)."""
    _stepwise(model)
    levels = [float(s) for s in levels]
    x0 = x.to(model.device) * 2 - 1
    eps = torch.randn(x0.shape, generator=torch.Generator().manual_seed(seed)).to(model.device)
    y = None if y is None or not model.can.conditional else torch.as_tensor(y).to(model.device)
    noisy, guess = [], []
    for s in levels:
        x_s = model.mix(x0, s, eps)
        noisy.append(_unit(x_s))
        guess.append(_unit(model.clean_guess(x_s, s, y, guidance=1.0)))
    signal = [model.signal_share(s) for s in levels]
    return Forward(levels, torch.stack(noisy), torch.stack(guess), signal)


@dataclass
class Chain:
    levels: list[float]  # the noise level after each step, from 1 towards 0
    states: torch.Tensor  # (S + 1, N, C, H, W): the pure noise, then x after each step
    guesses: torch.Tensor  # (S, N, C, H, W): the clean image predicted at each step
    seconds: float
    # a prior over a latent vector: the path of each sample in its base's latent space
    # (S + 1, N, d); the states and guesses are then the base's decodings of it
    points: torch.Tensor | None = None


def _pictures(model: GenModel):
    """What a state of the chain looks like: the image itself, or, for a prior over a latent
    vector, the base model's decoding of that latent."""
    if model.can.latent != "vector":
        return _unit
    return lambda z: model.base.decode(model.unscale(z)).float().cpu()


@torch.no_grad()
def reverse(
    model: GenModel,
    n: int,
    label: int | None = None,
    steps: int | None = None,
    guidance: float | None = None,
    sampler: str | None = None,
    seed: int = 0,
) -> Chain:
    """n samples made step by step, with every intermediate state kept: the noise they start
    from, x after each step and the clean image the network predicts at each."""
    _stepwise(model)
    how = model.samplers.get(sampler, {}) if sampler else {}
    if sampler and sampler not in model.samplers:
        raise GenvizError(f"unknown sampler {sampler!r}; use one of {', '.join(model.samplers)}.")
    z = model.randn((n, *model.latent_shape), torch.Generator().manual_seed(seed))
    picture = _pictures(model)
    levels, guesses, points = [], [], [z]

    def keep(s, x, x0):
        levels.append(float(s))
        points.append(x)
        guesses.append(x0)

    began = time.perf_counter()
    y = None if label is None else torch.full((n,), int(label))
    model.decode(z, y, steps=steps, guidance=guidance, trace=keep, **how)
    seconds = time.perf_counter() - began
    states = torch.stack([picture(x) for x in points])
    guesses = torch.stack([picture(x) for x in guesses])
    path = None
    if model.can.latent == "vector":
        path = torch.stack([model.unscale(x).float().cpu() for x in points])
    return Chain(levels, states, guesses, seconds, path)


def _judged(model, judge, real, n, seed, **options) -> dict[str, float]:
    """n samples (each class in turn), judged, and the seconds they took to make."""
    began = time.perf_counter()
    x, asked = generate.samples(model, n, seed, **options)
    seconds = time.perf_counter() - began
    return {**sample_scores(judge, x, asked, real), "seconds": seconds}


def steps_curve(
    model: GenModel,
    judge: Classifier,
    real_features: torch.Tensor,
    steps=(2, 5, 10, 25, 50),
    n: int = 500,
    guidance: float | None = None,
    seed: int = 0,
) -> list[dict]:
    """For each of the family's samplers and each number of steps: the judge's scores of n
    samples (fidelity, class entropy, Frechet distance to the real features) and the seconds
    they took. One row per (sampler, steps)."""
    _stepwise(model)
    rows = []
    for name, how in model.samplers.items():
        for k in steps:
            found = _judged(model, judge, real_features, n, seed, steps=k, guidance=guidance, **how)
            rows.append({"sampler": name, "steps": int(k), **found})
    return rows


def guidance_curve(
    model: GenModel,
    judge: Classifier,
    real_features: torch.Tensor,
    weights=(0.0, 1.0, 1.5, 2.0, 3.0, 5.0),
    n: int = 500,
    steps: int | None = None,
    seed: int = 0,
) -> list[dict]:
    """For each guidance weight: the judge's scores of n samples of a class-conditional model
    (0 ignores the class, 1 is the plain conditional model, above 1 pushes past it)."""
    _stepwise(model)
    if not model.can.conditional:
        raise GenvizError("guidance needs a class-conditional model.")
    rows = []
    for w in weights:
        found = _judged(model, judge, real_features, n, seed, steps=steps, guidance=float(w))
        rows.append({"guidance": float(w), **found})
    return rows


@dataclass
class LatentPaths:
    data: torch.Tensor  # (N, 2): the base's latents of test images, drawn in 2-D
    labels: torch.Tensor  # (N,)
    paths: torch.Tensor  # (S + 1, n, 2): samples travelling from noise, drawn the same way
    samples: torch.Tensor  # (m, 2): where many samples end
    drawn_by: str  # "latent" (a 2-D latent, drawn as it is) or "pca" (its first two axes)
    explained: float  # the share of the latents' variance the drawing shows


@torch.no_grad()
def latent_paths(
    model: GenModel, x: torch.Tensor, labels: torch.Tensor, n: int = 32, m: int = 2_000,
    steps: int | None = None, seed: int = 0,
) -> LatentPaths:  # fmt: skip
    """A prior over a latent vector on its base's latent map: the base's latents of test
    images x, n samples' paths from N(0, I) to where they end, and where m samples end, drawn
    as they are for a 2-D latent, else on the first two principal axes of the test latents."""
    if model.can.latent != "vector" or not model.can.stepwise:
        raise GenvizError("this model is not a prior over a latent vector; pick a latent flow.")
    z = torch.cat([model.base.encode(x[i : i + 512].to(model.device)).float().cpu()
                   for i in range(0, len(x), 512)])  # fmt: skip
    chain = reverse(model, n, steps=steps, seed=seed)
    gen = torch.Generator().manual_seed(seed + 1)
    ends = model.unscale(model.flow(model.randn((m, *model.latent_shape), gen), steps=steps))
    ends = ends.float().cpu()
    if z.shape[1] == 2:
        draw, by, explained = (lambda a: a), "latent", 1.0
    else:
        pca = PCA(2).fit(z)
        draw, by = pca.transform, "pca"
        explained = float(pca.explained_ratio.sum())
    paths = torch.stack([torch.as_tensor(draw(p)) for p in chain.points])
    return LatentPaths(torch.as_tensor(draw(z)), labels, paths, torch.as_tensor(draw(ends)), by,
                       explained)  # fmt: skip
