"""Exact PCA in torch (float64 eigendecomposition of the covariance): the linear baseline an
autoencoder is compared with, and the fastest projection of a latent space."""

from __future__ import annotations

import torch

from genviz.errors import GenvizError


class PCA:
    """`PCA(k).fit(x)` on (N, D) rows; components are sorted by explained variance and
    their signs fixed (largest entry positive), so a fit is deterministic."""

    def __init__(self, k: int):
        if k < 1:
            raise GenvizError("PCA needs at least one component.")
        self.k = k

    def fit(self, x: torch.Tensor) -> PCA:
        x = x.flatten(1).double()  # (N, ...) -> (N, D)
        if self.k > min(x.shape):
            raise GenvizError(
                f"PCA with {self.k} components needs at least {self.k} points of "
                f"{self.k} dimensions; this data is {tuple(x.shape)}."
            )
        self.mean = x.mean(0)
        centred = x - self.mean
        vals, vecs = torch.linalg.eigh(centred.T @ centred / max(len(x) - 1, 1))
        order = vals.argsort(descending=True)[: self.k]
        vecs = vecs[:, order]  # (D, k)
        signs = vecs.gather(0, vecs.abs().argmax(0, keepdim=True)).sign()
        self.components = (vecs * signs).T.contiguous()  # (k, D)
        self.explained_variance = vals[order].clamp(min=0)
        self.explained_ratio = self.explained_variance / vals.clamp(min=0).sum().clamp(min=1e-12)
        return self

    def transform(self, x: torch.Tensor) -> torch.Tensor:
        return ((x.flatten(1).double() - self.mean) @ self.components.T).float()  # (N, k)

    def inverse_transform(self, z: torch.Tensor) -> torch.Tensor:
        return (z.double() @ self.components + self.mean).float()  # (N, k) -> (N, D)

    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        """x projected onto the k components and back, in x's shape."""
        return self.inverse_transform(self.transform(x)).reshape(x.shape)


def reconstruction_curve(train, test, ks) -> list[float]:
    """Test MSE of PCA reconstructions with k components fitted on train, for each k: the
    best linear code of each size, an autoencoder's rival."""
    x_train, x_test = train.floats(), test.floats()
    top = PCA(max(ks)).fit(x_train)
    out = []
    for k in ks:
        part = PCA(k)
        part.mean, part.components = top.mean, top.components[:k]
        out.append(float((part.reconstruct(x_test) - x_test).square().flatten(1).mean(1).mean()))
    return out


class Denoiser:
    """PCA as a denoiser, beside the autoencoders: an image projected onto the k components
    (fitted on clean images) and back, clipped to [0, 1]. It has what genviz.analysis
    .denoising asks of a model: `reconstruct` and `device`."""

    device = torch.device("cpu")

    def __init__(self, pca: PCA):
        self.pca = pca

    def reconstruct(self, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        return self.pca.reconstruct(x.cpu()).clamp(0, 1)


def principal_cosines(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The cosines of the principal angles between the spans of the rows of a (k, D) and
    b (m, D), largest first: all 1 when one span holds the other."""
    qa = torch.linalg.qr(a.double().T).Q  # (D, k) orthonormal
    qb = torch.linalg.qr(b.double().T).Q
    return torch.linalg.svdvals(qa.T @ qb).clamp(max=1.0).float()


def uncorrelated_not_independent(scores: torch.Tensor) -> tuple[float, float]:
    """For the first two principal scores (N, 2): their correlation (0 by construction) and
    the correlation of their squares (not 0 when they depend on each other): PCA's axes are
    uncorrelated, which is less than independent."""
    s = scores.double()

    def corr(u, v):
        u, v = u - u.mean(), v - v.mean()
        return float((u * v).sum() / (u.norm() * v.norm()).clamp(min=1e-12))

    return corr(s[:, 0], s[:, 1]), corr(s[:, 0] ** 2, s[:, 1] ** 2)
