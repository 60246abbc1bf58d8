"""Views of a dataset that fit or train something of their own, the same for every user and
kept as the showcase's are (genviz.store): one-class anomaly models for each class, PCA's
curve against latent size, the KL weight's sweep and the likelihood pair (small VAEs trained
alike but for one setting). Each trains once per server and is kept on disk; the shipped sets
carry those their pages open on."""

from __future__ import annotations

import numpy as np
import torch

from genviz import data, paths, store
from genviz.analysis import applications, denoising, inside, pca, sweeps
from genviz.serve.showcase import DENOISE_IMAGES, DENOISE_LEVELS, _f, _u8, split, studies_fit

ANOMALY_EPOCHS = {"digits": 30}  # else 5 (MNIST-sized sets)
SWEEP_BETAS = (0.1, 1.0, 4.0, 16.0)
SWEEP_EPOCHS = {"digits": 40}  # else 3
SWEEP_CONFIG = {"latent_dim": 8, "hidden": (256,)}
SWEEP_SPLITS = (10_000, 1_000)  # training and test images of the sweeps
PCA_SPLITS = (10_000, 2_000)
PCA_KS = (1, 2, 4, 8, 16, 32, 64, 128)


def anomaly_epochs(dataset: str) -> int:
    return ANOMALY_EPOCHS.get(dataset, 5)


def anomaly_scores(dataset: str, label: int, root=None) -> tuple[torch.Tensor, torch.Tensor]:
    """Every test image's anomaly score under a one-class AE trained on `label` alone (its
    normalised error plus its latent's distance, `applications.one_class_scores`), and under
    PCA-20 fitted on the same images (error / RMS)."""
    train, test = split(dataset, "train", root=root), split(dataset, "test", root=root)
    epochs = anomaly_epochs(dataset)

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
    found = store.fetch("anomaly", k, compute, paths.shipped_views(dataset), data=(train, test))
    return torch.from_numpy(found["ae"]), torch.from_numpy(found["pca"])


def pca_curve(dataset: str, root=None) -> tuple[list[int], list[float]]:
    """PCA's test MSE at each latent size it can have: the autoencoders' rival."""
    n_train, n_test = PCA_SPLITS
    train, test = split(dataset, "train", n_train, root), split(dataset, "test", n_test, root)
    ks = [k for k in PCA_KS if k < min(test.images[0].numel(), len(train))]
    found = store.fetch(
        "pca_curve",
        store.key(dataset=train.name, n=(len(train), len(test)), ks=ks),
        lambda: {"mse": np.array(pca.reconstruction_curve(train, test, ks))},
        paths.shipped_views(dataset),
        data=(train, test),
    )
    return ks, found["mse"].tolist()


@torch.no_grad()
def _recons_and_samples(model, test: data.Split) -> np.ndarray:
    """8 reconstructions of the first test images, then 8 prior samples (seed 0): uint8."""
    x = test.floats(slice(0, 8)).to(model.device)
    gen = torch.Generator().manual_seed(0)
    return _u8(torch.cat([model.reconstruct(x), model.sample(8, generator=gen)]))


def sweep_epochs(dataset: str) -> int:
    return SWEEP_EPOCHS.get(dataset, 3)


def _sweep_splits(dataset: str, root=None) -> tuple[data.Split, data.Split]:
    n_train, n_test = SWEEP_SPLITS
    return split(dataset, "train", n_train, root), split(dataset, "test", n_test, root)


def beta_sweep(
    dataset: str, betas=SWEEP_BETAS, epochs: int | None = None, device="cpu", ready=False, root=None
):
    """sweeps.train_beta_sweep with the page's VAE, and per beta 8 reconstructions of the same
    test images beside 8 prior samples: rows of numbers, and (betas, 16, C, H, W) images. With
    `ready`, only a sweep already shipped or cached is returned (else None): nothing trains."""
    train, test = _sweep_splits(dataset, root)
    betas = tuple(sorted(float(b) for b in betas))
    epochs = epochs or sweep_epochs(dataset)

    def compute():
        rows = sweeps.train_beta_sweep(train, test, betas, epochs, device, **SWEEP_CONFIG)
        pictures = [_recons_and_samples(r.pop("model"), test) for r in rows]
        return {"pictures": np.stack(pictures), "meta": {"rows": rows}}

    k = store.key(dataset=train.name, n=(len(train), len(test)), betas=betas, epochs=epochs,
                  config=SWEEP_CONFIG)  # fmt: skip
    shipped = paths.shipped_views(dataset)
    found = store.fetch("beta_sweep", k, None if ready else compute, shipped, data=(train, test))
    if found is None:
        return None
    return found["meta"]["rows"], _f(found["pictures"])


def likelihood_pair(dataset: str, device="cpu", ready=False, root=None):
    """sweeps.train_likelihood_pair with the sweep's small VAE, and per likelihood 8
    reconstructions of the same test images beside 8 prior samples: rows of numbers (with
    `sharp_data`, the test images' own sharpness), and (2, 16, C, H, W) images. With `ready`,
    only a pair already shipped or cached is returned (else None): nothing trains."""
    train, test = _sweep_splits(dataset, root)
    epochs = sweep_epochs(dataset)

    def compute():
        rows = sweeps.train_likelihood_pair(train, test, epochs, device, **SWEEP_CONFIG)
        pictures = [_recons_and_samples(r.pop("model"), test) for r in rows]
        for r in rows:
            r["sharp_data"] = inside.sharpness(test.floats())
        return {"pictures": np.stack(pictures), "meta": {"rows": rows}}

    k = store.key(dataset=train.name, n=(len(train), len(test)), epochs=epochs,
                  config=SWEEP_CONFIG)  # fmt: skip
    shipped = paths.shipped_views(dataset)
    found = store.fetch(
        "likelihood_pair", k, None if ready else compute, shipped, data=(train, test)
    )
    if found is None:
        return None
    return found["meta"]["rows"], _f(found["pictures"])


# -- PCA's half of "autoencoders and PCA" -------------------------------------------------------

PCA_SHOWN = 64  # components whose explained variance is drawn
PCA_IMAGES = 16  # components drawn as images
PCA_DENOISE_K = 32  # PCA's code size beside the autoencoders on the Denoise page


def pca_anatomy(dataset: str, root=None) -> dict:
    """PCA by its closed form (an eigendecomposition) on clean images: each component's share
    of the variance and the cumulative share, the first components as images (scaled to
    [0, 1], grey 0.5 = 0), and the first two scores' correlation beside their squares'."""
    fit, test = studies_fit(dataset, root), split(dataset, "test", root=root)
    shown = min(PCA_SHOWN, fit.images[0].numel(), len(fit))

    def compute():
        fitted = pca.PCA(shown).fit(fit.floats())
        comps = fitted.components[:PCA_IMAGES].float()
        comps = comps / comps.abs().amax(1, keepdim=True).clamp(min=1e-12) / 2 + 0.5
        images = comps.reshape(len(comps), *fit.image_shape)
        r, r2 = pca.uncorrelated_not_independent(fitted.transform(test.floats())[:, :2])
        ratio = fitted.explained_ratio.float().numpy()
        return {"ratio": ratio, "images": _u8(images), "meta": {"corr": r, "corr_sq": r2,
                "fit": fit.split, "n": len(fit)}}  # fmt: skip

    k = store.key(dataset=dataset, n=(len(fit), len(test)), shown=shown, kind="anatomy")
    found = store.fetch("pca_anatomy", k, compute, paths.shipped_views(dataset), data=(fit, test))
    return {"ratio": torch.from_numpy(found["ratio"]), "images": _f(found["images"]),
            **found["meta"]}  # fmt: skip


def pca_denoiser(dataset: str, k: int = PCA_DENOISE_K, root=None) -> pca.Denoiser:
    """PCA with k components fitted on clean images, as a denoiser (genviz.analysis.pca)."""
    fit = studies_fit(dataset, root)
    k = min(k, fit.images[0].numel(), len(fit))

    def compute():
        fitted = pca.PCA(k).fit(fit.floats())
        return {"mean": fitted.mean.numpy(), "components": fitted.components.numpy()}

    key = store.key(dataset=dataset, n=len(fit), k=k, kind="denoiser")
    found = store.fetch("pca_denoiser", key, compute, None, data=(fit,))
    fitted = pca.PCA(k)
    fitted.mean = torch.from_numpy(found["mean"])
    fitted.components = torch.from_numpy(found["components"])
    return pca.Denoiser(fitted)


def pca_denoise_curve(dataset: str, noise: str, root=None) -> list[float]:
    """The PCA denoiser's (pca_denoiser) denoise_curve, on the same images and levels
    (it was computed again on every visit of the Denoise page: a tenth of a loaded server's
    time)."""
    part = split(dataset, "test", DENOISE_IMAGES, root)
    clean = part.floats()

    def compute():
        found = denoising.curve({"pca": pca_denoiser(dataset, root=root)}, clean, noise,
                                DENOISE_LEVELS)  # fmt: skip
        return {"curve": np.asarray(found["pca"], np.float32)}

    k = store.key(dataset=dataset, n=len(clean), noise=noise, levels=DENOISE_LEVELS,
                  k=PCA_DENOISE_K)  # fmt: skip
    return [float(v) for v in store.fetch("pca_denoise_curve", k, compute, data=(part,))["curve"]]
