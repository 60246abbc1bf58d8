"""Instruments inside the models: what the course explains, measured on a real model.

- The VAE's posterior q(z|x) = N(mu, sigma^2): its mean and spread per image, draws from it,
  the reparameterization z = mu + sigma * eps, the KL per latent dimension and the active
  units (Burda et al. 2015: dimensions whose Cov_x(E_q[z_d]) > 0.01), and whether the
  posterior has collapsed.
- The VQ-VAE's nearest-code assignment: each cell's distance to every code, the nearest and
  the runner-up with its margin, and the codebook in 2-D among the encoder outputs.
- The GAN's discriminator: its score D(x) on real images and D(G(z)) on generated ones.
- Sharpness (mean squared gradient), to put a number on "VAE samples are blurry".
- What training records after each epoch (`epoch_report`, the hook the workflow hands to
  genviz.train.fit): a VAE's active units and KL per dimension, a VQ model's codes in use.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from genviz.analysis.batches import batched, map_batches
from genviz.analysis.codes import code_counts
from genviz.analysis.generate import samples
from genviz.analysis.pca import PCA
from genviz.data import Split
from genviz.errors import GenvizError
from genviz.models import GenModel

ACTIVE = 0.01  # Burda et al. 2015's threshold on Cov_x(E_q[z_d])
COLLAPSED = 0.5  # the posterior has collapsed when fewer than this share of dimensions is active


def _need(model: GenModel, what: str, ok: bool) -> None:
    if not ok:
        raise GenvizError(
            f"this view needs a {what}; pick another model.", "inside_needs", what=what
        )


# -- the VAE's posterior ---------------------------------------------------------------------


@torch.no_grad()
def posterior(model: GenModel, x: torch.Tensor, y=None) -> tuple[torch.Tensor, torch.Tensor]:
    """The posterior's mean and standard deviation for a batch of images: 2 x (B, D)."""
    _need(model, "VAE", model.can.likelihood)
    model.eval()
    dev = model.device
    mu, logvar = model.posterior(x.to(dev), None if y is None else y.to(dev))
    return mu.float().cpu(), (0.5 * logvar.float()).exp().cpu()


@torch.no_grad()
def reparameterize(model: GenModel, x: torch.Tensor, eps: torch.Tensor, y=None):
    """z = mu + sigma * eps for one image and each row of eps (K, D), and what the decoder
    makes of each: (z (K, D), images (K, C, H, W))."""
    mu, sigma = posterior(model, x[:1], None if y is None else y[:1])
    z = mu + sigma * eps
    dev = model.device
    labels = None if y is None else y[:1].repeat(len(z)).to(dev)
    return z, model.decode(z.to(dev), labels).float().cpu()


def reparameterized(model: GenModel, x: torch.Tensor, eps: torch.Tensor, dims, y=None):
    """For one image and one eps (1, D): a row (d, mu, sigma, z) for each of `dims`, and the
    image decoded from z = mu + sigma * eps."""
    z, image = reparameterize(model, x, eps, y)
    mu, sigma = posterior(model, x[:1], None if y is None else y[:1])
    rows = [
        {"d": int(d), "mu": mu[0, d].item(), "sigma": sigma[0, d].item(), "z": z[0, d].item()}
        for d in dims
    ]
    return rows, image


def posterior_draws(model: GenModel, x: torch.Tensor, n: int, seed: int = 0, y=None):
    """n draws z ~ q(z|x) for one image, decoded: (z (n, D), images (n, C, H, W))."""
    eps = torch.randn(n, model.config.latent_dim, generator=torch.Generator().manual_seed(seed))
    return reparameterize(model, x, eps, y)


@dataclass
class Health:
    kl: torch.Tensor  # (D,) mean KL of each latent dimension over the images, nats
    activity: torch.Tensor  # (D,) Cov_x(E_q[z_d]), the variance of each mean over the images
    threshold: float = ACTIVE

    @property
    def active(self) -> torch.Tensor:
        return self.activity > self.threshold

    @property
    def active_units(self) -> int:
        return int(self.active.sum())

    @property
    def collapsed(self) -> bool:
        return self.active_units < COLLAPSED * len(self.activity)


@torch.no_grad()
def health(model: GenModel, part: Split) -> Health:
    """The KL per latent dimension and the active units of a VAE on a split."""
    _need(model, "VAE", model.can.likelihood)
    model.eval()
    mus, kls = [], []
    for start in range(0, len(part), 512):
        chunk = part.take(slice(start, start + 512))
        mu, sigma = posterior(model, chunk.floats(), chunk.labels)
        var = sigma.square()
        kls.append(0.5 * (mu.square() + var - var.log() - 1))  # KL(N(mu, var) || N(0, 1))
        mus.append(mu)
    mu = torch.cat(mus)
    return Health(torch.cat(kls).mean(0), mu.var(0, unbiased=False))


# -- the VQ-VAE's nearest code ----------------------------------------------------------------


@torch.no_grad()
def encoder_outputs(model: GenModel, x: torch.Tensor) -> torch.Tensor:
    """The encoder's output z_e at every cell, before quantisation: (B, h, w, D)."""
    _need(model, "VQ-VAE", model.can.codebook)
    model.eval()
    return model.encoder(x.to(model.device)).float().permute(0, 2, 3, 1).cpu()


@dataclass
class Assignment:
    distances: torch.Tensor  # (K,) distance of the cell's z_e to every code
    nearest: int
    runner_up: int

    @property
    def margin(self) -> float:
        """How much nearer the chosen code is than the next: a small margin is a close call."""
        return float(self.distances[self.runner_up] - self.distances[self.nearest])


def assignment(model: GenModel, x: torch.Tensor, row: int, col: int) -> Assignment:
    """One cell of one image: its distance to every code, the nearest and the runner-up."""
    z = encoder_outputs(model, x[:1])[0, row, col]
    d = torch.cdist(z[None], model.codebook.detach().float().cpu())[0]
    first, second = d.topk(2, largest=False).indices.tolist()
    return Assignment(d, first, second)


def margins(model: GenModel, part: Split) -> torch.Tensor:
    """The margin of every cell of every image in the split (runner-up minus nearest): (N*h*w,)."""
    codes = model.codebook.detach().float().cpu()
    out = []
    for start in range(0, len(part), 256):
        z = encoder_outputs(model, part.take(slice(start, start + 256)).floats())
        d = torch.cdist(z.reshape(-1, z.shape[-1]), codes)
        two = d.topk(2, largest=False).values
        out.append(two[:, 1] - two[:, 0])
    return torch.cat(out)


@dataclass
class CodebookMap:
    codes: torch.Tensor  # (K, 2) the code vectors by the first two principal components
    cells: torch.Tensor  # (M, 2) a sample of encoder outputs, by the same map
    labels: torch.Tensor  # (M,) the class of each cell's image
    use: torch.Tensor  # (K,) how many of the split's cells each code takes

    @property
    def dead(self) -> torch.Tensor:
        return self.use == 0


def codebook_map(model: GenModel, part: Split, cells: int = 4000, seed: int = 0) -> CodebookMap:
    """The codebook in 2-D (PCA of the code vectors), with a sample of the split's encoder
    outputs placed by the same map and coloured by their image's class."""
    codes = model.codebook.detach().float().cpu()
    z = torch.cat(
        [
            encoder_outputs(model, part.take(slice(s, s + 256)).floats())
            for s in range(0, len(part), 256)
        ]
    )
    per_image = z.shape[1] * z.shape[2]
    flat = z.reshape(-1, z.shape[-1])
    labels = part.labels.repeat_interleave(per_image)
    use = torch.bincount(torch.cdist(flat, codes).argmin(1), minlength=len(codes))
    pick = torch.randperm(len(flat), generator=torch.Generator().manual_seed(seed))[:cells]
    pca = PCA(2).fit(codes)
    return CodebookMap(pca.transform(codes), pca.transform(flat[pick]), labels[pick], use)


# -- the discriminator's view -----------------------------------------------------------------


@dataclass
class DiscriminatorScores:
    real: torch.Tensor  # (N,) D(x) on real test images, as probabilities
    fake: torch.Tensor  # (M,) D(G(z)) on generated images
    images: torch.Tensor  # (M, C, H, W) the generated images, in the order of `fake`
    asked: torch.Tensor | None  # (M,) the classes asked for, for a conditional GAN


@torch.no_grad()
def discriminator_scores(
    model: GenModel, part: Split, n: int = 1000, seed: int = 0
) -> DiscriminatorScores:
    """The discriminator's score for real test images and for n generated ones."""
    _need(model, "GAN", hasattr(model, "discriminate"))
    model.eval()
    dev = model.device

    def score(x, y):
        return torch.sigmoid(model.discriminate(x, y if model.can.conditional else None).float())

    real = batched(score, part, dev)
    fake_images, asked = samples(model, n, seed)
    labels = asked if asked is not None else torch.zeros(n, dtype=torch.long)
    fake = map_batches(score, fake_images, labels, device=dev)
    return DiscriminatorScores(real, fake, fake_images, asked)


# -- sharpness ---------------------------------------------------------------------------------


def sharpness(images: torch.Tensor) -> float:
    """Mean squared gradient magnitude of a batch of images (finite differences, pixels in
    [0, 1]; the Tenengrad focus measure). Squared, so that one sharp edge outscores a ramp of
    the same height: a blur spreads an edge into many small steps."""
    x = images.float()
    dx = x[..., :, 1:] - x[..., :, :-1]
    dy = x[..., 1:, :] - x[..., :-1, :]
    return float((dx[..., :-1, :].square() + dy[..., :, :-1].square()).mean())


# -- after each epoch of training --------------------------------------------------------------

EPOCH_IMAGES = 2000  # held-out images each epoch's insides are measured on


def epoch_report(model: GenModel, val: Split) -> dict:
    """Figures of a model's insides after an epoch, measured on up to EPOCH_IMAGES held-out
    images, for the epoch's row of the history: a VAE's active units and the KL of each
    latent dimension; a VQ model's codes in use (per level) and codes restarted since the
    last report (reading the count resets it). {} for a family with no such figures."""
    part = val.take(min(EPOCH_IMAGES, len(val)))
    if model.can.likelihood:
        found = health(model, part)
        return {"active_units": found.active_units, "kl_dims": found.kl.tolist()}
    if model.can.codebook:
        used = int((code_counts(model, part) > 0).sum())
        return {"codes_used": used, "restarts": model.quantizer.take_restarted()}
    if model.can.hierarchy:
        out = {}
        for level in model.quantizers:
            out[f"codes_used_{level}"] = int((code_counts(model, part, level=level) > 0).sum())
            out[f"restarts_{level}"] = model.quantizers[level].take_restarted()
        return out
    return {}
