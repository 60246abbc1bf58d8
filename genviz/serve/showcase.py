"""What the app shows of a model that is the same for every user: its preview, a VQ-VAE's code
use, a prior's samples, latents put to use, denoising curves, an upload's yardstick, the
out-of-distribution probe, and the Inside page's instruments. Each view is a function of
checkpoints and plain settings; it loads the splits it needs, computes its result once and
keeps it (genviz.store): the retrain of a shipped set precomputes the views its pages open on
into the set's views folder (genviz.zoo), the rest is cached on disk the first time someone
asks. Views of a dataset that train models of their own are in genviz.serve.studies.

Images are kept as uint8; the functions return float tensors in [0, 1] as the rest of genviz.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from genviz import data, paths, store
from genviz.analysis import (
    applications,
    batches,
    codes,
    denoising,
    disentangle,
    generate,
    inside,
    metrics,
    ood,
    pca,
    stepwise,
    uploads,
)
from genviz.errors import DatasetMissing
from genviz.split import Absent

# what the pages open on, so the retrain can precompute exactly those views
USES_SPLITS = (5_000, 2_000)  # training and test images for clustering and classification
OOD_SPLITS = (10_000, 1_000)  # training images (kNN, PCA) and test images of each dataset
OOD_NLL_SAMPLES = 100
DENOISE_IMAGES = 500
DENOISE_LEVELS = tuple(round(0.1 * i, 1) for i in range(1, 11))
MSE_IMAGES = 2_000
FAMILIAR_IMAGES = 10_000
PREVIEW = 8


def split(dataset: str, which: str = "test", n: int | None = None, root=None) -> data.Split:
    """The first n images of a split (all of them when n is None or larger). A training split
    that is not here (a fresh clone ships only the test splits) is an Absent one: a shipped
    view made of it is still found, and computing one says how to get it."""
    try:
        whole = data.load_dataset(dataset, which, root=root)
    except DatasetMissing as e:
        if which != "train" or dataset not in data.TRAIN_SIZES:
            raise
        whole = Absent(dataset, which, data.TRAIN_SIZES[dataset], e)
    return whole if n is None else whole.take(min(n, len(whole)))


def _near(ckpt) -> Path:
    return paths.views(Path(ckpt.path).parent)


def _u8(x: torch.Tensor) -> np.ndarray:
    return (x.detach().float().cpu().clamp(0, 1) * 255).round().to(torch.uint8).numpy()


def _half(x: torch.Tensor) -> np.ndarray:
    """Scores and coordinates to ship: float16 keeps 3 significant digits, plenty for a
    histogram or a percentile, at half the bytes."""
    return x.detach().float().cpu().clamp(-65_000, 65_000).half().numpy()


def _f(x: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.asarray(x)).float() / 255


def preview(ckpt, root=None) -> dict[str, torch.Tensor]:
    """generate.preview of the first test images (and seeded samples)."""
    part = split(ckpt.dataset, "test", PREVIEW, root)

    def compute():
        shown = generate.preview(ckpt.model, part.floats(), part.labels)
        return {name: _u8(x) for name, x in shown.items()} | {"meta": {"order": list(shown)}}

    k = store.key(weights=ckpt.sha, n=PREVIEW)
    found = store.fetch("preview", k, compute, _near(ckpt), data=(part,))
    return {name: _f(found[name]) for name in found["meta"]["order"]}


def code_usage(ckpt, level: str | None = None, root=None) -> torch.Tensor:
    """How often each code (of a VQ-VAE-2's `level`) appears in each class's test images:
    (K, classes)."""
    test = split(ckpt.dataset, "test", root=root)

    def compute():
        counts = codes.code_counts(ckpt.model, test, by_class=True, level=level)
        return {"counts": counts.numpy()}

    found = store.fetch(
        "code_usage" if level is None else f"code_usage_{level}",
        store.key(weights=ckpt.sha, split=test.split, n=len(test)),
        compute,
        _near(ckpt),
        data=(test,),
    )
    return torch.from_numpy(found["counts"])


def generated(ckpt, seed: int, label=None, look: bool = False):
    """The Generate page's pictures: 16 samples (of `label`, or of each class in turn), and a
    conditional model's class grid (8 a class). Kept per weights, seed and label, so going
    back to a page, or a class seen before, draws nothing again (a PixelCNN draws its codes one
    by one). -> (images, grid or None); None on a `look` that finds nothing kept."""

    def compute():
        model = ckpt.model
        x, _ = generate.samples(model, 16, seed, label=label)
        found = {"images": _u8(x)}
        if model.can.conditional:
            found["grid"] = _u8(generate.class_grid(model, 8, seed))
        return found

    k = store.key(weights=ckpt.sha, seed=seed, label=label)
    found = store.fetch("generated", k, None if look else compute, _near(ckpt))
    if found is None:
        return None
    return _f(found["images"]), (_f(found["grid"]) if "grid" in found else None)


def reverse_chain(ckpt, label, steps, guidance, sampler, seed: int) -> stepwise.Chain:
    """The Diffusion & flow page's reverse chain (8 samples, every state kept), kept per
    weights and settings: a page visit, a class or a slider seen before draws nothing again
    (the chain is tens of network passes: 16 s a visit on a loaded classroom server)."""

    def compute():
        chain = stepwise.reverse(ckpt.model, 8, label, steps, guidance, sampler, seed)
        found = {"levels": np.asarray(chain.levels, np.float32), "states": _u8(chain.states),
                 "guesses": _u8(chain.guesses), "seconds": np.float32(chain.seconds)}  # fmt: skip
        if chain.points is not None:
            found["points"] = chain.points.float().numpy()
        return found

    k = store.key(weights=ckpt.sha, label=label, steps=steps, sampler=sampler, seed=seed,
                  guidance=None if guidance is None else round(float(guidance), 4))  # fmt: skip
    found = store.fetch("reverse_chain", k, compute, _near(ckpt))
    points = found.get("points")
    return stepwise.Chain(
        [float(v) for v in found["levels"]], _f(found["states"]), _f(found["guesses"]),
        float(found["seconds"]), None if points is None else torch.from_numpy(points),
    )  # fmt: skip


def prior_samples(prior, judge, seed: int, temperature: float, label=None, look: bool = False):
    """16 samples from a prior at a temperature; with a judge, only those it is sure of.
    -> (images, [(class, confidence)] or None, (acceptance, drawn) or None); None on a
    `look` that finds nothing kept."""

    def compute():
        gen = torch.Generator().manual_seed(seed)
        model = prior.model
        if judge is None:
            with torch.no_grad():
                x = model.sample(16, label, generator=gen, temperature=temperature)
            return {"images": _u8(x), "meta": {}}
        found = generate.rejection_sample(
            model, judge.model, 16, label, 0.9, gen, temperature=temperature
        )
        verdicts = list(zip(found.labels.tolist(), found.confidence.tolist()))
        meta = {"verdicts": verdicts, "rate": [found.acceptance, found.drawn]}
        return {"images": _u8(found.images), "meta": meta}

    k = store.key(
        weights=prior.sha,
        judge=None if judge is None else judge.sha,
        seed=seed,
        temperature=round(float(temperature), 4),
        label=label,
    )
    found = store.fetch("prior_samples", k, None if look else compute, _near(prior))
    if found is None:
        return None
    meta = found["meta"]
    return _f(found["images"]), meta.get("verdicts"), meta.get("rate")


def ood_probe(ckpt, foreign: str, look: bool = False, root=None) -> ood.Probe | None:
    """genviz.analysis.ood.probe of a model's own test images against a foreign dataset's;
    with `look`, only what is already computed (else None)."""
    n_train, n_test = OOD_SPLITS
    train = split(ckpt.dataset, "train", n_train, root)
    own, other = split(ckpt.dataset, "test", n_test, root), split(foreign, "test", n_test, root)

    def compute():  # kept small (shipped): scores and the 2-D map, in float16
        found = ood.probe(ckpt.model, train, own, other, OOD_NLL_SAMPLES)
        a, b, projected = found.map()
        arrays = {f"own_{k}": _half(v) for k, v in found.own.items()}
        arrays |= {f"foreign_{k}": _half(v) for k, v in found.foreign.items()}
        arrays |= {"own_z": _half(a), "foreign_z": _half(b)}
        return arrays | {"meta": {"detectors": list(found.own), "projected": projected}}

    k = store.key(
        weights=ckpt.sha,
        foreign=foreign,
        n=(len(train), len(own), len(other)),
        samples=OOD_NLL_SAMPLES,
    )
    found = store.fetch("ood", k, None if look else compute, _near(ckpt), data=(train, own, other))
    if found is None:
        return None
    names = found["meta"]["detectors"]

    def t(name):
        return torch.from_numpy(found[name]).float()

    return ood.Probe(
        {n: t(f"own_{n}") for n in names},
        {n: t(f"foreign_{n}") for n in names},
        t("own_z"),
        t("foreign_z"),
        found["meta"].get("projected"),  # None: an older entry kept the latents themselves
    )


def latent_uses(ckpt, root=None) -> tuple[list, list, int, int]:
    """k-means and classifiers on the model's latents, raw pixels and PCA-20: two tables, and
    the numbers of training and test images they were measured on."""
    n_train, n_test = USES_SPLITS
    train, test = (
        split(ckpt.dataset, "train", n_train, root),
        split(ckpt.dataset, "test", n_test, root),
    )

    def compute():
        reps = applications.representations(ckpt.model, train, test, pca_k=20)
        k = train.num_classes
        cluster = [
            {"features": n, **applications.clustering_scores(te, test.labels, k)}
            for n, (_, te) in reps.items()
        ]
        classify = [
            {"features": n, **applications.classification_scores(tr, train.labels, te, test.labels)}
            for n, (tr, te) in reps.items()
        ]
        return {"meta": {"cluster": cluster, "classify": classify}}

    k = store.key(weights=ckpt.sha, n=(len(train), len(test)))
    found = store.fetch("latent_uses", k, compute, _near(ckpt), data=(train, test))
    return found["meta"]["cluster"], found["meta"]["classify"], len(train), len(test)


def reconstruction_mse(ckpt, root=None) -> float:
    """The model's mean test MSE on the first MSE_IMAGES test images."""
    test = split(ckpt.dataset, "test", MSE_IMAGES, root)

    def compute():
        return {"mse": np.array(float(metrics.reconstruction_errors(ckpt.model, test).mean()))}

    k = store.key(weights=ckpt.sha, n=len(test))
    found = store.fetch("recon_mse", k, compute, _near(ckpt), data=(test,))
    return float(found["mse"])


def denoise_curve(*ckpts, noise: str, root=None) -> dict[str | None, list[float]]:
    """denoising.curve at DENOISE_LEVELS for checkpoints, by name (None: the noisy input), on
    the first DENOISE_IMAGES test images."""
    models = {c.path.name: c for c in ckpts}
    part = split(ckpts[0].dataset, "test", DENOISE_IMAGES, root)
    clean = part.floats()

    def compute():
        found = denoising.curve(
            {n: c.model for n, c in models.items()}, clean, noise, DENOISE_LEVELS
        )
        return {"meta": {"curves": [[name, values] for name, values in found.items()]}}

    k = store.key(weights={n: c.sha for n, c in models.items()}, n=len(clean), noise=noise,
                  levels=DENOISE_LEVELS)  # fmt: skip
    found = store.fetch("denoise_curve", k, compute, _near(ckpts[0]), data=(part,))
    return {name: values for name, values in found["meta"]["curves"]}


NOISY_IMAGES = 500  # test images placed clean and noisy on one latent map


def noisy_latents(ckpt, noise: str, level: float, root=None) -> dict:
    """A model's latents of clean test images and of the same images with noise
    (genviz.analysis.denoising.latent_shift), drawn in 2-D by a PCA of the clean ones: how
    far noise moves an image's code, and whether it still lands nearest its own."""
    part = split(ckpt.dataset, "test", NOISY_IMAGES, root)

    def compute():
        z, z_noisy, shift, own = denoising.latent_shift(ckpt.model, part.floats(), noise, level)
        if z.shape[1] > 2:
            fitted = pca.PCA(2).fit(z)
            z, z_noisy = fitted.transform(z), fitted.transform(z_noisy)
        return {"clean": _half(z), "noisy": _half(z_noisy), "shift": _half(shift),
                "meta": {"own": own}}  # fmt: skip

    k = store.key(weights=ckpt.sha, n=len(part), noise=noise, level=round(float(level), 3))
    found = store.fetch("noisy_latents", k, compute, _near(ckpt), data=(part,))
    t = {name: torch.from_numpy(found[name]).float() for name in ("clean", "noisy", "shift")}
    return t | {"own": found["meta"]["own"], "labels": part.labels}


def linear_subspace(ckpt, root=None) -> torch.Tensor:
    """The cosines of the principal angles between what a linear autoencoder's decoder spans
    (its outputs for the latent basis, less its output for 0: its matrix's columns, before the
    clipping `decode` adds for showing) and PCA's first components, fitted by the closed form
    on clean images: gradient descent finds PCA's subspace."""
    model = ckpt.model
    fit = studies_fit(ckpt.dataset, root)

    def compute():
        k = model.config.latent_dim
        with torch.no_grad():
            basis = torch.eye(k, device=model.device)
            zero = model.decoder(torch.zeros(1, k, device=model.device)).flatten(1)
            columns = (model.decoder(basis).flatten(1) - zero).cpu()  # (k, D)
        fitted = pca.PCA(k).fit(fit.floats())
        return {"cosines": pca.principal_cosines(columns, fitted.components).numpy()}

    key = store.key(weights=ckpt.sha, n=len(fit))
    found = store.fetch("linear_subspace", key, compute, _near(ckpt), data=(fit,))
    return torch.from_numpy(found["cosines"])


def studies_fit(dataset: str, root=None) -> data.Split:
    """The clean images PCA is fitted on (the training split, else the test split)."""
    fit = split(dataset, "train", 10_000, root)
    return split(dataset, "test", 10_000, root) if fit.fingerprint is None else fit


def familiarity_yardstick(ckpt, root=None) -> tuple[torch.Tensor, torch.Tensor]:
    """The test set's own reconstruction errors and nearest-neighbour latent distances, the
    yardstick an upload is measured against."""
    test = split(ckpt.dataset, "test", FAMILIAR_IMAGES, root)

    def compute():
        errors = metrics.reconstruction_errors(ckpt.model, test)  # shipped: float16 halves it
        latents = batches.embed(ckpt.model, test)
        return {"errors": _half(errors), "distances": _half(uploads.nearest_distances(latents))}

    k = store.key(weights=ckpt.sha, n=len(test))
    found = store.fetch("familiarity", k, compute, _near(ckpt), data=(test,))
    return torch.from_numpy(found["errors"]).float(), torch.from_numpy(found["distances"]).float()


def factors(ckpt, root=None) -> disentangle.Disentanglement | None:
    """Which known factor each latent dimension holds (a dataset with known factors, as
    shapes; None for any other): genviz.analysis.disentangle on the whole test split."""
    test = split(ckpt.dataset, "test", root=root)
    if test.factors is None:
        return None
    train = split(ckpt.dataset, "train", root=root)

    def compute():
        found = disentangle.measure(ckpt.model, train, test)
        arrays = {k: getattr(found, k) for k in ("information", "entropy", "probe", "chance")}
        return arrays | {"meta": {"names": list(found.factor_names)}}

    k = store.key(weights=ckpt.sha, n=len(test))
    found = store.fetch("factors", k, compute, _near(ckpt), data=(train, test))
    arrays = [found[k] for k in ("information", "entropy", "probe", "chance")]
    return disentangle.Disentanglement(tuple(found["meta"]["names"]), *arrays)


# -- the Inside page's instruments --------------------------------------------------------------

INSIDE_IMAGES = 2_000  # test images the posterior's summary looks at
CELL_IMAGES = 1_000  # test images whose cells the codebook's map and margins look at
JUDGED = 1_000  # real and generated images the discriminator scores


def posterior_health(ckpt, root=None) -> inside.Health:
    """A VAE's KL per latent dimension and its active units on the first test images."""
    part = split(ckpt.dataset, "test", INSIDE_IMAGES, root)

    def compute():
        found = inside.health(ckpt.model, part)
        return {"kl": found.kl.numpy(), "activity": found.activity.numpy()}

    k = store.key(weights=ckpt.sha, n=len(part))
    found = store.fetch("health", k, compute, _near(ckpt), data=(part,))
    return inside.Health(torch.from_numpy(found["kl"]), torch.from_numpy(found["activity"]))


def codebook_map(ckpt, root=None) -> tuple[inside.CodebookMap, np.ndarray]:
    """A VQ-VAE's codebook in 2-D among its test cells' encoder outputs, and every cell's
    margin (genviz.analysis.inside.codebook_map and .margins)."""
    part = split(ckpt.dataset, "test", CELL_IMAGES, root)

    def compute():
        drawn = inside.codebook_map(ckpt.model, part)
        arrays = {k: getattr(drawn, k).numpy() for k in ("codes", "cells", "labels", "use")}
        return arrays | {"margins": _half(inside.margins(ckpt.model, part))}

    k = store.key(weights=ckpt.sha, n=len(part))
    found = store.fetch("codebook_map", k, compute, _near(ckpt), data=(part,))
    drawn = inside.CodebookMap(
        *(torch.from_numpy(found[k]) for k in ("codes", "cells", "labels", "use"))
    )
    return drawn, found["margins"].astype(np.float32)


def discriminator(ckpt, root=None) -> inside.DiscriminatorScores:
    """A GAN's discriminator on real test images and on as many samples of its own."""
    part = split(ckpt.dataset, "test", JUDGED, root)

    def compute():
        found = inside.discriminator_scores(ckpt.model, part, n=len(part))
        asked = {} if found.asked is None else {"asked": found.asked.numpy()}
        return {"real": found.real.numpy(), "fake": found.fake.numpy(),
                "images": _u8(found.images)} | asked  # fmt: skip

    k = store.key(weights=ckpt.sha, n=len(part))
    found = store.fetch("discriminator", k, compute, _near(ckpt), data=(part,))
    asked = torch.from_numpy(found["asked"]) if "asked" in found else None
    real, fake = torch.from_numpy(found["real"]), torch.from_numpy(found["fake"])
    return inside.DiscriminatorScores(real, fake, _f(found["images"]), asked)


# a step-by-step sampler's curves: samples judged per setting (Frechet on this many samples is
# biased upwards against 10,000; the settings are compared with each other)
STEPWISE_SAMPLES = 300
STEPWISE_STEPS = (2, 5, 10, 25, 50)
GUIDANCE_WEIGHTS = (0.0, 1.0, 1.5, 2.0, 3.0, 5.0)
REAL_IMAGES = 2_000


def _stepwise_view(name: str, ckpt, judge, curve, root=None, **options) -> list[dict]:
    test = split(ckpt.dataset, "test", REAL_IMAGES, root)

    def compute():
        real = batches.embed(judge.model, test)
        rows = curve(ckpt.model, judge.model, real, n=STEPWISE_SAMPLES, **options)
        return {"meta": {"rows": rows}}

    k = store.key(weights=ckpt.sha, judge=judge.sha, n=STEPWISE_SAMPLES, settings=options)
    return store.fetch(name, k, compute, _near(ckpt), data=(test,))["meta"]["rows"]


def sampler_steps(ckpt, judge, root=None) -> list[dict]:
    """stepwise.steps_curve of a diffusion or flow model at STEPWISE_STEPS, by each sampler."""
    return _stepwise_view(
        "sampler_steps", ckpt, judge, stepwise.steps_curve, root, steps=STEPWISE_STEPS
    )


def guidance_weights(ckpt, judge, root=None) -> list[dict]:
    """stepwise.guidance_curve of a class-conditional diffusion or flow model."""
    return _stepwise_view(
        "guidance_weights", ckpt, judge, stepwise.guidance_curve, root, weights=GUIDANCE_WEIGHTS
    )


PATH_IMAGES = 2_000  # test images on the map under a latent prior's paths


def latent_paths(ckpt, root=None) -> stepwise.LatentPaths:
    """stepwise.latent_paths of a prior over a latent vector, on the first PATH_IMAGES test
    images."""
    part = split(ckpt.dataset, "test", PATH_IMAGES, root)

    def compute():
        found = stepwise.latent_paths(ckpt.model, part.floats(), part.labels)
        return {"data": _half(found.data), "paths": _half(found.paths),
                "samples": _half(found.samples),
                "meta": {"drawn_by": found.drawn_by, "explained": found.explained}}  # fmt: skip

    k = store.key(weights=ckpt.sha, n=len(part))
    found = store.fetch("latent_paths", k, compute, _near(ckpt), data=(part,))
    t = {name: torch.from_numpy(found[name]).float() for name in ("data", "paths", "samples")}
    return stepwise.LatentPaths(t["data"], part.labels, t["paths"], t["samples"],
                                found["meta"]["drawn_by"], found["meta"]["explained"])  # fmt: skip
