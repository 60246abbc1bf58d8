"""Out-of-distribution probe: feed a model images from another dataset (Fashion-MNIST into an
MNIST model, and back) and ask four detectors which images are foreign.

Every detector gives a score where higher means "more foreign": the reconstruction error, the
negative log-likelihood (a VAE's importance-sampled -log p(x)), the distance from the image's
latent to its k-th nearest training latent, and, as the baseline that learns nothing deep,
the error of PCA's reconstruction from the training set's first 20 components. Its AUROC says
how well it separates the model's own test images from the foreign ones: 100% is perfect,
50% is chance, and below 50% the detector ranks foreign images as *more* typical than the
model's own (as deep likelihood models do for some pairs of datasets: Nalisnick et al. 2019,
"Do deep generative models know what they don't know?").
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from genviz import data
from genviz.analysis import batches, metrics
from genviz.analysis.applications import auroc
from genviz.analysis.pca import PCA
from genviz.data import Split
from genviz.errors import GenvizError
from genviz.models import GenModel

DETECTORS = ("recon", "nll", "knn", "pca")
KNN_K = 5
PCA_K = 20


@dataclass
class Probe:
    own: dict[str, torch.Tensor]  # detector -> scores of the model's own test images (N,)
    foreign: dict[str, torch.Tensor]  # detector -> scores of the foreign images (M,)
    own_z: torch.Tensor  # latents (N, D), for the map; or their map (N, 2), see `projected`
    foreign_z: torch.Tensor  # (M, D) or (M, 2)
    projected: bool | None = None  # None: own_z are the latents; else already mapped to 2-D,
    # True by PCA (a stored probe keeps only its map)

    def map(self) -> tuple[torch.Tensor, torch.Tensor, bool]:
        """Both sets in 2-D (map_coords) and whether a PCA made the picture."""
        if self.projected is not None:
            return self.own_z, self.foreign_z, self.projected
        return (*map_coords(self.own_z, self.foreign_z), self.own_z.shape[1] > 2)

    def aurocs(self) -> dict[str, float]:
        """Detector -> AUROC in percent of its scores, the foreign images as positives."""
        found = {}
        for name in self.own:
            scores = torch.cat([self.own[name], self.foreign[name]])
            positive = torch.cat(
                [torch.zeros(len(self.own[name])), torch.ones(len(self.foreign[name]))]
            )
            found[name] = auroc(scores, positive)
        return found


def foreign_sets(dataset: str, available: dict[str, bool] | None = None) -> list[str]:
    """The datasets whose images a model of `dataset` can take: the same image size (MNIST,
    Fashion-MNIST and KMNIST are all 28x28 grey), present on disk when `available` is given."""
    if dataset not in data.TORCHVISION_SETS:
        return []
    return [
        name
        for name in data.TORCHVISION_SETS
        if name != dataset and (available is None or available.get(name))
    ]


def kth_neighbour_distance(
    train_z: torch.Tensor, z: torch.Tensor, k: int = KNN_K, same: torch.Tensor | None = None
) -> torch.Tensor:
    """Distance from each row of z to its k-th nearest row of train_z: (M,). `same` (M,), when
    z's rows are among train_z's: the row of train_z each one is (-1: none), which is then not
    its own neighbour."""
    out = []
    for start in range(0, len(z), 1024):
        d = torch.cdist(z[start : start + 1024], train_z)
        if same is not None:
            mine = same[start : start + 1024]
            hit = torch.nonzero(mine >= 0)[:, 0]
            d[hit, mine[hit]] = float("inf")
        out.append(d.topk(k, largest=False).values[:, -1])
    return torch.cat(out)


def negative_log_likelihood(model: GenModel, part: Split, samples: int) -> torch.Tensor:
    """-log p(x) per image in nats, importance-sampled, on the images as the VAE was trained
    (binarized once, seed 0, if it was trained binarized)."""
    torch.manual_seed(0)  # the importance samples
    seen = metrics.likelihood_data(model, part)
    return -batches.batched(
        lambda x, y: model.log_likelihood(x, y, samples=samples), seen, model.device, batch=256
    )


def probe(
    model: GenModel,
    train: Split,
    own: Split,
    foreign: Split,
    nll_samples: int = 100,
    detectors: tuple[str, ...] = DETECTORS,
) -> Probe:
    """Score the model's own test images and the foreign ones with each detector it has (the
    likelihood needs a VAE). `train` is the model's training split (or a part of it): the kNN
    detector's reference latents and PCA's fit."""
    if not model.can.encode or model.can.latent != "vector" or model.can.conditional:
        raise GenvizError(
            "the out-of-distribution probe needs an unconditional model with a latent vector "
            "(a foreign image has no class of the model's); pick an autoencoder or a VAE.",
            "ood_needs_encoder",
        )
    if foreign.image_shape != own.image_shape:
        raise GenvizError(
            f"{foreign.name} images are {foreign.image_shape[1]}x{foreign.image_shape[2]}, the "
            f"model's {own.image_shape[1]}x{own.image_shape[2]}; pick a dataset of the same size.",
            "ood_shape",
            foreign=foreign.name,
        )
    model.eval()
    own_s, foreign_s = {}, {}
    own_z, foreign_z = batches.embed(model, own), batches.embed(model, foreign)
    if "recon" in detectors:
        own_s["recon"] = metrics.reconstruction_errors(model, own)
        foreign_s["recon"] = metrics.reconstruction_errors(model, foreign)
    if "nll" in detectors and model.can.likelihood:
        own_s["nll"] = negative_log_likelihood(model, own, nll_samples)
        foreign_s["nll"] = negative_log_likelihood(model, foreign, nll_samples)
    if "knn" in detectors:
        train_z = batches.embed(model, train)
        own_s["knn"] = kth_neighbour_distance(train_z, own_z)
        foreign_s["knn"] = kth_neighbour_distance(train_z, foreign_z)
    if "pca" in detectors:
        pca = PCA(PCA_K).fit(train.floats())
        for scores, part in ((own_s, own), (foreign_s, foreign)):
            x = part.floats()
            scores["pca"] = metrics.per_image_mse(pca.reconstruct(x), x)
    return Probe(own_s, foreign_s, own_z, foreign_z)


def map_coords(own_z: torch.Tensor, foreign_z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Both sets of latents in 2-D by one map: the latents themselves when there are two
    numbers, else their first two principal components fitted on the model's own images (a
    fixed linear map, so the foreign images land where the model puts them; t-SNE and UMAP
    would re-arrange everything around the newcomers)."""
    if own_z.shape[1] <= 2:
        return own_z, foreign_z
    pca = PCA(2).fit(own_z)
    return pca.transform(own_z), pca.transform(foreign_z)
