"""Variational autoencoder (Kingma & Welling 2014, arXiv:1312.6114) and beta-VAE
(Higgins et al. 2017, ICLR): a Gaussian posterior, a N(0, I) prior, and a KL weight beta."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import torch

from genviz.data import binarize
from genviz.models.base import Capabilities, GenModel, ModelConfig
from genviz.models.nets import (
    ACTIVATIONS,
    ARCHES,
    Decoder,
    Encoder,
    bce_with_logits,
    check_arch,
    describe_encoder,
)

LOG_2PI = math.log(2 * math.pi)


@dataclass
class VAEConfig(ModelConfig):
    latent_dim: int = 20
    arch: str = "mlp"  # "mlp", "conv" or "course-conv" (see the autoencoder's)
    hidden: tuple[int, ...] = (400,)  # MLP widths, encoder order: 784-400-20 as in the paper
    channels: tuple[int, ...] = (32, 64)  # conv channels, encoder order
    activation: str = "leaky_relu"  # of the hidden layers: "leaky_relu" (0.2), "relu", "linear"
    batch_norm: bool = False  # batch norm after each hidden layer (each conv but the first)
    beta: float = 1.0  # weight of the KL term; beta > 1 is a beta-VAE
    likelihood: str = "bernoulli"  # "bernoulli" (BCE) or "gaussian" (squared error)
    binarize: bool = False  # train on dynamically binarized images, as the NLL literature does

    choices: ClassVar = {
        "arch": ARCHES,
        "likelihood": ("bernoulli", "gaussian"),
        "activation": ACTIVATIONS,
    }
    main: ClassVar = (
        "latent_dim",
        "beta",
        "arch",
        "hidden",
        "channels",
        "likelihood",
        "activation",
    )

    may_be_empty: ClassVar = ("hidden", "channels")  # check_arch asks for what the arch needs

    def __post_init__(self):
        super().__post_init__()
        check_arch(self)


class VAE(GenModel):
    kind = "vae"
    Config = VAEConfig
    caps = Capabilities(latent_prior=True, likelihood=True)

    def __init__(self, config: VAEConfig):
        super().__init__(config)
        cond = config.num_classes if self.can.conditional else 0
        self.encoder = Encoder(config, 2 * config.latent_dim, cond_dim=cond)
        self.decoder = Decoder(config, config.latent_dim + cond)

    @classmethod
    def describe(cls, config):
        return describe_encoder(config)

    def condition(self, y):
        """The label as the networks see it: nothing here, a one-hot vector in the cVAE."""
        return None

    def parts(self):
        y = torch.zeros(2, dtype=torch.long, device=self.device)
        c = self.condition(y) if self.can.conditional else None
        z = torch.zeros(2, self.config.latent_dim, device=self.device)
        z = z if c is None else torch.cat([z, c], 1)
        inputs = [self._example()] + ([] if c is None else [c])
        return {"encoder": (self.encoder, inputs), "decoder": (self.decoder, [z])}

    def posterior(self, x, y=None):
        mu, logvar = self.encoder(x, self.condition(y)).chunk(2, dim=1)  # (B, 2D) -> 2 x (B, D)
        return mu, logvar

    def encode(self, x, y=None):
        return self.posterior(x, y)[0]  # the posterior mean

    def decode_logits(self, z, y=None):
        c = self.condition(y)
        return self.decoder(z if c is None else torch.cat([z, c], 1))

    def decode(self, z, y=None):
        return torch.sigmoid(self.decode_logits(z, y))

    def log_px(self, logits, x):
        """log p(x | z) summed over pixels: (B, C, H, W) -> (B,)."""
        if self.config.likelihood == "bernoulli":
            return -bce_with_logits(logits, x)
        # squared error: a Gaussian with variance 1/2, its constant dropped
        return -(torch.sigmoid(logits) - x).square().flatten(1).sum(1)

    def loss(self, x, y=None):
        if self.config.binarize:
            x = binarize(x)
        mu, logvar = self.posterior(x, y)
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()  # reparameterization trick
        recon = -self.log_px(self.decode_logits(z, y), x).mean()  # sum over pixels, mean over batch
        kl = -0.5 * (1 + logvar - mu.square() - logvar.exp()).sum(1).mean()  # paper, appendix B
        beta_kl = self.config.beta * kl
        return recon + beta_kl, {"recon": recon, "kl": kl, "beta_kl": beta_kl}

    @torch.no_grad()
    def log_likelihood(self, x, y=None, samples: int = 1000, chunk: int = 250):
        """Importance-sampled log p(x) with `samples` draws from q(z|x) (Burda et al. 2015,
        eq. 8): (B, C, H, W) -> (B,), in nats. Only a true likelihood for binary images and
        the Bernoulli decoder."""
        mu, logvar = self.posterior(x, y)
        std = (0.5 * logvar).exp()
        log_w = []
        for start in range(0, samples, chunk):
            k = min(chunk, samples - start)
            eps = torch.randn(k, *mu.shape, device=mu.device)  # (K, B, D)
            z = mu + eps * std
            log_q = (-0.5 * (eps.square() + logvar + LOG_2PI)).sum(-1)
            log_p = (-0.5 * (z.square() + LOG_2PI)).sum(-1)
            yk = None if y is None else y.repeat(k)
            logits = self.decode_logits(z.flatten(0, 1), yk)  # (K*B, D) -> (K*B, C, H, W)
            log_px = self.log_px(logits, x.repeat(k, 1, 1, 1)).view(k, -1)
            log_w.append(log_px + log_p - log_q)
        return torch.logsumexp(torch.cat(log_w), 0) - math.log(samples)

    @torch.no_grad()
    def elbo(self, x, y=None):
        """Per-image evidence lower bound with one posterior sample, in nats: -> (B,)."""
        mu, logvar = self.posterior(x, y)
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
        kl = -0.5 * (1 + logvar - mu.square() - logvar.exp()).sum(1)
        return self.log_px(self.decode_logits(z, y), x) - kl
