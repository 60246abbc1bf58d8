"""VQ-VAE (van den Oord, Vinyals & Kavukcuoglu 2017, arXiv:1711.00937): a grid of discrete
codes from a learned codebook, straight-through gradients, EMA codebook updates (appendix A.1),
k-means initialisation and restarts of dead codes from encoder outputs."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from genviz import distributed
from genviz.models.base import Capabilities, GenModel, ModelConfig
from genviz.models.nets import Residual, act, down, spatial_sizes, up


@dataclass
class VQVAEConfig(ModelConfig):
    codebook_size: int = 128  # K, the number of codes
    code_dim: int = 16  # D, the length of each code vector
    hidden: int = 64  # conv channels
    downsample: int = 0  # stride-2 steps; 0: the most that keep the grid >= 4x4 (28 -> 7, 8 -> 4)
    commitment_weight: float = 0.25  # beta in the paper's loss
    ema: bool = True  # codebook moved by moving averages (else by the codebook loss)
    decay: float = 0.99  # EMA decay
    dead_after: int = 50  # steps a code may go unused before it is re-seeded
    kmeans_init: bool = True  # first batch: codebook from k-means on encoder outputs

    bounds: ClassVar = {"decay": (0.0, 0.9999)}
    main: ClassVar = ("codebook_size", "code_dim", "hidden", "commitment_weight")

    def __post_init__(self):
        if self.downsample == 0:
            size = min(self.image_shape[1:])
            while size >= 8 and math.ceil(size / 2) >= 4 and self.downsample < 3:
                size, self.downsample = math.ceil(size / 2), self.downsample + 1
            self.downsample = max(self.downsample, 1)
        super().__post_init__()


class Quantizer(nn.Module):
    """Nearest-code lookup with EMA updates and dead-code restarts (in float32 always)."""

    def __init__(self, config: VQVAEConfig):
        super().__init__()
        self.config = config
        k, d = config.codebook_size, config.code_dim
        self.codebook = nn.Parameter(torch.randn(k, d) / math.sqrt(d), requires_grad=not config.ema)
        self.register_buffer("ema_count", torch.ones(k))
        self.register_buffer("ema_sum", self.codebook.detach().clone())
        self.register_buffer("idle_steps", torch.zeros(k, dtype=torch.long))
        self.register_buffer("initialised", torch.tensor(not config.kmeans_init))
        # codes re-seeded since `take_restarted` last read it; a device tensor, so counting
        # never syncs
        self.register_buffer("restarted", torch.zeros((), dtype=torch.long), persistent=False)
        self._init_checked = False  # reading the buffer syncs a GPU: do it until it is True

    def take_restarted(self) -> int:
        """Codes re-seeded since the last call (reading the count resets it)."""
        found = int(self.restarted)
        self.restarted.zero_()
        return found

    def _needs_init(self) -> bool:
        if not self._init_checked:
            self._init_checked = bool(self.initialised)
            return not self._init_checked
        return False

    def nearest(self, flat):
        e = self.codebook.float()
        dist = flat.square().sum(1, keepdim=True) - 2 * flat @ e.T + e.square().sum(1)  # (N, K)
        return dist.argmin(1)

    def forward(self, z):
        b, d, h, w = z.shape
        with torch.autocast(z.device.type, enabled=False):
            flat = z.float().permute(0, 2, 3, 1).reshape(-1, d)  # (B, D, h, w) -> (B*h*w, D)
            if self.training and self._needs_init():
                self._kmeans_init(flat.detach())
            idx = self.nearest(flat)
            q = self.codebook.float()[idx]
            logs = {"commit": F.mse_loss(flat, q.detach())}
            if not self.config.ema:
                logs["codebook"] = F.mse_loss(q, flat.detach())
            if self.training:
                if self.config.ema:
                    self._ema_update(flat.detach(), idx)
                self._restart_dead(flat.detach(), idx)
            q = q.view(b, h, w, d).permute(0, 3, 1, 2)  # (B*h*w, D) -> (B, D, h, w)
        q = z + (q - z).detach()  # straight-through estimator
        return q, idx.view(b, h, w), logs

    @torch.no_grad()
    def _kmeans_init(self, flat, iters: int = 10):
        k = self.config.codebook_size
        pick = torch.randint(len(flat), (k,), device=flat.device)
        centres = flat[pick] + 1e-3 * torch.randn(k, flat.shape[1], device=flat.device)
        for _ in range(iters):  # Lloyd's algorithm; empty clusters keep their centre
            assign = torch.cdist(flat, centres).argmin(1)
            sums = torch.zeros_like(centres).index_add_(0, assign, flat)
            counts = torch.bincount(assign, minlength=k).float()
            centres = torch.where(counts[:, None] > 0, sums / counts.clamp(min=1)[:, None], centres)
        distributed.from_first(centres)  # under torchrun, every rank starts from rank 0's
        self.codebook.data.copy_(centres)
        self.ema_sum.copy_(centres)
        self.ema_count.fill_(1.0)
        self.initialised.fill_(True)

    @torch.no_grad()
    def _ema_update(self, flat, idx):
        k, decay = self.config.codebook_size, self.config.decay
        counts = torch.bincount(idx, minlength=k).float()
        sums = torch.zeros(k, flat.shape[1], device=flat.device).index_add_(0, idx, flat)
        distributed.all_sum(counts, sums)  # the whole batch's statistics, on every rank
        self.ema_count.mul_(decay).add_(counts, alpha=1 - decay)
        self.ema_sum.mul_(decay).add_(sums, alpha=1 - decay)
        n = self.ema_count.sum()
        smoothed = (self.ema_count + 1e-5) / (n + k * 1e-5) * n  # Laplace smoothing
        self.codebook.data.copy_(self.ema_sum / smoothed[:, None])

    @torch.no_grad()
    def _restart_dead(self, flat, idx):
        counts = torch.bincount(idx, minlength=self.config.codebook_size)
        distributed.all_sum(counts)
        self.idle_steps.add_(1).masked_fill_(counts > 0, 0)
        dead = (self.idle_steps >= self.config.dead_after)[:, None]  # (K, 1)
        # branch-free, so the GPU never waits on the host: re-seed dead codes from random outputs
        seeds = flat[torch.randint(len(flat), (len(dead),), device=flat.device)]
        distributed.from_first(seeds)
        self.codebook.data.copy_(torch.where(dead, seeds, self.codebook.data))
        self.ema_sum.copy_(torch.where(dead, seeds, self.ema_sum))
        self.ema_count.copy_(torch.where(dead[:, 0], 1.0, self.ema_count))
        self.idle_steps.masked_fill_(dead[:, 0], 0)
        self.restarted.add_(dead.sum())


class VQVAE(GenModel):
    kind = "vqvae"
    Config = VQVAEConfig
    # sampling needs a prior over the codes: train a pixelcnn on this model
    caps = Capabilities(sample=False, latent="grid", codebook=True)
    default_lr = 2e-3
    # with the sigmoid output it once had, bf16 collapsed it within an epoch on MNIST; the
    # nearest-code search and EMA are float32 anyway, so the gain from bf16 is small
    bf16_ok = False

    def __init__(self, config: VQVAEConfig):
        super().__init__(config)
        c, hid, steps = config.image_shape[0], config.hidden, config.downsample
        hs = spatial_sizes(config.image_shape[1], steps)
        ws = spatial_sizes(config.image_shape[2], steps)
        self.grid = (hs[-1], ws[-1])
        enc: list[nn.Module] = []
        for i in range(steps):
            enc += [down(c if i == 0 else hid, hid), act()]
        self.encoder = nn.Sequential(
            *enc, Residual(hid), Residual(hid), act(), nn.Conv2d(hid, config.code_dim, 1)
        )
        dec: list[nn.Module] = [nn.Conv2d(config.code_dim, hid, 3, padding=1)]
        dec += [Residual(hid), Residual(hid), act()]
        for i in range(steps):
            target = (hs[steps - 1 - i], ws[steps - 1 - i])
            last = i == steps - 1
            dec += [up(hid, c if last else hid, target)] + ([] if last else [act()])
        self.decoder = nn.Sequential(*dec)
        self.quantizer = Quantizer(config)

    @classmethod
    def describe(cls, config):
        return [f"{config.get('codebook_size')} codes"]

    @property
    def latent_shape(self):
        return self.grid

    def parts(self):
        q = torch.zeros(2, self.config.code_dim, *self.grid, device=self.device)
        return {"encoder": (self.encoder, [self._example()]), "decoder": (self.decoder, [q])}

    @property
    def codebook(self) -> torch.Tensor:
        return self.quantizer.codebook

    def encode(self, x, y=None):
        return self.quantizer(self.encoder(x))[1]  # (B, C, H, W) -> (B, h, w) code indices

    # The decoder's output is linear, trained by squared error as in the paper, and clipped to
    # [0, 1] for display. A sigmoid there saturated on MNIST: with no normalisation, the
    # residual decoder's pre-activations reached -90 within 100 steps, the gradient vanished
    # and every image decoded black (MSE stuck at 0.114).
    def decode(self, codes, y=None):
        q = self.codebook[codes].permute(0, 3, 1, 2)  # (B, h, w) -> (B, D, h, w)
        return self.decoder(q).clamp(0, 1)

    def reconstruct(self, x, y=None):
        return self.decoder(self.quantizer(self.encoder(x))[0]).clamp(0, 1)

    def features(self, x, y=None):
        return self.quantizer(self.encoder(x))[0].flatten(1).float()  # (B, D*h*w)

    def loss(self, x, y=None):
        q, idx, logs = self.quantizer(self.encoder(x))
        mse = F.mse_loss(self.decoder(q), x)
        loss = mse + self.config.commitment_weight * logs["commit"] + logs.get("codebook", 0)
        probs = torch.bincount(idx.flatten(), minlength=self.config.codebook_size) / idx.numel()
        perplexity = torch.exp(-(probs * probs.clamp(min=1e-10).log()).sum())
        return loss, {"mse": mse, **logs, "perplexity": perplexity}
