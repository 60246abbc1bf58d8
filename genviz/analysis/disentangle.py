"""How well a model's latents hold each known factor of variation (the `shapes` set's shape,
colour, scale, rotation and position): the mutual information between every latent dimension
and every factor, the mutual information gap (MIG: Chen et al. 2018, arXiv:1802.04942) and, for
each factor, a linear probe's test accuracy from the latents beside chance.

MIG asks for one dimension per factor: for each factor, the gap between the information the
best dimension and the second best hold about it, as a share of the factor's entropy, averaged
over the factors. 1: each factor sits in one dimension alone; 0: spread or shared.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import torch

from genviz.analysis.batches import embed
from genviz.errors import GenvizError
from genviz.models import GenModel
from genviz.split import Split

BINS = 20  # each latent dimension is cut into this many equal-width bins


@dataclass
class Disentanglement:
    factor_names: tuple[str, ...]
    information: np.ndarray  # (D, F) mutual information of each dimension with each factor, nats
    entropy: np.ndarray  # (F,) each factor's entropy, nats
    probe: np.ndarray  # (F,) a linear probe's test accuracy on each factor
    chance: np.ndarray  # (F,) the most common value's share of the test images

    @property
    def gaps(self) -> np.ndarray:
        """(F,) for each factor the best dimension's lead over the next, as a share of the
        factor's entropy."""
        top = np.sort(self.information, axis=0)[::-1]  # (D, F), the best first
        second = top[1] if len(top) > 1 else np.zeros_like(top[0])
        return (top[0] - second) / np.maximum(self.entropy, 1e-12)

    @property
    def mig(self) -> float:
        return float(self.gaps.mean())

    def holder(self, dim: int) -> tuple[int, float]:
        """The factor a latent dimension holds most about, and that share of its entropy."""
        share = self.information[dim] / np.maximum(self.entropy, 1e-12)
        return int(share.argmax()), float(share.max())


def _discrete(x: np.ndarray, bins: int = BINS) -> np.ndarray:
    """Each column cut into `bins` equal-width bins: (N, D) floats -> (N, D) ints."""
    lo, hi = x.min(0), x.max(0)
    edges = (x - lo) / np.maximum(hi - lo, 1e-12)
    return np.minimum((edges * bins).astype(np.int64), bins - 1)


def _information(a: np.ndarray, b: np.ndarray) -> float:
    """The mutual information of two discrete variables (N,) in nats."""
    joint = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(joint, (a, b), 1)
    joint /= joint.sum()
    pa, pb = joint.sum(1, keepdims=True), joint.sum(0, keepdims=True)
    nz = joint > 0
    return float((joint[nz] * np.log(joint[nz] / (pa @ pb)[nz])).sum())


def _entropy(a: np.ndarray) -> float:
    p = np.bincount(a) / len(a)
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


def score(latents_train, factors_train, latents_test, factors_test, names) -> Disentanglement:
    """MIG and linear probes of latents (N, D) against integer factors (N, F)."""
    z, f = np.asarray(latents_test, np.float64), np.asarray(factors_test)
    codes = _discrete(z)
    info = np.array([[_information(codes[:, d], f[:, k]) for k in range(f.shape[1])]
                     for d in range(z.shape[1])])  # fmt: skip
    entropy = np.array([_entropy(f[:, k]) for k in range(f.shape[1])])
    from sklearn.exceptions import ConvergenceWarning  # scikit-learn on first use: a second
    from sklearn.linear_model import LogisticRegression

    zt, ft = np.asarray(latents_train, np.float64), np.asarray(factors_train)
    mean, std = zt.mean(0), zt.std(0) + 1e-6
    probe, chance = [], []
    for k in range(f.shape[1]):
        with warnings.catch_warnings():  # a probe stopped at 300 steps still scores what it is
            warnings.simplefilter("ignore", ConvergenceWarning)
            fitted = LogisticRegression(max_iter=300).fit((zt - mean) / std, ft[:, k])
        probe.append(float((fitted.predict((z - mean) / std) == f[:, k]).mean()))
        chance.append(float(np.bincount(f[:, k]).max() / len(f)))
    return Disentanglement(tuple(names), info, entropy, np.array(probe), np.array(chance))


def measure(model: GenModel, train: Split, test: Split, n_train: int = 5000) -> Disentanglement:
    """A model's latents (features) scored on a dataset's known factors."""
    if train.factors is None or test.factors is None:
        raise GenvizError(
            "disentanglement needs a dataset whose factors are known; pick shapes.",
            "no_factors",
        )
    model.eval()
    pick = torch.randperm(len(train), generator=torch.Generator().manual_seed(0))[:n_train]
    part = train.take(pick.sort().values)  # the set is stored in factor order: draw across it
    with torch.no_grad():
        z_train, z_test = embed(model, part), embed(model, test)
    return score(z_train, part.factors, z_test, test.factors, test.factor_names)
