"""What the app shows that is the same for every user: a model's preview, a VQ-VAE's code use,
a prior's samples, one-class anomaly scores, latents put to use, the PCA curve, the KL sweep,
denoising curves, an upload's yardstick. Each function computes its result once and keeps it
(genviz.store): the retrain of the shipped set precomputes the views a page opens on
(`precompute`), the rest is cached on disk the first time someone asks.

Images are kept as uint8; the functions return float tensors in [0, 1] as the rest of genviz.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import torch

from genviz import (
    applications,
    data,
    denoising,
    generate,
    metrics,
    ood,
    pca,
    store,
    sweeps,
    uploads,
)
from genviz.checkpoint import Checkpoint

# what the pages open on, so the retrain can precompute exactly those views
ANOMALY_EPOCHS = {"digits": 30}  # else 5 (MNIST-sized sets)
SWEEP_BETAS = (0.1, 1.0, 4.0, 16.0)
SWEEP_EPOCHS = {"digits": 40}  # else 3
SWEEP_CONFIG = {"latent_dim": 8, "hidden": (256,)}
SWEEP_SPLITS = (10_000, 1_000)  # training and test images of the sweeps
USES_SPLITS = (5_000, 2_000)  # training and test images for clustering and classification
OOD_SPLITS = (10_000, 1_000)  # training images (kNN, PCA) and test images of each dataset
OOD_NLL_SAMPLES = 100
PCA_KS = (1, 2, 4, 8, 16, 32, 64, 128)
DENOISE_LEVELS = tuple(round(0.1 * i, 1) for i in range(1, 11))
PREVIEW = 8


def shipped_folder(dataset_folder: str | Path) -> Path:
    """A shipped set's precomputed results: <checkpoints>/<dataset>/precomputed."""
    return Path(dataset_folder) / "precomputed"


def _sha(ckpt: Checkpoint) -> str:
    return ckpt.meta["weights"]["sha256"]


def _near(ckpt: Checkpoint) -> Path:
    return shipped_folder(Path(ckpt.path).parent)


def _u8(x: torch.Tensor) -> np.ndarray:
    return (x.detach().float().cpu().clamp(0, 1) * 255).round().to(torch.uint8).numpy()


def _half(x: torch.Tensor) -> np.ndarray:
    """Scores and coordinates to ship: float16 keeps 3 significant digits, plenty for a
    histogram or a percentile, at half the bytes."""
    return x.detach().float().cpu().clamp(-65_000, 65_000).half().numpy()


def _f(x: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.asarray(x)).float() / 255


def preview(ckpt: Checkpoint, test: data.Split) -> dict[str, torch.Tensor]:
    """generate.preview of the first test images (and seeded samples)."""
    part = test.take(PREVIEW)

    def compute():
        shown = generate.preview(ckpt.model, part.floats(), part.labels)
        return {name: _u8(x) for name, x in shown.items()} | {"meta": {"order": list(shown)}}

    found = store.fetch("preview", store.key(weights=_sha(ckpt), n=PREVIEW), compute, _near(ckpt))
    return {name: _f(found[name]) for name in found["meta"]["order"]}


def code_usage(ckpt: Checkpoint, test: data.Split, level: str | None = None) -> torch.Tensor:
    """How often each code (of a VQ-VAE-2's `level`) appears in each class's test images:
    (K, classes)."""
    counts = functools.partial(metrics.code_counts, ckpt.model, test, by_class=True, level=level)
    key = store.key(weights=_sha(ckpt), split=test.split, n=len(test))
    found = store.fetch(
        "code_usage" if level is None else f"code_usage_{level}",
        key,
        lambda: {"counts": counts().numpy()},
        _near(ckpt),
    )
    return torch.from_numpy(found["counts"])


def prior_samples(
    prior: Checkpoint, judge: Checkpoint | None, seed: int, temperature: float, label=None
):
    """16 samples from a prior at a temperature; with a judge, only those it is sure of.
    -> (images, [(class, confidence)] or None, (acceptance, drawn) or None)."""

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
        weights=_sha(prior),
        judge=None if judge is None else _sha(judge),
        seed=seed,
        temperature=round(float(temperature), 4),
        label=label,
    )
    found = store.fetch("prior_samples", k, compute, _near(prior))
    meta = found["meta"]
    return _f(found["images"]), meta.get("verdicts"), meta.get("rate")


def anomaly_scores(
    train: data.Split, test: data.Split, label: int, epochs: int, shipped: Path | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Every test image's anomaly score under a one-class AE trained on `label` alone (its
    normalised error plus its latent's distance, `applications.one_class_scores`), and under
    PCA-20 fitted on the same images (error / RMS)."""

    def compute():
        net = applications.train_one_class(train, label, epochs)
        normal = applications.one_class(train, label)
        ae = applications.one_class_scores(net, normal, test)["combined"]
        pc = applications.normalised(applications.pca_errors(normal, test, 20), test)
        return {"ae": ae.numpy(), "pca": pc.numpy()}

    k = store.key(
        dataset=train.name,
        n=(len(train), len(test)),
        label=label,
        epochs=epochs,
        model=applications.ONE_CLASS_MODEL,
        score="error+latent",
    )
    found = store.fetch("anomaly", k, compute, shipped)
    return torch.from_numpy(found["ae"]), torch.from_numpy(found["pca"])


def ood_probe(
    ckpt: Checkpoint, train: data.Split, own: data.Split, foreign: data.Split, look: bool = False
) -> ood.Probe | None:
    """genviz.ood.probe of a model's own test images against a foreign dataset's; with
    `look`, only what is already computed (else None)."""

    def compute():  # kept small (shipped): scores and the 2-D map, in float16
        found = ood.probe(ckpt.model, train, own, foreign, OOD_NLL_SAMPLES)
        a, b, projected = found.map()
        arrays = {f"own_{k}": _half(v) for k, v in found.own.items()}
        arrays |= {f"foreign_{k}": _half(v) for k, v in found.foreign.items()}
        arrays |= {"own_z": _half(a), "foreign_z": _half(b)}
        return arrays | {"meta": {"detectors": list(found.own), "projected": projected}}

    k = store.key(
        weights=_sha(ckpt),
        foreign=foreign.name,
        n=(len(train), len(own), len(foreign)),
        samples=OOD_NLL_SAMPLES,
    )
    found = store.fetch("ood", k, None if look else compute, _near(ckpt))
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


def ood_splits(dataset: str, foreign: str, load=data.load_dataset):
    """The splits the probe uses: parts of the model's training and test sets, and of the
    foreign test set. `load(name, split)` gives a whole split (the app's is cached)."""
    n_train, n_test = OOD_SPLITS
    train, own = load(dataset, "train").take(n_train), load(dataset, "test").take(n_test)
    return train, own, load(foreign, "test").take(n_test)


def sweep_splits(dataset: str, load=data.load_dataset):
    """The training and test images of the small VAEs trained alike (the beta sweep and the
    likelihood pair). `load(name, split)` gives a whole split."""
    n_train, n_test = SWEEP_SPLITS
    return load(dataset, "train").take(n_train), load(dataset, "test").take(n_test)


def latent_uses(ckpt: Checkpoint, train: data.Split, test: data.Split) -> tuple[list, list]:
    """k-means and classifiers on the model's latents, raw pixels and PCA-20: two tables."""

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

    k = store.key(weights=_sha(ckpt), n=(len(train), len(test)))
    found = store.fetch("latent_uses", k, compute, _near(ckpt))
    return found["meta"]["cluster"], found["meta"]["classify"]


def pca_curve(
    train: data.Split, test: data.Split, shipped: Path | None = None
) -> tuple[list[int], list[float]]:
    """PCA's test MSE at each latent size it can have: the autoencoders' rival."""
    ks = [k for k in PCA_KS if k < min(train.images[0].numel(), len(train))]
    k = store.key(dataset=train.name, n=(len(train), len(test)), ks=ks)
    found = store.fetch(
        "pca_curve",
        k,
        lambda: {"mse": np.array(pca.reconstruction_curve(train, test, ks))},
        shipped,
    )
    return ks, found["mse"].tolist()


def reconstruction_mse(ckpt: Checkpoint, test: data.Split) -> float:
    k = store.key(weights=_sha(ckpt), n=len(test))
    found = store.fetch(
        "recon_mse",
        k,
        lambda: {"mse": np.array(float(metrics.reconstruction_errors(ckpt.model, test).mean()))},
        _near(ckpt),
    )
    return float(found["mse"])


@torch.no_grad()
def _recons_and_samples(model, test: data.Split) -> np.ndarray:
    """8 reconstructions of the first test images, then 8 prior samples (seed 0): uint8."""
    x = test.floats(slice(0, 8)).to(model.device)
    gen = torch.Generator().manual_seed(0)
    return _u8(torch.cat([model.reconstruct(x), model.sample(8, generator=gen)]))


def beta_sweep(
    train: data.Split, test: data.Split, betas, epochs: int, shipped=None, device="cpu", ready=False
):
    """sweeps.beta_sweep with the page's VAE, and per beta 8 reconstructions of the same test
    images beside 8 prior samples: rows of numbers, and (betas, 16, C, H, W) images. With
    `ready`, only a sweep already shipped or cached is returned (else None): nothing trains."""
    betas = tuple(sorted(float(b) for b in betas))

    def compute():
        rows = sweeps.beta_sweep(train, test, betas, epochs, device, **SWEEP_CONFIG)
        pictures = [_recons_and_samples(r.pop("model"), test) for r in rows]
        return {"pictures": np.stack(pictures), "meta": {"rows": rows}}

    k = store.key(dataset=train.name, n=(len(train), len(test)), betas=betas, epochs=epochs,
                  config=SWEEP_CONFIG)  # fmt: skip
    found = store.fetch("beta_sweep", k, None if ready else compute, shipped)
    if found is None:
        return None
    return found["meta"]["rows"], _f(found["pictures"])


def likelihood_pair(
    train: data.Split, test: data.Split, epochs: int, shipped=None, device="cpu", ready=False
):
    """sweeps.likelihood_pair with the sweep's small VAE, and per likelihood 8
    reconstructions of the same test images beside 8 prior samples: rows of numbers (with
    `sharp_data`, the test images' own sharpness), and (2, 16, C, H, W) images. With `ready`,
    only a pair already shipped or cached is returned (else None): nothing trains."""
    from genviz.inside import sharpness

    def compute():
        rows = sweeps.likelihood_pair(train, test, epochs, device, **SWEEP_CONFIG)
        pictures = [_recons_and_samples(r.pop("model"), test) for r in rows]
        for r in rows:
            r["sharp_data"] = sharpness(test.floats())
        return {"pictures": np.stack(pictures), "meta": {"rows": rows}}

    k = store.key(dataset=train.name, n=(len(train), len(test)), epochs=epochs,
                  config=SWEEP_CONFIG)  # fmt: skip
    found = store.fetch("likelihood_pair", k, None if ready else compute, shipped)
    if found is None:
        return None
    return found["meta"]["rows"], _f(found["pictures"])


def denoise_curve(
    models: dict[str, Checkpoint], clean: torch.Tensor, noise: str
) -> dict[str | None, list[float]]:
    """denoising.curve at DENOISE_LEVELS for named checkpoints (None: the noisy input)."""

    def compute():
        found = denoising.curve(
            {n: c.model for n, c in models.items()}, clean, noise, DENOISE_LEVELS
        )
        return {"meta": {"curves": [[name, values] for name, values in found.items()]}}

    first = next(iter(models.values()))
    k = store.key(weights={n: _sha(c) for n, c in models.items()}, n=len(clean), noise=noise,
                  levels=DENOISE_LEVELS)  # fmt: skip
    found = store.fetch("denoise_curve", k, compute, _near(first))
    return {name: values for name, values in found["meta"]["curves"]}


def familiarity_yardstick(ckpt: Checkpoint, latents: torch.Tensor, test: data.Split):
    """The test set's own reconstruction errors and nearest-neighbour latent distances, the
    yardstick an upload is measured against."""

    def compute():
        errors = metrics.reconstruction_errors(ckpt.model, test)  # shipped: float16 halves it
        return {"errors": _half(errors), "distances": _half(uploads.nearest_distances(latents))}

    found = store.fetch(
        "familiarity", store.key(weights=_sha(ckpt), n=len(test)), compute, _near(ckpt)
    )
    return torch.from_numpy(found["errors"]).float(), torch.from_numpy(found["distances"]).float()


def anomaly_epochs(dataset: str) -> int:
    return ANOMALY_EPOCHS.get(dataset, 5)


def sweep_epochs(dataset: str) -> int:
    return SWEEP_EPOCHS.get(dataset, 3)
